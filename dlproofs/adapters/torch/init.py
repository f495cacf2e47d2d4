"""``torch.nn.init`` under the reference's initializer API.

Conventions converted:

* **Layout.** ``nn.Linear.weight`` is ``(out_features, in_features)`` and
  ``torch.nn.init`` reads ``fan_in = weight.shape[1]``: each initializer fills
  a ``(fan_out, fan_in)`` float64 tensor and returns its transpose, the
  reference's ``(fan_in, fan_out)``.
* **Randomness.** ``nn.init.*_`` take ``generator=``; it is seeded with a number
  drawn from the caller's ``numpy.random.Generator``, so ``rng`` alone decides.
* **Names.** LeCun is ``kaiming_*_(nonlinearity="linear")`` (gain 1); He with a
  leaky-ReLU slope is ``kaiming_*_(a=negative_slope, nonlinearity="leaky_relu")``;
  ``torch_linear_default`` is ``nn.Linear.reset_parameters``'s
  ``kaiming_uniform_(a=sqrt(5))``.  PyTorch has no general ``variance_scaling``:
  its checks skip.
"""

from __future__ import annotations

import math

import numpy as np
import torch
from torch.nn import init as nn_init

from ._convert import array, generator

__all__ = ["he_normal", "he_uniform", "lecun_normal", "lecun_uniform", "torch_linear_default",
           "xavier_normal", "xavier_uniform"]


def _fill(fill, fan_in: int, fan_out: int, rng: np.random.Generator, **kwargs) -> np.ndarray:
    weight = torch.empty(int(fan_out), int(fan_in), dtype=torch.float64)
    fill(weight, generator=generator(rng), **kwargs)
    return array(weight.T)


def lecun_uniform(fan_in, fan_out, rng):
    return _fill(nn_init.kaiming_uniform_, fan_in, fan_out, rng, nonlinearity="linear")


def lecun_normal(fan_in, fan_out, rng):
    return _fill(nn_init.kaiming_normal_, fan_in, fan_out, rng, nonlinearity="linear")


def xavier_uniform(fan_in, fan_out, rng, *, gain=1.0):
    return _fill(nn_init.xavier_uniform_, fan_in, fan_out, rng, gain=gain)


def xavier_normal(fan_in, fan_out, rng, *, gain=1.0):
    return _fill(nn_init.xavier_normal_, fan_in, fan_out, rng, gain=gain)


def he_uniform(fan_in, fan_out, rng, *, negative_slope=0.0):
    return _fill(nn_init.kaiming_uniform_, fan_in, fan_out, rng, a=negative_slope,
                 nonlinearity="leaky_relu")


def he_normal(fan_in, fan_out, rng, *, negative_slope=0.0):
    return _fill(nn_init.kaiming_normal_, fan_in, fan_out, rng, a=negative_slope,
                 nonlinearity="leaky_relu")


def torch_linear_default(fan_in, fan_out, rng):
    return _fill(nn_init.kaiming_uniform_, fan_in, fan_out, rng, a=math.sqrt(5))
