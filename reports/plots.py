"""Figures from the evidence notes, as deterministic inline SVG.

A test draws nothing; it records numbers with ``verify.note(figure=...,
series=..., x=[...], y=[...], predicted=[...])``.  Every note with the same
``figure`` id becomes one series (measured: markers, predicted: a dashed line
in the same colour) of one plot.  Optional keys, taken from the first note
that has them: ``title``, ``xlabel``, ``ylabel``, ``caption``, ``yscale`` ("log" or
"linear"; by default log when all values are positive and span more than a
factor of 10); ``diagonal=True`` adds the line y = x (for measured-against-
computed scatter plots such as finite differences against the analytic
gradient).

The SVG is byte-stable: fixed hash salt, no date, glyphs as paths (no font
needed), no metadata, and ids prefixed per figure so several figures can
share a page.
"""

from __future__ import annotations

import io
import math
import re

__all__ = ["caption", "figure_svg", "has_predicted"]


def _finite(values) -> list[float]:
    out = []
    for v in values or ():
        try:
            f = float(v)
        except (TypeError, ValueError):
            f = math.nan
        out.append(f)
    return out


def _option(notes: list[dict], key: str, default=None):
    return next((n[key] for n in notes if n.get(key) not in (None, "")), default)


def has_predicted(notes: list[dict]) -> bool:
    return any(len(_finite(n.get("predicted"))) == len(_finite(n.get("y"))) > 0 for n in notes)


def caption(notes: list[dict]) -> str:
    """The note's ``caption``, else a description of what is drawn."""
    given = _option(notes, "caption")
    if given:
        return str(given)
    text = "measured values (markers)"
    if has_predicted(notes):
        text += " and the derived prediction (dashed)"
    if any(n.get("diagonal") for n in notes):
        text += "; dotted: y = x, where the two agree"
    return text + "."


def figure_svg(figure_id: str, notes: list[dict]) -> str:
    """One SVG element (a string) plotting every series of ``notes``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.ticker import MaxNLocator

    with matplotlib.rc_context({"svg.hashsalt": "dlproofs", "svg.fonttype": "path",
                                "font.size": 9, "axes.spines.top": False,
                                "axes.spines.right": False}):
        fig, ax = plt.subplots(figsize=(7.6, 3.6))
        colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
        labels: dict[str, str] = {}
        values: list[float] = []
        diagonal = False
        for note in notes:
            series = str(note.get("series", ""))
            first = series not in labels
            color = labels.setdefault(series, colors[len(labels) % len(colors)])
            y, x = _finite(note.get("y")), _finite(note.get("x"))
            x = x if len(x) == len(y) else list(range(len(y)))
            ax.plot(x, y, "o", ms=3.5, color=color, label=series if first else None)
            values += y
            pred = _finite(note.get("predicted"))
            if len(pred) == len(x):
                xs, ps = zip(*sorted(zip(x, pred, strict=True)), strict=True)
                ax.plot(xs, ps, "--", lw=1.2, color=color)
                values += pred
            if note.get("diagonal"):
                diagonal = True
        if diagonal:
            finite = [v for v in values if math.isfinite(v)]
            if finite:
                lo, hi = min(finite), max(finite)
                ax.plot([lo, hi], [lo, hi], ":", lw=1, color="0.5", label="y = x")
        positive = [v for v in values if math.isfinite(v)]
        scale = _option(notes, "yscale")
        if scale is None:
            scale = ("log" if positive and min(positive) > 0
                     and max(positive) > 10 * min(positive) else "linear")
        ax.set_yscale(scale)
        ax.set_xlabel(str(_option(notes, "xlabel", "x")))
        ax.set_ylabel(str(_option(notes, "ylabel", "y")))
        ax.set_title(str(_option(notes, "title", figure_id)))
        ax.grid(True, which="major", alpha=0.3)
        if all(float(v).is_integer() for n in notes for v in _finite(n.get("x"))):
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        if labels:
            handles, names = ax.get_legend_handles_labels()
            handles.append(Line2D([], [], marker="o", ls="", ms=3.5, color="0.4"))
            names.append("measured")
            if has_predicted(notes):
                handles.append(Line2D([], [], ls="--", lw=1.2, color="0.4"))
                names.append("derived")
            ax.legend(handles, names, fontsize=7, frameon=False, loc="upper left",
                      bbox_to_anchor=(1.01, 1.0))
        fig.tight_layout()
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None})
        plt.close(fig)
    return _clean(buf.getvalue(), prefix=re.sub(r"[^A-Za-z0-9]", "-", figure_id))


def _clean(svg: str, prefix: str) -> str:
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r' id="([^"]+)"', rf' id="{prefix}-\1"', svg)
    svg = svg.replace('href="#', f'href="#{prefix}-').replace("url(#", f"url(#{prefix}-")
    svg = re.sub(r'<svg ([^>]*?)width="[^"]*" height="[^"]*"',
                 r'<svg \1class="plot" role="img"', svg, count=1)
    return svg.strip() + "\n"
