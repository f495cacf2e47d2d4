"""Batch normalisation, forward: the statistics and what the normalised values satisfy.

For a group of ``m`` values (one feature over the batch of an ``(N, D)``
input, or one channel over ``(N, H, W)`` of an ``(N, C, H, W)`` input;
Ioffe & Szegedy 2015, Algorithm 1):

.. math::

    \\mu = \\frac1m \\sum_k x_k, \\quad
    \\sigma^2 = \\frac1m \\sum_k (x_k - \\mu)^2, \\quad
    \\hat x_i = \\frac{x_i - \\mu}{\\sqrt{\\sigma^2 + \\epsilon}}, \\quad
    y_i = \\gamma \\hat x_i + \\beta .

The normalised values have mean exactly 0 and mean square
``sigma2/(sigma2 + eps)`` -- slightly below 1 because of ``eps``.

>>> DERIVATION.prove().ok
True
>>> DERIVATION.claim("bn.forward.second_moment").rhs
sigma2/(epsilon + sigma2)
"""

from __future__ import annotations

import sympy as sp

from ..kernel import Claim, Derivation, Lemma, Step
from .hypotheses import NORMALISER
from .notation import MU_DEFINITION, SUMS, VAR_DEFINITION, eps, j, m, mu, sigma2, x

__all__ = ["DERIVATION", "SUM_SQ", "SUM_X", "xhat"]


def xhat(q) -> sp.Expr:
    """The normalised value ``(x_q - mu)/sqrt(sigma2 + eps)`` in the statistics' symbols."""
    return (x[q] - mu) / sp.sqrt(sigma2 + eps)


sum_x = sp.Sum(x[j], (j, 1, m))
sum_sq = sp.Sum((x[j] - mu) ** 2, (j, 1, m))
sum_xhat = sp.Sum(xhat(j), (j, 1, m))
mean_sq_xhat = sp.Sum(xhat(j) ** 2, (j, 1, m)) / m

#: the two sums as rewrite rules for later steps (a claim of this derivation, which the
#: kernel accepts once the steps before the use establish it) and for later modules
SUM_X = Lemma("bn.forward.sum_x", sp.Eq(sum_x, m * mu), "bn.forward.sum_x")
SUM_SQ = Lemma("bn.forward.sum_sq", sp.Eq(sum_sq, m * sigma2), "bn.forward.sum_sq")

DERIVATION = Derivation(
    id="bn.forward",
    title="The forward pass and the moments of the normalised values",
    chapter="bn",
    slides=("000", "001", "004"),
    references=("S. Ioffe, C. Szegedy. Batch Normalization: Accelerating Deep Network Training "
                "by Reducing Internal Covariate Shift. ICML 2015, Algorithm 1.",),
    summary="The batch mean and the biased batch variance; the normalised values sum to zero "
            "and their mean square is $\\sigma^2/(\\sigma^2 + \\epsilon)$.",
    assumptions=(NORMALISER,),
    steps=(
        Step(sum_x, m * mu, because="definition", using=(MU_DEFINITION, *SUMS),
             note="The values sum to m times their mean."),
        Step(sum_sq, m * sigma2, because="definition",
             using=(VAR_DEFINITION, MU_DEFINITION, *SUMS),
             note="The squared deviations sum to m times the biased variance."),
        Step(sum_xhat, (sum_x - m * mu) / sp.sqrt(sigma2 + eps), because="sum",
             using=SUMS),
        Step((sum_x - m * mu) / sp.sqrt(sigma2 + eps), sp.S.Zero, because="lemma",
             using=(SUM_X,),
             note="The deviations from the mean cancel."),
        Step(mean_sq_xhat, sum_sq / (m * (sigma2 + eps)), because="sum", using=SUMS),
        Step(sum_sq / (m * (sigma2 + eps)), sigma2 / (sigma2 + eps), because="lemma",
             using=(SUM_SQ,)),
    ),
    claims=(
        Claim("bn.forward.sum_x", "The values of a group sum to m times their mean.",
              sum_x, m * mu),
        Claim("bn.forward.sum_sq", "The squared deviations sum to m times the biased variance.",
              sum_sq, m * sigma2),
        Claim("bn.forward.mean_zero", "The normalised values of a group sum to zero.",
              sum_xhat, sp.S.Zero, implemented_by="batchnorm_forward"),
        Claim("bn.forward.second_moment",
              "The normalised values have mean square sigma2/(sigma2 + eps), not 1.",
              mean_sq_xhat, sigma2 / (sigma2 + eps), parameters=(sigma2, eps),
              implemented_by="batchnorm_forward"),
    ),
)

# for later modules: the claims as lemmas of this derivation (they carry its hypotheses)
SUM_X = DERIVATION.lemma("bn.forward.sum_x")
SUM_SQ = DERIVATION.lemma("bn.forward.sum_sq")
