"""Evaluations kept on disk, so that the same questions are never answered twice (``COURSE_EVAL_CACHE``).

An evaluation (:func:`utils.evaluation.evaluate_system`) is a function of its inputs: the model's
weights and state (an adapter on or off), the prompts, the gold answers and choices, the generation
settings, the precision of each kind of work and the library versions. When ``COURSE_EVAL_CACHE``
names a folder, the evaluation hashes those inputs into a key, keeps its rows there and, the next
time the same inputs come, loads them instead of answering again and says so. The rows it hands back
(answers, scores, latencies) are those measured when they were computed.

Unset (the default), every question is answered: ``make run`` and ``make bench`` always answer and
time for real. The test suite gives the notebooks a new one in every session, as it does for
trainings (:mod:`utils.train_cache`): the solutions answer, the learner copies, which ask the same
questions of the same models, load. A key never matches a different evaluation, so a stale entry is
never loaded; delete the folder to free the disk space.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from utils.settings import env
from utils.train_cache import write_whole


def folder() -> Path | None:
    """The cache folder (``COURSE_EVAL_CACHE``), or None: every question is answered."""
    value = env("COURSE_EVAL_CACHE")
    return Path(value).expanduser() if value else None


def model_state(model) -> str:
    """A hash of what the model computes: every weight, and its logits on a fixed input. The
    weights alone would miss an adapter switched off (``disable_adapter()``: same weights, the base
    model's answers); the logits see it. Bit-for-bit logits differ between machines and thread
    counts: that only means another key, never a wrong hit."""
    import torch

    from utils.train_cache import weights_sha256

    device = next(model.parameters()).device
    ids = torch.arange(1, 17, device=device)[None]  # 16 fixed token ids
    with torch.inference_mode():
        logits = model(input_ids=ids).logits.float().cpu().contiguous()
    digest = hashlib.sha256(weights_sha256(model).encode())
    digest.update(logits.view(-1).view(torch.uint8).numpy())
    return digest.hexdigest()


def key(model, asked: Sequence, settings: dict) -> str:
    """The hash of everything an evaluation's rows depend on. ``asked``: one plain entry per
    question (its group, id, message, gold, choices, aliases); ``settings``: how it is answered."""
    import peft
    import torch
    import transformers

    from utils.precision import summary
    from utils.train_cache import stable_json

    device = str(next(model.parameters()).device)
    inputs = {
        "model": model_state(model),
        "asked": hashlib.sha256(stable_json(list(asked)).encode()).hexdigest(),
        "settings": settings,
        "precision": summary(device),
        "device": device,
        "versions": [torch.__version__, transformers.__version__, peft.__version__],
    }
    return hashlib.sha256(stable_json(inputs).encode()).hexdigest()[:24]


def load(cache: Path, evaluation_key: str) -> tuple[list, str] | None:
    """``(rows, when they were computed)`` kept under ``evaluation_key``, else None."""
    from utils.records import Prediction

    try:
        kept = json.loads((cache / f"{evaluation_key}.json").read_text())
        return [Prediction(**row) for row in kept["rows"]], kept["computed_at"]
    except (OSError, json.JSONDecodeError, KeyError, TypeError):
        return None  # not there, unreadable, or of another schema: answer again


def save(cache: Path, evaluation_key: str, rows: Sequence) -> Path | None:
    """Keep an evaluation's rows under its key (written whole or not at all). A folder that cannot
    be written only means the next identical evaluation runs again."""
    path = cache / f"{evaluation_key}.json"
    record = {
        "computed_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "rows": [asdict(row) for row in rows],
    }
    try:
        cache.mkdir(parents=True, exist_ok=True)
        write_whole(path, json.dumps(record) + "\n")
    except OSError:
        return None
    return path
