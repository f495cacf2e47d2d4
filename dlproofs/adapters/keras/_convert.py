"""Conversions shared by the Keras chapter modules (the torch backend's tensors)."""

from __future__ import annotations

import keras
import numpy as np
import torch


def tensor(a, *, grad: bool = False) -> torch.Tensor:
    t = torch.tensor(np.asarray(a, dtype=np.float64), dtype=torch.float64)
    return t.requires_grad_(grad)


def array(t) -> np.ndarray:
    if isinstance(t, torch.Tensor):
        t = t.detach().cpu()
    return np.array(keras.ops.convert_to_numpy(t), dtype=np.float64)


def seed_from(rng: np.random.Generator) -> int:
    """A Keras seed drawn from the caller's generator (``rng`` alone decides)."""
    return int(rng.integers(0, 2**31 - 1))


def backward(outputs, inputs, dout) -> tuple:
    grads = torch.autograd.grad(outputs, inputs, grad_outputs=tensor(dout), allow_unused=True)
    return tuple(np.zeros(tuple(i.shape)) if g is None else array(g)
                 for g, i in zip(grads, inputs, strict=True))
