"""Other libraries' functions under the reference API's names and contract.

Each adapter package presents a library's own functions -- converted from
NumPy, called, converted back -- so that the same registered checks run
against it: ``pytest --impl dlproofs.adapters.torch`` (PyTorch) or
``pytest --impl dlproofs.adapters.keras`` (Keras 3 on its torch backend).
One module per chapter (``init.py``, ``normalization.py``, ``dropout.py``,
...); each documents every convention it converts.  A package re-exports
the public names of every chapter module it finds (:func:`collect`), so a new
chapter's module joins without an edit here.

An adapter may list ``KNOWN_DISCREPANCIES`` (check name -> the reason and a
minimal reproduction): real differences of the library from the claims,
which the kit then expects to fail (a strict xfail: if the library is fixed,
the run says so).
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

__all__ = ["collect"]


def collect(package: ModuleType) -> list[str]:
    """Import every submodule of ``package`` and copy its public names into the package.

    A submodule's public names are its ``__all__`` (or its names without a
    leading underscore that it defines itself); their union is returned (for the
    package's ``__all__``), and the submodules' ``KNOWN_DISCREPANCIES`` are merged
    into the package's.
    """
    names: list[str] = []
    known: dict[str, str] = dict(getattr(package, "KNOWN_DISCREPANCIES", {}))
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        public = getattr(module, "__all__", None) or [
            n for n, v in vars(module).items()
            if not n.startswith("_") and getattr(v, "__module__", None) == module.__name__]
        for name in public:
            setattr(package, name, getattr(module, name))
            names.append(name)
        known.update(getattr(module, "KNOWN_DISCREPANCIES", {}))
    package.KNOWN_DISCREPANCIES = known
    return names
