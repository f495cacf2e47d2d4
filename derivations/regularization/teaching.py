"""The teaching layer of the regularization and training-tips chapter."""

from __future__ import annotations

from ..registry import Exercise, Teaching

__all__ = ["TEACHING"]

TEACHING = Teaching(
    problem="A network that fits its training set perfectly can still fail on new data: it "
    "grows large weights that amplify noise, trusts its own predictions without limit, and "
    "learns from gradients that are noisy, badly scaled or occasionally huge. The slides list "
    "the remedies (penalties, early stopping, label smoothing, clipping, feature scaling, "
    "mini-batches, checking the first loss) as rules of thumb; each hides a precise statement.",
    answer="An L2 penalty $\\lambda\\lVert w\\rVert^2$ is weight decay by $1 - 2\\eta\\lambda$ per "
    "SGD step, but not inside Adam, which divides it by $\\sqrt{\\hat v}+\\epsilon$: hence "
    "AdamW's decoupled decay. L1's proximal step sets every $|w| \\le \\eta\\lambda$ exactly to 0; "
    "L2 only shrinks. Stopping gradient descent after $\\tau$ steps acts like ridge with "
    "$\\lambda \\approx 1/(\\tau\\eta)$, to first order only. Label smoothing keeps the optimal "
    "logit gap finite, $\\log(1 + K(1-\\varepsilon)/\\varepsilon)$. Clipping by norm keeps the "
    "direction and bounds the step by $\\eta\\tau$; clipping by value turns it. Standardised "
    "features have mean 0 and variance 1 (with one ddof) and make $X^\\top X/n$ the "
    "correlation matrix; the mini-batch gradient is unbiased with variance $\\sigma^2/B$ "
    "(times $(N-B)/(N-1)$ without replacement); and a $C$-class network should start near "
    "$\\ln C$.",
    worked_example="Ten classes, label smoothing $\\varepsilon = 0.1$: the target is $0.91$ for "
    "the true class and $0.01$ for each other. The best logits differ by "
    "$\\ln(0.91/0.01) = \\ln 91 \\approx 4.51$, and the smallest reachable loss is the target's "
    "entropy $-0.91\\ln 0.91 - 9 \\cdot 0.01 \\ln 0.01 \\approx 0.500$, not 0. Without smoothing "
    "the gap would grow forever. At initialisation with logits of scale $\\sigma = 0.1$ the loss "
    "should read $\\ln 10 + 0.45 \\cdot 0.01 \\approx 2.307$.",
    notation=(
        ("\\lambda", "penalty strength (the slides' $L_r(w) = \\lambda\\sum_i w_i^2$)"),
        ("\\lambda'", "PyTorch's `weight_decay`: the decay factor per step is "
         "$1 - \\eta\\lambda'$"),
        ("\\eta", "learning rate"),
        ("\\hat m, \\hat v", "Adam's bias-corrected first and second moment estimates"),
        ("\\epsilon", "Adam's constant added to $\\sqrt{\\hat v}$"),
        ("s^2", "an eigenvalue of $X^\\top X$ (a squared singular value of $X$)"),
        ("\\tau", "number of gradient-descent steps before stopping; also a clipping threshold"),
        ("\\varepsilon", "label-smoothing parameter; the target is "
         "$(1-\\varepsilon)\\,\\mathrm{onehot} + \\varepsilon/K$"),
        ("K, C", "number of classes"),
        ("\\sigma_d", "standard deviation with ddof $d$: divide by $n - d$"),
        ("\\kappa", "condition number: largest over smallest Hessian eigenvalue"),
        ("N, B", "data-set size and mini-batch size"),
        ("\\bar g, \\sigma^2", "mean and (ddof 0) variance of the per-example gradients"),
    ),
    exercises=(
        Exercise(
            "PyTorch's SGD with `lr=0.1` and `weight_decay=0.01`: by what factor does a weight "
            "with zero loss gradient shrink per step, and which penalty "
            "$\\lambda\\lVert w\\rVert^2$ is that?",
            "SGD adds $\\lambda' w$ to the gradient, so $w \\leftarrow (1 - 0.1 \\cdot 0.01) w = "
            "0.999\\,w$. The gradient of $\\lambda\\lVert w\\rVert^2$ is $2\\lambda w$, so "
            "$\\lambda = \\lambda'/2 = 0.005$.",
        ),
        Exercise(
            "Weights after a gradient step are $v = (0.3, -0.04, 0.07)$; the L1 threshold is "
            "$\\eta\\lambda = 0.05$. What does the proximal step return, and what would the L2 "
            "proximal step with $c = 0.05$ return?",
            "Soft thresholding: $(0.25, 0, 0.02)$; the middle weight is exactly 0. L2: "
            "$v/(1 + 2c) = v/1.1 = (0.2727, -0.0364, 0.0636)$: all shrink, none vanish.",
        ),
        Exercise(
            "Gradient descent with $\\eta = 0.01$ stops after $\\tau = 50$ steps. Which ridge "
            "$\\lambda$ corresponds, and how well does it match in a direction with $s^2 = 0.1$ "
            "and one with $s^2 = 10$?",
            "$\\lambda = 1/(\\tau\\eta) = 2$. For $s^2 = 0.1$: early stopping keeps "
            "$1 - 0.999^{50} = 0.0488$, ridge $0.1/2.1 = 0.0476$: close. For $s^2 = 10$: "
            "$1 - 0.9^{50} = 0.9948$ against $10/12 = 0.833$: the correspondence has broken, "
            "because $\\tau\\eta s^2 = 5$ is not small.",
        ),
        Exercise(
            "A data set has $N = 100$ examples. How much smaller is the gradient variance of a "
            "batch of 50 drawn without replacement than of one drawn with replacement?",
            "By the factor $(N - B)/(N - 1) = 50/99 \\approx 0.505$: the variance nearly halves, "
            "because two different draws without replacement are negatively correlated.",
        ),
    ),
    intuitions=(
        ("regularization.l2", "The penalty's gradient points from the weight to the origin "
         "with a length proportional to the weight, so a plain gradient step scales every "
         "weight by the same factor before following the data."),
        ("regularization.l2.adam", "Adam normalises every gradient coordinate by its typical "
         "size; an L2 gradient added to the loss gradient is normalised too, so weights with "
         "large gradients are barely decayed. Decoupling puts the decay outside the "
         "normalisation."),
        ("regularization.l1", "The absolute value has a corner at 0: its subgradient can "
         "cancel any pull of size at most $\\eta\\lambda$, so small weights stay exactly at 0; "
         "the smooth square has no corner and only shrinks."),
        ("regularization.l1.prox_positive", "Above the threshold the penalty is a constant pull "
         "$c$ toward 0, so the weight moves down by exactly $c$ and stays positive."),
        ("regularization.l1.prox_negative", "Below minus the threshold the pull is $c$ upward: "
         "the weight moves up by exactly $c$ and stays negative."),
        ("regularization.early_stopping", "Gradient descent from zero fits the directions with "
         "large $s^2$ first; stopping early leaves the small-$s^2$ directions, the noisy ones, "
         "nearly unfit, which is what ridge does by design."),
        ("regularization.label_smoothing.gradient", "Cross-entropy's gradient is prediction "
         "minus target; smoothing only changes the target."),
        ("regularization.label_smoothing.optimum", "With a smoothed target the best prediction "
         "is that target, which a finite logit gap already reaches; nothing rewards pushing "
         "the logits further apart."),
        ("regularization.label_smoothing.logit_gap", "Each real gap has one positive odds "
         "$e^d$ and back, so the one stationary odds gives the one stationary gap, its log."),
        ("regularization.label_smoothing.entropy", "Once the prediction equals the target, "
         "the cross-entropy is the target's own uncertainty, its entropy: the floor no model "
         "can go below."),
        ("regularization.clipping", "Scaling a vector by a positive number keeps its direction; "
         "clamping coordinates separately shortens some more than others."),
        ("regularization.scaling", "Centering removes the mean by construction and dividing by "
         "the spread that was measured makes that spread 1, but only in the same units of "
         "measure (ddof)."),
        ("regularization.scaling.rate", "Gradient descent must use a step small enough for the "
         "steepest direction, so it crawls along the flattest; equal curvatures let one step "
         "serve all directions."),
        ("regularization.minibatch.pairs", "Drawing without replacement, an example already "
         "drawn cannot come again, so a high draw makes the next one a little lower on "
         "average."),
        ("regularization.minibatch.with_replacement", "Averaging B independent noisy gradients "
         "divides the variance by B."),
        ("regularization.minibatch.without_replacement", "Without replacement the draws "
         "cancel each other slightly, and a batch of the whole data set has no noise at all."),
        ("regularization.initial_loss", "Equal logits mean a uniform guess, and a uniform "
         "guess over $C$ classes costs $\\ln C$ nats."),
        ("regularization.initial_loss.small_logits", "Random logits make the network a little "
         "more confident, right or wrong at random; on average the wrong confidence costs "
         "more, by $(C-1)\\sigma^2/(2C)$."),
    ),
    captions=(
        ("regularization.early_stopping_path",
         "The lesson: stopping gradient descent after $\\tau$ steps and ridge with $\\lambda = "
         "1/(\\tau \\eta)$ trace nearly the same path: equal to first order, apart where $\\tau "
         "\\eta s^2$ is large."),
        ("regularization.minibatch_noise",
         "The lesson: the noise of the mini-batch gradient falls as $\\sigma^2/B$; without "
         "replacement faster, by the factor $(N - B)/(N - 1)$ (here $N = 40$, $\\sigma^2 = 1$)."),
        ("regularization.scaling_rate",
         "The lesson: with feature variances 1 and 100 the best fixed step contracts the error "
         "by only $99/101$ per step (markers, and the derived rate dashed); standardized, one "
         "step reaches the solution, an error of 0 that a log scale cannot show."),
    ),
)


#: The chapter's titles and summaries with their maths typeset, for the report: each pair
#: is the plain words a derivation module (or the chapter) gives and the same words with
#: their maths as $...$ LaTeX. The report shows a pair's typeset words while its plain
#: words are current; tests/test_report.py names a pair that no longer matches.
TYPESET = (
    ("The slides' training heuristics made exact. An L2 penalty is weight decay by 1 - 2 eta "
     "lambda for SGD but is rescaled by Adam's second moment (hence AdamW); L1's proximal step "
     "zeroes small weights; early stopping matches ridge with lambda = 1/(tau eta) to first "
     "order only; label smoothing bounds the optimal logit gap and its loss floor is the "
     "target's entropy; clipping by norm keeps the direction, by value does not; standardised "
     "features have mean 0 and variance 1 with one ddof; the mini-batch gradient is unbiased "
     "with variance sigma^2/B ((N - B)/(N - 1) sigma^2/B without replacement); the first loss of "
     "a C-class network is ln C. Dropout's equivalence to an L2 penalty is the dropout chapter's "
     "claim dropout.l2.",
     "The slides' training heuristics made exact. An L2 penalty is weight decay by $1 - 2 \\eta "
     "\\lambda$ for SGD but is rescaled by Adam's second moment (hence AdamW); L1's proximal "
     "step zeroes small weights; early stopping matches ridge with $\\lambda = 1/(\\tau \\eta)$ "
     "to first order only; label smoothing bounds the optimal logit gap and its loss floor is "
     "the target's entropy; clipping by norm keeps the direction, by value does not; "
     "standardised features have mean 0 and variance 1 with one ddof; the mini-batch gradient "
     "is unbiased with variance $\\sigma^2/B$ ($(N - B)/(N - 1)\\, \\sigma^2/B$ without "
     "replacement); the first loss of a $C$-class network is $\\ln C$. Dropout's equivalence to "
     "an L2 penalty is the dropout chapter's claim `dropout.l2`."),
    ("The L2 gradient, and one SGD step is weight decay by 1 - 2 eta lambda",
     "The L2 gradient, and one SGD step is weight decay by $1 - 2 \\eta \\lambda$"),
    ("d/dw_k lambda sum_i w_i^2 = 2 lambda w_k; an SGD step on the penalised loss multiplies w "
     "by 1 - 2 eta lambda before the loss-gradient step.",
     "$\\partial/\\partial w_k\\, \\lambda \\sum_i w_i^2 = 2 \\lambda w_k$; an SGD step on the "
     "penalised loss multiplies $w$ by $1 - 2 \\eta \\lambda$ before the loss-gradient step."),
    ("The L2 gradient enters Adam's moments; for a slowly moving weight its share of the step is "
     "eta wd theta/(sqrt(vhat) + eps). At the first step a weight with no loss gradient moves by "
     "about eta under Adam+L2, by eta wd theta under AdamW.",
     "The L2 gradient enters Adam's moments; for a slowly moving weight its share of the step "
     "is $\\eta \\lambda' \\theta/(\\sqrt{\\hat v} + \\epsilon)$. At the first step a weight "
     "with no loss gradient moves by about $\\eta$ under Adam+L2, by $\\eta \\lambda' \\theta$ "
     "under AdamW."),
    ("d/dw lambda|w| = lambda sign(w) (w != 0); the proximal step is soft thresholding sign(v) "
     "max(|v| - eta lambda, 0), which zeroes every |v| <= eta lambda, while the L2 proximal step "
     "v/(1 + 2 eta lambda) zeroes only v = 0.",
     "$\\partial/\\partial w\\, \\lambda |w| = \\lambda \\operatorname{sign}(w)$ ($w \\ne 0$); "
     "the proximal step is soft thresholding $\\operatorname{sign}(v) \\max(|v| - \\eta "
     "\\lambda, 0)$, which zeroes every $|v| \\le \\eta \\lambda$, while the L2 proximal step "
     "$v/(1 + 2 \\eta \\lambda)$ zeroes only $v = 0$."),
    ("Soft thresholding above the threshold: u = v - c when v > c",
     "Soft thresholding above the threshold: $u = v - c$ when $v > c$"),
    ("On u > 0 the proximal objective is smooth with derivative u - v + c; for v > c its only "
     "zero in u > 0 is v - c.",
     "On $u > 0$ the proximal objective is smooth with derivative $u - v + c$; for $v > c$ its "
     "only zero in $u > 0$ is $v - c$."),
    ("Soft thresholding below minus the threshold: u = v + c when v < -c",
     "Soft thresholding below minus the threshold: $u = v + c$ when $v < -c$"),
    ("On u < 0 the proximal objective is smooth with derivative u - v - c; for v < -c its only "
     "zero in u < 0 is v + c.",
     "On $u < 0$ the proximal objective is smooth with derivative $u - v - c$; for $v < -c$ its "
     "only zero in $u < 0$ is $v + c$."),
    ("Early stopping shrinks like ridge with lambda = 1/(tau eta), to first order",
     "Early stopping shrinks like ridge with $\\lambda = 1/(\\tau \\eta)$, to first order"),
    ("GD from 0 for tau steps shrinks eigendirection s^2 by 1 - (1 - eta s^2)^tau, ridge by "
     "s^2/(s^2 + lambda); they agree to first order iff lambda = 1/(tau eta) and differ at "
     "second order by tau (tau + 1) eta^2 s^4 / 2.",
     "GD from 0 for $\\tau$ steps shrinks eigendirection $s^2$ by $1 - (1 - \\eta s^2)^\\tau$, "
     "ridge by $s^2/(s^2 + \\lambda)$; they agree to first order iff $\\lambda = 1/(\\tau "
     "\\eta)$ and differ at second order by $\\tau (\\tau + 1) \\eta^2 s^4/2$."),
    ("q sums to 1 (symbolic K); dL/dz_j = p_j - q_j (K = 3, each logit), because d log sum_k "
     "e^{z_k}/dz_j = p_j and the target's weights sum to 1.",
     "$q$ sums to 1 (symbolic $K$); $\\partial L/\\partial z_j = p_j - q_j$ ($K = 3$, each "
     "logit), because $\\partial \\log \\sum_k e^{z_k}/\\partial z_j = p_j$ and the target's "
     "weights sum to 1."),
    ("With the other logits at 0, dL/dd = p_c - q_c.  In the odds t = e^d > 0 (one t for each "
     "real d) the condition, times t + K - 1 > 0, is linear in t: its one positive solution is "
     "t* = 1 + K(1 - eps)/eps, where p = q.",
     "With the other logits at 0, $\\partial L/\\partial d = p_c - q_c$. In the odds $t = e^d > "
     "0$ (one $t$ for each real $d$) the condition, times $t + K - 1 > 0$, is linear in $t$: "
     "its one positive solution is $t^* = 1 + K(1 - \\varepsilon)/\\varepsilon$, where $p = q$."),
    ("d = log t is a bijection from the odds t > 0 onto the real gaps, so the one stationary "
     "odds t* gives the one stationary gap d* = log t* = log(1 + K(1 - eps)/eps).",
     "$d = \\log t$ is a bijection from the odds $t > 0$ onto the real gaps, so the one "
     "stationary odds $t^*$ gives the one stationary gap $d^* = \\log t^* = \\log(1 + K(1 - "
     "\\varepsilon)/\\varepsilon)$."),
    ("At d*, e^{d*} + K - 1 = K/eps = 1/q_other, so the cross-entropy is H(q) > 0.",
     "At $d^*$, $e^{d^*} + K - 1 = K/\\varepsilon = 1/q_{\\text{other}}$, so the cross-entropy "
     "is $H(q) > 0$."),
    ("g tau/||g|| = tau u has norm tau and g's direction; clip-by-value maps (10, 1) to (1, 1), "
     "cosine 11/sqrt(202).",
     "$g \\tau/\\|g\\| = \\tau u$ has norm $\\tau$ and $g$'s direction; clip-by-value maps "
     "$(10, 1)$ to $(1, 1)$, cosine $11/\\sqrt{202}$."),
    ("Standardised features: mean 0, variance 1 (same ddof), X^T X/n the correlation",
     "Standardised features: mean 0, variance 1 (same ddof), $X^\\top X/n$ the correlation"),
    ("Sums of the centred, scaled features are fixed by the definitions of mu and sigma_d; the "
     "variance is 1 only with the ddof used to scale.",
     "Sums of the centred, scaled features are fixed by the definitions of $\\mu$ and "
     "$\\sigma_d$; the variance is 1 only with the ddof used to scale."),
    ("Gradient descent's rate is (kappa - 1)/(kappa + 1): scaling can change kappa",
     "Gradient descent's rate is $(\\kappa - 1)/(\\kappa + 1)$: scaling can change $\\kappa$"),
    ("Each eigendirection of the Hessian contracts by 1 - eta h_i; the best fixed step balances "
     "the extremes, giving (kappa - 1)/(kappa + 1).",
     "Each eigendirection of the Hessian contracts by $1 - \\eta h_i$; the best fixed step "
     "balances the extremes, giving $(\\kappa - 1)/(\\kappa + 1)$."),
    ("Two draws without replacement are negatively correlated: covariance -sigma^2/(N-1)",
     "Two draws without replacement are negatively correlated: covariance $-\\sigma^2/(N-1)$"),
    ("sum over distinct pairs = (sum g)^2 - sum g^2, divided by N(N - 1) ordered pairs.",
     "The sum over distinct pairs is $(\\sum g)^2 - \\sum g^2$, divided by $N(N - 1)$ ordered "
     "pairs."),
    ("With replacement the mini-batch gradient is unbiased with variance sigma^2/B",
     "With replacement the mini-batch gradient is unbiased with variance $\\sigma^2/B$"),
    ("E[G] = gbar and Var G = sigma^2/B: the B draws are independent.",
     "$\\mathbb{E}[G] = \\bar g$ and $\\operatorname{Var}(G) = \\sigma^2/B$: the $B$ draws are "
     "independent."),
    ("Without replacement: unbiased, variance (N - B)/(N - 1) sigma^2/B",
     "Without replacement: unbiased, variance $(N - B)/(N - 1)\\, \\sigma^2/B$"),
    ("E[G] = gbar; the pairs are negatively correlated (pair_moment), so Var G = (N - B)/(N - 1) "
     "sigma^2/B, the finite-population correction.",
     "$\\mathbb{E}[G] = \\bar g$; the pairs are negatively correlated (`pair_moment`), so "
     "$\\operatorname{Var}(G) = (N - B)/(N - 1)\\, \\sigma^2/B$, the finite-population "
     "correction."),
    ("Equal logits give the initial loss ln C",
     "Equal logits give the initial loss $\\ln C$"),
    ("softmax of equal logits is uniform; -ln(1/C) = ln C.",
     "The softmax of equal logits is uniform; $-\\ln(1/C) = \\ln C$."),
    ("Small random logits: E[initial loss] = ln C + (C - 1) sigma^2/(2C), to second order",
     "Small random logits: $\\mathbb{E}[\\text{initial loss}] = \\ln C + (C - 1)\\, "
     "\\sigma^2/(2C)$, to second order"),
    ("Taylor in sigma at 0: the slope has mean 0, the curvature mean 1 - 1/C.",
     "Taylor in $\\sigma$ at 0: the slope has mean 0, the curvature mean $1 - 1/C$."),
)
