"""Backpropagation on the slide's network, and why the shared factor saves work (slide 004).

The slide's two-layer network with one input ``X``, weights ``W1`` and ``W2``,
an activation ``f`` and the squared error

.. math::

    L(W_1, W_2) = \\tfrac12 (y - f(X W_1) W_2)^2

has, by the chain rule,

.. math::

    \\frac{\\partial L}{\\partial W_2} = -(y - f(XW_1) W_2)\\, f(XW_1), \\qquad
    \\frac{\\partial L}{\\partial W_1} = -(y - f(XW_1) W_2)\\, W_2\\, f'(XW_1)\\, X .

The last factor is ``X``, the input that multiplies ``W1``; the slide writes
``W1`` there (erratum ``act.erratum.backprop_w1``).  Both gradients start
with the same factor ``delta = -(y - yhat)``, the derivative of the loss by
the output: computed once and passed backwards, it makes the gradient of a
depth-D chain cost D multiplications by chain factors instead of
D(D + 1)/2 (claim ``act.backprop.naive_cost``).

>>> sp.simplify(GRADIENTS.claim("act.backprop.grad_w1").rhs / grad_w1_slide)
X/W1
"""

from __future__ import annotations

import sympy as sp

from ..kernel import Assumption, Claim, Derivation, Step
from .common import BACKPROP_SLIDE, RUMELHART

__all__ = [
    "CHAIN",
    "COST",
    "GRADIENTS",
    "W1",
    "W2",
    "X",
    "f",
    "fprime",
    "grad_w1",
    "grad_w1_slide",
    "loss",
    "y",
]

X, W1, W2, y = sp.symbols("X W1 W2 y", real=True)
f = sp.Function("f", real=True, smooth=True)  # an activation: reals to reals, smooth (trusted)
_u = sp.Symbol("u", real=True)


def fprime(z: sp.Expr) -> sp.Expr:
    """f'(z), the derivative of the activation evaluated at z."""
    return sp.Subs(sp.Derivative(f(_u), _u), _u, z)


yhat = f(X * W1) * W2
loss = (y - yhat) ** 2 / 2
delta = -(y - yhat)  # dL/dyhat, the factor both gradients share
grad_w2 = delta * f(X * W1)
grad_w1 = delta * W2 * fprime(X * W1) * X
#: the slide's formula, with W1 where X belongs
grad_w1_slide = delta * W2 * fprime(X * W1) * W1

differentiable = Assumption(
    "f is differentiable", "The activation f is differentiable at X W1 (true everywhere for "
    "sigmoid, tanh, ELU with alpha = 1, GELU, SiLU; ReLU and leaky ReLU away from 0).")

GRADIENTS = Derivation(
    id="act.backprop_gradients",
    title="The gradients of $L = (y - f(X W_1) W_2)^2/2$ by the chain rule",
    chapter="activations",
    assumptions=(differentiable,),
    steps=(
        Step(sp.Derivative(loss, W2), -(y - yhat) * sp.Derivative(yhat, W2), grad_w2,
             because="chain rule", note="(u^2/2)' = u u', and d(y - f W2)/grad_w2 = -f(X W1)."),
        Step(sp.Derivative(loss, W1), -(y - yhat) * sp.Derivative(yhat, W1), grad_w1,
             because="chain rule",
             note="d f(X W1)/grad_w1 = f'(X W1) X: the inner derivative of X W1 by W1 is X."),
    ),
    claims=(
        Claim("act.backprop.grad_w2", "dL/dW2 = -(y - f(X W1) W2) f(X W1).",
              sp.Derivative(loss, W2), grad_w2, parameters=(X, W1, W2, y), slide=BACKPROP_SLIDE,
              implemented_by="two_layer_backward"),
        Claim("act.backprop.grad_w1", "dL/dW1 = -(y - f(X W1) W2) W2 f'(X W1) X (the slide's "
              "last factor W1 is X).",
              sp.Derivative(loss, W1), grad_w1, slide=BACKPROP_SLIDE,
              implemented_by="two_layer_backward"),
    ),
    slides=(BACKPROP_SLIDE,), references=(RUMELHART,),
    summary="Differentiate the outer square, then the product f(X W1) W2, then f at X W1: the "
            "inner derivative of X W1 by W1 is X.",
)

# A scalar chain of depth 3: z_l = w_l a_{l-1}, a_l = f(z_l), yhat = z_3.
w1, w2, w3, a0 = sp.symbols("w1 w2 w3 a0", real=True)
z1 = w1 * a0
a1 = f(z1)
z2 = w2 * a1
a2 = f(z2)
z3 = w3 * a2
chain_loss = (y - z3) ** 2 / 2
delta3 = z3 - y
delta2 = delta3 * w3 * fprime(z2)
delta1 = delta2 * w2 * fprime(z1)

CHAIN = Derivation(
    id="act.backprop_chain",
    title="Backpropagation: each layer's gradient is $\\delta_l$ times its input",
    chapter="activations",
    assumptions=(differentiable,),
    steps=(
        Step(sp.Derivative(chain_loss, w3), delta3 * a2, because="chain rule",
             note="delta_3 = dL/dyhat = yhat - y."),
        Step(sp.Derivative(chain_loss, w2), delta2 * a1, because="chain rule",
             note="delta_2 = delta_3 w_3 f'(z_2): one multiplication by the next chain factor."),
        Step(sp.Derivative(chain_loss, w1), delta1 * a0, because="chain rule",
             note="delta_1 = delta_2 w_2 f'(z_1), reusing delta_2."),
    ),
    claims=(
        Claim("act.backprop.chain_w3", "dL/dw3 = delta_3 a_2 with delta_3 = yhat - y.",
              sp.Derivative(chain_loss, w3), delta3 * a2, slide=BACKPROP_SLIDE),
        Claim("act.backprop.chain_w2", "dL/dw2 = delta_2 a_1, delta_2 = delta_3 w_3 f'(z_2).",
              sp.Derivative(chain_loss, w2), delta2 * a1, slide=BACKPROP_SLIDE),
        Claim("act.backprop.chain_w1", "dL/dw1 = delta_1 a_0, delta_1 = delta_2 w_2 f'(z_1).",
              sp.Derivative(chain_loss, w1), delta1 * a0, slide=BACKPROP_SLIDE),
    ),
    slides=(BACKPROP_SLIDE,), references=(RUMELHART,),
    summary="Every gradient is a shared factor $\\delta_l$ (the loss's derivative by the "
            "layer's pre-activation) times the layer's input; $\\delta_l$ comes from "
            "$\\delta_{l+1}$ by one multiplication.",
)

D = sp.Symbol("D", integer=True, positive=True)
ell = sp.Symbol("l", integer=True, positive=True)
naive, shared = sp.symbols("C_naive C_backprop", positive=True)
counting = Assumption(
    "cost counted in chain factors",
    "In a scalar chain of depth D, dL/dw_l is the product of the D - l + 1 chain factors "
    "dL/dyhat, w_D f'(z_(D-1)), ..., w_(l+1) f'(z_l) (times a_(l-1)); differentiating each "
    "weight separately multiplies them afresh (C_naive = sum over l of D - l + 1), while "
    "backpropagation makes delta_l from delta_(l+1) by one multiplication (C_backprop = D).",
    substitutions=(sp.Eq(naive, sp.Sum(D - ell + 1, (ell, 1, D))), sp.Eq(shared, D)),
)
COST = Derivation(
    id="act.backprop_cost",
    title="Backpropagation needs $D$ multiplications where separate derivatives need $D(D+1)/2$",
    chapter="activations",
    assumptions=(counting,),
    steps=(
        Step(naive, sp.Sum(D - ell + 1, (ell, 1, D)), D * (D + 1) / 2, because="sum",
             using=(counting,)),
        Step(naive / shared, (D + 1) / 2, because="algebra", using=(counting,)),
    ),
    claims=(
        Claim("act.backprop.naive_cost", "Separate chain-rule products for every weight of a "
              "depth-D chain cost D(D+1)/2 factor multiplications.", naive, D * (D + 1) / 2,
              parameters=(D,), slide=BACKPROP_SLIDE),
        Claim("act.backprop.saving", "Backpropagation is (D+1)/2 times cheaper.",
              naive / shared, (D + 1) / 2, parameters=(D,), slide=BACKPROP_SLIDE),
    ),
    slides=(BACKPROP_SLIDE,), references=(RUMELHART,),
    summary="'Дважды ищем одно и то же': the shared factor is computed once per layer.",
)
