"""The knowledge base's integrity: every promise of the datasheet, checked (``make check``).

``python -m utils.integrity`` prints the data's counts and every problem found, each in words a
learner can act on (the file, the line, the fix). The loaders are :mod:`utils.data`.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from utils.aliases import aliases_of
from utils.data import (
    FACTS_FILE,
    HOUSE_FORMAT_FILE,
    KB_DIR,
    MAX_WORDS,
    MIN_CHANGED_FRACTION,
    MIN_DOCS_V1,
    MIN_FACTS_V1,
    MIN_NEW_DOCS,
    MIN_TEST_PER_FACT,
    MIN_TRAIN_PER_FACT,
    MIN_WORDS,
    N_CHOICES,
    QUESTIONS_FILE,
    SPLIT_NAMES,
    SPLITS_FILE,
    STATUSES,
    VERSIONS,
    DataFileError,
    Document,
    Fact,
    HouseFormat,
    Question,
    Splits,
    contains_answer,
    data_root,
    display_path,
    eval_groups,
    load_documents,
    load_facts,
    load_house_format,
    load_questions,
    load_splits,
    near_duplicate,
    numbered_facts,
    numbered_questions,
    word_count,
)
from utils.metrics import contains, normalize_answer


@dataclass(frozen=True)
class _Data:
    root: Path
    facts: list[tuple[int, Fact]]
    questions: list[tuple[int, Question]]
    docs: dict[str, dict[str, Document]]  # version -> doc_id -> document
    splits: Splits
    house: HouseFormat


def _load_all(root=None) -> _Data:
    return _Data(
        data_root(root),
        numbered_facts(root),
        numbered_questions(root),
        {v: {d.doc_id: d for d in load_documents(v, root)} for v in VERSIONS},
        load_splits(root),
        load_house_format(root),
    )


def _duplicates(path: Path, items: list[tuple[int, str]], what: str) -> list[str]:
    first: dict[str, int] = {}
    problems = []
    for line, key in items:
        if key in first:
            problems.append(
                f"{display_path(path)}, line {line}: {what} {key} is used again "
                f"(first on line {first[key]})"
            )
        first.setdefault(key, line)
    return problems


def _check_ids(data: _Data) -> list[str]:
    facts_path, questions_path = data.root / FACTS_FILE, data.root / QUESTIONS_FILE
    return _duplicates(
        facts_path, [(n, f.fact_id) for n, f in data.facts], "fact_id"
    ) + _duplicates(questions_path, [(n, q.qid) for n, q in data.questions], "qid")


def _check_fact(data: _Data, line: int, fact: Fact) -> list[str]:
    where = f"{display_path(data.root / FACTS_FILE)}, line {line}: fact {fact.fact_id}"
    expected = {"unchanged": (True, False), "changed": (True, True), "new": (False, True)}
    if fact.status not in expected:
        return [f"{where} has status {fact.status!r}, expected one of {STATUSES}"]
    if ((fact.value is not None), (fact.value_v2 is not None)) != expected[fact.status]:
        return [f"{where} ({fact.status}) has value={fact.value!r}, value_v2={fact.value_v2!r}"]
    problems = []
    if fact.status == "changed" and normalize_answer(fact.value) == normalize_answer(fact.value_v2):
        problems.append(f"{where} is 'changed' but its v1 and v2 values are the same")
    for version, value, stale in (
        ("v1", fact.value, fact.value_v2),
        ("v2", fact.value_v2 or fact.value, fact.value if fact.status == "changed" else None),
    ):
        if value is None:
            if fact.doc_id in data.docs["v1"]:
                problems.append(f"{where} is new in v2 but its document exists in v1")
            continue
        doc = data.docs[version].get(fact.doc_id)
        path = display_path(data.root / KB_DIR / version / f"{fact.doc_id}.md")
        if doc is None:
            problems.append(f"{where}: its document {path} does not exist")
            continue
        if not contains_answer(doc.text, value):
            problems.append(f"{path}: the gold answer {value!r} of fact {fact.fact_id} is missing")
        if stale is not None and contains_answer(doc.text, stale):
            problems.append(
                f"{path}: the {'v2' if version == 'v1' else 'v1'} value {stale!r} of changed fact "
                f"{fact.fact_id} must not appear in the {version} document"
            )
    return problems


def _check_shared_values(data: _Data) -> list[str]:
    """No two facts of one document share a value (in either version)."""
    problems = []
    for version in VERSIONS:
        seen: dict[tuple[str, str], str] = {}
        for _, fact in data.facts:
            value = fact.value if version == "v1" else (fact.value_v2 or fact.value)
            if value is None:
                continue
            key = (fact.doc_id, normalize_answer(value))
            if key in seen:
                problems.append(
                    f"{display_path(data.root / FACTS_FILE)}: facts {seen[key]} and {fact.fact_id} of "
                    f"{fact.doc_id} share the {version} value {value!r}"
                )
            seen.setdefault(key, fact.fact_id)
    return problems


def _check_choices(where: str, choices, gold: str | None, name: str, few_peers) -> list[str]:
    flag = "few_peers" + name.removeprefix("choices")
    if gold is None:
        if choices is not None or few_peers is not None:
            return [f"{where}: {name} and {flag} must be null for this question"]
        return []
    if few_peers not in (True, False):
        return [f"{where}: {flag} must be true or false for a test question with a gold answer"]
    if few_peers:
        if choices is None:
            return []
        return [f"{where}: {flag} is true, so {name} must be null (or set {flag} to false)"]
    if not isinstance(choices, list) or len(choices) != N_CHOICES:
        return [f"{where}: {name} must be a list of {N_CHOICES} options (or set {flag} to true)"]
    normalised = [normalize_answer(str(choice)) for choice in choices]
    problems = []
    if len(set(normalised)) != N_CHOICES:
        problems.append(f"{where}: the {name} are not all different once normalised")
    correct = normalised.count(normalize_answer(gold))
    if correct != 1:
        problems.append(f"{where}: {correct} of the {name} equal the gold answer {gold!r}, not 1")
    return problems


def _check_aliases(where: str, aliases, gold: str | None, choices, suffix: str) -> list[str]:
    """Each alias is a way of writing the gold that ``utils.aliases`` gives, and names no other
    option of the question."""
    name = f"aliases{suffix}"
    if gold is None:
        return [] if aliases is None else [f"{where}: {name} must be null for this question"]
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        return [f"{where}: {name} must be a list of strings (regenerate with `make data`)"]
    rules = {a for kind in (None, "person", "org", "place") for a in aliases_of(gold, kind=kind)}
    problems = [
        f"{where}: alias {alias!r} of {gold!r} is not a way of writing that value (utils.aliases "
        "gives no such form): remove it, or regenerate with `make data`"
        for alias in aliases
        if alias not in rules
    ]
    for alias in aliases:
        for option in choices or []:
            if normalize_answer(option) != normalize_answer(gold) and (
                contains(option, alias) or contains(alias, option)
            ):
                problems.append(
                    f"{where}: alias {alias!r} of {gold!r} also matches the option {option!r}, so "
                    "a wrong answer would count as right: remove the alias (`make data` does)"
                )
    return problems


def _check_question(data: _Data, facts: dict[str, Fact], line: int, q: Question) -> list[str]:
    where = f"{display_path(data.root / QUESTIONS_FILE)}, line {line}"
    fact = facts.get(q.fact_id)
    if fact is None:
        return [f"{where}: unknown fact_id {q.fact_id!r}"]
    problems = []
    if q.split not in SPLIT_NAMES:
        problems.append(f"{where}: split {q.split!r} is not one of {SPLIT_NAMES}")
    if q.doc_id != fact.doc_id:
        problems.append(f"{where}: doc_id {q.doc_id!r} differs from its fact's {fact.doc_id!r}")
    if (q.answer, q.answer_v2) != (fact.value, fact.value_v2):
        problems.append(f"{where}: answers differ from fact {fact.fact_id} in facts.jsonl")
    formal = q.split != "customer"  # a customer may call a product by its short name
    if formal and normalize_answer(fact.subject) not in normalize_answer(q.question):
        problems.append(f"{where}: the question does not name its subject {fact.subject!r}")
    if q.split == "customer" and (fact.value is None or fact.doc_id in data.splits.heldout_docs):
        problems.append(
            f"{where}: a customer wording is for a v1 fact of a document trained on (robustness)"
        )
    is_test = q.split == "test"
    scored_v1 = q.split in ("test", "customer")
    problems += _check_aliases(where, q.aliases, q.answer if scored_v1 else None, q.choices, "")
    problems += _check_aliases(
        where, q.aliases_v2, q.answer_v2 if is_test else None, q.choices_v2, "_v2"
    )
    problems += _check_choices(
        where, q.choices, q.answer if scored_v1 else None, "choices", q.few_peers
    )
    problems += _check_choices(
        where, q.choices_v2, q.answer_v2 if is_test else None, "choices_v2", q.few_peers_v2
    )
    return problems


def _check_wordings(data: _Data) -> list[str]:
    """No test or customer wording equals or nearly equals a training wording of the same fact, and
    no customer wording a test wording."""
    by_fact: dict[str, dict[str, list[tuple[int, str]]]] = defaultdict(lambda: defaultdict(list))
    for line, q in data.questions:
        by_fact[q.fact_id][q.split].append((line, q.question))
    path, problems = display_path(data.root / QUESTIONS_FILE), []
    pairs = (("test", "train"), ("customer", "train"), ("customer", "test"))
    for fact_id, splits in by_fact.items():
        for split, other in pairs:
            for line, wording in splits[split]:
                for other_line, other_wording in splits[other]:
                    if near_duplicate(wording, other_wording):
                        problems.append(
                            f"{path}, line {line}: the {split} wording of fact {fact_id} repeats "
                            f"(or nearly repeats) the {other} wording on line {other_line}"
                        )
    return problems


def _check_splits(data: _Data, facts: dict[str, Fact]) -> list[str]:
    path, problems = display_path(data.root / SPLITS_FILE), []
    missing = sorted(set(data.splits.heldout_docs) - set(data.docs["v1"]))
    if missing:
        problems.append(f"{path}: held-out documents not in kb/v1: {missing}")
    new_docs = sorted(set(data.docs["v2"]) - set(data.docs["v1"]))
    if sorted(data.splits.new_docs_v2) != new_docs:
        problems.append(f"{path}: new_docs_v2 should be {new_docs}")
    changed = sorted(f.fact_id for f in facts.values() if f.status == "changed")
    if sorted(data.splits.changed_facts) != changed:
        problems.append(
            f"{path}: changed_facts does not list exactly the facts with status changed"
        )
    missing_v2 = sorted(set(data.docs["v1"]) - set(data.docs["v2"]))
    if missing_v2:
        problems.append(
            f"{display_path(data.root / KB_DIR / 'v2')}: v1 documents missing: {missing_v2}"
        )
    return problems


def _check_counts(data: _Data, facts: dict[str, Fact]) -> list[str]:
    problems = []
    v1_facts = [f for f in facts.values() if f.value is not None]
    changed = [f for f in v1_facts if f.status == "changed"]
    if len(v1_facts) < MIN_FACTS_V1:
        problems.append(f"only {len(v1_facts)} facts have a v1 value (at least {MIN_FACTS_V1})")
    if len(data.docs["v1"]) < MIN_DOCS_V1:
        problems.append(f"only {len(data.docs['v1'])} v1 documents (at least {MIN_DOCS_V1})")
    if v1_facts and len(changed) / len(v1_facts) < MIN_CHANGED_FRACTION:
        problems.append(f"only {len(changed)} of {len(v1_facts)} v1 facts change in v2")
    if len(data.splits.new_docs_v2) < MIN_NEW_DOCS:
        problems.append(f"only {len(data.splits.new_docs_v2)} new documents in v2")
    for version, docs in data.docs.items():
        for doc in docs.values():
            words = word_count(doc.text)
            if not MIN_WORDS <= words <= MAX_WORDS:
                path = display_path(data.root / KB_DIR / version / f"{doc.doc_id}.md")
                problems.append(f"{path}: {words} words, outside {MIN_WORDS}-{MAX_WORDS}")
    return problems + _check_question_counts(data, facts)


def _check_question_counts(data: _Data, facts: dict[str, Fact]) -> list[str]:
    counts = Counter((q.fact_id, q.split) for _, q in data.questions)
    heldout, problems = set(data.splits.heldout_docs), []
    for fact in facts.values():
        n_train, n_test = counts[(fact.fact_id, "train")], counts[(fact.fact_id, "test")]
        if fact.doc_id in heldout and n_train:
            problems.append(f"fact {fact.fact_id} of held-out {fact.doc_id} has training questions")
        if fact.doc_id not in heldout and n_train < MIN_TRAIN_PER_FACT:
            problems.append(f"fact {fact.fact_id} has {n_train} training questions")
        if n_test < MIN_TEST_PER_FACT:
            problems.append(f"fact {fact.fact_id} has {n_test} test questions")
    return problems


def _check_house_format(data: _Data) -> list[str]:
    house, problems = data.house, []
    try:
        re.compile(house.regex)
    except re.error as exc:
        return [
            f"{display_path(data.root / HOUSE_FORMAT_FILE)}: the regex does not compile ({exc})"
        ]
    for _, fact in data.facts:
        for value in (fact.value, fact.value_v2):
            if value is None:
                continue
            parsed = house.parse(house.render(value, fact.doc_id))
            if parsed != {"answer": value, "doc_id": fact.doc_id}:
                problems.append(
                    f"{display_path(data.root / HOUSE_FORMAT_FILE)}: the regex does not round-trip "
                    f"{value!r} of fact {fact.fact_id}"
                )
    return problems


def check_integrity(root=None) -> list[str]:
    """Every problem found in the data, in words a learner can act on; ``[]`` means all good."""
    try:
        data = _load_all(root)
    except DataFileError as exc:
        return [str(exc)]
    facts = {fact.fact_id: fact for _, fact in data.facts}
    problems = _check_ids(data) + _check_shared_values(data)
    for line, fact in data.facts:
        problems += _check_fact(data, line, fact)
    for line, q in data.questions:
        problems += _check_question(data, facts, line, q)
    problems += _check_wordings(data) + _check_splits(data, facts) + _check_counts(data, facts)
    problems += _check_house_format(data) + _check_general_probe(data.root)
    return problems or _check_blind(data)


MIN_PROBE_QUESTIONS = 20


def _check_general_probe(root: Path) -> list[str]:
    """The general-knowledge probe: enough questions, unique ids, an answer each, and no alias
    that is the answer again."""
    from utils.data import GENERAL_PROBE_FILE, load_general_probe

    path = root / GENERAL_PROBE_FILE
    try:
        probe = load_general_probe(root)
    except DataFileError as exc:
        return [str(exc)]
    where = display_path(path)
    problems = _duplicates(path, [(n, p.pid) for n, p in enumerate(probe, start=1)], "pid")
    if len(probe) < MIN_PROBE_QUESTIONS:
        problems.append(f"{where}: {len(probe)} questions, fewer than {MIN_PROBE_QUESTIONS}")
    for number, p in enumerate(probe, start=1):
        if not p.question.strip() or not p.answer.strip():
            problems.append(f"{where}, line {number}: {p.pid} has an empty question or answer")
        if any(normalize_answer(a) == normalize_answer(p.answer) for a in p.aliases):
            problems.append(f"{where}, line {number}: {p.pid} lists its answer among its aliases")
    return [f"{problem}; regenerate the file with `make data`" for problem in problems]


def _check_blind(data: _Data) -> list[str]:
    """No option-picking rule that reads no facts beats chance on any group (``utils.blind``)."""
    from utils.blind import blind_baselines, guessable

    path = display_path(data.root / QUESTIONS_FILE)
    return [
        f"{path}: {problem}; regenerate the options with `make data` "
        "(datasets/generator/choices.py balances them)"
        for problem in guessable(blind_baselines(data.root))
    ]


# ---------------------------------------------------------------- summary and command line


def _word_stats(documents: list[Document]) -> dict[str, int]:
    words = [word_count(d.text) for d in documents]
    return {"min": min(words), "median": int(statistics.median(words)), "max": max(words)}


def data_summary(root=None) -> dict:
    """The counts the datasheet and ``python -m utils.integrity`` report."""
    facts, splits = load_facts(root), load_splits(root)
    docs = {v: load_documents(v, root) for v in VERSIONS}
    questions = load_questions(None, root)
    groups = eval_groups(questions, root)
    v1_facts = [f for f in facts if f.value is not None]
    return {
        "facts_v1": len(v1_facts),
        "facts_v2": len(facts),
        "facts_changed": sum(f.status == "changed" for f in facts),
        "facts_new": sum(f.status == "new" for f in facts),
        "changed_fraction": round(sum(f.status == "changed" for f in facts) / len(v1_facts), 3),
        "docs_v1": len(docs["v1"]),
        "docs_v2": len(docs["v2"]),
        "docs_new_v2": len(splits.new_docs_v2),
        "docs_heldout": len(splits.heldout_docs),
        "words_v1": _word_stats(docs["v1"]),
        "words_v2": _word_stats(docs["v2"]),
        "questions_train": sum(q.split == "train" for q in questions),
        "questions_test": sum(q.split == "test" for q in questions),
        "questions_customer": sum(q.split == "customer" for q in questions),
        "test_groups": {name: len(group) for name, group in groups.items()},
    }


def format_summary(summary: dict) -> str:
    """The summary as a few human-readable lines."""
    s = summary
    words = {v: "{min}/{median}/{max}".format(**s[f"words_{v}"]) for v in VERSIONS}
    groups = ", ".join(f"{name} {n}" for name, n in s["test_groups"].items())
    return "\n".join(
        [
            f"facts: {s['facts_v1']} in v1, {s['facts_v2']} in v2 ({s['facts_changed']} changed = "
            f"{s['changed_fraction']:.1%} of v1, {s['facts_new']} new)",
            f"documents: {s['docs_v1']} in v1, {s['docs_v2']} in v2 ({s['docs_new_v2']} new), "
            f"{s['docs_heldout']} held out of fine-tuning",
            f"words per document (min/median/max): v1 {words['v1']}, v2 {words['v2']}",
            f"questions: {s['questions_train']} train, {s['questions_test']} test, "
            f"{s['questions_customer']} customer",
            f"test groups: {groups}",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    """``python -m utils.integrity [--root DIR]``: print the counts and the integrity verdict."""
    parser = argparse.ArgumentParser(prog="python -m utils.integrity", description=main.__doc__)
    parser.add_argument("--root", default=None, help="data folder (default: datasets/)")
    args = parser.parse_args(argv)
    problems = check_integrity(args.root)
    if not problems:
        print(format_summary(data_summary(args.root)))
        print("data integrity: OK")
        return 0
    print(f"data integrity: {len(problems)} problem(s)")
    for problem in problems:
        print(f"- {problem}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
