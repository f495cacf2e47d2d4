"""Item 4: the second moment of a rectified signal and He's variance (slide 004).

For ``h`` symmetric about zero (so ``E[h] = 0``),

.. math::

    E[\\operatorname{ReLU}(h)^2] = E[h^2 1\\{h > 0\\}] = \\tfrac12 E[h^2]
        = \\tfrac12 \\operatorname{Var}(h),
    \\qquad
    E[f_a(h)^2] = \\frac{1 + a^2}{2} \\operatorname{Var}(h)

for the leaky ReLU ``f_a(h) = max(h, a h)``.  For a Gaussian ``h`` the first
identity is also the integral ``int_0^oo t^2 phi(t) dt = sigma^2/2``.  With
``Var(h_l) = n_in Var(w) E[x^2]`` (inputs of nonzero mean, slide 004) the
condition ``Var(h_l) = Var(h_{l-1})`` gives He et al.'s (2015)

>>> HE_VARIANCE.claim("init.he.variance").rhs
2/(n_in*(a**2 + 1))
>>> ACTIVATIONS.claim("init.activation.factor.leaky_relu").rhs
a**2/2 + 1/2
"""

from __future__ import annotations

import sympy as sp

from ..expectation import linearity
from ..kernel import Assumption, Axiom, Claim, Derivation, Solve, Step
from .common import (
    E,
    N,
    Var_,
    a,
    instantiate,
    n,
    n_in,
    normal_density,
    sigma,
    t,
    variance_definition,
)
from .uniform_and_normal import HE, NORMAL
from .variance_propagation import SECOND_MOMENT, S, w, x

__all__ = [
           "ACTIVATIONS",
           "HE_VARIANCE",
           "RELU",
           "RELU_GAUSSIAN",
           "LeakyReLU",
           "ReLU",
           "c_identity",
           "c_leaky",
           "c_relu",
           "v_he",
]

SLIDE = "004: Инициализация Хе"
H = sp.Heaviside

ReLU = sp.Function("ReLU")
LeakyReLU = sp.Function("LeakyReLU")  # LeakyReLU(h, a) = max(h, a h)
h = sp.Symbol("h", real=True)

relu_square = Axiom(
    "ReLU squared", "ReLU(h)^2 = max(0, h)^2 = h^2 1{h > 0}.",
    rule=sp.Eq(ReLU(h) ** 2, h**2 * H(h)),
)
leaky_square = Axiom(
    "leaky ReLU squared", "LeakyReLU(h, a)^2 = h^2 1{h > 0} + a^2 h^2 1{h < 0}.",
    rule=sp.Eq(LeakyReLU(h, a) ** 2, h**2 * H(h) + a**2 * h**2 * H(-h)),
)
sides = Axiom(
    "two sides", "h^2 = h^2 1{h > 0} + h^2 1{h < 0} (at h = 0 both sides vanish), so "
    "E[h^2] = E[h^2 1{h > 0} + h^2 1{h < 0}].",
    rule=sp.Eq(E(h**2), E(h**2 * H(h) + h**2 * H(-h))),
)
symmetry = Axiom(
    "symmetric law", "h is symmetric about zero (h and -h have the same law), so "
    "E[h^2 1{h < 0}] = E[(-h)^2 1{-h < 0}] = E[h^2 1{h > 0}].",
    rule=sp.Eq(E(h**2 * H(-h)), E(h**2 * H(h))),
)
zero_mean = Assumption(
    "h has zero mean", "A law symmetric about zero has E[h] = 0 (when the mean exists), so "
    "Var(h) = E[h^2]. The slide's 'симметрично распределён относительно нуля' says exactly this.",
    substitutions=(sp.Eq(E(h), 0),),
)

_lin = linearity([h])
_half = (E(h**2 * H(h)) + E(h**2 * H(-h))) / 2
RELU = Derivation(
    id="init.relu_second_moment",
    title="E[ReLU(h)^2] = Var(h)/2 for any law symmetric about zero",
    chapter="init",
    assumptions=(zero_mean,),
    steps=(
        Step(E(ReLU(h) ** 2), E(h**2 * H(h)), because="definition", using=(relu_square,)),
        Step(E(h**2 * H(h)), _half, because="symmetry", using=(symmetry,)),
        Step(_half, E(h**2 * H(h) + h**2 * H(-h)) / 2, because="linearity", using=(_lin,)),
        Step(E(h**2 * H(h) + h**2 * H(-h)) / 2, E(h**2) / 2, because="axiom",
             using=(sides, _lin)),
        Step(E(h**2) / 2, Var_(h) / 2, because="assumption",
             using=(variance_definition, zero_mean)),
        Step(E(LeakyReLU(h, a) ** 2), E(h**2 * H(h) + a**2 * h**2 * H(-h)),
             because="definition", using=(leaky_square,)),
        Step(E(h**2 * H(h) + a**2 * h**2 * H(-h)), (1 + a**2) * E(h**2 * H(h)),
             because="symmetry", using=(_lin, symmetry)),
        Step((1 + a**2) * E(h**2 * H(h)), (1 + a**2) * E(h**2) / 2, because="symmetry",
             using=(sides, _lin, symmetry), note="As in steps 2-4."),
        Step((1 + a**2) * E(h**2) / 2, (1 + a**2) * Var_(h) / 2, because="assumption",
             using=(variance_definition, zero_mean)),
    ),
    claims=(
        Claim("init.relu.second_moment", "E[ReLU(h)^2] = Var(h)/2 for h symmetric about 0.",
              E(ReLU(h) ** 2), Var_(h) / 2, slide=SLIDE,
              implemented_by="he_uniform, he_normal"),
        Claim("init.leaky_relu.second_moment",
              "E[LeakyReLU_a(h)^2] = (1 + a^2) Var(h)/2 for h symmetric about 0.",
              E(LeakyReLU(h, a) ** 2), (1 + a**2) * Var_(h) / 2, slide=SLIDE,
              implemented_by="he_uniform, he_normal"),
    ),
    slides=(SLIDE,), references=(HE,),
    summary="Symmetry splits E[h^2] into two equal halves; ReLU keeps one of them, the "
            "leaky ReLU keeps one and a^2 times the other.",
)

h_n = N(0, sigma)
_phi = sp.exp(-(t**2) / (2 * sigma**2)) / (sigma * sp.sqrt(2 * sp.pi))
relu_integral = Axiom(
    "ReLU vanishes on the negative half-line",
    "int_R ReLU(t)^2 g(t) dt = int_0^oo t^2 g(t) dt.",
    rule=lambda e: e.replace(
        lambda i: isinstance(i, sp.Integral) and i.has(ReLU(t)),
        lambda i: sp.Integral(i.function.subs(ReLU(t), t), (t, 0, sp.oo)),
    ),
)
RELU_GAUSSIAN = Derivation(
    id="init.relu_gaussian",
    title="E[ReLU(h)^2] = sigma^2/2 for h ~ N(0, sigma^2), by the integral",
    chapter="init",
    steps=(
        Step(E(ReLU(h_n) ** 2), sp.Integral(t**2 * _phi, (t, 0, sp.oo)), because="integral",
             using=(normal_density, relu_integral)),
        Step(sp.Integral(t**2 * _phi, (t, 0, sp.oo)), sigma**2 / 2, because="integral"),
        Step(sigma**2 / 2, Var_(h_n) / 2, because="lemma",
             using=(NORMAL.lemma("init.normal.variance"),)),
    ),
    claims=(Claim("init.relu.gaussian_second_moment",
                  "E[ReLU(h)^2] = Var(h)/2 for h ~ N(0, sigma^2).",
                  E(ReLU(h_n) ** 2), Var_(h_n) / 2, slide=SLIDE,
                  implemented_by="he_uniform, he_normal"),),
    slides=(SLIDE,), references=(HE,),
    summary="The half-Gaussian integral gives sigma^2/2.",
)

c_identity, c_relu, c_leaky = sp.symbols("c_identity c_relu c_leaky", positive=True)
_relu_lemma = RELU.lemma("init.relu.second_moment")
_leaky_lemma = RELU.lemma("init.leaky_relu.second_moment")
ACTIVATIONS = Derivation(
    id="init.activation_factors",
    title="The activation's variance factor c = E[f(h)^2]/Var(h)",
    chapter="init",
    assumptions=(zero_mean,),
    steps=(
        Step(E(h**2), Var_(h), because="assumption", using=(variance_definition, zero_mean)),
        Solve(sp.Eq(c_identity * Var_(h), Var_(h)), c_identity, 1,
              note="c defined by E[f(h)^2] = c Var(h), for f the identity."),
        Step(E(ReLU(h) ** 2), Var_(h) / 2, because="lemma", using=(_relu_lemma,)),
        Solve(sp.Eq(c_relu * Var_(h), Var_(h) / 2), c_relu, sp.Rational(1, 2)),
        Step(E(LeakyReLU(h, a) ** 2), (1 + a**2) * Var_(h) / 2, because="lemma",
             using=(_leaky_lemma,)),
        Solve(sp.Eq(c_leaky * Var_(h), (1 + a**2) * Var_(h) / 2), c_leaky, (1 + a**2) / 2),
    ),
    claims=(
        Claim("init.activation.factor.identity", "c = 1 for the identity.", c_identity,
              sp.Integer(1), slide="004: Инициализация весов (симметричный случай)",
              implemented_by="lecun_uniform, lecun_normal"),
        Claim("init.activation.factor.relu", "c = 1/2 for ReLU.", c_relu, sp.Rational(1, 2),
              slide=SLIDE, implemented_by="he_uniform, he_normal"),
        Claim("init.activation.factor.leaky_relu", "c = (1 + a^2)/2 for leaky ReLU.",
              c_leaky, (1 + a**2) / 2, parameters=(a,), slide="004: Leaky ReLU activation",
              implemented_by="he_uniform, he_normal"),
    ),
    slides=(SLIDE,), references=(HE,),
    summary="What fraction of the pre-activation variance reaches the next layer.",
)

v_he = sp.Symbol("v_he", positive=True)
xl = sp.Symbol("x")  # the input of layer l, x = LeakyReLU(h_{l-1}, a)
_sm = instantiate(SECOND_MOMENT.lemma("init.sum.second_moment"), {n: n_in})
h_l = S.subs(n, n_in)
HE_VARIANCE = Derivation(
    id="init.he_variance",
    title="He initialization: Var(w) = 2/((1 + a^2) n_in)",
    chapter="init",
    steps=(
        Step(Var_(h_l), n_in * Var_(w) * (Var_(x) + E(x) ** 2), because="lemma", using=(_sm,)),
        Step(Var_(x) + E(x) ** 2, E(x**2), because="definition", using=(variance_definition,)),
        Step(E(LeakyReLU(h, a) ** 2), (1 + a**2) * Var_(h) / 2, because="lemma",
             using=(_leaky_lemma,), note="x = LeakyReLU(h_{l-1}, a) with h_{l-1} symmetric."),
        Solve(sp.Eq(n_in * v_he * (1 + a**2) * Var_(h) / 2, Var_(h)), v_he,
              2 / ((1 + a**2) * n_in),
              note="v_he keeps Var(h_l) = Var(h_{l-1}): n_in Var(w) (1 + a^2)/2 = 1."),
        Step(2 / ((1 + sp.S.Zero**2) * n_in), 2 / n_in, because="algebra",
             note="ReLU (a = 0): slide 004's Var(w_i) = 2/n_in, verified."),
    ),
    claims=(Claim("init.he.variance", "He: Var(w) = 2/((1 + a^2) n_in); 2/n_in for ReLU.",
                  v_he, 2 / ((1 + a**2) * n_in), parameters=(n_in, a), slide=SLIDE,
                  implemented_by="he_uniform, he_normal"),),
    slides=(SLIDE,), references=(HE,),
    summary="Only the E[w] term vanishes for rectified inputs; E[x^2] = (1 + a^2) Var(h)/2.",
)
