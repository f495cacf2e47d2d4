"""Optimizers and learning-rate schedules, functional, with ``torch.optim``'s conventions.

The convention (the same for every optimizer here)::

    state = adam_init(params)
    params, state = adam_step(params, grads, state, lr=1e-3, betas=(0.9, 0.999), ...)

* ``params`` and ``grads`` are either a ``dict`` mapping names to arrays or a
  ``list``/``tuple`` of arrays, with the same keys (or length) and the same
  shape per entry; a bare array is refused (wrap it: ``[w]``).  The returned
  ``params`` has the same container type, with new float64 arrays.
* ``state`` is a ``dict``: ``"step"`` (the number of steps taken) and the
  per-parameter buffers under ``torch.optim``'s state names (``momentum_buffer``,
  ``sum``, ``square_avg``, ``grad_avg``, ``exp_avg``, ``exp_avg_sq``,
  ``max_exp_avg_sq``), each in the container type of ``params``.
* Nothing is mutated: neither the arrays passed in nor the state.
* Hyperparameters have ``torch.optim``'s names and defaults and epsilon is
  where PyTorch puts it: *outside* the square root (``sqrt(v) + eps``; Adam adds
  it to the root of the bias-corrected ``v``).  ``weight_decay`` is PyTorch's
  coupled L2 term, ``g + weight_decay * p`` (decoupled decay is AdamW's).

The algorithms, with ``t`` the step about to be taken and ``g`` the gradient
after weight decay (PyTorch documentation, the algorithm boxes of
``torch.optim.SGD``, ``Adagrad``, ``RMSprop`` and ``Adam``):

* SGD: ``b = g`` at the first step, then ``b = momentum b + (1 - dampening) g``;
  ``d = g + momentum b`` with Nesterov, else ``b``; ``p = p - lr d``;
* AdaGrad (Duchi et al. 2011): ``s = s + g^2``; ``p = p - lr/(1 + (t - 1) lr_decay)
  g/(sqrt(s) + eps)``;
* RMSProp (Tieleman and Hinton 2012): ``v = alpha v + (1 - alpha) g^2``; the
  denominator ``sqrt(v - a^2) + eps`` (centered, ``a = alpha a + (1 - alpha) g``)
  or ``sqrt(v) + eps``; with momentum ``b = momentum b + g/den``, ``p = p - lr b``;
* Adam (Kingma and Ba 2015): ``m = beta1 m + (1 - beta1) g``,
  ``v = beta2 v + (1 - beta2) g^2``; ``p = p - lr m^/(sqrt(v^) + eps)`` with
  ``m^ = m/(1 - beta1^t)``, ``v^ = v/(1 - beta2^t)`` (AMSGrad: ``v`` replaced by
  its running maximum).

>>> import numpy as np
>>> state = adam_init([np.zeros(2)])
>>> params, state = adam_step([np.zeros(2)], [np.array([3.0, -1e-3])], state, eps=0.0)
>>> params[0]  # the first Adam step is lr per coordinate, whatever the gradient's size
array([-0.001,  0.001])
>>> state["step"]
1
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from ._validate import (
    check_finite_nonneg,
    check_finite_real,
    check_nonneg_int,
    check_positive_int,
)

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

Params = Mapping[str, np.ndarray] | Sequence[np.ndarray]


# ------------------------------------------------------------ containers

def _entries(name: str, tree: object) -> tuple[list, list[np.ndarray]]:
    """(keys, float64 arrays) of a dict or a list/tuple of arrays; keys are indices for a list."""
    if isinstance(tree, Mapping):
        keys = list(tree.keys())
        values = [tree[k] for k in keys]
    elif isinstance(tree, list | tuple):
        keys = list(range(len(tree)))
        values = list(tree)
    else:
        raise TypeError(f"{name} must be a dict of arrays or a list/tuple of arrays (wrap a "
                        f"single array: [w]); got {type(tree).__name__}")
    if not keys:
        raise ValueError(f"{name} must hold at least one array; got an empty {type(tree).__name__}")
    arrays = []
    for k, v in zip(keys, values, strict=True):
        a = np.asarray(v)
        label = f"{name}[{k!r}]"
        if a.dtype == np.bool_ or a.dtype.kind not in "iuf":
            raise TypeError(f"{label} must be an array of real numbers; got dtype {a.dtype}")
        a = a.astype(np.float64)
        if not np.all(np.isfinite(a)):
            raise ValueError(f"{label} must contain only finite numbers (no nan or inf)")
        arrays.append(a)
    return keys, arrays


def _like(params: object, arrays: list[np.ndarray]) -> Params:
    """``arrays`` in the container type of ``params``."""
    if isinstance(params, Mapping):
        return dict(zip(params.keys(), arrays, strict=True))
    return type(params)(arrays) if isinstance(params, tuple) else list(arrays)


def _matched(params: object, grads: object) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The arrays of ``params`` and ``grads``, checked to have the same keys and shapes."""
    pkeys, p = _entries("params", params)
    gkeys, g = _entries("grads", grads)
    if isinstance(params, Mapping) != isinstance(grads, Mapping) or pkeys != gkeys:
        raise ValueError(f"grads must have the same keys as params (in the same order); params "
                         f"has {pkeys}, grads has {gkeys}")
    for k, a, b in zip(pkeys, p, g, strict=True):
        if a.shape != b.shape:
            raise ValueError(f"grads[{k!r}] must have the shape of params[{k!r}], {a.shape}; "
                             f"got {b.shape}")
    return p, g


def _buffers(state: Mapping, key: str, params: list[np.ndarray], fn: str) -> list | None:
    """The state's buffer ``key`` as a list of arrays matching ``params`` (None if unset)."""
    value = state[key]
    if value is None:
        return None
    _, arrays = _entries(f"state[{key!r}]", value)
    if len(arrays) != len(params) or any(a.shape != p.shape for a, p in zip(arrays, params,
                                                                              strict=True)):
        raise ValueError(f"state[{key!r}] does not match params (shapes "
                         f"{[a.shape for a in arrays]} against {[p.shape for p in params]}); "
                         f"make the state with {fn}_init(params)")
    return arrays


def _state(state: object, keys: tuple[str, ...], fn: str) -> int:
    """Check that ``state`` came from ``{fn}_init``; return its step count."""
    if not isinstance(state, Mapping) or any(k not in state for k in ("step", *keys)):
        raise TypeError(f"state must be the dict returned by {fn}_init(params) (keys 'step', "
                        f"{', '.join(repr(k) for k in keys)}); got {type(state).__name__}")
    return check_nonneg_int("state['step']", state["step"])


def _zeros(params: object) -> Params:
    _, arrays = _entries("params", params)
    return _like(params, [np.zeros_like(a) for a in arrays])


# ------------------------------------------------------------ hyperparameters

def _lr(lr: object) -> float:
    return check_finite_nonneg("lr", lr)


def _unit(name: str, value: object) -> float:
    """A weight of a moving average, in [0, 1)."""
    number = check_finite_real(name, value, "a real number in [0, 1)")
    if not 0.0 <= number < 1.0:
        raise ValueError(f"{name} must be a real number in [0, 1); got {value!r}")
    return number


def _betas(betas: object) -> tuple[float, float]:
    if not isinstance(betas, tuple | list) or len(betas) != 2:
        raise TypeError(f"betas must be a pair (beta1, beta2) of numbers in [0, 1); got {betas!r}")
    return _unit("betas[0]", betas[0]), _unit("betas[1]", betas[1])


def _flag(name: str, value: object) -> bool:
    if not isinstance(value, bool | np.bool_):
        raise TypeError(f"{name} must be True or False; got {value!r}")
    return bool(value)


def _decayed(g: np.ndarray, p: np.ndarray, weight_decay: float) -> np.ndarray:
    """PyTorch's coupled weight decay: the L2 term's gradient added to the loss's."""
    return g + weight_decay * p if weight_decay != 0 else g


# ------------------------------------------------------------ SGD

def sgd_init(params: Params) -> dict:
    """The state of :func:`sgd_step` before the first step (no momentum buffer yet)."""
    _entries("params", params)
    return {"step": 0, "momentum_buffer": None}


def sgd_step(params: Params, grads: Params, state: Mapping, *, lr: float = 1e-3,
             momentum: float = 0.0, dampening: float = 0.0, nesterov: bool = False,
             weight_decay: float = 0.0) -> tuple[Params, dict]:
    """One step of SGD with optional (Nesterov) momentum: ``torch.optim.SGD``.

    .. math:: b_t = \\mu b_{t-1} + (1 - \\tau) g_t \\ (b_1 = g_1), \\qquad
              p_t = p_{t-1} - \\eta\\,(g_t + \\mu b_t \\text{ if nesterov else } b_t)

    The rate multiplies the whole buffer (CS231n's and PyTorch's notation), so
    changing ``lr`` between steps rescales the accumulated velocity at once.
    """
    p, g = _matched(params, grads)
    step = _state(state, ("momentum_buffer",), "sgd")
    lr = _lr(lr)
    momentum = check_finite_nonneg("momentum", momentum)
    dampening = check_finite_real("dampening", dampening)
    nesterov = _flag("nesterov", nesterov)
    weight_decay = check_finite_nonneg("weight_decay", weight_decay)
    if nesterov and (momentum <= 0 or dampening != 0):
        raise ValueError("nesterov=True requires momentum > 0 and dampening = 0; got "
                         f"momentum={momentum}, dampening={dampening}")
    buffers = _buffers(state, "momentum_buffer", p, "sgd")
    new_p, new_b = [], []
    for i, (pi, gi) in enumerate(zip(p, g, strict=True)):
        d = _decayed(gi, pi, weight_decay)
        if momentum != 0:
            b = d.copy() if buffers is None else momentum * buffers[i] + (1 - dampening) * d
            new_b.append(b)
            d = d + momentum * b if nesterov else b
        new_p.append(pi - lr * d)
    out = {"step": step + 1,
           "momentum_buffer": _like(params, new_b) if momentum != 0 else state["momentum_buffer"]}
    return _like(params, new_p), out


# ------------------------------------------------------------ AdaGrad

def adagrad_init(params: Params) -> dict:
    """The state of :func:`adagrad_step`; the sum starts at ``initial_accumulator_value``
    at the first step."""
    _entries("params", params)
    return {"step": 0, "sum": None}


def adagrad_step(params: Params, grads: Params, state: Mapping, *, lr: float = 1e-2,
                 lr_decay: float = 0.0, weight_decay: float = 0.0,
                 initial_accumulator_value: float = 0.0,
                 eps: float = 1e-10) -> tuple[Params, dict]:
    """One step of AdaGrad: ``torch.optim.Adagrad`` (Duchi, Hazan and Singer 2011).

    .. math:: s_t = s_{t-1} + g_t^2, \\qquad
              p_t = p_{t-1} - \\frac{\\eta}{1 + (t-1)\\,\\text{lr\\_decay}}
              \\frac{g_t}{\\sqrt{s_t} + \\epsilon}

    ``initial_accumulator_value`` is ``s_0`` (used at the first step, when
    ``state["sum"]`` is still unset).  Under a constant gradient from
    ``s_0 = 0`` the step is ``eta/sqrt(t)`` (``optim.adagrad.effective_step``).
    """
    p, g = _matched(params, grads)
    step = _state(state, ("sum",), "adagrad")
    lr = _lr(lr)
    lr_decay = check_finite_nonneg("lr_decay", lr_decay)
    weight_decay = check_finite_nonneg("weight_decay", weight_decay)
    s0 = check_finite_nonneg("initial_accumulator_value", initial_accumulator_value)
    eps = check_finite_nonneg("eps", eps)
    sums = _buffers(state, "sum", p, "adagrad") or [np.full_like(pi, s0) for pi in p]
    t = step + 1
    clr = lr / (1 + (t - 1) * lr_decay)
    new_p, new_s = [], []
    for pi, gi, si in zip(p, g, sums, strict=True):
        d = _decayed(gi, pi, weight_decay)
        s = si + d * d
        new_s.append(s)
        new_p.append(pi - clr * d / (np.sqrt(s) + eps))
    return _like(params, new_p), {"step": t, "sum": _like(params, new_s)}


# ------------------------------------------------------------ RMSProp

def rmsprop_init(params: Params) -> dict:
    """The state of :func:`rmsprop_step`: zero averages and a zero momentum buffer."""
    zeros = _zeros(params)
    return {"step": 0, "square_avg": zeros, "momentum_buffer": zeros, "grad_avg": zeros}


def rmsprop_step(params: Params, grads: Params, state: Mapping, *, lr: float = 1e-2,
                 alpha: float = 0.99, eps: float = 1e-8, weight_decay: float = 0.0,
                 momentum: float = 0.0, centered: bool = False) -> tuple[Params, dict]:
    """One step of RMSProp: ``torch.optim.RMSprop`` (Tieleman and Hinton 2012).

    .. math:: v_t = \\alpha v_{t-1} + (1 - \\alpha) g_t^2, \\qquad
              p_t = p_{t-1} - \\eta\\,\\frac{g_t}{\\sqrt{v_t} + \\epsilon}

    No bias correction: ``E[v_t] = (1 - alpha^t) E[g^2]``
    (``optim.rmsprop.accumulator_expectation``), so the first step is about
    ``eta/sqrt(1 - alpha)``.  ``centered`` subtracts the squared average
    gradient under the root; ``momentum`` accumulates ``g/den`` in a buffer.
    """
    p, g = _matched(params, grads)
    step = _state(state, ("square_avg", "momentum_buffer", "grad_avg"), "rmsprop")
    lr = _lr(lr)
    alpha = _unit("alpha", alpha)
    eps = check_finite_nonneg("eps", eps)
    weight_decay = check_finite_nonneg("weight_decay", weight_decay)
    momentum = check_finite_nonneg("momentum", momentum)
    centered = _flag("centered", centered)
    sq = _buffers(state, "square_avg", p, "rmsprop")
    bufs = _buffers(state, "momentum_buffer", p, "rmsprop")
    avgs = _buffers(state, "grad_avg", p, "rmsprop")
    new_p, new_sq, new_b, new_a = [], [], [], []
    for pi, gi, vi, bi, ai in zip(p, g, sq, bufs, avgs, strict=True):
        d = _decayed(gi, pi, weight_decay)
        v = alpha * vi + (1 - alpha) * d * d
        a = alpha * ai + (1 - alpha) * d if centered else ai
        den = (np.sqrt(v - a * a) if centered else np.sqrt(v)) + eps
        if momentum > 0:
            b = momentum * bi + d / den
            new_p.append(pi - lr * b)
        else:
            b = bi
            new_p.append(pi - lr * d / den)
        new_sq.append(v)
        new_b.append(b)
        new_a.append(a)
    return _like(params, new_p), {"step": step + 1, "square_avg": _like(params, new_sq),
                                  "momentum_buffer": _like(params, new_b),
                                  "grad_avg": _like(params, new_a)}


# ------------------------------------------------------------ Adam

def adam_init(params: Params) -> dict:
    """The state of :func:`adam_step`: zero moments (and a zero running maximum)."""
    zeros = _zeros(params)
    return {"step": 0, "exp_avg": zeros, "exp_avg_sq": zeros, "max_exp_avg_sq": zeros}


def _adam_moments(m: np.ndarray, v: np.ndarray, g: np.ndarray, beta1: float,
                  beta2: float) -> tuple[np.ndarray, np.ndarray]:
    """Adam's two moving averages after one more gradient (shared with AdamW)."""
    return beta1 * m + (1 - beta1) * g, beta2 * v + (1 - beta2) * g * g


def _adam_update(p: np.ndarray, m: np.ndarray, v_hat_source: np.ndarray, t: int, *, lr: float,
                 beta1: float, beta2: float, eps: float) -> np.ndarray:
    """``p - lr m^/(sqrt(v^) + eps)`` at step ``t`` (shared with AdamW).

    ``v_hat_source`` is ``v`` (or its running maximum, AMSGrad) before the
    correction; written as PyTorch computes it, ``lr/(1 - beta1^t)`` times
    ``m/(sqrt(v)/sqrt(1 - beta2^t) + eps)``.
    """
    bias1, bias2 = 1 - beta1**t, 1 - beta2**t
    return p - (lr / bias1) * m / (np.sqrt(v_hat_source) / math.sqrt(bias2) + eps)


def _adam_hyperparameters(lr: object, betas: object, eps: object, weight_decay: object,
                               amsgrad: object) -> tuple:
    """Adam's hyperparameters, validated (shared with AdamW).

    Returns ``(lr, beta1, beta2, eps, weight_decay, amsgrad)``.
    """
    beta1, beta2 = _betas(betas)
    return (_lr(lr), beta1, beta2, check_finite_nonneg("eps", eps),
            check_finite_nonneg("weight_decay", weight_decay), _flag("amsgrad", amsgrad))


def adam_step(params: Params, grads: Params, state: Mapping, *, lr: float = 1e-3,
              betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
              weight_decay: float = 0.0, amsgrad: bool = False) -> tuple[Params, dict]:
    """One step of Adam: ``torch.optim.Adam`` (Kingma and Ba 2015, Algorithm 1).

    .. math:: m_t = \\beta_1 m_{t-1} + (1-\\beta_1) g_t, \\quad
              v_t = \\beta_2 v_{t-1} + (1-\\beta_2) g_t^2, \\quad
              p_t = p_{t-1} - \\eta\\,\\frac{m_t/(1-\\beta_1^t)}{\\sqrt{v_t/(1-\\beta_2^t)}
              + \\epsilon}

    The corrections divide copies of the averages, never the stored ones, so
    ``E[m_t/(1-beta1^t)] = E[g]`` at every step (``optim.adam.first_moment_corrected``).
    """
    p, g = _matched(params, grads)
    step = _state(state, ("exp_avg", "exp_avg_sq", "max_exp_avg_sq"), "adam")
    lr, beta1, beta2, eps, weight_decay, amsgrad = _adam_hyperparameters(
        lr, betas, eps, weight_decay, amsgrad)
    ms = _buffers(state, "exp_avg", p, "adam")
    vs = _buffers(state, "exp_avg_sq", p, "adam")
    maxes = _buffers(state, "max_exp_avg_sq", p, "adam")
    t = step + 1
    new_p, new_m, new_v, new_max = [], [], [], []
    for pi, gi, mi, vi, xi in zip(p, g, ms, vs, maxes, strict=True):
        d = _decayed(gi, pi, weight_decay)
        m, v = _adam_moments(mi, vi, d, beta1, beta2)
        top = np.maximum(xi, v) if amsgrad else xi
        new_p.append(_adam_update(pi, m, top if amsgrad else v, t, lr=lr, beta1=beta1,
                                  beta2=beta2, eps=eps))
        new_m.append(m)
        new_v.append(v)
        new_max.append(top)
    return _like(params, new_p), {"step": t, "exp_avg": _like(params, new_m),
                                  "exp_avg_sq": _like(params, new_v),
                                  "max_exp_avg_sq": _like(params, new_max)}


# ------------------------------------------------------------ schedules

def step_lr(epoch: int, *, lr: float, step_size: int, gamma: float = 0.1) -> float:
    """``torch.optim.lr_scheduler.StepLR``: ``lr * gamma ** (epoch // step_size)``.

    >>> [step_lr(e, lr=1.0, step_size=2, gamma=0.5) for e in range(5)]
    [1.0, 1.0, 0.5, 0.5, 0.25]
    """
    epoch = check_nonneg_int("epoch", epoch)
    lr = _lr(lr)
    step_size = check_positive_int("step_size", step_size)
    gamma = check_finite_nonneg("gamma", gamma)
    return lr * gamma ** (epoch // step_size)


def exponential_lr(epoch: int, *, lr: float, gamma: float) -> float:
    """``torch.optim.lr_scheduler.ExponentialLR``: ``lr * gamma ** epoch``."""
    epoch = check_nonneg_int("epoch", epoch)
    return _lr(lr) * check_finite_nonneg("gamma", gamma) ** epoch


def cosine_annealing_lr(epoch: int, *, lr: float, T_max: int, eta_min: float = 0.0) -> float:
    """``torch.optim.lr_scheduler.CosineAnnealingLR``'s closed form (Loshchilov and Hutter 2017).

    .. math:: \\eta_e = \\eta_{min} + (\\eta - \\eta_{min})\\,\\frac{1 + \\cos(\\pi e/T_{max})}{2}

    >>> cosine_annealing_lr(5, lr=1.0, T_max=10)
    0.5
    """
    epoch = check_nonneg_int("epoch", epoch)
    lr = _lr(lr)
    T_max = check_positive_int("T_max", T_max)
    eta_min = check_finite_nonneg("eta_min", eta_min)
    return eta_min + (lr - eta_min) * (1 + math.cos(math.pi * epoch / T_max)) / 2
