"""Moment algebra: an unevaluated expectation ``E`` and the axioms that move it.

``sympy.stats`` needs a concrete distribution and a fixed number of random
variables; variance propagation needs neither.  Here ``E(X)`` is an
unevaluated SymPy function of a polynomial in *random symbols*, and two
axioms move it:

* :func:`linearity` — ``E(a X + b Y) = a E(X) + b E(Y)`` for ``a, b`` free of
  the random symbols;
* :func:`independence` — ``E(X Y) = E(X) E(Y)`` when ``X`` and ``Y`` are
  products of random symbols from different independent groups.

>>> import sympy as sp
>>> w, x = sp.symbols("w x")
>>> lin = linearity([w, x])
>>> ind = independence([[w], [x]])
>>> ind.apply(lin.apply(E(3 * w * x + 2)))
3*E(w)*E(x) + 2
>>> sp.expand(ind.apply(lin.apply(Var(w * x))))
-E(w)**2*E(x)**2 + E(w**2)*E(x**2)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import sympy as sp
from sympy.core.function import AppliedUndef

from ..kernel import Axiom, derivation_randoms
from . import _parameters

__all__ = [
    "MOMENT_HEADS",
    "RANDOM_HEADS",
    "RANDOM_NAMES",
    "Cov",
    "E",
    "Var",
    "independence",
    "is_random",
    "linearity",
    "outside_moments",
    "variance_definition",
]

#: function classes whose applications are random variables (U(lo, hi), N(mu, sd)): every
#: expectation axiom takes a factor containing one for random, whatever else it is told
RANDOM_HEADS: set = set()
#: function classes whose applications are numbers even of random arguments (E, Var)
MOMENT_HEADS: set = set()
#: names the axiom modules declare random (a keep indicator D, the draws X[b]): random for
#: every expectation axiom, whatever it is told
RANDOM_NAMES: set = set()


def outside_moments(expr: sp.Expr) -> sp.Expr:
    """``expr`` with each moment (:data:`MOMENT_HEADS`) a fresh number, so that only what
    stands outside every moment is left to read: E(w) is a number, but not 1, which
    could cancel (sin((E(u) - 1) u) read with E(u) = 1 is sin(0), and the u is lost)."""
    expr = sp.sympify(expr)
    moments = tuple(MOMENT_HEADS)
    if moments and expr.has(*moments):
        expr = expr.replace(lambda q: isinstance(q, moments), lambda q: sp.Dummy("moment"))
    return expr


def is_random(expr: sp.Expr, randoms) -> bool:
    """Whether ``expr`` holds a random name of ``randoms`` (symbols, or IndexedBase names
    whose entries are random), of the derivation being proved (any of its expectation
    axioms declares it random: ``kernel.derivation_randoms``) or a random variable of
    :data:`RANDOM_HEADS`, outside any moment (E(w) is a number)."""
    expr = outside_moments(expr)
    labels = {r.label if isinstance(r, sp.IndexedBase) else r
              for r in (*randoms, *RANDOM_NAMES, *derivation_randoms())}
    if expr.free_symbols & labels:
        return True
    heads = {r.func for r in labels if isinstance(r, AppliedUndef)}
    if heads and any(q.func in heads for q in expr.atoms(AppliedUndef)):
        # an application made random by a tie (f(1) = w) makes its function random wherever
        # it is applied, however the argument is written (f(x) with x = 1 is f(1))
        return True
    if any(q.base.label in labels or q.base in labels for q in expr.atoms(sp.Indexed)):
        return True
    return any(q.func in RANDOM_HEADS for q in expr.atoms(sp.Function))


class E(sp.Function):
    """The expectation operator, left unevaluated.  The expectation of a real random
    variable is real (a derivation that writes E(X) presumes it exists)."""

    nargs = 1
    #: what the class's own assumption methods trust (listed by Derivation.trusted)
    trusted_assumption = ("E(X) is real and finite when X is real: every random variable a "
                          "derivation writes has a finite mean")

    def _eval_is_extended_real(self):
        return True if self.args[0].is_extended_real else None

    def _eval_is_finite(self):
        return True if self.args[0].is_extended_real and has_mean(self.args[0]) else None


def has_mean(X: sp.Expr) -> bool:
    """Whether ``X`` is shown to have a mean as far as the laws go: of each draw of a law
    (N(0, 1), U(a, b), ...) it is a function the densities integrate (no pole, root or
    logarithm there, at most exponential growth: :func:`derivations.axioms.init._regular`).
    e^(N(0, 1)^2) has none, and linearity split E(e^(Z^2) + 1) - E(e^(Z^2)) into 1.  A
    name with no law has the mean the derivation presumes (:attr:`E.trusted_assumption`)."""
    from .init import _regular  # the laws' growth check (init imports this module)

    X = sp.sympify(X)
    draws = {q for q in X.atoms(sp.Function) if q.func in RANDOM_HEADS}
    for node in sp.preorder_traversal(X):  # the growth check reads one draw at a time, the
        # others as constants: e^(Z1 Z2) is linear in each, quadratic in both (no mean); a
        # power b^e is e^(e log b), so (1 + e^Z1)^Z2 has both draws in one exponent too
        power = node.args[0] if isinstance(node, sp.exp) else node.exp * sp.log(node.base) \
            if isinstance(node, sp.Pow) and node.exp.has(*draws) else None
        if power is not None and len({q for q in draws if power.has(q)}) > 1:
            return False
    return all(_regular(X, q) for q in draws)


def terms_with_means(X: sp.Expr) -> tuple | None:
    """The terms of the expanded ``X`` if each has a mean (:func:`has_mean`), else None: what
    linearity may split.  E(e^(Z^2) + 1) is no sum of two means, and E(e^(Z^2) + 1) -
    E(e^(Z^2)) = 1 was proved by splitting it."""
    terms = sp.Add.make_args(sp.expand(X))
    return terms if all(map(has_mean, terms)) else None


MOMENT_HEADS.add(E)


def Var(X: sp.Expr) -> sp.Expr:
    """The definition ``Var(X) = E(X**2) - E(X)**2``."""
    return E(sp.expand(X**2)) - E(X) ** 2


def Cov(X: sp.Expr, Y: sp.Expr) -> sp.Expr:
    """The definition ``Cov(X, Y) = E(X Y) - E(X) E(Y)``."""
    return E(sp.expand(X * Y)) - E(X) * E(Y)


def _split(term: sp.Expr, randoms: set) -> tuple[sp.Expr, sp.Expr]:
    """Split a product into (constant factor, random factor)."""
    const, rand = sp.S.One, sp.S.One
    for f in sp.Mul.make_args(term):
        if is_random(f, randoms):
            rand *= f
        else:
            const *= f
    return const, rand


def linearity(randoms: Iterable[sp.Symbol]) -> Axiom:
    """Linearity of expectation over polynomials in ``randoms``."""
    rs = set(_parameters.names("linearity", "randoms", randoms))

    def rewrite(expr: sp.Expr) -> sp.Expr:
        def one(arg):
            terms = terms_with_means(arg)
            if terms is None:
                return E(arg)
            out = sp.S.Zero
            for term in terms:
                c, r = _split(term, rs)
                out += c * (r if r == 1 else E(r))
            return out

        return expr.replace(lambda e: isinstance(e, E), lambda e: one(e.args[0]))

    names = ", ".join(sorted(str(r) for r in rs))
    return Axiom(
        name="linearity of expectation",
        statement=f"E(aX + bY) = a E(X) + b E(Y) for constants a, b (random: {names}; "
        "every other symbol is a constant).",
        rule=rewrite,
        reference="G. Grimmett, D. Stirzaker. Probability and Random Processes, 3rd ed., "
        "section 3.3 (linearity of expectation).",
        randoms=tuple(rs),
    )


def independence(groups: Sequence[Iterable[sp.Symbol]]) -> Axiom:
    """``E`` of a product factorises across mutually independent groups."""
    gs = [frozenset(v.label if isinstance(v, sp.IndexedBase) else v  # entries w[i]: w
                    for v in _parameters.names("independence", "groups", g)) for g in groups]

    def groups_of(factor) -> set:
        return {k for k, g in enumerate(gs) if factor.free_symbols & g}

    def only_of(factor, k: int) -> bool:
        """Whether ``factor`` is a function of group k alone: with the group's names held
        fixed nothing random is left (not U(0, 1), a mask D, or a name of no group)."""
        fixed = factor.replace(lambda q: isinstance(q, sp.Indexed) and q.base.label in gs[k],
                               lambda q: sp.Dummy())
        return not is_random(fixed.xreplace({v: sp.Dummy() for v in gs[k]}), ())

    def rewrite(expr: sp.Expr) -> sp.Expr:
        def one(e):
            arg = e.args[0]
            if not isinstance(arg, sp.Mul):
                return e
            parts: dict = {}
            for f in arg.args:
                touched = groups_of(f)
                if len(touched) > 1:  # e.g. (w + x): not a function of one group
                    return e
                if not touched and is_random(f, ()):  # U(0, 1): random, in no group
                    return e
                if touched and not only_of(f, next(iter(touched))):  # w + U: w's and U's
                    return e
                parts.setdefault(next(iter(touched), None), []).append(f)
            if len(parts) < 2:
                return e
            return sp.Mul(*(E(sp.Mul(*fs)) for fs in parts.values()))

        return expr.replace(lambda e: isinstance(e, E), one)

    names = " | ".join("{" + ", ".join(sorted(str(s) for s in g)) + "}" for g in gs)
    return Axiom(
        name="independence",
        statement=f"The groups {names} are mutually independent, so E of a product "
        "of functions of different groups is the product of their expectations; every "
        "symbol in no group is a constant.",
        rule=rewrite,
        reference="G. Grimmett, D. Stirzaker. Probability and Random Processes, 3rd ed., "
        "sections 3.2-3.3 (independent variables: E(g(X) h(Y)) = E(g(X)) E(h(Y))).",
        randoms=tuple(sorted(set().union(*gs), key=str)),
        independent=tuple(tuple(sorted(g, key=str)) for g in gs),
    )


def variance_definition(X: sp.Symbol, var_symbol: sp.Symbol) -> sp.Eq:
    """``E(X**2) = Var + E(X)**2``, a rewrite from second moment to variance."""
    return sp.Eq(E(X**2), var_symbol + E(X) ** 2)
