"""Mini-batch gradients: unbiased, with variance sigma^2/B or (N - B)/(N - 1) sigma^2/B.

A data set of :math:`N` per-example gradients (one coordinate) :math:`g_1..g_N` has mean
:math:`\\bar g` and variance :math:`\\sigma^2 = \\frac1N\\sum_r (g_r - \\bar g)^2` (ddof 0).
A mini-batch gradient is :math:`G = \\frac1B\\sum_{b=1}^B X_b` with :math:`X_b = g_{I_b}`:

* every draw is uniform, so :math:`E[X_b] = \\bar g` and :math:`E[G] = \\bar g`: unbiased;
* *with replacement* the draws are independent:
  :math:`E[X_b X_c] = \\bar g^2 + \\sigma^2\\delta_{bc}`, hence
  :math:`\\mathrm{Var}\\,G = \\sigma^2/B`;
* *without replacement* two different draws are a uniform pair of distinct
  examples: :math:`E[X_b X_c] = \\frac{(\\sum_r g_r)^2 - \\sum_r g_r^2}{N(N-1)} =
  \\bar g^2 - \\frac{\\sigma^2}{N-1}` (:math:`b \\ne c`), hence
  :math:`\\mathrm{Var}\\,G = \\frac{N-B}{N-1}\\,\\frac{\\sigma^2}{B}`, the finite-population
  correction (Cochran, Sampling Techniques, 3rd ed., 1977, theorem 2.2), which is 0
  at :math:`B = N` (the full batch).

The sampling law (the draws' first two moments in terms of the data, for each scheme) is
the axiom :func:`derivations.axioms.regularization.uniform_draws`; the data's mean and
variance are the assumption :data:`data`, which turns those sums into :math:`\\bar g` and
:math:`\\sigma^2`.

Batch norm's batch mean :math:`\\mu_B` is the same statistic of the activations, so its
noise falls as :math:`1/B` too: deck 002's "batch size should be large".

>>> VAR_WITHOUT.rhs
sigma**2*(-B + N)/(B*(N - 1))
"""

from __future__ import annotations

import sympy as sp

from ..axioms.regularization import N, X, Y, g, r, s, uniform_draws
from ..expectation import E
from ..kernel import Assumption, Claim, Derivation, Step
from ..sums import (
    CONSTANT_SUM,
    PRODUCT_OF_SUMS,
    SUM_LINEARITY,
    expectation_linearity,
    sifting,
)

__all__ = ["DERIVATION", "DRAWS_WITH", "DRAWS_WITHOUT", "PAIR_DERIVATION", "PAIR_MOMENT",
           "UNBIASED", "UNBIASED_WITHOUT", "VAR_WITH", "VAR_WITHOUT", "WITHOUT_DERIVATION"]

B = sp.Symbol("B", integer=True, positive=True)
b = sp.Symbol("b", integer=True, positive=True)
gbar = sp.Symbol("gbar", real=True)
sigma = sp.Symbol("sigma", positive=True)

_S1 = sp.Sum(g[r], (r, 1, N))
_S2 = sp.Sum(g[r] ** 2, (r, 1, N))
data = Assumption(
    "the data set's moments",
    "gbar and sigma^2 are the mean and the (ddof 0) variance of the N per-example gradients: "
    "sum_r g_r = N gbar and sum_r g_r^2 = N (sigma^2 + gbar^2).",
    substitutions=(sp.Eq(_S1, N * gbar), sp.Eq(sp.Sum(g[s], (s, 1, N)), N * gbar),
                   sp.Eq(_S2, N * (sigma**2 + gbar**2))),
)

two_examples = Assumption(
    "at least two examples",
    "N >= 2, so that two distinct examples exist (N (N - 1) ordered pairs).",
    predicates=(sp.Q.ge(N, 2),),
)

_pairs = sp.Sum(g[r] * sp.Sum(g[s] * (1 - sp.KroneckerDelta(r, s)), (s, 1, N)), (r, 1, N))
_S1s = sp.Sum(g[s], (s, 1, N))
PAIR_MOMENT = Claim(
    "regularization.minibatch.pair_moment",
    "Two draws without replacement: E[X_b X_c] = sum_{r != s} g_r g_s/(N(N - 1)) = "
    "gbar^2 - sigma^2/(N - 1) (b != c).",
    _pairs / (N * (N - 1)), gbar**2 - sigma**2 / (N - 1), parameters=(gbar, sigma, N),
    slide="002",
)

PAIR_DERIVATION = Derivation(
    id="regularization.minibatch.pairs",
    title="Two draws without replacement are negatively correlated: covariance "
          "$-\\sigma^2/(N-1)$",
    chapter="regularization",
    assumptions=(data, two_examples),
    slides=("002",),
    references=("Cochran, Sampling Techniques, 3rd ed., Wiley 1977, section 2.5",),
    summary="The sum over distinct pairs is $(\\sum g)^2 - \\sum g^2$, divided by $N(N - 1)$ "
            "ordered pairs.",
    steps=(
        Step(_pairs / (N * (N - 1)), sp.Sum(g[r] * (_S1s - g[r]), (r, 1, N)) / (N * (N - 1)),
             (_S1s * _S1 - _S2) / (N * (N - 1)), because="sum",
             using=(SUM_LINEARITY, sifting()),
             note="sum_{s != r} g_s = sum_s g_s - g_r; the inner sum is a constant in r."),
        Step((_S1s * _S1 - _S2) / (N * (N - 1)), gbar**2 - sigma**2 / (N - 1),
             because="assumption",
             using=(data,)),
    ),
    claims=(PAIR_MOMENT,),
)


WITH = Assumption(
    "draws with replacement",
    "The mini-batch is B independent uniform draws X_1..X_B from the N examples (the "
    "sampling law is the axiom 'mini-batch draws with replacement').",
)
WITHOUT = Assumption(
    "draws without replacement",
    "The mini-batch is B <= N draws Y_1..Y_B without replacement, a uniformly random ordered "
    "subset of distinct examples (the sampling law is the axiom 'mini-batch draws without "
    "replacement'); N >= 2.",
    predicates=(sp.Q.ge(N, 2), sp.Q.le(B, N)),
)
DRAWS_WITH = uniform_draws(X)
DRAWS_WITHOUT = uniform_draws(Y, B)

_G = sp.Sum(X[b], (b, 1, B)) / B
_H = sp.Sum(Y[b], (b, 1, B)) / B
_lin = expectation_linearity([X, Y])
_rules = (PRODUCT_OF_SUMS, _lin)
_sums = (SUM_LINEARITY, sifting(), CONSTANT_SUM)

UNBIASED = Claim(
    "regularization.minibatch.unbiased",
    "The mini-batch gradient is unbiased: E[G] = gbar (with replacement; without, the same "
    "step with E[Y_b] = gbar).",
    E(_G), gbar, parameters=(gbar,), slide="002", implemented_by="sample_batches",
)
VAR_WITH = Claim(
    "regularization.minibatch.variance_with_replacement",
    "With replacement: Var G = E[G^2] - E[G]^2 = sigma^2/B.",
    E(sp.expand(_G**2)) - E(_G) ** 2, sigma**2 / B, parameters=(sigma, B), slide="002",
    implemented_by="sample_batches",
)
UNBIASED_WITHOUT = Claim(
    "regularization.minibatch.unbiased_without_replacement",
    "Without replacement the mini-batch gradient is unbiased too: E[G] = gbar.",
    E(_H), gbar, parameters=(gbar,), slide="002", implemented_by="sample_batches",
)
VAR_WITHOUT = Claim(
    "regularization.minibatch.variance_without_replacement",
    "Without replacement: Var G = (N - B)/(N - 1) sigma^2/B (0 at B = N).",
    E(sp.expand(_H**2)) - E(_H) ** 2, (N - B) / (N - 1) * sigma**2 / B,
    parameters=(sigma, B, N), slide="002", implemented_by="sample_batches",
)

_refs = ("Cochran, Sampling Techniques, 3rd ed., Wiley 1977, theorem 2.2",
         "Bottou, Curtis and Nocedal, Optimization methods for large-scale machine "
         "learning, SIAM Review 60(2), 2018, section 4")

DERIVATION = Derivation(
    id="regularization.minibatch.with_replacement",
    title="With replacement the mini-batch gradient is unbiased with variance $\\sigma^2/B$",
    chapter="regularization",
    assumptions=(data, WITH),
    slides=("002", "004"),
    references=_refs,
    summary="$\\mathbb{E}[G] = \\bar g$ and $\\operatorname{Var}(G) = \\sigma^2/B$: the $B$ "
            "draws are independent.",
    steps=(
        Step(E(_G), sp.Sum(gbar, (b, 1, B)) / B, gbar, because="linearity",
             using=(_lin, DRAWS_WITH, data)),
        Step(VAR_WITH.lhs, sigma**2 / B, because="independence",
             using=(*_rules, DRAWS_WITH, data, *_sums)),
    ),
    claims=(UNBIASED, VAR_WITH),
)

WITHOUT_DERIVATION = Derivation(
    id="regularization.minibatch.without_replacement",
    title="Without replacement: unbiased, variance $(N - B)/(N - 1)\\, \\sigma^2/B$",
    chapter="regularization",
    assumptions=(data, two_examples, WITHOUT),
    slides=("002", "004"),
    references=_refs,
    summary="$\\mathbb{E}[G] = \\bar g$; the pairs are negatively correlated (`pair_moment`), "
            "so $\\operatorname{Var}(G) = (N - B)/(N - 1)\\, \\sigma^2/B$, the "
            "finite-population correction.",
    steps=(
        Step(E(_H), sp.Sum(gbar, (b, 1, B)) / B, gbar, because="linearity",
             using=(_lin, DRAWS_WITHOUT, data)),
        Step(VAR_WITHOUT.lhs, (N - B) / (N - 1) * sigma**2 / B, because="lemma",
             using=(*_rules, DRAWS_WITHOUT, PAIR_DERIVATION.lemma(PAIR_MOMENT.id), data,
                    *_sums)),
    ),
    claims=(UNBIASED_WITHOUT, VAR_WITHOUT),
)
