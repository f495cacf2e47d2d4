"""Nesterov momentum: the slides' look-ahead form is PyTorch's ``nesterov=True`` form.

The slide (Sutskever et al. 2013, eq. 3-4) evaluates the gradient at the
look-ahead point::

    h_t = mu h_{t-1} + eta grad L(w_{t-1} - mu h_{t-1}),    w_t = w_{t-1} - h_t

PyTorch (``torch.optim.SGD(nesterov=True)``, after Bengio et al. 2013) keeps
the look-ahead point itself as the parameter ``p`` and a buffer ``b``::

    b_t = mu b_{t-1} + grad L(p_{t-1}),    p_t = p_{t-1} - eta (grad L(p_{t-1}) + mu b_t)

The change of variables ``p_t = w_t - mu h_t``, ``h_t = eta b_t`` maps one onto
the other.  Induction on ``t``: at ``t = 0``, ``h_0 = b_0 = 0`` and ``p_0 = w_0``.
If the change of variables holds after step ``t - 1`` then (1) the slide's
look-ahead point *is* ``p_{t-1}``, so both forms take the same gradient ``g``;
(2) ``h_t = eta b_t``; (3) ``w_t - mu h_t = p_t``.  So the two forms visit the
same look-ahead points for a constant ``eta``; PyTorch reports the look-ahead
point as the parameter.

Under a constant gradient PyTorch's step is ``eta g (1 - mu^(t+1))/(1 - mu)``:
one power of ``mu`` ahead of plain momentum's ``eta g (1 - mu^t)/(1 - mu)``.

>>> DERIVATION.claim("optim.nesterov.constant_gradient_step").rhs
eta*g*(1 - rho**(t + 1))/(1 - rho)
"""

from __future__ import annotations

import sympy as sp

from ..axioms.optimizers import induction
from ..kernel import Assumption, Claim, Derivation, Step
from .common import MOMENTUM_RANGE, eta, g, rho, t
from .momentum import V_CLOSED, VC

__all__ = ["DERIVATION"]

mu = rho
w_prev, h_prev, p_prev, b_prev = sp.symbols("w_prev h_prev p_prev b_prev", real=True)

HYPOTHESIS = Assumption(
    "induction hypothesis", "After step t - 1 the change of variables holds: "
    "w_{t-1} = p_{t-1} + mu h_{t-1} and h_{t-1} = eta b_{t-1} (at t - 1 = 0 both buffers are 0 "
    "and p_0 = w_0).",
    substitutions=(sp.Eq(w_prev, p_prev + mu * h_prev), sp.Eq(h_prev, eta * b_prev)))

h_new = mu * h_prev + eta * g            # the slide's velocity at step t
w_new = w_prev - h_new                   # the slide's weights at step t
b_new = mu * b_prev + g                  # PyTorch's buffer at step t
p_new = p_prev - eta * (g + mu * b_new)  # PyTorch's parameter at step t

STEP_CLOSED = eta * g * (1 - mu ** (t + 1)) / (1 - mu)

DERIVATION = Derivation(
    id="optim.nesterov",
    title="Nesterov momentum: the look-ahead form is PyTorch's form after a change of variables",
    chapter="optimizers",
    slides=("001",),
    references=("I. Sutskever, J. Martens, G. Dahl, G. Hinton, On the importance of "
                "initialization and momentum in deep learning, ICML 2013, eq. (3)-(4).",
                "Y. Bengio, N. Boulanger-Lewandowski, R. Pascanu, Advances in optimizing "
                "recurrent networks, ICASSP 2013, eq. (6)-(7).",
                "PyTorch documentation, torch.optim.SGD, nesterov=True."),
    summary="With $p = w - \\mu h$ and $h = \\eta b$ the slide's Nesterov step is PyTorch's; "
            "under a constant gradient PyTorch's step is $\\eta g (1 - \\mu^{t+1})/(1 - \\mu)$.",
    assumptions=(HYPOTHESIS, MOMENTUM_RANGE),
    steps=(
        Step(w_prev - mu * h_prev, p_prev, because="assumption", using=(HYPOTHESIS,),
             note="The slide's look-ahead point is PyTorch's parameter: both take g = grad L "
                  "there."),
        Step(h_new, eta * b_new, because="assumption", using=(HYPOTHESIS,),
             note="The velocities stay proportional."),
        Step(w_new - mu * h_new, p_new, because="assumption", using=(HYPOTHESIS,),
             note="And the new look-ahead point is PyTorch's new parameter: the hypothesis "
                  "holds after step t, so by induction at every step."),
        Step(eta * (g + mu * VC.func(t)), STEP_CLOSED, because="axiom",
             using=(induction(VC, V_CLOSED),),
             note="Under a constant gradient b_t = g (1 - mu^t)/(1 - mu) "
                  "(optim.momentum.constant_gradient)."),
    ),
    claims=(
        Claim("optim.nesterov.lookahead_point",
              "The slide's look-ahead point w_{t-1} - mu h_{t-1} is PyTorch's parameter p_{t-1}.",
              w_prev - mu * h_prev, p_prev, slide="001", implemented_by="sgd_step"),
        Claim("optim.nesterov.velocity", "The slide's velocity is eta times PyTorch's buffer.",
              h_new, eta * b_new, slide="001", implemented_by="sgd_step"),
        Claim("optim.nesterov.torch_form",
              "One slide step from (w, h) lands on PyTorch's nesterov=True step from (p, b): "
              "w_t - mu h_t = p_{t-1} - eta (g + mu b_t).",
              w_new - mu * h_new, p_new, slide="001", implemented_by="sgd_step"),
        Claim("optim.nesterov.constant_gradient_step",
              "Under a constant gradient PyTorch's Nesterov step is eta g (1 - mu^(t+1))/(1 - mu).",
              eta * (g + mu * VC.func(t)), STEP_CLOSED, parameters=(eta, g, rho, t),
              implemented_by="sgd_step"),
    ),
)
