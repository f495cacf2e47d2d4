"""``dlproofs gain [NAME]`` prints the derived gains from the derivations."""

from __future__ import annotations

import io

import pytest

from dlproofs.gain_command import main


@pytest.mark.claim("act.gain.relu.forward", "act.gain.relu.backward")
def test_gain_command_prints_one_activations_derived_gains_and_pytorchs():
    out = io.StringIO()
    assert main(["relu"], out=out) == 0
    text = out.getvalue()
    assert "forward gain  = 1.41421356237309505" in text
    assert "act.gain.relu.forward" in text and "PyTorch calculate_gain = 1.4142135623730951" in text


def test_gain_command_refuses_an_unknown_activation(capsys):
    assert main(["softmax"]) == 2
    assert "unknown activation 'softmax'" in capsys.readouterr().err
