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

from ..axioms.init import (
    N,
    U,
    Var_,
    normal_density,
    uniform_density,
    variance_definition,
)
from ..expectation import E
from ..kernel import Assumption, Lemma

__all__ = [
    "E",
    "L",
    "N",
    "U",
    "Var_",
    "a",
    "b",
    "gain",
    "indexed_assumption",
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



def instantiate(lemma: Lemma, mapping: dict, name: str | None = None) -> Lemma:
    """The lemma with its universally quantified symbols replaced (``n -> n_in``);
    the kernel checks the instantiation (:meth:`Lemma.instantiate`)."""
    return lemma.instantiate(mapping, name)


def indexed_assumption(name: str, statement: str, predicates: tuple = (),
                       substitutions: tuple = ()) -> Assumption:
    """An assumption whose substitutions hold for every value of their integer indices.

    ``E(w_i w_j) = Var(w) delta_ij`` is a schema over ``i, j``: the kernel
    matches it as a pattern (:attr:`Assumption.variables`), under binders too.
    The quantified indices are the integer symbols of the left sides' ``Indexed``.
    """
    found = {v for eq in substitutions for q in eq.lhs.atoms(sp.Indexed)
             for v in q.free_symbols - {q.base.label} if v.is_integer}
    return Assumption(name, statement, predicates=predicates, substitutions=substitutions,
                      variables=tuple(sorted(found, key=str)))
