"""The report's HTML pages, as small functions over a :class:`Site`.

Every piece of text is escaped with :func:`html.escape`; MathML and SVG come
from :mod:`reports.mathml` and :mod:`reports.plots`, which build them from
SymPy expressions and numbers.  Pages load nothing but ``assets/`` (the
stylesheet and the math font), and the Content-Security-Policy forbids
anything else.
"""

from __future__ import annotations

import hashlib
import html
import math
import re
from dataclasses import dataclass, field

from .decks import deck, deline, split_slide
from .diagrams import DIAGRAMS
from .evidence import TestResult, aggregate
from .mathml import inline_mathml, latex_to_mathml

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
        for cv, d, _v, c in self.claim_rows():
            if c.id == claim_id:
                return f"{derivation_file(cv.chapter, d)}#claim-{claim_id}"
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
    links.append(("slides.html", "Slides"))
    links.append(("trusted.html", "Trusted base"))
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
<header class="site" id="site-top"><nav><span class="brand">dlproofs</span>{nav}</nav></header>
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
    """The slide's deck number, with its title on hover, linked to the slide index."""
    if not slide:
        return ""
    number, title = split_slide(slide)
    hover = f"{deck(number).label}" + (f": {title}" if title else "")
    return (f'<a href="slides.html#{esc(slide_anchor(slide))}" title="{esc(hover)}">'
            f"{esc(number)}</a>")


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
    for cv, d, v, c in site.claim_rows():
        tests = site.claim_tests.get(c.id, [])
        proof = claim_proof_status(v, c.id)
        exact, stat = test_status(tests, "exact"), test_status(tests, "statistical")
        counts["claims"] += 1
        counts["proved"] += proof == "proved"
        counts["tested"] += bool(tests)
        counts["failing"] += "failed" in (exact, stat) or proof != "proved"
        link = f"{derivation_file(cv.chapter, d)}#claim-{c.id}"
        slide = claim_slide(cv.chapter, d, c)
        rows.append(
            f'<tr><td class="id"><a href="{esc(link)}"><code>{breakable(c.id)}</code></a></td>'
            f"<td>{words(c.statement)}</td><td>{slide_ref(slide)}</td><td>{badge(proof)}</td>"
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
        f'<span class="muted">— {words(cv.chapter.summary)}</span></li>'
        for cv in site.chapters)
    taught = [cv for cv in site.chapters if _teaching(cv.chapter) is not None]
    start = ""
    if taught:
        firsts = ", ".join(f'<a href="{esc(chapter_file(cv.chapter))}#problem">'
                           f"{esc(cv.chapter.title)}</a>" for cv in taught)
        start = (f'<div class="start"><h2>Where to start</h2><p><b>To learn:</b> open a '
                 f"chapter ({firsts}): it begins with the problem, the answer in plain words "
                 "and a worked example with numbers; each derivation then starts with one or two "
                 "sentences on why it works, and the chapter ends with exercises whose worked "
                 'answers unfold. <b>To teach:</b> <a href="slides.html">the slides</a> lists '
                 "every slide of the five decks with the claims that check it and the errata "
                 'found on it. <b>To check an implementation:</b> the table below and each '
                 "chapter's evidence page.</p></div>")
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
    if site.run.get("orphan_figures"):
        alerts.append("Tests drew figures that no chapter shows (a figure id starts with its "
                      "chapter's id or its derivations' prefix): "
                      + ", ".join(site.run["orphan_figures"]))
    alert_html = "".join(f'<p class="alert">{esc(a)}</p>' for a in alerts)
    body = f"""<h1>Proof report</h1>
<p class="lead">Every formula below was derived step by step in SymPy and proved by the
machine; the implementation was then checked against it exactly where the claim is an
identity and by Monte Carlo tests of stated false-alarm rate and power where it is a
statement about a distribution. {esc(verdict)}</p>
<div class="cards">{card_html}</div>
{start}
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


# ---------------------------------------------------------------- teaching

def prose(text: str) -> str:
    """Plain words with inline LaTeX in ``$...$`` (display maths in ``$$...$$``) as HTML.

    Paragraphs are separated by blank lines; text in backticks is code; everything
    else outside the dollars is escaped; ``\\$`` is a literal dollar sign.
    """
    out = []
    for para in re.split(r"\n\s*\n", (text or "").strip()):
        parts = re.split(r"(\$\$.+?\$\$|(?<!\\)\$.+?(?<!\\)\$|`[^`]+`)", para, flags=re.S)
        html_parts = []
        for part in parts:
            if part.startswith("`") and part.endswith("`") and len(part) > 2:
                html_parts.append(f"<code>{esc(part[1:-1])}</code>")
            elif part.startswith("$$") and part.endswith("$$") and len(part) > 4:
                html_parts.append(latex_to_mathml(part[2:-2].strip(), display="block"))
            elif part.startswith("$") and part.endswith("$") and len(part) > 2:
                html_parts.append(inline_mathml(part[1:-1].strip()))
            else:
                html_parts.append(esc(part.replace("\\$", "$")))
        if para:
            out.append("<p>" + "".join(html_parts) + "</p>")
    return "".join(out)


#: Code names in plain-text statements and notes → the symbols a reader knows.
_PLAIN = [
    (r"\bdl/d(sigma2|mu|xhat_i|xhat|x_i|x|gamma|beta|y_i|y)\b", lambda m: "∂ℓ/∂" + _sym(m[1])),
    (r"\b(sigma2|sigma_B\^2|sigma|mu_B|mu|gamma|beta|epsilon|eps|alpha|pi|xhat_i|xhat_j|xhat"
     r"|hhat)\b", lambda m: _sym(m[1])),
    (r"(?<![Kk]ronecker[- ])\b(kappa|rho|eta|lambda|tau|theta|delta|chi|Phi|phi)\b",
     lambda m: _GREEK[m[1]]),
    (r"\bbeta_?([12])\b", lambda m: "β" + "₁₂"[int(m[1]) - 1]),
    (r"\*\*2\b|\^2\b", lambda m: "²"),
    (r"\*\*3\b|\^3\b", lambda m: "³"),
    (r"\^4\b", lambda m: "⁴"),
    (r"\^([tnLTkB])\b", lambda m: "ᵗⁿᴸᵀᵏᴮ"["tnLTkB".index(m[1])]),
    (r"\bsqrt\(", lambda m: "√("),
    (r"<=", lambda m: "≤"),
    (r">=", lambda m: "≥"),
    (r"!=", lambda m: "≠"),
    (r"(?<![-<])->", lambda m: "→"),
    (r"\+-(?=\s*\d|\s*[A-Za-z(])", lambda m: "±"),
]
_GREEK = {"kappa": "κ", "rho": "ρ", "eta": "η", "lambda": "λ", "tau": "τ", "theta": "θ",
          "delta": "δ", "chi": "χ", "Phi": "Φ", "phi": "φ"}
_SYMBOLS = {"sigma2": "σ²", "sigma_B^2": "σ_B²", "sigma": "σ", "mu_B": "μ_B", "mu": "μ",
            "gamma": "γ", "beta": "β", "epsilon": "ε", "eps": "ε", "alpha": "α", "pi": "π",
            "xhat_i": "x̂_i", "xhat_j": "x̂_j", "xhat": "x̂", "hhat": "ĥ", "x_i": "x_i",
            "x": "x", "y_i": "y_i", "y": "y"}


def _sym(name: str) -> str:
    return _SYMBOLS.get(name, name)


def plain_maths(text: str) -> str:
    """``dl/dsigma2 = sum_i ... (sigma2 + eps)^(-3/2)`` → ``∂ℓ/∂σ² = ... (σ² + ε)^(-3/2)``."""
    for pattern, repl in _PLAIN:
        text = re.sub(pattern, repl, text)
    return text


def words(text: str) -> str:
    """One line of text: escaped, with inline ``$...$`` LaTeX typeset (no paragraph);
    without dollars, the code names of symbols become the symbols (:func:`plain_maths`)."""
    text = str(text or "")
    if "$" not in text and "`" not in text:
        return esc(plain_maths(text))
    return re.sub(r"^<p>|</p>$", "", prose(text))


def _teaching(ch):
    return getattr(ch, "teaching", None)


def _pairs(t, name: str) -> dict:
    return dict(getattr(t, name, ()) or ()) if t is not None else {}


def appendix_ids(ch) -> set[str]:
    """The derivations a chapter moves to its appendix page."""
    t = _teaching(ch)
    return set(getattr(t, "appendix", ()) or ()) if t is not None else set()


def appendix_file(ch) -> str:
    return chapter_file(ch).replace(".html", "-appendix.html")


def evidence_file(ch) -> str:
    return chapter_file(ch).replace(".html", "-evidence.html")


def derivation_file(ch, d) -> str:
    return appendix_file(ch) if d.id in appendix_ids(ch) else chapter_file(ch)


def claim_slide(ch, d, c) -> str:
    """A claim's slide: its own, else the chapter's slide map, else its derivation's."""
    if c.slide and ":" in c.slide:
        return c.slide
    slides = _pairs(_teaching(ch), "slides")
    if c.id in slides:
        return slides[c.id]
    if d.id in slides:
        return slides[d.id]
    return c.slide or (d.slides[0] if d.slides else "")


def erratum_slide(ch, e) -> str:
    """An erratum's slide: its own if it names the slide's title, else the chapter's map."""
    if ":" in e.slide:
        return e.slide
    return _pairs(_teaching(ch), "slides").get(e.id, e.slide)


def slide_cite(slide: str, link: bool = True) -> str:
    """``004: Инициализация Хе`` as "deck 004, “Инициализация Хе”", linked to the slide index."""
    if not slide:
        return ""
    number, title = split_slide(slide)
    dk = deck(number)
    text = f"deck {number}" + (f", “{title}”" if title else "")
    inner = f'<span title="{esc(dk.label)} ({esc(dk.author)}; {esc(dk.language)})"'
    inner += f"{lang_of(title)}>{esc(text)}</span>"
    if not link:
        return inner
    return f'<a class="slide" href="slides.html#{esc(slide_anchor(slide))}">{inner}</a>'


def slide_anchor(slide: str) -> str:
    number, title = split_slide(slide)
    digest = hashlib.sha1(title.encode("utf-8")).hexdigest()[:8] if title else "deck"
    return f"slide-{number}-{digest}"


# ------------------------------------------------------------------- rules

#: Rules that only move symbols around for the proof (not mathematics a
#: reader needs): folded, and named in the step only by count.
_BOOKKEEPING = ("kronecker-delta sifting", "renaming a summation variable", "abbreviation",
                "names sqrt", "notation for the statistics", "two sides", "sum of a constant")
#: Rule names in words.
_WORDS = {"kronecker-delta sifting": "a Kronecker delta picks one term of a sum",
          "renaming a summation variable": "renaming a summation variable",
          "sum of a constant": "a sum of a constant is m times it"}


def is_bookkeeping_rule(rule) -> bool:
    name = rule.name.lower()
    return rule.kind == "axiom" and any(name.startswith(b) or b in name for b in _BOOKKEEPING)


def rule_words(rule) -> str:
    """A rule's name in words: predicates and code names left out."""
    name = re.sub(r"\s+under\s+(Q\.|no further).*$", "", rule.name)
    return _WORDS.get(name.lower(), name)


def trusted_anchor(rule) -> str:
    """The anchor of a trusted rule on trusted.html: its kind and its name, slugged."""
    slug = re.sub(r"[^a-z0-9]+", "-", rule_words(rule).lower()).strip("-")
    return f"{rule.kind}-{slug}"


def _rule_link(site: Site, d, rule, anchors: dict) -> str:
    words = esc(rule_words(rule))
    if rule.kind == "lemma":
        return f'<a href="{esc(site.claim_link(rule.source))}">{words}</a>'
    if rule.kind == "axiom":
        return f'<a href="trusted.html#{esc(trusted_anchor(rule))}">{words}</a>'
    return f'<a href="{esc(anchors.get(rule.name, "#" + d.id))}">{words}</a>'


def _rules(site: Site, d, v: dict) -> str:
    items = []
    for k, (rule, eqs) in enumerate(zip(d.rules(), v.get("rules", []), strict=False)):
        ref = getattr(rule, "reference", "")
        if rule.kind == "lemma":  # its equation follows as MathML; link to where it is proved
            statement = (f'Proved as <a href="{esc(site.claim_link(rule.source))}">'
                         f"<code>{esc(rule.source)}</code></a>.")
        else:
            statement = words(rule.statement)
        if rule.kind == "axiom":
            statement += (f' <a class="trusted" href="trusted.html#{esc(trusted_anchor(rule))}">'
                          "in the trusted base</a>")
        items.append(
            f'<dt id="{esc(d.id)}-rule-{k}"><span class="kind">{esc(rule.kind)}</span>'
            f"{words(rule_words(rule))}</dt>"
            f"<dd>{statement}"
            + (f' <span class="muted">({esc(ref)})</span>' if ref else "")
            + "".join(f'<div class="eqs">{e}</div>' for e in eqs) + "</dd>")
    if not items:
        return ""
    return (f'<details class="rules"><summary>What this derivation assumes and trusts '
            f'({len(items)})</summary><dl class="rules">{"".join(items)}</dl></details>')


# ------------------------------------------------------------------- steps

def _dedupe(rows: list) -> list:
    """Drop links of a chain that repeat the previous expression (``a = b = b``)."""
    out, last = [], None
    for left, right in rows:
        shown = right.replace("<mo>=</mo>", "", 1)
        if shown == last and not left:
            continue
        out.append((left, right))
        last = shown
    return out


def _restatement(rows: list) -> bool:
    """A step whose every link shows one expression (``2/n_in = 2/n_in``)."""
    if not rows:
        return False
    left = rows[0][0]
    core = re.sub(r"<math[^>]*>|</math>|<mrow>|</mrow>", "", left)
    return all(re.sub(r"<math[^>]*>|</math>|<mrow>|</mrow>|<mo>=</mo>", "", r) == core
               for _, r in rows)


RESTATED = ("The same value as the line before, restated so that the proof can link it to the "
            "claim's side; nothing is computed here.")


def _steps(site: Site, d, v: dict) -> str:
    anchors: dict[str, str] = {}
    for k, rule in enumerate(d.rules()):
        anchors.setdefault(rule.name, f"#{d.id}-rule-{k}")
    out = []
    for i, (step, s) in enumerate(zip(d.steps, v["steps"], strict=False), start=1):
        restated = _restatement(s["rows"])
        rows = _dedupe(s["rows"])
        if restated:
            rows = [(rows[0][0], "")]
        if s.get("layout") == "stacked":
            chain = "".join((f'<div class="s">{left}</div>' if left else "")
                            + (f'<div class="s cont">{right}</div>' if right else "")
                            for left, right in rows)
        else:
            chain = "".join(f'<div class="row"><div class="l">{left}</div>'
                            f'<div class="r">{right}</div></div>' for left, right in rows)
        rules = list(dict.fromkeys(getattr(step, "using", ())))
        shown = [r for r in rules if not is_bookkeeping_rule(r)]
        hidden = [r for r in rules if is_bookkeeping_rule(r)]
        names = [_rule_link(site, d, r, anchors) for r in shown]
        using = f' <span class="using">by {", ".join(names)}</span>' if names else ""
        if hidden:
            hover = esc("; ".join(rule_words(r) for r in hidden))
            using += (f' <span class="muted" title="{hover}">'
                      f"(+{len(hidden)} bookkeeping rule{'s' if len(hidden) > 1 else ''})</span>")
        note_text = s["note"] or (RESTATED if restated else "")
        note = f"<p>{words(note_text)}</p>" if note_text else ""
        residual = (f'<div class="residual">Not proved: the residual {s["residual"]} '
                    f"does not reduce to 0.</div>" if s["status"] == "failed" else "")
        status = "" if s["status"] == "proved" else " " + badge(s["status"])
        folded = (restated or (rules and not shown)) and s["status"] == "proved"
        body = (f'<div class="stepno">({i})</div><div class="chain {esc(s.get("layout", ""))}">'
                f"{chain}</div>"
                f'<div class="why"><span class="because">{esc(s["because"])}</span>{using}'
                f"{status}{note}</div>{residual}")
        sid = f'{esc(v.get("anchor", ""))}-step-{i}'
        if folded:
            what = (words(s["note"]) if s["note"] and not restated
                    else "a bookkeeping step")
            out.append(f'<li class="step-{esc(s["status"])} bookkeeping" id="{sid}"><details>'
                       f"<summary>({i}) {what} ({esc(s['because'])})</summary>"
                       f'<div class="stepbody">{body}</div></details></li>')
        else:
            out.append(f'<li class="step-{esc(s["status"])}" id="{sid}">{body}</li>')
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


def _grouped(tests: list[TestResult]) -> list[list[TestResult]]:
    """Tests grouped by function (the cases of one parametrized test), in order."""
    groups: dict[str, list[TestResult]] = {}
    for t in tests:
        groups.setdefault(t.nodeid.split("[", 1)[0], []).append(t)
    return list(groups.values())


def _test_row(t: TestResult) -> str:
    cls = "msg" if t.outcome == "failed" else "skipmsg"
    msg = f'<div class="{cls}">{message_html(t.message)}</div>' if t.message else ""
    return (f"<tr><td><code>{esc(t.nodeid)}</code></td><td>{esc(t.kind)}</td>"
            f"<td>{badge(t.outcome)}</td><td>{msg}</td></tr>" + _check_rows(t))


def _group_row(group: list[TestResult]) -> str:
    """The cases of one parametrized test that all passed (or were skipped): one row."""
    first = group[0]
    base = first.nodeid.split("[", 1)[0]
    cases = [t.nodeid[len(base):].strip("[]") for t in group]
    shown = ", ".join(cases[:4]) + (f", … ({len(cases)} in all)" if len(cases) > 4 else "")
    outcomes = sorted({t.outcome for t in group})
    reasons = sorted({t.message for t in group if t.message})
    msg = (f'<div class="skipmsg">{message_html(reasons[0])}</div>' if reasons else "")
    merged = TestResult(nodeid=base, claims=first.claims, outcome=outcomes[0], message="",
                        checks=tuple(c for t in group for c in t.checks))
    return (f"<tr><td><code>{esc(base)}</code> <span class=muted>({len(group)} cases: "
            f"{esc(shown)})</span></td><td>{esc(first.kind)}</td>"
            f"<td>{' '.join(badge(o) for o in outcomes)}</td><td>{msg}</td></tr>"
            + _check_rows(merged))


def evidence_table(tests: list[TestResult]) -> str:
    if not tests:
        return '<p class="muted">No test verifies this claim.</p>'
    rows = []
    for group in _grouped(tests):
        if len(group) == 1 or any(t.outcome == "failed" for t in group):
            rows += [_test_row(t) for t in group]
        else:
            rows.append(_group_row(group))
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


# ------------------------------------------------------------------ claims

def _claim_badges(v: dict, c, tests: list) -> str:
    return (f"{badge(claim_proof_status(v, c.id))} exact {badge(test_status(tests, 'exact'))} "
            f"Monte Carlo {badge(test_status(tests, 'statistical'))}")


def _claims(site: Site, cv, d, v: dict) -> str:
    ch = cv.chapter
    out = []
    for c in d.claims:
        tests = site.claim_tests.get(c.id, [])
        meta = []
        slide = claim_slide(ch, d, c)
        if slide:
            meta.append("slide: " + slide_cite(slide))
        if c.implemented_by:
            meta.append(f"implemented by <code>{esc(c.implemented_by)}</code>")
        failed = any(t.outcome == "failed" for t in tests)
        plural = "s" if len(tests) != 1 else ""
        if tests:
            meta.append(f'<a href="{esc(evidence_file(ch))}#claim-{esc(c.id)}">evidence: '
                        f"{len(tests)} test{plural}</a>")
        # a failure is shown where the reader is, not one click away
        inline = evidence_table(tests) if failed else ""
        out.append(
            f'<article class="claim" id="claim-{esc(c.id)}"><h4>{words(c.statement)}</h4>'
            f"<div class=eq>{v['claims'].get(c.id, '')}</div>"
            f'<p class="meta"><code class="cid">{breakable(c.id)}</code> '
            f'{_claim_badges(v, c, tests)}<br>{" · ".join(meta)}</p>{inline}</article>')
    return "".join(out)


# ----------------------------------------------------------------- chapter

def _with_toc(toc_items: list[tuple[str, str]], content: str, extra: str = "") -> str:
    items = "".join(f'<li><a href="{esc(href)}">{text}</a></li>' for href, text in toc_items)
    return (f'<div class="with-toc"><nav class="toc" aria-label="Contents"><details open>'
            f"<summary>Contents</summary><ol>{items}</ol>{extra}</details></nav>"
            f'<div class="content">{content}</div></div>')


TOP = '<p class="top"><a href="#top">↑ back to top</a></p>'


def _derivation_section(site: Site, cv, d, v: dict) -> str:
    ch = cv.chapter
    v = dict(v, anchor=d.id)
    intuition = _pairs(_teaching(ch), "intuitions").get(d.id, "")
    meta = []
    if d.slides:
        meta.append("Slides: " + ", ".join(slide_cite(s) for s in d.slides))
    if d.references:
        meta.append("References: " + esc("; ".join(d.references)))
    error = f'<p class="alert">{esc(v["error"])}</p>' if v["error"] else ""
    lead = f'<div class="intuition">{prose(intuition)}</div>' if intuition else ""
    if d.id in DIAGRAMS:
        lead += f'<figure class="diagram">{DIAGRAMS[d.id]}</figure>'
    return (f'<section class="derivation" id="{esc(d.id)}"><h2>{words(d.title)} '
            f"{badge(v['status'])}</h2>{lead}<p>{words(d.summary)}</p>"
            f'<p class="muted">{"<br>".join(meta)}</p>{error}'
            f"{_steps(site, d, v)}{_rules(site, d, v)}"
            f"<h3>What it establishes</h3>{_claims(site, cv, d, v)}{TOP}</section>")


def _figures(cv) -> str:
    captions = _pairs(_teaching(cv.chapter), "captions")
    return "".join(
        f'<figure class="plot" id="figure-{esc(fid)}">{svg}'
        f"<figcaption>{prose(captions.get(fid, text))}</figcaption></figure>"
        for fid, (svg, text) in sorted(cv.figures.items()))


def _opening(ch) -> tuple[str, list]:
    t = _teaching(ch)
    if t is None:
        return "", []
    html_parts = [f'<section id="problem"><h2>The problem</h2>{prose(t.problem)}</section>',
                  f'<section id="answer"><h2>The answer</h2>{prose(t.answer)}</section>',
                  f'<section id="example"><h2>A worked example</h2>'
                  f"{prose(t.worked_example)}</section>"]
    toc = [("#problem", "The problem"), ("#answer", "The answer"),
           ("#example", "A worked example")]
    if t.notation:
        rows = "".join(f"<tr><td>{latex_to_mathml(sym, display='inline')}</td>"
                       f"<td>{prose(meaning)}</td></tr>" for sym, meaning in t.notation)
        html_parts.append('<section id="notation"><h2>Notation</h2><table class="notation">'
                          f"<thead><tr><th>Symbol</th><th>Meaning</th></tr></thead>"
                          f"<tbody>{rows}</tbody></table></section>")
        toc.append(("#notation", "Notation"))
    return "".join(html_parts), toc


def _exercises(ch) -> str:
    t = _teaching(ch)
    if t is None or not t.exercises:
        return ""
    items = "".join(f'<li class="exercise">{prose(e.question)}<details class="answer">'
                    f"<summary>Worked answer</summary>{prose(e.answer)}</details></li>"
                    for e in t.exercises)
    return (f'<section id="exercises"><h2>Exercises</h2><ol class="exercises">{items}</ol>'
            f"{TOP}</section>")


def chapter_page(site: Site, cv: ChapterView) -> str:
    ch = cv.chapter
    appendix = appendix_ids(ch)
    main = [(d, v) for d, v in cv.derivations if d.id not in appendix]
    opening, toc = _opening(ch)
    figs = _figures(cv)
    if figs:
        toc.append(("#figures", "Figures"))
    toc += [(f"#{d.id}", words(d.title)
             + ("" if v["status"] == "proved" else " " + badge(v["status"]))) for d, v in main]
    exercises = _exercises(ch)
    if exercises:
        toc.append(("#exercises", "Exercises"))
    extra_links = []
    if appendix:
        extra_links.append(f'<a href="{esc(appendix_file(ch))}">Appendix: tables and '
                           "cross-checks</a>")
    extra_links.append(f'<a href="{esc(evidence_file(ch))}">Evidence: every test</a>')
    errata = [e for c, e, _ in site.errata if c.id == ch.id]
    if errata:
        extra_links.append('<a href="errata.html">Errata of the slides</a>')
    extra = f'<p class="toc-more">{"<br>".join(extra_links)}</p>'
    slides = (f'<p class="muted">Slides: {", ".join(slide_cite(s) for s in ch.slides)}</p>'
              if ch.slides else "")
    if errata:
        links = ", ".join(f'<a href="errata.html#{esc(e.id)}"><code>{esc(e.id)}</code></a>'
                          for e in errata)
        slides += f"<p>What the slides of this chapter get wrong: {links}.</p>"
    content = (f'<h1 id="top">{esc(ch.title)}</h1><p class=lead>{words(ch.summary)}</p>'
               f"{slides}"
               + opening
               + (f'<section id="figures"><h2>Figures</h2>{figs}{TOP}</section>' if figs else "")
               + "".join(_derivation_section(site, cv, d, v) for d, v in main) + exercises)
    return page(site, ch.title, chapter_file(ch), _with_toc(toc, content, extra))


def appendix_page(site: Site, cv: ChapterView) -> str:
    ch = cv.chapter
    appendix = appendix_ids(ch)
    part = [(d, v) for d, v in cv.derivations if d.id in appendix]
    toc = [(f"#{d.id}", words(d.title)) for d, v in part]
    content = (f'<h1 id="top">{esc(ch.title)}: appendix</h1><p class=lead>The tables and '
               f'cross-checks that <a href="{esc(chapter_file(ch))}">the chapter</a> refers '
               "to: derived and proved like the rest, kept apart so the chapter reads as one "
               "argument.</p>" + "".join(_derivation_section(site, cv, d, v) for d, v in part))
    back = f'<p class="toc-more"><a href="{esc(chapter_file(ch))}">← the chapter</a></p>'
    return page(site, f"{ch.title}: appendix", chapter_file(ch), _with_toc(toc, content, back))


def _opened(table: str) -> str:
    """On the evidence page the tables are the content: shown unfolded."""
    return table.replace('<details class="evidence">', '<details class="evidence" open>', 1)


def evidence_page(site: Site, cv: ChapterView) -> str:
    ch = cv.chapter
    items, toc = [], []
    for d, v in cv.derivations:
        cards = []
        for c in d.claims:
            tests = site.claim_tests.get(c.id, [])
            back = f"{derivation_file(ch, d)}#claim-{c.id}"
            cards.append(f'<article class="claim" id="claim-{esc(c.id)}"><h4><a href="'
                         f'{esc(back)}">{words(c.statement)}</a></h4><p class="meta"><code '
                         f'class="cid">{breakable(c.id)}</code> {_claim_badges(v, c, tests)}'
                         f"</p>{_opened(evidence_table(tests))}</article>")
        if cards:
            items.append(f'<section id="{esc(d.id)}"><h2>{words(d.title)}</h2>'
                         f'{"".join(cards)}{TOP}</section>')
            toc.append((f"#{d.id}", words(d.title)))
    content = (f'<h1 id="top">{esc(ch.title)}: the evidence</h1><p class=lead>Every test that '
               "checks a claim of this chapter, with its outcome and, for a Monte Carlo test, "
               "its estimate, band, sample size n, false-alarm rate α and power. Each heading "
               "links back to the claim.</p>" + "".join(items))
    back = f'<p class="toc-more"><a href="{esc(chapter_file(ch))}">← the chapter</a></p>'
    return page(site, f"{ch.title}: evidence", chapter_file(ch), _with_toc(toc, content, back))


# ------------------------------------------------------------------ slides

def slides_page(site: Site) -> str:
    """Slide → the claims that check it → the errata found on it, deck by deck."""
    table: dict[str, dict] = {}
    for cv, d, v, c in site.claim_rows():
        slide = claim_slide(cv.chapter, d, c)
        if slide:
            table.setdefault(slide, {"claims": [], "errata": []})["claims"].append((cv, d, v, c))
    for ch, e, _v in site.errata:
        table.setdefault(erratum_slide(ch, e), {"claims": [], "errata": []})["errata"].append(
            (ch, e))
    by_deck: dict[str, list[str]] = {}
    for slide in sorted(table):
        by_deck.setdefault(split_slide(slide)[0], []).append(slide)
    sections, toc = [], []
    for number, slides in sorted(by_deck.items()):
        dk = deck(number)
        entries = []
        for slide in slides:
            _, title = split_slide(slide)
            row = table[slide]
            claims = "".join(
                f'<li><a href="{esc(derivation_file(cv.chapter, d))}#claim-{esc(c.id)}">'
                f"{words(c.statement)}</a> {badge(claim_proof_status(v, c.id))}</li>"
                for cv, d, v, c in row["claims"])
            errata = "".join(f'<li><a href="errata.html#{esc(e.id)}">{esc(e.id)}</a> '
                             f"{badge('kind-' + e.kind, e.kind)}</li>" for _ch, e in row["errata"])
            heading = (f"<span{lang_of(title)}>{esc(title)}</span>" if title
                       else "the deck as a whole")
            entries.append(
                f'<article class="slide" id="{esc(slide_anchor(slide))}"><h3>{heading}</h3>'
                + (f"<p class=muted>Claims ({len(row['claims'])})</p><ul>{claims}</ul>"
                   if claims else "")
                + (f"<p class=muted>Errata</p><ul>{errata}</ul>" if errata else "")
                + "</article>")
        sections.append(f'<section id="deck-{esc(number)}"><h2>{esc(dk.label)}</h2>'
                        f'<p class="muted">{esc(dk.author)} · {esc(dk.language)}</p>'
                        f"{''.join(entries)}{TOP}</section>")
        toc.append((f"#deck-{number}", f"Deck {esc(number)}"))
        toc += [(f"#{slide_anchor(sl)}", f'<span class="sub"{lang_of(split_slide(sl)[1])}>'
                 f"{esc(split_slide(sl)[1] or 'the deck as a whole')}</span>") for sl in slides]
    content = ('<h1 id="top">The slides</h1><p class=lead>For a lecturer: every slide the '
               "chapters check, deck by deck, with the claims that check it and the errata "
               "found on it. A slide cited by deck only stands for the deck as a whole.</p>"
               + "".join(sections))
    return page(site, "The slides", "slides.html", _with_toc(toc, content))


# ----------------------------------------------------------------- errata

def _decimal(value) -> str:
    """``≈ 41.04`` beside an exact value that is not a plain integer; "" otherwise."""
    try:
        import sympy as sp

        v = sp.sympify(value)
        if v.is_Integer or not v.is_number:
            return ""
        f = float(sp.N(v, 15))
    except Exception:  # a value SymPy cannot evaluate keeps its exact form only
        return ""
    return f'<span class="approx">≈ {esc(f"{f:.4g}")}</span>'


def _first_sentence(text: str) -> str:
    m = re.match(r"(.+?\.)\s", text + " ")
    return m.group(1) if m else ""


def _shared_causes(errata: list) -> dict[str, str]:
    """A first sentence that two or more errata of a chapter open with: their shared root cause."""
    counts: dict[tuple[str, str], int] = {}
    for ch, e, _v in errata:
        key = (ch.id, _first_sentence(e.problem))
        counts[key] = counts.get(key, 0) + 1
    return {ch_id: s for (ch_id, s), k in counts.items() if k > 1 and s}


def errata_page(site: Site) -> str:
    causes = _shared_causes(site.errata)
    items, last_chapter = [], None
    for ch, e, v in site.errata:
        if ch.id != last_chapter:
            last_chapter = ch.id
            items.append(f'<h2 id="errata-{esc(ch.id)}">{esc(ch.title)}</h2>')
            if ch.id in causes:
                cause = re.sub(r"^Root cause shared by [^:]*:\s*", "", causes[ch.id])
                items.append(f'<p class="cause"><b>The root cause they share.</b> '
                             f"{esc(cause)}</p>")
        status = "confirmed" if v["confirmed"] else "unconfirmed"
        error = f'<p class="alert">{esc(v["error"])}</p>' if v["error"] else ""
        number = split_slide(e.slide)[0]
        problem = e.problem
        cause = causes.get(ch.id, "")
        if cause and problem.startswith(cause):
            problem = problem[len(cause):].strip()
        problem = deline(problem, number)
        quantity, correction = "", ""
        for eid, q, fix in getattr(_teaching(ch), "corrections", ()) or ():
            if eid == e.id:
                quantity, correction = q, fix
        try:
            slide_value, correct_value = e.values()
        except Exception:  # the verdict already says why
            slide_value = correct_value = None
        at = (f"Value at {v['at']}" if e.at else "Value")
        what = (f'<p class="quantity"><b>Compared:</b> {words(quantity)}.</p>'
                if quantity else "")
        fix = (f'<p class="fix"><b>Corrected:</b> {words(correction)}</p>'
               if correction else "")
        items.append(
            f'<article class="erratum" id="{esc(e.id)}"><h3><code>{esc(e.id)}</code> '
            f"{badge(status)} {badge('kind-' + e.kind, e.kind)}</h3>"
            f'<p class="muted">{esc(ch.title)} · {slide_cite(erratum_slide(ch, e))}</p>'
            f"<blockquote{lang_of(e.quote)}>{esc(e.quote)}</blockquote>"
            f"<p>{words(problem)}</p>{error}{what}"
            '<div class="table-wrap"><table class="versus"><thead><tr><th></th><th>The slide</th>'
            f'<th>Derived</th></tr></thead><tbody><tr><th>Formula</th><td>{v["slide"]}</td>'
            f'<td>{v["correct"]}</td></tr><tr><th>{at}</th>'
            f'<td>{v["slide_value"]} {_decimal(slide_value)}</td>'
            f'<td>{v["correct_value"]} {_decimal(correct_value)}</td></tr></tbody></table></div>'
            f"{fix}</article>")
    body = ('<h1 id="top">Errata</h1><p class=lead>Formulas in the slides that the machine found '
            "wrong or ambiguous. An erratum is confirmed when the difference between the slide's "
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
    from .trusted import trusted_page  # (imports page() from here)

    pages = {"index.html": index_page(site), "errata.html": errata_page(site),
             "trusted.html": trusted_page(site)}
    pages["slides.html"] = slides_page(site)
    for cv in site.chapters:
        pages[chapter_file(cv.chapter)] = chapter_page(site, cv)
        pages[evidence_file(cv.chapter)] = evidence_page(site, cv)
        if any(d.id in appendix_ids(cv.chapter) for d, _v in cv.derivations):
            pages[appendix_file(cv.chapter)] = appendix_page(site, cv)
    if site.conformance:
        pages["conformance.html"] = conformance_page(site)
    return pages
