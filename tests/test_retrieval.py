"""Retrieval (utils.retrieval): chunking, cosine top-k, the Qdrant index, its update, and bad input.

Most tests use a tiny bag-of-words embedder so they run in seconds; one loads the real embedder to
check that the by-hand top-k and the database agree.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from conftest import KB_V1, KB_V2, SIZES, make_embedder

from utils import retrieval


@pytest.fixture
def embedder():
    return make_embedder()


@pytest.fixture
def index(embedder, tmp_path):
    yield retrieval.open_index(embedder, path=tmp_path / "index")
    retrieval.close_index(tmp_path / "index")


# --- chunking ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "size", "overlap", "expected"),
    [
        ("a b c d e", 2, 0, ["a b", "c d", "e"]),
        ("a b c d e", 2, 1, ["a b", "b c", "c d", "d e"]),
        ("a b c d", 2, 1, ["a b", "b c", "c d"]),
        ("a b", 5, 2, ["a b"]),
        ("  \n ", 3, 0, []),
    ],
)
def test_chunk_words(text, size, overlap, expected):
    assert retrieval.chunk_words(text, size, overlap) == expected


def test_chunk_words_covers_every_word_in_order_with_the_overlap():
    words = [f"w{i}" for i in range(103)]
    chunks = retrieval.chunk_words(" ".join(words), 10, 3)
    assert all(len(c.split()) <= 10 for c in chunks)
    assert chunks[0].split()[0] == "w0" and chunks[-1].split()[-1] == "w102"
    for before, after in itertools.pairwise(chunks):
        assert before.split()[-3:] == after.split()[:3]


@pytest.mark.parametrize(("size", "overlap"), [(0, 0), (3, 3), (3, -1)])
def test_chunk_words_refuses_impossible_sizes(size, overlap):
    with pytest.raises(ValueError, match="overlap"):
        retrieval.chunk_words("a b c", size, overlap)


def test_split_documents_puts_the_title_in_every_chunk_and_ids_are_content_addressed():
    chunks = retrieval.split_documents(KB_V1, 64)
    assert {c.ref_doc_id for c in chunks} == {"radio", "lamp"}
    assert all(c.metadata == {"title": t} for c in chunks for t in [c.metadata["title"]])
    assert all(retrieval.embed_text(c).startswith("title: ") for c in chunks)
    again = retrieval.split_documents(KB_V1, 64)
    assert [c.node_id for c in chunks] == [c.node_id for c in again]
    smaller = retrieval.split_documents(KB_V1, 64, sections=False)
    assert len(smaller) < len(chunks), "without sections, short documents stay whole"


def test_a_changed_section_changes_only_its_own_chunk_id():
    ids_v1 = {c.node_id: c.text for c in retrieval.split_documents(KB_V1, 64)}
    ids_v2 = {c.node_id: c.text for c in retrieval.split_documents(KB_V2[:2], 64)}
    changed = [text for cid, text in ids_v2.items() if cid not in ids_v1]
    assert len(changed) == 1 and "41 hours" in changed[0]


# --- cosine top-k -------------------------------------------------------------------------------------


def test_cosine_top_k_matches_a_brute_force_reference():
    rng = np.random.default_rng(1)
    queries, matrix = rng.normal(size=(6, 16)), rng.normal(size=(40, 16)) * 7
    idx, scores = retrieval.cosine_top_k(queries, matrix, 5)
    assert idx.shape == scores.shape == (6, 5)
    for q, row_idx, row_scores in zip(queries, idx, scores, strict=True):
        cosine = [float(q @ m / np.linalg.norm(q) / np.linalg.norm(m)) for m in matrix]
        best = sorted(range(len(cosine)), key=lambda i: -cosine[i])[:5]
        assert row_idx.tolist() == best
        assert np.allclose(row_scores, [cosine[i] for i in best], atol=1e-5)


def test_cosine_top_k_single_query_and_k_beyond_the_matrix():
    matrix = np.eye(3)
    idx, scores = retrieval.cosine_top_k(np.array([0.0, 2.0, 0.1]), matrix, 10)
    assert (
        idx.shape == (1, 3) and idx[0, 0] == 1 and scores[0, 0] == pytest.approx(0.9988, abs=1e-3)
    )


def test_retrieval_quality_and_unique_in_order():
    assert retrieval.unique_in_order(["b", "b", "a", "b", "c"]) == ["b", "a", "c"]
    quality = retrieval.retrieval_quality([["a", "b"], ["b", "a"], ["c"]], ["a", "a", "a"], 1)
    assert quality == pytest.approx({"hit@1": 1 / 3, "mrr": 0.5})


# --- the vector database: build, update in place, persistence ----------------------------------------


def test_sync_builds_the_index_then_does_nothing(index):
    built = retrieval.sync_index(index, KB_V1, SIZES)
    assert (
        built.chunks_added
        == retrieval.chunk_count(index)
        == len(retrieval.split_documents(KB_V1, 64))
    )
    assert built.docs_added == ["lamp", "radio"] and built.chunks_removed == 0
    again = retrieval.sync_index(index, KB_V1, SIZES)
    assert (again.chunks_added, again.chunks_removed, again.chunks_kept) == (
        0,
        0,
        built.chunks_added,
    )


def test_update_in_place_replaces_changed_passages_and_adds_new_documents(index):
    retrieval.sync_index(index, KB_V1, SIZES)
    before = retrieval.stored_chunks(index)
    report = retrieval.sync_index(index, KB_V2, SIZES)
    assert report.docs_changed == ["radio"] and report.docs_added == ["camera"]
    assert report.docs_removed == [] and report.chunks_removed == 1
    after = retrieval.stored_chunks(index)
    expected = retrieval.split_documents(KB_V2, 64)
    assert set(after) == {c.node_id for c in expected}
    assert len(set(before) & set(after)) == report.chunks_kept == len(before) - 1
    hits = retrieval.retrieve(index, "How many hours does the battery last?", k=10)
    texts = " ".join(h.text for h in hits)
    assert "41 hours" in texts and "38 hours" not in texts, "the old value must be gone"
    stored = retrieval.stored_texts(index)
    assert not any("38 hours" in text for _, text in stored.values())
    assert {doc_id for doc_id, _ in stored.values()} == {"radio", "lamp", "camera"}
    assert retrieval.retrieve(index, "camera frames per second", k=1)[0].doc_id == "camera"


def test_the_plan_of_an_update_is_what_sync_index_does(index):
    retrieval.sync_index(index, KB_V1, SIZES)
    stored = retrieval.stored_chunks(index)
    chunks = [(c.node_id, c.ref_doc_id) for c in retrieval.split_documents(KB_V2, SIZES.chunk_size)]
    plan = retrieval.plan_update(stored, chunks)
    report = retrieval.sync_index(index, KB_V2, SIZES)
    assert (len(plan["add"]), len(plan["delete"]), plan["keep"]) == (
        report.chunks_added, report.chunks_removed, report.chunks_kept)  # fmt: skip
    assert (plan["docs_added"], plan["docs_changed"], plan["docs_removed"]) == (
        report.docs_added, report.docs_changed, report.docs_removed)  # fmt: skip
    assert set(retrieval.stored_chunks(index)) == (set(stored) - set(plan["delete"])) | set(
        plan["add"]
    )
    assert retrieval.stored_chunks(index) == dict(chunks)


def test_sync_removes_documents_that_are_gone(index):
    retrieval.sync_index(index, KB_V2, SIZES)
    report = retrieval.sync_index(index, KB_V2[:1], SIZES)
    assert report.docs_removed == ["camera", "lamp"]
    assert set(retrieval.stored_chunks(index).values()) == {"radio"}


def test_rebuild_gives_the_same_chunks_as_the_update(embedder, tmp_path):
    updated = retrieval.open_index(embedder, path=tmp_path, collection="updated")
    rebuilt = retrieval.open_index(embedder, path=tmp_path, collection="rebuilt")
    retrieval.sync_index(updated, KB_V1, SIZES)
    retrieval.sync_index(updated, KB_V2, SIZES)
    retrieval.sync_index(rebuilt, KB_V1, SIZES)
    report = retrieval.build_index(rebuilt, KB_V2, SIZES)
    assert report.chunks_kept == 0
    assert retrieval.stored_chunks(updated) == retrieval.stored_chunks(rebuilt)
    retrieval.close_index(tmp_path)


def test_the_index_persists_on_disk(embedder, tmp_path):
    index = retrieval.open_index(embedder, path=tmp_path)
    retrieval.sync_index(index, KB_V1, SIZES)
    count = retrieval.chunk_count(index)
    retrieval.close_index(tmp_path)
    reopened = retrieval.open_index(embedder, path=tmp_path)
    assert retrieval.chunk_count(reopened) == count
    assert retrieval.sync_index(reopened, KB_V1, SIZES).chunks_added == 0
    retrieval.close_index(tmp_path)


def test_retrieve_many_agrees_with_retrieve(index):
    retrieval.sync_index(index, KB_V2, SIZES)
    questions = ["battery hours", "lamp lumens", "camera frames"]
    many = retrieval.retrieve_many(index, questions, k=2)
    for question, hits in zip(questions, many, strict=True):
        single = retrieval.retrieve(index, question, k=2)
        assert [h.chunk_id for h in hits] == [h.chunk_id for h in single]
        assert [h.score for h in hits] == pytest.approx([h.score for h in single], abs=1e-5)
    assert [retrieval.hit_doc_ids(h)[0] for h in many] == ["radio", "lamp", "camera"]


def test_hits_html_marks_the_answer_and_escapes_html():
    hit = retrieval.Hit("1", "radio", "Tessel Radio", "Lasts <38 hours> & more", 0.91234)
    page = retrieval.hits_html([hit], answer="38 HOURS", gold_doc_id="radio")
    assert "<mark>38 hours</mark>" in page and "&lt;" in page and "&amp;" in page
    assert "0.912" in page and "✅" in page


# --- bad input ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("question", ["", "   ", "\n\t", None])
def test_an_empty_question_gets_a_clear_error(index, question):
    retrieval.sync_index(index, KB_V1, SIZES)
    with pytest.raises(retrieval.EmptyQuestionError, match="question is empty"):
        retrieval.retrieve(index, question)
    with pytest.raises(retrieval.EmptyQuestionError):
        retrieval.retrieve_many(index, ["fine", question])


def test_an_empty_index_gets_a_clear_error(index):
    assert retrieval.chunk_count(index) == 0 and retrieval.stored_chunks(index) == {}
    with pytest.raises(retrieval.EmptyIndexError, match="sync_index"):
        retrieval.retrieve(index, "How long does the battery last?")
    retrieval.sync_index(index, KB_V1, SIZES)
    retrieval.sync_index(index, [], SIZES)  # every document removed: empty again, not broken
    with pytest.raises(retrieval.EmptyIndexError):
        retrieval.retrieve_many(index, ["battery"])


def _corrupt(folder, how: str) -> None:
    if how == "meta":
        (folder / "meta.json").write_text("{not json")
    elif how == "meta lost":
        (folder / "meta.json").unlink()
    else:  # a broken database file
        (folder / "collection" / retrieval.COLLECTION / "storage.sqlite").write_bytes(b"junk" * 100)


@pytest.mark.parametrize("how", ["meta", "meta lost", "sqlite"])
def test_a_corrupt_course_index_is_explained_or_rebuilt_keeping_other_files(
    embedder, tmp_path, capsys, how
):
    folder = tmp_path / "index"
    retrieval.sync_index(retrieval.open_index(embedder, path=folder), KB_V1, SIZES)
    retrieval.close_index(folder)
    (folder / "my-notes.txt").write_text("mine")
    _corrupt(folder, how)
    with pytest.raises(retrieval.CorruptIndexError) as err:
        retrieval.open_index(embedder, path=folder, repair=False)
    assert str(folder) in str(err.value) and "repair=True" in str(err.value)
    index = retrieval.open_index(embedder, path=folder)  # repair=True: rebuilt, and it says so
    assert "deleted and will be rebuilt" in capsys.readouterr().out
    assert retrieval.chunk_count(index) == 0
    assert retrieval.sync_index(index, KB_V1, SIZES).chunks_added > 0
    assert (folder / "my-notes.txt").read_text() == "mine"  # only the store's own files went
    retrieval.close_index(folder)


def test_a_folder_the_course_did_not_create_is_never_deleted(embedder, tmp_path):
    """A user's folder with an unrelated meta.json: explained, and every file left as it was."""
    folder = tmp_path / "my-project"
    folder.mkdir()
    (folder / "meta.json").write_text('{"my": "settings"')  # not Qdrant's, and not even valid
    (folder / "thesis.tex").write_text("years of work")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    with pytest.raises(retrieval.CorruptIndexError, match=r"did not create it.*COURSE_INDEX_DIR"):
        retrieval.open_index(embedder, path=folder)  # repair is on by default
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_a_file_given_as_the_index_folder_is_left_alone(embedder, tmp_path):
    path = tmp_path / "index"
    path.write_text("not a folder")
    with pytest.raises(retrieval.CorruptIndexError, match="is a file, not a folder"):
        retrieval.open_index(embedder, path=path)
    assert path.read_text() == "not a folder"


def test_a_new_index_folder_is_marked_as_the_courses(embedder, tmp_path):
    folder = tmp_path / "fresh"
    retrieval.open_index(embedder, path=folder)
    retrieval.close_index(folder)
    assert "RAG vs Fine-Tuning course" in (folder / retrieval.INDEX_MARKER).read_text()


def test_a_store_held_by_another_client_is_explained(tmp_path):
    from qdrant_client import QdrantClient

    holder = QdrantClient(path=str(tmp_path))
    try:
        with pytest.raises(retrieval.IndexInUseError, match="one process at a time"):
            retrieval.qdrant_client(tmp_path)
    finally:
        holder.close()


def test_a_server_url_switches_to_a_remote_client(monkeypatch):
    import warnings

    monkeypatch.setenv("COURSE_QDRANT_URL", "http://localhost:1")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # no server listens there: its version check warns
        client = retrieval.qdrant_client()
    assert type(client._client).__name__ == "QdrantRemote"
    retrieval.close_index()


def test_index_dir_follows_the_results_dir(monkeypatch, tmp_path):
    monkeypatch.delenv("COURSE_INDEX_DIR", raising=False)
    monkeypatch.setenv("COURSE_RESULTS_DIR", str(tmp_path))
    assert retrieval.index_dir() == tmp_path / "index"
    monkeypatch.setenv("COURSE_INDEX_DIR", str(tmp_path / "elsewhere"))
    assert retrieval.index_dir() == tmp_path / "elsewhere"


# --- with the real embedder ---------------------------------------------------------------------------


@pytest.mark.slow
def test_by_hand_top_k_agrees_with_the_database(tmp_path):
    from utils.models import load_embedder

    embedder = load_embedder()
    index = retrieval.open_index(embedder, path=tmp_path)
    retrieval.sync_index(index, KB_V2, SIZES)
    chunks = retrieval.split_documents(KB_V2, 64)
    matrix = retrieval.embed_texts(embedder, [retrieval.embed_text(c) for c in chunks])
    assert matrix.shape == (len(chunks), 384)
    assert np.allclose(np.linalg.norm(matrix, axis=1), 1, atol=1e-4)
    questions = ["How long does the battery last?", "What colour is the case?", "How bright?"]
    idx, _ = retrieval.cosine_top_k(retrieval.embed_texts(embedder, questions), matrix, 3)
    by_hand = [[chunks[i].node_id for i in row] for row in idx]
    by_database = [
        [h.chunk_id for h in hits] for hits in retrieval.retrieve_many(index, questions, 3)
    ]
    assert by_hand == by_database
    retrieval.close_index(tmp_path)


@pytest.mark.parametrize("error", [AttributeError("a bug"), TypeError("a bug")])
def test_a_programming_error_never_deletes_the_index_folder(monkeypatch, tmp_path, error):
    """Only the errors of an unreadable store trigger the repair; a bug is raised, nothing deleted."""
    import qdrant_client

    folder = tmp_path / "index"
    folder.mkdir()
    (folder / "notes.txt").write_text("kept")

    def broken(*args, **kwargs):
        raise error

    monkeypatch.setattr(qdrant_client, "QdrantClient", broken)
    with pytest.raises(type(error)):
        retrieval._local_client(folder, repair=True)
    assert (folder / "notes.txt").read_text() == "kept"


def test_a_lone_surrogate_in_a_question_is_replaced_not_a_type_error():
    question = retrieval.check_question("How long does it last? \ud83d")
    assert question.encode("utf-8") and question.endswith("\ufffd")
