"""Slide formulas the machine finds wrong, each with a counterexample.

All four concern slide 001's ``np.random.rand`` lines and share one root cause:
the slide writes ``rand`` (U[0, 1), mean 1/2) where its source, the CS231n notes,
writes ``randn`` (N(0, 1)). RAND_MEAN is that cause; RAND_HE_LINE,
RAND_HE_VARIANCE and RAND_SQRT_LINE are its consequences for the two scaled lines
(with ``randn`` both lines are right). The initialization
formulas of slide 004 check out (see the notes on the derivations' steps:
Var(U) = (hi - lo)^2/12, the bad init's 1/(3 n_in) and Var(h) = 1/3, LeCun's
sqrt(3)/sqrt(n_in), Glorot's sqrt(6)/sqrt(n_in + n_out), He's 2/n_in).

>>> [e.confirmed for e in ERRATA]
[True, True, True, True]
>>> RAND_HE_LINE.values()[0].evalf(4)
41.00
"""

from __future__ import annotations

import sympy as sp

from ..kernel import Erratum
from .common import n_in, s
from .slide_rand import SLIDE, SLIDE_HE, he_line_factor, sqrt_line_factor

__all__ = ["ERRATA", "RAND_HE_LINE", "RAND_HE_VARIANCE", "RAND_MEAN", "RAND_SQRT_LINE"]

ROOT_CAUSE = ("Root cause shared by the four init errata: the slide writes np.random.rand "
              "(U[0, 1), mean 1/2) where its source, the CS231n notes, writes "
              "np.random.randn (N(0, 1), mean 0). ")

RAND_MEAN = Erratum(
    id="init.erratum.rand_mean",
    slide=SLIDE,
    quote="weight = np.random.rand(in_features, out_features) * 0.01",
    problem=ROOT_CAUSE + "This is that cause: np.random.rand draws from U[0, 1), so the "
            "weights have mean s/2 = 0.005, not 0; "
            "every variance argument (slide 004: 'Будем инициализировать веса с нулевым "
            "средним') needs E[w] = 0. The zero-mean version is (rand - 0.5) * s, variance "
            "s^2/12 (claims init.slide_rand.mean, init.slide_rand.centered_variance).",
    slide_expr=s / 2,
    correct_expr=sp.S.Zero,
    at={s: sp.Rational(1, 100)},
    kind="wrong",
)

RAND_HE_LINE = Erratum(
    id="init.erratum.rand_he_line",
    slide=SLIDE_HE,
    quote="With ReLU: weight = np.random.rand(in_features, out_features) / sqrt(in_features / 2)",
    problem=ROOT_CAUSE + "A consequence of it (see init.erratum.rand_mean): shown as the "
            "ReLU (He) fix, but rand is not zero-mean. Assuming i.i.d. inputs x_i = ReLU(g_i) "
            "with g_i ~ N(0, sigma^2) (the first hidden layer of He's setting) and comparing "
            "second moments E[h^2] (not variances, since the mean term is the point), the "
            "layer gives E[h^2]/sigma^2 = 1/12 + (n_in + pi - 1)/(4 pi) (claim "
            "init.slide_rand.he_line_factor), about 41 at n_in = 512, instead of He's 1 "
            "(init.depth.he_relu). The line is He's normal "
            "initialization with randn in place of rand (init.slide_randn.he_variance).",
    slide_expr=he_line_factor,
    correct_expr=sp.S.One,
    at={n_in: 512},
    kind="wrong",
)

RAND_HE_VARIANCE = Erratum(
    id="init.erratum.rand_he_line_variance",
    slide=SLIDE_HE,
    quote="weight = np.random.rand(in_features, out_features) / sqrt(in_features / 2)",
    problem=ROOT_CAUSE + "A consequence of it (see init.erratum.rand_mean): even the "
            "variance of the line is not He's: Var(rand * sqrt(2/n_in)) = (2/n_in)/12 = "
            "1/(6 n_in), a twelfth of 2/n_in (claim init.slide_rand.variance at "
            "s = sqrt(2/n_in)); centring it as (rand - 0.5) keeps 1/(6 n_in).",
    slide_expr=(sp.sqrt(2 / n_in)) ** 2 / 12,
    correct_expr=2 / n_in,
    at={n_in: 512},
    kind="wrong",
)

RAND_SQRT_LINE = Erratum(
    id="init.erratum.rand_sqrt_line",
    slide=SLIDE,
    quote="weight = np.random.rand(in_features, out_features) / sqrt(in_features)",
    problem=ROOT_CAUSE + "A consequence of it (see init.erratum.rand_mean): with i.i.d. "
            "zero-mean inputs independent of the weights this keeps n_in E[w^2] = "
            "n_in s^2/3 = 1/3 of the second "
            "moment per layer (claim init.slide_rand.zero_mean_input_factor), not LeCun's 1; "
            "with ReLU inputs the mean term makes it 1/24 + (n_in + pi - 1)/(8 pi) "
            "(init.slide_rand.sqrt_line_factor; i.i.d. ReLU-of-Gaussian inputs, E[h^2] compared), "
            "about 20.5 at n_in = 512. With randn the line is LeCun's normal initialization.",
    slide_expr=n_in * (1 / sp.sqrt(n_in)) ** 2 / 3,
    correct_expr=sp.S.One,
    at={n_in: 512},
    kind="wrong",
)

ERRATA = (RAND_MEAN, RAND_HE_LINE, RAND_HE_VARIANCE, RAND_SQRT_LINE)
_ = sqrt_line_factor  # documented in RAND_SQRT_LINE.problem
