"""tanh: its derivative, its link to the sigmoid, its zero mean and its bound (slide 004).

.. math::

    \\tanh'(x) = 1 - \\tanh^2(x), \\qquad \\tanh(x) = 2\\sigma(2x) - 1, \\qquad
    \\tanh'(x) = 4\\sigma'(2x), \\qquad 1 - \\tanh'(x) = \\tanh^2(x) \\ge 0,

so ``0 < tanh' <= 1`` with the maximum 1 at ``x = 0`` (four times the
sigmoid's 1/4: tanh is a sigmoid stretched by 2 in both directions), and
``E[tanh(h)] = 0`` for every ``h`` symmetric about 0.

>>> DERIVATIVE.claim("act.tanh.derivative").rhs
1 - tanh(x)**2
"""

from __future__ import annotations

import sympy as sp

from ..axioms.activations import tanh_definition
from ..expectation import linearity
from ..kernel import Assumption, Claim, Derivation, Step
from .common import TANH_SLIDE, E, sigmoid, x
from .sigmoid import dsigmoid

__all__ = ["CENTRED", "DERIVATIVE", "dtanh"]


def dtanh(z: sp.Expr) -> sp.Expr:
    """tanh'(z) = 1 - tanh(z)^2."""
    return 1 - sp.tanh(z) ** 2


DERIVATIVE = Derivation(
    id="act.tanh_derivative",
    title="$\\tanh' = 1 - \\tanh^2 = 4 \\sigma'(2x)$, at most 1",
    chapter="activations",
    steps=(
        Step(sp.Derivative(sp.tanh(x), x), dtanh(x), because="chain rule"),
        Step(sp.tanh(x), (1 - sp.exp(-2 * x)) / (1 + sp.exp(-2 * x)), 2 * sigmoid(2 * x) - 1,
             because="definition", using=(tanh_definition,),
             note="(e^x - e^{-x})/(e^x + e^{-x}), multiplied above and below by e^{-x}."),
        Step(dtanh(x), 1 - (2 * sigmoid(2 * x) - 1) ** 2, 4 * dsigmoid(2 * x),
             because="definition", using=(tanh_definition,),
             note="So tanh' <= 4 * 1/4 = 1, by act.sigmoid.gap."),
        Step(1 - dtanh(x), sp.tanh(x) ** 2, because="algebra",
             note="A square: tanh' <= 1, with equality only where tanh(x) = 0, at x = 0."),
        Step(dtanh(sp.S.Zero), 1, because="algebra"),
    ),
    claims=(
        Claim("act.tanh.derivative", "tanh'(x) = 1 - tanh(x)^2.", sp.Derivative(sp.tanh(x), x),
              dtanh(x), parameters=(x,), slide=TANH_SLIDE, implemented_by="tanh_backward"),
        Claim("act.tanh.via_sigmoid", "tanh(x) = 2 sigma(2x) - 1.", sp.tanh(x),
              2 * sigmoid(2 * x) - 1, parameters=(x,), slide=TANH_SLIDE,
              implemented_by="tanh_forward"),
        Claim("act.tanh.derivative_via_sigmoid", "tanh'(x) = 4 sigma'(2x).", dtanh(x),
              4 * dsigmoid(2 * x), parameters=(x,), slide=TANH_SLIDE),
        Claim("act.tanh.gap", "1 - tanh'(x) = tanh(x)^2 >= 0.", 1 - dtanh(x), sp.tanh(x) ** 2,
              parameters=(x,), slide=TANH_SLIDE),
        Claim("act.tanh.max", "tanh'(0) = 1, the maximum.", dtanh(sp.S.Zero), sp.S.One,
              slide=TANH_SLIDE, implemented_by="tanh_backward"),
    ),
    slides=(TANH_SLIDE,),
    summary="tanh is the sigmoid stretched: $2 \\sigma(2x) - 1$; its slope is at most 1, four "
            "times the sigmoid's, yet still below 1 away from 0 (the slide's 'затухание').",
)

h = sp.Symbol("h", real=True)
_lin = linearity([h])
symmetric = Assumption(
    "h symmetric about zero", "h and -h have the same law, so E[g(-h)] = E[g(h)] for every "
    "bounded g; used here for g = tanh (tanh(-h) = -tanh(h)).",
    substitutions=(sp.Eq(E(-sp.tanh(h)), E(sp.tanh(h))),),
)
CENTRED = Derivation(
    id="act.tanh_mean",
    title="$\\mathbb{E}[\\tanh(h)] = 0$ for $h$ symmetric about 0: tanh is centred",
    chapter="activations",
    assumptions=(symmetric,),
    steps=(
        Step(E(sp.tanh(h)), (E(sp.tanh(h)) - E(sp.tanh(-h))) / 2, because="linearity",
             using=(_lin,), note="tanh is odd: E[tanh(-h)] = -E[tanh(h)]."),
        Step((E(sp.tanh(h)) - E(sp.tanh(-h))) / 2, sp.S.Zero, because="symmetry",
             using=(symmetric,), note="h and -h have the same law."),
    ),
    claims=(Claim("act.tanh.mean", "E[tanh(h)] = 0 for symmetric h.", E(sp.tanh(h)),
                  sp.S.Zero, slide=TANH_SLIDE, implemented_by="tanh_forward"),),
    slides=(TANH_SLIDE,),
    summary="An odd function of a symmetric variable has mean zero.",
)
