"""``python -m generator``: generate, check and validate.

Every failure a user can cause ends as findings on stderr and exit code 1, never a
traceback; the output folder is only ever replaced whole.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from generator.document import RefPolicy
from generator.emit import emit
from generator.findings import Finding, GenerationError, Severity
from generator.loader import DEFAULT_LIMITS, LoadLimits
from generator.pipeline import build_package, build_single, discover, load_vendor
from generator.render import UnsafeOutput, render_package

ROOT = Path(__file__).resolve().parents[1]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="render specs/ into generated/ (or one SPEC into --out)")
    gen.add_argument(
        "spec",
        nargs="?",
        type=Path,
        help="one OpenAPI document to generate leniently, with no config (needs --out)",
    )
    gen.add_argument("--out", type=Path, help="output folder (default: generated/)")
    gen.add_argument("--name", help="package name for a single SPEC (default: from its title)")
    gen.add_argument(
        "--lenient",
        action="store_true",
        help="for a single SPEC: report errors but generate what can be generated",
    )
    gen.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 with a summary if the output is stale",
    )
    gen.add_argument("--specs", type=Path, default=ROOT / "specs", help=argparse.SUPPRESS)
    gen.add_argument("--templates", type=Path, default=ROOT / "templates", help=argparse.SUPPRESS)
    _limit_options(gen)
    _ref_options(gen)
    val = sub.add_parser("validate", help="run only the checks on specs/ (or on one SPEC)")
    val.add_argument("spec", nargs="?", type=Path)
    _limit_options(val)
    _ref_options(val)
    val.add_argument("--specs", type=Path, default=ROOT / "specs", help=argparse.SUPPRESS)
    return parser


def _limit_options(parser: argparse.ArgumentParser) -> None:
    """Caps on a single SPEC (a vendor under specs/ sets them under `limits:` instead)."""
    defaults = DEFAULT_LIMITS
    for name, default, what in (
        ("max_bytes", defaults.max_bytes, "size of any file read, in bytes"),
        ("max_depth", defaults.max_depth, "nesting depth"),
        ("max_nodes", defaults.max_nodes, "nodes once YAML aliases are expanded"),
    ):
        parser.add_argument(
            "--" + name.replace("_", "-"),
            dest=name,
            type=_positive,
            default=default,
            help=f"refuse a SPEC over this {what} (default {default})",
        )


def _ref_options(parser: argparse.ArgumentParser) -> None:
    """Where a single SPEC's $refs may read besides its folder (a vendor: `refs:`)."""
    parser.add_argument(
        "--allow-ref-folder",
        action="append",
        type=Path,
        default=[],
        metavar="DIR",
        help="a folder outside the SPEC's own that its $refs may read (repeatable)",
    )
    parser.add_argument(
        "--allow-ref-url",
        action="append",
        default=[],
        metavar="PREFIX",
        help="an http(s) URL prefix its $refs may fetch, e.g. https://x.example/v1/",
    )


def _policy(args: argparse.Namespace) -> RefPolicy:
    folders = tuple(Path(folder).resolve() for folder in args.allow_ref_folder)
    return RefPolicy(folders, tuple(args.allow_ref_url))


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
    return value


def _limits(args: argparse.Namespace) -> LoadLimits:
    return LoadLimits(args.max_bytes, args.max_depth, args.max_nodes)


def _print_findings(findings: Sequence[Finding]) -> None:
    for finding in findings:
        print(finding.render(), file=sys.stderr)


def _generate(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    if args.spec is not None:
        if args.out is None:
            print(
                "generate SPEC needs --out DIR (generated/ holds the project's own vendors).",
                file=sys.stderr,
            )
            return 2
        package, findings = build_single(
            args.spec, args.name, Path.cwd(), _limits(args), _policy(args)
        )
        if not args.lenient and any(f.severity is Severity.ERROR for f in findings):
            raise GenerationError(findings)
        _print_findings(findings)
        out = args.out
    else:
        package, _results = build_package(args.specs, ROOT)
        out = args.out or ROOT / "generated"
    files = render_package(package, args.templates, spec_root="specs")
    result = emit(files, out, check=args.check)
    elapsed = time.perf_counter() - started
    name = _shown(out)
    if args.check:
        if result.unchanged:
            print(f"{name} is up to date ({len(files)} files, {elapsed:.2f} s).")
            return 0
        print(
            f"{name} is stale: `make generate` would change:\n{result.summary()}", file=sys.stderr
        )
        return 1
    if result.unchanged:
        print(f"{name}: unchanged ({len(files)} files, {elapsed:.2f} s).")
    else:
        print(
            f"{name}: {len(result.added)} added, {len(result.changed)} changed, "
            f"{len(result.removed)} removed ({len(files)} files, {elapsed:.2f} s)."
        )
    return 0


def _validate(args: argparse.Namespace) -> int:
    if args.spec is not None:
        _package, findings = build_single(args.spec, None, Path.cwd(), _limits(args), _policy(args))
        _print_findings(findings)
        return 1 if findings else 0
    failures: list[Finding] = []
    for folder in discover(args.specs):
        try:
            result = load_vendor(folder, ROOT)
        except GenerationError as exc:
            failures.extend(exc.findings)
            continue
        for finding in result.accepted:
            print(f"{finding.render()} (accepted in the config)", file=sys.stderr)
        print(f"{_shown(folder)}: ok")
    if failures:
        raise GenerationError(failures)
    return 0


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve())) + "/"
    except ValueError:
        return str(path) + "/"


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
        if args.command == "generate":
            return _generate(args)
        return _validate(args)
    except GenerationError as exc:
        _print_findings(exc.findings)
        print(f"{len(exc.findings)} finding(s); nothing was written.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        # emit swaps the folder in one step: it holds the old tree or, if the swap was
        # done, the new one; never a mix.
        print("interrupted; the output folder is whole (old, or new if swapped).", file=sys.stderr)
        return 130
    except UnsafeOutput as exc:
        print(f"internal error (a template printed unescaped text): {exc}", file=sys.stderr)
        return 1
    except Exception as exc:
        if os.environ.get("JOBCLIENTS_DEBUG"):
            raise
        print(
            f"internal error: {type(exc).__name__}: {exc}. Nothing was written. Rerun with "
            "JOBCLIENTS_DEBUG=1 for the traceback and report it.",
            file=sys.stderr,
        )
        return 1
