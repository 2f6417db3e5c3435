"""The first training steps in float32 and under bf16 autocast, side by side (notebook 4b, ``make
bench``): is bf16 sound for training here, and how much faster is it?

Where bf16 is not native (:func:`utils.precision.bf16_is_native`) the course trains in float32,
and bf16's training steps, emulated, would take many times as long: only float32 trains, and bf16
reads its first batch once, forward only.
"""

from __future__ import annotations

import time

from utils.precision import bf16_is_native


def compare_precisions(dataset, sizes, steps: int, repeats: int = 1, progress: bool = False,
                       lora=None, *, load=None, native: bool | None = None) -> dict:  # fmt: skip
    """Train the first ``steps`` steps from the same start on the same batches in float32 and under
    bf16 autocast, ``repeats`` times each, alternating: both loss curves, and each precision's
    median tokens per second over its steps (the median, so that a burst of other work on the
    machine does not decide the figure). ``speedup``: bf16's rate as a multiple of float32's.
    ``sizes``: :class:`utils.profiles.FTSizes`; ``lora``: as ``utils.training.train_lora``'s;
    ``load``: what loads a fresh model (default: the course's LLM). Notebook 4b and the benchmark.

    Where bf16 is not native (:func:`bf16_is_native`; ``native`` overrides), its training steps
    would take many times as long as float32's and are not run: the float32 steps are, then
    bf16 autocast reads their first batch from the same starting weights, forward only (a new
    adapter changes nothing yet). That gives the first step's loss, where the difference is the
    rounding alone, and ``speedup`` is then of that forward pass (``speedup_of`` says which).
    """
    import statistics

    from utils.training import train_lora

    if load is None:
        from utils.models import load_llm as load

    def steps_in(bf16: bool):
        model, tokenizer = load()
        return train_lora(model, tokenizer, dataset, sizes, bf16=bf16, stop_after=steps,
                          progress=progress, lora=lora)  # fmt: skip

    runs: dict[bool, list] = {False: [steps_in(False)], True: []}
    if native is None:
        native = bf16_is_native(str(next(runs[False][0].model.parameters()).device))
    for repeat in range(repeats):
        runs[False] += [steps_in(False)] if repeat else []
        runs[True] += [steps_in(True)] if native else []
    rate = {
        b: statistics.median(r for run in runs[b] for r in run.step_rates())
        for b in (False, True)
        if runs[b]
    }
    fp32 = runs[False][0]
    result = {
        "losses_fp32": fp32.losses, "tokens_per_s_fp32": rate[False], "threads_fp32": fp32.threads,
        "trained_bf16": native, "speedup_of": "a training step" if native else "a forward pass",
    }  # fmt: skip
    if native:
        bf16 = runs[True][0]
        return result | {
            "losses_bf16": bf16.losses, "tokens_per_s_bf16": rate[True], "threads_bf16": bf16.threads,
            "same_batches": fp32.step_tokens == bf16.step_tokens, "speedup": rate[True] / rate[False],
        }  # fmt: skip
    model, _ = load()
    loss, seconds = {}, {False: [], True: []}
    for _ in range(repeats):
        for bf16 in (False, True):
            loss[bf16], took = first_step_loss(model, fp32.extra["first_batch"], bf16)
            seconds[bf16].append(took)
    return result | {
        "losses_bf16": [loss[True]], "first_step_fp32_forward": loss[False],
        "tokens_per_s_bf16": None, "threads_bf16": fp32.threads, "same_batches": True,
        "speedup": min(seconds[False]) / min(seconds[True]),
    }  # fmt: skip


def first_step_loss(model, batch: dict, bf16: bool) -> tuple[float, float]:
    """The training loss of ``batch`` (a training batch as ``train_lora`` collates it: padded, labels
    and ``logits_to_keep`` included) on ``model`` as it is, forward only, with the attention
    training uses, in float32 or under bf16 autocast; and the seconds it took."""
    import torch

    from utils.ft_data import labelled_loss
    from utils.lora import training_attention
    from utils.models import autocast_context

    device = next(model.parameters()).device
    inputs = {k: v.to(device) for k, v in batch.items() if k != "labels"}
    answering = model.config._attn_implementation
    model.set_attn_implementation(training_attention(device.type))
    try:
        start = time.perf_counter()
        with torch.no_grad(), autocast_context(device.type, bf16):
            loss = labelled_loss(model(**inputs), batch["labels"])  # the output layer where learned
        return float(loss), time.perf_counter() - start
    finally:
        model.set_attn_implementation(answering)


def relative_differences(reference, other) -> list[float]:
    """``|other - reference| / |reference|`` step by step, for two equally long loss curves."""
    return [abs(b - a) / abs(a) for a, b in zip(reference, other, strict=True)]
