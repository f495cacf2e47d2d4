"""Batch norm's backward in slide 004's staged form, node by node of the graph.

The computational graph of one feature over a batch is
``x_i -> mu -> sigma2 -> xhat_i -> y_i -> loss``, with ``x_i`` also feeding
``sigma2`` and ``xhat_i`` directly.  Walking it backward gives the four
stages students know from slide 004 (Ioffe & Szegedy 2015, section 3):

* ``dl/dxhat_i = gamma dl/dy_i`` (written ``g_i``);
* ``dl/dsigma2 = sum_j g_j (x_j - mu) (-1/2) (sigma2 + eps)^(-3/2)``;
* ``dl/dmu = sum_j -g_j / sqrt(sigma2 + eps) + dl/dsigma2 sum_j -2 (x_j - mu)/m``,
  whose second term vanishes because the deviations sum to zero;
* ``dl/dx_i = g_i / sqrt(sigma2 + eps) + dl/dsigma2 2 (x_i - mu)/m + dl/dmu / m``,

and the last stage, with the earlier ones substituted, is the compact form of
:mod:`.backward`: ``(m g_i - sum_j g_j - xhat_i sum_j g_j xhat_j) / (m sqrt(sigma2 + eps))``.
"""

from __future__ import annotations

import sympy as sp

from ..kernel import Claim, Derivation, Step
from .forward import SUM_X, xhat
from .hypotheses import NORMALISER
from .notation import (
    IN_RANGE,
    ROOT_NAME,
    SUMS_IN_RANGE,
    beta,
    dy,
    eps,
    g,
    gamma,
    i,
    j,
    m,
    mu,
    sigma2,
    x,
)

#: the roots need sigma2 + eps > 0
HYPOTHESES: tuple = (NORMALISER,)

__all__ = ["DERIVATION"]

s = sp.sqrt(sigma2 + eps)
xh = sp.IndexedBase("xhat")

#: Stage 1: the gradient reaching xhat_i.
d_xhat_lhs = sp.Derivative(sp.Sum(dy[j] * (gamma * xh[j] + beta), (j, 1, m)), xh[i])
d_xhat = gamma * dy[i]
#: Stage 2: the gradient reaching sigma2 (through every xhat_j).
d_var_lhs = sp.Derivative(sp.Sum(g[j] * xhat(j), (j, 1, m)), sigma2)
sum_gdev = sp.Sum(g[j] * (x[j] - mu), (j, 1, m))
d_var = sp.Rational(-1, 2) * sum_gdev * (sigma2 + eps) ** sp.Rational(-3, 2)
#: Stage 3: the gradient reaching mu, directly and through sigma2.
# unevaluated, so the page shows the two paths as the slide writes them
_two_dev = sp.Mul(-2, x[j] - mu, evaluate=False)
d_mu_staged = sp.Add(sp.Sum(-g[j] / s, (j, 1, m)),
                     sp.Mul(d_var, sp.Sum(_two_dev, (j, 1, m)) / m, evaluate=False),
                     evaluate=False)
d_mu = -sp.Sum(g[j], (j, 1, m)) / s
#: Stage 4: the gradient reaching x_i: directly, through sigma2, through mu.
d_x_staged = sp.Add(g[i] / s,
                    sp.Mul(d_var, sp.Mul(2, x[i] - mu, evaluate=False) / m, evaluate=False),
                    d_mu / m, evaluate=False)
compact = (m * g[i] - sp.Sum(g[j], (j, 1, m)) - (x[i] - mu) / s * sum_gdev / s) / (m * s)

DERIVATION = Derivation(
    id="bn.backward.staged",
    title="The backward pass, stage by stage (slide 004's form)",
    chapter="bn",
    assumptions=HYPOTHESES,
    slides=("004: Backward pass",),
    references=("S. Ioffe, C. Szegedy. Batch Normalization. ICML 2015, section 3.",),
    summary="The gradient flows back through the graph one node at a time: to $\\hat{x}_i$, "
            "to $\\sigma^2$, to $\\mu$, to each $x_i$; the last stage simplifies to the "
            "compact form.",
    steps=(
        Step(d_xhat_lhs, d_xhat, because="definition", using=SUMS_IN_RANGE,
             note="Stage 1, $\\partial \\ell / \\partial \\hat{x}_i$: $y_j = \\gamma "
                  "\\hat{x}_j + \\beta$, so only the term $j = i$ depends on $\\hat{x}_i$."),
        Step(d_var_lhs, d_var, because="definition", using=(*SUMS_IN_RANGE, ROOT_NAME),
             note="Stage 2, $\\partial \\ell / \\partial \\sigma^2$: every $\\hat{x}_j$ "
                  "depends on $\\sigma^2$ through $(\\sigma^2 + \\epsilon)^{-1/2}$."),
        Step(d_mu_staged, d_mu, because="sum", using=(*SUMS_IN_RANGE, SUM_X),
             note="Stage 3, $\\partial \\ell / \\partial \\mu$: $\\mu$ reaches the loss "
                  "directly through every $\\hat{x}_j$ and through $\\sigma^2$ "
                  "($\\partial \\ell / \\partial \\sigma^2 \\cdot \\sum_j -2(x_j - \\mu)/m$); "
                  "the second path carries $\\sum_j (x_j - \\mu) = 0$."),
        Step(d_x_staged, compact, because="algebra",
             note="Stage 4, $\\partial \\ell / \\partial x_i$: $x_i$ reaches the loss "
                  "directly (factor $1/\\sqrt{\\sigma^2 + \\epsilon}$), through $\\sigma^2$ "
                  "(factor $2(x_i - \\mu)/m$) and through $\\mu$ (factor $1/m$); over a common "
                  "denominator this is the compact form, with $\\sum_j g_j \\hat{x}_j = "
                  "\\sum_j g_j (x_j - \\mu)/\\sqrt{\\sigma^2 + \\epsilon}$."),
    ),
    predicates=IN_RANGE,
    claims=(
        Claim("bn.backward.staged.dvar", "The gradient reaching the batch variance, "
              "$\\partial \\ell / \\partial \\sigma^2$",
              d_var_lhs, d_var, slide="004: Backward pass"),
        Claim("bn.backward.staged.dmu", "The gradient reaching the batch mean, "
              "$\\partial \\ell / \\partial \\mu$ (the path through $\\sigma^2$ carries 0)",
              d_mu_staged, d_mu, slide="004: Backward pass"),
        Claim("bn.backward.staged.dx", "The staged gradient $\\partial \\ell / \\partial x_i$ "
              "equals the compact form",
              d_x_staged, compact, slide="004: Backward pass"),
    ),
)
