"""Exact identities of dropout, spatial dropout and DropConnect, checked without sampling."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from derivations import claim
from tests import checks_dropout as cd

claim_ = pytest.mark.claim


@claim_("dropout.inverted.kept_value")
def test_every_kept_output_equals_x_over_keep_probability_and_the_rest_are_zero(impl):
    cd.check_kept_values(impl, impl.label)


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
        kept = out != 0
        np.testing.assert_allclose(out[kept], x[kept] / (1 - p), rtol=cd.ROUNDING, atol=0)
        dout = rng.standard_normal(shape)
        np.testing.assert_allclose(backward(dout, cache), np.where(kept, dout / (1 - p), 0.0),
                                   rtol=cd.ROUNDING, atol=0)

    run()


@claim_("dropout.inverted.mean", "dropout.spatial.mean", "dropout.dropconnect.mean",
        "dropout.bn_shift.test_variance")
def test_evaluation_mode_and_p_zero_are_the_identity_without_drawing_random_numbers(impl):
    cd.check_identity(impl, impl.label)


@claim_("dropout.gradient.dx")
def test_backward_multiplies_by_the_forwards_mask_and_scale(impl):
    cd.check_backward_uses_mask(impl, impl.label)


@claim_("dropout.gradient.classic")
def test_classic_backward_is_the_inverted_one_times_the_keep_probability(impl):
    rng = np.random.default_rng(5)
    p = cd.P_LOW
    x = rng.uniform(0.5, 2.0, (30, 7))
    out, cache = impl.dropout_forward(x, p, rng)
    dout = rng.standard_normal(x.shape)
    mask = (out != 0).astype(float)
    classic = claim("dropout.gradient.classic").oracle()(D=mask, dout=dout)
    np.testing.assert_allclose(impl.dropout_backward(dout, cache) * (1 - p), classic,
                               rtol=cd.ROUNDING, atol=1e-15)


@claim_("dropout.spatial.correlation", "dropout.spatial.mean")
def test_spatial_masks_are_constant_within_each_channel_and_reused_by_the_backward(impl):
    cd.check_spatial_masks(impl, impl.label)


@claim_("dropout.dropconnect.mean")
def test_dropconnect_computes_x_times_the_masked_scaled_weights_plus_b(impl):
    cd.check_dropconnect_values(impl, impl.label)


@claim_("dropout.dropconnect.gradient.dx", "dropout.dropconnect.gradient.dW",
        "dropout.dropconnect.gradient.db")
def test_dropconnect_gradients_match_directional_finite_differences_with_the_mask_fixed(impl):
    cd.check_dropconnect_gradients(impl, impl.label)


@claim_("dropout.inverted.kurtosis")
def test_kurtosis_claim_matches_the_two_valued_law_exactly():
    import sympy as sp

    from derivations.dropout.common import p as p_sym
    for p in (sp.Rational(1, 5), sp.Rational(7, 10), sp.Rational(1, 20)):
        q = 1 - p
        # o/x - 1 is p/q with probability q and -1 with probability p
        m2 = q * (p / q) ** 2 + p
        m4 = q * (p / q) ** 4 + p
        assert claim("dropout.inverted.kurtosis").rhs.subs(p_sym, p) == m4 / m2**2
