"""LoRA, by hand and with peft: introduced in notebook 4.

LoRA (Hu et al. 2021) freezes a linear layer's weight ``W`` (d_out x d_in) and learns a low-rank
update instead: ``y = W x + (alpha / r) * B (A x)``, with ``A`` (r x d_in) and ``B`` (d_out x r).
``B`` starts at zero, so training starts from the base model exactly. For r=16 on a 576 x 576 layer
that is 18,432 trainable numbers instead of 331,776.

:class:`LoRALinear` is the layer in a few lines (the notebook's Exercise 4.1); :func:`lora_config` is
the same thing as the course configures it with peft. torch is imported only when a class or function
here is used, so importing this module is instant.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence

# Every linear layer of a Llama block (attention and MLP); the output head shares the embedding.
LINEAR_TARGETS = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")
LORA_R = 16
LORA_ALPHA = 32


@functools.cache
def _lora_linear_class():
    """Build :class:`LoRALinear` the first time it is asked for (torch is imported then)."""
    import torch
    from torch import nn

    class LoRALinear(nn.Module):
        """A frozen ``nn.Linear`` plus a trainable low-rank update: ``base(x) + s * x A^T B^T``.

        Introduced in notebook 4 (Exercise 4.1). ``A`` is initialised as peft initialises it
        (Kaiming-uniform), ``B`` at zero, and ``s = alpha / r``.
        """

        def __init__(self, base: nn.Linear, r: int, alpha: float):
            super().__init__()
            self.base = base
            self.base.requires_grad_(False)  # the pretrained weight stays frozen
            self.A = nn.Parameter(torch.empty(r, base.in_features))  # (r, d_in)
            nn.init.kaiming_uniform_(self.A, a=math.sqrt(5))
            self.B = nn.Parameter(torch.zeros(base.out_features, r))  # (d_out, r)
            self.scaling = alpha / r

        def forward(self, x):  # x: (..., d_in)
            update = (x @ self.A.T) @ self.B.T  # (..., r) -> (..., d_out)
            return self.base(x) + self.scaling * update  # (..., d_out)

    return LoRALinear


def __getattr__(name: str):
    """``utils.lora.LoRALinear`` is created on first use, so that importing the module stays light."""
    if name == "LoRALinear":
        return _lora_linear_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def lora_config(
    r: int = LORA_R,
    alpha: int = LORA_ALPHA,
    targets: Sequence[str] = LINEAR_TARGETS,
    dropout: float = 0.0,
):
    """peft's ``LoraConfig`` as the course trains it, one reason per argument (notebook 4)."""
    from peft import LoraConfig

    return LoraConfig(
        r=r,  # rank of the update: 16 stores a few hundred facts in ~3 % of the model's size
        lora_alpha=alpha,  # the update is scaled by alpha / r = 2: a common, stable choice
        target_modules=list(
            targets
        ),  # every linear layer: facts live in the MLPs as much as in attention
        lora_dropout=dropout,  # 0: we want the facts memorised; the test wordings differ anyway
        bias="none",  # biases stay frozen (Llama has none anyway)
        init_lora_weights=True,  # A random, B = 0: training starts from the base model exactly
        task_type="CAUSAL_LM",  # a next-token model: peft wraps it so that generate() still works
    )


def training_attention(device: str) -> str:
    """The attention kernel LoRA trains with: ``"eager"`` (plain matmul and softmax) on a CPU, where
    PyTorch's fused SDPA kernel is slower to differentiate at the course's short sequences (at most
    96 tokens; ``make bench``'s ``train_attention_speedup`` measures it), ``"sdpa"`` elsewhere.
    Answering keeps SDPA: it is the faster one for generation, on a CPU too."""
    return "eager" if device == "cpu" else "sdpa"


def replace_with_lora(
    model, r: int, alpha: float, targets: Sequence[str] = LINEAR_TARGETS, layer_cls=None
) -> list[str]:
    """Wrap every ``nn.Linear`` whose name ends with one of ``targets`` in ``layer_cls`` (default
    :class:`LoRALinear`) and freeze everything else: LoRA by hand on a whole model (notebook 4).

    Returns the names of the wrapped layers.
    """
    from torch import nn

    layer_cls = layer_cls or _lora_linear_class()
    model.requires_grad_(False)
    wrapped = []
    for name, module in list(model.named_modules()):
        if isinstance(module, nn.Linear) and name.split(".")[-1] in targets:
            parent_name, _, child = name.rpartition(".")
            setattr(model.get_submodule(parent_name), child, layer_cls(module, r, alpha))
            wrapped.append(name)
    return wrapped


def copy_peft_weights(hand_model, peft_model, adapter: str = "default") -> int:
    """Copy peft's ``lora_A`` / ``lora_B`` weights into the hand-made layers with the same names.

    Introduced in notebook 4, to compare the two on the same weights. Returns how many layers.
    """
    import torch

    hand = dict(hand_model.named_modules())
    copied = 0
    for name, module in peft_model.get_base_model().named_modules():
        if hasattr(module, "lora_A") and adapter in module.lora_A and name in hand:
            with torch.no_grad():
                hand[name].A.copy_(module.lora_A[adapter].weight)  # (r, d_in)
                hand[name].B.copy_(module.lora_B[adapter].weight)  # (d_out, r)
            copied += 1
    return copied


def merge_weight(weight, A, B, scaling: float):
    """The merged weight ``W + scaling * B @ A``: LoRA folded into the base layer (exercise 4.4).

    A merged layer is a plain linear layer again: no extra computation at inference time.
    """
    return weight + scaling * (B @ A)  # (d_out, d_in)


def count_parameters(model) -> dict:
    """Trainable and total parameters of ``model``, and the trainable share."""
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    total = sum(p.numel() for p in model.parameters())
    return {"trainable": trainable, "total": total, "trainable_share": trainable / total}


def merged_copy(model):
    """The model to answer with: a peft model's adapter merged into a copy of its weights (peft's
    ``merge_and_unload``), a plain model again with no extra work per layer; the original keeps
    its adapter (to train further, save or switch off). Any other model is returned as it is.

    Notebook 4 checks that the merged model answers like the adapter in float32; every evaluation
    of a fine-tuned model answers with the merged form, as it would be deployed.
    """
    import copy

    from peft import PeftModel

    if not isinstance(model, PeftModel):
        return model
    merged = copy.deepcopy(model).merge_and_unload()
    merged.eval()
    return merged
