"""``keras.layers``' normalisations (torch backend) under the reference API.

Conventions converted:

* **Layers, not functions.** Each call builds a float64 layer (batch norm on
  ``axis=1``, the channels of ``(N, C, ...)``; layer norm over every axis but
  the batch; group norm on ``axis=1``), assigns ``gamma``/``beta`` (and the
  moving statistics), and calls it; ``training=True`` normalises with the
  batch statistics.
* **Backward by autograd** through the torch backend: the gradients of
  ``<dy, y>`` with respect to the input and the layer's ``gamma`` and ``beta``
  parameters.
* **Momentum.** Keras's ``momentum`` weights the *old* moving value
  (``moving = momentum * moving + (1 - momentum) * batch``, default 0.99); the
  reference's (PyTorch's) weights the batch, so the adapter passes
  ``1 - momentum``.  Keras has no folding helper: ``fold_batchnorm`` and its
  checks skip.
"""

from __future__ import annotations

import keras
import numpy as np

from ._convert import array, backward, tensor

__all__ = ["batchnorm_backward", "batchnorm_forward", "batchnorm_inference",
           "batchnorm_update_running", "groupnorm_backward", "groupnorm_forward",
           "layernorm_backward", "layernorm_forward"]


def _batchnorm(x, eps, momentum=0.99):
    layer = keras.layers.BatchNormalization(axis=1, epsilon=eps, momentum=momentum,
                                            dtype="float64")
    layer.build(np.shape(x))
    return layer


def _forward(layer, x, gamma, beta):
    layer.gamma.assign(np.asarray(gamma, dtype=np.float64))
    layer.beta.assign(np.asarray(beta, dtype=np.float64))
    x_t = tensor(x, grad=True)
    y = layer(x_t, training=True)
    return array(y), (y, (x_t, layer.gamma.value, layer.beta.value), layer)


def _backward(dy, cache):
    y, leaves, _ = cache
    return backward(y, leaves, dy)


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    return _forward(_batchnorm(x, eps), x, gamma, beta)


def batchnorm_backward(dy, cache):
    return _backward(dy, cache)


def layernorm_forward(x, gamma, beta, eps=1e-5):
    layer = keras.layers.LayerNormalization(axis=list(range(1, np.ndim(x))), epsilon=eps,
                                            dtype="float64")
    layer.build(np.shape(x))
    return _forward(layer, x, gamma, beta)


def layernorm_backward(dy, cache):
    return _backward(dy, cache)


def groupnorm_forward(x, gamma, beta, groups, eps=1e-5):
    layer = keras.layers.GroupNormalization(groups=groups, axis=1, epsilon=eps, dtype="float64")
    layer.build(np.shape(x))
    return _forward(layer, x, gamma, beta)


def groupnorm_backward(dy, cache):
    return _backward(dy, cache)


def batchnorm_update_running(running_mean, running_var, x, momentum=0.1):
    layer = _batchnorm(x, 1e-5, momentum=1 - momentum)  # Keras weights the old value
    layer.moving_mean.assign(np.asarray(running_mean, dtype=np.float64))
    layer.moving_variance.assign(np.asarray(running_var, dtype=np.float64))
    layer(tensor(x), training=True)
    return array(layer.moving_mean.value), array(layer.moving_variance.value)


def batchnorm_inference(x, gamma, beta, running_mean, running_var, eps=1e-5):
    layer = _batchnorm(x, eps)
    for variable, value in ((layer.gamma, gamma), (layer.beta, beta),
                            (layer.moving_mean, running_mean),
                            (layer.moving_variance, running_var)):
        variable.assign(np.asarray(value, dtype=np.float64))
    return array(layer(tensor(x), training=False))
