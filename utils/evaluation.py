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

# The test groups of notebooks 0-4: facts trained on (seen) and facts of held-out documents (unseen).
EVAL_GROUPS = ("seen", "unseen")


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
    """The gold answer and choices of ``question`` in ``group`` (``updated`` is scored on v2)."""
    if group == "updated":
        return question.answer_v2, question.choices_v2
    return question.answer, question.choices


def select_questions(groups: Mapping[str, Sequence], max_total: int | None, seed: int = SEED):
    """A reproducible sample of each group, ``max_total`` split evenly (None: every question).

    >>> select_questions({"seen": list(range(10)), "unseen": list(range(4))}, 6)
    {'seen': [1, 2, 6], 'unseen': [1, 2, 3]}
    """
    if max_total is None:
        return {name: list(items) for name, items in groups.items()}
    per_group = max(1, max_total // max(1, len(groups)))
    chosen = {}
    for name, items in groups.items():
        picked = sorted(
            random.Random(f"{seed}-{name}").sample(range(len(items)), min(per_group, len(items)))
        )
        chosen[name] = [items[i] for i in picked]
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
    option_format: Callable | None = None,
    progress: bool = True,
) -> list[Prediction]:
    """Answer every question of every group (batched, greedy) and score the choices by log-likelihood.

    ``prompt_for(question)`` builds what the model is asked, as a :class:`Prompt` (or a plain string):
    the bare question for a closed-book model, retrieved passages and the question for RAG; the
    documents it retrieved and the seconds it took go into the question's row.
    ``option_format(question, option)`` rewrites each choice before it is scored (e.g. into the house
    format a fine-tuned model answers in).
    Returns one :class:`Prediction` per question.
    """
    from utils.generation import build_chat_prompts, generate_batch
    from utils.mcq import choice_logprobs, pick_best

    rows = []
    for group, questions in groups.items():
        asked = [_as_prompt(prompt_for(q)) for q in questions]
        messages = [p.message for p in asked]
        prompts = build_chat_prompts(tokenizer, messages, system)
        gens = generate_batch(
            model, tokenizer, prompts, max_new_tokens=max_new_tokens, batch_size=batch_size,
            progress=progress, desc=f"answering ({group})",
        )  # fmt: skip
        golds = [gold_for(q, group) for q in questions]
        scores = [None] * len(questions)
        if with_mcq:
            options = [c for _, c in golds]
            if option_format is not None:
                options = [
                    [option_format(q, o) for o in c]
                    for q, c in zip(questions, options, strict=True)
                ]
            scores = choice_logprobs(
                model, tokenizer, messages, options, system=system, batch_size=batch_size
            )
        for q, p, gen, (gold, choices), option_scores in zip(
            questions, asked, gens, golds, scores, strict=True
        ):
            rows.append(
                Prediction(
                    qid=q.qid, group=group, question=q.question, gold=gold, prediction=gen.text,
                    mcq_choice=pick_best(option_scores) if with_mcq else None,
                    mcq_gold=choices.index(gold) if with_mcq else None,
                    retrieved_doc_ids=p.retrieved_doc_ids, gold_doc_id=q.doc_id,
                    latency_s=gen.seconds + p.extra_latency_s,
                    prompt_tokens=gen.prompt_tokens, output_tokens=gen.output_tokens,
                    fact_id=getattr(q, "fact_id", None), mcq_scores=option_scores,
                )
            )  # fmt: skip
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
