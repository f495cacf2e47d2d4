"""The teaching layer of the initialization chapter: the why, in plain words.

Prose with inline LaTeX in ``$...$``; see :class:`derivations.registry.Teaching`.
"""

from ..registry import Exercise, Teaching

__all__ = ["TEACHING"]

TEACHING = Teaching(
    problem=(
        "A layer computes $h_j = \\sum_{i=1}^{n_{in}} w_{ij} x_i$: a sum of $n_{in}$ random "
        "products. With independent zero-mean weights and inputs, the variance of a sum is "
        "the sum of the variances, so one layer multiplies the variance of the signal by "
        "$n_{in} \\operatorname{Var}(w)$. Stack twenty layers and the signal's variance is "
        "multiplied by that factor twenty times. A factor of $1/3$ per layer, which is what "
        "PyTorch's default initialization gives a linear layer, leaves "
        "$3^{-20} \\approx 2.9 \\cdot 10^{-10}$ of the input's variance after 20 layers: the "
        "signal vanishes, and in the backward pass the gradients vanish with it, so the first "
        "layers stop learning. A factor of 2 per layer instead gives "
        "$2^{20} \\approx 10^{6}$: the signal explodes. The same argument runs backward "
        "through the gradients, with $n_{out}$ in place of $n_{in}$."),
    answer=(
        "Choose the variance of the weights so that the factor is exactly 1. For a linear "
        "(or tanh near 0) layer that is $\\operatorname{Var}(w) = 1/n_{in}$ (LeCun). The "
        "backward pass asks for $1/n_{out}$; Xavier (Glorot) initialization takes the "
        "compromise $\\operatorname{Var}(w) = 2/(n_{in} + n_{out})$. A ReLU zeroes half of "
        "its inputs and so halves the second moment it passes on: He initialization doubles "
        "the variance to $2/n_{in}$ to make up for it, and for a leaky ReLU of slope $a$ "
        "takes $2/((1 + a^2) n_{in})$. Zero weights fail in a different way: every unit of "
        "a layer computes the same thing and receives the same gradient, so they never "
        "become different."),
    worked_example=(
        "He initialization of a layer with $n_{in} = 512$ inputs: "
        "$\\operatorname{Var}(w) = 2/512 = 1/256$, so the standard deviation is "
        "$\\sqrt{1/256} = 1/16 = 0.0625$, and the uniform version draws from "
        "$U(-b, b)$ with $b = \\sqrt{6/512} \\approx 0.108$ (a uniform law on $[-b, b]$ has "
        "variance $b^2/3$). Through a ReLU the factor per layer is "
        "$n_{in} \\cdot \\frac{2}{n_{in}} \\cdot \\frac12 = 1$, so after 20 layers the "
        "variance is still that of the input. PyTorch's default $U(-1/\\sqrt{n_{in}}, "
        "1/\\sqrt{n_{in}})$ has variance $1/(3 n_{in})$, a factor $1/3$ per linear layer: "
        "$3^{-20} \\approx 2.9 \\cdot 10^{-10}$ after 20 layers; with ReLU the factor is "
        "$1/6$ and 20 layers leave $6^{-20} \\approx 2.7 \\cdot 10^{-16}$, the bottom curve "
        "of the depth figure."),
    notation=(
        ("n_{in},\\ n_{out}", "the number of inputs (fan-in) and outputs (fan-out) of a layer"),
        ("w,\\ w_{ij}", "a weight; the weight from input $i$ to output $j$"),
        ("x_i", "an input of the layer (the previous layer's activation)"),
        ("h_j", "a pre-activation: $h_j = \\sum_i w_{ij} x_i$"),
        ("f,\\ c_f", "the activation function; $c_f = \\mathbb{E}[f(h)^2]/\\operatorname{Var}(h)$ "
         "for $h$ symmetric about 0 (1 for the identity, $1/2$ for ReLU, $(1 + a^2)/2$ for a "
         "leaky ReLU of slope $a$)"),
        ("\\theta(h)", "the unit step (Heaviside) function: 1 for $h > 0$, 0 for $h < 0$; "
         "$\\operatorname{ReLU}(h) = h \\, \\theta(h)$"),
        ("\\mathbb{E}[X],\\ \\operatorname{Var}(X)", "expectation and variance of a random "
         "variable $X$"),
        ("U(-b, b),\\ N(0, \\sigma)", "the uniform law on $[-b, b]$; the normal law with mean 0 "
         "and standard deviation $\\sigma$"),
        ("\\operatorname{gain}", "a factor that scales the standard deviation (PyTorch's "
         "gain)"),
        ("L,\\ l", "the number of layers; a layer's index"),
    ),
    exercises=(
        Exercise(
            "The slide's seminar task: Xavier initialization with a normal distribution. "
            "Which standard deviation $\\sigma$ makes $w \\sim N(0, \\sigma)$ satisfy "
            "$\\operatorname{Var}(w) = 2/(n_{in} + n_{out})$? Evaluate it for a layer with "
            "$n_{in} = 256$, $n_{out} = 512$.",
            "The variance of $N(0, \\sigma)$ is $\\sigma^2$ (proved in the appendix, "
            "init.normal.variance), so $\\sigma^2 = 2/(n_{in} + n_{out})$ and "
            "$\\sigma = \\sqrt{2/(n_{in} + n_{out})}$ (claim `init.xavier.normal_std`). For "
            "$256 \\to 512$: $\\sigma = \\sqrt{2/768} \\approx 0.0510$. The uniform version "
            "needs $b^2/3 = 2/768$, $b = \\sqrt{6/768} \\approx 0.0884$."),
        Exercise(
            "A network of 20 linear layers is initialized with PyTorch's default "
            "$U(-1/\\sqrt{n_{in}}, 1/\\sqrt{n_{in}})$. By which factor has the variance of the "
            "signal shrunk at the output? And with ReLU activations?",
            "One layer multiplies the variance by $n_{in} \\operatorname{Var}(w) c_f$ with "
            "$\\operatorname{Var}(w) = (2/\\sqrt{n_{in}})^2/12 = 1/(3 n_{in})$. Without an "
            "activation ($c_f = 1$) the factor is $1/3$, and 20 layers give "
            "$3^{-20} \\approx 2.9 \\cdot 10^{-10}$. With ReLU ($c_f = 1/2$) it is $1/6$ per "
            "layer: $6^{-20} \\approx 2.7 \\cdot 10^{-16}$."),
        Exercise(
            "He initialization for a leaky ReLU with slope $a = 0.25$ and $n_{in} = 512$: "
            "which standard deviation?",
            "$\\operatorname{Var}(w) = 2/((1 + a^2) n_{in}) = 2/(1.0625 \\cdot 512) "
            "\\approx 0.003676$, so $\\sigma \\approx 0.0606$, a little less than ReLU's "
            "$0.0625$ because the negative half now passes $a^2$ of its second moment."),
        Exercise(
            "Why does initializing all weights to zero fail even though the signal's variance "
            "problem does not arise?",
            "All units of a layer then compute the same output and, by the chain rule, "
            "receive the same gradient, so after any number of gradient steps they are still "
            "equal: the layer behaves like one unit (derivation `init.zero_symmetry`). Random "
            "initialization breaks this symmetry."),
    ),
    intuitions=(
        ("init.product_variance", "The variance of a product of two independent zero-mean "
         "numbers is the product of their variances: this is the one fact the whole chapter "
         "multiplies up."),
        ("init.sum_variance", "Independent terms do not cancel or reinforce on average, so "
         "the variance of a sum of $n$ of them is $n$ times the variance of one: a layer "
         "multiplies the variance by $n_{in} \\operatorname{Var}(w)$."),
        ("init.sum_second_moment", "If the inputs are not zero-mean (after a ReLU they are "
         "not), what carries through a layer is their second moment "
         "$\\mathbb{E}[x^2]$, not their variance."),
        ("init.forward_condition", "To keep the variance from one layer to the next, the "
         "factor $n_{in} \\operatorname{Var}(w)$ must be 1: LeCun's $1/n_{in}$."),
        ("init.backward_condition", "Gradients flow through the transposed weights, summing "
         "over the $n_{out}$ outputs: keeping their variance asks for "
         "$\\operatorname{Var}(w) = 1/n_{out}$."),
        ("init.xavier_compromise", "One variance cannot satisfy both conditions unless "
         "$n_{in} = n_{out}$; Xavier takes the harmonic mean of the two, "
         "$2/(n_{in} + n_{out})$."),
        ("init.relu_second_moment", "A ReLU keeps the positive half of a symmetric input and "
         "zeroes the other half, so it passes on half of the second moment."),
        ("init.relu_gaussian", "The same half, computed with the normal density: "
         "$\\mathbb{E}[\\max(0, h)^2] = \\sigma^2/2$."),
        ("init.activation_factors", "Each activation has its own factor $c_f$ (1, $1/2$, "
         "$(1 + a^2)/2$); the initialization must cancel it."),
        ("init.he_variance", "Doubling the variance cancels ReLU's halving: "
         "$n_{in} \\cdot \\frac{2}{n_{in}} \\cdot \\frac12 = 1$."),
        ("init.depth", "Through $L$ layers the factors multiply: a factor of exactly 1 keeps "
         "the signal, anything else shrinks or grows it geometrically with depth."),
        ("init.zero_symmetry", "Identical weights give identical units and identical "
         "gradients; gradient descent can never tell them apart."),
        ("init.uniform_moments", "A uniform law on $[-b, b]$ has variance $b^2/3$; its bound "
         "follows from the variance a scheme asks for."),
        ("init.normal_moments", "A normal law's variance is $\\sigma^2$ and its kurtosis 3, "
         "which the Monte Carlo tests use to size their samples."),
        ("init.torch_default", "PyTorch's default bound $1/\\sqrt{n_{in}}$ gives variance "
         "$1/(3 n_{in})$: a factor $1/3$ per linear layer."),
        ("init.bounds", "Every scheme's uniform bound and normal standard deviation, from "
         "its variance: $b = \\sqrt{3 \\operatorname{Var}(w)}$, "
         "$\\sigma = \\sqrt{\\operatorname{Var}(w)}$."),
        ("init.slide_rand_moments", "np.random.rand draws from $U[0, 1)$, whose mean is "
         "$1/2$, not 0: the slide's lines have weights that are not zero-mean."),
        ("init.slide_rand_layer", "With weights of nonzero mean, the mean term adds "
         "$n_{in}^2 \\mathbb{E}[w]^2 \\mathbb{E}[x]^2$ to the output's second moment and "
         "grows with the width."),
    ),
    appendix=("init.uniform_moments", "init.normal_moments", "init.torch_default",
              "init.bounds", "init.slide_rand_moments", "init.slide_rand_layer",
              "init.zero_symmetry"),
    captions=(
        ("init.depth",
         "The lesson: the variance of the signal is multiplied by the same factor at every "
         "layer, so on this log scale each scheme is a straight line. He with ReLU, Xavier "
         "and LeCun with the identity keep it at 1 (their curves lie on top of each other); "
         "Xavier with ReLU halves it per layer; PyTorch's default with ReLU divides it by 6 "
         "per layer. Markers: the mean of $\\lVert h_l \\rVert^2 / n_l$ over the simulated "
         "networks; dashed: the derived product of the factors "
         "$\\prod_l n_{in} \\operatorname{Var}(w) c_f$."),
        ("init.depth.backward",
         "The lesson: backward, the gradient's variance is multiplied by "
         "$n_{out} \\operatorname{Var}(w)$ per layer, so scaling by the fan-out keeps it at "
         "1 and Xavier's compromise drifts with the alternating widths. Markers: the mean of "
         "$\\lVert g_l \\rVert^2 / n_l$ over the simulated networks; dashed: the derived "
         "product. The markers wander from the line by a few per cent per layer and the "
         "wander accumulates with depth: it is the Monte Carlo error of a product of 20 "
         "random layer factors averaged over a few dozen networks (see the error bars where "
         "the test records them), not an error of the prediction; the tests check each "
         "layer's factor conditionally, where it is exact."),
    ),
    slides=(
        ("init.normal_moments", "004: Инициализация Ксавье (Глорота)"),
    ),
    corrections=(
        ("init.erratum.rand_mean", "the mean of a weight, $\\mathbb{E}[w]$, for "
         "$w = s \\cdot \\mathrm{rand}$",
         "`s * np.random.randn(...)` (zero mean), or centred: "
         "`s * (np.random.rand(...) - 0.5)`, variance $s^2/12$"),
        ("init.erratum.rand_he_line", "the second-moment factor of one layer, "
         "$\\mathbb{E}[h^2]/\\sigma^2$, for ReLU inputs",
         "He's line with randn, factor 1: "
         "`weight = np.random.randn(in_features, out_features) * np.sqrt(2 / in_features)`"),
        ("init.erratum.rand_he_line_variance", "the variance of a weight, "
         "$\\operatorname{Var}(w)$",
         "`np.random.randn(in_features, out_features) * np.sqrt(2 / in_features)`, "
         "variance $2/n_{in}$"),
        ("init.erratum.rand_sqrt_line", "the second-moment factor of one layer for "
         "zero-mean inputs, $n_{in} \\mathbb{E}[w^2]$",
         "LeCun's line with randn, factor 1: "
         "`weight = np.random.randn(in_features, out_features) / np.sqrt(in_features)`"),
    ),
)

