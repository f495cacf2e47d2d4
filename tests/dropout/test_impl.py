"""Dropout implementation tests beyond the registered checks of ``checks.py``.

Hypothesis draws shapes, rates and seeds for the exact identities, and rates
and seeds for the exact binomial tests of the mean and variance; the rest are
the classic-dropout relations and the report's figure of the moments across p.
(The registered checks run against the implementation in
``tests/test_conformance.py``.)
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlproofs import stats
from dlproofs.oracles import oracle
from tests.dropout import checks as cd

claim_ = pytest.mark.claim


@claim_("dropout.inverted.kept_value", "dropout.gradient.dx")
def test_kept_values_and_backward_hold_for_drawn_shapes_rates_and_seeds(impl):
    forward, backward = impl.dropout_forward, impl.dropout_backward

    @given(shape=st.lists(st.integers(1, 6), min_size=1, max_size=4),
           p=st.floats(0.01, 0.95).filter(lambda v: abs(v - 0.5) > 0.01),
           seed=st.integers(0, 2**32 - 1))
    def run(shape, p, seed):
        rng = np.random.default_rng(seed)
        x = rng.uniform(0.5, 2.0, shape) * rng.choice([-1.0, 1.0], shape)
        out, cache = forward(x, p, rng)
        out = np.asarray(out, dtype=np.float64)
        kept = out != 0
        np.testing.assert_allclose(out[kept], x[kept] / (1 - p), rtol=cd.ROUNDING, atol=0)
        dout = rng.standard_normal(shape)
        np.testing.assert_allclose(backward(dout, cache), np.where(kept, dout / (1 - p), 0.0),
                                   rtol=cd.ROUNDING, atol=0)

    run()


@claim_("dropout.gradient.classic")
def test_classic_backward_is_the_inverted_one_times_the_keep_probability(impl):
    rng = np.random.default_rng(5)
    p = cd.P_LOW
    x = rng.uniform(0.5, 2.0, (30, 7))
    out, cache = impl.dropout_forward(x, p, rng)
    dout = rng.standard_normal(x.shape)
    mask = (np.asarray(out) != 0).astype(float)
    classic = oracle("dropout.gradient.classic")(D=mask, dout=dout)
    np.testing.assert_allclose(np.asarray(impl.dropout_backward(dout, cache)) * (1 - p), classic,
                               rtol=cd.ROUNDING, atol=1e-15)


@claim_("dropout.inverted.kurtosis")
def test_kurtosis_claim_matches_the_two_valued_law_exactly():
    import sympy as sp

    from derivations import claim
    from derivations.dropout.common import p as p_sym
    for p in (sp.Rational(1, 5), sp.Rational(7, 10), sp.Rational(1, 20)):
        q = 1 - p
        # o/x - 1 is p/q with probability q and -1 with probability p
        m2 = q * (p / q) ** 2 + p
        m4 = q * (p / q) ** 4 + p
        assert claim("dropout.inverted.kurtosis").rhs.subs(p_sym, p) == m4 / m2**2


@claim_("dropout.inverted.mean", "dropout.inverted.variance")
def test_mean_and_variance_hold_for_drawn_rates_and_seeds(impl, verify):
    forward = impl.dropout_forward

    # p away from 0.5: there (p/(1-p))^2 = 1 and the squared deviation is no longer two-valued
    @given(p=st.one_of(st.floats(0.05, 0.4), st.floats(0.6, 0.9)), seed=st.integers(0, 2**31))
    def run(p, seed):
        verify(cd.mean_outcome(forward, p=p, seed=seed), subject=f"{impl.label}: dropout_forward",
               law="E[o] = x (dropout.inverted.mean)")
        verify(cd.variance_outcome(forward, p=p, seed=seed + 1),
               subject=f"{impl.label}: dropout_forward",
               law="Var[o] = x^2 p/(1 - p) (dropout.inverted.variance)")

    run()


@claim_("dropout.inverted.mean", "dropout.inverted.variance")
def test_empirical_mean_and_variance_follow_the_derivation_across_p(impl, verify):
    ps = [0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9]
    rng = np.random.default_rng(300)
    means, variances = [], []
    for p in ps:
        out, _ = impl.dropout_forward(np.ones(20_000), p, rng)
        out = np.asarray(out, dtype=np.float64)
        means.append(float(out.mean()))
        variances.append(float(np.mean((out - 1) ** 2)))
    var = oracle("dropout.inverted.variance")
    labels = {"title": "Inverted dropout of x = 1: measured against derived moments",
              "xlabel": "drop probability p", "ylabel": "E[o]  and  E[(o - x)^2]"}
    verify.note(figure="dropout.distribution", series="mean of o (x = 1)", x=ps, y=means,
                predicted=[float(oracle("dropout.inverted.mean")(x=1.0))] * len(ps), **labels)
    verify.note(figure="dropout.distribution", series="variance of o (x = 1)", x=ps,
                y=variances, predicted=[float(var(x=1.0, p=p)) for p in ps], **labels)
    # the plot is not the test: the sized tests run at p = 0.2 and 0.7 (checks.py)


@claim_("dropout.classic.test_scale")
def test_classic_training_output_averages_to_the_keep_probability_times_x(impl, verify):
    # classic dropout's training output is D x = (1 - p) * inverted output: two-valued {0, x}
    p = cd.P_LOW
    expected = float(oracle("dropout.classic.test_scale")(x=1.0, p=p))
    n = stats.binomial_n(1 - p, cd.MEAN_REL_ERROR * expected)
    rng = np.random.default_rng(301)
    x = rng.uniform(0.5, 2.0, n)
    out, _ = impl.dropout_forward(x, p, rng)
    outcome = stats.two_point_mean_test(np.asarray(out) * (1 - p) / x, expected, low=0.0,
                                        high=1.0, abs_error=cd.MEAN_REL_ERROR * expected)
    verify(outcome, subject=f"{impl.label}: dropout_forward",
           law="dropout.classic.test_scale (E[D x] = (1 - p) x)")


@claim_("dropout.spatial.elementwise_channel_mean_variance")
def test_elementwise_dropout_averages_the_channel_noise_away(impl, verify):
    p, k = cd.P_HIGH, 6
    rng = np.random.default_rng(302)
    xc = rng.uniform(0.5, 2.0, k)
    var = float(oracle("dropout.spatial.elementwise_channel_mean_variance")(x=xc, n=k, p=p))
    spatial = cd.channel_mean_variance(p) * xc.mean() ** 2
    bound = (np.sum(xc) / (k * (1 - p))) ** 2 * (1 + 1e-9)
    err = cd.VAR_REL_ERROR * var * 4
    n = stats.hoeffding_n(bound, err)
    out, _ = impl.dropout_forward(np.broadcast_to(xc, (n, k)), p, rng)
    outcome = stats.hoeffding_mean_test((np.asarray(out).mean(axis=1) - xc.mean()) ** 2, var,
                                        low=0.0, high=bound, abs_error=err)
    verify(outcome, subject=f"{impl.label}: dropout_forward",
           law="dropout.spatial.elementwise_channel_mean_variance")
    assert var < spatial / 2, "element-wise dropout should average the channel noise down"


@claim_("dropout.bn_shift.ratio", "dropout.bn_shift.train_variance")
def test_the_bn_shift_ratio_is_the_test_variance_over_the_training_variance():
    p, mu = cd.P_LOW, 1.5
    sigma2 = float(oracle("init.uniform.variance")(b=0.5))
    ratio = oracle("dropout.bn_shift.ratio")(sigma2=sigma2, mu=mu, p=p)
    train = oracle("dropout.bn_shift.train_variance")(sigma2=sigma2, mu=mu, p=p)
    assert ratio == pytest.approx(sigma2 / train, rel=1e-12) and ratio < 1
