"""What a system costs: the course's measured tokens, seconds and FLOPs turned into money.

Notebook 5 measures, for every system, what one answer consumes (prompt and output tokens, seconds)
and what the one-off work and each knowledge update consume (tokens embedded or trained on, seconds).
This module prices those measurements under prices **you** set, in one of two ways:

* :class:`ApiPrices`: a hosted API that bills tokens (answers, embeddings, training tokens), with a
  fine-tuned model billed at its own, usually higher, per-token price;
* :class:`HardwarePrices`: your own machine, billed by the hour it is busy (answering, indexing,
  training), e.g. a rented cloud machine of the kind the course was measured on.

Every formula is here, in plain arithmetic, so a learner can check it by hand:

* ``per question = prompt tokens x input price + output tokens x output price`` (API), or
  ``seconds per question / 3600 x price per hour`` (hardware);
* ``monthly = per question x questions per month + per update x updates per month
  + one-off / months`` (the one-off work, indexing or training, spread over ``months``);
* the **break-even** volume, where two systems' monthly costs are equal:
  ``(fixed_b - fixed_a) / (per question_a - per question_b)`` with ``fixed`` the monthly cost that does
  not depend on the number of questions (updates and the spread one-off work).

The FLOP formulas at the end are **estimates** (the usual ``2 N`` per token forward, ``6 N`` per token
trained), labelled as such wherever they are shown. Default prices live in :data:`DEFAULT_PRICES`
with their source and the date they were read: prices change, so set your own.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

# --- prices -------------------------------------------------------------------------------------

#: The default prices, each with its source and the date it was read. Change them here or pass your
#: own :class:`ApiPrices` / :class:`HardwarePrices`: every cost in the course follows.
DEFAULT_PRICES: dict[str, dict] = {
    "api": {
        "input_per_million": 0.15,
        "output_per_million": 0.60,
        "tuned_input_per_million": 0.30,
        "tuned_output_per_million": 1.20,
        "training_per_million": 3.00,
        "embedding_per_million": 0.02,
        "currency": "USD",
        "source": (
            "OpenAI API pricing page (openai.com/api/pricing): gpt-4o-mini answers, a fine-tuned "
            "gpt-4o-mini's answers and training tokens, text-embedding-3-small embeddings"
        ),
        "read_on": "2025-06",
    },
    "hardware": {
        "machine_per_hour": 0.085,
        "training_machine_per_hour": 0.085,
        "currency": "USD",
        "source": (
            "AWS EC2 on-demand price of a c6i.large (2 vCPUs, 4 GiB, Linux, us-east-1), "
            "aws.amazon.com/ec2/pricing/on-demand: a machine like the 2-core CPU the course measures on"
        ),
        "read_on": "2025-06",
    },
}


class CostInputError(ValueError):
    """A volume, a price or a measurement the calculator cannot use; the message names the field."""


def _check(name: str, value, *, allow_zero: bool = False, example: str = "") -> float:
    """``value`` as a float, or :class:`CostInputError` naming ``name`` and a value that works.

    >>> _check("questions_per_month", 1000)
    1000.0
    >>> _check("questions_per_month", 0, example="10000")
    Traceback (most recent call last):
    ...
    utils.cost.CostInputError: questions_per_month must be a positive number, got 0: set it to a \
value above 0 (for example questions_per_month=10000)
    """
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    bad = not math.isfinite(number) or number < 0 or (number == 0 and not allow_zero)
    if bad:
        kind = "a number of 0 or more" if allow_zero else "a positive number"
        hint = f" (for example {name}={example})" if example else ""
        floor = "0 or above" if allow_zero else "above 0"
        raise CostInputError(
            f"{name} must be {kind}, got {value!r}: set it to a value {floor}{hint}"
        )
    return number


@dataclass(frozen=True)
class Work:
    """One-off or per-update work: tokens embedded, tokens trained on (epochs included), seconds."""

    embedding_tokens: float = 0.0
    training_tokens: float = 0.0
    seconds: float = 0.0

    def __post_init__(self):
        for name in ("embedding_tokens", "training_tokens", "seconds"):
            _check(name, getattr(self, name), allow_zero=True, example="0")


@dataclass(frozen=True)
class Usage:
    """What one system consumed, as measured: per question, once (setup), and per knowledge update.

    ``tuned``: the system answers with a fine-tuned model (an API bills its tokens at the tuned price).
    """

    system: str
    prompt_tokens: float
    output_tokens: float
    seconds_per_question: float
    setup: Work = field(default_factory=Work)
    update: Work = field(default_factory=Work)
    tuned: bool = False

    def __post_init__(self):
        _check(f"{self.system}.prompt_tokens", self.prompt_tokens, example="40")
        _check(f"{self.system}.output_tokens", self.output_tokens, allow_zero=True, example="8")
        _check(f"{self.system}.seconds_per_question", self.seconds_per_question, example="0.5")


@dataclass(frozen=True)
class ApiPrices:
    """A hosted API's prices, per million tokens (see :data:`DEFAULT_PRICES` for the defaults)."""

    input_per_million: float = DEFAULT_PRICES["api"]["input_per_million"]
    output_per_million: float = DEFAULT_PRICES["api"]["output_per_million"]
    tuned_input_per_million: float = DEFAULT_PRICES["api"]["tuned_input_per_million"]
    tuned_output_per_million: float = DEFAULT_PRICES["api"]["tuned_output_per_million"]
    training_per_million: float = DEFAULT_PRICES["api"]["training_per_million"]
    embedding_per_million: float = DEFAULT_PRICES["api"]["embedding_per_million"]

    def __post_init__(self):
        for name in self.__dataclass_fields__:
            _check(name, getattr(self, name), example=str(DEFAULT_PRICES["api"][name]))

    def per_question(self, usage: Usage) -> float:
        """Prompt tokens at the input price plus output tokens at the output price."""
        into, out = (
            (self.tuned_input_per_million, self.tuned_output_per_million)
            if usage.tuned
            else (self.input_per_million, self.output_per_million)
        )
        return (usage.prompt_tokens * into + usage.output_tokens * out) / 1e6

    def per_work(self, work: Work) -> float:
        """Tokens embedded at the embedding price plus tokens trained on at the training price."""
        return (
            work.embedding_tokens * self.embedding_per_million
            + work.training_tokens * self.training_per_million
        ) / 1e6


@dataclass(frozen=True)
class HardwarePrices:
    """Your own machine, by the hour it is busy; training may run on another (e.g. a GPU) machine.

    Under these prices a training's seconds are those measured on the machine you trained on: if you
    price a GPU hour, enter the seconds the training took there.
    """

    machine_per_hour: float = DEFAULT_PRICES["hardware"]["machine_per_hour"]
    training_machine_per_hour: float = DEFAULT_PRICES["hardware"]["training_machine_per_hour"]

    def __post_init__(self):
        for name in self.__dataclass_fields__:
            _check(name, getattr(self, name), example=str(DEFAULT_PRICES["hardware"][name]))

    def per_question(self, usage: Usage) -> float:
        """The answering machine's price for the seconds one answer takes."""
        return usage.seconds_per_question / 3600 * self.machine_per_hour

    def per_work(self, work: Work) -> float:
        """Seconds of training at the training machine's price, any other seconds at the answering
        machine's (a work that trains is billed wholly as training)."""
        price = self.training_machine_per_hour if work.training_tokens else self.machine_per_hour
        return work.seconds / 3600 * price


Prices = ApiPrices | HardwarePrices


# --- monthly cost and break-even ----------------------------------------------------------------


@dataclass(frozen=True)
class MonthlyCost:
    """One system's cost: per unit, and in a month at the chosen volumes."""

    system: str
    per_question: float
    per_update: float
    one_off: float
    questions: float  # per_question x questions per month
    updates: float  # per_update x updates per month
    one_off_share: float  # one_off / months
    total: float

    @property
    def fixed(self) -> float:
        """The part of the monthly cost that does not depend on the number of questions."""
        return self.updates + self.one_off_share


def monthly_cost(
    usage: Usage,
    prices: Prices,
    questions_per_month: float,
    updates_per_month: float,
    months: float = 12,
) -> MonthlyCost:
    """``usage`` priced for a month: questions, knowledge updates, and the one-off work spread over
    ``months``. ``updates_per_month`` may be 0 (a knowledge base that never changes).

    >>> rag = Usage("rag", prompt_tokens=1000, output_tokens=0, seconds_per_question=1,
    ...             setup=Work(embedding_tokens=1_000_000), update=Work(embedding_tokens=100_000))
    >>> cost = monthly_cost(rag, ApiPrices(input_per_million=1, embedding_per_million=2),
    ...                     questions_per_month=1000, updates_per_month=2, months=4)
    >>> cost.per_question, cost.per_update, cost.one_off, cost.total
    (0.001, 0.2, 2.0, 1.9)
    """
    q = _check("questions_per_month", questions_per_month, example="10000")
    u = _check("updates_per_month", updates_per_month, allow_zero=True, example="1")
    m = _check("months", months, example="12")
    per_question = prices.per_question(usage)
    per_update = prices.per_work(usage.update)
    one_off = prices.per_work(usage.setup)
    parts = (per_question * q, per_update * u, one_off / m)
    return MonthlyCost(usage.system, per_question, per_update, one_off, *parts, total=sum(parts))


@dataclass(frozen=True)
class BreakEven:
    """Where system ``b`` (usually fine-tuned) becomes cheaper than ``a`` (usually RAG) per month.

    ``b_cheaper``: ``"above"`` (``b`` is cheaper above ``volume`` questions a month), ``"below"``,
    ``"always"`` or ``"never"`` (``volume`` is None for the last two).
    """

    a: str
    b: str
    volume: float | None
    b_cheaper: str

    def __str__(self) -> str:
        if self.b_cheaper == "always":
            return f"{self.b} is cheaper than {self.a} at every volume"
        if self.b_cheaper == "never":
            return f"{self.b} is never cheaper than {self.a}"
        return (
            f"{self.b} is cheaper than {self.a} {self.b_cheaper} "
            f"{self.volume:,.0f} questions a month"
        )


def crossing_volume(
    fixed_a: float, per_question_a: float, fixed_b: float, per_question_b: float
) -> float | None:
    """The monthly volume ``Q`` at which ``fixed_a + per_question_a x Q`` equals
    ``fixed_b + per_question_b x Q``; None when the two lines never cross at a positive volume
    (parallel lines, or a crossing at zero or below). Notebook 5's exercise 5.3.

    >>> round(crossing_volume(0.0, 66e-6, 0.75, 12e-6), 1)  # 0.75 / 54e-6
    13888.9
    >>> crossing_volume(1.0, 1e-6, 2.0, 1e-6) is None  # parallel
    True
    """
    slope = per_question_a - per_question_b
    if slope == 0:
        return None
    volume = (fixed_b - fixed_a) / slope
    return volume if volume > 0 else None


def break_even(
    a: Usage,
    b: Usage,
    prices: Prices,
    updates_per_month: float,
    months: float = 12,
) -> BreakEven:
    """The monthly question volume at which ``a`` and ``b`` cost the same, and on which side ``b``
    is cheaper. Monthly cost is a line in the volume ``Q``: ``fixed + per_question x Q``; two lines
    cross at ``Q* = (fixed_b - fixed_a) / (per_question_a - per_question_b)``.

    >>> rag = Usage("rag", prompt_tokens=500, output_tokens=0, seconds_per_question=1)
    >>> ft = Usage("ft", prompt_tokens=100, output_tokens=0, seconds_per_question=1,
    ...            setup=Work(training_tokens=1_000_000))
    >>> str(break_even(rag, ft, ApiPrices(input_per_million=1, tuned_input_per_million=1,
    ...                                   training_per_million=4), updates_per_month=0, months=1))
    'ft is cheaper than rag above 10,000 questions a month'
    """
    one = monthly_cost(a, prices, 1, updates_per_month, months)
    two = monthly_cost(b, prices, 1, updates_per_month, months)
    volume = crossing_volume(one.fixed, one.per_question, two.fixed, two.per_question)
    saves = one.per_question > two.per_question  # b is cheaper per question
    if volume is not None:
        return BreakEven(a.system, b.system, volume, "above" if saves else "below")
    # no crossing at a positive volume: one is cheaper everywhere (ties count against b)
    cheaper_at_zero = two.fixed < one.fixed or (two.fixed == one.fixed and saves)
    return BreakEven(a.system, b.system, None, "always" if cheaper_at_zero else "never")


def cost_table(
    usages: Sequence[Usage],
    prices: Prices,
    questions_per_month: float,
    updates_per_month: float,
    months: float = 12,
):
    """A ``pandas.DataFrame``: each system's per-unit and monthly costs at the chosen volumes."""
    import pandas as pd

    rows = [monthly_cost(u, prices, questions_per_month, updates_per_month, months) for u in usages]
    return pd.DataFrame(
        {
            "per question": [r.per_question for r in rows],
            "per update": [r.per_update for r in rows],
            "one-off": [r.one_off for r in rows],
            "monthly: questions": [r.questions for r in rows],
            "monthly: updates": [r.updates for r in rows],
            f"monthly: one-off / {months:g}": [r.one_off_share for r in rows],
            "monthly total": [r.total for r in rows],
        },
        index=[r.system for r in rows],
    )


def usage_from_measurements(measured: Mapping[str, Mapping]) -> list[Usage]:
    """:class:`Usage` objects from notebook 5's measurement dictionary
    (``{system: {"prompt_tokens", "output_tokens", "seconds_per_question", "setup": {...},
    "update": {...}, "tuned"}}``, the shape written to ``results/scorecard.json``)."""
    usages = []
    for system, m in measured.items():
        usages.append(
            Usage(
                system,
                m["prompt_tokens"],
                m["output_tokens"],
                m["seconds_per_question"],
                Work(**m.get("setup", {})),
                Work(**m.get("update", {})),
                bool(m.get("tuned", False)),
            )
        )
    return usages


# --- the panel ----------------------------------------------------------------------------------


def cost_curves(
    usages: Sequence[Usage],
    prices: Prices,
    updates_per_month: float,
    months: float = 12,
    volumes: Sequence[float] | None = None,
) -> dict[str, list[float]]:
    """Each system's monthly total at each volume (default: 100 to 10 million questions a month,
    log-spaced), for the cost plot."""
    import numpy as np

    grid = list(volumes) if volumes is not None else np.logspace(2, 7, 60).tolist()
    curves = {"volume": grid}
    for u in usages:
        curves[u.system] = [
            monthly_cost(u, prices, q, updates_per_month, months).total for q in grid
        ]
    return curves


def draw_costs(ax, usages, prices, updates_per_month, months=12, a="rag", b="ft"):
    """Monthly cost against monthly questions (log-log), one line per system, the ``a``/``b``
    break-even marked. Returns the :class:`BreakEven` (None when ``a`` or ``b`` is absent)."""
    curves = cost_curves(usages, prices, updates_per_month, months)
    for system, totals in curves.items():
        if system != "volume":
            ax.plot(curves["volume"], totals, label=system)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("questions per month")
    ax.set_ylabel("cost per month")
    by_name = {u.system: u for u in usages}
    found = None
    if a in by_name and b in by_name:
        found = break_even(by_name[a], by_name[b], prices, updates_per_month, months)
        if found.volume is not None:
            ax.axvline(found.volume, color="grey", linestyle="--", linewidth=1)
        ax.set_title(str(found), fontsize=10)
    ax.legend()
    return found


def cost_panel(usages: Sequence[Usage], mode: str = "api", months: float = 12):
    """An ipywidgets panel: sliders for the volumes and the prices, a table and a cost plot that
    redraw on every change. Returns the panel (display it); ``panel.children`` holds the controls,
    and ``panel.recompute()`` redraws (the sliders call it).

    The table is an ``HTML`` widget and the plot an ``Image`` widget whose values are replaced on
    each change: the picture is drawn here (a matplotlib ``Figure``, no pyplot) and sent as PNG
    bytes, so it shows the same in JupyterLab, Notebook and Colab, redrawn in place. (An ``Output``
    widget cleared and refilled from a slider's callback showed a blank image in JupyterLab.)
    """
    import io

    import ipywidgets as widgets
    from matplotlib.figure import Figure

    if mode not in DEFAULT_PRICES:
        raise CostInputError(f"mode must be one of {sorted(DEFAULT_PRICES)}, got {mode!r}")
    defaults = DEFAULT_PRICES[mode]
    price_class = ApiPrices if mode == "api" else HardwarePrices
    names = list(price_class.__dataclass_fields__)
    style = {"description_width": "initial"}
    layout = widgets.Layout(width="460px")
    questions = widgets.FloatLogSlider(
        value=1e4,
        base=10,
        min=1,
        max=8,
        step=0.1,
        description="questions / month",
        style=style,
        layout=layout,
    )
    updates = widgets.IntSlider(
        value=1, min=0, max=60, description="knowledge updates / month", style=style, layout=layout
    )
    horizon = widgets.IntSlider(
        value=int(months),
        min=1,
        max=60,
        description="months to spread one-off work over",
        style=style,
        layout=layout,
    )
    price_boxes = {
        n: widgets.BoundedFloatText(
            value=defaults[n],
            min=1e-6,
            max=1e4,
            step=0.01,
            description=n.replace("_", " "),
            style=style,
            layout=layout,
        )
        for n in names
    }
    table_view = widgets.HTML()
    plot_view = widgets.Image(format="png")
    source = widgets.HTML(
        f"<small>default prices ({defaults['currency']}): {defaults['source']}, read "
        f"{defaults['read_on']}. Set your own.</small>"
    )

    def recompute(_=None):
        try:
            prices = price_class(**{n: box.value for n, box in price_boxes.items()})
            table = cost_table(usages, prices, questions.value, updates.value, horizon.value)
        except CostInputError as err:
            table_view.value = f"<pre>{html.escape(str(err))}</pre>"
            plot_view.layout.display = "none"  # no picture of the last prices beside the error
            return
        # JupyterLab's class for rendered HTML: the table looks as any other table of the notebook
        styled = table.style.format("{:,.6g}").to_html()
        table_view.value = f'<div class="jp-RenderedHTMLCommon">{styled}</div>'
        fig = Figure(figsize=(7, 3.8))
        ax = fig.subplots()
        draw_costs(ax, usages, prices, updates.value, horizon.value)
        ax.axvline(questions.value, color="black", linewidth=0.8)
        png = io.BytesIO()
        fig.savefig(png, format="png", dpi=80, bbox_inches="tight")
        plot_view.value = png.getvalue()
        plot_view.layout.display = None

    for control in (questions, updates, horizon, *price_boxes.values()):
        control.observe(recompute, names="value")
    panel = widgets.VBox(
        [questions, updates, horizon, *price_boxes.values(), source, table_view, plot_view]
    )
    panel.recompute = recompute
    recompute()
    return panel


# --- FLOPs, estimated -----------------------------------------------------------------------------


def forward_flops(parameters: float, tokens: float) -> float:
    """**Estimate**: a forward pass costs about ``2 x parameters`` FLOPs per token (one multiply and
    one add per weight), attention's extra term ignored (small at the course's short sequences).

    >>> forward_flops(135e6, 1000)
    270000000000.0
    """
    return 2.0 * _check("parameters", parameters) * _check("tokens", tokens, allow_zero=True)


def training_flops(parameters: float, tokens: float, lora: bool = True) -> float:
    """**Estimate**: training costs about ``6 x parameters`` FLOPs per token (forward ``2N``,
    backward ``4N``); with LoRA the frozen weights need no weight gradient, about ``4 x parameters``
    (forward ``2N``, gradients of the activations ``2N``; the adapter's own share is negligible).

    >>> training_flops(100, 10, lora=False), training_flops(100, 10)
    (6000.0, 4000.0)
    """
    per_token = 4.0 if lora else 6.0
    return per_token * _check("parameters", parameters) * _check("tokens", tokens, allow_zero=True)


def with_estimates(work: Work, llm_parameters: float, embedder_parameters: float) -> dict:
    """``work`` with its estimated FLOPs: embedding tokens through the embedder (forward only),
    training tokens through the LLM with LoRA."""
    embed = forward_flops(embedder_parameters, work.embedding_tokens)
    train = training_flops(llm_parameters, work.training_tokens)
    return {
        "seconds": work.seconds,
        "embedding_tokens": work.embedding_tokens,
        "training_tokens": work.training_tokens,
        "flops_estimate": embed + train,
    }


__all__ = [
    "DEFAULT_PRICES",
    "ApiPrices",
    "BreakEven",
    "CostInputError",
    "HardwarePrices",
    "MonthlyCost",
    "Usage",
    "Work",
    "break_even",
    "cost_panel",
    "cost_table",
    "crossing_volume",
    "draw_costs",
    "forward_flops",
    "monthly_cost",
    "training_flops",
    "usage_from_measurements",
    "with_estimates",
]
