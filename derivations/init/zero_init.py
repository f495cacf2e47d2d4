"""Item 7: zero (or any symmetric) initialization never breaks the symmetry (slide 004).

Take a two-layer network with ``k = 3`` hidden units, any activation ``f``
and any loss ``ell`` (both undefined SymPy functions):

.. math::

    y = \\sum_{j=1}^{3} v_j f\\Big(\\sum_{i=1}^{2} W_{ji} x_i\\Big), \\qquad
    \\mathcal{L} = \\ell(y).

If every hidden unit starts identical (``W_{ji} = r_i`` for all ``j``, e.g.
``W = 0``, and ``v_j = c``), then ``dL/dW_{ji}`` and ``dL/dv_j`` do not depend
on ``j``; after a gradient step the units are again identical, so by induction
they stay identical forever (slide 004: "sigma_2 и sigma_3 будут обновляться
одинаково").  With ``W = 0`` and ``v = 0`` the gradient of ``W`` is exactly 0.

>>> ZERO.prove().ok
True
>>> ZERO.claim("init.zero.symmetry").rhs
0
"""

from __future__ import annotations

import sympy as sp

from ..kernel import Assumption, Claim, Derivation, Step

__all__ = ["ZERO", "gradients"]

SLIDE = "004: Инициализация весов (что будет, если инициализировать веса нулями?)"
K, D = 3, 2  # hidden units, inputs

f, ell = sp.Function("f"), sp.Function("ell")
W = sp.Matrix(K, D, lambda j, i: sp.Symbol(f"W_{j + 1}{i + 1}", real=True))
v = sp.Matrix(K, 1, lambda j, _: sp.Symbol(f"v_{j + 1}", real=True))
xs = sp.Matrix(D, 1, lambda i, _: sp.Symbol(f"x_{i + 1}", real=True))
r = sp.symbols(f"r_1:{D + 1}", real=True)
c, eta = sp.Symbol("c", real=True), sp.Symbol("eta", positive=True)

hidden = W * xs
y = sum(v[j] * f(hidden[j]) for j in range(K))
loss = ell(y)

_params = [*W, *v]


def _at(point: dict):
    keys = tuple(point)
    return lambda e: sp.Subs(e, keys, tuple(point[k] for k in keys))


def gradients(point: dict) -> tuple[sp.Matrix, sp.Matrix]:
    """``dL/dW`` and ``dL/dv`` at ``point`` as unevaluated ``Subs(Derivative)``."""
    at = _at(point)
    g_w = W.applyfunc(lambda p: at(sp.Derivative(loss, p)))
    g_v = v.applyfunc(lambda p: at(sp.Derivative(loss, p)))
    return g_w, g_v


def _spread(g_w: sp.Matrix, g_v: sp.Matrix) -> sp.Expr:
    """The squared distance of every unit from unit 1: 0 iff all units are identical."""
    return (sum((g_w[j, i] - g_w[0, i]) ** 2 for j in range(1, K) for i in range(D))
            + sum((g_v[j] - g_v[0]) ** 2 for j in range(1, K)))


identical = {W[j, i]: r[i] for j in range(K) for i in range(D)} | {v[j]: c for j in range(K)}
zero = {W[j, i]: 0 for j in range(K) for i in range(D)} | {v[j]: c for j in range(K)}
all_zero = {p: 0 for p in _params}

gw_id, gv_id = gradients(identical)
gw_0, gv_0 = gradients(zero)
gw_00, _ = gradients(all_zero)

# one gradient step from the identical state, then the spread of the new weights
W_next = W.subs(identical) - eta * gw_id
v_next = v.subs(identical) - eta * gv_id
spread_next = _spread(W_next, v_next)

_sym = Assumption(
    "identical hidden units",
    "Every hidden unit starts with the same incoming weights (W_ji = r_i) and the same "
    "outgoing weight (v_j = c); W = 0 is the case r = 0.",
)

_steps = [
    *(Step(*(gw_0[j, i] for j in range(K)), because="chain rule",
           note=f"dL/dW_j{i + 1} at W = 0 is the same for every hidden unit j.")
      for i in range(D)),
    Step(*(gv_0[j] for j in range(K)), because="chain rule"),
    Step(_spread(gw_0, gv_0), 0, because="chain rule"),
    Step(_spread(gw_id, gv_id), 0, because="chain rule"),
    Step(spread_next, 0, because="chain rule",
         note="After W <- W - eta dL/dW, v <- v - eta dL/dv the units are identical again."),
    Step(sum(g**2 for g in gw_00), 0, because="chain rule",
         note="dL/dW_ji = ell'(y) v_j f'(h_j) x_i vanishes when v = 0."),
]

ZERO = Derivation(
    id="init.zero_symmetry",
    title="Zero initialization: every hidden unit receives the same gradient",
    chapter="init",
    assumptions=(_sym,),
    steps=tuple(_steps),
    claims=(
        Claim("init.zero.symmetry",
              "With W = 0 (and equal v_j) all hidden units get identical gradients.",
              _spread(gw_0, gv_0), sp.S.Zero, slide=SLIDE),
        Claim("init.zero.identical_rows",
              "Any initialization with identical hidden units gives identical gradients.",
              _spread(gw_id, gv_id), sp.S.Zero, slide=SLIDE),
        Claim("init.zero.symmetry_persists",
              "After a gradient step identical hidden units are still identical (so forever).",
              spread_next, sp.S.Zero, slide=SLIDE),
        Claim("init.zero.dead_when_v_zero",
              "With W = 0 and v = 0 the gradient of W is exactly zero.",
              sum(g**2 for g in gw_00), sp.S.Zero, slide=SLIDE),
    ),
    slides=(SLIDE,),
    summary="Identical units compute identical activations and receive identical gradients, "
            "so gradient descent can never make them differ: random initialization is needed.",
)
