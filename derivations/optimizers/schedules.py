"""Learning-rate schedules as closed forms of PyTorch's schedulers (slide 003, deck 002).

Deck 002: "reduce the learning rate by some factor every few epochs"; deck
003 names "Learning Rate scheduler".  PyTorch's schedulers update the rate
recursively, epoch by epoch; each has a documented closed form in the epoch
``e`` (``base`` is the optimizer's initial ``lr``):

* ``StepLR(step_size, gamma)``: ``base gamma^floor(e/step_size)``; one more
  period multiplies it by ``gamma`` (``floor(x + 1) = floor(x) + 1``);
* ``ExponentialLR(gamma)``: ``lr_e = gamma lr_{e-1}`` is ``base gamma^e``;
* ``CosineAnnealingLR(T_max, eta_min)``: the recursion ``lr_e = eta_min +
  (lr_{e-1} - eta_min)(1 + cos(pi e/T))/(1 + cos(pi (e-1)/T))`` is solved by
  ``eta_min + (base - eta_min)(1 + cos(pi e/T))/2`` for ``1 <= e <= T``
  (Loshchilov and Hutter 2017, eq. 5), from ``base`` at ``e = 0`` to ``eta_min``
  at ``e = T``, halfway at ``e = T/2``.

AdaGrad has an implicit schedule (:mod:`.adagrad`): under a constant
gradient its step is ``eta/sqrt(t)``, which halves each time ``t`` quadruples
- slower than any exponential or step decay eventually, and never reaching a
floor like ``eta_min``.

>>> DERIVATION.claim("optim.schedule.cosine").rhs
eta_min + (-eta_min + lr)*(cos(pi*e/T_max) + 1)/2
"""

from __future__ import annotations

import sympy as sp

from ..axioms.optimizers import Recurrence, induction
from ..kernel import Assumption, Claim, Derivation, Step
from .adagrad import DERIVATION as ADAGRAD
from .adagrad import steps  # T >= 1 steps taken
from .common import eta, t

__all__ = ["DERIVATION"]

base = sp.Symbol("lr", positive=True)
gamma = sp.Symbol("gamma", positive=True)
step_size = sp.Symbol("step_size", integer=True, positive=True)
e = sp.Symbol("e", integer=True, nonnegative=True)
T = sp.Symbol("T_max", integer=True, positive=True)
eta_min = sp.Symbol("eta_min", nonnegative=True)

STEP_LR = base * gamma ** sp.floor(e / step_size)
EXP = Recurrence("lr", sp.Function("lr"), t, base, lambda prev, n: gamma * prev)
EXP_CLOSED = base * gamma**t
ADAGRAD_RATE = eta / sp.sqrt(steps)
COS = eta_min + (base - eta_min) * (1 + sp.cos(sp.pi * e / T)) / 2
COS_REC = Recurrence(
    "lr_cos", sp.Function("lr_cos"), e, base,
    lambda prev, n: eta_min + (prev - eta_min) * (1 + sp.cos(sp.pi * n / T))
    / (1 + sp.cos(sp.pi * (n - 1) / T)))
DENOMINATOR = Assumption(
    "within the first half-period", "1 <= e <= T_max, so 0 <= pi (e - 1)/T_max < pi and "
    "1 + cos(pi (e - 1)/T_max) > 0 (PyTorch special-cases e - 1 = T_max); so at every epoch "
    "up to T_max, and their product is not 0.",
    predicates=(sp.Q.positive(1 + sp.cos(sp.pi * (e - 1) / T)), sp.Q.le(e, T),
                sp.Q.nonzero(sp.Product(1 + sp.cos(sp.pi * (e - 1) / T), (e, 1, T)))))

DERIVATION = Derivation(
    id="optim.schedules",
    title="Step, exponential and cosine schedules in closed form; AdaGrad's implicit one",
    chapter="optimizers",
    slides=("002", "003"),
    references=("PyTorch documentation, torch.optim.lr_scheduler.StepLR, ExponentialLR, "
                "CosineAnnealingLR.",
                "I. Loshchilov and F. Hutter, SGDR: stochastic gradient descent with warm "
                "restarts, ICLR 2017, eq. (5)."),
    summary="StepLR multiplies by $\\gamma$ every `step_size` epochs; ExponentialLR is the base "
            "rate times $\\gamma^e$; the cosine closed form solves PyTorch's recursion; AdaGrad "
            "decays as $1/\\sqrt{t}$.",
    assumptions=(DENOMINATOR, *ADAGRAD.assumptions),
    steps=(
        Step(STEP_LR.subs(e, e + step_size), gamma * STEP_LR, because="algebra",
             note="floor(e/s + 1) = floor(e/s) + 1."),
        Step(EXP.func(t), EXP_CLOSED, because="axiom", using=(induction(EXP, EXP_CLOSED),)),
        Step(STEP_LR, EXP_CLOSED.subs(t, sp.floor(e / step_size)), because="algebra",
             note="StepLR is ExponentialLR read at floor(e/step_size)."),
        Step(COS_REC.func(e), COS, because="axiom", using=(induction(COS_REC, COS, upto=T),),
             note="The closed form solves PyTorch's recursive update (induction on e, valid "
                  "while the denominator 1 + cos(pi (e - 1)/T_max) is positive) ..."),
        Step(COS.subs(e, 0), base, because="algebra", note="... from base at e = 0 ..."),
        Step(COS.subs(e, T), eta_min, because="algebra", note="... to eta_min at e = T_max."),
        Step(ADAGRAD.claim("optim.adagrad.effective_step").lhs, ADAGRAD_RATE,
             because="lemma", using=(ADAGRAD.lemma("optim.adagrad.effective_step"),),
             note="AdaGrad's step under a constant gradient (optim.adagrad.effective_step) ..."),
        Step(ADAGRAD_RATE.subs(steps, 4 * steps), ADAGRAD_RATE / 2, because="algebra",
             note="... halves each time T quadruples."),
    ),
    claims=(
        Claim("optim.schedule.step_period",
              "StepLR: one more step_size epochs multiply the rate by gamma.",
              STEP_LR.subs(e, e + step_size), gamma * STEP_LR, slide="002",
              implemented_by="step_lr"),
        Claim("optim.schedule.step_is_exponential",
              "StepLR's rate at epoch e is ExponentialLR's at epoch floor(e/step_size).",
              STEP_LR, EXP_CLOSED.subs(t, sp.floor(e / step_size)), slide="002",
              implemented_by="step_lr"),
        Claim("optim.schedule.exponential", "ExponentialLR's rate is lr gamma^e.",
              EXP.func(t), EXP_CLOSED, parameters=(base, gamma, t),
              implemented_by="exponential_lr"),
        Claim("optim.schedule.cosine",
              "CosineAnnealingLR's recursion is solved by eta_min + (lr - eta_min)(1 + cos(pi "
              "e/T_max))/2 for 0 <= e <= T_max.", COS_REC.func(e), COS,
              parameters=(base, e, eta_min, T),
              implemented_by="cosine_annealing_lr"),
        Claim("optim.schedule.cosine_end", "The cosine schedule ends at eta_min at e = T_max.",
              COS.subs(e, T), eta_min, implemented_by="cosine_annealing_lr"),
        Claim("optim.schedule.adagrad_halving",
              "AdaGrad's implicit schedule eta/sqrt(T) halves each time T quadruples.",
              ADAGRAD_RATE.subs(steps, 4 * steps), ADAGRAD_RATE / 2, slide="001"),
    ),
)
