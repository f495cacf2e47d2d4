"""What the backward formula implies: three properties a gradient check can test exactly.

With ``g_j = dl/dxhat_j`` (``gamma dy_j`` for batch norm) and the compact
``dx_i`` of :mod:`.backward`:

* ``sum_i dx_i = 0`` -- the gradient has no component along a shift of the
  whole group, because the output does not change when every input moves
  by the same amount;
* ``sum_i dx_i xhat_i = eps / (sigma2 + eps)^(3/2) * sum_j g_j xhat_j`` --
  zero only when ``eps = 0`` (then the output ignores a rescaling of the
  group too);
* ``BN_eps(a x + b) = BN_(eps/a^2)(x)`` for ``a > 0``: so scaling the
  weights before batch norm by ``k`` leaves the output unchanged up to
  ``eps`` (slide 002, "unsensitive to weights") and divides the gradient by
  ``k``: ``dx(k x; eps) = dx(x; eps/k^2) / k``.

>>> DERIVATION.claim("bn.consequences.sum_dx_xhat").rhs
epsilon*sum_g_xhat/(epsilon + sigma2)**(3/2)
"""

from __future__ import annotations

import sympy as sp

from ..kernel import Assumption, Claim, Definition, Derivation, Lemma, Step
from .forward import SUM_X, xhat
from .hypotheses import NORMALISER, SPREAD
from .notation import (
    MU_DEFINITION,
    ROOT_NAME,
    SUMS,
    VAR_DEFINITION,
    eps,
    g,
    i,
    j,
    k,
    m,
    mu,
    sigma2,
    x,
)

__all__ = ["DERIVATION", "dx"]

a, b, kk = sp.symbols("a b k", positive=True)
a_shift = sp.Symbol("b", real=True)
sum_g_xhat = sp.Symbol("sum_g_xhat", real=True)


def dx(q, var=sigma2, epsilon=eps, h=None, xh=None) -> sp.Expr:
    """The compact dx_q for upstream weights h (default g) -- the form proved in .backward."""
    h = h or (lambda r: g[r])
    xh = xh or xhat
    return (m * h(q) - sp.Sum(h(j), (j, 1, m))
            - xh(q) * sp.Sum(h(j) * xh(j), (j, 1, m))) / (m * sp.sqrt(var + epsilon))


sum_sq_expanded = sp.Sum(x[j] ** 2, (j, 1, m))
#: step 1 proves it; as a Lemma of that step (not a trusted Axiom) it rewrites step 3
SUM_X2 = Lemma("bn.consequences.sum_x2", sp.Eq(sum_sq_expanded, m * sigma2 + m * mu**2),
               "bn.consequences.sum_x2")
abbrev = Definition(sum_g_xhat, sp.Sum(g[j] * xhat(j), (j, 1, m)), "sum_g_xhat = sum_j g_j xhat_j")

# ---- the statistics of a x + b
mean_aff = sp.Sum(a * x[j] + a_shift, (j, 1, m)) / m
var_aff = sp.Sum((a * x[j] + a_shift - (a * mu + a_shift)) ** 2, (j, 1, m)) / m
xhat_aff = ((a * x[i] + a_shift) - (a * mu + a_shift)) / sp.sqrt(a**2 * sigma2 + eps)

# ---- the gradient for inputs scaled by k (sigma2 -> k^2 sigma2, xhat unchanged at eps/k^2)
_dy_i, _s_dy, _s_dyx, _xh_i, _gm = sp.symbols("dy_i sum_dy sum_dy_xhat xhat_i gamma", real=True)


def _dx_sym(var, epsilon):
    return _gm * (m * _dy_i - _s_dy - _xh_i * _s_dyx) / (m * sp.sqrt(var + epsilon))


positive_scale = Assumption("positive scale", "a > 0 and k > 0", predicates=(sp.Q.positive(a),
                                                                             sp.Q.positive(kk)))

DERIVATION = Derivation(
    id="bn.consequences",
    title="Consequences: invariances of the output and constraints on the gradient",
    chapter="bn",
    slides=("002",),
    references=("S. Ioffe, C. Szegedy. Batch Normalization. ICML 2015, section 3.3.",),
    summary="$\\sum_i \\partial \\ell/\\partial x_i = 0$; $\\sum_i \\hat{x}_i\\, \\partial "
            "\\ell/\\partial x_i = \\epsilon (\\sigma^2 + \\epsilon)^{-3/2} \\sum_j g_j "
            "\\hat{x}_j$; $\\operatorname{BN}_{\\epsilon}(a x + b) = "
            "\\operatorname{BN}_{\\epsilon/a^2}(x)$; weights scaled by $k$ divide the gradient "
            "by $k$.",
    assumptions=(positive_scale, NORMALISER, SPREAD),
    steps=(
        Step(sum_sq_expanded, m * sigma2 + m * mu**2, because="definition",
             using=(VAR_DEFINITION, MU_DEFINITION, *SUMS)),
        Step(sp.Sum(dx(k), (k, 1, m)), sp.S.Zero, because="sum",
             using=(*SUMS, SUM_X, ROOT_NAME),
             note="sum_i xhat_i = 0 removes the last term; the first two cancel."),
        Step(sp.Sum(dx(k) * xhat(k), (k, 1, m)),
             eps * sum_g_xhat / (sigma2 + eps) ** sp.Rational(3, 2),
             because="sum", using=(abbrev, *SUMS, SUM_X, SUM_X2, ROOT_NAME),
             note="sum_i xhat_i^2 = m sigma2/(sigma2 + eps), not m."),
        Step(mean_aff, a * mu + a_shift, because="sum", using=(MU_DEFINITION, *SUMS)),
        Step(var_aff, a**2 * sigma2, because="sum",
             using=(VAR_DEFINITION, MU_DEFINITION, *SUMS)),
        Step(xhat_aff, (x[i] - mu) / sp.sqrt(sigma2 + eps / a**2), because="algebra"),
        Step(_dx_sym(kk**2 * sigma2, eps), _dx_sym(sigma2, eps / kk**2) / kk, because="algebra",
             note="The inputs k h have variance k^2 sigma2 and, at eps/k^2, the same xhat."),
    ),
    claims=(
        Claim("bn.consequences.sum_x2", "sum_j x_j^2 = m sigma2 + m mu^2 (used by step 3)",
              sum_sq_expanded, m * sigma2 + m * mu**2),
        Claim("bn.consequences.sum_dx", "sum_i dx_i = 0 in every normalisation group",
              sp.Sum(dx(k), (k, 1, m)), sp.S.Zero, implemented_by="batchnorm_backward"),
        Claim("bn.consequences.sum_dx_xhat",
              "sum_i dx_i xhat_i = eps/(sigma2 + eps)^(3/2) * sum_j g_j xhat_j (0 only if eps = 0)",
              sp.Sum(dx(k) * xhat(k), (k, 1, m)),
              eps * sum_g_xhat / (sigma2 + eps) ** sp.Rational(3, 2),
              parameters=(sum_g_xhat, sigma2, eps), implemented_by="batchnorm_backward"),
        Claim("bn.consequences.affine_input",
              "For a > 0 the normalised value of a x + b at eps is that of x at eps/a^2.",
              xhat_aff, (x[i] - mu) / sp.sqrt(sigma2 + eps / a**2),
              implemented_by="batchnorm_forward"),
        Claim("bn.consequences.weight_scale_grad",
              "Inputs scaled by k > 0 (weights scaled by k): dx(k h; eps) = dx(h; eps/k^2)/k, "
              "so the weight gradient x^T dh is divided by k.",
              _dx_sym(kk**2 * sigma2, eps), _dx_sym(sigma2, eps / kk**2) / kk,
              slide="002", implemented_by="batchnorm_backward"),
    ),
)
