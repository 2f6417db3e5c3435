"""Exercise checks of the RAG track (notebooks 1 and 2): see :mod:`utils.exercises`.

Each check raises ``AssertionError`` with feedback a learner can act on; the references live in
:mod:`utils.retrieval` and :mod:`utils.rag`.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from utils import rag, retrieval
from utils.exercises.core import Exercise, expect

# --- notebook 1 -----------------------------------------------------------------------------------


def _check_chunk_words(fn: Callable) -> None:
    cases = [
        (("a b c d e", 2, 0), ["a b", "c d", "e"], "Without overlap, cut every chunk_size words."),
        (("a b c d", 2, 0), ["a b", "c d"], "Do not add an empty chunk when the words run out."),
        (("a b c d e", 2, 1), ["a b", "b c", "c d", "d e"], "Step by chunk_size - overlap."),
        (("a b c d e f", 3, 1), ["a b c", "c d e", "e f"], "The last chunk may be shorter."),
        (("a b c d", 2, 1), ["a b", "b c", "c d"], "Stop once a chunk reaches the last word."),
        (("a b", 5, 2), ["a b"], "A text shorter than one chunk is one chunk."),
        (("a  b\nc ", 2, 0), ["a b", "c"], "Split on any whitespace; join words with one space."),
        (("   ", 3, 1), [], "A text with no words has no chunks."),
    ]
    for args, expected, hint in cases:
        expect(fn, args, expected, hint)
    try:
        fn("a b c", 2, 2)
    except ValueError:
        return
    raise AssertionError(
        "chunk_words('a b c', 2, 2) should raise ValueError: overlap >= chunk_size."
    )


def _brute_force_top_k(queries, matrix, k):
    import numpy as np

    q = queries / np.linalg.norm(queries, axis=1, keepdims=True)
    m = matrix / np.linalg.norm(matrix, axis=1, keepdims=True)
    scores = [[float(np.dot(a, b)) for b in m] for a in q]
    order = [sorted(range(len(row)), key=lambda i, row=row: -row[i])[:k] for row in scores]
    return order, [[row[i] for i in idx] for row, idx in zip(scores, order, strict=True)]


def _check_cosine_top_k(fn: Callable) -> None:
    import numpy as np

    rng = np.random.default_rng(0)
    queries, matrix = (
        rng.normal(size=(4, 8)),
        rng.normal(size=(20, 8)) * rng.uniform(0.5, 9, (20, 1)),
    )
    idx, scores = (np.asarray(a) for a in fn(queries, matrix, 3))
    assert idx.shape == (4, 3) and scores.shape == (4, 3), (
        f"Expected two arrays of shape (4, 3) for 4 queries and k=3, got {idx.shape} and {scores.shape}."
    )
    want_idx, want_scores = _brute_force_top_k(queries, matrix, 3)
    assert np.allclose(scores, want_scores, atol=1e-5), (
        "The scores are not the cosine similarities. Divide every vector by its length "
        "(np.linalg.norm(..., axis=1, keepdims=True)) before the dot products: the rows of the "
        "matrix are not normalised here."
    )
    assert idx.tolist() == want_idx, "The indices must be those of the k best scores, best first."
    one, _ = fn(queries[0], matrix, 2)
    assert np.asarray(one).shape == (1, 2), "A single query of shape (d,) should give shape (1, k)."
    many, _ = fn(queries, matrix[:2], 5)
    assert np.asarray(many).shape == (4, 2), "With k larger than the matrix, return all its rows."


def _check_retrieval_quality(fn: Callable) -> None:
    ranked, gold = [["d1", "d2"], ["d3", "d1"], ["d4", "d5"]], ["d1", "d1", "d1"]
    got = fn(ranked, gold, 1)
    assert set(got) == {"hit@1", "mrr"}, f"Return a dict with keys 'hit@1' and 'mrr', got {got!r}."
    assert math.isclose(got["hit@1"], 1 / 3), (
        f"hit@1 should be 1/3 (only the first hits), got {got}."
    )
    assert math.isclose(got["mrr"], (1 + 1 / 2 + 0) / 3), (
        f"MRR should be (1 + 1/2 + 0) / 3: the mean of 1/rank, 0 when not retrieved. Got {got}."
    )
    got = fn(ranked, gold, 2)
    assert math.isclose(got["hit@2"], 2 / 3), f"hit@2 counts the first 2 ids: 2/3, got {got}."
    got = fn([["d2", "d1", "d1"]], ["d1"], 3)
    assert math.isclose(got["mrr"], 0.5), "Use the rank of the FIRST occurrence of the gold id."


# --- notebook 2 -----------------------------------------------------------------------------------


def _check_build_rag_prompt(fn: Callable) -> None:
    passages = ["Tessel A250: Battery life is 38 hours.", "Tessel A200: It weighs 184 g."]
    expected = (
        "Context:\n[1] Tessel A250: Battery life is 38 hours.\n[2] Tessel A200: It weighs 184 g."
        "\n\nQuestion: How long does the A250 last?"
    )
    expect(fn, ("How long does the A250 last?", passages), expected,
            "Layout: 'Context:', one numbered line per passage, a blank line, 'Question: ...'.")  # fmt: skip
    expect(
        fn, ("Why?", []), "Question: Why?", "With no passages, the prompt is the question alone."
    )
    got = fn("  Why?\n", ["two\n\nlines  here"])
    assert got == "Context:\n[1] two lines here\n\nQuestion: Why?", (
        f"Got {got!r}. Collapse runs of whitespace (newlines too) in passages and the question, so "
        "each passage is one line: ' '.join(text.split())."
    )


def _check_failure_kind(fn: Callable) -> None:
    cases = [
        (("It lasts 38 hours.", "38 hours", "Battery life is 38 hours."), "correct",
         "An answer containing the gold is correct."),
        (("38 hours", "38 hours", ""), "correct", "Correct even if the context missed it."),
        (("About 40 hours", "38 hours", "Battery life is 38 hours."), "generation error",
         "The context held the gold but the answer did not: a generation error."),
        (("About 40 hours", "38 hours", "It weighs 212 g."), "retrieval miss",
         "The context did not hold the gold: the model never saw it, a retrieval miss."),
        (("138 hours", "38 hours", "It lasts 138 hours."), "retrieval miss",
         "Use whole-word containment (utils.metrics.contains): '38 hours' is not in '138 hours'."),
    ]  # fmt: skip
    for args, expected, hint in cases:
        expect(fn, args, expected, hint)


EXERCISES: list[Exercise] = [
    Exercise("1.1", "Chunk a text by hand", "chunk_words", _check_chunk_words,
             retrieval.chunk_words, "utils.retrieval.chunk_words"),
    Exercise("1.2", "Cosine top-k in NumPy", "cosine_top_k", _check_cosine_top_k,
             retrieval.cosine_top_k, "utils.retrieval.cosine_top_k", tier=2),
    Exercise("1.3", "hit@k and MRR", "retrieval_quality", _check_retrieval_quality,
             retrieval.retrieval_quality, "utils.retrieval.retrieval_quality"),
    Exercise("2.1", "Assemble the RAG prompt", "build_rag_prompt", _check_build_rag_prompt,
             rag.build_rag_prompt, "utils.rag.build_rag_prompt"),
    Exercise("2.2", "Retrieval miss or generation error?", "failure_kind", _check_failure_kind,
             rag.failure_kind, "utils.rag.failure_kind"),
]  # fmt: skip
