"""Dropout as an L2 penalty: linear regression with squared loss (Wager et al., 2013).

Drop the inputs of a linear regression ``t_r ~ sum_i X_ri w_i`` with inverted
dropout, ``yhat_r = sum_i D_ri X_ri w_i/(1 - p)``.  The expected squared loss
over the masks is the loss of the deterministic model plus a penalty:

.. math::

    E_D\\Big[\\sum_r (t_r - \\hat y_r)^2\\Big] = \\sum_r \\Big(t_r - \\sum_i X_{ri} w_i\\Big)^2
    + \\frac{p}{1 - p} \\sum_i w_i^2 \\sum_r X_{ri}^2 ,

an L2 penalty on ``w_i`` weighted by the second moment of feature ``i``
(ridge regression after scaling feature ``i`` by its root mean square).

Which model is "the scaled model", stated exactly.  Under *inverted* dropout
(the convention of this project) the deterministic model on the right is the
test-time model with the trained weights ``w`` unchanged: the ``1/(1-p)`` was
applied in training.  Under *classic* dropout (``yhat_r = sum_i D_ri X_ri w_i``,
no training scale) the expected loss is
``sum_r (t_r - (1-p) sum_i X_ri w_i)^2 + p (1-p) sum_i w_i^2 sum_r X_ri^2``:
the deterministic model is the test-time model with weights ``(1-p) w``, and
in those weights ``v = (1-p) w`` the penalty is again
``p/(1-p) sum_i v_i^2 sum_r X_ri^2``.

The proof: per example, ``E[(t - yhat)^2] = (t - E[yhat])^2 + Var[yhat]``
with the mean and variance of :mod:`derivations.dropout.linear` (the masks of
different inputs are independent); the dataset's loss is the sum over
examples, and ``sum_r sum_i X_ri^2 w_i^2 = sum_i w_i^2 sum_r X_ri^2``.

>>> EXAMPLE.rhs
p*Sum(X[r, i]**2*w[i]**2, (i, 1, n))/(1 - p) + (t[r] - Sum(X[r, i]*w[i], (i, 1, n)))**2

Reference: S. Wager, S. Wang, P. Liang, "Dropout training as adaptive
regularization", NIPS 2013 (arXiv:1307.1493, cited on slide 004);
Srivastava et al., JMLR 15 (2014), section 9.1.
"""

from __future__ import annotations

import sympy as sp

from ..expectation import E
from ..kernel import Claim, Derivation, Lemma, Step
from ..sums import CONSTANT_SUM, PRODUCT_OF_SUMS, SUM_LINEARITY, expectation_linearity, sifting
from .common import (
    Dv,
    bernoulli,
    bernoulli_pairs,
    drop_rate,
    i,
    m,
    n,
    p,
    q,
    w,
)

__all__ = ["DERIVATION", "EXAMPLE", "EXAMPLES", "L2", "L2_CLASSIC"]

r = sp.Symbol("r", integer=True, positive=True)
X = sp.IndexedBase("X")  # the data: a constant (regularization's draws X are random)
t = sp.IndexedBase("t", real=True)

_lin = expectation_linearity([Dv])
_moments = (_lin, PRODUCT_OF_SUMS, _lin, bernoulli_pairs(Dv), bernoulli,
            SUM_LINEARITY, sifting(), SUM_LINEARITY, CONSTANT_SUM)


def _row(scale):
    """The squared error of example ``r`` under dropout (``scale`` 1/(1-p): inverted)."""
    return (t[r] - scale * sp.Sum(Dv[r, i] * X[r, i] * w[i], (i, 1, n))) ** 2


_fit_r = (t[r] - sp.Sum(X[r, i] * w[i], (i, 1, n))) ** 2
_penalty_r = sp.Sum(X[r, i] ** 2 * w[i] ** 2, (i, 1, n))
_example = _fit_r + p / q * _penalty_r
_classic_example = (t[r] - q * sp.Sum(X[r, i] * w[i], (i, 1, n))) ** 2 + p * q * _penalty_r
_loss = sp.Sum(_row(1 / q), (r, 1, m))
_per_row = sp.Sum(E(_row(1 / q)), (r, 1, m))
_value = sp.Sum(_example, (r, 1, m))

EXAMPLE = Claim(
    "dropout.l2.example",
    "One example, inverted dropout: E[(t - yhat)^2] = (t - sum_i x_i w_i)^2 + "
    "p/(1 - p) sum_i x_i^2 w_i^2 (bias-variance: the variance of yhat is the penalty).",
    E(_row(1 / q)), _example, implemented_by="dropout_forward",
)
L2 = Claim(
    "dropout.l2",
    "Inverted dropout on the inputs of linear regression: E[sum_r (t_r - yhat_r)^2] = "
    "sum_r [(t_r - sum_i X_ri w_i)^2 + p/(1 - p) sum_i X_ri^2 w_i^2] = the squared loss of the "
    "test-time model (weights w) + p/(1 - p) sum_i w_i^2 sum_r X_ri^2.",
    E(_loss), _value, implemented_by="dropout_forward",
)
L2_CLASSIC = Claim(
    "dropout.l2.classic",
    "Classic dropout (no training scale), one example: E[(t - sum_i D_i x_i w_i)^2] = "
    "(t - (1-p) sum_i x_i w_i)^2 + p (1 - p) sum_i x_i^2 w_i^2: the deterministic model has "
    "weights (1-p) w, and in those weights v the penalty is p/(1-p) sum_i v_i^2 x_i^2.",
    E(_row(1)), _classic_example, implemented_by="dropout_forward",
)

EXAMPLES = Derivation(
    id="dropout.l2.example",
    title="Dropout on one example of linear regression: bias plus variance",
    chapter="dropout",
    assumptions=(drop_rate,),
    slides=("004",),
    references=("Wager, Wang and Liang, NIPS 2013 (arXiv:1307.1493)",
                "Srivastava et al., JMLR 15 (2014), section 9.1"),
    summary="$\\mathbb{E}[(t - \\hat y)^2] = (t - \\mathbb{E}[\\hat y])^2 + "
            "\\operatorname{Var}(\\hat y)$ for one example, with inverted and with classic "
            "dropout.",
    steps=(
        Step(E(_row(1 / q)), _example, because="independence", using=_moments,
             note="E[(t - yhat)^2] = (t - E yhat)^2 + Var yhat; the masks are independent."),
        Step(E(_row(1)), _classic_example, because="independence", using=_moments),
    ),
    claims=(EXAMPLE, L2_CLASSIC),
)


def _for_every_row(lemma: Lemma) -> Lemma:
    """``lemma`` (proved for a generic row ``r``) applied inside ``Sum(.., (r, 1, m))``."""
    return lemma.for_all(r)


DERIVATION = Derivation(
    id="dropout.l2",
    title="Dropout on linear regression is an L2 penalty weighted by the features' scale",
    chapter="dropout",
    assumptions=(drop_rate,),
    slides=("004",),
    references=("Wager, Wang and Liang, NIPS 2013 (arXiv:1307.1493)",
                "Srivastava et al., JMLR 15 (2014), section 9.1"),
    summary="The expected squared loss under dropout is the deterministic loss plus $p/(1-p) "
            "\\sum_i w_i^2 \\sum_r X_{ri}^2$: bias-variance per example, then summed.",
    steps=(
        Step(E(_loss), _per_row, because="linearity", using=(_lin,)),
        Step(_per_row, _value, because="lemma",
             using=(_for_every_row(EXAMPLES.lemma(EXAMPLE.id)),)),
    ),
    claims=(L2,),
)
