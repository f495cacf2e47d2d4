"""Inference: batch normalisation is an affine map, and it folds into the layer before it.

With fixed statistics ``E`` and ``V`` (the running averages), slide 000:

.. math::

    y = \\gamma \\frac{x - E}{\\sqrt{V + \\epsilon}} + \\beta
      = \\frac{\\gamma}{\\sqrt{V + \\epsilon}} x
        + \\Big(\\beta - \\frac{\\gamma E}{\\sqrt{V + \\epsilon}}\\Big).

After a linear layer ``h_q = sum_p x_p W_pq + b_q`` the two affine maps
compose into one linear layer with ``W'_pq = W_pq gamma_q / sqrt(V_q + eps)``
and ``b'_q = (b_q - E_q) gamma_q / sqrt(V_q + eps) + beta_q``.

>>> float(DERIVATION.claim("bn.inference.affine").oracle()(x=2.0, gamma=3.0, beta=1.0, E=1.0,
...                                                       V=3.0, epsilon=1.0))
2.5
"""

from __future__ import annotations

import sympy as sp

from ..kernel import Assumption, Claim, Derivation, Step
from .notation import SUMS, beta, eps, gamma, j, x

__all__ = ["DERIVATION"]

Ex, Vx = sp.symbols("E V", real=True)
xs = sp.Symbol("x", real=True)
n = sp.Symbol("n", integer=True, positive=True)  # fan_in
W = sp.IndexedBase("W")
b = sp.Symbol("b", real=True)
root = sp.sqrt(Vx + eps)

bn_eval = gamma * (xs - Ex) / root + beta
affine = gamma / root * xs + (beta - gamma * Ex / root)

h = sp.Sum(x[j] * W[j], (j, 1, n)) + b
bn_of_linear = gamma * (h - Ex) / root + beta
folded = sp.Sum(x[j] * (W[j] * gamma / root), (j, 1, n)) + ((b - Ex) * gamma / root + beta)

RUNNING_NORMALISER = Assumption(
    "the running normaliser is positive",
    "V + eps > 0: the running variance plus epsilon (PyTorch's eps > 0 makes it so).",
    predicates=(sp.Q.positive(Vx + eps),))

DERIVATION = Derivation(
    id="bn.inference",
    assumptions=(RUNNING_NORMALISER,),
    title="Inference: an affine map, folded into the preceding linear layer",
    chapter="bn",
    slides=("000", "001"),
    summary="BN at inference is $y = a x + c$ with $a = \\gamma/\\sqrt{V + \\epsilon}$, $c = "
            "\\beta - a E$; folded: $W' = W a$, $b' = (b - E)\\, a + \\beta$.",
    steps=(
        Step(bn_eval, affine, because="algebra"),
        Step(bn_of_linear, folded, because="linearity", using=SUMS,
             note="The scale moves inside the sum over the fan-in."),
    ),
    claims=(
        Claim("bn.inference.affine", "BN at inference is the affine map of slide 000",
              bn_eval, affine, parameters=(xs, gamma, beta, Ex, Vx, eps), slide="000",
              implemented_by="batchnorm_inference"),
        Claim("bn.fold", "BN(x W + b) = x W' + b' with W' = W gamma/sqrt(V+eps), "
              "b' = (b - E) gamma/sqrt(V+eps) + beta", bn_of_linear, folded,
              implemented_by="fold_batchnorm"),
    ),
)
