"""The decision guide (notebook 6): a use case in, a recommendation out, every step backed by the
learner's own numbers (``results/scorecard.json``).

Each rule (:data:`RULES`) asks one question about the use case, reads the numbers that bear on it,
and says which way it points: RAG, fine-tuning, or neither; and whether its evidence is *thin* (the
interval includes zero, or the number was not measured). :func:`recommend` weighs the steps: a use
case that needs both what only retrieval gives (fresh facts, documents never trained on) and what
only training gives (a house style) gets both, and RAFT when this run measured RAFT above fine-tuned
+ RAG (:func:`raft_better`); otherwise the side with more firm steps wins, RAG on a tie (it is the cheaper to change).
The rules are plain code on purpose: read them, change a threshold, and the guide follows.

>>> case = UseCase(updates_per_month=4, house_style=False, unseen_documents=True)
>>> numbers = {"update/rag_update/seconds": 0.7, "update/ft_full/seconds": 320.0,
...            "paired/rag_update-rag_v1/new/accepted": {"value": 0.5, "ci95": [0.3, 0.7]},
...            "paired/rag-ft/unseen/accepted": {"value": 0.4, "ci95": [0.3, 0.5]}}
>>> recommend(case, numbers).choice
'RAG'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from utils.scorecard import fmt, sign

RAG, FT, BOTH, RAFT, NEUTRAL = "RAG", "fine-tuning", "both (fine-tuned + RAG)", "RAFT", "neither"
MONTHS = 12  # one-off work is spread over this many months in the cost step (as notebook 5's table)
COST_MARGIN = 0.10  # monthly costs closer than this share of the larger are "about the same"
TRAINING_HOURS = 1.0  # retraining more than this many hours a month, without a GPU, counts against


def _times(n: float) -> str:
    return f"{n:g} time{'s' * (n != 1)}"


@dataclass(frozen=True)
class UseCase:
    """What the learner describes: how the knowledge and the questions behave, and the hardware."""

    updates_per_month: float = 1.0  # how often the facts change (0: never)
    questions_per_month: float = 10_000
    house_style: bool = False  # answers must follow a fixed format or tone
    unseen_documents: bool = True  # questions about documents the model was never trained on
    latency_budget_s: float = 2.0  # the longest an answer may take
    gpu: bool = False  # a GPU for training and answering


@dataclass(frozen=True)
class Step:
    """One step of the reasoning: the question asked of the use case and what the numbers say."""

    question: str
    points_to: str  # RAG, FT or NEUTRAL
    evidence: str
    thin: bool = False  # the interval includes zero, or the number was not measured


@dataclass
class Recommendation:
    choice: str
    steps: list[Step]
    costs: dict[str, float] = field(default_factory=dict)  # monthly cost per system, API prices

    @property
    def thin(self) -> list[Step]:
        return [s for s in self.steps if s.thin and s.points_to != NEUTRAL]


def _cell(numbers: Mapping, name: str):
    value = numbers.get(name)
    return value if isinstance(value, Mapping) and "ci95" in value else None


def _missing(question: str, name: str) -> Step:
    return Step(question, NEUTRAL, f"not measured in this run ({name}): run notebook 5", thin=True)


def rule_freshness(case: UseCase, numbers: Mapping) -> Step:
    """Facts that change: RAG absorbs an update by re-indexing; an adapter needs training."""
    question = f"The facts change {_times(case.updates_per_month)} a month."
    if case.updates_per_month <= 0:
        return Step(question, NEUTRAL, "they never change, so absorbing updates does not matter")
    moved = _cell(numbers, "paired/rag_update-rag_v1/new/accepted")
    if moved is None or "update/rag_update/seconds" not in numbers:
        return _missing(question, "paired/rag_update-rag_v1/new/accepted")
    index_s, train_s = numbers["update/rag_update/seconds"], numbers.get("update/ft_full/seconds")
    evidence = (f"updating the index took {fmt(index_s)} s and moved RAG's accepted answers on new "
                f"facts by {fmt(moved)}")  # fmt: skip
    if train_s:
        evidence += f"; retraining the adapter took {fmt(train_s)} s ({train_s / index_s:,.0f}x)"
    return Step(question, RAG, evidence, thin=sign(moved) <= 0)


def rule_unseen(case: UseCase, numbers: Mapping) -> Step:
    """Documents the model was never trained on: only retrieval can show them."""
    question = "Questions come about documents the model was never trained on."
    if not case.unseen_documents:
        return Step(question, NEUTRAL, "every document is known at training time")
    cell = _cell(numbers, "paired/rag-ft/unseen/accepted")
    if cell is None:
        return _missing(question, "paired/rag-ft/unseen/accepted")
    return Step(question, RAG, f"on such documents RAG minus fine-tuned: {fmt(cell)} accepted",
                thin=sign(cell) <= 0)  # fmt: skip


def rule_style(case: UseCase, numbers: Mapping) -> Step:
    """A house style: what fine-tuning changes, and what asking in the prompt did not reach."""
    question = "Answers must follow a house format."
    if not case.house_style:
        return Step(question, NEUTRAL, "any answer that holds the fact will do")
    learned = _cell(numbers, "paired/ft-base/all/format")
    if learned is None:
        return _missing(question, "paired/ft-base/all/format")
    evidence = f"fine-tuned minus base, house-format compliance: {fmt(learned)}"
    asked = _cell(numbers, "paired/rag_house-ft/seen/format")
    if asked is not None:
        evidence += f"; RAG asked for the format in its prompt minus fine-tuned: {fmt(asked)}"
        if sign(asked) >= 0:  # the prompt reached the format too: no need to train for it
            return Step(
                question, NEUTRAL, evidence + ": a prompt was enough", thin=sign(asked) == 0
            )
    return Step(question, FT, evidence, thin=sign(learned) <= 0)


def rule_latency(case: UseCase, numbers: Mapping) -> Step:
    """A latency budget: RAG reads longer prompts (and searches) for every answer."""
    question = f"An answer may take at most {case.latency_budget_s:g} s."
    rag, ft = numbers.get("resources/rag/latency_p50_s"), numbers.get("resources/ft/latency_p50_s")
    if rag is None or ft is None:
        return _missing(question, "resources/<system>/latency_p50_s")
    evidence = (
        f"median latency per answer on this machine: RAG {fmt(rag)} s, fine-tuned {fmt(ft)} s"
    )
    if case.gpu:
        evidence += " (measured here; a GPU would shorten both)"
    if rag > case.latency_budget_s >= ft:
        return Step(question, FT, evidence + ": only the fine-tuned model fits the budget")
    if rag > case.latency_budget_s:
        return Step(question, NEUTRAL, evidence + ": neither fits; a GPU or shorter prompts would")
    return Step(question, NEUTRAL, evidence + ": both fit")


def monthly_costs(case: UseCase, numbers: Mapping) -> dict[str, float]:
    """Each system's monthly cost for the case at API prices: questions, updates and the one-off
    work spread over :data:`MONTHS` months (the numbers notebook 5 priced)."""
    costs = {}
    for system in ("rag", "ft", "ft_rag", "raft"):
        per_q = numbers.get(f"cost/api/{system}/per_question")
        if per_q is None:
            continue
        per_update = numbers.get(f"cost/api/{system}/per_update", 0.0) or 0.0
        one_off = numbers.get(f"cost/api/{system}/one_off", 0.0) or 0.0
        costs[system] = (per_q * case.questions_per_month + per_update * case.updates_per_month
                         + one_off / MONTHS)  # fmt: skip
    return costs


def cheaper(rag_cost: float, ft_cost: float, margin: float = COST_MARGIN) -> str:
    """The side with the lower monthly cost, or NEUTRAL when the two are within ``margin`` of the
    larger (notebook 6, Exercise 6.2).

    >>> cheaper(1.0, 2.0), cheaper(2.0, 1.0), cheaper(1.0, 1.05)
    ('RAG', 'fine-tuning', 'neither')
    """
    if abs(rag_cost - ft_cost) <= margin * max(rag_cost, ft_cost):
        return NEUTRAL
    return RAG if rag_cost < ft_cost else FT


def rule_cost(case: UseCase, numbers: Mapping) -> Step:
    """The bill for this volume: per-question costs against one-off and update costs."""
    question = (f"{case.questions_per_month:,.0f} questions and {case.updates_per_month:g} "
                f"update{'s' * (case.updates_per_month != 1)} a month.")  # fmt: skip
    costs = monthly_costs(case, numbers)
    if "rag" not in costs or "ft" not in costs:
        return _missing(question, "cost/api/<system>/per_question")
    unpriced = case.updates_per_month > 0 and not all(
        f"cost/api/{s}/per_update" in numbers for s in ("rag", "ft")
    )
    evidence = f"a month at API prices: RAG {costs['rag']:.4g}, fine-tuned {costs['ft']:.4g}"
    if unpriced:
        evidence += " (the cost of an update was not recorded: the updates are left out)"
    side = cheaper(costs["rag"], costs["ft"])
    if side == NEUTRAL:
        evidence += f": within {COST_MARGIN:.0%} of each other"
    return Step(question, side, evidence, thin=unpriced)


def rule_hardware(case: UseCase, numbers: Mapping) -> Step:
    """Training on the hardware at hand: every update of the facts is a retraining."""
    where = "a GPU" if case.gpu else "this machine's CPU"
    question = f"Training runs on {where}."
    retrain = numbers.get("update/ft_full/seconds") or numbers.get("train/seconds")
    if retrain is None:
        return _missing(question, "update/ft_full/seconds")
    hours = retrain * case.updates_per_month / 3600
    evidence = (f"retraining took {fmt(retrain)} s here; at {_times(case.updates_per_month)} a "
                f"month that is {hours:.2g} hours of training a month")  # fmt: skip
    if not case.gpu and hours > TRAINING_HOURS:
        return Step(question, RAG, evidence + f", more than {TRAINING_HOURS:g} hour without a GPU")
    return Step(
        question,
        NEUTRAL,
        evidence + (" (measured on a CPU: a GPU shortens it)" if case.gpu else ""),
    )


def rule_domain(case: UseCase, numbers: Mapping) -> Step:
    """Questions about the facts it was trained on: did the fine-tuned model beat RAG there?"""
    question = "Most questions are about facts known at training time."
    cell = _cell(numbers, "paired/ft-rag/seen/accepted")
    if cell is None:
        return _missing(question, "paired/ft-rag/seen/accepted")
    side = FT if sign(cell) > 0 else RAG
    return Step(question, side, f"on trained facts, fine-tuned minus RAG: {fmt(cell)} accepted",
                thin=sign(cell) == 0)  # fmt: skip


RULES: tuple[Callable[[UseCase, Mapping], Step], ...] = (
    rule_freshness, rule_unseen, rule_style, rule_latency, rule_cost, rule_hardware, rule_domain,
)  # fmt: skip


GROUPS = ("seen", "unseen", "robustness", "updated", "new")


def raft_better(numbers: Mapping) -> bool:
    """RAFT (notebook 6) above fine-tuned + RAG in some group and below it in none (accepted
    answers, paired intervals): then a case that needs both gets RAFT."""
    signs = [sign(c) for g in GROUPS if (c := _cell(numbers, f"paired/raft-ft_rag/{g}/accepted"))]
    return bool(signs) and max(signs) > 0 and min(signs) >= 0


def recommend(case: UseCase, numbers: Mapping) -> Recommendation:
    """The recommendation for ``case`` from ``numbers`` (a scorecard's ``numbers``)."""
    steps = [rule(case, numbers) for rule in RULES]
    firm = [s for s in steps if not s.thin]
    needs_retrieval = any(s.points_to == RAG for s in firm[:2])  # freshness or unseen documents
    needs_training = steps[2].points_to == FT and not steps[2].thin  # the house style
    if needs_retrieval and needs_training:
        choice = RAFT if raft_better(numbers) else BOTH
    else:
        rag_votes = sum(s.points_to == RAG for s in firm)
        ft_votes = sum(s.points_to == FT for s in firm)
        choice = FT if ft_votes > rag_votes else RAG
    return Recommendation(choice, steps, monthly_costs(case, numbers))


def explain(rec: Recommendation) -> str:
    """The recommendation as Markdown: the choice, each step, where the evidence is thin."""
    lines = [f"**Recommendation: {rec.choice}**", ""]
    for i, step in enumerate(rec.steps, 1):
        mark = " *(thin evidence)*" if step.thin else ""
        lines.append(f"{i}. {step.question} → **{step.points_to}**{mark}: {step.evidence}.")
    if rec.thin:
        asked = "; ".join(s.question.rstrip(".") for s in rec.thin)
        lines += ["", f"Thin evidence ({asked}): the interval includes zero or the number is "
                  "missing, so these steps did not decide."]  # fmt: skip
    if rec.costs:
        shown = ", ".join(
            f"{k} {v:.4g}" for k, v in sorted(rec.costs.items(), key=lambda kv: kv[1])
        )
        lines += ["", f"Monthly cost at API prices (cheapest first): {shown}."]
    return "\n".join(lines)


def guide_widget(numbers: Mapping):
    """The guide as controls (the use case) and the recommendation under them, recomputed on every
    change (notebook 6)."""
    import ipywidgets as w
    from IPython.display import Markdown, display

    style = {"description_width": "14em"}
    layout = w.Layout(width="34em")
    controls = {
        "updates_per_month": w.BoundedFloatText(1.0, min=0, max=10_000, step=1,
                                                description="updates a month", style=style),
        "questions_per_month": w.BoundedIntText(10_000, min=1, max=10**9, step=1000,
                                                description="questions a month", style=style),
        "house_style": w.Checkbox(False, description="a house format is required", style=style),
        "unseen_documents": w.Checkbox(True, description="documents never trained on", style=style),
        "latency_budget_s": w.BoundedFloatText(2.0, min=0.01, max=600, step=0.1,
                                               description="latency budget (s)", style=style),
        "gpu": w.Checkbox(False, description="a GPU is available", style=style),
    }  # fmt: skip
    for control in controls.values():
        control.layout = layout
    out = w.Output()

    def show(_=None):
        case = UseCase(**{name: c.value for name, c in controls.items()})
        out.clear_output(wait=True)
        with out:
            display(Markdown(explain(recommend(case, numbers))))

    for control in controls.values():
        control.observe(show, "value")
    show()
    return w.VBox([*controls.values(), out])
