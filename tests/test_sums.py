"""The shared rules on finite sums (derivations.sums) refuse the false statements of the reviews.

Both chapters once carried their own copy of these rules, and a soundness review made each copy
prove something false: a Kronecker delta sifted although its index lay outside the sum's range
(the true value is 0), a renaming or a sifting that captured an inner summation variable, a
product of sums that captured an index free in the second factor.  Each test states the false
equation as a kernel step and asserts that the kernel refuses it, or that the rule leaves the
expression alone; the true statements next to them still prove.
"""

from __future__ import annotations

import pytest
import sympy as sp

from derivations.expectation import E
from derivations.kernel import Derivation, DerivationError, Step
from derivations.sums import (
    CONSTANT_SUM,
    PRODUCT_OF_SUMS,
    SUM_LINEARITY,
    apply_sum_rules,
    expectation_linearity,
    in_range,
    renaming,
    sifting,
)

KD = sp.KroneckerDelta
i, j, k, a, c = sp.symbols("i j k a c", integer=True, positive=True)
n, m = sp.symbols("n m", integer=True, positive=True)
x, y, D = sp.IndexedBase("x"), sp.IndexedBase("y"), sp.IndexedBase("D")
_aa, _bb, _cc = sp.IndexedBase("a"), sp.IndexedBase("bb"), sp.IndexedBase("cc")
#: a and c index an input (1..n) and an output (1..m)
IN_RANGE = (sp.Q.le(a, n), sp.Q.ge(a, 1), sp.Q.le(c, m), sp.Q.ge(c, 1))
#: the rules in the order a step applies them, renaming to j last
RULES = (SUM_LINEARITY, CONSTANT_SUM, sifting(), SUM_LINEARITY, CONSTANT_SUM, renaming(j))


def refuses(*steps: Step, predicates=()) -> bool:
    """The kernel refuses the chain of ``steps`` (under ``predicates``)."""
    try:
        Derivation(id="probe", title="probe", chapter="sums", steps=steps,
                   predicates=tuple(predicates)).prove()
    except DerivationError:
        return True
    return False


def apply(rules: tuple, expr: sp.Expr) -> sp.Expr:
    for rule in rules:
        expr = rule.apply(expr)
    return expr


# ------------------------------------------------------------------ sifting only in range
@pytest.mark.parametrize(("index", "lower", "upper"), [(n + 1, 1, n), (0, 1, n), (a, a + 1, n)],
                         ids=["above", "zero below", "symbolic below"])
def test_kernel_refuses_sifting_a_delta_whose_index_is_outside_the_range(index, lower, upper):
    out_of_range = sp.Sum(KD(i, index) * x[i], (i, lower, upper))  # the true value is 0
    rule = sifting(*IN_RANGE)
    assert rule.apply(out_of_range) == out_of_range
    assert refuses(Step(out_of_range, x[index], because="sum", using=(rule,)),
                   predicates=IN_RANGE)


def test_sifting_leaves_the_sum_when_the_predicates_do_not_place_the_index_in_range():
    s = sp.Sum(KD(i, a) * x[i], (i, 1, n))
    assert sifting().apply(s) == s
    assert sifting(sp.Q.ge(a, 1)).apply(s) == s  # upper bound unknown
    assert apply(RULES, s) == sp.Sum(KD(a, j) * x[j], (j, 1, n))  # renamed, not sifted
    assert refuses(Step(s, x[a], because="sum", using=RULES))


def test_sifting_refuses_a_non_integer_index_even_inside_the_range():
    h = sp.Symbol("h", real=True)
    s = sp.Sum(KD(i, h) * x[i], (i, 1, n))
    assert not in_range(h, 1, n, (sp.Q.ge(h, 1), sp.Q.le(h, n)))
    assert sifting(sp.Q.ge(h, 1), sp.Q.le(h, n)).apply(s) == s


def test_sifting_proves_an_index_in_range_and_one_bound_by_an_enclosing_sum():
    inner = sp.Sum(sp.Sum(KD(k, j) * x[j], (j, 1, m)), (k, 1, m))
    assert sifting(*IN_RANGE).apply(sp.Sum(KD(i, a) * x[i], (i, 1, n))) == x[a]
    assert not refuses(Step(sp.Sum(KD(i, a) * x[i], (i, 1, n)), x[a], using=(sifting(*IN_RANGE),)),
                       Step(inner, sp.Sum(x[j], (j, 1, m)), using=RULES), predicates=IN_RANGE)


def test_sifting_a_double_sum_over_both_deltas_keeps_the_remaining_index_bound():
    double = sp.Sum(KD(a, i) * KD(c, j) * y[i, j], (i, 1, n), (j, 1, m))
    assert sifting(*IN_RANGE).apply(double) == y[a, c]
    assert sifting().apply(double) == double  # a and c unknown: the multi-limit form is kept


# ------------------------------------------------------------------ no variable capture
def test_kernel_refuses_a_renaming_that_captures_an_inner_summation_variable():
    nested = sp.Sum(x[k] * sp.Sum(sp.sqrt(y[j] + x[k]), (j, 1, m)), (k, 1, m))
    captured = sp.Sum(x[j], (j, 1, m)) * sp.Sum(sp.sqrt(x[j] + y[j]), (j, 1, m))
    assert apply_sum_rules(nested, target=j) == nested
    assert renaming(j).apply(nested) == nested
    assert refuses(Step(nested, captured, using=RULES))


def test_sifting_leaves_a_delta_alone_when_substituting_would_capture_an_inner_index():
    nested = sp.Sum(KD(j, k) * sp.Sum(sp.sqrt(x[k] + y[j]), (k, 1, m)), (j, 1, m))
    assert sifting(sp.Q.le(k, m)).apply(nested) == nested
    assert apply(RULES, nested) == nested


def test_kernel_refuses_a_sifting_that_captures_an_inner_summation_variable():
    nested = sp.Sum(KD(j, k) * sp.Sum(sp.sqrt(x[k] + y[j]), (k, 1, m)), (j, 1, m))
    captured = sp.Sum(sp.sqrt(x[k] + y[k]), (k, 1, m))  # the true value has y_k outside the sum
    assert refuses(Step(nested, captured, using=(sifting(sp.Q.le(k, m)),)),
                   predicates=(sp.Q.le(k, m),))


def test_product_of_sums_keeps_an_index_free_in_the_second_factor_free():
    # the reviewer's probe: i is bound in the first sum and free in the second
    product = sp.Sum(_aa[i], (i, 1, n)) * sp.Sum(_bb[k] * _cc[i], (k, 1, n))
    captured = sp.Sum(sp.Sum(_aa[i] * _bb[k] * _cc[i], (k, 1, n)), (i, 1, n))
    assert i in PRODUCT_OF_SUMS.apply(product).free_symbols
    assert refuses(Step(product, captured, because="sum", using=(PRODUCT_OF_SUMS,)))


def test_product_of_sums_is_left_alone_when_either_order_would_capture():
    product = sp.Sum(_aa[i] * _cc[k], (i, 1, n)) * sp.Sum(_bb[k] * _cc[i], (k, 1, n))
    assert PRODUCT_OF_SUMS.apply(product) == product


def test_product_of_sums_picks_an_inner_index_that_no_factor_uses():
    k2 = sp.Symbol("k_2", integer=True, positive=True)
    product = sp.Sum(_aa[i] * _cc[k2], (i, 1, n)) * sp.Sum(_bb[k], (k, 1, n))
    captured = sp.Sum(sp.Sum(_aa[i] * _cc[k2] * _bb[k2], (k2, 1, n)), (i, 1, n))
    assert k2 in PRODUCT_OF_SUMS.apply(product).free_symbols  # the first factor's k_2 stays free
    assert refuses(Step(product, captured, because="sum", using=(PRODUCT_OF_SUMS,)))


def test_product_of_sums_names_the_inner_index_the_same_way_every_time():
    square = sp.Sum(x[i], (i, 1, n)) ** 2
    assert PRODUCT_OF_SUMS.apply(square) == PRODUCT_OF_SUMS.apply(square)
    i2 = sp.Symbol("i_2", integer=True, positive=True)  # the first name free in both factors
    assert not refuses(Step(square, sp.Sum(sp.Sum(x[i] * x[i2], (i2, 1, n)), (i, 1, n)),
                            because="sum", using=(PRODUCT_OF_SUMS,)))


# ------------------------------------------------------------------ linearity, constants
def test_sum_of_a_constant_counts_the_terms_and_a_summand_with_the_index_is_kept():
    assert CONSTANT_SUM.apply(sp.Sum(y[a], (i, a, n))) == (n - a + 1) * y[a]
    assert CONSTANT_SUM.apply(sp.Sum(y[i], (i, 1, n))) == sp.Sum(y[i], (i, 1, n))
    assert refuses(Step(sp.Sum(x[i], (i, 1, n)), n * x[i], using=(CONSTANT_SUM, SUM_LINEARITY)))


def test_linearity_pulls_out_only_factors_free_of_the_index_and_differentiates_term_by_term():
    s = sp.Sum(a * x[i] * y[i], (i, 1, n))
    assert SUM_LINEARITY.apply(s) == a * sp.Sum(x[i] * y[i], (i, 1, n))
    assert refuses(Step(s, a * y[i] * sp.Sum(x[i], (i, 1, n)), using=(SUM_LINEARITY,)))
    t = sp.Symbol("t", real=True)
    d = sp.Derivative(sp.Sum(t * x[i] + t**2, (i, 1, n)), t)
    assert apply((SUM_LINEARITY, CONSTANT_SUM), d) == sp.Sum(x[i], (i, 1, n)) + 2 * n * t


def test_expectation_moves_through_sums_and_constants_but_not_through_randoms():
    lin = expectation_linearity([D])
    s = sp.Sum(x[i] * D[i], (i, 1, n))
    assert lin.apply(E(2 * s + 1)) == 2 * sp.Sum(x[i] * E(D[i]), (i, 1, n)) + 1
    assert lin.apply(E(s**2)) == E(sp.expand(s**2))  # a square of sums is not linear
    both = expectation_linearity([D, x])
    assert both.apply(E(s)) == sp.Sum(E(x[i] * D[i]), (i, 1, n))
    assert refuses(Step(E(s), sp.Sum(E(x[i]) * E(D[i]), (i, 1, n)), using=(both,)))
