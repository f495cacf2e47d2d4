"""Feature scaling (deck 002): mean 0 and variance 1 exactly, and a better-conditioned problem.

Standardise one feature :math:`x_1..x_n` as :math:`\\tilde x_r = (x_r - \\mu)/\\sigma_d` with
:math:`\\mu = \\frac1n\\sum_r x_r` and :math:`\\sigma_d^2 = \\frac{1}{n-d}\\sum_r (x_r - \\mu)^2`
(``ddof`` :math:`d`: 0 in scikit-learn's ``StandardScaler`` and NumPy's ``std``, 1 in
pandas' ``std``).  Then :math:`\\frac1n\\sum_r \\tilde x_r = 0` and
:math:`\\frac{1}{n-d}\\sum_r \\tilde x_r^2 = 1` *exactly*, but the variance computed with the
other ddof :math:`d'` is :math:`(n-d)/(n-d')`: "the variances are all 1" holds only when
both use the same convention (erratum ``regularization.scaling.ddof``).

For two standardised features (ddof 0) :math:`\\frac1n\\sum_r \\tilde a_r \\tilde b_r =
C_{ab}/(\\sigma_a\\sigma_b) = \\rho_{ab}`: :math:`\\tilde X^\\top\\tilde X/n` is the correlation
matrix, the Hessian of the mean squared error.  Gradient descent on a quadratic with
Hessian eigenvalues :math:`a \\le a'` and the best fixed step :math:`\\eta^\\star = 2/(a + a')`
contracts the error by :math:`(\\kappa - 1)/(\\kappa + 1)` per step, :math:`\\kappa = a'/a`.
Example: two uncorrelated features with variances 1 and 100: :math:`\\kappa = 100`, rate
:math:`99/101 \\approx 0.980` (about 230 steps per factor 100); standardised, the Hessian is
the identity, :math:`\\kappa = 1`, rate 0 (one step).

>>> RATE.rhs
(kappa - 1)/(kappa + 1)
"""

from __future__ import annotations

import sympy as sp

from ..kernel import Assumption, Claim, Derivation, Solve, Step
from ..sums import CONSTANT_SUM, SUM_LINEARITY

__all__ = ["CORRELATION", "DERIVATION", "MEAN_ZERO", "MISMATCH", "RATE", "RATE_DERIVATION",
           "RATE_EXAMPLE", "VARIANCE_ONE"]

n = sp.Symbol("n", integer=True, positive=True)
r = sp.Symbol("r", integer=True, positive=True)
dd = sp.Symbol("d", integer=True, nonnegative=True)     # ddof of the scaling
d2 = sp.Symbol("d'", integer=True, nonnegative=True)    # ddof of the reported variance
x = sp.IndexedBase("x", real=True)
a_ = sp.IndexedBase("a", real=True)
b_ = sp.IndexedBase("b", real=True)
mu, mu_a, mu_b = sp.symbols("mu mu_a mu_b", real=True)
sd, sd_a, sd_b = sp.symbols("sigma_d sigma_a sigma_b", positive=True)
cov_ab = sp.Symbol("C_ab", real=True)

definitions = Assumption(
    "the fitted statistics",
    "mu and sigma_d are the feature's mean and ddof-d standard deviation: sum_r x_r = n mu, "
    "sum_r (x_r - mu)^2 = (n - d) sigma_d^2 > 0; n > max(d, d'); for two features a, b "
    "(ddof 0) the same with C_ab = (1/n) sum_r (a_r - mu_a)(b_r - mu_b).",
    predicates=(sp.Q.gt(n, dd), sp.Q.gt(n, d2)),
    substitutions=(
        sp.Eq(sp.Sum(x[r], (r, 1, n)), n * mu),
        sp.Eq(sp.Sum(x[r] ** 2, (r, 1, n)), (n - dd) * sd**2 + n * mu**2),
        sp.Eq(sp.Sum(a_[r] * b_[r], (r, 1, n)), n * cov_ab + n * mu_a * mu_b),
        sp.Eq(sp.Sum(a_[r], (r, 1, n)), n * mu_a),
        sp.Eq(sp.Sum(b_[r], (r, 1, n)), n * mu_b),
    ),
)
_z = (x[r] - mu) / sd
_rules = (SUM_LINEARITY, CONSTANT_SUM, definitions)

MEAN_ZERO = Claim(
    "regularization.scaling.mean",
    "Standardised features have mean exactly 0: (1/n) sum_r (x_r - mu)/sigma_d = 0.",
    sp.Sum(_z, (r, 1, n)) / n, sp.S.Zero, slide="002", implemented_by="standardize_transform",
)
VARIANCE_ONE = Claim(
    "regularization.scaling.variance",
    "With the same ddof d for scaling and variance: (1/(n - d)) sum_r ((x_r - mu)/sigma_d)^2 = 1.",
    sp.Sum(_z**2, (r, 1, n)) / (n - dd), sp.S.One, slide="002",
    implemented_by="standardize_fit",
)
MISMATCH = Claim(
    "regularization.scaling.ddof_mismatch",
    "Scaled with ddof d, reported with ddof d': the variance is (n - d)/(n - d') "
    "(n/(n - 1) for scikit-learn's scaling read by pandas' var).",
    sp.Sum(_z**2, (r, 1, n)) / (n - d2), (n - dd) / (n - d2), parameters=(n, dd, d2),
    slide="002", implemented_by="standardize_fit",
)
CORRELATION = Claim(
    "regularization.scaling.correlation",
    "For two standardised features (ddof 0) the entry of X~^T X~/n is C_ab/(sigma_a sigma_b), "
    "their correlation; the diagonal is 1.",
    sp.Sum((a_[r] - mu_a) / sd_a * (b_[r] - mu_b) / sd_b, (r, 1, n)) / n,
    cov_ab / (sd_a * sd_b), slide="002", implemented_by="standardize_transform",
)

DERIVATION = Derivation(
    id="regularization.scaling",
    title="Standardised features: mean 0, variance 1 (same ddof), $X^\\top X/n$ the correlation",
    chapter="regularization",
    assumptions=(definitions,),
    slides=("002",),
    references=("LeCun, Bottou, Orr and Mueller, Efficient BackProp, 1998, section 4.3",),
    summary="Sums of the centred, scaled features are fixed by the definitions of $\\mu$ and "
            "$\\sigma_d$; the variance is 1 only with the ddof used to scale.",
    steps=(
        Step(MEAN_ZERO.lhs, (n * mu - n * mu) / (n * sd), sp.S.Zero, because="sum", using=_rules),
        Step(VARIANCE_ONE.lhs, (n - dd) * sd**2 / ((n - dd) * sd**2), sp.S.One, because="sum",
             using=_rules),
        Step(MISMATCH.lhs, (n - dd) * sd**2 / ((n - d2) * sd**2), (n - dd) / (n - d2),
             because="sum", using=_rules),
        Step(CORRELATION.lhs, cov_ab / (sd_a * sd_b), because="sum", using=_rules),
    ),
    claims=(MEAN_ZERO, VARIANCE_ONE, MISMATCH, CORRELATION),
)

# ------------------------------------------------ condition number and rate

h1, h2 = sp.symbols("h_1 h_2", positive=True)      # Hessian eigenvalues, h_1 <= h_2
kappa = sp.Symbol("kappa", positive=True)
eta_star = sp.Symbol("eta_star", positive=True)

RATE = Claim(
    "regularization.scaling.rate",
    "GD on a quadratic with Hessian eigenvalues h_1 <= h_2 and the best fixed step "
    "eta* = 2/(h_1 + h_2) contracts the error by (kappa - 1)/(kappa + 1), kappa = h_2/h_1.",
    (1 - eta_star * h1).subs(eta_star, 2 / (h1 + h2)).subs(h2, kappa * h1),
    (kappa - 1) / (kappa + 1), parameters=(kappa,), slide="002",
)
STEP = Claim(
    "regularization.scaling.best_step",
    "The step that equalises the contraction of both eigendirections, 1 - eta h_1 = "
    "-(1 - eta h_2), is eta* = 2/(h_1 + h_2).", eta_star, 2 / (h1 + h2), parameters=(h1, h2),
)
RATE_EXAMPLE = Claim(
    "regularization.scaling.rate_example",
    "Uncorrelated features with variances 1 and 100: rate 99/101 per step before scaling, 0 "
    "after (the correlation matrix is I): the rates differ by 99/101.",
    RATE.rhs.subs(kappa, 100) - RATE.rhs.subs(kappa, 1), sp.Rational(99, 101), slide="002",
)

RATE_DERIVATION = Derivation(
    id="regularization.scaling.rate",
    title="Gradient descent's rate is $(\\kappa - 1)/(\\kappa + 1)$: scaling can change "
          "$\\kappa$",
    chapter="regularization",
    slides=("002",),
    references=("Nocedal and Wright, Numerical Optimization, 2nd ed., 2006, section 3.3",),
    summary="Each eigendirection of the Hessian contracts by $1 - \\eta h_i$; the best fixed "
            "step balances the extremes, giving $(\\kappa - 1)/(\\kappa + 1)$.",
    steps=(
        Step((1 - eta_star * h1) + (1 - eta_star * h2), 2 - eta_star * (h1 + h2),
             because="algebra", note="Balance |1 - eta h_1| = |1 - eta h_2| with opposite signs."),
        Solve(sp.Eq(2 - eta_star * (h1 + h2), 0), eta_star, 2 / (h1 + h2)),
        Step(RATE.lhs, (kappa * h1 - h1) / (kappa * h1 + h1), RATE.rhs, because="algebra"),
        Step(RATE_EXAMPLE.lhs, sp.Rational(99, 101), because="algebra"),
    ),
    claims=(STEP, RATE, RATE_EXAMPLE),
)
