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
summation variable (:data:`RENAMING`) — all from :mod:`derivations.sums`,
the one implementation shared with the other chapters — and the notation that writes ``mu``
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

from ..kernel import Axiom, evaluate, outside_derivatives
from .sums import (
    CONSTANT_SUM,
    SUM_LINEARITY,
    apply_sum_rules,
    expand_keeping_roots,
    renaming,
    sifting,
)

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
    "positive_name",
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
x, dy, g = (sp.IndexedBase(name, real=True) for name in ("x", "dy", "g"))  # real data
#: per-group scale and shift, and the stabiliser epsilon
gamma, beta = sp.symbols("gamma beta", real=True)
eps = sp.Symbol("epsilon", nonnegative=True)
#: the statistics as plain symbols (after differentiation)
mu = sp.Symbol("mu", real=True)
sigma2 = sp.Symbol("sigma2", nonnegative=True)
#: the statistics as functions of x_i (for the chain rule)
MU = sp.Function("mu", smooth=True)(x[i])  # polynomials of x_i: smooth
VAR = sp.Function("sigma2", smooth=True)(x[i])

mu_def = sp.Sum(x[p], (p, 1, m)) / m
var_def = sp.Sum((x[k] - mu_def) ** 2, (k, 1, m)) / m

MU_DEFINITION = Axiom(
    "definition of the batch mean",
    "mu = mu(x_i) = (1/m) sum_k x_k (slide 000, mini-batch mean)",
    lambda e: e.xreplace({MU: mu_def, mu: mu_def}),
    fixes=(mu,),
    defines=(sp.Eq(mu, mu_def),),
    reference="S. Ioffe, C. Szegedy. Batch Normalization. ICML 2015, Algorithm 1.",
)
VAR_DEFINITION = Axiom(
    "definition of the batch variance",
    "sigma2 = sigma2(x_i) = (1/m) sum_k (x_k - mu)^2, the biased variance (slide 000)",
    lambda e: e.xreplace({VAR: var_def, sigma2: var_def}),
    fixes=(sigma2,),
    defines=(sp.Eq(sigma2, var_def),),
    reference="S. Ioffe, C. Szegedy. Batch Normalization. ICML 2015, Algorithm 1.",
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
    reference="S. Ioffe, C. Szegedy. Batch Normalization. ICML 2015, Algorithm 1.",
    names=(mu, sigma2),
)


def sum_linearity(expr: sp.Expr, facts: tuple = ()) -> sp.Expr:
    """The rules on finite sums with renaming to ``j``, to a fixpoint (for doctests).

    A Kronecker delta is sifted only when its index is provably in the range
    of the sum (:func:`derivations.sums.sifting`).
    """
    return apply_sum_rules(expr, facts, target=j)


#: a positive symbol for the root sqrt(sigma2 + eps) inside residuals
_root = sp.Symbol("γ_root", positive=True)  # the kernel's reserved prefix: no user symbol
ROOT_NAME = Axiom(
    "s names sqrt(sigma2 + eps)",
    "Writing s for sqrt(sigma2 + eps) (s > 0), i.e. eps = s^2 - sigma2, lets expand cancel "
    "powers of the root.",
    lambda e: expand_keeping_roots(sp.sympify(e).subs(eps, _root**2 - sigma2)),
    reference="S. Ioffe, C. Szegedy. Batch Normalization. ICML 2015, Algorithm 1.",
    fixes=(_root,),
    defines=(sp.Eq(_root, sp.sqrt(sigma2 + eps)),),
    requires=(sp.Q.positive(sigma2 + eps),),
)

RENAMING = renaming(j)


#: sifting where the enclosing sums and the symbols' assumptions alone give the range
SIFTING = sifting()
#: the rules on finite sums in the order a step applies them
SUMS = (SUM_LINEARITY, CONSTANT_SUM, SIFTING, SUM_LINEARITY, CONSTANT_SUM, RENAMING)
#: the index we differentiate by is one of 1..m (i >= 1 by its declaration)
IN_RANGE = (sp.Q.le(i, m),)
SIFTING_IN_RANGE = sifting(*IN_RANGE)
SUMS_IN_RANGE = (SUM_LINEARITY, CONSTANT_SUM, SIFTING_IN_RANGE, SUM_LINEARITY, CONSTANT_SUM,
                 RENAMING)


def positive_name(expr: sp.Expr, name: sp.Symbol, what: str) -> Axiom:
    """Write the positive symbol ``name`` for ``expr`` after evaluating derivatives:
    a renaming that lets ``simplify`` cancel powers of a root.  Trusted only where
    ``expr > 0`` is a listed hypothesis (the derivation must state it: the axiom
    requires it, and the kernel's side conditions then see ``sqrt(expr)`` as well
    defined).  ``name`` is fixed by it: nothing else may give it a value."""
    expr = sp.sympify(expr)
    if not isinstance(name, sp.Symbol) or name.is_positive is not True:
        raise TypeError(f"positive_name: name={name!r} must be a Symbol declared positive")
    if expr.has(name):
        raise ValueError(f"positive_name: {name} occurs in the expression it names")
    return Axiom(
        f"abbreviation {name} = {what}",
        f"{name} names the expanded {what}, a common positive factor of both sides "
        f"({what} > 0 is a hypothesis of the derivation).",
        lambda e: outside_derivatives(evaluate(e), expr.free_symbols,
                                      lambda q: q.xreplace({expr: name})),
        reference="S. Ioffe, C. Szegedy. Batch Normalization. ICML 2015, Algorithm 1.",
        requires=(sp.Q.positive(expr),),
        fixes=(name,),
        defines=(sp.Eq(name, expr),),
        meaning=f"{name} = {sp.srepr(expr)}",
    )
