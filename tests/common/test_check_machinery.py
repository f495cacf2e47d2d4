"""The check machinery itself: the time guard, the variant record, and the evidence merge
that makes ``pytest -n N`` count every worker's false-alarm rates."""

from __future__ import annotations

import time
from types import SimpleNamespace

import numpy as np
import pytest

import tests.init.checks
import tests.normalization.wrong  # noqa: F401 - records the variants the clash test names
from dlproofs.checks import CHECKS, TooSlow, Violation, Wrong, apply_variant, wrong


def he_normal_that_never_accepts(fan_in, fan_out, rng, *, negative_slope=0.0):
    """A rejection sampler whose acceptance region is empty (numpy-ml's truncated normal at a
    bad scale): it loops forever."""
    while True:
        z = rng.standard_normal(fan_in * fan_out)
        if np.all(np.abs(z) > np.inf):  # never true
            return z.reshape(fan_in, fan_out)


def test_a_check_of_a_variant_that_loops_forever_fails_as_too_slow_and_the_run_goes_on(impl):
    looping = Wrong("loops_forever", "init", "never returns",
                    {"he_normal": he_normal_that_never_accepts})
    chk = CHECKS["init.he_normal.variance"]
    started = time.monotonic()
    with pytest.raises(TooSlow, match="too slow") as caught:
        chk(apply_variant(impl, looping), limit=0.5)
    assert time.monotonic() - started < 5
    assert "init.he_normal.variance" in str(caught.value)
    # the guard is gone: the same check runs to its verdict on the implementation
    chk(impl, limit=120)


def test_the_time_guard_is_not_a_violation_so_no_variant_test_can_swallow_it(impl):
    looping = Wrong("loops_forever", "init", "never returns",
                    {"he_normal": he_normal_that_never_accepts})
    with pytest.raises(TooSlow):
        try:
            CHECKS["init.he_normal.layout"](apply_variant(impl, looping), limit=0.3)
        except Violation:  # what the meta-test catches
            pytest.fail("a time-out was reported as a violation of the law")


def test_a_variant_id_cannot_be_recorded_by_two_chapters():
    with pytest.raises(ValueError, match="prefix it with the chapter"):
        wrong("m_minus_1", chapter="init", why="a clash", replaces={}, rejected_by=())


def test_a_worker_reports_evidence_and_false_alarm_rates_that_the_controller_sums():
    from reports import pytest_plugin as plugin

    before = dict(plugin._STATS)
    payload = {"claims": ["init.he.variance"], "verify": True, "check": "init.he_normal.variance",
               "kind": "math", "evidence": [{"subject": "s", "law": "l", "passed": True,
                                             "detail": "d"}],
               "checks": 3, "alpha": 3e-7}
    report = SimpleNamespace(nodeid="tests/x.py::test_on_a_worker", when="call",
                             outcome="passed", user_properties=[("dlproofs", payload)])
    try:
        plugin.pytest_runtest_logreport(report)
        record = plugin._RECORDS[report.nodeid]
        assert record["outcome"] == "passed" and record["kind"] == "math"
        assert record["evidence"] == payload["evidence"]
        assert plugin._STATS["checks"] == before["checks"] + 3
        assert plugin._STATS["alpha"] == pytest.approx(before["alpha"] + 3e-7)
        assert plugin._checks_summary()["init.he_normal.variance"]["outcome"] == "passed"
    finally:
        plugin._RECORDS.pop(report.nodeid, None)
        plugin._STATS.update(before)


def test_the_conformance_page_lists_math_and_contract_checks_apart():
    from reports.pages import _checks_by_kind

    html = _checks_by_kind({
        "bn.sum_dx": {"kind": "math", "law": "sum_i dx_i = 0", "outcome": "passed"},
        "bn.bad_arguments": {"kind": "contract", "law": "a bad argument raises ...",
                             "outcome": "skipped", "message": "run with --contract"},
    })
    math_part, contract_part = html.split("<h2>Contract checks</h2>")
    assert "<h2>Math checks</h2>" in math_part and "sum_dx" in math_part
    assert "bad_<wbr>arguments" in contract_part or "bad_arguments" in contract_part
    assert "sum_dx" not in contract_part
