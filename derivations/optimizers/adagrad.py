"""AdaGrad: a step that shrinks like 1/sqrt(t), invariant to each coordinate's scale.

Slide 001: ``G_t = G_{t-1} + g_t^2``, ``w_t = w_{t-1} - eta g_t / sqrt(G_t + eps)``
(formula) and ``x -= lr dx / (sqrt(grad_squared) + 1e-7)`` (code).  PyTorch
(``torch.optim.Adagrad``) uses the code's placement: ``sqrt(G_t) + eps``.

* Under a constant gradient ``g`` (from ``G_0 = 0``) ``G_t = t g^2`` and the
  step is ``eta g/sqrt(t g^2) = eta/sqrt(t)`` (``g > 0``, ``eps = 0``): the
  slide's "learning rate goes to zero", as the schedule ``eta/sqrt(t)``.
* Scaling one coordinate's gradients by ``c > 0`` scales its ``sqrt(G_t)`` by
  ``c`` too, so with ``eps = 0`` the update is unchanged: a steep coordinate
  (large gradients) moves no further than a flat one - the slide's "steep
  directions damped, flat directions accelerated", relative to SGD.
* ``eps`` inside the root acts as an outside ``eps_eff = sqrt(G + eps) -
  sqrt(G) = eps/(sqrt(G + eps) + sqrt(G))``: between ``0`` and ``sqrt(eps)``
  (reached at ``G = 0``), about ``eps/(2 sqrt(G))`` once ``G >> eps``.  So the
  placements differ only while ``G`` is of the order of ``eps`` (with the
  slide's ``1e-7``, gradients of about ``3e-4`` or less); there an inside
  ``eps`` caps the step at ``eta |g|/sqrt(eps)``, an outside one at
  ``eta |g|/eps``, ``1/sqrt(eps)`` times larger.

References: J. Duchi, E. Hazan, Y. Singer, Adaptive subgradient methods for
online learning and stochastic optimization, JMLR 12 (2011); PyTorch
documentation, torch.optim.Adagrad.

>>> DERIVATION.claim("optim.adagrad.effective_step").rhs
eta/sqrt(T)
>>> DERIVATION.claim("optim.adagrad.eps_inside_as_outside").rhs
epsilon/(sqrt(G) + sqrt(G + epsilon))
"""

from __future__ import annotations

import sympy as sp

from ..axioms.optimizers import Recurrence, induction
from ..kernel import Assumption, Claim, Derivation, Step
from ..sums import SUM_LINEARITY
from .common import eta, g, gs, k, t

__all__ = ["ACCUMULATOR", "DERIVATION", "G_CLOSED", "steps"]

G0 = sp.Symbol("G_0", nonnegative=True)          # initial_accumulator_value
eps = sp.Symbol("epsilon", positive=True)
gp = sp.Symbol("g", positive=True)                # a positive constant gradient
steps = sp.Symbol("T", integer=True, positive=True)  # steps taken so far (T >= 1)
cs = sp.Symbol("c", positive=True)
S = sp.Symbol("S", positive=True)                 # sum of squared gradients so far
G = sp.Symbol("G", nonnegative=True)              # an accumulator value
ACCUMULATOR = Recurrence("G", sp.Function("G"), t, G0, lambda prev, n: prev + g**2)
G_CLOSED = G0 + t * g**2
STEP = eta * g / (sp.sqrt(G_CLOSED) + eps)

DERIVATION = Derivation(
    id="optim.adagrad",
    title="AdaGrad: the $1/\\sqrt{t}$ step, scale invariance, and where $\\epsilon$ goes",
    chapter="optimizers",
    slides=("001",),
    references=("J. Duchi, E. Hazan, Y. Singer, Adaptive subgradient methods for online "
                "learning and stochastic optimization, JMLR 12 (2011) 2121-2159.",
                "PyTorch documentation, torch.optim.Adagrad (the algorithm box)."),
    summary="$G_t = G_0 + t g^2$; the step $\\eta/\\sqrt{t}$; invariance to rescaling a "
            "coordinate; an $\\epsilon$ inside the root is an outside $\\epsilon/(\\sqrt{G + "
            "\\epsilon} + \\sqrt{G}) \\le \\sqrt{\\epsilon}$.",
    assumptions=(Assumption("some gradient so far", "S = sum_k g_k^2 > 0 (a coordinate whose "
                            "gradients were all 0 has not moved).",
                            predicates=(sp.Q.positive(S),)),),
    steps=(
        Step(ACCUMULATOR.func(t), G_CLOSED, because="axiom",
             using=(induction(ACCUMULATOR, G_CLOSED),), note="Each step adds g^2."),
        Step(sp.sqrt(ACCUMULATOR.func(t)) + eps, sp.sqrt(G_CLOSED) + eps, because="axiom",
             using=(induction(ACCUMULATOR, G_CLOSED),),
             note="The denominator: sqrt(G_t) + eps >= eps > 0, since G_t = G_0 + t g^2 >= 0 "
                  "(step 1), so the step below is defined."),
        Step(eta * g / (sp.sqrt(ACCUMULATOR.func(t)) + eps), STEP, because="axiom",
             using=(induction(ACCUMULATOR, G_CLOSED),),
             note="PyTorch's step under a constant gradient."),
        Step(eta * gp / sp.sqrt(G_CLOSED.subs({G0: 0, g: gp, t: steps})), eta / sp.sqrt(steps),
             because="algebra", note="From G_0 = 0 with eps = 0: eta/sqrt(T) for any g > 0."),
        Step(sp.Sum((cs * gs[k]) ** 2, (k, 1, t)), cs**2 * sp.Sum(gs[k] ** 2, (k, 1, t)),
             because="sum", using=(SUM_LINEARITY,),
             note="Scaling a coordinate's gradients by c scales its accumulator by c^2 ..."),
        Step(cs * gs[t] / sp.sqrt(cs**2 * S), gs[t] / sp.sqrt(S), because="algebra",
             note="... and its root by c, so the update (eps = 0) does not change."),
        Step(sp.sqrt(G + eps) - sp.sqrt(G), eps / (sp.sqrt(G + eps) + sp.sqrt(G)),
             because="algebra", note="Rationalise: eps inside = eps_eff outside."),
        Step((eps / (sp.sqrt(G + eps) + sp.sqrt(G))).subs(G, 0), sp.sqrt(eps),
             because="algebra", note="The largest eps_eff, at G = 0, is sqrt(eps)."),
    ),
    claims=(
        Claim("optim.adagrad.accumulator", "Under a constant gradient G_t = G_0 + t g^2.",
              ACCUMULATOR.func(t), G_CLOSED, parameters=(G0, g, t), slide="001",
              implemented_by="adagrad_step"),
        Claim("optim.adagrad.constant_gradient_step",
              "Under a constant gradient AdaGrad's step is eta g/(sqrt(G_0 + t g^2) + eps).",
              eta * g / (sp.sqrt(ACCUMULATOR.func(t)) + eps), STEP,
              parameters=(G0, eps, eta, g, t), implemented_by="adagrad_step"),
        Claim("optim.adagrad.effective_step",
              "After T >= 1 steps from G_0 = 0 with eps = 0 the step is eta/sqrt(T): the "
              "learning rate goes to 0.",
              eta * gp / sp.sqrt(G_CLOSED.subs({G0: 0, g: gp, t: steps})), eta / sp.sqrt(steps),
              parameters=(eta, steps), slide="001", implemented_by="adagrad_step"),
        Claim("optim.adagrad.scale_invariance",
              "With eps = 0, scaling one coordinate's gradients by c > 0 leaves its update "
              "unchanged.", cs * gs[t] / sp.sqrt(cs**2 * S), gs[t] / sp.sqrt(S), slide="001",
              implemented_by="adagrad_step"),
        Claim("optim.adagrad.eps_inside_as_outside",
              "eps inside the root acts as eps/(sqrt(G + eps) + sqrt(G)) outside it.",
              sp.sqrt(G + eps) - sp.sqrt(G), eps / (sp.sqrt(G + eps) + sp.sqrt(G)),
              parameters=(G, eps), slide="001"),
        Claim("optim.adagrad.eps_inside_at_zero",
              "That effective eps is largest, sqrt(eps), at G = 0.",
              (eps / (sp.sqrt(G + eps) + sp.sqrt(G))).subs(G, 0), sp.sqrt(eps),
              parameters=(eps,), slide="001"),
    ),
)
