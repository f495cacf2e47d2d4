"""The weight-initialization chapter (slides 000, 001, 004)."""

from ..registry import Chapter
from . import (
    bounds,
    conditions,
    depth,
    errata,
    relu_he,
    slide_rand,
    teaching,
    uniform_and_normal,
    variance_propagation,
    zero_init,
)

CHAPTER = Chapter(
    id="init",
    title="Weight initialization",
    order=1,
    summary="Why the variance of the weights must be $1/n_{in}$ (LeCun), $2/(n_{in} + n_{out})$ "
            "(Glorot) or $2/((1 + a^2)\\, n_{in})$ (He), what each scheme does to a deep "
            "signal, and why zero or uniform-$[0, 1)$ initialization fails.",
    slides=("000", "001", "004"),
    derivations=(
        variance_propagation.PRODUCT,
        variance_propagation.SUM,
        variance_propagation.SECOND_MOMENT,
        conditions.FORWARD,
        conditions.BACKWARD,
        conditions.XAVIER,
        uniform_and_normal.UNIFORM,
        uniform_and_normal.NORMAL,
        uniform_and_normal.TORCH,
        bounds.BOUNDS,
        relu_he.RELU,
        relu_he.RELU_GAUSSIAN,
        relu_he.ACTIVATIONS,
        relu_he.HE_VARIANCE,
        depth.DEPTH,
        slide_rand.MOMENTS,
        slide_rand.LAYER,
        zero_init.ZERO,
    ),
    errata=errata.ERRATA,
    teaching=teaching.TEACHING,
)
