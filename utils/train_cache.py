"""Trainings kept on disk, so that the same training is never done twice (``COURSE_TRAIN_CACHE``).

A LoRA training is a function of its inputs: the base model's weights, the tokenised examples, the
sizes, the seed, the precision, the attention kernel and the library versions. When
``COURSE_TRAIN_CACHE`` names a folder, :func:`utils.training.train_lora` hashes those inputs into a
key, saves each complete training there (the adapter and what the training measured: losses, step
times, tokens, seconds, memory) and, the next time the same inputs come, loads it instead of
training again and says so. The numbers it hands back are those measured when it was trained.

Unset (the default), every training runs: ``make run`` and ``make bench`` always train and time for
real. The test suite gives the notebooks a new one in every session: the solutions train, and the
learner copies, which repeat those trainings exactly, load them. A learner can set it to restart a
kernel without waiting for notebook 4's training again.
A key never matches a different training, so a stale entry is never loaded; delete the folder to
free the disk space (a few MB per training).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path

from utils.settings import env

RUN_FILE = "course_training.json"  # what the training measured, beside peft's adapter files


def folder() -> Path | None:
    """The cache folder (``COURSE_TRAIN_CACHE``), or None: every training runs."""
    value = env("COURSE_TRAIN_CACHE")
    return Path(value).expanduser() if value else None


def weights_sha256(model) -> str:
    """A hash of every weight of ``model`` (names, dtypes and values): the same key only for the
    same base model, v1 adapter merged in or not."""
    import torch

    digest = hashlib.sha256()
    for name, tensor in model.state_dict().items():
        digest.update(f"{name}:{tensor.dtype}:{tuple(tensor.shape)}".encode())
        digest.update(tensor.detach().cpu().contiguous().view(-1).view(torch.uint8).numpy())
    return digest.hexdigest()


def key(
    model,
    dataset,
    sizes,
    *,
    bf16: bool,
    seed: int,
    attention: str,
    lora,
    labelled_logits: bool = True,
) -> str:
    """The hash of everything a training's result depends on."""
    import peft
    import torch
    import transformers

    examples = hashlib.sha256(
        json.dumps([list(dataset[column]) for column in ("input_ids", "labels")]).encode()
    ).hexdigest()
    inputs = {
        "weights": weights_sha256(model),
        "examples": examples,
        "sizes": asdict(sizes),
        "bf16": bool(bf16),
        "seed": seed,
        "attention": attention,
        "labelled_logits": bool(labelled_logits),
        "lora": lora.to_dict(),
        "device": str(next(model.parameters()).device),
        "versions": [torch.__version__, transformers.__version__, peft.__version__],
    }
    return hashlib.sha256(stable_json(inputs).encode()).hexdigest()[:24]


def stable_json(value) -> str:
    """``value`` as JSON text that is the same in every process (keys sorted, sets too)."""
    return json.dumps(value, sort_keys=True, default=_plain)


def _plain(value):
    """JSON for what json cannot write: a set in sorted order (its own order changes from one
    process to the next), anything else as its text."""
    return sorted(map(str, value)) if isinstance(value, set | frozenset) else str(value)


def load(cache: Path, training_key: str, model) -> tuple[object, dict] | None:
    """``(peft model in eval mode, what the training measured)`` when ``training_key`` is in
    ``cache``, else None. ``model`` receives the adapter."""
    from peft import PeftModel

    entry = cache / training_key
    try:
        measured = json.loads((entry / RUN_FILE).read_text())
    except (OSError, json.JSONDecodeError):
        return None  # not there, or half written by a process that was stopped: train again
    return PeftModel.from_pretrained(model, entry).eval(), measured


def save(cache: Path, training_key: str, peft_model, measured: Mapping) -> Path | None:
    """Keep a finished training under its key. A folder that cannot be written only means the
    next identical training runs again; the file that marks an entry whole is written last."""
    entry = cache / training_key
    try:
        entry.mkdir(parents=True, exist_ok=True)
        peft_model.save_pretrained(entry)
        record = {**measured, "trained_at": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
        write_whole(entry / RUN_FILE, json.dumps(record, indent=2) + "\n")
    except OSError:
        return None
    return entry


def write_whole(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all: a process stopped halfway leaves a stray
    temporary file, never a half-written ``path`` that a later run would trust."""
    tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
    tmp.write_text(text)
    os.replace(tmp, path)
