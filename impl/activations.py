"""Activations with their backward passes, the slide's two-layer network, and derived gains.

Every activation is a pair ``<name>_forward(x, ...) -> (out, cache)`` and
``<name>_backward(dout, cache) -> dx`` (``dx = dout * f'(x)``), float64,
finite for inputs of any magnitude (no overflow at ``x = +-1000``: every
exponential is taken of a non-positive number).  Conventions follow PyTorch:
at ``x = 0`` ReLU's derivative is 0, leaky ReLU's is ``negative_slope``,
ELU's and SELU's take the ``x <= 0`` branch (``alpha``, ``scale * alpha``).

==========  =====================================  =====================================
name        f(x)                                   f'(x)
==========  =====================================  =====================================
sigmoid     1/(1 + e^{-x})                         s (1 - s)
tanh        tanh x                                 1 - tanh^2 x
relu        max(0, x)                              1{x > 0}
leaky_relu  x (x > 0), a x (x <= 0)                1 (x > 0), a (x <= 0)
elu         x (x > 0), alpha (e^x - 1) (x <= 0)    1, alpha e^x = f(x) + alpha
selu        lambda elu_alpha(x), Klambauer 2017    lambda elu_alpha'(x)
gelu        x Phi(x) (exact, erf)                  Phi(x) + x phi(x)
silu        x sigma(x)                             sigma(x) (1 + x (1 - sigma(x)))
==========  =====================================  =====================================

``two_layer_forward`` / ``two_layer_backward`` are slide 004's network
``L = 1/2 ||y - f(X W1) W2||^2`` with ``dW2 = a^T r``, ``dW1 = X^T ((r W2^T) *
f'(X W1))`` (``r = yhat - y``): the factor multiplying the hidden layer's
gradient is the input ``X``, not ``W1`` as the slide writes.

``gain(name, **options)`` returns the gain ``g`` for weights of variance
``g^2/fan_in`` that keeps the pre-activation variance at the fixed point
``q* = 1`` (``direction="forward"``: ``1/sqrt(E[f(z)^2])``) or the gradient's
second moment (``"backward"``: ``1/sqrt(E[f'(z)^2])``), ``z ~ N(0, 1)``:
exact for identity, ReLU and leaky ReLU, closed forms in erf for ELU and SELU,
Gaussian quadrature for tanh, sigmoid, GELU and SiLU.

>>> out, cache = sigmoid_forward([-1000.0, 0.0, 1000.0])
>>> out.tolist(), sigmoid_backward([1.0, 1.0, 1.0], cache).tolist()
([0.0, 0.5, 1.0], [0.0, 0.25, 0.0])
>>> round(gain("tanh"), 12), round(gain("relu") ** 2, 12)
(1.592537419723, 2.0)
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from scipy import special
from scipy.integrate import quad

from ._validate import check_array, check_choice, check_finite_nonneg, check_finite_real

__all__ = [
    "ACTIVATIONS",
    "SELU_ALPHA",
    "SELU_SCALE",
    "elu_backward",
    "elu_forward",
    "gain",
    "gelu_backward",
    "gelu_forward",
    "leaky_relu_backward",
    "leaky_relu_forward",
    "relu_backward",
    "relu_forward",
    "selu_backward",
    "selu_forward",
    "sigmoid_backward",
    "sigmoid_forward",
    "silu_backward",
    "silu_forward",
    "tanh_backward",
    "tanh_forward",
    "two_layer_backward",
    "two_layer_forward",
]

#: Klambauer et al. (2017): alpha_01 = 1/(sqrt(2 pi)(1/2 - e^{1/2} Phi(-1))), lambda_01 from
#: E[SELU(z)^2] = 1 (derived in derivations/activations/selu.py; the numbers of PyTorch's SELU)
SELU_ALPHA = 1.6732632423543772
SELU_SCALE = 1.0507009873554805

_SQRT_HALF = math.sqrt(0.5)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


def _input(x) -> np.ndarray:
    return check_array("x", x)


def _dout(dout, cache) -> np.ndarray:
    grad = check_array("dout", dout)
    shape = cache["x"].shape
    if grad.shape != shape:
        raise ValueError(f"dout must have the forward input's shape {shape}; got {grad.shape}")
    return grad


def _sigmoid(x: np.ndarray) -> np.ndarray:
    """1/(1 + e^{-x}) with e raised to -|x| only (no overflow)."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


# ---------------------------------------------------------------- sigmoid, tanh


def sigmoid_forward(x) -> tuple[np.ndarray, dict]:
    """sigma(x) = 1/(1 + e^{-x}); the cache keeps the output."""
    x = _input(x)
    out = _sigmoid(x)
    return out, {"x": x, "out": out}


def sigmoid_backward(dout, cache: dict) -> np.ndarray:
    """dx = dout * sigma (1 - sigma); sigma(-x) stands for 1 - sigma(x) (no cancellation)."""
    grad = _dout(dout, cache)
    return grad * cache["out"] * _sigmoid(-cache["x"])


def tanh_forward(x) -> tuple[np.ndarray, dict]:
    """tanh(x)."""
    x = _input(x)
    out = np.tanh(x)
    return out, {"x": x, "out": out}


def tanh_backward(dout, cache: dict) -> np.ndarray:
    """dx = dout * (1 - tanh^2)."""
    grad = _dout(dout, cache)
    return grad * (1.0 - cache["out"] ** 2)


# ------------------------------------------------------------- the rectifiers


def relu_forward(x) -> tuple[np.ndarray, dict]:
    """max(0, x)."""
    x = _input(x)
    return np.maximum(x, 0.0), {"x": x}


def relu_backward(dout, cache: dict) -> np.ndarray:
    """dx = dout * 1{x > 0} (0 at x = 0, as PyTorch)."""
    grad = _dout(dout, cache)
    return np.where(cache["x"] > 0, grad, 0.0)


def leaky_relu_forward(x, negative_slope: float = 0.01) -> tuple[np.ndarray, dict]:
    """x for x > 0, negative_slope * x otherwise (any finite real slope, as PyTorch)."""
    x = _input(x)
    slope = check_finite_real("negative_slope", negative_slope)
    return np.where(x > 0, x, slope * x), {"x": x, "negative_slope": slope}


def leaky_relu_backward(dout, cache: dict) -> np.ndarray:
    """dx = dout for x > 0, dout * negative_slope for x <= 0."""
    grad = _dout(dout, cache)
    return np.where(cache["x"] > 0, grad, cache["negative_slope"] * grad)


def _elu(x: np.ndarray, alpha: float) -> np.ndarray:
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0.0)))


def _elu_slope(x: np.ndarray, alpha: float) -> np.ndarray:
    return np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0.0)))


def elu_forward(x, alpha: float = 1.0) -> tuple[np.ndarray, dict]:
    """x for x > 0, alpha (e^x - 1) for x <= 0 (Clevert et al. 2016); alpha >= 0."""
    x = _input(x)
    alpha = check_finite_nonneg("alpha", alpha)
    return _elu(x, alpha), {"x": x, "alpha": alpha}


def elu_backward(dout, cache: dict) -> np.ndarray:
    """dx = dout for x > 0, dout * alpha e^x for x <= 0 (alpha at x = 0, as PyTorch)."""
    grad = _dout(dout, cache)
    return grad * _elu_slope(cache["x"], cache["alpha"])


def selu_forward(x) -> tuple[np.ndarray, dict]:
    """SELU_SCALE * elu(x, SELU_ALPHA) (Klambauer et al. 2017)."""
    x = _input(x)
    return SELU_SCALE * _elu(x, SELU_ALPHA), {"x": x}


def selu_backward(dout, cache: dict) -> np.ndarray:
    """dx = dout * SELU_SCALE * elu'(x) (SELU_SCALE * SELU_ALPHA at x = 0)."""
    grad = _dout(dout, cache)
    return grad * SELU_SCALE * _elu_slope(cache["x"], SELU_ALPHA)


# -------------------------------------------------------- the smooth rectifiers


def _Phi(x: np.ndarray) -> np.ndarray:
    """The standard normal distribution function, erfc(-x/sqrt 2)/2 (accurate in both tails)."""
    return 0.5 * special.erfc(-x * _SQRT_HALF)


def gelu_forward(x) -> tuple[np.ndarray, dict]:
    """x Phi(x), the exact erf form (Hendrycks & Gimpel 2016), not the tanh approximation."""
    x = _input(x)
    return x * _Phi(x), {"x": x}


def gelu_backward(dout, cache: dict) -> np.ndarray:
    """dx = dout * (Phi(x) + x phi(x))."""
    grad = _dout(dout, cache)
    x = cache["x"]
    capped = np.minimum(np.abs(x), 40.0)  # phi(40) < 1e-300: the cap changes nothing
    density = _INV_SQRT_2PI * np.exp(-0.5 * capped * capped)
    return grad * (_Phi(x) + x * density)


def silu_forward(x) -> tuple[np.ndarray, dict]:
    """x sigma(x) (Elfwing et al. 2018)."""
    x = _input(x)
    return x * _sigmoid(x), {"x": x}


def silu_backward(dout, cache: dict) -> np.ndarray:
    """dx = dout * sigma(x) (1 + x sigma(-x))."""
    grad = _dout(dout, cache)
    x = cache["x"]
    return grad * _sigmoid(x) * (1.0 + x * _sigmoid(-x))


#: name -> (forward, backward, the options the forward takes)
ACTIVATIONS: dict[str, tuple[Callable, Callable, tuple[str, ...]]] = {
    "sigmoid": (sigmoid_forward, sigmoid_backward, ()),
    "tanh": (tanh_forward, tanh_backward, ()),
    "relu": (relu_forward, relu_backward, ()),
    "leaky_relu": (leaky_relu_forward, leaky_relu_backward, ("negative_slope",)),
    "elu": (elu_forward, elu_backward, ("alpha",)),
    "selu": (selu_forward, selu_backward, ()),
    "gelu": (gelu_forward, gelu_backward, ()),
    "silu": (silu_forward, silu_backward, ()),
}


# --------------------------------------------------------- the slide's network


def two_layer_forward(X, W1, W2, y, activation: str = "sigmoid") -> tuple[float, dict]:
    """L = 1/2 sum (y - f(X W1) W2)^2 for X (m, n_in), W1 (n_in, k), W2 (k, n_out), y (m, n_out).

    Returns the loss and a cache for :func:`two_layer_backward`.
    """
    name = check_choice("activation", activation, tuple(ACTIVATIONS))
    X = check_array("X", X, ndim=2)
    W1 = check_array("W1", W1, ndim=2)
    W2 = check_array("W2", W2, ndim=2)
    y = check_array("y", y, ndim=2)
    if W1.shape[0] != X.shape[1]:
        raise ValueError(f"W1 must have X.shape[1] = {X.shape[1]} rows; got shape {W1.shape}")
    if W2.shape[0] != W1.shape[1]:
        raise ValueError(f"W2 must have W1.shape[1] = {W1.shape[1]} rows; got shape {W2.shape}")
    if y.shape != (X.shape[0], W2.shape[1]):
        raise ValueError(f"y must have shape {(X.shape[0], W2.shape[1])}; got {y.shape}")
    forward, _, _ = ACTIVATIONS[name]
    z = X @ W1
    a, act_cache = forward(z)
    r = a @ W2 - y
    loss = 0.5 * float(np.sum(r * r))
    return loss, {"X": X, "W1": W1, "W2": W2, "a": a, "r": r, "act": act_cache,
                  "activation": name}


def two_layer_backward(dout, cache: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(dX, dW1, dW2) for the upstream gradient ``dout`` of the scalar loss.

    ``delta = dout (yhat - y)`` is shared: ``dW2 = a^T delta``, the hidden gradient
    ``dz = (delta W2^T) * f'(X W1)``, ``dW1 = X^T dz`` (the input, not W1), ``dX = dz W1^T``.
    """
    scale = check_finite_real("dout", dout)
    _, backward, _ = ACTIVATIONS[cache["activation"]]
    delta = scale * cache["r"]
    dW2 = cache["a"].T @ delta
    dz = backward(delta @ cache["W2"].T, cache["act"])
    dW1 = cache["X"].T @ dz
    dX = dz @ cache["W1"].T
    return dX, dW1, dW2


# ---------------------------------------------------------------------- gains

_GAIN_NAMES = ("identity", "linear", "relu", "leaky_relu", "elu", "selu", "tanh", "sigmoid",
               "gelu", "silu")


def _gaussian_mean(fn: Callable[[np.ndarray], np.ndarray]) -> float:
    """E[fn(z)] for z ~ N(0, 1), adaptive quadrature on each half-line (kinks sit at 0)."""
    def integrand(u: float) -> float:
        return float(fn(np.array([u]))[0]) * _INV_SQRT_2PI * math.exp(-0.5 * u * u)

    return (quad(integrand, -math.inf, 0.0, epsabs=0, epsrel=1e-13, limit=200)[0]
            + quad(integrand, 0.0, math.inf, epsabs=0, epsrel=1e-13, limit=200)[0])


_GAIN_OPTIONS = {"leaky_relu": {"negative_slope": 0.01}, "elu": {"alpha": 1.0}}


def gain(name: str, *, direction: str = "forward", **options: float) -> float:
    """The gain g (weights of variance g^2/fan_in) that keeps the variance at q* = 1.

    ``direction="forward"``: ``1/sqrt(E[f(z)^2])``, the pre-activation variance stays 1;
    ``"backward"``: ``1/sqrt(E[f'(z)^2])``, the gradient's second moment stays put
    (square layers); ``z ~ N(0, 1)``.  Options: ``negative_slope`` for ``"leaky_relu"``
    (default 0.01, any real), ``alpha`` for ``"elu"`` (default 1.0, ``>= 0``).
    """
    name = check_choice("name", name, _GAIN_NAMES)
    direction = check_choice("direction", direction, ("forward", "backward"))
    allowed = _GAIN_OPTIONS.get(name, {})
    unknown = sorted(set(options) - set(allowed))
    if unknown:
        valid = ", ".join(allowed) or "none"
        raise TypeError(f"gain({name!r}) got unexpected option(s) {', '.join(unknown)}; "
                        f"its options: {valid}")
    values = {**allowed, **options}
    a = check_finite_real("negative_slope", values.get("negative_slope", 0.0))
    alpha = check_finite_nonneg("alpha", values.get("alpha", 1.0))
    if name in ("identity", "linear"):
        return 1.0
    if name in ("relu", "leaky_relu"):
        slope = 0.0 if name == "relu" else a
        return math.sqrt(2.0 / (1.0 + slope * slope))  # E = (1 + a^2)/2 both ways
    if name in ("elu", "selu"):
        scale, al = (1.0, alpha) if name == "elu" else (SELU_SCALE, SELU_ALPHA)
        e1 = math.exp(0.5) * 0.5 * math.erfc(1.0 / math.sqrt(2.0))  # int_-oo^0 e^t phi
        e2 = math.exp(2.0) * 0.5 * math.erfc(math.sqrt(2.0))  # int_-oo^0 e^2t phi
        if direction == "forward":
            moment = 0.5 + al * al * (e2 - 2.0 * e1 + 0.5)
        else:
            moment = 0.5 + al * al * e2
        return 1.0 / (scale * math.sqrt(moment))
    forward, backward, _ = ACTIVATIONS[name]

    def f(u):
        return forward(u)[0]

    def fprime(u):
        return backward(np.ones_like(u), forward(u)[1])

    moment = _gaussian_mean(lambda u: f(u) ** 2 if direction == "forward" else fprime(u) ** 2)
    return 1.0 / math.sqrt(moment)
