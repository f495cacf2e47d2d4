"""The sampling law of mini-batches, trusted by the regularization chapter.

A data set holds ``N`` per-example gradients ``g[1] .. g[N]`` (one coordinate).  A
mini-batch draws ``B`` of them; draw ``b`` is ``X[b] = g[I_b]`` (with replacement) or
``Y[b] = g[J_b]`` (without).  :func:`uniform_draws` states the first two moments of the
draws that the sampling scheme fixes, in terms of the data, for any draw indices
``p, q`` (also indices bound by a sum over the batch):

* every draw is uniform over the ``N`` examples:
  :math:`E[X_p] = \\frac1N\\sum_r g_r`, :math:`E[X_p^2] = \\frac1N\\sum_r g_r^2`;
* with replacement two different draws are independent:
  :math:`E[X_p X_q] = \\big(\\frac1N\\sum_r g_r\\big)^2` for :math:`p \\ne q`;
* without replacement (``B <= N``, ``N >= 2``: the axiom requires both, and speaks only
  of draws ``Y_b`` whose index is provably in ``1..B``, as a sum over the batch or the
  derivation's predicates give it; ``Y_{N+1}`` does not exist) two different draws are
  a uniform ordered pair of distinct examples:
  :math:`E[Y_p Y_q] = \\frac{1}{N(N-1)}\\sum_r\\sum_{s} g_r g_s (1 - \\delta_{rs})` for
  :math:`p \\ne q`.

The two cases are written with one Kronecker delta: :math:`E[X_p X_q] = \\delta_{pq}
E[X_p^2] + (1 - \\delta_{pq})\\,(\\text{the cross moment})`.  The law speaks only of the
draw families :data:`X` and :data:`Y`; any other symbol, and any other moment, is left
alone.  Reference: W. G. Cochran, Sampling Techniques, 3rd ed., Wiley 1977, sections
2.3-2.5 (simple random sampling with and without replacement).

>>> uniform_draws(X).apply(E(X[p]))
Sum(g[r], (r, 1, N))/N
>>> uniform_draws(X).apply(E(X[p] * X[q]))  # doctest: +NORMALIZE_WHITESPACE
KroneckerDelta(p, q)*Sum(g[r]**2, (r, 1, N))/N
+ (1 - KroneckerDelta(p, q))*Sum(g[r], (r, 1, N))**2/N**2
>>> uniform_draws(Y, sp.Symbol("B", integer=True, positive=True)).apply(E(X[p]))  # not X
E(X[p])
"""

from __future__ import annotations

import sympy as sp

from ..kernel import Axiom, ordered
from . import _parameters
from .expectation import RANDOM_NAMES, E
from .sums import in_range

__all__ = ["DRAW_FAMILIES", "N", "X", "Y", "g", "p", "q", "r", "s", "uniform_draws"]

#: the size of the data set and its per-example gradients
N = sp.Symbol("N", integer=True, positive=True)
g = sp.IndexedBase("g", real=True)
#: the draws with replacement (X) and without replacement (Y)
X = sp.IndexedBase("X", real=True)
Y = sp.IndexedBase("Y", real=True)
DRAW_FAMILIES = (X, Y)
RANDOM_NAMES.update(DRAW_FAMILIES)  # random to every expectation axiom, not only to theirs
#: draw indices and example indices
p, q = sp.symbols("p q", integer=True, positive=True)
r, s = sp.symbols("r s", integer=True, positive=True)

_MEAN = sp.Sum(g[r], (r, 1, N)) / N
_SQUARE = sp.Sum(g[r] ** 2, (r, 1, N)) / N
#: E[X_p X_q], p != q: independent uniform draws
_CROSS_WITH = _MEAN**2
#: E[Y_p Y_q], p != q: a uniform ordered pair of distinct examples
_CROSS_WITHOUT = (sp.Sum(g[r] * sp.Sum(g[s] * (1 - sp.KroneckerDelta(r, s)), (s, 1, N)),
                         (r, 1, N)) / (N * (N - 1)))


def _draw(e: sp.Expr, family: sp.IndexedBase) -> bool:
    return (isinstance(e, sp.Indexed) and e.base == family and len(e.indices) == 1
            and e.indices[0].is_integer is True)


def _in_context(expr: sp.Expr, facts: tuple, one) -> sp.Expr:
    """``one(e, facts)`` on every ``E(...)`` of ``expr``, with the ranges of the enclosing
    sums added to ``facts`` (a fact about a rebound variable is dropped inside)."""
    if isinstance(expr, E):
        return one(expr, facts)
    if isinstance(expr, sp.Sum):
        inside = facts
        for v, a, b in expr.limits:
            inside = tuple(f for f in inside if v not in f.free_symbols)
            if ordered(a, b + 1, facts):
                inside = (*inside, sp.Q.ge(v, a), sp.Q.le(v, b))
        return sp.Sum(_in_context(expr.function, inside, one), *expr.limits)
    if expr.is_Atom or not expr.has(E):
        return expr
    return expr.func(*(_in_context(q, facts, one) for q in expr.args))


def uniform_draws(family: sp.IndexedBase, batch: sp.Symbol | None = None,
                  facts: tuple = ()) -> Axiom:
    """The moments of the mini-batch draws ``family`` (:data:`X`: with replacement,
    :data:`Y`: without, of a batch of ``batch`` draws), as the sampling scheme fixes them
    (module docstring).  ``facts`` (``Q.le(p, B)`` for a free draw index) join what the
    axiom requires, so the derivation must state them."""
    if family not in DRAW_FAMILIES:
        raise ValueError(f"family={family!r}: expected one of the draw families X (with "
                         "replacement) or Y (without replacement) of derivations.axioms."
                         "regularization")
    if family == Y:
        batch = _parameters.symbol("uniform_draws", "batch", batch)
        requires = (sp.Q.ge(N, 2), sp.Q.le(batch, N),
                    *_parameters.facts("uniform_draws", "facts", facts))
    else:
        requires = _parameters.facts("uniform_draws", "facts", facts)
    cross = _CROSS_WITH if family == X else _CROSS_WITHOUT

    def draw(e: sp.Expr, facts: tuple) -> bool:
        return _draw(e, family) and (family == X or in_range(e.indices[0], 1, batch, facts))

    def one(e, facts):
        arg = e.args[0]
        if draw(arg, facts):
            return _MEAN
        if isinstance(arg, sp.Pow) and arg.exp == 2 and draw(arg.base, facts):
            return _SQUARE
        if isinstance(arg, sp.Mul) and len(arg.args) == 2 and all(
                draw(f, facts) for f in arg.args):
            a, b = (f.indices[0] for f in arg.args)
            same = sp.KroneckerDelta(a, b)
            return same * _SQUARE + (1 - same) * cross
        return e

    def rewrite(expr: sp.Expr) -> sp.Expr:
        return _in_context(sp.sympify(expr), requires, one)

    name = family.label.name
    if family == X:
        how = (f"The draws {name}[b] are independent and uniform over the N examples g[1..N]: "
               f"E({name}_p) = sum_r g_r/N, E({name}_p^2) = sum_r g_r^2/N, "
               f"E({name}_p {name}_q) = (sum_r g_r/N)^2 for p != q.")
        title = "mini-batch draws with replacement"
    else:
        how = (f"The {batch} <= N draws {name}[1..{batch}] (N >= 2) are a uniformly random "
               "ordered subset of distinct "
               f"examples: each is uniform, E({name}_p) = sum_r g_r/N, E({name}_p^2) = "
               f"sum_r g_r^2/N, and two different draws are a uniform ordered pair of distinct "
               f"examples, E({name}_p {name}_q) = sum_(r != s) g_r g_s/(N(N - 1)) for p != q.")
        title = "mini-batch draws without replacement"
    return Axiom(
        name=title,
        statement=how,
        rule=rewrite,
        reference="W. G. Cochran, Sampling Techniques, 3rd ed., Wiley 1977, sections 2.3-2.5 "
        "(simple random sampling with and without replacement).",
        requires=requires,
        names=(N, g.label),
    )
