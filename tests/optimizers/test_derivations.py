"""The optimizers chapter: what the kernel must refuse, and the slides' errata confirmed.

``tests/test_derivations.py`` already proves every derivation; here: the
chapter's trusted rules (induction, peeling a sum) refuse false instances,
false variants of the chapter's statements are refused, and each erratum's
counterexample is the one its text quotes.
"""

from __future__ import annotations

import pytest
import sympy as sp

from derivations.axioms.optimizers import PEEL_RULES, SUM_PEEL, Recurrence, induction
from derivations.kernel import Derivation, DerivationError, Step
from derivations.optimizers import CHAPTER, errata
from derivations.optimizers.common import eta, g, gs, k, rho, t

v = sp.Function("v")
V = Recurrence("v", v, t, 0, lambda prev, n: rho * prev + gs[n])
VC = Recurrence("v", v, t, 0, lambda prev, n: rho * prev + g)


def refuses(*steps: Step, predicates=()) -> bool:
    try:
        Derivation(id="false", title="false", chapter="optimizers", steps=steps,
                   predicates=tuple(predicates)).prove()
    except DerivationError:
        return True
    return False


@pytest.mark.parametrize(("closed", "why"), [
    (g * (1 - rho ** (t + 1)) / (1 - rho), "one power too many (fails the base case)"),
    (g * t, "the undamped sum (fails the step for rho != 1)"),
    (g / (1 - rho), "the limit, not the value at t"),
    (g * (1 - rho**t), "the missing 1/(1 - rho)"),
], ids=["shifted", "undamped", "limit", "unscaled"])
def test_induction_refuses_a_closed_form_that_fails_base_or_step(closed, why):
    rule = induction(VC, closed, predicates=(sp.Q.lt(rho, 1),))
    assert rule.apply(v(t) + 1) == v(t) + 1, why


def test_the_kernel_refuses_a_step_that_relies_on_a_refused_induction():
    wrong = g * (1 - rho**t)
    assert refuses(Step(v(t), wrong, because="axiom", using=(induction(VC, wrong),)))


def test_induction_refuses_a_sum_with_the_wrong_discount():
    wrong = sp.Sum(rho ** (t - k + 1) * gs[k], (k, 1, t))
    assert induction(V, wrong, using=PEEL_RULES).apply(v(t)) == v(t)


def test_induction_proves_the_true_closed_forms_beside_the_refused_ones():
    right = sp.Sum(rho ** (t - k) * gs[k], (k, 1, t))
    closed = g * (1 - rho**t) / (1 - rho)
    assert not refuses(Step(v(t), right, because="axiom",
                            using=(induction(V, right, using=PEEL_RULES),)))
    assert not refuses(Step(v(t), closed, because="axiom", using=(induction(VC, closed),)),
                       predicates=(sp.Q.lt(rho, 1),))


def test_two_recurrences_on_one_name_cannot_meet_in_one_derivation():
    right = sp.Sum(rho ** (t - k) * gs[k], (k, 1, t))
    closed = g * (1 - rho**t) / (1 - rho)  # true of VC, false of V (its g_k vary)
    assert refuses(Step(v(t), right, because="axiom",
                        using=(induction(V, right, using=PEEL_RULES),)),
                   Step(v(t), closed, because="axiom", using=(induction(VC, closed),)),
                   predicates=(sp.Q.lt(rho, 1),))


def test_induction_rewrites_only_its_own_sequence():
    other = sp.Function("w")
    rule = induction(VC, g * (1 - rho**t) / (1 - rho))
    assert rule.apply(other(t)) == other(t)


def test_peeling_leaves_sums_without_a_shifted_upper_limit_alone():
    s = sp.Sum(gs[k], (k, 1, t))
    assert SUM_PEEL.apply(s) == s
    assert SUM_PEEL.apply(sp.Sum(gs[k], (k, 1, 3))) == sp.Sum(gs[k], (k, 1, 3))
    assert SUM_PEEL.apply(sp.Sum(gs[k], (k, 1, t + 1))) == sp.Sum(gs[k], (k, 1, t)) + gs[t + 1]


#: a false instance for each of the chapter's axioms (the kernel's axiom table collects them)
AXIOM_FALSE_INSTANCES = [
    ("peeling takes off the last term, not the one before",
     Step(sp.Sum(gs[k], (k, 1, t + 1)), sp.Sum(gs[k], (k, 1, t)) + gs[t], because="sum",
          using=(SUM_PEEL,))),
]


def test_peeling_refuses_to_prove_a_wrong_last_term():
    assert refuses(Step(sp.Sum(gs[k], (k, 1, t + 1)), sp.Sum(gs[k], (k, 1, t)) + gs[t],
                        because="sum", using=(SUM_PEEL,)))


def test_the_notations_are_not_proved_equal_when_the_rate_changes():
    etas = sp.IndexedBase("eta", positive=True)
    h = Recurrence("h", sp.Function("h"), t, 0, lambda prev, n: rho * prev + etas[n] * gs[n])
    false_closed = etas[t] * sp.Sum(rho ** (t - k) * gs[k], (k, 1, t))
    rule = induction(h, false_closed, using=PEEL_RULES)
    assert rule.apply(h.func(t)) == h.func(t)
    assert not refuses(Step(h.unroll(2).subs({etas[1]: eta, etas[2]: eta}),
                            eta * V.unroll(2)))


def test_the_uncorrected_adam_step_is_not_lr():
    b1, b2 = sp.symbols("beta_1 beta_2", positive=True)
    gp = sp.Symbol("g", positive=True)
    assert refuses(Step(eta * (1 - b1) * gp / sp.sqrt((1 - b2) * gp**2), eta))


@pytest.mark.parametrize("erratum", CHAPTER.errata, ids=lambda e: e.id)
def test_each_erratum_differs_at_its_counterexample(erratum):
    # (tests/test_derivations.py confirms each erratum; here: the quoted numbers differ)
    slide, right = erratum.values()
    assert slide != right


def test_adam_with_the_correction_inside_grows_as_the_erratum_says():
    # g = 1, beta2 = 0.999: the slide's v_t = (b2 v_{t-1} + (1 - b2) g^2) / (1 - b2^t), run
    # in exact fractions independently of the erratum's SymPy form, grows past 1.6e5 by t = 3
    from fractions import Fraction

    b2, v, expected = Fraction(999, 1000), Fraction(0), []
    for step in (1, 2, 3):
        v = (b2 * v + (1 - b2)) / (1 - b2**step)
        expected.append(v)
    values = [errata._inside(sp.Rational(999, 1000), 1, n) for n in (1, 2, 3)]
    assert [sp.Rational(e.numerator, e.denominator) for e in expected] == values
    assert expected[0] == 1 and expected[2] > 1000 * expected[0]
    assert all(errata._corrected(sp.Rational(999, 1000), 1, n) == 1 for n in (1, 2, 3))
