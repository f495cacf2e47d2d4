"""ReLU: its derivative, gradients through active units, and dead units (slide 004).

``ReLU(x) = max(0, x)`` has derivative ``H(x)`` (1 for ``x > 0``, 0 for
``x < 0``; PyTorch and the reference take 0 at ``x = 0``), so through a path
of active units the gradient is the product of the weights alone: nothing
shrinks it the way ``sigma' <= 1/4`` does.

A unit with pre-activation ``z = w_0 + sum_i w_i h_i`` that is Gaussian with
mean ``b`` (the bias ``w_0`` plus the mean of the sum) and spread ``s`` is
inactive (``z <= 0``, output and gradient 0) with probability

.. math::

    P(z \\le 0) = \\Phi(-b/s) = \\tfrac12 \\operatorname{erfc}\\!\\big(b/(s\\sqrt2)\\big),

and on all of a batch of ``B`` independent inputs with probability
``Phi(-b/s)^B``.  A unit inactive on every input of the training set gets the
gradient 0 for each of its weights, so gradient descent never changes them:
the unit is dead for good.  A large negative bias ``w_0`` (``b/s -> -oo``)
makes ``Phi(-b/s) -> 1``, the slide's "нейрон сразу умирает".

>>> DEAD.claim("act.relu.dead_probability").rhs
erfc(sqrt(2)*b/(2*s))/2
"""

from __future__ import annotations

import sympy as sp

from ..kernel import Assumption, Claim, Derivation, Step
from .common import DEAD_SLIDE, RELU_SLIDE, t, x

__all__ = ["DEAD", "DEAD_BATCH", "DERIVATIVE", "FROZEN", "b", "s"]

H = sp.Heaviside
_u = sp.Symbol("u", real=True)  # the point a slope is taken at (x is nonzero throughout)

DERIVATIVE = Derivation(
    id="act.relu_derivative",
    title="$\\operatorname{ReLU}' = H$: 1 on active units, 0 on inactive ones",
    chapter="activations",
    predicates=(sp.Q.nonzero(x),),
    steps=(
        Step(sp.Derivative(sp.Max(0, x), x), H(x), because="chain rule",
             note="For x != 0, where max(0, x) has a slope; at its kink x = 0 it has none "
                  "(PyTorch and the reference take 0 there, a convention)."),
        Step(sp.Derivative(sp.Max(0, _u), _u).subs(_u, 3), 1, because="algebra",
             note="An active unit passes the gradient unchanged."),
        Step(sp.Derivative(sp.Max(0, _u), _u).subs(_u, -3), 0, because="algebra",
             note="An inactive unit passes nothing."),
    ),
    claims=(
        Claim("act.relu.derivative", "d max(0, x)/dx = H(x) (x != 0).",
              sp.Derivative(sp.Max(0, x), x), H(x), parameters=(x,), slide=RELU_SLIDE,
              implemented_by="relu_backward"),
    ),
    slides=(RELU_SLIDE,),
    summary="The slope is 1 or 0: a product of active slopes is 1, so depth alone does not "
            "shrink the gradient ('Градиент не затухает').",
)

b = sp.Symbol("b", real=True)
s = sp.Symbol("s", positive=True)
B = sp.Symbol("B", integer=True, positive=True)
k = sp.Symbol("k", integer=True, positive=True)
p_dead = sp.Symbol("p_inactive", positive=True)
_density = sp.exp(-((t - b) ** 2) / (2 * s**2)) / (s * sp.sqrt(2 * sp.pi))
gaussian_pre_activation = Assumption(
    "Gaussian pre-activation", "The pre-activation z = w_0 + sum_i w_i h_i is N(b, s^2) on an "
    "input: b the bias plus the mean of the sum, s its spread (for example fixed weights and "
    "Gaussian inputs, or many independent terms by the central limit theorem).",
)
DEAD = Derivation(
    id="act.relu_dead_probability",
    title="A ReLU unit is inactive on an input with probability $\\Phi(-b/s)$",
    chapter="activations",
    assumptions=(gaussian_pre_activation,),
    steps=(
        Step(sp.Integral(_density, (t, -sp.oo, 0)), sp.erfc(b / (s * sp.sqrt(2))) / 2,
             because="integral", note="P(z <= 0), the normal density integrated up to 0; "
                                      "erfc(b/(s sqrt 2))/2 is Phi(-b/s)."),
    ),
    claims=(Claim("act.relu.dead_probability", "P(z <= 0) = Phi(-b/s) = erfc(b/(s sqrt 2))/2 "
                  "for z ~ N(b, s^2).", sp.Integral(_density, (t, -sp.oo, 0)),
                  sp.erfc(b / (s * sp.sqrt(2))) / 2, parameters=(b, s), slide=DEAD_SLIDE,
                  implemented_by="relu_forward"),),
    slides=(DEAD_SLIDE,),
    summary="The bias shifts the Gaussian pre-activation; the mass left of 0 is $\\Phi(-b/s)$.",
)

independent_inputs = Assumption(
    "independent inputs", "The B inputs of the batch are independent, so their "
    "pre-activations are independent N(b, s^2) (fixed weights).",
)
DEAD_BATCH = Derivation(
    id="act.relu_dead_batch",
    title="Inactive on a whole batch of $B$ inputs: $\\Phi(-b/s)^B$",
    chapter="activations",
    assumptions=(gaussian_pre_activation, independent_inputs),
    steps=(
        Step(sp.Product(p_dead, (k, 1, B)), p_dead**B, because="independence",
             note="The product of B equal probabilities p_inactive = Phi(-b/s) "
                  "(act.relu.dead_probability) of independent events."),
    ),
    claims=(Claim("act.relu.dead_batch", "P(inactive on all B inputs) = Phi(-b/s)^B.",
                  sp.Product(p_dead, (k, 1, B)), p_dead**B, parameters=(p_dead, B),
                  slide=DEAD_SLIDE, implemented_by="relu_forward"),),
    slides=(DEAD_SLIDE,),
    summary="Independence multiplies the per-input probabilities.",
)

# Gradient descent on a unit inactive on every input (a batch of 4 here; any batch alike).
lr = sp.Symbol("eta", positive=True)
w_i = sp.Symbol("w_i", real=True)
delta = sp.symbols("delta_1:5", real=True)
hin = sp.symbols("h_1:5", real=True)
zs = sp.symbols("z_1:5", real=True)
grad_w = sum(d * H(zb) * hb for d, zb, hb in zip(delta, zs, hin, strict=True))
inactive = Assumption(
    "inactive on every input", "z_b <= 0 for every input b, so H(z_b) = 0 (with ReLU'(0) = 0).",
    substitutions=tuple(sp.Eq(H(zb), 0) for zb in zs),
)
FROZEN = Derivation(
    id="act.relu_dead_frozen",
    title="A dead ReLU unit's weights never change",
    chapter="activations",
    assumptions=(inactive,),
    steps=(
        Step(grad_w, sp.S.Zero, because="assumption", using=(inactive,),
             note="dL/dw_i = sum_b delta_b ReLU'(z_b) h_(b,i), every term 0."),
        Step(w_i - lr * grad_w, w_i, because="assumption", using=(inactive,),
             note="The update w_i - eta dL/dw_i leaves w_i, and z_b with it: dead at the "
                  "next step too."),
    ),
    claims=(
        Claim("act.relu.dead_gradient", "A unit inactive on every input has dL/dw_i = 0.",
              grad_w, sp.S.Zero, slide=DEAD_SLIDE, implemented_by="relu_backward"),
        Claim("act.relu.dead_update", "Gradient descent leaves a dead unit's weights as they "
              "are.", w_i - lr * grad_w, w_i, slide=DEAD_SLIDE, implemented_by="relu_backward"),
    ),
    slides=(DEAD_SLIDE,),
    summary="Every term of the weight's gradient carries the factor $\\operatorname{ReLU}'(z_b) "
            "= 0$.",
)
