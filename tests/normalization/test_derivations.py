"""The batch-norm chapter's trusted rules refuse the false statements a soundness review proved.

Each test states, as a kernel step, a false equation that an earlier version of a rule let the
kernel prove (review probes A1, A2, A3, A5), and asserts that the kernel now refuses it
(:class:`StepNotProved`) or that the rule leaves the expression unchanged.  The chapter still
proves, fast, and its errata carry the kinds the review assigned.
"""

from __future__ import annotations

import pytest
import sympy as sp

from derivations.expectation import E
from derivations.kernel import Axiom, Derivation, Lemma, Step, StepNotProved
from derivations.normalization import CHAPTER, backward, consequences, errata, running_stats
from derivations.normalization.notation import (
    IN_RANGE,
    KD,
    MU,
    SIFTING,
    SIFTING_IN_RANGE,
    STATISTICS_NOTATION,
    SUMS,
    SUMS_IN_RANGE,
    eps,
    g,
    i,
    j,
    k,
    m,
    sigma2,
    x,
)
from tests.proofs import proof_of

y = sp.IndexedBase("y")


#: the chapter's two pipelines of sum rules, without and with the range predicate i <= m
PIPELINES = pytest.mark.parametrize("sums", [SUMS, SUMS_IN_RANGE], ids=["plain", "in_range"])


def apply(rules: tuple, expr: sp.Expr) -> sp.Expr:
    for rule in rules:
        expr = rule.apply(expr)
    return expr


def prove(*steps: Step, predicates: tuple = ()) -> None:
    Derivation(id="probe", title="probe", chapter="bn", steps=steps,
               predicates=predicates).prove()


# ---- A1: the notation for the statistics must not rewrite inside a derivative

def test_statistics_notation_leaves_an_unevaluated_derivative_alone():
    dmu = sp.Derivative(MU, x[i])
    assert STATISTICS_NOTATION.apply(dmu) == dmu


@PIPELINES
def test_kernel_refuses_dmu_dx_equal_to_zero(sums):
    with pytest.raises(StepNotProved):
        prove(Step(sp.Derivative(MU, x[i]), 0, using=(STATISTICS_NOTATION, *sums)),
              predicates=IN_RANGE)


@PIPELINES
def test_kernel_refuses_a_backward_pass_without_the_statistics_terms(sums):
    false_rhs = g[i] / sp.sqrt(sigma2 + eps)  # the true dx_i also has the mu and sigma2 terms
    with pytest.raises(StepNotProved):
        prove(Step(backward._g_lhs, false_rhs, using=(*sums, STATISTICS_NOTATION, *sums)),
              predicates=IN_RANGE)


# ---- A2: Kronecker-delta sifting only for an index provably in the range of the sum

@PIPELINES
@pytest.mark.parametrize(("index", "lower"), [(m + 1, 1), (i, i + 1)], ids=["above", "below"])
def test_kernel_refuses_sifting_a_delta_whose_index_is_outside_the_range(sums, index, lower):
    out_of_range = sp.Sum(KD(j, index) * x[j], (j, lower, m))  # the true value is 0
    assert apply(sums, out_of_range) == out_of_range
    with pytest.raises(StepNotProved):
        prove(Step(out_of_range, x[index], using=sums), predicates=IN_RANGE)


def test_every_sifting_axiom_of_the_chapter_assumes_only_its_derivations_predicates():
    for d in CHAPTER.derivations:
        for rule in d.rules():
            if isinstance(rule, Axiom) and rule.name.startswith("Kronecker-delta sifting"):
                assert rule in (SIFTING, SIFTING_IN_RANGE), f"{d.id}: {rule.name}"
                if rule == SIFTING_IN_RANGE:
                    assert set(IN_RANGE) <= set(d.all_predicates()), (
                        f"{d.id} sifts under {IN_RANGE} but does not assume it")


# ---- A5: the i.i.d. axiom applies to the sample x only

def test_kernel_refuses_iid_moments_for_quantities_other_than_the_inputs():
    dy = sp.IndexedBase("dy")
    other = E(dy[j] * g[j])
    assert running_stats.IID.apply(other) == other
    with pytest.raises(StepNotProved):
        prove(Step(other, running_stats.mu_x**2 + running_stats.sigma_x2,
                   using=(running_stats.IID,)))


def test_iid_moments_still_hold_for_the_inputs():
    assert running_stats.IID.apply(E(x[j] * x[k])) == (
        running_stats.mu_x**2 + running_stats.sigma_x2 * KD(j, k))


# ---- D: lemmas and stated ranges

@pytest.mark.claim("bn.consequences.sum_x2")
def test_sum_of_squares_is_a_lemma_of_the_step_that_proves_it():
    assert isinstance(consequences.SUM_X2, Lemma)
    proof = proof_of(consequences.DERIVATION)
    assert consequences.SUM_X2.source in proof.established
    assert consequences.DERIVATION.claim(consequences.SUM_X2.source).equation == (
        consequences.SUM_X2.equation)


def test_running_statistics_state_a_batch_of_two_and_a_momentum_in_the_unit_interval():
    predicates = set(running_stats.DERIVATION.all_predicates())
    assert sp.Q.ge(m, 2) in predicates
    assert {sp.Q.positive(running_stats.alpha), sp.Q.le(running_stats.alpha, 1)} <= predicates


# ---- C: the errata and their kinds

def test_errata_carry_the_kinds_of_the_review():
    kinds = {e.id: e.kind for e in CHAPTER.errata}
    assert kinds == {"bn.slide004.dx_m_minus_1": "wrong",
                     "bn.slide004.beta_gamma_swap": "notation",
                     "bn.slide004.ema_of_std": "wrong"}
    assert "1 - 1/(4m)" in errata.STD_EMA.problem
    assert "unreadable" in CHAPTER.summary
