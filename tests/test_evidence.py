"""The "evidence so far" blocks of notebooks 0-4, and notebook 5 gathering them."""

from __future__ import annotations

import json

import nbformat
import pytest

from utils import evidence
from utils.claims import CLAIMS
from utils.learner import SOLUTIONS_DIR
from utils.records import Prediction, build_record

REGEX = r"^Answer: .+ \(source: [a-z0-9-]+\)$"


def _record(system, right, *, groups=("seen", "unseen"), latency=0.5, prompt=40, extra=None):
    """A record with 10 facts per group; ``right(group, i)`` says whether question i is right."""
    rows = [
        Prediction(
            f"{g}-{i}",
            g,
            "q?",
            "blue",
            f"Answer: blue (source: doc-{i})" if right(g, i) else "red",
            latency_s=latency,
            prompt_tokens=prompt,
            fact_id=f"{g}-{i}",
        )
        for g in groups
        for i in range(10)
    ]
    return build_record(system, rows, profile="quick", peak_rss_mb=1234.5, extra=extra)


def _never(g, i):
    return False


def test_the_dimensions_are_the_claims_dimensions():
    assert set(evidence.DIMENSIONS) == {c.dimension for c in CLAIMS}
    with pytest.raises(ValueError, match="unknown claim 'Z9'"):
        evidence.Evidence(0, "Z9", "text")


def test_notebook_0_states_the_base_models_numbers():
    base = _record("base", lambda g, i: g == "seen" and i < 2, latency=0.25)
    items = evidence.notebook_0(base)
    assert [(e.claim, e.dimension) for e in items] == [
        ("L2", "learning style"),
        ("R1", "resources"),
    ]
    assert "0.200 [" in items[0].text and "0.000 [0.000, 0.000] of the unseen" in items[0].text
    assert "0.25 s (median) with 40 prompt tokens" in items[1].text and "1,234 MB" in items[1].text


def test_a_paired_difference_says_which_side_of_zero_it_is():
    base = _record("base", _never)
    better = _record("rag", lambda g, i: True, prompt=180, latency=1.5)
    text = evidence.notebook_2(better, base)[0].text
    assert text.endswith("+1.000 [+1.000, +1.000], above zero.")
    worse = _record("rag", _never)
    assert (
        "+0.000 [+0.000, +0.000], the interval includes zero"
        in evidence.notebook_2(worse, base)[0].text
    )
    mixed = _record("rag", lambda g, i: i % 2 == 0)
    assert "the interval includes zero" not in evidence.notebook_2(mixed, base)[0].text
    cost = evidence.notebook_2(better, base)[1].text
    assert "180 tokens on average against 40" in cost and "1.50 s (median) against 0.50 s" in cost


def test_the_update_is_evidence_only_when_notebook_2_made_one():
    base = _record("base", _never)
    groups = ("seen", "unseen", "updated")
    rag = _record("rag", lambda g, i: g == "updated" and i < 7, groups=groups)
    assert "L1" not in [e.claim for e in evidence.notebook_2(rag, base)]
    before = {"accepted": {"value": 0.1, "ci95": [0.0, 0.3]}}
    update = {"in_place_s": 0.98, "speedup": 5.2}
    rag["extra"] = {"update": update, "updated_before_update": before}
    (l1,) = [e for e in evidence.notebook_2(rag, base) if e.claim == "L1"]
    assert "in 1.0 s (5.2x faster than a rebuild)" in l1.text
    assert "from 0.100 [0.000, 0.300] to 0.700 [" in l1.text


def test_notebook_4_compares_with_rag_only_on_the_same_profile():
    base = _record("base", _never)
    train = {"train_seconds": 514.3, "steps": 147, "train_tokens_per_s": 276.3}
    ft = _record("ft", lambda g, i: g == "seen", extra={**train, "train_peak_rss_mb": 4134.1})
    rag = _record("rag", lambda g, i: True, prompt=182, latency=0.31)
    items = {e.claim: e.text for e in evidence.notebook_4(ft, base, format_regex=REGEX, rag=rag)}
    assert set(items) == {"R2", "A3", "L2", "A4", "R3"}
    assert "514 s for 147 steps (276 tokens/s)" in items["R2"] and "4,134 MB" in items["R2"]
    assert items["A3"].endswith("+1.000 [+1.000, +1.000], above zero.")
    assert "+0.000" in items["L2"] and "includes zero" in items["L2"]
    assert "+0.500 [" in items["A4"]  # the seen half answers in the house format
    assert "against RAG's 182 tokens and 0.31 s" in items["R3"]
    rag["profile"] = "full"
    again = {e.claim: e.text for e in evidence.notebook_4(ft, base, format_regex=REGEX, rag=rag)}
    assert "RAG" not in again["R3"] and again["R3"].endswith("(median).")


def test_the_blocks_are_written_and_gathered_by_dimension(tmp_path):
    first = [evidence.Evidence(1, "C2", "a query takes 3 ms"), evidence.Evidence(1, "R1", "built")]
    markdown = evidence.show(1, first, tmp_path).data
    assert markdown.index("*resources*") < markdown.index("*cost*")
    evidence.show(0, [evidence.Evidence(0, "R1", "one answer")], tmp_path)
    found = evidence.gather(tmp_path)
    assert list(found.index) == [("resources", "R1"), ("resources", "R1"), ("cost", "C2")]
    assert list(found["notebook"]) == [0, 1, 1]
    assert found.attrs["missing"] == [2, 3, 4] and "run them" in found.attrs["fix"]
    assert json.loads((tmp_path / "evidence" / "01.json").read_text())[0]["dimension"] == "cost"
    (tmp_path / "evidence" / "02.json").write_text('[{"notebook": 2}]')
    with pytest.raises(ValueError, match="run notebook 2c again"):
        evidence.gather(tmp_path)


@pytest.mark.parametrize("number", evidence.NOTEBOOKS)
def test_every_notebook_up_to_4_ends_with_its_evidence(number):
    path = sorted(SOLUTIONS_DIR.glob(f"{number:02d}*_*.ipynb"))[-1]  # the chapter's last part
    assert path.name.startswith(evidence.LAST_PART[number].zfill(3)), path.name
    cells = {c.get("id"): c for c in nbformat.read(path, as_version=4).cells}
    assert f"evidence.show({number}, evidence.notebook_{number}(" in " ".join(
        cells["evidence"].source.split()
    ).replace("( ", "(")
    assert cells["evidence-md"].source.startswith("## Evidence so far")


def test_notebook_5_starts_from_the_gathered_evidence():
    (path,) = SOLUTIONS_DIR.glob("05_*.ipynb")
    cells = [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    gathered = next(i for i, s in enumerate(cells) if "gather()" in s)
    assert gathered < next(i for i, s in enumerate(cells) if "evaluate_system" in s)
