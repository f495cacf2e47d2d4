"""``torch.optim`` under the reference's functional optimizer API (:mod:`impl.optimizers`).

Run the optimizer checks against PyTorch with::

    pytest --impl dlproofs.adapters.torch.optimizers tests/test_conformance.py -k optimizers

Conventions converted here:

* **Functional state.**  ``torch.optim`` optimizers are objects that mutate
  their parameters and keep per-parameter state.  Each ``*_step`` here builds
  float64 leaf tensors from ``params``, sets their ``.grad`` from ``grads``,
  constructs the optimizer with the given hyperparameters, loads the state
  (``state["step"]`` and the buffers, under torch's own state names, which
  the reference shares) into ``optimizer.state``, calls ``optimizer.step()``
  once and converts parameters and state back to NumPy.  Nothing passed in is
  mutated.
* **AdaGrad's initial sum.**  ``torch.optim.Adagrad`` fills its ``sum`` from
  ``initial_accumulator_value`` when it is constructed; the reference's
  ``adagrad_init`` leaves the sum unset until the first step, so the first
  step here keeps torch's own initial sum.
* **Buffers torch creates lazily** (``momentum_buffer`` of SGD, RMSprop's
  ``momentum_buffer`` and ``grad_avg``, Adam's ``max_exp_avg_sq``) are passed
  through from the state when torch does not use them.
* **Schedules.**  ``step_lr``, ``exponential_lr`` and ``cosine_annealing_lr``
  build the scheduler on a one-parameter SGD with the given ``lr`` and call
  ``optimizer.step(); scheduler.step()`` ``epoch`` times (torch's recursive,
  "chainable" form), then read the rate.

Nothing else is converted: what torch computes is what the checks see.  torch is
imported on first use, so the module (and the suite's doctest collection) imports
without it.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

__all__ = [
    "adagrad_init",
    "adagrad_step",
    "adam_init",
    "adam_step",
    "cosine_annealing_lr",
    "exponential_lr",
    "rmsprop_init",
    "rmsprop_step",
    "sgd_init",
    "sgd_step",
    "step_lr",
]


def _torch():
    import torch

    return torch


def _arrays(tree) -> list[np.ndarray]:
    if isinstance(tree, Mapping):
        return [np.asarray(v, dtype=np.float64) for v in tree.values()]
    if isinstance(tree, list | tuple):
        return [np.asarray(v, dtype=np.float64) for v in tree]
    raise TypeError(f"params must be a dict or a list/tuple of arrays; got {type(tree).__name__}")


def _like(params, arrays):
    if isinstance(params, Mapping):
        return dict(zip(params.keys(), arrays, strict=True))
    return tuple(arrays) if isinstance(params, tuple) else list(arrays)


def _scalar_step(step: int):
    from torch.optim.optimizer import _get_scalar_dtype

    return _torch().tensor(float(step), dtype=_get_scalar_dtype())


def _run(cls, params, grads, state, names: tuple[str, ...], stepped: bool, **hyper):
    """One ``cls`` step from the functional ``state``; returns (params, state)."""
    torch = _torch()
    p_np, g_np = _arrays(params), _arrays(grads)
    if len(p_np) != len(g_np):
        raise ValueError(f"grads must have as many arrays as params ({len(p_np)}); "
                         f"got {len(g_np)}")
    tensors = [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in p_np]
    for t, g in zip(tensors, g_np, strict=True):
        t.grad = torch.tensor(g, dtype=torch.float64)
    opt = cls(tensors, **hyper)
    step = int(state["step"])
    for i, t in enumerate(tensors):
        st = opt.state[t]
        if step > 0 or not st:
            for name in names:
                buf = state.get(name)
                if buf is not None:
                    st[name] = torch.tensor(_arrays(buf)[i], dtype=torch.float64)
            if stepped:
                st["step"] = _scalar_step(step)
    opt.step()
    out = {"step": step + 1}
    for name in names:
        got = [opt.state[t].get(name) for t in tensors]
        if all(g is not None for g in got):
            out[name] = _like(params, [g.detach().numpy().copy() for g in got])
        else:
            out[name] = state.get(name)
    return _like(params, [t.detach().numpy().copy() for t in tensors]), out


def _zeros(params):
    return _like(params, [np.zeros_like(a) for a in _arrays(params)])


def sgd_init(params):
    _arrays(params)
    return {"step": 0, "momentum_buffer": None}


def sgd_step(params, grads, state, *, lr=1e-3, momentum=0.0, dampening=0.0, nesterov=False,
             weight_decay=0.0):
    return _run(_torch().optim.SGD, params, grads, state, ("momentum_buffer",), False, lr=lr,
                momentum=momentum, dampening=dampening, nesterov=nesterov,
                weight_decay=weight_decay)


def adagrad_init(params):
    _arrays(params)
    return {"step": 0, "sum": None}


def adagrad_step(params, grads, state, *, lr=1e-2, lr_decay=0.0, weight_decay=0.0,
                 initial_accumulator_value=0.0, eps=1e-10):
    return _run(_torch().optim.Adagrad, params, grads, state, ("sum",), True, lr=lr,
                lr_decay=lr_decay, weight_decay=weight_decay,
                initial_accumulator_value=initial_accumulator_value, eps=eps)


def rmsprop_init(params):
    z = _zeros(params)
    return {"step": 0, "square_avg": z, "momentum_buffer": z, "grad_avg": z}


def rmsprop_step(params, grads, state, *, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0,
                 momentum=0.0, centered=False):
    return _run(_torch().optim.RMSprop, params, grads, state,
                ("square_avg", "momentum_buffer", "grad_avg"), True, lr=lr, alpha=alpha,
                eps=eps, weight_decay=weight_decay, momentum=momentum, centered=centered)


def adam_init(params):
    z = _zeros(params)
    return {"step": 0, "exp_avg": z, "exp_avg_sq": z, "max_exp_avg_sq": z}


def adam_step(params, grads, state, *, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0,
              amsgrad=False):
    return _run(_torch().optim.Adam, params, grads, state,
                ("exp_avg", "exp_avg_sq", "max_exp_avg_sq"), True, lr=lr, betas=betas,
                eps=eps, weight_decay=weight_decay, amsgrad=amsgrad)


def _scheduled(make, epoch: int, lr: float) -> float:
    torch = _torch()
    param = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([param], lr=lr)
    scheduler = make(opt)
    for _ in range(int(epoch)):
        opt.step()
        scheduler.step()
    return float(opt.param_groups[0]["lr"])


def step_lr(epoch, *, lr, step_size, gamma=0.1):
    return _scheduled(lambda o: _torch().optim.lr_scheduler.StepLR(o, step_size, gamma), epoch, lr)


def exponential_lr(epoch, *, lr, gamma):
    return _scheduled(lambda o: _torch().optim.lr_scheduler.ExponentialLR(o, gamma), epoch, lr)


def cosine_annealing_lr(epoch, *, lr, T_max, eta_min=0.0):
    return _scheduled(lambda o: _torch().optim.lr_scheduler.CosineAnnealingLR(o, T_max, eta_min),
                      epoch, lr)
