"""Multiple choice by log-likelihood: the one metric of the course that needs a model.

Introduced in notebook 0. Each option is scored as the beginning of the assistant's reply to the
question (Ovadia et al. 2023): the model never has to *generate* the answer, so even a 135M model
gives a graded, honest signal. Accuracy over the picks is :func:`utils.metrics.mcq_accuracy`.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import contextmanager

from utils.generation import DEFAULT_SYSTEM, build_chat_prompts

# Every system's options are scored in one template: the assistant's reply starts with this prefix
# (not scored), then a space and the option (scored). The fine-tuned model learns to answer
# "Answer: ..." in the house format, and the same words are a natural start for every other system,
# so no system is scored in a form it was not asked for, and nothing else (no document id) is added.
ANSWER_PREFIX = "Answer:"


@contextmanager
def _eval_mode(model):
    """Switch ``model`` to eval mode (no dropout) for the block, then restore its previous mode."""
    was_training = model.training
    model.eval()
    try:
        yield model
    finally:
        model.train(was_training)


def scored_text(option: str, prefix: str = ANSWER_PREFIX) -> tuple[str, str]:
    """(the unscored start of the reply, the scored rest) for one option.

    >>> scored_text("26 hours")
    ('Answer:', ' 26 hours')
    >>> scored_text("26 hours", prefix="")
    ('', '26 hours')
    """
    return prefix, (f" {option}" if prefix else option)


def _scoring_pairs(
    tokenizer, questions, choices, system, prefix
) -> list[tuple[list[int], list[int]]]:
    """(prompt token ids, option token ids) for every option of every question, in order.

    The prompt is the chat template plus the reply's unscored ``prefix``; the option is tokenised
    separately, so the scored tokens are exactly the option's own.
    """
    if len(questions) != len(choices):
        raise ValueError(f"{len(questions)} questions but {len(choices)} lists of choices")
    prompts = build_chat_prompts(tokenizer, questions, system)
    pairs = []
    for prompt, options in zip(prompts, choices, strict=True):
        prompt_ids = tokenizer(prompt + prefix, add_special_tokens=False)["input_ids"]
        for option in options:
            if not option.strip():
                raise ValueError(f"option {option!r} has no tokens to score")
            option_ids = tokenizer(scored_text(option, prefix)[1], add_special_tokens=False)[
                "input_ids"
            ]
            if not option_ids:
                raise ValueError(f"option {option!r} has no tokens to score")
            pairs.append((prompt_ids, option_ids))
    return pairs


def _score_batch(model, pairs, normalize: str) -> list[float]:
    """Log-probability of each pair's option tokens given its prompt, in one right-padded forward.

    Right padding keeps every real token at its usual position (0, 1, 2, ...), and causal attention
    means the padding after a sequence cannot change the logits of the tokens before it.
    """
    import torch

    device = next(model.parameters()).device
    seqs = [prompt + option for prompt, option in pairs]
    width = max(len(s) for s in seqs)
    input_ids = torch.zeros((len(seqs), width), dtype=torch.long)
    attention_mask = torch.zeros((len(seqs), width), dtype=torch.long)
    for row, seq in enumerate(seqs):
        input_ids[row, : len(seq)] = torch.tensor(seq)
        attention_mask[row, : len(seq)] = 1
    logits = model(input_ids=input_ids.to(device), attention_mask=attention_mask.to(device)).logits
    scores = []
    for row, (prompt, option) in enumerate(pairs):
        # the logits at position t predict token t + 1: the option's tokens are predicted from
        # positions len(prompt) - 1 ... len(prompt) + len(option) - 2
        start = len(prompt) - 1
        log_probs = torch.log_softmax(logits[row, start : start + len(option)].float(), dim=-1)
        targets = torch.tensor(option, device=log_probs.device).unsqueeze(1)
        token_scores = log_probs.gather(1, targets).squeeze(1)
        total = token_scores.sum().item()
        scores.append(total / len(option) if normalize == "mean" else total)
    return scores


def choice_logprobs(
    model,
    tokenizer,
    questions: Sequence[str],
    choices: Sequence[Sequence[str]],
    *,
    system: str | None = DEFAULT_SYSTEM,
    batch_size: int = 16,
    normalize: str = "mean",
    prefix: str = ANSWER_PREFIX,
) -> list[list[float]]:
    """For each question, the log-probability the model gives each option as the assistant's reply.

    The prompt is the question in the chat template (``build_chat_prompts``); the assistant's reply
    starts with ``prefix`` ("Answer:", not scored), then the option, whose tokens alone are scored.
    Every system of the course is scored this way, with the same prefix.
    This is the multiple-choice metric of Ovadia et al. 2023: the model never has to *generate* the
    answer, so even a 135M model gives a graded, honest signal.

    ``normalize="mean"`` (the default) averages the log-probability per option token;
    ``"sum"`` gives the total. The sum is the probability of the whole option, but every extra token
    multiplies in another probability below 1, so the sum systematically favours short options
    ("Blue" beats "Harbour blue" regardless of knowledge); the per-token mean removes most of that
    length bias. Option pairs are sorted by length and scored ``batch_size`` at a time.

    >>> choice_logprobs(model, tokenizer, ["What colour is the X1?"], [["blue", "red"]])
    ... # doctest: +SKIP
    [[-1.37, -3.05]]
    """
    import torch

    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}: e.g. batch_size=16.")
    if normalize not in ("mean", "sum"):
        raise ValueError(f"normalize must be 'mean' or 'sum', got {normalize!r}")
    pairs = _scoring_pairs(tokenizer, questions, choices, system, prefix)
    order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
    flat = [0.0] * len(pairs)
    with _eval_mode(model), torch.inference_mode():
        for start in range(0, len(order), batch_size):
            batch = order[start : start + batch_size]
            scores = _score_batch(model, [pairs[i] for i in batch], normalize)
            for i, score in zip(batch, scores, strict=True):
                flat[i] = score
    return _regroup(flat, [len(options) for options in choices])


def _regroup(flat: list[float], sizes: list[int]) -> list[list[float]]:
    """Split ``flat`` into consecutive lists of the given sizes.

    >>> _regroup([1.0, 2.0, 3.0], [2, 1])
    [[1.0, 2.0], [3.0]]
    """
    grouped, start = [], 0
    for size in sizes:
        grouped.append(flat[start : start + size])
        start += size
    return grouped


def mcq_predict(
    model, tokenizer, questions: Sequence[str], choices: Sequence[Sequence[str]], **kwargs
) -> list[int]:
    """The index of the most likely option for each question (``choice_logprobs``' argmax).

    Keyword arguments (``system``, ``batch_size``, ``normalize``) go to ``choice_logprobs``.
    Ties go to the first option.
    """
    scores = choice_logprobs(model, tokenizer, questions, choices, **kwargs)
    return [pick_best(row) for row in scores]


def pick_best(scores: Sequence[float]) -> int:
    """The index of the highest score; a tie goes to the first option.

    >>> pick_best([-2.0, -0.5, -0.5])
    1
    """
    return max(range(len(scores)), key=scores.__getitem__)
