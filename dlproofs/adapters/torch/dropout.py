"""``F.dropout`` and ``F.dropout2d`` under the reference API.

Conventions converted:

* **Randomness.** ``F.dropout`` takes no generator: the call runs inside
  ``torch.random.fork_rng()`` seeded with a number drawn from the caller's
  ``numpy.random.Generator`` (drawn only when a mask is drawn, so evaluation
  mode and ``p = 0`` leave ``rng`` untouched), so ``rng`` alone decides and
  PyTorch's global generator is left as it was.
* **Backward by autograd** on the graph kept in the cache.
* **Spatial dropout** is ``F.dropout2d`` on ``(N, C, H, W)``.  PyTorch has no
  DropConnect: its checks skip.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F  # noqa: N812

from ._convert import array, backward, seed_from, tensor

__all__ = ["dropout_backward", "dropout_forward", "spatial_dropout_backward",
           "spatial_dropout_forward"]


def _forward(drop, x, p, rng, train):
    x_t = tensor(x, grad=True)
    if not train or p == 0:
        y = drop(x_t, p, False)
    else:
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed_from(rng))
            y = drop(x_t, p, True)
    return array(y), (y, x_t)


def _backward(dout, cache):
    y, x_t = cache
    if y is x_t:  # the identity (evaluation mode): no graph between them
        return array(tensor(dout))
    return backward(y, (x_t,), dout)[0]


def dropout_forward(x, p, rng, train=True):
    return _forward(lambda x_, p_, t: F.dropout(x_, p_, training=t), x, p, rng, train)


def dropout_backward(dout, cache):
    return _backward(dout, cache)


def spatial_dropout_forward(x, p, rng, train=True):
    return _forward(lambda x_, p_, t: F.dropout2d(x_, p_, training=t), x, p, rng, train)


def spatial_dropout_backward(dout, cache):
    return _backward(dout, cache)
