"""The backward pass of dropout: the same mask, the same scale.

The forward map of one unit is ``o = D x/(1 - p)`` with the mask ``D`` drawn
once per forward call; for that call it is a constant, so

.. math::

    \\frac{\\partial o}{\\partial x} = \\frac{D}{1 - p},\\qquad
    \\frac{\\partial L}{\\partial x} = \\frac{\\partial L}{\\partial o}\\,\\frac{D}{1 - p}.

The backward must reuse the forward's mask (a fresh mask computes the
gradient of a different network) and the forward's scale (without it the
gradient is ``1 - p`` times too small).  Classic dropout (``o = D x``, the
backward ``d = D f'(h) W d`` on slide 004) has no scale in either pass.

>>> DX.rhs
D*dout/(1 - p)
"""

from __future__ import annotations

import sympy as sp

from ..kernel import Claim, Derivation, Step
from .common import D, dout, drop_rate, p, q, x
from .inverted import output

__all__ = ["DERIVATION", "DX"]

_dx = dout * sp.Derivative(output, x)

DX = Claim("dropout.gradient.dx",
           "dL/dx = dL/do * D/(1 - p): the backward multiplies by the forward's mask and "
           "scale (0 for a dropped unit, dout/(1 - p) for a kept one).",
           _dx, D * dout / q, parameters=(D, dout, p), implemented_by="dropout_backward")

DERIVATION = Derivation(
    id="dropout.gradient",
    title="Backward through dropout: the forward's mask and scale",
    chapter="dropout",
    assumptions=(drop_rate,),
    slides=("004",),
    references=("Srivastava et al., JMLR 15 (2014)",),
    summary="For a fixed mask, dropout is linear in $x$ with slope $D/(1 - p)$: the backward "
            "multiplies the upstream gradient by that same slope.",
    steps=(
        Step(sp.Derivative(output, x), D / q, because="definition",
             note="The mask is drawn in the forward call; within the call it is a constant."),
        Step(_dx, D * dout / q, because="chain rule"),
        Step(dout * sp.Derivative(D * x, x), D * dout, because="chain rule",
             note="Classic dropout (slide 004: d = D f'(h) W d): the mask, no scale."),
    ),
    claims=(
        DX,
        Claim("dropout.gradient.classic",
              "Classic dropout (no scaling): dL/dx = dL/do * D.",
              dout * sp.Derivative(D * x, x), D * dout, parameters=(D, dout)),
    ),
)
