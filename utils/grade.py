"""Grade a class: ``make grade SUBMISSIONS=<folder or .zip>`` (``python -m utils.grade <folder>``).

Finds every learner notebook under the folder, in either layout instructors use (a folder per learner
holding their notebooks, or files named ``<learner>__<notebook>.ipynb``; a zip of either), grades
every exercise of every course notebook it finds (:mod:`utils.grade_exercise`: the learner's code runs
in a child process under limits, the checks judge here), and writes, in the output folder:

- ``grades.csv``: learner, notebook, exercise, points, max, status, feedback (one row per exercise);
- ``feedback/<learner>.md``: each exercise, what passed and what to fix, in the checks' own words;
- ``timings.csv``: seconds per exercise (apart, so that grading twice gives the same gradebook).

A journal in the output folder keeps every finished exercise: an interrupted run, started again,
grades only what is left (``--fresh`` ignores it). Identical cells (an untouched learner copy, handed
in by many) are graded once. The submissions are only read; the course's files and the submissions
are checked unchanged at the end.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import re
import sys
import tempfile
import threading
import time
import zipfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from utils import exercises
from utils.exercises.notebook import MARK, exercise_cells
from utils.grade_exercise import MISSING, UNREADABLE, UNRECOGNISED, Limits, Outcome, grade_one
from utils.learner import SOLUTIONS_DIR
from utils.settings import REPO_ROOT, results_dir
from utils.train_cache import write_whole

MAX_NOTEBOOK_MB = 100  # a notebook larger than this is not opened (outputs of megabytes are fine)
MAX_ZIP_MB = 2000  # what a zip may unpack to, in all
COLUMNS = ["learner", "notebook", "exercise", "points", "max", "status", "feedback"]
JOURNAL = ".grading-journal.jsonl"
_SKIPPED_DIRS = {".ipynb_checkpoints", "__MACOSX"}


@dataclass(frozen=True)
class Submission:
    """One notebook file of one learner."""

    learner: str
    path: Path
    shown: str  # the path as the instructor knows it (relative to the submissions, or in the zip)


@dataclass
class Row:
    learner: str
    notebook: str
    exercise: str
    points: int
    max: int
    outcome: Outcome


def course_notebooks() -> dict[str, list[str]]:
    """``{notebook stem: [exercise ids in order]}`` of the course's solution notebooks."""
    found: dict[str, list[str]] = {}
    for exercise_id, cell in exercise_cells(SOLUTIONS_DIR).items():
        found.setdefault(Path(cell.notebook).stem, []).append(exercise_id)
    return found


# --- finding the submissions ------------------------------------------------------------------


def find_submissions(root: Path) -> tuple[list[Submission], list[Row]]:
    """The notebooks under ``root`` (a folder, extracted zip included) and whose they are; rows
    for files whose owner cannot be told."""
    files = sorted(
        p
        for p in root.rglob("*.ipynb")
        if not any(
            part in _SKIPPED_DIRS or part.startswith(".") for part in p.relative_to(root).parts
        )
    )
    base = root
    top = {p.relative_to(root).parts[0] for p in files}
    if len(top) == 1 and (root / next(iter(top))).is_dir():  # one folder around everything?
        inner = root / next(iter(top))
        if any(len(p.relative_to(inner).parts) > 1 or "__" in p.name for p in files):
            base = inner
    found, unknown = [], []
    for path in files:
        parts = path.relative_to(base).parts
        shown = str(path.relative_to(root))
        if "__" in path.name:
            found.append(Submission(path.name.split("__", 1)[0], path, shown))
        elif len(parts) >= 2:
            found.append(Submission(parts[0], path, shown))
        else:
            unknown.append(Row("(unknown)", shown, "", 0, 0, Outcome(
                UNRECOGNISED, "cannot tell whose notebook this is: put it in a folder named "
                "after the learner, or name it <learner>__<notebook>.ipynb.")))  # fmt: skip
    return found, unknown


def unpack_zip(archive: Path, into: Path) -> None:
    """The notebooks of ``archive`` into ``into``: nothing outside it, no links, sizes capped."""
    total = 0
    with zipfile.ZipFile(archive) as zf:
        for member in zf.infolist():
            name = member.filename
            is_link = (member.external_attr >> 16) & 0o170000 == 0o120000
            if member.is_dir() or is_link or not name.endswith(".ipynb"):
                continue
            target = (into / name).resolve()
            if not target.is_relative_to(into.resolve()):
                continue  # an absolute path or ../ in a member's name
            with zf.open(member) as source:
                data = source.read(MAX_NOTEBOOK_MB * 2**20 + 1)
            total += len(data)
            if total > MAX_ZIP_MB * 2**20:
                raise SystemExit(f"{archive} unpacks to more than {MAX_ZIP_MB} MB of notebooks.")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)


def read_exercise_cells(path: Path) -> dict[str, str]:
    """``{exercise id: source}`` of a learner's notebook (the last cell of an id wins, as when the
    notebook runs); raises ``ValueError`` with the reason when it cannot be read."""
    if path.stat().st_size > MAX_NOTEBOOK_MB * 2**20:
        raise ValueError(f"it is larger than {MAX_NOTEBOOK_MB} MB; clear its outputs")
    import nbformat

    try:
        notebook = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
    except Exception as err:  # any way a file can fail to be a notebook
        raise ValueError(
            f"Jupyter cannot open it ({type(err).__name__}: {str(err)[:200]})"
        ) from None
    cells = {}
    for cell in notebook.get("cells", []):
        source = cell.get("source", "")
        match = MARK.search(source) if cell.get("cell_type") == "code" else None
        if match and match.group(1) in exercises.EXERCISES:
            cells[match.group(1)] = source
    return cells


def _which_notebook(stem: str, cells: dict[str, str], course: dict[str, list[str]]) -> str | None:
    for name in course:
        if stem.startswith(name) or stem == name.split("_")[0]:
            return name
    counts = Counter(n for n, ids in course.items() for i in cells if i in ids)
    return counts.most_common(1)[0][0] if counts else None


# --- grading ----------------------------------------------------------------------------------


def _fingerprint(limits: Limits) -> str:
    """What a journal entry depends on besides the cells: the grader's and the checks' code."""
    digest = hashlib.sha256(json.dumps(asdict(limits)).encode())
    for path in sorted(
        [*REPO_ROOT.glob("utils/grade*.py"), *REPO_ROOT.glob("utils/exercises/*.py")]
    ):
        digest.update(path.read_bytes())
    return digest.hexdigest()


class Journal:
    """Finished exercises on disk, one JSON line each, keyed by what was graded."""

    def __init__(self, path: Path, fresh: bool):
        self.path, self._lock, self.done = path, threading.Lock(), {}
        if path.exists() and not fresh:
            for line in path.read_text().splitlines():
                try:
                    entry = json.loads(line)
                    self.done[entry["key"]] = Outcome(**entry["outcome"])
                except (ValueError, KeyError, TypeError):
                    continue  # a line cut short by an interruption
        elif path.exists():
            path.unlink()

    def add(self, key: str, outcome: Outcome) -> None:
        with self._lock:
            self.done[key] = outcome
            with self.path.open("a") as journal:
                journal.write(json.dumps({"key": key, "outcome": asdict(outcome)}) + "\n")
                journal.flush()
                os.fsync(journal.fileno())


def grade_class(
    submissions: list[Submission], out: Path, limits: Limits, workers: int = 2, fresh: bool = False
) -> list[Row]:
    """Grade every exercise of every submission; rows in a fixed order."""
    course, solved = course_notebooks(), exercise_cells(SOLUTIONS_DIR)
    fingerprint, journal = _fingerprint(limits), Journal(out / JOURNAL, fresh)
    rows, jobs, seen = [], {}, set()
    for sub in submissions:
        try:
            cells = read_exercise_cells(sub.path)
        except ValueError as err:
            rows.append(
                Row(sub.learner, sub.shown, "", 0, 0, Outcome(UNREADABLE, f"{sub.shown}: {err}."))
            )
            continue
        stem = sub.path.name.split("__", 1)[-1].removesuffix(".ipynb")
        notebook = _which_notebook(stem, cells, course)
        if notebook is None or (sub.learner, notebook) in seen:
            why = (f"also handed in {notebook} in another file; this one was not graded"
                   if notebook else "no exercise of this course in it, and its name matches "
                   f"none of the course's notebooks ({', '.join(course)})")  # fmt: skip
            rows.append(
                Row(sub.learner, sub.shown, "", 0, 0, Outcome(UNRECOGNISED, f"{sub.shown}: {why}."))
            )
            continue
        seen.add((sub.learner, notebook))
        for exercise_id in course[notebook]:
            worth = exercises.points(exercise_id)
            row = Row(sub.learner, notebook, exercise_id, 0, worth, None)
            rows.append(row)
            if exercise_id not in cells:
                row.outcome = Outcome(MISSING, f"no cell starts with `# Exercise {exercise_id}` in "
                                      f"{sub.shown}: keep the first line of the exercise cell.")  # fmt: skip
                continue
            earlier = [
                (i, solved[i].source)
                for i in course[notebook][: course[notebook].index(exercise_id)]
            ]
            job = (exercise_id, tuple([*earlier, (exercise_id, cells[exercise_id])]))
            key = hashlib.sha256(json.dumps([fingerprint, job]).encode()).hexdigest()
            jobs.setdefault(key, (job, []))[1].append(row)
    todo = [key for key in jobs if key not in journal.done]
    print(f"Grading {len(jobs)} distinct exercise cells ({len(jobs) - len(todo)} already in the "
          f"journal), {workers} at a time...", flush=True)  # fmt: skip

    def run(key):
        exercise_id, cells = jobs[key][0]
        journal.add(key, grade_one(exercise_id, list(cells), limits))

    with ThreadPoolExecutor(max_workers=workers) as pool:
        for done, _ in enumerate(pool.map(run, todo), 1):
            if done % 25 == 0 or done == len(todo):
                print(f"  {done}/{len(todo)} graded", flush=True)
    for key, (_, waiting) in jobs.items():
        for row in waiting:
            row.outcome = journal.done[key]
    for row in rows:
        if row.outcome.status == "passed":
            row.points = row.max
    return sorted(rows, key=lambda r: (r.learner, r.notebook, _exercise_order(r.exercise)))


def _exercise_order(exercise_id: str):
    return tuple(int(x) for x in exercise_id.split(".")) if exercise_id else ()


# --- what is written --------------------------------------------------------------------------


def _cell(text) -> str:
    """A spreadsheet cell that a spreadsheet does not run as a formula."""
    text = " ".join(str(text).split())
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


def gradebook_csv(rows: list[Row]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in rows:
        writer.writerow([_cell(r.learner), _cell(r.notebook), r.exercise, r.points, r.max,
                         r.outcome.status, _cell(r.outcome.feedback)])  # fmt: skip
    return buffer.getvalue()


def feedback_markdown(learner: str, rows: list[Row]) -> str:
    """The feedback file of one learner: totals, then every exercise."""
    total, worth = sum(r.points for r in rows), sum(r.max for r in rows)
    lines = [f"# Feedback for {learner}", "", f"**{total} / {worth} points.** Each exercise was "
             "run apart from your notebook, on the notebook's check and on further cases it does "
             "not show.", ""]  # fmt: skip
    for r in rows:
        if not r.exercise:
            lines += [f"- **{r.notebook}**: {r.outcome.status}. {r.outcome.feedback}", ""]
            continue
        title = exercises.get_exercise(r.exercise).title
        lines += [f"## {r.notebook}, exercise {r.exercise}: {title}", "",
                  f"**{r.outcome.status}** ({r.points} / {r.max})", ""]  # fmt: skip
        lines += [f"- {check}" for check in r.outcome.checks] or [f"- {r.outcome.feedback}"]
        if (
            r.outcome.checks
            and r.outcome.status != "passed"
            and r.outcome.feedback not in "".join(r.outcome.checks)
        ):
            lines.append(f"- {r.outcome.feedback}")
        if r.outcome.printed.strip():
            lines += ["", "What your code printed (the start):", "", "```text",
                      r.outcome.printed.replace("```", "'''").rstrip(), "```"]  # fmt: skip
        lines.append("")
    return "\n".join(lines)


def _safe_name(learner: str) -> str:
    return re.sub(r"[^\w.-]+", "_", learner).strip("._") or "learner"


def write_outputs(rows: list[Row], out: Path) -> None:
    (out / "feedback").mkdir(parents=True, exist_ok=True)
    write_whole(out / "grades.csv", gradebook_csv(rows))
    timings = ["learner,notebook,exercise,status,seconds"] + [
        f"{_cell(r.learner)},{_cell(r.notebook)},{r.exercise},{r.outcome.status},{r.outcome.seconds:.2f}"
        for r in rows
    ]
    write_whole(out / "timings.csv", "\n".join(timings) + "\n")
    by_learner: dict[str, list[Row]] = {}
    for r in rows:
        by_learner.setdefault(r.learner, []).append(r)
    for learner, theirs in by_learner.items():
        write_whole(
            out / "feedback" / f"{_safe_name(learner)}.md", feedback_markdown(learner, theirs)
        )


def summary(rows: list[Row], seconds: float, out: Path) -> str:
    counts = Counter(r.outcome.status for r in rows)
    per_file: Counter = Counter()
    for r in rows:
        per_file[f"{r.learner}/{r.notebook}"] += r.outcome.seconds
    learners = {r.learner for r in rows}
    graded = [r for r in rows if r.exercise]
    notebooks = {(r.learner, r.notebook) for r in graded}
    slowest = ", ".join(f"{name} {s:.1f} s" for name, s in per_file.most_common(5))
    return "\n".join([
        f"Graded {len(graded)} exercises in {len(notebooks)} notebooks of {len(learners)} learners "
        f"in {seconds:.1f} s ({len(rows) - len(graded)} other files).",
        "  " + " · ".join(f"{status}: {n}" for status, n in counts.most_common()),
        f"  Slowest submissions: {slowest}",
        f"Gradebook: {out / 'grades.csv'}; feedback: {out / 'feedback'}/ ({len(learners)} files).",
    ])  # fmt: skip


def _digest(paths) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in paths if p.is_file()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m utils.grade", description=__doc__.split("\n")[0]
    )
    parser.add_argument("submissions", type=Path, help="a folder of notebooks, or a .zip of one")
    parser.add_argument("--out", type=Path, help="where to write (default: results/grades/<name>)")
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--timeout", type=float, default=Limits.wall_s, help="seconds per exercise")
    parser.add_argument("--memory-mb", type=int, default=Limits.memory_mb)
    parser.add_argument("--fresh", action="store_true", help="grade everything again")
    args = parser.parse_args(argv)
    source = args.submissions
    if not source.exists():
        print(f"No folder or zip at {source}. Give the folder of the learners' notebooks (or a "
              "zip of it): make grade SUBMISSIONS=path/to/folder", file=sys.stderr)  # fmt: skip
        return 2
    out = args.out or results_dir() / "grades" / source.name.removesuffix(".zip")
    out.mkdir(parents=True, exist_ok=True)
    limits = Limits(wall_s=args.timeout, cpu_s=int(args.timeout) + 1, memory_mb=args.memory_mb)
    course_files = [*REPO_ROOT.glob("utils/**/*.py"), *SOLUTIONS_DIR.glob("*.ipynb")]
    with tempfile.TemporaryDirectory(prefix="course-grade-zip-") as unpacked:
        root = source
        if source.suffix == ".zip":
            unpack_zip(source, Path(unpacked))
            root = Path(unpacked)
        subs, rows = find_submissions(root)
        if not subs and not rows:
            print(f"No notebook (.ipynb) under {source}.", file=sys.stderr)
            return 2
        before = _digest([*course_files, *(s.path for s in subs)])
        started = time.monotonic()
        rows += grade_class(subs, out, limits, args.workers, args.fresh)
        after = _digest(map(Path, before))
        changed = [p for p in before if after.get(p) != before[p]]
    write_outputs(
        sorted(rows, key=lambda r: (r.learner, r.notebook, _exercise_order(r.exercise))), out
    )
    print(summary(rows, time.monotonic() - started, out))
    if changed:
        print(f"Files changed during grading (they must not): {changed}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
