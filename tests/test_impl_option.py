"""`pytest --impl` loads any module or file; a reference name it lacks skips the test."""

import pytest

from conftest import Implementation, load_implementation


def test_a_file_is_loaded_as_the_implementation_under_test(tmp_path):
    path = tmp_path / "my_layers.py"
    path.write_text("def he_normal(fan_in, fan_out, rng):\n    return 'mine'\n")
    module = load_implementation(str(path))
    assert module.he_normal(1, 1, None) == "mine"


def test_a_file_is_executed_once_however_often_it_is_loaded(tmp_path, monkeypatch):
    # the known-discrepancy hook and the impl fixture both load --impl
    path = tmp_path / "counted.py"
    path.write_text("with open(__file__ + '.runs', 'a') as log:\n    log.write('run\\n')\n")
    first = load_implementation(str(path))
    monkeypatch.chdir(tmp_path)
    assert load_implementation("counted.py") is first  # the same file by another name
    assert (tmp_path / "counted.py.runs").read_text() == "run\n"


def test_an_importable_module_name_is_loaded_and_none_means_the_projects_impl():
    assert load_implementation("impl.initializers").he_normal is not None
    assert load_implementation(None).__name__ == "impl"


def test_a_missing_file_or_module_is_a_usage_error_naming_it(tmp_path):
    with pytest.raises(pytest.UsageError, match="no such file"):
        load_implementation(str(tmp_path / "absent.py"))
    with pytest.raises(pytest.UsageError, match="no_such_module"):
        load_implementation("no_such_module")


def test_a_reference_name_the_module_lacks_skips_with_a_reason_that_names_it(tmp_path):
    path = tmp_path / "partial.py"
    path.write_text("def he_normal(fan_in, fan_out, rng):\n    return None\n")
    partial = Implementation(load_implementation(str(path)), "partial.py")
    assert partial.he_normal(1, 1, None) is None
    with pytest.raises(pytest.skip.Exception, match=r"partial\.py has no batchnorm_forward"):
        partial.batchnorm_forward  # noqa: B018


def test_other_missing_names_are_ordinary_attribute_errors_so_tools_probing_them_work(tmp_path):
    path = tmp_path / "partial.py"
    path.write_text("")
    partial = Implementation(load_implementation(str(path)), "partial.py")
    for probe in ("execute_example", "hypothesis_internal_is_this_a_mock_check", "_private"):
        try:
            present = hasattr(partial, probe)
        except pytest.skip.Exception:  # the bug this guards against: a probe skips the test
            pytest.fail(f"probing {probe!r} skipped instead of raising AttributeError")
        assert not present
