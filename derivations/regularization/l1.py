"""L1 regularization: the subgradient, and the proximal step that zeroes small weights.

:math:`\\lambda|w|` has the derivative :math:`\\lambda\\,\\mathrm{sign}(w)` for
:math:`w \\ne 0` and the subdifferential :math:`\\lambda[-1, 1]` at 0.  The proximal
step of a gradient method with step :math:`\\eta` minimises
:math:`\\tfrac12(u - v)^2 + c|u|` with :math:`c = \\eta\\lambda` and :math:`v` the
weight after the loss-gradient step.  Its solution is *soft thresholding*:

* on :math:`u > 0` the objective is smooth with derivative :math:`u - v + c`,
  zero at :math:`u = v - c` (a point of :math:`u > 0` iff :math:`v > c`);
* on :math:`u < 0` likewise :math:`u = v + c` (iff :math:`v < -c`);
* at :math:`u = 0`, :math:`0 \\in (0 - v) + c\\,[-1, 1]` needs the subgradient element
  :math:`\\sigma = v/c`, which lies in :math:`[-1, 1]` iff :math:`|v| \\le c`:
  every weight with :math:`|v| \\le \\eta\\lambda` becomes *exactly* 0
  (Tibshirani 1996; Parikh and Boyd, Proximal Algorithms, 2014, section 6.5.2).

The two smooth branches rest on contradictory hypotheses (:math:`v > c`, :math:`v < -c`),
so each is its own derivation (``regularization.l1.prox_positive`` and
``.prox_negative``), whose Solve shows the root inside its branch.

The L2 proximal step minimises :math:`\\tfrac12(u - v)^2 + c u^2`; its derivative
:math:`(1 + 2c)u - v` vanishes at :math:`u = v/(1 + 2c)`, which is 0 only when
:math:`v = 0`: L2 shrinks, it never selects.

>>> PROX_ZERO.rhs
v/c
"""

from __future__ import annotations

import sympy as sp

from ..kernel import Assumption, Claim, Derivation, Solve, Step
from .common import lam

__all__ = ["DERIVATION", "L2_PROX", "NEGATIVE_DERIVATION", "POSITIVE_DERIVATION",
           "PROX_NEGATIVE", "PROX_POSITIVE", "PROX_ZERO", "SUBGRADIENT"]

w = sp.Symbol("w", real=True, nonzero=True)
c = sp.Symbol("c", positive=True)       # eta * lambda, the threshold
v = sp.Symbol("v", real=True)           # the weight after the loss-gradient step
u_pos = sp.Symbol("u_+", positive=True)
u_neg = sp.Symbol("u_-", negative=True)
u_l2 = sp.Symbol("u_2", real=True)
sigma = sp.Symbol("sigma", real=True)   # the subgradient element of |u| at u = 0

SUBGRADIENT = Claim(
    "regularization.l1.subgradient",
    "For w != 0 the derivative of lambda |w| is lambda sign(w); at 0 the subdifferential is "
    "lambda [-1, 1].",
    sp.Derivative(lam * sp.Abs(w), w), lam * sp.sign(w), parameters=(lam, w), slide="002",
    implemented_by="l1_penalty_grad",
)
PROX_POSITIVE = Claim(
    "regularization.l1.prox_positive",
    "On u > 0 the proximal objective (u - v)^2/2 + c|u| is stationary at u = v - c "
    "(a positive point iff v > c).", u_pos, v - c, parameters=(v, c),
    implemented_by="soft_threshold",
)
PROX_NEGATIVE = Claim(
    "regularization.l1.prox_negative",
    "On u < 0 the proximal objective is stationary at u = v + c (a negative point iff v < -c).",
    u_neg, v + c, parameters=(v, c), implemented_by="soft_threshold",
)
PROX_ZERO = Claim(
    "regularization.l1.prox_zero",
    "u = 0 is optimal when 0 = -v + c sigma for a subgradient element sigma in [-1, 1]: "
    "sigma = v/c, so every |v| <= c = eta lambda is set exactly to 0 (soft thresholding).",
    sigma, v / c, parameters=(v, c), implemented_by="soft_threshold",
)
L2_PROX = Claim(
    "regularization.l1.l2_prox",
    "The L2 proximal step argmin_u (u - v)^2/2 + c u^2 = v/(1 + 2c): zero only when v = 0, "
    "so L2 shrinks every weight but sets none to 0.", u_l2, v / (1 + 2 * c), parameters=(v, c),
)

DERIVATION = Derivation(
    id="regularization.l1",
    title="L1: the subgradient and soft thresholding; L2 shrinks but never zeroes",
    chapter="regularization",
    slides=("002", "004"),
    references=("Tibshirani, Regression shrinkage and selection via the lasso, JRSS B 58 (1996)",
                "Parikh and Boyd, Proximal Algorithms, Foundations and Trends in Optimization "
                "1(3), 2014, section 6.5.2"),
    summary="d/dw lambda|w| = lambda sign(w) (w != 0); the proximal step is soft thresholding "
    "sign(v) max(|v| - eta lambda, 0), which zeroes every |v| <= eta lambda, while the L2 "
    "proximal step v/(1 + 2 eta lambda) zeroes only v = 0.",
    steps=(
        Step(sp.Derivative(lam * sp.Abs(w), w), lam * sp.sign(w), because="algebra"),
        Step((0 - v) + c * sigma, -v + c * sigma, because="algebra",
             note="The subdifferential of the objective at u = 0 is -v + c [-1, 1]."),
        Solve(sp.Eq(-v + c * sigma, 0), sigma, v / c),
        Step(sp.Derivative((u_l2 - v) ** 2 / 2 + c * u_l2**2, u_l2), (1 + 2 * c) * u_l2 - v,
             because="algebra"),
        Solve(sp.Eq((1 + 2 * c) * u_l2 - v, 0), u_l2, v / (1 + 2 * c)),
    ),
    claims=(SUBGRADIENT, PROX_ZERO, L2_PROX),
)

# The two smooth branches have contradictory hypotheses (v > c against v < -c): one
# derivation each.
above = Assumption(
    "the weight exceeds the threshold",
    "v > c: the stationary point v - c of the branch u > 0 lies in that branch.",
    predicates=(sp.Q.gt(v, c),),
)
below = Assumption(
    "the weight is below minus the threshold",
    "v < -c: the stationary point v + c of the branch u < 0 lies in that branch.",
    predicates=(sp.Q.lt(v, -c),),
)

POSITIVE_DERIVATION = Derivation(
    id="regularization.l1.prox_positive",
    title="Soft thresholding above the threshold: u = v - c when v > c",
    chapter="regularization",
    assumptions=(above,),
    slides=("002", "004"),
    references=DERIVATION.references,
    summary="On u > 0 the proximal objective is smooth with derivative u - v + c; for v > c "
    "its only zero in u > 0 is v - c.",
    steps=(
        Step(sp.Derivative((u_pos - v) ** 2 / 2 + c * sp.Abs(u_pos), u_pos), u_pos - v + c,
             because="algebra", note="|u| = u on u > 0."),
        Solve(sp.Eq(u_pos - v + c, 0), u_pos, v - c),
    ),
    claims=(PROX_POSITIVE,),
)

NEGATIVE_DERIVATION = Derivation(
    id="regularization.l1.prox_negative",
    title="Soft thresholding below minus the threshold: u = v + c when v < -c",
    chapter="regularization",
    assumptions=(below,),
    slides=("002", "004"),
    references=DERIVATION.references,
    summary="On u < 0 the proximal objective is smooth with derivative u - v - c; for v < -c "
    "its only zero in u < 0 is v + c.",
    steps=(
        Step(sp.Derivative((u_neg - v) ** 2 / 2 + c * sp.Abs(u_neg), u_neg), u_neg - v - c,
             because="algebra", note="|u| = -u on u < 0."),
        Solve(sp.Eq(u_neg - v - c, 0), u_neg, v + c),
    ),
    claims=(PROX_NEGATIVE,),
)
