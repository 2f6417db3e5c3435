"""Training LoRA adapters with transformers' Trainer, on any tokenised data set (notebook 4; the RAFT
training of notebook 6 uses the same code with other data).

:func:`train_lora` adds the adapter (peft), refuses a batch that will not fit in memory, trains with a
progress bar, and returns a :class:`TrainRun`: the model, its loss curve and what it cost. The sizes
(epochs, batch, learning rate) come from :class:`utils.profiles.FTSizes`.
Nothing heavy is imported at module level: torch, transformers and peft load inside functions.
"""

from __future__ import annotations

import gc
import math
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from utils.ft_data import (
    FT_SYSTEM,
    EmptyTrainingSetError,
    build_dataset,
    keep_labelled_logits,
    labelled_loss,
    main_train_facts,
    pad_batch,
    training_records,
)
from utils.profiles import FTSizes
from utils.resources import RssSampler, check_memory, explain_memory_errors
from utils.settings import SEED, seed_everything


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
        logging_nan_inf_filter=False,  # log a NaN loss as NaN (not 0.0): divergence must show
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
    attention: str = "sdpa"  # the attention kernel it trained with (training_attention)
    labelled_logits: bool = True  # output layer computed only where a label is learned
    threads: int = 0  # PyTorch threads it trained with (another count sums in another order)
    extra: dict = field(default_factory=dict)

    @property
    def cached(self) -> bool:
        """Loaded from the training cache (``COURSE_TRAIN_CACHE``, :mod:`utils.train_cache`)."""
        return "from_cache" in self.extra

    @property
    def origin(self) -> str:
        """Trained in this process, or loaded from the training cache with the measurements of the
        run that trained it."""
        if not self.cached:
            return "trained now"
        return (
            f"loaded from the training cache {self.extra['from_cache']}: trained there on "
            f"{self.extra['trained_at'][:10]}; its losses, times and memory are that run's"
        )

    def tokens_per_s(self, skip: int = 1) -> float:
        """Real tokens per second over the steps after the first ``skip`` (warm-up) ones."""
        seconds = sum(self.step_seconds[skip:])
        tokens = sum(self.step_tokens[skip : len(self.step_seconds)])  # the loader may fetch ahead
        return tokens / seconds if seconds else float("nan")

    def step_rates(self, skip: int = 1) -> list[float]:
        """Real tokens per second of each step after the first ``skip`` (warm-up) ones."""
        pairs = zip(self.step_tokens[skip:], self.step_seconds[skip:], strict=False)
        return [tokens / seconds for tokens, seconds in pairs]


def make_monitor(
    total_steps: int, stop_after: int | None = None, progress: bool = True, live: bool = False
):
    """A Trainer callback that records loss, time and tokens per step and shows a progress bar
    (and, with ``live``, the loss curve as it falls: :class:`utils.plots.LiveLossCurve`).

    Introduced in notebook 4. ``monitor.collator(pad_batch_fn)`` wraps the data collator to count the
    real tokens of each batch; ``stop_after`` ends training after that many steps (the schedule stays
    the one of the full run, so those steps are exactly the full run's first ones).
    """
    from tqdm.auto import tqdm

    from utils.plots import LiveLossCurve

    class TrainingMonitor(_trainer_callback_base()):
        def __init__(self):
            self.losses, self.step_seconds, self.step_tokens, self._t0 = [], [], [], 0.0
            self.bar = tqdm(total=stop_after or total_steps, desc="training", disable=not progress)
            self.curve = LiveLossCurve(stop_after or total_steps) if live else None

        def collator(self, collate: Callable) -> Callable:
            def counting(features):
                batch = collate(features)
                if not self.step_tokens:  # the first step's batch (utils.precision reads it again)
                    self.first_batch = batch
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
                if self.curve:
                    self.curve.update(self.losses)
                if not math.isfinite(self.losses[-1]):
                    self.bar.close()
                    raise TrainingDivergedError(_diverged_message(args.learning_rate, state))

        def on_train_end(self, args, state, control, **kwargs):
            self.bar.close()
            if self.curve:
                self.curve.update(self.losses, final=True)

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
    attention: str | None = None,
    labelled_logits: bool = True,
    lora=None,
    live: bool = False,
    make_trainer: Callable | None = None,
) -> TrainRun:
    """Add LoRA adapters to ``model`` (peft) and train them with transformers' Trainer (notebook 4).

    ``lora``: peft's ``LoraConfig`` (None: :func:`utils.lora.lora_config`, the course's rank and alpha).
    ``live``: draw the loss curve in the notebook while training runs. ``make_trainer``: what
    wraps the model in LoRA and builds the ``Trainer`` (None: :func:`make_trainer`, exercise 4.3's
    reference).

    ``bf16=None``: bf16 autocast where it measured faster for training on this machine
    (:mod:`utils.precision`). ``attention=None``: :func:`training_attention` (the model answers
    with its own kernel again afterwards). ``labelled_logits``: the output layer only where a label
    is learned (:func:`utils.ft_data.keep_labelled_logits`; False: at every position, the model's
    own loss, the same value). The run is seeded
    (LoRA init, data order): two runs with the same arguments give the same losses.
    """
    from utils.lora import lora_config, training_attention
    from utils.models import use_bf16_autocast
    from utils.resources import set_threads

    if len(dataset) == 0:
        raise EmptyTrainingSetError("The training set is empty: there is nothing to train on.")
    check_sizes(sizes, stop_after)
    device = str(next(model.parameters()).device)
    bf16 = use_bf16_autocast(device, "training") if bf16 is None else bf16
    attention = attention or training_attention(device)
    lora = lora or lora_config()
    key = _cache_key(
        model, dataset, sizes, bf16, seed, attention, labelled_logits, stop_after, lora
    )
    cached = key and _cached_run(key, model)
    if cached:
        return cached
    check_memory(model, sizes.batch_size, max(dataset["length"]))
    threads = set_threads()  # the cores free now
    seed_everything(seed)  # the LoRA weights' initialisation
    monitor = make_monitor(total_steps(len(dataset), sizes), stop_after, progress, live)
    answering = model.config._attn_implementation
    model.set_attn_implementation(attention)
    with warnings.catch_warnings():  # peft 0.21 calls an API that transformers 5 deprecates
        warnings.filterwarnings(
            "ignore", "`is_gradient_checkpointing` is deprecated", FutureWarning
        )
        try:
            peft_model, seconds, peak = _run_trainer(model, lora, tokenizer, dataset, sizes, bf16,
                                                     seed, monitor, labelled_logits, make_trainer)  # fmt: skip
        finally:
            model.set_attn_implementation(answering)
    _check_finite_weights(peft_model, sizes)
    run = TrainRun(peft_model, monitor.losses, monitor.step_seconds, monitor.step_tokens,
                   seconds, peak, bf16, attention, labelled_logits, threads,
                   extra={"first_batch": getattr(monitor, "first_batch", None)})  # fmt: skip
    if key:  # the cache is on and did not hold this training: keep it
        from utils import train_cache

        measured = {
            f.name: getattr(run, f.name) for f in fields(run) if f.name not in ("model", "extra")
        }
        train_cache.save(train_cache.folder(), key, peft_model, measured)
    return run


def _cache_key(
    model, dataset, sizes, bf16, seed, attention, labelled, stop_after, lora
) -> str | None:
    """The training cache's key of this training: None when ``COURSE_TRAIN_CACHE`` is unset or
    the run stops early (only complete trainings are kept)."""
    from utils import train_cache

    if train_cache.folder() is None or stop_after is not None:
        return None
    return train_cache.key(model, dataset, sizes, bf16=bf16, seed=seed, attention=attention,
                           lora=lora, labelled_logits=labelled)  # fmt: skip


def _cached_run(key: str, model) -> TrainRun | None:
    """The training kept under ``key``, its adapter put on ``model``; None when there is none."""
    from utils import train_cache

    cache = train_cache.folder()
    found = train_cache.load(cache, key, model)
    if found is None:
        return None
    peft_model, m = found
    return TrainRun(peft_model, m["losses"], m["step_seconds"], m["step_tokens"], m["seconds"],
                    m["peak_rss_mb"], m["bf16"], m["attention"], m.get("labelled_logits", True),
                    m.get("threads", 0), extra={"from_cache": str(cache / key), "trained_at": m["trained_at"]})  # fmt: skip


class TrainingDivergedError(ArithmeticError):
    """The loss or the trained weights stopped being finite numbers; the message names the fix."""


def check_sizes(sizes: FTSizes, stop_after: int | None = None) -> None:
    """Refuse, before any work, sizes that would train nothing or nonsense.

    >>> from utils.profiles import PROFILES
    >>> check_sizes(PROFILES["quick"].ft)
    >>> from dataclasses import replace
    >>> check_sizes(replace(PROFILES["quick"].ft, num_epochs=0))
    Traceback (most recent call last):
    ...
    ValueError: num_epochs must be a positive number, got 0: FTSizes.num_epochs is the number of passes over the training examples (e.g. 3).
    """
    checks = [
        (
            "num_epochs",
            sizes.num_epochs,
            "the number of passes over the training examples (e.g. 3)",
        ),
        ("batch_size", sizes.batch_size, "the number of examples per optimizer step (e.g. 16)"),
        ("lr", sizes.lr, "the peak learning rate (e.g. 2e-3 for LoRA)"),
        ("max_length", sizes.max_length, "the longest example in tokens (e.g. 96)"),
    ]
    if stop_after is not None:
        checks.append(("stop_after", stop_after, "the number of steps to train (or None for all)"))
    for name, value, meaning in checks:
        if not (isinstance(value, int | float) and math.isfinite(value) and value > 0):
            where = name if name == "stop_after" else f"FTSizes.{name}"
            raise ValueError(
                f"{name} must be a positive number, got {value!r}: {where} is {meaning}."
            )


def _diverged_message(lr: float, state) -> str:
    return (
        f"Training diverged at step {state.global_step}: the loss is no longer a finite number, so "
        f"the weights are being destroyed rather than trained. The learning rate ({lr:g}) is the "
        "usual cause: lower it (FTSizes.lr; the course uses 2e-3 for LoRA) and train again."
    )


# A LoRA weight moves by about the learning rate per Adam step: after the course's 147 steps at 2e-3
# the largest is about 0.1. Weights beyond this bound come from a learning rate far too high, even
# where the loss stayed a finite number.
MAX_LORA_WEIGHT = 100.0


def _check_finite_weights(peft_model, sizes: FTSizes) -> None:
    """Refuse to hand back a model whose trained (LoRA) weights hold NaN or infinity, or have grown
    beyond ``MAX_LORA_WEIGHT``."""

    for name, param in peft_model.named_parameters():
        if not param.requires_grad:
            continue
        largest = param.detach().abs().max().item()
        if not math.isfinite(largest) or largest > MAX_LORA_WEIGHT:
            what = "are not finite numbers" if not math.isfinite(largest) else (
                f"reach {largest:.3g} (a sane training stays far below {MAX_LORA_WEIGHT:g})"
            )  # fmt: skip
            raise TrainingDivergedError(
                f"After training, the weights of {name} {what}. Lower the learning "
                f"rate (FTSizes.lr, now {sizes.lr:g}; the course uses 2e-3 for LoRA) and train again."
            )


def make_trainer(model, lora, args, dataset, collate, loss):
    """``model`` wrapped in LoRA adapters by peft, and the ``Trainer`` that will train them on
    ``dataset`` with ``args``, batching with ``collate`` and minimising ``loss`` (exercise 4.3)."""
    from peft import get_peft_model
    from transformers import Trainer

    peft_model = get_peft_model(model, lora)  # A random, B = 0; every base weight frozen
    return Trainer(model=peft_model, args=args, train_dataset=dataset, data_collator=collate,
                   compute_loss_func=loss)  # fmt: skip


def _run_trainer(model, lora, tokenizer, dataset, sizes: FTSizes, bf16: bool, seed: int, monitor,
                 labelled_logits: bool = True, build: Callable | None = None):  # fmt: skip
    """Build the Trainer, train, and return the trained model, the seconds and the peak RSS."""
    import tempfile

    from accelerate.utils import extract_model_from_parallel
    from transformers import PrinterCallback

    def collate(features):
        batch = pad_batch(features, tokenizer.pad_token_id)
        return keep_labelled_logits(batch) if labelled_logits else batch

    loss = labelled_loss if labelled_logits else None  # None: the model's own loss
    on_cpu = str(next(model.parameters()).device) == "cpu"
    with tempfile.TemporaryDirectory() as tmp:
        args = training_arguments(sizes, tmp, bf16=bf16, seed=seed, use_cpu=on_cpu)
        trainer = (build or make_trainer)(
            model, lora, args, dataset, monitor.collator(collate), loss
        )
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


# --- evaluation and experiments ---------------------------------------------------------------------


def evaluate_finetuned(
    model, tokenizer, groups: Mapping, *, profile, progress=True, with_mcq: bool = True
):
    """Evaluate a fine-tuned model the course's one way: same questions, metrics, option scoring
    and record as every other system, asked with ``FT_SYSTEM`` (the system message it trained with).

    Introduced in notebook 4, reused in notebook 5 (``with_mcq=False``: free-text answers only).
    ``profile``: a :class:`utils.profiles.Profile`. A peft model answers merged
    (:func:`utils.lora.merged_copy`: the same weights, faster); ``model`` itself is not changed.
    """
    from utils.evaluation import evaluate_system
    from utils.lora import merged_copy

    return evaluate_system(
        merged_copy(model), tokenizer, groups, system=FT_SYSTEM, max_new_tokens=profile.ft.max_new_tokens,
        batch_size=profile.evaluation.gen_batch_size, progress=progress, with_mcq=with_mcq,
    )  # fmt: skip


def training_summary(run: TrainRun, facts: int, examples: int, sizes: FTSizes) -> dict:
    """What a training cost, as notebook 4b saves it with the adapter (and ensure_adapter)."""
    lora = run.model.peft_config["default"]
    return {"train_facts": facts, "train_examples": examples, "epochs": sizes.num_epochs,
            "steps": len(run.losses), "train_seconds": round(run.seconds, 1),
            "train_tokens": int(sum(run.step_tokens[: len(run.losses)])),  # padding excluded
            "train_tokens_per_s": round(run.tokens_per_s(), 1), "train_peak_rss_mb": round(run.peak_rss_mb, 1),
            "bf16_autocast_training": run.bf16, "lora_r": lora.r, "lora_alpha": lora.lora_alpha,
            "lr": sizes.lr, "final_loss": round(run.losses[-1], 4)}  # fmt: skip


@dataclass
class AdapterLoad:
    """The fine-tuned model notebook 5 compares, where it came from, and what training it cost."""

    model: object  # a fresh copy of the base model with the adapter on it, in eval mode
    note: str  # said in the notebook: loaded from where, or trained now and why
    training: dict  # the adapter's manifest extra: train_seconds, train_tokens, ...


def ensure_adapter(
    profile, *, seed: int = SEED, bf16: bool | None = None, root=None
) -> AdapterLoad:
    """The adapter of notebook 4b on a fresh copy of the base model: loaded from
    ``<results>/adapters/ft`` when it was trained in this profile, else trained now with notebook
    4's recipe (the same facts, wordings and sizes) and saved there, saying so (notebook 5)."""
    import json

    from utils.adapters import ADAPTER_MANIFEST, adapter_dir, load_adapter, save_adapter
    from utils.data import load_house_format, load_questions
    from utils.evaluation import evaluation_set
    from utils.models import load_llm

    folder = adapter_dir(root)
    manifest = folder / ADAPTER_MANIFEST
    saved = json.loads(manifest.read_text()) if manifest.is_file() else {}  # save_adapter's extra
    if saved.get("profile") == profile.name:
        model = load_adapter(load_llm()[0], folder)
        return AdapterLoad(model, f"adapter loaded from {folder} (notebook 4b)", saved)
    why = "none saved" if not manifest.is_file() else f"the saved one is {saved.get('profile')!r}"
    model, tokenizer = load_llm()
    questions, house = load_questions(), load_house_format()
    sizes = profile.ft
    facts = main_train_facts(questions, evaluation_set(profile), sizes, seed=seed)
    records = training_records(questions, house, per_fact=sizes.paraphrases_per_fact, facts=facts, seed=seed)  # fmt: skip
    dataset = build_dataset(tokenizer, records, max_length=sizes.max_length)
    run = train_lora(model, tokenizer, dataset, sizes, bf16=bf16, seed=seed)
    training = {"profile": profile.name, **training_summary(run, len(facts), len(dataset), sizes)}
    save_adapter(run.model, folder, extra=training)
    how = "loaded from the training cache" if run.cached else "trained now"
    note = (
        f"adapter {how} with notebook 4's recipe ({why} for profile {profile.name!r}): "
        f"{len(run.losses)} steps in {run.seconds:.0f} s, saved to {folder}"
    )
    return AdapterLoad(run.model.eval(), note, training)


@dataclass
class UpdateTraining:
    """One fine-tuned way of absorbing knowledge-base v2 (notebook 5, ``make bench``)."""

    run: object  # the TrainRun: the model, its losses, what it cost
    seconds: float  # from the facts to the trained adapter: records, tokens, training
    examples: int
    tokens: int  # tokens trained on, every epoch counted (what a hosted API would bill)


def update_facts(
    questions: Sequence, eval_set: Mapping, facts: Sequence, profile, seed: int = SEED
):
    """The facts each fine-tuned update of notebook 5 trains on, by way:

    * ``"ft_partial"``: the facts that changed or are new in v2 only (in a smaller profile
      ``comparison.partial_update_facts`` of them, the evaluated ones first);
    * ``"ft_full"``: every fact of v2, chosen as notebook 4 chooses v1's (:func:`main_train_facts`).
    """
    from utils.comparison import update_fact_ids
    from utils.ft_data import choose_train_facts

    changed, new = update_fact_ids(facts)
    asked = [q.fact_id for q in [*eval_set["updated"], *eval_set["new"]]]
    cap = profile.comparison.partial_update_facts
    partial = choose_train_facts(changed + new, asked, cap, seed=seed)
    full = main_train_facts(questions, eval_set, profile.ft, seed=seed, version="v2")
    return {"ft_partial": partial, "ft_full": full}


def train_update(
    model,
    tokenizer,
    fact_ids: Sequence[str],
    profile,
    *,
    seed: int = SEED,
    bf16=None,
    progress=True,
) -> UpdateTraining:
    """A LoRA trained on ``fact_ids`` with their **v2** values, on top of ``model`` (the base model,
    or one with the v1 adapter merged in), with notebook 4's sizes; timed from the facts to the
    trained adapter (notebook 5's knowledge update, ``make bench``)."""
    from utils.data import load_house_format, load_questions

    start = time.perf_counter()
    sizes = profile.ft
    records = training_records(
        load_questions(), load_house_format(), per_fact=sizes.paraphrases_per_fact,
        facts=fact_ids, seed=seed, version="v2",
    )  # fmt: skip
    dataset = build_dataset(tokenizer, records, max_length=sizes.max_length)
    prepared = time.perf_counter() - start
    run = train_lora(model, tokenizer, dataset, sizes, bf16=bf16, seed=seed, progress=progress)
    tokens = int(sum(run.step_tokens[: len(run.losses)]))
    return UpdateTraining(run, prepared + run.seconds, len(records), tokens)


def paraphrase_ablation(
    tokenizer, questions, house, facts: Sequence[str], eval_groups: Mapping, *, profile,
    bf16: bool, seed: int = SEED,
) -> list[dict]:  # fmt: skip
    """Train one adapter per ``profile.ft.ablation_paraphrases`` setting on ``facts``, each from a
    fresh base model, and evaluate it on ``eval_groups`` (notebook 4's paraphrase ablation).

    Every setting sees the same number of examples: with fewer wordings per fact, each is repeated
    for more epochs. Returns one row per setting: wordings per fact, examples, epochs, steps, final
    loss, seconds, and the ``{"value", "ci95"}`` of ``accepted``, ``mcq_accuracy`` and ``contains``
    per group.
    """
    from utils.models import load_llm
    from utils.records import summarize

    sizes = profile.ft
    all_records = training_records(questions, house, per_fact=None, facts=facts, seed=seed)
    rows = []
    for per_fact in sizes.ablation_paraphrases:
        subset = training_records(questions, house, per_fact=per_fact, facts=facts, seed=seed)
        setting = replace(sizes, num_epochs=sizes.ablation_epochs * len(all_records) // len(subset))
        dataset = build_dataset(tokenizer, subset, max_length=sizes.max_length)
        result = train_lora(load_llm()[0], tokenizer, dataset, setting, bf16=bf16, seed=seed,
                            progress=False)  # fmt: skip
        scores = summarize(evaluate_finetuned(result.model, tokenizer, eval_groups,
                                              profile=profile, progress=False))  # fmt: skip
        rows.append({
            "wordings per fact": len(subset) // len(facts), "examples": len(subset),
            "epochs": setting.num_epochs, "steps": len(result.losses),
            "final loss": round(result.losses[-1], 3), "seconds": round(result.seconds),
            "scores": {g: {m: s[m] for m in ("accepted", "mcq_accuracy", "contains")}
                       for g, s in scores.items()},
        })  # fmt: skip
        del result
        gc.collect()
    return rows
