"""Write the learner notebooks (``notebooks/``) from the solutions (``solutions/``), the one source.

Exercise code sits between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` (nbgrader's markers). The
learner copy replaces each region with ``# YOUR CODE HERE`` and ``raise NotImplementedError()`` at the
region's indentation, and drops every output. Both copies start with the Colab badge and setup
cells of :mod:`utils.colab`, which this tool writes (into the solutions too). Each exercise cell (a
code cell starting ``# Exercise N.M``) of both copies carries nbgrader's cell metadata, also written
here, so that ``nbgrader generate_assignment`` on ``solutions/`` gives the learner copy. Run
``make learner`` after editing a solution; ``python -m utils.learner --check`` (part of ``make check``)
fails when ``notebooks/``, those cells or that metadata are stale.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from utils.colab import with_readme_badges
from utils.exercises.notebook import MARK
from utils.settings import REPO_ROOT

SOLUTIONS_DIR = REPO_ROOT / "solutions"
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
GRADE_ID_PREFIX = "exercise-"  # nbgrader's grade_id of an exercise cell: exercise-1-2 for 1.2
_REGION = re.compile(
    rf"^(?P<indent>[ \t]*){re.escape(BEGIN)}[^\n]*\n.*?^[ \t]*{re.escape(END)}[^\n]*$",
    re.MULTILINE | re.DOTALL,
)


def strip_solutions(source: str) -> str:
    """Replace every solution region of a cell's source with the stub.

    >>> print(strip_solutions("def f():\\n    ### BEGIN SOLUTION\\n    return 1\\n    ### END SOLUTION"))
    def f():
        # YOUR CODE HERE
        raise NotImplementedError()
    """
    if source.count(BEGIN) != source.count(END):
        raise ValueError(f"Unbalanced solution markers in a cell starting {source[:60]!r}")

    def stub(match: re.Match) -> str:
        indent = match.group("indent")
        return f"{indent}# YOUR CODE HERE\n{indent}raise NotImplementedError()"

    return _REGION.sub(stub, source)


def learner_version(notebook):
    """A copy of ``notebook`` (an nbformat node) with solutions stubbed and outputs cleared."""
    import copy

    learner = copy.deepcopy(notebook)
    for cell in learner.cells:
        if cell.cell_type != "code":
            continue
        cell.source = strip_solutions(cell.source)
        cell.outputs = []
        cell.execution_count = None
    return learner


def nbgrader_metadata(exercise_id: str) -> dict:
    """nbgrader's cell metadata for exercise ``exercise_id``: what its "Autograded answer" cell type
    writes (nbgrader 0.9, schema 3).

    >>> nbgrader_metadata("1.2")["grade_id"]
    'exercise-1-2'
    """
    return {
        "solution": True,  # nbgrader stubs its solution regions on release
        "grade": False,  # no points in nbgrader: the course's own checks score the exercise
        "locked": False,  # the learner writes in it
        "grade_id": GRADE_ID_PREFIX + exercise_id.replace(".", "-"),  # unique in the notebook
        "schema_version": 3,
    }


def with_nbgrader_metadata(notebook):
    """A copy of ``notebook`` whose exercise cells carry :func:`nbgrader_metadata`, and whose other cells
    no longer carry what an earlier run wrote there (a ``grade_id`` of ours). A solution region outside
    an exercise cell is an error, as it is to nbgrader."""
    import copy

    nb = copy.deepcopy(notebook)
    for cell in nb.cells:
        match = MARK.search(cell.source) if cell.cell_type == "code" else None
        if match:
            cell.metadata["nbgrader"] = nbgrader_metadata(match.group(1))
            continue
        if cell.cell_type == "code" and BEGIN in cell.source:
            raise ValueError(f"A solution region outside an exercise cell: {cell.source[:60]!r}")
        ours = cell.metadata.get("nbgrader", {}).get("grade_id", "").startswith(GRADE_ID_PREFIX)
        if ours:
            del cell.metadata["nbgrader"]
    return nb


def with_colab_cells(notebook, path: str):
    """A copy of ``notebook`` that starts with the Colab badge (for the notebook at ``path``,
    relative to the repository) and has the setup cell as its first code cell; older copies of
    either cell are replaced."""
    import copy

    import nbformat

    from utils.colab import BADGE_CELL_ID, SETUP_CELL_ID, badge_markdown, setup_cell_source

    nb = copy.deepcopy(notebook)
    nb.cells = [c for c in nb.cells if c.get("id") not in (BADGE_CELL_ID, SETUP_CELL_ID)]
    first_code = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code"), len(nb.cells))
    setup = nbformat.v4.new_code_cell(setup_cell_source(), id=SETUP_CELL_ID)
    badge = nbformat.v4.new_markdown_cell(badge_markdown(path), id=BADGE_CELL_ID)
    nb.cells = [badge, *nb.cells[:first_code], setup, *nb.cells[first_code:]]
    return nb


def render(notebook) -> str:
    """The notebook's canonical text: what is written to disk and compared by the staleness check."""
    import nbformat

    return nbformat.writes(notebook) + "\n"


def expected_learner_files(src: Path = SOLUTIONS_DIR) -> dict[str, str]:
    """File name -> text of every learner notebook as ``src`` says it should be."""
    import nbformat

    files = {}
    for path in sorted(src.glob("*.ipynb")):
        copy = learner_version(with_nbgrader_metadata(nbformat.read(path, as_version=4)))
        files[path.name] = render(with_colab_cells(copy, f"{NOTEBOOKS_DIR.name}/{path.name}"))
    return files


def expected_solution_files(src: Path = SOLUTIONS_DIR) -> dict[str, str]:
    """File name -> text of every solution notebook with its Colab cells up to date."""
    import nbformat

    files = {}
    for path in sorted(src.glob("*.ipynb")):
        solution = with_nbgrader_metadata(nbformat.read(path, as_version=4))
        files[path.name] = render(with_colab_cells(solution, f"{SOLUTIONS_DIR.name}/{path.name}"))
    return files


def write_learner_notebooks(src: Path = SOLUTIONS_DIR, dst: Path = NOTEBOOKS_DIR) -> list[Path]:
    """(Re)write ``dst`` from ``src``; learner notebooks with no solution left are removed."""
    dst.mkdir(parents=True, exist_ok=True)
    for name, text in expected_solution_files(src).items():  # the Colab cells of the solutions
        if (src / name).read_text(encoding="utf-8") != text:
            (src / name).write_text(text, encoding="utf-8")
    expected = expected_learner_files(src)
    readme = REPO_ROOT / "README.md"
    if src == SOLUTIONS_DIR and readme.exists():  # README's table of Colab badges
        text = readme.read_text(encoding="utf-8")
        badges = with_readme_badges(text, sorted(expected))
        if badges != text:
            readme.write_text(badges, encoding="utf-8")
    for stale in set(p.name for p in dst.glob("*.ipynb")) - set(expected):
        (dst / stale).unlink()
    written = []
    for name, text in expected.items():
        (dst / name).write_text(text, encoding="utf-8")
        written.append(dst / name)
    return written


def stale_notebooks(src: Path = SOLUTIONS_DIR, dst: Path = NOTEBOOKS_DIR) -> list[str]:
    """Names of learner notebooks that are missing, extra or differ from what ``src`` gives."""
    expected = expected_learner_files(src)
    present = {p.name: p.read_text(encoding="utf-8") for p in dst.glob("*.ipynb")}
    names = sorted(set(expected) | set(present))
    solutions = [f"{src.name}/{name}" for name, text in expected_solution_files(src).items()
                 if (src / name).read_text(encoding="utf-8") != text]  # fmt: skip
    readme = REPO_ROOT / "README.md"
    if src == SOLUTIONS_DIR and readme.exists():
        text = readme.read_text(encoding="utf-8")
        if with_readme_badges(text, sorted(expected)) != text:
            solutions.append("README.md (its Colab badges)")
    return [n for n in names if expected.get(n) != present.get(n)] + solutions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if notebooks/ is stale")
    args = parser.parse_args(argv)
    if args.check:
        stale = stale_notebooks()
        if stale:
            print(f"notebooks/ is stale ({', '.join(stale)}): run `make learner` and commit.")
            return 1
        print("notebooks/: in sync with solutions/")
        return 0
    for path in write_learner_notebooks():
        print(f"wrote {path.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
