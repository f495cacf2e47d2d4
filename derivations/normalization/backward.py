"""Batch normalisation, backward, for a symbolic batch size ``m``.

Two lemmas come from differentiating the definitions (sums over an
``IndexedBase``):

.. math::

    \\frac{\\partial \\mu}{\\partial x_i} = \\frac1m, \\qquad
    \\frac{\\partial \\sigma^2}{\\partial x_i} = \\frac{2 (x_i - \\mu)}{m}.

Then SymPy applies the chain rule to ``sum_j g_j xhat_j`` (``g_j`` is the
upstream gradient ``dl/dxhat_j``) with ``mu`` and ``sigma2`` as functions of
``x_i``; the lemmas and linearity of finite sums give the compact form

.. math::

    \\frac{\\partial \\ell}{\\partial x_i} = \\frac{1}{m\\sqrt{\\sigma^2+\\epsilon}}
    \\Big(m g_i - \\sum_j g_j - \\hat x_i \\sum_j g_j \\hat x_j\\Big),

and with ``g_j = gamma * dy_j`` batch norm's
``dx_i = gamma/(m sqrt(sigma2+eps)) (m dy_i - sum_j dy_j - xhat_i sum_j dy_j xhat_j)``,
``dgamma = sum_i dy_i xhat_i``, ``dbeta = sum_i dy_i`` (Ioffe & Szegedy 2015,
section 3).  A brute-force differentiation for concrete ``m = 2 .. 6``
checks the compact form independently.

>>> import sympy as sp
>>> dx = DERIVATION.claim("bn.backward.dx")
>>> dy_i, sum_dy, sum_dy_xhat, xhat_i = dx.parameters[:4]
>>> dx.rhs == gamma * (m * dy_i - sum_dy - xhat_i * sum_dy_xhat) / (m * sp.sqrt(sigma2 + eps))
True
"""

from __future__ import annotations

import sympy as sp

from ..kernel import Claim, Definition, Derivation, Step
from .forward import xhat
from .hypotheses import EPS_POSITIVE, NORMALISER
from .notation import (
    IN_RANGE,
    KD,
    MU,
    MU_DEFINITION,
    ROOT_NAME,
    STATISTICS_NOTATION,
    SUMS_IN_RANGE,
    VAR,
    VAR_DEFINITION,
    beta,
    dy,
    eps,
    g,
    gamma,
    i,
    j,
    m,
    mu,
    positive_name,
    sigma2,
    x,
)

__all__ = ["BRUTE_FORCE_SIZES", "CONCRETE", "DERIVATION", "LEMMAS", "backward_chain"]

#: Concrete batch sizes of the brute-force cross-check (6 costs ~0.1 s more).
BRUTE_FORCE_SIZES = tuple(range(2, 7))

def _xhat_f(q) -> sp.Expr:
    """xhat_q with mu and sigma2 as functions of x_i (for the chain rule)."""
    return (x[q] - MU) / sp.sqrt(VAR + eps)


dmu, dvar = sp.Derivative(MU, x[i]), sp.Derivative(VAR, x[i])

LEMMAS = Derivation(
    id="bn.backward.lemmas",
    title="The derivatives of the batch statistics",
    chapter="bn",
    slides=("000", "004"),
    summary="Differentiating the definitions as sums: $\\partial \\mu/\\partial x_i = 1/m$, "
            "$\\partial \\sigma^2/\\partial x_i = 2(x_i - \\mu)/m$.",
    steps=(
        Step(dmu, sp.Sum(KD(i, j), (j, 1, m)) / m, 1 / m, because="definition",
             using=(MU_DEFINITION, *SUMS_IN_RANGE)),
        Step(dvar, 2 * (x[i] - MU) / m, because="definition",
             using=(VAR_DEFINITION, MU_DEFINITION, *SUMS_IN_RANGE),
             note="The term -(2/m^2) sum_k (x_k - mu) vanishes: deviations sum to zero."),
    ),
    predicates=IN_RANGE,
    claims=(
        Claim("bn.backward.dmu", "dmu/dx_i = 1/m", dmu, 1 / m),
        Claim("bn.backward.dvar", "dsigma2/dx_i = 2(x_i - mu)/m (biased variance: m, not m-1)",
              dvar, 2 * (x[i] - MU) / m),
    ),
)
DMU, DVAR = LEMMAS.lemma("bn.backward.dmu"), LEMMAS.lemma("bn.backward.dvar")


def _abbreviations(h, names: tuple[str, str, str]):
    """Symbols for h_i, sum_j h_j and sum_j h_j xhat_j, and the definitions that name them."""
    h_i, s_h, s_hx = (sp.Symbol(n, real=True) for n in names)
    xhat_i = sp.Symbol("xhat_i", real=True)
    table = {h_i: h(i), s_h: sp.Sum(h(j), (j, 1, m)), s_hx: sp.Sum(h(j) * xhat(j), (j, 1, m)),
             xhat_i: xhat(i)}
    rule = tuple(Definition(sym, expr, "an abbreviation (for the numeric oracle)")
                 for sym, expr in table.items())
    return (h_i, s_h, s_hx, xhat_i), rule


def backward_chain(h, loss, names: tuple[str, str, str], factor=sp.S.One):
    """The steps from d(loss)/dx_i to the compact form, for upstream weights h_j = dl/dxhat_j.

    ``loss`` is ``sum_j dy_j y_j`` written with the statistics as functions of
    ``x_i``, so its derivative is the vector-Jacobian product of the layer.
    ``factor`` is a constant of every ``h_j`` (``gamma`` for batch norm) that
    the last step pulls out.  Returns ``(lhs, steps, compact)``.
    """
    lhs = sp.Derivative(loss, x[i])
    s = sp.sqrt(VAR + eps)
    chain = (h(i) / s - dmu * sp.Sum(h(j), (j, 1, m)) / s
             - dvar * sp.Sum(h(j) * (x[j] - MU), (j, 1, m)) / (2 * s**3))
    s_ = sp.sqrt(sigma2 + eps)
    substituted = (h(i) / s_ - sp.Sum(h(j), (j, 1, m)) / (m * s_)
                   - (x[i] - mu) * sp.Sum(h(j) * (x[j] - mu), (j, 1, m)) / (m * s_**3))
    summed = (m * h(i) - sp.Sum(h(j), (j, 1, m))
              - xhat(i) * sp.Sum(h(j) * xhat(j), (j, 1, m))) / (m * s_)
    (h_i, s_h, s_hx, xhat_i), abbrev = _abbreviations(lambda q: h(q) / factor, names)
    compact = factor * (m * h_i - s_h - xhat_i * s_hx) / (m * s_)
    steps = (
        Step(lhs, chain, because="chain rule", using=SUMS_IN_RANGE,
             note="SymPy differentiates through mu(x_i) and sigma2(x_i)."),
        Step(chain, substituted, because="lemma",
             using=(DMU, DVAR, STATISTICS_NOTATION, *SUMS_IN_RANGE, ROOT_NAME),
             note="dmu/dx_i = 1/m and dsigma2/dx_i = 2(x_i - mu)/m."),
        Step(substituted, summed, because="algebra", using=(*SUMS_IN_RANGE, ROOT_NAME),
             note="(x_j - mu)/sqrt(sigma2 + eps) is xhat_j."),
        Step(summed, compact, because="definition", using=(*abbrev, *SUMS_IN_RANGE, ROOT_NAME)),
    )
    return lhs, steps, compact, (h_i, s_h, s_hx, xhat_i)


# ---- the general normalisation: upstream gradient g_j = dl/dxhat_j
_g_lhs, _g_steps, _g_compact, _g_par = backward_chain(
    lambda q: g[q], sp.Sum(g[j] * _xhat_f(j), (j, 1, m)), ("g_i", "sum_g", "sum_g_xhat"))

# ---- batch norm: y_j = gamma xhat_j + beta, so dl/dxhat_j = gamma dy_j
_bn_loss = sp.Sum(dy[j] * (gamma * _xhat_f(j) + beta), (j, 1, m))
_dx_lhs, _dx_steps, _dx_compact, _dx_par = backward_chain(
    lambda q: gamma * dy[q], _bn_loss, ("dy_i", "sum_dy", "sum_dy_xhat"), factor=gamma)
_sum_dy, _sum_dy_xhat = _dx_par[1], _dx_par[2]
_loss_s = sp.Sum(dy[j] * (gamma * xhat(j) + beta), (j, 1, m))
_dgamma_lhs, _dbeta_lhs = sp.Derivative(_loss_s, gamma), sp.Derivative(_loss_s, beta)
_abbrev_sums = (
    Definition(_sum_dy, sp.Sum(dy[j], (j, 1, m)), "an abbreviation (for the numeric oracle)"),
    Definition(_sum_dy_xhat, sp.Sum(dy[j] * xhat(j), (j, 1, m)),
               "an abbreviation (for the numeric oracle)"))

DERIVATION = Derivation(
    id="bn.backward",
    assumptions=(NORMALISER,),
    title="The backward pass for a symbolic batch size",
    chapter="bn",
    slides=("000", "004"),
    references=("S. Ioffe, C. Szegedy. Batch Normalization. ICML 2015, section 3.",
                "F. Kratzert. Understanding the backward pass through Batch Normalization "
                "Layer, 2016."),
    summary="The chain rule through $\\mu$ and $\\sigma^2$ to the compact form of $\\partial "
            "\\ell/\\partial x$; $\\partial \\ell/\\partial \\gamma$ and $\\partial "
            "\\ell/\\partial \\beta$.",
    steps=(*_g_steps, *_dx_steps,
           Step(_dgamma_lhs, sp.Sum(dy[j] * xhat(j), (j, 1, m)), _sum_dy_xhat,
                because="definition", using=(*_abbrev_sums, *SUMS_IN_RANGE)),
           Step(_dbeta_lhs, sp.Sum(dy[j], (j, 1, m)), _sum_dy, because="definition",
                using=(*_abbrev_sums, *SUMS_IN_RANGE))),
    predicates=IN_RANGE,
    claims=(
        Claim("bn.normalize.backward",
              "For any normalisation group with dl/dxhat_j = g_j: dx_i = (m g_i - sum g - "
              "xhat_i sum g xhat)/(m sqrt(sigma2 + eps)).",
              _g_lhs, _g_compact, parameters=(*_g_par, sigma2, eps, m)),
        Claim("bn.backward.dx",
              "dx_i = gamma/(m sqrt(sigma2+eps)) (m dy_i - sum_j dy_j - xhat_i sum_j dy_j xhat_j)",
              _dx_lhs, _dx_compact, parameters=(*_dx_par, gamma, sigma2, eps, m),
              slide="004", implemented_by="batchnorm_backward"),
        Claim("bn.backward.dgamma", "dgamma = sum_i dy_i xhat_i", _dgamma_lhs, _sum_dy_xhat,
              parameters=(_sum_dy_xhat,), slide="004", implemented_by="batchnorm_backward"),
        Claim("bn.backward.dbeta", "dbeta = sum_i dy_i", _dbeta_lhs, _sum_dy,
              parameters=(_sum_dy,), slide="004", implemented_by="batchnorm_backward"),
    ),
)


# ---- the independent cross-check: brute force for concrete m
def _concrete_step(size: int) -> Step:
    xs = sp.symbols(f"x1:{size + 1}", real=True)
    dys = sp.symbols(f"dy1:{size + 1}", real=True)
    mean = sum(xs) / size
    var = sum((q - mean) ** 2 for q in xs) / size
    s = sp.sqrt(var + eps)
    loss = sum(d * (gamma * (q - mean) / s + beta) for d, q in zip(dys, xs, strict=True))
    xh = [(q - mean) / s for q in xs]
    compact = gamma / (size * s) * (size * dys[0] - sum(dys)
                                    - xh[0] * sum(d * h for d, h in zip(dys, xh, strict=True)))
    name = positive_name(var + eps, sp.Symbol(f"T_{size}", positive=True),
                         f"sigma2 + eps (m = {size})")
    return Step(sp.Derivative(loss, xs[0]), compact, because="enumeration", using=(name,),
                note=f"m = {size}: differentiate the explicit loss by x_1.")


CONCRETE = Derivation(
    id="bn.backward.concrete",
    assumptions=(EPS_POSITIVE,),
    title="Cross-check: brute-force differentiation for $m = 2, \\dots, 6$",
    chapter="bn",
    summary="The compact $\\partial \\ell/\\partial x$ equals the derivative of the fully "
            "written-out forward pass for every batch size from 2 to 6.",
    steps=tuple(_concrete_step(size) for size in BRUTE_FORCE_SIZES),
)
