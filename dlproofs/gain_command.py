"""``dlproofs gain [NAME]``: the derived gain of each activation, beside PyTorch's.

Reads the derived values from :mod:`derivations.activations` (never from ``impl``):
the kernel proved each moment as an exact number, an erf closed form or a Gaussian
integral, and :mod:`derivations.activations.computed` evaluates it (20 digits).
For each activation the table prints ``E[f(z)^2]`` and ``E[f'(z)^2]`` for
``z ~ N(0, 1)``, the forward gain ``1/sqrt(E[f(z)^2])`` (the signal's variance stays
at ``q* = 1``), the backward gain ``1/sqrt(E[f'(z)^2])`` (the gradient keeps its
size), PyTorch's ``calculate_gain`` and what it keeps: the fixed point ``q*`` of the
variance map at PyTorch's gain and the gradient factor ``chi`` per layer there.

    $ dlproofs gain            # the whole table
    $ dlproofs gain tanh       # one activation, with its claims and how each value was got
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

__all__ = ["main"]


def _fmt(value, digits: int = 13) -> str:
    import mpmath as mp

    if value is None:
        return "-"
    with mp.workdps(30):  # the derived values carry 20 digits; keep them
        return mp.nstr(mp.mpf(value), digits)


def _keeps(name: str, gain: float | None) -> str:
    from derivations.activations.computed import HOMOGENEOUS, fixed_point

    if gain is None:
        return "unsupported (ValueError)"
    q, chi = fixed_point(name, float(gain))
    if name in HOMOGENEOUS:
        return f"every q (f is homogeneous); chi = {chi:.4f}"
    if q is None:
        return "no fixed point q* > 0: the variance decays or grows"
    return f"q* = {q:.4f}, chi = {chi:.4f}"


def _table(names: Sequence[str], out) -> None:
    from derivations.activations.computed import row

    header = (f"{'activation':<16}{'E[f(z)^2]':>18}{'E[f`(z)^2]':>18}{'gain fwd':>18}"
              f"{'gain bwd':>18}{'PyTorch':>10}  what PyTorch's gain keeps")
    print(header.replace("`", "'"), file=out)
    for name in names:
        r = row(name)
        opts = ",".join(f"{k}={v:g}" for k, v in r.options.items())
        label = f"{name}({opts})" if opts else name
        torch = "-" if r.torch_gain is None else f"{r.torch_gain:.6g}"
        print(f"{label:<16}{_fmt(r.forward_moment.value):>18}{_fmt(r.backward_moment.value):>18}"
              f"{_fmt(r.forward_gain):>18}{_fmt(r.backward_gain):>18}{torch:>10}  "
              f"{_keeps(name, r.torch_gain)}", file=out)
    print("\ngain fwd = 1/sqrt(E[f(z)^2]) keeps Var(h) at q* = 1 (weights of variance "
          "gain^2/fan_in); gain bwd = 1/sqrt(E[f'(z)^2]) keeps the gradient's size; chi = "
          "gain^2 E[f'(h)^2] at q*, the gradient's factor per layer at PyTorch's gain.",
          file=out)


def _detail(name: str, out) -> None:
    from derivations.activations.computed import row

    r = row(name)
    print(f"{name} {r.options or ''}".rstrip(), file=out)
    for label, m in (("E[f(z)^2]", r.forward_moment), ("E[f'(z)^2]", r.backward_moment)):
        print(f"  {label:<11} = {m.value}  ({m.claim}; {m.method}"
              + (f"; independent double-precision evaluation agrees to {m.check:.1e}"
                 if m.check else "") + ")", file=out)
    print(f"  forward gain  = {_fmt(r.forward_gain, 18)}  (act.gain.{name}.forward)", file=out)
    print(f"  backward gain = {_fmt(r.backward_gain, 18)}  (act.gain.{name}.backward)", file=out)
    torch = "unsupported" if r.torch_gain is None else f"{r.torch_gain:.17g}"
    print(f"  PyTorch calculate_gain = {torch}: {_keeps(name, r.torch_gain)}", file=out)


def main(argv: Sequence[str] | None = None, out=None) -> int:
    """Print the derived gain table (or one activation's row); 0 on success, 2 on a bad name."""
    from derivations.activations.gains import NAMES

    out = out or sys.stdout
    parser = argparse.ArgumentParser(prog="dlproofs gain", description=__doc__.splitlines()[0])
    parser.add_argument("name", nargs="?", help=f"one of {', '.join(NAMES)}")
    args = parser.parse_args(argv)
    if args.name is None:
        _table(NAMES, out)
        return 0
    name = {"linear": "identity"}.get(args.name, args.name)
    if name not in NAMES:
        print(f"dlproofs gain: unknown activation {args.name!r}; choose one of "
              f"{', '.join(NAMES)}", file=sys.stderr)
        return 2
    _detail(name, out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
