"""Argument validation at the boundary of every public function in :mod:`impl`.

One module for the whole project, so that every chapter rejects bad input the
same way: a :class:`TypeError` when the argument has the wrong kind (a float
where an integer is needed, a seed where a generator is needed), a
:class:`ValueError` when it has the right kind but an invalid value (a
negative width, a NaN slope).  Every message names the argument, says what is
valid and shows what was passed, e.g.::

    fan_in must be a positive integer (an int >= 1); got 0

Each ``check_*`` function returns the value in its canonical Python type
(``int``, ``float``, ``str``, a float64 array), so callers use the returned
value and never the raw argument.  Booleans are refused wherever a number is
expected: ``True`` is an ``int`` to Python but never a layer width, a rate or a
gain.  Nothing here uses ``assert``, which ``python -O`` removes.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable

import numpy as np

__all__ = [
    "check_array",
    "check_choice",
    "check_finite_nonneg",
    "check_finite_positive",
    "check_finite_real",
    "check_generator",
    "check_nonneg_int",
    "check_positive_int",
    "check_probability",
]


def _shown(value: object) -> str:
    """``value`` as the messages show it: its repr and, when unclear, its type."""
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    kind = type(value).__name__
    if isinstance(value, bool | np.bool_) or kind not in {"int", "float", "str"}:
        return f"{text} ({kind})"
    return text


def _is_bool(value: object) -> bool:
    return isinstance(value, bool | np.bool_)


# ------------------------------------------------------------------ integers


def _integer(name: str, value: object, what: str) -> int:
    if _is_bool(value) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be {what}; got {_shown(value)}")
    return int(value)


def check_positive_int(name: str, value: object) -> int:
    """``value`` as an ``int >= 1`` (a Python or NumPy integer, not a bool or a float).

    >>> check_positive_int("fan_in", 3)
    3
    >>> check_positive_int("fan_in", 0)
    Traceback (most recent call last):
    ...
    ValueError: fan_in must be a positive integer (an int >= 1); got 0
    >>> check_positive_int("fan_in", 3.0)
    Traceback (most recent call last):
    ...
    TypeError: fan_in must be a positive integer (an int >= 1); got 3.0
    """
    what = "a positive integer (an int >= 1)"
    number = _integer(name, value, what)
    if number < 1:
        raise ValueError(f"{name} must be {what}; got {_shown(value)}")
    return number


def check_nonneg_int(name: str, value: object) -> int:
    """``value`` as an ``int >= 0`` (a Python or NumPy integer, not a bool or a float).

    >>> check_nonneg_int("step", 0)
    0
    """
    what = "a non-negative integer (an int >= 0)"
    number = _integer(name, value, what)
    if number < 0:
        raise ValueError(f"{name} must be {what}; got {_shown(value)}")
    return number


# --------------------------------------------------------------------- reals


def check_finite_real(name: str, value: object, what: str = "a finite real number") -> float:
    """``value`` as a finite ``float`` (an int, float or NumPy real; not a bool).

    ``what`` describes the valid values in the messages, so the stricter
    checks below share this one.

    >>> check_finite_real("momentum", 0.9)
    0.9
    >>> check_finite_real("momentum", float("nan"))
    Traceback (most recent call last):
    ...
    ValueError: momentum must be a finite real number; got nan
    """
    if _is_bool(value) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be {what}; got {_shown(value)}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be {what}; got {_shown(value)}")
    return number


def check_finite_nonneg(name: str, value: object) -> float:
    """``value`` as a finite ``float >= 0``.

    >>> check_finite_nonneg("gain", 1)
    1.0
    >>> check_finite_nonneg("gain", -1.0)
    Traceback (most recent call last):
    ...
    ValueError: gain must be a finite real number >= 0; got -1.0
    """
    what = "a finite real number >= 0"
    number = check_finite_real(name, value, what)
    if number < 0:
        raise ValueError(f"{name} must be {what}; got {_shown(value)}")
    return number


def check_finite_positive(name: str, value: object) -> float:
    """``value`` as a finite ``float > 0``.

    >>> check_finite_positive("lr", 1e-3)
    0.001
    """
    what = "a finite real number > 0"
    number = check_finite_real(name, value, what)
    if number <= 0:
        raise ValueError(f"{name} must be {what}; got {_shown(value)}")
    return number


def check_probability(name: str, value: object, *, include_zero: bool = True,
                      include_one: bool = False) -> float:
    """``value`` as a probability ``float`` in ``[0, 1)`` (the ends as requested).

    The default interval ``[0, 1)`` fits a dropout rate: ``p = 1`` would drop
    every unit and divide by ``1 - p = 0``.

    >>> check_probability("p", 0.5)
    0.5
    >>> check_probability("p", 1.0)
    Traceback (most recent call last):
    ...
    ValueError: p must be a probability in [0, 1); got 1.0
    """
    interval = ("[" if include_zero else "(") + "0, 1" + ("]" if include_one else ")")
    what = f"a probability in {interval}"
    number = check_finite_real(name, value, what)
    low_ok = number > 0 or (include_zero and number == 0)
    high_ok = number < 1 or (include_one and number == 1)
    if not (low_ok and high_ok):
        raise ValueError(f"{name} must be {what}; got {_shown(value)}")
    return number


# ---------------------------------------------------------- other arguments


def check_choice(name: str, value: object, choices: Iterable[str]) -> str:
    """``value`` as one of the strings ``choices``.

    >>> check_choice("mode", "fan_in", ("fan_in", "fan_out"))
    'fan_in'
    >>> check_choice("mode", "fan_sum", ("fan_in", "fan_out"))
    Traceback (most recent call last):
    ...
    ValueError: mode must be one of 'fan_in', 'fan_out'; got 'fan_sum'
    """
    options = tuple(choices)
    listed = ", ".join(repr(c) for c in options)
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {listed}; got {_shown(value)}")
    if value not in options:
        raise ValueError(f"{name} must be one of {listed}; got {_shown(value)}")
    return value


def check_generator(name: str, rng: object) -> np.random.Generator:
    """``rng`` if it is a :class:`numpy.random.Generator`.

    Seeds, ``None`` and the legacy :class:`numpy.random.RandomState` are
    refused rather than converted: the caller owns the stream of random
    numbers, and a silently created generator would make results depend on
    hidden state.

    >>> check_generator("rng", np.random.default_rng(0)) is not None
    True
    >>> check_generator("rng", 0)
    Traceback (most recent call last):
    ...
    TypeError: rng must be a numpy.random.Generator, e.g. numpy.random.default_rng(seed); got 0
    """
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"{name} must be a numpy.random.Generator, e.g. "
                        f"numpy.random.default_rng(seed); got {_shown(rng)}")
    return rng


def check_array(name: str, value: object, *, ndim: int | None = None,
                finite: bool = True) -> np.ndarray:
    """``value`` as a float64 array, optionally of ``ndim`` dimensions, all finite.

    Booleans, complex numbers, strings and objects are refused rather than
    converted.

    >>> check_array("x", [[1, 2], [3, 4]], ndim=2).dtype
    dtype('float64')
    >>> check_array("x", [1.0, float("inf")])
    Traceback (most recent call last):
    ...
    ValueError: x must contain only finite numbers; found 1 non-finite entries (nan or inf)
    """
    array = np.asarray(value)
    if array.dtype == np.bool_ or array.dtype.kind not in "iuf":
        raise TypeError(f"{name} must be an array of real numbers; got dtype {array.dtype} "
                        f"from {_shown(value)}")
    if ndim is not None and array.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s); got shape {array.shape}")
    array = array.astype(np.float64, copy=False)
    if finite:
        bad = int(np.size(array) - np.count_nonzero(np.isfinite(array)))
        if bad:
            raise ValueError(f"{name} must contain only finite numbers; found {bad} "
                             f"non-finite entries (nan or inf)")
    return array
