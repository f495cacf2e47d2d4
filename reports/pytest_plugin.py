"""A pytest plugin that records each claim's evidence for the report.

* ``@pytest.mark.claim("init.he.variance", ...)`` ties a test to claim ids.
* The ``verify`` fixture asserts a statistical :class:`dlproofs.stats.Outcome`
  (or any object with ``passed`` and ``describe()``), names the subject and
  the law in the failure message, and records the outcome.
* ``--evidence FILE`` writes every test's claims, outcome and recorded
  evidence as JSON; ``--report DIR`` additionally builds the HTML report from
  it after the run.
* At the end of the run the summed false-alarm rate of all statistical
  assertions is compared with the suite budget (Bonferroni).
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
from pathlib import Path

import pytest

_RECORDS: dict[str, dict] = {}
_STATS = {"checks": 0, "alpha": 0.0}


def pytest_addoption(parser):
    group = parser.getgroup("dlproofs")
    group.addoption("--evidence", metavar="FILE", default=None,
                    help="write each claim's test evidence as JSON to FILE")
    group.addoption("--report", metavar="DIR", default=None,
                    help="after the run, build the HTML proof report into DIR")


def pytest_configure(config):
    config.addinivalue_line("markers", "claim(*ids): the claim ids a test verifies")


def _jsonable(value):
    if dataclasses.is_dataclass(value):
        return {k: _jsonable(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if hasattr(value, "item"):  # numpy scalars
        return _jsonable(value.item())
    return value


def _record(nodeid: str) -> dict:
    return _RECORDS.setdefault(nodeid, {"claims": [], "outcome": None, "evidence": [],
                                        "message": ""})


class Verifier:
    """Asserts outcomes of statistical tests and keeps them as evidence."""

    def __init__(self, nodeid: str):
        self.nodeid = nodeid

    def __call__(self, outcome, *, subject: str, law: str) -> None:
        self.record(outcome, subject=subject, law=law)
        if not outcome.passed:
            raise AssertionError(f"{subject}: violates {law}. {outcome.describe()}")

    def record(self, outcome, *, subject: str, law: str) -> None:
        """Record an outcome as evidence (and count its false-alarm rate) without asserting."""
        record = _record(self.nodeid)
        alpha = getattr(outcome, "alpha", 0.0)
        if alpha:
            _STATS["checks"] += 1
            _STATS["alpha"] += alpha
        entry = {"subject": subject, "law": law, "passed": bool(outcome.passed),
                 "detail": outcome.describe()}
        if dataclasses.is_dataclass(outcome):
            entry["outcome"] = _jsonable(outcome)
        record["evidence"].append(entry)

    def note(self, **values) -> None:
        """Record values for the report (for plots), without asserting anything."""
        _record(self.nodeid)["evidence"].append({"note": _jsonable(values)})


@pytest.fixture
def verify(request) -> Verifier:
    return Verifier(request.node.nodeid)


def pytest_collection_modifyitems(items):
    for item in items:
        ids = [i for m in item.iter_markers("claim") for i in m.args]
        if ids:
            _record(item.nodeid)["claims"] = ids
            # a test that asks for `verify` is statistical, even when skipped before it asserts
            _record(item.nodeid)["verify"] = "verify" in getattr(item, "fixturenames", ())


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if item.nodeid not in _RECORDS:
        return
    record = _RECORDS[item.nodeid]
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        record["outcome"] = "xfailed" if hasattr(report, "wasxfail") else report.outcome
        if report.outcome != "passed":
            record["message"] = (str(report.longrepr.reprcrash.message)
                                 if hasattr(report.longrepr, "reprcrash") and report.longrepr
                                 else str(report.longrepr)[-2000:])


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    from dlproofs.stats import SUITE_ALPHA

    checks, alpha = _STATS["checks"], _STATS["alpha"]
    if checks:
        terminalreporter.write_line(
            f"dlproofs: {checks} statistical assertions, summed false-alarm rate "
            f"{alpha:.2e} (budget {SUITE_ALPHA:.0e})")
        if alpha > SUITE_ALPHA:
            terminalreporter.write_line(
                "dlproofs: the false-alarm budget is exceeded; lower DLPROOFS_ALPHA", red=True)


def pytest_sessionfinish(session, exitstatus):
    from dlproofs.stats import SUITE_ALPHA

    config = session.config
    if _STATS["alpha"] > SUITE_ALPHA and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    path = config.getoption("--evidence")
    report_dir = config.getoption("--report")
    if not (path or report_dir):
        return
    data = {"records": _jsonable(_RECORDS), "statistics": dict(_STATS),
            "impl": config.getoption("--impl", default=None) or "impl",
            # for the report: which hypothesis profile ran, and whether the run finished
            "profile": os.environ.get("HYPOTHESIS_PROFILE", "default"),
            "exitstatus": int(session.exitstatus)}
    if path:
        Path(path).write_text(json.dumps(data, indent=1, sort_keys=True))
    if report_dir:
        from reports.build import build_report

        build_report(Path(report_dir), evidence=data)
