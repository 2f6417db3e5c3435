"""Settings: profiles, paths and seeds."""

import random

import pytest

from utils import settings


def test_profiles_differ_in_sizes_only():
    quick, full = settings.get_profile("quick"), settings.get_profile("full")
    assert quick.max_eval_questions is not None and full.max_eval_questions is None
    assert type(quick) is type(full)


def test_profile_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("COURSE_PROFILE", "Quick ")
    assert settings.get_profile().name == "quick"
    monkeypatch.delenv("COURSE_PROFILE")
    assert settings.get_profile().name == "full"


def test_unknown_profile_names_the_fix(monkeypatch):
    monkeypatch.setenv("COURSE_PROFILE", "fast")
    with pytest.raises(settings.UnknownProfileError, match=r"COURSE_PROFILE.*quick"):
        settings.get_profile()


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
