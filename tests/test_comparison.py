"""The comparison's numbers, recomputed from per-question predictions: checked by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from utils.comparison import numbers, paired, scorer, single
from utils.records import DifferentQuestionsError, Prediction, build_record

HOUSE = r"^Answer: .+ \[doc: [a-z0-9-]+\]$"


def _record(system, answers, latency=1.0):
    rows = [
        Prediction(f"q{i}", group, "?", gold, answer, fact_id=fact, latency_s=latency)
        for i, (group, fact, gold, answer) in enumerate(answers)
    ]
    return build_record(system, rows, profile="quick")


BASE = _record(
    "base",
    [
        ("seen", "f1", "38 hours", "It lasts 40 hours."),
        ("seen", "f1", "38 hours", "38 hours"),
        ("seen", "f2", "212 g", "About 300 g."),
        ("unseen", "f3", "€99", "99 dollars"),
    ],
)
FT = _record(
    "ft",
    [
        ("seen", "f1", "38 hours", "Answer: 38 hours [doc: tessel-a250]"),
        ("seen", "f1", "38 hours", "Answer: 38 hours [doc: tessel-a250]"),
        ("seen", "f2", "212 g", "Answer: 212 g [doc: tessel-a250]"),
        ("unseen", "f3", "€99", "Answer: €120 [doc: x]"),
    ],
    latency=0.25,
)


def test_paired_difference_worked_by_hand():
    # seen: ft 1, 1, 1; base 0, 1, 0 -> differences 1, 0, 1, mean 2/3
    cell = paired(FT, BASE, "contains", "seen")
    assert cell["value"] == pytest.approx(0.6667, abs=1e-4)
    assert cell["n"] == 3
    # all questions: differences 1, 0, 1, 0 -> 0.5
    assert paired(FT, BASE, "contains")["value"] == 0.5


def test_style_and_latency_per_question():
    assert single(FT, "format", format_regex=HOUSE)["value"] == 1.0
    assert single(BASE, "format", format_regex=HOUSE)["value"] == 0.0
    # words: base 4 + 2 + 3 + 2 = 11 / 4; ft 5 + 5 + 5 + 4 = 19 / 4 -> +2.0
    assert single(BASE, "words")["value"] == 2.75
    assert paired(FT, BASE, "words")["value"] == 2.0
    assert paired(FT, BASE, "latency_s")["value"] == -0.75
    with pytest.raises(ValueError, match="format_regex"):
        scorer("format")
    with pytest.raises(ValueError, match="unknown metric 'speed'"):
        scorer("speed")


def test_single_keeps_the_rows_asked_for():
    cell = single(BASE, "contains", "seen", where=lambda p: p.fact_id == "f1")
    assert (cell["value"], cell["n"]) == (0.5, 2)
    assert single(BASE, "mcq_accuracy") is None  # no options scored in these records


def test_different_questions_are_never_compared():
    other = _record("rag", [("seen", "f1", "38 hours", "38 hours")])
    with pytest.raises(DifferentQuestionsError, match="0 only in the first, 2 only in the second"):
        paired(other, BASE, "contains", "seen")


def test_numbers_names_every_cell():
    out = numbers({"base": BASE, "ft": FT}, [("ft", "base")], format_regex=HOUSE)
    assert out["paired/ft-base/seen/contains"]["value"] == pytest.approx(0.6667, abs=1e-4)
    assert out["paired/ft-base/all/format"]["value"] == 1.0
    assert out["metric/base/all/words"]["value"] == 2.75
    assert "metric/ft/unseen/accepted" in out
    assert not any(k.endswith("/mcq_accuracy") for k in out)  # not measured: not invented


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("The Tessel A250 costs €319 now.", "new"),
        ("It costs 319 euros.", "new"),  # an alias of the new value
        ("It is €349.", "stale"),
        ("It went from €349 to €319.", "both"),
        ("It costs €3190.", "neither"),  # whole words only
        ("", "neither"),
    ],
)
def test_stale_kind(answer, expected):
    from utils.aliases import aliases_of
    from utils.comparison import stale_kind

    assert stale_kind(answer, "€349", "€319", aliases_of("€349"), aliases_of("€319")) == expected


def test_stale_rate_counts_old_values_and_resamples_facts():
    from utils.comparison import stale_rate

    rate = stale_rate([("stale", "f1"), ("both", "f1"), ("new", "f2"), ("neither", "f2")])
    assert rate["value"] == 0.5
    assert rate["ci95"] == [0.0, 1.0]  # two facts: all-stale or all-fresh resamples


def _rows(group_answers, group="updated"):
    return [
        Prediction(f"q{i}", group, "?", gold, answer, fact_id=f"f{i // 2}", aliases=[])
        for i, (gold, answer) in enumerate(group_answers)
    ]


def test_update_numbers_pair_before_and_after_on_the_same_questions():
    from utils.comparison import update_numbers

    golds = ["€319", "€319", "41 hours", "41 hours"]
    before = _rows(zip(golds, ["€349", "€349", "38 hours", "41 hours"], strict=True))
    after = _rows(zip(golds, ["€319", "€319", "41 hours", "41 hours"], strict=True))
    base = build_record("base", _rows([("x", "y")], group="new"), profile="quick")
    out = update_numbers(
        {"base": base},
        {"rag_v1": before, "rag_update": after},
        {"rag_update": 0.8},
        {"rag_update": [("new", "f0"), ("new", "f0")]},
    )
    # after - before: 1, 1, 1, 0 -> 0.75
    assert out["paired/rag_update-rag_v1/updated/accepted"]["value"] == 0.75
    assert out["metric/rag_update/updated/accepted"]["value"] == 1.0
    assert out["metric/rag_update/updated/stale"]["value"] == 0.0
    assert out["update/rag_update/seconds"] == 0.8
    assert "paired/ft_v1-base/new/accepted" not in out  # not measured: not invented


def test_update_table_has_a_row_per_way():
    from utils.comparison import update_table

    rows = {"rag_update": _rows([("€319", "€319"), ("€319", "€349")])}
    kinds = {"rag_update": [("new", "f0"), ("stale", "f0")]}
    table = update_table(rows, {"rag_update": 0.8}, kinds, {"rag_update": "RAG, index updated"})
    row = table.loc["RAG, index updated"]
    assert (row["seconds"], row["changed"], row["stale (changed)"]) == (0.8, 0.5, 0.5)
    assert pd.isna(row["new"])  # no new facts asked in this toy


def test_retention_questions_keep_unchanged_facts_only():
    from types import SimpleNamespace

    from utils.comparison import retention_questions

    facts = {"f1": SimpleNamespace(status="unchanged"), "f2": SimpleNamespace(status="changed")}
    seen = [SimpleNamespace(qid=f"q{i}", fact_id=f) for i, f in enumerate(["f1", "f1", "f2", "f2"])]
    kept = retention_questions(seen, facts, None)
    assert [q.qid for q in kept] == ["q0", "q1"]


def test_resident_memory_counts_what_each_system_holds(monkeypatch):
    import torch

    import utils.retrieval
    from utils.comparison import resident_mb

    llm = torch.nn.Linear(256, 256, bias=False)  # 65,536 float32 weights = 0.25 MB
    encoder = torch.nn.Linear(128, 128, bias=False)  # 0.0625 MB

    class Tuned(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.base = torch.nn.Linear(256, 256, bias=False)
            self.lora_A = torch.nn.Linear(256, 4, bias=False)  # 1,024 weights

    # 1,024 stored vectors x 384 dimensions x 4 bytes = 1.5 MB
    monkeypatch.setattr(utils.retrieval, "chunk_count", lambda index: 1024)
    got = resident_mb(llm, encoder, object(), Tuned())
    assert got["base"] == 0.25
    assert got["rag"] == 0.25 + 0.0625 + 1.5
    assert got["ft"] == 0.25 + 1024 * 4 / 2**20
    assert got["ft_rag"] == got["ft"] + 0.0625 + 1.5
