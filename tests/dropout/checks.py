"""The registered checks of the dropout chapter (see :mod:`dlproofs.checks`).

Each check has the one signature ``fn(impl, verify)``, states one law of the
claims it lists, and fails through ``verify.fail`` (exact identities) or
``verify(outcome, ...)`` (statistics).  The same checks run against ``impl``
(they must pass), against any ``--impl`` module, and against the known-wrong
variants of ``tests/dropout/wrong.py`` (each must be rejected by the checks
named for it, with that check's law).

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

Expected values come from the claims' oracles (:func:`dlproofs.oracles.oracle`);
this file computes only the oracles' inputs.
"""

from __future__ import annotations

import math
from functools import partial

import numpy as np

from dlproofs import stats
from dlproofs.checks import check
from dlproofs.gradcheck import directional_check
from dlproofs.oracles import oracle

check = partial(check, chapter="dropout")

#: Rounding slack of the exact identities (relative, a few units in the last place).
ROUNDING = 8 * np.finfo(np.float64).eps
#: The drop probabilities of the checks: never 0.5, where 1/p = 1/(1-p) hides a keep/drop swap.
P_LOW, P_HIGH = 0.2, 0.7
#: The smallest errors the statistical checks must detect (power stats.POWER at stats.ALPHA).
KEEP_ABS_ERROR = 0.01        # of the kept fraction
MEAN_REL_ERROR = 0.02        # of E[o]
VAR_REL_ERROR = 0.05         # of Var[o]
LINEAR_REL_ERROR = 0.10      # of the linear layer's E[y] scale and Var[y]


def columns(W: np.ndarray) -> np.ndarray:
    """The indices of ``W``'s columns as the claims count them (from 1): a claim's free output
    index given as this array gives the claim for every output at once."""
    return np.arange(1, W.shape[1] + 1)


def _inputs(rng: np.random.Generator, shape) -> np.ndarray:
    """Inputs bounded away from 0 with both signs (a zero input hides the mask)."""
    return rng.uniform(0.5, 2.0, shape) * rng.choice([-1.0, 1.0], shape)


def _close(a, b) -> np.ndarray:
    return np.abs(a - b) <= ROUNDING * np.maximum(np.abs(a), np.abs(b))


def _array(a) -> np.ndarray:
    """An implementation's output as float64 (the dtype policy is a contract check)."""
    return np.asarray(a, dtype=np.float64)


# ------------------------------------------------------------ exact identities


@check(claims=("dropout.inverted.kept_value",),
       law="every kept output equals x/(1 - p) and every other output is 0",
       functions=("dropout_forward",))
def check_kept_values(impl, verify) -> None:
    """Every kept output equals x/(1 - p) (to rounding); every other output is exactly 0."""
    rng = np.random.default_rng(101)
    x = _inputs(rng, (64, 33))
    for p in (P_LOW, P_HIGH):
        out = _array(impl.dropout_forward(x, p, rng)[0])
        kept = out != 0
        expected = oracle("dropout.inverted.kept_value")(x=x, p=p)
        bad = ~_close(out[kept], expected[kept])
        if bad.any() or not kept.any():
            worst = np.max(np.abs(out[kept] - expected[kept])) if kept.any() else float("nan")
            verify.fail("dropout_forward", f"at p = {p}: {int(bad.sum())} of {int(kept.sum())} "
                        f"kept outputs differ from x/(1 - p), max |error| = {worst:.3g}")


@check(claims=("dropout.spatial.mean", "dropout.dropconnect.mean",
               "dropout.bn_shift.test_variance"),
       law="evaluation mode and p = 0 are the identity (and draw no random numbers)",
       functions=("dropout_forward", "dropout_backward", "spatial_dropout_forward",
                  "spatial_dropout_backward", "dropconnect_forward", "dropconnect_backward"))
def check_identity(impl, verify) -> None:
    """Evaluation mode and p = 0 are the identity, exactly, and draw no random numbers."""
    rng = np.random.default_rng(102)
    x = _inputs(rng, (5, 7))
    x4 = _inputs(rng, (2, 3, 4, 5))
    W, b = rng.standard_normal((7, 3)), rng.standard_normal(3)
    for p, train in ((P_LOW, False), (0.0, True), (0.0, False)):
        state = rng.bit_generator.state
        out, cache_ = impl.dropout_forward(x, p, rng, train=train)
        out4, cache4 = impl.spatial_dropout_forward(x4, p, rng, train=train)
        y, cache_c = impl.dropconnect_forward(x, W, b, p, rng, train=train)
        dout = np.linspace(-1, 1, x.size).reshape(x.shape)
        dout4 = np.linspace(-1, 1, x4.size).reshape(x4.shape)
        dy = np.linspace(-1, 1, y.size).reshape(np.shape(y))
        dx = impl.dropout_backward(dout, cache_)
        dx4 = impl.spatial_dropout_backward(dout4, cache4)
        dxc, dW, db = (_array(g) for g in impl.dropconnect_backward(dy, cache_c))
        what = f"p = {p}, train = {train}"
        if not (np.array_equal(out, x) and np.array_equal(dx, dout)):
            verify.fail("dropout_forward", f"at {what}: must return x and pass dout through")
        if not (np.array_equal(out4, x4) and np.array_equal(dx4, dout4)):
            verify.fail("spatial_dropout_forward",
                        f"at {what}: must return x and pass dout through")
        if not np.allclose(y, x @ W + b, rtol=1e-12, atol=0):
            verify.fail("dropconnect_forward", f"at {what}: must compute x @ W + b",
                        claim="dropout.dropconnect.mean")
        if not (np.allclose(dxc, dy @ W.T, rtol=1e-12, atol=0)
                and np.allclose(dW, x.T @ dy, rtol=1e-12, atol=0)
                and np.allclose(db, dy.sum(axis=0), rtol=1e-12, atol=0)):
            verify.fail("dropconnect_backward", f"at {what}: must be the backward of x @ W + b",
                        claim="dropout.dropconnect.mean")
        if rng.bit_generator.state != state:
            verify.fail("dropout_forward", f"at {what}: it drew random numbers from rng")


@check(claims=("dropout.gradient.dx",),
       law="dx = dout * mask/(1 - p) with the forward's mask",
       functions=("dropout_forward", "dropout_backward"))
def check_backward_uses_mask(impl, verify) -> None:
    """dx = dout * mask/(1 - p) with the forward's mask and scale (dropout.gradient.dx)."""
    rng = np.random.default_rng(103)
    x = _inputs(rng, (40, 25))
    for p in (P_LOW, P_HIGH):
        out, cache_ = impl.dropout_forward(x, p, rng)
        dout = rng.standard_normal(x.shape)
        dx = _array(impl.dropout_backward(dout, cache_))
        mask = (_array(out) != 0).astype(np.float64)
        expected = oracle("dropout.gradient.dx")(D=mask, dout=dout, p=p)
        if not _close(dx, expected).all():
            verify.fail("dropout_backward", f"at p = {p}: max |error| = "
                        f"{np.max(np.abs(dx - expected)):.3g}")


@check(claims=("dropout.spatial.correlation", "dropout.spatial.mean"),
       law="one mask per channel: a channel is kept whole (x/(1 - p)) or dropped whole, "
           "and the backward reuses the channel masks",
       functions=("spatial_dropout_forward", "spatial_dropout_backward"))
def check_spatial_masks(impl, verify) -> None:
    """Spatial dropout: each (sample, channel) is kept whole (x/(1-p)) or zeroed whole,
    and the backward uses the same channel masks and scale."""
    rng = np.random.default_rng(104)
    x = _inputs(rng, (16, 12, 5, 6))
    for p in (P_LOW, P_HIGH):
        out, cache_ = impl.spatial_dropout_forward(x, p, rng)
        out = _array(out)
        ratio = out * (1 - p) / x  # 1 for a kept position, 0 for a dropped one
        kept = np.isclose(ratio, 1.0, rtol=0, atol=ROUNDING * 4)
        dropped = out == 0
        if not (kept | dropped).all():
            verify.fail("spatial_dropout_forward", f"at p = {p}: kept positions differ from "
                        "x/(1 - p)", claim="dropout.spatial.mean")
        per_channel = kept.reshape(16, 12, -1)
        if not (per_channel.all(axis=2) | ~per_channel.any(axis=2)).all():
            verify.fail("spatial_dropout_forward", f"at p = {p}: a channel is partly kept")
        dout = rng.standard_normal(x.shape)
        dx = _array(impl.spatial_dropout_backward(dout, cache_))
        expected = np.where(kept, dout / (1 - p), 0.0)
        if not _close(dx, expected).all():
            verify.fail("spatial_dropout_backward",
                        f"at p = {p}: dx differs from dout * channel mask/(1 - p)")


def _effective_weights(impl, W, p, seed):
    """The forward's (M * W)/(1 - p), read off with x = I and b = 0 (same seed, same mask)."""
    eye = np.eye(W.shape[0])
    out, _ = impl.dropconnect_forward(eye, W, np.zeros(W.shape[1]), p,
                                      np.random.default_rng(seed))
    return _array(out)


@check(claims=("dropout.dropconnect.mean",),
       law="y = x @ (M * W)/(1 - p) + b, each kept weight W/(1 - p), one weight mask per call",
       functions=("dropconnect_forward",))
def check_dropconnect_values(impl, verify) -> None:
    """DropConnect: y = x @ (M*W)/(1 - p) + b, each effective weight W/(1-p) or 0, and
    the mask shared by the batch (one sampled network per call)."""
    rng = np.random.default_rng(105)
    x, W, b = _inputs(rng, (9, 6)), _inputs(rng, (6, 4)), rng.standard_normal(4)
    for p in (P_LOW, P_HIGH):
        W_eff = _effective_weights(impl, W, p, seed=7)
        kept = W_eff != 0
        if not _close(W_eff[kept], W[kept] / (1 - p)).all():
            verify.fail("dropconnect_forward", f"at p = {p}: kept weights differ from W/(1 - p)")
        y, _ = impl.dropconnect_forward(x, W, b, p, np.random.default_rng(7))
        if not np.allclose(_array(y), x @ W_eff + b, rtol=1e-12, atol=1e-12):
            verify.fail("dropconnect_forward", f"at p = {p}: y is not x @ (M*W)/(1-p) + b with "
                        "one weight mask for the whole batch")


@check(claims=("dropout.dropconnect.gradient.dx", "dropout.dropconnect.gradient.dW",
               "dropout.dropconnect.gradient.db"),
       law="DropConnect's backward agrees with central finite differences (mask fixed)",
       functions=("dropconnect_forward", "dropconnect_backward"))
def check_dropconnect_gradients(impl, verify) -> None:
    """Directional central differences (:func:`dlproofs.gradcheck.directional_check`) of each
    argument in turn, with the mask fixed (the same seed every call)."""
    rng = np.random.default_rng(106)
    x, W, b = _inputs(rng, (5, 7)), _inputs(rng, (7, 3)), rng.standard_normal(3)
    p, seed = 0.3, 11
    c = rng.standard_normal((5, 3))

    def loss(x_, W_, b_):
        y, _ = impl.dropconnect_forward(x_, W_, b_, p, np.random.default_rng(seed))
        return float(np.sum(c * _array(y)))

    _, cache_ = impl.dropconnect_forward(x, W, b, p, np.random.default_rng(seed))
    grads = impl.dropconnect_backward(c, cache_)
    args = (x, W, b)
    for name, grad, arg in zip(("dx", "dW", "db"), grads, range(3), strict=True):
        for _ in range(3):
            v = rng.standard_normal(args[arg].shape)

            def loss_of_t(t, arg=arg, v=v):
                moved = list(args)
                moved[arg] = args[arg] + t * v
                return loss(*moved)

            try:
                directional_check(loss_of_t, [(grad, v)], subject=name,
                                  law=f"dropout.dropconnect.gradient.{name}")
            except AssertionError as exc:
                verify.fail("dropconnect_backward", str(exc),
                            claim=f"dropout.dropconnect.gradient.{name}")


# ------------------------------------------------------------- statistical


def _unit_sample(forward, p: float, n: int, seed: int) -> np.ndarray:
    """o/x for ``n`` independent units with inputs of both signs: x/(1-p) -> 1/(1-p), 0 -> 0."""
    rng = np.random.default_rng(seed)
    x = _inputs(rng, n)
    out, _ = forward(x, p, rng)
    return _array(out) / x


def mean_design(p: float) -> int:
    keep = 1 - p
    return stats.binomial_n(keep, MEAN_REL_ERROR * keep)


def variance_design(p: float) -> int:
    odds = p / (1 - p)
    return stats.binomial_n(1 - p, VAR_REL_ERROR * odds / abs(odds**2 - 1))


@check(claims=("dropout.inverted.keep_rate",),
       law="a unit is kept with probability 1 - p", functions=("dropout_forward",))
def check_kept_fraction(impl, verify) -> None:
    """The kept fraction is 1 - p: exact binomial test (dropout.inverted.keep_rate)."""
    p = P_LOW
    keep = float(oracle("dropout.inverted.keep_rate")(p=p))
    n = stats.binomial_n(keep, KEEP_ABS_ERROR)
    r = _unit_sample(impl.dropout_forward, p, n, seed=201)
    verify(stats.binomial_test(int(np.count_nonzero(r)), n, keep, abs_error=KEEP_ABS_ERROR),
           function="dropout_forward", where=f"p = {p}")


def mean_outcome(forward, p: float = P_LOW, seed: int = 202):
    """E[o/x] = 1: o/x is 1/(1-p) or 0, an exact binomial test."""
    n = mean_design(p)
    r = _unit_sample(forward, p, n, seed=seed)
    expected = float(oracle("dropout.inverted.mean")(x=1.0))
    return stats.two_point_mean_test(r, expected, low=0.0, high=1 / (1 - p),
                                     abs_error=MEAN_REL_ERROR * expected)


def variance_outcome(forward, p: float = P_HIGH, seed: int = 203):
    """Var[o/x] = p/(1-p): (o/x - 1)^2 is (p/(1-p))^2 or 1, an exact binomial test."""
    n = variance_design(p)
    r = _unit_sample(forward, p, n, seed=seed)
    expected = float(oracle("dropout.inverted.variance")(x=1.0, p=p))
    return stats.two_point_mean_test((r - 1) ** 2, expected, low=1.0,
                                     high=(p / (1 - p)) ** 2,
                                     abs_error=VAR_REL_ERROR * expected)


@check(claims=("dropout.inverted.mean",), law="E[o] = x", functions=("dropout_forward",))
def check_mean(impl, verify) -> None:
    """E[o/x] = 1 (dropout.inverted.mean): o/x is 1/(1-p) or 0, an exact binomial test."""
    verify(mean_outcome(impl.dropout_forward), function="dropout_forward", where=f"p = {P_LOW}")


@check(claims=("dropout.inverted.variance",), law="Var[o] = x^2 p/(1 - p)",
       functions=("dropout_forward",))
def check_variance(impl, verify) -> None:
    """Var[o/x] = p/(1-p) (dropout.inverted.variance): (o/x - 1)^2 is (p/(1-p))^2 or 1."""
    verify(variance_outcome(impl.dropout_forward), function="dropout_forward",
           where=f"p = {P_HIGH}")


def _linear_setup(p: float, seed: int, *, positive: bool = False):
    """Inputs and weights of a 4 -> 3 layer (non-square: a fan_in/fan_out swap shows), with
    the derived mean and variance of each output and the bounds of its deviation.
    ``positive``: all x_i W_ij > 0, so that masks correlated across units move sums the most."""
    rng = np.random.default_rng(seed)
    draw = (lambda shape: rng.uniform(0.5, 2.0, shape)) if positive else partial(_inputs, rng)
    x, W = draw(4), draw((4, 3))
    a = x[:, None] * W                             # a_ij = x_i W_ij
    mean = oracle("dropout.linear.mean")(x=x, W=W, n=x.size, j=columns(W))
    var = oracle("dropout.linear.variance")(x=x, W=W, n=x.size, j=columns(W), p=p)
    # y_j - E[y_j] = sum_i a_ij (D_i/(1-p) - 1): each term is a_ij p/(1-p) or -a_ij
    slack = 1e-9 * np.sum(np.abs(a), axis=0) / (1 - p)  # the bounds are attained: rounding room
    hi = np.sum(np.maximum(a * p / (1 - p), -a), axis=0) + slack
    lo = np.sum(np.minimum(a * p / (1 - p), -a), axis=0) - slack
    return rng, x, W, mean, var, lo, hi


@check(claims=("dropout.linear.mean", "dropout.ensemble.linear"),
       law="E[y_j] = sum_i x_i W_ij after dropout", functions=("dropout_forward",))
def check_linear_mean(impl, verify) -> None:
    """E[y] = x W after dropout (dropout.linear.mean, dropout.ensemble.linear): Hoeffding."""
    p = P_HIGH
    rng, x, W, mean, var, lo, hi = _linear_setup(p, seed=204)
    err = LINEAR_REL_ERROR * np.sqrt(var)
    n = max(stats.hoeffding_n(hi[j] - lo[j], err[j]) for j in range(W.shape[1]))
    out, _ = impl.dropout_forward(np.broadcast_to(x, (n, x.size)), p, rng)
    y = _array(out) @ W
    for j in range(W.shape[1]):
        verify(stats.hoeffding_mean_test(y[:, j], mean[j], low=mean[j] + lo[j],
                                         high=mean[j] + hi[j], abs_error=err[j]),
               function="dropout_forward", where=f"output {j}, p = {p}")


@check(claims=("dropout.linear.variance",), law="Var[y_j] = p/(1 - p) sum_i x_i^2 W_ij^2",
       functions=("dropout_forward",))
def check_linear_variance(impl, verify) -> None:
    """Var[y_j] = p/(1-p) sum_i x_i^2 W_ij^2 (dropout.linear.variance): Hoeffding on the
    bounded squared deviation (y_j - x W_j)^2 in [0, max(lo^2, hi^2)]."""
    p = P_HIGH
    rng, x, W, mean, var, lo, hi = _linear_setup(p, seed=205)
    bound = np.maximum(lo**2, hi**2)
    err = LINEAR_REL_ERROR * var
    n = max(stats.hoeffding_n(bound[j], err[j]) for j in range(W.shape[1]))
    out, _ = impl.dropout_forward(np.broadcast_to(x, (n, x.size)), p, rng)
    dev2 = (_array(out) @ W - mean) ** 2
    for j in range(W.shape[1]):
        verify(stats.hoeffding_mean_test(dev2[:, j], var[j], low=0.0, high=bound[j],
                                         abs_error=err[j]),
               function="dropout_forward", where=f"output {j}, p = {p}")


def channel_mean_variance(p: float) -> float:
    """dropout.spatial.channel_mean_variance for a channel whose input mean is 1."""
    return float(oracle("dropout.spatial.channel_mean_variance")(p=p, x=np.ones(2), n=2))


@check(claims=("dropout.spatial.channel_mean_variance",),
       law="Var[channel mean] = p/(1 - p) mean(x)^2", functions=("spatial_dropout_forward",))
def check_spatial_channel_mean_variance(impl, verify) -> None:
    """The channel mean is x̄/(1-p) or 0, so (m_c/x̄ - 1)^2 is two-valued with mean p/(1-p)
    (dropout.spatial.channel_mean_variance): exact binomial test."""
    p = P_HIGH
    n = variance_design(p)
    c = 8
    rng = np.random.default_rng(206)
    x = rng.uniform(0.5, 2.0, (math.ceil(n / c), c, 3, 3))  # one sign: a nonzero channel mean
    out, _ = impl.spatial_dropout_forward(x, p, rng)
    ratio = _array(out).mean(axis=(2, 3)) / x.mean(axis=(2, 3))
    expected = channel_mean_variance(p)
    verify(stats.two_point_mean_test((ratio - 1) ** 2, expected, low=1.0,
                                     high=(p / (1 - p)) ** 2,
                                     abs_error=VAR_REL_ERROR * expected),
           function="spatial_dropout_forward", where=f"p = {p}")


@check(claims=("dropout.dropconnect.covariance", "dropout.dropconnect.variance"),
       law="Cov[y_j, y_l] = 0 for DropConnect, so E[(y_j - y_l)^2] = 2 Var[y_j]",
       functions=("dropconnect_forward",))
def check_dropconnect_outputs_uncorrelated(impl, verify) -> None:
    """With identical weight columns, DropConnect's outputs are i.i.d. (independent masks per
    weight): Var[y_j - y_l] = 2 Var[y_j] (dropout.dropconnect.covariance, .variance), tested
    by Hoeffding on the bounded (y_j - y_l)^2."""
    p = P_LOW
    rng = np.random.default_rng(207)
    x = _inputs(rng, 3)
    w = _inputs(rng, 3)
    a = x * w
    var = float(oracle("dropout.dropconnect.variance")(x=x, W=w[:, None], n=x.size, j=1, p=p))
    # |y_j - y_l| <= sum_i |a_i| / (1 - p): the range of one output
    span = float(np.sum(np.abs(a)) / (1 - p))
    bound = span**2 * (1 + 1e-9)  # attainable: leave room for rounding
    err = LINEAR_REL_ERROR * 2 * var
    pairs = stats.hoeffding_n(bound, err)
    W = np.repeat(w[:, None], 2 * pairs, axis=1)
    y, _ = impl.dropconnect_forward(x[None, :], W, np.zeros(2 * pairs), p, rng)
    y = _array(y)
    diff2 = (y[0, 0::2] - y[0, 1::2]) ** 2
    verify(stats.hoeffding_mean_test(diff2, 2 * var, low=0.0, high=bound, abs_error=err),
           function="dropconnect_forward", where=f"p = {p}")


@check(claims=("dropout.bn_shift.train_variance",),
       law="Var_train[o] = (sigma2 + p mu^2)/(1 - p)", functions=("dropout_forward",))
def check_bn_shift(impl, verify) -> None:
    """Training variance of dropout's output for X ~ Uniform(1, 2): (sigma2 + p mu^2)/(1 - p)
    (dropout.bn_shift.train_variance), Hoeffding on the bounded (o - mu)^2."""
    p, lo, hi = P_LOW, 1.0, 2.0
    # the input law's moments: E[X] = (lo + hi)/2, Var[X] = (hi - lo)^2/12 (init.uniform.variance
    # with b = (hi - lo)/2)
    mu = (lo + hi) / 2
    sigma2 = float(oracle("init.uniform.variance")(b=(hi - lo) / 2))
    var = float(oracle("dropout.bn_shift.train_variance")(sigma2=sigma2, mu=mu, p=p))
    bound = max(mu**2, (hi / (1 - p) - mu) ** 2) * (1 + 1e-9)
    err = VAR_REL_ERROR * var
    n = stats.hoeffding_n(bound, err)
    rng = np.random.default_rng(208)
    x = rng.uniform(lo, hi, n)
    out, _ = impl.dropout_forward(x, p, rng)
    verify(stats.hoeffding_mean_test((_array(out) - mu) ** 2, var, low=0.0, high=bound,
                                     abs_error=err),
           function="dropout_forward", where=f"x ~ U({lo:g}, {hi:g}), p = {p}")


@check(claims=("dropout.inverted.fourth_moment", "dropout.inverted.kurtosis"),
       law="E[(o - x)^4] = x^4 p (p^3 + (1 - p)^3)/(1 - p)^3", functions=("dropout_forward",))
def check_fourth_moment(impl, verify) -> None:
    """E[(o/x - 1)^4] = p (p^3 + (1-p)^3)/(1-p)^3 (dropout.inverted.fourth_moment): the fourth
    power of the deviation is (p/(1-p))^4 or 1, an exact binomial test."""
    p = P_LOW
    odds = p / (1 - p)
    expected = float(oracle("dropout.inverted.fourth_moment")(x=1.0, p=p))
    n = stats.binomial_n(1 - p, VAR_REL_ERROR * expected / abs(odds**4 - 1))
    r = _unit_sample(impl.dropout_forward, p, n, seed=209)
    verify(stats.two_point_mean_test((r - 1) ** 4, expected, low=1.0, high=odds**4,
                                     abs_error=VAR_REL_ERROR * expected),
           function="dropout_forward", where=f"p = {p}")


@check(claims=("dropout.linear.covariance",),
       law="Cov[y_j, y_l] = p/(1 - p) sum_i x_i^2 W_ij W_il", functions=("dropout_forward",))
def check_linear_covariance(impl, verify) -> None:
    """Cov[y_0, y_1] = p/(1-p) sum_i x_i^2 W_i0 W_i1 (dropout.linear.covariance): Hoeffding on
    the bounded product of the deviations."""
    p = P_HIGH
    rng, x, W, mean, var, lo, hi = _linear_setup(p, seed=210, positive=True)
    cov = float(oracle("dropout.linear.covariance")(x=x, W=W, n=x.size, j=1, l=2, p=p))
    bound = max(abs(lo[0]), abs(hi[0])) * max(abs(lo[1]), abs(hi[1]))
    err = LINEAR_REL_ERROR * math.sqrt(var[0] * var[1])
    n = stats.hoeffding_n(2 * bound, err)
    out, _ = impl.dropout_forward(np.broadcast_to(x, (n, x.size)), p, rng)
    dev = _array(out) @ W - mean
    verify(stats.hoeffding_mean_test(dev[:, 0] * dev[:, 1], cov, low=-bound, high=bound,
                                     abs_error=err),
           function="dropout_forward", where=f"outputs 0 and 1, p = {p}")


@check(claims=("dropout.spatial.mean", "dropout.spatial.cross_channel_covariance"),
       law="channel means average to x, and two channels' masks are independent "
           "(both kept with probability (1 - p)^2)",
       functions=("spatial_dropout_forward",))
def check_spatial_mean_and_independence(impl, verify) -> None:
    """Channel means are x̄/(1-p) or 0 with mean x̄ (dropout.spatial.mean), and the masks of two
    channels are independent: both kept with probability (1-p)^2
    (dropout.spatial.cross_channel_covariance); exact binomial tests."""
    p = P_LOW
    keep2 = float(oracle("dropout.inverted.keep_rate")(p=p)) ** 2
    rows = max(math.ceil(mean_design(p) / 2), stats.binomial_n(keep2, 2 * KEEP_ABS_ERROR))
    rng = np.random.default_rng(211)
    x = rng.uniform(0.5, 2.0, (rows, 2, 2, 3))
    out, _ = impl.spatial_dropout_forward(x, p, rng)
    ratio = _array(out).mean(axis=(2, 3)) / x.mean(axis=(2, 3))
    verify(stats.two_point_mean_test(ratio, 1.0, low=0.0, high=1 / (1 - p),
                                     abs_error=MEAN_REL_ERROR),
           function="spatial_dropout_forward", where=f"p = {p}")
    both = int(np.count_nonzero((ratio[:, 0] != 0) & (ratio[:, 1] != 0)))
    verify(stats.binomial_test(both, ratio.shape[0], keep2, abs_error=2 * KEEP_ABS_ERROR),
           function="spatial_dropout_forward", where=f"channels 0 and 1 both kept, p = {p}",
           claim="dropout.spatial.cross_channel_covariance")


# ------------------------------------------------------------- the contract

_X2, _X4 = np.ones((3, 4)), np.ones((2, 3, 2, 2))
_W, _B = np.ones((4, 2)), np.zeros(2)

#: Bad arguments: (id, the argument, keyword overrides, the exception a careful
#: implementation raises: TypeError for a wrong kind of value, ValueError for a value out of range)
BAD_ARGUMENTS = [
    ("p-is-1", "p", {"p": 1.0}, ValueError),
    ("p-is-negative", "p", {"p": -0.1}, ValueError),
    ("p-is-nan", "p", {"p": math.nan}, ValueError),
    ("p-is-inf", "p", {"p": math.inf}, ValueError),
    ("p-is-a-string", "p", {"p": "0.5"}, TypeError),
    ("p-is-none", "p", {"p": None}, TypeError),
    ("p-is-a-bool", "p", {"p": True}, TypeError),
    ("rng-is-a-seed", "rng", {"rng": 0}, TypeError),
    ("rng-is-none", "rng", {"rng": None}, TypeError),
    ("rng-is-legacy-randomstate", "rng", {"rng": np.random.RandomState(0)}, TypeError),
    ("train-is-a-string", "train", {"train": "yes"}, TypeError),
    ("x-has-nan", "x", {"x": "nan"}, ValueError),
    ("x-is-strings", "x", {"x": "str"}, TypeError),
]

#: How each forward function is called with the arguments of a row.
FORWARDS = {
    "dropout_forward": lambda f, a: f(a["x"], a["p"], a["rng"], train=a["train"]),
    "spatial_dropout_forward": lambda f, a: f(a["x4"], a["p"], a["rng"], train=a["train"]),
    "dropconnect_forward": lambda f, a: f(a["x"], _W, _B, a["p"], a["rng"], train=a["train"]),
}


def bad_arguments(overrides: dict) -> dict:
    """Good arguments with the row's overrides (``x`` names a bad fill: nan or strings)."""
    args = {"x": _X2, "x4": _X4, "p": 0.3, "rng": np.random.default_rng(0), "train": True}
    for key, value in overrides.items():
        if key == "x":
            bad = {"nan": np.nan, "str": "a"}[value]
            args["x"] = np.full(_X2.shape, bad, dtype=object if value == "str" else float)
            args["x4"] = np.full(_X4.shape, bad, dtype=object if value == "str" else float)
        else:
            args[key] = value
    return args


@check(claims=("dropout.inverted.keep_rate",), kind="contract",
       law="a bad argument raises TypeError (wrong kind) or ValueError (out of range) naming it",
       functions=tuple(FORWARDS))
def check_bad_arguments(impl, verify) -> None:
    """Every forward refuses each bad p, rng, train and x with the right exception type and a
    message that names the argument (the wording is the implementation's own)."""
    for name, call in FORWARDS.items():
        function = getattr(impl, name)
        for _, argument, overrides, error in BAD_ARGUMENTS:
            args = bad_arguments(overrides)
            verify.refuses(name, lambda c=call, f=function, a=args: c(f, a),
                           argument=argument, error=error)
