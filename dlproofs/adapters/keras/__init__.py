"""Keras 3 on its torch backend under the reference API: ``pytest --impl dlproofs.adapters.keras``.

Re-exports the public names of every chapter module of this package.  Keras
runs on PyTorch here (``KERAS_BACKEND=torch`` is set before Keras is first
imported, unless the environment already chose a backend); install the extra
``pip install 'dlproofs[keras]'``.
"""

from __future__ import annotations

import importlib.util
import os

if importlib.util.find_spec("keras") is None or importlib.util.find_spec("torch") is None:
    raise ModuleNotFoundError("dlproofs.adapters.keras needs Keras 3 and PyTorch: pip install "
                              "'dlproofs[keras]'", name="keras")
os.environ.setdefault("KERAS_BACKEND", "torch")

from dlproofs.adapters import collect

#: check name -> why Keras fails it, with a minimal reproduction (expected to fail, strictly)
KNOWN_DISCREPANCIES: dict[str, str] = {}

__all__ = collect(importlib.import_module(__name__))
