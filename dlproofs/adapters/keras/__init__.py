"""Keras 3 on its torch backend under the reference API: ``pytest --impl dlproofs.adapters.keras``.

Re-exports the public names of every chapter module of this package.  Keras
runs on PyTorch here (``KERAS_BACKEND=torch`` is set before Keras is first
imported, unless the environment already chose a backend); install the extra
``pip install 'dlproofs[keras]'``.
"""

from __future__ import annotations

import importlib.util
import os

if importlib.util.find_spec("keras") is None or importlib.util.find_spec("torch") is None:
    raise ModuleNotFoundError("dlproofs.adapters.keras needs Keras 3 and PyTorch: pip install "
                              "'dlproofs[keras]'", name="keras")
os.environ.setdefault("KERAS_BACKEND", "torch")

from dlproofs.adapters import collect

_LEAK = ("Keras 3 (torch backend) truncated_normal leaks past its truncation: it draws 4 "
         "normals per entry and keeps the first inside (-2, 2), or the first anyway when none is "
         "(probability 0.0455^4 = 4.3e-6): keras.ops.convert_to_numpy(keras.random."
         "truncated_normal((10**7,), seed=0)) has 49 entries beyond 2 (max 3.12); "
         "keras/src/backend/torch/random.py")
_FLOAT32 = ("Keras 3 normalisation layers compute in float32 even with dtype='float64' "
            "(compute_dtype = backend.result_type(inputs.dtype, 'float32') is float32): "
            "BatchNormalization(axis=1, epsilon=1e-5, dtype='float64') on a float64 tensor "
            "x ~ N(1, 9) of shape (6, 3) differs from (x - mean)/sqrt(var + eps) by 1.8e-7")
_BIASED = ("Keras 3 BatchNormalization's moving variance mixes in the biased batch variance: "
           "after one update from 1 with momentum 0.9 it is 0.9 + 0.1 x.var(0), not "
           "0.9 + 0.1 x.var(0, ddof=1), so E[moving_variance] -> (m-1)/m sigma2")

#: check (or test) name -> why Keras fails it, with a minimal reproduction (strict xfails)
KNOWN_DISCREPANCIES: dict[str, str] = {
    "init.xavier_normal.mean": _LEAK, "init.xavier_normal.tails": _LEAK,
    "init.he_normal.mean": _LEAK,
    **dict.fromkeys(["bn.backward_oracle", "bn.finite_differences", "bn.sum_dx",
                     "bn.sum_dx_xhat", "bn.forward_moments", "bn.affine_input",
                     "bn.weight_scaling", "bn.inference_affine",
                     "test_finite_difference_agreement_is_recorded_for_the_report",
                     "test_inference_with_the_batch_statistics_reproduces_training_mode",
                     "test_scale_1e6_inputs_keep_full_float64_accuracy",
                     "test_without_eps_the_output_ignores_the_weight_scale"], _FLOAT32),
    "bn.running_update": f"{_BIASED}; and {_FLOAT32}",
    "bn.running_var_converges": _BIASED,
}

__all__ = collect(importlib.import_module(__name__))
