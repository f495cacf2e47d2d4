"""The ensemble view: dropout trains 2^n networks with shared weights.

A mask ``m`` in ``{0, 1}^n`` selects a subnetwork; it is drawn with
probability ``pi(m) = prod_i (1-p)^{m_i} p^{1-m_i}``.  Averaging the ``2^n``
subnetworks with these weights is taking the expectation over the mask.

*A linear output.*  The average of the subnetworks equals one network with
the weights scaled by the keep probability (classic dropout's test-time
network), exactly: ``sum_m pi(m) sum_i m_i x_i W_ij = (1-p) sum_i x_i W_ij``
(by enumeration for ``n = 3``, by linearity for every ``n``).  Under inverted
dropout the subnetworks carry ``1/(1-p)`` and the average is the plain
test-time network ``x W``.

*A softmax output.*  Softmax is not linear, and the arithmetic mean of the
subnetworks' predictions is *not* the prediction of the scaled network.  The
normalised weighted geometric mean (NWGM) is: its log-odds between classes
``c`` and ``e`` are ``E_m[log P_c(m) - log P_e(m)] = E_m[z_c(m) - z_e(m)] =
(1-p)(z_c - z_e)``, the log-odds of ``softmax((1-p) z)``, and a distribution
is fixed by its log-odds (Baldi and Sadowski, 2013).

An exact counterexample for the arithmetic mean (one input, two classes,
``p = 1/4``, the kept input contributes logits ``(log 4, 0)``): the NWGM and
the scaled network give ``2 sqrt(2)/(1 + 2 sqrt(2)) = 0.73879...``, the
arithmetic mean ``p/2 + (1-p) 4/5 = 29/40 = 0.725``.

>>> ARITHMETIC_EXAMPLE.rhs
29/40
>>> GEOMETRIC_EXAMPLE.rhs
2*sqrt(2)/(1 + 2*sqrt(2))

Reference: P. Baldi and P. Sadowski, "Understanding dropout", NIPS 2013;
Srivastava et al., JMLR 15 (2014), section 7 (weight scaling as an
approximate model average).
"""

from __future__ import annotations

from itertools import product

import sympy as sp

from ..expectation import E
from ..kernel import Claim, Derivation, Step
from ..sums import expectation_linearity
from .common import Dv, W, bernoulli, drop_rate, i, n, p, q, x_

__all__ = ["ARITHMETIC_EXAMPLE", "DERIVATION", "EXAMPLE", "GEOMETRIC_EXAMPLE",
           "mask_probability"]

c, e = sp.symbols("c e", integer=True, positive=True)
S = sp.Symbol("S", positive=True)  # the softmax normaliser of a subnetwork (random)


def mask_probability(mask, drop=p) -> sp.Expr:
    """``pi(m) = prod_i (1 - p)^{m_i} p^{1 - m_i}``, the probability of a keep mask."""
    return sp.Mul(*((1 - drop) if keep else drop for keep in mask))


# --- a linear output, n = 3, by enumeration over the 8 masks
_xs = sp.symbols("x_1:4", real=True)
_ws = sp.symbols("w_1:4", real=True)
_masks = list(product((0, 1), repeat=3))
_average3 = sp.Add(*(mask_probability(mk) * sum(mi * xi * wi for mi, xi, wi
                                                  in zip(mk, _xs, _ws, strict=True))
                     for mk in _masks), evaluate=False)
_scaled3 = q * sum(xi * wi for xi, wi in zip(_xs, _ws, strict=True))

# --- a linear output, every n, by linearity
_lin = expectation_linearity([Dv])
_logit = sp.Sum(Dv[i] * x_[i] * W[i, c], (i, 1, n))
_logit_e = sp.Sum(Dv[i] * x_[i] * W[i, e], (i, 1, n))
_scaled = q * sp.Sum(x_[i] * W[i, c], (i, 1, n))

# --- a softmax output, every n: log-odds of the NWGM against the scaled network
_log_odds_nwgm = E(sp.log(sp.exp(_logit) / S)) - E(sp.log(sp.exp(_logit_e) / S))
_log_odds_value = q * sp.Sum(x_[i] * (W[i, c] - W[i, e]), (i, 1, n))
Z = sp.Symbol("Z", positive=True)  # the softmax normaliser of the scaled network
_zc, _ze = (sp.Sum(x_[i] * W[i, col], (i, 1, n)) for col in (c, e))
_log_odds_scaled = sp.log(sp.exp(q * _zc) / Z) - sp.log(sp.exp(q * _ze) / Z)

# --- the exact example: one input, two classes
EXAMPLE = {"p": sp.Rational(1, 4), "kept_logits": (sp.log(4), sp.S.Zero)}


def _example():
    drop = EXAMPLE["p"]
    kept = [sp.exp(z) / sum(sp.exp(u) for u in EXAMPLE["kept_logits"])
            for z in EXAMPLE["kept_logits"]]
    dropped = [sp.Rational(1, 2)] * 2
    arithmetic = drop * dropped[0] + (1 - drop) * kept[0]
    geo = [dropped[k] ** drop * kept[k] ** (1 - drop) for k in range(2)]
    nwgm = geo[0] / (geo[0] + geo[1])
    scaled = [sp.exp((1 - drop) * z) for z in EXAMPLE["kept_logits"]]
    return arithmetic, nwgm, scaled[0] / (scaled[0] + scaled[1])


_am, _nwgm, _softmax_scaled = _example()
_exact = 2 * sp.sqrt(2) / (1 + 2 * sp.sqrt(2))

ARITHMETIC_EXAMPLE = Claim(
    "dropout.ensemble.arithmetic_mean",
    "The arithmetic mean of the subnetworks' softmax predictions is not the scaled "
    "network's: in the example it is 29/40 = 0.725, against 2 sqrt(2)/(1 + 2 sqrt(2)) = "
    "0.7388 for softmax((1-p) z).", _am, sp.Rational(29, 40), implemented_by="dropout_forward")
GEOMETRIC_EXAMPLE = Claim(
    "dropout.ensemble.geometric_mean_example",
    "In the example the NWGM equals softmax((1-p) z): 2 sqrt(2)/(1 + 2 sqrt(2)).",
    _nwgm, _exact, implemented_by="dropout_forward")

DERIVATION = Derivation(
    id="dropout.ensemble",
    title="The ensemble of $2^n$ subnetworks: exact for a linear output, geometric for softmax",
    chapter="dropout",
    assumptions=(drop_rate,),
    slides=("001", "004"),
    references=("Baldi and Sadowski, NIPS 2013", "Srivastava et al., JMLR 15 (2014)"),
    summary="The probability-weighted average over all $2^n$ masks is the expectation over the "
            "mask: for a linear layer it is the weight-scaled network; for softmax the "
            "normalised geometric mean equals the softmax of the scaled logits, the arithmetic "
            "mean does not.",
    steps=(
        Step(_average3, _scaled3, because="enumeration",
             note="All 8 masks of n = 3 inputs, each with its probability."),
        Step(E(sp.Sum(Dv[i] * x_[i] * W[i, c], (i, 1, n))), _scaled, because="linearity",
             using=(_lin, bernoulli)),
        Step(_log_odds_nwgm, E(_logit - _logit_e), because="linearity",
             using=(expectation_linearity([Dv, S]),),
             note="log(exp(z_c)/S) - log(exp(z_e)/S) = z_c - z_e: the normaliser cancels."),
        Step(E(_logit - _logit_e), _log_odds_value, because="linearity",
             using=(_lin, bernoulli)),
        Step(_log_odds_scaled, _log_odds_value, because="algebra"),
        Step(_am, sp.Rational(29, 40), because="enumeration"),
        Step(_nwgm, _exact, because="enumeration"),
        Step(_softmax_scaled, _exact, because="algebra"),
    ),
    claims=(
        Claim("dropout.ensemble.linear_enumeration",
              "n = 3, all 8 masks: sum_m pi(m) sum_i m_i x_i w_i = (1-p) sum_i x_i w_i.",
              _average3, _scaled3, implemented_by="dropout_forward"),
        Claim("dropout.ensemble.linear",
              "For every n, the average of the 2^n subnetworks of a linear layer is the "
              "network with weights scaled by 1 - p (inverted dropout: the plain x W).",
              E(sp.Sum(Dv[i] * x_[i] * W[i, c], (i, 1, n))), _scaled,
              implemented_by="dropout_forward"),
        Claim("dropout.ensemble.geometric_mean",
              "The normalised weighted geometric mean of the 2^n softmax predictions has the "
              "log-odds of softmax((1-p) z), so it is softmax((1-p) z).",
              _log_odds_nwgm, _log_odds_scaled, implemented_by="dropout_forward"),
        GEOMETRIC_EXAMPLE,
        ARITHMETIC_EXAMPLE,
    ),
)
