"""Answer and retrieval metrics shared by the whole course.

Every metric here works on plain strings and lists, so it can be unit-tested on hand-made cases,
and nothing here imports a model: the multiple-choice scorer, which needs one, is :mod:`utils.mcq`.
Each per-question score is a float in [0, 1]; ``with_ci`` turns a list of them into the
``{"value", "ci95"}`` pair every result file uses.
"""

from __future__ import annotations

import math
import re
import string
import unicodedata
from collections import Counter
from collections.abc import Sequence

from utils.settings import SEED

_ARTICLES = re.compile(r"\b(a|an|the)\b")
# Punctuation inside a number ("1.5", "1,200", "3/4") carries meaning: keep it there, drop it
# elsewhere.
_NUMBER_PUNCT = re.compile(r"(?<=\d)[.,/:](?=\d)")
_PUNCT = re.compile(f"[{re.escape(string.punctuation)}’‘“”–—…]")


def normalize_answer(text: str | None) -> str:
    """Lower-case, strip accents' compatibility forms, punctuation (not inside numbers), articles
    and extra spaces, so that surface differences do not count as errors.

    >>> normalize_answer("  The Harbour-Blue colour.")
    'harbour blue colour'
    >>> normalize_answer("1,200 mAh; 1.5 kg")
    '1200 mah 1.5 kg'
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)  # thousands separators: 1,200 -> 1200
    protected = _NUMBER_PUNCT.sub(
        lambda m: {".": "\0", ",": "\1", "/": "\2", ":": "\3"}[m.group()], text
    )
    cleaned = _PUNCT.sub(" ", protected)
    cleaned = cleaned.translate({0: ".", 1: ",", 2: "/", 3: ":"})
    cleaned = _ARTICLES.sub(" ", cleaned)
    return " ".join(cleaned.split())


# --- answer metrics -------------------------------------------------------------------------------


def exact_match(prediction: str | None, gold: str | None) -> float:
    """1.0 when the normalised prediction equals the normalised gold answer, else 0.0.

    >>> exact_match("The Harbour Blue.", "harbour blue")
    1.0
    >>> exact_match("1.5 kg", "15 kg")
    0.0
    """
    return float(normalize_answer(prediction) == normalize_answer(gold))


def token_f1(prediction: str | None, gold: str | None) -> float:
    """SQuAD-style F1 of the normalised tokens: partial credit for overlapping words.

    Both empty: 1.0; only one empty: 0.0.

    >>> token_f1("harbour blue colour", "blue")
    0.5
    """
    pred_tokens = normalize_answer(prediction).split()
    gold_tokens = normalize_answer(gold).split()
    if not pred_tokens or not gold_tokens:
        return float(pred_tokens == gold_tokens)
    overlap = sum((Counter(pred_tokens) & Counter(gold_tokens)).values())
    if overlap == 0:
        return 0.0
    precision = overlap / len(pred_tokens)
    recall = overlap / len(gold_tokens)
    return 2 * precision * recall / (precision + recall)


def contains(prediction: str | None, gold: str | None) -> float:
    """1.0 when the normalised gold occurs in the normalised prediction on whole tokens.

    The fairest answer metric for a chatty small model: "It is blue." contains "blue", but
    "112 kg" does not contain "12 kg". An empty gold answer never counts as contained.

    >>> contains("It weighs 1.5 kg in total.", "1.5 kg"), contains("112 kg", "12 kg")
    (1.0, 0.0)
    """
    gold_norm = normalize_answer(gold)
    if not gold_norm:
        return 0.0
    return float(f" {gold_norm} " in f" {normalize_answer(prediction)} ")


def format_compliance(text: str | None, regex: str | re.Pattern) -> float:
    """1.0 when the whole stripped ``text`` matches ``regex`` (``re.fullmatch``), else 0.0.

    >>> format_compliance("  Answer: 42 ", r"Answer: \\d+")
    1.0
    >>> format_compliance("The answer: 42", r"Answer: \\d+")
    0.0
    """
    return float(re.fullmatch(regex, (text or "").strip()) is not None)


# --- retrieval metrics ----------------------------------------------------------------------------


def hit_at_k(retrieved_ids: Sequence[str], gold_id: str, k: int) -> float:
    """1.0 when ``gold_id`` is among the first ``k`` retrieved ids (k may exceed the list).

    >>> hit_at_k(["d3", "d1", "d7"], "d1", k=2), hit_at_k(["d3", "d1"], "d1", k=1)
    (1.0, 0.0)
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    return float(gold_id in list(retrieved_ids)[:k])


def reciprocal_rank(retrieved_ids: Sequence[str], gold_id: str) -> float:
    """1 / (rank of ``gold_id``, counted from 1); 0.0 when it was not retrieved.

    >>> reciprocal_rank(["d3", "d1", "d7"], "d1"), reciprocal_rank(["d3"], "d1")
    (0.5, 0.0)
    """
    retrieved = list(retrieved_ids)
    return 1.0 / (retrieved.index(gold_id) + 1) if gold_id in retrieved else 0.0


def mrr(retrieved_lists: Sequence[Sequence[str]], gold_ids: Sequence[str]) -> float:
    """Mean reciprocal rank over queries (NaN for no queries).

    >>> mrr([["d1", "d2"], ["d2", "d1"], ["d9"]], ["d1", "d1", "d1"])
    0.5
    """
    if len(retrieved_lists) != len(gold_ids):
        raise ValueError(f"{len(retrieved_lists)} retrieval lists but {len(gold_ids)} gold ids")
    if not gold_ids:
        return math.nan
    ranks = [reciprocal_rank(r, g) for r, g in zip(retrieved_lists, gold_ids, strict=True)]
    return sum(ranks) / len(ranks)


# --- confidence intervals -------------------------------------------------------------------------


def bootstrap_ci(
    values: Sequence[float],
    n_resamples: int = 1000,
    alpha: float = 0.05,
    seed: int = SEED,
    clusters: Sequence | None = None,
) -> tuple[float, float]:
    """Percentile-bootstrap ``1 - alpha`` confidence interval of the mean of ``values``.

    Resamples with replacement ``n_resamples`` times (``numpy.random.default_rng(seed)``, so the
    interval is reproducible) and takes the ``alpha/2`` and ``1 - alpha/2`` quantiles of the
    resampled means. No values: ``(nan, nan)``; one value ``v``: ``(v, v)``.

    ``clusters`` (one label per value, e.g. the fact each question asks about) resamples whole
    clusters: the values of one cluster move together. Two wordings of one fact are not two
    independent measurements, so resampling questions would make the interval too narrow.

    >>> bootstrap_ci([1.0, 1.0, 1.0])
    (1.0, 1.0)
    >>> bootstrap_ci([1.0, 1.0, 0.0, 0.0], clusters=["f1", "f1", "f2", "f2"])
    (0.0, 1.0)
    """
    import numpy as np

    data = np.asarray(values, dtype=float)
    if data.size == 0:
        return (math.nan, math.nan)
    if clusters is None:
        if data.size == 1:
            return (float(data[0]), float(data[0]))
        rng = np.random.default_rng(seed)
        means = data[rng.integers(0, data.size, size=(n_resamples, data.size))].mean(axis=1)
    else:
        sums, counts = _cluster_sums(data, clusters)
        if sums.size == 1:
            return (float(data.mean()), float(data.mean()))
        rng = np.random.default_rng(seed)
        picked = rng.integers(0, sums.size, size=(n_resamples, sums.size))
        means = sums[picked].sum(axis=1) / counts[picked].sum(axis=1)
    low, high = np.quantile(means, [alpha / 2, 1 - alpha / 2])
    return (float(low), float(high))


def _cluster_sums(data, clusters: Sequence):
    """The sum and the count of the values of each cluster, clusters in order of appearance."""
    import numpy as np

    if len(clusters) != data.size:
        raise ValueError(f"{data.size} values but {len(clusters)} cluster labels")
    labels: dict = {}
    index = np.array([labels.setdefault(c, len(labels)) for c in clusters])
    return np.bincount(index, weights=data), np.bincount(index).astype(float)


def _rounded(x: float, digits: int = 4) -> float | None:
    """``x`` rounded for JSON, or None for NaN/infinity (JSON has no NaN)."""
    return round(float(x), digits) if math.isfinite(x) else None


def with_ci(values: Sequence[float], clusters: Sequence | None = None) -> dict:
    """The mean of ``values`` and its 95 % bootstrap interval, rounded and JSON-ready.

    ``clusters``: one label per value (the fact of each question): the interval resamples whole
    clusters (see :func:`bootstrap_ci`). No values give ``None`` (JSON ``null``) rather than NaN.

    >>> with_ci([1.0, 1.0, 0.0, 1.0])["value"]
    0.75
    >>> with_ci([])
    {'value': None, 'ci95': [None, None]}
    """
    mean = sum(values) / len(values) if len(values) else math.nan
    low, high = bootstrap_ci(values, clusters=clusters)
    return {"value": _rounded(mean), "ci95": [_rounded(low), _rounded(high)]}


def paired_difference(
    a: Sequence[float], b: Sequence[float], clusters: Sequence | None = None
) -> dict:
    """The mean of ``a - b`` question by question, with its 95 % bootstrap interval: a paired
    comparison of two systems on the same questions (``clusters``: the fact of each question).

    A difference is claimed only when its interval excludes zero.

    >>> paired_difference([1, 1, 0, 1], [0, 1, 0, 0])["value"]
    0.5
    """
    if len(a) != len(b):
        raise ValueError(
            f"a paired difference needs the same questions: {len(a)} vs {len(b)} values"
        )
    return with_ci([x - y for x, y in zip(a, b, strict=True)], clusters)


# --- multiple choice --------------------------------------------------------------------------------


def mcq_accuracy(predicted: Sequence[int], gold_index: Sequence[int]) -> float:
    """Share of questions whose predicted option index is the gold one (NaN for no questions).

    >>> mcq_accuracy([0, 2, 1, 1], [0, 2, 0, 1])
    0.75
    """
    if len(predicted) != len(gold_index):
        raise ValueError(f"{len(predicted)} predictions but {len(gold_index)} gold indices")
    if not predicted:
        return math.nan
    return sum(int(p) == int(g) for p, g in zip(predicted, gold_index, strict=True)) / len(
        predicted
    )
