"""Regularization and training tips: penalties, early stopping, label smoothing, clipping,
feature scaling, mini-batches and the initial loss.

One topic per module:

* :mod:`.l2` - the L2 gradient, SGD weight decay by 1 - 2 eta lambda, and why Adam needs
  decoupled weight decay (AdamW);
* :mod:`.l1` - the subgradient and soft thresholding (exact zeros) against L2's shrinkage;
* :mod:`.early_stopping` - gradient descent from 0 against ridge, eigendirection by
  eigendirection, lambda ~ 1/(tau eta) to first order;
* :mod:`.label_smoothing` - the smoothed target, the gradient, the bounded optimum;
* :mod:`.clipping` - by norm against by value;
* :mod:`.feature_scaling` - standardisation (ddof), the correlation matrix, the rate;
* :mod:`.minibatch` - unbiased mini-batch gradients and their variance, both samplers;
* :mod:`.initial_loss` - ln C at initialisation;
* :mod:`.errata` - the slides' formulas checked.

Dropout's first-order equivalence to L2 is proved in the dropout chapter
(claims ``dropout.l2``, ``dropout.l2.example``, ``dropout.l2.classic``) and not repeated.
"""

from ..registry import Chapter
from . import (
    clipping,
    early_stopping,
    errata,
    feature_scaling,
    initial_loss,
    l1,
    l2,
    label_smoothing,
    minibatch,
    teaching,
)

CHAPTER = Chapter(
    id="regularization",
    title="Regularization and training tips",
    # the last chapter: after initialization (1), normalization (2), dropout (3), the
    # optimizers chapter placed just after dropout, and any other chapter
    order=9,
    summary="The slides' training heuristics made exact. An L2 penalty is weight decay by $1 - "
            "2 \\eta \\lambda$ for SGD but is rescaled by Adam's second moment (hence AdamW); "
            "L1's proximal step zeroes small weights; early stopping matches ridge with "
            "$\\lambda = 1/(\\tau \\eta)$ to first order only; label smoothing bounds the "
            "optimal logit gap and its loss floor is the target's entropy; clipping by norm "
            "keeps the direction, by value does not; standardised features have mean 0 and "
            "variance 1 with one ddof; the mini-batch gradient is unbiased with variance "
            "$\\sigma^2/B$ ($(N - B)/(N - 1)\\, \\sigma^2/B$ without replacement); the first "
            "loss of a $C$-class network is $\\ln C$. Dropout's equivalence to an L2 penalty is "
            "the dropout chapter's claim `dropout.l2`.",
    slides=("000", "001", "002", "003", "004"),
    derivations=(
        l2.DERIVATION,
        l2.ADAM_DERIVATION,
        l1.DERIVATION,
        l1.POSITIVE_DERIVATION,
        l1.NEGATIVE_DERIVATION,
        early_stopping.DERIVATION,
        label_smoothing.GRADIENT_DERIVATION,
        label_smoothing.OPTIMUM_DERIVATION,
        label_smoothing.GAP_DERIVATION,
        label_smoothing.ENTROPY_DERIVATION,
        clipping.DERIVATION,
        feature_scaling.DERIVATION,
        feature_scaling.RATE_DERIVATION,
        minibatch.PAIR_DERIVATION,
        minibatch.DERIVATION,
        minibatch.WITHOUT_DERIVATION,
        initial_loss.DERIVATION,
        initial_loss.SECOND_ORDER_DERIVATION,
    ),
    errata=errata.ERRATA,
    teaching=teaching.TEACHING,
)
