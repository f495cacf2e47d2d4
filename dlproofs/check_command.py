"""``dlproofs check MODULE_OR_FILE``: is my implementation right?

Runs every registered *math* check (``tests/test_conformance.py`` through
pytest, with ``--impl MODULE_OR_FILE``) and prints, per function of the
reference API, ``passed`` or the first law it violates; a function the module
lacks is reported as not checked.  Exit status 1 when any law is violated
(or a check is too slow), 2 when the checks cannot run, else 0.

    $ dlproofs check my_layers.py
    batchnorm_backward   violates dx, dgamma and dbeta equal the derivation's ...
    he_normal            passed
    ...
"""

from __future__ import annotations

import argparse
import contextlib
import io
from pathlib import Path

__all__ = ["main"]

#: the conformance test that runs one registered check against --impl
_TEST = "test_the_implementation_satisfies_the_law_of_each_check"


class _Collector:
    """A pytest plugin that keeps, per registered check, its functions and its verdict."""

    def __init__(self):
        self.results: list[tuple[object, str, str]] = []  # (check, outcome, message)

    def pytest_collection_modifyitems(self, items):
        items[:] = [i for i in items if i.originalname == _TEST
                    and i.callspec.params["chk"].kind == "math"]

    def pytest_runtest_makereport(self, item, call):
        if call.when == "setup" and call.excinfo is None:
            return
        if call.when == "teardown":
            return
        chk = item.callspec.params["chk"]
        if call.excinfo is None:
            self.results.append((chk, "passed", ""))
        elif call.excinfo.errisinstance(BaseException) and call.excinfo.typename == "Skipped":
            self.results.append((chk, "skipped", str(call.excinfo.value)))
        else:
            self.results.append((chk, "failed", str(call.excinfo.value).splitlines()[0]))


def _suite() -> Path:
    test = Path(__file__).resolve().parent.parent / "tests" / "test_conformance.py"
    if not test.exists():
        raise FileNotFoundError(f"{test}: the checks ship with the source tree (tests/); run "
                                "dlproofs check from a checkout of the project")
    return test


def verdicts(results) -> dict[str, tuple[str, str]]:
    """Per function: ("passed", ""), ("violated", the first violation) or ("skipped", why)."""
    out: dict[str, tuple[str, str]] = {}
    for chk, outcome, message in results:
        # a violation names the function it caught; else it is blamed on the check's first one
        named = [f for f in chk.functions if f": {f} violates" in message] or chk.functions[:1]
        for function in chk.functions:
            status = out.get(function, ("skipped", message))
            if status[0] == "violated":
                continue
            if outcome == "failed":
                if function in named:
                    out[function] = ("violated", message)
                else:
                    out.setdefault(function, status)
            elif outcome == "passed":
                out[function] = ("passed", "")
            else:
                out.setdefault(function, status)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dlproofs check", description=__doc__.splitlines()[0])
    parser.add_argument("implementation", metavar="MODULE_OR_FILE",
                        help="an importable module name or a .py file with the reference's names")
    parser.add_argument("-v", "--verbose", action="store_true", help="show pytest's output")
    args = parser.parse_args(argv)
    import pytest

    try:
        test = _suite()
    except FileNotFoundError as exc:
        print(f"dlproofs check: {exc}")
        return 2
    spec = args.implementation
    path = Path(spec)
    if path.suffix == ".py" or path.exists():
        spec = str(path.resolve())
    collector = _Collector()
    pytest_args = [str(test), f"--impl={spec}", f"--rootdir={test.parent.parent}", "-q",
                   "-p", "no:cacheprovider", "--tb=no", "-o", "addopts="]
    out = io.StringIO()
    with contextlib.redirect_stdout(out) if not args.verbose else contextlib.nullcontext():
        code = pytest.main(pytest_args, plugins=[collector])
    if not collector.results:
        print(out.getvalue()[-3000:])
        print(f"dlproofs check: no check ran (pytest exit status {int(code)})")
        return 2
    table = verdicts(collector.results)
    width = max(len(f) for f in table)
    violated = 0
    for function in sorted(table):
        status, message = table[function]
        if status == "violated":
            violated += 1
            law = message.split(" violates ", 1)[-1] if " violates " in message else message
            print(f"{function:<{width}}  violates {law}")
        elif status == "passed":
            print(f"{function:<{width}}  passed")
        else:
            print(f"{function:<{width}}  not checked ({message.removeprefix('Skipped: ')})")
    passed = sum(status == "passed" for status, _ in table.values())
    print(f"{passed} functions pass, {violated} violate a law, "
          f"{len(table) - passed - violated} not checked")
    return 1 if violated else 0
