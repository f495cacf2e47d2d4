"""The activations and backpropagation chapter (slides 003, 004).

How a gradient passes through a network and its activations: backpropagation
on the slide's two-layer network (and the slide's wrong factor W1), the
sigmoid's 1/4 and the paralysis it causes, tanh, ReLU and its dead units,
leaky ReLU and ELU, SELU's constants, and the gain of any activation derived
from its Gaussian moments.
"""

from ..registry import Chapter
from . import (
    backprop,
    errata,
    gains,
    gaussian,
    leaky_elu,
    relu,
    selu,
    sigmoid,
    smooth,
    tanh,
    teaching,
)

CHAPTER = Chapter(
    id="activations",
    title="Activations and backpropagation",
    order=0,
    summary="Why the activation decides whether a gradient survives depth: the chain rule's "
            "shared factor, $\\sigma' \\le 1/4$ and the $(w/4)^L$ bound, tanh, ReLU and dead "
            "units, leaky ReLU and ELU, SELU's constants re-derived, and the gain that keeps "
            "any activation's signal at a fixed point, beside PyTorch's `calculate_gain`. "
            "Symbolic results are proved; the Gaussian integrals of tanh, sigmoid, GELU and "
            "SiLU have no closed form and are computed (20 digits), not proved.",
    slides=("003", "004"),
    derivations=(
        backprop.GRADIENTS,
        backprop.CHAIN,
        backprop.COST,
        sigmoid.DERIVATIVE,
        sigmoid.DEPTH,
        sigmoid.SIGN,
        sigmoid.CENTRING,
        tanh.DERIVATIVE,
        tanh.CENTRED,
        relu.DERIVATIVE,
        relu.DEAD,
        relu.DEAD_BATCH,
        relu.FROZEN,
        leaky_elu.LINEAR,
        leaky_elu.LEAKY_DERIVATIVE,
        leaky_elu.ELU_DERIVATIVE,
        leaky_elu.SMOOTH,
        gaussian.GAUSSIAN,
        leaky_elu.MEANS,
        smooth.DERIVATIVES,
        selu.ALPHA,
        selu.LAMBDA,
        gains.FORWARD_RULE,
        gains.BACKWARD_RULE,
        gains.EXACT,
        gains.CLOSED_MOMENTS,
        gains.CLOSED,
        gains.NUMERIC,
    ),
    errata=errata.ERRATA,
    teaching=teaching.TEACHING,
)
