"""DropConnect: the mask on the weights, not on the inputs.

DropConnect (Wan et al., 2013) drops each weight independently,
``M_ij ~ Bernoulli(1 - p)``; with the inverted scaling used here,

.. math::

    y_j = \\sum_{i=1}^{n} x_i \\frac{M_{ij} W_{ij}}{1 - p} + b_j,\\qquad
    E[y_j] = \\sum_i x_i W_{ij} + b_j,\\qquad
    \\mathrm{Cov}[y_j, y_l] = \\delta_{jl}\\,\\frac{p}{1 - p} \\sum_i x_i^2 W_{ij}^2 .

Each output has the same variance as under dropout on the inputs
(:mod:`derivations.dropout.linear`), but different outputs are uncorrelated,
because they use different weights and hence different masks.  For a fixed
mask the layer is linear, so the gradients are those of ``x @ (M*W)/(1-p) + b``:
``dL/dx_a = sum_j g_j M_aj W_aj/(1-p)``, ``dL/dW_ac = g_c x_a M_ac/(1-p)``,
``dL/db_c = g_c``.

>>> COVARIANCE.rhs
p*KroneckerDelta(j, l)*Sum(W[i, j]*W[i, l]*x[i]**2, (i, 1, n))/(1 - p)

Reference: L. Wan, M. Zeiler, S. Zhang, Y. LeCun, R. Fergus, "Regularization of
neural networks using DropConnect", ICML 2013 (they scale at test time by a
Gaussian moment match; the inverted 1/(1 - p) scale is the convention here).
"""

from __future__ import annotations

import sympy as sp

from ..expectation import E, Var
from ..kernel import Claim, Derivation, Step
from ..sums import CONSTANT_SUM, PRODUCT_OF_SUMS, SUM_LINEARITY, expectation_linearity, sifting
from .common import (
    M,
    W,
    a,
    b,
    bernoulli,
    bernoulli_pairs,
    c,
    drop_rate,
    g,
    i,
    j,
    l,
    m,
    n,
    p,
    q,
    x_,
)

__all__ = ["COVARIANCE", "DERIVATION", "GRADIENTS", "output"]

_lin = expectation_linearity([M])
_moments = (_lin, PRODUCT_OF_SUMS, _lin, bernoulli_pairs(M), bernoulli,
            SUM_LINEARITY, sifting(), SUM_LINEARITY, CONSTANT_SUM)


def output(col) -> sp.Expr:
    """Output ``col`` of the DropConnect layer."""
    return sp.Sum(x_[i] * M[i, col] * W[i, col], (i, 1, n)) / q + b[col]


_yj = output(j)
# the bias is a constant: it shifts the mean and leaves (co)variances unchanged
_zj, _zl = _yj - b[j], output(l) - b[l]
_mean_value = sp.Sum(x_[i] * W[i, j], (i, 1, n)) + b[j]
_cov = E(_zj * _zl) - E(_zj) * E(_zl)
_cov_value = sp.KroneckerDelta(j, l) * p / q * sp.Sum(x_[i] ** 2 * W[i, j] * W[i, l], (i, 1, n))
_var_value = p / q * sp.Sum(x_[i] ** 2 * W[i, j] ** 2, (i, 1, n))

COVARIANCE = Claim(
    "dropout.dropconnect.covariance",
    "Cov[y_j, y_l] = delta_jl p/(1 - p) sum_i x_i^2 W_ij W_il (zero for j != l, the "
    "variance for j = l): outputs are uncorrelated.",
    _cov, _cov_value, implemented_by="dropconnect_forward",
)

DERIVATION = Derivation(
    id="dropout.dropconnect",
    title="DropConnect: the same mean and variance per output, no correlation between outputs",
    chapter="dropout",
    assumptions=(drop_rate,),
    slides=("001",),
    references=("Wan et al., ICML 2013",),
    summary="A mask per weight keeps $\\mathbb{E}[y] = x W + b$ and gives each output the "
            "variance $p/(1-p) \\sum_i x_i^2 W_{ij}^2$, as dropout on the inputs does, but with "
            "independent noise in every output.",
    steps=(
        Step(E(_yj), _mean_value, because="linearity", using=(_lin, bernoulli)),
        Step(Var(_zj), _var_value, because="independence", using=_moments),
        Step(_cov, _cov_value, because="independence", using=_moments,
             note="E(M_ij M_kl) = (1-p)^2 + p(1-p) delta_ik delta_jl."),
    ),
    claims=(
        Claim("dropout.dropconnect.mean", "E[y_j] = sum_i x_i W_ij + b_j.", E(_yj),
              _mean_value, implemented_by="dropconnect_forward"),
        Claim("dropout.dropconnect.variance", "Var[y_j] = p/(1 - p) sum_i x_i^2 W_ij^2 (the "
              "bias b_j is a constant and drops out).", Var(_zj), _var_value,
              implemented_by="dropconnect_forward"),
        COVARIANCE,
    ),
)

# ------------------------------------------------------------------ gradients
# The loss's gradient reaches the layer as g_j = dL/dy_j; L = sum_j g_j y_j (written out
# as a double sum) has the same gradients with respect to x, W and b for a fixed mask.
_loss = (sp.Sum(sp.Sum(g[j] * x_[i] * M[i, j] * W[i, j], (i, 1, n)), (j, 1, m)) / q
         + sp.Sum(g[j] * b[j], (j, 1, m)))
_dx_value = sp.Sum(g[j] * M[a, j] * W[a, j], (j, 1, m)) / q
_dw_value = g[c] * x_[a] * M[a, c] / q
# differentiating the sums leaves Kronecker deltas (d x_i/d x_a = delta(a, i)); SymPy
# computes these intermediate forms, the kernel proves each link
_dx_delta, _dw_delta, _db_delta = (sp.Derivative(_loss, v).doit() for v in (x_[a], W[a, c], b[c]))

#: a and c index an input and an output of the layer
_IN_RANGE = (sp.Q.le(a, n), sp.Q.ge(a, 1), sp.Q.le(c, m), sp.Q.ge(c, 1))
_sift = sifting(*_IN_RANGE, *drop_rate.predicates)  # all the derivation's predicates

GRADIENTS = Derivation(
    id="dropout.dropconnect.gradient",
    title="DropConnect backward: the forward's weight mask and scale",
    chapter="dropout",
    assumptions=(drop_rate,),
    predicates=_IN_RANGE,
    slides=("001",),
    references=("Wan et al., ICML 2013",),
    summary="For the mask of the forward call, $y = x (M \\odot W)/(1 - p) + b$ is linear in "
            "$x$, $W$ and $b$; differentiating the sums gives $\\partial \\ell/\\partial x = g "
            "(M \\odot W)^\\top/(1 - p)$, $\\partial \\ell/\\partial W = M \\odot (x^\\top "
            "g)/(1 - p)$, $\\partial \\ell/\\partial b = g$.",
    steps=(
        Step(sp.Derivative(_loss, x_[a]), _dx_delta, because="chain rule",
             note="d x_i / d x_a = delta(a, i)."),
        Step(_dx_delta, _dx_value, because="sum", using=(_sift,)),
        Step(sp.Derivative(_loss, W[a, c]), _dw_delta, because="chain rule",
             note="d W_ij / d W_ac = delta(a, i) delta(c, j)."),
        Step(_dw_delta, _dw_value, because="sum", using=(_sift,)),
        Step(sp.Derivative(_loss, b[c]), _db_delta, because="chain rule"),
        Step(_db_delta, g[c], because="sum", using=(_sift,)),
    ),
    claims=(
        Claim("dropout.dropconnect.gradient.dx", "dL/dx_a = sum_j g_j M_aj W_aj/(1 - p).",
              sp.Derivative(_loss, x_[a]), _dx_value, implemented_by="dropconnect_backward"),
        Claim("dropout.dropconnect.gradient.dW", "dL/dW_ac = g_c x_a M_ac/(1 - p).",
              sp.Derivative(_loss, W[a, c]), _dw_value, implemented_by="dropconnect_backward"),
        Claim("dropout.dropconnect.gradient.db", "dL/db_c = g_c.",
              sp.Derivative(_loss, b[c]), g[c], implemented_by="dropconnect_backward"),
    ),
)
