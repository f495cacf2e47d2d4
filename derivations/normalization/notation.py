"""Shared notation of the normalisation chapter and the rewrite rules it trusts.

A normalisation group is ``m`` values ``x_1 .. x_m`` (one feature over the
batch for batch norm, one sample's features for layer norm).  The batch
statistics are written as functions of the one input ``x_i`` we
differentiate by, so that SymPy applies the chain rule mechanically:

.. math::

    \\mu(x_i) = \\frac{1}{m}\\sum_{k=1}^m x_k, \\qquad
    \\sigma^2(x_i) = \\frac{1}{m}\\sum_{k=1}^m (x_k - \\mu)^2 .

The definitions are rewrite rules (:data:`MU_DEFINITION`,
:data:`VAR_DEFINITION`).  The rules trusted rather than proved are listed in
the report, one fact each: linearity of finite sums (:data:`SUM_LINEARITY`),
the sum of a constant (:data:`CONSTANT_SUM`), the sifting property of the
Kronecker delta under stated predicates (:func:`sifting`; :data:`SIFTING`
with none, :data:`SIFTING_IN_RANGE` for ``1 <= i <= m``), renaming a
summation variable (:data:`RENAMING`), and the notation that writes ``mu``
and ``sigma2`` for the two statistics once they are differentiated
(:data:`STATISTICS_NOTATION`).  A step applies the sum rules in the order of
:data:`SUMS` (or :data:`SUMS_IN_RANGE`).  Each rule is guarded so that it
cannot prove a false statement: sifting needs the index provably in the
range of the sum, renaming never captures, and the notation never rewrites
inside a derivative that is still unevaluated.

>>> import sympy as sp
>>> sum_linearity(sp.Sum(2 * x[j] + gamma * KD(i, j) * dy[j], (j, 1, m)), IN_RANGE)
gamma*dy[i] + 2*Sum(x[j], (j, 1, m))
>>> sum_linearity(sp.Sum(KD(i, j) * dy[j], (j, 1, m)))  # i <= m not given: kept
Sum(KroneckerDelta(i, j)*dy[j], (j, 1, m))
"""

from __future__ import annotations

import sympy as sp

from ..kernel import Axiom

__all__ = [
    "CONSTANT_SUM",
    "IN_RANGE",
    "KD",
    "MU",
    "MU_DEFINITION",
    "RENAMING",
    "ROOT_NAME",
    "SIFTING",
    "SIFTING_IN_RANGE",
    "STATISTICS_NOTATION",
    "SUMS",
    "SUMS_IN_RANGE",
    "SUM_LINEARITY",
    "VAR",
    "VAR_DEFINITION",
    "beta",
    "dy",
    "eps",
    "g",
    "gamma",
    "i",
    "j",
    "k",
    "m",
    "mu",
    "mu_def",
    "p",
    "sifting",
    "sigma2",
    "sum_linearity",
    "var_def",
    "x",
]

KD = sp.KroneckerDelta

#: batch size (the number of values in a normalisation group)
m = sp.Symbol("m", integer=True, positive=True)
#: indices; ``i`` is the input we differentiate by, ``j, k, p`` are dummies
i, j, k, p = sp.symbols("i j k p", integer=True, positive=True)
#: inputs, upstream gradient dl/dy, gradient dl/dxhat
x, dy, g = sp.IndexedBase("x"), sp.IndexedBase("dy"), sp.IndexedBase("g")
#: per-group scale and shift, and the stabiliser epsilon
gamma, beta = sp.symbols("gamma beta", real=True)
eps = sp.Symbol("epsilon", nonnegative=True)
#: the statistics as plain symbols (after differentiation)
mu = sp.Symbol("mu", real=True)
sigma2 = sp.Symbol("sigma2", nonnegative=True)
#: the statistics as functions of x_i (for the chain rule)
MU = sp.Function("mu")(x[i])
VAR = sp.Function("sigma2")(x[i])

mu_def = sp.Sum(x[p], (p, 1, m)) / m
var_def = sp.Sum((x[k] - mu_def) ** 2, (k, 1, m)) / m

MU_DEFINITION = Axiom(
    "definition of the batch mean",
    "mu = mu(x_i) = (1/m) sum_k x_k (slide 000, mini-batch mean)",
    lambda e: e.xreplace({MU: mu_def, mu: mu_def}),
)
VAR_DEFINITION = Axiom(
    "definition of the batch variance",
    "sigma2 = sigma2(x_i) = (1/m) sum_k (x_k - mu)^2, the biased variance (slide 000)",
    lambda e: e.xreplace({VAR: var_def, sigma2: var_def}),
)
def _outside_derivatives(expr: sp.Expr, table: dict) -> sp.Expr:
    """``expr.xreplace(table)`` everywhere except inside an unevaluated ``Derivative``.

    ``d mu(x_i)/dx_i`` is ``1/m``; naming the statistic ``mu`` *inside* the
    derivative would turn it into ``d mu/dx_i = 0``.  A derivative that is
    still unevaluated is therefore left as it is: the step must apply the
    proved derivatives (``bn.backward.dmu``, ``bn.backward.dvar``) first, or
    its residual keeps them and the kernel refuses it.
    """
    kept = {d: sp.Dummy() for d in sp.sympify(expr).atoms(sp.Derivative)}
    out = sp.sympify(expr).xreplace(kept).xreplace(table)
    return out.xreplace({v: d for d, v in kept.items()})


STATISTICS_NOTATION = Axiom(
    "notation for the statistics",
    "Once differentiated, mu(x_i) and sigma2(x_i) are written mu and sigma2 (never inside a "
    "derivative that is still unevaluated).",
    lambda e: _outside_derivatives(e, {MU: mu, VAR: sigma2}),
)


def _expand(expr: sp.Expr) -> sp.Expr:
    """``expand``, but roots and reciprocals of sums are left whole (kept as one factor)."""
    kept = {q: sp.Dummy() for q in expr.atoms(sp.Pow)
            if q.base.is_Add and not (q.exp.is_Integer and q.exp > 0)}
    out = sp.expand(expr.xreplace(kept))
    return out.xreplace({v: q for q, v in kept.items()})


def _bound(expr: sp.Expr) -> set:
    """The summation variables of every Sum inside ``expr``."""
    return {lim[0] for s in expr.atoms(sp.Sum) for lim in s.limits}


def _in_range(index: sp.Expr, lo: sp.Expr, hi: sp.Expr, facts: tuple) -> bool:
    """Whether ``lo <= index <= hi`` follows from ``facts`` and the symbols' assumptions."""
    def holds(fact) -> bool:  # ask without facts first: ask(Q.ge(i, 1), Q.le(i, m)) is None
        return sp.ask(fact) is True or (bool(facts) and sp.ask(fact, sp.And(*facts)) is True)
    return holds(sp.Q.ge(index, lo)) and holds(sp.Q.le(index, hi))


def _sift(r: sp.Expr, v: sp.Symbol, a, b, facts: tuple) -> sp.Expr | None:
    """``sum_{v=a}^b delta(v, c) h(v) = h(c)``, or None when that is not provable.

    Sifting needs ``a <= c <= b`` (else the sum is 0, not ``h(c)``), a delta
    with ``v`` itself as one argument and ``c`` free of ``v``, and no Sum in
    ``h`` that binds a symbol of ``c`` (substituting would capture it).
    """
    for q in sp.Mul.make_args(r):
        if not isinstance(q, sp.KroneckerDelta) or len(q.args) != 2 or v not in q.args:
            continue
        other = q.args[1] if q.args[0] == v else q.args[0]
        if v in other.free_symbols or other.free_symbols & _bound(r):
            continue
        if _in_range(other, a, b, facts):
            return (r / q).subs(v, other)
    return None


def _linear(f, v, a, b, facts):
    """sum_v (c f_v + d h_v) = c sum_v f_v + d sum_v h_v for c, d free of v."""
    terms = sp.Add.make_args(_expand(f))
    parts = [t.as_independent(v, as_Add=False) for t in terms]
    if len(parts) == 1 and parts[0][0] == 1:
        return None
    return sp.Add(*(c * sp.Sum(r, (v, a, b)) for c, r in parts))


def _constant(f, v, a, b, facts):
    """sum_{v=a}^b c = (b - a + 1) c for c free of v."""
    return (b - a + 1) * f if v not in f.free_symbols else None


def _sifted(f, v, a, b, facts):
    """sum_{v=a}^b delta(v, c) h_v = h_c when a <= c <= b is provable."""
    return _sift(f, v, a, b, facts)


def _renamed(f, v, a, b, facts):
    """sum_v f_v = sum_j f_j, only if no j (free or bound) occurs in the summand or limits."""
    if v == j or f.has(j) or a.has(j) or b.has(j):
        return None
    return sp.Sum(f.xreplace({v: j}), (j, a, b))


def _walk_sum(f: sp.Expr, limits: tuple, facts: tuple, job) -> sp.Expr:
    """Apply ``job`` to one sum (limits innermost first), its summand first.

    ``facts`` are the predicates that hold where the sum stands (the
    derivation's, and the ranges of the enclosing sums' variables).
    """
    (v, a, b) = limits[-1]
    inside = (*(q for q in facts if v not in q.free_symbols), sp.Q.ge(v, a), sp.Q.le(v, b))
    f = _walk_sum(f, limits[:-1], inside, job) if len(limits) > 1 else _walk(f, inside, job)
    out = job(f, v, a, b, facts)
    return sp.Sum(f, (v, a, b)) if out is None else out


def _walk(expr: sp.Expr, facts: tuple, job) -> sp.Expr:
    if isinstance(expr, sp.Sum):
        return _walk_sum(expr.function, expr.limits, facts, job)
    if expr.is_Atom or not expr.has(sp.Sum):
        return expr
    return expr.func(*(_walk(q, facts, job) for q in expr.args))


def _fixpoint(job, expr: sp.Expr, facts: tuple = ()) -> sp.Expr:
    """Apply ``job`` to every sum until nothing changes."""
    previous, expr = None, sp.sympify(expr)
    while previous != expr:
        previous, expr = expr, _walk(expr, tuple(facts), job)
    return _expand(expr) if job is _linear else expr


def _differentiate(expr: sp.Expr) -> sp.Expr:
    """Evaluate derivatives (of a Sum: the Sum of the derivatives), but no Sum."""
    return sp.sympify(expr).replace(lambda e: isinstance(e, sp.Derivative),
                                    lambda e: sp.diff(e.expr, *e.variables))


def sum_linearity(expr: sp.Expr, facts: tuple = ()) -> sp.Expr:
    """All four rules on finite sums, alternated until nothing changes (for doctests).

    A Kronecker delta is sifted only when its index is provably in the range
    of the sum, from ``facts`` (for example ``Q.le(i, m)``), the ranges of the
    enclosing sums and the symbols' assumptions; otherwise the sum is kept.
    """
    expr = _differentiate(expr)
    previous = None
    while previous != expr:
        previous = expr
        for job in (_linear, _constant, _sifted, _renamed):
            expr = _fixpoint(job, expr, facts)
    return expr


#: a positive symbol for the root sqrt(sigma2 + eps) inside residuals
_root = sp.Symbol("s", positive=True)
ROOT_NAME = Axiom(
    "s names sqrt(sigma2 + eps)",
    "Writing s for sqrt(sigma2 + eps) (s > 0), i.e. eps = s^2 - sigma2, lets expand cancel "
    "powers of the root.",
    lambda e: _expand(sp.sympify(e).subs(eps, _root**2 - sigma2)),
)

SUM_LINEARITY = Axiom(
    "linearity of finite sums",
    "sum_j (a f_j + b h_j) = a sum_j f_j + b sum_j h_j for a, b free of j, and the derivative "
    "of a finite sum is the sum of the derivatives.",
    lambda e: _fixpoint(_linear, _differentiate(e)),
)
CONSTANT_SUM = Axiom(
    "sum of a constant",
    "sum_{j=a}^b c = (b - a + 1) c for c free of j.",
    lambda e: _fixpoint(_constant, e),
)
RENAMING = Axiom(
    "renaming a summation variable",
    "sum_k f_k = sum_j f_j, done only when no j, free or bound, occurs in the summand or "
    "the limits (so that nothing is captured).",
    lambda e: _fixpoint(_renamed, e),
)


def sifting(*facts) -> Axiom:
    """The sifting property of the Kronecker delta, for indices ``facts`` put in range.

    >>> SIFTING_IN_RANGE.apply(sp.Sum(KD(i, j) * x[j], (j, 1, m)))
    x[i]
    >>> SIFTING_IN_RANGE.apply(sp.Sum(KD(j, m + 1) * x[j], (j, 1, m)))
    Sum(KroneckerDelta(j, m + 1)*x[j], (j, 1, m))
    """
    stated = " and ".join(sp.sstr(f) for f in facts) or "no further predicate"
    return Axiom(
        f"Kronecker-delta sifting under {stated}",
        "sum_{j=a}^b delta(j, c) h_j = h_c, done only when a <= c <= b follows from the "
        f"ranges of the enclosing sums, the symbols' assumptions and {stated} (listed among "
        "the derivation's predicates), and no sum in h binds a symbol of c.",
        lambda e: _fixpoint(_sifted, e, facts),
    )


#: sifting where the enclosing sums and the symbols' assumptions alone give the range
SIFTING = sifting()
#: the rules on finite sums in the order a step applies them
SUMS = (SUM_LINEARITY, CONSTANT_SUM, SIFTING, SUM_LINEARITY, CONSTANT_SUM, RENAMING)
#: the index we differentiate by is one of 1..m (i >= 1 by its declaration)
IN_RANGE = (sp.Q.le(i, m),)
SIFTING_IN_RANGE = sifting(*IN_RANGE)
SUMS_IN_RANGE = (SUM_LINEARITY, CONSTANT_SUM, SIFTING_IN_RANGE, SUM_LINEARITY, CONSTANT_SUM,
                 RENAMING)
