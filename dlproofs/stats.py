"""Statistical tests sized by false-alarm rate and power.

Every Monte Carlo assertion in the suite goes through one of these tests.
Each one

* declares its false-alarm rate ``alpha`` (the suite's budget split
  Bonferroni: :data:`ALPHA` per assertion, counted by the evidence plugin),
* declares the smallest relative error it must detect and the power with
  which it must detect it (:data:`POWER`),
* derives the sample size that this takes (``n_required``) and refuses to
  run on fewer samples (:class:`DesignError`), so a smaller shape cannot
  silently remove power,
* returns an :class:`Outcome` with the estimate and the acceptance band, which
  the ``verify`` fixture asserts and records for the report.

The tests are exact where an exact test exists: a Gaussian variance by the
chi-square law, counts by the binomial law, bounded data by Hoeffding's
inequality.  A non-Gaussian variance uses the fourth moment of the
distribution (derived in SymPy by the chapter that makes the claim).
"""

from __future__ import annotations

import functools as _functools
import math
import os
from dataclasses import dataclass, field

import numpy as np

#: The false-alarm rate of one statistical assertion.  The suite budget is
#: ``SUITE_ALPHA``; the evidence plugin counts assertions and fails the run if
#: their summed rates exceed it (Bonferroni).
ALPHA = float(os.environ.get("DLPROOFS_ALPHA", 1e-7))
SUITE_ALPHA = 1e-4
#: The power with which each test must detect its stated smallest error.
POWER = 0.99


def _scipy_stats():
    """``scipy.stats``, imported on first use (a second of import): a process that only
    reads :data:`SUITE_ALPHA` -- the pytest-xdist controller printing the run's summary
    after every worker has finished -- does not wait for it."""
    from scipy import stats

    return stats


class DesignError(AssertionError):
    """A statistical test asked to run on fewer samples than its power needs."""


@dataclass(frozen=True)
class Outcome:
    """The result of one statistical test, as the report shows it."""

    method: str
    estimate: float
    expected: float
    lower: float
    upper: float
    n: int
    n_required: int
    alpha: float
    power: float
    min_effect: float  # the smallest relative error detected with `power`
    extra: dict = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return bool(self.lower <= self.estimate <= self.upper)

    def describe(self) -> str:
        return (
            f"{self.method}: estimate {self.estimate:.6g}, expected {self.expected:.6g}, "
            f"band [{self.lower:.6g}, {self.upper:.6g}], n={self.n} "
            f"(needs {self.n_required} to detect {self.min_effect:.3g} relative error "
            f"with power {self.power} at alpha {self.alpha:.1e})"
        )


def _require(n: int, n_required: int, method: str) -> None:
    if n < n_required:
        raise DesignError(
            f"{method}: n={n} samples, but detecting the stated error with the stated "
            f"power at the stated alpha needs n >= {n_required}"
        )


def _smallest_n(power_at) -> int:
    """The smallest n (searched on a log scale) at which ``power_at(n) >= POWER``."""
    lo, hi = 2, 4
    while power_at(hi) < POWER:
        lo, hi = hi, hi * 2
        if hi > 10**10:
            raise ValueError("no practical sample size reaches the requested power")
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if power_at(mid) >= POWER:
            hi = mid
        else:
            lo = mid
    return hi


# ----------------------------------------------------------------- variance


def chi2_variance_n(rel_error: float, alpha: float = ALPHA, power: float = POWER) -> int:
    """Samples for the chi-square test to detect ``variance * (1 ± rel_error)``."""

    chi2 = _scipy_stats().chi2

    def power_at(n):
        lo, hi = chi2.ppf(alpha / 2, n), chi2.isf(alpha / 2, n)
        up = chi2.sf(hi / (1 + rel_error), n) + chi2.cdf(lo / (1 + rel_error), n)
        down = chi2.sf(hi / (1 - rel_error), n) + chi2.cdf(lo / (1 - rel_error), n)
        return min(up, down)

    return _smallest_n(power_at)


def chi2_variance_test(
    x: np.ndarray, variance: float, *, mean: float = 0.0, rel_error: float,
    alpha: float = ALPHA, power: float = POWER,
) -> Outcome:
    """Exact test that Gaussian samples with known ``mean`` have ``variance``.

    ``sum((x - mean)**2) / variance`` is chi-square with ``n`` degrees of
    freedom; the band is its ``alpha/2`` and ``1 - alpha/2`` quantiles,
    reported as a band on the sample variance.
    """
    x = np.asarray(x, dtype=np.float64).ravel()
    n = x.size
    n_req = chi2_variance_n(rel_error, alpha, power)
    _require(n, n_req, "chi-square variance test")
    chi2 = _scipy_stats().chi2
    lo, hi = chi2.ppf(alpha / 2, n) / n, chi2.isf(alpha / 2, n) / n
    return Outcome("chi-square variance test (exact, Gaussian)", float(np.mean((x - mean) ** 2)),
                   variance, lo * variance, hi * variance, n, n_req, alpha, power, rel_error)


def fourth_moment_variance_n(kurtosis: float, rel_error: float, alpha: float = ALPHA,
                             power: float = POWER) -> int:
    """Samples for the fourth-moment test to detect ``variance * (1 ± rel_error)``.

    The mean of ``(x - mean)**2`` has variance ``sigma**4 (kurtosis - 1) / n``;
    under an alternative ``sigma**2 (1 + d)`` that spread scales by ``1 + d``.
    """
    norm = _scipy_stats().norm
    z_a, z_b = norm.isf(alpha / 2), norm.isf(1 - power)
    s = math.sqrt(kurtosis - 1)
    # the worst case is the alternative with the larger spread, 1 + rel_error
    return math.ceil(((z_a + z_b * (1 + rel_error)) * s / rel_error) ** 2)


def fourth_moment_variance_test(
    x: np.ndarray, variance: float, *, kurtosis: float, mean: float = 0.0, rel_error: float,
    alpha: float = ALPHA, power: float = POWER,
) -> Outcome:
    """Test of a non-Gaussian variance with the distribution's known kurtosis.

    The sample second moment about the known ``mean`` is a mean of i.i.d.
    terms with variance ``variance**2 * (kurtosis - 1)``; the band is the
    normal band of that mean.  Valid for distributions with light tails (the
    uniform distribution has kurtosis 9/5), where the central limit
    approximation at ``n >= n_required`` is accurate far into the tails.
    """
    x = np.asarray(x, dtype=np.float64).ravel()
    n = x.size
    n_req = fourth_moment_variance_n(kurtosis, rel_error, alpha, power)
    _require(n, n_req, "fourth-moment variance test")
    half = _scipy_stats().norm.isf(alpha / 2) * variance * math.sqrt((kurtosis - 1) / n)
    return Outcome("fourth-moment variance test (known kurtosis)", float(np.mean((x - mean) ** 2)),
                   variance, variance - half, variance + half, n, n_req, alpha, power, rel_error,
                   {"kurtosis": kurtosis})


# --------------------------------------------------------------------- mean


def gaussian_mean_test(
    x: np.ndarray, mean: float, sd: float, *, abs_error: float,
    alpha: float = ALPHA, power: float = POWER,
) -> Outcome:
    """Exact z-test that Gaussian samples of known ``sd`` have ``mean``.

    ``abs_error`` is the smallest shift of the mean to detect (in the units of
    ``x``); ``min_effect`` reports it relative to ``sd``.
    """
    x = np.asarray(x, dtype=np.float64).ravel()
    n = x.size
    norm = _scipy_stats().norm
    z_a, z_b = norm.isf(alpha / 2), norm.isf(1 - power)
    n_req = math.ceil(((z_a + z_b) * sd / abs_error) ** 2)
    _require(n, n_req, "Gaussian mean test")
    half = z_a * sd / math.sqrt(n)
    return Outcome("z-test of the mean (exact, Gaussian, known sd)", float(x.mean()), mean,
                   mean - half, mean + half, n, n_req, alpha, power, abs_error / sd)


def hoeffding_n(width: float, abs_error: float, alpha: float = ALPHA, power: float = POWER) -> int:
    """Samples for Hoeffding's test of a mean of data in an interval of ``width``."""
    # the band half-width t_a = width*sqrt(ln(2/alpha)/(2n)); a shift d is caught
    # with probability >= power when d >= t_a + width*sqrt(ln(1/(1-power))/(2n)).
    c = math.sqrt(math.log(2 / alpha) / 2) + math.sqrt(math.log(1 / (1 - power)) / 2)
    return math.ceil((c * width / abs_error) ** 2)


def hoeffding_mean_test(
    x: np.ndarray, mean: float, *, low: float, high: float, abs_error: float,
    alpha: float = ALPHA, power: float = POWER,
) -> Outcome:
    """Distribution-free test that data bounded in ``[low, high]`` have ``mean``."""
    x = np.asarray(x, dtype=np.float64).ravel()
    if x.size and (x.min() < low or x.max() > high):
        raise AssertionError(f"data outside the stated bounds [{low}, {high}]: "
                             f"[{x.min()}, {x.max()}]")
    n = x.size
    width = high - low
    n_req = hoeffding_n(width, abs_error, alpha, power)
    _require(n, n_req, "Hoeffding mean test")
    half = width * math.sqrt(math.log(2 / alpha) / (2 * n))
    return Outcome("Hoeffding test of the mean (distribution-free, bounded)", float(x.mean()),
                   mean, mean - half, mean + half, n, n_req, alpha, power,
                   abs_error / abs(mean) if mean else abs_error)


# ------------------------------------------------------------------- counts


def binomial_n(p: float, abs_error: float, alpha: float = ALPHA, power: float = POWER) -> int:
    """Trials for the exact binomial test to detect ``p ± abs_error``."""

    binom = _scipy_stats().binom

    def power_at(n):
        lo, hi = binom.ppf(alpha / 2, n, p) - 1, binom.isf(alpha / 2, n, p) + 1
        res = []
        for q in (p - abs_error, p + abs_error):
            if 0 <= q <= 1:
                res.append(binom.cdf(lo, n, q) + binom.sf(hi - 1, n, q))
        return min(res)

    return _smallest_n(power_at)


def binomial_test(
    successes: int, trials: int, p: float, *, abs_error: float,
    alpha: float = ALPHA, power: float = POWER,
) -> Outcome:
    """Exact binomial test that a count of ``successes`` in ``trials`` has rate ``p``.

    The band is the set of counts whose two-sided tail probabilities both
    exceed ``alpha/2``, reported as a band on the rate.
    """
    n_req = binomial_n(p, abs_error, alpha, power)
    _require(trials, n_req, "exact binomial test")
    binom = _scipy_stats().binom
    lo = binom.ppf(alpha / 2, trials, p)
    hi = binom.isf(alpha / 2, trials, p)
    return Outcome("exact binomial test", successes / trials, p, lo / trials, hi / trials,
                   trials, n_req, alpha, power, abs_error / p if p else abs_error)



# ------------------------------------------- weighted sums of chi-squares


def _chernoff_log_tail(coeffs: np.ndarray, dof: float, c: float, upper: bool) -> float:
    """log of the Chernoff bound on P(X >= c) (upper) or P(X <= c) for
    ``X = sum_t coeffs_t chi2_{dof,t} / dof`` with independent chi-squares.

    ``log E exp(s X) = -(dof/2) sum_t log(1 - 2 s coeffs_t / dof)`` for
    ``s < dof / (2 max coeffs)``; the bound is ``inf_s exp(-s c) E exp(s X)``
    (``s > 0`` for the upper tail, ``s < 0`` for the lower), an inequality,
    so the false-alarm rate it yields is never exceeded.
    """
    from scipy.optimize import minimize_scalar

    s_max = dof / (2 * coeffs.max())

    def log_bound(u):  # u in (0, 1) maps to s = +-u * scale
        s = u * s_max if upper else -u / (1 - u) * s_max
        return -s * c - 0.5 * dof * np.sum(np.log1p(-2 * s * coeffs / dof))

    best = minimize_scalar(log_bound, bounds=(1e-12, 1 - 1e-9), method="bounded",
                           options={"xatol": 1e-12})
    return float(min(best.fun, 0.0))


def _chernoff_band(coeffs: np.ndarray, dof: float, alpha: float) -> tuple[float, float]:
    """The band outside which each Chernoff tail bound is below alpha/2."""
    from scipy.optimize import brentq

    mean = float(coeffs.sum())
    sd = math.sqrt(2 * float(np.sum(coeffs**2)) / dof)
    target = math.log(alpha / 2)
    hi = brentq(lambda c: _chernoff_log_tail(coeffs, dof, c, True) - target,
                mean, mean + 60 * sd, xtol=1e-12 * mean)
    lo = brentq(lambda c: _chernoff_log_tail(coeffs, dof, c, False) - target,
                mean * 1e-9, mean, xtol=1e-12 * mean)
    return lo, hi


def chi2_mixture_n(coeffs, dof_per_replicate: int, rel_error: float, alpha: float = ALPHA,
                   power: float = POWER) -> int:
    """Replicates for :func:`chi2_mixture_test` to detect ``variance * (1 +- rel_error)``."""
    a = np.asarray(coeffs, dtype=np.float64)

    def power_at(r):
        dof = r * dof_per_replicate
        lo, hi = _chernoff_band(a, dof, alpha)
        # the chance that a scaled alternative lands inside the band, bounded by Chernoff
        miss_low = math.exp(_chernoff_log_tail(a * (1 - rel_error), dof, lo, True))
        miss_high = math.exp(_chernoff_log_tail(a * (1 + rel_error), dof, hi, False))
        return 1 - max(miss_low, miss_high)

    return _smallest_n(power_at)


def chi2_mixture_test(
    estimate: float, *, coeffs, dof_per_replicate: int, replicates: int, variance: float,
    offset: float = 0.0, rel_error: float, alpha: float = ALPHA, power: float = POWER,
) -> Outcome:
    """Test of a variance seen through a weighted sum of independent chi-squares.

    Under the null hypothesis ``estimate = offset + variance * sum_t coeffs_t
    chi2_{k,t} / k`` with ``k = replicates * dof_per_replicate`` -- for
    example the mean over ``replicates`` independent exponential moving
    averages of Gaussian sample variances, each with ``dof_per_replicate =
    m - 1`` degrees of freedom, weighted ``coeffs_t = alpha (1 - alpha)^(T-t)``.
    The band comes from Chernoff bounds on both tails, which hold exactly
    (an inequality, not an approximation); the power against ``variance * (1
    +- rel_error)`` is bounded the same way.  The exact variance of the
    estimate, ``2 variance^2 sum coeffs^2 / k``, is reported in ``extra``.
    """
    a = np.asarray(coeffs, dtype=np.float64)
    n_req = chi2_mixture_n(a, dof_per_replicate, rel_error, alpha, power)
    _require(replicates, n_req, "chi-square mixture test")
    dof = replicates * dof_per_replicate
    lo, hi = _chernoff_band(a, dof, alpha)
    exact_var = 2 * variance**2 * float(np.sum(a**2)) / dof
    return Outcome("Chernoff-bounded test of a weighted chi-square sum (exact bound, Gaussian)",
                   float(estimate), offset + variance * float(a.sum()), offset + variance * lo,
                   offset + variance * hi, replicates, n_req, alpha, power, rel_error,
                   {"sampling_variance": exact_var, "dof": dof})


# -------------------------------------------------------------- memoisation

# The sample-size searches are pure functions of their (hashable) arguments
# and each costs tens of scipy quantile calls (5-20 ms); a deep Monte Carlo
# asks for the same design at every layer.  The tests above look these names
# up at call time, so rebinding them memoises every use without changing a
# result.
chi2_variance_n = _functools.cache(chi2_variance_n)
binomial_n = _functools.cache(binomial_n)


# ------------------------------------------------------- two-valued samples


def two_point_mean_test(
    x: np.ndarray, mean: float, *, low: float, high: float, abs_error: float,
    alpha: float = ALPHA, power: float = POWER, rtol: float = 1e-12,
) -> Outcome:
    """Exact test of the mean of i.i.d. samples that take only the values ``low`` and ``high``.

    Such a sample mean is ``low + (high - low) K/n`` with ``K ~ Binomial(n,
    pi)`` and ``pi = (mean - low)/(high - low)``, so the exact binomial band
    on ``K`` is an exact band on the mean -- for any two-valued law, however
    skewed (a dropout output ``x/(1-p)`` or ``0``; its squared deviation from
    ``x``).  ``abs_error`` is the smallest shift of the mean to detect.  A
    sample outside ``{low, high}`` (beyond ``rtol`` of their scale) fails the
    test: the law under test is then not two-valued.
    """
    x = np.asarray(x, dtype=np.float64).ravel()
    n = x.size
    if not low < mean < high and not high < mean < low:
        raise ValueError(f"mean={mean} must lie strictly between low={low} and high={high}")
    tol = rtol * max(abs(low), abs(high))
    at_high = np.abs(x - high) <= tol
    at_low = np.abs(x - low) <= tol
    stray = int(n - np.count_nonzero(at_high | at_low))
    pi = (mean - low) / (high - low)
    n_req = binomial_n(pi, abs_error / abs(high - low), alpha, power)
    _require(n, n_req, "two-point exact binomial mean test")
    k = int(np.count_nonzero(at_high))
    binom = _scipy_stats().binom
    lo, hi = binom.ppf(alpha / 2, n, pi), binom.isf(alpha / 2, n, pi)
    band = sorted((low + (high - low) * lo / n, low + (high - low) * hi / n))
    estimate = low + (high - low) * k / n if stray == 0 else float("nan")
    return Outcome("exact binomial test of a two-valued mean", estimate, mean, band[0],
                   band[1], n, n_req, alpha, power, abs_error / abs(mean),
                   {"count_high": k, "values_outside_low_high": stray})
