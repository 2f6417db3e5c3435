"""Exercise checks: actionable feedback for the learner, and a fallback so nobody is stuck.

Every exercise in the notebooks is registered with its check and its reference implementation: the
exercises of notebook 0 here, those of each track in its own module (``CHECK_MODULES``), each of which
exposes a list ``EXERCISES`` of :class:`Exercise`.
In a notebook::

    normalize = check_exercise("0.1", normalize)

runs the check and prints what passed or what to fix. It returns the learner's function when the check
passes, and the reference implementation from ``utils`` otherwise (saying so), so the cells below still
run. The test suite runs every check against the solution (must pass) and the stub (must fail).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from utils import metrics


@dataclass(frozen=True)
class Exercise:
    """An exercise: the function the learner writes, how it is checked, and the reference."""

    exercise_id: str
    title: str
    function_name: str  # the name the exercise cell defines
    check: Callable[[Callable], None]  # raises AssertionError with feedback a learner can act on
    reference: Callable
    reference_name: str  # where the reference lives, for the fallback message


@dataclass(frozen=True)
class CheckResult:
    passed: bool
    message: str


def _expect(fn: Callable, args: tuple, expected, hint: str) -> None:
    got = fn(*args)
    shown = ", ".join(repr(a) for a in args)
    assert got == expected, (
        f"{fn.__name__}({shown}) returned {got!r}, expected {expected!r}. {hint}"
    )


# --- notebook 0 ---------------------------------------------------------------------------------


def _check_normalize(fn: Callable) -> None:
    cases = [
        ("Fjord Grey", "fjord grey", "Lower-case the text."),
        ("  38   hours ", "38 hours", "Collapse runs of spaces and strip the ends."),
        ("Fjord Grey.", "fjord grey", "Remove punctuation such as full stops."),
        ("The Fjord Grey", "fjord grey", "Drop the articles 'a', 'an' and 'the'."),
        ("Theodora Lund", "theodora lund", "Drop articles only as whole words ('Theodora' stays)."),
        ("1.42 kg", "1.42 kg", "Keep a decimal point between digits: '1.42 kg' is not '142 kg'."),
        (
            "Fjord-Grey, 1.42 kg.",
            "fjord grey 1.42 kg",
            "Drop punctuation around numbers, keep it inside.",
        ),
        ("", "", "An empty answer normalises to the empty string."),
    ]
    for text, expected, hint in cases:
        _expect(fn, (text,), expected, hint)


def _check_contains(fn: Callable) -> None:
    cases = [
        (("It lasts 38 hours.", "38 hours"), True, "Normalise both sides, then look for the gold."),
        (("THE FJORD GREY model", "Fjord Grey"), True, "Compare normalised text (case, articles)."),
        (("It lasts 138 hours.", "38 hours"), False, "Match whole words: '38' is not in '138'."),
        (("It weighs 1.42 kg", "142 kg"), False, "'1.42 kg' is not '142 kg'."),
        (("Anything at all", ""), False, "An empty gold answer is never contained."),
        (("", "38 hours"), False, "An empty prediction contains nothing."),
    ]
    for args, expected, hint in cases:
        got = bool(fn(*args))
        assert got == expected, f"{fn.__name__}{args!r} gave {got}, expected {expected}. {hint}"


NOTEBOOK_0 = [
    Exercise(
        "0.1",
        "Normalise an answer",
        "normalize",
        _check_normalize,
        metrics.normalize_answer,
        "utils.metrics.normalize_answer",
    ),
    Exercise(
        "0.2",
        "Does the answer contain the gold?",
        "contains_answer",
        _check_contains,
        lambda prediction, gold: bool(metrics.contains(prediction, gold)),
        "utils.metrics.contains",
    ),
]
CHECK_MODULES = ("utils.exercises_rag", "utils.exercises_ft")


def _registry() -> dict[str, Exercise]:
    import importlib

    found = list(NOTEBOOK_0)
    for name in CHECK_MODULES:
        found += importlib.import_module(name).EXERCISES
    return {ex.exercise_id: ex for ex in found}


EXERCISES: dict[str, Exercise] = _registry()


def run_check(exercise_id: str, candidate: Callable) -> CheckResult:
    """Run exercise ``exercise_id``'s check on ``candidate``; never raises for the learner's errors."""
    exercise = get_exercise(exercise_id)
    try:
        exercise.check(candidate)
    except NotImplementedError:
        return CheckResult(False, "not attempted yet: replace `raise NotImplementedError()`.")
    except AssertionError as err:
        return CheckResult(False, f"not yet. {err}")
    except Exception as err:  # the learner's code may fail in any way: report it, don't crash
        return CheckResult(False, f"your code raised {type(err).__name__}: {err}")
    return CheckResult(True, "passed.")


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
