"""One place for the course's paths, seeds and profile.

Every notebook and every ``utils`` module reads them from here, so changing a path or the profile never
means editing a notebook. Environment variables override the defaults:

- ``COURSE_PROFILE``: ``quick`` (CI, a first look: minutes) or ``full`` (the real course, the default);
- ``COURSE_CACHE_DIR``: where converted models are cached (default: the user cache dir);
- ``COURSE_RESULTS_DIR``: where results are written (default: ``results/`` in the repository).

>>> get_profile("quick").name
'quick'
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DATASETS_DIR = REPO_ROOT / "datasets"
SEED = 1234


def results_dir() -> Path:
    """The folder results are written to (``COURSE_RESULTS_DIR`` or ``<repo>/results``)."""
    return Path(os.environ.get("COURSE_RESULTS_DIR", REPO_ROOT / "results"))


def cache_dir() -> Path:
    """The folder converted models are cached in, outside the repository.

    ``COURSE_CACHE_DIR`` wins; otherwise ``$XDG_CACHE_HOME/rag-vs-ft`` or ``~/.cache/rag-vs-ft``.
    """
    if "COURSE_CACHE_DIR" in os.environ:
        return Path(os.environ["COURSE_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "rag-vs-ft"


@dataclass(frozen=True)
class Profile:
    """Sizes that differ between a quick look and the real course. Code paths never do."""

    name: str
    max_eval_questions: int | None  # None: every test question
    gen_batch_size: int
    max_new_tokens: int


PROFILES = {
    "quick": Profile("quick", max_eval_questions=48, gen_batch_size=16, max_new_tokens=24),
    "full": Profile("full", max_eval_questions=None, gen_batch_size=16, max_new_tokens=24),
}


class UnknownProfileError(ValueError):
    """Raised for a COURSE_PROFILE that is not one of PROFILES."""


def get_profile(name: str | None = None) -> Profile:
    """The active profile: ``name``, else ``COURSE_PROFILE``, else ``full``."""
    name = (name or os.environ.get("COURSE_PROFILE") or "full").strip().lower()
    if name not in PROFILES:
        raise UnknownProfileError(
            f"Unknown profile {name!r}. Set COURSE_PROFILE to one of {sorted(PROFILES)} "
            "(for example `export COURSE_PROFILE=quick`), or unset it for 'full'."
        )
    return PROFILES[name]


def seed_everything(seed: int = SEED) -> int:
    """Seed Python's, NumPy's and (if it is installed) torch's generators; return the seed."""
    random.seed(seed)
    try:
        import numpy as np

        np.random.seed(seed)
    except ImportError:
        pass
    try:
        import torch

        torch.manual_seed(seed)
    except ImportError:
        pass
    return seed
