"""dlproofs: the conformance kit shared by the tests, the report and the command line.

* :mod:`dlproofs.checks` - one registry of checks (scikit-learn's
  ``estimator_checks`` as the model), one failure format, one record of
  known-wrong variants;
* :mod:`dlproofs.oracles` - a claim id (and its instantiation) to a cached
  numeric function;
* ``dlproofs.adapters`` - thin adapters that present other libraries
  (PyTorch, Keras) under the reference implementation's contract.
"""
