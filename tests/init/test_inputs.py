"""The reference's own input contract, in its own words (runs only against ``impl``).

The generic contract -- TypeError for a wrong kind of value, ValueError for a
value out of range, a message that names the argument -- is the registered
``kind="contract"`` check ``init.bad_arguments`` (``checks.py``), which any
implementation can be held to with ``pytest --impl ... --contract``.  Here the
reference's messages are also held to say what is valid (a positive integer,
a numpy Generator, a number >= 0, one of the choices).
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from tests.init.checks import NAMED, _call_args, bad_argument_rows


@pytest.fixture
def impl(impl):
    if not impl.is_reference:
        pytest.skip("the reference's own wording; other implementations: --contract")
    return impl


@pytest.mark.parametrize("name, arg, value, exc, hint",
                         [pytest.param(*row[:5], id=row[5]) for row in bad_argument_rows()])
def test_bad_argument_raises_an_error_that_names_it_and_says_what_is_valid(impl, name, arg,
                                                                          value, exc, hint):
    init = getattr(impl, name)
    with pytest.raises(exc) as info:
        init(**(_call_args(name) | {arg: value}))
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
