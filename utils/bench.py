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
from datetime import UTC
from pathlib import Path

from utils.bench_answers import (
    bench_generation,
    bench_mcq,
    bench_precision,
    bench_threads,
    best_time,
)
from utils.profiles import get_profile
from utils.resources import peak_rss_mb
from utils.settings import SEED, results_dir, temporary_env

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
    "grade_class_s": ("<=", 180.0),
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
        checksum_s = best_time(lambda: _sha256(weights), repeats)
        finite_s = best_time(lambda: _check_finite(model, tokenizer), repeats)
        weights_mib = weights.stat().st_size / 2**20
    return {
        "model_load_cold_s": round(cold, 2),
        "model_load_warm_s": round(min(warm), 3),
        "model_checksum_s": round(checksum_s, 3),
        "model_checksum_mib": round(weights_mib),
        "model_finite_check_s": round(finite_s, 3),
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


def profile_dataset(tokenizer, profile, seed: int = SEED):
    """The main training set of ``profile``, built as notebook 4 builds it."""
    from utils.data import load_house_format, load_questions
    from utils.evaluation import evaluation_set
    from utils.ft_data import build_dataset, main_train_facts, training_records

    chosen = evaluation_set(profile, seed=seed)
    questions = load_questions()
    facts = main_train_facts(questions, chosen, profile.ft, seed)
    records = training_records(questions, load_house_format(),
                               per_fact=profile.ft.paraphrases_per_fact, facts=facts, seed=seed)  # fmt: skip
    return build_dataset(tokenizer, records, max_length=profile.ft.max_length)


def bench_finetune(profile, repeats: int = 2) -> dict:
    """Full-profile training (time, peak memory, adapter size), then fp32 vs bf16 autocast side by
    side on the same batches. Always the full profile's training: the target is about it."""
    from utils.adapters import folder_size_mb, save_adapter
    from utils.models import load_llm, use_bf16_autocast
    from utils.precision_compare import compare_precisions
    from utils.profiles import PROFILES
    from utils.resources import set_threads
    from utils.training import train_lora

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
    steps = max(sizes.precision_steps, 8)
    speed = compare_precisions(dataset, sizes, steps, repeats)
    figures |= _speed_figures(speed, course_bf16) | _attention_figures(
        dataset, sizes, steps, course_bf16
    )
    return figures | _fraction_of_peak(figures, parameters, course_bf16)


def bench_raft(profile, steps: int = 8) -> dict:
    """RAFT's training throughput (notebook 6) beside notebook 4's: the same module, batch size,
    precision and number of steps, on each one's full-profile examples (RAFT's hold three passages,
    so they are longer). Also the full RAFT training's length in tokens and its time at that rate."""
    from dataclasses import replace

    from utils import raft
    from utils.data import load_documents, load_house_format, load_questions
    from utils.evaluation import evaluation_set
    from utils.ft_data import (
        build_dataset,
        choose_train_facts,
        main_train_facts,
        sample_paraphrases,
        train_questions,  # fmt: skip
        wordings_by_fact,
    )
    from utils.models import load_embedder, load_llm, use_bf16_autocast
    from utils.profiles import PROFILES
    from utils.retrieval import close_index, open_index, sync_index
    from utils.training import train_lora

    full = PROFILES["full"]
    sizes = replace(full.ft, num_epochs=full.raft.num_epochs, max_length=full.raft.max_length,
                    max_train_facts=full.raft.max_train_facts)  # fmt: skip
    questions = load_questions()
    asked = evaluation_set(full)
    trained_in_4 = main_train_facts(questions, asked, full.ft)  # RAFT trains on notebook 4's facts
    first = [q.fact_id for q in asked["seen"]]
    facts = choose_train_facts(trained_in_4, first, full.raft.max_train_facts, SEED)
    wordings = wordings_by_fact(q for q in train_questions(questions) if q.fact_id in set(facts))
    asked = [q for chosen in sample_paraphrases(wordings, 1, SEED).values() for q in chosen]
    docs = load_documents("v1")
    with tempfile.TemporaryDirectory() as folder:
        index = open_index(load_embedder(), path=folder)
        sync_index(index, docs, full.retrieval)
        rows = raft.raft_records(asked, raft.ranked_passages(index, asked, full.raft.ranked),
                                 raft.document_passages(index, docs), load_house_format(),
                                 k=full.raft.k_train, p_oracle=full.raft.p_oracle)  # fmt: skip
        close_index(folder)
    model, tokenizer = load_llm()
    bf16 = use_bf16_autocast(str(next(model.parameters()).device), "training")
    datasets = {
        "raft": build_dataset(
            tokenizer, rows, system=raft.RAFT_SYSTEM, max_length=sizes.max_length
        ),
        "ft": profile_dataset(tokenizer, full),
    }
    figures = {}
    for name, dataset in datasets.items():
        run = train_lora(load_llm()[0], tokenizer, dataset, sizes, bf16=bf16, stop_after=steps,
                         progress=False)  # fmt: skip
        figures[f"{name}_train_tokens_per_s"] = round(run.tokens_per_s(), 1)
        figures[f"{name}_example_tokens_mean"] = round(sum(dataset["length"]) / len(dataset), 1)
    total = sum(datasets["raft"]["length"]) * sizes.num_epochs
    figures["raft_vs_ft_tokens_per_s"] = round(
        figures["raft_train_tokens_per_s"] / figures["ft_train_tokens_per_s"], 3
    )
    figures["raft_train_examples"] = len(datasets["raft"])
    figures["raft_train_full_estimate_s"] = round(total / figures["raft_train_tokens_per_s"], 1)
    return figures


def _attention_figures(dataset, sizes, steps: int, bf16: bool) -> dict:
    """The first ``steps`` training steps with PyTorch's fused attention (SDPA) and with eager
    attention, same batches, the course's precision: what ``training_attention`` rests on. Then
    the output layer at every position against only where a label is learned (the course's)."""
    from utils.lora import training_attention
    from utils.models import pick_device

    attention = _training_variants(dataset, sizes, steps, bf16, {
        "sdpa": {"attention": "sdpa"}, "eager": {"attention": "eager"}})  # fmt: skip
    logits = _training_variants(dataset, sizes, steps, bf16, {
        "all": {"labelled_logits": False}, "labelled": {"labelled_logits": True}})  # fmt: skip
    return {
        "train_attention": training_attention(pick_device()),
        "train_tokens_per_s_sdpa": attention["sdpa"],
        "train_tokens_per_s_eager": attention["eager"],
        "train_attention_speedup": attention["speedup"],
        "train_attention_max_rel_loss_diff": attention["max_rel_loss_diff"],
        "train_tokens_per_s_all_logits": logits["all"],
        "train_tokens_per_s_labelled_logits": logits["labelled"],
        "train_labelled_logits_speedup": logits["speedup"],
        "train_labelled_logits_max_rel_loss_diff": logits["max_rel_loss_diff"],
    }


def _training_variants(dataset, sizes, steps: int, bf16: bool, variants: dict) -> dict:
    """Two ways to train (``{name: train_lora arguments}``, the reference first), the same first
    ``steps`` steps from a fresh model each: median tokens/s of each, the second's speed-up and how
    far its losses drift from the first's (relative)."""
    import statistics

    from utils.models import load_llm
    from utils.precision_compare import relative_differences
    from utils.training import train_lora

    runs = {}
    for name, arguments in variants.items():
        model, tokenizer = load_llm()
        runs[name] = train_lora(model, tokenizer, dataset, sizes, bf16=bf16, stop_after=steps,
                                progress=False, **arguments)  # fmt: skip
    (first, a), (second, b) = runs.items()
    rate = {name: statistics.median(run.step_rates()) for name, run in runs.items()}
    return {
        first: round(rate[first], 1),
        second: round(rate[second], 1),
        "speedup": round(rate[second] / rate[first], 2),
        "max_rel_loss_diff": round(max(relative_differences(a.losses, b.losses)), 4),
    }


def matmul_gflops(dtype: str, n: int = 2048, repeats: int = 5) -> float:
    """This machine's matrix-multiplication speed in ``dtype``: the best of ``repeats`` products of
    two n x n matrices (2 n^3 floating-point operations each), in GFLOP/s, with the course's
    threads. The ceiling no training step can pass."""
    import torch

    a, b = (torch.randn(n, n, generator=torch.Generator().manual_seed(i)).to(getattr(torch, dtype))
            for i in range(2))  # fmt: skip
    a @ b  # warm-up: the first product picks its kernel
    return 2 * n**3 / best_time(lambda: a @ b, repeats) / 1e9


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
    """The benchmark keys of a ``compare_precisions`` result. Where bf16 is not native its
    training steps were not run: the figures say so, and the speed-up is the forward pass's."""
    from utils.precision_compare import relative_differences

    drift = relative_differences(
        speed["losses_fp32"][: len(speed["losses_bf16"])], speed["losses_bf16"]
    )
    figures = {
        "train_tokens_per_s_fp32": round(speed["tokens_per_s_fp32"], 1),
        "train_bf16_native": speed["trained_bf16"],
        "train_bf16_first_step_rel_loss_diff": round(drift[0], 5),
        "train_precision_same_batches": speed["same_batches"],
    }
    if not speed["trained_bf16"]:  # the course trains in float32 here; no training target applies
        return figures | {
            "train_tokens_per_s": round(speed["tokens_per_s_fp32"], 1),
            "train_bf16_forward_speedup": round(speed["speedup"], 2),
        }
    ours = speed["tokens_per_s_bf16"] if course_bf16 else speed["tokens_per_s_fp32"]
    return figures | {
        "train_tokens_per_s": round(ours, 1),
        "train_speedup_vs_fp32": round(ours / speed["tokens_per_s_fp32"], 2),
        "train_bf16_max_rel_loss_diff": round(max(drift), 4),
    }


# Each section is a function of the profile returning {key: figure}, run in this order.
def bench_grade(profile) -> dict:
    """The grader on 30 different submissions of notebook 1, every tenth hostile (each hostile
    one runs into the time limit once): the whole class, and one notebook's exercises (median)."""
    import csv
    import statistics

    from utils import grade, grade_sample

    with tempfile.TemporaryDirectory(prefix="course-bench-grade-") as tmp:
        folder, out = Path(tmp) / "class", Path(tmp) / "out"
        counts = grade_sample.benchmark_class(folder, 30)
        started = time.perf_counter()
        code = grade.main([str(folder), "--out", str(out), "--fresh"])
        class_s = time.perf_counter() - started
        per_notebook: dict[str, float] = {}
        for row in csv.DictReader((out / "timings.csv").open()):
            per_notebook[row["learner"]] = per_notebook.get(row["learner"], 0.0) + float(
                row["seconds"]
            )
    return {
        "grade_class_s": round(class_s, 1),
        "grade_class_submissions": sum(counts.values()),
        "grade_class_hostile": counts.get("hostile", 0),
        "grade_notebook_s": round(statistics.median(per_notebook.values()), 2),
        "grade_exit_code": code,
    }


SECTIONS = (
    bench_model_load, bench_threads, bench_precision, bench_generation, bench_mcq, bench_rag,
    bench_finetune, bench_update, bench_raft, bench_grade,
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
    from datetime import datetime

    path = path or results_dir() / "bench.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    existing = json.loads(path.read_text()) if path.is_file() else {}
    when = datetime.now(UTC).isoformat(timespec="seconds")
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
    os.environ.pop("COURSE_TRAIN_CACHE", None)  # every training is timed, never loaded
    os.environ.pop("COURSE_EVAL_CACHE", None)  # every answer too
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
