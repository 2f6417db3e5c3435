"""Benchmarks of answering: PyTorch's threads, the precision plan, generation, multiple choice.

Sections of ``make bench`` (:mod:`utils.bench` runs them and keeps the figures); each is a function
of the profile returning ``{key: figure}``.
"""

from __future__ import annotations

import sys
import time

from utils.settings import SEED, temporary_env

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


def best_time(work, repeats: int) -> float:
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
    } | _batch_sizes(model, tokenizer, profile)


def _batch_sizes(model, tokenizer, profile, questions: int = 128) -> dict:
    """The evaluation's batch size against 16: the same closed-book test questions answered both
    ways in float32 (seconds, and whether the answers are the same)."""
    from utils.evaluation import evaluation_set
    from utils.generation import build_chat_prompts, generate_batch

    chosen = evaluation_set(profile)
    asked = [q.question for g in chosen.values() for q in g][:questions]
    prompts = build_chat_prompts(tokenizer, asked)
    size = profile.evaluation.gen_batch_size
    figures, texts = {"generate_batch_questions": len(prompts)}, {}
    for batch in (16, size):
        start = time.perf_counter()
        gens = generate_batch(model, tokenizer, prompts, batch_size=batch, autocast=False,
                              max_new_tokens=profile.evaluation.max_new_tokens, progress=False)  # fmt: skip
        figures[f"generate_batch{batch}_s"] = round(time.perf_counter() - start, 1)
        texts[batch] = [g.text for g in gens]
    figures["generate_speedup_course_batch_vs_16"] = round(
        figures["generate_batch16_s"] / figures[f"generate_batch{size}_s"], 2)  # fmt: skip
    same = sum(a == b for a, b in zip(texts[16], texts[size], strict=True)) / len(prompts)
    figures["generate_course_batch_same_answers"] = round(same, 3)
    return figures


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
                seconds = best_time(
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
    from utils.precision import bf16_is_native

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
    if not bf16_is_native(str(next(model.parameters()).device)):  # bf16 emulated: float32 only
        ways = {way: kwargs for way, kwargs in ways.items() if not kwargs.get("autocast")}
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
        for way in set(ways) - {"naive"}:
            same = sum(a == b for a, b in zip(picks[way], picks["naive"], strict=True))
            figures[f"mcq_{kind}_{way}_same_picks"] = round(same / len(questions), 3)
        pairs = zip(scores.get("shared_bf16", []), scores["shared"], strict=False)
        shift = max(shift, *(abs(a - b) for x, y in pairs for a, b in zip(x, y, strict=True)), 0.0)
    for way in set(ways) - {"naive"}:
        figures[f"mcq_speedup_{way}_vs_naive"] = round(totals["naive"] / totals[way], 2)
    if "shared_bf16" in ways:
        figures["mcq_bf16_largest_score_shift"] = round(shift, 3)
    figures["mcq_speedup_course_vs_naive"] = figures[f"mcq_speedup_{course}_vs_naive"]
    figures["mcq_same_picks_course"] = min(
        figures[f"mcq_bare_{course}_same_picks"], figures[f"mcq_rag_{course}_same_picks"]
    )
    figures.update(_bench_scoring_while_answering(model, tokenizer, questions, choices))
    return figures


def _bench_scoring_while_answering(model, tokenizer, questions, choices) -> dict:
    """An evaluation's two reads of every prompt, or one: the questions answered (batches of 64),
    then their choices scored the course's way reading each prompt again (``apart``), against the
    choices scored from the keys and values answering computed (``together``,
    :class:`utils.mcq.PrefillScorer`, what every evaluation does). Closed-book and RAG-shaped
    prompts; the answers must be the same, and the picks."""
    from utils.generation import DEFAULT_SYSTEM, build_chat_prompts, generate_batch
    from utils.mcq import PrefillScorer, choice_logprobs, pick_best
    from utils.models import use_bf16_autocast

    bf16 = use_bf16_autocast(str(next(model.parameters()).device), "scoring")
    figures: dict = {}
    totals = {"apart": 0.0, "together": 0.0}
    for kind, messages in (
        ("bare", [q.question for q in questions]),
        ("rag", rag_shaped_messages(questions)),
    ):
        prompts = build_chat_prompts(tokenizer, messages, DEFAULT_SYSTEM)
        answer = {"max_new_tokens": 24, "batch_size": 64, "progress": False}
        got = {}
        for way in ("apart", "together"):
            start = time.perf_counter()
            if way == "apart":
                answers = generate_batch(model, tokenizer, prompts, **answer)
                scores = choice_logprobs(model, tokenizer, messages, choices, autocast=None)
            else:
                scorer = PrefillScorer(model, tokenizer, prompts, choices, bf16=bf16)
                answers = generate_batch(model, tokenizer, prompts, on_batch=scorer, **answer)
                scores = scorer.finish(tokenizer, messages, choices, system=DEFAULT_SYSTEM,
                                       batch_size=16)  # fmt: skip
            seconds = time.perf_counter() - start
            totals[way] += seconds
            figures[f"mcq_{kind}_answer_and_score_{way}_s"] = round(seconds, 2)
            got[way] = ([a.text for a in answers], [pick_best(row) for row in scores])
        same = [a == b for a, b in zip(*(got[w][1] for w in got), strict=True)]
        figures[f"mcq_{kind}_together_same_picks"] = round(sum(same) / len(same), 3)
        figures[f"mcq_{kind}_together_same_answers"] = got["apart"][0] == got["together"][0]
    figures["mcq_speedup_together_vs_apart"] = round(totals["apart"] / totals["together"], 2)
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
    from utils.precision import PROBE_PASSAGE_WORDS, bf16_is_native, plan_for
    from utils.rag import RAG_SYSTEM
    from utils.records import QUESTION_METRICS

    model, tokenizer = load_llm()
    device = str(next(model.parameters()).device)
    if not bf16_is_native(device):  # bf16 would only be emulated: the course runs float32 here
        print(
            f"bf16 is not native here ({device}): the course runs in float32; nothing to compare."
        )
        return {"precision_native": False}
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
