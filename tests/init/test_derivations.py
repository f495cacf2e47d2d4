"""The initialization chapter's derivations: cross-checks, oracles and refused wrong steps.

tests/test_derivations.py already proves every derivation.  Here the results are
checked by independent means (``sympy.stats``, numerical quadrature, exact
enumeration of small discrete laws, NumPy gradients), the numeric oracles are
compared with the closed forms, and deliberately wrong variants of the key
steps (a forgotten factor 2 in He, fan_out in place of fan_in, Var(U(-b, b)) =
b^2/12, ...) are shown to be refused by the kernel.
"""

from __future__ import annotations

import itertools
import math
import os

import numpy as np
import pytest
import sympy as sp
from scipy import integrate
from sympy import stats as st

import derivations
from derivations.expectation import E, independence, linearity
from derivations.init import depth, errata, relu_he, zero_init
from derivations.init.common import (
    U,
    Var_,
    a,
    b,
    gain,
    instantiate,
    n_in,
    n_out,
    normal_density,
    sigma,
    uniform_density,
    variance_definition,
)
from derivations.init.conditions import FORWARD, v_fwd
from derivations.init.relu_he import ReLU, h, relu_square, sides, symmetry, zero_mean
from derivations.init.uniform_and_normal import UNIFORM
from derivations.init.variance_propagation import SUM, S
from derivations.kernel import Derivation, Solve, Step, StepNotProved
from tests.init import checks as ci
from tests.proofs import proof_of

CHAPTER = next(c for c in derivations.chapters() if c.id == "init")

#: the sympy.stats cross-checks are independent of the kernel and slow: the thorough profile
cross_check = pytest.mark.skipif(
    os.environ.get("HYPOTHESIS_PROFILE") != "thorough",
    reason="an independent sympy.stats cross-check (slow): run with HYPOTHESIS_PROFILE=thorough")



def refused(*steps, assumptions=()) -> bool:
    """True when the kernel refuses the chain (a wrong step must be refused)."""
    d = Derivation("test.wrong", "a deliberately wrong step", "test", steps=steps,
                   assumptions=assumptions)
    with pytest.raises(StepNotProved):
        d.prove()
    return True


# --- the chapter as a whole -----------------------------------------------------------

def test_every_claim_id_of_the_contract_is_stated_by_the_chapter():
    contract = """init.product.variance init.sum.variance init.forward.condition
    init.backward.condition init.xavier.variance init.uniform.variance init.uniform.kurtosis
    init.normal.kurtosis init.torch_default.variance init.lecun.uniform_bound
    init.lecun.normal_std init.lecun.variance init.xavier.uniform_bound init.xavier.normal_std
    init.he.uniform_bound init.he.normal_std init.he.variance init.relu.second_moment
    init.leaky_relu.second_moment init.activation.factor.identity init.activation.factor.relu
    init.activation.factor.leaky_relu init.depth.factor init.depth.he_relu
    init.depth.xavier_relu init.depth.torch_relu init.slide_rand.mean
    init.slide_rand.variance init.slide_rand.second_moment_growth init.zero.symmetry""".split()
    table = derivations.claims()
    assert [cid for cid in contract if cid not in table] == []
    assert all(cid.startswith("init.") for d in CHAPTER.derivations for cid in
               (c.id for c in d.claims))


def test_every_claims_oracle_depends_only_on_its_parameters():
    for d in CHAPTER.derivations:
        for c in d.claims:
            free = sp.sympify(c.rhs).free_symbols
            if c.parameters or not free:
                assert free <= set(c.parameters), f"{c.id}: rhs has {free - set(c.parameters)}"


# --- item 1: product and sum ---------------------------------------------------------

@pytest.mark.claim("init.product.variance")
@cross_check
def test_product_variance_matches_sympy_stats_for_independent_laws_with_means():
    W = st.FiniteRV("W", {-1: sp.Rational(1, 4), 2: sp.Rational(1, 2), 5: sp.Rational(1, 4)})
    X = st.FiniteRV("X", {0: sp.Rational(2, 3), 3: sp.Rational(1, 3)})
    expected = st.variance(W * X)
    rhs = derivations.claim("init.product.variance").rhs
    w, x = sp.symbols("w x")
    value = rhs.subs({Var_(w): st.variance(W), Var_(x): st.variance(X), E(w): st.E(W),
                      E(x): st.E(X)})
    assert value == expected and expected != 0


@pytest.mark.claim("init.product.variance")
def test_product_variance_without_the_cross_term_is_refused():
    w, x = sp.symbols("w x")
    assert refused(Step(Var_(w * x), E(x) ** 2 * Var_(w) + E(w) ** 2 * Var_(x),
                        using=(variance_definition, linearity([w, x]),
                               independence([[w], [x]]), variance_definition)))


@pytest.mark.claim("init.sum.variance", "init.sum.second_moment")
@pytest.mark.parametrize("k", [2, 3])
def test_sum_variance_agrees_with_exact_enumeration_of_small_discrete_laws(k):
    # w uniform on {-2, -1, 1, 2} (zero mean), x on {0, 1, 3} (nonzero mean): enumerate
    ws, xs = (-2, -1, 1, 2), (0, 1, 3)
    pw, px = sp.Rational(1, len(ws)), sp.Rational(1, len(xs))
    m1 = sum(sum(wi * xi for wi, xi in zip(wv, xv, strict=True)) * pw**k * px**k
             for wv in itertools.product(ws, repeat=k) for xv in itertools.product(xs, repeat=k))
    m2 = sum(sum(wi * xi for wi, xi in zip(wv, xv, strict=True)) ** 2 * pw**k * px**k
             for wv in itertools.product(ws, repeat=k) for xv in itertools.product(xs, repeat=k))
    var_w = sum(wi**2 for wi in ws) * pw
    ex, ex2 = sum(xs) * px, sum(xi**2 for xi in xs) * px
    w, x = sp.symbols("w x")
    n = sp.Symbol("n", integer=True, positive=True)
    rhs = derivations.claim("init.sum.second_moment").rhs
    assert m2 - m1**2 == rhs.subs({n: k, Var_(w): var_w, Var_(x): ex2 - ex**2, E(x): ex})


@pytest.mark.claim("init.sum.variance", "init.forward.condition")
def test_fan_out_in_place_of_fan_in_is_refused_in_the_forward_pass():
    lemma = instantiate(SUM.lemma("init.sum.variance"), {sp.Symbol("n", integer=True,
                                                                   positive=True): n_in})
    w, x = sp.symbols("w x")
    h = S.subs(sp.Symbol("n", integer=True, positive=True), n_in)
    assert proof_of(FORWARD).ok
    assert refused(Step(Var_(h), n_out * Var_(w) * Var_(x), because="lemma", using=(lemma,)))
    assert refused(Solve(sp.Eq(n_in * v_fwd, 1), v_fwd, 1 / n_out))


# --- item 2 -------------------------------------------------------------------------

@pytest.mark.claim("init.xavier.variance", "init.forward.condition", "init.backward.condition")
@pytest.mark.parametrize(("fi", "fo", "g"), [(3, 7, 1.0), (128, 32, 5 / 3), (1, 1, 0.5)])
def test_xavier_variance_is_the_harmonic_mean_of_the_two_conditions_times_gain_squared(fi, fo,
                                                                                       g):
    fwd = derivations.claim("init.forward.condition").oracle()(n_in=fi)
    bwd = derivations.claim("init.backward.condition").oracle()(n_out=fo)
    xav = derivations.claim("init.xavier.variance").oracle()(n_in=fi, n_out=fo, gain=g)
    assert xav == pytest.approx(g**2 * 2 / (1 / fwd + 1 / bwd), rel=1e-14)


@pytest.mark.claim("init.xavier.variance")
def test_xavier_without_the_averaging_factor_two_is_refused():
    v = sp.Symbol("v", positive=True)
    assert refused(Solve(sp.Eq((n_in + n_out) / 2 * v / gain**2, 1), v,
                         gain**2 / (n_in + n_out)))


# --- item 3 -------------------------------------------------------------------------

@pytest.mark.claim("init.uniform.variance", "init.uniform.fourth_moment", "init.uniform.kurtosis")
@cross_check
def test_uniform_moments_match_sympy_stats():
    W = st.Uniform("W", -b, b)
    var, fourth = sp.simplify(st.variance(W)), sp.simplify(st.E(W**4))
    assert var == derivations.claim("init.uniform.variance").rhs
    assert fourth == derivations.claim("init.uniform.fourth_moment").rhs
    assert sp.simplify(fourth / var**2) == sp.Rational(9, 5)
    assert derivations.claim("init.uniform.kurtosis").rhs == sp.Rational(9, 5)


@pytest.mark.claim("init.normal.kurtosis")
@cross_check
def test_normal_kurtosis_matches_sympy_stats():
    H = st.Normal("H", 0, sigma)
    assert sp.simplify(st.E(H**4) / st.variance(H) ** 2) == 3
    assert derivations.claim("init.normal.kurtosis").rhs == 3


@pytest.mark.claim("init.uniform.variance")
def test_the_range_squared_over_twelve_mistaken_for_the_bound_squared_is_refused():
    w = U(-b, b)
    assert proof_of(UNIFORM).ok
    assert refused(Step(Var_(w), b**2 / 12, because="integral",
                        using=(variance_definition, uniform_density)))


@pytest.mark.claim("init.lecun.uniform_bound", "init.he.uniform_bound",
                   "init.xavier.uniform_bound")
def test_a_bound_missing_sqrt3_is_refused():
    bb = sp.Symbol("bb", positive=True)
    assert refused(Solve(sp.Eq(bb**2 / 3, 1 / n_in), bb, 1 / sp.sqrt(n_in)))
    assert refused(Solve(sp.Eq(bb**2 / 3, 2 / n_in), bb, sp.sqrt(2 / n_in)))


@pytest.mark.claim("init.lecun.uniform_bound", "init.lecun.normal_std", "init.lecun.variance",
                   "init.xavier.uniform_bound", "init.xavier.normal_std",
                   "init.he.uniform_bound", "init.he.normal_std", "init.he.variance",
                   "init.torch_default.variance")
@pytest.mark.parametrize(("fi", "fo", "g", "slope"),
                         [(1, 1, 1.0, 0.0), (784, 256, 1.0, 0.01), (17, 300, 5 / 3, 0.2)])
def test_bound_and_std_oracles_agree_with_the_closed_forms(fi, fo, g, slope):
    def o(cid, **kw):
        return derivations.claim(cid).oracle()(**kw)
    assert o("init.lecun.uniform_bound", n_in=fi) == pytest.approx(math.sqrt(3 / fi))
    assert o("init.lecun.normal_std", n_in=fi) == pytest.approx(math.sqrt(1 / fi))
    assert o("init.lecun.variance", n_in=fi) == pytest.approx(1 / fi)
    assert o("init.xavier.uniform_bound", n_in=fi, n_out=fo, gain=g) == pytest.approx(
        g * math.sqrt(6 / (fi + fo)))
    assert o("init.xavier.normal_std", n_in=fi, n_out=fo, gain=g) == pytest.approx(
        g * math.sqrt(2 / (fi + fo)))
    he_var = 2 / ((1 + slope**2) * fi)
    assert o("init.he.variance", n_in=fi, a=slope) == pytest.approx(he_var)
    assert o("init.he.uniform_bound", n_in=fi, a=slope) == pytest.approx(math.sqrt(3 * he_var))
    assert o("init.he.normal_std", n_in=fi, a=slope) == pytest.approx(math.sqrt(he_var))
    assert o("init.torch_default.variance", n_in=fi) == pytest.approx(1 / (3 * fi))
    # a uniform law with the bound has the variance (b^2/3), a normal one std^2
    for scheme, kw in (("lecun", {"n_in": fi}), ("xavier", {"n_in": fi, "n_out": fo, "gain": g}),
                       ("he", {"n_in": fi, "a": slope})):
        var = o(f"init.{scheme}.uniform_variance", **kw)
        assert o(f"init.{scheme}.uniform_bound", **kw) ** 2 / 3 == pytest.approx(var)
        assert o(f"init.{scheme}.normal_std", **kw) ** 2 == pytest.approx(var)


# --- item 4 -------------------------------------------------------------------------

@pytest.mark.claim("init.relu.second_moment")
@cross_check
def test_relu_second_moment_of_a_gaussian_matches_sympy_stats():
    H = st.Normal("H", 0, sigma)
    assert sp.simplify(st.E(sp.Max(0, H) ** 2)) == sigma**2 / 2


@pytest.mark.claim("init.relu.second_moment", "init.leaky_relu.second_moment")
@pytest.mark.parametrize("slope", [0.0, 0.01, 0.3])
@pytest.mark.parametrize("density", ["normal", "laplace", "uniform", "student_t5"])
def test_leaky_relu_second_moment_holds_for_several_symmetric_laws_by_quadrature(slope,
                                                                                 density):
    pdf = {"normal": lambda t: math.exp(-t * t / 2) / math.sqrt(2 * math.pi),
           "laplace": lambda t: math.exp(-abs(t)) / 2,
           "uniform": lambda t: 0.5 if abs(t) <= 1 else 0.0,
           "student_t5": lambda t: (8 / (3 * math.pi * math.sqrt(5))) * (1 + t * t / 5) ** -3}
    p = pdf[density]
    var = integrate.quad(lambda t: t * t * p(t), -math.inf, math.inf)[0]
    lower = integrate.quad(lambda t: (slope * t) ** 2 * p(t), -math.inf, 0)[0]
    upper = integrate.quad(lambda t: t * t * p(t), 0, math.inf)[0]
    predicted = derivations.claim("init.leaky_relu.second_moment").rhs
    value = float(predicted.subs({Var_(h): var, a: slope}))
    assert lower + upper == pytest.approx(value, rel=1e-7)


@pytest.mark.claim("init.relu.second_moment")
def test_the_relu_half_needs_a_law_symmetric_about_zero():
    # h = 1 + g, g ~ N(0, 1): E[ReLU(h)^2] differs from Var(h)/2 = 1/2
    p = lambda t: math.exp(-((t - 1) ** 2) / 2) / math.sqrt(2 * math.pi)  # noqa: E731
    value = integrate.quad(lambda t: t * t * p(t), 0, math.inf)[0]
    assert abs(value - 0.5) > 0.5


@pytest.mark.claim("init.relu.second_moment")
def test_a_relu_second_moment_without_the_half_or_without_symmetry_is_refused():
    lin = linearity([h])
    assert refused(Step(E(ReLU(h) ** 2), Var_(h), using=(relu_square, symmetry, lin, sides, lin,
                                                          variance_definition, zero_mean)))
    # without the symmetry axiom the halves are not known to be equal
    assert refused(Step(E(ReLU(h) ** 2), Var_(h) / 2,
                        using=(relu_square, sides, lin, variance_definition, zero_mean)))


@pytest.mark.claim("init.he.variance")
def test_he_without_the_factor_two_is_refused():
    v = sp.Symbol("v", positive=True)
    eq = sp.Eq(n_in * v * (1 + a**2) * Var_(h) / 2, Var_(h))
    assert refused(Solve(eq, v, 1 / ((1 + a**2) * n_in)))
    assert refused(Solve(eq, v, 2 / n_in))  # the slope forgotten


@pytest.mark.claim("init.relu.second_moment")
def test_the_gaussian_relu_integral_over_the_whole_line_would_be_refused():
    t = sp.Symbol("t", real=True)
    phi = sp.exp(-(t**2) / (2 * sigma**2)) / (sigma * sp.sqrt(2 * sp.pi))
    assert refused(Step(sp.Integral(t**2 * phi, (t, -sp.oo, sp.oo)), sigma**2 / 2,
                        because="integral", using=(normal_density,)))


# --- item 5 -------------------------------------------------------------------------

@pytest.mark.claim("init.depth.factor", "init.depth.he_relu", "init.depth.xavier_relu",
                   "init.depth.torch_relu")
@pytest.mark.parametrize(("fi", "fo"), [(4, 4), (300, 100), (64, 512)])
def test_layer_factor_agrees_with_the_named_claims(fi, fo):
    assert depth.layer_factor("he", "relu", fi, fo) == pytest.approx(1.0)
    assert depth.layer_factor("he", "leaky_relu", fi, fo, a=0.3) == pytest.approx(1.0)
    xr = derivations.claim("init.depth.xavier_relu").oracle()(n_in=fi, n_out=fo)
    assert depth.layer_factor("xavier", "relu", fi, fo) == pytest.approx(xr)
    assert xr == pytest.approx(fi / (fi + fo))
    assert depth.layer_factor("torch_linear_default", "relu", fi, fo) == pytest.approx(1 / 6)
    assert depth.layer_factor("lecun", "identity", fi, fo) == pytest.approx(1.0)
    assert depth.layer_factor("xavier", "identity", fi, fo, gain=2.0) == pytest.approx(
        4 * 2 * fi / (fi + fo))
    general = derivations.claim("init.depth.factor").oracle()
    for scheme, var in (("lecun", 1 / fi), ("he", 2 / fi), ("torch", 1 / (3 * fi))):
        assert depth.layer_factor(scheme, "relu", fi, fo) == pytest.approx(
            general(n_in=fi, v=var, c=0.5))


@pytest.mark.claim("init.depth.factor")
def test_variance_profile_is_the_running_product_of_layer_factors():
    widths = [30, 10, 30, 10, 30]
    prof = depth.variance_profile("xavier", "relu", widths)
    pair = derivations.claim("init.depth.xavier_relu_pair").oracle()(n_in=30, n_out=10)
    assert prof[1] == pytest.approx(pair) and prof[3] == pytest.approx(pair**2)
    power = derivations.claim("init.depth.power").oracle()
    assert depth.variance_profile("torch", "relu", [8] * 21)[-1] == pytest.approx(
        power(F=1 / 6, L=20))
    assert derivations.claim("init.depth.xavier_relu_square").rhs == sp.Rational(1, 2)


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"scheme": "kaiming_he"}, "scheme"),
    ({"activation": "tanh"}, "activation"),
    ({"n_in": 0}, "n_in"),
    ({"n_out": 2.5}, "n_out"),
    ({"a": -0.1}, "a="),
    ({"gain": 0.0}, "gain"),
], ids=["unknown scheme", "unknown activation", "zero fan_in", "fractional fan_out",
        "negative slope", "zero gain"])
def test_layer_factor_rejects_bad_arguments_naming_them(kwargs, match):
    args = {"scheme": "he", "activation": "relu", "n_in": 4, "n_out": 5} | kwargs
    with pytest.raises(ValueError, match=match):
        depth.layer_factor(**args)


# --- item 6 -------------------------------------------------------------------------

@pytest.mark.claim("init.slide_rand.mean", "init.slide_rand.variance")
@cross_check
def test_scaled_rand_moments_match_sympy_stats():
    s = sp.Symbol("s", positive=True)
    R = st.Uniform("R", 0, 1)
    assert sp.simplify(st.E(s * R) - derivations.claim("init.slide_rand.mean").rhs) == 0
    assert sp.simplify(st.variance(s * R) - derivations.claim("init.slide_rand.variance").rhs) == 0
    assert derivations.claim("init.slide_rand.mean").oracle()(s=0.01) == pytest.approx(0.005)


@pytest.mark.claim("init.slide_rand.second_moment_growth")
def test_second_moment_growth_agrees_with_exact_enumeration():
    ws, xs, k = (0, 1, 2), (0, 1, 5), 3  # both nonnegative: the mean term is visible
    p = sp.Rational(1, 3) ** (2 * k)
    m2 = sum(sum(wi * xi for wi, xi in zip(wv, xv, strict=True)) ** 2 * p
             for wv in itertools.product(ws, repeat=k) for xv in itertools.product(xs, repeat=k))
    mean = lambda vals: sp.Rational(sum(vals), len(vals))  # noqa: E731
    var = lambda vals: mean([v * v for v in vals]) - mean(vals) ** 2  # noqa: E731
    w, x = sp.symbols("w x")
    rhs = derivations.claim("init.slide_rand.second_moment_growth").rhs
    assert m2 == rhs.subs({n_in: k, Var_(w): var(ws), E(w): mean(ws), Var_(x): var(xs),
                           E(x): mean(xs)})


@pytest.mark.claim("init.slide_rand.second_moment_growth", "init.slide_rand.he_line_factor",
                   "init.slide_rand.relu_layer")
def test_he_line_factor_is_the_relu_layer_factor_at_the_slide_scale_and_grows_with_n():
    relu = derivations.claim("init.slide_rand.relu_layer").oracle()
    line = derivations.claim("init.slide_rand.he_line_factor").oracle()
    for k in (2, 64, 512):
        assert line(n_in=k) == pytest.approx(relu(n_in=k, s=math.sqrt(2 / k)))
    assert line(n_in=512) == pytest.approx(41.0, abs=0.01)
    assert line(n_in=1024) > 1.9 * line(n_in=512)


@pytest.mark.claim("init.slide_rand.second_moment_growth", "init.slide_rand.relu_mean",
                   "init.slide_rand.relu_layer")
def test_relu_layer_factor_matches_quadrature_of_the_first_two_moments():
    # x = ReLU(g), g ~ N(0, 1): m = E[x], q = E[x^2] by quadrature
    phi = lambda t: math.exp(-t * t / 2) / math.sqrt(2 * math.pi)  # noqa: E731
    m = integrate.quad(lambda t: t * phi(t), 0, math.inf)[0]
    q = integrate.quad(lambda t: t * t * phi(t), 0, math.inf)[0]
    assert derivations.claim("init.slide_rand.relu_mean").oracle()(sigma=1.0) == pytest.approx(m)
    k, s = 37, 0.05
    ew, vw = s / 2, s * s / 12
    direct = k * vw * q + ew**2 * (k * (q - m * m) + k * k * m * m)
    relu = derivations.claim("init.slide_rand.relu_layer").oracle()
    assert relu(n_in=k, s=s) == pytest.approx(direct, rel=1e-9)


@pytest.mark.claim("init.slide_rand.mean")
def test_the_slide_errata_are_confirmed_with_their_counterexamples():
    values = {e.id: tuple(float(v) for v in e.values()) for e in errata.ERRATA}
    assert values["init.erratum.rand_mean"] == (0.005, 0.0)
    assert values["init.erratum.rand_he_line"][0] == pytest.approx(40.9974, abs=1e-3)
    assert values["init.erratum.rand_he_line_variance"] == pytest.approx((1 / 3072, 1 / 256))
    assert values["init.erratum.rand_sqrt_line"] == pytest.approx((1 / 3, 1.0))
    assert all(e.confirmed for e in CHAPTER.errata)


# --- item 7 -------------------------------------------------------------------------

@pytest.mark.claim("init.zero.symmetry", "init.zero.identical_rows")
def test_distinct_hidden_units_are_not_proved_to_get_the_same_gradient():
    loss, W = zero_init.loss, zero_init.W
    assert refused(Step(sp.Derivative(loss, W[0, 0]), sp.Derivative(loss, W[1, 0]),
                        because="chain rule"))
    # nor is a unit at a point with distinct rows given the common gradient
    g_w, _ = zero_init.gradients({W[0, 0]: 1, W[1, 0]: 2})
    assert refused(Step(g_w[0, 0], g_w[1, 0], because="chain rule"))


@pytest.mark.claim("init.zero.symmetry")
def test_every_unit_is_proved_to_get_the_common_gradient_at_zero():
    proof = proof_of(zero_init.ZERO)
    proved = {str(record.step.exprs[0]) for record in proof.records}
    for j in range(zero_init.K):
        for i in range(zero_init.D):
            assert str(zero_init.gw_0[j, i]) in proved


def _numpy_gradients(W, v, x, target):
    hid = W @ x
    act = np.tanh(hid)
    y = v @ act
    dy = y - target  # loss (y - target)^2 / 2
    return np.outer(dy * v * (1 - act**2), x), dy * act


@pytest.mark.claim("init.zero.symmetry", "init.zero.symmetry_persists",
                   "init.zero.dead_when_v_zero")
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_numpy_gradients_of_a_tanh_network_keep_identical_units_identical(seed):
    rng = np.random.default_rng(seed)
    x, target = rng.normal(size=4), 0.7
    row = rng.normal(size=4)
    W, v = np.tile(row, (5, 1)), np.full(5, 0.3)
    for _ in range(10):
        gW, gv = _numpy_gradients(W, v, x, target)
        W, v = W - 0.1 * gW, v - 0.1 * gv
    assert np.all(W == W[0]) and np.all(v == v[0])
    gW, _ = _numpy_gradients(np.zeros((5, 4)), np.zeros(5), x, target)
    assert np.all(gW == 0)
    # and a random start does break it, so the check can fail
    W2 = rng.normal(size=(5, 4))
    gW2, _ = _numpy_gradients(W2, v, x, target)
    assert not np.allclose(gW2, gW2[0])


def test_the_symbolic_gradient_is_the_chain_rule_expression():
    g_w, _ = zero_init.gradients(zero_init.zero)
    f, ell = zero_init.f, zero_init.ell
    c, x1 = zero_init.c, zero_init.xs[0]
    t = sp.Symbol("t")
    expected = (ell(t).diff(t).subs(t, 3 * c * f(0)) * c * f(t).diff(t).subs(t, 0) * x1)
    assert sp.simplify(g_w[1, 0].doit() - expected.doit()) == 0


def test_relu_module_exports_the_symbols_the_tests_use():
    assert relu_he.c_relu.is_real and ReLU(h).func is ReLU  # a defined ratio: sign not assumed


# --- the soundness review (A6, A7, B8-B11, C): each false statement is refused ---------

def _connected(derivation: Derivation, lhs, rhs) -> bool:
    """True when the proved steps of ``derivation`` join ``lhs`` and ``rhs``."""
    parent: dict = {}

    def find(e):
        parent.setdefault(e, e)
        while parent[e] != e:
            e = parent[e]
        return e

    for record in proof_of(derivation).records:
        for u, v in record.step.equalities():
            parent[find(sp.sympify(u))] = find(sp.sympify(v))
    return find(sp.sympify(lhs)) == find(sp.sympify(rhs))


@pytest.mark.claim("init.relu.gaussian_second_moment", "init.slide_rand.relu_mean")
def test_the_relu_integral_rule_rewrites_only_whole_line_integrals_of_a_relu_power():
    t = sp.Symbol("t", real=True)
    gauss = sp.exp(-(t**2))
    # the reviewer's counterexample: a term without ReLU must not lose its negative half
    assert refused(Step(sp.Integral((ReLU(t) + 1) * gauss, (t, -sp.oo, sp.oo)),
                        sp.Integral((t + 1) * gauss, (t, 0, sp.oo)),
                        using=(relu_he.relu_integral,)))
    # nor may the original limits, a sum or a second ReLU factor be ignored: untouched
    for other in (sp.Integral(ReLU(t) ** 2 * gauss, (t, 1, sp.oo)),
                  sp.Integral(ReLU(t) ** 2 * gauss + gauss, (t, -sp.oo, sp.oo)),
                  sp.Integral(ReLU(t) * ReLU(-t) * gauss, (t, -sp.oo, sp.oo)),
                  sp.Integral(gauss / ReLU(t), (t, -sp.oo, sp.oo))):
        assert relu_he.relu_integral.apply(other) == other
    # the true form is still rewritten: int_R ReLU(t)^2 e^{-t^2} dt = sqrt(pi)/4
    ok = Derivation("test.ok", "relu integral", "test", steps=(
        Step(sp.Integral(ReLU(t) ** 2 * gauss, (t, -sp.oo, sp.oo)), sp.sqrt(sp.pi) / 4,
             because="integral", using=(relu_he.relu_integral,)),))
    assert ok.prove().ok
    assert proof_of(relu_he.RELU_GAUSSIAN).ok


@pytest.mark.claim("init.he.variance")
def test_he_solve_equation_is_the_end_of_the_proved_variance_chain():
    from derivations.init.relu_he import HE_VARIANCE, he_out, v_he
    h_l = S.subs(sp.Symbol("n", integer=True, positive=True), n_in)
    solve = next(s for s in HE_VARIANCE.steps if isinstance(s, Solve))
    assert solve.equation.lhs == he_out and solve.equation.rhs == Var_(h)
    assert _connected(HE_VARIANCE, Var_(h_l), he_out)
    assert _connected(HE_VARIANCE, v_he, 2 / ((1 + a**2) * n_in))
    # a hand-typed Solve with no chain behind it proves v but is not connected to Var(h_l)
    v = sp.Symbol("v", positive=True)
    loose = Derivation("test.loose", "a loose solve", "test",
                       steps=(Solve(sp.Eq(n_in * v * Var_(h), Var_(h)), v, 1 / n_in),))
    assert not loose.prove(raise_on_failure=False).ok  # the kernel refuses a Solve alone


@pytest.mark.claim("init.he.variance", "init.leaky_relu.second_moment")
def test_a_he_chain_that_forgets_the_half_or_the_leaky_input_is_refused():
    from derivations.init.relu_he import LeakyReLU, leaky_input
    from derivations.init.variance_propagation import w, x
    leaky = relu_he.RELU.lemma("init.leaky_relu.second_moment")
    assert refused(Step(n_in * Var_(w) * E(LeakyReLU(h, a) ** 2),
                        n_in * Var_(w) * (1 + a**2) * Var_(h), because="lemma", using=(leaky,)))
    # E[x^2] is E[LeakyReLU(h)^2] only under the stated input assumption
    assert refused(Step(n_in * Var_(w) * E(x**2), n_in * Var_(w) * E(LeakyReLU(h, a) ** 2)))
    assert Derivation("test.ok", "x = LeakyReLU", "test", steps=(
        Step(n_in * Var_(w) * E(x**2), n_in * Var_(w) * E(LeakyReLU(h, a) ** 2),
             using=(leaky_input,)),), assumptions=(leaky_input,)).prove().ok


@pytest.mark.claim("init.forward.condition", "init.backward.condition")
def test_forward_and_backward_solves_end_the_proved_sum_variance_chains():
    from derivations.init import conditions as cond
    from derivations.init.variance_propagation import x
    nn = sp.Symbol("n", integer=True, positive=True)
    assert _connected(cond.FORWARD, Var_(S.subs(nn, n_in)), cond.fwd_out)
    assert _connected(cond.BACKWARD, Var_(cond.dx), cond.bwd_out)
    for d, out, var in ((cond.FORWARD, cond.fwd_out, Var_(x)),
                        (cond.BACKWARD, cond.bwd_out, Var_(cond.g))):
        solve = next(s for s in d.steps if isinstance(s, Solve))
        assert solve.equation.lhs == out and solve.equation.rhs == var


@pytest.mark.claim("init.backward.condition")
def test_the_backward_condition_without_glorots_gradient_assumption_is_refused():
    from derivations.init import conditions as cond
    from derivations.init.variance_propagation import w
    lemma = instantiate(SUM.lemma("init.sum.variance"),
                        {sp.Symbol("n", integer=True, positive=True): n_out})
    assert refused(Step(Var_(cond.dx), n_out * Var_(w) * Var_(cond.g), because="lemma",
                        using=(lemma,)))
    assert cond.glorot_gradients in cond.BACKWARD.assumptions
    assert "independent of the weights" in cond.glorot_gradients.statement
    assert proof_of(cond.BACKWARD).ok


def test_forward_he_and_depth_state_the_assumptions_they_rely_on():
    from derivations.init import conditions as cond
    for d in (cond.FORWARD, cond.BACKWARD, relu_he.HE_VARIANCE, depth.DEPTH):
        assert d.assumptions, d.id
    he_names = {x.name for x in relu_he.HE_VARIANCE.assumptions}
    assert {"h symmetric about zero", "x = LeakyReLU(h_{l-1}, a)"} <= he_names


@pytest.mark.claim("init.activation.factor.relu", "init.depth.he_relu", "init.depth.factor")
def test_activation_factors_and_depth_factors_come_from_proved_second_moments():
    from derivations.init.relu_he import ACTIVATIONS, c_relu
    from derivations.kernel import Axiom, Lemma
    # c_relu is only *defined* by the Solve; its value 1/2 needs the proved second moment
    assert refused(Solve(sp.Eq(c_relu * Var_(h), E(ReLU(h) ** 2)), c_relu, sp.Rational(1, 2)))
    ratio = ACTIVATIONS.lemma("init.activation.ratio.relu")
    he = relu_he.HE_VARIANCE.lemma("init.he.variance")
    lhs = n_in * relu_he.v_he * E(ReLU(h) ** 2) / Var_(h)
    assert refused(Step(lhs, 1, because="lemma", using=(ratio,)))  # v_he not substituted
    assert refused(Step(lhs, 1, because="lemma", using=(he, ratio)))  # only at a = 0
    assert refused(Step(lhs, 2 / (1 + a**2), because="lemma", using=(he, ratio)))  # half lost
    assert derivations.claim("init.depth.he.relu").lhs == lhs
    # depth has no axiom about the activation factor: c comes from a lemma of the factors
    rules = depth.DEPTH.rules()
    assert not any(isinstance(r, Axiom) and "activation" in r.name for r in rules)
    assert any(isinstance(r, Lemma) and r.source == "init.activation.factor.definition"
               for r in rules)
    assert proof_of(depth.DEPTH).ok and proof_of(ACTIVATIONS).ok


@pytest.mark.claim("init.leaky_relu.second_moment")
def test_the_leaky_relu_is_defined_piecewise_and_its_rule_does_not_touch_the_max_form():
    from derivations.init.relu_he import leaky_square
    H = sp.Heaviside
    # max(h, 2h)^2 is not h^2 1{h>0} + 4 h^2 1{h<0}: the rule must not prove it
    assert refused(Step(E(sp.Max(h, 2 * h) ** 2), E(h**2 * H(h) + 4 * h**2 * H(-h)),
                        using=(leaky_square,)))
    assert "0 <= a <= 1" in leaky_square.statement
    piecewise = lambda z, s: z if z > 0 else s * z  # noqa: E731
    for s in (0.0, 0.01, 0.5, 1.0):
        assert all(piecewise(z, s) == max(z, s * z) for z in (-2.0, -0.5, 0.0, 1.5))
    assert piecewise(-1.0, 2.0) != max(-1.0, -2.0)  # the max form fails for a > 1


@pytest.mark.claim("init.relu.second_moment")
def test_symmetry_of_h_is_an_assumption_of_the_relu_derivation_not_an_axiom():
    from derivations.kernel import Assumption
    assert isinstance(symmetry, Assumption) and symmetry.substitutions
    assert symmetry in relu_he.RELU.assumptions and symmetry in relu_he.ACTIVATIONS.assumptions
    assert proof_of(relu_he.RELU).ok


def test_the_init_errata_name_their_common_cause_and_the_hypotheses_of_the_41():
    for e in errata.ERRATA:
        assert e.kind == "wrong" and "randn" in e.problem and "CS231n" in e.problem, e.id
    for e in (errata.RAND_HE_LINE, errata.RAND_HE_VARIANCE, errata.RAND_SQRT_LINE):
        assert "consequence" in e.problem and "init.erratum.rand_mean" in e.problem
    assert "i.i.d." in errata.RAND_HE_LINE.problem and "E[h^2]" in errata.RAND_HE_LINE.problem


def test_every_lemma_of_the_chapter_cites_a_proved_claim_of_another_derivation():
    from derivations.kernel import Lemma
    owner = {c.id: d for d in CHAPTER.derivations for c in d.claims}
    for d in CHAPTER.derivations:
        for r in d.rules():
            if isinstance(r, Lemma):
                assert r.source in owner, f"{d.id}: lemma cites unknown {r.source}"
                assert owner[r.source] is not d, f"{d.id}: lemma {r.name} cites itself"



# --- the schemes' spread claims against their variance claims -------------------------

def _spread_agrees_with_variance(scheme: ci.Scheme, case: ci.Case) -> None:
    """The scheme's bound (b^2/3) or std (sd^2) gives its variance claim exactly."""
    variance = ci.expected_variance(scheme, case)
    if scheme.distribution == "normal":
        spread_variance = ci.expected_std(scheme, case) ** 2
    else:
        spread_variance = ci.claim_value("init.uniform.variance", b=ci.expected_bound(scheme, case))
    assert spread_variance == pytest.approx(variance, rel=1e-12), f"{scheme.name} at {case}"


def _case(scheme: ci.Scheme, fi: int, fo: int, g: float, slope: float) -> ci.Case:
    return ci.Case(fi, fo, 0, tuple((k, {"gain": g, "a": slope}[sym])
                                    for k, sym in scheme.options))


@pytest.mark.claim("init.lecun.uniform_bound", "init.lecun.normal_std", "init.xavier.uniform_bound",
                   "init.xavier.normal_std", "init.he.uniform_bound", "init.he.normal_std",
                   "init.uniform.variance")
@pytest.mark.parametrize("scheme", list(ci.SCHEMES.values()), ids=lambda s: s.name)
@pytest.mark.parametrize(("fi", "fo", "g", "slope"),
                         [(1, 1, 1.0, 0.0), (3, 500, 0.25, 0.3), (400, 7, 4.0, 1.0)])
def test_each_schemes_bound_or_std_gives_its_variance_claim(scheme, fi, fo, g, slope):
    _spread_agrees_with_variance(scheme, _case(scheme, fi, fo, g, slope))


def test_a_bound_claim_missing_sqrt3_is_caught_against_the_variance_claim(monkeypatch):
    scheme = ci.SCHEMES["he_uniform"]
    case = _case(scheme, 30, 70, 1.0, 0.0)
    true_bound = ci.expected_bound(scheme, case)
    monkeypatch.setattr(ci, "expected_bound", lambda s, c: true_bound / math.sqrt(3))
    with pytest.raises(AssertionError, match="he_uniform"):
        _spread_agrees_with_variance(scheme, case)
