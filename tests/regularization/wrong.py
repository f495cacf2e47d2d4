"""Known-wrong variants of the regularization reference, each rejected by named checks."""

from __future__ import annotations

import math

import numpy as np

import impl
from dlproofs.checks import wrong

CH = "regularization"


def _l2_grad_without_2(w, lam):
    return lam * np.asarray(w, float)


def _l2_penalty_without_2_consistent(w, lam):
    # value and gradient both of lam/2 ||w||^2: consistent, but not the slide's penalty
    return 0.5 * lam * float(np.sum(np.asarray(w, float) ** 2))


def _adam_l2_init(params):
    return {"step": 0, "m": [np.zeros_like(np.asarray(p, float)) for p in params],
            "v": [np.zeros_like(np.asarray(p, float)) for p in params]}


def _adam_with_l2(params, grads, state, *, lr=1e-3, betas=(0.9, 0.999), eps=1e-8,
                  weight_decay=1e-2):
    """Adam with the decay added to the gradient (torch.optim.Adam(weight_decay=...))."""
    t = state["step"] + 1
    out, ms, vs = [], [], []
    for p, g, m, v in zip(params, grads, state["m"], state["v"], strict=True):
        p = np.asarray(p, float)
        g = np.asarray(g, float) + weight_decay * p          # L2 inside the adaptive step
        m = betas[0] * m + (1 - betas[0]) * g
        v = betas[1] * v + (1 - betas[1]) * g * g
        out.append(p - lr * (m / (1 - betas[0] ** t)) / (np.sqrt(v / (1 - betas[1] ** t)) + eps))
        ms.append(m)
        vs.append(v)
    return out, {"step": t, "m": ms, "v": vs}


def _ce_forward(q_of, stable=True):
    """A self-contained cross-entropy forward whose target is ``q_of(y, K, eps)``."""
    def forward(logits, target, label_smoothing=0.0):
        z = np.asarray(logits, float)
        y = np.asarray(target)
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            shifted = z - z.max(axis=1, keepdims=True) if stable else z
            log_p = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
        q = q_of(y, z.shape[1], label_smoothing)
        return float(-np.sum(q * log_p) / z.shape[0]), {"wrong_ce": (log_p, q)}
    return forward


def _ce_backward(dout, cache):
    log_p, q = cache["wrong_ce"]
    return dout * (np.exp(log_p) - q) / log_p.shape[0]


def _q_right(y, k, eps):
    q = np.full((y.size, k), eps / k)
    q[np.arange(y.size), y] += 1 - eps
    return q


def _q_toward_eps(y, k, eps):
    """Smoothing toward eps (not eps/K) on every wrong class."""
    q = np.full((y.size, k), eps)
    q[np.arange(y.size), y] = 1 - eps
    return q


def _ce_mean_over_classes(logits, target, label_smoothing=0.0):
    loss, cache = impl.label_smoothing_cross_entropy_forward(logits, target, label_smoothing)
    return loss / np.shape(logits)[1], cache


def _clip_value_as_norm(grads, max_norm, norm_type=2.0):
    gs = [np.asarray(g, float) for g in grads]
    total = math.sqrt(sum(float(np.sum(g * g)) for g in gs))
    return [np.clip(g, -max_norm, max_norm) for g in gs], total


def _clip_value_by_norm(grads, clip_value):
    return impl.clip_grad_norm(grads, clip_value)[0]


def _standardize_wrong_ddof(X, ddof=0):
    mean, std = impl.standardize_fit(X, ddof=1 - ddof)
    return mean, std


def _soft_threshold_as_l2(v, threshold):
    return np.asarray(v, float) / (1 + 2 * threshold)


def _l1_grad_as_l2(w, lam):
    return 2 * lam * np.asarray(w, float)


def _reused_batch(num_examples, batch_size, num_batches, rng, *, replace=False):
    one = impl.sample_batches(num_examples, batch_size, 1, rng, replace=replace)
    return np.repeat(one, num_batches, axis=0)


def _without_acting_as_with(num_examples, batch_size, num_batches, rng, *, replace=False):
    return impl.sample_batches(num_examples, batch_size, num_batches, rng, replace=True)


def _epoch_reusing_first_batch(num_examples, batch_size, rng):
    batches = impl.epoch_batches(num_examples, batch_size, rng)
    return [batches[0]] * len(batches)


def _epoch_never_reshuffled(num_examples, batch_size, rng):
    order = np.arange(num_examples)
    return [order[k:k + batch_size] for k in range(0, num_examples, batch_size)]


wrong("l2_gradient_without_2", chapter=CH, why="the gradient of lambda||w||^2 written lambda w",
      replaces={"l2_penalty_grad": _l2_grad_without_2},
      rejected_by=("regularization.l2_gradient", "regularization.early_stopping_and_ridge"))
wrong("l2_penalty_halved", chapter=CH, why="the penalty lambda/2 ||w||^2 with the slide's "
      "gradient 2 lambda w", replaces={"l2_penalty": _l2_penalty_without_2_consistent},
      rejected_by=("regularization.l2_gradient",))
wrong("adamw_as_adam_l2", chapter=CH,
      why="weight decay added to the gradient inside Adam where decoupled decay was claimed",
      replaces={"adamw_init": _adam_l2_init, "adamw_step": _adam_with_l2},
      rejected_by=("regularization.adamw_decoupled",))
wrong("l1_subgradient_as_l2", chapter=CH, why="the L1 subgradient replaced by L2's 2 lambda w",
      replaces={"l1_penalty_grad": _l1_grad_as_l2},
      rejected_by=("regularization.l1_subgradient",))
wrong("soft_threshold_as_l2_shrinkage", chapter=CH,
      why="the L1 proximal step replaced by L2's v/(1 + 2t), which never zeroes",
      replaces={"soft_threshold": _soft_threshold_as_l2},
      rejected_by=("regularization.soft_threshold",))
wrong("label_smoothing_toward_eps", chapter=CH,
      why="smoothing puts eps, not eps/K, on every wrong class",
      replaces={"label_smoothing_cross_entropy_forward": _ce_forward(_q_toward_eps),
                "label_smoothing_cross_entropy_backward": _ce_backward},
      rejected_by=("regularization.label_smoothing_gradient",
                   "regularization.label_smoothing_optimum"))
wrong("cross_entropy_unstable", chapter=CH, why="softmax without subtracting the max overflows",
      replaces={"label_smoothing_cross_entropy_forward": _ce_forward(_q_right, stable=False),
                "label_smoothing_cross_entropy_backward": _ce_backward},
      rejected_by=("regularization.label_smoothing_gradient",))
wrong("cross_entropy_mean_over_classes", chapter=CH,
      why="the loss divided by K as well as by N (mean over every entry)",
      replaces={"label_smoothing_cross_entropy_forward": _ce_mean_over_classes},
      rejected_by=("regularization.initial_loss",))
wrong("clip_by_value_as_norm", chapter=CH,
      why="clip by value presented as clip by norm (entries clamped to max_norm)",
      replaces={"clip_grad_norm": _clip_value_as_norm},
      rejected_by=("regularization.clip_norm",))
wrong("clip_value_by_norm", chapter=CH, why="clip_grad_value rescales the whole vector",
      replaces={"clip_grad_value": _clip_value_by_norm},
      rejected_by=("regularization.clip_value",))
wrong("standardize_wrong_ddof", chapter=CH,
      why="the standard deviation fitted with the other ddof than the one asked for",
      replaces={"standardize_fit": _standardize_wrong_ddof},
      rejected_by=("regularization.standardize", "regularization.scaling_rate"))
wrong("sampler_reuses_a_batch", chapter=CH, why="every mini-batch is the same batch",
      replaces={"sample_batches": _reused_batch},
      rejected_by=("regularization.minibatch_variance",))
wrong("without_replacement_draws_with", chapter=CH,
      why="replace=False still draws with replacement (no finite-population correction)",
      replaces={"sample_batches": _without_acting_as_with},
      rejected_by=("regularization.minibatch_variance",))
wrong("epoch_reuses_first_batch", chapter=CH, why="an epoch repeats its first batch",
      replaces={"epoch_batches": _epoch_reusing_first_batch},
      rejected_by=("regularization.epoch_partition",))
wrong("epoch_never_reshuffled", chapter=CH, why="every epoch visits the data in the same order",
      replaces={"epoch_batches": _epoch_never_reshuffled},
      rejected_by=("regularization.epoch_partition",))
