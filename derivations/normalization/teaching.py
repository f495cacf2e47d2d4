"""The teaching layer of the batch-normalization chapter: the why, in plain words.

Prose with inline LaTeX in ``$...$``; see :class:`derivations.registry.Teaching`.
"""

from ..registry import Exercise, Teaching

__all__ = ["TEACHING"]

TEACHING = Teaching(
    problem=(
        "Careful initialization makes the activations of every layer start with a sensible "
        "scale, but training moves the weights, and the distribution each layer sees "
        "drifts with them. A layer whose inputs have grown to a large scale saturates its "
        "activation or takes steps that are far too large; a deep network becomes slow "
        "and fragile to train, and very sensitive to the learning rate and the "
        "initialization."),
    answer=(
        "Batch normalization standardizes every feature over the mini-batch: subtract the "
        "batch mean $\\mu$, divide by the batch standard deviation $\\sqrt{\\sigma^2 + "
        "\\epsilon}$, then let the network choose the scale and shift it wants with two "
        "learned parameters, $y_i = \\gamma \\hat{x}_i + \\beta$. Whatever the weights did "
        "before, each feature enters the next layer with mean $\\beta$ and standard "
        "deviation about $\\gamma$. Because $\\mu$ and $\\sigma^2$ depend on the whole batch, "
        "the gradient of one example depends on the others: the backward pass has two extra "
        "terms, one through $\\mu$ and one through $\\sigma^2$, derived below in the slide's "
        "staged form and then in the compact form the implementation uses. At test time "
        "the running averages replace the batch statistics and the layer is an affine map."),
    worked_example=(
        "A batch of $m = 2$ values $x = (0, 2)$ with $\\epsilon = 0$: the mean is "
        "$\\mu = 1$, the (biased) variance $\\sigma^2 = ((0 - 1)^2 + (2 - 1)^2)/2 = 1$, so "
        "$\\hat{x} = (-1, 1)$. With $\\gamma = 1$ and upstream gradients "
        "$\\partial \\ell / \\partial y = (1, 0)$ the compact backward formula gives "
        "$\\partial \\ell / \\partial x_1 = \\frac{1}{2}(2 \\cdot 1 - 1 - (-1)(-1)) = 0$ and "
        "$\\partial \\ell / \\partial x_2 = \\frac12 (0 - 1 - (1)(-1)) = 0$. That is right: "
        "with two values, $\\hat{x}$ is always $(-1, 1)$ whatever $x$ is, so no change of $x$ "
        "can change the loss. Slide 004's formula, with $m - 1$ in place of $m$, gives "
        "$-1/2$ (see the errata)."),
    notation=(
        ("m", "the batch size (the number of values normalized together)"),
        ("x_i", "the $i$-th value of one feature in the batch"),
        ("\\mu = \\frac{1}{m} \\sum_{i} x_i", "the batch mean"),
        ("\\sigma^2 = \\frac{1}{m} \\sum_{i} (x_i - \\mu)^2", "the biased batch variance "
         "(what the forward pass normalizes with)"),
        ("\\epsilon", "a small constant that keeps the square root away from 0"),
        ("\\hat{x}_i = \\frac{x_i - \\mu}{\\sqrt{\\sigma^2 + \\epsilon}}", "the normalized value"),
        ("\\gamma,\\ \\beta", "the learned scale and shift: $y_i = \\gamma \\hat{x}_i + \\beta$"),
        ("\\ell", "the loss; $\\frac{\\partial \\ell}{\\partial y_i}$ is the upstream gradient"),
        ("g_i = \\frac{\\partial \\ell}{\\partial \\hat{x}_i}", "the gradient reaching "
         "$\\hat{x}_i$; for batch norm $g_i = \\gamma \\frac{\\partial \\ell}{\\partial y_i}$"),
        ("\\frac{\\partial \\ell}{\\partial \\sigma^2},\\ \\frac{\\partial \\ell}{\\partial \\mu}",
         "the gradient reaching the batch variance and the batch mean"),
    ),
    exercises=(
        Exercise(
            "Show that $\\sum_i \\frac{\\partial \\ell}{\\partial x_i} = 0$ and "
            "$\\sum_i \\frac{\\partial \\ell}{\\partial x_i} \\hat{x}_i = 0$ for any upstream "
            "gradient. What do these two facts say?",
            "Sum the compact form over $i$: $\\sum_i (m g_i - \\sum_j g_j - \\hat{x}_i \\sum_j "
            "g_j \\hat{x}_j) = m \\sum g - m \\sum g - 0 = 0$ because $\\sum_i \\hat{x}_i = 0$. "
            "Multiply by $\\hat{x}_i$ first and use $\\sum_i \\hat{x}_i^2 = m \\sigma^2/(\\sigma^2 "
            "+ \\epsilon)$, which is $m$ at $\\epsilon = 0$: the two terms cancel. Adding a "
            "constant to the batch or scaling it does not change $\\hat{x}$, so the gradient "
            "has no component along those two directions (claims in bn.consequences)."),
        Exercise(
            "Follow the staged backward for the batch $x = (0, 2)$, $\\gamma = 1$, "
            "$\\epsilon = 0$, $\\partial \\ell / \\partial y = (1, 0)$.",
            "$g = (1, 0)$. Then $\\frac{\\partial \\ell}{\\partial \\sigma^2} = \\sum_j g_j (x_j - "
            "\\mu) \\cdot (-\\frac12) (\\sigma^2)^{-3/2} = 1 \\cdot (-1) \\cdot (-\\frac12) = "
            "\\frac12$; $\\frac{\\partial \\ell}{\\partial \\mu} = "
            "-\\sum_j g_j / \\sqrt{\\sigma^2} = -1$; and "
            "$\\frac{\\partial \\ell}{\\partial x_1} = g_1 + \\frac12 \\cdot "
            "\\frac{2(0 - 1)}{2} + \\frac{-1}{2} = 1 - \\frac12 - \\frac12 = 0$."),
        Exercise(
            "At test time, batch norm uses running averages $\\hat{\\mu}$, $\\hat{\\sigma}^2$. "
            "Write the layer as $y = a x + b$ and fold it into a preceding linear layer "
            "$x = W u + c$.",
            "$a = \\gamma / \\sqrt{\\hat{\\sigma}^2 + \\epsilon}$, $b = \\beta - a \\hat{\\mu}$; "
            "then $y = (a W) u + (a c + b)$: scale each row of $W$ by $a$ (claims in "
            "bn.inference)."),
    ),
    intuitions=(
        ("bn.forward", "Subtracting the mean and dividing by the standard deviation gives "
         "values with batch mean 0 and batch variance $\\sigma^2/(\\sigma^2 + \\epsilon)$, "
         "just under 1."),
        ("bn.backward.lemmas", "Every $x_i$ enters the mean with weight $1/m$ and the "
         "variance with weight $2(x_i - \\mu)/m$: these two derivatives are where the extra "
         "terms of the backward pass come from."),
        ("bn.backward.staged", "Walk the computational graph backward one node at a time, "
         "as slide 004 does: first the gradient reaching $\\hat{x}$, then the one reaching "
         "$\\sigma^2$, then $\\mu$ (which receives both directly and through $\\sigma^2$), "
         "and finally each $x_i$, which receives three contributions: directly, through "
         "$\\sigma^2$ and through $\\mu$."),
        ("bn.backward", "Put the three contributions over one denominator and the sums over "
         "the batch collapse into two numbers, $\\sum_j g_j$ and $\\sum_j g_j \\hat{x}_j$: "
         "the compact form costs two reductions, which is how implementations compute it."),
        ("bn.backward.concrete", "An independent check: for batches of 2 to 6 values, "
         "differentiate the explicit loss directly and compare with the compact form."),
        ("bn.consequences", "The output does not change when the batch is shifted or scaled, "
         "so the gradient must be orthogonal to those directions: it sums to zero and is "
         "uncorrelated with $\\hat{x}$."),
        ("bn.running.moments", "The second moments of i.i.d. inputs, which the bias of the "
         "batch variance comes from."),
        ("bn.running", "The biased batch variance underestimates $\\sigma^2$ by the factor "
         "$(m - 1)/m$; this is why PyTorch stores the unbiased variance in its running "
         "average, which then converges to the true variance."),
        ("bn.inference", "With fixed statistics the layer is an affine map and can be "
         "folded into the weights of the layer before it: no cost at inference."),
        ("bn.layernorm", "Layer, group and instance normalization are the same computation "
         "over other axes, so the same backward formula holds with $m$ the size of the "
         "normalized group."),
        ("bn.slide004", "Slide 004's staged derivation, checked line by line: the gradients "
         "reaching $\\hat{x}$ and $\\sigma^2$ are right; its $m - 1$ is harmless in "
         "$\\partial \\ell/\\partial \\mu$ and wrong in $\\partial \\ell/\\partial x_i$."),
    ),
    appendix=("bn.backward.concrete", "bn.running.moments"),
    slides=(
        ("bn.forward", "004: Forward pass"),
        ("bn.backward.lemmas", "004: Backward pass"),
        ("bn.backward.staged", "004: Backward pass"),
        ("bn.backward", "004: Backward pass"),
        ("bn.backward.concrete", "004: Backward pass"),
        ("bn.consequences", "002: Batch Normalization"),
        ("bn.running.moments", "003: Слой CNN: Batch Normalization"),
        ("bn.running", "003: Слой CNN: Batch Normalization"),
        ("bn.inference", "000: Batch Normalization"),
        ("bn.layernorm", "002: Layer Normalization"),
        ("bn.slide004", "004: Backward pass"),
        ("bn.slide004.dx_m_minus_1", "004: Backward pass"),
        ("bn.slide004.beta_gamma_swap", "004: Проблема"),
        ("bn.slide004.ema_of_std", "004: Batch norm (2015)"),
    ),
    captions=(
        ("bn.gradcheck",
         "The lesson: the analytic backward pass agrees with finite differences for batch, "
         "group and layer normalization, every point on the diagonal. Each point is one "
         "random direction $v$ and one random upstream gradient $c$: horizontal, "
         "$\\langle c, \\frac{\\partial f}{\\partial x} v \\rangle$ computed by the backward "
         "pass as $\\langle \\text{backward}(c), v \\rangle$; vertical, the same number by "
         "central differences, $\\langle c, (f(x + h v) - f(x - h v))/(2h) \\rangle$."),
    ),
    corrections=(
        ("bn.slide004.dx_m_minus_1", "the gradient $\\partial \\ell/\\partial x_1$ on the batch "
         "$x = (0, 2)$",
         "$\\frac{\\partial \\ell}{\\partial x_i} = \\frac{g_i}{\\sqrt{\\sigma^2 + \\epsilon}} + "
         "\\frac{\\partial \\ell}{\\partial \\sigma^2} \\frac{2(x_i - \\mu)}{m} + "
         "\\frac{\\partial \\ell}{\\partial \\mu} \\frac{1}{m}$ (m, not m - 1)"),
        ("bn.slide004.beta_gamma_swap", "the layer's output at $\\hat{h} = 0$ with the usual "
         "initialization",
         "$y = \\gamma \\hat{h} + \\beta$ (scale $\\gamma$, shift $\\beta$)"),
        ("bn.slide004.ema_of_std", "what the moving average converges to, for $m = 2$ "
         "Gaussian inputs",
         "average the unbiased variance, as PyTorch does: "
         "`running_var = (1 - momentum) * running_var + momentum * x.var(ddof=1)`"),
    ),
)

