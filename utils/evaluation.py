"""Running a system: the one evaluation path of the base model, RAG and the fine-tuned models.

Every system answers the same questions through :func:`evaluate_system`: batched greedy answers in the
chat template, and multiple-choice scoring of the choices by log-likelihood. What defines a system is
the function that builds each question's prompt (a bare question, or retrieved passages and the
question; :class:`Prompt`), its system message, and its weights. The rows it returns are kept by
:mod:`utils.records`.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from utils.generation import DEFAULT_SYSTEM
from utils.records import NOTEBOOK_OF, Prediction, load_record, record_path, record_predictions
from utils.settings import SEED

# The test groups every system answers: facts trained on and indexed (seen), facts of held-out
# documents, indexed but never trained on (unseen), the facts of seen asked the way customers ask
# (robustness), facts changed in v2 (updated) and facts of documents new in v2 (new); the last two
# are scored on their v2 answers.
EVAL_GROUPS = ("seen", "unseen", "robustness", "updated", "new")
V2_GROUPS = ("updated", "new")


@dataclass(frozen=True)
class Prompt:
    """What a system is asked for one question, and what building it cost."""

    message: str  # the user message (the chat template is applied by the runner)
    retrieved_doc_ids: list[str] | None = None  # the documents retrieved for it, best first
    extra_latency_s: float = 0.0  # seconds spent building it (retrieval), added to its latency


def bare_question(question) -> Prompt:
    """The prompt of a closed-book system: the question alone."""
    return Prompt(question.question)


def gold_for(question, group: str) -> tuple[str | None, list[str] | None]:
    """The gold answer and choices of ``question`` in ``group`` (``updated`` and ``new``: v2)."""
    if group in V2_GROUPS:
        return question.answer_v2, question.choices_v2
    return question.answer, question.choices


def aliases_for(question, group: str) -> list[str] | None:
    """The aliases of the gold answer of ``question`` in ``group`` (see :func:`gold_for`)."""
    name = "aliases_v2" if group in V2_GROUPS else "aliases"
    return getattr(question, name, None)


def sample_facts(questions: Sequence, n: int | None, seed: int = SEED, key: str = ""):
    """The questions of a reproducible sample of ``n`` facts (every wording of each), in ``qid``
    order; all of them when ``n`` is None or not smaller than the number of facts.

    >>> from types import SimpleNamespace as Q
    >>> qs = [Q(qid=f"q{i}", fact_id=f"f{i // 2}") for i in range(8)]
    >>> [q.qid for q in sample_facts(qs, 2, seed=1)]
    ['q0', 'q1', 'q6', 'q7']
    """
    facts = sorted({q.fact_id for q in questions})
    if n is not None and n < len(facts):
        facts = random.Random(f"{seed}-{key}-facts").sample(facts, n)
    chosen = set(facts)
    return sorted((q for q in questions if q.fact_id in chosen), key=lambda q: q.qid)


def evaluation_set(profile, root=None, seed: int = SEED) -> dict[str, list]:
    """The one evaluation question set of ``profile``: ``{group: questions}`` for every group of
    ``EVAL_GROUPS``, the same questions in the same order for every system in every notebook, so
    that any two systems' answers can be compared question by question (paired).

    Both test wordings of each sampled fact are in it (``profile.evaluation.facts_per_group`` facts
    per group; None: every fact). ``"robustness"`` asks the facts sampled for ``"seen"``, in the
    customer's words, so the two groups are the same facts asked two ways.
    """
    from utils.data import eval_groups

    groups = eval_groups(None, root)
    n = profile.evaluation.facts_per_group
    chosen = {g: sample_facts(groups[g], n, seed=seed, key=g) for g in EVAL_GROUPS}
    seen_facts = {q.fact_id for q in chosen["seen"]}
    chosen["robustness"] = [q for q in groups["robustness"] if q.fact_id in seen_facts]
    return chosen


def sample_questions(questions: Sequence, n: int | None, seed: int = SEED, key: str | None = None):
    """A reproducible random sample of ``n`` questions in ``qid`` order (all of them when ``n`` is
    None or not smaller). ``key`` (e.g. the group's name) gives each group its own draw.

    >>> from types import SimpleNamespace as Q
    >>> [q.qid for q in sample_questions([Q(qid=f"q{i}") for i in range(6)], 3, seed=1)]
    ['q0', 'q1', 'q4']
    """
    if n is None or len(questions) <= n:
        return list(questions)
    rng = random.Random(seed if key is None else f"{seed}-{key}")
    return sorted(rng.sample(list(questions), n), key=lambda q: q.qid)


def evaluate_system(
    model,
    tokenizer,
    groups: Mapping[str, Sequence],
    *,
    prompt_for: Callable = bare_question,
    system: str | None = DEFAULT_SYSTEM,
    max_new_tokens: int = 24,
    batch_size: int = 16,
    with_mcq: bool = True,
    progress: bool = True,
) -> list[Prediction]:
    """Answer every question of every group (batched, greedy) and score the choices by log-likelihood.

    ``prompt_for(question)`` builds what the model is asked, as a :class:`Prompt` (or a plain string):
    the bare question for a closed-book model, retrieved passages and the question for RAG; the
    documents it retrieved and the seconds it took go into the question's row.
    Every system's choices are scored the same way (the scores of :func:`utils.mcq.choice_logprobs`:
    the same candidate strings after the same unscored "Answer:"), read from the keys and values
    that answering the same prompt computed (:class:`utils.mcq.PrefillScorer`: each prompt is read
    once, not twice); a question without choices (``few_peers``) is scored on its free-text answer
    only.
    ``batch_size`` prompts are answered at a time, all groups in one pass (prompts of similar length
    together); choices are scored for at most ``utils.mcq.MAX_BATCH`` questions at a time (their
    memory grows with the options).
    Returns one :class:`Prediction` per question.
    """
    from utils.generation import build_chat_prompts, generate_batch
    from utils.mcq import MAX_BATCH as MCQ_MAX_BATCH
    from utils.mcq import PrefillScorer, pick_best
    from utils.models import use_bf16_autocast
    from utils.resources import set_threads

    set_threads()  # the cores free now: a machine that got busy since the model loaded is noticed
    # Every group in one pass: batches are filled across groups and grouped by prompt length
    # (fewer, fuller batches than group by group); each row keeps its group.
    items = [(group, q) for group, questions in groups.items() for q in questions]
    asked = [_as_prompt(prompt_for(q)) for _, q in items]
    messages = [p.message for p in asked]
    golds = [gold_for(q, group) for group, q in items]
    n_groups = len(groups)
    settings = {"system": system, "max_new_tokens": max_new_tokens, "batch_size": batch_size,
                "with_mcq": with_mcq, "mcq_batch": min(batch_size, MCQ_MAX_BATCH)}  # fmt: skip
    key = _cache_key(model, items, messages, golds, settings)
    if key and (kept := _cached_rows(key)) is not None:
        return kept
    prompts = build_chat_prompts(tokenizer, messages, system)
    mcq_choices = [c if with_mcq else None for _, c in golds]
    # the options are scored from the keys and values answering computed for the same prompts
    scorer = PrefillScorer(
        model, tokenizer, prompts, mcq_choices, batch_size=min(batch_size, MCQ_MAX_BATCH),
        bf16=use_bf16_autocast(str(next(model.parameters()).device), "scoring"),
    )  # fmt: skip
    gens = generate_batch(
        model, tokenizer, prompts, max_new_tokens=max_new_tokens, batch_size=batch_size,
        progress=progress, on_batch=scorer if any(mcq_choices) else None,
        desc=f"answering ({len(items)} questions, {n_groups} group{'s' * (n_groups != 1)})",
    )  # fmt: skip
    scores = scorer.finish(
        tokenizer, messages, mcq_choices, system=system, batch_size=min(batch_size, MCQ_MAX_BATCH),
        progress=progress,
    )  # fmt: skip
    rows = []
    for (group, q), p, gen, (gold, choices), option_scores in zip(
        items, asked, gens, golds, scores, strict=True
    ):
        rows.append(
            Prediction(
                qid=q.qid, group=group, question=q.question, gold=gold, prediction=gen.text,
                mcq_choice=pick_best(option_scores) if option_scores else None,
                mcq_gold=choices.index(gold) if option_scores else None,
                retrieved_doc_ids=p.retrieved_doc_ids, gold_doc_id=q.doc_id,
                latency_s=gen.seconds + p.extra_latency_s,
                prompt_tokens=gen.prompt_tokens, output_tokens=gen.output_tokens,
                fact_id=getattr(q, "fact_id", None), mcq_scores=option_scores,
                aliases=aliases_for(q, group),
            )
        )  # fmt: skip
    if key:  # the cache is on and did not hold this evaluation: keep it
        from utils import eval_cache

        eval_cache.save(eval_cache.folder(), key, rows)
    return rows


def _cache_key(model, items, messages, golds, settings) -> str | None:
    """The evaluation cache's key of these questions asked this way of this model; None when
    ``COURSE_EVAL_CACHE`` is unset."""
    from utils import eval_cache

    if eval_cache.folder() is None:
        return None
    asked = [
        [group, q.qid, message, gold, choices, aliases_for(q, group)]
        for (group, q), message, (gold, choices) in zip(items, messages, golds, strict=True)
    ]
    return eval_cache.key(model, asked, settings)


def _cached_rows(key: str) -> list[Prediction] | None:
    """The rows kept under ``key``, said so; None when there are none."""
    from utils import eval_cache

    found = eval_cache.load(eval_cache.folder(), key)
    if found is None:
        return None
    rows, computed_at = found
    print(f"{len(rows)} answers loaded from the evaluation cache {eval_cache.folder() / key}.json "
          f"(computed there on {computed_at[:10]}; its answers, scores and latencies)")  # fmt: skip
    return rows


def _as_prompt(prompt: Prompt | str) -> Prompt:
    return prompt if isinstance(prompt, Prompt) else Prompt(prompt)


def reuse_or_evaluate(
    system: str, groups: Mapping[str, Sequence], evaluate: Callable, *, profile, results_dir=None
) -> tuple[list[Prediction], str]:
    """``system``'s rows for exactly these questions: taken from its stored record when that record
    (same profile) holds every one of them, else ``evaluate(groups)``. Returns the rows and a note
    saying where they came from, for the notebook to print.
    """
    wanted = {(group, q.qid) for group, questions in groups.items() for q in questions}
    try:
        record = load_record(system, results_dir)
    except FileNotFoundError:
        record = None
    if record is not None and record.get("profile") == profile.name:
        rows = [p for p in record_predictions(record) if (p.group, p.qid) in wanted]
        if len(rows) == len(wanted):
            notebook = NOTEBOOK_OF.get(system)
            source = f" (notebook {notebook})" if notebook is not None else ""
            return rows, f"reused from {record_path(system, results_dir)}{source}"
    return evaluate(groups), "evaluated now: no stored record holds exactly these questions"
