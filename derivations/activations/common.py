"""Symbols, activation formulas and rules shared by the activations chapter.

Every activation is a SymPy expression in one real symbol, so its derivative is
computed by :func:`sympy.diff` and an identity about it is proved by the kernel
(the residual reduces to 0).  The parameter symbols carry the names the tests
use as oracle keywords: ``x`` (the input), ``a`` (leaky ReLU's negative slope),
``alpha`` (ELU's scale of the negative branch), ``lam`` (SELU's scale).

A Gaussian input is ``N(0, sigma)`` of :mod:`derivations.init.common`, whose
expectations the ``normal density`` axiom turns into integrals against
``phi(t)``.

>>> sp.simplify(sp.diff(sigmoid(x), x) - sigmoid(x) * (1 - sigmoid(x)))
0
"""

from __future__ import annotations

import sympy as sp

from ..init.common import E, N, normal_density, sigma, t

__all__ = [
    "BACKPROP_SLIDE",
    "CENTRING_SLIDE",
    "DEAD_SLIDE",
    "ELU_SLIDE",
    "LEAKY_SLIDE",
    "PARALYSIS_SLIDE",
    "RELU_SLIDE",
    "SELU_PAPER",
    "TANH_SLIDE",
    "E",
    "N",
    "Phi",
    "a",
    "alpha",
    "elu_negative",
    "gelu",
    "lam",
    "normal_density",
    "phi",
    "sigma",
    "sigmoid",
    "silu",
    "std_phi",
    "t",
    "x",
]

BACKPROP_SLIDE = "004: Как обучить нейросеть?"
PARALYSIS_SLIDE = "004: Паралич сети"
CENTRING_SLIDE = "004: Центрирование"
TANH_SLIDE = "004: Tanh activation"
RELU_SLIDE = "004: ReLU activation"
DEAD_SLIDE = "004: Зануление ReLU"
LEAKY_SLIDE = "004: Leaky ReLU activation"
ELU_SLIDE = "004: ELU activation"
VANISHING_SLIDE = "003: Проблемы: взрывающийся (exploding) и затухающий (vanishing) градиент"
SELU_PAPER = ("G. Klambauer, T. Unterthiner, A. Mayr, S. Hochreiter, Self-Normalizing Neural "
              "Networks, NeurIPS 2017, arXiv:1706.02515")
HENDRYCKS = ("D. Hendrycks, K. Gimpel, Gaussian Error Linear Units (GELUs), 2016, "
             "arXiv:1606.08415")
ELFWING = ("S. Elfwing, E. Uchibe, K. Doya, Sigmoid-weighted linear units for neural network "
           "function approximation in reinforcement learning, Neural Networks 2018")
CLEVERT = ("D.-A. Clevert, T. Unterthiner, S. Hochreiter, Fast and Accurate Deep Network "
           "Learning by Exponential Linear Units (ELUs), ICLR 2016, arXiv:1511.07289")
RUMELHART = ("D. E. Rumelhart, G. E. Hinton, R. J. Williams, Learning representations by "
             "back-propagating errors, Nature 323, 1986")
POOLE = ("B. Poole, S. Lahiri, M. Raghu, J. Sohl-Dickstein, S. Ganguli, Exponential "
         "expressivity in deep neural networks through transient chaos, NeurIPS 2016")

x = sp.Symbol("x", real=True)
a = sp.Symbol("a", real=True)
alpha = sp.Symbol("alpha", positive=True)
lam = sp.Symbol("lam", positive=True)


def sigmoid(z: sp.Expr) -> sp.Expr:
    """sigma(z) = 1/(1 + e^{-z})."""
    return 1 / (1 + sp.exp(-z))


def Phi(z: sp.Expr) -> sp.Expr:
    """The standard normal distribution function, (1 + erf(z/sqrt 2))/2."""
    return (1 + sp.erf(z / sp.sqrt(2))) / 2


def std_phi(z: sp.Expr) -> sp.Expr:
    """The standard normal density, e^{-z^2/2}/sqrt(2 pi)."""
    return sp.exp(-(z**2) / 2) / sp.sqrt(2 * sp.pi)


phi = std_phi


def gelu(z: sp.Expr) -> sp.Expr:
    """GELU(z) = z Phi(z), the exact (erf) form of Hendrycks & Gimpel (2016)."""
    return z * Phi(z)


def silu(z: sp.Expr) -> sp.Expr:
    """SiLU(z) = z sigma(z) (Elfwing et al. 2018; 'swish' with beta = 1)."""
    return z * sigmoid(z)


def elu_negative(z: sp.Expr, scale: sp.Expr = alpha) -> sp.Expr:
    """ELU's branch for z <= 0: alpha (e^z - 1)."""
    return scale * (sp.exp(z) - 1)


_ = (E, N, normal_density, sigma, t)  # re-exported for the chapter's modules
