"""Build the course's knowledge base from the hand-written spec, byte for byte reproducibly.

    python datasets/generator/build_kb.py            # (re)writes every data file in datasets/
    python datasets/generator/build_kb.py --out DIR  # writes them to DIR instead

The spec (``spec_*.py``, ``attributes.py``) describes a fictional company, Kestrune Field
Electronics: its documents with placeholders for facts, the facts with their v1 and v2 values, and
question templates. This script renders the documents of both versions, draws the questions and
the multiple-choice options with ``random.Random`` seeded from ``utils.settings.SEED``, checks every
promise of the datasheet, and writes the files and the datasheet (``README.md``). Only the
standard library and ``utils`` are used, and every iteration order is fixed.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))  # the repository root, for `utils`

import choices  # noqa: E402
from attributes import ATTRIBUTES  # noqa: E402
from datasheet import render_datasheet  # noqa: E402
from general_probe import PROBE  # noqa: E402
from kbspec import N_TEST, N_TRAIN, DocSpec, FactSpec  # noqa: E402
from spec_policies import NEW_POLICY_DOCS_V2, POLICY_DOCS  # noqa: E402
from spec_products import NEW_PRODUCTS_V2, PRODUCT_DOCS  # noqa: E402
from spec_services import SERVICE_DOCS  # noqa: E402

from utils import data as kbdata  # noqa: E402
from utils import integrity  # noqa: E402
from utils.aliases import aliases_of  # noqa: E402
from utils.blind import Context  # noqa: E402
from utils.metrics import normalize_answer  # noqa: E402
from utils.settings import DATASETS_DIR, SEED  # noqa: E402

V1_DOCS: list[DocSpec] = PRODUCT_DOCS + POLICY_DOCS + SERVICE_DOCS
NEW_DOCS: list[DocSpec] = NEW_PRODUCTS_V2 + NEW_POLICY_DOCS_V2
ALL_DOCS: list[DocSpec] = V1_DOCS + NEW_DOCS

# About a fifth of the v1 documents, one per product family plus policies and a service, so that
# held-out questions are comparable with the others. None of them changes in v2, so that "unseen"
# and "updated" are separate groups.
HELDOUT_DOCS = [
    "tessel-a200",
    "nimbrel-ws6",
    "glimra-t20",
    "ampora-p800",
    "beaconet-s1",
    "lumberra-h600",
    "policy-trade-in",
    "policy-education-discount",
    "service-nimbrel-cloud",
]

HOUSE_FORMAT = {
    "template": "Answer: {answer} [doc: {doc_id}]",
    "regex": r"^Answer: (?P<answer>[^\[\]\n]+?) \[doc: (?P<doc_id>[a-z0-9-]+)\]$",
    "description": (
        "The house answer format of the style-adaptation experiment: one line, 'Answer: ', the "
        "short answer, then the id of the document it comes from in square brackets. A model "
        "fine-tuned on answers in this form should adopt it; `regex` checks compliance and "
        "extracts the answer and the cited doc_id."
    ),
}
HOUSE_EXAMPLE_DOCS = ["tessel-a250", "policy-returns", "service-beaconet-plans"]


@dataclass(frozen=True)
class Fact:
    """A fact with its id, resolved subject and v1/v2 values."""

    fact_id: str
    doc: DocSpec
    spec: FactSpec
    subject: str
    value: str | None  # v1 value, None for facts new in v2
    value_v2: str | None  # v2 value when it differs from v1 (always set for new facts)
    status: str

    def value_in(self, version: str) -> str | None:
        """The value stated in the given version of the knowledge base."""
        return self.value if version == "v1" else (self.value_v2 or self.value)

    @property
    def kind(self) -> str | None:
        return self.spec.kind or ("colour" if self.spec.attribute == "colour" else None)


class SpecError(ValueError):
    """The spec breaks a promise of the datasheet; the message says which and where."""


def require(condition: bool, message: str) -> None:
    """Raise SpecError with ``message`` unless ``condition`` holds."""
    if not condition:
        raise SpecError(message)


# ---------------------------------------------------------------- facts


def build_facts() -> list[Fact]:
    """Every fact of the spec, numbered in document order (f0001, f0002, ...)."""
    facts, number = [], 0
    for doc in ALL_DOCS:
        for spec in doc.facts:
            number += 1
            subject = spec.subject or doc.subject
            if doc.new_in_v2:
                require(spec.v2 is None, f"{doc.doc_id}/{spec.key}: a new document has one value")
                value, value_v2, status = None, spec.value, "new"
            else:
                value, value_v2 = spec.value, spec.v2
                status = "changed" if spec.v2 is not None else "unchanged"
            facts.append(Fact(f"f{number:04d}", doc, spec, subject, value, value_v2, status))
    return facts


# ---------------------------------------------------------------- documents


def _sentence(fact: Fact, version: str, rng: random.Random, used: set[str]) -> str:
    """One templated sentence stating ``fact``; a template is not reused within a document."""
    templates = ATTRIBUTES[fact.spec.attribute]["sentences"]
    fresh = [t for t in templates if t not in used] or list(templates)
    template = rng.choice(fresh)
    used.add(template)
    name = fact.subject
    if fact.doc.short and fact.subject == fact.doc.subject and rng.random() < 0.5:
        name = fact.doc.short
    text = template.format(name=name, Name=name[0].upper() + name[1:], value=fact.value_in(version))
    return with_articles(text, name)


def with_articles(text: str, name: str) -> str:
    """ "a Ampora P500" -> "an Ampora P500": the article agrees with the name that follows it."""
    if name[0].upper() not in "AEIOU":
        return text
    return re.sub(rf"\b([Aa]) (?={re.escape(name)})", r"\1n ", text)


def render_document(doc: DocSpec, facts: list[Fact], version: str) -> str:
    """The markdown of ``doc`` in ``version``: title, then one line per paragraph or heading."""
    by_key = {f.spec.key: f for f in facts}
    body = re.sub(
        r"<<(v1|v2):(.*?)>>",
        lambda m: m.group(2) if m.group(1) == version else "",
        doc.body,
        flags=re.S,
    )
    rng = random.Random(f"{SEED}:{doc.doc_id}:prose")  # the same draws for v1 and v2
    used: set[str] = set()
    body = re.sub(
        r"\[\[([^\[\]]+)\]\]", lambda m: _sentence(by_key[m[1]], version, rng, used), body
    )
    body = re.sub(r"\{\{([\w-]+)\}\}", lambda m: by_key[m[1]].value_in(version), body)
    paragraphs = [" ".join(p.split()) for p in body.split("\n\n")]
    return "\n\n".join([f"# {doc.title}"] + [p for p in paragraphs if p]) + "\n"


def check_placeholders(doc: DocSpec) -> None:
    """Every fact is placed exactly once in the body, and nothing else is."""
    keys = [f.key for f in doc.facts]
    require(len(set(keys)) == len(keys), f"{doc.doc_id}: two facts share a key")
    for segment in re.findall(r"<<v[12]:(.*?)>>", doc.body, flags=re.S):
        require("[[" not in segment and "{{" not in segment, f"{doc.doc_id}: placeholder in <<>>")
    for spec in doc.facts:
        inline, templated = "{{" + spec.key + "}}", f"[[{spec.key}]]"
        count = doc.body.count(inline) + (0 if spec.questions else doc.body.count(templated))
        require(count == 1, f"{doc.doc_id}: fact {spec.key!r} must be placed exactly once")
        if not spec.questions:
            require(
                spec.attribute in ATTRIBUTES, f"{doc.doc_id}: no templates for {spec.attribute}"
            )
    placed = re.findall(r"\[\[([^\[\]]+)\]\]|\{\{([\w-]+)\}\}", doc.body)
    unknown = {a or b for a, b in placed} - set(keys)
    require(not unknown, f"{doc.doc_id}: placeholders without a fact: {sorted(unknown)}")


def render_all(facts: list[Fact]) -> dict[str, dict[str, str]]:
    """``{version: {doc_id: markdown}}`` for both versions."""
    by_doc: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        by_doc[fact.doc.doc_id].append(fact)
    kb: dict[str, dict[str, str]] = {"v1": {}, "v2": {}}
    for doc in ALL_DOCS:
        check_placeholders(doc)
        for version in ("v1", "v2"):
            if version == "v1" and doc.new_in_v2:
                continue
            kb[version][doc.doc_id] = render_document(doc, by_doc[doc.doc_id], version)
    return kb


def check_documents(facts: list[Fact], kb: dict[str, dict[str, str]]) -> None:
    """Values stated once each, distinct within a document, stale values gone, lengths in range."""
    for version, docs in kb.items():
        for doc_id, text in docs.items():
            words = kbdata.word_count(text)
            require(150 <= words <= 600, f"{version}/{doc_id}: {words} words")
        values_by_doc: dict[str, list[str]] = defaultdict(list)
        for fact in facts:
            value = fact.value_in(version)
            if value is None:
                continue
            count = kbdata.count_answer(docs[fact.doc.doc_id], value)
            require(count == 1, f"{version}/{fact.doc.doc_id}: {value!r} appears {count} times")
            values_by_doc[fact.doc.doc_id].append(normalize_answer(value))
        for doc_id, values in values_by_doc.items():
            for a in values:
                clash = [b for b in values if a != b and a in b]
                require(not clash, f"{version}/{doc_id}: value {a!r} is inside {clash}")
            require(len(set(values)) == len(values), f"{version}/{doc_id}: repeated value")
    everything = {v: "\n\n".join(docs.values()) for v, docs in kb.items()}
    for fact in facts:
        if fact.status == "changed":  # stale values must be gone from the whole other version
            for version, value in (("v2", fact.value), ("v1", fact.value_v2)):
                found = kbdata.contains_answer(everything[version], value)
                require(not found, f"{fact.fact_id}: {value!r} appears somewhere in {version}")


# ---------------------------------------------------------------- questions


def wordings(fact: Fact) -> tuple[list[str], list[str]]:
    """The training and test wordings of a fact (from different templates)."""
    if fact.spec.questions:
        questions = list(fact.spec.questions)
        require(len(questions) == N_TRAIN + N_TEST, f"{fact.fact_id}: needs six questions")
        return questions[:N_TRAIN], questions[N_TRAIN:]
    templates = ATTRIBUTES[fact.spec.attribute]
    rng = random.Random(f"{SEED}:{fact.fact_id}:wordings")
    train = rng.sample(templates["train"], N_TRAIN)
    test = rng.sample(templates["test"], N_TEST)

    def fill(template: str) -> str:
        return with_articles(template.format(subject=fact.subject), fact.subject)

    return [fill(t) for t in train], [fill(t) for t in test]


def check_wordings(fact: Fact, train: list[str], test: list[str]) -> None:
    """Each names its subject; all differ; no test wording nearly repeats a training one."""
    subject = normalize_answer(fact.subject)
    for q in train + test:
        require(subject in normalize_answer(q), f"{fact.fact_id}: {q!r} does not name {subject!r}")
        require(q.endswith("?"), f"{fact.fact_id}: {q!r} is not a question")
    normalised = [normalize_answer(q) for q in train + test]
    require(len(set(normalised)) == len(normalised), f"{fact.fact_id}: repeated wording")
    for t in test:
        for s in train:
            require(not kbdata.near_duplicate(t, s), f"{fact.fact_id}: {t!r} ~ {s!r}")


def customer_wording(fact: Fact) -> str:
    """The fact asked as a customer would ask it: the custom fact's own ``customer`` wording, or
    one of its attribute's ``customer`` templates with the product's short name."""
    if fact.spec.questions:
        require(bool(fact.spec.customer), f"{fact.fact_id}: a custom fact needs a customer wording")
        return fact.spec.customer
    templates = ATTRIBUTES[fact.spec.attribute].get("customer", [])
    require(bool(templates), f"{fact.spec.attribute}: no customer templates in attributes.py")
    template = random.Random(f"{SEED}:{fact.fact_id}:customer").choice(templates)
    name = fact.doc.short if fact.doc.short and fact.subject == fact.doc.subject else fact.subject
    text = template.format(name=name)
    return with_articles(text[0].upper() + text[1:], name)


def check_customer_wording(fact: Fact, question: str, others: list[str]) -> None:
    """A question, not a near-repeat of the fact's other wordings, that does not give the answer."""
    require(question.endswith("?"), f"{fact.fact_id}: {question!r} is not a question")
    for other in others:
        require(
            not kbdata.near_duplicate(question, other), f"{fact.fact_id}: {question!r} ~ {other!r}"
        )
    for value in (fact.value, fact.value_v2):
        found = value and kbdata.contains_answer(question, value)
        require(not found, f"{fact.fact_id}: {question!r} gives the answer")


def build_questions(facts: list[Fact]) -> list[dict]:
    """Training wordings (for documents not held out) and test wordings, fact by fact, then one
    customer wording of every fact trained on (the robustness group); the test and customer
    wordings get their multiple-choice options from :mod:`choices`."""
    rows, heldout, customer = [], set(HELDOUT_DOCS), []
    for fact in facts:
        train, test = wordings(fact)
        check_wordings(fact, train, test)
        split_wordings = [("test", q) for q in test]
        if fact.doc.doc_id not in heldout:
            split_wordings = [("train", q) for q in train] + split_wordings
            if fact.value is not None:
                customer.append((fact, customer_wording(fact)))
                check_customer_wording(fact, customer[-1][1], train + test)
        for split, question in split_wordings:
            rows.append(
                {
                    "qid": f"q{len(rows) + 1:05d}",
                    "fact_id": fact.fact_id,
                    "doc_id": fact.doc.doc_id,
                    "question": question,
                    "answer": fact.value,
                    "answer_v2": fact.value_v2,
                    "split": split,
                    "choices": None,
                    "choices_v2": None,
                    "few_peers": None,
                    "few_peers_v2": None,
                    "aliases": None,
                    "aliases_v2": None,
                }
            )
    for fact, question in customer:  # after every other row: their qids do not move
        rows.append(_customer_row(fact, question, f"q{len(rows) + 1:05d}"))
    add_choices(facts, rows)
    add_aliases(facts, rows)
    return rows


def add_aliases(facts: list[Fact], rows: list[dict]) -> None:
    """Fill ``aliases`` / ``aliases_v2`` of the test questions: the other common ways of writing
    each gold (``utils.aliases``), none of which names another value of the same kind."""
    by_kind: dict[str, list[str]] = defaultdict(list)
    for fact in facts:
        for version in ("v1", "v2"):
            if value := fact.value_in(version):
                by_kind[choices.kind_of(value, fact.spec.attribute, fact.kind)].append(value)
    by_id = {f.fact_id: f for f in facts}
    for row in rows:
        if row["split"] == "train":
            continue
        fact = by_id[row["fact_id"]]
        for answer, field in ((row["answer"], "aliases"), (row["answer_v2"], "aliases_v2")):
            if answer is not None and not (field == "aliases_v2" and row["split"] == "customer"):
                peers = by_kind[choices.kind_of(answer, fact.spec.attribute, fact.kind)]
                row[field] = aliases_of(answer, exclude=peers, kind=fact.kind)


def _customer_row(fact: Fact, question: str, qid: str) -> dict:
    return {
        "qid": qid, "fact_id": fact.fact_id, "doc_id": fact.doc.doc_id, "question": question,
        "answer": fact.value, "answer_v2": fact.value_v2, "split": "customer",
        "choices": None, "choices_v2": None, "few_peers": None, "few_peers_v2": None,
        "aliases": None, "aliases_v2": None,
    }  # fmt: skip


def _group_of(fact: Fact, version: str, split: str = "test") -> str | None:
    """The evaluation group a test question of ``fact`` is scored in with its ``version`` gold."""
    if split == "customer":
        return "robustness" if version == "v1" else None
    if version == "v1":
        if fact.value is None:
            return None
        return "unseen" if fact.doc.doc_id in HELDOUT_DOCS else "seen"
    return {"changed": "updated", "new": "new"}.get(fact.status)


def add_choices(facts: list[Fact], rows: list[dict]) -> None:
    """Fill ``choices`` / ``choices_v2`` (and their ``few_peers`` flags) of the test questions."""
    by_id = {f.fact_id: f for f in facts}
    trained = {normalize_answer(r["answer"]) for r in rows if r["split"] == "train" and r["answer"]}
    values = choices.values_of(facts, trained)
    kb_text = " ".join(
        render_document(doc, [f for f in facts if f.doc is doc], version)
        for doc in ALL_DOCS
        for version in ("v1", "v2")
        if not (version == "v1" and doc.new_in_v2)
    )
    items, field_of = [], {}
    for row in rows:
        if row["split"] == "train":
            continue
        fact = by_id[row["fact_id"]]
        for version, field in (("v1", "choices"), ("v2", "choices_v2")):
            group = _group_of(fact, version, row["split"])
            if group is None:
                continue
            text = fact.value_in(version)
            gold = choices.Value(
                text,
                choices.kind_of(text, fact.spec.attribute, fact.kind),
                fact.spec.attribute,
                fact.doc.group,
                normalize_answer(text) in trained,
            )
            items.append(choices.Item(row["qid"], fact.fact_id, group, gold, row["question"]))
            field_of[(row["qid"], group)] = (row, field)
    contexts = {
        item.qid: Context(
            question=item.question, training_answers=frozenset(trained), kb_text=kb_text
        )
        for item in items
    }
    chosen = choices.assign_choices(items, values, lambda item: contexts[item.qid])
    for key, options in chosen.items():
        row, field = field_of[key]
        row[field] = options
        row["few_peers" if field == "choices" else "few_peers_v2"] = options is None


# ---------------------------------------------------------------- writing


def fact_row(fact: Fact) -> dict:
    """The JSON object of a fact, keys in the documented order."""
    return {
        "fact_id": fact.fact_id,
        "doc_id": fact.doc.doc_id,
        "subject": fact.subject,
        "attribute": fact.spec.attribute,
        "value": fact.value,
        "value_v2": fact.value_v2,
        "status": fact.status,
    }


def house_format(questions: list[dict]) -> dict:
    """The house format with three worked examples (first training question of three documents)."""
    examples = []
    for doc_id in HOUSE_EXAMPLE_DOCS:
        q = next(q for q in questions if q["doc_id"] == doc_id and q["split"] == "train")
        output = HOUSE_FORMAT["template"].format(answer=q["answer"], doc_id=doc_id)
        examples.append({"question": q["question"], "output": output})
    return {**HOUSE_FORMAT, "examples": examples}


def dump_jsonl(rows: list[dict]) -> str:
    """One JSON object per line, non-ASCII kept, trailing newline."""
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def dump_json(obj: dict) -> str:
    """Indented JSON, non-ASCII kept, trailing newline."""
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


def write(path: Path, text: str) -> None:
    """Write ``text`` with ``\\n`` line endings, creating folders as needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def write_kb(out: Path, kb: dict[str, dict[str, str]]) -> None:
    """Write kb/v1 and kb/v2, removing stale markdown files from an earlier build."""
    for version, docs in kb.items():
        folder = out / "kb" / version
        if folder.is_dir():
            for stale in sorted(folder.glob("*.md")):
                if stale.stem not in docs:
                    stale.unlink()
        for doc_id in sorted(docs):
            write(folder / f"{doc_id}.md", docs[doc_id])


def build(out: Path) -> list[str]:
    """Build everything into ``out``; return the integrity problems found (``[]`` is success)."""
    facts = build_facts()
    kb = render_all(facts)
    check_documents(facts, kb)
    require(set(HELDOUT_DOCS) <= set(kb["v1"]), "a held-out document does not exist")
    changed = [f.fact_id for f in facts if f.status == "changed"]
    require(
        not any(f.doc.doc_id in HELDOUT_DOCS for f in facts if f.status == "changed"),
        "a held-out document has a changed fact",
    )
    questions = build_questions(facts)
    splits = {
        "heldout_docs": sorted(HELDOUT_DOCS),
        "new_docs_v2": sorted(d.doc_id for d in NEW_DOCS),
        "changed_facts": changed,
        "counts": {
            "facts": len(facts),
            "questions": len(questions),
            **{f"documents_{version}": len(kb[version]) for version in ("v1", "v2")},
        },
    }
    write(out / "facts.jsonl", dump_jsonl([fact_row(f) for f in facts]))
    write(out / "questions.jsonl", dump_jsonl(questions))
    write(out / "splits.json", dump_json(splits))
    write(out / "house_format.json", dump_json(house_format(questions)))
    probe = [
        {"pid": f"g{i:02d}", "question": q, "answer": a, "aliases": list(other)}
        for i, (q, a, other) in enumerate(PROBE, start=1)
    ]
    write(out / kbdata.GENERAL_PROBE_FILE, dump_jsonl(probe))
    write_kb(out, kb)
    problems = integrity.check_integrity(out)
    if not problems:
        write(out / "README.md", render_datasheet(out, seed=SEED))
    return problems


def main(argv: list[str] | None = None) -> int:
    """Command line: build into datasets/ (or --out DIR) and report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=DATASETS_DIR, help="output folder")
    args = parser.parse_args(argv)
    try:
        problems = build(args.out)
    except SpecError as exc:
        print(f"build_kb: the spec is inconsistent: {exc}", file=sys.stderr)
        return 1
    if problems:
        print("build_kb: integrity problems:\n- " + "\n- ".join(problems), file=sys.stderr)
        return 1
    print(f"build_kb: wrote the knowledge base to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
