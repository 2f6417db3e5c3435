"""Complexity counted from the course's own code: the counts follow the code, and a wrong path is
named."""

from __future__ import annotations

import pytest

from utils import complexity
from utils.complexity import COUNTS, closure, code_lines, count


def test_the_closure_follows_calls_into_helpers():
    path = closure(["retrieval.build_index"])
    assert path[0] == "retrieval.build_index"
    assert "retrieval.sync_index" in path  # build_index calls it
    assert "retrieval.clear_index" in path
    assert not any(name.startswith("training.") for name in path)


def test_each_system_needs_what_defines_it():
    rag, ft = count("rag")["details"], count("ft")["details"]
    assert "vector database (Qdrant)" in rag["components"]
    assert "vector database (Qdrant)" not in ft["components"]
    assert {"peft", "datasets"} <= set(ft["packages"])
    assert "peft" not in rag["packages"]
    assert "qdrant_client" in rag["packages"]
    assert {"r", "alpha", "sizes.lr", "sizes.num_epochs"} <= set(ft["knobs"])
    assert {"k", "sizes.chunk_size"} <= set(rag["knobs"])
    assert "TrainingDivergedError" in ft["failure_modes"]
    assert "CorruptIndexError" in rag["failure_modes"]
    assert "ValueError" not in rag["failure_modes"]  # only the course's own errors count
    assert rag["update_steps"] == ["retrieval.sync_index"]


def test_fine_tuned_plus_rag_carries_both_paths():
    both = count("ft_rag")["counts"]
    for name in COUNTS:
        assert both[name] >= max(count("rag")["counts"][name], count("ft")["counts"][name]), name
    shared = complexity.shared_lines("rag", "ft")
    assert 0 < shared < min(count("rag")["counts"]["lines"], count("ft")["counts"]["lines"])
    assert (
        both["lines"] == count("rag")["counts"]["lines"] + count("ft")["counts"]["lines"] - shared
    )


def test_lines_skip_docstrings_comments_and_blank_lines(tmp_path, monkeypatch):
    source = '''def f(x):
    """A docstring
    over two lines."""
    # a comment

    y = x + 1
    return y


def g():
    return f(1)
'''
    (tmp_path / "toy.py").write_text(source)
    monkeypatch.setattr(complexity, "_utils_dir", lambda: tmp_path)
    complexity._module.cache_clear()
    try:
        assert code_lines("toy.f") == 3  # def, y = ..., return
        assert closure(["toy.g"]) == ["toy.g", "toy.f"]
    finally:
        complexity._module.cache_clear()


def test_a_name_that_is_not_on_the_package_is_named_with_the_fix():
    with pytest.raises(
        ValueError, match=r"utils\.nowhere does not exist: fix the name in utils\.complexity\.PATHS"
    ):
        closure(["nowhere.f"])
    with pytest.raises(ValueError, match=r"utils\.rag\.no_such_function is not a function"):
        closure(["rag.no_such_function"])
    with pytest.raises(ValueError, match="no path for 'raft'"):
        count("raft")


def test_the_table_has_every_count_for_every_system():
    table = complexity.complexity_table()
    assert list(table.index) == list(COUNTS)
    assert list(table.columns) == ["base", "rag", "ft", "ft_rag"]
    assert (table.loc["lines"] > 0).all()
