"""Bad arguments to every initializer raise ValueError or TypeError naming the argument.

One table: every public initializer crossed with every bad value of each
argument it takes.  The message must name the argument and say what is valid
(a positive integer, a numpy Generator, a number >= 0, one of the choices).
A wrong kind of value is a TypeError, a value of the right kind out of range
a ValueError.  (These tests check the input contract, not a claim, so they
carry no claim marker.)
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

NAMED = ("lecun_uniform", "lecun_normal", "xavier_uniform", "xavier_normal", "he_uniform",
         "he_normal", "torch_linear_default")
RULE = {"scale": 1.0, "mode": "fan_in", "distribution": "normal"}  # variance_scaling's keywords
OPTIONS = {"xavier_uniform": ("gain",), "xavier_normal": ("gain",),
           "he_uniform": ("negative_slope",), "he_normal": ("negative_slope",),
           "variance_scaling": tuple(RULE)}

POSITIVE_INT = "positive integer"
GENERATOR = "numpy.random.Generator"
NONNEG = ">= 0"
ONE_OF = "one of"

BAD_FAN = [  # (label, value, exception, what the message must say is valid)
    ("zero", 0, ValueError, POSITIVE_INT),
    ("negative", -3, ValueError, POSITIVE_INT),
    ("fraction", 2.5, TypeError, POSITIVE_INT),
    ("integral-float", 4.0, TypeError, POSITIVE_INT),
    ("numpy-float", np.float64(4.0), TypeError, POSITIVE_INT),
    ("string", "8", TypeError, POSITIVE_INT),
    ("bool", True, TypeError, POSITIVE_INT),
    ("numpy-bool", np.bool_(True), TypeError, POSITIVE_INT),
    ("none", None, TypeError, POSITIVE_INT),
]
BAD_RNG = [
    ("none", None), ("int-seed", 0), ("big-seed", 12345), ("string", "rng"),
    ("RandomState", np.random.RandomState(0)), ("numpy.random-module", np.random),
    ("SeedSequence", np.random.SeedSequence(0)), ("bit-generator", np.random.PCG64(0)),
]
BAD_NONNEG = [  # gain, negative_slope, scale
    ("negative", -1.0, ValueError), ("nan", math.nan, ValueError), ("inf", math.inf, ValueError),
    ("minus-inf", -math.inf, ValueError), ("string", "1", TypeError), ("bool", True, TypeError),
    ("none", None, TypeError), ("complex", 1j, TypeError), ("array", np.ones(2), TypeError),
]
BAD_CHOICE = {
    "mode": [("unknown", "fan_sum", ValueError), ("upper-case", "FAN_IN", ValueError),
             ("none", None, TypeError), ("int", 1, TypeError)],
    "distribution": [("truncated", "truncated_normal", ValueError),
                     ("synonym", "gaussian", ValueError), ("none", None, TypeError)],
}


def _call_args(name: str) -> dict:
    args = {"fan_in": 8, "fan_out": 4, "rng": np.random.default_rng(0)}
    return args | (RULE if name == "variance_scaling" else {})


def _rows():
    for name in (*NAMED, "variance_scaling"):
        for arg in ("fan_in", "fan_out"):
            for label, value, exc, hint in BAD_FAN:
                yield pytest.param(name, arg, value, exc, hint, id=f"{name}-{arg}-{label}")
        for label, value in BAD_RNG:
            yield pytest.param(name, "rng", value, TypeError, GENERATOR, id=f"{name}-rng-{label}")
        for arg in OPTIONS.get(name, ()):
            if arg in BAD_CHOICE:
                for label, value, exc in BAD_CHOICE[arg]:
                    yield pytest.param(name, arg, value, exc, ONE_OF, id=f"{name}-{arg}-{label}")
            else:
                for label, value, exc in BAD_NONNEG:
                    yield pytest.param(name, arg, value, exc, NONNEG, id=f"{name}-{arg}-{label}")
    for name in ("xavier_uniform", "xavier_normal"):
        yield pytest.param(name, "gain", 1e200, ValueError, "finite",
                           id=f"{name}-gain-square-overflows")


@pytest.mark.parametrize("name, arg, value, exc, hint", list(_rows()))
def test_bad_argument_raises_an_error_that_names_it(impl, name, arg, value, exc, hint):
    init = getattr(impl, name)
    args = _call_args(name) | {arg: value}
    with pytest.raises(exc) as info:
        init(**args)
    message = str(info.value)
    assert re.search(rf"\b{arg}\b", message), f"{name}: the message does not name {arg}: " \
                                              f"{message!r}"
    assert hint in message, f"{name}: the message does not say what is valid ({hint!r}): " \
                            f"{message!r}"


@pytest.mark.parametrize("name, option", [
    ("lecun_uniform", "gain"), ("lecun_normal", "negative_slope"), ("he_normal", "gain"),
    ("xavier_uniform", "negative_slope"), ("torch_linear_default", "gain"),
    ("variance_scaling", "gain"),
])
def test_an_option_the_scheme_does_not_have_is_refused_by_name(impl, name, option):
    init = getattr(impl, name)
    with pytest.raises(TypeError, match=rf"\b{option}\b"):
        init(**_call_args(name), **{option: 1.0})


@pytest.mark.parametrize("name", [*NAMED, "variance_scaling"])
def test_numpy_integer_fans_are_accepted(impl, name):
    args = _call_args(name) | {"fan_in": np.int64(3), "fan_out": np.uint8(2)}
    w = getattr(impl, name)(**args)
    assert w.shape == (3, 2) and w.dtype == np.float64
