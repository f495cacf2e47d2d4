"""Known-wrong initializers: each one must be rejected by the checks listed for it.

A check that cannot fail proves nothing, so every check in
``tests/init/checks.py`` is run against these plausible mistakes (the slide's
``np.random.rand``, a forgotten sqrt(3) or factor 2, fan_out where fan_in
belongs, PyTorch's transposed layout, ...), each recorded with
:func:`dlproofs.checks.wrong`; ``rejected_by`` names the checks that must
reject it; a check not listed may pass it (``rand_like``
has exactly the right second moment, b^2/3, so only the mean and range checks
can see it; a truncated normal rescaled to the right variance passes the
variance check and only the tail check sees it).

The formulas here are written independently of ``impl`` on purpose.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from scipy import stats

from dlproofs.checks import WRONG, wrong

#: The standard deviation of N(0, 1) truncated to [-2, 2] (JAX's 0.8796...).
TRUNCATED_SD = float(stats.truncnorm(-2.0, 2.0).std())


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


def variance_scaling_modes_swapped(fan_in, fan_out, rng, *, scale=1.0, mode="fan_in",
                                   distribution="normal"):
    """The general rule with fan_in and fan_out exchanged in the modes (PyTorch's layout read
    as the contract's)."""
    n = {"fan_in": fan_out, "fan_out": fan_in, "fan_avg": (fan_in + fan_out) / 2}[mode]
    if distribution == "uniform":
        return _uniform(rng, math.sqrt(3 * scale / n), fan_in, fan_out)
    return _normal(rng, math.sqrt(scale / n), fan_in, fan_out)


def he_normal_without_validation(fan_in, fan_out, rng, *, negative_slope=0.0):
    """The right law with no argument checks (fan_in = 0 divides by zero)."""
    return _normal(rng, math.sqrt(2 / ((1 + negative_slope**2) * fan_in)), fan_in, fan_out)


# ------------------------------------------- generic mistakes, one per scheme

#: Each scheme's distribution and spread (uniform bound or normal sd), written here
#: independently of impl, to build the generic mistakes below.
SPREADS: dict[str, tuple[str, Callable[..., float]]] = {
    "lecun_uniform": ("uniform", lambda fi, fo, **kw: math.sqrt(3 / fi)),
    "lecun_normal": ("normal", lambda fi, fo, **kw: math.sqrt(1 / fi)),
    "xavier_uniform": ("uniform", lambda fi, fo, gain=1.0: gain * math.sqrt(6 / (fi + fo))),
    "xavier_normal": ("normal", lambda fi, fo, gain=1.0: gain * math.sqrt(2 / (fi + fo))),
    "he_uniform": ("uniform", lambda fi, fo, negative_slope=0.0: math.sqrt(
        6 / ((1 + negative_slope**2) * fi))),
    "he_normal": ("normal", lambda fi, fo, negative_slope=0.0: math.sqrt(
        2 / ((1 + negative_slope**2) * fi))),
    "torch_linear_default": ("uniform", lambda fi, fo, **kw: 1 / math.sqrt(fi)),
}


def transposed(name: str) -> Callable[..., np.ndarray]:
    """The right law in PyTorch's (fan_out, fan_in) layout."""
    distribution, spread = SPREADS[name]

    def init(fan_in, fan_out, rng, **options):
        s = spread(fan_in, fan_out, **options)
        draw = _uniform if distribution == "uniform" else _normal
        return draw(rng, s, fan_out, fan_in)

    init.__name__ = f"{name}_transposed"
    return init


def off_center(name: str) -> Callable[..., np.ndarray]:
    """U(0, 2b) for a uniform scheme; rng.normal(sd, sd) (the spread passed as loc too) for a
    normal one: the right width, the wrong place."""
    distribution, spread = SPREADS[name]

    def init(fan_in, fan_out, rng, **options):
        s = spread(fan_in, fan_out, **options)
        if distribution == "uniform":
            return rng.uniform(0.0, 2 * s, size=(fan_in, fan_out))
        return rng.normal(s, s, size=(fan_in, fan_out))

    init.__name__ = f"{name}_off_center"
    return init


def truncated(name: str) -> Callable[..., np.ndarray]:
    """A normal truncated at 2 sd and rescaled to the right variance, *without declaring it*."""
    _, spread = SPREADS[name]

    def init(fan_in, fan_out, rng, **options):
        sd = spread(fan_in, fan_out, **options)
        size = fan_in * fan_out
        z = np.empty(0)
        while z.size < size:  # rejection sampling of N(0, 1) restricted to [-2, 2]
            more = rng.standard_normal(2 * size)
            z = np.concatenate([z, more[np.abs(more) <= 2.0]])
        return z[:size].reshape(fan_in, fan_out) * sd / TRUNCATED_SD

    init.__name__ = f"{name}_truncated"
    return init


def bound_is_sd(name: str) -> Callable[..., np.ndarray]:
    """U(-sd, sd): the standard deviation used as the uniform bound (a missing sqrt(3))."""
    _, spread = SPREADS[name]

    def init(fan_in, fan_out, rng, **options):
        b = spread(fan_in, fan_out, **options)
        return _uniform(rng, b / math.sqrt(3), fan_in, fan_out)

    init.__name__ = f"{name}_bound_is_sd"
    return init


# ----------------------------------------------------------------- records


def _variant(fn, mimics: str, why: str, *laws: str, depth: tuple[str, ...] = ()):
    rejected = [f"init.{mimics}.{law}" if "." not in law else law for law in laws]
    rejected += [f"init.depth.{mimics}.{activation}" for activation in depth]
    wrong(fn.__name__, chapter="init", why=why, replaces={mimics: fn}, rejected_by=rejected)


_variant(he_normal_fan_out, "he_normal", "fan_out in place of fan_in", "variance",
         depth=("relu",))
_variant(lecun_normal_fan_out, "lecun_normal", "fan_out in place of fan_in", "variance",
         depth=("identity",))
_variant(lecun_uniform_fan_out, "lecun_uniform", "fan_out in place of fan_in", "variance",
         "range")
_variant(torch_linear_default_fan_out, "torch_linear_default", "fan_out in place of fan_in",
         "variance", "range", depth=("relu",))
_variant(lecun_uniform_no_sqrt3, "lecun_uniform", "missing sqrt(3) in the bound", "variance",
         "range")
_variant(xavier_uniform_no_sqrt3, "xavier_uniform", "missing sqrt(3) in the bound", "variance",
         "range")
_variant(he_normal_no_factor_2, "he_normal", "missing factor 2", "variance", depth=("relu",))
_variant(he_uniform_no_factor_2, "he_uniform", "missing factor 2", "variance", "range")
_variant(xavier_normal_no_factor_2, "xavier_normal", "missing factor 2 (sum of fans for their "
         "average)", "variance", "init.depth.backward.xavier", depth=("identity", "relu"))
_variant(he_uniform_asymmetric, "he_uniform", "U(0, 2b): not symmetric", "variance", "mean",
         "range", depth=("relu",))
_variant(lecun_uniform_rand_like, "lecun_uniform", "rand-like U[0, b): not symmetric", "mean",
         "range")
_variant(xavier_normal_ignores_gain, "xavier_normal", "gain ignored", "variance")
_variant(xavier_uniform_ignores_gain, "xavier_uniform", "gain ignored", "variance", "range")
_variant(he_normal_ignores_slope, "he_normal", "negative_slope ignored", "variance",
         depth=("leaky_relu",))
_variant(he_uniform_ignores_slope, "he_uniform", "negative_slope ignored", "variance", "range")
_variant(xavier_normal_truncated, "xavier_normal", "truncated normal (rescaled to the right "
         "variance), not declared", "tails")
_variant(he_normal_uniform_instead, "he_normal", "uniform in place of normal", "tails")
_variant(lecun_normal_loc_scale_mixup, "lecun_normal", "rng.normal(sd): sd taken as the mean",
         "variance", "mean")
_variant(he_normal_torch_layout, "he_normal", "(fan_out, fan_in) layout", "layout")
_variant(torch_linear_default_torch_layout, "torch_linear_default", "(fan_out, fan_in) layout",
         "layout")
_variant(lecun_normal_float32, "lecun_normal", "float32", "init.float64")
_variant(he_normal_ignores_rng, "he_normal", "randomness not from rng", "layout")
wrong("variance_scaling_modes_swapped", chapter="init",
      why="fan_in and fan_out exchanged in the general rule's modes",
      replaces={"variance_scaling": variance_scaling_modes_swapped},
      rejected_by=("init.variance_scaling", "init.depth.backward.fan_out"))
_variant(he_normal_without_validation, "he_normal", "no argument checks",
         "init.bad_arguments")

for _name, (_distribution, _) in SPREADS.items():
    _variant(transposed(_name), _name, "PyTorch's (fan_out, fan_in) layout", "layout")
    _variant(off_center(_name), _name, "the right width, off center", "mean")
    if _distribution == "normal" and f"{_name}_truncated" not in WRONG:
        _variant(truncated(_name), _name, "truncated at 2 sd without declaring it", "tails")
