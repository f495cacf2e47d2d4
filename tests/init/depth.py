"""Checks of a deep stack: the variance factor of every layer, forward and backward.

Helpers of the registered ``init.depth.*`` checks (``checks.py``): a run takes
the function under test and a :class:`Scheme`, draws from
``numpy.random.default_rng(seed)``, and reports each outcome through
``verify(outcome, subject=..., law=...)`` (by default an assertion).  The
statistics are exact given the past of each network (see :func:`depth_run`), so
no test here relies on a central limit approximation for the normal initializers.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from derivations.init.depth import variance_profile
from dlproofs import stats
from tests.init.checks import (
    SCHEMES,
    Case,
    Initializer,
    Scheme,
    Verify,
    assert_outcome,
    claim,
    claim_constant,
    claim_value,
    expected_variance,
    subject_of,
)

ACTIVATIONS: dict[str, Callable[[np.ndarray, float], np.ndarray]] = {
    "identity": lambda h, a: h,
    "relu": lambda h, a: np.maximum(h, 0.0),
    "leaky_relu": lambda h, a: np.where(h > 0, h, a * h),
}
#: The claim of each activation's factor c_f = E[f(h)^2]/Var(h) for symmetric h.
ACTIVATION_CLAIMS = {
    "identity": ("init.activation.factor.identity",),
    "relu": ("init.activation.factor.relu", "init.relu.second_moment"),
    "leaky_relu": ("init.activation.factor.leaky_relu", "init.leaky_relu.second_moment"),
}
#: Per layer: the smallest relative error in Var(w) to detect; pooled over all
#: layers: the smallest relative error in Var(w), the smallest shift of
#: P(h > 0) from 1/2 and the smallest shift of the mean activation factor.
DEPTH_LAYER_REL_ERROR = 0.20
DEPTH_POOLED_REL_ERROR = 0.04
DEPTH_SIGN_ABS_ERROR = 0.0125
DEPTH_FACTOR_ABS_ERROR = 0.14

#: 20 layers; each layer is non-square and the widths alternate up and down.
WIDTHS = (96, 160, 112, 144, 80, 128, 72, 152, 104, 136, 88, 160, 96, 120, 80, 144, 112, 128,
          72, 160, 96)
SLOPE = 0.25  # PReLU's initial slope in He et al. 2015

#: The deep runs: (scheme, activation, slope, the named claims of that pair)
PAIRS = [
    ("he_normal", "relu", 0.0, ("init.depth.he_relu", "init.depth.he.relu")),
    ("he_normal", "leaky_relu", SLOPE, ("init.depth.he_leaky_relu", "init.depth.he.leaky_relu")),
    ("xavier_normal", "identity", 0.0, ("init.depth.xavier.identity",)),
    ("xavier_normal", "relu", 0.0, ("init.depth.xavier_relu", "init.depth.xavier.relu")),
    ("lecun_normal", "identity", 0.0, ("init.depth.lecun_identity", "init.depth.lecun.identity",
                                       "init.forward.condition")),
    ("torch_linear_default", "relu", 0.0, ("init.depth.torch_relu", "init.depth.torch.relu")),
    ("he_uniform", "relu", 0.0, ("init.depth.he_relu", "init.depth.he.relu")),
]


def pair_claims(scheme_name: str, activation: str, named: tuple[str, ...]) -> tuple[str, ...]:
    return ("init.depth.factor", "init.depth.power", "init.sum.variance", *named,
            *ACTIVATION_CLAIMS[activation], *SCHEMES[scheme_name].all_claims)


def depth_scheme(scheme: Scheme) -> str:
    """The name derivations.init.depth uses for a scheme (he_normal -> he)."""
    return scheme.name.removesuffix("_normal").removesuffix("_uniform")


def law_depth_weights(scheme: Scheme) -> str:
    return (f"Var(h_l | u) = Var(w) ||u||^2 at every layer, Var(w) = "
            f"{claim(scheme.variance).rhs} ({scheme.variance}, init.sum.variance)")


def law_depth_signs(scheme: Scheme) -> str:
    return "P(h_l > 0) = 1/2 at every layer (weights symmetric about 0)"


def law_depth_activation(activation: str) -> str:
    return (f"E[||f(h)||^2/||h||^2] = c_f for f = {activation} "
            f"({ACTIVATION_CLAIMS[activation][0]})")


def _weight_kurtosis(scheme: Scheme) -> float:
    return claim_constant("init.uniform.kurtosis" if scheme.distribution == "uniform"
                          else "init.normal.kurtosis")


def _mixed_kurtosis(kurtosis_w: float, u: np.ndarray, norms2: np.ndarray) -> float:
    """The mean kurtosis of ``y = (u @ W) / ||u||`` over networks (rows of ``u``).

    With i.i.d. weights of kurtosis k: E[y^4] = Var(w)^2 (3 + (k - 3) sum u^4/||u||^4).
    """
    return float(np.mean(3 + (kurtosis_w - 3) * np.sum(u**4, axis=1) / norms2**2))


def _weight_test(scheme: Scheme, y: np.ndarray, variance: float, kurtosis: float,
                 rel_error: float, alpha: float):
    """Chi-square (exact) for normal weights, fourth moment for uniform ones."""
    if scheme.distribution == "normal":
        return stats.chi2_variance_test(y, variance, rel_error=rel_error, alpha=alpha)
    return stats.fourth_moment_variance_test(y, variance, kurtosis=kurtosis,
                                             rel_error=rel_error, alpha=alpha)


def _weight_n(scheme: Scheme, rel_error: float, alpha: float) -> int:
    """Samples the weight-variance test needs; uniform weights are sized with kurtosis 3,
    an upper bound on the mixed kurtosis 3 + (9/5 - 3) sum u^4 / ||u||^4 of their sums."""
    if scheme.distribution == "normal":
        return stats.chi2_variance_n(rel_error, alpha)
    return stats.fourth_moment_variance_n(3.0, rel_error, alpha)


def networks_needed(scheme: Scheme, widths: tuple[int, ...], alpha: float, *,
                    symmetric: bool = False, layer_widths: tuple[int, ...] | None = None) -> int:
    """The fewest independent networks with which every test of a deep run has its
    stated power at false-alarm rate ``alpha`` per assertion.

    Each network gives ``n_out`` samples per layer (``layer_widths``, the widths the
    per-layer tests see), ``sum(layer_widths)`` to the pooled tests and one
    activation ratio per layer.
    """
    sizes = layer_widths or widths[1:]
    per_layer = -(-_weight_n(scheme, DEPTH_LAYER_REL_ERROR, alpha) // min(sizes))
    pooled = -(-_weight_n(scheme, DEPTH_POOLED_REL_ERROR, alpha) // sum(sizes))
    need = max(per_layer, pooled)
    if symmetric:
        signs = stats.binomial_n(0.5, DEPTH_SIGN_ABS_ERROR, alpha)
        ratios = stats.hoeffding_n(1.0, DEPTH_FACTOR_ABS_ERROR, alpha)
        need = max(need, -(-signs // sum(sizes)), -(-ratios // len(sizes)))
    return need


@dataclass
class DepthProfile:
    """What a deep run measured, for the report's plot."""

    x: list[int]
    y: list[float]
    predicted: list[float]
    #: two standard errors of each y over the independent networks: each network's
    #: ||h_l||^2 / n_l is a product of l random layer factors, so the spread grows with depth
    yerr: list[float] | None = None


def _mean_and_2se(per_network: np.ndarray) -> tuple[float, float]:
    """The mean over networks and two standard errors of it."""
    n = per_network.size
    return float(per_network.mean()), float(2 * per_network.std(ddof=1) / np.sqrt(n))


def depth_run(init: Initializer, scheme: Scheme, activation: str, *, widths: tuple[int, ...],
                seed: int, networks: int = 0, a: float = 0.0, gain: float = 1.0,
                verify: Verify = assert_outcome, alpha: float | None = None) -> DepthProfile:
    """The per-layer variance factor n_in Var(w) c_f of a deep stack, tested at every layer.

    ``networks`` independent stacks (each layer's weights a separate call of
    ``init``) each get one input ``h_0 ~ N(0, I)``; layer ``l`` computes
    ``h_l = f(h_{l-1}) @ W_l``.  Two exact facts make the test exact:

    * Given ``u = f(h_{l-1})``, the entries of ``h_l`` are independent sums
      ``sum_i u_i w_ij`` with variance ``Var(w) ||u||^2`` (init.sum.variance),
      so ``y = h_l / ||u||`` has variance Var(w) whatever the past: for normal
      weights ``y ~ N(0, Var(w))`` exactly (chi-square test); for uniform ones
      ``E[y^4] = Var(w)^2 (3 + (kurtosis_w - 3) sum u^4 / ||u||^4)``, so the
      fourth-moment test runs with that kurtosis averaged over the networks.
      Per layer, and pooled over all layers (``y^2 / Var(w)`` are then i.i.d.
      with mean 1: chi-square with ``networks * sum(widths[1:])`` degrees of
      freedom for normal weights).
    * With symmetric weights, ``h_l`` is symmetric given the past: the count of
      positive entries is Binomial(n, 1/2) given the past, so their sum over
      all layers is Binomial(sum of n, 1/2) (exact test), and
      ``c_hat = ||f(h)||^2/||h||^2`` (in [0, 1] for ReLU, [a^2, 1] for leaky
      ReLU) has conditional mean ``c_f`` given the past, so Hoeffding's
      inequality (Azuma's form, for these bounded martingale differences)
      tests its mean over all layers and networks.

    Together these test Var(h_l) = n_in Var(w) c_f Var(h_{l-1}) at every layer.
    The false-alarm rate ``alpha`` (default :data:`stats.ALPHA`) is split
    Bonferroni over all the assertions of the run.
    """
    alpha = stats.ALPHA if alpha is None else alpha
    f = ACTIVATIONS[activation]
    layers = len(widths) - 1
    symmetric = activation != "identity"
    count = layers + 1 + (2 if symmetric else 0)
    each = alpha / count
    # as many independent networks as the tests need at their stated error and power (55-56
    # at the default alpha, more at the thorough profile's smaller one); `networks` a floor
    networks = max(networks, networks_needed(scheme, widths, each, symmetric=symmetric))
    subject = (f"{subject_of(init)} + {activation} ({layers} layers of widths "
               f"{min(widths)}..{max(widths)}, {networks} networks, seed {seed})")
    w_law, s_law = law_depth_weights(scheme), law_depth_signs(scheme)
    options = dict(scheme.options)
    kwargs = {k: {"gain": gain, "a": a}[sym] for k, sym in options.items()}
    kurtosis_w = _weight_kurtosis(scheme)

    def weight_test(y, variance, kurtosis, rel_error):
        return _weight_test(scheme, y, variance, kurtosis, rel_error, each)

    rng = np.random.default_rng(seed)
    h = rng.standard_normal((networks, widths[0]))
    first, first_err = _mean_and_2se(np.sum(h**2, axis=1) / widths[0])
    observed, errors = [first], [first_err]
    pooled, pooled_kurtosis, c_hats = [], [], []
    positive = trials = 0
    for layer, (n_in, n_out) in enumerate(itertools.pairwise(widths), start=1):
        case = Case(n_in, n_out, seed, tuple((k, v) for k, v in kwargs.items()))
        variance = expected_variance(scheme, case)
        u = f(h, a)
        norms2 = np.sum(u**2, axis=1)
        hh = np.sum(h**2, axis=1)
        c_hats.append(norms2[hh > 0] / hh[hh > 0])
        weights = np.stack([init(n_in, n_out, rng, **kwargs) for _ in range(networks)])
        h = np.einsum("ri,rio->ro", u, weights)
        live = norms2 > 0  # a network whose units are all off carries no signal
        y = h[live] / np.sqrt(norms2[live])[:, None]
        kurtosis = _mixed_kurtosis(kurtosis_w, u[live], norms2[live])
        verify(weight_test(y, variance, kurtosis, DEPTH_LAYER_REL_ERROR),
               subject=f"{subject}, layer {layer} ({n_in} -> {n_out})", law=w_law)
        pooled.append((y**2 / variance).ravel())
        pooled_kurtosis.append(np.full(y.size, kurtosis))
        positive += int(np.count_nonzero(h > 0))
        trials += h.size
        mean, err = _mean_and_2se(np.sum(h**2, axis=1) / n_out)
        observed.append(mean)
        errors.append(err)
    z2 = np.concatenate(pooled)
    verify(weight_test(np.sqrt(z2), 1.0, float(np.mean(np.concatenate(pooled_kurtosis))),
                       DEPTH_POOLED_REL_ERROR),
           subject=f"{subject}, pooled over all layers (y^2 / Var(w))", law=w_law)
    if symmetric:
        verify(stats.binomial_test(positive, trials, 0.5, abs_error=DEPTH_SIGN_ABS_ERROR,
                                   alpha=each),
               subject=f"{subject}, signs pooled over layers and networks", law=s_law)
        c_f = claim_value(ACTIVATION_CLAIMS[activation][0], a=a)
        ends = (1.0, a * a) if activation == "leaky_relu" else (0.0, 1.0)
        verify(stats.hoeffding_mean_test(np.concatenate(c_hats), c_f, low=min(ends),
                                         high=max(ends),
                                         abs_error=DEPTH_FACTOR_ABS_ERROR, alpha=each),
               subject=f"{subject}, c_hat pooled over layers and networks",
               law=law_depth_activation(activation))
    predicted = [1.0, *variance_profile(depth_scheme(scheme), activation, widths, a=a, gain=gain)]
    return DepthProfile(list(range(layers + 1)), observed, predicted, errors)


def law_backward_weights(scheme: Scheme) -> str:
    return (f"Var(dx | dy) = Var(w) ||dy||^2 at every layer, Var(w) = "
            f"{claim(scheme.variance).rhs} ({scheme.variance}, init.sum.variance)")


def backward_depth_run(init: Initializer, scheme: Scheme, *, widths: tuple[int, ...],
                         seed: int, networks: int = 0, gain: float = 1.0,
                         verify: Verify = assert_outcome,
                         alpha: float | None = None) -> DepthProfile:
    """The backward factor n_out Var(w) of a deep linear stack, tested at every layer.

    The gradient flows down: ``g_L ~ N(0, I)`` and ``g_{l-1} = g_l @ W_l.T``.
    Given ``g_l``, the entries of ``g_{l-1}`` are independent sums of
    ``fan_out`` products with variance ``Var(w) ||g_l||^2`` (init.sum.variance
    with n = fan_out), so the test is the forward one with the roles of the
    fans exchanged: per layer and pooled, exact for normal weights.  The
    profile records ``mean ||g_l||^2 / n_l`` from the top (l = L) down, with
    the predicted product of the backward factors ``n_out Var(w)``.
    """
    alpha = stats.ALPHA if alpha is None else alpha
    layers = len(widths) - 1
    each = alpha / (layers + 1)
    networks = max(networks, networks_needed(scheme, widths, each, layer_widths=widths[:-1]))
    subject = (f"{subject_of(init)} backward ({layers} linear layers of widths "
               f"{min(widths)}..{max(widths)}, {networks} networks, seed {seed})")
    law = law_backward_weights(scheme)
    kwargs = {k: {"gain": gain}[sym] for k, sym in scheme.options}
    kurtosis_w = _weight_kurtosis(scheme)
    rng = np.random.default_rng(seed)
    g = rng.standard_normal((networks, widths[-1]))
    first, first_err = _mean_and_2se(np.sum(g**2, axis=1) / widths[-1])
    observed, errors, predicted = [first], [first_err], [1.0]
    pooled, pooled_kurtosis = [], []
    for layer in range(layers, 0, -1):
        n_in, n_out = widths[layer - 1], widths[layer]
        variance = expected_variance(scheme, Case(n_in, n_out, seed, tuple(kwargs.items())))
        weights = np.stack([init(n_in, n_out, rng, **kwargs) for _ in range(networks)])
        norms2 = np.sum(g**2, axis=1)
        kurtosis = _mixed_kurtosis(kurtosis_w, g, norms2)
        g = np.einsum("rio,ro->ri", weights, g)
        y = g / np.sqrt(norms2)[:, None]
        verify(_weight_test(scheme, y, variance, kurtosis, DEPTH_LAYER_REL_ERROR, each),
               subject=f"{subject}, layer {layer} ({n_in} <- {n_out})", law=law)
        pooled.append((y**2 / variance).ravel())
        pooled_kurtosis.append(np.full(y.size, kurtosis))
        mean, err = _mean_and_2se(np.sum(g**2, axis=1) / n_in)
        observed.append(mean)
        errors.append(err)
        predicted.append(predicted[-1] * n_out * variance)
    z2 = np.concatenate(pooled)
    verify(_weight_test(scheme, np.sqrt(z2), 1.0, float(np.mean(np.concatenate(pooled_kurtosis))),
                        DEPTH_POOLED_REL_ERROR, each),
           subject=f"{subject}, pooled over all layers (y^2 / Var(w))", law=law)
    return DepthProfile(list(range(layers, -1, -1)), observed, predicted, errors)
