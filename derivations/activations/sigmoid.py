"""The sigmoid: its derivative, its maximum 1/4, the paralysis bound and the sign of its
gradients (slide 004, "Паралич сети" and "Центрирование").

.. math::

    \\sigma(x) = \\frac{1}{1 + e^{-x}}, \\qquad \\sigma'(x) = \\sigma(x)(1 - \\sigma(x)),
    \\qquad \\tfrac14 - \\sigma'(x) = (\\sigma(x) - \\tfrac12)^2 \\ge 0,

so ``sigma' <= 1/4`` with equality exactly at ``x = 0``.  Written as
``sigma'(x) = (1 - (2 sigma(x) - 1)^2)/4`` (and ``2 sigma(x) - 1 = tanh(x/2)``):
each layer's factor ``w sigma'(z)`` is ``w/4`` times a number in ``(0, 1]``, so
the derivative through ``L`` sigmoid layers with weights ``|w_l| <= w`` is at
most ``(w/4)^L`` in size:
``4^-10 = 9.5e-7`` at ``L = 10`` and ``9.1e-13`` at ``L = 20`` for ``w = 1``.
The kernel proves the equalities; the bound is the product of factors that
each lie in ``[0, w/4]``.

>>> DERIVATIVE.claim("act.sigmoid.gap").rhs
(-1/2 + 1/(1 + exp(-x)))**2
>>> DEPTH.claim("act.sigmoid.depth_bound").rhs.subs({w: 1, L: 10})
1/1048576
"""

from __future__ import annotations

import sympy as sp

from ..expectation import linearity
from ..kernel import Assumption, Claim, Derivation, Solve, Step
from .common import CENTRING_SLIDE, PARALYSIS_SLIDE, E, sigmoid, x

__all__ = ["CENTRING", "DEPTH", "DERIVATIVE", "SIGN", "L", "dsigmoid", "w"]


def dsigmoid(z: sp.Expr) -> sp.Expr:
    """sigma'(z) = sigma(z)(1 - sigma(z))."""
    return sigmoid(z) * (1 - sigmoid(z))


#: e^{-x} at a point where sigma' reaches 1/4 (positive, as every exponential)
e_m = sp.Symbol("e_max", positive=True)
_quarter = sp.Rational(1, 4)

DERIVATIVE = Derivation(
    id="act.sigmoid_derivative",
    title="$\\sigma' = \\sigma (1 - \\sigma) \\le 1/4$, with equality only at $x = 0$",
    chapter="activations",
    steps=(
        Step(sp.Derivative(sigmoid(x), x), sp.exp(-x) / (1 + sp.exp(-x)) ** 2, dsigmoid(x),
             because="chain rule", note="e^{-x}/(1 + e^{-x}) = 1 - sigma(x)."),
        Step(_quarter - dsigmoid(x), (sigmoid(x) - sp.Rational(1, 2)) ** 2, because="algebra",
             note="A square: sigma' never exceeds 1/4."),
        Step(dsigmoid(sp.S.Zero), _quarter, because="algebra", note="sigma(0) = 1/2."),
        Step(4 * (1 + e_m) ** 2 * (_quarter - e_m / (1 + e_m) ** 2), (1 - e_m) ** 2,
             because="algebra",
             note="With e = e^{-x}, sigma' = e/(1 + e)^2; e_max is e^{-x} at a point where "
                  "sigma' = 1/4, where this (times 4(1 + e)^2 > 0) vanishes."),
        Solve(sp.Eq((1 - e_m) ** 2, 0), e_m, sp.S.One,
              note="e^{-x} = 1: the maximum 1/4 is reached at x = 0 and nowhere else."),
        Step(dsigmoid(x), (1 - (2 * sigmoid(x) - 1) ** 2) / 4, because="algebra",
             note="sigma'(x) = (1 - tanh(x/2)^2)/4 (2 sigma(x) - 1 = tanh(x/2), claim "
                  "act.tanh.via_sigmoid), a number in (0, 1/4]."),
    ),
    claims=(
        Claim("act.sigmoid.derivative", "sigma'(x) = sigma(x)(1 - sigma(x)).",
              sp.Derivative(sigmoid(x), x), dsigmoid(x), parameters=(x,),
              slide=PARALYSIS_SLIDE, implemented_by="sigmoid_backward"),
        Claim("act.sigmoid.gap", "1/4 - sigma'(x) = (sigma(x) - 1/2)^2 >= 0.",
              _quarter - dsigmoid(x), (sigmoid(x) - sp.Rational(1, 2)) ** 2, parameters=(x,),
              slide=PARALYSIS_SLIDE, implemented_by="sigmoid_backward"),
        Claim("act.sigmoid.max", "sigma'(0) = 1/4, the maximum.", dsigmoid(sp.S.Zero), _quarter,
              slide=PARALYSIS_SLIDE, implemented_by="sigmoid_backward"),
        Claim("act.sigmoid.argmax", "sigma' = 1/4 only where e^{-x} = 1, i.e. at x = 0.", e_m,
              sp.S.One, slide=PARALYSIS_SLIDE),
        Claim("act.sigmoid.centred_form", "sigma'(x) = (1 - (2 sigma(x) - 1)^2)/4.", dsigmoid(x),
              (1 - (2 * sigmoid(x) - 1) ** 2) / 4, parameters=(x,), slide=PARALYSIS_SLIDE),
    ),
    slides=(PARALYSIS_SLIDE,),
    summary="Differentiate, then complete the square: $1/4 - s(1 - s) = (s - 1/2)^2$.",
)

w = sp.Symbol("w", positive=True)
L = sp.Symbol("L", integer=True, positive=True)
ell = sp.Symbol("l", integer=True, positive=True)
z = sp.Symbol("z", real=True)
bounded_weights = Assumption(
    "weights bounded by w", "Every weight on the path has |w_l| <= w; the scalar path "
    "derivative through L sigmoid layers is prod_l w_l sigma'(z_l).")
DEPTH = Derivation(
    id="act.sigmoid_depth",
    title="Through $L$ sigmoid layers the gradient shrinks at least like $(w/4)^L$",
    chapter="activations",
    assumptions=(bounded_weights,),
    steps=(
        Step(w * dsigmoid(z), w / 4 * (1 - (2 * sigmoid(z) - 1) ** 2), because="algebra",
             note="Each layer's factor is w/4 times 1 - (2 sigma(z) - 1)^2, a number in (0, 1] "
                  "since 0 < sigma < 1."),
        Step(sp.Product(w / 4, (ell, 1, L)), (w / 4) ** L, because="algebra",
             note="The product of the L largest factors."),
        Step(((w / 4) ** L).subs({w: 1, L: 10}), sp.Rational(1, 4**10), because="algebra",
             note="About 9.5e-7: ten layers of weights |w| <= 1 leave a millionth."),
        Step(((w / 4) ** L).subs({w: 1, L: 20}), sp.Rational(1, 4**20), because="algebra",
             note="About 9.1e-13 at twenty layers."),
        Step(((w / 4) ** L).subs({w: 4}), 1, because="algebra",
             note="Only weights of size 4 or more let the bound stop shrinking."),
    ),
    claims=(
        Claim("act.sigmoid.layer_factor", "w sigma'(z) = (w/4)(1 - (2 sigma(z) - 1)^2) <= w/4.",
              w * dsigmoid(z), w / 4 * (1 - (2 * sigmoid(z) - 1) ** 2), parameters=(w, z),
              slide=PARALYSIS_SLIDE),
        Claim("act.sigmoid.depth_bound", "|d a_L / d a_0| <= (w/4)^L through L sigmoid layers "
              "with |w_l| <= w.", sp.Product(w / 4, (ell, 1, L)), (w / 4) ** L,
              parameters=(w, L), slide=PARALYSIS_SLIDE, implemented_by="sigmoid_backward"),
    ),
    slides=(PARALYSIS_SLIDE,),
    summary="Each layer multiplies the gradient by $w_l \\sigma'(z_l)$, at most $w/4$ in size; "
            "$L$ of them at most $(w/4)^L$.",
)

# ----------------------------------------------------------------- the signs
h1, h2, h3 = sp.symbols("h1 h2 h3", real=True)
v1, v2, v3 = sp.symbols("w_1 w_2 w_3", real=True)
ell_fn = sp.Function("ell", smooth=True)  # the loss of the neuron's pre-activation (smooth)
zsum = v1 * sigmoid(h1) + v2 * sigmoid(h2) + v3 * sigmoid(h3)
_u = sp.Symbol("u", real=True)
delta_j = sp.Subs(sp.Derivative(ell_fn(_u), _u), _u, zsum)
one_example = Assumption(
    "one example", "The loss depends on the neuron's weights through z_j = sum_i w_i "
    "sigma(h_i) of one example (no sum over a batch).")
SIGN = Derivation(
    id="act.sigmoid_sign",
    title="Sigmoid inputs make all gradients of a neuron's weights share one sign",
    chapter="activations",
    assumptions=(one_example,),
    steps=(
        Step(sp.Derivative(ell_fn(zsum), v1), delta_j * sigmoid(h1), because="chain rule",
             note="dL/dw_i = delta_j o_i with o_i = sigma(h_i) > 0."),
        Step(sp.Derivative(ell_fn(zsum), v1) * sp.Derivative(ell_fn(zsum), v2),
             delta_j**2 * sigmoid(h1) * sigmoid(h2), because="chain rule",
             note="delta_j^2 o_1 o_2 >= 0: equal signs (both 0 only when delta_j = 0)."),
    ),
    claims=(
        Claim("act.sigmoid.weight_gradient", "dL/dw_i = delta_j sigma(h_i): the sign of "
              "delta_j for every i.", sp.Derivative(ell_fn(zsum), v1), delta_j * sigmoid(h1),
              slide=CENTRING_SLIDE),
        Claim("act.sigmoid.same_sign", "(dL/dw_1)(dL/dw_2) = delta_j^2 sigma(h_1) sigma(h_2) "
              ">= 0 on one example.",
              sp.Derivative(ell_fn(zsum), v1) * sp.Derivative(ell_fn(zsum), v2),
              delta_j**2 * sigmoid(h1) * sigmoid(h2), slide=CENTRING_SLIDE),
    ),
    slides=(CENTRING_SLIDE,),
    summary="Positive inputs $o_i = \\sigma(h_i)$ pass the sign of $\\delta_j$ to every "
            "weight's gradient; on a batch the sum over examples can mix signs unless "
            "$\\delta_j$ keeps one sign across the batch.",
)

# ---------------------------------------------------------------- the mean
h = sp.Symbol("h", real=True)
_lin = linearity([h])
symmetric = Assumption(
    "h symmetric about zero", "h and -h have the same law, so E[g(-h)] = E[g(h)] for "
    "every bounded g; used here for g = sigma.",
    substitutions=(sp.Eq(E(sigmoid(-h)), E(sigmoid(h))),),
)
CENTRING = Derivation(
    id="act.sigmoid_mean",
    title="$\\mathbb{E}[\\sigma(h)] = 1/2$ for $h$ symmetric about 0: the sigmoid is not "
          "centred",
    chapter="activations",
    assumptions=(symmetric,),
    steps=(
        Step(E(sigmoid(h)), (E(sigmoid(h)) + E(sigmoid(-h))) / 2, because="symmetry",
             using=(symmetric,)),
        Step((E(sigmoid(h)) + E(sigmoid(-h))) / 2, E(sigmoid(h) + sigmoid(-h)) / 2,
             because="linearity", using=(_lin,)),
        Step(E(sigmoid(h) + sigmoid(-h)) / 2, E(sp.S.One) / 2, because="algebra",
             note="sigma(h) + sigma(-h) = 1."),
        Step(E(sp.S.One) / 2, sp.Rational(1, 2), because="linearity", using=(_lin,)),
    ),
    claims=(Claim("act.sigmoid.mean", "E[sigma(h)] = 1/2 for symmetric h.", E(sigmoid(h)),
                  sp.Rational(1, 2), slide=CENTRING_SLIDE, implemented_by="sigmoid_forward"),),
    slides=(CENTRING_SLIDE,),
    summary="$\\sigma(h) + \\sigma(-h) = 1$, so symmetry puts the mean at $1/2$, not 0.",
)
