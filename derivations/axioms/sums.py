"""The algebra of finite sums: one guarded implementation of the rules every chapter trusts.

A finite sum is a SymPy ``Sum`` with integer limits.  The rules below are
axioms (trusted, listed in the report), each guarded so that it cannot prove a
false statement:

* :data:`SUM_LINEARITY` — :math:`\\sum_j (a f_j + b h_j) = a\\sum_j f_j + b\\sum_j h_j`
  for ``a, b`` free of ``j``; the derivative of a finite sum is the sum of the
  derivatives;
* :data:`CONSTANT_SUM` — :math:`\\sum_{j=a}^{b} c = (b - a + 1)\\,c` for ``c`` free of ``j``;
* :func:`sifting` — :math:`\\sum_{j=a}^{b} \\delta_{jc} h_j = h_c`, only when ``c`` is
  provably an integer with :math:`a \\le c \\le b` (outside the range the sum
  is 0) and no sum inside ``h`` binds a symbol of ``c`` (it would be captured);
* :func:`renaming` — :math:`\\sum_k f_k = \\sum_j f_j`, only when ``j`` occurs
  nowhere (free or bound) in the summand or the limits;
* :data:`PRODUCT_OF_SUMS` — :math:`(\\sum_i f_i)(\\sum_k g_k) = \\sum_i\\sum_{k'} f_i g_{k'}`
  with a fresh inner index ``k'`` (``k_2``, ``k_3``, ...: deterministic, so both
  sides of a step get the same name), left alone when ``i`` occurs free in the
  second factor;
* :func:`expectation_linearity` —
  :math:`E(c \\sum_i f_i + d) = c \\sum_i E(f_i) + d` for ``c, d`` free of the random symbols.

Sifting decides the range from the predicates it is given (a derivation's),
the ranges of the enclosing sums and the symbols' assumptions, with SymPy's
``ask`` (Graham, Knuth and Patashnik, *Concrete Mathematics*, 2nd ed., ch. 2,
for the rules themselves).

>>> i, j, n = sp.symbols("i j n", integer=True, positive=True)
>>> x = sp.IndexedBase("x")
>>> sifting(sp.Q.le(i, n)).apply(sp.Sum(sp.KroneckerDelta(i, j) * x[j], (j, 1, n)))
x[i]
>>> sifting().apply(sp.Sum(sp.KroneckerDelta(i, j) * x[j], (j, 1, n)))  # i <= n unknown
Sum(KroneckerDelta(i, j)*x[j], (j, 1, n))
>>> SUM_LINEARITY.apply(sp.Sum(2 * x[j] + 3, (j, 1, n)))
3*Sum(1, (j, 1, n)) + 2*Sum(x[j], (j, 1, n))
>>> CONSTANT_SUM.apply(sp.Sum(3, (j, 1, n)))
3*n
>>> PRODUCT_OF_SUMS.apply(sp.Sum(x[i], (i, 1, n)) ** 2)
Sum(x[i]*x[i_2], (i_2, 1, n), (i, 1, n))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import sympy as sp

from ..kernel import Axiom, _ask, ordered
from . import _parameters
from .expectation import E, is_random, terms_with_means

__all__ = [
    "CONSTANT_SUM",
    "PRODUCT_OF_SUMS",
    "SUM_LINEARITY",
    "apply_sum_rules",
    "expand_keeping_roots",
    "expectation_linearity",
    "in_range",
    "renaming",
    "sifting",
]

#: a rule on one sum: (summand, variable, lower, upper, facts) -> rewritten sum or None
Job = Callable[[sp.Expr, sp.Symbol, sp.Expr, sp.Expr, tuple], "sp.Expr | None"]


def expand_keeping_roots(expr: sp.Expr) -> sp.Expr:
    """``expand``, but roots and reciprocals of sums are kept whole (as one factor).

    >>> a, b = sp.symbols("a b", positive=True)
    >>> expand_keeping_roots((a + 1) * (b + 1) / sp.sqrt(a + b))
    a*b/sqrt(a + b) + a/sqrt(a + b) + b/sqrt(a + b) + 1/sqrt(a + b)
    """
    expr = sp.sympify(expr)
    kept = {q: sp.Dummy() for q in expr.atoms(sp.Pow)
            if q.base.is_Add and not (q.exp.is_Integer and q.exp > 0)}
    out = sp.expand(expr.xreplace(kept))
    return out.xreplace({v: q for q, v in kept.items()})


def _bound(expr: sp.Expr) -> set:
    """The summation variables of every Sum inside ``expr``."""
    return {lim[0] for s in sp.sympify(expr).atoms(sp.Sum) for lim in s.limits}


def in_range(index: sp.Expr, lo: sp.Expr, hi: sp.Expr, facts: Iterable = ()) -> bool:
    """Whether ``index`` is an integer with ``lo <= index <= hi``, provably.

    Proved by ``ask`` from the symbols' assumptions alone, or from them and ``facts``.

    >>> i, n = sp.symbols("i n", integer=True, positive=True)
    >>> in_range(i, 1, n), in_range(i, 1, n, (sp.Q.le(i, n),)), in_range(n + 1, 1, n)
    (False, True, False)
    >>> in_range(sp.Symbol("h", real=True), 1, n, (sp.Q.ge(sp.Symbol("h", real=True), 1),))
    False
    """
    facts = tuple(facts)

    def holds(fact) -> bool:  # ask without facts first: ask(Q.ge(i, 1), Q.le(i, m)) is None
        return _ask(fact) is True or (bool(facts) and _ask(fact, facts) is True)

    return ((index.is_integer is True or holds(sp.Q.integer(index)))  # the cheap way first
            and (ordered(lo, index, facts, asking=False) or holds(sp.Q.ge(index, lo)))
            and (ordered(index, hi, facts, asking=False) or holds(sp.Q.le(index, hi))))


# ---------------------------------------------------------------- one rule on one sum

def _linear(f, v, a, b, facts):
    """sum_v (c f_v + d h_v) = c sum_v f_v + d sum_v h_v for c, d free of v."""
    parts = [t.as_independent(v, as_Add=False)
             for t in sp.Add.make_args(expand_keeping_roots(f))]
    if len(parts) == 1 and parts[0][0] == 1:
        return None
    return sp.Add(*(c * sp.Sum(r, (v, a, b)) for c, r in parts))


def _constant(f, v, a, b, facts):
    """sum_{v=a}^b c = (b - a + 1) c for c free of v."""
    return (b - a + 1) * f if v not in f.free_symbols else None


def _sifted(f, v, a, b, facts):
    """sum_{v=a}^b delta(v, c) h_v = h_c, or None when that is not provable.

    Needs a delta with ``v`` itself as one argument, ``c`` free of ``v``, no
    Sum in ``h`` that binds a symbol of ``c``, and ``c`` provably an integer in
    ``a..b`` (:func:`in_range`).
    """
    for q in sp.Mul.make_args(f):
        if not isinstance(q, sp.KroneckerDelta) or len(q.args) != 2 or v not in q.args:
            continue
        other = q.args[1] if q.args[0] == v else q.args[0]
        if v in other.free_symbols or other.free_symbols & _bound(f):
            continue
        if in_range(other, a, b, facts):
            return (f / q).subs(v, other)
    return None


def _renamed_to(target: sp.Symbol) -> Job:
    def job(f, v, a, b, facts):
        """sum_v f_v = sum_t f_t, only if no t (free or bound) occurs in summand or limits."""
        if v == target or f.has(target) or a.has(target) or b.has(target):
            return None
        if target.assumptions0 != v.assumptions0:  # k in -3..3 renamed to a positive j
            return None
        return sp.Sum(f.xreplace({v: target}), (target, a, b))
    return job


# ---------------------------------------------------------------- walking the sums

def _nested(f: sp.Expr, limits: tuple) -> sp.Expr:
    for lim in limits:
        f = sp.Sum(f, lim)
    return f


def _walk_sum(f: sp.Expr, limits: tuple, facts: tuple, job: Job) -> sp.Expr:
    """Apply ``job`` to one sum (limits innermost first), its summand first.

    ``facts`` are the predicates that hold where the sum stands (the
    derivation's, and the ranges of the enclosing sums' variables); a fact
    about the summation variable itself is dropped inside (it is rebound).
    """
    (v, a, b) = limits[-1]
    if not (sp.sympify(a).is_finite and sp.sympify(b).is_finite):  # a series: no rule
        f = _nested(f, limits[:-1])
        return sp.Sum(f, (v, a, b))
    inside = tuple(q for q in facts if v not in q.free_symbols)
    if ordered(a, b + 1, facts):  # reversed limits (Karr) range over b+1..a-1: no facts
        inside = (*inside, sp.Q.ge(v, a), sp.Q.le(v, b))
    f = _walk_sum(f, limits[:-1], inside, job) if len(limits) > 1 else _walk(f, inside, job)
    out = job(f, v, a, b, facts)
    return sp.Sum(f, (v, a, b)) if out is None else out


def _walk(expr: sp.Expr, facts: tuple, job: Job) -> sp.Expr:
    if isinstance(expr, sp.Sum):
        out = _walk_sum(expr.function, expr.limits, facts, job)
        # an unchanged multi-limit Sum keeps its form (the walk nests its limits)
        return expr if out == _nested(expr.function, expr.limits) else out
    if expr.is_Atom or not expr.has(sp.Sum):
        return expr
    return expr.func(*(_walk(q, facts, job) for q in expr.args))


def _fixpoint(job: Job, expr: sp.Expr, facts: Iterable = ()) -> sp.Expr:
    """Apply ``job`` to every sum until nothing changes."""
    previous, expr, facts = None, sp.sympify(expr), tuple(facts)
    while previous != expr:
        previous, expr = expr, _walk(expr, facts, job)
    return expand_keeping_roots(expr) if job is _linear else expr


def _differentiate(expr: sp.Expr) -> sp.Expr:
    """Evaluate derivatives (of a Sum: the Sum of the derivatives), but no Sum."""
    return sp.sympify(expr).replace(lambda e: isinstance(e, sp.Derivative),
                                    lambda e: sp.diff(e.expr, *e.variables))


# ---------------------------------------------------------------- the axioms

SUM_LINEARITY = Axiom(
    "linearity of finite sums",
    "sum_j (a f_j + b h_j) = a sum_j f_j + b sum_j h_j for a, b free of j, and the derivative "
    "of a finite sum is the sum of the derivatives.",
    lambda e: _fixpoint(_linear, _differentiate(e)),
    reference="Graham, Knuth and Patashnik, Concrete Mathematics, 2nd ed., section 2.3.",
)
CONSTANT_SUM = Axiom(
    "sum of a constant",
    "sum_{j=a}^b c = (b - a + 1) c for c free of j.",
    lambda e: _fixpoint(_constant, e),
    reference="Graham, Knuth and Patashnik, Concrete Mathematics, 2nd ed., section 2.2.",
)


def sifting(*facts) -> Axiom:
    """The sifting property of the Kronecker delta, under the predicates ``facts``.

    .. math:: \\sum_{j=a}^{b} \\delta_{jc}\\, h_j = h_c
              \\quad (c \\in \\mathbb{Z},\\ a \\le c \\le b)

    Applied only when :func:`in_range` proves the condition from ``facts``
    (list them among the derivation's predicates), the ranges of the
    enclosing sums and the symbols' assumptions, and no sum in ``h`` binds a
    symbol of ``c``; otherwise the sum is left as it is.

    >>> j, m = sp.symbols("j m", integer=True, positive=True)
    >>> x = sp.IndexedBase("x")
    >>> sifting().apply(sp.Sum(sp.KroneckerDelta(j, m + 1) * x[j], (j, 1, m)))
    Sum(KroneckerDelta(j, m + 1)*x[j], (j, 1, m))
    >>> sifting().apply(sp.Sum(sp.KroneckerDelta(j, m) * x[j], (j, 1, m)))
    x[m]
    """
    facts = _parameters.facts("sifting", "facts", facts)
    stated = " and ".join(sp.sstr(f) for f in facts) or "no further predicate"
    return Axiom(
        f"Kronecker-delta sifting under {stated}",
        "sum_{j=a}^b delta(j, c) h_j = h_c, done only when c is an integer and a <= c <= b "
        f"follows from the ranges of the enclosing sums, the symbols' assumptions and {stated} "
        "(listed among the derivation's predicates), and no sum in h binds a symbol of c.",
        lambda e: _fixpoint(_sifted, e, facts),
        reference="Graham, Knuth and Patashnik, Concrete Mathematics, 2nd ed., section 2.2 "
        "(Iverson brackets; the Kronecker delta is [j = c]).",
        requires=facts,
    )


def renaming(target: sp.Symbol) -> Axiom:
    """Renaming a summation variable to ``target``: :math:`\\sum_k f_k = \\sum_t f_t`.

    Done only when ``target`` occurs nowhere, free or bound, in the summand or
    the limits, so that nothing is captured.

    >>> j, k, m = sp.symbols("j k m", integer=True, positive=True)
    >>> x, y = sp.IndexedBase("x"), sp.IndexedBase("y")
    >>> renaming(j).apply(sp.Sum(x[k], (k, 1, m)))
    Sum(x[j], (j, 1, m))
    >>> renaming(j).apply(sp.Sum(x[k] * sp.Sum(y[j], (j, 1, m)), (k, 1, m)))
    Sum(x[k]*Sum(y[j], (j, 1, m)), (k, 1, m))
    """
    job = _renamed_to(_parameters.symbol("renaming", "target", target))
    return Axiom(
        "renaming a summation variable",
        f"sum_k f_k = sum_{target} f_{target}, done only when no {target}, free or bound, "
        "occurs in the summand or the limits (so that nothing is captured).",
        lambda e: _fixpoint(job, e),
        reference="Graham, Knuth and Patashnik, Concrete Mathematics, 2nd ed., section 2.3 "
        "(change of the index variable).",
    )


def apply_sum_rules(expr: sp.Expr, facts: Iterable = (), target: sp.Symbol | None = None
                    ) -> sp.Expr:
    """Linearity, constants, sifting under ``facts`` (and renaming to ``target``) to a fixpoint.

    >>> i, j, m = sp.symbols("i j m", integer=True, positive=True)
    >>> x = sp.IndexedBase("x")
    >>> apply_sum_rules(sp.Sum(2 * x[j] + sp.KroneckerDelta(i, j), (j, 1, m)), (sp.Q.le(i, m),))
    2*Sum(x[j], (j, 1, m)) + 1
    """
    facts = tuple(facts)
    jobs = (_linear, _constant, _sifted) + ((_renamed_to(target),) if target else ())
    expr, previous = _differentiate(expr), None
    while previous != expr:
        previous = expr
        for job in jobs:
            expr = _fixpoint(job, expr, facts)
    return expr


# ---------------------------------------------------------------- products of sums

def _double_sum(s1: sp.Sum, s2: sp.Sum) -> sp.Expr | None:
    """``s1 * s2`` as one double sum, or ``None`` if that would capture a variable.

    The inner index is a fresh symbol (``k_2``, ``k_3``, ...: the first name
    that occurs nowhere in either sum, free or bound, with the assumptions of
    ``s2``'s index); the outer index keeps its name (predicates speak about
    it) and so must not occur free in ``s2``.
    """
    (var, lo, hi), = s1.limits
    (var2, lo2, hi2), = s2.limits
    if var in s2.free_symbols:
        return None
    taken = {e.name for e in (s1.atoms(sp.Symbol) | s2.atoms(sp.Symbol))}
    suffix = 2
    while f"{var2.name}_{suffix}" in taken:
        suffix += 1
    fresh = sp.Symbol(f"{var2.name}_{suffix}", **var2.assumptions0)
    inner = s2.function.xreplace({var2: fresh})
    return sp.Sum(sp.Sum(s1.function * inner, (fresh, lo2, hi2)), (var, lo, hi))


def _single(e) -> bool:
    return isinstance(e, sp.Sum) and len(e.limits) == 1


def _products_of_sums(expr: sp.Expr) -> sp.Expr:
    def product(e):
        if isinstance(e, sp.Pow):
            both = _double_sum(e.base, e.base)
            return e if both is None else both
        sums = [f for f in e.args if _single(f)]
        rest = sp.Mul(*(f for f in e.args if not _single(f)))
        both = _double_sum(sums[0], sums[1])
        return e if both is None else rest * both * sp.Mul(*sums[2:])

    return sp.expand(expr).replace(
        lambda e: (isinstance(e, sp.Pow) and e.exp == 2 and _single(e.base))
        or (isinstance(e, sp.Mul) and sum(1 for f in e.args if _single(f)) >= 2),
        product,
    )


PRODUCT_OF_SUMS = Axiom(
    name="product of finite sums",
    statement="(Sum_i f_i)(Sum_k g_k) = Sum_i Sum_k' f_i g_k', and (Sum_i f_i)^2 = "
    "Sum_i Sum_k' f_i f_k' (distributivity over finite sums); k' is a fresh index, and the "
    "product is left alone when i occurs free in the second factor.",
    rule=_products_of_sums,
    reference="Graham, Knuth and Patashnik, Concrete Mathematics, 2nd ed., section 2.4 "
    "(multiple sums, the distributive law).",
)


# ---------------------------------------------------------------- expectation of sums

def _finite_limits(s: sp.Sum, randoms) -> bool:
    """Every limit of ``s`` a finite value that is no random name (a sum to oo, or to the
    random D, is not a finite sum of fixed length)."""
    return all(sp.sympify(x).is_finite is True and not is_random(x, randoms)
               for lim in s.limits for x in lim[1:])


def expectation_linearity(randoms: Iterable) -> Axiom:
    """Linearity of expectation through constants and finite sums.

    .. math:: E\\Big(c \\sum_{i=a}^{b} f_i + d\\Big) = c \\sum_{i=a}^{b} E(f_i) + d

    for ``c, d`` free of the random symbols (plain symbols or ``IndexedBase``
    names) and fixed limits.

    >>> i, n = sp.symbols("i n", integer=True, positive=True)
    >>> x, D = sp.IndexedBase("x"), sp.IndexedBase("D")
    >>> expectation_linearity([D]).apply(E(3 * sp.Sum(x[i] * D[i], (i, 1, n)) + 1))
    3*Sum(E(D[i])*x[i], (i, 1, n)) + 1
    """
    rs = frozenset(r.label if isinstance(r, sp.IndexedBase) else r
                   for r in _parameters.names("expectation_linearity", "randoms", randoms))

    def one(arg: sp.Expr) -> sp.Expr:
        terms = terms_with_means(arg)
        if terms is None:
            return E(arg)
        out = sp.S.Zero
        for term in terms:
            const, rand = sp.S.One, sp.S.One
            for f in sp.Mul.make_args(term):
                if is_random(f, rs):
                    rand *= f
                else:
                    const *= f
            if rand == 1:
                out += const
            elif isinstance(rand, sp.Sum) and _finite_limits(rand, rs):
                out += const * sp.Sum(one(rand.function), *rand.limits)
            else:
                out += const * E(rand)
        return out

    def rewrite(expr: sp.Expr) -> sp.Expr:
        return expr.replace(lambda e: isinstance(e, E), lambda e: one(e.args[0]))

    names = ", ".join(sorted(str(r) for r in rs))
    return Axiom(
        name="linearity of expectation over finite sums",
        statement="E(c Sum_i f_i + d) = c Sum_i E(f_i) + d for a finite sum (limits finite and "
        f"not random) and c, d free of the random symbols ({names}); every other symbol is a "
        "constant.",
        rule=rewrite,
        reference="G. Grimmett, D. Stirzaker. Probability and Random Processes, 3rd ed., "
        "section 3.3 (linearity of expectation).",
        randoms=tuple(rs),
    )
