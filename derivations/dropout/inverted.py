"""Inverted dropout: the output keeps the input's mean and gains a known variance.

A unit with input ``x`` is kept with probability ``1 - p`` (``D = 1``) and
dropped with probability ``p`` (``D = 0``); inverted dropout divides the kept
output by ``1 - p`` during training so that nothing changes at test time:

.. math::

    o = \\frac{D x}{1 - p},\\quad D \\sim \\mathrm{Bernoulli}(1 - p),\\qquad
    E[o] = x,\\quad \\mathrm{Var}[o] = x^2 \\frac{p}{1 - p}.

The output is two-valued (``x/(1-p)`` or ``0``), so its fourth central moment
and kurtosis are exact too; the tests use them to size variance tests for
non-Gaussian data.  Classic dropout (Srivastava et al., 2014) does not scale
in training, ``o = D x``, and multiplies by ``1 - p`` at test time instead:
the test-time output ``(1 - p) x`` is the training expectation.

>>> KURTOSIS.rhs
(3*p**2 - 3*p + 1)/(p*(1 - p))

References: N. Srivastava, G. Hinton, A. Krizhevsky, I. Sutskever,
R. Salakhutdinov, "Dropout: a simple way to prevent neural networks from
overfitting", JMLR 15 (2014); PyTorch ``torch.nn.Dropout`` documentation.
"""

from __future__ import annotations

import sympy as sp

from ..axioms.init import Var_, variance_definition
from ..expectation import E, linearity
from ..kernel import Assumption, Claim, Definition, Derivation, Step
from .common import D, bernoulli, drop_rate, p, q, x

__all__ = ["DERIVATION", "KURTOSIS", "KURTOSIS_DERIVATION", "TRAIN_TEST_RATIO", "output"]

#: The inverted-dropout output of one unit.
output = D * x / q
#: The output by the name the slides give it; its definition is what it names.
o = sp.Symbol("o")
o_is_output = Definition(o, output, "o = D x/(1 - p), the output of inverted dropout")

_lin = linearity([D])
# the moments of the named output o, as the slides write them: inside E and Var the kernel
# unfolds o to D x/(1 - p) before linearity reads which factor is random
_mean = E(o)
_var = Var_(o)
_fourth = E((o - x) ** 4)
_kurtosis = _fourth / _var**2
_var_value = x**2 * p / q
_fourth_value = x**4 * p * (p**3 + q**3) / q**3

#: Slide 002's z'/z: the unscaled test-time input over the training mean (classic dropout).
_ratio = x / E(D * x)
TRAIN_TEST_RATIO = Claim(
    "dropout.classic.train_test_ratio",
    "Classic dropout: the unscaled test-time input x is 1/(1 - p) times the training mean "
    "z = E[D x], so z' (1 - p) = z; at slide 002's p = 1/2, z' = 2 z exactly (verified).",
    _ratio, 1 / q, parameters=(p,), slide="002", implemented_by="dropout_forward",
)

KURTOSIS = Claim(
    "dropout.inverted.kurtosis",
    "The kurtosis of the output, E[(o - x)^4] / Var[o]^2 = (1 - 3p + 3p^2) / (p (1 - p)), "
    "the same for every x != 0 (9/5 for a uniform variable, 3 for a Gaussian: here it "
    "exceeds 3 when p < 0.21 or p > 0.79).",
    _kurtosis, (1 - 3 * p + 3 * p**2) / (p * q), parameters=(p,),
    implemented_by="dropout_forward",
)

#: x != 0: the train/test ratio x/E(D x) and the kurtosis (over the variance x^2 p/(1 - p))
#: are undefined for a zero input
nonzero_input = Assumption("a nonzero input", "x != 0 (for x = 0 the output is 0 whatever "
                           "the mask: the ratio x/E(D x) and the kurtosis are undefined).",
                           predicates=(sp.Q.nonzero(x),))

DERIVATION = Derivation(
    id="dropout.inverted",
    title="Inverted dropout keeps the mean and adds variance $x^2 p/(1-p)$",
    chapter="dropout",
    assumptions=(drop_rate, nonzero_input),
    slides=("001", "003", "004"),
    references=("Srivastava et al., JMLR 15 (2014)", "PyTorch torch.nn.Dropout"),
    summary="With $D \\sim \\operatorname{Bernoulli}(1 - p)$ and $o = D x/(1 - p)$, the output "
            "is $x/(1 - p)$ or 0; its mean is $x$, its variance $x^2 p/(1 - p)$, and its "
            "kurtosis depends on $p$ only.",
    steps=(
        Step(E(D), q, because="assumption", using=(bernoulli,),
             note="A unit is kept with probability 1 - p."),
        Step(sp.Subs(output, D, 1), x / q, because="definition",
             note="A kept unit outputs x/(1 - p); a dropped one outputs 0."),
        Step(_mean, x / q * E(D), x, because="linearity", using=(o_is_output, _lin, bernoulli)),
        Step(_var, x**2 / q**2 * (E(D**2) - E(D) ** 2), x**2 * p / q,
             because="linearity", using=(variance_definition, _lin, bernoulli),
             note="D**2 = D, so E(D**2) - E(D)**2 = (1 - p) - (1 - p)**2 = p (1 - p)."),
        Step(_fourth, x**4 * p * (p**3 + q**3) / q**3, because="linearity",
             using=(_lin, bernoulli),
             note="o - x is x p/(1 - p) with probability 1 - p and -x with probability p."),
        Step(E(D * x), q * x, because="linearity", using=(_lin, bernoulli),
             note="Classic dropout: the training expectation of D x is (1 - p) x, "
             "so the test-time network multiplies by 1 - p (the keep probability)."),
        Step(_ratio, 1 / q, because="linearity", using=(_lin, bernoulli),
             note="The unscaled test input x is 1/(1 - p) times the training mean."),
    ),
    claims=(
        Claim("dropout.inverted.keep_rate",
              "A unit is kept (its output is nonzero) with probability 1 - p; p is the "
              "probability of dropping it.", E(D), q, parameters=(p,),
              implemented_by="dropout_forward"),
        Claim("dropout.inverted.kept_value",
              "A kept unit outputs exactly x/(1 - p); a dropped unit outputs exactly 0.",
              sp.Subs(output, D, 1), x / q, parameters=(x, p),
              implemented_by="dropout_forward"),
        Claim("dropout.inverted.mean", "E[o] = x: inverted dropout keeps the mean.",
              _mean, x, parameters=(x,), implemented_by="dropout_forward"),
        Claim("dropout.inverted.variance", "Var[o] = x^2 p/(1 - p).",
              _var, x**2 * p / q, parameters=(x, p), implemented_by="dropout_forward"),
        Claim("dropout.inverted.fourth_moment",
              "E[(o - x)^4] = x^4 p (p^3 + (1 - p)^3)/(1 - p)^3.",
              _fourth, x**4 * p * (p**3 + q**3) / q**3, parameters=(x, p),
              implemented_by="dropout_forward"),
        Claim("dropout.classic.test_scale",
              "Classic dropout (no scaling in training): E[D x] = (1 - p) x, so at test time "
              "the output is multiplied by the keep probability 1 - p.",
              E(D * x), q * x, parameters=(x, p), implemented_by="dropout_forward"),
        TRAIN_TEST_RATIO,
    ),
)

#: The kurtosis is stated of the output o by the lemmas of DERIVATION, where o is defined:
#: the definition comes with them (the kernel keeps o fixed, and lists o := D x/(1 - p)).

KURTOSIS_DERIVATION = Derivation(
    id="dropout.inverted.kurtosis",
    title="Inverted dropout: the kurtosis of the output depends on $p$ only",
    chapter="dropout",
    assumptions=(drop_rate, nonzero_input),
    slides=("001",),
    references=("Srivastava et al., JMLR 15 (2014)",),
    summary="The fourth central moment over the squared variance: $x$ cancels, leaving $(1 - 3p "
            "+ 3p^2)/(p (1 - p))$.",
    steps=(
        Step(_kurtosis, _fourth_value / _var_value**2, because="lemma",
             using=(DERIVATION.lemma("dropout.inverted.fourth_moment"),
                    DERIVATION.lemma("dropout.inverted.variance"))),
        Step(_fourth_value / _var_value**2, (1 - 3 * p + 3 * p**2) / (p * q),
             because="algebra"),
    ),
    claims=(KURTOSIS,),
)
