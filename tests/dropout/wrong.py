"""Known-wrong dropout implementations: each must be rejected by the checks named for it.

A check that cannot fail proves nothing, so the checks of
``tests/checks_dropout.py`` run against these plausible mistakes.  Each
variant replaces some of ``impl``'s public names (written here independently
of ``impl``); :data:`VARIANTS` maps a readable id to the replaced functions
and the checks that must reject it.

* ``no_scaling`` -- keeps ``x`` instead of ``x/(1-p)`` in training (classic
  dropout without its test-time factor): the mean drops to ``(1-p) x``.
* ``p_as_keep`` -- reads ``p`` as the keep probability (slide 004's
  ``Bern(p)``) and scales by ``1/p``: the mean is still ``x`` (!) but the kept
  fraction, the kept values and the variance ``x^2 (1-p)/p`` are wrong.
* ``backward_without_scale`` -- ``dx = dout * mask``.
* ``backward_fresh_mask`` -- the backward draws a new mask.
* ``spatial_per_element`` -- "spatial" dropout with an element-wise mask.
* ``spatial_backward_fresh_mask`` -- the spatial backward draws new channel masks.
* ``dropconnect_dW_without_mask`` -- ``dW = x^T dout/(1-p)`` for every weight.
* ``dropconnect_on_inputs`` -- drops the inputs instead of the weights: the
  same mean and per-output variance, but correlated outputs.
* ``spatial_eval_backward_scaled`` -- the spatial backward scales by
  ``1/(1-p)`` even when the forward ran in evaluation mode.
* ``dropconnect_eval_backward_scaled`` -- DropConnect's evaluation-mode
  cache keeps the training scale, so its backward is ``1/(1-p)`` too large.
"""

from __future__ import annotations

import numpy as np

# ------------------------------------------------------------ element-wise


def _forward(keep_prob, scale_of):
    def dropout_forward(x, p, rng, train=True):
        x = np.asarray(x, dtype=np.float64)
        if not train or p == 0:
            return x.copy(), {"mask": None, "scale": 1.0, "rng": rng}
        mask = rng.random(x.shape) < keep_prob(p)
        scale = scale_of(p)
        return x * mask * scale, {"mask": mask, "scale": scale, "rng": rng}
    return dropout_forward


def _backward(kind):
    def dropout_backward(dout, cache):
        dout = np.asarray(dout, dtype=np.float64)
        if cache["mask"] is None:
            return dout.copy()
        if kind == "no_scale":
            return dout * cache["mask"]
        if kind == "fresh":
            fresh = cache["rng"].random(dout.shape) < cache["mask"].mean()
            return dout * fresh * cache["scale"]
        return dout * cache["mask"] * cache["scale"]
    return dropout_backward


_right = _forward(lambda p: 1 - p, lambda p: 1 / (1 - p))

# ---------------------------------------------------------------- spatial


def _spatial_forward(per_element):
    def spatial_dropout_forward(x, p, rng, train=True):
        x = np.asarray(x, dtype=np.float64)
        if not train or p == 0:
            return x.copy(), {"mask": None, "scale": 1.0, "rng": rng}
        shape = x.shape if per_element else (*x.shape[:2], 1, 1)
        mask = rng.random(shape) >= p
        return x * mask / (1 - p), {"mask": mask, "scale": 1 / (1 - p), "rng": rng, "p": p}
    return spatial_dropout_forward


def _spatial_eval_forward(x, p, rng, train=True):
    x = np.asarray(x, dtype=np.float64)
    if not train or p == 0:
        return x.copy(), {"mask": None, "p": p}
    mask = rng.random((*x.shape[:2], 1, 1)) >= p
    return x * mask / (1 - p), {"mask": mask, "p": p}


def _spatial_eval_backward(dout, cache):
    dout = np.asarray(dout, dtype=np.float64)
    mask = 1.0 if cache["mask"] is None else cache["mask"]
    return dout * mask / (1 - cache["p"])  # the scale regardless of the mode


def _spatial_backward(fresh):
    def spatial_dropout_backward(dout, cache):
        dout = np.asarray(dout, dtype=np.float64)
        if cache["mask"] is None:
            return dout.copy()
        mask = cache["mask"]
        if fresh:
            mask = cache["rng"].random(mask.shape) >= cache["p"]
        return dout * mask * cache["scale"]
    return spatial_dropout_backward


# ------------------------------------------------------------- DropConnect


def _dropconnect_forward(on_inputs):
    def dropconnect_forward(x, W, b, p, rng, train=True):
        x, W, b = (np.asarray(a, dtype=np.float64) for a in (x, W, b))
        if not train or p == 0:
            return x @ W + b, {"x": x, "W": W, "mask": np.ones(W.shape, bool), "scale": 1.0}
        if on_inputs:
            keep = rng.random(x.shape) >= p
            xd = x * keep / (1 - p)
            return xd @ W + b, {"x": xd, "W": W, "mask": np.ones(W.shape, bool), "scale": 1.0}
        mask = rng.random(W.shape) >= p
        return x @ (W * mask) / (1 - p) + b, {"x": x, "W": W, "mask": mask,
                                              "scale": 1 / (1 - p)}
    return dropconnect_forward


def _dropconnect_eval_forward(x, W, b, p, rng, train=True):
    out, cache = _dropconnect_forward(on_inputs=False)(x, W, b, p, rng, train=train)
    return out, {**cache, "scale": 1 / (1 - p)}  # the training scale kept in eval mode


def _dropconnect_backward(mask_dW):
    def dropconnect_backward(dout, cache):
        dout = np.asarray(dout, dtype=np.float64)
        x, W, mask, scale = cache["x"], cache["W"], cache["mask"], cache["scale"]
        dx = dout @ (W * mask).T * scale
        dW = x.T @ dout * scale
        if mask_dW:
            dW = dW * mask
        return dx, dW, dout.sum(axis=0)
    return dropconnect_backward


#: id -> (the replaced public functions, the checks that must reject the variant)
VARIANTS = {
    "no_scaling": (
        {"dropout_forward": _forward(lambda p: 1 - p, lambda p: 1.0),
         "dropout_backward": _backward("no_scale")},
        ("check_kept_values", "check_mean", "check_linear_mean", "check_backward_uses_mask"),
    ),
    "p_as_keep": (
        {"dropout_forward": _forward(lambda p: p, lambda p: 1 / p),
         "dropout_backward": _backward("right")},
        ("check_kept_values", "check_kept_fraction", "check_variance", "check_linear_variance"),
    ),
    "backward_without_scale": (
        {"dropout_forward": _right, "dropout_backward": _backward("no_scale")},
        ("check_backward_uses_mask",),
    ),
    "backward_fresh_mask": (
        {"dropout_forward": _right, "dropout_backward": _backward("fresh")},
        ("check_backward_uses_mask",),
    ),
    "spatial_per_element": (
        {"spatial_dropout_forward": _spatial_forward(per_element=True),
         "spatial_dropout_backward": _spatial_backward(fresh=False)},
        ("check_spatial_masks", "check_spatial_channel_mean_variance"),
    ),
    "spatial_backward_fresh_mask": (
        {"spatial_dropout_forward": _spatial_forward(per_element=False),
         "spatial_dropout_backward": _spatial_backward(fresh=True)},
        ("check_spatial_masks",),
    ),
    "dropconnect_dW_without_mask": (
        {"dropconnect_forward": _dropconnect_forward(on_inputs=False),
         "dropconnect_backward": _dropconnect_backward(mask_dW=False)},
        ("check_dropconnect_gradients",),
    ),
    "dropconnect_on_inputs": (
        {"dropconnect_forward": _dropconnect_forward(on_inputs=True),
         "dropconnect_backward": _dropconnect_backward(mask_dW=True)},
        ("check_dropconnect_values", "check_dropconnect_outputs_uncorrelated"),
    ),
    "spatial_eval_backward_scaled": (
        {"spatial_dropout_forward": _spatial_eval_forward,
         "spatial_dropout_backward": _spatial_eval_backward},
        ("check_identity",),
    ),
    "dropconnect_eval_backward_scaled": (
        {"dropconnect_forward": _dropconnect_eval_forward,
         "dropconnect_backward": _dropconnect_backward(mask_dW=True)},
        ("check_identity",),
    ),
}
