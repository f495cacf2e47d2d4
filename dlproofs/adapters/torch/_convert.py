"""NumPy <-> torch conversions and the generator bridge shared by the torch chapter modules."""

from __future__ import annotations

import numpy as np
import torch


def tensor(a, *, grad: bool = False) -> torch.Tensor:
    """A float64 CPU tensor holding a copy of ``a`` (a leaf of a new graph when ``grad``)."""
    t = torch.tensor(np.asarray(a, dtype=np.float64), dtype=torch.float64)
    return t.requires_grad_(grad)


def array(t: torch.Tensor) -> np.ndarray:
    """A NumPy float64 copy of ``t``."""
    return t.detach().cpu().numpy().astype(np.float64, copy=True)


def seed_from(rng: np.random.Generator) -> int:
    """A seed drawn from the caller's generator: torch's randomness comes from ``rng`` alone,
    so the same ``rng`` state gives the same result and consecutive calls differ."""
    return int(rng.integers(0, 2**63 - 1))


def generator(rng: np.random.Generator) -> torch.Generator:
    return torch.Generator().manual_seed(seed_from(rng))


def backward(outputs: torch.Tensor, inputs: tuple[torch.Tensor, ...], dout) -> tuple:
    """The gradients of ``<dout, outputs>`` with respect to ``inputs`` by autograd, as arrays."""
    grads = torch.autograd.grad(outputs, inputs, grad_outputs=tensor(dout), allow_unused=True)
    return tuple(np.zeros(tuple(i.shape)) if g is None else array(g)
                 for g, i in zip(grads, inputs, strict=True))
