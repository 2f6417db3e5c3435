"""Settings: profiles, paths and seeds."""

import random

import pytest

from utils import profiles, settings


def test_profiles_differ_in_sizes_only():
    quick, full = profiles.get_profile("quick"), profiles.get_profile("full")
    assert quick.evaluation.facts_per_group is not None and full.evaluation.facts_per_group is None
    assert type(quick) is type(full)


def test_profiles_measure_less_but_build_the_same_index_and_prompts():
    quick, full = profiles.get_profile("quick"), profiles.get_profile("full")
    assert (quick.retrieval.chunk_size, quick.retrieval.chunk_overlap) == (
        full.retrieval.chunk_size,
        full.retrieval.chunk_overlap,
    ), "the profile changes how much is measured, not the index"
    assert quick.rag.top_k == full.rag.top_k == full.retrieval.top_k == 3
    assert quick.evaluation.max_new_tokens == full.evaluation.max_new_tokens
    assert profiles.DEFAULT_RETRIEVAL.chunk_size == full.retrieval.chunk_size
    assert quick.ft.max_train_facts < 100 and full.ft.max_train_facts is None


def test_every_size_is_named_not_positional():
    import dataclasses
    import inspect

    source = inspect.getsource(profiles)
    for cls in (profiles.EvalSizes, profiles.RetrievalSizes, profiles.RagSizes, profiles.FTSizes):
        assert f"{cls.__name__}(" in source
        for field in dataclasses.fields(cls):
            assert source.count(f"{field.name}=") >= 2, (
                f"{cls.__name__}.{field.name} in each profile"
            )


def test_profile_names_are_matched_in_any_case():
    assert profiles.get_profile(" QUICK ").name == "quick"


def test_profile_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("COURSE_PROFILE", "Quick ")
    assert profiles.get_profile().name == "quick"
    monkeypatch.delenv("COURSE_PROFILE")
    assert profiles.get_profile().name == "full"


def test_unknown_profile_names_the_fix(monkeypatch):
    monkeypatch.setenv("COURSE_PROFILE", "fast")
    with pytest.raises(profiles.UnknownProfileError, match=r"COURSE_PROFILE.*quick"):
        profiles.get_profile()


def test_paths(monkeypatch, tmp_path):
    assert (settings.REPO_ROOT / "pyproject.toml").is_file()
    assert settings.DATASETS_DIR == settings.REPO_ROOT / "datasets"
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.setenv("COURSE_RESULTS_DIR", str(tmp_path / "r"))
    assert settings.cache_dir() == tmp_path / "c"
    assert settings.results_dir() == tmp_path / "r"
    monkeypatch.delenv("COURSE_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert settings.cache_dir() == tmp_path / "rag-vs-ft"
    assert not str(settings.cache_dir()).startswith(str(settings.REPO_ROOT))


def test_seed_everything_is_reproducible():
    import torch

    settings.seed_everything(7)
    first = (random.random(), torch.rand(3).tolist())
    settings.seed_everything(7)
    assert (random.random(), torch.rand(3).tolist()) == first


def test_the_environment_is_read_in_settings_only():
    """Every COURSE_* variable is read through utils.settings.env, listed in ENVIRONMENT."""
    import re

    for path in sorted((settings.REPO_ROOT / "utils").rglob("*.py")):
        text = path.read_text()
        if path.name == "settings.py":
            continue
        reads = re.findall(r"os\.environ(?:\.get)?\(|os\.getenv\(|os\.environ\[", text)
        assert not reads, f"{path.name} reads the environment itself: use utils.settings.env"
        for name in re.findall(r"env\(\"(\w+)\"\)", text):
            assert name in settings.ENVIRONMENT, f"{path.name} reads {name}, not in ENVIRONMENT"


def test_every_setting_is_in_readme_with_its_meaning():
    readme = (settings.REPO_ROOT / "README.md").read_text()
    rows = [f"| `{name}` | {meaning} |" for name, meaning in settings.ENVIRONMENT.items()]
    missing = [row for row in rows if row not in readme]
    assert not missing, f"README's settings table lacks or differs on: {missing}"


def test_a_blank_variable_counts_as_unset(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_RESULTS_DIR", "  ")
    assert settings.results_dir() == settings.REPO_ROOT / "results"


def test_threads_follow_the_free_cores_and_course_threads_overrides(monkeypatch):
    import torch

    from utils import resources

    before = torch.get_num_threads()
    try:
        monkeypatch.delenv("COURSE_THREADS", raising=False)
        monkeypatch.setattr(resources, "usable_cores", lambda: 2)
        monkeypatch.setattr(resources, "busy_cores", lambda interval=0.2: 0.0)
        assert resources.set_threads() == 2 == torch.get_num_threads()
        monkeypatch.setattr(resources, "busy_cores", lambda interval=0.2: 1.1)  # one core taken
        assert resources.set_threads() == 1 == torch.get_num_threads()
        monkeypatch.setenv("COURSE_THREADS", "2")
        assert resources.set_threads() == 2
        monkeypatch.setenv("COURSE_THREADS", "two")
        with pytest.raises(ValueError, match="COURSE_THREADS=1"):
            resources.set_threads()
        monkeypatch.setenv("COURSE_THREADS", "0")
        with pytest.raises(ValueError, match="at least 1"):
            resources.set_threads()
    finally:
        torch.set_num_threads(before)


def test_busy_cores_sees_another_process_spinning():
    import subprocess
    import sys

    from utils import resources

    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        busy = max(resources.busy_cores(interval=0.5) for _ in range(2))
    finally:
        spinner.kill()
        spinner.wait()
    assert busy >= 0.6  # one core kept busy (the rest of the machine may add to it)
