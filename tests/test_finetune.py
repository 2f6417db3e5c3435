"""The fine-tuning data and training helpers (notebooks 3 and 4), on a tiny random Llama.

Only the tokenizer of the course's model is loaded (a fraction of a second from the cache); every
training runs on a two-layer model built from a config, so the whole file takes seconds.
"""

from __future__ import annotations

import json
import warnings
from types import SimpleNamespace

import conftest
import pytest
import torch

from utils import adapters, ft_data, precision_compare, profiles, resources, training
from utils.adapters import AdapterMismatchError
from utils.ft_data import IGNORE_INDEX, EmptyTrainingSetError, ExampleTooLongError
from utils.resources import NotEnoughMemoryError

HOUSE = SimpleNamespace(render=lambda answer, doc_id: f"Answer: {answer} [doc: {doc_id}]")


def question(qid, fact_id, text, answer="38 hours", split="train", doc_id="tessel-a250"):
    return SimpleNamespace(qid=qid, fact_id=fact_id, doc_id=doc_id, question=text, answer=answer,
                           split=split)  # fmt: skip


QUESTIONS = [
    question(f"q{f}{w}", f"f{f}", f"Wording {w} of fact {f}?", answer=f"{f} hours")
    for f in range(6)
    for w in range(4)
] + [
    question("qtest", "f0", "A test wording?", split="test"),
    question("qnew", "f9", "A fact of version 2?", answer=None),
]


@pytest.fixture(scope="module")
def tokenizer():
    import transformers

    from utils.models import ensure_llm_cache

    tok = transformers.AutoTokenizer.from_pretrained(ensure_llm_cache(verbose=False))
    tok.pad_token = tok.pad_token or tok.eos_token
    return tok


def tiny_llama(vocab_size: int, hidden: int = 32, seed: int = 0):
    return conftest.tiny_llama(vocab_size, hidden, seed, tie_word_embeddings=True)


@pytest.fixture(scope="module")
def dataset(tokenizer):
    records = ft_data.training_records(QUESTIONS, HOUSE, per_fact=2)
    return ft_data.build_dataset(tokenizer, records, max_length=96)


TINY_SIZES = profiles.FTSizes(max_train_facts=None, paraphrases_per_fact=None,
                              num_epochs=2, batch_size=4, lr=2e-3, max_length=96, max_new_tokens=8,
                              precision_steps=2, ablation_facts=2, ablation_epochs=1,
                              ablation_paraphrases=(1, None))  # fmt: skip


# --- sizes --------------------------------------------------------------------------------------


def test_both_profiles_have_sizes_and_quick_is_smaller():
    quick, full = profiles.get_profile("quick").ft, profiles.get_profile("full").ft
    assert quick.max_train_facts is not None and full.max_train_facts is None
    assert quick.ablation_facts < full.ablation_facts
    assert len(full.ablation_paraphrases) >= 3 and full.ablation_paraphrases[0] == 1
    assert full.ablation_paraphrases[-1] is None  # up to all wordings


# --- examples and the loss mask -------------------------------------------------------------------


def test_mask_prompt_learns_only_the_answer_and_the_end():
    example = ft_data.mask_prompt([5, 6, 7], [8, 9], eos_id=2)
    assert example["input_ids"] == [5, 6, 7, 8, 9, 2]
    assert example["labels"] == [IGNORE_INDEX] * 3 + [8, 9, 2]
    assert example["attention_mask"] == [1] * 6


def test_v1_train_questions_skip_test_questions_and_version_2_facts():
    kept = ft_data.v1_train_questions(QUESTIONS)
    assert {q.qid for q in kept}.isdisjoint({"qtest", "qnew"}) and len(kept) == 24


def test_tokenized_record_masks_exactly_the_prompt(tokenizer):
    record = {"qid": "q1", "fact_id": "f1", "question": "How long does it last?",
              "answer": "Answer: 38 hours [doc: tessel-a250]"}  # fmt: skip
    row = ft_data.tokenize_record(record, tokenizer)
    prompt = ft_data.build_chat_prompts(tokenizer, [record["question"]], ft_data.FT_SYSTEM)[0]
    n_prompt = len(tokenizer(prompt, add_special_tokens=False)["input_ids"])
    assert row["labels"][:n_prompt] == [IGNORE_INDEX] * n_prompt
    assert IGNORE_INDEX not in row["labels"][n_prompt:]
    assert tokenizer.decode(row["labels"][n_prompt:]) == record["answer"] + tokenizer.eos_token
    assert tokenizer.decode(row["input_ids"]) == prompt + record["answer"] + tokenizer.eos_token
    assert row["length"] == len(row["input_ids"])


# --- paraphrases ------------------------------------------------------------------------------------


def test_sample_paraphrases_is_reproducible_nested_and_complete():
    wordings = {f"f{i}": list("abcd") for i in range(10)}
    one, two = (
        ft_data.sample_paraphrases(wordings, 1, 3),
        ft_data.sample_paraphrases(wordings, 2, 3),
    )
    assert two == ft_data.sample_paraphrases(wordings, 2, 3)
    assert two != ft_data.sample_paraphrases(wordings, 2, 4)
    assert all(set(one[f]) <= set(two[f]) and len(two[f]) == 2 for f in wordings)
    assert all(
        sorted(v) == list("abcd") for v in ft_data.sample_paraphrases(wordings, None).values()
    )
    assert ft_data.sample_paraphrases({"f": ["x"]}, 3) == {"f": ["x"]}
    with pytest.raises(ValueError, match="at least 1"):
        ft_data.sample_paraphrases(wordings, 0)


def test_training_records_per_fact_and_facts():
    records = ft_data.training_records(QUESTIONS, HOUSE, per_fact=1, facts=["f1", "f2", "f9"])
    assert [r["fact_id"] for r in records] == ["f1", "f2"]  # f9 has no version-1 answer
    assert records[0]["answer"] == "Answer: 1 hours [doc: tessel-a250]"
    assert len(ft_data.training_records(QUESTIONS, HOUSE)) == 24


def test_choose_train_facts_puts_evaluated_facts_first():
    chosen = ft_data.choose_train_facts([f"f{i}" for i in range(10)], ["f7", "f3", "f7"], 4)
    assert chosen[:2] == ["f7", "f3"] and len(chosen) == 4
    assert len(ft_data.choose_train_facts(["a", "b"], [], None)) == 2


def test_main_train_facts_trains_every_asked_fact_even_past_the_cap():
    from utils.data import load_questions
    from utils.evaluation import evaluation_set

    questions = load_questions()
    for name in ("quick", "full"):
        profile = profiles.get_profile(name)
        asked = evaluation_set(profile)
        for version, groups in (("v1", ("seen", "robustness", "updated")),
                                ("v2", ("seen", "robustness", "updated", "new"))):  # fmt: skip
            trained = set(ft_data.main_train_facts(questions, asked, profile.ft, version=version))
            every = {q.fact_id for q in ft_data.train_questions(questions, version)}
            assert len(trained) == (profile.ft.max_train_facts or len(every)) and trained <= every
            for g in groups:
                assert {q.fact_id for q in asked[g]} <= trained, (name, version, g)
    tiny = SimpleNamespace(max_train_facts=1)
    asked = [SimpleNamespace(fact_id=f) for f in ("f1", "f2", "f99")]  # f99: no training question
    assert sorted(ft_data.main_train_facts(QUESTIONS, asked, tiny)) == ["f1", "f2"]
    assert ft_data.asked_facts({"seen": asked[:1], "new": asked[1:2]}, "v2") == ["f1", "f2"]
    assert ft_data.asked_facts({"seen": asked[:1], "new": asked[1:2]}) == ["f1"]


# --- the data set -------------------------------------------------------------------------------------


def test_build_dataset_uses_map_and_keeps_ids(dataset):
    assert len(dataset) == 12
    assert {"qid", "fact_id", "input_ids", "labels", "attention_mask", "length"} <= set(
        dataset.column_names
    )
    assert all(
        len(ids) == n for ids, n in zip(dataset["input_ids"], dataset["length"], strict=True)
    )


def test_too_long_example_is_refused_with_its_id(tokenizer):
    records = ft_data.training_records(QUESTIONS, HOUSE, per_fact=1)
    records.append({**records[0], "qid": "q-long", "question": "word " * 200})
    with pytest.raises(ExampleTooLongError, match="q-long"):
        ft_data.build_dataset(tokenizer, records, max_length=64)


def test_too_long_example_can_be_truncated_with_a_warning(tokenizer):
    records = [{"qid": "q-long", "fact_id": "f", "question": "word " * 200, "answer": "Answer: x"}]
    with pytest.warns(UserWarning, match="q-long"):
        data = ft_data.build_dataset(tokenizer, records, max_length=64, too_long="truncate")
    assert data["length"] == [64] and len(data["input_ids"][0]) == len(data["labels"][0]) == 64


def test_an_empty_training_set_is_refused(tokenizer):
    with pytest.raises(EmptyTrainingSetError, match="No training examples"):
        ft_data.build_dataset(tokenizer, [], max_length=64)


# --- batches ---------------------------------------------------------------------------------------


def test_pad_batch_pads_to_the_longest_of_the_batch():
    features = [{"input_ids": [5, 6, 7], "labels": [-100, 6, 7], "attention_mask": [1, 1, 1]},
                {"input_ids": [8], "labels": [8], "attention_mask": [1]}]  # fmt: skip
    batch = ft_data.pad_batch(features, pad_id=0)
    assert batch["input_ids"].tolist() == [[5, 6, 7], [8, 0, 0]]
    assert batch["labels"].tolist() == [[-100, 6, 7], [8, -100, -100]]
    assert batch["attention_mask"].tolist() == [[1, 1, 1], [1, 0, 0]]


def test_pad_batch_matches_transformers_collator(tokenizer, dataset):
    from transformers import DataCollatorForSeq2Seq

    keys = ("input_ids", "labels", "attention_mask")
    features = [{k: dataset[i][k] for k in keys} for i in range(5)]
    tokenizer.padding_side = "right"
    library = DataCollatorForSeq2Seq(tokenizer, padding="longest", label_pad_token_id=-100)(
        features
    )
    ours = ft_data.pad_batch(features, tokenizer.pad_token_id)
    assert all(torch.equal(ours[k], library[k]) for k in keys)


def test_padding_costs():
    lengths = [10, 2, 9, 3]
    assert ft_data.padded_tokens(lengths, 2, "max_length") == 40
    assert ft_data.padded_tokens(lengths, 2, "grouped") == 2 * 3 + 2 * 10
    assert ft_data.padded_tokens(lengths, 2, "random") >= ft_data.padded_tokens(
        lengths, 2, "grouped"
    )
    with pytest.raises(ValueError):
        ft_data.padded_tokens(lengths, 2, "sorted")


def test_token_stats(dataset):
    stats = ft_data.token_stats(dataset, batch_size=4, num_epochs=3)
    assert stats["examples"] == 12 and 0 < stats["answer_tokens"] < stats["tokens"]
    assert stats["training_tokens"] == 3 * stats["computed_tokens_grouped"]


# --- training ---------------------------------------------------------------------------------------


def train_tiny(tokenizer, dataset, seed=0, bf16=False, **kwargs):
    """A short LoRA training of the tiny model (fp32 unless asked: bf16 is slow at this toy size)."""
    model = tiny_llama(len(tokenizer))
    return training.train_lora(model, tokenizer, dataset, TINY_SIZES, seed=seed, bf16=bf16,
                               progress=False, **kwargs)  # fmt: skip


def test_training_lowers_the_loss_and_records_every_step(tokenizer, dataset):
    run = train_tiny(tokenizer, dataset)
    assert len(run.losses) == training.total_steps(len(dataset), TINY_SIZES) == 6
    assert len(run.step_seconds) == 6 and run.tokens_per_s() > 0 and run.peak_rss_mb > 0
    assert run.losses[-1] < run.losses[0]
    assert not run.model.training


def test_two_runs_with_the_same_seed_give_the_same_losses(tokenizer, dataset):
    first, second = train_tiny(tokenizer, dataset), train_tiny(tokenizer, dataset)
    assert first.losses == second.losses
    assert train_tiny(tokenizer, dataset, seed=1).losses != first.losses


def test_the_learners_make_trainer_is_what_trains(tokenizer, dataset):
    calls = []

    def learners(model, lora, args, dataset, collate, loss):
        calls.append((args.learning_rate, args.num_train_epochs, lora.r))
        return training.make_trainer(model, lora, args, dataset, collate, loss)

    mine, reference = (
        train_tiny(tokenizer, dataset, make_trainer=learners),
        train_tiny(tokenizer, dataset),
    )
    assert calls == [(TINY_SIZES.lr, TINY_SIZES.num_epochs, 16)]
    assert mine.losses == reference.losses


def test_the_live_loss_curve_draws_in_a_notebook_only_and_not_at_every_step(monkeypatch):
    from utils.plots import LiveLossCurve

    shown = []
    curve = LiveLossCurve(total_steps=10, every_s=3600)
    assert not curve.update([2.0, 1.0], final=True)  # not in a notebook kernel: nothing drawn

    class Handle:
        def update(self, fig):
            shown.append(fig)

    def display(fig, display_id=False):
        shown.append(fig)
        return Handle()

    monkeypatch.setattr(LiveLossCurve, "in_notebook", staticmethod(lambda: True))
    monkeypatch.setattr("IPython.display.display", display)
    assert curve.update([2.0]) and not curve.update([2.0, 1.5])  # within every_s: skipped
    assert curve.update([2.0, 1.5, 1.0], final=True) and len(shown) == 2
    (line,) = shown[-1].axes[0].get_lines()
    assert list(line.get_ydata()) == [2.0, 1.5, 1.0] and shown[-1].axes[0].get_xlim()[1] == 11
    assert "step 3 of 10, last 1.000" in shown[-1].axes[0].get_title()


def test_stop_after_gives_the_first_steps_of_the_full_run(tokenizer, dataset):
    full, short = train_tiny(tokenizer, dataset), train_tiny(tokenizer, dataset, stop_after=3)
    assert short.losses == full.losses[:3]


def test_training_an_empty_set_is_refused(tokenizer, dataset):
    with pytest.raises(EmptyTrainingSetError):
        train_tiny(tokenizer, dataset.select([]))


def test_bf16_autocast_follows_fp32(tokenizer, dataset):
    fp32 = train_tiny(tokenizer, dataset, bf16=False, stop_after=3)
    bf16 = train_tiny(tokenizer, dataset, bf16=True, stop_after=3)
    assert fp32.step_tokens == bf16.step_tokens  # the same batches
    drift = precision_compare.relative_differences(fp32.losses, bf16.losses)
    assert drift[0] < 0.01 and max(drift) < 0.1


@pytest.mark.parametrize("native", [True, False])
def test_precisions_compared_train_bf16_only_where_it_is_native(tokenizer, dataset, native):
    """Where bf16 is native both precisions train the same steps; elsewhere only float32 trains and
    bf16 reads float32's first batch forward only, from the same weights: its loss is that step's."""
    loads = []

    def load():
        loads.append(tiny_llama(len(tokenizer)))
        return loads[-1], tokenizer

    result = precision_compare.compare_precisions(dataset, TINY_SIZES, 3, load=load, native=native)
    assert result["trained_bf16"] is native and len(result["losses_fp32"]) == 3
    assert result["speedup"] > 0 and result["same_batches"]
    drift = precision_compare.relative_differences(
        result["losses_fp32"][: len(result["losses_bf16"])], result["losses_bf16"]
    )
    assert 0 < drift[0] < 0.01  # bf16 rounds, a little
    if native:
        assert len(loads) == 2 and len(result["losses_bf16"]) == 3 and max(drift) < 0.1
        assert result["speedup_of"] == "a training step" and result["tokens_per_s_bf16"] > 0
    else:  # float32 read again forward only gives the training's own first loss: the same batch
        assert len(loads) == 2 and len(result["losses_bf16"]) == 1
        assert result["speedup_of"] == "a forward pass" and result["tokens_per_s_bf16"] is None
        assert result["first_step_fp32_forward"] == pytest.approx(
            result["losses_fp32"][0], rel=1e-4
        )


def test_the_first_step_loss_is_the_batch_the_training_began_with(tokenizer, dataset):
    def model():  # weights drawn wide enough that every batch has its own loss
        return conftest.tiny_llama(len(tokenizer), tie_word_embeddings=True, initializer_range=0.5)

    run = training.train_lora(model(), tokenizer, dataset, TINY_SIZES, seed=0, bf16=False,
                              stop_after=1, progress=False)  # fmt: skip
    batch = run.extra["first_batch"]
    assert int(batch["attention_mask"].sum()) == run.step_tokens[0]
    loss, seconds = precision_compare.first_step_loss(
        model(), batch, bf16=False
    )  # the starting weights
    assert loss == pytest.approx(run.losses[0], rel=1e-4) and seconds > 0
    half = {key: rows[: len(rows) // 2] for key, rows in batch.items()}  # another batch
    assert precision_compare.first_step_loss(model(), half, bf16=False)[0] != pytest.approx(
        loss, rel=1e-2
    )


def test_a_float16_model_as_a_t4_loads_it_trains_like_float32(tokenizer, dataset):
    """On a T4 ``pick_dtype`` loads float16 weights (bf16 is only emulated there): the same LoRA
    path trains them, its own weights kept in float32, and the merged model stays float16."""
    import torch

    from utils.lora import merged_copy

    half = training.train_lora(tiny_llama(len(tokenizer)).to(torch.float16), tokenizer, dataset,
                               TINY_SIZES, seed=0, bf16=False, progress=False)  # fmt: skip
    full = train_tiny(tokenizer, dataset)
    lora = {p.dtype for n, p in half.model.named_parameters() if "lora_" in n}
    assert lora == {torch.float32} and half.losses[-1] < half.losses[0]
    assert max(precision_compare.relative_differences(full.losses, half.losses)) < 1e-3
    merged = merged_copy(half.model)
    assert {p.dtype for p in merged.parameters()} == {torch.float16}
    assert all(torch.isfinite(p).all() for p in merged.parameters())


def test_eager_attention_trains_like_sdpa_and_is_undone_after_training(tokenizer, dataset):
    from utils.lora import training_attention

    assert training_attention("cpu") == "eager" and training_attention("cuda") == "sdpa"
    model = tiny_llama(len(tokenizer))
    before = model.config._attn_implementation
    eager = training.train_lora(model, tokenizer, dataset, TINY_SIZES, seed=0, bf16=False,
                                progress=False, stop_after=3)  # fmt: skip
    assert eager.attention == "eager"  # the course's choice on a CPU
    assert model.config._attn_implementation == before  # answering keeps its own kernel
    sdpa = train_tiny(tokenizer, dataset, stop_after=3, attention="sdpa")
    assert sdpa.attention == "sdpa"
    assert max(precision_compare.relative_differences(sdpa.losses, eager.losses)) < 1e-4


def test_logits_only_where_a_label_is_learned_give_the_models_own_loss(tokenizer, dataset):
    model = tiny_llama(len(tokenizer))
    batch = ft_data.pad_batch([dataset[i] for i in range(4)], tokenizer.pad_token_id)
    kept = ft_data.keep_labelled_logits(batch)
    mask = kept["logits_to_keep"]
    # position t is kept exactly when token t + 1 is learned; the last position never is
    assert mask[:, :-1].tolist() == (batch["labels"][:, 1:] != IGNORE_INDEX).tolist()
    assert not mask[:, -1].any() and 0 < mask.sum() < mask.numel() / 2
    full = model(**batch)  # the model's own loss, over logits at every position
    out = model(**{k: v for k, v in kept.items() if k != "labels"})
    assert out.logits.shape == (int(mask.sum()), model.config.vocab_size)
    ours = ft_data.labelled_loss(out, batch["labels"])
    assert torch.allclose(ours, full.loss, rtol=1e-5)
    # exercise 4.3's reference, from every position's logits, is the same loss
    assert torch.allclose(
        ft_data.causal_lm_loss(full.logits, batch["labels"]), full.loss, rtol=1e-5
    )
    n = int((batch["labels"][:, 1:] != IGNORE_INDEX).sum())
    twice = ft_data.labelled_loss(out, batch["labels"], num_items_in_batch=2 * n)
    assert torch.allclose(twice, full.loss / 2, rtol=1e-5)  # the Trainer's count divides the sum
    grads = [torch.autograd.grad(loss, model.model.embed_tokens.weight)[0] for loss in (
        full.loss, ft_data.labelled_loss(model(**{k: v for k, v in kept.items() if k != "labels"}),
                                         batch["labels"]))]  # fmt: skip
    assert torch.allclose(*grads, atol=1e-6)
    # trained either way: the same losses, step by step
    labelled = train_tiny(tokenizer, dataset, stop_after=3)
    everywhere = train_tiny(tokenizer, dataset, stop_after=3, labelled_logits=False)
    assert labelled.labelled_logits and not everywhere.labelled_logits
    assert max(precision_compare.relative_differences(everywhere.losses, labelled.losses)) < 1e-4


def test_the_training_cache_gives_back_the_same_training_and_only_that_one(
    tokenizer, dataset, tmp_path, monkeypatch
):
    import torch

    from utils import train_cache

    monkeypatch.setenv("COURSE_TRAIN_CACHE", str(tmp_path))
    first = train_tiny(tokenizer, dataset)
    assert first.origin == "trained now" and len(list(tmp_path.iterdir())) == 1
    again = train_tiny(tokenizer, dataset)
    assert again.origin.startswith("loaded from the training cache")
    assert (again.losses, again.seconds, again.step_tokens) == (first.losses, first.seconds,
                                                                first.step_tokens)  # fmt: skip
    ids = torch.tensor([dataset[0]["input_ids"]])
    with torch.no_grad():
        assert torch.equal(first.model(ids).logits, again.model(ids).logits)
    # another seed, other sizes, a partial run: trained, never loaded
    assert train_tiny(tokenizer, dataset, seed=1).origin == "trained now"
    other = train_tiny(tokenizer, dataset, attention="sdpa")
    assert other.origin == "trained now"
    assert train_tiny(tokenizer, dataset, stop_after=2).origin == "trained now"
    assert len(list(tmp_path.iterdir())) == 3  # the partial run is not kept
    # an entry left half written (its run file missing) is trained again, then whole
    entry = next(p for p in tmp_path.iterdir() if (p / train_cache.RUN_FILE).exists())
    (entry / train_cache.RUN_FILE).unlink()
    runs = [train_tiny(tokenizer, dataset, seed=s, attention=a)
            for s, a in ((0, None), (1, None), (0, "sdpa"))]  # fmt: skip
    assert [run.origin == "trained now" for run in runs].count(True) == 1
    assert (entry / train_cache.RUN_FILE).exists()
    monkeypatch.delenv("COURSE_TRAIN_CACHE")
    assert train_tiny(tokenizer, dataset).origin == "trained now"  # off: always trains


def test_a_training_key_is_the_same_in_every_process():
    """peft keeps the target layers in a set, whose order changes with each process's hash seed:
    the key must not."""
    import os
    import subprocess
    import sys

    code = ("from utils.lora import lora_config; from utils.train_cache import stable_json; "
            "print(stable_json(lora_config().to_dict()))")  # fmt: skip

    def key_text(seed: str) -> str:
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True, env=env)  # fmt: skip
        return run.stdout

    texts = {key_text(seed) for seed in ("1", "2", "3")}
    assert len(texts) == 1 and "q_proj" in texts.pop()


# --- memory -----------------------------------------------------------------------------------------


def test_a_batch_that_does_not_fit_is_refused_naming_the_setting(tokenizer):
    model = tiny_llama(len(tokenizer))
    assert resources.check_memory(model, 4, 64, available_mb=1e6) > 0
    with pytest.raises(NotEnoughMemoryError, match=r"batch_size=64.*Lower the batch size"):
        resources.check_memory(model, 64, 96, available_mb=100)


def test_the_estimate_grows_with_the_batch(tokenizer):
    model = tiny_llama(len(tokenizer))
    small = resources.estimate_train_memory_mb(model, 4, 64)
    assert resources.estimate_train_memory_mb(model, 8, 64) > small


def test_training_refuses_a_batch_too_big_for_memory(tokenizer, dataset, monkeypatch):
    monkeypatch.setattr(resources, "available_memory_mb", lambda device="cpu": 50.0)
    with pytest.raises(NotEnoughMemoryError, match="batch_size=4"):
        train_tiny(tokenizer, dataset)


def test_on_a_gpu_the_memory_compared_is_the_gpus(tokenizer, monkeypatch):
    asked = []
    monkeypatch.setattr(torch.cuda, "mem_get_info", lambda device: (3 * 2**30, 16 * 2**30))
    monkeypatch.setattr(torch.cuda, "memory_allocated", lambda device: 2**30)
    assert resources.available_memory_mb("cuda") == 4096  # free + what this process holds
    assert resources.available_memory_mb("cpu") > 0
    monkeypatch.setattr(
        resources, "available_memory_mb", lambda device: asked.append(device) or 1e6
    )
    resources.check_memory(tiny_llama(len(tokenizer)), 4, 64)
    assert asked == ["cpu"]  # the device the model is on


def test_out_of_memory_errors_are_explained():
    with (
        pytest.raises(NotEnoughMemoryError, match="batch_size=16"),
        resources.explain_memory_errors(16),
    ):
        raise RuntimeError("DefaultCPUAllocator: can't allocate memory: you tried to allocate 9 GB")
    with pytest.raises(RuntimeError, match="shape mismatch"), resources.explain_memory_errors(16):
        raise RuntimeError("shape mismatch")


# --- the adapter on disk ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def saved_adapter(tokenizer, dataset, tmp_path_factory):
    run = train_tiny(tokenizer, dataset, stop_after=2)
    path = adapters.save_adapter(run.model, tmp_path_factory.mktemp("adapter") / "ft")
    return run, path


def test_adapter_reloads_with_the_same_outputs(tokenizer, saved_adapter):
    run, path = saved_adapter
    manifest = json.loads((path / adapters.ADAPTER_MANIFEST).read_text())
    assert manifest["base_fingerprint"]["hidden_size"] == 32
    assert manifest["system_prompt"] == ft_data.FT_SYSTEM
    reloaded = adapters.load_adapter(tiny_llama(len(tokenizer)), path)
    ids = torch.tensor([[1, 2, 3, 4]])
    with torch.no_grad():
        assert torch.allclose(reloaded(input_ids=ids).logits, run.model(input_ids=ids).logits)
    assert adapters.folder_size_mb(path) > 0


def test_adapter_from_another_base_is_refused(tokenizer, saved_adapter):
    _, path = saved_adapter
    with pytest.raises(AdapterMismatchError, match=r"another base model.*hidden_size"):
        adapters.load_adapter(tiny_llama(len(tokenizer), hidden=64), path)
    with pytest.raises(AdapterMismatchError, match="embedding_sha256"):  # same shape, other weights
        adapters.load_adapter(tiny_llama(len(tokenizer), seed=1), path)


def test_a_missing_adapter_says_which_notebook_makes_it(tmp_path, tokenizer):
    with pytest.raises(FileNotFoundError, match="notebook 4"):
        adapters.load_adapter(tiny_llama(len(tokenizer)), tmp_path)


def test_fingerprint_is_the_same_in_bf16(tokenizer):
    model = tiny_llama(len(tokenizer))
    fingerprint = adapters.base_fingerprint(model)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert adapters.base_fingerprint(model.to(torch.bfloat16)) == fingerprint


def test_notebook_5_loads_the_adapter_notebook_4_saved_in_the_same_profile(
    tokenizer, saved_adapter, tmp_path, monkeypatch
):
    import shutil

    import utils.models

    run, _ = saved_adapter
    folder = adapters.adapter_dir(tmp_path)
    extra = {"profile": "quick", "train_seconds": 1.5, "train_tokens": 99}
    adapters.save_adapter(run.model, folder, extra=extra)  # as notebook 4 saves it
    monkeypatch.setattr(utils.models, "load_llm", lambda: (tiny_llama(len(tokenizer)), tokenizer))

    class Trains(Exception):
        pass

    def no_training(*args, **kwargs):
        raise Trains

    monkeypatch.setattr(training, "train_lora", no_training)
    loaded = training.ensure_adapter(profiles.get_profile("quick"), root=tmp_path)
    assert "loaded from" in loaded.note and "notebook 4" in loaded.note
    assert loaded.training["train_seconds"] == 1.5 and loaded.training["train_tokens"] == 99
    ids = torch.tensor([[1, 2, 3, 4]])
    with torch.no_grad():
        assert torch.allclose(loaded.model(input_ids=ids).logits, run.model(input_ids=ids).logits)
    with pytest.raises(Trains):  # saved in the quick profile: the full one trains its own
        training.ensure_adapter(profiles.get_profile("full"), root=tmp_path)
    shutil.rmtree(folder)
    with pytest.raises(Trains):  # none saved
        training.ensure_adapter(profiles.get_profile("quick"), root=tmp_path)


def test_adapter_dir_is_under_the_results(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_RESULTS_DIR", str(tmp_path))
    assert adapters.adapter_dir() == tmp_path / "adapters" / "ft"


# --- the real data ----------------------------------------------------------------------------------


def test_the_real_training_data_never_comes_from_held_out_documents():
    from utils.data import load_questions, load_splits

    train = ft_data.v1_train_questions(load_questions())
    assert train and not {q.doc_id for q in train} & set(load_splits().heldout_docs)


# --- training that refuses nonsense -------------------------------------------------------------------


def test_a_diverging_training_stops_and_names_the_learning_rate(tokenizer, dataset):
    from dataclasses import replace

    wild = replace(TINY_SIZES, lr=1e6)
    model = tiny_llama(len(tokenizer))
    with pytest.raises(
        training.TrainingDivergedError, match=r"learning rate \(1e\+06\)|FTSizes\.lr"
    ):
        training.train_lora(model, tokenizer, dataset, wild, bf16=False, progress=False)


@pytest.mark.parametrize(
    ("change", "name"),
    [({"num_epochs": 0}, "num_epochs"), ({"num_epochs": -1}, "num_epochs"),
     ({"batch_size": 0}, "batch_size"), ({"lr": 0.0}, "lr"), ({"lr": float("nan")}, "lr")],
)  # fmt: skip
def test_sizes_that_would_train_nothing_are_refused_before_any_work(
    tokenizer, dataset, change, name
):
    from dataclasses import replace

    with pytest.raises(ValueError, match=rf"{name} must be a positive number"):
        training.train_lora(None, tokenizer, dataset, replace(TINY_SIZES, **change))


def test_zero_steps_are_refused(tokenizer, dataset):
    with pytest.raises(ValueError, match="stop_after must be a positive number"):
        train_tiny(tokenizer, dataset, stop_after=0)


def test_a_batch_size_of_zero_is_refused_with_an_example():
    with pytest.raises(ValueError, match="batch_size must be at least 1"):
        ft_data.padded_tokens([3, 4], 0, "random")


def test_the_loss_mask_strip_colours_each_token_by_its_label():
    class Letters:
        def decode(self, ids):
            return "".join("<>\nabcdefgh"[i] for i in ids)

    strip = ft_data.loss_mask_html(
        Letters(), {"input_ids": [0, 3, 2, 4, 5], "labels": [-100, -100, -100, 4, 5]}
    )
    assert strip.count("background:#e0e0e0;padding") == 3  # the prompt: no loss
    assert strip.count("background:#9be39b;padding") == 2  # the answer: learned
    assert "&lt;" in strip and "↵" in strip  # HTML escaped, newlines visible
