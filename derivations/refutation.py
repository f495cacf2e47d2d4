"""Defense in depth: a numeric search for a counterexample to a link the kernel proved.

Nothing here can make a proof.  After the kernel (:mod:`derivations.kernel`)
proves a link ``a = b`` (or, where a rule rewrote it, reduces to 0 the residual the
rule wrote), :func:`numeric_refutation` evaluates both sides at random exact
points of the stated domain (every
assumption key of each symbol met, every predicate true, 40 digits); a
disagreement means the kernel accepted something false, and the kernel raises
``KernelBug``.  A failure of this module can only miss a bug, never accept a
statement, so it is not part of the trusted core and the report counts it apart.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import sympy as sp
from sympy.core.function import AppliedUndef

from .kernel import unmet_assumption

__all__ = ["domain_points", "numeric_refutation"]


def _sample(sym: sp.Symbol, rng, sign: int = 0, small: bool = False) -> sp.Rational | None:
    """A random exact value with every assumption declared of ``sym`` (even, prime,
    positive, ...), or None when a few draws find none (the point is then skipped).
    ``sign`` (+1 or -1) asks for that sign, ``small`` for a magnitude below 1."""
    for _ in range(30):
        if sym.is_integer:
            lo = 1 if sym.is_positive else 0 if sym.is_nonnegative else -4
            value = sp.Integer(rng.randint(lo, lo + 9))
        else:
            value = (sp.Rational(rng.randint(1, 12), 13) if small
                     else sp.Rational(rng.randint(1, 40), rng.randint(7, 13)))
            if not (sym.is_positive or sym.is_nonnegative) and rng.random() < 0.5:
                value = -value
        if sign:
            value = sign * abs(value)
        if unmet_assumption(sym, value) is None:
            return value
    return None


#: a predicate on numbers decided by comparison, without the assumption system's ask
_DIRECT = {
    sp.Q.positive: lambda v: v > 0, sp.Q.negative: lambda v: v < 0,
    sp.Q.nonnegative: lambda v: v >= 0, sp.Q.nonpositive: lambda v: v <= 0,
    sp.Q.nonzero: lambda v: sp.Ne(v, 0), sp.Q.zero: lambda v: sp.Eq(v, 0),
    sp.Q.lt: lambda a, b: a < b, sp.Q.le: lambda a, b: a <= b,
    sp.Q.gt: lambda a, b: a > b, sp.Q.ge: lambda a, b: a >= b,
    sp.Q.eq: lambda a, b: sp.Eq(a, b), sp.Q.ne: lambda a, b: sp.Ne(a, b),
}


def _holds(pred, point: dict) -> bool | None:
    free = getattr(pred, "free_symbols", set())  # not a variable a product in it binds
    pred = pred.xreplace({s: v for s, v in point.items() if s in free})
    decide = _DIRECT.get(getattr(pred, "function", None))
    arguments = getattr(pred, "arguments", None)
    if decide is not None and arguments and all(a.is_number for a in arguments):
        try:
            verdict = decide(*arguments)
            if verdict in (sp.true, sp.false, True, False):
                return bool(verdict)
        except TypeError:  # an undecidable comparison: ask below
            pass
    try:
        verdict = sp.ask(pred)
    except Exception:
        return None
    return verdict


def _numeric(expr: sp.Expr, point: dict, indexed: dict, rng):
    e = expr.xreplace(point)
    if e.free_symbols - set(point) and any(isinstance(s, sp.Symbol) for s in e.free_symbols):
        e = e.doit()
    else:
        e = e.doit()
    for q in sorted(e.atoms(sp.Indexed), key=str):
        if q not in indexed:
            indexed[q] = sp.Rational(rng.randint(-30, 30), rng.randint(7, 13))
    e = e.xreplace(indexed)
    if e.free_symbols:
        return None
    value = sp.N(e, 40)
    return value if value.is_number and value.is_finite else None


_UNEVALUABLE = (sp.Integral, sp.Derivative, sp.Limit, AppliedUndef)


def _evaluable(e: sp.Expr) -> bool:
    if e.has(*_UNEVALUABLE):
        return False
    return all(type(f).__module__.startswith("sympy.") for f in e.atoms(sp.Function))


def _differentiated(e: sp.Expr) -> sp.Expr:
    """``e`` with each derivative of an evaluable body taken (SymPy's rules of
    differentiation, before any point is put in): d(x)/dx on a side no longer hides the
    rest of it from the search."""
    def taken(d: sp.Derivative) -> sp.Expr:
        return d.doit() if _evaluable(d.expr) else d

    try:
        return e.replace(lambda q: isinstance(q, sp.Derivative), taken)
    except (TypeError, ValueError, NotImplementedError):
        return e


def domain_points(symbols: Sequence, predicates: Sequence, points: int = 3,
                  seed: int = 0) -> list[dict]:
    """Up to ``points`` random exact points of the stated domain of ``symbols``: every
    assumption key of each symbol met and every predicate about them true.  A symbol a
    predicate ties to them is drawn too (x + w > 0 leaves x's domain to w's value); no point
    when a predicate speaks of something no point can hold (E(...), an entry): the domain
    is then unknown."""
    symbols, sampled = list(symbols), set(symbols)
    while True:  # to a fixpoint of the symbols drawn
        relevant, tied = [], set()
        for pred in predicates:
            speaks_of = getattr(pred, "free_symbols", set())
            if not speaks_of & sampled:
                continue
            if any(not isinstance(q, sp.Symbol) for q in speaks_of) or not all(
                    _evaluable(sp.sympify(arg)) for arg in getattr(pred, "arguments", ())):
                return []
            relevant.append(pred)
            tied |= speaks_of - sampled
        if not tied:
            break
        symbols += sorted(tied, key=str)
        sampled |= tied
    rng = random.Random(seed)
    out = []
    # first the point where each symbol is 0 (else 1) if its declaration allows: random
    # rationals never draw 0, where a dropped case of a formula shows ([h^2 <= 0] = 0)
    special = {s: next((v for v in (sp.S.Zero, sp.S.One) if unmet_assumption(s, v) is None),
                       None) for s in symbols}
    if symbols and all(v is not None for v in special.values()) and all(
            _holds(p, special) is True for p in relevant):
        out.append(special)
    for _ in range(points):
        for _attempt in range(20):
            point = {s: _sample(s, rng) for s in symbols}
            if any(value is None for value in point.values()):
                return out  # a symbol no draw can meet
            if all(_holds(p, point) is True for p in relevant):
                out.append(point)
                break
        else:
            return out
    return out


def numeric_refutation(a: sp.Expr, b: sp.Expr, predicates: Sequence, points: int = 3,
                       seed: int = 0) -> dict | None:
    """A point of the stated domain where ``a`` and ``b`` differ, if one of a few
    random points (exact rationals, 40-digit evaluation) shows it; ``None`` otherwise.

    Independent of ``simplify`` and ``refine``: Sums with symbolic limits are
    evaluated at concrete sizes, and derivatives of SymPy's functions are taken
    first.  Sides with unevaluated functions (E, Var), integrals, limits or
    derivatives of them are not evaluated.
    """

    a, b = _differentiated(sp.sympify(a)), _differentiated(sp.sympify(b))
    if not (_evaluable(a) and _evaluable(b)):
        return None
    free = sorted((a.free_symbols | b.free_symbols) - {s for e in (a, b)
                  for s in e.atoms(sp.Indexed)}, key=str)
    free = [s for s in free if isinstance(s, sp.Symbol)]
    rng = random.Random(seed + 1)  # the entries' values
    for point in domain_points(free, predicates, points, seed):
        indexed: dict = {}
        try:
            va, vb = _numeric(a, point, indexed, rng), _numeric(b, point, indexed, rng)
        except (ZeroDivisionError, TypeError, ValueError, RecursionError):
            continue
        if va is None or vb is None:
            continue
        scale = max(abs(va), abs(vb), sp.Integer(1))
        if abs(va - vb) > scale * sp.Float(10) ** -25:
            return point
    return None


