"""The trusted rules of the activations chapter.

``tanh_definition`` rewrites ``tanh(u)`` into exponentials,
``(e^u - e^{-u})/(e^u + e^{-u}) = (1 - e^{-2u})/(1 + e^{-2u})``: the definition of
the hyperbolic tangent (Abramowitz & Stegun, *Handbook of Mathematical Functions*, 4.5.5), which
SymPy keeps as a named function whose ``simplify`` does not unfold it.  It is a
definition of a named function, applied only to ``tanh``; it proves nothing
about any other function.  ``tests/activations/test_derivations.py`` shows it
refusing false statements (``tanh(x) = 2 sigma(x) - 1``, ``tanh' = 1 - tanh``).

>>> import sympy as sp
>>> u = sp.Symbol("u", real=True)
>>> tanh_definition.apply(sp.tanh(u))
(1 - exp(-2*u))/(1 + exp(-2*u))
"""

from __future__ import annotations

import functools

import sympy as sp

from ..kernel import Axiom, alpha_normal, evaluate

__all__ = ["tanh_definition"]

ABRAMOWITZ_STEGUN = ("M. Abramowitz, I. A. Stegun, Handbook of Mathematical Functions, 1964, "
                     "4.5.5: tanh z = sinh z / cosh z, with 4.5.1-4.5.2")


def _unfold_tanh(expr: sp.Expr) -> sp.Expr:
    return expr.replace(
        lambda e: isinstance(e, sp.tanh),
        lambda e: (1 - sp.exp(-2 * e.args[0])) / (1 + sp.exp(-2 * e.args[0])),
    )


tanh_definition = Axiom(
    name="definition of tanh",
    statement="tanh(u) = (e^u - e^(-u))/(e^u + e^(-u)) = (1 - e^(-2u))/(1 + e^(-2u)) for every "
              "real u (applied to tanh only).",
    rule=_unfold_tanh,
    reference=ABRAMOWITZ_STEGUN,
)


def _is_real_line(limits) -> bool:
    return len(limits) == 1 and len(limits[0]) == 3 and limits[0][1:] == (-sp.oo, sp.oo)


def _split_at_zero(integral: sp.Integral) -> sp.Expr:
    """``int_R Piecewise((A, t > 0), (B, True)) g dt -> int_0^oo A g dt + int_-oo^0 B g dt``."""
    if not isinstance(integral, sp.Integral) or not _is_real_line(integral.limits):
        return integral
    var = integral.limits[0][0]
    folded = sp.piecewise_fold(integral.function)
    if not isinstance(folded, sp.Piecewise) or len(folded.args) != 2:
        return integral
    (pos, cond_pos), (neg, cond_neg) = folded.args
    if cond_pos != (var > 0) or cond_neg is not sp.true:
        return integral
    return sp.Integral(pos, (var, 0, sp.oo)) + sp.Integral(neg, (var, -sp.oo, 0))


split_at_zero = Axiom(
    name="an integral over the real line splits at 0",
    statement="int_R g(t) dt = int_0^oo g(t) dt + int_-oo^0 g(t) dt, applied to an integrand "
              "Piecewise((A(t), t > 0), (B(t), True)) (after folding): on t > 0 it is A, on "
              "t < 0 it is B, and the single point t = 0 carries no mass. Only integrals over "
              "the whole real line whose integrand folds to exactly that two-piece form are "
              "rewritten.",
    rule=lambda e: e.replace(lambda i: isinstance(i, sp.Integral), _split_at_zero),
    reference="Additivity of the Lebesgue integral over disjoint sets; a point has measure 0.",
)


def _converges(integral: sp.Integral) -> bool:
    """Whether the kernel evaluates ``integral`` to a finite value (SymPy's doit where the
    kernel allows it: a smooth integrand; any other integral is not shown finite).  Asked
    once per integral up to the name of its variable (each expectation names its own)."""
    return _finite(alpha_normal(integral))


@functools.lru_cache(maxsize=4096)
def _finite(integral: sp.Integral) -> bool:
    return evaluate(integral).is_finite is True


def _linear_parts(integral: sp.Integral) -> sp.Expr:
    """``int (c1 g1 + c2 g2) dt -> c1 int g1 dt + c2 int g2 dt`` for c_k free of t, done
    only when every part evaluates to a finite value (int_1^oo (1/t - 1/(t+1)) dt = log 2
    is finite, its parts are not)."""
    if not isinstance(integral, sp.Integral) or len(integral.limits) != 1:
        return integral
    var = integral.limits[0][0]
    parts = [term.as_independent(var, as_Add=False)
             for term in sp.Add.make_args(sp.expand(integral.function))]
    pieces = [(const, sp.Integral(rest, *integral.limits)) for const, rest in parts]
    # one part too, when a constant comes out: 0 * (a divergent integral) is undefined
    moved = len(pieces) > 1 or pieces[0][0] != 1
    if moved and not all(_converges(piece) for _, piece in pieces):
        return integral
    return sp.Add(*(const * piece for const, piece in pieces))


integral_linearity = Axiom(
    name="linearity of the integral",
    statement="int (c_1 g_1(t) + ... + c_k g_k(t)) dt = c_1 int g_1 dt + ... + c_k int g_k dt "
              "for constants c_k free of t and integrable g_k: the integrand is expanded "
              "first, and the split is made only when every part evaluates to a finite "
              "value (each g_k integrable).",
    rule=lambda e: e.replace(lambda i: isinstance(i, sp.Integral), _linear_parts),
    reference="Linearity of the Lebesgue integral on integrable functions.",
)

__all__ += ["integral_linearity", "split_at_zero"]
