"""One place for the course's paths, seeds and environment variables.

Every environment variable the course reads is read here, and only here (a test checks it), so one
screen tells what can be configured:

>>> sorted(ENVIRONMENT)[:3]
['COURSE_AUTOCAST', 'COURSE_CACHE_DIR', 'COURSE_CELL_TIMEOUT']

The profile (how much is measured) is :mod:`utils.profiles`; it reads ``COURSE_PROFILE`` through
:func:`env`.
"""

from __future__ import annotations

import os
import random
from contextlib import contextmanager
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DATASETS_DIR = REPO_ROOT / "datasets"
SEED = 1234

# Every variable the course reads, with its meaning (README lists the same table).
ENVIRONMENT = {
    "COURSE_PROFILE": "`quick` (minutes: CI, a first look) or `full` (the real course, the default)",
    "COURSE_RESULTS_DIR": "where results are written (default: `results/` in the repository)",
    "COURSE_CACHE_DIR": "where the converted model is cached (default: the user cache folder)",
    "COURSE_DEVICE": "`cpu`, `cuda` or `mps` instead of the device the course picks",
    "COURSE_DTYPE": "the weights' dtype: `float32`, `bfloat16` or `float16`",
    "COURSE_AUTOCAST": (
        "`1` or `0`: bf16 autocast on or off for all work (default: on a CPU with native bf16, "
        "each kind of work in the precision measured faster there, `python -m utils.doctor --precision`)"
    ),
    "COURSE_THREADS": "PyTorch's CPU threads (default: one per core no other process keeps busy)",
    "COURSE_LLM": "a hub model id or a local folder instead of the embedded SmolLM2-135M-Instruct",
    "COURSE_INDEX_DIR": "the folder of the local Qdrant index (default: `results/index`)",
    "COURSE_QDRANT_URL": "a Qdrant server or cluster to use instead of the local folder",
    "COURSE_QDRANT_API_KEY": "the API key of that server, when it needs one",
    "COURSE_CELL_TIMEOUT": "seconds one notebook cell may run under `make run` (default 1800)",
    "COURSE_TRAIN_CACHE": (
        "a folder where finished trainings are kept and reused when the same training comes again "
        "(default: unset, every training runs; `utils.train_cache`)"
    ),
    "COURSE_EVAL_CACHE": (
        "a folder where evaluations' answers are kept and reused when the same questions are asked "
        "of the same model again (default: unset, every question is answered; `utils.eval_cache`)"
    ),
    "XDG_CACHE_HOME": "the user cache folder, where `COURSE_CACHE_DIR` is not set",
}


def env(name: str) -> str | None:
    """The value of the course's environment variable ``name``, or None when unset or blank.

    >>> env("COURSE_NOT_A_SETTING")
    Traceback (most recent call last):
    ...
    KeyError: "COURSE_NOT_A_SETTING is not one of the course's settings (utils.settings.ENVIRONMENT)"
    """
    if name not in ENVIRONMENT:
        raise KeyError(f"{name} is not one of the course's settings (utils.settings.ENVIRONMENT)")
    value = os.environ.get(name)
    return value if value and value.strip() else None


@contextmanager
def temporary_env(**values: str):
    """Set course settings for the block, then restore them (the benchmark's scratch cache).

    >>> with temporary_env(COURSE_LLM="a-model"):
    ...     env("COURSE_LLM")
    'a-model'
    """
    unknown = set(values) - set(ENVIRONMENT)
    if unknown:
        raise KeyError(f"{sorted(unknown)} are not course settings (utils.settings.ENVIRONMENT)")
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def results_dir() -> Path:
    """The folder results are written to (``COURSE_RESULTS_DIR`` or ``<repo>/results``)."""
    return Path(env("COURSE_RESULTS_DIR") or REPO_ROOT / "results")


def cache_dir() -> Path:
    """The folder converted models are cached in, outside the repository.

    ``COURSE_CACHE_DIR`` wins; otherwise ``$XDG_CACHE_HOME/rag-vs-ft`` or ``~/.cache/rag-vs-ft``.
    """
    if env("COURSE_CACHE_DIR"):
        return Path(env("COURSE_CACHE_DIR"))
    base = env("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "rag-vs-ft"


def index_dir() -> Path:
    """The folder of the local Qdrant index: ``COURSE_INDEX_DIR``, else ``<results>/index``."""
    return Path(env("COURSE_INDEX_DIR") or results_dir() / "index")


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
