"""Bad input to the regularization reference raises TypeError/ValueError naming the argument."""

from __future__ import annotations

import math

import numpy as np
import pytest

import impl as ref

pytestmark = pytest.mark.claim("regularization.l2.gradient")

RNG = np.random.default_rng(0)
W = np.ones((2, 3))
Z, Y = np.zeros((2, 3)), np.array([0, 2])

#: (id, call, exception, message fragment naming the argument)
BAD = [
    ("l2-lam-negative", lambda: ref.l2_penalty(W, -1.0), ValueError, "lam must be"),
    ("l2-grad-lam-nan", lambda: ref.l2_penalty_grad(W, math.nan), ValueError, "lam must be"),
    ("l2-w-strings", lambda: ref.l2_penalty(["a"], 0.1), TypeError, "w must be an array"),
    ("l1-w-inf", lambda: ref.l1_penalty_grad([1.0, math.inf], 0.1), ValueError,
     "w must contain only finite"),
    ("l1-lam-bool", lambda: ref.l1_penalty(W, True), TypeError, "lam must be"),
    ("soft-threshold-negative", lambda: ref.soft_threshold(W, -0.1), ValueError,
     "threshold must be"),
    ("adamw-lr-zero", lambda: ref.adamw_step([W], [W], ref.adamw_init([W]), lr=0.0),
     ValueError, "lr must be"),
    ("adamw-beta-one", lambda: ref.adamw_step([W], [W], ref.adamw_init([W]), betas=(0.9, 1.0)),
     ValueError, "betas\\[1\\] must be"),
    ("adamw-betas-scalar", lambda: ref.adamw_step([W], [W], ref.adamw_init([W]), betas=0.9),
     TypeError, "betas must be a pair"),
    ("adamw-weight-decay-negative",
     lambda: ref.adamw_step([W], [W], ref.adamw_init([W]), weight_decay=-1.0), ValueError,
     "weight_decay must be"),
    ("adamw-grads-shape", lambda: ref.adamw_step([W], [np.ones(3)], ref.adamw_init([W])),
     ValueError, "grads must match params"),
    ("adamw-bare-array", lambda: ref.adamw_init(W), TypeError,
     "params must be a dict of arrays or a list/tuple"),
    ("adamw-grads-keys", lambda: ref.adamw_step({"a": W}, {"b": W}, ref.adamw_init({"a": W})),
     ValueError, "grads must match params"),
    ("adamw-state-foreign", lambda: ref.adamw_step([W], [W], {}), TypeError,
     "state must be the dict"),
    ("ce-logits-1d", lambda: ref.label_smoothing_cross_entropy_forward(np.zeros(3), Y),
     ValueError, "logits must have 2 dimension"),
    ("ce-target-float", lambda: ref.label_smoothing_cross_entropy_forward(Z, Y * 1.0),
     TypeError, "target must be an integer array"),
    ("ce-target-out-of-range",
     lambda: ref.label_smoothing_cross_entropy_forward(Z, np.array([0, 3])), ValueError,
     "target must hold class indices"),
    ("ce-target-wrong-length",
     lambda: ref.label_smoothing_cross_entropy_forward(Z, np.array([0])), ValueError,
     "target must have shape"),
    ("ce-smoothing-above-one",
     lambda: ref.label_smoothing_cross_entropy_forward(Z, Y, 1.5), ValueError,
     "label_smoothing must be"),
    ("ce-backward-foreign-cache", lambda: ref.label_smoothing_cross_entropy_backward(1.0, {}),
     TypeError, "cache must be"),
    ("ce-backward-dout-nan",
     lambda: ref.label_smoothing_cross_entropy_backward(
         math.nan, ref.label_smoothing_cross_entropy_forward(Z, Y)[1]),
     ValueError, "dout must be"),
    ("targets-classes-zero", lambda: ref.smoothed_targets(Y, 0), ValueError,
     "num_classes must be"),
    ("clip-norm-zero", lambda: ref.clip_grad_norm([W], 0.0), ValueError, "max_norm must be"),
    ("clip-norm-type-half", lambda: ref.clip_grad_norm([W], 1.0, norm_type=0.5), ValueError,
     "norm_type must be"),
    ("clip-grads-empty", lambda: ref.clip_grad_norm([], 1.0), ValueError, "grads must be"),
    ("clip-grads-nan", lambda: ref.clip_grad_value([np.array([math.nan])], 1.0), ValueError,
     "grads\\[0\\] must contain only finite"),
    ("clip-value-negative", lambda: ref.clip_grad_value([W], -1.0), ValueError,
     "clip_value must be"),
    ("standardize-1d", lambda: ref.standardize_fit(np.ones(4)), ValueError,
     "X must have 2 dimension"),
    ("standardize-constant-column",
     lambda: ref.standardize_fit(np.array([[1.0, 2.0], [1.0, 3.0]])), ValueError,
     "constant features"),
    ("standardize-ddof-2", lambda: ref.standardize_fit(np.eye(3), ddof=2), ValueError,
     "ddof must be 0"),
    ("standardize-one-row", lambda: ref.standardize_fit(np.ones((1, 2))), ValueError,
     "X must have at least 2 rows"),
    ("transform-std-shape",
     lambda: ref.standardize_transform(np.eye(3), np.zeros(3), np.ones(2)), ValueError,
     "mean and std must have shape"),
    ("transform-std-zero",
     lambda: ref.standardize_transform(np.eye(2), np.zeros(2), np.zeros(2)), ValueError,
     "std must be positive"),
    ("sampler-rng-seed", lambda: ref.sample_batches(10, 2, 3, 0), TypeError,
     "rng must be a numpy.random.Generator"),
    ("sampler-batch-too-big", lambda: ref.sample_batches(3, 4, 1, RNG), ValueError,
     "batch_size must be <= num_examples"),
    ("sampler-batch-zero", lambda: ref.sample_batches(3, 0, 1, RNG), ValueError,
     "batch_size must be a positive integer"),
    ("sampler-replace-string", lambda: ref.sample_batches(3, 1, 1, RNG, replace="yes"),
     TypeError, "replace must be a bool"),
    ("epoch-examples-float", lambda: ref.epoch_batches(10.0, 2, RNG), TypeError,
     "num_examples must be a positive integer"),
    ("epoch-rng-legacy", lambda: ref.epoch_batches(10, 2, np.random.RandomState(0)), TypeError,
     "rng must be a numpy.random.Generator"),
]


@pytest.mark.parametrize(("call", "exc", "match"), [pytest.param(c, e, m, id=i)
                                                      for i, c, e, m in BAD])
def test_bad_input_raises_a_clear_error_naming_the_argument(call, exc, match):
    with pytest.raises(exc, match=match):
        call()
