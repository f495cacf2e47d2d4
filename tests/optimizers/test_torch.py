"""The reference optimizers against ``torch.optim`` itself, step by step, to float64 precision.

Unlike the adapter (which rebuilds the optimizer at every step to stay
functional), this drives one ``torch.optim`` object through twenty steps the
way a training loop does, and compares every iterate with the reference's.
"""

from __future__ import annotations

import numpy as np
import pytest

import impl

if not __import__("os").environ.get("DLPROOFS_ADAPTERS"):
    # importing PyTorch costs seconds of CPU in every worker: CI sets DLPROOFS_ADAPTERS=1
    pytest.skip("compares with PyTorch: set DLPROOFS_ADAPTERS=1 (and pip install -e '.[torch]')",
                allow_module_level=True)
torch = pytest.importorskip("torch")

CONFIGS = [
    ("sgd", {"lr": 0.1}),
    ("sgd", {"lr": 0.05, "momentum": 0.9}),
    ("sgd", {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
    ("sgd", {"lr": 0.05, "momentum": 0.8, "dampening": 0.3, "weight_decay": 0.01}),
    ("adagrad", {}),
    ("adagrad", {"lr": 0.1, "lr_decay": 0.05, "initial_accumulator_value": 0.2,
                       "weight_decay": 0.1}),
    ("rmsprop", {}),
    ("rmsprop", {"lr": 0.01, "alpha": 0.9, "momentum": 0.5, "centered": True,
                       "weight_decay": 0.05}),
    ("adam", {}),
    ("adam", {"lr": 0.01, "betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.1,
                    "amsgrad": True}),
]
TORCH_CLASS = {"sgd": "SGD", "adagrad": "Adagrad", "rmsprop": "RMSprop", "adam": "Adam"}


@pytest.mark.claim("optim.adam.constant_gradient_step", "optim.momentum.velocity_sum")
@pytest.mark.parametrize(("name", "hyper"), CONFIGS,
                         ids=[f"{n}-{'-'.join(f'{k}={v}' for k, v in h.items()) or 'defaults'}"
                              for n, h in CONFIGS])
def test_the_reference_follows_torch_optim_step_by_step(name, hyper):
    rng = np.random.default_rng(7)
    shapes = [(3, 4), (4,)]
    start = [rng.normal(size=s) for s in shapes]
    tensors = [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in start]
    opt = getattr(torch.optim, TORCH_CLASS[name])(tensors, **hyper)
    params = [a.copy() for a in start]
    state = getattr(impl, f"{name}_init")(params)
    for t in range(1, 21):
        grads = [rng.normal(size=s) * 10.0 ** rng.uniform(-3, 1) for s in shapes]
        for tensor, g in zip(tensors, grads, strict=True):
            tensor.grad = torch.tensor(g, dtype=torch.float64)
        opt.step()
        params, state = getattr(impl, f"{name}_step")(params, grads, state, **hyper)
        for mine, theirs in zip(params, tensors, strict=True):
            np.testing.assert_allclose(mine, theirs.detach().numpy(), rtol=1e-13, atol=1e-15,
                                       err_msg=f"{name} {hyper} step {t}")


SCHEDULES = [
    ("step_lr", "StepLR", {"step_size": 3, "gamma": 0.5}),
    ("exponential_lr", "ExponentialLR", {"gamma": 0.9}),
    ("cosine_annealing_lr", "CosineAnnealingLR", {"T_max": 10, "eta_min": 0.001}),
]


@pytest.mark.claim("optim.schedule.cosine", "optim.schedule.exponential",
                   "optim.schedule.step_is_exponential")
@pytest.mark.parametrize(("name", "cls", "kwargs"), SCHEDULES, ids=[s[0] for s in SCHEDULES])
def test_the_schedules_follow_torch_schedulers_epoch_by_epoch(name, cls, kwargs):
    param = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([param], lr=0.1)
    scheduler = getattr(torch.optim.lr_scheduler, cls)(opt, **kwargs)
    for epoch in range(25):
        want = opt.param_groups[0]["lr"]
        got = getattr(impl, name)(epoch, lr=0.1, **kwargs)
        assert got == pytest.approx(want, rel=1e-12, abs=1e-15), f"{name} epoch {epoch}"
        opt.step()
        scheduler.step()
