r"""Weight initializers: one general rule and the named schemes as its settings.

A layer computes ``y = x @ W`` with ``W`` of shape ``(fan_in, fan_out)``.  With
independent zero-mean weights and inputs, each output is a sum of ``fan_in``
products, so

.. math::  \operatorname{Var}(y) = n_\text{in} \operatorname{Var}(w) \operatorname{Var}(x),

and in the backward pass each input gradient sums ``fan_out`` products:
:math:`\operatorname{Var}(\partial x) = n_\text{out} \operatorname{Var}(w)
\operatorname{Var}(\partial y)`.  Every classic scheme picks ``Var(w)`` so that
one of these factors (times the activation's own factor) equals one.  Following
JAX (``jax.nn.initializers.variance_scaling``), all of them are settings of one
rule,

.. math::  \operatorname{Var}(w) = \frac{\text{scale}}{n}, \qquad
           n \in \{n_\text{in},\ n_\text{out},\ (n_\text{in} + n_\text{out})/2\},

drawn either from a normal distribution (untruncated, standard deviation
:math:`\sqrt{\text{scale}/n}`) or from :math:`U(-b, b)` with
:math:`b = \sqrt{3\,\text{scale}/n}`, because :math:`\operatorname{Var}(U(-b, b)) = b^2/3`.

=======================  =====================  ========  ==============
scheme                   scale                  n         paper
=======================  =====================  ========  ==============
``lecun_*``              1                      fan_in    LeCun et al. 1998
``xavier_*``             gain**2                fan_avg   Glorot & Bengio 2010
``he_*``                 2 / (1 + a**2)         fan_in    He et al. 2015
``torch_linear_default`` 1/3 (uniform)          fan_in    PyTorch nn.Linear
=======================  =====================  ========  ==============

References
----------
* Y. LeCun, L. Bottou, G. B. Orr, K.-R. Müller, "Efficient BackProp", in
  *Neural Networks: Tricks of the Trade*, Springer, 1998 (section 4.6).
* X. Glorot, Y. Bengio, "Understanding the difficulty of training deep
  feedforward neural networks", AISTATS 2010 (equations 10-12, 16).
* K. He, X. Zhang, S. Ren, J. Sun, "Delving Deep into Rectifiers: Surpassing
  Human-Level Performance on ImageNet Classification", ICCV 2015 (equations
  10 and 15).
* PyTorch, ``torch.nn.Linear.reset_parameters`` (``kaiming_uniform_`` with
  ``a = sqrt(5)``, i.e. ``U(-1/sqrt(fan_in), 1/sqrt(fan_in))``).
"""

from __future__ import annotations

import math

import numpy as np

from impl._validate import (
    check_choice,
    check_finite_nonneg,
    check_generator,
    check_positive_int,
)

__all__ = [
    "he_normal",
    "he_uniform",
    "lecun_normal",
    "lecun_uniform",
    "torch_linear_default",
    "variance_scaling",
    "xavier_normal",
    "xavier_uniform",
]

MODES = ("fan_in", "fan_out", "fan_avg")
DISTRIBUTIONS = ("uniform", "normal")


def variance_scaling(fan_in: int, fan_out: int, rng: np.random.Generator, *, scale: float,
                     mode: str, distribution: str) -> np.ndarray:
    r"""Weights of shape ``(fan_in, fan_out)`` with ``Var(w) = scale / n``.

    .. math::  \operatorname{Var}(w) = \frac{\text{scale}}{n}, \quad n = \begin{cases}
               n_\text{in} & \text{mode = "fan_in"} \\
               n_\text{out} & \text{mode = "fan_out"} \\
               (n_\text{in} + n_\text{out})/2 & \text{mode = "fan_avg"}
               \end{cases}

    ``distribution="normal"`` draws :math:`N(0, \text{scale}/n)` (not
    truncated); ``distribution="uniform"`` draws :math:`U(-b, b)` with
    :math:`b = \sqrt{3\,\text{scale}/n}`, since a uniform variable on
    ``[-b, b]`` has variance :math:`b^2/3`.  The entries are independent and
    have mean zero.  ``mode="fan_in"`` preserves the variance of the forward
    signal, ``mode="fan_out"`` that of the backward gradient.

    Parameters
    ----------
    fan_in, fan_out : int
        The layer's input and output widths (positive integers).
    rng : numpy.random.Generator
        The source of randomness, e.g. ``numpy.random.default_rng(seed)``.
    scale : float
        The target ``n * Var(w)`` (a finite number >= 0).
    mode : {"fan_in", "fan_out", "fan_avg"}
    distribution : {"uniform", "normal"}

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> w = variance_scaling(300, 100, rng, scale=2.0, mode="fan_in", distribution="uniform")
    >>> w.shape, w.dtype
    ((300, 100), dtype('float64'))
    >>> bool(np.abs(w).max() <= math.sqrt(3 * 2.0 / 300))
    True
    """
    fan_in = check_positive_int("fan_in", fan_in)
    fan_out = check_positive_int("fan_out", fan_out)
    rng = check_generator("rng", rng)
    scale = check_finite_nonneg("scale", scale)
    mode = check_choice("mode", mode, MODES)
    distribution = check_choice("distribution", distribution, DISTRIBUTIONS)

    n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[mode]
    variance = scale / n
    shape = (fan_in, fan_out)
    if distribution == "normal":
        return rng.normal(0.0, math.sqrt(variance), size=shape)
    bound = math.sqrt(3.0 * variance)
    return rng.uniform(-bound, bound, size=shape)


# ----------------------------------------------------------------- LeCun 1998


def lecun_uniform(fan_in: int, fan_out: int, rng: np.random.Generator) -> np.ndarray:
    r"""LeCun uniform: :math:`w \sim U(-b, b)`, :math:`b = \sqrt{3 / n_\text{in}}`.

    .. math::  \operatorname{Var}(w) = \frac{b^2}{3} = \frac{1}{n_\text{in}}

    The forward condition :math:`n_\text{in} \operatorname{Var}(w) = 1` keeps
    the variance of a linear (or tanh near zero) signal constant across layers
    (LeCun, Bottou, Orr & Müller, "Efficient BackProp", 1998, section 4.6).

    >>> w = lecun_uniform(300, 100, np.random.default_rng(0))
    >>> w.shape, w.dtype
    ((300, 100), dtype('float64'))
    >>> bool(np.abs(w).max() <= math.sqrt(3 / 300))
    True
    """
    return variance_scaling(fan_in, fan_out, rng, scale=1.0, mode="fan_in",
                            distribution="uniform")


def lecun_normal(fan_in: int, fan_out: int, rng: np.random.Generator) -> np.ndarray:
    r"""LeCun normal: :math:`w \sim N(0, \sigma^2)`, :math:`\sigma = \sqrt{1 / n_\text{in}}`.

    .. math::  \operatorname{Var}(w) = \frac{1}{n_\text{in}}

    The forward condition with normal weights (LeCun et al., "Efficient
    BackProp", 1998).

    >>> w = lecun_normal(300, 100, np.random.default_rng(0))
    >>> w.shape, w.dtype
    ((300, 100), dtype('float64'))
    """
    return variance_scaling(fan_in, fan_out, rng, scale=1.0, mode="fan_in",
                            distribution="normal")


# -------------------------------------------------------- Glorot & Bengio 2010


def _xavier_scale(gain: float) -> float:
    gain = check_finite_nonneg("gain", gain)
    if not math.isfinite(gain * gain):
        raise ValueError(f"gain must be a finite real number >= 0 whose square is finite; "
                         f"got {gain!r}, whose square overflows")
    return gain * gain


def xavier_uniform(fan_in: int, fan_out: int, rng: np.random.Generator, *,
                   gain: float = 1.0) -> np.ndarray:
    r"""Xavier (Glorot) uniform: :math:`w \sim U(-b, b)`,
    :math:`b = \text{gain} \sqrt{6 / (n_\text{in} + n_\text{out})}`.

    .. math::  \operatorname{Var}(w) = \frac{b^2}{3}
               = \frac{2\,\text{gain}^2}{n_\text{in} + n_\text{out}}

    Glorot's compromise between the forward condition
    :math:`n_\text{in} \operatorname{Var}(w) = 1` and the backward condition
    :math:`n_\text{out} \operatorname{Var}(w) = 1`: the harmonic mean of the two
    variances (Glorot & Bengio, "Understanding the difficulty of training deep
    feedforward neural networks", AISTATS 2010, eq. 16).  ``gain`` (>= 0)
    multiplies the standard deviation, as in ``torch.nn.init.xavier_uniform_``.

    >>> w = xavier_uniform(300, 100, np.random.default_rng(0), gain=2.0)
    >>> w.shape, w.dtype
    ((300, 100), dtype('float64'))
    >>> bool(np.abs(w).max() <= 2.0 * math.sqrt(6 / (300 + 100)))
    True
    """
    return variance_scaling(fan_in, fan_out, rng, scale=_xavier_scale(gain), mode="fan_avg",
                            distribution="uniform")


def xavier_normal(fan_in: int, fan_out: int, rng: np.random.Generator, *,
                  gain: float = 1.0) -> np.ndarray:
    r"""Xavier (Glorot) normal: :math:`w \sim N(0, \sigma^2)`,
    :math:`\sigma = \text{gain} \sqrt{2 / (n_\text{in} + n_\text{out})}`.

    .. math::  \operatorname{Var}(w) = \frac{2\,\text{gain}^2}{n_\text{in} + n_\text{out}}

    The normal version of Glorot & Bengio (AISTATS 2010), as in
    ``torch.nn.init.xavier_normal_``; not truncated.

    >>> w = xavier_normal(300, 100, np.random.default_rng(0))
    >>> w.shape, w.dtype
    ((300, 100), dtype('float64'))
    """
    return variance_scaling(fan_in, fan_out, rng, scale=_xavier_scale(gain), mode="fan_avg",
                            distribution="normal")


# ------------------------------------------------------------------ He 2015


def _he_scale(negative_slope: float) -> float:
    a = check_finite_nonneg("negative_slope", negative_slope)
    return 2.0 / (1.0 + a * a)


def he_uniform(fan_in: int, fan_out: int, rng: np.random.Generator, *,
               negative_slope: float = 0.0) -> np.ndarray:
    r"""He (Kaiming) uniform: :math:`w \sim U(-b, b)`,
    :math:`b = \sqrt{6 / ((1 + a^2)\, n_\text{in})}`.

    .. math::  \operatorname{Var}(w) = \frac{2}{(1 + a^2)\, n_\text{in}}

    A ReLU keeps half of a symmetric signal's second moment,
    :math:`E[\max(0, h)^2] = \operatorname{Var}(h)/2`, and a leaky ReLU with
    negative slope ``a`` keeps :math:`(1 + a^2)/2` of it; this variance undoes
    that loss, so :math:`n_\text{in} \operatorname{Var}(w) (1 + a^2)/2 = 1` per
    layer (He, Zhang, Ren & Sun, "Delving Deep into Rectifiers", ICCV 2015,
    eq. 10 and 15).  ``negative_slope`` is ``a`` (>= 0; 0 for a plain ReLU).

    >>> w = he_uniform(300, 100, np.random.default_rng(0))
    >>> w.shape, w.dtype
    ((300, 100), dtype('float64'))
    >>> bool(np.abs(w).max() <= math.sqrt(6 / 300))
    True
    """
    return variance_scaling(fan_in, fan_out, rng, scale=_he_scale(negative_slope),
                            mode="fan_in", distribution="uniform")


def he_normal(fan_in: int, fan_out: int, rng: np.random.Generator, *,
              negative_slope: float = 0.0) -> np.ndarray:
    r"""He (Kaiming) normal: :math:`w \sim N(0, \sigma^2)`,
    :math:`\sigma = \sqrt{2 / ((1 + a^2)\, n_\text{in})}`.

    .. math::  \operatorname{Var}(w) = \frac{2}{(1 + a^2)\, n_\text{in}}

    He et al., "Delving Deep into Rectifiers", ICCV 2015 (eq. 10 and 15);
    ``negative_slope`` is the leaky ReLU's ``a`` (>= 0).  Not truncated.

    >>> w = he_normal(300, 100, np.random.default_rng(0), negative_slope=0.25)
    >>> w.shape, w.dtype
    ((300, 100), dtype('float64'))
    """
    return variance_scaling(fan_in, fan_out, rng, scale=_he_scale(negative_slope),
                            mode="fan_in", distribution="normal")


# ----------------------------------------------------------------- PyTorch


def torch_linear_default(fan_in: int, fan_out: int, rng: np.random.Generator) -> np.ndarray:
    r"""PyTorch's ``nn.Linear`` default: :math:`w \sim U(-b, b)`, :math:`b = 1/\sqrt{n_\text{in}}`.

    .. math::  \operatorname{Var}(w) = \frac{1}{3\, n_\text{in}}

    ``reset_parameters`` calls ``kaiming_uniform_(a=sqrt(5))``, whose bound is
    :math:`\sqrt{6/((1 + 5) n_\text{in})} = 1/\sqrt{n_\text{in}}`.  As a
    variance-scaling rule this is ``scale = 1/3``: a third of LeCun's variance,
    so a linear stack loses a factor 3 of signal variance per layer and a ReLU
    stack a factor 6.  (PyTorch stores the weight transposed, shape
    ``(out_features, in_features)``; here it is ``(fan_in, fan_out)``.)

    >>> w = torch_linear_default(300, 100, np.random.default_rng(0))
    >>> w.shape, w.dtype
    ((300, 100), dtype('float64'))
    >>> bool(np.abs(w).max() <= 1 / math.sqrt(300))
    True
    """
    return variance_scaling(fan_in, fan_out, rng, scale=1.0 / 3.0, mode="fan_in",
                            distribution="uniform")
