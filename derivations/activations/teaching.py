"""The teaching layer of the activations chapter: the problem, the answer, a worked number,
the notation, exercises and the intuition that leads each derivation."""

from ..registry import Exercise, Teaching

TEACHING = Teaching(
    problem=(
        "Training needs the gradient of the loss with respect to every weight, and the chain "
        "rule computes it as a product: one factor per layer, each the layer's weight times the "
        "activation's slope $f'(h)$. If those factors are below 1 the product vanishes "
        "exponentially with depth and the early layers stop learning (the slides' "
        "'паралич сети'); above 1 it explodes. The activation decides the slope, so it decides "
        "whether a deep network can be trained at all."
    ),
    answer=(
        "Backpropagation computes the shared factor $\\delta_l = \\partial L/\\partial h_l$ "
        "once per layer and reuses it, so the whole gradient costs about one forward pass. "
        "The sigmoid's slope is at most $1/4$, so $L$ sigmoid layers with weights $|w| \\le w$ "
        "shrink a gradient by at least $(w/4)^L$; tanh's slope reaches 1 only at 0; ReLU's is "
        "exactly 1 on active units, but a unit that is inactive on every input never learns "
        "again. For any activation the gain $g = 1/\\sqrt{E[f(z)^2]}$, $z \\sim N(0, 1)$, keeps "
        "the signal's variance at the fixed point 1, and $1/\\sqrt{E[f'(z)^2]}$ keeps the "
        "gradient's: they coincide only for ReLU-like activations ($\\sqrt 2$). What is "
        "proved and what is computed: the kernel proves every derivative, bound and fixed-point "
        "equation, the exact gains (identity, ReLU, leaky ReLU) and the erf closed forms (ELU, "
        "SELU); for tanh, sigmoid, GELU and SiLU it proves which Gaussian integral the moment "
        "is, and the integral's value is computed by quadrature (20 digits, checked against an "
        "independent quadrature), not proved."
    ),
    worked_example=(
        "Ten sigmoid layers with weights $|w_l| \\le 1$: each layer multiplies the gradient by "
        "$w_l \\sigma'(h_l) \\le 1/4$, so the first layer receives at most "
        "$4^{-10} \\approx 9.5 \\times 10^{-7}$ of the top gradient, and at twenty layers "
        "$9.1 \\times 10^{-13}$. With tanh at PyTorch's gain $5/3$ the signal settles at "
        "$q^* \\approx 1.18$ and the gradient grows by $\\chi \\approx 1.21$ per layer; at the "
        "derived gain $1.5925$ the signal stays at $q^* = 1$ and the gradient grows by $1.18$ "
        "per layer. SELU's constants make $E[\\mathrm{SELU}(z)] = 0$ and "
        "$E[\\mathrm{SELU}(z)^2] = 1$: $\\alpha = 1.6732632423543772$, "
        "$\\lambda = 1.0507009873554805$."
    ),
    notation=(
        ("L", "the loss, $\\tfrac12 (y - \\hat y)^2$ on the slides"),
        ("X, W_1, W_2", "the input and the weights of the slide's two-layer network"),
        ("f, f'", "the activation and its derivative"),
        ("\\sigma(x)", "the sigmoid $1/(1 + e^{-x})$"),
        ("\\delta_l", "$\\partial L/\\partial h_l$, the gradient at layer $l$'s pre-activation"),
        ("h, z", "a pre-activation; $z \\sim N(0, 1)$ a standard normal one"),
        ("q, q^*", "the variance of the pre-activation, and its fixed point"),
        ("\\Phi, \\varphi", "the standard normal distribution function and density"),
        ("a", "leaky ReLU's negative slope"),
        ("\\alpha, \\lambda", "ELU's negative-branch scale; SELU's overall scale"),
        ("g", "the gain: weights have variance $g^2/n_{in}$"),
        ("\\chi_f, \\chi_b", "forward factor $E[f(h)^2]/q$ and backward factor $E[f'(h)^2]$"),
        ("b, s", "mean (bias) and spread of a unit's Gaussian pre-activation"),
    ),
    exercises=(
        Exercise(
            question=(
                "Five sigmoid layers have weights of size at most 2. How small can the "
                "gradient reaching the first layer be relative to the top, at most?"
            ),
            answer=(
                "Each factor is $|w_l|\\,\\sigma'(h_l) \\le 2 \\cdot \\tfrac14 = \\tfrac12$, "
                "so the product of five is at most $(2/4)^5 = 1/32 \\approx 0.031$ (claim "
                "`act.sigmoid.depth_bound` with $w = 2$, $L = 5$). Only weights of size 4 or "
                "more let the bound stop shrinking."
            ),
        ),
        Exercise(
            question=(
                "A ReLU unit's pre-activation is $N(b, s^2)$ with bias $b = -2s$. What is "
                "the probability that it is inactive on one input, and on all 32 inputs of a "
                "batch?"
            ),
            answer=(
                "$P = \\Phi(-b/s) = \\Phi(2) \\approx 0.977$ on one input (claim "
                "`act.relu.dead_probability`), and $0.977^{32} \\approx 0.48$ on the whole batch "
                "(`act.relu.dead_batch`): about half the time the unit receives no gradient "
                "from that batch at all."
            ),
        ),
        Exercise(
            question=(
                "Show that leaky ReLU with slope $a$ has the same gain both ways and compute it "
                "for $a = 0.2$."
            ),
            answer=(
                "$E[f(z)^2] = \\tfrac12 + \\tfrac{a^2}{2}$ (half the mass on each side) and "
                "$E[f'(z)^2] = \\tfrac12 \\cdot 1 + \\tfrac12 a^2$, the same number, so "
                "$g = \\sqrt{2/(1 + a^2)} = \\sqrt{2/1.04} \\approx 1.387$, PyTorch's value."
            ),
        ),
        Exercise(
            question=(
                "The slide writes $\\partial L/\\partial W_1 = -(y - f(XW_1)W_2) W_2 "
                "f'(XW_1) W_1$. Test it on $f(u) = u$, $X = 2$, $W_1 = W_2 = 1$, $y = 0$."
            ),
            answer=(
                "$L = \\tfrac12 (2 W_1)^2 = 2 W_1^2$, so $\\partial L/\\partial W_1 = 4 W_1 = 4$; "
                "the slide's formula gives $-(0 - 2) \\cdot 1 \\cdot 1 \\cdot 1 = 2$. The last "
                "factor must be $X = 2$, the derivative of $X W_1$ by $W_1$."
            ),
        ),
    ),
    # the Gaussian-integral bookkeeping behind the gain table: on the appendix page
    appendix=("act.gaussian_integrals", "act.elu_mean", "act.smooth_derivatives",
              "act.gain_exact", "act.gain_closed_moments", "act.gain_closed",
              "act.gain_numeric"),
    intuitions=(
        ("act.backprop_gradients", "Differentiate from the outside in: the square, then the "
         "product with $W_2$, then $f$ at $X W_1$, whose inner derivative is the input $X$."),
        ("act.backprop_chain", "Every weight's gradient is the error arriving at its layer "
         "times the input it multiplies; the arriving error is passed down, not recomputed."),
        ("act.backprop_cost", "Recomputing the chain for every weight costs a triangle "
         "of products, sharing it costs a line."),
        ("act.sigmoid_derivative", "$\\sigma (1 - \\sigma)$ is a product of two numbers summing "
         "to 1, largest when both are $1/2$."),
        ("act.sigmoid_depth", "A product of $L$ factors that are each at most $w/4$ is at "
         "most $(w/4)^L$."),
        ("act.sigmoid_sign", "Positive inputs hand the neuron's error sign to every incoming "
         "weight alike."),
        ("act.sigmoid_mean", "$\\sigma(h) + \\sigma(-h) = 1$ puts a symmetric input's mean "
         "output at $1/2$."),
        ("act.tanh_derivative", "tanh is a sigmoid stretched by 2 both ways, so its slope is "
         "4 times the sigmoid's: at most 1."),
        ("act.tanh_mean", "An odd function of a symmetric variable averages to 0."),
        ("act.relu_derivative", "The slope is 1 or 0, so active paths pass gradients whole."),
        ("act.relu_dead_probability", "The bias moves the Gaussian pre-activation; what lies "
         "left of 0 is switched off."),
        ("act.relu_dead_batch", "Independent inputs multiply their chances of being off."),
        ("act.relu_dead_frozen", "Every term of the weight's gradient carries "
         "$\\operatorname{ReLU}'(z) = 0$, so nothing moves the unit back."),
        ("act.leaky_linear", "A linear function is odd; $f(1) + f(-1) = 1 - a$ vanishes "
         "only at $a = 1$."),
        ("act.leaky_derivative", "Two slopes, 1 and $a$: never 0, so the unit cannot die."),
        ("act.elu_derivative", "On the left the slope $\\alpha e^x$ equals the output plus "
         "$\\alpha$."),
        ("act.elu_smooth", "The branches always meet at 0; their slopes meet only at "
         "$\\alpha = 1$."),
        ("act.gaussian_integrals", "Completing the square turns $e^t$ times the normal "
         "density into a shifted normal density."),
        ("act.elu_mean", "ELU hands back a negative part on $h < 0$, pulling the mean "
         "towards 0."),
        ("act.smooth_derivatives", "Both are $x$ times a smooth gate: the slope is the gate plus "
         "$x$ times the gate's slope."),
        ("act.selu_alpha", "The negative branch must cancel exactly the positive part's mean."),
        ("act.selu_lambda", "With $\\alpha$ fixed, $\\lambda^2$ scales the second moment to 1."),
        ("act.gain_forward_rule", "Each layer multiplies the variance by "
         "$g^2\\, \\mathbb{E}[f(h)^2]$; the fixed point needs that factor to be 1."),
        ("act.gain_backward_rule", "Backwards the factor is $g^2\\, \\mathbb{E}[f'(h)^2]$."),
        ("act.gain_exact", "ReLU keeps half the variance and half the slope mass, so both "
         "gains are $\\sqrt{2}$."),
        ("act.gain_closed_moments", "ELU's square splits into three Gaussian integrals of "
         "exponentials, each a normal tail."),
        ("act.gain_closed", "The gain is one over the square root of the proved moment."),
        ("act.gain_numeric", "No closed form: the kernel pins down which integral, the "
         "computer evaluates it."),
    ),
    captions=(
        ("act.depth_gradients",
         "The lesson: at the gain that keeps the signal at $q^* = 1$ the gradient still changes "
         "by $g^2\\, \\mathbb{E}[f'(h)^2]$ per layer (dashed): tanh grows it by 18% and SELU by "
         "7% a layer; the forward and the backward gains differ unless $f$ is positively "
         "homogeneous. Bars: two standard errors."),
        ("act.depth_variance",
         "The lesson: at the derived gain the variance settles at the fixed point $q^* = 1$ and "
         "stays there. SELU starts there; tanh's first layer receives the raw input rather than "
         "an activation, so it starts above 1 and reaches the fixed point within a few layers."),
        ("act.gains",
         "The lesson: each activation needs its own gain $g = 1/\\sqrt{\\mathbb{E}[f(z)^2]}$, "
         "from 1 for SELU to about 1.85 for the sigmoid. Markers: `gain(name)`; dashed: the "
         "derivation (closed forms, or Gaussian integrals evaluated)."),
        ("act.sigmoid_depth",
         "The lesson: the gradient through $L$ sigmoid layers shrinks at least like $(w/4)^L$ "
         "(dashed, claim `act.sigmoid.depth_bound`), and every path stays below it: ten layers "
         "with $|w| \\le 1$ leave less than a millionth of the gradient. Markers: the mean size "
         "of the path derivative with weights uniform in $[-w, w]$."),
    ),
)

