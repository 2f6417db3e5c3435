"""Every exercise check fails on the learner's stub and passes on the solution."""

import re

import nbformat
import pytest

from utils import exercises
from utils.learner import NOTEBOOKS_DIR, SOLUTIONS_DIR

MARK = re.compile(r"^# Exercise (\d+\.\d+)\b", re.MULTILINE)


def exercise_cells(folder):
    """``{exercise_id: (notebook name, cell source)}`` for every exercise code cell in ``folder``,
    in notebook order."""
    found = {}
    for path in sorted(folder.glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            match = MARK.search(cell.source) if cell.cell_type == "code" else None
            if match:
                assert match.group(1) not in found, f"exercise {match.group(1)} defined twice"
                found[match.group(1)] = (path.name, cell.source)
    return found


def function_from(exercise_id, cells):
    """Run the solved exercise cells that come before ``exercise_id`` in its notebook (a later
    exercise may call an earlier one, as in the notebook), then its cell from ``cells``."""
    notebook, source = cells[exercise_id]
    namespace = {}
    for earlier_id, (earlier_nb, earlier_source) in SOLVED.items():
        if earlier_id == exercise_id:
            break
        if earlier_nb == notebook:
            exec(compile(earlier_source, f"<exercise {earlier_id}>", "exec"), namespace)
    exec(compile(source, f"<exercise {exercise_id}>", "exec"), namespace)
    name = exercises.get_exercise(exercise_id).function_name
    assert name in namespace, f"the cell of exercise {exercise_id} does not define {name}()"
    return namespace[name]


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
