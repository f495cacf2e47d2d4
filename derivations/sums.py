"""Moved to :mod:`derivations.axioms.sums` under derivations.axioms (the trusted rules
live in one package); this module keeps the old import path and names working."""

from .axioms.sums import *  # noqa: F403
from .axioms.sums import __all__  # noqa: F401
