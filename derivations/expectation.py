"""Moved to :mod:`derivations.axioms.expectation` under derivations.axioms (the trusted rules
live in one package); this module keeps the old import path and names working."""

from .axioms.expectation import *  # noqa: F403
from .axioms.expectation import __all__  # noqa: F401
