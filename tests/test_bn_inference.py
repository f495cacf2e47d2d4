"""At inference batch norm is an affine map, and folding it into the linear layer is exact."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests import checks_bn as cb


@pytest.fixture(scope="session")
def lib(impl):
    return cb.Lazy(impl)


@pytest.mark.claim("bn.inference.affine")
@given(seed=st.integers(0, 2**32 - 1))
def test_inference_is_the_affine_map_of_slide_000(lib, seed):
    cb.check_inference_affine(lib.batchnorm_inference, "batchnorm_inference",
                              np.random.default_rng(seed))


@pytest.mark.claim("bn.fold", "bn.inference.affine")
@given(seed=st.integers(0, 2**32 - 1))
def test_folded_linear_layer_equals_linear_then_inference_batchnorm(lib, seed):
    cb.check_fold(lib, "fold_batchnorm", np.random.default_rng(seed))


@pytest.mark.claim("bn.inference.affine", "bn.running.steady_state")
def test_inference_with_the_batch_statistics_reproduces_training_mode(impl):
    rng = np.random.default_rng(3)
    x = rng.normal(2, 3, (9, 4))
    gamma, beta = rng.uniform(0.5, 2, 4), rng.standard_normal(4)
    y_train, _ = impl.batchnorm_forward(x, gamma, beta, eps=1e-3)
    y_eval = impl.batchnorm_inference(x, gamma, beta, x.mean(0), x.var(0), eps=1e-3)
    np.testing.assert_allclose(y_eval, y_train, rtol=1e-12, atol=1e-12)
