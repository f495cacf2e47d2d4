"""The kernel's mutation pass (``tools/kernel_mutations.py``) still disables each check it
names: its text is in the kernel once, or the function it redefines is still there (the
tool itself refuses a mutant that is not valid Python)."""

from __future__ import annotations

import importlib.util
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("kernel_mutations",
                                               ROOT / "tools" / "kernel_mutations.py")
mutations = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mutations)
KERNEL = (ROOT / mutations.KERNEL).read_text()


@pytest.mark.parametrize("name", sorted(mutations.MUTATIONS))
def test_each_mutation_disables_a_check_the_kernel_still_has(name):
    changed = mutations.mutated(KERNEL, name)
    assert changed != KERNEL
    old, new = mutations.MUTATIONS[name]
    if old is None:  # a redefinition: the kernel must still define what it replaces
        target = re.match(r"(?:def |Derivation\.)(\w+)", new).group(1)
        assert f"def {target}(" in KERNEL, f"{name}: the kernel has no {target} to disable"


def test_a_mutation_whose_text_left_the_kernel_is_reported():
    with pytest.raises(ValueError, match="occurs 0 times"):
        mutations.mutated(KERNEL.replace("def _final(cls):\n", "def _sealed(cls):\n"),
                          "final classes")
