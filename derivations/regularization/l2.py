"""L2 regularization and weight decay: equal for SGD, different for Adam.

The slides (deck 002, "Weight Decay" and "L2 Regularization"; deck 004) add
:math:`L_r(w) = \\lambda\\sum_i w_i^2` to the loss.  Its gradient is
:math:`2\\lambda w_k`, so one SGD step on the penalised loss is

.. math::

    w_k - \\eta\\,(g_k + 2\\lambda w_k) = (1 - 2\\eta\\lambda)\\, w_k - \\eta g_k ,

multiplicative *weight decay* by the factor :math:`1 - 2\\eta\\lambda`
(``torch.optim.SGD(weight_decay=wd)`` adds ``wd * w`` to the gradient: the factor
is ``1 - lr * wd``, the penalty ``(wd/2) ||w||^2``).

Adam divides every gradient coordinate by :math:`\\sqrt{\\hat v} + \\epsilon`, the L2
gradient included: with the penalty inside the gradient the decay applied to
:math:`w_k` is :math:`\\eta\\lambda' w_k / (\\sqrt{\\hat v_k} + \\epsilon)` instead of
:math:`\\eta\\lambda' w_k`, so weights with a large gradient history are barely decayed.
Loshchilov and Hutter (ICLR 2019) therefore *decouple* the decay (AdamW):
multiply the weights by :math:`1 - \\eta\\lambda'` outside the adaptive step.
The first step shows the difference exactly: a weight with zero loss gradient
moves by :math:`\\eta\\,\\lambda' w/(|\\lambda' w| + \\epsilon) \\approx \\eta` under Adam
with L2 (whatever :math:`\\lambda'`), by :math:`\\eta\\lambda' w` under AdamW.

>>> GRADIENT.rhs
2*lambda*w[k]
"""

from __future__ import annotations

import sympy as sp

from ..kernel import Assumption, Claim, Derivation, Step
from ..sums import SUM_LINEARITY, sifting
from .common import eta, g, i, k, lam, n, w

__all__ = [
    "ADAM",
    "ADAMW_FIRST_STEP",
    "ADAM_DERIVATION",
    "ADAM_DIFFERENCE",
    "ADAM_FIRST_STEP",
    "DERIVATION",
    "GRADIENT",
    "SGD_DECAY",
    "SLOW_WEIGHTS",
    "adam_l2_first_step",
    "adamw_first_step",
]

_penalty = lam * sp.Sum(w[i] ** 2, (i, 1, n))
_grad = sp.Derivative(_penalty, w[k])
_range = (sp.Q.le(k, n), sp.Q.ge(k, 1))

GRADIENT = Claim(
    "regularization.l2.gradient",
    "The gradient of the L2 penalty lambda sum_i w_i^2 with respect to w_k is 2 lambda w_k.",
    _grad, 2 * lam * w[k], parameters=(lam, w[k]), slide="002",
    implemented_by="l2_penalty_grad",
)
SGD_DECAY = Claim(
    "regularization.l2.sgd_weight_decay",
    "One SGD step on loss + lambda ||w||^2 is multiplicative weight decay: "
    "w - eta (g + 2 lambda w) = (1 - 2 eta lambda) w - eta g.",
    w[k] - eta * (g[k] + _grad), (1 - 2 * eta * lam) * w[k] - eta * g[k],
    parameters=(eta, lam, w[k], g[k]), slide="002", implemented_by="l2_penalty_grad",
)

DERIVATION = Derivation(
    id="regularization.l2",
    title="The L2 gradient, and one SGD step is weight decay by $1 - 2 \\eta \\lambda$",
    chapter="regularization",
    predicates=_range,
    slides=("002", "004"),
    references=("Goodfellow, Bengio and Courville, Deep Learning, 2016, section 7.1.1",),
    summary="$\\partial/\\partial w_k\\, \\lambda \\sum_i w_i^2 = 2 \\lambda w_k$; an SGD step "
            "on the penalised loss multiplies $w$ by $1 - 2 \\eta \\lambda$ before the "
            "loss-gradient step.",
    steps=(
        Step(_grad, lam * sp.Sum(2 * w[i] * sp.KroneckerDelta(i, k), (i, 1, n)), 2 * lam * w[k],
             because="sum", using=(SUM_LINEARITY, sifting(*_range)),
             note="Only the term i = k depends on w_k."),
        Step(w[k] - eta * (g[k] + _grad), w[k] - eta * (g[k] + 2 * lam * w[k]),
             (1 - 2 * eta * lam) * w[k] - eta * g[k], because="algebra",
             using=(SUM_LINEARITY, sifting(*_range))),
    ),
    claims=(GRADIENT, SGD_DECAY),
)

# ------------------------------------------------------------------- Adam

#: Adam's hyperparameters and one weight's state (scalar symbols: Adam is per coordinate)
beta1 = sp.Symbol("beta_1", positive=True)
beta2 = sp.Symbol("beta_2", positive=True)
eps = sp.Symbol("epsilon", positive=True)
wd = sp.Symbol("lambda'", positive=True)  # torch's weight_decay
theta = sp.Symbol("theta", real=True)
grad = sp.Symbol("g", real=True)
m_hat = sp.Symbol("mhat", real=True)       # bias-corrected first moment of the loss gradient
v_hat = sp.Symbol("vhat", nonnegative=True)  # bias-corrected second moment (of what Adam sees)
_betas = (sp.Q.lt(beta1, 1), sp.Q.lt(beta2, 1))


def adam_l2_first_step(theta, g, lr, wd, beta1, beta2, eps):
    """Adam's first step from zero moments with the L2 gradient wd * theta added to g."""
    gt = g + wd * theta
    m, v = (1 - beta1) * gt, (1 - beta2) * gt**2
    return theta - lr * (m / (1 - beta1)) / (sp.sqrt(v / (1 - beta2)) + eps)


def adamw_first_step(theta, g, lr, wd, beta1, beta2, eps):
    """AdamW's first step from zero moments: decay the weight, then Adam on g alone."""
    m, v = (1 - beta1) * g, (1 - beta2) * g**2
    return theta * (1 - lr * wd) - lr * (m / (1 - beta1)) / (sp.sqrt(v / (1 - beta2)) + eps)


#: the bias-corrected moment Adam keeps of the weight itself (the L2 gradient's part)
m_hat_theta = sp.Symbol("mhat_theta", real=True)
SLOW_WEIGHTS = Assumption(
    "slowly moving weights",
    "Over Adam's averaging window the weight theta is constant, and the bias-corrected "
    "exponential average of a constant is that constant (Kingma and Ba 2015, section 3: "
    "(1 - beta) sum_s beta^(t-s) = 1 - beta^t is what the bias correction divides by), "
    "so the bias-corrected first moment of wd*theta is wd*theta.",
    substitutions=(sp.Eq(m_hat_theta, theta),),
)

ADAM = Claim(
    "regularization.l2.adam_decay",
    "Adam with the L2 gradient wd*theta inside: the bias-corrected moment of a constant "
    "theta is theta, so the step -eta (mhat + wd theta)/(sqrt(vhat) + eps) decays theta by "
    "eta wd theta/(sqrt(vhat) + eps): the decay is divided by the second-moment estimate, "
    "unlike AdamW's eta wd theta.",
    -eta * (m_hat + wd * m_hat_theta) / (sp.sqrt(v_hat) + eps),
    -eta * m_hat / (sp.sqrt(v_hat) + eps) - eta * wd * theta / (sp.sqrt(v_hat) + eps),
    parameters=(eta, wd, theta, m_hat, v_hat, eps), implemented_by="adamw_step",
)
ADAM_DIFFERENCE = Claim(
    "regularization.l2.adam_difference",
    "The decay Adam+L2 applies minus AdamW's: eta wd theta (1/(sqrt(vhat) + eps) - 1), zero only "
    "when sqrt(vhat) + eps = 1: weights with a large gradient history (vhat >> 1) are decayed "
    "far less than AdamW decays them, those with a small one (vhat << 1) far more.",
    eta * wd * theta / (sp.sqrt(v_hat) + eps) - eta * wd * theta,
    eta * wd * theta * (1 - sp.sqrt(v_hat) - eps) / (sp.sqrt(v_hat) + eps),
    parameters=(eta, wd, theta, v_hat, eps),
)
ADAM_FIRST_STEP = Claim(
    "regularization.l2.adam_l2_first_step",
    "Adam with L2 (torch Adam(weight_decay=wd)), first step from zero moments: "
    "theta_1 = theta - eta (g + wd theta)/(|g + wd theta| + eps).",
    adam_l2_first_step(theta, grad, eta, wd, beta1, beta2, eps),
    theta - eta * (grad + wd * theta) / (sp.Abs(grad + wd * theta) + eps),
    parameters=(theta, grad, eta, wd, eps),
)
ADAMW_FIRST_STEP = Claim(
    "regularization.l2.adamw_first_step",
    "AdamW, first step from zero moments: theta_1 = theta (1 - eta wd) - eta g/(|g| + eps).",
    adamw_first_step(theta, grad, eta, wd, beta1, beta2, eps),
    theta * (1 - eta * wd) - eta * grad / (sp.Abs(grad) + eps),
    parameters=(theta, grad, eta, wd, eps), implemented_by="adamw_step",
)

ADAM_DERIVATION = Derivation(
    id="regularization.l2.adam",
    title="In Adam, L2 and weight decay differ: the decay is rescaled by the second moment",
    chapter="regularization",
    assumptions=(SLOW_WEIGHTS,),
    predicates=_betas,
    slides=("002",),
    references=("Loshchilov and Hutter, Decoupled weight decay regularization, ICLR 2019 "
                "(arXiv:1711.05101)",
                "Kingma and Ba, Adam, ICLR 2015 (arXiv:1412.6980)"),
    summary="The L2 gradient enters Adam's moments; for a slowly moving weight its share of the "
            "step is $\\eta \\lambda' \\theta/(\\sqrt{\\hat v} + \\epsilon)$. At the first step "
            "a weight with no loss gradient moves by about $\\eta$ under Adam+L2, by $\\eta "
            "\\lambda' \\theta$ under AdamW.",
    steps=(
        Step(-eta * (m_hat + wd * m_hat_theta) / (sp.sqrt(v_hat) + eps),
             -eta * (m_hat + wd * theta) / (sp.sqrt(v_hat) + eps),
             -eta * m_hat / (sp.sqrt(v_hat) + eps) - eta * wd * theta / (sp.sqrt(v_hat) + eps),
             because="assumption", using=(SLOW_WEIGHTS,),
             note="The moment is linear in the gradient: split g + wd theta."),
        Step(eta * wd * theta / (sp.sqrt(v_hat) + eps) - eta * wd * theta,
             eta * wd * theta * (1 - sp.sqrt(v_hat) - eps) / (sp.sqrt(v_hat) + eps),
             because="algebra", note="Adam+L2's decay term against AdamW's eta wd theta."),
        Step(adam_l2_first_step(theta, grad, eta, wd, beta1, beta2, eps),
             theta - eta * (grad + wd * theta) / (sp.sqrt((grad + wd * theta) ** 2) + eps),
             theta - eta * (grad + wd * theta) / (sp.Abs(grad + wd * theta) + eps),
             because="algebra", note="mhat = g~ and vhat = g~^2 after one step from zero."),
        Step(adamw_first_step(theta, grad, eta, wd, beta1, beta2, eps),
             theta * (1 - eta * wd) - eta * grad / (sp.Abs(grad) + eps), because="algebra"),
    ),
    claims=(ADAM, ADAM_DIFFERENCE, ADAM_FIRST_STEP, ADAMW_FIRST_STEP),
)
