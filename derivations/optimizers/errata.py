"""The slides' optimizer formulas, each checked against the derivations.

Statements that check out (no erratum): SGD and the CS231n momentum
``v = rho v + dx; x -= lr v`` (PyTorch's form, :mod:`.momentum`); the Nesterov
look-ahead form (:mod:`.nesterov`: PyTorch's ``nesterov=True`` after a change
of variables); AdaGrad's and RMSProp's accumulators; the Adam *code* with
``first_unbias = first_moment / (1 - beta1 ** t)`` kept out of the recursion
(Kingma and Ba's Algorithm 1).  The slide's first Adam formula, ``w -= eta
g/sqrt(v + eps)``, steps along ``g`` rather than ``m``: it is RMSProp with a
corrected ``v``, the build-up before the next slide adds ``m``.

Found by machine (each :class:`Erratum` iterates the slide's formula in SymPy):

* **Adam, the correction inside the recursion.**  The slides write
  ``v_t = (beta2 v_{t-1} + (1 - beta2) g_t^2)/(1 - beta2^t)`` (and the same for
  ``m``): the *corrected* value is fed back into the next average.  Under a
  constant gradient ``g = 1`` with ``beta2 = 0.999`` that ``v`` is ``1, 500.25,
  1.67e5, 4.17e7, 8.35e9`` over the first five steps, where Kingma and Ba's
  ``v^_t`` is ``1`` at every step; the step ``eta m/sqrt(v)`` collapses (by
  ``1e-5`` at ``t = 5``).  The first moment fed back the same way gives ``1,
  5.26, 17.8, 47.0`` at ``beta1 = 0.9`` instead of ``1``.
* **Adam, without the square.**  One version writes ``(1 - beta2) g_t``
  instead of ``g_t^2``: that average estimates ``E[g]``, not ``E[g^2]``; at
  ``t = 1`` it is ``g`` (``1/2`` at ``g = 1/2`` where ``g^2 = 1/4``), and for a
  negative gradient ``sqrt(v + eps)`` is not real.
* **eps inside the root** (AdaGrad, RMSProp, Adam formulas) against **outside**
  (the slides' own code and PyTorch): ambiguous - both are used in the
  literature - but not the same update: at ``G = 0``, ``eps = 1e-8`` the
  denominators are ``1e-4`` and ``1e-8`` (:mod:`.adagrad` bounds the difference).
* **Two momentum notations** (CS231n's ``v = rho v + g``, ``x -= alpha v`` and
  the Nesterov slide's ``h = alpha h + eta_t g``, ``w -= h``) give the same
  iterates only while the learning rate is constant (:mod:`.momentum`).
"""

from __future__ import annotations

import sympy as sp

from ..kernel import Erratum
from .common import average
from .momentum import HV, V

__all__ = ["ERRATA"]

g = sp.Symbol("g", real=True)
b1 = sp.Symbol("beta_1", positive=True)
b2 = sp.Symbol("beta_2", positive=True)
rho = sp.Symbol("rho", positive=True)
G = sp.Symbol("G", nonnegative=True)
eps = sp.Symbol("epsilon", positive=True)
gs, etas = sp.IndexedBase("g", real=True), sp.IndexedBase("eta", positive=True)


def _inside(weight, sample, steps: int) -> sp.Expr:
    """The slides' recursion with the bias correction inside, iterated ``steps`` times."""
    value = sp.S.Zero
    for n in range(1, steps + 1):
        value = (weight * value + (1 - weight) * sample) / (1 - weight**n)
    return sp.cancel(value)


def _corrected(weight, sample, steps: int) -> sp.Expr:
    """Kingma and Ba's corrected average after ``steps`` steps, the correction outside."""
    return sp.cancel(average("m", weight, lambda n: sample).unroll(steps) / (1 - weight**steps))


ERRATA = (
    Erratum(
        id="optim.errata.adam_correction_inside_v",
        slide="001",
        quote="v_j^t = (beta_2 v_j^{t-1} + (1 - beta_2) g_{tj}^2)/(1 - beta_2^t)",
        problem="The bias correction is written inside the recursion, so the corrected value "
                "is fed back into the next average. Under a constant gradient g = 1 with "
                "beta_2 = 0.999 it gives 1, 500.25, 1.67e5 at t = 1, 2, 3 instead of 1; the "
                "counterexample below is t = 2. Kingma and Ba divide a separate copy: "
                "v^_t = v_t/(1 - beta_2^t).",
        slide_expr=_inside(b2, g**2, 2),
        correct_expr=_corrected(b2, g**2, 2),
        at={g: 1, b2: sp.Rational(999, 1000)},
    ),
    Erratum(
        id="optim.errata.adam_correction_inside_m",
        slide="001",
        quote="m_j^t = (beta_1 m_j^{t-1} + (1 - beta_1) g_{tj})/(1 - beta_1^t)",
        problem="The same for the first moment: with g = 1, beta_1 = 0.9 it is 1, 5.26, 17.8 "
                "at t = 1, 2, 3 instead of 1.",
        slide_expr=_inside(b1, g, 2),
        correct_expr=_corrected(b1, g, 2),
        at={g: 1, b1: sp.Rational(9, 10)},
    ),
    Erratum(
        id="optim.errata.adam_no_square",
        slide="001",
        quote="v_j^t = (beta_2 v_j^{t-1} + (1 - beta_2) g_{tj})/(1 - beta_2^t)",
        problem="Without the square on g the second moment estimates E[g], not E[g^2]: at t = 1 "
                "it is g = 1/2 where g^2 = 1/4, and sqrt(v + eps) is not real for g < 0.",
        slide_expr=_inside(b2, g, 1),
        correct_expr=_corrected(b2, g**2, 1),
        at={g: sp.Rational(1, 2), b2: sp.Rational(999, 1000)},
    ),
    Erratum(
        id="optim.errata.eps_inside_root",
        slide="001",
        quote="w_j^t = w_j^{t-1} - eta_t/sqrt(G_j^t + eps) g_tj  (code: np.sqrt(grad_squared) "
              "+ 1e-7)",
        problem="The formulas put eps inside the square root, the slides' own code and PyTorch "
                "outside. Both conventions exist, but they are different updates while G is "
                "of the order of eps: at G = 0, eps = 1e-8 the denominators are 1e-4 and 1e-8.",
        slide_expr=1 / sp.sqrt(G + eps),
        correct_expr=1 / (sp.sqrt(G) + eps),
        at={G: 0, eps: sp.Rational(1, 10**8)},
        kind="ambiguous",
    ),
    Erratum(
        id="optim.errata.momentum_notations",
        slide="001",
        quote="h_t = alpha h_{t-1} + eta_t g_t, w^t = w^{t-1} - h_t  (beside v_{t+1} = rho v_t "
              "+ grad f(x_t), x_{t+1} = x_t - alpha v_{t+1})",
        problem="The slides give two momentum notations (and use alpha for the momentum in one, "
                "for the learning rate in the other). With a time-dependent eta_t, as written, "
                "they are different methods: at t = 2 the step h_2 differs from PyTorch's "
                "eta_2 v_2 by rho g_1 (eta_1 - eta_2); with rho = 0.9, eta = (1, 0.1), g = 1 "
                "the steps are 1.0 and 0.19.",
        slide_expr=HV.unroll(2),
        correct_expr=etas[2] * V.unroll(2),
        at={rho: sp.Rational(9, 10), etas[1]: 1, etas[2]: sp.Rational(1, 10), gs[1]: 1,
            gs[2]: 1},
        kind="notation",
    ),
)
