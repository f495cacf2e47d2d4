"""The slides' dropout formulas, each resolved against the derivations.

The slides use ``p`` for two different things.  Slide 003 (PyTorch) and slide
002 ("each neuron has p% probability to dropout") make ``p`` the probability
of *dropping* a unit, as this project does; slide 004 says "with probability
p we switch a neuron off" and then writes ``D ~ Bern(p)`` with ``o_i = f(..)``
with probability ``p`` - the *keep* probability; slide 001's "dropout
probability" is the keep probability of its source (CS231n, where ``p`` is
"the probability of keeping a unit active").  At ``p = 0.5`` every reading
gives the same numbers (``p = 1 - p``, ``1/p = 1/(1 - p) = 2``), so every
counterexample below uses ``p = 1/5``.

Statements that check out (no erratum):

* slide 002, "When testing, no dropout and all the weights times (100-p)%":
  with ``p%`` the drop probability, ``(100 - p)% = 1 - p/100`` is the keep
  probability, the factor of :data:`dropout.classic.test_scale`.  The same
  slide then writes ``z' (1 - p) ≈ z`` with ``p = 0.5``: a fraction, not a
  percentage; read as a fraction it is the same factor.
* slide 003 (PyTorch ``Dropout``): zero with probability ``p``, scale by
  ``1/(1-p)`` in training, identity in evaluation - exactly
  :mod:`derivations.dropout.inverted`.  (Its sentence "Each channel will be
  zeroed out independently" is copied from PyTorch's documentation, where
  ``Dropout`` zeroes *elements*; channels are ``Dropout2d``.)
* slide 004's backward ``d = D f'(h) W d`` is right for classic dropout (no
  scale in either pass); after the switch to inverted dropout on the same
  slide the backward must carry the same ``1/p`` (keep reading) as the
  forward (:mod:`derivations.dropout.gradient`).

Each :class:`Erratum` below gives the slide's formula read in the project's
convention (``p`` = drop probability), the derived one, and ``p = 1/5``.
"""

from __future__ import annotations

import sympy as sp

from ..kernel import Erratum
from .common import p, q
from .ensemble import _am, _softmax_scaled

__all__ = ["ERRATA"]

x = sp.Symbol("x", real=True)
f = sp.Symbol("f", real=True)  # the activation f(X W + b) of a unit
z = sp.Symbol("z", positive=True)  # a pre-activation in training (slide 002's z)

_P = sp.Rational(1, 5)

ERRATA = (
    Erratum(
        id="dropout.slide001.test_scale",
        slide="001",
        quote="At test time, multiply by dropout probability",
        problem="Ambiguous: right if 'dropout probability' is the keep probability (its "
        "source, CS231n, defines p as the probability of keeping a unit), wrong if it is the "
        "probability of dropping (PyTorch, slide 003, this project). Classic dropout must "
        "multiply by the keep probability 1 - p. At p = 0.2 (drop) the training expectation "
        "is 0.8 x, and multiplying by 0.2 makes test activations 4 times too small; at p = 0.5 "
        "the two readings coincide and hide the difference.",
        slide_expr=p * x, correct_expr=q * x, at={p: _P, x: 1},
    ),
    Erratum(
        id="dropout.slide002.z_ratio",
        slide="002",
        quote="Assume p = 0.5 ... z' ≈ 2z, z'·(1 - p) ≈ z",
        problem="Ambiguous, not wrong: correct under its own assumption p = 0.5, but there "
        "1/(1 - p) = 1/p = 2, so the example does not show which factor is meant. The "
        "test-time pre-activation without scaling is z' ≈ z/(1 - p) with p the drop "
        "probability; at p = 0.2 that is 1.25 z - not 2 z (the number on the slide) and not "
        "z/p = 5 z (the keep-probability misreading).",
        slide_expr=2 * z, correct_expr=z / q, at={p: _P, z: 1},
    ),
    Erratum(
        id="dropout.slide004.bernoulli",
        slide="004",
        quote="С вероятностью p отключаем нейрон ... D = (D_1, ..., D_k) ~ iidBern(p), "
        "o_i = f(w x_i + b) with probability p, 0 with probability 1 - p",
        problem="Ambiguous: the text makes p the probability of switching a neuron off, the "
        "formula the probability of keeping it (P(D_i = 1) = p). With p the drop probability "
        "the mask must be Bern(1 - p): at p = 0.2 a unit is kept with probability 0.8, not "
        "0.2. The formulas that follow on the slide are right only in the keep reading.",
        slide_expr=p, correct_expr=q, at={p: _P},
    ),
    Erratum(
        id="dropout.slide004.test_scale",
        slide="004",
        quote="На тесте ищем математическое ожидание: o = p · f(X · W + b)",
        problem="Ambiguous: right with p the keep probability (the slide's Bern(p)), wrong "
        "with p the drop probability (the slide's own text). Then E[D f] = (1 - p) f, and at "
        "p = 0.2 the test output p f = 0.2 f is 4 times smaller than the training mean 0.8 f.",
        slide_expr=p * f, correct_expr=q * f, at={p: _P, f: 1},
    ),
    Erratum(
        id="dropout.slide004.inverted",
        slide="004",
        quote="train: o = (1/p) · D · f(X · W + b); test: o = f(X · W + b)",
        problem="Ambiguous: inverted dropout divides by the keep probability. With p the drop "
        "probability (D ~ Bern(1 - p)) the training mean is E[D f/p] = (1 - p) f/p, which at "
        "p = 0.2 is 4 f instead of f; the scale must be 1/(1 - p) (PyTorch, slide 003).",
        slide_expr=q * f / p, correct_expr=f, at={p: _P, f: 1},
    ),
    Erratum(
        id="dropout.slide004.ensemble_average",
        slide="004",
        quote="можно отключать по очереди все возможные комбинации нейронов, получить 2^n "
        "прогнозов и усреднить их. Но лучше просто брать по дропауту математическое ожидание",
        problem="An approximation presented as a replacement: taking the expectation inside "
        "the network reproduces the average of the 2^n predictions exactly only for a linear "
        "output. For a softmax output it reproduces the normalised geometric mean (Baldi and "
        "Sadowski, 2013), not the arithmetic average: with one input, two classes, p = 1/4 "
        "and kept logits (log 4, 0), the scaled network predicts 2 sqrt(2)/(1 + 2 sqrt(2)) = "
        "0.7388 while the average of the predictions is 29/40 = 0.725.",
        slide_expr=_softmax_scaled, correct_expr=_am, at={},
    ),
)
