"""Momentum on a quadratic: convergence, the rates, and why momentum helps (Polyak 1964).

On ``f(x) = x^T A x / 2`` with eigenvalues ``mu = lambda_min <= lambda_i <= L
= lambda_max`` and condition number ``kappa = L/mu``, every optimizer here acts
on each eigendirection separately.

* Gradient descent: ``x_t = (1 - alpha lambda)^t x_0`` on the direction of
  ``lambda``, so it converges iff ``|1 - alpha lambda| < 1``, i.e.
  ``0 < alpha lambda < 2``, for every eigenvalue, and the error contracts at
  ``max_i |1 - alpha lambda_i|``.  The best step ``alpha = 2/(mu + L)`` balances
  the two ends and gives ``(kappa - 1)/(kappa + 1)``.
* Heavy ball (``torch.optim.SGD`` with momentum ``beta`` is exactly it, with
  ``alpha = lr``): ``x_{t+1} = x_t - alpha lambda x_t + beta (x_t - x_{t-1})``,
  characteristic polynomial ``z^2 - c z + beta`` with ``c = 1 + beta - alpha
  lambda``.  When ``c^2 < 4 beta`` the roots are complex conjugates of modulus
  ``sqrt(beta)`` whatever ``lambda`` is, and the "energy"
  ``Q_t = x_t^2 - c x_t x_{t-1} + beta x_{t-1}^2`` shrinks by exactly ``beta``
  per step.  Polyak's tuning ``alpha = 4/(sqrt(mu) + sqrt(L))^2``,
  ``beta = ((sqrt(kappa) - 1)/(sqrt(kappa) + 1))^2`` puts every eigenvalue of
  ``[mu, L]`` there (``4 beta - c^2 = alpha^2 (lambda - mu)(L - lambda) >= 0``), so
  the rate is ``(sqrt(kappa) - 1)/(sqrt(kappa) + 1)``: at ``kappa = 100``,
  ``9/11 = 0.82`` per step against gradient descent's ``99/101 = 0.98``.

``|r|^t -> 0`` iff ``|r| < 1`` is used as known (a geometric sequence).

>>> HEAVY_BALL.claim("optim.quadratic.heavy_ball_energy").rhs
beta*(beta*x_prev**2 - c*x_now*x_prev + x_now**2)
>>> POLYAK_RATE.claim("optim.quadratic.heavy_ball_tuned_rate").rhs
(s - 1)/(s + 1)
"""

from __future__ import annotations

import sympy as sp

from ..axioms.optimizers import Recurrence, induction
from ..kernel import Assumption, Claim, Derivation, Solve, Step
from .common import t, x0

__all__ = ["DERIVATION", "HEAVY_BALL", "POLYAK", "POLYAK_RATE"]

alpha = sp.Symbol("alpha", positive=True)
lam = sp.Symbol("lambda", positive=True)
mu = sp.Symbol("mu", positive=True)           # the smallest eigenvalue
kappa = sp.Symbol("kappa", positive=True)     # the condition number L/mu
s = sp.Symbol("s", positive=True)             # sqrt(kappa)
z = sp.Symbol("z", real=True)                 # alpha lambda
a_star = sp.Symbol("alpha_star", positive=True)
L = kappa * mu

X = Recurrence("x", sp.Function("x"), t, x0, lambda prev, n: prev - alpha * lam * prev)
X_CLOSED = (1 - alpha * lam) ** t * x0
GD_RATE = (kappa - 1) / (kappa + 1)

ILL_CONDITIONED = Assumption("an ill-conditioned quadratic", "kappa = L/mu > 1 (kappa = 1 is "
                             "solved in one step).", predicates=(sp.Q.gt(kappa, 1),))

DERIVATION = Derivation(
    id="optim.quadratic.gd",
    title="Gradient descent on a quadratic: when it converges, and how fast",
    chapter="optimizers",
    slides=("001",),
    references=("B. T. Polyak, Introduction to Optimization, Optimization Software, 1987, "
                "section 1.4.",),
    summary="$x_t = (1 - \\alpha \\lambda)^t x_0$ per eigendirection: converges iff $0 < "
            "\\alpha \\lambda < 2$; rate $\\max_i |1 - \\alpha \\lambda_i|$, $(\\kappa - "
            "1)/(\\kappa + 1)$ at best.",
    assumptions=(ILL_CONDITIONED,),
    steps=(
        Step(X.func(t), X_CLOSED, because="axiom", using=(induction(X, X_CLOSED),),
             note="Each step multiplies the eigencomponent by 1 - alpha lambda."),
        Step((1 - z) ** 2 - 1, z * (z - 2), because="algebra",
             note="|1 - z| < 1 iff (1 - z)^2 - 1 < 0 iff z (z - 2) < 0 iff 0 < z < 2, "
                  "for z = alpha lambda."),
        Step((1 - a_star * mu) + (1 - a_star * L), 2 - a_star * mu * (1 + kappa),
             because="algebra", note="The two ends balance, 1 - alpha mu = -(1 - alpha L), ..."),
        Solve(sp.Eq(2 - a_star * mu * (1 + kappa), 0), a_star, 2 / (mu * (1 + kappa)),
              note="... at alpha = 2/(mu + L)."),
        Step(1 - 2 / (mu * (1 + kappa)) * mu, GD_RATE, because="algebra",
             note="The slowest direction then contracts at (kappa - 1)/(kappa + 1) per step "
                  "(and so does the fastest, |1 - alpha L|)."),
    ),
    claims=(
        Claim("optim.quadratic.gd_iterate",
              "On an eigendirection with eigenvalue lambda, x_t = (1 - alpha lambda)^t x_0.",
              X.func(t), X_CLOSED, parameters=(alpha, lam, t, x0), implemented_by="sgd_step"),
        Claim("optim.quadratic.gd_converges_iff",
              "Gradient descent converges iff |1 - alpha lambda_i| < 1, i.e. (1 - z)^2 - 1 = "
              "z (z - 2) < 0 with z = alpha lambda_i, i.e. 0 < alpha lambda_i < 2, for every "
              "eigenvalue.", (1 - z) ** 2 - 1, z * (z - 2)),
        Claim("optim.quadratic.gd_tuned_step", "The best constant step is 2/(mu + L).",
              a_star, 2 / (mu * (1 + kappa)), parameters=(kappa, mu)),
        Claim("optim.quadratic.gd_tuned_rate",
              "With the best step gradient descent contracts at (kappa - 1)/(kappa + 1).",
              1 - 2 / (mu * (1 + kappa)) * mu, GD_RATE, parameters=(kappa,),
              implemented_by="sgd_step"),
    ),
)

# ---- heavy ball
beta = sp.Symbol("beta", positive=True)
c = sp.Symbol("c", real=True)
lr = sp.Symbol("eta", positive=True)
x_prev, x_now = sp.symbols("x_prev x_now", real=True)
root = c / 2 + sp.I * sp.sqrt(4 * beta - c**2) / 2
root_bar = c / 2 - sp.I * sp.sqrt(4 * beta - c**2) / 2
x_next = c * x_now - beta * x_prev
energy = x_now**2 - c * x_now * x_prev + beta * x_prev**2
beta_star = ((s - 1) / (s + 1)) ** 2
HB_RATE = (s - 1) / (s + 1)
a_hb = sp.Symbol("alpha_hb", positive=True)
r = sp.Symbol("r", positive=True)                    # the tuned rate, sqrt(beta)
x = sp.Symbol("x", positive=True)                    # lambda/mu
c_r = 1 + r**2 - (1 - r) ** 2 * x                    # c(lambda) with beta = r^2, alpha mu = (1-r)^2
kappa_r = (1 + r) ** 2 / (1 - r) ** 2                # L/mu for which r is the tuned rate

COMPLEX_ROOTS = Assumption(
    "complex roots", "c^2 < 4 beta: the characteristic polynomial has complex conjugate roots.",
    predicates=(sp.Q.positive(4 * beta - c**2),))
SQRT_KAPPA = Assumption("an ill-conditioned quadratic (heavy ball)",
                        "s = sqrt(kappa) > 1, i.e. L = s^2 mu > mu.", predicates=(sp.Q.gt(s, 1),))

HEAVY_BALL = Derivation(
    id="optim.quadratic.heavy_ball",
    title="Heavy-ball momentum on a quadratic: the rate $\\sqrt{\\beta}$ and Polyak's tuning",
    chapter="optimizers",
    slides=("001",),
    references=("B. T. Polyak, Some methods of speeding up the convergence of iteration "
                "methods, USSR Comp. Math. and Math. Physics 4(5), 1964, 1-17.",
                "G. Goh, Why Momentum Really Works, Distill, 2017."),
    summary="PyTorch's momentum SGD is the heavy ball; with complex roots the energy shrinks by "
            "$\\beta$ per step; tuned, the rate is $(\\sqrt{\\kappa} - 1)/(\\sqrt{\\kappa} + "
            "1)$.",
    assumptions=(COMPLEX_ROOTS,),
    steps=(
        Step(x_now - lr * (beta * (x_prev - x_now) / lr + lam * x_now),
             x_now - lr * lam * x_now + beta * (x_now - x_prev), because="algebra",
             note="PyTorch: x_{t+1} = x_t - eta (beta v_t + lambda x_t), with the buffer "
                  "v_t = (x_{t-1} - x_t)/eta read off the previous step: the heavy ball."),
        Step(root * root_bar, beta, because="algebra",
             note="The product of the complex roots (c +- i sqrt(4 beta - c^2))/2 of "
                  "z^2 - c z + beta is |z|^2 = beta."),
        Step(energy.subs({x_now: x_next, x_prev: x_now}, simultaneous=True), beta * energy,
             because="algebra",
             note="The energy Q_t = x_t^2 - c x_t x_{t-1} + beta x_{t-1}^2 shrinks by exactly "
                  "beta each step: the measurable form of the rate sqrt(beta)."),
    ),
    claims=(
        Claim("optim.quadratic.momentum_is_heavy_ball",
              "SGD with momentum beta and rate eta is Polyak's heavy ball on the iterates.",
              x_now - lr * (beta * (x_prev - x_now) / lr + lam * x_now),
              x_now - lr * lam * x_now + beta * (x_now - x_prev), implemented_by="sgd_step"),
        Claim("optim.quadratic.heavy_ball_modulus",
              "With complex roots each root of z^2 - c z + beta has |z|^2 = beta.",
              root * root_bar, beta),
        Claim("optim.quadratic.heavy_ball_energy",
              "Q_{t+1} = beta Q_t for Q_t = x_t^2 - c x_t x_{t-1} + beta x_{t-1}^2.",
              energy.subs({x_now: x_next, x_prev: x_now}, simultaneous=True), beta * energy,
              parameters=(beta, c, x_now, x_prev), implemented_by="sgd_step"),
    ),
)

RATE_RANGE = Assumption("a tuned rate below 1", "0 < r < 1 (r = (sqrt(kappa) - 1)/(sqrt(kappa) "
                        "+ 1) for kappa > 1), so 1 - r != 0, L/mu = ((1 + r)/(1 - r))^2 is "
                        "defined and the step (1 - r)^2/mu is positive (mu > 0 by its symbol).",
                        predicates=(sp.Q.positive(r), sp.Q.lt(r, 1)))

POLYAK = Derivation(
    id="optim.quadratic.polyak",
    title="Polyak's tuning of the heavy ball: every eigenvalue at the same rate $r$",
    chapter="optimizers",
    slides=("001",),
    references=("B. T. Polyak, Some methods of speeding up the convergence of iteration "
                "methods, USSR Comp. Math. and Math. Physics 4(5), 1964, 1-17.",),
    summary="With $\\beta = r^2$ and $\\alpha = (1 - r)^2/\\mu$, $c(\\mu) = 2r$ and $c(L) = "
            "-2r$ for $L/\\mu = ((1 + r)/(1 - r))^2$, and $4 \\beta - c(\\lambda)^2 \\ge 0$ in "
            "between: every eigenvalue of $[\\mu, L]$ has roots of modulus $r$.",
    assumptions=(RATE_RANGE,),
    steps=(
        Step((1 + r**2 - a_hb * mu) - 2 * r, (1 - r) ** 2 - a_hb * mu, because="algebra",
             note="With beta = r^2, which step makes c(mu) = 2 sqrt(beta) = 2r, a double root "
                  "at mu?"),
        Solve(sp.Eq((1 - r) ** 2 - a_hb * mu, 0), a_hb, (1 - r) ** 2 / mu,
              note="alpha = (1 - r)^2/mu, which is 4/(sqrt(mu) + sqrt(L))^2."),
        Step(c_r.subs(x, kappa_r), -2 * r, because="algebra",
             note="At lambda = L = mu ((1 + r)/(1 - r))^2, c = -2r: the other double root."),
        Step(4 * r**2 - c_r**2, (1 - r) ** 2 * (x - 1) * ((1 + r) ** 2 - (1 - r) ** 2 * x),
             because="algebra", note="In between (1 <= lambda/mu <= L/mu) the discriminant "
                                     "4 beta - c^2 is >= 0: complex roots of modulus r."),
    ),
    claims=(
        Claim("optim.quadratic.polyak_step",
              "Polyak's step for the heavy ball tuned to the rate r: alpha = (1 - r)^2/mu.",
              a_hb, (1 - r) ** 2 / mu, parameters=(mu, r)),
        Claim("optim.quadratic.polyak_discriminant",
              "Under Polyak's tuning 4 beta - c(lambda)^2 = (1 - r)^2 (lambda/mu - 1) ((1 + r)^2 "
              "- (1 - r)^2 lambda/mu) >= 0 on [mu, L].",
              4 * r**2 - c_r**2, (1 - r) ** 2 * (x - 1) * ((1 + r) ** 2 - (1 - r) ** 2 * x)),
    ),
)

POLYAK_RATE = Derivation(
    id="optim.quadratic.polyak_rate",
    title="The tuned heavy-ball rate against tuned gradient descent",
    chapter="optimizers",
    slides=("001",),
    references=("B. T. Polyak, Some methods of speeding up the convergence of iteration "
                "methods, USSR Comp. Math. and Math. Physics 4(5), 1964, 1-17.",),
    summary="$\\sqrt{\\beta} = (\\sqrt{\\kappa} - 1)/(\\sqrt{\\kappa} + 1)$.",
    assumptions=(SQRT_KAPPA,),
    steps=(
        Step(sp.sqrt(beta_star), HB_RATE, because="algebra",
             note="The tuned rate r = (sqrt(kappa) - 1)/(sqrt(kappa) + 1) (s > 1); solving it "
                  "for s gives back L/mu = ((1 + r)/(1 - r))^2 of optim.quadratic.polyak."),
    ),
    claims=(
        Claim("optim.quadratic.heavy_ball_tuned_rate",
              "Tuned heavy ball contracts at (sqrt(kappa) - 1)/(sqrt(kappa) + 1) per step, "
              "against (kappa - 1)/(kappa + 1) for tuned gradient descent.",
              sp.sqrt(beta_star), HB_RATE, parameters=(s,), implemented_by="sgd_step"),
    ),
)
