"""The reference's own input contract, in its own words (runs only against ``impl``).

The generic contract -- the right exception type and a message that names the
argument -- is the registered ``kind="contract"`` check ``bn.bad_arguments``
(``checks.py``), which any implementation can be held to with
``pytest --impl ... --contract``.  Here the reference's exact messages (which
say what would be valid), its dtype policy and its copy semantics are pinned.
"""

from __future__ import annotations

import numpy as np
import pytest


@pytest.fixture
def impl(impl):
    if not impl.is_reference:
        pytest.skip("the reference's own wording and dtype policy; others: --contract")
    return impl


x2 = np.arange(12.0).reshape(4, 3)
x4 = np.arange(48.0).reshape(2, 3, 2, 4)
ones3, zeros3 = np.ones(3), np.zeros(3)

BAD = [
    # (id, function name, args, kwargs, exception, words the message must contain)
    ("bn-x-1d", "batchnorm_forward", (np.ones(5), ones3, zeros3), {}, ValueError, "x must be 2-D"),
    ("bn-x-3d", "batchnorm_forward", (np.ones((2, 3, 4)), ones3, zeros3), {}, ValueError, "x"),
    ("bn-x-nan", "batchnorm_forward", (np.full((4, 3), np.nan), ones3, zeros3), {}, ValueError,
     "x must contain only finite"),
    ("bn-x-complex", "batchnorm_forward", (x2 + 1j, ones3, zeros3), {}, TypeError, "x"),
    ("bn-gamma-length", "batchnorm_forward", (x2, np.ones(2), zeros3), {}, ValueError,
     "gamma must have shape (3,)"),
    ("bn-beta-length", "batchnorm_forward", (x4, ones3, np.zeros(4)), {}, ValueError,
     "beta must have shape (3,)"),
    ("bn-eps-negative", "batchnorm_forward", (x2, ones3, zeros3), {"eps": -1e-5}, ValueError,
     "eps must be a finite real number >= 0"),
    ("bn-eps-string", "batchnorm_forward", (x2, ones3, zeros3), {"eps": "1e-5"}, TypeError, "eps"),
    ("bn-one-row", "batchnorm_forward", (np.ones((1, 3)), ones3, zeros3), {}, ValueError,
     "more than 1 value per channel"),
    ("bn-one-pixel", "batchnorm_forward", (np.ones((1, 3, 1, 1)), ones3, zeros3), {}, ValueError,
     "more than 1 value per channel"),
    ("bn-backward-cache", "batchnorm_backward", (x2, {"not": "a cache"}), {}, TypeError, "cache"),
    ("running-momentum", "batchnorm_update_running", (zeros3, ones3, x2), {"momentum": 1.5},
     ValueError, "momentum must be a probability in [0, 1]"),
    ("running-var-negative", "batchnorm_update_running", (zeros3, -ones3, x2), {}, ValueError,
     "running_var must be >= 0"),
    ("running-mean-length", "batchnorm_update_running", (np.zeros(2), ones3, x2), {}, ValueError,
     "running_mean must have shape (3,)"),
    ("running-one-row", "batchnorm_update_running", (zeros3, ones3, np.ones((1, 3))), {},
     ValueError, "more than 1 value per channel"),
    ("inference-var-length", "batchnorm_inference", (x2, ones3, zeros3, zeros3, np.ones(2)), {},
     ValueError, "running_var must have shape (3,)"),
    ("fold-W-1d", "fold_batchnorm", (np.ones(3), zeros3, ones3, zeros3, zeros3, ones3), {},
     ValueError, "W must have 2 dimension"),
    ("fold-b-length", "fold_batchnorm", (np.ones((2, 3)), np.zeros(2), ones3, zeros3, zeros3,
                                         ones3), {}, ValueError, "b must have shape (3,)"),
    ("inference-zero-var-no-eps", "batchnorm_inference", (x2, ones3, zeros3, zeros3, zeros3),
     {"eps": 0.0}, ValueError, "eps must be > 0 when running_var has a zero entry"),
    ("fold-zero-var-no-eps", "fold_batchnorm", (np.ones((2, 3)), zeros3, ones3, zeros3, zeros3,
                                                zeros3), {"eps": 0.0}, ValueError,
     "eps must be > 0 when running_var has a zero entry"),
    ("fold-eps-negative", "fold_batchnorm", (np.ones((2, 3)), zeros3, ones3, zeros3, zeros3, ones3),
     {"eps": -1.0}, ValueError, "eps must be a finite real number >= 0"),
    ("ln-gamma-shape", "layernorm_forward", (x2, np.ones(4), zeros3), {}, ValueError,
     "gamma must have shape (3,)"),
    ("ln-one-feature", "layernorm_forward", (np.ones((4, 1)), np.ones(1), np.zeros(1)), {},
     ValueError, "more than 1 value per sample"),
    ("gn-groups-not-dividing", "groupnorm_forward", (x4, ones3, zeros3, 2), {}, ValueError,
     "groups must divide"),
    ("gn-groups-zero", "groupnorm_forward", (x4, ones3, zeros3, 0), {}, ValueError,
     "groups must be a positive integer"),
    ("gn-groups-float", "groupnorm_forward", (x4, ones3, zeros3, 1.0), {}, TypeError, "groups"),
    ("gn-one-value-per-group", "groupnorm_forward", (np.ones((2, 3)), ones3, zeros3, 3), {},
     ValueError, "more than 1 value per group"),
]


@pytest.mark.claim("bn.forward.sum_sq")
@pytest.mark.parametrize(("name", "args", "kwargs", "error", "words"),
                         [pytest.param(*row[1:], id=row[0]) for row in BAD])
def test_bad_input_raises_a_clear_error_naming_the_argument(impl, name, args, kwargs, error,
                                                            words):
    with pytest.raises(error, match=None) as info:
        getattr(impl, name)(*args, **kwargs)
    assert words in str(info.value), f"{name}: message {str(info.value)!r} lacks {words!r}"


@pytest.mark.claim("bn.backward.dx")
def test_backward_refuses_an_upstream_gradient_of_the_wrong_shape(impl):
    _, cache = impl.batchnorm_forward(x2, ones3, zeros3)
    with pytest.raises(ValueError, match="dy must have the shape"):
        impl.batchnorm_backward(np.ones((3, 3)), cache)


@pytest.mark.claim("bn.forward.mean_zero", "bn.forward.second_moment")
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("offset", [0.0, 1e6])
def test_float32_and_inputs_far_from_zero_give_no_nan(impl, dtype, offset):
    rng = np.random.default_rng(1)
    x = (offset + rng.standard_normal((64, 3)) * max(1.0, offset * 1e-3)).astype(dtype)
    y, cache = impl.batchnorm_forward(x, ones3, zeros3)
    dx, dgamma, dbeta = impl.batchnorm_backward(rng.standard_normal(x.shape).astype(dtype), cache)
    for a in (y, dx, dgamma, dbeta):
        assert np.all(np.isfinite(a))
    assert y.dtype == dtype
    # two-pass variance: the normalised values still have mean square ~ 1
    np.testing.assert_allclose((y.astype(np.float64) ** 2).mean(0), 1.0, rtol=1e-3)


@pytest.mark.claim("bn.running.unbiased_var")
def test_running_update_does_not_modify_its_arguments(impl):
    rm, rv = np.zeros(3), np.ones(3)
    impl.batchnorm_update_running(rm, rv, x2)
    assert np.all(rm == 0) and np.all(rv == 1)
