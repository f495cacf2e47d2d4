"""Dropout before batch norm: the variance shift (Li et al., 2019).

Let a unit's input ``X`` be random over the batch with mean ``mu`` and
variance ``sigma2``, independent of the mask.  Batch norm after inverted
dropout normalises with the statistics of ``o = D X/(1 - p)`` in training and
with those of ``o = X`` at test time (dropout is the identity there).  The
means agree (``E[o] = mu``) but the variances do not:

.. math::

    \\mathrm{Var}_{\\text{train}}[o] = \\frac{\\sigma^2 + p\\,\\mu^2}{1 - p},\\qquad
    \\mathrm{Var}_{\\text{test}}[o] = \\sigma^2,\\qquad
    \\frac{\\mathrm{Var}_{\\text{test}}}{\\mathrm{Var}_{\\text{train}}}
    = \\frac{(1 - p)\\,\\sigma^2}{\\sigma^2 + p\\,\\mu^2} < 1 .

The running variance that batch norm accumulates in training is the training
variance, so at test time its output has variance ``Var_test/Var_train``
instead of 1: the "variance shift".  (Li et al. write ``p`` for the *keep*
probability; their ``Var_train = (c^2 + v)/p - c^2`` is this formula with
``p -> 1 - p``, ``c = mu``, ``v = sigma2``.)

>>> SHIFT.rhs
sigma2*(1 - p)/(mu**2*p + sigma2)

Reference: X. Li, S. Chen, X. Hu, J. Yang, "Understanding the disharmony
between dropout and batch normalization by variance shift", CVPR 2019 (cited
on slide 004: "with batch norm, reduce the strength of dropout").
"""

from __future__ import annotations

import sympy as sp

from ..expectation import E, Var, independence, linearity
from ..kernel import Assumption, Claim, Derivation, Step
from .common import D, X, bernoulli, drop_rate, mu, p, q, sigma2

__all__ = ["DERIVATION", "SHIFT", "TRAIN_VARIANCE"]

_moments = Assumption(
    "input moments",
    "The input X has mean mu and variance sigma2 over the batch and is independent of the "
    "mask D.",
    substitutions=(sp.Eq(E(X**2), sigma2 + mu**2), sp.Eq(E(X), mu)),
)
_rules = (linearity([D, X]), independence([[D], [X]]), bernoulli, _moments)

_train = D * X / q
_var_train = Var(_train)
_var_train_value = (sigma2 + p * mu**2) / q
_var_test = Var(X)
_shift = _var_test / _var_train
_shift_value = q * sigma2 / (sigma2 + p * mu**2)

TRAIN_VARIANCE = Claim(
    "dropout.bn_shift.train_variance",
    "In training, batch norm after inverted dropout sees Var[o] = (sigma2 + p mu^2)/(1 - p).",
    _var_train, _var_train_value, parameters=(sigma2, mu, p),
    implemented_by="dropout_forward",
)
SHIFT = Claim(
    "dropout.bn_shift.ratio",
    "Var_test/Var_train = (1 - p) sigma2/(sigma2 + p mu^2): the test-time input to batch "
    "norm has a smaller variance than the running statistics were collected on.",
    _shift, _shift_value, parameters=(sigma2, mu, p), implemented_by="dropout_forward",
)

DERIVATION = Derivation(
    id="dropout.bn_shift",
    title="Dropout before batch norm: training and test variances differ",
    chapter="dropout",
    assumptions=(drop_rate, _moments),
    slides=("004",),
    references=("Li, Chen, Hu and Yang, CVPR 2019",),
    summary="The mean survives dropout but the variance becomes $(\\sigma^2 + p \\mu^2)/(1-p)$ "
            "in training and $\\sigma^2$ at test time; batch norm's running variance is the "
            "training one.",
    steps=(
        Step(E(_train), mu, because="independence", using=_rules),
        Step(_var_train, (sigma2 + mu**2) / q - mu**2, _var_train_value,
             because="independence", using=_rules),
        Step(_var_test, sigma2, because="assumption", using=_rules),
        Step(_shift, sigma2 / _var_train_value, because="independence", using=_rules),
        Step(sigma2 / _var_train_value, _shift_value, because="algebra"),
    ),
    claims=(
        Claim("dropout.bn_shift.mean", "E[o] = mu in training, as at test time.",
              E(_train), mu, parameters=(mu,), implemented_by="dropout_forward"),
        TRAIN_VARIANCE,
        Claim("dropout.bn_shift.test_variance", "At test time Var[o] = Var[X] = sigma2.",
              _var_test, sigma2, parameters=(sigma2,), implemented_by="dropout_forward"),
        SHIFT,
    ),
)
