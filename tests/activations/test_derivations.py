"""The activations chapter proves; its errata are confirmed; false statements are refused.

``tests/test_derivations.py`` already proves every derivation; here: the SELU
constants to 16 digits, the erratum counterexamples, the trusted rules of
``derivations/axioms/activations.py`` refusing false instances, and the
computed (not proved) Gaussian integrals agreeing with an independent
quadrature.
"""

from __future__ import annotations

import pytest
import sympy as sp

from derivations.activations import CHAPTER, errata, gains
from derivations.activations.backprop import W1, W2, X, f, grad_w1, loss, y
from derivations.activations.common import sigmoid, x
from derivations.activations.selu import ALPHA, LAMBDA
from derivations.axioms.activations import integral_linearity, split_at_zero, tanh_definition
from derivations.kernel import Derivation, Solve, Step, StepNotProved
from derivations.registry import chapters

t = sp.Symbol("t", real=True)


def test_the_chapter_comes_first_and_carries_its_teaching():
    assert chapters()[0].id == "activations"
    assert CHAPTER.teaching is not None and len(CHAPTER.teaching.exercises) >= 2
    ids = {d.id for d in CHAPTER.derivations}
    assert {i for i, _ in CHAPTER.teaching.intuitions} <= ids


@pytest.mark.claim("act.selu.alpha", "act.selu.lambda")
def test_selu_constants_match_klambauer_to_16_digits():
    alpha = sp.N(ALPHA.claim("act.selu.alpha").rhs, 30)
    lam = sp.N(LAMBDA.claim("act.selu.lambda").rhs, 30)
    # Klambauer et al. (2017) and PyTorch's torch.nn.SELU
    assert abs(alpha - sp.Float("1.6732632423543772", 30)) < 1e-16
    assert abs(lam - sp.Float("1.0507009873554805", 30)) < 1e-16


@pytest.mark.parametrize("erratum", errata.ERRATA, ids=lambda e: e.id)
def test_each_erratum_has_a_counterexample(erratum):
    slide, right = erratum.values()
    assert erratum.confirmed and slide != right


def test_backprop_erratum_is_the_w1_factor_and_its_fix_is_x():
    assert errata.BACKPROP_W1.values() == (2, 4)
    assert sp.simplify(sp.diff(loss, W1).doit() - grad_w1) == 0


def test_the_slides_dw1_is_refused():
    bad = Derivation(id="bad.dw1", title="", chapter="t", steps=(
        Step(sp.Derivative(loss, W1), errata.BACKPROP_W1.slide_expr, because="chain rule"),))
    with pytest.raises(StepNotProved):
        bad.prove()


@pytest.mark.parametrize(("lhs", "rhs"), [
    (sp.Derivative(sigmoid(x), x), sigmoid(x) * (1 + sigmoid(x))),
    (sp.Derivative(sp.tanh(x), x), 1 - sp.tanh(x)),
    (sp.tanh(x), 2 * sigmoid(x) - 1),
    (sp.Rational(1, 4) - sigmoid(x) * (1 - sigmoid(x)), (sigmoid(x) - sp.Rational(1, 3)) ** 2),
], ids=["sigmoid-one-plus", "tanh-one-minus", "tanh-half-argument", "sigmoid-gap-third"])
def test_false_activation_identities_are_refused_even_with_the_tanh_definition(lhs, rhs):
    bad = Derivation(id="bad.act", title="", chapter="t",
                     steps=(Step(lhs, rhs, because="definition", using=(tanh_definition,)),))
    with pytest.raises(StepNotProved):
        bad.prove()


def test_tanh_definition_only_unfolds_tanh():
    assert tanh_definition.apply(sp.sin(x) + sp.cosh(x)) == sp.sin(x) + sp.cosh(x)


def test_split_at_zero_rewrites_only_two_piece_integrals_over_the_real_line():
    phi = sp.exp(-t**2 / 2)
    good = sp.Integral(sp.Piecewise((t, t > 0), (0, True)) * phi, (t, -sp.oo, sp.oo))
    assert split_at_zero.apply(good) != good
    for untouched in (
        sp.Integral(sp.Piecewise((t, t > 1), (0, True)) * phi, (t, -sp.oo, sp.oo)),
        sp.Integral(sp.Piecewise((t, t > 0), (0, True)) * phi, (t, -1, sp.oo)),
        sp.Integral(sp.Piecewise((t, t > 0), (-t, t > -1), (0, True)) * phi, (t, -sp.oo, sp.oo)),
    ):
        assert split_at_zero.apply(untouched) == untouched


def test_split_at_zero_cannot_prove_a_wrong_split():
    phi = sp.exp(-t**2 / 2)
    whole = sp.Integral(sp.Piecewise((t, t > 0), (0, True)) * phi, (t, -sp.oo, sp.oo))
    wrong_split = sp.Integral(t * phi, (t, -sp.oo, 0))
    bad = Derivation(id="bad.split", title="", chapter="t", steps=(
        Step(whole, wrong_split, because="integral", using=(split_at_zero,)),))
    with pytest.raises(StepNotProved):
        bad.prove()


def test_integral_linearity_keeps_the_limits_and_the_constants():
    a = sp.Symbol("a", positive=True)
    expr = sp.Integral(a * t**2 + 3 * sp.exp(t), (t, 0, 1))
    assert integral_linearity.apply(expr) == (a * sp.Integral(t**2, (t, 0, 1))
                                              + 3 * sp.Integral(sp.exp(t), (t, 0, 1)))
    bad = Derivation(id="bad.lin", title="", chapter="t", steps=(
        Step(expr, a * sp.Integral(t**2, (t, 0, 2)) + 3 * sp.Integral(sp.exp(t), (t, 0, 1)),
             because="linearity", using=(integral_linearity,)),))
    with pytest.raises(StepNotProved):
        bad.prove()


def test_leaky_relu_linear_only_at_one_is_a_unique_solution():
    a = sp.Symbol("a_linear", real=True)
    bad = Derivation(id="bad.leaky", title="", chapter="t", steps=(
        Step(2 - 2 * a, 2 - 2 * a), Solve(sp.Eq(2 - 2 * a, 0), a, sp.Rational(1, 2))))
    with pytest.raises(StepNotProved):
        bad.prove()


_phi = sp.exp(-t**2 / 2)
_relu_part = sp.Integral(sp.Piecewise((t, t > 0), (0, True)) * _phi, (t, -sp.oo, sp.oo))
_a = sp.Symbol("a", positive=True)
#: a false instance for each of the chapter's axioms (the kernel's axiom table collects them)
AXIOM_FALSE_INSTANCES = [
    ("the tanh definition does not give tanh' = 1 - tanh",
     Step(sp.Derivative(sp.tanh(x), x), 1 - sp.tanh(x), because="definition",
          using=(tanh_definition,))),
    ("splitting at 0 keeps the positive half only",
     Step(_relu_part, sp.Integral(t * _phi, (t, -sp.oo, 0)), because="integral",
          using=(split_at_zero,))),
    ("linearity of the integral keeps the limits",
     Step(sp.Integral(_a * t**2, (t, 0, 1)), _a * sp.Integral(t**2, (t, 0, 2)),
          because="linearity", using=(integral_linearity,))),
]

THOROUGH = __import__("os").environ.get("HYPOTHESIS_PROFILE") == "thorough"


@pytest.mark.parametrize("name", ["silu"] + (["tanh", "sigmoid", "gelu"] if THOROUGH else []))
def test_computed_gaussian_integrals_agree_with_scipy(name):
    from derivations.activations.computed import moment

    for which in ("forward_moment", "backward_moment"):
        m = moment(name, which)
        assert not m.proved_exact and "computed" in m.method
        assert m.check < 1e-12, f"{name} {which}: mpmath and scipy differ by {m.check:.1e}"


def test_exact_gains_reuse_the_initialization_chapters_lemmas_and_assumptions():
    from derivations.init.relu_he import symmetry, zero_mean

    assert symmetry in gains.EXACT.assumptions and zero_mean in gains.EXACT.assumptions
    assert gains.EXACT.claim("act.gain.relu.forward").rhs == sp.sqrt(2)


def test_the_generic_activation_is_still_generic_in_the_backprop_claims():
    assert f(X * W1).has(f) and not grad_w1.has(W1 * W2 * y * 0 + sp.Symbol("unused"))
