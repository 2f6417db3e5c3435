"""The scorecard's rules: fed chosen numbers, each gives the verdict it should, in words that carry
the numbers; the claims are those of the course design."""

from __future__ import annotations

import json
import re

import pytest

from utils import scorecard
from utils.scorecard import (
    CLAIMS,
    CONDITIONS,
    HOLDS,
    NOT_HERE,
    NOT_TESTABLE,
    RULES,
    judge,
    literature,
    score,
)
from utils.settings import REPO_ROOT

UP = {"value": 0.3, "ci95": [0.2, 0.4]}
ZERO = {"value": 0.01, "ci95": [-0.05, 0.07]}
DOWN = {"value": -0.3, "ci95": [-0.4, -0.2]}


def numbers(**changes) -> dict:
    """A run in which the popular story holds wherever it can; ``changes`` (``/`` written ``__``)
    override single numbers."""
    base = {
        # learning style
        "paired/rag_update-rag_v1/new/accepted": UP,
        "paired/rag_update-rag_v1/updated/accepted": UP,
        "update/rag_update/seconds": 2.0,
        "paired/ft_v1-base/new/accepted": ZERO,
        "paired/ft_partial-ft_v1/new/accepted": UP,
        "update/ft_partial/seconds": 300.0,
        # adaptability
        "paired/rag-base/unseen/accepted": UP,
        "paired/rag-base/all/format": ZERO,
        "paired/rag-base/all/words": {"value": 0.5, "ci95": [-0.5, 1.5]},
        "metric/base/all/words": 10.0,
        "paired/ft-base/seen/accepted": UP,
        "paired/ft-base/seen/mcq_accuracy": UP,
        "paired/ft-base/all/format": UP,
        "paired/ft-base/all/words": {"value": -6.0, "ci95": [-7.0, -5.0]},
        "paired/ft-rag/seen/accepted": UP,
        "paired/ft-rag/unseen/accepted": DOWN,
        # resources
        "paired/rag-base/all/latency_s": UP,
        "resources/base/prompt_tokens": 40.0,
        "resources/rag/prompt_tokens": 400.0,
        "resources/ft/prompt_tokens": 40.0,
        "resources/base/peak_memory_mb": 900.0,
        "resources/rag/peak_memory_mb": 1300.0,
        "resources/ft/peak_memory_mb": 950.0,
        "resources/rag/latency_p50_s": 0.5,
        "paired/ft-rag/all/latency_s": DOWN,
        "train/seconds": 3600.0,
        "train/gpus": 4,
        "train/peak_memory_mb": 60_000.0,
        "machine/memory_mb": 80_000.0,
        "index/seconds": 30.0,
        # cost
        "paired/rag_bm25-rag/seen/accepted": DOWN,
        "paired/rag-base/seen/accepted": ZERO,
        "models/llm_parameters": 135e6,
        "models/embedder_parameters": 22e6,
        "retrieval/numpy/latency_ms": 40.0,
        "retrieval/qdrant/latency_ms": 2.0,
        "paired/numpy-qdrant/seen/hit": ZERO,
        "index/chunks": 5e6,
        "cost/api/rag/per_question": 66e-6,
        "cost/api/ft/per_question": 24e-6,
        "cost/api/rag/one_off": 0.04,
        "cost/api/ft/one_off": 9.0,
        "cost/break_even/ft_cheaper": "never",
        "cost/break_even/volume": None,
        "cost/updates_per_month": 1,
        # complexity
        **{f"complexity/rag/{c}": 10 for c in scorecard.COMPLEXITY_COUNTS},
        **{f"complexity/ft/{c}": 20 for c in scorecard.COMPLEXITY_COUNTS},
    }
    base.update({k.replace("__", "/"): v for k, v in changes.items()})
    return base


def test_the_claims_are_those_of_the_course_design():
    design = REPO_ROOT.parent / "shared" / "DESIGN.md"
    if not design.exists():
        pytest.skip("the course design sits beside the repository only in development and CI")
    rows = re.findall(r"^\| ([LARCX]\d) \| ([a-z ]+) \| (.+?) \|$", design.read_text(), re.M)
    assert [(i, d, t) for i, d, t in rows] == [(c.id, c.dimension, c.text) for c in CLAIMS]


def test_every_claim_has_a_rule():
    assert list(RULES) == [c.id for c in CLAIMS]


def test_the_popular_story_holds_when_the_numbers_say_so():
    verdicts = {v.claim: v.verdict for v in score(numbers())}
    assert verdicts == {
        "L1": HOLDS,
        "L2": HOLDS,
        "A1": HOLDS,
        "A2": HOLDS,
        "A3": HOLDS,
        "A4": HOLDS,
        "A5": HOLDS,
        "R1": HOLDS,
        "R2": CONDITIONS,  # "only once" cannot hold when L2 does: every update retrains
        "R3": HOLDS,
        "C1": CONDITIONS,  # a small embedder mattered: never "top of the class"
        "C2": CONDITIONS,  # search is a large share of the answer here
        "C3": HOLDS,
        "C4": HOLDS,
        "C5": HOLDS,
        "X1": NOT_TESTABLE,
        "X2": CONDITIONS,  # counted from code, never "holds"
    }


@pytest.mark.parametrize(
    ("claim", "changes", "expected"),
    [
        ("L1", {"paired__rag_update-rag_v1__new__accepted": ZERO}, CONDITIONS),
        (
            "L1",
            {
                "paired__rag_update-rag_v1__new__accepted": ZERO,
                "paired__rag_update-rag_v1__updated__accepted": DOWN,
            },
            NOT_HERE,
        ),
        ("L2", {"paired__ft_v1-base__new__accepted": UP}, NOT_HERE),
        ("L2", {"paired__ft_rag_update-ft_v1__new__accepted": UP}, CONDITIONS),
        ("L2", {"paired__ft_rag_update-ft_v1__new__accepted": ZERO}, HOLDS),
        ("A1", {"paired__rag-base__unseen__accepted": ZERO}, NOT_HERE),
        ("A2", {"paired__rag-base__all__format": DOWN}, NOT_HERE),
        ("A2", {"paired__rag-base__all__words": {"value": 4.0, "ci95": [3.0, 5.0]}}, NOT_HERE),
        # a length change that is real but small (under 25 %) is no change of style
        ("A2", {"paired__rag-base__all__words": {"value": 1.0, "ci95": [0.5, 1.5]}}, HOLDS),
        ("A3", {"paired__ft-base__seen__accepted": ZERO}, CONDITIONS),
        (
            "A3",
            {
                "paired__ft-base__seen__accepted": ZERO,
                "paired__ft-base__seen__mcq_accuracy": DOWN,
            },
            NOT_HERE,
        ),
        (
            "A4",
            {
                "paired__ft-base__all__format": ZERO,
                "paired__ft-base__all__words": {"value": -0.2, "ci95": [-0.4, 0.1]},
            },
            NOT_HERE,
        ),
        # a prompt that asks for the format matched the training: style changed, not only by it
        ("A4", {"paired__rag_house-ft__seen__format": ZERO}, CONDITIONS),
        ("A4", {"paired__rag_house-ft__seen__format": DOWN}, HOLDS),
        ("A5", {"paired__ft-rag__seen__accepted": ZERO}, NOT_HERE),
        # RAFT (notebook 6) is fine-tuning too: where it beats RAG, the claim holds
        (
            "A5",
            {"paired__ft-rag__seen__accepted": ZERO, "paired__raft-rag__unseen__accepted": UP},
            HOLDS,
        ),
        (
            "A5",
            {"paired__ft-rag__seen__accepted": ZERO, "paired__raft-rag__seen__accepted": DOWN},
            NOT_HERE,
        ),
        ("R1", {"resources__rag__peak_memory_mb": 800.0}, CONDITIONS),
        (
            "R1",
            {
                "resources__rag__peak_memory_mb": 800.0,
                "resources__rag__prompt_tokens": 40.0,
                "paired__rag-base__all__latency_s": ZERO,
            },
            NOT_HERE,
        ),
        ("R2", {"train__gpus": 0, "train__peak_memory_mb": 2000.0}, CONDITIONS),
        ("R2", {"train__gpus": 0, "train__seconds": 60.0}, NOT_HERE),
        # the adapter needed no new training for new facts: "only once" holds, the rest too
        ("R2", {"paired__ft_v1-base__new__accepted": UP}, HOLDS),
        ("R3", {"paired__ft-rag__all__latency_s": ZERO}, CONDITIONS),
        (
            "R3",
            {
                "paired__ft-rag__all__latency_s": UP,
                "resources__ft__prompt_tokens": 500.0,
                "resources__ft__peak_memory_mb": 2000.0,
            },
            NOT_HERE,
        ),
        ("C1", {"paired__rag_bm25-rag__seen__accepted": ZERO}, CONDITIONS),
        (
            "C1",
            {
                "paired__rag_bm25-rag__seen__accepted": ZERO,
                "paired__rag-base__seen__accepted": UP,
            },
            NOT_HERE,
        ),
        ("C2", {"index__chunks": 400, "retrieval__numpy__latency_ms": 1.0}, NOT_HERE),
        (
            "C2",
            {
                "index__chunks": 400,
                "retrieval__numpy__latency_ms": 1.0,
                "paired__numpy-qdrant__seen__hit": DOWN,
            },
            CONDITIONS,
        ),
        ("C3", {"cost__api__rag__per_question": 30e-6}, CONDITIONS),
        ("C3", {"cost__api__rag__per_question": 20e-6}, NOT_HERE),
        ("C4", {"cost__api__ft__one_off": 0.1}, CONDITIONS),
        ("C4", {"cost__api__ft__one_off": 0.1, "cost__api__ft__per_question": 1e-4}, NOT_HERE),
        ("C5", {"cost__break_even__ft_cheaper": "always"}, NOT_HERE),
        (
            "C5",
            {"cost__break_even__ft_cheaper": "above", "cost__break_even__volume": 13888.9},
            CONDITIONS,
        ),
        (
            "X2",
            {"complexity__ft__lines": 5, "complexity__ft__knobs": 5, "complexity__ft__packages": 5},
            NOT_HERE,
        ),
    ],
)
def test_each_rule_follows_the_numbers(claim, changes, expected):
    verdict = judge(claim, numbers(**changes))
    assert verdict.verdict == expected, verdict.evidence
    changed = {k.replace("__", "/") for k in changes}
    used = set(verdict.measured)
    assert changed & used, f"{claim} did not read the number it was fed: {verdict.measured}"


def test_the_evidence_carries_the_numbers():
    verdicts = {v.claim: v for v in score(numbers())}
    assert "+0.30 [+0.20, +0.40]" in verdicts["L1"].evidence
    assert "2 s" in verdicts["L1"].evidence
    assert "10.0x the prompt tokens" in verdicts["R1"].evidence
    assert "120x the index's one-off" in verdicts["R2"].evidence
    assert "2.8x" in verdicts["C3"].evidence  # 66 / 24
    cond = judge(
        "C5", numbers(cost__break_even__ft_cheaper="above", cost__break_even__volume=13888.9)
    )
    assert "below 13,889 questions a month" in cond.evidence


def test_a_number_the_run_did_not_measure_is_named_and_the_claim_is_not_testable():
    missing = numbers()
    del missing["paired/rag-base/unseen/accepted"]
    verdict = judge("A1", missing)
    assert verdict.verdict == NOT_TESTABLE
    assert verdict.evidence == "not measured in this run: paired/rag-base/unseen/accepted"


def test_a_verdict_outside_the_four_is_refused():
    with pytest.raises(ValueError, match="verdict must be one of"):
        scorecard.Verdict("L1", "probably", "")


def test_literature_rows_compare_directions():
    rows = literature(
        numbers(
            **{
                "paired__rag-ft__seen__accepted": DOWN,
                "paired__rag-ft__seen__mcq_accuracy": ZERO,
                "paired__ft_rag-ft__seen__accepted": UP,
            }
        )
    )
    here = [r["here"] for r in rows]
    # the fifth row reads rag-ft from the ft-rag difference the numbers hold, negated; RAFT's row
    # is not measured until notebook 6 adds its numbers
    assert here == [
        "disagrees",
        "no difference shown",
        "agrees",
        "agrees",
        "agrees",
        "not measured",
    ]
    missing = numbers()
    del missing["paired/ft-rag/unseen/accepted"]
    assert literature(missing)[4]["here"] == "not measured"
    with_raft = literature({**numbers(), "paired/raft-ft_rag/seen/accepted": DOWN})
    assert with_raft[-1]["here"] == "disagrees"


def test_scorecard_is_json_and_renders(tmp_path):
    card = scorecard.scorecard(numbers(), conditions={"model": "SmolLM2-135M-Instruct"})
    path = scorecard.write_scorecard(card, tmp_path / "scorecard.json")
    again = json.loads(path.read_text())
    assert [v["id"] for v in again["verdicts"]] == [c.id for c in CLAIMS]
    assert again["conditions"]["model"] == "SmolLM2-135M-Instruct"
    table = scorecard.markdown(again)
    assert table.count("\n") == len(CLAIMS) + 1
    assert "| L1 | RAG uses the latest data" in table
