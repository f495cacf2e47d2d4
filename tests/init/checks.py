"""Checks of weight initializers against the initialization chapter's claims.

In the style of scikit-learn's ``estimator_checks``: every check takes the
function under test (anything with the signature ``(fan_in, fan_out, rng,
**options) -> ndarray``), the scheme it claims to implement (an entry of
:data:`SCHEMES`) and a :class:`Case`; it raises :class:`AssertionError` naming
the function and the broken law.  The same checks run against the project's
``impl`` (they must pass) and against the known-wrong variants in
``tests/wrong_init.py`` (each must be rejected by the checks listed for it).

Every expected number comes from a claim's oracle in :mod:`derivations`
(``claim("init.he.variance").oracle()`` and so on), never from a formula typed
here.  Each statistical check goes through :mod:`dlproofs.stats`, which sizes the
sample from the false-alarm rate, the smallest error to detect and the power;
a check draws as many matrices from one generator as that size needs.

Checks take a ``verify`` callable (the ``verify`` fixture, which also records
the outcome for the report); the default :func:`assert_outcome` only asserts,
for runs against the wrong variants, whose failures are not evidence.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

import numpy as np
from hypothesis import strategies as st
from scipy.stats import norm

from derivations import claim
from dlproofs import stats

Initializer = Callable[..., np.ndarray]
Verify = Callable[..., None]

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
#: The implementation contract every initializer must keep.
CONTRACT = "the contract: a float64 array of shape (fan_in, fan_out) drawn from rng alone"


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


@cache
def _oracle(claim_id: str):
    c = claim(claim_id)
    return c.oracle(), tuple(str(p) for p in c.parameters)


def claim_value(claim_id: str, **values: float) -> float:
    """The claim's rhs evaluated at ``values`` (extra keywords are ignored)."""
    fn, names = _oracle(claim_id)
    missing = [n for n in names if n not in values]
    if missing:
        raise KeyError(f"{claim_id} needs {missing}; got {sorted(values)}")
    return float(fn(**{n: values[n] for n in names}))


def claim_constant(claim_id: str) -> float:
    """A claim whose rhs is a number (e.g. the uniform kurtosis 9/5)."""
    return float(claim(claim_id).rhs)


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


def draw(init: Initializer, case: Case, n_required: int) -> np.ndarray:
    """Entries of matrices drawn by ``init`` from one generator, at least ``n_required``.

    Each matrix must have shape ``(fan_in, fan_out)`` and dtype float64.
    """
    rng = np.random.default_rng(case.seed)
    parts, n = [], 0
    while n < n_required:
        w = init(case.fan_in, case.fan_out, rng, **case.kwargs)
        shape = (case.fan_in, case.fan_out)
        if not isinstance(w, np.ndarray) or w.shape != shape or w.dtype != np.float64:
            got = (f"{type(w).__name__} of shape {getattr(w, 'shape', None)}, "
                   f"dtype {getattr(w, 'dtype', None)}")
            raise AssertionError(f"{subject_of(init)} ({case}): violates {CONTRACT}. "
                                 f"Expected shape {shape}, float64; got {got}")
        parts.append(w.ravel())
        n += w.size
    return np.concatenate(parts)


# -------------------------------------------------------------------- checks


def law_contract(scheme: Scheme) -> str:
    return CONTRACT


def law_variance(scheme: Scheme) -> str:
    return f"Var(w) = {claim(scheme.variance).rhs} ({scheme.variance})"


def law_mean(scheme: Scheme) -> str:
    return "E[w] = 0 (zero-mean weights)"


def law_range(scheme: Scheme) -> str:
    source = scheme.spread or f"{scheme.variance} with init.uniform.variance"
    return f"w ~ U(-b, b): all |w| <= b and min, max reach -b, b ({source})"


def law_tails(scheme: Scheme) -> str:
    return f"w ~ N(0, sd^2) untruncated: P(|w| > 2 sd) = 2 Phi(-2) ({scheme.spread})"


def check_variance(init: Initializer, scheme: Scheme, case: Case, *,
                   verify: Verify = assert_outcome, rel_error: float = VARIANCE_REL_ERROR,
                   alpha: float | None = None) -> None:
    """The sample second moment about 0 matches the claimed Var(w).

    Normal weights: the exact chi-square test.  Uniform weights: the
    fourth-moment test with the uniform kurtosis 9/5 of ``init.uniform.kurtosis``.
    (That each scheme's bound or std gives its variance claim is a property of
    the derivations, tested in tests/test_init_derivations.py.)
    """
    alpha = CHECK_ALPHA if alpha is None else alpha
    variance = expected_variance(scheme, case)
    subject, law = f"{subject_of(init)} ({case})", law_variance(scheme)
    if scheme.distribution == "normal":
        x = draw(init, case, _n_variance("normal", 3.0, rel_error, alpha))
        outcome = stats.chi2_variance_test(x, variance, rel_error=rel_error, alpha=alpha)
    else:
        kurtosis = claim_constant("init.uniform.kurtosis")
        x = draw(init, case, _n_variance("uniform", kurtosis, rel_error, alpha))
        outcome = stats.fourth_moment_variance_test(x, variance, kurtosis=kurtosis,
                                                    rel_error=rel_error, alpha=alpha)
    verify(outcome, subject=subject, law=law)


def check_mean_zero(init: Initializer, scheme: Scheme, case: Case, *,
                    verify: Verify = assert_outcome, alpha: float | None = None) -> None:
    """The sample mean is 0 within the band of an exact (normal) or Hoeffding (uniform) test."""
    alpha = CHECK_ALPHA if alpha is None else alpha
    subject, law = f"{subject_of(init)} ({case})", law_mean(scheme)
    sd = math.sqrt(expected_variance(scheme, case))
    abs_error = MEAN_ABS_ERROR_SD * sd
    if scheme.distribution == "normal":
        z_a, z_b = norm.isf(alpha / 2), norm.isf(1 - stats.POWER)
        n_req = math.ceil(((z_a + z_b) / MEAN_ABS_ERROR_SD) ** 2)
        x = draw(init, case, n_req)
        outcome = stats.gaussian_mean_test(x, 0.0, sd, abs_error=abs_error, alpha=alpha)
    else:
        b = expected_bound(scheme, case)
        x = draw(init, case, stats.hoeffding_n(2 * b, abs_error, alpha))
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


def check_uniform_range(init: Initializer, scheme: Scheme, case: Case, *,
                        verify: Verify = assert_outcome, alpha: float | None = None) -> None:
    """Every entry lies in [-b, b] (exact), and min and max come close to -b and b."""
    alpha = CHECK_ALPHA if alpha is None else alpha
    subject, law = f"{subject_of(init)} ({case})", law_range(scheme)
    b = expected_bound(scheme, case)
    n_req = math.ceil(math.log(alpha / 2) / math.log1p(-BOUND_REL_ERROR / 2))
    x = draw(init, case, n_req)
    top = float(np.abs(x).max())
    verify(Exact("containment in [-b, b] (exact, every entry)", top <= b * (1 + ULPS),
                 f"max |w| = {top!r}, b = {b!r}, n={x.size}"), subject=subject, law=law)
    delta = 2 * -math.expm1(math.log(alpha / 2) / x.size)
    reach = min(float(x.max()), float(-x.min())) / b
    verify(ReachOutcome(reach, delta, x.size, n_req, alpha, BOUND_REL_ERROR),
           subject=subject, law=law)


def check_normal_tails(init: Initializer, scheme: Scheme, case: Case, *,
                       verify: Verify = assert_outcome, alpha: float | None = None) -> None:
    """The count of |w| > 2 sd is Binomial(n, 2 Phi(-2)): the normal is not truncated."""
    alpha = CHECK_ALPHA if alpha is None else alpha
    subject, law = f"{subject_of(init)} ({case})", law_tails(scheme)
    sd = expected_std(scheme, case)
    p = float(2 * norm.sf(2.0))
    x = draw(init, case, _n_binomial(p, TAIL_ABS_ERROR, alpha))
    count = int(np.count_nonzero(np.abs(x) > 2 * sd))
    verify(stats.binomial_test(count, x.size, p, abs_error=TAIL_ABS_ERROR, alpha=alpha),
           subject=subject, law=law)


def check_contract(init: Initializer, scheme: Scheme, case: Case, *,
                   verify: Verify = assert_outcome) -> None:
    """float64 of shape (fan_in, fan_out), drawn from ``rng`` alone: the same seed
    gives the same matrix, and consecutive draws from one generator differ."""
    subject, law = f"{subject_of(init)} ({case})", law_contract(scheme)
    first, second = (draw(init, case, 1) for _ in range(2))  # draw() checks shape and dtype
    same = bool(np.array_equal(first, second))
    verify(Exact("two generators with the same seed", same,
                 "identical matrices" if same else "different matrices: randomness that "
                 "does not come from rng"), subject=subject, law=law)
    rng = np.random.default_rng(case.seed)
    w1, w2 = (init(case.fan_in, case.fan_out, rng, **case.kwargs) for _ in range(2))
    fresh = not np.array_equal(w1, w2) or not np.any(w1)
    verify(Exact("two consecutive draws from one generator", fresh,
                 "different matrices" if fresh else "identical matrices: rng is not advanced"),
           subject=subject, law=law)


def checks_for(scheme: Scheme) -> dict[str, Callable[..., None]]:
    """The checks that apply to a scheme, by name."""
    out = {"contract": check_contract, "variance": check_variance, "mean": check_mean_zero}
    if scheme.distribution == "uniform":
        out["range"] = check_uniform_range
    else:
        out["tails"] = check_normal_tails
    return out


LAWS = {"contract": law_contract, "variance": law_variance, "mean": law_mean,
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

