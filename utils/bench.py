"""Speed and memory benchmarks: ``make bench`` prints the figures and writes ``results/bench.json``.

Ratios are measured within one run (same machine, same moment), never against constants typed in
from another machine. Targets are checked and printed beside the figures.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from utils.profiles import get_profile
from utils.resources import peak_rss_mb
from utils.settings import SEED, results_dir, temporary_env

BENCH_QUESTIONS = [
    "What is the capital of France?",
    "How many legs does a spider have?",
    "What colour do you get by mixing blue and yellow?",
    "Who wrote the play Romeo and Juliet?",
    "What is the boiling point of water at sea level?",
    "How many days are there in a leap year?",
    "What gas do plants absorb from the air?",
    "What is the largest planet in the solar system?",
    "What is the battery life of the Tessel A250 field radio?",
    "How long is the warranty on a Brightwell heat pump?",
    "Which metal is liquid at room temperature?",
    "What is the square root of 81?",
    "In which year did the first person walk on the Moon?",
    "What is the main language spoken in Brazil?",
    "How many minutes are there in three hours?",
    "What is the chemical symbol for gold?",
]
TARGETS = {
    "model_load_warm_s": ("<=", 2.0),
    "generate_speedup_batched_vs_sequential": (">=", 3.0),
    "mcq_speedup_course_vs_naive": (">=", 4.0),
    "mcq_same_picks_course": (">=", 0.99),
    "threads_rule_picks_the_fastest": (">=", 1),
    "precision_changes_no_metric": (">=", 1),
    "retrieval_p50_ms": ("<=", 20.0),
    "index_update_speedup_vs_rebuild": (">=", 5.0),
    "train_speedup_vs_fp32": (">=", 1.8),
    "train_full_profile_s": ("<=", 600.0),
    "train_peak_rss_mb": ("<=", 6000.0),
}


def bench_model_load(profile, repeats: int = 3) -> dict:
    """Cold load (GGUF -> cache, in a fresh cache folder), warm load (from that cache), and what the
    cache's integrity costs: the SHA-256 of its weights (paid when a file's time moved) and the check
    of the weights for NaN/inf (paid at every load)."""
    from utils.models import _check_finite, _sha256, llm_cache_path, load_llm

    with tempfile.TemporaryDirectory() as tmp, temporary_env(COURSE_CACHE_DIR=tmp):
        start = time.perf_counter()
        load_llm()
        cold = time.perf_counter() - start
        warm = []
        for _ in range(repeats):
            start = time.perf_counter()
            model, tokenizer = load_llm()
            warm.append(time.perf_counter() - start)
        weights = llm_cache_path() / "model.safetensors"
        checksum_s = _best_time(lambda: _sha256(weights), repeats)
        finite_s = _best_time(lambda: _check_finite(model, tokenizer), repeats)
        weights_mib = weights.stat().st_size / 2**20
    return {
        "model_load_cold_s": round(cold, 2),
        "model_load_warm_s": round(min(warm), 3),
        "model_checksum_s": round(checksum_s, 3),
        "model_checksum_mib": round(weights_mib),
        "model_finite_check_s": round(finite_s, 3),
    }


def _best_time(work, repeats: int) -> float:
    """The shortest of ``repeats`` timings of ``work()``."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def _tokens_per_s(model, tokenizer, prompts, batch_size, autocast, max_new_tokens) -> tuple:
    from utils.generation import generate_batch

    start = time.perf_counter()
    gens = generate_batch(
        model,
        tokenizer,
        prompts,
        batch_size=batch_size,
        autocast=autocast,
        max_new_tokens=max_new_tokens,
        progress=False,
    )
    seconds = time.perf_counter() - start
    return sum(g.output_tokens for g in gens) / seconds, [g.text for g in gens]


def bench_generation(profile, max_new_tokens: int = 32) -> dict:
    """Batched vs one-at-a-time generation of the same prompts with the same settings."""
    from utils.generation import build_chat_prompts
    from utils.models import load_llm, use_bf16_autocast

    model, tokenizer = load_llm()
    device = str(next(model.parameters()).device)
    prompts = build_chat_prompts(tokenizer, BENCH_QUESTIONS)
    longest = max(len(tokenizer(p, add_special_tokens=False)["input_ids"]) for p in prompts)
    autocast = use_bf16_autocast(device, "answers", longest)
    args = (max_new_tokens,)
    _tokens_per_s(model, tokenizer, prompts[:2], 2, autocast, 4)  # warm-up
    seq, _ = _tokens_per_s(model, tokenizer, prompts, 1, autocast, *args)
    batched, texts = _tokens_per_s(model, tokenizer, prompts, len(prompts), autocast, *args)
    fp32, fp32_texts = _tokens_per_s(model, tokenizer, prompts, len(prompts), False, *args)
    agree = sum(a == b for a, b in zip(texts, fp32_texts, strict=True)) / len(texts)
    return {
        "generate_prompts": len(prompts),
        "generate_max_new_tokens": max_new_tokens,
        "generate_bf16_autocast": autocast,
        "generate_sequential_tokens_per_s": round(seq, 1),
        "generate_batched_tokens_per_s": round(batched, 1),
        "generate_speedup_batched_vs_sequential": round(batched / seq, 2),
        "generate_batched_fp32_tokens_per_s": round(fp32, 1),
        "generate_answers_same_as_fp32": round(agree, 3),
    }


def bench_rag(profile) -> dict:
    """Index build, in-place update vs rebuild, retrieval latency, one RAG answer end to end.

    Runs in scratch folders (the course's index is untouched), with ``profile``'s sizes.
    """
    import statistics

    from utils.data import load_documents, load_questions
    from utils.models import load_embedder, load_llm
    from utils.rag import rag_answer, time_update_vs_rebuild
    from utils.retrieval import build_index, close_index, open_index, retrieval_latency_ms

    sizes = profile.rag
    docs_v1, docs_v2 = load_documents("v1"), load_documents("v2")
    questions = [q.question for q in load_questions("test") if q.answer]
    questions = questions[: profile.retrieval.latency_queries]
    embedder = load_embedder()
    embedder.get_text_embedding_batch(["warm-up"])
    timing = time_update_vs_rebuild(
        embedder, docs_v1, docs_v2, sizes=profile.retrieval, repeats=sizes.bench_repeats
    )
    with tempfile.TemporaryDirectory(prefix="rag-bench-") as tmp:
        index = open_index(embedder, path=tmp)
        build_s = min(
            build_index(index, docs_v1, profile.retrieval).seconds
            for _ in range(sizes.bench_repeats)
        )
        latency_ms = retrieval_latency_ms(index, questions)
        model, tokenizer = load_llm()
        answers = [
            rag_answer(index, model, tokenizer, q) for q in questions[: sizes.latency_questions]
        ]
        close_index(tmp)
    return {
        "index_chunks_v1": timing.report.chunks_kept + timing.report.chunks_removed,
        "index_build_s": round(build_s, 3),
        "index_update_s": round(timing.update_s, 3),
        "index_rebuild_v2_s": round(timing.rebuild_s, 3),
        "index_update_speedup_vs_rebuild": round(timing.speedup, 2),
        "retrieval_p50_ms": round(latency_ms, 2),
        "rag_answer_p50_s": round(statistics.median(a.seconds for a in answers), 3),
    }


def bench_threads(profile, max_new_tokens: int = 16) -> dict:
    """One batch of generation with one thread and with one per core, on a quiet machine and with
    one, then one per core, busy processes competing (pure Python loops); and the thread count
    the course's rule (:func:`utils.resources.set_threads`) picks under each load."""
    import subprocess

    import torch

    from utils.generation import build_chat_prompts
    from utils.models import load_llm
    from utils.resources import set_threads, usable_cores

    model, tokenizer = load_llm()
    prompts = build_chat_prompts(tokenizer, BENCH_QUESTIONS)
    cores = usable_cores()
    _tokens_per_s(model, tokenizer, prompts[:2], 2, None, 4)  # warm-up
    figures: dict = {"threads_cores": cores}
    for busy in sorted({0, 1, cores}):
        spinners = [
            subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(busy)
        ]
        try:
            time.sleep(1.0)
            figures[f"threads_chosen_{busy}_busy"] = set_threads()
            for n in sorted({1, cores}):
                torch.set_num_threads(n)
                seconds = _best_time(
                    lambda: _tokens_per_s(
                        model, tokenizer, prompts, len(prompts), None, max_new_tokens
                    ),
                    2,
                )
                figures[f"threads_{busy}_busy_{n}_threads_s"] = round(seconds, 2)
        finally:
            for spinner in spinners:
                spinner.kill()
                spinner.wait()
        timed = {n: figures[f"threads_{busy}_busy_{n}_threads_s"] for n in sorted({1, cores})}
        figures[f"threads_best_{busy}_busy"] = min(timed, key=timed.get)
    set_threads()
    figures["threads_rule_picks_the_fastest"] = all(
        figures[f"threads_chosen_{b}_busy"] == figures[f"threads_best_{b}_busy"]
        for b in sorted({0, 1, cores})
    )
    return figures


def rag_shaped_messages(questions, passages: int = 3, words: int = 100) -> list[str]:
    """RAG prompts without an index: each question after ``passages`` passages of the knowledge
    base (its own document last, the others drawn reproducibly), each cut to ``words`` words."""
    import random

    from utils.data import load_documents
    from utils.rag import build_rag_prompt

    docs = load_documents("v1")
    by_id = {d.doc_id: d for d in docs}
    rng = random.Random(SEED)
    messages = []
    for q in questions:
        chosen = [*rng.sample(docs, passages - 1), by_id.get(q.doc_id, docs[0])]
        texts = [" ".join(d.text.split()[:words]) for d in chosen]
        messages.append(build_rag_prompt(q.question, texts))
    return messages


def bench_mcq(profile) -> dict:
    """Multiple-choice scoring four ways on the same questions: every option read with its whole
    prompt (``naive``, the plain way, float32), the prompt read once per question and its options
    scored from the cache (``shared``, float32), that under bf16 autocast (``shared_bf16``), and
    under bf16 with near-ties scored again in float32 (``checked``); with closed-book prompts and
    RAG-shaped ones (three passages). ``same_picks``: the share of questions whose pick is the naive
    float32 one. The course's way is ``checked`` where it uses bf16 autocast, else ``shared``."""
    from utils.evaluation import evaluation_set
    from utils.mcq import choice_logprobs, pick_best
    from utils.models import load_llm, use_bf16_autocast

    n = 24 if profile.name == "quick" else 64
    chosen = evaluation_set(profile)
    questions = [q for g in ("seen", "unseen") for q in chosen[g] if q.choices][: 2 * n]
    questions = questions[::2][:n]  # one wording per fact where both are there
    choices = [q.choices for q in questions]
    model, tokenizer = load_llm()
    course = "shared"
    if use_bf16_autocast(str(next(model.parameters()).device), "scoring"):
        course = "checked"
    choice_logprobs(model, tokenizer, ["warm-up"], [["a", "b"]])
    ways = {
        "naive": {"shared_prefix": False},
        "shared": {},
        "shared_bf16": {"autocast": True, "recheck_margin": 0.0},
        "checked": {"autocast": True},
    }
    figures: dict = {"mcq_questions": len(questions), "mcq_course_way": course}
    totals, shift = dict.fromkeys(ways, 0.0), 0.0
    for kind, messages in (
        ("bare", [q.question for q in questions]),
        ("rag", rag_shaped_messages(questions)),
    ):
        picks, scores = {}, {}
        for way, kwargs in ways.items():
            start = time.perf_counter()
            scores[way] = choice_logprobs(model, tokenizer, messages, choices, **kwargs)
            seconds = time.perf_counter() - start
            totals[way] += seconds
            picks[way] = [pick_best(row) for row in scores[way]]
            figures[f"mcq_{kind}_{way}_s"] = round(seconds, 2)
        for way in ("shared", "shared_bf16", "checked"):
            same = sum(a == b for a, b in zip(picks[way], picks["naive"], strict=True))
            figures[f"mcq_{kind}_{way}_same_picks"] = round(same / len(questions), 3)
        pairs = zip(scores["shared_bf16"], scores["shared"], strict=True)
        shift = max(shift, *(abs(a - b) for x, y in pairs for a, b in zip(x, y, strict=True)))
    for way in ("shared", "shared_bf16", "checked"):
        figures[f"mcq_speedup_{way}_vs_naive"] = round(totals["naive"] / totals[way], 2)
    figures["mcq_bf16_largest_score_shift"] = round(shift, 3)
    figures["mcq_speedup_course_vs_naive"] = figures[f"mcq_speedup_{course}_vs_naive"]
    figures["mcq_same_picks_course"] = min(
        figures[f"mcq_bare_{course}_same_picks"], figures[f"mcq_rag_{course}_same_picks"]
    )
    return figures


def bench_precision(profile) -> dict:
    """The precision plan measured again on this (quiet) machine, and whether its choice matters:
    the same questions answered and scored in float32 and under bf16 autocast, closed-book and over
    passages (each question's own document among three, as long as a RAG prompt), with the paired
    difference of each metric and its interval over facts. ``precision_changes_no_metric``: no
    interval excludes zero."""
    from utils.evaluation import Prompt, bare_question, evaluate_system, evaluation_set
    from utils.generation import DEFAULT_SYSTEM
    from utils.metrics import paired_difference
    from utils.models import load_llm
    from utils.precision import PROBE_PASSAGE_WORDS, plan_for
    from utils.rag import RAG_SYSTEM
    from utils.records import QUESTION_METRICS

    model, tokenizer = load_llm()
    plan = plan_for(model, tokenizer, again=True)
    print(plan.describe())
    figures: dict = {}
    for task, timing in plan.timings.items():
        figures[f"precision_{task}_bf16_speedup"] = round(timing.speedup, 2)
        figures[f"precision_{task}_bf16"] = timing.bf16
    figures["precision_probe_s"] = plan.probe_s
    questions = evaluation_set(profile)["seen"][: 40 if profile.name == "quick" else 200]
    passages = dict(zip((q.qid for q in questions), rag_shaped_messages(
        questions, words=PROBE_PASSAGE_WORDS), strict=True))  # fmt: skip
    ways = {
        "closed_book": (bare_question, DEFAULT_SYSTEM),
        "passages": (lambda q: Prompt(passages[q.qid]), RAG_SYSTEM),
    }
    changed = False
    for way, (prompt_for, system) in ways.items():
        rows = {}
        for bf16 in (False, True):
            with temporary_env(COURSE_AUTOCAST=str(int(bf16))):
                start = time.perf_counter()
                rows[bf16] = evaluate_system(model, tokenizer, {"seen": questions},
                                             prompt_for=prompt_for, system=system, progress=False)  # fmt: skip
                figures[f"precision_{way}_{'bf16' if bf16 else 'fp32'}_s"] = round(
                    time.perf_counter() - start, 1)  # fmt: skip
        same = sum(
            a.prediction == b.prediction for a, b in zip(rows[True], rows[False], strict=True)
        )
        figures[f"precision_{way}_same_answers"] = round(same / len(questions), 3)
        accepted = QUESTION_METRICS["accepted"][1]
        figures[f"precision_{way}_accepted_fp32"] = round(
            sum(map(accepted, rows[False])) / len(questions), 3)  # fmt: skip
        figures[f"precision_{way}_accepted_flips"] = sum(
            accepted(a) != accepted(b) for a, b in zip(rows[True], rows[False], strict=True))  # fmt: skip
        for metric in ("accepted", "mcq_accuracy"):
            applies, score = QUESTION_METRICS[metric]
            pairs = [(a, b) for a, b in zip(rows[True], rows[False], strict=True) if applies(a)]
            diff = paired_difference([score(a) for a, _ in pairs], [score(b) for _, b in pairs],
                                     [a.fact_id for a, _ in pairs])  # fmt: skip
            low, high = diff["ci95"]
            excludes = low is not None and (low > 0 or high < 0)
            changed |= excludes
            key = f"precision_{way}_{metric}_bf16_minus_fp32"
            figures[key] = diff["value"]
            figures[f"{key}_ci95"] = [low, high]
    figures["precision_questions"] = len(questions)
    figures["precision_changes_no_metric"] = not changed
    return figures


def profile_dataset(tokenizer, profile, seed: int = SEED):
    """The main training set of ``profile``, built as notebook 4 builds it."""
    from utils.data import load_house_format, load_questions
    from utils.evaluation import evaluation_set
    from utils.ft_data import build_dataset, main_train_facts, training_records

    chosen = evaluation_set(profile, seed=seed)
    questions = load_questions()
    facts = main_train_facts(questions, chosen["seen"], profile.ft, seed)
    records = training_records(questions, load_house_format(),
                               per_fact=profile.ft.paraphrases_per_fact, facts=facts, seed=seed)  # fmt: skip
    return build_dataset(tokenizer, records, max_length=profile.ft.max_length)


def bench_finetune(profile, repeats: int = 2) -> dict:
    """Full-profile training (time, peak memory, adapter size), then fp32 vs bf16 autocast side by
    side on the same batches. Always the full profile's training: the target is about it."""
    from utils.adapters import folder_size_mb, save_adapter
    from utils.models import load_llm, use_bf16_autocast
    from utils.profiles import PROFILES
    from utils.resources import set_threads
    from utils.training import compare_precisions, train_lora

    set_threads()
    full = PROFILES["full"]
    sizes = full.ft
    model, tokenizer = load_llm()
    course_bf16 = use_bf16_autocast(str(next(model.parameters()).device), "training")
    dataset = profile_dataset(tokenizer, full)
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
    parameters = sum(p.numel() for p in model.parameters())  # the base model's (LoRA: ~4 %)
    del run, model
    speed = compare_precisions(dataset, sizes, max(sizes.precision_steps, 8), repeats)
    figures |= _speed_figures(speed, course_bf16)
    return figures | _fraction_of_peak(figures, parameters, course_bf16)


def matmul_gflops(dtype: str, n: int = 2048, repeats: int = 5) -> float:
    """This machine's matrix-multiplication speed in ``dtype``: the best of ``repeats`` products of
    two n x n matrices (2 n^3 floating-point operations each), in GFLOP/s, with the course's
    threads. The ceiling no training step can pass."""
    import torch

    a, b = (torch.randn(n, n, generator=torch.Generator().manual_seed(i)).to(getattr(torch, dtype))
            for i in range(2))  # fmt: skip
    a @ b  # warm-up: the first product picks its kernel
    return 2 * n**3 / _best_time(lambda: a @ b, repeats) / 1e9


def _fraction_of_peak(figures: dict, parameters: int, course_bf16: bool) -> dict:
    """Training's arithmetic rate as a share of the machine's matmul peak. Estimates, labelled so:
    a LoRA step costs ~4 x parameters FLOPs per token (forward 2, backward through the frozen
    weights 2; a full fine-tune would add 2 more for the weight gradients), attention ignored."""
    peak = {dtype: matmul_gflops(dtype) for dtype in ("float32", "bfloat16")}
    rate = 4 * parameters * figures["train_tokens_per_s"] / 1e9
    ceiling = peak["bfloat16"] if course_bf16 else peak["float32"]
    return {
        "matmul_peak_gflops_fp32": round(peak["float32"], 1),
        "matmul_peak_gflops_bf16": round(peak["bfloat16"], 1),
        "train_gflops_estimate": round(rate, 1),
        "train_fraction_of_matmul_peak_estimate": round(rate / ceiling, 3),
    }


def bench_update(profile) -> dict:
    """The knowledge update from v1 to v2, three ways, measured in one run with the full profile's
    sizes: the index updated in place (RAG), an adapter trained further on the changed and new facts
    only, and an adapter retrained on every v2 fact (notebook 5). Each fine-tuned way is timed from
    the facts to the trained adapter. Training further starts here from the base model rather than
    the v1 adapter merged in: the same shapes, so the same work."""
    from utils.data import load_documents, load_facts, load_questions
    from utils.evaluation import evaluation_set
    from utils.models import load_embedder, load_llm, use_bf16_autocast
    from utils.profiles import PROFILES
    from utils.rag import time_update_vs_rebuild
    from utils.resources import set_threads
    from utils.training import train_update, update_facts

    set_threads()
    full = PROFILES["full"]
    embedder = load_embedder()
    embedder.get_text_embedding_batch(["warm-up"])
    rag = time_update_vs_rebuild(
        embedder, load_documents("v1"), load_documents("v2"), sizes=full.retrieval
    )
    facts = update_facts(load_questions(), evaluation_set(full), load_facts(), full)
    figures = {"update_rag_s": round(rag.update_s, 3)}
    for way in ("ft_partial", "ft_full"):
        model, tokenizer = load_llm()
        bf16 = use_bf16_autocast(str(next(model.parameters()).device), "training")
        trained = train_update(model, tokenizer, facts[way], full, bf16=bf16, progress=False)
        figures[f"update_{way}_s"] = round(trained.seconds, 1)
        figures[f"update_{way}_facts"] = len(facts[way])
        del trained, model
    figures["update_ft_partial_vs_rag"] = round(figures["update_ft_partial_s"] / rag.update_s, 1)
    figures["update_ft_full_vs_rag"] = round(figures["update_ft_full_s"] / rag.update_s, 1)
    return figures


def _speed_figures(speed: dict, course_bf16: bool) -> dict:
    """The benchmark keys of a ``compare_precisions`` result."""
    from utils.training import relative_differences

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


# Each section is a function of the profile returning {key: figure}, run in this order.
SECTIONS = (
    bench_model_load, bench_threads, bench_precision, bench_generation, bench_mcq, bench_rag,
    bench_finetune, bench_update,
)  # fmt: skip


def check_targets(figures: dict) -> dict:
    """``{key: {"value", "target", "met"}}`` for every target whose key was measured."""
    checked = {}
    for key, (op, bound) in TARGETS.items():
        if key in figures:
            value = figures[key]
            met = value <= bound if op == "<=" else value >= bound
            checked[key] = {"value": value, "target": f"{op} {bound}", "met": met}
    return checked


HISTORY_RUNS = 50  # runs kept in bench.json's history


def write_bench(figures: dict, path: Path | None = None) -> Path:
    """Merge ``figures`` into ``results/bench.json`` (other sections' keys are kept) and append
    them, dated, to its ``history`` (the last ``HISTORY_RUNS`` runs), so a regression shows."""
    from datetime import datetime, timezone

    path = path or results_dir() / "bench.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    existing = json.loads(path.read_text()) if path.is_file() else {}
    when = datetime.now(timezone.utc).isoformat(timespec="seconds")
    history = [*existing.pop("history", []), {"when": when, **figures}][-HISTORY_RUNS:]
    existing.update(figures)
    existing["history"] = history
    existing["targets"] = check_targets(existing)
    path.write_text(json.dumps(existing, indent=2) + "\n")
    return path


def machine() -> dict:
    import torch

    from utils.models import cpu_has_native_bf16
    from utils.resources import busy_cores

    return {
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "cpu_native_bf16": cpu_has_native_bf16(),
        "load_average_1min": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
        "busy_cores_at_start": round(busy_cores(interval=1.0), 2),
        "torch": torch.__version__,
        "torch_threads": torch.get_num_threads(),
        "python": platform.python_version(),
    }


def main(argv: list[str] | None = None) -> int:
    """Run every section (or those named, e.g. ``python -m utils.bench bench_rag``)."""
    wanted = set(sys.argv[1:] if argv is None else argv)
    unknown = wanted - {section.__name__ for section in SECTIONS}
    if unknown:
        names = ", ".join(section.__name__ for section in SECTIONS)
        print(f"Unknown section(s) {', '.join(sorted(unknown))}; the sections are: {names}")
        return 2
    profile = get_profile()
    figures = machine() | {"profile": profile.name}
    for section in SECTIONS:
        if wanted and section.__name__ not in wanted:
            continue
        print(f"[bench] {section.__name__} ...", flush=True)
        figures.update(section(profile))
    figures["peak_rss_mb"] = peak_rss_mb()
    path = write_bench(figures)
    width = max(len(k) for k in figures)
    for key, value in figures.items():
        print(f"  {key:<{width}}  {value}")
    targets = json.loads(path.read_text())["targets"]
    for key, result in targets.items():
        mark = "met" if result["met"] else "MISSED"
        print(f"  target {key} {result['target']}: {result['value']} ({mark})")
    print(f"Written to {path}")
    return 0 if all(t["met"] for t in targets.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
