"""Optimizer implementations beyond the registered checks: the functional contract and
PyTorch's conventions that no derivation covers (dampening, AMSGrad, coupled weight decay,
AdaGrad's lr_decay, centered RMSProp), each as an exact identity."""

from __future__ import annotations

import copy

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

OPTIMIZERS = {
    "sgd": {"lr": 0.1, "momentum": 0.9, "nesterov": True},
    "adagrad": {"lr": 0.1},
    "rmsprop": {"lr": 0.01, "momentum": 0.5, "centered": True},
    "adam": {"lr": 0.01, "amsgrad": True},
}


def _steps(impl, name, params, grads_seq, **hyper):
    state = getattr(impl, f"{name}_init")(params)
    for grads in grads_seq:
        params, state = getattr(impl, f"{name}_step")(params, grads, state, **hyper)
    return params, state


@pytest.mark.parametrize("name", list(OPTIMIZERS))
@given(seed=st.integers(0, 2**32 - 1))
def test_a_step_mutates_neither_params_grads_nor_state(impl, name, seed):
    rng = np.random.default_rng(seed)
    params = {"W": rng.normal(size=(3, 2)), "b": rng.normal(size=2)}
    state = getattr(impl, f"{name}_init")(params)
    for _ in range(2):
        grads = {"W": rng.normal(size=(3, 2)), "b": rng.normal(size=2)}
        before = copy.deepcopy((params, grads, state))
        new_params, new_state = getattr(impl, f"{name}_step")(params, grads, state,
                                                              **OPTIMIZERS[name])
        for old, now in zip(before, (params, grads, state), strict=True):
            _assert_same(old, now)
        params, state = new_params, new_state


def _assert_same(a, b):
    if isinstance(a, dict):
        assert a.keys() == b.keys()
        for k in a:
            _assert_same(a[k], b[k])
    elif isinstance(a, list | tuple):
        assert len(a) == len(b)
        for x, y in zip(a, b, strict=True):
            _assert_same(x, y)
    elif isinstance(a, np.ndarray):
        np.testing.assert_array_equal(a, b)
    else:
        assert a == b


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_a_dict_and_a_list_of_params_give_the_same_steps_in_their_own_container(impl, name):
    rng = np.random.default_rng(1)
    p = [rng.normal(size=(3, 2)), rng.normal(size=2)]
    gs = [[rng.normal(size=(3, 2)), rng.normal(size=2)] for _ in range(3)]
    as_list, _ = _steps(impl, name, p, gs, **OPTIMIZERS[name])
    as_dict, _ = _steps(impl, name, {"W": p[0], "b": p[1]},
                        [{"W": g[0], "b": g[1]} for g in gs], **OPTIMIZERS[name])
    assert isinstance(as_dict, dict) and list(as_dict) == ["W", "b"]
    assert isinstance(as_list, list)
    for a, b in zip(as_list, as_dict.values(), strict=True):
        np.testing.assert_array_equal(a, b)
        assert a.dtype == np.float64


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_weight_decay_is_the_l2_gradient_added_to_the_loss_gradient(impl, name):
    rng = np.random.default_rng(2)
    p = [rng.normal(size=4)]
    g = rng.normal(size=4)
    wd = 0.3
    hyper = {k: v for k, v in OPTIMIZERS[name].items()}
    decayed, _ = _steps(impl, name, p, [[g]], weight_decay=wd, **hyper)
    folded, _ = _steps(impl, name, p, [[g + wd * p[0]]], **hyper)
    np.testing.assert_allclose(decayed[0], folded[0], rtol=1e-15, atol=1e-15)


@given(tau=st.floats(0.0, 0.9), rho=st.floats(0.1, 0.95), g=st.floats(0.1, 5.0))
def test_dampening_spares_the_first_step_as_torch_does(impl, tau, rho, g):
    # torch.optim.SGD: b_1 = g (a copy), then b_t = rho b_{t-1} + (1 - tau) g
    params, state = [np.zeros(1)], impl.sgd_init([np.zeros(1)])
    b = 0.0
    for t in range(1, 6):
        new, state = impl.sgd_step(params, [np.array([g])], state, lr=1.0, momentum=rho,
                                   dampening=tau)
        b = g if t == 1 else rho * b + (1 - tau) * g
        np.testing.assert_allclose(params[0] - new[0], [b], rtol=1e-13)
        params = new


def test_amsgrad_divides_by_the_largest_second_moment_so_far(impl):
    b1, b2, lr = 0.9, 0.99, 0.1
    gs = [4.0, 1.0, 0.5]
    params, state = [np.zeros(1)], impl.adam_init([np.zeros(1)])
    m = v = vmax = 0.0
    for t, g in enumerate(gs, start=1):
        new, state = impl.adam_step(params, [np.array([g])], state, lr=lr, betas=(b1, b2),
                                    eps=0.0, amsgrad=True)
        m, v = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g * g
        vmax = max(vmax, v)
        want = lr * (m / (1 - b1**t)) / np.sqrt(vmax / (1 - b2**t))
        np.testing.assert_allclose(params[0] - new[0], [want], rtol=1e-13)
        params = new


@pytest.mark.claim("optim.adagrad.constant_gradient_step")
def test_adagrad_lr_decay_divides_the_rate_by_one_plus_t_minus_one_times_the_decay(impl):
    lr, decay, g = 0.5, 0.1, 2.0
    params, state = [np.zeros(1)], impl.adagrad_init([np.zeros(1)])
    for t in range(1, 6):
        new, state = impl.adagrad_step(params, [np.array([g])], state, lr=lr, lr_decay=decay,
                                       eps=0.0)
        want = lr / (1 + (t - 1) * decay) * g / np.sqrt(t * g * g)
        np.testing.assert_allclose(params[0] - new[0], [want], rtol=1e-13)
        params = new


def test_centered_rmsprop_divides_by_the_root_of_the_variance_estimate(impl):
    alpha, lr, mom = 0.9, 0.1, 0.5
    gs = [1.0, -2.0, 0.5]
    params, state = [np.zeros(1)], impl.rmsprop_init([np.zeros(1)])
    v = a = b = 0.0
    for g in gs:
        new, state = impl.rmsprop_step(params, [np.array([g])], state, lr=lr, alpha=alpha,
                                       eps=0.0, momentum=mom, centered=True)
        v, a = alpha * v + (1 - alpha) * g * g, alpha * a + (1 - alpha) * g
        b = mom * b + g / np.sqrt(v - a * a)
        np.testing.assert_allclose(params[0] - new[0], [lr * b], rtol=1e-12)
        params = new


@pytest.mark.claim("optim.adam.first_step")
@given(g=st.floats(1e-6, 1e6) | st.floats(-1e6, -1e-6))
def test_adams_first_step_is_lr_whatever_the_gradients_scale(impl, g):
    new, _ = impl.adam_step([np.zeros(1)], [np.array([g])], impl.adam_init([np.zeros(1)]),
                            lr=0.01, eps=0.0)
    np.testing.assert_allclose(new[0], [-0.01 * np.sign(g)], rtol=1e-14)


@pytest.mark.claim("optim.rmsprop.first_step")
def test_rmsprops_first_step_is_ten_times_lr_at_the_default_alpha(impl):
    new, _ = impl.rmsprop_step([np.zeros(1)], [np.array([3.0])], impl.rmsprop_init([np.zeros(1)]),
                               lr=0.01, eps=0.0)
    np.testing.assert_allclose(new[0], [-0.1], rtol=1e-13)
