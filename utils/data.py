"""The course's knowledge base: loaders, evaluation groups and text helpers.

Introduced in notebook 0 (the tour of the data). Everything reads the files under ``datasets/``
(``utils.settings.DATASETS_DIR``), which ``datasets/generator/build_kb.py`` writes (``make data``):

- ``facts.jsonl``: one fact per line, the single source of truth;
- ``kb/v1/<doc_id>.md`` and ``kb/v2/<doc_id>.md``: the documents before and after the update;
- ``questions.jsonl``: training and test questions with short gold answers;
- ``splits.json``: held-out documents, documents new in v2, changed facts;
- ``house_format.json``: the one-line answer format of the style-adaptation experiment;
- ``general_probe.jsonl``: real-world questions the base model answers, to see what fine-tuning
  costs it (notebook 5).

The checks of the files' integrity are :mod:`utils.integrity` (``make check``). Only the standard
library is imported here; the HuggingFace ``datasets`` library is imported inside
:func:`questions_dataset`, the one function that needs it.

>>> near_duplicate("How heavy is the Tessel A250?", "How heavy is the Tessel A250 ?")
True
>>> contains_answer("The A250 weighs 212 g.", "212 g"), contains_answer("It weighs 1,212 g.", "212 g")
(True, False)
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from utils.metrics import contains, normalize_answer
from utils.settings import DATASETS_DIR, REPO_ROOT

VERSIONS = ("v1", "v2")
SPLIT_NAMES = ("train", "test", "customer")
STATUSES = ("unchanged", "changed", "new")
NEAR_DUPLICATE_RATIO = 0.85  # two wordings at least this similar (normalised) count as the same
FIX = "Restore the file with `git checkout datasets/` or regenerate it with `make data`."

FACTS_FILE = "facts.jsonl"
QUESTIONS_FILE = "questions.jsonl"
SPLITS_FILE = "splits.json"
HOUSE_FORMAT_FILE = "house_format.json"
GENERAL_PROBE_FILE = "general_probe.jsonl"
KB_DIR = "kb"

# The promises of the datasheet, checked by utils.integrity.check_integrity().
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
    split: str  # "train" | "test" | "customer" (a test wording phrased the way customers ask)
    choices: list[str] | None  # test questions of v1 facts: 4 options, one equal to answer
    choices_v2: list[str] | None  # test questions of changed/new facts: one equal to answer_v2
    # True: the knowledge base has too few values of the gold's kind for fair options, so
    # ``choices`` (``choices_v2``) is null and the question is scored on free text only
    few_peers: bool | None = None
    few_peers_v2: bool | None = None
    # test questions: other ways of writing ``answer`` / ``answer_v2`` that count as correct
    # (``utils.aliases``); null for training questions and where there is no such answer
    aliases: list[str] | None = None
    aliases_v2: list[str] | None = None


@dataclass(frozen=True)
class Splits:
    """Which documents are held out of fine-tuning, new in v2, and which facts changed."""

    heldout_docs: list[str]
    new_docs_v2: list[str]
    changed_facts: list[str]
    counts: dict[str, int]  # facts, questions, documents_v1, documents_v2: checked at every load


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


@dataclass(frozen=True)
class ProbeQuestion:
    """A real-world question the base model answers correctly: does fine-tuning keep it?"""

    pid: str
    question: str
    answer: str
    aliases: list[str]  # other accepted ways of writing the answer


def data_root(root) -> Path:
    """The data folder: ``root``, or ``datasets/`` in the repository."""
    return Path(root) if root is not None else DATASETS_DIR


def display_path(path: Path) -> str:
    """The path as a learner would type it: relative to the repository when inside it."""
    try:
        return Path(path).resolve().relative_to(REPO_ROOT).as_posix()
    except ValueError:
        return str(path)


def _error(path: Path, line: int | None, message: str) -> DataFileError:
    where = f"{display_path(path)}, line {line}" if line else display_path(path)
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
    if not rows:
        raise _error(path, None, "the file is empty")
    return rows


_FACT_KEYS = tuple(Fact.__dataclass_fields__)
_QUESTION_KEYS = tuple(Question.__dataclass_fields__)


def numbered_facts(root=None) -> list[tuple[int, Fact]]:
    return [(n, Fact(**row)) for n, row in _read_jsonl(data_root(root) / FACTS_FILE, _FACT_KEYS)]


def numbered_questions(root=None) -> list[tuple[int, Question]]:
    path = data_root(root) / QUESTIONS_FILE
    return [(n, Question(**row)) for n, row in _read_jsonl(path, _QUESTION_KEYS)]


# ---------------------------------------------------------------- public loaders


def load_facts(root=None) -> list[Fact]:
    """Every fact of ``facts.jsonl``, in file order."""
    facts = [fact for _, fact in numbered_facts(root)]
    _check_count(root, "facts", len(facts), data_root(root) / FACTS_FILE)
    return facts


def _check_count(root, what: str, found: int, path: Path) -> None:
    """Refuse a file holding fewer (or more) items than the knowledge base has (``splits.json``)."""
    expected = load_splits(root).counts.get(what)
    if expected is not None and found != expected:
        noun = what.replace("_", " in ").replace("documents in ", "documents in kb/")
        raise _error(
            path, None, f"{found} {noun} found, but the knowledge base has {expected}: incomplete"
        )


def load_documents(version: str = "v1", root=None) -> list[Document]:
    """The documents of one version of the knowledge base (``"v1"`` or ``"v2"``), sorted by id."""
    if version not in VERSIONS:
        raise ValueError(f"Unknown knowledge-base version {version!r}: use one of {VERSIONS}.")
    folder = data_root(root) / KB_DIR / version
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
    _check_every_fact_has_its_document(documents, version, root)
    _check_count(root, f"documents_{version}", len(documents), folder)
    return documents


def _check_every_fact_has_its_document(documents: list[Document], version: str, root) -> None:
    """Refuse a version of the knowledge base that lacks a document one of its facts is stated in."""
    present = {d.doc_id for d in documents}
    stated = [
        f for f in load_facts(root) if (f.value if version == "v1" else f.value_v2 or f.value)
    ]
    missing = sorted({f.doc_id for f in stated} - present)
    if missing:
        folder = data_root(root) / KB_DIR / version
        shown = ", ".join(f"{m}.md" for m in missing[:5]) + (" ..." if len(missing) > 5 else "")
        raise _error(folder, None, f"{len(missing)} document(s) of its facts are missing: {shown}")


def load_questions(split: str | None = None, root=None) -> list[Question]:
    """The questions of one split (``"train"``, ``"test"`` or ``"customer"``), or all (``None``)."""
    if split is not None and split not in SPLIT_NAMES:
        raise ValueError(f"Unknown split {split!r}: use one of {SPLIT_NAMES} or None for all.")
    questions = [q for _, q in numbered_questions(root)]
    _check_count(root, "questions", len(questions), data_root(root) / QUESTIONS_FILE)
    return [q for q in questions if split is None or q.split == split]


def questions_dataset(split: str | None = None, root=None):
    """The questions of a split as a HuggingFace ``datasets.Dataset`` (one column per field)."""
    from datasets import Dataset  # the HuggingFace library, imported only when needed

    return Dataset.from_list([asdict(q) for q in load_questions(split, root)])


def load_splits(root=None) -> Splits:
    """The held-out documents, the documents new in v2 and the changed facts."""
    return Splits(**_read_json(data_root(root) / SPLITS_FILE, tuple(Splits.__dataclass_fields__)))


def load_house_format(root=None) -> HouseFormat:
    """The house answer format (template, regular expression, description, examples)."""
    path = data_root(root) / HOUSE_FORMAT_FILE
    return HouseFormat(**_read_json(path, tuple(HouseFormat.__dataclass_fields__)))


def load_general_probe(root=None) -> list[ProbeQuestion]:
    """The general-knowledge probe of notebook 5, in file order."""
    path = data_root(root) / GENERAL_PROBE_FILE
    keys = tuple(ProbeQuestion.__dataclass_fields__)
    return [ProbeQuestion(**row) for _, row in _read_jsonl(path, keys)]


def eval_groups(questions=None, root=None) -> dict[str, list[Question]]:
    """Test questions grouped for evaluation.

    - ``"seen"``: v1 facts of documents used for fine-tuning (gold: ``answer``);
    - ``"unseen"``: facts of held-out documents, never trained on (gold: ``answer``);
    - ``"updated"``: facts whose value changed in v2 (gold: ``answer_v2``); they are also in
      ``"seen"``, where their gold is the v1 ``answer``;
    - ``"new"``: facts of documents that exist only in v2 (gold: ``answer_v2``; ``answer`` is None);
    - ``"robustness"``: the facts of ``"seen"`` asked the way a customer would (split
      ``customer``; gold: ``answer``).

    ``questions`` defaults to every test and customer question; training questions are ignored.
    """
    facts = {fact.fact_id: fact for fact in load_facts(root)}
    heldout = set(load_splits(root).heldout_docs)
    questions = load_questions(None, root) if questions is None else questions
    groups: dict[str, list[Question]] = {
        "seen": [], "unseen": [], "robustness": [], "updated": [], "new": []
    }  # fmt: skip
    for q in questions:
        if q.split == "customer":
            groups["robustness"].append(q)
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
