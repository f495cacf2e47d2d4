"""Dropout, spatial dropout and DropConnect: NumPy reference implementations.

``p`` is the probability of *dropping* a unit (PyTorch's convention), and the
scaling is *inverted*: kept values are divided by ``1 - p`` during training,
so evaluation (``train=False``) is the identity and needs no change.

.. math::

    o = \\frac{D \\odot x}{1 - p},\\quad D_i \\sim \\mathrm{Bernoulli}(1 - p),\\qquad
    E[o] = x,\\quad \\mathrm{Var}[o_i] = x_i^2 \\frac{p}{1 - p}.

* :func:`dropout_forward` / :func:`dropout_backward` - one mask per element
  (Srivastava et al., JMLR 15, 2014; PyTorch ``Dropout``);
* :func:`spatial_dropout_forward` / :func:`spatial_dropout_backward` - one mask
  per (sample, channel) of an ``(N, C, H, W)`` array (Tompson et al., CVPR
  2015; PyTorch ``Dropout2d``);
* :func:`dropconnect_forward` / :func:`dropconnect_backward` - one mask per
  weight of a linear layer, ``y = x @ (M * W)/(1 - p) + b`` (Wan et al., ICML
  2013, with the inverted scaling instead of their test-time moment matching).

The forward draws the mask once from the caller's ``numpy.random.Generator``
and stores the mask and the scale in the cache; the backward reuses both (for
the mask of that call the layer is linear, so its gradient is the same
mask-and-scale multiplication).  ``p = 0`` and ``train=False`` are the
identity without drawing any random numbers.

>>> import numpy as np
>>> out, cache = dropout_forward(np.array([1.0, 2.0, 3.0, 4.0]), 0.25, np.random.default_rng(0))
>>> out  # kept values are x / (1 - p) = x * 4/3
array([1.33333333, 2.66666667, 0.        , 0.        ])
>>> dropout_backward(np.ones(4), cache)  # the same mask, the same scale
array([1.33333333, 1.33333333, 0.        , 0.        ])
"""

from __future__ import annotations

from typing import Any

import numpy as np

try:
    from ._validate import check_array, check_generator, check_probability
except ImportError:  # loaded as a file, e.g. `pytest --impl impl/dropout.py`
    from impl._validate import check_array, check_generator, check_probability

__all__ = [
    "dropconnect_backward",
    "dropconnect_forward",
    "dropout_backward",
    "dropout_forward",
    "spatial_dropout_backward",
    "spatial_dropout_forward",
]


def _check_train(train: object) -> bool:
    if not isinstance(train, bool | np.bool_):
        raise TypeError(f"train must be a bool (True for training, False for evaluation); "
                        f"got {train!r} ({type(train).__name__})")
    return bool(train)


def _check_common(p: object, rng: object, train: object) -> tuple[float, bool]:
    p = check_probability("p", p)
    train = _check_train(train)
    check_generator("rng", rng)
    return p, train


def _check_cache(cache: object, kind: str) -> dict:
    if not isinstance(cache, dict) or cache.get("kind") != kind:
        raise TypeError(f"cache must be the cache returned by {kind}_forward; got "
                        f"{type(cache).__name__}")
    return cache


def _check_dout(dout: object, shape: tuple) -> np.ndarray:
    dout = check_array("dout", dout)
    if dout.shape != shape:
        raise ValueError(f"dout must have the forward output's shape {shape}; got {dout.shape}")
    return dout


# ------------------------------------------------------------------ dropout
#
# Element-wise and spatial dropout are one rule: draw a Bernoulli(1 - p) mask of
# some shape, broadcast it over x, scale the kept values by 1/(1 - p).  The
# element-wise mask has x's shape; the spatial one has shape (N, C, 1, 1), so a
# channel is kept or zeroed whole.  The backward reuses the forward's mask.


def _masked_forward(x: np.ndarray, p: float, rng: np.random.Generator, train: bool,
                    kind: str, mask_shape: tuple[int, ...]) -> tuple[np.ndarray, dict]:
    if not train or p == 0.0:
        # the identity; the backward passes dout through unchanged
        return x.copy(), {"kind": kind, "mask": None, "scale": 1.0, "shape": x.shape}
    mask = rng.random(mask_shape) >= p  # kept with probability 1 - p
    scale = 1.0 / (1.0 - p)
    out = np.where(mask, x * scale, 0.0)
    return out, {"kind": kind, "mask": mask, "scale": scale, "shape": x.shape}


def _masked_backward(dout: Any, cache: dict, kind: str) -> np.ndarray:
    cache = _check_cache(cache, kind)
    dout = _check_dout(dout, cache["shape"])
    if cache["mask"] is None:
        return dout.copy()
    return np.where(cache["mask"], dout * cache["scale"], 0.0)


def dropout_forward(x: Any, p: float, rng: np.random.Generator,
                    train: bool = True) -> tuple[np.ndarray, dict]:
    """Inverted dropout: zero each element with probability ``p``, scale the rest.

    ``out = mask * x / (1 - p)`` with ``mask ~ Bernoulli(1 - p)`` element-wise
    in training; ``out = x`` in evaluation or when ``p = 0``.  Returns
    ``(out, cache)``; the cache holds the mask and the scale ``1/(1 - p)``.
    """
    p, train = _check_common(p, rng, train)
    x = check_array("x", x)
    return _masked_forward(x, p, rng, train, "dropout", x.shape)


def dropout_backward(dout: Any, cache: dict) -> np.ndarray:
    """``dx = dout * mask / (1 - p)`` with the forward's mask and scale."""
    return _masked_backward(dout, cache, "dropout")


# ---------------------------------------------------------- spatial dropout


def spatial_dropout_forward(x: Any, p: float, rng: np.random.Generator,
                            train: bool = True) -> tuple[np.ndarray, dict]:
    """Spatial dropout of an ``(N, C, H, W)`` array: one mask per (sample, channel).

    ``out[n, c] = mask[n, c] * x[n, c] / (1 - p)`` with ``mask ~ Bernoulli(1 - p)``
    of shape ``(N, C)``: a channel is kept or zeroed whole.
    """
    p, train = _check_common(p, rng, train)
    x = check_array("x", x, ndim=4)
    return _masked_forward(x, p, rng, train, "spatial_dropout", (*x.shape[:2], 1, 1))


def spatial_dropout_backward(dout: Any, cache: dict) -> np.ndarray:
    """``dx[n, c] = dout[n, c] * mask[n, c] / (1 - p)``, the forward's channel masks."""
    return _masked_backward(dout, cache, "spatial_dropout")


# ------------------------------------------------------------- DropConnect


def dropconnect_forward(x: Any, W: Any, b: Any, p: float, rng: np.random.Generator,
                        train: bool = True) -> tuple[np.ndarray, dict]:
    """A linear layer with DropConnect: ``y = x @ (M * W) / (1 - p) + b``.

    ``x`` is ``(N, fan_in)``, ``W`` is ``(fan_in, fan_out)``, ``b`` is
    ``(fan_out,)``; ``M ~ Bernoulli(1 - p)`` has ``W``'s shape and is shared by
    the ``N`` rows of the batch (one sampled network per forward call).  The
    scaling is inverted, so evaluation is ``x @ W + b``.
    """
    p, train = _check_common(p, rng, train)
    x = check_array("x", x, ndim=2)
    W = check_array("W", W, ndim=2)
    b = check_array("b", b, ndim=1)
    if x.shape[1] != W.shape[0]:
        raise ValueError(f"x has {x.shape[1]} features but W has fan_in {W.shape[0]}; W must "
                         f"be (fan_in, fan_out) = ({x.shape[1]}, ...)")
    if b.shape[0] != W.shape[1]:
        raise ValueError(f"b must have fan_out = {W.shape[1]} entries; got {b.shape[0]}")
    if not train or p == 0.0:
        mask, scale, W_eff = None, 1.0, W
    else:
        mask = rng.random(W.shape) >= p
        scale = 1.0 / (1.0 - p)
        W_eff = np.where(mask, W * scale, 0.0)
    out = x @ W_eff + b
    return out, {"kind": "dropconnect", "x": x, "W_eff": W_eff, "mask": mask, "scale": scale,
                 "shape": out.shape}


def dropconnect_backward(dout: Any, cache: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(dx, dW, db)`` for the forward's mask: ``dx = dout @ (M*W)^T/(1-p)``,
    ``dW = M * (x^T @ dout)/(1-p)``, ``db = sum of dout over the batch``."""
    cache = _check_cache(cache, "dropconnect")
    dout = _check_dout(dout, cache["shape"])
    dx = dout @ cache["W_eff"].T
    dW = cache["x"].T @ dout
    if cache["mask"] is not None:
        dW = np.where(cache["mask"], dW * cache["scale"], 0.0)
    db = dout.sum(axis=0)
    return dx, dW, db
