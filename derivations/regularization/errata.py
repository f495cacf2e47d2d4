"""The slides' regularization formulas, checked.

Every formula on the slides this chapter covers was compared with its derivation:
deck 002's weight-decay argument :math:`z' = w\\cdot(x + \\varepsilon) = z + w\\cdot\\varepsilon`,
its L1 and L2 penalties :math:`\\lambda\\sum_i|w_i|` and :math:`\\lambda\\sum_i w_i^2`, and
deck 004's :math:`\\lambda\\sum w_i^2` and :math:`\\lambda\\sum|w_i|` are right as written.
Deck 004's Wager et al. quotation (dropout is first-order an L2 penalty after scaling the
features) is the dropout chapter's claim ``dropout.l2`` (a penalty
:math:`\\frac{p}{1-p}\\sum_i w_i^2\\sum_r X_{ri}^2`, L2 after scaling feature :math:`i`).
The errata below are what is wrong or ambiguous; each is confirmed by the machine at a
counterexample.
"""

from __future__ import annotations

import sympy as sp

from ..kernel import Erratum
from . import early_stopping, feature_scaling, l2

__all__ = ["ERRATA"]

_lam, _x, _W, _b = sp.symbols("lambda x W b", real=True)

KERAS_ACTIVITY = Erratum(
    id="regularization.keras_activity",
    slide="004",
    quote="kernel_regularizer - на матрицу весов слоя; bias_regularizer - на вектор свободных "
    "членов; kernel_regularizer - на вектор выходов.",
    problem="The third item names kernel_regularizer again; the penalty on the layer's outputs "
    "is Keras's activity_regularizer (as the code below it on the same slide writes). "
    "kernel_regularizer penalises lambda W^2, activity_regularizer lambda (x W + b)^2: at "
    "lambda = 0.01, x = 3, W = 2, b = 1 they are 0.04 and 0.49.",
    slide_expr=_lam * _W**2,
    correct_expr=_lam * (_x * _W + _b) ** 2,
    at={_lam: sp.Rational(1, 100), _x: 3, _W: 2, _b: 1},
    kind="notation",
)

_q = early_stopping.s**2
EARLY_STOPPING = Erratum(
    id="regularization.early_stopping_equivalence",
    slide="004",
    quote="ранняя остановка для линейных моделей эквивалентна l2 регуляризации с MSE, "
    "обучаемой SGD (Гудфеллоу, стр. 218)",
    problem="Not an equivalence: for linear least squares trained by gradient descent from 0 "
    "the shrinkage of each eigendirection, 1 - (1 - eta s^2)^tau, matches ridge's "
    "s^2/(s^2 + lambda) only to first order in s^2, with lambda = 1/(tau eta) "
    "(Goodfellow et al. section 7.8 say 'under a quadratic approximation... equivalent', "
    "with eta s^2 << 1). At s^2 = 1, eta = 1/2, tau = 1: 1/2 against 1/3.",
    slide_expr=early_stopping.gd_factor(_q, early_stopping.eta, early_stopping.tau),
    correct_expr=early_stopping.ridge_factor(_q, 1 / (early_stopping.tau * early_stopping.eta)),
    at={early_stopping.s: 1, early_stopping.eta: sp.Rational(1, 2), early_stopping.tau: 1},
    kind="ambiguous",
)

_n = feature_scaling.n
SCALING_DDOF = Erratum(
    id="regularization.scaling_ddof",
    slide="002",
    quote="the means of normalized feature vectors are all 0 and the variances are all 1",
    problem="The variance is 1 only with the ddof used to scale: features scaled with the "
    "population standard deviation (ddof 0, scikit-learn's StandardScaler, numpy's std) have "
    "sample variance (ddof 1, pandas' var) n/(n - 1): 4/3 for n = 4.",
    slide_expr=sp.S.One,
    correct_expr=feature_scaling.MISMATCH.rhs.subs({feature_scaling.dd: 0, feature_scaling.d2: 1}),
    at={_n: 4},
    kind="ambiguous",
)

_adam = dict(theta=l2.theta, g=l2.grad, lr=l2.eta, wd=l2.wd, beta1=l2.beta1, beta2=l2.beta2,
             eps=l2.eps)
WEIGHT_DECAY = Erratum(
    id="regularization.weight_decay_is_l2",
    slide="002",
    quote="Weight Decay ... Regularization: L' = L + L_r(w) ... L2 Regularization",
    problem="Weight decay and the L2 penalty are the same only for plain SGD (factor "
    "1 - 2 eta lambda, regularization.l2.sgd_weight_decay). In Adam the L2 gradient is divided "
    "by sqrt(vhat) + eps: a weight with no loss gradient moves at the first step by "
    "eta lambda' w/(|lambda' w| + eps) ~ eta, against eta lambda' w for decoupled weight decay "
    "(AdamW). At w = 1, g = 0, eta = 1e-3, lambda' = 1e-2, eps = 1e-8: 0.999000001 against "
    "0.99999.",
    slide_expr=l2.adam_l2_first_step(**_adam),
    correct_expr=l2.adamw_first_step(**_adam),
    at={l2.theta: 1, l2.grad: 0, l2.eta: sp.Rational(1, 1000), l2.wd: sp.Rational(1, 100),
        l2.eps: sp.Rational(1, 10**8), l2.beta1: sp.Rational(9, 10),
        l2.beta2: sp.Rational(999, 1000)},
    kind="ambiguous",
)

ERRATA = (KERAS_ACTIVITY, EARLY_STOPPING, SCALING_DDOF, WEIGHT_DECAY)
