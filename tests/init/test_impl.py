"""Each initializer draws from the distribution its derivation claims.

Hypothesis draws the fans (non-square, one at least twice the other, small
ones included), the gain, the slope and the seed; the samples come from
``numpy.random.default_rng(seed)``.  The checks live in ``checks_init.py``;
here they run against the implementation under test (``pytest --impl``), and
against the known-wrong variants of ``wrong_init.py``, each of which must be
rejected by the checks listed for it.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests import checks_init as ci
from tests.wrong_init import WRONG


def _per_scheme(distribution: str | None = None):
    return [pytest.param(s, id=s.name, marks=pytest.mark.claim(*s.all_claims))
            for s in ci.SCHEMES.values()
            if distribution in (None, s.distribution)]


def _run(impl, scheme: ci.Scheme, check: str, case: ci.Case, verify) -> None:
    init = getattr(impl, scheme.name)  # skips the test when the module lacks it
    ci.checks_for(scheme)[check](init, scheme, case, verify=verify)


# ------------------------------------------------------- the implementation


@pytest.mark.parametrize("scheme", _per_scheme())
@given(data=st.data())
def test_each_initializer_returns_float64_of_shape_fan_in_by_fan_out_from_rng_alone(
        impl, scheme, data, verify):
    _run(impl, scheme, "contract", data.draw(ci.cases(scheme)), verify)


@pytest.mark.parametrize("scheme", _per_scheme())
@given(data=st.data())
def test_each_initializer_has_the_derived_variance(impl, scheme, data, verify):
    _run(impl, scheme, "variance", data.draw(ci.cases(scheme)), verify)


@pytest.mark.parametrize("scheme", _per_scheme())
@given(data=st.data())
def test_each_initializer_has_mean_zero(impl, scheme, data, verify):
    _run(impl, scheme, "mean", data.draw(ci.cases(scheme)), verify)


@pytest.mark.parametrize("scheme", _per_scheme("uniform"))
@given(data=st.data())
def test_uniform_initializers_stay_within_their_bound_and_reach_it(impl, scheme, data, verify):
    _run(impl, scheme, "range", data.draw(ci.cases(scheme)), verify)


@pytest.mark.parametrize("scheme", _per_scheme("normal"))
@given(data=st.data())
def test_normal_initializers_are_not_truncated(impl, scheme, data, verify):
    _run(impl, scheme, "tails", data.draw(ci.cases(scheme)), verify)


@pytest.mark.claim("init.xavier.variance", "init.he.variance")
@pytest.mark.parametrize("name, keyword", [("xavier_uniform", "gain"),
                                           ("xavier_normal", "gain"),
                                           ("he_uniform", "negative_slope"),
                                           ("he_normal", "negative_slope")])
def test_default_options_are_gain_one_and_slope_zero(impl, name, keyword):
    # exact: the same generator state gives the same matrix with the default spelled out
    init = getattr(impl, name)
    default = {"gain": 1.0, "negative_slope": 0.0}[keyword]
    implicit = init(7, 3, np.random.default_rng(5))
    explicit = init(7, 3, np.random.default_rng(5), **{keyword: default})
    np.testing.assert_array_equal(implicit, explicit, err_msg=f"{name}: {keyword} default")


@pytest.mark.claim("init.xavier.variance")
@pytest.mark.parametrize("name", ["xavier_uniform", "xavier_normal"])
def test_xavier_with_gain_zero_gives_zero_weights(impl, name):
    w = getattr(impl, name)(5, 11, np.random.default_rng(0), gain=0.0)
    assert w.shape == (5, 11)
    assert not np.any(w), f"{name}(gain=0): Var(w) = 0 means every weight is 0"


# ------------------------------------------------- the general rule, directly


def _variance_scaling_schemes():
    """variance_scaling's modes, each with the claim that fixes its variance."""
    modes = {"fan_in": ("init.forward.condition", ()),
             "fan_out": ("init.backward.condition", ()),
             "fan_avg": ("init.xavier.variance", ci.GAIN)}
    for mode, (claim_id, options) in modes.items():
        for distribution in ("uniform", "normal"):
            scheme = ci.Scheme(f"variance_scaling(mode={mode!r}, distribution={distribution!r})",
                               distribution, claim_id, None, options)
            yield pytest.param(scheme, mode, id=f"{mode}-{distribution}",
                               marks=pytest.mark.claim(*scheme.all_claims))


def _rule(variance_scaling, mode: str, distribution: str):
    def init(fan_in, fan_out, rng, *, gain=1.0):
        # scale = gain^2 turns Var = scale/n into the claims' symbols
        return variance_scaling(fan_in, fan_out, rng, scale=gain**2, mode=mode,
                                distribution=distribution)

    init.__name__ = f"variance_scaling(mode={mode!r}, distribution={distribution!r})"
    return init


@pytest.mark.parametrize("scheme, mode", list(_variance_scaling_schemes()))
@given(data=st.data())
def test_variance_scaling_modes_meet_the_forward_backward_and_average_conditions(
        impl, scheme, mode, data, verify):
    case = data.draw(ci.cases(scheme))
    init = _rule(impl.variance_scaling, mode, scheme.distribution)
    ci.check_variance(init, scheme, case, verify=verify)


# ------------------------------------------------------ known-wrong variants


def _wrong_params():
    for wrong in WRONG:
        scheme = ci.SCHEMES[wrong.mimics]
        for check in wrong.caught_by:
            yield pytest.param(wrong, check, id=f"{wrong.name}-by-{check}",
                               marks=pytest.mark.claim(*scheme.all_claims))


@pytest.mark.parametrize("wrong, check", list(_wrong_params()))
@settings(max_examples=3)
@given(data=st.data())
def test_checks_reject_each_known_wrong_initializer(wrong, check, data):
    scheme = ci.SCHEMES[wrong.mimics]
    case = data.draw(ci.cases(scheme, visible=True))
    law = ci.LAWS[check](scheme)
    with pytest.raises(AssertionError, match=re.escape(law)):
        ci.checks_for(scheme)[check](wrong.fn, scheme, case)


def test_every_check_is_seen_failing():
    caught = {(ci.SCHEMES[w.mimics].distribution, c) for w in WRONG for c in w.caught_by}
    for scheme in ci.SCHEMES.values():
        for check in ci.checks_for(scheme):
            assert (scheme.distribution, check) in caught, (
                f"no wrong variant shows the {check} check failing on a "
                f"{scheme.distribution} scheme")
