"""RAG (utils.rag): the prompt, fitting it into the context window, answers, failures, the update."""

from __future__ import annotations

import warnings

import pytest
from conftest import KB_V1, KB_V2, SIZES, make_embedder

from utils import rag, retrieval
from utils.data import Question

# --- the prompt ---------------------------------------------------------------------------------------


def test_build_rag_prompt_numbers_the_passages_and_ends_with_the_question():
    prompt = rag.build_rag_prompt(" How long?\n", ["first\n\npassage", "second"])
    assert prompt == "Context:\n[1] first passage\n[2] second\n\nQuestion: How long?"
    assert rag.build_rag_prompt("How long?", []) == "Question: How long?"


def test_passage_text_keeps_the_title_and_drops_markdown():
    hit = retrieval.Hit("1", "radio", "Tessel Radio", "## Battery\n\nIt lasts\n38 hours.", 0.9)
    assert rag.passage_text(hit) == "Tessel Radio: Battery It lasts 38 hours."


@pytest.mark.parametrize(
    ("answer", "gold", "context", "kind"),
    [
        ("It lasts 38 hours.", "38 hours", "", "correct"),
        ("40 hours", "38 hours", "Battery: 38 hours.", "generation error"),
        ("40 hours", "38 hours", "It weighs 90 g.", "retrieval miss"),
        ("138 hours", "38 hours", "It lasts 138 hours.", "retrieval miss"),
    ],
)
def test_failure_kind(answer, gold, context, kind):
    assert rag.failure_kind(answer, gold, context) == kind


# --- fitting the context window (with the real tokenizer) ------------------------------------------------


def test_a_prompt_that_fits_is_left_alone(llm):
    _, tokenizer = llm
    fitted = rag.fit_rag_prompt(tokenizer, "How long?", ["a", "b", "c"], max_tokens=500)
    assert fitted.passages_used == 3 and not fitted.question_truncated
    assert fitted.text == rag.build_rag_prompt("How long?", ["a", "b", "c"])


def test_the_least_similar_passage_is_dropped_first_when_the_prompt_is_too_long(llm):
    _, tokenizer = llm
    passages = ["far " * 40, "near " * 40, "best " * 40]  # best last, as context_passages gives
    full = rag._chat_tokens(tokenizer, rag.build_rag_prompt("Why?", passages), rag.RAG_SYSTEM)
    fitted = rag.fit_rag_prompt(tokenizer, "Why?", passages, max_tokens=full - 10)
    assert fitted.passages_used == 2 and not fitted.question_truncated
    assert "far" not in fitted.text and "near" in fitted.text and "best" in fitted.text


def test_context_passages_put_the_best_hit_last():
    hits = [retrieval.Hit(str(i), f"d{i}", f"T{i}", f"text {i}", 1 - i / 10) for i in range(3)]
    assert rag.context_passages(hits) == ["T2: text 2", "T1: text 1", "T0: text 0"]


def test_a_question_longer_than_the_context_window_is_cut_with_a_warning(llm):
    _, tokenizer = llm
    question = "blah " * 5000 + "What is the battery life of the Tessel A250?"
    with pytest.warns(UserWarning, match="context window"):
        fitted = rag.fit_rag_prompt(tokenizer, question, ["a passage"], max_tokens=120)
    assert fitted.question_truncated and fitted.passages_used == 1  # the passage is kept
    assert "[1] a passage" in fitted.text
    assert rag._chat_tokens(tokenizer, fitted.text, rag.RAG_SYSTEM) <= 120
    assert fitted.text.endswith("What is the battery life of the Tessel A250?")


class _CountingTokenizer:
    """The real tokenizer, counting how often it is handed a very long text."""

    def __init__(self, tokenizer):
        self._tokenizer, self.long_calls = tokenizer, 0

    def __call__(self, text, **kwargs):
        self.long_calls += len(text) > 10_000
        return self._tokenizer(text, **kwargs)

    def apply_chat_template(self, messages, **kwargs):
        self.long_calls += any(len(m["content"]) > 10_000 for m in messages)
        return self._tokenizer.apply_chat_template(messages, **kwargs)

    def __getattr__(self, name):
        return getattr(self._tokenizer, name)


def test_a_huge_question_is_fitted_with_its_passages_in_few_passes(llm):
    _, tokenizer = llm
    question = "Please consider every detail of my situation. " * 2500 + "How long is the warranty?"
    calls = {}
    for n in (2, 6):
        counting = _CountingTokenizer(tokenizer)
        passages = [f"Tessel A{200 + i}: the warranty is {i} years." for i in range(n)]
        with pytest.warns(UserWarning, match=f"{n} passage"):
            fitted = rag.fit_rag_prompt(counting, question, passages, max_tokens=2000)
        assert fitted.passages_used == n and fitted.text.endswith("How long is the warranty?")
        calls[n] = counting.long_calls
    assert calls[6] == calls[2] <= 6  # the long question is read a fixed few times, not per passage


def test_prompt_budget_is_the_context_window_minus_the_answer(llm):
    model, _ = llm
    assert rag.prompt_budget(model, 24) == model.config.max_position_embeddings - 24


# --- answering ----------------------------------------------------------------------------------------


@pytest.fixture
def kb_index(tmp_path):
    index = retrieval.open_index(make_embedder(), path=tmp_path)
    retrieval.sync_index(index, KB_V1, SIZES)
    yield index
    retrieval.close_index(tmp_path)


@pytest.mark.parametrize("question", ["", "   \n"])
def test_an_empty_question_gets_a_defined_answer_without_the_model(question):
    answer = rag.rag_answer(None, None, None, question)
    assert answer.answer == "" and answer.hits == [] and "question is empty" in answer.note


@pytest.mark.slow
def test_rag_answer_end_to_end_and_with_a_too_long_question(llm, kb_index, monkeypatch):
    model, tokenizer = llm
    answer = rag.rag_answer(kb_index, model, tokenizer, "How long does the battery last?", k=2,
                            max_new_tokens=4)  # fmt: skip
    assert answer.hits[0].doc_id == "radio" and "38 hours" in answer.prompt
    assert answer.prompt_tokens > 0 and answer.seconds > 0 and answer.note == ""
    monkeypatch.setattr(rag, "prompt_budget", lambda model, n: 100)
    long = rag.rag_answer(kb_index, model, tokenizer, "battery " * 3000 + "how long?",
                          max_new_tokens=4)  # fmt: skip
    assert long.prompt_tokens <= 100 and "context window" in long.note


@pytest.mark.slow
def test_evaluate_rag_records_retrieval_for_hit_at_3(llm, kb_index):
    from utils.profiles import get_profile
    from utils.records import summarize

    model, tokenizer = llm
    questions = [
        Question("q1", "f1", "radio", "How long does the battery last?", "38 hours", None, "test",
                 ["38 hours", "12 hours", "7 hours", "60 hours"], None),
        Question("q2", "f2", "lamp", "How many lumens does the lamp give?", "600 lumens", None,
                 "test", ["600 lumens", "90 lumens", "20 lumens", "5 lumens"], None),
    ]  # fmt: skip
    profile = get_profile("quick")
    rows, hits = rag.evaluate_rag(model, tokenizer, kb_index, {"seen": questions}, profile=profile,
                                  progress=False)  # fmt: skip
    assert [r.retrieved_doc_ids[0] for r in rows] == ["radio", "lamp"]
    assert set(hits) == {"q1", "q2"} and all(r.latency_s > 0 for r in rows)
    assert summarize(rows)["seen"]["hit@3"]["value"] == 1.0
    kinds = [f["kind"] for f in rag.failure_rows(rows, hits)]
    assert all(k in rag.FAILURE_KINDS for k in kinds) and "retrieval miss" not in kinds


@pytest.mark.slow
def test_course_llm_behind_a_llama_index_query_engine(llm, kb_index):
    model, tokenizer = llm
    engine = rag.query_engine(kb_index, rag.course_llm(model, tokenizer, max_new_tokens=6), k=2)
    response = engine.query("How long does the battery last?")
    assert isinstance(response.response, str) and response.response
    assert response.source_nodes[0].node.ref_doc_id == "radio"


# --- the update, timed ----------------------------------------------------------------------------------


def test_time_update_vs_rebuild_uses_a_scratch_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_INDEX_DIR", str(tmp_path / "course-index"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        timing = rag.time_update_vs_rebuild(make_embedder(), KB_V1, KB_V2, sizes=SIZES, repeats=2)
    assert timing.update_s > 0 and timing.rebuild_s > 0
    assert timing.speedup == pytest.approx(timing.rebuild_s / timing.update_s)
    assert timing.report.docs_changed == ["radio"] and timing.report.docs_added == ["camera"]
    assert not (tmp_path / "course-index").exists(), "the course's own index must stay untouched"
