"""Exercise checks of notebook 0 (the knowledge base and answer scoring): see :mod:`utils.exercises`."""

from __future__ import annotations

from collections.abc import Callable

from utils import mcq, metrics
from utils.exercises.core import Exercise, expect

# --- notebook 0 ---------------------------------------------------------------------------------


def _check_normalize(fn: Callable) -> None:
    cases = [
        ("Fjord Grey", "fjord grey", "Lower-case the text."),
        ("  38   hours ", "38 hours", "Collapse runs of spaces and strip the ends."),
        ("Fjord Grey.", "fjord grey", "Remove punctuation such as full stops."),
        ("The Fjord Grey", "fjord grey", "Drop the articles 'a', 'an' and 'the'."),
        (
            "A Fjord Grey or an Ampora",
            "fjord grey or ampora",
            "Drop 'a' and 'an' too, not only 'the'.",
        ),
        ("Theodora Lund", "theodora lund", "Drop articles only as whole words ('Theodora' stays)."),
        ("1.42 kg", "1.42 kg", "Keep a decimal point between digits: '1.42 kg' is not '142 kg'."),
        (
            "Fjord-Grey, 1.42 kg.",
            "fjord grey 1.42 kg",
            "Drop punctuation around numbers, keep it inside.",
        ),
        ("", "", "An empty answer normalises to the empty string."),
    ]
    for text, expected, hint in cases:
        expect(fn, (text,), expected, hint)


def _hidden_normalize(fn: Callable) -> None:
    cases = [
        ("AN APPLE A DAY", "apple day", "Lower-case first: 'AN' and 'A' are articles too."),
        ("Lumberra H600", "lumberra h600",
         "Drop articles as whole words only: the 'a' that ends 'Lumberra' stays."),
        ("breathe the air", "breathe air",
         "Drop articles as whole words only: 'breathe' keeps its 'the'."),
        ("Tessel A250", "tessel a250", "'A250' is a model name, not the article 'a'."),
        ('"The" Fjord Grey', "fjord grey",
         "Remove the punctuation before dropping articles: '\"the\"' is the article 'the'."),
        ('"Harbour Blue" (matte)!', "harbour blue matte",
         "Remove every punctuation mark: quotes, brackets, exclamation marks."),
        ("Weight (184 g)", "weight 184 g",
         "A mark next to a number is still punctuation: only a mark *between* two digits stays."),
        ("Version 2.", "version 2",
         "A full stop after a number ends the sentence: only a mark *between* two digits stays."),
        ("Price: 1.42 and 3.5.", "price 1.42 and 3.5", "Keep every decimal point, drop the rest."),
        ("Fjord\tGrey\n", "fjord grey", "Collapse any whitespace (tabs, newlines), not only spaces."),
        ("the a an", "", "A text of articles only normalises to the empty string."),
        (" ?! ", "", "A text of punctuation only normalises to the empty string."),
        # the symbols and numbers of the knowledge base's prices, ratings and areas
        ("€219", "€219", "A currency sign is not punctuation: '€219' is not '219'."),
        ("43 °C", "43 °c", "A degree sign is not punctuation: keep it."),
        ("1,100 W", "1100 w", "A comma separating thousands goes: '1,100 W' is '1100 w'."),
        ("500 km²", "500 km2", "Fold compatibility characters first: unicodedata.normalize('NFKC', text)."),
        ("Open 14:30", "open 14:30", "A ':' between two digits is part of the time: keep it."),
    ]  # fmt: skip
    for text, expected, hint in cases:
        expect(fn, (text,), expected, hint)


def _check_contains(fn: Callable) -> None:
    cases = [
        (("It lasts 38 hours.", "38 hours"), True, "Normalise both sides, then look for the gold."),
        (("THE FJORD GREY model", "Fjord Grey"), True, "Compare normalised text (case, articles)."),
        (("It lasts 138 hours.", "38 hours"), False, "Match whole words: '38' is not in '138'."),
        (("Colour: Fjord Greyish", "Fjord Grey"), False,
         "Match whole words at both ends: 'grey' is not 'greyish'."),
        (("It weighs 1.42 kg", "142 kg"), False, "'1.42 kg' is not '142 kg'."),
        (("Anything at all", ""), False, "An empty gold answer is never contained."),
        (("", "38 hours"), False, "An empty prediction contains nothing."),
    ]  # fmt: skip
    _expect_bools(fn, cases)


def _hidden_contains(fn: Callable) -> None:
    cases = [
        (("38 hours", "38 hours"), True, "A prediction equal to the gold contains it."),
        (("THE BATTERY LASTS\n38 HOURS!", "38 Hours."), True,
         "Normalise the gold too: case and punctuation do not count."),
        (("It lasts 38 hours", "38 hour"), False, "Whole words: '38 hour' is not '38 hours'."),
        (("It weighs 1.42 kg", "1.4"), False, "Whole words: '1.4' is not '1.42'."),
        (("Hours: 38", "38 hours"), False,
         "The gold's words must appear together and in order, not just somewhere."),
        (("It weighs 38 kg and lasts 5 hours", "38 hours"), False,
         "The gold's words must appear together and in order, not just somewhere."),
        (("!", "The"), False,
         "A gold that normalises to '' (only articles or punctuation) is never contained."),
    ]  # fmt: skip
    _expect_bools(fn, cases)


def _expect_bools(fn: Callable, cases: list) -> None:
    for args, expected, hint in cases:
        got = bool(fn(*args))
        assert got == expected, f"{fn.__name__}{args!r} gave {got}, expected {expected}. {hint}"


def _mcq_case(seed: int, n_ids: int, vocab: int, n_prompt: int, padding: int = 0):
    """Random logits ``(n_ids + padding, vocab)`` (padding rows last, huge, as a batch's padding
    might be) and ``n_ids`` token ids of which the first ``n_prompt`` are the prompt."""
    import torch

    gen = torch.Generator().manual_seed(seed)
    logits = torch.randn(n_ids + padding, vocab, generator=gen) * 3
    logits[n_ids:] = 40.0
    ids = torch.randint(0, vocab, (n_ids,), generator=gen).tolist()
    return logits, ids


def _option_mistakes(logits, ids, n_prompt: int) -> dict[str, float]:
    """What common mistakes return (per-token mean), each with the fix it needs."""
    import torch

    t = torch.as_tensor(ids)
    n = len(ids)
    option = t[n_prompt:]

    def picked(rows, targets, table):
        return table(rows).gather(1, targets.unsqueeze(1)).squeeze(1).mean().item()

    log_softmax = lambda rows: torch.log_softmax(rows.float(), dim=-1)  # noqa: E731
    return {
        "The logits at position t predict the token at t + 1: the option's tokens are predicted "
        "from the rows n_prompt - 1 to len(input_ids) - 2, one row before each token.":
            picked(logits[n_prompt:n], option, log_softmax),
        "Score the option's tokens only, not the prompt's: start at row n_prompt - 1.":
            picked(logits[: n - 1], t[1:], log_softmax),
        "Use log-probabilities (torch.log_softmax over the vocabulary), not probabilities.":
            picked(logits[n_prompt - 1 : n - 1], option, lambda r: torch.softmax(r.float(), -1)),
        "Turn the logits into log-probabilities first: torch.log_softmax over the vocabulary "
        "(the last dimension). A raw logit is not a probability.":
            picked(logits[n_prompt - 1 : n - 1], option, lambda r: r.float()),
        "log_softmax over the vocabulary, the last dimension (dim=-1): each row is one position's "
        "scores for every token.":
            picked(logits[n_prompt - 1 : n - 1], option, lambda r: torch.log_softmax(r.float(), 0)),
    }  # fmt: skip


def _judge_option_logprob(fn: Callable, logits, ids, n_prompt: int, where: str) -> None:
    import torch

    before = logits.clone()
    want = {how: mcq.option_logprob(logits, ids, n_prompt, how) for how in ("mean", "sum")}
    for how in ("mean", "sum"):
        got = fn(logits, ids, n_prompt, how)
        try:
            got = float(got)
        except (TypeError, ValueError, RuntimeError):
            raise AssertionError(
                f"{where}, normalize={how!r}: return one number (a float, e.g. with .item()), "
                f"got {type(got).__name__}"
            ) from None
        assert torch.equal(logits, before), (
            "option_logprob changed the logits it was given: use torch.log_softmax(...), not an "
            "in-place method such as .log_softmax_() or -="
        )
        if abs(got - want[how]) <= 1e-4 * max(1.0, abs(want[how])):
            continue
        other = "sum" if how == "mean" else "mean"
        assert abs(got - want[other]) > 1e-4 * max(1.0, abs(want[other])), (
            f"{where}: with normalize={how!r} you returned the {other} ({got:.4f}); expected "
            f"{want[how]:.4f}. 'sum' adds the option tokens' log-probabilities, 'mean' divides that "
            "by the number of option tokens."
        )
        mean = got if how == "mean" else got / (len(ids) - n_prompt)
        for fix, value in _option_mistakes(logits, ids, n_prompt).items():
            assert abs(mean - value) > 1e-4 * max(1.0, abs(value)), f"{where}: {fix}"
        raise AssertionError(
            f"{where}, normalize={how!r}: expected {want[how]:.4f}, got {got:.4f}. Take "
            "torch.log_softmax(logits.float(), dim=-1), keep the rows n_prompt - 1 to "
            "len(input_ids) - 2, and from each the log-probability of the next token."
        )


def _check_option_logprob(fn: Callable) -> None:
    logits, ids = _mcq_case(0, n_ids=9, vocab=12, n_prompt=6)
    _judge_option_logprob(fn, logits, ids, 6, "a prompt of 6 tokens and an option of 3")
    default = float(fn(logits, ids, 6))
    assert abs(default - mcq.option_logprob(logits, ids, 6)) < 1e-4, (
        "without normalize the score should be the mean per token (the default, normalize='mean')"
    )


def _hidden_option_logprob(fn: Callable) -> None:
    logits, ids = _mcq_case(1, n_ids=2, vocab=7, n_prompt=1)
    _judge_option_logprob(fn, logits, ids, 1, "a prompt of 1 token and an option of 1")
    logits, ids = _mcq_case(2, n_ids=8, vocab=10, n_prompt=3, padding=3)
    before = mcq.option_logprob(logits, ids, 3)
    got = float(fn(logits, ids, 3))
    assert abs(got - before) < 1e-4, (
        f"the logits have 3 rows of padding after the 8 tokens read (a batch pads its shorter "
        f"sequences): expected {before:.4f}, got {got:.4f}. The option ends at len(input_ids), "
        "not at the last row of the logits."
    )
    import torch

    logits, ids = _mcq_case(3, n_ids=10, vocab=50, n_prompt=4)
    as_tensor = float(fn(logits, torch.tensor(ids), 4))
    assert abs(as_tensor - mcq.option_logprob(logits, ids, 4)) < 1e-4, (
        "input_ids may come as a tensor as well as a list: torch.as_tensor(input_ids) takes both"
    )
    half = logits.to(torch.bfloat16)
    want = mcq.option_logprob(half, ids, 4, "sum")
    got = float(fn(half, ids, 4, "sum"))
    assert abs(got - want) < 2e-3, (
        f"with bfloat16 logits (as under bf16 autocast) expected {want:.4f}, got {got:.4f}: convert "
        "the logits to float32 (.float()) before log_softmax, or the rounding of bf16 moves the score"
    )


EXERCISES: list[Exercise] = [
    Exercise(
        "0.1",
        "Normalise an answer",
        "normalize",
        _check_normalize,
        metrics.normalize_answer,
        "utils.metrics.normalize_answer",
        hidden=_hidden_normalize,
    ),
    Exercise(
        "0.2",
        "Does the answer contain the gold?",
        "contains_answer",
        _check_contains,
        lambda prediction, gold: bool(metrics.contains(prediction, gold)),
        "utils.metrics.contains",
        hidden=_hidden_contains,
    ),
    Exercise(
        "0.3",
        "Score an option from the logits",
        "option_logprob",
        _check_option_logprob,
        mcq.option_logprob,
        "utils.mcq.option_logprob",
        tier=3,
        hidden=_hidden_option_logprob,
    ),
]
