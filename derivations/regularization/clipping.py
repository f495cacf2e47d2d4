"""Gradient clipping (deck 003): by norm keeps the direction, by value does not.

Write the gradient as :math:`g = r\\,u` with :math:`r = \\lVert g\\rVert > 0` and a unit
vector :math:`u`.  Clipping by norm with threshold :math:`\\tau < r` returns
:math:`\\tfrac{\\tau}{r} g = \\tau u`: a positive multiple of :math:`g` (the same direction)
of norm exactly :math:`\\tau`, so an SGD step moves the weights by
:math:`\\eta\\min(\\lVert g\\rVert, \\tau)` at most :math:`\\eta\\tau` (Pascanu, Mikolov and
Bengio, ICML 2013).  Clipping by value clamps each coordinate to :math:`[-c, c]`;
it bounds the step by :math:`\\eta c\\sqrt{n}` (every coordinate clamped) but turns
the direction whenever some coordinates are clamped and others are not:
:math:`g = (10, 1)`, :math:`c = 1` becomes :math:`(1, 1)`, at cosine
:math:`11/\\sqrt{202} \\approx 0.774` to :math:`g` (39 degrees).

>>> VALUE_TURNS.rhs
11*sqrt(202)/202
"""

from __future__ import annotations

import sympy as sp

from ..kernel import Assumption, Claim, Derivation, Step
from ..sums import SUM_LINEARITY
from .common import eta, i, n

__all__ = ["DERIVATION", "NORM_DIRECTION", "NORM_VALUE", "STEP_BOUND", "VALUE_BOUND",
           "VALUE_TURNS", "clip_value_2d"]

u = sp.IndexedBase("u", real=True)
r = sp.Symbol("r", positive=True)       # ||g||
tau = sp.Symbol("tau", positive=True)   # max_norm
cv = sp.Symbol("c", positive=True)      # clip_value
unit = Assumption(
    "unit direction",
    "g = r u with r = ||g|| > 0 and sum_i u_i^2 = 1; clipping by norm acts when r > tau.",
    predicates=(sp.Q.gt(r, tau),),
    substitutions=(sp.Eq(sp.Sum(u[i] ** 2, (i, 1, n)), 1),),
)

_clipped_i = (tau / r) * (r * u[i])               # coordinate i of g tau/||g||
_norm2 = sp.Sum(_clipped_i**2, (i, 1, n))

NORM_DIRECTION = Claim(
    "regularization.clip.norm_direction",
    "Clipping by norm multiplies g by the positive scalar tau/||g||: coordinate i is "
    "tau u_i, the same direction as g = r u.", _clipped_i, tau * u[i], parameters=(tau,),
    slide="003", implemented_by="clip_grad_norm",
)
NORM_VALUE = Claim(
    "regularization.clip.norm_value",
    "The clipped gradient has norm exactly tau (squared norm tau^2) when ||g|| > tau.",
    _norm2, tau**2, parameters=(tau,), slide="003", implemented_by="clip_grad_norm",
)
STEP_BOUND = Claim(
    "regularization.clip.step_bound",
    "An SGD step with the norm-clipped gradient moves the weights by eta tau when ||g|| > tau "
    "(by eta ||g|| otherwise): at most eta tau.",
    sp.sqrt(eta**2 * _norm2), eta * tau, parameters=(eta, tau), slide="003",
    implemented_by="clip_grad_norm",
)
VALUE_BOUND = Claim(
    "regularization.clip.value_bound",
    "Clipping by value: when every |g_i| >= c the clipped gradient is c sign(g) with squared "
    "norm n c^2, the largest possible: the step is at most eta c sqrt(n).",
    sp.Sum(cv**2, (i, 1, n)), n * cv**2, parameters=(n, cv), slide="003",
    implemented_by="clip_grad_value",
)


def clip_value_2d(g1, g2, c):
    """Clip-by-value of a two-coordinate gradient with ``g1 > c >= |g2|``."""
    return (c, g2)


def _cosine(a, b):
    return (a[0] * b[0] + a[1] * b[1]) / (sp.sqrt(a[0] ** 2 + a[1] ** 2)
                                          * sp.sqrt(b[0] ** 2 + b[1] ** 2))


_g = (sp.Integer(10), sp.Integer(1))
VALUE_TURNS = Claim(
    "regularization.clip.value_turns",
    "Clipping g = (10, 1) by value at c = 1 gives (1, 1): the cosine to g is 11/sqrt(202) "
    "~ 0.774 < 1, so clipping by value changes the direction (by norm it never does).",
    _cosine(clip_value_2d(*_g, sp.Integer(1)), _g), 11 * sp.sqrt(202) / 202, slide="003",
    implemented_by="clip_grad_value",
)

DERIVATION = Derivation(
    id="regularization.clipping",
    title="Clipping by norm keeps the direction and bounds the step; by value turns it",
    chapter="regularization",
    assumptions=(unit,),
    slides=("003",),
    references=("Pascanu, Mikolov and Bengio, On the difficulty of training recurrent neural "
                "networks, ICML 2013 (arXiv:1211.5063)",),
    summary="$g \\tau/\\|g\\| = \\tau u$ has norm $\\tau$ and $g$'s direction; clip-by-value "
            "maps $(10, 1)$ to $(1, 1)$, cosine $11/\\sqrt{202}$.",
    steps=(
        Step(_clipped_i, tau * u[i], because="algebra"),
        Step(_norm2, tau**2 * sp.Sum(u[i] ** 2, (i, 1, n)), tau**2, because="assumption",
             using=(SUM_LINEARITY, unit)),
        Step(sp.sqrt(eta**2 * _norm2), sp.sqrt(eta**2 * tau**2), eta * tau,
             because="assumption", using=(SUM_LINEARITY, unit)),
        Step(VALUE_BOUND.lhs, n * cv**2, because="sum"),
        Step(VALUE_TURNS.lhs, sp.Integer(11) / (sp.sqrt(2) * sp.sqrt(101)),
             11 * sp.sqrt(202) / 202, because="algebra"),
    ),
    claims=(NORM_DIRECTION, NORM_VALUE, STEP_BOUND, VALUE_BOUND, VALUE_TURNS),
)
