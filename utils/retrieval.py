"""Retrieval: chunks, embeddings, cosine top-k by hand, and a real vector database.

Introduced in notebook 1; notebook 2 and the comparison notebook reuse it. Each step is built by hand
first, then done by a library:

- chunking: fixed windows of words by hand (:func:`chunk_words`), then llama-index's
  ``MarkdownNodeParser`` and ``SentenceSplitter`` (:func:`split_documents`);
- search: cosine top-k in NumPy (:func:`cosine_top_k`), then Qdrant through llama-index
  (:func:`open_index`, :func:`retrieve`).

The vector database is **Qdrant in local mode**: a folder on disk (``results/index``;
``COURSE_INDEX_DIR`` overrides it) that ``QdrantClient(path=...)`` reads and writes, with no server.
Set ``COURSE_QDRANT_URL`` (and ``COURSE_QDRANT_API_KEY`` when the server needs one) and the same code
talks to a Qdrant server or cluster instead.

Chunks are *content-addressed*: a chunk's id is a hash of its document id and its text.
:func:`sync_index` brings an index to any version of the knowledge base by embedding only the chunks
it does not hold yet and deleting those that are gone: an update in place, not a rebuild.
"""

from __future__ import annotations

import atexit
import contextlib
import html
import io
import pickle
import re
import shutil
import sqlite3
import time
import uuid
import warnings
from collections import Counter
from collections.abc import Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from utils.profiles import DEFAULT_RETRIEVAL, RetrievalSizes
from utils.settings import env, index_dir

COLLECTION = "kestrune"
EMBED_DIM = 384  # all-MiniLM-L6-v2
# Any fixed UUID: chunk ids derived from it are the same on every machine and in every session.
_ID_NAMESPACE = uuid.UUID("5b0f6f3e-2d55-4c6e-9a47-6f1f0e3c8a11")
# What a damaged local store raises while Qdrant loads it (bad JSON, bad config, a broken SQLite
# file, unreadable stored points, a file where a folder should be).
_UNREADABLE_STORE = (
    ValueError, KeyError, OSError, EOFError,
    sqlite3.DatabaseError, pickle.UnpicklingError,
)  # fmt: skip
# The file that marks an index folder as the course's: only such a folder is ever repaired.
INDEX_MARKER = ".course-index"
_STORE_ENTRIES = ("collection", "meta.json", ".lock")  # what Qdrant's local mode writes
_CLIENTS: dict[str, object] = {}  # one client per folder and process: local mode locks its folder
# Threads that embed ONE question. A short query gains little from a second core, and on a busy
# machine torch's threads wait for each other at every layer: notebook 1 measures both.
QUERY_THREADS = 1


# --- chunking ---------------------------------------------------------------------------------------


def chunk_words(text: str, chunk_size: int, overlap: int = 0) -> list[str]:
    """Cut ``text`` into windows of ``chunk_size`` words, each sharing ``overlap`` words with the last.

    Notebook 1 (exercise 1.1). The last window ends at the last word; whitespace-only text gives no
    chunks.

    >>> chunk_words("a b c d e", chunk_size=2, overlap=1)
    ['a b', 'b c', 'c d', 'd e']
    """
    if chunk_size < 1 or not 0 <= overlap < chunk_size:
        raise ValueError(
            f"need chunk_size >= 1 and 0 <= overlap < chunk_size, got {chunk_size}, {overlap}"
        )
    words = text.split()
    step = chunk_size - overlap
    starts = range(0, max(len(words) - overlap, 1), step)
    return [" ".join(words[s : s + chunk_size]) for s in starts if words[s : s + chunk_size]]


def to_llama_documents(docs: Sequence) -> list:
    """The course's documents as llama-index ``Document`` objects (id = the course's ``doc_id``).

    Notebook 1. Titles are added to the chunks after splitting (:func:`split_documents`), so the
    chunk size counts the text alone.
    """
    from llama_index.core import Document

    return [Document(id_=d.doc_id, text=d.text) for d in docs]


def chunk_id(doc_id: str, embed_text: str, occurrence: int = 0) -> str:
    """A chunk's id: a UUID derived from its document and the text it embeds (title included).

    Notebook 1. The same chunk always gets the same id, so an update can tell what is already stored.
    ``occurrence`` tells apart identical chunks of one document. (The embedder is not part of the
    id: after changing the embedder, rebuild the index with :func:`build_index`.)
    """
    return str(uuid.uuid5(_ID_NAMESPACE, f"{doc_id}\n{occurrence}\n{embed_text}"))


def split_documents(
    docs: Sequence, chunk_size: int, chunk_overlap: int = 0, *, sections=True
) -> list:
    """Chunk documents with llama-index: markdown sections, then sentence-aware token windows.

    Notebook 1. ``sections=False`` skips the markdown step (plain ``SentenceSplitter`` windows).
    Each chunk then gets its document's title as metadata, which llama-index puts in front of the
    text it embeds ("contextual chunk header": a chunk that says "It weighs 212 g" still says which
    product it is about). Returns ``TextNode`` objects with content-addressed ids (:func:`chunk_id`).
    """
    from llama_index.core.node_parser import MarkdownNodeParser, SentenceSplitter
    from llama_index.core.schema import MetadataMode

    nodes = to_llama_documents(docs)
    if sections:
        nodes = MarkdownNodeParser(include_prev_next_rel=False).get_nodes_from_documents(nodes)
        for node in nodes:
            node.metadata = {}  # drop MarkdownNodeParser's "header_path"; the title comes below
    splitter = SentenceSplitter(
        chunk_size=chunk_size, chunk_overlap=chunk_overlap, include_prev_next_rel=False
    )
    with contextlib.redirect_stdout(io.StringIO()):
        # SentenceSplitter *prints* a note for every node when a chunk is under 50 tokens, as the
        # course's are (by choice: notebook 1's sweep); the note is about metadata we do not split.
        chunks = splitter.get_nodes_from_documents(nodes)
    titles = {d.doc_id: d.title for d in docs}
    seen: Counter = Counter()
    for node in chunks:
        node.metadata = {"title": titles[node.ref_doc_id]}
        text = node.get_content(metadata_mode=MetadataMode.EMBED)
        seen[(node.ref_doc_id, text)] += 1
        node.id_ = chunk_id(node.ref_doc_id, text, seen[(node.ref_doc_id, text)] - 1)
    return chunks


def embed_text(node) -> str:
    """What the embedder reads for a chunk: its title header and its text. Notebook 1."""
    from llama_index.core.schema import MetadataMode

    return node.get_content(metadata_mode=MetadataMode.EMBED)


# --- embeddings and top-k by hand -----------------------------------------------------------------


def embed_texts(embedder, texts: Sequence[str]):
    """Embed ``texts`` with the course's embedder: a float32 array (n, 384), rows of length 1.

    Notebook 1. all-MiniLM-L6-v2 embeds questions and passages the same way (no query prefix).
    """
    import numpy as np

    if not texts:
        return np.zeros((0, EMBED_DIM), dtype=np.float32)
    return np.asarray(embedder.get_text_embedding_batch(list(texts)), dtype=np.float32)


def cosine_top_k(queries, matrix, k: int):
    """The ``k`` rows of ``matrix`` most cosine-similar to each query, best first.

    Notebook 1 (exercise 1.2). ``queries`` (Q, d) or (d,), ``matrix`` (N, d); neither needs to be
    normalised. Returns ``(indices, scores)``, each (Q, min(k, N)).
    """
    import numpy as np

    q = np.atleast_2d(np.asarray(queries, dtype=np.float32))  # (Q, d)
    m = np.asarray(matrix, dtype=np.float32)  # (N, d)
    q = q / np.maximum(np.linalg.norm(q, axis=1, keepdims=True), 1e-12)
    m = m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-12)
    scores = q @ m.T  # (Q, N)
    order = np.argsort(-scores, axis=1, kind="stable")[:, :k]  # (Q, k)
    return order, np.take_along_axis(scores, order, axis=1)


def unique_in_order(items: Sequence[str]) -> list[str]:
    """``items`` without repeats, first occurrence kept: chunk ranks -> document ranks. Notebook 1.

    >>> unique_in_order(["d2", "d2", "d1", "d2"])
    ['d2', 'd1']
    """
    return list(dict.fromkeys(items))


def retrieval_quality(
    ranked_doc_ids: Sequence[Sequence[str]], gold_doc_ids: Sequence[str], k: int
) -> dict:
    """hit@k and MRR of ranked document ids against the gold ones. Notebook 1 (exercise 1.3).

    >>> retrieval_quality([["d1", "d2"], ["d3", "d1"]], ["d1", "d1"], k=1)
    {'hit@1': 0.5, 'mrr': 0.75}
    """
    from utils.metrics import hit_at_k, mrr

    hits = [hit_at_k(r, g, k) for r, g in zip(ranked_doc_ids, gold_doc_ids, strict=True)]
    return {f"hit@{k}": sum(hits) / len(hits), "mrr": mrr(ranked_doc_ids, gold_doc_ids)}


# --- the vector database --------------------------------------------------------------------------


class VectorStoreError(RuntimeError):
    """Base of the index errors below: each message names the folder and the fix."""


class CorruptIndexError(VectorStoreError):
    """The local vector store's folder cannot be read."""


class IndexInUseError(VectorStoreError):
    """Another process holds the local vector store's folder (local mode allows one at a time)."""


class EmptyIndexError(VectorStoreError):
    """The index holds no chunks yet."""


class EmptyQuestionError(ValueError):
    """The question is empty or only whitespace."""


def qdrant_client(path: str | Path | None = None, *, repair: bool = True):
    """A Qdrant client: a server when ``COURSE_QDRANT_URL`` is set, else local mode in ``path``.

    Notebook 1. One client per folder and process (local mode locks its folder). A folder that
    cannot be read is rebuilt when ``repair`` and the course created it (the index only holds derived
    data, and this says so); otherwise :class:`CorruptIndexError` names the folder and the fix, and
    nothing in the folder is touched.
    """
    url = env("COURSE_QDRANT_URL")
    key = url or str(Path(path or index_dir()).resolve())
    if key not in _CLIENTS:
        if not _CLIENTS:
            atexit.register(close_all)  # release the folder locks before Python shuts down
        _CLIENTS[key] = _remote_client(url) if url else _local_client(Path(key), repair)
    return _CLIENTS[key]


def _remote_client(url: str):
    from qdrant_client import QdrantClient

    return QdrantClient(url=url, api_key=env("COURSE_QDRANT_API_KEY"))


def _local_client(folder: Path, repair: bool):
    """Open local mode in ``folder``; repair or explain a damaged folder, explain a locked one.

    Only a folder the course created (it holds :data:`INDEX_MARKER`) is ever repaired, and only the
    entries the course and Qdrant write there are deleted: a user's files are never touched.
    """
    from qdrant_client import QdrantClient

    try:
        _prepare_folder(folder)
        return QdrantClient(path=str(folder))
    except RuntimeError as err:
        if "already accessed" not in str(err):
            raise
        raise IndexInUseError(_in_use_message(folder)) from err
    except _UNREADABLE_STORE as err:
        ours = (folder / INDEX_MARKER).is_file()
        if not (repair and ours):
            raise CorruptIndexError(_corrupt_message(folder, err, ours)) from err
        print(f"The vector store in {folder} could not be read ({type(err).__name__}: {err}).")
        print(
            "It holds only derived data, so it is deleted and will be rebuilt from the documents."
        )
        _remove_store(folder)
        return QdrantClient(path=str(folder))


def _prepare_folder(folder: Path) -> None:
    """Create ``folder`` if needed; mark it as the course's when the course starts it (new or empty)."""
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(f"{folder} is a file, not a folder")
    if (folder / "collection").is_dir() and not (folder / "meta.json").is_file():
        # Qdrant would start an empty store beside the old chunks: stored data without its index
        raise FileNotFoundError(f"the store's metadata ({folder / 'meta.json'}) is missing")
    if not folder.exists() or not any(folder.iterdir()):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / INDEX_MARKER).write_text(
            "This folder is a vector index written by the RAG vs Fine-Tuning course. It holds only "
            "data derived from the knowledge base: the course may delete and rebuild it.\n"
        )


def _remove_store(folder: Path) -> None:
    """Delete what Qdrant's local mode writes in ``folder`` (and nothing else)."""
    for name in _STORE_ENTRIES:
        path = folder / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def _corrupt_message(folder: Path, err: Exception, ours: bool) -> str:
    problem = f"The vector store in {folder} cannot be read ({type(err).__name__}: {err})."
    if ours:
        return (
            f"{problem} It only holds derived data: open it with repair=True, which deletes and "
            f"rebuilds it for you, or delete the folder (`rm -r {folder}`) and run again."
        )
    return (
        f"{problem} The course did not create it (it has no {INDEX_MARKER} file), so nothing in it "
        "is touched. Set COURSE_INDEX_DIR to a new or empty folder; or, if it is an index an "
        f"earlier version of the course wrote, delete the folder yourself (`rm -r {folder}`)."
    )


def _in_use_message(folder: Path) -> str:
    return (
        f"The vector store in {folder} is open in another process (another notebook's kernel?). "
        "Qdrant's local mode allows one process at a time: shut down the other kernel, set "
        "COURSE_INDEX_DIR to another folder, or run a Qdrant server and set COURSE_QDRANT_URL."
    )


def close_index(path: str | Path | None = None) -> None:
    """Close the client of ``path`` (default: :func:`index_dir`) and release its folder lock."""
    key = env("COURSE_QDRANT_URL") or str(Path(path or index_dir()).resolve())
    client = _CLIENTS.pop(key, None)
    if client is not None:
        client.close()


def close_all() -> None:
    """Close every client this process opened (registered to run when Python exits)."""
    for key in list(_CLIENTS):
        _CLIENTS.pop(key).close()


def open_index(embedder, *, path=None, collection: str = COLLECTION, repair: bool = True):
    """The llama-index ``VectorStoreIndex`` over Qdrant collection ``collection``. Notebook 1.

    Opening is cheap: nothing is embedded. Fill or update it with :func:`sync_index`.
    """
    from llama_index.core import VectorStoreIndex
    from llama_index.vector_stores.qdrant import QdrantVectorStore

    client = qdrant_client(path, repair=repair)
    store = QdrantVectorStore(collection_name=collection, client=client)
    return VectorStoreIndex.from_vector_store(store, embed_model=embedder)


def _client_and_collection(index) -> tuple:
    store = index.vector_store
    return store.client, store.collection_name


def chunk_count(index) -> int:
    """Number of chunks stored in ``index`` (0 when its collection does not exist yet)."""
    client, name = _client_and_collection(index)
    return client.count(name).count if client.collection_exists(name) else 0


def _points(index, with_payload):
    """Every point of ``index``'s collection (none when it does not exist), 1024 at a time."""
    client, name = _client_and_collection(index)
    if not client.collection_exists(name):
        return
    offset = None
    while True:
        points, offset = client.scroll(name, limit=1024, offset=offset, with_payload=with_payload)
        yield from points
        if offset is None:
            return


def stored_chunks(index) -> dict[str, str]:
    """``{chunk id: document id}`` of every chunk in ``index``, read from the database."""
    return {str(p.id): p.payload["doc_id"] for p in _points(index, ["doc_id"])}


def stored_texts(index) -> dict[str, tuple[str, str]]:
    """``{chunk id: (document id, text)}`` of every chunk in ``index``: what the database holds."""
    from llama_index.core.vector_stores.utils import metadata_dict_to_node

    return {
        str(p.id): (p.payload["doc_id"], metadata_dict_to_node(p.payload).text)
        for p in _points(index, True)
    }


@dataclass
class SyncReport:
    """What :func:`sync_index` changed. Notebook 2 shows it for the update from v1 to v2."""

    chunks_added: int
    chunks_removed: int
    chunks_kept: int
    docs_added: list[str] = field(default_factory=list)
    docs_changed: list[str] = field(default_factory=list)
    docs_removed: list[str] = field(default_factory=list)
    seconds: float = 0.0


def sync_index(index, docs: Sequence, sizes: RetrievalSizes | None = None) -> SyncReport:
    """Make ``index`` hold exactly the chunks of ``docs``, in place. Notebooks 1 and 2.

    Chunks already stored (same id: same document and text) are kept; only new ones are
    embedded; stored chunks that ``docs`` no longer produce are deleted. On an empty index this is a
    full build; from knowledge-base v1 to v2 it replaces the changed passages and adds new documents.
    """
    sizes = sizes or DEFAULT_RETRIEVAL
    start = time.perf_counter()
    nodes = split_documents(docs, sizes.chunk_size, sizes.chunk_overlap)
    plan = plan_update(stored_chunks(index), [(n.node_id, n.ref_doc_id) for n in nodes])
    if plan["delete"]:
        index.vector_store.delete_nodes(plan["delete"])
    if plan["add"]:
        added = set(plan["add"])
        with warnings.catch_warnings():  # local mode ignores payload indexes, and says so each time
            warnings.filterwarnings("ignore", message="Payload indexes have no effect")
            index.insert_nodes([n for n in nodes if n.node_id in added])
    counts = {"chunks_added": len(plan["add"]), "chunks_removed": len(plan["delete"])}
    docs_moved = {key: plan[key] for key in ("docs_added", "docs_changed", "docs_removed")}
    return SyncReport(**counts, chunks_kept=plan["keep"], **docs_moved,
                      seconds=time.perf_counter() - start)  # fmt: skip


def plan_update(stored: Mapping[str, str], chunks: Sequence[tuple[str, str]]) -> dict:
    """What an update in place must do, from chunk ids alone (notebook 2, exercise 2.4's reference).

    ``stored``: ``{chunk id: document id}`` of what the index holds; ``chunks``: ``(chunk id,
    document id)`` of every chunk the new documents produce, in order. Returns ``add`` (the ids to
    embed and insert, in order), ``delete`` (stored ids no longer produced, sorted), ``keep`` (how
    many wanted chunks are stored already) and the documents ``docs_added`` (new), ``docs_changed``
    (there before and after, some chunk added or deleted) and ``docs_removed`` (gone), each sorted.

    >>> plan_update({"c1": "d1", "c2": "d1"}, [("c1", "d1"), ("c3", "d1"), ("c4", "d2")])["add"]
    ['c3', 'c4']
    """
    wanted = dict(chunks)
    add = [chunk for chunk, _ in chunks if chunk not in stored]
    delete = sorted(set(stored) - set(wanted))
    before, after = set(stored.values()), set(wanted.values())
    touched = {wanted[c] for c in add} | {stored[c] for c in delete}
    return {"add": add, "delete": delete, "keep": len(chunks) - len(add),
            "docs_added": sorted(after - before), "docs_changed": sorted(touched & before & after),
            "docs_removed": sorted(before - after)}  # fmt: skip


def clear_index(index) -> None:
    """Delete every chunk of ``index`` (its whole collection). Notebook 2 times a full rebuild."""
    client, name = _client_and_collection(index)
    if client.collection_exists(name):
        index.vector_store.clear()  # drops the collection; the next insert creates it again


def build_index(index, docs: Sequence, sizes: RetrievalSizes | None = None) -> SyncReport:
    """Rebuild ``index`` from scratch: clear it, then embed and store every chunk of ``docs``."""
    start = time.perf_counter()
    clear_index(index)
    report = sync_index(index, docs, sizes)
    report.seconds = time.perf_counter() - start
    return report


# --- asking the database ------------------------------------------------------------------------


@dataclass
class Hit:
    """One retrieved chunk."""

    chunk_id: str
    doc_id: str
    title: str
    text: str  # the chunk's text, without its title header
    score: float  # cosine similarity to the question


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def check_question(question) -> str:
    """The question stripped; :class:`EmptyQuestionError` for an empty or whitespace-only one.

    >>> check_question("  Battery life? " + chr(0xD83D)) == "Battery life? " + chr(0xFFFD)
    True
    """
    if not isinstance(question, str) or not question.strip():
        raise EmptyQuestionError(
            f"The question is empty ({question!r}): type a question, e.g. "
            "'What is the battery life of the Tessel A250?'"
        )
    # A lone surrogate (half of a broken emoji, say) cannot be encoded: show it as "\ufffd".
    return _LONE_SURROGATE.sub("\ufffd", question.strip())


def _require_chunks(index) -> None:
    if chunk_count(index) == 0:
        _, name = _client_and_collection(index)
        raise EmptyIndexError(
            f"The index (collection {name!r}) holds no chunks yet, so there is nothing to retrieve. "
            "Fill it first: sync_index(index, load_documents('v1'))."
        )


def _to_hit(node, score: float) -> Hit:
    return Hit(
        node.node_id, node.ref_doc_id, node.metadata.get("title", ""), node.text, float(score)
    )


@contextmanager
def torch_threads(n: int | None):
    """Run the block with ``n`` torch threads (None: leave the setting alone), then restore it."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(n or before)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def retrieve(index, question: str, k: int = 3, *, threads: int | None = QUERY_THREADS) -> list[Hit]:
    """The ``k`` chunks most similar to ``question``, best first, through llama-index's retriever.

    Notebook 1. An empty question or an empty index raises an error that says what to do. The
    question is embedded with ``threads`` torch threads (None: torch's default, all cores).
    """
    question = check_question(question)
    _require_chunks(index)
    with torch_threads(threads):
        results = index.as_retriever(similarity_top_k=k).retrieve(question)
    return [_to_hit(r.node, r.score) for r in results]


def retrieve_many(index, questions: Sequence[str], k: int = 3) -> list[list[Hit]]:
    """:func:`retrieve` for many questions: one batched embedding, then one database query each.

    Notebooks 1 and 2 (evaluation). Returns one list of hits per question, in order.
    """
    from llama_index.core.vector_stores import VectorStoreQuery

    cleaned = [check_question(q) for q in questions]
    _require_chunks(index)
    vectors = embed_texts(index._embed_model, cleaned)  # (Q, 384)
    found = []
    for vector in vectors:
        query = VectorStoreQuery(query_embedding=vector.tolist(), similarity_top_k=k)
        result = index.vector_store.query(query)
        found.append(
            [_to_hit(n, s) for n, s in zip(result.nodes, result.similarities, strict=True)]
        )
    return found


def retrieval_latency_ms(
    index, questions: Sequence[str], k: int = 3, *, threads: int | None = QUERY_THREADS
) -> float:
    """Median milliseconds of one warm query: embed the question, search the database. Notebook 1."""
    import numpy as np

    retrieve(index, questions[0], k, threads=threads)  # warm-up
    times = []
    for question in questions:
        start = time.perf_counter()
        retrieve(index, question, k, threads=threads)
        times.append(time.perf_counter() - start)
    return 1000 * float(np.median(times))


def hit_doc_ids(hits: Sequence[Hit]) -> list[str]:
    """The documents of ``hits`` in rank order, each once: what hit@k and MRR are computed on."""
    return unique_in_order([h.doc_id for h in hits])


# --- the query explorer -------------------------------------------------------------------------


def highlight(text: str, answer: str | None) -> str:
    """``text`` as HTML with every occurrence of ``answer`` marked (case-insensitive). Notebook 1."""
    escaped = html.escape(text)
    if not answer:
        return escaped
    pattern = re.compile(re.escape(html.escape(answer)), re.IGNORECASE)
    return pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped)


def hits_html(
    hits: Sequence[Hit], answer: str | None = None, gold_doc_id: str | None = None
) -> str:
    """A small HTML table of retrieved chunks with scores; the gold answer and document marked."""
    rows = []
    for rank, hit in enumerate(hits, 1):
        gold = " ✅" if gold_doc_id and hit.doc_id == gold_doc_id else ""
        rows.append(
            f"<tr><td>{rank}</td><td>{hit.score:.3f}</td><td><b>{html.escape(hit.doc_id)}</b>{gold}"
            f"</td><td style='text-align:left'>{highlight(hit.text, answer)}</td></tr>"
        )
    head = "<tr><th>rank</th><th>score</th><th>document</th><th>chunk</th></tr>"
    return f"<table>{head}{''.join(rows)}</table>"
