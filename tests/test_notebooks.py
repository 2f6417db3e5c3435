"""Every notebook, solution and learner copy, runs under nbval in the quick profile.

Each notebook runs in its own pytest process (``pytest --nbval-lax``) with the hubs offline and the
network guard loaded into its kernel. ``--nbval-lax`` does not compare stored outputs (the notebooks
are committed without them); every notebook instead asserts its key numbers in cells, so a wrong
result fails here.

The notebooks of one kind run in order into one results folder, as a learner (or ``make run``) runs
them: a later notebook reuses the records and the adapter that earlier ones wrote, and the solutions and
the learner copies never share a folder. A notebook run on its own (``-k 05``) builds what it needs.

Both kinds share one training cache (``COURSE_TRAIN_CACHE``) and one evaluation cache
(``COURSE_EVAL_CACHE``), new in every session: the solutions train and answer, and the learner copies,
whose trainings and questions are the same to the last token, load those trainings and answers
instead of repeating them (their purpose is to run top to bottom, fall back and fail on stubs; the
solutions test the training and the evaluation themselves).
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import NETGUARD_DIR, OFFLINE_ENV, SLOWDOWN
from notebook_limits import MEASURED_S, limit_s

from utils.learner import NOTEBOOKS_DIR, SOLUTIONS_DIR
from utils.settings import REPO_ROOT

NOTEBOOKS = sorted(SOLUTIONS_DIR.glob("*.ipynb")) + sorted(NOTEBOOKS_DIR.glob("*.ipynb"))


def test_there_are_notebooks_of_both_kinds():
    assert any(p.parent == SOLUTIONS_DIR for p in NOTEBOOKS)
    assert len(NOTEBOOKS) == 2 * len(list(SOLUTIONS_DIR.glob("*.ipynb")))


def test_every_notebook_has_a_measured_time():
    assert sorted({p.name.split("_")[0] for p in NOTEBOOKS}) == sorted(MEASURED_S)


def test_each_notebook_test_gets_the_limit_of_this_machine_now(request):
    """conftest.py timed a training step when notebooks were collected, and marked each notebook
    test with its limit plus a minute (nothing to check when the session runs no notebook)."""
    items = [i for i in request.session.items if i.get_closest_marker("notebook")]
    slow = request.config.stash.get(SLOWDOWN, None)
    assert (slow is not None) == bool(items)
    for item in items:
        path = item.callspec.params["path"]
        assert item.get_closest_marker("timeout").args == (limit_s(path, slow) + 60,)
        assert limit_s(path, slow) >= limit_s(path) >= 300


# Each one's time limit (a pytest-timeout mark, a minute longer than the subprocess's) is set by
# conftest.py once the session has timed how fast the machine is now: see notebook_limits.py.
@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notebook_runs_under_nbval(path: Path, tmp_path, tmp_path_factory, request):
    results = tmp_path_factory.getbasetemp() / f"results-{path.parent.name}"  # one per kind
    shared = tmp_path_factory.getbasetemp()  # the caches, shared by both kinds
    env = {**os.environ, **OFFLINE_ENV, "COURSE_RESULTS_DIR": str(results),
           "COURSE_TRAIN_CACHE": str(shared / "trainings"),
           "COURSE_EVAL_CACHE": str(shared / "evaluations")}  # fmt: skip
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(NETGUARD_DIR), env.get("PYTHONPATH")]))
    cmd = [sys.executable, "-m", "pytest", "--nbval-lax", "-p", "no:cacheprovider", "-q"]
    cmd += ["--rootdir", str(tmp_path), "-c", os.devnull, str(path)]
    proc = subprocess.run(
        cmd,
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=limit_s(path, request.config.stash.get(SLOWDOWN, 1.0)),
    )
    assert proc.returncode == 0, f"{path.name} failed under nbval:\n{proc.stdout[-6000:]}"
