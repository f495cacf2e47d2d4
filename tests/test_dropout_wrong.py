"""Every dropout check is seen failing: each known-wrong variant is rejected by its checks."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests import checks_dropout as cd
from tests.wrong_dropout import VARIANTS

#: the law each check names in its failure message
LAWS = {
    "check_kept_values": "violates dropout.inverted.kept_value",
    "check_kept_fraction": "violates dropout.inverted.keep_rate",
    "check_mean": "violates dropout.inverted.mean",
    "check_variance": "violates dropout.inverted.variance",
    "check_linear_mean": "violates dropout.linear.mean",
    "check_linear_variance": "violates dropout.linear.variance",
    "check_backward_uses_mask": "violates dropout.gradient.dx",
    "check_spatial_masks": "violates dropout.spatial.correlation",
    "check_spatial_channel_mean_variance": "violates dropout.spatial.channel_mean_variance",
    "check_dropconnect_values": "violates dropout.dropconnect.mean",
    "check_dropconnect_gradients": "violates dropout.dropconnect.gradient",
    "check_dropconnect_outputs_uncorrelated": "violates dropout.dropconnect.covariance",
    "check_identity": "violates the identity",
}
CLAIMS = {
    "check_kept_values": ("dropout.inverted.kept_value",),
    "check_kept_fraction": ("dropout.inverted.keep_rate",),
    "check_mean": ("dropout.inverted.mean",),
    "check_variance": ("dropout.inverted.variance",),
    "check_linear_mean": ("dropout.linear.mean",),
    "check_linear_variance": ("dropout.linear.variance",),
    "check_backward_uses_mask": ("dropout.gradient.dx",),
    "check_spatial_masks": ("dropout.spatial.correlation",),
    "check_spatial_channel_mean_variance": ("dropout.spatial.channel_mean_variance",),
    "check_dropconnect_values": ("dropout.dropconnect.mean",),
    "check_dropconnect_gradients": ("dropout.dropconnect.gradient.dW",),
    "check_dropconnect_outputs_uncorrelated": ("dropout.dropconnect.covariance",),
    "check_identity": ("dropout.spatial.mean", "dropout.dropconnect.mean"),
}


def _variant(impl, replaced: dict) -> SimpleNamespace:
    names = ("dropout_forward", "dropout_backward", "spatial_dropout_forward",
             "spatial_dropout_backward", "dropconnect_forward", "dropconnect_backward")
    return SimpleNamespace(**{name: replaced.get(name) or getattr(impl, name) for name in names})


def _cases():
    return [pytest.param(vid, check, id=f"{vid}-{check.removeprefix('check_')}",
                         marks=pytest.mark.claim(*CLAIMS[check]))
            for vid, (_, checks) in VARIANTS.items() for check in checks]


@pytest.mark.parametrize(("variant", "check"), _cases())
def test_checks_reject_each_known_wrong_variant(impl, variant, check):
    module = _variant(impl, VARIANTS[variant][0])
    with pytest.raises(AssertionError, match=LAWS[check]):
        getattr(cd, check)(module, f"wrong_dropout.{variant}")


@pytest.mark.claim("dropout.inverted.mean")
def test_reading_p_as_the_keep_probability_keeps_the_mean_so_the_mean_check_alone_is_blind(impl):
    # p_as_keep scales by 1/p: E[o] = p * x/p = x, yet the outputs take the values x/p, not
    # x/(1-p); the exact two-valued test flags that the law is not two-valued at {0, x/(1-p)}
    module = _variant(impl, VARIANTS["p_as_keep"][0])
    with pytest.raises(AssertionError, match=r"violates dropout\.inverted\.mean"):
        cd.check_mean(module, "wrong_dropout.p_as_keep")
