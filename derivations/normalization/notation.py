"""Shared notation of the normalisation chapter and the rewrite rules it trusts.

A normalisation group is ``m`` values ``x_1 .. x_m`` (one feature over the
batch for batch norm, one sample's features for layer norm).  The batch
statistics are written as functions of the one input ``x_i`` we
differentiate by, so that SymPy applies the chain rule mechanically:

.. math::

    \\mu(x_i) = \\frac{1}{m}\\sum_{k=1}^m x_k, \\qquad
    \\sigma^2(x_i) = \\frac{1}{m}\\sum_{k=1}^m (x_k - \\mu)^2 .

The definitions are rewrite rules (:data:`MU_DEFINITION`,
:data:`VAR_DEFINITION`).  Two axioms are trusted rather than proved and are
listed in the report: linearity of finite sums with the sifting property of
the Kronecker delta (:data:`SUM_LINEARITY`), and the notation that writes
``mu`` and ``sigma2`` for the two statistics once they are differentiated
(:data:`STATISTICS_NOTATION`).

>>> import sympy as sp
>>> sum_linearity(sp.Sum(2 * x[j] + gamma * KD(i, j) * dy[j], (j, 1, m)))
gamma*dy[i] + 2*Sum(x[j], (j, 1, m))
"""

from __future__ import annotations

import sympy as sp

from ..kernel import Axiom

__all__ = [
    "KD",
    "MU",
    "MU_DEFINITION",
    "ROOT_NAME",
    "STATISTICS_NOTATION",
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
STATISTICS_NOTATION = Axiom(
    "notation for the statistics",
    "Once differentiated, mu(x_i) and sigma2(x_i) are written mu and sigma2.",
    lambda e: e.xreplace({MU: mu, VAR: sigma2}),
)


def _expand(expr: sp.Expr) -> sp.Expr:
    """``expand``, but roots and reciprocals of sums are left whole (kept as one factor)."""
    kept = {q: sp.Dummy() for q in expr.atoms(sp.Pow)
            if q.base.is_Add and not (q.exp.is_Integer and q.exp > 0)}
    out = sp.expand(expr.xreplace(kept))
    return out.xreplace({v: q for q, v in kept.items()})


def _sum_one(s: sp.Sum) -> sp.Expr:
    """Split one finite sum into sums of single products, constants pulled out."""
    if len(s.limits) > 1:  # sum_(k, j) f = sum_j (sum_k f): peel the innermost limit
        return _sum_one(sp.Sum(_sum_one(sp.Sum(s.function, s.limits[0])), *s.limits[1:]))
    f, (v, a, b) = s.function, s.limits[0]
    out = sp.S.Zero
    for term in sp.Add.make_args(_expand(f)):
        c, r = term.as_independent(v, as_Add=False)
        if r == 1:
            out += c * (b - a + 1)
            continue
        deltas = [q for q in sp.Mul.make_args(r)
                  if isinstance(q, sp.KroneckerDelta) and v in q.free_symbols]
        if deltas:  # sum_j delta_ij h(j) = h(i) for an index i inside the range
            other = deltas[0].args[0] if deltas[0].args[1] == v else deltas[0].args[1]
            out += c * (r / deltas[0]).subs(v, other)
        elif v == j or j not in r.free_symbols:  # canonical dummy j: equal sums compare equal
            out += c * sp.Sum(r.xreplace({v: j}), (j, a, b))
        else:
            out += c * sp.Sum(r, (v, a, b))
    return out


def sum_linearity(expr: sp.Expr) -> sp.Expr:
    """Rewrite every finite sum by linearity until nothing changes."""
    # differentiate (SymPy's diff of a Sum is the Sum of the derivatives), but
    # evaluate no Sum: the Kronecker deltas are sifted below, without Piecewise
    expr = sp.sympify(expr).replace(lambda e: isinstance(e, sp.Derivative),
                                    lambda e: sp.diff(e.expr, *e.variables))
    previous = None
    while previous != expr:
        previous = expr
        expr = expr.replace(lambda e: isinstance(e, sp.Sum), _sum_one)
    return _expand(expr)


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
    "sum_j (a f_j + b h_j) = a sum_j f_j + b sum_j h_j for a, b free of j; "
    "sum_{j=1}^m c = m c; and sum_{j=1}^m delta_ij h_j = h_i for 1 <= i <= m.",
    sum_linearity,
)
