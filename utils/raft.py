"""RAFT-style training data (notebook 6): a question with passages, the target quoting the evidence.

RAFT (Zhang et al. 2024, arXiv 2403.10131) fine-tunes a model on what RAG will show it: the question,
the *oracle* passage (the chunk that holds the answer) among *distractors* (chunks that do not), and a
target that first quotes the evidence, then answers. With probability ``1 - p_oracle`` the oracle is
left out, and the target still answers (as RAFT does), saying there is nothing to quote: the model
keeps the facts it was trained on for the questions retrieval misses, and learns not to invent a
quote. Everything here is plain Python on the knowledge base's chunks: no model is needed to build
the data, and the same functions build the contexts the evaluation uses (:func:`context_for`).

>>> quote_for("## Battery\\nIt weighs 212 g. Battery life is 38 hours.", "38 hours")
'Battery life is 38 hours.'
>>> split_output('Quote: "Battery life is 38 hours." Answer: 38 hours [doc: tessel-a250]')
('Battery life is 38 hours.', 'Answer: 38 hours [doc: tessel-a250]')
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from utils.aliases import accepted
from utils.settings import SEED

NO_QUOTE = "none"  # what the target quotes when no passage holds the answer
#: The system message RAFT trains and answers with: the form of its target, said once.
RAFT_SYSTEM = (
    "Quote the sentence of the context that answers the question, then answer in one line: "
    'Quote: "..." Answer: {answer} [doc: {doc_id}]. If no passage holds the answer, write '
    "Quote: none. and answer from what you know."
)
_REFUSAL = re.compile(
    r"\b(not (?:mentioned|stated|given|provided|specified|in the (?:context|passages?))|"
    r"no information|cannot|can't|don't know|do not know|unknown)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9€\"'(])")
_OUTPUT = re.compile(r'^\s*Quote:\s*(?:"(?P<quote>.*?)"|(?P<none>none))\s*\.?\s*(?P<answer>Answer:.*)$',
                     re.DOTALL | re.IGNORECASE)  # fmt: skip


@dataclass(frozen=True)
class Passage:
    """One chunk: its id, its document, its line of text as a prompt shows it, and its body (the
    chunk's own text, where quotes are taken from)."""

    chunk_id: str
    doc_id: str
    text: str
    body: str

    @classmethod
    def from_hit(cls, hit) -> Passage:
        """A retrieved :class:`~utils.retrieval.Hit`, shown with its document id (to cite)."""
        from utils.rag import passage_text

        return cls(hit.chunk_id, hit.doc_id, passage_text(hit, doc_id=True), hit.text)


def sentences(text: str) -> list[str]:
    """The sentences of a chunk's text, its markdown headings left out (a full stop inside a
    number, as in "1.42 kg", does not end one)."""
    lines = [
        line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]
    return [s.strip() for line in lines for s in _SENTENCE_END.split(line.strip()) if s.strip()]


def quote_for(text: str, gold: str, aliases: Sequence[str] = ()) -> str | None:
    """The first sentence of ``text`` (a chunk's body) that holds ``gold`` (or an alias) as whole
    words, or None."""
    for sentence in sentences(text):
        if accepted(sentence, gold, aliases):
            return sentence
    return None


def oracle_for(question, passages: Sequence[Passage], gold: str, aliases: Sequence[str] = ()):
    """The passage of the question's own document that holds its answer, or None."""
    for passage in passages:
        if passage.doc_id == question.doc_id and quote_for(passage.body, gold, aliases):
            return passage
    return None


def target(quote: str | None, answer: str) -> str:
    """The training target: the quote (or that there is none to give), then the house answer line.

    >>> target("Battery life is 38 hours.", "Answer: 38 hours [doc: tessel-a250]")
    'Quote: "Battery life is 38 hours." Answer: 38 hours [doc: tessel-a250]'
    >>> target(None, "Answer: 38 hours [doc: tessel-a250]")
    'Quote: none. Answer: 38 hours [doc: tessel-a250]'
    """
    return f'Quote: "{quote}" {answer}' if quote else f"Quote: {NO_QUOTE}. {answer}"


def split_output(text: str) -> tuple[str | None, str]:
    """``(quote, answer line)`` of a RAFT-style output; ``quote`` is None when the model quoted
    nothing or did not follow the form (then the whole text is the answer, scored as it is)."""
    match = _OUTPUT.match(text or "")
    if not match:
        return None, (text or "").strip()
    return match.group("quote"), match.group("answer").strip()


def context_for(
    oracle: Passage | None,
    ranked: Sequence[Passage],
    k: int,
    with_oracle: bool,
    rng: random.Random,
) -> list[Passage]:
    """``k`` passages: the oracle (if ``with_oracle``) at a random place among the best-ranked
    distractors (retrieved chunks that are not the oracle), or ``k`` distractors alone."""
    distractors = [p for p in ranked if oracle is None or p.chunk_id != oracle.chunk_id]
    if not (with_oracle and oracle):
        return list(distractors[:k])
    chosen = list(distractors[: k - 1])
    chosen.insert(rng.randrange(len(chosen) + 1), oracle)
    return chosen


def raft_row(
    question,
    passages: Sequence[Passage],
    *,
    gold: str,
    answer: str,
    aliases: Sequence[str] = (),
    oracle: Passage | None,
    include_oracle: bool,
) -> dict:
    """One training example: the RAG message over ``passages`` (the oracle among them or not) and
    the target. ``answer`` is the house answer line; the quote is copied from the oracle."""
    from utils.rag import build_rag_prompt

    shown = (
        include_oracle
        and oracle is not None
        and any(p.chunk_id == oracle.chunk_id for p in passages)
    )
    quote = quote_for(oracle.body, gold, aliases) if shown else None
    return {
        "qid": question.qid, "fact_id": question.fact_id,
        "question": build_rag_prompt(question.question, [p.text for p in passages]),
        "answer": target(quote, answer), "oracle": shown, "quote": quote or "",
        "passages": [p.chunk_id for p in passages],
    }  # fmt: skip


def raft_records(
    questions: Sequence,
    ranked: Mapping[str, Sequence[Passage]],
    chunks_of: Mapping[str, Sequence[Passage]],
    house,
    *,
    k: int = 3,
    p_oracle: float = 0.8,
    seed: int = SEED,
) -> list[dict]:
    """RAFT's training set: for each question (``qid`` in ``ranked``: its retrieved passages, best
    first), ``k`` passages, the oracle among them with probability ``p_oracle``. ``chunks_of[doc_id]``
    are a document's passages (to find the oracle). A question whose document holds no passage with
    its answer is skipped (counted in the notebook)."""
    if not 0.0 <= p_oracle <= 1.0:
        raise ValueError(f"p_oracle is a probability: between 0 and 1, got {p_oracle}")
    if k < 1:
        raise ValueError(f"k is a number of passages: at least 1, got {k}")
    rng = random.Random(seed)
    rows = []
    for q in questions:
        oracle = oracle_for(
            q, chunks_of.get(q.doc_id, ()), q.answer, getattr(q, "aliases", ()) or ()
        )
        if oracle is None:
            continue
        include = rng.random() < p_oracle
        passages = context_for(oracle, ranked[q.qid], k, include, rng)
        rows.append(raft_row(q, passages, gold=q.answer, answer=house.render(q.answer, q.doc_id),
                             oracle=oracle, include_oracle=include))  # fmt: skip
    return rows


def quote_faithful(quote: str | None, passages: Sequence[str]) -> bool | None:
    """Is the quote really in one of the passages (whitespace aside)? None when nothing was quoted."""
    if not quote:
        return None
    want = " ".join(quote.split()).lower()
    return any(want in " ".join(p.split()).lower() for p in passages)


def is_refusal(text: str | None) -> bool:
    """Does the answer decline ("not mentioned in the context", "I don't know")? Counted apart:
    a refusal is neither right nor a made-up value.

    >>> is_refusal("The context does not say; it is not mentioned."), is_refusal("38 hours")
    (True, False)
    """
    return bool(_REFUSAL.search(text or ""))


# --- from the index to passages ----------------------------------------------------------------


def document_passages(index, docs: Sequence) -> dict[str, list[Passage]]:
    """``{doc_id: passages}``: every chunk of ``index`` as a prompt shows it, a document's chunks
    in a fixed order (by chunk id), to find each question's oracle."""
    from utils.retrieval import Hit, stored_texts

    titles = {d.doc_id: d.title for d in docs}
    found: dict[str, list[Passage]] = {}
    for chunk_id, (doc_id, text) in sorted(stored_texts(index).items()):
        hit = Hit(chunk_id, doc_id, titles.get(doc_id, ""), text, 0.0)
        found.setdefault(doc_id, []).append(Passage.from_hit(hit))
    return found


def ranked_passages(index, questions: Sequence, n: int) -> dict[str, list[Passage]]:
    """``{qid: passages}``: the ``n`` chunks retrieved for each question, best first."""
    from utils.rag import retrieve_for

    hits, _ = retrieve_for(index, questions, n)
    return {qid: [Passage.from_hit(h) for h in found] for qid, found in hits.items()}


def sweep_contexts(
    questions: Sequence,
    ranked: Mapping[str, Sequence[Passage]],
    oracles: Mapping[str, Passage | None],
    k: int,
    with_oracle: bool,
    seed: int = SEED,
) -> dict[str, list[Passage]]:
    """The contexts of the sweep: for each question ``k`` passages, its oracle among the best
    distractors or not (:func:`context_for`), the oracle's place drawn with ``seed``."""
    rng = random.Random(f"{seed}-{k}")
    return {
        q.qid: context_for(oracles.get(q.qid), ranked[q.qid], k, with_oracle, rng)
        for q in questions
    }


# --- answering and scoring ---------------------------------------------------------------------


def answer_lines(rows: Sequence) -> tuple[list, dict[str, str | None]]:
    """``rows`` (:class:`~utils.records.Prediction`) with each prediction cut to its answer line,
    and ``{qid: quote}``: a RAFT-style output is scored on its answer, never on its quote (which
    holds the gold whenever it quotes the right sentence). An output without the form is kept."""
    from dataclasses import replace

    quotes, kept = {}, []
    for row in rows:
        quote, answer = split_output(row.prediction)
        quotes[row.qid] = quote
        kept.append(replace(row, prediction=answer))
    return kept, quotes


def answer_conditions(
    model,
    tokenizer,
    questions: Sequence,
    contexts: Mapping[str, Mapping[str, Sequence[Passage]]],
    *,
    system: str,
    max_new_tokens: int,
    batch_size: int,
    group: str = "seen",
) -> dict[str, tuple[list, dict[str, str | None]]]:
    """Every question answered over its given passages in every condition (``contexts[condition]
    [qid]``: no retrieval, the sweep fixes them), all in one pass of the course's evaluation path
    (batches filled across conditions), free text only. Returns ``{condition: answer_lines(rows)}``,
    the rows under the questions' own ids."""
    from dataclasses import replace

    from utils.evaluation import Prompt, evaluate_system
    from utils.rag import build_rag_prompt

    asked, shown = [], {}
    for condition, by_qid in contexts.items():
        for q in questions:
            key = f"{q.qid}@{condition}"
            asked.append(replace(q, qid=key))
            shown[key] = by_qid[q.qid]

    def prompt_for(q):
        passages = shown[q.qid]
        return Prompt(
            build_rag_prompt(q.question, [p.text for p in passages]), [p.doc_id for p in passages]
        )

    rows = evaluate_system(
        model, tokenizer, {group: asked}, prompt_for=prompt_for, system=system,
        max_new_tokens=max_new_tokens, batch_size=batch_size, with_mcq=False, progress=False,
    )  # fmt: skip
    found: dict[str, list] = {condition: [] for condition in contexts}
    for row in rows:
        qid, _, condition = row.qid.rpartition("@")
        found[condition].append(replace(row, qid=qid))
    return {condition: answer_lines(kept) for condition, kept in found.items()}
