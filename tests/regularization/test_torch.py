"""PyTorch against the derivations: SGD's weight decay, Adam's L2 against AdamW."""

from __future__ import annotations

import numpy as np
import pytest

from dlproofs.oracles import oracle

if not __import__("os").environ.get("DLPROOFS_ADAPTERS"):
    # importing PyTorch costs seconds of CPU in every worker: CI sets DLPROOFS_ADAPTERS=1
    pytest.skip("compares with PyTorch: set DLPROOFS_ADAPTERS=1 (and pip install -e '.[torch]')",
                allow_module_level=True)
torch = pytest.importorskip("torch")

pytestmark = pytest.mark.claim("regularization.l2.sgd_weight_decay")


def _step(opt_cls, theta, g, **kw):
    p = torch.nn.Parameter(torch.tensor(theta, dtype=torch.float64))
    opt = opt_cls([p], **kw)
    p.grad = torch.tensor(g, dtype=torch.float64)
    opt.step()
    return p.detach().numpy()


def test_torch_sgd_weight_decay_is_multiplicative_decay_of_the_l2_penalty():
    rng = np.random.default_rng(0)
    theta, g = rng.standard_normal(6), rng.standard_normal(6)
    lr, wd = 0.1, 0.03
    got = _step(torch.optim.SGD, theta, g, lr=lr, weight_decay=wd)
    # torch's weight_decay wd is the gradient of (wd/2)||w||^2: lambda = wd/2
    want = (1 - 2 * lr * (wd / 2)) * theta - lr * g
    np.testing.assert_allclose(got, want, rtol=1e-15, atol=1e-15)


@pytest.mark.claim("regularization.l2.adam_l2_first_step", "regularization.l2.adamw_first_step")
def test_torch_adam_with_weight_decay_differs_from_adamw_as_derived():
    theta = np.array([1.0, -0.5, 2.0])
    g = np.array([0.0, 0.3, -4.0])
    kw = dict(lr=1e-2, eps=1e-8, weight_decay=0.1)
    adam = _step(torch.optim.Adam, theta, g, **kw)
    adamw = _step(torch.optim.AdamW, theta, g, **kw)
    sym = {"theta": theta, "g": g, "eta": kw["lr"], "lambda'": kw["weight_decay"],
           "epsilon": kw["eps"]}
    np.testing.assert_allclose(adam, oracle("regularization.l2.adam_l2_first_step")(**sym),
                               rtol=1e-14)
    np.testing.assert_allclose(adamw, oracle("regularization.l2.adamw_first_step")(**sym),
                               rtol=1e-14)
    # the zero-gradient weight: Adam+L2 moves it by ~lr, AdamW by lr*wd*theta
    assert abs((theta[0] - adam[0]) - kw["lr"]) < 1e-8
    assert abs((theta[0] - adamw[0]) - kw["lr"] * kw["weight_decay"]) < 1e-15


@pytest.mark.claim("regularization.l2.adam_decay")
def test_the_reference_adamw_matches_torch_adamw_over_several_steps(impl):
    rng = np.random.default_rng(1)
    theta = [rng.standard_normal((3, 2)), rng.standard_normal(4)]
    ps = [torch.nn.Parameter(torch.tensor(t)) for t in theta]
    opt = torch.optim.AdamW(ps, lr=1e-2, weight_decay=0.05)
    state = impl.adamw_init(theta)
    cur = theta
    for _ in range(6):
        gs = [rng.standard_normal(t.shape) for t in theta]
        for p, g in zip(ps, gs, strict=True):
            p.grad = torch.tensor(g)
        opt.step()
        cur, state = impl.adamw_step(cur, gs, state, lr=1e-2, weight_decay=0.05)
    for a, p in zip(cur, ps, strict=True):
        np.testing.assert_allclose(a, p.detach().numpy(), rtol=1e-13, atol=1e-15)


@pytest.mark.claim("regularization.label_smoothing.gradient_1")
def test_the_reference_cross_entropy_matches_torch_label_smoothing(impl):
    rng = np.random.default_rng(2)
    z, y = 4 * rng.standard_normal((5, 7)), rng.integers(0, 7, 5)
    zt = torch.tensor(z, requires_grad=True)
    loss = torch.nn.functional.cross_entropy(zt, torch.tensor(y), label_smoothing=0.15)
    loss.backward()
    mine, cache = impl.label_smoothing_cross_entropy_forward(z, y, 0.15)
    np.testing.assert_allclose(mine, loss.item(), rtol=1e-14)
    np.testing.assert_allclose(impl.label_smoothing_cross_entropy_backward(1.0, cache),
                               zt.grad.numpy(), rtol=1e-12, atol=1e-16)
