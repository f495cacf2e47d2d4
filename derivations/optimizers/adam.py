"""Adam: two moving averages from zero, and the bias correction that makes them unbiased.

PyTorch (``torch.optim.Adam``; Kingma and Ba 2015, Algorithm 1)::

    m_t = beta1 m_{t-1} + (1 - beta1) g_t          v_t = beta2 v_{t-1} + (1 - beta2) g_t^2
    m^_t = m_t/(1 - beta1^t)                        v^_t = v_t/(1 - beta2^t)
    theta_t = theta_{t-1} - lr m^_t/(sqrt(v^_t) + eps)

For stationary gradients ``E[m_t] = (1 - beta1^t) E[g]`` and ``E[v_t] = (1 -
beta2^t) E[g^2]`` (:mod:`.moving_average`), so ``m^_t`` and ``v^_t`` are
unbiased at *every* ``t``, not only asymptotically (the slides: "bias
correction for the fact that first and second moment estimates start from
zero").  The first step is ``lr g/(|g| + eps)``: about ``lr`` in every
coordinate whatever the gradient's size; without the correction it would be
``lr (1 - beta1) g/(sqrt(1 - beta2)|g| + eps)``, about ``3.16 lr`` at the
defaults.  Under a constant gradient every step is ``lr g/(|g| + eps)``.

>>> STEPS.claim("optim.adam.first_step").rhs
eta*g/(epsilon + Abs(g))
>>> FIRST.claim("optim.adam.first_moment_expectation").rhs
mu_g*(1 - beta_1**t)
"""

from __future__ import annotations

import sympy as sp

from ..axioms.optimizers import induction
from ..kernel import Assumption, Claim, Derivation, Step
from .common import average, eta, g, t
from .moving_average import ema_derivation

__all__ = ["FIRST", "SECOND", "STEPS"]

beta1 = sp.Symbol("beta_1", positive=True)
beta2 = sp.Symbol("beta_2", positive=True)
eps = sp.Symbol("epsilon", positive=True)
mean_g = sp.Symbol("mu_g", real=True)     # E[g]
s = sp.Symbol("s", positive=True)         # E[g^2]
gt = sp.Symbol("g_t", real=True)
KINGMA_BA = ("D. P. Kingma and J. Ba, Adam: a method for stochastic optimization, ICLR 2015, "
             "Algorithm 1 and section 3.",
             "PyTorch documentation, torch.optim.Adam (the algorithm box).")
RANGE1 = Assumption("beta1 in (0, 1)", "0 < beta_1 < 1 (default 0.9).",
                    predicates=(sp.Q.positive(beta1), sp.Q.lt(beta1, 1)))
RANGE2 = Assumption("beta2 in (0, 1)", "0 < beta_2 < 1 (default 0.999).",
                    predicates=(sp.Q.positive(beta2), sp.Q.lt(beta2, 1)))

FIRST = ema_derivation(
    id="optim.adam.first_moment", title="Adam's first moment: biased by $1 - \\beta_1^t$, "
                                        "corrected",
    claim_prefix="optim.adam.first_moment", weight=beta1, sample=gt, mean=mean_g, name="m",
    implemented_by="adam_step", weight_range=RANGE1, references=KINGMA_BA)
SECOND = ema_derivation(
    id="optim.adam.second_moment",
    title="Adam's second moment: biased by $1 - \\beta_2^t$, corrected",
    claim_prefix="optim.adam.second_moment", weight=beta2, sample=gt**2, mean=s, name="v",
    implemented_by="adam_step", weight_range=RANGE2, references=KINGMA_BA, squared=True)

M = average("m", beta1, lambda n: g)
VV = average("v", beta2, lambda n: g**2)
M_CLOSED, V_CLOSED = (1 - beta1**t) * g, (1 - beta2**t) * g**2
tp = sp.Symbol("t", integer=True, positive=True)
STARTED = Assumption("after the first step", "t >= 1 (an integer) and 0 < beta < 1 give "
                     "beta^t < 1, so 1 - beta^t > 0 for both averages (stated: the kernel's "
                     "sign rules do not see through the power).",
                     predicates=(sp.Q.positive(1 - beta1**t), sp.Q.positive(1 - beta2**t)))
update = eta * (M.func(t) / (1 - beta1**t)) / (sp.sqrt(VV.func(t) / (1 - beta2**t)) + eps)
first = eta * ((1 - beta1) * g / (1 - beta1)) / (sp.sqrt((1 - beta2) * g**2 / (1 - beta2)) + eps)
uncorrected = eta * (1 - beta1) * g / (sp.sqrt((1 - beta2) * g**2) + eps)

STEPS = Derivation(
    id="optim.adam.steps",
    title="Adam's first step and its steps under a constant gradient",
    chapter="optimizers",
    slides=("001",),
    references=KINGMA_BA,
    summary="Every step under a constant gradient, the first included, is $\\eta g/(|g| + "
            "\\epsilon)$; uncorrected, the first would be $\\eta (1 - \\beta_1) g/(\\sqrt{1 - "
            "\\beta_2}\\, |g| + \\epsilon)$.",
    assumptions=(RANGE1, RANGE2, STARTED),
    steps=(
        Step(VV.func(t) / (1 - beta2**t), g**2, because="axiom",
             using=(induction(VV, V_CLOSED),),
             note="v_t = (1 - beta2^t) g^2, so the corrected v^_t is g^2 >= 0 (t >= 1) ..."),
        Step(sp.sqrt(VV.func(t) / (1 - beta2**t)) + eps, sp.Abs(g) + eps, because="axiom",
             using=(induction(VV, V_CLOSED),),
             note="... and the denominator sqrt(v^_t) + eps = |g| + eps >= eps > 0."),
        Step(update, eta * g / (sp.Abs(g) + eps), because="axiom",
             using=(induction(M, M_CLOSED), induction(VV, V_CLOSED)),
             note="m_t = (1 - beta1^t) g and v_t = (1 - beta2^t) g^2: the corrections cancel "
                  "the factors exactly."),
        Step(first, eta * g / (sp.Abs(g) + eps), because="algebra",
             note="The first step (t = 1), written out."),
        Step(uncorrected, eta * (1 - beta1) * g / (sp.sqrt(1 - beta2) * sp.Abs(g) + eps),
             because="algebra", note="Without the correction: (1 - beta1)/sqrt(1 - beta2) = "
                                     "0.1/0.0316 = 3.16 times larger at the defaults."),
    ),
    claims=(
        Claim("optim.adam.constant_gradient_step",
              "Under a constant gradient every Adam step is lr g/(|g| + eps).", update,
              eta * g / (sp.Abs(g) + eps), parameters=(eps, eta, g), slide="001",
              implemented_by="adam_step"),
        Claim("optim.adam.first_step",
              "Adam's first step is lr g/(|g| + eps): about lr per coordinate, whatever the "
              "gradient's scale.", first, eta * g / (sp.Abs(g) + eps),
              parameters=(eps, eta, g), slide="001", implemented_by="adam_step"),
        Claim("optim.adam.uncorrected_first_step",
              "Without bias correction the first step would be lr (1 - beta1) g/(sqrt(1 - "
              "beta2)|g| + eps).", uncorrected,
              eta * (1 - beta1) * g / (sp.sqrt(1 - beta2) * sp.Abs(g) + eps),
              parameters=(beta1, beta2, eps, eta, g)),
    ),
)
