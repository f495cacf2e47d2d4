"""Known-wrong variants of the activations chapter: each must be rejected by its checks.

The formulas here are written independently of ``impl`` on purpose (plausible
mistakes, several straight from the slides or from common code).
"""

from __future__ import annotations

import math

import numpy as np
from scipy import special

from dlproofs.checks import wrong

C = "activations."


def _sig(x):
    return special.expit(x)


def _plain_forward(fn, **options):
    """A correct forward of this module's own, whose cache the wrong backward reads (so a
    variant never depends on the cache layout of the implementation under test)."""
    def forward(x, **kwargs):
        x = np.asarray(x, dtype=float)
        opts = {**options, **kwargs}
        return fn(x, **opts), {"x": x, **opts}
    return forward


def _elu(x, alpha=1.0):
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0.0)))


def _leaky(x, negative_slope=0.01):
    return np.where(x > 0, x, negative_slope * x)


def sigmoid_backward_one_plus(dout, cache):
    """sigma' written as sigma (1 + sigma)."""
    s = _sig(cache["x"])
    return dout * s * (1 + s)


def tanh_backward_one_minus(dout, cache):
    """tanh' written as 1 - tanh (the square forgotten)."""
    return dout * (1 - np.tanh(cache["x"]))


def elu_backward_right_branch_at_zero(dout, cache):
    """ELU's derivative with the x >= 0 branch at 0 (the slide's split): 1, not alpha."""
    x, alpha = cache["x"], cache["alpha"]
    return dout * np.where(x >= 0, 1.0, alpha * np.exp(np.minimum(x, 0.0)))


def gelu_forward_tanh(x):
    """GELU by the tanh approximation, where the exact erf form is claimed."""
    x = np.asarray(x, dtype=float)
    out = 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)))
    return out, {"x": x}


_NET = {"sigmoid": (_sig, lambda z: _sig(z) * _sig(-z)),
        "tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2),
        "relu": (lambda z: np.maximum(z, 0.0), lambda z: (z > 0) * 1.0),
        "elu": (_elu, lambda z: np.where(z > 0, 1.0, np.exp(np.minimum(z, 0.0)))),
        "gelu": (lambda z: z * special.ndtr(z),
                 lambda z: special.ndtr(z) + z * np.exp(-z * z / 2) / math.sqrt(2 * math.pi))}


def two_layer_forward_plain(X, W1, W2, y, activation="sigmoid"):
    """The slide's network, written here (the variants' own forward)."""
    f, fprime = _NET[activation]
    X, W1, W2, y = (np.asarray(a, dtype=float) for a in (X, W1, W2, y))
    z = X @ W1
    a = f(z)
    r = a @ W2 - y
    return 0.5 * float(np.sum(r * r)), {"X": X, "W1": W1, "W2": W2, "a": a, "r": r,
                                        "slope": fprime(z)}


def two_layer_backward_w1_for_x(dout, cache):
    """The slide's dL/dW1 = delta W2 f'(X W1) * W1: W1 where X belongs."""
    delta = dout * cache["r"]
    dz = (delta @ cache["W2"].T) * cache["slope"]
    return dz @ cache["W1"].T, cache["W1"] * dz.sum(axis=0), cache["a"].T @ delta


def two_layer_backward_no_activation_slope(dout, cache):
    """Backward through the network that skips f'(X W1) (the activation treated as linear)."""
    delta = dout * cache["r"]
    dz = delta @ cache["W2"].T
    return dz @ cache["W1"].T, cache["X"].T @ dz, cache["a"].T @ delta


def sigmoid_forward_naive(x):
    """1/(1 + exp(-x)): overflows for x < -709."""
    x = np.asarray(x, dtype=float)
    out = 1 / (1 + np.exp(-x))
    return out, {"x": x, "out": out}


def selu_forward_no_scale(x):
    """SELU with lambda forgotten (ELU at alpha_01)."""
    x = np.asarray(x, dtype=float)
    return _elu(x, 1.6732632423543772), {"x": x}


def selu_backward_no_scale(dout, cache):
    x = cache["x"]
    return dout * np.where(x > 0, 1.0, 1.6732632423543772 * np.exp(np.minimum(x, 0.0)))


def tanh_half_backward(dout, cache):
    return dout * 2 * _sig(cache["x"]) * _sig(-cache["x"])


def relu_backward_no_mask(dout, cache):
    """ReLU's backward that passes every gradient (the mask forgotten)."""
    return np.asarray(dout, dtype=float) * 1.0


def leaky_relu_backward_zero_slope(dout, cache):
    """Leaky ReLU's backward with ReLU's 0 on the left."""
    return np.where(cache["x"] > 0, dout, 0.0)


def silu_backward_gate_only(dout, cache):
    """SiLU' written as sigma(x) (the x sigma' term forgotten)."""
    return dout * _sig(cache["x"])


def tanh_forward_half(x):
    """tanh(x) as 2 sigma(x) - 1 (the identity is 2 sigma(2x) - 1): tanh(x/2)."""
    x = np.asarray(x, dtype=float)
    out = 2 * _sig(x) - 1
    return out, {"x": x, "out": out}


def gain_torch_table(name, *, direction="forward", **options):
    """PyTorch's calculate_gain values, where the derived gain is claimed."""
    table = {"relu": math.sqrt(2), "tanh": 5 / 3, "sigmoid": 1.0, "selu": 0.75}
    if name == "leaky_relu":
        return math.sqrt(2 / (1 + options.get("negative_slope", 0.01) ** 2))
    return table.get(name, 1.0)


wrong("act.sigmoid_one_plus", chapter="activations",
      why="sigma' = sigma (1 + sigma): the sign inside the bracket",
      replaces={"sigmoid_forward": _plain_forward(_sig),
                "sigmoid_backward": sigmoid_backward_one_plus},
      rejected_by=(C + "derivatives_match_derivations",
                   C + "backward_agrees_with_finite_differences",
                   C + "backward_moment_matches_gaussian_integral",
                   C + "gradient_through_sigmoid_stack_obeys_the_bound"))
wrong("act.tanh_one_minus", chapter="activations", why="tanh' = 1 - tanh (no square)",
      replaces={"tanh_forward": _plain_forward(np.tanh),
                "tanh_backward": tanh_backward_one_minus},
      rejected_by=(C + "derivatives_match_derivations",
                   C + "backward_agrees_with_finite_differences",
                   C + "backward_moment_matches_gaussian_integral",
                   C + "extreme_inputs_are_finite_and_exact"))
wrong("act.elu_right_branch_at_zero", chapter="activations",
      why="ELU's derivative at 0 from the x >= 0 branch (1) instead of PyTorch's alpha",
      replaces={"elu_forward": _plain_forward(_elu, alpha=1.0),
                "elu_backward": elu_backward_right_branch_at_zero},
      rejected_by=(C + "derivative_at_zero_takes_the_left_branch",))
wrong("act.gelu_tanh_approximation", chapter="activations",
      why="GELU by its tanh approximation where the exact erf form is claimed",
      replaces={"gelu_forward": gelu_forward_tanh},
      rejected_by=(C + "forward_definitions",))
wrong("act.backprop_w1_for_x", chapter="activations",
      why="the slide's dL/dW1 ending in W1 where X belongs",
      replaces={"two_layer_forward": two_layer_forward_plain,
                "two_layer_backward": two_layer_backward_w1_for_x},
      rejected_by=(C + "two_layer_backward_agrees_with_finite_differences",))
wrong("act.sigmoid_naive_overflow", chapter="activations",
      why="1/(1 + exp(-x)) overflows at x = -1000",
      replaces={"sigmoid_forward": sigmoid_forward_naive,
                "sigmoid_backward": lambda dout, cache: dout * cache["out"] * (1 - cache["out"])},
      rejected_by=(C + "extreme_inputs_are_finite_and_exact",))
wrong("act.selu_no_scale", chapter="activations", why="SELU without its scale lambda",
      replaces={"selu_forward": selu_forward_no_scale,
                "selu_backward": selu_backward_no_scale},
      rejected_by=(C + "forward_definitions", C + "forward_moment_matches_gaussian_integral",
                   C + "deep_selu_stack_at_derived_gain_stays_at_the_fixed_point"))
wrong("act.relu_no_mask", chapter="activations", why="ReLU's backward passes every gradient",
      replaces={"relu_forward": _plain_forward(lambda x: np.maximum(x, 0.0)),
                "relu_backward": relu_backward_no_mask},
      rejected_by=(C + "derivatives_match_derivations",
                   C + "dead_relu_fraction_matches_its_formula",
                   C + "derivative_at_zero_takes_the_left_branch"))
wrong("act.backprop_no_activation_slope", chapter="activations",
      why="the network's backward skips f'(X W1), so dead ReLU units still learn",
      replaces={"two_layer_forward": two_layer_forward_plain,
                "two_layer_backward": two_layer_backward_no_activation_slope},
      rejected_by=(C + "two_layer_backward_agrees_with_finite_differences",
                   C + "dead_relu_unit_gets_no_gradient"))
wrong("act.leaky_zero_slope", chapter="activations",
      why="leaky ReLU's backward with 0 on the left",
      replaces={"leaky_relu_forward": _plain_forward(_leaky, negative_slope=0.01),
                "leaky_relu_backward": leaky_relu_backward_zero_slope},
      rejected_by=(C + "derivatives_match_derivations",
                   C + "backward_agrees_with_finite_differences"))
wrong("act.silu_gate_only", chapter="activations", why="SiLU' = sigma(x), the product rule "
      "half-applied", replaces={"silu_forward": _plain_forward(lambda x: x * _sig(x)),
                "silu_backward": silu_backward_gate_only},
      rejected_by=(C + "derivatives_match_derivations",
                   C + "backward_agrees_with_finite_differences"))
wrong("act.tanh_half_argument", chapter="activations",
      why="tanh(x) as 2 sigma(x) - 1, i.e. tanh(x/2)",
      replaces={"tanh_forward": tanh_forward_half, "tanh_backward": tanh_half_backward},
      rejected_by=(C + "forward_definitions", C + "forward_moment_matches_gaussian_integral",
                   C + "deep_tanh_stack_at_derived_gain_stays_at_the_fixed_point"))
wrong("act.gain_torch_table", chapter="activations",
      why="PyTorch's calculate_gain values (tanh 5/3, selu 3/4, sigmoid 1) for the derived gains",
      replaces={"gain": gain_torch_table},
      rejected_by=(C + "gain_is_the_derived_gain",))


def _sigmoid_unvalidated(x):
    x = np.asarray(x)
    out = 0.5 * (1 + np.tanh(0.5 * x)) if x.dtype.kind in "fi" else x
    return out, {"x": x, "out": out}


def _elu_any_alpha(x, alpha=1.0):
    x = np.asarray(x, dtype=float)
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0))), {"x": x, "alpha": alpha}


wrong("act.sigmoid_unvalidated", chapter="activations",
      why="sigmoid_forward passes NaN through and accepts strings",
      replaces={"sigmoid_forward": _sigmoid_unvalidated},
      rejected_by=("activations.activations_refuse_bad_arrays",))
wrong("act.elu_any_alpha", chapter="activations", why="ELU accepts a negative or NaN alpha",
      replaces={"elu_forward": _elu_any_alpha},
      rejected_by=("activations.options_are_validated",))
