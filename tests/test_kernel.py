"""The proof kernel proves true steps and refuses false ones, naming them."""

import pytest
import sympy as sp

from derivations.expectation import E, Var, independence, linearity
from derivations.kernel import (
    Assumption,
    Axiom,
    Claim,
    ClaimNotEstablished,
    Derivation,
    Erratum,
    Solve,
    Step,
    StepNotProved,
)

w, x, n, v = sp.symbols("w x n v", positive=True)


def test_kernel_proves_an_algebraic_chain():
    d = Derivation("t.chain", "chain", "test",
                   steps=(Step((w + x) ** 2, w**2 + 2 * w * x + x**2, (x + w) * (x + w)),))
    assert d.prove().ok


def test_kernel_rejects_a_wrong_step_naming_derivation_step_and_residual():
    d = Derivation("t.wrong", "wrong", "test", steps=(
        Step(w, w, because="algebra"),
        Step((w + x) ** 2, w**2 + x**2, because="algebra"),
    ))
    with pytest.raises(StepNotProved) as err:
        d.prove()
    assert err.value.index == 2
    assert err.value.residual == 2 * w * x
    assert "t.wrong, step 2" in str(err.value) and "2*w*x" in str(err.value)


def test_kernel_records_a_failed_step_without_raising_when_asked():
    d = Derivation("t.wrong", "wrong", "test", steps=(Step(sp.sin(x) ** 2, 1),))
    proof = d.prove(raise_on_failure=False)
    assert not proof.ok and isinstance(proof.error, StepNotProved)


def test_a_step_is_proved_only_with_the_axioms_it_names():
    rw, rx = sp.symbols("rw rx")
    lhs, rhs = Var(rw * rx), E(rw**2) * E(rx**2) - E(rw) ** 2 * E(rx) ** 2
    bare = Derivation("t.bare", "no axioms", "test", steps=(Step(lhs, rhs),))
    with pytest.raises(StepNotProved):
        bare.prove()
    rules = (linearity([rw, rx]), independence([[rw], [rx]]))
    with_axioms = Derivation("t.ax", "axioms", "test",
                             steps=(Step(lhs, rhs, because="independence", using=rules),))
    proof = with_axioms.prove()
    assert proof.ok and set(with_axioms.rules()) == set(rules)


def test_a_wrong_independence_grouping_does_not_prove_the_product_rule():
    rw, rx = sp.symbols("rw rx")
    rules = (linearity([rw, rx]), independence([[rw, rx]]))  # not declared independent
    d = Derivation("t.dep", "dependent", "test", steps=(
        Step(E(rw * rx), E(rw) * E(rx), because="independence", using=rules),))
    with pytest.raises(StepNotProved):
        d.prove()


def test_independence_does_not_split_a_factor_that_involves_two_groups():
    rw, rx = sp.symbols("rw rx")
    ind = independence([[rw], [rx]])
    # E((w + x) x) is not E(w + x) E(x): the first factor depends on x too
    assert ind.apply(E((rw + rx) * rx)) == E((rw + rx) * rx)
    d = Derivation("t.mixed", "mixed", "test", steps=(
        Step(E((rw + rx) * rx), E(rw + rx) * E(rx), because="independence", using=(ind,)),))
    with pytest.raises(StepNotProved):
        d.prove()


def test_evaluating_a_sum_cannot_capture_an_inner_summation_variable():
    j, k, m = sp.symbols("j k m", integer=True, positive=True)
    xb, yb = sp.IndexedBase("x"), sp.IndexedBase("y")
    nested = sp.Sum(sp.KroneckerDelta(j, k) * sp.Sum(sp.sqrt(xb[k] + yb[j]), (k, 1, m)),
                    (j, 1, m))
    captured = sp.Sum(sp.sqrt(xb[k] + yb[k]), (k, 1, m))  # SymPy's doit alone gives this
    d = Derivation("t.capture", "capture", "test", steps=(Step(nested, captured, because="sum"),),
                   predicates=(sp.Q.le(k, m),))
    with pytest.raises(StepNotProved):
        d.prove()


def test_an_erratum_states_its_kind():
    with pytest.raises(ValueError, match="kind"):
        Erratum("t.k", "slide", "quote", "problem", n, n, {n: 1}, kind="typo")


def test_an_axiom_equation_rewrites_before_the_residual_is_reduced():
    f = sp.Function("f")
    ax = Axiom("f is doubling", "f(t) = 2t", sp.Eq(f(x), 2 * x))
    d = Derivation("t.eq", "eq", "test", steps=(Step(f(x) + 1, 2 * x + 1, because="axiom",
                                                     using=(ax,)),))
    assert d.prove().ok


def test_solve_step_proves_a_condition_has_one_solution():
    d = Derivation("t.solve", "solve", "test", steps=(Step(n * v, n * v),
                                                       Solve(sp.Eq(n * v, 1), v, 1 / n)),
                   claims=(Claim("t.solve.v", "v = 1/n", v, 1 / n),))
    assert d.prove().ok
    wrong = Derivation("t.solve2", "solve", "test", steps=(Step(n * v, n * v),
                                                          Solve(sp.Eq(n * v, 1), v, 2 / n)))
    with pytest.raises(StepNotProved):
        wrong.prove()


def test_a_failed_proof_keeps_the_claims_its_earlier_steps_established():
    d = Derivation("t.partial", "partial", "test", steps=(
        Step(w * (1 + x), w + w * x),
        Step((w + x) ** 2, w**2 + x**2),
    ), claims=(Claim("t.partial.first", "distributivity", w * (1 + x), w + w * x),
               Claim("t.partial.second", "wrong square", (w + x) ** 2, w**2 + x**2)))
    proof = d.prove(raise_on_failure=False)
    assert isinstance(proof.error, StepNotProved)
    assert proof.established == {"t.partial.first"}


def test_the_fingerprint_sees_symbol_assumptions_and_rule_equations():
    def fingerprint(symbol, rhs):
        ax = Axiom("rule", "same statement", sp.Eq(sp.Function("f")(symbol), rhs))
        return Derivation("t.fp", "fp", "test", steps=(
            Step(symbol, symbol, using=(ax,)),)).fingerprint()

    real, positive = sp.Symbol("s", real=True), sp.Symbol("s", positive=True)
    assert fingerprint(real, 1) != fingerprint(positive, 1)
    assert fingerprint(real, 1) != fingerprint(real, 2)
    assert fingerprint(real, 1) == fingerprint(sp.Symbol("s", real=True), 1)


def test_the_fingerprint_sees_a_functions_keys():
    # srepr writes Function('f') and Function('f', positive=True) alike (red-team round 76)
    t = sp.Symbol("t", real=True)

    def fingerprint(f):
        return Derivation("t.fp", "fp", "test", steps=(Step(f(t), f(t)),)).fingerprint()

    assert fingerprint(sp.Function("f")) != fingerprint(sp.Function("f", positive=True))
    assert fingerprint(sp.Function("f")) == fingerprint(sp.Function("f"))


def test_the_fingerprint_sees_whether_an_assumption_is_quantified():
    # the same equation, once about one a and once for every a: a report cached for one
    # may not be shown for the other
    a = sp.Symbol("a", real=True)

    def fingerprint(variables):
        rule = Assumption("rule", "f(a) = 0", substitutions=(sp.Eq(sp.Function("f")(a), 0),),
                          variables=variables)
        return Derivation("t.fp", "fp", "test", assumptions=(rule,), steps=(
            Step(sp.Function("f")(a), 0, using=(rule,)),)).fingerprint()

    assert fingerprint(()) != fingerprint((a,))


def test_a_claim_must_be_connected_by_proved_steps():
    d = Derivation("t.claim", "claim", "test", steps=(Step(w * (1 + x), w + w * x),),
                   claims=(Claim("t.claim.c", "unconnected", w * (1 + x), w * x + w + 0 * n + 1),))
    with pytest.raises(ClaimNotEstablished):
        d.prove()


def test_assumption_predicates_reach_the_reduction():
    t = sp.Symbol("t", real=True)
    step = Step(sp.sqrt(t**2), t)
    with pytest.raises(StepNotProved):
        Derivation("t.noassume", "abs", "test", steps=(step,)).prove()
    pos = Assumption("t > 0", "t is positive", predicates=(sp.Q.positive(t),))
    assert Derivation("t.assume", "abs", "test", steps=(step,), assumptions=(pos,)).prove().ok


def test_an_erratum_is_confirmed_only_when_the_formulas_differ():
    wrong = Erratum("t.e", "slide", "quote", "problem", 1 / (3 * n), 1 / n, {n: 4})
    right = Erratum("t.e2", "slide", "quote", "problem", 2 / (2 * n), 1 / n, {n: 4})
    assert wrong.confirmed and wrong.values() == (sp.Rational(1, 12), sp.Rational(1, 4))
    assert not right.confirmed
