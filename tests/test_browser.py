"""The report in a real browser: headless Chromium (Debian's) opens every page.

A page fails on any console error, on any request that is not ``file:`` or
``data:`` (and such requests are aborted, so the test never touches the
network), on a math font that did not load, and on math that did not lay
out: a fraction whose numerator is not above its denominator, or a sum whose
limits are not below and above it.  A screenshot of every page is saved:
the whole page into ``$DLPROOFS_SCREENSHOTS`` when set, else the first screen
into the test's temporary folder.

The report under test is :func:`tests.test_report.full_report`: every
registered chapter plus the fake one (a failed step, an erratum, a plot), with
proving stubbed out (``tests/test_derivations.py`` proves the real ones).
``DLPROOFS_REPORT_DIR=reports/html`` tests an existing report instead, for
example the one ``dlproofs report`` just wrote.

It takes about 40 s of a core, so the default run skips it (with that reason):
``DLPROOFS_BROWSER=1 pytest tests/test_browser.py`` runs it on the full demo
report, ``DLPROOFS_REPORT_DIR=DIR`` on a built report (CI does both: the real
report after ``dlproofs report``), and so does ``HYPOTHESIS_PROFILE=thorough``.
Skipped, with the reason, where playwright or ``/usr/bin/chromium`` is absent.
Playwright only drives the system browser; it never downloads one.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from reports import pages

from .test_report import full_report

CHROMIUM = os.environ.get("DLPROOFS_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-default-apps", "--disable-extensions"]

if not (os.environ.get("DLPROOFS_BROWSER") or os.environ.get("DLPROOFS_REPORT_DIR")
        or os.environ.get("HYPOTHESIS_PROFILE") == "thorough"):
    pytest.skip("browser test skipped in the default run (about 40 s): set DLPROOFS_BROWSER=1, "
                "or DLPROOFS_REPORT_DIR=DIR for a built report", allow_module_level=True)
sync_api = pytest.importorskip(
    "playwright.sync_api",
    reason="browser test skipped: playwright is not installed (pip install -e '.[browser]')")
if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
    pytest.skip(f"browser test skipped: no Chromium at {CHROMIUM} (apt-get install -y chromium)",
                allow_module_level=True)

#: A page's budget before its figures (inline SVG): what a phone loads comfortably.
PAGE_BUDGET = 300_000

#: Every mfrac's numerator must end above where its denominator begins, every
#: munderover in display style must have its limits below and above its
#: operator, and no math element may be collapsed to nothing.
LAYOUT_PROBLEMS = """() => {
  const box = (e) => e.getBoundingClientRect();
  const bad = [];
  const where = (e) => (e.closest('[id]') || {id: '?'}).id;
  for (const f of document.querySelectorAll('mfrac')) {
    const [num, den] = f.children;
    if (!num || !den || box(num).bottom > box(den).top + 1)
      bad.push(`fraction not stacked in ${where(f)}: ${f.textContent.slice(0, 60)}`);
  }
  for (const u of document.querySelectorAll('munderover')) {
    // in display style; inside a fraction (compact style) limits go to the side, as in TeX
    if (getComputedStyle(u).mathStyle !== 'normal') continue;
    const [base, under, over] = u.children;
    if (box(under).top < box(base).bottom - 2 || box(over).bottom > box(base).top + 2)
      bad.push(`limits not under/over in ${where(u)}: ${u.textContent.slice(0, 60)}`);
  }
  for (const m of document.querySelectorAll('math')) {
    const b = box(m);
    if (m.textContent.trim() && (b.width === 0 || b.height === 0))
      bad.push(`math with no size in ${where(m)}: ${m.textContent.slice(0, 60)}`);
  }
  return bad;
}"""


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory) -> Path:
    given = os.environ.get("DLPROOFS_REPORT_DIR")
    return Path(given).resolve() if given else full_report(tmp_path_factory)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Path:
    folder = os.environ.get("DLPROOFS_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


#: Full-page screenshots are large and slow; the default run keeps the first screen.
FULL_PAGE = bool(os.environ.get("DLPROOFS_SCREENSHOTS"))


def _pages(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.html"))


FONT_LOADED = """() => [...document.fonts].some(
  (f) => f.family.replace(/["']/g, '') === 'dlproofs math' && f.status === 'loaded')"""


def check_pages(browser, paths: list[Path], screenshots: Path | None = None) -> list[str]:
    """Open each page; return every problem seen (and save screenshots)."""
    problems: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})

    def refuse(route):
        problems.append(f"network request to {route.request.url}")
        route.abort()

    context.route(lambda url: not url.startswith(("file:", "data:")), refuse)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and problems.append(
        f"{page.url.rsplit('/', 1)[-1]}: console error: {m.text}"))
    page.on("pageerror", lambda exc: problems.append(f"{page.url}: script error: {exc}"))
    for path in paths:
        page.goto(path.as_uri(), wait_until="load")
        page.evaluate("document.fonts.ready.then(() => true)")
        if page.locator("math").count() and not page.evaluate(FONT_LOADED):
            problems.append(f"{path.name}: the math font did not load")
        problems += [f"{path.name}: {p}" for p in page.evaluate(LAYOUT_PROBLEMS)]
        if screenshots is not None:
            page.screenshot(path=str(screenshots / f"{path.stem}.png"), full_page=FULL_PAGE)
    context.close()
    return problems


def test_every_page_opens_offline_without_errors_and_lays_out_its_math(
        report_dir, browser, screenshots):
    paths = _pages(report_dir)
    assert any(p.name == "index.html" for p in paths), f"no index.html in {report_dir}"
    problems = check_pages(browser, paths, screenshots)
    assert not problems, "\n".join(problems)


#: The widest element that makes a page scroll sideways, or nothing.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width + 1) return null;
  let worst = null;
  for (const e of document.querySelectorAll('body *')) {
    const r = e.getBoundingClientRect();
    if (r.right > width + 1 && (!worst || r.right > worst.right))
      worst = {right: r.right, what: e.tagName + (e.id ? '#' + e.id : '') +
               (e.className && e.className.baseVal === undefined ? '.' + e.className : '')};
  }
  return `${document.documentElement.scrollWidth} px wide; widest: ${worst && worst.what}`;
}"""


def overflowing_pages(browser, paths: list[Path], width: int = 420) -> list[str]:
    """The pages that scroll sideways at ``width`` px, with their widest element."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    out = []
    for path in paths:
        page.goto(path.as_uri(), wait_until="load")
        page.evaluate("document.fonts.ready.then(() => true)")
        found = page.evaluate(OVERFLOW)
        if found:
            out.append(f"{path.name}: {found}")
    context.close()
    return out


def test_no_page_scrolls_sideways_on_a_phone(report_dir, browser):
    problems = overflowing_pages(browser, _pages(report_dir))
    assert not problems, "\n".join(problems)


#: An aligned chain (a = b = c, one relation per row) that scrolls sideways although each of
#: its expressions fits: on a phone its rows must wrap "= b" under "a" instead.
CHAINS_THAT_NEED_NOT_SCROLL = """() => {
  const bad = [];
  for (const c of document.querySelectorAll('.chain.aligned')) {
    const parts = [...c.querySelectorAll('.l, .r')];
    const fits = parts.every((e) => e.scrollWidth <= c.clientWidth + 1);
    if (fits && c.scrollWidth > c.clientWidth + 1)
      bad.push((c.closest('[id]') || {id: '?'}).id);
  }
  return bad;
}"""


def test_an_aligned_chain_wraps_its_rows_on_a_phone_rather_than_scroll(report_dir, browser):
    context = browser.new_context(viewport={"width": 420, "height": 900})
    page = context.new_page()
    bad = []
    for path in _pages(report_dir):
        if path.name.startswith("chapter-"):
            page.goto(path.as_uri(), wait_until="load")
            page.evaluate("document.fonts.ready.then(() => true)")
            bad += [f"{path.name}: {where}" for where in page.evaluate(CHAINS_THAT_NEED_NOT_SCROLL)]
    context.close()
    assert not bad, "\n".join(bad)


def test_the_overflow_check_catches_a_page_wider_than_the_phone(browser, tmp_path):
    wide = tmp_path / "wide.html"
    wide.write_text('<!DOCTYPE html><html><head><meta name="viewport" '
                    'content="width=device-width"></head><body><table><tr><td>'
                    + "a" * 20 + "</td>" + "<td>wide cell</td>" * 30
                    + "</tr></table></body></html>", encoding="utf-8")
    assert overflowing_pages(browser, [wide])


def test_every_page_is_under_its_size_budget_before_its_figures(report_dir):
    import re

    heavy = []
    for path in _pages(report_dir):
        text = path.read_text(encoding="utf-8")
        figures = sum(len(m) for m in re.findall(r"<svg.*?</svg>", text, re.S))
        if len(text) - figures > PAGE_BUDGET:
            heavy.append(f"{path.name}: {len(text) - figures} bytes without its figures")
    assert not heavy, "\n".join(heavy)


def test_the_report_prints_to_one_pdf(tmp_path, monkeypatch):
    """``dlproofs report --pdf``'s printer, on the small fake report (printing every
    chapter takes a minute; ``DLPROOFS_REPORT_DIR`` prints that report instead)."""
    from reports import build
    from reports.pdf import write_pdf

    from .test_report import EVIDENCE, REGISTRY

    given = os.environ.get("DLPROOFS_REPORT_DIR")
    if given:  # print a copy: the book page it writes must not meet the other tests (xdist)
        report_dir = tmp_path / "given"
        shutil.copytree(Path(given).resolve(), report_dir)
    else:
        monkeypatch.setattr(build, "derivations", REGISTRY)
        report_dir = tmp_path / "html"
        build.build_report(report_dir, evidence=EVIDENCE, cache_dir=None, progress=None)
    pdf = write_pdf(report_dir, tmp_path / "report.pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 10_000
    assert not (report_dir / "book.html").exists()


def test_the_page_check_catches_remote_loads_with_and_without_a_csp(browser, tmp_path):
    """Planted bugs: a page that loads from the network must be rejected."""
    remote = ('<img src="https://example.invalid/x.png">'
              '<link rel=stylesheet href="http://example.invalid/a.css">')
    csp = f'<meta http-equiv="Content-Security-Policy" content="{pages.CSP}">'
    (tmp_path / "open.html").write_text(f"<!DOCTYPE html><html><head></head><body>{remote}"
                                        "</body></html>", encoding="utf-8")
    (tmp_path / "csp.html").write_text(f"<!DOCTYPE html><html><head>{csp}</head><body>{remote}"
                                       "</body></html>", encoding="utf-8")
    open_problems = check_pages(browser, [tmp_path / "open.html"])
    assert any("network request to https://example.invalid/x.png" in p for p in open_problems)
    csp_problems = check_pages(browser, [tmp_path / "csp.html"])
    assert any("console error" in p and "Content Security Policy" in p for p in csp_problems)


def test_the_layout_check_catches_a_fraction_that_did_not_stack(browser, tmp_path):
    """A planted bug: MathML rendered as plain inline text must be rejected."""
    page_path = tmp_path / "flat.html"
    # the second fraction is outside <math>, so it lays out as plain inline text,
    # as all of them would in a browser without MathML
    page_path.write_text(
        '<!DOCTYPE html><html><body><div id="x"><math display="block"><mfrac>'
        "<mn>1</mn><mn>2</mn></mfrac></math>"
        "<p><mfrac><mn>1</mn><mn>2</mn></mfrac></p></div></body></html>", encoding="utf-8")
    page = browser.new_page()
    page.goto(page_path.as_uri())
    problems = page.evaluate(LAYOUT_PROBLEMS)
    page.close()
    assert len(problems) == 1 and "fraction not stacked" in problems[0]
