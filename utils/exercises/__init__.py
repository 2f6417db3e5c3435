"""Exercise checks: actionable feedback for the learner, and a fallback so nobody is stuck.

Every exercise in the notebooks is registered here with its check and its reference implementation,
one module per part of the course: :mod:`~utils.exercises.basics` (notebook 0),
:mod:`~utils.exercises.rag` (notebooks 1-2), :mod:`~utils.exercises.finetune` (notebooks 3-4),
:mod:`~utils.exercises.comparison` (notebook 5), :mod:`~utils.exercises.beyond` (notebook 6).
:mod:`~utils.exercises.notebook` finds an exercise's function in a notebook file (the tests and the
grading command use it). In a notebook::

    normalize = check_exercise("0.1", normalize)

runs the check and prints what passed or what to fix. It returns the learner's function when the check
passes, and the reference implementation from ``utils`` otherwise (saying so), so the cells below still
run. The test suite runs every check against the solution (must pass) and the stub (must fail).

>>> sorted(EXERCISES)[:3]
['0.1', '0.2', '0.3']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from utils.exercises import basics, beyond, comparison, finetune, rag
from utils.exercises.core import CheckResult, Exercise

EXERCISES: dict[str, Exercise] = {
    exercise.exercise_id: exercise
    for module in (basics, rag, finetune, comparison, beyond)
    for exercise in module.EXERCISES
}


def run_check(exercise_id: str, candidate: Callable) -> CheckResult:
    """Run exercise ``exercise_id``'s check on ``candidate``; never raises for the learner's errors."""
    exercise = get_exercise(exercise_id)
    return _outcome(exercise.check, exercise.checked(candidate))


def run_hidden(exercise_id: str, candidate: Callable) -> CheckResult:
    """Run exercise ``exercise_id``'s further cases (``hidden``, which the notebook does not show) on
    ``candidate``, as :func:`run_check` runs its check; the grader runs it after the check passed."""
    exercise = get_exercise(exercise_id)
    if exercise.hidden is None:
        return CheckResult(True, "passed (no further cases).")
    return _outcome(exercise.hidden, exercise.checked(candidate))


def _outcome(check: Callable[[Callable], None], candidate: Callable) -> CheckResult:
    """``check(candidate)`` as a result: the learner's errors are reported, never raised."""
    try:
        check(candidate)
    except NotImplementedError:
        return CheckResult(False, "not attempted yet: replace `raise NotImplementedError()`.")
    except AssertionError as err:
        return CheckResult(False, f"not yet. {err}")
    except Exception as err:  # the learner's code may fail in any way: report it, don't crash
        return CheckResult(False, f"your code raised {type(err).__name__}: {err}")
    return CheckResult(True, "passed.")


# Points of each exercise: its tier's, unless this table says otherwise (the grader's one table).
TIER_POINTS = {1: 1, 2: 2, 3: 3}
POINTS: dict[str, int] = {}


def points(exercise_id: str) -> int:
    """What exercise ``exercise_id`` is worth when graded (``POINTS``, else its tier's default).

    >>> points("0.1"), points("1.2")
    (1, 2)
    """
    return POINTS.get(exercise_id, TIER_POINTS[get_exercise(exercise_id).tier])


def reveal(guess: Mapping[str, float | None], measured: Mapping[str, float]):
    """A predict-then-run question's answer: each guess beside what this run measured.

    The learner writes ``guess`` in the cell before the measurement (``None``: no guess yet). Returns
    a table (guess, measured, measured minus guess) and says which guesses are missing.

    >>> float(reveal({"hit@1": 0.5}, {"hit@1": 0.625}).loc["hit@1", "off by"])
    0.125
    """
    import pandas as pd

    rows, missing = {}, []
    for name, value in measured.items():
        mine = guess.get(name)
        try:
            mine = None if mine is None else float(mine)
        except (TypeError, ValueError):
            print(f"Your guess for {name!r} is {mine!r}, not a number: write a number, e.g. 0.3.")
            mine = None
        if mine is None:
            missing.append(name)
        shown = round(float(value), 3)
        rows[name] = {"your guess": mine, "measured": shown,
                      "off by": None if mine is None else round(shown - mine, 3)}  # fmt: skip
    if missing:
        print(
            f"No guess for {', '.join(missing)}: write one in the guess cell above, then run it and "
            "this cell again. A guess made before seeing the result is what makes the result stick."
        )
    return pd.DataFrame.from_dict(rows, orient="index")


def get_exercise(exercise_id: str) -> Exercise:
    if exercise_id not in EXERCISES:
        raise KeyError(f"No exercise {exercise_id!r}; known: {', '.join(EXERCISES)}")
    return EXERCISES[exercise_id]


def check_exercise(exercise_id: str, candidate: Callable) -> Callable:
    """Check ``candidate``, print feedback, and return it if it passed, else the reference."""
    exercise = get_exercise(exercise_id)
    result = run_check(exercise_id, candidate)
    if result.passed:
        print(f"✅ Exercise {exercise_id} ({exercise.title}): {result.message}")
        return candidate
    print(f"❌ Exercise {exercise_id} ({exercise.title}): {result.message}")
    print(
        f"   The cells below use the reference `{exercise.reference_name}` for now, so the "
        "notebook still runs. Fix your function and run this cell again."
    )
    return exercise.reference
