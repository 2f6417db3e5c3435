"""The evaluation record: one kind of file for every system (base model, RAG, fine-tuned, both).

Every notebook that evaluates a system turns its answers into ``Prediction`` rows, builds a record
with ``build_record`` and writes it with ``write_record`` to ``results/eval/<system>.json``;
notebook 5 loads them all back and compares them with ``comparison_table``. Every metric is
written as ``{"value": x, "ci95": [lo, hi]}`` (a 95 % bootstrap interval), and JSON ``null`` where
there is no value: the files never contain NaN. Running a system is :mod:`utils.evaluation`.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from utils import __version__
from utils.aliases import accepted
from utils.metrics import (
    contains,
    exact_match,
    format_compliance,
    hit_at_k,
    paired_difference,
    reciprocal_rank,
    token_f1,
    with_ci,
)
from utils.settings import results_dir as default_results_dir

if TYPE_CHECKING:
    import pandas

# The systems the course compares, in display order, and the notebook that writes each record.
SYSTEMS = ("base", "rag", "ft", "ft_rag")
NOTEBOOK_OF = {"base": "0b", "rag": "2b", "ft": "4c", "ft_rag": "5"}  # the notebook writing it
GROUPS = ("seen", "unseen", "robustness", "updated", "new")  # usual groups, display order
RETRIEVAL_K = 3
METRIC_ORDER = (
    "accepted",
    "contains",
    "exact_match",
    "f1",
    "mcq_accuracy",
    f"hit@{RETRIEVAL_K}",
    "mrr",
    "format_compliance",
)
_SYSTEM_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.+-]*")
# Facts about products, and facts of the policies, services, guides, the app and the company page:
# every group is also reported split this way, so that a difference is not one kind of fact alone.
DOMAINS = ("product", "policy/service")
_NON_PRODUCT = ("policy", "service", "guide", "app", "about")


def domain_of(doc_id: str | None) -> str | None:
    """``product`` or ``policy/service``, from a document id (None when there is none).

    >>> domain_of("tessel-a250"), domain_of("policy-returns"), domain_of("guide-sos")
    ('product', 'policy/service', 'policy/service')
    """
    if not doc_id:
        return None
    return "policy/service" if doc_id.split("-")[0] in _NON_PRODUCT else "product"


def is_sibling(doc_id: str | None, other: str | None) -> bool:
    """True when two different product documents belong to one product family (the start of the id:
    the Tessel A200 is a sibling of the Tessel A250). Notebooks 1 and 2 count the retrieval misses
    that rank a sibling first.

    >>> is_sibling("tessel-a200", "tessel-a250"), is_sibling("tessel-a200", "glimra-t12")
    (True, False)
    >>> is_sibling("policy-returns", "policy-recycling"), is_sibling("tessel-a200", "tessel-a200")
    (False, False)
    """
    if not doc_id or not other or doc_id == other or domain_of(doc_id) != "product":
        return False
    return domain_of(other) == "product" and doc_id.split("-")[0] == other.split("-")[0]


@dataclass
class Prediction:
    """One evaluated question: what was asked, what the system answered, and what it cost."""

    qid: str
    group: str  # "seen" | "unseen" | "robustness" | "updated" | "new"
    question: str
    gold: str
    prediction: str
    mcq_choice: int | None = None
    mcq_gold: int | None = None
    retrieved_doc_ids: list[str] | None = None
    gold_doc_id: str | None = None
    latency_s: float | None = None
    prompt_tokens: int | None = None
    output_tokens: int | None = None
    fact_id: str | None = None  # both wordings of a fact share it: intervals resample facts
    mcq_scores: list[float] | None = None  # the log-likelihood of each option, in option order
    aliases: list[str] | None = None  # other ways of writing the gold that count (``accepted``)


# --- metrics per group --------------------------------------------------------------------------


def _groups_in_order(predictions: Sequence[Prediction]) -> list[str]:
    """The groups present, the usual ones first in ``GROUPS`` order, then others as they appear.

    >>> rows = [Prediction("1", "unseen", "", "", ""), Prediction("2", "seen", "", "", "")]
    >>> _groups_in_order(rows)
    ['seen', 'unseen']
    """
    present = list(dict.fromkeys(p.group for p in predictions))
    return [g for g in GROUPS if g in present] + [g for g in present if g not in GROUPS]


# Each per-question metric: which rows it applies to, and the score of one row.
QUESTION_METRICS = {
    # the headline free-text metric: the gold or one of its aliases, contained as whole words
    "accepted": (lambda p: True, lambda p: accepted(p.prediction, p.gold, p.aliases)),
    "contains": (lambda p: True, lambda p: contains(p.prediction, p.gold)),
    "exact_match": (lambda p: True, lambda p: exact_match(p.prediction, p.gold)),
    "f1": (lambda p: True, lambda p: token_f1(p.prediction, p.gold)),
    "mcq_accuracy": (
        lambda p: p.mcq_choice is not None and p.mcq_gold is not None,
        lambda p: float(p.mcq_choice == p.mcq_gold),
    ),
    f"hit@{RETRIEVAL_K}": (
        lambda p: p.retrieved_doc_ids is not None and p.gold_doc_id is not None,
        lambda p: hit_at_k(p.retrieved_doc_ids, p.gold_doc_id, RETRIEVAL_K),
    ),
    "mrr": (
        lambda p: p.retrieved_doc_ids is not None and p.gold_doc_id is not None,
        lambda p: reciprocal_rank(p.retrieved_doc_ids, p.gold_doc_id),
    ),
}


def _facts_of(rows: Sequence[Prediction]) -> list[str] | None:
    """The fact of each row, the clusters of the bootstrap; None when a row does not say."""
    facts = [p.fact_id for p in rows]
    return facts if all(facts) else None


def _metric(rows: Sequence[Prediction], metric: str) -> dict | None:
    """``{"value", "ci95"}`` of ``metric`` over the rows it applies to; None when none."""
    applies, score = QUESTION_METRICS[metric]
    scored = [p for p in rows if applies(p)]
    if not scored:
        return None
    return with_ci([score(p) for p in scored], _facts_of(scored))


def summarize(
    predictions: Sequence[Prediction], *, format_regex: str | re.Pattern | None = None
) -> dict:
    """Metrics per group: ``{group: {"n": int, metric: {"value": x, "ci95": [lo, hi]}, ...}}``.

    Always ``accepted``, ``contains``, ``exact_match`` and ``f1``; ``mcq_accuracy`` only when some rows have an
    MCQ choice and gold index; ``hit@3`` and ``mrr`` only when some rows have retrieved document
    ids and a gold document id; ``format_compliance`` only when ``format_regex`` is given.

    >>> rows = [Prediction("q1", "seen", "Colour?", "blue", "It is blue."),
    ...         Prediction("q2", "seen", "Weight?", "12 kg", "112 kg")]
    >>> summary = summarize(rows)
    >>> summary["seen"]["n"], summary["seen"]["contains"]["value"], sorted(summary["seen"])
    (2, 0.5, ['accepted', 'contains', 'exact_match', 'f1', 'n'])

    Intervals resample facts, not questions, when every row names its fact (``fact_id``).
    """
    summary = {}
    for group in _groups_in_order(predictions):
        rows = [p for p in predictions if p.group == group]
        metrics = {"n": len(rows)}
        for metric in QUESTION_METRICS:
            result = _metric(rows, metric)
            if result is not None:
                metrics[metric] = result
        if format_regex is not None:
            scores = [format_compliance(p.prediction, format_regex) for p in rows]
            metrics["format_compliance"] = with_ci(scores, _facts_of(rows))
        summary[group] = metrics
    return summary


def summarize_by_domain(
    predictions: Sequence[Prediction], *, format_regex: str | re.Pattern | None = None
) -> dict:
    """``{group: {domain: metrics}}``: :func:`summarize` of each group's product facts and
    policy/service facts apart (rows without a document id are left out)."""
    out: dict = {}
    for domain in DOMAINS:
        rows = [p for p in predictions if domain_of(p.gold_doc_id) == domain]
        for group, metrics in summarize(rows, format_regex=format_regex).items():
            out.setdefault(group, {})[domain] = metrics
    return {g: out[g] for g in _groups_in_order(predictions) if g in out}


# --- two systems on the same questions ------------------------------------------------------------


class DifferentQuestionsError(ValueError):
    """Two records do not hold the same questions, so they cannot be compared question by question."""


def paired_differences(
    record_a: Mapping,
    record_b: Mapping,
    metrics: Sequence[str] = ("accepted", "contains", "mcq_accuracy"),
    *,
    domain: str | None = None,
) -> dict:
    """``{group: {metric: {"value", "ci95", "n"}}}``: system A minus system B on each question both
    answered, with a paired bootstrap interval over facts. A difference is claimed only when its
    interval excludes zero. Refuses records that do not hold the same questions in a group.
    ``domain`` (one of ``DOMAINS``) keeps the questions of that kind of fact only.
    """
    rows_a, rows_b = record_predictions(record_a), record_predictions(record_b)
    if domain is not None:
        rows_a = [p for p in rows_a if domain_of(p.gold_doc_id) == domain]
        rows_b = [p for p in rows_b if domain_of(p.gold_doc_id) == domain]
    result = {}
    for group in [g for g in _groups_in_order(rows_a) if g in {p.group for p in rows_b}]:
        a = {p.qid: p for p in rows_a if p.group == group}
        b = {p.qid: p for p in rows_b if p.group == group}
        if set(a) != set(b):
            raise DifferentQuestionsError(
                f"{record_a['system']} and {record_b['system']} answered different {group!r} "
                f"questions ({len(set(a) - set(b))} only in the first, {len(set(b) - set(a))} only "
                "in the second): evaluate both on the same questions "
                "(utils.evaluation.reuse_or_evaluate), then compare."
            )
        result[group] = {}
        for metric in metrics:
            applies, score = QUESTION_METRICS[metric]
            qids = [q for q in a if applies(a[q]) and applies(b[q])]
            if qids:
                diff = paired_difference(
                    [score(a[q]) for q in qids], [score(b[q]) for q in qids],
                    _facts_of([a[q] for q in qids]),
                )  # fmt: skip
                result[group][metric] = {**diff, "n": len(qids)}
    return result


# --- the record -----------------------------------------------------------------------------------


def _percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q``-th percentile of ``values`` rounded to 4 decimals, or None for no values."""
    import numpy as np

    return round(float(np.percentile(values, q)), 4) if len(values) else None


def _mean_or_none(values: Sequence[float]) -> float | None:
    """The mean rounded to 2 decimals, or None for no values.

    >>> _mean_or_none([10, 11]), _mean_or_none([])
    (10.5, None)
    """
    return round(sum(values) / len(values), 2) if values else None


def _cost_summary(predictions: Sequence[Prediction]) -> dict:
    """Latency p50/p95 per question and mean prompt/output tokens, over the rows that have them."""
    latencies = [p.latency_s for p in predictions if p.latency_s is not None]
    return {
        "latency_s": {"p50": _percentile(latencies, 50), "p95": _percentile(latencies, 95)},
        "prompt_tokens_mean": _mean_or_none(
            [p.prompt_tokens for p in predictions if p.prompt_tokens is not None]
        ),
        "output_tokens_mean": _mean_or_none(
            [p.output_tokens for p in predictions if p.output_tokens is not None]
        ),
    }


def build_record(
    system: str,
    predictions: Sequence[Prediction],
    *,
    profile,
    format_regex: str | re.Pattern | None = None,
    peak_rss_mb: float | None = None,
    extra: Mapping | None = None,
) -> dict:
    """Everything measured about one system, ready for ``write_record``.

    ``profile`` is a ``utils.settings.Profile`` or its name. Keys: ``system``, ``profile``,
    ``n_questions``, ``metrics`` (``summarize``), ``latency_s`` (``p50``/``p95`` per question),
    ``prompt_tokens_mean``, ``output_tokens_mean``, ``peak_rss_mb``, ``predictions`` (one dict per
    row), ``created_with`` (the package version), ``machine`` (:func:`machine_settings`) and
    ``extra`` (anything else, e.g. training time).

    >>> record = build_record("rag", [Prediction("q1", "seen", "Colour?", "blue", "blue",
    ...                                          latency_s=0.5)], profile="quick")
    >>> record["n_questions"], record["latency_s"], record["metrics"]["seen"]["exact_match"]
    (1, {'p50': 0.5, 'p95': 0.5}, {'value': 1.0, 'ci95': [1.0, 1.0]})
    """
    _check_system_name(system)
    return {
        "system": system,
        "profile": getattr(profile, "name", profile),
        "n_questions": len(predictions),
        "metrics": summarize(predictions, format_regex=format_regex),
        "metrics_by_domain": summarize_by_domain(predictions, format_regex=format_regex),
        **_cost_summary(predictions),
        "peak_rss_mb": None if peak_rss_mb is None else round(float(peak_rss_mb), 1),
        "predictions": [asdict(p) for p in predictions],
        "created_with": f"utils {__version__}",
        "machine": machine_settings(),
        "extra": dict(extra or {}),
    }


def machine_settings() -> dict:
    """What the numbers of a record were measured with, so two machines' records can be told apart:
    the device, PyTorch's threads, the precision of each kind of work (float32 or bf16 autocast, and
    the speed ratio measured on this machine that chose it, :mod:`utils.precision`) and whether the
    CPU has native bf16."""
    import platform

    import torch

    from utils.models import cpu_has_native_bf16, pick_device
    from utils.precision import summary

    device = pick_device()
    return {
        "device": device,
        "threads": torch.get_num_threads(),
        "precision": summary(device),
        "cpu_native_bf16": cpu_has_native_bf16(),
        "platform": platform.machine(),
        "torch": torch.__version__,
    }


# --- files ----------------------------------------------------------------------------------------


def _check_system_name(system: str) -> None:
    """Refuse names that would not make a plain file name (``rag``, ``ft+rag`` and ``base`` do)."""
    if not isinstance(system, str) or not _SYSTEM_NAME.fullmatch(system):
        raise ValueError(
            f"system name {system!r} must be letters, digits and _ . + - (e.g. 'rag', 'ft_rag')"
        )


def record_path(system: str, results_dir: str | Path | None = None) -> Path:
    """Where the record of ``system`` lives: ``<results_dir>/eval/<system>.json``."""
    _check_system_name(system)
    return Path(results_dir or default_results_dir()) / "eval" / f"{system}.json"


def _json_safe(value):
    """``value`` with NaN/infinity as None, and NumPy values, tuples and paths made plain JSON."""
    if isinstance(value, Mapping):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if hasattr(value, "tolist"):  # NumPy / torch scalars and arrays
        return _json_safe(value.tolist())
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Path):
        return str(value)
    return value


def write_record(record: Mapping, results_dir: str | Path | None = None) -> Path:
    """Write ``record`` as pretty JSON to ``<results_dir>/eval/<system>.json``; return the path.

    Creates the folders; NaN becomes ``null``; the file is replaced atomically, so a reader never
    sees half a record.
    """
    path = record_path(record["system"], results_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(_json_safe(record), indent=2, ensure_ascii=False, allow_nan=False)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(text + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path


def load_record(system: str, results_dir: str | Path | None = None) -> dict:
    """Read back the record ``write_record`` wrote for ``system``.

    Raises a ``FileNotFoundError`` that names the missing file and what to run to create it.
    """
    path = record_path(system, results_dir)
    if not path.exists():
        notebook = NOTEBOOK_OF.get(system.lower().replace("+", "_").replace("-", "_"))
        which = f"notebook {notebook}" if notebook is not None else "the notebook that evaluates it"
        raise FileNotFoundError(
            f"No evaluation record for system {system!r} at {path}. "
            f"Run {which} first (notebook N writes results/eval/<system>.json), "
            "or `make run` to run every notebook."
        )
    return json.loads(path.read_text(encoding="utf-8"))


def load_records(systems: Iterable[str], results_dir: str | Path | None = None) -> list[dict]:
    """``load_record`` for each system, in order."""
    return [load_record(system, results_dir) for system in systems]


def record_predictions(record: Mapping) -> list[Prediction]:
    """The per-question rows of a record, back as :class:`Prediction` objects.

    >>> record = build_record("base", [Prediction("q1", "seen", "Colour?", "blue", "red")],
    ...                       profile="quick")
    >>> record_predictions(record)[0].prediction
    'red'

    A record without its per-question rows cannot be compared question by question: that raises a
    :class:`RecordError` naming the system and what to re-run.
    """
    system = record.get("system", "?")
    notebook = NOTEBOOK_OF.get(system)
    fix = (
        f"re-run notebook {notebook} (or `make run`) to write it again"
        if notebook is not None
        else "evaluate the system again and write its record with build_record"
    )
    rows = record.get("predictions")
    if not isinstance(rows, list) or not rows:
        raise RecordError(
            f"the record of {system!r} holds no per-question predictions, so no comparison can be "
            f"recomputed from it: {fix}"
        )
    fields = set(Prediction.__dataclass_fields__)
    required = {"qid", "group", "question", "gold", "prediction"}
    out = []
    for number, row in enumerate(rows, start=1):
        missing = sorted(required - set(row)) if isinstance(row, Mapping) else sorted(required)
        if missing:
            qid = row.get("qid", "?") if isinstance(row, Mapping) else "?"
            raise RecordError(
                f"the record of {system!r}: prediction {number} (question {qid}) lacks "
                f"{', '.join(missing)}: {fix}"
            )
        out.append(Prediction(**{k: v for k, v in row.items() if k in fields}))
    return out


class RecordError(ValueError):
    """An evaluation record that lacks what a comparison needs; the message says what to re-run."""


# --- display --------------------------------------------------------------------------------------


def _as_record_list(records) -> list[dict]:
    """Accept a list of records or a mapping ``{system: record}``."""
    return list(records.values()) if isinstance(records, Mapping) else list(records)


def metrics_long(records) -> pandas.DataFrame:
    """Every metric of every record as tidy rows: system, group, n, metric, value, lo, high.

    The shape to plot from (bars with error bars); ``comparison_table`` is the shape to read.
    """
    import pandas as pd

    rows = []
    for record in _as_record_list(records):
        for group, metrics in record["metrics"].items():
            for metric, result in metrics.items():
                if metric == "n":
                    continue
                low, high = result["ci95"]
                rows.append(
                    (record["system"], group, metrics["n"], metric, result["value"], low, high)
                )
    columns = ["system", "group", "n", "metric", "value", "low", "high"]
    return pd.DataFrame(rows, columns=columns)


def _format_cell(value: float | None, low: float | None, high: float | None) -> str:
    """``0.812 [0.700, 0.900]``, or an em dash for no value.

    >>> _format_cell(0.8125, 0.7, 0.9), _format_cell(None, None, None)
    ('0.812 [0.700, 0.900]', '—')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if low is None or high is None or any(map(math.isnan, (low, high))):
        return f"{value:.3f}"
    return f"{value:.3f} [{low:.3f}, {high:.3f}]"


def comparison_table(records) -> pandas.DataFrame:
    """Rows system x group, one column per metric, cells ``value [lo, hi]``: for notebooks to show.

    ``records``: a list of records (as ``build_record`` / ``load_record`` give) or ``{system:
    record}``. Metrics a system was not measured on show an em dash.
    """
    import pandas as pd

    tidy = metrics_long(records)
    if tidy.empty:
        return pd.DataFrame()
    tidy["cell"] = [_format_cell(*row) for row in tidy[["value", "low", "high"]].itertuples(False)]
    table = tidy.pivot_table(
        index=["system", "group", "n"], columns="metric", values="cell", aggfunc="first", sort=False
    )
    metrics = [m for m in METRIC_ORDER if m in table.columns]
    metrics += [m for m in table.columns if m not in metrics]
    return table[metrics].fillna("—").reset_index(level="n").rename_axis(columns=None)
