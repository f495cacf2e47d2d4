"""Checks of normalisation layers against the normalisation chapter's claims.

In the style of scikit-learn's ``estimator_checks``: each check takes the
functions under test (through a :class:`Layer`, or a module-like object with
``impl``'s public names) and a label, and raises :class:`AssertionError`
naming the label and the broken law.  The same checks run against ``impl``
(they must pass) and against the known-wrong variants of
``tests/wrong_bn.py`` (each must be rejected by the checks named for it).

Expected values come from the claims' oracles (``claim("bn.backward.dx")
.oracle()`` and so on): this file computes only the inputs of an oracle --
the normalised values and the group sums -- never the formula itself.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np

from derivations import claim
from dlproofs import stats
from dlproofs.gradcheck import directional_check

#: Relative tolerance of comparisons with an oracle (two float64 evaluations of one formula).
ORACLE_RTOL = 1e-9
#: Rounding slack of the exact identities, per unit of the summed magnitudes.
ROUNDING = 64 * np.finfo(np.float64).eps


@cache
def _oracle(claim_id: str) -> Callable:
    return claim(claim_id).oracle()


# ---------------------------------------------------------------- the layers


#: The public names of the chapter's implementation.
NAMES = frozenset({
    "batchnorm_forward", "batchnorm_backward", "batchnorm_update_running",
    "batchnorm_inference", "fold_batchnorm", "layernorm_forward", "layernorm_backward",
    "groupnorm_forward", "groupnorm_backward",
})


class Lazy:
    """``impl`` for @given tests: hypothesis probes its arguments for attributes such
    as ``hypothesis_internal_is_this_a_mock_check`` and ``execute_example``; on the
    ``impl`` fixture such a probe would skip the test, so only the chapter's names
    reach it (a missing one skips the test, naming it)."""

    def __init__(self, impl):
        self._impl = impl

    def __getattr__(self, name: str):
        if name not in NAMES:
            raise AttributeError(name)
        return getattr(self._impl, name)


@dataclass(frozen=True)
class Layer:
    """A normalisation under test and how its groups lie in the input."""

    label: str
    forward: Callable       # (x, gamma, beta, eps) -> (y, cache)
    backward: Callable      # (dy, cache) -> (dx, dgamma, dbeta)
    shape: tuple[int, ...]  # an input shape (the first axis is the batch)
    groups: int = 0         # group norm's number of groups (0 for the others)
    kind: str = "bn"        # "bn": gamma constant over a group; "ln"/"gn": gamma inside the sums

    @property
    def param_shape(self) -> tuple[int, ...]:
        return self.shape[1:] if self.kind == "ln" else (self.shape[1],)

    @property
    def param_axes(self) -> tuple[int, ...]:
        if self.kind == "ln":
            return (0,)
        return tuple(a for a in range(len(self.shape)) if a != 1)

    def grouped(self, a: np.ndarray) -> np.ndarray:
        """``a`` (shaped like the input) as a matrix with one normalisation group per row."""
        if self.kind == "bn":
            return np.moveaxis(a, 1, 0).reshape(a.shape[1], -1)
        if self.kind == "gn":
            return a.reshape(a.shape[0] * self.groups, -1)
        return a.reshape(a.shape[0], -1)

    def expand(self, param: np.ndarray) -> np.ndarray:
        """A per-feature parameter broadcast to the input's shape."""
        if self.kind == "ln":
            return np.broadcast_to(param[None], self.shape)
        return np.broadcast_to(param.reshape((1, -1) + (1,) * (len(self.shape) - 2)), self.shape)

    def with_shape(self, shape: tuple[int, ...]) -> Layer:
        return Layer(self.label, self.forward, self.backward, tuple(shape), self.groups, self.kind)


def batchnorm_layers(module, n: int = 5, c: int = 3) -> list[Layer]:
    """Batch norm on (N, D) and (N, C, H, W) inputs, from a module with impl's names."""
    f, b = module.batchnorm_forward, module.batchnorm_backward
    return [Layer("batchnorm (N, D)", f, b, (n, c)),
            Layer("batchnorm (N, C, H, W)", f, b, (n, c, 2, 3))]


def all_layers(module) -> list[Layer]:
    """Every normalisation of the chapter that ``module`` has: batch norm 2-D and 4-D,
    layer norm 2-D and 3-D, group norm 3-D and 4-D."""
    groups = 2
    layers = batchnorm_layers(module) if getattr(module, "batchnorm_forward", None) else []
    if getattr(module, "layernorm_forward", None):
        f, b = module.layernorm_forward, module.layernorm_backward
        layers += [Layer("layernorm (N, D)", f, b, (4, 6), kind="ln"),
                   Layer("layernorm (N, C, L)", f, b, (3, 2, 5), kind="ln")]
    if getattr(module, "groupnorm_forward", None):

        def gn_forward(x, gamma, beta, eps=1e-5):
            return module.groupnorm_forward(x, gamma, beta, groups, eps)

        b = module.groupnorm_backward
        layers += [Layer("groupnorm (N, C, H, W), 2 groups", gn_forward, b, (3, 4, 2, 2),
                         groups=groups, kind="gn"),
                   Layer("groupnorm (N, C, L), 2 groups", gn_forward, b, (3, 4, 3),
                         groups=groups, kind="gn")]
    return layers


# ---------------------------------------------------------------- the oracle


def _statistics(layer: Layer, x: np.ndarray, eps: float):
    xg = layer.grouped(x)
    mu = xg.mean(axis=1, keepdims=True)
    var = ((xg - mu) ** 2).mean(axis=1, keepdims=True)
    return xg, var, (xg - mu) / np.sqrt(var + eps)


def expected_gradients(layer: Layer, x, gamma, beta, eps, dy):
    """``(dx, dgamma, dbeta)`` from the derivation's oracles, and a magnitude scale for dx."""
    _, var, xhat = _statistics(layer, x, eps)
    m = xhat.shape[1]
    dyg = layer.grouped(dy)
    gam = layer.grouped(layer.expand(gamma))
    if layer.kind == "bn":  # gamma is one number per group: claim bn.backward.dx
        g = gam[:, :1]
        dx = _oracle("bn.backward.dx")(
            dy_i=dyg, sum_dy=dyg.sum(1, keepdims=True),
            sum_dy_xhat=(dyg * xhat).sum(1, keepdims=True), xhat_i=xhat,
            gamma=g, sigma2=var, epsilon=eps, m=m)
    else:  # gamma varies inside the group: claims bn.layernorm.backward / bn.groupnorm.backward
        gdy = gam * dyg
        cid = "bn.layernorm.backward" if layer.kind == "ln" else "bn.groupnorm.backward"
        dx = _oracle(cid)(gdy_i=gdy, sum_gdy=gdy.sum(1, keepdims=True),
                          sum_gdy_xhat=(gdy * xhat).sum(1, keepdims=True), xhat_i=xhat,
                          sigma2=var, epsilon=eps, m=m)
    g_abs = np.abs(gam * dyg)
    scale = (m * g_abs + g_abs.sum(1, keepdims=True)
             + np.abs(xhat) * (g_abs * np.abs(xhat)).sum(1, keepdims=True)) / (
        m * np.sqrt(var + eps))
    xhat_full = _ungroup(layer, xhat)
    dgamma = _oracle("bn.backward.dgamma")(sum_dy_xhat=(dy * xhat_full).sum(axis=layer.param_axes))
    dbeta = _oracle("bn.backward.dbeta")(sum_dy=dy.sum(axis=layer.param_axes))
    return _ungroup(layer, dx), dgamma, dbeta, _ungroup(layer, scale)


def _ungroup(layer: Layer, a: np.ndarray) -> np.ndarray:
    if layer.kind == "bn":
        moved = (layer.shape[1], layer.shape[0], *layer.shape[2:])
        return np.moveaxis(a.reshape(moved), 0, 1)
    return a.reshape(layer.shape)


def check_backward_oracle(layer: Layer, x, gamma, beta, eps, dy) -> None:
    """dx, dgamma, dbeta agree with the derivation's compact formulas."""
    _, cache_ = layer.forward(x, gamma, beta, eps)
    dx, dgamma, dbeta = layer.backward(dy, cache_)
    want_dx, want_dgamma, want_dbeta, scale = expected_gradients(layer, x, gamma, beta, eps, dy)
    err = np.abs(dx - want_dx) / np.maximum(scale, np.finfo(float).tiny)
    if not np.all(err <= ORACLE_RTOL):
        law = {"bn": "bn.backward.dx", "ln": "bn.layernorm.backward",
               "gn": "bn.groupnorm.backward"}[layer.kind]
        raise AssertionError(f"{layer.label}: dx violates {law} (the derivation's compact form); "
                             f"max error {err.max():.3g} of the terms' magnitude")
    for name, got, want in (("dgamma", dgamma, want_dgamma), ("dbeta", dbeta, want_dbeta)):
        tol = ORACLE_RTOL * (np.abs(want).max() + np.abs(dy).sum())
        if np.shape(got) != np.shape(want) or not np.all(np.abs(got - want) <= tol):
            raise AssertionError(f"{layer.label}: {name} violates bn.backward.{name} "
                                 f"(sum over the axes that share a parameter)")


# ---------------------------------------------------- finite differences


def check_finite_differences(layer: Layer, x, gamma, beta, eps, rng: np.random.Generator,
                             directions: int = 3) -> tuple[list[float], list[float]]:
    """Directional central differences of <c, f(x, gamma, beta)> against <backward(c), v>
    (:func:`dlproofs.gradcheck.directional_check`, all three arguments moved at once).

    Returns the analytic and the finite-difference directional derivatives
    (for the report's agreement plot).
    """
    y, cache_ = layer.forward(x, gamma, beta, eps)
    c = rng.standard_normal(y.shape)  # a random upstream gradient (never all ones)
    grads = layer.backward(c, cache_)
    law = {"bn": "bn.backward.dx, bn.backward.dgamma and bn.backward.dbeta",
           "ln": "bn.layernorm.backward", "gn": "bn.groupnorm.backward"}[layer.kind]
    analytic, numeric = [], []
    for _ in range(directions):
        vx, vg, vb = (rng.standard_normal(np.shape(a)) for a in (x, gamma, beta))

        def loss(t, vx=vx, vg=vg, vb=vb):
            out, _ = layer.forward(x + t * vx, gamma + t * vg, beta + t * vb, eps)
            return float(np.sum(c * out))

        an, fd = directional_check(loss, zip(grads, (vx, vg, vb), strict=True),
                                   subject=layer.label, law=law)
        analytic.append(an)
        numeric.append(fd)
    return analytic, numeric


# ----------------------------------------------------------- consequences


def check_sum_dx(layer: Layer, x, gamma, beta, eps, dy) -> None:
    """sum_i dx_i = 0 in every group, to rounding (claim bn.consequences.sum_dx)."""
    _, cache_ = layer.forward(x, gamma, beta, eps)
    dx, _, _ = layer.backward(dy, cache_)
    *_, scale = expected_gradients(layer, x, gamma, beta, eps, dy)
    sums = np.abs(layer.grouped(dx).sum(axis=1))
    bound = ROUNDING * layer.grouped(scale).sum(axis=1)
    if not np.all(sums <= bound):
        raise AssertionError(f"{layer.label}: dx violates sum_i dx_i = 0 "
                             f"(max |sum| = {sums.max():.3g}, rounding bound {bound.max():.3g})")


def check_sum_dx_xhat(layer: Layer, x, gamma, beta, eps, dy) -> None:
    """sum_i dx_i xhat_i = eps (sigma2+eps)^(-3/2) sum_j g_j xhat_j (bn.consequences.sum_dx_xhat)"""
    _, cache_ = layer.forward(x, gamma, beta, eps)
    dx, _, _ = layer.backward(dy, cache_)
    _, var, xhat = _statistics(layer, x, eps)
    g = layer.grouped(layer.expand(gamma)) * layer.grouped(dy)
    want = _oracle("bn.consequences.sum_dx_xhat")(
        sum_g_xhat=(g * xhat).sum(1), sigma2=var[:, 0], epsilon=eps)
    got = (layer.grouped(dx) * xhat).sum(1)
    *_, scale = expected_gradients(layer, x, gamma, beta, eps, dy)
    tol = ORACLE_RTOL * (layer.grouped(scale) * np.abs(xhat)).sum(1)
    if not np.all(np.abs(got - want) <= tol):
        raise AssertionError(
            f"{layer.label}: dx violates sum_i dx_i xhat_i = eps/(sigma2+eps)^(3/2) "
            f"sum_j g_j xhat_j (max error {np.abs(got - want).max():.3g}, tolerance "
            f"{tol.max():.3g})")


def check_forward_moments(layer: Layer, x, eps) -> None:
    """With gamma = 1, beta = 0 each group has mean 0 and mean square sigma2/(sigma2+eps)."""
    ones, zeros = np.ones(layer.param_shape), np.zeros(layer.param_shape)
    y, _ = layer.forward(x, ones, zeros, eps)
    _, var, _ = _statistics(layer, x, eps)
    yg = layer.grouped(y)
    mean = yg.mean(axis=1)
    want = _oracle("bn.forward.second_moment")(sigma2=var[:, 0], epsilon=eps)
    if not np.all(np.abs(mean) <= ROUNDING * np.abs(yg).sum(1)):
        raise AssertionError(f"{layer.label}: the normalised values violate sum_i xhat_i = 0")
    if not np.all(np.abs((yg**2).mean(1) - want) <= 1e-12):
        raise AssertionError(f"{layer.label}: the normalised values violate mean square = "
                             f"sigma2/(sigma2 + eps) with the biased variance "
                             f"(got {(yg**2).mean(1)}, want {want})")


def check_affine_input(layer: Layer, x, gamma, beta, eps, a: float, b: float) -> None:
    """BN_eps(a x + b) = BN_(eps/a^2)(x) for a > 0 (claim bn.consequences.affine_input)."""
    y1, _ = layer.forward(a * x + b, gamma, beta, eps)
    y2, _ = layer.forward(x, gamma, beta, eps / a**2)
    tol = 1e-9 * (1 + np.abs(y2))
    if not np.all(np.abs(y1 - y2) <= tol):
        raise AssertionError(f"{layer.label}: violates BN_eps(a x + b) = BN_(eps/a^2)(x) "
                             f"(max difference {np.abs(y1 - y2).max():.3g})")


def check_weight_scaling(layer: Layer, inputs, W, gamma, beta, eps, dy, k: float) -> None:
    """Weights scaled by k: the output is BN at eps/k^2 and dW is divided by k."""
    h = inputs @ W
    y_k, cache_k = layer.forward(h * k, gamma, beta, eps)   # the layer x @ (k W)
    y_1, cache_1 = layer.forward(h, gamma, beta, eps / k**2)
    dW_k = inputs.T @ layer.backward(dy, cache_k)[0]
    dW_1 = inputs.T @ layer.backward(dy, cache_1)[0]
    if not np.allclose(y_k, y_1, rtol=1e-9, atol=1e-12):
        raise AssertionError(f"{layer.label}: weights scaled by k change the output beyond "
                             "eps -> eps/k^2")
    if not np.allclose(dW_k, dW_1 / k, rtol=1e-8, atol=1e-12 * np.abs(dW_1).max()):
        raise AssertionError(f"{layer.label}: violates bn.consequences.weight_scale_grad "
                             "(dW for k W must be dW/k)")


# ------------------------------------------------------ running statistics


def check_running_update(update: Callable, label: str, rng: np.random.Generator) -> None:
    """One update equals (1 - momentum) running + momentum batch, with the unbiased variance."""
    for shape, momentum in (((6, 3), 0.1), ((3, 2, 2, 2), 0.37)):
        x = rng.normal(1.5, 2.0, size=shape)
        c = shape[1]
        rm, rv = rng.normal(size=c), rng.uniform(0.5, 2.0, size=c)
        mean, var = update(rm.copy(), rv.copy(), x, momentum=momentum)
        axes = (0,) if x.ndim == 2 else (0, 2, 3)
        m = x.size // c
        biased = x.var(axis=axes)
        unbiased = biased * _oracle_unbiased_factor(m)
        # the slides' alpha is PyTorch's momentum (claim bn.running.keras_momentum)
        want_mean = (1 - momentum) * rm + momentum * x.mean(axis=axes)
        want_var = (1 - momentum) * rv + momentum * unbiased
        if not np.allclose(mean, want_mean, rtol=1e-12, atol=1e-12):
            raise AssertionError(f"{label}: the running mean violates running = (1 - momentum) "
                                 f"running + momentum batch (PyTorch's convention)")
        if not np.allclose(var, want_var, rtol=1e-12, atol=1e-12):
            raise AssertionError(f"{label}: the running variance violates (1 - momentum) running "
                                 "+ momentum * unbiased batch variance")
    # PyTorch's default momentum is 0.1: a call without it must equal momentum=0.1
    x = rng.standard_normal((6, 3))
    rm, rv = rng.standard_normal(3), rng.uniform(0.5, 2.0, 3)
    default = update(rm.copy(), rv.copy(), x)
    explicit = update(rm.copy(), rv.copy(), x, momentum=0.1)
    if not all(np.allclose(d, e, rtol=1e-12, atol=1e-12) for d, e in zip(default, explicit,
                                                                         strict=True)):
        raise AssertionError(f"{label}: the default momentum violates PyTorch's convention: "
                             "it must be 0.1")


def _oracle_unbiased_factor(m: int) -> float:
    """m/(m-1), read from the claims: E[unbiased]/E[biased] = sigma2 / ((m-1)/m sigma2)."""
    biased = _oracle("bn.running.biased_var_expectation")(m=m, sigma_x2=1.0)
    return 1.0 / float(biased)


#: The Monte Carlo design of the convergence check (see check_running_var_converges).
MC_BATCH = 4           # m: small, so the biased variance is 1/m = 25% low
MC_MOMENTUM = 0.1
MC_STEPS = 80
MC_POP_VAR = 2.5
MC_START = 1.0         # PyTorch initialises running_var to 1
MC_REL_ERROR = 1 / MC_BATCH


def running_var_design(alpha: float = stats.ALPHA):
    """The weights of the batches in the final running variance, and the replicates needed."""
    w = MC_MOMENTUM * (1 - MC_MOMENTUM) ** np.arange(MC_STEPS)[::-1]
    n = stats.chi2_mixture_n(w, MC_BATCH - 1, MC_REL_ERROR, alpha)
    return w, n


def check_running_var_converges(update: Callable, label: str, rng: np.random.Generator,
                                replicates: int | None = None, alpha: float = stats.ALPHA):
    """Monte Carlo: after many batches the running variance has mean sigma2, not (m-1)/m sigma2.

    Each of ``replicates`` independent features (one column each) starts at
    ``running_var = 1`` and sees ``MC_STEPS`` Gaussian batches of ``m = 4``.
    The mean over features of the final running variance is ``offset +
    sigma2 sum_t w_t chi2_{R(m-1),t}/(R(m-1))`` exactly, with ``w_t = alpha
    (1 - alpha)^(T - t)`` and ``offset = (1 - alpha)^T``; its expectation is
    the closed form of claim ``bn.running.ema_expectation``.  The biased
    variance would make it ``(m-1)/m`` of that: a 25% error, which the
    Chernoff-bounded chi-square mixture test detects with power 0.99.
    """
    w, n_req = running_var_design(alpha)
    r = replicates or n_req
    rm, rv = np.zeros(r), np.full(r, MC_START)
    for _ in range(MC_STEPS):
        x = rng.normal(3.0, math.sqrt(MC_POP_VAR), size=(MC_BATCH, r))
        rm, rv = update(rm, rv, x, momentum=MC_MOMENTUM)
    offset = (1 - MC_MOMENTUM) ** MC_STEPS * MC_START
    expected = float(_oracle("bn.running.ema_expectation")(
        t=MC_STEPS, alpha=MC_MOMENTUM, r_0=MC_START, sigma_x2=MC_POP_VAR))
    outcome = stats.chi2_mixture_test(
        float(np.mean(rv)), coeffs=w, dof_per_replicate=MC_BATCH - 1, replicates=r,
        variance=MC_POP_VAR, offset=offset, rel_error=MC_REL_ERROR, alpha=alpha)
    if not math.isclose(outcome.expected, expected, rel_tol=1e-12):
        raise AssertionError(f"{label}: the design's expectation {outcome.expected} differs from "
                             f"bn.running.ema_expectation {expected}")
    return outcome


# ---------------------------------------------------------------- inference


def check_fold(module, label: str, rng: np.random.Generator, eps: float = 1e-3) -> None:
    """x @ W' + b' equals batchnorm_inference(x @ W + b) to 1e-12 (claim bn.fold)."""
    fan_in, fan_out = 5, 3  # non-square: a transposed W cannot pass
    W, b = rng.standard_normal((fan_in, fan_out)), rng.standard_normal(fan_out)
    gamma, beta = rng.uniform(0.5, 2, fan_out), rng.standard_normal(fan_out)
    mean, var = rng.standard_normal(fan_out), rng.uniform(0.001, 0.01, fan_out)
    x = rng.standard_normal((7, fan_in))
    Wf, bf = module.fold_batchnorm(W, b, gamma, beta, mean, var, eps)
    want = module.batchnorm_inference(x @ W + b, gamma, beta, mean, var, eps)
    got = x @ Wf + bf
    err = np.abs(got - want).max() / np.abs(want).max()
    if not err <= 1e-12:
        raise AssertionError(f"{label}: the folded layer violates bn.fold "
                             f"(relative difference {err:.3g} from inference)")


def check_inference_affine(inference: Callable, label: str, rng: np.random.Generator) -> None:
    """batchnorm_inference is slide 000's affine map (claim bn.inference.affine)."""
    x = rng.standard_normal((6, 3, 2, 2))
    gamma, beta = rng.uniform(0.5, 2, 3), rng.standard_normal(3)
    mean, var, eps = rng.standard_normal(3), rng.uniform(0.1, 2, 3), 1e-3
    got = inference(x, gamma, beta, mean, var, eps)
    bshape = (1, 3, 1, 1)
    want = _oracle("bn.inference.affine")(
        x=x, gamma=gamma.reshape(bshape), beta=beta.reshape(bshape), E=mean.reshape(bshape),
        V=var.reshape(bshape), epsilon=eps)
    if not np.allclose(got, want, rtol=1e-12, atol=1e-12):
        raise AssertionError(f"{label}: inference violates y = gamma/sqrt(V+eps) x + "
                             "(beta - gamma E/sqrt(V+eps))")
