"""Spatial dropout: one mask per channel, so a channel is kept or dropped whole.

Spatial dropout (Tompson et al., 2015; PyTorch ``Dropout2d``) draws one keep
indicator ``M_c ~ Bernoulli(1 - p)`` per (sample, channel) and multiplies
every position of the channel by ``M_c/(1 - p)``.  Each output keeps its mean,
``E[o_k] = x_k``, but the positions of a channel no longer average out the
noise: the channel mean of ``n`` positions has

.. math::

    \\mathrm{Var}\\Big[\\frac{1}{n}\\sum_k o_k\\Big] = \\frac{p}{1-p}\\,\\bar x^2
    \\quad\\text{(spatial)},\\qquad
    \\frac{p}{1-p}\\,\\frac{1}{n^2}\\sum_k x_k^2 \\quad\\text{(element-wise)},

with ``x̄`` the channel mean of the input.  The ratio ``(sum_k x_k)^2 / sum_k
x_k^2`` lies in ``[0, n]``: for a smooth feature map (all ``x_k`` equal) the
spatial variance is ``n`` times the element-wise one.

Correlation, stated exactly: two positions ``a, b`` of one channel share the
mask, so the mask parts ``M_c/(1 - p)`` are the same random variable
(correlation exactly 1) and the outputs have
``Corr(o_a, o_b) = x_a x_b / (|x_a| |x_b|) = sign(x_a) sign(x_b)`` for
``x_a, x_b != 0`` (+1 for inputs of one sign; it is undefined if an input is
0, since that output is constant).  Positions in different channels have
independent masks and covariance 0.

>>> CHANNEL_MEAN_VARIANCE.rhs
p*Sum(x[i], (i, 1, n))**2/(n**2*(1 - p))

Reference: J. Tompson, R. Goroshin, A. Jain, Y. LeCun, C. Bregler, "Efficient
object localization using convolutional networks", CVPR 2015.
"""

from __future__ import annotations

import sympy as sp

from ..expectation import E, Var, independence, linearity
from ..kernel import Assumption, Claim, Derivation, Step
from ..sums import (
    CONSTANT_SUM,
    PRODUCT_OF_SUMS,
    SUM_LINEARITY,
    expectation_linearity,
    sifting,
)
from .common import (
    M1,
    M2,
    Dv,
    bernoulli,
    bernoulli_pairs,
    drop_rate,
    i,
    k,
    n,
    p,
    q,
    x_,
)

__all__ = [
    "CHANNEL_MEAN_VARIANCE",
    "CORRELATION",
    "DERIVATION",
    "MOMENTS",
    "SAME_CHANNEL_COVARIANCE",
    "VARIANCE_PRODUCT",
]

xa, xb = sp.symbols("x_a x_b", real=True, nonzero=True)
_lin = expectation_linearity([M1])
_elin = expectation_linearity([Dv])
_plin = linearity([M1, M2])

_unit = M1 * x_[k] / q
_channel_mean = sp.Sum(M1 * x_[i] / q, (i, 1, n)) / n
_elementwise_mean = sp.Sum(Dv[i] * x_[i] / q, (i, 1, n)) / n
_cmv_value = p / q * (sp.Sum(x_[i], (i, 1, n)) / n) ** 2
_emv_value = p / (q * n**2) * sp.Sum(x_[i] ** 2, (i, 1, n))

_oa, _ob = M1 * xa / q, M1 * xb / q
_cov_same = E(_oa * _ob) - E(_oa) * E(_ob)
_corr = _cov_same / sp.sqrt(Var(_oa) * Var(_ob))
_cov_other = E(_oa * (M2 * xb / q)) - E(_oa) * E(M2 * xb / q)

_keep_less_than_one = Assumption(
    "keep probability", "0 < 1 - p, so p/(1 - p) > 0.", predicates=(sp.Q.positive(q),))

CHANNEL_MEAN_VARIANCE = Claim(
    "dropout.spatial.channel_mean_variance",
    "The channel mean of spatially dropped outputs has variance p/(1 - p) * (mean of the "
    "channel's inputs)^2.", Var(_channel_mean), _cmv_value,
    implemented_by="spatial_dropout_forward",
)

DERIVATION = Derivation(
    id="dropout.spatial",
    title="Spatial dropout: the same mean, a whole channel's worth of variance",
    chapter="dropout",
    assumptions=(drop_rate,),
    slides=("001",),
    references=("Tompson et al., CVPR 2015", "PyTorch torch.nn.Dropout2d"),
    summary="One mask per channel keeps every output's mean but makes the positions of a "
            "channel move together: their correlation is $\\operatorname{sign}(x_a x_b)$, and "
            "the channel mean keeps the full variance $p/(1-p)$ times its square instead of "
            "averaging it away.",
    steps=(
        Step(E(_unit), x_[k] * E(M1) / q, x_[k], because="linearity", using=(_lin, bernoulli)),
        Step(E(_channel_mean), sp.Sum(x_[i], (i, 1, n)) / n, because="linearity",
             using=(_lin, bernoulli)),
        Step(Var(_channel_mean), _cmv_value, because="linearity",
             using=(_lin, PRODUCT_OF_SUMS, _lin, bernoulli),
             note="The mask does not depend on the position: it factors out of the sum."),
        Step(Var(_elementwise_mean), _emv_value, because="independence",
             using=(_elin, PRODUCT_OF_SUMS, _elin, bernoulli_pairs(Dv), bernoulli,
                    SUM_LINEARITY, sifting(), SUM_LINEARITY, CONSTANT_SUM)),
    ),
    claims=(
        Claim("dropout.spatial.mean", "E[o_k] = x_k: every position keeps its mean.",
              E(_unit), x_[k], implemented_by="spatial_dropout_forward"),
        CHANNEL_MEAN_VARIANCE,
        Claim("dropout.spatial.elementwise_channel_mean_variance",
              "For comparison, element-wise dropout gives the channel mean variance "
              "p/(1 - p) * sum_k x_k^2 / n^2.", Var(_elementwise_mean), _emv_value,
              implemented_by="dropout_forward"),
    ),
)

_var_a, _var_b = xa**2 * p / q, xb**2 * p / q
_cov_same_value = xa * xb * p / q
_var_product = Var(_oa) * Var(_ob)
_var_product_value = _var_a * _var_b

SAME_CHANNEL_COVARIANCE = Claim(
    "dropout.spatial.same_channel_covariance",
    "Two positions of one channel share the mask: Cov(o_a, o_b) = x_a x_b p/(1 - p).",
    _cov_same, _cov_same_value, parameters=(xa, xb, p),
    implemented_by="spatial_dropout_forward",
)
VARIANCE_PRODUCT = Claim(
    "dropout.spatial.variance_product",
    "Each position has Var(o_a) = x_a^2 p/(1 - p), so Var(o_a) Var(o_b) = "
    "x_a^2 x_b^2 p^2/(1 - p)^2.", _var_product, _var_product_value, parameters=(xa, xb, p),
    implemented_by="spatial_dropout_forward",
)

MOMENTS = Derivation(
    id="dropout.spatial.moments",
    title="Spatial dropout: covariance and variances of two positions of one channel",
    chapter="dropout",
    assumptions=(drop_rate,),
    slides=("001",),
    references=("Tompson et al., CVPR 2015",),
    summary="With one mask $M_c$ for the channel, $o_a = M_c x_a/(1 - p)$ and $o_b = M_c x_b/(1 "
            "- p)$ have covariance $x_a x_b p/(1 - p)$ and variances $x_a^2 p/(1 - p)$, $x_b^2 "
            "p/(1 - p)$.",
    steps=(
        Step(_cov_same, _cov_same_value, because="linearity", using=(_plin, bernoulli)),
        Step(_var_product, _var_product_value, because="linearity", using=(_plin, bernoulli)),
    ),
    claims=(SAME_CHANNEL_COVARIANCE, VARIANCE_PRODUCT),
)

CORRELATION = Derivation(
    id="dropout.spatial.correlation",
    title="Spatial dropout: positions of one channel are perfectly correlated",
    chapter="dropout",
    assumptions=(drop_rate, _keep_less_than_one),
    slides=("001",),
    references=("Tompson et al., CVPR 2015",),
    summary="Two positions of one channel share the mask $M_c$: $\\operatorname{Corr}(o_a, o_b) "
            "= \\operatorname{sign}(x_a) \\operatorname{sign}(x_b)$; positions of different "
            "channels are uncorrelated.",
    steps=(
        Step(_corr, _cov_same_value / sp.sqrt(_var_product_value), because="lemma",
             using=(MOMENTS.lemma(SAME_CHANNEL_COVARIANCE.id),
                    MOMENTS.lemma(VARIANCE_PRODUCT.id))),
        Step(_cov_same_value / sp.sqrt(_var_product_value), xa * xb / (sp.Abs(xa) * sp.Abs(xb)),
             because="algebra", note="p/(1 - p) > 0 leaves the square root."),
        Step(_cov_other, 0, because="independence",
             using=(_plin, independence([[M1], [M2]]), bernoulli)),
    ),
    claims=(
        Claim("dropout.spatial.correlation",
              "Within a channel the mask part has correlation exactly 1, and "
              "Corr(o_a, o_b) = x_a x_b/(|x_a| |x_b|) = sign(x_a) sign(x_b) for x_a, x_b != 0.",
              _corr, xa * xb / (sp.Abs(xa) * sp.Abs(xb)),
              implemented_by="spatial_dropout_forward"),
        Claim("dropout.spatial.cross_channel_covariance",
              "Positions in different channels have independent masks: covariance 0.",
              _cov_other, sp.S.Zero, implemented_by="spatial_dropout_forward"),
    ),
)
