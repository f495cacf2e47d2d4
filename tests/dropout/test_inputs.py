"""Bad input to the dropout functions raises TypeError/ValueError naming the argument."""

from __future__ import annotations

import math

import numpy as np
import pytest

pytestmark = pytest.mark.claim("dropout.inverted.keep_rate")

_x2 = np.ones((3, 4))
_x4 = np.ones((2, 3, 2, 2))
_W, _b = np.ones((4, 2)), np.zeros(2)
GOOD_RNG = np.random.default_rng(0)

#: (id, keyword overrides, exception, message fragment)
BAD = [
    ("p-is-1", {"p": 1.0}, ValueError, "p must be a probability in \\[0, 1\\)"),
    ("p-is-negative", {"p": -0.1}, ValueError, "p must be a probability"),
    ("p-is-nan", {"p": math.nan}, ValueError, "p must be a probability"),
    ("p-is-inf", {"p": math.inf}, ValueError, "p must be a probability"),
    ("p-is-a-string", {"p": "0.5"}, TypeError, "p must be a probability"),
    ("p-is-none", {"p": None}, TypeError, "p must be a probability"),
    ("p-is-a-bool", {"p": True}, TypeError, "p must be a probability"),
    ("rng-is-a-seed", {"rng": 0}, TypeError, "rng must be a numpy.random.Generator"),
    ("rng-is-none", {"rng": None}, TypeError, "rng must be a numpy.random.Generator"),
    ("rng-is-legacy-randomstate", {"rng": np.random.RandomState(0)}, TypeError,
     "rng must be a numpy.random.Generator"),
    ("train-is-a-string", {"train": "yes"}, TypeError, "train must be a bool"),
    ("x-has-nan", {"x": "nan"}, ValueError, "x must contain only finite numbers"),
    ("x-is-strings", {"x": "str"}, TypeError, "x must be an array of real numbers"),
]

FUNCTIONS = {
    "dropout_forward": lambda f, a: f(a["x"], a["p"], a["rng"], train=a["train"]),
    "spatial_dropout_forward": lambda f, a: f(a["x4"], a["p"], a["rng"], train=a["train"]),
    "dropconnect_forward": lambda f, a: f(a["x"], _W, _b, a["p"], a["rng"], train=a["train"]),
}


def _args(overrides):
    args = {"x": _x2, "x4": _x4, "p": 0.3, "rng": GOOD_RNG, "train": True}
    for key, value in overrides.items():
        if key == "x":
            bad = {"nan": np.nan, "str": "a"}[value]
            args["x"] = np.full(_x2.shape, bad, dtype=object if value == "str" else float)
            args["x4"] = np.full(_x4.shape, bad, dtype=object if value == "str" else float)
        else:
            args[key] = value
    return args


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
@pytest.mark.parametrize(("overrides", "error", "message"),
                         [pytest.param(o, e, m, id=i) for i, o, e, m in BAD])
def test_bad_input_raises_an_error_naming_the_argument(impl, name, overrides, error, message):
    with pytest.raises(error, match=message):
        FUNCTIONS[name](getattr(impl, name), _args(overrides))


@pytest.mark.parametrize(("name", "call"), [
    ("spatial_dropout_forward", lambda f: f(np.ones((3, 4)), 0.3, GOOD_RNG)),
    ("dropconnect_forward", lambda f: f(np.ones((3, 5)), _W, _b, 0.3, GOOD_RNG)),
    ("dropconnect_forward", lambda f: f(np.ones((3, 4)), _W, np.zeros(3), 0.3, GOOD_RNG)),
], ids=["spatial-needs-4d", "dropconnect-fan-in-mismatch", "dropconnect-bias-mismatch"])
def test_shape_mismatches_raise_value_errors_that_say_what_is_valid(impl, name, call):
    with pytest.raises(ValueError, match="must"):
        call(getattr(impl, name))


def test_backward_refuses_a_dout_of_the_wrong_shape_and_a_foreign_cache(impl):
    _, cache = impl.dropout_forward(_x2, 0.3, np.random.default_rng(1))
    with pytest.raises(ValueError, match="dout must have the forward output's shape"):
        impl.dropout_backward(np.ones((4, 3)), cache)
    with pytest.raises(TypeError, match="cache must be the cache returned by dropout_forward"):
        impl.dropout_backward(np.ones((3, 4)), {"mask": None})
