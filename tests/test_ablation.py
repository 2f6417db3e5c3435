"""The retrieval ablation (utils.ablation) and RAG's ablation switches (utils.rag)."""

from __future__ import annotations

import pytest
from conftest import KB_V1, SIZES, make_embedder

from utils import ablation, rag, retrieval
from utils.data import Question, load_house_format
from utils.retrieval import Hit

RADIO = Question("q1", "f1", "radio", "How long does the battery last?", "38 hours", None, "test",
                 None, None)  # fmt: skip
LAMP = Question("q2", "f2", "lamp", "How many lumens does the lamp give?", "600 lumens", None,
                "test", None, None)  # fmt: skip


@pytest.fixture
def index(tmp_path):
    index = retrieval.open_index(make_embedder(), path=tmp_path)
    retrieval.sync_index(index, KB_V1, SIZES)
    yield index
    retrieval.close_index(tmp_path)


def test_stored_vectors_are_the_database_s_own_chunks_and_vectors(index):
    chunks, matrix = ablation.stored_vectors(index)
    assert matrix.shape == (retrieval.chunk_count(index), 256)
    assert {c.chunk_id for c in chunks} == set(retrieval.stored_chunks(index))
    assert {c.doc_id for c in chunks} == {"radio", "lamp"} and all(c.title for c in chunks)


def test_brute_force_finds_what_the_database_finds_in_the_same_order(index):
    questions = [RADIO.question, LAMP.question, "What colour is the case?"]
    by_db = ablation.qdrant_retriever(index)(questions, 2)
    by_numpy = ablation.numpy_retriever(index)(questions, 2)
    assert [[h.chunk_id for h in hits] for hits in by_numpy] == [
        [h.chunk_id for h in hits] for hits in by_db
    ]
    for a, b in zip(by_numpy[0], by_db[0], strict=True):
        assert a.score == pytest.approx(b.score, abs=1e-4)


def test_bm25_finds_the_document_by_its_words_without_an_embedder():
    search = ablation.bm25_retriever(KB_V1, SIZES)
    found = search([RADIO.question, LAMP.question], 1)
    assert [hits[0].doc_id for hits in found] == ["radio", "lamp"]
    assert found[1][0].title == "Lumberra Lamp" and "600 lumens" in found[1][0].text
    assert len(search([LAMP.question], 2)[0]) == 2  # k is read at each call


def test_compare_retrievers_pairs_each_against_the_database(index):
    def wrong(questions, k):  # always the other document: never a hit
        return [
            [Hit("x", "lamp" if "battery" in q else "radio", "t", "text", 1.0)] for q in questions
        ]

    retrievers = {"qdrant": ablation.qdrant_retriever(index), "wrong": wrong}
    table, numbers = ablation.compare_retrievers(retrievers, [RADIO, LAMP], k=1)
    assert numbers["retrieval/qdrant/hit"]["value"] == 1.0
    assert numbers["retrieval/wrong/hit"]["value"] == 0.0
    assert numbers["paired/wrong-qdrant/seen/hit"]["value"] == -1.0
    assert "paired/qdrant-qdrant/seen/hit" not in numbers
    assert numbers["retrieval/qdrant/latency_ms"] > 0
    assert list(table.index) == ["qdrant", "wrong"] and table.loc["wrong", "minus qdrant"] == -1.0


def test_retrieve_for_uses_the_retriever_it_is_given(index):
    def only_lamp(questions, k):
        return [[Hit("x", "lamp", "Lumberra Lamp", "The lamp gives 600 lumens.", 1.0)]] * len(
            questions
        )

    hits, seconds = rag.retrieve_for(index, [RADIO], 3, only_lamp)
    assert [h.doc_id for h in hits["q1"]] == ["lamp"] and seconds >= 0
    hits, _ = rag.retrieve_for(index, [RADIO], 3)
    assert hits["q1"][0].doc_id == "radio"  # the index's own search by default


def test_passages_cite_their_document_only_when_asked():
    hit = Hit("c", "radio", "Tessel Radio", "## Power\nThe battery lasts 38 hours.", 0.9)
    assert rag.passage_text(hit) == "Tessel Radio: Power The battery lasts 38 hours."
    assert rag.passage_text(hit, doc_id=True).startswith("(doc: radio) Tessel Radio: ")
    assert rag.context_passages([hit], doc_ids=True)[0].startswith("(doc: radio)")


def test_the_house_format_system_message_shows_the_template_and_an_example():
    house = load_house_format()
    message = rag.house_rag_system(house)
    assert house.template in message and house.examples[0]["output"] in message


def _record(system, answers, golds=("38 hours", "600 lumens", "7 days", "90 g")):
    from utils.records import Prediction, build_record

    rows = [
        Prediction(f"q{i}", "seen", "?", gold, answer, fact_id=f"f{i}", aliases=[])
        for i, (gold, answer) in enumerate(zip(golds, answers, strict=True))
    ]
    return build_record(system, rows, profile="quick")


def test_ablation_numbers_pair_on_the_ablation_s_questions_only():
    house = load_house_format()
    rag_all = _record("rag", ["38 hours", "600 lumens", "no idea", "90 g"])
    ft_all = _record("ft", ["Answer: 38 hours [doc: radio]", "x", "x", "x"])
    asked = _record("rag_house", ["Answer: 38 hours [doc: radio]", "600 lumens", "x", "x"])
    asked["predictions"] = asked["predictions"][:2]  # the ablation answered q0 and q1 only
    found = ablation.ablation_numbers(
        {"rag_house": asked},
        {"rag": rag_all, "ft": ft_all},
        [("rag_house", "rag"), ("rag_house", "ft")],
        format_regex=house.regex,
    )
    assert found["paired/rag_house-rag/seen/accepted"]["value"] == 0.0  # q0, q1: both right
    assert found["paired/rag_house-ft/seen/accepted"]["value"] == 0.5
    assert found["metric/rag_house/seen/format"]["value"] == 0.5
    assert found["paired/rag_house-rag/seen/format"]["value"] == 0.5
    assert not any(name.startswith("metric/rag/") for name in found)  # the system's own stay whole
    assert len(ablation.restrict_record(rag_all, {"q3"})["predictions"]) == 1


def test_intervals_excluding_zero_counts_draws_where_a_difference_shows():
    golds = tuple(f"{i} hours" for i in range(30))
    right = _record("rag", list(golds), golds)
    wrong = _record("ft", ["no idea"] * 30, golds)
    half = _record("ft", [g if i % 2 else "no idea" for i, g in enumerate(golds)], golds)
    counts = ablation.intervals_excluding_zero(right, wrong, "seen", "accepted", (2, 30), draws=5)
    assert counts == {2: 5, 30: 5}  # always right against always wrong: every draw shows it
    assert ablation.intervals_excluding_zero(right, right, "seen", "accepted", (30,), draws=3) == {
        30: 0
    }  # no difference: no draw shows one
    some = ablation.intervals_excluding_zero(right, half, "seen", "accepted", (3, 30), draws=20)
    assert some[3] < some[30] == 20  # a half-size difference shows on 30 facts, not always on 3
