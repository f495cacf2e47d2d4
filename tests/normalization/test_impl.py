"""Normalisation implementation tests beyond the registered checks of ``checks.py``.

The registered checks (backward against the derivation and finite
differences, the consequences, running statistics, inference and folding)
run in ``tests/test_conformance.py``; here: the report's agreement plot, the
documented blind spots of single checks, slide 004's corrected backward pass,
and numerical robustness (constant batches, inputs far from zero).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from dlproofs import stats
from dlproofs.checks import CHECKS, WRONG, Bound, apply_variant
from tests.normalization import checks as cb
from tests.normalization.wrong import SLIDE004_CORRECTED

#: "No eps" as a positive number: the math holds at eps = 0, but PyTorch refuses eps <= 0 in
#: training (its contract, not a law); 1e-300 changes no result beyond rounding.
TINY_EPS = 1e-300


@pytest.fixture
def reference(impl):
    """Tests of the checks themselves (variants overlaid on the reference's other layers)."""
    if not impl.is_reference:
        pytest.skip("a test of the checks: the variants fill in the reference's other layers")
    return impl


@pytest.mark.parametrize("kind", [pytest.param(k, id=k, marks=pytest.mark.claim(
    cb._DX_CLAIM[k[:2]], "bn.backward.dgamma", "bn.backward.dbeta")) for k in cb.KINDS])
def test_finite_difference_agreement_is_recorded_for_the_report(impl, kind, verify):
    layer = cb.make_layer(impl, kind, {"bn2d": (6, 3, 0), "bn4d": (2, 3, 2, 3, 0),
                                       "ln": (4, 6, 0), "gn": (3, 4, 2, 2, 2)}[kind])
    rng, x, gamma, beta, _ = cb.draw_inputs(layer, 20261121)
    analytic, numeric = cb.finite_differences(layer, x, gamma, beta, 1e-3, rng, directions=12)
    verify.note(figure="bn.gradcheck", series=layer.label, x=analytic, y=numeric, diagonal=True,
                title="Backward pass against central finite differences",
                xlabel="<backward(c), v>  (analytic)", ylabel="<c, df/dx v>  (finite differences)")


@pytest.mark.claim("bn.slide004.dxhat", "bn.slide004.dvar", "bn.slide004.dmu_harmless",
                   "bn.backward.dx")
def test_slide_004_backward_with_m_in_the_dx_step_is_the_true_gradient(reference):
    # its dl/dmu keeps the slide's m - 1, which multiplies sum_i (x_i - mu) = 0
    CHECKS["bn.backward_oracle"](apply_variant(reference, _as_variant(SLIDE004_CORRECTED)))


def _as_variant(namespace):
    from dlproofs.checks import Wrong
    return Wrong("slide004_corrected", "bn", "slide 004 with m in the dx step",
                 vars(namespace))


@pytest.mark.claim("bn.consequences.sum_dx")
@pytest.mark.parametrize("variant", ["m_minus_1", "missing_term"])
def test_a_zero_sum_dx_does_not_prove_the_backward_right_so_other_checks_are_needed(reference,
                                                                                    variant):
    # slide 004's m - 1 and the missing variance path both keep sum_i dx_i = 0
    CHECKS["bn.sum_dx"](apply_variant(reference, WRONG[variant]))
    # the oracle rejects them: test_conformance runs every check a variant names
    assert "bn.backward_oracle" in WRONG[variant].rejected_by


@pytest.mark.claim("bn.consequences.weight_scale_grad")
def test_without_eps_the_output_ignores_the_weight_scale(impl):
    rng = np.random.default_rng(7)
    inputs, W = rng.standard_normal((8, 4)), rng.standard_normal((4, 3))
    gamma, beta = rng.uniform(0.5, 2, 3), rng.standard_normal(3)
    y1, _ = impl.batchnorm_forward(inputs @ W, gamma, beta, eps=TINY_EPS)
    y2, _ = impl.batchnorm_forward(inputs @ (10.0 * W), gamma, beta, eps=TINY_EPS)
    np.testing.assert_allclose(y2, y1, rtol=1e-12, atol=1e-12)


@pytest.mark.claim("bn.inference.affine", "bn.running.steady_state")
def test_inference_with_the_batch_statistics_reproduces_training_mode(impl):
    rng = np.random.default_rng(3)
    x = rng.normal(2, 3, (9, 4))
    gamma, beta = rng.uniform(0.5, 2, 4), rng.standard_normal(4)
    y_train, _ = impl.batchnorm_forward(x, gamma, beta, eps=1e-3)
    y_eval = impl.batchnorm_inference(x, gamma, beta, x.mean(0), x.var(0), eps=1e-3)
    np.testing.assert_allclose(y_eval, y_train, rtol=1e-12, atol=1e-12)


@pytest.mark.claim("bn.running.unbiased_var")
def test_the_monte_carlo_design_has_the_power_it_claims():
    w, n = cb.running_var_design()
    # the band of the null excludes the expectations of both alternatives, sigma2 (1 -+ 1/m)
    lo, hi = stats._chernoff_band(w, n * (cb.MC_BATCH - 1), stats.ALPHA)
    assert (1 - cb.MC_REL_ERROR) * w.sum() < lo < w.sum() < hi < (1 + cb.MC_REL_ERROR) * w.sum()
    with pytest.raises(stats.DesignError, match="needs n >="):
        cb.running_var_outcome(lambda *a, **k: a[:2], np.random.default_rng(0), replicates=n - 1)


@pytest.mark.claim("bn.forward.mean_zero", "bn.backward.dx")
@pytest.mark.parametrize("name", ["batchnorm", "layernorm", "groupnorm"])
def test_a_constant_batch_gives_finite_outputs_and_gradients(impl, name):
    x = np.full((4, 3, 2, 2), 7.0)
    ones3, zeros3 = np.ones(3), np.zeros(3)
    args = (np.ones(x.shape[1:]), np.zeros(x.shape[1:])) if name == "layernorm" else (ones3,
                                                                                      zeros3)
    extra = (3,) if name == "groupnorm" else ()
    y, cache = getattr(impl, f"{name}_forward")(x, *args, *extra)
    grads = getattr(impl, f"{name}_backward")(np.random.default_rng(0).standard_normal(x.shape),
                                               cache)
    assert np.all(np.asarray(y) == 0.0)  # beta = 0: every value equals its mean
    assert all(np.all(np.isfinite(g)) for g in grads)


@pytest.mark.claim("bn.forward.mean_zero")
def test_scale_1e6_inputs_keep_full_float64_accuracy(impl):
    rng = np.random.default_rng(2)
    x = 1e6 * (1.0 + rng.standard_normal((32, 2)))
    y, _ = impl.batchnorm_forward(x, np.ones(2), np.zeros(2), eps=TINY_EPS)
    want = (x - x.mean(0)) / x.std(0)
    np.testing.assert_allclose(y, want, rtol=1e-10, atol=1e-10)


@pytest.mark.claim("bn.forward.mean_zero", "bn.forward.second_moment")
@given(offset=st.floats(-100, 100), spread=st.floats(1e-6, 1.0), m=st.integers(2, 32),
       eps=cb.EPS, seed=cb.SEEDS)
# the thorough profile's false alarm: values near 5 that differ by ~1e-3 have a mean of xhat
# of 1.4e-13, where a bound relative to |xhat| allowed 3e-17
@example(offset=5.0, spread=1e-3, m=2, eps=1e-5, seed=75)
@example(offset=5.0, spread=1e-4, m=3, eps=1e-5, seed=233)
def test_the_mean_of_xhat_is_zero_to_the_rounding_of_an_input_large_against_its_spread(
        impl, offset, spread, m, eps, seed):
    # the forward-moments check's own law, on groups whose values share a large offset
    x = offset + spread * np.random.default_rng(seed).standard_normal((m, 2))
    layer = cb.make_layer(impl, "bn2d", (m, 2, 0))
    cb.forward_moments(layer, x, eps, Bound(CHECKS["bn.forward_moments"], impl.label))


@pytest.mark.claim("bn.groupnorm.backward")
def test_instance_norm_is_group_norm_with_one_channel_per_group(impl):
    rng = np.random.default_rng(5)
    x = rng.standard_normal((2, 3, 2, 2))
    gamma, beta = rng.uniform(0.5, 2, 3), rng.standard_normal(3)
    y_in, _ = impl.instancenorm_forward(x, gamma, beta)
    y_gn, _ = impl.groupnorm_forward(x, gamma, beta, 3)
    xhat = (x - x.mean((2, 3), keepdims=True)) / np.sqrt(x.var((2, 3), keepdims=True) + 1e-5)
    # two kernels for one formula may round differently: a few units in the last place
    np.testing.assert_allclose(y_in, y_gn, rtol=0, atol=cb.ROUNDING)
    np.testing.assert_allclose(y_in, gamma[:, None, None] * xhat + beta[:, None, None],
                               rtol=1e-12, atol=1e-12)
