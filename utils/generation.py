"""Batched answer generation with the chat template: the one generation path every evaluation uses.

Introduced in notebook 0. Batching many prompts into one forward pass is the biggest speed lever on a
CPU: a decoder-only model needs *left* padding for that, so every prompt ends where its answer starts.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

DEFAULT_SYSTEM = "You are a helpful assistant. Answer the question in a few words."


def build_chat_prompts(
    tokenizer, questions: Sequence[str], system: str | None = DEFAULT_SYSTEM
) -> list[str]:
    """Wrap each question in the model's chat template, ending where the assistant's answer begins.

    ``system=None`` leaves the system turn out (the template may then add its own default).
    """
    prompts = []
    for question in questions:
        messages = [{"role": "system", "content": system}] if system else []
        messages.append({"role": "user", "content": question})
        prompts.append(
            tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        )
    return prompts


@dataclass
class Generation:
    """One generated answer and what it cost."""

    text: str
    prompt_tokens: int
    output_tokens: int
    seconds: float  # wall time of the batch it was in, shared equally among the batch


def _batches(items: Sequence, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _TokenTicker:
    """A stopping criterion that never stops: it moves the progress bar at every generated token,
    so a batch that takes seconds shows its progress (``batch 2/13: token 7/24``)."""

    def __init__(self, bar, batch: str, max_new_tokens: int):
        self.bar, self.batch, self.max_new_tokens, self.step = bar, batch, max_new_tokens, 0

    def __call__(self, input_ids, scores, **kwargs):
        import torch

        self.step += 1
        self.bar.set_postfix_str(f"{self.batch}: token {self.step}/{self.max_new_tokens}")
        return torch.zeros(input_ids.shape[0], dtype=torch.bool, device=input_ids.device)


def generate_batch(
    model,
    tokenizer,
    prompts: Sequence[str],
    *,
    max_new_tokens: int = 24,
    batch_size: int = 16,
    do_sample: bool = False,
    progress: bool = True,
    desc: str = "generating",
    autocast: bool | None = None,
    on_batch=None,
) -> list[Generation]:
    """Generate a continuation for every already-templated prompt, ``batch_size`` at a time.

    Greedy by default (reproducible). Prompts of similar length are batched together (fewer padding
    tokens computed; the answers come back in the order of ``prompts``) and left-padded; the answer is
    the text after the prompt, cut at the end-of-sequence token. ``autocast``: bf16 autocast on or off (None: what was measured
    faster on this machine for prompts of this batch's length, see :mod:`utils.precision`).
    ``on_batch(indices, encoding, cache, bf16)``, if given, is called after each batch (inside its
    precision) with the batch's prompts' numbers, their left-padded encoding and the keys and values
    generation computed, so other work on the same prompts need not read them again
    (:class:`utils.mcq.PrefillScorer`); its time is not counted in the answers' seconds.
    """
    import torch
    from tqdm.auto import tqdm

    from utils.models import autocast_context, use_bf16_autocast

    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}: e.g. batch_size=16.")
    if tokenizer.pad_token is None:
        raise ValueError(
            "The tokenizer has no padding token, which batched generation needs. Set one first "
            "(`tokenizer.pad_token = tokenizer.eos_token`, as utils.models.load_llm does)."
        )
    device = next(model.parameters()).device
    prompts = list(prompts)
    if not prompts:
        return []
    lengths = [len(ids) for ids in tokenizer(prompts, add_special_tokens=False)["input_ids"]]
    order = sorted(range(len(prompts)), key=lambda i: lengths[i])  # shortest first
    results: list[Generation] = []
    # the bar stays when done (leave=True): a vanished widget would be "model not found" once saved
    bar = tqdm(total=len(prompts), desc=desc, disable=not progress)
    n_batches = -(-len(prompts) // batch_size)
    for number, indices in enumerate(_batches(order, batch_size), 1):
        chunk = [prompts[i] for i in indices]
        enc = tokenizer(
            chunk, return_tensors="pt", padding=True, padding_side="left", add_special_tokens=False
        ).to(device)  # left padding, for this call only: the caller's tokenizer is not changed
        bf16 = autocast
        if bf16 is None:
            bf16 = use_bf16_autocast(device.type, "answers", enc["input_ids"].shape[1])
        start = time.perf_counter()
        with torch.inference_mode(), autocast_context(device.type, bf16):
            out = model.generate(
                **enc,
                max_new_tokens=max_new_tokens,
                do_sample=do_sample,
                pad_token_id=tokenizer.pad_token_id,
                **({} if do_sample else {"temperature": None, "top_p": None, "top_k": None}),
                **({} if bar.disable else {"stopping_criteria": [
                    _TokenTicker(bar, f"batch {number}/{n_batches}", max_new_tokens)]}),
                return_dict_in_generate=on_batch is not None,
            )  # fmt: skip
            elapsed = time.perf_counter() - start
            if on_batch is not None:
                on_batch(indices, enc, out.past_key_values, bf16)
                out = out.sequences
        new_tokens = out[:, enc["input_ids"].shape[1] :]  # (B, T_new)
        prompt_lens = enc["attention_mask"].sum(dim=1).tolist()
        for row, n_prompt in zip(new_tokens, prompt_lens, strict=True):
            n_out = _count_until_eos(row.tolist(), tokenizer)
            text = tokenizer.decode(row[:n_out], skip_special_tokens=True).strip()
            results.append(Generation(text, int(n_prompt), n_out, elapsed / len(chunk)))
        bar.update(len(chunk))
    bar.close()
    in_order: list[Generation] = [None] * len(prompts)  # type: ignore[list-item]
    for i, result in zip(order, results, strict=True):
        in_order[i] = result
    return in_order


def _count_until_eos(token_ids: list[int], tokenizer) -> int:
    """Number of generated tokens before the first end-of-sequence or padding token."""
    stop = {tokenizer.eos_token_id, tokenizer.pad_token_id}
    for i, tok in enumerate(token_ids):
        if tok in stop:
            return i
    return len(token_ids)


def generate_answers(
    model,
    tokenizer,
    questions: Sequence[str],
    *,
    system: str | None = DEFAULT_SYSTEM,
    max_new_tokens: int = 24,
    batch_size: int = 16,
    progress: bool = True,
    autocast: bool | None = None,
) -> list[str]:
    """Answer each question with the chat template, batched and greedy: the course's one answer path.

    >>> generate_answers(model, tokenizer, ["What colour is the sky?"])  # doctest: +SKIP
    ['The sky is blue.']
    """
    prompts = build_chat_prompts(tokenizer, questions, system)
    generations = generate_batch(
        model,
        tokenizer,
        prompts,
        max_new_tokens=max_new_tokens,
        batch_size=batch_size,
        progress=progress,
        autocast=autocast,
    )
    return [g.text for g in generations]
