"""What a factory of this package accepts: data, never code.

A factory's parameters become part of a trusted rule, so each is checked to be
the kind of SymPy object its statement speaks of.  A Python callable, a
look-alike object or a fact that is not a SymPy boolean is refused with a
message naming the factory and the parameter (the kernel's threat model: a
chapter may call any factory with any arguments).
"""

from __future__ import annotations

from collections.abc import Iterable

import sympy as sp
from sympy.assumptions.assume import AppliedPredicate

__all__ = ["facts", "names", "symbol"]


def symbol(factory: str, parameter: str, value) -> sp.Symbol:
    """``value`` if it is a plain SymPy symbol."""
    if not isinstance(value, sp.Symbol) or isinstance(value, sp.Dummy | sp.Wild):
        raise TypeError(f"{factory}: {parameter}={value!r} must be a sympy Symbol")
    return value


def names(factory: str, parameter: str, values: Iterable) -> tuple:
    """``values`` if each is a SymPy symbol or an ``IndexedBase`` (a family of random names).
    Randomness belongs to a name: an entry w[1] is refused (w[i] could be w[1] for some i,
    and would pass for a constant); give the family w."""
    out = tuple(values)
    for v in out:
        if not isinstance(v, sp.Symbol | sp.IndexedBase) or isinstance(v, sp.Dummy | sp.Wild):
            raise TypeError(f"{factory}: {parameter} holds {v!r}; expected sympy Symbols or "
                            "IndexedBase names (a family: randomness belongs to a name, not "
                            "to one entry)")
    return out


def facts(factory: str, parameter: str, values: Iterable) -> tuple:
    """``values`` if each is a SymPy fact (``Q.le(i, n)``, ``i <= n``); the factory makes
    them its axiom's ``requires``, so a derivation that uses it must state them."""
    out = tuple(values)
    for f in out:
        if not isinstance(f, AppliedPredicate | sp.core.relational.Relational | sp.And):
            raise TypeError(f"{factory}: {parameter} holds {f!r}; expected SymPy facts such as "
                            "Q.le(i, n)")
    return out
