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
from derivations.dropout import CHAPTER, dropconnect, inverted, regularization, spatial
from derivations.dropout.common import (
    M1,
    Dv,
    E,
    M,
    a,
    bernoulli,
    bernoulli_pairs,
    i,
    k,
    n,
    p,
    q,
    sifting,
    square_of_sum,
    x_,
)
from derivations.kernel import Derivation, DerivationError, Lemma, Step

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
def test_sifting_refuses_an_index_just_above_the_sums_range():
    false = Step(sp.Sum(KD(i, n + 1) * x_[i], (i, 1, n)), x_[n + 1], because="sum",
                 using=(sifting(IN_RANGE),))
    assert refuses(false, predicates=IN_RANGE)


def test_sifting_refuses_an_index_below_the_sums_range():
    false = Step(sp.Sum(KD(i, 0) * x_[i], (i, 1, n)), x_[0], because="sum",
                 using=(sifting(IN_RANGE),))
    assert refuses(false, predicates=IN_RANGE)


def test_sifting_leaves_the_sum_when_the_predicates_do_not_place_the_index_in_range():
    s = sp.Sum(KD(i, a) * x_[i], (i, 1, n))
    assert sifting().apply(s) == s
    assert sifting((sp.Q.ge(a, 1),)).apply(s) == s  # upper bound unknown
    assert sifting(IN_RANGE).apply(sp.Sum(KD(i, n + 1) * x_[i], (i, 1, n))) == sp.Sum(
        KD(i, n + 1) * x_[i], (i, 1, n))


def test_sifting_refuses_a_non_integer_index_even_inside_the_range():
    h = sp.Symbol("h", real=True)
    s = sp.Sum(KD(i, h) * x_[i], (i, 1, n))
    assert sifting((sp.Q.ge(h, 1), sp.Q.le(h, n))).apply(s) == s


def test_sifting_still_sifts_an_index_the_predicates_place_in_range():
    assert sifting(IN_RANGE).apply(sp.Sum(KD(i, a) * x_[i], (i, 1, n))) == x_[a]


# ------------------------------------------------------------------ A3: no variable capture
_aa, _bb, _cc = sp.IndexedBase("a"), sp.IndexedBase("bb"), sp.IndexedBase("cc")


def test_product_of_sums_keeps_an_index_free_in_the_second_factor_free():
    # the reviewer's probe: i is bound in the first sum and free in the second
    product = sp.Sum(_aa[i], (i, 1, n)) * sp.Sum(_bb[k] * _cc[i], (k, 1, n))
    captured = sp.Sum(sp.Sum(_aa[i] * _bb[k] * _cc[i], (k, 1, n)), (i, 1, n))
    assert i in square_of_sum.apply(product).free_symbols
    assert refuses(Step(product, captured, because="sum", using=(square_of_sum,)))


def test_product_of_sums_is_left_alone_when_either_order_would_capture():
    product = sp.Sum(_aa[i] * _cc[k], (i, 1, n)) * sp.Sum(_bb[k] * _cc[i], (k, 1, n))
    assert square_of_sum.apply(product) == product


def test_product_of_sums_picks_an_inner_index_that_no_factor_uses():
    k2 = sp.Symbol("k_2", integer=True, positive=True)
    product = sp.Sum(_aa[i] * _cc[k2], (i, 1, n)) * sp.Sum(_bb[k], (k, 1, n))
    captured = sp.Sum(sp.Sum(_aa[i] * _cc[k2] * _bb[k2], (k2, 1, n)), (i, 1, n))
    rewritten = square_of_sum.apply(product)
    assert k2 in rewritten.free_symbols  # the first factor's k_2 stays free
    assert refuses(Step(product, captured, because="sum", using=(square_of_sum,)))


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


@pytest.mark.parametrize("derivation", [
    spatial.MOMENTS, spatial.CORRELATION, inverted.KURTOSIS_DERIVATION,
    regularization.DERIVATION, dropconnect.GRADIENTS], ids=lambda d: d.id)
def test_the_restructured_derivations_still_prove_their_claims(derivation):
    proof = derivation.prove()
    assert proof.ok and proof.established == {c.id for c in derivation.claims}


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
