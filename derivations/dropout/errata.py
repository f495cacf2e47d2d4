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
  probability, the factor of :data:`dropout.classic.test_scale`.
* slide 002, "Assume p = 0.5 ... z' ≈ 2z, z'·(1 - p) ≈ z": verified.  The
  slide fixes ``p = 0.5`` (a fraction now, not a percentage); the training
  pre-activation that the test network must match is ``z = (1 - p) z'``,
  which is ``dropout.classic.test_scale`` (``E[D x] = (1 - p) x``), and at
  ``p = 1/2`` the factor ``1/(1 - p)`` is exactly 2.  The claim
  ``dropout.classic.train_test_ratio`` states it and the chapter's tests
  check it at ``p = 1/2``.
* slide 003 (PyTorch ``Dropout``): zero with probability ``p``, scale by
  ``1/(1-p)`` in training, identity in evaluation - exactly
  :mod:`derivations.dropout.inverted`.  (Its sentence "Each channel will be
  zeroed out independently" is copied from PyTorch's documentation, where
  ``Dropout`` zeroes *elements*; channels are ``Dropout2d``.)
* slide 004's backward ``d = D f'(h) W d`` is right for classic dropout (no
  scale in either pass); after the switch to inverted dropout on the same
  slide the backward must carry the same ``1/p`` (keep reading) as the
  forward (:mod:`derivations.dropout.gradient`).

Slide 004 is ambiguous at its root: line 495 of its text ("С вероятностью p
отключаем нейрон", with probability p we switch a neuron off) makes ``p`` the
drop probability, while its formulas (line 513, ``D ~ iidBern(p)``; line 523,
``o_i = f(..)`` with probability ``p``, 0 with ``1 - p``) make it the keep
probability.  Its test-time and inverted-dropout formulas are right in the
keep reading that those formulas use; they are listed as ``ambiguous``
consequences of that one inconsistency.  Only the ensemble statement is
wrong in every reading.

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

_P = sp.Rational(1, 5)

ERRATA = (
    Erratum(
        id="dropout.slide001.test_scale",
        slide="001",
        quote="At test time, multiply by dropout probability",
        problem="Ambiguous, right in its source's convention: CS231n, the slide's source, "
        "defines p as the probability of keeping a unit, and then multiplying by p at test "
        "time is exactly right. Read with p the probability of dropping (PyTorch, slide 003, "
        "this project), it is wrong: classic dropout must multiply by the keep probability "
        "1 - p. At p = 0.2 (drop) the training expectation is 0.8 x, and multiplying by 0.2 "
        "makes test activations 4 times too small; at p = 0.5 the two readings coincide.",
        slide_expr=p * x, correct_expr=q * x, at={p: _P, x: 1}, kind="ambiguous",
    ),
    Erratum(
        id="dropout.slide004.bernoulli",
        slide="004",
        quote="С вероятностью p отключаем нейрон ... D = (D_1, ..., D_k) ~ iidBern(p), "
        "o_i = f(w x_i + b) with probability p, 0 with probability 1 - p",
        problem="Ambiguous, the slide contradicts itself: its text (line 495 of the slide "
        "text, 'С вероятностью p отключаем нейрон', with probability p we switch a neuron off) "
        "makes p the drop probability, its formulas (line 513, D ~ iidBern(p); line 523, o_i "
        "= f(w x_i + b) with probability p and 0 with probability 1 - p) make p the keep "
        "probability P(D_i = 1). In the text's reading the mask must be Bern(1 - p): at p = 0.2 "
        "a unit is kept with probability 0.8, not 0.2. The slide's later formulas follow its "
        "formulas, so they are right in the keep reading (the next two errata).",
        slide_expr=p, correct_expr=q, at={p: _P}, kind="ambiguous",
    ),
    Erratum(
        id="dropout.slide004.test_scale",
        slide="004",
        quote="На тесте ищем математическое ожидание: o = p · f(X · W + b)",
        problem="Ambiguous, a consequence of dropout.slide004.bernoulli: correct in the keep "
        "reading that the slide's own formulas use (D ~ Bern(p), so E[D f] = p f and the test "
        "output p f matches the training mean). In the reading of the slide's text (p = drop "
        "probability) E[D f] = (1 - p) f, and at p = 0.2 the test output 0.2 f is 4 times "
        "smaller than the training mean 0.8 f.",
        slide_expr=p * f, correct_expr=q * f, at={p: _P, f: 1}, kind="ambiguous",
    ),
    Erratum(
        id="dropout.slide004.inverted",
        slide="004",
        quote="train: o = (1/p) · D · f(X · W + b); test: o = f(X · W + b)",
        problem="Ambiguous, a consequence of dropout.slide004.bernoulli: correct in the keep "
        "reading that the slide's own formulas use (D ~ Bern(p), E[D f/p] = f: inverted dropout "
        "divides by the keep probability). In the reading of the slide's text (p = drop "
        "probability, D ~ Bern(1 - p)) the training mean is E[D f/p] = (1 - p) f/p, which at "
        "p = 0.2 is 4 f instead of f; the scale must then be 1/(1 - p) (PyTorch, slide 003).",
        slide_expr=q * f / p, correct_expr=f, at={p: _P, f: 1}, kind="ambiguous",
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
