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

__all__ = [
    "batchnorm_backward",
    "batchnorm_forward",
    "batchnorm_inference",
    "batchnorm_update_running",
    "dropconnect_backward",
    "dropconnect_forward",
    "dropout_backward",
    "dropout_forward",
    "fold_batchnorm",
    "groupnorm_backward",
    "groupnorm_forward",
    "he_normal",
    "he_uniform",
    "instancenorm_forward",
    "layernorm_backward",
    "layernorm_forward",
    "lecun_normal",
    "lecun_uniform",
    "spatial_dropout_backward",
    "spatial_dropout_forward",
    "torch_linear_default",
    "variance_scaling",
    "xavier_normal",
    "xavier_uniform",
]
