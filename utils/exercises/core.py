"""The exercise machinery: what an exercise is, and how a check's failure reaches the learner.

A check is a function that raises ``AssertionError`` with feedback a learner can act on; the registry
of every exercise is :mod:`utils.exercises`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


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


def expect(fn: Callable, args: tuple, expected, hint: str) -> None:
    """Call ``fn(*args)``; fail with the call, what it returned, what was expected and ``hint``."""
    got = fn(*args)
    shown = ", ".join(repr(a) for a in args)
    assert got == expected, (
        f"{fn.__name__}({shown}) returned {got!r}, expected {expected!r}. {hint}"
    )
