"""``dlproofs check``: per function, passed or the first violated law."""

from __future__ import annotations

from types import SimpleNamespace

from dlproofs.check_command import verdicts


def _check(*functions):
    return SimpleNamespace(functions=functions)


def test_a_function_passes_only_if_every_check_of_it_passes_and_reports_the_first_violation():
    results = [
        (_check("he_normal"), "passed", ""),
        (_check("he_normal"), "failed", "m: he_normal violates Var(w) = 2/n_in (init.he.variance)"),
        (_check("he_normal"), "failed", "m: he_normal violates E[w] = 0"),
        (_check("lecun_uniform"), "passed", ""),
        (_check("batchnorm_forward", "batchnorm_backward"), "failed",
         "m: batchnorm_backward violates sum_i dx_i = 0"),
        (_check("fold_batchnorm"), "skipped", "m has no fold_batchnorm"),
    ]
    table = verdicts(results)
    assert table["he_normal"] == ("violated", results[1][2])
    assert table["lecun_uniform"] == ("passed", "")
    assert table["batchnorm_backward"][0] == "violated"
    assert table["batchnorm_forward"][0] == "skipped"  # the violation named the backward
    assert table["fold_batchnorm"] == ("skipped", "m has no fold_batchnorm")


def test_the_cli_dispatches_check_to_the_check_command(monkeypatch):
    import dlproofs.check_command as command
    from reports import cli

    seen = []
    monkeypatch.setattr(command, "main", lambda argv: seen.append(argv) or 0)
    assert cli.main(["check", "my_layers.py"]) == 0
    assert seen == [["my_layers.py"]]
