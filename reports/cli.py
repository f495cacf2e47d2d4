"""``dlproofs report``: prove, test, and write the offline proof report.

The test suite runs in a subprocess (``python -m pytest --evidence FILE``)
from the source tree that holds ``tests/``; its recorded evidence and the
proofs become the report.  A failing test or an unprovable step shows in the
report as failed; the command then exits with status 1, after writing it.

The evidence of a run is kept in the cache folder under a key made of the
content of ``derivations/``, ``impl/``, ``tests/``, ``dlproofs/``,
``pyproject.toml``, the plugin that records the evidence, the implementation
under test, the profile and the Python and package versions: a second
``dlproofs report`` with nothing changed reuses it and takes seconds
(``--fresh`` runs the suite anyway).
``--pdf`` also prints the whole report to one PDF through headless Chromium.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["main"]

PROFILES = {"fast": "default", "thorough": "thorough"}
#: How many failures the command lists; the report has them all.
MAX_LISTED = 20


def project_root() -> Path:
    """The source tree of this installation (the folder that holds tests/)."""
    return Path(__file__).resolve().parent.parent


def _impl_argument(spec: str | None) -> str | None:
    """A file path is made absolute, since pytest runs from the project root."""
    if not spec:
        return None
    path = Path(spec)
    return str(path.resolve()) if path.suffix == ".py" or path.exists() else spec


#: What the evidence of a run depends on, relative to the project root.
SOURCES = ("derivations", "impl", "tests", "dlproofs", "pyproject.toml",
           "reports/pytest_plugin.py", "reports/evidence.py")


def _hash_tree(h, path: Path, root: Path) -> None:
    files = [path] if path.is_file() else sorted(
        p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts
        and p.suffix not in (".pyc", ".pyo"))
    for f in files:
        h.update(str(f.relative_to(root) if f.is_relative_to(root) else f).encode())
        h.update(hashlib.sha256(f.read_bytes()).digest())


def _impl_source(impl: str | None) -> Path | None:
    """The file or package folder of the implementation under test (None: the project's)."""
    if not impl:
        return None
    path = Path(impl)
    if path.exists():
        return path
    try:
        spec = importlib.util.find_spec(impl)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    origin = Path(spec.origin)
    return origin.parent if origin.name == "__init__.py" else origin


def evidence_key(impl: str | None, profile: str, root: Path) -> str:
    """The content key of a test run: unchanged sources give the same key."""
    from importlib.metadata import distributions

    h = hashlib.sha256(f"{impl}|{profile}|{platform.python_version()}".encode())
    for dist in sorted(distributions(), key=lambda d: d.metadata["Name"] or ""):
        h.update(f"{dist.metadata['Name']}=={dist.version};".encode())
    for name in SOURCES:
        if (root / name).exists():
            _hash_tree(h, root / name, root)
    source = _impl_source(impl)
    if source is not None and not str(source.resolve()).startswith(str(root.resolve())):
        _hash_tree(h, source, root)
    return "evidence-" + h.hexdigest()[:32]


def run_tests(impl: str | None, profile: str, root: Path) -> tuple[int, dict | None]:
    """Run the suite, streaming its progress; return (exit code, evidence)."""
    with tempfile.TemporaryDirectory(prefix="dlproofs-") as tmp:
        path = Path(tmp) / "evidence.json"
        # the "=" forms and an explicit root keep pytest from taking the paths in
        # these options for test paths (and /tmp for the project's root)
        cmd = [sys.executable, "-m", "pytest", "-q", "-rs", f"--rootdir={root}",
               f"--config-file={root / 'pyproject.toml'}", f"--evidence={path}"]
        if impl:
            cmd.append(f"--impl={impl}")
        env = dict(os.environ, HYPOTHESIS_PROFILE=PROFILES[profile])
        code = subprocess.run(cmd, cwd=root, env=env, check=False).returncode
        data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None
    if data is not None:
        data["profile"] = PROFILES[profile]
        data.setdefault("exitstatus", code)
    return code, data


def report(args: argparse.Namespace) -> int:
    from .build import build_report

    start = time.monotonic()
    root = project_root()
    impl = _impl_argument(args.impl)
    if args.evidence:
        code, evidence = 0, json.loads(Path(args.evidence).read_text(encoding="utf-8"))
    elif args.no_tests:
        code, evidence = 0, None
    else:
        if not (root / "tests").is_dir():
            print(f"dlproofs: no tests/ beside the installed package in {root}; install the "
                  "source tree with `pip install -e .`, or pass --no-tests", file=sys.stderr)
            return 2
        from .build import default_cache_dir

        cache = Path(args.cache) if args.cache else default_cache_dir()
        stored = cache / f"{evidence_key(impl, args.profile, root)}.json"
        if stored.is_file() and not args.fresh:
            saved = json.loads(stored.read_text(encoding="utf-8"))
            code, evidence = saved["exitstatus"], saved
            print("dlproofs: nothing changed in derivations/, impl/, tests/, dlproofs/ or the "
                  "implementation under test since the last run: reusing its evidence "
                  "(--fresh runs the suite again)", file=sys.stderr)
        else:
            print(f"dlproofs: running the test suite ({args.profile} profile"
                  f"{', implementation ' + impl if impl else ''})", file=sys.stderr, flush=True)
            code, evidence = run_tests(impl, args.profile, root)
            if evidence is None:
                print(f"dlproofs: the test run stopped (exit code {code}) before recording "
                      "evidence; see its output above", file=sys.stderr)
                return 2
            if code in (0, 1, 5):  # a complete run (passed or failed) can be reused
                stored.parent.mkdir(parents=True, exist_ok=True)
                stored.write_text(json.dumps(dict(evidence, exitstatus=code)), encoding="utf-8")
        _explain_skips(evidence)
    failures: list[str] = []
    index = build_report(Path(args.out), evidence=evidence, failures=failures,
                         cache_dir=Path(args.cache) if args.cache else "default")
    if code not in (0, 5) and not any(f.startswith(("test ", "test run")) for f in failures):
        failures.append(f"test run: pytest exited with status {code} (see its summary above)")
    for line in failures[:MAX_LISTED]:
        print(f"dlproofs: FAILED {line}", file=sys.stderr)
    if len(failures) > MAX_LISTED:
        print(f"dlproofs: ... and {len(failures) - MAX_LISTED} more (see the report)",
              file=sys.stderr)
    if args.pdf:
        from .pdf import write_pdf

        try:
            pdf = write_pdf(index.parent)
            print(f"dlproofs: PDF written to {pdf}", file=sys.stderr)
        except RuntimeError as exc:
            print(f"dlproofs: no PDF: {exc}", file=sys.stderr)
    print(f"dlproofs: {len(failures) or 'nothing'} failed; built in "
          f"{time.monotonic() - start:.1f} s", file=sys.stderr)
    print(f"dlproofs: report written to {index.resolve().as_uri()}")
    return 1 if failures or code not in (0, 5) else 0


def _explain_skips(evidence: dict | None) -> None:
    """Say why tests of claims were skipped, one line per reason."""
    reasons: dict[str, int] = {}
    for rec in ((evidence or {}).get("records") or {}).values():
        if (rec or {}).get("outcome") == "skipped":
            from .evidence import _message

            why = _message(rec.get("message")) or "no reason given"
            reasons[why] = reasons.get(why, 0) + 1
    for why, count in sorted(reasons.items(), key=lambda kv: -kv[1]):
        print(f"dlproofs: {count} test{'s' if count > 1 else ''} of claims skipped: {why}",
              file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["check"]:  # dlproofs check MODULE_OR_FILE (see dlproofs/check_command.py)
        from dlproofs.check_command import main as check
        return check(argv[1:])
    if argv[:1] == ["gain"]:  # dlproofs gain [NAME] (see dlproofs/gain_command.py)
        from dlproofs.gain_command import main as gain
        return gain(argv[1:])
    parser = argparse.ArgumentParser(prog="dlproofs", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="run the math checks against MODULE_OR_FILE")
    sub.add_parser("gain", help="print the derived gain of each activation (or of NAME)")
    rep = sub.add_parser("report", help="prove, test and write the HTML proof report")
    rep.add_argument("--out", default="reports/html", metavar="DIR",
                     help="where to write the report (default: reports/html)")
    rep.add_argument("--impl", metavar="MODULE_OR_FILE",
                     help="test this implementation instead of the project's impl package; "
                     "adds a conformance page")
    rep.add_argument("--profile", choices=sorted(PROFILES), default="fast",
                     help="hypothesis profile: fast (default) or thorough")
    rep.add_argument("--evidence", metavar="FILE",
                     help="use evidence recorded by `pytest --evidence FILE` instead of "
                     "running the tests")
    rep.add_argument("--no-tests", action="store_true", help="render the proofs only")
    rep.add_argument("--cache", metavar="DIR",
                     help="cache folder for proofs and test evidence (default: "
                     "$DLPROOFS_CACHE or .dlproofs-cache)")
    rep.add_argument("--fresh", action="store_true",
                     help="run the test suite even when its evidence is cached")
    rep.add_argument("--pdf", action="store_true",
                     help="also write the whole report as one PDF (report.pdf in --out), "
                     "through headless Chromium when it is installed")
    args = parser.parse_args(argv)
    return report(args)


if __name__ == "__main__":
    sys.exit(main())
