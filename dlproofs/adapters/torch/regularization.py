"""PyTorch under the reference's regularization names (convert, call torch, convert back).

* ``label_smoothing_cross_entropy_forward/backward`` -
  ``torch.nn.functional.cross_entropy(logits, target, label_smoothing=eps)`` (reduction
  ``"mean"``, the same target ``(1 - eps) onehot + eps/K``); the backward is autograd on
  the graph kept in the cache.
* ``clip_grad_norm`` / ``clip_grad_value`` - ``torch.nn.utils.clip_grad_norm_`` /
  ``clip_grad_value_`` on copies of the gradients (torch clips ``.grad`` in place; here
  new arrays are returned).  Convention kept, not converted: torch scales by
  ``max_norm / (total_norm + 1e-6)``, so the clipped norm is ``max_norm *
  ||g|| / (||g|| + 1e-6)``, slightly below ``max_norm``.
* ``adamw_init`` / ``adamw_step`` - ``torch.optim.AdamW`` with the same names and
  defaults; the functional state holds the optimizer's ``state_dict`` (a fresh optimizer
  is stepped on copies of the parameters, so nothing the caller holds is mutated).
* ``l2_penalty``/``_grad``, ``l1_penalty``/``_grad`` - the penalty in torch, the gradient by
  autograd (at ``w = 0`` autograd gives ``sign(0) = 0`` for ``|w|``, the same subgradient).
* The reference's other names (samplers, standardization, soft thresholding, smoothed
  targets) have no PyTorch counterpart and are absent: their checks skip.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping

import numpy as np
import torch

label = "torch"

#: PyTorch's own values that differ from the claims, with the reason and a reproduction.
KNOWN_DISCREPANCIES = {
    "regularization.clip_norm": (
        "clip_grad_norm_ scales by max_norm / (total_norm + 1e-6), so a clipped gradient's "
        "norm is max_norm ||g|| / (||g|| + 1e-6), a relative 1e-6/||g|| short of max_norm. "
        "Reproduction: p.grad = torch.tensor([3., 4.], dtype=torch.float64); "
        "clip_grad_norm_([p], 1.0); p.grad.norm() == 0.99999980000004, not 1."),
}

__all__ = [
    "adamw_init",
    "adamw_step",
    "clip_grad_norm",
    "clip_grad_value",
    "l1_penalty",
    "l1_penalty_grad",
    "l2_penalty",
    "l2_penalty_grad",
    "label_smoothing_cross_entropy_backward",
    "label_smoothing_cross_entropy_forward",
]


def _t(x, grad=False):
    return torch.tensor(np.asarray(x, dtype=np.float64), dtype=torch.float64,
                        requires_grad=grad)


def _penalty(w, lam, kind):
    t = _t(w, grad=True)
    value = lam * (t.abs().sum() if kind == 1 else (t * t).sum())
    return t, value


def l2_penalty(w, lam):
    return float(_penalty(w, lam, 2)[1])


def l2_penalty_grad(w, lam):
    t, value = _penalty(w, lam, 2)
    value.backward()
    return t.grad.numpy()


def l1_penalty(w, lam):
    return float(_penalty(w, lam, 1)[1])


def l1_penalty_grad(w, lam):
    t, value = _penalty(w, lam, 1)
    value.backward()
    return t.grad.numpy()


def label_smoothing_cross_entropy_forward(logits, target, label_smoothing=0.0):
    z = _t(logits, grad=True)
    y = torch.as_tensor(np.asarray(target), dtype=torch.long)
    loss = torch.nn.functional.cross_entropy(z, y, label_smoothing=label_smoothing)
    return loss.item(), {"kind": "label_smoothing_cross_entropy", "z": z, "loss": loss}


def label_smoothing_cross_entropy_backward(dout, cache):
    (dz,) = torch.autograd.grad(cache["loss"], cache["z"],
                                grad_outputs=torch.tensor(float(dout), dtype=torch.float64),
                                retain_graph=True)
    return dz.numpy()


def _params_with_grads(grads):
    single = isinstance(grads, np.ndarray)
    gs = [grads] if single else list(grads)
    ps = []
    for g in gs:
        p = torch.zeros(np.shape(g), dtype=torch.float64, requires_grad=True)
        p.grad = _t(g)
        ps.append(p)
    return ps


def clip_grad_norm(grads, max_norm, norm_type=2.0):
    ps = _params_with_grads(grads)
    total = torch.nn.utils.clip_grad_norm_(ps, max_norm, norm_type=norm_type)
    return [p.grad.numpy().copy() for p in ps], float(total)


def clip_grad_value(grads, clip_value):
    ps = _params_with_grads(grads)
    torch.nn.utils.clip_grad_value_(ps, clip_value)
    return [p.grad.numpy().copy() for p in ps]


def _items(values):
    """(keys, arrays) of a dict of arrays or a list/tuple of arrays (the reference's convention)."""
    if isinstance(values, Mapping):
        return list(values), [values[k] for k in values]
    return list(range(len(values))), list(values)


def _like(template, keys, arrays):
    if isinstance(template, Mapping):
        return dict(zip(keys, arrays, strict=True))
    return type(template)(arrays) if isinstance(template, tuple) else list(arrays)


def adamw_init(params):
    _, arrays = _items(params)
    return {"step": 0, "params": [torch.nn.Parameter(_t(p)) for p in arrays],
            "optimizer": None}


def adamw_step(params, grads, state, *, lr=1e-3, betas=(0.9, 0.999), eps=1e-8,
               weight_decay=1e-2):
    keys, ps = _items(params)
    _, gs = _items(grads)
    tensors = [torch.nn.Parameter(p.detach().clone()) for p in state["params"]]
    opt = torch.optim.AdamW(tensors, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay)
    if state["optimizer"] is not None:
        opt.load_state_dict(copy.deepcopy(state["optimizer"]))
    with torch.no_grad():
        for t, value in zip(tensors, ps, strict=True):
            t.copy_(_t(value))
    for t, g in zip(tensors, gs, strict=True):
        t.grad = _t(g)
    opt.step()
    new = [t.detach().numpy().copy() for t in tensors]
    return _like(params, keys, new), {"step": state["step"] + 1, "params": tensors,
                                      "optimizer": copy.deepcopy(opt.state_dict())}
