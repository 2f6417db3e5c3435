"""Exercise checks of notebook 6 (RAFT and the decision guide): see :mod:`utils.exercises`.

The references live in :mod:`utils.raft` and :mod:`utils.guide`.
"""

from __future__ import annotations

from collections.abc import Callable

from utils import guide, raft
from utils.exercises.core import Exercise, expect

CHUNK = ("## Battery and memory\nBattery life for the A250 is rated at 38 hours. It weighs 1.42 kg "
         "with the cells fitted.\nStorage: 16 GB, of which 14 GB is free.")  # fmt: skip


def _check_quote_sentence(fn: Callable) -> None:
    cases = [
        ((CHUNK, "38 hours"), "Battery life for the A250 is rated at 38 hours.",
         "Return the first sentence that holds the gold, exactly as written, stripped."),
        ((CHUNK, "1.42 kg"), "It weighs 1.42 kg with the cells fitted.",
         "A full stop inside a number ('1.42') does not end a sentence."),
        ((CHUNK, "Battery and memory"), None,
         "A line starting with '#' is a heading, not a sentence: skip it."),
        ((CHUNK, "8 hours"), None, "Whole words only (utils.metrics.contains): '8 hours' is not in '38 hours'."),
        ((CHUNK, "14 GB"), "Storage: 16 GB, of which 14 GB is free.", "Look at every line, not the first only."),
        ((CHUNK, "FREE"), "Storage: 16 GB, of which 14 GB is free.", "Compare normalised text (contains does)."),
    ]  # fmt: skip
    for args, expected, hint in cases:
        expect(fn, args, expected, hint)


def _hidden_quote_sentence(fn: Callable) -> None:
    text = "Price: €349. It ships in 3 days! Returns? Within 30 days.\n# Notes\nCall 0800 123."
    cases = [
        ((text, "€349"), "Price: €349.", "A sentence may end right after a number with a symbol."),
        ((text, "3 days"), "It ships in 3 days!", "'!' ends a sentence too."),
        ((text, "30 days"), "Within 30 days.", "'?' ends a sentence too: 'Returns?' is one of its own."),
        ((text, "Notes"), None, "Headings are skipped on every line, not only the first."),
        (("", "38 hours"), None, "An empty text holds no sentence."),
        (("Battery life is 38 hours.", ""), None, "An empty gold is never contained."),
        (("  It lasts 38 hours.  ", "38 hours"), "It lasts 38 hours.", "Strip the sentence."),
    ]  # fmt: skip
    for args, expected, hint in cases:
        expect(fn, args, expected, hint)


def _check_cheaper(fn: Callable) -> None:
    cases = [
        ((1.0, 2.0), "RAG", "RAG's bill is lower."),
        ((2.0, 1.0), "fine-tuning", "The fine-tuned model's bill is lower."),
        ((1.0, 1.05), "neither", "Within 10 % of the larger: 'neither'."),
        ((1.05, 1.0), "neither", "The order of the two must not matter to 'neither'."),
        ((0.9, 1.0), "neither", "The margin is a share of the LARGER bill: 0.1 * 1.0 = 0.1 >= 0.1."),
        ((1.0, 2.0, 0.6), "neither", "Use the margin you are given."),
    ]  # fmt: skip
    for args, expected, hint in cases:
        expect(fn, args, expected, hint)


def _hidden_cheaper(fn: Callable) -> None:
    cases = [
        ((0.0, 0.0), "neither", "Two free systems cost the same."),
        ((0.0, 1.0), "RAG", "A free system is the cheaper one."),
        ((100.0, 89.0), "fine-tuning", "11 % apart is beyond the default margin."),
        ((1e-6, 3e-6), "RAG", "Tiny bills compare the same way."),
        ((5.0, 5.0, 0.0), "neither", "Equal bills are 'neither', even with no margin."),
    ]  # fmt: skip
    for args, expected, hint in cases:
        expect(fn, args, expected, hint)


EXERCISES: list[Exercise] = [
    Exercise("6.1", "Quote the evidence", "quote_sentence", _check_quote_sentence,
             lambda text, gold: raft.quote_for(text, gold), "utils.raft.quote_for", tier=2,
             hidden=_hidden_quote_sentence),
    Exercise("6.2", "Which is cheaper?", "cheaper", _check_cheaper, guide.cheaper,
             "utils.guide.cheaper", hidden=_hidden_cheaper),
]  # fmt: skip
