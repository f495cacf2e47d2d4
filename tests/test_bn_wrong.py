"""Every check is seen failing: each known-wrong variant is rejected by the checks named for it."""

from __future__ import annotations

import numpy as np
import pytest

from tests import checks_bn as cb
from tests.wrong_bn import WRONG, Wrong

LAWS = {
    "backward_oracle": r"violates bn\.(backward\.dx|layernorm\.backward|groupnorm\.backward)",
    "finite_differences": "disagrees with central finite differences",
    "sum_dx": "violates sum_i dx_i = 0",
    "sum_dx_xhat": "violates sum_i dx_i xhat_i",
    "forward_moments": "mean square",
    "running_update": "violates",
    "running_var_converges": "E\\[running_var\\]",
    "fold": "violates bn.fold",
}
CLAIMS = {
    "backward_oracle": ("bn.backward.dx", "bn.layernorm.backward"),
    "finite_differences": ("bn.backward.dx",),
    "sum_dx": ("bn.consequences.sum_dx",),
    "sum_dx_xhat": ("bn.consequences.sum_dx_xhat",),
    "forward_moments": ("bn.forward.second_moment",),
    "running_update": ("bn.running.unbiased_var", "bn.running.keras_momentum"),
    "running_var_converges": ("bn.running.unbiased_var", "bn.running.steady_state"),
    "fold": ("bn.fold",),
}


def run_check(check: str, module, label: str) -> None:
    """Run one check of tests/checks_bn.py against ``module`` (fixed, reproducible inputs)."""
    rng = np.random.default_rng(12345)
    if check in ("running_update", "running_var_converges", "fold"):
        if check == "running_update":
            cb.check_running_update(module.batchnorm_update_running, label, rng)
        elif check == "fold":
            cb.check_fold(module, label, rng)
        else:
            outcome = cb.check_running_var_converges(module.batchnorm_update_running, label, rng)
            if not outcome.passed:
                raise AssertionError(f"{label}: violates E[running_var] -> sigma2. "
                                     f"{outcome.describe()}")
        return
    for layer in cb.all_layers(module):
        x = rng.normal(1.0, 2.0, layer.shape)
        gamma, beta = rng.uniform(0.5, 2, layer.param_shape), rng.standard_normal(layer.param_shape)
        dy = rng.standard_normal(layer.shape)
        eps = 1e-3
        if check == "backward_oracle":
            cb.check_backward_oracle(layer, x, gamma, beta, eps, dy)
        elif check == "finite_differences":
            cb.check_finite_differences(layer, x, gamma, beta, eps, rng)
        elif check == "sum_dx":
            cb.check_sum_dx(layer, x, gamma, beta, eps, dy)
        elif check == "sum_dx_xhat":
            cb.check_sum_dx_xhat(layer, x, gamma, beta, eps, dy)
        elif check == "forward_moments":
            cb.check_forward_moments(layer, x, eps)


def _pairs(attribute: str):
    return [pytest.param(w, c, id=f"{w.name}-{c}", marks=pytest.mark.claim(*CLAIMS[c]))
            for w in WRONG for c in getattr(w, attribute)]


@pytest.mark.parametrize(("wrong", "check"), _pairs("caught_by"))
def test_checks_reject_each_known_wrong_variant(wrong: Wrong, check: str):
    with pytest.raises(AssertionError, match=LAWS[check]):
        run_check(check, wrong.module, f"wrong_bn.{wrong.name}")


@pytest.mark.parametrize(("wrong", "check"), _pairs("passes"))
def test_documented_blind_spots_are_real_so_other_checks_are_needed(wrong: Wrong, check: str):
    # slide 004's m - 1 and the missing variance path both keep sum_i dx_i = 0
    run_check(check, wrong.module, f"wrong_bn.{wrong.name}")


@pytest.mark.claim("bn.backward.dx", "bn.running.unbiased_var", "bn.fold")
@pytest.mark.parametrize("check", sorted(LAWS))
def test_every_check_is_seen_failing_and_passes_the_implementation(impl, check):
    assert any(check in w.caught_by for w in WRONG), f"no wrong variant is caught by {check}"
    if check == "running_var_converges":
        return  # impl's statistical run is asserted (and counted) once, in test_bn_running.py
    run_check(check, cb.Lazy(impl), impl.label)
