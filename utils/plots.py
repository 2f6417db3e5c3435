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
