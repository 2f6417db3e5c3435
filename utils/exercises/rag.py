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
        (
            ("a b c d e", 2, 0),
            ["a b", "c d", "e"],
            "Without overlap, cut every chunk_size words; the rest is a last, shorter chunk.",
        ),
        (("a b c d", 2, 0), ["a b", "c d"], "Do not add an empty chunk when the words run out."),
        (
            ("a b c d e", 2, 1),
            ["a b", "b c", "c d", "d e"],
            "Step by chunk_size - overlap; stop once a chunk reaches the last word.",
        ),
        (("a b c d e f", 3, 1), ["a b c", "c d e", "e f"], "The last chunk may be shorter."),
        (("a b c d", 2, 1), ["a b", "b c", "c d"], "Stop once a chunk reaches the last word."),
        (("a b", 5, 2), ["a b"], "A text shorter than one chunk is one chunk."),
        (("a  b\nc ", 2, 0), ["a b", "c"], "Split on any whitespace; join words with one space."),
        (("   ", 3, 1), [], "A text with no words has no chunks."),
    ]
    for args, expected, hint in cases:
        expect(fn, args, expected, hint)
    _expect_value_error(fn, ("a b c", 2, 2), "overlap >= chunk_size would never move forward")
    _expect_value_error(fn, ("a b c", 0, 0), "a chunk needs at least one word (chunk_size >= 1)")
    _expect_value_error(fn, ("a b c d e", 2, -1), "a negative overlap would skip words")


def _expect_value_error(fn: Callable, args: tuple, why: str) -> None:
    try:
        got = fn(*args)
    except ValueError:
        return
    shown = ", ".join(repr(a) for a in args)
    raise AssertionError(
        f"{fn.__name__}({shown}) returned {got!r}; it should raise ValueError: {why}. "
        "Check 0 <= overlap < chunk_size first."
    )


def _hidden_chunk_words(fn: Callable) -> None:
    cases = [
        (("a b c", 2), ["a b", "c"], "overlap defaults to 0."),
        (("a b c", 1, 0), ["a", "b", "c"], "chunk_size 1 gives one word per chunk."),
        (("a b c d", 3, 2), ["a b c", "b c d"], "overlap = chunk_size - 1 steps one word."),
        (("a b c", 3, 1), ["a b c"], "A text of exactly one window is one chunk, with no tail."),
        (("a\tb\r\nc", 2, 0), ["a b", "c"], "Split on any whitespace, tabs and newlines too."),
    ]
    for args, expected, hint in cases:
        expect(fn, args, expected, hint)
    words = ["a", "b", "c", "d", "e", "f", "g"]
    for n in range(8):
        for size in range(1, 5):
            for overlap in range(size):
                text = " ".join(words[:n])
                want = retrieval.chunk_words(text, size, overlap)
                expect(fn, (text, size, overlap), want,
                       "Each window starts chunk_size - overlap words after the previous one; "
                       "stop once a window reaches the last word.")  # fmt: skip
    _expect_value_error(fn, ("a b c", 2, 3), "an overlap larger than chunk_size is impossible")


def _cosines(queries, matrix):
    """Every cosine similarity, (Q, N), computed the slow and obvious way."""
    import numpy as np

    q = queries / np.linalg.norm(queries, axis=1, keepdims=True)
    m = matrix / np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.array([[float(np.dot(a, b)) for b in m] for a in q])


def _brute_force_top_k(queries, matrix, k):
    scores = _cosines(queries, matrix).tolist()
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
    of_idx = np.take_along_axis(_cosines(queries, matrix), idx.astype(int), axis=1)  # (4, 3)
    assert np.allclose(scores, of_idx, atol=1e-5), (
        "The scores are not the cosine similarities of the rows returned. Divide every vector by "
        "its length (np.linalg.norm(..., axis=1, keepdims=True)) before the dot products: the rows "
        "of the matrix are not normalised here."
    )
    assert idx.tolist() == _brute_force_top_k(queries, matrix, 3)[0], (
        "The indices must be those of the k best scores, best first (np.argsort(-scores, axis=1))."
    )
    one, _ = fn(queries[0], matrix, 2)
    assert np.asarray(one).shape == (1, 2), "A single query of shape (d,) should give shape (1, k)."
    many, _ = fn(queries, matrix[:2], 5)
    assert np.asarray(many).shape == (4, 2), "With k larger than the matrix, return all its rows."


def _hidden_cosine_top_k(fn: Callable) -> None:
    import numpy as np

    matrix = np.array([[1.0, 0, 0], [0, 2, 0], [-3, 0, 0], [1, 1, 0]])  # (4, 3)
    query = np.array([2.0, 0, 0])
    matrix_before, query_before = matrix.copy(), query.copy()
    idx, scores = (np.asarray(a) for a in fn(query, matrix, 4))
    assert np.array_equal(matrix, matrix_before) and np.array_equal(query, query_before), (
        "cosine_top_k changed the arrays it was given: normalise copies (q = queries / norm), "
        "not the caller's arrays in place (queries /= norm)."
    )
    assert idx.shape == (1, 4) and np.issubdtype(idx.dtype, np.integer), (
        f"For one query and k=4, expected integer indices of shape (1, 4), got {idx.dtype} {idx.shape}."
    )
    assert idx.tolist() == [[0, 3, 1, 2]] and np.allclose(
        scores, [[1, 0.5**0.5, 0, -1]], atol=1e-5
    ), (
        f"Query [2, 0, 0] against rows [1, 0, 0], [0, 2, 0], [-3, 0, 0], [1, 1, 0]: expected indices "
        f"[[0, 3, 1, 2]] and cosines [[1, 0.707, 0, -1]], got {idx.tolist()} and "
        f"{np.round(scores, 3).tolist()}. Rank by the signed cosine, highest first."
    )
    rng = np.random.default_rng(1)
    queries = rng.normal(size=(3, 16)) * rng.uniform(0.1, 5, (3, 1))  # (Q, d), lengths vary
    rows = rng.normal(size=(50, 16)) * rng.uniform(0.1, 5, (50, 1))  # (N, d)
    idx, scores = (np.asarray(a) for a in fn(queries, rows, 5))
    want_idx, want_scores = _brute_force_top_k(queries, rows, 5)
    assert idx.tolist() == want_idx and np.allclose(scores, want_scores, atol=1e-5), (
        "With 3 queries and 50 rows of different lengths, the top 5 are not the highest cosines: "
        "normalise both the queries and the rows, then sort each query's scores, best first."
    )
    one, _ = fn(queries[0], rows[:3], 10)
    assert np.asarray(one).shape == (1, 3), (
        "A single query of shape (d,) with k larger than the matrix should give shape (1, N)."
    )


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


def _hidden_retrieval_quality(fn: Callable) -> None:
    cases = [
        (([["d2", "d1"], ["d3"]], ["d1", "d9"], 10), {"hit@10": 1 / 2, "mrr": 1 / 4},
         "k may exceed a list's length: look at the ids there are."),
        (([[], ["d1"]], ["d1", "d1"], 1), {"hit@1": 1 / 2, "mrr": 1 / 2},
         "An empty ranked list retrieves nothing: 0 for that question, not an error."),
        (([("d4", "d5", "d6", "d1")], ["d1"], 3), {"hit@3": 0.0, "mrr": 1 / 4},
         "The gold at rank 4 misses hit@3 but still counts 1/4 in MRR (MRR reads the whole list)."),
        (([["d1"], ["d2"], ["d3"], ["d4"]], ["d1", "d1", "d1", "d4"], 5),
         {"hit@5": 1 / 2, "mrr": 1 / 2}, "Average over every question, hits and misses alike."),
    ]  # fmt: skip
    for (ranked, gold, k), expected, hint in cases:
        got = fn(ranked, gold, k)
        assert set(got) == set(expected), (
            f"With k={k}, return the keys {sorted(expected)}, got {sorted(got)}."
        )
        assert all(math.isclose(got[key], value) for key, value in expected.items()), (
            f"retrieval_quality({ranked!r}, {gold!r}, {k}) returned {got}, expected {expected}. "
            f"{hint}"
        )


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


def _hidden_build_rag_prompt(fn: Callable) -> None:
    same = "Tessel A250: Battery life is 38 hours."
    expect(fn, ("How long?", [same, same]), f"Context:\n[1] {same}\n[2] {same}\n\nQuestion: How long?",
           "Number the passages by position (enumerate(passages, 1)): two equal passages are "
           "still [1] and [2].")  # fmt: skip
    passages = [f"passage {i}" for i in range(1, 12)]
    lines = "\n".join(f"[{i}] passage {i}" for i in range(1, 12))
    expect(fn, ("Which?", passages), f"Context:\n{lines}\n\nQuestion: Which?",
           "Every passage gets its line, in the order given, numbered from 1 (11 passages here).")  # fmt: skip
    expect(fn, ("How\nlong  does it\tlast?", ["\tBattery life:\n 38 hours.  "]),
           "Context:\n[1] Battery life: 38 hours.\n\nQuestion: How long does it last?",
           "Collapse whitespace inside the question and passages, and strip their ends.")  # fmt: skip


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


def _hidden_failure_kind(fn: Callable) -> None:
    cases = [
        (("THE BATTERY LASTS 38 HOURS!", "38 hours", ""), "correct",
         "Normalise before comparing: case and punctuation do not count."),
        (("The colour is fjord grey.", "Fjord-Grey", "Colour: Fjord-Grey."), "correct",
         "Normalise the gold too: 'Fjord-Grey' and 'fjord grey' are the same answer."),
        (("It costs €349.", "€349", "The price is €349."), "correct",
         "Use utils.metrics.contains: a gold that starts with a symbol (€349) is still found."),
        (("About 40 hours", "38 hours", "BATTERY LIFE: 38 HOURS (TESTED)."), "generation error",
         "Normalise the context too: it holds '38 hours' in capitals."),
        (("About 40 hours", "38 hours", "It lasts 138 hours, or 38 hours in eco mode."),
         "generation error", "The context holds the gold once as whole words: enough."),
        (("", "38 hours", "It weighs 212 g."), "retrieval miss",
         "An empty answer with a context without the gold is a retrieval miss."),
    ]  # fmt: skip
    for args, expected, hint in cases:
        expect(fn, args, expected, hint)


def observe_rag_loop(
    candidate: Callable, question: str, passages: list, k: int, reply: str
) -> dict:
    """Run ``candidate(question, retrieve, generate, k)`` with stand-ins for the index and the model
    (``retrieve`` gives the first ``k`` of ``passages``, best first; ``generate`` replies ``reply``)
    and record, as plain data, how it called them and what it returned."""
    calls: dict = {"retrieve": [], "generate": []}

    def retrieve(q, n=None):
        calls["retrieve"].append([q, n])
        return list(passages[: n if isinstance(n, int) else len(passages)])

    def generate(prompt):
        calls["generate"].append(prompt if isinstance(prompt, str) else repr(prompt))
        return reply

    got = candidate(question, retrieve, generate, k)
    plain = isinstance(got, dict) and all(
        isinstance(got.get(key), str) for key in ("prompt", "answer")
    ) and isinstance(got.get("passages"), list | tuple) and all(
        isinstance(p, str) for p in got.get("passages", ())
    )  # fmt: skip
    shown = ({key: (list(got[key]) if key == "passages" else got[key]) for key in
              ("passages", "prompt", "answer")} if plain else {"type": type(got).__name__,
              "keys": sorted(map(str, got)) if isinstance(got, dict) else []})  # fmt: skip
    return {"calls": calls, "result": shown, "plain": plain}


def _judge_rag_loop(observed: Callable, question: str, passages: list, k: int, reply: str) -> None:
    seen = observed(question, passages, k, reply)
    retrieved, prompts = seen["calls"]["retrieve"], seen["calls"]["generate"]
    assert len(retrieved) == 1, f"call retrieve once, got {len(retrieved)} calls"
    assert retrieved[0] == [question, k], (
        f"call retrieve(question, k) with k={k}: got retrieve{tuple(retrieved[0])}"
    )
    best_last = list(passages[:k])[::-1]
    want = rag.build_rag_prompt(question, best_last)
    assert len(prompts) == 1, f"call generate once, with the prompt; got {len(prompts)} calls"
    if prompts[0] == rag.build_rag_prompt(question, list(passages[:k])) and len(passages[:k]) > 1:
        raise AssertionError(
            "the passages went into the prompt best FIRST: reverse them, so that the best one sits "
            "right before the question (retrieve returns them best first)"
        )
    assert prompts[0] == want, (
        f"generate should get build_rag_prompt(question, passages best last), your function from "
        f"exercise 2.1:\n{want!r}\ngot:\n{prompts[0]!r}"
    )
    result = seen["result"]
    assert seen["plain"], (
        'return a dict {"passages": [...], "prompt": "...", "answer": "..."}, got '
        f"{result.get('type')} {result.get('keys') or ''}"
    )
    assert result["passages"] == best_last, (
        f"'passages': the passages in the order they went into the prompt (best last), "
        f"{best_last}; got {result['passages']}"
    )
    assert result["prompt"] == want, "'prompt': the user message generate was given"
    assert result["answer"] == reply.strip(), (
        f"'answer': what generate returned, stripped of spaces and newlines: {reply.strip()!r}, "
        f"got {result['answer']!r}"
    )


def _check_rag_loop(observed: Callable) -> None:
    passages = ["Tessel A250: battery 38 hours", "Tessel A200: battery 26 hours", "Care: charge"]
    _judge_rag_loop(observed, "How long does the A250 last?", passages, 3, "  38 hours\n")
    _judge_rag_loop(observed, "How long does the A250 last?", [*passages, "More: text"], 2, "38")


def _hidden_rag_loop(observed: Callable) -> None:
    _judge_rag_loop(observed, "Weight  of the\nP500?", ["Ampora P500: 1.4 kg"], 1, "1.4 kg")
    _judge_rag_loop(observed, "Anything?", [], 3, "I do not know.")
    many = [f"Doc {i}: passage {i}" for i in range(7)]
    _judge_rag_loop(observed, "Which one?", many, 5, "\n\tpassage 0 ")


_PLAN_KEYS = ("add", "delete", "keep", "docs_added", "docs_changed", "docs_removed")


def _judge_plan(fn: Callable, stored: dict, chunks: list, where: str) -> None:
    before = (dict(stored), list(chunks))
    got = fn(stored, chunks)
    assert (dict(stored), list(chunks)) == before, (
        "plan_update changed its inputs: build new lists and sets, do not pop from `stored`"
    )
    assert isinstance(got, dict), f"return a dict, got {type(got).__name__}"
    missing = [key for key in _PLAN_KEYS if key not in got]
    assert not missing, f"the plan needs the keys {missing}"
    want = retrieval.plan_update(stored, chunks)
    for key in ("add", "delete", "docs_added", "docs_changed", "docs_removed"):
        assert isinstance(got[key], list), (
            f"{where}: {key!r} should be a list (in a fixed order), got {type(got[key]).__name__}"
        )
    stored_ids, wanted = set(stored), {c for c, _ in chunks}
    if set(got["add"]) != set(want["add"]):
        kept = sorted(set(got["add"]) & stored_ids)
        assert not kept, (
            f"{where}: 'add' holds {kept}, which the index already stores. An id says what the "
            "chunk holds (it is made from the text): a stored id needs no new embedding."
        )
        raise AssertionError(
            f"{where}: 'add' should be the new chunks' ids that the index does not store, "
            f"{want['add']}; got {got['add']}"
        )
    assert got["add"] == want["add"], (
        f"{where}: 'add' in the order the chunks come (the order they are embedded): "
        f"{want['add']}, got {got['add']}"
    )
    if set(got["delete"]) != set(want["delete"]):
        assert not set(got["delete"]) & wanted, (
            f"{where}: 'delete' holds {sorted(set(got['delete']) & wanted)}, which the new "
            "documents still produce: delete only the stored ids that are no longer wanted"
        )
        raise AssertionError(
            f"{where}: 'delete' should be every stored id that the new chunks do not produce, "
            f"{want['delete']}; got {got['delete']}"
        )
    assert got["delete"] == want["delete"], f"{where}: sort 'delete': {want['delete']}"
    assert got["keep"] == want["keep"], (
        f"{where}: 'keep' counts the new chunks already stored: {want['keep']}, got {got['keep']}"
    )
    for key, rule in (
        ("docs_added", "in the new chunks but not stored before"),
        ("docs_removed", "stored before but in none of the new chunks"),
        ("docs_changed", "there before AND after, with at least one chunk added or deleted (a "
         "document that only lost a chunk changed too; one that is new was added, not changed; "
         "one that is gone was removed)"),
    ):  # fmt: skip
        assert sorted(got[key]) == want[key], (
            f"{where}: {key!r} should be {want[key]} (documents {rule}), got {got[key]}"
        )
        assert got[key] == want[key], f"{where}: sort {key!r}"


def _check_plan_update(fn: Callable) -> None:
    stored = {"a1": "A", "a2": "A", "b1": "B", "b2": "B", "c1": "C"}
    chunks = [("a1", "A"), ("a3", "A"), ("b1", "B"), ("b2", "B"), ("d2", "D"), ("d1", "D")]
    _judge_plan(fn, stored, chunks, "A changes a chunk, B stays, C goes, D is new")
    lost = [("a1", "A"), ("a2", "A"), ("b1", "B")]
    _judge_plan(fn, stored, lost, "B loses its chunk b2 and gains none; C goes")


def _hidden_plan_update(fn: Callable) -> None:
    chunks = [("x2", "X"), ("x1", "X"), ("y1", "Y")]
    _judge_plan(fn, {}, chunks, "an empty index (a full build)")
    _judge_plan(fn, {"y1": "Y", "x1": "X", "x2": "X"}, chunks, "nothing changed (another order)")
    _judge_plan(fn, {"z9": "Z", "z1": "Z", "x1": "X"}, [], "no chunks wanted any more")
    stored = {f"p{i}": "P" for i in range(5)} | {"q1": "Q"}
    _judge_plan(fn, stored, [("p4", "P"), ("p0", "P"), ("q2", "Q"), ("q1", "Q")],
                "P loses 3 of its 5 chunks, Q gains one")  # fmt: skip


EXERCISES: list[Exercise] = [
    Exercise("1.1", "Chunk a text by hand", "chunk_words", _check_chunk_words,
             retrieval.chunk_words, "utils.retrieval.chunk_words", hidden=_hidden_chunk_words),
    Exercise("1.2", "Cosine top-k in NumPy", "cosine_top_k", _check_cosine_top_k,
             retrieval.cosine_top_k, "utils.retrieval.cosine_top_k", tier=2,
             hidden=_hidden_cosine_top_k),
    Exercise("1.3", "hit@k and MRR", "retrieval_quality", _check_retrieval_quality,
             retrieval.retrieval_quality, "utils.retrieval.retrieval_quality",
             hidden=_hidden_retrieval_quality),
    Exercise("2.1", "Assemble the RAG prompt", "build_rag_prompt", _check_build_rag_prompt,
             rag.build_rag_prompt, "utils.rag.build_rag_prompt", hidden=_hidden_build_rag_prompt),
    Exercise("2.2", "The RAG loop by hand", "rag_loop", _check_rag_loop, rag.rag_loop,
             "utils.rag.rag_loop", tier=2, hidden=_hidden_rag_loop, observe=observe_rag_loop),
    Exercise("2.3", "Retrieval miss or generation error?", "failure_kind", _check_failure_kind,
             rag.failure_kind, "utils.rag.failure_kind", hidden=_hidden_failure_kind),
    Exercise("2.4", "Plan an index update from chunk ids", "plan_update", _check_plan_update,
             retrieval.plan_update, "utils.retrieval.plan_update", tier=3,
             hidden=_hidden_plan_update),
]  # fmt: skip
