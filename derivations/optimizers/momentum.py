"""Momentum: the velocity is a geometric sum of past gradients; the slides' two notations.

Slide 001 (CS231n's notation, and PyTorch's)::

    v_{t} = rho v_{t-1} + grad f(x_{t-1}),    x_{t} = x_{t-1} - alpha v_{t}

Unrolled from ``v_0 = 0`` the velocity is ``v_t = sum_{k=1}^t rho^(t-k) g_k``:
every past gradient, discounted geometrically.  Under a constant gradient
``g`` it is ``g (1 - rho^t)/(1 - rho)``, which tends to ``g/(1 - rho)``: at
``rho = 0.9`` the step is ten times plain SGD's (Polyak 1964; Sutskever et al.
2013, section 2).

The slides' Nesterov slide writes momentum with the learning rate *inside*
the velocity: ``h_t = alpha h_{t-1} + eta_t g_t``, ``w_t = w_{t-1} - h_t``.
Under a constant learning rate ``h_t = eta v_t`` for every ``t`` (induction),
so both notations give the same iterates.  When the learning rate changes
they differ: ``h_t = sum rho^(t-k) eta_k g_k`` keeps each gradient at the
rate it was taken with, while PyTorch's step ``eta_t v_t`` applies today's
rate to the whole history; at ``t = 2`` the steps differ by
``rho g_1 (eta_2 - eta_1)``.  PyTorch (``torch.optim.SGD``: ``b = mu b + g``,
``p = p - lr b``) uses the first notation, with the rate outside.

>>> CONSTANT.claim("optim.momentum.terminal_velocity").rhs
g/(1 - rho)
"""

from __future__ import annotations

import sympy as sp

from ..axioms.optimizers import PEEL_RULES, Recurrence, induction
from ..kernel import Assumption, Claim, Derivation, Solve, Step
from .common import MOMENTUM_RANGE, eta, etas, g, g0, gs, k, q, rho, t, velocity, x0

__all__ = ["CONSTANT", "DERIVATION", "NOTATIONS", "VC", "VG", "V", "velocity_closed"]

#: the velocity under an arbitrary gradient sequence, and its closed form
V = velocity("v", rho, lambda n: gs[n])
SUM = sp.Sum(rho ** (t - k) * gs[k], (k, 1, t))

DERIVATION = Derivation(
    id="optim.momentum.velocity",
    title="The velocity is a geometric sum of past gradients",
    chapter="optimizers",
    slides=("001",),
    references=("B. T. Polyak, Some methods of speeding up the convergence of iteration "
                "methods, USSR Comp. Math. and Math. Physics 4(5), 1964.",
                "PyTorch documentation, torch.optim.SGD (the algorithm box)."),
    summary="$v_t = \\rho v_{t-1} + g_t$ from $v_0 = 0$ is $v_t = \\sum_{k=1}^{t} \\rho^{t-k} "
            "g_k$.",
    steps=(
        Step(SUM.subs(t, 0), 0, because="sum", note="Base: the empty sum is v_0 = 0."),
        Step(SUM.subs(t, t + 1), rho * SUM + gs[t + 1], because="sum", using=PEEL_RULES,
             note="Induction step: peel the newest term off; the rest is rho times the old sum."),
        Step(V.func(t), SUM, because="axiom", using=(induction(V, SUM, using=PEEL_RULES),),
             note="By induction on t, the sum is the velocity at every step."),
    ),
    claims=(Claim("optim.momentum.velocity_sum",
                  "The momentum buffer is the geometrically discounted sum of all past "
                  "gradients: v_t = sum_{k=1}^t rho^(t-k) g_k.", V.func(t), SUM,
                  slide="001", implemented_by="sgd_step"),),
)


def velocity_closed(coefficient: sp.Expr = rho, gradient: sp.Expr = g) -> sp.Expr:
    """The velocity under a constant gradient: ``g (1 - rho^t)/(1 - rho)``."""
    return gradient * (1 - coefficient**t) / (1 - coefficient)


VC = velocity("v", rho, lambda n: g)
V_CLOSED = velocity_closed()
#: the parameter under a constant gradient, x_t = x_{t-1} - eta v_t
X = Recurrence("x", sp.Function("x"), t, x0, lambda prev, n: prev - eta * V_CLOSED.subs(t, n))
X_CLOSED = x0 - eta * g / (1 - rho) * (t - rho * (1 - rho**t) / (1 - rho))
v_inf = sp.Symbol("v_inf", real=True)
#: the velocity under geometric gradients g_t = g_0 q^t
VG = velocity("v_q", rho, lambda n: g0 * q**n)  # a sequence of its own: not v
VG_CLOSED = g0 * q * (q**t - rho**t) / (q - rho)
RATIO = Assumption("a gradient ratio unlike the momentum", "q != rho (at q = rho the closed "
                   "form's denominator vanishes).", predicates=(sp.Q.nonzero(q - rho),))

CONSTANT = Derivation(
    id="optim.momentum.constant",
    title="Under a constant gradient the step tends to $1/(1 - \\rho)$ times SGD's",
    chapter="optimizers",
    slides=("001",),
    references=("I. Sutskever, J. Martens, G. Dahl, G. Hinton, On the importance of "
                "initialization and momentum in deep learning, ICML 2013, section 2.",),
    summary="$v_t = g (1 - \\rho^t)/(1 - \\rho) \\to g/(1 - \\rho)$ (ten times $g$ at $\\rho = "
            "0.9$); the iterate $x_t = x_0 - \\eta g/(1 - \\rho)\\, (t - \\rho (1 - \\rho^t)/(1 "
            "- \\rho))$.",
    assumptions=(MOMENTUM_RANGE, RATIO),
    steps=(
        Step(VC.func(t), V_CLOSED, because="axiom", using=(induction(VC, V_CLOSED),),
             note="Induction: g (1 - rho^0)/(1 - rho) = 0, and rho g (1 - rho^t)/(1 - rho) + g "
                  "= g (1 - rho^(t+1))/(1 - rho)."),
        Step(v_inf - (rho * v_inf + g), (1 - rho) * v_inf - g, because="algebra",
             note="A fixed point of v = rho v + g ..."),
        Solve(sp.Eq((1 - rho) * v_inf - g, 0), v_inf, g / (1 - rho),
              note="... is unique (rho != 1); v_t approaches it because rho^t -> 0."),
        Step((g / (1 - rho)).subs(rho, sp.Rational(9, 10)), 10 * g, because="algebra",
             note="At the default-like rho = 0.9 the terminal step is ten plain steps."),
        Step(X.func(t), X_CLOSED, because="axiom", using=(induction(X, X_CLOSED),),
             note="The iterate: induction on x_t = x_{t-1} - eta v_t."),
        Step(VG.func(t), VG_CLOSED, because="axiom", using=(induction(VG, VG_CLOSED),),
             note="Geometric gradients g_t = g_0 q^t, exactly."),
    ),
    claims=(
        Claim("optim.momentum.constant_gradient",
              "Under a constant gradient g the velocity is v_t = g (1 - rho^t)/(1 - rho).",
              VC.func(t), V_CLOSED, parameters=(g, rho, t), slide="001",
              implemented_by="sgd_step"),
        Claim("optim.momentum.terminal_velocity",
              "The velocity tends to g/(1 - rho): the step is 1/(1 - rho) times SGD's.",
              v_inf, g / (1 - rho), parameters=(g, rho), slide="001",
              implemented_by="sgd_step"),
        Claim("optim.momentum.tenfold", "At rho = 0.9 the terminal step is ten times SGD's.",
              (g / (1 - rho)).subs(rho, sp.Rational(9, 10)), 10 * g, slide="001"),
        Claim("optim.momentum.constant_gradient_iterate",
              "Under a constant gradient x_t = x_0 - eta g/(1 - rho) (t - rho (1 - rho^t)/(1 - "
              "rho)).", X.func(t), X_CLOSED, parameters=(x0, eta, g, rho, t),
              implemented_by="sgd_step"),
        Claim("optim.momentum.geometric_gradient",
              "Under gradients g_t = g_0 q^t the velocity is g_0 q (q^t - rho^t)/(q - rho).",
              VG.func(t), VG_CLOSED, parameters=(g0, q, rho, t), implemented_by="sgd_step"),
    ),
)

# ---- the two notations
H = velocity("h", rho, lambda n: eta * gs[n])                # constant learning rate
HV = velocity("h_eta", rho, lambda n: etas[n] * gs[n])       # a rate that changes: not h
H_SUM = sp.Sum(rho ** (t - k) * etas[k] * gs[k], (k, 1, t))
two = sp.Integer(2)

NOTATIONS = Derivation(
    id="optim.momentum.notations",
    title="The slides' two momentum notations: equal under a constant rate, not otherwise",
    chapter="optimizers",
    slides=("001",),
    references=("PyTorch documentation, torch.optim.SGD: 'the implementation of SGD with "
                "Momentum/Nesterov subtly differs from Sutskever et al.' (the rate is applied "
                "outside the buffer).",),
    summary="$h_t = \\rho h_{t-1} + \\eta g_t$ is $\\eta v_t$ for a constant $\\eta$; with "
            "$\\eta_t$ changing, $h_t = \\sum_k \\rho^{t-k} \\eta_k g_k$ while PyTorch steps by "
            "$\\eta_t v_t$.",
    steps=(
        Step(H.func(t), eta * SUM, because="axiom",
             using=(induction(H, eta * SUM, using=PEEL_RULES),),
             note="Induction, as for v: the constant rate factors out of every term."),
        Step(eta * SUM, eta * V.func(t), because="axiom",
             using=(induction(V, SUM, using=PEEL_RULES),),
             note="The sum is v_t (optim.momentum.velocity_sum, the same induction)."),
        Step(HV.func(t), H_SUM, because="axiom", using=(induction(HV, H_SUM, using=PEEL_RULES),),
             note="With eta_t changing, each gradient keeps the rate it was taken with."),
        Step(etas[2] * V.unroll(2) - HV.unroll(2), rho * gs[1] * (etas[2] - etas[1]),
             because="algebra", note="At t = 2 PyTorch's step eta_2 v_2 and the slide's h_2 "
                                     "differ unless eta_2 = eta_1 or rho g_1 = 0."),
    ),
    claims=(
        Claim("optim.momentum.notations_agree",
              "Under a constant learning rate the slide's h_t (rate inside the velocity) equals "
              "eta v_t (PyTorch's, rate outside): the iterates are the same.",
              H.func(t), eta * V.func(t), slide="001", implemented_by="sgd_step"),
        Claim("optim.momentum.rate_inside_sum",
              "With a changing rate the slide's velocity is h_t = sum rho^(t-k) eta_k g_k.",
              HV.func(t), H_SUM, slide="001"),
        Claim("optim.momentum.notations_differ",
              "When the rate changes the notations differ: eta_2 v_2 - h_2 = rho g_1 (eta_2 - "
              "eta_1). PyTorch applies eta_t to the whole buffer.",
              etas[2] * V.unroll(2) - HV.unroll(2), rho * gs[1] * (etas[2] - etas[1]),
              slide="001", implemented_by="sgd_step"),
    ),
)
