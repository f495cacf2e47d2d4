"""Items 1: the variance of a product and of a sum of products (slide 004).

For independent ``w`` and ``x`` with arbitrary means,

.. math::

    \\operatorname{Var}(w x) = E[x]^2 \\operatorname{Var}(w) + E[w]^2 \\operatorname{Var}(x)
        + \\operatorname{Var}(w) \\operatorname{Var}(x),

and for ``h = sum_{i=1}^n w_i x_i`` with i.i.d. zero-mean weights independent
of i.i.d. inputs, ``Var(h) = n Var(w) E[x^2]``, which is ``n Var(w) Var(x)``
when the inputs have zero mean too.  The number of terms ``n`` stays symbolic:
``E(w_i w_j) = Var(w) delta_ij`` turns the double sum into a single one.

>>> PRODUCT.claim("init.product.variance").rhs
Var(w)*Var(x) + Var(w)*E(x)**2 + Var(x)*E(w)**2
>>> SUM.claim("init.sum.variance").rhs
n*Var(w)*Var(x)
>>> SECOND_MOMENT.claim("init.sum.second_moment").rhs
n*(Var(x) + E(x)**2)*Var(w)
"""

from __future__ import annotations

import sympy as sp

from ..axioms.init import S, S_double, double_sum, sum_expectation
from ..expectation import E, independence, linearity
from ..kernel import Assumption, Claim, Derivation, Step
from ..sums import CONSTANT_SUM, SUM_LINEARITY, sifting
from .common import Var_, indexed_assumption, n, variance_definition

__all__ = ["PRODUCT", "SECOND_MOMENT", "SUM", "double_sum", "sum_expectation"]

SLIDE = "004: Инициализация весов (симметричный случай)"
SLIDE_HE = "004: Инициализация Хе"
GLOROT = ("X. Glorot, Y. Bengio. Understanding the difficulty of training deep feedforward "
          "neural networks. AISTATS 2010.")
HE = ("K. He, X. Zhang, S. Ren, J. Sun. Delving Deep into Rectifiers. ICCV 2015, "
      "arXiv:1502.01852.")

w, x = sp.symbols("w x")
i, j = sp.symbols("i j", integer=True, positive=True)
Wi, Xi = sp.IndexedBase("w"), sp.IndexedBase("x")

# --- Var(w x), arbitrary means ------------------------------------------------
_ind_wx = Assumption(
    "w independent of x",
    "The weight w and the input x are independent random variables.",
)
PRODUCT = Derivation(
    id="init.product_variance",
    title="The variance of a product of independent variables",
    chapter="init",
    assumptions=(_ind_wx,),
    steps=(
        Step(Var_(w * x), E(w**2 * x**2) - E(w * x) ** 2, because="definition",
             using=(variance_definition,)),
        Step(E(w**2 * x**2) - E(w * x) ** 2, E(w**2) * E(x**2) - E(w) ** 2 * E(x) ** 2,
             because="independence", using=(linearity([w, x]), independence([[w], [x]])),
             note="E of a product of independent factors is the product of the E's."),
        Step(E(w**2) * E(x**2) - E(w) ** 2 * E(x) ** 2,
             (Var_(w) + E(w) ** 2) * (Var_(x) + E(x) ** 2) - E(w) ** 2 * E(x) ** 2,
             because="definition", using=(variance_definition,),
             note="E(X^2) = Var(X) + E(X)^2."),
        Step((Var_(w) + E(w) ** 2) * (Var_(x) + E(x) ** 2) - E(w) ** 2 * E(x) ** 2,
             E(x) ** 2 * Var_(w) + E(w) ** 2 * Var_(x) + Var_(w) * Var_(x),
             because="algebra", note="Expand; the E(w)^2 E(x)^2 terms cancel."),
    ),
    claims=(Claim(
        "init.product.variance",
        "Var(w x) = E[x]^2 Var(w) + E[w]^2 Var(x) + Var(w) Var(x) for independent w, x.",
        Var_(w * x), E(x) ** 2 * Var_(w) + E(w) ** 2 * Var_(x) + Var_(w) * Var_(x),
        slide=SLIDE, implemented_by="",
    ),),
    slides=(SLIDE,),
    references=(GLOROT,),
    summary="The three-term formula of slide 004, from the definition of variance and "
            "independence.",
)


_ind_sum = independence([[w], [x]])  # the labels of the IndexedBases w, x
#: sifting: the enclosing sums give the range of the delta's index
SIFTING = sifting()



def _sum_derivation(zero_mean_x: bool) -> Derivation:
    mx = sp.S.Zero if zero_mean_x else E(x)
    moments = indexed_assumption(
        "i.i.d. zero-mean weights, i.i.d. inputs" + (" with zero mean" if zero_mean_x else ""),
        "w_1..w_n i.i.d. with E(w) = 0, so E(w_i w_j) = Var(w) delta_ij and E(w_i) = 0; "
        "x_1..x_n i.i.d. with variance Var(x) and mean "
        + ("0" if zero_mean_x else "E(x)") + ", so E(x_i x_j) = Var(x) delta_ij + E(x)^2; "
        "the w's independent of the x's.",
        substitutions=(
            sp.Eq(E(Wi[i] * Wi[j]), Var_(w) * sp.KroneckerDelta(i, j)),
            sp.Eq(E(Xi[i] * Xi[j]), Var_(x) * sp.KroneckerDelta(i, j) + mx**2),
            sp.Eq(E(Wi[i]), 0),
        ),
    )
    c_ij = Var_(w) * sp.KroneckerDelta(i, j) * (Var_(x) * sp.KroneckerDelta(i, j) + mx**2)
    rhs = n * Var_(w) * (Var_(x) + mx**2)
    steps = (
        Step(Var_(S), E(S**2) - E(S) ** 2, because="definition", using=(variance_definition,)),
        Step(E(S**2) - E(S) ** 2, E(S_double) - E(S) ** 2, because="sum", using=(double_sum,)),
        Step(E(S_double) - E(S) ** 2,
             sp.Sum(sp.Sum(E(Wi[i] * Wi[j]) * E(Xi[i] * Xi[j]), (j, 1, n)), (i, 1, n))
             - sp.Sum(E(Wi[i]) * E(Xi[i]), (i, 1, n)) ** 2,
             because="independence", using=(sum_expectation, _ind_sum)),
        Step(sp.Sum(sp.Sum(E(Wi[i] * Wi[j]) * E(Xi[i] * Xi[j]), (j, 1, n)), (i, 1, n))
             - sp.Sum(E(Wi[i]) * E(Xi[i]), (i, 1, n)) ** 2,
             sp.Sum(sp.Sum(c_ij, (j, 1, n)), (i, 1, n)),
             because="assumption", using=(moments,)),
        Step(sp.Sum(sp.Sum(c_ij, (j, 1, n)), (i, 1, n)),
             sp.Sum(Var_(w) * (Var_(x) + mx**2), (i, 1, n)), rhs,
             because="sum", using=(SUM_LINEARITY, SIFTING, SUM_LINEARITY, CONSTANT_SUM),
             note="The Kronecker delta picks j = i (i runs over 1..n, so it is in range); "
                  "then n equal terms."),
    )
    if zero_mean_x:
        claim = Claim(
            "init.sum.variance",
            "Var(sum_{i=1}^n w_i x_i) = n Var(w) Var(x) for zero-mean i.i.d. w and x.",
            Var_(S), rhs, slide=SLIDE,
            implemented_by="lecun_uniform, lecun_normal, xavier_uniform, xavier_normal",
        )
        return Derivation(
            id="init.sum_variance", title="The variance of a pre-activation (symmetric case)",
            chapter="init", steps=steps, claims=(claim,), assumptions=(moments,),
            slides=(SLIDE,), references=(GLOROT,),
            summary="$\\operatorname{Var}(h) = \\operatorname{Var}(x)\\, [n "
                    "\\operatorname{Var}(w)]$ with a symbolic number of inputs $n$.",
        )
    claim = Claim(
        "init.sum.second_moment",
        "Var(sum_{i=1}^n w_i x_i) = n Var(w) E(x^2) for zero-mean w and inputs of any mean.",
        Var_(S), rhs, slide=SLIDE_HE, implemented_by="he_uniform, he_normal",
    )
    return Derivation(
        id="init.sum_second_moment",
        title="The variance of a pre-activation (inputs with nonzero mean)",
        chapter="init", steps=steps, claims=(claim,), assumptions=(moments,),
        slides=(SLIDE_HE,), references=(HE,),
        summary="Only the $\\mathbb{E}[w]^2 \\operatorname{Var}(x)$ term vanishes: "
                "$\\operatorname{Var}(h) = \\mathbb{E}[x^2]\\, [n \\operatorname{Var}(w)]$.",
    )


SUM = _sum_derivation(zero_mean_x=True)
SECOND_MOMENT = _sum_derivation(zero_mean_x=False)
