"""Known-wrong batch-norm implementations: each must be rejected by the checks named for it.

A check that cannot fail proves nothing, so every check in
``tests/normalization/checks.py`` runs against these plausible mistakes.  Each
variant (recorded with :func:`dlproofs.checks.wrong`) replaces some public
names of ``impl``, written here independently of ``impl``:

* ``m_minus_1`` -- slide 004's backward pass: ``2 (x_i - mu)/(m - 1)`` in
  ``dx``.  Its ``dx`` still sums to zero over the batch, so the sum check
  cannot see it; the oracle, the finite differences and the
  ``sum dx xhat`` identity do.
* ``missing_term`` -- ``dx`` without ``- xhat_i sum_j dy_j xhat_j`` (the
  path through the variance).  Also sums to zero.
* ``missing_mean_path`` -- ``dx`` without ``dl/dmu / m``: the mean treated
  as a constant; its ``dx`` no longer sums to zero.
* ``unbiased_forward`` -- normalises with the unbiased variance, with slide
  004's ``m - 1`` backward -- which is the *exact* gradient of this forward
  pass, so finite differences pass it; the forward moments and the oracle
  (the biased-variance derivation) reject it.
* ``float32_mean`` -- the batch mean accumulated in float32 (a mixed-precision
  shortcut): each group's mean of ``xhat`` is off by about ``1e-8 |x| / s``, far
  beyond float64's rounding of the input.
* ``biased_running_var`` -- stores the biased batch variance.
* ``keras_momentum`` -- ``running = momentum * running + (1 - momentum) *
  batch`` (Keras's convention) with PyTorch's ``momentum = 0.1``.
* ``fold_without_eps`` -- ``W' = W gamma / sqrt(var)``.
* ``eps_outside_sqrt`` -- ``(x - mu)/(sqrt(var) + eps)``: eps no longer
  scales with the input, so ``BN(a x + b)`` is not ``BN`` at ``eps/a^2``.
* ``inference_with_batch_statistics`` -- inference normalises with the
  batch's own mean and variance instead of the running ones.
* ``bn_without_validation`` -- the right forward pass without argument checks.

Blind spots are documented in ``test_impl.py``: ``m_minus_1`` and
``missing_term`` keep ``sum_i dx_i = 0``.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from dlproofs.checks import wrong


def _axes(x):
    return (0,) if x.ndim == 2 else (0, 2, 3)


def _b(v, x):
    return v.reshape((1, -1) + (1,) * (x.ndim - 2))


def _forward(ddof=0, eps_inside=True, mean_dtype=np.float64):
    def batchnorm_forward(x, gamma, beta, eps=1e-5):
        x, gamma, beta = (np.asarray(a, dtype=np.float64) for a in (x, gamma, beta))
        axes = _axes(x)
        mu = x.mean(axis=axes, keepdims=True, dtype=mean_dtype).astype(np.float64)
        var = x.var(axis=axes, keepdims=True, ddof=ddof)
        if eps_inside:
            xhat = (x - mu) / np.sqrt(var + eps)
        else:
            xhat = (x - mu) / (np.sqrt(var) + eps)
        return _b(gamma, x) * xhat + _b(beta, x), (x, xhat, mu, var, gamma, eps)
    return batchnorm_forward


def _backward(variance_denominator, with_variance_term=True, with_mean_term=True):
    """The slide-004 backward pass step by step, with a chosen denominator for dsigma2/dx_i.

    dl/dmu keeps the slide's m - 1 (harmless: it multiplies sum_i (x_i - mu) = 0).
    """
    def batchnorm_backward(dy, cache):
        x, xhat, mu, var, gamma, eps = cache
        axes = _axes(x)
        m = int(np.prod([x.shape[a] for a in axes]))
        dxhat = dy * _b(gamma, x)                                      # dl/dxhat = dl/dy gamma
        inv = 1.0 / np.sqrt(var + eps)
        dvar = np.sum(dxhat * (x - mu) * -0.5 * inv**3, axis=axes, keepdims=True)
        dmu = (np.sum(-dxhat * inv, axis=axes, keepdims=True)
               + dvar * np.sum(-2 * (x - mu), axis=axes, keepdims=True) / (m - 1))
        dx = dxhat * inv + (dmu / m if with_mean_term else 0.0)
        if with_variance_term:
            dx = dx + dvar * 2 * (x - mu) / variance_denominator(m)
        return dx, np.sum(dy * xhat, axis=axes), np.sum(dy, axis=axes)
    return batchnorm_backward


def _update(ddof=1, keras=False, default_momentum=0.1):
    def batchnorm_update_running(running_mean, running_var, x, momentum=default_momentum):
        x = np.asarray(x, dtype=np.float64)
        axes = _axes(x)
        mean, var = x.mean(axis=axes), x.var(axis=axes, ddof=ddof)
        keep = momentum if keras else 1 - momentum
        return (keep * np.asarray(running_mean) + (1 - keep) * mean,
                keep * np.asarray(running_var) + (1 - keep) * var)
    return batchnorm_update_running


def _fold(with_eps=True):
    def fold_batchnorm(W, b, gamma, beta, running_mean, running_var, eps=1e-5):
        scale = np.asarray(gamma) / np.sqrt(np.asarray(running_var) + (eps if with_eps else 0))
        return np.asarray(W) * scale, (np.asarray(b) - running_mean) * scale + beta
    return fold_batchnorm


def batchnorm_inference(x, gamma, beta, running_mean, running_var, eps=1e-5):
    x = np.asarray(x, dtype=np.float64)
    return _b(gamma, x) * (x - _b(running_mean, x)) / np.sqrt(_b(running_var, x) + eps) \
        + _b(beta, x)


def _inference_with_batch_statistics(x, gamma, beta, running_mean, running_var, eps=1e-5):
    x = np.asarray(x, dtype=np.float64)
    axes = _axes(x)
    mean = x.mean(axis=axes)
    var = x.var(axis=axes)
    return batchnorm_inference(x, gamma, beta, mean, var, eps)


def _layernorm_last_axis_forward(x, gamma, beta, eps=1e-5):
    """Layer norm over the last axis only: right for (N, D), wrong for (N, C, L)."""
    x = np.asarray(x, dtype=np.float64)
    mu, var = x.mean(axis=-1, keepdims=True), x.var(axis=-1, keepdims=True)
    xhat = (x - mu) / np.sqrt(var + eps)
    return gamma * xhat + beta, (xhat, np.sqrt(var + eps), np.asarray(gamma, dtype=np.float64))


def _layernorm_last_axis_backward(dy, cache):
    xhat, s, gamma = cache
    g = dy * gamma
    m = xhat.shape[-1]
    dx = (m * g - g.sum(-1, keepdims=True) - xhat * (g * xhat).sum(-1, keepdims=True)) / (m * s)
    return dx, np.sum(dy * xhat, axis=0), np.sum(dy, axis=0)


#: Slide 004's backward pass with m (not m - 1) in the dx step: the true gradient.
SLIDE004_CORRECTED = SimpleNamespace(batchnorm_forward=_forward(),
                                     batchnorm_backward=_backward(lambda m: m))




def _variant(id, why, replaces, *rejected_by):
    wrong(id, chapter="bn", why=why, replaces=replaces,
          rejected_by=tuple(f"bn.{name}" for name in rejected_by))


_variant("m_minus_1", "slide 004: 2(x_i - mu)/(m-1) in dx",
         {"batchnorm_forward": _forward(), "batchnorm_backward": _backward(lambda m: m - 1)},
         "backward_oracle", "finite_differences", "sum_dx_xhat")
_variant("missing_term", "dx without - xhat_i sum_j dy_j xhat_j",
         {"batchnorm_forward": _forward(),
          "batchnorm_backward": _backward(lambda m: m, False)},
         "backward_oracle", "finite_differences", "sum_dx_xhat")
_variant("missing_mean_path", "dx without the path through mu (as if the mean were a constant)",
         {"batchnorm_forward": _forward(),
          "batchnorm_backward": _backward(lambda m: m, with_mean_term=False)},
         "backward_oracle", "finite_differences", "sum_dx")
_variant("unbiased_forward", "normalises with the unbiased variance (slide 004's m-1 backward is "
         "its exact gradient)",
         {"batchnorm_forward": _forward(ddof=1), "batchnorm_backward": _backward(lambda m: m - 1)},
         "forward_moments", "backward_oracle")
_variant("eps_outside_sqrt", "(x - mu)/(sqrt(var) + eps): eps added to the standard deviation",
         {"batchnorm_forward": _forward(eps_inside=False),
          "batchnorm_backward": _backward(lambda m: m)},
         "affine_input", "weight_scaling", "forward_moments")
_variant("float32_mean", "the batch mean accumulated in float32",
         {"batchnorm_forward": _forward(mean_dtype=np.float32),
          "batchnorm_backward": _backward(lambda m: m)},
         "forward_moments")
_variant("biased_running_var", "stores the biased batch variance",
         {"batchnorm_update_running": _update(ddof=0)},
         "running_update", "running_var_converges")
_variant("keras_momentum", "Keras's momentum convention with momentum = 0.1",
         {"batchnorm_update_running": _update(keras=True)}, "running_update")
_variant("keras_default_momentum", "momentum=0.9 as the default (Keras's number in PyTorch's "
         "formula)", {"batchnorm_update_running": _update(default_momentum=0.9)},
         "running_update")
_variant("layernorm_last_axis_only", "layer norm of (N, C, L) over L only, not over C and L",
         {"layernorm_forward": _layernorm_last_axis_forward,
          "layernorm_backward": _layernorm_last_axis_backward},
         "backward_oracle")
_variant("fold_without_eps", "folds with gamma/sqrt(var) instead of gamma/sqrt(var + eps)",
         {"fold_batchnorm": _fold(with_eps=False), "batchnorm_inference": batchnorm_inference},
         "fold")
_variant("inference_with_batch_statistics", "inference normalises with the batch's statistics, "
         "not the running ones", {"batchnorm_inference": _inference_with_batch_statistics},
         "inference_affine")
_variant("bn_without_validation", "the right forward pass without argument checks",
         {"batchnorm_forward": _forward()}, "bad_arguments")
