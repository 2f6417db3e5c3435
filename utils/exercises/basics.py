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
        (
            "A Fjord Grey or an Ampora",
            "fjord grey or ampora",
            "Drop 'a' and 'an' too, not only 'the'.",
        ),
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


def _hidden_normalize(fn: Callable) -> None:
    cases = [
        ("AN APPLE A DAY", "apple day", "Lower-case first: 'AN' and 'A' are articles too."),
        ("Lumberra H600", "lumberra h600",
         "Drop articles as whole words only: the 'a' that ends 'Lumberra' stays."),
        ("breathe the air", "breathe air",
         "Drop articles as whole words only: 'breathe' keeps its 'the'."),
        ("Tessel A250", "tessel a250", "'A250' is a model name, not the article 'a'."),
        ('"The" Fjord Grey', "fjord grey",
         "Remove the punctuation before dropping articles: '\"the\"' is the article 'the'."),
        ('"Harbour Blue" (matte)!', "harbour blue matte",
         "Remove every punctuation mark: quotes, brackets, exclamation marks."),
        ("Weight (184 g)", "weight 184 g",
         "A mark next to a number is still punctuation: only a mark *between* two digits stays."),
        ("Version 2.", "version 2",
         "A full stop after a number ends the sentence: only a mark *between* two digits stays."),
        ("Price: 1.42 and 3.5.", "price 1.42 and 3.5", "Keep every decimal point, drop the rest."),
        ("Fjord\tGrey\n", "fjord grey", "Collapse any whitespace (tabs, newlines), not only spaces."),
        ("the a an", "", "A text of articles only normalises to the empty string."),
        (" ?! ", "", "A text of punctuation only normalises to the empty string."),
        # the symbols and numbers of the knowledge base's prices, ratings and areas
        ("€219", "€219", "A currency sign is not punctuation: '€219' is not '219'."),
        ("43 °C", "43 °c", "A degree sign is not punctuation: keep it."),
        ("1,100 W", "1100 w", "A comma separating thousands goes: '1,100 W' is '1100 w'."),
        ("500 km²", "500 km2", "Fold compatibility characters first: unicodedata.normalize('NFKC', text)."),
        ("Open 14:30", "open 14:30", "A ':' between two digits is part of the time: keep it."),
    ]  # fmt: skip
    for text, expected, hint in cases:
        expect(fn, (text,), expected, hint)


def _check_contains(fn: Callable) -> None:
    cases = [
        (("It lasts 38 hours.", "38 hours"), True, "Normalise both sides, then look for the gold."),
        (("THE FJORD GREY model", "Fjord Grey"), True, "Compare normalised text (case, articles)."),
        (("It lasts 138 hours.", "38 hours"), False, "Match whole words: '38' is not in '138'."),
        (("Colour: Fjord Greyish", "Fjord Grey"), False,
         "Match whole words at both ends: 'grey' is not 'greyish'."),
        (("It weighs 1.42 kg", "142 kg"), False, "'1.42 kg' is not '142 kg'."),
        (("Anything at all", ""), False, "An empty gold answer is never contained."),
        (("", "38 hours"), False, "An empty prediction contains nothing."),
    ]  # fmt: skip
    _expect_bools(fn, cases)


def _hidden_contains(fn: Callable) -> None:
    cases = [
        (("38 hours", "38 hours"), True, "A prediction equal to the gold contains it."),
        (("THE BATTERY LASTS\n38 HOURS!", "38 Hours."), True,
         "Normalise the gold too: case and punctuation do not count."),
        (("It lasts 38 hours", "38 hour"), False, "Whole words: '38 hour' is not '38 hours'."),
        (("It weighs 1.42 kg", "1.4"), False, "Whole words: '1.4' is not '1.42'."),
        (("Hours: 38", "38 hours"), False,
         "The gold's words must appear together and in order, not just somewhere."),
        (("It weighs 38 kg and lasts 5 hours", "38 hours"), False,
         "The gold's words must appear together and in order, not just somewhere."),
        (("!", "The"), False,
         "A gold that normalises to '' (only articles or punctuation) is never contained."),
    ]  # fmt: skip
    _expect_bools(fn, cases)


def _expect_bools(fn: Callable, cases: list) -> None:
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
        hidden=_hidden_normalize,
    ),
    Exercise(
        "0.2",
        "Does the answer contain the gold?",
        "contains_answer",
        _check_contains,
        lambda prediction, gold: bool(metrics.contains(prediction, gold)),
        "utils.metrics.contains",
        hidden=_hidden_contains,
    ),
]
