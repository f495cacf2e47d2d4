"""Moved to :mod:`derivations.axioms.dropout` under derivations.axioms (the trusted rules
live in one package); this module keeps the old import path and names working."""

from ..axioms.dropout import *  # noqa: F403
from ..axioms.dropout import __all__  # noqa: F401
