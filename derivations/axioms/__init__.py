"""The axioms: every rule the kernel trusts rather than proves, in one package.

An axiom (:class:`derivations.kernel.Axiom`) is made only here: the kernel
refuses one made in a chapter module (``Axiom.origin`` records where it was
made).  Each module holds one family with its statement and reference:

* :mod:`.expectation` — linearity and independence of expectation;
* :mod:`.sums` — the rules of finite sums (linearity, constants, sifting,
  renaming, products of sums, expectation through sums);
* one module per chapter, ``derivations/axioms/<chapter>.py``, for the
  densities and definitions that chapter's derivations trust.

A chapter module is picked up by existing: :func:`modules` imports every
module of this package, so a new chapter adds its file and nothing else.
:func:`axioms` lists every :class:`Axiom` object the modules define at module
level (factories such as :func:`.expectation.linearity` make one per use; the
report lists those per derivation).  Every axiom has a test of false instances
it must refuse in ``tests/kernel/test_axioms_refuse_false_instances.py``.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from types import ModuleType

from ..kernel import Axiom

__all__ = ["axioms", "factories", "modules"]


@cache
def modules() -> tuple[ModuleType, ...]:
    """Every module of this package (expectation, sums and one per chapter), by name."""
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            found.append(importlib.import_module(f"{__name__}.{info.name}"))
    return tuple(found)


def axioms() -> tuple[Axiom, ...]:
    """Every Axiom object defined at module level in this package, each once."""
    out: list[Axiom] = []
    for module in modules():
        for value in vars(module).values():
            if isinstance(value, Axiom) and value not in out:
                out.append(value)
    return tuple(out)


def factories() -> tuple:
    """The functions of this package that make an Axiom per use (parameterised axioms)."""
    out = []
    for module in modules():
        for name, value in sorted(vars(module).items()):
            if callable(value) and getattr(value, "__module__", "") == module.__name__ \
                    and not name.startswith("_") and "Axiom" in str(
                        getattr(value, "__annotations__", {}).get("return", "")):
                out.append(value)
    return tuple(out)
