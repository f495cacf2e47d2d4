"""Plain NumPy reference implementations.

Every public function is exported here under a flat name.  float64 by
default; weights are shaped ``(fan_in, fan_out)`` and a linear layer computes
``y = x @ W + b``; forward functions return ``(out, cache)`` and backward
functions take ``(dout, cache)``; randomness comes from an explicit
``numpy.random.Generator``.  Nothing here imports SymPy or the derivations:
the tests check this code against them.
"""

from .dropout import (
    dropconnect_backward,
    dropconnect_forward,
    dropout_backward,
    dropout_forward,
    spatial_dropout_backward,
    spatial_dropout_forward,
)
from .initializers import (
    he_normal,
    he_uniform,
    lecun_normal,
    lecun_uniform,
    torch_linear_default,
    variance_scaling,
    xavier_normal,
    xavier_uniform,
)
from .normalization import (
    batchnorm_backward,
    batchnorm_forward,
    batchnorm_inference,
    batchnorm_update_running,
    fold_batchnorm,
    groupnorm_backward,
    groupnorm_forward,
    instancenorm_forward,
    layernorm_backward,
    layernorm_forward,
)
from .regularization import (
    adamw_init,
    adamw_step,
    clip_grad_norm,
    clip_grad_value,
    epoch_batches,
    l1_penalty,
    l1_penalty_grad,
    l2_penalty,
    l2_penalty_grad,
    label_smoothing_cross_entropy_backward,
    label_smoothing_cross_entropy_forward,
    sample_batches,
    smoothed_targets,
    soft_threshold,
    standardize_fit,
    standardize_transform,
)

__all__ = [
    "adamw_init",
    "adamw_step",
    "batchnorm_backward",
    "batchnorm_forward",
    "batchnorm_inference",
    "batchnorm_update_running",
    "clip_grad_norm",
    "clip_grad_value",
    "dropconnect_backward",
    "dropconnect_forward",
    "dropout_backward",
    "dropout_forward",
    "epoch_batches",
    "fold_batchnorm",
    "groupnorm_backward",
    "groupnorm_forward",
    "he_normal",
    "he_uniform",
    "instancenorm_forward",
    "l1_penalty",
    "l1_penalty_grad",
    "l2_penalty",
    "l2_penalty_grad",
    "label_smoothing_cross_entropy_backward",
    "label_smoothing_cross_entropy_forward",
    "layernorm_backward",
    "layernorm_forward",
    "lecun_normal",
    "lecun_uniform",
    "sample_batches",
    "smoothed_targets",
    "soft_threshold",
    "spatial_dropout_backward",
    "spatial_dropout_forward",
    "standardize_fit",
    "standardize_transform",
    "torch_linear_default",
    "variance_scaling",
    "xavier_normal",
    "xavier_uniform",
]
