"""The report's HTML pages, as small functions over a :class:`Site`.

Every piece of text is escaped with :func:`html.escape`; MathML and SVG come
from :mod:`reports.mathml` and :mod:`reports.plots`, which build them from
SymPy expressions and numbers.  Pages load nothing but ``assets/`` (the
stylesheet and the math font), and the Content-Security-Policy forbids
anything else.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field

from .evidence import TestResult, aggregate

__all__ = ["CSP", "Site", "chapter_file", "render_pages"]

CSP = ("default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self' data:; base-uri 'none'; form-action 'none'")


def esc(text) -> str:
    return html.escape(str(text), quote=True)


@dataclass
class ChapterView:
    chapter: object  # derivations.Chapter
    derivations: list  # [(Derivation, verdict dict)]
    figures: dict = field(default_factory=dict)  # figure id -> (svg, caption)


@dataclass
class Site:
    chapters: list[ChapterView]
    errata: list  # [(Chapter, Erratum, verdict dict)]
    tests: list[TestResult]
    claim_tests: dict[str, list[TestResult]]
    run: dict  # implementation, profile, statistics
    conformance: bool = False

    def claim_link(self, claim_id: str) -> str:
        """The chapter page and anchor of a claim ("#" if no chapter states it)."""
        for cv, _d, _v, c in self.claim_rows():
            if c.id == claim_id:
                return f"{chapter_file(cv.chapter)}#claim-{claim_id}"
        return "#"

    def claim_rows(self):
        """(chapter view, derivation, verdict, claim) for every claim, in chapter order."""
        for cv in self.chapters:
            for d, v in cv.derivations:
                for c in d.claims:
                    yield cv, d, v, c


def chapter_file(chapter) -> str:
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in chapter.id)
    return f"chapter-{safe}.html"


# --------------------------------------------------------------- statuses

_LABELS = {"proved": "proved", "failed": "failed", "error": "error",
           "incomplete": "not established", "unchecked": "not checked", "passed": "passed",
           "skipped": "skipped", "xfailed": "expected failure", "none": "no test",
           "not run": "not run", "confirmed": "confirmed", "unconfirmed": "not confirmed"}


def badge(status: str, label: str | None = None) -> str:
    cls = status.replace(" ", "-")
    return f'<span class="badge st-{esc(cls)}">{esc(label or _LABELS.get(status, status))}</span>'


def claim_proof_status(verdict: dict, claim_id: str) -> str:
    if claim_id in verdict.get("established", ()):
        return "proved"
    return "failed" if verdict["status"] in ("failed", "error") else "incomplete"


def test_status(tests: list[TestResult], kind: str) -> str:
    return aggregate([t for t in tests if t.kind == kind])


# ------------------------------------------------------------------ layout

def page(site: Site, title: str, here: str, body: str) -> str:
    links = [("index.html", "Overview")]
    links += [(chapter_file(cv.chapter), cv.chapter.title) for cv in site.chapters]
    links.append(("errata.html", "Errata"))
    if site.conformance:
        links.append(("conformance.html", "Conformance"))
    nav = "".join(f'<a href="{esc(href)}"{" class=here" if href == here else ""}>{esc(text)}</a>'
                  for href, text in links)
    run = site.run
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} · dlproofs</title>
<link rel="stylesheet" href="assets/style.css">
</head>
<body>
<header class="site"><nav><span class="brand">dlproofs</span>{nav}</nav></header>
<main>
{body}
</main>
<footer>Built by dlproofs from the derivations and the recorded test evidence.
Implementation under test: <code>{esc(run.get("impl", "impl"))}</code>;
hypothesis profile: <code>{esc(run.get("profile", "default"))}</code>.
{_font_note(run.get("font", ""))}</footer>
</body>
</html>
"""


def message_html(text: str, limit: int = 300) -> str:
    """A test's message: its first part, with the rest (hypothesis' example) folded away."""
    head = " ".join(re.split(r"\s+Falsifying example", text)[0].split())
    if len(head) > limit:
        head = head[:limit].rsplit(" ", 1)[0] + " …"
    if head == " ".join(text.split()):
        return esc(head)
    return f"<details><summary>{esc(head)}</summary><pre>{esc(text)}</pre></details>"


def impl_names(names: str) -> str:
    """``"a, b"`` as one code element per function."""
    return "<br>".join(f"<code>{esc(n.strip())}</code>" for n in names.split(",") if n.strip())


def _font_note(font: str) -> str:
    if not font:
        return "No math font was found; formulas use the browser's default math font."
    if font.startswith("texgyre"):
        return "The math font is TeX Gyre Pagella Math (GUST Font License, see assets/)."
    return f"The math font is {esc(font)}."


def slide_ref(slide: str) -> str:
    """The slide's number, with its full title on hover: ``004: Initialization`` → ``004``."""
    number = slide.split(":", 1)[0].strip()
    if number == slide.strip():
        return esc(slide)
    return f'<span title="{esc(slide)}">{esc(number)}</span>'


def lang_of(text: str) -> str:
    """A ``lang`` attribute for a slide quote, so the browser picks fitting fonts."""
    if re.search(r"[\u4e00-\u9fff]", text):
        return ' lang="zh"'
    if re.search(r"[\u0400-\u04ff]", text):
        return ' lang="ru"'
    return ""


def breakable(claim_id: str) -> str:
    """An escaped id that may wrap after its dots."""
    return ".<wbr>".join(esc(part) for part in claim_id.split("."))


def _fmt(x, digits: int = 5) -> str:
    if isinstance(x, bool) or x is None:
        return esc(x)
    if isinstance(x, int):
        return f"{x:,}".replace(",", "\u2009")
    if isinstance(x, float):
        return esc(f"{x:.{digits}g}") if math.isfinite(x) else esc(x)
    return esc(x)


# ------------------------------------------------------------------ index

def index_page(site: Site) -> str:
    rows, counts = [], {"claims": 0, "proved": 0, "tested": 0, "failing": 0}
    for cv, _d, v, c in site.claim_rows():
        tests = site.claim_tests.get(c.id, [])
        proof = claim_proof_status(v, c.id)
        exact, stat = test_status(tests, "exact"), test_status(tests, "statistical")
        counts["claims"] += 1
        counts["proved"] += proof == "proved"
        counts["tested"] += bool(tests)
        counts["failing"] += "failed" in (exact, stat) or proof != "proved"
        link = f"{chapter_file(cv.chapter)}#claim-{c.id}"
        rows.append(
            f'<tr><td class="id"><a href="{esc(link)}"><code>{breakable(c.id)}</code></a></td>'
            f"<td>{esc(c.statement)}</td><td>{slide_ref(c.slide)}</td><td>{badge(proof)}</td>"
            f"<td>{badge(exact)}</td><td>{badge(stat)}</td>"
            f"<td>{impl_names(c.implemented_by)}</td></tr>")
    ders = [v for cv in site.chapters for _, v in cv.derivations]
    proved = sum(v["status"] == "proved" for v in ders)
    outcomes = [t.outcome for t in site.tests]
    stats = site.run.get("statistics") or {}
    confirmed = sum(ev["confirmed"] for _, _, ev in site.errata)
    cards = [
        (f"{proved}/{len(ders)}", "derivations proved, every step"),
        (f"{counts['proved']}/{counts['claims']}", "claims established by proof"),
        (f"{counts['tested']}/{counts['claims']}", "claims with tests"),
        (f"{outcomes.count('passed')}", "tests of claims passed"),
        (f"{outcomes.count('failed')}", "tests of claims failed"),
        (f"{outcomes.count('skipped')}", "tests of claims skipped"),
        (f"{stats.get('checks', 0)}", "statistical assertions, summed false-alarm rate "
         f"{float(stats.get('alpha', 0.0)):.1e}"),
        (f"{confirmed}/{len(site.errata)}", "slide errata confirmed"),
    ]
    card_html = "".join(f'<div class="card"><div class="num">{esc(n)}</div>'
                        f'<div class="what">{esc(w)}</div></div>' for n, w in cards)
    chapters = "".join(
        f'<li><a href="{esc(chapter_file(cv.chapter))}">{esc(cv.chapter.title)}</a> '
        f'<span class="muted">— {esc(cv.chapter.summary)}</span></li>' for cv in site.chapters)
    untested = counts["claims"] - counts["tested"]
    if not counts["claims"]:
        verdict = "No chapter defines a claim yet."
    elif counts["failing"]:
        verdict = f"{counts['failing']} of {counts['claims']} claims have a failed proof or test."
    else:
        verdict = "Every claim is proved and no test that checks one failed"
        gaps = ([f"{untested} claims have no test yet"] if untested else []) + (
            [f"{outcomes.count('skipped')} tests were skipped"]
            if outcomes.count("skipped") else [])
        verdict += f" ({'; '.join(gaps)})." if gaps else "."
    orphans = sorted({c for t in site.tests for c in t.claims}
                     - {c.id for _, _, _, c in site.claim_rows()})
    alerts = []
    if site.run.get("incomplete"):
        alerts.append(f"The test run did not finish: {site.run['incomplete']}. "
                      "The evidence below is incomplete.")
    if orphans:
        alerts.append("Tests name claims that no derivation states: " + ", ".join(orphans))
    alert_html = "".join(f'<p class="alert">{esc(a)}</p>' for a in alerts)
    body = f"""<h1>Proof report</h1>
<p class="lead">Every formula below was derived step by step in SymPy and proved by the
machine; the implementation was then checked against it exactly where the claim is an
identity and by Monte Carlo tests of stated false-alarm rate and power where it is a
statement about a distribution. {esc(verdict)}</p>
<div class="cards">{card_html}</div>
<h2>Chapters</h2>
<ul>{chapters}</ul>
<p><a href="errata.html">Errata</a>: formulas in the slides that the machine found wrong or
ambiguous.</p>
{alert_html}
<h2>Every claim</h2>
<p class="muted">How to read the table. <b>Derivation</b>: {badge("proved")} when every step's
residual reduced to exactly 0 and proved steps connect the claim's two sides; {badge("failed")}
when a step did not (its page shows the residual). <b>Exact</b>: tests of identities, without
sampling. <b>Monte Carlo</b>: statistical tests, each sized by its false-alarm rate and the
power to detect a stated error; the chapter page lists estimate, band, n and α.
{badge("skipped")} means the implementation under test lacks the function (the reason is on
the chapter page); {badge("none")} that no test checks the claim yet. Click a claim for its
derivation and evidence.</p>
<div class="table-wrap"><table class="claims">
<thead><tr><th>Claim</th><th>Statement</th><th>Slide</th><th>Derivation</th><th>Exact</th>
<th>Monte Carlo</th><th>Implemented by</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table></div>"""
    return page(site, "Proof report", "index.html", body)


# ---------------------------------------------------------------- chapter

def _rules(site: Site, d, v: dict) -> str:
    items = []
    for k, (rule, eqs) in enumerate(zip(d.rules(), v.get("rules", []), strict=False)):
        ref = getattr(rule, "reference", "")
        if rule.kind == "lemma":  # its equation follows as MathML; link to where it is proved
            statement = (f'Proved as <a href="{esc(site.claim_link(rule.source))}">'
                         f"<code>{esc(rule.source)}</code></a>.")
        else:
            statement = esc(rule.statement)
        items.append(
            f'<dt id="{esc(d.id)}-rule-{k}"><span class="kind">{esc(rule.kind)}</span>'
            f"{esc(rule.name)}</dt>"
            f"<dd>{statement}"
            + (f' <span class="muted">({esc(ref)})</span>' if ref else "")
            + "".join(f'<div class="eqs">{e}</div>' for e in eqs) + "</dd>")
    return f'<dl class="rules">{"".join(items)}</dl>' if items else "<p class=muted>None.</p>"


def _steps(d, v: dict) -> str:
    anchors: dict[str, str] = {}
    for k, rule in enumerate(d.rules()):
        anchors.setdefault(rule.name, f"#{d.id}-rule-{k}")
    out = []
    for i, s in enumerate(v["steps"], start=1):
        if s.get("layout") == "stacked":
            chain = "".join((f'<div class="s">{left}</div>' if left else "")
                            + f'<div class="s cont">{right}</div>' for left, right in s["rows"])
        else:
            chain = "".join(f'<div class="l">{left}</div><div class="r">{right}</div>'
                            for left, right in s["rows"])
        names = [f'<a href="{esc(anchors[n])}">{esc(n)}</a>' if n in anchors else esc(n)
                 for n in s["using"]]
        using = f' <span class="using">using {", ".join(names)}</span>' if names else ""
        note = f"<p>{esc(s['note'])}</p>" if s["note"] else ""
        residual = (f'<div class="residual">Not proved: the residual {s["residual"]} '
                    f"does not reduce to 0.</div>" if s["status"] == "failed" else "")
        status = "" if s["status"] == "proved" else " " + badge(s["status"])
        out.append(f'<li class="step-{esc(s["status"])}" id="{esc(v.get("anchor", ""))}-step-{i}">'
                   f'<div class="stepno">({i})</div><div class="chain {esc(s.get("layout", ""))}">'
                   f"{chain}</div>"
                   f'<div class="why"><span class="because">{esc(s["because"])}</span>{using}'
                   f"{status}{note}</div>{residual}</li>")
    return f'<ol class="steps">{"".join(out)}</ol>'


def _closeness(chk: dict) -> float:
    """How near a check came to its band's edge (1 = on the edge); failures first."""
    o = chk.get("outcome") or {}
    try:
        half = (float(o["upper"]) - float(o["lower"])) / 2
        ratio = abs(float(o["estimate"]) - float(o["expected"])) / half if half > 0 else 0.0
    except (KeyError, TypeError, ValueError):
        ratio = 0.0
    return ratio + (10.0 if not chk.get("passed") else 0.0)


#: A test that asserted more statistical checks than this shows its failed
#: ones, or else the one nearest its band's edge, and counts the rest.
SHOWN_CHECKS = 2


def _check_row(chk: dict) -> str:
    o = chk.get("outcome") or {}
    if o:
        detail = (f"{esc(o.get('method', ''))}: estimate {_fmt(o.get('estimate'))}, "
                  f"expected {_fmt(o.get('expected'))}, band [{_fmt(o.get('lower'))}, "
                  f"{_fmt(o.get('upper'))}], n = {_fmt(o.get('n'))} "
                  f"(needs {_fmt(o.get('n_required'))}), α = {_fmt(o.get('alpha'), 2)}, "
                  f"detects a relative error of {_fmt(o.get('min_effect'), 3)} "
                  f"with power {_fmt(o.get('power'), 3)}")
    else:
        detail = esc(chk.get("detail", ""))
    verdict = badge("passed" if chk.get("passed") else "failed")
    return (f'<tr class="check"><td colspan="2">↳ <code>{esc(chk.get("subject", ""))}'
            f'</code> obeys {esc(chk.get("law", ""))}</td><td>{verdict}</td>'
            f"<td>{detail}</td></tr>")


def _check_rows(t: TestResult) -> str:
    checks = list(t.checks)
    if len(checks) <= SHOWN_CHECKS:
        return "".join(_check_row(c) for c in checks)
    failed = [c for c in checks if not c.get("passed")]
    shown = failed[:SHOWN_CHECKS] or [max(checks, key=_closeness)]
    rest = len(checks) - len(shown)
    n_failed = len(failed) - len([c for c in shown if not c.get("passed")])
    summary = (f"… and {rest} more checks of this test"
               + (f", {n_failed} of them failed" if n_failed else ", all passed")
               + ("" if failed else " (shown: the one nearest its band's edge)"))
    return ("".join(_check_row(c) for c in shown)
            + f'<tr class="check"><td colspan="4" class="muted">{esc(summary)}</td></tr>')


def evidence_table(tests: list[TestResult]) -> str:
    if not tests:
        return '<p class="muted">No test verifies this claim.</p>'
    rows = []
    for t in tests:
        cls = "msg" if t.outcome == "failed" else "skipmsg"
        msg = f'<div class="{cls}">{message_html(t.message)}</div>' if t.message else ""
        rows.append(f"<tr><td><code>{esc(t.nodeid)}</code></td><td>{esc(t.kind)}</td>"
                    f"<td>{badge(t.outcome)}</td><td>{msg}</td></tr>" + _check_rows(t))
    counts = {}
    for t in tests:
        counts[t.outcome] = counts.get(t.outcome, 0) + 1
    summary = ", ".join(f"{n} {_LABELS.get(k, k)}" for k, n in sorted(counts.items()))
    checks = sum(len(t.checks) for t in tests)
    checks_note = f"; {checks} statistical checks" if checks else ""
    # folded unless something failed: the derivation is the page's main text
    opened = " open" if "failed" in counts else ""
    plural = "s" if len(tests) != 1 else ""
    return (f'<details class="evidence"{opened}><summary>Evidence: {len(tests)} test{plural} '
            f"({esc(summary)}{checks_note})</summary>"
            '<div class="table-wrap"><table class="evidence"><thead><tr><th>Test</th><th>Kind</th>'
            "<th>Outcome</th><th>Detail</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table></div></details>")


def _claims(site: Site, d, v: dict) -> str:
    out = []
    for c in d.claims:
        tests = site.claim_tests.get(c.id, [])
        meta = []
        if c.slide:
            meta.append(f"slide {esc(c.slide)}")
        if c.implemented_by:
            meta.append(f"implemented by <code>{esc(c.implemented_by)}</code>")
        out.append(
            f'<article class="claim" id="claim-{esc(c.id)}"><h4><code>{esc(c.id)}</code> '
            f"{badge(claim_proof_status(v, c.id))} exact {badge(test_status(tests, 'exact'))} "
            f"Monte Carlo {badge(test_status(tests, 'statistical'))}</h4>"
            f"<p>{esc(c.statement)}</p><div class=eq>{v['claims'].get(c.id, '')}</div>"
            f'<p class="meta">{" · ".join(meta)}</p>{evidence_table(tests)}</article>')
    return "".join(out)


def chapter_page(site: Site, cv: ChapterView) -> str:
    ch = cv.chapter
    toc = "".join(f'<li><a href="#{esc(d.id)}">{esc(d.title)}</a> {badge(v["status"])}</li>'
                  for d, v in cv.derivations)
    figs = "".join(f'<figure class="plot" id="figure-{esc(fid)}">{svg}'
                   f"<figcaption>Figure <code>{esc(fid)}</code>: {esc(text)}</figcaption></figure>"
                   for fid, (svg, text) in sorted(cv.figures.items()))
    sections = []
    for d, v in cv.derivations:
        v = dict(v, anchor=d.id)
        meta = []
        if d.slides:
            meta.append("Slides: " + esc(", ".join(d.slides)))
        if d.references:
            meta.append("References: " + esc("; ".join(d.references)))
        error = f'<p class="alert">{esc(v["error"])}</p>' if v["error"] else ""
        sections.append(
            f'<section class="derivation" id="{esc(d.id)}"><h2>{esc(d.title)} '
            f"{badge(v['status'])}</h2><p>{esc(d.summary)}</p>"
            f'<p class="muted">{"<br>".join(meta)}</p>{error}'
            f"<h3>Assumptions and axioms</h3>{_rules(site, d, v)}"
            f"<h3>Derivation</h3>{_steps(d, v)}"
            f"<h3>Claims and evidence</h3>{_claims(site, d, v)}</section>")
    slides = f'<p class="muted">Slides: {esc(", ".join(ch.slides))}</p>' if ch.slides else ""
    errata = [e for c, e, _ in site.errata if c.id == ch.id]
    if errata:
        links = ", ".join(f'<a href="errata.html#{esc(e.id)}"><code>{esc(e.id)}</code></a>'
                          for e in errata)
        slides += f"<p>What the slides of this chapter get wrong: {links}.</p>"
    body = (f"<h1>{esc(ch.title)}</h1><p class=lead>{esc(ch.summary)}</p>{slides}"
            f"<ul>{toc}</ul>" + (f"<h2>Figures</h2>{figs}" if figs else "") + "".join(sections))
    return page(site, ch.title, chapter_file(ch), body)


# ----------------------------------------------------------------- errata

def errata_page(site: Site) -> str:
    items = []
    for ch, e, v in site.errata:
        status = "confirmed" if v["confirmed"] else "unconfirmed"
        error = f'<p class="alert">{esc(v["error"])}</p>' if v["error"] else ""
        items.append(
            f'<article class="erratum" id="{esc(e.id)}"><h3><code>{esc(e.id)}</code> '
            f"{badge(status)} {badge('kind-' + e.kind, e.kind)}</h3>"
            f'<p class="muted">{esc(ch.title)} · slide {esc(e.slide)}</p>'
            f"<blockquote{lang_of(e.quote)}>{esc(e.quote)}</blockquote>"
            f"<p>{esc(e.problem)}</p>{error}"
            '<table class="versus"><thead><tr><th></th><th>The slide</th><th>Derived</th>'
            f'</tr></thead><tbody><tr><th>Formula</th><td>{v["slide"]}</td>'
            f'<td>{v["correct"]}</td></tr><tr><th>At {v["at"]}</th>'
            f'<td>{v["slide_value"]}</td><td>{v["correct_value"]}</td></tr></tbody></table>'
            "</article>")
    body = ("<h1>Errata</h1><p class=lead>Formulas in the slides that the machine found wrong "
            "or ambiguous. An erratum is confirmed when the difference between the slide's "
            "formula and the derived one does not reduce to zero and the two differ at the "
            "counterexample. Its kind says how: <em>wrong</em> (false as written), "
            "<em>ambiguous</em> (true under one reading of the slide's own notation, false "
            "under the other: the counterexample is the misreading) or <em>notation</em> (the "
            "slide contradicts itself in naming).</p>"
            + ("".join(items) or "<p class=muted>No chapter reports an erratum.</p>"))
    return page(site, "Errata", "errata.html", body)


# ------------------------------------------------------------ conformance

def conformance_page(site: Site) -> str:
    impl = site.run.get("impl", "impl")
    groups: dict[str, list[str]] = {"failed": [], "passed": [], "skipped": [], "none": []}
    for _cv, _d, _v, c in site.claim_rows():
        tests = site.claim_tests.get(c.id, [])
        status = aggregate(tests)
        reasons = sorted({(t.name, t.message) for t in tests
                          if t.outcome in ("failed", "skipped") and t.message})
        why = "".join(f"<li><code>{esc(name)}</code>: {message_html(msg)}</li>"
                      for name, msg in reasons)
        groups.setdefault(status, []).append(
            f"<tr><td class=id><code>{breakable(c.id)}</code></td><td>{esc(c.statement)}</td>"
            f"<td>{impl_names(c.implemented_by)}</td><td>{badge(status)}</td>"
            f"<td><ul>{why}</ul></td></tr>")
    summary = ", ".join(f"{len(rows)} {esc(_LABELS.get(k, k))}"
                        for k, rows in groups.items() if rows)
    body = (f"<h1>Conformance of <code>{esc(impl)}</code></h1>"
            f"<p class=lead>Which claims this implementation satisfies, by the tests that check "
            f"them: {summary}. A skipped test names the function the implementation lacks.</p>"
            '<div class="table-wrap"><table class="conformance"><thead><tr><th>Claim</th>'
            "<th>Statement</th>"
            "<th>Function</th><th>Status</th><th>Why</th></tr></thead><tbody>"
            + "".join(r for rows in groups.values() for r in rows) + "</tbody></table></div>"
            + _checks_by_kind(site.run.get("checks") or {}))
    return page(site, f"Conformance of {impl}", "conformance.html", body)


_KIND_TITLES = {
    "math": ("Math checks", "The laws the derivations prove: exact identities, gradients, "
             "distributions. Passing them is what conformance means."),
    "contract": ("Contract checks", "The reference implementation's own promise (argument "
                 "validation, error types, dtype policy), checked generically: the right "
                 "exception type and a message naming the argument. They run against another "
                 "implementation only with <code>--contract</code>."),
}


def _checks_by_kind(checks: dict) -> str:
    """The registered checks run against the implementation, math and contract apart."""
    out = []
    for kind, (title, lead) in _KIND_TITLES.items():
        rows = [f"<tr><td class=id><code>{breakable(name)}</code></td><td>{esc(c.get('law'))}</td>"
                f"<td>{badge(c.get('outcome') or 'not run')}</td>"
                f"<td>{message_html(c.get('message') or '')}</td></tr>"
                for name, c in sorted(checks.items()) if c.get("kind") == kind]
        if rows:
            out.append(f"<h2>{title}</h2><p class=lead>{lead}</p>"
                       '<div class="table-wrap"><table class="conformance"><thead><tr>'
                       "<th>Check</th><th>Law</th><th>Status</th><th>Why</th></tr></thead>"
                       f"<tbody>{''.join(rows)}</tbody></table></div>")
    return "".join(out)


def render_pages(site: Site) -> dict[str, str]:
    """File name → HTML for every page of the site."""
    pages = {"index.html": index_page(site), "errata.html": errata_page(site)}
    for cv in site.chapters:
        pages[chapter_file(cv.chapter)] = chapter_page(site, cv)
    if site.conformance:
        pages["conformance.html"] = conformance_page(site)
    return pages
