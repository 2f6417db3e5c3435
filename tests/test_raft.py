"""RAFT's data: the oracle passage, the quote copied from it, distractors, and the output split."""

import random
from types import SimpleNamespace

import pytest

from utils import raft
from utils.data import load_house_format

HOUSE = load_house_format()


def passage(chunk_id, doc_id, body):
    return raft.Passage(chunk_id, doc_id, f"(doc: {doc_id}) Title: {' '.join(body.split())}", body)


A250 = passage(
    "c1", "tessel-a250", "## Power\nIt weighs 1.42 kg. Battery life is 38 hours. Charge it."
)
OTHERS = [passage(f"d{i}", f"doc-{i}", f"Another product lasts {i} hours.") for i in range(8)]
QUESTION = SimpleNamespace(qid="q1", fact_id="f1", doc_id="tessel-a250",
                           question="How long does the A250 last?", answer="38 hours")  # fmt: skip


def test_the_quote_is_the_sentence_that_holds_the_answer():
    assert raft.quote_for(A250.body, "38 hours") == "Battery life is 38 hours."
    assert raft.quote_for(A250.body, "1.42 kg") == "It weighs 1.42 kg."  # "1.42" ends no sentence
    assert raft.quote_for(A250.body, "3 hours") is None  # whole words only
    assert raft.quote_for(A250.body, "Power") is None  # a heading is not quoted
    assert raft.quote_for(A250.body, "1,420 g", ["1.42 kg"]) == "It weighs 1.42 kg."


def test_the_oracle_is_a_passage_of_the_questions_own_document():
    decoy = passage("x", "other-doc", "Battery life is 38 hours.")
    assert raft.oracle_for(QUESTION, [decoy, A250], "38 hours") == A250
    assert raft.oracle_for(QUESTION, [decoy], "38 hours") is None


def test_target_and_split_output_are_inverse():
    line = HOUSE.render("38 hours", "tessel-a250")
    quoted = raft.target("Battery life is 38 hours.", line)
    assert raft.split_output(quoted) == ("Battery life is 38 hours.", line)
    assert raft.split_output(raft.target(None, line)) == (None, line)
    assert raft.split_output("38 hours, I think") == (None, "38 hours, I think")


@pytest.mark.parametrize("k", [1, 3, 5, 7])
def test_a_context_holds_the_oracle_or_only_distractors(k):
    ranked = [A250, *OTHERS]
    places = set()
    for seed in range(20):
        got = raft.context_for(A250, ranked, k, True, random.Random(seed))
        assert len(got) == k and got.count(A250) == 1
        places.add(got.index(A250))
        without = raft.context_for(A250, ranked, k, False, random.Random(seed))
        assert len(without) == k and A250 not in without
        assert without == OTHERS[:k]  # the best-ranked distractors
    assert len(places) == k  # the oracle is not always in the same place


def test_rows_follow_p_oracle_and_the_seed():
    questions = [SimpleNamespace(**{**vars(QUESTION), "qid": f"q{i}"}) for i in range(200)]
    ranked = {q.qid: [A250, *OTHERS] for q in questions}
    chunks = {"tessel-a250": [A250]}
    rows = raft.raft_records(questions, ranked, chunks, HOUSE, k=3, p_oracle=0.8, seed=1)
    share = sum(r["oracle"] for r in rows) / len(rows)
    assert 0.7 < share < 0.9
    assert rows == raft.raft_records(questions, ranked, chunks, HOUSE, k=3, p_oracle=0.8, seed=1)
    for row in rows:
        quote, answer = raft.split_output(row["answer"])
        assert answer == HOUSE.render("38 hours", "tessel-a250")
        assert (quote is not None) == row["oracle"]
        if quote:  # copied from a passage of the prompt
            assert raft.quote_faithful(quote, [row["question"]])
        assert row["question"].startswith("Context:\n[1] ") and row["question"].endswith(
            QUESTION.question
        )
    every = raft.raft_records(questions[:10], ranked, chunks, HOUSE, p_oracle=1.0)
    none = raft.raft_records(questions[:10], ranked, chunks, HOUSE, p_oracle=0.0)
    assert all(r["oracle"] for r in every) and not any(r["oracle"] for r in none)


def test_a_question_without_an_oracle_is_skipped_and_bad_settings_are_named():
    lost = SimpleNamespace(**{**vars(QUESTION), "doc_id": "nowhere"})
    assert raft.raft_records([lost], {"q1": OTHERS}, {"tessel-a250": [A250]}, HOUSE) == []
    with pytest.raises(ValueError, match="between 0 and 1"):
        raft.raft_records([QUESTION], {}, {}, HOUSE, p_oracle=1.5)
    with pytest.raises(ValueError, match="at least 1"):
        raft.raft_records([QUESTION], {}, {}, HOUSE, k=0)


def test_a_quote_is_faithful_only_when_a_passage_holds_it():
    assert raft.quote_faithful("Battery  life is 38 hours.", [A250.text])
    assert raft.quote_faithful("Battery life is 40 hours.", [A250.text]) is False
    assert raft.quote_faithful(None, [A250.text]) is None


def test_every_training_question_has_an_oracle_in_the_course_chunks():
    from utils.data import load_documents, load_questions
    from utils.ft_data import train_questions
    from utils.profiles import get_profile
    from utils.retrieval import Hit, split_documents

    sizes = get_profile("full").retrieval
    docs = load_documents("v1")
    titles = {d.doc_id: d.title for d in docs}
    by_doc = {}
    for node in split_documents(docs, sizes.chunk_size, sizes.chunk_overlap):
        hit = Hit(node.id_, node.ref_doc_id, titles[node.ref_doc_id], node.text, 0.0)
        by_doc.setdefault(hit.doc_id, []).append(raft.Passage.from_hit(hit))
    questions = train_questions(load_questions())
    missing = [
        q.qid for q in questions if raft.oracle_for(q, by_doc.get(q.doc_id, ()), q.answer) is None
    ]
    assert not missing and len(questions) > 500


def test_every_condition_is_answered_in_one_pass_and_comes_back_under_its_own_ids(monkeypatch):
    from utils import evaluation
    from utils.records import Prediction

    calls = []

    def fake_evaluate_system(model, tokenizer, groups, *, prompt_for, system, **kwargs):
        (questions,) = groups.values()
        calls.append(len(questions))
        return [Prediction(q.qid, "seen", q.question, "38 hours", prompt_for(q).message[-40:],
                           fact_id=q.fact_id) for q in questions]  # fmt: skip

    monkeypatch.setattr(evaluation, "evaluate_system", fake_evaluate_system)
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Q:
        qid: str
        fact_id: str
        question: str

    questions = [Q("q1", "f1", "How long?"), Q("q2", "f2", "How heavy?")]
    contexts = {
        "k1-in": {"q1": [A250], "q2": [A250]},
        "k1-out": {"q1": OTHERS[:1], "q2": OTHERS[:1]},
    }
    got = raft.answer_conditions(None, None, questions, contexts, system="s", max_new_tokens=8,
                                 batch_size=4)  # fmt: skip
    assert calls == [4]  # one pass, every condition
    assert set(got) == {"k1-in", "k1-out"}
    for rows, quotes in got.values():
        assert [r.qid for r in rows] == ["q1", "q2"] and set(quotes) == {"q1", "q2"}
    assert got["k1-in"][0][0].prediction != got["k1-out"][0][0].prediction  # its own passages
