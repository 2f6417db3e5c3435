"""The retrieval ablation of notebook 5: the same chunks found three ways.

Two claims say what RAG needs: "top-of-the-class embedding models" (C1) and "a fast vector database"
(C2). To test them, the course's chunks are searched three ways, each a **retriever**, a function
``(questions, k) -> hits per question`` (best first, as :func:`utils.retrieval.retrieve_many`):

* ``qdrant``: the course's index of notebook 1, all-MiniLM-L6-v2 vectors in the Qdrant database;
* ``numpy``: the **same vectors**, read out of the database and searched by brute force with
  :func:`utils.retrieval.cosine_top_k` (no database at all);
* ``bm25``: **no embedder at all**: llama-index's ``BM25Retriever`` (keyword scores, stemmed words)
  over the same chunks' text.

:func:`compare_retrievers` measures each one's hit@k over facts and the latency of one query (the
question embedded, the chunks searched), and pairs each against the database on the same questions.
:func:`utils.rag.evaluate_rag` answers over any of them (``retriever=``), so answer quality can be
paired too.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence

from utils.metrics import hit_at_k, paired_difference, with_ci
from utils.retrieval import (
    Hit,
    check_question,
    cosine_top_k,
    embed_texts,
    hit_doc_ids,
    retrieve_many,
    split_documents,
    torch_threads,
)

#: A retriever: questions and k in, the k best chunks of each question out, best first.
Retriever = Callable[[Sequence[str], int], list[list[Hit]]]
RETRIEVERS = ("qdrant", "numpy", "bm25")


def qdrant_retriever(index) -> Retriever:
    """The course's index: the questions embedded in one batch, then one database query each."""
    return lambda questions, k: retrieve_many(index, questions, k)


def stored_vectors(index) -> tuple[list[Hit], object]:
    """Every chunk of ``index`` and its vector, read from the database: ``(chunks, matrix)``, the
    matrix float32 of shape (chunks, 384), row ``i`` the vector of ``chunks[i]``."""
    import numpy as np
    from llama_index.core.vector_stores.utils import metadata_dict_to_node

    client, name = index.vector_store.client, index.vector_store.collection_name
    chunks, vectors, offset = [], [], None
    while True:
        points, offset = client.scroll(
            name, limit=1024, offset=offset, with_payload=True, with_vectors=True
        )
        for point in points:
            node = metadata_dict_to_node(point.payload)
            vector = point.vector
            if isinstance(vector, Mapping):  # a named vector: the collection has only one
                vector = next(iter(vector.values()))
            chunks.append(
                Hit(str(point.id), node.ref_doc_id, node.metadata.get("title", ""), node.text, 0.0)
            )
            vectors.append(vector)
        if offset is None:
            break
    return chunks, np.asarray(vectors, dtype=np.float32).reshape(len(vectors), -1)


def numpy_retriever(index) -> Retriever:
    """Brute force over the database's own vectors: every chunk scored against every question."""
    from dataclasses import replace

    chunks, matrix = stored_vectors(index)
    embedder = index._embed_model

    def search(questions: Sequence[str], k: int) -> list[list[Hit]]:
        vectors = embed_texts(embedder, [check_question(q) for q in questions])
        order, scores = cosine_top_k(vectors, matrix, k)
        return [
            [replace(chunks[i], score=float(s)) for i, s in zip(row, values, strict=True)]
            for row, values in zip(order, scores, strict=True)
        ]

    return search


def bm25_retriever(docs: Sequence, sizes) -> Retriever:
    """Keyword search with llama-index's ``BM25Retriever`` over the chunks of ``docs``, cut as the
    index cuts them (``sizes``: the profile's :class:`utils.profiles.RetrievalSizes`)."""
    from llama_index.retrievers.bm25 import BM25Retriever

    nodes = split_documents(docs, sizes.chunk_size, sizes.chunk_overlap)
    bm25 = BM25Retriever.from_defaults(nodes=nodes, similarity_top_k=sizes.top_k)

    def search(questions: Sequence[str], k: int) -> list[list[Hit]]:
        bm25.similarity_top_k = k
        found = []
        for question in questions:
            results = bm25.retrieve(check_question(question))
            found.append(
                [
                    Hit(
                        r.node.node_id,
                        r.node.ref_doc_id,
                        r.node.metadata.get("title", ""),
                        r.node.text,
                        float(r.score or 0.0),
                    )
                    for r in results
                ]
            )
        return found

    return search


def query_latency_ms(retriever: Retriever, questions: Sequence[str], k: int) -> float:
    """Median milliseconds of one query, one question at a time, after one warm-up query (on one
    torch thread, as notebook 1 times the index)."""
    import numpy as np

    with torch_threads(1):
        retriever(questions[:1], k)
        times = []
        for question in questions:
            start = time.perf_counter()
            retriever([question], k)
            times.append(time.perf_counter() - start)
    return 1000 * float(np.median(times))


def hits_of(retriever: Retriever, questions: Sequence, k: int) -> list[float]:
    """1.0 or 0.0 per question: was its gold document among the first ``k`` documents found?"""
    found = retriever([q.question for q in questions], k)
    return [
        hit_at_k(hit_doc_ids(hits), q.doc_id, k) for q, hits in zip(questions, found, strict=True)
    ]


def compare_retrievers(
    retrievers: Mapping[str, Retriever],
    questions: Sequence,
    k: int,
    *,
    latency_questions: int = 30,
    reference: str = "qdrant",
    group: str = "seen",
):
    """hit@k (interval over facts), one query's latency, and hit@k minus the ``reference``
    retriever's on the same questions, one row per retriever. Returns ``(table, numbers)``: a
    DataFrame, and the scorecard's numbers (``retrieval/<name>/...`` and
    ``paired/<name>-<reference>/<group>/hit``; ``group`` names the questions' group)."""
    import pandas as pd

    facts = [q.fact_id for q in questions]
    timed = [q.question for q in questions[:latency_questions]]
    scores = {name: hits_of(r, questions, k) for name, r in retrievers.items()}
    table, numbers = {}, {}
    for name, retriever in retrievers.items():
        cell = with_ci(scores[name], facts)
        latency = query_latency_ms(retriever, timed, k)
        diff = paired_difference(scores[name], scores[reference], facts)
        table[name] = {
            f"hit@{k}": cell["value"],
            "low": cell["ci95"][0],
            "high": cell["ci95"][1],
            f"minus {reference}": diff["value"],
            "diff low": diff["ci95"][0],
            "diff high": diff["ci95"][1],
            "latency (ms)": round(latency, 3),
        }
        numbers[f"retrieval/{name}/hit"] = cell
        numbers[f"retrieval/{name}/latency_ms"] = latency
        if name != reference:
            numbers[f"paired/{name}-{reference}/{group}/hit"] = diff
    return pd.DataFrame(table).T, numbers


def restrict_record(record: Mapping, qids) -> dict:
    """``record`` with the predictions of ``qids`` only: a system's record cut to the questions an
    ablation answered, so that the two can be paired. ``qids`` may also hold ``(group, qid)`` pairs:
    one question can be asked in two groups (a changed fact: ``seen`` on v1, ``updated`` on v2)."""
    wanted = set(qids)
    by_group = bool(wanted) and isinstance(next(iter(wanted)), tuple)
    return {
        **record,
        "predictions": [
            p for p in record["predictions"]
            if ((p["group"], p["qid"]) if by_group else p["qid"]) in wanted
        ],
    }  # fmt: skip


def ablation_numbers(
    ablations: Mapping[str, Mapping],
    systems: Mapping[str, Mapping],
    pairs: Sequence[tuple[str, str]],
    *,
    format_regex,
    metrics: Sequence[str] = ("accepted", "format", "words"),
) -> dict:
    """The scorecard's numbers of RAG's ablations: ``metric/<ablation>/<group>/<metric>`` and, for
    each pair ``(ablation, system)``, the paired difference on the ablation's questions (the
    system's record cut to them with :func:`restrict_record`); the systems' own numbers over all
    their questions are left to :func:`utils.comparison.numbers`."""
    from utils.comparison import numbers

    qids = {p["qid"] for record in ablations.values() for p in record["predictions"]}
    cut = {name: restrict_record(systems[name], qids) for _, name in pairs if name in systems}
    found = numbers({**ablations, **cut}, pairs, metrics, format_regex=format_regex, pooled=())
    return {
        name: cell
        for name, cell in found.items()
        if name.startswith("paired/") or name.split("/")[1] in ablations
    }


def intervals_excluding_zero(
    record_a: Mapping,
    record_b: Mapping,
    group: str,
    metric: str,
    n_facts: Sequence[int],
    draws: int = 40,
    seed: int = 0,
) -> dict[int, int]:
    """``{n: draws}``: of ``draws`` random samples of ``n`` facts of ``group``, in how many the
    paired interval of ``record_a`` minus ``record_b`` on ``metric`` excludes zero: how many facts
    a comparison needs before its difference shows (the full profile's size, README)."""
    import random

    from utils.records import paired_differences, record_predictions

    facts = sorted({p.fact_id for p in record_predictions(record_a) if p.group == group})
    counts = {}
    for n in n_facts:
        counts[n] = 0
        for draw in range(draws):
            chosen = set(random.Random(f"{seed}-{draw}").sample(facts, min(n, len(facts))))
            qids = [(p.group, p.qid) for p in record_predictions(record_a)
                    if p.group == group and p.fact_id in chosen]  # fmt: skip
            diff = paired_differences(restrict_record(record_a, qids),
                                      restrict_record(record_b, qids), (metric,))  # fmt: skip
            low, high = diff[group][metric]["ci95"]
            counts[n] += low > 0 or high < 0
    return counts
