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
from conftest import NETGUARD_DIR, OFFLINE_ENV

from utils.learner import NOTEBOOKS_DIR, SOLUTIONS_DIR
from utils.settings import REPO_ROOT

NOTEBOOKS = sorted(SOLUTIONS_DIR.glob("*.ipynb")) + sorted(NOTEBOOKS_DIR.glob("*.ipynb"))

# Seconds each notebook took under nbval in the quick profile on a quiet 2-core CPU (the slower of its
# two copies), from `pytest tests/test_notebooks.py -m notebook --durations=30`, all of them in
# order; `make test` reports them again (--durations). A notebook may take LIMIT_FACTOR times as
# long (a machine under twice the load, with room to spare) before it fails.
MEASURED_S = {"00a": 11, "00b": 27, "01a": 17, "01b": 31, "02a": 20, "02b": 39, "02c": 44, "03a": 8,
              "03b": 12, "04a": 16, "04b": 71, "04c": 79, "05": 170, "06": 79}  # fmt: skip
LIMIT_FACTOR = 4
LIMIT_FLOOR_S = 300


def limit_s(path: Path) -> int:
    """How long the notebook at ``path`` may run: its measured time times LIMIT_FACTOR, at least
    LIMIT_FLOOR_S; a notebook never measured gets the longest limit.

    >>> limit_s(Path("solutions/05_comparison.ipynb")), limit_s(Path("notebooks/01a_retrieval_by_hand.ipynb"))
    (680, 300)
    """
    seconds = MEASURED_S.get(path.name.split("_")[0], max(MEASURED_S.values()))
    return max(LIMIT_FLOOR_S, LIMIT_FACTOR * seconds)


def test_there_are_notebooks_of_both_kinds():
    assert any(p.parent == SOLUTIONS_DIR for p in NOTEBOOKS)
    assert len(NOTEBOOKS) == 2 * len(list(SOLUTIONS_DIR.glob("*.ipynb")))


def test_every_notebook_has_a_measured_time():
    assert sorted({p.name.split("_")[0] for p in NOTEBOOKS}) == sorted(MEASURED_S)


@pytest.mark.notebook
@pytest.mark.parametrize(
    "path",
    [pytest.param(p, marks=pytest.mark.timeout(limit_s(p) + 60)) for p in NOTEBOOKS],
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_notebook_runs_under_nbval(path: Path, tmp_path, tmp_path_factory):
    results = tmp_path_factory.getbasetemp() / f"results-{path.parent.name}"  # one per kind
    shared = tmp_path_factory.getbasetemp()  # the caches, shared by both kinds
    env = {**os.environ, **OFFLINE_ENV, "COURSE_RESULTS_DIR": str(results),
           "COURSE_TRAIN_CACHE": str(shared / "trainings"),
           "COURSE_EVAL_CACHE": str(shared / "evaluations")}  # fmt: skip
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(NETGUARD_DIR), env.get("PYTHONPATH")]))
    cmd = [sys.executable, "-m", "pytest", "--nbval-lax", "-p", "no:cacheprovider", "-q"]
    cmd += ["--rootdir", str(tmp_path), "-c", os.devnull, str(path)]
    proc = subprocess.run(
        cmd, env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=limit_s(path)
    )
    assert proc.returncode == 0, f"{path.name} failed under nbval:\n{proc.stdout[-6000:]}"
