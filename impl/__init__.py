"""Plain NumPy reference implementations.

Every public function is exported here under a flat name.  float64 by
default; weights are shaped ``(fan_in, fan_out)`` and a linear layer computes
``y = x @ W + b``; forward functions return ``(out, cache)`` and backward
functions take ``(dout, cache)``; randomness comes from an explicit
``numpy.random.Generator``.  Optimizers are functional and mutate nothing:
``state = adam_init(params)``, then ``params, state = adam_step(params, grads,
state, lr=..., ...)``, with ``params``/``grads`` a dict of arrays or a
list/tuple of arrays, ``torch.optim``'s hyperparameter names, defaults and
placement of epsilon, and the state's buffers under ``torch.optim``'s state
names (see :mod:`impl.optimizers`).  Nothing here imports SymPy or the derivations:
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
from .optimizers import (
    adagrad_init,
    adagrad_step,
    adam_init,
    adam_step,
    cosine_annealing_lr,
    exponential_lr,
    rmsprop_init,
    rmsprop_step,
    sgd_init,
    sgd_step,
    step_lr,
)

__all__ = [
    "adagrad_init",
    "adagrad_step",
    "adam_init",
    "adam_step",
    "batchnorm_backward",
    "batchnorm_forward",
    "batchnorm_inference",
    "batchnorm_update_running",
    "cosine_annealing_lr",
    "dropconnect_backward",
    "dropconnect_forward",
    "dropout_backward",
    "dropout_forward",
    "exponential_lr",
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
    "rmsprop_init",
    "rmsprop_step",
    "sgd_init",
    "sgd_step",
    "spatial_dropout_backward",
    "spatial_dropout_forward",
    "step_lr",
    "torch_linear_default",
    "variance_scaling",
    "xavier_normal",
    "xavier_uniform",
]
