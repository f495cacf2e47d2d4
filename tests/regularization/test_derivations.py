"""The regularization chapter: the kernel refuses the plausible false statements, the errata
hold at their counterexamples, and the chapter links (does not repeat) dropout's L2 claim."""

from __future__ import annotations

import pytest
import sympy as sp

import derivations
from derivations.kernel import Derivation, DerivationError, Solve, Step
from derivations.regularization import (
    CHAPTER,
    clipping,
    early_stopping,
    feature_scaling,
    l1,
    l2,
    label_smoothing,
    minibatch,
)
from derivations.sums import CONSTANT_SUM, SUM_LINEARITY, sifting

claim_ = pytest.mark.claim


def refuses(*steps, assumptions=(), predicates=()) -> bool:
    d = Derivation(id="probe", title="probe", chapter="regularization", steps=steps,
                   assumptions=tuple(assumptions), predicates=tuple(predicates))
    try:
        d.prove()
    except DerivationError:
        return True
    return False


@claim_("regularization.l2.gradient")
def test_the_kernel_refuses_the_l2_gradient_without_the_2():
    rules = (SUM_LINEARITY, sifting(*l2.DERIVATION.predicates))
    assert refuses(Step(l2.GRADIENT.lhs, l2.lam * l2.w[l2.k], because="sum", using=rules))


@claim_("regularization.l2.adam_l2_first_step")
def test_the_kernel_refuses_adam_with_l2_equal_to_adamw():
    theta = sp.Symbol("theta", positive=True)   # a weight with no loss gradient
    adam = l2.adam_l2_first_step(theta, 0, l2.eta, l2.wd, l2.beta1, l2.beta2, l2.eps)
    adamw = l2.adamw_first_step(theta, 0, l2.eta, l2.wd, l2.beta1, l2.beta2, l2.eps)
    assert refuses(Step(adam, adamw, because="algebra"))


@claim_("regularization.label_smoothing.target_sum")
def test_the_kernel_refuses_smoothing_toward_eps_as_a_distribution():
    K, c, k, eps = (label_smoothing.K, label_smoothing.c, label_smoothing.kk,
                    label_smoothing.eps)
    toward_eps = sp.Sum((1 - eps) * sp.KroneckerDelta(k, c) + eps * (1 - sp.KroneckerDelta(k, c)),
                        (k, 1, K))
    rules = (SUM_LINEARITY, CONSTANT_SUM, sifting(sp.Q.le(c, K)))
    assert refuses(Step(toward_eps, 1, because="sum", using=rules))


@claim_("regularization.early_stopping.lambda")
def test_the_kernel_refuses_lambda_equal_to_tau_eta():
    es = early_stopping
    linear = 1 - es.tau * es.eta * es.lam_tau
    chain = (Step(es.lam_tau * es._slope_gap, linear, because="algebra"),)
    assert not refuses(*chain, Solve(sp.Eq(linear, 0), es.lam_tau, 1 / (es.tau * es.eta)))
    assert refuses(*chain, Solve(sp.Eq(linear, 0), es.lam_tau, es.tau * es.eta))


@claim_("regularization.l1.prox_positive")
def test_the_kernel_keeps_the_positive_soft_threshold_branch_only_above_the_threshold():
    branch = (Step(sp.Derivative((l1.u_pos - l1.v) ** 2 / 2 + l1.c * sp.Abs(l1.u_pos), l1.u_pos),
                   l1.u_pos - l1.v + l1.c, because="algebra"),
              Solve(sp.Eq(l1.u_pos - l1.v + l1.c, 0), l1.u_pos, l1.v - l1.c))
    above, below = (d.assumptions for d in (l1.POSITIVE_DERIVATION, l1.NEGATIVE_DERIVATION))
    assert not refuses(*branch, assumptions=above)
    assert refuses(*branch)                         # v - c may be negative
    assert refuses(*branch, assumptions=below)      # then no root is positive


@claim_("regularization.early_stopping.gd_shrinkage")
def test_the_kernel_refuses_exact_equivalence_of_early_stopping_and_ridge():
    es = early_stopping
    assert refuses(Step(es.gd_factor(es.s**2, es.eta, es.tau),
                        es.ridge_factor(es.s**2, 1 / (es.tau * es.eta)), because="algebra"))


@claim_("regularization.clip.value_turns")
def test_the_kernel_refuses_clip_by_value_keeping_the_direction():
    assert refuses(Step(clipping.VALUE_TURNS.lhs, 1, because="algebra"))


@claim_("regularization.scaling.ddof_mismatch")
def test_the_kernel_refuses_variance_one_under_the_other_ddof():
    fs = feature_scaling
    assert refuses(Step(fs.MISMATCH.lhs, 1, because="sum",
                        using=(*fs._rules,)), assumptions=(fs.definitions,))


@claim_("regularization.minibatch.variance_without_replacement")
def test_the_kernel_refuses_sigma2_over_b_without_replacement():
    mb = minibatch
    rules = (*mb._rules, mb.DRAWS_WITHOUT, mb.PAIR_DERIVATION.lemma(mb.PAIR_MOMENT.id),
             mb.data, *mb._sums)
    hypotheses = (mb.data, mb.two_examples, mb.WITHOUT)
    assert not refuses(Step(mb.VAR_WITHOUT.lhs, mb.VAR_WITHOUT.rhs, because="lemma",
                            using=rules), assumptions=hypotheses)
    assert refuses(Step(mb.VAR_WITHOUT.lhs, mb.sigma**2 / mb.B, because="lemma", using=rules),
                   assumptions=hypotheses)


@claim_("regularization.minibatch.variance_with_replacement")
def test_the_kernel_refuses_the_finite_population_correction_with_replacement():
    mb = minibatch
    rules = (*mb._rules, mb.DRAWS_WITH, mb.data, *mb._sums)
    fpc = (mb.N - mb.B) / (mb.N - 1) * mb.sigma**2 / mb.B
    assert refuses(Step(mb.VAR_WITH.lhs, fpc, because="independence", using=rules),
                   assumptions=(mb.data, mb.two_examples, mb.WITH))


@claim_("regularization.l1.l2_prox")
def test_the_kernel_refuses_an_l2_proximal_step_that_zeroes_small_weights():
    assert refuses(
        Step(sp.Derivative((l1.u_l2 - l1.v) ** 2 / 2 + l1.c * l1.u_l2**2, l1.u_l2),
             (1 + 2 * l1.c) * l1.u_l2 - l1.v, because="algebra"),
        Solve(sp.Eq((1 + 2 * l1.c) * l1.u_l2 - l1.v, 0), l1.u_l2, sp.S.Zero))


def test_the_chapter_links_dropouts_l2_claim_instead_of_repeating_it():
    table = derivations.claims()
    assert "dropout.l2" in table
    assert "dropout.l2" in CHAPTER.summary
    assert not any(c.startswith("regularization.") and "dropout" in c for c in table)


def test_the_chapter_comes_after_every_other_chapter():
    assert derivations.chapters()[-1].id == "regularization"


def test_teaching_has_an_intuition_for_every_derivation():
    ids = {d.id for d in CHAPTER.derivations}
    assert ids == {i for i, _ in CHAPTER.teaching.intuitions}
    assert len(CHAPTER.teaching.exercises) >= 2
