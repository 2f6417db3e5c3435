"""Exercise checks of the fine-tuning track (notebooks 3 and 4): see :mod:`utils.exercises`.

Each check raises an ``AssertionError`` whose message tells the learner what to fix. Importing this
module (every notebook does, through ``utils.exercises``) does not import torch: the LoRA layer's
reference class is built when it is first called.
"""

from __future__ import annotations

from collections.abc import Callable

from utils import ft_data, lora
from utils.exercises.core import Exercise

# --- notebook 3 -------------------------------------------------------------------------------------


def _check_mask_prompt(fn: Callable) -> None:
    prompt, answer, eos = [11, 12, 13, 14], [21, 22], 2
    got = fn(list(prompt), list(answer), eos)
    assert isinstance(got, dict), f"return a dict, got {type(got).__name__}"
    missing = {"input_ids", "labels", "attention_mask"} - set(got)
    assert not missing, f"the dict needs the keys {sorted(missing)}"
    ids, labels = list(got["input_ids"]), list(got["labels"])
    assert ids == [*prompt, *answer, eos], (
        f"input_ids should be the prompt, then the answer, then the end-of-turn id {eos}: "
        f"expected {[*prompt, *answer, eos]}, got {ids}"
    )
    assert len(labels) == len(ids), "labels must be as long as input_ids (one label per position)"
    assert labels[: len(prompt)] == [-100] * len(prompt), (
        f"the prompt's labels must all be -100 (no loss on the question), got {labels[: len(prompt)]}"
    )
    assert labels[len(prompt) :] == [*answer, eos], (
        "the answer's labels are its own token ids, and the end-of-turn token is learned too "
        f"(so the model learns to stop): expected {[*answer, eos]}, got {labels[len(prompt) :]}"
    )
    assert list(got["attention_mask"]) == [1] * len(ids), "every real token gets attention_mask 1"
    empty = fn([5], [], eos)
    assert list(empty["labels"]) == [-100, eos], (
        "with an empty answer only the end token is learned"
    )


def _hidden_mask_prompt(fn: Callable) -> None:
    prompt, answer = [31, 32, 33], [41, 42, 43, 44]
    got = fn(prompt, answer, 0)
    assert prompt == [31, 32, 33] and answer == [41, 42, 43, 44], (
        "mask_prompt changed the lists it was given: build new lists ([*prompt_ids, *answer_ids, "
        "eos_id]) rather than extending prompt_ids in place"
    )
    assert list(got["input_ids"]) == [31, 32, 33, 41, 42, 43, 44, 0], (
        f"input_ids should be prompt + answer + [eos_id] (eos_id 0 here), got {list(got['input_ids'])}"
    )
    assert list(got["labels"]) == [-100, -100, -100, 41, 42, 43, 44, 0], (
        "labels: -100 for each of the 3 prompt tokens, then the answer's ids and eos_id, got "
        f"{list(got['labels'])}"
    )
    empty = fn([], [7, 8], 2)
    assert list(empty["labels"]) == [7, 8, 2] and list(empty["attention_mask"]) == [1, 1, 1], (
        "with an empty prompt nothing is masked: labels are the answer's ids and eos_id, got "
        f"{list(empty['labels'])}"
    )


def _check_sample_paraphrases(fn: Callable) -> None:
    wordings = {f"f{i}": [f"f{i}-q{j}" for j in range(4)] for i in range(12)}
    wordings["short"] = ["only one"]
    one = fn(wordings, 1, 7)
    assert wordings["f0"] == [f"f0-q{j}" for j in range(4)], (
        "do not shuffle the input lists in place: shuffle a copy (list(items))"
    )
    two, every = fn(wordings, 2, 7), fn(wordings, None, 7)
    assert set(one) == set(wordings), "return one entry for every fact"
    for fact, items in wordings.items():
        want = min(2, len(items))
        assert len(two[fact]) == want, (
            f"{fact}: asked for 2 of its {len(items)} wordings, expected {want}, got {len(two[fact])}"
        )
        assert len(set(two[fact])) == len(two[fact]), f"{fact}: a wording was drawn twice"
        assert set(two[fact]) <= set(items), f"{fact}: returned a wording that is not the fact's"
        assert sorted(every[fact]) == sorted(items), "per_fact=None keeps every wording"
        assert set(one[fact]) <= set(two[fact]), (
            f"{fact}: the wording kept with per_fact=1 should be among those kept with 2 (shuffle "
            "each fact with its own seeded generator, then take the first per_fact)"
        )
    assert fn(wordings, 2, 7) == two, "the same seed must give the same sample (reproducible)"
    assert fn(wordings, 2, 8) != two, "another seed should give another sample"
    picked = {w for fact in wordings for w in one[fact] if fact != "short"}
    assert len({w[-1] for w in picked}) > 1, "per_fact=1 always took the same position: shuffle"


def _hidden_sample_paraphrases(fn: Callable) -> None:
    wordings = {f"f{i}": [f"f{i}-q{j}" for j in range(5)] for i in range(8)}
    full = fn(wordings, 2, 3)
    alone = fn({"f5": wordings["f5"]}, 2, 3)
    backwards = fn(dict(reversed(wordings.items())), 2, 3)
    assert alone["f5"] == full["f5"] and backwards == full, (
        "a fact's sample must not depend on the other facts or on their order (the update "
        "experiment trains on other sets of facts): give each fact its own generator, "
        "random.Random(f'{seed}-{fact_id}'), instead of one shared by all"
    )
    three = fn(wordings, 3, 3)
    assert all(set(full[f]) <= set(three[f]) for f in wordings), (
        "nested for every size: what per_fact=2 keeps must be among what per_fact=3 keeps"
    )
    many = fn(wordings, 9, 3)
    assert all(sorted(many[f]) == sorted(wordings[f]) for f in wordings), (
        "per_fact larger than a fact's wordings keeps all of them, each once"
    )
    assert fn({"f0": [], "f1": ["only"]}, 2, 3) == {"f0": [], "f1": ["only"]}, (
        "a fact with no wordings keeps an empty list; one with a single wording keeps it"
    )
    assert fn({}, 2, 3) == {}, "no facts, no samples: return an empty dict"


def _check_pad_batch(fn: Callable) -> None:
    import torch

    features = [
        {"input_ids": [5, 6, 7], "labels": [-100, 6, 7], "attention_mask": [1, 1, 1]},
        {"input_ids": [8, 9], "labels": [-100, 9], "attention_mask": [1, 1]},
    ]
    got = fn(features, 0)
    assert [len(f["input_ids"]) for f in features] == [3, 2], (
        "pad_batch changed the examples it was given: build new lists, do not extend them in place"
    )
    for key in ("input_ids", "labels", "attention_mask"):
        assert key in got, f"the batch needs the key {key!r}"
        assert isinstance(got[key], torch.Tensor), f"{key} should be a tensor"
        assert got[key].shape == (2, 3), (
            f"{key} should have shape (batch, longest example in this batch) = (2, 3), "
            f"got {tuple(got[key].shape)}"
        )
        assert got[key].dtype == torch.long, f"{key} should hold integers (torch.long)"
    assert got["input_ids"].tolist() == [[5, 6, 7], [8, 9, 0]], (
        "pad input_ids on the right with pad_id"
    )
    assert got["labels"].tolist() == [[-100, 6, 7], [-100, 9, -100]], (
        "pad labels with -100, not with pad_id: padding must never be learned"
    )
    assert got["attention_mask"].tolist() == [[1, 1, 1], [1, 1, 0]], "pad attention_mask with 0"
    single = fn(features[1:], 0)
    assert single["input_ids"].shape == (1, 2), "pad to the longest example of *this* batch only"


def _hidden_pad_batch(fn: Callable) -> None:
    features = [
        {"input_ids": [5], "labels": [5], "attention_mask": [1], "length": 1},
        {"input_ids": [6, 7, 8], "labels": [-100, 7, 8], "attention_mask": [1, 1, 1], "length": 3},
        {"input_ids": [9, 10], "labels": [-100, 10], "attention_mask": [1, 1], "length": 2},
    ]
    before = [
        {key: list(v) if isinstance(v, list) else v for key, v in f.items()} for f in features
    ]
    got = _calling(fn, (features, 2), "pad_batch(3 examples, the longest second, each with the "
                   "dataset's extra 'length' column, pad_id=2)",
                   "Pad to the longest example wherever it is in the batch, and pad only "
                   "input_ids, labels and attention_mask (other columns may be there).")  # fmt: skip
    assert features == before, (
        "pad_batch changed the examples it was given: build new lists "
        "(list(f[key]) + [pad] * (width - len(f[key]))) instead of extending them in place"
    )
    want = {
        "input_ids": [[5, 2, 2], [6, 7, 8], [9, 10, 2]],
        "labels": [[5, -100, -100], [-100, 7, 8], [-100, 10, -100]],
        "attention_mask": [[1, 0, 0], [1, 1, 1], [1, 1, 0]],
    }
    pads = {
        "input_ids": "pad_id (2 here)",
        "labels": "-100",
        "attention_mask": "0, whatever pad_id is",
    }
    for key, expected in want.items():
        assert key in got and got[key].tolist() == expected, (
            f"{key} with pad_id=2: expected {expected}, got "
            f"{got[key].tolist() if key in got else 'no such key'}. Pad {key} with {pads[key]}, on "
            "the right, to the longest example of the batch."
        )
    same = fn([{"input_ids": [3, 4], "labels": [3, 4], "attention_mask": [1, 1]}] * 2, 0)
    assert same["input_ids"].shape == (2, 2), "examples of one length need no padding at all"


def _calling(fn: Callable, args: tuple, call: str, hint: str):
    """``fn(*args)``, with ``hint`` added when it raises (``call`` says what was called)."""
    try:
        return fn(*args)
    except NotImplementedError:
        raise
    except Exception as err:  # the learner's code may fail in any way: say what to look at
        raise AssertionError(f"{call} raised {type(err).__name__}: {err}. {hint}") from err


# --- notebook 4 -------------------------------------------------------------------------------------


def observe_lora_linear(
    cls: Callable, d_in: int = 6, d_out: int = 5, r: int = 2, alpha: float = 4.0, seed: int = 0
) -> dict:
    """Build ``cls(nn.Linear(d_in, d_out), r, alpha)`` and record, as plain lists and numbers, what
    the check judges: the shapes of A and B, what is trainable, the output at initialisation, and
    the output once B is set to random values (with every input needed to recompute it)."""
    import torch

    torch.manual_seed(seed)
    base = torch.nn.Linear(d_in, d_out)
    weight, bias = base.weight.detach().clone(), base.bias.detach().clone()
    layer = cls(base, r, alpha)
    seen: dict = {"has_A": hasattr(layer, "A"), "has_B": hasattr(layer, "B")}
    if not (seen["has_A"] and seen["has_B"]):
        return seen
    seen["A_shape"], seen["B_shape"] = list(layer.A.shape), list(layer.B.shape)
    if seen["A_shape"] != [r, d_in] or seen["B_shape"] != [d_out, r]:
        return seen
    seen["trainable"] = sorted(n for n, p in layer.named_parameters() if p.requires_grad)
    seen["A_nonzero"] = int(torch.count_nonzero(layer.A))
    x = torch.randn(3, 4, d_in)  # (B, T, d_in)
    seen["x"], seen["weight"], seen["bias"] = x.tolist(), weight.tolist(), bias.tolist()
    seen["A"] = layer.A.detach().tolist()
    seen["out_at_start"] = layer(x).detach().tolist()
    new_b = torch.randn(d_out, r)
    with torch.no_grad():
        layer.B.copy_(new_b)
    seen["B"] = new_b.tolist()
    seen["out"] = layer(x).detach().tolist()
    return seen


def _judge_lora_linear(observed: Callable, d_in=6, d_out=5, r=2, alpha=4.0, seed=0) -> None:
    import torch

    seen = observed(d_in, d_out, r, alpha, seed)
    assert seen["has_A"] and seen["has_B"], "store the two matrices as self.A, self.B"
    assert seen["A_shape"] == [r, d_in], (
        f"A should be (r, d_in) = ({r}, {d_in}), got {tuple(seen['A_shape'])}"
    )
    assert seen["B_shape"] == [d_out, r], (
        f"B should be (d_out, r) = ({d_out}, {r}), got {tuple(seen['B_shape'])}"
    )
    assert seen["trainable"] == ["A", "B"], (
        f"only A and B should be trainable, the base layer frozen; trainable: {seen['trainable']}"
    )
    assert seen["A_nonzero"] > 0, "initialise A randomly (B = 0 keeps the start exact)"
    x, weight, bias, A, B = (torch.tensor(seen[k]) for k in ("x", "weight", "bias", "A", "B"))
    base_out = x @ weight.T + bias
    at_start = torch.tensor(seen["out_at_start"])
    assert at_start.shape == base_out.shape and torch.allclose(at_start, base_out, atol=1e-5), (
        "at initialisation the layer must equal the base layer: start B at zero"
    )
    got = torch.tensor(seen["out"])
    assert tuple(got.shape) == (3, 4, d_out), (
        f"output should be (3, 4, d_out={d_out}), got {tuple(got.shape)}"
    )
    scaling = alpha / r
    assert torch.allclose(got, base_out + scaling * (x @ A.T @ B.T), atol=1e-4), (
        f"forward should return base(x) + (alpha / r) * x A^T B^T (here alpha / r = {alpha:g} / "
        f"{r} = {scaling:g})"
    )


def _check_lora_linear(observed: Callable) -> None:
    _judge_lora_linear(observed)


def _hidden_lora_linear(observed: Callable) -> None:
    _judge_lora_linear(observed, d_in=3, d_out=7, r=1, alpha=1.0, seed=5)
    _judge_lora_linear(observed, d_in=8, d_out=2, r=3, alpha=4.0, seed=1)  # alpha / r = 1.33


def _check_merge_weight(fn: Callable) -> None:
    import torch

    torch.manual_seed(0)
    weight, A, B = torch.randn(5, 6), torch.randn(2, 6), torch.randn(5, 2)
    before = weight.clone()
    got = _calling(fn, (weight, A, B, 0.5), "merge_weight(W (5, 6), A (2, 6), B (5, 2), 0.5)",
                   "Mind the shapes: B (d_out, r) @ A (r, d_in) is (d_out, d_in), like W.")  # fmt: skip
    assert tuple(got.shape) == (5, 6), (
        f"the merged weight is (d_out, d_in) = (5, 6), got {tuple(got.shape)}"
    )
    assert torch.equal(weight, before), "do not change the base weight in place: return a new one"
    assert torch.allclose(got, weight + 0.5 * B @ A, atol=1e-6), (
        "merged = W + scaling * B @ A (B is (d_out, r), A is (r, d_in))"
    )
    x = torch.randn(3, 6)
    lora_out = x @ weight.T + 0.5 * (x @ A.T @ B.T)
    assert torch.allclose(x @ got.T, lora_out, atol=1e-5), "x W_merged^T must equal the LoRA output"


def _hidden_merge_weight(fn: Callable) -> None:
    import torch

    torch.manual_seed(1)
    weight, A, B = (torch.randn(*shape, dtype=torch.float64) for shape in ((3, 7), (1, 7), (3, 1)))
    got = fn(weight, A, B, 2.0)
    assert tuple(got.shape) == (3, 7) and got.dtype == torch.float64, (
        f"W (3, 7) in float64 with r=1: the merged weight should be (3, 7) float64, got "
        f"{tuple(got.shape)} {got.dtype}. Keep W's shape and dtype (no .float())."
    )
    assert torch.allclose(got, weight + 2.0 * B @ A), (
        "merged = W + scaling * B @ A (scaling 2.0 here)"
    )
    assert torch.equal(fn(weight, A, B, 0.0), weight), (
        "with scaling 0 the merged weight is W itself"
    )
    square = torch.randn(4, 4, dtype=torch.float64)
    A4, B4 = torch.randn(4, 4, dtype=torch.float64), torch.randn(4, 4, dtype=torch.float64)
    assert torch.allclose(fn(square, A4, B4, 1.0), square + B4 @ A4), (
        "with square matrices A @ B has the right shape but the wrong values: the update is B @ A"
    )


def _loss_case(seed: int, dtype=None):
    """Logits (2, 6, 11) and labels with a masked prompt, two answers of different lengths and
    right padding: the shapes of a real training batch, small."""
    import torch

    gen = torch.Generator().manual_seed(seed)
    logits = torch.randn(2, 6, 11, generator=gen) * 2
    labels = torch.tensor([[-100, -100, -100, 3, 7, 1], [-100, -100, 4, 9, -100, -100]])
    return (logits if dtype is None else logits.to(dtype)), labels


def _loss_mistakes(logits, labels) -> dict[str, float]:
    """What common mistakes return, each with the fix it needs."""
    import torch.nn.functional as F

    V = logits.shape[-1]
    flat = lambda x: x.float().reshape(-1, V)  # noqa: E731
    per_token = F.cross_entropy(flat(logits[:, :-1]), labels[:, 1:].reshape(-1), reduction="none")
    learned = (labels[:, 1:] != ft_data.IGNORE_INDEX).reshape(-1)
    rows = per_token.reshape(labels.shape[0], -1)
    counts = learned.reshape(labels.shape[0], -1).sum(dim=1)
    picked = logits[:, :-1].float().gather(2, labels[:, 1:].clamp(min=0).unsqueeze(-1)).squeeze(-1)
    return {
        "The logits at position t predict the label at t + 1: compare logits[:, :-1] with "
        "labels[:, 1:] (shift by one).":
            F.cross_entropy(flat(logits), labels.reshape(-1)).item(),
        "Shift the other way: the logits at position t predict the label at t + 1, so drop the "
        "LAST position of the logits and the FIRST of the labels.":
            F.cross_entropy(flat(logits[:, 1:]), labels[:, :-1].reshape(-1)).item(),
        "Average over the learned tokens only (labels != -100): the masked positions must not "
        "count in the mean.":
            (per_token.sum() / per_token.numel()).item(),
        "Average over every learned token of the batch at once, not per example and then across "
        "examples: a longer answer has more tokens to learn and counts for more.":
            (rows.sum(dim=1) / counts).mean().item(),
        "Take the mean over the learned tokens, not the sum.": per_token.sum().item(),
        "Compute in float32 (logits.float()): bfloat16 logits, as under bf16 autocast, round the "
        "cross-entropy's sums to 3 significant digits.":
            F.cross_entropy(logits[:, :-1].reshape(-1, V), labels[:, 1:].reshape(-1)).item(),
        "Turn the logits into log-probabilities first (F.cross_entropy does it): a raw logit is "
        "not a log-probability.":
            (-(picked.reshape(-1)[learned]).mean()).item(),
    }  # fmt: skip


def _judge_loss(fn: Callable, logits, labels, where: str, atol: float = 1e-5) -> None:
    import torch

    frozen_logits, frozen_labels = logits.detach().clone(), labels.clone()
    leaf = logits.detach().clone().requires_grad_(True)
    got = _calling(fn, (leaf, labels), f"causal_lm_loss({where})",
                   "logits are (batch, positions, vocabulary), labels (batch, positions).")  # fmt: skip
    assert isinstance(got, torch.Tensor) and got.numel() == 1, (
        f"{where}: return the loss as a tensor of one value (the mean), got "
        f"{type(got).__name__} {tuple(getattr(got, 'shape', ()))}"
    )
    assert got.requires_grad, (
        f"{where}: the loss must keep its graph so that .backward() can train: compute it with "
        "torch operations on the logits (no .item(), .detach() or NumPy)"
    )
    assert torch.equal(labels, frozen_labels) and torch.equal(leaf.detach(), frozen_logits), (
        "causal_lm_loss changed its inputs: slice and reshape copies, do not write into them"
    )
    want = ft_data.causal_lm_loss(logits, labels).item()
    value = got.item()
    if abs(value - want) <= atol * max(1.0, abs(want)):
        return
    for fix, wrong in _loss_mistakes(logits, labels).items():
        assert abs(value - wrong) > 1e-5 * max(1.0, abs(wrong)), f"{where}: {fix}"
    raise AssertionError(
        f"{where}: expected {want:.5f}, got {value:.5f}. The loss is the cross-entropy of "
        "logits[:, :-1] against labels[:, 1:], averaged over the positions whose label is not -100."
    )


def _check_causal_lm_loss(fn: Callable) -> None:
    logits, labels = _loss_case(0)
    _judge_loss(fn, logits, labels, "2 examples of 6 positions, answers of 3 and 2 tokens")


def _hidden_causal_lm_loss(fn: Callable) -> None:
    import torch

    logits, labels = _loss_case(1)
    labels[1] = -100  # an example with nothing to learn (its answer was cut off)
    _judge_loss(fn, logits, labels, "the second example has no learned token")
    single = torch.randn(1, 9, 40, generator=torch.Generator().manual_seed(2))
    _judge_loss(fn, single, torch.tensor([[-100, 5, 6, 7, 8, 9, 10, 11, 12]]),
                "one example of 9 positions, vocabulary 40")  # fmt: skip
    half, labels = _loss_case(3, dtype=torch.bfloat16)
    _judge_loss(fn, half, labels, "bfloat16 logits (as under bf16 autocast)", atol=1e-4)


#: What exercise 4.3 and its check import, loaded before the grader runs the learner's code, and
#: what they need: importing transformers' Trainer alone maps 2.2 GB of address space, and two
#: training steps of a tiny model take a few CPU seconds on top of starting the Trainer.
TRAINER_MODULES = ("peft", "transformers.trainer", "transformers.models.llama.modeling_llama")
TRAINER_FLOOR = {"wall_s": 90.0, "cpu_s": 90, "memory_mb": 6144}


def _tiny_case(case: int):
    """A two-layer Llama of a few thousand weights, 8 training examples, and the other arguments
    of ``make_trainer``, for case 0 (rank 2) or 1 (rank 4, another learning rate)."""
    import tempfile

    import torch
    from transformers import LlamaConfig, LlamaForCausalLM, TrainingArguments

    torch.manual_seed(case)
    config = LlamaConfig(vocab_size=48, hidden_size=16, intermediate_size=32, num_hidden_layers=2,
                         num_attention_heads=2, num_key_value_heads=1, pad_token_id=0)  # fmt: skip
    model = LlamaForCausalLM(config)
    g = torch.Generator().manual_seed(case)
    rows = []
    for i in range(8):
        ids = torch.randint(3, 48, (5 + i % 3,), generator=g).tolist()
        rows.append({"input_ids": ids, "attention_mask": [1] * len(ids),
                     "labels": [-100, -100, *ids[2:]], "length": len(ids)})  # fmt: skip
    dataset = rows  # the Trainer takes any sized, indexable collection of examples
    args = TrainingArguments(
        output_dir=tempfile.mkdtemp(prefix="exercise-4.3-"), max_steps=2,
        per_device_train_batch_size=4, learning_rate=(5e-2, 2e-2)[case], use_cpu=True, seed=case,
        report_to="none", save_strategy="no", logging_steps=1, disable_tqdm=True,
        remove_unused_columns=False, dataloader_num_workers=0,
    )  # fmt: skip
    lora_cfg = lora.lora_config(r=(2, 4)[case], alpha=(4, 8)[case])

    def collate(features):
        return ft_data.pad_batch(features, 0)

    def loss(outputs, labels, num_items_in_batch=None):
        return ft_data.causal_lm_loss(outputs.logits, labels)

    return model, lora_cfg, args, dataset, collate, loss


def observe_make_trainer(fn: Callable, case: int = 0) -> dict:
    """Call ``fn`` as ``train_lora`` does, on a tiny model, and record as plain data what it built
    (the model it wraps, the arguments it kept) and the losses of two training steps."""
    import warnings

    with warnings.catch_warnings():  # peft 0.21 calls an API that transformers 5 deprecates
        warnings.filterwarnings("ignore", "`is_gradient_checkpointing`", FutureWarning)
        return _observe_make_trainer(fn, case)


def _observe_make_trainer(fn: Callable, case: int = 0) -> dict:
    import shutil

    import torch
    from transformers import PrinterCallback, Trainer

    model, lora_cfg, args, dataset, collate, loss = _tiny_case(case)
    before = {n: p.detach().clone() for n, p in model.named_parameters()}
    torch.manual_seed(case)  # the LoRA initialisation, as train_lora seeds it
    try:
        trainer = _calling(fn, (model, lora_cfg, args, dataset, collate, loss),
                           "make_trainer(model, lora, args, dataset, collate, loss)",
                           "It should call get_peft_model, then build the Trainer.")  # fmt: skip
        seen: dict = {"trainer": isinstance(trainer, Trainer), "type": type(trainer).__name__}
        if not seen["trainer"]:
            return seen
        wrapped = trainer.model
        seen["peft"] = hasattr(wrapped, "peft_config")
        seen["rank"] = wrapped.peft_config["default"].r if seen["peft"] else None
        seen["expected_rank"] = lora_cfg.r
        seen["same_args"] = trainer.args is args
        seen["same_dataset"] = trainer.train_dataset is dataset
        seen["same_collate"] = trainer.data_collator is collate
        seen["same_loss"] = trainer.compute_loss_func is loss
        seen["steps_before"] = trainer.state.global_step
        seen["trainable"] = sum(p.numel() for p in wrapped.parameters() if p.requires_grad)
        ready = ("peft", "same_args", "same_dataset", "same_collate", "same_loss")
        if not all(seen[k] for k in ready) or seen["steps_before"]:
            return seen  # the check names what is missing; training it could only fail less clearly
        trainer.remove_callback(PrinterCallback)  # the losses are read from its state instead
        trainer.train()
        seen["losses"] = [round(h["loss"], 6) for h in trainer.state.log_history if "loss" in h]
        after = {n.replace(".base_layer", ""): p for n, p in model.named_parameters()}
        seen["base_changed"] = sorted(n for n, p in before.items() if not torch.equal(p, after[n]))
        return seen
    finally:
        shutil.rmtree(args.output_dir, ignore_errors=True)


def _judge_make_trainer(observed: Callable, case: int) -> None:
    from utils.training import make_trainer

    seen = observed(case)
    assert seen["trainer"], f"return the Trainer itself (transformers.Trainer), got {seen['type']}"
    assert seen["peft"], (
        "the Trainer's model is not a peft model: wrap the model first, "
        "peft_model = get_peft_model(model, lora), and give the Trainer peft_model"
    )
    assert seen["rank"] == seen["expected_rank"], (
        f"the adapters have rank {seen['rank']}, but the lora configuration given has rank "
        f"{seen['expected_rank']}: pass the `lora` argument to get_peft_model, not a new config"
    )
    assert seen["same_args"], (
        "pass the `args` you were given (args=args): they hold the learning rate, the epochs and "
        "the batch size of the parameters cell"
    )
    assert seen["same_dataset"], "train on the `dataset` given (train_dataset=dataset)"
    assert seen["same_collate"], (
        "give the Trainer the `collate` function (data_collator=collate): it pads each batch and "
        "counts its tokens"
    )
    assert seen["same_loss"], (
        "give the Trainer the `loss` function (compute_loss_func=loss): the loss the course "
        "minimises"
    )
    assert seen["steps_before"] == 0, (
        "return the Trainer before training it: train_lora calls trainer.train() itself, to time it"
    )
    assert not seen["base_changed"], (
        f"training changed base weights ({seen['base_changed'][:2]}...): only LoRA's A and B "
        "should learn"
    )
    expected = observe_make_trainer(make_trainer, case)
    assert seen["trainable"] == expected["trainable"], (
        f"{seen['trainable']:,} trainable parameters, expected {expected['trainable']:,} (LoRA's "
        "A and B only)"
    )
    assert seen["losses"] == expected["losses"], (
        f"two training steps gave the losses {seen['losses']}, the reference {expected['losses']}"
    )


def _check_make_trainer(observed: Callable) -> None:
    _judge_make_trainer(observed, 0)


def _hidden_make_trainer(observed: Callable) -> None:
    _judge_make_trainer(observed, 1)  # another rank and learning rate


# --- the reference class, built when called ------------------------------------------------------


def _lora_linear(*args, **kwargs):
    return lora.LoRALinear(*args, **kwargs)


def _make_trainer(*args, **kwargs):  # utils.training imports transformers: only when called
    from utils.training import make_trainer

    return make_trainer(*args, **kwargs)


EXERCISES: list[Exercise] = [
    Exercise("3.1", "Mask the prompt's labels", "mask_prompt", _check_mask_prompt, ft_data.mask_prompt,
             "utils.ft_data.mask_prompt", hidden=_hidden_mask_prompt),
    Exercise("3.2", "Sample paraphrases per fact", "sample_paraphrases", _check_sample_paraphrases,
             ft_data.sample_paraphrases, "utils.ft_data.sample_paraphrases", tier=2,
             hidden=_hidden_sample_paraphrases),
    Exercise("3.3", "Pad a batch dynamically", "pad_batch", _check_pad_batch, ft_data.pad_batch,
             "utils.ft_data.pad_batch", tier=2, hidden=_hidden_pad_batch),
    Exercise("4.1", "A LoRA linear layer", "LoRALinear", _check_lora_linear, _lora_linear,
             "utils.lora.LoRALinear", tier=2, hidden=_hidden_lora_linear, observe=observe_lora_linear),
    Exercise("4.3", "Assemble the training", "make_trainer", _check_make_trainer, _make_trainer,
             "utils.training.make_trainer", tier=2, hidden=_hidden_make_trainer,
             observe=observe_make_trainer, preload=TRAINER_MODULES, floor=TRAINER_FLOOR),
    Exercise("4.4", "Merge LoRA into the weight", "merge_weight", _check_merge_weight,
             lora.merge_weight, "utils.lora.merge_weight", hidden=_hidden_merge_weight),
    Exercise("4.2", "The training loss by hand", "causal_lm_loss", _check_causal_lm_loss,
             ft_data.causal_lm_loss, "utils.ft_data.causal_lm_loss", tier=3,
             hidden=_hidden_causal_lm_loss),
]  # fmt: skip
