"""Precision chosen by measurement: the rule, the cache, the override, and the probe itself."""

from __future__ import annotations

import json

import conftest
import pytest
import torch

from utils import generation, models, precision, records
from utils.precision import PrecisionPlan, Timing

SHORT, LONG = 47, 190  # prompt tokens of the two generation shapes


def make_plan(short=0.8, long=1.3, scoring=1.02, training=1.4, key="test") -> PrecisionPlan:
    """A plan whose bf16 speed-ups are the given ratios (float32 takes 1 s each time)."""

    def t(ratio, tokens=0):
        return Timing(fp32_s=1.0, bf16_s=1.0 / ratio, prompt_tokens=tokens)

    timings = {"answers_short": t(short, SHORT), "answers_long": t(long, LONG),
               "scoring": t(scoring), "training": t(training)}  # fmt: skip
    return PrecisionPlan(key=key, timings=timings, measured_at="2026-01-01T00:00:00",
                         threads=2, load_average=0.1, probe_s=20.0)  # fmt: skip


@pytest.fixture
def isolated(monkeypatch, tmp_path):
    """No plan in memory, an empty cache folder, no override, and a CPU with native bf16."""
    monkeypatch.setattr(precision, "_PLANS", {})
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("COURSE_AUTOCAST", raising=False)
    monkeypatch.setattr(precision, "cpu_has_native_bf16", lambda: True)
    return tmp_path


def test_bf16_only_where_it_was_clearly_faster():
    plan = make_plan(short=0.8, long=1.3, scoring=1.02, training=1.4)
    assert [plan.bf16(t) for t in precision.TASKS] == [False, True, False, True]
    assert Timing(1.0, 1.0 / precision.MIN_SPEEDUP).bf16  # exactly the bar: bf16
    assert not Timing(1.0, 1.0 / 1.04).bf16  # within the noise: float32 keeps the tie
    with pytest.raises(ValueError, match="Unknown task"):
        plan.bf16("generation")


def test_answers_follow_the_nearer_shape_of_prompt():
    plan = make_plan(short=0.8, long=1.3)
    middle = (SHORT * LONG) ** 0.5  # ~95 tokens, on a log scale halfway
    assert plan.bf16("answers", 20) is False
    assert plan.bf16("answers", int(middle) - 1) is False
    assert plan.bf16("answers", int(middle) + 1) is True
    assert plan.bf16("answers", 600) is True
    assert plan.bf16("answers") is True  # length unknown: the long shape
    flipped = make_plan(short=1.5, long=0.9)
    assert flipped.bf16("answers", 30) is True and flipped.bf16("answers", 300) is False


def test_the_override_wins_and_is_said(isolated, monkeypatch):
    precision._PLANS[precision.plan_key()] = make_plan(key=precision.plan_key())
    assert models.use_bf16_autocast("cpu", "answers", 20) is False
    assert models.use_bf16_autocast("cpu", "training") is True
    monkeypatch.setenv("COURSE_AUTOCAST", "1")
    assert all(models.use_bf16_autocast("cpu", t) for t in precision.TASKS)
    assert "COURSE_AUTOCAST" in precision.describe("cpu")
    assert precision.summary("cpu")["source"] == "COURSE_AUTOCAST"
    monkeypatch.setenv("COURSE_AUTOCAST", "0")
    assert not any(models.use_bf16_autocast("cpu", t) for t in precision.TASKS)


def test_nothing_to_measure_without_native_bf16_or_on_a_gpu(isolated, monkeypatch):
    def no_probe(*args, **kwargs):
        raise AssertionError("nothing should be measured")

    monkeypatch.setattr(precision, "plan_for", no_probe)
    assert models.use_bf16_autocast("cuda", "answers") is False
    monkeypatch.setattr(precision, "cpu_has_native_bf16", lambda: False)
    assert models.use_bf16_autocast("cpu", "training") is False
    assert "no native bf16" in precision.describe("cpu")
    assert precision.summary("cpu")["training"] == {"bf16": False}


def test_a_plan_is_cached_and_read_back_without_measuring(isolated, monkeypatch):
    key = precision.plan_key()
    measured = make_plan(key=key)
    monkeypatch.setattr(precision, "probe", lambda model, tokenizer, key: measured)
    plan = precision.plan_for(object(), object(), verbose=False)
    assert plan.source == "measured now"
    saved = json.loads((isolated / precision.CACHE_FILE).read_text())
    assert set(saved[key]["timings"]) == set(precision.TASKS)

    monkeypatch.setattr(precision, "_PLANS", {})  # a new process
    monkeypatch.setattr(precision, "probe", lambda *a, **k: pytest.fail("measured again"))
    again = precision.plan_for()  # no model needed: the cache answers
    assert again.source == "cached"
    assert {t: again.bf16(t) for t in precision.TASKS} == {
        t: measured.bf16(t) for t in precision.TASKS
    }
    assert "cached" in again.describe() and "closed-book answers float32" in again.describe()


def test_an_unreadable_or_outdated_cache_is_measured_again(isolated, monkeypatch):
    key = precision.plan_key()
    (isolated / precision.CACHE_FILE).write_text(json.dumps({key: {"timings": {"training": {}}}}))
    calls = []
    monkeypatch.setattr(
        precision, "probe", lambda m, t, key: calls.append(key) or make_plan(key=key)
    )
    assert precision.plan_for(object(), object(), verbose=False).source == "measured now"
    (isolated / precision.CACHE_FILE).write_text("{not json")
    monkeypatch.setattr(precision, "_PLANS", {})
    precision.plan_for(object(), object(), verbose=False)
    assert len(calls) == 2


def test_the_key_names_the_machine_and_the_model(monkeypatch):
    monkeypatch.delenv("COURSE_LLM", raising=False)
    key = precision.plan_key()
    assert "SmolLM2-135M-Instruct" in key and torch.__version__ in key and "cores" in key
    monkeypatch.setenv("COURSE_LLM", "org/other-model")
    assert precision.plan_key() != key and "org/other-model" in precision.plan_key()


def test_each_generation_batch_runs_in_its_shapes_precision(isolated, monkeypatch):
    precision._PLANS[precision.plan_key()] = make_plan(
        short=0.8, long=1.3, key=precision.plan_key()
    )
    seen = []
    real = models.autocast_context
    monkeypatch.setattr(models, "autocast_context",
                        lambda device, enabled: seen.append(enabled) or real(device, enabled))  # fmt: skip

    class Tok:  # a whitespace tokenizer over a tiny vocabulary, enough for generate_batch
        pad_token, pad_token_id, eos_token_id = "<pad>", 0, 1

        def __call__(self, texts, **kwargs):
            rows = [[2 + len(w) % 60 for w in t.split()] for t in texts]
            width = max(map(len, rows))
            ids = torch.tensor([[0] * (width - len(r)) + r for r in rows])
            mask = torch.tensor([[0] * (width - len(r)) + [1] * len(r) for r in rows])
            return _Batch(input_ids=ids, attention_mask=mask)

        def decode(self, ids, skip_special_tokens=True):
            return " ".join(map(str, ids))

    model = conftest.tiny_llama(vocab_size=64, max_position_embeddings=512)
    short, long = ["word " * 10] * 2, ["word " * 300] * 2
    generation.generate_batch(model, Tok(), short + long, batch_size=2, max_new_tokens=2,
                              progress=False)  # fmt: skip
    assert seen == [False, True]  # the short batch in float32, the long one under bf16
    seen.clear()
    generation.generate_batch(model, Tok(), long, batch_size=2, max_new_tokens=2, progress=False,
                              autocast=False)  # fmt: skip
    assert seen == [False]  # an explicit choice is kept


class _Batch(dict):
    def to(self, device):
        return self

    def __getattr__(self, name):
        return self[name]


def test_records_say_what_each_kind_of_work_ran_in(isolated):
    precision._PLANS[precision.plan_key()] = make_plan(key=precision.plan_key())
    saved = records.machine_settings()["precision"]
    assert saved["answers_short"] == {"bf16": False, "bf16_speedup": 0.8}
    assert saved["training"] == {"bf16": True, "bf16_speedup": 1.4}
    assert saved["source"] == "measured now"


def test_the_probe_times_all_four_kinds_of_work_and_leaves_the_model_alone(isolated):
    import transformers

    from utils.models import ensure_llm_cache

    tok = transformers.AutoTokenizer.from_pretrained(ensure_llm_cache(verbose=False))
    tok.pad_token = tok.pad_token or tok.eos_token
    model = conftest.tiny_llama(vocab_size=len(tok), max_position_embeddings=1024)
    before = {n: p.detach().clone() for n, p in model.named_parameters()}
    plan = precision.probe(model, tok, "k")
    assert set(plan.timings) == set(precision.TASKS)
    assert all(t.fp32_s > 0 and t.bf16_s > 0 for t in plan.timings.values())
    short, long = plan.timings["answers_short"], plan.timings["answers_long"]
    assert 20 < short.prompt_tokens < 100 and 120 < long.prompt_tokens < 300  # the course's shapes
    assert all(torch.equal(p, before[n]) for n, p in model.named_parameters())  # trained a copy
    assert not any(p.requires_grad is False for p in model.parameters())  # not frozen by peft


def test_short_timings_keep_the_fastest_of_alternating_repeats(monkeypatch):
    durations = iter(
        [9.0, 1.0, 1.0, 1.1, 1.0, 1.2]
    )  # float32's first timing disturbed by other work
    monkeypatch.setattr(precision, "_timed", lambda fn: (fn(), next(durations))[1])
    ran = []
    assert precision._both(ran.append, repeats=3) == (1.0, 1.0)
    assert ran == [False, True] * 4  # one untimed warm-up each, then the precisions take turns
