"""Regularization and training tips: NumPy reference implementations.

* :func:`l2_penalty` / :func:`l2_penalty_grad` - :math:`\\lambda\\lVert w\\rVert^2` and its
  gradient :math:`2\\lambda w` (the slides' :math:`L_r(w) = \\lambda\\sum_i w_i^2`);
* :func:`l1_penalty` / :func:`l1_penalty_grad` - :math:`\\lambda\\lVert w\\rVert_1` and the
  subgradient :math:`\\lambda\\,\\mathrm{sign}(w)` (0 at 0);
  :func:`soft_threshold` - its proximal step, which sets small weights exactly to 0;
* :func:`adamw_init` / :func:`adamw_step` - Adam with *decoupled* weight decay
  (Loshchilov and Hutter, ICLR 2019), ``torch.optim.AdamW``'s names, defaults and
  epsilon placement;
* :func:`label_smoothing_cross_entropy_forward` / ``_backward`` - softmax
  cross-entropy against the smoothed target :math:`(1-\\varepsilon)\\,\\mathrm{onehot} +
  \\varepsilon/K` (Szegedy et al., CVPR 2016; ``torch.nn.CrossEntropyLoss(label_smoothing=)``),
  mean over the batch, gradient :math:`(\\mathrm{softmax}(z) - q)/N`;
* :func:`clip_grad_norm` / :func:`clip_grad_value` - functional gradient clipping
  (Pascanu et al., ICML 2013), returning new arrays;
* :func:`standardize_fit` / :func:`standardize_transform` - feature scaling to mean 0 and
  variance 1, with the ``ddof`` of the standard deviation stated (default 0, as
  scikit-learn's ``StandardScaler``);
* :func:`sample_batches` / :func:`epoch_batches` - mini-batch indices with and without
  replacement from an explicit ``numpy.random.Generator``.

>>> import numpy as np
>>> l2_penalty_grad(np.array([1.0, -2.0]), 0.1)
array([ 0.2, -0.4])
>>> soft_threshold(np.array([0.05, -0.3, 1.0]), 0.1)
array([ 0. , -0.2,  0.9])
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

try:
    from ._validate import (
        check_array,
        check_finite_nonneg,
        check_finite_positive,
        check_finite_real,
        check_generator,
        check_nonneg_int,
        check_positive_int,
        check_probability,
    )
except ImportError:  # loaded as a file, e.g. `pytest --impl impl/regularization.py`
    from impl._validate import (
        check_array,
        check_finite_nonneg,
        check_finite_positive,
        check_finite_real,
        check_generator,
        check_nonneg_int,
        check_positive_int,
        check_probability,
    )

__all__ = [
    "adamw_init",
    "adamw_step",
    "clip_grad_norm",
    "clip_grad_value",
    "epoch_batches",
    "l1_penalty",
    "l1_penalty_grad",
    "l2_penalty",
    "l2_penalty_grad",
    "label_smoothing_cross_entropy_backward",
    "label_smoothing_cross_entropy_forward",
    "sample_batches",
    "smoothed_targets",
    "soft_threshold",
    "standardize_fit",
    "standardize_transform",
]


# ----------------------------------------------------------------- penalties


def l2_penalty(w: Any, lam: float) -> float:
    """:math:`\\lambda \\sum_i w_i^2` (deck 002, "L2 Regularization")."""
    w = check_array("w", w)
    lam = check_finite_nonneg("lam", lam)
    return float(lam * np.sum(w * w))


def l2_penalty_grad(w: Any, lam: float) -> np.ndarray:
    """:math:`\\partial/\\partial w\\; \\lambda\\lVert w\\rVert^2 = 2\\lambda w`.

    One SGD step on the penalised loss is then multiplicative weight decay:
    ``w - lr (g + 2 lam w) = (1 - 2 lr lam) w - lr g``
    (claim ``regularization.l2.sgd_weight_decay``).
    """
    w = check_array("w", w)
    lam = check_finite_nonneg("lam", lam)
    return 2.0 * lam * w


def l1_penalty(w: Any, lam: float) -> float:
    """:math:`\\lambda \\sum_i |w_i|` (deck 002, "L1 Regularization")."""
    w = check_array("w", w)
    lam = check_finite_nonneg("lam", lam)
    return float(lam * np.sum(np.abs(w)))


def l1_penalty_grad(w: Any, lam: float) -> np.ndarray:
    """The subgradient :math:`\\lambda\\,\\mathrm{sign}(w)`; at ``w = 0`` the element 0 of
    :math:`\\lambda[-1, 1]` (the gradient where it exists, the minimal-norm subgradient at 0)."""
    w = check_array("w", w)
    lam = check_finite_nonneg("lam", lam)
    return lam * np.sign(w)


def soft_threshold(v: Any, threshold: float) -> np.ndarray:
    """The proximal step of :math:`t\\lVert w\\rVert_1`:
    :math:`\\arg\\min_w \\tfrac12 (w - v)^2 + t|w| = \\mathrm{sign}(v)\\max(|v| - t, 0)`.

    Every ``|v_i| <= threshold`` becomes exactly 0 (claim ``regularization.l1.prox_zero``);
    after a gradient step with learning rate ``lr``, ``threshold = lr * lam``.
    """
    v = check_array("v", v)
    t = check_finite_nonneg("threshold", threshold)
    return np.sign(v) * np.maximum(np.abs(v) - t, 0.0)


# --------------------------------------------------------------------- AdamW


def _as_list(name: str, arrays: Any) -> tuple[list[np.ndarray], str]:
    """A single array or a sequence of arrays as a list of float64 arrays, and its kind."""
    if isinstance(arrays, np.ndarray) or np.isscalar(arrays):
        return [check_array(name, arrays)], "array"
    if isinstance(arrays, Sequence) and not isinstance(arrays, str):
        if len(arrays) == 0:
            raise ValueError(f"{name} must be an array or a non-empty sequence of arrays; got "
                             "an empty sequence")
        return [check_array(f"{name}[{k}]", a) for k, a in enumerate(arrays)], "list"
    raise TypeError(f"{name} must be an array or a sequence of arrays; got "
                    f"{type(arrays).__name__}")


def _container(name: str, values: Any) -> tuple[list, list[np.ndarray]]:
    """The keys (dict) or positions (list/tuple) of ``values`` and its arrays, validated.

    The optimizer convention of :mod:`impl`: a ``dict`` of arrays or a ``list``/``tuple``
    of arrays; a bare array is refused (wrap it: ``[w]``).
    """
    if isinstance(values, Mapping):
        keys = list(values)
        arrays = [check_array(f"{name}[{k!r}]", values[k]) for k in keys]
    elif isinstance(values, list | tuple):
        keys = list(range(len(values)))
        arrays = [check_array(f"{name}[{k}]", v) for k, v in enumerate(values)]
    else:
        raise TypeError(f"{name} must be a dict of arrays or a list/tuple of arrays (wrap a "
                        f"single array: [w]); got {type(values).__name__}")
    if not arrays:
        raise ValueError(f"{name} must hold at least one array; got an empty "
                         f"{type(values).__name__}")
    return keys, arrays


def _like(template: Any, keys: list, arrays: list[np.ndarray]):
    """``arrays`` in the container type of ``template``."""
    if isinstance(template, Mapping):
        return dict(zip(keys, arrays, strict=True))
    return type(template)(arrays) if isinstance(template, tuple) else list(arrays)


def adamw_init(params: Any) -> dict:
    """The state of :func:`adamw_step` before the first step: ``step = 0`` and zero
    ``exp_avg``/``exp_avg_sq`` buffers (``torch.optim``'s names) in the container of ``params``.
    """
    keys, ps = _container("params", params)
    zeros = [np.zeros_like(p) for p in ps]
    return {"step": 0, "exp_avg": _like(params, keys, zeros),
            "exp_avg_sq": _like(params, keys, zeros)}


def _check_betas(betas: object) -> tuple[float, float]:
    if not isinstance(betas, tuple | list) or len(betas) != 2:
        raise TypeError(f"betas must be a pair (beta1, beta2) of numbers in [0, 1); got {betas!r}")
    return (check_probability("betas[0]", betas[0]), check_probability("betas[1]", betas[1]))


def adamw_step(params: Any, grads: Any, state: dict, *, lr: float = 1e-3,
               betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
               weight_decay: float = 1e-2) -> tuple[Any, dict]:
    """One step of AdamW (Loshchilov and Hutter, "Decoupled weight decay regularization",
    ICLR 2019; ``torch.optim.AdamW``), nothing mutated:

    .. math::

        \\theta \\leftarrow \\theta (1 - \\eta\\lambda),\\quad
        m \\leftarrow \\beta_1 m + (1-\\beta_1) g,\\quad
        v \\leftarrow \\beta_2 v + (1-\\beta_2) g^2,\\quad
        \\theta \\leftarrow \\theta - \\eta
        \\frac{m/(1-\\beta_1^t)}{\\sqrt{v/(1-\\beta_2^t)} + \\epsilon}.

    The decay multiplies the weights; it is *not* added to ``g``, so Adam's
    second-moment estimate does not rescale it (claim ``regularization.l2.adam_decay``;
    ``torch.optim.Adam(weight_decay=...)`` adds it to ``g`` instead).  ``params`` and
    ``grads`` are a dict of arrays or a list/tuple of arrays (the optimizer convention of
    :mod:`impl`); returns ``(new_params, new_state)`` in the same container type.
    """
    keys, ps = _container("params", params)
    gkeys, gs = _container("grads", grads)
    if gkeys != keys or any(g.shape != p.shape for g, p in zip(gs, ps, strict=True)):
        raise ValueError(f"grads must match params in keys and shapes; got "
                         f"{[g.shape for g in gs]} for {[p.shape for p in ps]}")
    if not isinstance(state, dict) or not {"step", "exp_avg", "exp_avg_sq"} <= set(state):
        raise TypeError("state must be the dict returned by adamw_init or adamw_step; got "
                        f"{type(state).__name__}")
    mkeys, ms = _container("state['exp_avg']", state["exp_avg"])
    _, vs = _container("state['exp_avg_sq']", state["exp_avg_sq"])
    if mkeys != keys or any(m.shape != p.shape for m, p in zip(ms, ps, strict=True)):
        raise ValueError("state must belong to these params (adamw_init(params)); its buffers "
                         f"have shapes {[m.shape for m in ms]} for {[p.shape for p in ps]}")
    lr = check_finite_positive("lr", lr)
    beta1, beta2 = _check_betas(betas)
    eps = check_finite_nonneg("eps", eps)
    weight_decay = check_finite_nonneg("weight_decay", weight_decay)
    t = check_nonneg_int("state['step']", state["step"]) + 1
    bias1, bias2 = 1.0 - beta1**t, 1.0 - beta2**t
    new_p, new_m, new_v = [], [], []
    for p, g, m, v in zip(ps, gs, ms, vs, strict=True):
        p = p * (1.0 - lr * weight_decay)           # decoupled: the weights shrink directly
        m = beta1 * m + (1.0 - beta1) * g           # first moment of the loss gradient only
        v = beta2 * v + (1.0 - beta2) * g * g       # second moment of the loss gradient only
        denom = np.sqrt(v) / math.sqrt(bias2) + eps  # torch: eps outside the square root
        new_p.append(p - (lr / bias1) * m / denom)
        new_m.append(m)
        new_v.append(v)
    return (_like(params, keys, new_p),
            {"step": t, "exp_avg": _like(params, keys, new_m),
             "exp_avg_sq": _like(params, keys, new_v)})


# ------------------------------------------------ cross-entropy, smoothed


def _check_target(target: Any, n: int | None, k: int) -> np.ndarray:
    y = np.asarray(target)
    if y.dtype.kind not in "iu" or y.dtype == np.bool_:
        raise TypeError(f"target must be an integer array of class indices; got dtype {y.dtype}")
    if y.ndim != 1 or (n is not None and y.shape[0] != n):
        want = f"({n},) to match logits" if n is not None else "(N,)"
        raise ValueError(f"target must have shape {want}; got {y.shape}")
    if y.size and (y.min() < 0 or y.max() >= k):
        raise ValueError(f"target must hold class indices in [0, {k}); got values in "
                         f"[{y.min()}, {y.max()}]")
    return y.astype(np.intp)


def _check_logits_and_target(logits: Any, target: Any) -> tuple[np.ndarray, np.ndarray]:
    z = check_array("logits", logits, ndim=2)
    if z.shape[1] < 2 or z.shape[0] < 1:
        raise ValueError(f"logits must have shape (N, K) with N >= 1 and K >= 2; got {z.shape}")
    return z, _check_target(target, z.shape[0], z.shape[1])


def smoothed_targets(target: Any, num_classes: int, label_smoothing: float = 0.0) -> np.ndarray:
    """:math:`q = (1 - \\varepsilon)\\,\\mathrm{onehot}(y) + \\varepsilon / K` (PyTorch's
    convention: the uniform part includes the true class), shape ``(N, K)``; each row sums to 1.
    """
    k = check_positive_int("num_classes", num_classes)
    eps = check_probability("label_smoothing", label_smoothing, include_one=True)
    y = _check_target(target, None, k)
    q = np.full((y.size, k), eps / k)
    q[np.arange(y.size), y] += 1.0 - eps
    return q


def label_smoothing_cross_entropy_forward(logits: Any, target: Any,
                                          label_smoothing: float = 0.0) -> tuple[float, dict]:
    """Mean over the batch of :math:`-\\sum_k q_k \\log\\mathrm{softmax}(z)_k`, ``q`` from
    :func:`smoothed_targets`; stable for large logits (log-sum-exp after subtracting the max).

    ``logits`` has shape ``(N, K)``, ``target`` holds ``N`` class indices.  Equals
    ``torch.nn.CrossEntropyLoss(label_smoothing=label_smoothing)`` (reduction ``"mean"``).
    Returns ``(loss, cache)``.
    """
    z, y = _check_logits_and_target(logits, target)
    eps = check_probability("label_smoothing", label_smoothing, include_one=True)
    shifted = z - z.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    q = smoothed_targets(y, z.shape[1], eps)
    loss = float(-np.sum(q * log_p) / z.shape[0])
    return loss, {"kind": "label_smoothing_cross_entropy", "log_p": log_p, "q": q}


def label_smoothing_cross_entropy_backward(dout: float, cache: dict) -> np.ndarray:
    """:math:`\\partial L/\\partial z = \\mathrm{dout}\\,(\\mathrm{softmax}(z) - q)/N`
    (claim ``regularization.label_smoothing.gradient``)."""
    if not isinstance(cache, dict) or cache.get("kind") != "label_smoothing_cross_entropy":
        raise TypeError("cache must be the cache returned by "
                        f"label_smoothing_cross_entropy_forward; got {type(cache).__name__}")
    dout = check_finite_real("dout", dout)
    p, q = np.exp(cache["log_p"]), cache["q"]
    return dout * (p - q) / p.shape[0]


# ------------------------------------------------------------------ clipping


def clip_grad_norm(grads: Any, max_norm: float, norm_type: float = 2.0
                   ) -> tuple[list[np.ndarray], float]:
    """Scale all gradients together by :math:`\\min(1, \\tau/\\lVert g\\rVert)`.

    ``norm_type`` is the ``p`` of the total ``p``-norm over every entry of every
    array (``math.inf``: the largest magnitude).  The direction is kept and the
    clipped norm is ``min(||g||, max_norm)`` exactly (claims
    ``regularization.clip.norm_*``).  Unlike ``torch.nn.utils.clip_grad_norm_``
    no ``1e-6`` is added to the norm, so the clipped norm is ``max_norm`` itself.
    Returns ``(clipped_grads, total_norm)``, the norm before clipping.
    """
    gs, _ = _as_list("grads", grads)
    tau = check_finite_positive("max_norm", max_norm)
    p = check_finite_real("norm_type", norm_type, "a number >= 1 or math.inf") \
        if norm_type != math.inf else math.inf
    if p < 1:
        raise ValueError(f"norm_type must be a number >= 1 or math.inf; got {norm_type!r}")
    if p == math.inf:
        total = max(float(np.max(np.abs(g))) if g.size else 0.0 for g in gs)
    else:
        total = float(sum(np.sum(np.abs(g) ** p) for g in gs) ** (1.0 / p))
    scale = min(1.0, tau / total) if total > 0 else 1.0
    return [g * scale for g in gs], total


def clip_grad_value(grads: Any, clip_value: float) -> list[np.ndarray]:
    """Clamp every entry to ``[-clip_value, clip_value]``; this changes the direction
    whenever some entries are clamped and others are not (claim
    ``regularization.clip.value_turns``)."""
    gs, _ = _as_list("grads", grads)
    c = check_finite_positive("clip_value", clip_value)
    return [np.clip(g, -c, c) for g in gs]


# ----------------------------------------------------------- feature scaling


def standardize_fit(X: Any, ddof: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Per-feature mean and standard deviation of ``X`` (shape ``(n, d)``).

    ``std = sqrt(sum_r (x_rj - mean_j)^2 / (n - ddof))``.  With the same ``ddof``
    the transformed features have mean 0 and ``var(ddof=ddof)`` exactly 1
    (claim ``regularization.scaling.variance``); ``ddof = 0`` is scikit-learn's
    ``StandardScaler``.  A constant feature (std 0) is refused.
    """
    X = check_array("X", X, ndim=2)
    if not isinstance(ddof, int | np.integer) or isinstance(ddof, bool) or ddof not in (0, 1):
        raise ValueError(f"ddof must be 0 (divide by n) or 1 (divide by n - 1); got {ddof!r}")
    if X.shape[0] < ddof + 1 or X.shape[0] < 2:
        raise ValueError(f"X must have at least 2 rows (examples); got shape {X.shape}")
    mean = X.mean(axis=0)
    std = X.std(axis=0, ddof=int(ddof))
    flat = np.flatnonzero(std <= np.finfo(np.float64).tiny)
    if flat.size:
        raise ValueError(f"X has constant features (zero standard deviation) at columns "
                         f"{flat.tolist()}; drop them before standardizing")
    return mean, std


def standardize_transform(X: Any, mean: Any, std: Any) -> np.ndarray:
    """:math:`(x - \\mu)/\\sigma` with the statistics of :func:`standardize_fit`."""
    X = check_array("X", X, ndim=2)
    mean = check_array("mean", mean, ndim=1)
    std = check_array("std", std, ndim=1)
    if mean.shape != (X.shape[1],) or std.shape != (X.shape[1],):
        raise ValueError(f"mean and std must have shape ({X.shape[1]},) to match X's columns; "
                         f"got {mean.shape} and {std.shape}")
    if np.any(std <= 0):
        raise ValueError("std must be positive in every column; got "
                         f"{int(np.sum(std <= 0))} non-positive entries")
    return (X - mean) / std


# ---------------------------------------------------------------- mini-batches


def sample_batches(num_examples: int, batch_size: int, num_batches: int,
                   rng: np.random.Generator, *, replace: bool = False) -> np.ndarray:
    """``num_batches`` independent mini-batches of indices into ``range(num_examples)``,
    shape ``(num_batches, batch_size)``.

    ``replace=True``: the ``batch_size`` indices of a batch are i.i.d. uniform
    (the batch-mean gradient then has variance :math:`\\sigma^2/B`);
    ``replace=False``: a uniformly random subset in random order (variance
    :math:`\\frac{N - B}{N - 1}\\sigma^2/B`; claims ``regularization.minibatch.*``).
    """
    n = check_positive_int("num_examples", num_examples)
    b = check_positive_int("batch_size", batch_size)
    m = check_positive_int("num_batches", num_batches)
    check_generator("rng", rng)
    if not isinstance(replace, bool | np.bool_):
        raise TypeError(f"replace must be a bool; got {replace!r}")
    if replace:
        return rng.integers(0, n, size=(m, b))
    if b > n:
        raise ValueError(f"batch_size must be <= num_examples ({n}) without replacement; got {b}")
    return np.argsort(rng.random((m, n)), axis=1)[:, :b]


def epoch_batches(num_examples: int, batch_size: int, rng: np.random.Generator
                  ) -> list[np.ndarray]:
    """One epoch: shuffle ``range(num_examples)`` afresh ("shuffle the training set every
    epoch", deck 004) and cut it into batches of ``batch_size`` (the last may be smaller).
    Every index appears in exactly one batch."""
    n = check_positive_int("num_examples", num_examples)
    b = check_positive_int("batch_size", batch_size)
    check_generator("rng", rng)
    order = rng.permutation(n)
    return [order[k:k + b] for k in range(0, n, b)]
