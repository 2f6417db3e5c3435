"""How long each notebook may run under nbval before its test fails.

A notebook's limit is the time it took on a quiet 2-core CPU (``MEASURED_S``), times how much slower
this machine is *now* (``slowdown``: one LoRA training step of the course's LLM, timed at the start of
the session against the same step timed beside ``MEASURED_S``), times a margin (``LIMIT_FACTOR``).
So a slower CPU, or one that other jobs keep busy while the suite runs, gets longer limits, and a
notebook that hangs or grows many times slower than it was still fails. The step and the slowdown
are printed at the end of the session with the limits they gave.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

# Seconds each notebook took under nbval in the quick profile on a quiet 2-core CPU (the slower of its
# two copies), from `pytest --durations=40`, all of them in order (a 2-core AMD EPYC without native
# bf16, commit 2ddda20). REFERENCE_STEP_S: what `step_seconds()` measured on that machine, quiet.
MEASURED_S = {"00a": 19, "00b": 50, "01a": 26, "01b": 45, "02a": 27, "02b": 57, "02c": 67, "03a": 16,
              "03b": 17, "04a": 22, "04b": 150, "04c": 133, "05": 323, "06": 153}  # fmt: skip
REFERENCE_STEP_S = 2.9  # s: seven calls in three processes, quiet, measured 2.65-3.28 s
LIMIT_FACTOR = 3  # room for noise; the load itself is in the slowdown
LIMIT_FLOOR_S = 300
STEP_REPEATS = 3


def limit_s(path: Path, slowdown: float = 1.0) -> int:
    """How long the notebook at ``path`` may run: its measured time times ``slowdown`` (at least 1)
    times LIMIT_FACTOR, at least LIMIT_FLOOR_S; a notebook never measured gets the longest limit.

    >>> limit_s(Path("solutions/05_comparison.ipynb")), limit_s(Path("notebooks/01a_retrieval.ipynb"))
    (969, 300)
    >>> limit_s(Path("solutions/05_comparison.ipynb"), slowdown=2.5), limit_s(Path("x/99_new.ipynb"))
    (2422, 969)
    """
    seconds = MEASURED_S.get(path.name.split("_")[0], max(MEASURED_S.values()))
    return round(max(LIMIT_FLOOR_S, LIMIT_FACTOR * seconds * max(1.0, slowdown)))


def step_seconds(repeats: int = STEP_REPEATS) -> float:
    """One LoRA training step of the course's LLM (``utils.precision.lora_step``), in the precision
    and with the threads the notebooks will use on this machine now: the median of ``repeats``
    timings after one untimed step."""
    from utils.models import load_llm
    from utils.precision import choose, lora_step

    model, _ = load_llm()
    bf16 = choose(next(model.parameters()).device.type, "training")
    work = lora_step(model)
    work(bf16)  # the first step builds the kernels
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work(bf16)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def slowdown(step_s: float) -> float:
    """How many times slower this machine is now than the one ``MEASURED_S`` came from (1 if faster).

    >>> slowdown(REFERENCE_STEP_S / 2), slowdown(3 * REFERENCE_STEP_S)
    (1.0, 3.0)
    """
    return max(1.0, step_s / REFERENCE_STEP_S)
