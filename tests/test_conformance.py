"""Every registered check against the implementation under test; every check seen failing.

Checks live in ``tests/<chapter>/checks.py`` and known-wrong variants in
``tests/<chapter>/wrong.py``; both register themselves with
:mod:`dlproofs.checks` on import, so a new chapter needs no line here.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import tests
from dlproofs.checks import WRONG, Violation, apply_variant, checks

for _info in pkgutil.iter_modules(tests.__path__):
    if _info.ispkg:
        for _role in ("checks", "wrong"):
            try:
                importlib.import_module(f"tests.{_info.name}.{_role}")
            except ModuleNotFoundError as exc:
                if exc.name != f"tests.{_info.name}.{_role}":
                    raise


def _check_params():
    return [pytest.param(c, id=c.name, marks=pytest.mark.claim(*c.claims)) for c in checks()]


def _variant_params():
    by_name = {c.name: c for c in checks()}
    return [pytest.param(v, by_name[name], id=f"{v.id}-{name}",
                         marks=pytest.mark.claim(*by_name[name].claims))
            for v in WRONG.values() for name in v.rejected_by if name in by_name]


@pytest.mark.parametrize("chk", _check_params())
def test_the_implementation_satisfies_the_law_of_each_check(impl, chk, verify, request):
    if chk.kind == "contract" and not (impl.is_reference or request.config.getoption("--contract")):
        pytest.skip(f"{chk.name} is a contract check of the reference; run with --contract")
    chk(impl, verify)


@pytest.mark.parametrize(("variant", "chk"), _variant_params())
def test_each_known_wrong_variant_is_rejected_by_its_check_naming_the_law(impl, variant, chk):
    if not impl.is_reference:
        pytest.skip("the variants are mistakes overlaid on the reference; they test the checks")
    with pytest.raises(Violation) as caught:
        chk(apply_variant(impl, variant))
    assert caught.value.law == chk.law, (
        f"{chk.name} rejected {variant.id} but under another law: {caught.value}")


def test_every_registered_check_is_seen_failing_on_a_known_wrong_variant():
    seen = {name for v in WRONG.values() for name in v.rejected_by}
    never = [c.name for c in checks() if c.name not in seen]
    assert not never, ("checks never seen failing (add a variant to tests/<chapter>/wrong.py): "
                       f"{never}")


def test_every_variant_names_only_registered_checks():
    names = {c.name for c in checks()}
    unknown = {v.id: [n for n in v.rejected_by if n not in names] for v in WRONG.values()}
    unknown = {k: v for k, v in unknown.items() if v}
    assert not unknown, f"variants name checks that are not registered: {unknown}"
