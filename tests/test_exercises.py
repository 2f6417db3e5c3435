"""Every exercise check fails on the learner's stub and passes on the solution."""

import subprocess
import sys

import pytest

from utils import exercises
from utils.exercises.notebook import DuplicateExerciseError, exercise_cells, load_function
from utils.learner import NOTEBOOKS_DIR, SOLUTIONS_DIR


def function_from(exercise_id, cells):
    """The function of ``exercise_id`` from ``cells``, after the solved exercises before it."""
    name = exercises.get_exercise(exercise_id).function_name
    return load_function(exercise_id, name, cells, earlier=SOLVED)


SOLVED, STUBS = exercise_cells(SOLUTIONS_DIR), exercise_cells(NOTEBOOKS_DIR)


def test_every_registered_exercise_is_in_a_notebook_and_vice_versa():
    assert set(SOLVED) == set(exercises.EXERCISES)
    assert set(STUBS) == set(exercises.EXERCISES)


@pytest.mark.parametrize("exercise_id", sorted(exercises.EXERCISES))
def test_check_passes_on_the_solution(exercise_id):
    result = exercises.run_check(exercise_id, function_from(exercise_id, SOLVED))
    assert result.passed, result.message


@pytest.mark.parametrize("exercise_id", sorted(exercises.EXERCISES))
def test_check_fails_on_the_stub(exercise_id):
    result = exercises.run_check(exercise_id, function_from(exercise_id, STUBS))
    assert not result.passed and "not attempted yet" in result.message


@pytest.mark.parametrize("exercise_id", sorted(exercises.EXERCISES))
def test_check_passes_on_the_reference(exercise_id):
    exercise = exercises.get_exercise(exercise_id)
    assert exercises.run_check(exercise_id, exercise.reference).passed


def test_a_wrong_answer_gets_feedback_and_the_reference_is_used(capsys):
    def normalize(text):
        return text.lower()  # forgets punctuation, articles and spaces

    used = exercises.check_exercise("0.1", normalize)
    out = capsys.readouterr().out
    assert used is exercises.get_exercise("0.1").reference
    assert "❌" in out and "expected" in out and "utils.metrics.normalize_answer" in out


def test_a_crashing_answer_is_reported_not_raised():
    result = exercises.run_check("0.2", lambda prediction, gold: 1 / 0)
    assert not result.passed and "ZeroDivisionError" in result.message


def test_a_correct_answer_is_kept(capsys):
    reference = exercises.get_exercise("0.1").reference

    def normalize(text):
        return reference(text)

    assert exercises.check_exercise("0.1", normalize) is normalize
    assert "✅" in capsys.readouterr().out


@pytest.mark.parametrize(
    "module", ["utils.exercises", "utils.exercises.rag", "utils.exercises.finetune",
               "utils.exercises.notebook", "utils.exercises.basics", "utils.exercises.comparison"]
)  # fmt: skip
def test_each_exercise_module_imports_on_its_own(module):
    done = subprocess.run(
        [sys.executable, "-c", f"import {module}"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_a_notebook_with_one_exercise_twice_is_refused(tmp_path):
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("# Exercise 0.1\ndef f(): pass")] * 2
    nbformat.write(notebook, tmp_path / "twice.ipynb")
    with pytest.raises(DuplicateExerciseError, match=r"0\.1"):
        exercise_cells(tmp_path)


def test_a_cell_without_its_function_is_named():
    cells = {"0.1": exercise_cells(SOLUTIONS_DIR)["0.1"]}
    with pytest.raises(KeyError, match="does not define nothing_here"):
        load_function("0.1", "nothing_here", cells)


# --- notebook 5: each check catches the mistakes a learner is likely to make -------------------------


def _bootstrap_over_questions(a, b, facts, n_resamples=2000, seed=0):
    """Resamples questions, not facts: an interval too narrow when both wordings agree."""
    import numpy as np

    diffs = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    rng = np.random.default_rng(seed)
    means = diffs[rng.integers(0, len(diffs), size=(n_resamples, len(diffs)))].mean(axis=1)
    low, high = np.quantile(means, [0.025, 0.975])
    return float(diffs.mean()), float(low), float(high)


def _stale_strict(answer, old, new, old_aliases=(), new_aliases=()):
    """Ignores the aliases."""
    has_new, has_old = new in answer, old in answer
    return (
        "both" if has_new and has_old else "new" if has_new else "stale" if has_old else "neither"
    )


def _stale_new_wins(answer, old, new, old_aliases=(), new_aliases=()):
    """Never says "both"."""
    from utils.aliases import accepted

    if accepted(answer, new, new_aliases):
        return "new"
    return "stale" if accepted(answer, old, old_aliases) else "neither"


def _crossing_signed(fixed_a, per_question_a, fixed_b, per_question_b):
    """Forgets that parallel lines and crossings below zero have no break-even."""
    return (fixed_b - fixed_a) / (per_question_a - per_question_b or 1e-30)


def _crossing_swapped(fixed_a, per_question_a, fixed_b, per_question_b):
    """Divides the wrong way round."""
    if per_question_a == per_question_b:
        return None
    volume = (per_question_a - per_question_b) / (fixed_b - fixed_a or 1e-30)
    return volume if volume > 0 else None


@pytest.mark.parametrize(
    ("exercise_id", "wrong", "feedback"),
    [
        ("5.1", _bootstrap_over_questions, "resample questions"),
        ("5.2", _stale_strict, "alias"),
        ("5.2", _stale_new_wins, "both"),
        ("5.3", _crossing_signed, "return None"),
        ("5.3", _crossing_swapped, "Q = (fixed_b - fixed_a)"),
    ],
)
def test_notebook_5_checks_fail_known_wrong_answers_with_the_fix(exercise_id, wrong, feedback):
    result = exercises.run_check(exercise_id, wrong)
    assert not result.passed and feedback in result.message, result.message
