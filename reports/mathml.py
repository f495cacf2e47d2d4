"""SymPy expressions as MathML, for the report.

The route is ``sympy.latex`` → ``latex2mathml`` (SymPy's own MathML printer
mangles names such as ``Var``), then these fixes on the MathML tree:

* a large operator (∑, ∏) with limits gets ``munderover`` instead of
  ``msubsup``, so the limits sit below and above it;
* a run of single letters in a subscript (``n_{in}``, ``v_{fwd}``, but not
  the index pair ``δ_{ij}``) becomes one upright identifier, not a product of
  italic letters;
* brackets around flat content do not stretch (Chromium would pick a
  wide size variant);
* ``\\operatorname{Var}`` becomes an identifier (``mi``), spaced as a
  function name rather than as an operator;
* the expectation of :mod:`derivations.expectation` prints as 𝔼[X], and a
  multi-letter symbol name (``gain``) as one upright word.

>>> import sympy as sp
>>> i, n = sp.symbols("i n", integer=True, positive=True)
>>> "munderover" in to_mathml(sp.Sum(sp.Indexed("w", i), (i, 1, n)))
True
>>> to_mathml(sp.Symbol("n_in"), display="inline").split('"inline">')[1]
'<mrow><msub><mi>n</mi><mi>in</mi></msub></mrow></math>'
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

import sympy as sp
from latex2mathml.converter import convert
from sympy.printing.latex import LatexPrinter

__all__ = ["chain_rows", "latex_to_mathml", "text_length", "to_latex", "to_mathml"]

NS = "http://www.w3.org/1998/Math/MathML"
ET.register_namespace("", NS)

_LARGE_OPERATORS = {"∑", "∏", "∐", "⋃", "⋂", "⨁", "⨂"}
_LIMIT_OPERATORS = {"lim", "max", "min", "sup", "inf", "argmax", "argmin"}
#: Two-letter subscripts that are words, not index pairs.
_WORDS = {"in", "up", "hi", "lo", "ex"}
_TALL = {"mfrac", "munderover", "munder", "mover", "msqrt", "mroot", "mtable"}
_SCRIPTS = {"msubsup": "munderover", "msub": "munder", "msup": "mover"}


class _Printer(LatexPrinter):
    """SymPy's LaTeX printer with the expectation written as 𝔼[X]."""

    def _print_Symbol(self, expr, style="plain"):
        """A multi-letter name (``gain``) is one upright word, not a product of letters."""
        out = super()._print_Symbol(expr, style=style)
        base = expr.name.split("_")[0].split("^")[0]
        if len(base) > 1 and base.isalpha() and out.startswith(base):
            out = r"\operatorname{" + base + "}" + out[len(base):]
        return out

    def _print_E(self, expr, exp=None):
        out = r"\mathbb{E}\left[" + self._print(expr.args[0]) + r"\right]"
        return out if exp is None else out + "^{" + exp + "}"


def to_latex(expr) -> str:
    return _Printer().doprint(sp.sympify(expr))


def _tag(el: ET.Element) -> str:
    return el.tag.rsplit("}", 1)[-1]


def _merge_letters(sub: ET.Element) -> ET.Element:
    """``<mrow><mi>i</mi><mi>n</mi></mrow>`` → ``<mi>in</mi>`` (not index pairs like ``ij``)."""
    kids = list(sub)
    word = "".join(k.text or "" for k in kids)
    if (_tag(sub) == "mrow" and (len(kids) > 2 or word in _WORDS)
            and all(_tag(k) == "mi" and k.text and len(k.text) == 1 and k.text.isalpha()
                    and not k.attrib for k in kids)):
        merged = ET.Element(f"{{{NS}}}mi")
        merged.text = "".join(k.text for k in kids)
        return merged
    return sub


def _unstretch_flat_fences(el: ET.Element) -> None:
    """Brackets around flat content keep their natural size.

    Chromium stretches a ``\\left( ... \\right)`` fence to the content's height
    and picks a size variant with wide side bearings even for ``(w)``; only
    content with fractions, big operators, roots or tables needs a stretch.
    """
    kids = list(el)
    if (len(kids) >= 2 and all(_tag(k) == "mo" and k.get("fence") == "true"
                               for k in (kids[0], kids[-1]))
            and not any(_tag(d) in _TALL for d in el.iter())):
        for k in (kids[0], kids[-1]):
            k.set("stretchy", "false")


def _fix(el: ET.Element) -> None:
    for child in el:
        _fix(child)
    tag = _tag(el)
    if tag == "mrow":
        _unstretch_flat_fences(el)
    if (tag == "mo" and el.text and len(el.text) > 1 and el.text.isalpha()
            and el.text not in _LIMIT_OPERATORS):
        el.tag, el.attrib = f"{{{NS}}}mi", {}  # \operatorname{Var}: a name, not an operator
    kids = list(el)
    if tag in _SCRIPTS and kids and _tag(kids[0]) == "mo" and kids[0].text in _LARGE_OPERATORS:
        el.tag = f"{{{NS}}}{_SCRIPTS[tag]}"
    if tag in ("msub", "msubsup") and len(kids) >= 2:
        merged = _merge_letters(kids[1])
        if merged is not kids[1]:
            el.remove(kids[1])
            el.insert(1, merged)


def latex_to_mathml(latex: str, display: str = "block") -> str:
    """MathML for ``latex``; LaTeX the converter cannot read is shown as text."""
    try:
        root = ET.fromstring(convert(latex, display=display))
    except Exception:  # a rendering gap must not stop the report
        root = ET.Element(f"{{{NS}}}math", display=display)
        ET.SubElement(root, f"{{{NS}}}mtext").text = latex
    _fix(root)
    return ET.tostring(root, encoding="unicode", short_empty_elements=True)


def to_mathml(expr, display: str = "block") -> str:
    return latex_to_mathml(to_latex(expr), display=display)


def text_length(markup: str) -> int:
    """The number of characters a MathML fragment shows: a rough width."""
    if not markup:
        return 0
    return len("".join(ET.fromstring(markup).itertext()))


def chain_rows(exprs: Sequence, relation: str = "=") -> list[tuple[str, str]]:
    """A chain ``e0 = e1 = ...`` as aligned rows ``(left, "= right")`` of MathML.

    The first row carries ``e0`` on the left; later rows leave it empty, as
    in an ``align`` environment.
    """
    rel = {"=": "=", "⇒": r"\Rightarrow"}.get(relation, relation)
    rows = []
    for k, e in enumerate(exprs[1:]):
        left = to_mathml(exprs[0]) if k == 0 else ""
        rows.append((left, latex_to_mathml(f"{rel} {to_latex(e)}")))
    return rows
