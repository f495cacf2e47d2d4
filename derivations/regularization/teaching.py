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

