"""Item 5: the per-layer variance factor of a deep stack, for every scheme and activation.

A layer ``h_l = sum_{i=1}^{n_in} w_i f(h_{l-1, i})`` with zero-mean weights
multiplies the variance of a pre-activation symmetric about zero by

.. math::

    F = \\frac{\\operatorname{Var}(h_l)}{\\operatorname{Var}(h_{l-1})}
      = n_{in} \\operatorname{Var}(w)\\, c_f,
    \\qquad c_{\\mathrm{id}} = 1,\\; c_{\\mathrm{ReLU}} = \\tfrac12,\\;
    c_{\\mathrm{leaky}} = \\tfrac{1 + a^2}{2},

where ``c_f = E[f(h)^2]/Var(h)`` is the activation factor defined and computed
in ``init.activation_factors`` (no symbol is tied to a value by its name: each
scheme-activation factor is ``n_in Var_s(w) E[f(h)^2]/Var(h)``, rewritten by the
proved lemmas of the scheme's variance and of the activation's ratio),
and after ``L`` layers of constant width by ``F^L`` (for varying widths, by
the product of the per-layer factors).  He with ReLU keeps ``F = 1``; Xavier
with ReLU has ``F = n_in/(n_in + n_out)`` (1/2 on square layers); PyTorch's
default with ReLU has ``F = 1/6``.

>>> DEPTH.claim("init.depth.xavier_relu").rhs
n_in/(n_in + n_out)
>>> DEPTH.claim("init.depth.torch_relu").rhs
1/6
>>> layer_factor("he", "leaky_relu", 300, 100, a=0.2)
1.0
>>> layer_factor("xavier", "relu", 300, 100)
0.75
"""

from __future__ import annotations

import itertools
from functools import cache

import sympy as sp

from ..axioms.init import telescope, variance_definition
from ..kernel import Assumption, Claim, Derivation, Step
from .common import E, L, Var_, a, gain, indexed_assumption, instantiate, n, n_in, n_out
from .conditions import FORWARD, XAVIER, gradient_variance, signal_variance, v_fwd, v_xavier
from .relu_he import (
    ACTIVATIONS,
    HE,
    HE_VARIANCE,
    hp,
    spread,
    spread_prev,
    symmetry,
    v_he,
    zero_mean,
)
from .relu_he import c_f as c
from .uniform_and_normal import TORCH, w_torch
from .variance_propagation import GLOROT, SECOND_MOMENT, S, w, x

__all__ = ["ACTIVATION_NAMES", "DEPTH", "SCHEMES", "layer_factor", "variance_profile"]

SLIDE = "004: Инициализация весов (дисперсия может затухать или возрастать от слоя к слою)"

v = sp.Symbol("v", positive=True)  # Var(w) of the scheme
F = sp.Symbol("F", positive=True)
ell = sp.Symbol("l", integer=True, positive=True)
V = sp.IndexedBase("V", positive=True)  # V[l] = Var(h_l) > 0 (a layer that carries a signal)

_sm = instantiate(SECOND_MOMENT.lemma("init.sum.second_moment"), {n: n_in})
h_l = S.subs(n, n_in)
_factor_def = ACTIVATIONS.lemma("init.activation.factor.definition")
_moments = Assumption(
    "i.i.d. zero-mean weights independent of i.i.d. inputs",
    "In every layer w_1..w_n_in are i.i.d. with E(w) = 0 and independent of the i.i.d. "
    "inputs x_i = f(h_{l-1, i}) (the hypotheses of init.sum.second_moment); the "
    "pre-activations h_{l-1} are symmetric about zero (the hypothesis of the activation "
    "factors). The per-activation factors below are the general factor at x = f(h).",
)
_scheme = Assumption("scheme variance", "The weights' variance is v: Var(w) = v.",
                     substitutions=(sp.Eq(Var_(w), v),))
_constant = indexed_assumption("constant factor", "Every layer has the same factor F "
                       "(constant widths): V_l/V_{l-1} = F.",
                       substitutions=(sp.Eq(V[ell] / V[ell - 1], F),))

_steps = [
    Step(Var_(h_l) / Var_(hp), n_in * Var_(w) * (Var_(x) + E(x) ** 2) / Var_(hp),
         because="lemma", using=(_sm,)),
    Step(n_in * Var_(w) * (Var_(x) + E(x) ** 2) / Var_(hp), n_in * Var_(w) * E(x**2) / Var_(hp),
         because="definition", using=(variance_definition,)),
    Step(n_in * Var_(w) * E(x**2) / Var_(hp), n_in * v * E(x**2) / Var_(hp),
         because="assumption", using=(_scheme,)),
    Step(n_in * v * E(x**2) / Var_(hp), n_in * v * c, because="lemma", using=(_factor_def,),
         note="c = E[x^2]/Var(h_prev), the activation factor (init.activation_factors)."),
    Step(V[L] / V[0], sp.Product(V[ell] / V[ell - 1], (ell, 1, L)), because="axiom",
         using=(telescope,)),
    Step(sp.Product(V[ell] / V[ell - 1], (ell, 1, L)), sp.Product(F, (ell, 1, L)), F**L,
         because="assumption", using=(_constant,)),
]
_claims = [
    Claim("init.depth.factor", "Var(h_l)/Var(h_{l-1}) = n_in Var(w) c_f.",
          Var_(h_l) / Var_(hp), n_in * v * c, parameters=(n_in, v, c), slide=SLIDE,
          implemented_by="lecun_uniform, lecun_normal, xavier_uniform, xavier_normal, "
                         "he_uniform, he_normal, torch_linear_default"),
    Claim("init.depth.power", "After L layers of factor F: Var(h_L)/Var(h_0) = F^L.",
          V[L] / V[0], F**L, parameters=(F, L), slide=SLIDE),
]

#: The weight variance of each scheme, as the symbol its derivation defines.
SCHEMES = {
    "lecun": (v_fwd, FORWARD.lemma("init.forward.condition"), "lecun_uniform, lecun_normal"),
    "xavier": (v_xavier, XAVIER.lemma("init.xavier.variance"), "xavier_uniform, xavier_normal"),
    "he": (v_he, HE_VARIANCE.lemma("init.he.variance"), "he_uniform, he_normal"),
    "torch": (Var_(w_torch), TORCH.lemma("init.torch_default.variance"),
              "torch_linear_default"),
}
#: Each activation's E[f(h)^2]/Var(h) (the factor c at x = f(h)) and the lemma computing it.
ACTIVATION_NAMES = {
    name: (ACTIVATIONS.claim(f"init.activation.ratio.{name}").lhs,
           ACTIVATIONS.lemma(f"init.activation.ratio.{name}"))
    for name in ("identity", "relu", "leaky_relu")
}
_general = {}
for sname, (vs, vlemma, impl) in SCHEMES.items():
    for aname, (ratio, clemma) in ACTIVATION_NAMES.items():
        lhs = n_in * vs * ratio  # the general factor n_in v c at Var(w) = v_s, x = f(h)
        rhs = sp.factor(n_in * vlemma.equation.rhs * clemma.equation.rhs)
        _steps.append(Step(lhs, rhs, because="lemma", using=(vlemma, clemma)))
        params = tuple(p for p in (n_in, n_out, gain, a) if p in rhs.free_symbols)
        _claims.append(Claim(f"init.depth.{sname}.{aname}",
                             f"{sname} weights, {aname} activation: F = n_in Var(w) c_f.",
                             lhs, rhs, parameters=params, slide=SLIDE, implemented_by=impl))
        _general[sname, aname] = (lhs, rhs, vlemma, clemma)


def _named(cid, sname, aname, at, statement):
    lhs, rhs, vlemma, clemma = _general[sname, aname]
    if at:  # the scheme's variance as the formula in a, gain, n_out that the Subs binds: its
        # name v_s holds none of them, so Subs(n_in v_s c, a, 0) would leave it as it is
        lhs = lhs.subs(vlemma.equation.lhs, vlemma.equation.rhs)
    sub_lhs = sp.Subs(lhs, tuple(at), tuple(at.values()))
    value = sp.factor(rhs.subs(at))
    _steps.append(Step(sub_lhs, sp.Subs(rhs, tuple(at), tuple(at.values())), value,
                       because="lemma", using=(clemma,) if at else (vlemma, clemma)))
    params = tuple(p for p in (n_in, n_out, gain, a) if p in value.free_symbols)
    _claims.append(Claim(cid, statement, sub_lhs, value, parameters=params, slide=SLIDE,
                         implemented_by=SCHEMES[sname][2]))


_named("init.depth.he_relu", "he", "relu", {a: 0}, "He (a = 0) with ReLU keeps F = 1.")
_named("init.depth.he_leaky_relu", "he", "leaky_relu", {}, "He(a) with leaky ReLU(a): F = 1.")
_named("init.depth.xavier_relu", "xavier", "relu", {gain: 1},
       "Xavier (gain 1) with ReLU: F = n_in/(n_in + n_out).")
_named("init.depth.xavier_relu_square", "xavier", "relu", {gain: 1, n_out: n_in},
       "Xavier with ReLU on square layers halves the variance: F = 1/2.")
_named("init.depth.xavier_identity_square", "xavier", "identity", {gain: 1, n_out: n_in},
       "Xavier on square linear layers keeps F = 1.")
_named("init.depth.torch_relu", "torch", "relu", {}, "PyTorch's default with ReLU: F = 1/6.")
_named("init.depth.torch_identity", "torch", "identity", {}, "PyTorch's default, linear: 1/3.")
_named("init.depth.lecun_identity", "lecun", "identity", {}, "LeCun, linear: F = 1.")

# two layers of alternating widths n_in -> n_out -> n_in under Xavier + ReLU
_x_rhs = _general["xavier", "relu"][1].subs(gain, 1)
_pair = _x_rhs * _x_rhs.subs({n_in: n_out, n_out: n_in}, simultaneous=True)
_steps.append(Step(_pair, n_in * n_out / (n_in + n_out) ** 2, because="algebra",
                   note="Alternating widths: the factors of the two layers multiply."))
_claims.append(Claim("init.depth.xavier_relu_pair",
                     "Xavier + ReLU over a pair of layers n_in -> n_out -> n_in: "
                     "F_1 F_2 = n_in n_out/(n_in + n_out)^2 <= 1/4.",
                     _pair, n_in * n_out / (n_in + n_out) ** 2, parameters=(n_in, n_out),
                     slide=SLIDE, implemented_by="xavier_uniform, xavier_normal"))

#: the hypotheses the lemmas carry (the kernel checks that each is listed), then this
#: derivation's own
_assumptions = (*SECOND_MOMENT.assumptions, signal_variance, gradient_variance, spread,
                spread_prev, symmetry, zero_mean, _moments, _scheme, _constant)

DEPTH = Derivation(
    id="init.depth",
    title="The variance of a deep stack: one factor per layer",
    chapter="init",
    steps=tuple(_steps),
    claims=tuple(_claims),
    assumptions=_assumptions,
    slides=(SLIDE,),
    references=(GLOROT, HE),
    summary="$\\operatorname{Var}(h_l) = n_{in} \\operatorname{Var}(w)\\, c_f "
            "\\operatorname{Var}(h_{l-1})$; each scheme and activation gives its factor, and "
            "$L$ layers raise it to the power $L$.",
)

_ALIASES = {"glorot": "xavier", "kaiming": "he", "torch_default": "torch",
            "torch_linear_default": "torch", "linear": "identity", "leaky": "leaky_relu"}


@cache
def _factor_function(scheme: str, activation: str):
    rhs = DEPTH.claim(f"init.depth.{scheme}.{activation}").rhs
    return sp.lambdify((n_in, n_out, a, gain), rhs, modules="math")


def layer_factor(scheme: str, activation: str, n_in: int, n_out: int, a: float = 0.0,
                 gain: float = 1.0) -> float:
    """The proved per-layer variance factor ``n_in Var_scheme(w) c_activation``.

    ``scheme`` is one of lecun, xavier, he, torch (PyTorch's nn.Linear default);
    ``activation`` one of identity, relu, leaky_relu.  ``a`` is the leaky slope
    (also He's ``negative_slope``), ``gain`` Xavier's gain.

    >>> layer_factor("torch", "relu", 64, 32)
    0.16666666666666666
    """
    scheme = _ALIASES.get(scheme, scheme)
    activation = _ALIASES.get(activation, activation)
    if scheme not in SCHEMES:
        raise ValueError(f"scheme={scheme!r}: expected one of {', '.join(SCHEMES)}")
    if activation not in ACTIVATION_NAMES:
        raise ValueError(f"activation={activation!r}: expected one of "
                         f"{', '.join(ACTIVATION_NAMES)}")
    for name, value in (("n_in", n_in), ("n_out", n_out)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name}={value!r}: expected a positive integer")
    if not a >= 0:
        raise ValueError(f"a={a!r}: expected a nonnegative slope")
    if not gain > 0:
        raise ValueError(f"gain={gain!r}: expected a positive gain")
    return float(_factor_function(scheme, activation)(n_in, n_out, a, gain))


def variance_profile(scheme: str, activation: str, widths, a: float = 0.0,
                     gain: float = 1.0) -> list[float]:
    """Predicted ``Var(h_l)/Var(h_0)``, l = 1..L; layer l maps ``widths[l-1] -> widths[l]``.

    >>> variance_profile("xavier", "relu", [8, 8, 8])
    [0.5, 0.25]
    """
    widths = [int(k) for k in widths]
    if len(widths) < 2:
        raise ValueError(f"widths={widths!r}: expected at least two widths (one layer)")
    out, prod = [], 1.0
    for k_in, k_out in itertools.pairwise(widths):
        prod *= layer_factor(scheme, activation, k_in, k_out, a=a, gain=gain)
        out.append(prod)
    return out
