"""The learner notebooks are generated from the solutions, never stale, and hide every solution."""

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
