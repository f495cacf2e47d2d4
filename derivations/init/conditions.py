"""Item 2: the forward and backward conditions and Glorot's compromise (slide 004).

Forward, ``h_j = sum_{i=1}^{n_in} w_ij x_i`` keeps the variance of the signal
when ``n_in Var(w) = 1``; backward, ``dx_i = sum_{j=1}^{n_out} w_ij dh_j`` keeps
the variance of the gradient when ``n_out Var(w) = 1``.  Both hold only for
``n_in = n_out``; Glorot and Bengio (2010) average the two conditions,

.. math::

    \\frac{n_{in} + n_{out}}{2} \\operatorname{Var}(w) = \\text{gain}^2
    \\quad\\Longrightarrow\\quad
    \\operatorname{Var}(w) = \\frac{2\\,\\text{gain}^2}{n_{in} + n_{out}},

whose gain-free solution is the harmonic mean of ``1/n_in`` and ``1/n_out``.

>>> XAVIER.claim("init.xavier.variance").rhs
2*gain**2/(n_in + n_out)
>>> FORWARD.claim("init.forward.condition").rhs
1/n_in
"""

from __future__ import annotations

import sympy as sp

from ..kernel import Assumption, Claim, Definition, Derivation, Solve, Step
from .common import Var_, gain, instantiate, n, n_in, n_out
from .variance_propagation import GLOROT, SUM, S, Xi, w, x

__all__ = ["BACKWARD", "FORWARD", "XAVIER", "glorot_gradients", "v_avg", "v_bwd", "v_fwd",
           "v_xavier"]

SLIDE = "004: Немного лучше"
SLIDE_XAVIER = "004: Инициализация Ксавье (Глорота)"

v_fwd = sp.Symbol("v_fwd", positive=True)
v_bwd = sp.Symbol("v_bwd", positive=True)
v_avg = sp.Symbol("v_avg", positive=True)
v_xavier = sp.Symbol("v_xavier", positive=True)

_sum = SUM.lemma("init.sum.variance")
h = S.subs(n, n_in)
_fwd_lemma = instantiate(_sum, {n: n_in}, "init.sum.variance with n = n_in")
#: the hypotheses of init.sum.variance (LeCun's and Glorot's symmetric case), which its
#: lemma carries: i.i.d. zero-mean weights and inputs, independent
forward_moments = SUM.assumptions[0]
signal_variance = Assumption(
    "the input has positive variance",
    "Var(x) > 0: a constant input carries no signal, and then every weight variance keeps "
    "Var(h) = Var(x) = 0 (the condition would not determine Var(w)).",
    predicates=(sp.Q.positive(Var_(x)),),
)
fwd_weights = Assumption("the forward scheme's weights",
                         "The weights have variance v_fwd: Var(w) = v_fwd.",
                         substitutions=(sp.Eq(Var_(w), v_fwd),))
#: Var(h) = n_in v_fwd Var(x), the end of the proved forward chain
fwd_out = n_in * v_fwd * Var_(x)
FORWARD = Derivation(
    id="init.forward_condition",
    title="The forward condition $n_{in} \\operatorname{Var}(w) = 1$",
    chapter="init",
    assumptions=(*SUM.assumptions, signal_variance, fwd_weights),
    steps=(
        Step(Var_(h), n_in * Var_(w) * Var_(x), because="lemma", using=(_fwd_lemma,)),
        Step(n_in * Var_(w) * Var_(x), fwd_out, because="assumption", using=(fwd_weights,)),
        Solve(sp.Eq(fwd_out, Var_(x)), v_fwd, 1 / n_in,
              note="v_fwd is the weight variance with Var(h) = Var(x): the proved factor "
                   "n_in v_fwd set to 1."),
    ),
    claims=(Claim("init.forward.condition",
                  "The forward pass keeps the variance iff Var(w) = 1/n_in.",
                  v_fwd, 1 / n_in, parameters=(n_in,), slide=SLIDE,
                  implemented_by="lecun_uniform, lecun_normal"),),
    slides=(SLIDE,), references=(GLOROT,),
    summary="$\\operatorname{Var}(h) = \\operatorname{Var}(x)\\, n_{in} "
            "\\operatorname{Var}(w)$, so the forward pass keeps the variance when "
            "$\\operatorname{Var}(w) = 1/n_{in}$.",
)

# backward: the gradient of an input is a sum over the n_out units it feeds
G = sp.IndexedBase("g")  # upstream gradients dL/dh_j
g = sp.Symbol("g")
dx = S.subs({n: n_out}).xreplace({Xi: G})
glorot_gradients = Assumption(
    "upstream gradients zero-mean, i.i.d., independent of the weights",
    "Glorot and Bengio's (2010) approximation: the upstream gradients g_j = dL/dh_j are "
    "zero-mean, i.i.d. and independent of the weights w_ij that multiply them, so they meet "
    "the hypotheses of init.sum.variance in the role of the inputs x (substitution g -> x). "
    "Exactly, g_j depends on w through the later layers and the activations' derivatives; "
    "the backward condition holds only under this approximation.",
    substitutions=(sp.Eq(G, Xi), sp.Eq(g, x)),
)
gradient_variance = Assumption(
    "the upstream gradient has positive variance",
    "Var(g) > 0: a constant upstream gradient carries no signal back (and would leave the "
    "backward condition undetermined).",
    predicates=(sp.Q.positive(Var_(g)),),
)
bwd_weights = Assumption("the backward scheme's weights",
                         "The weights have variance v_bwd: Var(w) = v_bwd.",
                         substitutions=(sp.Eq(Var_(w), v_bwd),))
_bwd_lemma = instantiate(_sum, {n: n_out}, "init.sum.variance with n = n_out")
#: Var(dL/dx_i) = n_out v_bwd Var(g), the end of the proved backward chain
bwd_out = n_out * v_bwd * Var_(g)
BACKWARD = Derivation(
    id="init.backward_condition",
    title="The backward condition $n_{out} \\operatorname{Var}(w) = 1$",
    chapter="init",
    assumptions=(*SUM.assumptions, glorot_gradients, gradient_variance, bwd_weights),
    steps=(
        Step(Var_(dx), n_out * Var_(w) * Var_(g), because="lemma",
             using=(glorot_gradients, _bwd_lemma),
             note="dL/dx_i = sum_{j=1}^{n_out} w_ij g_j: the same sum with n_out terms, "
                  "the gradients taking the place of the inputs (Glorot's approximation)."),
        Step(n_out * Var_(w) * Var_(g), bwd_out, because="assumption", using=(bwd_weights,)),
        Solve(sp.Eq(bwd_out, Var_(g)), v_bwd, 1 / n_out,
              note="v_bwd is the weight variance with Var(dL/dx) = Var(dL/dh): the proved "
                   "factor n_out v_bwd set to 1."),
    ),
    claims=(Claim("init.backward.condition",
                  "The backward pass keeps the gradient variance iff Var(w) = 1/n_out "
                  "(under Glorot's approximation of independent upstream gradients).",
                  v_bwd, 1 / n_out, parameters=(n_out,), slide=SLIDE,
                  implemented_by="xavier_uniform, xavier_normal"),),
    slides=(SLIDE,), references=(GLOROT,),
    summary="The gradient flows through $n_{out}$ weights, so the backward pass needs "
            "$\\operatorname{Var}(w) = 1/n_{out}$.",
)

xavier_weights = Assumption("Glorot's weights",
                            "The weights have variance v_xavier: Var(w) = v_xavier.",
                            substitutions=(sp.Eq(Var_(w), v_xavier),))
#: the forward and backward variance factors, Var(h)/Var(x) and Var(dL/dx)/Var(dL/dh)
factors = (Var_(h) / Var_(x) + Var_(dx) / Var_(g)) / 2
#: their average, the end of the proved chain: (n_in + n_out)/2 v_xavier
xavier_out = (n_in + n_out) * v_xavier / 2
_hm = 2 * v_fwd * v_bwd / (v_fwd + v_bwd)
_glorot_free = Definition(v_avg, 2 / (n_in + n_out),
                          "Glorot's variance without a gain: the average of the two factors "
                          "set to 1")
XAVIER = Derivation(
    id="init.xavier_compromise",
    title="Glorot's compromise: the averaged condition",
    chapter="init",
    assumptions=(*SUM.assumptions, glorot_gradients, signal_variance, gradient_variance,
                 xavier_weights),
    steps=(
        Step(factors, (n_in * Var_(w) + n_out * Var_(w)) / 2, because="lemma",
             using=(glorot_gradients, _fwd_lemma, _bwd_lemma),
             note="The forward factor Var(h)/Var(x) = n_in Var(w) and the backward factor "
                  "Var(dL/dx)/Var(dL/dh) = n_out Var(w) (the proved sum variances), averaged."),
        Step((n_in * Var_(w) + n_out * Var_(w)) / 2, xavier_out, because="assumption",
             using=(xavier_weights,)),
        Solve(sp.Eq(xavier_out, gain**2), v_xavier, 2 * gain**2 / (n_in + n_out),
              note="Glorot's compromise: the average of the two factors set to gain^2 (the "
                   "inverse of the activation's variance factor, as in PyTorch's "
                   "calculate_gain); no single variance sets both to 1 unless n_in = n_out."),
        Step(v_avg, 2 / (n_in + n_out), _hm.subs({v_fwd: 1 / n_in, v_bwd: 1 / n_out}),
             because="definition", using=(_glorot_free,),
             note="At gain 1, 2/(n_in + n_out) is the harmonic mean of 1/n_in and 1/n_out."),
    ),
    claims=(
        Claim("init.xavier.harmonic_mean",
              "Glorot's variance 2/(n_in + n_out) is the harmonic mean of 1/n_in and 1/n_out.",
              v_avg, _hm.subs({v_fwd: 1 / n_in, v_bwd: 1 / n_out}),
              parameters=(n_in, n_out), slide=SLIDE_XAVIER,
              implemented_by="xavier_uniform, xavier_normal"),
        Claim("init.xavier.variance",
              "Glorot/Xavier: Var(w) = 2 gain^2/(n_in + n_out).",
              v_xavier, 2 * gain**2 / (n_in + n_out), parameters=(n_in, n_out, gain),
              slide=SLIDE_XAVIER, implemented_by="xavier_uniform, xavier_normal"),
    ),
    slides=(SLIDE_XAVIER,), references=(GLOROT,),
    summary="No single variance satisfies both conditions unless $n_{in} = n_{out}$; setting "
            "the average of the two proved factors to $\\operatorname{gain}^2$ gives $2 "
            "\\operatorname{gain}^2/(n_{in} + n_{out})$.",
)
