"""GELU and SiLU, the smooth rectifiers: their derivatives.

GELU (Hendrycks & Gimpel 2016) in its exact form ``x Phi(x)`` and SiLU
(Elfwing et al. 2018) ``x sigma(x)``:

.. math::

    \\operatorname{GELU}'(x) = \\Phi(x) + x\\varphi(x), \\qquad
    \\operatorname{SiLU}'(x) = \\sigma(x)\\,(1 + x(1 - \\sigma(x))).

The tanh form ``x/2 (1 + tanh(sqrt(2/pi)(x + 0.044715 x^3)))`` is an
approximation of GELU (off by up to about 5e-4 near |x| = 2), not GELU.

>>> DERIVATIVES.claim("act.silu.derivative").rhs
(x*(1 - 1/(1 + exp(-x))) + 1)/(1 + exp(-x))
"""

from __future__ import annotations

import sympy as sp

from ..kernel import Claim, Derivation, Step
from .common import ELFWING, HENDRYCKS, Phi, gelu, sigmoid, silu, std_phi, x

__all__ = ["DERIVATIVES", "dgelu", "dsilu"]


def dgelu(z: sp.Expr) -> sp.Expr:
    """GELU'(z) = Phi(z) + z phi(z)."""
    return Phi(z) + z * std_phi(z)


def dsilu(z: sp.Expr) -> sp.Expr:
    """SiLU'(z) = sigma(z)(1 + z(1 - sigma(z)))."""
    return sigmoid(z) * (1 + z * (1 - sigmoid(z)))


DERIVATIVES = Derivation(
    id="act.smooth_derivatives",
    title="$\\operatorname{GELU}' = \\Phi + x \\varphi$ and $\\operatorname{SiLU}' = \\sigma (1 "
          "+ x (1 - \\sigma))$",
    chapter="activations",
    steps=(
        Step(sp.Derivative(gelu(x), x), dgelu(x), because="chain rule",
             note="The product rule; Phi' = phi."),
        Step(sp.Derivative(silu(x), x), sigmoid(x) + x * sigmoid(x) * (1 - sigmoid(x)),
             dsilu(x), because="chain rule",
             note="The product rule with sigma' = sigma(1 - sigma)."),
    ),
    claims=(
        Claim("act.gelu.derivative", "GELU'(x) = Phi(x) + x phi(x) (exact erf form).",
              sp.Derivative(gelu(x), x), dgelu(x), parameters=(x,), implemented_by="gelu_backward"),
        Claim("act.silu.derivative", "SiLU'(x) = sigma(x)(1 + x(1 - sigma(x))).",
              sp.Derivative(silu(x), x), dsilu(x), parameters=(x,), implemented_by="silu_backward"),
    ),
    references=(HENDRYCKS, ELFWING),
    summary="Both are x times a smooth gate; the product rule gives gate + x gate'.",
)
