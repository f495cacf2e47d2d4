"""Optimizers: SGD, momentum, Nesterov, AdaGrad, RMSProp, Adam and the learning-rate schedules.

One topic per module (``t`` is the step, conventions are PyTorch's):

* :mod:`.momentum` - the velocity as a geometric sum; ``1/(1 - rho)``; the two notations;
* :mod:`.nesterov` - the look-ahead form is PyTorch's ``nesterov=True``;
* :mod:`.quadratic` - rates on a quadratic: gradient descent and the heavy ball (Polyak);
* :mod:`.adagrad` - ``eta/sqrt(t)``, scale invariance, epsilon inside or outside;
* :mod:`.moving_average` - the zero-started average shared by RMSProp and Adam;
* :mod:`.rmsprop` - ``E[G_t] = (1 - alpha^t) E[g^2]`` and the large first steps;
* :mod:`.adam` - both moments, the bias correction, the first step;
* :mod:`.schedules` - step, exponential and cosine decay; AdaGrad's implicit one;
* :mod:`.errata` - the slides' formulas checked (the correction inside Adam's recursion).
"""

from ..registry import Chapter
from . import adagrad, adam, errata, momentum, nesterov, quadratic, rmsprop, schedules, teaching

CHAPTER = Chapter(
    id="optimizers",
    title="Optimizers",
    order=4,
    summary="Momentum sums past gradients geometrically (a step $1/(1 - \\rho)$ times SGD's "
            "under a constant gradient) and, tuned on a quadratic, contracts at "
            "$(\\sqrt{\\kappa} - 1)/(\\sqrt{\\kappa} + 1)$ instead of $(\\kappa - 1)/(\\kappa + "
            "1)$; Nesterov's look-ahead form is PyTorch's after a change of variables. "
            "AdaGrad's step decays as $\\eta/\\sqrt{t}$ and ignores each coordinate's scale; "
            "RMSProp's and Adam's moving averages start at zero and are biased by $1 - "
            "\\beta^t$, which Adam's correction removes at every step. The slides' Adam "
            "formulas feed the corrected value back into the recursion; the errata show what "
            "that computes.",
    slides=("001", "002", "003"),
    derivations=(
        momentum.DERIVATION,
        momentum.CONSTANT,
        momentum.NOTATIONS,
        nesterov.DERIVATION,
        quadratic.DERIVATION,
        quadratic.HEAVY_BALL,
        quadratic.POLYAK,
        quadratic.POLYAK_RATE,
        adagrad.DERIVATION,
        rmsprop.DERIVATION,
        rmsprop.CONSTANT,
        adam.FIRST,
        adam.SECOND,
        adam.STEPS,
        schedules.DERIVATION,
    ),
    errata=errata.ERRATA,
    teaching=teaching.TEACHING,
)
