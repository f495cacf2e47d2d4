"""The report pipeline: prove, read the evidence, render, swap in atomically.

:func:`build_report` is what both ``dlproofs report`` and ``pytest --report
DIR`` call.  It proves every derivation of every registered chapter (cached
by content), reads the evidence the pytest plugin recorded, renders the pages
into a temporary folder beside ``out_dir`` and only then replaces
``out_dir`` with it, so a build that fails leaves the previous report as it
was.  The output depends only on its inputs (no clock, sorted iteration), so
two builds from the same inputs are byte-identical.
"""

from __future__ import annotations

import hashlib
import html
import importlib.metadata
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import derivations

from . import evidence as ev
from . import pages, plots
from .proofs import Cache, derivation_key, erratum_key, erratum_verdict, verdict

__all__ = ["ASSETS", "build_report", "default_cache_dir", "find_math_font"]

ASSETS = Path(__file__).with_name("assets")
#: Where a Debian machine keeps an OpenType MATH font, if the package lacks one.
_SYSTEM_FONTS = (
    "/usr/share/texmf/fonts/opentype/public/tex-gyre-math/texgyrepagella-math.otf",
    "/usr/share/fonts/opentype/stix/STIXTwoMath-Regular.otf",
    "/usr/share/fonts/opentype/stix-word/STIX2Math.otf",
)


#: pytest exit codes after which the evidence is incomplete.
_INCOMPLETE = {2: "pytest was interrupted (for example by errors while collecting the tests)",
               3: "pytest stopped with an internal error",
               4: "pytest was called wrongly (usage error)"}


def default_cache_dir() -> Path:
    return Path(os.environ.get("DLPROOFS_CACHE", ".dlproofs-cache"))


def find_math_font() -> Path | None:
    """The math font to embed: the one shipped in assets/, else a system one.

    Without one the pages still work: formulas fall back to the browser's
    ``math`` font family, where radicals and brackets may not stretch.
    """
    shipped = sorted(ASSETS.glob("*.otf"))
    if shipped:
        return shipped[0]
    return next((Path(p) for p in _SYSTEM_FONTS if Path(p).is_file()), None)


def _stderr(message: str) -> None:
    print(f"dlproofs: {message}", file=sys.stderr, flush=True)


def _assets(folder: Path, font: Path | None) -> None:
    folder.mkdir()
    css = (ASSETS / "style.css").read_text(encoding="utf-8")
    if font is not None:
        shutil.copyfile(font, folder / "math.otf")
        for extra in sorted(ASSETS.glob("*.txt")):
            shutil.copyfile(extra, folder / extra.name)
        css = ('@font-face { font-family: "dlproofs math"; '
               'src: url("math.otf") format("opentype"); }\n' + css)
    (folder / "style.css").write_text(css, encoding="utf-8")


def _swap_in(tmp: Path, out_dir: Path) -> None:
    """Replace ``out_dir`` by ``tmp``: two renames, never a half-written report."""
    old = None
    if out_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
        os.rmdir(old)
        os.replace(out_dir, old)
    try:
        os.replace(tmp, out_dir)
    except OSError:
        if old is not None:
            os.replace(old, out_dir)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _figure(cache: Cache, figure_id: str, notes: list[dict]) -> str:
    """A plot's SVG, cached by its data and the plotting code."""
    h = hashlib.sha256(Path(plots.__file__).read_bytes())
    h.update(json.dumps([figure_id, notes], sort_keys=True).encode())
    h.update(importlib.metadata.version("matplotlib").encode())
    try:
        return cache.get_or_compute(lambda: "f-" + h.hexdigest(),
                                    lambda: {"svg": plots.figure_svg(figure_id, notes)})["svg"]
    except Exception as exc:  # bad plot data is shown, not fatal
        return ('<p class="alert">This figure could not be drawn: '
                f"{html.escape(repr(exc))}</p>")


def _figure_chapter(figure_id: str, chapters):
    """The chapter a figure belongs to: the one whose id, or the first part of whose
    derivation ids (``act`` of ``act.gains``), starts the figure's id; else None."""
    head = figure_id.split(".", 1)[0]
    for ch in chapters:
        if head == ch.id or head in {d.id.split(".", 1)[0] for d in ch.derivations}:
            return ch
    return None


def collect(evidence: dict | None, cache: Cache, say: Callable[[str], None]) -> pages.Site:
    """Prove, check errata and sort the evidence into a :class:`pages.Site`."""
    results = ev.tests(evidence)
    figures = ev.figures(results)
    chapter_views, errata = [], []
    owner = {fid: _figure_chapter(fid, derivations.chapters()) for fid in figures}
    for ch in derivations.chapters():
        view = pages.ChapterView(ch, [])
        for d in ch.derivations:
            hits = cache.hits
            v = cache.get_or_compute(lambda d=d: derivation_key(d), lambda d=d: verdict(d))
            say(f"{ch.id}: {d.id} {v['status']}{' (cached)' if cache.hits > hits else ''}")
            view.derivations.append((d, v))
        for e in ch.errata:
            errata.append((ch, e, cache.get_or_compute(lambda e=e: erratum_key(e),
                                                       lambda e=e: erratum_verdict(e))))
        view.figures = {fid: (_figure(cache, fid, notes), plots.caption(notes))
                        for fid, notes in figures.items() if owner[fid] is ch}
        chapter_views.append(view)
    evidence = evidence or {}
    run = {"impl": evidence.get("impl", "impl"), "profile": evidence.get("profile", "default"),
           "statistics": evidence.get("statistics", {}), "checks": evidence.get("checks", {}),
           "incomplete": _INCOMPLETE.get(evidence.get("exitstatus"), ""),
           "orphan_figures": sorted(fid for fid, ch in owner.items() if ch is None)}
    return pages.Site(chapters=chapter_views, errata=errata, tests=results,
                      claim_tests=ev.by_claim(results), run=run,
                      conformance=run["impl"] not in ("impl", None, ""))


def problems(site: pages.Site) -> list[str]:
    """What the report marks as failed: unproved derivations, failed tests, errata that err."""
    out = [f"derivation {d.id}: {v['status']}" for cv in site.chapters
           for d, v in cv.derivations if v["status"] != "proved"]
    out += [f"test {t.nodeid}: failed" for t in site.tests if t.outcome == "failed"]
    out += [f"erratum {e.id}: {v['error']}" for _, e, v in site.errata if v["error"]]
    if site.run.get("incomplete"):
        out.append(f"test run: {site.run['incomplete']}")
    return out


def build_report(out_dir: Path, evidence: dict | None = None, *,
                 cache_dir: Path | str | None = "default",
                 progress: Callable[[str], None] | None = _stderr,
                 failures: list[str] | None = None) -> Path:
    """Build the report into ``out_dir``; return the path of its index.html.

    ``evidence`` is what the pytest plugin records (``--evidence FILE``);
    ``None`` builds the proofs alone.  ``cache_dir=None`` proves everything
    afresh.  What the report marks as failed is appended to ``failures``.
    """
    say = progress or (lambda _msg: None)
    out_dir = Path(out_dir).resolve()
    cache = Cache(default_cache_dir() if cache_dir == "default" else
                  (Path(cache_dir) if cache_dir else None))
    say(f"proving {len(derivations.derivations())} derivations "
        f"in {len(derivations.chapters())} chapters")
    site = collect(evidence, cache, say)
    font = find_math_font()
    site.run["font"] = font.stem if font else ""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    os.chmod(tmp, 0o755)
    try:
        html = pages.render_pages(site)
        _assets(tmp / "assets", font)
        for name in sorted(html):
            (tmp / name).write_text(html[name], encoding="utf-8")
        _swap_in(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if failures is not None:
        failures.extend(problems(site))
    say(f"wrote {len(html)} pages to {out_dir} ({cache.hits} results from the cache)")
    return out_dir / "index.html"
