"""Initializer implementation tests beyond the registered checks of ``checks.py``.

The registered checks (layout, variance, mean, range or tails of every
scheme; the general rule; the deep stacks) run in ``tests/test_conformance.py``.
Here: exact properties of the options, the design of the deep runs, and that
a *declared* truncated normal is accepted as the law it declares while an
undeclared one is rejected.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from dlproofs.checks import CHECKS, WRONG, Violation, Wrong, apply_variant

# checks before depth: checks registers the depth checks, and depth reads checks' schemes
from tests.init import checks, depth  # noqa: F401
from tests.init.wrong import SPREADS, TRUNCATED_SD


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
    try:
        w = np.asarray(getattr(impl, name)(5, 11, np.random.default_rng(0), gain=0.0))
    except ValueError as exc:
        if impl.is_reference:
            raise
        pytest.skip(f"{impl.label} refuses gain = 0 (its input contract): {exc}")
    assert w.shape == (5, 11)
    assert not np.any(w), f"{name}(gain=0): Var(w) = 0 means every weight is 0"


def test_the_widths_make_every_layer_non_square():
    assert len(depth.WIDTHS) - 1 >= 20
    assert all(a != b for a, b in itertools.pairwise(depth.WIDTHS))


def _declared_truncated_normal(name: str):
    """Keras's way: N(0, s^2) truncated at 2 s with s = sd/0.8796, declared as such."""
    _, spread = SPREADS[name]

    def init(fan_in, fan_out, rng, **options):
        sd = spread(fan_in, fan_out, **options)
        size, z = fan_in * fan_out, np.empty(0)
        while z.size < size:
            more = rng.standard_normal(2 * size)
            z = np.concatenate([z, more[np.abs(more) <= 2.0]])
        return z[:size].reshape(fan_in, fan_out) * sd / TRUNCATED_SD

    init.truncation = 2.0
    return init


@pytest.mark.claim("init.he.variance", "init.he.normal_std")
@pytest.mark.parametrize("law", ["variance", "mean", "tails"])
def test_a_declared_truncated_normal_is_checked_as_the_law_it_declares(impl, law):
    declared = Wrong("declared", "init", "a truncated normal that says so",
                     {"he_normal": _declared_truncated_normal("he_normal")})
    CHECKS[f"init.he_normal.{law}"](apply_variant(impl, declared))


@pytest.mark.claim("init.he.normal_std")
def test_the_same_truncated_normal_undeclared_fails_the_tails_check():
    # test_conformance runs every check a variant names: the undeclared one must fail it
    assert "init.he_normal.tails" in WRONG["he_normal_truncated"].rejected_by


@pytest.mark.claim("init.he.normal_std")
def test_a_declared_truncation_that_is_not_true_fails_the_tails_check(impl):
    # an untruncated normal that claims a truncation at 2 sd exceeds the declared bound
    _, spread = SPREADS["he_normal"]

    def he_normal(fan_in, fan_out, rng, negative_slope=0.0):
        sd = spread(fan_in, fan_out, negative_slope=negative_slope)
        return rng.normal(0.0, sd, (fan_in, fan_out))

    he_normal.truncation = 2.0
    liar = Wrong("liar", "init", "declares a truncation it does not have",
                 {"he_normal": he_normal})
    with pytest.raises(Violation):
        CHECKS["init.he_normal.tails"](apply_variant(impl, liar))
