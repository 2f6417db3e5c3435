"""The multiple-choice options of the test questions: real values nobody can guess.

Every distractor is a value the knowledge base itself states, of the same kind as the gold answer
(the same unit or form, e.g. ``# g``, ``€#``, a date, a person) and with the same training status:
if the gold is an answer the fine-tuned model learns to say, so is every distractor, and if it is
not, none is. Among those, the same attribute of a sibling subject comes first.

Which three of them a question gets is chosen group by group (seen, unseen, updated, new) so that
no blind rule of :mod:`utils.blind` beats chance on the group: for each question, every triple of
its nearest candidates is scored by how far it would move each rule's running accuracy, and the
gold's numeric rank (smallest ... largest), away from a quarter; the triple that keeps them closest
wins, with a small preference for siblings. The gold's position cycles through the four places.
The two test wordings of a fact get different triples where the knowledge base has enough values.

A gold with fewer than three such values gets no options (``choices`` null) and the flag
``few_peers``: inventing values would let a rule spot the gold, the one option that is real.
"""

from __future__ import annotations

import itertools
import random
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from utils.blind import Context, rule_scores
from utils.metrics import contains, normalize_answer
from utils.settings import SEED

N_DISTRACTORS = 3
NEAREST = 10  # candidates tried per question (the best-ranked ones): C(10, 3) = 120 triples
SIBLING_WEIGHT = 0.02  # cost of one step down the tiers (sibling, same attribute, same kind)
REUSE_WEIGHT = 1.0  # cost of a distractor the fact's other wording already has
REFINE_PASSES = 3  # passes that revisit every question once the whole group has options
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_DATE = re.compile(r"\d{1,2} [A-Z][a-z]+ \d{4}")


def kind_of(value: str, attribute: str, kind: str | None) -> str:
    """What a value is, for choosing its peers: its form with the numbers blanked out, or its kind.

    >>> kind_of("1,100 W", "continuous output", None), kind_of("€3.50", "price", None)
    ('# W', '€#')
    >>> kind_of("12 May 2025", "release date", None), kind_of("Ilse Marchetti", "head", "person")
    ('date', 'person')
    """
    if _DATE.fullmatch(value):
        return "date"
    if _NUMBER.search(value):
        return _NUMBER.sub("#", value)
    return kind or f"attribute:{attribute}"


@dataclass(frozen=True)
class Value:
    """A value the knowledge base states, with what decides whether it can stand beside a gold."""

    text: str
    kind: str
    attribute: str
    family: str  # the document group of its subject (siblings share it)
    trained: bool  # whether the fine-tuned model learns to say it


@dataclass(frozen=True)
class Item:
    """One test question that needs options: its gold, where it is scored, and its question."""

    qid: str
    fact_id: str
    group: str  # seen, unseen, updated, new
    gold: Value
    question: str


def _clash(a: str, b: str) -> bool:
    """Two options that cannot stand side by side: equal once normalised, or one inside the other."""
    return bool(contains(a, b) or contains(b, a))


def peers(item: Item, values: list[Value]) -> list[tuple[int, Value]]:
    """(tier, value) of every value that may be a distractor of ``item``: same kind, same training
    status, not the gold and not containing it; tier 0 a sibling's value of the same attribute,
    1 the same attribute, 2 the same kind."""
    gold, out = item.gold, []
    for value in values:
        if (
            value.kind != gold.kind
            or value.trained != gold.trained
            or _clash(value.text, gold.text)
        ):
            continue
        same_attribute = value.attribute == gold.attribute
        tier = 0 if same_attribute and value.family == gold.family else 1 if same_attribute else 2
        out.append((tier, value))
    return out


def _rank_features(options: list[str], gold: str) -> dict[str, float]:
    """The gold's rank among numeric options as four indicators (a quarter each if not numeric)."""
    numbers = [_NUMBER.search(o) for o in options]
    if not all(numbers):
        return {f"rank {r}": 0.25 for r in range(1, 5)}
    values = [float(m.group().replace(",", "")) for m in numbers]
    rank = sorted(values).index(values[options.index(gold)]) + 1
    return {f"rank {r}": float(r == rank) for r in range(1, 5)}


class Balancer:
    """The running sums of every blind rule's hits (and the gold's rank) on one group."""

    def __init__(self) -> None:
        self.sums: Counter = Counter()
        self.n = 0
        self.positions = Counter({p: 0 for p in range(N_DISTRACTORS + 1)})

    def cost(self, features: dict[str, float], n: int) -> float:
        """How far the group's rules would sit from a quarter of ``n`` questions, with these."""
        target = 0.25 * n
        return sum((self.sums[k] + v - target) ** 2 for k, v in features.items())

    def add(self, features: dict[str, float], sign: int = 1) -> None:
        for key, value in features.items():
            self.sums[key] += sign * value
        self.n += sign

    def position(self, rng: random.Random) -> int:
        """The gold's place: one of the places used least so far in the group."""
        least = min(self.positions.values())
        place = rng.choice([p for p, n in sorted(self.positions.items()) if n == least])
        self.positions[place] += 1
        return place


@dataclass
class _Choice:
    """One question's candidate triples (texts, rule features, fixed cost) and the one chosen."""

    item: Item
    triples: list[tuple[list[str], dict[str, float], float]]
    chosen: int = 0


def _triples(item: Item, candidates, context: Context, avoid: set[str], rng) -> list:
    """Every fair triple of the nearest candidates, with its features and its tier and reuse cost."""
    rng.shuffle(candidates)
    candidates.sort(key=lambda tv: tv[0])  # stable: seeded order within a tier
    out = []
    for triple in itertools.combinations(candidates[:NEAREST], N_DISTRACTORS):
        texts = [v.text for _, v in triple]
        if any(_clash(a, b) for a, b in itertools.combinations(texts, 2)):
            continue
        options = [item.gold.text, *texts]
        features = {
            **rule_scores(options, item.gold.text, context),
            **_rank_features(options, item.gold.text),
        }
        tiers = sum(t for t, _ in triple)
        fixed = SIBLING_WEIGHT * tiers + REUSE_WEIGHT * sum(t in avoid for t in texts)
        out.append((texts, features, fixed))
    return out


def _best(choice: _Choice, balancer: Balancer, n: int) -> int:
    costs = [balancer.cost(f, n) + fixed for _, f, fixed in choice.triples]
    return min(range(len(costs)), key=costs.__getitem__)


def assign_choices(
    items: list[Item], values: list[Value], context_for: Callable[[Item], Context]
) -> dict[tuple[str, str], list[str] | None]:
    """``{(qid, group): options or None}`` for every item, balanced group by group.

    A greedy pass in qid order gives each question the triple that keeps its group's rules closest
    to a quarter so far; then a few passes revisit each question with all the others in place.
    """
    out: dict[tuple[str, str], list[str] | None] = {}
    chosen: dict[str, list[_Choice]] = {}
    used: dict[tuple[str, str], set[str]] = {}  # (fact, group) -> distractors given so far
    balancers: dict[str, Balancer] = {}
    for item in sorted(items, key=lambda i: (i.group, i.qid)):
        out[(item.qid, item.group)] = None
        rng = random.Random(f"{SEED}:{item.qid}:{item.group}:choices")
        avoid = used.setdefault((item.fact_id, item.group), set())
        triples = _triples(item, peers(item, values), context_for(item), avoid, rng)
        if not triples:
            continue
        balancer = balancers.setdefault(item.group, Balancer())
        choice = _Choice(item, triples)
        choice.chosen = _best(choice, balancer, balancer.n + 1)
        balancer.add(triples[choice.chosen][1])
        avoid.update(triples[choice.chosen][0])
        chosen.setdefault(item.group, []).append(choice)
    for group, group_choices in chosen.items():
        balancer = balancers[group]
        for _ in range(REFINE_PASSES):
            for choice in group_choices:
                balancer.add(choice.triples[choice.chosen][1], -1)
                choice.chosen = _best(choice, balancer, balancer.n + 1)
                balancer.add(choice.triples[choice.chosen][1])
        for choice in group_choices:
            rng = random.Random(f"{SEED}:{choice.item.qid}:{group}:order")
            options = list(choice.triples[choice.chosen][0])
            rng.shuffle(options)
            options.insert(balancer.position(rng), choice.item.gold.text)
            out[(choice.item.qid, group)] = options
    return out


def values_of(facts, trained: set[str]) -> list[Value]:
    """Every distinct value the knowledge base states (both versions), in fact order."""
    out, seen = [], set()
    for fact in facts:
        for version in ("v1", "v2"):
            text = fact.value_in(version)
            if text is None or normalize_answer(text) in seen:
                continue
            seen.add(normalize_answer(text))
            out.append(
                Value(
                    text,
                    kind_of(text, fact.spec.attribute, fact.kind),
                    fact.spec.attribute,
                    fact.doc.group,
                    normalize_answer(text) in trained,
                )
            )
    return out
