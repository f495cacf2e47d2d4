"""Initialization, normalization and dropout in plain NumPy, written independently.

This module is an independent implementation of the dlproofs API, written
from the published contract only (README, the design's "implementation
contract" and the public names, signatures and docstrings), never from the
reference in ``impl/`` or from the tests.  The suite runs against it
(``pytest --impl=tests/independent/layers.py``) to show that a correct
implementation passes the math checks.

Conventions (PyTorch's): float64; weights ``(fan_in, fan_out)`` with
``y = x @ W + b``; forward returns ``(out, cache)``, backward takes
``(dout, cache)``; randomness only from the ``rng`` argument; dropout's ``p``
is the probability of dropping; batch norm normalises with the biased batch
variance and keeps the unbiased one in its running estimate.  No input
validation beyond what NumPy does itself.
"""
import numpy as np

__all__ = [
    "batchnorm_backward",
    "batchnorm_forward",
    "batchnorm_inference",
    "batchnorm_update_running",
    "dropconnect_backward",
    "dropconnect_forward",
    "dropout_backward",
    "dropout_forward",
    "fold_batchnorm",
    "groupnorm_backward",
    "groupnorm_forward",
    "he_normal",
    "he_uniform",
    "instancenorm_forward",
    "layernorm_backward",
    "layernorm_forward",
    "lecun_normal",
    "lecun_uniform",
    "spatial_dropout_backward",
    "spatial_dropout_forward",
    "torch_linear_default",
    "variance_scaling",
    "xavier_normal",
    "xavier_uniform",
]


def _f(a):
    return np.asarray(a, dtype=np.float64)


# --------------------------------------------------------------------------
# Initialization: one rule, Var(w) = scale / n; the named schemes choose
# scale and n.  A uniform on [-b, b] has variance b^2/3, so b = sqrt(3 var).

def variance_scaling(fan_in, fan_out, rng, *, scale, mode, distribution):
    n = {"fan_in": fan_in, "fan_out": fan_out,
         "fan_avg": (fan_in + fan_out) / 2}[mode]
    var = scale / n
    shape = (fan_in, fan_out)
    if distribution == "normal":
        return rng.normal(0.0, np.sqrt(var), size=shape)
    if distribution == "uniform":
        b = np.sqrt(3.0 * var)
        return rng.uniform(-b, b, size=shape)
    raise ValueError(f"distribution must be 'normal' or 'uniform', got {distribution!r}")


def lecun_normal(fan_in, fan_out, rng):
    return variance_scaling(fan_in, fan_out, rng, scale=1.0, mode="fan_in", distribution="normal")


def lecun_uniform(fan_in, fan_out, rng):
    return variance_scaling(fan_in, fan_out, rng, scale=1.0, mode="fan_in", distribution="uniform")


def xavier_normal(fan_in, fan_out, rng, *, gain=1.0):
    # Var = 2 gain^2 / (n_in + n_out) = gain^2 / fan_avg
    return variance_scaling(fan_in, fan_out, rng, scale=gain ** 2, mode="fan_avg",
                            distribution="normal")


def xavier_uniform(fan_in, fan_out, rng, *, gain=1.0):
    return variance_scaling(fan_in, fan_out, rng, scale=gain ** 2, mode="fan_avg",
                            distribution="uniform")


def he_normal(fan_in, fan_out, rng, *, negative_slope=0.0):
    # a leaky ReLU keeps (1 + a^2)/2 of the second moment; undo it
    return variance_scaling(fan_in, fan_out, rng, scale=2.0 / (1.0 + negative_slope ** 2),
                            mode="fan_in", distribution="normal")


def he_uniform(fan_in, fan_out, rng, *, negative_slope=0.0):
    return variance_scaling(fan_in, fan_out, rng, scale=2.0 / (1.0 + negative_slope ** 2),
                            mode="fan_in", distribution="uniform")


def torch_linear_default(fan_in, fan_out, rng):
    # kaiming_uniform_(a=sqrt(5)): bound sqrt(6/(6 n_in)) = 1/sqrt(n_in), scale 1/3
    return variance_scaling(fan_in, fan_out, rng, scale=1.0 / 3.0, mode="fan_in",
                            distribution="uniform")


# --------------------------------------------------------------------------
# Normalization.  All four layers share one core: standardise x over some
# axes, then apply a per-parameter affine map.  The backward of the core, for
# g = dl/dxhat over a group of m values, is
#     dx = (m g - sum g - xhat sum(g xhat)) / (m sqrt(var + eps)).

def _norm_fwd(x, gamma, beta, axes, pshape, eps):
    """Standardise x over `axes`; gamma and beta are reshaped to `pshape`."""
    mu = x.mean(axis=axes, keepdims=True)
    var = x.var(axis=axes, keepdims=True)           # biased
    inv = 1.0 / np.sqrt(var + eps)
    xhat = (x - mu) * inv
    g = _f(gamma).reshape(pshape)
    y = g * xhat + _f(beta).reshape(pshape)
    return y, xhat, inv, g


def _norm_bwd(gxhat, xhat, inv, axes):
    m = np.prod([gxhat.shape[a] for a in axes])
    s1 = gxhat.sum(axis=axes, keepdims=True)
    s2 = (gxhat * xhat).sum(axis=axes, keepdims=True)
    return inv * (m * gxhat - s1 - xhat * s2) / m


def _bn_axes(x):
    # (N, D): over N; (N, C, H, W) (or any (N, C, ...)): over all but C
    axes = (0, *tuple(range(2, x.ndim)))
    pshape = (1, x.shape[1]) + (1,) * (x.ndim - 2)
    return axes, pshape


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    x = _f(x)
    axes, pshape = _bn_axes(x)
    y, xhat, inv, g = _norm_fwd(x, gamma, beta, axes, pshape, eps)
    return y, {"xhat": xhat, "inv": inv, "gamma": g, "axes": axes, "gshape": np.shape(gamma)}


def batchnorm_backward(dy, cache):
    dy = _f(dy)
    axes, xhat = cache["axes"], cache["xhat"]
    dx = _norm_bwd(dy * cache["gamma"], xhat, cache["inv"], axes)
    dgamma = (dy * xhat).sum(axis=axes).reshape(cache["gshape"])
    dbeta = dy.sum(axis=axes).reshape(cache["gshape"])
    return dx, dgamma, dbeta


def batchnorm_update_running(running_mean, running_var, x, momentum=0.1):
    x = _f(x)
    axes, _ = _bn_axes(x)
    mean = x.mean(axis=axes)
    var = x.var(axis=axes, ddof=1)                  # unbiased
    return ((1 - momentum) * _f(running_mean) + momentum * mean,
            (1 - momentum) * _f(running_var) + momentum * var)


def batchnorm_inference(x, gamma, beta, running_mean, running_var, eps=1e-5):
    x = _f(x)
    pshape = (1, x.shape[1]) + (1,) * (x.ndim - 2)
    a = _f(gamma) / np.sqrt(_f(running_var) + eps)
    c = _f(beta) - a * _f(running_mean)
    return a.reshape(pshape) * x + c.reshape(pshape)


def fold_batchnorm(W, b, gamma, beta, running_mean, running_var, eps=1e-5):
    a = _f(gamma) / np.sqrt(_f(running_var) + eps)
    return _f(W) * a, (_f(b) - _f(running_mean)) * a + _f(beta)


def layernorm_forward(x, gamma, beta, eps=1e-5):
    x = _f(x)
    axes = tuple(range(1, x.ndim))
    y, xhat, inv, g = _norm_fwd(x, gamma, beta, axes, (1, *x.shape[1:]), eps)
    return y, {"xhat": xhat, "inv": inv, "gamma": g, "axes": axes}


def layernorm_backward(dy, cache):
    dy = _f(dy)
    xhat = cache["xhat"]
    dx = _norm_bwd(dy * cache["gamma"], xhat, cache["inv"], cache["axes"])
    return dx, (dy * xhat).sum(axis=0), dy.sum(axis=0)


def groupnorm_forward(x, gamma, beta, groups, eps=1e-5):
    x = _f(x)
    N, C = x.shape[:2]
    xg = x.reshape(N, groups, -1)                   # each group's channels and positions
    mu = xg.mean(axis=2, keepdims=True)
    var = xg.var(axis=2, keepdims=True)
    inv = 1.0 / np.sqrt(var + eps)
    xhat = ((xg - mu) * inv).reshape(x.shape)
    pshape = (1, C) + (1,) * (x.ndim - 2)
    g = _f(gamma).reshape(pshape)
    y = g * xhat + _f(beta).reshape(pshape)
    return y, {"xhat": xhat, "inv": inv, "gamma": g, "groups": groups}


def groupnorm_backward(dy, cache):
    dy = _f(dy)
    xhat, G = cache["xhat"], cache["groups"]
    N, _C = dy.shape[:2]
    gx = (dy * cache["gamma"]).reshape(N, G, -1)
    dx = _norm_bwd(gx, xhat.reshape(N, G, -1), cache["inv"], (2,)).reshape(dy.shape)
    axes = (0, *tuple(range(2, dy.ndim)))
    return dx, (dy * xhat).sum(axis=axes), dy.sum(axis=axes)


def instancenorm_forward(x, gamma, beta, eps=1e-5):
    x = _f(x)
    return groupnorm_forward(x, gamma, beta, x.shape[1], eps)


# --------------------------------------------------------------------------
# Dropout (inverted): keep with probability 1 - p, scale the kept by 1/(1 - p)
# so that E[out] = x.  At p = 1 every unit is dropped and the output is 0.

def _keep(rng, shape, p):
    return (rng.random(shape) < 1.0 - p).astype(np.float64)


def _scale(p):
    return 1.0 / (1.0 - p) if p < 1 else 0.0


def dropout_forward(x, p, rng, train=True):
    x = _f(x)
    if not train or p == 0:
        mask, scale = np.ones_like(x), 1.0
    else:
        mask, scale = _keep(rng, x.shape, p), _scale(p)
    return mask * x * scale, {"mask": mask, "scale": scale, "p": p}


def dropout_backward(dout, cache):
    return _f(dout) * cache["mask"] * cache["scale"]


def spatial_dropout_forward(x, p, rng, train=True):
    x = _f(x)
    N, C = x.shape[:2]
    if not train or p == 0:
        mask, scale = np.ones((N, C)), 1.0
    else:
        mask, scale = _keep(rng, (N, C), p), _scale(p)
    m = mask.reshape((N, C) + (1,) * (x.ndim - 2))
    return m * x * scale, {"mask": mask, "scale": scale, "p": p}


def spatial_dropout_backward(dout, cache):
    dout = _f(dout)
    mask = cache["mask"]
    return dout * mask.reshape(mask.shape + (1,) * (dout.ndim - 2)) * cache["scale"]


def dropconnect_forward(x, W, b, p, rng, train=True):
    x, W, b = _f(x), _f(W), _f(b)
    if not train or p == 0:
        mask, scale = np.ones_like(W), 1.0
    else:
        mask, scale = _keep(rng, W.shape, p), _scale(p)
    Weff = mask * W * scale                          # one sampled network for the batch
    return x @ Weff + b, {"x": x, "W": W, "mask": mask, "scale": scale, "p": p}


def dropconnect_backward(dout, cache):
    dout = _f(dout)
    Weff = cache["mask"] * cache["W"] * cache["scale"]
    dx = dout @ Weff.T
    dW = cache["mask"] * (cache["x"].T @ dout) * cache["scale"]
    return dx, dW, dout.sum(axis=0)
