"""Label smoothing: the smoothed target, the gradient, and the bounded optimum.

With :math:`K` classes, true class :math:`c` and smoothing :math:`\\varepsilon`
(PyTorch's ``CrossEntropyLoss(label_smoothing=eps)``; Szegedy et al., CVPR 2016)
the target is :math:`q_k = (1-\\varepsilon)[k = c] + \\varepsilon/K`, a distribution.
The loss :math:`L = -\\sum_k q_k \\log \\mathrm{softmax}(z)_k` has the gradient
:math:`\\partial L/\\partial z_j = p_j - q_j` (proved for :math:`K = 3`, every logit).
The optimum logits make :math:`p = q`: by symmetry put :math:`z_c = d` and every
other logit at 0 (the loss ignores a common shift); :math:`\\partial L/\\partial d =
p_c - q_c` vanishes at

.. math::

    d^\\star = \\log\\frac{q_c}{q_{k\\ne c}}
            = \\log\\Big(1 + \\frac{K(1-\\varepsilon)}{\\varepsilon}\\Big),

a *finite* logit gap (without smoothing the gap grows without bound: overconfidence;
solved in the odds :math:`t = e^d`, where the condition is linear),
and the loss there is the entropy of the smoothed target,
:math:`H(q) = -q_c\\log q_c - (K - 1)\\frac{\\varepsilon}{K}\\log\\frac{\\varepsilon}{K}`.
The gap, the optimum and the entropy are proved for a symbolic :math:`K`.

>>> GAP.rhs
log(K*(1 - epsilon)/epsilon + 1)
"""

from __future__ import annotations

import sympy as sp

from ..kernel import Assumption, Claim, Definition, Derivation, Solve, Step
from ..sums import CONSTANT_SUM, SUM_LINEARITY, sifting

__all__ = ["ENTROPY_DERIVATION", "GAP", "GAP_DERIVATION", "GRADIENT", "GRADIENT_DERIVATION",
           "ODDS", "OPTIMUM", "OPTIMUM_DERIVATION", "OPTIMUM_LOSS", "TARGET_SUM"]

K = sp.Symbol("K", integer=True, positive=True)
c = sp.Symbol("c", integer=True, positive=True)
kk = sp.Symbol("k", integer=True, positive=True)
eps = sp.Symbol("epsilon", positive=True)
d = sp.Symbol("d", real=True)
d_star = sp.Symbol("d_star", real=True)
t_star = sp.Symbol("t_star", positive=True)    # the odds e^{d*} of the true class
smoothing = Assumption(
    "smoothing in (0, 1), at least two classes",
    "0 < epsilon < 1 and K >= 2, so every q_k is in (0, 1) and the logs are finite "
    "(epsilon > 0 and K a positive integer are symbol assumptions; the predicates state "
    "epsilon < 1, K >= 2 and their consequence q_c > 0, written as -K q_c = K epsilon - K - "
    "epsilon < 0, the form the sign checks read).",
    predicates=(sp.Q.lt(eps, 1), sp.Q.ge(K, 2), sp.Q.negative(K * eps - K - eps)),
)
true_class = Assumption(
    "the true class is one of the K",
    "1 <= c <= K.",
    predicates=(sp.Q.le(c, K),),
)

q_true = 1 - eps + eps / K      # q_c
q_other = eps / K               # q_k, k != c

TARGET_SUM = Claim(
    "regularization.label_smoothing.target_sum",
    "The smoothed target q_k = (1 - eps)[k = c] + eps/K sums to 1 over the K classes.",
    sp.Sum((1 - eps) * sp.KroneckerDelta(kk, c) + eps / K, (kk, 1, K)), sp.S.One,
    slide="003", implemented_by="smoothed_targets",
)

# --------------------------------------------------- the gradient, K = 3

_z = sp.symbols("z_1:4", real=True)
_norm = sum(sp.exp(zi) for zi in _z)
_p = [sp.exp(zi) / _norm for zi in _z]
_log_p = [zi - sp.log(_norm) for zi in _z]      # log-softmax, as computed
_q3 = [1 - eps + eps / 3, eps / 3, eps / 3]   # true class 1
_loss3 = -sum(qi * lp for qi, lp in zip(_q3, _log_p, strict=True))
_grad_claims = tuple(
    Claim(f"regularization.label_smoothing.gradient_{j + 1}",
          f"K = 3, true class 1: dL/dz_{j + 1} = softmax(z)_{j + 1} - q_{j + 1}.",
          sp.Derivative(_loss3, _z[j]), _p[j] - _q3[j], parameters=(*_z, eps),
          slide="003", implemented_by="label_smoothing_cross_entropy_backward")
    for j in range(3)
)
GRADIENT = _grad_claims[0]

GRADIENT_DERIVATION = Derivation(
    id="regularization.label_smoothing.gradient",
    title="The gradient of cross-entropy with a smoothed target is softmax minus the target",
    chapter="regularization",
    assumptions=(smoothing, true_class),
    slides=("003",),
    references=("Szegedy et al., Rethinking the Inception architecture, CVPR 2016, section 7",
                "Mueller, Kornblith and Hinton, When does label smoothing help?, NeurIPS 2019"),
    summary="$q$ sums to 1 (symbolic $K$); $\\partial L/\\partial z_j = p_j - q_j$ ($K = 3$, "
            "each logit), because $\\partial \\log \\sum_k e^{z_k}/\\partial z_j = p_j$ and the "
            "target's weights sum to 1.",
    steps=(
        Step(TARGET_SUM.lhs, (1 - eps) + K * eps / K, sp.S.One, because="sum",
             using=(SUM_LINEARITY, CONSTANT_SUM, sifting(sp.Q.le(c, K)))),
        *(Step(cl.lhs, cl.rhs, because="chain rule") for cl in _grad_claims),
    ),
    claims=(TARGET_SUM, *_grad_claims),
)

# ------------------------------------------- the optimum, symbolic K

_lse = sp.log(sp.exp(d) + K - 1)                 # log-sum-exp at z_c = d, others 0
_pc = sp.exp(d) / (sp.exp(d) + K - 1)            # softmax of the true class
_loss_d = -q_true * (d - _lse) - (K - 1) * q_other * (0 - _lse)
_odds = 1 + K * (1 - eps) / eps
_gap = sp.log(_odds)
_entropy = -q_true * sp.log(q_true) - (K - 1) * q_other * sp.log(q_other)

ODDS = Claim(
    "regularization.label_smoothing.optimal_odds",
    "The loss is stationary in the logit gap d exactly when the odds t = e^d of the true "
    "class against each other class are t* = q_c/q_other = 1 + K(1 - eps)/eps.",
    t_star, _odds, parameters=(K, eps), slide="003",
)
GAP = Claim(
    "regularization.label_smoothing.logit_gap",
    "At the optimum the true logit exceeds every other by d* = log(q_c/q_other) = "
    "log(1 + K(1 - eps)/eps): finite for eps > 0 (no overconfidence).",
    d_star, _gap, parameters=(K, eps), slide="003",
)
OPTIMUM = Claim(
    "regularization.label_smoothing.optimum_probability",
    "At the gap d* the softmax equals the smoothed target: p_c = 1 - eps + eps/K.",
    _pc.subs(d, _gap), q_true, parameters=(K, eps), slide="003",
    implemented_by="label_smoothing_cross_entropy_forward",
)
OPTIMUM_LOSS = Claim(
    "regularization.label_smoothing.optimum_loss",
    "The loss at the optimum is the entropy of the smoothed target, "
    "-q_c log q_c - (K - 1)(eps/K) log(eps/K) (> 0 for eps > 0).",
    _loss_d.subs(d, _gap), _entropy, parameters=(K, eps), slide="003",
    implemented_by="label_smoothing_cross_entropy_forward",
)

_p_odds = _pc.subs(d, sp.log(t_star))            # p_c at the gap d = log t: t/(t + K - 1)

OPTIMUM_DERIVATION = Derivation(
    id="regularization.label_smoothing.optimum",
    title="Label smoothing bounds the logit gap: the optimum is the smoothed target",
    chapter="regularization",
    assumptions=(smoothing,),
    slides=("003",),
    references=("Szegedy et al., CVPR 2016, section 7",
                "Mueller, Kornblith and Hinton, NeurIPS 2019"),
    summary="With the other logits at 0, $\\partial L/\\partial d = p_c - q_c$. In the odds $t "
            "= e^d > 0$ (one $t$ for each real $d$) the condition, times $t + K - 1 > 0$, is "
            "linear in $t$: its one positive solution is $t^* = 1 + K(1 - "
            "\\varepsilon)/\\varepsilon$, where $p = q$.",
    steps=(
        Step(sp.Derivative(_loss_d, d), -q_true + (q_true + (K - 1) * q_other) * _pc,
             _pc - q_true, because="chain rule",
             note="d/dd log(e^d + K - 1) = p_c; the target's weights sum to 1."),
        Step((t_star + K - 1) * (_p_odds - q_true), t_star - q_true * (t_star + K - 1),
             (1 - q_true) * t_star - (K - 1) * q_true, because="algebra",
             note="At d = log t, p_c = t/(t + K - 1); t + K - 1 > 0, so p_c = q_c exactly when "
             "this linear form in t vanishes."),
        Solve(sp.Eq((1 - q_true) * t_star - (K - 1) * q_true, 0), t_star, _odds),
        Step(sp.exp(_gap) + K - 1, K / eps, because="algebra"),
        Step(_pc.subs(d, _gap), q_true, because="algebra"),
    ),
    claims=(ODDS, OPTIMUM),
)

GAP_DERIVATION = Derivation(
    id="regularization.label_smoothing.logit_gap",
    title="The optimal logit gap is the log of the optimal odds",
    chapter="regularization",
    assumptions=(smoothing,),
    slides=("003",),
    references=("Szegedy et al., CVPR 2016, section 7",),
    summary="$d = \\log t$ is a bijection from the odds $t > 0$ onto the real gaps, so the one "
            "stationary odds $t^*$ gives the one stationary gap $d^* = \\log t^* = \\log(1 + "
            "K(1 - \\varepsilon)/\\varepsilon)$.",
    steps=(
        Step(d_star, sp.log(t_star), _gap, because="lemma",
             using=(Definition(d_star, sp.log(t_star),
                               "the logit gap whose odds e^{d*} are the stationary odds t*"),
                    OPTIMUM_DERIVATION.lemma(ODDS.id))),
    ),
    claims=(GAP,),
)

ENTROPY_DERIVATION = Derivation(
    id="regularization.label_smoothing.entropy",
    title="The loss at the optimum is the entropy of the smoothed target",
    chapter="regularization",
    assumptions=(smoothing,),
    slides=("003",),
    references=("Mueller, Kornblith and Hinton, NeurIPS 2019",),
    summary="At $d^*$, $e^{d^*} + K - 1 = K/\\varepsilon = 1/q_{\\text{other}}$, so the "
            "cross-entropy is $H(q) > 0$.",
    steps=(
        Step(_loss_d.subs(d, _gap), -q_true * _gap + sp.log(K / eps),
             -q_true * sp.log(q_true / q_other) - sp.log(q_other), _entropy,
             because="algebra", note="e^{d*} + K - 1 = K/eps = 1/q_other: p = q at d*, so the "
             "cross-entropy is the entropy."),
    ),
    claims=(OPTIMUM_LOSS,),
)
