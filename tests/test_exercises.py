"""Every exercise check fails on the learner's stub and passes on the solution; so do the further
cases (``hidden``); and a catalogue of likely mistakes, each caught with feedback naming the fix."""

import math
import random
import re
import subprocess
import sys
from itertools import groupby

import numpy as np
import pandas as pd
import pytest
import torch
from torch import nn

from utils import exercises
from utils.aliases import accepted
from utils.exercises.notebook import DuplicateExerciseError, exercise_cells, load_function
from utils.learner import NOTEBOOKS_DIR, SOLUTIONS_DIR
from utils.metrics import contains, normalize_answer


def function_from(exercise_id, cells):
    """The function of ``exercise_id`` from ``cells``, after the solved exercises before it."""
    name = exercises.get_exercise(exercise_id).function_name
    return load_function(exercise_id, name, cells, earlier=SOLVED)


SOLVED, STUBS = exercise_cells(SOLUTIONS_DIR), exercise_cells(NOTEBOOKS_DIR)


def test_every_registered_exercise_is_in_a_notebook_and_vice_versa():
    assert set(SOLVED) == set(exercises.EXERCISES)
    assert set(STUBS) == set(exercises.EXERCISES)


@pytest.mark.parametrize("exercise_id", sorted(exercises.EXERCISES))
def test_check_passes_on_the_solution(exercise_id):
    result = exercises.run_check(exercise_id, function_from(exercise_id, SOLVED))
    assert result.passed, result.message


@pytest.mark.parametrize("exercise_id", sorted(exercises.EXERCISES))
def test_check_fails_on_the_stub(exercise_id):
    result = exercises.run_check(exercise_id, function_from(exercise_id, STUBS))
    assert not result.passed and "not attempted yet" in result.message


@pytest.mark.parametrize("exercise_id", sorted(exercises.EXERCISES))
def test_check_passes_on_the_reference(exercise_id):
    exercise = exercises.get_exercise(exercise_id)
    assert exercises.run_check(exercise_id, exercise.reference).passed


def test_a_wrong_answer_gets_feedback_and_the_reference_is_used(capsys):
    def normalize(text):
        return text.lower()  # forgets punctuation, articles and spaces

    used = exercises.check_exercise("0.1", normalize)
    out = capsys.readouterr().out
    assert used is exercises.get_exercise("0.1").reference
    assert "❌" in out and "expected" in out and "utils.metrics.normalize_answer" in out


def test_a_crashing_answer_is_reported_not_raised():
    result = exercises.run_check("0.2", lambda prediction, gold: 1 / 0)
    assert not result.passed and "ZeroDivisionError" in result.message


def test_a_correct_answer_is_kept(capsys):
    reference = exercises.get_exercise("0.1").reference

    def normalize(text):
        return reference(text)

    assert exercises.check_exercise("0.1", normalize) is normalize
    assert "✅" in capsys.readouterr().out


@pytest.mark.parametrize(
    "module", ["utils.exercises", "utils.exercises.rag", "utils.exercises.finetune",
               "utils.exercises.notebook", "utils.exercises.basics", "utils.exercises.comparison"]
)  # fmt: skip
def test_each_exercise_module_imports_on_its_own(module):
    done = subprocess.run(
        [sys.executable, "-c", f"import {module}"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_a_notebook_with_one_exercise_twice_is_refused(tmp_path):
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("# Exercise 0.1\ndef f(): pass")] * 2
    nbformat.write(notebook, tmp_path / "twice.ipynb")
    with pytest.raises(DuplicateExerciseError, match=r"0\.1"):
        exercise_cells(tmp_path)


def test_a_cell_without_its_function_is_named():
    cells = {"0.1": exercise_cells(SOLUTIONS_DIR)["0.1"]}
    with pytest.raises(KeyError, match="does not define nothing_here"):
        load_function("0.1", "nothing_here", cells)


# --- exercise 0.1's specification agrees with the reference on the data set -------------------------


def gold_strings() -> list[str]:
    """Every answer string of the data set: fact values (v1 and v2); each question's answers,
    aliases and choices; the general-knowledge probe's answers and aliases."""
    from utils.data import load_facts, load_general_probe, load_questions

    found = set()
    for fact in load_facts():
        found |= {fact.value, fact.value_v2}
    for q in load_questions():
        found |= {q.answer, q.answer_v2, *(q.aliases or ()), *(q.aliases_v2 or ())}
        found |= {*(q.choices or ()), *(q.choices_v2 or ())}
    for probe in load_general_probe():
        found |= {probe.answer, *probe.aliases}
    return sorted(s for s in found if s)


def test_the_solution_of_0_1_normalises_every_gold_string_as_the_reference_does():
    normalize = load_function("0.1", "normalize", SOLVED)
    strings = gold_strings()
    differ = [(s, normalize(s), normalize_answer(s)) for s in strings]
    differ = [d for d in differ if d[1] != d[2]]
    assert len(strings) > 1000, "the data set's answers and aliases were not all found"
    assert differ == [], (
        f"{len(differ)} of {len(strings)} differ (text, solution, reference): {differ[:5]}"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("€219", "€219"),  # a symbol that is not punctuation stays
        ("43 °C", "43 °c"),
        ("12 km²", "12 km2"),  # NFKC first
        ("1.42 kg", "1.42 kg"),  # . , / : between two digits stay
        ("14:30", "14:30"),
        ("27/06/2023", "27/06/2023"),
        ("1,100 W", "1100 w"),  # a thousands comma goes
        ("2023-06-27", "2023 06 27"),  # a hyphen is punctuation, even between digits
        ("“The” Fjord—Grey…", "fjord grey"),  # typographic quotes, dashes, ellipsis
    ],
)
def test_the_examples_of_exercise_0_1_hold_for_the_solution_and_the_reference(text, expected):
    """The examples the notebook's specification of exercise 0.1 gives, on both implementations."""
    assert normalize_answer(text) == expected
    assert load_function("0.1", "normalize", SOLVED)(text) == expected


# --- further cases (hidden): what the grader runs after the visible check ---------------------------


def test_every_exercise_has_further_cases():
    assert [e for e, exercise in exercises.EXERCISES.items() if exercise.hidden is None] == []


@pytest.mark.parametrize("exercise_id", sorted(exercises.EXERCISES))
def test_further_cases_pass_on_the_solution(exercise_id):
    result = exercises.run_hidden(exercise_id, function_from(exercise_id, SOLVED))
    assert result.passed, result.message


@pytest.mark.parametrize("exercise_id", sorted(exercises.EXERCISES))
def test_further_cases_pass_on_the_reference(exercise_id):
    result = exercises.run_hidden(exercise_id, exercises.get_exercise(exercise_id).reference)
    assert result.passed, result.message


@pytest.mark.parametrize("exercise_id", sorted(exercises.EXERCISES))
def test_further_cases_fail_on_the_stub(exercise_id):
    result = exercises.run_hidden(exercise_id, function_from(exercise_id, STUBS))
    assert not result.passed and "not attempted yet" in result.message


PLAIN = (type(None), bool, int, float, str, np.ndarray, np.generic, torch.Tensor)


def assert_plain(value, where):
    """``value`` is plain data, which can cross to the process that runs the learner's code."""
    if isinstance(value, list | tuple):
        for item in value:
            assert_plain(item, where)
    elif isinstance(value, dict):
        for key, item in value.items():
            assert_plain(key, where)
            assert_plain(item, where)
    else:
        assert isinstance(value, PLAIN), f"{where}: {type(value).__name__} is not plain data"


@pytest.mark.parametrize("exercise_id", sorted(exercises.EXERCISES))
def test_checks_pass_and_get_plain_data_only(exercise_id):
    """The grader runs the learner's function in another process: every argument and every result
    must be plain data, and arguments go by position."""
    exercise = exercises.get_exercise(exercise_id)
    inner = exercise.checked(exercise.reference)

    def guarded(*args):
        assert_plain(args, f"an argument given to {exercise.function_name}")
        got = inner(*args)
        assert_plain(got, f"what {exercise.function_name} returned")
        return got

    guarded.__name__ = exercise.function_name
    exercise.check(guarded)
    exercise.hidden(guarded)


def graded(exercise_id, candidate):
    """``(stage, result)`` as the grader sees ``candidate``: the visible check, then the further
    cases once it passes."""
    result = exercises.run_check(exercise_id, candidate)
    if not result.passed:
        return "visible", result
    return "hidden", exercises.run_hidden(exercise_id, candidate)


# --- known-wrong solutions: each is a mistake a learner is likely to make -----------------------------
# Each fails the stage named in the catalogue below, with feedback that contains the phrase given.


# 0.1 normalize
def _normalize_keeps_punctuation(text):
    """Lower-cases, drops articles and spaces, but leaves the punctuation."""
    return " ".join(re.sub(r"\b(a|an|the)\b", " ", text.lower()).split())


def _normalize_drops_decimal_points(text):
    """Removes every punctuation mark, the decimal point of '1.42' too."""
    text = re.sub(r"[^\w\s]", " ", text.lower())
    return " ".join(re.sub(r"\b(a|an|the)\b", " ", text).split())


def _normalize_only_the(text):
    """Drops the article 'the' but not 'a' or 'an'."""
    text = re.sub(r"(?<!\d)[^\w\s]|[^\w\s](?!\d)", " ", text.lower())
    return " ".join(re.sub(r"\bthe\b", " ", text).split())


def _normalize_articles_before_punctuation(text):
    """Drops article words before removing punctuation: '"the"' is not seen as 'the'."""
    words = [w for w in text.lower().split() if w not in ("a", "an", "the")]
    text = re.sub(r"(?<!\d)[^\w\s]|[^\w\s](?!\d)", " ", " ".join(words))
    return " ".join(text.split())


def _normalize_replaces_article_strings(text):
    """Drops articles with str.replace('a ', ' '): also the 'a' that ends a word ('Lumberra')."""
    text = re.sub(r"(?<!\d)[^\w\s]|[^\w\s](?!\d)", " ", text.lower())
    for article in ("the ", "an ", "a "):
        text = text.replace(article, " ")
    return " ".join(text.split())


def _normalize_keeps_marks_after_digits(text):
    """Keeps a mark after any digit (only half of the hint's regex): '2.' keeps its full stop."""
    text = re.sub(r"(?<!\d)[^\w\s]", " ", text.lower())
    return " ".join(re.sub(r"\b(a|an|the)\b", " ", text).split())


def _normalize_old_hint(text):
    """The first specification's regex: drops every non-word mark, '€' and '°' too, and keeps
    thousands commas."""
    text = text.lower()
    text = re.sub(r"(?<!\d)[^\w\s]|[^\w\s](?!\d)", " ", text)
    return " ".join(re.sub(r"\b(a|an|the)\b", " ", text).split())


# 0.2 contains_answer (on the course's normalisation, as a learner's would be after 0.1)
def _contains_substring(prediction, gold):
    """Looks for the gold as a substring, not as whole words."""
    gold_n = normalize_answer(gold)
    return bool(gold_n) and gold_n in normalize_answer(prediction)


def _contains_left_boundary_only(prediction, gold):
    """Pads only the left side: a word that merely starts with the gold matches."""
    gold_n = normalize_answer(gold)
    return bool(gold_n) and f" {gold_n}" in f" {normalize_answer(prediction)}"


def _contains_words_anywhere(prediction, gold):
    """Checks that every word of the gold occurs somewhere, in any order."""
    gold_words = normalize_answer(gold).split()
    return bool(gold_words) and set(gold_words) <= set(normalize_answer(prediction).split())


def _contains_checks_raw_gold(prediction, gold):
    """Tests the raw gold for emptiness: a gold of only an article matches an empty prediction."""
    padded = f" {normalize_answer(gold)} "
    return bool(gold) and padded in f" {normalize_answer(prediction)} "


# 1.1 chunk_words
def _chunk_accepts_negative_overlap(text, chunk_size, overlap=0):
    """Refuses overlap >= chunk_size but not a negative overlap (which skips words)."""
    if overlap >= chunk_size:
        raise ValueError("overlap must be smaller than chunk_size")
    words, step = text.split(), chunk_size - overlap
    starts = range(0, max(len(words) - overlap, 1), step)
    return [" ".join(words[s : s + chunk_size]) for s in starts if words[s : s + chunk_size]]


def _chunk_tail_repeats_overlap(text, chunk_size, overlap=0):
    """Starts a window at every step up to the last word: a last window holds only the overlap."""
    if not 0 <= overlap < chunk_size:
        raise ValueError("need 0 <= overlap < chunk_size")
    words = text.split()
    return [" ".join(words[s : s + chunk_size]) for s in range(0, len(words), chunk_size - overlap)]


def _chunk_empty_final(text, chunk_size, overlap=0):
    """Loops while start <= len(words): an empty last chunk when the words divide evenly."""
    if not 0 <= overlap < chunk_size:
        raise ValueError("need 0 <= overlap < chunk_size")
    words, chunks, start = text.split(), [], 0
    while words and start <= len(words) - overlap:
        chunks.append(" ".join(words[start : start + chunk_size]))
        start += chunk_size - overlap
    return chunks


def _chunk_full_windows_only(text, chunk_size, overlap=0):
    """Stops at the last full window: the words left over are lost."""
    if not 0 <= overlap < chunk_size:
        raise ValueError("need 0 <= overlap < chunk_size")
    words = text.split()
    starts = range(0, len(words) - chunk_size + 1, chunk_size - overlap)
    return [" ".join(words[s : s + chunk_size]) for s in starts]


def _chunk_step_off_by_one(text, chunk_size, overlap=0):
    """Steps chunk_size - overlap + 1 words: one too many, so a word is skipped between windows."""
    if not 0 <= overlap < chunk_size:
        raise ValueError("need 0 <= overlap < chunk_size")
    words = text.split()
    starts = range(0, max(len(words) - overlap, 1), chunk_size - overlap + 1)
    return [" ".join(words[s : s + chunk_size]) for s in starts if words[s : s + chunk_size]]


def _chunk_splits_on_spaces(text, chunk_size, overlap=0):
    """Splits on single spaces: a newline or tab stays inside a 'word'."""
    if not 0 <= overlap < chunk_size:
        raise ValueError("need 0 <= overlap < chunk_size")
    words = [w for w in text.split(" ") if w]
    starts = range(0, max(len(words) - overlap, 1), chunk_size - overlap)
    return [" ".join(words[s : s + chunk_size]) for s in starts if words[s : s + chunk_size]]


# 1.2 cosine_top_k
def _cosine_rows_not_normalised(queries, matrix, k):
    """Normalises the queries but not the matrix: longer rows score higher."""
    q = np.atleast_2d(np.asarray(queries, dtype=float))
    q = q / np.linalg.norm(q, axis=1, keepdims=True)
    scores = q @ np.asarray(matrix, dtype=float).T  # (Q, N)
    order = np.argsort(-scores, axis=1)[:, :k]
    return order, np.take_along_axis(scores, order, axis=1)


def _cosine_ascending(queries, matrix, k):
    """Sorts the scores ascending: the k *least* similar rows."""
    q = np.atleast_2d(np.asarray(queries, dtype=float))
    q = q / np.linalg.norm(q, axis=1, keepdims=True)
    m = np.asarray(matrix, dtype=float)
    scores = q @ (m / np.linalg.norm(m, axis=1, keepdims=True)).T
    order = np.argsort(scores, axis=1)[:, :k]
    return order, np.take_along_axis(scores, order, axis=1)


def _cosine_one_dimensional_query(queries, matrix, k):
    """Works along the last axis, so a query of shape (d,) gives (k,) instead of (1, k)."""
    q = np.asarray(queries, dtype=float)
    q = q / np.linalg.norm(q, axis=-1, keepdims=True)
    m = np.asarray(matrix, dtype=float)
    scores = q @ (m / np.linalg.norm(m, axis=-1, keepdims=True)).T
    order = np.argsort(-scores, axis=-1)[..., :k]
    return order, np.take_along_axis(scores, order, axis=-1)


def _cosine_normalises_in_place(queries, matrix, k):
    """Divides the caller's arrays in place (queries /= ...): their vectors change length."""
    queries = np.atleast_2d(queries)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    scores = queries @ matrix.T
    order = np.argsort(-scores, axis=1)[:, :k]
    return order, np.take_along_axis(scores, order, axis=1)


# 1.3 retrieval_quality
def _mrr_last_occurrence(ranked_doc_ids, gold_doc_ids, k):
    """Ranks the gold by its last occurrence in the list, not its first."""
    hits, rr = [], []
    for ranked, gold in zip(ranked_doc_ids, gold_doc_ids, strict=True):
        ranked = list(ranked)
        hits.append(gold in ranked[:k])
        rr.append(1 / (len(ranked) - ranked[::-1].index(gold)) if gold in ranked else 0.0)
    return {f"hit@{k}": sum(hits) / len(hits), "mrr": sum(rr) / len(rr)}


def _mrr_within_k(ranked_doc_ids, gold_doc_ids, k):
    """Computes the reciprocal rank within the first k only."""
    hits, rr = [], []
    for ranked, gold in zip(ranked_doc_ids, gold_doc_ids, strict=True):
        top = list(ranked)[:k]
        hits.append(gold in top)
        rr.append(1 / (top.index(gold) + 1) if gold in top else 0.0)
    return {f"hit@{k}": sum(hits) / len(hits), "mrr": sum(rr) / len(rr)}


def _hit_at_exactly_k(ranked_doc_ids, gold_doc_ids, k):
    """Reads hit@k as 'the gold is at rank k' rather than 'within the first k'."""
    hits, rr = [], []
    for ranked, gold in zip(ranked_doc_ids, gold_doc_ids, strict=True):
        ranked = list(ranked)
        hits.append(len(ranked) >= k and ranked[k - 1] == gold)
        rr.append(1 / (ranked.index(gold) + 1) if gold in ranked else 0.0)
    return {f"hit@{k}": sum(hits) / len(hits), "mrr": sum(rr) / len(rr)}


def _mrr_over_found_only(ranked_doc_ids, gold_doc_ids, k):
    """Averages 1/rank over the questions whose gold was retrieved, leaving the misses out."""
    hits, rr = [], []
    for ranked, gold in zip(ranked_doc_ids, gold_doc_ids, strict=True):
        ranked = list(ranked)
        hits.append(gold in ranked[:k])
        if gold in ranked:
            rr.append(1 / (ranked.index(gold) + 1))
    return {f"hit@{k}": sum(hits) / len(hits), "mrr": sum(rr) / max(len(rr), 1)}


# 2.1 build_rag_prompt
def _prompt_without_numbering(question, passages):
    """Lists the passages without their [n] numbers."""
    question = " ".join(question.split())
    if not passages:
        return f"Question: {question}"
    lines = [" ".join(p.split()) for p in passages]
    return "Context:\n" + "\n".join(lines) + f"\n\nQuestion: {question}"


def _prompt_numbered_by_lookup(question, passages):
    """Numbers a passage by passages.index(p) + 1: two equal passages get the same number."""
    question = " ".join(question.split())
    if not passages:
        return f"Question: {question}"
    lines = [f"[{passages.index(p) + 1}] {' '.join(p.split())}" for p in passages]
    return "Context:\n" + "\n".join(lines) + f"\n\nQuestion: {question}"


def _prompt_strips_only(question, passages):
    """Strips the ends of each passage but keeps the newlines inside it."""
    question = question.strip()
    if not passages:
        return f"Question: {question}"
    lines = [f"[{i}] {p.strip()}" for i, p in enumerate(passages, 1)]
    return "Context:\n" + "\n".join(lines) + f"\n\nQuestion: {question}"


def _prompt_context_header_always(question, passages):
    """Writes the 'Context:' header even when there are no passages."""
    lines = [f"[{i}] {' '.join(p.split())}" for i, p in enumerate(passages, 1)]
    return "Context:\n" + "\n".join(lines) + f"\n\nQuestion: {' '.join(question.split())}"


# 2.3 failure_kind
def _failure_plain_substring(answer, gold, context):
    """Uses `gold in answer`: '38 hours' is found inside '138 hours'."""
    if gold.lower() in answer.lower():
        return "correct"
    return "generation error" if gold.lower() in context.lower() else "retrieval miss"


def _failure_context_first(answer, gold, context):
    """Decides on the context first: a right answer without the context is called a miss."""
    if not contains(context, gold):
        return "retrieval miss"
    return "correct" if contains(answer, gold) else "generation error"


def _failure_regex_without_normalising(answer, gold, context):
    """Whole words by regex on lower-cased text, without normalising: 'Fjord-Grey' misses."""

    def found(text):
        return re.search(rf"\b{re.escape(gold.lower())}\b", text.lower()) is not None

    if found(answer):
        return "correct"
    return "generation error" if found(context) else "retrieval miss"


# 0.3 option_logprob
def _logprob_unshifted(logits, input_ids, n_prompt, normalize="mean"):
    """Reads the option's scores at the option's own positions: no shift."""
    ids = torch.as_tensor(input_ids)
    scores = torch.log_softmax(logits[n_prompt : len(ids)].float(), -1)
    total = scores.gather(1, ids[n_prompt:].unsqueeze(1)).sum().item()
    return total / (len(ids) - n_prompt) if normalize == "mean" else total


def _logprob_probabilities(logits, input_ids, n_prompt, normalize="mean"):
    """Adds up probabilities (softmax) instead of log-probabilities."""
    ids = torch.as_tensor(input_ids)
    scores = torch.softmax(logits[n_prompt - 1 : len(ids) - 1].float(), -1)
    total = scores.gather(1, ids[n_prompt:].unsqueeze(1)).sum().item()
    return total / (len(ids) - n_prompt) if normalize == "mean" else total


def _logprob_ignores_normalize(logits, input_ids, n_prompt, normalize="mean"):
    """Always returns the mean."""
    ids = torch.as_tensor(input_ids)
    scores = torch.log_softmax(logits[n_prompt - 1 : len(ids) - 1].float(), -1)
    return scores.gather(1, ids[n_prompt:].unsqueeze(1)).mean().item()


def _logprob_to_the_last_row(logits, input_ids, n_prompt, normalize="mean"):
    """Takes the option's rows up to the end of the logits, padding included."""
    ids = torch.as_tensor(input_ids)
    rows = torch.log_softmax(logits[-(len(ids) - n_prompt) - 1 : -1].float(), -1)
    total = rows.gather(1, ids[n_prompt:].unsqueeze(1)).sum().item()
    return total / (len(ids) - n_prompt) if normalize == "mean" else total


def _logprob_in_bf16(logits, input_ids, n_prompt, normalize="mean"):
    """Computes log_softmax in the logits' own dtype (bfloat16 under autocast)."""
    ids = torch.as_tensor(input_ids)
    scores = torch.log_softmax(logits[n_prompt - 1 : len(ids) - 1], -1)
    total = scores.gather(1, ids[n_prompt:].unsqueeze(1)).sum().item()
    return total / (len(ids) - n_prompt) if normalize == "mean" else total


# 2.4 plan_update
def _plan_whole_documents(stored, chunks):
    """Re-embeds every chunk of a document that changed."""
    wanted = dict(chunks)
    before, after = set(stored.values()), set(wanted.values())
    changed = {d for c, d in chunks if c not in stored} | {
        stored[c] for c in stored if c not in wanted
    }
    add = [c for c, d in chunks if d in changed]
    delete = sorted(c for c in stored if c not in wanted)
    return {"add": add, "delete": delete, "keep": len(chunks) - len(add),
            "docs_added": sorted(after - before), "docs_changed": sorted(changed & before & after),
            "docs_removed": sorted(before - after)}  # fmt: skip


def _plan_changed_by_additions(stored, chunks):
    """Counts a document as changed only when it gains a chunk."""
    wanted = dict(chunks)
    add = [c for c, _ in chunks if c not in stored]
    before, after = set(stored.values()), set(wanted.values())
    return {"add": add, "delete": sorted(set(stored) - set(wanted)), "keep": len(chunks) - len(add),
            "docs_added": sorted(after - before),
            "docs_changed": sorted({wanted[c] for c in add} & before),
            "docs_removed": sorted(before - after)}  # fmt: skip


def _plan_changed_includes_new(stored, chunks):
    """Counts a new document as changed too."""
    wanted = dict(chunks)
    add = [c for c, _ in chunks if c not in stored]
    delete = sorted(set(stored) - set(wanted))
    before, after = set(stored.values()), set(wanted.values())
    touched = {wanted[c] for c in add} | {stored[c] for c in delete}
    return {"add": add, "delete": delete, "keep": len(chunks) - len(add),
            "docs_added": sorted(after - before), "docs_changed": sorted(touched & after),
            "docs_removed": sorted(before - after)}  # fmt: skip


def _plan_sets(stored, chunks):
    """Returns sets: no order for the ids to embed."""
    wanted = dict(chunks)
    add = {c for c, _ in chunks if c not in stored}
    delete = set(stored) - set(wanted)
    before, after = set(stored.values()), set(wanted.values())
    touched = {wanted[c] for c in add} | {stored[c] for c in delete}
    return {"add": add, "delete": delete, "keep": len(chunks) - len(add),
            "docs_added": after - before, "docs_changed": touched & before & after,
            "docs_removed": before - after}  # fmt: skip


def _plan_keep_counts_stored(stored, chunks):
    """Counts as kept every stored chunk, the deleted ones too."""
    plan = dict(_plan_changed_includes_new(stored, chunks))
    wanted = dict(chunks)
    before, after = set(stored.values()), set(wanted.values())
    touched = {wanted[c] for c in plan["add"]} | {stored[c] for c in plan["delete"]}
    plan["docs_changed"] = sorted(touched & before & after)
    plan["keep"] = len(stored)
    return plan


def _plan_pops_stored(stored, chunks):
    """Pops the kept ids out of `stored` to find what to delete."""
    add = []
    for c, _ in chunks:
        if stored.pop(c, None) is None:
            add.append(c)
    return {"add": add, "delete": sorted(stored), "keep": len(chunks) - len(add),
            "docs_added": [], "docs_changed": [], "docs_removed": []}  # fmt: skip


# 2.2 rag_loop
def _loop_best_first(question, retrieve, generate, k=3):
    """Puts the passages into the prompt in the order retrieve gave them, best first."""
    passages = list(retrieve(question, k))
    prompt = _course_prompt(question, passages)
    return {"passages": passages, "prompt": prompt, "answer": generate(prompt).strip()}


def _loop_default_k(question, retrieve, generate, k=3):
    """Calls retrieve without k: the retriever's default, whatever was asked."""
    passages = list(retrieve(question))[::-1]
    prompt = _course_prompt(question, passages)
    return {"passages": passages, "prompt": prompt, "answer": generate(prompt).strip()}


def _loop_own_layout(question, retrieve, generate, k=3):
    """Writes the prompt its own way instead of with build_rag_prompt."""
    passages = list(retrieve(question, k))[::-1]
    prompt = "\n".join(passages) + "\n" + question
    return {"passages": passages, "prompt": prompt, "answer": generate(prompt).strip()}


def _loop_unstripped(question, retrieve, generate, k=3):
    """Returns the generated text as it came, spaces and newlines included."""
    passages = list(retrieve(question, k))[::-1]
    prompt = _course_prompt(question, passages)
    return {"passages": passages, "prompt": prompt, "answer": generate(prompt)}


def _loop_returns_answer_only(question, retrieve, generate, k=3):
    """Returns the answer string alone."""
    return generate(_course_prompt(question, list(retrieve(question, k))[::-1])).strip()


def _course_prompt(question, passages):
    from utils.rag import build_rag_prompt

    return build_rag_prompt(question, passages)


# 3.1 mask_prompt
def _mask_forgets_eos(prompt_ids, answer_ids, eos_id):
    """Leaves out the end-of-turn token: the model never learns to stop."""
    ids = [*prompt_ids, *answer_ids]
    labels = [-100] * len(prompt_ids) + list(answer_ids)
    return {"input_ids": ids, "labels": labels, "attention_mask": [1] * len(ids)}


def _mask_masks_the_answer(prompt_ids, answer_ids, eos_id):
    """Masks the answer as well as the prompt: only the end token is learned."""
    ids = [*prompt_ids, *answer_ids, eos_id]
    labels = [-100] * (len(prompt_ids) + len(answer_ids)) + [eos_id]
    return {"input_ids": ids, "labels": labels, "attention_mask": [1] * len(ids)}


def _mask_eos_not_learned(prompt_ids, answer_ids, eos_id):
    """Masks the end-of-turn token's label."""
    ids = [*prompt_ids, *answer_ids, eos_id]
    labels = [-100] * len(prompt_ids) + [*answer_ids, -100]
    return {"input_ids": ids, "labels": labels, "attention_mask": [1] * len(ids)}


def _mask_extends_prompt_in_place(prompt_ids, answer_ids, eos_id):
    """Builds input_ids by extending prompt_ids in place: the caller's list changes."""
    labels = [-100] * len(prompt_ids) + [*answer_ids, eos_id]
    ids = prompt_ids
    ids += [*answer_ids, eos_id]
    return {"input_ids": ids, "labels": labels, "attention_mask": [1] * len(ids)}


# 3.2 sample_paraphrases
def _paraphrases_shuffle_in_place(wordings, per_fact, seed):
    """Shuffles the caller's lists in place."""
    sampled = {}
    for fact_id, items in wordings.items():
        random.Random(f"{seed}-{fact_id}").shuffle(items)
        sampled[fact_id] = list(items) if per_fact is None else items[:per_fact]
    return sampled


def _paraphrases_not_nested(wordings, per_fact, seed):
    """Draws with one generator's sample(): what per_fact=1 keeps is not among per_fact=2's."""
    rng, sampled = random.Random(seed), {}
    for fact_id, items in wordings.items():
        k = len(items) if per_fact is None else min(per_fact, len(items))
        sampled[fact_id] = rng.sample(list(items), k)
    return sampled


def _paraphrases_one_generator(wordings, per_fact, seed):
    """Shuffles every fact with one shared generator: a fact's sample depends on the facts before."""
    rng, sampled = random.Random(seed), {}
    for fact_id, items in wordings.items():
        shuffled = list(items)
        rng.shuffle(shuffled)
        sampled[fact_id] = shuffled if per_fact is None else shuffled[:per_fact]
    return sampled


def _paraphrases_with_replacement(wordings, per_fact, seed):
    """Draws with replacement (choices): a wording can be drawn twice."""
    sampled = {}
    for fact_id, items in wordings.items():
        rng, k = random.Random(f"{seed}-{fact_id}"), min(per_fact or len(items), len(items))
        sampled[fact_id] = list(items) if per_fact is None else rng.choices(list(items), k=k)
    return sampled


# 3.3 pad_batch
def _pad_labels_with_pad_id(features, pad_id):
    """Pads the labels with pad_id: the padding is learned."""
    width = max(len(f["input_ids"]) for f in features)
    pads = {"input_ids": pad_id, "labels": pad_id, "attention_mask": 0}
    return {
        key: torch.tensor([list(f[key]) + [pad] * (width - len(f[key])) for f in features])
        for key, pad in pads.items()
    }


def _pad_on_the_left(features, pad_id):
    """Pads on the left: the real tokens move."""
    width = max(len(f["input_ids"]) for f in features)
    pads = {"input_ids": pad_id, "labels": -100, "attention_mask": 0}
    return {
        key: torch.tensor([[pad] * (width - len(f[key])) + list(f[key]) for f in features])
        for key, pad in pads.items()
    }


def _pad_mask_with_pad_id(features, pad_id):
    """Pads input_ids and attention_mask with pad_id: right only while pad_id is 0."""
    width = max(len(f["input_ids"]) for f in features)
    pads = {"input_ids": pad_id, "labels": -100, "attention_mask": pad_id}
    return {
        key: torch.tensor([list(f[key]) + [pad] * (width - len(f[key])) for f in features])
        for key, pad in pads.items()
    }


def _pad_to_the_first_example(features, pad_id):
    """Pads to the length of the first example, as if it were the longest."""
    width = len(features[0]["input_ids"])
    pads = {"input_ids": pad_id, "labels": -100, "attention_mask": 0}
    return {
        key: torch.tensor([list(f[key]) + [pad] * (width - len(f[key])) for f in features])
        for key, pad in pads.items()
    }


def _pad_every_column(features, pad_id):
    """Pads every column of the examples, the dataset's 'length' (a number) too."""
    width = max(len(f["input_ids"]) for f in features)
    pads = {"labels": -100, "attention_mask": 0}
    return {
        key: torch.tensor(
            [list(f[key]) + [pads.get(key, pad_id)] * (width - len(f[key])) for f in features]
        )
        for key in features[0]
    }


def _pad_extends_in_place(features, pad_id):
    """Extends each example's lists in place: the caller's examples change."""
    width = max(len(f["input_ids"]) for f in features)
    pads = {"input_ids": pad_id, "labels": -100, "attention_mask": 0}
    for f in features:
        for key, pad in pads.items():
            f[key] += [pad] * (width - len(f[key]))
    return {key: torch.tensor([f[key] for f in features]) for key in pads}


# 4.1 LoRALinear: a correct layer, and the mistakes as the one step each changes
class _LoRA(nn.Module):
    def __init__(self, base, r, alpha):
        super().__init__()
        self.base = base
        self.base.requires_grad_(False)
        self.A = nn.Parameter(torch.empty(r, base.in_features))  # (r, d_in)
        nn.init.kaiming_uniform_(self.A, a=math.sqrt(5))
        self.B = nn.Parameter(torch.zeros(base.out_features, r))  # (d_out, r)
        self.scaling = alpha / r

    def forward(self, x):  # (..., d_in) -> (..., d_out)
        return self.base(x) + self.scaling * (x @ self.A.T) @ self.B.T


class _LoRABRandom(_LoRA):
    """Initialises B randomly: the layer no longer starts equal to the base layer."""

    def __init__(self, base, r, alpha):
        super().__init__(base, r, alpha)
        nn.init.normal_(self.B)


class _LoRABaseNotFrozen(_LoRA):
    """Forgets to freeze the base layer: its weight and bias train too."""

    def __init__(self, base, r, alpha):
        super().__init__(base, r, alpha)
        self.base.requires_grad_(True)


class _LoRAFreezesOnlyTheWeight(_LoRA):
    """Freezes base.weight but not base.bias."""

    def __init__(self, base, r, alpha):
        super().__init__(base, r, alpha)
        self.base.bias.requires_grad_(True)


class _LoRAScalesByAlpha(_LoRA):
    """Scales the update by alpha instead of alpha / r."""

    def __init__(self, base, r, alpha):
        super().__init__(base, r, alpha)
        self.scaling = alpha


class _LoRAFloorScaling(_LoRA):
    """Scales by alpha // r: right only when r divides alpha (as 4 / 2 in the notebook's check)."""

    def __init__(self, base, r, alpha):
        super().__init__(base, r, alpha)
        self.scaling = alpha // r


class _LoRAAZero(_LoRA):
    """Swaps the initialisations, A at zero and B random: the notebook asks for peft's, A random
    (Kaiming-uniform) and B at zero."""

    def __init__(self, base, r, alpha):
        super().__init__(base, r, alpha)
        nn.init.zeros_(self.A)
        nn.init.normal_(self.B)


# 4.4 merge_weight
def _merge_a_at_b(weight, A, B, scaling):
    """Multiplies A @ B, the wrong way round."""
    return weight + scaling * (A @ B)


def _merge_in_place(weight, A, B, scaling):
    """Adds into the base weight in place."""
    weight += scaling * (B @ A)
    return weight


def _merge_without_scaling(weight, A, B, scaling):
    """Forgets the scaling."""
    return weight + B @ A


def _merge_in_float32(weight, A, B, scaling):
    """Casts to float32 (weight.float()): a bf16 or float64 weight changes precision."""
    return weight.float() + scaling * (B.float() @ A.float())


# 5.1 paired_bootstrap
def _bootstrap_over_questions(a, b, facts, n_resamples=2000, seed=0):
    """Resamples questions, not facts: an interval too narrow when both wordings agree."""
    diffs = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    rng = np.random.default_rng(seed)
    means = diffs[rng.integers(0, len(diffs), size=(n_resamples, len(diffs)))].mean(axis=1)
    low, high = np.quantile(means, [0.025, 0.975])
    return float(diffs.mean()), float(low), float(high)


def _fact_bootstrap(diffs, of_fact, n_facts, n_resamples, seed, quantiles=(0.025, 0.975)):
    """The resampled means of a correct bootstrap over facts, for the mistakes below to misuse."""
    sums = np.bincount(of_fact, weights=diffs, minlength=n_facts)
    counts = np.bincount(of_fact, minlength=n_facts)
    picked = np.random.default_rng(seed).integers(0, n_facts, size=(n_resamples, n_facts))
    means = sums[picked].sum(axis=1) / counts[picked].sum(axis=1)
    low, high = np.quantile(means, quantiles)
    return float(diffs.mean()), float(low), float(high)


def _bootstrap_ninety_percent(a, b, facts, n_resamples=2000, seed=0):
    """Takes the 5th and 95th percentiles: a 90 % interval."""
    diffs = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    labels = {f: i for i, f in enumerate(dict.fromkeys(facts))}
    of_fact = np.array([labels[f] for f in facts])
    return _fact_bootstrap(diffs, of_fact, len(labels), n_resamples, seed, (0.05, 0.95))


def _bootstrap_runs_of_facts(a, b, facts, n_resamples=2000, seed=0):
    """Groups questions with itertools.groupby: only runs of equal labels, so a fact whose questions
    are not next to each other counts as several."""
    diffs = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    run_of = [i for i, (_, run) in enumerate(groupby(facts)) for _ in run]
    return _fact_bootstrap(diffs, np.array(run_of), run_of[-1] + 1, n_resamples, seed)


def _bootstrap_mean_of_fact_means(a, b, facts, n_resamples=2000, seed=0):
    """Averages each fact first, then bootstraps the facts' means: the mean is over facts."""
    diffs = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    fact_means = np.array([diffs[[g == f for g in facts]].mean() for f in dict.fromkeys(facts)])
    rng = np.random.default_rng(seed)
    picked = rng.integers(0, len(fact_means), size=(n_resamples, len(fact_means)))
    low, high = np.quantile(fact_means[picked].mean(axis=1), [0.025, 0.975])
    return float(fact_means.mean()), float(low), float(high)


def _bootstrap_unseeded(a, b, facts, n_resamples=2000, seed=0):
    """Ignores the seed (np.random.default_rng()): another interval on every call."""
    diffs = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    labels = {f: i for i, f in enumerate(dict.fromkeys(facts))}
    of_fact = np.array([labels[f] for f in facts])
    return _fact_bootstrap(diffs, of_fact, len(labels), n_resamples, None)


# 5.2 stale_kind
def _stale_strict(answer, old, new, old_aliases=(), new_aliases=()):
    """Ignores the aliases."""
    has_new, has_old = new in answer, old in answer
    return (
        "both" if has_new and has_old else "new" if has_new else "stale" if has_old else "neither"
    )


def _stale_new_wins(answer, old, new, old_aliases=(), new_aliases=()):
    """Never says "both"."""
    if accepted(answer, new, new_aliases):
        return "new"
    return "stale" if accepted(answer, old, old_aliases) else "neither"


def _stale_substring(answer, old, new, old_aliases=(), new_aliases=()):
    """Looks for the values and aliases as lower-case substrings, not whole words."""
    text = answer.lower()
    has_new = any(v.lower() in text for v in (new, *new_aliases))
    has_old = any(v.lower() in text for v in (old, *old_aliases))
    return (
        "both" if has_new and has_old else "new" if has_new else "stale" if has_old else "neither"
    )


# 5.3 crossing_volume
def _crossing_signed(fixed_a, per_question_a, fixed_b, per_question_b):
    """Forgets that parallel lines and crossings below zero have no break-even."""
    return (fixed_b - fixed_a) / (per_question_a - per_question_b or 1e-30)


def _crossing_swapped(fixed_a, per_question_a, fixed_b, per_question_b):
    """Divides the wrong way round."""
    if per_question_a == per_question_b:
        return None
    volume = (per_question_a - per_question_b) / (fixed_b - fixed_a or 1e-30)
    return volume if volume > 0 else None


def _crossing_at_zero_counts(fixed_a, per_question_a, fixed_b, per_question_b):
    """Accepts a crossing at zero questions (volume >= 0)."""
    if per_question_a == per_question_b:
        return None
    volume = (fixed_b - fixed_a) / (per_question_a - per_question_b)
    return volume if volume >= 0 else None


def _crossing_absolute(fixed_a, per_question_a, fixed_b, per_question_b):
    """Takes the absolute value: a crossing below zero becomes a positive volume."""
    if per_question_a == per_question_b:
        return None
    return abs((fixed_b - fixed_a) / (per_question_a - per_question_b))


# 4.2 causal_lm_loss
def _loss_unshifted(logits, labels):
    """Compares each position's logits with its own label: no shift."""
    return nn.functional.cross_entropy(logits.float().flatten(0, 1), labels.flatten())


def _loss_per_example(logits, labels):
    """Averages each example's tokens, then the examples."""
    per_token = nn.functional.cross_entropy(
        logits[:, :-1].float().transpose(1, 2), labels[:, 1:], reduction="none"
    )
    learned = labels[:, 1:] != -100
    return (per_token.sum(dim=1) / learned.sum(dim=1)).mean()


def _loss_counts_masked(logits, labels):
    """Divides by every position, the masked ones too."""
    per_token = nn.functional.cross_entropy(
        logits[:, :-1].float().transpose(1, 2), labels[:, 1:], reduction="none"
    )
    return per_token.sum() / per_token.numel()


def _loss_with_item(logits, labels):
    """Returns the right number, but as a Python float tensor without a graph."""
    value = nn.functional.cross_entropy(
        logits[:, :-1].float().flatten(0, 1), labels[:, 1:].flatten()
    ).item()
    return torch.tensor(value)


def _loss_in_bf16(logits, labels):
    """Computes the cross-entropy in the logits' own dtype."""
    return nn.functional.cross_entropy(logits[:, :-1].flatten(0, 1), labels[:, 1:].flatten())


# 6.1 quote_sentence
def _quote_split_on_every_full_stop(text, gold):
    """Splits after every '.', '!' or '?', even inside a number: '1.42 kg' breaks in two."""
    import re

    from utils.metrics import contains

    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            continue
        for sentence in re.split(r"(?<=[.!?])", line):
            if sentence.strip() and contains(sentence, gold):
                return sentence.strip()
    return None


def _quote_keeps_headings(text, gold):
    """Reads headings as sentences."""
    import re

    from utils.metrics import contains

    for line in text.splitlines():
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9€\"'(])", line.lstrip("# ")):
            if sentence.strip() and contains(sentence, gold):
                return sentence.strip()
    return None


def _quote_substring(text, gold):
    """Tests the gold as a plain substring, not as whole words."""
    import re

    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            continue
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9€\"'(])", line):
            if gold and gold in sentence:
                return sentence.strip()
    return None


def _quote_full_stops_only(text, gold):
    """Ends a sentence at '.' only, not at '!' or '?'."""
    import re

    from utils.metrics import contains

    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            continue
        for sentence in re.split(r"(?<=[.])\s+(?=[A-Z0-9€\"'(])", line):
            if sentence.strip() and contains(sentence, gold):
                return sentence.strip()
    return None


# 6.2 cheaper
def _cheaper_no_margin(rag_cost, ft_cost, margin=0.10):
    """Ignores the margin: any difference decides."""
    if rag_cost == ft_cost:
        return "neither"
    return "RAG" if rag_cost < ft_cost else "fine-tuning"


def _cheaper_margin_of_smaller(rag_cost, ft_cost, margin=0.10):
    """Takes the margin of the smaller bill."""
    if abs(rag_cost - ft_cost) < margin * min(rag_cost, ft_cost):
        return "neither"
    return "RAG" if rag_cost < ft_cost else "fine-tuning"


def _cheaper_swapped(rag_cost, ft_cost, margin=0.10):
    """Names the more expensive side."""
    if abs(rag_cost - ft_cost) <= margin * max(rag_cost, ft_cost):
        return "neither"
    return "fine-tuning" if rag_cost < ft_cost else "RAG"


# 4.3 make_trainer
def _trainer(model, args, dataset, **kwargs):
    from transformers import Trainer

    return Trainer(model=model, args=args, train_dataset=dataset, **kwargs)


def _trainer_without_peft(model, lora, args, dataset, collate, loss):
    """Trains the base model itself: every weight, no adapters."""
    return _trainer(model, args, dataset, data_collator=collate, compute_loss_func=loss)


def _trainer_new_lora_config(model, lora, args, dataset, collate, loss):
    """Wraps the model with the course's default configuration, not the one given."""
    from peft import get_peft_model

    from utils.lora import lora_config

    peft_model = get_peft_model(model, lora_config())
    return _trainer(peft_model, args, dataset, data_collator=collate, compute_loss_func=loss)


def _trainer_rank_of_the_example(model, lora, args, dataset, collate, loss):
    """Hard-codes the rank and alpha of the visible check's case."""
    from peft import get_peft_model

    from utils.lora import lora_config

    peft_model = get_peft_model(model, lora_config(r=2, alpha=4))
    return _trainer(peft_model, args, dataset, data_collator=collate, compute_loss_func=loss)


def _trainer_own_arguments(model, lora, args, dataset, collate, loss):
    """Builds its own TrainingArguments: the parameters cell's learning rate never arrives."""
    import tempfile

    from peft import get_peft_model
    from transformers import TrainingArguments

    own = TrainingArguments(output_dir=tempfile.mkdtemp(), max_steps=2, report_to="none")
    peft_model = get_peft_model(model, lora)
    return _trainer(peft_model, own, dataset, data_collator=collate, compute_loss_func=loss)


def _trainer_default_collator(model, lora, args, dataset, collate, loss):
    """Leaves out the collator."""
    from peft import get_peft_model

    return _trainer(get_peft_model(model, lora), args, dataset, compute_loss_func=loss)


def _trainer_model_loss(model, lora, args, dataset, collate, loss):
    """Leaves out the course's loss."""
    from peft import get_peft_model

    return _trainer(get_peft_model(model, lora), args, dataset, data_collator=collate)


def _trainer_trains_it(model, lora, args, dataset, collate, loss):
    """Trains before returning."""
    from peft import get_peft_model

    trainer = _trainer(get_peft_model(model, lora), args, dataset, data_collator=collate,
                       compute_loss_func=loss)  # fmt: skip
    trainer.train()
    return trainer


WRONG = [
    # (exercise, wrong solution, the stage that catches it, a phrase its feedback must contain)
    ("0.1", _normalize_keeps_punctuation, "visible", "Remove punctuation"),
    ("0.1", _normalize_drops_decimal_points, "visible", "Keep a decimal point"),
    ("0.1", _normalize_only_the, "visible", "Drop 'a' and 'an' too"),
    ("0.1", _normalize_replaces_article_strings, "visible", "Drop articles only as whole words"),
    ("0.1", _normalize_articles_before_punctuation, "hidden", "Remove the punctuation before"),
    ("0.1", _normalize_keeps_marks_after_digits, "hidden", "A full stop after a number"),
    ("0.1", _normalize_old_hint, "hidden", "A currency sign is not punctuation"),
    ("0.2", _contains_substring, "visible", "'38' is not in '138'"),
    ("0.2", _contains_left_boundary_only, "visible", "whole words at both ends"),
    ("0.2", _contains_words_anywhere, "hidden", "together and in order"),
    ("0.2", _contains_checks_raw_gold, "hidden", "normalises to ''"),
    ("1.1", _chunk_accepts_negative_overlap, "visible", "negative overlap"),
    ("1.1", _chunk_tail_repeats_overlap, "visible", "stop once a chunk reaches the last word"),
    ("1.1", _chunk_empty_final, "visible", "Do not add an empty chunk"),
    ("1.1", _chunk_full_windows_only, "visible", "a last, shorter chunk"),
    ("1.1", _chunk_step_off_by_one, "visible", "cut every chunk_size words"),
    ("1.1", _chunk_splits_on_spaces, "visible", "Split on any whitespace"),
    ("1.2", _cosine_rows_not_normalised, "visible", "Divide every vector by its length"),
    ("1.2", _cosine_ascending, "visible", "best first"),
    ("1.2", _cosine_one_dimensional_query, "visible", "single query of shape (d,)"),
    ("1.2", _cosine_normalises_in_place, "hidden", "not the caller's arrays in place"),
    ("1.3", _mrr_last_occurrence, "visible", "FIRST occurrence"),
    ("1.3", _mrr_within_k, "visible", "MRR should be (1 + 1/2 + 0) / 3"),
    ("1.3", _hit_at_exactly_k, "visible", "hit@2 counts the first 2 ids"),
    ("1.3", _mrr_over_found_only, "visible", "0 when not retrieved"),
    ("2.1", _prompt_without_numbering, "visible", "one numbered line per passage"),
    ("2.1", _prompt_numbered_by_lookup, "hidden", "Number the passages by position"),
    ("2.1", _prompt_strips_only, "visible", "Collapse runs of whitespace"),
    ("2.1", _prompt_context_header_always, "visible", "the prompt is the question alone"),
    ("2.3", _failure_plain_substring, "visible", "whole-word containment"),
    ("2.3", _failure_context_first, "visible", "Correct even if the context missed it"),
    ("2.3", _failure_regex_without_normalising, "hidden", "Normalise the gold too"),
    ("3.1", _mask_forgets_eos, "visible", "then the end-of-turn id"),
    ("3.1", _mask_masks_the_answer, "visible", "the answer's labels are its own token ids"),
    ("3.1", _mask_eos_not_learned, "visible", "the end-of-turn token is learned too"),
    ("3.1", _mask_extends_prompt_in_place, "hidden", "changed the lists it was given"),
    ("3.2", _paraphrases_shuffle_in_place, "visible", "do not shuffle the input lists in place"),
    ("3.2", _paraphrases_not_nested, "visible", "should be among those kept with 2"),
    ("3.2", _paraphrases_one_generator, "hidden", "must not depend on the other facts"),
    ("3.2", _paraphrases_with_replacement, "visible", "a wording was drawn twice"),
    ("3.3", _pad_labels_with_pad_id, "visible", "pad labels with -100"),
    ("3.3", _pad_on_the_left, "visible", "on the right"),
    ("3.3", _pad_mask_with_pad_id, "hidden", "0, whatever pad_id is"),
    ("3.3", _pad_to_the_first_example, "hidden", "longest example wherever it is"),
    ("3.3", _pad_every_column, "hidden", "other columns may be there"),
    ("3.3", _pad_extends_in_place, "visible", "changed the examples it was given"),
    ("4.1", _LoRABRandom, "visible", "start B at zero"),
    ("4.1", _LoRABaseNotFrozen, "visible", "the base layer frozen"),
    ("4.1", _LoRAFreezesOnlyTheWeight, "visible", "the base layer frozen"),
    ("4.1", _LoRAScalesByAlpha, "visible", "(alpha / r)"),
    ("4.1", _LoRAFloorScaling, "hidden", "(alpha / r)"),
    ("4.1", _LoRAAZero, "visible", "initialise A randomly"),
    ("4.4", _merge_a_at_b, "visible", "Mind the shapes"),
    ("4.4", _merge_in_place, "visible", "do not change the base weight in place"),
    ("4.4", _merge_without_scaling, "visible", "W + scaling * B @ A"),
    ("4.4", _merge_in_float32, "hidden", "float64"),
    ("5.1", _bootstrap_over_questions, "visible", "resample questions"),
    ("5.1", _bootstrap_ninety_percent, "visible", "not 90 %"),
    ("5.1", _bootstrap_runs_of_facts, "hidden", "not runs of equal labels"),
    ("5.1", _bootstrap_mean_of_fact_means, "hidden", "not a mean of the facts' means"),
    ("5.1", _bootstrap_unseeded, "visible", "same seed, same interval"),
    ("5.2", _stale_strict, "visible", "alias"),
    ("5.2", _stale_new_wins, "visible", "'both'"),
    ("5.2", _stale_substring, "visible", "Whole words only"),
    ("5.3", _crossing_signed, "visible", "return None"),
    ("5.3", _crossing_swapped, "visible", "Q = (fixed_b - fixed_a)"),
    ("5.3", _crossing_at_zero_counts, "hidden", "cross at Q = 0"),
    ("5.3", _crossing_absolute, "visible", "cross below zero"),
    ("6.1", _quote_split_on_every_full_stop, "visible", "inside a number"),
    ("6.1", _quote_keeps_headings, "visible", "heading"),
    ("6.1", _quote_substring, "visible", "Whole words only"),
    ("6.1", _quote_full_stops_only, "hidden", "'!' ends a sentence"),
    ("6.2", _cheaper_no_margin, "visible", "Within 10 %"),
    ("6.2", _cheaper_margin_of_smaller, "visible", "LARGER"),
    ("6.2", _cheaper_swapped, "visible", "RAG's bill is lower"),
    ("0.3", _logprob_unshifted, "visible", "predict the token at t + 1"),
    ("0.3", _logprob_probabilities, "visible", "not probabilities"),
    ("0.3", _logprob_ignores_normalize, "visible", "you returned the mean"),
    ("0.3", _logprob_to_the_last_row, "hidden", "not at the last row of the logits"),
    ("0.3", _logprob_in_bf16, "hidden", "convert the logits to float32"),
    ("2.2", _loop_best_first, "visible", "best FIRST"),
    ("2.2", _loop_default_k, "visible", "call retrieve(question, k) with k=3"),
    ("2.2", _loop_own_layout, "visible", "your function from exercise 2.1"),
    ("2.2", _loop_unstripped, "visible", "stripped of spaces and newlines"),
    ("2.2", _loop_returns_answer_only, "visible", "return a dict"),
    ("2.4", _plan_whole_documents, "visible", "a stored id needs no new embedding"),
    ("2.4", _plan_changed_by_additions, "visible", "a document that only lost a chunk changed too"),
    ("2.4", _plan_changed_includes_new, "visible", "one that is new was added"),
    ("2.4", _plan_sets, "visible", "should be a list"),
    ("2.4", _plan_keep_counts_stored, "visible", "'keep' counts the new chunks already stored"),
    ("2.4", _plan_pops_stored, "visible", "changed its inputs"),
    ("4.2", _loss_unshifted, "visible", "shift by one"),
    ("4.2", _loss_per_example, "visible", "not per example"),
    ("4.2", _loss_counts_masked, "visible", "the masked positions must not count"),
    ("4.2", _loss_with_item, "visible", "keep its graph"),
    ("4.2", _loss_in_bf16, "hidden", "Compute in float32"),
    ("4.3", _trainer_without_peft, "visible", "get_peft_model(model, lora)"),
    ("4.3", _trainer_new_lora_config, "visible", "pass the `lora` argument"),
    ("4.3", _trainer_rank_of_the_example, "hidden", "pass the `lora` argument"),
    ("4.3", _trainer_own_arguments, "visible", "pass the `args` you were given"),
    ("4.3", _trainer_default_collator, "visible", "data_collator=collate"),
    ("4.3", _trainer_model_loss, "visible", "compute_loss_func=loss"),
    ("4.3", _trainer_trains_it, "visible", "before training it"),
]


def test_a_guess_is_shown_beside_the_measurement(capsys):
    table = exercises.reveal({"hit@1": 0.5, "hit@3": None}, {"hit@1": 0.625, "hit@3": 0.9})
    assert table.loc["hit@1", "your guess"] == 0.5 and table.loc["hit@1", "off by"] == 0.125
    assert table.loc["hit@3", "measured"] == 0.9 and pd.isna(table.loc["hit@3", "your guess"])
    assert "No guess for hit@3" in capsys.readouterr().out
    table = exercises.reveal({"seen": "about a third"}, {"seen": 0.3})
    assert "not a number" in capsys.readouterr().out and pd.isna(table.loc["seen", "off by"])


def test_every_exercise_has_known_wrong_solutions():
    counts = {e: sum(1 for w in WRONG if w[0] == e) for e in exercises.EXERCISES}
    assert min(counts.values()) >= 2, counts


@pytest.mark.parametrize(
    ("exercise_id", "wrong", "stage", "feedback"),
    WRONG,
    ids=[f"{e}-{w.__name__.strip('_')}" for e, w, _, _ in WRONG],
)
def test_a_known_wrong_solution_fails_with_the_fix(exercise_id, wrong, stage, feedback):
    caught_by, result = graded(exercise_id, wrong)
    assert not result.passed, f"{wrong.__doc__} passed both the check and the further cases"
    assert caught_by == stage and feedback in result.message, (caught_by, result.message)
