"""Evidence so far: what each of chapters 0-4 measured that bears on a claim, by dimension.

The last part of every chapter up to 4 (notebooks 0b, 1b, 2c, 3b, 4c: :data:`LAST_PART`) ends with a
block written from its own run's numbers: a few sentences, each tagged with the dimension and the
claim of :data:`utils.claims.CLAIMS` it bears on. The block is evidence, not a verdict (a verdict
needs the paired comparisons of notebook 5): it says what this chapter saw. :func:`show` writes the
block to ``results/evidence/<chapter>.json`` as well, and notebook 5 gathers every chapter's block
with :func:`gather` before it judges the claims.

>>> items = [Evidence(2, "R1", "RAG's prompt holds 182 tokens.")]
>>> items[0].dimension
'resources'
>>> print(to_markdown(2, items))
**Evidence so far** (notebook 2c, from this run's numbers)
<BLANKLINE>
- *resources* (R1: RAG needs more memory and compute per query than the model without it.) RAG's prompt holds 182 tokens.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from utils.claims import CLAIM_BY_ID

#: The five dimensions, in the course's order (the claims' ``dimension``).
DIMENSIONS = ("learning style", "adaptability", "resources", "cost", "complexity")
NOTEBOOKS = (0, 1, 2, 3, 4)  # the chapters whose last part ends with an evidence block
LAST_PART = {0: "0b", 1: "1b", 2: "2c", 3: "3b", 4: "4c"}  # the notebook that writes each block


@dataclass(frozen=True)
class Evidence:
    notebook: int
    claim: str  # an id of utils.claims.CLAIMS
    text: str  # one sentence with the run's numbers

    def __post_init__(self):
        if self.claim not in CLAIM_BY_ID:
            raise ValueError(f"unknown claim {self.claim!r}: use one of {sorted(CLAIM_BY_ID)}")

    @property
    def dimension(self) -> str:
        return CLAIM_BY_ID[self.claim].dimension


def _value(cell: Mapping | None) -> str:
    """``0.412 [0.350, 0.470]`` from a ``{"value", "ci95"}`` cell; "n/a" when there is none."""
    if not cell or cell.get("value") is None:
        return "n/a"
    low, high = cell.get("ci95") or (None, None)
    if low is None:
        return f"{cell['value']:.3f}"
    return f"{cell['value']:.3f} [{low:.3f}, {high:.3f}]"


def _difference(cell: Mapping | None) -> str:
    """``+0.412 [+0.350, +0.470], above zero`` from a paired difference."""
    if not cell or cell.get("value") is None:
        return "n/a (no paired questions)"
    low, high = cell["ci95"]
    side = "above zero" if low > 0 else "below zero" if high < 0 else "the interval includes zero"
    return f"{cell['value']:+.3f} [{low:+.3f}, {high:+.3f}], {side}"


def _metric(record: Mapping, group: str, metric: str) -> Mapping | None:
    return record.get("metrics", {}).get(group, {}).get(metric)


def _paired(a: Mapping, b: Mapping, metric: str, group: str, **kwargs) -> Mapping | None:
    from utils.comparison import paired
    from utils.records import DifferentQuestionsError

    try:
        return paired(a, b, metric, group, **kwargs)
    except DifferentQuestionsError:
        return None


def notebook_0(base: Mapping) -> list[Evidence]:
    """The base model's record: what it knows before either track, and what one answer costs."""
    return [
        Evidence(
            0,
            "L2",
            f"Before any training, the base model's answers are accepted on "
            f"{_value(_metric(base, 'seen', 'accepted'))} of the seen questions and "
            f"{_value(_metric(base, 'unseen', 'accepted'))} of the unseen ones: what a system gets "
            "right later, RAG or training taught it.",
        ),
        Evidence(
            0,
            "R1",
            f"Without retrieval, one answer takes {base['latency_s']['p50']:.2f} s (median) with "
            f"{base['prompt_tokens_mean']:.0f} prompt tokens on average; the process peaked at "
            f"{base['peak_rss_mb']:,.0f} MB.",
        ),
    ]


def notebook_1(
    *, hit3: Mapping, latency_ms: float, agree: float, index_build_s: float, chunks: int
) -> list[Evidence]:
    """Retrieval: how good a small embedder is, and what the vector database costs."""
    from utils.models import EMBEDDER_NAME

    return [
        Evidence(
            1,
            "C1",
            f"{EMBEDDER_NAME}, a small embedder that runs on a laptop's CPU, puts the gold document "
            f"in the top 3 for {_value(hit3)} of the questions.",
        ),
        Evidence(
            1,
            "C2",
            f"The vector database is a local folder (Qdrant through llama-index): one warm query "
            f"takes {latency_ms:.1f} ms, and its top-k agrees with plain NumPy's on {agree:.0%} of "
            "the questions.",
        ),
        Evidence(
            1,
            "R1",
            f"Embedding the knowledge base into {chunks:,} chunks took {index_build_s:.1f} s, once.",
        ),
    ]


def notebook_2(rag: Mapping, base: Mapping) -> list[Evidence]:
    """RAG's record against the base model's, and the in-place update of the index."""
    update = rag.get("extra", {}).get("update", {})
    before = rag.get("extra", {}).get("updated_before_update", {}).get("accepted")
    items = [
        Evidence(
            2,
            "A1",
            "On documents no system was trained on (unseen), RAG minus the base model, accepted: "
            f"{_difference(_paired(rag, base, 'accepted', 'unseen'))}.",
        ),
        Evidence(
            2,
            "R1",
            f"RAG's prompt holds {rag['prompt_tokens_mean']:.0f} tokens on average against "
            f"{base['prompt_tokens_mean']:.0f} without retrieval; one answer takes "
            f"{rag['latency_s']['p50']:.2f} s (median) against {base['latency_s']['p50']:.2f} s.",
        ),
    ]
    if update:
        items.append(
            Evidence(
                2,
                "L1",
                f"The index was updated in place in {update['in_place_s']:.1f} s "
                f"({update['speedup']:.1f}x faster than a rebuild), with no training: on the "
                f"changed facts, accepted answers (new values) went from {_value(before)} to "
                f"{_value(_metric(rag, 'updated', 'accepted'))}.",
            )
        )
    return items


def notebook_3(stats: Mapping, epochs: int) -> list[Evidence]:
    """The fine-tuning data: what has to be built before training, and what training will cost."""
    return [
        Evidence(
            3,
            "X2",
            f"Before any training, the facts became {stats['examples']:,} examples in the chat "
            "template, with a loss mask, paraphrases and dynamic padding: data preparation, one of "
            "the expertise claim's three items.",
        ),
        Evidence(
            3,
            "C4",
            f"Training for {epochs} epochs will compute {stats['training_tokens']:,} tokens, of "
            f"which {stats['answer_tokens'] / stats['tokens']:.0%} are learned (the answers): this "
            "is the one-off cost, paid again at every re-training.",
        ),
    ]


def earlier(system: str, results_dir: str | Path | None = None) -> dict | None:
    """The record of ``system`` from an earlier notebook, or None when that notebook has not run."""
    from utils.records import load_record

    try:
        return load_record(system, results_dir)
    except (FileNotFoundError, ValueError):
        return None


def notebook_4(
    ft: Mapping, base: Mapping, *, format_regex: str, rag: Mapping | None = None
) -> list[Evidence]:
    """The fine-tuned model's record (with its training in ``extra``) against the base model's,
    and RAG's cost per answer beside it when notebook 2 has run (``rag``)."""
    train = ft.get("extra", {})
    items = []
    if "train_seconds" in train:
        items.append(
            Evidence(
                4,
                "R2",
                f"LoRA training took {train['train_seconds']:,.0f} s for {train['steps']} steps "
                f"({train['train_tokens_per_s']:,.0f} tokens/s) on this machine's CPU, no GPU, "
                f"peaking at {train['train_peak_rss_mb']:,.0f} MB.",
            )
        )
    items += [
        Evidence(
            4,
            "A3",
            "On the facts it was trained on (seen), fine-tuned minus base, accepted: "
            f"{_difference(_paired(ft, base, 'accepted', 'seen'))}.",
        ),
        Evidence(
            4,
            "L2",
            "On documents held out of training (unseen), fine-tuned minus base, accepted: "
            f"{_difference(_paired(ft, base, 'accepted', 'unseen'))}.",
        ),
        Evidence(
            4,
            "A4",
            "Answers in the house format, fine-tuned minus base, every question: "
            f"{_difference(_paired(ft, base, 'format', 'all', format_regex=format_regex))}.",
        ),
        Evidence(
            4,
            "R3",
            f"The fine-tuned model answers with the base model's prompt "
            f"({ft['prompt_tokens_mean']:.0f} tokens on average): {ft['latency_s']['p50']:.2f} s "
            "per answer (median)"
            + (
                f", against RAG's {rag['prompt_tokens_mean']:.0f} tokens and "
                f"{rag['latency_s']['p50']:.2f} s (notebook 2)."
                if rag and rag.get("profile") == ft.get("profile")
                else "."
            ),
        ),
    ]
    return items


def to_markdown(notebook: int, items: Sequence[Evidence]) -> str:
    """The block as Markdown, in the order of :data:`DIMENSIONS`."""
    ordered = sorted(items, key=lambda e: DIMENSIONS.index(e.dimension))
    lines = [
        f"- *{e.dimension}* ({e.claim}: {CLAIM_BY_ID[e.claim].text}) {e.text}" for e in ordered
    ]
    return (
        f"**Evidence so far** (notebook {LAST_PART.get(notebook, notebook)}, from this run's numbers)\n\n"
        + "\n".join(lines)
    )


def evidence_path(notebook: int, results_dir: str | Path | None = None) -> Path:
    from utils.settings import results_dir as default_results_dir

    return Path(results_dir or default_results_dir()) / "evidence" / f"{notebook:02d}.json"


def show(notebook: int, items: Sequence[Evidence], results_dir: str | Path | None = None):
    """Write the block to ``results/evidence/<notebook>.json`` and return it as Markdown to display."""
    from IPython.display import Markdown

    path = evidence_path(notebook, results_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = [{**asdict(e), "dimension": e.dimension} for e in items]
    path.write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return Markdown(to_markdown(notebook, items))


def gather(results_dir: str | Path | None = None):
    """Every notebook's block, one row per sentence, by dimension then notebook; a notebook that
    has not run yet is named in ``missing`` of the frame's ``attrs``, with the fix."""
    import pandas as pd

    rows, missing = [], []
    for notebook in NOTEBOOKS:
        path = evidence_path(notebook, results_dir)
        if not path.is_file():
            missing.append(notebook)
            continue
        try:
            rows += [
                Evidence(r["notebook"], r["claim"], r["text"]) for r in json.loads(path.read_text())
            ]
        except (ValueError, KeyError, TypeError) as err:
            raise ValueError(
                f"{path} is not an evidence block ({err}): run notebook {LAST_PART[notebook]} again to write it"
            ) from err
    frame = pd.DataFrame(
        [
            {"dimension": e.dimension, "claim": e.claim, "notebook": e.notebook, "evidence": e.text}
            for e in rows
        ],
        columns=["dimension", "claim", "notebook", "evidence"],
    )
    frame["order"] = frame["dimension"].map(DIMENSIONS.index)
    frame = frame.sort_values(["order", "claim", "notebook"], kind="stable").drop(columns="order")
    frame = frame.set_index(["dimension", "claim"])
    frame.attrs["missing"] = missing
    if missing:
        frame.attrs["fix"] = (
            f"notebooks {', '.join(LAST_PART[n] for n in missing)} have not written their evidence "
            "yet: run them "
            "to the end (make run runs them all)"
        )
    return frame
