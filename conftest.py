"""Suite-wide configuration: the implementation under test and hypothesis profiles.

``pytest --impl MODULE_OR_FILE`` runs the implementation checks against any
module (an importable name such as ``my_pkg.layers`` or a path such as
``my_layers.py``); the default is the project's own :mod:`impl`.  A function
the module lacks is skipped with a reason that names it.
"""

from __future__ import annotations

import gc
import importlib
import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, settings

pytest_plugins = ["reports.pytest_plugin"]

# SymPy allocates container objects by the million while it proves and renders; with
# CPython's default first-generation threshold (700) the cyclic collector ran ~2,500 times
# per worker and took about a tenth of the suite's CPU.  Every 10,000 allocations it still
# runs often (memory stays flat) at less than half the cost.
gc.set_threshold(10_000, 10, 10)
# The adapters import PyTorch/Keras (seconds of CPU, and absent without the extras): no doctests
# are collected from them; `pytest --impl dlproofs.adapters.torch` imports them on purpose.
collect_ignore_glob = ["dlproofs/adapters/*"]

# Hypothesis draws shapes, parameters and seeds; the Monte Carlo samples come
# from numpy.random.default_rng(seed).  Derandomised, so every run tests the
# same examples and the false-alarm budget holds per run.
settings.register_profile(
    "default", max_examples=8, derandomize=True, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "thorough", max_examples=200, derandomize=False, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")
settings.load_profile(PROFILE)
# The thorough profile makes ~25x more statistical assertions; each one gets a
# smaller false-alarm rate so that their sum stays within the suite budget
# (dlproofs/stats.py sizes the samples from it, so power is kept).
if PROFILE == "thorough":
    os.environ.setdefault("DLPROOFS_ALPHA", "1e-9")


def pytest_addoption(parser):
    parser.addoption(
        "--impl", metavar="MODULE_OR_FILE", default=None,
        help="run the implementation checks against this module or .py file "
        "(default: the project's own impl package); for a file outside the project "
        "write --impl=PATH, or pytest roots itself at that file's folder",
    )
    parser.addoption(
        "--contract", action="store_true", default=False,
        help="also run the reference implementation's contract checks (argument validation, "
        "error types, dtype policy) against --impl; they always run against impl itself",
    )


#: modules loaded from files, by resolved path: a file is executed once per process
_LOADED_FILES: dict[Path, ModuleType] = {}


def load_implementation(spec: str | None) -> ModuleType:
    """Import a module by dotted name, or by path when ``spec`` names a file.

    A file is executed once per process however often it is asked for (the
    known-discrepancy hook and the ``impl`` fixture both load it): module-level
    side effects and costs happen once, and both see the same module object.
    """
    if not spec:
        return importlib.import_module("impl")
    path = Path(spec)
    if path.suffix == ".py" or path.exists():
        if not path.is_file():
            raise pytest.UsageError(f"--impl {spec}: no such file")
        path = path.resolve()
        if path in _LOADED_FILES:
            return _LOADED_FILES[path]
        name = f"_dlproofs_impl_{path.stem}"
        module_spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(module_spec)
        sys.modules[name] = module
        module_spec.loader.exec_module(module)
        _LOADED_FILES[path] = module
        return module
    try:
        return importlib.import_module(spec)
    except ImportError as exc:
        raise pytest.UsageError(f"--impl {spec}: cannot import it ({exc})") from exc


class Implementation:
    """The module under test; a missing public name skips the test that needs it."""

    def __init__(self, module: ModuleType, label: str):
        self._module = module
        self.label = label
        #: the project's own reference implementation (its contract checks always run)
        self.is_reference = module is importlib.import_module("impl")

    def __getattr__(self, name: str):
        # Only the reference API's names skip when the module lacks them; any
        # other name (for example hypothesis probing its test arguments for
        # `execute_example`) is an ordinary missing attribute.
        try:
            return getattr(self._module, name)
        except AttributeError:
            if name in _reference_api():
                pytest.skip(f"{self.label} has no {name}")
            raise


def _reference_api() -> frozenset[str]:
    """The public names of the project's own implementation: the contract."""
    return frozenset(importlib.import_module("impl").__all__)


def _proving_group(item) -> str | None:
    """The chapter whose registered derivations ``item`` proves, or None: tests that prove
    one chapter's derivations run on one xdist worker (``--dist loadgroup``), so a
    derivation and the lemma sources it proves again are proved once per run, not once per
    worker (the kernel keeps proofs per process)."""
    derivation = (getattr(getattr(item, "callspec", None), "params", {}) or {}).get("derivation")
    if derivation is not None:  # the chapter's package, as the tests/<package>/ folders
        return next(name.split(".")[1] for name, module in list(sys.modules.items())
                    if name.count(".") == 1 and name.startswith("derivations.")
                    and getattr(getattr(module, "CHAPTER", None), "id", None)
                    == derivation.chapter)
    path = Path(str(item.fspath))
    if path.name == "test_derivations.py" and path.parent.name != "tests":
        return path.parent.name
    return None


def pytest_collection_modifyitems(config, items):
    for item in items:
        group = _proving_group(item)
        if group is not None:
            item.add_marker(pytest.mark.xdist_group(group))
    _expect_known_discrepancies(config, items)


def _expect_known_discrepancies(config, items):
    """A check the implementation under test lists in ``KNOWN_DISCREPANCIES`` (check name, or
    the name of a test function, -> the reason, with a reproduction) is expected to fail: a
    strict xfail, so a fixed library shows up as an unexpected pass.  Only the run against
    the implementation, not the meta-tests against known-wrong variants."""
    spec = config.getoption("--impl")
    if not spec:
        return
    known = getattr(load_implementation(spec), "KNOWN_DISCREPANCIES", {}) or {}
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {}) or {}
        chk = params.get("chk")
        if chk is not None and "variant" not in params and getattr(chk, "name", None) in known:
            item.add_marker(pytest.mark.xfail(strict=True, reason=known[chk.name]))
        elif chk is None and getattr(item, "originalname", None) in known:
            item.add_marker(pytest.mark.xfail(strict=True, reason=known[item.originalname]))


@pytest.fixture(scope="session")
def impl(request) -> Implementation:
    spec = request.config.getoption("--impl")
    return Implementation(load_implementation(spec), spec or "impl")
