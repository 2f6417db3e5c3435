"""LoRA by hand (utils.lora) against peft, on a tiny random Llama."""

from __future__ import annotations

import conftest
import pytest
import torch

from utils import lora


def tiny_llama(seed: int = 0):
    return conftest.tiny_llama(128, 32, seed, max_position_embeddings=64)


def peft_with_random_b(model, r=4, alpha=8):
    """peft's LoRA on ``model`` with B made non-zero, so the update is really computed."""
    from peft import get_peft_model

    peft_model = get_peft_model(model, lora.lora_config(r=r, alpha=alpha))
    with torch.no_grad():
        for name, param in peft_model.named_parameters():
            if "lora_B" in name:
                param.normal_(std=0.1)
    return peft_model.eval()


def test_lora_linear_starts_as_the_base_layer_and_trains_only_a_and_b():
    base = torch.nn.Linear(8, 6)
    layer = lora.LoRALinear(base, r=2, alpha=4)
    x = torch.randn(3, 5, 8)  # (B, T, d_in)
    assert torch.equal(layer(x), base(x))
    assert {n for n, p in layer.named_parameters() if p.requires_grad} == {"A", "B"}
    assert layer.A.shape == (2, 8) and layer.B.shape == (6, 2) and layer.scaling == 2.0


def test_lora_linear_forward_is_base_plus_scaled_low_rank_update():
    base = torch.nn.Linear(8, 6)
    layer = lora.LoRALinear(base, r=2, alpha=4)
    with torch.no_grad():
        layer.B.normal_()
    x = torch.randn(3, 8)
    expected = base(x) + 2.0 * x @ layer.A.T @ layer.B.T
    assert torch.allclose(layer(x), expected, atol=1e-6)
    assert isinstance(layer, lora.LoRALinear)  # a real class, built on first use


def test_one_hand_layer_equals_peft_layer_on_the_same_weights():
    model = tiny_llama()
    peft_model = peft_with_random_b(tiny_llama())
    peft_layer = peft_model.get_base_model().model.layers[0].self_attn.q_proj
    hand = lora.LoRALinear(model.model.layers[0].self_attn.q_proj, r=4, alpha=8)
    with torch.no_grad():
        hand.A.copy_(peft_layer.lora_A["default"].weight)
        hand.B.copy_(peft_layer.lora_B["default"].weight)
    x = torch.randn(2, 7, 32)
    with torch.no_grad():
        assert torch.allclose(hand(x), peft_layer(x), atol=1e-6)


def test_hand_lora_model_equals_peft_model():
    hand_model = tiny_llama()
    peft_model = peft_with_random_b(tiny_llama())
    wrapped = lora.replace_with_lora(hand_model, r=4, alpha=8)
    assert len(wrapped) == 7 * 2
    assert lora.copy_peft_weights(hand_model, peft_model) == len(wrapped)
    ids = torch.randint(0, 128, (2, 9))
    with torch.no_grad():
        hand_logits, peft_logits = (
            hand_model(input_ids=ids).logits,
            peft_model(input_ids=ids).logits,
        )
        base_logits = tiny_llama()(input_ids=ids).logits
    assert torch.allclose(hand_logits, peft_logits, atol=1e-5)
    assert not torch.allclose(peft_logits, base_logits, atol=1e-3)  # the update really counts
    targets = [
        m for n, m in tiny_llama().named_modules() if n.split(".")[-1] in lora.LINEAR_TARGETS
    ]
    expected = 4 * sum(m.in_features + m.out_features for m in targets)  # r * (d_in + d_out) each
    assert lora.count_parameters(hand_model)["trainable"] == expected
    assert lora.count_parameters(peft_model)["trainable"] == expected


def test_merge_weight_matches_peft_merge_and_unload():
    peft_model = peft_with_random_b(tiny_llama())
    layer = peft_model.get_base_model().model.layers[1].mlp.down_proj
    by_hand = lora.merge_weight(layer.base_layer.weight.clone(), layer.lora_A["default"].weight,
                                layer.lora_B["default"].weight, layer.scaling["default"])  # fmt: skip
    ids = torch.randint(0, 128, (1, 6))
    with torch.no_grad():
        before = peft_model(input_ids=ids).logits
        merged = peft_model.merge_and_unload()
        after = merged(input_ids=ids).logits
    assert torch.allclose(merged.model.layers[1].mlp.down_proj.weight, by_hand, atol=1e-6)
    assert torch.allclose(before, after, atol=1e-5)
    assert type(merged.model.layers[1].mlp.down_proj) is torch.nn.Linear


def test_lora_config_targets_every_linear_layer():
    config = lora.lora_config()
    assert config.r == lora.LORA_R and config.lora_alpha == lora.LORA_ALPHA
    assert set(config.target_modules) == set(lora.LINEAR_TARGETS)
    assert config.lora_dropout == 0.0 and config.task_type == "CAUSAL_LM"


def test_unknown_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError):
        lora.NoSuchThing  # noqa: B018


def test_merged_copy_answers_like_the_adapter_and_leaves_it_in_place():
    from peft import PeftModel

    peft_model = peft_with_random_b(tiny_llama())
    ids = torch.randint(0, 128, (2, 12))
    with torch.no_grad():
        with_adapter = peft_model(input_ids=ids).logits
        merged = lora.merged_copy(peft_model)
        assert not isinstance(merged, PeftModel)
        assert not any("lora_" in name for name, _ in merged.named_parameters())
        assert torch.allclose(merged(input_ids=ids).logits, with_adapter, atol=1e-5)
        with peft_model.disable_adapter():  # the adapter is still there, still switchable
            base = peft_model(input_ids=ids).logits
        assert not torch.allclose(base, with_adapter, atol=1e-3)
        assert torch.equal(peft_model(input_ids=ids).logits, with_adapter)
    plain = tiny_llama()
    assert lora.merged_copy(plain) is plain
