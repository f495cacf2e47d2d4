"""The teaching layer of the dropout chapter: the why, in plain words.

Prose with inline LaTeX in ``$...$``; see :class:`derivations.registry.Teaching`.
"""

from ..registry import Exercise, Teaching

__all__ = ["TEACHING"]

TEACHING = Teaching(
    problem=(
        "A large network can fit its training set by letting units rely on each other in "
        "fragile combinations (co-adaptation) that do not generalize. Training an ensemble "
        "of many networks and averaging them would help, but costs many networks."),
    answer=(
        "Dropout switches each unit off at random during training: with probability $p$ "
        "(PyTorch's convention, used throughout) a unit's output is set to 0. Each step "
        "trains a different thinned network, $2^n$ of them sharing weights, and no unit can "
        "rely on another being present. A dropped layer's output is smaller on average by "
        "the keep probability $1 - p$, so inverted dropout divides the kept units by "
        "$1 - p$: the mean $\\mathbb{E}[o] = x$ is then the same in training and at test, "
        "where nothing is dropped and nothing needs rescaling. The price is noise: the "
        "variance grows by $x^2 p/(1 - p)$."),
    worked_example=(
        "Drop probability $p = 0.2$, input $x = 1$: a unit is kept with probability $0.8$ "
        "and then output as $1/0.8 = 1.25$, or dropped to 0. Its mean is "
        "$0.8 \\cdot 1.25 = 1 = x$; its variance is $0.8 \\cdot 1.25^2 - 1^2 = 0.25 = "
        "x^2 p/(1 - p)$. Without the $1/(1 - p)$ the mean would be $0.8$ in training and "
        "$1$ at test: every layer after it would see inputs 25 % larger at test than it was "
        "trained on."),
    notation=(
        ("p", "the probability of dropping a unit (PyTorch's p); $1 - p$ keeps it"),
        ("D,\\ D_i", "the keep indicator of a unit: 1 with probability $1 - p$, else 0 "
         "(a Bernoulli variable, so $D^2 = D$)"),
        ("x", "a unit's input to dropout (fixed)"),
        ("o = \\frac{D x}{1 - p}", "inverted dropout's output"),
        ("\\frac{\\partial \\ell}{\\partial o}", "the upstream gradient reaching $o$"),
        ("n", "the width of a layer (the number of units dropped independently)"),
        ("M_1,\\ M_2", "the keep indicators of two channels (spatial dropout: one per channel)"),
        ("\\mu,\\ \\sigma^2", "mean and variance of a random input $X$ (in the batch-norm shift)"),
    ),
    exercises=(
        Exercise(
            "Classic (not inverted) dropout multiplies by the mask only in training. By which "
            "factor must the outputs be multiplied at test time, with $p$ the drop "
            "probability? Slide 001 says $p$: when is that right?",
            "In training $\\mathbb{E}[D x] = (1 - p) x$, so at test time the output must be "
            "multiplied by $1 - p$, the keep probability. The slide's $p$ is right in its "
            "source's convention, where $p$ is the keep probability; at $p = 0.2$ (drop) it "
            "makes test activations 4 times too small (erratum `dropout.slide001.test_scale`)."),
        Exercise(
            "Show that $\\operatorname{Var}(o) = x^2 p/(1 - p)$ for inverted dropout.",
            "$\\mathbb{E}[o^2] = \\mathbb{E}[D^2] x^2/(1 - p)^2 = (1 - p) x^2/(1 - p)^2 = "
            "x^2/(1 - p)$ because $D^2 = D$ and $\\mathbb{E}[D] = 1 - p$; subtract "
            "$\\mathbb{E}[o]^2 = x^2$: $x^2 (1/(1 - p) - 1) = x^2 p/(1 - p)$."),
        Exercise(
            "The backward pass of dropout: what is $\\partial \\ell / \\partial x$ given "
            "$\\partial \\ell / \\partial o$?",
            "$o = D x/(1 - p)$ is linear in $x$ with the same mask, so "
            "$\\frac{\\partial \\ell}{\\partial x} = \\frac{D}{1 - p} "
            "\\frac{\\partial \\ell}{\\partial o}$: the backward pass reuses the forward "
            "pass's mask and scale (derivation dropout.gradient)."),
        Exercise(
            "Dropout before batch norm: with $p = 0.5$ and an input $X$ of mean $\\mu = 1$, "
            "variance $\\sigma^2 = 1$, what variance does batch norm see in training, and at "
            "test?",
            "In training $\\operatorname{Var}(o) = (\\sigma^2 + p \\mu^2)/(1 - p) = (1 + 0.5)/0.5 "
            "= 3$; at test $\\operatorname{Var}(X) = 1$. The running variance learnt in "
            "training is 3 times too large for test inputs (derivation `dropout.bn_shift`)."),
    ),
    intuitions=(
        ("dropout.inverted", "Dividing by the keep probability exactly undoes the average "
         "loss of the dropped units, so the mean is unchanged; the mask's randomness adds "
         "the variance $x^2 p/(1 - p)$, which grows without bound as $p \\to 1$."),
        ("dropout.inverted.kurtosis", "Dropout's output is far from Gaussian: a spike at 0 "
         "and a spike at $x/(1 - p)$. Its fourth moment is what the Monte Carlo tests use to "
         "size a variance test honestly."),
        ("dropout.gradient", "Dropout is multiplication by a fixed (random) diagonal matrix, "
         "so its backward pass multiplies by the same matrix."),
        ("dropout.linear", "In a linear layer after dropout, the $n$ independent masks add "
         "their variances: the output's variance grows by $\\frac{p}{1 - p} \\sum_i w_i^2 "
         "x_i^2$, and its mean is unchanged."),
        ("dropout.spatial", "Spatial dropout drops whole channels: neighbouring pixels of "
         "one channel share a mask, so their noise is perfectly correlated and does not "
         "average out within the channel."),
        ("dropout.spatial.moments", "The moments of one channel's mask, the building blocks "
         "of the channel-mean variance."),
        ("dropout.spatial.correlation", "Two units of the same channel share one mask, "
         "units of different channels do not: correlation 1 against 0."),
        ("dropout.dropconnect", "DropConnect drops weights instead of units: the mean and "
         "variance per output are the same as dropout's, but the noise of different outputs "
         "is independent."),
        ("dropout.dropconnect.gradient", "The gradient of a masked weight is masked too: "
         "dropped weights are not updated in that step."),
        ("dropout.ensemble", "Taking the expectation inside the network averages the $2^n$ "
         "subnetworks exactly when the output is linear; for a softmax it gives their "
         "normalized geometric mean, close to but not equal to the arithmetic average."),
        ("dropout.l2.example", "A concrete case of the regularization identity, with numbers."),
        ("dropout.l2", "For linear regression, the expected squared error under dropout is "
         "the plain squared error plus an L2 penalty $\\frac{p}{1 - p} \\sum_i w_i^2 x_i^2$: "
         "dropout is a data-dependent weight decay."),
        ("dropout.bn_shift", "Dropout changes the variance of its output between training "
         "and test, so a batch norm after it learns running statistics that do not match "
         "test inputs."),
    ),
    slides=(
        ("dropout.inverted", "004: Обратный Dropout"),
        ("dropout.inverted.kurtosis", "001: Dropout"),
        ("dropout.gradient", "004: Dropout в формулах"),
        ("dropout.linear", "004: Dropout в формулах"),
        ("dropout.spatial", "001: Spatial Dropout"),
        ("dropout.spatial.moments", "001: Spatial Dropout"),
        ("dropout.spatial.correlation", "001: Spatial Dropout"),
        ("dropout.dropconnect", "001: DropConnect"),
        ("dropout.dropconnect.gradient", "001: DropConnect"),
        ("dropout.ensemble", "004: Dropout"),
        ("dropout.l2.example", "004: Взаимосвязи"),
        ("dropout.l2", "004: Взаимосвязи"),
        ("dropout.bn_shift", "004: Dropout"),
        ("dropout.slide001.test_scale", "001: Dropout"),
        ("dropout.slide004.bernoulli", "004: Dropout в формулах"),
        ("dropout.slide004.test_scale", "004: Обратный Dropout"),
        ("dropout.slide004.inverted", "004: Обратный Dropout"),
        ("dropout.slide004.ensemble_average", "004: Dropout"),
    ),
    captions=(
        ("dropout.distribution",
         "The lesson: inverted dropout keeps the mean of a unit at $x$ for every drop "
         "probability $p$, while its variance $x^2 p/(1 - p)$ grows without bound as "
         "$p \\to 1$. Markers: Monte Carlo estimates at $x = 1$; dashed: the derived values."),
    ),
    corrections=(
        ("dropout.slide001.test_scale", "the test-time factor of classic dropout",
         "multiply by the keep probability $1 - p$ at test time ($p$ the drop probability)"),
        ("dropout.slide004.bernoulli", "the probability that a unit is kept, "
         "$P(D_i = 1)$",
         "$D_i \\sim \\mathrm{Bern}(1 - p)$ when p is the drop probability"),
        ("dropout.slide004.test_scale", "the test-time output for $f = 1$",
         "$o = (1 - p) f(XW + b)$ at test time"),
        ("dropout.slide004.inverted", "the training mean of inverted dropout for $f = 1$",
         "train: $o = \\frac{1}{1 - p} D f(XW + b)$; test: $o = f(XW + b)$"),
        ("dropout.slide004.ensemble_average", "the predicted probability of the first class",
         "the scaled network gives the normalized geometric mean of the subnetworks; for "
         "the arithmetic average, sample masks (Monte Carlo dropout)"),
    ),
)

