"""The results tables (utils.report): every number read from the records, nothing typed."""

from __future__ import annotations

import pytest

from utils import report
from utils.records import Prediction, build_record, write_record


def _rows(answers, choices=None):
    docs = ["tessel-a250", "policy-returns"]
    return [
        Prediction(f"q{i}", "seen", "Q?", "184 g", answer, fact_id=f"f{i // 2}",
                   gold_doc_id=docs[i % 2], aliases=["184 grams"],
                   mcq_choice=None if choices is None else choices[i],
                   mcq_gold=None if choices is None else 0)
        for i, answer in enumerate(answers)
    ]  # fmt: skip


@pytest.fixture
def results(tmp_path):
    n = 20
    write_record(build_record("base", _rows(["no idea"] * n, [1] * n), profile="quick"), tmp_path)
    write_record(build_record("rag", _rows(["184 grams"] * n, [0] * n), profile="quick"), tmp_path)
    ft = _rows(["184 g"] * 10 + ["no"] * 10, [0] * 10 + [1] * 10)
    write_record(build_record("ft", ft, profile="quick"), tmp_path)
    return tmp_path


def test_the_systems_table_holds_every_system_and_its_paired_gain(results):
    table = report.systems_table(report.available_records(results))
    lines = table.splitlines()
    assert lines[2].startswith("| base model | seen | 20 | 0.000 [0.000, 0.000] |")
    rag = next(line for line in lines if line.startswith("| RAG |"))
    # accepted by alias (1.0) but never containment (0.0): the gold is written another way
    assert "| 1.000 [1.000, 1.000] | 0.000 [0.000, 0.000] | 1.000 [1.000, 1.000] (20) |" in rag
    assert rag.endswith("| +1.000 [+1.000, +1.000] |")
    ft = next(line for line in lines if line.startswith("| LoRA fine-tuned |"))
    assert "| 0.500 [" in ft and "+0.500 [" in ft


def test_rag_minus_ft_is_paired_and_signed(results):
    table = report.pair_table(report.available_records(results))
    row = table.splitlines()[2]
    assert row.startswith("| seen | +0.500 [") and row.count("+0.500") == 2  # accepted and MCQ


def test_without_a_record_the_comparison_says_so(tmp_path):
    assert "a record is missing" in report.pair_table({})
    assert "run `make run`" in report.report({})


def test_accepted_is_split_by_kind_of_fact(results):
    table = report.domain_table(report.available_records(results))
    ft = next(line for line in table.splitlines() if line.startswith("| LoRA fine-tuned |"))
    assert ft.count("(10)") == 2  # half the questions are about products, half about a policy


def test_the_readme_block_is_replaced_and_nothing_else(results, tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"intro\n{report.START}\nold table\n{report.END}\nlicence\n")
    assert report.main(["--results", str(results), "--readme", str(readme)]) == 0
    text = readme.read_text()
    assert text.startswith("intro\n") and text.endswith(f"{report.END}\nlicence\n")
    assert "old table" not in text and "| RAG | seen |" in text


def test_a_readme_without_markers_is_refused_with_the_fix(results, tmp_path, capsys):
    readme = tmp_path / "README.md"
    readme.write_text("no markers here\n")
    assert report.main(["--results", str(results), "--readme", str(readme)]) == 1
    assert "needs exactly one" in capsys.readouterr().err
    assert readme.read_text() == "no markers here\n"


def test_the_scorecard_comes_first_when_notebook_5_wrote_one(results, tmp_path, capsys):
    from utils import run_course, scorecard
    from utils.claims import CLAIMS

    assert scorecard.load_scorecard(results) is None
    assert "The scorecard" not in report.report(report.available_records(results))
    card = scorecard.scorecard({}, {"profile": "quick", "device": "cpu"})  # nothing measured
    scorecard.write_scorecard(card, results / scorecard.SCORECARD_FILE)
    loaded = scorecard.load_scorecard(results)
    text = report.report(report.available_records(results), loaded)
    assert text.startswith(f"**The scorecard** ({len(CLAIMS)} claims: {len(CLAIMS)} not testable")
    assert "Measured with profile quick; device cpu." in text
    assert f"| {CLAIMS[0].id} | {CLAIMS[0].text} | **not testable here** |" in text
    assert text.index("The scorecard") < text.index("| RAG | seen |")
    run_course._print_scorecard(loaded, results)
    printed = capsys.readouterr().out
    assert f"{CLAIMS[-1].id:<3} not testable here" in printed and "scorecard.json" in printed


def test_the_wrapup_page_counts_verdicts_by_dimension_and_lists_the_figures(tmp_path):
    from utils import scorecard
    from utils.claims import CLAIMS

    verdicts = [{"id": c.id, "claim": c.id, "dimension": c.dimension, "text": c.text,
                 "verdict": scorecard.HOLDS if i % 2 else scorecard.NOT_HERE, "evidence": "x",
                 "measured": []} for i, c in enumerate(CLAIMS)]  # fmt: skip
    card = {"conditions": {"profile": "quick"}, "verdicts": verdicts, "literature": []}
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "05_update.png").write_bytes(b"png")
    page = report.wrapup_page(card, tmp_path)
    table = report.dimensions_table(card)
    rows = table.splitlines()[2:]
    assert len(rows) == len({c.dimension for c in CLAIMS})
    counted = sum(int(n) for row in rows for n in row.strip("|").split("|")[1:])
    assert counted == len(CLAIMS)
    assert "![05_update](figures/05_update.png)" in page and "Measured with profile quick." in page
    assert "- `figures/05_update.png`" in report.wrapup_page(card, tmp_path, images=False)
