"""The cost calculator: every formula against a case worked by hand, and every refusal."""

from __future__ import annotations

import math

import pytest

from utils.cost import (
    DEFAULT_PRICES,
    ApiPrices,
    CostInputError,
    HardwarePrices,
    Usage,
    Work,
    break_even,
    cost_curves,
    cost_table,
    forward_flops,
    monthly_cost,
    training_flops,
    usage_from_measurements,
    with_estimates,
)

RAG = Usage(
    "rag",
    prompt_tokens=400,
    output_tokens=10,
    seconds_per_question=0.36,
    setup=Work(embedding_tokens=2_000_000, seconds=60),
    update=Work(embedding_tokens=50_000, seconds=3),
)
FT = Usage(
    "ft",
    prompt_tokens=40,
    output_tokens=10,
    seconds_per_question=0.18,
    setup=Work(training_tokens=3_000_000, seconds=1800),
    update=Work(training_tokens=3_000_000, seconds=1800),
    tuned=True,
)


def test_api_price_of_one_answer_worked_by_hand():
    prices = ApiPrices()  # 0.15 / 0.60 per million, tuned 0.30 / 1.20
    # RAG: 400 x 0.15 + 10 x 0.60 = 66 per million questions
    assert ApiPrices().per_question(RAG) == pytest.approx(66e-6)
    # fine-tuned, billed at the tuned price: 40 x 0.30 + 10 x 1.20 = 24 per million
    assert prices.per_question(FT) == pytest.approx(24e-6)
    untuned = Usage("base", 40, 10, 0.18)
    assert prices.per_question(untuned) == pytest.approx(12e-6)


def test_api_price_of_work_worked_by_hand():
    prices = ApiPrices(embedding_per_million=0.02, training_per_million=3.0)
    assert prices.per_work(RAG.setup) == pytest.approx(0.04)  # 2 M embedded x 0.02
    assert prices.per_work(FT.update) == pytest.approx(9.0)  # 3 M trained x 3.00
    both = Work(embedding_tokens=1e6, training_tokens=1e6)
    assert prices.per_work(both) == pytest.approx(3.02)


def test_hardware_prices_bill_busy_seconds_and_training_on_its_own_machine():
    prices = HardwarePrices(machine_per_hour=1.0, training_machine_per_hour=10.0)
    assert prices.per_question(RAG) == pytest.approx(0.0001)  # 0.36 s of a $1 hour
    assert prices.per_work(RAG.setup) == pytest.approx(60 / 3600)  # indexing: answering machine
    assert prices.per_work(FT.setup) == pytest.approx(5.0)  # half an hour at $10


def test_monthly_cost_worked_by_hand():
    prices = ApiPrices()
    cost = monthly_cost(RAG, prices, questions_per_month=100_000, updates_per_month=4, months=10)
    assert cost.questions == pytest.approx(6.6)  # 100,000 x 66e-6
    assert cost.updates == pytest.approx(4 * 0.001)  # 4 x 50,000 x 0.02 / 1e6
    assert cost.one_off_share == pytest.approx(0.04 / 10)
    assert cost.total == pytest.approx(6.6 + 0.004 + 0.004)
    assert cost.fixed == pytest.approx(0.008)


def test_no_updates_is_a_valid_month():
    cost = monthly_cost(FT, ApiPrices(), 1000, updates_per_month=0)
    assert cost.updates == 0
    assert cost.total == pytest.approx(1000 * 24e-6 + 9.0 / 12)


@pytest.mark.parametrize("updates", [0, 1, 4, 30])
def test_at_the_break_even_volume_both_systems_cost_the_same(updates):
    prices = ApiPrices(tuned_input_per_million=0.15, tuned_output_per_million=0.60)
    found = break_even(RAG, FT, prices, updates_per_month=updates)
    assert found.b_cheaper == "above"
    a = monthly_cost(RAG, prices, found.volume, updates).total
    b = monthly_cost(FT, prices, found.volume, updates).total
    assert a == pytest.approx(b)
    assert monthly_cost(FT, prices, found.volume * 2, updates).total < (
        monthly_cost(RAG, prices, found.volume * 2, updates).total
    )


def test_break_even_worked_by_hand():
    # RAG saves nothing up front; FT costs 9.00 once (3 M tokens at 3.00) spread over 12 months
    # = 0.75 a month, and saves 400 - 40 = 360 input tokens x 0.15 / 1e6 = 54e-6 a question:
    # 0.75 / 54e-6 = 13,888.9 questions a month.
    prices = ApiPrices(tuned_input_per_million=0.15, tuned_output_per_million=0.60)
    rag = Usage("rag", 400, 10, 1)
    ft = Usage("ft", 40, 10, 1, setup=Work(training_tokens=3e6), tuned=True)
    found = break_even(rag, ft, prices, updates_per_month=0, months=12)
    assert found.volume == pytest.approx(0.75 / 54e-6)
    assert str(found) == "ft is cheaper than rag above 13,889 questions a month"
    # every update retrains: 1 update a month adds 9.00 a month to FT's fixed cost
    with_updates = break_even(rag, ft, prices, updates_per_month=1, months=12)
    assert with_updates.volume == pytest.approx(0.75 / 54e-6)  # update work is zero here
    retrain = Usage("ft", 40, 10, 1, setup=Work(training_tokens=3e6),
                    update=Work(training_tokens=3e6), tuned=True)  # fmt: skip
    assert break_even(rag, retrain, prices, 1).volume == pytest.approx(9.75 / 54e-6)


def test_break_even_sides():
    prices = ApiPrices()
    cheap_always = Usage("ft", 40, 10, 1)  # cheaper per question and no fixed cost
    never = Usage("ft", 400, 10, 1, setup=Work(training_tokens=1e6))  # same per question, fixed
    dearer = Usage("ft", 800, 10, 1)  # dearer per question, no fixed cost
    rag_with_setup = Usage("rag", 400, 10, 1, setup=Work(embedding_tokens=1e9))
    assert break_even(RAG, cheap_always, prices, 0).b_cheaper == "always"
    assert break_even(Usage("rag", 400, 10, 1), never, prices, 0).b_cheaper == "never"
    assert break_even(Usage("rag", 400, 10, 1), dearer, prices, 0).b_cheaper == "never"
    below = break_even(rag_with_setup, dearer, prices, 0, months=1)
    assert below.b_cheaper == "below"
    assert below.volume == pytest.approx(20.0 / (400 * 0.15e-6))  # 1e9 x 0.02 / 1e6 = 20
    assert "below" in str(below)
    assert break_even(RAG, RAG, prices, 0).b_cheaper == "never"  # identical: never cheaper


@pytest.mark.parametrize("bad", [0, -5, math.nan, math.inf, "many", None])
def test_a_bad_volume_is_refused_with_its_name_and_a_value_that_works(bad):
    with pytest.raises(CostInputError) as err:
        monthly_cost(RAG, ApiPrices(), questions_per_month=bad, updates_per_month=1)
    message = str(err.value)
    assert "questions_per_month" in message and "for example questions_per_month=" in message


def test_negative_updates_and_months_are_refused_with_their_names():
    with pytest.raises(CostInputError, match="updates_per_month must be a number of 0 or more"):
        monthly_cost(RAG, ApiPrices(), 1000, updates_per_month=-1)
    with pytest.raises(CostInputError, match="months must be a positive number"):
        monthly_cost(RAG, ApiPrices(), 1000, 1, months=0)


@pytest.mark.parametrize(
    "field", ["input_per_million", "tuned_output_per_million", "training_per_million"]
)
@pytest.mark.parametrize("bad", [0, -0.15])
def test_a_zero_or_negative_api_price_is_refused_with_its_name(field, bad):
    with pytest.raises(CostInputError) as err:
        ApiPrices(**{field: bad})
    assert str(err.value).startswith(f"{field} must be a positive number")
    assert f"{field}={DEFAULT_PRICES['api'][field]}" in str(err.value)


def test_a_zero_hardware_price_and_a_negative_measurement_are_refused_with_their_names():
    with pytest.raises(CostInputError, match=r"^machine_per_hour must be a positive number"):
        HardwarePrices(machine_per_hour=0)
    with pytest.raises(CostInputError, match=r"^rag\.prompt_tokens must be a positive number"):
        Usage("rag", -1, 10, 1)
    with pytest.raises(CostInputError, match=r"^seconds must be a number of 0 or more"):
        Work(seconds=-3)


def test_default_prices_name_their_source_and_date():
    for mode, prices in DEFAULT_PRICES.items():
        assert prices["source"] and prices["read_on"] and prices["currency"], mode
    ApiPrices()  # the defaults are valid prices
    HardwarePrices()


def test_cost_table_and_curves_follow_monthly_cost():
    table = cost_table([RAG, FT], ApiPrices(), 5000, 2, months=6)
    assert list(table.index) == ["rag", "ft"]
    assert table.loc["rag", "monthly total"] == pytest.approx(
        monthly_cost(RAG, ApiPrices(), 5000, 2, 6).total
    )
    curves = cost_curves([RAG, FT], ApiPrices(), 2, volumes=[10, 1000])
    assert curves["ft"][1] == pytest.approx(monthly_cost(FT, ApiPrices(), 1000, 2).total)
    assert curves["volume"] == [10, 1000]


def test_usage_from_measurements_reads_the_scorecard_shape():
    (usage,) = usage_from_measurements(
        {
            "ft": {
                "prompt_tokens": 40,
                "output_tokens": 10,
                "seconds_per_question": 0.2,
                "setup": {"training_tokens": 3e6, "seconds": 1800},
                "tuned": True,
            }
        }
    )
    assert usage == Usage(
        "ft", 40, 10, 0.2, setup=Work(training_tokens=3e6, seconds=1800), tuned=True
    )


def test_flop_estimates_worked_by_hand():
    assert forward_flops(135e6, 1) == 270e6
    assert training_flops(135e6, 1, lora=False) == 810e6
    assert training_flops(135e6, 1) == 540e6
    est = with_estimates(Work(embedding_tokens=10, training_tokens=100, seconds=5), 1e6, 1e3)
    assert est["flops_estimate"] == 2 * 1e3 * 10 + 4 * 1e6 * 100
    with pytest.raises(CostInputError, match="parameters"):
        forward_flops(0, 10)


def test_the_cost_plot_marks_the_break_even(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from utils.cost import draw_costs

    prices = ApiPrices(tuned_input_per_million=0.15, tuned_output_per_million=0.60)
    fig, ax = plt.subplots()
    found = draw_costs(ax, [RAG, FT], prices, updates_per_month=1)
    assert found.b_cheaper == "above"
    assert list(ax.lines[2].get_xdata()) == [found.volume, found.volume]
    assert ax.get_title() == str(found)
    plt.close(fig)


def test_the_panel_redraws_when_a_control_changes(monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    from utils import cost

    panel = cost.cost_panel([RAG, FT])
    calls = []
    real = cost.cost_table
    monkeypatch.setattr(cost, "cost_table", lambda *a, **k: calls.append(a) or real(*a, **k))
    sliders = {c.description: c for c in panel.children if hasattr(c, "description")}
    sliders["questions / month"].value = 1e6
    sliders["input per million"].value = 0.5
    assert [c[2] for c in calls] == [1e6, 1e6]  # the volume reached the table on each change
    assert calls[-1][1].input_per_million == 0.5  # and the price
    table, plot = panel.children[-2:]  # the table and the picture, replaced in place
    assert "<table" in table.value and all(f">{u.system}<" in table.value for u in (RAG, FT))
    assert plot.value[:8] == b"\x89PNG\r\n\x1a\n" and plot.layout.display is None
    before = plot.value
    sliders["knowledge updates / month"].value = 30
    assert plot.value != before  # redrawn for the new volume of updates

    def refused(*args, **kwargs):
        raise CostInputError("input per million must be positive: set it to e.g. 0.15")

    monkeypatch.setattr(cost, "cost_table", refused)
    sliders["input per million"].value = 0.7
    assert "set it to e.g. 0.15" in table.value and plot.layout.display == "none"  # no stale plot
    with pytest.raises(CostInputError, match="mode"):
        cost.cost_panel([RAG], mode="cloud")
