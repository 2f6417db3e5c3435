"""Integrity tests of the knowledge base in ``datasets/`` (the promises of datasets/README.md).

The second half corrupts a copy of the data in several ways and checks that the loaders and
``check_integrity`` notice each corruption, naming the file and the line where it applies.
"""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from utils import blind, data, integrity
from utils.metrics import normalize_answer
from utils.settings import DATASETS_DIR, REPO_ROOT

GENERATOR = DATASETS_DIR / "generator" / "build_kb.py"


@pytest.fixture(scope="module")
def facts():
    return data.load_facts()


@pytest.fixture(scope="module")
def questions():
    return data.load_questions()


@pytest.fixture(scope="module")
def docs():
    return {v: {d.doc_id: d for d in data.load_documents(v)} for v in data.VERSIONS}


@pytest.fixture(scope="module")
def splits():
    return data.load_splits()


# ---------------------------------------------------------------- the committed data


def test_check_integrity_finds_no_problem():
    assert integrity.check_integrity() == []


def test_ids_are_unique(facts, questions, docs):
    assert len({f.fact_id for f in facts}) == len(facts)
    assert len({q.qid for q in questions}) == len(questions)
    for version in data.VERSIONS:
        ids = [d.doc_id for d in data.load_documents(version)]
        assert ids == sorted(set(ids))


def test_documents_have_a_title_line(docs):
    for version_docs in docs.values():
        for doc in version_docs.values():
            assert doc.text.startswith(f"# {doc.title}\n")


def test_every_gold_answer_is_in_its_document(facts, questions, docs):
    for q in questions:
        if q.answer is not None:
            assert normalize_answer(q.answer) in normalize_answer(docs["v1"][q.doc_id].text)
        gold_v2 = q.answer_v2 or q.answer
        assert normalize_answer(gold_v2) in normalize_answer(docs["v2"][q.doc_id].text)
    for fact in facts:
        if fact.value is not None:
            assert data.contains_answer(docs["v1"][fact.doc_id].text, fact.value), fact


def test_changed_values_appear_in_their_own_version_only(facts, docs, splits):
    changed = [f for f in facts if f.status == "changed"]
    assert sorted(f.fact_id for f in changed) == sorted(splits.changed_facts)
    for fact in changed:
        assert normalize_answer(fact.value) != normalize_answer(fact.value_v2)
        v1_text, v2_text = docs["v1"][fact.doc_id].text, docs["v2"][fact.doc_id].text
        assert data.contains_answer(v1_text, fact.value)
        assert data.contains_answer(v2_text, fact.value_v2)
        assert not data.contains_answer(v2_text, fact.value), fact
        assert not data.contains_answer(v1_text, fact.value_v2), fact


def test_no_two_facts_of_a_document_share_a_value(facts):
    values = Counter((f.doc_id, normalize_answer(f.value_v2 or f.value)) for f in facts)
    assert max(values.values()) == 1


def test_no_test_wording_nearly_repeats_a_training_wording(questions):
    wordings = defaultdict(lambda: defaultdict(list))
    for q in questions:
        wordings[q.fact_id][q.split].append(q.question)
    for by_split in wordings.values():
        for test in by_split["test"]:
            assert not any(data.near_duplicate(test, train) for train in by_split["train"]), test


def test_near_duplicate_definition():
    assert data.near_duplicate("How heavy is the Tessel A250?", "how heavy is the tessel a250")
    assert data.near_duplicate("What does a Tessel A250 weigh?", "What does the Tessel A250 weigh?")
    assert not data.near_duplicate(
        "How heavy is the Tessel A250?", "If I put a Tessel A250 on a kitchen scale, what reads?"
    )


def test_every_question_names_its_subject(facts, questions):
    """Training and test wordings do; a customer may use a short name instead."""
    subjects = {f.fact_id: normalize_answer(f.subject) for f in facts}
    for q in [q for q in questions if q.split != "customer"]:
        assert subjects[q.fact_id] in normalize_answer(q.question), q


def test_exactly_one_correct_choice(facts, questions):
    status = {f.fact_id: f.status for f in facts}
    for q in questions:
        if q.split == "train":
            assert q.choices is None and q.choices_v2 is None
            continue
        gold_v2 = q.answer_v2 if q.split == "test" else None  # customer wordings: v1 only
        for choices, gold, few in (
            (q.choices, q.answer, q.few_peers),
            (q.choices_v2, gold_v2, q.few_peers_v2),
        ):
            if gold is None:
                assert choices is None and few is None
                continue
            assert few is (choices is None), q
            if few:
                continue
            normalised = [normalize_answer(c) for c in choices]
            assert len(choices) == 4 and len(set(normalised)) == 4, q
            assert normalised.count(normalize_answer(gold)) == 1, q
        v2_scored = q.split == "test" and status[q.fact_id] in ("changed", "new")
        assert (q.few_peers_v2 is not None) == v2_scored


def test_distractors_are_real_values_with_the_gold_s_training_status(facts, questions):
    """Every option is a value the knowledge base states, and none is more familiar to the
    fine-tuned model than the others: all four are training answers, or none is."""
    stated = {normalize_answer(v) for f in facts for v in (f.value, f.value_v2) if v}
    trained = {normalize_answer(q.answer) for q in questions if q.split == "train" and q.answer}
    n_sets = 0
    for q in questions:
        for choices in (q.choices, q.choices_v2):
            if choices:
                n_sets += 1
                assert {normalize_answer(c) for c in choices} <= stated, q
                assert len({normalize_answer(c) in trained for c in choices}) == 1, q
    assert n_sets > 400


def test_most_facts_give_their_two_wordings_different_options(questions):
    by_fact = defaultdict(list)
    for q in questions:
        if q.choices and q.split == "test":
            by_fact[q.fact_id].append(frozenset(q.choices))
    pairs = [sets for sets in by_fact.values() if len(sets) == 2]
    assert sum(a != b for a, b in pairs) / len(pairs) > 0.8


def test_heldout_documents_have_no_training_questions(questions, splits):
    heldout = set(splits.heldout_docs)
    assert not [q for q in questions if q.split == "train" and q.doc_id in heldout]


def test_counts_promised_by_the_datasheet(facts, questions, docs, splits):
    v1_facts = [f for f in facts if f.value is not None]
    assert len(v1_facts) >= 200
    assert len(docs["v1"]) >= 40
    assert sum(f.status == "changed" for f in facts) / len(v1_facts) >= 0.15
    assert len(splits.new_docs_v2) >= 3
    assert sorted(splits.new_docs_v2) == sorted(set(docs["v2"]) - set(docs["v1"]))
    assert 0.15 <= len(splits.heldout_docs) / len(docs["v1"]) <= 0.25
    for version_docs in docs.values():
        assert all(150 <= data.word_count(d.text) <= 600 for d in version_docs.values())
    counts = Counter((q.fact_id, q.split) for q in questions)
    heldout = set(splits.heldout_docs)
    for fact in facts:
        assert counts[(fact.fact_id, "test")] >= 2
        if fact.doc_id not in heldout:
            assert counts[(fact.fact_id, "train")] >= 4


def test_values_are_not_trivial(facts):
    for fact in facts:
        for value in (fact.value, fact.value_v2):
            if value is not None:
                assert len(normalize_answer(value)) >= 2, fact


def test_house_format_matches_every_rendered_answer(facts):
    house = data.load_house_format()
    for fact in facts:
        for value in (fact.value, fact.value_v2):
            if value is not None:
                rendered = house.render(value, fact.doc_id)
                assert house.parse(rendered) == {"answer": value, "doc_id": fact.doc_id}
    assert house.complies(house.examples[0]["output"])
    assert not house.complies("Answer: 38 hours")
    assert not house.complies("Answer: 38 hours [doc: tessel-a250]\nAnything else?")


def test_eval_groups(facts, splits):
    groups = data.eval_groups()
    status = {f.fact_id: f.status for f in facts}
    heldout = set(splits.heldout_docs)
    assert all(q.doc_id in heldout for q in groups["unseen"])
    assert all(q.doc_id not in heldout for q in groups["seen"])
    assert all(status[q.fact_id] == "changed" for q in groups["updated"])
    assert all(status[q.fact_id] == "new" and q.answer is None for q in groups["new"])
    assert all(q.answer is not None for q in groups["seen"] + groups["unseen"])
    assert groups["seen"] and groups["unseen"] and groups["updated"] and groups["new"]


def test_loaders_filter_and_convert():
    train, test = data.load_questions("train"), data.load_questions("test")
    assert {q.split for q in train} == {"train"} and {q.split for q in test} == {"test"}
    dataset = data.questions_dataset("test")
    assert len(dataset) == len(test) and dataset[0]["qid"] == test[0].qid
    with pytest.raises(ValueError, match="v1"):
        data.load_documents("v3")
    with pytest.raises(ValueError, match="train"):
        data.load_questions("validation")


def test_generator_reproduces_every_file_byte_for_byte(tmp_path):
    subprocess.run([sys.executable, str(GENERATOR), "--out", str(tmp_path)], check=True)
    committed = _data_files(DATASETS_DIR)
    assert committed == _data_files(tmp_path)
    for relative in committed:
        assert (DATASETS_DIR / relative).read_bytes() == (tmp_path / relative).read_bytes(), (
            relative
        )


def test_command_line_check():
    result = subprocess.run(
        [sys.executable, "-m", "utils.integrity"], cwd=REPO_ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "data integrity: OK" in result.stdout


def _data_files(root: Path) -> list[str]:
    """Every data file under ``root``, the generator's own code excluded."""
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and "generator" not in p.relative_to(root).parts
    )


# ---------------------------------------------------------------- corrupted copies


@pytest.fixture
def kb_copy(tmp_path) -> Path:
    """A copy of the data files that a test may break."""
    root = tmp_path / "datasets"
    shutil.copytree(DATASETS_DIR, root, ignore=shutil.ignore_patterns("generator", "__pycache__"))
    return root


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def _rewrite_line(path: Path, number: int, edit) -> None:
    lines = _lines(path)
    lines[number - 1] = edit(lines[number - 1])
    path.write_text("".join(lines), encoding="utf-8")


def _edit_json_line(path: Path, number: int, **changes) -> None:
    _rewrite_line(path, number, lambda line: json.dumps({**json.loads(line), **changes}) + "\n")


def test_detects_a_gold_answer_removed_from_its_document(kb_copy, facts):
    fact = next(f for f in facts if f.status == "unchanged")
    doc = kb_copy / "kb" / "v1" / f"{fact.doc_id}.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace(fact.value, "XXX"), encoding="utf-8")
    problems = integrity.check_integrity(kb_copy)
    assert any(f"{fact.doc_id}.md" in p and fact.fact_id in p for p in problems), problems


def test_detects_a_stale_value_left_in_v2(kb_copy, facts):
    fact = next(f for f in facts if f.status == "changed")
    doc = kb_copy / "kb" / "v2" / f"{fact.doc_id}.md"
    doc.write_text(doc.read_text(encoding="utf-8") + f"\nIt was {fact.value}.\n", encoding="utf-8")
    problems = integrity.check_integrity(kb_copy)
    assert any(fact.fact_id in p and "must not appear" in p for p in problems), problems


def test_detects_a_duplicated_qid(kb_copy):
    path = kb_copy / "questions.jsonl"
    first_qid = json.loads(_lines(path)[0])["qid"]
    _edit_json_line(path, 2, qid=first_qid)
    problems = integrity.check_integrity(kb_copy)
    assert any("questions.jsonl, line 2" in p and first_qid in p for p in problems), problems


def test_detects_a_test_wording_copied_from_training(kb_copy):
    path = kb_copy / "questions.jsonl"
    rows = [json.loads(line) for line in _lines(path)]
    train = next(r for r in rows if r["split"] == "train")
    number = next(
        i
        for i, r in enumerate(rows, 1)
        if r["split"] == "test" and r["fact_id"] == train["fact_id"]
    )
    _edit_json_line(path, number, question=train["question"])
    problems = integrity.check_integrity(kb_copy)
    assert any(f"questions.jsonl, line {number}" in p and "repeats" in p for p in problems), (
        problems
    )


def test_detects_a_wrong_set_of_choices(kb_copy):
    path = kb_copy / "questions.jsonl"
    rows = [json.loads(line) for line in _lines(path)]
    number, row = next((i, r) for i, r in enumerate(rows, 1) if r["choices"])
    wrong = [c for c in row["choices"] if c != row["answer"]] + ["not the answer"]
    _edit_json_line(path, number, choices=wrong)
    problems = integrity.check_integrity(kb_copy)
    assert any(f"questions.jsonl, line {number}" in p and "choices" in p for p in problems)


def test_detects_a_few_peers_flag_that_disagrees_with_the_choices(kb_copy):
    path = kb_copy / "questions.jsonl"
    rows = [json.loads(line) for line in _lines(path)]
    number = next(i for i, r in enumerate(rows, 1) if r["choices"])
    _edit_json_line(path, number, few_peers=True)
    problems = integrity.check_integrity(kb_copy)
    assert any(
        f"questions.jsonl, line {number}" in p and "few_peers is true" in p for p in problems
    ), problems


def test_options_that_can_be_guessed_fail_the_check_and_name_the_rule_and_group(kb_copy):
    """The options the course had before they were balanced: the gold was often the only training
    answer among them, and scaled copies of it put it in the middle. The check must catch them."""
    with gzip.open(Path(__file__).parent / "data" / "old_choices.json.gz", "rt") as handle:
        old = json.load(handle)
    path = kb_copy / "questions.jsonl"
    rows = [json.loads(line) for line in _lines(path)]
    for row in rows:
        if row["qid"] in old:
            row["choices"], row["choices_v2"] = old[row["qid"]]
            row["few_peers"] = None if row["choices"] is None else False
            row["few_peers_v2"] = None if row["choices_v2"] is None else False
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    problems = integrity.check_integrity(kb_copy)
    assert any(
        p.startswith(str(data.display_path(path)))
        and 'seen: the rule "is a training answer"' in p
        and "make data" in p
        for p in problems
    ), problems
    assert any('unseen: the rule "closest to the median"' in p for p in problems), problems


def test_the_course_options_leave_every_blind_rule_near_chance():
    table = blind.blind_baselines()
    assert set(table) == {"seen", "unseen", "robustness", "updated", "new"}
    assert blind.guessable(table) == []
    assert all(len(rules) == len(blind.RULES) for rules in table.values())


def test_an_alias_that_names_another_option_is_refused_with_line_and_fix(kb_copy):
    path = kb_copy / "questions.jsonl"
    rows = [json.loads(line) for line in _lines(path)]
    number, row = next((i, r) for i, r in enumerate(rows, 1) if r["choices"] and r["aliases"])
    wrong = next(c for c in row["choices"] if c != row["answer"])
    _edit_json_line(path, number, aliases=[*row["aliases"], wrong])
    problems = integrity.check_integrity(kb_copy)
    assert any(
        f"questions.jsonl, line {number}" in p
        and f"also matches the option {wrong!r}" in p
        and "make data" in p
        for p in problems
    ), problems


def test_an_alias_of_another_value_is_refused(kb_copy):
    path = kb_copy / "questions.jsonl"
    rows = [json.loads(line) for line in _lines(path)]
    number = next(i for i, r in enumerate(rows, 1) if r["answer"] == "184 g")
    _edit_json_line(path, number, aliases=["185 grams"])
    problems = integrity.check_integrity(kb_copy)
    assert any(
        f"line {number}" in p and "'185 grams'" in p and "not a way of writing" in p
        for p in problems
    ), problems


def test_malformed_json_line_names_file_line_and_fix(kb_copy):
    path = kb_copy / "questions.jsonl"
    _rewrite_line(path, 17, lambda line: line[:25] + "\n")
    with pytest.raises(data.DataFileError, match=r"questions\.jsonl, line 17: not valid JSON"):
        data.load_questions(root=kb_copy)
    problems = integrity.check_integrity(kb_copy)
    assert len(problems) == 1 and "line 17" in problems[0] and "make data" in problems[0]


def test_missing_key_names_file_line_and_key(kb_copy):
    path = kb_copy / "facts.jsonl"
    row = json.loads(_lines(path)[4])
    del row["status"]
    _rewrite_line(path, 5, lambda _: json.dumps(row) + "\n")
    with pytest.raises(data.DataFileError, match=r"facts\.jsonl, line 5: missing key\(s\): status"):
        data.load_facts(kb_copy)


def test_missing_file_names_the_path_and_the_fix(kb_copy):
    (kb_copy / "splits.json").unlink()
    with pytest.raises(data.DataFileError, match=r"splits\.json: file not found.*git checkout"):
        data.load_splits(kb_copy)
    problems = integrity.check_integrity(kb_copy)
    assert len(problems) == 1 and "splits.json" in problems[0]
    shutil.rmtree(kb_copy / "kb" / "v2")
    with pytest.raises(data.DataFileError, match="v2: folder not found"):
        data.load_documents("v2", kb_copy)


def test_command_line_check_fails_on_broken_data(kb_copy):
    (kb_copy / "facts.jsonl").unlink()
    result = subprocess.run(
        [sys.executable, "-m", "utils.integrity", "--root", str(kb_copy)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "facts.jsonl: file not found" in result.stdout


@pytest.mark.parametrize("name", ["questions.jsonl", "facts.jsonl"])
def test_an_empty_data_file_is_refused_with_the_fix(kb_copy, name):
    (kb_copy / name).write_text("\n")
    loader = data.load_questions if name == "questions.jsonl" else data.load_facts
    with pytest.raises(data.DataFileError, match=rf"{name}: the file is empty.*make data"):
        loader(root=kb_copy)


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_a_deleted_document_is_noticed_when_loading(kb_copy, version):
    victim = sorted((kb_copy / "kb" / version).glob("*.md"))[3]
    victim.unlink()
    with pytest.raises(data.DataFileError, match=rf"missing: {victim.name}.*git checkout"):
        data.load_documents(version, root=kb_copy)


def test_a_truncated_questions_file_is_refused_as_incomplete(kb_copy):
    path = kb_copy / "questions.jsonl"
    lines = _lines(path)
    path.write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")
    with pytest.raises(
        data.DataFileError, match=r"questions\.jsonl: \d+ questions found.*incomplete"
    ):
        data.load_questions(root=kb_copy)


def test_an_extra_document_is_noticed(kb_copy):
    (kb_copy / "kb" / "v1" / "zz-stray.md").write_text("# Stray\n\nNot part of the course.\n")
    with pytest.raises(data.DataFileError, match=r"kb/v1: 45 documents in kb/v1 found.*has 44"):
        data.load_documents("v1", root=kb_copy)


def test_customer_wordings_ask_the_seen_facts_in_other_words(facts, questions, splits):
    heldout = set(splits.heldout_docs)
    seen = {f.fact_id for f in facts if f.value is not None and f.doc_id not in heldout}
    customer = [q for q in questions if q.split == "customer"]
    assert sorted(q.fact_id for q in customer) == sorted(seen)  # one per fact trained on
    by_fact = defaultdict(list)
    for q in questions:
        if q.split != "customer":
            by_fact[q.fact_id].append(q.question)
    for q in customer:
        assert not any(data.near_duplicate(q.question, other) for other in by_fact[q.fact_id]), q
        assert not data.contains_answer(q.question, q.answer), q
    assert [q.qid for q in data.eval_groups()["robustness"]] == [q.qid for q in customer]
    assert (
        sum(
            normalize_answer(f.subject) not in normalize_answer(q.question)
            for q in customer
            for f in facts
            if f.fact_id == q.fact_id
        )
        > len(customer) / 3
    )


def test_detects_a_broken_general_knowledge_probe(kb_copy):
    from utils.data import GENERAL_PROBE_FILE

    path = kb_copy / GENERAL_PROBE_FILE
    rows = [json.loads(line) for line in _lines(path)]
    _edit_json_line(path, 2, pid=rows[0]["pid"], aliases=[rows[1]["answer"]])
    problems = integrity.check_integrity(kb_copy)
    assert any(GENERAL_PROBE_FILE in p and rows[0]["pid"] in p for p in problems), problems
    assert any("line 2" in p and "among its aliases" in p for p in problems), problems
    path.write_text("".join(_lines(path)[:5]), encoding="utf-8")
    assert any("fewer than" in p for p in integrity.check_integrity(kb_copy))
