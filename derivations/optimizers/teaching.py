"""The teaching layer of the optimizers chapter: the problem, the answer, a worked number,
notation, exercises and one intuition per derivation."""

from __future__ import annotations

from ..registry import Exercise, Teaching

TEACHING = Teaching(
    problem=(
        "Plain gradient descent takes the same step size in every direction. On a loss whose "
        "curvature differs between directions (condition number $\\kappa = L/\\mu$) the step "
        "must be small enough for the steepest direction, $\\alpha < 2/L$, so the flattest "
        "direction shrinks by only $1 - \\alpha\\mu \\approx 1 - 2/\\kappa$ per step: "
        "thousands of steps at $\\kappa = 1000$. Noisy gradients make it worse, and a moving "
        "average started from zero underestimates what it averages."
    ),
    answer=(
        "Momentum sums past gradients with weights $\\rho^{t-k}$, so consistent directions "
        "build up to $1/(1-\\rho)$ times the step and oscillating ones cancel; tuned, it "
        "contracts at $(\\sqrt\\kappa - 1)/(\\sqrt\\kappa + 1)$ instead of "
        "$(\\kappa - 1)/(\\kappa + 1)$. AdaGrad, RMSProp and Adam divide each coordinate by "
        "the root of its own average squared gradient, which makes the step independent of "
        "that coordinate's scale. Adam divides its averages by $1 - \\beta^t$, which makes "
        "them unbiased at every step."
    ),
    worked_example=(
        "Take $\\kappa = 100$. Tuned gradient descent contracts by $99/101 = 0.980$ per step "
        "and needs about $\\ln(10^{-6})/\\ln 0.980 \\approx 690$ steps to gain six digits; "
        "tuned heavy ball contracts by $9/11 = 0.818$ and needs about 69. With "
        "$\\beta_2 = 0.999$ and a constant gradient $g = 1$, Adam's raw second moment "
        "after one step is $v_1 = 0.001$; the corrected $\\hat v_1 = 0.001/(1 - 0.999) = 1$ "
        "is exactly $g^2$, and the first step is $\\eta \\cdot 1/(1 + \\epsilon) \\approx "
        "\\eta$."
    ),
    notation=(
        ("t", "the step; the $t$-th update uses the gradient $g_t$, and $t = 0$ is the start"),
        ("g_t", "the gradient of the loss at step $t$ (one coordinate)"),
        ("\\eta", "the learning rate (PyTorch's lr); $\\eta_t$ when it changes"),
        ("\\rho", "the momentum (PyTorch's momentum; the slides' $\\alpha$ on the Nesterov "
                  "slide)"),
        ("v_t", "the momentum buffer: $v_t = \\rho v_{t-1} + g_t$, $v_0 = 0$"),
        ("h_t", "the slide's velocity with the rate inside: $h_t = \\rho h_{t-1} + \\eta_t g_t$"),
        ("G_t", "AdaGrad's sum, or RMSProp's average, of squared gradients"),
        ("m_t, v_t", "Adam's averages of $g$ and $g^2$ (PyTorch's `exp_avg`, `exp_avg_sq`)"),
        ("\\beta_1, \\beta_2", "Adam's averaging weights (PyTorch's betas)"),
        ("\\hat m_t, \\hat v_t", "the bias-corrected averages $m_t/(1-\\beta_1^t)$, "
                                 "$v_t/(1-\\beta_2^t)$"),
        ("\\epsilon", "the small constant added to the denominator (PyTorch's `eps`)"),
        ("\\mu, L, \\kappa",
         "the smallest and largest curvature of a quadratic, $\\kappa = L/\\mu$"),
        ("\\lambda", "an eigenvalue of the quadratic's matrix $A$"),
    ),
    exercises=(
        Exercise(
            question="With $\\rho = 0.99$ and a constant gradient, how many times larger than "
                     "plain SGD's is the terminal momentum step, and after how many steps has "
                     "the velocity reached 90% of it?",
            answer="$1/(1 - 0.99) = 100$ times. The velocity is $(1 - \\rho^t)$ times its "
                   "limit, so $0.99^t = 0.1$: $t = \\ln 0.1/\\ln 0.99 \\approx 229$ steps.",
        ),
        Exercise(
            question="Adam with the defaults ($\\beta_1 = 0.9$, $\\beta_2 = 0.999$) and without "
                     "bias correction: how large is the first step for a gradient $g = 10^{-3}$ "
                     "and $\\epsilon \\to 0$?",
            answer="$m_1 = 0.1 g$ and $\\sqrt{v_1} = \\sqrt{0.001}|g| = 0.0316|g|$, so the step "
                   "is $\\eta \\cdot 0.1/0.0316 = 3.16\\,\\eta$, whatever $g$ is; with the "
                   "correction it is $\\eta$.",
        ),
        Exercise(
            question="AdaGrad with $\\epsilon = 0$ sees gradients $(10, 0.1)$ in two "
                     "coordinates at every step. How far has each coordinate moved after "
                     "$t$ steps?",
            answer="Each step is $\\eta/\\sqrt{s}$ for $s = 1..t$ in both coordinates (the "
                   "scale cancels), so both have moved $\\eta\\sum_{s\\le t} s^{-1/2} \\approx "
                   "2\\eta\\sqrt t$: the flat coordinate keeps up with the steep one.",
        ),
        Exercise(
            question="For gradient descent on $f(x) = (x_1^2 + 100 x_2^2)/2$, which step sizes "
                     "converge, and which is best?",
            answer="$0 < \\alpha < 2/100 = 0.02$; the best is $\\alpha = 2/(1 + 100) = 0.0198$, "
                   "with rate $99/101$.",
        ),
    ),
    intuitions=(
        ("optim.momentum.velocity", "Each step adds today's gradient and keeps a fraction "
         "$\\rho$ of the old velocity, so a gradient from $k$ steps ago survives with weight "
         "$\\rho^k$."),
        ("optim.momentum.constant", "If every gradient is the same, the weights "
         "$1 + \\rho + \\rho^2 + \\dots$ add up to $1/(1-\\rho)$: momentum is a longer stride "
         "in a consistent direction."),
        ("optim.momentum.notations", "Whether the rate multiplies each gradient as it arrives "
         "or the whole buffer at the end makes no difference until the rate changes."),
        ("optim.nesterov", "Nesterov's method evaluates the gradient where momentum is about to "
         "carry you; PyTorch simply stores that look-ahead point as the parameter."),
        ("optim.quadratic.gd", "On a quadratic every eigendirection is an independent "
         "one-dimensional problem, multiplied by $1 - \\alpha\\lambda$ at every step."),
        ("optim.quadratic.heavy_ball", "Momentum turns each direction into a damped "
         "oscillator; tuned right, every direction rings down at the same rate "
         "$\\sqrt\\beta$, which depends on $\\sqrt\\kappa$ instead of $\\kappa$."),
        ("optim.adagrad", "Dividing by the root of the summed squares measures each "
         "coordinate in units of its own gradients, and the sum only grows, so steps shrink."),
        ("optim.rmsprop.expectation", "A moving average that starts at zero needs about "
         "$1/(1-\\alpha)$ steps to forget that start."),
        ("optim.rmsprop.constant", "Without a correction the early average is too small, so "
         "dividing by its root makes the first steps too large."),
        ("optim.adam.first_moment", "After $t$ steps the weights of the average add up to "
         "$1 - \\beta_1^t$, not 1; dividing by that sum is the correction."),
        ("optim.adam.second_moment", "The same for the squares, where $\\beta_2 = 0.999$ "
         "makes the missing weight large for hundreds of steps."),
        ("optim.adam.steps", "Corrected, the ratio $\\hat m/\\sqrt{\\hat v}$ is $\\pm 1$ for a "
         "steady gradient, so every step is about $\\eta$."),
        ("optim.schedules", "Schedules shrink the rate by a plan fixed in advance; AdaGrad "
         "shrinks it by the history of the gradients."),
    ),
    captions=(
        ("optimizers.adam_bias",
         "The lesson: Adam's raw average $m_t$ starts biased towards zero and needs about $1/(1 "
         "- \\beta_1)$ steps to forget its zero start; dividing by $1 - \\beta_1^t$ makes it "
         "unbiased at every step. Markers: the mean of $m_t/\\mathbb{E}[g]$ over many "
         "independent coordinates with stationary gradients ($\\pm$ one standard error); "
         "dashed: the derived $1 - \\beta_1^t$ at $\\beta_1 = 0.9$."),
        ("optimizers.trajectories",
         "The lesson: on an ill-conditioned quadratic, tuned gradient descent zig-zags across "
         "the steep direction and crawls along the flat one; momentum's rate $(\\sqrt{\\kappa} "
         "- 1)/(\\sqrt{\\kappa} + 1)$ beats $(\\kappa - 1)/(\\kappa + 1)$; RMSProp and Adam "
         "rescale each coordinate and move both at about the same speed. The first 12 steps "
         "from $(-4, 1)$."),
    ),
)

