"""Item 4: the second moment of a rectified signal and He's variance (slide 004).

For ``h`` symmetric about zero (so ``E[h] = 0``),

.. math::

    E[\\operatorname{ReLU}(h)^2] = E[h^2 1\\{h > 0\\}] = \\tfrac12 E[h^2]
        = \\tfrac12 \\operatorname{Var}(h),
    \\qquad
    E[f_a(h)^2] = \\frac{1 + a^2}{2} \\operatorname{Var}(h)

for the leaky ReLU, defined piecewise as ``f_a(h) = h`` for ``h > 0`` and
``a h`` for ``h <= 0`` (PyTorch's ``max(0, h) + a min(0, h)``), which is
``max(h, a h)`` only when ``0 <= a <= 1``; the piecewise form holds for every
slope and is the one the proof uses.  For a Gaussian ``h`` the first
identity is also the integral ``int_0^oo t^2 phi(t) dt = sigma^2/2``.  With
``Var(h_l) = n_in Var(w) E[x^2]`` (inputs of nonzero mean, slide 004) and
``x = f_a(h_{l-1})`` the kernel proves ``Var(h_l) = n_in Var(w) (1 + a^2)/2
Var(h_{l-1})``, and the condition that this factor be 1 gives He et al.'s (2015)

>>> HE_VARIANCE.claim("init.he.variance").rhs
2/(n_in*(a**2 + 1))
>>> ACTIVATIONS.claim("init.activation.factor.leaky_relu").rhs
a**2/2 + 1/2
"""

from __future__ import annotations

import sympy as sp

from ..axioms.init import leaky_square, relu_integral, relu_square, sides
from ..expectation import linearity
from ..kernel import Assumption, Claim, Definition, Derivation, Solve, Step
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
           "c_f",
           "c_identity",
           "c_leaky",
           "c_relu",
           "hp",
           "v_he",
]

SLIDE = "004: Инициализация Хе"
H = sp.Heaviside

ReLU = sp.Function("ReLU", real=True)
#: LeakyReLU(h, a) = h for h > 0 and a h for h <= 0 (any real a); max(h, a h) iff 0 <= a <= 1
LeakyReLU = sp.Function("LeakyReLU", real=True)
h = sp.Symbol("h", real=True)
hp = sp.Symbol("h_prev")  # a layer's previous pre-activation (depth.py)

symmetry = Assumption(
    "h symmetric about zero", "The pre-activation h is symmetric about zero (h and -h have "
    "the same law), so E[h^2 1{h < 0}] = E[(-h)^2 1{-h < 0}] = E[h^2 1{h > 0}]. A hypothesis "
    "on the law of h (true for zero-mean Gaussians and for sums of symmetric terms), not a "
    "law of expectation: the result fails for h = 1 + N(0, 1).",
    substitutions=(sp.Eq(E(h**2 * H(-h)), E(h**2 * H(h))),),
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
    title="$\\mathbb{E}[\\operatorname{ReLU}(h)^2] = \\operatorname{Var}(h)/2$ for any law "
          "symmetric about zero",
    chapter="init",
    assumptions=(symmetry, zero_mean),
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
    summary="Symmetry splits $\\mathbb{E}[h^2]$ into two equal halves; ReLU keeps one of them, "
            "the leaky ReLU keeps one and $a^2$ times the other.",
)

h_n = N(0, sigma)
_phi = sp.exp(-(t**2) / (2 * sigma**2)) / (sigma * sp.sqrt(2 * sp.pi))


RELU_GAUSSIAN = Derivation(
    id="init.relu_gaussian",
    title="$\\mathbb{E}[\\operatorname{ReLU}(h)^2] = \\sigma^2/2$ for $h \\sim N(0, "
          "\\sigma^2)$, by the integral",
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
    summary="The half-Gaussian integral gives $\\sigma^2/2$.",
)

#: the factors are names for ratios (definitions), real-valued: their sign is not assumed
c_identity, c_relu, c_leaky = sp.symbols("c_identity c_relu c_leaky", real=True)
c_f = sp.Symbol("c")  # the factor of x = f(h_prev); x has no assumption, so c has none
_relu_lemma = RELU.lemma("init.relu.second_moment")
_leaky_lemma = RELU.lemma("init.leaky_relu.second_moment")

_ratio = {"identity": E(h**2) / Var_(h), "relu": E(ReLU(h) ** 2) / Var_(h),
          "leaky_relu": E(LeakyReLU(h, a) ** 2) / Var_(h)}
spread = Assumption(
    "h has positive variance",
    "Var(h) > 0: the pre-activation is not constant, so the factor c = E[f(h)^2]/Var(h) is "
    "defined (a constant signal would carry nothing to preserve).",
    predicates=(sp.Q.positive(Var_(h)),),
)
spread_prev = Assumption(
    "h_prev has positive variance",
    "Var(h_prev) > 0: the previous layer's pre-activation is not constant.",
    predicates=(sp.Q.positive(Var_(hp)),),
)
_c_def = Definition(c_f, E(x**2) / Var_(hp), "the activation factor of a layer input "
                    "x = f(h_prev)")
_c_identity = Definition(c_identity, _ratio["identity"], "c of the identity, f(h) = h")
_c_relu = Definition(c_relu, _ratio["relu"], "c of ReLU")
_c_leaky = Definition(c_leaky, _ratio["leaky_relu"], "c of the leaky ReLU")
ACTIVATIONS = Derivation(
    id="init.activation_factors",
    title="The activation's variance factor $c = \\mathbb{E}[f(h)^2]/\\operatorname{Var}(h)$",
    chapter="init",
    assumptions=(symmetry, zero_mean, spread, spread_prev),
    steps=(
        Step(c_f, E(x**2) / Var_(hp), because="definition", using=(_c_def,),
             note="c is defined by E[x^2] = c Var(h_prev) for a layer input x = f(h_prev)."),
        Step(c_identity, _ratio["identity"], 1, because="assumption",
             using=(_c_identity, variance_definition, zero_mean),
             note="c of the identity, f(h) = h: E[h^2] = Var(h) for h of zero mean."),
        Step(c_relu, _ratio["relu"], sp.Rational(1, 2), because="lemma",
             using=(_c_relu, _relu_lemma)),
        Step(c_leaky, _ratio["leaky_relu"], (1 + a**2) / 2, because="lemma",
             using=(_c_leaky, _leaky_lemma)),
    ),
    claims=(
        Claim("init.activation.factor.definition",
              "The activation factor c = E[x^2]/Var(h_prev) of a layer input x = f(h_prev).",
              c_f, E(x**2) / Var_(hp), slide=SLIDE),
        Claim("init.activation.factor.identity", "c = 1 for the identity.", c_identity,
              sp.Integer(1), slide="004: Инициализация весов (симметричный случай)",
              implemented_by="lecun_uniform, lecun_normal"),
        Claim("init.activation.factor.relu", "c = 1/2 for ReLU.", c_relu, sp.Rational(1, 2),
              slide=SLIDE, implemented_by="he_uniform, he_normal"),
        Claim("init.activation.factor.leaky_relu", "c = (1 + a^2)/2 for leaky ReLU.",
              c_leaky, (1 + a**2) / 2, parameters=(a,), slide="004: Leaky ReLU activation",
              implemented_by="he_uniform, he_normal"),
        Claim("init.activation.ratio.identity", "E[h^2]/Var(h) = 1 for h of zero mean.",
              _ratio["identity"], sp.Integer(1), slide=SLIDE),
        Claim("init.activation.ratio.relu", "E[ReLU(h)^2]/Var(h) = 1/2, h symmetric.",
              _ratio["relu"], sp.Rational(1, 2), slide=SLIDE),
        Claim("init.activation.ratio.leaky_relu",
              "E[LeakyReLU(h, a)^2]/Var(h) = (1 + a^2)/2, h symmetric.",
              _ratio["leaky_relu"], (1 + a**2) / 2, parameters=(a,), slide=SLIDE),
    ),
    slides=(SLIDE,), references=(HE,),
    summary="What fraction of the pre-activation variance reaches the next layer: each $c$ is "
            "defined as $\\mathbb{E}[f(h)^2]/\\operatorname{Var}(h)$ and computed from the "
            "proved second moments.",
)

v_he = sp.Symbol("v_he", positive=True)
_sm = instantiate(SECOND_MOMENT.lemma("init.sum.second_moment"), {n: n_in})
h_l = S.subs(n, n_in)
#: the hypotheses of init.sum.second_moment, which its lemma carries: w_1..w_n i.i.d. with
#: E(w) = 0, independent of the i.i.d. inputs x_1..x_n (of any mean)
weight_moments = SECOND_MOMENT.assumptions[0]
leaky_input = Assumption(
    "x = LeakyReLU(h_{l-1}, a)",
    "Every input of layer l is the leaky ReLU of a pre-activation h_{l-1} of the previous "
    "layer, symmetric about zero (zero-mean weights make it so).",
    substitutions=(sp.Eq(x, LeakyReLU(h, a)),),
)
he_weights = Assumption("He's weights", "The weights have variance v_he: Var(w) = v_he.",
                        substitutions=(sp.Eq(Var_(w), v_he),))
#: Var(h_l) = n_in v_he (1 + a^2)/2 Var(h_{l-1}), the end of the proved chain
he_out = n_in * v_he * (1 + a**2) / 2 * Var_(h)
HE_VARIANCE = Derivation(
    id="init.he_variance",
    title="He initialization: $\\operatorname{Var}(w) = 2/((1 + a^2)\\, n_{in})$",
    chapter="init",
    assumptions=(weight_moments, leaky_input, symmetry, zero_mean, spread, he_weights),
    steps=(
        Step(Var_(h_l), n_in * Var_(w) * (Var_(x) + E(x) ** 2), n_in * Var_(w) * E(x**2),
             because="lemma", using=(_sm, variance_definition)),
        Step(n_in * Var_(w) * E(x**2), n_in * Var_(w) * E(LeakyReLU(h, a) ** 2),
             because="assumption", using=(leaky_input,)),
        Step(n_in * Var_(w) * E(LeakyReLU(h, a) ** 2), n_in * Var_(w) * (1 + a**2) / 2 * Var_(h),
             because="lemma", using=(_leaky_lemma,)),
        Step(n_in * Var_(w) * (1 + a**2) / 2 * Var_(h), he_out, because="assumption",
             using=(he_weights,)),
        Solve(sp.Eq(he_out, Var_(h)), v_he, 2 / ((1 + a**2) * n_in),
              note="v_he keeps Var(h_l) = Var(h_{l-1}): the proved factor "
                   "n_in v_he (1 + a^2)/2 set to 1."),
        Step(2 / ((1 + sp.S.Zero**2) * n_in), 2 / n_in, because="algebra",
             note="ReLU (a = 0): slide 004's Var(w_i) = 2/n_in, verified."),
    ),
    claims=(Claim("init.he.variance", "He: Var(w) = 2/((1 + a^2) n_in); 2/n_in for ReLU.",
                  v_he, 2 / ((1 + a**2) * n_in), parameters=(n_in, a), slide=SLIDE,
                  implemented_by="he_uniform, he_normal"),),
    slides=(SLIDE,), references=(HE,),
    summary="Only the $\\mathbb{E}[w]$ term vanishes for rectified inputs; $\\mathbb{E}[x^2] = "
            "(1 + a^2) \\operatorname{Var}(h)/2$, so $\\operatorname{Var}(h_l) = n_{in} "
            "\\operatorname{Var}(w)\\, (1 + a^2)/2\\, \\operatorname{Var}(h_{l-1})$ and the "
            "factor must be 1.",
)
