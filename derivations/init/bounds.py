"""The uniform bounds and normal standard deviations of LeCun, Xavier and He (slide 004).

Each scheme's variance is a proved symbol (``v_fwd``, ``v_xavier``, ``v_he``,
from :mod:`derivations.init.conditions` and :mod:`derivations.init.relu_he`).
The chain ``Var(U(-b, b)) = b^2/3`` ends in ``b^2/3``; solving ``b^2/3 = v`` for a
positive ``b`` gives ``b = sqrt(3 v)``, and the scheme's lemma turns ``v`` into
its formula; likewise ``Var(N(0, s^2)) = s^2 = v`` gives ``s = sqrt(v)``.

>>> BOUNDS.claim("init.he.uniform_bound").rhs
sqrt(6)/(sqrt(n_in)*sqrt(a**2 + 1))
"""

from __future__ import annotations

import sympy as sp

from ..kernel import Claim, Derivation, Solve, Step
from .common import N, U, Var_, a, b, gain, instantiate, n_in, n_out, sigma
from .conditions import (
    FORWARD,
    GLOROT,
    XAVIER,
    gradient_variance,
    signal_variance,
    v_fwd,
    v_xavier,
)
from .relu_he import HE_VARIANCE, spread, v_he
from .uniform_and_normal import (
    HE,
    LECUN,
    NORMAL,
    SLIDE_BETTER,
    SLIDE_XAVIER,
    UNIFORM,
)

__all__ = ["BOUNDS", "b_he", "b_lecun", "b_xavier", "s_he", "s_lecun", "s_xavier"]

_var_u = UNIFORM.lemma("init.uniform.variance")
_var_n = NORMAL.lemma("init.normal.variance")
b_lecun, b_xavier, b_he = sp.symbols("b_lecun b_xavier b_he", positive=True)
s_lecun, s_xavier, s_he = sp.symbols("sigma_lecun sigma_xavier sigma_he", positive=True)
v_lecun = 1 / n_in
v_xav = 2 * gain**2 / (n_in + n_out)
v_he_formula = 2 / ((1 + a**2) * n_in)
_targets = (
    ("lecun", v_fwd, FORWARD.lemma("init.forward.condition"), v_lecun, b_lecun, s_lecun,
     (n_in,), "lecun", SLIDE_BETTER),
    ("xavier", v_xavier, XAVIER.lemma("init.xavier.variance"), v_xav, b_xavier, s_xavier,
     (n_in, n_out, gain), "xavier", SLIDE_XAVIER),
    ("he", v_he, HE_VARIANCE.lemma("init.he.variance"), v_he_formula, b_he, s_he, (n_in, a),
     "he", "004: Инициализация Хе"),
)
_steps, _claims = [], []
for name, vsym, vlemma, target, bsym, ssym, params, impl, slide in _targets:
    bound, std = sp.sqrt(3 * target), sp.sqrt(target)
    _steps += [
        Step(Var_(U(-bsym, bsym)), bsym**2 / 3, because="lemma",
             using=(instantiate(_var_u, {b: bsym}),)),
        Solve(sp.Eq(bsym**2 / 3, vsym), bsym, sp.sqrt(3 * vsym),
              note=f"The {name} bound: the uniform law whose variance is the scheme's."),
        Step(sp.sqrt(3 * vsym), bound, because="lemma", using=(vlemma,),
             note=f"The proved {name} variance."),
        Step(Var_(U(-bound, bound)), bound**2 / 3, target, because="lemma",
             using=(instantiate(_var_u, {b: bound}),)),
        Step(Var_(N(0, ssym)), ssym**2, because="lemma",
             using=(instantiate(_var_n, {sigma: ssym}),)),
        Solve(sp.Eq(ssym**2, vsym), ssym, sp.sqrt(vsym),
              note=f"The {name} standard deviation (slide 004's seminar exercise)."),
        Step(sp.sqrt(vsym), std, because="lemma", using=(vlemma,)),
        Step(Var_(N(0, std)), std**2, target, because="lemma",
             using=(instantiate(_var_n, {sigma: std}),)),
    ]
    _claims += [
        Claim(f"init.{name}.uniform_bound", f"{name}: w ~ U(-b, b) with b = sqrt(3 Var).",
              bsym, bound, parameters=params, slide=slide, implemented_by=f"{impl}_uniform"),
        Claim(f"init.{name}.normal_std", f"{name}: w ~ N(0, std^2) with std = sqrt(Var).",
              ssym, std, parameters=params, slide=slide, implemented_by=f"{impl}_normal"),
        Claim(f"init.{name}.uniform_variance", f"{name} uniform: Var(w) equals the target.",
              Var_(U(-bound, bound)), target, parameters=params, slide=slide,
              implemented_by=f"{impl}_uniform"),
        Claim(f"init.{name}.normal_variance", f"{name} normal: Var(w) equals the target.",
              Var_(N(0, std)), target, parameters=params, slide=slide,
              implemented_by=f"{impl}_normal"),
    ]
_claims.append(Claim("init.lecun.variance", "LeCun: Var(w) = 1/n_in (uniform or normal).",
                     Var_(U(-sp.sqrt(3 * v_lecun), sp.sqrt(3 * v_lecun))), v_lecun,
                     parameters=(n_in,), slide=SLIDE_BETTER,
                     implemented_by="lecun_uniform, lecun_normal"))
_steps.append(Step(sp.sqrt(6) / sp.sqrt(n_out + n_in),
                   (sp.sqrt(3 * v_xav)).subs(gain, 1), because="algebra",
                   note="Slide 004's Xavier bound sqrt(6)/sqrt(n_out + n_in): verified."))
_steps.append(Step(sp.sqrt(3) / sp.sqrt(n_in), sp.sqrt(3 * v_lecun), because="algebra",
                   note="Slide 004's bound sqrt(3)/sqrt(n_in): verified."))
_steps.append(Step(sp.Rational(1, 12) * (2 * sp.sqrt(3) / sp.sqrt(n_in)) ** 2, v_lecun,
                   because="algebra",
                   note="Slide 004's (1/12)(sqrt(3)/sqrt(n_in) + sqrt(3)/sqrt(n_in))^2 = "
                        "1/n_in: verified."))

BOUNDS = Derivation(
    id="init.bounds",
    title="Uniform bounds and normal standard deviations of LeCun, Xavier and He",
    chapter="init",
    steps=tuple(_steps),
    claims=tuple(_claims),
    #: the hypotheses the scheme lemmas carry (the kernel checks that each is listed)
    assumptions=(signal_variance, gradient_variance, spread),
    slides=(SLIDE_BETTER, SLIDE_XAVIER),
    references=(LECUN, GLOROT, HE),
    summary="Solve $b^2/3 = v$ and $\\sigma^2 = v$ for each scheme's proved variance $v$.",
)
