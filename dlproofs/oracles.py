"""One oracle API: a claim id and its instantiation to a cached numeric function.

.. math::

    \\operatorname{oracle}(c, \\mathit{inst})(\\mathit{values}) = \\mathrm{rhs}_c
    \\big|_{\\mathit{inst}}\\big|_{\\mathit{values}}

A claim's free symbols are given by name; an indexed symbol (``x[i]``,
``W[i, j]``: a :class:`sympy.IndexedBase`) is given as one array under its
base's name.  Indices count from 1, as in the derivations' sums, so ``x[1]``
is ``x_array[0]``; a free index (the column ``j``) and a sum's size (``n``)
are numbers like any other symbol.

>>> f = oracle("init.xavier.variance")
>>> f.expression
2*gain**2/(n_in + n_out)
>>> float(f(n_in=2, n_out=6, gain=1))
0.25

Instantiating a sum's size evaluates the finite sum; the rest stays symbolic:

>>> g = oracle("dropout.linear.variance", n=2)
>>> g.expression
p*(W[1, j]**2*x[1]**2 + W[2, j]**2*x[2]**2)/(1 - p)
>>> g.names
('W', 'j', 'p', 'x')
>>> float(g(x=[1.0, 2.0], W=[[1.0, 5.0], [3.0, 7.0]], j=1, p=0.5))
37.0

Without it the sum runs over the arrays at the size given; a free index may be an
array of indices (here every output column at once):

>>> h = oracle("dropout.linear.mean")
>>> h.expression
Sum(W[i, j]*x[i], (i, 1, n))
>>> h(x=[1.0, 2.0], W=[[1.0, 5.0], [3.0, 7.0]], j=[1, 2], n=2).tolist()
[7.0, 19.0]
>>> h(x=[1.0, 2.0], W=[[1.0, 5.0], [3.0, 7.0]], j=1)
Traceback (most recent call last):
  ...
TypeError: oracle dropout.linear.mean: missing values for n (it takes W, j, n, x)
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np
import sympy as sp

__all__ = ["oracle", "value"]


def _free_symbols(expr: sp.Expr) -> set[sp.Symbol]:
    """The free symbols proper: names of scalars, free indices and indexed bases (SymPy also
    lists the ``Indexed`` terms themselves, bound indices and all)."""
    return {s for s in expr.free_symbols if isinstance(s, sp.Symbol)}


@functools.cache
def _compiled(claim_id: str, fixed: tuple) -> tuple[sp.Expr, tuple[str, ...], frozenset, Callable]:
    from derivations import claim

    rhs = sp.sympify(claim(claim_id).rhs)
    if fixed:
        by_name = {s.name: s for s in _free_symbols(rhs)}
        unknown = [k for k, _ in fixed if k not in by_name]
        if unknown:
            raise TypeError(f"oracle {claim_id}: no free symbol {', '.join(unknown)} to "
                            f"instantiate (it has {', '.join(sorted(by_name))})")
        rhs = rhs.subs({by_name[k]: v for k, v in fixed}).doit()
    indexed = frozenset(str(a.base.label) for a in rhs.atoms(sp.Indexed))
    # the derivations index from 1, arrays from 0: x[i] reads x_array[i - 1]
    zero_based = rhs.replace(lambda e: isinstance(e, sp.Indexed),
                             lambda e: e.base[tuple(k - 1 for k in e.indices)])
    symbols = sorted(_free_symbols(rhs), key=lambda s: s.name)
    names = tuple(s.name for s in symbols)
    return rhs, names, indexed, sp.lambdify(symbols, zero_based, modules=["scipy", "numpy"])


def oracle(claim_id: str, **instantiation) -> Callable:
    """The right side of claim ``claim_id`` as a NumPy function of its free symbols' names.

    ``instantiation`` fixes symbols before compiling (for example a symbolic
    width ``n=3``, after which finite sums are evaluated); the result is
    called with the remaining symbols as keywords (others are ignored), an
    indexed symbol's values as one array under its base's name (indexed from
    1: ``x[1]`` is the array's first element).  The function's ``expression`` is the
    instantiated right side and ``names`` the keywords it takes.
    """
    expression, names, indexed, fn = _compiled(claim_id, tuple(sorted(instantiation.items())))

    def evaluate(**values):
        missing = [n for n in names if n not in values]
        if missing:
            raise TypeError(f"oracle {claim_id}: missing values for {', '.join(missing)} "
                            f"(it takes {', '.join(names)})")
        return fn(*(np.asarray(values[n]) if n in indexed or isinstance(values[n], list | tuple)
                    else values[n] for n in names))

    evaluate.__name__ = f"oracle[{claim_id}]"
    evaluate.expression = expression
    evaluate.names = names
    return evaluate


def value(claim_id: str, **values) -> float:
    """The claim's right side at ``values`` (every free symbol given)."""
    return oracle(claim_id)(**values)
