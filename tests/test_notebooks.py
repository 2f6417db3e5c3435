"""Every notebook, solution and learner copy, runs under nbval in the quick profile.

Each notebook runs in its own pytest process (``pytest --nbval-lax``) with the hubs offline and the
network guard loaded into its kernel. ``--nbval-lax`` does not compare stored outputs (the notebooks
are committed without them); every notebook instead asserts its key numbers in cells, so a wrong
result fails here.

The notebooks of one kind run in order into one results folder, as a learner (or ``make run``) runs
them: a later notebook reuses the records and the adapter that earlier ones wrote, and the solutions and
the learner copies never share a folder. A notebook run on its own (``-k 05``) builds what it needs.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import NETGUARD_DIR, OFFLINE_ENV

from utils.learner import NOTEBOOKS_DIR, SOLUTIONS_DIR
from utils.settings import REPO_ROOT

NOTEBOOKS = sorted(SOLUTIONS_DIR.glob("*.ipynb")) + sorted(NOTEBOOKS_DIR.glob("*.ipynb"))


def test_there_are_notebooks_of_both_kinds():
    assert any(p.parent == SOLUTIONS_DIR for p in NOTEBOOKS)
    assert len(NOTEBOOKS) == 2 * len(list(SOLUTIONS_DIR.glob("*.ipynb")))


@pytest.mark.notebook
@pytest.mark.timeout(1600)
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notebook_runs_under_nbval(path: Path, tmp_path, tmp_path_factory):
    results = tmp_path_factory.getbasetemp() / f"results-{path.parent.name}"  # one per kind
    env = {**os.environ, **OFFLINE_ENV, "COURSE_RESULTS_DIR": str(results)}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(NETGUARD_DIR), env.get("PYTHONPATH")]))
    cmd = [sys.executable, "-m", "pytest", "--nbval-lax", "-p", "no:cacheprovider", "-q"]
    cmd += ["--rootdir", str(tmp_path), "-c", os.devnull, str(path)]
    proc = subprocess.run(cmd, env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=1500)
    assert proc.returncode == 0, f"{path.name} failed under nbval:\n{proc.stdout[-6000:]}"
