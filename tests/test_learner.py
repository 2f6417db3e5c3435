"""The learner notebooks are generated from the solutions, never stale, and hide every solution."""

import json

import nbformat
import pytest

from utils import learner


def test_stub_keeps_the_indentation_and_the_code_around_it():
    source = (
        "def f(x):\n    '''Doc.'''\n    ### BEGIN SOLUTION\n    y = x + 1\n    return y\n"
        "    ### END SOLUTION\n\nprint(f)"
    )
    assert learner.strip_solutions(source) == (
        "def f(x):\n    '''Doc.'''\n    # YOUR CODE HERE\n    raise NotImplementedError()\n\nprint(f)"
    )


def test_every_region_is_stubbed():
    source = "### BEGIN SOLUTION\na = 1\n### END SOLUTION\nb = 2\n### BEGIN SOLUTION\nc = 3\n### END SOLUTION"
    stubbed = learner.strip_solutions(source)
    assert stubbed.count("raise NotImplementedError()") == 2
    assert "a = 1" not in stubbed and "c = 3" not in stubbed and "b = 2" in stubbed


def test_unbalanced_markers_are_an_error():
    with pytest.raises(ValueError, match="Unbalanced"):
        learner.strip_solutions("### BEGIN SOLUTION\nx = 1\n")


def test_learner_version_drops_outputs_and_solutions():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("### BEGIN SOLUTION\nsecret = 42\n### END SOLUTION")
    cell.outputs = [nbformat.v4.new_output("stream", text="42")]
    cell.execution_count = 3
    nb.cells = [nbformat.v4.new_markdown_cell("### BEGIN SOLUTION in prose stays"), cell]
    out = learner.learner_version(nb)
    assert out.cells[1].outputs == [] and out.cells[1].execution_count is None
    assert "secret" not in out.cells[1].source
    assert out.cells[0].source == nb.cells[0].source
    assert nb.cells[1].outputs  # the original is untouched


def test_committed_learner_notebooks_are_in_sync():
    stale = learner.stale_notebooks()
    assert stale == [], f"notebooks/ is stale ({stale}): run `make learner` and commit."


def test_a_stale_copy_is_detected(tmp_path):
    learner.write_learner_notebooks(dst=tmp_path)
    assert learner.stale_notebooks(dst=tmp_path) == []
    first = sorted(tmp_path.glob("*.ipynb"))[0]
    first.write_text(first.read_text().replace("YOUR CODE HERE", "my attempt"))
    (tmp_path / "99_extra.ipynb").write_text("{}")
    assert learner.stale_notebooks(dst=tmp_path) == sorted([first.name, "99_extra.ipynb"])


def test_learner_notebooks_contain_no_solution_code():
    for path in sorted(learner.NOTEBOOKS_DIR.glob("*.ipynb")):
        text = path.read_text()
        assert learner.BEGIN not in text and learner.END not in text, path.name


def test_solutions_are_committed_without_outputs():
    for path in sorted(learner.SOLUTIONS_DIR.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        with_outputs = [i for i, c in enumerate(nb.cells) if c.get("outputs")]
        assert not with_outputs, f"{path.name}: cells {with_outputs} have outputs; clear them"


def test_every_exercise_cell_and_no_other_carries_nbgrader_metadata():
    from utils.exercises.notebook import MARK

    for path in [*learner.SOLUTIONS_DIR.glob("*.ipynb"), *learner.NOTEBOOKS_DIR.glob("*.ipynb")]:
        for cell in nbformat.read(path, as_version=4).cells:
            match = MARK.search(cell.source) if cell.cell_type == "code" else None
            expected = learner.nbgrader_metadata(match.group(1)) if match else None
            assert cell.metadata.get("nbgrader") == expected, f"{path.name}, cell {cell.id}"


def test_nbgrader_metadata_is_written_and_what_is_stale_removed():
    nb = nbformat.v4.new_notebook()
    exercise = nbformat.v4.new_code_cell(
        "# Exercise 2.1\n### BEGIN SOLUTION\nx = 1\n### END SOLUTION"
    )
    former = nbformat.v4.new_code_cell("x = 2")  # was exercise 2.2 in an earlier run
    former.metadata["nbgrader"] = learner.nbgrader_metadata("2.2")
    test_cell = nbformat.v4.new_code_cell("assert x == 1")  # an instructor's own nbgrader cell
    test_cell.metadata["nbgrader"] = {"grade": True, "grade_id": "test-x", "points": 1}
    nb.cells = [exercise, former, test_cell]
    out = learner.with_nbgrader_metadata(nb)
    assert out.cells[0].metadata["nbgrader"] == {"grade": False, "grade_id": "exercise-2-1",
                                                 "locked": False, "schema_version": 3,
                                                 "solution": True}  # fmt: skip
    assert "nbgrader" not in out.cells[1].metadata
    assert out.cells[2].metadata == test_cell.metadata
    assert "nbgrader" not in nb.cells[0].metadata  # the original is untouched


def test_a_solution_region_outside_an_exercise_cell_is_an_error():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1\n### BEGIN SOLUTION\ny = 2\n### END SOLUTION")]
    with pytest.raises(ValueError, match="outside an exercise cell"):
        learner.with_nbgrader_metadata(nb)


def test_missing_or_stale_nbgrader_metadata_is_detected(tmp_path):
    src, dst = tmp_path / "solutions", tmp_path / "notebooks"
    src.mkdir()
    for path in learner.SOLUTIONS_DIR.glob("*.ipynb"):
        (src / path.name).write_text(path.read_text())
    learner.write_learner_notebooks(src=src, dst=dst)
    assert learner.stale_notebooks(src=src, dst=dst) == []
    first = sorted(src.glob("*.ipynb"))[0]
    first.write_text(first.read_text().replace('"grade_id": "exercise-', '"grade_id": "ex-'))
    second = sorted(dst.glob("*.ipynb"))[1]
    nb = nbformat.read(second, as_version=4)
    for cell in nb.cells:
        cell.metadata.pop("nbgrader", None)
    second.write_text(learner.render(nb))
    assert learner.stale_notebooks(src=src, dst=dst) == [second.name, f"solutions/{first.name}"]


def test_check_cells_open_collapsed_and_teaching_cells_do_not():
    check = nbformat.v4.new_code_cell(
        "n = len(xs)\nfor x in xs:\n    if x:\n        assert x > 0, 'why'"
    )
    shown = nbformat.v4.new_code_cell("assert xs\nprint(len(xs))")
    defines = nbformat.v4.new_code_cell("def f():\n    assert True")
    nb = nbformat.v4.new_notebook()
    nb.cells = [check, shown, defines, nbformat.v4.new_markdown_cell("assert nothing")]
    out = learner.with_checks_collapsed(nb)
    assert out.cells[0].metadata["jupyter"] == {"source_hidden": True}
    assert [c.metadata.get("jupyter") for c in out.cells[1:]] == [None, None, None]
    assert "jupyter" not in nb.cells[0].metadata  # the original is untouched
    for path in [*learner.SOLUTIONS_DIR.glob("*.ipynb"), *learner.NOTEBOOKS_DIR.glob("*.ipynb")]:
        for cell in nbformat.read(path, as_version=4).cells:
            hidden = cell.metadata.get("jupyter", {}).get("source_hidden", False)
            assert hidden == learner.is_check_cell(cell), f"{path.name}, cell {cell.id}"


def test_the_time_estimate_is_computed_from_what_the_notebook_asks():
    words = " ".join(["word"] * 2 * learner.READING_WPM)  # two minutes of prose
    code = "\n".join(f"x{i} = {i}" for i in range(learner.CODE_LINES_PER_MINUTE))  # one minute
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# N\n\nEstimated time: **99 minutes** of work.\n\n" + words),
        nbformat.v4.new_code_cell(code),
        nbformat.v4.new_code_cell("assert x1 == 1\nassert x2 == 2"),  # a check: not read
        nbformat.v4.new_markdown_cell("### Exercise 9.1 — hard (★★★ hard)\n\n### Exercise 9.2 — x (★ easy)"),
        nbformat.v4.new_code_cell("# Exercise 9.1\ndef f():\n    ### BEGIN SOLUTION\n"
                                  + "\n".join(["    y = 1"] * 60) + "\n    ### END SOLUTION"),
        nbformat.v4.new_code_cell("my_guess = {'a': None}"),
    ]  # fmt: skip
    minutes = learner.learner_minutes(nb)
    assert minutes["exercises"] == learner.EXERCISE_MINUTES[3] + learner.EXERCISE_MINUTES[1]
    assert minutes["predictions"] == learner.PREDICT_MINUTES
    assert abs(minutes["reading"] - 2) < 0.1  # the headings' few words on top
    # the solution's 60 lines are not the learner's to read: only its stub and the rest count
    assert (
        abs(minutes["code"] - (learner.CODE_LINES_PER_MINUTE + 3) / learner.CODE_LINES_PER_MINUTE)
        < 1e-9
    )
    total = minutes["reading"] + minutes["code"] + minutes["exercises"] + minutes["predictions"]
    assert minutes["total"] % 5 == 0 and total <= minutes["total"] < total + 5
    stated = learner.with_time_estimate(nb).cells[0].source
    assert f"Estimated time: **{minutes['total']} minutes** of work." in stated
    assert learner.learner_minutes(nb, 90)["machine"] == 1.5  # the measured run time counts too
    measured = learner.run_seconds()
    for path in sorted(learner.SOLUTIONS_DIR.glob("*.ipynb")):
        solution = nbformat.read(path, as_version=4)
        total = learner.learner_minutes(solution, measured.get(path.name, 0))["total"]
        assert f"Estimated time: **{total} minutes**" in solution.cells[1].source, path.name


def test_a_full_runs_seconds_are_recorded_for_the_estimates(tmp_path):
    first, second = sorted(p.name for p in learner.SOLUTIONS_DIR.glob("*.ipynb"))[:2]
    times = tmp_path / "run_seconds.json"
    times.write_text(json.dumps({second: 50, "gone.ipynb": 9}))
    summary = tmp_path / "summary.json"
    runs = [{"notebook": first, "seconds": 120.4, "ok": True},
            {"notebook": second, "seconds": 70.0, "ok": False}]  # fmt: skip
    summary.write_text(json.dumps({"profile": "full", "runs": runs}))
    assert learner.record_run_seconds(summary, times) == {first: 120, second: 50}
    assert json.loads(times.read_text()) == {first: 120, second: 50}
    summary.write_text(json.dumps({"profile": "quick", "runs": runs}))
    with pytest.raises(ValueError, match="record a full-profile"):
        learner.record_run_seconds(summary, times)
