"""Directional central finite-difference gradient checks, shared by every chapter.

design.md, "Gradient checks": for a random direction ``v`` and a random upstream
gradient ``c``, compare

    numeric  = (4 D(h/2) - D(h)) / 3,   D(h) = (L(h) - L(-h)) / 2h,   L(t) = <c, f(x + t v)>,
    analytic = <backward(c), v> = sum_k <g_k, v_k>

(one pair ``(g_k, v_k)`` per argument of ``f``), in float64 with h = 1e-6 and a
relative error of at most 1e-7.  The plain central difference ``D(h)`` has
truncation error O(h^2 L'''), its rounding error O(eps_mach |L| / h) [Nocedal &
Wright, *Numerical Optimization*, 2nd ed., 2006, sec. 8.1]; one Richardson
extrapolation step cancels the h^2 term, leaving O(h^4) [Burden & Faires,
*Numerical Analysis*, sec. 4.2].  It matters for sharply curved functions:
batch norm of two nearly equal values with eps = 1e-5 has L''' of order
eps^(-3/2), where D(h) alone errs by about 1e-7 of the terms.

The error is measured relative to the *magnitude of the terms*
``sum_k sum_i |g_k[i] v_k[i]|``, not to ``|analytic|``: the directional
derivative can cancel to nearly 0 by chance while its terms are large, and the
rounding in both the forward passes and the inner product scales with the
terms, not with their sum.  There is no absolute floor either, so the check is
invariant to rescaling the loss: a gradient off by 1e-5 of its own size is
rejected at any scale.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

import numpy as np
from numpy.typing import ArrayLike

#: The finite-difference step (central differences, float64; design.md).
FD_STEP = 1e-6
#: Relative tolerance of the directional check, of the terms' magnitude (design.md).
FD_RTOL = 1e-7

#: The phrase every failure message carries (tests match it with pytest.raises).
DISAGREES = "disagrees with central finite differences"


def directional_check(loss_of_t: Callable[[float], float],
                      grads_and_directions: Iterable[tuple[ArrayLike, ArrayLike]], *,
                      subject: str, law: str, h: float = FD_STEP,
                      rtol: float = FD_RTOL) -> tuple[float, float]:
    """Check ``<backward(c), v>`` against the central difference of ``t -> <c, f(x + t v)>``.

    ``loss_of_t(t)`` must return the scalar ``<c, f(x + t v)>`` (every argument of
    ``f`` moved along its own direction); ``grads_and_directions`` holds the pairs
    ``(g_k, v_k)`` of the backward pass's gradients and the matching directions,
    whose inner products sum to the analytic derivative.  Raises
    :class:`AssertionError` naming ``subject`` and ``law`` when

        |numeric - analytic| > rtol * max(sum_k sum_i |g_k[i] v_k[i]|, |numeric|),

    when a gradient's shape differs from its direction's, or when any value is not
    finite.  Returns ``(analytic, numeric)`` (for the report's agreement plot).

    >>> a = np.array([1.0, -2.0, 3.0])
    >>> v = np.array([0.5, 0.25, -1.0])
    >>> analytic, numeric = directional_check(lambda t: float(a @ (a + t * v)),
    ...                                       [(a, v)], subject="x.x", law="d<a, x> = a")
    >>> analytic
    -3.0
    """
    if not (isinstance(h, float | int) and math.isfinite(h) and h > 0):
        raise ValueError(f"h must be a finite positive step, got {h!r}")
    if not (isinstance(rtol, float | int) and math.isfinite(rtol) and rtol > 0):
        raise ValueError(f"rtol must be a finite positive tolerance, got {rtol!r}")
    pairs = [(np.asarray(g, dtype=float), np.asarray(v, dtype=float))
             for g, v in grads_and_directions]
    if not pairs:
        raise ValueError("grads_and_directions must hold at least one (gradient, direction) pair")

    def fail(what: str) -> AssertionError:
        return AssertionError(f"{subject}: violates {law}: backward {DISAGREES} ({what})")

    for k, (g, v) in enumerate(pairs):
        if g.shape != v.shape:
            raise fail(f"gradient {k} has shape {g.shape}, its direction {v.shape}")
    products = [g * v for g, v in pairs]
    analytic = float(sum(np.sum(p) for p in products))
    terms = float(sum(np.sum(np.abs(p)) for p in products))
    def central(step: float) -> float:
        return (float(loss_of_t(step)) - float(loss_of_t(-step))) / (2 * step)

    numeric = (4 * central(h / 2) - central(h)) / 3  # Richardson: the h^2 error cancels
    if not all(math.isfinite(a) for a in (analytic, numeric, terms)):
        raise fail(f"non-finite values: directional derivative {analytic!r} vs {numeric!r}")
    scale = max(terms, abs(numeric), np.finfo(float).tiny)
    error = abs(numeric - analytic) / scale
    if error > rtol:
        raise fail(f"directional derivative {analytic:.12g} vs {numeric:.12g}, error "
                   f"{error:.2e} of the terms' magnitude {terms:.3g} > {rtol:g}")
    return analytic, numeric
