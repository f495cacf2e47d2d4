"""Batch, layer, group and instance normalisation in plain NumPy, with running statistics.

Every layer here is one normalisation (:mod:`impl._normalize`) over a choice
of *reduced axes*, followed by a per-feature scale ``gamma`` and shift
``beta`` (Ioffe & Szegedy 2015, Algorithm 1):

.. math::

    \\hat x = \\frac{x - \\mu}{\\sqrt{\\sigma^2 + \\epsilon}}, \\qquad
    y = \\gamma \\hat x + \\beta,

with the mean ``mu`` and the *biased* variance ``sigma^2`` of each group.

==============  =====================================  ==================
layer           one group is                           gamma, beta shape
==============  =====================================  ==================
batch norm      a channel over (N, H, W), or a          (C,)
                feature over N for (N, D)
layer norm      one sample (all axes but the first)    x.shape[1:]
group norm      one sample's C/groups channels         (C,)
instance norm   group norm with groups = C             (C,)
==============  =====================================  ==================

The backward pass, derived for a symbolic group size ``m`` (claims
``bn.backward.dx``, ``bn.layernorm.backward``), is

.. math::

    \\frac{\\partial \\ell}{\\partial x_i} = \\frac{1}{m\\sqrt{\\sigma^2+\\epsilon}}
    \\Big(m g_i - \\sum_j g_j - \\hat x_i \\sum_j g_j \\hat x_j\\Big), \\quad
    g = \\gamma \\odot \\frac{\\partial \\ell}{\\partial y},

``dgamma = sum dy * xhat`` and ``dbeta = sum dy`` over the axes that share a
parameter.  Running statistics follow PyTorch: ``running = (1 - momentum) *
running + momentum * batch`` with ``momentum = 0.1``, the running variance
storing the *unbiased* batch variance.  At inference batch norm is an affine
map, which folds into the linear layer before it.

References: S. Ioffe, C. Szegedy, Batch Normalization, ICML 2015; J. L. Ba et
al., Layer Normalization, 2016; Y. Wu, K. He, Group Normalization, ECCV 2018;
D. Ulyanov et al., Instance Normalization, 2016.

>>> import numpy as np
>>> x = np.array([[1.0, 10.0], [3.0, 30.0]])
>>> y, cache = batchnorm_forward(x, np.ones(2), np.zeros(2), eps=0.0)
>>> y.tolist()
[[-1.0, -1.0], [1.0, 1.0]]
>>> dx, dgamma, dbeta = batchnorm_backward(np.array([[1.0, 0.0], [0.0, 0.0]]), cache)
>>> dx.tolist(), dgamma.tolist(), dbeta.tolist()
([[0.0, 0.0], [0.0, 0.0]], [-1.0, 0.0], [1.0, 0.0])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from impl._normalize import NormalizeCache, normalize_backward, normalize_forward
from impl._validate import check_array, check_finite_nonneg, check_positive_int, check_probability

__all__ = [
    "batchnorm_backward",
    "batchnorm_forward",
    "batchnorm_inference",
    "batchnorm_update_running",
    "fold_batchnorm",
    "groupnorm_backward",
    "groupnorm_forward",
    "instancenorm_forward",
    "layernorm_backward",
    "layernorm_forward",
]


# ------------------------------------------------------------------ validation


def _input(name: str, value, ndims: tuple[int, ...]) -> np.ndarray:
    """A finite real array with one of ``ndims`` dimensions; float32 stays float32."""
    raw = np.asarray(value) if not isinstance(value, np.ndarray) else value
    array = check_array(name, value)
    if array.ndim not in ndims:
        shapes = " or ".join(f"{d}-D" for d in ndims)
        raise ValueError(f"{name} must be {shapes} (batch first, channels second); "
                         f"got shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"{name} must not be empty; got shape {array.shape}")
    return array.astype(np.float32) if raw.dtype == np.float32 else array


def _param(name: str, value, shape: tuple[int, ...], dtype) -> np.ndarray:
    array = check_array(name, value)
    if array.shape != shape:
        raise ValueError(f"{name} must have shape {shape} (one value per normalised "
                         f"feature); got shape {array.shape}")
    return array.astype(dtype, copy=False)


def _group_size(m: int, shape: tuple[int, ...], what: str) -> None:
    # PyTorch: "Expected more than 1 value per channel when training"
    if m < 2:
        raise ValueError(f"x: expected more than 1 value per {what} when training, got input "
                         f"of shape {shape}; the batch variance of one value is 0 and its "
                         "normalised value is 0 whatever the input")


@dataclass(frozen=True)
class AffineNormCache:
    """The forward pass's record: normalisation cache, gamma broadcast, layout."""

    layer: str
    norm: NormalizeCache
    gamma: np.ndarray            # broadcastable against x
    param_axes: tuple[int, ...]  # the axes summed for dgamma and dbeta
    shape: tuple[int, ...]       # the shape of x
    grouped: tuple[int, ...]     # the shape the normalisation saw (group norm reshapes)


def _affine_forward(layer, x, gamma, beta, *, axes, param_axes, param_bshape, grouped, eps):
    xg = x.reshape(grouped)
    xhat_g, norm = normalize_forward(xg, axes, eps)     # (x - mu) / sqrt(var + eps)
    xhat = xhat_g.reshape(x.shape)
    g_b, b_b = gamma.reshape(param_bshape), beta.reshape(param_bshape)
    y = g_b * xhat + b_b                                # scale and shift
    return y, AffineNormCache(layer, norm, g_b, param_axes, x.shape, grouped)


def _affine_backward(layer: str, dy, cache):
    if not isinstance(cache, AffineNormCache) or cache.layer != layer:
        raise TypeError(f"cache must be the cache returned by {layer}_forward; "
                        f"got {type(cache).__name__}")
    dy = check_array("dy", dy)
    if dy.shape != cache.shape:
        raise ValueError(f"dy must have the shape of the forward input {cache.shape}; "
                         f"got {dy.shape}")
    xhat = cache.norm.xhat.reshape(cache.shape)
    dbeta = dy.sum(axis=cache.param_axes)               # y = ... + beta
    dgamma = (dy * xhat).sum(axis=cache.param_axes)     # y = gamma * xhat + ...
    dxhat = (dy * cache.gamma).reshape(cache.grouped)   # g = dl/dxhat
    dx = normalize_backward(dxhat, cache.norm).reshape(cache.shape)
    return dx, dgamma, dbeta


# ------------------------------------------------------------------ batch norm


def batchnorm_forward(x, gamma, beta, eps: float = 1e-5) -> tuple[np.ndarray, AffineNormCache]:
    """Batch normalisation in training mode; returns ``(y, cache)``.

    ``x`` is ``(N, D)`` (normalised per feature over the batch) or
    ``(N, C, H, W)`` (per channel over ``N, H, W``); ``gamma`` and ``beta``
    have length ``D`` or ``C``.  ``y = gamma * (x - mu) / sqrt(var + eps) +
    beta`` with the batch mean and the biased batch variance (slide 000).
    """
    x = _input("x", x, (2, 4))
    eps = check_finite_nonneg("eps", eps)
    c = x.shape[1]
    gamma, beta = _param("gamma", gamma, (c,), x.dtype), _param("beta", beta, (c,), x.dtype)
    axes = (0,) if x.ndim == 2 else (0, 2, 3)
    _group_size(int(np.prod([x.shape[a] for a in axes])), x.shape, "channel")
    bshape = (1, c) + (1,) * (x.ndim - 2)
    return _affine_forward("batchnorm", x, gamma, beta, axes=axes, param_axes=axes,
                           param_bshape=bshape, grouped=x.shape, eps=eps)


def batchnorm_backward(dy, cache: AffineNormCache) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(dx, dgamma, dbeta)`` from the upstream gradient ``dy = dl/dy``.

    ``dx_i = gamma / (m sqrt(var + eps)) * (m dy_i - sum_j dy_j - xhat_i sum_j dy_j xhat_j)``
    per channel (claim ``bn.backward.dx``), ``dgamma = sum_i dy_i xhat_i``,
    ``dbeta = sum_i dy_i``.
    """
    return _affine_backward("batchnorm", dy, cache)


def batchnorm_update_running(running_mean, running_var, x, momentum: float = 0.1):
    """The running statistics after one training batch; returns ``(mean, var)``.

    PyTorch's convention: ``new = (1 - momentum) * running + momentum * batch``
    (the slides' ``alpha`` is ``momentum``; Keras's ``momentum`` is
    ``1 - momentum``), and the batch variance stored is the *unbiased* one,
    ``sum (x - mean)^2 / (m - 1)``, because the biased one has expectation
    ``(m - 1)/m`` times the population variance (claim ``bn.running.unbiased_var``).
    The inputs are not modified.
    """
    x = _input("x", x, (2, 4))
    momentum = check_probability("momentum", momentum, include_one=True)
    c = x.shape[1]
    mean_r = _param("running_mean", running_mean, (c,), np.float64)
    var_r = _param("running_var", running_var, (c,), np.float64)
    if np.any(var_r < 0):
        raise ValueError("running_var must be >= 0 (it is a variance)")
    axes = (0,) if x.ndim == 2 else (0, 2, 3)
    m = int(np.prod([x.shape[a] for a in axes]))
    _group_size(m, x.shape, "channel")
    batch_mean = x.mean(axis=axes, dtype=np.float64)
    centred = x - batch_mean.reshape((1, c) + (1,) * (x.ndim - 2))
    batch_var = np.sum(centred * centred, axis=axes, dtype=np.float64) / (m - 1)  # unbiased
    new_mean = (1.0 - momentum) * mean_r + momentum * batch_mean
    new_var = (1.0 - momentum) * var_r + momentum * batch_var
    return new_mean, new_var


def batchnorm_inference(x, gamma, beta, running_mean, running_var, eps: float = 1e-5):
    """Batch normalisation in evaluation mode: the affine map of slide 000.

    ``y = gamma * (x - running_mean) / sqrt(running_var + eps) + beta``, i.e.
    ``y = a x + c`` with ``a = gamma / sqrt(var + eps)``, ``c = beta - a * mean``.
    """
    x = _input("x", x, (2, 4))
    eps = check_finite_nonneg("eps", eps)
    c = x.shape[1]
    params = [_param(n, v, (c,), x.dtype) for n, v in (
        ("gamma", gamma), ("beta", beta), ("running_mean", running_mean),
        ("running_var", running_var))]
    gamma, beta, mean, var = params
    if np.any(var < 0):
        raise ValueError("running_var must be >= 0 (it is a variance)")
    if eps == 0 and np.any(var == 0):
        raise ValueError("eps must be > 0 when running_var has a zero entry (division by 0)")
    bshape = (1, c) + (1,) * (x.ndim - 2)
    scale = gamma / np.sqrt(var + eps)                  # a
    shift = beta - scale * mean                         # c
    return x * scale.reshape(bshape) + shift.reshape(bshape)


def fold_batchnorm(W, b, gamma, beta, running_mean, running_var, eps: float = 1e-5):
    """Fold inference-mode batch norm into the linear layer ``y = x @ W + b`` before it.

    ``W`` is ``(fan_in, fan_out)``; the batch-norm parameters have length
    ``fan_out``.  Returns ``(W', b')`` with ``W' = W * gamma / sqrt(var + eps)``
    (column by column) and ``b' = (b - mean) * gamma / sqrt(var + eps) + beta``,
    so that ``x @ W' + b' == batchnorm_inference(x @ W + b, ...)``.
    """
    W = check_array("W", W, ndim=2)
    fan_out = W.shape[1]
    b = _param("b", b, (fan_out,), np.float64)
    gamma, beta, mean, var = (_param(n, v, (fan_out,), np.float64) for n, v in (
        ("gamma", gamma), ("beta", beta), ("running_mean", running_mean),
        ("running_var", running_var)))
    eps = check_finite_nonneg("eps", eps)
    if np.any(var < 0):
        raise ValueError("running_var must be >= 0 (it is a variance)")
    if eps == 0 and np.any(var == 0):
        raise ValueError("eps must be > 0 when running_var has a zero entry (division by 0)")
    scale = gamma / np.sqrt(var + eps)
    return W * scale[None, :], (b - mean) * scale + beta


# ------------------------------------------------------------------ layer norm


def layernorm_forward(x, gamma, beta, eps: float = 1e-5) -> tuple[np.ndarray, AffineNormCache]:
    """Layer normalisation: each sample normalised over all its features.

    ``x`` is ``(N, D)`` or ``(N, C, H, W)``; ``gamma`` and ``beta`` have the
    shape of one sample, ``x.shape[1:]`` (Ba et al. 2016).  The same algebra
    as batch norm over the other axes; it needs no batch, so it behaves the
    same in training and at inference.
    """
    x = _input("x", x, (2, 3, 4))
    eps = check_finite_nonneg("eps", eps)
    shape = x.shape[1:]
    gamma, beta = _param("gamma", gamma, shape, x.dtype), _param("beta", beta, shape, x.dtype)
    axes = tuple(range(1, x.ndim))
    _group_size(int(np.prod(shape)), x.shape, "sample")
    return _affine_forward("layernorm", x, gamma, beta, axes=axes, param_axes=(0,),
                           param_bshape=(1, *shape), grouped=x.shape, eps=eps)


def layernorm_backward(dy, cache: AffineNormCache) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(dx, dgamma, dbeta)`` for :func:`layernorm_forward` (claim ``bn.layernorm.backward``)."""
    return _affine_backward("layernorm", dy, cache)


# ------------------------------------------------------------------ group norm


def groupnorm_forward(x, gamma, beta, groups: int,
                      eps: float = 1e-5) -> tuple[np.ndarray, AffineNormCache]:
    """Group normalisation: each sample's channels split into ``groups`` groups.

    ``x`` is ``(N, C)``, ``(N, C, L)`` or ``(N, C, H, W)``; ``groups`` divides
    ``C``; ``gamma`` and ``beta`` have length ``C`` (Wu & He 2018).  With
    ``groups = 1`` it normalises like layer norm (with per-channel
    parameters), with ``groups = C`` it is instance normalisation.
    """
    x = _input("x", x, (2, 3, 4))
    groups = check_positive_int("groups", groups)
    eps = check_finite_nonneg("eps", eps)
    n, c = x.shape[:2]
    if c % groups:
        raise ValueError(f"groups must divide the number of channels {c}; got {groups}")
    gamma, beta = _param("gamma", gamma, (c,), x.dtype), _param("beta", beta, (c,), x.dtype)
    grouped = (n, groups, c // groups, *x.shape[2:])
    axes = tuple(range(2, len(grouped)))
    _group_size(int(np.prod(grouped[2:])), x.shape, "group")
    bshape = (1, c) + (1,) * (x.ndim - 2)
    return _affine_forward("groupnorm", x, gamma, beta, axes=axes,
                           param_axes=(0, *range(2, x.ndim)), param_bshape=bshape,
                           grouped=grouped, eps=eps)


def groupnorm_backward(dy, cache: AffineNormCache) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(dx, dgamma, dbeta)`` for :func:`groupnorm_forward` (claim ``bn.groupnorm.backward``)."""
    return _affine_backward("groupnorm", dy, cache)


def instancenorm_forward(x, gamma, beta, eps: float = 1e-5) -> tuple[np.ndarray, AffineNormCache]:
    """Instance normalisation (Ulyanov et al. 2016): group norm with one channel per group.

    Its backward pass is :func:`groupnorm_backward`.
    """
    x = _input("x", x, (3, 4))
    return groupnorm_forward(x, gamma, beta, groups=x.shape[1], eps=eps)
