"""The building blocks of the hand-written knowledge-base spec.

A document is written as a body of prose with three kinds of placeholders:

- ``[[key]]`` is replaced by a sentence that states the fact ``key``, drawn from the sentence
  templates of its attribute (see ``attributes.py``), so the same attribute reads differently from
  one document to the next;
- ``{{key}}`` is replaced by the value of the fact ``key`` alone, inside a hand-written sentence
  (the only way to place a custom fact; a shared-attribute fact may use either form);
- ``<<v1:text>>`` and ``<<v2:text>>`` keep ``text`` in that version of the document only.

A fact made with :func:`A` uses a shared attribute (its questions come from templates); a fact made
with :func:`C` is custom: it brings its own six questions, the first four for training and the last
two for testing, and one more as a customer would ask it (``customer``, never trained on).
"""

from __future__ import annotations

from dataclasses import dataclass, field

N_TRAIN = 4  # training wordings per fact
N_TEST = 2  # test wordings per fact


@dataclass(frozen=True)
class FactSpec:
    """One fact as written in the spec (``value`` is the version-1 value)."""

    key: str
    attribute: str
    value: str
    v2: str | None = None  # the version-2 value when it changes
    subject: str | None = None  # None: the document's subject
    questions: tuple[str, ...] = ()  # custom facts: N_TRAIN training then N_TEST test wordings
    kind: str | None = None  # person, place, org, email, colour: whose values may be distractors
    customer: str | None = None  # custom facts: as a customer would ask it (robustness group)


@dataclass(frozen=True)
class DocSpec:
    """One document: its prose body with placeholders, and its facts."""

    doc_id: str
    title: str
    subject: str
    group: str  # product family or document type, used for siblings and held-out choice
    body: str
    facts: tuple[FactSpec, ...]
    short: str | None = None  # a shorter name used in some templated sentences ("A250")
    new_in_v2: bool = False  # the document exists only in version 2
    extra: dict = field(default_factory=dict)


def A(attribute: str, value: str, v2: str | None = None, *, key=None, subject=None) -> FactSpec:
    """A fact of a shared attribute (sentences and questions come from ``attributes.ATTRIBUTES``)."""
    return FactSpec(key or attribute, attribute, value, v2, subject)


def C(
    key: str,
    attribute: str,
    value: str,
    questions,
    *,
    v2=None,
    subject=None,
    kind=None,
    customer=None,
):
    """A custom fact: its sentence is hand-written in the body, with its own six questions, and the
    way a customer would ask it (``customer``: the robustness group)."""
    return FactSpec(key, attribute, value, v2, subject, tuple(questions), kind, customer)


def D(doc_id, title, subject, group, body, facts, *, short=None, new_in_v2=False) -> DocSpec:
    """A document of the spec."""
    return DocSpec(doc_id, title, subject, group, body.strip("\n"), tuple(facts), short, new_in_v2)
