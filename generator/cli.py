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

from generator.cache import user_cache
from generator.emit import prepare
from generator.findings import Finding, GenerationError
from generator.pipeline import PackageJob, SingleJob, build_single, discover, load_vendor
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
        "--check",
        action="store_true",
        help="write nothing; exit 1 with a summary if the output is stale",
    )
    gen.add_argument("--specs", type=Path, default=ROOT / "specs", help=argparse.SUPPRESS)
    gen.add_argument("--templates", type=Path, default=ROOT / "templates", help=argparse.SUPPRESS)
    val = sub.add_parser("validate", help="run only the checks on specs/ (or on one SPEC)")
    val.add_argument("spec", nargs="?", type=Path)
    val.add_argument("--specs", type=Path, default=ROOT / "specs", help=argparse.SUPPRESS)
    for command in (gen, val):
        command.add_argument(
            "--no-cache",
            action="store_true",
            help="neither read nor write the cache of validation and ruff results "
            "(kept in $JOBCLIENTS_CACHE_DIR, else ~/.cache/jobclients)",
        )
    return parser


def _print_findings(findings: Sequence[Finding]) -> None:
    for finding in findings:
        print(finding.render(), file=sys.stderr)


def _generate(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    store = user_cache(enabled=not args.no_cache)
    job: SingleJob | PackageJob
    if args.spec is not None:
        if args.out is None:
            print(
                "generate SPEC needs --out DIR (generated/ holds the project's own vendors).",
                file=sys.stderr,
            )
            return 2
        job = SingleJob(args.spec, args.name, Path.cwd(), store)
        out = args.out
    else:
        job = PackageJob(args.specs, ROOT, store)
        out = args.out or ROOT / "generated"
    try:
        if isinstance(job, PackageJob) and job.doomed:
            job.finish()  # raises with every vendor's findings; nothing to render
        # Rendering and ruff run while the validation worker (if any) is still busy.
        files = render_package(job.package, args.templates, spec_root="specs", store=store)
        with prepare(files, out, store) as prepared:
            if isinstance(job, SingleJob):
                _print_findings(job.finish())
            else:
                job.finish()
            result = prepared.result if args.check else prepared.commit()
    finally:
        job.close()
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
        _package, findings = build_single(
            args.spec, None, Path.cwd(), user_cache(enabled=not args.no_cache)
        )
        _print_findings(findings)
        return 1 if findings else 0
    failures: list[Finding] = []
    for folder in discover(args.specs):
        try:
            result = load_vendor(folder, ROOT, user_cache(enabled=not args.no_cache))
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
    args = _parser().parse_args(argv)
    try:
        if args.command == "generate":
            return _generate(args)
        return _validate(args)
    except GenerationError as exc:
        _print_findings(exc.findings)
        print(f"{len(exc.findings)} finding(s); nothing was written.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; the output folder is as it was.", file=sys.stderr)
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
