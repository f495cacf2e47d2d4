"""One oracle API: a claim id and its instantiation to a cached numeric function.

>>> f = oracle("init.xavier.variance")
>>> float(f(n_in=2, n_out=6, gain=1))
0.25
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import sympy as sp

__all__ = ["oracle", "value"]


@functools.cache
def _compiled(claim_id: str, fixed: tuple) -> tuple[tuple[str, ...], Callable]:
    from derivations import claim

    c = claim(claim_id)
    rhs = sp.sympify(c.rhs)
    if fixed:
        by_name = {s.name: s for s in rhs.free_symbols}
        rhs = rhs.subs({by_name[k]: v for k, v in fixed if k in by_name}).doit()
    names = tuple(sorted(s.name for s in rhs.free_symbols))
    symbols = sorted(rhs.free_symbols, key=lambda s: s.name)
    return names, sp.lambdify(symbols, rhs, modules=["scipy", "numpy"])


def oracle(claim_id: str, **instantiation) -> Callable:
    """The right side of claim ``claim_id`` as a NumPy function of its free symbols' names.

    ``instantiation`` fixes symbols before compiling (for example a symbolic
    width ``n=3``, after which finite sums are evaluated); the result is
    called with the remaining symbols as keywords.
    """
    names, fn = _compiled(claim_id, tuple(sorted(instantiation.items())))

    def evaluate(**values):
        missing = [n for n in names if n not in values]
        if missing:
            raise TypeError(f"oracle {claim_id}: missing values for {', '.join(missing)}")
        return fn(*(values[n] for n in names))

    evaluate.__name__ = f"oracle[{claim_id}]"
    return evaluate


def value(claim_id: str, **values) -> float:
    """The claim's right side at ``values`` (every free symbol given)."""
    return oracle(claim_id)(**values)
