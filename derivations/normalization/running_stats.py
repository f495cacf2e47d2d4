"""Running statistics: the moving average, its convention, and why it stores m/(m-1) sigma2.

Training normalises with the batch statistics; inference needs statistics
of the whole training distribution, kept as exponential moving averages
(slide 000: ``E_{i+1} = (1 - alpha) E_i + alpha E_B``).  PyTorch's
``momentum`` is the slides' ``alpha``; Keras's ``momentum`` is ``1 - alpha``.

For ``m`` i.i.d. inputs with mean ``mu_x`` and variance ``sigma_x2`` the
biased batch variance has expectation ``(m - 1)/m * sigma_x2`` (moment
algebra with ``KroneckerDelta`` for a symbolic ``m``), so the running
variance averages the *unbiased* one, ``m/(m-1)`` times it (PyTorch, slide
003).  The average's expectation after ``t`` batches (a geometric sum) and its
steady state follow from the recurrence.

>>> DERIVATION.claim("bn.running.biased_var_expectation").rhs
sigma_x2*(m - 1)/m
>>> DERIVATION.claim("bn.running.ema_expectation").rhs
sigma_x2 + (1 - alpha)**t*(r_0 - sigma_x2)
"""

from __future__ import annotations

import sympy as sp

from ..expectation import E, independence, linearity
from ..kernel import Assumption, Claim, Derivation, Lemma, Solve, Step
from ..sums import expectation_linearity
from .hypotheses import BATCH_OF_TWO
from .notation import KD, SUMS, j, k, m, var_def, x

__all__ = ["DERIVATION", "MOMENTS"]

alpha = sp.Symbol("alpha", positive=True)          # the slides' alpha = PyTorch's momentum
keras = sp.Symbol("momentum_keras", nonnegative=True)  # 0 when alpha = 1
run, batch = sp.symbols("r b", real=True)
mu_x = sp.Symbol("mu_x", real=True)
sigma_x2 = sp.Symbol("sigma_x2", positive=True)
t = sp.Symbol("t", integer=True, nonnegative=True)
r0 = sp.Symbol("r_0", real=True)
r_inf = sp.Symbol("r_inf", real=True)

# ---- the moments of two i.i.d. inputs, from expectation.py's axioms
x1, x2 = sp.symbols("x_1 x_2", real=True)
_lin = linearity([x1, x2])
_ind = independence([[x1], [x2]])
_moments = Assumption(
    "identically distributed inputs", "E(x_q) = mu_x and Var(x_q) = sigma_x2 for q = 1, 2",
    substitutions=(sp.Eq(E(x1**2), sigma_x2 + mu_x**2), sp.Eq(E(x1), mu_x), sp.Eq(E(x2), mu_x)))
MOMENTS = Derivation(
    id="bn.running.moments",
    title="Second moments of i.i.d. inputs",
    chapter="bn",
    summary="$\\mathbb{E}[x_1 x_2] = \\mu_x^2$ for independent inputs, $\\mathbb{E}[x_1^2] = "
            "\\sigma_x^2 + \\mu_x^2$.",
    assumptions=(_moments,),
    steps=(
        Step(E(x1 * x2), E(x1) * E(x2), mu_x**2, because="independence", using=(_lin, _ind,
                                                                                _moments)),
        Step(E(x1**2), sigma_x2 + mu_x**2, because="definition", using=(_moments,)),
    ),
    claims=(Claim("bn.running.iid_moments",
                  "E(x_j x_k) = mu_x^2 for j != k (and E(x_j^2) = sigma_x2 + mu_x^2): together "
                  "E(x_j x_k) = mu_x^2 + sigma_x2 delta_jk", E(x1 * x2), mu_x**2),),
)


#: E through sums, finite Sums and constant factors (constants: free of the inputs x)
E_SUMS = expectation_linearity([x])


IID = Assumption(
    "i.i.d. inputs (bn.running.iid_moments)",
    "E(x_j x_k) = mu_x^2 + sigma_x2 delta_jk and E(x_j^2) = sigma_x2 + mu_x^2 for a sample "
    "x_1..x_m of independent, identically distributed inputs, for every j, k.",
    substitutions=(sp.Eq(E(x[j] * x[k]), mu_x**2 + sigma_x2 * KD(j, k)),
                   sp.Eq(E(x[j] ** 2), sigma_x2 + mu_x**2)),
    variables=(j, k),
)


# E of the biased batch variance, written with a double sum for the square of the mean
expanded = sp.Sum(x[j] ** 2, (j, 1, m)) / m - sp.Sum(sp.Sum(x[j] * x[k], (k, 1, m)),
                                                      (j, 1, m)) / m**2
pushed = (sp.Sum(E(x[j] ** 2), (j, 1, m)) / m
          - sp.Sum(sp.Sum(E(x[j] * x[k]), (k, 1, m)), (j, 1, m)) / m**2)
moments = (sp.Sum(sigma_x2 + mu_x**2, (j, 1, m)) / m
           - sp.Sum(sp.Sum(mu_x**2 + sigma_x2 * KD(j, k), (k, 1, m)), (j, 1, m)) / m**2)
biased = (m - 1) / m * sigma_x2

#: the two conventions' updates of a running value r by a batch value b
torch_update = (1 - alpha) * run + alpha * batch
keras_update = keras * run + (1 - keras) * batch

# the expectation of the running average: e(t+1) = (1 - alpha) e(t) + alpha sigma_x2,
# unrolled: the start value decays geometrically, each batch enters with weight alpha (1-alpha)^u
u = sp.Symbol("u", integer=True, nonnegative=True)
closed = (1 - alpha) ** t * r0 + sp.Sum(alpha * (1 - alpha) ** u * sigma_x2, (u, 0, t - 1))
closed_form = sigma_x2 + (1 - alpha) ** t * (r0 - sigma_x2)

MOMENTUM_RANGE = Assumption(
    "momentum in (0, 1]", "0 < alpha <= 1 (PyTorch's momentum): then |1 - alpha| < 1 and "
    "(1 - alpha)^t -> 0, so E[r_t] converges to its fixed point (any 0 < alpha < 2 would).",
    predicates=(sp.Q.positive(alpha), sp.Q.le(alpha, 1)))

DERIVATION = Derivation(
    id="bn.running",
    title="Running statistics: convention, bias of the batch variance, steady state",
    chapter="bn",
    slides=("000", "003", "004"),
    references=("PyTorch documentation, torch.nn.BatchNorm2d (slide 003).",
                "Keras documentation, BatchNormalization: moving = moving * momentum + "
                "batch * (1 - momentum), momentum = 0.99."),
    summary="$\\alpha$, PyTorch's momentum, is 1 minus Keras's momentum; the biased batch "
            "variance has mean $(m-1)\\sigma^2/m$; the running variance stores the unbiased "
            "variance; $\\mathbb{E}[r_t]$ and its fixed point.",
    assumptions=(BATCH_OF_TWO, MOMENTUM_RANGE, IID),
    steps=(
        Step(keras_update - torch_update, (keras - 1 + alpha) * (run - batch),
             because="algebra",
             note="The two updates differ by (k - 1 + alpha)(r - b) ..."),
        Step(sp.Subs((keras - 1 + alpha) * (run - batch), (run, batch), (1, 0)),
             keras - 1 + alpha, because="algebra",
             note="... which at r = 1, b = 0 is k - 1 + alpha."),
        Solve(sp.Eq(keras - 1 + alpha, 0), keras, 1 - alpha,
              note="They agree for all r, b only if k - 1 + alpha = 0 (and then they agree "
                   "everywhere, by the first step)."),
        Step(E(var_def), E(expanded), because="definition", using=SUMS),
        Step(E(expanded), pushed, because="linearity", using=(E_SUMS,)),
        Step(pushed, moments, because="independence", using=(IID,)),
        Step(moments, biased, because="sum", using=SUMS,
             note="sum_k delta_jk = 1: only the m diagonal terms carry sigma_x2."),
        Step(E(m / (m - 1) * var_def), m / (m - 1) * E(var_def), because="linearity",
             using=(E_SUMS,)),
        Step(m / (m - 1) * E(var_def), m / (m - 1) * biased, sigma_x2, because="lemma",
             using=(Lemma("bn.running.biased_var_expectation", sp.Eq(E(var_def), biased),
                          "bn.running.biased_var_expectation"),)),
        Step(closed, closed_form, because="sum", note="The geometric sum."),
        Step(closed_form.subs(t, t + 1), (1 - alpha) * closed_form + alpha * sigma_x2,
             because="algebra", note="The closed form satisfies the recurrence ..."),
        Step(closed_form.subs(t, 0), r0, because="algebra", note="... and the start value."),
        Step((1 - alpha) * r_inf + alpha * sigma_x2 - r_inf, alpha * (sigma_x2 - r_inf),
             because="algebra", note="One step of the recurrence moves e by alpha (sigma_x2 - e)."),
        Solve(sp.Eq(alpha * (sigma_x2 - r_inf), 0), r_inf, sigma_x2,
              note="The unique fixed point of the recurrence (alpha != 0); E[r_t] converges "
                   "to it for 0 < alpha <= 1, where (1 - alpha)^t -> 0."),
    ),
    claims=(
        Claim("bn.running.keras_momentum",
              "(1 - alpha) r + alpha b = k r + (1 - k) b for all r, b only if k = 1 - alpha: "
              "Keras's momentum is 1 - PyTorch's.", keras, 1 - alpha, slide="000",
              implemented_by="batchnorm_update_running"),
        Claim("bn.running.biased_var_expectation",
              "E[(1/m) sum (x_j - mean)^2] = (m - 1)/m * sigma_x2", E(var_def), biased,
              parameters=(m, sigma_x2)),
        Claim("bn.running.unbiased_var",
              "E[m/(m-1) * biased variance] = sigma_x2 for m >= 2 (undefined at m = 1)",
              E(m / (m - 1) * var_def), sigma_x2, slide="003",
              implemented_by="batchnorm_update_running"),
        Claim("bn.running.ema_expectation",
              "E[r_t] = sigma_x2 + (1 - alpha)^t (r_0 - sigma_x2) for unbiased batch values",
              closed, closed_form, parameters=(t, alpha, r0, sigma_x2),
              implemented_by="batchnorm_update_running"),
        Claim("bn.running.steady_state",
              "For 0 < alpha <= 1 the running variance's expectation converges to the population "
              "variance (its unique fixed point; convergence needs |1 - alpha| < 1).",
              r_inf, sigma_x2, implemented_by="batchnorm_update_running"),
    ),
)
