"""Write the datasheet, ``datasets/README.md``, from the data files themselves.

Every number in the datasheet is computed here from the files that ``build_kb.py`` has just
written (through ``utils.data``), so the datasheet cannot drift from the data.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from pathlib import Path

from utils import blind, integrity
from utils import data as kbdata

FIELDS = {
    "facts.jsonl": [
        ("fact_id", "unique id, `f0001`..."),
        ("doc_id", "the document that states the fact"),
        ("subject", "what the fact is about, e.g. `Tessel A250`; every question names it"),
        ("attribute", "what is stated, e.g. `battery life`"),
        ("value", "the v1 value, short (number with unit, name, date...); null if new in v2"),
        ("value_v2", "the v2 value when it differs from v1 (always set for new facts), else null"),
        ("status", "`unchanged`, `changed` (v1 and v2 values differ) or `new` (v2 only)"),
    ],
    "questions.jsonl": [
        ("qid", "unique id, `q00001`..."),
        ("fact_id", "the fact asked about"),
        ("doc_id", "the document that answers it (the retrieval target)"),
        ("question", "the wording; it always names the subject"),
        ("answer", "the v1 gold answer, exactly as written in the v1 document; null for new facts"),
        ("answer_v2", "the v2 gold answer when it differs from v1, else null"),
        (
            "split",
            "`train` (for fine-tuning), `test` (for evaluation only) or `customer` (for evaluation "
            "only: a fact trained on, asked the way a customer would, the `robustness` group)",
        ),
        ("choices", "test questions of v1 facts: 4 options, exactly one equal to `answer`"),
        ("choices_v2", "test questions of changed and new facts: 4 options, one is `answer_v2`"),
        (
            "few_peers",
            "test questions of v1 facts: `true` when the knowledge base holds too few values of the "
            "gold's kind for fair options, and then `choices` is null (free-text scoring only); "
            "null for training questions and new facts",
        ),
        ("few_peers_v2", "the same for `choices_v2` (changed and new facts)"),
        (
            "aliases",
            "test and customer questions: other common ways of writing `answer` that count as "
            "correct (the `accepted` metric); null for training questions and new facts",
        ),
        ("aliases_v2", "test questions: the same for `answer_v2`"),
    ],
    "splits.json": [
        ("heldout_docs", "documents never used for fine-tuning (but indexed for RAG)"),
        ("new_docs_v2", "documents that exist only in v2"),
        ("changed_facts", "facts whose value differs between v1 and v2"),
        (
            "counts",
            "how many facts, questions and documents (v1, v2) there are: loading checks them",
        ),
    ],
    "general_probe.jsonl": [
        ("pid", "unique id, `g01`..."),
        ("question", "a question about the real world, not about the company"),
        ("answer", "its short answer"),
        ("aliases", "other ways of writing the answer that count (the `accepted` metric)"),
    ],
    "house_format.json": [
        ("template", "the answer format, with `{answer}` and `{doc_id}`"),
        ("regex", "matches a compliant answer; named groups `answer` and `doc_id`"),
        ("description", "what the format is for"),
        ("examples", "three worked examples (`question`, `output`)"),
    ],
}


def _fields_table(name: str) -> str:
    rows = [f"| `{key}` | {text} |" for key, text in FIELDS[name]]
    return "\n".join(["| field | meaning |", "|---|---|", *rows])


def _count_table(s: dict) -> str:
    groups = s["test_groups"]
    rows = [
        ("facts with a v1 value", s["facts_v1"]),
        ("facts in v2 (incl. new)", s["facts_v2"]),
        ("changed facts (v1 -> v2)", f"{s['facts_changed']} ({s['changed_fraction']:.1%} of v1)"),
        ("new facts (v2 only)", s["facts_new"]),
        ("documents v1 / v2", f"{s['docs_v1']} / {s['docs_v2']}"),
        ("documents new in v2", s["docs_new_v2"]),
        ("documents held out of fine-tuning", s["docs_heldout"]),
        (
            "words per v1 document, min / median / max",
            "{min} / {median} / {max}".format(**s["words_v1"]),
        ),
        (
            "words per v2 document, min / median / max",
            "{min} / {median} / {max}".format(**s["words_v2"]),
        ),
        ("training questions", s["questions_train"]),
        ("test questions", s["questions_test"]),
        ("customer questions (test wordings as customers ask)", s["questions_customer"]),
        ("test questions `seen` (v1 facts, documents used for fine-tuning)", groups["seen"]),
        ("test questions `unseen` (held-out documents)", groups["unseen"]),
        ("test questions `updated` (changed facts, gold `answer_v2`)", groups["updated"]),
        ("test questions `new` (v2-only documents, gold `answer_v2`)", groups["new"]),
        (
            "customer questions `robustness` (the facts of `seen`, asked as customers ask)",
            groups["robustness"],
        ),
    ]
    return "\n".join(["| what | count |", "|---|---|", *(f"| {a} | {b} |" for a, b in rows)])


def _options_table(root: Path) -> str:
    groups = kbdata.eval_groups(None, root)
    rows = []
    for group, questions in groups.items():
        v2 = group in ("updated", "new")
        with_options = sum(bool(q.choices_v2 if v2 else q.choices) for q in questions)
        facts = {q.fact_id for q in questions if (q.choices_v2 if v2 else q.choices)}
        rows.append(f"| {group} | {len(questions)} | {with_options} ({len(facts)} facts) |")
    header = ["| group | test questions | with options |", "|---|---|---|"]
    return "\n".join(header + rows)


def _coverage(root: Path, group: str) -> str:
    """``"24 of 51"``: the facts of ``group`` whose questions have options, of all its facts."""
    questions = kbdata.eval_groups(None, root)[group]
    v2 = group in ("updated", "new")
    facts = {q.fact_id for q in questions}
    with_options = {q.fact_id for q in questions if (q.choices_v2 if v2 else q.choices)}
    return f"{len(with_options)} of {len(facts)}"


def _blind_table(root: Path) -> str:
    table = blind.blind_baselines(root)
    groups = list(table)
    rows = [
        f"| {rule} | " + " | ".join(f"{table[g][rule]:.3f}" for g in groups) + " |"
        for rule in blind.RULES
    ]
    header = ["| rule | " + " | ".join(groups) + " |", "|---" * (len(groups) + 1) + "|"]
    return "\n".join(header + rows)


def _groups_of_documents(root: Path) -> str:
    prefixes = Counter(d.doc_id.split("-")[0] for d in kbdata.load_documents("v1", root))
    names = {
        "tessel": "Tessel handheld GPS navigators",
        "nimbrel": "Nimbrel weather stations",
        "glimra": "Glimra trail cameras and their solar pack",
        "ampora": "Ampora power stations and solar panel",
        "beaconet": "Beaconet satellite messengers",
        "lumberra": "Lumberra headlamps",
        "policy": "policies (warranty, returns, shipping, support, privacy...)",
        "service": "services (plans, cloud, calibration, rentals)",
        "guide": "guides (maps, SOS, batteries, cold weather)",
        "app": "the companion app",
        "about": "the company profile",
    }
    return "\n".join(
        f"- {names.get(p, p)}: {n} document{'s' if n > 1 else ''}"
        for p, n in sorted(prefixes.items())
    )


def _heldout_summary(root: Path) -> str:
    heldout = kbdata.load_splits(root).heldout_docs
    families = sorted({d.split("-")[0] for d in heldout} - {"policy", "service", "guide"})
    others = Counter(d.split("-")[0] for d in heldout if d.split("-")[0] not in families)
    parts = [f"one per product family ({', '.join(families)})"]
    parts += [f"{n} {kind} document{'s' if n > 1 else ''}" for kind, n in others.items()]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _reflow(markdown: str, width: int = 100) -> str:
    """Wrap prose paragraphs and list items at ``width``; leave tables, code and headings alone."""
    blocks, in_code = [], False
    for block in markdown.split("\n\n"):
        if block.startswith("```") or in_code:
            in_code = block.count("```") % 2 == 1 if not in_code else block.count("```") % 2 == 0
            blocks.append(block)
        elif block.startswith(("|", "#")):
            blocks.append(block)
        elif block.startswith("- "):
            items = ["- " + item for item in block[2:].split("\n- ")]
            blocks.append("\n".join(_fill(" ".join(i.split()), width, "  ") for i in items))
        else:
            blocks.append(_fill(" ".join(block.split()), width, ""))
    return "\n\n".join(blocks)


def _fill(text: str, width: int, indent: str) -> str:
    return textwrap.fill(
        text, width, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False
    )


def _update_summary(root: Path) -> str:
    facts = kbdata.load_facts(root)
    changed = Counter(f.attribute for f in facts if f.status == "changed")
    top = ", ".join(f"{attr} ({n})" for attr, n in changed.most_common(6))
    example = next(f for f in facts if f.status == "changed")
    splits = kbdata.load_splits(root)
    return (
        f"Version 2 is the complete knowledge base after an update: {len(splits.changed_facts)} "
        f"facts change value (most often: {top}), and {len(splits.new_docs_v2)} documents are new "
        f"({', '.join(f'`{d}`' for d in splits.new_docs_v2)}), with "
        f"{sum(f.status == 'new' for f in facts)} new facts. For example, fact `{example.fact_id}` "
        f"({example.subject}, {example.attribute}) is {example.value!r} in v1 and "
        f"{example.value_v2!r} in v2. A changed fact's v1 value never appears in the v2 documents "
        "and its v2 value never appears in v1, so a model answering with the old value can only "
        "have learnt it from v1. Held-out documents do not change, so the `unseen` and `updated` "
        "groups are disjoint."
    )


def render_datasheet(root: Path, seed: int) -> str:
    """The whole ``README.md`` of ``datasets/``, computed from the files under ``root``."""
    return _reflow(_datasheet_markdown(root, seed).strip()) + "\n"


def _datasheet_markdown(root: Path, seed: int) -> str:
    s = integrity.data_summary(root)
    house = kbdata.load_house_format(root)
    example = house.examples[0]
    return f"""# Datasheet: the Kestrune knowledge base

This folder holds the course's own data: the documentation of **Kestrune Field Electronics**, a
company that does not exist, which makes handheld GPS navigators, weather stations, trail cameras,
power stations, satellite messengers and headlamps. It reads like the product, service and policy
pages a company would put behind a support chatbot. Because the company is invented, no language
model can have memorised it: every correct answer has to come from retrieval (RAG) or from
fine-tuning, which is what the course measures.

## What is in it

- `kb/v1/*.md`: the knowledge base, one markdown document per page ({s["docs_v1"]} documents);
- `kb/v2/*.md`: the complete knowledge base after an update ({s["docs_v2"]} documents);
- `facts.jsonl`: every fact stated in the documents, with its v1 and v2 value (the single
  source of truth);
- `questions.jsonl`: questions about the facts with short gold answers, split into training
  and test wordings;
- `splits.json`: held-out documents, documents new in v2, changed facts, and the counts of everything;
- `house_format.json`: the answer format of the style-adaptation experiment;
- `general_probe.jsonl`: real-world questions that the base model answered correctly when they
  were written (kept only then), asked before and after fine-tuning in notebook 5 to see what
  fine-tuning costs the model's general knowledge;
- `generator/`: the code and the hand-written spec that produce all of the above.

Documents by family:

{_groups_of_documents(root)}

Sibling products (Tessel A200 / A250 / A300, ...) have the same attributes with different values
and similar wording, documents refer to each other (a product page points to the warranty, a guide
lists several products), and every document also contains details that no question asks about.

## How it was made

The domain, the documents' prose, the facts and the question wordings were written for this course
and live in the spec modules `generator/spec_*.py`. `generator/build_kb.py` renders them: facts of shared attributes are stated with one of
several sentence templates per attribute, the question wordings and the multiple-choice options are
drawn with `random.Random` seeded from `utils.settings.SEED` (= {seed}), and every promise of this
datasheet is checked before anything is written. To regenerate every file byte for byte:

```bash
make data    # = python datasets/generator/build_kb.py  (or --out DIR to write elsewhere)
python -m utils.integrity     # counts and integrity checks (also run by `make check`)
```

Questions: each fact has {kbdata.MIN_TRAIN_PER_FACT} training wordings (only for documents that are
not held out) and {kbdata.MIN_TEST_PER_FACT} test wordings drawn from different templates; no test
wording is a near-duplicate of a training wording of the same fact (difflib ratio >=
{kbdata.NEAR_DUPLICATE_RATIO} on normalised text). Each gold answer appears verbatim in its
document. Every fact trained on also has one **customer** wording (split `customer`), the way a
customer would ask it: a situation, informal, the product's short name rather than its full name
(`customer` templates per attribute, a hand-written `customer` wording per custom fact). It is never
trained on, is no near-duplicate of the fact's training or test wordings, and does not name the
answer. The `aliases` of a gold answer are the other common ways of writing it (`utils.aliases`:
units abbreviated or spelled out, currency words, clock times, dates, surnames), none of which names
another value of the same kind.

## Multiple-choice options

Every distractor is a value the knowledge base itself states, of the same kind as the gold (the
same unit or form, `# g`, `€#`, a date, a person...) and with the same training status: when the
gold is an answer the fine-tuned model learns to say (the v1 answer of a training question), so is
every distractor, and when it is not, none is. Siblings' values of the same attribute come first.
Which three a question gets is chosen group by group (`generator/choices.py`) so that no
option-picking rule that reads no facts beats chance; the gold's place cycles through the four
positions and its rank among numeric options is balanced. A gold with fewer than three such values
gets no options and `few_peers: true` (it is scored on free text only) rather than invented ones.
The two test wordings of a fact get different option sets where there are enough values.

{_options_table(root)}

Blind baselines (`utils.blind`): the expected accuracy of each rule, ties broken at random. `make
check` fails when any of them leaves [{blind.CHANCE_BAND[0]:.2f}, {blind.CHANCE_BAND[1]:.2f}] on any
group.

{_blind_table(root)}

## Counts

{_count_table(s)}

Words are whitespace-separated tokens of the whole markdown file, title included.

## File formats

All JSON is UTF-8 with `\\n` line endings; `.jsonl` files hold one object per line, keys in the
order below. Values are short strings: a number with its unit (`38 hours`, `1,228 Wh`), a price
(`€349`), a date (`14 March 2024`), a name, a colour, an email address.

`facts.jsonl`

{_fields_table("facts.jsonl")}

`questions.jsonl`

{_fields_table("questions.jsonl")}

`splits.json`

{_fields_table("splits.json")}

`house_format.json`

{_fields_table("house_format.json")}

`general_probe.jsonl`

{_fields_table("general_probe.jsonl")}

Documents: `kb/<version>/<doc_id>.md`, first line `# <Title>`, then one line per paragraph or
`##` heading. Load everything with `utils.data` (`load_facts`, `load_documents`, `load_questions`,
`questions_dataset`, `load_splits`, `load_house_format`, `load_general_probe`, `eval_groups`).

## Splits and evaluation groups

{s["docs_heldout"]} of the {s["docs_v1"]} v1 documents are held out of fine-tuning,
{_heldout_summary(root)}: their facts have test questions but no training
questions, and RAG indexes them like any other document. `utils.data.eval_groups()` sorts the test
questions into `seen` ({s["test_groups"]["seen"]}), `unseen` ({s["test_groups"]["unseen"]}),
`updated` ({s["test_groups"]["updated"]}, also counted in `seen` with their v1 gold), `new`
({s["test_groups"]["new"]}) and, from the customer wordings, `robustness`
({s["test_groups"]["robustness"]}: the facts of `seen`, asked as customers ask).

## The update (v1 -> v2)

{_update_summary(root)}

## The house format

For the style-adaptation experiment, answers are written in one line that cites the source
document: `{house.template}`. The regular expression `{house.regex}` matches every rendered
answer of every fact (checked by the integrity tests). Example: the question "{example["question"]}"
is answered `{example["output"]}`.

## Licence

The data in this folder (documents, facts, questions and the spec in `generator/`) was written for
this course and is released under the Creative Commons Attribution 4.0 International licence
(CC BY 4.0). Kestrune, its products, people, places and numbers are fictional; any resemblance to
real companies or persons is coincidental.

## Known limitations

- Synthetic: one invented company, written for teaching; real documentation is messier (tables,
  versions, contradictions, scanned PDFs).
- Templated prose: facts of shared attributes are stated with a few sentence templates, and
  question wordings come from a few templates per attribute, so wordings repeat across subjects.
- English only.
- Short factual answers only (numbers, names, dates, colours): no multi-hop reasoning, no long-form
  answers, no questions without an answer. A correct answer phrased differently from the gold
  (`38 h` for `38 hours`) fails exact match and containment; the `aliases` cover the common other
  forms (the `accepted` metric), not every possible one.
- Training and test wordings name their subject in full, which makes retrieval easier than with
  real user questions; the customer wordings (the `robustness` group) use short names and
  situations instead, one per fact trained on.
- Multiple-choice options exist only where the knowledge base states at least three other values of
  the gold's kind and training status: {_coverage(root, "unseen")} of the `unseen` facts have them,
  so the `unseen` multiple-choice figure rests on fewer facts than its free-text one.
- Small: a few hundred facts, enough for CPU-sized experiments but with wide confidence intervals;
  report them.
"""
