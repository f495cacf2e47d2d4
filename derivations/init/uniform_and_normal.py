"""Item 3: moments of the uniform and normal laws, and the bounds of each scheme.

.. math::

    \\operatorname{Var}(U(-b, b)) = \\int_{-b}^{b} \\frac{t^2}{2b}\\,dt = \\frac{b^2}{3},
    \\qquad \\frac{E[w^4]}{\\operatorname{Var}(w)^2} = \\frac{b^4/5}{b^4/9} = \\frac{9}{5},

and the normal law's kurtosis is 3.  A uniform law with variance ``v`` has
bound ``sqrt(3 v)`` and a normal one standard deviation ``sqrt(v)``; with the
target variances of LeCun (1/n_in), Glorot (2 gain^2/(n_in + n_out)) and He
(2/((1 + a^2) n_in)) this gives the bounds below.  PyTorch's ``nn.Linear``
default, ``U(-1/sqrt(n_in), 1/sqrt(n_in))`` (slide 001), has variance
``1/(3 n_in)``: each linear layer divides the variance by 3 (slide 004,
"Получаем затухание!").

>>> UNIFORM.claim("init.uniform.variance").rhs
b**2/3
>>> from derivations.init.bounds import BOUNDS  # from the proved scheme variances
>>> BOUNDS.claim("init.he.uniform_bound").rhs
sqrt(6)/(sqrt(n_in)*sqrt(a**2 + 1))
>>> BOUNDS.claim("init.xavier.normal_std").rhs
sqrt(2)*gain/sqrt(n_in + n_out)
"""

from __future__ import annotations

import sympy as sp

from ..kernel import Claim, Derivation, Step
from .common import (
    E,
    N,
    U,
    Var_,
    b,
    instantiate,
    n_in,
    normal_density,
    sigma,
    t,
    uniform_density,
    variance_definition,
)

__all__ = ["NORMAL", "TORCH", "UNIFORM"]  # and BOUNDS, from .bounds

SLIDE_BAD = "004: Плохая инициализация весов"
SLIDE_BETTER = "004: Немного лучше"
SLIDE_XAVIER = "004: Инициализация Ксавье (Глорота)"
SLIDE_NORMAL = "004: Инициализация Ксавье (Глорота) (the normal version: a seminar exercise)"
SLIDE_TORCH = "001: Initialization (torch.nn.Linear: U(-sqrt(k), sqrt(k)), k = 1/in_features)"
LECUN = "Y. LeCun, L. Bottou, G. Orr, K.-R. Müller. Efficient BackProp. 1998."
HE = ("K. He, X. Zhang, S. Ren, J. Sun. Delving Deep into Rectifiers. ICCV 2015, "
      "arXiv:1502.01852.")
TORCH_DOC = "PyTorch documentation, torch.nn.Linear (reset_parameters)."

w_u = U(-b, b)
w_n = N(0, sigma)
_int = lambda g, lo, hi, dens: sp.Integral(g * dens, (t, lo, hi))  # noqa: E731
_m1 = _int(t, -b, b, 1 / (2 * b))
_m2 = _int(t**2, -b, b, 1 / (2 * b))
_m4 = _int(t**4, -b, b, 1 / (2 * b))

UNIFORM = Derivation(
    id="init.uniform_moments",
    title="Moments of the uniform law $U(-b, b)$",
    chapter="init",
    steps=(
        Step(Var_(w_u), E(w_u**2) - E(w_u) ** 2, because="definition",
             using=(variance_definition,)),
        Step(E(w_u**2) - E(w_u) ** 2, _m2 - _m1**2, because="integral", using=(uniform_density,)),
        Step(_m2 - _m1**2, b**2 / 3, because="integral"),
        Step(sp.Rational(1, 12) * (b - (-b)) ** 2, b**2 / 3, because="algebra",
             note="Slide 004 writes Var(U[lo, hi]) = (hi - lo)^2/12: verified."),
        Step(E(w_u**4), _m4, b**4 / 5, because="integral", using=(uniform_density,)),
        Step(E(w_u**4) / Var_(w_u) ** 2, (b**4 / 5) / (b**2 / 3) ** 2, sp.Rational(9, 5),
             because="integral", using=(variance_definition, uniform_density),
             note="The integrals of steps 1-3 and 5."),
    ),
    claims=(
        Claim("init.uniform.variance", "Var(U(-b, b)) = b^2/3.", Var_(w_u), b**2 / 3,
              parameters=(b,), slide=SLIDE_BAD,
              implemented_by="lecun_uniform, xavier_uniform, he_uniform, torch_linear_default"),
        Claim("init.uniform.fourth_moment", "E[w^4] = b^4/5 for w ~ U(-b, b).",
              E(w_u**4), b**4 / 5, parameters=(b,), slide=SLIDE_BAD,
              implemented_by="lecun_uniform, xavier_uniform, he_uniform, torch_linear_default"),
        Claim("init.uniform.kurtosis", "E[w^4]/Var(w)^2 = 9/5 for w ~ U(-b, b).",
              E(w_u**4) / Var_(w_u) ** 2, sp.Rational(9, 5), slide=SLIDE_BAD,
              implemented_by="lecun_uniform, xavier_uniform, he_uniform, torch_linear_default"),
    ),
    slides=(SLIDE_BAD,),
    summary="The second and fourth moments of $U(-b, b)$ by integration; the kurtosis $9/5$ "
            "sizes the fourth-moment variance test.",
)

_phi = sp.exp(-(t**2) / (2 * sigma**2)) / (sigma * sp.sqrt(2 * sp.pi))
_n1 = sp.Integral(t * _phi, (t, -sp.oo, sp.oo))
_n2 = sp.Integral(t**2 * _phi, (t, -sp.oo, sp.oo))
_n4 = sp.Integral(t**4 * _phi, (t, -sp.oo, sp.oo))
NORMAL = Derivation(
    id="init.normal_moments",
    title="Moments of the normal law $N(0, \\sigma^2)$",
    chapter="init",
    steps=(
        Step(Var_(w_n), E(w_n**2) - E(w_n) ** 2, because="definition",
             using=(variance_definition,)),
        Step(E(w_n**2) - E(w_n) ** 2, _n2 - _n1**2, sigma**2, because="integral",
             using=(normal_density,)),
        Step(E(w_n**4), _n4, 3 * sigma**4, because="integral", using=(normal_density,)),
        Step(E(w_n**4) / Var_(w_n) ** 2, 3 * sigma**4 / (sigma**2) ** 2, 3,
             because="integral", using=(variance_definition, normal_density),
             note="The integrals of steps 1-3."),
    ),
    claims=(
        Claim("init.normal.variance", "Var(N(0, sigma^2)) = sigma^2.", Var_(w_n), sigma**2,
              parameters=(sigma,), slide=SLIDE_NORMAL,
              implemented_by="lecun_normal, xavier_normal, he_normal"),
        Claim("init.normal.fourth_moment", "E[w^4] = 3 sigma^4 for w ~ N(0, sigma^2).",
              E(w_n**4), 3 * sigma**4, parameters=(sigma,), slide=SLIDE_NORMAL,
              implemented_by="lecun_normal, xavier_normal, he_normal"),
        Claim("init.normal.kurtosis", "E[w^4]/Var(w)^2 = 3 for a zero-mean normal w.",
              E(w_n**4) / Var_(w_n) ** 2, sp.Integer(3), slide=SLIDE_NORMAL,
              implemented_by="lecun_normal, xavier_normal, he_normal"),
    ),
    summary="The Gaussian integrals give $\\operatorname{Var} = \\sigma^2$ and "
            "$\\mathbb{E}[w^4] = 3 \\sigma^4$.",
)

_var_u = UNIFORM.lemma("init.uniform.variance")
_var_n = NORMAL.lemma("init.normal.variance")
k = 1 / sp.sqrt(n_in)
w_torch = U(-k, k)
TORCH = Derivation(
    id="init.torch_default",
    title="PyTorch's `nn.Linear` default divides the variance by 3 per layer",
    chapter="init",
    steps=(
        Step(Var_(w_torch), k**2 / 3, 1 / (3 * n_in), because="lemma",
             using=(instantiate(_var_u, {b: k}),)),
        Step(sp.Rational(1, 12) * (k + k) ** 2, 1 / (3 * n_in), because="algebra",
             note="Slide 004's arithmetic (1/12)(2/sqrt(n_in))^2 = 1/(3 n_in): verified."),
        Step(n_in * Var_(w_torch), n_in / (3 * n_in), sp.Rational(1, 3), because="lemma",
             using=(instantiate(_var_u, {b: k}),),
             note="Var(h) = Var(x) [n_in Var(w)] = Var(x)/3: the slide's 'затухание'."),
    ),
    claims=(
        Claim("init.torch_default.variance",
              "Var(w) = 1/(3 n_in) for w ~ U(-1/sqrt(n_in), 1/sqrt(n_in)).",
              Var_(w_torch), 1 / (3 * n_in), parameters=(n_in,), slide=SLIDE_TORCH,
              implemented_by="torch_linear_default"),
        Claim("init.torch_default.identity_factor",
              "n_in Var(w) = 1/3: each linear layer divides the variance by 3.",
              n_in * Var_(w_torch), sp.Rational(1, 3), slide=SLIDE_BAD,
              implemented_by="torch_linear_default"),
    ),
    slides=(SLIDE_BAD, SLIDE_TORCH), references=(TORCH_DOC,),
    summary="$U(\\pm 1/\\sqrt{n_{in}})$ has variance $1/(3 n_{in})$, a third of LeCun's.",
)


def __getattr__(name: str):
    """``BOUNDS`` lives in :mod:`derivations.init.bounds` (it uses the proved scheme
    variances, which are derived after this module); the old name keeps working."""
    if name == "BOUNDS":
        from .bounds import BOUNDS
        return BOUNDS
    raise AttributeError(name)
