"""SELU's constants re-derived from the two fixed-point conditions (Klambauer et al. 2017).

``SELU(x) = lam ELU_alpha(x)``.  A layer whose pre-activation is ``z ~ N(0, 1)``
keeps mean 0 and variance 1 when

.. math::

    E[\\operatorname{SELU}(z)] = \\lambda\\Big(\\tfrac{1}{\\sqrt{2\\pi}}
        + \\alpha\\big(e^{1/2}\\Phi(-1) - \\tfrac12\\big)\\Big) = 0, \\qquad
    E[\\operatorname{SELU}(z)^2] = \\lambda^2\\Big(\\tfrac12 + \\alpha^2\\big(e^2\\Phi(-2)
        - 2e^{1/2}\\Phi(-1) + \\tfrac12\\big)\\Big) = 1 .

The first is linear in ``alpha`` (``lam > 0`` divides out), the second
quadratic in ``lam > 0``: each has exactly one solution,

.. math::

    \\alpha_{01} = \\frac{1}{\\sqrt{2\\pi}\\,(1/2 - e^{1/2}\\Phi(-1))}, \\qquad
    \\lambda_{01} = \\Big(\\tfrac12 + \\alpha_{01}^2\\big(e^2\\Phi(-2) - 2e^{1/2}\\Phi(-1)
        + \\tfrac12\\big)\\Big)^{-1/2},

closed forms in ``erf``; evaluated to 30 digits they are the paper's
1.6732632423543772... and 1.0507009873554805... (tests/activations).

>>> sp.N(ALPHA.claim("act.selu.alpha").rhs, 20)
1.6732632423543772848
>>> sp.N(LAMBDA.claim("act.selu.lambda").rhs, 20)
1.0507009873554804934
"""

from __future__ import annotations

import sympy as sp

from ..kernel import Assumption, Claim, Derivation, Solve, Step
from .common import SELU_PAPER, E, N
from .gaussian import EXPANSION, Phi_minus_1, Phi_minus_2, expanded, gaussian_lemmas
from .leaky_elu import elu

__all__ = ["ALPHA", "LAMBDA", "alpha01", "lam01", "selu", "selu_second_moment"]

alpha01 = sp.Symbol("alpha_01", positive=True)
lam01 = sp.Symbol("lambda_01", positive=True)


def selu(z: sp.Expr, scale: sp.Expr = lam01, alpha_: sp.Expr = alpha01) -> sp.Expr:
    """SELU(z) = scale * ELU_alpha(z)."""
    return sp.piecewise_fold(scale * elu(z, alpha_))


z = N(0, 1)
_sqrt_e = sp.exp(sp.Rational(1, 2))
fixed_point = Assumption(
    "the fixed point (0, 1)", "The pre-activation is z ~ N(0, 1): Klambauer et al.'s fixed "
    "point mu = 0, nu = 1 with normalised weights (sum w = 0, sum w^2 = 1).")
mean_expr = lam01 * (1 / sp.sqrt(2 * sp.pi) + alpha01 * (_sqrt_e * Phi_minus_1
                                                         - sp.Rational(1, 2)))
#: 1/(sqrt(2 pi)(1/2 - e^(1/2) Phi(-1))), written expanded as SymPy's solve returns it
alpha_value = sp.sqrt(2) / (sp.sqrt(sp.pi) * (1 - _sqrt_e + _sqrt_e * sp.erf(1 / sp.sqrt(2))))
ALPHA = Derivation(
    id="act.selu_alpha",
    title="SELU's $\\alpha$ from $\\mathbb{E}[\\operatorname{SELU}(z)] = 0$",
    chapter="activations",
    assumptions=(fixed_point,),
    steps=(
        Step(E(selu(z)), expanded(E(selu(z))), because="integral", using=EXPANSION),
        Step(expanded(E(selu(z))), mean_expr, because="lemma", using=gaussian_lemmas()),
        Solve(sp.Eq(mean_expr, 0), alpha01, alpha_value,
              note="Linear in alpha once lambda > 0 divides out."),
    ),
    claims=(
        Claim("act.selu.mean", "E[SELU(z)] = lam (1/sqrt(2 pi) + alpha (e^(1/2) Phi(-1) - 1/2)) "
              "for z ~ N(0, 1).", E(selu(z)), mean_expr, parameters=(lam01, alpha01),
              implemented_by="selu_forward"),
        Claim("act.selu.alpha", "alpha_01 = 1/(sqrt(2 pi)(1/2 - e^(1/2) Phi(-1))) "
              "= 1.6732632423543772...", alpha01, alpha_value, implemented_by="selu_forward"),
    ),
    references=(SELU_PAPER,),
    summary="The mean condition is linear in $\\alpha$: the negative branch must give back "
            "exactly the positive part's mean $1/\\sqrt{2\\pi}$.",
)

K = sp.exp(2) * Phi_minus_2 - 2 * _sqrt_e * Phi_minus_1 + sp.Rational(1, 2)
selu_second_moment = lam01**2 * (sp.Rational(1, 2) + alpha01**2 * K)
lambda_value = 1 / sp.sqrt(sp.Rational(1, 2) + alpha_value**2 * K)
m_selu = sp.Symbol("m_SELU", positive=True)
bracket = Assumption(
    "m_SELU names E[ELU_alpha(z)^2]", "m_SELU = 1/2 + alpha_01^2 (e^2 Phi(-2) - 2 e^(1/2) "
    "Phi(-1) + 1/2) = E[ELU(z)^2] at alpha_01 (with ELU's scale lambda taken out); it is "
    "positive, the second moment of a variable that is not almost surely 0 (the bracket "
    "multiplying alpha^2 is E[(e^z - 1)^2 1{z < 0}] > 0).",
    substitutions=(sp.Eq(m_selu, sp.Rational(1, 2) + alpha01**2 * K),),
)
LAMBDA = Derivation(
    id="act.selu_lambda",
    title="SELU's $\\lambda$ from $\\mathbb{E}[\\operatorname{SELU}(z)^2] = 1$",
    chapter="activations",
    assumptions=(fixed_point, bracket),
    steps=(
        Step(E(selu(z) ** 2), expanded(E(selu(z) ** 2)), because="integral", using=EXPANSION),
        Step(expanded(E(selu(z) ** 2)), selu_second_moment, because="lemma",
             using=gaussian_lemmas(), note="(e^t - 1)^2 = e^(2t) - 2 e^t + 1."),
        Step(selu_second_moment, lam01**2 * m_selu, because="definition", using=(bracket,)),
        Solve(sp.Eq(lam01**2 * m_selu, 1), lam01, 1 / sp.sqrt(m_selu),
              note="lambda > 0 and m_SELU > 0: the one positive root."),
        Step(1 / sp.sqrt(m_selu), lambda_value, because="lemma",
             using=(bracket, ALPHA.lemma("act.selu.alpha")),
             note="alpha_01 from the mean condition."),
    ),
    claims=(
        Claim("act.selu.second_moment", "E[SELU(z)^2] = lam^2 (1/2 + alpha^2 (e^2 Phi(-2) - "
              "2 e^(1/2) Phi(-1) + 1/2)) for z ~ N(0, 1).", E(selu(z) ** 2),
              selu_second_moment, parameters=(lam01, alpha01), implemented_by="selu_forward"),
        Claim("act.selu.lambda", "lambda_01 = (1/2 + alpha_01^2 (e^2 Phi(-2) - 2 e^(1/2) "
              "Phi(-1) + 1/2))^(-1/2) = 1.0507009873554805...", lam01, lambda_value,
              implemented_by="selu_forward"),
    ),
    references=(SELU_PAPER,),
    summary="With $\\alpha$ fixed by the mean, the variance condition is $\\lambda^2$ times a "
            "positive number $= 1$.",
)
