"""The decision guide: each rule points the way its numbers say, thin evidence does not decide, and
the recommendation combines the steps as its text says."""

import pytest

from utils import guide
from utils.guide import FT, NEUTRAL, RAG, UseCase


def cell(low, high):
    return {"value": (low + high) / 2, "ci95": [low, high]}


UP, FLAT, DOWN = cell(0.2, 0.6), cell(-0.1, 0.1), cell(-0.6, -0.2)
NUMBERS = {
    "update/rag_update/seconds": 0.8, "update/ft_full/seconds": 400.0, "train/seconds": 300.0,
    "paired/rag_update-rag_v1/new/accepted": UP,
    "paired/rag-ft/unseen/accepted": UP,
    "paired/ft-base/all/format": UP, "paired/rag_house-ft/seen/format": DOWN,
    "resources/rag/latency_p50_s": 0.2, "resources/ft/latency_p50_s": 0.1,
    "cost/api/rag/per_question": 4e-5, "cost/api/ft/per_question": 1e-5,
    "cost/api/rag/one_off": 0.01, "cost/api/ft/one_off": 2.0,
    "cost/api/rag/per_update": 0.001, "cost/api/ft/per_update": 2.0,
    "paired/ft-rag/seen/accepted": FLAT,
}  # fmt: skip


DEFAULT = UseCase()


def step(rule, case=DEFAULT, **changed):
    return rule(case, {**NUMBERS, **changed})


def test_fresh_facts_point_to_rag_unless_they_never_change():
    assert step(guide.rule_freshness).points_to == RAG
    assert step(guide.rule_freshness, UseCase(updates_per_month=0)).points_to == NEUTRAL
    flat = step(guide.rule_freshness, **{"paired/rag_update-rag_v1/new/accepted": FLAT})
    assert flat.points_to == RAG and flat.thin


def test_unseen_documents_point_to_rag_when_measured():
    assert step(guide.rule_unseen).points_to == RAG
    assert step(guide.rule_unseen, UseCase(unseen_documents=False)).points_to == NEUTRAL
    missing = guide.rule_unseen(UseCase(), {})
    assert missing.points_to == NEUTRAL and missing.thin and "notebook 5" in missing.evidence


def test_a_house_style_points_to_training_unless_a_prompt_reached_it():
    case = UseCase(house_style=True)
    assert step(guide.rule_style, case).points_to == FT
    reached = step(guide.rule_style, case, **{"paired/rag_house-ft/seen/format": UP})
    assert reached.points_to == NEUTRAL and "prompt was enough" in reached.evidence
    assert step(guide.rule_style).points_to == NEUTRAL  # no style needed


@pytest.mark.parametrize(("budget", "points"), [(1.0, NEUTRAL), (0.15, FT), (0.05, NEUTRAL)])
def test_a_latency_budget_picks_the_system_that_fits(budget, points):
    got = step(guide.rule_latency, UseCase(latency_budget_s=budget))
    assert got.points_to == points


def test_cost_follows_the_volume_and_calls_near_costs_a_tie():
    few = step(guide.rule_cost, UseCase(questions_per_month=100, updates_per_month=1))
    many = step(guide.rule_cost, UseCase(questions_per_month=10**8, updates_per_month=0))
    assert few.points_to == RAG and many.points_to == FT
    costs = guide.monthly_costs(UseCase(questions_per_month=100, updates_per_month=1), NUMBERS)
    assert costs["rag"] == pytest.approx(4e-5 * 100 + 0.001 + 0.01 / guide.MONTHS)
    tie = step(guide.rule_cost, UseCase(questions_per_month=1000, updates_per_month=0),
               **{"cost/api/ft/per_question": 4e-5, "cost/api/ft/one_off": 0.01})  # fmt: skip
    assert tie.points_to == NEUTRAL
    unpriced = {k: v for k, v in NUMBERS.items() if not k.endswith("per_update")}
    assert guide.rule_cost(UseCase(), unpriced).thin
    assert not guide.rule_cost(UseCase(updates_per_month=0), unpriced).thin


def test_retraining_often_without_a_gpu_points_to_rag():
    assert step(guide.rule_hardware, UseCase(updates_per_month=30)).points_to == RAG
    assert step(guide.rule_hardware, UseCase(updates_per_month=30, gpu=True)).points_to == NEUTRAL
    assert step(guide.rule_hardware, UseCase(updates_per_month=1)).points_to == NEUTRAL


def test_fresh_facts_and_a_house_style_need_both_or_raft():
    case = UseCase(house_style=True)
    assert guide.recommend(case, NUMBERS).choice == guide.BOTH
    raft_up = {**NUMBERS, "paired/raft-ft_rag/updated/accepted": UP,
               "paired/raft-ft_rag/seen/accepted": FLAT}  # fmt: skip
    assert guide.recommend(case, raft_up).choice == guide.RAFT
    raft_flat = {**NUMBERS, "paired/raft-ft_rag/seen/accepted": FLAT}
    assert guide.recommend(case, raft_flat).choice == guide.BOTH
    mixed = {**raft_up, "paired/raft-ft_rag/new/accepted": DOWN}  # worse somewhere: not RAFT
    assert guide.recommend(case, mixed).choice == guide.BOTH


def test_a_stable_styled_high_volume_case_gets_fine_tuning():
    case = UseCase(
        updates_per_month=0, unseen_documents=False, house_style=True, questions_per_month=10**8
    )
    assert guide.recommend(case, NUMBERS).choice == FT


def test_thin_steps_do_not_vote_and_a_tie_goes_to_rag():
    case = UseCase(updates_per_month=0, unseen_documents=False, questions_per_month=1000)
    numbers = {**NUMBERS, "paired/ft-rag/seen/accepted": FLAT,
               "cost/api/ft/per_question": 4e-5, "cost/api/ft/one_off": 0.01}  # fmt: skip
    rec = guide.recommend(case, numbers)
    assert rec.choice == RAG and [s.question for s in rec.thin] == [rec.steps[-1].question]
    assert "Thin evidence" in guide.explain(rec)
    firm = guide.recommend(case, {**numbers, "paired/ft-rag/seen/accepted": UP})
    assert firm.choice == FT


def test_the_widget_shows_every_control_and_the_recommendation():
    box = guide.guide_widget(NUMBERS)
    assert len(box.children) == len(UseCase.__dataclass_fields__) + 1
