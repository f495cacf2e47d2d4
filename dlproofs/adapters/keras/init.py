"""``keras.initializers`` under the reference's initializer API.

Conventions converted or declared:

* **Layout.** A Keras ``Dense`` kernel is ``(input_dim, units)`` = ``(fan_in,
  fan_out)``, the reference's layout: no transpose.
* **Randomness.** Each call builds the initializer with a seed drawn from the
  caller's ``numpy.random.Generator`` (Keras repeats a seeded initializer's
  values, so a fresh seed per call).
* **Truncated normals, declared.** Keras's normal initializers (``LecunNormal``,
  ``GlorotNormal``, ``HeNormal``, ``VarianceScaling``'s default) draw a normal
  truncated at 2 of its standard deviations and rescaled (``/0.8796``) to the
  stated variance: each such function declares ``truncation = 2.0``, and the
  checks test that law.
* **Options Keras lacks.** Xavier's ``gain`` is ``VarianceScaling(scale=gain**2,
  mode="fan_avg")``; He's ``negative_slope`` is ``scale=2/(1 + a^2)``.  Keras has no
  ``torch_linear_default``: its checks skip.
"""

from __future__ import annotations

import keras

from ._convert import array, seed_from

__all__ = ["he_normal", "he_uniform", "lecun_normal", "lecun_uniform", "variance_scaling",
           "xavier_normal", "xavier_uniform"]

#: Keras's normals are truncated at 2 standard deviations of the underlying normal.
TRUNCATION = 2.0


def _draw(fan_in, fan_out, rng, *, scale, mode, distribution):
    init = keras.initializers.VarianceScaling(scale=scale, mode=mode, distribution=distribution,
                                              seed=seed_from(rng))
    return array(init((int(fan_in), int(fan_out)), dtype="float64"))


def _declared(fn):
    fn.truncation = TRUNCATION
    return fn


def lecun_uniform(fan_in, fan_out, rng):
    return _draw(fan_in, fan_out, rng, scale=1.0, mode="fan_in", distribution="uniform")


@_declared
def lecun_normal(fan_in, fan_out, rng):
    return _draw(fan_in, fan_out, rng, scale=1.0, mode="fan_in", distribution="truncated_normal")


def xavier_uniform(fan_in, fan_out, rng, *, gain=1.0):
    return _draw(fan_in, fan_out, rng, scale=gain**2, mode="fan_avg", distribution="uniform")


@_declared
def xavier_normal(fan_in, fan_out, rng, *, gain=1.0):
    return _draw(fan_in, fan_out, rng, scale=gain**2, mode="fan_avg",
                 distribution="truncated_normal")


def he_uniform(fan_in, fan_out, rng, *, negative_slope=0.0):
    return _draw(fan_in, fan_out, rng, scale=2.0 / (1 + negative_slope**2), mode="fan_in",
                 distribution="uniform")


@_declared
def he_normal(fan_in, fan_out, rng, *, negative_slope=0.0):
    return _draw(fan_in, fan_out, rng, scale=2.0 / (1 + negative_slope**2), mode="fan_in",
                 distribution="truncated_normal")


@_declared
def variance_scaling(fan_in, fan_out, rng, *, scale=1.0, mode="fan_in", distribution="normal"):
    """Keras's ``VarianceScaling``; ``distribution="normal"`` is Keras's default normal, the
    truncated one (declared)."""
    keras_distribution = {"normal": "truncated_normal", "uniform": "uniform"}[distribution]
    return _draw(fan_in, fan_out, rng, scale=scale, mode=mode, distribution=keras_distribution)
