"""Every normalisation's backward pass equals the derivation's compact form and finite differences.

Hypothesis draws the shapes (every group has m >= 2 values), eps, and a
seed from which gamma, beta, the input and a random upstream gradient are
drawn (never all ones: with dy = 1 batch norm's dx is identically zero and
no check of it could fail).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests import checks_bn as cb

BACKWARD_CLAIMS = {
    "bn": ("bn.backward.dx", "bn.backward.dgamma", "bn.backward.dbeta", "bn.normalize.backward",
           "bn.backward.dmu", "bn.backward.dvar"),
    "ln": ("bn.layernorm.backward", "bn.backward.dgamma", "bn.backward.dbeta",
           "bn.normalize.backward"),
    "gn": ("bn.groupnorm.backward", "bn.backward.dgamma", "bn.backward.dbeta",
           "bn.normalize.backward"),
}
KINDS = ("bn2d", "bn4d", "ln", "gn")


def kind_param(kind: str, *extra_claims: str):
    family = kind[:2]
    return pytest.param(kind, id=kind,
                        marks=pytest.mark.claim(*BACKWARD_CLAIMS[family], *extra_claims))


@st.composite
def shapes(draw, kind: str):
    """An input shape for ``kind`` whose normalisation groups hold at least 2 values."""
    if kind == "bn2d":
        return draw(st.integers(2, 7)), draw(st.integers(1, 4)), 0
    if kind == "bn4d":
        n, h, w = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
        if n * h * w < 2:
            n = 2
        return n, draw(st.integers(1, 3)), h, w, 0
    ndim = draw(st.sampled_from((2, 3, 4) if kind == "ln" else (3, 4)))
    if kind == "ln":  # each sample normalised over all its other axes
        if ndim == 4:
            return draw(st.integers(1, 3)), draw(st.integers(2, 3)), 2, draw(st.integers(1, 2)), 0
        if ndim == 3:  # (N, C, L), as for sequences
            return draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(2, 4)), 0
        return draw(st.integers(1, 4)), draw(st.integers(2, 7)), 0
    groups, per = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    spatial = tuple(draw(st.integers(1, 3)) for _ in range(ndim - 2))
    if per * int(np.prod(spatial)) < 2:
        per = 2
    return (draw(st.integers(1, 3)), groups * per, *spatial, groups)


def make_layer(impl, kind: str, drawn: tuple) -> cb.Layer:
    *shape, groups = drawn
    if kind.startswith("bn"):
        base = cb.batchnorm_layers(impl)[0 if kind == "bn2d" else 1]
        return base.with_shape(tuple(shape))
    if kind == "ln":
        return cb.Layer("layernorm", impl.layernorm_forward, impl.layernorm_backward,
                        tuple(shape), kind="ln")

    def forward(x, gamma, beta, eps=1e-5):
        return impl.groupnorm_forward(x, gamma, beta, groups, eps)

    return cb.Layer(f"groupnorm ({groups} groups)", forward, impl.groupnorm_backward,
                    tuple(shape), groups=groups, kind="gn")


def draw_inputs(layer: cb.Layer, seed: int, scale: float = 1.0):
    rng = np.random.default_rng(seed)
    x = rng.normal(rng.normal(0, 3), scale, size=layer.shape)
    gamma = rng.uniform(0.5, 2.0, layer.param_shape) * rng.choice([-1, 1], layer.param_shape)
    beta = rng.standard_normal(layer.param_shape)
    dy = rng.standard_normal(layer.shape)
    return rng, x, gamma, beta, dy


@pytest.fixture(scope="session")
def lib(impl):
    return cb.Lazy(impl)


EPS = st.sampled_from([1e-5, 1e-3, 0.1, 1.0])
SEEDS = st.integers(0, 2**32 - 1)


@pytest.mark.parametrize("kind", [kind_param(k) for k in KINDS])
@given(data=st.data(), eps=EPS, seed=SEEDS)
def test_backward_equals_the_derived_compact_form(lib, kind, data, eps, seed):
    layer = make_layer(lib, kind, data.draw(shapes(kind)))
    _, x, gamma, beta, dy = draw_inputs(layer, seed)
    cb.check_backward_oracle(layer, x, gamma, beta, eps, dy)


@pytest.mark.parametrize("kind", [kind_param(k) for k in KINDS])
@given(data=st.data(), eps=EPS, seed=SEEDS)
def test_backward_agrees_with_directional_central_finite_differences(lib, kind, data, eps, seed):
    layer = make_layer(lib, kind, data.draw(shapes(kind)))
    rng, x, gamma, beta, _ = draw_inputs(layer, seed)
    cb.check_finite_differences(layer, x, gamma, beta, eps, rng)


@pytest.mark.parametrize("kind", [kind_param(k) for k in KINDS])
def test_finite_difference_agreement_is_recorded_for_the_report(impl, kind, verify):
    layer = make_layer(impl, kind, {"bn2d": (6, 3, 0), "bn4d": (2, 3, 2, 3, 0), "ln": (4, 6, 0),
                                    "gn": (3, 4, 2, 2, 2)}[kind])
    rng, x, gamma, beta, _ = draw_inputs(layer, 20261121)
    analytic, numeric = cb.check_finite_differences(layer, x, gamma, beta, 1e-3, rng,
                                                    directions=12)
    verify.note(figure="bn.gradcheck", series=layer.label, x=analytic, y=numeric, diagonal=True,
                title="Backward pass against central finite differences",
                xlabel="<backward(c), v>  (analytic)", ylabel="<c, df/dx v>  (finite differences)")


@pytest.mark.claim("bn.slide004.dxhat", "bn.slide004.dvar", "bn.slide004.dmu_harmless",
                   "bn.backward.dx")
def test_slide_004_backward_with_m_in_the_dx_step_is_the_true_gradient(impl):
    from tests.wrong_bn import SLIDE004_CORRECTED

    rng = np.random.default_rng(4)
    for layer in cb.batchnorm_layers(SLIDE004_CORRECTED):
        x, dy = rng.normal(2, 3, layer.shape), rng.standard_normal(layer.shape)
        gamma, beta = rng.uniform(0.5, 2, layer.param_shape), rng.standard_normal(layer.param_shape)
        # its dl/dmu keeps the slide's m - 1, which multiplies sum_i (x_i - mu) = 0
        cb.check_backward_oracle(layer, x, gamma, beta, 1e-3, dy)
