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
    tier: int = 1  # 1 easy, 2 medium, 3 hard: the stars of the notebook's heading
    # Further cases that the notebook does not show, run by the grader (utils.grade) after ``check``:
    # edge cases, and the mistakes a learner is likely to make. Same contract as ``check``.
    hidden: Callable[[Callable], None] | None = None
    # For an exercise whose answer is an object rather than plain data (a class): ``observe(answer,
    # *args)`` exercises it and returns plain data (lists, numbers, strings, dicts), and ``check`` and
    # ``hidden`` receive ``lambda *args: observe(answer, *args)``. The grader runs ``observe`` beside
    # the learner's code and judges the plain data it returns.
    observe: Callable | None = None
    # Modules the grader imports before it runs the learner's code (utils.grade_exercise): a library
    # that loads native code when first imported, which the grader refuses to the learner's code.
    preload: tuple[str, ...] = ()
    # The least the grader gives this exercise, whatever limits it was asked for: ``{"wall_s": ..,
    # "cpu_s": .., "memory_mb": ..}`` (a check that trains a model needs more than a loop over lists).
    floor: dict | None = None

    def checked(self, candidate: Callable) -> Callable:
        """What ``check`` and ``hidden`` are given for ``candidate``: the candidate itself, or its
        observation (see ``observe``)."""
        if self.observe is None:
            return candidate
        observe = self.observe

        def observed(*args):
            return observe(candidate, *args)

        observed.__name__ = getattr(candidate, "__name__", self.function_name)
        return observed


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
