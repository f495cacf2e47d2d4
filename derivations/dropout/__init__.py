"""Dropout: expectation scaling, variance, spatial dropout, DropConnect, ensembles and L2.

Throughout, ``p`` is the probability of *dropping* a unit (PyTorch's
convention); a unit is kept with probability ``1 - p``.  One topic per module:

* :mod:`.inverted` - ``E[o] = x``, ``Var[o] = x^2 p/(1-p)``, the fourth moment
  and kurtosis, classic dropout's test-time factor ``1 - p``;
* :mod:`.gradient` - the backward uses the forward's mask and scale;
* :mod:`.linear` - a linear layer after dropout, for a symbolic width ``n``;
* :mod:`.spatial` - one mask per channel: channel-mean variance, correlation;
* :mod:`.dropconnect` - a mask per weight: the same variance, no correlation;
* :mod:`.ensemble` - the average of the ``2^n`` subnetworks;
* :mod:`.regularization` - dropout on linear regression is an L2 penalty;
* :mod:`.batchnorm_shift` - the variance batch norm sees in training and test;
* :mod:`.errata` - the slides' formulas resolved (``p`` as drop or keep).
"""

from ..registry import Chapter
from . import (
    batchnorm_shift,
    dropconnect,
    ensemble,
    errata,
    gradient,
    inverted,
    linear,
    regularization,
    spatial,
    teaching,
)

CHAPTER = Chapter(
    id="dropout",
    title="Dropout",
    order=3,
    summary="Dropout zeroes each unit with probability $p$ and, in the inverted form used by "
            "PyTorch, divides the kept units by $1 - p$, so the mean is unchanged and the "
            "variance grows by $x^2 p/(1-p)$. The chapter derives the moments for one unit, a "
            "linear layer, spatial dropout and DropConnect, the exact sense in which dropout "
            "averages $2^n$ networks (linear: arithmetic; softmax: geometric), the L2 penalty "
            "it amounts to for linear regression, and the variance shift it causes before batch "
            "norm. The slides use $p$ both as the drop and as the keep probability; the errata "
            "resolve each formula, and slide 002's $z' (1 - p) = z$ at $p = 0.5$ is verified "
            "(`dropout.classic.train_test_ratio`).",
    slides=("001", "002", "003", "004"),
    derivations=(
        inverted.DERIVATION,
        inverted.KURTOSIS_DERIVATION,
        gradient.DERIVATION,
        linear.DERIVATION,
        spatial.DERIVATION,
        spatial.MOMENTS,
        spatial.CORRELATION,
        dropconnect.DERIVATION,
        dropconnect.GRADIENTS,
        ensemble.DERIVATION,
        regularization.EXAMPLES,
        regularization.DERIVATION,
        batchnorm_shift.DERIVATION,
    ),
    errata=errata.ERRATA,
    teaching=teaching.TEACHING,
)
