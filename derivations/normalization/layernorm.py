"""Layer, group and instance normalisation: the same algebra over other axes.

Nothing in :mod:`.backward` says which axis a group runs along: the
derivation holds for any ``m`` values normalised together.  Layer
normalisation (Ba et al. 2016) takes one sample's features, group
normalisation (Wu & He 2018) one sample's ``C/G`` channels with their
spatial positions, instance normalisation one channel of one sample
(``G = C``), and batch normalisation one channel over the batch.  What
changes is the scale: ``gamma`` is per feature (per channel), so it varies
*within* a layer-norm group and stays inside the sums,

.. math::

    \\frac{\\partial \\ell}{\\partial x_i} = \\frac{1}{m\\sqrt{\\sigma^2+\\epsilon}}
    \\Big(m \\gamma_i dy_i - \\sum_j \\gamma_j dy_j
          - \\hat x_i \\sum_j \\gamma_j dy_j \\hat x_j\\Big),

and ``dgamma``, ``dbeta`` sum over the samples instead of over the group.

>>> [c.id for c in DERIVATION.claims]
['bn.layernorm.backward', 'bn.groupnorm.backward']
"""

from __future__ import annotations

import sympy as sp

from ..kernel import Claim, Derivation
from .backward import _xhat_f, backward_chain
from .hypotheses import NORMALISER
from .notation import IN_RANGE, dy, eps, j, m, sigma2

__all__ = ["DERIVATION"]

w = sp.IndexedBase("gamma", real=True)   # per-feature scale, varies within the group
bvec = sp.IndexedBase("beta", real=True)

_loss = sp.Sum(dy[j] * (w[j] * _xhat_f(j) + bvec[j]), (j, 1, m))
_lhs, _steps, _compact, _par = backward_chain(
    lambda q: w[q] * dy[q], _loss, ("gdy_i", "sum_gdy", "sum_gdy_xhat"))

DERIVATION = Derivation(
    id="bn.layernorm",
    assumptions=(NORMALISER,),
    title="Layer, group and instance normalisation: other choices of the reduced axes",
    chapter="bn",
    slides=("002",),
    references=("J. L. Ba, J. R. Kiros, G. E. Hinton. Layer Normalization. 2016.",
                "Y. Wu, K. He. Group Normalization. ECCV 2018.",
                "D. Ulyanov, A. Vedaldi, V. Lempitsky. Instance Normalization. 2016."),
    summary="The backward pass of one group with a per-feature $\\gamma$ inside the sums.",
    steps=_steps,
    predicates=IN_RANGE,
    claims=(
        Claim("bn.layernorm.backward",
              "Layer norm (a group = one sample's features): dx_i = (m gdy_i - sum gdy - xhat_i "
              "sum gdy xhat)/(m sqrt(sigma2 + eps)) with gdy = gamma * dy.",
              _lhs, _compact, parameters=(*_par, sigma2, eps, m), slide="002",
              implemented_by="layernorm_backward"),
        Claim("bn.groupnorm.backward",
              "Group norm (a group = C/G channels of one sample; instance norm G = C): the same "
              "formula over each group.",
              _lhs, _compact, parameters=(*_par, sigma2, eps, m),
              implemented_by="groupnorm_backward"),
    ),
)
