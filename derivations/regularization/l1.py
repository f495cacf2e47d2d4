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
u_l2 = sp.Symbol("u_2", real=True)
sigma = sp.Symbol("sigma", real=True)   # the subgradient element of |u| at u = 0

SUBGRADIENT = Claim(
    "regularization.l1.subgradient",
    "For w != 0 the derivative of lambda |w| is lambda sign(w); at 0 the subdifferential is "
    "lambda [-1, 1].",
    sp.Derivative(lam * sp.Abs(w), w), lam * sp.sign(w), parameters=(lam, w), slide="002",
    implemented_by="l1_penalty_grad",
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
    summary="$\\partial/\\partial w\\, \\lambda |w| = \\lambda \\operatorname{sign}(w)$ ($w "
            "\\ne 0$); the proximal step is soft thresholding $\\operatorname{sign}(v) "
            "\\max(|v| - \\eta \\lambda, 0)$, which zeroes every $|v| \\le \\eta \\lambda$, "
            "while the L2 proximal step $v/(1 + 2 \\eta \\lambda)$ zeroes only $v = 0$.",
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


def _smooth_branch(sign: int) -> tuple[sp.Symbol, Claim, Derivation]:
    """The branch u > 0 (``sign = 1``) or u < 0 (``sign = -1``) of the proximal step: there
    |u| = sign u, the objective's derivative is u - v + sign c, and its zero v - sign c lies in
    the branch iff sign v > c.  The two branches' hypotheses contradict each other, so each
    is its own derivation."""
    u = sp.Symbol("u_+" if sign > 0 else "u_-", positive=sign > 0, negative=sign < 0)
    side, where, limit = (("positive", "u > 0", "c") if sign > 0 else
                          ("negative", "u < 0", "-c"))
    hypothesis = sp.Q.gt(v, c) if sign > 0 else sp.Q.lt(v, -c)
    relation = ">" if sign > 0 else "<"
    root = f"v {'-' if sign > 0 else '+'} c"
    slope = f"u - v {'+' if sign > 0 else '-'} c"
    claim = Claim(
        f"regularization.l1.prox_{side}",
        f"On {where} the proximal objective (u - v)^2/2 + c|u| is stationary at "
        f"u = {root} (a {side} point iff v {relation} {limit}).",
        u, v - sign * c, parameters=(v, c), implemented_by="soft_threshold",
    )
    assumption = Assumption(
        f"the weight is {'above' if sign > 0 else 'below'} {limit}",
        f"v {relation} {limit}: the stationary point of the branch {where} lies in that branch.",
        predicates=(hypothesis,),
    )
    derivation = Derivation(
        id=claim.id,
        title=f"Soft thresholding {'above' if sign > 0 else 'below minus'} the threshold: "
              f"$u = {root}$ when $v {relation} {limit}$",
        chapter="regularization",
        assumptions=(assumption,),
        slides=("002", "004"),
        references=DERIVATION.references,
        summary=f"On ${where}$ the proximal objective is smooth with derivative ${slope}$; "
        f"for $v {relation} {limit}$ its only zero in ${where}$ is ${root}$.",
        steps=(
            Step(sp.Derivative((u - v) ** 2 / 2 + c * sp.Abs(u), u), u - v + sign * c,
                 because="algebra", note=f"|u| = {'u' if sign > 0 else '-u'} on {where}."),
            Solve(sp.Eq(u - v + sign * c, 0), u, v - sign * c),
        ),
        claims=(claim,),
    )
    return u, claim, derivation


u_pos, PROX_POSITIVE, POSITIVE_DERIVATION = _smooth_branch(1)
u_neg, PROX_NEGATIVE, NEGATIVE_DERIVATION = _smooth_branch(-1)
