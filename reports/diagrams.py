"""Hand-drawn figures (inline SVG) that lead a derivation on its chapter page.

:data:`DIAGRAMS` maps a derivation id to an SVG drawn here, in plain SVG with
no script and no external reference, so it passes the pages' CSP.
"""

from __future__ import annotations

__all__ = ["DIAGRAMS"]

_NODE = ('<g><rect x="{x}" y="{y}" width="{w}" height="34" rx="8" fill="{fill}" '
         'stroke="#2f5aa8" stroke-width="1.4"/><text x="{cx}" y="{ty}" text-anchor="middle" '
         'font-size="16" font-family="serif" fill="#1d232b">{label}</text></g>')


def _node(x: int, y: int, w: int, label: str, fill: str = "#f2f6fd") -> str:
    return _NODE.format(x=x, y=y, w=w, cx=x + w // 2, ty=y + 23, label=label, fill=fill)


def _arrow(x1: float, y1: float, x2: float, y2: float, color: str = "#2f5aa8",
           dashed: bool = False) -> str:
    dash = ' stroke-dasharray="5 4"' if dashed else ""
    return (f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{color}" '
            f'stroke-width="1.6" marker-end="url(#bn-arrow-{"back" if dashed else "fwd"})"'
            f"{dash}/>")


def _batchnorm_graph() -> str:
    """x_i → μ → σ² → x̂_i → y_i → ℓ, with the backward stages numbered."""
    parts = [
        '<svg class="diagram" viewBox="0 0 760 250" role="img" '
        'aria-label="The computational graph of batch normalization">',
        '<defs><marker id="bn-arrow-fwd" viewBox="0 0 10 10" refX="9" refY="5" '
        'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#2f5aa8"/></marker>'
        '<marker id="bn-arrow-back" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#b42318"/></marker></defs>',
        _node(20, 100, 70, "x\u1d62"),
        _node(170, 30, 70, "\u03bc"),
        _node(300, 100, 80, "\u03c3\u00b2"),
        _node(450, 170, 80, "x\u0302\u1d62"),
        _node(580, 170, 70, "y\u1d62"),
        _node(690, 170, 50, "\u2113"),
        # forward edges
        _arrow(90, 110, 170, 55), _arrow(240, 55, 300, 110), _arrow(90, 122, 300, 120),
        _arrow(90, 130, 450, 182), _arrow(240, 62, 452, 175), _arrow(380, 130, 455, 172),
        _arrow(530, 187, 580, 187), _arrow(650, 187, 690, 187),
        # the backward stages
        '<g font-size="13" font-family="sans-serif" fill="#b42318">',
        '<text x="548" y="160">\u2460 \u2202\u2113/\u2202x\u0302\u1d62 = \u03b3 \u2202\u2113/'
        '\u2202y\u1d62</text>',
        '<text x="392" y="92">\u2461 \u2202\u2113/\u2202\u03c3\u00b2</text>',
        '<text x="252" y="22">\u2462 \u2202\u2113/\u2202\u03bc</text>',
        '<text x="10" y="170">\u2463 \u2202\u2113/\u2202x\u1d62: three paths</text>',
        "</g>",
        '<text x="20" y="240" font-size="12" font-family="sans-serif" fill="#5b6573">'
        "Blue: the forward pass (x\u1d62 feeds \u03bc, \u03c3\u00b2 and x\u0302\u1d62). Red "
        "numbers: the order in which the backward pass computes the gradients.</text>",
        "</svg>",
    ]
    return "".join(parts)


DIAGRAMS = {"bn.backward.staged": _batchnorm_graph()}
