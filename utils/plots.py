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
