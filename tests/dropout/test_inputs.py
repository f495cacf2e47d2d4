"""The reference's own input contract, in its own words (runs only against ``impl``).

The generic contract -- the right exception type and a message that names the
argument -- is the registered ``kind="contract"`` check
``dropout.bad_arguments`` (``checks.py``), which any implementation can be
held to with ``pytest --impl ... --contract``.  Here the reference's exact
messages, which say what would be valid, are pinned.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.dropout.checks import BAD_ARGUMENTS, FORWARDS, bad_arguments


@pytest.fixture
def reference(impl):
    if not impl.is_reference:
        pytest.skip("the reference's own wording; other implementations: --contract")
    return impl


#: what the reference's message says, per bad argument
WORDING = {
    "p": "p must be a probability", "rng": "rng must be a numpy.random.Generator",
    "train": "train must be a bool",
}
X_WORDING = {"x-has-nan": "x must contain only finite numbers",
             "x-is-strings": "x must be an array of real numbers"}


@pytest.mark.parametrize("name", sorted(FORWARDS))
@pytest.mark.parametrize(("row", "argument", "overrides", "error"),
                         [pytest.param(*row, id=row[0]) for row in BAD_ARGUMENTS])
def test_bad_input_raises_an_error_that_says_what_is_valid(reference, name, row, argument,
                                                          overrides, error):
    words = X_WORDING.get(row) or WORDING[argument]
    with pytest.raises(error, match=words.replace(".", r"\.")):
        FORWARDS[name](getattr(reference, name), bad_arguments(overrides))


def test_p_equal_to_one_names_the_valid_interval(reference):
    with pytest.raises(ValueError, match=r"p must be a probability in \[0, 1\)"):
        reference.dropout_forward(np.ones(3), 1.0, np.random.default_rng(0))


@pytest.mark.parametrize(("name", "call"), [
    ("spatial_dropout_forward", lambda f, rng: f(np.ones((3, 4)), 0.3, rng)),
    ("dropconnect_forward", lambda f, rng: f(np.ones((3, 5)), np.ones((4, 2)), np.zeros(2), 0.3,
                                             rng)),
    ("dropconnect_forward", lambda f, rng: f(np.ones((3, 4)), np.ones((4, 2)), np.zeros(3), 0.3,
                                             rng)),
], ids=["spatial-needs-4d", "dropconnect-fan-in-mismatch", "dropconnect-bias-mismatch"])
def test_shape_mismatches_raise_value_errors_that_say_what_is_valid(reference, name, call):
    with pytest.raises(ValueError, match="must"):
        call(getattr(reference, name), np.random.default_rng(0))


def test_backward_refuses_a_dout_of_the_wrong_shape_and_a_foreign_cache(reference):
    _, cache = reference.dropout_forward(np.ones((3, 4)), 0.3, np.random.default_rng(1))
    with pytest.raises(ValueError, match="dout must have the forward output's shape"):
        reference.dropout_backward(np.ones((4, 3)), cache)
    with pytest.raises(TypeError, match="cache must be the cache returned by dropout_forward"):
        reference.dropout_backward(np.ones((3, 4)), {"mask": None})
