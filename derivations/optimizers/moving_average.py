"""The moving average that RMSProp and Adam share, started from zero.

``m_0 = 0``, ``m_t = beta m_{t-1} + (1 - beta) x_t``.  Taking expectations
(linearity) of a stationary sequence, ``E[x_t] = xi`` for every ``t``, gives
the same recurrence for ``e_t = E[m_t]`` with ``x_t`` replaced by ``xi``, so
``E[m_t] = (1 - beta^t) xi``: the average is biased towards its start 0 by the
factor ``1 - beta^t``, which is ``1 - beta`` after one step (0.1 for Adam's
``beta1 = 0.9``, 0.001 for its ``beta2 = 0.999``).  Under a geometric sequence
``x_t = x_0 q^t`` the average is ``(1 - beta) x_0 q (q^t - beta^t)/(q - beta)``.
"""

from __future__ import annotations

import sympy as sp

from ..axioms.optimizers import Recurrence, induction
from ..expectation import E, linearity
from ..kernel import Assumption, Claim, Derivation, Solve, Step
from .common import AVERAGE_RANGE, GEOMETRIC_RATIO, g0, q, t

__all__ = ["ema_derivation"]


def ema_derivation(*, id: str, title: str, claim_prefix: str, weight: sp.Symbol,
                   sample: sp.Expr, mean: sp.Symbol, name: str, implemented_by: str,
                   slides=("001",), references=(), weight_range: Assumption = AVERAGE_RANGE,
                   geometric: bool = True, squared: bool = False) -> Derivation:
    """The expectation, steady state and geometric closed form of one moving average.

    ``sample`` is the averaged random quantity at step t (``g_t`` or ``g_t^2``),
    ``mean`` its stationary expectation; ``squared`` says the geometric
    sequence enters squared (``x_t = (g_0 q^t)^2``).
    """
    prev = sp.Symbol(f"{name}_prev", real=True)
    e = Recurrence(f"E[{name}]", sp.Function(f"E_{name}"), t, sp.S.Zero,
                   lambda p_, n: weight * p_ + (1 - weight) * mean)
    closed = (1 - weight**t) * mean
    linear = linearity([prev, *sorted(sample.free_symbols, key=str)])
    stationary = Assumption(
        "stationary samples", f"E[{sp.sstr(sample)}] = {mean} at every step (the same law), and "
        f"{name}_0 = 0.", substitutions=(sp.Eq(E(sample), mean),))
    fixed = sp.Symbol(f"{name}_inf", real=True)
    ratio = q**2 if squared else q
    scale = g0**2 if squared else g0
    geo = Recurrence(name, sp.Function(name), t, sp.S.Zero,
                     lambda p_, n: weight * p_ + (1 - weight) * scale * ratio**n)
    geo_closed = (1 - weight) * scale * ratio * (ratio**t - weight**t) / (ratio - weight)
    corrected = sp.Function(f"E_{name}")(t) / (1 - weight**t)
    steps = [
        Step(E(weight * prev + (1 - weight) * sample), weight * E(prev) + (1 - weight) * E(sample),
             because="linearity", using=(linear,)),
        Step(weight * E(prev) + (1 - weight) * E(sample), weight * E(prev) + (1 - weight) * mean,
             because="assumption", using=(stationary,),
             note=f"So E[{name}_t] obeys the same recurrence with the sample replaced by {mean}."),
        Step(e.func(t), closed, because="axiom", using=(induction(e, closed),)),
        Step(fixed - (weight * fixed + (1 - weight) * mean), (1 - weight) * (fixed - mean),
             because="algebra", note="The steady state: a fixed point of the recurrence ..."),
        Solve(sp.Eq((1 - weight) * (fixed - mean), 0), fixed, mean,
              note="... is the stationary mean itself (weight != 1)."),
    ]
    claims = [
        Claim(f"{claim_prefix}_expectation",
              f"For stationary samples E[{name}_t] = (1 - {weight}^t) E[sample]: biased towards "
              f"the start 0.", e.func(t), closed, parameters=(mean, t, weight),
              slide=slides[0], implemented_by=implemented_by),
        Claim(f"{claim_prefix}_steady_state",
              f"The steady state of E[{name}_t] is the stationary mean.", fixed, mean,
              slide=slides[0], implemented_by=implemented_by),
    ]
    assumptions = [stationary, weight_range]
    if geometric:
        steps.append(Step(geo.func(t), geo_closed, because="axiom",
                          using=(induction(geo, geo_closed),),
                          note="A geometric sample sequence, exactly."))
        claims.append(Claim(f"{claim_prefix}_geometric",
                            f"Under samples (g_0 q^t){'^2' if squared else ''} the average is "
                            f"exactly {sp.sstr(geo_closed)}.", geo.func(t), geo_closed,
                            parameters=(g0, q, t, weight), implemented_by=implemented_by))
        ratio_ok = Assumption(GEOMETRIC_RATIO.name, GEOMETRIC_RATIO.statement.replace(
            "q != beta", f"{sp.sstr(ratio)} != {weight}"),
            predicates=(sp.Q.nonzero(ratio - weight),))
        assumptions.append(ratio_ok)
    started = Assumption("after the first step", "t >= 1, so 1 - weight^t > 0.",
                         predicates=(sp.Q.positive(1 - weight**t),))
    steps.append(Step(corrected, mean, because="axiom", using=(induction(e, closed),),
                      note=f"Dividing by 1 - {weight}^t removes the bias at every t >= 1."))
    claims.append(Claim(f"{claim_prefix}_corrected",
                        f"E[{name}_t/(1 - {weight}^t)] = E[sample] at every t >= 1: the "
                        "bias-corrected average is unbiased.", corrected, mean,
                        parameters=(mean,), implemented_by=implemented_by))
    assumptions.append(started)
    return Derivation(id=id, title=title, chapter="optimizers", slides=tuple(slides),
                      references=tuple(references), assumptions=tuple(assumptions),
                      steps=tuple(steps), claims=tuple(claims),
                      summary=f"$\\mathbb{{E}}[{name}_t] = (1 - {sp.latex(weight)}^t)\\, "
                              "\\mathbb{E}[\\text{sample}]$; steady state; bias correction.")



