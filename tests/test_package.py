"""The package's shape: every module imports on its own, stays small, and is on the map."""

from __future__ import annotations

import subprocess
import sys

import pytest

import utils
from utils.settings import REPO_ROOT

UTILS = REPO_ROOT / "utils"
MODULES = sorted(
    ".".join(path.relative_to(REPO_ROOT).with_suffix("").parts).removesuffix(".__init__")
    for path in UTILS.rglob("*.py")
)
MAX_LINES = 600


@pytest.mark.parametrize("module", MODULES)
def test_each_module_imports_alone(module):
    """In a fresh interpreter: no module depends on another having been imported first."""
    done = subprocess.run(
        [sys.executable, "-c", f"import {module}"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]


def test_importing_the_whole_package_loads_no_heavy_library():
    """Nothing heavy at import time: torch, transformers, peft and llama-index load when used."""
    heavy = ("torch", "transformers", "peft", "llama_index", "datasets", "qdrant_client")
    code = (
        f"import sys, {', '.join(MODULES)}; "
        f"print([name for name in {heavy!r} if name in sys.modules])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr[-2000:]


def test_no_module_is_too_long():
    long = {
        path.name: n
        for path in UTILS.rglob("*.py")
        if (n := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert not long, f"split these modules by concern: {long}"


def test_the_map_names_every_top_level_module():
    top = {path.stem for path in UTILS.glob("*.py") if path.stem != "__init__"}
    top |= {path.name for path in UTILS.iterdir() if (path / "__init__.py").is_file()}
    listed = {line.split()[0] for line in utils.__doc__.splitlines() if line.startswith("    ")}
    assert top == listed, f"on the map but absent: {listed - top}; absent from it: {top - listed}"


def _import_graph() -> dict[str, set[str]]:
    """``{module: modules of utils it imports}``, counting imports inside functions too."""
    import ast

    paths = {
        ".".join(p.relative_to(REPO_ROOT).with_suffix("").parts).removesuffix(".__init__"): p
        for p in UTILS.rglob("*.py")
    }
    graph = {name: set() for name in paths}
    for name, path in paths.items():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                found = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                found = [a.name for a in node.names]
            else:
                continue
            graph[name] |= {m for m in found if m in paths and m != name}
    return graph


def test_the_import_graph_has_no_cycle():
    graph, state, path = _import_graph(), {}, []

    def visit(module):
        state[module] = "open"
        path.append(module)
        for other in sorted(graph[module]):
            if state.get(other) == "open":
                cycle = [*path[path.index(other) :], other]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if other not in state:
                visit(other)
        path.pop()
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module)
    assert graph["utils.training"] >= {"utils.ft_data", "utils.resources"}  # the graph is read


def test_every_name_imported_from_the_package_exists():
    """Imports inside functions run only when the function does (a benchmark section, say): check
    now that every name they take from ``utils`` is there."""
    import ast
    import importlib

    missing = []
    for path in sorted(UTILS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("utils"):
                module = importlib.import_module(node.module)
                submodules = getattr(module, "__path__", None) is not None  # a package
                for alias in node.names:
                    name = alias.name
                    if hasattr(module, name):
                        continue
                    if submodules and importlib.util.find_spec(f"{node.module}.{name}"):
                        continue
                    missing.append(f"{path.relative_to(REPO_ROOT)}: {node.module}.{name}")
    assert not missing, f"imported but not defined: {missing}"


def test_the_declared_pythons_agree_everywhere():
    import re
    import sys
    import tomllib

    from utils.settings import REPO_ROOT

    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    declared = [c.rsplit(" :: ", 1)[1] for c in project["classifiers"] if "Python :: 3." in c]
    make = re.search(r"^PY_VERSIONS := (.+)$", (REPO_ROOT / "Makefile").read_text(), re.M)
    assert make and make.group(1).split() == declared  # make check-versions checks each of them
    assert project["requires-python"] == f">={declared[0]}"
    assert f"python={declared[0]}" in (REPO_ROOT / "environment.yml").read_text()
    assert f"{sys.version_info[0]}.{sys.version_info[1]}" in declared  # tests run on one of them
