"""The slides checked by the machine: slide 004's backward pass and two other formulas.

Slide 004 writes the backward pass of batch norm with ``m - 1`` where its
own forward pass (the biased variance, ``1/m``) needs ``m``.  Step by step:

* ``dl/dxhat_i = dl/dy_i * gamma`` -- verified (``bn.slide004.dxhat``);
* ``dl/dsigma2 = sum_i dl/dxhat_i (x_i - mu) (-1/2) (sigma2 + eps)^(-3/2)`` -- verified
  (``bn.slide004.dvar``);
* ``dl/dmu = sum_i dl/dxhat_i (-1/sqrt(sigma2 + eps)) + dl/dsigma2 * sum_i -2(x_i - mu)/(m-1)``
  -- the ``m - 1`` is *harmless*: it multiplies ``sum_i (x_i - mu) = 0``
  (``bn.slide004.dmu_harmless``);
* ``dl/dx_i = ... + dl/dsigma2 * 2(x_i - mu)/(m - 1) + dl/dmu / m`` -- *wrong*
  (erratum ``bn.slide004.dx_m_minus_1``): the error is
  ``dl/dsigma2 * 2 (x_i - mu) / (m (m - 1))``; on the batch ``x = (0, 2)``,
  ``dy = (1, 0)``, ``gamma = 1``, ``eps = 0`` the slide gives ``dx_1 = -1/2``
  where the true gradient is ``0``.  The wrong gradient still sums to zero
  over the batch, so only a check of ``sum_i dx_i xhat_i`` or a gradient
  check finds it.  In fact the slide's chain is the *exact* gradient of a
  forward pass that normalises with the unbiased variance ``1/(m-1)``: the
  backward pass belongs to a different forward pass than the one on the slide.
* ``dgamma`` and ``dbeta`` -- verified (``bn.backward.dgamma``, ``bn.backward.dbeta``).

Verified elsewhere and not errata: slide 000's algorithm and its inference
form ``y = gamma/sqrt(D+eps) x + (beta - gamma E/sqrt(D+eps))``
(``bn.inference.affine``) and moving average (``bn.running.keras_momentum``);
slide 003's statement that PyTorch normalises with the biased variance and
stores the unbiased one (``bn.running.unbiased_var``).

Not checked: slide 002's "Unsensitive to weights" formula is unreadable in
the text extraction of the slide (its scale factors and parentheses are
lost), so no erratum is claimed for it; what it states in words, that
weights scaled by ``k`` leave the output unchanged up to ``eps``, is proved
as ``bn.consequences.affine_input`` and ``bn.consequences.weight_scale_grad``.

>>> SLIDE004_DX.values()
(-1/2, 0)
"""

from __future__ import annotations

import sympy as sp

from ..kernel import Claim, Derivation, Erratum, Step
from .forward import SUM_X, xhat
from .hypotheses import BATCH_OF_TWO, NORMALISER
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

__all__ = ["DERIVATION", "ERRATA", "SLIDE004_DX"]

s = sp.sqrt(sigma2 + eps)
d_var, d_mu, g_i, x_i = sp.symbols("dl_dsigma2 dl_dmu g_i x_i", real=True)
xh = sp.IndexedBase("xhat")

slide_dxhat = dy[i] * gamma
slide_dvar = sp.Sum(g[j] * (x[j] - mu) * sp.Rational(-1, 2) * (sigma2 + eps) ** sp.Rational(-3, 2),
                    (j, 1, m))
slide_dmu = (sp.Sum(g[j] * (-1 / s), (j, 1, m))
             + d_var * sp.Sum(-2 * (x[j] - mu), (j, 1, m)) / (m - 1))
paper_dmu = sp.Sum(-g[j] / s, (j, 1, m))

DERIVATION = Derivation(
    id="bn.slide004",
    assumptions=(NORMALISER, BATCH_OF_TWO),
    title="Slide 004's backward pass, step by step",
    chapter="bn",
    slides=("004",),
    summary="$\\partial \\ell/\\partial \\hat{x}$ and $\\partial \\ell/\\partial \\sigma^2$ are "
            "right; the $m - 1$ in $\\partial \\ell/\\partial \\mu$ is harmless; the $m - 1$ in "
            "$\\partial \\ell/\\partial x_i$ is wrong.",
    steps=(
        Step(sp.Derivative(sp.Sum(dy[j] * (gamma * xh[j] + beta), (j, 1, m)), xh[i]), slide_dxhat,
             because="definition", using=SUMS_IN_RANGE),
        Step(sp.Derivative(sp.Sum(g[j] * xhat(j), (j, 1, m)), sigma2), slide_dvar,
             because="definition", using=(*SUMS_IN_RANGE, ROOT_NAME)),
        Step(slide_dmu, paper_dmu, because="sum", using=(*SUMS_IN_RANGE, SUM_X),
             note="sum_j (x_j - mu) = 0, so the factor 1/(m-1) multiplies zero."),
    ),
    predicates=IN_RANGE,
    claims=(
        Claim("bn.slide004.dxhat", "dl/dxhat_i = dl/dy_i * gamma (slide 004, verified)",
              sp.Derivative(sp.Sum(dy[j] * (gamma * xh[j] + beta), (j, 1, m)), xh[i]),
              slide_dxhat, slide="004"),
        Claim("bn.slide004.dvar", "slide 004's dl/dsigma2 (verified)",
              sp.Derivative(sp.Sum(g[j] * xhat(j), (j, 1, m)), sigma2), slide_dvar, slide="004"),
        Claim("bn.slide004.dmu_harmless",
              "slide 004's dl/dmu with m-1 equals -sum_j g_j/sqrt(sigma2+eps): the m-1 is harmless",
              slide_dmu, paper_dmu, slide="004"),
    ),
)

# ---- errata: each with a counterexample the machine evaluates
root = sp.Symbol("s", positive=True)  # s = sqrt(sigma2 + eps)
_batch = {g_i: 1, x_i: 0, mu: 1, root: 1, m: 2,  # x = (0, 2), dy = (1, 0), gamma = 1, eps = 0
          d_var: sp.Rational(1, 2), d_mu: -1}
SLIDE004_DX = Erratum(
    id="bn.slide004.dx_m_minus_1",
    slide="004",
    quote="dl/dx_i = dl/dxhat_i * 1/sqrt(sigma_B^2 + eps) + dl/dsigma_B^2 * 2(x_i - mu_B)/(m-1) "
          "+ dl/dmu_B * 1/m",
    problem="The forward pass uses the biased variance (1/m), so dsigma2/dx_i = 2(x_i - mu)/m; "
            "m-1 overstates the variance term by m/(m-1). At x = (0, 2), dy = (1, 0), gamma = 1, "
            "eps = 0 (so dl/dsigma2 = 1/2, dl/dmu = -1) the slide gives dx_1 = -1/2; the true "
            "gradient is 0.",
    slide_expr=g_i / root + d_var * 2 * (x_i - mu) / (m - 1) + d_mu / m,
    correct_expr=g_i / root + d_var * 2 * (x_i - mu) / m + d_mu / m,
    at=_batch,
)
h_hat = sp.Symbol("hhat", real=True)
SWAP = Erratum(
    id="bn.slide004.beta_gamma_swap",
    slide="004",
    quote="На выход будем выдавать beta * hhat + gamma",
    problem="A naming inconsistency, not a mathematical error: the slide's prose names the "
            "scale beta and the shift gamma, while the algorithm on the same slide (line 433: "
            "y_i = gamma xhat_i + beta) and the paper and PyTorch name the scale gamma and the "
            "shift beta. Read with the usual names and initialisation (gamma = 1, beta = 0) the "
            "prose's layer would output the constant 1: at hhat = 0 it gives 1 where "
            "gamma hhat + beta gives 0.",
    slide_expr=beta * h_hat + gamma,
    correct_expr=gamma * h_hat + beta,
    at={h_hat: 0, gamma: 1, beta: 0},
    kind="notation",
)
d_ = sp.Symbol("delta", real=True)  # the difference x_1 - x_2 of the two batch values
sig = sp.Symbol("sigma", positive=True)
_density = sp.exp(-(d_**2) / (4 * sig**2)) / sp.sqrt(4 * sp.pi * sig**2)  # delta ~ N(0, 2 sigma^2)
STD_EMA = Erratum(
    id="bn.slide004.ema_of_std",
    slide="004",
    quote="sigma_h = alpha * s_batch + (1 - alpha) * sigma_h",
    problem="A moving average of batch standard deviations converges to E[s] = c4(m) sigma, "
            "not sigma (Jensen: E sqrt(V) < sqrt(E V)). For m = 2 Gaussian inputs, with the "
            "unbiased s = |x_1 - x_2|/sqrt(2), E[s] = sqrt(2/pi) sigma = 0.80 sigma. PyTorch "
            "averages the unbiased variance, whose expectation is sigma^2 "
            "(bn.running.unbiased_var). The bias shrinks with the batch size, roughly like "
            "c4(m) ~ 1 - 1/(4m) for Gaussian inputs, but never vanishes.",
    slide_expr=2 * sp.Integral(d_ / sp.sqrt(2) * _density, (d_, 0, sp.oo)),
    correct_expr=sig,
    at={sig: 1},
)

ERRATA = (SLIDE004_DX, SWAP, STD_EMA)
