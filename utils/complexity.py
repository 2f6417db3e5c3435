"""Implementation complexity, counted from the course's own code.

"RAG needs medium expertise, fine-tuning high expertise" is a claim about people; what the course can
count is the code each system needs. :data:`PATHS` names, for each system, the functions a learner
calls to build it, answer with it and absorb a knowledge update; :func:`closure` follows every call
from those functions into the ``utils`` package (with :mod:`ast`, nothing is run), and
:func:`count` reports, over that code:

* ``lines``: lines of code (no blank lines, comments or docstrings);
* ``components``: models, stores and services the path needs (:data:`COMPONENTS`: each one found by
  a function or a package on the path);
* ``knobs``: settings a builder chooses: keyword parameters of the entry functions, plus the fields of
  a ``sizes`` object the path reads;
* ``packages``: third-party packages imported on the path;
* ``artefacts``: files to keep and version beside the code (:data:`ARTEFACTS`, found like components);
* ``update_steps``: the calls it takes to absorb a knowledge update;
* ``failure_modes``: distinct errors of the course's own that the path raises (each a failure the
  course had to name and handle).

What these counts can say: how much machinery each path carries **in this course**. What they cannot
say: how hard that machinery is to learn, or what a production system would need. Shared code (the
language model, generation) counts for every system that uses it; :func:`count` also reports the lines
a path shares with another.
"""

from __future__ import annotations

import ast
import importlib.util
import inspect
import sys
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

#: Entry functions of each system, by stage (``module.function``, modules of ``utils``).
PATHS: dict[str, dict[str, tuple[str, ...]]] = {
    "base": {
        "build": ("models.load_llm",),
        "answer": ("generation.generate_answers",),
        "update": (),
    },
    "rag": {
        "build": ("models.load_llm", "models.load_embedder", "retrieval.open_index",
                  "retrieval.build_index"),
        "answer": ("retrieval.retrieve", "rag.rag_answer"),
        "update": ("retrieval.sync_index",),
    },
    "ft": {
        "build": ("models.load_llm", "ft_data.training_records", "ft_data.build_dataset",
                  "lora.lora_config", "training.train_lora", "adapters.save_adapter"),
        "answer": ("adapters.load_adapter", "generation.generate_answers"),
        "update": ("ft_data.training_records", "ft_data.build_dataset", "training.train_lora",
                   "adapters.save_adapter", "adapters.load_adapter"),
    },
}  # fmt: skip
PATHS["ft_rag"] = {
    stage: tuple(dict.fromkeys(PATHS["ft"][stage] + PATHS["rag"][stage]))
    for stage in ("build", "answer", "update")
}

#: A component counts when one of its markers (a ``utils`` function or a package) is on the path.
COMPONENTS: dict[str, tuple[str, ...]] = {
    "language model": ("models.load_llm",),
    "embedding model": ("models.load_embedder",),
    "vector database (Qdrant)": ("qdrant_client",),
    "retrieval framework (llama-index)": ("llama_index",),
    "trainer (transformers Trainer)": ("training.train_lora",),
    "adapter library (peft)": ("peft",),
    "training-data pipeline (datasets)": ("datasets",),
}
#: Files to keep and version beside the code, found like components.
ARTEFACTS: dict[str, tuple[str, ...]] = {
    "base model weights": ("models.load_llm",),
    "embedder weights": ("models.load_embedder",),
    "vector index on disk": ("retrieval.open_index",),
    "source documents": ("retrieval.build_index",),
    "training data set": ("ft_data.build_dataset",),
    "adapter weights and manifest": ("adapters.save_adapter",),
    "training configuration": ("training.train_lora",),
}
COUNTS = (
    "lines",
    "components",
    "knobs",
    "packages",
    "artefacts",
    "update_steps",
    "failure_modes",
)
#: Parameters that set where, how fast or how loudly code runs, not what the system is: not knobs
#: (a ``sizes`` object is counted by the fields the path reads instead).
NOT_KNOBS = frozenset(
    {"device", "dtype", "progress", "path", "extra", "seed", "too_long", "verbose", "sizes",
     "repair", "threads", "stop_after", "autocast", "bf16", "batch_size", "collection"}
)  # fmt: skip


def _utils_dir() -> Path:
    return Path(importlib.util.find_spec("utils").origin).parent


@cache
def _module(name: str) -> tuple[ast.Module, str]:
    path = _utils_dir() / f"{name}.py"
    if not path.exists():
        raise ValueError(f"utils.{name} does not exist: fix the name in utils.complexity.PATHS")
    source = path.read_text(encoding="utf-8")
    return ast.parse(source), source


def _functions(module: str) -> dict[str, ast.FunctionDef]:
    tree, _ = _module(module)
    return {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}


def _imports(module: str, node: ast.AST) -> tuple[dict[str, str], set[str]]:
    """Names bound to ``utils`` functions (``name -> module.function``), and third-party packages,
    imported anywhere in ``node`` (the course imports heavy packages inside functions)."""
    names, packages = {}, set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.ImportFrom) and sub.module:
            top = sub.module.split(".")[0]
            if top == "utils" and sub.module.count(".") == 1:
                for alias in sub.names:
                    names[alias.asname or alias.name] = f"{sub.module[6:]}.{alias.name}"
            elif top == "utils" and sub.level == 0 and sub.module == "utils":
                continue
            elif top != "utils" and sub.level == 0:
                packages.add(top)
        elif isinstance(sub, ast.Import):
            for alias in sub.names:
                top = alias.name.split(".")[0]
                if top != "utils":
                    packages.add(top)
    return names, {p for p in packages if p not in sys.stdlib_module_names and p != "__future__"}


def _module_level(module: str) -> ast.Module:
    tree, _ = _module(module)
    return ast.Module(
        body=[n for n in tree.body if not isinstance(n, ast.FunctionDef | ast.ClassDef)],
        type_ignores=[],
    )


def _calls(module: str, node: ast.FunctionDef) -> list[str]:
    """``utils`` functions that ``node`` calls or passes on (a function given as an argument
    counts: it runs on the path)."""
    local = _functions(module)
    imported, _ = _imports(module, _module_level(module))
    inside, _ = _imports(module, node)
    bound = {**imported, **inside}
    found = []
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Load):
            if sub.id in bound:
                found.append(bound[sub.id])
            elif sub.id in local and sub.id != node.name:
                found.append(f"{module}.{sub.id}")
    return found


def closure(entries: Sequence[str]) -> list[str]:
    """Every ``utils`` function reachable from ``entries``, in the order first reached."""
    seen: dict[str, None] = {}
    todo = list(entries)
    while todo:
        name = todo.pop(0)
        if name in seen:
            continue
        module, _, function = name.partition(".")
        functions = _functions(module)
        if function not in functions:
            if name in entries:
                raise ValueError(
                    f"utils.{name} is not a function: fix the name in utils.complexity.PATHS"
                )
            continue  # a class or a constant: not code on the path
        seen[name] = None
        todo.extend(_calls(module, functions[function]))
    return list(seen)


def code_lines(name: str) -> int:
    """Lines of code of one function: no blank lines, comments or docstring.

    >>> code_lines("metrics.mcq_accuracy")
    8
    """
    module, _, function = name.partition(".")
    node = _functions(module)[function]
    _, source = _module(module)
    lines = source.splitlines()[node.lineno - 1 : node.end_lineno]
    skip = set()
    first = node.body[0]
    if isinstance(first, ast.Expr) and isinstance(getattr(first, "value", None), ast.Constant):
        skip = set(range(first.lineno - node.lineno, first.end_lineno - node.lineno + 1))
    return sum(
        1
        for i, line in enumerate(lines)
        if i not in skip and line.strip() and not line.strip().startswith("#")
    )


def _knobs(entries: Sequence[str], path: Sequence[str]) -> list[str]:
    knobs = []
    for name in entries:
        module, _, function = name.partition(".")
        args = _functions(module)[function].args
        with_default = args.args[len(args.args) - len(args.defaults) :] + [
            a for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is not None
        ]
        knobs += [a.arg for a in with_default if a.arg not in NOT_KNOBS]
    for name in path:
        module, _, function = name.partition(".")
        for sub in ast.walk(_functions(module)[function]):
            if (
                isinstance(sub, ast.Attribute)
                and isinstance(sub.value, ast.Name)
                and sub.value.id == "sizes"
            ):
                knobs.append(f"sizes.{sub.attr}")
    return sorted(dict.fromkeys(knobs))


@cache
def course_errors() -> frozenset[str]:
    """The error classes the course defines (``class ...Error`` in ``utils``)."""
    names = set()
    for path in _utils_dir().glob("*.py"):
        tree, _ = _module(path.stem)
        names |= {n.name for n in tree.body if isinstance(n, ast.ClassDef)}
    return frozenset(n for n in names if n.endswith("Error"))


def _errors(path: Sequence[str]) -> list[str]:
    """The course's own errors raised on the path: each one a failure it had to name and handle
    (Python's generic ``ValueError`` and kin are not counted)."""
    errors = set()
    for name in path:
        module, _, function = name.partition(".")
        for sub in ast.walk(_functions(module)[function]):
            if isinstance(sub, ast.Raise) and sub.exc is not None:
                target = sub.exc.func if isinstance(sub.exc, ast.Call) else sub.exc
                if isinstance(target, ast.Name) and target.id in course_errors():
                    errors.add(target.id)
    return sorted(errors)


def _packages(path: Sequence[str]) -> list[str]:
    packages = set()
    for name in path:
        module, _, function = name.partition(".")
        packages |= _imports(module, _functions(module)[function])[1]
    return sorted(packages)


def _found(markers: Mapping[str, Sequence[str]], path: Sequence[str], packages) -> list[str]:
    on_path = set(path) | set(packages)
    return [name for name, marks in markers.items() if on_path & set(marks)]


def count(system: str) -> dict:
    """Every count of :data:`COUNTS` for ``system``, with what was counted (``details``)."""
    if system not in PATHS:
        raise ValueError(f"no path for {system!r}: choose one of {sorted(PATHS)}")
    stages = PATHS[system]
    entries = list(dict.fromkeys(stages["build"] + stages["answer"] + stages["update"]))
    path = closure(entries)
    packages = _packages(path)
    details = {
        "functions": path,
        "components": _found(COMPONENTS, path, packages),
        "knobs": _knobs(entries, path),
        "packages": packages,
        "artefacts": _found(ARTEFACTS, path, packages),
        "update_steps": list(stages["update"]),
        "failure_modes": _errors(path),
    }
    counts = {"lines": sum(code_lines(f) for f in path)}
    counts |= {k: len(v) for k, v in details.items() if k != "functions"}
    return {"counts": counts, "details": details}


def shared_lines(a: str, b: str) -> int:
    """Lines of code on both systems' paths (the language model and generation, usually)."""
    both = set(count(a)["details"]["functions"]) & set(count(b)["details"]["functions"])
    return sum(code_lines(f) for f in both)


def complexity_table(systems: Sequence[str] = ("base", "rag", "ft", "ft_rag")):
    """A ``pandas.DataFrame``: one row per count, one column per system."""
    import pandas as pd

    return pd.DataFrame({s: count(s)["counts"] for s in systems}).loc[list(COUNTS)]


def _self_check() -> None:  # pragma: no cover - used from the command line
    print(complexity_table().to_string())
    print(inspect.cleandoc(__doc__ or "").splitlines()[0])


if __name__ == "__main__":  # pragma: no cover
    _self_check()
