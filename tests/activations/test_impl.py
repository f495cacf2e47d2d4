"""Exact identities of the activations implementation, drawn by hypothesis.

Hypothesis draws the inputs; every expected value is a proved claim's oracle.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from dlproofs.oracles import oracle

finite = arrays(np.float64, st.integers(1, 16), elements=st.floats(-60, 60))


@pytest.mark.claim("act.tanh.via_sigmoid")
@given(x=finite)
def test_tanh_is_twice_the_sigmoid_of_twice_x_minus_one(impl, x):
    t, _ = impl.tanh_forward(x)
    s, _ = impl.sigmoid_forward(2 * x)
    assert np.allclose(t, 2 * s - 1, rtol=0, atol=4e-16)
    assert np.allclose(t, oracle("act.tanh.via_sigmoid")(x=np.clip(x, -300, 300)), atol=4e-16)


@pytest.mark.claim("act.sigmoid.gap", "act.tanh.gap", "act.sigmoid.max", "act.tanh.max")
@given(x=finite)
def test_sigmoid_slope_never_exceeds_a_quarter_and_tanh_slope_one(impl, x):
    _, cache = impl.sigmoid_forward(x)
    ds = impl.sigmoid_backward(np.ones_like(x), cache)
    _, cache = impl.tanh_forward(x)
    dt = impl.tanh_backward(np.ones_like(x), cache)
    assert np.all(ds <= float(oracle("act.sigmoid.max")()) + 1e-17)
    assert np.all(dt <= float(oracle("act.tanh.max")()) + 1e-16)
    assert np.all(ds >= 0) and np.all(dt >= 0)


@pytest.mark.claim("act.elu.derivative_from_output")
@given(x=arrays(np.float64, st.integers(1, 16), elements=st.floats(-30, 0)),
       alpha=st.floats(0.1, 3.0))
def test_elu_slope_on_the_left_is_the_output_plus_alpha(impl, x, alpha):
    out, cache = impl.elu_forward(x, alpha=alpha)
    dx = impl.elu_backward(np.ones_like(x), cache)
    assert np.allclose(dx, out + alpha, rtol=1e-14, atol=1e-15)


@pytest.mark.claim("act.leaky.linear_at_one")
@given(x=finite)
def test_leaky_relu_with_slope_one_is_the_identity(impl, x):
    out, _ = impl.leaky_relu_forward(x, negative_slope=1.0)
    assert np.array_equal(out, x)


@pytest.mark.claim("act.sigmoid.mean", "act.tanh.mean")
@given(x=finite)
def test_sigmoid_of_x_and_minus_x_sum_to_one_and_tanh_is_odd(impl, x):
    s1, _ = impl.sigmoid_forward(x)
    s2, _ = impl.sigmoid_forward(-x)
    assert np.allclose(s1 + s2, 1.0, rtol=0, atol=4.5e-16)  # two roundings of 1 ulp/2
    t1, _ = impl.tanh_forward(x)
    t2, _ = impl.tanh_forward(-x)
    assert np.array_equal(t1, -t2)


@pytest.mark.claim("act.backprop.chain_w1", "act.backprop.grad_w2")
@given(seed=st.integers(0, 2**32 - 1), m=st.integers(1, 5), k=st.integers(1, 4))
def test_network_gradients_are_the_shared_factor_times_the_layer_input(impl, seed, m, k):
    rng = np.random.default_rng(seed)
    X, W1 = rng.normal(size=(m, 3)), rng.normal(size=(3, k))
    W2, y = rng.normal(size=(k, 2)), rng.normal(size=(m, 2))
    loss, cache = impl.two_layer_forward(X, W1, W2, y, activation="tanh")
    dX, dW1, dW2 = impl.two_layer_backward(1.0, cache)
    a, _ = impl.tanh_forward(X @ W1)
    delta = a @ W2 - y  # dL/dyhat, shared by both layers
    assert np.allclose(dW2, a.T @ delta, rtol=1e-13, atol=1e-13)
    _, tanh_cache = impl.tanh_forward(X @ W1)
    dz = impl.tanh_backward(delta @ W2.T, tanh_cache)  # the hidden layer's shared factor
    assert np.allclose(dW1, X.T @ dz, rtol=1e-13, atol=1e-13)  # X, not W1 (the erratum)
    assert np.allclose(dX, dz @ W1.T, rtol=1e-13, atol=1e-13)
    assert np.isclose(loss, 0.5 * np.sum(delta**2))


@pytest.mark.claim("act.selu.alpha", "act.selu.lambda")
def test_selu_constants_are_the_derived_ones_rounded_to_double(impl):
    import sympy as sp

    from derivations import claim

    for name, claim_id in (("SELU_ALPHA", "act.selu.alpha"), ("SELU_SCALE", "act.selu.lambda")):
        exact = sp.N(claim(claim_id).rhs, 30)
        assert abs(sp.Float(getattr(impl, name), 30) - exact) <= sp.Float(2.0**-52) * exact


@pytest.mark.claim("act.relu.gaussian_mean", "act.elu.gaussian_mean", "act.elu.mean_gap")
@given(alpha=st.floats(0.1, 3.0))
def test_elu_mean_on_a_standard_normal_is_relus_minus_the_derived_gap(impl, alpha):
    # Gauss-Legendre on each half-line (the kink at 0), weights times the normal density
    nodes, weights = np.polynomial.legendre.leggauss(200)
    u = np.concatenate([6.5 * (nodes - 1), 6.5 * (nodes + 1)])
    w = np.concatenate([weights, weights]) * 6.5 * np.exp(-u * u / 2) / np.sqrt(2 * np.pi)
    relu_mean = float(w @ impl.relu_forward(u)[0])
    elu_mean = float(w @ impl.elu_forward(u, alpha=alpha)[0])
    assert np.isclose(relu_mean, float(oracle("act.relu.gaussian_mean")()), rtol=1e-12)
    assert np.isclose(elu_mean, float(oracle("act.elu.gaussian_mean")(alpha=alpha)),
                      rtol=1e-11, atol=1e-13)
    gap = float(oracle("act.elu.mean_gap")(alpha=alpha))
    assert np.isclose(relu_mean - elu_mean, gap, rtol=1e-11, atol=1e-13)
