"""The mini-batch sampling law (derivations/axioms/regularization.py) refuses false
instances: a step only that law could justify is refused when it is false, and proved
when it is the law."""

from __future__ import annotations

import pytest
import sympy as sp

from derivations.axioms.expectation import E
from derivations.axioms.regularization import N, X, Y, g, p, q, r, uniform_draws
from derivations.kernel import Derivation, Step

pytestmark = pytest.mark.claim("regularization.minibatch.variance_with_replacement",
                               "regularization.minibatch.variance_without_replacement")

_mean = sp.Sum(g[r], (r, 1, N)) / N
_square = sp.Sum(g[r] ** 2, (r, 1, N)) / N
B = sp.Symbol("B", integer=True, positive=True)
#: a batch of B <= N draws, B >= 2, the draw indices p, q in 1..B
_batch = (sp.Q.ge(N, 2), sp.Q.le(B, N), sp.Q.ge(B, 2), sp.Q.le(p, B), sp.Q.le(q, B))
WITHOUT = uniform_draws(Y, B, _batch[2:])


def proved(step: Step, predicates: tuple = _batch) -> bool:
    d = Derivation("axiom.sampling", "a sampling instance", "test", steps=(step,),
                   predicates=predicates)
    return d.prove(raise_on_failure=False).ok


TRUE_INSTANCES = [
    ("a draw with replacement is uniform", Step(E(X[1]), _mean, using=(uniform_draws(X),))),
    ("a draw without replacement is uniform", Step(E(Y[2]), _mean, using=(WITHOUT,))),
    ("two draws with replacement are independent",
     Step(E(X[1] * X[2]), _mean**2, using=(uniform_draws(X),))),
    ("a draw squared is the mean square", Step(E(X[p] ** 2), _square, using=(uniform_draws(X),))),
]

FALSE_INSTANCES = [
    ("a draw is not the first example", Step(E(X[1]), g[1], using=(uniform_draws(X),))),
    ("two different draws with replacement are not one draw",
     Step(E(X[1] * X[2]), _square, using=(uniform_draws(X),))),
    ("two draws without replacement are not independent",
     Step(E(Y[1] * Y[2]), _mean**2, using=(WITHOUT,))),
    ("the second moment is not the squared mean",
     Step(E(Y[p] ** 2), _mean**2, using=(WITHOUT,))),
    ("the same index is one draw, not two independent ones",
     Step(E(X[p] * X[q]), _mean**2, using=(uniform_draws(X),))),
    ("the law of one family says nothing of the other",
     Step(E(X[1]), _mean, using=(WITHOUT,))),
    ("the law speaks of the draw families only",
     Step(E(sp.IndexedBase("Z", real=True)[1]), _mean, using=(uniform_draws(X),))),
]


def test_draws_without_replacement_exist_only_up_to_the_batch():
    beyond = Step(E(Y[N + 1]), _mean, using=(WITHOUT,))  # N + 1 distinct draws
    assert not proved(beyond)
    unbounded = Step(E(Y[p]), _mean, using=(WITHOUT,))
    assert proved(unbounded)
    assert not proved(unbounded, predicates=(sp.Q.ge(N, 2), sp.Q.le(B, N)))  # p <= B unstated
    assert not proved(unbounded, predicates=(sp.Q.ge(N, 2), sp.Q.le(p, B)))  # B <= N unstated
    batch = sp.Sum(sp.Sum(E(Y[p] * Y[q]), (q, 1, B)), (p, 1, B))
    assert WITHOUT.apply(batch) != batch  # indices bound to 1..B are in range
    beyond_batch = sp.Sum(E(Y[p] * Y[q]), (q, 1, B + 1))
    assert WITHOUT.apply(beyond_batch) == beyond_batch


@pytest.mark.parametrize("step", [s for _, s in TRUE_INSTANCES],
                         ids=[name for name, _ in TRUE_INSTANCES])
def test_the_sampling_law_proves_its_own_instances(step):
    assert proved(step)


@pytest.mark.parametrize("step", [s for _, s in FALSE_INSTANCES],
                         ids=[name for name, _ in FALSE_INSTANCES])
def test_the_sampling_law_refuses_a_false_instance(step):
    assert not proved(step)


def test_the_sampling_law_is_made_only_for_the_draw_families():
    with pytest.raises(ValueError, match="family"):
        uniform_draws(sp.IndexedBase("Z"))


def test_the_sampling_law_states_itself_with_a_reference_in_the_axioms_package():
    for family in (X, Y):
        axiom = uniform_draws(family, B)
        assert axiom.statement and "Cochran" in axiom.reference
        assert axiom.origin == "derivations.axioms.regularization"
