"""Blind baselines (utils.blind): rules that never read the facts, on options made to leak and not."""

from __future__ import annotations

import random

import pytest

from utils import blind
from utils.blind import Context, blind_accuracy, guessable


def _scaled_items(n=400, seed=0):
    """Options made the old way: the gold and three distractors made by scaling it, so the gold sits
    among them in a predictable place (the middle)."""
    rng = random.Random(seed)
    items = []
    for i in range(n):
        gold = rng.randint(20, 900)
        options = [f"{gold} g", f"{round(gold * 0.6)} g", f"{round(gold * 0.8)} g",
                   f"{round(gold * 1.5)} g"]  # fmt: skip
        rng.shuffle(options)
        items.append((f"q{i}", options, f"{gold} g", Context()))
    return items


def _fair_items(n=400, seed=0):
    """Options of four independent values: nothing about the gold stands out."""
    rng = random.Random(seed)
    items = []
    for i in range(n):
        values = rng.sample(range(20, 900), 4)
        options = [f"{v} g" for v in values]
        items.append((f"q{i}", options, options[rng.randrange(4)], Context()))
    return items


def test_scaled_distractors_are_caught_by_the_median_rule():
    accuracy = blind_accuracy(_scaled_items())
    assert accuracy["closest to the median"] > 0.4
    problems = guessable({"seen": accuracy})
    assert any('"closest to the median"' in p and p.startswith("seen:") for p in problems)


def test_independent_values_leave_every_rule_near_chance():
    accuracy = blind_accuracy(_fair_items(n=2000))
    assert all(0.21 <= value <= 0.29 for value in accuracy.values()), accuracy


def test_familiarity_leaks_when_only_the_gold_was_trained():
    trained = frozenset({"38 hours"})
    items = [(f"q{i}", ["38 hours", "12 hours", "7 hours", "60 hours"], "38 hours",
              Context(training_answers=trained)) for i in range(50)]  # fmt: skip
    accuracy = blind_accuracy(items)
    assert accuracy["is a training answer"] == 1.0
    assert accuracy["is not a training answer"] == 0.0


def test_a_rule_with_nothing_to_judge_picks_at_random():
    options = ["Fjord Grey", "Harbour Blue", "Rust Red", "Pine Green"]
    picks = {blind.blind_pick(blind.pick_largest, options, Context(), f"k{i}") for i in range(40)}
    assert picks == {0, 1, 2, 3}


@pytest.mark.parametrize(
    ("rule", "options", "expected"),
    [
        (blind.pick_shortest, ["12 kg", "7 kg", "112 kg"], [1]),
        (blind.pick_smallest, ["1,200 mAh", "900 mAh", "1,050 mAh"], [1]),
        (blind.pick_largest, ["1,200 mAh", "900 mAh", "1,050 mAh"], [0]),
        (blind.pick_roundest, ["1,250 W", "1,200 W", "1,237 W"], [1]),
        (blind.pick_closest_to_log_median, ["1 m", "10 m", "1000 m"], [1]),
    ],
)
def test_each_rule_picks_what_its_name_says(rule, options, expected):
    assert rule(None, options, Context()) == expected


def test_shared_words_and_knowledge_base_rules_read_their_context():
    context = Context(question="Which colour is the Tessel case?", kb_text="the case is fjord grey")
    assert blind.pick_most_shared_words(None, ["Tessel Blue", "Rust Red"], context) == [0]
    assert blind.pick_in_knowledge_base(None, ["Rust Red", "Fjord Grey"], context) == [1]
