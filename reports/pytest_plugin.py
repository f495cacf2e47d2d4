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

Under pytest-xdist each worker runs its share of the tests: what a test
recorded (claims, evidence, its false-alarm rates, the registered check it
ran and that check's kind) travels to the controller on the test's reports
(``user_properties``), and the controller merges it in
``pytest_runtest_logreport`` -- the same path a plain run takes -- so the
evidence file, the report and the false-alarm budget cover every worker.
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
#: what the running test recorded since its last report (per node id), sent on the next report
_PENDING: dict[str, dict] = {}
#: the key of the recorded data in a report's user_properties
_KEY = "dlproofs"


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


def _pending(nodeid: str) -> dict:
    return _PENDING.setdefault(nodeid, {"evidence": [], "checks": 0, "alpha": 0.0})


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
        pending = _pending(self.nodeid)
        alpha = getattr(outcome, "alpha", 0.0)
        if alpha:
            pending["checks"] += 1
            pending["alpha"] += float(alpha)
        entry = {"subject": subject, "law": law, "passed": bool(outcome.passed),
                 "detail": outcome.describe()}
        if dataclasses.is_dataclass(outcome):
            entry["outcome"] = _jsonable(outcome)
        pending["evidence"].append(entry)

    def note(self, **values) -> None:
        """Record values for the report (for plots), without asserting anything."""
        _pending(self.nodeid)["evidence"].append({"note": _jsonable(values)})


@pytest.fixture
def verify(request) -> Verifier:
    return Verifier(request.node.nodeid)


def _registered_check(item) -> dict:
    """The registered check (and known-wrong variant) a parametrized test runs, if any."""
    from dlproofs.checks import Check, Wrong

    params = getattr(getattr(item, "callspec", None), "params", {}) or {}
    info = {}
    for value in params.values():
        if isinstance(value, Check):
            info.update(check=value.name, kind=value.kind, law=value.law,
                        chapter=value.chapter)
        elif isinstance(value, Wrong):
            info["variant"] = value.id
    return info


def pytest_collection_modifyitems(items):
    for item in items:
        ids = [i for m in item.iter_markers("claim") for i in m.args]
        if ids:
            # a test that asks for `verify` is statistical, even when skipped before it asserts
            item.stash[_INFO] = {"claims": ids,
                                 "verify": "verify" in getattr(item, "fixturenames", ()),
                                 **_registered_check(item)}
            _record(item.nodeid).update(item.stash[_INFO])  # "not run" until a report comes


_INFO = pytest.StashKey[dict]()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    payload = dict(item.stash.get(_INFO, {}))
    pending = _PENDING.pop(item.nodeid, None)
    if pending:
        payload.update(pending)
    if payload:
        report.user_properties.append((_KEY, payload))


def pytest_runtest_logreport(report):
    """Merge what a test recorded (here, or on an xdist worker) into the run's records."""
    payload = next((value for key, value in report.user_properties if key == _KEY), None)
    if payload is None:
        return
    record = _record(report.nodeid)
    for key in ("claims", "verify", "check", "kind", "law", "chapter", "variant"):
        if key in payload:
            record[key] = payload[key]
    record["evidence"].extend(payload.get("evidence", ()))
    _STATS["checks"] += payload.get("checks", 0)
    _STATS["alpha"] += payload.get("alpha", 0.0)
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        record["outcome"] = "xfailed" if hasattr(report, "wasxfail") else report.outcome
        if report.outcome != "passed":
            record["message"] = (str(report.longrepr.reprcrash.message)
                                 if hasattr(report.longrepr, "reprcrash") and report.longrepr
                                 else str(report.longrepr)[-2000:])


def _checks_summary() -> dict[str, dict]:
    """Each registered check run against the implementation (not against a variant): its kind,
    law, chapter, outcome and message, for the conformance page."""
    out = {}
    for rec in _RECORDS.values():
        if rec.get("check") and not rec.get("variant"):
            out[rec["check"]] = {k: rec.get(k) for k in ("kind", "law", "chapter", "outcome",
                                                         "message")}
    return out


def _is_worker(config) -> bool:
    return hasattr(config, "workerinput")


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    from dlproofs.stats import SUITE_ALPHA

    if _is_worker(config):
        return
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
    if _is_worker(config):
        return  # the controller merges the workers' records and writes the evidence
    if _STATS["alpha"] > SUITE_ALPHA and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    path = config.getoption("--evidence")
    report_dir = config.getoption("--report")
    if not (path or report_dir):
        return
    data = {"records": _jsonable(_RECORDS), "statistics": dict(_STATS),
            "checks": _jsonable(_checks_summary()),
            "impl": config.getoption("--impl", default=None) or "impl",
            # for the report: which hypothesis profile ran, and whether the run finished
            "profile": os.environ.get("HYPOTHESIS_PROFILE", "default"),
            "exitstatus": int(session.exitstatus)}
    if path:
        Path(path).write_text(json.dumps(data, indent=1, sort_keys=True))
    if report_dir:
        from reports.build import build_report

        build_report(Path(report_dir), evidence=data)
