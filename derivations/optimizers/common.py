"""The symbols of the optimizers chapter and the recurrences its modules share.

``t`` is the step (the update that uses the ``t``-th gradient ``g_t``;
``t = 0`` is the start, before any gradient), ``k`` a summation index over
past steps.  Hyperparameters carry PyTorch's names where it has one
(``rho`` is ``torch.optim.SGD``'s ``momentum``, called alpha on the slides'
Nesterov slide; ``eta`` is ``lr``).
"""

from __future__ import annotations

import sympy as sp

from ..axioms.optimizers import Recurrence
from ..kernel import Assumption

t = sp.Symbol("t", integer=True, nonnegative=True)
k = sp.Symbol("k", integer=True, positive=True)
rho = sp.Symbol("rho", positive=True)          # momentum
eta = sp.Symbol("eta", positive=True)          # learning rate
g = sp.Symbol("g", real=True)                  # a constant gradient
g0 = sp.Symbol("g_0", real=True)               # the scale of a geometric gradient sequence
q = sp.Symbol("q", positive=True)              # its ratio, g_t = g_0 q^t
gs = sp.IndexedBase("g", real=True)            # an arbitrary gradient sequence g_1, g_2, ...
etas = sp.IndexedBase("eta", positive=True)    # a learning rate that changes, eta_1, eta_2, ...
beta = sp.Symbol("beta", positive=True)        # the weight of a moving average
x0 = sp.Symbol("x_0", real=True)               # the start value of a parameter

MOMENTUM_RANGE = Assumption(
    "momentum in (0, 1)", "0 < rho < 1, so 1 - rho != 0 and rho^t -> 0 (PyTorch accepts "
    "rho = 0, plain SGD, which needs none of these formulas).",
    predicates=(sp.Q.positive(rho), sp.Q.lt(rho, 1)))
AVERAGE_RANGE = Assumption(
    "average weight in (0, 1)", "0 < beta < 1 (PyTorch's betas, RMSprop's alpha): 1 - beta "
    "!= 0 and beta^t -> 0.", predicates=(sp.Q.positive(beta), sp.Q.lt(beta, 1)))
GEOMETRIC_RATIO = Assumption(
    "a geometric ratio unlike the average's", "q != beta (q = beta makes the closed form's "
    "denominator vanish; its limit t beta^(t-1) (1 - beta) g_0 beta is the formula there).",
    predicates=(sp.Q.nonzero(q - beta),))


def velocity(name: str, coefficient: sp.Expr, gradient) -> Recurrence:
    """``v_0 = 0``, ``v_t = coefficient * v_{t-1} + gradient(t)`` (a momentum buffer)."""
    return Recurrence(name, sp.Function(name), t, sp.S.Zero,
                      lambda prev, n: coefficient * prev + gradient(n))


def average(name: str, weight: sp.Expr, sample) -> Recurrence:
    """``m_0 = 0``, ``m_t = weight m_{t-1} + (1 - weight) sample(t)`` (a moving average)."""
    return Recurrence(name, sp.Function(name), t, sp.S.Zero,
                      lambda prev, n: weight * prev + (1 - weight) * sample(n))
