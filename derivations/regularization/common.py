"""Symbols shared by the regularization chapter's derivations."""

from __future__ import annotations

import sympy as sp

__all__ = ["eta", "g", "i", "k", "lam", "n", "w"]

#: learning rate and penalty strength
eta = sp.Symbol("eta", positive=True)
lam = sp.Symbol("lambda", positive=True)
#: number of weights and indices
n = sp.Symbol("n", integer=True, positive=True)
i = sp.Symbol("i", integer=True, positive=True)
k = sp.Symbol("k", integer=True, positive=True)
#: weights and loss gradients
w = sp.IndexedBase("w", real=True)
g = sp.IndexedBase("g", real=True)
