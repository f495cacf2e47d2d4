"""The whole report as one PDF, printed by headless Chromium.

The chapter pages (with their appendices), the errata and the slide index are
joined into one printable page (``book.html``, removed after printing) and
Chromium's ``--print-to-pdf`` prints it with the report's print stylesheet:
no navigation, no table of contents, no evidence tables.  Without Chromium
:func:`write_pdf` raises :class:`RuntimeError` naming what is missing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

__all__ = ["CHROMIUM_CANDIDATES", "book_html", "find_chromium", "write_pdf"]

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    """``$DLPROOFS_CHROMIUM``, else the first Chromium on the PATH."""
    given = os.environ.get("DLPROOFS_CHROMIUM")
    if given and (Path(given).is_file() or shutil.which(given)):
        return given
    return next((shutil.which(c) for c in CHROMIUM_CANDIDATES if shutil.which(c)), None)


def _main(text: str) -> str:
    m = re.search(r"<main>(.*)</main>", text, re.S)
    return m.group(1) if m else ""


def book_html(out_dir: Path) -> str:
    """One page holding the index's summary, every chapter, the errata and the slides."""
    out_dir = Path(out_dir)
    index = (out_dir / "index.html").read_text(encoding="utf-8")
    head = index[:index.index("<body>")]
    parts = [_main(index).split('<h2>Every claim</h2>')[0]]
    # the chapters in the order of the site's navigation
    for name in dict.fromkeys(re.findall(r'<a href="(chapter-[^"]+\.html)"', index)):
        page = out_dir / name
        if name.endswith(("-evidence.html", "-appendix.html")) or not page.is_file():
            continue
        parts.append(_main(page.read_text(encoding="utf-8")))
        appendix = page.with_name(page.stem + "-appendix.html")
        if appendix.is_file():
            parts.append(_main(appendix.read_text(encoding="utf-8")))
    for name in ("errata.html", "slides.html"):
        if (out_dir / name).is_file():
            parts.append(_main((out_dir / name).read_text(encoding="utf-8")))
    chapters = "".join(f'<div class="book-part">{p}</div>' for p in parts)
    # paper cannot unfold: the worked answers and assumptions are printed open, and
    # the evidence tables (the web pages' business) are left out
    chapters = chapters.replace('<details class="answer">', '<details class="answer" open>')
    chapters = chapters.replace('<details class="rules">', '<details class="rules" open>')
    chapters = re.sub(r'<details class="evidence".*?</details>', "", chapters, flags=re.S)
    return f'{head}<body class="book"><main>{chapters}</main></body></html>\n'


def write_pdf(out_dir: Path, pdf: Path | None = None, *, timeout: float = 300) -> Path:
    """Print the report in ``out_dir`` to ``pdf`` (default ``out_dir/report.pdf``)."""
    out_dir = Path(out_dir).resolve()
    pdf = Path(pdf or out_dir / "report.pdf").resolve()
    chromium = find_chromium()
    if chromium is None:
        raise RuntimeError("no Chromium found (apt-get install -y chromium, or set "
                           "DLPROOFS_CHROMIUM to a Chromium or Chrome executable)")
    book = out_dir / "book.html"
    book.write_text(book_html(out_dir), encoding="utf-8")
    try:
        cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu",
               "--no-pdf-header-footer", "--disable-background-networking",
               "--disable-component-update", "--no-first-run", "--disable-extensions",
               f"--print-to-pdf={pdf}", book.as_uri()]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    finally:
        book.unlink(missing_ok=True)
    if done.returncode != 0 or not pdf.is_file():
        raise RuntimeError(f"Chromium could not print the report (exit {done.returncode}): "
                           f"{done.stderr.strip()[-500:]}")
    return pdf
