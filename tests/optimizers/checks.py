"""Checks of optimizer implementations against the optimizers chapter's claims.

Every check drives the implementation only through its public functional API
(``*_init``, ``*_step`` and the schedules) and reads parameters, and where a
claim is about the averages themselves, the state's buffers under
``torch.optim``'s names (``exp_avg``, ``exp_avg_sq``, ``square_avg``).

* Exact: each recursion against its closed form (the claims' oracles) for a
  constant and a geometric gradient sequence, over hyperparameters drawn by
  hypothesis; PyTorch's momentum notation under a changing rate; Nesterov's
  look-ahead form against PyTorch's; AdaGrad's invariance to a coordinate's
  scale; the schedules.  "Exact" means to a few hundred units of rounding
  over a dozen steps (:data:`RTOL`).
* Monte Carlo: stationary Gaussian gradients, one independent replicate per
  coordinate; the averages' means against ``(1 - beta^t)`` times the moment,
  with :mod:`dlproofs.stats` tests sized to detect :data:`MC_REL_ERROR`.
* Rates: on an ill-conditioned diagonal quadratic, the measured per-step
  contraction of tuned gradient descent and of tuned heavy-ball momentum
  against the derived rates and the companion matrix's spectral radius.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from dlproofs import stats
from dlproofs.checks import check
from dlproofs.oracles import oracle

CHAPTER = "optimizers"
#: relative tolerance of the exact identities over :data:`STEPS` steps (float64)
RTOL = 1e-11
STEPS = 12
#: hypothesis without shrinking: a violation is reported as found (shrinking re-runs the
#: optimizer hundreds of times on a wrong variant for no better message)
_FAST = settings(phases=(Phase.explicit, Phase.reuse, Phase.generate))
#: the smallest relative error of an average's mean that the Monte Carlo checks detect
MC_REL_ERROR = 0.1


def _close(got: float, want: float, scale: float) -> bool:
    return abs(got - want) <= RTOL * max(abs(want), scale) + 1e-300


def _run(impl, name: str, x0: np.ndarray, grads, **hyper):
    """Iterate ``name``'s step from ``x0`` with the gradients ``grads(t, x)``; the iterates."""
    init, step = getattr(impl, f"{name}_init"), getattr(impl, f"{name}_step")
    params = [np.array(x0, dtype=np.float64)]
    state = init(params)
    xs, states = [params[0]], [state]
    for t in range(1, STEPS + 1):
        kw = {k: (v(t) if callable(v) else v) for k, v in hyper.items()}
        params, state = step(params, [np.asarray(grads(t, params[0]), dtype=np.float64)],
                             state, **kw)
        xs.append(np.asarray(params[0], dtype=np.float64))
        states.append(state)
    return xs, states


def _displacements(xs) -> list[np.ndarray]:
    return [xs[t] - xs[t - 1] for t in range(1, len(xs))]


def _expect_steps(verify, function: str, xs, expected, what: str, claim: str) -> None:
    """Each step x_t - x_{t-1} against ``expected(t)`` (an array or a number).

    A step is a difference of iterates, so its rounding is relative to the iterates' size.
    """
    size = max(float(np.max(np.abs(x))) for x in xs)
    for t, d in enumerate(_displacements(xs), start=1):
        want = np.broadcast_to(np.asarray(expected(t), dtype=np.float64), d.shape)
        scale = max(float(np.max(np.abs(want))), size) or 1.0
        if not all(_close(a, b, scale) for a, b in zip(d.ravel(), want.ravel(), strict=True)):
            verify.fail(function, f"{what}: step {t} is {d.tolist()}, the closed form gives "
                                  f"{want.tolist()}", claim=claim)


# hyperparameters drawn by hypothesis (moderate ranges: the laws hold everywhere, the
# tolerance is for float64 rounding over STEPS steps)
unit = st.floats(0.05, 0.95)
rates = st.floats(1e-3, 1.0)
grads_ = st.floats(0.1, 10.0) | st.floats(-10.0, -0.1)
ratios = st.floats(0.3, 1.6)


# ---------------------------------------------------------------- momentum

@check(chapter=CHAPTER, claims=("optim.momentum.constant_gradient",
                                "optim.momentum.geometric_gradient",
                                "optim.momentum.velocity_sum"),
       law="momentum steps by lr times the geometric sum v_t = sum_k rho^(t-k) g_k",
       functions=("sgd_init", "sgd_step"))
def check_momentum_velocity_is_a_geometric_sum(impl, verify):
    """Constant and geometric gradients: every step is -lr v_t with v_t the closed form."""
    const, geo = oracle("optim.momentum.constant_gradient"), oracle(
        "optim.momentum.geometric_gradient")

    @_FAST
    @given(rho=unit, lr=rates, g=grads_, q=ratios)
    def run(rho, lr, g, q):
        if abs(q - rho) < 0.05:
            q = rho + 0.1
        xs, _ = _run(impl, "sgd", [0.5], lambda t, x: [g], lr=lr, momentum=rho)
        _expect_steps(verify, "sgd_step", xs, lambda t: -lr * const(g=g, rho=rho, t=t),
                      f"constant gradient g={g}, rho={rho}, lr={lr}",
                      "optim.momentum.constant_gradient")
        xs, _ = _run(impl, "sgd", [0.5], lambda t, x: [g * q**t], lr=lr, momentum=rho)
        _expect_steps(verify, "sgd_step", xs, lambda t: -lr * geo(g_0=g, q=q, rho=rho, t=t),
                      f"gradients g_t = {g} * {q}^t, rho={rho}",
                      "optim.momentum.geometric_gradient")

    run()


@check(chapter=CHAPTER, claims=("optim.momentum.notations_differ",
                                "optim.momentum.notations_agree"),
       law="PyTorch's momentum applies the current lr to the whole buffer (x_t = x_{t-1} - "
           "lr_t v_t)", functions=("sgd_step",))
def check_momentum_applies_the_current_rate_to_the_whole_buffer(impl, verify):
    """A rate that changes every step: the step is lr_t v_t, not sum rho^(t-k) lr_k g_k."""
    const = oracle("optim.momentum.constant_gradient")

    @_FAST
    @given(rho=unit, g=grads_, lr0=rates, shrink=st.floats(0.2, 0.8))
    def run(rho, g, lr0, shrink):
        lrs = lambda t: lr0 * shrink ** (t - 1)  # noqa: E731
        xs, _ = _run(impl, "sgd", [0.0], lambda t, x: [g], lr=lrs, momentum=rho)
        _expect_steps(verify, "sgd_step", xs, lambda t: -lrs(t) * const(g=g, rho=rho, t=t),
                      f"lr_t = {lr0} * {shrink}^(t-1), rho={rho}, g={g}",
                      "optim.momentum.notations_differ")

    run()


@check(chapter=CHAPTER, claims=("optim.nesterov.constant_gradient_step",
                                "optim.nesterov.torch_form", "optim.nesterov.lookahead_point"),
       law="Nesterov's look-ahead step equals PyTorch's form under p = w - mu h, h = lr b",
       functions=("sgd_step",))
def check_nesterov_is_the_lookahead_form(impl, verify):
    """Constant gradient: the closed form; a quadratic: the slide's look-ahead iterates."""
    step = oracle("optim.nesterov.constant_gradient_step")

    @_FAST
    @given(mu=unit, lr=st.floats(1e-3, 0.2), g=grads_)
    def run(mu, lr, g):
        xs, _ = _run(impl, "sgd", [1.0], lambda t, x: [g], lr=lr, momentum=mu, nesterov=True)
        _expect_steps(verify, "sgd_step", xs, lambda t: -step(eta=lr, g=g, rho=mu, t=t),
                      f"constant gradient g={g}, mu={mu}, lr={lr}",
                      "optim.nesterov.constant_gradient_step")
        A = np.array([1.0, 7.0, 0.3])
        x0 = np.array([1.0, -2.0, 0.5])
        xs, _ = _run(impl, "sgd", x0, lambda t, x: A * x, lr=lr, momentum=mu, nesterov=True)
        w, h = x0.copy(), np.zeros(3)           # the slide: gradient at w - mu h
        for t in range(1, STEPS + 1):
            h = mu * h + lr * A * (w - mu * h)
            w = w - h
            want = w - mu * h                   # PyTorch's parameter is the look-ahead point
            scale = float(np.max(np.abs(x0)))
            if not all(_close(a, b, scale) for a, b in zip(xs[t], want, strict=True)):
                verify.fail("sgd_step", f"on f = sum a_i x_i^2/2 (a = {A.tolist()}), mu={mu}, "
                            f"lr={lr}: step {t} gives {xs[t].tolist()}, the look-ahead form "
                            f"w - mu h = {want.tolist()}", claim="optim.nesterov.torch_form")

    run()


# ---------------------------------------------------------------- quadratic rates

def _quadratic(kappa: float) -> tuple[np.ndarray, np.ndarray]:
    """Curvatures (mu, L) = (1, kappa) and a start off both axes."""
    return np.array([1.0, kappa]), np.array([1.0, 1.0])


@check(chapter=CHAPTER, claims=("optim.quadratic.gd_tuned_rate",
                                "optim.quadratic.heavy_ball_tuned_rate",
                                "optim.quadratic.heavy_ball_energy",
                                "optim.quadratic.momentum_is_heavy_ball",
                                "optim.quadratic.gd_iterate"),
       law="on a quadratic, tuned GD contracts at (kappa-1)/(kappa+1) and tuned heavy ball at "
           "(sqrt(kappa)-1)/(sqrt(kappa)+1), the companion matrix's spectral radius",
       functions=("sgd_step",))
def check_quadratic_contraction_rates(impl, verify):
    """Measured per-step contraction against the derived rates and the spectral radius."""
    gd_step, gd_rate = oracle("optim.quadratic.gd_tuned_step"), oracle(
        "optim.quadratic.gd_tuned_rate")
    hb_step, hb_rate = oracle("optim.quadratic.polyak_step"), oracle(
        "optim.quadratic.heavy_ball_tuned_rate")
    energy = oracle("optim.quadratic.heavy_ball_energy")

    @_FAST
    @given(kappa=st.floats(10.0, 1000.0))
    def run(kappa):
        lam, x0 = _quadratic(kappa)
        # gradient descent: every component is multiplied by 1 - alpha lambda each step
        alpha = float(gd_step(kappa=kappa, mu=1.0))
        xs, _ = _run(impl, "sgd", x0, lambda t, x: lam * x, lr=alpha)
        want = float(gd_rate(kappa=kappa))
        for t in range(1, STEPS + 1):
            ratio = np.linalg.norm(xs[t]) / np.linalg.norm(xs[t - 1])
            if abs(ratio - want) > 1e-9 * want:
                verify.fail("sgd_step", f"kappa={kappa}: tuned gradient descent contracted by "
                            f"{ratio} at step {t}, derived {want}",
                            claim="optim.quadratic.gd_tuned_rate")
        # heavy ball = SGD with momentum beta, Polyak's tuning
        s = math.sqrt(kappa)
        rate = float(hb_rate(s=s))
        beta, alpha = rate**2, float(hb_step(mu=1.0, r=rate))
        xs, _ = _run(impl, "sgd", x0, lambda t, x: lam * x, lr=alpha, momentum=beta)
        radius = 0.0
        for li in lam:
            c = 1 + beta - alpha * li
            radius = max(radius, float(np.max(np.abs(np.linalg.eigvals(
                np.array([[c, -beta], [1.0, 0.0]]))))))
        if abs(radius - rate) > 1e-6 * rate:
            verify.fail("sgd_step", f"kappa={kappa}: the companion matrix's spectral radius "
                        f"{radius} is not the derived rate {rate}",
                        claim="optim.quadratic.heavy_ball_tuned_rate")
        for i, li in enumerate(lam):
            c = 1 + beta - alpha * li
            q = [float(xs[t][i] ** 2 - c * xs[t][i] * xs[t - 1][i] + beta * xs[t - 1][i] ** 2)
                 for t in range(1, STEPS + 1)]
            for t in range(1, STEPS):
                want_q = float(energy(beta=beta, c=c, x_now=xs[t][i], x_prev=xs[t - 1][i]))
                if abs(q[t] - want_q) > 1e-9 * abs(q[0]):
                    verify.fail("sgd_step", f"kappa={kappa}, eigenvalue {li}: the energy "
                                f"went from {q[t - 1]} to {q[t]}, beta times it is {want_q} "
                                f"(measured contraction {math.sqrt(abs(q[t] / q[t - 1]))}, "
                                f"derived {rate})", claim="optim.quadratic.heavy_ball_energy")

    run()
    _note_trajectories(impl, verify)


def _note_trajectories(impl, verify) -> None:
    """The figure: five optimizers on f = (x^2 + 25 y^2)/2 from (-4, 1) (records only)."""
    lam, x0 = np.array([1.0, 25.0]), np.array([-4.0, 1.0])
    kappa, s = 25.0, 5.0
    gd = float(oracle("optim.quadratic.gd_tuned_step")(kappa=kappa, mu=1.0))
    rate = float(oracle("optim.quadratic.heavy_ball_tuned_rate")(s=s))
    hb = float(oracle("optim.quadratic.polyak_step")(mu=1.0, r=rate))
    gd_rate = float(oracle("optim.quadratic.gd_tuned_rate")(kappa=kappa))
    runs = {
        f"SGD (lr = 2/(mu+L), rate {gd_rate:.3f})": ("sgd", {"lr": gd}),
        f"momentum (Polyak, rate {rate:.3f})": ("sgd", {"lr": hb, "momentum": rate**2}),
        # Nesterov diverges with the heavy ball's tuning (alpha L = (1 + r)^2 > 1); its own
        # textbook tuning is lr = 1/L with momentum r (Nesterov 1983)
        f"Nesterov (lr 1/L, momentum {rate:.3f})": ("sgd", {"lr": 1 / kappa, "momentum": rate,
                                                            "nesterov": True}),
        "RMSProp (lr 0.1)": ("rmsprop", {"lr": 0.1}),
        "Adam (lr 0.3)": ("adam", {"lr": 0.3}),
    }
    for label, (name, hyper) in runs.items():
        xs, _ = _run(impl, name, x0, lambda t, x: lam * x, **hyper)
        verify.note(figure="optimizers.trajectories", series=label,
                    x=[float(p[0]) for p in xs], y=[float(p[1]) for p in xs],
                    title="Optimizers on an ill-conditioned quadratic (kappa = 25)",
                    xlabel="x (flat direction, curvature 1)",
                    ylabel="y (steep direction, curvature 25)", yscale="linear",
                    caption=f"The first {STEPS} steps from (-4, 1). Tuned gradient descent "
                            "zig-zags across the steep direction and crawls along the flat one; "
                            "momentum's rate (sqrt(kappa)-1)/(sqrt(kappa)+1) beats "
                            "(kappa-1)/(kappa+1); RMSProp and Adam rescale each coordinate "
                            "and move both at about the same speed.")


# ---------------------------------------------------------------- AdaGrad

@check(chapter=CHAPTER, claims=("optim.adagrad.constant_gradient_step",
                                "optim.adagrad.accumulator", "optim.adagrad.effective_step"),
       law="AdaGrad steps by lr g/(sqrt(G_0 + t g^2) + eps) under a constant gradient",
       functions=("adagrad_init", "adagrad_step"))
def check_adagrad_step_shrinks_like_one_over_sqrt_t(impl, verify):
    """Constant gradient: every step against the closed form (eps = 0, 1e-10 and 0.5)."""
    step = oracle("optim.adagrad.constant_gradient_step")

    @_FAST
    @given(lr=rates, g=grads_ | st.floats(1e-4, 1e-2), g0=st.sampled_from([0.0, 0.1, 2.0]),
           eps=st.sampled_from([0.0, 1e-10, 0.5]))
    def run(lr, g, g0, eps):
        xs, _ = _run(impl, "adagrad", [0.0], lambda t, x: [g], lr=lr,
                     initial_accumulator_value=g0, eps=eps)
        _expect_steps(verify, "adagrad_step", xs,
                      lambda t: -step(G_0=g0, epsilon=eps, eta=lr, g=g, t=t),
                      f"g={g}, lr={lr}, G_0={g0}, eps={eps}",
                      "optim.adagrad.constant_gradient_step")

    run()


@check(chapter=CHAPTER, claims=("optim.adagrad.scale_invariance",),
       law="with eps = 0, scaling one coordinate's gradients leaves AdaGrad's update unchanged",
       functions=("adagrad_step",))
def check_adagrad_ignores_a_coordinates_scale(impl, verify):
    """Random gradients in two coordinates, the second scaled by c: identical updates."""

    @_FAST
    @given(c=st.floats(1e-3, 1e3), seed=st.integers(0, 2**32 - 1))
    def run(c, seed):
        gs = np.random.default_rng(seed).normal(size=(STEPS + 1, 1))
        xs, _ = _run(impl, "adagrad", [0.0, 0.0],
                     lambda t, x: [gs[t, 0], c * gs[t, 0]], lr=0.1, eps=0.0)
        for t, d in enumerate(_displacements(xs), start=1):
            if not _close(d[1], d[0], abs(d[0])):
                verify.fail("adagrad_step", f"the gradients of the second coordinate are {c} "
                            f"times the first's, but step {t} moved them by {d[1]} and {d[0]}")

    run()


# ---------------------------------------------------------------- RMSProp

@check(chapter=CHAPTER, claims=("optim.rmsprop.constant_gradient_step",
                                "optim.rmsprop.first_step",
                                "optim.rmsprop.accumulator_geometric"),
       law="RMSProp steps by lr g_t/(sqrt(G_t) + eps) with the uncorrected average G_t",
       functions=("rmsprop_init", "rmsprop_step"))
def check_rmsprop_steps_follow_the_uncorrected_average(impl, verify):
    """Constant and geometric gradients: every step against the closed forms."""
    const = oracle("optim.rmsprop.constant_gradient_step")
    geo = oracle("optim.rmsprop.accumulator_geometric")

    @_FAST
    @given(alpha=unit, lr=rates, g=grads_, q=ratios, eps=st.sampled_from([1e-8, 0.3]))
    def run(alpha, lr, g, q, eps):
        xs, _ = _run(impl, "rmsprop", [0.0], lambda t, x: [g], lr=lr, alpha=alpha, eps=eps)
        _expect_steps(verify, "rmsprop_step", xs,
                      lambda t: -const(alpha=alpha, epsilon=eps, eta=lr, g=g, t=t),
                      f"constant g={g}, alpha={alpha}, lr={lr}, eps={eps}",
                      "optim.rmsprop.constant_gradient_step")
        if abs(q * q - alpha) < 0.05:
            q = math.sqrt(alpha) + 0.1
        xs, _ = _run(impl, "rmsprop", [0.0], lambda t, x: [g * q**t], lr=lr, alpha=alpha,
                     eps=eps)
        _expect_steps(verify, "rmsprop_step", xs,
                      lambda t: -lr * g * q**t / (math.sqrt(geo(alpha=alpha, g_0=g, q=q, t=t))
                                                  + eps),
                      f"gradients g_t = {g} * {q}^t, alpha={alpha}",
                      "optim.rmsprop.accumulator_geometric")

    run()


# ---------------------------------------------------------------- Adam

@check(chapter=CHAPTER, claims=("optim.adam.constant_gradient_step", "optim.adam.first_step",
                                "optim.adam.first_moment_geometric",
                                "optim.adam.second_moment_geometric"),
       law="Adam steps by lr m^_t/(sqrt(v^_t) + eps) with m^_t = m_t/(1 - beta1^t), "
           "v^_t = v_t/(1 - beta2^t)",
       functions=("adam_init", "adam_step"))
def check_adam_steps_follow_the_corrected_moments(impl, verify):
    """Constant gradient: every step lr g/(|g| + eps); geometric: the moments' closed forms."""
    const = oracle("optim.adam.constant_gradient_step")
    m_geo = oracle("optim.adam.first_moment_geometric")
    v_geo = oracle("optim.adam.second_moment_geometric")

    @_FAST
    @given(b1=unit, b2=st.floats(0.5, 0.999), lr=rates, g=grads_, q=ratios,
           eps=st.sampled_from([1e-8, 0.5]))
    def run(b1, b2, lr, g, q, eps):
        xs, _ = _run(impl, "adam", [0.0], lambda t, x: [g], lr=lr, betas=(b1, b2), eps=eps)
        _expect_steps(verify, "adam_step", xs, lambda t: -const(epsilon=eps, eta=lr, g=g),
                      f"constant g={g}, betas=({b1}, {b2}), lr={lr}, eps={eps}",
                      "optim.adam.constant_gradient_step")
        if abs(q - b1) < 0.05:
            q = b1 + 0.1
        if abs(q * q - b2) < 0.05:
            q = math.sqrt(b2) + 0.1

        def expected(t):
            m = m_geo(beta_1=b1, g_0=g, q=q, t=t) / (1 - b1**t)
            v = v_geo(beta_2=b2, g_0=g, q=q, t=t) / (1 - b2**t)
            return -lr * m / (math.sqrt(v) + eps)

        xs, _ = _run(impl, "adam", [0.0], lambda t, x: [g * q**t], lr=lr, betas=(b1, b2),
                     eps=eps)
        _expect_steps(verify, "adam_step", xs, expected,
                      f"gradients g_t = {g} * {q}^t, betas=({b1}, {b2}), eps={eps}",
                      "optim.adam.first_moment_geometric")

    run()


# ---------------------------------------------------------------- Monte Carlo

MC_STEPS = 8
MC_SEED = 20261130


def _noisy(impl, name: str, draw, n: int, **hyper):
    """``MC_STEPS`` steps (lr = 0) on ``n`` coordinates, each an independent replicate with
    i.i.d. gradients ``draw(rng, n)``; the states after each step."""
    rng = np.random.default_rng(MC_SEED)
    params = [np.zeros(n)]
    state = getattr(impl, f"{name}_init")(params)
    states = []
    for _ in range(MC_STEPS):
        params, state = getattr(impl, f"{name}_step")(params, [draw(rng, n)], state, lr=0.0,
                                                      **hyper)
        states.append(state)
    return states


def _weights(beta: float, t: int) -> np.ndarray:
    """The weights (1 - beta) beta^(t-k), k = 1..t, of a zero-started average."""
    return (1 - beta) * beta ** np.arange(t - 1, -1, -1, dtype=np.float64)


#: bounded gradients for the second moments: uniform on [-A, A], E[g^2] = A^2/3, and every
#: average of g^2 lies in [0, A^2], so Hoeffding's inequality gives an exact band
A = 2.0


def _replicates() -> int:
    """Coordinates (replicates) the Monte Carlo checks need: Hoeffding's design for a relative
    error MC_REL_ERROR of E[g^2] = A^2/3 on data in [0, A^2] (the z-tests of m_t need fewer)."""
    return stats.hoeffding_n(width=1.0, abs_error=MC_REL_ERROR / 3)


def _uniform(rng, n):
    return rng.uniform(-A, A, n)


def _within(verify, function: str, values: np.ndarray, high: float, t: int, what: str,
            claim: str) -> None:
    """A zero-started average of g^2 <= A^2 with weights summing to 1 - beta^t is at most
    A^2 (1 - beta^t): a value beyond that breaks the recursion the claim is about."""
    top = float(np.max(values))
    if float(np.min(values)) >= 0.0 and top <= high * (1 + 1e-12):
        return
    verify.fail(function, f"at t = {t} {what} reaches {top}, beyond the {high} that any "
                          f"average of g^2 <= {A**2} with these weights can reach", claim=claim)


@check(chapter=CHAPTER, claims=("optim.adam.first_moment_expectation",
                                "optim.adam.second_moment_expectation",
                                "optim.adam.first_moment_corrected",
                                "optim.adam.second_moment_corrected"),
       law="for stationary gradients E[m_t] = (1 - beta1^t) E[g] and E[v_t] = (1 - beta2^t) "
           "E[g^2], so the corrected moments are unbiased",
       functions=("adam_step",))
def check_adam_moments_are_biased_by_the_derived_factor(impl, verify):
    """Monte Carlo at t = 1..MC_STEPS: m_t (Gaussian gradients, exact z-test) and
    v_t/(1 - beta2^t) (bounded gradients, Hoeffding) against the oracles."""
    b1, b2, mean_g, sd = 0.9, 0.99, 1.0, 1.0
    e_m = oracle("optim.adam.first_moment_expectation")
    e_v = oracle("optim.adam.second_moment_expectation")
    n = _replicates()
    first = _noisy(impl, "adam", lambda rng, k: rng.normal(mean_g, sd, k), n, betas=(b1, b2))
    second = _noisy(impl, "adam", _uniform, n, betas=(b1, b2))
    s = A**2 / 3
    xs, measured, err, derived = [], [], [], []
    for t in range(1, MC_STEPS + 1):
        m_t = np.asarray(first[t - 1]["exp_avg"][0])
        want = float(e_m(beta_1=b1, mu_g=mean_g, t=t))
        spread = sd * math.sqrt(float(np.sum(_weights(b1, t) ** 2)))
        verify(stats.gaussian_mean_test(m_t, want, spread, abs_error=MC_REL_ERROR * want),
               function="adam_step", claim="optim.adam.first_moment_expectation")
        xs.append(t)
        measured.append(float(m_t.mean()) / mean_g)
        err.append(spread / math.sqrt(n) / mean_g)
        derived.append(want / mean_g)
        v_hat = np.asarray(second[t - 1]["exp_avg_sq"][0]) / (1 - b2**t)
        want_v = float(e_v(beta_2=b2, s=s, t=t)) / (1 - b2**t)
        _within(verify, "adam_step", v_hat, A**2, t, "v_t/(1 - beta2^t)",
                "optim.adam.second_moment_corrected")
        verify(stats.hoeffding_mean_test(v_hat, want_v, low=0.0, high=A**2,
                                         abs_error=MC_REL_ERROR * s),
               function="adam_step", claim="optim.adam.second_moment_corrected")
    verify.note(figure="optimizers.adam_bias", series="E[m_t]/E[g]", x=xs, y=measured, yerr=err,
                predicted=derived, title="Adam's first moment starts biased towards zero",
                xlabel="step t", ylabel="E[m_t] / E[g]", yscale="linear",
                caption=f"Mean of m_t over {n} independent coordinates with stationary "
                        f"N(1, 1) gradients (markers, +- one standard error) against the "
                        f"derived 1 - beta1^t (dashed, beta1 = {b1}): the raw average needs "
                        "about 1/(1 - beta1) steps to forget its zero start; dividing by "
                        "1 - beta1^t makes it unbiased at every step.")


@check(chapter=CHAPTER, claims=("optim.rmsprop.accumulator_expectation",),
       law="for stationary gradients RMSProp's E[G_t] = (1 - alpha^t) E[g^2] (no correction)",
       functions=("rmsprop_step",))
def check_rmsprop_average_is_biased_by_the_derived_factor(impl, verify):
    """Monte Carlo (bounded gradients, Hoeffding): G_t's mean at t = 1..MC_STEPS."""
    alpha = 0.9
    e_g = oracle("optim.rmsprop.accumulator_expectation")
    states = _noisy(impl, "rmsprop", _uniform, _replicates(), alpha=alpha)
    for t in range(1, MC_STEPS + 1):
        want = float(e_g(alpha=alpha, s=A**2 / 3, t=t))
        high = A**2 * (1 - alpha**t)
        g_t = np.asarray(states[t - 1]["square_avg"][0])
        _within(verify, "rmsprop_step", g_t, high, t, "G_t",
                "optim.rmsprop.accumulator_expectation")
        verify(stats.hoeffding_mean_test(g_t, want,
                                         low=0.0, high=high, abs_error=MC_REL_ERROR * want),
               function="rmsprop_step")


# ---------------------------------------------------------------- schedules

@check(chapter=CHAPTER, claims=("optim.schedule.exponential", "optim.schedule.step_is_exponential",
                                "optim.schedule.cosine", "optim.schedule.step_period"),
       law="the schedules follow their closed forms: lr gamma^e, lr gamma^floor(e/step_size), "
           "eta_min + (lr - eta_min)(1 + cos(pi e/T_max))/2",
       functions=("step_lr", "exponential_lr", "cosine_annealing_lr"))
def check_schedules_follow_their_closed_forms(impl, verify):
    """Every epoch 0..2 T_max (exponential, step) and 0..T_max (cosine)."""
    exp_, cos_ = oracle("optim.schedule.exponential"), oracle("optim.schedule.cosine")

    @_FAST
    @given(lr=rates, gamma=st.floats(0.1, 0.99), step_size=st.integers(1, 5),
           T=st.integers(2, 20), eta_min=st.sampled_from([0.0, 1e-4]))
    def run(lr, gamma, step_size, T, eta_min):
        for e in range(2 * T + 1):
            cases = [("exponential_lr", impl.exponential_lr(e, lr=lr, gamma=gamma),
                      exp_(lr=lr, gamma=gamma, t=e), "optim.schedule.exponential"),
                     ("step_lr", impl.step_lr(e, lr=lr, step_size=step_size, gamma=gamma),
                      exp_(lr=lr, gamma=gamma, t=e // step_size),
                      "optim.schedule.step_is_exponential")]
            if e <= T:
                cases.append(("cosine_annealing_lr",
                              impl.cosine_annealing_lr(e, lr=lr, T_max=T, eta_min=eta_min),
                              cos_(lr=lr, e=e, eta_min=eta_min, T_max=T),
                              "optim.schedule.cosine"))
            for fn, got, want, claim in cases:
                if not _close(float(got), float(want), lr):
                    verify.fail(fn, f"epoch {e} (lr={lr}, gamma={gamma}, step_size={step_size}, "
                                f"T_max={T}, eta_min={eta_min}): {got}, closed form {want}",
                                claim=claim)

    run()


# ---------------------------------------------------------------- the input contract

def _refused(verify, function: str, call, names: tuple[str, ...], what: str) -> None:
    """``call()`` must raise TypeError or ValueError whose message names one of ``names``."""
    try:
        call()
    except (TypeError, ValueError) as exc:
        if not any(n in str(exc) for n in names):
            verify.fail(function, f"{what}: refused, but the message does not name "
                                  f"{' or '.join(names)}: {exc}")
        return
    except Exception as exc:  # any other type is a contract violation
        verify.fail(function, f"{what}: raised {type(exc).__name__} ({exc}), not a TypeError "
                              "or ValueError")
    verify.fail(function, f"{what}: accepted")


@check(chapter=CHAPTER, kind="contract",
       claims=("optim.momentum.velocity_sum", "optim.adagrad.accumulator",
               "optim.rmsprop.accumulator_expectation", "optim.adam.first_step"),
       law="a bad hyperparameter or gradient shape is refused with a TypeError or ValueError "
           "naming the argument",
       functions=("sgd_step", "adagrad_step", "rmsprop_step", "adam_step"))
def check_bad_inputs_are_refused_naming_the_argument(impl, verify):
    """Negative lr, betas outside [0, 1), grads shaped unlike params (the reference's promise;
    against another implementation only with ``--contract``)."""
    params, grads, wrong = [np.zeros((2, 3))], [np.ones((2, 3))], [np.ones((3, 2))]
    for name in ("sgd", "adagrad", "rmsprop", "adam"):
        init, step = getattr(impl, f"{name}_init"), getattr(impl, f"{name}_step")
        _refused(verify, f"{name}_step",
                 lambda s=step, i=init: s(params, grads, i(params), lr=-0.1),
                 ("lr",), "lr = -0.1")
        _refused(verify, f"{name}_step",
                 lambda s=step, i=init: s(params, wrong, i(params), lr=0.1),
                 ("grads",), "grads of shape (3, 2) for params of shape (2, 3)")
    for betas in ((1.0, 0.999), (0.9, 1.0), (-0.1, 0.999)):
        _refused(verify, "adam_step",
                 lambda b=betas: impl.adam_step(params, grads, impl.adam_init(params), betas=b),
                 ("betas",), f"betas = {betas}")
