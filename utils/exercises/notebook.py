"""Find an exercise's function in a notebook file, as the learner wrote it.

An exercise cell is a code cell whose first line is ``# Exercise N.M``. The tests use this to run every
check on the solution and on the learner's stub; the grading command uses it on a learner's notebook.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

MARK = re.compile(r"^# Exercise (\d+\.\d+)\b", re.MULTILINE)


@dataclass(frozen=True)
class ExerciseCell:
    """The source of one exercise cell, and the notebook it is in."""

    notebook: str  # the notebook's file name
    source: str


class DuplicateExerciseError(ValueError):
    """Two cells claim the same exercise id."""


def exercise_cells(paths: Iterable[str | Path]) -> dict[str, ExerciseCell]:
    """``{exercise_id: ExerciseCell}`` for every exercise code cell of the notebooks in ``paths``,
    in notebook order (``paths`` may also be one folder, read in name order)."""
    import nbformat

    if isinstance(paths, str | Path) and Path(paths).is_dir():
        paths = sorted(Path(paths).glob("*.ipynb"))
    found: dict[str, ExerciseCell] = {}
    for path in paths:
        for cell in nbformat.read(path, as_version=4).cells:
            match = MARK.search(cell.source) if cell.cell_type == "code" else None
            if not match:
                continue
            if match.group(1) in found:
                raise DuplicateExerciseError(f"exercise {match.group(1)} is defined twice ({path})")
            found[match.group(1)] = ExerciseCell(Path(path).name, cell.source)
    return found


def load_function(
    exercise_id: str,
    function_name: str,
    cells: Mapping[str, ExerciseCell],
    earlier: Mapping[str, ExerciseCell] | None = None,
):
    """Run, in one fresh namespace, the exercise cells of the same notebook that come before
    ``exercise_id`` in ``earlier`` (default: ``cells``; a later exercise may call an earlier one, as in
    the notebook), then the cell of ``exercise_id`` from ``cells``; return its ``function_name``.

    Raises ``KeyError`` when the cell does not define the function.
    """
    earlier = cells if earlier is None else earlier
    cell = cells[exercise_id]
    namespace: dict = {}
    for other_id, other in earlier.items():
        if other_id == exercise_id:
            break
        if other.notebook == cell.notebook:
            exec(compile(other.source, f"<exercise {other_id}>", "exec"), namespace)
    exec(compile(cell.source, f"<exercise {exercise_id}>", "exec"), namespace)
    if function_name not in namespace:
        raise KeyError(f"the cell of exercise {exercise_id} does not define {function_name}()")
    return namespace[function_name]
