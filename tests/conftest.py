"""Test-wide setup: quick profile, hubs offline, and no network connection off this machine."""

from __future__ import annotations

import os
import re
import sys
import zlib
from pathlib import Path

import numpy as np
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
# Every child process of the tests (subprocess, multiprocessing, kernels) loads the guard too,
# through tests/netguard/sitecustomize.py.
os.environ["PYTHONPATH"] = os.pathsep.join(
    filter(None, [str(NETGUARD_DIR), os.environ.get("PYTHONPATH")])
)
import netguard  # noqa: E402

from utils.data import Document  # noqa: E402
from utils.profiles import RetrievalSizes  # noqa: E402

netguard.install()


# --- helpers shared by the test files ----------------------------------------------------------------


def tiny_llama(vocab_size: int = 128, hidden: int = 32, seed: int = 0, **config):
    """A randomly initialised two-layer Llama: nonsense, but a real causal LM, built in milliseconds."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(seed)
    settings = {"num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
                "max_position_embeddings": 256} | config  # fmt: skip
    config = LlamaConfig(vocab_size=vocab_size, hidden_size=hidden, intermediate_size=2 * hidden,
                         **settings)  # fmt: skip
    return LlamaForCausalLM(config).eval()


SIZES = RetrievalSizes(  # small chunks of a tiny knowledge base
    chunk_size=64, chunk_overlap=0, top_k=3, sweep_chunk_sizes=(64,), sweep_ks=(1, 3),
    max_questions=None, latency_queries=5,
)  # fmt: skip


def make_embedder():
    """A deterministic bag-of-words embedder (llama-index interface): shared words, close vectors."""
    from llama_index.core.embeddings import BaseEmbedding

    class BagOfWords(BaseEmbedding):
        def _vector(self, text: str) -> list[float]:
            vector = np.full(256, 1e-3)
            for word in re.findall(r"\w+", text.lower()):
                vector[zlib.crc32(word.encode()) % 256] += 1.0
            return (vector / np.linalg.norm(vector)).tolist()

        def _get_text_embedding(self, text: str) -> list[float]:
            return self._vector(text)

        def _get_query_embedding(self, query: str) -> list[float]:
            return self._vector(query)

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._vector(query)

    return BagOfWords(model_name="bag-of-words")


def doc(doc_id: str, title: str, *sections: str, version: str = "v1") -> Document:
    body = "\n\n".join(f"## Part {i}\n\n{text}" for i, text in enumerate(sections, 1))
    return Document(doc_id, title, f"# {title}\n\n{body}", version)


KB_V1 = [
    doc("radio", "Tessel Radio", "The battery lasts 38 hours.", "The case is Fjord Grey."),
    doc("lamp", "Lumberra Lamp", "The lamp gives 600 lumens.", "It weighs 90 g."),
]
KB_V2 = [
    doc(
        "radio",
        "Tessel Radio",
        "The battery lasts 41 hours.",
        "The case is Fjord Grey.",
        version="v2",
    ),
    KB_V1[1],
    doc("camera", "Glimra Camera", "The camera records at 30 frames per second.", version="v2"),
]


@pytest.fixture(scope="session")
def llm():
    """The course's default LLM and tokenizer, loaded once for the whole session."""
    from utils.models import load_llm

    return load_llm()


# --- the notebooks' time limits, from how fast this machine is now (notebook_limits.py) -------------

SLOWDOWN = pytest.StashKey[float]()
STEP = pytest.StashKey[tuple[float, float]]()  # the timed step (s) and the load average then


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Time one training step, once, when notebooks are about to run (not for `make test-fast`), and
    give each notebook test its limit: a pytest-timeout a minute longer than its subprocess's."""
    from notebook_limits import limit_s, slowdown, step_seconds

    notebooks = [item for item in items if item.get_closest_marker("notebook")]
    if notebooks and not config.option.collectonly:
        step = step_seconds()
        config.stash[STEP] = (step, os.getloadavg()[0])
        config.stash[SLOWDOWN] = slowdown(step)
    for item in notebooks:
        limit = limit_s(item.callspec.params["path"], config.stash.get(SLOWDOWN, 1.0))
        item.add_marker(pytest.mark.timeout(limit + 60))


def pytest_terminal_summary(terminalreporter, config):
    if STEP not in config.stash:
        return
    from notebook_limits import LIMIT_FACTOR, MEASURED_S, REFERENCE_STEP_S, limit_s

    (step, load), slow = config.stash[STEP], config.stash[SLOWDOWN]
    longest = max(MEASURED_S, key=MEASURED_S.get)
    terminalreporter.write_line(
        f"Notebook time limits: a LoRA training step took {step:.2f} s here at the start (load "
        f"average {load:.1f}) and {REFERENCE_STEP_S:.2f} s where the notebooks' times were measured, "
        f"so each notebook may take {LIMIT_FACTOR} x {slow:.2f} x its measured time (notebook "
        f"{longest}: {MEASURED_S[longest]} s measured, limit {limit_s(Path(longest), slow)} s)."
    )
