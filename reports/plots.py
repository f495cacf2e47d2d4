"""Figures from the evidence notes, as deterministic inline SVG.

A test draws nothing; it records numbers with ``verify.note(figure=...,
series=..., x=[...], y=[...], predicted=[...])``.  Every note with the same
``figure`` id becomes one series (measured: markers, predicted: a dashed line
in the same colour) of one plot.  Optional keys, taken from the first note
that has them: ``title``, ``xlabel``, ``ylabel``, ``caption``, ``yscale`` ("log" or
"linear"; by default log when all values are positive and span more than a
factor of 10); ``diagonal=True`` adds the line y = x (for measured-against-
computed scatter plots such as finite differences against the analytic
gradient); ``yerr`` (one half-width per point: an error bar, for example
``z * standard error`` from the statistics the test used) and ``band``
(``[lower, upper]``, one pair of lists: a shaded band of the acceptance
region or a confidence interval) show a measurement's uncertainty; ``y_lower``
and ``y_upper`` (one bound per point) draw the same as asymmetric error bars.

Every series is visible even where curves coincide: each gets its own marker
shape, and on an integer x axis the markers of several series are spread
sideways by a fraction of a step (dodged), so a curve under another shows.

The SVG is byte-stable: fixed hash salt, no date, glyphs as paths (no font
needed), no metadata, and ids prefixed per figure so several figures can
share a page.
"""

from __future__ import annotations

import io
import math
import re

__all__ = ["caption", "figure_svg", "has_predicted"]

_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "<", ">")
_DASHES = ((4, 2), (6, 2, 1, 2), (2, 2), (8, 3), (3, 1, 1, 1), (5, 3, 2, 3), (1, 2))


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
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    with matplotlib.rc_context({"svg.hashsalt": "dlproofs", "svg.fonttype": "path",
                                "font.size": 9, "axes.spines.top": False,
                                "axes.spines.right": False}):
        fig, ax = plt.subplots(figsize=(7.6, 3.6))
        colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
        labels: dict[str, str] = {}
        values: list[float] = []
        diagonal = False
        names = list(dict.fromkeys(str(n.get("series", "")) for n in notes))
        integer_x = all(float(v).is_integer() for n in notes for v in _finite(n.get("x")))
        dodge = 0.12 if integer_x and len(names) > 1 and not any(n.get("diagonal")
                                                                  for n in notes) else 0.0
        for note in notes:
            series = str(note.get("series", ""))
            first = series not in labels
            color = labels.setdefault(series, colors[len(labels) % len(colors)])
            k = names.index(series)
            marker = _MARKERS[k % len(_MARKERS)]
            y, x = _finite(note.get("y")), _finite(note.get("x"))
            x = x if len(x) == len(y) else list(range(len(y)))
            shift = (k - (len(names) - 1) / 2) * dodge
            xs_shown = [v + shift for v in x]
            band = note.get("band")
            if isinstance(band, (list, tuple)) and len(band) == 2:
                lo, hi = _finite(band[0]), _finite(band[1])
                if len(lo) == len(hi) == len(x):
                    order = sorted(range(len(x)), key=lambda q: x[q])
                    ax.fill_between([x[q] for q in order], [lo[q] for q in order],
                                    [hi[q] for q in order], color=color, alpha=0.15, lw=0)
                    values += lo + hi
            yerr = _finite(note.get("yerr"))
            lower, upper = _finite(note.get("y_lower")), _finite(note.get("y_upper"))
            if len(yerr) != len(y) and len(lower) == len(upper) == len(y):
                yerr = [[max(v - lo, 0.0) for v, lo in zip(y, lower, strict=True)],
                        [max(hi - v, 0.0) for v, hi in zip(y, upper, strict=True)]]
            if len(yerr) == len(y) or (len(yerr) == 2 and len(yerr[0]) == len(y)):
                ax.errorbar(xs_shown, y, yerr=yerr, fmt="none", ecolor=color, elinewidth=0.9,
                            capsize=2)
            ax.plot(xs_shown, y, marker, ms=4, color=color, mfc="white" if k % 2 else color,
                    mew=1.1, label=series if first else None)
            values += y
            pred = _finite(note.get("predicted"))
            if len(pred) == len(x):
                xs, ps = zip(*sorted(zip(x, pred, strict=True)), strict=True)
                ax.plot(xs, ps, "--", lw=1.2, color=color, dashes=_DASHES[k % len(_DASHES)])
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
        shown = [v for v in positive if v > 0]
        if scale == "log" and shown and max(shown) < 10 * min(shown):
            # within one decade the ticks are minor ones, which matplotlib labels 6.6e-1 style
            plain = FuncFormatter(lambda v, _pos: f"{v:.3g}")
            ax.yaxis.set_major_formatter(plain)
            ax.yaxis.set_minor_formatter(plain)
        ax.set_xlabel(str(_option(notes, "xlabel", "x")))
        ax.set_ylabel(str(_option(notes, "ylabel", "y")))
        ax.set_title(str(_option(notes, "title", figure_id)))
        ax.grid(True, which="major", alpha=0.3)
        if integer_x:
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        if labels:
            handles, legend = ax.get_legend_handles_labels()
            handles.append(Line2D([], [], marker="o", ls="", ms=3.5, color="0.4"))
            legend.append("measured")
            if has_predicted(notes):
                handles.append(Line2D([], [], ls="--", lw=1.2, color="0.4"))
                legend.append("derived")
            if any(len(_finite(n.get("yerr"))) or len(_finite(n.get("y_lower")))
                   for n in notes):
                handles.append(Line2D([], [], marker="|", ls="", ms=8, color="0.4"))
                legend.append("uncertainty")
            ax.legend(handles, legend, fontsize=7, frameon=False, loc="upper left",
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
