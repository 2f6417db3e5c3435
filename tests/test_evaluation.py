"""Tests of utils.evaluation on hand-made predictions: metrics, records, files and the table."""

from __future__ import annotations

import json
import math

import pytest

from utils import __version__
from utils.metrics import bootstrap_ci
from utils.profiles import get_profile
from utils.records import (
    Prediction,
    build_record,
    comparison_table,
    load_record,
    load_records,
    metrics_long,
    record_path,
    summarize,
    write_record,
)
from utils.resources import peak_rss_mb

HOUSE_FORMAT = r"Answer: .+\."


def _answers_only() -> list[Prediction]:
    """Four seen and two unseen questions, no MCQ or retrieval fields."""
    return [
        Prediction("s1", "seen", "Colour of the X1?", "blue", "Answer: blue."),
        Prediction("s2", "seen", "Weight of the X1?", "12 kg", "It weighs 112 kg"),
        Prediction("s3", "seen", "Battery?", "1,200 mAh", "Answer: 1200 mAh."),
        Prediction("s4", "seen", "Launch?", "2024-03-05", "It launched on 2024–03–05."),
        Prediction("u1", "unseen", "Colour of the Z9?", "harbour green", "green"),
        Prediction("u2", "unseen", "Weight of the Z9?", "1.5 kg", "15 kg"),
    ]


def _with_everything() -> list[Prediction]:
    """Rows with MCQ, retrieval and cost fields; one 'updated' row has none of them."""
    common = {"latency_s": 0.2, "prompt_tokens": 100, "output_tokens": 4}
    return [
        Prediction("s1", "seen", "Q?", "blue", "blue", 0, 0, ["d1", "d2", "d3"], "d1", **common),
        Prediction("s2", "seen", "Q?", "red", "blue", 1, 0, ["d4", "d5", "d1"], "d1", **common),
        Prediction(
            "s3", "seen", "Q?", "red", "red", 2, 2, ["d4", "d5", "d6", "d1"], "d1", **common
        ),
        Prediction("p1", "updated", "Q?", "7", "7", latency_s=1.0, prompt_tokens=300),
    ]


# --- summarize ------------------------------------------------------------------------------------


def test_summarize_values_per_group():
    summary = summarize(_answers_only())
    assert list(summary) == ["seen", "unseen"]
    seen, unseen = summary["seen"], summary["unseen"]
    assert seen["n"] == 4 and unseen["n"] == 2
    assert seen["contains"]["value"] == 0.75  # all but "112 kg" for "12 kg"
    assert seen["exact_match"]["value"] == 0.0  # "answer blue" is not "blue"
    assert unseen["contains"]["value"] == 0.0
    assert unseen["exact_match"]["value"] == 0.0
    assert unseen["f1"]["value"] == pytest.approx((2 / 3 + 0.5) / 2, abs=1e-4)


def test_summarize_intervals_are_the_bootstrap_of_the_per_question_scores():
    seen = summarize(_answers_only())["seen"]
    low, high = bootstrap_ci([1.0, 0.0, 1.0, 1.0])
    assert seen["contains"]["ci95"] == [round(low, 4), round(high, 4)]
    for metric in ("contains", "exact_match", "f1"):
        lo, hi = seen[metric]["ci95"]
        assert lo <= seen[metric]["value"] <= hi


def test_summarize_optional_metrics_absent_without_their_inputs():
    seen = summarize(_answers_only())["seen"]
    assert set(seen) == {"n", "accepted", "contains", "exact_match", "f1"}


def test_summarize_optional_metrics_present_with_their_inputs():
    summary = summarize(_with_everything(), format_regex=HOUSE_FORMAT)
    assert list(summary) == ["seen", "updated"]
    seen = summary["seen"]
    assert set(seen) == {
        "n",
        *("accepted", "contains", "exact_match", "f1"),
        *("mcq_accuracy", "hit@3", "mrr", "format_compliance"),
    }
    assert seen["mcq_accuracy"]["value"] == pytest.approx(0.6667)
    assert seen["hit@3"]["value"] == pytest.approx(0.6667)  # d1 is 4th in the last row
    assert seen["mrr"]["value"] == pytest.approx((1 + 1 / 3 + 1 / 4) / 3, abs=1e-4)
    assert seen["format_compliance"]["value"] == 0.0
    # the updated group has no MCQ or retrieval fields, so no such metrics either
    assert set(summary["updated"]) == {
        *("n", "accepted", "contains", "exact_match", "f1", "format_compliance")
    }


def test_summarize_format_compliance():
    summary = summarize(_answers_only(), format_regex=HOUSE_FORMAT)
    assert summary["seen"]["format_compliance"]["value"] == 0.5
    assert summary["unseen"]["format_compliance"]["value"] == 0.0


def test_summarize_orders_groups_and_keeps_unusual_ones():
    rows = [
        Prediction("x", "distractor", "Q?", "a", "a"),
        Prediction("u", "updated", "Q?", "a", "b"),
        Prediction("s", "seen", "Q?", "a", "a"),
    ]
    assert list(summarize(rows)) == ["seen", "updated", "distractor"]


def test_summarize_of_nothing_is_empty():
    assert summarize([]) == {}


def test_single_question_group_has_a_degenerate_interval():
    summary = summarize([Prediction("s1", "seen", "Q?", "blue", "blue")])
    assert summary["seen"]["exact_match"] == {"value": 1.0, "ci95": [1.0, 1.0]}


# --- build_record ---------------------------------------------------------------------------------


def test_build_record_keys_and_costs():
    rows = _with_everything()
    record = build_record(
        "rag",
        rows,
        profile=get_profile("quick"),
        format_regex=HOUSE_FORMAT,
        peak_rss_mb=812.345,
        extra={"k": 3},
    )
    assert set(record) == {
        "system",
        "profile",
        "n_questions",
        "metrics",
        "metrics_by_domain",
        "latency_s",
        "prompt_tokens_mean",
        "output_tokens_mean",
        "peak_rss_mb",
        "predictions",
        "created_with",
        "machine",
        "extra",
    }
    assert record["system"] == "rag"
    assert record["profile"] == "quick"
    assert record["n_questions"] == 4
    assert record["metrics"] == summarize(rows, format_regex=HOUSE_FORMAT)
    assert record["latency_s"]["p50"] == pytest.approx(0.2)
    assert record["latency_s"]["p95"] == pytest.approx(0.88)  # numpy's linear interpolation
    assert record["prompt_tokens_mean"] == 150.0
    assert record["output_tokens_mean"] == 4.0  # only the rows that have it
    assert record["peak_rss_mb"] == 812.3
    assert record["created_with"] == f"utils {__version__}"
    assert record["extra"] == {"k": 3}
    assert record["machine"]["threads"] >= 1
    assert isinstance(record["machine"]["precision"]["training"]["bf16"], bool)
    assert record["machine"]["precision"]["source"]
    assert record["predictions"][1]["retrieved_doc_ids"] == ["d4", "d5", "d1"]
    assert record["predictions"][3]["mcq_choice"] is None


def test_build_record_without_costs_gives_nulls():
    record = build_record("base", _answers_only(), profile="full")
    assert record["profile"] == "full"
    assert record["latency_s"] == {"p50": None, "p95": None}
    assert record["prompt_tokens_mean"] is None
    assert record["output_tokens_mean"] is None
    assert record["peak_rss_mb"] is None
    assert record["extra"] == {}


@pytest.mark.parametrize("bad", ["", "../rag", "a/b", "rag vs ft", ".hidden"])
def test_build_record_refuses_names_that_are_not_file_names(bad):
    with pytest.raises(ValueError, match="system name"):
        build_record(bad, _answers_only(), profile="quick")


# --- files ----------------------------------------------------------------------------------------


def test_write_and_load_round_trip(tmp_path):
    record = build_record("ft+rag", _with_everything(), profile="quick", format_regex=HOUSE_FORMAT)
    path = write_record(record, tmp_path)
    assert path == tmp_path / "eval" / "ft+rag.json"
    assert path == record_path("ft+rag", tmp_path)
    assert load_record("ft+rag", tmp_path) == record
    assert load_records(["ft+rag"], tmp_path) == [record]
    assert path.read_text(encoding="utf-8").startswith('{\n  "system": "ft+rag"')  # pretty
    assert not list(path.parent.glob("*.tmp"))


def test_written_file_is_strict_json_with_null_for_nan(tmp_path):
    import numpy as np

    record = build_record("base", [], profile="quick", extra={"loss": math.nan, "n": np.int64(3)})
    record["metrics"]["seen"] = {"n": 0, "contains": {"value": math.nan, "ci95": [math.nan, 1.0]}}
    path = write_record(record, tmp_path)
    text = path.read_text(encoding="utf-8")
    assert "NaN" not in text and "Infinity" not in text
    data = json.loads(text, parse_constant=lambda name: pytest.fail(f"{name} in the JSON"))
    assert data["extra"] == {"loss": None, "n": 3}
    assert data["metrics"]["seen"]["contains"] == {"value": None, "ci95": [None, 1.0]}


def test_write_record_defaults_to_the_results_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_RESULTS_DIR", str(tmp_path / "results"))
    path = write_record(build_record("base", _answers_only(), profile="quick"))
    assert path == tmp_path / "results" / "eval" / "base.json"
    assert load_record("base")["system"] == "base"


def test_overwriting_a_record_replaces_it(tmp_path):
    write_record(build_record("rag", _answers_only(), profile="quick"), tmp_path)
    write_record(build_record("rag", _answers_only()[:1], profile="quick"), tmp_path)
    assert load_record("rag", tmp_path)["n_questions"] == 1


def test_missing_record_says_where_and_what_to_run(tmp_path):
    with pytest.raises(FileNotFoundError) as excinfo:
        load_record("rag", tmp_path)
    message = str(excinfo.value)
    assert str(tmp_path / "eval" / "rag.json") in message
    assert "notebook 2" in message
    assert "make run" in message


def test_missing_record_of_an_unknown_system_still_says_what_to_run(tmp_path):
    with pytest.raises(FileNotFoundError, match="make run"):
        load_record("raft", tmp_path)


# --- memory ---------------------------------------------------------------------------------------


def test_peak_rss_mb_is_plausible():
    import psutil

    peak = peak_rss_mb()
    current = psutil.Process().memory_info().rss / 2**20
    assert 1 < peak < 1_000_000
    assert peak >= current * 0.95  # a peak is never below the current resident size


# --- comparison table -----------------------------------------------------------------------------


def _two_records() -> list[dict]:
    return [
        build_record("base", _answers_only(), profile="quick"),
        build_record("rag", _with_everything(), profile="quick", format_regex=HOUSE_FORMAT),
    ]


def test_comparison_table_rows_columns_and_cells():
    table = comparison_table(_two_records())
    assert list(table.index) == [
        ("base", "seen"),
        ("base", "unseen"),
        ("rag", "seen"),
        ("rag", "updated"),
    ]
    assert list(table.columns) == [
        "n",
        "accepted",
        "contains",
        "exact_match",
        "f1",
        "mcq_accuracy",
        "hit@3",
        "mrr",
        "format_compliance",
    ]
    assert table.loc[("base", "seen"), "n"] == 4
    value = summarize(_answers_only())["seen"]["contains"]
    expected = f"{value['value']:.3f} [{value['ci95'][0]:.3f}, {value['ci95'][1]:.3f}]"
    assert table.loc[("base", "seen"), "contains"] == expected
    assert table.loc[("base", "seen"), "mcq_accuracy"] == "—"  # not measured for base
    assert table.loc[("rag", "updated"), "hit@3"] == "—"


def test_comparison_table_accepts_a_mapping_and_loaded_records(tmp_path):
    for record in _two_records():
        write_record(record, tmp_path)
    loaded = {system: load_record(system, tmp_path) for system in ("rag", "base")}
    table = comparison_table(loaded)
    assert list(table.index.get_level_values("system").unique()) == ["rag", "base"]


def test_comparison_table_of_nothing_is_empty():
    assert comparison_table([]).empty


def test_metrics_long_is_tidy():
    tidy = metrics_long(_two_records())
    assert list(tidy.columns) == ["system", "group", "n", "metric", "value", "low", "high"]
    row = tidy[(tidy.system == "rag") & (tidy.group == "seen") & (tidy.metric == "mrr")].iloc[0]
    assert row["n"] == 3
    assert row["low"] <= row["value"] <= row["high"]


# --- reusing a stored record ----------------------------------------------------------------------


def _questions(*qids):
    from types import SimpleNamespace

    return [SimpleNamespace(qid=qid) for qid in qids]


def test_a_stored_record_holding_the_questions_is_reused(tmp_path):
    from utils.evaluation import reuse_or_evaluate

    write_record(build_record("base", _answers_only(), profile="quick"), tmp_path)
    wanted = {"seen": _questions("s1", "s3"), "unseen": _questions("u2")}

    def never(groups):
        raise AssertionError("the stored answers should have been used")

    rows, source = reuse_or_evaluate(
        "base", wanted, never, profile=get_profile("quick"), results_dir=tmp_path
    )
    assert [(r.group, r.qid) for r in rows] == [("seen", "s1"), ("seen", "s3"), ("unseen", "u2")]
    assert "reused" in source and "notebook 0" in source


@pytest.mark.parametrize(
    ("profile", "wanted"),
    [
        ("full", {"seen": ["s1"]}),  # another profile's record
        ("quick", {"seen": ["s1", "s9"]}),  # a question the record lacks
        ("quick", {"unseen": ["s1"]}),  # the right id in another group
    ],
)
def test_a_record_that_does_not_hold_exactly_these_questions_is_not_reused(
    tmp_path, profile, wanted
):
    from utils.evaluation import reuse_or_evaluate

    write_record(build_record("base", _answers_only(), profile="quick"), tmp_path)
    groups = {g: _questions(*qids) for g, qids in wanted.items()}
    rows, source = reuse_or_evaluate(
        "base", groups, lambda g: ["fresh"], profile=get_profile(profile), results_dir=tmp_path
    )
    assert rows == ["fresh"] and "evaluated now" in source


def test_without_a_record_the_system_is_evaluated(tmp_path):
    from utils.evaluation import reuse_or_evaluate

    rows, _ = reuse_or_evaluate(
        "ft", {"seen": _questions("s1")}, lambda g: ["fresh"], profile=get_profile("quick"),
        results_dir=tmp_path,
    )  # fmt: skip
    assert rows == ["fresh"]


# --- figures --------------------------------------------------------------------------------------


def test_interval_bars_draw_each_value_with_its_interval(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from utils.plots import interval_bars, save_figure

    fig, ax = plt.subplots()
    cells = [{"value": 0.5, "ci95": [0.4, 0.7]}, {"value": None, "ci95": [None, None]}]
    interval_bars(ax, ["seen", "unseen"], {"a": cells, "b": cells[::-1]}, chance=0.25)
    heights = sorted(round(p.get_height(), 3) for p in ax.patches if p.get_height() > 0)
    assert heights == [0.5, 0.5] and [t.get_text() for t in ax.get_xticklabels()] == [
        "seen",
        "unseen",
    ]
    path = save_figure(fig, "check", tmp_path)
    assert path == tmp_path / "figures" / "check.png" and path.stat().st_size > 1000
    plt.close(fig)


def test_the_diagrams_show_the_runs_own_settings():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from utils.plots import lora_diagram, rag_pipeline_diagram

    texts = lambda fig: " ".join(t.get_text() for t in fig.axes[0].texts)  # noqa: E731
    rag = rag_pipeline_diagram("a-model", "an-embedder", 5, 64)
    assert "top-5 search" in texts(rag) and "5 passages + question" in texts(rag)
    assert "a-model" in texts(rag) and texts(rag).count("an-embedder") == 2
    assert "~64 tokens" in texts(rag)
    lora = lora_diagram(d_in=100, d_out=50, r=4, alpha=8)
    # W holds 5,000 weights; A and B hold 4 x (100 + 50) = 600 of them, 12 % of W
    assert "frozen: 5,000 weights" in texts(lora) and "= 600 weights, 12.0% of W" in texts(lora)
    assert "= 8 / 4" in texts(lora)
    plt.close("all")


def test_small_multiples_draw_one_panel_per_dimension_with_the_same_colours():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from utils.plots import small_multiples

    panels = [
        {"title": "accuracy", "values": {"a": 0.5, "b": 0.25}, "better": "higher"},
        {"title": "memory", "values": {"b": 300.0, "a": None}, "better": "lower", "unit": "MB"},
        {"title": "cost", "values": {"a": 1e-4, "b": float("nan")}, "better": "lower", "log": True},
    ]
    fig = small_multiples(panels, ncols=2)
    axes = fig.axes
    assert len(axes) == 4 and [ax.get_visible() for ax in axes] == [True, True, True, False]
    first, second, third = axes[:3]
    assert [round(p.get_height(), 3) for p in first.patches] == [0.5, 0.25]
    assert "↑ better" in first.get_title() and "MB; ↓ better" in second.get_title()
    # a missing value (None or NaN) is left out; a system keeps its colour in every panel
    assert [t.get_text() for t in second.get_xticklabels()] == ["b"]
    assert second.patches[0].get_facecolor() == first.patches[1].get_facecolor()
    assert len(third.patches) == 1 and third.get_yscale() == "log"
    plt.close(fig)


# --- comparing two systems question by question ------------------------------------------------------


def _rows(system_answers):
    return [
        Prediction(f"q{i}", "seen", "Q?", "blue", answer, fact_id=f"f{i // 2}")
        for i, answer in enumerate(system_answers)
    ]


def test_paired_differences_compare_the_same_questions():
    from utils.records import paired_differences

    good = build_record("rag", _rows(["blue"] * 16), profile="quick")
    poor = build_record("base", _rows(["red"] * 14 + ["blue"] * 2), profile="quick")
    diff = paired_differences(good, poor, metrics=("contains",))["seen"]["contains"]
    assert diff["value"] == 0.875 and diff["n"] == 16 and diff["ci95"][0] > 0


def test_records_of_different_questions_are_never_compared_silently():
    from utils.records import DifferentQuestionsError, paired_differences

    a = build_record("rag", _rows(["blue"] * 4), profile="quick")
    b = build_record("base", _rows(["blue"] * 3), profile="quick")
    with pytest.raises(DifferentQuestionsError, match=r"1 only in the first.*same questions"):
        paired_differences(a, b)


def test_intervals_resample_facts_when_rows_name_them():
    rows = _rows(["blue", "blue", "red", "red"] * 5)
    by_fact = summarize(rows)["seen"]["contains"]["ci95"]
    by_question = summarize([Prediction(**{**r.__dict__, "fact_id": None}) for r in rows])["seen"]
    assert (
        by_fact[1] - by_fact[0]
        > by_question["contains"]["ci95"][1] - by_question["contains"]["ci95"][0]
    )


def test_accepted_counts_an_answer_written_another_way_and_contains_does_not():
    rows = [
        Prediction("q1", "seen", "Weight?", "184 g", "It weighs 184 grams.", fact_id="f1",
                   aliases=["184 grams", "184g"]),
        Prediction("q2", "seen", "Price?", "€120", "120 euros", fact_id="f2",
                   aliases=["120 euros"]),
        Prediction("q3", "seen", "Weight?", "184 g", "It weighs 1184 grams.", fact_id="f3",
                   aliases=["184 grams"]),
        Prediction("q4", "seen", "Size?", "2.6 inches", "2.6 inches", fact_id="f4"),
    ]  # fmt: skip
    seen = summarize(rows)["seen"]
    assert seen["accepted"]["value"] == 0.75  # q1, q2 by alias, q4 as written; never 1184
    assert seen["contains"]["value"] == 0.25


def test_every_group_is_also_reported_by_kind_of_fact():
    from utils.records import domain_of, paired_differences

    rows = [
        Prediction(f"q{i}", "seen", "Q?", "blue", "blue" if i % 2 else "red", fact_id=f"f{i}",
                   gold_doc_id="tessel-a250" if i < 6 else "policy-returns")
        for i in range(10)
    ]  # fmt: skip
    record = build_record("rag", rows, profile="quick")
    by_domain = record["metrics_by_domain"]["seen"]
    assert set(by_domain) == {"product", "policy/service"}
    assert by_domain["product"]["n"] == 6 and by_domain["policy/service"]["n"] == 4
    assert by_domain["product"]["contains"]["value"] == 0.5  # q1, q3, q5
    assert by_domain["policy/service"]["contains"]["value"] == 0.5  # q7, q9
    base = build_record("base", [Prediction(**{**r.__dict__, "prediction": "red"}) for r in rows],
                        profile="quick")  # fmt: skip
    diff = paired_differences(record, base, metrics=("contains",), domain="product")
    assert diff["seen"]["contains"]["n"] == 6 and diff["seen"]["contains"]["value"] == 0.5
    assert domain_of(None) is None


def test_a_record_without_its_predictions_names_the_system_and_the_fix():
    from utils.records import RecordError, paired_differences, record_predictions

    record = build_record("rag", _rows(["blue"] * 4), profile="quick")
    stripped = {**record, "predictions": []}
    with pytest.raises(RecordError, match=r"'rag' holds no per-question predictions.*notebook 2"):
        record_predictions(stripped)
    with pytest.raises(RecordError, match="no per-question"):
        paired_differences(stripped, record)
    broken = {**record, "predictions": [{"qid": "q9", "group": "seen"}]}
    with pytest.raises(RecordError, match=r"question q9\) lacks gold, prediction, question"):
        record_predictions(broken)


def test_the_evaluation_set_asks_the_seen_facts_again_as_customers_ask():
    from utils.data import eval_groups
    from utils.evaluation import EVAL_GROUPS, evaluation_set
    from utils.profiles import get_profile

    for name in ("quick", "full"):
        profile = get_profile(name)
        chosen = evaluation_set(profile)
        assert tuple(chosen) == EVAL_GROUPS
        every = eval_groups()
        cap = profile.evaluation.facts_per_group
        seen = {q.fact_id for q in chosen["seen"]}
        assert len(seen) == min(cap or 10**9, len({q.fact_id for q in every["seen"]}))
        assert {q.fact_id for q in chosen["robustness"]} == seen, name
        assert all(q.split == "customer" for q in chosen["robustness"])
        for group, questions in chosen.items():
            assert questions == sorted(questions, key=lambda q: q.qid), group
            facts = {q.fact_id for q in questions}
            assert len(facts) == min(cap or 10**9, len({q.fact_id for q in every[group]})), group
            asked = [q.qid for q in every[group] if q.fact_id in facts]  # every wording of each
            assert [q.qid for q in questions] == sorted(asked), group
        assert chosen == evaluation_set(profile), "the same questions every time"
