"""The claims the course puts to the test, and what the literature found: the scorecard's rows.

:data:`CLAIMS` quotes the common RAG-vs-fine-tuning argument as the course design lists it (a test
keeps the two equal); :data:`FINDINGS` states the direction each paper found and names the paired
difference of this course that tests the same direction. :mod:`utils.scorecard` judges both against a
run's numbers.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Claim:
    id: str
    dimension: str
    text: str


#: The claims, quoted from the course design (DESIGN.md, "Claims"); a test keeps the two equal.
CLAIMS: tuple[Claim, ...] = (
    Claim(
        "L1",
        "learning style",
        "RAG uses the latest data: new facts are usable as soon as they are indexed.",
    ),
    Claim(
        "L2",
        "learning style",
        "Fine-tuning cannot integrate new information without re-training.",
    ),
    Claim(
        "A1",
        "adaptability",
        "RAG generalises: it answers from any document it can retrieve, including ones never "
        "trained on.",
    ),
    Claim(
        "A2",
        "adaptability",
        "RAG does not change the model's style of response; it only supplies information.",
    ),
    Claim(
        "A3",
        "adaptability",
        "Fine-tuning improves performance on the domain closely associated with its training data.",
    ),
    Claim("A4", "adaptability", "Fine-tuning changes the style of response generation."),
    Claim("A5", "adaptability", "Fine-tuning sometimes provides more relevant answers than RAG."),
    Claim(
        "R1",
        "resources",
        "RAG needs more memory and compute per query than the model without it.",
    ),
    Claim(
        "R2",
        "resources",
        "Fine-tuning is compute-intensive, needing multiple GPUs and high memory during training, "
        "but only once.",
    ),
    Claim(
        "R3",
        "resources",
        "After fine-tuning, answering is resource-friendly compared to RAG.",
    ),
    Claim("C1", "cost", "RAG needs top-of-the-class embedding models and LLMs for good answers."),
    Claim("C2", "cost", "RAG needs a fast vector database."),
    Claim("C3", "cost", "RAG's per-query (API and operating) costs rise quickly."),
    Claim(
        "C4",
        "cost",
        "Fine-tuning costs a lot once; after that, inference is cheaper than RAG.",
    ),
    Claim("C5", "cost", "Overall, fine-tuning costs more than RAG."),
    Claim(
        "X1",
        "complexity",
        "RAG needs medium expertise: LLMs, vector databases, embeddings, prompts; learnable in a "
        "month.",
    ),
    Claim(
        "X2",
        "complexity",
        "Fine-tuning needs high expertise: data preparation, tuning parameters, monitoring.",
    ),
)
CLAIM_BY_ID = {c.id: c for c in CLAIMS}


@dataclass(frozen=True)
class Finding:
    paper: str
    found: str
    difference: str  # the paired difference of this course that tests the same direction
    direction: int  # +1: the paper found it above zero


#: The direction each paper found, and the difference of this course that tests it.
FINDINGS: tuple[Finding, ...] = (
    Finding(
        "Ovadia et al. 2023 (arXiv 2312.05934)",
        "RAG beat unsupervised fine-tuning on knowledge the model did not have",
        "paired/rag-ft/seen/accepted",
        +1,
    ),
    Finding(
        "Ovadia et al. 2023 (arXiv 2312.05934)",
        "RAG beat unsupervised fine-tuning on knowledge the model did not have",
        "paired/rag-ft/seen/mcq_accuracy",
        +1,
    ),
    Finding(
        "Balaguer et al. 2024 (arXiv 2401.08406)",
        "fine-tuning added accuracy over the base model",
        "paired/ft-base/seen/accepted",
        +1,
    ),
    Finding(
        "Balaguer et al. 2024 (arXiv 2401.08406)",
        "RAG on top of the fine-tuned model added more (the gains were cumulative)",
        "paired/ft_rag-ft/seen/accepted",
        +1,
    ),
    Finding(
        "Soudani et al. 2024 (arXiv 2403.01432)",
        "for small models and little-known facts, RAG surpassed fine-tuning by a large margin",
        "paired/rag-ft/unseen/accepted",
        +1,
    ),
    Finding(
        "Zhang et al. 2024, RAFT (arXiv 2403.10131)",
        "training with oracle and distractor passages beat domain fine-tuning + RAG",
        "paired/raft-ft_rag/seen/accepted",
        +1,
    ),
)
