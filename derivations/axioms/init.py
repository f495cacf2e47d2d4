"""The initialization chapter's axioms: variance, the uniform and normal densities,
the rectifiers, finite sums of products, and the telescoping product.

Each is trusted, not proved, and listed on every page that uses it; each has
false instances it must refuse in ``tests/kernel/``.  The symbols are the
chapter's (SymPy symbols are equal by name and assumptions).

>>> variance_definition.apply(Var_(U(-b, b)))
-E(U(-b, b))**2 + E(U(-b, b)**2)
>>> uniform_density.apply(E(U(-b, b) ** 2)).doit()
b**2/3
"""

from __future__ import annotations

import hashlib

import sympy as sp
from sympy.core.function import AppliedUndef

from ..kernel import KINKED_HEADS, LINEAR_GROWTH_HEADS, Axiom
from .expectation import MOMENT_HEADS, RANDOM_HEADS, E, Var, has_mean, is_random

__all__ = [
    "H", "L", "LeakyReLU", "N", "ReLU", "S", "S_double", "U", "V", "Var_", "double_sum", "ell",
    "h", "leaky_square", "normal_density", "relu_integral", "relu_square", "sides",
    "sum_expectation", "t", "telescope", "uniform_density", "variance_definition",
]

HE = ("K. He, X. Zhang, S. Ren, J. Sun. Delving Deep into Rectifiers. ICCV 2015, "
      "arXiv:1502.01852.")
PROB = "G. Grimmett, D. Stirzaker. Probability and Random Processes, 3rd ed."
t = sp.Symbol("t", real=True)  # integration variable
a = sp.Symbol("a", real=True, nonnegative=True)
b = sp.Symbol("b", positive=True)
n = sp.Symbol("n", integer=True, positive=True)
i, j = sp.symbols("i j", integer=True, positive=True)
L = sp.Symbol("L", integer=True, positive=True)
ell = sp.Symbol("l", integer=True, positive=True)
V = sp.IndexedBase("V", positive=True)  # V[l] = Var(h_l) > 0 (a layer that carries a signal)
Wi, Xi = sp.IndexedBase("w"), sp.IndexedBase("x")
x = sp.Symbol("x")
H = sp.Heaviside
ReLU = sp.Function("ReLU", real=True)
#: LeakyReLU(h, a) = h for h > 0 and a h for h <= 0 (any real a); max(h, a h) iff 0 <= a <= 1
LeakyReLU = sp.Function("LeakyReLU", real=True)
h = sp.Symbol("h", real=True)
KINKED_HEADS.update((ReLU, LeakyReLU))  # both have a kink at h = 0
LINEAR_GROWTH_HEADS.update((ReLU, LeakyReLU))  # |ReLU(h)| <= |h|; LeakyReLU: (1 + |a|) |h|

#: ``Var(X)`` left unevaluated (the report prints it as Var); its meaning is
#: the axiom :data:`variance_definition`.
Var_ = sp.Function("Var")
#: The uniform random variable on ``[lo, hi]``.
U = sp.Function("U")
#: The normal random variable ``N(mean, std)``.
N = sp.Function("N", real=True)
RANDOM_HEADS.update((U, N))
MOMENT_HEADS.add(Var_)


def _unfold_variance(expr: sp.Expr) -> sp.Expr:
    return expr.replace(lambda e: isinstance(e, Var_), lambda e: Var(e.args[0]))


variance_definition = Axiom(
    name="definition of variance",
    statement="Var(X) = E(X^2) - E(X)^2.",
    rule=_unfold_variance,
    reference=PROB + ", section 3.3 (the definition of variance).",
)


#: the heads whose growth :func:`_regular` reads (exp and powers by their exponent, log by its
#: argument) or that are bounded or grow at most linearly in their argument; any other head of
#: a draw is taken to have no mean (cosh(Z^2) passes no check of exp nodes)
_GROWTH_READ = (sp.exp, sp.log, sp.Abs, sp.sign, sp.Max, sp.Min, sp.floor, sp.ceiling,
                sp.Heaviside, sp.Piecewise, sp.sin, sp.cos, sp.tanh, sp.erf, sp.erfc)


def _regular(g: sp.Expr, rv: sp.Expr) -> bool:
    """Whether ``g`` has no pole, root or logarithm in ``rv`` and grows at most
    exponentially (no e^{Z^2}, no power whose base and exponent both vary with rv): then
    g(rv) is integrable against the densities here (bounded support, or Gaussian tails
    against at most exponential growth), and E g(rv) exists."""
    t = sp.Dummy("t", real=True)
    for node in sp.preorder_traversal(g):
        if isinstance(node, sp.Function) and not isinstance(node, AppliedUndef) and \
                node.has(rv) and not isinstance(node, (*_GROWTH_READ, *MOMENT_HEADS)):
            return False  # a head whose growth this check does not read: cosh(Z^2), gamma(Z)
            # (a moment is a number, and the walk reads its argument too)
        if isinstance(node, AppliedUndef) and node != rv and node.has(rv) and \
                node.func not in RANDOM_HEADS and node.func not in LINEAR_GROWTH_HEADS:
            return False  # f(Z), f any function: f(t) = e^(t^2) has no Gaussian mean
        # growth a binder hides is no node's: int_0^(Z^2) e^s ds is e^(Z^2) - 1, and
        # int_0^oo e^(s Z - s^2/4) ds grows like e^(Z^2); only a finite sum is a sum of nodes
        binder = isinstance(node, sp.Integral | sp.Limit | sp.Subs | sp.Derivative) or (
            isinstance(node, sp.Sum | sp.Product)
            and any(b.has(sp.oo, -sp.oo) for lim in node.limits for b in lim[1:]))
        if binder and node.has(rv):
            return False
        if isinstance(node, sp.Pow) and node.base.has(rv) and node.exp.has(rv):
            return False  # (e^Z)^Z, written unevaluated, is e^{Z^2}: its growth is no one node's
        if isinstance(node, sp.Pow) and node.base.has(rv) and not (
                node.exp.is_Integer and node.exp >= 0) and \
                node.base.xreplace({rv: t}).is_positive is not True:
            return False  # 1/Z; but 1/(1 + e^{-Z})^2 is bounded
        if isinstance(node, sp.Pow) and node.base.has(rv) and node.exp.is_nonnegative is not \
                True and not _bounded_away_from_zero(node.base.xreplace({rv: t}), t):
            return False  # 1/e^{-Z^2} is e^{Z^2}: a base that tends to 0 grows as a divisor
        if isinstance(node, sp.log) and node.has(rv) and \
                node.args[0].xreplace({rv: t}).is_positive is not True:
            return False
        # b^e is e^(e log b): (1/2)^(-Z^2) is e^(Z^2 log 2), whatever the sign of e's own
        # leading coefficient
        power = node.args[0] if isinstance(node, sp.exp) else node.exp * sp.log(node.base) \
            if isinstance(node, sp.Pow) and not node.base.has(rv) else None
        if power is not None and power.has(rv) and not _at_most_linear(power.xreplace({rv: t}), t):
            return False  # e^{Z^2}: faster than exponential, no Gaussian mean
    return True


def _bounded_away_from_zero(base: sp.Expr, t: sp.Symbol) -> bool:
    """Whether ``base`` >= c > 0 for every real t: a positive constant term plus terms shown
    nonnegative (1 + e^{-t} >= 1; e^{-t^2} + e^{-2 t^2} tends to 0)."""
    constant, rest = base.as_independent(t, as_Add=True)
    return constant.is_positive is True and rest.is_nonnegative is True


def _at_most_linear(power: sp.Expr, t: sp.Symbol) -> bool:
    """Whether e^power grows at most exponentially in t: power a polynomial of degree at
    most 1, or of even degree with a negative leading coefficient (e^{-t^2} is bounded)."""
    if not power.is_polynomial(t):
        return False
    poly = sp.Poly(power, t)
    if poly.degree() <= 1:
        return True
    return poly.degree() % 2 == 0 and poly.LC().is_negative is True


def _density_rule(kind, density, law):
    """E(g(rv)) as an integral against ``rv``'s density, for the one random variable
    ``rv = kind(a, b)`` of the argument: done only when ``law(a, b)`` holds (a real spread
    shown positive), nothing else in the argument is random and no moment is nested in it."""
    def rewrite(expr: sp.Expr) -> sp.Expr:
        def one(e):
            if e.args[0].has(*MOMENT_HEADS):
                return e  # E(U E(U + Z)): the inner moment is a number, not a function of U
            rvs = [f for f in e.args[0].atoms(sp.Function) if isinstance(f, kind)]
            if len(rvs) != 1 or not law(*rvs[0].args):
                return e
            rv = rvs[0]
            if is_random(e.args[0].xreplace({rv: sp.S.One}), ()):
                return e  # another random variable: not a function of rv alone
            if any(is_random(a, ()) for a in rv.args) or not _regular(e.args[0], rv):
                return e  # a random parameter, or g(rv) may have no mean (E 1/Z)
            # a Dummy captures no symbol of the argument; its index is fixed by the term, so
            # the same expectation always gives the same integral
            digest = hashlib.sha256(sp.srepr(e).encode()).hexdigest()
            var = sp.Dummy("t", dummy_index=int(digest[:15], 16), real=True)
            lo, hi, dens = density(var, *rv.args)
            return sp.Integral(e.args[0].subs(rv, var) * dens, (var, lo, hi))

        return expr.replace(lambda e: isinstance(e, E), one)

    return rewrite


uniform_density = Axiom(
    name="uniform density",
    statement="U(lo, hi) has density 1/(hi - lo) on [lo, hi], so "
    "E(g(U)) = integral of g(t)/(hi - lo) over [lo, hi]; done for real, non-random lo < hi "
    "shown by the symbols' assumptions, g free of any other random variable, of any nested "
    "moment and of poles, roots and logarithms in U (so that E g(U) exists).",
    rule=_density_rule(U, lambda var, lo, hi: (lo, hi, 1 / (hi - lo)),
                       lambda lo, hi: lo.is_real is True and (hi - lo).is_positive is True),
    reference=PROB + ", sections 4.3-4.4 (densities; the uniform law, E g(X) as an integral).",
)

normal_density = Axiom(
    name="normal density",
    statement="N(mu, sigma) has density exp(-(t - mu)^2/(2 sigma^2))/(sigma sqrt(2 pi)), so "
    "E(g(N)) = integral of g(t) times that density over the real line; done for real, "
    "non-random mu and sigma > 0 shown by the symbols' assumptions, g free of any other "
    "random variable, of any nested moment and of poles, roots and logarithms in N (so that "
    "E g(N) exists).",
    rule=_density_rule(
        N,
        lambda var, mu, sd: (
            -sp.oo, sp.oo, sp.exp(-((var - mu) ** 2) / (2 * sd**2)) / (sd * sp.sqrt(2 * sp.pi))
        ),
        lambda mu, sd: mu.is_real is True and sd.is_positive is True,
    ),
    reference=PROB + ", section 4.4 (the normal density).",
)

relu_square = Axiom(
    "ReLU squared", "ReLU(h)^2 = max(0, h)^2 = h^2 1{h > 0}.",
    rule=sp.Eq(ReLU(h) ** 2, h**2 * H(h)),
    reference=HE + " (ReLU(h) = max(0, h)).",
)
leaky_square = Axiom(
    "leaky ReLU squared", "LeakyReLU(h, a) is defined piecewise, h for h > 0 and a h for "
    "h <= 0 (PyTorch's max(0, h) + a min(0, h)), so for every real slope a "
    "LeakyReLU(h, a)^2 = h^2 1{h > 0} + a^2 h^2 1{h < 0}. It equals max(h, a h) only for "
    "0 <= a <= 1 (for a = 2, max(-1, -2)^2 = 1, not 4); the max form is never used.",
    rule=sp.Eq(LeakyReLU(h, a) ** 2, h**2 * H(h) + a**2 * h**2 * H(-h)),
    reference=HE + ", equation (1) (PReLU/leaky ReLU).",
)
sides = Axiom(
    "two sides", "h^2 = h^2 1{h > 0} + h^2 1{h < 0} (at h = 0 both sides vanish), so "
    "E[h^2] = E[h^2 1{h > 0} + h^2 1{h < 0}].",
    rule=sp.Eq(E(h**2), E(h**2 * H(h) + h**2 * H(-h))),
    reference=PROB + ", section 3.3 (E of a sum of indicator-split terms).",
)

def _relu_power(factor: sp.Expr, var: sp.Symbol = t):
    """The exponent k if ``factor`` is ``ReLU(var)**k`` with k a positive number, else None."""
    base, k = factor.as_base_exp()
    if base == ReLU(var) and k.is_number and k.is_positive:
        return k
    return None


def _relu_half_line(integral: sp.Expr) -> sp.Expr:
    """``int_R ReLU(t)^k g(t) dt -> int_0^oo t^k g(t) dt``, and nothing else.

    Only an integral over the whole real line in ``t`` whose integrand is one
    factor ``ReLU(t)^k`` (k > 0) times a ``g(t)`` free of ReLU is rewritten.
    """
    if len(integral.limits) != 1 or len(integral.limits[0]) != 3 or \
            tuple(integral.limits[0][1:]) != (-sp.oo, sp.oo):
        return integral
    var = integral.limits[0][0]
    factors = sp.Mul.make_args(integral.function)
    relus = [f for f in factors if f.has(ReLU)]
    if len(relus) != 1 or _relu_power(relus[0], var) is None:
        return integral
    k = _relu_power(relus[0], var)
    g = sp.Mul(*(f for f in factors if f is not relus[0]))
    return sp.Integral(var**k * g, (var, 0, sp.oo))


relu_integral = Axiom(
    "ReLU vanishes on the negative half-line",
    "int_{-oo}^{oo} ReLU(t)^k g(t) dt = int_0^oo t^k g(t) dt for k > 0 and g free of ReLU "
    "(only integrals of exactly that form are rewritten).",
    rule=lambda e: e.replace(lambda i: isinstance(i, sp.Integral), _relu_half_line),
    reference=HE + " (ReLU(t) = 0 for t < 0).",
)

def _sum_linearity(expr: sp.Expr) -> sp.Expr:
    """E(sum_k f_k) = sum_k E(f_k) for finite sums (and nested sums): limits that are
    integers, finite, and no random variable's (an integer-declared symbol or a number)."""
    def one(e):
        arg = e.args[0]
        if isinstance(arg, sp.Sum) and all(
                sp.sympify(x).is_integer is True and sp.sympify(x).is_finite is True
                and not is_random(x, ()) for lim in arg.limits for x in lim[1:]) \
                and has_mean(arg.function):  # a term with no mean is no term of a sum of
            # means: sum_{k=1}^{2n} E((-1)^k e^(Z^2)) was E(0) = 0
            return sp.Sum(_sum_linearity(E(arg.function)), *arg.limits)
        return e
    return expr.replace(lambda e: isinstance(e, E), one)


sum_expectation = Axiom(
    name="linearity of expectation over a finite sum",
    statement="E(sum_{k=1}^n f_k) = sum_{k=1}^n E(f_k) for any finite n.",
    rule=_sum_linearity,
    reference=PROB + ", section 3.3 (linearity of expectation).",
)

S = sp.Sum(Wi[i] * Xi[i], (i, 1, n))
S_double = sp.Sum(sp.Sum(Wi[i] * Xi[i] * Wi[j] * Xi[j], (j, 1, n)), (i, 1, n))

double_sum = Axiom(
    name="square of a finite sum",
    statement="(sum_i a_i)^2 = sum_i sum_j a_i a_j (distributivity).",
    rule=sp.Eq(S**2, S_double),
    reference="Graham, Knuth and Patashnik, Concrete Mathematics, 2nd ed., section 2.4.",
)

telescope = Axiom("telescoping product",
                  "prod_{l=1}^{L} V_l/V_{l-1} = V_L/V_0 for positive V_l.",
                  rule=sp.Eq(sp.Product(V[ell] / V[ell - 1], (ell, 1, L)), V[L] / V[0]),
                  reference="Graham, Knuth and Patashnik, Concrete Mathematics, 2nd ed., "
                  "section 2.6 (telescoping).")
