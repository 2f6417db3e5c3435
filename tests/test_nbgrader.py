"""nbgrader, for instructors who grade with it: its release of the solution notebooks is our learner copy.

``nbgrader generate_assignment`` runs on the solution notebooks in a course folder of its own (the
layout nbgrader expects, its gradebook in the same folder). Its release and ``notebooks/`` must stub
the exercises the same way, and the exercise cells must keep the metadata that ``utils.learner``
writes. Needs the ``grade`` extra; skipped without it.

``nbgrader autograde`` is not run: it would execute the notebooks, model code included (notebook 00
alone takes about 36 s under nbval, which tests/test_notebooks.py already runs), and it would score nothing,
since no cell of the course is an nbgrader test cell (the course's own checks score the exercises).
"""

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import nbformat
import pytest

from utils import learner
from utils.colab import BADGE_CELL_ID
from utils.exercises import EXERCISES
from utils.exercises.notebook import MARK

INSTALL = "pip install -c requirements-lock.txt -e '.[nbgrader]'"
pytest.importorskip("nbgrader", reason=f"nbgrader is not installed: {INSTALL}")

ASSIGNMENT = "course"
RELEASE_ONLY = {"checksum", "cell_type"}  # what nbgrader adds to a cell's metadata on release


def exercise_cells(notebook) -> list[tuple[str, str, dict]]:
    """``(cell id, source, nbgrader metadata less RELEASE_ONLY)`` of each exercise cell."""
    return [
        (cell.id, cell.source,
         {k: v for k, v in cell.metadata.get("nbgrader", {}).items() if k not in RELEASE_ONLY})
        for cell in notebook.cells
        if cell.cell_type == "code" and MARK.search(cell.source)
    ]  # fmt: skip


def cells_but_badge(notebook) -> list[tuple[str, str]]:
    """``(cell id, source)`` of every cell but the Colab badge."""
    return [(cell.id, cell.source) for cell in notebook.cells if cell.id != BADGE_CELL_ID]


def generate_assignment(course: Path, notebooks: list[Path]) -> dict[str, nbformat.NotebookNode]:
    """Run nbgrader's ``generate_assignment`` on ``notebooks`` (one assignment) in the course folder
    ``course``; return ``{file name: released notebook}``."""
    source = course / "source" / ASSIGNMENT
    source.mkdir(parents=True)
    for path in notebooks:
        shutil.copy(path, source / path.name)
    (course / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.CourseDirectory.root = {str(course)!r}\n"
        f"c.CourseDirectory.db_url = 'sqlite:///{course / 'gradebook.db'}'\n"
    )
    # nbgrader runs the `alembic` command to set up its gradebook: it must be on the PATH.
    path = os.pathsep.join([sysconfig.get_path("scripts"), os.environ["PATH"]])
    env = {**os.environ, "PATH": path, "JUPYTER_NO_CONFIG": "1"}  # no user or system config
    cmd = [sys.executable, "-m", "nbgrader", "generate_assignment", ASSIGNMENT]
    proc = subprocess.run(cmd, cwd=course, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, f"nbgrader generate_assignment failed:\n{proc.stderr[-4000:]}"
    release = course / "release" / ASSIGNMENT
    return {path.name: nbformat.read(release / path.name, as_version=4) for path in notebooks}


def test_nbgrader_release_is_the_learner_copy(tmp_path):
    released = generate_assignment(tmp_path, sorted(learner.SOLUTIONS_DIR.glob("*.ipynb")))
    seen = []
    for name, release in released.items():
        learner_copy = nbformat.read(learner.NOTEBOOKS_DIR / name, as_version=4)
        cells = exercise_cells(release)
        assert cells == exercise_cells(learner_copy), name
        ids = [MARK.search(source).group(1) for _, source, _ in cells]
        assert [meta for _, _, meta in cells] == [learner.nbgrader_metadata(i) for i in ids], name
        seen += ids
        # Every cell is the same, but the Colab badge: nbgrader's links to solutions/.
        assert cells_but_badge(release) == cells_but_badge(learner_copy), name
    assert sorted(seen) == sorted(EXERCISES)  # no exercise lost on the way


def test_the_metadata_is_valid_for_nbgrader():
    from nbgrader.nbgraderformat import MetadataValidator

    for path in [*learner.SOLUTIONS_DIR.glob("*.ipynb"), *learner.NOTEBOOKS_DIR.glob("*.ipynb")]:
        MetadataValidator().validate_nb(nbformat.read(path, as_version=4))  # raises if not
