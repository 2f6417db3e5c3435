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
import re
import sys
import time
from pathlib import Path

from utils.learner import SOLUTIONS_DIR
from utils.profiles import get_profile
from utils.settings import env, results_dir


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
    """A notebook given by path, or by its name in ``solutions/``: whole, without ``.ipynb``, or by
    its part alone (``01a``, ``05``) when one notebook starts with it.

    >>> [resolve(n).name for n in ("01a", "05_comparison", "06_beyond.ipynb")]
    ['01a_retrieval_by_hand.ipynb', '05_comparison.ipynb', '06_beyond.ipynb']
    """
    path = Path(name)
    if path.suffix == ".ipynb" and path.exists():
        return path
    stem = path.name.removesuffix(".ipynb")
    by_part = sorted(SOLUTIONS_DIR.glob(f"{stem}_*.ipynb"))
    if not (SOLUTIONS_DIR / f"{stem}.ipynb").exists() and len(by_part) == 1:
        return by_part[0]
    return SOLUTIONS_DIR / f"{stem}.ipynb"


DEFAULT_CELL_TIMEOUT_S = 1800  # the slowest cell of the full profile takes a few minutes
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def cell_timeout() -> int:
    """Seconds one cell may run: ``COURSE_CELL_TIMEOUT``, else :data:`DEFAULT_CELL_TIMEOUT_S`."""
    value = env("COURSE_CELL_TIMEOUT")
    if value is None:
        return DEFAULT_CELL_TIMEOUT_S
    try:
        seconds = int(value)
    except ValueError:
        seconds = 0
    if seconds < 1:
        raise ValueError(
            f"COURSE_CELL_TIMEOUT={value!r}: give a whole number of seconds, e.g. "
            f"COURSE_CELL_TIMEOUT={DEFAULT_CELL_TIMEOUT_S}, or unset it."
        )
    return seconds


def plain(text: str) -> str:
    """``text`` without terminal colour codes.

    >>> plain("\x1b[0;31mValueError\x1b[0m: bad")
    'ValueError: bad'
    """
    return _ANSI.sub("", text)


def describe_failure(err: BaseException, timeout: int) -> str:
    """One message a learner can act on, for each way a notebook run can end early."""
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    if isinstance(err, CellExecutionError):
        return plain(f"{err.ename}: {err.evalue}")
    if isinstance(err, CellTimeoutError):
        return (
            f"a cell ran for more than {timeout} s and was stopped. Raise the limit with "
            "COURSE_CELL_TIMEOUT (seconds), or run with COURSE_PROFILE=quick."
        )
    if isinstance(err, DeadKernelError):
        return (
            "the kernel died, most likely out of memory (the operating system ends a process that "
            "takes too much). Close other programs, or lower the batch size (FTSizes.batch_size "
            "in utils/profiles.py), or run with COURSE_PROFILE=quick."
        )
    if isinstance(err, KeyboardInterrupt):
        return "interrupted (Ctrl-C)"
    return plain(f"{type(err).__name__}: {err}")


def execute_notebook(path: Path, out_dir: Path, timeout: int | None = None) -> dict:
    """Execute ``path`` in its own folder with a per-cell progress bar; write .ipynb and .html.

    However the run ends (an error, a cell over its time limit, a dead kernel, Ctrl-C), the
    executed notebook up to that point is written and the result says what happened.
    """
    import nbformat
    from nbclient import NotebookClient
    from tqdm.auto import tqdm

    timeout = cell_timeout() if timeout is None else timeout
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
    start, error, status = time.perf_counter(), None, "ok"
    try:
        client.execute()
    except (Exception, KeyboardInterrupt) as err:  # every way a run can end is reported
        error = describe_failure(err, timeout)
        status = "interrupted" if isinstance(err, KeyboardInterrupt) else "failed"
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
        "status": status,
        "error": error,
        "finished_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
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
    return [{**r, "this_run": False} for r in kept if r["notebook"] not in again]


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
    if os.environ.pop("COURSE_TRAIN_CACHE", None):  # the results time every training for real
        print("COURSE_TRAIN_CACHE is ignored here: make run trains every adapter anew.")
    if os.environ.pop("COURSE_EVAL_CACHE", None):  # and every answer
        print("COURSE_EVAL_CACHE is ignored here: make run answers every question anew.")
    runs = []
    for path in paths:
        runs.append({**execute_notebook(path, out / "notebooks"), "this_run": True})
        status = "ok" if runs[-1]["ok"] else f"{runs[-1]['status'].upper()}: {runs[-1]['error']}"
        print(f"  {path.name}: {runs[-1]['seconds']} s, {status}")
        if not runs[-1]["ok"]:
            break
    skipped = [p.name for p in paths[len(runs) :]]
    runs += [{"notebook": name, "ok": False, "status": "not run", "this_run": True,
              "error": "not run: an earlier notebook stopped the run"} for name in skipped]  # fmt: skip
    runs = sorted(
        earlier_runs(out / "summary.json", profile.name, runs) + runs, key=lambda r: r["notebook"]
    )
    summary = {
        "profile": profile.name,
        "finished_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "runs": runs,
        "contains": headline_metrics(out / "eval"),
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=2))
    from utils.report import available_records, report
    from utils.scorecard import load_scorecard

    card = load_scorecard(out)
    (out / "results.md").write_text(report(available_records(out), card) + "\n", encoding="utf-8")
    _print_summary(summary, out)
    _print_scorecard(card, out)
    return 0 if all(r["ok"] for r in runs if r.get("this_run")) else 1


def _print_summary(summary: dict, out: Path) -> None:
    print("\nSummary")
    for run in summary["runs"]:
        status = run.get("status", "ok" if run.get("ok") else "failed")
        when = "" if run.get("this_run", True) else "  (an earlier run)"
        print(f"  {run['notebook']:<40} {run.get('seconds', '-'):>7} s  {status}{when}")
    for system, groups in summary["contains"].items():
        shown = ", ".join(f"{g} {v:.3f}" for g, v in groups.items() if v is not None)
        print(f"  answer containment, {system}: {shown}")
    print(f"Executed notebooks and HTML: {out / 'notebooks'}; summary: {out / 'summary.json'}")
    print(f"Results tables: {out / 'results.md'} (`make report` puts them in README.md)")


def _print_scorecard(card, out: Path) -> None:
    """The verdicts of notebook 5, one line per claim, or how to get them."""
    from utils.report import conditions_line, summary_lines

    if card is None:
        print("No scorecard: notebook 5 did not run to its end in this results folder.")
        return
    print("\nScorecard (claim, verdict computed from this run's numbers)")
    for line in summary_lines(card):
        print("  " + line)
    print("  " + conditions_line(card))
    print(f"Evidence and numbers: {out / 'scorecard.json'}; tables: {out / 'results.md'}")


if __name__ == "__main__":
    sys.exit(main())
