"""Exercise checks of the RAG track (notebooks 1 and 2): see :mod:`utils.exercises`."""

from __future__ import annotations

from utils.exercises import Exercise

EXERCISES: list[Exercise] = []
