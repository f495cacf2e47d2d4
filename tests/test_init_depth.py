"""A deep Monte Carlo: the variance of a 20-layer stack follows the derived factors.

For each scheme and activation, independent networks with alternating,
non-square widths carry one Gaussian input each; at every layer the weight
variance, the sign symmetry and (pooled) the activation factor are tested
exactly (see :func:`tests.checks_init.check_depth`), and the measured
``mean ||h_l||^2 / n_l`` is recorded beside the derivation's predicted profile
``prod_l n_in Var(w) c_f`` for the report's plot.  The known-wrong variants
must fail the same test at depth.
"""

from __future__ import annotations

import itertools
import re

import pytest

from tests import checks_init as ci
from tests.wrong_init import DEEP_WRONG

#: 20 layers; each layer is non-square and the widths alternate up and down.
WIDTHS = (96, 160, 112, 144, 80, 128, 72, 152, 104, 136, 88, 160, 96, 120, 80, 144, 112, 128,
          72, 160, 96)
#: Independent networks: the smallest layer gives 64 * 72 = 4608 pre-activations,
#: enough for every per-layer test at its stated error and power.
NETWORKS = 64
SLOPE = 0.25  # PReLU's initial slope in He et al. 2015

PAIRS = [  # (scheme, activation, slope, named claims)
    ("he_normal", "relu", 0.0, ("init.depth.he_relu", "init.depth.he.relu")),
    ("he_normal", "leaky_relu", SLOPE, ("init.depth.he_leaky_relu", "init.depth.he.leaky_relu")),
    ("xavier_normal", "identity", 0.0, ("init.depth.xavier.identity",)),
    ("xavier_normal", "relu", 0.0, ("init.depth.xavier_relu", "init.depth.xavier.relu")),
    ("lecun_normal", "identity", 0.0, ("init.depth.lecun_identity", "init.depth.lecun.identity",
                                       "init.forward.condition")),
    ("torch_linear_default", "relu", 0.0, ("init.depth.torch_relu", "init.depth.torch.relu")),
    ("he_uniform", "relu", 0.0, ("init.depth.he_relu", "init.depth.he.relu")),
]


def _claims(scheme: ci.Scheme, activation: str, named: tuple[str, ...]) -> tuple[str, ...]:
    return ("init.depth.factor", "init.depth.power", "init.sum.variance", *named,
            *ci.ACTIVATION_CLAIMS[activation], *scheme.all_claims)


def _pairs():
    for seed, (name, activation, slope, named) in enumerate(PAIRS):
        scheme = ci.SCHEMES[name]
        yield pytest.param(scheme, activation, slope, 1000 + seed, id=f"{name}-{activation}",
                           marks=pytest.mark.claim(*_claims(scheme, activation, named)))


def test_the_widths_make_every_layer_non_square():
    assert len(WIDTHS) - 1 >= 20
    assert all(a != b for a, b in itertools.pairwise(WIDTHS))


@pytest.mark.parametrize("scheme, activation, slope, seed", _pairs())
def test_activation_variance_follows_the_derived_factor_at_every_layer(
        impl, verify, scheme, activation, slope, seed):
    init = getattr(impl, scheme.name)
    profile = ci.check_depth(init, scheme, activation, widths=WIDTHS, networks=NETWORKS,
                             seed=seed, a=slope, verify=verify)
    verify.note(figure="init.depth", series=f"{scheme.name}/{activation}", x=profile.x,
                y=profile.y, predicted=profile.predicted)


def _deep_wrong():
    for fn, name, activation, slope in DEEP_WRONG:
        scheme = ci.SCHEMES[name]
        yield pytest.param(fn, scheme, activation, slope, id=f"{fn.__name__}-{activation}",
                           marks=pytest.mark.claim("init.depth.factor", scheme.variance))


@pytest.mark.parametrize("fn, scheme, activation, slope", _deep_wrong())
def test_the_deep_test_rejects_known_wrong_initializers(fn, scheme, activation, slope):
    laws = "|".join(re.escape(law) for law in (ci.law_depth_weights(scheme),
                                                 ci.law_depth_signs(scheme),
                                                 ci.law_depth_activation(activation)))
    with pytest.raises(AssertionError, match=laws):
        ci.check_depth(fn, scheme, activation, widths=WIDTHS, networks=NETWORKS, seed=7,
                       a=slope)
