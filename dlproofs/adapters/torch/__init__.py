"""PyTorch (``torch==2.13.0``) under the reference API: ``pytest --impl dlproofs.adapters.torch``.

Re-exports the public names of every chapter module of this package
(``init``, ``normalization``, ``dropout``, and whatever other chapters add),
so the whole kit runs against PyTorch's own functions.  Without PyTorch this
package cannot be imported: install the extra ``pip install 'dlproofs[torch]'``
(tests that need it skip with that reason).
"""

from __future__ import annotations

import importlib.util

if importlib.util.find_spec("torch") is None:
    raise ModuleNotFoundError("dlproofs.adapters.torch needs PyTorch: pip install "
                              "'dlproofs[torch]' (torch==2.13.0)", name="torch")

from dlproofs.adapters import collect

#: check name -> why PyTorch fails it, with a minimal reproduction (expected to fail, strictly)
KNOWN_DISCREPANCIES: dict[str, str] = {}

__all__ = collect(importlib.import_module(__name__))
