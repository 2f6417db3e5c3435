"""Fine-tuning on a CPU: the training data (notebook 3) and LoRA training with transformers' Trainer
(notebook 4), plus the training benchmark (``python -m utils.bench bench_finetune``).

The model learns one thing per training example: the answer to a ``train`` question, written in the
house format (``Answer: 38 hours [doc: tessel-a250]``), after the question in the chat template. Only
the answer's tokens are learned (every other label is -100). The test questions are other wordings
of the same facts, never trained on.

Every size that depends on the profile lives in :data:`FT_SIZES`; the code path is the same for both.
Nothing heavy is imported at module level: torch, transformers, peft and datasets load inside functions.
"""

from __future__ import annotations

import os
import random
import time
import warnings
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from utils.generation import DEFAULT_SYSTEM, build_chat_prompts
from utils.settings import SEED, get_profile, results_dir, seed_everything

# The system prompt of every training example, and so of every question asked of the fine-tuned model.
# The same short one the base model is evaluated with: the only difference between the two systems is
# the weights. (Leaving it out would make the template add its own, longer, default.)
FT_SYSTEM = DEFAULT_SYSTEM
IGNORE_INDEX = -100  # the label PyTorch's cross-entropy skips: no loss, no gradient
# The adapter is saved under utils.settings.results_dir(); notebook 5 reloads it from there.
ADAPTER_SUBDIR = "adapters/ft"
ADAPTER_MANIFEST = "course_adapter.json"
# The groups of the fine-tuned model's record (the knowledge update is notebook 5's experiment).
EVAL_GROUPS = ("seen", "unseen")


@dataclass(frozen=True)
class FTSizes:
    """How much the fine-tuning track trains and measures. Only sizes differ between profiles."""

    name: str
    max_train_facts: int | None  # facts trained on (None: every fact of the non-held-out documents)
    paraphrases_per_fact: int | None  # training wordings per fact (None: all of them, 4)
    num_epochs: int  # passes over the training examples
    batch_size: int  # examples per optimizer step
    lr: float  # peak learning rate of the LoRA weights
    max_length: int  # longest example in tokens (prompt + answer); longer ones are refused
    max_new_tokens: int  # generation budget of the fine-tuned model (the house line is up to ~26)
    precision_steps: int  # steps of the fp32-vs-bf16 comparison
    ablation_facts: int  # facts in the paraphrase ablation
    ablation_epochs: int  # epochs of its all-wordings setting (the others see as many examples)
    ablation_paraphrases: tuple[int | None, ...]  # the settings compared (None: all wordings)


FT_SIZES = {
    "quick": FTSizes("quick", max_train_facts=24, paraphrases_per_fact=None, num_epochs=4,
                     batch_size=16, lr=2e-3, max_length=96, max_new_tokens=32, precision_steps=3,
                     ablation_facts=6, ablation_epochs=2, ablation_paraphrases=(1, 2, None)),
    "full": FTSizes("full", max_train_facts=None, paraphrases_per_fact=None, num_epochs=3,
                    batch_size=16, lr=2e-3, max_length=96, max_new_tokens=32, precision_steps=6,
                    ablation_facts=40, ablation_epochs=3, ablation_paraphrases=(1, 2, None)),
}  # fmt: skip


def get_ft_sizes(profile=None) -> FTSizes:
    """The fine-tuning sizes of ``profile`` (a Profile, a name, or None for the active profile)."""
    name = getattr(profile, "name", profile) or get_profile().name
    return FT_SIZES[name]


class EmptyTrainingSetError(ValueError):
    """There is nothing to train on; the message says what filtered everything out."""


class ExampleTooLongError(ValueError):
    """Training examples longer than ``max_length`` tokens; the message names them."""


class NotEnoughMemoryError(MemoryError):
    """The chosen batch does not fit in memory; the message names the setting to lower."""


class AdapterMismatchError(ValueError):
    """An adapter was trained on another base model than the one it is loaded into."""


# --- notebook 3: which examples ------------------------------------------------------------------


def v1_train_questions(questions: Iterable) -> list:
    """The ``train`` questions with a version-1 answer: what the v1 fine-tune may learn (notebook 3).

    Facts that only exist in version 2 have ``answer=None``; they wait for the update in notebook 5.
    """
    return [q for q in questions if q.split == "train" and q.answer is not None]


def wordings_by_fact(questions: Iterable) -> dict[str, list]:
    """``{fact_id: [question, ...]}`` in file order (notebook 3)."""
    grouped: dict[str, list] = defaultdict(list)
    for q in questions:
        grouped[q.fact_id].append(q)
    return dict(grouped)


def sample_paraphrases(
    wordings: Mapping[str, Sequence], per_fact: int | None, seed: int = SEED
) -> dict[str, list]:
    """Up to ``per_fact`` wordings of each fact (None: all), drawn reproducibly (notebook 3).

    Each fact is shuffled by its own ``random.Random(f"{seed}-{fact_id}")`` and its first
    ``per_fact`` wordings are kept: the result does not depend on the other facts, and the wordings
    kept with ``per_fact=1`` are among those kept with ``per_fact=2`` (nested, for a fair ablation).

    >>> sample_paraphrases({"f1": ["a", "b", "c"]}, 2, seed=0)
    {'f1': ['c', 'a']}
    """
    if per_fact is not None and per_fact < 1:
        raise ValueError(f"per_fact must be at least 1 (or None for all), got {per_fact}")
    sampled = {}
    for fact_id, items in wordings.items():
        shuffled = list(items)
        random.Random(f"{seed}-{fact_id}").shuffle(shuffled)
        sampled[fact_id] = shuffled if per_fact is None else shuffled[:per_fact]
    return sampled


def choose_train_facts(
    fact_ids: Sequence[str],
    first: Sequence[str] = (),
    max_facts: int | None = None,
    seed: int = SEED,
) -> list[str]:
    """``max_facts`` of ``fact_ids`` (None: all): those in ``first`` (e.g. evaluated ones) first,
    then the others in a seeded random order (notebook 4)."""
    priority = [f for f in dict.fromkeys(first) if f in set(fact_ids)]
    others = sorted(set(fact_ids) - set(priority))
    random.Random(seed).shuffle(others)
    chosen = priority + others
    return chosen if max_facts is None else chosen[:max_facts]


def training_records(
    questions: Iterable, house, *, per_fact: int | None = None, facts=None, seed: int = SEED
) -> list[dict]:
    """One record per training example: the question, and its answer in the house format.

    Introduced in notebook 3. ``per_fact`` wordings of each fact (None: all), restricted to ``facts``
    (None: every fact); only ``train`` questions with a version-1 answer are used.
    """
    grouped = wordings_by_fact(v1_train_questions(questions))
    if facts is not None:
        grouped = {f: grouped[f] for f in facts if f in grouped}
    records = []
    for fact_id, chosen in sample_paraphrases(grouped, per_fact, seed).items():
        for q in chosen:
            answer = house.render(q.answer, q.doc_id)
            records.append(
                {"qid": q.qid, "fact_id": fact_id, "question": q.question, "answer": answer}
            )
    return records


# --- notebook 3: tokens and labels -----------------------------------------------------------------


def mask_prompt(prompt_ids: list[int], answer_ids: list[int], eos_id: int) -> dict[str, list[int]]:
    """One training example: the prompt, the answer and end-of-turn, with the prompt's labels masked.

    Introduced in notebook 3 (Exercise 3.1). The model is trained to produce ``labels`` at every
    position; -100 means "no loss here", so only the answer and the end-of-turn token are learned.

    >>> mask_prompt([5, 6, 7], [8, 9], eos_id=2)
    {'input_ids': [5, 6, 7, 8, 9, 2], 'labels': [-100, -100, -100, 8, 9, 2], 'attention_mask': [1, 1, 1, 1, 1, 1]}
    """
    input_ids = [*prompt_ids, *answer_ids, eos_id]
    labels = [IGNORE_INDEX] * len(prompt_ids) + [*answer_ids, eos_id]
    return {"input_ids": input_ids, "labels": labels, "attention_mask": [1] * len(input_ids)}


def tokenize_record(
    record: Mapping, tokenizer, *, system: str | None = FT_SYSTEM, mask: Callable = mask_prompt
) -> dict:
    """The token ids and labels of one record (``training_records``), with its length (notebook 3).

    The prompt (system + question in the chat template, ending where the assistant speaks) and the
    answer are tokenised separately, as the evaluation scores options: the answer's tokens are the
    same in training and in testing.
    """
    prompt = build_chat_prompts(tokenizer, [record["question"]], system)[0]
    prompt_ids = tokenizer(prompt, add_special_tokens=False)["input_ids"]
    answer_ids = tokenizer(record["answer"], add_special_tokens=False)["input_ids"]
    example = mask(prompt_ids, answer_ids, tokenizer.eos_token_id)
    return {**example, "length": len(example["input_ids"])}


def build_dataset(
    tokenizer,
    records: Sequence[Mapping],
    *,
    system: str | None = FT_SYSTEM,
    max_length: int,
    too_long: str = "error",
    mask: Callable = mask_prompt,
):
    """A ``datasets.Dataset`` of tokenised examples, built with ``Dataset.map`` (notebook 3).

    Columns: ``qid``, ``fact_id``, ``question``, ``answer``, ``input_ids``, ``labels``,
    ``attention_mask``, ``length``. Examples longer than ``max_length`` tokens are refused, naming
    their ids (``too_long="error"``), or cut to ``max_length`` with a warning (``"truncate"``; the
    cut removes the end of the answer, so the model would learn an unfinished one).
    """
    from datasets import Dataset

    if not records:
        raise EmptyTrainingSetError(
            "No training examples: the selection of questions is empty. Check the facts and "
            "`per_fact` you asked for, and that the train questions have version-1 answers."
        )
    tokenize = {"tokenizer": tokenizer, "system": system, "mask": mask}
    dataset = Dataset.from_list(list(records)).map(tokenize_record, fn_kwargs=tokenize)
    return _limit_length(dataset, max_length, too_long)


def _limit_length(dataset, max_length: int, too_long: str):
    """Refuse (``"error"``) or cut (``"truncate"``) the examples longer than ``max_length``."""
    if too_long not in ("error", "truncate"):
        raise ValueError(f"too_long must be 'error' or 'truncate', got {too_long!r}")
    long_ids = [
        qid for qid, n in zip(dataset["qid"], dataset["length"], strict=True) if n > max_length
    ]
    if not long_ids:
        return dataset
    shown = ", ".join(long_ids[:5]) + (" ..." if len(long_ids) > 5 else "")
    if too_long == "error":
        raise ExampleTooLongError(
            f"{len(long_ids)} training example(s) exceed max_length={max_length} tokens: {shown}. "
            "Raise max_length, shorten those questions or answers, or pass too_long='truncate'."
        )
    warnings.warn(
        f"Truncating {len(long_ids)} example(s) to {max_length} tokens ({shown}): their answers "
        "are cut, so the model learns unfinished answers for them.",
        stacklevel=3,
    )
    keys = ("input_ids", "labels", "attention_mask")
    cut = {k: [row[:max_length] for row in dataset[k]] for k in keys}
    cut["length"] = [min(n, max_length) for n in dataset["length"]]
    for key, values in cut.items():
        dataset = dataset.remove_columns(key).add_column(key, values)
    return dataset


# --- notebook 3: batches --------------------------------------------------------------------------


def pad_batch(features: Sequence[Mapping], pad_id: int) -> dict:
    """Right-pad a batch to its own longest example: dynamic padding (notebook 3, Exercise 3.3).

    ``input_ids`` are padded with ``pad_id``, ``labels`` with -100 (padding is never learned),
    ``attention_mask`` with 0. Returns ``(B, T)`` long tensors, ``T`` the longest example in the batch.
    """
    import torch

    width = max(len(f["input_ids"]) for f in features)
    pads = {"input_ids": pad_id, "labels": IGNORE_INDEX, "attention_mask": 0}
    return {
        key: torch.tensor([list(f[key]) + [pad] * (width - len(f[key])) for f in features])
        for key, pad in pads.items()
    }  # each (B, T)


def padded_tokens(lengths: Sequence[int], batch_size: int, order: str, seed: int = SEED) -> int:
    """Tokens the model computes over one epoch when batches are padded (notebook 3).

    ``order``: ``"max_length"`` (every example padded to the longest of the data set),
    ``"random"`` (shuffled batches, each padded to its own longest: dynamic padding) or
    ``"grouped"`` (batches of similar lengths, then dynamic padding: length grouping).
    """
    if order == "max_length":
        return max(lengths) * len(lengths)
    ordered = list(lengths)
    random.Random(seed).shuffle(ordered)
    if order == "grouped":
        ordered.sort()
    elif order != "random":
        raise ValueError(f"order must be 'max_length', 'random' or 'grouped', got {order!r}")
    batches = [ordered[i : i + batch_size] for i in range(0, len(ordered), batch_size)]
    return sum(max(b) * len(b) for b in batches)


def token_stats(dataset, batch_size: int, num_epochs: int = 1) -> dict:
    """Lengths and token counts of a tokenised data set, and what padding would cost (notebook 3)."""
    import numpy as np

    lengths = np.array(dataset["length"])
    answer = sum(sum(label != IGNORE_INDEX for label in row) for row in dataset["labels"])
    stats = {
        "examples": len(lengths),
        "length_min": int(lengths.min()),
        "length_median": float(np.median(lengths)),
        "length_max": int(lengths.max()),
        "tokens": int(lengths.sum()),
        "answer_tokens": int(answer),
    }
    for order in ("max_length", "random", "grouped"):
        stats[f"computed_tokens_{order}"] = padded_tokens(lengths.tolist(), batch_size, order)
    stats["training_tokens"] = stats["computed_tokens_grouped"] * num_epochs
    return stats


# --- notebook 4: training with the Trainer ----------------------------------------------------------


def set_threads(n: int | None = None) -> int:
    """Give PyTorch one thread per core this process may use (notebook 4); return the count.

    More threads than cores (hyper-threads, or cores other jobs hold) slow a CPU training step down.
    """
    import torch

    if n is None:
        usable = (
            len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        )
        n = max(1, min(usable or 1, _physical_cores() or usable or 1))
    torch.set_num_threads(n)
    return n


def _physical_cores() -> int | None:
    """Physical cores (psutil), or None where it cannot tell."""
    try:
        import psutil
    except ImportError:
        return None
    return psutil.cpu_count(logical=False)


def training_arguments(
    sizes: FTSizes, output_dir: str | Path, *, bf16: bool, seed: int = SEED, use_cpu: bool = True
):
    """The ``TrainingArguments`` of the course's LoRA training, one reason per argument (notebook 4)."""
    from transformers import TrainingArguments

    return TrainingArguments(
        output_dir=str(output_dir),  # required; nothing is written there (no checkpoints, no logs)
        num_train_epochs=sizes.num_epochs,  # a few passes: memorising a fact needs repetition
        per_device_train_batch_size=sizes.batch_size,  # 16 short examples: fits a laptop's memory
        learning_rate=sizes.lr,  # high for fine-tuning, usual for LoRA: only the small A, B learn
        lr_scheduler_type="linear",  # decay to 0, so the last steps settle rather than jump
        warmup_steps=0.05,  # the first 5 % of steps ramp the rate up from 0 (a ratio below 1)
        weight_decay=0.0,  # no pull towards 0: B starts at 0 and must grow to store the facts
        max_grad_norm=1.0,  # clip rare large gradients at this high learning rate
        bf16=bf16,  # bf16 autocast: matmuls in bf16, weights and optimizer state stay fp32
        use_cpu=use_cpu,  # train where the model is: the CPU unless a GPU was found
        train_sampling_strategy="group_by_length",  # batches of similar lengths: little padding
        length_column_name="length",  # precomputed by build_dataset, not recomputed at start
        remove_unused_columns=False,  # the collator picks its three columns; keep `length`
        logging_steps=1,  # the loss of every step, for the loss curve
        save_strategy="no",  # no checkpoints: the adapter is saved once, at the end
        report_to="none",  # no experiment tracker: offline
        disable_tqdm=True,  # the course's own progress bar (TrainingMonitor) shows the loss
        seed=seed,  # the Trainer's seed (LoRA init is seeded before, in train_lora)
        data_seed=seed,  # the order of the examples
        dataloader_num_workers=0,  # tokenised already: workers would only add start-up time
    )


def _trainer_callback_base():
    from transformers import TrainerCallback

    return TrainerCallback


@dataclass
class TrainRun:
    """What one training run gives back: the model, its loss curve and what it cost (notebook 4)."""

    model: object  # the peft model, in eval mode
    losses: list[float]  # one per optimizer step
    step_seconds: list[float]
    step_tokens: list[int]  # real (not padding) tokens per step
    seconds: float  # wall time of trainer.train()
    peak_rss_mb: float  # highest resident memory of the process during training
    bf16: bool
    extra: dict = field(default_factory=dict)

    def tokens_per_s(self, skip: int = 1) -> float:
        """Real tokens per second over the steps after the first ``skip`` (warm-up) ones."""
        seconds = sum(self.step_seconds[skip:])
        tokens = sum(self.step_tokens[skip : len(self.step_seconds)])  # the loader may fetch ahead
        return tokens / seconds if seconds else float("nan")

    def step_rates(self, skip: int = 1) -> list[float]:
        """Real tokens per second of each step after the first ``skip`` (warm-up) ones."""
        pairs = zip(self.step_tokens[skip:], self.step_seconds[skip:], strict=False)
        return [tokens / seconds for tokens, seconds in pairs]


def make_monitor(total_steps: int, stop_after: int | None = None, progress: bool = True):
    """A Trainer callback that records loss, time and tokens per step and shows a progress bar.

    Introduced in notebook 4. ``monitor.collator(pad_batch_fn)`` wraps the data collator to count the
    real tokens of each batch; ``stop_after`` ends training after that many steps (the schedule stays
    the one of the full run, so those steps are exactly the full run's first ones).
    """
    from tqdm.auto import tqdm

    class TrainingMonitor(_trainer_callback_base()):
        def __init__(self):
            self.losses, self.step_seconds, self.step_tokens, self._t0 = [], [], [], 0.0
            self.bar = tqdm(total=stop_after or total_steps, desc="training", disable=not progress)

        def collator(self, collate: Callable) -> Callable:
            def counting(features):
                batch = collate(features)
                self.step_tokens.append(int(batch["attention_mask"].sum()))
                return batch

            return counting

        def on_step_begin(self, args, state, control, **kwargs):
            self._t0 = time.perf_counter()

        def on_step_end(self, args, state, control, **kwargs):
            self.step_seconds.append(time.perf_counter() - self._t0)
            if stop_after is not None and state.global_step >= stop_after:
                control.should_training_stop = True

        def on_log(self, args, state, control, logs=None, **kwargs):
            if logs and "loss" in logs:
                self.losses.append(float(logs["loss"]))
                self.bar.update(1)
                self.bar.set_postfix(loss=f"{self.losses[-1]:.3f}")

        def on_train_end(self, args, state, control, **kwargs):
            self.bar.close()

    return TrainingMonitor()


def total_steps(n_examples: int, sizes: FTSizes) -> int:
    """Optimizer steps of a full run: batches per epoch times epochs (notebook 4)."""
    return -(-n_examples // sizes.batch_size) * sizes.num_epochs


def train_lora(
    model,
    tokenizer,
    dataset,
    sizes: FTSizes,
    *,
    bf16: bool | None = None,
    seed: int = SEED,
    stop_after: int | None = None,
    progress: bool = True,
) -> TrainRun:
    """Add LoRA adapters to ``model`` (peft) and train them with transformers' Trainer (notebook 4).

    ``bf16=None`` uses the course default (bf16 autocast on a CPU with native bf16). The run is seeded
    (LoRA init, data order): two runs with the same arguments give the same losses.
    """
    from peft import get_peft_model

    from utils.lora import lora_config
    from utils.models import use_bf16_autocast

    if len(dataset) == 0:
        raise EmptyTrainingSetError("The training set is empty: there is nothing to train on.")
    device = str(next(model.parameters()).device)
    bf16 = use_bf16_autocast(device) if bf16 is None else bf16
    check_memory(model, sizes.batch_size, max(dataset["length"]))
    seed_everything(seed)  # the LoRA weights' initialisation
    monitor = make_monitor(total_steps(len(dataset), sizes), stop_after, progress)
    with warnings.catch_warnings():  # peft 0.21 calls an API that transformers 5 deprecates
        warnings.filterwarnings(
            "ignore", "`is_gradient_checkpointing` is deprecated", FutureWarning
        )
        peft_model = get_peft_model(model, lora_config())
        peft_model, seconds, peak = _run_trainer(
            peft_model, tokenizer, dataset, sizes, bf16, seed, monitor
        )
    return TrainRun(peft_model, monitor.losses, monitor.step_seconds, monitor.step_tokens,
                    seconds, peak, bf16)  # fmt: skip


def _run_trainer(peft_model, tokenizer, dataset, sizes: FTSizes, bf16: bool, seed: int, monitor):
    """Build the Trainer, train, and return the trained model, the seconds and the peak RSS."""
    import tempfile

    from accelerate.utils import extract_model_from_parallel
    from transformers import PrinterCallback, Trainer

    collate = monitor.collator(lambda features: pad_batch(features, tokenizer.pad_token_id))
    on_cpu = str(next(peft_model.parameters()).device) == "cpu"
    with tempfile.TemporaryDirectory() as tmp:
        args = training_arguments(sizes, tmp, bf16=bf16, seed=seed, use_cpu=on_cpu)
        trainer = Trainer(model=peft_model, args=args, train_dataset=dataset, data_collator=collate)
        trainer.remove_callback(PrinterCallback)  # the monitor's progress bar replaces its prints
        trainer.add_callback(monitor)
        seconds, peak = _timed_training(trainer, sizes)
    # With bf16=True the Trainer (through accelerate) wraps model.forward in autocast for good: unwrap
    # it, so that evaluation and generation choose their own precision.
    model = extract_model_from_parallel(trainer.model, keep_fp32_wrapper=False)
    return model.eval(), seconds, peak


def _timed_training(trainer, sizes: FTSizes) -> tuple[float, float]:
    """Run ``trainer.train()``; return its wall time and the peak RSS seen meanwhile."""
    with explain_memory_errors(sizes.batch_size), RssSampler() as rss:
        start = time.perf_counter()
        trainer.train()
        seconds = time.perf_counter() - start
    return seconds, rss.peak_mb


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


def available_memory_mb() -> float:
    """Memory this process could use: what it holds now plus what the system can still give."""
    import psutil

    return (psutil.Process().memory_info().rss + psutil.virtual_memory().available) / 2**20


def check_memory(model, batch_size: int, seq_len: int, available_mb: float | None = None) -> float:
    """Refuse a batch that will not fit before training starts; return the estimate (notebook 4).

    Running out of memory on a CPU does not raise an error: the operating system kills the kernel.
    """
    need = estimate_train_memory_mb(model, batch_size, seq_len)
    available = available_memory_mb() if available_mb is None else available_mb
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
        advice = _memory_advice(batch_size, seq_len or 0, None, available_memory_mb())
        raise NotEnoughMemoryError(advice) from err


# --- notebook 4: evaluation -----------------------------------------------------------------------


def evaluate_finetuned(model, tokenizer, groups: Mapping, house, *, profile=None, progress=True):
    """Evaluate a fine-tuned model the course's one way: same questions, metrics and record as every
    other system, asked with ``FT_SYSTEM``; the choices are scored in the house format it learned.

    Introduced in notebook 4, reused in notebook 5.
    """
    from utils.evaluation import evaluate_system

    profile = profile or get_profile()
    return evaluate_system(
        model, tokenizer, groups, system=FT_SYSTEM,
        max_new_tokens=get_ft_sizes(profile).max_new_tokens, batch_size=profile.gen_batch_size,
        option_format=lambda q, option: house.render(option, q.doc_id), progress=progress,
    )  # fmt: skip


# --- notebook 4: the adapter on disk ----------------------------------------------------------------


def adapter_dir(root: str | Path | None = None) -> Path:
    """Where the course's fine-tuned adapter is saved: ``<results>/adapters/ft``."""
    return Path(root or results_dir()) / ADAPTER_SUBDIR


def base_fingerprint(model) -> dict:
    """What identifies a base model: its shape and a hash of some of its embedding weights.

    The hash is taken after rounding to bf16, so the same model loaded in fp32 or in bf16 matches.
    """
    import hashlib

    import torch

    config = model.config
    embed = model.get_input_embeddings().weight[:64].detach().to(torch.bfloat16).float().cpu()
    return {
        "model_type": config.model_type,
        "hidden_size": config.hidden_size,
        "num_hidden_layers": config.num_hidden_layers,
        "vocab_size": config.vocab_size,
        "embedding_sha256": hashlib.sha256(embed.numpy().tobytes()).hexdigest()[:16],
    }


def save_adapter(peft_model, path: str | Path, extra: Mapping | None = None) -> Path:
    """Save the LoRA adapter (peft's files) plus a manifest recording its base model (notebook 4)."""
    import json

    path = Path(path)
    peft_model.save_pretrained(path)
    manifest = {
        "base_model": getattr(peft_model.get_base_model(), "name_or_path", None),
        "base_fingerprint": base_fingerprint(peft_model.get_base_model()),
        "system_prompt": FT_SYSTEM,
        **dict(extra or {}),
    }
    (path / ADAPTER_MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return path


def load_adapter(base_model, path: str | Path):
    """Put the adapter saved in ``path`` on ``base_model``; refuse one made for another base.

    Introduced in notebook 4, used in notebook 5. Returns the peft model in eval mode.
    """
    import json

    from peft import PeftModel

    path = Path(path)
    manifest_file = path / ADAPTER_MANIFEST
    if not manifest_file.is_file():
        raise FileNotFoundError(
            f"No fine-tuned adapter in {path} ({ADAPTER_MANIFEST} is missing). Run notebook 4 "
            "(or `make run`) to train and save it."
        )
    manifest = json.loads(manifest_file.read_text())
    _check_same_base(manifest, base_fingerprint(base_model), path)
    return PeftModel.from_pretrained(base_model, path).eval()


def _check_same_base(manifest: Mapping, fingerprint: Mapping, path: Path) -> None:
    """Raise ``AdapterMismatchError`` when the adapter's base is not the model given."""
    saved = manifest.get("base_fingerprint", {})
    diffs = [f"{k}: adapter {saved.get(k)!r} vs model {v!r}" for k, v in fingerprint.items()
             if saved.get(k) != v]  # fmt: skip
    if diffs:
        raise AdapterMismatchError(
            f"The adapter in {path} was trained on another base model "
            f"({manifest.get('base_model')!r}); it cannot be loaded into this one ("
            + "; ".join(diffs)
            + "). Load the base model it was made for, or train a new adapter (notebook 4)."
        )


def folder_size_mb(path: str | Path, pattern: str = "*.safetensors") -> float:
    """Total size of the files matching ``pattern`` in ``path``, in MB."""
    return sum(p.stat().st_size for p in Path(path).glob(pattern)) / 2**20


# --- the benchmark ----------------------------------------------------------------------------------


def main_train_facts(questions: Iterable, eval_seen: Sequence, sizes: FTSizes, seed: int = SEED):
    """The facts the main run trains on: every fact with a version-1 training question, or in a
    smaller profile the ``max_train_facts`` of them, those of the evaluated ``seen`` questions first
    (notebook 4 and the benchmark)."""
    fact_ids = sorted({q.fact_id for q in v1_train_questions(questions)})
    return choose_train_facts(fact_ids, [q.fact_id for q in eval_seen], sizes.max_train_facts, seed)


def profile_dataset(tokenizer, sizes: FTSizes, seed: int = SEED):
    """The main run's training set of a profile, as notebook 4 builds it (for the benchmark)."""
    from utils.data import eval_groups, load_house_format, load_questions
    from utils.evaluation import select_questions

    groups = {name: items for name, items in eval_groups().items() if name in EVAL_GROUPS}
    chosen = select_questions(groups, get_profile(sizes.name).max_eval_questions, seed)
    questions = load_questions()
    facts = main_train_facts(questions, chosen["seen"], sizes, seed)
    records = training_records(
        questions, load_house_format(), per_fact=sizes.paraphrases_per_fact, facts=facts, seed=seed
    )
    return build_dataset(tokenizer, records, max_length=sizes.max_length)


def compare_precisions(
    dataset, sizes: FTSizes, steps: int, repeats: int = 1, progress: bool = False
) -> dict:
    """Train the first ``steps`` steps from the same start on the same batches in fp32 and in bf16
    autocast, ``repeats`` times each, alternating: both loss curves, and each precision's median
    tokens per second over its steps (the median, so that a burst of other work on the machine
    does not decide the figure). Notebook 4 and the benchmark.
    """
    import statistics

    from utils.models import load_llm

    runs: dict[bool, list[TrainRun]] = {False: [], True: []}
    for _ in range(repeats):
        for bf16 in (False, True):
            model, tokenizer = load_llm()
            runs[bf16].append(train_lora(model, tokenizer, dataset, sizes, bf16=bf16,
                                         stop_after=steps, progress=progress))  # fmt: skip
    fp32, bf16 = runs[False][0], runs[True][0]
    rates = {b: statistics.median(r for run in runs[b] for r in run.step_rates()) for b in runs}
    return {
        "losses_fp32": fp32.losses, "losses_bf16": bf16.losses,
        "tokens_per_s_fp32": rates[False], "tokens_per_s_bf16": rates[True],
        "same_batches": fp32.step_tokens == bf16.step_tokens,
    }  # fmt: skip


def relative_differences(reference: Sequence[float], other: Sequence[float]) -> list[float]:
    """``|other - reference| / |reference|`` step by step, for two equally long loss curves."""
    return [abs(b - a) / abs(a) for a, b in zip(reference, other, strict=True)]


def bench_finetune(repeats: int = 2) -> dict:
    """Full-profile training (time, peak memory, adapter size), then fp32 vs bf16 autocast side by
    side on the same batches: the training section of ``make bench``."""
    import tempfile

    from utils.models import load_llm, use_bf16_autocast

    set_threads()
    sizes = get_ft_sizes("full")
    model, tokenizer = load_llm()
    course_bf16 = use_bf16_autocast(str(next(model.parameters()).device))
    dataset = profile_dataset(tokenizer, sizes)
    run = train_lora(model, tokenizer, dataset, sizes, bf16=course_bf16, progress=False)
    with tempfile.TemporaryDirectory() as tmp:
        adapter_mb = folder_size_mb(save_adapter(run.model, tmp))
    figures = {
        "train_bf16_autocast": course_bf16,
        "train_full_profile_s": round(run.seconds, 1),
        "train_full_profile_steps": len(run.losses),
        "train_full_profile_final_loss": round(run.losses[-1], 4),
        "train_peak_rss_mb": round(run.peak_rss_mb, 1),
        "adapter_mb": round(adapter_mb, 2),
    }
    del run, model
    speed = compare_precisions(dataset, sizes, max(sizes.precision_steps, 8), repeats)
    return figures | _speed_figures(speed, course_bf16)


def _speed_figures(speed: Mapping, course_bf16: bool) -> dict:
    """The benchmark keys of a ``compare_precisions`` result."""
    ours = speed["tokens_per_s_bf16"] if course_bf16 else speed["tokens_per_s_fp32"]
    drift = relative_differences(speed["losses_fp32"], speed["losses_bf16"])
    return {
        "train_tokens_per_s_fp32": round(speed["tokens_per_s_fp32"], 1),
        "train_tokens_per_s": round(ours, 1),
        "train_speedup_vs_fp32": round(ours / speed["tokens_per_s_fp32"], 2),
        "train_bf16_first_step_rel_loss_diff": round(drift[0], 5),
        "train_bf16_max_rel_loss_diff": round(max(drift), 4),
        "train_precision_same_batches": speed["same_batches"],
    }
