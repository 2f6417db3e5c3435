"""The grader: right statuses for right, wrong and hostile submissions, nothing outside its temporary
folders changed, the same gradebook twice, and a run that resumes."""

import hashlib
import json
import zipfile
from pathlib import Path

import nbformat
import numpy as np
import pytest
import torch

from utils import exercises, grade, grade_exercise, grade_sample, grade_wire
from utils.exercises.notebook import exercise_cells
from utils.grade_exercise import Limits, grade_one
from utils.learner import NOTEBOOKS_DIR, SOLUTIONS_DIR
from utils.settings import REPO_ROOT

SOLVED, STUBS = exercise_cells(SOLUTIONS_DIR), exercise_cells(NOTEBOOKS_DIR)
FAST = Limits(wall_s=6, cpu_s=6)  # endless loops end sooner than with the default


def cells_for(exercise_id, source):
    """The cells the grader runs: the course's earlier exercises of the notebook, then ``source``."""
    notebook = SOLVED[exercise_id].notebook
    ids = [i for i, cell in SOLVED.items() if cell.notebook == notebook]
    return [(i, SOLVED[i].source) for i in ids[: ids.index(exercise_id)]] + [(exercise_id, source)]


def tree_digest(*folders):
    return {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest()
        for folder in folders
        for p in sorted(Path(folder).rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


COURSE = (REPO_ROOT / "utils", REPO_ROOT / "solutions", REPO_ROOT / "notebooks")


@pytest.fixture(scope="module")
def course_unchanged():
    """The course's files, byte for byte, after every test of the module that uses it."""
    before = tree_digest(*COURSE)
    yield
    assert tree_digest(*COURSE) == before


# --- the wire: only plain data crosses -----------------------------------------------------------


def test_plain_data_crosses_and_comes_back_equal():
    value = {"a": (1, 2.5, None, True), 3: ["x", [np.float32(0.5)]], "arr": np.arange(6).reshape(2, 3),
             "t": torch.tensor([[1.0, 2.0]], requires_grad=True), "i": torch.tensor([1, 2])}  # fmt: skip
    back = grade_wire.decode(json.loads(json.dumps(grade_wire.encode(value))))
    assert back["a"] == (1, 2.5, None, True) and back[3] == ["x", [0.5]]
    assert back["arr"].tolist() == [[0, 1, 2], [3, 4, 5]] and back["arr"].dtype == np.int64
    assert back["t"].requires_grad and back["t"].tolist() == [[1.0, 2.0]]
    assert back["i"].dtype == torch.int64


@pytest.mark.parametrize(
    "value",
    [type("S", (str,), {"__eq__": lambda s, o: True})("x"), type("L", (list,), {})(), object(),
     np.array(["a"], dtype=object), lambda: None, {1, 2}],
    ids=["str subclass", "list subclass", "object", "object array", "function", "set"],
)  # fmt: skip
def test_anything_but_plain_data_is_refused(value):
    with pytest.raises(grade_wire.Unreadable):
        grade_wire.encode(value)


def test_a_message_not_in_the_format_is_refused():
    for bad in ({"$eval": "1"}, {"a": 1, "b": 2}, {"$ndarray": ["object", [1], [1]]}):
        with pytest.raises((grade_wire.Unreadable, TypeError)):
            grade_wire.decode(bad)


# --- one exercise -----------------------------------------------------------------------------------


@pytest.mark.parametrize("exercise_id", sorted(exercises.EXERCISES))
def test_the_solution_passes_and_the_stub_is_not_attempted(exercise_id):
    solved = grade_one(exercise_id, cells_for(exercise_id, SOLVED[exercise_id].source), FAST)
    assert solved.status == "passed", solved.feedback
    stub = grade_one(exercise_id, cells_for(exercise_id, STUBS[exercise_id].source), FAST)
    assert stub.status == "not attempted", stub.feedback


def test_a_wrong_answer_fails_with_the_checks_own_words():
    outcome = grade_one(
        "0.1", cells_for("0.1", "def normalize(text):\n    return text.lower()"), FAST
    )
    assert outcome.status == "failed" and "Collapse runs of spaces" in outcome.feedback


def test_an_exception_the_check_expects_crosses_as_itself():
    # chunk_words must raise ValueError for overlap >= chunk_size; a solution that does passes
    assert grade_one("1.1", cells_for("1.1", SOLVED["1.1"].source), FAST).status == "passed"
    lazy = SOLVED["1.1"].source.replace("raise ValueError(", "raise RuntimeError(")
    outcome = grade_one("1.1", cells_for("1.1", lazy), FAST)
    assert outcome.status == "failed" and "RuntimeError" in outcome.feedback


def test_an_argument_changed_in_place_is_seen_by_the_check():
    source = SOLVED["3.2"].source.replace("shuffled = list(items)", "shuffled = items")
    outcome = grade_one("3.2", cells_for("3.2", source), FAST)
    assert outcome.status == "failed" and "in place" in outcome.feedback


@pytest.mark.parametrize(
    "source",
    ["from utils.metrics import normalize_answer as normalize",
     "import utils.metrics\n\n\ndef normalize(text):\n    return utils.metrics.normalize_answer(text)",
     "from utils.exercises import get_exercise\n\nnormalize = get_exercise('0.1').reference"],
)  # fmt: skip
def test_taking_the_courses_own_answer_scores_nothing(source):
    outcome = grade_one("0.1", [("0.1", f"# Exercise 0.1\n{source}")], FAST)
    assert outcome.status == "uses the reference"


def test_what_the_code_printed_is_kept_apart_and_cut():
    source = "print('hello from the learner')\n\n\ndef normalize(text):\n    return text"
    outcome = grade_one("0.1", [("0.1", source)], FAST)
    assert outcome.status == "failed" and "hello from the learner" in outcome.printed
    assert len(outcome.printed) <= grade_exercise.PRINTED_SHOWN


# --- hostile submissions ------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(grade_sample.HOSTILE))
def test_a_hostile_submission_gets_its_status(name, course_unchanged):
    outcome = grade_one("1.1", cells_for("1.1", grade_sample.hostile(name, "1.1")), FAST)
    assert outcome.status == grade_sample.HOSTILE[name][1], outcome.feedback
    assert outcome.seconds < FAST.wall_s + 5


def test_a_memory_bomb_is_stopped_where_torch_is_loaded(course_unchanged):
    outcome = grade_one(
        "4.2", cells_for("4.2", "import torch\n" + grade_sample.hostile("memory bomb", "4.2")), FAST
    )
    assert outcome.status == "out of memory", outcome.feedback


def test_writing_outside_its_folder_is_refused(tmp_path):
    marker = tmp_path / "written"
    source = f"def normalize(text):\n    open({str(marker)!r}, 'w')\n    return text"
    outcome = grade_one("0.1", [("0.1", source)], FAST)
    assert outcome.status == "refused" and not marker.exists()


def _running(needle: str) -> list[str]:
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            text = cmdline.read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if needle in text:
            found.append(text)
    return found


def test_nothing_the_submission_started_outlives_its_exercise():
    # a process is refused; a thread that would go on working dies with the child's process group
    source = ("import threading, time\n\n\ndef normalize(text):\n"
              "    threading.Thread(target=time.sleep, args=(600,), daemon=False).start()\n"
              "    return text.lower()")  # fmt: skip
    outcome = grade_one("0.1", [("0.1", source)], FAST)
    assert outcome.status == "failed"
    started = grade_one(
        "0.1", cells_for("0.1", grade_sample.hostile("process left running", "0.1")), FAST
    )
    assert started.status == "refused" and not _running("sleep 600")
    assert not _running("utils.grade_child")


def _class_with(tmp_path, cells_by_learner):
    folder = tmp_path / "class"
    for learner, cells in cells_by_learner.items():
        (folder / learner).mkdir(parents=True)
        nbformat.write(
            grade_sample.notebook_with("01a_retrieval_by_hand", cells),
            folder / learner / "01a_retrieval_by_hand.ipynb",
        )
    return folder


def test_the_originals_the_output_and_the_course_are_unchanged(tmp_path, course_unchanged):
    out = tmp_path / "out"
    out.mkdir()
    (out / "grades.csv").write_text("kept\n")
    folder = tmp_path / "class"
    attacks = {
        "originals": f"import glob\nfor p in glob.glob({str(folder)!r} + '/**/*.ipynb', recursive=True):\n    open(p, 'w').write('{{}}')",
        "output": f"import shutil\nshutil.rmtree({str(out)!r})",
        "course": f"import os\nos.remove({str(REPO_ROOT / 'utils' / 'metrics.py')!r})",
    }  # fmt: skip
    folder = _class_with(
        tmp_path,
        {
            who: {"1.1": f"{code}\n\n\n{grade_sample.hostile('endless loop', '1.1')}"}
            for who, code in attacks.items()
        },
    )
    originals = tree_digest(folder)
    assert grade.main([str(folder), "--out", str(out), "--timeout", "5"]) == 0
    assert tree_digest(folder) == originals
    rows = (out / "grades.csv").read_text().splitlines()
    assert all(",refused," in row for row in rows if ",1.1," in row), rows


# --- a class ----------------------------------------------------------------------------------------


EXPECTED_SAMPLE = {
    ("ada", "00a_setup_and_knowledge_base"): ["passed", "passed"],
    ("ada", "01a_retrieval_by_hand"): ["passed", "passed", "passed"],
    ("ben", "01a_retrieval_by_hand"): ["passed", "failed", "not attempted"],
    ("cleo", "01a_retrieval_by_hand"): ["not attempted"] * 3,
    ("dan", "01a_retrieval_by_hand"): ["timed out", "failed", "failed"],
    ("eve", "00a_setup_and_knowledge_base"): ["refused", "crashed"],
    ("eve", "01a_retrieval_by_hand"): ["out of memory", "refused", "refused"],
}


@pytest.fixture(scope="module")
def sample_graded(tmp_path_factory):
    out = tmp_path_factory.mktemp("graded")
    originals = tree_digest(grade_sample.SAMPLE_DIR)
    assert grade.main([str(grade_sample.SAMPLE_DIR), "--out", str(out), "--timeout", "5"]) == 0
    assert tree_digest(grade_sample.SAMPLE_DIR) == originals
    return out


def test_the_sample_class_gets_the_expected_gradebook(sample_graded):
    import csv

    rows = list(csv.DictReader((sample_graded / "grades.csv").open()))
    got = {}
    for row in rows:
        if row["exercise"]:
            got.setdefault((row["learner"], row["notebook"]), []).append(row["status"])
    assert got == EXPECTED_SAMPLE
    assert [r["status"] for r in rows if r["learner"] == "finn"] == ["not a course notebook"]
    ada = [r for r in rows if r["learner"] == "ada"]
    worth = sum(exercises.points(i) for i in ("0.1", "0.2", "1.1", "1.2", "1.3"))
    assert sum(int(r["points"]) for r in ada) == sum(int(r["max"]) for r in ada) == worth
    assert {p.name for p in (sample_graded / "feedback").iterdir()} == {
        f"{n}.md" for n in ("ada", "ben", "cleo", "dan", "eve", "finn")
    }
    ben = (sample_graded / "feedback" / "ben.md").read_text()
    assert (
        "Divide every vector by its length" in ben and "3 / 4" not in ben and "1 / 4 points" in ben
    )


def test_grading_twice_gives_the_same_gradebook(sample_graded, tmp_path):
    again = tmp_path / "again"
    assert grade.main([str(grade_sample.SAMPLE_DIR), "--out", str(again), "--timeout", "5"]) == 0
    for name in ("grades.csv", "feedback/ben.md", "feedback/dan.md", "feedback/eve.md"):
        assert (again / name).read_bytes() == (sample_graded / name).read_bytes(), name


def test_an_interrupted_run_resumes_without_grading_again(sample_graded, tmp_path, monkeypatch):
    out = tmp_path / "resumed"
    out.mkdir()
    lines = (sample_graded / grade.JOURNAL).read_text().splitlines()
    kept = [line for line in lines if '"timed out"' in line] + lines[:3]
    (out / grade.JOURNAL).write_text("\n".join(kept) + "\n" + lines[4][:40])  # and a line cut short
    calls = []
    real = grade.grade_one
    monkeypatch.setattr(grade, "grade_one", lambda *a: calls.append(a[0]) or real(*a))
    assert grade.main([str(grade_sample.SAMPLE_DIR), "--out", str(out), "--timeout", "5"]) == 0
    assert len(calls) == len(lines) - len(set(kept))
    assert (out / "grades.csv").read_bytes() == (sample_graded / "grades.csv").read_bytes()


def test_the_committed_sample_class_is_what_the_builder_writes():
    assert grade_sample.main(["--check"]) == 0


# --- finding the submissions ----------------------------------------------------------------------


def _notebook(tmp_path, relative, cells=None):
    path = tmp_path / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(grade_sample.notebook_with("01a_retrieval_by_hand", cells or {}), path)
    return path


def test_both_layouts_and_a_zip_of_either(tmp_path):
    _notebook(tmp_path, "class/amy/01a_retrieval_by_hand.ipynb")
    _notebook(tmp_path, "class/bo__01a_retrieval_by_hand.ipynb")
    _notebook(tmp_path, "class/amy/.ipynb_checkpoints/01a_retrieval_by_hand-checkpoint.ipynb")
    _notebook(tmp_path, "class/stray.ipynb")
    subs, unknown = grade.find_submissions(tmp_path / "class")
    assert sorted((s.learner, s.path.name) for s in subs) == [
        ("amy", "01a_retrieval_by_hand.ipynb"),
        ("bo", "bo__01a_retrieval_by_hand.ipynb"),
    ]
    assert [r.outcome.status for r in unknown] == ["not a course notebook"]
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(
            tmp_path / "class/amy/01a_retrieval_by_hand.ipynb",
            "wrapped/amy/01a_retrieval_by_hand.ipynb",
        )
        zf.write(
            tmp_path / "class/bo__01a_retrieval_by_hand.ipynb",
            "wrapped/bo__01a_retrieval_by_hand.ipynb",
        )
        zf.writestr("../../escaped.ipynb", "{}")
        zf.writestr("/absolute.ipynb", "{}")
    unpacked = tmp_path / "unpacked"
    unpacked.mkdir()
    grade.unpack_zip(archive, unpacked)
    subs, unknown = grade.find_submissions(unpacked)
    assert sorted(s.learner for s in subs) == ["amy", "bo"] and not unknown
    assert not (tmp_path / "escaped.ipynb").exists()


def test_empty_foreign_huge_and_broken_notebooks(tmp_path):
    folder = tmp_path / "class"
    (folder / "ann").mkdir(parents=True)
    nbformat.write(nbformat.v4.new_notebook(), folder / "ann" / "01a_retrieval_by_hand.ipynb")
    big = nbformat.v4.new_notebook()
    big.cells = [nbformat.v4.new_code_cell(SOLVED["1.1"].source)]
    big.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text="x" * 5_000_000)]
    nbformat.write(big, folder / "bea__01a_retrieval_by_hand.ipynb")
    (folder / "cy__01a_retrieval_by_hand.ipynb").write_text("{not json")
    out = tmp_path / "out"
    assert grade.main([str(folder), "--out", str(out), "--timeout", "5"]) == 0
    text = (out / "grades.csv").read_text()
    assert text.count("ann,01a_retrieval_by_hand,1.") == 3 and text.count(",missing,") == 5
    assert "bea,01a_retrieval_by_hand,1.1,1,1,passed" in text
    assert "cy,cy__01a_retrieval_by_hand.ipynb,,0,0,unreadable notebook" in text


def test_a_missing_folder_is_named_with_the_fix(tmp_path, capsys):
    assert grade.main([str(tmp_path / "nowhere")]) == 2
    assert "make grade SUBMISSIONS=" in capsys.readouterr().err


def test_a_spreadsheet_does_not_run_a_learners_name_as_a_formula():
    assert grade._cell('=HYPERLINK("x")').startswith("'=")


def test_each_exercise_is_worth_its_tier():
    import re

    for exercise_id, cell in SOLVED.items():
        source = json.loads((SOLUTIONS_DIR / cell.notebook).read_text())
        heading = next(
            "".join(c["source"])
            for c in source["cells"]
            if f"### Exercise {exercise_id} " in "".join(c["source"])
        )
        stars = len(re.search(r"\((★+)", heading).group(1))
        assert exercises.get_exercise(exercise_id).tier == stars, exercise_id
        assert exercises.points(exercise_id) == exercises.TIER_POINTS[stars]


def test_readme_states_the_graders_limits():
    readme = (REPO_ROOT / "README.md").read_text()
    limits = Limits()
    assert f"{limits.wall_s:g} s of wall-clock and of CPU time" in readme
    assert f"{limits.memory_mb:,} MB of memory" in readme
    assert f"{limits.output_kb // 1024} MB of output" in readme
    assert limits.cpu_s == limits.wall_s
