"""The six Gaussian integrals every closed form of the chapter is built from.

With ``phi(t) = e^{-t^2/2}/sqrt(2 pi)`` and ``Phi`` its distribution function,

.. math::

    \\int_{-\\infty}^0 \\varphi = \\tfrac12, \\quad
    \\int_0^\\infty t\\varphi = \\tfrac{1}{\\sqrt{2\\pi}}, \\quad
    \\int_0^\\infty t^2\\varphi = \\tfrac12, \\quad
    \\int_{-\\infty}^0 e^{t}\\varphi = e^{1/2}\\Phi(-1), \\quad
    \\int_{-\\infty}^0 e^{2t}\\varphi = e^{2}\\Phi(-2).

They are proved once here (SymPy evaluates each integral) and used as lemmas
by the ReLU, ELU and SELU derivations, so no other proof integrates again:
the trusted rules ``split_at_zero`` and ``integral_linearity``
(:mod:`derivations.axioms.activations`) bring every expectation to these
six.  The lemma's left sides are the canonical parts that
``integral_linearity`` produces (constants pulled out, ``e^a e^b = e^{a+b}``).

>>> canonical(sp.Integral(sp.exp(t) * std_phi(t), (t, -sp.oo, 0)))
sqrt(2)*Integral(exp(t)*exp(-t**2/2), (t, -oo, 0))/(2*sqrt(pi))
"""

from __future__ import annotations

import functools

import sympy as sp

from ..axioms.activations import integral_linearity, split_at_zero
from ..kernel import Claim, Derivation, Step
from .common import normal_density, std_phi, t

__all__ = ["EXPANSION", "GAUSSIAN", "Phi_minus_1", "Phi_minus_2", "canonical", "expanded",
           "gaussian_lemmas"]

#: the rules that bring a Gaussian moment to the six integrals, in the order they apply
EXPANSION = (normal_density, split_at_zero, integral_linearity)


def canonical(expr: sp.Expr) -> sp.Expr:
    """``expr`` with every integral split into constants times canonical parts."""
    return integral_linearity.apply(expr)


@functools.cache
def expanded(expr: sp.Expr) -> sp.Expr:
    """A moment ``E(f(z))`` written by :data:`EXPANSION`: the density, the split at 0, then
    constants times canonical parts (made once: a chapter states it twice, as the end of
    one step and the start of the next)."""
    return canonical(split_at_zero.apply(normal_density.apply(expr)))


def _part(integrand: sp.Expr, lo, hi) -> sp.Integral:
    """The one canonical Integral of ``integrand`` over (lo, hi)."""
    parts = [i for i in canonical(sp.Integral(integrand, (t, lo, hi))).atoms(sp.Integral)]
    (only,) = parts
    return only


_c = sp.sqrt(2 * sp.pi)
Phi_minus_1 = (1 - sp.erf(1 / sp.sqrt(2))) / 2
Phi_minus_2 = (1 - sp.erf(sp.sqrt(2))) / 2

#: (claim id, statement, canonical integral, closed form of the canonical integral)
_TABLE = (
    ("act.gauss.mass_left", "int_-oo^0 phi = 1/2", _part(std_phi(t), -sp.oo, 0), _c / 2),
    ("act.gauss.mass_right", "int_0^oo phi = 1/2", _part(std_phi(t), 0, sp.oo), _c / 2),
    ("act.gauss.first_right", "int_0^oo t phi = 1/sqrt(2 pi)", _part(t * std_phi(t), 0, sp.oo),
     sp.S.One),
    ("act.gauss.second_right", "int_0^oo t^2 phi = 1/2", _part(t**2 * std_phi(t), 0, sp.oo),
     _c / 2),
    ("act.gauss.exp_left", "int_-oo^0 e^t phi = e^(1/2) Phi(-1)",
     _part(sp.exp(t) * std_phi(t), -sp.oo, 0), _c * sp.exp(sp.Rational(1, 2)) * Phi_minus_1),
    ("act.gauss.exp2_left", "int_-oo^0 e^(2t) phi = e^2 Phi(-2)",
     _part(sp.exp(2 * t) * std_phi(t), -sp.oo, 0), _c * sp.exp(2) * Phi_minus_2),
)

GAUSSIAN = Derivation(
    id="act.gaussian_integrals",
    title="Six Gaussian integrals (evaluated once, used as lemmas)",
    chapter="activations",
    steps=tuple(Step(lhs, rhs, because="integral", note=statement)
                for _, statement, lhs, rhs in _TABLE),
    claims=tuple(Claim(cid, statement + " (the integral of e^(-t^2/2) times the factor).",
                       lhs, rhs) for cid, statement, lhs, rhs in _TABLE),
    summary="Completing the square turns $e^t \\varphi(t)$ into $e^{1/2} \\varphi(t - 1)$, so "
            "the exponential moments are normal tail probabilities.",
)


def gaussian_lemmas() -> tuple:
    """The six proved integrals as rewrite rules."""
    return tuple(GAUSSIAN.lemma(cid) for cid, *_ in _TABLE)
