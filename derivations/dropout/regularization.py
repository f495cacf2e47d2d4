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
with the mean and variance of :mod:`derivations.dropout.linear`; summed over
examples, the order of the two finite sums is exchanged.

>>> L2.rhs.args[1] if L2.rhs.args[0].has(t) else L2.rhs.args[0]
p*Sum(X[r, i]**2*w[i]**2, (i, 1, n), (r, 1, m))/(1 - p)

Reference: S. Wager, S. Wang, P. Liang, "Dropout training as adaptive
regularization", NIPS 2013 (arXiv:1307.1493, cited on slide 004);
Srivastava et al., JMLR 15 (2014), section 9.1.
"""

from __future__ import annotations

import sympy as sp

from ..expectation import E
from ..kernel import Claim, Derivation, Step
from .common import (
    Dv,
    bernoulli,
    bernoulli_pairs,
    drop_rate,
    exchange_sums,
    i,
    m,
    n,
    p,
    q,
    square_of_sum,
    sum_linearity,
    w,
)

__all__ = ["DERIVATION", "L2", "L2_CLASSIC"]

r = sp.Symbol("r", integer=True, positive=True)
X = sp.IndexedBase("X", real=True)
t = sp.IndexedBase("t", real=True)

_lin = sum_linearity([Dv])
_moments = (_lin, square_of_sum, _lin, bernoulli_pairs("D"), bernoulli)


def _loss(scale):
    return sp.Sum((t[r] - scale * sp.Sum(Dv[r, i] * X[r, i] * w[i], (i, 1, n))) ** 2, (r, 1, m))


_inverted, _classic = _loss(1 / q), _loss(1)
_fit = sp.Sum((t[r] - sp.Sum(X[r, i] * w[i], (i, 1, n))) ** 2, (r, 1, m))
_fit_classic = sp.Sum((t[r] - q * sp.Sum(X[r, i] * w[i], (i, 1, n))) ** 2, (r, 1, m))
_penalty_rows = sp.Sum(sp.Sum(X[r, i] ** 2 * w[i] ** 2, (i, 1, n)), (r, 1, m))
_penalty = sp.Sum(X[r, i] ** 2 * w[i] ** 2, (i, 1, n), (r, 1, m))

L2 = Claim(
    "dropout.l2",
    "Inverted dropout on the inputs of linear regression: E[sum_r (t_r - yhat_r)^2] = "
    "sum_r (t_r - sum_i X_ri w_i)^2 + p/(1 - p) sum_i w_i^2 sum_r X_ri^2 (the deterministic "
    "model is the test-time model with the trained weights w).",
    E(_inverted), _fit + p / q * _penalty, implemented_by="dropout_forward",
)
L2_CLASSIC = Claim(
    "dropout.l2.classic",
    "Classic dropout (no training scale): E[loss] = sum_r (t_r - (1-p) sum_i X_ri w_i)^2 + "
    "p (1 - p) sum_i w_i^2 sum_r X_ri^2 (the deterministic model has weights (1-p) w).",
    E(_classic), _fit_classic + p * q * _penalty, implemented_by="dropout_forward",
)

DERIVATION = Derivation(
    id="dropout.l2",
    title="Dropout on linear regression is an L2 penalty weighted by the features' scale",
    chapter="dropout",
    assumptions=(drop_rate,),
    predicates=(sp.Q.le(i, n), sp.Q.ge(i, 1), sp.Q.le(r, m), sp.Q.ge(r, 1)),
    slides=("004",),
    references=("Wager, Wang and Liang, NIPS 2013 (arXiv:1307.1493)",
                "Srivastava et al., JMLR 15 (2014), section 9.1"),
    summary="The expected squared loss under dropout is the deterministic loss plus "
    "p/(1-p) sum_i w_i^2 sum_r X_ri^2: bias-variance per example, then summed.",
    steps=(
        Step(E(_inverted), _fit + p / q * _penalty_rows, because="independence",
             using=_moments,
             note="Per example E[(t - yhat)^2] = (t - E yhat)^2 + Var yhat; masks are "
             "independent across inputs and examples."),
        Step(_fit + p / q * _penalty_rows, _fit + p / q * _penalty, because="sum",
             using=(exchange_sums,)),
        Step(E(_classic), _fit_classic + p * q * _penalty_rows, because="independence",
             using=_moments),
        Step(_fit_classic + p * q * _penalty_rows, _fit_classic + p * q * _penalty,
             because="sum", using=(exchange_sums,)),
    ),
    claims=(L2, L2_CLASSIC),
)
