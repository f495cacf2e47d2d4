"""Symbols, random variables and rewrite rules shared by the initialization chapter.

The parameter symbols carry the names the tests use as oracle keywords:
``n_in``, ``n_out`` (positive integers), ``gain`` (positive), ``a`` (the
leaky-ReLU negative slope, ``a >= 0``), ``L`` (depth), ``b`` (a uniform
bound), ``s`` (a scale), ``sigma`` (a standard deviation).

A uniform random variable is the unevaluated application ``U(lo, hi)``, a
normal one ``N(0, sigma)``; because the bounds are *arguments*, substituting
``b -> 1/sqrt(n_in)`` in ``Var(U(-b, b))`` gives ``Var(U(-1/sqrt(n_in), ...))``,
which is how a proved formula is instantiated for a named scheme.

>>> Var_(U(-b, b))
Var(U(-b, b))
>>> variance_definition.apply(Var_(U(-b, b)))
-E(U(-b, b))**2 + E(U(-b, b)**2)
>>> uniform_density.apply(E(U(-b, b) ** 2)).doit()
b**2/3
"""

from __future__ import annotations

import sympy as sp

from ..expectation import E, Var
from ..kernel import Assumption, Axiom, Lemma

__all__ = [
    "E",
    "IndexedAssumption",
    "L",
    "N",
    "U",
    "Var_",
    "a",
    "b",
    "gain",
    "instantiate",
    "n",
    "n_in",
    "n_out",
    "normal_density",
    "s",
    "sigma",
    "t",
    "uniform_density",
    "variance_definition",
]

n_in = sp.Symbol("n_in", integer=True, positive=True)
n_out = sp.Symbol("n_out", integer=True, positive=True)
n = sp.Symbol("n", integer=True, positive=True)
gain = sp.Symbol("gain", positive=True)
a = sp.Symbol("a", real=True, nonnegative=True)
L = sp.Symbol("L", integer=True, positive=True)
b = sp.Symbol("b", positive=True)
s = sp.Symbol("s", positive=True)
sigma = sp.Symbol("sigma", positive=True)
t = sp.Symbol("t", real=True)  # integration variable

#: ``Var(X)`` left unevaluated (the report prints it as Var); its meaning is
#: the axiom :data:`variance_definition`.
Var_ = sp.Function("Var")
#: The uniform random variable on ``[lo, hi]``.
U = sp.Function("U")
#: The normal random variable ``N(mean, std)``.
N = sp.Function("N")


def _unfold_variance(expr: sp.Expr) -> sp.Expr:
    return expr.replace(lambda e: isinstance(e, Var_), lambda e: Var(e.args[0]))


variance_definition = Axiom(
    name="definition of variance",
    statement="Var(X) = E(X^2) - E(X)^2.",
    rule=_unfold_variance,
)


def _density_rule(kind, density):
    def rewrite(expr: sp.Expr) -> sp.Expr:
        def one(e):
            rvs = [f for f in e.args[0].atoms(sp.Function) if isinstance(f, kind)]
            if len(rvs) != 1:
                return e
            rv = rvs[0]
            lo, hi, dens = density(*rv.args)
            return sp.Integral(e.args[0].subs(rv, t) * dens, (t, lo, hi))

        return expr.replace(lambda e: isinstance(e, E), one)

    return rewrite


uniform_density = Axiom(
    name="uniform density",
    statement="U(lo, hi) has density 1/(hi - lo) on [lo, hi], so "
    "E(g(U)) = integral of g(t)/(hi - lo) over [lo, hi].",
    rule=_density_rule(U, lambda lo, hi: (lo, hi, 1 / (hi - lo))),
)

normal_density = Axiom(
    name="normal density",
    statement="N(mu, sigma) has density exp(-(t - mu)^2/(2 sigma^2))/(sigma sqrt(2 pi)), so "
    "E(g(N)) = integral of g(t) times that density over the real line.",
    rule=_density_rule(
        N,
        lambda mu, sd: (
            -sp.oo, sp.oo, sp.exp(-((t - mu) ** 2) / (2 * sd**2)) / (sd * sp.sqrt(2 * sp.pi))
        ),
    ),
)


def instantiate(lemma: Lemma, mapping: dict, name: str | None = None) -> Lemma:
    """The lemma with its universally quantified symbols replaced (``n -> n_in``);
    the kernel checks the instantiation (:meth:`Lemma.instantiate`)."""
    return lemma.instantiate(mapping, name)


class IndexedAssumption(Assumption):
    """An assumption whose substitutions hold for every value of their integer indices.

    ``E(w_i w_j) = Var(w) delta_ij`` is a schema over ``i, j``: the kernel
    matches it as a pattern (:attr:`Assumption.variables`), under binders too.
    """

    def __post_init__(self):
        if not self.variables:
            found = {v for eq in self.substitutions for q in eq.lhs.atoms(sp.Indexed)
                     for v in q.free_symbols - {q.base.label} if v.is_integer}
            object.__setattr__(self, "variables", tuple(sorted(found, key=str)))
