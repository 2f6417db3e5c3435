"""Plain data across the grader's process boundary: what a learner's function returns, as JSON.

The grader (:mod:`utils.grade`) runs a learner's code in a child process and judges what comes back in
the parent. Only plain data crosses: ``None``, booleans, numbers, strings, lists, tuples, dicts, NumPy
arrays and scalars, and torch tensors, each of its exact type (never a pickle, never a subclass, so an
object whose ``__eq__`` always says yes cannot reach a comparison). A message is a length (8 bytes)
and JSON.

>>> decode(json.loads(json.dumps(encode({"a": (1, [2.5, None])}))))
{'a': (1, [2.5, None])}
>>> class AlwaysEqual:
...     def __eq__(self, other):
...         return True
>>> encode(AlwaysEqual())
Traceback (most recent call last):
    ...
utils.grade_wire.Unreadable: an object of type AlwaysEqual
"""

from __future__ import annotations

import json
import os
import struct
import sys

MAX_DEPTH = 40
MAX_MESSAGE_BYTES = 32 * 2**20
_LENGTH = struct.Struct(">Q")
_NUMBER_KINDS = "biuf"  # NumPy dtype kinds that cross: bool, signed, unsigned, float
_TORCH_DTYPES = ("bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16",
                 "float32", "float64")  # fmt: skip


class Unreadable(TypeError):
    """A value that is not plain data (the message names its type)."""


def _numpy_scalar(value):
    np = sys.modules.get("numpy")
    if np is None or type(value) not in _numpy_scalar_types(np):
        return None
    return np.generic.item(value)


def _numpy_scalar_types(np) -> set:
    return {t for t in np.sctypeDict.values() if np.dtype(t).kind in _NUMBER_KINDS + "U"}


def encode(value, _depth: int = 0):
    """``value`` as JSON-ready data with tags for tuples, dicts, arrays and tensors; raises
    :class:`Unreadable` for anything else (subclasses included)."""
    if _depth > MAX_DEPTH:
        raise Unreadable(f"data nested more than {MAX_DEPTH} levels deep")
    kind = type(value)
    if value is None or kind in (bool, int, float, str):
        return value
    if kind is list:
        return [encode(v, _depth + 1) for v in value]
    if kind is tuple:
        return {"$tuple": [encode(v, _depth + 1) for v in value]}
    if kind is dict:
        return {"$dict": [[encode(k, _depth + 1), encode(v, _depth + 1)] for k, v in value.items()]}
    scalar = _numpy_scalar(value)
    if scalar is not None:
        return scalar
    np, torch = sys.modules.get("numpy"), sys.modules.get("torch")
    if np is not None and kind is np.ndarray:
        if value.dtype.kind not in _NUMBER_KINDS:
            raise Unreadable(f"a NumPy array of dtype {value.dtype}")
        return {"$ndarray": [str(value.dtype), list(value.shape), value.ravel().tolist()]}
    if torch is not None and kind in (torch.Tensor, torch.nn.Parameter):
        tensor = value.detach().cpu()
        dtype = str(tensor.dtype).removeprefix("torch.")
        if dtype not in _TORCH_DTYPES:
            raise Unreadable(f"a tensor of dtype {dtype}")
        data = (tensor.float() if dtype == "bfloat16" else tensor).reshape(-1).tolist()
        return {"$tensor": [dtype, list(tensor.shape), data, bool(value.requires_grad)]}
    raise Unreadable(f"an object of type {kind.__qualname__}")


def decode(data):
    """The value :func:`encode` described (in the parent: tags checked, nothing executed)."""
    if data is None or type(data) in (bool, int, float, str):
        return data
    if type(data) is list:
        return [decode(v) for v in data]
    if type(data) is not dict or len(data) != 1:
        raise Unreadable("a message that is not the grader's format")
    ((tag, body),) = data.items()
    if tag == "$tuple":
        return tuple(decode(v) for v in body)
    if tag == "$dict":
        return {decode(k): decode(v) for k, v in body}
    if tag == "$ndarray":
        import numpy as np

        dtype, shape, flat = body
        if np.dtype(dtype).kind not in _NUMBER_KINDS:
            raise Unreadable(f"an array of dtype {dtype}")
        return np.asarray(flat, dtype=dtype).reshape(shape)
    if tag == "$tensor":
        import torch

        dtype, shape, flat, requires_grad = body
        if dtype not in _TORCH_DTYPES:
            raise Unreadable(f"a tensor of dtype {dtype}")
        tensor = torch.tensor(flat, dtype=getattr(torch, dtype)).reshape(shape)
        return tensor.requires_grad_(bool(requires_grad)) if tensor.is_floating_point() else tensor
    raise Unreadable(f"a message with the unknown tag {tag!r}")


def send(fd: int, message: dict) -> None:
    """Write ``message`` (JSON-ready) to ``fd``, length first."""
    body = json.dumps(message).encode()
    data = _LENGTH.pack(len(body)) + body
    while data:
        data = data[os.write(fd, data) :]


class Closed(EOFError):
    """The other end closed the pipe."""


def receive(read) -> dict:
    """Read one message with ``read(n) -> bytes`` (which may wait, or raise on a deadline)."""
    (length,) = _LENGTH.unpack(_read_exactly(read, _LENGTH.size))
    if length > MAX_MESSAGE_BYTES:
        raise Unreadable(f"a message of {length:,} bytes (the limit is {MAX_MESSAGE_BYTES:,})")
    message = json.loads(_read_exactly(read, length))
    if type(message) is not dict:
        raise Unreadable("a message that is not the grader's format")
    return message


def _read_exactly(read, n: int) -> bytes:
    chunks, left = [], n
    while left:
        chunk = read(left)
        if not chunk:
            raise Closed("the pipe closed mid-message" if chunks else "the pipe closed")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
