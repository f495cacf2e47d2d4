"""PyTorch's activations under the reference's names and contract (convert, call torch,
convert back).

Conventions converted here:

* inputs become float64 tensors (``torch.as_tensor(x, dtype=torch.float64)``) and outputs
  NumPy float64 arrays; forward returns ``(out, cache)`` with the autograd graph in the
  cache, and ``<name>_backward(dout, cache)`` is ``torch.autograd.grad(out, x, dout)``;
* ``leaky_relu_forward(x, negative_slope)`` and ``elu_forward(x, alpha)`` pass the option
  by torch's own keyword; ``gelu_forward`` is ``F.gelu(x, approximate="none")`` (the exact
  erf form the reference claims);
* ``gain(name, direction="forward", **options)`` is ``torch.nn.init.calculate_gain``:
  ``"identity"`` maps to torch's ``"linear"``, ``negative_slope`` to its ``param``;
  ``direction`` is accepted but torch has a single table (its values are not the derived
  fixed-point gains, see ``derivations/activations/computed.py``);
* ``two_layer_forward``/``two_layer_backward``: the slide's network built from these
  activations, ``loss = 0.5 * sum((X @ W1 -> f -> @ W2 - y)^2)``, gradients by autograd;
* ``SELU_ALPHA`` and ``SELU_SCALE`` are read from ``torch.nn.functional.selu`` itself
  (``selu(1)`` is the scale, ``selu(-inf)/(-scale)`` the alpha) rather than typed.

Validation is torch's own (the reference's input contract is a ``kind="contract"`` check,
run here only with ``--contract``).
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F  # noqa: N812 - the name every PyTorch reader knows

#: PyTorch's own values that differ from the claims, with the reason and a reproduction.
KNOWN_DISCREPANCIES = {
    "activations.gain_is_the_derived_gain": (
        "calculate_gain is a different definition, not a bug: its tanh 5/3 and selu 3/4 are "
        "chosen empirically (torch's documentation says so) and sigmoid is 1, while the "
        "derived fixed-point gains are 1.5925 (tanh), 1 (selu), 1.8462 (sigmoid); elu, gelu "
        "and silu raise ValueError. Reproduction: torch.nn.init.calculate_gain('tanh') == 5/3."),
}

__all__ = [
    "SELU_ALPHA",
    "SELU_SCALE",
    "elu_backward",
    "elu_forward",
    "gain",
    "gelu_backward",
    "gelu_forward",
    "leaky_relu_backward",
    "leaky_relu_forward",
    "relu_backward",
    "relu_forward",
    "selu_backward",
    "selu_forward",
    "sigmoid_backward",
    "sigmoid_forward",
    "silu_backward",
    "silu_forward",
    "tanh_backward",
    "tanh_forward",
    "two_layer_backward",
    "two_layer_forward",
]

label = "torch.activations"


def _tensor(x, grad: bool = False) -> torch.Tensor:
    t = torch.as_tensor(np.asarray(x), dtype=torch.float64).clone()
    return t.requires_grad_(grad)


def _forward(fn, x, **kwargs):
    t = _tensor(x, grad=True)
    out = fn(t, **kwargs)
    return out.detach().numpy().copy(), {"x": t, "out": out}


def _backward(dout, cache):
    (grad,) = torch.autograd.grad(cache["out"], cache["x"], _tensor(dout), retain_graph=True)
    return grad.numpy().copy()


def sigmoid_forward(x):
    return _forward(torch.sigmoid, x)


def tanh_forward(x):
    return _forward(torch.tanh, x)


def relu_forward(x):
    return _forward(F.relu, x)


def leaky_relu_forward(x, negative_slope: float = 0.01):
    return _forward(F.leaky_relu, x, negative_slope=negative_slope)


def elu_forward(x, alpha: float = 1.0):
    return _forward(F.elu, x, alpha=alpha)


def selu_forward(x):
    return _forward(F.selu, x)


def gelu_forward(x):
    return _forward(F.gelu, x, approximate="none")


def silu_forward(x):
    return _forward(F.silu, x)


sigmoid_backward = tanh_backward = relu_backward = leaky_relu_backward = _backward
elu_backward = selu_backward = gelu_backward = silu_backward = _backward

SELU_SCALE = float(F.selu(torch.tensor(1.0, dtype=torch.float64)))
SELU_ALPHA = float(F.selu(torch.tensor(-float("inf"), dtype=torch.float64))) / -SELU_SCALE

_FUNCTIONS = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": F.relu, "elu": F.elu,
              "selu": F.selu, "gelu": F.gelu, "silu": F.silu, "leaky_relu": F.leaky_relu}


def two_layer_forward(X, W1, W2, y, activation: str = "sigmoid"):
    if activation not in _FUNCTIONS:
        raise ValueError(f"activation must be one of {', '.join(_FUNCTIONS)}; got "
                         f"{activation!r}")
    tensors = [_tensor(a, grad=True) for a in (X, W1, W2)]
    X_t, W1_t, W2_t = tensors
    r = _FUNCTIONS[activation](X_t @ W1_t) @ W2_t - _tensor(y)
    loss = 0.5 * torch.sum(r * r)
    return float(loss.detach()), {"loss": loss, "inputs": tensors}


def two_layer_backward(dout, cache):
    grads = torch.autograd.grad(cache["loss"], cache["inputs"],
                                torch.as_tensor(float(dout), dtype=torch.float64),
                                retain_graph=True)
    return tuple(g.numpy().copy() for g in grads)


def gain(name: str, *, direction: str = "forward", **options):
    """``torch.nn.init.calculate_gain`` under the reference's name."""
    del direction  # torch has one table
    torch_name = {"identity": "linear"}.get(name, name)
    param = options.get("negative_slope", options.get("alpha"))
    return torch.nn.init.calculate_gain(torch_name, param)
