"""Checks of regularization implementations against the regularization chapter's claims.

Exact identities are checked to rounding; gradients by directional central
differences (:mod:`dlproofs.gradcheck`); the early-stopping and ridge shrinkage
against a numerical solve; the mini-batch gradient variance (both samplers) and the
expected initial loss by Monte Carlo sized by alpha and power (:mod:`dlproofs.stats`).
Expected values come from the claims' oracles (:mod:`dlproofs.oracles`).
"""

from __future__ import annotations

import math

import numpy as np
from scipy import stats as sps

from dlproofs import stats
from dlproofs.checks import check
from dlproofs.gradcheck import directional_check
from dlproofs.oracles import oracle

CH = "regularization"
ROUNDING = 16 * np.finfo(np.float64).eps


def _close(a, b, rtol=ROUNDING) -> bool:
    a, b = np.asarray(a, float), np.asarray(b, float)
    return bool(np.all(np.abs(a - b) <= rtol * np.maximum(1.0, np.maximum(np.abs(a), np.abs(b)))))


# ---------------------------------------------------------------- penalties


@check(chapter=CH, claims=("regularization.l2.gradient", "regularization.l2.sgd_weight_decay"),
       law="d/dw lambda ||w||^2 = 2 lambda w, so an SGD step decays w by 1 - 2 eta lambda",
       functions=("l2_penalty", "l2_penalty_grad"))
def check_l2_gradient(impl, verify):
    rng = np.random.default_rng(1)
    w, v = rng.standard_normal((5, 3)), rng.standard_normal((5, 3))
    for lam in (0.03, 0.7):
        grad = impl.l2_penalty_grad(w, lam)
        try:
            directional_check(lambda t, lam=lam: impl.l2_penalty(w + t * v, lam), [(grad, v)],
                              subject="l2_penalty_grad", law="d/dw lambda||w||^2")
        except AssertionError as exc:
            verify.fail("l2_penalty_grad", str(exc))
        g, eta = rng.standard_normal(w.shape), 0.1
        # the claims are about one coordinate w[k]: k runs over every coordinate (counted from
        # 1, as the claims count) of the flattened w and g
        k = np.arange(1, w.size + 1)
        want_grad = oracle("regularization.l2.gradient")(
            w=w.ravel(), k=k, **{"lambda": lam}).reshape(w.shape)
        want_step = oracle("regularization.l2.sgd_weight_decay")(
            w=w.ravel(), g=g.ravel(), k=k, eta=eta, **{"lambda": lam}).reshape(w.shape)
        if not _close(grad, want_grad):
            verify.fail("l2_penalty_grad", f"at lambda = {lam}: max |grad - 2 lambda w| = "
                        f"{np.max(np.abs(grad - want_grad)):.3g}")
        if not _close(w - eta * (g + grad), want_step):
            verify.fail("l2_penalty_grad", "an SGD step on the penalised loss is not "
                        "(1 - 2 eta lambda) w - eta g", claim="regularization.l2.sgd_weight_decay")


@check(chapter=CH, claims=("regularization.l1.subgradient",),
       law="d/dw lambda ||w||_1 = lambda sign(w) (w != 0)",
       functions=("l1_penalty", "l1_penalty_grad"))
def check_l1_subgradient(impl, verify):
    rng = np.random.default_rng(2)
    w = rng.uniform(0.2, 2.0, (4, 3)) * rng.choice([-1.0, 1.0], (4, 3))
    v = rng.standard_normal(w.shape)
    lam = 0.3
    grad = impl.l1_penalty_grad(w, lam)
    try:
        directional_check(lambda t: impl.l1_penalty(w + t * v, lam), [(grad, v)],
                          subject="l1_penalty_grad", law="d/dw lambda|w|", h=1e-6)
    except AssertionError as exc:
        verify.fail("l1_penalty_grad", str(exc))


@check(chapter=CH, claims=("regularization.l1.prox_zero", "regularization.l1.prox_positive",
                           "regularization.l1.prox_negative"),
       law="soft thresholding: sign(v) max(|v| - t, 0), exactly 0 for |v| <= t",
       functions=("soft_threshold",))
def check_soft_threshold(impl, verify):
    v = np.array([-2.0, -0.5, -0.3, 0.0, 0.1, 0.3, 0.31, 4.0])
    t = 0.3
    out = impl.soft_threshold(v, t)
    small = np.abs(v) <= t
    if np.any(out[small] != 0.0):
        verify.fail("soft_threshold", f"|v| <= t must give exactly 0; got {out[small]}",
                    claim="regularization.l1.prox_zero")
    pos, neg = v > t, v < -t
    if not (_close(out[pos], oracle("regularization.l1.prox_positive")(v=v[pos], c=t))
            and _close(out[neg], oracle("regularization.l1.prox_negative")(v=v[neg], c=t))):
        verify.fail("soft_threshold", f"expected v -+ t beyond the threshold; got {out}",
                    claim="regularization.l1.prox_positive")


# --------------------------------------------------------------------- AdamW


@check(chapter=CH, claims=("regularization.l2.adamw_first_step", "regularization.l2.adam_decay"),
       law="AdamW decays the weights by 1 - lr wd outside the adaptive step",
       functions=("adamw_init", "adamw_step"))
def check_adamw_decoupled(impl, verify):
    rng = np.random.default_rng(3)
    theta = rng.standard_normal((3, 4))
    g = rng.standard_normal((3, 4))
    g[0] = 0.0                      # weights without loss gradient: only the decay acts
    lr, wd, eps = 1e-2, 0.1, 1e-8
    state = impl.adamw_init([theta])
    new, state = impl.adamw_step([theta], [g], state, lr=lr, betas=(0.9, 0.999), eps=eps,
                                 weight_decay=wd)
    want = oracle("regularization.l2.adamw_first_step")(
        theta=theta, g=g, eta=lr, **{"lambda'": wd, "epsilon": eps})
    if not _close(new[0], want, 1e-12):
        verify.fail("adamw_step", f"first step differs from theta (1 - lr wd) - lr g/(|g| + eps) "
                    f"by {np.max(np.abs(new[0] - want)):.3g} (zero-gradient row: "
                    f"{new[0][0]} vs {want[0]})")
    # later steps: a zero gradient throughout leaves pure decay (1 - lr wd)^t
    p = [theta[0:1].copy()]
    st = impl.adamw_init(p)
    for _ in range(5):
        p, st = impl.adamw_step(p, [np.zeros_like(p[0])], st, lr=lr, weight_decay=wd)
    if not _close(p[0], theta[0:1] * (1 - lr * wd) ** 5, 1e-12):
        verify.fail("adamw_step", "five steps with zero gradient must multiply theta by "
                    f"(1 - lr wd)^5; ratio {p[0] / theta[0:1]}",
                    claim="regularization.l2.adam_decay")


# ---------------------------------------------------------- label smoothing


def _smoothed_q(y, k, eps):
    q = np.full((y.size, k), eps / k)
    q[np.arange(y.size), y] += 1 - eps
    return q


@check(chapter=CH, claims=("regularization.label_smoothing.target_sum",
                           "regularization.label_smoothing.gradient_1"),
       law="d/dz CE(softmax z, (1 - eps) onehot + eps/K) = (softmax z - q)/N",
       functions=("label_smoothing_cross_entropy_forward",
                  "label_smoothing_cross_entropy_backward"))
def check_label_smoothing_gradient(impl, verify):
    rng = np.random.default_rng(4)
    z, y = 3 * rng.standard_normal((6, 5)), rng.integers(0, 5, 6)
    v = rng.standard_normal(z.shape)
    for eps in (0.0, 0.2):
        loss, cache = impl.label_smoothing_cross_entropy_forward(z, y, eps)
        dz = impl.label_smoothing_cross_entropy_backward(1.0, cache)
        p = np.exp(z - z.max(1, keepdims=True))
        p /= p.sum(1, keepdims=True)
        want_loss = -np.sum(_smoothed_q(y, 5, eps) * np.log(p)) / z.shape[0]
        if not _close(loss, want_loss, 1e-12):
            verify.fail("label_smoothing_cross_entropy_forward", f"eps = {eps}: loss {loss} "
                        f"against CE with q = (1 - eps) onehot + eps/K: {want_loss}",
                        claim="regularization.label_smoothing.target_sum")
        try:
            directional_check(
                lambda t, eps=eps: impl.label_smoothing_cross_entropy_forward(z + t * v, y, eps)[0],
                [(dz, v)], subject="label_smoothing_cross_entropy_backward", law="dL/dz")
        except AssertionError as exc:
            verify.fail("label_smoothing_cross_entropy_backward", str(exc))
    big, _ = impl.label_smoothing_cross_entropy_forward(np.array([[1000.0, 0.0, -1000.0]]),
                                                        np.array([1]), 0.1)
    if not math.isfinite(big):
        verify.fail("label_smoothing_cross_entropy_forward", f"large logits give {big}")


@check(chapter=CH, claims=("regularization.label_smoothing.logit_gap",
                           "regularization.label_smoothing.optimum_loss"),
       law="at the logit gap log(1 + K(1 - eps)/eps) the gradient is 0 and the loss is H(q)",
       functions=("label_smoothing_cross_entropy_forward",
                  "label_smoothing_cross_entropy_backward"))
def check_label_smoothing_optimum(impl, verify):
    for k, eps in ((3, 0.1), (10, 0.25)):
        gap = oracle("regularization.label_smoothing.logit_gap")(K=k, epsilon=eps)
        z = np.zeros((1, k))
        z[0, 1] = gap
        loss, cache = impl.label_smoothing_cross_entropy_forward(z, np.array([1]), eps)
        dz = impl.label_smoothing_cross_entropy_backward(1.0, cache)
        h = oracle("regularization.label_smoothing.optimum_loss")(K=k, epsilon=eps)
        if not (_close(loss, h, 1e-12) and np.max(np.abs(dz)) < 1e-14):
            verify.fail("label_smoothing_cross_entropy_forward",
                        f"K = {k}, eps = {eps}: loss {loss} vs entropy {h}, max |grad| "
                        f"{np.max(np.abs(dz)):.3g}")


# ------------------------------------------------------------------ clipping


@check(chapter=CH, claims=("regularization.clip.norm_direction", "regularization.clip.norm_value",
                           "regularization.clip.step_bound"),
       law="clip by norm returns g min(1, tau/||g||): same direction, norm min(||g||, tau)",
       functions=("clip_grad_norm",))
def check_clip_norm(impl, verify):
    rng = np.random.default_rng(5)
    gs = [rng.standard_normal((3, 2)) * 10, rng.standard_normal(4)]
    total = math.sqrt(sum(float(np.sum(g * g)) for g in gs))
    for tau in (0.5 * total, 2 * total):
        out, norm = impl.clip_grad_norm(gs, tau)
        new = math.sqrt(sum(float(np.sum(o * o)) for o in out))
        ratios = np.concatenate([(o / g).ravel() for o, g in zip(out, gs, strict=True)])
        if not (_close(norm, total, 1e-12) and _close(new, min(tau, total), 1e-12)):
            verify.fail("clip_grad_norm", f"tau = {tau:.4g}: clipped norm {new:.10g}, expected "
                        f"min(||g||, tau) = {min(tau, total):.10g}; reported {norm:.10g}",
                        claim="regularization.clip.norm_value")
        if not (np.ptp(ratios) <= 1e-12 * np.max(np.abs(ratios)) and ratios.min() > 0):
            verify.fail("clip_grad_norm", f"the direction changed: ratios from {ratios.min()} "
                        f"to {ratios.max()}", claim="regularization.clip.norm_direction")


@check(chapter=CH, claims=("regularization.clip.value_turns", "regularization.clip.value_bound"),
       law="clip by value clamps each entry to [-c, c] (and so turns (10, 1) to (1, 1))",
       functions=("clip_grad_value",))
def check_clip_value(impl, verify):
    g = np.array([10.0, 1.0])
    (out,) = impl.clip_grad_value([g], 1.0)
    cos = float(out @ g / (np.linalg.norm(out) * np.linalg.norm(g)))
    want = float(oracle("regularization.clip.value_turns")())
    if not (_close(out, [1.0, 1.0]) and _close(cos, want, 1e-12)):
        verify.fail("clip_grad_value", f"(10, 1) at c = 1 gave {out} (cosine {cos:.6f}, "
                    f"expected {want:.6f})")
    rng = np.random.default_rng(6)
    x = 3 * rng.standard_normal(50)
    (o,) = impl.clip_grad_value([x], 0.7)
    if not np.array_equal(o, np.clip(x, -0.7, 0.7)):
        verify.fail("clip_grad_value", "entries are not clamped to [-c, c]",
                    claim="regularization.clip.value_bound")


# ----------------------------------------------------------- feature scaling


@check(chapter=CH, claims=("regularization.scaling.mean", "regularization.scaling.variance",
                           "regularization.scaling.correlation"),
       law="standardized features have mean 0, var(ddof) 1 and X~^T X~/n = corr(X)",
       functions=("standardize_fit", "standardize_transform"))
def check_standardize(impl, verify):
    rng = np.random.default_rng(7)
    X = rng.standard_normal((9, 3)) @ np.array([[3.0, 1, 0], [0, 0.1, 0], [0, 2, 50]]) + 7
    for ddof in (0, 1):
        mean, std = impl.standardize_fit(X, ddof=ddof)
        Z = impl.standardize_transform(X, mean, std)
        var = np.sum(Z**2, axis=0) / (X.shape[0] - ddof)
        # rounding: x - mu loses eps |x| absolutely, i.e. eps |x|/sigma in units of sigma
        tol = 64 * np.finfo(float).eps * float(np.max(np.abs(X) / X.std(axis=0)))
        if not (np.all(np.abs(Z.mean(0)) <= tol) and np.all(np.abs(var - 1.0) <= tol)):
            verify.fail("standardize_fit", f"ddof = {ddof}: means {Z.mean(0)}, var(ddof={ddof}) "
                        f"{var}", claim="regularization.scaling.variance")
        corr = np.corrcoef(X, rowvar=False)
        if ddof == 0 and np.max(np.abs(Z.T @ Z / X.shape[0] - corr)) > tol:
            verify.fail("standardize_transform", "X~^T X~/n is not the correlation matrix",
                        claim="regularization.scaling.correlation")


@check(chapter=CH, claims=("regularization.scaling.rate", "regularization.scaling.rate_example"),
       law="GD's best rate is (kappa - 1)/(kappa + 1): 99/101 for feature variances 1 and 100, "
       "0 once standardized",
       functions=("standardize_fit", "standardize_transform"))
def check_scaling_rate(impl, verify):
    # two zero-mean, uncorrelated features with variances 1 and 100 (exactly)
    a = np.tile([1.0, -1.0, 1.0, -1.0], 4)
    b = np.tile([1.0, 1.0, -1.0, -1.0], 4)
    X = np.column_stack([a, 10.0 * b])
    n = X.shape[0]
    w_true = np.array([0.7, -0.2])
    rate = oracle("regularization.scaling.rate")

    def contraction(F):
        y = F @ w_true
        H = F.T @ F / n
        h = np.linalg.eigvalsh(H)
        eta = 2 / (h[0] + h[-1])
        w = np.zeros(2)
        errs = []
        for _ in range(3):
            w = w - eta * (F.T @ (F @ w - y) / n)
            errs.append(np.max(np.abs(w - w_true)))
        return errs, h

    errs, h = contraction(X)
    want = float(rate(kappa=h[-1] / h[0]))
    if not _close(errs[2] / errs[1], want, 1e-12) or not _close(want, 99 / 101, 1e-12):
        verify.fail("standardize_fit", f"raw features: contraction {errs[2] / errs[1]} vs "
                    f"{want}", claim="regularization.scaling.rate")
    Z = impl.standardize_transform(X, *impl.standardize_fit(X))
    errs_z, hz = contraction(Z)
    if not (errs_z[0] <= 1e-14 and _close(hz, 1.0, 1e-13)):
        verify.fail("standardize_transform", f"standardized: Hessian eigenvalues {hz}, error "
                    f"after one step {errs_z[0]:.3g} (the rate must be (1 - 1)/(1 + 1) = 0)",
                    claim="regularization.scaling.rate_example")
    verify.note(figure="regularization.scaling_rate", series="raw features (kappa = 100)",
                x=[1, 2, 3], y=errs, predicted=[errs[0] * want**k for k in range(3)],
                title="Gradient descent before and after standardization", xlabel="step",
                ylabel="max |w - w*|", yscale="log",
                caption="With feature variances 1 and 100 the best fixed step contracts the "
                "error by 99/101 per step; standardized, one step reaches the solution.")


# ------------------------------------------------------------ early stopping


@check(chapter=CH, claims=("regularization.early_stopping.gd_shrinkage",
                           "regularization.early_stopping.ridge_shrinkage",
                           "regularization.l2.gradient"),
       law="GD from 0 shrinks eigendirection s^2 by 1 - (1 - eta s^2)^tau; ridge by "
       "s^2/(s^2 + lambda)",
       functions=("l2_penalty_grad",))
def check_early_stopping_and_ridge(impl, verify):
    rng = np.random.default_rng(8)
    X = rng.standard_normal((40, 4)) * np.array([3.0, 1.0, 0.3, 0.1])
    y = X @ rng.standard_normal(4) + 0.5 * rng.standard_normal(40)
    _, sv, Vt = np.linalg.svd(X, full_matrices=False)
    w_ls = np.linalg.lstsq(X, y, rcond=None)[0]
    eta = 0.5 / sv[0] ** 2
    gd_f, ridge_f = oracle("regularization.early_stopping.gd_shrinkage"), \
        oracle("regularization.early_stopping.ridge_shrinkage")
    w = np.zeros(4)
    taus, es_path, ridge_path, pred_es, pred_ridge = [], [], [], [], []
    for tau in range(1, 201):
        w = w - eta * (X.T @ (X @ w - y))
        if tau in (1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 70, 100, 150, 200):
            lam = 1.0 / (tau * eta)
            # ridge by gradient descent's fixed point: (X^T X) w + grad of (lam/2)||w||^2 = X^T y
            A = X.T @ X + 0.5 * impl.l2_penalty_grad(np.eye(4), lam)
            w_r = np.linalg.solve(A, X.T @ y)
            es_shr = (Vt @ w) / (Vt @ w_ls)
            r_shr = (Vt @ w_r) / (Vt @ w_ls)
            want_es = gd_f(s=sv, eta=eta, tau=tau)
            want_r = ridge_f(s=sv, **{"lambda": lam})
            if not (_close(es_shr, want_es, 1e-9) and _close(r_shr, want_r, 1e-9)):
                verify.fail("l2_penalty_grad", f"tau = {tau}: shrinkage GD {es_shr} vs "
                            f"{want_es}; ridge {r_shr} vs {want_r}")
            taus.append(tau)
            es_path.append(float(np.linalg.norm(w)))
            ridge_path.append(float(np.linalg.norm(w_r)))
            pred_es.append(float(np.linalg.norm(Vt.T @ (want_es * (Vt @ w_ls)))))
            pred_ridge.append(float(np.linalg.norm(Vt.T @ (want_r * (Vt @ w_ls)))))
    verify.note(figure="regularization.early_stopping_path",
                series="early stopping (GD, tau steps)",
                x=taus, y=es_path, predicted=pred_es, title="Early stopping against ridge",
                xlabel="steps tau (ridge at lambda = 1/(tau eta))", ylabel="||w||",
                caption="Stopping gradient descent after tau steps and ridge with lambda = "
                "1/(tau eta) trace nearly the same path: equal to first order, apart where "
                "tau eta s^2 is large.")
    verify.note(figure="regularization.early_stopping_path", series="ridge, lambda = 1/(tau eta)",
                x=taus, y=ridge_path, predicted=pred_ridge)


# --------------------------------------------------------------- mini-batches

#: the smallest relative error of the mini-batch variance the Monte Carlo must detect
MINIBATCH_REL_ERROR = 0.10


def _batch_variance_outcome(impl, n_data, b, replace, rng):
    """Monte Carlo of the batch-mean variance on data +-1 (mean 0, variance 1)."""
    data = np.repeat([1.0, -1.0], n_data // 2)
    if replace:
        kurt = sps.binom(b, 0.5).stats(moments="k") + 3.0
        var = float(oracle("regularization.minibatch.variance_with_replacement")(sigma=1.0, B=b))
    else:
        kurt = sps.hypergeom(n_data, n_data // 2, b).stats(moments="k") + 3.0
        var = float(oracle("regularization.minibatch.variance_without_replacement")(
            sigma=1.0, B=b, N=n_data))
    n_req = stats.fourth_moment_variance_n(float(kurt), MINIBATCH_REL_ERROR)
    idx = impl.sample_batches(n_data, b, n_req, rng, replace=replace)
    means = data[np.asarray(idx)].mean(axis=1)
    return stats.fourth_moment_variance_test(means, var, kurtosis=float(kurt),
                                             rel_error=MINIBATCH_REL_ERROR), means


@check(chapter=CH, claims=("regularization.minibatch.variance_with_replacement",
                           "regularization.minibatch.variance_without_replacement",
                           "regularization.minibatch.unbiased"),
       law="the mini-batch mean has variance sigma^2/B (with replacement) and "
       "(N - B)/(N - 1) sigma^2/B (without)",
       functions=("sample_batches",))
def check_minibatch_variance(impl, verify):
    rng = np.random.default_rng(9)
    n_data = 40
    for replace in (True, False):
        xs, ys, pred = [], [], []
        for b in (2, 4, 8, 16, 32):
            outcome, _ = _batch_variance_outcome(impl, n_data, b, replace, rng)
            verify(outcome, function="sample_batches",
                   claim="regularization.minibatch.variance_with_replacement" if replace
                   else "regularization.minibatch.variance_without_replacement")
            xs.append(b)
            ys.append(outcome.estimate)
            pred.append(outcome.expected)
        verify.note(figure="regularization.minibatch_noise",
                    series="with replacement" if replace else "without replacement",
                    x=xs, y=ys, predicted=pred, title="Mini-batch gradient noise",
                    xlabel="batch size B", ylabel="variance of the batch-mean gradient",
                    caption="The noise of the mini-batch gradient falls as sigma^2/B; without "
                    "replacement faster, by (N - B)/(N - 1) (N = 40, sigma^2 = 1).",
                    yscale="log")


@check(chapter=CH, claims=("regularization.minibatch.unbiased",),
       law="one epoch's batches partition the data set (each example exactly once)",
       functions=("epoch_batches",))
def check_epoch_partition(impl, verify):
    rng = np.random.default_rng(10)
    first = None
    for _ in range(3):
        batches = impl.epoch_batches(23, 5, rng)
        flat = np.sort(np.concatenate(batches))
        if not np.array_equal(flat, np.arange(23)) or any(len(b) > 5 for b in batches):
            verify.fail("epoch_batches", f"the batches do not partition range(23): {batches}")
        order = np.concatenate(batches)
        if first is not None and np.array_equal(order, first):
            verify.fail("epoch_batches", "two epochs in a row have the same order (no reshuffle)")
        first = order


# ---------------------------------------------------------------- initial loss

INITIAL_REL_ERROR = 0.05


@check(chapter=CH, claims=("regularization.initial_loss.equal_logits",
                           "regularization.initial_loss.expected"),
       law="equal logits give ln C; small random logits sigma xi give E[L] = ln C + "
       "(C - 1) sigma^2/(2C)",
       functions=("label_smoothing_cross_entropy_forward",))
def check_initial_loss(impl, verify):
    c = 10
    loss, _ = impl.label_smoothing_cross_entropy_forward(np.full((4, c), 0.3),
                                                         np.array([0, 3, 9, 5]), 0.0)
    if not _close(loss, oracle("regularization.initial_loss.equal_logits")(C=c)):
        verify.fail("label_smoothing_cross_entropy_forward", f"equal logits: {loss} != ln {c}")
    # L - ln C - (first-order term, mean exactly 0) ~ sigma^2/(2C) chi2_{C-1} to O(sigma^3)
    sigma = 1e-3
    rng = np.random.default_rng(11)
    curvature_mean = sigma**2 * (c - 1) / (2 * c)
    sd = sigma**2 / (2 * c) * math.sqrt(2 * (c - 1))
    # batches of m examples: each batch loss is a mean of m i.i.d. per-example losses, so
    # its sd is sd/sqrt(m) and the design needs n/m batches (the same power per example)
    m = 100
    sd_batch = sd / math.sqrt(m)
    z_a, z_b = sps.norm.isf(stats.ALPHA / 2), sps.norm.isf(1 - stats.POWER)
    n_batches = math.ceil(((z_a + z_b) * sd_batch / (INITIAL_REL_ERROR * curvature_mean)) ** 2)
    xi = rng.standard_normal((n_batches, m, c))
    y = rng.integers(0, c, (n_batches, m))
    per = np.array([impl.label_smoothing_cross_entropy_forward(sigma * xi[j], y[j], 0.0)[0]
                    for j in range(n_batches)])
    first = (-sigma * np.take_along_axis(xi, y[..., None], axis=2)[..., 0]
             + sigma * xi.mean(axis=2)).mean(axis=1)
    expected_total = float(oracle("regularization.initial_loss.expected")(sigma=sigma))
    resid = per - math.log(c) - first
    outcome = stats.gaussian_mean_test(resid, expected_total - math.log(c), sd_batch,
                                       abs_error=INITIAL_REL_ERROR * curvature_mean)
    verify(outcome, function="label_smoothing_cross_entropy_forward",
           claim="regularization.initial_loss.expected")
