"""Slide formulas of the activations chapter that the machine finds wrong or ambiguous.

* ``BACKPROP_W1``: slide 004's ``dL/dW1`` ends in ``* W1``; the chain rule puts
  ``X`` there (``d(X W1)/dW1 = X``).  With ``f`` the identity, ``X = 2``,
  ``W1 = W2 = 1``, ``y = 0`` the slide gives 2, the derivative is 4.
* ``SIGMOID_SIGN``: slide 004 ("Центрирование") says the gradients of the
  weights entering a sigmoid-fed neuron are *positive*; they share the sign of
  ``delta_j``, which may be negative (claim ``act.sigmoid.weight_gradient``),
  and on a batch they need not even share a sign.
* ``LEAKY_SIGN``: slide 004 (Leaky ReLU) says "Производная может быть любого
  знака"; the derivative is 1 or ``a``, positive for every slope ``a > 0``
  (claim ``act.leaky.derivative``).  True of the output, or of a negative
  slope; ambiguous as written.

>>> [e.confirmed for e in ERRATA]
[True, True, True]
>>> BACKPROP_W1.values()
(2, 4)
"""

from __future__ import annotations

import sympy as sp

from ..kernel import Erratum
from .backprop import W1, W2, X, f, grad_w1, grad_w1_slide, y
from .common import BACKPROP_SLIDE, CENTRING_SLIDE, LEAKY_SLIDE, a

__all__ = ["BACKPROP_W1", "ERRATA", "LEAKY_SIGN", "SIGMOID_SIGN"]

_u = sp.Symbol("u", real=True)

BACKPROP_W1 = Erratum(
    id="act.erratum.backprop_w1",
    slide=BACKPROP_SLIDE,
    quote="dL/dW_1 = -(y - f(X W_1) W_2) W_2 f'(X W_1) W_1",
    problem="The last factor is the derivative of the inner function X W1 by W1, which is X, "
            "not W1 (claim act.backprop.grad_w1). With f the identity, X = 2, W1 = W2 = 1, y = 0: "
            "L = (0 - 2)^2/2 = 2 and L(W1) = 2 W1^2 has dL/dW1 = 4 W1 = 4, the slide's formula "
            "gives 2. In matrix form the factor becomes X^T on the left: "
            "dL/dW1 = X^T [((yhat - y) W2^T) * f'(X W1)].",
    slide_expr=grad_w1_slide,
    correct_expr=grad_w1,
    at={f: sp.Lambda(_u, _u), X: 2, W1: 1, W2: 1, y: 0},
    kind="wrong",
)

delta, o = sp.symbols("delta_j o_i", real=True)
o_pos = sp.Symbol("o_i", positive=True)
SIGMOID_SIGN = Erratum(
    id="act.erratum.sigmoid_gradient_sign",
    slide=CENTRING_SLIDE,
    quote="он всегда положительный, значит градиент по весам, идущим на вход в текущий нейрон "
          "тоже положительные",
    problem="dL/dw_ij = delta_j o_i with o_i = sigma(h_i) > 0 (claim "
            "act.sigmoid.weight_gradient): on one example every such gradient has the sign of "
            "delta_j, which is negative whenever increasing z_j lowers the loss; they are not "
            "'positive', they are of one sign (act.sigmoid.same_sign), and the slide's "
            "conclusion (one update direction, zig-zag) holds. On a batch, dL/dw_ij = sum_b "
            "delta_bj o_bi can mix signs: delta = (1, -1), o_1 = (0.9, 0.1), o_2 = (0.1, 0.9) "
            "give +0.8 and -0.8. Exact condition: one example, or delta_bj of one sign over "
            "the batch. Counterexample to 'positive': delta_j = -1, o_i = 1/2 gives -1/2.",
    slide_expr=sp.sign(o_pos),
    correct_expr=sp.sign(delta * o_pos),
    at={delta: -1, o_pos: sp.Rational(1, 2)},
    kind="wrong",
)

x_neg = sp.Symbol("x", negative=True)
LEAKY_SIGN = Erratum(
    id="act.erratum.leaky_derivative_sign",
    slide=LEAKY_SLIDE,
    quote="Производная может быть любого знака",
    problem="Leaky ReLU's derivative is 1 for x > 0 and a for x <= 0 (claim "
            "act.leaky.derivative): for the usual slope 0 < a < 1 it is positive everywhere. "
            "What takes both signs is the output f(x) (negative for x < 0, unlike ReLU's 0), "
            "or the derivative only for a negative slope a < 0. Read as 'the output can be "
            "of either sign' the slide is right; as written it is not. Counterexample: "
            "a = 0.01, x = -1: f'(x) = 0.01 > 0 (the slide allows -1 here, sign -1).",
    slide_expr=sp.S.NegativeOne,
    correct_expr=sp.sign(sp.diff(sp.Piecewise((x_neg, x_neg > 0), (a * x_neg, True)), x_neg)),
    at={a: sp.Rational(1, 100), x_neg: -1},
    kind="ambiguous",
)

ERRATA = (BACKPROP_W1, SIGMOID_SIGN, LEAKY_SIGN)
_ = o
