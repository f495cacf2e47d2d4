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
c*x_1*Subs(Derivative(ell(u), u), u, 3*c*f(0))*Subs(Derivative(f(u), u), u, 0)
"""

from __future__ import annotations

import sympy as sp

from ..kernel import Assumption, Claim, Derivation, Step

__all__ = ["ZERO", "gradients"]

SLIDE = "004: Инициализация весов (что будет, если инициализировать веса нулями?)"
K, D = 3, 2  # hidden units, inputs

f, ell = sp.Function("f", smooth=True), sp.Function("ell", smooth=True)  # differentiable
W = sp.Matrix(K, D, lambda j, i: sp.Symbol(f"W_{j + 1}{i + 1}", real=True))
v = sp.Matrix(K, 1, lambda j, _: sp.Symbol(f"v_{j + 1}", real=True))
xs = sp.Matrix(D, 1, lambda i, _: sp.Symbol(f"x_{i + 1}", real=True))
r = sp.symbols(f"r_1:{D + 1}", real=True)
c, eta = sp.Symbol("c", real=True), sp.Symbol("eta", positive=True)

hidden = W * xs
y = sum(v[j] * f(hidden[j]) for j in range(K))
loss = ell(y)

_params = [*W, *v]
u = sp.Symbol("u")
dell = ell(u).diff(u).subs(u, y)  # ell'(y)


def _at(point: dict):
    keys = tuple(point)
    return lambda e: sp.Subs(e, keys, tuple(point[k] for k in keys))


def gradients(point: dict) -> tuple[sp.Matrix, sp.Matrix]:
    """``dL/dW`` and ``dL/dv`` at ``point`` as unevaluated ``Subs(Derivative)``."""
    at = _at(point)
    g_w = W.applyfunc(lambda p: at(sp.Derivative(loss, p)))
    g_v = v.applyfunc(lambda p: at(sp.Derivative(loss, p)))
    return g_w, g_v


def chain_rule_w(j: int, i: int) -> sp.Expr:
    """``dL/dW_ji = ell'(y) v_j f'(h_j) x_i``."""
    return dell * v[j] * f(u).diff(u).subs(u, hidden[j]) * xs[i]


identical = {W[j, i]: r[i] for j in range(K) for i in range(D)} | {v[j]: c for j in range(K)}
zero = {W[j, i]: 0 for j in range(K) for i in range(D)} | {v[j]: c for j in range(K)}
all_zero = {p: 0 for p in _params}

gw_id, gv_id = gradients(identical)
gw_0, _ = gradients(zero)
gw_00, _ = gradients(all_zero)

#: The common gradients: what every hidden unit receives at the identical point.
G_id = [chain_rule_w(0, i).subs(identical) for i in range(D)]
G_0 = [chain_rule_w(0, i).subs(zero) for i in range(D)]
Gv_id = (dell * f(hidden[0])).subs(identical)

# one gradient step from the identical state
W_next = W.subs(identical) - eta * gw_id
v_next = v.subs(identical) - eta * gv_id

_sym = Assumption(
    "identical hidden units",
    "Every hidden unit starts with the same incoming weights (W_ji = r_i) and the same "
    "outgoing weight (v_j = c); W = 0 is the case r = 0.",
)

_steps = [
    *(Step(sp.Derivative(loss, W[j, i]), chain_rule_w(j, i), because="chain rule",
           note="dL/dW_ji = ell'(y) v_j f'(h_j) x_i.")
      for j in range(K) for i in range(D)),
    *(Step(gw_0[j, i], G_0[i], because="chain rule",
           note=f"At W = 0, v = c: unit {j + 1} gets the common gradient.")
      for j in range(K) for i in range(D)),
    *(Step(gw_id[j, i], G_id[i], because="chain rule") for j in range(K) for i in range(D)),
    *(Step(gv_id[j], Gv_id, because="chain rule") for j in range(K)),
    *(Step(W_next[j, i], r[i] - eta * G_id[i], because="chain rule",
           note="After the step every row is again r_i - eta G_i: identical.")
      for j in range(K) for i in range(D)),
    *(Step(v_next[j], c - eta * Gv_id, because="chain rule") for j in range(K)),
    Step(gw_00[K - 1, D - 1], 0, because="chain rule",
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
              "With W = 0 (and equal v_j) every hidden unit j gets dL/dW_j1 = "
              "ell'(3 c f(0)) c f'(0) x_1: identical gradients.",
              gw_0[K - 1, 0], G_0[0], slide=SLIDE),
        Claim("init.zero.identical_rows",
              "Any initialization with identical hidden units gives identical gradients.",
              gw_id[K - 1, 0], G_id[0], slide=SLIDE),
        Claim("init.zero.symmetry_persists",
              "After a gradient step identical hidden units are still identical (so forever).",
              W_next[K - 1, 0], r[0] - eta * G_id[0], slide=SLIDE),
        Claim("init.zero.dead_when_v_zero",
              "With W = 0 and v = 0 the gradient of W is exactly zero.",
              gw_00[K - 1, D - 1], sp.S.Zero, slide=SLIDE),
    ),
    slides=(SLIDE,),
    summary="Identical units compute identical activations and receive identical gradients, "
            "so gradient descent can never make them differ: random initialization is needed.",
)
