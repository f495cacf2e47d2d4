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
  multi-letter symbol name (``gain``) as one upright word;
* code names never reach the page: :data:`NAMES` maps a symbol's name to the
  LaTeX a mathematician writes (``sigma2`` → σ², ``dl_dmu`` → ∂ℓ/∂μ,
  ``xhat_i`` → x̂ᵢ, ``dout`` → ∂ℓ/∂o), and a sum whose SymPy order starts with
  a negative term is written with a positive term first (x_j − μ, not −μ + x_j).

>>> import sympy as sp
>>> i, n = sp.symbols("i n", integer=True, positive=True)
>>> "munderover" in to_mathml(sp.Sum(sp.Indexed("w", i), (i, 1, n)))
True
>>> to_mathml(sp.Symbol("n_in"), display="inline").split('"inline">')[1]
'<msub><mi>n</mi><mi>in</mi></msub></math>'
>>> print(to_latex(sp.Symbol("sigma2")), to_latex(sp.Symbol("dl_dmu")))
\\sigma^{2} \\frac{\\partial \\ell}{\\partial \\mu}
>>> print(to_latex(sp.Indexed("x", i) - sp.Symbol("mu")))
{x}_{i} - \\mu
"""

from __future__ import annotations

import functools
import itertools
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

import sympy as sp
from latex2mathml.converter import convert
from sympy.core.add import _addsort
from sympy.core.function import AppliedUndef
from sympy.printing.latex import LatexPrinter

__all__ = ["chain_rows", "inline_mathml", "latex_to_mathml", "text_length", "to_latex",
           "to_mathml"]

NS = "http://www.w3.org/1998/Math/MathML"
ET.register_namespace("", NS)

_LARGE_OPERATORS = {"∑", "∏", "∐", "⋃", "⋂", "⨁", "⨂"}
_LIMIT_OPERATORS = {"lim", "max", "min", "sup", "inf", "argmax", "argmin"}
#: Two-letter subscripts that are words, not index pairs.
_WORDS = {"in", "up", "hi", "lo", "ex"}
_TALL = {"mfrac", "munderover", "munder", "mover", "msqrt", "mroot", "mtable"}
_SCRIPTS = {"msubsup": "munderover", "msub": "munder", "msup": "mover"}


#: Code names → the LaTeX a mathematician writes (exact names; see also :func:`name_latex`).
NAMES = {
    "sigma2": r"\sigma^{2}",
    "sigma_x2": r"\sigma_{x}^{2}",
    "xhat": r"\hat{x}",
    "dout": r"\frac{\partial \ell}{\partial o}",
    "dy": r"\frac{\partial \ell}{\partial y}",
    "r_inf": r"r_{\infty}",
    "momentum_keras": r"\operatorname{momentum}_{\text{Keras}}",
    "h_prev": r"h_{\text{prev}}",
    "epsilon": r"\epsilon",
    "eps": r"\epsilon",
}
#: Abbreviations of group sums (bn.backward): shown as the sums they name.
_SUMS = {"sum_dy": r"\sum_{j} \frac{\partial \ell}{\partial y_{j}}",
         "sum_dy_xhat": r"\sum_{j} \frac{\partial \ell}{\partial y_{j}} \hat{x}_{j}",
         "sum_g": r"\sum_{j} g_{j}", "sum_g_xhat": r"\sum_{j} g_{j} \hat{x}_{j}",
         "sum_gdy": r"\sum_{j} \gamma_{j} \frac{\partial \ell}{\partial y_{j}}",
         "sum_gdy_xhat": r"\sum_{j} \gamma_{j} \frac{\partial \ell}{\partial y_{j}} "
                         r"\hat{x}_{j}"}
#: Indexed bases written around their index (``dy[j]`` → ∂ℓ/∂y_j).
_INDEXED = {"dy": r"\frac{\partial \ell}{\partial y_{%s}}", "xhat": r"\hat{x}_{%s}"}


def name_latex(name: str) -> str | None:
    """The LaTeX of a code name, or ``None`` when SymPy's own rendering is right.

    ``dl_dX`` is ∂ℓ/∂X, ``dy_i`` ∂ℓ/∂y_i, ``gdy_i`` γ ∂ℓ/∂y_i, ``xhat_i`` x̂_i.
    """
    if name in NAMES:
        return NAMES[name]
    if name in _SUMS:
        return r"\left(" + _SUMS[name] + r"\right)"
    if name.startswith("dl_d") and len(name) > 4:
        inner = name_latex(name[4:]) or _Printer()._deal_with_super_sub(name[4:])
        return r"\frac{\partial \ell}{\partial " + inner + "}"
    base, _, sub = name.partition("_")
    if sub and base in ("dy", "gdy", "xhat") and sub.isalnum():
        core = {"dy": r"\frac{\partial \ell}{\partial y_{%s}}",
                "gdy": r"\gamma \frac{\partial \ell}{\partial y_{%s}}",
                "xhat": r"\hat{x}_{%s}"}[base]
        return core % sub
    concrete = re.fullmatch(r"(dy|x)(\d+)", name)  # dy1, x1: the concrete batches
    if concrete:
        head, k = concrete.groups()
        return (r"\frac{\partial \ell}{\partial y_{%s}}" if head == "dy" else "x_{%s}") % k
    return None


class _Printer(LatexPrinter):
    """SymPy's LaTeX printer with the expectation written as 𝔼[X] and mathematicians' names."""

    def _deal_with_super_sub(self, string, style="plain"):
        named = name_latex(string)
        return named if named is not None else super()._deal_with_super_sub(string, style=style)

    def _print_Indexed(self, expr):
        label = str(expr.base.label)
        if label in _INDEXED and len(expr.indices) == 1:
            return _INDEXED[label] % self._print(expr.indices[0])
        return super()._print_Indexed(expr)

    def _as_ordered_terms(self, expr, order=None):
        """A sum starts with a positive term where it has one: x_j − μ, not −μ + x_j.

        A sum written by hand keeps the order it was written in, so that a derivation
        can show terms as a slide does: one built unevaluated whose arguments are not in
        SymPy's canonical order, or one with a term built unevaluated (its own order may
        happen to be SymPy's, which the printer would still rearrange).  A sum with a
        term holding a numeric integral keeps SymPy's canonical order (ordering by value
        would evaluate the integral).
        """
        if isinstance(expr, sp.Add):
            canonical = list(expr.args)
            _addsort(canonical)
            if canonical != list(expr.args) or any(_hand_built(t) for t in expr.args):
                return list(expr.args)
            if any(q.is_number for t in expr.args for q in t.atoms(sp.Integral)):
                return canonical  # SymPy's order would evaluate each integral numerically
        terms = list(super()._as_ordered_terms(expr, order=order))
        if isinstance(expr, sp.Add) and terms and terms[0].could_extract_minus_sign():
            k = next((n for n, t in enumerate(terms) if not t.could_extract_minus_sign()), None)
            if k:
                terms.insert(0, terms.pop(k))
        if isinstance(expr, sp.Add):  # σ² + ε: the small constant last
            small = [t for t in terms if t.is_Symbol and t.name in ("eps", "epsilon")]
            terms = [t for t in terms if t not in small] + small
        return terms

    def _print_Mul(self, expr):
        """A product built unevaluated keeps its factors in the order written and apart
        (∂ℓ/∂σ² · 2(x_i − μ)/m, as the slide writes it), instead of one fraction in
        SymPy's order; a factor that is itself a fraction is set off by a dot."""
        args = expr.args if isinstance(expr, sp.Mul) else ()
        if (len(args) < 2 or any(a.is_Number for a in args)  # -2 (x_j - mu): SymPy's is right
                or not _hand_built(expr)):
            return super()._print_Mul(expr)
        out, before = "", ""
        for k, f in enumerate(args):
            tex = self._print(f)
            negative = f.is_Mul and f.could_extract_minus_sign()
            if negative or self._needs_mul_brackets(f, first=k == 0, last=k == len(args) - 1):
                tex = r"\left(" + tex + r"\right)"
            if out:
                out += r" \cdot " if r"\frac" in tex or r"\frac" in before else " "
            out += tex
            before = tex
        return out

    def _print_Symbol(self, expr, style="plain"):
        """A multi-letter name (``gain``) is one upright word, not a product of letters."""
        if name_latex(expr.name) is not None:
            return name_latex(expr.name)
        out = super()._print_Symbol(expr, style=style)
        base = expr.name.split("_")[0].split("^")[0]
        if len(base) > 1 and base.isalpha() and out.startswith(base):
            out = r"\operatorname{" + base + "}" + out[len(base):]
        return out

    def _print_Function(self, expr, exp=None):
        """A power of a named quantity is written after its argument, Var(o)², not Var²(o)
        (which reads as Var applied twice); sin² x keeps SymPy's form."""
        if exp is not None and isinstance(expr, AppliedUndef):
            return "{" + super()._print_Function(expr) + "}^{" + exp + "}"
        return super()._print_Function(expr, exp=exp)

    def _print_E(self, expr, exp=None):
        out = r"\mathbb{E}\left[" + self._print(expr.args[0]) + r"\right]"
        return out if exp is None else out + "^{" + exp + "}"


@functools.lru_cache(maxsize=8192)
def _hand_built(expr: sp.Basic) -> bool:
    """A sum or product written unevaluated: evaluating its arguments again changes it
    (a product of products is flattened, a number is distributed over a sum, ...)."""
    if not isinstance(expr, (sp.Add, sp.Mul)):
        return False
    try:
        return expr.func(*expr.args) != expr
    except Exception:  # an expression SymPy cannot rebuild is shown as SymPy prints it
        return False


def to_latex(expr) -> str:
    return _to_latex(sp.sympify(expr))


@functools.lru_cache(maxsize=8192)
def _to_latex(expr: sp.Basic) -> str:
    # a chain's expressions recur in the next step's chain and in the claims: print once
    return _Printer().doprint(expr)


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


_OPENERS = {"(", "[", "{", "|", ",", "=", "<", ">", "≤", "≥", "∈", "+", "−", "⋅", "×"}


def _prefix_signs(el: ET.Element) -> None:
    """A sign right after an opening bracket, a comma or a relation is a prefix
    (``U(−b, b)``, not ``U( − b, b)``)."""
    kids = list(el)
    for before, sign in itertools.pairwise(kids):
        if (_tag(sign) == "mo" and sign.text in ("−", "-", "+") and _tag(before) == "mo"
                and (before.text or "") in _OPENERS and not sign.get("form")):
            sign.set("form", "prefix")


def _fix(el: ET.Element) -> None:
    for child in el:
        _fix(child)
    tag = _tag(el)
    if tag == "mrow":
        _unstretch_flat_fences(el)
    if tag in ("mrow", "math", "mtd", "msqrt", "mstyle"):
        _prefix_signs(el)
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


def _compact(el: ET.Element) -> None:
    """An ``mrow`` with one child is that child (``<mrow><mn>11</mn></mrow>`` → ``<mn>11</mn>``);
    the ``fence`` flag, used only by :func:`_unstretch_flat_fences`, is dropped.  The
    pages carry thousands of formulas, and these cut their weight by about a third."""
    for k, child in enumerate(list(el)):
        _compact(child)
        kids = list(child)
        if _tag(child) == "mrow" and len(kids) == 1 and not child.attrib and not child.text:
            el.remove(child)
            el.insert(k, kids[0])
    el.attrib.pop("fence", None)


def latex_to_mathml(latex: str, display: str = "block") -> str:
    """MathML for ``latex``; LaTeX the converter cannot read is shown as text.

    The ``math`` element carries no namespace declaration: in an HTML page the
    parser puts it in the MathML namespace by its name.
    """
    return _converted(latex, display, convert)


@functools.lru_cache(maxsize=8192)
def _converted(latex: str, display: str, converter) -> str:
    # a chain's rows recur across steps and claims: convert each once per converter
    try:
        root = ET.fromstring(converter(latex, display=display))
    except Exception:  # a rendering gap must not stop the report
        root = ET.Element(f"{{{NS}}}math", display=display)
        ET.SubElement(root, f"{{{NS}}}mtext").text = latex
    _fix(root)
    _compact(root)
    out = ET.tostring(root, encoding="unicode", short_empty_elements=True)
    return out.replace(f' xmlns="{NS}"', "", 1)


#: Where an inline formula may break, as TeX breaks one: after a relation or a binary + or −
#: outside brackets.
_BREAK_AFTER = {"=", "≠", "<", ">", "≤", "≥", "≈", "→", "↦", "∼", "~", "+", "−"}
#: An inline formula showing fewer characters than this is never broken.
BREAK_LENGTH = 24


def inline_mathml(latex: str) -> str:
    """Inline maths that may wrap: a long formula becomes several ``math`` elements, split
    after a relation or a binary + or − outside brackets, with a break opportunity between
    them (a ``math`` element never wraps inside, so a long one in a heading would make a
    phone's page scroll sideways).  Each piece's last operator keeps its infix spacing.

    >>> inline_mathml("x = 1").count("<math")
    1
    >>> long = "E[f] = 1/\\\\sqrt{2 \\\\pi} + \\\\alpha (e^{1/2} \\\\Phi(-1) - 1/2)"
    >>> inline_mathml(long).count("<math")
    3
    """
    whole = latex_to_mathml(latex, display="inline")
    try:
        root = ET.fromstring(whole)
    except ET.ParseError:  # (a control character): shown as it is
        return whole
    if len("".join(root.itertext())) < BREAK_LENGTH:
        return whole
    kids = list(root)
    row = kids[0] if len(kids) == 1 and _tag(kids[0]) == "mrow" else root
    pieces, piece, depth = [], [], 0
    for k, token in enumerate(list(row)):
        piece.append(token)
        text = token.text or ""
        if _tag(token) != "mo":
            continue
        depth += (text in "([{") - (text in ")]}")
        if (depth == 0 and text in _BREAK_AFTER and token.get("form") != "prefix"
                and 0 < k < len(row) - 1):
            token.set("form", "infix")
            pieces.append(piece)
            piece = []
    pieces.append(piece)
    if len(pieces) == 1:
        return whole
    out = []
    for tokens in pieces:
        math = ET.Element(f"{{{NS}}}math", display="inline")
        holder = ET.SubElement(math, f"{{{NS}}}mrow") if len(tokens) > 1 else math
        holder.extend(tokens)
        out.append(ET.tostring(math, encoding="unicode", short_empty_elements=True)
                   .replace(f' xmlns="{NS}"', "", 1))
    return "<wbr>".join(out)


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
