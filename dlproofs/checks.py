"""One registry of checks, one failure format, one record of known-wrong variants.

A *check* states one law of one or more claims and verifies it against any
implementation.  Every check has the same signature::

    @check(chapter="dropout", claims=("dropout.inverted.kept_value",),
           law="every kept output equals x/(1 - p)", functions=("dropout_forward",))
    def check_kept_values(impl, verify):
        ...
        if bad:
            verify.fail("dropout_forward", f"{n} of {m} kept outputs differ")

``impl`` is the module under test (anything with the reference API's names
and a ``label``); ``verify`` is bound to the check: ``verify.fail`` raises a
:class:`Violation` written in the one format

    ``<implementation>: <function> violates <law> (<claim id>): <detail>``

``verify(outcome, function=...)`` asserts a statistical outcome (anything with
``passed``, ``alpha`` and ``describe()``) and records it; ``verify.note(...)``
records values for the report's figures.

``kind="math"`` checks are what conformance means (exact identities,
gradients, distributions); ``kind="contract"`` checks are the reference
implementation's own promise (validation, error types, dtype policy).

A :class:`Wrong` variant replaces some functions of an implementation with a
plausible mistake and names the checks that must reject it; the suite-wide
meta-test runs each and demands a :class:`Violation` of that check's law, and
demands that every registered check is seen failing on at least one variant.

A time guard bounds every run of a check: past its ``time_limit`` (default
:data:`TIME_LIMIT` seconds, ``DLPROOFS_CHECK_LIMIT`` overrides it) the check
raises :class:`TooSlow` ("too slow") and the test run goes on, so an
implementation that loops forever (a rejection sampler that never accepts)
fails its check instead of hanging the suite.  The guard is a ``SIGALRM``
timer, so it works in the main thread of each process (a plain run and every
pytest-xdist worker) on POSIX; elsewhere checks run unguarded.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import SimpleNamespace

__all__ = [
    "CHECKS",
    "KINDS",
    "TIME_LIMIT",
    "WRONG",
    "Check",
    "TooSlow",
    "Violation",
    "Wrong",
    "apply_variant",
    "check",
    "checks",
    "examples",
    "format_violation",
    "wrong",
]

KINDS = ("math", "contract")
#: Seconds a check may run before it fails as too slow (``DLPROOFS_CHECK_LIMIT`` overrides).
TIME_LIMIT = float(os.environ.get("DLPROOFS_CHECK_LIMIT", 120))


def format_violation(implementation: str, function: str, law: str, claim: str,
                     detail: str) -> str:
    """The one failure format of the suite."""
    return f"{implementation}: {function} violates {law} ({claim}): {detail}"


class Violation(AssertionError):
    """An implementation broke a check's law; the message is :func:`format_violation`'s."""

    def __init__(self, implementation: str, function: str, law: str, claim: str, detail: str):
        self.implementation = implementation
        self.function = function
        self.law = law
        self.claim = claim
        self.detail = detail
        super().__init__(format_violation(implementation, function, law, claim, detail))


class TooSlow(BaseException):
    """A check ran past its time limit.

    A :class:`BaseException`, like ``KeyboardInterrupt``: neither hypothesis
    (which would replay and shrink the slow example) nor ``pytest.raises
    (Violation)`` swallows it, so the test that ran the check fails with
    "too slow" and the run goes on with the next test.
    """


@contextmanager
def _time_guard(limit: float | None, message: Callable[[], str]):
    usable = (limit is not None and limit > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread()
              and signal.getitimer(signal.ITIMER_REAL)[0] == 0)  # never steal a running timer
    if not usable:
        yield
        return

    def expire(signum, frame):
        raise TooSlow(message())

    previous = signal.signal(signal.SIGALRM, expire)
    # after the limit, again every second: a library that swallows one exception (a broad
    # `except BaseException` in its internals) cannot keep the check running
    signal.setitimer(signal.ITIMER_REAL, limit, 1.0)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass(frozen=True)
class Check:
    """A named law of one or more claims, verified against any implementation."""

    name: str
    chapter: str
    claims: tuple[str, ...]
    law: str
    functions: tuple[str, ...]
    kind: str
    run: Callable = field(repr=False, compare=False)
    doc: str = ""
    #: seconds before the check fails as too slow (``None``: :data:`TIME_LIMIT`)
    time_limit: float | None = None

    def __call__(self, impl, verify=None, *, limit: float | None = None) -> None:
        """Run the check against ``impl``; ``verify`` records evidence (optional).

        Raises :class:`Violation` when ``impl`` breaks the law, and
        :class:`TooSlow` when the run takes longer than ``limit`` seconds
        (default: the check's ``time_limit``, else :data:`TIME_LIMIT`).
        """
        label = _label(impl)
        limit = limit if limit is not None else (self.time_limit or TIME_LIMIT)
        with _time_guard(limit, lambda: f"{label}: {self.name} too slow: still running after "
                         f"{limit:g} s (its time limit); stopped so that the run goes on"):
            self.run(impl, Bound(self, label, verify))


def _label(impl) -> str:
    return str(getattr(impl, "label", None) or getattr(impl, "__name__", "implementation"))


class Bound:
    """A check's view of the evidence recorder: failures in the one format."""

    def __init__(self, chk: Check, implementation: str, recorder=None):
        self.check = chk
        self.implementation = implementation
        self.recorder = recorder

    def fail(self, function: str, detail: str, *, claim: str | None = None) -> None:
        """Raise a :class:`Violation` of this check's law by ``function``."""
        raise Violation(self.implementation, function, self.check.law,
                        claim or self.check.claims[0], detail)

    def __call__(self, outcome, *, function: str, claim: str | None = None,
                 where: str = "") -> None:
        """Assert a statistical outcome and record it as evidence.

        ``where`` says which case was tested (fans, seed, layer); it prefixes
        the detail of a failure and the recorded subject.
        """
        subject = f"{self.implementation}: {function}" + (f" ({where})" if where else "")
        if self.recorder is not None and hasattr(self.recorder, "record"):
            self.recorder.record(outcome, subject=subject, law=self.check.law)
        if not outcome.passed:
            self.fail(function, f"{where}: {outcome.describe()}" if where
                      else outcome.describe(), claim=claim)

    def refuses(self, function: str, call: Callable[[], object], *, argument: str,
                error: type[Exception] | tuple[type[Exception], ...] = (ValueError, TypeError),
                claim: str | None = None) -> None:
        """The generic input contract: ``call()`` raises ``error`` and its message names
        ``argument`` (as a word).  The wording is the implementation's own."""
        import re

        kinds = error if isinstance(error, tuple) else (error,)
        names = " or ".join(k.__name__ for k in kinds)
        try:
            call()
        except kinds as exc:
            if not re.search(rf"(?<![A-Za-z0-9_]){re.escape(argument)}(?![A-Za-z0-9_])",
                             str(exc)):
                self.fail(function, f"bad {argument}: the {type(exc).__name__} does not name "
                          f"{argument!r}: {str(exc)[:200]!r}", claim=claim)
        except Exception as exc:
            self.fail(function, f"bad {argument}: raised {type(exc).__name__} "
                      f"({str(exc)[:200]!r})"
                      f", expected {names}", claim=claim)
        else:
            self.fail(function, f"bad {argument}: accepted without an error (expected {names})",
                      claim=claim)

    def note(self, **values) -> None:
        """Record values for the report's figures (asserts nothing)."""
        if self.recorder is not None and hasattr(self.recorder, "note"):
            self.recorder.note(**values)


#: every registered check, by name
CHECKS: dict[str, Check] = {}


def check(*, chapter: str, claims: Iterable[str], law: str, functions: Iterable[str],
          kind: str = "math", name: str | None = None,
          time_limit: float | None = None) -> Callable[[Callable], Check]:
    """Register ``fn(impl, verify)`` as a check; returns the :class:`Check`.

    ``time_limit`` (seconds) overrides :data:`TIME_LIMIT` for a check that
    legitimately runs long.
    """
    if kind not in KINDS:
        raise ValueError(f"kind={kind!r}: expected one of {KINDS}")
    claims, functions = tuple(claims), tuple(functions)
    if not claims:
        raise ValueError("a check verifies at least one claim (claims=...)")

    def register(fn: Callable) -> Check:
        chk_name = name or f"{chapter}.{fn.__name__.removeprefix('check_')}"
        if chk_name in CHECKS and CHECKS[chk_name].run.__qualname__ != fn.__qualname__:
            raise ValueError(f"check {chk_name!r} is registered twice")
        chk = Check(chk_name, chapter, claims, law, functions, kind, fn,
                    (fn.__doc__ or "").strip(), time_limit)
        CHECKS[chk_name] = chk
        return chk

    return register


def checks(*, chapter: str | None = None, kind: str | None = None) -> list[Check]:
    """The registered checks, in registration order, optionally filtered."""
    return [c for c in CHECKS.values()
            if (chapter is None or c.chapter == chapter) and (kind is None or c.kind == kind)]


@dataclass(frozen=True)
class Wrong:
    """A known-wrong variant: ``replaces`` maps function names to plausible mistakes."""

    id: str
    chapter: str
    why: str
    replaces: dict = field(compare=False)
    rejected_by: tuple[str, ...] = ()


def examples(body: Callable[..., None], **strategies) -> None:
    """Run ``body(**drawn)`` on hypothesis-drawn examples inside a check.

    The number of examples is the loaded hypothesis profile's; the first
    failing example is reported without shrinking (a check fails on the first
    violation, and a known-wrong variant should not cost a search).
    """
    from hypothesis import HealthCheck, Phase, given, settings

    run = settings(phases=(Phase.explicit, Phase.generate), report_multiple_bugs=False,
                   deadline=None, database=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])(
        given(**strategies)(body))
    run()


#: every known-wrong variant, by id
WRONG: dict[str, Wrong] = {}


def wrong(id: str, *, chapter: str, why: str, replaces: dict,
          rejected_by: Iterable[str]) -> Wrong:
    """Record a known-wrong variant and the checks (by name) that must reject it."""
    variant = Wrong(id, chapter, why, dict(replaces), tuple(rejected_by))
    if id in WRONG and WRONG[id].chapter != chapter:
        raise ValueError(f"variant id {id!r} is recorded by chapters {WRONG[id].chapter!r} and "
                         f"{chapter!r}: ids are suite-wide, prefix it with the chapter")
    WRONG[id] = variant
    return variant


def apply_variant(impl, variant: Wrong):
    """``impl`` with the variant's functions swapped in, labelled by the variant's id."""
    class _Overlay(SimpleNamespace):
        def __getattr__(self, item):
            return getattr(impl, item)

    return _Overlay(label=f"wrong.{variant.id}", **variant.replaces)
