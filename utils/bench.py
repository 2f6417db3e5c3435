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
from contextlib import contextmanager
from pathlib import Path

from utils.evaluation import peak_rss_mb
from utils.settings import results_dir

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
# Each section is a function returning {key: figure}; the tracks add theirs in their own modules.
SECTIONS = (
    "utils.bench:bench_model_load",
    "utils.bench:bench_generation",
    "utils.rag:bench_rag",
    "utils.finetune:bench_finetune",
)
TARGETS = {
    "model_load_warm_s": ("<=", 2.0),
    "generate_speedup_batched_vs_sequential": (">=", 3.0),
    "retrieval_p50_ms": ("<=", 20.0),
    "index_update_speedup_vs_rebuild": (">=", 5.0),
    "train_speedup_vs_fp32": (">=", 1.8),
    "train_full_profile_s": ("<=", 600.0),
    "train_peak_rss_mb": ("<=", 6000.0),
}


@contextmanager
def _env(**values: str):
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def bench_model_load(repeats: int = 3) -> dict:
    """Cold load (GGUF -> cache, in a fresh cache folder) and warm load (from that cache)."""
    from utils.models import load_llm

    with tempfile.TemporaryDirectory() as tmp, _env(COURSE_CACHE_DIR=tmp):
        start = time.perf_counter()
        load_llm()
        cold = time.perf_counter() - start
        warm = []
        for _ in range(repeats):
            start = time.perf_counter()
            load_llm()
            warm.append(time.perf_counter() - start)
    return {"model_load_cold_s": round(cold, 2), "model_load_warm_s": round(min(warm), 3)}


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


def bench_generation(max_new_tokens: int = 32) -> dict:
    """Batched vs one-at-a-time generation of the same prompts with the same settings."""
    from utils.generation import build_chat_prompts
    from utils.models import load_llm, use_bf16_autocast

    model, tokenizer = load_llm()
    device = str(next(model.parameters()).device)
    autocast = use_bf16_autocast(device)
    prompts = build_chat_prompts(tokenizer, BENCH_QUESTIONS)
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


def check_targets(figures: dict) -> dict:
    """``{key: {"value", "target", "met"}}`` for every target whose key was measured."""
    checked = {}
    for key, (op, bound) in TARGETS.items():
        if key in figures:
            value = figures[key]
            met = value <= bound if op == "<=" else value >= bound
            checked[key] = {"value": value, "target": f"{op} {bound}", "met": met}
    return checked


def write_bench(figures: dict, path: Path | None = None) -> Path:
    """Merge ``figures`` into ``results/bench.json`` (other sections' keys are kept)."""
    path = path or results_dir() / "bench.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    existing = json.loads(path.read_text()) if path.is_file() else {}
    existing.update(figures)
    existing["targets"] = check_targets(existing)
    path.write_text(json.dumps(existing, indent=2) + "\n")
    return path


def machine() -> dict:
    import torch

    return {
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "torch": torch.__version__,
        "torch_threads": torch.get_num_threads(),
        "python": platform.python_version(),
    }


def _section(spec: str):
    """The function ``module:name``, or None when its module is not part of the course yet."""
    import importlib
    import importlib.util

    module, name = spec.split(":")
    if importlib.util.find_spec(module) is None:
        return None
    return getattr(importlib.import_module(module), name)


def main(argv: list[str] | None = None) -> int:
    """Run every section (or those named, e.g. ``python -m utils.bench bench_rag``)."""
    wanted = set(sys.argv[1:] if argv is None else argv)
    figures = machine()
    for spec in SECTIONS:
        if wanted and spec.split(":")[1] not in wanted:
            continue
        section = _section(spec)
        if section is None:
            print(f"[bench] {spec}: skipped, its module is not in the course yet", flush=True)
            continue
        print(f"[bench] {spec} ...", flush=True)
        figures.update(section())
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
