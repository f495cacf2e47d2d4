"""What the activations chapter's checks share: the activations, their claims and oracles.

Every expected value comes from a claim of ``derivations/activations`` through
:func:`dlproofs.oracles.oracle` or from the derivation's own SymPy definition
of the function (lambdified), never from a formula typed here.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np
import sympy as sp

from derivations.activations import common as defs
from derivations.activations.leaky_elu import elu, leaky, relu_pw
from dlproofs.oracles import oracle

#: the option values the checks use (non-default, so a forgotten option shows)
SLOPE = 0.2
ALPHA = 1.7


@functools.cache
def selu_constants() -> tuple[float, float]:
    """(lambda_01, alpha_01) from the claims act.selu.lambda and act.selu.alpha."""
    return float(oracle("act.selu.lambda")()), float(oracle("act.selu.alpha")())


@dataclass(frozen=True)
class Activation:
    """One activation: its reference names, options, definition and derivative claim."""

    name: str
    options: tuple[tuple[str, float], ...] = ()
    derivative_claim: str = ""
    #: the keyword values of the derivative claim's oracle (besides x)
    claim_values: tuple[tuple[str, float], ...] = field(default=())

    @property
    def forward(self) -> str:
        return f"{self.name}_forward"

    @property
    def backward(self) -> str:
        return f"{self.name}_backward"

    @property
    def kwargs(self) -> dict:
        return dict(self.options)

    def run(self, impl, x: np.ndarray, dout: np.ndarray | None = None):
        """(out, dx) of the implementation under test."""
        out, cache = getattr(impl, self.forward)(x, **self.kwargs)
        dx = None if dout is None else getattr(impl, self.backward)(dout, cache)
        return np.asarray(out, dtype=float), None if dx is None else np.asarray(dx, dtype=float)

    def definition(self) -> sp.Expr:
        """f(x) as the derivation defines it."""
        x = defs.x
        lam, a01 = selu_constants()
        return {
            "sigmoid": defs.sigmoid(x), "tanh": sp.tanh(x), "relu": relu_pw(x),
            "leaky_relu": leaky(x, SLOPE), "elu": elu(x, ALPHA),
            "selu": sp.piecewise_fold(lam * elu(x, a01)), "gelu": defs.gelu(x),
            "silu": defs.silu(x),
        }[self.name]

    def expected_forward(self, x: np.ndarray) -> np.ndarray:
        fn = _lambdified(self.name, self.definition())
        return np.asarray(fn(x), dtype=float) * np.ones_like(x)

    def expected_derivative(self, x: np.ndarray) -> np.ndarray:
        """f'(x) from the derivative claim's oracle."""
        values = dict(self.claim_values)
        scale = 1.0
        if self.name == "selu":
            scale, values["alpha"] = selu_constants()
        if self.name == "relu":
            return np.where(x > 0, 1.0, 0.0) * oracle(self.derivative_claim)(x=np.abs(x) + 1)
        return scale * np.asarray(oracle(self.derivative_claim)(x=x, **values),
                                  dtype=float) * np.ones_like(x)


@functools.cache
def _lambdified(name: str, expr: sp.Expr):
    return sp.lambdify(defs.x, expr, modules=["scipy", "numpy"])


ACTIVATIONS: tuple[Activation, ...] = (
    Activation("sigmoid", (), "act.sigmoid.derivative"),
    Activation("tanh", (), "act.tanh.derivative"),
    Activation("relu", (), "act.relu.derivative"),
    Activation("leaky_relu", (("negative_slope", SLOPE),), "act.leaky.derivative",
               (("a", SLOPE),)),
    Activation("elu", (("alpha", ALPHA),), "act.elu.derivative", (("alpha", ALPHA),)),
    Activation("selu", (), "act.elu.derivative"),
    Activation("gelu", (), "act.gelu.derivative"),
    Activation("silu", (), "act.silu.derivative"),
)
BY_NAME = {a.name: a for a in ACTIVATIONS}
DERIVATIVE_CLAIMS = tuple(dict.fromkeys(a.derivative_claim for a in ACTIVATIONS))


def grid(rng: np.random.Generator, size: int = 64, scale: float = 3.0) -> np.ndarray:
    """Moderate inputs away from 0 (the kinks), shaped (8, size // 8)."""
    x = rng.normal(0.0, scale, size=size)
    x = np.where(np.abs(x) < 1e-3, 0.5, x)
    return x.reshape(8, -1)
