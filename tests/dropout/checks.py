"""Checks of dropout implementations against the dropout chapter's claims.

In the style of scikit-learn's ``estimator_checks``: each check takes a
module-like object with ``impl``'s dropout names and a label, and raises
:class:`AssertionError` naming the label and the broken law (with the claim
id).  The same checks run against ``impl`` (they must pass) and against the
known-wrong variants of ``tests/wrong_dropout.py`` (each must be rejected by
the checks named for it).

Exact identities are checked exactly (to a few units of rounding).
Distributional claims are checked with tests from :mod:`dlproofs.stats`, sized by
``alpha`` and power, never with the Gaussian chi-square band:

* a per-unit output is two-valued (``x/(1-p)`` or ``0``), and so is its squared
  deviation from ``x`` (``x^2 (p/(1-p))^2`` or ``x^2``): their means -- the
  claims ``E[o] = x`` and ``Var[o] = x^2 p/(1-p)`` -- are tested *exactly* by
  the binomial law (:func:`dlproofs.stats.two_point_mean_test`), whatever the
  skew; the kept fraction by the exact binomial test;
* linear-layer outputs are bounded but many-valued: their mean and variance
  (the mean of the bounded squared deviation from the known mean) are tested
  with Hoeffding's inequality, which holds for every bounded law.

Expected values come from the claims' oracles; this file computes only the
oracles' inputs.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache

import numpy as np
import sympy as sp

from derivations import claim
from derivations.dropout.common import W as W_sym  # noqa: N811
from derivations.dropout.common import j as j_sym
from derivations.dropout.common import n as n_sym
from derivations.dropout.common import p as p_sym
from derivations.dropout.common import x_ as x_sym
from dlproofs import stats
from dlproofs.gradcheck import directional_check

#: Rounding slack of the exact identities (relative, a few units in the last place).
ROUNDING = 8 * np.finfo(np.float64).eps
#: The drop probabilities of the checks: never 0.5, where 1/p = 1/(1-p) hides a keep/drop swap.
P_LOW, P_HIGH = 0.2, 0.7
#: The smallest errors the statistical checks must detect (power stats.POWER at stats.ALPHA).
KEEP_ABS_ERROR = 0.01        # of the kept fraction
MEAN_REL_ERROR = 0.02        # of E[o]
VAR_REL_ERROR = 0.05         # of Var[o]
LINEAR_REL_ERROR = 0.10      # of the linear layer's E[y] scale and Var[y]


@cache
def _oracle(claim_id: str) -> Callable:
    return claim(claim_id).oracle()


@cache
def _layer_oracle(claim_id: str, fan_in: int, col: int) -> Callable:
    """A claim over a symbolic width ``n`` instantiated for ``fan_in`` inputs and column ``col``."""
    c = claim(claim_id)
    column = {s: col + 1 for s in c.rhs.free_symbols if s.name in ("j", "c")}
    expr = c.rhs.subs(n_sym, fan_in).subs(column).doit()
    xs = [x_sym[k + 1] for k in range(fan_in)]
    ws = [W_sym[k + 1, col + 1] for k in range(fan_in)]
    return sp.lambdify([p_sym, *xs, *ws], expr, modules="numpy")


def layer_oracle(claim_id: str, x: np.ndarray, W: np.ndarray, p: float) -> np.ndarray:
    """The claim's value for every output column of ``x @ W`` (``x`` one input vector)."""
    return np.array([_layer_oracle(claim_id, x.size, col)(p, *x, *W[:, col])
                     for col in range(W.shape[1])], dtype=np.float64)


def _report(outcome, law: str, label: str, verify) -> None:
    if verify is not None:
        verify(outcome, subject=label, law=law)
    elif not outcome.passed:
        raise AssertionError(f"{label}: violates {law}. {outcome.describe()}")


def _inputs(rng: np.random.Generator, shape) -> np.ndarray:
    """Inputs bounded away from 0 with both signs (a zero input hides the mask)."""
    return rng.uniform(0.5, 2.0, shape) * rng.choice([-1.0, 1.0], shape)


def _close(a, b) -> np.ndarray:
    return np.abs(a - b) <= ROUNDING * np.maximum(np.abs(a), np.abs(b))


# ------------------------------------------------------------ exact identities


def check_kept_values(mod, label: str) -> None:
    """Every kept output equals x/(1 - p) (to rounding); every other output is exactly 0."""
    rng = np.random.default_rng(101)
    x = _inputs(rng, (64, 33))
    for p in (P_LOW, P_HIGH):
        out, _ = mod.dropout_forward(x, p, rng)
        kept = out != 0
        expected = _oracle("dropout.inverted.kept_value")(x=x, p=p)
        bad = ~_close(out[kept], expected[kept])
        if bad.any() or not kept.any():
            worst = np.max(np.abs(out[kept] - expected[kept])) if kept.any() else float("nan")
            raise AssertionError(f"{label}: violates dropout.inverted.kept_value (kept outputs "
                                 f"= x/(1 - p)) at p = {p}: {int(bad.sum())} of {int(kept.sum())} "
                                 f"kept outputs differ, max |error| = {worst:.3g}")


def check_identity(mod, label: str) -> None:
    """Evaluation mode and p = 0 are the identity, exactly, and draw no random numbers."""
    rng = np.random.default_rng(102)
    x = _inputs(rng, (5, 7))
    x4 = _inputs(rng, (2, 3, 4, 5))
    W, b = rng.standard_normal((7, 3)), rng.standard_normal(3)
    for p, train in ((P_LOW, False), (0.0, True), (0.0, False)):
        state = rng.bit_generator.state
        out, cache = mod.dropout_forward(x, p, rng, train=train)
        out4, cache4 = mod.spatial_dropout_forward(x4, p, rng, train=train)
        y, cache_c = mod.dropconnect_forward(x, W, b, p, rng, train=train)
        dout = np.linspace(-1, 1, x.size).reshape(x.shape)
        dout4 = np.linspace(-1, 1, x4.size).reshape(x4.shape)
        dy = np.linspace(-1, 1, y.size).reshape(y.shape)
        dx = mod.dropout_backward(dout, cache)
        dx4 = mod.spatial_dropout_backward(dout4, cache4)
        dxc, dW, db = mod.dropconnect_backward(dy, cache_c)
        what = f"p = {p}, train = {train}"
        if not (np.array_equal(out, x) and np.array_equal(out4, x4) and np.array_equal(dx, dout)
                and np.array_equal(dx4, dout4)):
            raise AssertionError(f"{label}: violates the identity at {what} (dropout must "
                                 "return x and pass dout through unchanged)")
        if not np.allclose(y, x @ W + b, rtol=1e-12, atol=0):
            raise AssertionError(f"{label}: violates the identity at {what} (DropConnect must "
                                 "compute x @ W + b)")
        if not (np.allclose(dxc, dy @ W.T, rtol=1e-12, atol=0)
                and np.allclose(dW, x.T @ dy, rtol=1e-12, atol=0)
                and np.allclose(db, dy.sum(axis=0), rtol=1e-12, atol=0)):
            raise AssertionError(f"{label}: violates the identity at {what} (DropConnect's "
                                 "backward must be that of x @ W + b)")
        if rng.bit_generator.state != state:
            raise AssertionError(f"{label}: violates the identity at {what}: it drew random "
                                 "numbers from rng")


def check_backward_uses_mask(mod, label: str) -> None:
    """dx = dout * mask/(1 - p) with the forward's mask and scale (dropout.gradient.dx)."""
    rng = np.random.default_rng(103)
    x = _inputs(rng, (40, 25))
    for p in (P_LOW, P_HIGH):
        out, cache = mod.dropout_forward(x, p, rng)
        dout = rng.standard_normal(x.shape)
        dx = mod.dropout_backward(dout, cache)
        mask = (out != 0).astype(np.float64)
        expected = _oracle("dropout.gradient.dx")(D=mask, dout=dout, p=p)
        if not _close(dx, expected).all():
            raise AssertionError(f"{label}: violates dropout.gradient.dx (dx = dout * mask/(1 - p) "
                                 f"with the forward's mask) at p = {p}: max |error| = "
                                 f"{np.max(np.abs(dx - expected)):.3g}")


def check_spatial_masks(mod, label: str) -> None:
    """Spatial dropout: each (sample, channel) is kept whole (x/(1-p)) or zeroed whole,
    and the backward uses the same channel masks and scale."""
    rng = np.random.default_rng(104)
    x = _inputs(rng, (16, 12, 5, 6))
    for p in (P_LOW, P_HIGH):
        out, cache = mod.spatial_dropout_forward(x, p, rng)
        ratio = out * (1 - p) / x  # 1 for a kept position, 0 for a dropped one
        kept = np.isclose(ratio, 1.0, rtol=0, atol=ROUNDING * 4)
        dropped = out == 0
        if not (kept | dropped).all():
            raise AssertionError(f"{label}: violates dropout.spatial.mean (kept positions = "
                                 f"x/(1 - p)) at p = {p}")
        per_channel = kept.reshape(16, 12, -1)
        if not (per_channel.all(axis=2) | ~per_channel.any(axis=2)).all():
            raise AssertionError(f"{label}: violates dropout.spatial.correlation (one mask per "
                                 f"channel: a channel is kept or dropped whole) at p = {p}")
        dout = rng.standard_normal(x.shape)
        dx = mod.spatial_dropout_backward(dout, cache)
        expected = np.where(kept, dout / (1 - p), 0.0)
        if not _close(dx, expected).all():
            raise AssertionError(f"{label}: violates dropout.spatial.correlation's backward "
                                 f"(dx = dout * channel mask/(1 - p)) at p = {p}")


def _effective_weights(mod, W, p, seed):
    """The forward's (M * W)/(1 - p), read off with x = I and b = 0 (same seed, same mask)."""
    eye = np.eye(W.shape[0])
    out, _ = mod.dropconnect_forward(eye, W, np.zeros(W.shape[1]), p,
                                     np.random.default_rng(seed))
    return out


def check_dropconnect_values(mod, label: str) -> None:
    """DropConnect: y = x @ (M*W)/(1 - p) + b, each effective weight W/(1-p) or 0, and
    the mask shared by the batch (one sampled network per call)."""
    rng = np.random.default_rng(105)
    x, W, b = _inputs(rng, (9, 6)), _inputs(rng, (6, 4)), rng.standard_normal(4)
    for p in (P_LOW, P_HIGH):
        W_eff = _effective_weights(mod, W, p, seed=7)
        kept = W_eff != 0
        if not _close(W_eff[kept], W[kept] / (1 - p)).all():
            raise AssertionError(f"{label}: violates dropout.dropconnect.mean (kept weights = "
                                 f"W/(1 - p)) at p = {p}")
        y, _ = mod.dropconnect_forward(x, W, b, p, np.random.default_rng(7))
        if not np.allclose(y, x @ W_eff + b, rtol=1e-12, atol=1e-12):
            raise AssertionError(f"{label}: violates dropout.dropconnect.mean (y = x @ (M*W)/(1-p)"
                                 f" + b with one weight mask per call) at p = {p}")


def check_dropconnect_gradients(mod, label: str) -> None:
    """Directional central differences (:func:`dlproofs.gradcheck.directional_check`) of each
    argument in turn, with the mask fixed (the same seed every call)."""
    rng = np.random.default_rng(106)
    x, W, b = _inputs(rng, (5, 7)), _inputs(rng, (7, 3)), rng.standard_normal(3)
    p, seed = 0.3, 11
    c = rng.standard_normal((5, 3))

    def loss(x_, W_, b_):
        y, _ = mod.dropconnect_forward(x_, W_, b_, p, np.random.default_rng(seed))
        return float(np.sum(c * y))

    _, cache = mod.dropconnect_forward(x, W, b, p, np.random.default_rng(seed))
    dx, dW, db = mod.dropconnect_backward(c, cache)
    args = (x, W, b)
    for name, grad, arg in (("dx", dx, 0), ("dW", dW, 1), ("db", db, 2)):
        for _ in range(3):
            v = rng.standard_normal(args[arg].shape)

            def loss_of_t(t, arg=arg, v=v):
                moved = list(args)
                moved[arg] = args[arg] + t * v
                return loss(*moved)

            directional_check(loss_of_t, [(grad, v)], subject=f"{label} ({name})",
                              law=f"dropout.dropconnect.gradient.{name}")


# ------------------------------------------------------------- statistical


def _unit_sample(mod, p: float, n: int, seed: int) -> np.ndarray:
    """o/x for ``n`` independent units with inputs of both signs: x/(1-p) -> 1/(1-p), 0 -> 0."""
    rng = np.random.default_rng(seed)
    x = _inputs(rng, n)
    out, _ = mod.dropout_forward(x, p, rng)
    return out / x


def mean_design(p: float) -> int:
    keep = 1 - p
    return stats.binomial_n(keep, MEAN_REL_ERROR * keep)


def variance_design(p: float) -> int:
    odds = p / (1 - p)
    return stats.binomial_n(1 - p, VAR_REL_ERROR * odds / abs(odds**2 - 1))


def check_kept_fraction(mod, label: str, verify=None) -> None:
    """The kept fraction is 1 - p: exact binomial test (dropout.inverted.keep_rate)."""
    p = P_LOW
    keep = float(_oracle("dropout.inverted.keep_rate")(p=p))
    n = stats.binomial_n(keep, KEEP_ABS_ERROR)
    r = _unit_sample(mod, p, n, seed=201)
    outcome = stats.binomial_test(int(np.count_nonzero(r)), n, keep, abs_error=KEEP_ABS_ERROR)
    _report(outcome, "dropout.inverted.keep_rate (a unit is kept with probability 1 - p)",
            label, verify)


def check_mean(mod, label: str, verify=None, p: float = P_LOW, seed: int = 202) -> float:
    """E[o/x] = 1 (dropout.inverted.mean): o/x is 1/(1-p) or 0, an exact binomial test."""
    n = mean_design(p)
    r = _unit_sample(mod, p, n, seed=seed)
    expected = float(_oracle("dropout.inverted.mean")(x=1.0))
    outcome = stats.two_point_mean_test(r, expected, low=0.0, high=1 / (1 - p),
                                        abs_error=MEAN_REL_ERROR * expected)
    _report(outcome, "dropout.inverted.mean (E[o] = x)", label, verify)
    return float(np.mean(r))


def check_variance(mod, label: str, verify=None, p: float = P_HIGH, seed: int = 203) -> float:
    """Var[o/x] = p/(1-p) (dropout.inverted.variance): (o/x - 1)^2 is (p/(1-p))^2 or 1."""
    n = variance_design(p)
    r = _unit_sample(mod, p, n, seed=seed)
    expected = float(_oracle("dropout.inverted.variance")(x=1.0, p=p))
    outcome = stats.two_point_mean_test((r - 1) ** 2, expected, low=1.0,
                                        high=(p / (1 - p)) ** 2,
                                        abs_error=VAR_REL_ERROR * expected)
    _report(outcome, "dropout.inverted.variance (Var[o] = x^2 p/(1 - p))", label, verify)
    return float(np.mean((r - 1) ** 2))


def _linear_setup(p: float, seed: int):
    rng = np.random.default_rng(seed)
    x, W = _inputs(rng, 4), _inputs(rng, (4, 3))  # non-square: a fan_in/fan_out swap shows
    a = x[:, None] * W                             # a_ij = x_i W_ij
    mean = layer_oracle("dropout.linear.mean", x, W, p)
    var = layer_oracle("dropout.linear.variance", x, W, p)
    # y_j - E[y_j] = sum_i a_ij (D_i/(1-p) - 1): each term is a_ij p/(1-p) or -a_ij
    slack = 1e-9 * np.sum(np.abs(a), axis=0) / (1 - p)  # the bounds are attained: rounding room
    hi = np.sum(np.maximum(a * p / (1 - p), -a), axis=0) + slack
    lo = np.sum(np.minimum(a * p / (1 - p), -a), axis=0) - slack
    return rng, x, W, mean, var, lo, hi


def check_linear_mean(mod, label: str, verify=None, p: float = P_HIGH) -> None:
    """E[y] = x W after dropout (dropout.linear.mean, dropout.ensemble.linear): Hoeffding."""
    rng, x, W, mean, var, lo, hi = _linear_setup(p, seed=204)
    err = LINEAR_REL_ERROR * np.sqrt(var)
    n = max(stats.hoeffding_n(hi[j] - lo[j], err[j]) for j in range(W.shape[1]))
    out, _ = mod.dropout_forward(np.broadcast_to(x, (n, x.size)), p, rng)
    y = out @ W
    for j in range(W.shape[1]):
        outcome = stats.hoeffding_mean_test(y[:, j], mean[j], low=mean[j] + lo[j],
                                            high=mean[j] + hi[j], abs_error=err[j])
        _report(outcome, f"dropout.linear.mean (E[y_{j}] = sum_i x_i W_i{j})", label, verify)


def check_linear_variance(mod, label: str, verify=None, p: float = P_HIGH) -> None:
    """Var[y_j] = p/(1-p) sum_i x_i^2 W_ij^2 (dropout.linear.variance): Hoeffding on the
    bounded squared deviation (y_j - x W_j)^2 in [0, max(lo^2, hi^2)]."""
    rng, x, W, mean, var, lo, hi = _linear_setup(p, seed=205)
    bound = np.maximum(lo**2, hi**2)
    err = LINEAR_REL_ERROR * var
    n = max(stats.hoeffding_n(bound[j], err[j]) for j in range(W.shape[1]))
    out, _ = mod.dropout_forward(np.broadcast_to(x, (n, x.size)), p, rng)
    dev2 = (out @ W - mean) ** 2
    for j in range(W.shape[1]):
        outcome = stats.hoeffding_mean_test(dev2[:, j], var[j], low=0.0, high=bound[j],
                                            abs_error=err[j])
        _report(outcome, f"dropout.linear.variance (Var[y_{j}] = p/(1-p) sum_i x_i^2 W_i{j}^2)",
                label, verify)


def check_spatial_channel_mean_variance(mod, label: str, verify=None) -> None:
    """The channel mean is x̄/(1-p) or 0, so (m_c/x̄ - 1)^2 is two-valued with mean p/(1-p)
    (dropout.spatial.channel_mean_variance): exact binomial test."""
    p = P_HIGH
    n = variance_design(p)
    c = 8
    rng = np.random.default_rng(206)
    x = rng.uniform(0.5, 2.0, (math.ceil(n / c), c, 3, 3))  # one sign: a nonzero channel mean
    out, _ = mod.spatial_dropout_forward(x, p, rng)
    ratio = out.mean(axis=(2, 3)) / x.mean(axis=(2, 3))
    expected = float(_oracle_cmv(p))
    outcome = stats.two_point_mean_test((ratio - 1) ** 2, expected, low=1.0,
                                        high=(p / (1 - p)) ** 2,
                                        abs_error=VAR_REL_ERROR * expected)
    _report(outcome, "dropout.spatial.channel_mean_variance (Var[channel mean] = "
            "p/(1-p) mean(x)^2)", label, verify)


def _oracle_cmv(p: float) -> float:
    """dropout.spatial.channel_mean_variance for a channel whose input mean is 1."""
    c = claim("dropout.spatial.channel_mean_variance")
    k = 2
    expr = c.rhs.subs(n_sym, k).doit().subs({x_sym[1]: 1, x_sym[2]: 1, p_sym: p})
    return float(expr)


def check_dropconnect_outputs_uncorrelated(mod, label: str, verify=None) -> None:
    """With identical weight columns, DropConnect's outputs are i.i.d. (independent masks per
    weight): Var[y_j - y_l] = 2 Var[y_j] (dropout.dropconnect.covariance, .variance), tested
    by Hoeffding on the bounded (y_j - y_l)^2."""
    p = P_LOW
    rng = np.random.default_rng(207)
    x = _inputs(rng, 3)
    w = _inputs(rng, 3)
    a = x * w
    var = float(layer_oracle("dropout.dropconnect.variance", x, w[:, None], p)[0])
    # |y_j - y_l| <= sum_i |a_i| * 2/(1-p)... bounded by twice the range of one output
    span = float(np.sum(np.abs(a)) / (1 - p))
    bound = span**2 * (1 + 1e-9)  # attainable: leave room for rounding
    err = LINEAR_REL_ERROR * 2 * var
    n = stats.hoeffding_n(bound, err)
    pairs = math.ceil(n)
    W = np.repeat(w[:, None], 2 * pairs, axis=1)
    y, _ = mod.dropconnect_forward(x[None, :], W, np.zeros(2 * pairs), p, rng)
    diff2 = (y[0, 0::2] - y[0, 1::2]) ** 2
    outcome = stats.hoeffding_mean_test(diff2, 2 * var, low=0.0, high=bound, abs_error=err)
    _report(outcome, "dropout.dropconnect.covariance (Cov[y_j, y_l] = 0, so "
            "E[(y_j - y_l)^2] = 2 Var[y_j])", label, verify)


def check_bn_shift(mod, label: str, verify=None) -> None:
    """Training variance of dropout's output for X ~ Uniform(1, 2): (sigma2 + p mu^2)/(1 - p)
    (dropout.bn_shift.train_variance), Hoeffding on the bounded (o - mu)^2."""
    p, lo, hi = P_LOW, 1.0, 2.0
    mu, sigma2 = (lo + hi) / 2, (hi - lo) ** 2 / 12
    var = float(_oracle("dropout.bn_shift.train_variance")(sigma2=sigma2, mu=mu, p=p))
    bound = max(mu**2, (hi / (1 - p) - mu) ** 2) * (1 + 1e-9)
    err = VAR_REL_ERROR * var
    n = stats.hoeffding_n(bound, err)
    rng = np.random.default_rng(208)
    x = rng.uniform(lo, hi, n)
    out, _ = mod.dropout_forward(x, p, rng)
    outcome = stats.hoeffding_mean_test((out - mu) ** 2, var, low=0.0, high=bound,
                                        abs_error=err)
    _report(outcome, "dropout.bn_shift.train_variance (Var_train = (sigma2 + p mu^2)/(1 - p))",
            label, verify)


def check_fourth_moment(mod, label: str, verify=None, p: float = P_LOW) -> None:
    """E[(o/x - 1)^4] = p (p^3 + (1-p)^3)/(1-p)^3 (dropout.inverted.fourth_moment): the fourth
    power of the deviation is (p/(1-p))^4 or 1, an exact binomial test."""
    odds = p / (1 - p)
    expected = float(_oracle("dropout.inverted.fourth_moment")(x=1.0, p=p))
    n = stats.binomial_n(1 - p, VAR_REL_ERROR * expected / abs(odds**4 - 1))
    r = _unit_sample(mod, p, n, seed=209)
    outcome = stats.two_point_mean_test((r - 1) ** 4, expected, low=1.0, high=odds**4,
                                        abs_error=VAR_REL_ERROR * expected)
    _report(outcome, "dropout.inverted.fourth_moment (E[(o - x)^4] = x^4 p (p^3 + (1-p)^3)/"
            "(1-p)^3)", label, verify)


def check_linear_covariance(mod, label: str, verify=None, p: float = P_HIGH) -> None:
    """Cov[y_0, y_1] = p/(1-p) sum_i x_i^2 W_i0 W_i1 (dropout.linear.covariance): Hoeffding on
    the bounded product of the deviations."""
    rng, x, W, mean, var, lo, hi = _linear_setup(p, seed=210)
    cov = float(_layer_pair_oracle(x.size)(p, *x, *W[:, 0], *W[:, 1]))
    bound = max(abs(lo[0]), abs(hi[0])) * max(abs(lo[1]), abs(hi[1]))
    err = LINEAR_REL_ERROR * math.sqrt(var[0] * var[1])
    n = stats.hoeffding_n(2 * bound, err)
    out, _ = mod.dropout_forward(np.broadcast_to(x, (n, x.size)), p, rng)
    dev = out @ W - mean
    outcome = stats.hoeffding_mean_test(dev[:, 0] * dev[:, 1], cov, low=-bound, high=bound,
                                        abs_error=err)
    _report(outcome, "dropout.linear.covariance (Cov[y_0, y_1] = p/(1-p) sum_i x_i^2 W_i0 W_i1)",
            label, verify)


@cache
def _layer_pair_oracle(fan_in: int) -> Callable:
    """dropout.linear.covariance for columns 1 and 2 (indices j = 1, l = 2) of ``fan_in`` rows."""
    rhs = claim("dropout.linear.covariance").rhs
    l_sym = next(s for s in rhs.free_symbols if s.name == "l")
    expr = rhs.subs({n_sym: fan_in, j_sym: 1, l_sym: 2}).doit()
    xs = [x_sym[k + 1] for k in range(fan_in)]
    w1 = [W_sym[k + 1, 1] for k in range(fan_in)]
    w2 = [W_sym[k + 1, 2] for k in range(fan_in)]
    return sp.lambdify([p_sym, *xs, *w1, *w2], expr, modules="numpy")


def check_spatial_mean_and_independence(mod, label: str, verify=None) -> None:
    """Channel means are x̄/(1-p) or 0 with mean x̄ (dropout.spatial.mean), and the masks of two
    channels are independent: both kept with probability (1-p)^2
    (dropout.spatial.cross_channel_covariance); exact binomial tests."""
    p = P_LOW
    keep2 = (1 - p) ** 2
    rows = max(math.ceil(mean_design(p) / 2), stats.binomial_n(keep2, 2 * KEEP_ABS_ERROR))
    rng = np.random.default_rng(211)
    x = rng.uniform(0.5, 2.0, (rows, 2, 2, 3))
    out, _ = mod.spatial_dropout_forward(x, p, rng)
    ratio = out.mean(axis=(2, 3)) / x.mean(axis=(2, 3))
    outcome = stats.two_point_mean_test(ratio, 1.0, low=0.0, high=1 / (1 - p),
                                        abs_error=MEAN_REL_ERROR)
    _report(outcome, "dropout.spatial.mean (E[o] = x)", label, verify)
    both = int(np.count_nonzero((ratio[:, 0] != 0) & (ratio[:, 1] != 0)))
    trials = ratio.shape[0]
    outcome = stats.binomial_test(both, trials, keep2, abs_error=2 * KEEP_ABS_ERROR)
    _report(outcome, "dropout.spatial.cross_channel_covariance (independent channel masks: "
            "both kept with probability (1-p)^2)", label, verify)
