"""The consequences of the backward formula hold as exact properties of every normalisation."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests import checks_bn as cb
from tests.test_bn_backward import EPS, KINDS, SEEDS, draw_inputs, make_layer, shapes


@pytest.fixture(scope="session")
def lib(impl):
    return cb.Lazy(impl)


def per_kind(*claims: str):
    return [pytest.param(k, id=k, marks=pytest.mark.claim(*claims)) for k in KINDS]


@pytest.mark.parametrize("kind", per_kind("bn.consequences.sum_dx"))
@given(data=st.data(), eps=EPS, seed=SEEDS)
def test_input_gradient_sums_to_zero_in_every_group(lib, kind, data, eps, seed):
    layer = make_layer(lib, kind, data.draw(shapes(kind)))
    _, x, gamma, beta, dy = draw_inputs(layer, seed)
    cb.check_sum_dx(layer, x, gamma, beta, eps, dy)


@pytest.mark.parametrize("kind", per_kind("bn.consequences.sum_dx_xhat"))
@given(data=st.data(), eps=EPS, seed=SEEDS)
def test_input_gradient_against_xhat_is_eps_over_root_cubed_times_dgamma(lib, kind, data, eps,
                                                                         seed):
    layer = make_layer(lib, kind, data.draw(shapes(kind)))
    _, x, gamma, beta, dy = draw_inputs(layer, seed)
    cb.check_sum_dx_xhat(layer, x, gamma, beta, eps, dy)


@pytest.mark.parametrize("kind", per_kind("bn.forward.mean_zero", "bn.forward.second_moment",
                                          "bn.forward.sum_x", "bn.forward.sum_sq"))
@given(data=st.data(), eps=EPS, seed=SEEDS)
def test_normalised_values_have_mean_zero_and_mean_square_below_one(lib, kind, data, eps, seed):
    layer = make_layer(lib, kind, data.draw(shapes(kind)))
    _, x, *_ = draw_inputs(layer, seed)
    cb.check_forward_moments(layer, x, eps)


@pytest.mark.parametrize("kind", per_kind("bn.consequences.affine_input"))
@given(data=st.data(), eps=EPS, seed=SEEDS, a=st.floats(0.01, 100.0), b=st.floats(-50, 50))
def test_affine_input_is_normalised_like_x_with_eps_divided_by_a_squared(lib, kind, data, eps,
                                                                        seed, a, b):
    layer = make_layer(lib, kind, data.draw(shapes(kind)))
    _, x, gamma, beta, _ = draw_inputs(layer, seed)
    cb.check_affine_input(layer, x, gamma, beta, eps, a, b)


@pytest.mark.claim("bn.consequences.weight_scale_grad", "bn.consequences.affine_input")
@given(seed=SEEDS, k=st.floats(0.05, 20.0), eps=EPS)
def test_scaling_the_weights_by_k_keeps_the_output_and_divides_their_gradient_by_k(lib, seed, k,
                                                                                   eps):
    layer = cb.batchnorm_layers(lib)[0].with_shape((6, 3))
    rng = np.random.default_rng(seed)
    inputs, W = rng.standard_normal((6, 4)), rng.standard_normal((4, 3))
    gamma, beta = rng.uniform(0.5, 2, 3), rng.standard_normal(3)
    cb.check_weight_scaling(layer, inputs, W, gamma, beta, eps, rng.standard_normal((6, 3)), k)


@pytest.mark.claim("bn.consequences.weight_scale_grad")
def test_without_eps_the_output_ignores_the_weight_scale_exactly(lib):
    rng = np.random.default_rng(7)
    inputs, W = rng.standard_normal((8, 4)), rng.standard_normal((4, 3))
    gamma, beta = rng.uniform(0.5, 2, 3), rng.standard_normal(3)
    y1, _ = lib.batchnorm_forward(inputs @ W, gamma, beta, eps=0.0)
    y2, _ = lib.batchnorm_forward(inputs @ (10.0 * W), gamma, beta, eps=0.0)
    np.testing.assert_allclose(y2, y1, rtol=1e-12, atol=1e-12)
