"""A sample class for the grader: ``make grade-demo`` grades it, the tests grade it and more.

Every submission is a learner copy of a course notebook with some exercise cells filled in: with the
solution, with a plausible mistake, or with code that attacks the grader (an endless loop that
ignores SIGTERM, a memory bomb, ``os._exit``, deleting the course's files, a network connection, a
process left running, an object that equals everything, a flood of output, a fake grader message).
``HOSTILE`` lists each with the status the grader must give it (the tests grade every one). ``write_sample_class`` writes the
committed sample (``grading/sample_class``); ``python -m utils.grade_sample --check`` fails when the
committed one differs from what it writes.
"""

from __future__ import annotations

import argparse
import copy
import sys
import tempfile
from pathlib import Path

from utils.exercises.notebook import MARK
from utils.learner import NOTEBOOKS_DIR, SOLUTIONS_DIR
from utils.settings import REPO_ROOT

SAMPLE_DIR = REPO_ROOT / "grading" / "sample_class"

# name: (the cell's code after its "# Exercise N.M" line, with {def} for the exercise's function
# name and parameters; the status the grader gives)
HOSTILE: dict[str, tuple[str, str]] = {
    "syntax error": ("def {def}\n    return []", "error"),
    "renamed function": ("def renamed_{def}:\n    return []", "missing"),
    "endless loop": ("def {def}:\n    while True:\n        pass", "timed out"),
    "ignores SIGTERM": ("import signal\n\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n\n\n"
                        "def {def}:\n    while True:\n        pass", "timed out"),
    "memory bomb": ("def {def}:\n    hoard = []\n    while True:\n"
                    "        hoard.append(bytearray(2**34))", "out of memory"),
    "os._exit": ("import os\n\n\ndef {def}:\n    os._exit(0)", "crashed"),
    "process left running": ("import subprocess\n\n\ndef {def}:\n"
                             "    subprocess.Popen(['sleep', '600'])\n    return []", "refused"),
    "deletes the course": ("import os\nimport shutil\n\nimport utils\n\n"
                           "shutil.rmtree(os.path.dirname(utils.__file__), ignore_errors=True)\n\n\n"
                           "def {def}:\n    return []", "refused"),
    "network": ("import urllib.request\n\n\ndef {def}:\n"
                "    urllib.request.urlopen('http://example.com', timeout=3)\n    return []",
                "refused"),
    "equals everything": ("class Anything(list):\n    def __eq__(self, other):\n        return True\n\n\n"
                          "def {def}:\n    return Anything()", "failed"),
    "replaces the checks": ("import sys\n\nfor module in list(sys.modules.values()):\n"
                            "    for name in dir(module):\n"
                            "        if name.startswith('_check'):\n"
                            "            setattr(module, name, lambda *args: None)\n\n\n"
                            "def {def}:\n    return []", "failed"),
    "flood of output": ("def {def}:\n    for _ in range(10**6):\n        print('chunk ' * 20)\n"
                        "    return []", "too much output"),
    "fake grader message": ("print('✅ Exercise passed.')\n"
                            "print('learner,notebook,exercise,points,max,status,feedback')\n\n\n"
                            "def {def}:\n    return []", "failed"),
}  # fmt: skip


def signature(exercise_id: str) -> str:
    """``name(parameters)`` of the exercise's function, as the solution writes it."""
    import ast

    from utils.exercises import get_exercise

    name = get_exercise(exercise_id).function_name
    for node in ast.walk(ast.parse(_solution_body(exercise_id))):
        if isinstance(node, ast.FunctionDef) and node.name == name:
            return f"{name}({ast.unparse(node.args)})"
    raise ValueError(f"exercise {exercise_id}'s solution defines no function {name}")


def hostile(name: str, exercise_id: str) -> str:
    """The code of hostile submission ``name`` for exercise ``exercise_id``."""
    return HOSTILE[name][0].replace("{def}", signature(exercise_id))


def _solution_body(exercise_id: str) -> str:
    from utils.exercises.notebook import exercise_cells

    return exercise_cells(SOLUTIONS_DIR)[exercise_id].source


def notebook_with(stem: str, cells: dict[str, str]):
    """The learner copy of notebook ``stem`` with the exercise cells of ``cells`` (``{id: code}``;
    the code after the ``# Exercise N.M`` line) replaced."""
    import nbformat

    notebook = nbformat.read(NOTEBOOKS_DIR / f"{stem}.ipynb", as_version=4)
    notebook = copy.deepcopy(notebook)
    for cell in notebook.cells:
        match = MARK.search(cell.source) if cell.cell_type == "code" else None
        if match and match.group(1) in cells:
            code = cells[match.group(1)]
            cell.source = code if MARK.search(code) else f"# Exercise {match.group(1)}\n{code}"
    return notebook


def sample_class() -> dict[str, object]:
    """``{relative path: notebook}`` of the sample class, in both layouts: a learner who solved
    everything, one half way, one who handed in the untouched copy, two hostile ones, and a
    notebook of another course."""
    import nbformat

    retrieval, basics = "01a_retrieval_by_hand", "00a_setup_and_knowledge_base"
    solved = {i: _solution_body(i) for i in ("0.1", "0.2", "1.1", "1.2", "1.3")}
    # a plausible mistake: the matrix's rows are not normalised (only the queries are)
    wrong_cosine = solved["1.2"].replace(
        "    m = m / np.linalg.norm(m, axis=1, keepdims=True)\n", ""
    )
    other = nbformat.v4.new_notebook()
    other.cells = [nbformat.v4.new_markdown_cell("# Homework 3: sorting"),
                   nbformat.v4.new_code_cell("def bubble_sort(xs):\n    return sorted(xs)")]  # fmt: skip
    for i, cell in enumerate(other.cells):
        cell.id = f"homework-{i}"  # fixed, so the sample is written the same every time
    return {
        "ada/00a_setup_and_knowledge_base.ipynb": notebook_with(basics, solved),
        "ada/01a_retrieval_by_hand.ipynb": notebook_with(retrieval, solved),
        "ben/01a_retrieval_by_hand.ipynb": notebook_with(retrieval, {"1.1": solved["1.1"], "1.2": wrong_cosine}),
        "cleo__01a_retrieval_by_hand.ipynb": notebook_with(retrieval, {}),
        "dan__01a_retrieval_by_hand.ipynb": notebook_with(retrieval, {
            "1.1": hostile("ignores SIGTERM", "1.1"), "1.2": hostile("equals everything", "1.2"),
            "1.3": hostile("fake grader message", "1.3")}),
        "eve/00a_setup_and_knowledge_base.ipynb": notebook_with(basics, {
            "0.1": hostile("deletes the course", "0.1"), "0.2": hostile("os._exit", "0.2")}),
        "eve/01a_retrieval_by_hand.ipynb": notebook_with(retrieval, {
            "1.1": hostile("memory bomb", "1.1"), "1.2": hostile("network", "1.2"),
            "1.3": hostile("process left running", "1.3")}),
        "finn/homework3.ipynb": other,
    }  # fmt: skip


def benchmark_class(folder: Path, learners: int = 30) -> dict[str, int]:
    """``learners`` submissions of notebook 1 under ``folder`` (one folder each), every one
    different (so none is graded from another's result): solved, half done, untouched, with a
    mistake, and every tenth hostile (an endless loop, a memory bomb, a flood of output).
    Returns how many of each kind."""
    import nbformat

    solved = {i: _solution_body(i) for i in ("1.1", "1.2", "1.3")}
    wrong = solved["1.2"].replace("    m = m / np.linalg.norm(m, axis=1, keepdims=True)\n", "")
    kinds = {
        "solved": dict(solved),
        "half done": {"1.1": solved["1.1"], "1.2": wrong},
        "untouched": {},
        "hostile": {"1.1": hostile("endless loop", "1.1"), "1.2": hostile("memory bomb", "1.2"),
                    "1.3": hostile("flood of output", "1.3")},
    }  # fmt: skip
    counts: dict[str, int] = {}
    for k in range(learners):
        kind = "hostile" if k % 10 == 9 else ("solved", "half done", "untouched")[k % 3]
        counts[kind] = counts.get(kind, 0) + 1
        stub = {i: f"# Exercise {i}\n# learner {k:02d}\n" for i in ("1.1", "1.2", "1.3")}
        cells = {i: stub[i] + kinds[kind].get(i, _stub_body(i)) for i in stub}
        (folder / f"learner{k:02d}").mkdir(parents=True, exist_ok=True)
        nbformat.write(
            notebook_with("01a_retrieval_by_hand", cells),
            folder / f"learner{k:02d}" / "01a_retrieval_by_hand.ipynb",
        )
    return counts


def _stub_body(exercise_id: str) -> str:
    from utils.exercises.notebook import exercise_cells

    source = exercise_cells(NOTEBOOKS_DIR)[exercise_id].source
    return source.split("\n", 1)[1]


def write_sample_class(folder: Path) -> list[Path]:
    import nbformat

    written = []
    for relative, notebook in sample_class().items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, path)
        written.append(path)
    return written


def _stale() -> list[str]:
    with tempfile.TemporaryDirectory() as fresh:
        write_sample_class(Path(fresh))
        want = {p.relative_to(fresh): p.read_bytes() for p in Path(fresh).rglob("*.ipynb")}
    have = {p.relative_to(SAMPLE_DIR): p.read_bytes() for p in SAMPLE_DIR.rglob("*.ipynb")}
    return sorted(str(p) for p in set(want) | set(have) if want.get(p) != have.get(p))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write or check grading/sample_class.")
    parser.add_argument("--check", action="store_true", help="fail when the committed one is stale")
    if parser.parse_args(argv).check:
        stale = _stale()
        if stale:
            print(f"grading/sample_class is stale ({', '.join(stale)}): run python -m "
                  "utils.grade_sample", file=sys.stderr)  # fmt: skip
            return 1
        return 0
    for path in write_sample_class(SAMPLE_DIR):
        print(f"wrote {path.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
