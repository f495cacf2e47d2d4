"""The registered checks of the initialization chapter (see :mod:`dlproofs.checks`).

Every initializer the chapter claims (an entry of :data:`SCHEMES`) gets its
own checks, named ``init.<scheme>.<law>``: the layout and randomness
(``(fan_in, fan_out)`` from ``rng`` alone), the variance, the zero mean, and
the range (uniform) or the untruncated tails (normal); ``init.variance_scaling``
checks the general rule's three modes; ``init.depth.*`` run deep stacks.  Each
has the one signature ``fn(impl, verify)`` and fails in the one format.  The
same checks run against ``impl`` (they must pass), against any ``--impl``
module, and against the known-wrong variants of ``tests/init/wrong.py``.

Every expected number comes from a claim's oracle
(:func:`dlproofs.oracles.oracle`: ``init.he.variance`` and so on), never from a
formula typed here.  Each statistical check goes through :mod:`dlproofs.stats`,
which sizes the sample from the false-alarm rate, the smallest error to
detect and the power; a check draws as many matrices from one generator as
that size needs.  Hypothesis draws the cases (fans, gain, slope, seed).

A *declared* distribution: an implementation whose normal initializers are
truncated normals rescaled to the stated variance (Keras, JAX) declares it as
``<name>.truncation = 2.0`` (in standard deviations); the tails check then
tests that law (:data:`TRUNCATED_TAIL`), not the untruncated normal's.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, partial

import numpy as np
from hypothesis import strategies as st
from scipy.stats import norm, truncnorm

from derivations import claim
from dlproofs import stats
from dlproofs.checks import check, examples
from dlproofs.oracles import oracle

Initializer = Callable[..., np.ndarray]
Verify = Callable[..., None]
check = partial(check, chapter="init")

#: The false-alarm rate of each check: the property tests make about 27
#: statistical assertions per hypothesis example (8 examples by default), so a
#: fifth of the per-assertion rate keeps the chapter's sum near 4e-6 of the
#: suite's 1e-4 budget, for ~10% more samples.
CHECK_ALPHA = stats.ALPHA / 5
#: The smallest relative error in Var(w) each variance check must detect.
#: Every known-wrong variant that the variance check must catch is off by at
#: least 25% on the cases ``cases(..., visible=True)`` draws (fan ratio >= 2,
#: gain**2 outside [0.49, 2.1], slope >= 0.5).
VARIANCE_REL_ERROR = 0.10
#: The smallest shift of the mean to detect, in standard deviations of w.
MEAN_ABS_ERROR_SD = 0.10
#: The smallest relative shortfall of a uniform bound that the range check detects.
BOUND_REL_ERROR = 0.01
#: The smallest change of P(|w| > 2 sd) to detect (0.0455 for an untruncated normal;
#: 0.035 for a normal truncated at 2 sd and rescaled to the same variance; 0 for U).
TAIL_ABS_ERROR = 0.01
#: Floating-point slack of the exact range check: a bound computed in another
#: order of operations may differ by a few units in the last place.
ULPS = 8 * np.finfo(np.float64).eps
#: The layout every initializer must keep (the dtype policy is the contract check init.float64).
LAYOUT = "w has shape (fan_in, fan_out) and is drawn from rng alone"
#: The standard deviation of N(0, 1) truncated to [-2, 2] (Keras's and JAX's 0.8796...).
TRUNCATED_SD = float(truncnorm(-2.0, 2.0).std())


# --------------------------------------------------------------- the schemes


@dataclass(frozen=True)
class Scheme:
    """What an initializer claims: its distribution and the claims that fix it.

    ``variance`` is the claim of Var(w); ``spread`` the claim of the uniform
    bound ``b`` or the normal standard deviation (``None``: it follows from the
    variance by ``init.uniform.variance``, Var = b^2/3, or
    ``init.normal.variance``, Var = sd^2); ``options`` maps the initializer's
    keyword arguments to the claims' symbol names; ``claims`` lists further
    claims the checks bear on.
    """

    name: str
    distribution: str  # "uniform" or "normal"
    variance: str
    spread: str | None
    options: tuple[tuple[str, str], ...] = ()
    claims: tuple[str, ...] = field(default=())

    @property
    def all_claims(self) -> tuple[str, ...]:
        ids = [self.variance] + ([self.spread] if self.spread else []) + list(self.claims)
        ids += (["init.uniform.variance", "init.uniform.kurtosis"]
                if self.distribution == "uniform" else ["init.normal.kurtosis"])
        if self.distribution == "normal" and not self.spread:
            ids.append("init.normal.variance")
        return tuple(dict.fromkeys(ids))


GAIN = (("gain", "gain"),)
SLOPE = (("negative_slope", "a"),)
SCHEMES: dict[str, Scheme] = {s.name: s for s in (
    Scheme("lecun_uniform", "uniform", "init.lecun.variance", "init.lecun.uniform_bound",
           claims=("init.lecun.uniform_variance",)),
    Scheme("lecun_normal", "normal", "init.lecun.variance", "init.lecun.normal_std",
           claims=("init.lecun.normal_variance",)),
    Scheme("xavier_uniform", "uniform", "init.xavier.variance", "init.xavier.uniform_bound",
           GAIN, claims=("init.xavier.uniform_variance",)),
    Scheme("xavier_normal", "normal", "init.xavier.variance", "init.xavier.normal_std",
           GAIN, claims=("init.xavier.normal_variance",)),
    Scheme("he_uniform", "uniform", "init.he.variance", "init.he.uniform_bound", SLOPE,
           claims=("init.he.uniform_variance",)),
    Scheme("he_normal", "normal", "init.he.variance", "init.he.normal_std", SLOPE,
           claims=("init.he.normal_variance",)),
    Scheme("torch_linear_default", "uniform", "init.torch_default.variance", None),
)}


@dataclass(frozen=True)
class Case:
    """One draw's parameters: the fans, the seed and the keyword options."""

    fan_in: int
    fan_out: int
    seed: int
    options: tuple[tuple[str, float], ...] = ()

    @property
    def kwargs(self) -> dict[str, float]:
        return dict(self.options)

    def __str__(self) -> str:
        opts = "".join(f", {k}={v:.4g}" for k, v in self.options)
        return f"fan_in={self.fan_in}, fan_out={self.fan_out}{opts}, seed={self.seed}"


# ------------------------------------------------------ oracles (derivations)


def claim_value(claim_id: str, **values: float) -> float:
    """The claim's right side at ``values`` (extra keywords are ignored)."""
    return float(oracle(claim_id)(**values))


def claim_constant(claim_id: str) -> float:
    """A claim whose right side is a number (e.g. the uniform kurtosis 9/5)."""
    return float(oracle(claim_id)())


def _symbols(scheme: Scheme, case: Case) -> dict[str, float]:
    values = {"n_in": case.fan_in, "n_out": case.fan_out, "gain": 1.0, "a": 0.0}
    kwargs = case.kwargs
    for keyword, symbol in scheme.options:
        if keyword in kwargs:
            values[symbol] = kwargs[keyword]
    return values


def expected_variance(scheme: Scheme, case: Case) -> float:
    return claim_value(scheme.variance, **_symbols(scheme, case))


def expected_bound(scheme: Scheme, case: Case) -> float:
    """The uniform bound b: the scheme's bound claim, or b with b^2/3 = Var(w)."""
    if scheme.spread:
        return claim_value(scheme.spread, **_symbols(scheme, case))
    # init.uniform.variance: Var(U(-b, b)) = b^2 Var(U(-1, 1)); solve for b.
    return math.sqrt(expected_variance(scheme, case) / claim_value("init.uniform.variance", b=1))


def expected_std(scheme: Scheme, case: Case) -> float:
    """The normal standard deviation: the scheme's std claim, or sd with sd^2 = Var(w)."""
    if scheme.spread:
        return claim_value(scheme.spread, **_symbols(scheme, case))
    # init.normal.variance: Var(N(0, sd^2)) = sd^2 Var(N(0, 1)); solve for sd.
    return math.sqrt(expected_variance(scheme, case)
                     / claim_value("init.normal.variance", sigma=1))


# ------------------------------------------------------------------ asserting


def subject_of(init: Initializer) -> str:
    return getattr(init, "__name__", repr(init))


def assert_outcome(outcome, *, subject: str, law: str) -> None:
    """Assert an outcome without recording it (the ``verify`` fixture records)."""
    if not outcome.passed:
        raise AssertionError(f"{subject}: violates {law}. {outcome.describe()}")


@dataclass(frozen=True)
class Exact:
    """The outcome of a check without sampling error (no false-alarm rate)."""

    method: str
    passed: bool
    detail: str

    def describe(self) -> str:
        return f"{self.method}: {self.detail}"


# ------------------------------------------------------------------- drawing


@cache
def _n_variance(distribution: str, kurtosis: float, rel_error: float, alpha: float) -> int:
    if distribution == "normal":
        return stats.chi2_variance_n(rel_error, alpha)
    return stats.fourth_moment_variance_n(kurtosis, rel_error, alpha)


@cache
def _n_binomial(p: float, abs_error: float, alpha: float) -> int:
    return stats.binomial_n(p, abs_error, alpha)


def draw(init: Initializer, case: Case, n_required: int,
         verify: Verify = None) -> np.ndarray:
    """Entries of matrices drawn by ``init`` from one generator, at least ``n_required``.

    Each matrix must have shape ``(fan_in, fan_out)`` (else the layout law is
    violated); its values are read as float64 (the dtype is the contract's).
    """
    rng = np.random.default_rng(case.seed)
    parts, n = [], 0
    shape = (case.fan_in, case.fan_out)
    while n < n_required:
        w = init(case.fan_in, case.fan_out, rng, **case.kwargs)
        if np.shape(w) != shape:
            (verify or assert_outcome)(
                Exact("the layout (fan_in, fan_out)", False,
                      f"expected shape {shape}, got {type(w).__name__} of shape {np.shape(w)}"),
                subject=str(case), law=LAYOUT)
        w = np.asarray(w, dtype=np.float64)
        parts.append(w.ravel())
        n += w.size
    return np.concatenate(parts)


# -------------------------------------------------------------------- checks


def law_layout(scheme: Scheme) -> str:
    return LAYOUT


def law_variance(scheme: Scheme) -> str:
    return f"Var(w) = {claim(scheme.variance).rhs} ({scheme.variance})"


def law_mean(scheme: Scheme) -> str:
    return "E[w] = 0 (zero-mean weights)"


def law_range(scheme: Scheme) -> str:
    source = scheme.spread or f"{scheme.variance} with init.uniform.variance"
    return f"w ~ U(-b, b): all |w| <= b and min, max reach -b, b ({source})"


def law_tails(scheme: Scheme) -> str:
    return (f"w ~ N(0, sd^2) untruncated, or the truncated normal it declares: P(|w| > 2 sd) "
            f"as that law gives ({scheme.spread})")


def truncation(init: Initializer) -> float | None:
    """The truncation (in standard deviations of the underlying normal) an initializer declares
    with an attribute ``truncation``; ``None``: an untruncated normal."""
    c = getattr(init, "truncation", None)
    return float(c) if c is not None else None


def verify_variance(init: Initializer, scheme: Scheme, case: Case, *,
                   verify: Verify = assert_outcome, rel_error: float = VARIANCE_REL_ERROR,
                   alpha: float | None = None) -> None:
    """The sample second moment about 0 matches the claimed Var(w).

    Normal weights: the exact chi-square test.  Uniform weights: the
    fourth-moment test with the uniform kurtosis 9/5 of ``init.uniform.kurtosis``.
    (That each scheme's bound or std gives its variance claim is a property of
    the derivations, tested in tests/init/test_derivations.py.)
    """
    alpha = CHECK_ALPHA if alpha is None else alpha
    variance = expected_variance(scheme, case)
    subject, law = str(case), law_variance(scheme)
    if scheme.distribution == "normal" and truncation(init) is None:
        x = draw(init, case, verify=verify, n_required=_n_variance("normal", 3.0, rel_error, alpha))
        outcome = stats.chi2_variance_test(x, variance, rel_error=rel_error, alpha=alpha)
    else:
        uniform = scheme.distribution == "uniform"
        kurtosis = (claim_constant("init.uniform.kurtosis") if uniform
                    else _truncated_kurtosis(truncation(init)))
        n_required = _n_variance("uniform", kurtosis, rel_error, alpha)  # fourth-moment test
        x = draw(init, case, verify=verify, n_required=n_required)
        outcome = stats.fourth_moment_variance_test(x, variance, kurtosis=kurtosis,
                                                    rel_error=rel_error, alpha=alpha)
    verify(outcome, subject=subject, law=law)


def verify_mean_zero(init: Initializer, scheme: Scheme, case: Case, *,
                    verify: Verify = assert_outcome, alpha: float | None = None) -> None:
    """The sample mean is 0 within the band of an exact (normal) or Hoeffding (uniform) test."""
    alpha = CHECK_ALPHA if alpha is None else alpha
    subject, law = str(case), law_mean(scheme)
    sd = math.sqrt(expected_variance(scheme, case))
    abs_error = MEAN_ABS_ERROR_SD * sd
    if scheme.distribution == "normal" and truncation(init) is None:
        z_a, z_b = norm.isf(alpha / 2), norm.isf(1 - stats.POWER)
        n_req = math.ceil(((z_a + z_b) / MEAN_ABS_ERROR_SD) ** 2)
        x = draw(init, case, verify=verify, n_required=n_req)
        outcome = stats.gaussian_mean_test(x, 0.0, sd, abs_error=abs_error, alpha=alpha)
    else:  # bounded: uniform in [-b, b], or a declared truncated normal
        b = (expected_bound(scheme, case) if scheme.distribution == "uniform"
             else truncation(init) * sd / _truncated_sd(truncation(init)))
        x = draw(init, case, verify=verify, n_required=stats.hoeffding_n(2 * b, abs_error, alpha))
        if np.abs(x).max() > b * (1 + ULPS):
            # Hoeffding's bound needs the data inside [-b, b]; outside, the mean is untestable
            verify(Exact("Hoeffding test of the mean needs |w| <= b", False,
                         f"max |w| = {np.abs(x).max():.6g} > b = {b:.6g}"),
                   subject=subject, law=law)
        outcome = stats.hoeffding_mean_test(x, 0.0, low=-b * (1 + ULPS), high=b * (1 + ULPS),
                                            abs_error=abs_error, alpha=alpha)
    verify(outcome, subject=subject, law=law)


@dataclass(frozen=True)
class ReachOutcome:
    """Both extremes of n draws from U(-b, b) lie within ``delta * b`` of -b and b.

    P(max < b (1 - delta)) = (1 - delta/2)^n, and the same for the minimum, so
    ``delta = 2 (1 - (alpha/2)^(1/n))`` gives a false-alarm rate of at most
    ``alpha``.  A bound that is too small by ``min_effect >= delta`` can never
    be reached: the power is 1.
    """

    estimate: float  # min(max w, -min w) / b
    delta: float
    n: int
    n_required: int
    alpha: float
    min_effect: float
    power: float = 1.0
    method: str = "extremes of U(-b, b) (exact order-statistic band)"

    @property
    def passed(self) -> bool:
        return self.estimate >= 1 - self.delta

    def describe(self) -> str:
        return (f"{self.method}: min(max w, -min w)/b = {self.estimate:.6g}, must be >= "
                f"{1 - self.delta:.6g}; n={self.n} (needs {self.n_required} to detect a bound "
                f"{self.min_effect:.3g} too small with power 1 at alpha {self.alpha:.1e})")


def verify_uniform_range(init: Initializer, scheme: Scheme, case: Case, *,
                        verify: Verify = assert_outcome, alpha: float | None = None) -> None:
    """Every entry lies in [-b, b] (exact), and min and max come close to -b and b."""
    alpha = CHECK_ALPHA if alpha is None else alpha
    subject, law = str(case), law_range(scheme)
    b = expected_bound(scheme, case)
    n_req = math.ceil(math.log(alpha / 2) / math.log1p(-BOUND_REL_ERROR / 2))
    x = draw(init, case, verify=verify, n_required=n_req)
    top = float(np.abs(x).max())
    verify(Exact("containment in [-b, b] (exact, every entry)", top <= b * (1 + ULPS),
                 f"max |w| = {top!r}, b = {b!r}, n={x.size}"), subject=subject, law=law)
    delta = 2 * -math.expm1(math.log(alpha / 2) / x.size)
    reach = min(float(x.max()), float(-x.min())) / b
    verify(ReachOutcome(reach, delta, x.size, n_req, alpha, BOUND_REL_ERROR),
           subject=subject, law=law)


def verify_normal_tails(init: Initializer, scheme: Scheme, case: Case, *,
                        verify: Verify = assert_outcome, alpha: float | None = None) -> None:
    """The count of |w| > 2 sd is Binomial(n, 2 Phi(-2)): the normal is not truncated.

    For a declared truncation c (a normal truncated at c of its own standard
    deviations and rescaled to the stated variance, as Keras's), every |w| is at
    most c s (s = sd / sd(N(0, 1) truncated to [-c, c])) and the count follows
    that law's tail probability instead.
    """
    alpha = CHECK_ALPHA if alpha is None else alpha
    subject, law = str(case), law_tails(scheme)
    sd = expected_std(scheme, case)
    c = truncation(init)
    p = float(2 * norm.sf(2.0)) if c is None else _truncated_tail(c)
    x = draw(init, case, verify=verify, n_required=_n_binomial(p, TAIL_ABS_ERROR, alpha))
    if c is not None:
        top, limit = float(np.abs(x).max()), c * sd / _truncated_sd(c)
        verify(Exact(f"containment in the declared truncation at {c:g} sd (exact)",
                     top <= limit * (1 + ULPS), f"max |w| = {top!r}, limit {limit!r}"),
               subject=subject, law=law)
    count = int(np.count_nonzero(np.abs(x) > 2 * sd))
    verify(stats.binomial_test(count, x.size, p, abs_error=TAIL_ABS_ERROR, alpha=alpha),
           subject=subject, law=law)


@cache
def _truncated_sd(c: float) -> float:
    """The standard deviation of N(0, 1) truncated to [-c, c]."""
    return float(truncnorm(-c, c).std())


@cache
def _truncated_kurtosis(c: float) -> float:
    """The kurtosis E[z^4]/E[z^2]^2 of N(0, 1) truncated to [-c, c]."""
    return float(truncnorm(-c, c).stats(moments="k")) + 3.0


@cache
def _truncated_tail(c: float) -> float:
    """P(|w| > 2 sd) for the normal truncated at c and rescaled to standard deviation sd."""
    return float(2 * truncnorm(-c, c).sf(2.0 * _truncated_sd(c)))


def verify_layout(init: Initializer, scheme: Scheme, case: Case, *,
                   verify: Verify = assert_outcome) -> None:
    """Shape (fan_in, fan_out), drawn from ``rng`` alone: the same seed
    gives the same matrix, and consecutive draws from one generator differ."""
    subject, law = str(case), law_layout(scheme)
    first, second = (draw(init, case, 1, verify) for _ in range(2))  # draw() checks the shape
    same = bool(np.array_equal(first, second))
    verify(Exact("two generators with the same seed", same,
                 "identical matrices" if same else "different matrices: randomness that "
                 "does not come from rng"), subject=subject, law=law)
    rng = np.random.default_rng(case.seed)
    w1, w2 = (init(case.fan_in, case.fan_out, rng, **case.kwargs) for _ in range(2))
    fresh = not np.array_equal(np.asarray(w1), np.asarray(w2)) or not np.any(w1)
    verify(Exact("two consecutive draws from one generator", fresh,
                 "different matrices" if fresh else "identical matrices: rng is not advanced"),
           subject=subject, law=law)


def checks_for(scheme: Scheme) -> dict[str, Callable[..., None]]:
    """The laws that apply to a scheme, by name, with the function that verifies each."""
    out = {"layout": verify_layout, "variance": verify_variance, "mean": verify_mean_zero}
    if scheme.distribution == "uniform":
        out["range"] = verify_uniform_range
    else:
        out["tails"] = verify_normal_tails
    return out


LAWS = {"layout": law_layout, "variance": law_variance, "mean": law_mean,
        "range": law_range, "tails": law_tails}


# --------------------------------------------------------- hypothesis cases


@st.composite
def non_square_fans(draw_) -> tuple[int, int]:
    """(fan_in, fan_out) with one at least twice the other: a swap changes Var(w) >= 2x.

    The smaller fan is often 1..3, the larger from 24 up to 400.
    """
    small = draw_(st.one_of(st.integers(1, 3), st.integers(4, 160)))
    # at least 24 entries per matrix keeps the number of calls per check below ~1000
    large = draw_(st.integers(max(2 * small, 24), max(2 * small, 400)))
    return (small, large) if draw_(st.booleans()) else (large, small)


def gains(*, away_from_one: bool = False) -> st.SearchStrategy[float]:
    """Xavier gains; ``away_from_one``: gain**2 <= 0.49 or >= 2.1, so ignoring it is visible."""
    if away_from_one:
        return st.one_of(st.floats(0.25, 0.7), st.floats(1.45, 4.0))
    return st.floats(0.25, 4.0)


def slopes(*, away_from_zero: bool = False) -> st.SearchStrategy[float]:
    """Leaky-ReLU slopes a >= 0; ``away_from_zero``: a >= 0.5, so ignoring it is >= 25% off."""
    if away_from_zero:
        return st.floats(0.5, 3.0)
    return st.one_of(st.just(0.0), st.floats(0.0, 3.0))


@st.composite
def cases(draw_, scheme: Scheme, *, visible: bool = False) -> Case:
    """A Case for ``scheme``: non-square fans, a seed, and its options.

    ``visible`` keeps the options where every known-wrong variant is off by
    more than the checks' stated smallest error.
    """
    fan_in, fan_out = draw_(non_square_fans())
    seed = draw_(st.integers(0, 2**32 - 1))
    options = []
    for keyword, _ in scheme.options:
        strategy = (gains(away_from_one=visible) if keyword == "gain"
                    else slopes(away_from_zero=visible))
        options.append((keyword, draw_(strategy)))
    return Case(fan_in, fan_out, seed, tuple(options))



# ------------------------------------------------------- the registered checks


def _bound(verify, function: str):
    """The helpers' ``verify(outcome, subject=..., law=...)`` on a check's bound recorder."""
    def record(outcome, *, subject: str, law: str) -> None:
        verify(outcome, function=function, where=subject)
    return record


def _per_scheme_check(scheme: Scheme, law: str, helper: Callable[..., None]) -> None:
    claims = scheme.all_claims if law in ("variance", "tails", "range") else (scheme.variance,)

    def run(impl, verify) -> None:
        init = getattr(impl, scheme.name)

        def body(case):
            helper(init, scheme, case, verify=_bound(verify, scheme.name))

        examples(body, case=cases(scheme))

    run.__doc__ = helper.__doc__
    check(claims=claims, law=LAWS[law](scheme), functions=(scheme.name,),
          name=f"init.{scheme.name}.{law}")(run)


for _scheme in SCHEMES.values():
    for _law, _helper in checks_for(_scheme).items():
        _per_scheme_check(_scheme, _law, _helper)


def _variance_scaling_schemes() -> list[tuple[Scheme, str]]:
    """variance_scaling's modes, each with the claim that fixes its variance."""
    modes = {"fan_in": ("init.forward.condition", ()),
             "fan_out": ("init.backward.condition", ()),
             "fan_avg": ("init.xavier.variance", GAIN)}
    return [(Scheme(f"variance_scaling(mode={mode!r}, distribution={distribution!r})",
                    distribution, claim_id, None, options), mode)
            for mode, (claim_id, options) in modes.items()
            for distribution in ("uniform", "normal")]


def variance_scaling_rule(variance_scaling, mode: str, distribution: str) -> Initializer:
    """One mode of the general rule as an initializer with a gain (scale = gain^2)."""
    def init(fan_in, fan_out, rng, *, gain=1.0):
        return variance_scaling(fan_in, fan_out, rng, scale=gain**2, mode=mode,
                                distribution=distribution)

    init.__name__ = f"variance_scaling(mode={mode!r}, distribution={distribution!r})"
    init.truncation = getattr(variance_scaling, "truncation", None)
    return init


@check(claims=("init.forward.condition", "init.backward.condition", "init.xavier.variance"),
       law="variance_scaling(scale, mode) has Var(w) = scale/fan_in, scale/fan_out or "
           "2 scale/(fan_in + fan_out)", functions=("variance_scaling",))
def check_variance_scaling(impl, verify) -> None:
    """Each mode of the general rule meets the forward, backward or average condition."""
    def runner(scheme: Scheme, init: Initializer):
        def body(case):
            verify_variance(init, scheme, case, verify=_bound(verify, "variance_scaling"))
        return body

    for scheme, mode in _variance_scaling_schemes():
        init = variance_scaling_rule(impl.variance_scaling, mode, scheme.distribution)
        examples(runner(scheme, init), case=cases(scheme))


@check(claims=("init.normal.variance",), kind="contract", law="every initializer returns float64",
       functions=(*SCHEMES, "variance_scaling"))
def check_float64(impl, verify) -> None:
    """The reference's dtype policy: float64 weights."""
    rng = np.random.default_rng(0)
    for name in SCHEMES:
        w = getattr(impl, name)(3, 5, rng)
        if getattr(w, "dtype", None) != np.float64:
            verify.fail(name, f"dtype {getattr(w, 'dtype', type(w).__name__)}")
    w = impl.variance_scaling(3, 5, rng, scale=1.0, mode="fan_in", distribution="normal")
    if getattr(w, "dtype", None) != np.float64:
        verify.fail("variance_scaling", f"dtype {getattr(w, 'dtype', type(w).__name__)}")


# ------------------------------------------------------------- the contract

#: The named initializers (the contract tables run them all, and the general rule).
NAMED = ("lecun_uniform", "lecun_normal", "xavier_uniform", "xavier_normal", "he_uniform",
         "he_normal", "torch_linear_default")
RULE = {"scale": 1.0, "mode": "fan_in", "distribution": "normal"}  # variance_scaling's keywords
OPTIONS = {"xavier_uniform": ("gain",), "xavier_normal": ("gain",),
           "he_uniform": ("negative_slope",), "he_normal": ("negative_slope",),
           "variance_scaling": tuple(RULE)}

POSITIVE_INT = "positive integer"
GENERATOR = "numpy.random.Generator"
NONNEG = ">= 0"
ONE_OF = "one of"

BAD_FAN = [  # (label, value, exception, what the message must say is valid)
    ("zero", 0, ValueError, POSITIVE_INT),
    ("negative", -3, ValueError, POSITIVE_INT),
    ("fraction", 2.5, TypeError, POSITIVE_INT),
    ("integral-float", 4.0, TypeError, POSITIVE_INT),
    ("numpy-float", np.float64(4.0), TypeError, POSITIVE_INT),
    ("string", "8", TypeError, POSITIVE_INT),
    ("bool", True, TypeError, POSITIVE_INT),
    ("numpy-bool", np.bool_(True), TypeError, POSITIVE_INT),
    ("none", None, TypeError, POSITIVE_INT),
]
BAD_RNG = [
    ("none", None), ("int-seed", 0), ("big-seed", 12345), ("string", "rng"),
    ("RandomState", np.random.RandomState(0)), ("numpy.random-module", np.random),
    ("SeedSequence", np.random.SeedSequence(0)), ("bit-generator", np.random.PCG64(0)),
]
BAD_NONNEG = [  # gain, negative_slope, scale
    ("negative", -1.0, ValueError), ("nan", math.nan, ValueError), ("inf", math.inf, ValueError),
    ("minus-inf", -math.inf, ValueError), ("string", "1", TypeError), ("bool", True, TypeError),
    ("none", None, TypeError), ("complex", 1j, TypeError), ("array", np.ones(2), TypeError),
]
BAD_CHOICE = {
    "mode": [("unknown", "fan_sum", ValueError), ("upper-case", "FAN_IN", ValueError),
             ("none", None, TypeError), ("int", 1, TypeError)],
    "distribution": [("truncated", "truncated_normal", ValueError),
                     ("synonym", "gaussian", ValueError), ("none", None, TypeError)],
}


def _call_args(name: str) -> dict:
    args = {"fan_in": 8, "fan_out": 4, "rng": np.random.default_rng(0)}
    return args | (RULE if name == "variance_scaling" else {})


def bad_argument_rows():
    """(function, argument, bad value, exception, what the reference's message says is valid)"""
    for name in (*NAMED, "variance_scaling"):
        for arg in ("fan_in", "fan_out"):
            for label, value, exc, hint in BAD_FAN:
                yield name, arg, value, exc, hint, f"{name}-{arg}-{label}"
        for label, value in BAD_RNG:
            yield name, "rng", value, TypeError, GENERATOR, f"{name}-rng-{label}"
        for arg in OPTIONS.get(name, ()):
            if arg in BAD_CHOICE:
                for label, value, exc in BAD_CHOICE[arg]:
                    yield name, arg, value, exc, ONE_OF, f"{name}-{arg}-{label}"
            else:
                for label, value, exc in BAD_NONNEG:
                    yield name, arg, value, exc, NONNEG, f"{name}-{arg}-{label}"
    for name in ("xavier_uniform", "xavier_normal"):
        yield name, "gain", 1e200, ValueError, "finite", f"{name}-gain-square-overflows"



@check(claims=("init.he.variance",), kind="contract",
       law="a bad argument raises TypeError (wrong kind) or ValueError (out of range) naming it",
       functions=(*NAMED, "variance_scaling"))
def check_bad_arguments(impl, verify) -> None:
    """Every initializer refuses each bad fan, rng and option with the right exception type and
    a message that names the argument (the wording is the implementation's own)."""
    for name, arg, value, exc, _, _ in bad_argument_rows():
        function = getattr(impl, name)
        args = _call_args(name) | {arg: value}
        verify.refuses(name, lambda f=function, a=args: f(**a), argument=arg, error=exc)


# ------------------------------------------------------------- deep stacks

DEPTH_LAW = ("Var(h_l) = n_in Var(w) c_f Var(h_(l-1)) at every layer of a deep stack "
             "(weight variance per layer, symmetric signs, activation factor c_f)")
BACKWARD_DEPTH_LAW = "Var(g_(l-1)) = n_out Var(w) Var(g_l) at every layer, backward"
BACKWARD_LABELS = {"title": "Gradient variance across depth, backward through linear layers",
                   "xlabel": "layers back from the output",
                   "ylabel": "mean ||g_l||^2 / n_l  (output gradient variance 1)"}


def _depth_check(name: str, activation: str, slope: float, named: tuple[str, ...],
                 seed: int) -> None:
    from tests.init import depth

    def run(impl, verify) -> None:
        scheme = SCHEMES[name]
        profile = depth.depth_run(getattr(impl, name), scheme, activation, widths=depth.WIDTHS,
                                  seed=seed, a=slope,
                                  verify=_bound(verify, name))
        verify.note(figure="init.depth", series=f"{name}/{activation}", x=profile.x,
                    y=profile.y, yerr=profile.yerr, predicted=profile.predicted, yscale="log",
                    title="Activation variance across depth (20 non-square layers)",
                    xlabel="layer l", ylabel="mean ||h_l||^2 / n_l  (input variance 1)")

    run.__doc__ = depth.depth_run.__doc__
    check(claims=depth.pair_claims(name, activation, named), law=DEPTH_LAW, functions=(name,),
          name=f"init.depth.{name}.{activation}")(run)


def _register_depth() -> None:
    from tests.init import depth

    for seed, (name, activation, slope, named) in enumerate(depth.PAIRS):
        _depth_check(name, activation, slope, named, 1000 + seed)


_register_depth()

#: The backward rule tested at depth: variance_scaling's fan_out mode (normal weights).
FAN_OUT_RULE = Scheme("variance_scaling_fan_out_normal", "normal", "init.backward.condition", None)


@check(claims=("init.backward.condition", "init.sum.variance", "init.normal.variance",
               "init.normal.kurtosis"),
       law=BACKWARD_DEPTH_LAW, functions=("variance_scaling",), name="init.depth.backward.fan_out")
def check_fan_out_scaling_keeps_the_gradient_variance(impl, verify) -> None:
    """variance_scaling(mode='fan_out') keeps the gradient variance constant at every layer."""
    from tests.init import depth

    init = variance_scaling_rule(impl.variance_scaling, "fan_out", "normal")
    profile = depth.backward_depth_run(init, FAN_OUT_RULE, widths=depth.WIDTHS, seed=2000,
                                       verify=_bound(verify, "variance_scaling"))
    verify.note(figure="init.depth.backward", series="variance_scaling(fan_out)/identity",
                x=profile.x, y=profile.y, yerr=profile.yerr, predicted=profile.predicted,
                **BACKWARD_LABELS)


@check(claims=("init.xavier.variance", "init.sum.variance", *SCHEMES["xavier_normal"].all_claims),
       law=BACKWARD_DEPTH_LAW, functions=("xavier_normal",), name="init.depth.backward.xavier")
def check_xavier_gradient_variance(impl, verify) -> None:
    """Xavier's gradient variance follows the backward factor n_out Var(w) at every layer."""
    from tests.init import depth

    profile = depth.backward_depth_run(impl.xavier_normal, SCHEMES["xavier_normal"],
                                       widths=depth.WIDTHS, seed=2001,
                                       verify=_bound(verify, "xavier_normal"))
    verify.note(figure="init.depth.backward", series="xavier_normal/identity", x=profile.x,
                y=profile.y, yerr=profile.yerr, predicted=profile.predicted, **BACKWARD_LABELS)
