"""Item 6: slide 001's ``np.random.rand(in, out) * scale`` is not zero-mean.

``np.random.rand`` draws from U[0, 1), so ``w = s * rand`` is U(0, s) with

.. math::

    E[w] = \\frac{s}{2}, \\qquad \\operatorname{Var}(w) = \\frac{s^2}{12},
    \\qquad E[w^2] = \\frac{s^2}{3}.

For a layer ``h = sum_{i=1}^{n} w_i x_i`` with i.i.d. weights of any mean,
independent of i.i.d. inputs,

.. math::

    E[h^2] = n \\operatorname{Var}(w) E[x^2] + E[w]^2 E\\Big[\\big(\\sum_i x_i\\big)^2\\Big],
    \\qquad E\\Big[\\big(\\sum_i x_i\\big)^2\\Big] = n \\operatorname{Var}(x) + n^2 E[x]^2.

The mean term grows like ``n^2`` for inputs of nonzero mean.  For the inputs
of He's setting, ``x = ReLU(g)`` with ``g ~ N(0, sigma^2)`` (``E[x] = sigma/
sqrt(2 pi)``, ``E[x^2] = sigma^2/2``), the layer multiplies ``sigma^2`` by

>>> LAYER.claim("init.slide_rand.relu_layer").rhs
n_in*s**2*(n_in - 1 + pi)/(8*pi) + n_in*s**2/24

so the slide's ``rand / sqrt(in_features / 2)`` (its "He" line) gives

>>> LAYER.claim("init.slide_rand.he_line_factor").rhs
(n_in - 1 + pi)/(4*pi) + 1/12

instead of He's 1: about 41 at ``n_in = 512``.  With ``randn`` in place of
``rand`` the line *is* He's normal initialization (variance ``2/n_in``).
"""

from __future__ import annotations

import sympy as sp

from ..expectation import independence
from ..kernel import Assumption, Claim, Derivation, Step
from ..sums import CONSTANT_SUM, PRODUCT_OF_SUMS, SUM_LINEARITY, sifting
from .common import (
    E,
    N,
    U,
    Var_,
    indexed_assumption,
    instantiate,
    n,
    n_in,
    normal_density,
    s,
    sigma,
    t,
    uniform_density,
    variance_definition,
)
from .relu_he import RELU_GAUSSIAN, ReLU, relu_integral
from .uniform_and_normal import NORMAL, UNIFORM
from .variance_propagation import S, S_double, Wi, Xi, i, j, sum_expectation, w, x

__all__ = ["LAYER", "MOMENTS", "he_line_factor", "relu_layer_factor"]

SLIDE = "001: Initialization (weight = np.random.rand(in_features, out_features) * 0.01)"
SLIDE_HE = "001: Initialization, With ReLU (np.random.rand(...) / sqrt(in_features / 2))"
CS231N = "CS231n notes, Neural Networks Part 2: w = np.random.randn(n) * sqrt(2.0/n)."

w_s = U(0, s)  # s * rand
_e1 = sp.Integral(t / s, (t, 0, s))
_e2 = sp.Integral(t**2 / s, (t, 0, s))
_var_u = UNIFORM.lemma("init.uniform.variance")
_var_n = NORMAL.lemma("init.normal.variance")
b_ = sp.Symbol("b", positive=True)
k_he = sp.sqrt(2 / n_in)

MOMENTS = Derivation(
    id="init.slide_rand_moments",
    title="Mean and variance of `s * np.random.rand`",
    chapter="init",
    steps=(
        Step(E(w_s), _e1, s / 2, because="integral", using=(uniform_density,)),
        Step(E(w_s**2), _e2, s**2 / 3, because="integral", using=(uniform_density,)),
        Step(Var_(w_s), E(w_s**2) - E(w_s) ** 2, because="definition",
             using=(variance_definition,)),
        Step(E(w_s**2) - E(w_s) ** 2, _e2 - _e1**2, s**2 / 12, because="integral",
             using=(uniform_density,)),
        Step(sp.Subs(E(w_s), s, sp.Rational(1, 100)), sp.Rational(1, 200), because="integral",
             using=(uniform_density,), note="rand * 0.01 has mean 0.005."),
        Step(Var_(U(-s / 2, s / 2)), (s / 2) ** 2 / 3, s**2 / 12, because="lemma",
             using=(instantiate(_var_u, {b_: s / 2}),),
             note="(rand - 0.5) * s, the zero-mean version, is U(-s/2, s/2)."),
        Step(Var_(U(-k_he / 2, k_he / 2)), 1 / (6 * n_in), because="lemma",
             using=(instantiate(_var_u, {b_: k_he / 2}),),
             note="Even centred, (rand - 0.5) / sqrt(n_in/2) has variance 1/(6 n_in), "
                  "a twelfth of He's 2/n_in."),
        Step(Var_(N(0, k_he)), 2 / n_in, because="lemma",
             using=(instantiate(_var_n, {sigma: k_he}),),
             note="randn / sqrt(n_in/2) is N(0, 2/n_in): exactly He normal."),
    ),
    claims=(
        Claim("init.slide_rand.mean", "E[s * rand] = s/2.", E(w_s), s / 2, parameters=(s,),
              slide=SLIDE),
        Claim("init.slide_rand.second_moment", "E[(s * rand)^2] = s^2/3.", E(w_s**2),
              s**2 / 3, parameters=(s,), slide=SLIDE),
        Claim("init.slide_rand.variance", "Var(s * rand) = s^2/12.", Var_(w_s), s**2 / 12,
              parameters=(s,), slide=SLIDE),
        Claim("init.slide_rand.mean_001", "E[rand * 0.01] = 0.005.",
              sp.Subs(E(w_s), s, sp.Rational(1, 100)), sp.Rational(1, 200), slide=SLIDE),
        Claim("init.slide_rand.centered_variance", "Var((rand - 1/2) s) = s^2/12.",
              Var_(U(-s / 2, s / 2)), s**2 / 12, parameters=(s,), slide=SLIDE),
        Claim("init.slide_rand.centered_he_line_variance",
              "Var((rand - 1/2) / sqrt(n_in/2)) = 1/(6 n_in), not 2/n_in.",
              Var_(U(-k_he / 2, k_he / 2)), 1 / (6 * n_in), parameters=(n_in,), slide=SLIDE_HE),
        Claim("init.slide_randn.he_variance", "Var(randn / sqrt(n_in/2)) = 2/n_in (He normal).",
              Var_(N(0, k_he)), 2 / n_in, parameters=(n_in,), slide=SLIDE_HE,
              implemented_by="he_normal"),
    ),
    slides=(SLIDE, SLIDE_HE), references=(CS231N,),
    summary="`rand` is $U[0, 1)$: scaled by $s$ it has mean $s/2$ and variance $s^2/12$.",
)

# --- a layer with weights of nonzero mean -------------------------------------------
_moments = indexed_assumption(
    "i.i.d. weights and inputs of any mean",
    "w_1..w_n i.i.d. (mean E(w), variance Var(w)), x_1..x_n i.i.d. (mean E(x), variance "
    "Var(x)), the w's independent of the x's: E(w_i w_j) = Var(w) delta_ij + E(w)^2, "
    "E(x_i x_j) = Var(x) delta_ij + E(x)^2.",
    substitutions=(
        sp.Eq(E(Wi[i] * Wi[j]), Var_(w) * sp.KroneckerDelta(i, j) + E(w) ** 2),
        sp.Eq(E(Xi[i] * Xi[j]), Var_(x) * sp.KroneckerDelta(i, j) + E(x) ** 2),
    ),
)
#: linearity, sifting (the enclosing sums give the index's range) and constant sums
_SUM_RULES = (SUM_LINEARITY, sifting(), SUM_LINEARITY, CONSTANT_SUM, SUM_LINEARITY, CONSTANT_SUM)
S_in, S_double_in = S.subs(n, n_in), S_double.subs(n, n_in)
Sx = sp.Sum(Xi[i], (i, 1, n_in))
Sx_double = sp.Sum(sp.Sum(Xi[i] * Xi[j], (j, 1, n_in)), (i, 1, n_in))
_dd = sp.Sum(sp.Sum(E(Wi[i] * Wi[j]) * E(Xi[i] * Xi[j]), (j, 1, n_in)), (i, 1, n_in))
_dd_x = sp.Sum(sp.Sum(E(Xi[i] * Xi[j]), (j, 1, n_in)), (i, 1, n_in))
growth = (n_in * Var_(w) * (Var_(x) + E(x) ** 2)
          + E(w) ** 2 * (n_in * Var_(x) + n_in**2 * E(x) ** 2))

# substitute the two laws: w = s rand, x = ReLU(g) with g ~ N(0, sigma^2)
g = N(0, sigma)
_relu_mean_int = sp.Integral(t * sp.exp(-(t**2) / (2 * sigma**2)) / (sigma * sp.sqrt(2 * sp.pi)),
                             (t, 0, sp.oo))
_laws = Assumption(
    "w = s rand, x = ReLU(g), g ~ N(0, sigma^2)",
    "The weights are s * np.random.rand; the inputs are rectified zero-mean Gaussians "
    "(the first hidden layer of He's setting).",
    substitutions=(sp.Eq(E(w), E(w_s)), sp.Eq(Var_(w), Var_(w_s)),
                   sp.Eq(E(x), E(ReLU(g))), sp.Eq(Var_(x), E(ReLU(g) ** 2) - E(ReLU(g)) ** 2)),
)
_spread = Assumption("the inputs have positive variance",
                     "Var(x) > 0: the inputs are not constant (used where a step divides by "
                     "n Var(x)).", predicates=(sp.Q.positive(Var_(x)),))
_mean_s, _var_s = MOMENTS.lemma("init.slide_rand.mean"), MOMENTS.lemma("init.slide_rand.variance")
m_x = sigma / sp.sqrt(2 * sp.pi)
relu_layer_factor = (n_in * s**2 / 24 + s**2 * n_in * (n_in + sp.pi - 1) / (8 * sp.pi))
_R = relu_layer_factor
he_line_factor = sp.Rational(1, 12) + (n_in + sp.pi - 1) / (4 * sp.pi)
sqrt_line_factor = sp.Rational(1, 24) + (n_in + sp.pi - 1) / (8 * sp.pi)

LAYER = Derivation(
    id="init.slide_rand_layer",
    title="What weights of nonzero mean do to the signal",
    chapter="init",
    assumptions=(_moments, _laws, _spread),
    steps=(
        Step(E(S_in**2), E(S_double_in), _dd, because="independence",
             using=(PRODUCT_OF_SUMS, sum_expectation, independence([[w], [x]]))),
        Step(_dd, growth, because="sum", using=(_moments, *_SUM_RULES),
             note="The delta terms give n, the constant term E(w)^2 E(x)^2 gives n^2."),
        Step(E(Sx**2), E(Sx_double), _dd_x, because="linearity",
             using=(PRODUCT_OF_SUMS, sum_expectation)),
        Step(_dd_x, n_in * Var_(x) + n_in**2 * E(x) ** 2, because="sum",
             using=(_moments, *_SUM_RULES)),
        Step(E(ReLU(g)), _relu_mean_int, m_x, because="integral",
             using=(normal_density, relu_integral)),
        Step(E(S_in**2) / sigma**2, growth / sigma**2, because="lemma",
             using=(PRODUCT_OF_SUMS, sum_expectation, independence([[w], [x]]), _moments,
                    *_SUM_RULES),
             note="Steps 1-2 divided by sigma^2."),
        Step(growth / sigma**2, _R, because="lemma",
             using=(_laws, _mean_s, _var_s,
                    RELU_GAUSSIAN.lemma("init.relu.gaussian_second_moment"),
                    NORMAL.lemma("init.normal.variance"), normal_density, relu_integral),
             note="E[ReLU(g)] by the integral of step 5 and E[ReLU(g)^2] = sigma^2/2 "
                  "(init.relu_gaussian)."),
        Step(sp.Subs(relu_layer_factor, s, k_he), he_line_factor, because="algebra",
             note="The slide's rand / sqrt(in_features / 2): s = sqrt(2/n_in)."),
        Step(sp.Subs(relu_layer_factor, s, 1 / sp.sqrt(n_in)), sqrt_line_factor,
             because="algebra", note="The slide's rand / sqrt(in_features)."),
        Step(sp.Subs(growth.subs(E(x), 0) / (Var_(x) * n_in), (Var_(w), E(w)),
                     (s**2 / 12, s / 2)), s**2 / 3, because="algebra",
             note="Zero-mean inputs: E[h^2] = n E[w^2] Var(x) = n s^2/3 Var(x)."),
    ),
    claims=(
        Claim("init.slide_rand.second_moment_growth",
              "E[h^2] = n Var(w) E[x^2] + E[w]^2 E[(sum x)^2] for weights of any mean.",
              E(S_in**2), growth, slide=SLIDE),
        Claim("init.slide_rand.input_sum_square", "E[(sum_i x_i)^2] = n Var(x) + n^2 E[x]^2.",
              E(Sx**2), n_in * Var_(x) + n_in**2 * E(x) ** 2, slide=SLIDE),
        Claim("init.slide_rand.relu_mean", "E[ReLU(g)] = sigma/sqrt(2 pi) for g ~ N(0, sigma^2).",
              E(ReLU(g)), m_x, parameters=(sigma,), slide=SLIDE_HE),
        Claim("init.slide_rand.relu_layer",
              "w = s rand, x = ReLU(N(0, sigma^2)): E[h^2]/sigma^2 = n s^2/24 + "
              "s^2 n (n + pi - 1)/(8 pi).",
              E(S_in**2) / sigma**2, _R, parameters=(n_in, s), slide=SLIDE_HE),
        Claim("init.slide_rand.he_line_factor",
              "rand / sqrt(n_in/2) with ReLU: E[h_l^2]/Var(h_{l-1}) = 1/12 + "
              "(n_in + pi - 1)/(4 pi), not He's 1.",
              sp.Subs(relu_layer_factor, s, k_he), he_line_factor, parameters=(n_in,),
              slide=SLIDE_HE),
        Claim("init.slide_rand.sqrt_line_factor",
              "rand / sqrt(n_in) with ReLU: E[h_l^2]/Var(h_{l-1}) = 1/24 + "
              "(n_in + pi - 1)/(8 pi).",
              sp.Subs(relu_layer_factor, s, 1 / sp.sqrt(n_in)), sqrt_line_factor,
              parameters=(n_in,), slide=SLIDE_HE),
        Claim("init.slide_rand.zero_mean_input_factor",
              "s rand with zero-mean inputs: E[h^2]/(n Var(x)) = E[w^2] = s^2/3 "
              "(n_in s^2/3 per layer: 1/3 for s = 1/sqrt(n_in)).",
              sp.Subs(growth.subs(E(x), 0) / (Var_(x) * n_in), (Var_(w), E(w)),
                      (s**2 / 12, s / 2)), s**2 / 3, parameters=(s,), slide=SLIDE),
    ),
    slides=(SLIDE, SLIDE_HE), references=(CS231N,),
    summary="A nonzero weight mean adds $\\mathbb{E}[w]^2\\, \\mathbb{E}[(\\sum x)^2]$, which "
            "grows like $n^2$ for positive inputs: the slide's 'He' line multiplies the signal "
            "by $\\sim n_{in}/(4\\pi)$.",
)
