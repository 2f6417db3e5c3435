"""Exercise checks of notebook 0 (the knowledge base and answer scoring): see :mod:`utils.exercises`."""

from __future__ import annotations

from collections.abc import Callable

from utils import metrics
from utils.exercises.core import Exercise, expect

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
        expect(fn, (text,), expected, hint)


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


EXERCISES: list[Exercise] = [
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
