"""Hypotheses that batch normalisation's derivations state where they divide.

The kernel refuses a step whose denominator or root argument does not follow
from the listed assumptions, so the positivity of the normaliser
``sqrt(sigma2 + eps)`` is a hypothesis here, not a silent cancellation.
"""

from __future__ import annotations

import sympy as sp

from ..kernel import Assumption
from .notation import VAR, eps, m, sigma2

__all__ = ["BATCH_OF_TWO", "EPS_POSITIVE", "NORMALISER", "SPREAD"]

NORMALISER = Assumption(
    "the normaliser is positive",
    "sigma2 + eps > 0: epsilon > 0 (PyTorch requires it) or a group whose values are not all "
    "equal; otherwise xhat = (x - mu)/sqrt(sigma2 + eps) divides by zero.",
    predicates=(sp.Q.positive(sigma2 + eps), sp.Q.positive(VAR + eps)),
)
SPREAD = Assumption(
    "the group is not constant",
    "sigma2 > 0: the values of the group are not all equal (with eps >= 0 the normaliser "
    "is then positive for any rescaling of the inputs).",
    predicates=(sp.Q.positive(sigma2),),
)
EPS_POSITIVE = Assumption(
    "epsilon is positive",
    "eps > 0, as PyTorch requires: the brute-force check divides by sqrt(sigma2 + eps) "
    "with sigma2 written out, which vanishes for equal inputs.",
    predicates=(sp.Q.positive(eps),),
)

BATCH_OF_TWO = Assumption(
    "a batch of at least two", "m >= 2: the unbiased variance m/(m-1) * biased is undefined "
    "at m = 1 (one value has no spread to estimate).", predicates=(sp.Q.ge(m, 2),))
