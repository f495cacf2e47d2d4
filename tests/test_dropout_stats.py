"""Distributional claims of dropout, tested with sized exact or distribution-free tests.

Per-unit outputs are two-valued, so their mean, variance and fourth moment
are tested exactly by the binomial law; linear-layer outputs are bounded, so
Hoeffding's inequality.  No Gaussian chi-square band: dropout outputs are
far from Gaussian (a two-point law), and the band's false-alarm rate would
be about ten times its nominal alpha.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from derivations import claim
from tests import checks_dropout as cd

claim_ = pytest.mark.claim


@claim_("dropout.inverted.keep_rate")
def test_kept_fraction_is_one_minus_p_by_an_exact_binomial_test(impl, verify):
    cd.check_kept_fraction(impl, "impl.dropout_forward", verify)


@claim_("dropout.inverted.mean", "dropout.inverted.variance")
def test_output_mean_is_x_and_variance_is_x2_p_over_1_minus_p_exactly_binomial(impl, verify):
    cd.check_mean(impl, "impl.dropout_forward", verify)
    cd.check_variance(impl, "impl.dropout_forward", verify)


@claim_("dropout.inverted.mean", "dropout.inverted.variance")
def test_mean_and_variance_hold_for_drawn_rates_and_seeds(impl, verify):
    forward = impl.dropout_forward
    module = SimpleNamespace(dropout_forward=forward)

    # p away from 0.5: there (p/(1-p))^2 = 1 and the squared deviation is no longer two-valued
    @given(p=st.one_of(st.floats(0.05, 0.4), st.floats(0.6, 0.9)), seed=st.integers(0, 2**31))
    def run(p, seed):
        cd.check_mean(module, "impl.dropout_forward", verify, p=p, seed=seed)
        cd.check_variance(module, "impl.dropout_forward", verify, p=p, seed=seed + 1)

    run()


@claim_("dropout.inverted.mean", "dropout.inverted.variance")
def test_empirical_mean_and_variance_follow_the_derivation_across_p(impl, verify):
    ps = [0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9]
    rng = np.random.default_rng(300)
    means, variances = [], []
    for p in ps:
        x = np.ones(20_000)
        out, _ = impl.dropout_forward(x, p, rng)
        means.append(float(out.mean()))
        variances.append(float(np.mean((out - 1) ** 2)))
    var = claim("dropout.inverted.variance").oracle()
    labels = {"title": "Inverted dropout of x = 1: measured against derived moments",
              "xlabel": "drop probability p", "ylabel": "E[o]  and  E[(o - x)^2]"}
    verify.note(figure="dropout.distribution", series="mean of o (x = 1)", x=ps, y=means,
                predicted=[1.0] * len(ps), **labels)
    verify.note(figure="dropout.distribution", series="variance of o (x = 1)", x=ps,
                y=variances, predicted=[float(var(x=1.0, p=p)) for p in ps], **labels)
    # the plot is not the test: the sized tests run at p = 0.2 and 0.7 above


@claim_("dropout.inverted.fourth_moment", "dropout.inverted.kurtosis")
def test_fourth_central_moment_matches_the_derivation_exactly_binomial(impl, verify):
    cd.check_fourth_moment(impl, "impl.dropout_forward", verify)


@claim_("dropout.classic.test_scale")
def test_classic_training_output_averages_to_the_keep_probability_times_x(impl, verify):
    # classic dropout's training output is D x = (1 - p) * inverted output: two-valued {0, x}
    from dlproofs import stats
    p = cd.P_LOW
    expected = float(claim("dropout.classic.test_scale").oracle()(x=1.0, p=p))
    n = stats.binomial_n(1 - p, cd.MEAN_REL_ERROR * expected)
    rng = np.random.default_rng(301)
    x = rng.uniform(0.5, 2.0, n)
    out, _ = impl.dropout_forward(x, p, rng)
    outcome = stats.two_point_mean_test(out * (1 - p) / x, expected, low=0.0, high=1.0,
                                        abs_error=cd.MEAN_REL_ERROR * expected)
    verify(outcome, subject="impl.dropout_forward",
           law="dropout.classic.test_scale (E[D x] = (1 - p) x)")


@claim_("dropout.linear.mean", "dropout.ensemble.linear")
def test_linear_layer_after_dropout_has_mean_x_w_by_hoeffding(impl, verify):
    cd.check_linear_mean(impl, "impl.dropout_forward", verify)


@claim_("dropout.linear.variance")
def test_linear_layer_after_dropout_has_the_derived_variance_by_hoeffding(impl, verify):
    cd.check_linear_variance(impl, "impl.dropout_forward", verify)


@claim_("dropout.linear.covariance")
def test_outputs_sharing_dropped_inputs_covary_as_derived(impl, verify):
    cd.check_linear_covariance(impl, "impl.dropout_forward", verify)


@claim_("dropout.spatial.channel_mean_variance")
def test_spatial_channel_mean_keeps_the_full_variance_exactly_binomial(impl, verify):
    cd.check_spatial_channel_mean_variance(impl, "impl.spatial_dropout_forward", verify)


@claim_("dropout.spatial.mean", "dropout.spatial.cross_channel_covariance")
def test_spatial_channels_keep_their_mean_and_are_dropped_independently(impl, verify):
    cd.check_spatial_mean_and_independence(impl, "impl.spatial_dropout_forward", verify)


@claim_("dropout.spatial.elementwise_channel_mean_variance")
def test_elementwise_dropout_averages_the_channel_noise_away(impl, verify):
    from dlproofs import stats
    p, k = cd.P_HIGH, 6
    rng = np.random.default_rng(302)
    xc = rng.uniform(0.5, 2.0, k)
    var = float(cd._layer_oracle("dropout.spatial.elementwise_channel_mean_variance", k, 0)(
        p, *xc, *np.zeros(k)))
    spatial = float(cd._oracle_cmv(p)) * xc.mean() ** 2
    bound = (np.sum(xc) / (k * (1 - p))) ** 2 * (1 + 1e-9)
    err = cd.VAR_REL_ERROR * var * 4
    n = stats.hoeffding_n(bound, err)
    out, _ = impl.dropout_forward(np.broadcast_to(xc, (n, k)), p, rng)
    outcome = stats.hoeffding_mean_test((out.mean(axis=1) - xc.mean()) ** 2, var, low=0.0,
                                        high=bound, abs_error=err)
    verify(outcome, subject="impl.dropout_forward",
           law="dropout.spatial.elementwise_channel_mean_variance")
    assert var < spatial / 2, "element-wise dropout should average the channel noise down"


@claim_("dropout.dropconnect.variance", "dropout.dropconnect.covariance")
def test_dropconnect_outputs_have_the_derived_variance_and_no_correlation(impl, verify):
    cd.check_dropconnect_outputs_uncorrelated(impl, "impl.dropconnect_forward", verify)


@claim_("dropout.bn_shift.train_variance", "dropout.bn_shift.ratio", "dropout.bn_shift.mean")
def test_batch_norm_after_dropout_sees_the_derived_training_variance(impl, verify):
    cd.check_bn_shift(impl, "impl.dropout_forward", verify)
    p, mu, sigma2 = cd.P_LOW, 1.5, 1 / 12
    ratio = claim("dropout.bn_shift.ratio").oracle()(sigma2=sigma2, mu=mu, p=p)
    train = claim("dropout.bn_shift.train_variance").oracle()(sigma2=sigma2, mu=mu, p=p)
    assert ratio == pytest.approx(sigma2 / train, rel=1e-12) and ratio < 1
