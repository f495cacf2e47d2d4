"""Early stopping as L2 for linear least squares (Goodfellow et al., 2016, section 7.8).

Minimise :math:`\\tfrac12\\lVert Xw - y\\rVert^2` by gradient descent from :math:`w_0 = 0`
with step :math:`\\eta`.  In the eigenbasis of :math:`X^\\top X` (eigenvalue :math:`s^2`, the
squared singular value; :math:`b` the component of :math:`X^\\top y`) every coordinate
evolves alone, :math:`z_{t+1} = z_t - \\eta(s^2 z_t - b)`, and after :math:`\\tau` steps

.. math::

    z_\\tau = \\eta b \\sum_{j=0}^{\\tau-1} (1 - \\eta s^2)^j
            = \\big[1 - (1 - \\eta s^2)^\\tau\\big]\\, \\frac{b}{s^2},

the least-squares solution :math:`b/s^2` shrunk by :math:`1 - (1-\\eta s^2)^\\tau`.
Ridge, :math:`\\tfrac12\\lVert Xw - y\\rVert^2 + \\tfrac{\\lambda}{2}\\lVert w\\rVert^2`, shrinks
the same coordinate by :math:`s^2/(s^2 + \\lambda)`.  Both are
:math:`\\tau\\eta s^2` and :math:`s^2/\\lambda` to first order in :math:`s^2`: they agree
there exactly when :math:`\\lambda = 1/(\\tau\\eta)`.  The correspondence breaks at
second order (coefficients :math:`-\\binom{\\tau}{2}\\eta^2` against :math:`-\\tau^2\\eta^2`),
i.e. for the directions with :math:`\\tau\\eta s^2` not small, and completely when
:math:`\\eta s^2 > 1` (gradient descent overshoots and oscillates; :math:`> 2`, it diverges),
where ridge's factor stays in :math:`(0, 1)`.

>>> SHRINK_GD.rhs
1 - (-eta*s**2 + 1)**tau
"""

from __future__ import annotations

import sympy as sp

from ..kernel import Claim, Derivation, Solve, Step
from .common import eta, lam

__all__ = ["DERIVATION", "FIRST_ORDER", "LAMBDA_MATCH", "RIDGE_SOLUTION", "SECOND_ORDER_GAP",
           "SHRINK_GD", "SHRINK_RIDGE", "gd_factor", "ridge_factor"]

s = sp.Symbol("s", positive=True)          # a singular value of X; s**2 an eigenvalue of X^T X
#: the component of X^T y along that eigenvector
b = sp.Symbol("b", real=True, nonzero=True)
tau = sp.Symbol("tau", integer=True, positive=True)
j = sp.Symbol("j", integer=True, nonnegative=True)
q = sp.Symbol("q", nonnegative=True)       # s**2 as the expansion variable (0 included)
z_ridge = sp.Symbol("z_ridge", real=True)
lam_tau = sp.Symbol("lambda_tau", positive=True)


def gd_factor(q, eta, tau):
    """GD's shrinkage of an eigendirection with eigenvalue ``q`` after ``tau`` steps."""
    return 1 - (1 - eta * q) ** tau


def ridge_factor(q, lam):
    """Ridge's shrinkage of an eigendirection with eigenvalue ``q``."""
    return q / (q + lam)


_unrolled = eta * b * sp.Sum((1 - eta * s**2) ** j, (j, 0, tau - 1))
_closed = gd_factor(s**2, eta, tau) * b / s**2

#: ridge's slope at s^2 = 0 minus early stopping's, for a candidate lambda
_slope_gap = (sp.Subs(sp.Derivative(ridge_factor(q, lam_tau), q), q, 0)
              - sp.Subs(sp.Derivative(gd_factor(q, eta, tau), q), q, 0))

SHRINK_GD = Claim(
    "regularization.early_stopping.gd_shrinkage",
    "Gradient descent from 0 on (1/2)||Xw - y||^2 after tau steps: each eigendirection of "
    "X^T X (eigenvalue s^2) holds [1 - (1 - eta s^2)^tau] times the least-squares solution.",
    (_closed / (b / s**2)), gd_factor(s**2, eta, tau), parameters=(s, eta, tau), slide="004",
)
SHRINK_RIDGE = Claim(
    "regularization.early_stopping.ridge_shrinkage",
    "Ridge (1/2)||Xw - y||^2 + (lambda/2)||w||^2 holds s^2/(s^2 + lambda) times the "
    "least-squares solution in each eigendirection.",
    (b / (s**2 + lam)) / (b / s**2), ridge_factor(s**2, lam), parameters=(s, lam),
    slide="004",
)
RIDGE_SOLUTION = Claim(
    "regularization.early_stopping.ridge_solution",
    "Ridge's minimiser in one eigendirection: (s^2 + lambda) z = b, z = b/(s^2 + lambda).",
    z_ridge, b / (s**2 + lam), parameters=(b, s, lam),
)
FIRST_ORDER = Claim(
    "regularization.early_stopping.first_order",
    "The slopes at s^2 = 0 of the two factors: tau eta (early stopping) and 1/lambda (ridge).",
    sp.Subs(sp.Derivative(gd_factor(q, eta, tau), q), q, 0), tau * eta,
    parameters=(tau, eta),
)
LAMBDA_MATCH = Claim(
    "regularization.early_stopping.lambda",
    "The factors agree to first order in s^2 exactly when lambda = 1/(tau eta).",
    lam_tau, 1 / (tau * eta), parameters=(tau, eta), slide="004",
)
SECOND_ORDER_GAP = Claim(
    "regularization.early_stopping.second_order_gap",
    "With lambda = 1/(tau eta) the second derivatives at s^2 = 0 differ: GD's minus ridge's "
    "is tau (tau + 1) eta^2 > 0, so the correspondence holds only while tau eta s^2 is small.",
    sp.Subs(sp.Derivative(gd_factor(q, eta, tau), q, 2), q, 0)
    - sp.Subs(sp.Derivative(ridge_factor(q, 1 / (tau * eta)), q, 2), q, 0),
    tau * (tau + 1) * eta**2, parameters=(tau, eta),
)

DERIVATION = Derivation(
    id="regularization.early_stopping",
    title="Early stopping shrinks like ridge with $\\lambda = 1/(\\tau \\eta)$, to first order",
    chapter="regularization",
    slides=("004",),
    references=("Goodfellow, Bengio and Courville, Deep Learning, MIT Press 2016, section 7.8 "
                "(cited on slide 004 as p. 218)",),
    summary="GD from 0 for $\\tau$ steps shrinks eigendirection $s^2$ by $1 - (1 - \\eta "
            "s^2)^\\tau$, ridge by $s^2/(s^2 + \\lambda)$; they agree to first order iff "
            "$\\lambda = 1/(\\tau \\eta)$ and differ at second order by $\\tau (\\tau + 1) "
            "\\eta^2 s^4/2$.",
    steps=(
        Step(_unrolled, _closed, because="sum",
             note="Unrolling z_{t+1} = (1 - eta s^2) z_t + eta b from z_0 = 0: a geometric sum."),
        Step(gd_factor(s**2, eta, tau + 1) * b / s**2,
             (1 - eta * s**2) * _closed + eta * b, because="algebra",
             note="The closed form obeys the gradient-descent recurrence (and is 0 at tau = 0)."),
        Step(_closed / (b / s**2), gd_factor(s**2, eta, tau), because="algebra"),
        Step(sp.Derivative((s**2 * z_ridge**2 / 2 - b * z_ridge) + lam * z_ridge**2 / 2, z_ridge),
             (s**2 + lam) * z_ridge - b, because="algebra",
             note="The ridge objective in one eigendirection, up to a constant."),
        Solve(sp.Eq((s**2 + lam) * z_ridge - b, 0), z_ridge, b / (s**2 + lam)),
        Step((b / (s**2 + lam)) / (b / s**2), ridge_factor(s**2, lam), because="algebra"),
        Step(sp.Subs(sp.Derivative(gd_factor(q, eta, tau), q), q, 0), tau * eta,
             because="algebra"),
        Step(_slope_gap, 1 / lam_tau - tau * eta, because="algebra"),
        Step(lam_tau * _slope_gap, lam_tau * (1 / lam_tau - tau * eta), 1 - tau * eta * lam_tau,
             because="algebra",
             note="lambda > 0, so the slopes agree exactly when lambda times their difference "
             "vanishes: a condition linear in lambda."),
        Solve(sp.Eq(1 - tau * eta * lam_tau, 0), lam_tau, 1 / (tau * eta)),
        Step(sp.Subs(sp.Derivative(gd_factor(q, eta, tau), q, 2), q, 0)
             - sp.Subs(sp.Derivative(ridge_factor(q, 1 / (tau * eta)), q, 2), q, 0),
             -tau * (tau - 1) * eta**2 + 2 * tau**2 * eta**2, tau * (tau + 1) * eta**2,
             because="algebra"),
    ),
    claims=(SHRINK_GD, RIDGE_SOLUTION, SHRINK_RIDGE, FIRST_ORDER, LAMBDA_MATCH, SECOND_ORDER_GAP),
)
