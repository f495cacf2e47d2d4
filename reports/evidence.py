"""The test run's evidence, as the report reads it.

The pytest plugin (:mod:`reports.pytest_plugin`) records, per test node, the
claim ids of its ``claim`` marker, its outcome, its failure or skip message,
and its evidence entries: ``verify(...)`` calls (a statistical outcome with
subject and law) and ``verify.note(...)`` values (plot data).

A test is *statistical* when it asserted through ``verify`` or requests the
``verify`` fixture (so a statistical test skipped before it asserts still
counts as one), and *exact* otherwise; the index shows the two kinds as
separate columns.  Notes with a
``figure`` key become plots on the page of the chapter named by the figure
id's prefix (``init.depth`` → chapter ``init``).
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass, field

__all__ = ["TestResult", "aggregate", "by_claim", "figures", "tests"]

#: Worst first: a claim's status is the worst status among its tests.
_ORDER = ("failed", "passed", "xfailed", "skipped")


@dataclass(frozen=True)
class TestResult:
    nodeid: str
    claims: tuple[str, ...]
    outcome: str  # passed, failed, skipped, xfailed, or "not run"
    message: str
    checks: tuple[dict, ...] = field(default=())  # verify(...) entries
    notes: tuple[dict, ...] = field(default=())  # verify.note(...) values
    uses_verify: bool = False  # the test requests the `verify` fixture

    @property
    def kind(self) -> str:
        return "statistical" if self.checks or self.uses_verify else "exact"

    @property
    def name(self) -> str:
        return self.nodeid.rsplit("::", 1)[-1]


def _message(raw) -> str:
    """The reason in a skip record, which pytest keeps as ``(path, line, reason)``."""
    text = str(raw or "")
    if text.startswith("(") and text.endswith(")"):
        try:
            parts = ast.literal_eval(text)
            if isinstance(parts, tuple) and parts:
                text = str(parts[-1])
        except (ValueError, SyntaxError):
            pass
    return text.removeprefix("Skipped: ")


def tests(evidence: dict | None) -> list[TestResult]:
    """Every recorded test, sorted by node id."""
    records = (evidence or {}).get("records", {}) or {}
    out = []
    for nodeid in sorted(records):
        rec = records[nodeid] or {}
        entries = rec.get("evidence") or []
        out.append(TestResult(
            nodeid=nodeid,
            claims=tuple(rec.get("claims") or ()),
            outcome=rec.get("outcome") or "not run",
            message=_message(rec.get("message")),
            checks=tuple(e for e in entries if "note" not in e),
            notes=tuple(e["note"] for e in entries if "note" in e),
            uses_verify=bool(rec.get("verify")),
        ))
    return out


def by_claim(results: list[TestResult]) -> dict[str, list[TestResult]]:
    table: dict[str, list[TestResult]] = defaultdict(list)
    for t in results:
        for c in t.claims:
            table[c].append(t)
    return dict(table)


def aggregate(results: list[TestResult]) -> str:
    """One status for several tests: failed > passed > xfailed > skipped; "none" if empty."""
    outcomes = {t.outcome for t in results}
    for status in _ORDER:
        if status in outcomes:
            return status
    return "not run" if outcomes else "none"


def figures(results: list[TestResult]) -> dict[str, list[dict]]:
    """Plot notes grouped by figure id, in node-id order."""
    table: dict[str, list[dict]] = defaultdict(list)
    for t in results:
        for note in t.notes:
            if isinstance(note, dict) and note.get("figure"):
                table[str(note["figure"])].append(note)
    return dict(sorted(table.items()))
