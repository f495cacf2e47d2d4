"""The registered checks of the normalisation chapter (claims ``bn.*``; see :mod:`dlproofs.checks`).

Each check has the one signature ``fn(impl, verify)``, states one law of the
claims it lists, and fails through ``verify.fail`` in the one format.  The
same checks run against ``impl`` (they must pass), against any ``--impl``
module, and against the known-wrong variants of ``tests/normalization/wrong.py``.

Hypothesis draws the shapes (every group has m >= 2 values), eps and a seed
from which gamma, beta, the input and a random upstream gradient are drawn
(never all ones: with dy = 1 batch norm's dx is identically zero and no check
of it could fail).  Expected values come from the claims' oracles
(:func:`dlproofs.oracles.oracle`): this file computes only the inputs of an
oracle -- the normalised values and the group sums -- never the formula.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np
from hypothesis import strategies as st

from dlproofs import stats
from dlproofs.checks import check, examples
from dlproofs.gradcheck import directional_check
from dlproofs.oracles import oracle

check = partial(check, chapter="bn")

#: Relative tolerance of comparisons with an oracle (two float64 evaluations of one formula).
ORACLE_RTOL = 1e-9
#: Rounding slack of the exact identities, per unit of the summed magnitudes.
ROUNDING = 64 * np.finfo(np.float64).eps

KINDS = ("bn2d", "bn4d", "ln", "gn")
EPS = st.sampled_from([1e-5, 1e-3, 0.1, 1.0])
SEEDS = st.integers(0, 2**32 - 1)


def _array(a) -> np.ndarray:
    """An implementation's output as float64 (the dtype policy is the reference's contract)."""
    return np.asarray(a, dtype=np.float64)


# ---------------------------------------------------------------- the layers


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
    def functions(self) -> tuple[str, str]:
        """The public names under test."""
        name = {"bn": "batchnorm", "ln": "layernorm", "gn": "groupnorm"}[self.kind]
        return f"{name}_forward", f"{name}_backward"

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

    def run(self, x, gamma, beta, eps):
        y, cache_ = self.forward(x, gamma, beta, eps)
        return _array(y), cache_

    def grads(self, dy, cache_):
        return tuple(_array(g) for g in self.backward(dy, cache_))


@st.composite
def shapes(draw, kind: str):
    """An input shape for ``kind`` whose normalisation groups hold at least 2 values,
    followed by the number of groups (0 but for group norm)."""
    if kind == "bn2d":
        return draw(st.integers(2, 7)), draw(st.integers(1, 4)), 0
    if kind == "bn4d":
        n, h, w = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
        if n * h * w < 2:
            n = 2
        return n, draw(st.integers(1, 3)), h, w, 0
    ndim = draw(st.sampled_from((2, 3, 4) if kind == "ln" else (3, 4)))
    if kind == "ln":  # each sample normalised over all its other axes
        if ndim == 4:
            return draw(st.integers(1, 3)), draw(st.integers(2, 3)), 2, draw(st.integers(1, 2)), 0
        if ndim == 3:  # (N, C, L), as for sequences
            return draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(2, 4)), 0
        return draw(st.integers(1, 4)), draw(st.integers(2, 7)), 0
    groups, per = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    spatial = tuple(draw(st.integers(1, 3)) for _ in range(ndim - 2))
    if per * int(np.prod(spatial)) < 2:
        per = 2
    return (draw(st.integers(1, 3)), groups * per, *spatial, groups)


def make_layer(impl, kind: str, drawn: tuple) -> Layer:
    """The layer of ``kind`` from ``impl`` for a shape drawn by :func:`shapes`."""
    *shape, groups = drawn
    if kind.startswith("bn"):
        return Layer(f"batchnorm {tuple(shape)}", impl.batchnorm_forward,
                     impl.batchnorm_backward, tuple(shape))
    if kind == "ln":
        return Layer(f"layernorm {tuple(shape)}", impl.layernorm_forward,
                     impl.layernorm_backward, tuple(shape), kind="ln")
    forward_ = impl.groupnorm_forward

    def forward(x, gamma, beta, eps=1e-5):
        return forward_(x, gamma, beta, groups, eps)

    return Layer(f"groupnorm {tuple(shape)}, {groups} groups", forward, impl.groupnorm_backward,
                 tuple(shape), groups=groups, kind="gn")


def draw_inputs(layer: Layer, seed: int, scale: float = 1.0):
    rng = np.random.default_rng(seed)
    x = rng.normal(rng.normal(0, 3), scale, size=layer.shape)
    gamma = rng.uniform(0.5, 2.0, layer.param_shape) * rng.choice([-1, 1], layer.param_shape)
    beta = rng.standard_normal(layer.param_shape)
    dy = rng.standard_normal(layer.shape)
    return rng, x, gamma, beta, dy


_FORWARD = {"bn2d": "batchnorm_forward", "bn4d": "batchnorm_forward",
            "ln": "layernorm_forward", "gn": "groupnorm_forward"}


def _has(impl, name: str) -> bool:
    """Whether ``impl`` has ``name`` (the kit's ``impl`` skips a test on a missing name)."""
    try:
        getattr(impl, name)
    except AttributeError:
        return False
    except BaseException as exc:  # pytest's skip for a missing reference name
        if type(exc).__name__ == "Skipped":
            return False
        raise
    return True


def kinds_of(impl) -> list[str]:
    """The layer kinds ``impl`` has; with none, asking for batch norm skips the check."""
    kinds = [k for k in KINDS if _has(impl, _FORWARD[k])]
    if not kinds:
        impl.batchnorm_forward  # noqa: B018 - skips (or raises) naming the missing function
    return kinds


def each_layer(impl, body: Callable[..., None]) -> None:
    """``body(layer, rng, x, gamma, beta, dy, eps)`` on drawn layers of every kind ``impl`` has."""
    def runner(kind: str):
        def run(data, eps, seed):
            layer = make_layer(impl, kind, data.draw(shapes(kind)))
            body(layer, *draw_inputs(layer, seed), eps)
        return run

    for kind in kinds_of(impl):
        examples(runner(kind), data=st.data(), eps=EPS, seed=SEEDS)


# ---------------------------------------------------------------- the oracle


def _statistics(layer: Layer, x: np.ndarray, eps: float):
    xg = layer.grouped(x)
    mu = xg.mean(axis=1, keepdims=True)
    var = ((xg - mu) ** 2).mean(axis=1, keepdims=True)
    return xg, var, (xg - mu) / np.sqrt(var + eps)


def _ungroup(layer: Layer, a: np.ndarray) -> np.ndarray:
    if layer.kind == "bn":
        moved = (layer.shape[1], layer.shape[0], *layer.shape[2:])
        return np.moveaxis(a.reshape(moved), 0, 1)
    return a.reshape(layer.shape)


def expected_gradients(layer: Layer, x, gamma, beta, eps, dy):
    """``(dx, dgamma, dbeta)`` from the derivation's oracles, and a magnitude scale for dx."""
    _, var, xhat = _statistics(layer, x, eps)
    m = xhat.shape[1]
    dyg = layer.grouped(dy)
    gam = layer.grouped(layer.expand(gamma))
    if layer.kind == "bn":  # gamma is one number per group: claim bn.backward.dx
        g = gam[:, :1]
        dx = oracle("bn.backward.dx")(
            dy_i=dyg, sum_dy=dyg.sum(1, keepdims=True),
            sum_dy_xhat=(dyg * xhat).sum(1, keepdims=True), xhat_i=xhat,
            gamma=g, sigma2=var, epsilon=eps, m=m)
    else:  # gamma varies inside the group: claims bn.layernorm.backward / bn.groupnorm.backward
        gdy = gam * dyg
        cid = "bn.layernorm.backward" if layer.kind == "ln" else "bn.groupnorm.backward"
        dx = oracle(cid)(gdy_i=gdy, sum_gdy=gdy.sum(1, keepdims=True),
                         sum_gdy_xhat=(gdy * xhat).sum(1, keepdims=True), xhat_i=xhat,
                         sigma2=var, epsilon=eps, m=m)
    g_abs = np.abs(gam * dyg)
    scale = (m * g_abs + g_abs.sum(1, keepdims=True)
             + np.abs(xhat) * (g_abs * np.abs(xhat)).sum(1, keepdims=True)) / (
        m * np.sqrt(var + eps))
    xhat_full = _ungroup(layer, xhat)
    dgamma = oracle("bn.backward.dgamma")(sum_dy_xhat=(dy * xhat_full).sum(axis=layer.param_axes))
    dbeta = oracle("bn.backward.dbeta")(sum_dy=dy.sum(axis=layer.param_axes))
    return _ungroup(layer, dx), dgamma, dbeta, _ungroup(layer, scale)


_DX_CLAIM = {"bn": "bn.backward.dx", "ln": "bn.layernorm.backward", "gn": "bn.groupnorm.backward"}


# ------------------------------------------------------------- the backward pass


@check(claims=("bn.backward.dx", "bn.layernorm.backward", "bn.groupnorm.backward",
               "bn.backward.dgamma", "bn.backward.dbeta", "bn.normalize.backward",
               "bn.backward.dmu", "bn.backward.dvar"),
       law="dx, dgamma and dbeta equal the derivation's compact forms",
       functions=("batchnorm_backward", "layernorm_backward", "groupnorm_backward"))
def check_backward_oracle(impl, verify) -> None:
    """dx, dgamma, dbeta of batch, layer and group norm agree with the derived formulas."""
    def body(layer, rng, x, gamma, beta, dy, eps):
        backward = layer.functions[1]
        dx, dgamma, dbeta = layer.grads(dy, layer.run(x, gamma, beta, eps)[1])
        want_dx, want_dgamma, want_dbeta, scale = expected_gradients(layer, x, gamma, beta, eps,
                                                                     dy)
        err = np.abs(dx - want_dx) / np.maximum(scale, np.finfo(float).tiny)
        if not np.all(err <= ORACLE_RTOL):
            verify.fail(backward, f"{layer.label}, eps = {eps}: dx is off by {err.max():.3g} of "
                        "the terms' magnitude", claim=_DX_CLAIM[layer.kind])
        for name, got, want in (("dgamma", dgamma, want_dgamma), ("dbeta", dbeta, want_dbeta)):
            tol = ORACLE_RTOL * (np.abs(want).max() + np.abs(dy).sum())
            if np.shape(got) != np.shape(want) or not np.all(np.abs(got - want) <= tol):
                verify.fail(backward, f"{layer.label}: {name} is not the sum over the axes that "
                            "share a parameter", claim=f"bn.backward.{name}")

    each_layer(impl, body)


def finite_differences(layer: Layer, x, gamma, beta, eps, rng: np.random.Generator,
                       directions: int = 3) -> tuple[list[float], list[float]]:
    """Directional central differences of <c, f(x, gamma, beta)> against <backward(c), v>
    (:func:`dlproofs.gradcheck.directional_check`, all three arguments moved at once);
    raises AssertionError on a disagreement.  Returns the analytic and the
    finite-difference directional derivatives (for the report's agreement plot)."""
    y, cache_ = layer.run(x, gamma, beta, eps)
    c = rng.standard_normal(y.shape)  # a random upstream gradient (never all ones)
    grads = layer.grads(c, cache_)
    analytic, numeric = [], []
    for _ in range(directions):
        vx, vg, vb = (rng.standard_normal(np.shape(a)) for a in (x, gamma, beta))

        def loss(t, vx=vx, vg=vg, vb=vb):
            out, _ = layer.run(x + t * vx, gamma + t * vg, beta + t * vb, eps)
            return float(np.sum(c * out))

        an, fd = directional_check(loss, zip(grads, (vx, vg, vb), strict=True),
                                   subject=layer.label, law=_DX_CLAIM[layer.kind])
        analytic.append(an)
        numeric.append(fd)
    return analytic, numeric


@check(claims=("bn.backward.dx", "bn.layernorm.backward", "bn.groupnorm.backward",
               "bn.backward.dgamma", "bn.backward.dbeta"),
       law="the backward pass agrees with central finite differences of the forward pass",
       functions=("batchnorm_backward", "layernorm_backward", "groupnorm_backward"))
def check_finite_differences(impl, verify) -> None:
    """The backward pass is the gradient of the forward pass (three random directions)."""
    def body(layer, rng, x, gamma, beta, dy, eps):
        try:
            finite_differences(layer, x, gamma, beta, eps, rng)
        except AssertionError as exc:
            verify.fail(layer.functions[1], f"eps = {eps}: {exc}", claim=_DX_CLAIM[layer.kind])

    each_layer(impl, body)


# ----------------------------------------------------------- consequences


@check(claims=("bn.consequences.sum_dx",), law="sum_i dx_i = 0 in every normalisation group",
       functions=("batchnorm_backward", "layernorm_backward", "groupnorm_backward"))
def check_sum_dx(impl, verify) -> None:
    """sum_i dx_i = 0 in every group, to rounding (claim bn.consequences.sum_dx)."""
    def body(layer, rng, x, gamma, beta, dy, eps):
        dx = layer.grads(dy, layer.run(x, gamma, beta, eps)[1])[0]
        *_, scale = expected_gradients(layer, x, gamma, beta, eps, dy)
        sums = np.abs(layer.grouped(dx).sum(axis=1))
        bound = ROUNDING * layer.grouped(scale).sum(axis=1)
        if not np.all(sums <= bound):
            verify.fail(layer.functions[1], f"{layer.label}: max |sum| = {sums.max():.3g}, "
                        f"rounding bound {bound.max():.3g}")

    each_layer(impl, body)


@check(claims=("bn.consequences.sum_dx_xhat",),
       law="sum_i dx_i xhat_i = eps (sigma2 + eps)^(-3/2) sum_j g_j xhat_j",
       functions=("batchnorm_backward", "layernorm_backward", "groupnorm_backward"))
def check_sum_dx_xhat(impl, verify) -> None:
    """sum_i dx_i xhat_i = eps (sigma2+eps)^(-3/2) sum_j g_j xhat_j (bn.consequences.sum_dx_xhat)"""
    def body(layer, rng, x, gamma, beta, dy, eps):
        dx = layer.grads(dy, layer.run(x, gamma, beta, eps)[1])[0]
        _, var, xhat = _statistics(layer, x, eps)
        g = layer.grouped(layer.expand(gamma)) * layer.grouped(dy)
        want = oracle("bn.consequences.sum_dx_xhat")(
            sum_g_xhat=(g * xhat).sum(1), sigma2=var[:, 0], epsilon=eps)
        got = (layer.grouped(dx) * xhat).sum(1)
        *_, scale = expected_gradients(layer, x, gamma, beta, eps, dy)
        tol = ORACLE_RTOL * (layer.grouped(scale) * np.abs(xhat)).sum(1)
        if not np.all(np.abs(got - want) <= tol):
            verify.fail(layer.functions[1], f"{layer.label}, eps = {eps}: max error "
                        f"{np.abs(got - want).max():.3g}, tolerance {tol.max():.3g}")

    each_layer(impl, body)


@check(claims=("bn.forward.second_moment", "bn.forward.mean_zero", "bn.forward.sum_x",
               "bn.forward.sum_sq"),
       law="with gamma = 1 and beta = 0 each group has mean 0 and mean square "
           "sigma2/(sigma2 + eps) (the biased variance)",
       functions=("batchnorm_forward", "layernorm_forward", "groupnorm_forward"))
def check_forward_moments(impl, verify) -> None:
    """With gamma = 1, beta = 0 each group has mean 0 and mean square sigma2/(sigma2+eps).

    The mean is 0 to the rounding that the computation actually makes (u = 2^-53, the unit
    roundoff; ``ulp(a) >= u a``; ``s = sqrt(sigma2 + eps)``):

    * the computed mean ``mu~ = fl(sum_i x_i / m)`` is off by at most ``gamma_(m-1) sum_i
      |x_i| / m + u |mu| <= m u max|x| (1 + O(m u)) <~ m ulp(max|x|)`` (any summation order;
      pairwise summation does better);
    * the differences ``d_i = fl(x_i - mu~) = (x_i - mu~)(1 + theta_i)``, ``|theta_i| <= u``,
      sum to ``m (mu - mu~) + sum_i theta_i (x_i - mu~)``: the first term is set by the
      input's *magnitude*, not by its spread, and dividing by ``s`` carries it into the mean
      of xhat as ``|mu~ - mu| / s``;
    * the division, gamma * xhat + beta and this check's own mean add at most
      ``(m + 2) u`` times ``mean_i |xhat_i|``.

    Hence ``|mean_i y_i| <= m ulp(max|x|) / s + (m + 2) u mean_i |y_i|``: a group of values
    near 5 that differ by 1e-3 has ``s ~ 3e-3`` and a mean of -9e-14 where xhat is of order 1.
    The tolerance is ``2 m ulp(max|x|) / s + 64 eps_64 sum_i |y_i|`` (twice the first term for
    its O(m u) factor and for a fused ``x (gamma/s) + (beta - mu gamma/s)``, whose per-value
    roundings are also ``u |x| / s``).  A forward pass that forgets to subtract the mean is
    off by ``|mu| / s``, far outside it.  The mean square is compared with the derivation to
    1e-12.
    """
    each_layer(impl, lambda layer, rng, x, gamma, beta, dy, eps:
               forward_moments(layer, x, eps, verify))


def mean_zero_tolerance(xg: np.ndarray, var: np.ndarray, eps: float,
                        yg: np.ndarray) -> np.ndarray:
    """The rounding bound of each group's mean of y (one group per row; derived in
    :func:`check_forward_moments`): ``2 m ulp(max|x|) / sqrt(sigma2 + eps) + ROUNDING sum|y|``."""
    m = xg.shape[1]
    return (2 * m * np.spacing(np.abs(xg).max(axis=1)) / np.sqrt(var[:, 0] + eps)
            + ROUNDING * np.abs(yg).sum(axis=1))


def forward_moments(layer: Layer, x: np.ndarray, eps: float, verify) -> None:
    """The law of :func:`check_forward_moments` on one input (``verify`` fails the check)."""
    ones, zeros = np.ones(layer.param_shape), np.zeros(layer.param_shape)
    y, _ = layer.run(x, ones, zeros, eps)
    xg, var, _ = _statistics(layer, x, eps)
    yg = layer.grouped(y)
    want = oracle("bn.forward.second_moment")(sigma2=var[:, 0], epsilon=eps)
    means, tol = np.abs(yg.mean(axis=1)), mean_zero_tolerance(xg, var, eps, yg)
    if not np.all(means <= tol):
        worst = int(np.argmax(means / tol))
        verify.fail(layer.functions[0], f"{layer.label}, eps = {eps}: a group's mean is "
                    f"{means[worst]:.3g}, rounding bound {tol[worst]:.3g}",
                    claim="bn.forward.mean_zero")
    if not np.all(np.abs((yg**2).mean(1) - want) <= 1e-12):
        verify.fail(layer.functions[0], f"{layer.label}, eps = {eps}: mean squares "
                    f"{(yg**2).mean(1)}, derived {want}")


@check(claims=("bn.consequences.affine_input",), law="BN_eps(a x + b) = BN_(eps/a^2)(x) for a > 0",
       functions=("batchnorm_forward", "layernorm_forward", "groupnorm_forward"))
def check_affine_input(impl, verify) -> None:
    """BN_eps(a x + b) = BN_(eps/a^2)(x) for a > 0 (claim bn.consequences.affine_input)."""
    def runner(kind: str):
        def run(data, eps, seed, a, b):
            layer = make_layer(impl, kind, data.draw(shapes(kind)))
            _, x, gamma, beta, _ = draw_inputs(layer, seed)
            y1, _ = layer.run(a * x + b, gamma, beta, eps)
            y2, _ = layer.run(x, gamma, beta, eps / a**2)
            if not np.all(np.abs(y1 - y2) <= 1e-9 * (1 + np.abs(y2))):
                verify.fail(layer.functions[0], f"{layer.label}, eps = {eps}, a = {a:.4g}, "
                            f"b = {b:.4g}: max difference {np.abs(y1 - y2).max():.3g}")
        return run

    for kind in kinds_of(impl):
        examples(runner(kind), data=st.data(), eps=EPS, seed=SEEDS, a=st.floats(0.01, 100.0),
                 b=st.floats(-50, 50))


@check(claims=("bn.consequences.weight_scale_grad", "bn.consequences.affine_input"),
       law="weights scaled by k give BN at eps/k^2 and dW divided by k",
       functions=("batchnorm_forward", "batchnorm_backward"))
def check_weight_scaling(impl, verify) -> None:
    """x @ (k W) normalised at eps equals x @ W at eps/k^2, and its dW is dW/k."""
    forward, backward = impl.batchnorm_forward, impl.batchnorm_backward

    def run(seed, k, eps):
        rng = np.random.default_rng(seed)
        inputs, W = rng.standard_normal((6, 4)), rng.standard_normal((4, 3))
        gamma, beta = rng.uniform(0.5, 2, 3), rng.standard_normal(3)
        dy = rng.standard_normal((6, 3))
        h = inputs @ W
        y_k, cache_k = forward(h * k, gamma, beta, eps)   # the layer x @ (k W)
        y_1, cache_1 = forward(h, gamma, beta, eps / k**2)
        dW_k = inputs.T @ _array(backward(dy, cache_k)[0])
        dW_1 = inputs.T @ _array(backward(dy, cache_1)[0])
        if not np.allclose(_array(y_k), _array(y_1), rtol=1e-9, atol=1e-12):
            verify.fail("batchnorm_forward", f"k = {k:.4g}, eps = {eps}: the output changes "
                        "beyond eps -> eps/k^2", claim="bn.consequences.affine_input")
        if not np.allclose(dW_k, dW_1 / k, rtol=1e-8, atol=1e-12 * np.abs(dW_1).max()):
            verify.fail("batchnorm_backward", f"k = {k:.4g}, eps = {eps}: dW for k W is not "
                        "dW/k")

    examples(run, seed=SEEDS, k=st.floats(0.05, 20.0), eps=EPS)


# ------------------------------------------------------ running statistics


def _unbiased_factor(m: int) -> float:
    """m/(m-1), read from the claims: E[unbiased]/E[biased] = sigma2 / ((m-1)/m sigma2)."""
    return 1.0 / float(oracle("bn.running.biased_var_expectation")(m=m, sigma_x2=1.0))


@check(claims=("bn.running.unbiased_var", "bn.running.keras_momentum",
               "bn.running.biased_var_expectation"),
       law="running = (1 - momentum) running + momentum batch, with the unbiased batch "
           "variance and momentum 0.1 by default (PyTorch's convention)",
       functions=("batchnorm_update_running",))
def check_running_update(impl, verify) -> None:
    """One update equals (1 - momentum) running + momentum batch, with the unbiased variance."""
    update = impl.batchnorm_update_running

    def run(seed):
        rng = np.random.default_rng(seed)
        for shape, momentum in (((6, 3), 0.1), ((3, 2, 2, 2), 0.37)):
            x = rng.normal(1.5, 2.0, size=shape)
            c = shape[1]
            rm, rv = rng.normal(size=c), rng.uniform(0.5, 2.0, size=c)
            mean, var = (_array(a) for a in update(rm.copy(), rv.copy(), x, momentum=momentum))
            axes = (0,) if x.ndim == 2 else (0, 2, 3)
            unbiased = x.var(axis=axes) * _unbiased_factor(x.size // c)
            # the slides' alpha is PyTorch's momentum (claim bn.running.keras_momentum)
            want_mean = (1 - momentum) * rm + momentum * x.mean(axis=axes)
            want_var = (1 - momentum) * rv + momentum * unbiased
            if not np.allclose(mean, want_mean, rtol=1e-12, atol=1e-12):
                verify.fail("batchnorm_update_running", f"momentum = {momentum}: the running "
                            "mean is not (1 - momentum) running + momentum batch mean",
                            claim="bn.running.keras_momentum")
            if not np.allclose(var, want_var, rtol=1e-12, atol=1e-12):
                verify.fail("batchnorm_update_running", f"momentum = {momentum}: the running "
                            "variance is not (1 - momentum) running + momentum unbiased variance")
        x = rng.standard_normal((6, 3))
        rm, rv = rng.standard_normal(3), rng.uniform(0.5, 2.0, 3)
        default = update(rm.copy(), rv.copy(), x)
        explicit = update(rm.copy(), rv.copy(), x, momentum=0.1)
        if not all(np.allclose(_array(d), _array(e), rtol=1e-12, atol=1e-12)
                   for d, e in zip(default, explicit, strict=True)):
            verify.fail("batchnorm_update_running", "the default momentum is not 0.1",
                        claim="bn.running.keras_momentum")

    examples(run, seed=SEEDS)


#: The Monte Carlo design of the convergence check (see running_var_outcome).
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


def running_var_outcome(update: Callable, rng: np.random.Generator,
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
        rm, rv = (_array(a) for a in update(rm, rv, x, momentum=MC_MOMENTUM))
    offset = (1 - MC_MOMENTUM) ** MC_STEPS * MC_START
    expected = float(oracle("bn.running.ema_expectation")(
        t=MC_STEPS, alpha=MC_MOMENTUM, r_0=MC_START, sigma_x2=MC_POP_VAR))
    outcome = stats.chi2_mixture_test(
        float(np.mean(rv)), coeffs=w, dof_per_replicate=MC_BATCH - 1, replicates=r,
        variance=MC_POP_VAR, offset=offset, rel_error=MC_REL_ERROR, alpha=alpha)
    if not math.isclose(outcome.expected, expected, rel_tol=1e-12):
        raise stats.DesignError(f"the design's expectation {outcome.expected} differs from "
                                f"bn.running.ema_expectation {expected}")
    return outcome


@check(claims=("bn.running.unbiased_var", "bn.running.ema_expectation", "bn.running.steady_state",
               "bn.running.iid_moments", "bn.running.biased_var_expectation"),
       law="E[running_var] -> sigma2 (the unbiased batch variance), not (m-1)/m sigma2",
       functions=("batchnorm_update_running",))
def check_running_var_converges(impl, verify) -> None:
    """The running variance converges to the population variance (Monte Carlo, exact test)."""
    verify(running_var_outcome(impl.batchnorm_update_running, np.random.default_rng(20261121)),
           function="batchnorm_update_running",
           where=f"{MC_STEPS} batches of {MC_BATCH}, momentum {MC_MOMENTUM}")


# ---------------------------------------------------------------- inference


@check(claims=("bn.fold", "bn.inference.affine"),
       law="x @ W' + b' equals batchnorm_inference(x @ W + b) (the folded layer)",
       functions=("fold_batchnorm", "batchnorm_inference"))
def check_fold(impl, verify) -> None:
    """x @ W' + b' equals batchnorm_inference(x @ W + b) to 1e-12 (claim bn.fold)."""
    def run(seed):
        rng = np.random.default_rng(seed)
        eps, fan_in, fan_out = 1e-3, 5, 3  # non-square: a transposed W cannot pass
        W, b = rng.standard_normal((fan_in, fan_out)), rng.standard_normal(fan_out)
        gamma, beta = rng.uniform(0.5, 2, fan_out), rng.standard_normal(fan_out)
        mean, var = rng.standard_normal(fan_out), rng.uniform(0.001, 0.01, fan_out)
        x = rng.standard_normal((7, fan_in))
        Wf, bf = (_array(a) for a in impl.fold_batchnorm(W, b, gamma, beta, mean, var, eps))
        want = _array(impl.batchnorm_inference(x @ W + b, gamma, beta, mean, var, eps))
        err = np.abs(x @ Wf + bf - want).max() / np.abs(want).max()
        if not err <= 1e-12:
            verify.fail("fold_batchnorm", f"relative difference {err:.3g} from inference")

    examples(run, seed=SEEDS)


@check(claims=("bn.inference.affine",),
       law="inference is y = gamma/sqrt(V + eps) x + (beta - gamma E/sqrt(V + eps)) with the "
           "running statistics E, V",
       functions=("batchnorm_inference",))
def check_inference_affine(impl, verify) -> None:
    """batchnorm_inference is slide 000's affine map (claim bn.inference.affine)."""
    def run(seed):
        rng = np.random.default_rng(seed)
        x = rng.standard_normal((6, 3, 2, 2))
        gamma, beta = rng.uniform(0.5, 2, 3), rng.standard_normal(3)
        mean, var, eps = rng.standard_normal(3), rng.uniform(0.1, 2, 3), 1e-3
        got = _array(impl.batchnorm_inference(x, gamma, beta, mean, var, eps))
        bshape = (1, 3, 1, 1)
        want = oracle("bn.inference.affine")(
            x=x, gamma=gamma.reshape(bshape), beta=beta.reshape(bshape), E=mean.reshape(bshape),
            V=var.reshape(bshape), epsilon=eps)
        if not np.allclose(got, want, rtol=1e-12, atol=1e-12):
            verify.fail("batchnorm_inference", f"max difference {np.abs(got - want).max():.3g}")

    examples(run, seed=SEEDS)


# ------------------------------------------------------------- the contract

_x2 = np.arange(12.0).reshape(4, 3)
_x4 = np.arange(48.0).reshape(2, 3, 2, 4)
_ones3, _zeros3 = np.ones(3), np.zeros(3)

#: Bad arguments: (id, function, args, kwargs, the argument a message must name, the exception:
#: TypeError for a wrong kind of value, ValueError for a value out of range or a wrong shape)
BAD_ARGUMENTS = [
    ("bn-x-1d", "batchnorm_forward", (np.ones(5), _ones3, _zeros3), {}, "x", ValueError),
    ("bn-x-3d", "batchnorm_forward", (np.ones((2, 3, 4)), _ones3, _zeros3), {}, "x", ValueError),
    ("bn-x-nan", "batchnorm_forward", (np.full((4, 3), np.nan), _ones3, _zeros3), {}, "x",
     ValueError),
    ("bn-x-complex", "batchnorm_forward", (_x2 + 1j, _ones3, _zeros3), {}, "x", TypeError),
    ("bn-gamma-length", "batchnorm_forward", (_x2, np.ones(2), _zeros3), {}, "gamma", ValueError),
    ("bn-beta-length", "batchnorm_forward", (_x4, _ones3, np.zeros(4)), {}, "beta", ValueError),
    ("bn-eps-negative", "batchnorm_forward", (_x2, _ones3, _zeros3), {"eps": -1e-5}, "eps",
     ValueError),
    ("bn-eps-string", "batchnorm_forward", (_x2, _ones3, _zeros3), {"eps": "1e-5"}, "eps",
     TypeError),
    ("running-momentum", "batchnorm_update_running", (_zeros3, _ones3, _x2), {"momentum": 1.5},
     "momentum", ValueError),
    ("running-var-negative", "batchnorm_update_running", (_zeros3, -_ones3, _x2), {},
     "running_var", ValueError),
    ("running-mean-length", "batchnorm_update_running", (np.zeros(2), _ones3, _x2), {},
     "running_mean", ValueError),
    ("inference-var-length", "batchnorm_inference", (_x2, _ones3, _zeros3, _zeros3, np.ones(2)),
     {}, "running_var", ValueError),
    ("fold-W-1d", "fold_batchnorm", (np.ones(3), _zeros3, _ones3, _zeros3, _zeros3, _ones3), {},
     "W", ValueError),
    ("fold-b-length", "fold_batchnorm", (np.ones((2, 3)), np.zeros(2), _ones3, _zeros3, _zeros3,
                                         _ones3), {}, "b", ValueError),
    ("fold-eps-negative", "fold_batchnorm", (np.ones((2, 3)), _zeros3, _ones3, _zeros3, _zeros3,
                                             _ones3), {"eps": -1.0}, "eps", ValueError),
    ("ln-gamma-shape", "layernorm_forward", (_x2, np.ones(4), _zeros3), {}, "gamma", ValueError),
    ("gn-groups-not-dividing", "groupnorm_forward", (_x4, _ones3, _zeros3, 2), {}, "groups",
     ValueError),
    ("gn-groups-zero", "groupnorm_forward", (_x4, _ones3, _zeros3, 0), {}, "groups", ValueError),
    ("gn-groups-float", "groupnorm_forward", (_x4, _ones3, _zeros3, 1.0), {}, "groups",
     TypeError),
]


@check(claims=("bn.forward.sum_sq",), kind="contract",
       law="a bad argument raises TypeError (wrong kind) or ValueError (wrong value or shape) "
           "naming it",
       functions=tuple(dict.fromkeys(row[1] for row in BAD_ARGUMENTS)))
def check_bad_arguments(impl, verify) -> None:
    """Each bad argument is refused with the right exception type and a message naming it."""
    for _, name, args, kwargs, argument, error in BAD_ARGUMENTS:
        function = getattr(impl, name)
        verify.refuses(name, lambda f=function, a=args, k=kwargs: f(*a, **k), argument=argument,
                       error=error)
