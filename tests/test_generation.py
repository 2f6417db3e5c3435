"""Batched generation: the chat template, left padding, and batched == one at a time."""

from utils.generation import (
    DEFAULT_SYSTEM,
    _count_until_eos,
    build_chat_prompts,
    generate_answers,
    generate_batch,
)

QUESTIONS = [
    "What is the capital of France?",
    "Name a primary colour.",
    "How many days are in a week? Answer with a number and explain at length why weeks exist.",
    "Who wrote Hamlet?",
]


def test_prompts_use_the_chat_template(llm):
    _, tokenizer = llm
    prompts = build_chat_prompts(tokenizer, ["Why?"])
    assert DEFAULT_SYSTEM in prompts[0] and "Why?" in prompts[0]
    assert prompts[0].rstrip().endswith("assistant")
    assert "assistant" not in build_chat_prompts(tokenizer, ["Why?"], system=None)[0][:20]


def test_batched_equals_one_at_a_time_in_fp32(llm):
    model, tokenizer = llm
    prompts = build_chat_prompts(tokenizer, QUESTIONS)
    kwargs = {"max_new_tokens": 12, "progress": False, "autocast": False}
    batched = generate_batch(model, tokenizer, prompts, batch_size=4, **kwargs)
    single = generate_batch(model, tokenizer, prompts, batch_size=1, **kwargs)
    assert [g.text for g in batched] == [g.text for g in single]
    assert "paris" in batched[0].text.lower()
    assert all(0 < g.output_tokens <= 12 for g in batched)
    assert [g.prompt_tokens for g in batched] == [g.prompt_tokens for g in single]
    assert batched[2].prompt_tokens > batched[1].prompt_tokens  # padding is not counted
    # batches are formed by prompt length, but every answer comes back in its prompt's place
    backwards = generate_batch(model, tokenizer, prompts[::-1], batch_size=3, **kwargs)
    assert [g.text for g in backwards] == [g.text for g in single][::-1]


def test_generate_answers_returns_strings_in_order(llm):
    model, tokenizer = llm
    answers = generate_answers(
        model, tokenizer, QUESTIONS[:2], max_new_tokens=8, batch_size=2, progress=False
    )
    assert len(answers) == 2 and all(isinstance(a, str) and a for a in answers)
    assert "paris" in answers[0].lower()


class _Tok:
    eos_token_id, pad_token_id = 2, 2


def test_generation_leaves_the_callers_tokenizer_as_it_was(llm):
    model, tokenizer = llm
    tokenizer.padding_side = "right"
    try:
        texts = generate_answers(model, tokenizer, QUESTIONS[:2], max_new_tokens=4, progress=False)
        assert tokenizer.padding_side == "right" and len(texts) == 2
    finally:
        tokenizer.padding_side = "right"


def test_a_tokenizer_without_padding_token_gets_the_fix(llm):
    import copy

    import pytest

    model, tokenizer = llm
    bare = copy.deepcopy(tokenizer)
    bare.pad_token = None
    with pytest.raises(ValueError, match=r"tokenizer\.pad_token = tokenizer\.eos_token"):
        generate_answers(model, bare, ["Why?"], progress=False)


def test_count_until_eos():
    assert _count_until_eos([5, 6, 2, 2], _Tok()) == 2
    assert _count_until_eos([5, 6, 7], _Tok()) == 3
    assert _count_until_eos([2], _Tok()) == 0


def test_a_batch_size_of_zero_is_refused_before_any_work():
    import pytest

    with pytest.raises(ValueError, match="batch_size must be at least 1"):
        generate_batch(None, None, ["Why?"], batch_size=0)


def test_the_progress_bar_moves_at_every_generated_token(llm, monkeypatch):
    import tqdm.auto

    model, tokenizer = llm
    postfixes = []

    class Bar(tqdm.auto.tqdm):
        def set_postfix_str(self, s="", refresh=True):
            postfixes.append(s)

    monkeypatch.setattr(tqdm.auto, "tqdm", Bar)
    prompts = build_chat_prompts(tokenizer, QUESTIONS[:3])
    quiet = generate_batch(model, tokenizer, prompts, batch_size=2, max_new_tokens=4,
                           progress=False, autocast=False)  # fmt: skip
    assert postfixes == []
    shown = generate_batch(model, tokenizer, prompts, batch_size=2, max_new_tokens=4,
                           autocast=False)  # fmt: skip
    assert [g.text for g in shown] == [g.text for g in quiet]  # the ticker never stops anything
    assert postfixes[:2] == ["batch 1/2: token 1/4", "batch 1/2: token 2/4"]
    assert postfixes[-1].startswith("batch 2/2: token ")
