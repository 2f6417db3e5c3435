"""Retrieval-augmented generation: prompts from retrieved chunks, answers, failures, updates, costs.

Introduced in notebook 2; the comparison notebook reuses it. The prompt is assembled by hand
(:func:`build_rag_prompt`) and answered on the course's one generation path (batched, chat template),
so RAG is measured exactly like every other system (:func:`evaluate_rag`). :func:`course_llm` puts the
same model behind llama-index's LLM interface, for a llama-index query engine.
"""

from __future__ import annotations

import re
import tempfile
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from utils.metrics import contains
from utils.retrieval import Hit, check_question, retrieve, retrieve_many

# Asks for what the answer metrics reward: the value, as the context words it.
RAG_SYSTEM = "Answer the question with a short phrase copied from the context."


# --- the prompt -----------------------------------------------------------------------------------


def passage_text(hit: Hit, *, doc_id: bool = False) -> str:
    """A retrieved chunk as one line for the prompt: "Title: text", markdown marks removed.

    Notebook 2. ``doc_id=True`` starts the line with the chunk's document id, "(doc: id) ", for a
    prompt that asks the answer to cite it (notebook 5, :func:`house_rag_system`).
    """
    text = re.sub(r"^#+\s*", "", hit.text, flags=re.MULTILINE)
    label = f"(doc: {hit.doc_id}) " if doc_id else ""
    return f"{label}{hit.title}: {' '.join(text.split())}"


def context_passages(hits: Sequence[Hit], *, doc_ids: bool = False) -> list[str]:
    """The prompt's passages from retrieved hits, **best last**: closest to the question. Notebook 2.

    Language models use the start and the end of a long context better than its middle (Liu et al.
    2023, "Lost in the Middle"), so the most similar chunk goes right before the question (notebook 2
    measures whether the order matters here).
    """
    return [passage_text(h, doc_id=doc_ids) for h in reversed(hits)]


def house_rag_system(house) -> str:
    """The system message of RAG **asked for the house format** (notebook 5): the template and one
    of its examples. The passages then carry their document ids (``doc_ids=True``) to cite.

    >>> from utils.data import load_house_format
    >>> print(house_rag_system(load_house_format()))  # doctest: +NORMALIZE_WHITESPACE
    Answer with one line in the form "Answer: {answer} [doc: {doc_id}]": a short phrase copied from
    the context, then the doc id of the passage it comes from. Example: Answer: 38 hours
    [doc: tessel-a250]
    """
    example = house.examples[0]["output"]
    return (
        f'Answer with one line in the form "{house.template}": a short phrase copied from the '
        f"context, then the doc id of the passage it comes from. Example: {example}"
    )


def build_rag_prompt(question: str, passages: Sequence[str]) -> str:
    """The user message of RAG: numbered passages, then the question. Notebook 2 (exercise 2.1).

    >>> print(build_rag_prompt("How heavy is it?", ["It weighs 212 g."]))
    Context:
    [1] It weighs 212 g.
    <BLANKLINE>
    Question: How heavy is it?
    """
    question = " ".join(question.split())
    if not passages:
        return f"Question: {question}"
    numbered = [f"[{i}] {' '.join(p.split())}" for i, p in enumerate(passages, 1)]
    return "Context:\n" + "\n".join(numbered) + f"\n\nQuestion: {question}"


def rag_loop(question: str, retrieve: Callable, generate: Callable, k: int = 3) -> dict:
    """One question through RAG from its pieces, the reference of exercise 2.2 (notebook 2):
    ``retrieve(question, k)`` gives passages best first, they go into :func:`build_rag_prompt` best
    last, and ``generate(prompt)`` answers. :func:`rag_answer` does the same with the course's
    index and model, and fits the prompt into the context window.

    >>> rag_loop("Weight?", lambda q, k: ["A: 1 kg", "B: 2 kg"][:k], lambda p: " 1 kg ")["answer"]
    '1 kg'
    """
    passages = list(retrieve(question, k))[::-1]  # best last, right before the question
    prompt = build_rag_prompt(question, passages)
    return {"passages": passages, "prompt": prompt, "answer": generate(prompt).strip()}


@dataclass
class FittedPrompt:
    """A RAG user message that fits the model's context window, and what was cut to make it fit."""

    text: str
    passages_used: int
    question_truncated: bool


def _chat_tokens(tokenizer, message: str, system: str | None) -> int:
    from utils.generation import build_chat_prompts

    prompt = build_chat_prompts(tokenizer, [message], system)[0]
    return len(tokenizer(prompt, add_special_tokens=False)["input_ids"])


MIN_QUESTION_TOKENS = 32  # a question cut shorter than this would lose its point: drop passages


def fit_rag_prompt(
    tokenizer, question: str, passages: Sequence[str], max_tokens: int, system=RAG_SYSTEM
) -> FittedPrompt:
    """:func:`build_rag_prompt` cut to at most ``max_tokens`` chat-prompt tokens. Notebook 2.

    A question too long for the window is cut to its last tokens (the actual ask usually ends a
    long question) and the passages are kept, with a warning; when the passages themselves do not
    fit, the least similar ones (at the start: ``passages`` come best last, see
    :func:`context_passages`) are dropped first.
    """
    if _chat_tokens(tokenizer, build_rag_prompt(question, passages), system) <= max_tokens:
        return FittedPrompt(build_rag_prompt(question, passages), len(passages), False)
    ids = tokenizer(question, add_special_tokens=False)["input_ids"]
    for n in range(len(passages), -1, -1):
        kept = list(passages[len(passages) - n :])
        room = max_tokens - _chat_tokens(tokenizer, build_rag_prompt("", kept), system) - 8
        if len(ids) <= room:  # the question fits whole beside these passages
            return FittedPrompt(build_rag_prompt(question, kept), n, False)
        if room >= min(MIN_QUESTION_TOKENS, len(ids)):  # cut the question, keep these passages
            return _cut_question(tokenizer, ids, kept, max_tokens, system, room)
    return _cut_question(tokenizer, ids, [], max_tokens, system, max(room, 1))


def _cut_question(tokenizer, ids, passages, max_tokens, system, room) -> FittedPrompt:
    """The prompt with only the last ``room`` tokens of the question (fewer if they merge)."""
    while True:
        short = tokenizer.decode(ids[-room:], skip_special_tokens=True)
        text = build_rag_prompt(short, passages)
        if room <= 1 or _chat_tokens(tokenizer, text, system) <= max_tokens:
            break
        room -= 8
    warnings.warn(
        f"The question has {len(ids)} tokens, more than the model's context window allows "
        f"({max_tokens} for the prompt): only its last {room} tokens are used, with "
        f"{len(passages)} passage(s).",
        stacklevel=3,
    )
    return FittedPrompt(text, len(passages), True)


def prompt_budget(model, max_new_tokens: int) -> int:
    """Tokens a prompt may use: the model's context window minus the answer's tokens. Notebook 2."""
    window = getattr(model.config, "max_position_embeddings", 2048)
    return window - max_new_tokens


# --- answering ----------------------------------------------------------------------------------


@dataclass
class RagAnswer:
    """One question answered end to end, with everything needed to explain the answer."""

    question: str
    answer: str
    hits: list[Hit] = field(default_factory=list)
    prompt: str = ""
    prompt_tokens: int = 0
    seconds: float = 0.0
    note: str = ""  # what was cut or why no model was asked


def rag_answer(index, model, tokenizer, question: str, *, k: int = 3, max_new_tokens: int = 24):
    """Retrieve, assemble, generate: one question, one :class:`RagAnswer`. Notebook 2.

    An empty question gets a defined answer without asking the model; a question longer than the
    context window is cut (see :func:`fit_rag_prompt`) and the note says so.
    """
    from utils.generation import build_chat_prompts, generate_batch
    from utils.retrieval import EmptyQuestionError

    start = time.perf_counter()
    try:
        question = check_question(question)
    except EmptyQuestionError as err:
        return RagAnswer(str(question), "", note=str(err))
    hits = retrieve(index, question, k)
    budget = prompt_budget(model, max_new_tokens)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fitted = fit_rag_prompt(tokenizer, question, context_passages(hits), budget)
    prompt = build_chat_prompts(tokenizer, [fitted.text], RAG_SYSTEM)[0]
    gen = generate_batch(model, tokenizer, [prompt], max_new_tokens=max_new_tokens, progress=False)
    note = "; ".join(str(w.message) for w in caught)
    seconds = time.perf_counter() - start
    return RagAnswer(question, gen[0].text, hits, fitted.text, gen[0].prompt_tokens, seconds, note)


def retrieve_for(
    index, questions: Sequence, k: int, retriever=None
) -> tuple[dict[str, list[Hit]], float]:
    """Hits for every course question (``{qid: hits}``) and the retrieval seconds per question.

    ``retriever``: a function ``(questions, k) -> hits per question`` (:mod:`utils.ablation`);
    None: the index's (:func:`utils.retrieval.retrieve_many`)."""
    start = time.perf_counter()
    texts = [q.question for q in questions]
    hits = retrieve_many(index, texts, k) if retriever is None else retriever(texts, k)
    per_question = (time.perf_counter() - start) / max(len(questions), 1)
    return {q.qid: h for q, h in zip(questions, hits, strict=True)}, per_question


def evaluate_rag(
    model,
    tokenizer,
    index,
    groups: dict,
    *,
    profile,
    k: int = 3,
    with_mcq=True,
    progress=True,
    system: str | None = RAG_SYSTEM,
    max_new_tokens: int | None = None,
    retriever=None,
    doc_ids: bool = False,
):
    """Evaluate RAG on ``groups`` with :func:`utils.evaluation.evaluate_system`. Notebook 2.

    The same path as every system: only the prompt differs (retrieved passages + question). Each
    question's prompt reports the documents it retrieved (for hit@3 and MRR) and the retrieval time,
    which the runner adds to its latency. ``with_mcq=False`` skips the multiple-choice scoring.
    ``profile``: a :class:`utils.profiles.Profile`. Returns ``(rows, hits_by_qid)``.

    Notebook 5 asks the fine-tuned model the same way (fine-tuned + RAG): ``system`` is then the
    system message it was trained with and ``max_new_tokens`` its budget (None: the evaluation's).
    Its ablations: ``retriever`` finds the passages another way (see :func:`retrieve_for`), and
    ``doc_ids=True`` labels each passage with its document id (with :func:`house_rag_system`).
    """
    from utils.evaluation import Prompt, evaluate_system
    from utils.retrieval import hit_doc_ids

    sizes = profile.evaluation
    max_new_tokens = sizes.max_new_tokens if max_new_tokens is None else max_new_tokens
    questions = [q for qs in groups.values() for q in qs]
    hits, retrieval_s = retrieve_for(index, questions, k, retriever)
    budget = prompt_budget(model, max_new_tokens)
    prompts = {
        q.qid: Prompt(
            fit_rag_prompt(
                tokenizer,
                q.question,
                context_passages(hits[q.qid], doc_ids=doc_ids),
                budget,
                system,
            ).text,
            retrieved_doc_ids=hit_doc_ids(hits[q.qid]),
            extra_latency_s=retrieval_s,
        )
        for q in questions
    }
    rows = evaluate_system(
        model, tokenizer, groups, prompt_for=lambda q: prompts[q.qid], system=system,
        max_new_tokens=max_new_tokens, batch_size=sizes.gen_batch_size, with_mcq=with_mcq,
        progress=progress,
    )  # fmt: skip
    return rows, hits


# --- failure analysis -----------------------------------------------------------------------------


FAILURE_KINDS = ("correct", "retrieval miss", "generation error")


def failure_kind(answer: str, gold: str, context: str) -> str:
    """Why a RAG answer is wrong, from what the model was shown. Notebook 2 (exercise 2.3).

    ``"correct"`` when the answer contains the gold; ``"retrieval miss"`` when the retrieved context
    does not contain it either (the model never saw it); ``"generation error"`` when the context
    held the gold answer and the model did not use it.

    >>> failure_kind("38 hours", "38 hours", ""), failure_kind("40 h", "38 hours", "It lasts 38 hours")
    ('correct', 'generation error')
    """
    if contains(answer, gold):
        return "correct"
    return "generation error" if contains(context, gold) else "retrieval miss"


def failure_rows(rows: Sequence, hits_by_qid: dict[str, list[Hit]]) -> list[dict]:
    """One dict per prediction: question, gold, answer, the kind of failure, the retrieved documents."""
    table = []
    for row in rows:
        hits = hits_by_qid[row.qid]
        context = " ".join(passage_text(h) for h in hits)
        table.append({
            "group": row.group, "question": row.question, "gold": row.gold,
            "answer": row.prediction, "kind": failure_kind(row.prediction, row.gold, context),
            "gold_doc": row.gold_doc_id, "retrieved_docs": row.retrieved_doc_ids,
        })  # fmt: skip
    return table


# --- llama-index's LLM interface over the course's model -------------------------------------------


def course_llm(model, tokenizer, *, max_new_tokens: int = 24, system: str | None = RAG_SYSTEM):
    """The course's loaded model as a llama-index LLM (a thin ``CustomLLM``). Notebook 2.

    ``complete(prompt)`` wraps the prompt in the chat template and generates greedily on the course's
    generation path. A llama-index query engine fills the context its own way (best chunk first,
    with its ``title:`` line), so its prompt, and sometimes its answer, differ from
    :func:`rag_answer`'s: the same model and decoding, another prompt.
    """
    from llama_index.core.llms import CompletionResponse, CustomLLM, LLMMetadata
    from pydantic import PrivateAttr

    from utils.generation import generate_answers

    class CourseLLM(CustomLLM):
        _model: Any = PrivateAttr()
        _tokenizer: Any = PrivateAttr()

        @property
        def metadata(self) -> LLMMetadata:
            window = getattr(self._model.config, "max_position_embeddings", 2048)
            return LLMMetadata(
                context_window=window, num_output=max_new_tokens, model_name="course-llm"
            )

        def complete(self, prompt: str, formatted: bool = False, **kwargs) -> CompletionResponse:
            text = generate_answers(
                self._model, self._tokenizer, [prompt], system=system,
                max_new_tokens=max_new_tokens, progress=False,
            )[0]  # fmt: skip
            return CompletionResponse(text=text)

        def stream_complete(self, prompt: str, formatted: bool = False, **kwargs):
            yield self.complete(prompt, formatted=formatted)

    llm = CourseLLM()
    llm._model, llm._tokenizer = model, tokenizer
    return llm


# The query engine's prompt: the same layout as build_rag_prompt (llama-index fills the context).
QA_TEMPLATE = "Context:\n{context_str}\n\nQuestion: {query_str}"


def query_engine(index, llm, k: int = 3):
    """A llama-index query engine over ``index`` that answers with ``llm``. Notebook 2."""
    from llama_index.core import PromptTemplate

    return index.as_query_engine(
        llm=llm, similarity_top_k=k, text_qa_template=PromptTemplate(QA_TEMPLATE)
    )


# --- the knowledge-base update, timed -------------------------------------------------------------


@dataclass
class UpdateTiming:
    """Seconds to bring an index from v1 to v2 in place, and to rebuild v2 from scratch."""

    update_s: float
    rebuild_s: float
    report: Any  # the in-place update's SyncReport

    @property
    def speedup(self) -> float:
        return self.rebuild_s / self.update_s


def time_update_vs_rebuild(embedder, docs_v1, docs_v2, *, sizes=None, repeats: int = 1):
    """Time the in-place update v1 -> v2 and a full rebuild of v2, each ``repeats`` times (minimum).

    Notebook 2 and the benchmark (``utils.bench.bench_rag``). Runs in a scratch folder, so the course's index is untouched.
    """
    from utils.retrieval import build_index, close_index, open_index, sync_index

    updates, rebuilds = [], []
    with tempfile.TemporaryDirectory(prefix="rag-update-") as tmp:
        index = open_index(embedder, path=tmp, collection="update")
        scratch = open_index(embedder, path=tmp, collection="rebuild")
        for _ in range(repeats):
            sync_index(index, docs_v1, sizes)
            report = sync_index(index, docs_v2, sizes)
            updates.append(report.seconds)
            rebuilds.append(build_index(scratch, docs_v2, sizes).seconds)
        close_index(tmp)
    return UpdateTiming(min(updates), min(rebuilds), report)
