"""The running statistics follow PyTorch's convention and converge to the population variance."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlproofs import stats
from tests import checks_bn as cb


@pytest.fixture(scope="session")
def lib(impl):
    return cb.Lazy(impl)


@pytest.mark.claim("bn.running.keras_momentum", "bn.running.unbiased_var",
                   "bn.running.biased_var_expectation")
@given(seed=st.integers(0, 2**32 - 1))
def test_one_update_mixes_in_the_unbiased_batch_variance_with_weight_momentum(lib, seed):
    cb.check_running_update(lib.batchnorm_update_running, "batchnorm_update_running",
                            np.random.default_rng(seed))


@pytest.mark.claim("bn.running.unbiased_var", "bn.running.ema_expectation",
                   "bn.running.steady_state", "bn.running.iid_moments",
                   "bn.running.biased_var_expectation")
def test_running_variance_converges_to_the_population_variance_not_m_minus_1_over_m(impl,
                                                                                    verify):
    outcome = cb.check_running_var_converges(impl.batchnorm_update_running,
                                             "batchnorm_update_running",
                                             np.random.default_rng(20261121))
    verify(outcome, subject="batchnorm_update_running",
           law="E[running_var] -> sigma2 (unbiased batch variance), not (m-1)/m sigma2")


@pytest.mark.claim("bn.running.unbiased_var")
def test_the_monte_carlo_design_has_the_power_it_claims():
    w, n = cb.running_var_design()
    # the band of the null excludes the expectations of both alternatives, sigma2 (1 -+ 1/m)
    lo, hi = stats._chernoff_band(w, n * (cb.MC_BATCH - 1), stats.ALPHA)
    assert (1 - cb.MC_REL_ERROR) * w.sum() < lo < w.sum() < hi < (1 + cb.MC_REL_ERROR) * w.sum()
    with pytest.raises(stats.DesignError, match="needs n >="):
        cb.check_running_var_converges(lambda *a, **k: a[:2], "tiny", np.random.default_rng(0),
                                       replicates=n - 1)
