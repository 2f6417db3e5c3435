"""Test-wide setup: quick profile, hubs offline, and no network connection off this machine."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

NETGUARD_DIR = Path(__file__).parent / "netguard"
OFFLINE_ENV = {
    "COURSE_PROFILE": "quick",
    "COURSE_NETWORK_GUARD": "1",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "TOKENIZERS_PARALLELISM": "false",
}
os.environ.update(OFFLINE_ENV)
sys.path.insert(0, str(NETGUARD_DIR))
import netguard  # noqa: E402

netguard.install()


@pytest.fixture(scope="session")
def llm():
    """The course's default LLM and tokenizer, loaded once for the whole session."""
    from utils.models import load_llm

    return load_llm()
