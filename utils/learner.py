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
import json
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


def is_check_cell(cell) -> bool:
    """A code cell that only checks: ``assert`` statements, with the imports, assignments and loops
    they need, and nothing shown (no call of its own, no function). The notebook checking itself.

    >>> import nbformat
    >>> is_check_cell(nbformat.v4.new_code_cell("# the run\\nn = len(x)\\nfor v in x:\\n    assert v"))
    True
    >>> is_check_cell(nbformat.v4.new_code_cell("assert x > 0\\nprint(x)"))
    False
    """
    import ast

    def checking(node) -> bool:
        if isinstance(node, ast.For | ast.If):
            return all(checking(n) for n in node.body + node.orelse)
        return isinstance(node, ast.Assert | ast.Assign | ast.AugAssign | ast.AnnAssign | ast.Import
                          | ast.ImportFrom)  # fmt: skip

    if cell.cell_type != "code" or not cell.source.strip():
        return False
    try:
        tree = ast.parse(cell.source)
    except SyntaxError:
        return False
    asserts = any(isinstance(node, ast.Assert) for node in ast.walk(tree))
    return asserts and all(checking(node) for node in tree.body)


def with_checks_collapsed(notebook):
    """A copy of ``notebook`` whose check cells (:func:`is_check_cell`) open collapsed (Jupyter's
    ``source_hidden``): a learner reads the teaching and can expand the checks."""
    import copy

    nb = copy.deepcopy(notebook)
    for cell in nb.cells:
        if is_check_cell(cell):
            cell.metadata["jupyter"] = {**cell.metadata.get("jupyter", {}), "source_hidden": True}
    return nb


# A learner's time, estimated from what a notebook asks of them (its learner copy): prose read at
# READING_WPM words a minute, the code they read (check cells, collapsed, not counted) at
# CODE_LINES_PER_MINUTE, each exercise by its stars, each predict-then-run question, and the
# machine's time: the seconds the notebook took in the last full-profile `make run` that was
# recorded into RUN_SECONDS (`python -m utils.learner --times`).
READING_WPM = 200
CODE_LINES_PER_MINUTE = 30
EXERCISE_MINUTES = {1: 5, 2: 10, 3: 20}
PREDICT_MINUTES = 2
_STARS = re.compile(r"^### Exercise \d+\.\d+ .*\((★+)", re.MULTILINE)
RUN_SECONDS = SOLUTIONS_DIR / "run_seconds.json"
_ESTIMATE = re.compile(r"Estimated time: \*\*\d+ minutes\*\*")


def run_seconds(path: Path = RUN_SECONDS) -> dict[str, float]:
    """Notebook file name -> its measured seconds in the full profile (empty when none recorded)."""
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def record_run_seconds(summary: Path, path: Path = RUN_SECONDS) -> dict[str, float]:
    """Keep the seconds of the notebooks that ran to the end in ``summary`` (``make run``'s
    ``results/summary.json``, full profile only) in ``path``; returns what is recorded."""
    runs = json.loads(summary.read_text(encoding="utf-8"))
    if runs.get("profile") != "full":
        raise ValueError(
            f"{summary} is a {runs.get('profile')!r} run: record a full-profile `make run`."
        )
    known = {p.name for p in SOLUTIONS_DIR.glob("*.ipynb")}
    times = {k: v for k, v in run_seconds(path).items() if k in known}
    times |= {
        r["notebook"]: round(r["seconds"])
        for r in runs["runs"]
        if r.get("ok") and r["notebook"] in known
    }
    path.write_text(json.dumps(dict(sorted(times.items())), indent=1) + "\n", encoding="utf-8")
    return times


def learner_minutes(notebook, run_s: float = 0.0) -> dict[str, float]:
    """The minutes a learner spends on ``notebook`` (a solution or a learner copy), by part (the
    machine's ``run_s`` seconds included), and their ``total`` rounded up to 5 minutes."""
    import math

    nb = learner_version(notebook)
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    code = [
        line
        for c in nb.cells
        if c.cell_type == "code" and not is_check_cell(c) and c.get("id") != "colab-setup"
        for line in c.source.splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]
    parts = {
        "reading": len(re.findall(r"\w+", prose)) / READING_WPM,
        "code": len(code) / CODE_LINES_PER_MINUTE,
        "exercises": sum(EXERCISE_MINUTES[len(stars)] for stars in _STARS.findall(prose)),
        "predictions": PREDICT_MINUTES * sum("my_guess = " in c.source for c in nb.cells),
        "machine": run_s / 60,
    }
    return {**parts, "total": 5 * math.ceil(sum(parts.values()) / 5)}


def with_time_estimate(notebook, run_s: float = 0.0):
    """A copy of ``notebook`` whose header states :func:`learner_minutes`' total (the first
    ``Estimated time: **N minutes**`` of its markdown)."""
    import copy

    nb = copy.deepcopy(notebook)
    total = learner_minutes(nb, run_s)["total"]
    for cell in nb.cells:
        if cell.cell_type == "markdown" and _ESTIMATE.search(cell.source):
            cell.source = _ESTIMATE.sub(
                f"Estimated time: **{total} minutes**", cell.source, count=1
            )
            break
    return nb


def prepared_solution(path: Path):
    """The solution notebook at ``path`` with what this tool writes into it: nbgrader's metadata,
    check cells collapsed, the computed time estimate."""
    import nbformat

    solution = with_nbgrader_metadata(nbformat.read(path, as_version=4))
    return with_time_estimate(with_checks_collapsed(solution), run_seconds().get(path.name, 0.0))


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

    files = {}
    for path in sorted(src.glob("*.ipynb")):
        copy = learner_version(prepared_solution(path))
        files[path.name] = render(with_colab_cells(copy, f"{NOTEBOOKS_DIR.name}/{path.name}"))
    return files


def expected_solution_files(src: Path = SOLUTIONS_DIR) -> dict[str, str]:
    """File name -> text of every solution notebook with its Colab cells up to date."""

    files = {}
    for path in sorted(src.glob("*.ipynb")):
        solution = prepared_solution(path)
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
    parser.add_argument("--times", type=Path, metavar="SUMMARY", help="record a full `make run`'s "
                        "seconds (results/summary.json) for the time estimates, then regenerate")  # fmt: skip
    args = parser.parse_args(argv)
    if args.times:
        for name, seconds in record_run_seconds(args.times).items():
            print(f"{name}: {seconds} s in the full profile")
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
