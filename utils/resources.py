"""Resource measurement: threads, peak memory, and the memory check before training.

Introduced in notebook 4 (training must not be killed for memory without a word); every evaluation
record stores the peak memory of the process that made it (:func:`peak_rss_mb`).
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager


class NotEnoughMemoryError(MemoryError):
    """The chosen batch does not fit in memory; the message names the setting to lower."""


# --- threads ---------------------------------------------------------------------------------------


def busy_cores(interval: float = 0.2) -> float:
    """How many cores other processes keep busy now: the whole machine's CPU use over ``interval``
    seconds, less this process's own."""
    import psutil

    me = psutil.Process()
    me.cpu_percent(None)
    machine = psutil.cpu_percent(interval=interval) / 100 * (psutil.cpu_count() or 1)
    return max(0.0, machine - me.cpu_percent(None) / 100)


def usable_cores() -> int:
    """Physical cores this process may run on (hyper-threads do not count)."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(usable or 1, _physical_cores() or usable or 1))


def choose_threads(cores: int, busy: float) -> int:
    """The course's thread rule: one PyTorch thread per core that no other process keeps busy.

    ``make bench`` (bench_threads) measures why: on a 2-core machine two threads are faster than one
    when it is quiet, but when another process keeps a core busy the two threads wait on each other
    and run several times slower than one.

    >>> choose_threads(2, 0.1), choose_threads(2, 0.8), choose_threads(2, 3.0), choose_threads(8, 2.2)
    (2, 1, 1, 6)
    """
    return max(1, cores - round(busy))


def set_threads(n: int | None = None) -> int:
    """Set PyTorch's thread count (its OpenMP and BLAS pools) and return it: ``n``, else
    ``COURSE_THREADS``, else :func:`choose_threads` from the cores that are free now. Called by
    :func:`utils.models.load_llm` and before each evaluation and training, so a machine that got
    busy in between is noticed."""
    import torch

    from utils.settings import env

    if n is None and env("COURSE_THREADS"):
        try:
            n = int(env("COURSE_THREADS"))
        except ValueError:
            raise ValueError(
                f"COURSE_THREADS must be a whole number of threads, got {env('COURSE_THREADS')!r}: "
                "e.g. export COURSE_THREADS=1, or unset it to let the course choose."
            ) from None
    if n is None:
        n = choose_threads(usable_cores(), busy_cores())
    if n < 1:
        raise ValueError(f"threads must be at least 1, got {n}: e.g. COURSE_THREADS=1.")
    torch.set_num_threads(n)
    return n


def _physical_cores() -> int | None:
    """Physical cores (psutil), or None where it cannot tell."""
    try:
        import psutil
    except ImportError:
        return None
    return psutil.cpu_count(logical=False)


# --- memory ---------------------------------------------------------------------------------------


class RssSampler:
    """Peak resident memory of this process while the block runs, sampled every ``interval`` s."""

    def __init__(self, interval: float = 0.02):
        self.interval, self.peak_mb = interval, 0.0

    def __enter__(self):
        import threading

        import psutil

        self._process, self._stop = psutil.Process(), threading.Event()
        self.peak_mb = self._process.memory_info().rss / 2**20
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(self.interval):
            self.peak_mb = max(self.peak_mb, self._process.memory_info().rss / 2**20)

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak_mb = max(self.peak_mb, self._process.memory_info().rss / 2**20)


# Memory of one training step, measured on SmolLM2-135M (LoRA r=16 on every linear layer, bf16
# autocast; peak RSS of 1x64 ... 32x96 batches fits these within 2 %): a fixed part (the runtime, the
# optimizer, buffers) besides the weights, and per token, bytes per layer per hidden unit (activations
# kept for the backward pass) and bytes per vocabulary entry (logits, softmax and their gradient).
_FIXED_MB = 700
_BYTES_PER_TOKEN_LAYER_HIDDEN = 100
_BYTES_PER_TOKEN_VOCAB = 12


def estimate_train_memory_mb(model, batch_size: int, seq_len: int) -> float:
    """The peak resident memory of a process training ``model`` with LoRA, in MB (notebook 4)."""
    config = model.config
    weights = sum(p.numel() * p.element_size() for p in model.parameters()) / 2**20
    per_token = config.num_hidden_layers * config.hidden_size * _BYTES_PER_TOKEN_LAYER_HIDDEN
    per_token += config.vocab_size * _BYTES_PER_TOKEN_VOCAB
    return _FIXED_MB + weights + batch_size * seq_len * per_token / 2**20


def available_memory_mb(device: str = "cpu") -> float:
    """Memory this process could use on ``device``: what it holds now plus what is still free
    (on a GPU, the GPU's own memory; elsewhere the system's)."""
    if device.startswith("cuda"):
        import torch

        free, _total = torch.cuda.mem_get_info(torch.device(device))
        return (free + torch.cuda.memory_allocated(torch.device(device))) / 2**20
    import psutil

    return (psutil.Process().memory_info().rss + psutil.virtual_memory().available) / 2**20


def check_memory(model, batch_size: int, seq_len: int, available_mb: float | None = None) -> float:
    """Refuse a batch that will not fit before training starts; return the estimate (notebook 4).

    Running out of memory on a CPU does not raise an error: the operating system kills the kernel.
    On a GPU the memory compared is the GPU's.
    """
    need = estimate_train_memory_mb(model, batch_size, seq_len)
    device = str(next(model.parameters()).device)
    available = available_memory_mb(device) if available_mb is None else available_mb
    if need > 0.9 * available:
        raise NotEnoughMemoryError(_memory_advice(batch_size, seq_len, need, available))
    return need


def _memory_advice(
    batch_size: int, seq_len: int, need_mb: float | None, available_mb: float
) -> str:
    smaller = max(1, batch_size // 2)
    need = f"needs about {need_mb:,.0f} MB" if need_mb else "ran out of memory"
    return (
        f"Training with batch_size={batch_size} (examples of up to {seq_len} tokens) {need}, but "
        f"only {available_mb:,.0f} MB are free. Lower the batch size (FTSizes.batch_size, e.g. to "
        f"{smaller}), or max_length, or close other programs."
    )


@contextmanager
def explain_memory_errors(batch_size: int, seq_len: int | None = None):
    """Turn an out-of-memory error from PyTorch into one that says which setting to lower."""
    import torch

    try:
        yield
    except (torch.OutOfMemoryError, MemoryError, RuntimeError) as err:
        text = str(err).lower()
        if isinstance(err, RuntimeError) and "memory" not in text and "allocate" not in text:
            raise
        on_gpu = isinstance(err, torch.OutOfMemoryError) and torch.cuda.is_available()
        advice = _memory_advice(batch_size, seq_len or 0, None,
                                available_memory_mb("cuda" if on_gpu else "cpu"))  # fmt: skip
        raise NotEnoughMemoryError(advice) from err


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB (MiB, 2**20 bytes).

    ``resource.getrusage`` where it exists (kilobytes on Linux, bytes on macOS); on Windows,
    psutil's peak working set (or the current RSS when that is all it reports).
    """
    try:
        import resource
    except ImportError:  # Windows
        return _psutil_peak_rss_mb()
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return max_rss / 2**20 if sys.platform == "darwin" else max_rss / 2**10


def _psutil_peak_rss_mb() -> float:
    """Peak (or, failing that, current) resident memory from psutil, in MB."""
    import psutil

    info = psutil.Process().memory_info()
    return getattr(info, "peak_wset", info.rss) / 2**20
