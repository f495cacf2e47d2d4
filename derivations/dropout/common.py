"""Symbols, the Bernoulli mask and the rewrite rules shared by the dropout chapter.

Throughout, ``p`` is the probability of *dropping* a unit (PyTorch's
convention), so a unit is kept with probability ``1 - p``.  A keep indicator
is a random symbol: ``D`` for one unit, ``D[i]`` for unit ``i`` of a layer,
``M[i, j]`` for weight ``(i, j)`` under DropConnect.  Its moments are axioms:

* :data:`bernoulli` — ``E(D**k) = 1 - p`` for every ``k >= 1`` (an indicator
  is idempotent, ``D**k = D``);
* :func:`bernoulli_pairs` — ``E(D[i] D[k]) = (1-p)**2 + p (1-p) delta(i, k)``:
  independent indicators for ``i != k``, the same indicator for ``i = k``.

Sums over a symbolic number of units ``n`` are SymPy ``Sum`` objects over
``IndexedBase`` symbols; :func:`sum_linearity` moves ``E`` through them and
:data:`square_of_sum` writes ``(sum_i f_i)**2`` as a double sum.

>>> sum_linearity([Dv]).apply(E(sp.Sum(x_[i] * Dv[i], (i, 1, n)) / (1 - p)))
Sum(E(D[i])*x[i], (i, 1, n))/(1 - p)
>>> bernoulli.apply(E(D**3) + E(D))
2 - 2*p
"""

from __future__ import annotations

from collections.abc import Iterable

import sympy as sp

from ..expectation import E
from ..kernel import Assumption, Axiom

__all__ = [
    "M1",
    "M2",
    "MASK_FAMILIES",
    "MASK_SYMBOLS",
    "D",
    "Dv",
    "E",
    "M",
    "W",
    "X",
    "a",
    "b",
    "bernoulli",
    "bernoulli_pairs",
    "c",
    "dout",
    "drop_rate",
    "g",
    "i",
    "j",
    "k",
    "l",
    "m",
    "mu",
    "n",
    "p",
    "q",
    "sifting",
    "sigma2",
    "square_of_sum",
    "sum_linearity",
    "t",
    "w",
    "x",
    "x_",
]

#: The probability of dropping a unit, and of keeping it.
p = sp.Symbol("p", positive=True)
q = 1 - p
#: A unit's input (a constant), its keep indicator, an upstream gradient.
x = sp.Symbol("x", real=True)
D = sp.Symbol("D", nonnegative=True)
dout = sp.Symbol("dout", real=True)
#: The keep indicators of two channels (spatial dropout: one mask per channel).
M1 = sp.Symbol("M_1", nonnegative=True)
M2 = sp.Symbol("M_2", nonnegative=True)
#: A random input (batch-norm shift) with mean ``mu`` and variance ``sigma2``.
X = sp.Symbol("X", real=True)
mu = sp.Symbol("mu", real=True)
sigma2 = sp.Symbol("sigma2", positive=True)
#: A regression target.
t = sp.Symbol("t", real=True)
#: Layer sizes and indices.
n = sp.Symbol("n", integer=True, positive=True)
m = sp.Symbol("m", integer=True, positive=True)
i, j, k, l = sp.symbols("i j k l", integer=True, positive=True)  # noqa: E741
#: Indexed inputs, weights, biases and masks.
x_ = sp.IndexedBase("x", real=True)
W = sp.IndexedBase("W", real=True)
w = sp.IndexedBase("w", real=True)
b = sp.IndexedBase("b", real=True)
Dv = sp.IndexedBase("D", integer=True, nonnegative=True)
M = sp.IndexedBase("M", integer=True, nonnegative=True)
g = sp.IndexedBase("g", real=True)
a, c = sp.symbols("a c", integer=True, positive=True)

drop_rate = Assumption(
    name="drop probability",
    statement="p is the probability of dropping a unit, 0 < p < 1; a unit is kept with "
    "probability 1 - p (PyTorch's convention).",
)


def _is_random(expr: sp.Expr, randoms: frozenset) -> bool:
    if expr.free_symbols & randoms:
        return True
    return any(a.base.label in randoms or a.base in randoms for a in expr.atoms(sp.Indexed))


def sum_linearity(randoms: Iterable) -> Axiom:
    """Linearity of expectation through constants and finite sums.

    ``E(c * Sum(f_i, (i, 1, n))) = c * Sum(E(f_i), (i, 1, n))`` for ``c`` free
    of the random symbols (plain symbols or ``IndexedBase`` names).
    """
    rs = frozenset(r.label if isinstance(r, sp.IndexedBase) else r for r in randoms)

    def one(arg: sp.Expr) -> sp.Expr:
        out = sp.S.Zero
        for term in sp.Add.make_args(sp.expand(arg)):
            const, rand = sp.S.One, sp.S.One
            for f in sp.Mul.make_args(term):
                if _is_random(f, rs):
                    rand *= f
                else:
                    const *= f
            if rand == 1:
                out += const
            elif isinstance(rand, sp.Sum):
                out += const * sp.Sum(one(rand.function), *rand.limits)
            else:
                out += const * E(rand)
        return out

    def rewrite(expr: sp.Expr) -> sp.Expr:
        return expr.replace(lambda e: isinstance(e, E), lambda e: one(e.args[0]))

    names = ", ".join(sorted(str(r) for r in rs))
    return Axiom(
        name="linearity of expectation over finite sums",
        statement="E(c Sum_i f_i) = c Sum_i E(f_i) for a finite sum and c free of the "
        f"random symbols ({names}).",
        rule=rewrite,
    )


#: The keep indicators: the only symbols the Bernoulli axioms speak about.
MASK_SYMBOLS = (D, M1, M2)
MASK_FAMILIES = (Dv, M)


def _is_mask(e: sp.Expr) -> bool:
    """``e`` is a keep indicator: a mask symbol or an entry of a mask family."""
    return e in MASK_SYMBOLS or (isinstance(e, sp.Indexed) and e.base in MASK_FAMILIES)


def _bernoulli(expr: sp.Expr) -> sp.Expr:
    def keep(e):
        arg = e.args[0]
        base = arg.base if isinstance(arg, sp.Pow) and arg.exp.is_positive else arg
        return q if _is_mask(base) else e

    return expr.replace(lambda e: isinstance(e, E), keep)


bernoulli = Axiom(
    name="Bernoulli keep indicator",
    statement="A keep indicator (D, M_1, M_2, D[i] or M[i, j]; no other symbol) is "
    "Bernoulli(1 - p): it takes the values 0 and 1, so D**k = D and E(D**k) = P(D = 1) = "
    "1 - p for every k > 0.",
    rule=_bernoulli,
)


def _indicator_product(e: sp.Expr):
    """The two indexed indicators of ``E(A*B)`` (or ``E(A**2)``), else ``None``."""
    arg = e.args[0]
    if isinstance(arg, sp.Pow) and isinstance(arg.base, sp.Indexed) and arg.exp == 2:
        return arg.base, arg.base
    if isinstance(arg, sp.Mul) and len(arg.args) == 2 and all(
            isinstance(f, sp.Indexed) for f in arg.args):
        return arg.args
    return None


def bernoulli_pairs(mask: sp.IndexedBase) -> Axiom:
    """``E(A B)`` for two keep indicators of the mask family ``mask`` (``Dv`` or ``M``).

    Indicators with the same indices are one variable (``E(D_i**2) = 1 - p``);
    with different indices they are independent (``(1 - p)**2``):
    ``E(D_i D_k) = (1-p)**2 + p (1-p) * delta(i, k)`` (a product of deltas,
    one per index, for a two-index family such as DropConnect's ``M``).
    Any other indexed symbol, even one named ``D``, is left alone.

    >>> bernoulli_pairs(Dv).apply(E(Dv[i] * Dv[k]))
    p*(1 - p)*KroneckerDelta(i, k) + (1 - p)**2
    >>> bernoulli_pairs(Dv).apply(E(sp.IndexedBase("D")[i] * sp.IndexedBase("D")[k]))
    E(D[i]*D[k])
    """
    if mask not in MASK_FAMILIES:
        raise ValueError(f"mask={mask!r}: expected one of the mask families "
                         f"{', '.join(map(str, MASK_FAMILIES))} of derivations.dropout.common")

    def rewrite(expr: sp.Expr) -> sp.Expr:
        def one(e):
            pair = _indicator_product(e)
            if pair is None or any(f.base != mask for f in pair):
                return e
            a, c = pair
            same = sp.Mul(*(sp.KroneckerDelta(u, v) for u, v in
                            zip(a.indices, c.indices, strict=True)))
            return q**2 + p * q * same

        return expr.replace(lambda e: isinstance(e, E), one)

    name = mask.label.name
    return Axiom(
        name=f"independent keep indicators {name}",
        statement=f"The indicators {name}[...] of this mask family (no other symbol) are "
        f"independent Bernoulli(1 - p): E({name}_a {name}_c) = (1-p)^2 + p(1-p) [a = c].",
        rule=rewrite,
    )


def _double_sum(s1: sp.Sum, s2: sp.Sum) -> sp.Expr | None:
    """``s1 * s2`` as one double sum, or ``None`` if that would capture a variable.

    The inner index is a fresh symbol (``k_2``, ``k_3``, ...: the first name
    that occurs nowhere in either sum, free or bound; the assumptions of
    ``s2``'s index), so nothing can be captured by it; the outer index keeps
    its name (derivation predicates speak about it) and so must not occur
    free in ``s2``, where it would be captured.
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


def _square_of_sum(expr: sp.Expr) -> sp.Expr:
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


square_of_sum = Axiom(
    name="product of finite sums",
    statement="(Sum_i f_i)(Sum_k g_k) = Sum_i Sum_k f_i g_k, and (Sum_i f_i)^2 = "
    "Sum_i Sum_k f_i f_k (distributivity over finite sums); k is a fresh index, and the "
    "product is left alone when i occurs free in the second factor.",
    rule=_square_of_sum,
)


expectation_of_sum = Axiom(
    name="expectation of a finite sum",
    statement="E(Sum_r f_r) = Sum_r E(f_r) for a finite sum with fixed limits.",
    rule=lambda expr: expr.replace(
        lambda e: isinstance(e, E) and isinstance(e.args[0], sp.Sum),
        lambda e: sp.Sum(E(e.args[0].function), *e.args[0].limits)),
)


def _bound_inside(expr: sp.Expr) -> set:
    """The indices bound by the sums nested inside ``expr``."""
    return {lim[0] for e in expr.atoms(sp.Sum) for lim in e.limits}


def sifting(predicates: Iterable = ()) -> Axiom:
    """The sifting property of the Kronecker delta, under a derivation's ``predicates``.

    ``Sum_{i=lo}^{hi} delta(i, a) f_i = f_a`` holds only for an integer ``a``
    with ``lo <= a <= hi``; outside the range the sum is 0.  The rule sifts
    only when SymPy's ``ask`` proves both from ``predicates`` (pass the
    derivation's :meth:`~derivations.kernel.Derivation.all_predicates`);
    otherwise it leaves the sum as it is.

    >>> a = sp.Symbol("a", integer=True)
    >>> s = sp.Sum(sp.KroneckerDelta(i, a) * x_[i], (i, 1, n))
    >>> sifting((sp.Q.ge(a, 1), sp.Q.le(a, n))).apply(s)
    x[a]
    >>> sifting().apply(s) == s
    True
    """
    facts = sp.And(*predicates)

    def in_range(other, lo, hi) -> bool:
        return bool(sp.ask(sp.Q.integer(other) & sp.Q.le(lo, other) & sp.Q.le(other, hi),
                           facts))

    def one(s):
        variables = [lim[0] for lim in s.limits]
        for f in sp.Mul.make_args(s.function):
            if not isinstance(f, sp.KroneckerDelta):
                continue
            for var, lo, hi in s.limits:
                if var not in f.args:
                    continue
                other = f.args[0] if f.args[1] == var else f.args[1]
                body = s.function / f
                if (other.free_symbols & (set(variables) | _bound_inside(body))
                        or not in_range(other, lo, hi)):
                    continue
                body = body.subs(var, other)
                rest = [lim for lim in s.limits if lim[0] != var]
                return one(sp.Sum(body, *rest)) if rest else body
        return s

    shown = ", ".join(sp.sstr(pr) for pr in predicates) or "none"
    return Axiom(
        name="sifting property of the Kronecker delta",
        statement="Sum_{i=lo}^{hi} delta(a, i) f_i = f_a, applied only when a is an integer "
        f"that the predicates ({shown}) prove to lie in lo..hi; otherwise the sum is left.",
        rule=lambda expr: expr.replace(lambda e: isinstance(e, sp.Sum), one),
    )
