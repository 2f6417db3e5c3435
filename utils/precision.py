"""Float32 or bf16 autocast, chosen by timing the course's own work on this machine, once.

bf16 autocast runs the matrix multiplications in bfloat16 while the weights stay float32. Whether it
pays depends on the CPU *and* on the shape of the work: a long prompt read at once is a few large
matrix products, where bf16 units shine; a short answer generated token by token is many tiny ones,
where converting to bf16 can cost more than it saves, unless many answers are generated at once. On
one 2-core Xeon with AVX512-BF16, closed-book answers ran slower under bf16 in batches of 8 and
faster in batches of 64. So the course does not guess from CPU flags: the first time the LLM is
loaded it times each kind of work it does, in the batches it does it in, in float32 and under bf16
(a probe of about 45 s, cached beside the converted model), and keeps bf16 only where it was at
least ``MIN_SPEEDUP`` times faster. Every evaluation record stores the choice and the ratio it was
based on.

``COURSE_AUTOCAST=0|1`` forces one precision for everything; ``python -m utils.doctor --precision``
measures again (after a hardware or PyTorch change, or when the first probe ran on a busy machine).
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from utils.settings import SEED, cache_dir, env

# bf16 rounds every product to 8 bits of mantissa and so changes a few greedy answers: it has to buy
# a clear gain. A tie (within the probe's noise) goes to float32.
MIN_SPEEDUP = 1.05
CACHE_FILE = "precision.json"
TASKS = {
    "answers_short": "closed-book answers",  # generation after a short prompt (base, fine-tuned)
    "answers_long": "answers over passages",  # generation after a RAG prompt (RAG, fine-tuned + RAG)
    "scoring": "multiple choice",  # one forward pass over long prompts, no generation
    "training": "training",  # a LoRA step: forward, backward, optimizer
}
PROBE_BATCH = 8  # prompts (or examples) per timed forward pass or training step
# Answers are timed in batches as large as the evaluation's (EvalSizes.gen_batch_size): the ratio
# depends on the batch. On one Xeon, bf16 was 0.6x as fast as float32 at 8 closed-book prompts and
# 1.3x at 64; answers over passages 0.8x and 1.6x.
PROBE_ANSWER_BATCH = 64
PROBE_NEW_TOKENS = 16  # new tokens per answer, as many in both precisions (the course's: up to 24)
PROBE_VERSION = 3  # part of the cache key: a plan measured by an older probe is measured again
# The short timings (a scoring pass, a training step: a second or two) are taken this many times,
# alternating, and the fastest kept: one step timed once measured bf16 training 4x slower than
# float32 on a machine where it is faster, because other work ran during that one step.
PROBE_REPEATS = 3
PROBE_TRAIN_TOKENS = 64  # tokens per training example (the course's are 40-96)
PROBE_PASSAGE_WORDS = 30  # words of passage per passage; three make a RAG prompt's ~190 tokens
PROBE_SYSTEM = "Answer the question in a few words."


@dataclass(frozen=True)
class Timing:
    """One kind of work timed once in each precision, on the same inputs."""

    fp32_s: float
    bf16_s: float
    prompt_tokens: int = 0  # the prompts' mean length (generation only)

    @property
    def speedup(self) -> float:
        """How many times faster bf16 autocast ran than float32 (below 1: slower)."""
        return self.fp32_s / self.bf16_s

    @property
    def bf16(self) -> bool:
        return self.speedup >= MIN_SPEEDUP


@dataclass
class PrecisionPlan:
    """What was measured on this machine, and so which precision each kind of work runs in."""

    key: str  # the machine and model it was measured for
    timings: dict[str, Timing]
    measured_at: str
    threads: int
    load_average: float  # the 1-minute load when it was measured: a busy machine measures badly
    probe_s: float
    source: str = "measured now"  # or "cached"
    forced: bool | None = field(default=None, compare=False)  # COURSE_AUTOCAST, when set

    def bf16(self, task: str, prompt_tokens: int | None = None) -> bool:
        """Whether ``task`` runs under bf16 autocast. ``task="answers"`` follows whichever of the
        two generation shapes is closer (on a log scale) to ``prompt_tokens`` (None: the long one)."""
        if self.forced is not None:
            return self.forced
        return self.timings[self._task(task, prompt_tokens)].bf16

    def _task(self, task: str, prompt_tokens: int | None) -> str:
        if task != "answers":
            if task not in TASKS:
                raise ValueError(f"Unknown task {task!r}: use 'answers' or one of {sorted(TASKS)}.")
            return task
        if prompt_tokens is None:
            return "answers_long"
        short, long = self.timings["answers_short"], self.timings["answers_long"]
        middle = math.sqrt(max(short.prompt_tokens, 1) * max(long.prompt_tokens, 1))
        return "answers_short" if prompt_tokens < middle else "answers_long"

    def summary(self) -> dict:
        """What an evaluation record keeps: each task's choice and the ratio it rests on."""
        return {
            task: {"bf16": self.bf16(task), "bf16_speedup": round(t.speedup, 2)}
            for task, t in self.timings.items()
        } | {"source": "COURSE_AUTOCAST" if self.forced is not None else self.source}

    def describe(self) -> str:
        """One line for a learner: what runs in which precision, and why."""
        parts = [
            f"{TASKS[task]} {'bf16' if self.bf16(task) else 'float32'} "
            f"(bf16 {t.speedup:.2f}x as fast)"
            for task, t in self.timings.items()
        ]
        how = (
            f"COURSE_AUTOCAST={int(self.forced)} overrides the measurement"
            if self.forced is not None
            else f"{self.source} on {self.measured_at[:10]}, {self.threads} threads, "
            f"{self.probe_s:.0f} s"
        )
        return "Precision: " + "; ".join(parts) + f". [{how}]"


# --- which machine, which model -------------------------------------------------------------------


def cpu_has_native_bf16() -> bool:
    """Whether this CPU multiplies bf16 natively (AVX512-BF16 or AMX), the only CPUs where bf16
    autocast can be faster than float32."""
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:  # not Linux: be conservative
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


def _cpu_name() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    import platform

    return platform.processor() or platform.machine()


def plan_key(model_name: str | None = None) -> str:
    """The machine and model a plan holds for: CPU, cores, PyTorch, and the LLM (``COURSE_LLM`` or
    the embedded default). Threads are not part of it: they change with the load, the ratio hardly."""
    import torch

    model_name = model_name or env("COURSE_LLM") or "SmolLM2-135M-Instruct (embedded)"
    return (
        f"{model_name} | {_cpu_name()} | {os.cpu_count()} cores | torch {torch.__version__}"
        f" | probe {PROBE_VERSION}"
    )


def _cache_path() -> Path:
    return cache_dir() / CACHE_FILE


def _read_cache() -> dict:
    try:
        return json.loads(_cache_path().read_text())
    except (OSError, json.JSONDecodeError):
        return {}


def _from_dict(key: str, data: dict) -> PrecisionPlan:
    timings = {task: Timing(**t) for task, t in data["timings"].items()}
    fields = {k: v for k, v in data.items() if k not in ("timings", "source", "forced", "key")}
    return PrecisionPlan(key=key, timings=timings, source="cached", **fields)


def _write_cache(plan: PrecisionPlan) -> None:
    """Keep the plan beside the converted model; a folder that cannot be written just means the
    next process measures again."""
    entries = _read_cache()
    data = asdict(plan)
    for name in ("key", "source", "forced"):
        data.pop(name)
    entries[plan.key] = data
    path = _cache_path()
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(json.dumps(entries, indent=2))
        os.replace(tmp, path)


# --- the probe ------------------------------------------------------------------------------------


def _timed(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def _both(work, warm_up=None, repeats: int = 1) -> tuple[float, float]:
    """``work(bf16)`` timed in float32 and under bf16, after an untimed ``warm_up(bf16)`` in each
    (default: ``work`` itself; the first call of a precision builds its kernels). With ``repeats``,
    the precisions take turns and each keeps its fastest time: a burst of other work on the machine
    slows one timing, and the fastest is the one it least disturbed."""
    warm_up = warm_up or work
    warm_up(False)
    warm_up(True)
    times: dict[bool, list[float]] = {False: [], True: []}
    for _ in range(repeats):
        for bf16 in (False, True):
            times[bf16].append(_timed(lambda bf16=bf16: work(bf16)))
    return min(times[False]), min(times[True])


def _probe_prompts(tokenizer) -> tuple[list[str], list[str]]:
    """``PROBE_ANSWER_BATCH`` closed-book prompts and as many RAG-shaped ones: real test questions
    in the chat template, the long ones after ``PROBE_PASSAGE_WORDS`` x 3 words of their own
    document, as long as the course's RAG prompts."""
    from utils.data import eval_groups, load_documents

    seen = eval_groups()["seen"]
    questions = seen[:: max(1, len(seen) // PROBE_ANSWER_BATCH)][:PROBE_ANSWER_BATCH]
    text = {d.doc_id: d.text.split() for d in load_documents("v1")}

    def chat(message: str) -> str:
        turns = [{"role": "system", "content": PROBE_SYSTEM}, {"role": "user", "content": message}]
        return tokenizer.apply_chat_template(turns, tokenize=False, add_generation_prompt=True)

    short = [chat(q.question) for q in questions]
    passages = [" ".join(text[q.doc_id][: 3 * PROBE_PASSAGE_WORDS]) for q in questions]
    long = [
        chat(f"Context:\n{p}\n\nQuestion: {q.question}")
        for p, q in zip(passages, questions, strict=True)
    ]
    return short, long


def _encode(tokenizer, prompts, device):
    return tokenizer(prompts, return_tensors="pt", padding=True, padding_side="left",
                     add_special_tokens=False).to(device)  # fmt: skip


def _time_answers(model, tokenizer, prompts) -> Timing:
    """Batched greedy generation of ``PROBE_NEW_TOKENS`` tokens for every prompt (as many in both
    precisions, so both do the same work)."""
    import torch

    device = next(model.parameters()).device
    enc = _encode(tokenizer, prompts, device)

    def work(bf16, rows=None, new_tokens=PROBE_NEW_TOKENS):
        batch = {k: v[:rows] for k, v in enc.items()}
        with torch.inference_mode(), _autocast(device.type, bf16):
            model.generate(**batch, max_new_tokens=new_tokens, min_new_tokens=new_tokens,
                           do_sample=False, temperature=None, top_p=None, top_k=None,
                           pad_token_id=tokenizer.pad_token_id)  # fmt: skip

    tokens = round(enc["attention_mask"].sum().item() / len(prompts))
    return Timing(*_both(work, lambda bf16: work(bf16, 2, 2)), prompt_tokens=tokens)


def _time_scoring(model, tokenizer, prompts) -> Timing:
    """What multiple choice spends its time on: one forward pass over a batch of long prompts."""
    import torch

    device = next(model.parameters()).device
    enc = _encode(tokenizer, prompts, device)

    def work(bf16):
        with torch.inference_mode(), _autocast(device.type, bf16):
            model(**enc, logits_to_keep=1)

    return Timing(*_both(work, repeats=PROBE_REPEATS))


def lora_step(model):
    """``work(bf16)``: one LoRA optimizer step (the course's rank, on every linear layer) on a copy
    of the model, ``PROBE_BATCH`` examples of ``PROBE_TRAIN_TOKENS`` tokens; the model itself is not
    touched. The hand-written LoRA layer of notebook 4 does the same arithmetic as peft's. The
    probe times it in both precisions; the test suite times it to learn how fast the machine is."""
    import copy

    import torch

    from utils.lora import LORA_ALPHA, LORA_R, replace_with_lora, training_attention

    trained = copy.deepcopy(model).train()
    trained.set_attn_implementation(training_attention(next(model.parameters()).device.type))
    replace_with_lora(trained, LORA_R, LORA_ALPHA)
    params = [p for p in trained.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=1e-6)
    generator = torch.Generator().manual_seed(SEED)
    ids = torch.randint(trained.config.vocab_size, (PROBE_BATCH, PROBE_TRAIN_TOKENS),
                        generator=generator).to(next(model.parameters()).device)  # fmt: skip

    def work(bf16):
        with _autocast(ids.device.type, bf16):
            loss = trained(input_ids=ids, labels=ids).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)

    return work


def _time_training(model) -> Timing:
    return Timing(*_both(lora_step(model), repeats=PROBE_REPEATS))


def _autocast(device_type: str, enabled: bool):
    import torch

    return torch.autocast(device_type=device_type, dtype=torch.bfloat16, enabled=enabled)


@contextlib.contextmanager
def warnings_quiet():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def probe(model, tokenizer, key: str | None = None) -> PrecisionPlan:
    """Time the course's four kinds of work in float32 and under bf16 autocast, on ``model``."""
    import torch

    start = time.perf_counter()
    short, long = _probe_prompts(tokenizer)
    with warnings_quiet():
        timings = {
            "answers_short": _time_answers(model, tokenizer, short),
            "answers_long": _time_answers(model, tokenizer, long),
            "scoring": _time_scoring(model, tokenizer, long[:PROBE_BATCH]),
            "training": _time_training(model),
        }
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return PrecisionPlan(
        key=key or plan_key(),
        timings={
            t: Timing(round(x.fp32_s, 3), round(x.bf16_s, 3), x.prompt_tokens)
            for t, x in timings.items()
        },
        measured_at=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        threads=torch.get_num_threads(),
        load_average=round(load, 2),
        probe_s=round(time.perf_counter() - start, 1),
    )


# --- the plan of this process ---------------------------------------------------------------------

_PLANS: dict[str, PrecisionPlan] = {}
_LOADER = None  # how to load the course's LLM to measure on (utils.models registers load_llm)


def register_loader(load) -> None:
    """``load(model_name, device=...)`` returns ``(model, tokenizer)`` and measures on the way
    (:func:`announce`). Registered by :mod:`utils.models`, which this module must not import."""
    global _LOADER
    _LOADER = load


def _forced() -> bool | None:
    choice = env("COURSE_AUTOCAST")
    if choice is None:
        return None
    return choice.strip().lower() in {"1", "true", "yes", "on", "bf16"}


def plan_for(model=None, tokenizer=None, *, model_name: str | None = None, again: bool = False,
             verbose: bool = True) -> PrecisionPlan:  # fmt: skip
    """The plan for this machine and model: from this process, else from the cache, else measured
    now on ``model`` (loading the course's LLM on the CPU when none is given), then cached."""
    key = plan_key(model_name)
    plan = None if again else _PLANS.get(key)
    if plan is None and not again and key in (cached := _read_cache()):
        with contextlib.suppress(TypeError, KeyError, ValueError):
            plan = _from_dict(key, cached[key])
            if set(plan.timings) != set(TASKS):
                plan = None
    if plan is None:
        if model is None:
            if _LOADER is None:
                raise RuntimeError("No model to measure on: import utils.models (load_llm) first.")
            model, tokenizer = _LOADER(model_name, device="cpu")  # which plans, unless forced
            if key in _PLANS:
                return _PLANS[key]
        if verbose:
            print("Timing float32 against bf16 autocast on this machine (once, about 45 s)...")
        plan = probe(model, tokenizer, key)
        _write_cache(plan)
    plan.forced = _forced()
    _PLANS[key] = plan
    return plan


def _measurable(device: str) -> bool:
    """Whether there is a choice to measure: a CPU that multiplies bf16 natively. A GPU runs its
    weights in bf16 or fp16 already; a CPU without bf16 units would only emulate it, slowly."""
    return device.split(":")[0] == "cpu" and cpu_has_native_bf16()


def choose(device: str, task: str, prompt_tokens: int | None = None) -> bool:
    """Whether ``task`` (see ``TASKS``, or ``"answers"`` with the prompts' length) runs under bf16
    autocast on ``device``: ``COURSE_AUTOCAST`` if set, else what the plan measured."""
    forced = _forced()
    if forced is not None:
        return forced
    if not _measurable(device):
        return False
    return plan_for().bf16(task, prompt_tokens)


def summary(device: str) -> dict:
    """The precision of every kind of work, and why, for an evaluation record."""
    forced = _forced()
    if forced is not None:
        return {task: {"bf16": forced} for task in TASKS} | {"source": "COURSE_AUTOCAST"}
    if not _measurable(device):
        why = "no native bf16 on this CPU" if device.startswith("cpu") else f"device {device}"
        return {task: {"bf16": False} for task in TASKS} | {"source": why}
    return plan_for().summary()


def describe(device: str, measure: bool = True) -> str:
    """One line for a learner (printed when the LLM is loaded). ``measure=False``: never load a
    model to measure; say so if nothing was measured yet."""
    forced = _forced()
    if forced is not None:
        return f"Precision: {'bf16 autocast' if forced else 'float32'} for everything (COURSE_AUTOCAST)."
    if not _measurable(device):
        if device.startswith("cpu"):
            return "Precision: float32 (this CPU has no native bf16, where autocast would be slow)."
        return f"Precision: the weights' own dtype on {device}, no autocast."
    if not measure and plan_key() not in _PLANS and plan_key() not in _read_cache():
        return "Precision: not measured yet; the first load of the LLM times it (about 45 s, once)."
    return plan_for().describe()


def in_short(device: str) -> str:
    """Which work ran in which precision, in a few words (the scorecard's conditions line)."""
    if _forced() is not None or not _measurable(device):
        bf16 = _forced() is True
        return f"{'bf16 autocast' if bf16 else 'float32'} for everything"
    plan = plan_for()
    parts = []
    for name in ("bf16 autocast", "float32"):
        tasks = [TASKS[t] for t in plan.timings if plan.bf16(t) == (name != "float32")]
        if tasks:
            parts.append(f"{name} for {', '.join(tasks)}")
    return "; ".join(parts) + " (measured faster here)"


def announce(model, tokenizer, device: str, model_name: str | None = None) -> None:
    """Make sure the plan exists for a freshly loaded LLM (measuring it on that model if need be)
    and print it: called by :func:`utils.models.load_llm`."""
    if _forced() is None and _measurable(device):
        plan_for(model, tokenizer, model_name=model_name)
    print(describe(device))


# --- the same training steps in both precisions (notebook 4b, make bench) --------------------------


def bf16_is_native(device: str) -> bool:
    """Whether ``device`` multiplies bf16 in hardware: a CPU with AVX512-BF16 or AMX, a GPU that
    supports bf16 (a T4 only emulates it). Elsewhere bf16 autocast is emulated: on one AVX2-only
    EPYC a LoRA step under it ran 0.03x as fast as in float32, and the forward pass alone 0.15x."""
    kind = device.split(":")[0]
    if kind == "cpu":
        return cpu_has_native_bf16()
    if kind == "cuda":
        import torch

        return torch.cuda.is_bf16_supported(including_emulation=False)
    return False  # mps and others: not known to be native, so only the cheap comparison runs
