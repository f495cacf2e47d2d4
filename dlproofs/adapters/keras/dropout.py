"""``keras.layers.Dropout`` and ``SpatialDropout2D`` (torch backend) under the reference API.

Conventions converted:

* **Randomness.** Each call builds the layer with a seed drawn from the
  caller's ``numpy.random.Generator`` (only when a mask is drawn: evaluation
  mode and ``p = 0`` leave ``rng`` untouched).
* **Rate.** Keras's ``rate`` is the reference's drop probability ``p``, and
  Keras's dropout is inverted (kept values scaled by ``1/(1 - p)``).
* **Spatial dropout** is ``SpatialDropout2D(data_format="channels_first")`` on
  ``(N, C, H, W)``.  **Backward by autograd.**  Keras has no DropConnect.
"""

from __future__ import annotations

import keras

from ._convert import array, backward, seed_from, tensor

__all__ = ["dropout_backward", "dropout_forward", "spatial_dropout_backward",
           "spatial_dropout_forward"]


def _forward(make_layer, x, p, rng, train):
    x_t = tensor(x, grad=True)
    if not train or p == 0:
        return array(x_t), (x_t, x_t)
    y = make_layer(p, seed_from(rng))(x_t, training=True)
    return array(y), (y, x_t)


def _backward(dout, cache):
    y, x_t = cache
    if y is x_t:
        return array(tensor(dout))
    return backward(y, (x_t,), dout)[0]


def dropout_forward(x, p, rng, train=True):
    return _forward(lambda p_, s: keras.layers.Dropout(p_, seed=s, dtype="float64"), x, p, rng,
                    train)


def dropout_backward(dout, cache):
    return _backward(dout, cache)


def spatial_dropout_forward(x, p, rng, train=True):
    return _forward(lambda p_, s: keras.layers.SpatialDropout2D(
        p_, data_format="channels_first", seed=s, dtype="float64"), x, p, rng, train)


def spatial_dropout_backward(dout, cache):
    return _backward(dout, cache)
