"""Exact identities of the regularization implementations for drawn shapes, values and seeds."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlproofs.oracles import oracle

claim_ = pytest.mark.claim
seeds = st.integers(0, 2**32 - 1)


@claim_("regularization.l1.prox_zero", "regularization.l1.l2_prox")
def test_soft_thresholding_zeroes_exactly_the_weights_within_the_threshold(impl):
    @given(seed=seeds, t=st.floats(0.01, 2.0))
    def run(seed, t):
        v = np.random.default_rng(seed).standard_normal(40) * 2
        out = impl.soft_threshold(v, t)
        assert np.array_equal(out == 0, np.abs(v) <= t)
        np.testing.assert_allclose(np.abs(out), np.maximum(np.abs(v) - t, 0), rtol=1e-15,
                                   atol=1e-15)
        assert np.all(out * v >= 0)
        # the L2 proximal step never zeroes a nonzero weight
        assert np.all(oracle("regularization.l1.l2_prox")(v=v, c=t) != 0)

    run()


@claim_("regularization.label_smoothing.target_sum", "regularization.label_smoothing.gradient_1")
def test_smoothed_targets_are_distributions_and_the_gradient_rows_sum_to_zero(impl):
    @given(seed=seeds, k=st.integers(2, 12), n=st.integers(1, 6), eps=st.floats(0.0, 1.0))
    def run(seed, k, n, eps):
        rng = np.random.default_rng(seed)
        y = rng.integers(0, k, n)
        q = impl.smoothed_targets(y, k, eps)
        np.testing.assert_allclose(q.sum(axis=1), 1.0, rtol=1e-15)
        np.testing.assert_allclose(q[np.arange(n), y], 1 - eps + eps / k, rtol=1e-15)
        z = 5 * rng.standard_normal((n, k))
        _, cache = impl.label_smoothing_cross_entropy_forward(z, y, eps)
        dz = impl.label_smoothing_cross_entropy_backward(1.0, cache)
        np.testing.assert_allclose(dz.sum(axis=1), 0.0, atol=1e-15)

    run()


@claim_("regularization.label_smoothing.logit_gap")
def test_cross_entropy_is_finite_and_shift_invariant_for_huge_logits(impl):
    z = np.array([[1e300 / 1e10, 0.0, -5.0], [700.0, 710.0, 690.0]])
    y = np.array([0, 1])
    a, _ = impl.label_smoothing_cross_entropy_forward(z, y, 0.1)
    b, _ = impl.label_smoothing_cross_entropy_forward(z - 300.0, y, 0.1)
    assert np.isfinite(a) and a == pytest.approx(b, rel=1e-12)


@claim_("regularization.clip.norm_direction", "regularization.clip.step_bound")
def test_clipping_by_norm_never_exceeds_max_norm_and_keeps_the_direction(impl):
    @given(seed=seeds, sizes=st.lists(st.integers(1, 5), min_size=1, max_size=3),
           tau=st.floats(1e-3, 1e3))
    def run(seed, sizes, tau):
        rng = np.random.default_rng(seed)
        gs = [rng.standard_normal(s) * rng.uniform(0.1, 100) for s in sizes]
        out, total = impl.clip_grad_norm(gs, tau)
        flat_in, flat_out = np.concatenate(gs), np.concatenate(out)
        assert np.linalg.norm(flat_out) <= tau * (1 + 1e-14) or np.array_equal(flat_out, flat_in)
        assert total == pytest.approx(np.linalg.norm(flat_in), rel=1e-13)
        cos = flat_out @ flat_in / (np.linalg.norm(flat_out) * np.linalg.norm(flat_in))
        assert cos == pytest.approx(1.0, abs=1e-14)

    run()


@claim_("regularization.clip.norm_value")
def test_clipping_by_the_max_norm_scales_the_largest_entry_to_max_norm(impl):
    gs = [np.array([3.0, -8.0]), np.array([[1.0], [2.0]])]
    out, total = impl.clip_grad_norm(gs, 2.0, norm_type=np.inf)
    assert total == 8.0
    assert max(float(np.max(np.abs(o))) for o in out) == pytest.approx(2.0, rel=1e-15)
    np.testing.assert_allclose(out[0], gs[0] / 4, rtol=1e-15)


@claim_("regularization.scaling.mean", "regularization.scaling.variance")
def test_standardized_features_have_mean_zero_and_unit_variance_with_the_fitted_ddof(impl):
    @given(seed=seeds, n=st.integers(3, 30), d=st.integers(1, 4), ddof=st.sampled_from([0, 1]))
    def run(seed, n, d, ddof):
        rng = np.random.default_rng(seed)
        X = rng.standard_normal((n, d)) * rng.uniform(0.01, 100, d) + rng.uniform(-50, 50, d)
        mean, std = impl.standardize_fit(X, ddof=ddof)
        Z = impl.standardize_transform(X, mean, std)
        # rounding: x - mu loses eps |x| absolutely, i.e. eps |x|/sigma in units of sigma
        tol = 64 * np.finfo(float).eps * np.max(np.abs(X), axis=0) / std
        assert np.all(np.abs(Z.mean(axis=0)) <= tol)
        assert np.all(np.abs(Z.var(axis=0, ddof=ddof) - 1.0) <= tol)
        mismatch = oracle("regularization.scaling.ddof_mismatch")(n=n, d=ddof, **{"d'": 1 - ddof})
        assert np.all(np.abs(Z.var(axis=0, ddof=1 - ddof) - mismatch) <= tol)

    run()


@claim_("regularization.minibatch.unbiased_without_replacement")
def test_batches_without_replacement_hold_distinct_indices_and_epochs_partition(impl):
    @given(seed=seeds, n=st.integers(1, 50), data=st.data())
    def run(seed, n, data):
        b = data.draw(st.integers(1, n))
        rng = np.random.default_rng(seed)
        batches = impl.sample_batches(n, b, 7, rng, replace=False)
        assert batches.shape == (7, b)
        assert all(len(set(row.tolist())) == b for row in batches)
        assert batches.min() >= 0 and batches.max() < n
        epoch = impl.epoch_batches(n, b, rng)
        assert np.array_equal(np.sort(np.concatenate(epoch)), np.arange(n))

    run()


@claim_("regularization.l2.adam_decay")
def test_adamw_step_mutates_neither_params_nor_state(impl):
    rng = np.random.default_rng(3)
    params = [rng.standard_normal((2, 3))]
    keep = params[0].copy()
    state = impl.adamw_init(params)
    new, state2 = impl.adamw_step(params, [rng.standard_normal((2, 3))], state)
    assert np.array_equal(params[0], keep)
    assert state["step"] == 0 and state2["step"] == 1
    assert not np.array_equal(new[0], keep)
