"""Registered checks of the activations chapter: run against any implementation.

Exact checks compare with the derivations (the claim oracles, the derivation's
own definition of each activation) at a tolerance of floating-point rounding,
scaled by ``1 + |x|`` since an oracle written as ``x (1 + erf(x/sqrt 2))/2``
cancels in its far tail; finite differences use :mod:`dlproofs.gradcheck`;
Monte Carlo checks go through :mod:`dlproofs.stats` (sized by alpha and power).
"""

from __future__ import annotations

import math

import numpy as np

from dlproofs import stats
from dlproofs.checks import check
from dlproofs.gradcheck import directional_check
from dlproofs.oracles import oracle

from . import contract  # noqa: F401 - registers the input-contract checks
from .common import ACTIVATIONS, BY_NAME, DERIVATIVE_CLAIMS, grid, selu_constants

CHAPTER = "activations"
#: rounding tolerance of an exact comparison, relative to 1 + |x|
EXACT_RTOL = 1e-12
FORWARDS = tuple(a.forward for a in ACTIVATIONS)
BACKWARDS = tuple(a.backward for a in ACTIVATIONS)


def _compare(verify, function: str, got, want, x, what: str, claim: str) -> None:
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    if got.shape != want.shape:
        verify.fail(function, f"{what}: shape {got.shape}, expected {want.shape}", claim=claim)
    err = np.abs(got - want) / (1.0 + np.abs(x))
    if not np.all(np.isfinite(got)) or err.max() > EXACT_RTOL:
        i = int(np.nanargmax(np.where(np.isfinite(err), err, np.inf)))
        verify.fail(function, f"{what} at x = {x.flat[i]:.6g}: {got.flat[i]!r}, the derivation "
                              f"gives {want.flat[i]!r}", claim=claim)


@check(chapter=CHAPTER, claims=("act.gelu.derivative", "act.tanh.via_sigmoid",
                                "act.selu.lambda", "act.selu.alpha"),
       law="each forward computes the activation as the derivation defines it "
           "(GELU in its exact erf form, SELU with the derived constants)",
       functions=FORWARDS)
def check_forward_definitions(impl, verify):
    rng = np.random.default_rng(11)
    x = grid(rng)
    for act in ACTIVATIONS:
        out, _ = act.run(impl, x)
        _compare(verify, act.forward, out, act.expected_forward(x), x, "f(x)",
                 act.derivative_claim)


@check(chapter=CHAPTER, claims=DERIVATIVE_CLAIMS,
       law="each backward returns dout * f'(x) with f' the proved derivative",
       functions=BACKWARDS)
def check_derivatives_match_derivations(impl, verify):
    rng = np.random.default_rng(12)
    x = grid(rng)
    dout = rng.normal(size=x.shape)
    for act in ACTIVATIONS:
        _, dx = act.run(impl, x, dout)
        _compare(verify, act.backward, dx, dout * act.expected_derivative(x), x,
                 "dout * f'(x)", act.derivative_claim)


@check(chapter=CHAPTER, claims=DERIVATIVE_CLAIMS,
       law="each backward agrees with central finite differences of its forward",
       functions=BACKWARDS)
def check_backward_agrees_with_finite_differences(impl, verify):
    rng = np.random.default_rng(13)
    for act in ACTIVATIONS:
        x = grid(rng)
        c = rng.normal(size=x.shape)
        v = rng.normal(size=x.shape)
        _, dx = act.run(impl, x, c)

        def loss(t, act=act, x=x, v=v, c=c):
            return float(np.sum(c * act.run(impl, x + t * v)[0]))

        try:
            directional_check(loss, [(dx, v)], subject=act.backward, law="f'")
        except AssertionError as exc:
            verify.fail(act.backward, str(exc), claim=act.derivative_claim)


@check(chapter=CHAPTER, claims=("act.relu.derivative", "act.leaky.derivative",
                                "act.elu.left_derivative"),
       law="at x = 0 the derivative takes the x <= 0 branch (PyTorch's convention): ReLU 0, "
           "leaky ReLU a, ELU alpha, SELU lambda alpha",
       functions=("relu_backward", "leaky_relu_backward", "elu_backward", "selu_backward"))
def check_derivative_at_zero_takes_the_left_branch(impl, verify):
    x = np.zeros(3)
    dout = np.array([1.0, -2.0, 0.5])
    lam, a01 = selu_constants()
    slope = BY_NAME["leaky_relu"].kwargs["negative_slope"]
    alpha = BY_NAME["elu"].kwargs["alpha"]
    left = {"relu": oracle("act.relu.derivative")(x=-1.0),
            "leaky_relu": oracle("act.leaky.derivative")(x=0.0, a=slope),
            "elu": oracle("act.elu.left_derivative")(alpha=alpha),
            "selu": lam * oracle("act.elu.left_derivative")(alpha=a01)}
    for name, slope_at_zero in left.items():
        act = BY_NAME[name]
        _, dx = act.run(impl, x, dout)
        _compare(verify, act.backward, dx, dout * float(slope_at_zero), x, "dout * f'(0)",
                 act.derivative_claim)


@check(chapter=CHAPTER, claims=("act.sigmoid.derivative", "act.tanh.derivative",
                                "act.gelu.derivative", "act.silu.derivative"),
       law="forward and backward stay finite and warning-free at |x| up to 1e6 and reach "
           "the activation's limits",
       functions=FORWARDS + BACKWARDS)
def check_extreme_inputs_are_finite_and_exact(impl, verify):
    x = np.array([-1e6, -1000.0, -745.0, -40.0, 40.0, 745.0, 1000.0, 1e6])
    dout = np.ones_like(x)
    far = np.abs(x) >= 745
    for act in ACTIVATIONS:
        try:
            with np.errstate(over="raise", invalid="raise", divide="raise"):
                out, dx = act.run(impl, x, dout)
        except FloatingPointError as exc:
            verify.fail(f"{act.forward}/{act.backward}", f"floating-point {exc} at x = "
                        f"{x.tolist()}",
                        claim=act.derivative_claim)
        if not (np.all(np.isfinite(out)) and np.all(np.isfinite(dx))):
            verify.fail(act.backward, f"NaN or inf: f = {out.tolist()}, f' = {dx.tolist()}",
                        claim=act.derivative_claim)
        # far out every f' is its limit: 0 on the left (1 for leaky's a, ELU's 0), 1 or the
        # scale on the right; compare with the derivative claim's value at |x| = 40
        ref = act.expected_derivative(np.sign(x) * 40.0)
        if not np.allclose(dx[far], ref[far], rtol=1e-12, atol=1e-15):
            verify.fail(act.backward, f"f'({x[far].tolist()}) = {dx[far].tolist()}, the limit "
                                      f"is {ref[far].tolist()}", claim=act.derivative_claim)


# --------------------------------------------------------------- the network


def _network(rng, m=5, n_in=4, k=3, n_out=2):
    return (rng.normal(size=(m, n_in)), rng.normal(size=(n_in, k)) / 2,
            rng.normal(size=(k, n_out)), rng.normal(size=(m, n_out)))


@check(chapter=CHAPTER, claims=("act.backprop.grad_w1", "act.backprop.grad_w2",
                                "act.backprop.chain_w1"),
       law="the two-layer network's backward agrees with finite differences of its loss "
           "(dW1 carries X, not W1)",
       functions=("two_layer_forward", "two_layer_backward"))
def check_two_layer_backward_agrees_with_finite_differences(impl, verify):
    rng = np.random.default_rng(21)
    for name in ("sigmoid", "tanh", "elu", "gelu"):
        X, W1, W2, y = _network(rng)
        dout = 0.7
        _, cache = impl.two_layer_forward(X, W1, W2, y, activation=name)
        grads = impl.two_layer_backward(dout, cache)
        dirs = [rng.normal(size=a.shape) for a in (X, W1, W2)]

        def f(t, X=X, W1=W1, W2=W2, y=y, dirs=dirs, name=name, dout=dout):
            return dout * impl.two_layer_forward(X + t * dirs[0], W1 + t * dirs[1],
                                                 W2 + t * dirs[2], y, activation=name)[0]

        try:
            directional_check(f, list(zip(grads, dirs, strict=True)),
                              subject=f"two_layer_backward[{name}]", law="dL/d(X, W1, W2)")
        except AssertionError as exc:
            verify.fail("two_layer_backward", str(exc), claim="act.backprop.grad_w1")


@check(chapter=CHAPTER, claims=("act.relu.dead_gradient", "act.relu.dead_update"),
       law="a ReLU unit inactive on every input gets exactly zero weight gradients",
       functions=("two_layer_forward", "two_layer_backward", "relu_backward"))
def check_dead_relu_unit_gets_no_gradient(impl, verify):
    rng = np.random.default_rng(22)
    X, W1, W2, y = _network(rng, m=16, n_in=5, k=4)
    X = np.abs(X)
    W1[:, 2] = -np.abs(W1[:, 2]) - 0.1  # unit 2: X W1 < 0 on every input
    _, cache = impl.two_layer_forward(X, W1, W2, y, activation="relu")
    _, dW1, dW2 = impl.two_layer_backward(1.0, cache)
    if np.any(dW1[:, 2] != 0) or np.any(dW2[2] != 0):
        verify.fail("two_layer_backward", f"dead unit 2 has dW1[:, 2] = {dW1[:, 2].tolist()}, "
                    f"dW2[2] = {dW2[2].tolist()}", claim="act.relu.dead_gradient")
    if not np.any(dW1[:, [0, 1, 3]] != 0):
        verify.fail("two_layer_backward", "no gradient reaches the live units either",
                    claim="act.relu.dead_gradient")


# ------------------------------------------------------------- Monte Carlo

#: the smallest relative error of a Gaussian moment each Monte Carlo check detects (the
#: known-wrong variants are off by 9.4% (SELU without its scale, 1/lambda^2) or far more)
MOMENT_REL_ERROR = 0.08


def _moment_values(name: str) -> dict:
    if name == "selu":
        lam, a01 = selu_constants()
        return {"lambda_01": lam, "alpha_01": a01}
    return {"leaky_relu": {"a": BY_NAME["leaky_relu"].kwargs["negative_slope"]},
            "elu": {"alpha": BY_NAME["elu"].kwargs["alpha"]}}.get(name, {})


def _kurtosis(act, which: str) -> float:
    """E[u^4]/E[u^2]^2 for u = f(z) or f'(z), z ~ N(0, 1): Gauss-Legendre quadrature (200
    nodes on each of [-13, 0] and [0, 13], split at the kinks) of the derivation's own
    function (the test's known kurtosis)."""
    nodes, weights = np.polynomial.legendre.leggauss(200)
    u = np.concatenate([6.5 * (nodes - 1), 6.5 * (nodes + 1)])
    w = np.concatenate([weights, weights]) * 6.5 * np.exp(-u * u / 2) / math.sqrt(2 * math.pi)
    with np.errstate(over="ignore"):
        values = act.expected_forward(u) if which == "forward_moment" \
            else act.expected_derivative(u)
    return float(w @ values**4) / float(w @ values**2) ** 2


def _moment_check(impl, verify, which: str, seed: int) -> None:
    rng = np.random.default_rng(seed)
    for act in ACTIVATIONS:
        kurtosis = _kurtosis(act, which)
        n = stats.fourth_moment_variance_n(kurtosis, MOMENT_REL_ERROR)
        z = rng.standard_normal(n)
        out, dx = act.run(impl, z, np.ones_like(z))
        samples = out if which == "forward_moment" else dx
        with np.errstate(over="ignore"):  # e^{-t} overflows where the integrand is 0
            expected = float(oracle(f"act.gain.{act.name}.{which}")(**_moment_values(act.name)))
        outcome = stats.fourth_moment_variance_test(samples, expected, kurtosis=kurtosis,
                                                    rel_error=MOMENT_REL_ERROR)
        verify(outcome, function=act.forward if which == "forward_moment" else act.backward,
               claim=f"act.gain.{act.name}.{which}")


@check(chapter=CHAPTER, claims=tuple(f"act.gain.{a.name}.forward_moment" for a in ACTIVATIONS),
       law="E[f(z)^2] for z ~ N(0, 1) equals the proved Gaussian moment",
       functions=FORWARDS)
def check_forward_moment_matches_gaussian_integral(impl, verify):
    _moment_check(impl, verify, "forward_moment", 31)


@check(chapter=CHAPTER, claims=tuple(f"act.gain.{a.name}.backward_moment" for a in ACTIVATIONS),
       law="E[f'(z)^2] for z ~ N(0, 1) equals the proved Gaussian moment",
       functions=BACKWARDS)
def check_backward_moment_matches_gaussian_integral(impl, verify):
    _moment_check(impl, verify, "backward_moment", 41)


@check(chapter=CHAPTER, claims=("act.sigmoid.depth_bound", "act.sigmoid.layer_factor",
                                "act.sigmoid.max"),
       law="the derivative through L sigmoid layers with |w_l| <= w is at most (w/4)^L",
       functions=("sigmoid_forward", "sigmoid_backward"))
def check_gradient_through_sigmoid_stack_obeys_the_bound(impl, verify):
    rng = np.random.default_rng(51)
    paths, depth = 4096, 20
    bound = oracle("act.sigmoid.depth_bound")
    for w in (1.0, 3.0):
        a = rng.normal(size=paths)
        weights = rng.uniform(-w, w, size=(depth, paths))
        grad = np.ones(paths)
        sizes = []
        for layer in range(depth):
            out, cache = impl.sigmoid_forward(weights[layer] * a)
            grad = impl.sigmoid_backward(grad, cache) * weights[layer]
            a = out
            sizes.append(np.abs(grad))
        for depth_l, g in enumerate(sizes, start=1):
            limit = float(bound(w=w, L=depth_l))
            if np.max(g) > limit * (1 + 1e-12):
                verify.fail("sigmoid_backward", f"|d a_L/d a_0| = {np.max(g):.6g} > (w/4)^L = "
                            f"{limit:.6g} at L = {depth_l}, w = {w}")
        ls = list(range(1, depth + 1))
        means = [float(np.mean(g)) for g in sizes]
        errs = [float(np.std(g) / math.sqrt(paths)) for g in sizes]
        verify.note(figure="act.sigmoid_depth", series=f"|w| <= {w:g}", x=ls, y=means,
                    y_lower=[m - 2 * e for m, e in zip(means, errs, strict=True)],
                    y_upper=[m + 2 * e for m, e in zip(means, errs, strict=True)],
                    predicted=[float(bound(w=w, L=k)) for k in ls],
                    title="A gradient through L sigmoid layers", xlabel="layers L",
                    ylabel="mean |d a_L / d a_0| (bars: 2 standard errors)", yscale="log",
                    caption="Markers: the mean size of the path derivative through L sigmoid "
                            "layers with weights uniform in [-w, w]; dashed: the bound (w/4)^L "
                            "(claim act.sigmoid.depth_bound). Every path lies below it: ten "
                            "layers with |w| <= 1 leave less than a millionth of the gradient.")


@check(chapter=CHAPTER, claims=("act.relu.dead_probability", "act.relu.dead_batch"),
       law="a ReLU unit with pre-activation N(b, s^2) is inactive with probability Phi(-b/s), "
           "on a whole batch of B with Phi(-b/s)^B",
       functions=("relu_forward", "relu_backward"))
def check_dead_relu_fraction_matches_its_formula(impl, verify):
    rng = np.random.default_rng(61)
    b, s, batch = -0.5, 1.3, 4
    p = float(oracle("act.relu.dead_probability")(b=b, s=s))
    n = stats.binomial_n(p, 0.01)
    z = b + s * rng.standard_normal(n)
    _, cache = impl.relu_forward(z)
    inactive = impl.relu_backward(np.ones(n), cache) == 0
    verify(stats.binomial_test(int(inactive.sum()), n, p, abs_error=0.01),
           function="relu_backward", claim="act.relu.dead_probability")
    pb = float(oracle("act.relu.dead_batch")(p_inactive=p, B=batch))
    trials = stats.binomial_n(pb, 0.01)
    zb = b + s * rng.standard_normal((trials, batch))
    _, cache = impl.relu_forward(zb)
    dead = np.all(impl.relu_backward(np.ones_like(zb), cache) == 0, axis=1)
    verify(stats.binomial_test(int(dead.sum()), trials, pb, abs_error=0.01),
           function="relu_backward", claim="act.relu.dead_batch")


# ------------------------------------------------ deep stacks at the derived gain

DEPTH = 20
WIDTH = 256
BATCH = 16
#: the smallest relative error of the final layer's variance the check detects (the
#: known-wrong variants end 39% low or lower).  The band is the chi-square band of i.i.d.
#: Gaussian samples; the pre-activations of one network also share its random weights, and
#: over 30 seeds Var(h_20) spread by 1.6% (tanh) and 3.6% (SELU) from network to network at
#: this width, under a quarter of the band's half-width (16%): the stated alpha holds to
#: that (mean-field) approximation, not exactly.
STACK_REL_ERROR = 0.25


def _matmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a @ b by einsum: on this small product a threaded BLAS spends ten times longer
    waiting on its threads than computing (measured on the shared 2-core machine)."""
    return np.einsum("ij,jk->ik", a, b)


def _stack(impl, act, gain: float, rng) -> tuple[np.ndarray, list[float], list[float]]:
    """Run DEPTH layers of width WIDTH; return the last pre-activations, the per-layer
    variances and the per-layer mean squared gradients with their standard errors."""
    x = rng.standard_normal((BATCH, WIDTH))
    caches, weights, qs = [], [], []
    for _ in range(DEPTH):
        W = rng.standard_normal((WIDTH, WIDTH)) * (gain / math.sqrt(WIDTH))
        h = _matmul(x, W)
        qs.append(float(np.mean(h * h)))
        out, cache = getattr(impl, act.forward)(h, **act.kwargs)
        caches.append(cache)
        weights.append(W)
        x = out
    g = rng.standard_normal((BATCH, WIDTH))
    grads = []
    for W, cache in zip(reversed(weights), reversed(caches), strict=True):
        dh = getattr(impl, act.backward)(g, cache)
        sq = dh * dh
        grads.append((float(np.mean(sq)), float(np.std(sq) / math.sqrt(sq.size))))
        g = _matmul(dh, W.T)
    return h, qs, grads


def _stack_check(impl, verify, name: str, seed: int) -> None:
    rng = np.random.default_rng(seed)
    act = BY_NAME[name]
    kw = {"lambda_01": selu_constants()[0], "alpha_01": selu_constants()[1]} \
        if name == "selu" else {}
    with np.errstate(over="ignore"):  # the oracle's quadrature: e^{-t} overflows far out
        g = float(oracle(f"act.gain.{name}.forward")(**kw))
        chi = g**2 * float(oracle(f"act.gain.{name}.backward_moment")(**kw))
    h, qs, grads = _stack(impl, act, g, rng)
    n = stats.chi2_variance_n(STACK_REL_ERROR)
    outcome = stats.chi2_variance_test(h.ravel()[:n], 1.0, rel_error=STACK_REL_ERROR)
    verify(outcome, function=act.forward, claim=f"act.gain.{name}.forward")
    k = list(range(DEPTH))
    top = grads[0][0]
    verify.note(figure="act.depth_gradients", series=name, x=k,
                y=[m / top for m, _ in grads], predicted=[chi**j for j in k],
                y_lower=[(m - 2 * e) / top for m, e in grads],
                y_upper=[(m + 2 * e) / top for m, e in grads],
                title="Gradient size through depth at the derived forward gain",
                xlabel="layers below the top",
                ylabel="E[(dL/dh)^2] relative to the top (bars: 2 standard errors)",
                yscale="log",
                caption="At the gain that keeps the signal at q* = 1 the gradient still "
                        "changes by g^2 E[f'(h)^2] per layer (dashed): tanh grows it by 18% "
                        "and SELU by 7% a layer; the forward and the backward gains differ "
                        "unless f is positively homogeneous.")
    verify.note(figure="act.depth_variance", series=name, x=list(range(1, DEPTH + 1)),
                y=qs, predicted=[1.0] * DEPTH, title="Signal variance through depth",
                xlabel="layer", ylabel="Var(h_l)", yscale="linear",
                caption="At the derived gain the variance stays at the fixed point 1.")


@check(chapter=CHAPTER, claims=("act.gain.tanh.forward", "act.gain.forward_rule"),
       law="at the derived gain a 20-layer tanh stack keeps the variance at q* = 1",
       functions=("tanh_forward", "tanh_backward"))
def check_deep_tanh_stack_at_derived_gain_stays_at_the_fixed_point(impl, verify):
    _stack_check(impl, verify, "tanh", 71)


@check(chapter=CHAPTER, claims=("act.gain.selu.forward", "act.selu.lambda", "act.selu.alpha"),
       law="at the derived gain (1) a 20-layer SELU stack keeps the variance at q* = 1",
       functions=("selu_forward", "selu_backward"))
def check_deep_selu_stack_at_derived_gain_stays_at_the_fixed_point(impl, verify):
    _stack_check(impl, verify, "selu", 72)


@check(chapter=CHAPTER, claims=tuple(f"act.gain.{n}.{d}" for n in
                                     ("relu", "leaky_relu", "elu", "selu", "tanh", "sigmoid",
                                      "gelu", "silu") for d in ("forward", "backward")),
       law="gain(name) is 1/sqrt(E[f(z)^2]) forward and 1/sqrt(E[f'(z)^2]) backward",
       functions=("gain",))
def check_gain_is_the_derived_gain(impl, verify):
    lam, a01 = selu_constants()
    options = {"leaky_relu": ({"negative_slope": 0.2}, {"a": 0.2}),
               "elu": ({"alpha": 1.7}, {"alpha": 1.7}),
               "selu": ({}, {"lambda_01": lam, "alpha_01": a01})}
    xs, derived, measured, wrong = [], [], [], []
    for i, name in enumerate(("relu", "leaky_relu", "elu", "selu", "tanh", "sigmoid", "gelu",
                              "silu"), start=1):
        kw, claim_kw = options.get(name, ({}, {}))
        for direction in ("forward", "backward"):
            with np.errstate(over="ignore"):  # e^{-t} overflows where the integrand is 0
                want = float(oracle(f"act.gain.{name}.{direction}")(**claim_kw))
            try:
                got = float(impl.gain(name, direction=direction, **kw))
            except Exception as exc:  # an implementation without this gain fails the law
                got = math.nan
                wrong.append(f"gain({name!r}, {direction}) raised {type(exc).__name__}: {exc}")
            else:
                if not math.isclose(got, want, rel_tol=1e-10):
                    wrong.append(f"gain({name!r}, {direction}) = {got!r}, derived {want!r}")
            if direction == "forward":
                xs.append(i)
                derived.append(want)
                measured.append(got)
    verify.note(figure="act.gains", series="gain(name), forward", x=xs, y=measured,
                predicted=derived, title="The gain that keeps the variance at q* = 1",
                xlabel="1 relu, 2 leaky (a = 0.2), 3 elu (alpha = 1.7), 4 selu, 5 tanh, "
                       "6 sigmoid, 7 gelu, 8 silu",
                ylabel="g", yscale="linear",
                caption="1/sqrt(E[f(z)^2]) for each activation: markers from gain(), dashed "
                        "from the derivation (closed forms, or Gaussian integrals evaluated).")
    if wrong:
        verify.fail("gain", "; ".join(wrong), claim="act.gain.forward_rule")
