"""A linear layer after dropout: the mean passes through, the variance adds up.

With inverted dropout on the inputs of a linear layer,

.. math::

    y_j = \\sum_{i=1}^{n} \\frac{D_i x_i}{1 - p} W_{ij},\\qquad
    E[y_j] = \\sum_i x_i W_{ij},\\qquad
    \\mathrm{Var}[y_j] = \\frac{p}{1 - p} \\sum_i x_i^2 W_{ij}^2,\\qquad
    \\mathrm{Cov}[y_j, y_l] = \\frac{p}{1 - p} \\sum_i x_i^2 W_{ij} W_{il},

for a symbolic number of inputs ``n`` (the masks ``D_i`` are independent
Bernoulli(1 - p)).  The proof pushes ``E`` through the finite sums, writes the
square of a sum as a double sum, and lets ``KroneckerDelta(i, k)`` (the same
mask when ``i = k``) collapse the double sum to a single one.  Two outputs
share every input mask, so they are correlated; DropConnect
(:mod:`derivations.dropout.dropconnect`) has the same variance but no
correlation.

>>> VARIANCE.rhs
p*Sum(W[i, j]**2*x[i]**2, (i, 1, n))/(1 - p)

Reference: Srivastava et al., JMLR 15 (2014); S. Wang and C. Manning, "Fast
dropout training", ICML 2013 (the Gaussian approximation uses this variance).
"""

from __future__ import annotations

import sympy as sp

from ..expectation import E, Var
from ..kernel import Claim, Derivation, Step
from ..sums import CONSTANT_SUM, PRODUCT_OF_SUMS, SUM_LINEARITY, expectation_linearity, sifting
from .common import (
    Dv,
    W,
    bernoulli,
    bernoulli_pairs,
    drop_rate,
    i,
    j,
    l,
    n,
    p,
    q,
    x_,
)

__all__ = ["DERIVATION", "MEAN", "VARIANCE", "output"]

_lin = expectation_linearity([Dv])
_pairs = bernoulli_pairs(Dv)
_moments = (_lin, PRODUCT_OF_SUMS, _lin, _pairs, bernoulli,
            SUM_LINEARITY, sifting(), SUM_LINEARITY, CONSTANT_SUM)


def output(col) -> sp.Expr:
    """``y_col`` of the linear layer after inverted dropout on its ``n`` inputs."""
    return sp.Sum(Dv[i] * x_[i] * W[i, col], (i, 1, n)) / q


_yj, _yl = output(j), output(l)
_mean_value = sp.Sum(x_[i] * W[i, j], (i, 1, n))
_var_value = p / q * sp.Sum(x_[i] ** 2 * W[i, j] ** 2, (i, 1, n))
_cov = E(_yj * _yl) - E(_yj) * E(_yl)
_cov_value = p / q * sp.Sum(x_[i] ** 2 * W[i, j] * W[i, l], (i, 1, n))

MEAN = Claim("dropout.linear.mean", "E[y_j] = sum_i x_i W_ij: the layer sees the mean input.",
             E(_yj), _mean_value, implemented_by="dropout_forward")
VARIANCE = Claim(
    "dropout.linear.variance",
    "Var[y_j] = p/(1 - p) * sum_i x_i^2 W_ij^2 for any number n of inputs.",
    Var(_yj), _var_value, implemented_by="dropout_forward",
)

DERIVATION = Derivation(
    id="dropout.linear",
    title="A linear layer after dropout: mean $x W$, variance $p/(1-p) \\sum_i x_i^2 W_{ij}^2$",
    chapter="dropout",
    assumptions=(drop_rate,),
    slides=("004",),
    references=("Srivastava et al., JMLR 15 (2014)", "Wang and Manning, ICML 2013"),
    summary="The masks are independent across inputs, so the variance of a weighted sum of "
            "dropped-out inputs is the weighted sum of their variances $x_i^2 p/(1 - p)$; two "
            "outputs that share the inputs covary by $p/(1 - p) \\sum_i x_i^2 W_{ij} W_{il}$.",
    steps=(
        Step(E(_yj), sp.Sum(x_[i] * W[i, j] * E(Dv[i]), (i, 1, n)) / q, _mean_value,
             because="linearity", using=(_lin, bernoulli)),
        Step(Var(_yj), _var_value, because="independence", using=_moments,
             note="E(D_i D_k) = (1-p)^2 + p(1-p) delta_ik; the delta keeps the diagonal."),
        Step(_cov, _cov_value, because="independence", using=_moments),
    ),
    claims=(
        MEAN,
        VARIANCE,
        Claim("dropout.linear.covariance",
              "Cov[y_j, y_l] = p/(1 - p) * sum_i x_i^2 W_ij W_il: outputs that share the "
              "dropped inputs are correlated.", _cov, _cov_value,
              implemented_by="dropout_forward"),
    ),
)
