"""The profile: every size that may differ between a quick look and the real course, on one screen.

``COURSE_PROFILE=quick`` (CI, a first look: minutes) or ``full`` (the real course, the default).
A profile changes how much is measured (questions, facts, epochs), never what the code does. Each
notebook reads it once, in its parameters cell, and passes the sizes on::

    PROFILE = get_profile()
    SIZES = PROFILE.ft  # or .evaluation, .retrieval, .rag

>>> get_profile("quick").rag.top_k
3
"""

from __future__ import annotations

from dataclasses import dataclass

from utils.settings import env


@dataclass(frozen=True)
class EvalSizes:
    """What every evaluation answers (notebook 0 on)."""

    facts_per_group: int | None  # facts per test group, both wordings of each (None: every fact)
    gen_batch_size: int  # prompts per generation batch (64: 1.5x faster than 16 on short prompts)
    max_new_tokens: int  # generation budget of a short answer


@dataclass(frozen=True)
class RetrievalSizes:
    """Retrieval settings (notebook 1)."""

    chunk_size: int  # tokens per chunk, as llama-index counts them (tiktoken)
    chunk_overlap: int  # tokens shared by neighbouring chunks of one long section
    top_k: int  # chunks retrieved per question (hit@3 in every record)
    sweep_chunk_sizes: tuple[int, ...]  # notebook 1's sweep
    sweep_ks: tuple[int, ...]
    max_questions: int | None  # test questions used to measure retrieval (None: all)
    latency_queries: int  # single queries timed for the latency figure


@dataclass(frozen=True)
class RagSizes:
    """RAG settings (notebook 2). It answers the evaluation set of every other system."""

    top_k: int  # chunks put in each prompt
    latency_questions: int  # questions answered one at a time for the latency figure
    bench_repeats: int  # timings repeated (the minimum is kept) by the benchmark


@dataclass(frozen=True)
class FTSizes:
    """How much the fine-tuning track trains and measures (notebooks 3 and 4)."""

    max_train_facts: int | None  # facts trained on (None: every fact of the non-held-out documents)
    paraphrases_per_fact: int | None  # training wordings per fact (None: all of them, 4)
    num_epochs: int  # passes over the training examples
    batch_size: int  # examples per optimizer step
    lr: float  # peak learning rate of the LoRA weights
    max_length: int  # longest example in tokens (prompt + answer); longer ones are refused
    max_new_tokens: int  # generation budget of the fine-tuned model (the house line is up to ~26)
    precision_steps: int  # steps of the fp32-vs-bf16 comparison
    ablation_facts: int  # facts in the paraphrase ablation
    ablation_epochs: int  # epochs of its all-wordings setting (the others see as many examples)
    ablation_paraphrases: tuple[int | None, ...]  # the settings compared (None: all wordings)


@dataclass(frozen=True)
class ComparisonSizes:
    """Notebook 5's own experiments; the knowledge update trains with the ``ft`` sizes."""

    retention_facts: int | None  # unchanged seen facts asked after the update (None: all of them)
    ablation_facts: int | None  # seen facts (and as many unseen) answered by RAG's ablations
    partial_update_facts: int | None  # changed and new facts trained further (None: every one)


@dataclass(frozen=True)
class RaftSizes:
    """Notebook 6: RAFT's training data, its training (the ``ft`` batch and learning rate) and its
    evaluation."""

    p_oracle: float  # share of training examples whose passages include the oracle
    k_train: int  # passages in a training example
    ranked: int  # chunks retrieved per training question; the distractors are the best of them
    max_train_facts: (
        int | None
    )  # notebook 4's facts trained on, the evaluated ones first (None: all)
    num_epochs: int  # passes over the training examples
    max_length: int  # longest training example in tokens (its passages, question and target)
    max_new_tokens: int  # the generation budget: a quoted sentence, then the house line
    eval_facts_per_group: int | None  # facts of each group asked (every wording; None: all)
    sweep_ks: tuple[int, ...]  # passages in the context, for the sweep
    sweep_facts: (
        int  # evaluated seen facts in the sweep (one wording each; at most eval_facts_per_group)
    )
    ablation_p: tuple[float, ...]  # the p_oracle settings of the ablation
    run_ablation: bool  # train one adapter per setting (else the notebook states its cost)


@dataclass(frozen=True)
class Profile:
    """All the sizes of one profile, by track."""

    name: str
    evaluation: EvalSizes
    retrieval: RetrievalSizes
    rag: RagSizes
    ft: FTSizes
    comparison: ComparisonSizes
    raft: RaftSizes


# quick: the smallest sizes at which every notebook's own checks still hold (the loss falls fivefold,
# the fine-tuned model keeps the house format on every group, ...): the whole course in about 10
# minutes on a quiet 2-core CPU, every notebook twice under `make test`.
PROFILES = {
    "quick": Profile(
        name="quick",
        evaluation=EvalSizes(facts_per_group=4, gen_batch_size=64, max_new_tokens=24),
        retrieval=RetrievalSizes(
            chunk_size=40, chunk_overlap=0, top_k=3, sweep_chunk_sizes=(40, 128, 1024),
            sweep_ks=(1, 3, 5, 10), max_questions=160, latency_queries=30,
        ),
        rag=RagSizes(top_k=3, latency_questions=2, bench_repeats=1),
        ft=FTSizes(
            max_train_facts=16, paraphrases_per_fact=None, num_epochs=4, batch_size=16, lr=2e-3,
            max_length=96, max_new_tokens=32, precision_steps=2, ablation_facts=4,
            ablation_epochs=2, ablation_paraphrases=(1, 2, None),
        ),
        comparison=ComparisonSizes(retention_facts=4, ablation_facts=4, partial_update_facts=8),
        raft=RaftSizes(
            p_oracle=0.8, k_train=3, ranked=8, max_train_facts=8, num_epochs=2, max_length=384,
            max_new_tokens=64, eval_facts_per_group=3, sweep_ks=(1, 3), sweep_facts=2,
            ablation_p=(0.5, 0.8, 1.0), run_ablation=False,
        ),
    ),
    "full": Profile(
        name="full",
        evaluation=EvalSizes(facts_per_group=None, gen_batch_size=64, max_new_tokens=24),
        retrieval=RetrievalSizes(
            chunk_size=40, chunk_overlap=0, top_k=3, sweep_chunk_sizes=(32, 40, 64, 128, 256, 1024),
            sweep_ks=(1, 2, 3, 5, 10), max_questions=None, latency_queries=100,
        ),
        rag=RagSizes(top_k=3, latency_questions=8, bench_repeats=3),
        ft=FTSizes(
            max_train_facts=None, paraphrases_per_fact=None, num_epochs=3, batch_size=16, lr=2e-3,
            max_length=96, max_new_tokens=32, precision_steps=6, ablation_facts=40,
            ablation_epochs=3, ablation_paraphrases=(1, 2, None),
        ),
        comparison=ComparisonSizes(
            retention_facts=40, ablation_facts=40, partial_update_facts=None
        ),
        raft=RaftSizes(
            p_oracle=0.8, k_train=3, ranked=8, max_train_facts=140, num_epochs=2, max_length=384,
            max_new_tokens=64, eval_facts_per_group=25, sweep_ks=(1, 3, 5, 7), sweep_facts=20,
            ablation_p=(0.5, 0.8, 1.0), run_ablation=False,
        ),
    ),
}  # fmt: skip
# The course's chunking, the same in every profile: what an index is built with unless told otherwise.
DEFAULT_RETRIEVAL = PROFILES["full"].retrieval


class UnknownProfileError(ValueError):
    """Raised for a profile name that is not one of PROFILES."""


def get_profile(name: str | None = None) -> Profile:
    """The profile ``name`` (any case), else ``COURSE_PROFILE``, else ``full``.

    Called once per notebook (its parameters cell) and once per command; library functions take the
    profile or its sizes as an argument.
    """
    name = (name or env("COURSE_PROFILE") or "full").strip().lower()
    if name not in PROFILES:
        raise UnknownProfileError(
            f"Unknown profile {name!r}. Set COURSE_PROFILE to one of {sorted(PROFILES)} "
            "(for example `export COURSE_PROFILE=quick`), or unset it for 'full'."
        )
    return PROFILES[name]
