"""Bad inputs to the reference optimizers: a clear exception naming the argument.

These are the reference implementation's own promise (impl/_validate.py's
conventions: TypeError for the wrong kind, ValueError for a bad value), so
they run against :mod:`impl` itself, whatever ``--impl`` says.
"""

from __future__ import annotations

import numpy as np
import pytest

import impl

P = [np.zeros((2, 3))]
G = [np.ones((2, 3))]


def _call(name, params=P, grads=G, state=None, **hyper):
    init, step = getattr(impl, f"{name}_init"), getattr(impl, f"{name}_step")
    return step(params, grads, init(P) if state is None else state, **hyper)


BAD = [
    ("sgd", {"lr": -0.1}, ValueError, "lr"),
    ("adagrad", {"lr": -1.0}, ValueError, "lr"),
    ("rmsprop", {"lr": float("nan")}, ValueError, "lr"),
    ("adam", {"lr": -1e-3}, ValueError, "lr"),
    ("adam", {"lr": "0.1"}, TypeError, "lr"),
    ("adam", {"betas": (1.0, 0.999)}, ValueError, "betas[0]"),
    ("adam", {"betas": (0.9, 1.5)}, ValueError, "betas[1]"),
    ("adam", {"betas": (-0.1, 0.999)}, ValueError, "betas[0]"),
    ("adam", {"betas": 0.9}, TypeError, "betas"),
    ("adam", {"eps": -1e-8}, ValueError, "eps"),
    ("adam", {"amsgrad": "yes"}, TypeError, "amsgrad"),
    ("rmsprop", {"alpha": 1.0}, ValueError, "alpha"),
    ("rmsprop", {"momentum": -0.5}, ValueError, "momentum"),
    ("sgd", {"momentum": -0.9}, ValueError, "momentum"),
    ("sgd", {"nesterov": True}, ValueError, "nesterov"),
    ("sgd", {"nesterov": True, "momentum": 0.9, "dampening": 0.1}, ValueError, "nesterov"),
    ("sgd", {"weight_decay": -1.0}, ValueError, "weight_decay"),
    ("adagrad", {"lr_decay": -0.1}, ValueError, "lr_decay"),
    ("adagrad", {"initial_accumulator_value": -1.0}, ValueError, "initial_accumulator_value"),
]


@pytest.mark.parametrize(("name", "hyper", "error", "argument"), BAD,
                         ids=[f"{n}-{a}={h[a] if a in h else h}" for n, h, _, a in BAD])
def test_a_bad_hyperparameter_is_refused_naming_it(name, hyper, error, argument):
    with pytest.raises(error, match=argument.replace("[", r"\[").replace("]", r"\]")):
        _call(name, **hyper)


@pytest.mark.parametrize("name", ["sgd", "adagrad", "rmsprop", "adam"])
def test_grads_of_another_shape_are_refused_naming_both(name):
    with pytest.raises(ValueError, match=r"grads\[0\] must have the shape of params\[0\]"):
        _call(name, grads=[np.ones((3, 2))])


@pytest.mark.parametrize("name", ["sgd", "adam"])
def test_grads_with_other_keys_are_refused(name):
    with pytest.raises(ValueError, match="grads must have the same keys as params"):
        _call(name, params={"w": P[0]}, grads={"v": G[0]},
              state=getattr(impl, f"{name}_init")({"w": P[0]}))
    with pytest.raises(ValueError, match="grads must have the same keys as params"):
        _call(name, grads=[G[0], G[0]])


def test_a_bare_array_is_refused_with_the_fix():
    with pytest.raises(TypeError, match=r"params must be a dict of arrays or a list/tuple.*\[w\]"):
        impl.adam_init(np.zeros(3))


def test_non_finite_gradients_are_refused_naming_the_entry():
    with pytest.raises(ValueError, match=r"grads\[0\] must contain only finite numbers"):
        _call("adam", grads=[np.full((2, 3), np.nan)])


def test_a_state_from_another_optimizer_is_refused():
    with pytest.raises(TypeError, match=r"state must be the dict returned by adam_init"):
        impl.adam_step(P, G, impl.sgd_init(P))


def test_a_state_for_other_params_is_refused():
    with pytest.raises(ValueError, match=r"state\['exp_avg'\] does not match params"):
        impl.adam_step(P, G, impl.adam_init([np.zeros(4)]))


@pytest.mark.parametrize(("fn", "kwargs", "error", "argument"), [
    (impl.step_lr, {"epoch": -1, "lr": 0.1, "step_size": 2}, ValueError, "epoch"),
    (impl.step_lr, {"epoch": 1, "lr": 0.1, "step_size": 0}, ValueError, "step_size"),
    (impl.exponential_lr, {"epoch": 1.5, "lr": 0.1, "gamma": 0.9}, TypeError, "epoch"),
    (impl.exponential_lr, {"epoch": 1, "lr": -0.1, "gamma": 0.9}, ValueError, "lr"),
    (impl.cosine_annealing_lr, {"epoch": 1, "lr": 0.1, "T_max": 0}, ValueError, "T_max"),
    (impl.cosine_annealing_lr, {"epoch": 1, "lr": 0.1, "T_max": 5, "eta_min": -1.0},
     ValueError, "eta_min"),
], ids=["step_lr-epoch", "step_lr-step_size", "exponential-epoch", "exponential-lr",
        "cosine-T_max", "cosine-eta_min"])
def test_a_bad_schedule_argument_is_refused_naming_it(fn, kwargs, error, argument):
    epoch = kwargs.pop("epoch")
    with pytest.raises(error, match=argument):
        fn(epoch, **kwargs)
