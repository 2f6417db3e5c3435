"""The course's figures: bars with their 95 % intervals, and one place figures are saved.

Introduced in notebook 0; every notebook that compares systems draws with :func:`interval_bars`,
from cells in the format of every record's metrics (``{"value": v, "ci95": [lo, hi]}``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from utils.settings import results_dir


def interval_bars(
    ax,
    categories: Sequence[str],
    series: Mapping[str, Sequence[Mapping]],
    *,
    chance: float | None = None,
    ylabel: str = "accuracy (95% CI)",
):
    """Grouped bars, one per series in each category, with 95 % interval whiskers.

    ``series``: ``{label: [cell, ...]}``, one ``{"value": v, "ci95": [lo, hi]}`` cell per category.
    ``chance`` draws a dashed line at that accuracy (e.g. 0.25 for four options). Returns ``ax``.
    """
    import numpy as np

    x = np.arange(len(categories))
    width = 0.8 / max(len(series), 1)
    for i, (label, cells) in enumerate(series.items()):
        values, errors = _values_and_errors(cells)
        offset = width * (i - (len(series) - 1) / 2)
        ax.bar(x + offset, values, width * 0.95, yerr=errors, capsize=3, label=label)
    if chance is not None:
        ax.axhline(chance, color="grey", linestyle="--", linewidth=1, label=f"chance ({chance:g})")
    ax.set_xticks(x, list(categories))
    ax.set_ylim(0, 1)
    ax.set_ylabel(ylabel)
    return ax


def _values_and_errors(cells: Sequence[Mapping]):
    """Bar heights and ``(2, n)`` whisker lengths; a missing value or interval draws nothing.

    >>> values, errors = _values_and_errors([{"value": 0.5, "ci95": [0.4, 0.7]}])
    >>> values.tolist(), errors.round(2).tolist()
    ([0.5], [[0.1], [0.2]])
    """
    import numpy as np

    values = np.array([np.nan if c["value"] is None else c["value"] for c in cells], dtype=float)
    lows = np.array([np.nan if c["ci95"][0] is None else c["ci95"][0] for c in cells], dtype=float)
    highs = np.array([np.nan if c["ci95"][1] is None else c["ci95"][1] for c in cells], dtype=float)
    errors = np.nan_to_num(np.vstack([values - lows, highs - values]))
    return values, errors


def save_figure(fig, name: str, results: str | Path | None = None) -> Path:
    """Save ``fig`` as ``<results>/figures/<name>.png`` (the folder is made); return the path."""
    folder = Path(results or results_dir()) / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    fig.savefig(path, dpi=120, bbox_inches="tight")
    return path


def small_multiples(panels: Sequence[Mapping], *, ncols: int = 5, width: float = 3.0):
    """One small bar chart per panel, the same systems in the same colours in each: notebook 5's
    five dimensions at a glance.

    ``panels``: ``{"title", "values": {system: number or None}, "better": "higher" | "lower",
    "log": bool (optional), "unit": str (optional)}``; a system without a value is left out of that
    panel. Each panel says which way is better. Returns the figure.
    """
    import math

    import matplotlib.pyplot as plt

    nrows = math.ceil(len(panels) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(width * ncols, 2.8 * nrows), squeeze=False)
    systems = list(dict.fromkeys(s for p in panels for s in p["values"]))
    colours = {s: f"C{i}" for i, s in enumerate(systems)}
    for ax, panel in zip(axes.flat, panels, strict=False):
        shown = {s: v for s, v in panel["values"].items() if v is not None and v == v}
        ax.bar(list(shown), list(shown.values()), color=[colours[s] for s in shown])
        for i, value in enumerate(shown.values()):
            ax.annotate(f"{value:.3g}", (i, value), ha="center", va="bottom", fontsize=7)
        if panel.get("log"):
            ax.set_yscale("log")
        arrow = "↑" if panel["better"] == "higher" else "↓"
        ax.set_title(f"{panel['title']}\n({panel.get('unit', '')}; {arrow} better)", fontsize=9)
        ax.tick_params(axis="x", labelrotation=30, labelsize=8)
    for ax in list(axes.flat)[len(panels) :]:
        ax.set_visible(False)
    fig.tight_layout()
    return fig


# --- diagrams, drawn by code so that they show the run's own settings --------------------------------


def _box(ax, x, y, text, *, width=1.7, height=0.8, colour="#dde8f5", edge="#4a6fa5"):
    """A rounded box centred on (x, y) with ``text`` in it."""
    from matplotlib.patches import FancyBboxPatch

    ax.add_patch(FancyBboxPatch((x - width / 2, y - height / 2), width, height,
                                boxstyle="round,pad=0.04", facecolor=colour, edgecolor=edge))  # fmt: skip
    ax.text(x, y, text, ha="center", va="center", fontsize=8.5)


def _arrow(ax, start, end, text=""):
    ax.annotate("", xy=end, xytext=start,
                arrowprops={"arrowstyle": "-|>", "color": "#555555", "lw": 1.2})  # fmt: skip
    if text:
        ax.text((start[0] + end[0]) / 2, (start[1] + end[1]) / 2 + 0.12, text, ha="center",
                fontsize=7.5, color="#555555")  # fmt: skip


def rag_pipeline_diagram(llm: str, embedder: str, k: int, chunk_size: int):
    """The RAG pipeline of notebooks 1-2 as a figure: indexing once (top row), then every question
    (bottom row), labelled with the run's models and settings. Returns the figure."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(12, 3.3))
    top, bottom, step, width = 1.6, 0.2, 2.35, 2.1
    once = [("documents\n(knowledge base)", "#eeeeee"), (f"chunks\n(~{chunk_size} tokens)", None),
            (f"embedder\n{embedder}", None), ("vector database\n(Qdrant)", "#fde9c9")]  # fmt: skip
    each = [("question", None), (f"embedder\n{embedder}", None), (f"top-{k} search", None),
            (f"prompt:\n{k} passages + question", None), (f"language model\n{llm}", "#e3f1df")]  # fmt: skip
    for y, row in ((top, once), (bottom, each)):
        for i, (text, colour) in enumerate(row):
            _box(ax, 1 + i * step, y, text, width=width, colour=colour or "#dde8f5")
            if i:
                _arrow(
                    ax,
                    (1 + (i - 1) * step + width / 2 + 0.03, y),
                    (1 + i * step - width / 2 - 0.03, y),
                )
    database, search, model = 1 + 3 * step, 1 + 2 * step, 1 + 4 * step
    _arrow(ax, (database - 0.3, top - 0.42), (search + 0.3, bottom + 0.42))
    ax.text((database + search) / 2 + 0.45, (top + bottom) / 2, "nearest chunks", fontsize=7.5,
            color="#555555")  # fmt: skip
    _arrow(ax, (model, bottom - 0.42), (model, bottom - 0.95))
    ax.text(model, bottom - 1.1, "answer", ha="center", fontsize=9, weight="bold")
    ax.text(-0.1, top + 0.6, "once (notebook 1): index the documents", fontsize=9, weight="bold")
    ax.text(-0.1, bottom + 0.6, "at every question (notebook 2)", fontsize=9, weight="bold")
    ax.set_xlim(-0.2, model + width / 2 + 0.2)
    ax.set_ylim(bottom - 1.3, top + 0.85)
    ax.axis("off")
    return fig


def lora_diagram(d_in: int, d_out: int, r: int, alpha: float):
    """A LoRA layer (notebook 4) as a figure: the frozen weight and the trained low-rank path side
    by side, with the run's sizes and the parameters each path holds. Returns the figure."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 3.4))
    _box(ax, 0.6, 1.0, f"x\n({d_in})", width=1.0, colour="#eeeeee")
    _box(ax, 3.4, 1.9, f"W  ({d_out} x {d_in})\nfrozen: {d_in * d_out:,} weights", width=2.6,
         colour="#e6e6e6", edge="#888888")  # fmt: skip
    _box(ax, 2.6, 0.1, f"A  ({r} x {d_in})\ntrained", width=1.6, colour="#e3f1df", edge="#4f8f3f")
    _box(ax, 4.6, 0.1, f"B  ({d_out} x {r})\ntrained, starts at 0", width=1.8, colour="#e3f1df",
         edge="#4f8f3f")  # fmt: skip
    _box(ax, 6.4, 0.1, f"x alpha / r\n= {alpha:g} / {r}", width=1.3, colour="#f5f5f5")
    _box(ax, 8.0, 1.0, f"h\n({d_out})", width=1.0, colour="#eeeeee")
    ax.text(7.25, 1.0, "+", fontsize=16, ha="center", va="center")
    _arrow(ax, (1.1, 1.15), (2.1, 1.8))
    _arrow(ax, (1.1, 0.85), (1.8, 0.2))
    _arrow(ax, (3.4, 0.1), (3.7, 0.1))
    _arrow(ax, (5.5, 0.1), (5.75, 0.1))
    _arrow(ax, (4.7, 1.8), (7.1, 1.1))
    _arrow(ax, (7.05, 0.2), (7.15, 0.85))
    _arrow(ax, (7.35, 1.0), (7.5, 1.0))
    ax.text(4.6, -0.65, f"trained: r x (d_in + d_out) = {r * (d_in + d_out):,} weights, "
            f"{r * (d_in + d_out) / (d_in * d_out):.1%} of W", ha="center", fontsize=8.5,
            color="#4f8f3f")  # fmt: skip
    ax.set_xlim(0, 8.6)
    ax.set_ylim(-0.9, 2.5)
    ax.axis("off")
    return fig


class LiveLossCurve:
    """The loss curve drawn while training runs (notebook 4): one figure in the notebook, redrawn
    at most every ``every_s`` seconds and once more at the end, so that drawing costs the training
    next to nothing. Outside a notebook kernel it draws nothing."""

    def __init__(self, total_steps: int, title: str = "training loss, live", every_s: float = 2.0):
        self.total_steps, self.title, self.every_s = total_steps, title, every_s
        self._handle, self._last = None, float("-inf")

    @staticmethod
    def in_notebook() -> bool:
        try:
            from IPython import get_ipython
        except ImportError:
            return False
        shell = get_ipython()
        return shell is not None and "IPKernelApp" in getattr(shell, "config", {})

    def figure(self, losses: Sequence[float]):
        """The curve of ``losses`` so far, on the axes of the whole run (a closed figure)."""
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(6, 2.6))
        ax.plot(range(1, len(losses) + 1), losses, color="C0")
        ax.set_xlim(0, self.total_steps + 1)
        ax.set_yscale("log")
        ax.set_xlabel("step")
        ax.set_ylabel("loss")
        last = f", last {losses[-1]:.3f}" if losses else ""
        ax.set_title(f"{self.title}: step {len(losses)} of {self.total_steps}{last}", fontsize=10)
        fig.tight_layout()
        plt.close(fig)  # shown through the display handle only, never twice
        return fig

    def update(self, losses: Sequence[float], *, final: bool = False) -> bool:
        """Redraw when ``every_s`` has passed since the last drawing (always when ``final``);
        True when it drew."""
        import time

        now = time.perf_counter()
        if not self.in_notebook() or not losses or (not final and now - self._last < self.every_s):
            return False
        from IPython.display import display

        fig = self.figure(losses)
        if self._handle is None:
            self._handle = display(fig, display_id=True)
        else:
            self._handle.update(fig)
        self._last = now
        return True
