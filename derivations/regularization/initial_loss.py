"""Check the initial loss (deck 001/000, "Step 1: Check initial loss").

A :math:`C`-class softmax whose logits are all equal predicts :math:`1/C` for every class,
so its cross-entropy is :math:`\\ln C` whatever the label: :math:`\\ln 10 \\approx 2.3026`
for ten classes.  A freshly initialised network has small random logits
:math:`z_k = \\sigma\\xi_k`, :math:`\\xi_k` independent with mean 0 and variance 1.  Expanding
:math:`L(\\sigma) = -\\sigma\\xi_y + \\ln\\sum_k e^{\\sigma\\xi_k}` at :math:`\\sigma = 0`,
:math:`L'(0) = -\\xi_y + \\bar\\xi` has mean 0 and
:math:`L''(0) = \\overline{\\xi^2} - \\bar\\xi^2` has mean :math:`1 - 1/C`, so

.. math::

    E[L] = \\ln C + \\frac{C - 1}{2C}\\,\\sigma^2 + O(\\sigma^4)

(the cubic term has mean 0 for a symmetric law): for ten classes
:math:`\\ln 10 + 0.45\\,\\sigma^2`.  A first loss far above :math:`\\ln C` means the
logits are not small (a bad initialisation or a bug).  The expectation is proved for
:math:`C = 10`, the slide's case (ten symbols; a symbolic :math:`C` needs the moment
algebra of a symbolic number of logits).

>>> EQUAL_LOGITS.rhs
log(C)
"""

from __future__ import annotations

import sympy as sp

from ..expectation import E, independence, linearity
from ..kernel import Assumption, Claim, Derivation, Step

__all__ = ["CURVATURE", "DERIVATION", "EQUAL_LOGITS", "EXPECTED", "SECOND_ORDER_DERIVATION",
           "SLOPE"]

C = sp.Symbol("C", integer=True, positive=True)
kk = sp.Symbol("k", integer=True, positive=True)
a = sp.Symbol("a", real=True)
sigma = sp.Symbol("sigma", positive=True)

EQUAL_LOGITS = Claim(
    "regularization.initial_loss.equal_logits",
    "With all C logits equal to a, the softmax is 1/C and the cross-entropy is ln C "
    "(2.3026 for C = 10).",
    -sp.log(sp.exp(a) / sp.Sum(sp.exp(a), (kk, 1, C))), sp.log(C), parameters=(C,),
    slide="001", implemented_by="label_smoothing_cross_entropy_forward",
)

DERIVATION = Derivation(
    id="regularization.initial_loss",
    title="Equal logits give the initial loss $\\ln C$",
    chapter="regularization",
    slides=("000", "001"),
    references=("Karpathy, A recipe for training neural networks, 2019 ('verify loss @ init')",),
    summary="The softmax of equal logits is uniform; $-\\ln(1/C) = \\ln C$.",
    steps=(Step(EQUAL_LOGITS.lhs, -sp.log(sp.exp(a) / (C * sp.exp(a))), sp.log(C),
                because="sum"),),
    claims=(EQUAL_LOGITS,),
)

# ------------------------------------------------ small random logits, C = 10

_C = 10
xi = sp.symbols(f"xi_1:{_C + 1}", real=True)
s = sp.Symbol("s", real=True)          # the scale, as the expansion variable
_loss = -s * xi[0] + sp.log(sum(sp.exp(s * x) for x in xi))
standard = Assumption(
    "standardised independent logits",
    "z_k = sigma xi_k with xi_1..xi_C independent, E[xi_k] = 0, E[xi_k^2] = 1; the label is "
    "class 1 (any class, by symmetry).",
    substitutions=tuple(sp.Eq(E(x), 0) for x in xi) + tuple(sp.Eq(E(x**2), 1) for x in xi),
)
_rules = (linearity(xi), independence([[x] for x in xi]), standard)
_mean = sum(xi) / _C

SLOPE = Claim(
    "regularization.initial_loss.slope",
    "C = 10: dL/dsigma at 0 is -xi_y + mean(xi), of mean 0.",
    E(sp.Subs(sp.Derivative(_loss, s), s, 0).doit()), sp.S.Zero, slide="001",
)
CURVATURE = Claim(
    "regularization.initial_loss.curvature",
    "C = 10: d^2L/dsigma^2 at 0 is mean(xi^2) - mean(xi)^2, of mean 1 - 1/C = 9/10.",
    E(sp.expand(sp.Subs(sp.Derivative(_loss, s, 2), s, 0).doit())), sp.Rational(9, 10),
    slide="001",
)
EXPECTED = Claim(
    "regularization.initial_loss.expected",
    "C = 10, logits sigma xi: E[L] = ln 10 + 0.45 sigma^2 + O(sigma^4) (the general "
    "ln C + (C - 1) sigma^2/(2C) at C = 10).",
    sp.log(_C) + SLOPE.rhs * sigma + CURVATURE.rhs * sigma**2 / 2,
    (sp.log(C) + (C - 1) / (2 * C) * sigma**2).subs(C, _C), parameters=(sigma,), slide="001",
    implemented_by="label_smoothing_cross_entropy_forward",
)

SECOND_ORDER_DERIVATION = Derivation(
    id="regularization.initial_loss.small_logits",
    title="Small random logits: $\\mathbb{E}[\\text{initial loss}] = \\ln C + (C - 1)\\, "
          "\\sigma^2/(2C)$, to second order",
    chapter="regularization",
    assumptions=(standard,),
    slides=("000", "001"),
    references=("Karpathy, A recipe for training neural networks, 2019",),
    summary="Taylor in $\\sigma$ at 0: the slope has mean 0, the curvature mean $1 - 1/C$.",
    steps=(
        Step(SLOPE.lhs, sp.S.Zero, because="linearity", using=_rules),
        Step(CURVATURE.lhs, sp.Rational(9, 10), because="independence", using=_rules),
        Step(EXPECTED.lhs, (sp.log(C) + (C - 1) / (2 * C) * sigma**2).subs(C, _C),
             because="algebra"),
    ),
    claims=(SLOPE, CURVATURE, EXPECTED),
)
