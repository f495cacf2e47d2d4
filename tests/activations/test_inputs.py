"""Bad inputs to the activations reference: its own messages say what is valid.

The generic contract (the exception type, a message naming the argument) is a
registered ``kind="contract"`` check in ``contract.py``, run by
``tests/test_conformance.py``; here only the reference's wording.
"""

from __future__ import annotations

import pytest


@pytest.fixture
def reference(impl):
    if not impl.is_reference:
        pytest.skip("the wording is the reference's own")
    return impl


def test_elu_message_names_alpha_and_the_valid_range(reference):
    with pytest.raises(ValueError, match=r"alpha must be a finite real number >= 0; got -1"):
        reference.elu_forward([1.0], alpha=-1)


def test_gain_message_lists_the_options_an_activation_takes(reference):
    with pytest.raises(TypeError, match=r"gain\('relu'\) got unexpected option\(s\) "
                                        r"negative_slope; its options: none"):
        reference.gain("relu", negative_slope=0.1)


def test_backward_refuses_a_gradient_of_another_shape(reference):
    _, cache = reference.tanh_forward([0.5, 1.0])
    with pytest.raises(ValueError, match=r"dout must have the forward input's shape \(2,\)"):
        reference.tanh_backward([1.0, 2.0, 3.0], cache)


def test_network_refuses_an_unknown_activation(reference):
    with pytest.raises(ValueError, match=r"activation must be one of 'sigmoid', 'tanh'"):
        reference.two_layer_forward([[1.0]], [[1.0]], [[1.0]], [[1.0]], activation="softmax")
