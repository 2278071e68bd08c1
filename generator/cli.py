"""``python -m generator``: generate, check, validate, diff, update and release.

Every failure a user can cause ends as findings or a message on stderr and a non-zero
exit status (1 unless a command's --help says otherwise), never a traceback; an output
folder (generated/, releases/) or a spec is only ever replaced whole.

Over 500 lines on purpose: every subcommand's parser beside its handler, each handler
importing its stage inside the function, so that ``--help`` and a run that changes
nothing import none of the pipeline; a handler is a few lines of glue, and one module
keeps every option and exit status of the command line in one place to read.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.cache import Cache, user_cache
from generator.loader.limits import DEFAULT_LIMITS, LoadLimits
from generator.model.findings import Finding, GenerationError, Severity

if TYPE_CHECKING:
    from generator.builder.project import PackageJob, SingleJob
    from generator.change.release_state import ReleaseState
    from generator.loader.document import RefPolicy
    from generator.validator.worker import ValidatorProcess

# The pipeline's modules (YAML, Jinja, the model, the validator) are imported only once
# a run is known to have work to do: a run that changes nothing must not pay for them.

ROOT = Path(__file__).resolve().parents[1]


def _parser() -> argparse.ArgumentParser:
    # The docstring's reST quoting is for readers of the source, not for the terminal.
    description = (__doc__ or "").replace("``", "")
    parser = argparse.ArgumentParser(prog="python -m generator", description=description)
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
    gen.add_argument("--releases", type=Path, default=ROOT / "releases", help=argparse.SUPPRESS)
    _limit_options(gen)
    _ref_options(gen)
    val = sub.add_parser("validate", help="run only the checks on specs/ (or on one SPEC)")
    val.add_argument("spec", nargs="?", type=Path)
    _limit_options(val)
    _ref_options(val)
    val.add_argument("--specs", type=Path, default=ROOT / "specs", help=argparse.SUPPRESS)
    _diff_parser(sub)
    _update_parser(sub)
    rel = _release_parser(sub)
    for command in (gen, val, rel):
        command.add_argument(
            "--no-cache",
            action="store_true",
            help="neither read nor write the cache of validation and ruff results "
            "(kept in $JOBCLIENTS_CACHE_DIR, else ~/.cache/jobclients)",
        )
    return parser


def _diff_parser(sub: Any) -> None:
    from generator.change.diff import EXIT_HELP

    diff = sub.add_parser(
        "diff",
        help="what changed for callers between two versions of a document",
        description="Compare what a client of OLD and a client of NEW expose and send. "
        "Each side is an OpenAPI document (YAML or JSON, multi-file allowed) or an API "
        "record written by `make generate` (generated/api/<vendor>.json).",
        epilog=EXIT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    diff.add_argument("old", type=Path, nargs="?", help="the old document or API record")
    diff.add_argument("new", type=Path, nargs="?", help="the new document or API record")
    diff.add_argument(
        "--format",
        choices=("text", "markdown", "json"),
        default="text",
        help="text for people (default), markdown, or json (stable; see the README)",
    )
    diff.add_argument(
        "--fail-on",
        choices=("breaking", "warning", "info"),
        help="exit 1 when a change at or above this level exists",
    )
    diff.add_argument(
        "--no-docs", action="store_true", help="leave out description and summary edits"
    )
    diff.add_argument(
        "--lenient",
        action="store_true",
        help="compare whatever can be built from a document with errors",
    )
    diff.add_argument(
        "--config",
        type=Path,
        metavar="JOBCLIENT_YAML",
        help="build document sides with this vendor config (names, job binding, accepted "
        "findings), as for a document that lies beside it",
    )
    diff.add_argument("--rules", action="store_true", help="print the rule list and exit")
    diff.add_argument(
        "--no-cache",
        action="store_true",
        help="neither read nor write the cache of records and validation results",
    )
    _limit_options(diff)
    _ref_options(diff)


def _diff(args: argparse.Namespace) -> int:
    from generator.change.diff import EXIT_UNREADABLE, Options, run

    if args.rules:
        from generator.change.comparison.rules import rules_text

        sys.stdout.write(rules_text())
        return 0
    if args.old is None or args.new is None:
        print("diff needs OLD and NEW (or --rules).", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        status, text = run(
            args.old,
            args.new,
            fmt=args.format,
            fail_on=args.fail_on,
            no_docs=args.no_docs,
            store=user_cache(enabled=not args.no_cache),
            options=Options(args.lenient, _limits(args), _policy(args)),
            config_path=args.config,
        )
    except GenerationError as exc:
        _print_findings(exc.findings)
        print(
            f"{len(exc.findings)} finding(s); nothing was compared."
            + ("" if args.lenient else " Add --lenient to compare what can be built."),
            file=sys.stderr,
        )
        return EXIT_UNREADABLE
    sys.stdout.write(text)
    return status


def _update_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    upd = sub.add_parser(
        "update",
        help="fetch vendors' published documents (their `source:`) into specs/",
        description="Fetch each VENDOR's document from the `source:` URL in its "
        "jobclient.yaml (every vendor that has one, when none is named), check that it "
        "loads within the vendor's limits, validates and builds, write it atomically and "
        "print what changes for callers. Exit status: 0 written or already current; "
        "1 a fetch or a document failed (HTTP error, HTML page, redirect to another host, "
        "over max_bytes, invalid): nothing under specs/ is written; 2 an unknown vendor "
        "or one without `source:`.",
    )
    upd.add_argument("vendors", nargs="*", metavar="VENDOR", help="folder names under specs/")
    upd.add_argument(
        "--timeout",
        type=_positive,
        default=30,
        help="seconds to wait for the connection and for each read (default 30)",
    )
    upd.add_argument("--specs", type=Path, default=ROOT / "specs", help=argparse.SUPPRESS)


def _release_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse.ArgumentParser:
    rel = sub.add_parser(
        "release",
        help="turn the changelog's Unreleased section into the next version",
        description="Compare what specs/ builds now with the last release (releases/), "
        "bump the version by semver from the most serious change (breaking: major; any "
        "other change to the API: minor; documentation only: patch; the first release is "
        "1.0.0), store the section, the version and the API records in releases/, then "
        "regenerate generated/ (CHANGELOG.md, pyproject.toml, jobclients.__version__). "
        "Exit status: 0 released; 1 the specs do not generate or releases/ is damaged "
        "(findings; nothing written); 3 nothing to release (nothing written).",
    )
    rel.add_argument("--specs", type=Path, default=ROOT / "specs", help=argparse.SUPPRESS)
    rel.add_argument("--templates", type=Path, default=ROOT / "templates", help=argparse.SUPPRESS)
    rel.add_argument("--releases", type=Path, default=ROOT / "releases", help=argparse.SUPPRESS)
    rel.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    return rel


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
    from generator.loader.document import RefPolicy

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


def _unchanged_run(args: argparse.Namespace, store: Cache, started: float) -> str | None:
    """The run memo's key, or None after telling the user the output is already current."""
    from generator.emitter.emit import IGNORED, recover
    from generator.emitter.run_memo import inputs_key, output_is_current

    out = args.out or ROOT / "generated"
    # As a full run does first: a killed run's half-done swap is finished or undone and
    # its scratch swept, even when this run then finds nothing to do.
    recover(out)
    key = inputs_key(args.specs, args.templates, out, args.releases)
    count = output_is_current(key, out, store, IGNORED)
    if count is None:
        return key
    elapsed = time.perf_counter() - started
    if args.check:
        print(f"{_shown(out)} is up to date ({count} files, {elapsed:.2f} s).")
    else:
        print(f"{_shown(out)}: unchanged ({count} files, {elapsed:.2f} s).")
    return None


def _generate(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    store = user_cache(enabled=not args.no_cache)
    memo_key: str | None = None
    if args.spec is None and store.root is not None:
        memo_key = _unchanged_run(args, store, started)
        if memo_key is None:
            return 0
    if args.spec is not None and args.out is None:
        print(
            "generate SPEC needs --out DIR (generated/ holds the project's own vendors).",
            file=sys.stderr,
        )
        return 2
    # Forked before the pipeline is even imported: the worker imports the validator
    # while this process imports the rest and loads the documents.
    from generator.validator.worker import start_validator_process

    worker = start_validator_process()
    try:
        return _generate_with(args, store, memo_key, worker, started)
    finally:
        if worker is not None:
            worker.close()


def _generate_with(
    args: argparse.Namespace,
    store: Cache,
    memo_key: str | None,
    worker: ValidatorProcess | None,
    started: float,
) -> int:
    from generator.builder.project import PackageJob, SingleJob
    from generator.change.record import record_files
    from generator.emitter.emit import prepare
    from generator.renderer.render import render_package

    job: SingleJob | PackageJob
    if args.spec is not None:
        job = SingleJob(
            args.spec,
            args.name,
            Path.cwd(),
            store,
            worker,
            limits=_limits(args),
            refs=_policy(args),
        )
        out = args.out
    else:
        state: ReleaseState = _release_state(args.releases)
        job = PackageJob(args.specs, ROOT, store, worker, version=state.package_version)
        out = args.out or ROOT / "generated"
    try:
        if isinstance(job, PackageJob) and job.doomed:
            job.finish()  # raises with every vendor's findings; nothing to render
        # Rendering and ruff run while the validation worker (if any) is still busy.
        files = render_package(job.package, args.templates, spec_root="specs", store=store)
        if isinstance(job, PackageJob):
            from generator.change.changelog import CHANGELOG, changelog_file, records_in

            records = record_files(job.built)
            files.update(records)
            files[CHANGELOG] = changelog_file(state, records_in(records))
        with prepare(files, out, store) as prepared:
            if isinstance(job, SingleJob):
                findings = job.finish()
                errors = sum(f.severity is Severity.ERROR for f in findings)
                _print_findings(findings)
                if errors and not args.lenient:
                    # Before anything is written: a document with errors generates only
                    # when the user asks for it.
                    print(
                        f"{len(findings)} finding(s), {errors} of them error(s); nothing was "
                        "written. Add --lenient to generate what can be generated anyway.",
                        file=sys.stderr,
                    )
                    return 1
            else:
                job.finish()
            result = prepared.result if args.check else prepared.commit()
            if memo_key is not None:
                _remember_run(memo_key, args, out, prepared.files, store)
    finally:
        job.close()
    store.prune()
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


def _release(args: argparse.Namespace) -> int:
    from generator.change.release import RELEASED, release

    generate = argparse.Namespace(
        spec=None,
        out=args.out,
        name=None,
        lenient=False,
        check=False,
        specs=args.specs,
        templates=args.templates,
        releases=args.releases,
        no_cache=args.no_cache,
    )
    # The records to release are those of generated/, brought up to date first.
    status = _generate(generate)
    if status != 0:
        return status
    out = args.out or ROOT / "generated"
    status, message = release(args.releases, out, _shown(args.releases).rstrip("/"))
    if status != RELEASED:
        print(message, file=sys.stderr)
        return status
    print(message)
    # generated/ is composed from releases/: the new version and section appear in it now.
    return _generate(generate)


def _release_state(folder: Path) -> ReleaseState:
    from generator.change.record import load_record
    from generator.change.release_state import load_state

    return load_state(folder, _shown(folder).rstrip("/"), load_record)


def _remember_run(
    key: str, args: argparse.Namespace, out: Path, files: dict[str, bytes], store: Cache
) -> None:
    from generator.emitter.run_memo import inputs_key, remember

    # Inputs edited while this run read them: its output may match neither version.
    if inputs_key(args.specs, args.templates, out, args.releases) == key:
        remember(key, files, store)


def _validate(args: argparse.Namespace) -> int:
    from generator.builder.project import build_single, discover, load_vendor

    if args.spec is not None:
        _package, findings = build_single(
            args.spec,
            None,
            Path.cwd(),
            user_cache(enabled=not args.no_cache),
            limits=_limits(args),
            refs=_policy(args),
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
    args: argparse.Namespace | None = None
    try:
        args = _parser().parse_args(argv)
        if args.command == "generate":
            return _generate(args)
        if args.command == "diff":
            return _diff(args)
        if args.command == "release":
            return _release(args)
        if args.command == "update":
            from generator.change.update import run_update

            return run_update(args.specs, args.specs.parent, args.vendors, timeout=args.timeout)
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
    except Exception as exc:
        from generator.renderer.render import UnsafeOutput

        if isinstance(exc, UnsafeOutput):
            print(f"internal error (a template printed unescaped text): {exc}", file=sys.stderr)
            return 1
        if os.environ.get("JOBCLIENTS_DEBUG"):
            raise
        print(
            f"internal error: {type(exc).__name__}: {exc}. Nothing was written. Rerun with "
            "JOBCLIENTS_DEBUG=1 for the traceback and report it.",
            file=sys.stderr,
        )
        # For diff, 1 means "changes found": a failure must not read as that.
        return 2 if args is not None and args.command == "diff" else 1
