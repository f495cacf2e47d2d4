"""The dropout chapter's trusted rules refuse the false statements a soundness review proved.

Each rule below once proved something false (the reviewer's probes): the
Kronecker sifting ignored the sum's range, the product of sums captured a free
index, the Bernoulli axioms matched any symbol named ``D`` or ``M``, and a lemma
carried the label of the claim being proved.  Each test states the false
equation as a kernel step and asserts that the kernel refuses it, or that the
rule leaves the expression alone; the chapter's own proofs still go through.
"""

from __future__ import annotations

import pytest
import sympy as sp

import derivations
from derivations.dropout import CHAPTER, dropconnect, spatial
from derivations.dropout.common import (
    M1,
    Dv,
    E,
    M,
    bernoulli,
    bernoulli_pairs,
    i,
    k,
    n,
    p,
    q,
    x_,
)
from derivations.kernel import Derivation, DerivationError, Lemma, Step
from derivations.sums import sifting

claim_ = pytest.mark.claim

KD = sp.KroneckerDelta
IN_RANGE = dropconnect.GRADIENTS.all_predicates()  # 1 <= a <= n, 1 <= c <= m


def refuses(*steps: Step, predicates=()) -> bool:
    """The kernel refuses the chain of ``steps`` (under ``predicates``)."""
    d = Derivation(id="probe", title="probe", chapter="dropout", steps=steps,
                   predicates=tuple(predicates))
    try:
        d.prove()
    except DerivationError:
        return True
    return False


# ------------------------------------------------------------------ A2: sifting in range
# (the generic refusals of the shared rule are in tests/test_sums.py)
def test_the_gradient_sifting_assumes_exactly_the_ranges_the_derivation_states():
    sifts = [r for s in dropconnect.GRADIENTS.steps for r in s.using
             if r.name.startswith("Kronecker-delta sifting")]
    assert sifts and all(r.name == sifting(*IN_RANGE).name for r in sifts)
    out_of_range = Step(sp.Sum(KD(i, n + 1) * x_[i], (i, 1, n)), x_[n + 1], because="sum",
                        using=(sifts[0],))
    assert refuses(out_of_range, predicates=IN_RANGE)


# ------------------------------------------------------------------ D: only the masks
@pytest.mark.parametrize("impostor", [
    sp.IndexedBase("D")[i], sp.IndexedBase("D", real=True)[i], sp.IndexedBase("M")[i, k],
    sp.Symbol("D"), sp.Symbol("M_1", real=True)],
    ids=["plain D_i", "real D_i", "plain M_ik", "plain D", "real M_1"])
def test_bernoulli_axiom_refuses_a_symbol_that_only_shares_a_masks_name(impostor):
    assert bernoulli.apply(E(impostor)) == E(impostor)
    assert refuses(Step(E(impostor), q, because="axiom", using=(bernoulli,)))


def test_bernoulli_axiom_still_gives_every_mask_its_keep_probability():
    for mask in (M1, Dv[i], M[i, k], Dv[i] ** 3):
        assert bernoulli.apply(E(mask)) == q


def test_pair_axiom_leaves_products_of_non_masks_and_refuses_other_families():
    other = sp.IndexedBase("D")
    e = E(other[i] * other[k])
    assert bernoulli_pairs(Dv).apply(e) == e
    assert refuses(Step(e, q**2 + p * q * KD(i, k), because="axiom",
                        using=(bernoulli_pairs(Dv),)))
    with pytest.raises(ValueError, match="mask"):
        bernoulli_pairs(x_)


# ------------------------------------------------------------------ A7: lemmas are proved claims
def _lemmas(derivation):
    return [r for s in derivation.steps for r in s.using if isinstance(r, Lemma)]


def test_every_lemma_of_the_chapter_is_a_claim_proved_by_another_derivation():
    owner = {c.id: d for d in CHAPTER.derivations for c in d.claims}
    for d in CHAPTER.derivations:
        for lemma in _lemmas(d):
            source = owner[lemma.source]
            assert source is not d, f"{d.id} uses its own claim {lemma.source} as a lemma"
            assert lemma.equation == source.claim(lemma.source).equation


def test_the_correlation_step_rests_on_the_moment_lemmas_of_a_separate_derivation():
    first = spatial.CORRELATION.steps[0]
    lhs, rhs = first.exprs
    assert lhs.atoms(E) and not rhs.atoms(E)
    rewritten = lhs
    for lemma in first.using:
        assert lemma.source in {c.id for c in spatial.MOMENTS.claims}
        rewritten = lemma.apply(rewritten)
    assert rewritten == rhs  # the lemmas, not the simplifier, remove every E


# ------------------------------------------------------------------ C: the errata
def test_dropout_errata_are_the_five_resolved_statements_with_their_kinds():
    kinds = {e.id: e.kind for e in CHAPTER.errata}
    assert kinds == {
        "dropout.slide001.test_scale": "ambiguous",
        "dropout.slide004.bernoulli": "ambiguous",
        "dropout.slide004.test_scale": "ambiguous",
        "dropout.slide004.inverted": "ambiguous",
        "dropout.slide004.ensemble_average": "wrong",
    }


def test_slide004_bernoulli_erratum_names_the_lines_where_p_changes_meaning():
    problem = {e.id: e for e in CHAPTER.errata}["dropout.slide004.bernoulli"].problem
    assert "line 495" in problem and "line 513" in problem and "line 523" in problem
    for consequence in ("dropout.slide004.test_scale", "dropout.slide004.inverted"):
        text = {e.id: e for e in CHAPTER.errata}[consequence].problem
        assert "consequence of dropout.slide004.bernoulli" in text and "keep" in text


@claim_("dropout.classic.train_test_ratio")
def test_slide002_relation_holds_at_its_p_of_one_half():
    ratio = derivations.claim("dropout.classic.train_test_ratio")
    half = sp.Rational(1, 2)
    assert ratio.rhs.subs(p, half) == 2  # z' = 2 z
    assert sp.simplify(ratio.rhs * (1 - p)) == 1  # z' (1 - p) = z for every p
    assert "002" in CHAPTER.summary and "train_test_ratio" in CHAPTER.summary


@claim_("dropout.spatial.same_channel_covariance", "dropout.spatial.variance_product")
def test_spatial_moments_match_the_two_valued_law_of_the_shared_mask():
    xa, xb = sp.Rational(3, 2), sp.Rational(-2, 5)
    cov = derivations.claim("dropout.spatial.same_channel_covariance").oracle()
    var2 = derivations.claim("dropout.spatial.variance_product").oracle()
    for drop in (sp.Rational(1, 5), sp.Rational(7, 10)):
        keep = 1 - drop
        # the mask M is 1 with probability keep, 0 otherwise; o = M x/keep
        law = ((keep, 1), (drop, 0))
        mean_a, mean_b = (sum(w * m * x / keep for w, m in law) for x in (xa, xb))
        exact_cov = sum(w * (m * xa / keep) * (m * xb / keep) for w, m in law) - mean_a * mean_b
        var_a = sum(w * (m * xa / keep) ** 2 for w, m in law) - mean_a**2
        var_b = sum(w * (m * xb / keep) ** 2 for w, m in law) - mean_b**2
        assert sp.nsimplify(cov(x_a=xa, x_b=xb, p=drop)) == exact_cov
        assert sp.nsimplify(var2(x_a=xa, x_b=xb, p=drop)) == var_a * var_b
