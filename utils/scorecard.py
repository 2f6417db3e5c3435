"""The scorecard: every popular claim about RAG vs fine-tuning, a verdict computed from the numbers.

Notebook 5 measures; this module judges. Each claim of the course design (:data:`CLAIMS`, quoted as
people state them) has one small rule (:data:`RULES`) that reads the run's numbers and returns a
:class:`Verdict`: *holds*, *holds with conditions*, *does not hold here*, or *not testable here* (then
what was measured instead). Nothing is typed by hand: feed a rule other numbers and the verdict and its
wording follow; ``tests/test_scorecard.py`` feeds each rule chosen numbers and checks the verdict.

**The numbers** are one flat mapping from a name to a value, the shape ``results/scorecard.json``
keeps. A name reads like a path:

* ``paired/<a>-<b>/<group>/<metric>``: the paired difference ``a - b`` over the same questions, a
  cell ``{"value": v, "ci95": [low, high]}`` (bootstrap over facts); ``<group>`` is one of
  ``seen unseen robustness updated new`` or ``all``; metrics: ``accepted``, ``mcq_accuracy``,
  ``format`` (house-format compliance), ``words`` (answer length), ``latency_s``, ``hit`` (hit@k);
* ``metric/<system>/<group>/<metric>``: one system's cell;
* ``resources/<system>/...``, ``train/...``, ``index/...``, ``retrieval/<retriever>/...``,
  ``cost/...``, ``complexity/<system>/<count>``: plain numbers.

A difference counts only when its interval excludes zero (DESIGN.md, "Rules that make a comparison
mean something"); every threshold a rule uses is a named constant below, shown in the verdict.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from utils.claims import CLAIM_BY_ID, CLAIMS, FINDINGS, Claim, Finding  # noqa: F401 (re-exported)
from utils.complexity import COUNTS as COMPLEXITY_COUNTS  # the counts the complexity rules compare

HOLDS = "holds"
CONDITIONS = "holds with conditions"
NOT_HERE = "does not hold here"
NOT_TESTABLE = "not testable here"
VERDICTS = (HOLDS, CONDITIONS, NOT_HERE, NOT_TESTABLE)

#: Style changed: the mean answer length moved by more than this share of the base model's length.
LENGTH_CHANGE = 0.25
#: Compute-intensive training: the training took more than this many times the index's one-off work.
INTENSIVE_RATIO = 10.0
#: High memory: the training's peak used more than this share of the machine's memory.
HIGH_MEMORY_SHARE = 0.5
#: A fast vector database matters when search takes more than this share of a RAG answer's time.
SEARCH_SHARE = 0.05
#: "Rise quickly": RAG's per-question cost is more than this many times the fine-tuned model's.
COST_RATIO = 2.0
#: "Costs a lot once": fine-tuning's one-off cost is more than this many times the index's.
ONE_OFF_RATIO = 10.0


@dataclass(frozen=True)
class Verdict:
    """A claim's verdict, the evidence in words (numbers included) and the names of the numbers."""

    claim: str
    verdict: str
    evidence: str
    measured: tuple[str, ...] = ()

    def __post_init__(self):
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {VERDICTS}, got {self.verdict!r}")


class MissingMeasurement(KeyError):
    """A rule needs a number this run did not measure."""


class _Reader:
    """Reads the numbers and remembers which ones a rule used (they go into the verdict)."""

    def __init__(self, numbers: Mapping):
        self.numbers = numbers
        self.used: list[str] = []

    def __call__(self, name: str):
        if name not in self.numbers or self.numbers[name] is None:
            raise MissingMeasurement(name)
        self.used.append(name)
        return self.numbers[name]

    def has(self, name: str) -> bool:
        return self.numbers.get(name) is not None

    def sign(self, name: str) -> int:
        """+1 when the cell's interval lies above zero, -1 below, 0 when it contains zero."""
        return sign(self(name))

    def cell(self, name: str) -> str:
        return fmt(self(name))


def sign(cell: Mapping) -> int:
    """+1 when the interval lies above zero, -1 when below, 0 when it contains zero (no difference
    shown) or is missing.

    >>> sign({"value": 0.2, "ci95": [0.05, 0.31]}), sign({"value": 0.02, "ci95": [-0.1, 0.1]})
    (1, 0)
    """
    low, high = cell["ci95"]
    if low is None or high is None:
        return 0
    return 1 if low > 0 else -1 if high < 0 else 0


def fmt(cell: Mapping | float, signed: bool = True) -> str:
    """A cell as ``+0.12 [+0.05, +0.19]``, a plain number with 3 significant digits.

    >>> fmt({"value": 0.125, "ci95": [0.05, 0.2]})
    '+0.12 [+0.05, +0.20]'
    >>> fmt(1234.5)
    '1.23e+03'
    """
    if isinstance(cell, Mapping):
        spec = "+.2f" if signed else ".2f"
        low, high = cell["ci95"]
        if cell["value"] is None:
            return "n/a"
        span = "" if low is None else f" [{low:{spec}}, {high:{spec}}]"
        return f"{cell['value']:{spec}}{span}"
    return f"{cell:.3g}"


def _differs(sign_: int) -> str:
    return {1: "higher", -1: "lower", 0: "no difference shown"}[sign_]


# --- the rules, one per claim ---------------------------------------------------------------------


def _l1(n: _Reader) -> tuple[str, str]:
    new = n.sign("paired/rag_update-rag_v1/new/accepted")
    changed = n.sign("paired/rag_update-rag_v1/updated/accepted")
    seconds = n("update/rag_update/seconds")
    evidence = (
        f"after updating the index in place ({fmt(seconds)} s), RAG's accepted answers on new facts "
        f"moved by {n.cell('paired/rag_update-rag_v1/new/accepted')} and on changed facts by "
        f"{n.cell('paired/rag_update-rag_v1/updated/accepted')} (same questions, before vs after)"
    )
    if new > 0 and changed > 0:
        return HOLDS, evidence
    if new > 0 or changed > 0:
        return CONDITIONS, evidence + "; only one of the two improved"
    return NOT_HERE, evidence + "; neither improved"


def _l2(n: _Reader) -> tuple[str, str]:
    untouched = n.sign("paired/ft_v1-base/new/accepted")
    evidence = (
        f"the v1 adapter, untouched, on new facts vs the base model: "
        f"{n.cell('paired/ft_v1-base/new/accepted')}"
    )
    if untouched > 0:
        return NOT_HERE, evidence + ": it answered new facts without re-training"
    further = n.sign("paired/ft_partial-ft_v1/new/accepted")
    evidence += (
        f"; trained further on the changed and new facts ({fmt(n('update/ft_partial/seconds'))} s): "
        f"{n.cell('paired/ft_partial-ft_v1/new/accepted')} ({_differs(further)})"
    )
    if n.has("paired/ft_rag_update-ft_v1/new/accepted"):
        via_rag = n.sign("paired/ft_rag_update-ft_v1/new/accepted")
        evidence += (
            f"; the same untouched adapter over the updated index: "
            f"{n.cell('paired/ft_rag_update-ft_v1/new/accepted')}"
        )
        if via_rag > 0:
            return CONDITIONS, evidence + (
                ": true of the weights alone, but with retrieval beside it the untouched adapter "
                "answers new facts"
            )
    return HOLDS, evidence


def _a1(n: _Reader) -> tuple[str, str]:
    unseen = n.sign("paired/rag-base/unseen/accepted")
    evidence = (
        f"on documents never trained on, RAG minus the base model: "
        f"{n.cell('paired/rag-base/unseen/accepted')} accepted"
    )
    if n.has("paired/rag-ft/unseen/accepted"):
        evidence += f"; RAG minus fine-tuned: {n.cell('paired/rag-ft/unseen/accepted')}"
    if n.has("metric/rag/unseen/accepted_on_hits") and n.has(
        "metric/rag/unseen/accepted_on_misses"
    ):
        evidence += (
            f"; accepted when retrieval found the document "
            f"{n.cell('metric/rag/unseen/accepted_on_hits')}, when it missed "
            f"{n.cell('metric/rag/unseen/accepted_on_misses')}"
        )
    return (HOLDS if unseen > 0 else NOT_HERE), evidence


def _style(n: _Reader, system: str) -> tuple[int, float, str]:
    """(compliance sign, relative length change, evidence) of ``system`` vs the base model."""
    compliance = n.sign(f"paired/{system}-base/all/format")
    words = n(f"paired/{system}-base/all/words")
    base_words = n("metric/base/all/words")
    base_value = base_words["value"] if isinstance(base_words, Mapping) else base_words
    relative = words["value"] / base_value if base_value else 0.0
    evidence = (
        f"house-format compliance {n.cell(f'paired/{system}-base/all/format')} and answer length "
        f"{n.cell(f'paired/{system}-base/all/words')} words ({relative:+.0%}) against the base model"
    )
    length_moved = sign(words) != 0 and abs(relative) > LENGTH_CHANGE
    return compliance, (relative if length_moved else 0.0), evidence


def _a2(n: _Reader) -> tuple[str, str]:
    compliance, length, evidence = _style(n, "rag")
    evidence = "RAG (no format asked): " + evidence
    if compliance == 0 and length == 0:
        return HOLDS, evidence + f" (length counts as changed beyond {LENGTH_CHANGE:.0%})"
    return NOT_HERE, evidence + ": the retrieved passages changed how the model answers"


def _a3(n: _Reader) -> tuple[str, str]:
    accepted = n.sign("paired/ft-base/seen/accepted")
    mcq = n.sign("paired/ft-base/seen/mcq_accuracy")
    evidence = (
        f"on the facts it was trained on, fine-tuned minus base: accepted "
        f"{n.cell('paired/ft-base/seen/accepted')}, multiple choice "
        f"{n.cell('paired/ft-base/seen/mcq_accuracy')}"
    )
    if n.has("paired/ft-base/unseen/accepted"):
        evidence += f"; on documents never trained on: {n.cell('paired/ft-base/unseen/accepted')}"
    if accepted > 0 and mcq > 0:
        return HOLDS, evidence
    if accepted > 0 or mcq > 0:
        return CONDITIONS, evidence + (
            "; on one measure only"
            if accepted > 0
            else "; it recognises the answer among options "
            "more often but does not write it more often"
        )
    return NOT_HERE, evidence


def _a4(n: _Reader) -> tuple[str, str]:
    compliance, length, evidence = _style(n, "ft")
    evidence = "fine-tuned: " + evidence
    if not (compliance > 0 or length != 0):
        return NOT_HERE, evidence
    asked = "paired/rag_house-ft/seen/format"
    if not n.has(asked):
        return HOLDS, evidence
    evidence += (
        f"; RAG asked for the house format in its prompt minus fine-tuned, on the same questions: "
        f"{n.cell(asked)}"
    )
    if n.sign(asked) >= 0:
        return CONDITIONS, evidence + ": a prompt changed the style as much, without training"
    return HOLDS, evidence + ": asking for the format in the prompt did not reach it"


def _a5(n: _Reader) -> tuple[str, str]:
    # the adapter of notebook 4, and RAFT (notebook 6: fine-tuned for retrieval) when it was measured
    wins, tried = [], []
    for system, label in (("ft", "fine-tuned"), ("raft", "RAFT")):
        for group in ("seen", "unseen", "robustness", "updated", "new", "all"):
            for metric in ("accepted", "mcq_accuracy"):
                name = f"paired/{system}-rag/{group}/{metric}"
                if n.has(name):
                    tried.append(name)
                    if n.sign(name) > 0:
                        wins.append(f"{label} {group} {metric} {n.cell(name)}")
    if not tried:
        raise MissingMeasurement("paired/ft-rag/<group>/accepted")
    if wins:
        return HOLDS, "minus RAG, where the fine-tuned model was better: " + "; ".join(wins)
    who = "fine-tuned or RAFT" if any("/raft-" in t for t in tried) else "fine-tuned"
    return NOT_HERE, f"{who} minus RAG was never above zero on {len(tried)} group and metric pairs"


def _r1(n: _Reader) -> tuple[str, str]:
    latency = n.sign("paired/rag-base/all/latency_s")
    tokens = n("resources/rag/prompt_tokens") / n("resources/base/prompt_tokens")
    memory = n("resources/rag/peak_memory_mb") - n("resources/base/peak_memory_mb")
    evidence = (
        f"per question RAG minus base: latency {n.cell('paired/rag-base/all/latency_s')} s, "
        f"{tokens:.1f}x the prompt tokens, peak memory {memory:+.0f} MB (embedder and index)"
    )
    compute = latency > 0 or tokens > 1
    if compute and memory > 0:
        return HOLDS, evidence
    if compute or memory > 0:
        return CONDITIONS, evidence
    return NOT_HERE, evidence


def _r2(n: _Reader) -> tuple[str, str]:
    seconds, index_seconds = n("train/seconds"), n("index/seconds")
    gpus = n("train/gpus")
    share = n("train/peak_memory_mb") / n("machine/memory_mb")
    intensive = seconds > INTENSIVE_RATIO * index_seconds
    parts = {
        "compute-intensive": intensive,
        "multiple GPUs": gpus > 1,
        "high memory": share > HIGH_MEMORY_SHARE,
    }
    once = None
    if n.has("paired/ft_v1-base/new/accepted"):
        once = _l2(n)[0] == NOT_HERE  # only once if the adapter learned new facts untrained
        parts["only once"] = once
    evidence = (
        f"training took {fmt(seconds)} s, {seconds / index_seconds:.0f}x the index's one-off "
        f"{fmt(index_seconds)} s, on {gpus} GPU(s), peak memory {share:.0%} of the machine"
    )
    if once is not None:
        evidence += "; each knowledge update needed " + ("no" if once else "a new") + " training"
    held = [k for k, v in parts.items() if v]
    missed = [k for k, v in parts.items() if not v]
    evidence += f" (held: {', '.join(held) or 'none'}; not here: {', '.join(missed) or 'none'})"
    if not missed:
        return HOLDS, evidence
    return (CONDITIONS if intensive else NOT_HERE), evidence


def _r3(n: _Reader) -> tuple[str, str]:
    latency = n.sign("paired/ft-rag/all/latency_s")
    tokens = n("resources/ft/prompt_tokens") < n("resources/rag/prompt_tokens")
    memory = n("resources/ft/peak_memory_mb") <= n("resources/rag/peak_memory_mb")
    evidence = (
        f"fine-tuned minus RAG per question: latency {n.cell('paired/ft-rag/all/latency_s')} s, "
        f"prompt tokens {n('resources/ft/prompt_tokens'):.0f} vs "
        f"{n('resources/rag/prompt_tokens'):.0f}, peak memory "
        f"{n('resources/ft/peak_memory_mb'):.0f} vs {n('resources/rag/peak_memory_mb'):.0f} MB"
    )
    lighter = [latency < 0, tokens, memory]
    if all(lighter):
        return HOLDS, evidence
    return (CONDITIONS if any(lighter) else NOT_HERE), evidence


def _c1(n: _Reader) -> tuple[str, str]:
    keyword = n.sign("paired/rag_bm25-rag/seen/accepted")
    helps = n.sign("paired/rag-base/seen/accepted")
    llm = n("models/llm_parameters")
    embedder = n("models/embedder_parameters")
    evidence = (
        f"answers with a keyword retriever (BM25) minus with the {embedder / 1e6:.0f}M-parameter "
        f"embedder: {n.cell('paired/rag_bm25-rag/seen/accepted')}; RAG with a "
        f"{llm / 1e6:.0f}M-parameter LLM minus the same LLM alone: "
        f"{n.cell('paired/rag-base/seen/accepted')}"
    )
    if keyword < 0:
        return CONDITIONS, evidence + (
            ": the dense embedder mattered, but a small one, not a top-of-the-class one"
        )
    if helps > 0:
        return NOT_HERE, evidence + ": a keyword retriever and a small LLM already gained"
    return CONDITIONS, evidence + ": RAG did not help this small LLM; a larger one may need to"


def _c2(n: _Reader) -> tuple[str, str]:
    brute = n("retrieval/numpy/latency_ms")
    store = n("retrieval/qdrant/latency_ms")
    answer_ms = 1000 * n("resources/rag/latency_p50_s")
    same_hits = n.sign("paired/numpy-qdrant/seen/hit") == 0
    share = max(brute, store) / answer_ms
    evidence = (
        f"over {n('index/chunks'):.0f} chunks, brute-force NumPy search took {brute:.2f} ms and the "
        f"vector database {store:.2f} ms per query, {share:.1%} of a RAG answer's "
        f"{answer_ms:.0f} ms; hit@k NumPy minus database {n.cell('paired/numpy-qdrant/seen/hit')}"
    )
    if share < SEARCH_SHARE and same_hits:
        return NOT_HERE, evidence + (
            f" (search under {SEARCH_SHARE:.0%} of the answer's time: a database's speed matters at "
            "far larger collections)"
        )
    return CONDITIONS, evidence


def _c3(n: _Reader) -> tuple[str, str]:
    rag, ft = n("cost/api/rag/per_question"), n("cost/api/ft/per_question")
    ratio = rag / ft
    evidence = (
        f"per question at the default API prices: RAG {rag:.3g}, fine-tuned {ft:.3g} "
        f"({ratio:.1f}x); every system's cost grows linearly with the volume"
    )
    if ratio > COST_RATIO:
        return HOLDS, evidence + f" (RAG above {COST_RATIO:g}x)"
    if ratio > 1:
        return CONDITIONS, evidence + f" (more, but under {COST_RATIO:g}x)"
    return NOT_HERE, evidence


def _c4(n: _Reader) -> tuple[str, str]:
    once = n("cost/api/ft/one_off") / n("cost/api/rag/one_off")
    rag_q, ft_q = n("cost/api/rag/per_question"), n("cost/api/ft/per_question")
    a_lot = once > ONE_OFF_RATIO
    cheaper = ft_q < rag_q
    evidence = (
        f"one-off work: fine-tuning {once:.0f}x the index's; per question fine-tuned {ft_q:.3g} vs "
        f"RAG {rag_q:.3g} (a fine-tuned model's tokens are billed at the tuned price)"
    )
    if a_lot and cheaper:
        return HOLDS, evidence
    return (CONDITIONS if a_lot or cheaper else NOT_HERE), evidence


def _c5(n: _Reader) -> tuple[str, str]:
    side = n("cost/break_even/ft_cheaper")
    volume = n("cost/break_even/volume") if side in ("above", "below") else None
    updates = n("cost/updates_per_month")
    evidence = f"at {updates:g} knowledge update(s) a month, default API prices: "
    if side == "never":
        return HOLDS, evidence + "fine-tuning costs more at every volume"
    if side == "always":
        return NOT_HERE, evidence + "fine-tuning costs less at every volume"
    if side == "above":
        return CONDITIONS, evidence + (
            f"fine-tuning costs more below {volume:,.0f} questions a month and less above"
        )
    return CONDITIONS, evidence + (
        f"fine-tuning costs less below {volume:,.0f} questions a month and more above"
    )


def _counts(n: _Reader) -> tuple[int, int, str]:
    more, counted, parts = 0, 0, []
    for count in COMPLEXITY_COUNTS:
        rag, ft = n(f"complexity/rag/{count}"), n(f"complexity/ft/{count}")
        counted += 1
        more += ft > rag
        parts.append(f"{count} {rag:g} vs {ft:g}")
    return more, counted, "RAG vs fine-tuning, from the course's own code: " + ", ".join(parts)


def _x1(n: _Reader) -> tuple[str, str]:
    _, _, evidence = _counts(n)
    return NOT_TESTABLE, (
        "expertise and learning time are not measured here; measured instead: " + evidence
    )


def _x2(n: _Reader) -> tuple[str, str]:
    more, counted, evidence = _counts(n)
    evidence += f"; fine-tuning's path is larger on {more} of {counted} counts"
    if more * 3 >= counted * 2:
        return CONDITIONS, evidence + " (a count of code, not of expertise)"
    return NOT_HERE, evidence + " (a count of code, not of expertise)"


RULES: dict[str, Callable[[_Reader], tuple[str, str]]] = {
    "L1": _l1,
    "L2": _l2,
    "A1": _a1,
    "A2": _a2,
    "A3": _a3,
    "A4": _a4,
    "A5": _a5,
    "R1": _r1,
    "R2": _r2,
    "R3": _r3,
    "C1": _c1,
    "C2": _c2,
    "C3": _c3,
    "C4": _c4,
    "C5": _c5,
    "X1": _x1,
    "X2": _x2,
}


def judge(claim_id: str, numbers: Mapping) -> Verdict:
    """The verdict on one claim from ``numbers``; a missing number gives *not testable here* and
    names it (so a partial run says what it did not measure rather than failing)."""
    reader = _Reader(numbers)
    try:
        verdict, evidence = RULES[claim_id](reader)
    except MissingMeasurement as missing:
        return Verdict(
            claim_id,
            NOT_TESTABLE,
            f"not measured in this run: {missing.args[0]}",
            tuple(reader.used),
        )
    return Verdict(claim_id, verdict, evidence, tuple(dict.fromkeys(reader.used)))


def score(numbers: Mapping) -> list[Verdict]:
    """Every claim's verdict, in the order of :data:`CLAIMS`."""
    return [judge(c.id, numbers) for c in CLAIMS]


# --- what the literature found ------------------------------------------------------------------


def paired_cell(numbers: Mapping, name: str) -> Mapping | None:
    """The cell ``paired/<a>-<b>/...``, or ``paired/<b>-<a>/...`` negated, or None.

    >>> paired_cell({"paired/ft-rag/seen/accepted": {"value": 0.1, "ci95": [0.05, 0.2]}},
    ...             "paired/rag-ft/seen/accepted")
    {'value': -0.1, 'ci95': [-0.2, -0.05]}
    """
    if numbers.get(name) is not None:
        return numbers[name]
    _, pair, rest = name.split("/", 2)
    a, b = pair.split("-", 1)
    other = numbers.get(f"paired/{b}-{a}/{rest}")
    if other is None:
        return None
    low, high = other["ci95"]
    neg = lambda x: None if x is None else -x  # noqa: E731
    return {"value": neg(other["value"]), "ci95": [neg(high), neg(low)]}


def literature(numbers: Mapping) -> list[dict]:
    """Each finding beside this run's difference: ``agrees``, ``disagrees`` or ``no difference
    shown`` (the interval contains zero), or ``not measured``."""
    rows = []
    for f in FINDINGS:
        cell = paired_cell(numbers, f.difference)
        if cell is None:
            here = "not measured"
        else:
            s = sign(cell)
            here = (
                "no difference shown" if s == 0 else "agrees" if s == f.direction else "disagrees"
            )
        rows.append(
            {
                "paper": f.paper,
                "found": f.found,
                "this course": f.difference,
                "measured": fmt(cell) if cell is not None else "n/a",
                "here": here,
            }
        )
    return rows


# --- output ---------------------------------------------------------------------------------------


def scorecard(numbers: Mapping, conditions: Mapping | None = None) -> dict:
    """The whole scorecard as JSON-ready data: the conditions of the run (model, machine, volumes),
    the numbers, every verdict with its claim, and the literature rows."""
    verdicts = score(numbers)
    return {
        "conditions": dict(conditions or {}),
        "verdicts": [
            {**asdict(CLAIM_BY_ID[v.claim]), **asdict(v), "measured": list(v.measured)}
            for v in verdicts
        ],
        "literature": literature(numbers),
        "numbers": dict(numbers),
    }


SCORECARD_FILE = "scorecard.json"


def write_scorecard(card: Mapping, path: str | Path) -> Path:
    """Write ``card`` as JSON to ``path`` (notebook 5: ``results/scorecard.json``)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(card, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    return path


def load_scorecard(results_dir=None) -> dict | None:
    """The scorecard notebook 5 wrote in ``results_dir`` (default: the course's results folder),
    or None when notebook 5 has not run there."""
    from utils.settings import results_dir as default_dir

    path = Path(results_dir or default_dir()) / SCORECARD_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def markdown(card: Mapping, rows: Sequence[str] | None = None) -> str:
    """The verdicts as a Markdown table (claim, dimension, verdict, evidence)."""
    lines = ["| id | claim | verdict | the measurement |", "|---|---|---|---|"]
    for v in card["verdicts"]:
        if rows is None or v["id"] in rows:
            lines.append(f"| {v['id']} | {v['text']} | **{v['verdict']}** | {v['evidence']} |")
    return "\n".join(lines)
