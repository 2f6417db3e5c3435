"""The main job: execute every solution notebook headless and write the results.

``make run`` calls ``python -m utils.run_course``. For each notebook in ``solutions/`` it shows a
progress bar over the cells, writes the executed copy and an HTML rendering under
``results/notebooks/``, and at the end prints (and writes to ``results/summary.json``) how long each
notebook took and the headline numbers of the evaluation records in ``results/eval/``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from utils.learner import SOLUTIONS_DIR
from utils.profiles import get_profile
from utils.settings import results_dir


class NotebookFileError(ValueError):
    """A notebook file that cannot be read; the message names the fix."""


def read_notebook(path: Path):
    """Read and validate ``path``, or explain how to get a good copy back."""
    import nbformat

    if not path.is_file():
        raise NotebookFileError(f"{path} does not exist. Notebooks: {', '.join(_names())}")
    try:
        notebook = nbformat.read(path, as_version=4)
        nbformat.validate(notebook)
    except (nbformat.reader.NotJSONError, nbformat.ValidationError, UnicodeDecodeError) as err:
        first_line = str(err).strip().splitlines()[0][:200]
        raise NotebookFileError(
            f"{path} is not a valid notebook ({type(err).__name__}: {first_line}). Restore it with "
            f"`git checkout -- {path.name}` in its folder, or, for a learner notebook, save your "
            "work elsewhere and regenerate it with `make learner`."
        ) from err
    return notebook


def _names() -> list[str]:
    return [p.name for p in sorted(SOLUTIONS_DIR.glob("*.ipynb"))]


def resolve(name: str) -> Path:
    """A notebook given by path, or by its name in ``solutions/``."""
    path = Path(name)
    return path if path.suffix == ".ipynb" and path.exists() else SOLUTIONS_DIR / path.name


def execute_notebook(path: Path, out_dir: Path, timeout: int = 3600) -> dict:
    """Execute ``path`` in its own folder with a per-cell progress bar; write .ipynb and .html."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    from tqdm.auto import tqdm

    notebook = read_notebook(path)
    n_code = sum(cell.cell_type == "code" for cell in notebook.cells)
    bar = tqdm(total=n_code, desc=path.stem, unit="cell")
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        on_cell_executed=lambda **_: bar.update(1),
    )
    start, error = time.perf_counter(), None
    try:
        client.execute()
    except CellExecutionError as err:
        error = str(err).strip().splitlines()[-1]
    finally:
        bar.close()
    seconds = time.perf_counter() - start
    out_dir.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, out_dir / path.name)
    _write_html(notebook, out_dir / f"{path.stem}.html")
    return {
        "notebook": path.name,
        "seconds": round(seconds, 1),
        "ok": error is None,
        "error": error,
    }


def _write_html(notebook, target: Path) -> None:
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter().from_notebook_node(notebook)
    target.write_text(body, encoding="utf-8")


def headline_metrics(eval_dir: Path) -> dict:
    """``{system: {group: contains}}`` from every evaluation record found."""
    table = {}
    for record_file in sorted(eval_dir.glob("*.json")):
        record = json.loads(record_file.read_text())
        table[record["system"]] = {
            group: values.get("contains", {}).get("value")
            for group, values in record.get("metrics", {}).items()
        }
    return table


def earlier_runs(summary_file: Path, profile: str, runs: list[dict]) -> list[dict]:
    """The runs of an earlier summary (same profile) of notebooks not run again this time.

    Running one notebook again (``make run`` with a name) then keeps the others' timings.
    """
    try:
        earlier = json.loads(summary_file.read_text())
    except (OSError, ValueError):
        return []
    if not isinstance(earlier, dict) or earlier.get("profile") != profile:
        return []
    again = {run["notebook"] for run in runs}
    kept = [r for r in earlier.get("runs", []) if isinstance(r, dict) and r.get("notebook")]
    return [r for r in kept if r["notebook"] not in again]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Execute the course's solution notebooks.")
    parser.add_argument(
        "notebooks", nargs="*", help="paths, or names in solutions/ (default: all of solutions/)"
    )
    args = parser.parse_args(argv)
    profile = get_profile()  # fails early, with the fix, on an unknown profile
    paths = [resolve(n) for n in args.notebooks] or sorted(SOLUTIONS_DIR.glob("*.ipynb"))
    try:
        for path in paths:
            read_notebook(path)
    except NotebookFileError as err:
        print(f"Cannot run: {err}")
        return 2
    out = results_dir()
    print(f"Running {len(paths)} notebook(s), profile {profile.name!r}, results in {out}")
    os.environ.setdefault("COURSE_RESULTS_DIR", str(out))
    runs = []
    for path in paths:
        runs.append(execute_notebook(path, out / "notebooks"))
        status = "ok" if runs[-1]["ok"] else f"FAILED: {runs[-1]['error']}"
        print(f"  {path.name}: {runs[-1]['seconds']} s, {status}")
        if not runs[-1]["ok"]:
            break
    runs = sorted(
        earlier_runs(out / "summary.json", profile.name, runs) + runs, key=lambda r: r["notebook"]
    )
    summary = {"profile": profile.name, "runs": runs, "contains": headline_metrics(out / "eval")}
    (out / "summary.json").write_text(json.dumps(summary, indent=2))
    _print_summary(summary, out)
    return 0 if all(r["ok"] for r in runs) else 1


def _print_summary(summary: dict, out: Path) -> None:
    print("\nSummary")
    for run in summary["runs"]:
        print(f"  {run['notebook']:<40} {run['seconds']:>7} s  {'ok' if run['ok'] else 'FAILED'}")
    for system, groups in summary["contains"].items():
        shown = ", ".join(f"{g} {v:.3f}" for g, v in groups.items() if v is not None)
        print(f"  answer containment, {system}: {shown}")
    print(f"Executed notebooks and HTML: {out / 'notebooks'}; summary: {out / 'summary.json'}")


if __name__ == "__main__":
    sys.exit(main())
