"""The one normalisation that batch, layer, instance and group norm specialise.

Each *group* of values (the entries of ``x`` that share an index on the kept
axes) is shifted and scaled to mean 0 and variance about 1:

.. math::

    \\mu = \\frac1m \\sum_k x_k, \\quad
    \\sigma^2 = \\frac1m \\sum_k (x_k - \\mu)^2, \\quad
    \\hat x_i = \\frac{x_i - \\mu}{\\sqrt{\\sigma^2 + \\epsilon}} .

The backward pass takes ``g = dl/dxhat`` and returns (derivation
``bn.normalize.backward``, Ioffe & Szegedy 2015, section 3)

.. math::

    \\frac{\\partial \\ell}{\\partial x_i} = \\frac{1}{m \\sqrt{\\sigma^2 + \\epsilon}}
    \\Big(m g_i - \\sum_j g_j - \\hat x_i \\sum_j g_j \\hat x_j\\Big).

Which axes form a group is the only thing the named layers choose.

>>> import numpy as np
>>> xhat, cache = normalize_forward(np.array([[1.0], [3.0]]), axes=(0,), eps=0.0)
>>> xhat.ravel().tolist()
[-1.0, 1.0]
>>> normalize_backward(np.array([[1.0], [0.0]]), cache).ravel().tolist()
[0.0, 0.0]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["NormalizeCache", "normalize_backward", "normalize_forward"]


@dataclass(frozen=True)
class NormalizeCache:
    """What the backward pass needs: the normalised values and 1/sqrt(sigma2 + eps)."""

    xhat: np.ndarray
    inv_std: np.ndarray  # shaped to broadcast against x (kept axes, reduced axes size 1)
    axes: tuple[int, ...]
    size: int  # m, the number of values in one group


def normalize_forward(x: np.ndarray, axes: tuple[int, ...], eps: float):
    """Normalise ``x`` over ``axes``; returns ``(xhat, cache)``.

    The variance is computed in two passes (mean first, then the mean of the
    squared deviations), which stays accurate for inputs far from zero where
    ``E[x^2] - E[x]^2`` would cancel catastrophically.
    """
    size = int(np.prod([x.shape[a] for a in axes]))
    mean = x.mean(axis=axes, keepdims=True)             # mu
    centred = x - mean                                  # x - mu
    var = np.mean(centred * centred, axis=axes, keepdims=True)  # biased sigma^2
    inv_std = 1.0 / np.sqrt(var + eps)                  # 1 / sqrt(sigma^2 + eps)
    xhat = centred * inv_std
    return xhat, NormalizeCache(xhat, inv_std, tuple(axes), size)


def normalize_backward(dxhat: np.ndarray, cache: NormalizeCache) -> np.ndarray:
    """``dl/dx`` from ``g = dl/dxhat`` by the compact formula above."""
    m, axes, xhat = cache.size, cache.axes, cache.xhat
    sum_g = dxhat.sum(axis=axes, keepdims=True)                # sum_j g_j
    sum_g_xhat = (dxhat * xhat).sum(axis=axes, keepdims=True)  # sum_j g_j xhat_j
    # mu moves with every x_i (the -sum g term), sigma^2 too (the -xhat * sum g xhat term)
    return cache.inv_std / m * (m * dxhat - sum_g - xhat * sum_g_xhat)
