"""Batch normalization and its relatives: derived, implemented, verified.

Forward and backward for a symbolic batch size, the consequences of the
backward formula, the running statistics, inference and folding, layer,
group and instance normalisation, and the errata found in the slides.
"""

from __future__ import annotations

from ..registry import Chapter
from . import (
    backward,
    consequences,
    errata,
    forward,
    inference,
    layernorm,
    running_stats,
    staged,
    teaching,
)

CHAPTER = Chapter(
    id="bn",
    title="Batch normalization and its relatives",
    order=2,
    summary="Batch normalisation derived for a symbolic batch size: forward, backward "
            "($\\partial \\ell/\\partial x$, $\\partial \\ell/\\partial \\gamma$, $\\partial "
            "\\ell/\\partial \\beta$), consequences, running statistics, inference and folding, "
            "layer/group/instance normalisation, and the slide errata. Slide 002's "
            "\"unsensitive to weights\" formula is unreadable in the text extraction, so only its "
            "statement in words is proved (`bn.consequences.affine_input`).",
    slides=("000", "001", "002", "003", "004"),
    derivations=(
        forward.DERIVATION,
        backward.LEMMAS,
        staged.DERIVATION,
        backward.DERIVATION,
        backward.CONCRETE,
        consequences.DERIVATION,
        running_stats.MOMENTS,
        running_stats.DERIVATION,
        inference.DERIVATION,
        layernorm.DERIVATION,
        errata.DERIVATION,
    ),
    errata=errata.ERRATA,
    teaching=teaching.TEACHING,
)
