"""The report builder: pages, MathML, offline safety, atomic swap, determinism.

Most tests build a small fake chapter (one derivation that proves, one with a
planted wrong step, one erratum) with synthetic evidence (an exact test that
passes, a statistical test that fails, a skipped test, a plot note), so they
run in a few seconds and can plant failures the real chapters must not have.
"""

from __future__ import annotations

import functools
import json
import re
import types
from pathlib import Path

import pytest
import sympy as sp

import derivations
from derivations.kernel import (
    Assumption,
    Axiom,
    Claim,
    Derivation,
    Erratum,
    Proof,
    Step,
    StepRecord,
)
from reports import build, pages
from reports.build import build_report
from reports.mathml import to_mathml

x = sp.Symbol("x")
n, i = sp.symbols("n i", integer=True, positive=True)
a = sp.Symbol("a", positive=True)
w = sp.IndexedBase("w")

GOOD = Derivation(
    id="demo.square", title="A square", chapter="demo", summary="The binomial square.",
    assumptions=(Assumption("a positive", "a is positive.", predicates=(sp.Q.positive(a),)),),
    steps=(
        Step((x + a) ** 2, x**2 + 2 * a * x + a**2, because="algebra", note="Expand."),
        Step(sp.Sum(w[i], (i, 1, n)) / n, sp.Sum(w[i] / n, (i, 1, n)), because="sum",
             using=(Axiom("sum scaling", "A constant factor moves into a sum.",
                          rule=lambda e: e.doit()),)),
    ),
    claims=(Claim("demo.square", "The square of a sum.", (x + a) ** 2,
                  x**2 + 2 * a * x + a**2, parameters=(x, a), slide="000",
                  implemented_by="square"),),
)
BAD = Derivation(
    id="demo.wrong", title="A planted wrong step", chapter="demo",
    steps=(Step((x + 1) ** 2, x**2 + 1, because="algebra"),),
    claims=(Claim("demo.wrong", "Not true.", (x + 1) ** 2, x**2 + 1),),
)
ERRATUM = Erratum(id="demo.erratum", slide="000", quote="(x+1)^2 = x^2 + 1",
                  problem="The cross term is missing.", slide_expr=x**2 + 1,
                  correct_expr=(x + 1) ** 2, at={x: 1})
CHAPTER = derivations.Chapter(id="demo", title="Demo chapter", order=0,
                              summary="A chapter for the report's tests.", slides=("000",),
                              derivations=(GOOD, BAD), errata=(ERRATUM,))

OUTCOME = {"method": "chi2 variance", "estimate": 1.3, "expected": 1.0, "lower": 0.97,
           "upper": 1.03, "n": 120000, "n_required": 103000, "alpha": 1e-7, "power": 0.99,
           "min_effect": 0.03, "extra": {}}
EVIDENCE = {
    "impl": "impl",
    "statistics": {"checks": 1, "alpha": 1e-7},
    "records": {
        "tests/test_demo.py::test_square_is_exact": {
            "claims": ["demo.square"], "outcome": "passed", "message": "", "evidence": []},
        "tests/test_demo.py::test_square_variance_matches": {
            "claims": ["demo.square"], "outcome": "failed",
            "message": "square: violates Var = 1 (planted)",
            "evidence": [{"subject": "square", "law": "Var = 1", "passed": False,
                          "detail": "chi2 ...", "outcome": OUTCOME},
                         {"note": {"figure": "demo.depth", "series": "he", "x": [1, 2, 3],
                                   "y": [1.0, 1.1, 0.9], "predicted": [1.0, 1.0, 1.0]}},
                         {"note": {"figure": "demo.depth", "series": "xavier", "x": [1, 2, 3],
                                   "y": [0.5, 0.26, 0.12], "predicted": [0.5, 0.25, 0.125]}}]},
        "tests/test_demo.py::test_wrong_is_skipped": {
            "claims": ["demo.wrong"], "outcome": "skipped", "verify": True,
            "message": "('/x/tests/test_demo.py', 3, 'Skipped: my_impl has no wrong')",
            "evidence": []},
    },
}


REGISTRY = types.SimpleNamespace(chapters=lambda: (CHAPTER,),
                                 derivations=lambda: CHAPTER.derivations)


@pytest.fixture
def fake_registry(monkeypatch):
    monkeypatch.setattr(build, "derivations", REGISTRY)
    return REGISTRY


NO_PLOTS = dict(EVIDENCE, records={
    k: dict(v, evidence=[e for e in v["evidence"] if "note" not in e])
    for k, v in EVIDENCE["records"].items()})


def _build(out: Path, evidence=NO_PLOTS, cache=None) -> Path:
    return build_report(out, evidence=evidence, cache_dir=cache, progress=None)


def _read(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """One build of the fake chapter, shared by the tests that only read it."""
    out = tmp_path_factory.mktemp("report") / "html"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(build, "derivations", REGISTRY)
        index = _build(out, evidence=EVIDENCE, cache=out.parent / "cache")
    assert index == out / "index.html"
    return out


def test_report_has_an_index_a_page_per_chapter_its_evidence_errata_and_slides(site):
    assert sorted(p.name for p in site.glob("*.html")) == [
        "chapter-demo-evidence.html", "chapter-demo.html", "errata.html", "index.html",
        "slides.html", "trusted.html"]
    assert (site / "assets" / "style.css").is_file()


def test_every_page_forbids_external_loads_and_names_no_remote_url(site):
    for page in site.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert f'<meta http-equiv="Content-Security-Policy" content="{pages.CSP}">' in text
        assert "default-src 'none'" in pages.CSP
        assert not re.search(r'(src|href)\s*=\s*["\']?\s*(https?:)?//', text), page.name
        assert "@import" not in text and "url(http" not in text


def test_steps_and_claims_are_rendered_as_mathml_with_limits_under_the_sum(site):
    text = (site / "chapter-demo.html").read_text(encoding="utf-8")
    assert text.count("<math ") >= 6
    assert "<munderover><mo>∑</mo>" in text
    assert "msubsup><mo>∑" not in text
    assert "a is positive." in text and "sum scaling" in text and "Expand." in text
    # a step names its rules in words, linked to the trusted base
    assert 'by <a href="trusted.html#axiom-sum-scaling">sum scaling</a>' in text
    assert '<dt id="demo.square-rule-1">' in text


def test_a_planted_wrong_step_is_rendered_failed_with_its_residual(site):
    text = (site / "chapter-demo.html").read_text(encoding="utf-8")
    section = text[text.index('id="demo.wrong"'):]
    assert 'class="step-failed"' in section
    assert "Not proved: the residual " + to_mathml(2 * x) in section
    index = (site / "index.html").read_text(encoding="utf-8")
    row = re.search(r"<tr><td class=\"id\"><a href=\"[^\"]*#claim-demo.wrong\">.*?</tr>", index)
    assert row and 'st-failed">failed' in row.group(0)


def test_a_failing_statistical_test_marks_its_claim_failed_with_its_design(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    row = re.search(r"<tr><td class=\"id\"><a href=\"[^\"]*#claim-demo.square\">.*?</tr>", index)
    cells = re.findall(r"<td>(.*?)</td>", row.group(0))
    # derivation proved, exact test passed, Monte Carlo failed
    assert [re.sub(r"<[^>]+>", "", c) for c in cells[2:5]] == ["proved", "passed", "failed"]
    chapter = (site / "chapter-demo.html").read_text(encoding="utf-8")
    # a failure is shown on the chapter page itself, not only on the evidence page
    assert "violates Var = 1 (planted)" in chapter
    assert "band [0.97, 1.03]" in chapter and "n = 120" in chapter and "α = 1e-07" in chapter


def test_a_skip_reason_is_shown_without_pytest_tuple_noise(site):
    chapter = (site / "chapter-demo-evidence.html").read_text(encoding="utf-8")
    assert "my_impl has no wrong" in chapter and "Skipped:" not in chapter
    # on the evidence page every table is open; on the chapter page only a failing one shows
    assert '<details class="evidence" open><summary>Evidence: 1 test (1 skipped)' in chapter
    main = (site / "chapter-demo.html").read_text(encoding="utf-8")
    assert ('<details class="evidence" open><summary>Evidence: 2 tests (1 failed, 1 passed; '
            "1 statistical checks)") in main
    assert "Evidence: 1 test (1 skipped)" not in main


def test_a_statistical_test_skipped_before_it_asserts_still_counts_as_monte_carlo(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    row = re.search(r"<tr><td class=\"id\"><a href=\"[^\"]*#claim-demo.wrong\">.*?</tr>", index)
    cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td>(.*?)</td>", row.group(0))]
    assert cells[3:5] == ["no test", "skipped"]


def test_errata_page_shows_both_formulas_and_the_counterexample(site):
    text = (site / "errata.html").read_text(encoding="utf-8")
    assert "demo.erratum" in text and 'st-confirmed">confirmed' in text
    assert to_mathml(x**2 + 1) in text and to_mathml((x + 1) ** 2) in text
    assert to_mathml(sp.Integer(2)) in text and to_mathml(sp.Integer(4)) in text


def test_figure_notes_become_an_inline_svg_on_their_chapter_page(site):
    text = (site / "chapter-demo.html").read_text(encoding="utf-8")
    assert text.count("<svg ") == 1 and 'id="figure-demo.depth"' in text
    assert "<!-- xavier -->" in text and "<!-- derived -->" in text  # the legend
    assert "<metadata>" not in text and "<?xml" not in text


def test_rebuilding_from_the_same_inputs_is_byte_identical(fake_registry, site, tmp_path):
    first = _read(_build(tmp_path / "one", EVIDENCE, cache=None).parent)  # from scratch
    second = _read(_build(tmp_path / "one", EVIDENCE, cache=site.parent / "cache").parent)
    assert first == second == _read(site)


def test_an_unchanged_derivation_is_read_from_the_cache(fake_registry, tmp_path, monkeypatch):
    _build(tmp_path / "one", cache=tmp_path / "cache")

    def must_not_prove(*args, **kwargs):
        raise AssertionError("proved again despite an unchanged derivation")

    monkeypatch.setattr(build, "verdict", must_not_prove)
    _build(tmp_path / "two", cache=tmp_path / "cache")
    with pytest.raises(AssertionError, match="proved again"):
        _build(tmp_path / "three", cache=tmp_path / "other-cache")


def test_a_failed_build_leaves_the_previous_report_intact(fake_registry, tmp_path, monkeypatch):
    out = tmp_path / "html"
    _build(out)
    before = _read(out)

    def broken(site):
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(pages, "render_pages", broken)
    with pytest.raises(RuntimeError, match="renderer crashed"):
        _build(out)
    assert _read(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["html"]  # no temporary folder left


def test_a_crash_inside_a_proof_is_a_failed_derivation_not_a_failed_build(
        fake_registry, tmp_path, monkeypatch):
    def crash(self, **kwargs):
        raise ZeroDivisionError("sympy blew up")

    monkeypatch.setattr(Derivation, "prove", crash)
    failures: list[str] = []
    index = build_report(tmp_path / "html", NO_PLOTS, cache_dir=None, progress=None,
                         failures=failures)
    text = (index.parent / "chapter-demo.html").read_text(encoding="utf-8")
    assert "ZeroDivisionError: sympy blew up" in text
    assert "derivation demo.square: error" in failures


def test_a_conformance_page_appears_only_for_another_implementation(fake_registry, site,
                                                                    tmp_path):
    assert not (site / "conformance.html").exists()
    other = _build(tmp_path / "other", evidence=dict(NO_PLOTS, impl="my_impl.py")).parent
    text = (other / "conformance.html").read_text(encoding="utf-8")
    assert "my_impl.py" in text and "my_impl has no wrong" in text
    assert "violates Var = 1 (planted)" in text


def test_an_interrupted_test_run_is_reported_as_incomplete(fake_registry, tmp_path):
    failures: list[str] = []
    index = build_report(tmp_path / "html", dict(NO_PLOTS, exitstatus=2), cache_dir=None,
                         progress=None, failures=failures)
    assert "did not finish" in index.read_text(encoding="utf-8")
    assert any(f.startswith("test run:") for f in failures)


def _stub_proofs(mp: pytest.MonkeyPatch) -> None:
    """Every step proved and every erratum confirmed without SymPy, except the planted
    wrong step (tests/test_derivations.py proves and confirms the real ones)."""
    original = Derivation.prove

    def proved(self, **kwargs):
        if self is BAD:
            return original(self, **kwargs)
        records = tuple(StepRecord(k, s, (sp.S.Zero,) * len(s.equalities()))
                        for k, s in enumerate(self.steps, start=1))
        return Proof(self, records)

    mp.setattr(Derivation, "prove", proved)
    mp.setattr(Erratum, "residual", lambda self: self.slide_expr - self.correct_expr)
    mp.setattr(Erratum, "confirmed", True)


@functools.cache
def _full_report(base: Path) -> Path:
    chapters = (CHAPTER, *derivations.chapters())
    registry = types.SimpleNamespace(
        chapters=lambda: chapters,
        derivations=lambda: tuple(d for c in chapters for d in c.derivations))
    out = base / "full-report" / "html"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(build, "derivations", registry)
        _stub_proofs(mp)
        build_report(out, evidence=EVIDENCE, cache_dir=None, progress=None)
    return out


def full_report(tmp_path_factory) -> Path:
    """Every registered chapter plus the fake one, built once per session.

    Proving is stubbed out: tests/test_derivations.py proves the real
    chapters, and the cost here is the rendering.
    """
    return _full_report(tmp_path_factory.getbasetemp())


def test_every_registered_chapter_gets_a_page_without_naming_it(tmp_path_factory):
    site = full_report(tmp_path_factory)
    for chapter in derivations.chapters():
        text = (site / pages.chapter_file(chapter)).read_text(encoding="utf-8")
        appendix = pages.appendix_ids(chapter)
        if appendix:
            text += (site / pages.appendix_file(chapter)).read_text(encoding="utf-8")
        for d in chapter.derivations:
            assert f'id="{d.id}"' in text
        assert text.count("<math ") >= sum(len(d.steps) for d in chapter.derivations)
    index = (site / "index.html").read_text(encoding="utf-8")
    for claim_id in derivations.claims():
        assert f"#claim-{claim_id}" in index


def test_dlproofs_report_renders_failures_exits_1_and_prints_where_the_report_is(
        fake_registry, tmp_path, capsys):
    from reports.cli import main

    evidence = tmp_path / "evidence.json"
    evidence.write_text(json.dumps(NO_PLOTS), encoding="utf-8")
    out = tmp_path / "html"
    code = main(["report", "--out", str(out), "--evidence", str(evidence),
                 "--cache", str(tmp_path / "cache")])
    captured = capsys.readouterr()
    assert code == 1  # the planted wrong step and the failing statistical test
    assert f"report written to {(out / 'index.html').resolve().as_uri()}" in captured.out
    assert "FAILED derivation demo.wrong: failed" in captured.err
    assert "FAILED test tests/test_demo.py::test_square_variance_matches" in captured.err


def test_dlproofs_report_runs_pytest_from_the_project_with_the_profile_and_impl(
        fake_registry, tmp_path, monkeypatch):
    from reports import cli

    seen = {}

    def fake_run(cmd, cwd, env, check):
        seen.update(cmd=cmd, cwd=cwd, profile=env["HYPOTHESIS_PROFILE"])
        path = next(a.split("=", 1)[1] for a in cmd if a.startswith("--evidence="))
        Path(path).write_text(json.dumps(EVIDENCE), encoding="utf-8")
        return types.SimpleNamespace(returncode=1)

    monkeypatch.setattr(cli.subprocess, "run", fake_run)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.py").write_text("", encoding="utf-8")
    code, data = cli.run_tests(cli._impl_argument("mine.py"), "thorough", cli.project_root())
    assert code == 1 and data["profile"] == "thorough" and data["exitstatus"] == 1
    assert seen["cwd"] == cli.project_root() and seen["profile"] == "thorough"
    assert f"--impl={tmp_path / 'mine.py'}" in seen["cmd"]
    assert f"--rootdir={cli.project_root()}" in seen["cmd"]


def test_a_second_report_with_nothing_changed_reuses_the_evidence_and_explains_skips(
        fake_registry, tmp_path, monkeypatch, capsys):
    from reports import cli

    root = tmp_path / "project"
    for name in ("derivations", "impl", "tests", "dlproofs"):
        (root / name).mkdir(parents=True)
        (root / name / "a.py").write_text("x = 1\n", encoding="utf-8")
    runs = []

    def fake_run(impl, profile, where):
        runs.append(profile)
        return 0, dict(EVIDENCE, exitstatus=0)

    monkeypatch.setattr(cli, "project_root", lambda: root)
    monkeypatch.setattr(cli, "run_tests", fake_run)
    args = ["report", "--out", str(tmp_path / "html"), "--cache", str(tmp_path / "cache")]
    cli.main(args)
    cli.main(args)
    assert len(runs) == 1  # the second run reused the evidence
    err = capsys.readouterr().err
    assert "reusing its evidence" in err
    assert "1 test of claims skipped: my_impl has no wrong" in err
    (root / "tests" / "a.py").write_text("x = 2\n", encoding="utf-8")
    cli.main(args)
    assert len(runs) == 2  # a changed test runs the suite again
    cli.main([*args, "--fresh"])
    assert len(runs) == 3


def test_a_formula_or_figure_that_cannot_be_drawn_is_shown_as_such(
        fake_registry, tmp_path, monkeypatch):
    from reports import mathml, plots

    def unreadable(latex, display="block"):
        raise ValueError("unsupported command")

    def no_plot(figure_id, notes):
        raise ValueError("bad plot data")

    monkeypatch.setattr(mathml, "convert", unreadable)
    monkeypatch.setattr(plots, "figure_svg", no_plot)
    site = _build(tmp_path / "html", evidence=EVIDENCE).parent
    text = (site / "chapter-demo.html").read_text(encoding="utf-8")
    assert "<mtext>\\left(a + x\\right)^{2}</mtext>" in text
    assert "This figure could not be drawn: ValueError(&#x27;bad plot data&#x27;)" in text


def test_many_checks_of_one_test_show_the_failed_or_closest_one_and_a_count():
    from reports.evidence import TestResult

    def check(estimate, passed=True):
        return {"subject": "s", "law": "Var = 1", "passed": passed,
                "outcome": dict(OUTCOME, estimate=estimate)}

    calm = TestResult("t::calm", ("c",), "passed", "", checks=tuple(
        check(e) for e in (1.0, 1.02, 0.995, 1.001)))
    text = pages.evidence_table([calm])
    assert text.count('class="check"') == 2 and "estimate 1.02," in text
    assert "… and 3 more checks of this test, all passed" in text
    stormy = TestResult("t::stormy", ("c",), "failed", "boom", checks=(
        check(1.0), check(1.2, passed=False), check(0.8, passed=False), check(1.5, False)))
    text = pages.evidence_table([stormy])
    assert "estimate 1.2," in text and "estimate 0.8," in text and "estimate 1.5," not in text
    assert "… and 2 more checks of this test, 1 of them failed" in text


def test_the_mathml_module_examples_hold():
    import doctest

    from reports import mathml

    assert doctest.testmod(mathml).failed == 0


def test_without_a_math_font_the_report_still_builds_and_says_so(
        fake_registry, tmp_path, monkeypatch):
    bare = tmp_path / "assets"
    bare.mkdir()
    (bare / "style.css").write_text((build.ASSETS / "style.css").read_text(encoding="utf-8"))
    monkeypatch.setattr(build, "ASSETS", bare)
    monkeypatch.setattr(build, "_SYSTEM_FONTS", ())
    site = _build(tmp_path / "html").parent
    assert sorted(p.name for p in (site / "assets").iterdir()) == ["style.css"]
    assert "@font-face" not in (site / "assets" / "style.css").read_text(encoding="utf-8")
    assert "No math font was found" in (site / "index.html").read_text(encoding="utf-8")


def test_the_shipped_math_font_is_small_and_its_license_ships_with_it():
    font = build.find_math_font()
    assert font is not None and font.parent == build.ASSETS
    assert font.stat().st_size < 1_000_000
    assert (build.ASSETS / "GUST-FONT-LICENSE.txt").is_file()


def test_parametrized_cases_that_all_passed_share_one_row():
    from reports.evidence import TestResult

    cases = [TestResult(f"tests/t.py::test_law[{k}]", ("c",), "passed", "") for k in range(9)]
    text = pages.evidence_table(cases)
    assert text.count("<tr><td><code>") == 1 and "9 cases: 0, 1, 2, 3, … (9 in all)" in text
    failed = [*cases[:2], TestResult("tests/t.py::test_law[x]", ("c",), "failed", "boom")]
    assert pages.evidence_table(failed).count("<tr><td><code>") == 3


def test_prose_typesets_dollar_maths_and_code_and_escapes_the_rest():
    html = pages.prose("Var is $\\sigma^2$ <b> and `np.sqrt(2)`\n\nnext")
    assert html.count("<p>") == 2 and "<math" in html and "&lt;b&gt;" in html
    assert "<code>np.sqrt(2)</code>" in html
    assert pages.words("dl/dsigma2 = x**2 + mu") == "∂ℓ/∂σ² = x² + μ"
    # the optimizers' and activations' names too, comparisons and the usual exponents
    shown = pages.words("v_t -> g/(1 - rho), beta1^t <= 1, a != 0")
    assert shown == "v_t → g/(1 - ρ), β₁ᵗ ≤ 1, a ≠ 0"
    assert pages.words("a Kronecker delta picks one term") == "a Kronecker delta picks one term"


def test_a_chapter_teaching_layer_opens_its_page_and_appendix_derivations_move_out(
        tmp_path, monkeypatch):
    teaching = derivations.Teaching(
        problem="Without it, $x$ explodes.", answer="Scale by $1/n$.",
        worked_example="At $n = 4$: $1/4$.", notation=(("n", "the width"),),
        exercises=(derivations.Exercise("Why $n$?", "Because."),),
        intuitions=(("demo.square", "Squares add a cross term."),), appendix=("demo.wrong",),
        slides=(("demo.wrong", "001: A slide title"),),
        captions=(("demo.depth", "The lesson: it stays flat."),))
    chapter = derivations.Chapter(id="demo", title="Demo chapter", order=0, summary="Demo.",
                                  slides=("000",), derivations=(GOOD, BAD), errata=(ERRATUM,),
                                  teaching=teaching)
    registry = types.SimpleNamespace(chapters=lambda: (chapter,),
                                     derivations=lambda: chapter.derivations)
    monkeypatch.setattr(build, "derivations", registry)
    out = tmp_path / "html"
    build_report(out, evidence=EVIDENCE, cache_dir=None, progress=None)
    text = (out / "chapter-demo.html").read_text(encoding="utf-8")
    for heading in ("The problem", "The answer", "A worked example", "Notation", "Exercises"):
        assert f"<h2>{heading}</h2>" in text
    assert '<div class="intuition"><p>Squares add a cross term.</p></div>' in text
    assert '<summary>Worked answer</summary>' in text and "The lesson: it stays flat." in text
    assert 'id="demo.wrong"' not in text and 'href="#top"' in text
    appendix = (out / "chapter-demo-appendix.html").read_text(encoding="utf-8")
    assert 'id="demo.wrong"' in appendix
    slides = (out / "slides.html").read_text(encoding="utf-8")
    assert "A slide title" in slides and "Not true." in slides and "demo.erratum" in slides


def test_a_figure_draws_the_uncertainty_the_notes_carry():
    from reports.plots import figure_svg

    base = {"figure": "demo.bars", "series": "he", "x": [1, 2, 3], "y": [1.0, 1.1, 0.9],
            "predicted": [1.0, 1.0, 1.0]}
    plain = figure_svg("demo.bars", [base])
    bars = figure_svg("demo.bars", [dict(base, yerr=[0.1, 0.1, 0.1])])
    bounds = figure_svg("demo.bars", [dict(base, y_lower=[0.9, 1.0, 0.8],
                                           y_upper=[1.1, 1.2, 1.0])])
    assert "<!-- uncertainty -->" not in plain
    assert "<!-- uncertainty -->" in bars and "<!-- uncertainty -->" in bounds


def test_a_chapter_page_links_to_its_errata(site):
    chapter = (site / "chapter-demo.html").read_text(encoding="utf-8")
    assert '<a href="errata.html#demo.erratum">' in chapter
    assert 'id="demo.erratum"' in (site / "errata.html").read_text(encoding="utf-8")


def test_a_sum_or_product_written_by_hand_is_printed_in_the_order_written():
    from reports.mathml import to_latex

    y, z = sp.symbols("y z", positive=True)
    # SymPy prints an evaluated sum and product in its own order ...
    assert to_latex(z + y) == "y + z"
    assert to_latex(y / 2 * (z + 1)) == r"\frac{y \left(z + 1\right)}{2}"
    # ... a product built unevaluated keeps its factors apart and in order, and a sum with such
    # a term keeps its order even where its arguments happen to be in SymPy's canonical order
    product = sp.Mul(-y / (z + 1), (x - 1) / n, evaluate=False)
    assert to_latex(product) == (r"\left(- \frac{y}{z + 1}\right) \cdot \frac{x - 1}{n}")
    total = sp.Add(x / n, product, evaluate=False)
    assert to_latex(total).index(r"\frac{x}{n}") == 0
    assert sp.simplify(sp.sympify(total) - (x / n - y * (x - 1) / (n * (z + 1)))) == 0


def test_the_staged_batch_norm_stages_read_in_the_slides_order():
    from derivations.normalization import staged
    from reports.mathml import to_latex

    dx = to_latex(staged.d_x_staged)  # g_i/sqrt(...) + dl/dsigma2 * 2(x_i - mu)/m + dl/dmu / m
    direct = dx.index(r"\frac{{g}_{i}}{\sqrt{\sigma^{2} + \epsilon}}")
    through_var = dx.index(r"\right) \cdot \frac{2 \left({x}_{i} - \mu\right)}{m}")
    through_mu = dx.index(r"- \frac{\sum_{j=1}^{m} {g}_{j}}{m \sqrt{\sigma^{2} + \epsilon}}")
    assert direct == 0 < through_var < through_mu
    dmu = to_latex(staged.d_mu_staged)  # the direct path first, then dl/dsigma2 * sum/m
    assert dmu.startswith(r"\sum_{j=1}^{m} - \frac{{g}_{j}}")
    assert r"\right) \cdot \frac{\sum_{j=1}^{m} - 2 \left({x}_{j} - \mu\right)}{m}" in dmu
    # what is printed is the expression the kernel proved (the step's own chain)
    assert staged.DERIVATION.steps[3].exprs[0] == staged.d_x_staged


#: Maths written as plain text: a power, a comparison, a subscript, an arrow, a spelled-out
#: Greek letter or the code name of a symbol, an equation, a fraction, an expectation.
_PLAIN_MATHS = re.compile(
    r"\^|\*\*|<=|>=|!=|->|\bsqrt\(|\b[A-Za-z]+_[A-Za-z0-9{(]|\b[a-z]\d\b|\b(?:sigma2?|kappa|rho"
    r"|eta|lambda|tau|beta[12]?|alpha|delta(?:_\w+)?|Phi|phi|mu|epsilon|eps|gamma|pi|theta|chi"
    r"|xhat|hhat|dx|dW|dgamma|dbeta|dmu|dsigma2)\b|\s=\s|(?<![A-Za-z])[A-Za-z0-9)]{1,2}/[\w(]"
    r"|\bE\[|\bVar\(|\bsum_|\bsum [a-z]\b|\b[a-z] [<>] ")


def _outside_maths(text: str) -> str:
    return re.sub(r"\$\$.+?\$\$|(?<!\\)\$.+?(?<!\\)\$|`[^`]+`", " ", text, flags=re.S)


def _titles_and_summaries():
    for ch in derivations.chapters():
        yield ch, f"{ch.id} (chapter summary)", ch.summary
        for d in ch.derivations:
            yield ch, f"{d.id} (title)", d.title
            if d.summary:
                yield ch, f"{d.id} (summary)", d.summary


def test_every_title_and_summary_of_every_chapter_shows_its_maths_typeset():
    plain = []
    for _ch, where, text in _titles_and_summaries():
        found = _PLAIN_MATHS.search(_outside_maths(text))
        if found:
            plain.append(f"{where}: {found.group(0)!r} in {text!r}")
    assert not plain, ("plain-text maths in a title or summary: write it as $...$ LaTeX in the "
                       "derivation module:\n" + "\n".join(plain))


def test_the_latex_of_every_title_and_summary_converts():
    from latex2mathml.converter import convert

    for _ch, where, text in _titles_and_summaries():
        for span in re.findall(r"(?<!\\)\$(.+?)(?<!\\)\$", text):
            out = convert(span)
            assert "\\" not in re.sub(r"<[^>]+>", "", out), f"{where}: {span!r} -> {out}"


def test_a_figure_goes_to_the_chapter_its_derivations_prefix_names_and_a_stray_one_is_listed(
        tmp_path, monkeypatch):
    # the activations chapter (id "activations") names its derivations and figures "act.*"
    chapter = derivations.Chapter(id="demochapter", title="Demo chapter", order=0,
                                  summary="Demo.", slides=("000",), derivations=(GOOD,))
    monkeypatch.setattr(build, "derivations", types.SimpleNamespace(
        chapters=lambda: (chapter,), derivations=lambda: chapter.derivations))
    stray = {"note": {"figure": "nowhere.plot", "series": "s", "x": [1, 2], "y": [1.0, 2.0]}}
    records = {k: dict(v) for k, v in EVIDENCE["records"].items()}
    key = "tests/test_demo.py::test_square_variance_matches"
    records[key] = dict(records[key], evidence=[*records[key]["evidence"], stray])
    out = tmp_path / "html"
    build_report(out, evidence=dict(EVIDENCE, records=records), cache_dir=None, progress=None)
    assert 'id="figure-demo.depth"' in (out / "chapter-demochapter.html").read_text("utf-8")
    index = (out / "index.html").read_text("utf-8")
    assert "Tests drew figures that no chapter shows" in index and "nowhere.plot" in index


def test_every_text_a_chapter_teaching_layer_writes_shows_its_maths_typeset():
    plain = []
    for ch in derivations.chapters():
        t = pages._teaching(ch)
        texts = [("problem", t.problem), ("answer", t.answer), ("worked example",
                                                                t.worked_example)]
        texts += [(f"notation {sym}", meaning) for sym, meaning in t.notation]
        texts += [(f"exercise {k}", e.question + " " + e.answer)
                  for k, e in enumerate(t.exercises, 1)]
        texts += [(f"intuition of {key}", text) for key, text in t.intuitions]
        texts += [(f"caption of {key}", text) for key, text in t.captions]
        texts += [(f"correction of {key}", f"{what} {fix}") for key, what, fix in t.corrections]
        plain += [f"{ch.id}, {where}: {found.group(0)!r}" for where, text in texts
                  if (found := _PLAIN_MATHS.search(_outside_maths(text)))]
    assert not plain, ("plain-text maths in a chapter's teaching prose (write it as $...$, and "
                       "code or ids in backticks):\n" + "\n".join(plain))


def test_a_power_of_a_named_quantity_is_written_after_its_argument():
    from reports.mathml import to_latex

    var, relu = sp.Function("Var"), sp.Function("ReLU")
    assert to_latex(var(x) ** 2) == r"{\operatorname{Var}{\left(x \right)}}^{2}"  # not Var²(x)
    assert to_latex(relu(x) ** 2).endswith("}^{2}")
    assert to_latex(sp.sin(x) ** 2) == r"\sin^{2}{\left(x \right)}"  # as a mathematician writes
