"""Exercise checks of the fine-tuning track (notebooks 3 and 4): see :mod:`utils.exercises`."""

from __future__ import annotations

from utils.exercises import Exercise

EXERCISES: list[Exercise] = []
