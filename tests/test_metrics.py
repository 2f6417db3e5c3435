"""Unit tests of utils.metrics on hand-made cases, and of the MCQ scorer on a tiny random model."""

from __future__ import annotations

import copy
import math
import re
import string

import pytest

from utils.mcq import choice_logprobs, mcq_predict
from utils.metrics import (
    bootstrap_ci,
    contains,
    exact_match,
    format_compliance,
    hit_at_k,
    mcq_accuracy,
    mrr,
    normalize_answer,
    reciprocal_rank,
    token_f1,
    with_ci,
)
from utils.settings import SEED

# --- normalize_answer (existing behaviour, kept) --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  The Harbour-Blue colour.", "harbour blue colour"),
        ("1,200 mAh; 1.5 kg", "1200 mah 1.5 kg"),
        (None, ""),
        ("", ""),
        ("“Blue” — it’s blue", "blue it s blue"),
        ("2024–03–05", "2024 03 05"),
        ("an apple", "apple"),
        ("Theory", "theory"),  # an article only as a whole word
        ("１２ kg", "12 kg"),  # NFKC: full-width digits
    ],
)
def test_normalize_answer(text, expected):
    assert normalize_answer(text) == expected


# --- exact match ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prediction", "gold", "expected"),
    [
        ("The Harbour Blue.", "harbour blue", 1.0),
        ("harbour blue", "harbour  BLUE!", 1.0),
        ("1,200 mAh", "1200 mAh", 1.0),
        ("1.5 kg", "15 kg", 0.0),
        ("1.5 kg", "1.5 kg.", 1.0),
        ("2024-03-05", "2024–03–05", 1.0),  # ASCII hyphen vs en dash
        ("2024-03-05", "2024-03-15", 0.0),
        ('"Blue" - it\'s blue', "“Blue” — it’s blue", 1.0),  # straight vs curly quotes
        ("blue", "red", 0.0),
        ("It is blue", "blue", 0.0),  # exact means exact: containment is a separate metric
        ("", "blue", 0.0),
        (None, "blue", 0.0),
        ("", "", 1.0),
    ],
)
def test_exact_match(prediction, gold, expected):
    assert exact_match(prediction, gold) == expected


# --- token F1 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prediction", "gold", "expected"),
    [
        ("harbour blue", "Harbour Blue", 1.0),
        ("harbour blue colour", "blue", 0.5),  # precision 1/3, recall 1 -> 0.5
        ("the blue one", "blue green", 0.5),  # tokens [blue, one] vs [blue, green]
        ("blue blue", "blue", 2 / 3),  # precision 1/2, recall 1
        ("red", "blue", 0.0),
        ("", "", 1.0),
        (None, None, 1.0),
        ("", "blue", 0.0),
        ("blue", None, 0.0),
        ("The.", "a", 1.0),  # both normalise to nothing
    ],
)
def test_token_f1(prediction, gold, expected):
    assert token_f1(prediction, gold) == pytest.approx(expected)


def test_token_f1_numbers_with_units_are_distinct_tokens():
    assert token_f1("1.5 kg", "15 kg") == pytest.approx(0.5)  # only "kg" is shared


# --- containment ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prediction", "gold", "expected"),
    [
        ("It is blue.", "blue", 1.0),
        ("it is BLUE", "Blue", 1.0),
        ("It weighs 112 kg.", "12 kg", 0.0),  # token boundary: 12 is not inside 112
        ("It weighs 12 kg.", "12 kg", 1.0),
        ("It weighs 1.5 kg.", "15 kg", 0.0),
        ("It weighs 15 kg.", "1.5 kg", 0.0),
        ("The battery holds 1,200 mAh.", "1200 mAh", 1.0),
        ("bluegreen", "blue", 0.0),
        ("blue-green", "blue", 1.0),  # the hyphen is punctuation: two tokens
        ("Launched on 2024–03–05.", "2024-03-05", 1.0),
        ("Launched on 2024-03-15.", "2024-03-05", 0.0),
        ("harbour blue", "blue harbour", 0.0),  # order matters
        ("", "blue", 0.0),
        (None, "blue", 0.0),
        ("anything", "", 0.0),  # empty gold is never contained
        ("anything", None, 0.0),
        ("", "", 0.0),
        ("the", "The", 0.0),  # gold normalises to nothing
    ],
)
def test_contains(prediction, gold, expected):
    assert contains(prediction, gold) == expected


# --- format compliance ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Answer: 42", 1.0),
        ("  Answer: 42\n", 1.0),  # stripped first
        ("Answer: 42 because", 0.0),  # full match, not search
        ("The Answer: 42", 0.0),
        ("", 0.0),
        (None, 0.0),
    ],
)
def test_format_compliance(text, expected):
    assert format_compliance(text, r"Answer: \d+") == expected


def test_format_compliance_accepts_a_compiled_pattern():
    assert format_compliance("ANSWER: 7", re.compile(r"answer: \d", re.IGNORECASE)) == 1.0


# --- retrieval ------------------------------------------------------------------------------------


def test_hit_at_k():
    retrieved = ["d3", "d1", "d7"]
    assert hit_at_k(retrieved, "d3", 1) == 1.0
    assert hit_at_k(retrieved, "d1", 1) == 0.0
    assert hit_at_k(retrieved, "d1", 2) == 1.0
    assert hit_at_k(retrieved, "d7", 10) == 1.0  # k larger than the list
    assert hit_at_k(retrieved, "d9", 10) == 0.0
    assert hit_at_k([], "d1", 3) == 0.0


def test_hit_at_k_rejects_k_below_one():
    with pytest.raises(ValueError, match="k must be"):
        hit_at_k(["d1"], "d1", 0)


def test_reciprocal_rank():
    assert reciprocal_rank(["d1", "d2"], "d1") == 1.0
    assert reciprocal_rank(["d3", "d1", "d7"], "d7") == pytest.approx(1 / 3)
    assert reciprocal_rank(["d3", "d1"], "d9") == 0.0
    assert reciprocal_rank([], "d9") == 0.0
    assert reciprocal_rank(("d2", "d1", "d1"), "d1") == 0.5  # first occurrence counts


def test_mrr_with_absent_gold():
    retrieved = [["d1", "d2"], ["d2", "d1"], ["d9", "d8"], ["d5", "d6", "d1"]]
    assert mrr(retrieved, ["d1", "d1", "d1", "d1"]) == pytest.approx((1 + 0.5 + 0 + 1 / 3) / 4)


def test_mrr_edge_cases():
    assert math.isnan(mrr([], []))
    with pytest.raises(ValueError, match="gold ids"):
        mrr([["d1"]], ["d1", "d2"])


# --- bootstrap confidence intervals ---------------------------------------------------------------


def _coin_flips(n: int, p: float = 0.6) -> list[float]:
    import numpy as np

    return np.random.default_rng(7).binomial(1, p, size=n).astype(float).tolist()


def test_bootstrap_ci_contains_the_mean():
    values = _coin_flips(50)
    low, high = bootstrap_ci(values)
    assert low < sum(values) / len(values) < high
    assert 0.0 <= low < high <= 1.0


def test_bootstrap_ci_narrows_with_more_data():
    small_low, small_high = bootstrap_ci(_coin_flips(20))
    large_low, large_high = bootstrap_ci(_coin_flips(2000))
    assert large_high - large_low < (small_high - small_low) / 3


def test_bootstrap_ci_is_reproducible_with_the_same_seed():
    import numpy as np

    values = np.random.default_rng(3).random(40).tolist()  # continuous: seeds give distinct CIs
    assert bootstrap_ci(values) == bootstrap_ci(values, seed=SEED)
    assert bootstrap_ci(values, seed=1) == bootstrap_ci(values, seed=1)
    assert bootstrap_ci(values, seed=1) != bootstrap_ci(values, seed=2)


def test_bootstrap_ci_alpha_widens_the_interval():
    values = _coin_flips(60)
    low95, high95 = bootstrap_ci(values, alpha=0.05)
    low50, high50 = bootstrap_ci(values, alpha=0.5)
    assert low95 <= low50 < high50 <= high95


def test_bootstrap_ci_edge_cases():
    assert all(math.isnan(x) for x in bootstrap_ci([]))
    assert bootstrap_ci([0.7]) == (0.7, 0.7)
    assert bootstrap_ci([1.0] * 5) == (1.0, 1.0)


def test_with_ci_is_rounded_and_json_ready():
    import json

    result = with_ci([1.0, 0.0, 1.0])
    assert result["value"] == 0.6667
    low, high = result["ci95"]
    assert low <= result["value"] <= high
    assert all(round(x, 4) == x for x in (low, high))
    json.dumps(result, allow_nan=False)


def test_with_ci_of_nothing_is_null_not_nan():
    assert with_ci([]) == {"value": None, "ci95": [None, None]}


# --- multiple choice by log-likelihood on a tiny random model -------------------------------------

CHAT_TEMPLATE = (
    "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)
QUESTIONS = ["What colour is the X1?", "How heavy?", "When was the Harbour Pro launched, exactly?"]
CHOICES = [
    ["blue", "red", "harbour green"],
    ["1.5 kg", "15 kg"],
    ["2024-03-05", "March", "in the spring of 2021, I think", "x"],
]


@pytest.fixture(scope="module")
def tiny_tokenizer():
    """A character-level tokenizer with a ChatML-like template, built offline."""
    from tokenizers import Regex, Tokenizer, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    specials = ["<pad>", "<unk>", "<|im_start|>", "<|im_end|>"]
    vocab = {tok: i for i, tok in enumerate(specials + sorted(set(string.printable)))}
    backend = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    backend.pre_tokenizer = pre_tokenizers.Split(Regex(r"[\s\S]"), behavior="isolated")
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=backend,
        pad_token="<pad>",
        unk_token="<unk>",
        bos_token="<|im_start|>",
        eos_token="<|im_end|>",
    )
    tokenizer.chat_template = CHAT_TEMPLATE
    return tokenizer


@pytest.fixture(scope="module")
def tiny_model(tiny_tokenizer):
    """A randomly initialised two-layer Llama: nonsense, but a real causal LM."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(SEED)
    config = LlamaConfig(
        vocab_size=len(tiny_tokenizer),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=4,
        intermediate_size=64,
        max_position_embeddings=256,
        pad_token_id=tiny_tokenizer.pad_token_id,
    )
    return LlamaForCausalLM(config).eval()


def _manual_option_logprob(model, tokenizer, question: str, option: str) -> float:
    """Sum of the option's token log-probabilities from one unpadded forward pass."""
    import torch

    from utils.generation import build_chat_prompts

    (prompt,) = build_chat_prompts(tokenizer, [question], "sys")
    prompt_ids = tokenizer(prompt + "Answer:", add_special_tokens=False)["input_ids"]
    option_ids = tokenizer(" " + option, add_special_tokens=False)["input_ids"]
    ids = torch.tensor([prompt_ids + option_ids])
    with torch.no_grad():
        log_probs = torch.log_softmax(model(input_ids=ids).logits[0].float(), dim=-1)
    return sum(log_probs[len(prompt_ids) - 1 + j, tok].item() for j, tok in enumerate(option_ids))


def test_option_logprob_reads_the_row_before_each_option_token():
    import torch

    from utils.mcq import option_logprob

    # 4 ids read (2 of the prompt), then 2 rows of padding that must be ignored; vocabulary of 3
    logits = torch.full((6, 3), -50.0)
    logits[1, 2] = logits[2, 0] = 0.0  # row 1 predicts token 2 (the option's first), row 2 token 3
    logits[1, 1] = 0.0  # half of row 1's probability goes to token 1 instead
    logits[4:] = 100.0
    ids = [0, 1, 2, 0]
    assert option_logprob(logits, ids, 2, "sum") == pytest.approx(math.log(0.5), abs=1e-6)
    assert option_logprob(logits, ids, 2) == pytest.approx(math.log(0.5) / 2, abs=1e-6)
    assert option_logprob(logits.to(torch.bfloat16), torch.tensor(ids), 2, "sum") == pytest.approx(
        math.log(0.5), abs=1e-3
    )


def test_choice_logprobs_shape_and_values(tiny_model, tiny_tokenizer):
    scores = choice_logprobs(tiny_model, tiny_tokenizer, QUESTIONS, CHOICES, system="sys")
    assert [len(row) for row in scores] == [len(options) for options in CHOICES]
    assert all(score < 0 and math.isfinite(score) for row in scores for score in row)


def test_choice_logprobs_scores_exactly_the_option_tokens(tiny_model, tiny_tokenizer):
    sums = choice_logprobs(
        tiny_model, tiny_tokenizer, QUESTIONS, CHOICES, system="sys", normalize="sum"
    )
    means = choice_logprobs(tiny_model, tiny_tokenizer, QUESTIONS, CHOICES, system="sys")
    for question, options, sum_row, mean_row in zip(QUESTIONS, CHOICES, sums, means, strict=True):
        for option, total, mean in zip(options, sum_row, mean_row, strict=True):
            expected = _manual_option_logprob(tiny_model, tiny_tokenizer, question, option)
            assert total == pytest.approx(expected, abs=1e-4)
            # one token per character, the space before the option included
            assert mean == pytest.approx(expected / (len(option) + 1), abs=1e-4)


@pytest.mark.parametrize("normalize", ["mean", "sum"])
def test_choice_logprobs_batched_equals_one_at_a_time(tiny_model, tiny_tokenizer, normalize):
    kwargs = {"system": "sys", "normalize": normalize}
    batched = choice_logprobs(
        tiny_model, tiny_tokenizer, QUESTIONS, CHOICES, batch_size=16, **kwargs
    )
    partly = choice_logprobs(tiny_model, tiny_tokenizer, QUESTIONS, CHOICES, batch_size=3, **kwargs)
    single = [
        choice_logprobs(tiny_model, tiny_tokenizer, [q], [[o]], batch_size=1, **kwargs)[0][0]
        for q, options in zip(QUESTIONS, CHOICES, strict=True)
        for o in options
    ]
    flat_batched = [s for row in batched for s in row]
    flat_partly = [s for row in partly for s in row]
    assert flat_batched == pytest.approx(single, abs=1e-4)
    assert flat_partly == pytest.approx(single, abs=1e-4)


@pytest.mark.parametrize("normalize", ["mean", "sum"])
@pytest.mark.parametrize("batch_size", [1, 2, 16])
def test_shared_prefix_scores_equal_reading_each_option_whole(
    tiny_model, tiny_tokenizer, normalize, batch_size
):
    """The cached prompt (system turn once per call, each prompt once per question) gives the
    scores of reading prompt + option in one piece: prompts of different lengths, a repeated
    question, one-token and long options."""
    questions = [*QUESTIONS, "How heavy?", "Why?"]
    choices = [*CHOICES, ["15 kg", "1.5 kg"], ["a", "because it is raining all day long"]]
    kwargs = {"system": "sys", "normalize": normalize, "batch_size": batch_size}
    shared = choice_logprobs(tiny_model, tiny_tokenizer, questions, choices, **kwargs)
    whole = choice_logprobs(
        tiny_model, tiny_tokenizer, questions, choices, shared_prefix=False, **kwargs
    )
    assert [len(row) for row in shared] == [len(options) for options in choices]
    assert [s for row in shared for s in row] == pytest.approx(
        [s for row in whole for s in row], abs=1e-4
    )
    assert shared[1] == pytest.approx(shared[3][::-1], abs=1e-5)  # same question, options swapped


def test_shared_prefix_scores_a_lora_model_like_reading_each_option_whole(
    tiny_model, tiny_tokenizer
):
    """The adapter's weights change the cached keys and values too: a LoRA model with non-zero
    adapter weights scores the same both ways, and differently from its base."""
    import torch
    from peft import get_peft_model

    from utils.lora import lora_config

    model = get_peft_model(copy.deepcopy(tiny_model), lora_config(r=4, alpha=8))
    with torch.no_grad():
        for name, param in model.named_parameters():
            if "lora_B" in name:
                param.normal_(0, 0.5)
    shared = choice_logprobs(model, tiny_tokenizer, QUESTIONS, CHOICES, system="sys")
    whole = choice_logprobs(
        model, tiny_tokenizer, QUESTIONS, CHOICES, system="sys", shared_prefix=False
    )
    base = choice_logprobs(tiny_model, tiny_tokenizer, QUESTIONS, CHOICES, system="sys")
    flat = [s for row in shared for s in row]
    assert flat == pytest.approx([s for row in whole for s in row], abs=1e-4)
    assert flat != pytest.approx([s for row in base for s in row], abs=1e-3)


def test_under_bf16_the_near_ties_and_only_they_are_scored_again_in_float32(
    tiny_model, tiny_tokenizer
):
    from utils.mcq import top_margin

    questions = [*QUESTIONS, "Why?", "Which one?"]
    choices = [*CHOICES, ["a", "because", "zz"], ["q", "qq"]]
    kwargs = {"system": "sys"}
    fp32 = choice_logprobs(tiny_model, tiny_tokenizer, questions, choices, **kwargs)
    bf16 = choice_logprobs(
        tiny_model, tiny_tokenizer, questions, choices, autocast=True, recheck_margin=0, **kwargs
    )
    assert [s for row in bf16 for s in row] != pytest.approx([s for row in fp32 for s in row])
    margins = sorted(top_margin(row) for row in bf16)
    cut = (margins[1] + margins[2]) / 2  # two questions below it, the rest above
    checked = choice_logprobs(
        tiny_model, tiny_tokenizer, questions, choices, autocast=True, recheck_margin=cut, **kwargs
    )
    # Scored again in a smaller batch, a score may differ from the full batch's in its last bits
    # (the CPU's matrix kernels block by shape), far below bf16's shifts of about 1e-2.
    for raw, exact, got in zip(bf16, fp32, checked, strict=True):
        assert got == pytest.approx(exact if top_margin(raw) < cut else raw, rel=1e-6, abs=1e-6)
    everything = choice_logprobs(
        tiny_model, tiny_tokenizer, questions, choices, autocast=True, recheck_margin=1e9, **kwargs
    )
    assert [s for row in everything for s in row] == pytest.approx(
        [s for row in fp32 for s in row], rel=1e-6, abs=1e-6
    )


def _scored_while_answering(model, tokenizer, questions, choices, *, bf16, answer_bf16=None,
                            gen_batch=16, **kwargs):  # fmt: skip
    """What an evaluation does: answer the questions and score their choices from the answers'
    cache (utils.mcq.PrefillScorer), then finish the rest."""
    from utils.generation import build_chat_prompts, generate_batch
    from utils.mcq import PrefillScorer

    margin = kwargs.pop("recheck_margin", 0.1)
    prompts = build_chat_prompts(tokenizer, questions, "sys")
    scorer = PrefillScorer(model, tokenizer, prompts, choices, bf16=bf16, **kwargs)
    generate_batch(
        model, tokenizer, prompts, max_new_tokens=3, batch_size=gen_batch, progress=False,
        autocast=bf16 if answer_bf16 is None else answer_bf16, on_batch=scorer,
    )  # fmt: skip
    finished = scorer.finish(
        tokenizer, questions, choices, system="sys", batch_size=16, recheck_margin=margin
    )
    return scorer, finished


@pytest.mark.parametrize("normalize", ["mean", "sum"])
@pytest.mark.parametrize("gen_batch", [1, 2, 16])
def test_choices_scored_from_the_answers_cache_equal_scoring_them_alone(
    tiny_model, tiny_tokenizer, normalize, gen_batch
):
    """Prompts of different lengths (left-padded together), a question asked twice, one-token and
    long options, a question without choices: read from the cache generation left, every score is
    the one of choice_logprobs reading the prompt itself."""
    questions = [*QUESTIONS, "How heavy?", "Why?", "No choices for this one"]
    choices = [*CHOICES, ["15 kg", "1.5 kg"], ["a", "because it is raining all day long"], None]
    scorer, got = _scored_while_answering(
        tiny_model, tiny_tokenizer, questions, choices, bf16=False, gen_batch=gen_batch,
        normalize=normalize,
    )  # fmt: skip
    assert sorted(scorer.scores) == list(range(len(questions) - 1)) and got[-1] is None
    alone = choice_logprobs(
        tiny_model, tiny_tokenizer, questions[:-1], choices[:-1], system="sys", normalize=normalize
    )
    assert [len(row) for row in got[:-1]] == [len(options) for options in choices[:-1]]
    assert [s for row in got[:-1] for s in row] == pytest.approx(
        [s for row in alone for s in row], abs=1e-4
    )


def test_choices_of_a_batch_answered_in_another_precision_are_scored_the_usual_way(
    tiny_model, tiny_tokenizer
):
    scorer, got = _scored_while_answering(
        tiny_model, tiny_tokenizer, QUESTIONS, CHOICES, bf16=True, answer_bf16=False
    )
    assert scorer.scores == {}  # nothing taken from a float32 cache for bf16 scoring
    usual = choice_logprobs(tiny_model, tiny_tokenizer, QUESTIONS, CHOICES, system="sys",
                            autocast=None)  # fmt: skip
    assert [s for row in got for s in row] == pytest.approx([s for row in usual for s in row])


def test_a_cache_of_another_kind_is_left_to_the_usual_way(tiny_model, tiny_tokenizer, monkeypatch):
    """A model whose cache is not plain per-layer tensors (a sliding window, say) is not read."""
    from utils import mcq

    monkeypatch.setattr(mcq, "_plain_cache", lambda cache, width: False)
    scorer, got = _scored_while_answering(
        tiny_model, tiny_tokenizer, QUESTIONS, CHOICES, bf16=False
    )
    assert scorer.scores == {}
    usual = choice_logprobs(tiny_model, tiny_tokenizer, QUESTIONS, CHOICES, system="sys")
    assert [s for row in got for s in row] == pytest.approx([s for row in usual for s in row])


def test_under_bf16_the_near_ties_read_from_the_cache_are_scored_again_in_float32(
    tiny_model, tiny_tokenizer
):
    fp32 = choice_logprobs(tiny_model, tiny_tokenizer, QUESTIONS, CHOICES, system="sys")
    flat32 = [s for row in fp32 for s in row]
    scorer, raw = _scored_while_answering(
        tiny_model, tiny_tokenizer, QUESTIONS, CHOICES, bf16=True, recheck_margin=0
    )
    assert sorted(scorer.scores) == [0, 1, 2] and raw == [scorer.scores[i] for i in range(3)]
    assert [s for row in raw for s in row] != pytest.approx(flat32)  # bf16 moved the scores
    _, checked = _scored_while_answering(
        tiny_model, tiny_tokenizer, QUESTIONS, CHOICES, bf16=True, recheck_margin=1e9
    )
    assert [s for row in checked for s in row] == pytest.approx(flat32, rel=1e-6, abs=1e-6)


def test_choice_logprobs_ignores_the_tokenizers_padding_side(tiny_model, tiny_tokenizer):
    tokenizer = copy.deepcopy(tiny_tokenizer)
    tokenizer.padding_side = "left"  # as a caller may have set it
    left = choice_logprobs(tiny_model, tokenizer, QUESTIONS, CHOICES, system="sys")
    right = choice_logprobs(tiny_model, tiny_tokenizer, QUESTIONS, CHOICES, system="sys")
    assert [s for row in left for s in row] == pytest.approx([s for row in right for s in row])


def test_choice_logprobs_of_a_uniform_model(tiny_model, tiny_tokenizer):
    """Zero output weights: every token has probability 1/V, so sum = -len*log V, mean = -log V."""
    import torch

    model = copy.deepcopy(tiny_model)
    with torch.no_grad():
        model.lm_head.weight.zero_()
    log_v = math.log(model.config.vocab_size)
    means = choice_logprobs(model, tiny_tokenizer, QUESTIONS, CHOICES)
    sums = choice_logprobs(model, tiny_tokenizer, QUESTIONS, CHOICES, normalize="sum")
    for options, mean_row, sum_row in zip(CHOICES, means, sums, strict=True):
        assert mean_row == pytest.approx([-log_v] * len(options), abs=1e-5)
        # the scored text is " " + option: one token per character, the space included
        assert sum_row == pytest.approx([-log_v * (len(o) + 1) for o in options], abs=1e-4)


def _model_preferring(model, tokenizer, token: str):
    """A copy of ``model`` whose output layer makes ``token`` overwhelmingly likely everywhere."""
    import torch

    biased = copy.deepcopy(model)
    head = torch.nn.Linear(model.config.hidden_size, model.config.vocab_size, bias=True)
    with torch.no_grad():
        head.weight.zero_()
        head.bias.zero_()
        head.bias[tokenizer.convert_tokens_to_ids(token)] = 20.0
    biased.lm_head = head
    return biased


def test_mcq_predict_picks_the_option_the_model_prefers(tiny_model, tiny_tokenizer):
    model = _model_preferring(tiny_model, tiny_tokenizer, "z")
    questions = ["Which one?", "And now?", "Last one?"]
    choices = [["a", "z", "q"], ["zzz", "abc"], ["red", "blue", "zz"]]
    assert mcq_predict(model, tiny_tokenizer, questions, choices) == [1, 0, 2]
    scores = choice_logprobs(model, tiny_tokenizer, questions, choices)
    # " z" and " a" both start with a scored space token, so their per-token means differ by
    # about 20 / 2: the whole gap comes from the option's own token
    assert scores[0][1] - scores[0][0] == pytest.approx(10.0, abs=0.5)


def test_mean_normalisation_removes_the_length_bias_of_the_sum(tiny_model, tiny_tokenizer):
    """'zzzz' is the favoured token four times; the sum still prefers the one-token 'q' option
    when each 'z' is only moderately likely, the per-token mean does not."""
    import torch

    model = _model_preferring(tiny_model, tiny_tokenizer, "z")
    with torch.no_grad():
        model.lm_head.bias[tiny_tokenizer.convert_tokens_to_ids("z")] = 5.0
        model.lm_head.bias[tiny_tokenizer.convert_tokens_to_ids("q")] = 4.0
    choices = [["q", "zzzz"]]
    assert mcq_predict(model, tiny_tokenizer, ["Which?"], choices, normalize="sum") == [0]
    assert mcq_predict(model, tiny_tokenizer, ["Which?"], choices, normalize="mean") == [1]


def test_choice_logprobs_restores_training_mode(tiny_model, tiny_tokenizer):
    model = copy.deepcopy(tiny_model)
    for layer in model.model.layers:
        layer.self_attn.attention_dropout = 0.5  # read at forward time, in training mode only
    model.train()
    first = choice_logprobs(model, tiny_tokenizer, QUESTIONS, CHOICES)
    second = choice_logprobs(model, tiny_tokenizer, QUESTIONS, CHOICES)
    assert model.training
    assert first == second  # no dropout while scoring


def test_choice_logprobs_rejects_bad_input(tiny_model, tiny_tokenizer):
    with pytest.raises(ValueError, match="normalize"):
        choice_logprobs(tiny_model, tiny_tokenizer, ["q"], [["a"]], normalize="max")
    with pytest.raises(ValueError, match="no tokens"):
        choice_logprobs(tiny_model, tiny_tokenizer, ["q"], [["a", ""]])
    with pytest.raises(ValueError, match="choices"):
        choice_logprobs(tiny_model, tiny_tokenizer, ["q", "r"], [["a"]])


def test_mcq_accuracy():
    assert mcq_accuracy([0, 2, 1, 1], [0, 2, 0, 1]) == 0.75
    assert mcq_accuracy([1], [1]) == 1.0
    assert math.isnan(mcq_accuracy([], []))
    with pytest.raises(ValueError, match="gold"):
        mcq_accuracy([0, 1], [0])


# --- intervals over facts, and paired differences ---------------------------------------------------


def test_without_clusters_the_interval_is_the_plain_bootstrap():
    values = _coin_flips(50)
    assert bootstrap_ci(values, clusters=list(range(50))) == pytest.approx(bootstrap_ci(values))


def test_two_wordings_of_a_fact_widen_the_interval():
    """Each fact asked twice with the same outcome: half as many independent measurements."""
    values = [v for v in _coin_flips(60) for _ in range(2)]
    facts = [i // 2 for i in range(len(values))]
    low_q, high_q = bootstrap_ci(values)
    low_f, high_f = bootstrap_ci(values, clusters=facts)
    assert (high_f - low_f) > 1.2 * (high_q - low_q)


def test_cluster_labels_must_match_the_values():
    with pytest.raises(ValueError, match="3 values but 2 cluster labels"):
        bootstrap_ci([1.0, 0.0, 1.0], clusters=["a", "b"])


def test_paired_difference_excludes_zero_only_for_a_real_gap():
    from utils.metrics import paired_difference

    better = paired_difference([1.0] * 40 + [0.0] * 10, [0.0] * 40 + [0.0] * 10)
    assert better["value"] == 0.8 and better["ci95"][0] > 0
    same = paired_difference([1.0, 0.0] * 25, [0.0, 1.0] * 25)
    assert same["value"] == 0.0 and same["ci95"][0] < 0 < same["ci95"][1]
    with pytest.raises(ValueError, match="same questions"):
        paired_difference([1.0], [1.0, 0.0])


# --- one scoring path for every system ---------------------------------------------------------------


def _questions():
    from utils.data import Question

    def q(qid, question, answer, choices):
        return Question(qid, f"f{qid}", "doc", question, answer, None, "test", choices, None,
                        choices is None, None)  # fmt: skip

    return [
        q("q1", "What colour is the X1?", "blue", ["red", "blue", "harbour green", "x"]),
        q("q2", "How heavy?", "15 kg", ["1.5 kg", "15 kg", "3 kg", "7 kg"]),
        q("q3", "Who runs it?", "Ilse", None),  # few_peers: free text only
    ]


def test_every_system_scores_the_same_options_the_same_way(tiny_model, tiny_tokenizer):
    """The base path and the fine-tuned path, given the same weights and no context, must give the
    same option scores: what differs between systems is what defines them, never the scoring."""
    from utils.evaluation import evaluate_system
    from utils.profiles import get_profile
    from utils.training import evaluate_finetuned

    groups = {"seen": _questions()}
    base = evaluate_system(tiny_model, tiny_tokenizer, groups, max_new_tokens=2, progress=False)
    tuned = evaluate_finetuned(
        tiny_model, tiny_tokenizer, groups, profile=get_profile("quick"), progress=False
    )
    assert [r.mcq_scores for r in base] == [r.mcq_scores for r in tuned]
    direct = choice_logprobs(tiny_model, tiny_tokenizer, [q.question for q in groups["seen"][:2]],
                             [q.choices for q in groups["seen"][:2]])  # fmt: skip
    for row, expected in zip(base[:2], direct, strict=True):
        assert row.mcq_scores == pytest.approx(expected, abs=1e-5)
    assert [r.mcq_gold for r in base] == [1, 1, None]
    assert base[2].mcq_scores is None and base[2].mcq_choice is None


def test_the_evaluation_cache_gives_back_the_same_rows_and_only_for_the_same_evaluation(
    tiny_model, tiny_tokenizer, tmp_path, monkeypatch, capsys
):
    import copy

    import torch
    from peft import get_peft_model

    from utils.evaluation import evaluate_system
    from utils.lora import lora_config

    groups = {"seen": _questions(), "unseen": _questions()[:1]}

    def ask(model, asked=groups, **kwargs):
        return evaluate_system(
            model, tiny_tokenizer, asked, max_new_tokens=2, progress=False, **kwargs
        )

    monkeypatch.delenv("COURSE_EVAL_CACHE", raising=False)
    uncached = ask(tiny_model)
    monkeypatch.setenv("COURSE_EVAL_CACHE", str(tmp_path))
    first = ask(tiny_model)
    assert [r.prediction for r in first] == [r.prediction for r in uncached]
    assert len(list(tmp_path.glob("*.json"))) == 1 and "loaded" not in capsys.readouterr().out
    again = ask(tiny_model)
    assert (
        again == first and "4 answers loaded from the evaluation cache" in capsys.readouterr().out
    )
    # other settings, other questions: answered, and kept apart
    ask(tiny_model, with_mcq=False)
    ask(tiny_model, {"seen": _questions()[:2]})
    assert len(list(tmp_path.glob("*.json"))) == 3
    # an adapter: its own entry; switched off (same weights), the base model's answers, not its own
    tuned = get_peft_model(copy.deepcopy(tiny_model), lora_config())
    with torch.no_grad():
        for name, weight in tuned.named_parameters():
            if "lora_B" in name:
                weight.normal_(0, 1.0)
    with_adapter = ask(tuned)
    with tuned.disable_adapter():
        without = ask(tuned)
    assert len(list(tmp_path.glob("*.json"))) == 5
    flat = [[s for r in rows if r.mcq_scores for s in r.mcq_scores] for rows in (without, first)]
    assert flat[0] == pytest.approx(flat[1], abs=1e-5)
    assert [r.mcq_scores for r in with_adapter] != [r.mcq_scores for r in without]
    # a half-written or foreign file is answered again, never trusted
    for path in tmp_path.glob("*.json"):
        path.write_text("{not json")
    answered = ask(tiny_model)
    assert "loaded" not in capsys.readouterr().out and answered != first  # measured again
    assert [(r.prediction, r.mcq_scores) for r in answered] == [
        (r.prediction, r.mcq_scores) for r in first
    ]
