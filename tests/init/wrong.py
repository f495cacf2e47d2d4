"""Known-wrong initializers: each one must be rejected by the checks listed for it.

A check that cannot fail proves nothing, so every check in
``tests/checks_init.py`` is run against these plausible mistakes (the slide's
``np.random.rand``, a forgotten sqrt(3) or factor 2, fan_out where fan_in
belongs, PyTorch's transposed layout, ...).  ``caught_by`` names the checks
that must reject the variant; a check not listed may pass it (``rand_like``
has exactly the right second moment, b^2/3, so only the mean and range checks
can see it; a truncated normal rescaled to the right variance passes the
variance check and only the tail check sees it).

The formulas here are written independently of ``impl`` on purpose.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import stats

#: The standard deviation of N(0, 1) truncated to [-2, 2] (JAX's 0.8796...).
TRUNCATED_SD = float(stats.truncnorm(-2.0, 2.0).std())


@dataclass(frozen=True)
class Wrong:
    """A wrong variant: the function, the scheme it pretends to be, the checks that catch it."""

    fn: Callable[..., np.ndarray]
    mimics: str
    caught_by: tuple[str, ...]
    bug: str

    @property
    def name(self) -> str:
        return self.fn.__name__


def _uniform(rng, b, fan_in, fan_out):
    return rng.uniform(-b, b, size=(fan_in, fan_out))


def _normal(rng, sd, fan_in, fan_out):
    return rng.normal(0.0, sd, size=(fan_in, fan_out))


# ---------------------------------------------------------- fan_out for fan_in


def he_normal_fan_out(fan_in, fan_out, rng, *, negative_slope=0.0):
    return _normal(rng, math.sqrt(2 / ((1 + negative_slope**2) * fan_out)), fan_in, fan_out)


def lecun_normal_fan_out(fan_in, fan_out, rng):
    return _normal(rng, math.sqrt(1 / fan_out), fan_in, fan_out)


def lecun_uniform_fan_out(fan_in, fan_out, rng):
    return _uniform(rng, math.sqrt(3 / fan_out), fan_in, fan_out)


def torch_linear_default_fan_out(fan_in, fan_out, rng):
    return _uniform(rng, 1 / math.sqrt(fan_out), fan_in, fan_out)


# ------------------------------------------------------------- missing sqrt(3)


def lecun_uniform_no_sqrt3(fan_in, fan_out, rng):
    """The standard deviation used as the bound: Var = 1/(3 fan_in)."""
    return _uniform(rng, math.sqrt(1 / fan_in), fan_in, fan_out)


def xavier_uniform_no_sqrt3(fan_in, fan_out, rng, *, gain=1.0):
    return _uniform(rng, gain * math.sqrt(2 / (fan_in + fan_out)), fan_in, fan_out)


# ---------------------------------------------------------- missing factor 2


def he_normal_no_factor_2(fan_in, fan_out, rng, *, negative_slope=0.0):
    return _normal(rng, math.sqrt(1 / ((1 + negative_slope**2) * fan_in)), fan_in, fan_out)


def he_uniform_no_factor_2(fan_in, fan_out, rng, *, negative_slope=0.0):
    return _uniform(rng, math.sqrt(3 / ((1 + negative_slope**2) * fan_in)), fan_in, fan_out)


def xavier_normal_no_factor_2(fan_in, fan_out, rng, *, gain=1.0):
    """gain^2/(fan_in + fan_out): the sum of the fans instead of their average."""
    return _normal(rng, gain * math.sqrt(1 / (fan_in + fan_out)), fan_in, fan_out)


# ------------------------------------------------------------- not symmetric


def he_uniform_asymmetric(fan_in, fan_out, rng, *, negative_slope=0.0):
    """U(0, 2b): the right width, the wrong place."""
    b = math.sqrt(6 / ((1 + negative_slope**2) * fan_in))
    return rng.uniform(0.0, 2 * b, size=(fan_in, fan_out))


def lecun_uniform_rand_like(fan_in, fan_out, rng):
    """Slide 001's ``np.random.rand(in, out) * scale``: U[0, b), mean b/2, E[w^2] = b^2/3."""
    return rng.random((fan_in, fan_out)) * math.sqrt(3 / fan_in)


# ------------------------------------------------------ ignored options


def xavier_normal_ignores_gain(fan_in, fan_out, rng, *, gain=1.0):
    return _normal(rng, math.sqrt(2 / (fan_in + fan_out)), fan_in, fan_out)


def xavier_uniform_ignores_gain(fan_in, fan_out, rng, *, gain=1.0):
    return _uniform(rng, math.sqrt(6 / (fan_in + fan_out)), fan_in, fan_out)


def he_normal_ignores_slope(fan_in, fan_out, rng, *, negative_slope=0.0):
    return _normal(rng, math.sqrt(2 / fan_in), fan_in, fan_out)


def he_uniform_ignores_slope(fan_in, fan_out, rng, *, negative_slope=0.0):
    return _uniform(rng, math.sqrt(6 / fan_in), fan_in, fan_out)


# ------------------------------------------------------ the wrong distribution


def xavier_normal_truncated(fan_in, fan_out, rng, *, gain=1.0):
    """JAX's default: normal truncated at 2 sd, rescaled to keep the variance."""
    sd = gain * math.sqrt(2 / (fan_in + fan_out))
    size = fan_in * fan_out
    z = np.empty(0)
    while z.size < size:  # rejection sampling of N(0, 1) restricted to [-2, 2]
        more = rng.standard_normal(2 * size)
        z = np.concatenate([z, more[np.abs(more) <= 2.0]])
    return z[:size].reshape(fan_in, fan_out) * sd / TRUNCATED_SD


def he_normal_uniform_instead(fan_in, fan_out, rng, *, negative_slope=0.0):
    """Uniform weights with He's variance in place of normal ones."""
    return _uniform(rng, math.sqrt(6 / ((1 + negative_slope**2) * fan_in)), fan_in, fan_out)


def lecun_normal_loc_scale_mixup(fan_in, fan_out, rng):
    """``rng.normal(sd, size=...)``: the first argument is the mean, the scale stays 1."""
    return rng.normal(math.sqrt(1 / fan_in), size=(fan_in, fan_out))


# ---------------------------------------------------------- the contract


def he_normal_torch_layout(fan_in, fan_out, rng, *, negative_slope=0.0):
    """PyTorch's (out_features, in_features) layout."""
    return _normal(rng, math.sqrt(2 / ((1 + negative_slope**2) * fan_in)), fan_out, fan_in)


def torch_linear_default_torch_layout(fan_in, fan_out, rng):
    """PyTorch's own layout, weight.shape == (out_features, in_features)."""
    return _uniform(rng, 1 / math.sqrt(fan_in), fan_out, fan_in)


def lecun_normal_float32(fan_in, fan_out, rng):
    return _normal(rng, math.sqrt(1 / fan_in), fan_in, fan_out).astype(np.float32)


def he_normal_ignores_rng(fan_in, fan_out, rng, *, negative_slope=0.0):
    """Draws from a fresh, unseeded generator: not reproducible from rng."""
    own = np.random.default_rng()
    return _normal(own, math.sqrt(2 / ((1 + negative_slope**2) * fan_in)), fan_in, fan_out)


WRONG: tuple[Wrong, ...] = (
    Wrong(he_normal_fan_out, "he_normal", ("variance",), "fan_out in place of fan_in"),
    Wrong(lecun_normal_fan_out, "lecun_normal", ("variance",), "fan_out in place of fan_in"),
    Wrong(lecun_uniform_fan_out, "lecun_uniform", ("variance", "range"),
          "fan_out in place of fan_in"),
    Wrong(torch_linear_default_fan_out, "torch_linear_default", ("variance", "range"),
          "fan_out in place of fan_in"),
    Wrong(lecun_uniform_no_sqrt3, "lecun_uniform", ("variance", "range"),
          "missing sqrt(3) in the bound"),
    Wrong(xavier_uniform_no_sqrt3, "xavier_uniform", ("variance", "range"),
          "missing sqrt(3) in the bound"),
    Wrong(he_normal_no_factor_2, "he_normal", ("variance",), "missing factor 2"),
    Wrong(he_uniform_no_factor_2, "he_uniform", ("variance", "range"), "missing factor 2"),
    Wrong(xavier_normal_no_factor_2, "xavier_normal", ("variance",),
          "missing factor 2 (sum of fans for their average)"),
    Wrong(he_uniform_asymmetric, "he_uniform", ("variance", "mean", "range"),
          "U(0, 2b): not symmetric"),
    Wrong(lecun_uniform_rand_like, "lecun_uniform", ("mean", "range"),
          "rand-like U[0, b): not symmetric"),
    Wrong(xavier_normal_ignores_gain, "xavier_normal", ("variance",), "gain ignored"),
    Wrong(xavier_uniform_ignores_gain, "xavier_uniform", ("variance", "range"), "gain ignored"),
    Wrong(he_normal_ignores_slope, "he_normal", ("variance",), "negative_slope ignored"),
    Wrong(he_uniform_ignores_slope, "he_uniform", ("variance", "range"),
          "negative_slope ignored"),
    Wrong(xavier_normal_truncated, "xavier_normal", ("tails",),
          "truncated normal (rescaled to the right variance)"),
    Wrong(he_normal_uniform_instead, "he_normal", ("tails",), "uniform in place of normal"),
    Wrong(lecun_normal_loc_scale_mixup, "lecun_normal", ("variance", "mean"),
          "rng.normal(sd): sd taken as the mean"),
    Wrong(he_normal_torch_layout, "he_normal", ("contract",), "(fan_out, fan_in) layout"),
    Wrong(torch_linear_default_torch_layout, "torch_linear_default", ("contract",),
          "(fan_out, fan_in) layout"),
    Wrong(lecun_normal_float32, "lecun_normal", ("contract",), "float32"),
    Wrong(he_normal_ignores_rng, "he_normal", ("contract",), "randomness not from rng"),
)

def lecun_normal_fan_in(fan_in, fan_out, rng):
    """A correct LeCun normal, wrong wherever Var(w) = 1/fan_out is claimed (backward)."""
    return _normal(rng, math.sqrt(1 / fan_in), fan_in, fan_out)


#: Variants for the deep Monte Carlo: (variant, scheme, activation, slope).
DEEP_WRONG: tuple[tuple[Callable[..., np.ndarray], str, str, float], ...] = (
    (he_normal_fan_out, "he_normal", "relu", 0.0),
    (he_normal_no_factor_2, "he_normal", "relu", 0.0),
    (he_normal_ignores_slope, "he_normal", "leaky_relu", 0.25),
    (he_uniform_asymmetric, "he_uniform", "relu", 0.0),
)
