"""The comparison's numbers: every system against every other, question by question, from records.

Notebook 5 reads the evaluation records (``results/eval/<system>.json``) and turns them into the flat
``name -> value`` mapping the scorecard judges (:mod:`utils.scorecard` explains the names). Nothing
here runs a model: every number is recomputed from the per-question predictions, so a learner can
recompute any of them, and two records of different questions are never compared
(:class:`utils.records.DifferentQuestionsError`).

Per question, beside the metrics of :data:`utils.records.QUESTION_METRICS`:

* ``format``: 1 when the answer is in the house format (the regular expression of
  ``datasets/house_format.json``), else 0;
* ``words``: the answer's length in words;
* ``latency_s``: the seconds the answer took (its share of the batch it was generated in).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence

from utils.aliases import accepted
from utils.metrics import format_compliance, paired_difference, with_ci
from utils.records import (
    QUESTION_METRICS,
    DifferentQuestionsError,
    Prediction,
    record_predictions,
)

ALL = "all"  # the pooled group: every question of every group


def scorer(metric: str, format_regex: str | re.Pattern | None = None):
    """``(applies, score)`` for one per-question metric (see the module's docstring)."""
    if metric in QUESTION_METRICS:
        return QUESTION_METRICS[metric]
    if metric == "format":
        if format_regex is None:
            raise ValueError("the format metric needs the house format's regex (format_regex=...)")
        return (lambda p: True, lambda p: format_compliance(p.prediction, format_regex))
    if metric == "words":
        return (lambda p: True, lambda p: float(len((p.prediction or "").split())))
    if metric == "latency_s":
        return (lambda p: p.latency_s is not None, lambda p: float(p.latency_s))
    raise ValueError(
        f"unknown metric {metric!r}: use one of {[*QUESTION_METRICS, 'format', 'words', 'latency_s']}"
    )


def paired_bootstrap(
    a: Sequence[float],
    b: Sequence[float],
    facts: Sequence[str],
    n_resamples: int = 2000,
    seed: int = 0,
) -> tuple[float, float, float]:
    """The mean of ``a - b`` question by question and its 95 % interval from a bootstrap **over
    facts**: each resample draws facts with replacement and keeps all the questions of a drawn fact,
    so the two wordings of a fact move together. Notebook 5's exercise 5.1; the course's own path
    is :func:`utils.metrics.paired_difference` (the same computation, rounded for JSON).

    >>> paired_bootstrap([1, 1, 0, 0], [0, 0, 0, 0], ["f1", "f1", "f2", "f2"])
    (0.5, 0.0, 1.0)
    """
    from utils.metrics import bootstrap_ci

    if not (len(a) == len(b) == len(facts)):
        raise ValueError(f"{len(a)}, {len(b)} and {len(facts)} values: one per question each")
    diffs = [x - y for x, y in zip(a, b, strict=True)]
    low, high = bootstrap_ci(diffs, n_resamples=n_resamples, seed=seed, clusters=list(facts))
    return sum(diffs) / len(diffs), low, high


def _rows(record: Mapping, group: str) -> dict[str, Prediction]:
    rows = record_predictions(record)
    return {p.qid: p for p in rows if group == ALL or p.group == group}


def _facts(rows: Sequence[Prediction]) -> list[str] | None:
    facts = [p.fact_id for p in rows]
    return facts if all(facts) else None


def single(
    record: Mapping,
    metric: str,
    group: str = ALL,
    *,
    format_regex=None,
    where: Callable[[Prediction], bool] | None = None,
) -> dict | None:
    """One system's ``{"value", "ci95", "n"}`` on ``group`` (``"all"``: every question), interval
    over facts; ``where`` keeps some rows only (e.g. the questions retrieval answered). None when no
    row applies."""
    applies, score = scorer(metric, format_regex)
    rows = [p for p in _rows(record, group).values() if applies(p) and (where is None or where(p))]
    if not rows:
        return None
    return {**with_ci([score(p) for p in rows], _facts(rows)), "n": len(rows)}


def paired(
    record_a: Mapping, record_b: Mapping, metric: str, group: str = ALL, *, format_regex=None
) -> dict | None:
    """``a - b`` on the questions of ``group`` both answered, paired, interval over facts;
    :class:`DifferentQuestionsError` when the two records hold different questions there."""
    a, b = _rows(record_a, group), _rows(record_b, group)
    if set(a) != set(b):
        raise DifferentQuestionsError(
            f"{record_a.get('system')} and {record_b.get('system')} answered different {group!r} "
            f"questions ({len(set(a) - set(b))} only in the first, {len(set(b) - set(a))} only in "
            "the second): evaluate both on the same questions (utils.evaluation.reuse_or_evaluate)"
        )
    applies, score = scorer(metric, format_regex)
    qids = [q for q in a if applies(a[q]) and applies(b[q])]
    if not qids:
        return None
    diff = paired_difference(
        [score(a[q]) for q in qids], [score(b[q]) for q in qids], _facts([a[q] for q in qids])
    )
    return {**diff, "n": len(qids)}


def groups_of(record: Mapping) -> list[str]:
    """The groups a record answered, in the usual order."""
    from utils.records import GROUPS

    present = {p["group"] for p in record.get("predictions", [])}
    return [g for g in GROUPS if g in present]


def numbers(
    records: Mapping[str, Mapping],
    pairs: Iterable[tuple[str, str]],
    metrics: Sequence[str] = ("accepted", "contains", "mcq_accuracy"),
    *,
    groups: Sequence[str] | None = None,
    format_regex=None,
    pooled: Sequence[str] = ("format", "words", "latency_s"),
) -> dict:
    """The flat numbers of the scorecard for these records: ``metric/<system>/<group>/<metric>`` for
    every system and ``paired/<a>-<b>/<group>/<metric>`` for every pair, per group (the groups both
    answered) for ``metrics`` and pooled over all questions (``all``) for ``pooled``."""
    out: dict = {}
    for name, record in records.items():
        for group in groups or groups_of(record):
            for metric in metrics:
                cell = single(record, metric, group, format_regex=format_regex)
                if cell is not None:
                    out[f"metric/{name}/{group}/{metric}"] = cell
        for metric in pooled:
            cell = single(record, metric, ALL, format_regex=format_regex)
            if cell is not None:
                out[f"metric/{name}/{ALL}/{metric}"] = cell
    for a, b in pairs:
        shared = [g for g in groups_of(records[a]) if g in groups_of(records[b])]
        for group in [g for g in shared if groups is None or g in groups]:
            for metric in metrics:
                cell = paired(records[a], records[b], metric, group, format_regex=format_regex)
                if cell is not None:
                    out[f"paired/{a}-{b}/{group}/{metric}"] = cell
        if set(_rows(records[a], ALL)) == set(_rows(records[b], ALL)):
            for metric in pooled:
                cell = paired(records[a], records[b], metric, ALL, format_regex=format_regex)
                if cell is not None:
                    out[f"paired/{a}-{b}/{ALL}/{metric}"] = cell
    return out


# --- stale answers --------------------------------------------------------------------------------

STALE_KINDS = ("new", "stale", "both", "neither")


def stale_kind(
    answer: str | None,
    old: str,
    new: str,
    old_aliases: Sequence[str] = (),
    new_aliases: Sequence[str] = (),
) -> str:
    """What an answer about a changed fact gives: ``"new"`` (the v2 value only), ``"stale"`` (the v1
    value only), ``"both"`` or ``"neither"``; a value counts under any of its aliases, as whole words
    (the ``accepted`` metric).

    >>> stale_kind("It now costs €319.", "€349", "€319")
    'new'
    >>> stale_kind("349 euros", "€349", "€319", ["349 euros"])
    'stale'
    >>> stale_kind("It was €349, now €319.", "€349", "€319")
    'both'
    """
    has_new = accepted(answer, new, new_aliases) > 0
    has_old = accepted(answer, old, old_aliases) > 0
    return {(True, False): "new", (False, True): "stale", (True, True): "both"}.get(
        (has_new, has_old), "neither"
    )


def stale_rate(kinds: Sequence[str]) -> dict:
    """The share of answers that give the old value (``stale`` or ``both``), with its interval over
    the answers' facts when ``kinds`` is a list of ``(kind, fact_id)`` pairs, else over answers."""
    pairs = [k if isinstance(k, tuple) else (k, None) for k in kinds]
    facts = [f for _, f in pairs]
    return with_ci([float(k in ("stale", "both")) for k, _ in pairs], facts if all(facts) else None)


# --- the knowledge-update experiment ---------------------------------------------------------------


def update_fact_ids(facts: Iterable) -> tuple[list[str], list[str]]:
    """The ids of the facts that change in v2, and of those new in v2, in file order."""
    facts = list(facts)
    return (
        [f.fact_id for f in facts if f.status == "changed"],
        [f.fact_id for f in facts if f.status == "new"],
    )


def retention_questions(seen: Sequence, facts: Mapping, n_facts: int | None, seed: int = 0) -> list:
    """The ``seen`` questions of facts that do not change in v2, ``n_facts`` of those facts (both
    wordings each; None: every one): what an update must not break."""
    from utils.evaluation import sample_facts

    unchanged = [q for q in seen if facts[q.fact_id].status == "unchanged"]
    return sample_facts(unchanged, n_facts, seed=seed, key="retained")


def answers_from(record: Mapping, groups: Mapping[str, Sequence]) -> list[Prediction]:
    """The answers ``record`` already holds to the questions of ``groups``, labelled with those
    groups' names: a question asked of the same system on the same index is answered once.

    >>> from utils.records import build_record
    >>> record = build_record("ft", [Prediction("q1", "seen", "Colour?", "blue", "blue")],
    ...                       profile="quick")
    >>> class Q: qid = "q1"
    >>> [(p.group, p.prediction) for p in answers_from(record, {"retained": [Q()]})]
    [('retained', 'blue')]
    """
    from dataclasses import replace

    by_qid = {p.qid: p for p in record_predictions(record)}
    missing = [q.qid for qs in groups.values() for q in qs if q.qid not in by_qid]
    if missing:
        raise DifferentQuestionsError(
            f"The {record.get('system')!r} record does not hold {len(missing)} of these questions "
            f"(first {missing[0]!r}): it was made for other questions. Re-run section 1 of "
            "notebook 5 in this profile, which answers them."
        )
    return [replace(by_qid[q.qid], group=g) for g, qs in groups.items() for q in qs]


UPDATE_GROUPS = ("updated", "new", "retained")


def _update_record(name: str, rows: Sequence[Prediction]) -> dict:
    from utils.records import build_record

    return build_record(name, list(rows), profile="update")


def update_table(
    rows: Mapping[str, Sequence[Prediction]],
    seconds: Mapping[str, float],
    kinds: Mapping[str, Sequence],
    ways: Mapping[str, str],
):
    """One row per way of absorbing v2: the seconds it took, the accepted share (and interval) on
    changed, new and retained facts, and the stale rate on changed facts."""
    import pandas as pd

    table = {}
    for way, label in ways.items():
        record = _update_record(way, rows[way])
        row = {"seconds": round(seconds[way], 2)}
        for group, shown in zip(UPDATE_GROUPS, ("changed", "new", "retained"), strict=True):
            cell = single(record, "accepted", group)
            row[shown] = None if cell is None else cell["value"]
            row[f"{shown} low"], row[f"{shown} high"] = (
                (None, None) if cell is None else cell["ci95"]
            )
        stale = stale_rate(kinds[way])
        row["stale (changed)"] = stale["value"]
        table[label] = row
    return pd.DataFrame(table).T


def update_numbers(
    systems: Mapping[str, Mapping],
    rows: Mapping[str, Sequence[Prediction]],
    seconds: Mapping[str, float],
    kinds: Mapping[str, Sequence],
) -> dict:
    """The update experiment's numbers for the scorecard: the paired differences that test
    learning style (after minus before the update; each way minus the base model on new facts), the
    seconds each way took, and its accepted and stale shares."""
    records = {way: _update_record(way, r) for way, r in rows.items()}
    base_new = [p for p in record_predictions(systems["base"]) if p.group == "new"]
    records["base"] = _update_record("base", base_new)
    out: dict = {}
    pairs = [
        ("rag_update", "rag_v1"),
        ("ft_rag_update", "ft_rag_v1"),
        ("ft_v1", "base"),
        ("ft_partial", "ft_v1"),
        ("ft_full", "ft_v1"),
        ("ft_rag_update", "ft_v1"),
        ("rag_update", "ft_partial"),
    ]
    for a, b in pairs:
        if a not in records or b not in records:
            continue
        for group in UPDATE_GROUPS:
            try:
                cell = paired(records[a], records[b], "accepted", group)
            except DifferentQuestionsError:
                continue
            if cell is not None:
                out[f"paired/{a}-{b}/{group}/accepted"] = cell
    for way, record in records.items():
        if way == "base":
            continue
        for group in UPDATE_GROUPS:
            cell = single(record, "accepted", group)
            if cell is not None:
                out[f"metric/{way}/{group}/accepted"] = cell
        if way in kinds:
            out[f"metric/{way}/updated/stale"] = stale_rate(kinds[way])
    out |= {f"update/{way}/seconds": float(s) for way, s in seconds.items()}
    return out


# --- resources ----------------------------------------------------------------------------------


def _parameter_mb(module) -> float:
    return sum(p.numel() * p.element_size() for p in module.parameters()) / 2**20


def resident_mb(model, embedder, index, ft_model) -> dict[str, float]:
    """What each system keeps in memory to answer, in MB, counted from what it holds: the language
    model's weights; for RAG also the embedder's weights and the index's vectors (float32); for the
    fine-tuned model also the adapter's weights (none once merged)."""
    from utils.retrieval import EMBED_DIM, chunk_count

    llm = _parameter_mb(model)
    encoder = _parameter_mb(getattr(embedder, "_model", embedder))
    vectors = chunk_count(index) * EMBED_DIM * 4 / 2**20
    adapter = (
        sum(p.numel() * p.element_size() for n, p in ft_model.named_parameters() if "lora_" in n)
        / 2**20
    )
    return {
        "base": llm,
        "rag": llm + encoder + vectors,
        "ft": llm + adapter,
        "ft_rag": llm + adapter + encoder + vectors,
    }


def disk_mb(folder) -> float:
    """The size of every file under ``folder``, in MB (0 when it does not exist)."""
    from pathlib import Path

    return sum(f.stat().st_size for f in Path(folder).rglob("*") if f.is_file()) / 2**20
