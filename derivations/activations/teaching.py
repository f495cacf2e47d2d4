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


#: The chapter's titles and summaries with their maths typeset, for the report: each pair
#: is the plain words a derivation module (or the chapter) gives and the same words with
#: their maths as $...$ LaTeX. The report shows a pair's typeset words while its plain
#: words are current; tests/test_report.py names a pair that no longer matches.
TYPESET = (
    ("Why the activation decides whether a gradient survives depth: the chain rule's shared "
     "factor, sigma' <= 1/4 and the (w/4)^L bound, tanh, ReLU and dead units, leaky ReLU and "
     "ELU, SELU's constants re-derived, and the gain that keeps any activation's signal at a "
     "fixed point, beside PyTorch's calculate_gain. Symbolic results are proved; the Gaussian "
     "integrals of tanh, sigmoid, GELU and SiLU have no closed form and are computed (20 "
     "digits), not proved.",
     "Why the activation decides whether a gradient survives depth: the chain rule's shared "
     "factor, $\\sigma' \\le 1/4$ and the $(w/4)^L$ bound, tanh, ReLU and dead units, leaky "
     "ReLU and ELU, SELU's constants re-derived, and the gain that keeps any activation's "
     "signal at a fixed point, beside PyTorch's `calculate_gain`. Symbolic results are proved; "
     "the Gaussian integrals of tanh, sigmoid, GELU and SiLU have no closed form and are "
     "computed (20 digits), not proved."),
    ("The gradients of L = (y - f(X W1) W2)^2/2 by the chain rule",
     "The gradients of $L = (y - f(X W_1) W_2)^2/2$ by the chain rule"),
    ("Backpropagation: each layer's gradient is delta_l times its input",
     "Backpropagation: each layer's gradient is $\\delta_l$ times its input"),
    ("Every gradient is a shared factor delta_l (the loss's derivative by the layer's "
     "pre-activation) times the layer's input; delta_l comes from delta_(l+1) by one "
     "multiplication.",
     "Every gradient is a shared factor $\\delta_l$ (the loss's derivative by the layer's "
     "pre-activation) times the layer's input; $\\delta_l$ comes from $\\delta_{l+1}$ by one "
     "multiplication."),
    ("Backpropagation needs D multiplications where separate derivatives need D(D+1)/2",
     "Backpropagation needs $D$ multiplications where separate derivatives need $D(D+1)/2$"),
    ("sigma' = sigma (1 - sigma) <= 1/4, with equality only at x = 0",
     "$\\sigma' = \\sigma (1 - \\sigma) \\le 1/4$, with equality only at $x = 0$"),
    ("Differentiate, then complete the square: 1/4 - s(1 - s) = (s - 1/2)^2.",
     "Differentiate, then complete the square: $1/4 - s(1 - s) = (s - 1/2)^2$."),
    ("Through L sigmoid layers the gradient shrinks at least like (w/4)^L",
     "Through $L$ sigmoid layers the gradient shrinks at least like $(w/4)^L$"),
    ("Each layer multiplies the gradient by w_l sigma'(z_l), at most w/4 in size; L of them at "
     "most (w/4)^L.",
     "Each layer multiplies the gradient by $w_l \\sigma'(z_l)$, at most $w/4$ in size; $L$ of "
     "them at most $(w/4)^L$."),
    ("Positive inputs o_i = sigma(h_i) pass the sign of delta_j to every weight's gradient; on a "
     "batch the sum over examples can mix signs unless delta_j keeps one sign across the batch.",
     "Positive inputs $o_i = \\sigma(h_i)$ pass the sign of $\\delta_j$ to every weight's "
     "gradient; on a batch the sum over examples can mix signs unless $\\delta_j$ keeps one "
     "sign across the batch."),
    ("E[sigma(h)] = 1/2 for h symmetric about 0: the sigmoid is not centred",
     "$\\mathbb{E}[\\sigma(h)] = 1/2$ for $h$ symmetric about 0: the sigmoid is not centred"),
    ("sigma(h) + sigma(-h) = 1, so symmetry puts the mean at 1/2, not 0.",
     "$\\sigma(h) + \\sigma(-h) = 1$, so symmetry puts the mean at $1/2$, not 0."),
    ("tanh' = 1 - tanh^2 = 4 sigma'(2x), at most 1",
     "$\\tanh' = 1 - \\tanh^2 = 4 \\sigma'(2x)$, at most 1"),
    ("tanh is the sigmoid stretched: 2 sigma(2x) - 1; its slope is at most 1, four times the "
     "sigmoid's, yet still below 1 away from 0 (the slide's 'затухание').",
     "tanh is the sigmoid stretched: $2 \\sigma(2x) - 1$; its slope is at most 1, four times "
     "the sigmoid's, yet still below 1 away from 0 (the slide's 'затухание')."),
    ("E[tanh(h)] = 0 for h symmetric about 0: tanh is centred",
     "$\\mathbb{E}[\\tanh(h)] = 0$ for $h$ symmetric about 0: tanh is centred"),
    ("ReLU' = H: 1 on active units, 0 on inactive ones",
     "$\\operatorname{ReLU}' = H$: 1 on active units, 0 on inactive ones"),
    ("A ReLU unit is inactive on an input with probability Phi(-b/s)",
     "A ReLU unit is inactive on an input with probability $\\Phi(-b/s)$"),
    ("The bias shifts the Gaussian pre-activation; the mass left of 0 is Phi(-b/s).",
     "The bias shifts the Gaussian pre-activation; the mass left of 0 is $\\Phi(-b/s)$."),
    ("Inactive on a whole batch of B inputs: Phi(-b/s)^B",
     "Inactive on a whole batch of $B$ inputs: $\\Phi(-b/s)^B$"),
    ("Every term of the weight's gradient carries the factor ReLU'(z_b) = 0.",
     "Every term of the weight's gradient carries the factor $\\operatorname{ReLU}'(z_b) = 0$."),
    ("Leaky ReLU is linear iff a = 1",
     "Leaky ReLU is linear iff $a = 1$"),
    ("One test point pair decides: f(1) + f(-1) = 1 - a.",
     "One test point pair decides: $f(1) + f(-1) = 1 - a$."),
    ("Leaky ReLU's derivative is 1 or a: positive for every a > 0",
     "Leaky ReLU's derivative is 1 or $a$: positive for every $a > 0$"),
    ("Two slopes, never 0 for a != 0: a unit never stops passing gradient.",
     "Two slopes, never 0 for $a \\ne 0$: a unit never stops passing gradient."),
    ("ELU's derivative: 1 for x > 0, alpha e^x = f(x) + alpha for x <= 0",
     "ELU's derivative: 1 for $x > 0$, $\\alpha e^x = f(x) + \\alpha$ for $x \\le 0$"),
    ("ELU is continuous; its derivative is continuous at 0 iff alpha = 1",
     "ELU is continuous; its derivative is continuous at 0 iff $\\alpha = 1$"),
    ("Both branches meet at 0 for any alpha; their slopes meet only at alpha = 1.",
     "Both branches meet at 0 for any $\\alpha$; their slopes meet only at $\\alpha = 1$."),
    ("Completing the square turns e^t phi(t) into e^(1/2) phi(t - 1), so the exponential moments "
     "are normal tail probabilities.",
     "Completing the square turns $e^t \\varphi(t)$ into $e^{1/2} \\varphi(t - 1)$, so the "
     "exponential moments are normal tail probabilities."),
    ("E[ReLU(h)] = 1/sqrt(2 pi) and E[ELU(h)] = 1/sqrt(2 pi) + alpha(e^(1/2) Phi(-1) - 1/2)",
     "$\\mathbb{E}[\\operatorname{ReLU}(h)] = 1/\\sqrt{2\\pi}$ and "
     "$\\mathbb{E}[\\operatorname{ELU}(h)] = 1/\\sqrt{2\\pi} + \\alpha (e^{1/2} \\Phi(-1) - "
     "1/2)$"),
    ("ELU gives back a negative part on h < 0, pulling the mean towards 0; closer to 0 than "
     "ReLU's while the gap alpha 0.238 is below twice ReLU's mean 0.798.",
     "ELU gives back a negative part on $h < 0$, pulling the mean towards 0; closer to 0 than "
     "ReLU's while the gap $0.238\\,\\alpha$ is below twice ReLU's mean, 0.798."),
    ("GELU' = Phi + x phi and SiLU' = sigma (1 + x (1 - sigma))",
     "$\\operatorname{GELU}' = \\Phi + x \\varphi$ and $\\operatorname{SiLU}' = \\sigma (1 + x "
     "(1 - \\sigma))$"),
    ("SELU's alpha from E[SELU(z)] = 0",
     "SELU's $\\alpha$ from $\\mathbb{E}[\\operatorname{SELU}(z)] = 0$"),
    ("The mean condition is linear in alpha: the negative branch must give back exactly the "
     "positive part's mean 1/sqrt(2 pi).",
     "The mean condition is linear in $\\alpha$: the negative branch must give back exactly the "
     "positive part's mean $1/\\sqrt{2\\pi}$."),
    ("SELU's lambda from E[SELU(z)^2] = 1",
     "SELU's $\\lambda$ from $\\mathbb{E}[\\operatorname{SELU}(z)^2] = 1$"),
    ("With alpha fixed by the mean, the variance condition is lambda^2 times a positive number = "
     "1.",
     "With $\\alpha$ fixed by the mean, the variance condition is $\\lambda^2$ times a positive "
     "number $= 1$."),
    ("The gain that keeps the variance at q* = 1: g = 1/sqrt(E[f(z)^2])",
     "The gain that keeps the variance at $q^* = 1$: $g = 1/\\sqrt{\\mathbb{E}[f(z)^2]}$"),
    ("The layer multiplies the variance by g^2 E[f(h)^2]; at the fixed point that factor is 1.",
     "The layer multiplies the variance by $g^2\\, \\mathbb{E}[f(h)^2]$; at the fixed point "
     "that factor is 1."),
    ("The gain that keeps the gradient's size: g_b = 1/sqrt(E[f'(z)^2])",
     "The gain that keeps the gradient's size: $g_b = 1/\\sqrt{\\mathbb{E}[f'(z)^2]}$"),
    ("Backwards each layer multiplies by g^2 E[f'(h)^2].",
     "Backwards each layer multiplies by $g^2\\, \\mathbb{E}[f'(h)^2]$."),
    ("Exact gains: identity 1, ReLU sqrt 2, leaky ReLU sqrt(2/(1 + a^2)), both ways",
     "Exact gains: identity 1, ReLU $\\sqrt{2}$, leaky ReLU $\\sqrt{2/(1 + a^2)}$, both ways"),
    ("The forward factors are the initialization chapter's c; the backward factors are the "
     "probability mass where the slope is 1 (and a^2 times the rest).",
     "The forward factors are the initialization chapter's $c$; the backward factors are the "
     "probability mass where the slope is 1 (and $a^2$ times the rest)."),
    ("On t < 0 the square of alpha (e^t - 1) expands into e^(2t), e^t and 1: three of the six "
     "Gaussian integrals.",
     "On $t < 0$ the square of $\\alpha (e^t - 1)$ expands into $e^{2t}$, $e^t$ and 1: three of "
     "the six Gaussian integrals."),
    ("The gains are 1/sqrt of the proved moments.",
     "Each gain is one over the square root of a proved moment."),
)
