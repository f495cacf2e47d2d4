"""The chapters: every subpackage of :mod:`derivations` with a ``CHAPTER``.

A chapter slots into the tests and the report by existing: the registry
walks the package, so neither the builder nor the tests name chapters.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from functools import cache

from .kernel import Claim, Derivation, Erratum

__all__ = ["Chapter", "Exercise", "Teaching", "chapters", "claim", "claims", "derivations",
           "errata"]


@dataclass(frozen=True)
class Exercise:
    """A question for the reader with its worked answer (prose; inline maths as ``$...$`` LaTeX)."""

    question: str
    answer: str


@dataclass(frozen=True)
class Teaching:
    """The teaching layer of a chapter page, in plain words (inline maths as ``$...$`` LaTeX).

    ``problem`` says what goes wrong without the chapter's trick, ``answer`` what
    the trick does about it, ``worked_example`` one computation with real
    numbers; ``notation`` pairs each symbol (LaTeX) with its meaning;
    ``exercises`` end the chapter; ``intuitions`` pairs a derivation id with the
    one or two sentences that lead that derivation on the page (why it works).
    ``appendix`` names derivations the page moves to the chapter's appendix
    page (tables of per-scheme constants, cross-checks); ``slides`` pairs a
    claim, derivation or erratum id with the slide it checks (``"004: <slide
    title>"``) where the derivation module does not name it; ``captions`` pairs
    a figure id with the lesson its caption states; ``corrections`` gives, per
    erratum id, the quantity the erratum compares and the corrected formula or
    code (``(erratum_id, quantity, correction)``).
    A chapter keeps all of this in its own ``teaching.py``.
    """

    problem: str
    answer: str
    worked_example: str
    notation: tuple[tuple[str, str], ...] = ()
    exercises: tuple[Exercise, ...] = ()
    intuitions: tuple[tuple[str, str], ...] = ()
    appendix: tuple[str, ...] = ()
    slides: tuple[tuple[str, str], ...] = ()
    captions: tuple[tuple[str, str], ...] = ()
    corrections: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class Chapter:
    """A chapter of the report: its derivations and the slide errata it found."""

    id: str
    title: str
    order: int
    summary: str
    slides: tuple[str, ...]
    derivations: tuple[Derivation, ...]
    errata: tuple[Erratum, ...] = ()
    teaching: Teaching | None = None


@cache
def chapters() -> tuple[Chapter, ...]:
    import derivations as pkg

    found = []
    for info in pkgutil.iter_modules(pkg.__path__):
        if not info.ispkg:
            continue
        module = importlib.import_module(f"derivations.{info.name}")
        chapter = getattr(module, "CHAPTER", None)
        if isinstance(chapter, Chapter):
            found.append(chapter)
    return tuple(sorted(found, key=lambda c: c.order))


def derivations() -> tuple[Derivation, ...]:
    return tuple(d for c in chapters() for d in c.derivations)


def claims() -> dict[str, Claim]:
    out: dict[str, Claim] = {}
    for d in derivations():
        for c in d.claims:
            if c.id in out:
                raise ValueError(f"claim id {c.id!r} is stated twice (second in {d.id})")
            out[c.id] = c
    return out


def claim(claim_id: str) -> Claim:
    table = claims()
    if claim_id not in table:
        raise KeyError(f"no claim {claim_id!r}; known claims: {', '.join(sorted(table))}")
    return table[claim_id]


def errata() -> tuple[Erratum, ...]:
    return tuple(e for c in chapters() for e in c.errata)
