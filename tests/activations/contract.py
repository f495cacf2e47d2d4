"""The input contract of the activations reference: clear errors naming the argument.

Imported by ``checks.py`` so that the conformance run always registers them:
``kind="contract"`` checks (they run against ``impl``, and
against another implementation only with ``--contract``, generically: the
exception type and a message naming the argument, never the wording).
"""

from __future__ import annotations

from functools import partial

import numpy as np

from dlproofs.checks import check

from .common import ACTIVATIONS

BAD_ARRAYS = (
    ("nan", [0.5, float("nan")], ValueError),
    ("inf", [float("inf"), 1.0], ValueError),
    ("strings", np.array(["a", "b"]), TypeError),
    ("booleans", np.array([True, False]), TypeError),
    ("complex", np.array([1 + 2j]), TypeError),
)


def _raises(verify, function: str, call, kind, argument: str, what: str) -> None:
    """``call()`` (called at once) must raise ``kind`` naming ``argument``."""
    try:
        call()
    except kind as exc:
        if argument not in str(exc):
            verify.fail(function, f"{what}: {type(exc).__name__} does not name {argument!r}: "
                                  f"{exc}")
        return
    except Exception as exc:  # any other exception is the wrong kind
        verify.fail(function, f"{what}: raised {type(exc).__name__} ({exc}), expected "
                              f"{kind.__name__}")
    verify.fail(function, f"{what}: accepted silently")


@check(chapter="activations", claims=("act.sigmoid.derivative", "act.tanh.derivative"),
       law="every activation refuses NaN, inf and non-real arrays, naming x (or dout)",
       functions=tuple(a.forward for a in ACTIVATIONS) + tuple(a.backward for a in ACTIVATIONS),
       kind="contract")
def check_activations_refuse_bad_arrays(impl, verify):
    for act in ACTIVATIONS:
        fwd = getattr(impl, act.forward)
        bwd = getattr(impl, act.backward)
        kw = act.kwargs
        for label, value, kind in BAD_ARRAYS:
            _raises(verify, act.forward, partial(fwd, value, **kw), kind, "x", f"x = {label}")
        _, cache = fwd(np.array([0.5, -1.0]), **kw)
        _raises(verify, act.backward, partial(bwd, np.array([1.0, np.nan]), cache), ValueError,
                "dout", "dout with NaN")
        _raises(verify, act.backward, partial(bwd, np.ones(3), cache), ValueError, "dout",
                "dout of the wrong shape")


@check(chapter="activations", claims=("act.elu.derivative", "act.gain.forward_rule"),
       law="options are validated: ELU's alpha >= 0, finite slopes, known gain names and "
           "options, matching network shapes",
       functions=("elu_forward", "leaky_relu_forward", "gain", "two_layer_forward"),
       kind="contract")
def check_options_are_validated(impl, verify):
    x = np.array([0.5, -1.0])
    _raises(verify, "elu_forward", lambda: impl.elu_forward(x, alpha=-1.0), ValueError, "alpha",
            "alpha = -1")
    _raises(verify, "elu_forward", lambda: impl.elu_forward(x, alpha=float("nan")), ValueError,
            "alpha", "alpha = nan")
    _raises(verify, "leaky_relu_forward",
            lambda: impl.leaky_relu_forward(x, negative_slope=float("inf")), ValueError,
            "negative_slope", "negative_slope = inf")
    _raises(verify, "leaky_relu_forward", lambda: impl.leaky_relu_forward(x, negative_slope="a"),
            TypeError, "negative_slope", "negative_slope = 'a'")
    _raises(verify, "gain", lambda: impl.gain("softmax"), ValueError, "name", "name = softmax")
    _raises(verify, "gain", lambda: impl.gain("relu", negative_slope=0.1), TypeError,
            "negative_slope", "an option relu does not take")
    _raises(verify, "gain", lambda: impl.gain("elu", alpha=-0.5), ValueError, "alpha",
            "alpha = -0.5")
    _raises(verify, "gain", lambda: impl.gain("tanh", direction="sideways"), ValueError,
            "direction", "direction = sideways")
    X, W1, W2, y = np.ones((3, 2)), np.ones((2, 4)), np.ones((4, 1)), np.ones((3, 1))
    _raises(verify, "two_layer_forward", lambda: impl.two_layer_forward(X, W1.T, W2, y),
            ValueError, "W1", "W1 of the wrong shape")
    _raises(verify, "two_layer_forward", lambda: impl.two_layer_forward(X, W1, W2, y[:2]),
            ValueError, "y", "y of the wrong shape")
    _raises(verify, "two_layer_forward",
            lambda: impl.two_layer_forward(X, W1, W2, y, activation="softmax"), ValueError,
            "activation", "an unknown activation")
