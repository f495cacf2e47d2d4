"""``torch.nn.functional``'s normalisations under the reference API.

Conventions converted:

* **Backward by autograd.** Each forward builds a graph from float64 leaves
  (``x``, ``gamma``, ``beta``) and keeps it in the cache; the backward is
  ``torch.autograd.grad`` of ``<dy, y>``.
* **Batch norm** is ``F.batch_norm(training=True)`` without running buffers;
  ``batchnorm_update_running`` passes copies of the running buffers to
  ``F.batch_norm(training=True, momentum=momentum)``, which updates them in
  place (PyTorch's convention is the reference's: momentum weights the batch,
  the batch variance is the unbiased one); ``batchnorm_inference`` is
  ``F.batch_norm(training=False)``; ``fold_batchnorm`` is
  ``torch.nn.utils.fusion.fuse_linear_bn_weights`` on the transposed weight.
* **Layer norm** normalises over every axis but the batch
  (``normalized_shape = x.shape[1:]``); **group norm** is ``F.group_norm``;
  **instance norm** is ``F.instance_norm``.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F  # noqa: N812
from torch.nn.utils.fusion import fuse_linear_bn_weights

from ._convert import array, backward, tensor

__all__ = ["batchnorm_backward", "batchnorm_forward", "batchnorm_inference",
           "batchnorm_update_running", "fold_batchnorm", "groupnorm_backward",
           "groupnorm_forward", "instancenorm_forward", "layernorm_backward", "layernorm_forward"]


def _forward(normalise, x, gamma, beta):
    leaves = (tensor(x, grad=True), tensor(gamma, grad=True), tensor(beta, grad=True))
    y = normalise(*leaves)
    return array(y), (y, leaves)


def _backward(dy, cache):
    y, leaves = cache
    return backward(y, leaves, dy)


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    return _forward(lambda x_, g, b: F.batch_norm(x_, None, None, g, b, training=True, eps=eps),
                    x, gamma, beta)


def batchnorm_backward(dy, cache):
    return _backward(dy, cache)


def layernorm_forward(x, gamma, beta, eps=1e-5):
    return _forward(lambda x_, g, b: F.layer_norm(x_, tuple(x_.shape[1:]), g, b, eps), x, gamma,
                    beta)


def layernorm_backward(dy, cache):
    return _backward(dy, cache)


def groupnorm_forward(x, gamma, beta, groups, eps=1e-5):
    return _forward(lambda x_, g, b: F.group_norm(x_, groups, g, b, eps), x, gamma, beta)


def groupnorm_backward(dy, cache):
    return _backward(dy, cache)


def instancenorm_forward(x, gamma, beta, eps=1e-5):
    return _forward(lambda x_, g, b: F.instance_norm(x_, weight=g, bias=b, eps=eps), x, gamma,
                    beta)


def batchnorm_update_running(running_mean, running_var, x, momentum=0.1):
    mean, var = tensor(running_mean), tensor(running_var)
    F.batch_norm(tensor(x), mean, var, training=True, momentum=momentum)
    return array(mean), array(var)


def batchnorm_inference(x, gamma, beta, running_mean, running_var, eps=1e-5):
    y = F.batch_norm(tensor(x), tensor(running_mean), tensor(running_var), tensor(gamma),
                     tensor(beta), training=False, eps=eps)
    return array(y)


def fold_batchnorm(W, b, gamma, beta, running_mean, running_var, eps=1e-5):
    with torch.no_grad():
        w, bias = fuse_linear_bn_weights(tensor(W).T, tensor(b), tensor(running_mean),
                                         tensor(running_var), eps, tensor(gamma), tensor(beta))
    return array(w).T.copy(), array(bias)
