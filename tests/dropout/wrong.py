"""Known-wrong dropout implementations: each must be rejected by the checks named for it.

A check that cannot fail proves nothing, so the checks of
``tests/dropout/checks.py`` run against these plausible mistakes.  Each
variant (recorded with :func:`dlproofs.checks.wrong`) replaces some of
``impl``'s public names, written here independently of ``impl``, and names
the checks that must reject it.

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
* ``mask_per_sample`` -- one keep/drop draw per row (``rng.random((N, 1))``):
  each unit's law is right, but the units of a sample are dropped together,
  so outputs of a following linear layer covary wrongly.
* ``spatial_mask_per_sample`` -- spatial dropout with one mask for all the
  channels of a sample: channel means are right, channels are not independent.
"""

from __future__ import annotations

import numpy as np

from dlproofs.checks import wrong

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




def _per_sample_forward(x, p, rng, train=True):
    x = np.asarray(x, dtype=np.float64)
    if not train or p == 0:
        return x.copy(), {"mask": None, "scale": 1.0, "rng": rng}
    mask = rng.random((x.shape[0],) + (1,) * (x.ndim - 1)) >= p  # one draw per row
    mask = np.broadcast_to(mask, x.shape)
    return x * mask / (1 - p), {"mask": mask, "scale": 1 / (1 - p), "rng": rng}


def _spatial_per_sample_forward(x, p, rng, train=True):
    x = np.asarray(x, dtype=np.float64)
    if not train or p == 0:
        return x.copy(), {"mask": None, "scale": 1.0, "rng": rng, "p": p}
    mask = rng.random((x.shape[0], 1, 1, 1)) >= p  # one mask for all channels of a sample
    return x * mask / (1 - p), {"mask": mask, "scale": 1 / (1 - p), "rng": rng, "p": p}


def _variant(id, why, replaces, *rejected_by):
    wrong(id, chapter="dropout", why=why, replaces=replaces,
          rejected_by=tuple(f"dropout.{name}" for name in rejected_by))


_variant("no_scaling", "keeps x instead of x/(1-p) in training (classic dropout without its "
         "test-time factor)",
         {"dropout_forward": _forward(lambda p: 1 - p, lambda p: 1.0),
          "dropout_backward": _backward("no_scale")},
         "kept_values", "mean", "linear_mean", "backward_uses_mask", "bn_shift", "fourth_moment")
_variant("p_as_keep", "reads p as the keep probability (slide 004's Bern(p)), scales by 1/p",
         {"dropout_forward": _forward(lambda p: p, lambda p: 1 / p),
          "dropout_backward": _backward("right")},
         "kept_values", "kept_fraction", "mean", "variance", "linear_variance", "fourth_moment")
_variant("backward_without_scale", "dx = dout * mask, without 1/(1-p)",
         {"dropout_forward": _right, "dropout_backward": _backward("no_scale")},
         "backward_uses_mask")
_variant("backward_fresh_mask", "the backward draws a new mask",
         {"dropout_forward": _right, "dropout_backward": _backward("fresh")},
         "backward_uses_mask")
_variant("mask_per_sample", "one keep/drop draw per row: the units of a sample are dropped "
         "together", {"dropout_forward": _per_sample_forward},
         "linear_covariance", "linear_variance")
_variant("spatial_per_element", "'spatial' dropout with an element-wise mask",
         {"spatial_dropout_forward": _spatial_forward(per_element=True),
          "spatial_dropout_backward": _spatial_backward(fresh=False)},
         "spatial_masks", "spatial_channel_mean_variance")
_variant("spatial_backward_fresh_mask", "the spatial backward draws new channel masks",
         {"spatial_dropout_forward": _spatial_forward(per_element=False),
          "spatial_dropout_backward": _spatial_backward(fresh=True)},
         "spatial_masks")
_variant("spatial_mask_per_sample", "one spatial mask shared by all channels of a sample",
         {"spatial_dropout_forward": _spatial_per_sample_forward},
         "spatial_mean_and_independence")
_variant("dropconnect_dW_without_mask", "dW = x^T dout/(1-p) for every weight, dropped or not",
         {"dropconnect_forward": _dropconnect_forward(on_inputs=False),
          "dropconnect_backward": _dropconnect_backward(mask_dW=False)},
         "dropconnect_gradients")
_variant("dropconnect_on_inputs", "drops the inputs instead of the weights",
         {"dropconnect_forward": _dropconnect_forward(on_inputs=True),
          "dropconnect_backward": _dropconnect_backward(mask_dW=True)},
         "dropconnect_values", "dropconnect_outputs_uncorrelated")
_variant("spatial_eval_backward_scaled", "the spatial backward scales by 1/(1-p) in "
         "evaluation mode too",
         {"spatial_dropout_forward": _spatial_eval_forward,
          "spatial_dropout_backward": _spatial_eval_backward},
         "identity")
_variant("dropconnect_eval_backward_scaled", "DropConnect's evaluation-mode cache keeps the "
         "training scale",
         {"dropconnect_forward": _dropconnect_eval_forward,
          "dropconnect_backward": _dropconnect_backward(mask_dW=True)},
         "identity")
_variant("dropout_without_validation", "the right law without argument checks: p = 1 "
         "divides by zero",
         {"dropout_forward": _right}, "bad_arguments")
