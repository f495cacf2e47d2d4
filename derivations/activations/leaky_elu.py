"""Leaky ReLU and ELU: linearity, continuity, smoothness and the mean (slide 004).

Leaky ReLU ``f_a(x) = x`` for ``x > 0`` and ``a x`` for ``x <= 0`` is linear
exactly when ``a = 1`` (the slide's "Важно, чтобы a != 1, иначе
линейность"): linearity forces ``f(-1) = -f(1)``, i.e. ``1 - a = 0``.

ELU ``f(x) = x`` for ``x > 0`` and ``alpha (e^x - 1)`` for ``x <= 0``
(Clevert et al. 2016; PyTorch's branch at 0) is continuous at 0 for every
``alpha``; its one-sided derivatives at 0 are ``alpha`` and 1, so its
derivative is continuous at 0 iff ``alpha = 1``.  For ``h ~ N(0, 1)``

.. math::

    E[\\operatorname{ReLU}(h)] = \\frac{1}{\\sqrt{2\\pi}} \\approx 0.399, \\qquad
    E[\\operatorname{ELU}(h)] = \\frac{1}{\\sqrt{2\\pi}}
        + \\alpha\\big(e^{1/2}\\Phi(-1) - \\tfrac12\\big) \\approx 0.399 - 0.238\\,\\alpha,

so ELU's mean is closer to 0 than ReLU's exactly when
``0 < alpha (1/2 - e^{1/2} Phi(-1)) < 2/sqrt(2 pi)``, i.e. ``0 < alpha < 3.35``
(at ``alpha = 1``: 0.160 against 0.399).

>>> LINEAR.claim("act.leaky.linear_iff").rhs
1
"""

from __future__ import annotations

import sympy as sp

from ..kernel import Assumption, Claim, Derivation, Solve, Step
from .common import CLEVERT, ELU_SLIDE, LEAKY_SLIDE, E, N, a, alpha, t, x
from .gaussian import EXPANSION, Phi_minus_1, canonical, expanded, gaussian_lemmas

__all__ = ["ELU_DERIVATIVE", "LEAKY_DERIVATIVE", "LINEAR", "MEANS", "SMOOTH", "elu", "leaky",
           "relu_pw"]


def leaky(z: sp.Expr, slope: sp.Expr = a) -> sp.Expr:
    """Leaky ReLU: z for z > 0, slope z otherwise (PyTorch's max(0, z) + slope min(0, z))."""
    return sp.Piecewise((z, z > 0), (slope * z, True))


def elu(z: sp.Expr, scale: sp.Expr = alpha) -> sp.Expr:
    """ELU: z for z > 0, scale (e^z - 1) otherwise."""
    return sp.Piecewise((z, z > 0), (scale * (sp.exp(z) - 1), True))


def relu_pw(z: sp.Expr) -> sp.Expr:
    """ReLU as a piecewise function: z for z > 0, 0 otherwise."""
    return sp.Piecewise((z, z > 0), (0, True))


a_lin = sp.Symbol("a_linear", real=True)
LINEAR = Derivation(
    id="act.leaky_linear",
    title="Leaky ReLU is linear iff $a = 1$",
    chapter="activations",
    steps=(
        Step(leaky(x, 1), x, because="algebra", note="At a = 1 both branches are x: linear."),
        Step(leaky(sp.S.One, a_lin) + leaky(-sp.S.One, a_lin), 1 - a_lin, because="algebra",
             note="A linear (odd) function has f(1) + f(-1) = 0."),
        Solve(sp.Eq(1 - a_lin, 0), a_lin, sp.S.One,
              note="a_linear is a slope at which f_a is linear: only a = 1."),
    ),
    claims=(
        Claim("act.leaky.linear_at_one", "f_1(x) = x.", leaky(x, 1), x, slide=LEAKY_SLIDE),
        Claim("act.leaky.linear_iff", "f_a is linear only for a = 1.", a_lin, sp.S.One,
              slide=LEAKY_SLIDE),
    ),
    slides=(LEAKY_SLIDE,),
    summary="One test point pair decides: $f(1) + f(-1) = 1 - a$.",
)

LEAKY_DERIVATIVE = Derivation(
    id="act.leaky_derivative",
    title="Leaky ReLU's derivative is 1 or $a$: positive for every $a > 0$",
    chapter="activations",
    predicates=(sp.Q.nonzero(x),),
    steps=(Step(sp.Derivative(leaky(x), x), sp.Piecewise((1, x > 0), (a, True)),
                because="chain rule",
                note="For x != 0: at the kink x = 0 there is no slope (for a != 1); PyTorch "
                     "takes the x <= 0 branch, a, by convention."),),
    claims=(Claim("act.leaky.derivative", "f_a'(x) = 1 for x > 0, a for x < 0.",
                  sp.Derivative(leaky(x), x), sp.Piecewise((1, x > 0), (a, True)),
                  parameters=(x, a), slide=LEAKY_SLIDE,
                  implemented_by="leaky_relu_backward"),),
    slides=(LEAKY_SLIDE,),
    summary="Two slopes, never 0 for $a \\ne 0$: a unit never stops passing gradient.",
)

ELU_DERIVATIVE = Derivation(
    id="act.elu_derivative",
    title="ELU's derivative: 1 for $x > 0$, $\\alpha e^x = f(x) + \\alpha$ for $x \\le 0$",
    chapter="activations",
    predicates=(sp.Q.nonzero(x),),  # at x = 0 the slopes 1 and alpha meet only for alpha = 1
    steps=(
        Step(sp.Derivative(elu(x), x), sp.Piecewise((1, x > 0), (alpha * sp.exp(x), True)),
             because="chain rule"),
        Step(alpha * sp.exp(x), alpha * (sp.exp(x) - 1) + alpha, because="algebra",
             note="On x <= 0 the derivative is the output plus alpha (what a backward pass "
                  "may reuse)."),
    ),
    claims=(
        Claim("act.elu.derivative", "ELU'(x) = 1 for x > 0, alpha e^x for x < 0.",
              sp.Derivative(elu(x), x), sp.Piecewise((1, x > 0), (alpha * sp.exp(x), True)),
              parameters=(x, alpha), slide=ELU_SLIDE, implemented_by="elu_backward"),
        Claim("act.elu.derivative_from_output", "alpha e^x = ELU(x) + alpha for x <= 0.",
              alpha * sp.exp(x), alpha * (sp.exp(x) - 1) + alpha, parameters=(x, alpha),
              slide=ELU_SLIDE, implemented_by="elu_backward"),
    ),
    slides=(ELU_SLIDE,), references=(CLEVERT,),
)

alpha_s = sp.Symbol("alpha_smooth", positive=True)
SMOOTH = Derivation(
    id="act.elu_smooth",
    title="ELU is continuous; its derivative is continuous at 0 iff $\\alpha = 1$",
    chapter="activations",
    steps=(
        Step(sp.Limit(alpha * (sp.exp(x) - 1), x, 0, "-"), 0, because="algebra",
             note="The left branch tends to 0 = the right branch at 0."),
        Step(sp.Limit(sp.Derivative(alpha * (sp.exp(x) - 1), x), x, 0, "-"), alpha,
             because="algebra", note="The left derivative at 0; the right one is 1."),
        Step(sp.Limit(sp.Derivative(alpha_s * (sp.exp(x) - 1), x), x, 0, "-") - 1,
             alpha_s - 1, because="algebra",
             note="alpha_smooth is a scale at which the one-sided derivatives agree."),
        Solve(sp.Eq(alpha_s - 1, 0), alpha_s, sp.S.One),
    ),
    claims=(
        Claim("act.elu.continuous", "lim_{x -> 0-} alpha (e^x - 1) = 0 = ELU(0).",
              sp.Limit(alpha * (sp.exp(x) - 1), x, 0, "-"), sp.S.Zero, slide=ELU_SLIDE,
              implemented_by="elu_forward"),
        Claim("act.elu.left_derivative", "The left derivative at 0 is alpha.",
              sp.Limit(sp.Derivative(alpha * (sp.exp(x) - 1), x), x, 0, "-"), alpha,
              parameters=(alpha,), slide=ELU_SLIDE, implemented_by="elu_backward"),
        Claim("act.elu.smooth_iff", "ELU' is continuous at 0 only for alpha = 1.", alpha_s,
              sp.S.One, slide=ELU_SLIDE),
    ),
    slides=(ELU_SLIDE,), references=(CLEVERT,),
    summary="Both branches meet at 0 for any $\\alpha$; their slopes meet only at $\\alpha = "
            "1$.",
)

z = N(0, 1)
standard_normal = Assumption("h ~ N(0, 1)", "The input h is a standard normal variable.")
_relu_split = canonical(sp.Integral(t * sp.exp(-t**2 / 2), (t, 0, sp.oo))) / sp.sqrt(2 * sp.pi)
_lemmas = gaussian_lemmas()
relu_mean = 1 / sp.sqrt(2 * sp.pi)
elu_mean = 1 / sp.sqrt(2 * sp.pi) + alpha * (sp.exp(sp.Rational(1, 2)) * Phi_minus_1
                                            - sp.Rational(1, 2))
MEANS = Derivation(
    id="act.elu_mean",
    title="$\\mathbb{E}[\\operatorname{ReLU}(h)] = 1/\\sqrt{2\\pi}$ and "
          "$\\mathbb{E}[\\operatorname{ELU}(h)] = 1/\\sqrt{2\\pi} + \\alpha (e^{1/2} \\Phi(-1) "
          "- 1/2)$",
    chapter="activations",
    assumptions=(standard_normal,),
    steps=(
        Step(E(relu_pw(z)), expanded(E(relu_pw(z))),
             because="integral", using=EXPANSION,
             note="The density, the split at 0 and linearity."),
        Step(expanded(E(relu_pw(z))), relu_mean,
             because="lemma", using=_lemmas),
        Step(E(elu(z)), expanded(E(elu(z))),
             because="integral", using=EXPANSION),
        Step(expanded(E(elu(z))), elu_mean,
             because="lemma", using=_lemmas),
        Step(relu_mean - elu_mean, alpha * (sp.Rational(1, 2)
                                            - sp.exp(sp.Rational(1, 2)) * Phi_minus_1),
             because="algebra", note="ELU is below ReLU on average by alpha times 0.238."),
    ),
    claims=(
        Claim("act.relu.gaussian_mean", "E[ReLU(h)] = 1/sqrt(2 pi) for h ~ N(0, 1).",
              E(relu_pw(z)), relu_mean, slide="004: ReLU activation",
              implemented_by="relu_forward"),
        Claim("act.elu.gaussian_mean", "E[ELU(h)] = 1/sqrt(2 pi) + alpha (e^(1/2) Phi(-1) - "
              "1/2) for h ~ N(0, 1).", E(elu(z)), elu_mean, parameters=(alpha,),
              slide=ELU_SLIDE, implemented_by="elu_forward"),
        Claim("act.elu.mean_gap", "E[ReLU(h)] - E[ELU(h)] = alpha (1/2 - e^(1/2) Phi(-1)).",
              relu_mean - elu_mean, alpha * (sp.Rational(1, 2)
                                            - sp.exp(sp.Rational(1, 2)) * Phi_minus_1),
              parameters=(alpha,), slide=ELU_SLIDE),
    ),
    slides=(ELU_SLIDE,), references=(CLEVERT,),
    summary="ELU gives back a negative part on $h < 0$, pulling the mean towards 0; closer to 0 "
            "than ReLU's while the gap $0.238\\,\\alpha$ is below twice ReLU's mean, 0.798.",
)
_ = _relu_split
