"""Prove derivations and check errata for the report, cached by content.

A verdict is a JSON-able dict: the derivation's status, each step's status
and residual, which claims the proved steps establish, and the MathML of
every expression the page shows.  It is computed once per content: the key is
:meth:`Derivation.fingerprint` together with what the fingerprint leaves out
(the exact SymPy trees, assumptions and predicates) and the source of the
kernel and of this renderer, so changing any of them proves again.

A step that does not prove, or a derivation whose proof raises, becomes a
verdict that says so; it never stops the build.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import sympy as sp

from derivations import kernel

from . import mathml

__all__ = ["Cache", "erratum_verdict", "verdict"]

#: A chain whose widest row shows more characters than this is set one
#: expression per line instead of in two aligned columns.
STACK_WIDTH = 60
_SOURCES = (Path(kernel.__file__), Path(mathml.__file__), Path(__file__))


def _salt() -> bytes:
    h = hashlib.sha256(sp.__version__.encode())
    for path in _SOURCES:
        h.update(path.read_bytes())
    return h.digest()


def derivation_key(d: kernel.Derivation) -> str:
    h = hashlib.sha256(_salt())
    h.update(d.fingerprint().encode())
    # what the page shows beyond what the proof depends on
    h.update(repr([s.note for s in d.steps]).encode())
    h.update(repr([(r.kind, r.name, r.statement) for r in d.rules()]).encode())
    h.update(repr((d.title, d.summary, d.slides, d.references)).encode())
    for c in d.claims:
        h.update(repr((c.id, c.statement, c.slide, c.implemented_by)).encode())
    return "d-" + h.hexdigest()


def erratum_key(e: kernel.Erratum) -> str:
    h = hashlib.sha256(_salt())
    h.update(sp.srepr((e.slide_expr, e.correct_expr, e.predicates)).encode())
    h.update(sp.srepr(sorted(e.at.items(), key=lambda kv: sp.srepr(kv[0]))).encode())
    h.update(repr((e.id, e.slide, e.quote, e.problem)).encode())
    return "e-" + h.hexdigest()


class Cache:
    """A folder of JSON verdicts named by content key; ``None`` disables it."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.hits = 0

    def get_or_compute(self, key: Callable[[], str], compute: Callable[[], dict]) -> dict:
        """The cached value for ``key()``, else ``compute()`` (stored).  The key is a
        function because hashing a derivation costs time that no cache needs."""
        path = self.folder / f"{key()}.json" if self.folder else None
        if path and path.is_file():
            try:
                value = json.loads(path.read_text(encoding="utf-8"))
                self.hits += 1
                return value
            except (OSError, ValueError):
                pass  # a damaged entry is recomputed
        value = compute()
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(value, f, sort_keys=True)
            os.replace(tmp, path)
        return value


def _render_step(step) -> dict:
    if isinstance(step, kernel.Solve):
        eq = step.equation
        rows = [(mathml.to_mathml(eq.lhs), mathml.latex_to_mathml("= " + mathml.to_latex(eq.rhs))),
                ("", mathml.latex_to_mathml(
                    r"\Rightarrow " + mathml.to_latex(step.unknown) + " = "
                    + mathml.to_latex(step.value)))]
    else:
        rows = mathml.chain_rows(step.exprs)
    width = max(mathml.text_length(left) + mathml.text_length(right) for left, right in rows)
    return {
        "rows": [list(r) for r in rows],
        "layout": "stacked" if width > STACK_WIDTH else "aligned",
        "because": step.because,
        "using": [r.name for r in step.using],
        "note": step.note,
    }


def _rule_math(rule) -> list[str]:
    """The equations an assumption, axiom or lemma states, as MathML."""
    eqs = list(getattr(rule, "substitutions", ()))
    if isinstance(rule, kernel.Lemma):
        eqs.append(rule.equation)
    if isinstance(rule, kernel.Axiom) and isinstance(rule.rule, sp.Equality):
        eqs.append(rule.rule)
    return [mathml.to_mathml(sp.Eq(q.lhs, q.rhs, evaluate=False)) for q in eqs]


def verdict(d: kernel.Derivation) -> dict:
    """Prove ``d`` and render it; failures are part of the verdict."""
    steps = [_render_step(s) for s in d.steps]
    for s in steps:
        s.update(status="unchecked", residual="")
    out = {"status": "proved", "error": "", "steps": steps, "established": [],
           "claims": {c.id: mathml.to_mathml(c.equation) for c in d.claims},
           "rules": [_rule_math(r) for r in d.rules()]}
    try:
        proof = d.prove(raise_on_failure=False)
    except Exception as exc:  # a crash inside SymPy is a failed proof, not a failed build
        out.update(status="error", error=f"{type(exc).__name__}: {exc}")
        return out
    for rec in proof.records:
        bad = [r for r in rec.residuals if r != 0]
        step = steps[rec.index - 1]
        if bad:
            step.update(status="failed", residual=mathml.to_mathml(bad[0]))
        else:
            step["status"] = "proved"
    out["established"] = sorted(proof.established)
    if not proof.ok:
        failed_step = isinstance(proof.error, kernel.StepNotProved)
        out.update(status="failed" if failed_step else "incomplete", error=str(proof.error))
    return out


def erratum_verdict(e: kernel.Erratum) -> dict:
    try:
        slide_value, correct_value = e.values()
        residual = e.residual()
        confirmed = bool(e.confirmed)
        error = ""
    except Exception as exc:
        slide_value = correct_value = residual = sp.nan
        confirmed, error = False, f"{type(exc).__name__}: {exc}"
    at = sorted(e.at.items(), key=lambda kv: sp.srepr(kv[0]))
    return {
        "confirmed": confirmed,
        "error": error,
        "slide": mathml.to_mathml(e.slide_expr),
        "correct": mathml.to_mathml(e.correct_expr),
        "residual": mathml.to_mathml(residual),
        "at": mathml.latex_to_mathml(
            r",\; ".join(f"{mathml.to_latex(k)} = {mathml.to_latex(v)}" for k, v in at) or r"\,",
            display="inline"),
        "slide_value": mathml.to_mathml(slide_value),
        "correct_value": mathml.to_mathml(correct_value),
    }
