"""Multiple choice by log-likelihood: the one metric of the course that needs a model.

Introduced in notebook 0. Each option is scored as the beginning of the assistant's reply to the
question (Ovadia et al. 2023): the model never has to *generate* the answer, so even a 135M model
gives a graded, honest signal. Accuracy over the picks is :func:`utils.metrics.mcq_accuracy`.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from contextlib import contextmanager

from utils.generation import DEFAULT_SYSTEM, build_chat_prompts

# Every system's options are scored in one template: the assistant's reply starts with this prefix
# (not scored), then a space and the option (scored). The fine-tuned model learns to answer
# "Answer: ..." in the house format, and the same words are a natural start for every other system,
# so no system is scored in a form it was not asked for, and nothing else (no document id) is added.
ANSWER_PREFIX = "Answer:"
# Under bf16 autocast, a question whose best two options are closer than this (mean log-probability
# per token) is scored again in float32: twice a typical bf16 shift of one option's score, which
# make bench reports (mcq_bf16_largest_score_shift) with the agreement it leaves.
MAX_BATCH = 16  # questions per scoring batch: their prompts' cache is copied once per option
RECHECK_MARGIN = 0.1


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

    device = next(model.parameters()).device
    input_ids, attention_mask = _padded([prompt + option for prompt, option in pairs])
    logits = model(input_ids=input_ids.to(device), attention_mask=attention_mask.to(device)).logits
    return [
        option_logprob(logits[row], prompt + option, len(prompt), normalize)
        for row, (prompt, option) in enumerate(pairs)
    ]


def option_logprob(logits, input_ids, n_prompt: int, normalize: str = "mean") -> float:
    """The log-probability of an option from one forward pass over prompt + option: the reference of
    exercise 0.3.

    ``logits``: ``(T, V)``, the model's output at each of the sequence's positions (any padding after
    the sequence is ignored); ``input_ids``: the ``T'`` ids read (``T' <= T``), the prompt's
    ``n_prompt`` then the option's. The logits at position t predict the token at t + 1, so the
    option's tokens are predicted from positions ``n_prompt - 1`` to ``T' - 2``. ``normalize``:
    ``"mean"`` per option token, or ``"sum"``.
    """
    import torch

    ids = torch.as_tensor(input_ids, device=logits.device)
    option = ids[n_prompt:]
    rows = logits[n_prompt - 1 : len(ids) - 1].float()  # the positions that predict the option
    token_scores = torch.log_softmax(rows, dim=-1).gather(1, option.unsqueeze(1)).squeeze(1)
    total = token_scores.sum().item()
    return total / len(option) if normalize == "mean" else total


def _padded(rows: list[list[int]]):
    """``rows`` right-padded with zeros into (ids, attention mask) tensors."""
    import torch

    width = max(len(row) for row in rows)
    ids = torch.zeros((len(rows), width), dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for i, row in enumerate(rows):
        ids[i, : len(row)] = torch.tensor(row)
        mask[i, : len(row)] = 1
    return ids, mask


def _head_cache(model, head: list[int]):
    """The keys and values of ``head``, the token prefix every prompt of a call shares (the chat
    template's system turn), computed once per call."""
    import torch

    if not head:
        return None
    device = next(model.parameters()).device
    return model(input_ids=torch.tensor([head], device=device), use_cache=True).past_key_values


def _score_shared(model, items, normalize: str, head: list[int], head_cache) -> list[list[float]]:
    """Each item is (prompt ids, [option ids, ...]), every prompt starting with ``head``.

    Three steps, each reusing the keys and values cached by the one before: ``head`` (computed once
    per call, ``head_cache``), then each question's own rest of the prompt, then every option of
    every question at once. So the system turn is read once per call, each question's prompt once
    per question (not once per option: about four times less work with four options, more the
    longer the prompt), and each option once. Sequences are right-padded; the attention mask hides
    the padding and explicit position ids keep every real token at its usual position, so the
    scores are those of reading prompt + option in one piece.
    """
    import copy

    import torch

    device = next(model.parameters()).device
    n_head = len(head)
    rests = [prompt[n_head:] for prompt, _ in items]
    rest_ids, rest_mask = _padded(rests)
    rest_lens = rest_mask.sum(dim=1)
    cache = copy.deepcopy(head_cache)
    head_mask = torch.ones((len(items), n_head), dtype=torch.long)
    if cache is not None:
        for layer in cache.layers:  # one copy of the head per question
            layer.batch_repeat_interleave(len(items))
    out = model(
        input_ids=rest_ids.to(device), past_key_values=cache, use_cache=True,
        attention_mask=torch.cat([head_mask, rest_mask], dim=1).to(device),
        position_ids=(n_head + torch.arange(rest_ids.shape[1])).expand_as(rest_ids).to(device),
        logits_to_keep=(rest_lens - 1).unsqueeze(1).to(device),  # each prompt's last position
    )  # fmt: skip
    first = torch.log_softmax(out.logits[:, 0].float(), dim=-1)  # predicts each option's 1st token
    owner = [q for q, (_, options) in enumerate(items) for _ in options]
    options = [option for _, opts in items for option in opts]
    cache = out.past_key_values
    for layer in cache.layers:  # one copy of its question's prompt per option
        layer.batch_select_indices(torch.tensor(owner, device=device))
    o_ids, o_mask = _padded(options)
    starts = (n_head + rest_lens[owner]).unsqueeze(1)  # each option starts right after its prompt
    logits = model(
        input_ids=o_ids.to(device), past_key_values=cache, use_cache=False,
        attention_mask=torch.cat([head_mask[owner], rest_mask[owner], o_mask], dim=1).to(device),
        position_ids=(starts + torch.arange(o_ids.shape[1])).to(device),
    ).logits  # fmt: skip
    scores = []
    for row, (q, option) in enumerate(zip(owner, options, strict=True)):
        total = first[q, option[0]].item()
        if len(option) > 1:  # option token t + 1 is predicted at the option's position t
            rest = torch.log_softmax(logits[row, : len(option) - 1].float(), dim=-1)
            targets = torch.tensor(option[1:], device=rest.device)[:, None]
            total += rest.gather(1, targets).sum().item()
        scores.append(total / len(option) if normalize == "mean" else total)
    return _regroup(scores, [len(opts) for _, opts in items])


def _common_head(prompts: list[list[int]]) -> list[int]:
    """The longest token prefix all ``prompts`` share, leaving at least one token of each.

    >>> _common_head([[1, 2, 3, 4], [1, 2, 5]])
    [1, 2]
    >>> _common_head([[1, 2], [1, 2]])
    [1]
    """
    shortest = min(len(p) for p in prompts)
    n = 0
    while n < shortest - 1 and all(p[n] == prompts[0][n] for p in prompts):
        n += 1
    return prompts[0][:n]


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
    shared_prefix: bool = True,
    autocast: bool | None = False,
    recheck_margin: float = RECHECK_MARGIN,
    progress: bool = False,
    desc: str = "scoring choices",
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
    length bias.

    ``shared_prefix=True`` (the default) reads each question's prompt once and scores its options
    from the cached prompt (``batch_size`` questions at a time); ``False`` reads prompt + option once
    per option (``batch_size`` pairs at a time), the plain way, kept to show they agree.

    ``autocast``: bf16 autocast (None: what was measured faster on this machine, see
    :mod:`utils.precision`; False: float32). bf16 moves a score by a few hundredths, enough to swap two options that are
    almost tied; so under autocast every question whose best two options are closer than
    ``recheck_margin`` is scored again in float32, and the picks are float32's (``make bench``
    measures the agreement).

    >>> choice_logprobs(model, tokenizer, ["What colour is the X1?"], [["blue", "red"]])
    ... # doctest: +SKIP
    [[-1.37, -3.05]]
    """
    from tqdm.auto import tqdm

    from utils.models import use_bf16_autocast

    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}: e.g. batch_size=16.")
    if normalize not in ("mean", "sum"):
        raise ValueError(f"normalize must be 'mean' or 'sum', got {normalize!r}")
    pairs = _scoring_pairs(tokenizer, questions, choices, system, prefix)
    sizes = [len(options) for options in choices]
    device = str(next(model.parameters()).device)
    bf16 = use_bf16_autocast(device, "scoring") if autocast is None else bool(autocast)
    settings = {"batch_size": batch_size, "normalize": normalize, "shared_prefix": shared_prefix}
    with tqdm(total=len(questions), desc=desc, disable=not progress) as bar:  # stays, as saved
        scores = _score(model, pairs, sizes, bf16=bf16, bar=bar, **settings)
        if bf16 and recheck_margin > 0:
            close = [i for i, row in enumerate(scores) if top_margin(row) < recheck_margin]
            if close:
                bar.set_description(f"{desc}, near-ties in float32")
                bar.reset(total=len(close))
                again = _score(
                    model, _regroup_pairs(pairs, sizes, close), [sizes[i] for i in close],
                    bf16=False, bar=bar, **settings,
                )  # fmt: skip
                for i, row in zip(close, again, strict=True):
                    scores[i] = row
    return scores


def top_margin(scores: Sequence[float]) -> float:
    """How far the best score is ahead of the second (infinite with one option).

    >>> round(top_margin([-1.0, -1.25, -3.0]), 2)
    0.25
    """
    if len(scores) < 2:
        return float("inf")
    best, second = sorted(scores, reverse=True)[:2]
    return best - second


def _regroup_pairs(pairs, sizes, keep):
    """The (prompt, option) pairs of the questions numbered in ``keep``, in that order."""
    starts = [0, *itertools.accumulate(sizes)]
    return [pair for i in keep for pair in pairs[starts[i] : starts[i] + sizes[i]]]


def _score(model, pairs, sizes, *, bf16, bar, batch_size, normalize, shared_prefix):
    """Every option's score, grouped by question (see :func:`choice_logprobs`)."""
    import torch

    from utils.models import autocast_context

    device = next(model.parameters()).device
    with _eval_mode(model), torch.inference_mode(), autocast_context(device.type, bf16):
        if shared_prefix:
            items, start = [], 0
            for size in sizes:
                chunk = pairs[start : start + size]
                items.append((chunk[0][0], [option for _, option in chunk]))
                start += size
            # questions of similar prompt length together, so little padding is computed
            order = sorted(range(len(items)), key=lambda i: len(items[i][0]))
            grouped: list[list[float]] = [[] for _ in items]
            head = _common_head([prompt for prompt, _ in items]) if items else []
            head_cache = _head_cache(model, head)
            for begin in range(0, len(order), batch_size):
                batch = order[begin : begin + batch_size]
                got = _score_shared(model, [items[i] for i in batch], normalize, head, head_cache)
                for i, row in zip(batch, got, strict=True):
                    grouped[i] = row
                bar.update(len(batch))
            return grouped
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
        flat = [0.0] * len(pairs)
        for begin in range(0, len(order), batch_size):
            batch = order[begin : begin + batch_size]
            got = _score_batch(model, [pairs[i] for i in batch], normalize)
            for i, score in zip(batch, got, strict=True):
                flat[i] = score
            bar.update(len(batch) / max(len(pairs), 1) * len(sizes))
    return _regroup(flat, sizes)


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


def _plain_cache(cache, width: int) -> bool:
    """Whether ``cache`` keeps every position of the prompts in plain per-layer tensors (a model
    with a sliding window or another kind of cache is scored the usual way instead)."""
    from transformers.cache_utils import DynamicLayer

    layers = getattr(cache, "layers", None)
    return bool(layers) and all(
        type(layer) is DynamicLayer and layer.keys.shape[-2] >= width for layer in layers
    )


class PrefillScorer:
    """Multiple choice scored from the keys and values that answering the same prompts computed.

    Every evaluation both answers a question (:func:`utils.generation.generate_batch`) and scores
    its options (:func:`choice_logprobs`), and both read the same chat prompt: the longest part of
    the work, twice. Handed to ``generate_batch`` as ``on_batch``, this scorer takes each batch's
    cache right after its answers were generated, keeps the prompt's part of it and reads only
    ``prefix`` (the unscored "Answer:") and each option after it, every option of every question
    of a batch at once. The scores are those of :func:`choice_logprobs` (the same tokens, the same
    positions; the tests compare them), in the batch's precision: a batch answered in another
    precision than multiple choice's, a prompt that would tokenise differently with the prefix
    glued on, or a cache of another kind (a sliding window) is left to :meth:`finish`, which scores the rest the usual way and, under bf16
    autocast, scores near-ties again in float32 exactly like :func:`choice_logprobs`.
    """

    def __init__(self, model, tokenizer, prompts, choices, *, bf16: bool,
                 prefix: str = ANSWER_PREFIX, normalize: str = "mean", batch_size: int = MAX_BATCH):  # fmt: skip
        if normalize not in ("mean", "sum"):
            raise ValueError(f"normalize must be 'mean' or 'sum', got {normalize!r}")
        self.model, self.bf16, self.normalize, self.batch_size = model, bf16, normalize, batch_size
        self.prefix_ids = tokenizer(prefix, add_special_tokens=False)["input_ids"] if prefix else []
        self.options: dict[int, list[list[int]]] = {}
        for i, (prompt, options) in enumerate(zip(prompts, choices, strict=True)):
            if not options or not self.prefix_ids:
                continue
            alone = tokenizer(prompt, add_special_tokens=False)["input_ids"]
            glued = tokenizer(prompt + prefix, add_special_tokens=False)["input_ids"]
            if glued == alone + self.prefix_ids:  # else finish() scores it from its own prompt
                self.options[i] = [
                    tokenizer(scored_text(o, prefix)[1], add_special_tokens=False)["input_ids"]
                    for o in options
                ]
        self.scores: dict[int, list[float]] = {}

    def __call__(self, indices: Sequence[int], enc, cache, bf16: bool) -> None:
        """Score the options of the prompts ``indices`` (the batch's rows, in order) from ``cache``,
        the batch's keys and values after generation (``enc``: its left-padded prompts)."""
        if bf16 != self.bf16 or not _plain_cache(cache, enc["input_ids"].shape[1]):
            return
        rows = [r for r, i in enumerate(indices) if i in self.options]
        for start in range(0, len(rows), self.batch_size):
            part = rows[start : start + self.batch_size]
            got = self._score_rows(enc, cache, [self.options[indices[r]] for r in part], part)
            for r, row_scores in zip(part, got, strict=True):
                self.scores[indices[r]] = row_scores

    def _score_rows(self, enc, cache, options_of, rows) -> list[list[float]]:
        import copy

        import torch

        device = enc["input_ids"].device
        width = enc["input_ids"].shape[1]  # the prompts' part of the cache (answers follow)
        owner = [r for r, opts in zip(rows, options_of, strict=True) for _ in opts]
        owner = torch.tensor(owner, device=device)
        sequences = [self.prefix_ids + option for opts in options_of for option in opts]
        ids, mask = _padded(sequences)
        view = copy.copy(cache)  # one copy of its question's prompt per option; `cache` unchanged
        view.layers = [copy.copy(layer) for layer in cache.layers]
        for layer in view.layers:
            layer.keys = layer.keys[owner, :, :width]
            layer.values = layer.values[owner, :, :width]
        prompt_mask = enc["attention_mask"][owner]
        with _eval_mode(self.model):
            logits = self.model(
                input_ids=ids.to(device), past_key_values=view, use_cache=False,
                attention_mask=torch.cat([prompt_mask, mask.to(device)], dim=1),
                position_ids=prompt_mask.sum(dim=1, keepdim=True) + torch.arange(ids.shape[1], device=device),
            ).logits  # fmt: skip
        n_prefix = len(self.prefix_ids)  # the prefix read here plays the prompt's part
        flat = [
            option_logprob(logits[row], sequence, n_prefix, self.normalize)
            for row, sequence in enumerate(sequences)
        ]
        return _regroup(flat, [len(opts) for opts in options_of])

    def finish(self, tokenizer, questions, choices, *, system, batch_size: int,
               recheck_margin: float = RECHECK_MARGIN, progress: bool = False,
               desc: str = "choices") -> list[list[float] | None]:  # fmt: skip
        """Every question's scores (None without choices): the ones taken from generation's cache,
        the rest scored by :func:`choice_logprobs`, and under bf16 the near-ties of the first
        scored again in float32."""
        scores: list[list[float] | None] = [self.scores.get(i) for i in range(len(questions))]
        rest = [i for i, c in enumerate(choices) if c and scores[i] is None]
        close = [
            i for i in self.scores if self.bf16 and top_margin(self.scores[i]) < recheck_margin
        ]
        for todo, autocast in ((rest, None), (close, False)):
            if todo:
                got = choice_logprobs(
                    self.model, tokenizer, [questions[i] for i in todo], [choices[i] for i in todo],
                    system=system, batch_size=batch_size, normalize=self.normalize, autocast=autocast,
                    recheck_margin=recheck_margin, progress=progress, desc=f"{desc} ({len(todo)} questions)",
                )  # fmt: skip
                for i, row in zip(todo, got, strict=True):
                    scores[i] = row
        return scores
