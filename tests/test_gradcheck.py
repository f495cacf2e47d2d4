"""The shared directional gradient check accepts true gradients and rejects wrong ones.

Subjects with known gradients: a quadratic form and softmax (whose Jacobian is
diag(s) - s s^T, so J^T c = s * (c - <c, s>)) [Bridle 1990, "Probabilistic
interpretation of feedforward classification network outputs"].
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlproofs.gradcheck import DISAGREES, FD_RTOL, directional_check

SEEDS = st.integers(0, 2**32 - 1)
#: a gradient off by this much of itself must be rejected (100 x the tolerance)
OFF = 1e-5
#: One random direction misses a gradient scaled by 1 + OFF when |<g, v>| < (FD_RTOL/OFF) x the
#: terms' magnitude, about 1 % of directions here; the chapters' checks use several directions,
#: and so do these tests: all DIRECTIONS miss with probability about 1e-10.
DIRECTIONS = 5
MATCH = rf"softmax\*y: violates d<c, s\(x\) y>: backward {DISAGREES}"


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max())
    return e / e.sum()


def _quadratic(seed: int):
    """L(t) = <c, f(x + t v)> for f(x) = x^T A x / 2 (c a scalar); gradient c (A + A^T) x / 2."""
    rng = np.random.default_rng(seed)
    n = 6
    A, x, v, c = rng.standard_normal((n, n)), rng.standard_normal(n), rng.standard_normal(n), 1.7

    def loss(t):
        z = x + t * v
        return c * float(z @ A @ z) / 2

    return loss, c * (A + A.T) @ x / 2, v


class SoftmaxTimesY:
    """f(x, y) = softmax(x) * y (elementwise), loss <c, f>: two arguments, so two terms."""

    def __init__(self, seed: int, scale: float = 1.0):
        self.rng = np.random.default_rng(seed)
        n = 7
        self.x, self.y = self.rng.standard_normal(n), self.rng.uniform(0.5, 2.0, n)
        self.c = scale * self.rng.standard_normal(n)
        s = _softmax(self.x)
        u = self.c * self.y
        self.gx = s * (u - u @ s)  # J_softmax^T (c * y)
        self.gy = self.c * s
        self.redirect()

    def redirect(self) -> SoftmaxTimesY:
        """Draw new random directions."""
        self.vx, self.vy = self.rng.standard_normal(self.x.shape), self.rng.standard_normal(
            self.y.shape)
        return self

    def cancel(self) -> SoftmaxTimesY:
        """Turn vy so that <gy, vy> = -<gx, vx>: the derivative is ~0, each term is not."""
        self.vy = -(self.gx @ self.vx) / (self.gy @ self.gy) * self.gy
        return self

    def terms(self) -> float:
        return float(np.sum(np.abs(self.gx * self.vx)) + np.sum(np.abs(self.gy * self.vy)))

    def loss(self, t: float) -> float:
        return float(self.c @ (_softmax(self.x + t * self.vx) * (self.y + t * self.vy)))

    def check(self, gx=None, gy=None):
        gx = self.gx if gx is None else gx
        gy = self.gy if gy is None else gy
        return directional_check(self.loss, [(gx, self.vx), (gy, self.vy)],
                                 subject="softmax*y", law="d<c, s(x) y>")

    def off_along_vx(self, rel: float) -> np.ndarray:
        """gx moved along vx so that the directional derivative is off by rel x the terms."""
        return self.gx + rel * self.terms() / (self.vx @ self.vx) * self.vx


@given(seed=SEEDS)
def test_a_quadratic_forms_true_gradient_is_accepted(seed):
    loss, grad, v = _quadratic(seed)
    analytic, numeric = directional_check(loss, [(grad, v)], subject="quadratic", law="x^T A x")
    assert analytic == pytest.approx(float(grad @ v), rel=1e-15)
    assert abs(numeric - analytic) <= FD_RTOL * np.sum(np.abs(grad * v))


@given(seed=SEEDS)
def test_a_quadratic_gradient_off_by_1e_5_of_itself_is_rejected(seed):
    match = rf"quadratic: violates x\^T A x: backward {DISAGREES}"
    with pytest.raises(AssertionError, match=match):
        for k in range(DIRECTIONS):
            loss, grad, v = _quadratic(seed + k)
            directional_check(loss, [(grad * (1 + OFF), v)], subject="quadratic", law="x^T A x")


@given(seed=SEEDS)
def test_softmax_times_y_true_gradients_are_accepted(seed):
    SoftmaxTimesY(seed).check()


@given(seed=SEEDS, which=st.sampled_from(["gx", "gy"]))
def test_softmax_times_y_gradient_off_by_1e_5_of_itself_is_rejected(seed, which):
    case = SoftmaxTimesY(seed)
    with pytest.raises(AssertionError, match=MATCH):
        for _ in range(DIRECTIONS):
            case.redirect().check(**{which: getattr(case, which) * (1 + OFF)})


@given(seed=SEEDS)
def test_the_threshold_is_the_tolerance_times_the_terms_magnitude(seed):
    # an error of the directional derivative of rtol/10 of the terms passes, 10 rtol fails,
    # in every direction
    case = SoftmaxTimesY(seed)
    case.check(gx=case.off_along_vx(FD_RTOL / 10))
    with pytest.raises(AssertionError, match=MATCH):
        case.check(gx=case.off_along_vx(10 * FD_RTOL))


@given(seed=SEEDS)
def test_a_directional_derivative_cancelling_to_zero_does_not_fool_the_check(seed):
    case = SoftmaxTimesY(seed).cancel()
    analytic, numeric = case.check()
    # the case really cancels: both derivatives are rounding noise of the terms
    assert abs(analytic) <= 1e-13 * case.terms()
    assert abs(numeric) <= 1e-7 * case.terms()


def test_in_a_cancelling_case_an_error_relative_to_the_sum_would_reject_the_true_gradient():
    # why the check divides by the terms: relative to max(|analytic|, |numeric|) the rounding
    # noise of a cancelled sum is an error of order 1, far above the tolerance
    case = SoftmaxTimesY(1).cancel()
    analytic, numeric = case.check()
    assert abs(numeric - analytic) > FD_RTOL * max(abs(analytic), abs(numeric))


@given(seed=SEEDS, which=st.sampled_from(["gx", "gy"]))
def test_a_wrong_gradient_is_rejected_when_the_derivative_cancels_to_zero(seed, which):
    case = SoftmaxTimesY(seed)
    with pytest.raises(AssertionError, match=MATCH):
        for _ in range(DIRECTIONS):
            case.redirect().cancel().check(**{which: getattr(case, which) * (1 + OFF)})


@given(seed=SEEDS)
def test_a_wrong_gradient_off_by_10_rtol_of_the_terms_is_rejected_when_cancelling(seed):
    case = SoftmaxTimesY(seed).cancel()
    with pytest.raises(AssertionError, match=MATCH):
        case.check(gx=case.off_along_vx(10 * FD_RTOL))


@given(seed=SEEDS)
def test_there_is_no_absolute_floor_so_a_tiny_loss_is_checked_as_strictly(seed):
    # the loss and every term ~1e-9: the dropout check's old absolute floor (1e-3) accepted this
    case = SoftmaxTimesY(seed, scale=1e-9)
    case.check()
    with pytest.raises(AssertionError, match=MATCH):
        for _ in range(DIRECTIONS):
            case.redirect().check(gx=case.gx * (1 + OFF))


def test_a_gradient_of_the_wrong_shape_is_rejected_not_broadcast():
    case = SoftmaxTimesY(0)
    with pytest.raises(AssertionError, match=r"softmax\*y: violates .*\(gradient 1 has shape"):
        case.check(gy=case.gy[:, None])


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_a_non_finite_gradient_is_rejected_not_passed_by_a_nan_comparison(bad):
    case = SoftmaxTimesY(0)
    gx = case.gx.copy()
    gx[2] = bad
    with pytest.raises(AssertionError, match=rf"{MATCH} \(non-finite"):
        case.check(gx=gx)


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"h": 0.0}, "h must be a finite positive step"),
    ({"h": np.nan}, "h must be a finite positive step"),
    ({"rtol": -1e-7}, "rtol must be a finite positive tolerance"),
])
def test_a_bad_step_or_tolerance_raises_value_error_naming_it(kwargs, match):
    with pytest.raises(ValueError, match=match):
        directional_check(float, [(1.0, 1.0)], subject="s", law="l", **kwargs)


def test_no_gradient_pairs_raises_value_error():
    with pytest.raises(ValueError, match="grads_and_directions must hold at least one"):
        directional_check(float, [], subject="s", law="l")
