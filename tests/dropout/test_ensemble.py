"""The ensemble of 2^n subnetworks and the L2 view of dropout: exact enumeration for small n,
sized Monte Carlo beyond it."""

from __future__ import annotations

from itertools import product

import numpy as np
import pytest
import sympy as sp

from derivations import claim
from dlproofs import stats
from dlproofs.oracles import oracle
from tests.dropout import checks as cd

claim_ = pytest.mark.claim
RTOL = 1e-12


def _masks(n: int, p: float):
    """All 2^n keep masks and their probabilities prod (1-p)^m_i p^(1-m_i)."""
    masks = np.array(list(product((0.0, 1.0), repeat=n)))
    kept = masks.sum(axis=1)
    return masks, (1 - p) ** kept * p ** (n - kept)


def _softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


@claim_("dropout.ensemble.linear", "dropout.ensemble.linear_enumeration")
def test_average_of_all_linear_subnetworks_is_the_weight_scaled_network(impl):
    rng = np.random.default_rng(400)
    n, p = 9, 0.3
    x, W = cd._inputs(rng, n), cd._inputs(rng, (n, 4))
    masks, prob = _masks(n, p)
    assert prob.sum() == pytest.approx(1.0, abs=1e-14)
    classic = prob @ ((masks * x) @ W)                 # subnetworks without scaling
    inverted = prob @ ((masks * x / (1 - p)) @ W)      # inverted dropout's subnetworks
    scaled = oracle("dropout.ensemble.linear")(x=x, W=W, n=n, c=cd.columns(W), p=p)
    np.testing.assert_allclose(classic, scaled, rtol=RTOL)
    test_time, _ = impl.dropout_forward(x, p, rng, train=False)
    np.testing.assert_allclose(inverted, test_time @ W, rtol=RTOL)
    # the n = 3 claim, evaluated at numbers
    enumerated = oracle("dropout.ensemble.linear_enumeration")(
        p=p, **{f"w_{k + 1}": W[k, 0] for k in range(3)}, **{f"x_{k + 1}": x[k] for k in range(3)})
    m3, pr3 = _masks(3, p)
    assert float(enumerated) == pytest.approx(
        float(pr3 @ ((m3 * x[:3]) @ W[:3, 0])), rel=RTOL)


@claim_("dropout.ensemble.linear")
def test_monte_carlo_average_of_a_wide_layer_is_the_test_time_network(impl, verify):
    rng = np.random.default_rng(401)
    n, p = 40, 0.3  # 2^40 masks: beyond enumeration
    x, w = cd._inputs(rng, n), cd._inputs(rng, n)
    a = x * w
    mean = float(oracle("dropout.linear.mean")(x=x, W=w[:, None], n=n, j=1))
    sd = float(np.sqrt(oracle("dropout.linear.variance")(x=x, W=w[:, None], n=n, j=1, p=p)))
    slack = 1e-9 * np.sum(np.abs(a)) / (1 - p)
    hi = np.sum(np.maximum(a * p / (1 - p), -a)) + slack
    lo = np.sum(np.minimum(a * p / (1 - p), -a)) - slack
    err = 0.5 * sd
    draws = stats.hoeffding_n(hi - lo, err)
    out, _ = impl.dropout_forward(np.broadcast_to(x, (draws, n)), p, rng)
    outcome = stats.hoeffding_mean_test(out @ w, mean, low=mean + lo, high=mean + hi,
                                        abs_error=err)
    verify(outcome, subject="impl.dropout_forward (n = 40)",
           law="dropout.ensemble.linear (the average subnetwork is the test-time network)")


@claim_("dropout.ensemble.geometric_mean", "dropout.ensemble.arithmetic_mean")
def test_normalised_geometric_mean_of_softmax_subnetworks_is_softmax_of_scaled_logits(impl):
    rng = np.random.default_rng(402)
    n, p, classes = 8, 0.3, 3
    x, W = cd._inputs(rng, n), cd._inputs(rng, (n, classes))
    masks, prob = _masks(n, p)
    preds = _softmax((masks * x) @ W)                  # 2^n classic subnetworks
    log_g = prob @ np.log(preds)
    nwgm = np.exp(log_g) / np.exp(log_g).sum()
    scaled = _softmax((1 - p) * (x @ W))
    np.testing.assert_allclose(nwgm, scaled, rtol=RTOL)
    arithmetic = prob @ preds
    assert np.max(np.abs(arithmetic - scaled)) > 1e-3, "the arithmetic mean is not the scaled net"
    # inverted dropout: the NWGM of its subnetworks is the softmax of the test-time network
    preds_inv = _softmax((masks * x / (1 - p)) @ W)
    log_gi = prob @ np.log(preds_inv)
    test_time, _ = impl.dropout_forward(x, p, rng, train=False)
    np.testing.assert_allclose(np.exp(log_gi) / np.exp(log_gi).sum(), _softmax(test_time @ W),
                               rtol=RTOL)


@claim_("dropout.ensemble.geometric_mean_example", "dropout.ensemble.arithmetic_mean")
def test_exact_counterexample_arithmetic_mean_differs_from_the_scaled_network():
    p, kept = 0.25, _softmax(np.array([np.log(4.0), 0.0]))
    dropped = np.array([0.5, 0.5])
    arithmetic = p * dropped + (1 - p) * kept
    g = dropped**p * kept ** (1 - p)
    nwgm = g / g.sum()
    scaled = _softmax((1 - p) * np.array([np.log(4.0), 0.0]))
    am_claim = claim("dropout.ensemble.arithmetic_mean").rhs
    gm_claim = claim("dropout.ensemble.geometric_mean_example").rhs
    assert am_claim == sp.Rational(29, 40) and arithmetic[0] == pytest.approx(29 / 40, rel=RTOL)
    assert nwgm[0] == pytest.approx(float(gm_claim), rel=RTOL)
    assert scaled[0] == pytest.approx(float(gm_claim), rel=RTOL)
    assert abs(float(gm_claim) - 29 / 40) > 0.01


@claim_("dropout.l2", "dropout.l2.example", "dropout.l2.classic")
def test_expected_dropout_loss_equals_loss_plus_l2_penalty_by_enumeration():
    rng = np.random.default_rng(403)
    m_, n_, p = 3, 4, 0.3
    X, t, w = cd._inputs(rng, (m_, n_)), rng.standard_normal(m_), cd._inputs(rng, n_)
    masks, prob = _masks(m_ * n_, p)
    masks = masks.reshape(-1, m_, n_)
    inverted = ((t - (masks * X / (1 - p)) @ w) ** 2).sum(axis=1)
    expected = oracle("dropout.l2")(X=X, t=t, w=w, p=p, m=m_, n=n_)
    assert prob @ inverted == pytest.approx(expected, rel=RTOL)
    # the deterministic model is the test-time one: weights w, no scaling
    fit = float(np.sum((t - X @ w) ** 2))
    penalty = p / (1 - p) * float(np.sum(w**2 * np.sum(X**2, axis=0)))
    assert prob @ inverted == pytest.approx(fit + penalty, rel=RTOL)
    # one example (row 1), inverted and classic dropout, all 2^n masks
    row_masks, row_prob = _masks(n_, p)
    inverted_row = (t[0] - (row_masks * X[0] / (1 - p)) @ w) ** 2
    classic_row = (t[0] - (row_masks * X[0]) @ w) ** 2
    example = oracle("dropout.l2.example")(X=X, t=t, w=w, p=p, n=n_, r=1)
    classic = oracle("dropout.l2.classic")(X=X, t=t, w=w, p=p, n=n_, r=1)
    assert row_prob @ inverted_row == pytest.approx(example, rel=RTOL)
    assert row_prob @ classic_row == pytest.approx(classic, rel=RTOL)


@claim_("dropout.l2")
def test_monte_carlo_dropout_loss_matches_the_penalised_loss_beyond_enumeration(impl, verify):
    rng = np.random.default_rng(404)
    m_, n_, p = 2, 12, 0.3
    X, t, w = cd._inputs(rng, (m_, n_)), rng.standard_normal(m_), cd._inputs(rng, n_)
    expected = oracle("dropout.l2")(X=X, t=t, w=w, p=p, m=m_, n=n_)
    penalty = p / (1 - p) * float(np.sum(w**2 * np.sum(X**2, axis=0)))
    a = X * w
    # per row, t - yhat lies between t - sum max(a/(1-p), 0) and t - sum min(a/(1-p), 0)
    top = np.sum(np.maximum(a / (1 - p), 0), axis=1)
    bottom = np.sum(np.minimum(a / (1 - p), 0), axis=1)
    bound = float(np.sum(np.maximum((t - top) ** 2, (t - bottom) ** 2))) * (1 + 1e-9)
    err = 0.5 * penalty
    draws = stats.hoeffding_n(bound, err)
    out, _ = impl.dropout_forward(np.broadcast_to(X, (draws, m_, n_)), p, rng)
    loss = ((t - out @ w) ** 2).sum(axis=1)
    outcome = stats.hoeffding_mean_test(loss, expected, low=0.0, high=bound, abs_error=err)
    verify(outcome, subject="impl.dropout_forward (24 masked inputs)",
           law="dropout.l2 (E[loss] = loss of x w + p/(1-p) sum_i w_i^2 sum_r X_ri^2)")
