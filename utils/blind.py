"""Blind baselines: how often a rule that never reads the question's facts picks the right option.

Introduced in notebook 0. A multiple-choice number means something only if the options cannot be
guessed: if "pick the longest option" or "pick the one the fine-tuned model was trained to say" beats
chance, a model can score by surface cues, not knowledge. Each rule here picks one option from what is
visible without any knowledge of the answer (the options themselves, the question's words, whether an
option is a training answer or appears in the knowledge base). A rule may name several options (a tie)
or none (a numeric rule on options without numbers): it then picks one of them, or of all, at
random, so a rule with nothing to go on scores chance. Accuracies are the expected value of that
random pick (1/3 for a gold among three tied options), so the table has no sampling noise: a rule
scores exactly 0.25 on options it cannot tell apart.

"A training answer" means a value the fine-tuned model of notebook 4 learns to say: the v1 answer of
a training question. The generator (``datasets/generator/choices.py``) picks the options with these
very rules, and ``make check`` fails when any rule leaves ``CHANCE_BAND`` on any group.

>>> pick_longest(None, ["12 kg", "7 kg", "112 kg"], None)
[2]
>>> pick_closest_to_median(None, ["10 W", "20 W", "400 W"], None)
[1]
"""

from __future__ import annotations

import functools
import math
import random
import re
import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from utils.metrics import contains, normalize_answer
from utils.settings import SEED

CHANCE_BAND = (0.20, 0.30)  # every rule on every group must score within this (4 options: 0.25)
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


@dataclass(frozen=True)
class Context:
    """What a blind rule may look at besides the options: no gold answer, no model."""

    question: str = ""
    training_answers: frozenset[str] = frozenset()  # normalised answers of the train questions
    kb_text: str = ""  # every document of both versions, normalised
    extra: dict = field(default_factory=dict)


def _number(option: str) -> float | None:
    """The first number in ``option`` (thousands separators allowed), or None.

    >>> _number("1,200 mAh"), _number("Fjord Grey")
    (1200.0, None)
    """
    match = _NUMBER.search(option)
    return float(match.group().replace(",", "")) if match else None


def _best(scores: Sequence[float | None], *, highest: bool = True) -> list[int]:
    """The indices of the best score (all of them on a tie); [] when no option has a score."""
    known = [s for s in scores if s is not None]
    if not known:
        return []
    best = max(known) if highest else min(known)
    return [i for i, s in enumerate(scores) if s is not None and s == best]


def pick_longest(question, options, context) -> list[int]:
    return _best([len(o) for o in options])


def pick_shortest(question, options, context) -> list[int]:
    return _best([len(o) for o in options], highest=False)


def pick_most_shared_words(question, options, context) -> list[int]:
    asked = set(normalize_answer(context.question).split())
    return _best([len(set(normalize_answer(o).split()) & asked) for o in options])


def _numbers_or_none(options) -> list[float | None]:
    numbers = [_number(o) for o in options]
    return numbers if sum(n is not None for n in numbers) >= 2 else [None] * len(options)


def pick_largest(question, options, context) -> list[int]:
    return _best(_numbers_or_none(options))


def pick_smallest(question, options, context) -> list[int]:
    return _best(_numbers_or_none(options), highest=False)


def _closest_to_median(values: Sequence[float | None]) -> list[int]:
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return []
    middle = statistics.median(known)
    return _best([None if v is None else abs(v - middle) for v in values], highest=False)


def pick_closest_to_median(question, options, context) -> list[int]:
    return _closest_to_median(_numbers_or_none(options))


def pick_closest_to_log_median(question, options, context) -> list[int]:
    logs = [None if n is None or n <= 0 else math.log(n) for n in _numbers_or_none(options)]
    return _closest_to_median(logs)


def _roundness(number: float | None) -> float | None:
    """More trailing zeros, fewer decimals: rounder. ``_roundness(1200) > _roundness(1250)``."""
    if number is None:
        return None
    if number != int(number):
        return -len(f"{number:g}".split(".")[1])
    digits = str(int(number))
    return len(digits) - len(digits.rstrip("0"))


def pick_roundest(question, options, context) -> list[int]:
    return _best([_roundness(n) for n in _numbers_or_none(options)])


@functools.cache
def _in_text(text: str, option: str) -> bool:
    return contains(text, option)


def pick_in_knowledge_base(question, options, context) -> list[int]:
    return [i for i, o in enumerate(options) if _in_text(context.kb_text, o)]


def pick_training_answer(question, options, context) -> list[int]:
    return [i for i, o in enumerate(options) if normalize_answer(o) in context.training_answers]


def pick_not_training_answer(question, options, context) -> list[int]:
    return [i for i, o in enumerate(options) if normalize_answer(o) not in context.training_answers]


RULES: dict[str, Callable] = {
    "longest": pick_longest,
    "shortest": pick_shortest,
    "most words shared with the question": pick_most_shared_words,
    "closest to the median": pick_closest_to_median,
    "closest to the median (log)": pick_closest_to_log_median,
    "smallest number": pick_smallest,
    "largest number": pick_largest,
    "roundest number": pick_roundest,
    "appears in the knowledge base": pick_in_knowledge_base,
    "is a training answer": pick_training_answer,
    "is not a training answer": pick_not_training_answer,
}


def blind_pick(rule: Callable, options: Sequence[str], context: Context, key: str) -> int:
    """The option ``rule`` picks; ties and "cannot tell" are broken by a pick seeded on ``key``."""
    candidates = rule(None, list(options), context) or list(range(len(options)))
    return random.Random(f"{SEED}:blind:{key}").choice(candidates)


def expected_hit(rule: Callable, options: Sequence[str], gold: str, context: Context) -> float:
    """The chance that ``rule`` picks ``gold``: 1/n when the gold is one of the n options it names
    (all of them when it names none), else 0.

    >>> expected_hit(pick_largest, ["12 kg", "7 kg", "112 kg"], "112 kg", Context())
    1.0
    >>> expected_hit(pick_largest, ["Fjord Grey", "Rust Red"], "Rust Red", Context())
    0.5
    """
    candidates = rule(None, list(options), context) or list(range(len(options)))
    return (1.0 / len(candidates)) if options.index(gold) in candidates else 0.0


def rule_scores(options: Sequence[str], gold: str, context: Context) -> dict[str, float]:
    """``{rule: expected_hit}`` of every rule on one question."""
    return {name: expected_hit(rule, options, gold, context) for name, rule in RULES.items()}


def blind_accuracy(items: Sequence[tuple[str, Sequence[str], str, Context]]) -> dict[str, float]:
    """``{rule: accuracy}`` over ``items``, each ``(key, options, gold, context)``: the expected
    accuracy of each rule, ties broken uniformly at random."""
    accuracy = {}
    for name, rule in RULES.items():
        hits = [expected_hit(rule, options, gold, context) for _, options, gold, context in items]
        accuracy[name] = sum(hits) / len(hits) if hits else math.nan
    return accuracy


# --- the course's test questions ---------------------------------------------------------------------


def training_answers(questions) -> frozenset[str]:
    """The normalised v1 answers of the training questions: what notebook 4's model learns to say."""
    return frozenset(
        normalize_answer(q.answer) for q in questions if q.split == "train" and q.answer
    )


def course_items(root=None) -> dict[str, list[tuple[str, list[str], str, Context]]]:
    """The multiple-choice items of every test group, with what a blind rule may see."""
    from utils.data import VERSIONS, eval_groups, load_documents, load_questions

    questions = load_questions(None, root)
    training = training_answers(questions)
    kb_text = " ".join(d.text for v in VERSIONS for d in load_documents(v, root))
    items: dict[str, list] = {}
    for group, members in eval_groups(questions, root).items():
        v2 = group in ("updated", "new")
        items[group] = [
            (
                q.qid,
                q.choices_v2 if v2 else q.choices,
                q.answer_v2 if v2 else q.answer,
                Context(question=q.question, training_answers=training, kb_text=kb_text),
            )
            for q in members
            if (q.choices_v2 if v2 else q.choices)
        ]
    return items


def blind_baselines(root=None) -> dict[str, dict[str, float]]:
    """``{group: {rule: accuracy}}`` on the course's test questions (notebook 0 shows it)."""
    return {group: blind_accuracy(items) for group, items in course_items(root).items()}


def guessable(table: Mapping[str, Mapping[str, float]], band=CHANCE_BAND) -> list[str]:
    """Every (group, rule) whose accuracy lies outside ``band``, in words; ``[]`` means fair.

    >>> guessable({"seen": {"longest": 0.25, "largest number": 0.55}})
    ['seen: the rule "largest number" scores 0.550, outside [0.20, 0.30]: the options can be guessed']
    """
    low, high = band
    return [
        f'{group}: the rule "{rule}" scores {value:.3f}, outside [{low:.2f}, {high:.2f}]: '
        "the options can be guessed"
        for group, rules in table.items()
        for rule, value in rules.items()
        if not low <= value <= high
    ]
