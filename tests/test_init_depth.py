"""A deep Monte Carlo: the variance of a 20-layer stack follows the derived factors.

For each scheme and activation, independent networks with alternating,
non-square widths carry one Gaussian input each; at every layer the weight
variance, the sign symmetry and (pooled) the activation factor are tested
exactly (see :func:`tests.checks_init_depth.check_depth`), and the measured
``mean ||h_l||^2 / n_l`` is recorded beside the derivation's predicted profile
``prod_l n_in Var(w) c_f`` for the report's plot.  The known-wrong variants
must fail the same test at depth.
"""

from __future__ import annotations

import itertools
import re

import pytest

from tests import checks_init as ci
from tests import checks_init_depth as cd
from tests.wrong_init import DEEP_WRONG, lecun_normal_fan_in

#: 20 layers; each layer is non-square and the widths alternate up and down.
WIDTHS = (96, 160, 112, 144, 80, 128, 72, 152, 104, 136, 88, 160, 96, 120, 80, 144, 112, 128,
          72, 160, 96)
#: Independent networks: the smallest layer gives 64 * 72 = 4608 pre-activations,
#: enough for every per-layer test at its stated error and power at the default
#: alpha; a smaller alpha raises the count (checks_init_depth.networks_needed).
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
            *cd.ACTIVATION_CLAIMS[activation], *scheme.all_claims)


def _pairs():
    for seed, (name, activation, slope, named) in enumerate(PAIRS):
        scheme = ci.SCHEMES[name]
        yield pytest.param(scheme, activation, slope, 1000 + seed, id=f"{name}-{activation}",
                           marks=pytest.mark.claim(*_claims(scheme, activation, named)))


def test_the_widths_make_every_layer_non_square():
    assert len(WIDTHS) - 1 >= 20
    assert all(a != b for a, b in itertools.pairwise(WIDTHS))


@pytest.mark.parametrize("scheme, activation, slope, seed", list(_pairs()))
def test_activation_variance_follows_the_derived_factor_at_every_layer(
        impl, verify, scheme, activation, slope, seed):
    init = getattr(impl, scheme.name)
    profile = cd.check_depth(init, scheme, activation, widths=WIDTHS, networks=NETWORKS,
                             seed=seed, a=slope, verify=verify)
    verify.note(figure="init.depth", series=f"{scheme.name}/{activation}", x=profile.x,
                y=profile.y, predicted=profile.predicted, yscale="log",
                title="Activation variance across depth (20 non-square layers)",
                xlabel="layer l", ylabel="mean ||h_l||^2 / n_l  (input variance 1)")


BACKWARD_LABELS = {"title": "Gradient variance across depth, backward through linear layers",
                   "xlabel": "layers back from the output",
                   "ylabel": "mean ||g_l||^2 / n_l  (output gradient variance 1)"}


def _deep_wrong():
    for fn, name, activation, slope in DEEP_WRONG:
        scheme = ci.SCHEMES[name]
        yield pytest.param(fn, scheme, activation, slope, id=f"{fn.__name__}-{activation}",
                           marks=pytest.mark.claim("init.depth.factor", scheme.variance))


@pytest.mark.parametrize("fn, scheme, activation, slope", list(_deep_wrong()))
def test_the_deep_test_rejects_known_wrong_initializers(fn, scheme, activation, slope):
    laws = "|".join(re.escape(law) for law in (cd.law_depth_weights(scheme),
                                                 cd.law_depth_signs(scheme),
                                                 cd.law_depth_activation(activation)))
    with pytest.raises(AssertionError, match=laws):
        cd.check_depth(fn, scheme, activation, widths=WIDTHS, networks=NETWORKS, seed=7,
                       a=slope)


# ------------------------------------------------------------- backward


def _backward_rule(variance_scaling):
    def init(fan_in, fan_out, rng):
        return variance_scaling(fan_in, fan_out, rng, scale=1.0, mode="fan_out",
                                distribution="normal")

    init.__name__ = "variance_scaling(mode='fan_out', distribution='normal')"
    return init


FAN_OUT_RULE = ci.Scheme("variance_scaling_fan_out_normal", "normal", "init.backward.condition",
                         None)


@pytest.mark.claim("init.backward.condition", "init.sum.variance", "init.normal.variance",
                   "init.normal.kurtosis")
def test_fan_out_scaling_keeps_the_gradient_variance_constant_at_every_layer(impl, verify):
    init = _backward_rule(impl.variance_scaling)
    profile = cd.check_backward_depth(init, FAN_OUT_RULE, widths=WIDTHS, networks=NETWORKS,
                                      seed=2000, verify=verify)
    verify.note(figure="init.depth.backward", series="variance_scaling(fan_out)/identity",
                x=profile.x, y=profile.y, predicted=profile.predicted, **BACKWARD_LABELS)


@pytest.mark.claim("init.xavier.variance", "init.sum.variance",
                   *ci.SCHEMES["xavier_normal"].all_claims)
def test_xavier_gradient_variance_follows_the_backward_factor_at_every_layer(impl, verify):
    scheme = ci.SCHEMES["xavier_normal"]
    profile = cd.check_backward_depth(impl.xavier_normal, scheme, widths=WIDTHS,
                                      networks=NETWORKS, seed=2001, verify=verify)
    verify.note(figure="init.depth.backward", series="xavier_normal/identity", x=profile.x,
                y=profile.y, predicted=profile.predicted, **BACKWARD_LABELS)


@pytest.mark.claim("init.backward.condition")
def test_the_backward_test_rejects_fan_in_scaling_posing_as_fan_out(impl):
    # lecun_normal has Var(w) = 1/fan_in: right forward, wrong backward on non-square layers
    with pytest.raises(AssertionError, match=re.escape(cd.law_backward_weights(FAN_OUT_RULE))):
        cd.check_backward_depth(lecun_normal_fan_in, FAN_OUT_RULE, widths=WIDTHS,
                                networks=NETWORKS, seed=7)
