"""The adapter packages: every chapter module's names are re-exported; PyTorch and Keras load."""

from __future__ import annotations

import importlib
import os
import sys

import numpy as np
import pytest

from dlproofs.adapters import collect

#: Importing PyTorch and Keras costs ~7 s of CPU: the default run skips these (CI sets it).
needs_libraries = pytest.mark.skipif(
    not os.environ.get("DLPROOFS_ADAPTERS"),
    reason="imports PyTorch/Keras (~7 s CPU): set DLPROOFS_ADAPTERS=1")


def test_collect_re_exports_every_public_name_of_every_submodule(tmp_path, monkeypatch):
    package = tmp_path / "fake_adapter"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "init.py").write_text("__all__ = ['he_normal']\ndef he_normal(): return 1\n")
    (package / "activations.py").write_text(
        "KNOWN_DISCREPANCIES = {'act.x': 'why'}\ndef relu_forward(): return 2\n"
        "def _private(): pass\n")
    (package / "_helpers.py").write_text("def hidden(): pass\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    module = importlib.import_module("fake_adapter")
    try:
        names = collect(module)
        assert sorted(names) == ["he_normal", "relu_forward"]
        assert module.he_normal() == 1 and module.relu_forward() == 2
        assert module.KNOWN_DISCREPANCIES == {"act.x": "why"}
        assert not hasattr(module, "hidden")
    finally:
        for name in [n for n in sys.modules if n.startswith("fake_adapter")]:
            del sys.modules[name]


@needs_libraries
def test_the_torch_adapter_presents_torch_under_the_reference_names():
    pytest.importorskip("torch", reason="PyTorch is not installed (extra: dlproofs[torch])")
    adapter = importlib.import_module("dlproofs.adapters.torch")
    assert {"he_normal", "batchnorm_forward", "dropout_forward"} <= set(adapter.__all__)
    w = adapter.he_normal(3, 7, np.random.default_rng(0))
    assert w.shape == (3, 7) and w.dtype == np.float64


@needs_libraries
def test_keras_truncated_normal_leaks_past_its_truncation_a_real_discrepancy():
    """Keras 3's torch backend draws 4 normals per entry and keeps the first inside (-2, 2);
    when none is (probability 0.0455^4 = 4.3e-6), it keeps the first anyway: about 43 of
    10^7 entries lie beyond 2 standard deviations (keras/src/backend/torch/random.py,
    truncated_normal)."""
    # the adapter chooses the torch backend before Keras is first imported
    pytest.importorskip("dlproofs.adapters.keras",
                        reason="Keras 3 or PyTorch is not installed (extra: dlproofs[keras])")
    keras = importlib.import_module("keras")
    if keras.backend.backend() != "torch":
        pytest.skip("the leak is in Keras's torch backend")
    x = keras.ops.convert_to_numpy(keras.random.truncated_normal((2_000_000,), seed=0))
    assert np.count_nonzero(np.abs(x) >= 2.0) > 0


