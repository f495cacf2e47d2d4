"""The gain of any activation, derived from its Gaussian moments.

A layer ``h_l = sum_i w_i f(h_{l-1,i})`` with zero-mean weights of variance
``g^2/n_in`` has ``Var(h_l) = n_in Var(w) E[f(h_{l-1})^2] = g^2 E[f(h)^2]``
(``init.sum.second_moment``: the mean of ``f(h)`` counts).  For
``h ~ N(0, q)`` call

* the **forward factor** ``chi_f(q) = E[f(h)^2]/q`` (what fraction of the
  variance survives the activation), and
* the **backward factor** ``chi_b(q) = E[f'(h)^2]`` (what a gradient's second
  moment is multiplied by on its way back through ``f``; Glorot's backward
  argument, square layers).

The variance stays at the fixed point ``q* = 1`` when ``g^2 chi_f(1) = 1`` and
the gradient keeps its size when ``g^2 chi_b(1) = 1``:

.. math::

    g_{\\text{forward}} = \\frac{1}{\\sqrt{E[f(z)^2]}}, \\qquad
    g_{\\text{backward}} = \\frac{1}{\\sqrt{E[f'(z)^2]}}, \\qquad z \\sim N(0, 1).

Identity, ReLU and leaky ReLU: the initialization chapter's factors
``c = 1, 1/2, (1 + a^2)/2`` (lemmas, with their symmetry assumptions) give
``1, sqrt 2, sqrt(2/(1 + a^2))`` both ways.  ELU and SELU: closed forms in
``erf`` from the six Gaussian integrals.  tanh, sigmoid, GELU, SiLU: the
moments are proved equal to Gaussian integrals that have no closed form; the
kernel proves the *expressions*, and :mod:`derivations.activations.computed`
evaluates them (mpmath, 20 digits), a computation, not a proof.

>>> FORWARD_RULE.claim("act.gain.forward_rule").rhs
1/sqrt(m_f)
"""

from __future__ import annotations

import sympy as sp

from ..init.common import Var_, instantiate, n, n_in, variance_definition
from ..init.common import a as slope  # leaky ReLU's slope as the init lemma declares it (a >= 0)
from ..init.relu_he import ACTIVATIONS, c_identity, c_leaky, c_relu
from ..init.variance_propagation import SECOND_MOMENT, S, w
from ..init.variance_propagation import x as layer_input
from ..kernel import Assumption, Claim, Derivation, Solve, Step
from .common import POOLE, E, N, alpha, gelu, normal_density, sigmoid, silu, std_phi, t
from .gaussian import EXPANSION, Phi_minus_1, Phi_minus_2, expanded, gaussian_lemmas
from .leaky_elu import elu
from .selu import alpha01, lam01, selu
from .sigmoid import dsigmoid
from .smooth import dgelu, dsilu
from .tanh import dtanh

__all__ = ["BACKWARD_RULE", "CLOSED", "CLOSED_MOMENTS", "EXACT", "FORWARD_RULE", "NAMES",
           "NUMERIC", "claim_ids"]

NAMES = ("identity", "relu", "leaky_relu", "elu", "selu", "tanh", "sigmoid", "gelu", "silu")

g_f = sp.Symbol("g", positive=True)
g_b = sp.Symbol("g_b", positive=True)
m_f = sp.Symbol("m_f", positive=True)
m_b = sp.Symbol("m_b", positive=True)
v_f = sp.Symbol("v_f", positive=True)
_sm = instantiate(SECOND_MOMENT.lemma("init.sum.second_moment"), {n: n_in})
weight_variance = Assumption(
    "weights of variance v_f", "Zero-mean weights of variance v_f: Var(w) = v_f.",
    substitutions=(sp.Eq(Var_(w), v_f),))
activation_input = Assumption(
    "inputs f(h), h ~ N(0, 1)", "Every input of the layer is x = f(h) with h ~ N(0, q*) at the "
    "fixed point q* = 1; m_f names E[f(h)^2] > 0.", substitutions=(sp.Eq(E(layer_input**2), m_f),))
FORWARD_RULE = Derivation(
    id="act.gain_forward_rule",
    title="The gain that keeps the variance at $q^* = 1$: $g = 1/\\sqrt{\\mathbb{E}[f(z)^2]}$",
    chapter="activations",
    assumptions=(*SECOND_MOMENT.assumptions, weight_variance, activation_input),
    steps=(
        Step(Var_(S.subs(n, n_in)), n_in * Var_(w) * (Var_(layer_input) + E(layer_input) ** 2),
             n_in * Var_(w) * E(layer_input**2), because="lemma",
             using=(_sm, variance_definition), note="init.sum.second_moment."),
        Step(n_in * Var_(w) * E(layer_input**2), n_in * v_f * m_f, because="assumption",
             using=(weight_variance, activation_input)),
        Solve(sp.Eq(n_in * v_f * m_f, 1), v_f, 1 / (n_in * m_f),
              note="q_l = q_(l-1) = 1: the factor n_in Var(w) E[f(z)^2] set to 1."),
        Step(n_in * (g_f**2 / n_in) * m_f, g_f**2 * m_f, because="algebra",
             note="The gain g is PyTorch's parametrisation Var(w) = g^2/n_in of v_f."),
        Solve(sp.Eq(g_f**2 * m_f, 1), g_f, 1 / sp.sqrt(m_f),
              note="g^2 = n_in v_f = 1/E[f(z)^2]: the positive root."),
    ),
    claims=(Claim("act.gain.variance_rule", "Var(w) = 1/(n_in E[f(z)^2]) keeps Var(h) at 1.",
                  v_f, 1 / (n_in * m_f), parameters=(n_in, m_f), implemented_by="gain"),
            Claim("act.gain.forward_rule", "g = 1/sqrt(E[f(z)^2]) keeps Var(h) at 1.", g_f,
                  1 / sp.sqrt(m_f), parameters=(m_f,), implemented_by="gain"),),
    references=(POOLE,),
    summary="The layer multiplies the variance by $g^2\\, \\mathbb{E}[f(h)^2]$; at the fixed "
            "point that factor is 1.",
)

backward_map = Assumption(
    "the backward map", "Square layers (n_out = n_in) and Glorot's approximation (upstream "
    "gradients independent of the weights and of f'(h)): a gradient's second moment is "
    "multiplied by n_out Var(w) E[f'(h)^2] = g_b^2 m_b per layer, m_b = E[f'(h)^2] > 0.")
BACKWARD_RULE = Derivation(
    id="act.gain_backward_rule",
    title="The gain that keeps the gradient's size: $g_b = 1/\\sqrt{\\mathbb{E}[f'(z)^2]}$",
    chapter="activations",
    assumptions=(backward_map,),
    steps=(
        Step(n_in * (g_b**2 / n_in) * m_b, g_b**2 * m_b, because="algebra"),
        Solve(sp.Eq(g_b**2 * m_b, 1), g_b, 1 / sp.sqrt(m_b)),
    ),
    claims=(Claim("act.gain.backward_rule", "g_b = 1/sqrt(E[f'(z)^2]) keeps the gradient's "
                  "second moment.", g_b, 1 / sp.sqrt(m_b), parameters=(m_b,),
                  implemented_by="gain"),),
    summary="Backwards each layer multiplies by $g^2\\, \\mathbb{E}[f'(h)^2]$.",
)
_fwd = FORWARD_RULE.lemma("act.gain.forward_rule")
_bwd = BACKWARD_RULE.lemma("act.gain.backward_rule")


def claim_ids(name: str) -> dict[str, str]:
    """The four claim ids of one activation's moments and gains."""
    return {k: f"act.gain.{name}.{k}" for k in
            ("forward_moment", "backward_moment", "forward", "backward")}


z = N(0, 1)


def _gains(name: str, mf_lhs: sp.Expr, mf: sp.Expr, mb_lhs: sp.Expr, mb: sp.Expr,
           params: tuple, using_f=(), using_b=()):
    """Steps and claims 1/sqrt(E[f(z)^2]) = 1/sqrt(mf) and 1/sqrt(E[f'(z)^2]) = 1/sqrt(mb).

    The gains are act.gain.forward_rule and act.gain.backward_rule read at the activation's
    moments; the claims state them as 1/sqrt(moment) so that no symbol fixed by those rules
    is renamed."""
    ids = claim_ids(name)
    steps = (
        Step(1 / sp.sqrt(mf_lhs), 1 / sp.sqrt(mf), because="lemma", using=using_f,
             note="act.gain.forward_rule at this activation's E[f(z)^2]."),
        Step(1 / sp.sqrt(mb_lhs), 1 / sp.sqrt(mb), because="lemma", using=using_b,
             note="act.gain.backward_rule at this activation's E[f'(z)^2]."),
    )
    claims = (
        Claim(ids["forward"], f"The forward gain of {name}: 1/sqrt(E[f(z)^2]).",
              1 / sp.sqrt(mf_lhs), 1 / sp.sqrt(mf), parameters=params, implemented_by="gain"),
        Claim(ids["backward"], f"The backward gain of {name}: 1/sqrt(E[f'(z)^2]).",
              1 / sp.sqrt(mb_lhs), 1 / sp.sqrt(mb), parameters=params, implemented_by="gain"),
    )
    return steps, claims


# ------------------------------------------------ exact: the init chapter's factors
#: the init lemmas' own hypotheses travel with them (whatever init.activation_factors lists)
_EXACT_ASSUMPTIONS = tuple(dict.fromkeys((*FORWARD_RULE.assumptions, backward_map,
                                          *ACTIVATIONS.assumptions)))
_lem = {k: ACTIVATIONS.lemma(f"init.activation.factor.{k}")
        for k in ("identity", "relu", "leaky_relu")}
_steps, _claims = [], []
for name, c_sym, lemma, fprime_sq, params in (
    ("identity", c_identity, _lem["identity"], sp.S.One, ()),
    ("relu", c_relu, _lem["relu"], sp.Piecewise((1, z > 0), (0, True)) ** 2, ()),
    ("leaky_relu", c_leaky, _lem["leaky_relu"], sp.Piecewise((1, z > 0), (slope, True)) ** 2,
     (slope,)),
):
    ids = claim_ids(name)
    c_value = lemma.equation.rhs
    mb_value = expanded(E(fprime_sq)) if name != "identity" else sp.S.One
    mb_closed = {"identity": sp.S.One, "relu": sp.Rational(1, 2),
                 "leaky_relu": (1 + slope**2) / 2}[name]
    _steps += [
        Step(c_sym, c_value, because="lemma", using=(lemma,),
             note="The forward factor E[f(h)^2]/q from the initialization chapter."),
    ]
    if name != "identity":
        _steps += [
            Step(E(fprime_sq), mb_value, because="integral", using=EXPANSION),
            Step(mb_value, mb_closed, because="lemma", using=gaussian_lemmas()),
        ]
    # the identity's slope is 1 everywhere: its backward moment is the number 1
    mb_lhs = E(fprime_sq) if name != "identity" else sp.S.One
    using_b = (*EXPANSION, *gaussian_lemmas()) if name != "identity" else ()
    s, c = _gains(name, c_sym, c_value, mb_lhs, mb_closed, params, using_f=(lemma,),
                  using_b=using_b)
    _steps += list(s)
    _claims += [
        Claim(ids["forward_moment"], f"E[f(h)^2]/q for {name} (init's factor c).", c_sym,
              c_value, parameters=params, implemented_by="gain"),
        Claim(ids["backward_moment"], f"E[f'(z)^2] for {name}.",
              E(fprime_sq) if name != "identity" else mb_closed, mb_closed, parameters=params,
              implemented_by="gain"),
        *c,
    ]
# the identity's backward moment E[1^2] = 1 needs no step: its claim is the literal 1 = 1
_claims = [c for c in _claims if not (c.id == "act.gain.identity.backward_moment")]
EXACT = Derivation(
    id="act.gain_exact",
    title="Exact gains: identity 1, ReLU $\\sqrt{2}$, leaky ReLU $\\sqrt{2/(1 + a^2)}$, both "
          "ways",
    chapter="activations",
    assumptions=_EXACT_ASSUMPTIONS,
    steps=tuple(_steps),
    claims=tuple(_claims),
    summary="The forward factors are the initialization chapter's $c$; the backward factors are "
            "the probability mass where the slope is 1 (and $a^2$ times the rest).",
)

# ------------------------------------------------------- closed forms: ELU and SELU
_sqrt_e = sp.exp(sp.Rational(1, 2))
_K = sp.exp(2) * Phi_minus_2 - 2 * _sqrt_e * Phi_minus_1 + sp.Rational(1, 2)
elu_mf = sp.Rational(1, 2) + alpha**2 * _K
elu_mb = sp.Rational(1, 2) + alpha**2 * sp.exp(2) * Phi_minus_2
selu_mf = lam01**2 * (sp.Rational(1, 2) + alpha01**2 * _K)
selu_mb = lam01**2 * (sp.Rational(1, 2) + alpha01**2 * sp.exp(2) * Phi_minus_2)
_delu = sp.Piecewise((1, z > 0), (alpha * sp.exp(z), True))
_dselu = sp.piecewise_fold(lam01 * sp.Piecewise((1, z > 0), (alpha01 * sp.exp(z), True)))
_steps, _claims = [], []
for name, f2, fp2, mf, mb, params in (
    ("elu", elu(z) ** 2, _delu**2, elu_mf, elu_mb, (alpha,)),
    ("selu", selu(z) ** 2, _dselu**2, selu_mf, selu_mb, (lam01, alpha01)),
):
    ids = claim_ids(name)
    _steps += [
        Step(E(f2), expanded(E(f2)), because="integral", using=EXPANSION),
        Step(expanded(E(f2)), mf, because="lemma", using=gaussian_lemmas()),
        Step(E(fp2), expanded(E(fp2)), because="integral", using=EXPANSION),
        Step(expanded(E(fp2)), mb, because="lemma", using=gaussian_lemmas()),
    ]
    _claims += [
        Claim(ids["forward_moment"], f"E[{name}(z)^2] for z ~ N(0, 1).", E(f2), mf,
              parameters=params, implemented_by="gain"),
        Claim(ids["backward_moment"], f"E[{name}'(z)^2] for z ~ N(0, 1).", E(fp2), mb,
              parameters=params, implemented_by="gain"),
    ]
CLOSED_MOMENTS = Derivation(
    id="act.gain_closed_moments",
    title="ELU's and SELU's Gaussian moments in closed form (erf)",
    chapter="activations",
    steps=tuple(_steps),
    claims=tuple(_claims),
    summary="On $t < 0$ the square of $\\alpha (e^t - 1)$ expands into $e^{2t}$, $e^t$ and 1: "
            "three of the six Gaussian integrals.",
)
_steps, _claims = [], []
for name, f2, fp2, mf, mb, params in (
    ("elu", elu(z) ** 2, _delu**2, elu_mf, elu_mb, (alpha,)),
    ("selu", selu(z) ** 2, _dselu**2, selu_mf, selu_mb, (lam01, alpha01)),
):
    ids = claim_ids(name)
    s, c = _gains(name, E(f2), mf, E(fp2), mb, params,
                  using_f=(CLOSED_MOMENTS.lemma(ids["forward_moment"]),),
                  using_b=(CLOSED_MOMENTS.lemma(ids["backward_moment"]),))
    _steps += list(s)
    _claims += list(c)
CLOSED = Derivation(
    id="act.gain_closed",
    title="ELU and SELU gains in closed form (erf)",
    chapter="activations",
    assumptions=(*FORWARD_RULE.assumptions, backward_map),
    steps=tuple(_steps),
    claims=tuple(_claims),
    summary="Each gain is one over the square root of a proved moment.",
)

# ---------------------------------------------- Gaussian integrals without closed form
_NUMERIC = {"tanh": (sp.tanh, dtanh), "sigmoid": (sigmoid, dsigmoid), "gelu": (gelu, dgelu),
            "silu": (silu, dsilu)}
_positive_moments = Assumption(
    "the moments are positive", "E[f(z)^2] and E[f'(z)^2] are positive for tanh, sigmoid, "
    "GELU and SiLU and their derivatives: the integrands are nonnegative and vanish only at "
    "isolated points (f(z)^2 at z = 0, f'(z)^2 where GELU' or SiLU' crosses 0), so each "
    "Gaussian integral is positive. Needed because 1/sqrt of it is taken.",
    predicates=tuple(
        sp.Q.positive(e) for name, (fn, dfn) in _NUMERIC.items()
        for e in (E(fn(z) ** 2), E(dfn(z) ** 2),
                  sp.Integral(fn(t) ** 2 * std_phi(t), (t, -sp.oo, sp.oo)),
                  sp.Integral(dfn(t) ** 2 * std_phi(t), (t, -sp.oo, sp.oo)))),
)
_steps, _claims = [], []
for name, (fn, dfn) in _NUMERIC.items():
    ids = claim_ids(name)
    mf = sp.Integral(fn(t) ** 2 * std_phi(t), (t, -sp.oo, sp.oo))
    mb = sp.Integral(dfn(t) ** 2 * std_phi(t), (t, -sp.oo, sp.oo))
    _steps += [
        Step(E(fn(z) ** 2), mf, because="integral", using=(normal_density,)),
        Step(E(dfn(z) ** 2), mb, because="integral", using=(normal_density,)),
    ]
    s, c = _gains(name, E(fn(z) ** 2), mf, E(dfn(z) ** 2), mb, (),
                  using_f=(normal_density,), using_b=(normal_density,))
    _steps += list(s)
    _claims += [
        Claim(ids["forward_moment"], f"E[{name}(z)^2] as a Gaussian integral.", E(fn(z) ** 2),
              mf, implemented_by="gain"),
        Claim(ids["backward_moment"], f"E[{name}'(z)^2] as a Gaussian integral.",
              E(dfn(z) ** 2), mb, implemented_by="gain"),
        *c,
    ]
NUMERIC = Derivation(
    id="act.gain_numeric",
    title="tanh, sigmoid, GELU and SiLU: gains as Gaussian integrals",
    chapter="activations",
    assumptions=(*FORWARD_RULE.assumptions, backward_map, _positive_moments),
    steps=tuple(_steps),
    claims=tuple(_claims),
    summary="The kernel proves which integral each gain is; the integral's value is computed "
            "(mpmath quadrature to 30 digits), not proved.",
)
