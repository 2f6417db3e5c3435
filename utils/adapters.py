"""The fine-tuned adapter on disk (notebook 4, reused in notebook 5): save, load, fingerprint, size.

An adapter only makes sense on the weights it was trained against, so it is saved with a manifest
that records a fingerprint of its base model, and loading it into another base is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from utils.ft_data import FT_SYSTEM
from utils.settings import results_dir

# The adapter is saved under utils.settings.results_dir(); notebook 5 reloads it from there.
ADAPTER_SUBDIR = "adapters/ft"
ADAPTER_MANIFEST = "course_adapter.json"


class AdapterMismatchError(ValueError):
    """An adapter was trained on another base model than the one it is loaded into."""


def adapter_dir(root: str | Path | None = None) -> Path:
    """Where the course's fine-tuned adapter is saved: ``<results>/adapters/ft``."""
    return Path(root or results_dir()) / ADAPTER_SUBDIR


def base_fingerprint(model) -> dict:
    """What identifies a base model: its shape and a hash of some of its embedding weights.

    The hash is taken after rounding to bf16, so the same model loaded in fp32 or in bf16 matches.
    """
    import hashlib

    import torch

    config = model.config
    embed = model.get_input_embeddings().weight[:64].detach().to(torch.bfloat16).float().cpu()
    return {
        "model_type": config.model_type,
        "hidden_size": config.hidden_size,
        "num_hidden_layers": config.num_hidden_layers,
        "vocab_size": config.vocab_size,
        "embedding_sha256": hashlib.sha256(embed.numpy().tobytes()).hexdigest()[:16],
    }


def save_adapter(peft_model, path: str | Path, extra: Mapping | None = None) -> Path:
    """Save the LoRA adapter (peft's files) plus a manifest recording its base model (notebook 4)."""
    import json

    path = Path(path)
    peft_model.save_pretrained(path)
    manifest = {
        "base_model": getattr(peft_model.get_base_model(), "name_or_path", None),
        "base_fingerprint": base_fingerprint(peft_model.get_base_model()),
        "system_prompt": FT_SYSTEM,
        **dict(extra or {}),
    }
    (path / ADAPTER_MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return path


def load_adapter(base_model, path: str | Path):
    """Put the adapter saved in ``path`` on ``base_model``; refuse one made for another base.

    Introduced in notebook 4, used in notebook 5. Returns the peft model in eval mode.
    """
    import json

    from peft import PeftModel

    path = Path(path)
    manifest_file = path / ADAPTER_MANIFEST
    if not manifest_file.is_file():
        raise FileNotFoundError(
            f"No fine-tuned adapter in {path} ({ADAPTER_MANIFEST} is missing). Run notebook 4b "
            "(or `make run`) to train and save it."
        )
    manifest = json.loads(manifest_file.read_text())
    _check_same_base(manifest, base_fingerprint(base_model), path)
    return PeftModel.from_pretrained(base_model, path).eval()


def _check_same_base(manifest: Mapping, fingerprint: Mapping, path: Path) -> None:
    """Raise ``AdapterMismatchError`` when the adapter's base is not the model given."""
    saved = manifest.get("base_fingerprint", {})
    diffs = [f"{k}: adapter {saved.get(k)!r} vs model {v!r}" for k, v in fingerprint.items()
             if saved.get(k) != v]  # fmt: skip
    if diffs:
        raise AdapterMismatchError(
            f"The adapter in {path} was trained on another base model "
            f"({manifest.get('base_model')!r}); it cannot be loaded into this one ("
            + "; ".join(diffs)
            + "). Load the base model it was made for, or train a new adapter (notebook 4)."
        )


def folder_size_mb(path: str | Path, pattern: str = "*.safetensors") -> float:
    """Total size of the files matching ``pattern`` in ``path``, in MB."""
    return sum(p.stat().st_size for p in Path(path).glob(pattern)) / 2**20
