"""SymPy derivations: one topic per module, proved step by step by :mod:`derivations.kernel`."""

from .registry import Chapter, Exercise, Teaching, chapters, claim, claims, derivations, errata

__all__ = ["Chapter", "Exercise", "Teaching", "chapters", "claim", "claims", "derivations",
           "errata"]
