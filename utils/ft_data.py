"""The fine-tuning data (notebook 3): which examples, their tokens and labels, and their batches.

The model learns one thing per training example: the answer to a ``train`` question, written in the
house format (``Answer: 38 hours [doc: tessel-a250]``), after the question in the chat template. Only
the answer's tokens are learned (every other label is -100). The test questions are other wordings
of the same facts, never trained on. Training itself is :mod:`utils.training`.

Nothing heavy is imported at module level: torch and datasets load inside functions.
"""

from __future__ import annotations

import random
import warnings
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace

from utils.generation import DEFAULT_SYSTEM, build_chat_prompts
from utils.settings import SEED

# The system prompt of every training example, and so of every question asked of the fine-tuned model.
# The same short one the base model is evaluated with: the only difference between the two systems is
# the weights. (Leaving it out would make the template add its own, longer, default.)
FT_SYSTEM = DEFAULT_SYSTEM
IGNORE_INDEX = -100  # the label PyTorch's cross-entropy skips: no loss, no gradient


class EmptyTrainingSetError(ValueError):
    """There is nothing to train on; the message says what filtered everything out."""


class ExampleTooLongError(ValueError):
    """Training examples longer than ``max_length`` tokens; the message names them."""


# --- notebook 3: which examples ------------------------------------------------------------------


def v1_train_questions(questions: Iterable) -> list:
    """The ``train`` questions with a version-1 answer: what the v1 fine-tune may learn (notebook 3).

    Facts that only exist in version 2 have ``answer=None``; they wait for the update in notebook 5.
    """
    return [q for q in questions if q.split == "train" and q.answer is not None]


def v2_train_questions(questions: Iterable) -> list:
    """The ``train`` questions of every fact of version 2, each with its v2 answer (the v1 answer
    where the fact did not change): what a fine-tune on the updated knowledge base learns (notebook 5).
    """
    return [
        q if q.answer_v2 is None else replace(q, answer=q.answer_v2)
        for q in questions
        if q.split == "train" and (q.answer is not None or q.answer_v2 is not None)
    ]


def train_questions(questions: Iterable, version: str = "v1") -> list:
    """:func:`v1_train_questions` or :func:`v2_train_questions`."""
    if version not in ("v1", "v2"):
        raise ValueError(f"version must be 'v1' or 'v2', got {version!r}")
    return v1_train_questions(questions) if version == "v1" else v2_train_questions(questions)


def wordings_by_fact(questions: Iterable) -> dict[str, list]:
    """``{fact_id: [question, ...]}`` in file order (notebook 3)."""
    grouped: dict[str, list] = defaultdict(list)
    for q in questions:
        grouped[q.fact_id].append(q)
    return dict(grouped)


def sample_paraphrases(
    wordings: Mapping[str, Sequence], per_fact: int | None, seed: int = SEED
) -> dict[str, list]:
    """Up to ``per_fact`` wordings of each fact (None: all), drawn reproducibly (notebook 3).

    Each fact is shuffled by its own ``random.Random(f"{seed}-{fact_id}")`` and its first
    ``per_fact`` wordings are kept: the result does not depend on the other facts, and the wordings
    kept with ``per_fact=1`` are among those kept with ``per_fact=2`` (nested, for a fair ablation).

    >>> sample_paraphrases({"f1": ["a", "b", "c"]}, 2, seed=0)
    {'f1': ['a', 'c']}
    """
    if per_fact is not None and per_fact < 1:
        raise ValueError(f"per_fact must be at least 1 (or None for all), got {per_fact}")
    sampled = {}
    for fact_id, items in wordings.items():
        shuffled = list(items)
        random.Random(f"{seed}-{fact_id}").shuffle(shuffled)
        sampled[fact_id] = shuffled if per_fact is None else shuffled[:per_fact]
    return sampled


def choose_train_facts(
    fact_ids: Sequence[str],
    first: Sequence[str] = (),
    max_facts: int | None = None,
    seed: int = SEED,
) -> list[str]:
    """``max_facts`` of ``fact_ids`` (None: all): those in ``first`` (e.g. evaluated ones) first,
    then the others in a seeded random order (notebook 4)."""
    priority = [f for f in dict.fromkeys(first) if f in set(fact_ids)]
    others = sorted(set(fact_ids) - set(priority))
    random.Random(seed).shuffle(others)
    chosen = priority + others
    return chosen if max_facts is None else chosen[:max_facts]


def training_records(
    questions: Iterable,
    house,
    *,
    per_fact: int | None = None,
    facts=None,
    seed: int = SEED,
    version: str = "v1",
) -> list[dict]:
    """One record per training example: the question, and its answer in the house format.

    Introduced in notebook 3. ``per_fact`` wordings of each fact (None: all), restricted to ``facts``
    (None: every fact); only ``train`` questions with an answer in ``version`` are used, answered
    with that version's value (notebook 5 trains on ``"v2"``).
    """
    grouped = wordings_by_fact(train_questions(questions, version))
    if facts is not None:
        grouped = {f: grouped[f] for f in facts if f in grouped}
    records = []
    for fact_id, chosen in sample_paraphrases(grouped, per_fact, seed).items():
        for q in chosen:
            answer = house.render(q.answer, q.doc_id)
            records.append(
                {"qid": q.qid, "fact_id": fact_id, "question": q.question, "answer": answer}
            )
    return records


# --- notebook 3: tokens and labels -----------------------------------------------------------------


def mask_prompt(prompt_ids: list[int], answer_ids: list[int], eos_id: int) -> dict[str, list[int]]:
    """One training example: the prompt, the answer and end-of-turn, with the prompt's labels masked.

    Introduced in notebook 3 (Exercise 3.1). The model is trained to produce ``labels`` at every
    position; -100 means "no loss here", so only the answer and the end-of-turn token are learned.

    >>> mask_prompt([5, 6, 7], [8, 9], eos_id=2)
    {'input_ids': [5, 6, 7, 8, 9, 2], 'labels': [-100, -100, -100, 8, 9, 2], 'attention_mask': [1, 1, 1, 1, 1, 1]}
    """
    input_ids = [*prompt_ids, *answer_ids, eos_id]
    labels = [IGNORE_INDEX] * len(prompt_ids) + [*answer_ids, eos_id]
    return {"input_ids": input_ids, "labels": labels, "attention_mask": [1] * len(input_ids)}


def tokenize_record(
    record: Mapping, tokenizer, *, system: str | None = FT_SYSTEM, mask: Callable = mask_prompt
) -> dict:
    """The token ids and labels of one record (``training_records``), with its length (notebook 3).

    The prompt (system + question in the chat template, ending where the assistant speaks) and the
    answer are tokenised separately, as the evaluation scores options: the answer's tokens are the
    same in training and in testing.
    """
    prompt = build_chat_prompts(tokenizer, [record["question"]], system)[0]
    prompt_ids = tokenizer(prompt, add_special_tokens=False)["input_ids"]
    answer_ids = tokenizer(record["answer"], add_special_tokens=False)["input_ids"]
    example = mask(prompt_ids, answer_ids, tokenizer.eos_token_id)
    return {**example, "length": len(example["input_ids"])}


def build_dataset(
    tokenizer,
    records: Sequence[Mapping],
    *,
    system: str | None = FT_SYSTEM,
    max_length: int,
    too_long: str = "error",
    mask: Callable = mask_prompt,
):
    """A ``datasets.Dataset`` of tokenised examples, built with ``Dataset.map`` (notebook 3).

    Columns: ``qid``, ``fact_id``, ``question``, ``answer``, ``input_ids``, ``labels``,
    ``attention_mask``, ``length``. Examples longer than ``max_length`` tokens are refused, naming
    their ids (``too_long="error"``), or cut to ``max_length`` with a warning (``"truncate"``; the
    cut removes the end of the answer, so the model would learn an unfinished one).
    """
    from datasets import Dataset

    if not records:
        raise EmptyTrainingSetError(
            "No training examples: the selection of questions is empty. Check the facts and "
            "`per_fact` you asked for, and that the train questions have version-1 answers."
        )
    tokenize = {"tokenizer": tokenizer, "system": system, "mask": mask}
    dataset = Dataset.from_list(list(records)).map(tokenize_record, fn_kwargs=tokenize)
    return _limit_length(dataset, max_length, too_long)


def _limit_length(dataset, max_length: int, too_long: str):
    """Refuse (``"error"``) or cut (``"truncate"``) the examples longer than ``max_length``."""
    if too_long not in ("error", "truncate"):
        raise ValueError(f"too_long must be 'error' or 'truncate', got {too_long!r}")
    long_ids = [
        qid for qid, n in zip(dataset["qid"], dataset["length"], strict=True) if n > max_length
    ]
    if not long_ids:
        return dataset
    shown = ", ".join(long_ids[:5]) + (" ..." if len(long_ids) > 5 else "")
    if too_long == "error":
        raise ExampleTooLongError(
            f"{len(long_ids)} training example(s) exceed max_length={max_length} tokens: {shown}. "
            "Raise max_length, shorten those questions or answers, or pass too_long='truncate'."
        )
    warnings.warn(
        f"Truncating {len(long_ids)} example(s) to {max_length} tokens ({shown}): their answers "
        "are cut, so the model learns unfinished answers for them.",
        stacklevel=3,
    )
    keys = ("input_ids", "labels", "attention_mask")
    cut = {k: [row[:max_length] for row in dataset[k]] for k in keys}
    cut["length"] = [min(n, max_length) for n in dataset["length"]]
    for key, values in cut.items():
        dataset = dataset.remove_columns(key).add_column(key, values)
    return dataset


# --- notebook 3: batches --------------------------------------------------------------------------


def pad_batch(features: Sequence[Mapping], pad_id: int) -> dict:
    """Right-pad a batch to its own longest example: dynamic padding (notebook 3, Exercise 3.3).

    ``input_ids`` are padded with ``pad_id``, ``labels`` with -100 (padding is never learned),
    ``attention_mask`` with 0. Returns ``(B, T)`` long tensors, ``T`` the longest example in the batch.
    """
    import torch

    width = max(len(f["input_ids"]) for f in features)
    pads = {"input_ids": pad_id, "labels": IGNORE_INDEX, "attention_mask": 0}
    return {
        key: torch.tensor([list(f[key]) + [pad] * (width - len(f[key])) for f in features])
        for key, pad in pads.items()
    }  # each (B, T)


def keep_labelled_logits(batch: dict) -> dict:
    """Add ``logits_to_keep`` to a padded batch: the positions whose *next* token is learned.

    The model predicts a score for every one of its ~49,000 tokens at every position, but only the
    answer's positions carry a label (about a third of a training example): passed to the model,
    this mask makes it compute the output layer only there (transformers' ``logits_to_keep``), and
    :func:`labelled_loss` then reads the logits it kept. Same loss, less work.
    """
    import torch.nn.functional as F

    learned_next = batch["labels"][:, 1:] != IGNORE_INDEX  # position t predicts token t + 1
    return {**batch, "logits_to_keep": F.pad(learned_next, (0, 1), value=False)}  # (B, T) bool


def causal_lm_loss(logits, labels):
    """The causal-LM training loss from all the logits: the reference of exercise 4.2.

    ``logits``: ``(B, T, V)``; ``labels``: ``(B, T)``, ``IGNORE_INDEX`` where nothing is learned. The
    logits at position t predict the label at t + 1; the cross-entropy is averaged over every
    learned token of the batch (not per example), in float32: what transformers' causal LMs return
    as ``loss``.
    """
    import torch.nn.functional as F

    rows = logits[:, :-1].float().reshape(-1, logits.shape[-1])
    return F.cross_entropy(rows, labels[:, 1:].reshape(-1), ignore_index=IGNORE_INDEX)


def labelled_loss(outputs, labels, num_items_in_batch=None):
    """The causal-LM cross-entropy from the logits :func:`keep_labelled_logits` kept.

    ``outputs.logits`` is ``(N, V)``: one row per learned position, in the order of the labels
    they predict. Summed and divided by ``num_items_in_batch`` (the learned tokens of the batch,
    counted by the Trainer) or averaged: exactly what the model's own loss computes from all logits.
    """
    import torch.nn.functional as F

    shifted = labels[:, 1:]
    targets = shifted[shifted != IGNORE_INDEX].to(outputs.logits.device)  # (N,)
    loss = F.cross_entropy(outputs.logits.float(), targets, reduction="sum")
    return loss / (targets.numel() if num_items_in_batch is None else num_items_in_batch)


def padded_tokens(lengths: Sequence[int], batch_size: int, order: str, seed: int = SEED) -> int:
    """Tokens the model computes over one epoch when batches are padded (notebook 3).

    ``order``: ``"max_length"`` (every example padded to the longest of the data set),
    ``"random"`` (shuffled batches, each padded to its own longest: dynamic padding) or
    ``"grouped"`` (batches of similar lengths, then dynamic padding: length grouping).
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}: e.g. batch_size=16.")
    if order == "max_length":
        return max(lengths) * len(lengths)
    ordered = list(lengths)
    random.Random(seed).shuffle(ordered)
    if order == "grouped":
        ordered.sort()
    elif order != "random":
        raise ValueError(f"order must be 'max_length', 'random' or 'grouped', got {order!r}")
    batches = [ordered[i : i + batch_size] for i in range(0, len(ordered), batch_size)]
    return sum(max(b) * len(b) for b in batches)


def token_stats(dataset, batch_size: int, num_epochs: int = 1) -> dict:
    """Lengths and token counts of a tokenised data set, and what padding would cost (notebook 3)."""
    import numpy as np

    lengths = np.array(dataset["length"])
    answer = sum(sum(label != IGNORE_INDEX for label in row) for row in dataset["labels"])
    stats = {
        "examples": len(lengths),
        "length_min": int(lengths.min()),
        "length_median": float(np.median(lengths)),
        "length_max": int(lengths.max()),
        "tokens": int(lengths.sum()),
        "answer_tokens": int(answer),
    }
    for order in ("max_length", "random", "grouped"):
        stats[f"computed_tokens_{order}"] = padded_tokens(lengths.tolist(), batch_size, order)
    stats["training_tokens"] = stats["computed_tokens_grouped"] * num_epochs
    return stats


def asked_facts(asked, version: str = "v1") -> list[str]:
    """The fact ids of the questions in ``asked`` that measure what training did, in order: for an
    evaluation set (``{group: questions}``) its ``"seen"``, ``"robustness"`` and ``"updated"``
    groups, and ``"new"`` for ``version`` v2; for a sequence of questions, all of them.

    >>> from types import SimpleNamespace as Q
    >>> asked_facts({"seen": [Q(fact_id="f1")], "unseen": [Q(fact_id="f2")], "new": [Q(fact_id="f3")]})
    ['f1']
    """
    if isinstance(asked, Mapping):
        names = ("seen", "robustness", "updated") + (("new",) if version != "v1" else ())
        asked = [q for g in names for q in asked.get(g, ())]
    return [q.fact_id for q in asked]


def main_train_facts(
    questions: Iterable, asked, sizes, seed: int = SEED, version: str = "v1"
) -> list[str]:
    """The facts the main run trains on: every fact with a training question in ``version``, or
    ``sizes.max_train_facts`` of them, those of the evaluated questions first (notebook 4, the
    benchmark, and notebook 5's retraining on v2).

    ``asked`` is the evaluation set (``{group: questions}``; its ``"seen"``, ``"robustness"`` and
    ``"updated"`` groups, and ``"new"`` for v2: the facts whose answers measure what training did)
    or a sequence of questions. An asked fact with a training question is always trained on, even
    past the cap: a fact the groups call trained must be one.
    """
    fact_ids = sorted({q.fact_id for q in train_questions(questions, version)})
    first = asked_facts(asked, version)
    cap = sizes.max_train_facts
    if cap is not None:
        cap = max(cap, len(set(first) & set(fact_ids)))
    return choose_train_facts(fact_ids, first, cap, seed)


def loss_mask_html(tokenizer, example: Mapping) -> str:
    """A tokenised example as a strip of tokens: grey where the label is -100 (the prompt, no loss),
    green where a token is learned (notebooks 3 and 6)."""
    import html

    spans = []
    for token_id, label in zip(example["input_ids"], example["labels"], strict=True):
        text = html.escape(tokenizer.decode([token_id])).replace("\n", "↵")
        colour = "#e0e0e0" if label == IGNORE_INDEX else "#9be39b"
        spans.append(f'<span style="background:{colour};padding:1px 2px;margin:1px;'
                     f'border-radius:3px;font-family:monospace;font-size:11px">{text}</span>')  # fmt: skip
    legend = ('<p style="font-size:12px"><span style="background:#e0e0e0">prompt: no loss '
              '(label -100)</span> <span style="background:#9be39b">target: learned</span></p>')  # fmt: skip
    return legend + '<div style="line-height:1.9">' + "".join(spans) + "</div>"
