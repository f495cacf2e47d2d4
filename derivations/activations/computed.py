"""The gains evaluated: proved closed forms to 20 digits, Gaussian integrals by quadrature.

This module computes; it proves nothing.  The kernel proved (in
:mod:`derivations.activations.gains`) that each moment *is* a given
expression: an exact number (identity, ReLU, leaky ReLU), a closed form in
``erf`` (ELU, SELU), or a one-dimensional Gaussian integral with no closed form
(tanh, sigmoid, GELU, SiLU).  Here each expression is evaluated: closed forms
by ``sympy.N`` at 20 digits; integrals by ``mpmath.quad`` (tanh-sinh, split
at 0, 20 digits), cross-checked against ``scipy.integrate.quad`` in double
precision, and the relative disagreement is recorded with the value.

PyTorch's ``calculate_gain`` table is set beside the derived gains, with what
each of its values actually preserves: the fixed point ``q*(g) > 0`` of the
variance map ``q -> g^2 E[f(sqrt(q) z)^2]`` (``None`` when the variance
decays to 0) and the per-layer gradient factor ``chi = g^2 E[f'(h)^2]`` at it
(Poole et al. 2016; ``chi > 1`` gradients grow, ``< 1`` they vanish).

>>> mp.nstr(row("relu").forward_gain, 15)
'1.4142135623731'
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import mpmath as mp
import sympy as sp

from .common import t
from .gains import NAMES, claim_ids
from .selu import ALPHA, LAMBDA, alpha01, lam01

__all__ = ["DEFAULTS", "TORCH_GAINS", "GainRow", "Moment", "fixed_point", "moment", "row",
           "table"]

#: the activations' options at which the table is evaluated (PyTorch's defaults)
DEFAULTS: dict[str, dict[str, float]] = {"leaky_relu": {"a": 0.01}, "elu": {"alpha": 1.0}}
#: PyTorch 2.x ``torch.nn.init.calculate_gain`` (None: it raises "Unsupported nonlinearity")
TORCH_GAINS: dict[str, float | None] = {
    "identity": 1.0, "relu": math.sqrt(2.0), "leaky_relu": math.sqrt(2.0 / (1 + 0.01**2)),
    "elu": None, "selu": 0.75, "tanh": 5.0 / 3, "sigmoid": 1.0, "gelu": None, "silu": None,
}
DPS = 20


@dataclass(frozen=True)
class Moment:
    """One evaluated moment: the claim, its value as a 20-digit string and how it was got."""

    claim: str
    value: str
    method: str
    proved_exact: bool
    #: relative difference from an independent double-precision evaluation
    check: float

    def __float__(self) -> float:
        return float(self.value)


def _substitutions(name: str) -> dict:
    values = {sp.Symbol(k, real=True) if k == "a" else sp.Symbol(k, positive=True): v
              for k, v in DEFAULTS.get(name, {}).items()}
    if name == "selu":
        values.update({alpha01: ALPHA.claim("act.selu.alpha").rhs,
                       lam01: LAMBDA.claim("act.selu.lambda").rhs})
    return values


def _rhs(claim_id: str, name: str) -> sp.Expr:
    from .. import claim

    expr = sp.sympify(claim(claim_id).rhs)
    subs = _substitutions(name)
    return expr.xreplace({s: v for s, v in subs.items()
                          if any(f.name == s.name for f in expr.free_symbols)}) \
        .xreplace({f: subs[s] for f in expr.free_symbols for s in subs if f.name == s.name})


@functools.cache
def moment(name: str, which: str) -> Moment:
    """E[f(z)^2] (``which="forward_moment"``) or E[f'(z)^2] (``"backward_moment"``), z ~ N(0, 1)."""
    ids = claim_ids(name)
    if name == "identity":
        return Moment(ids[which], "1", "exact (proved)", True, 0.0)
    expr = _rhs(ids[which], name)
    integrals = list(expr.atoms(sp.Integral))
    if not integrals:
        value = sp.N(expr, DPS)
        check = abs(float(expr.evalf(17)) - float(value)) / abs(float(value))
        exact = expr.is_Rational or not expr.has(sp.erf)
        return Moment(ids[which], str(value), "exact (proved)" if exact else
                      f"closed form (proved), evaluated by sympy.N to {DPS} digits", exact, check)
    (integral,) = integrals
    integrand = sp.lambdify(t, integral.function, modules="mpmath")
    with mp.workdps(DPS + 5):
        value = mp.quad(integrand, [-mp.inf, 0, mp.inf])
    import numpy as np
    from scipy.integrate import quad

    with np.errstate(over="ignore"):  # e^{-t} overflows far out, where the integrand is 0
        ref = quad(sp.lambdify(t, integral.function, modules="numpy"), -math.inf, math.inf,
                   epsabs=0, epsrel=1e-13)[0]
    text = mp.nstr(value, DPS)
    return Moment(ids[which], text, f"Gaussian integral (proved), computed by mpmath.quad "
                  f"(tanh-sinh, split at 0) to {DPS} digits; scipy.integrate.quad agrees",
                  False, abs(ref - float(value)) / abs(float(value)))


@dataclass(frozen=True)
class GainRow:
    """One activation's row of the gain table."""

    name: str
    options: dict
    forward_moment: Moment
    backward_moment: Moment
    torch_gain: float | None

    @property
    def forward_gain(self) -> mp.mpf:
        with mp.workdps(DPS):
            return 1 / mp.sqrt(mp.mpf(self.forward_moment.value))

    @property
    def backward_gain(self) -> mp.mpf:
        with mp.workdps(DPS):
            return 1 / mp.sqrt(mp.mpf(self.backward_moment.value))


@functools.cache
def row(name: str) -> GainRow:
    if name not in NAMES:
        raise KeyError(f"no activation {name!r}; known: {', '.join(NAMES)}")
    return GainRow(name, dict(DEFAULTS.get(name, {})), moment(name, "forward_moment"),
                   moment(name, "backward_moment"), TORCH_GAINS[name])


def table() -> tuple[GainRow, ...]:
    return tuple(row(n) for n in NAMES)


# ------------------------------------------------------------ what PyTorch's gains keep
#: activations with f(c h) = c f(h) for c > 0: every q is a fixed point or none is
HOMOGENEOUS = ("identity", "relu", "leaky_relu")


def _numeric(name: str):
    """(f, f') as vectorised NumPy functions at the table's options (overflow-free)."""
    import numpy as np
    from scipy.special import expit, ndtr

    a = DEFAULTS["leaky_relu"]["a"]
    al = DEFAULTS["elu"]["alpha"]
    a01 = float(sp.N(ALPHA.claim("act.selu.alpha").rhs, 20))
    l01 = float(sp.N(LAMBDA.claim("act.selu.lambda").rhs, 20))
    npdf = lambda u: np.exp(-u * u / 2) / math.sqrt(2 * math.pi)  # noqa: E731
    neg = lambda u: np.minimum(u, 0.0)  # noqa: E731
    return {
        "identity": (lambda u: u, lambda u: np.ones_like(u)),
        "relu": (lambda u: np.maximum(u, 0.0), lambda u: (u > 0) * 1.0),
        "leaky_relu": (lambda u: np.where(u > 0, u, a * u), lambda u: np.where(u > 0, 1.0, a)),
        "elu": (lambda u: np.where(u > 0, u, al * np.expm1(neg(u))),
                lambda u: np.where(u > 0, 1.0, al * np.exp(neg(u)))),
        "selu": (lambda u: l01 * np.where(u > 0, u, a01 * np.expm1(neg(u))),
                 lambda u: l01 * np.where(u > 0, 1.0, a01 * np.exp(neg(u)))),
        "tanh": (np.tanh, lambda u: 1 - np.tanh(u) ** 2),
        "sigmoid": (expit, lambda u: expit(u) * expit(-u)),
        "gelu": (lambda u: u * ndtr(u), lambda u: ndtr(u) + u * npdf(u)),
        "silu": (lambda u: u * expit(u), lambda u: expit(u) * (1 + u * expit(-u))),
    }[name]


@functools.cache
def _nodes(per_side: int = 200):
    """Gauss-Legendre nodes on [-13, 0] and [0, 13] with the normal density in the weights."""
    import numpy as np

    x, w = np.polynomial.legendre.leggauss(per_side)
    u = np.concatenate([6.5 * (x - 1), 6.5 * (x + 1)])
    weights = np.concatenate([6.5 * w, 6.5 * w]) * np.exp(-u * u / 2) / math.sqrt(2 * math.pi)
    return u, weights


def _gauss(fn, q: float) -> float:
    """E[fn(sqrt(q) z)] for z ~ N(0, 1): Gauss-Legendre on each half-line, split at the kink
    of ReLU, ELU and SELU at 0 (about 14 digits; the tails beyond 13 weigh below 1e-37)."""
    u, w = _nodes()
    return float(w @ fn(math.sqrt(q) * u))


@functools.cache
def fixed_point(name: str, gain: float) -> tuple[float | None, float]:
    """(q*, chi) for weights of variance gain^2/n_in: the nonzero fixed point of the variance map
    q -> gain^2 E[f(sqrt(q) z)^2] and the gradient factor chi = gain^2 E[f'(sqrt(q*) z)^2].

    For a positively homogeneous f (identity, ReLU, leaky ReLU) the map is q -> gain^2 c q:
    every q is a fixed point when gain^2 c = 1 and none otherwise; q* is then ``None`` and chi
    is taken at q = 1.  Otherwise q* is the root of log(map(q)/q) on q in [1e-6, 1e6]
    (``None`` when there is none: the variance then decays or grows without bound).
    """
    from scipy.optimize import brentq

    f, fp = _numeric(name)
    if name in HOMOGENEOUS:
        return None, gain**2 * _gauss(lambda u: fp(u) ** 2, 1.0)

    def excess(logq: float) -> float:
        q = math.exp(logq)
        return math.log(gain**2 * _gauss(lambda u: f(u) ** 2, q) / q)

    grid = [k / 2 for k in range(-27, 28)]  # log q from -13.5 to 13.5
    values = [excess(g) for g in grid]
    for lo, hi, vlo, vhi in zip(grid, grid[1:], values, values[1:], strict=False):
        if vlo * vhi <= 0:
            q = math.exp(brentq(excess, lo, hi, xtol=1e-13))
            return q, gain**2 * _gauss(lambda u: fp(u) ** 2, q)
    return None, float("nan")
