"""The offline HTML proof report and the ``dlproofs`` command.

* :mod:`reports.cli` — ``dlproofs report``: runs the suite with ``--evidence``,
  then builds the report;
* :mod:`reports.build` — the pipeline: prove (cached by content), read the
  evidence, render, swap the new folder in atomically;
* :mod:`reports.proofs` — a derivation's verdict (step statuses, residuals,
  MathML) and an erratum's, cached as JSON by content;
* :mod:`reports.evidence` — the test records the pytest plugin wrote;
* :mod:`reports.mathml`, :mod:`reports.plots`, :mod:`reports.pages` — MathML,
  inline SVG figures and the HTML pages;
* :mod:`reports.pytest_plugin` — the ``claim`` marker, the ``verify``
  fixture, ``--evidence FILE`` and ``--report DIR``.
"""
