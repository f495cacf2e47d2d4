"""RMSProp: a moving average of squared gradients, started from zero and never corrected.

Slide 001: ``G_t = alpha G_{t-1} + (1 - alpha) g_t^2``, ``w_t = w_{t-1} - eta
g_t/sqrt(G_t + eps)`` (formula; the code puts ``eps`` outside the root, as
PyTorch's ``torch.optim.RMSprop`` does).  For stationary gradients
``E[G_t] = (1 - alpha^t) E[g^2]`` (:mod:`.moving_average`), steady state
``E[g^2]``.  PyTorch does not correct the bias, so the early steps are large:
under a constant gradient ``G_t = (1 - alpha^t) g^2`` and the first step is
``eta g/(sqrt(1 - alpha) |g| + eps)``, ``1/sqrt(1 - alpha) = 10`` times ``eta``
at the default ``alpha = 0.99`` (the slide's ``alpha ~ 0.9``: 3.2 times).

References: T. Tieleman and G. Hinton, Lecture 6.5 - rmsprop, COURSERA:
Neural Networks for Machine Learning, 2012; PyTorch documentation,
torch.optim.RMSprop.

>>> CONSTANT.claim("optim.rmsprop.first_step").rhs
eta*g/(epsilon + sqrt(1 - alpha)*Abs(g))
"""

from __future__ import annotations

import sympy as sp

from ..axioms.optimizers import Recurrence, induction
from ..kernel import Assumption, Claim, Derivation, Step
from .common import eta, g, t
from .moving_average import ema_derivation

__all__ = ["CONSTANT", "DERIVATION"]

alpha = sp.Symbol("alpha", positive=True)
eps = sp.Symbol("epsilon", positive=True)
sigma2 = sp.Symbol("s", positive=True)   # E[g^2]
gt = sp.Symbol("g_t", real=True)
RANGE = Assumption("smoothing constant in (0, 1)", "0 < alpha < 1 (PyTorch's default 0.99).",
                   predicates=(sp.Q.positive(alpha), sp.Q.lt(alpha, 1)))

POWER_AT_MOST_ONE = Assumption(
    "alpha^t <= 1", "1 - alpha^t >= 0: alpha^t <= 1 for 0 < alpha < 1 and an integer t >= 0 "
    "(the kernel's sign rules do not see through the power), so G_t = (1 - alpha^t) g^2 "
    ">= 0 has a real root.", predicates=(sp.Q.nonnegative(1 - alpha**t),))

DERIVATION = ema_derivation(
    id="optim.rmsprop.expectation", title="RMSProp's accumulator: its expectation and bias",
    claim_prefix="optim.rmsprop.accumulator", weight=alpha, sample=gt**2, mean=sigma2,
    name="G", implemented_by="rmsprop_step", weight_range=RANGE, squared=True,
    references=("T. Tieleman and G. Hinton, Lecture 6.5 - rmsprop, COURSERA: Neural "
                "Networks for Machine Learning, 2012.",))

G = Recurrence("G", sp.Function("G"), t, sp.S.Zero,
               lambda prev, n: alpha * prev + (1 - alpha) * g**2)
G_CLOSED = (1 - alpha**t) * g**2
STEP = eta * g / (sp.sqrt(G_CLOSED) + eps)

CONSTANT = Derivation(
    id="optim.rmsprop.constant",
    title="RMSProp under a constant gradient: the large uncorrected first steps",
    chapter="optimizers",
    slides=("001",),
    references=("PyTorch documentation, torch.optim.RMSprop (the algorithm box).",),
    summary="$G_t = (1 - \\alpha^t) g^2$; step $\\eta g/(\\sqrt{(1 - \\alpha^t) g^2} + "
            "\\epsilon)$.",
    assumptions=(RANGE, POWER_AT_MOST_ONE),
    steps=(
        Step(G.func(t), G_CLOSED, because="axiom", using=(induction(G, G_CLOSED),),
             note="From G_0 = 0 each step moves G towards g^2: G_t = (1 - alpha^t) g^2 >= 0."),
        Step(sp.sqrt(G.func(t)) + eps, sp.sqrt(G_CLOSED) + eps, because="axiom",
             using=(induction(G, G_CLOSED),),
             note="The denominator: sqrt(G_t) + eps >= eps > 0, so the step is defined."),
        Step(eta * g / (sp.sqrt(G.func(t)) + eps), STEP, because="axiom",
             using=(induction(G, G_CLOSED),)),
        Step(STEP.subs(t, 1), eta * g / (sp.sqrt(1 - alpha) * sp.Abs(g) + eps),
             because="algebra", note="The first step: 1/sqrt(1 - alpha) times eta."),
    ),
    claims=(
        Claim("optim.rmsprop.constant_gradient_step",
              "Under a constant gradient RMSProp's step is eta g/(sqrt((1 - alpha^t) g^2) + eps).",
              eta * g / (sp.sqrt(G.func(t)) + eps), STEP, parameters=(alpha, eps, eta, g, t),
              implemented_by="rmsprop_step"),
        Claim("optim.rmsprop.first_step",
              "RMSProp's first step is eta g/(sqrt(1 - alpha) |g| + eps): about "
              "eta/sqrt(1 - alpha), ten times eta at alpha = 0.99.", STEP.subs(t, 1),
              eta * g / (sp.sqrt(1 - alpha) * sp.Abs(g) + eps), parameters=(alpha, eps, eta, g),
              slide="001", implemented_by="rmsprop_step"),
    ),
)
