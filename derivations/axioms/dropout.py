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
``IndexedBase`` symbols; the rules on them (moving ``E`` through a sum,
the product of sums as a double sum, Kronecker sifting) are the shared ones of
:mod:`derivations.sums`.

>>> from derivations.sums import expectation_linearity
>>> expectation_linearity([Dv]).apply(E(sp.Sum(x_[i] * Dv[i], (i, 1, n)) / (1 - p)))
Sum(E(D[i])*x[i], (i, 1, n))/(1 - p)
>>> bernoulli.apply(E(D**3) + E(D))
2 - 2*p
"""

from __future__ import annotations

import sympy as sp

from ..kernel import Assumption, Axiom
from .expectation import RANDOM_NAMES, E

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
    "sigma2",
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
    predicates=(sp.Q.positive(p), sp.Q.lt(p, 1)),
)


#: The keep indicators: the only symbols the Bernoulli axioms speak about.
MASK_SYMBOLS = (D, M1, M2)
MASK_FAMILIES = (Dv, M)
RANDOM_NAMES.update((*MASK_SYMBOLS, *MASK_FAMILIES))


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
    requires=drop_rate.predicates,  # a probability: 0 < p < 1
    names=(p,),
    reference="N. Srivastava et al. Dropout: a simple way to prevent neural networks from "
    "overfitting. JMLR 15 (2014), section 4 (r ~ Bernoulli(p_keep)).",
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
        requires=drop_rate.predicates,
        names=(p,),
        reference="N. Srivastava et al., JMLR 15 (2014), section 4; L. Wan et al. "
        "Regularization of neural networks using DropConnect. ICML 2013.",
    )
