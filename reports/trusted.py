"""The trusted-base page: everything the proofs trust rather than prove, with counts.

LCF-style, the kernel (``derivations/kernel.py``) is the only code that makes a
proof; around it, what is trusted falls into the kinds of
:data:`derivations.kernel.TRUSTED_KINDS`: axioms (made only in
``derivations/axioms/``), definitions (fresh names, conservative),
assumptions (a derivation's hypotheses, carried by its lemmas), predicates
and symbol assumptions.  This page lists the whole base, transitively through
the lemmas each derivation uses, and the kernel's size in lines.
"""

from __future__ import annotations

import functools
import io
import tokenize
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

from derivations import kernel

from .pages import Site, esc, page, trusted_anchor

__all__ = ["kernel_lines", "trusted_base", "trusted_page"]


def kernel_lines(path: Path | None = None) -> tuple[int, int]:
    """(all lines, code lines) of the trusted core: code lines leave out blank lines,
    comments and docstrings (doctests included)."""
    return _counted(Path(path or kernel.__file__).read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=64)
def _counted(text: str) -> tuple[int, int]:
    # every report build counts the same files: tokenized once per text
    code: set[int] = set()
    previous = None
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        if tok.type in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT,
                        tokenize.DEDENT, tokenize.ENDMARKER):
            continue
        docstring = tok.type == tokenize.STRING and previous in (None, tokenize.NEWLINE,
                                                                 tokenize.INDENT,
                                                                 tokenize.DEDENT)
        if not docstring:
            code.update(range(tok.start[0], tok.end[0] + 1))
        previous = tok.type
    return len(text.splitlines()), len(code)


def trusted_base(derivations) -> dict[str, dict[tuple, list[str]]]:
    """kind -> {(name, statement, reference): [ids of the derivations that trust it]}."""
    out: dict[str, dict[tuple, list[str]]] = {k: {} for k in kernel.TRUSTED_KINDS}
    for d in derivations:
        for item in d.trusted():
            users = out.setdefault(item.kind, {}).setdefault(
                (item.name, item.statement, item.reference), [])
            if d.id not in users:
                users.append(d.id)
    return out


def _origins(derivations) -> dict[str, str]:
    """axiom name -> the module that made it (derivations.axioms.* unless legacy)."""
    out = {}
    for d in derivations:
        for r in d.rules():
            if isinstance(r, kernel.Axiom):
                out.setdefault(r.name, r.origin)
    return out


def trusted_page(site: Site) -> str:
    derivations = [d for cv in site.chapters for d, _v in cv.derivations]
    base = trusted_base(derivations)
    counts = Counter({k: len(v) for k, v in base.items()})
    origins = _origins(derivations)
    total, code = kernel_lines()
    axioms_dir = Path(kernel.__file__).parent / "axioms"
    axiom_code = sum(kernel_lines(p)[1] for p in sorted(axioms_dir.glob("*.py")))
    refute_code = kernel_lines(Path(kernel.__file__).parent / "refutation.py")[1]
    rows = "".join(f"<tr><td>{esc(k)}</td><td>{counts[k]}</td></tr>"
                   for k in kernel.TRUSTED_KINDS)
    sections = []
    for kind in kernel.TRUSTED_KINDS:
        items = []
        for (name, statement, reference), users in sorted(base[kind].items()):
            origin = origins.get(name, "") if kind == "axiom" else ""
            where = (f' <span class="muted">made in <code>{esc(origin)}</code></span>'
                     if origin else "")
            ref = f' <span class="muted">({esc(reference)})</span>' if reference else ""
            anchor = trusted_anchor(SimpleNamespace(kind=kind.replace(" ", "-"), name=name))
            items.append(f'<dt id="{esc(anchor)}">{esc(name)}</dt>'
                         f"<dd>{esc(statement)}{ref}{where}"
                         f'<div class="muted">trusted by {len(users)} derivation'
                         f'{"s" if len(users) != 1 else ""}: '
                         f'{esc(", ".join(sorted(users)))}</div></dd>')
        body = f'<dl class="rules">{"".join(items)}</dl>' if items else \
            "<p class=muted>None.</p>"
        sections.append(f'<h2 id="{esc(kind.replace(" ", "-"))}">{esc(kind.capitalize())}s '
                        f"({counts[kind]})</h2>{body}")
    legacy = sorted(kernel.LEGACY_AXIOM_MODULES)
    legacy_note = ("" if not legacy else
                   "<p>Chapter modules whose axioms have not yet moved to "
                   "<code>derivations/axioms/</code> (the kernel accepts them by name only; "
                   "the list shrinks to empty): "
                   + ", ".join(f"<code>{esc(m)}</code>" for m in legacy) + ".</p>")
    intro = (
        "<h1>The trusted base</h1>"
        "<p>A claim is proved when the kernel checked every step of a chain from its left "
        "side to its right side. What the kernel does not check is trusted: it is listed "
        "here, transitively through the lemmas each derivation uses. Axioms are made only "
        "in <code>derivations/axioms/</code>; definitions introduce fresh names; assumptions "
        "travel with every lemma made from their derivation.</p>"
        f"<p>The kernel (<code>derivations/kernel.py</code>, the only code that makes a "
        f"proof) has <strong>{total}</strong> lines, <strong>{code}</strong> of them code "
        "(without blank lines, comments and docstrings); the axioms package "
        f"(<code>derivations/axioms/</code>) has <strong>{axiom_code}</strong> lines of code. "
        "The numeric search for counterexamples (<code>derivations/refutation.py</code>, "
        f"{refute_code} lines of code) is not trusted: it can only refuse.</p>"
        f'<table class="counts"><thead><tr><th>kind</th><th>count</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>" + legacy_note)
    return page(site, "Trusted base", "trusted.html", intro + "".join(sections))
