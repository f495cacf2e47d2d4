"""Moved to :mod:`derivations.axioms.normalization` under derivations.axioms (the trusted rules
live in one package); this module keeps the old import path and names working."""

from ..axioms.normalization import *  # noqa: F403
from ..axioms.normalization import __all__  # noqa: F401
