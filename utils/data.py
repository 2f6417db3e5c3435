"""The course's knowledge base: loaders, evaluation groups and integrity checks.

Introduced in notebook 0 (the tour of the data). Everything reads the files under ``datasets/``
(``utils.settings.DATASETS_DIR``), which ``datasets/generator/build_kb.py`` writes (``make data``):

- ``facts.jsonl``: one fact per line, the single source of truth;
- ``kb/v1/<doc_id>.md`` and ``kb/v2/<doc_id>.md``: the documents before and after the update;
- ``questions.jsonl``: training and test questions with short gold answers;
- ``splits.json``: held-out documents, documents new in v2, changed facts;
- ``house_format.json``: the one-line answer format of the style-adaptation experiment.

Only the standard library is imported here; the HuggingFace ``datasets`` library is imported inside
:func:`questions_dataset`, the one function that needs it.

>>> near_duplicate("How heavy is the Tessel A250?", "How heavy is the Tessel A250 ?")
True
>>> contains_answer("The A250 weighs 212 g.", "212 g"), contains_answer("It weighs 1,212 g.", "212 g")
(True, False)
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import statistics
import sys
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

from utils.metrics import contains, normalize_answer
from utils.settings import DATASETS_DIR, REPO_ROOT

VERSIONS = ("v1", "v2")
SPLIT_NAMES = ("train", "test")
STATUSES = ("unchanged", "changed", "new")
NEAR_DUPLICATE_RATIO = 0.85  # two wordings at least this similar (normalised) count as the same
FIX = "Restore the file with `git checkout datasets/` or regenerate it with `make data`."

FACTS_FILE = "facts.jsonl"
QUESTIONS_FILE = "questions.jsonl"
SPLITS_FILE = "splits.json"
HOUSE_FORMAT_FILE = "house_format.json"
KB_DIR = "kb"

# The promises of the datasheet, checked by check_integrity().
MIN_FACTS_V1 = 200
MIN_DOCS_V1 = 40
MIN_WORDS, MAX_WORDS = 150, 600
MIN_CHANGED_FRACTION = 0.15
MIN_NEW_DOCS = 3
MIN_TRAIN_PER_FACT = 4
MIN_TEST_PER_FACT = 2
N_CHOICES = 4


class DataFileError(ValueError):
    """A data file is missing or malformed; the message names the file, the line and the fix."""


@dataclass(frozen=True)
class Fact:
    """One fact of the knowledge base. ``value`` is None for facts that exist only in v2."""

    fact_id: str
    doc_id: str
    subject: str
    attribute: str
    value: str | None
    value_v2: str | None  # None when the fact did not change
    status: str  # "unchanged" | "changed" | "new"


@dataclass(frozen=True)
class Document:
    """One markdown document; ``text`` is the whole file, title line included."""

    doc_id: str
    title: str
    text: str
    version: str


@dataclass(frozen=True)
class Question:
    """A question about one fact, with its gold answer(s) and, for test questions, choices."""

    qid: str
    fact_id: str
    doc_id: str
    question: str
    answer: str | None  # the v1 gold answer (None for facts new in v2)
    answer_v2: str | None  # the v2 gold answer (None when the fact did not change)
    split: str  # "train" | "test"
    choices: list[str] | None  # test questions of v1 facts: 4 options, one equal to answer
    choices_v2: list[str] | None  # test questions of changed/new facts: one equal to answer_v2


@dataclass(frozen=True)
class Splits:
    """Which documents are held out of fine-tuning, new in v2, and which facts changed."""

    heldout_docs: list[str]
    new_docs_v2: list[str]
    changed_facts: list[str]


@dataclass(frozen=True)
class HouseFormat:
    """The house answer format: a one-line answer that cites its source document."""

    template: str
    regex: str
    description: str
    examples: list

    def render(self, answer: str, doc_id: str) -> str:
        """The answer written in the house format."""
        return self.template.format(answer=answer, doc_id=doc_id)

    def parse(self, text: str) -> dict | None:
        """``{"answer": ..., "doc_id": ...}`` if ``text`` is in the house format, else None."""
        match = re.match(self.regex, text.strip())
        return match.groupdict() if match else None

    def complies(self, text: str) -> bool:
        """Whether ``text`` follows the house format exactly (surrounding spaces aside)."""
        return self.parse(text) is not None


# ---------------------------------------------------------------- reading files


def _root(root) -> Path:
    return Path(root) if root is not None else DATASETS_DIR


def _display(path: Path) -> str:
    """The path as a learner would type it: relative to the repository when inside it."""
    try:
        return Path(path).resolve().relative_to(REPO_ROOT).as_posix()
    except ValueError:
        return str(path)


def _error(path: Path, line: int | None, message: str) -> DataFileError:
    where = f"{_display(path)}, line {line}" if line else _display(path)
    return DataFileError(f"{where}: {message}. {FIX}")


def _read_text(path: Path) -> str:
    if not path.is_file():
        raise _error(path, None, "file not found")
    return path.read_text(encoding="utf-8")


def _read_json(path: Path, keys: tuple[str, ...]) -> dict:
    """A JSON object with at least ``keys`` (extra keys are dropped)."""
    try:
        obj = json.loads(_read_text(path))
    except json.JSONDecodeError as exc:
        raise _error(path, exc.lineno, f"not valid JSON ({exc.msg}, column {exc.colno})") from None
    if not isinstance(obj, dict):
        raise _error(path, None, "expected a JSON object")
    missing = [key for key in keys if key not in obj]
    if missing:
        raise _error(path, None, f"missing key(s): {', '.join(missing)}")
    return {key: obj[key] for key in keys}


def _read_jsonl(path: Path, keys: tuple[str, ...]) -> list[tuple[int, dict]]:
    """``(line number, object)`` for every non-blank line; each object must have ``keys``."""
    rows = []
    for number, line in enumerate(_read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise _error(path, number, f"not valid JSON ({exc.msg}, column {exc.colno})") from None
        if not isinstance(obj, dict):
            raise _error(path, number, "expected a JSON object")
        missing = [key for key in keys if key not in obj]
        if missing:
            raise _error(path, number, f"missing key(s): {', '.join(missing)}")
        rows.append((number, {key: obj[key] for key in keys}))
    return rows


_FACT_KEYS = tuple(Fact.__dataclass_fields__)
_QUESTION_KEYS = tuple(Question.__dataclass_fields__)


def _numbered_facts(root=None) -> list[tuple[int, Fact]]:
    return [(n, Fact(**row)) for n, row in _read_jsonl(_root(root) / FACTS_FILE, _FACT_KEYS)]


def _numbered_questions(root=None) -> list[tuple[int, Question]]:
    path = _root(root) / QUESTIONS_FILE
    return [(n, Question(**row)) for n, row in _read_jsonl(path, _QUESTION_KEYS)]


# ---------------------------------------------------------------- public loaders


def load_facts(root=None) -> list[Fact]:
    """Every fact of ``facts.jsonl``, in file order."""
    return [fact for _, fact in _numbered_facts(root)]


def load_documents(version: str = "v1", root=None) -> list[Document]:
    """The documents of one version of the knowledge base (``"v1"`` or ``"v2"``), sorted by id."""
    if version not in VERSIONS:
        raise ValueError(f"Unknown knowledge-base version {version!r}: use one of {VERSIONS}.")
    folder = _root(root) / KB_DIR / version
    if not folder.is_dir():
        raise _error(folder, None, "folder not found")
    documents = []
    for path in sorted(folder.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        first_line = text.split("\n", 1)[0]
        if not first_line.startswith("# "):
            raise _error(path, 1, "the first line must be the title, written '# <Title>'")
        documents.append(Document(path.stem, first_line[2:].strip(), text, version))
    if not documents:
        raise _error(folder, None, "no documents (*.md) found")
    return documents


def load_questions(split: str | None = None, root=None) -> list[Question]:
    """The questions of one split (``"train"`` or ``"test"``), or all of them (``None``)."""
    if split is not None and split not in SPLIT_NAMES:
        raise ValueError(f"Unknown split {split!r}: use one of {SPLIT_NAMES} or None for all.")
    questions = [q for _, q in _numbered_questions(root)]
    return [q for q in questions if split is None or q.split == split]


def questions_dataset(split: str | None = None, root=None):
    """The questions of a split as a HuggingFace ``datasets.Dataset`` (one column per field)."""
    from datasets import Dataset  # the HuggingFace library, imported only when needed

    return Dataset.from_list([asdict(q) for q in load_questions(split, root)])


def load_splits(root=None) -> Splits:
    """The held-out documents, the documents new in v2 and the changed facts."""
    return Splits(**_read_json(_root(root) / SPLITS_FILE, tuple(Splits.__dataclass_fields__)))


def load_house_format(root=None) -> HouseFormat:
    """The house answer format (template, regular expression, description, examples)."""
    path = _root(root) / HOUSE_FORMAT_FILE
    return HouseFormat(**_read_json(path, tuple(HouseFormat.__dataclass_fields__)))


def eval_groups(questions=None, root=None) -> dict[str, list[Question]]:
    """Test questions grouped for evaluation.

    - ``"seen"``: v1 facts of documents used for fine-tuning (gold: ``answer``);
    - ``"unseen"``: facts of held-out documents, never trained on (gold: ``answer``);
    - ``"updated"``: facts whose value changed in v2 (gold: ``answer_v2``); they are also in
      ``"seen"``, where their gold is the v1 ``answer``;
    - ``"new"``: facts of documents that exist only in v2 (gold: ``answer_v2``; ``answer`` is None).

    ``questions`` defaults to every test question; training questions passed in are ignored.
    """
    facts = {fact.fact_id: fact for fact in load_facts(root)}
    heldout = set(load_splits(root).heldout_docs)
    questions = load_questions("test", root) if questions is None else questions
    groups: dict[str, list[Question]] = {"seen": [], "unseen": [], "updated": [], "new": []}
    for q in questions:
        if q.split != "test":
            continue
        status = facts[q.fact_id].status
        if status == "new":
            groups["new"].append(q)
            continue
        groups["unseen" if q.doc_id in heldout else "seen"].append(q)
        if status == "changed":
            groups["updated"].append(q)
    return groups


# ---------------------------------------------------------------- text helpers


def near_duplicate(a: str, b: str, ratio: float = NEAR_DUPLICATE_RATIO) -> bool:
    """Whether two wordings are the same or nearly so: difflib ratio >= ``ratio`` once normalised."""
    a, b = normalize_answer(a), normalize_answer(b)
    matcher = difflib.SequenceMatcher(None, a, b)
    # quick_ratio() is an upper bound of ratio(): most pairs are ruled out without the slow part.
    return a == b or (matcher.quick_ratio() >= ratio and matcher.ratio() >= ratio)


def _answer_pattern(answer: str) -> re.Pattern:
    # Whole words only: "212 g" must not match inside "1212 g" or "0.212 g".
    return re.compile(r"(?<![\w.,/:])" + re.escape(normalize_answer(answer)) + r"(?![\w]|[.,/:]\d)")


def count_answer(text: str, answer: str) -> int:
    """How many times the normalised ``answer`` occurs as whole words in the normalised ``text``."""
    if not normalize_answer(answer):
        return 0
    return len(_answer_pattern(answer).findall(normalize_answer(text)))


def contains_answer(text: str, answer: str) -> bool:
    """Whether ``text`` contains ``answer`` (both normalised), as whole words: the course's answer
    containment metric, :func:`utils.metrics.contains`, applied to a document."""
    return contains(text, answer) > 0


def word_count(text: str) -> int:
    """Words of a document as the datasheet counts them: whitespace-separated, title included."""
    return len(text.split())


# ---------------------------------------------------------------- integrity checks


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
        _root(root),
        _numbered_facts(root),
        _numbered_questions(root),
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
                f"{_display(path)}, line {line}: {what} {key} is used again "
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
    where = f"{_display(data.root / FACTS_FILE)}, line {line}: fact {fact.fact_id}"
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
        path = _display(data.root / KB_DIR / version / f"{fact.doc_id}.md")
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
                    f"{_display(data.root / FACTS_FILE)}: facts {seen[key]} and {fact.fact_id} of "
                    f"{fact.doc_id} share the {version} value {value!r}"
                )
            seen.setdefault(key, fact.fact_id)
    return problems


def _check_choices(where: str, choices, gold: str | None, name: str) -> list[str]:
    if gold is None:
        return [] if choices is None else [f"{where}: {name} must be null for this question"]
    if not isinstance(choices, list) or len(choices) != N_CHOICES:
        return [f"{where}: {name} must be a list of {N_CHOICES} options"]
    normalised = [normalize_answer(str(choice)) for choice in choices]
    problems = []
    if len(set(normalised)) != N_CHOICES:
        problems.append(f"{where}: the {name} are not all different once normalised")
    correct = normalised.count(normalize_answer(gold))
    if correct != 1:
        problems.append(f"{where}: {correct} of the {name} equal the gold answer {gold!r}, not 1")
    return problems


def _check_question(data: _Data, facts: dict[str, Fact], line: int, q: Question) -> list[str]:
    where = f"{_display(data.root / QUESTIONS_FILE)}, line {line}"
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
    if normalize_answer(fact.subject) not in normalize_answer(q.question):
        problems.append(f"{where}: the question does not name its subject {fact.subject!r}")
    is_test = q.split == "test"
    problems += _check_choices(where, q.choices, q.answer if is_test else None, "choices")
    problems += _check_choices(where, q.choices_v2, q.answer_v2 if is_test else None, "choices_v2")
    return problems


def _check_wordings(data: _Data) -> list[str]:
    """No test wording equals or nearly equals a training wording of the same fact."""
    by_fact: dict[str, dict[str, list[tuple[int, str]]]] = defaultdict(lambda: defaultdict(list))
    for line, q in data.questions:
        by_fact[q.fact_id][q.split].append((line, q.question))
    path, problems = _display(data.root / QUESTIONS_FILE), []
    for fact_id, splits in by_fact.items():
        for test_line, test in splits["test"]:
            for train_line, train in splits["train"]:
                if near_duplicate(test, train):
                    problems.append(
                        f"{path}, line {test_line}: the test wording of fact {fact_id} repeats "
                        f"(or nearly repeats) the training wording on line {train_line}"
                    )
    return problems


def _check_splits(data: _Data, facts: dict[str, Fact]) -> list[str]:
    path, problems = _display(data.root / SPLITS_FILE), []
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
            f"{_display(data.root / KB_DIR / 'v2')}: v1 documents missing: {missing_v2}"
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
                path = _display(data.root / KB_DIR / version / f"{doc.doc_id}.md")
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
        return [f"{_display(data.root / HOUSE_FORMAT_FILE)}: the regex does not compile ({exc})"]
    for _, fact in data.facts:
        for value in (fact.value, fact.value_v2):
            if value is None:
                continue
            parsed = house.parse(house.render(value, fact.doc_id))
            if parsed != {"answer": value, "doc_id": fact.doc_id}:
                problems.append(
                    f"{_display(data.root / HOUSE_FORMAT_FILE)}: the regex does not round-trip "
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
    return problems + _check_house_format(data)


# ---------------------------------------------------------------- summary and command line


def _word_stats(documents: list[Document]) -> dict[str, int]:
    words = [word_count(d.text) for d in documents]
    return {"min": min(words), "median": int(statistics.median(words)), "max": max(words)}


def data_summary(root=None) -> dict:
    """The counts the datasheet and ``python -m utils.data check`` report."""
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
            f"questions: {s['questions_train']} train, {s['questions_test']} test",
            f"test groups: {groups}",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    """``python -m utils.data check [--root DIR]``: print the counts and the integrity verdict."""
    parser = argparse.ArgumentParser(prog="python -m utils.data", description=main.__doc__)
    parser.add_argument("command", choices=["check"], help="check the data files")
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
