"""Exercise checks of the comparison (notebook 5): see :mod:`utils.exercises`.

Each check raises ``AssertionError`` with feedback a learner can act on; the references live in
:mod:`utils.comparison` and :mod:`utils.cost`.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from utils import comparison, cost
from utils.exercises.core import Exercise, expect


def _interleaved_facts() -> tuple[list[int], list[int], list[str]]:
    """100 facts of 1 to 4 questions each, asked round-robin (the questions of a fact are not next to
    each other); the facts with more questions do better, so a mean over facts is not one over
    questions. Returns ``(a, b, facts)``."""
    sizes = [1 + (i * 7) % 4 for i in range(100)]
    diff = [1 if sizes[i] >= 3 and i % 2 == 0 else (1, 0, -1, 0)[i % 4] for i in range(100)]
    order = sorted((j, i) for i in range(100) for j in range(sizes[i]))  # question j of fact i
    diffs = [diff[i] for _, i in order]
    return [max(d, 0) for d in diffs], [max(-d, 0) for d in diffs], [f"f{i}" for _, i in order]


def _check_paired_bootstrap(fn: Callable) -> None:
    # 8 facts asked twice each; both wordings of a fact get the same difference
    diffs = [1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0, -1, -1]
    facts = [f"f{i // 2}" for i in range(len(diffs))]
    a, b = [max(d, 0) for d in diffs], [max(-d, 0) for d in diffs]
    got = fn(a, b, facts, 4000, 7)
    assert isinstance(got, tuple) and len(got) == 3, (
        f"Return a tuple (mean, low, high), got {got!r}."
    )
    mean, low, high = (float(x) for x in got)
    assert math.isclose(mean, sum(diffs) / len(diffs)), (
        f"The mean should be the mean of a - b over the questions, {sum(diffs) / len(diffs)}, "
        f"got {mean}."
    )
    assert low <= mean <= high, f"The interval [{low}, {high}] should contain the mean {mean}."
    _, ref_low, ref_high = comparison.paired_bootstrap(a, b, facts, 4000, 7)
    width, ref_width = high - low, ref_high - ref_low
    assert width > 0.8 * ref_width, (
        f"The interval is too narrow ({width:.3f} wide; resampling facts gives about "
        f"{ref_width:.3f}). Did you resample questions? Draw facts with replacement and keep every "
        "question of each drawn fact: two wordings of one fact are not two measurements. And take "
        "the 2.5th and 97.5th percentiles: a 95 % interval, not 90 %."
    )
    assert width < 1.25 * ref_width, (
        f"The interval is too wide ({width:.3f}; expected about {ref_width:.3f}). Take the 2.5th and "
        "97.5th percentiles of the resampled means (np.quantile(means, [0.025, 0.975]))."
    )
    many = _interleaved_facts()  # 100 facts: an interval that moves with every other draw
    first, again = (tuple(float(x) for x in fn(*many, 200, 7)) for _ in range(2))
    assert again == first, (
        f"Two calls with seed 7 gave {first} and {again}. Use the seed "
        "(np.random.default_rng(seed)): same seed, same interval."
    )
    same = fn([1, 0, 1], [1, 0, 1], ["f1", "f2", "f3"], 500, 0)
    assert tuple(float(x) for x in same) == (0.0, 0.0, 0.0), (
        "Two identical systems differ by exactly 0, with the interval [0, 0]."
    )


def _hidden_paired_bootstrap(fn: Callable) -> None:
    a, b, facts = _interleaved_facts()
    mean, low, high = (float(x) for x in fn(a, b, facts, 4000, 3))
    want = sum(a) / len(a) - sum(b) / len(b)
    assert math.isclose(mean, want), (
        f"With facts of 1 to 4 questions the mean should be over the {len(a)} questions, {want}, "
        f"got {mean}: the mean of a - b question by question, not a mean of the facts' means."
    )
    _, ref_low, ref_high = comparison.paired_bootstrap(a, b, facts, 4000, 3)
    ratio = (high - low) / (ref_high - ref_low)
    assert ratio > 0.91, (
        f"For 100 facts of 1 to 4 questions, asked in turn (the questions of a fact are not next to "
        f"each other), the interval [{low:.3f}, {high:.3f}] is {ratio:.2f} times the expected "
        f"width (about [{ref_low:.3f}, {ref_high:.3f}]). Group the questions by their fact label "
        "wherever they are (np.bincount over fact indices, not runs of equal labels), and take the "
        "2.5th and 97.5th percentiles (a 95 % interval, not 90 %)."
    )
    assert ratio < 1.1, (
        f"The interval [{low:.3f}, {high:.3f}] is {ratio:.2f} times the expected width (about "
        f"[{ref_low:.3f}, {ref_high:.3f}]): draw as many facts as there are, with replacement, and "
        "take the 2.5th and 97.5th percentiles (a 95 % interval, not 99 %)."
    )
    one = tuple(float(x) for x in fn([1, 1, 0], [0, 1, 0], [7, 7, 7], 200, 0))
    assert all(math.isclose(x, 1 / 3) for x in one), (
        f"One fact (labelled 7) with three questions: every resample draws it, so the interval is "
        f"[1/3, 1/3] around the mean 1/3; got {one}."
    )


def _check_stale_kind(fn: Callable) -> None:
    old, new = "€349", "€319"
    old_aliases, new_aliases = ["349 euros", "EUR 349"], ["319 euros", "EUR 319"]
    cases = [
        (("It now costs €319.", old, new, old_aliases, new_aliases), "new",
         "The answer gives the new value only."),
        (("It costs 349 euros.", old, new, old_aliases, new_aliases), "stale",
         "An alias of the old value counts as the old value: the answer is stale."),
        (("It went from €349 to €319.", old, new, old_aliases, new_aliases), "both",
         "Both values appear: 'both'."),
        (("It costs €3190.", old, new, old_aliases, new_aliases), "neither",
         "Whole words only (utils.aliases.accepted): '€319' is not in '€3190'."),
        (("I do not know.", old, new, old_aliases, new_aliases), "neither",
         "Neither value: 'neither'."),
        (("319 euros, as listed.", old, new, old_aliases, new_aliases), "new",
         "An alias of the new value counts as the new value."),
    ]  # fmt: skip
    for args, expected, hint in cases:
        expect(fn, args, expected, hint)


def _hidden_stale_kind(fn: Callable) -> None:
    old, new = "€1,049", "€1,149"
    old_aliases, new_aliases = ["1,049 euros", "EUR 1,049"], ["1,149 euros", "EUR 1,149"]
    cases = [
        (("IT NOW COSTS €1,149!", old, new), "new",
         "Compare normalised text; with no aliases given, the values alone count."),
        (("It costs 1149 euros.", old, new, old_aliases, new_aliases), "new",
         "Aliases are normalised as the gold is: '1149 euros' is '1,149 euros'."),
        (("Was 1,049 euros, now EUR 1,149.", old, new, old_aliases, new_aliases), "both",
         "Aliases count on both sides: an old alias and a new alias make 'both'."),
        (("", old, new, old_aliases, new_aliases), "neither", "An empty answer gives neither value."),
        (("It costs €11,149.", old, new, old_aliases, new_aliases), "neither",
         "Whole words only: '€1,149' is not in '€11,149'."),
    ]  # fmt: skip
    for args, expected, hint in cases:
        expect(fn, args, expected, hint)


def _check_crossing_volume(fn: Callable) -> None:
    got = fn(0.0, 66e-6, 0.75, 12e-6)
    assert got is not None and math.isclose(got, 0.75 / 54e-6), (
        f"crossing_volume(0.0, 66e-6, 0.75, 12e-6) returned {got!r}: the lines cross where "
        "fixed_a + per_question_a * Q == fixed_b + per_question_b * Q, at "
        "Q = (fixed_b - fixed_a) / (per_question_a - per_question_b) = 13,889."
    )
    got = fn(20.0, 60e-6, 0.0, 120e-6)
    assert got is not None and math.isclose(got, 20.0 / 60e-6), (
        f"crossing_volume(20.0, 60e-6, 0.0, 120e-6) returned {got!r}: the order of a and b must "
        "not matter to where the lines cross (333,333 questions)."
    )
    expect(fn, (1.0, 1e-6, 2.0, 1e-6), None,
           "Parallel lines (the same cost per question) never cross: return None.")  # fmt: skip
    expect(fn, (1.0, 5e-6, 0.5, 1e-6), None,
           "Here b is cheaper at every positive volume: the lines cross below zero, return None.")  # fmt: skip


def _hidden_crossing_volume(fn: Callable) -> None:
    expect(fn, (5.0, 2e-6, 5.0, 1e-6), None,
           "Same fixed cost: the lines cross at Q = 0, not at a positive volume: return None.")  # fmt: skip
    expect(fn, (5.0, 1e-6, 5.0, 1e-6), None,
           "Two identical lines have no single crossing (same cost per question): return None.")  # fmt: skip
    got = fn(0, 3, 11, 1)
    assert got is not None and math.isclose(got, 5.5), (
        f"crossing_volume(0, 3, 11, 1) returned {got!r}, expected 5.5: divide with /, not //, "
        "even when the costs are whole numbers."
    )
    got = fn(100.0, 1e-4, 2000.0, 2e-5)
    assert got is not None and math.isclose(got, 1900 / 8e-5), (
        f"crossing_volume(100.0, 1e-4, 2000.0, 2e-5) returned {got!r}, expected 23,750,000: "
        "Q = (fixed_b - fixed_a) / (per_question_a - per_question_b)."
    )


EXERCISES: list[Exercise] = [
    Exercise("5.1", "A paired bootstrap over facts", "paired_bootstrap", _check_paired_bootstrap,
             comparison.paired_bootstrap, "utils.comparison.paired_bootstrap", tier=2,
             hidden=_hidden_paired_bootstrap),
    Exercise("5.2", "Is the answer stale?", "stale_kind", _check_stale_kind,
             comparison.stale_kind, "utils.comparison.stale_kind", hidden=_hidden_stale_kind),
    Exercise("5.3", "Where fine-tuning starts to pay", "crossing_volume", _check_crossing_volume,
             cost.crossing_volume, "utils.cost.crossing_volume", hidden=_hidden_crossing_volume),
]  # fmt: skip
