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
* without replacement (``B <= N``) two different draws are a uniform ordered pair of
  distinct examples: :math:`E[Y_p Y_q] = \\frac{1}{N(N-1)}\\sum_r\\sum_{s} g_r g_s
  (1 - \\delta_{rs})` for :math:`p \\ne q`.

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
>>> uniform_draws(Y).apply(E(X[p]))  # the law of Y says nothing of X
E(X[p])
"""

from __future__ import annotations

import sympy as sp

from ..kernel import Axiom
from .expectation import E

__all__ = ["DRAW_FAMILIES", "N", "X", "Y", "g", "p", "q", "r", "s", "uniform_draws"]

#: the size of the data set and its per-example gradients
N = sp.Symbol("N", integer=True, positive=True)
g = sp.IndexedBase("g", real=True)
#: the draws with replacement (X) and without replacement (Y)
X = sp.IndexedBase("X", real=True)
Y = sp.IndexedBase("Y", real=True)
DRAW_FAMILIES = (X, Y)
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


def uniform_draws(family: sp.IndexedBase) -> Axiom:
    """The moments of the mini-batch draws ``family`` (:data:`X`: with replacement,
    :data:`Y`: without), as the sampling scheme fixes them (module docstring)."""
    if family not in DRAW_FAMILIES:
        raise ValueError(f"family={family!r}: expected one of the draw families X (with "
                         "replacement) or Y (without replacement) of derivations.axioms."
                         "regularization")
    cross = _CROSS_WITH if family == X else _CROSS_WITHOUT

    def rewrite(expr: sp.Expr) -> sp.Expr:
        def one(e):
            arg = e.args[0]
            if _draw(arg, family):
                return _MEAN
            if isinstance(arg, sp.Pow) and arg.exp == 2 and _draw(arg.base, family):
                return _SQUARE
            if isinstance(arg, sp.Mul) and len(arg.args) == 2 and all(
                    _draw(f, family) for f in arg.args):
                a, b = (f.indices[0] for f in arg.args)
                same = sp.KroneckerDelta(a, b)
                return same * _SQUARE + (1 - same) * cross
            return e

        return expr.replace(lambda e: isinstance(e, E), one)

    name = family.label.name
    if family == X:
        how = (f"The draws {name}[b] are independent and uniform over the N examples g[1..N]: "
               f"E({name}_p) = sum_r g_r/N, E({name}_p^2) = sum_r g_r^2/N, "
               f"E({name}_p {name}_q) = (sum_r g_r/N)^2 for p != q.")
        title = "mini-batch draws with replacement"
    else:
        how = (f"The B <= N draws {name}[b] are a uniformly random ordered subset of distinct "
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
    )
