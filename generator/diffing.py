"""``python -m generator diff OLD NEW``: the API records of two versions, compared.

Each side is a document (loaded, validated and built as ``generate`` does, under the
same ``$ref`` rules and limits) or an API record written by ``make generate``. A
document beside a ``jobclient.yaml`` that names it is built with that config (names,
job binding, limits, accepted findings); one without is built with the names of the
other side, so that two versions of one document get one client's names. A record
built from a document is cached by the hash of every file it read, the generator's
sources and the names it was built with.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.apirecord import api_record, check_record, looks_like_record
from generator.build import ClientNames, build_client
from generator.cache import Cache, digest, installed_versions
from generator.config import CONFIG_NAME, VendorConfig, load_config
from generator.document import RefPolicy, SpecDocument
from generator.findings import Finding, GenerationError, Severity
from generator.loader import LoadLimits
from generator.pipeline import document_names
from generator.validation_cache import dependencies
from generator.validation_worker import PendingValidation, start_validation

# Exit statuses, as `diff --help` and the README document them.
EXIT_SAME = 0  # compared; nothing at or above --fail-on (or no --fail-on)
EXIT_CHANGES = 1  # compared; a change at or above --fail-on
EXIT_UNREADABLE = 2  # a side could not be read, or has errors and --lenient was not given

_CACHE_KIND = "api-record"
_CACHE_VERSION = "v1"


@dataclass
class Side:
    """One side of the comparison, as given."""

    path: Path
    display: str
    record: dict[str, Any] | None = None  # given as a record
    config: VendorConfig | None = None  # a document with our config beside it
    raw: bytes = b""


@dataclass(frozen=True)
class Options:
    lenient: bool
    limits: LoadLimits
    refs: RefPolicy


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _unreadable(display: str, message: str, line: int | None = None) -> GenerationError:
    return GenerationError([Finding(Severity.ERROR, "unreadable", display, line, "", message)])


def open_side(path: Path) -> Side:
    """What the user named: a record, or a document (with its config, if it has one)."""
    display = _display(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise _unreadable(
            display, f"cannot read it ({reason}); name a document or a record."
        ) from None
    side = Side(path, display, raw=raw)
    if raw.lstrip()[:1] == b"{":
        try:
            data = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError):
            data = None  # not JSON after all: the loader says where and why
        if looks_like_record(data):
            check_record(data, display)
            side.record = data
            return side
    beside = path.parent / CONFIG_NAME
    if beside.is_file():
        config = load_config(beside, _display(beside))
        if (path.parent / config.spec).resolve() == path.resolve():
            side.config = config
    return side


def _names_of_record(record: dict[str, Any]) -> ClientNames:
    client = record["client"]
    class_name = str(client.get("class", "ApiClient"))
    return ClientNames(
        module=str(client.get("module", "api")),
        client=class_name.removesuffix("Client") or class_name,
        credential_parameter=str(client.get("credential", "api_key")),
        credential_env=str(client.get("credential_env", "API_KEY")),
        base_url_env=str(client.get("base_url_env", "API_BASE_URL")),
        spec_path=str(client.get("spec", "")),
    )


def _generator_key() -> str:
    """The generator's own sources and the versions that shape a record or a finding."""
    from generator.cache import VALIDATOR_PACKAGES

    parts: list[str | bytes] = [_CACHE_VERSION]
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        parts += [path.relative_to(Path(__file__).parent).as_posix(), path.read_bytes()]
    parts += [f"{n} {v}" for n, v in installed_versions("pyyaml", *VALIDATOR_PACKAGES).items()]
    return digest(*parts)


class Builder:
    """Records of document sides: from the cache, or loaded, validated and built."""

    def __init__(self, store: Cache, options: Options) -> None:
        self.store = store
        self.options = options
        self._generator = _generator_key() if store.root is not None else ""

    def _key(self, side: Side, names: ClientNames | None) -> str:
        config = side.config
        return digest(
            self._generator,
            side.raw,
            str(side.path.resolve()),
            side.display,
            repr(names),
            repr(self.options),
            config.path.read_bytes() if config is not None else b"",
            config.display if config is not None else "",
        )

    def cached(self, side: Side, names: ClientNames | None) -> dict[str, Any] | None:
        """A record built before from exactly these files, names and options."""
        if self.store.root is None:
            return None
        data = self.store.get(_CACHE_KIND, self._key(side, names))
        if data is None:
            return None
        try:
            entry = json.loads(data)
            for path, sha in entry["files"]:
                if hashlib.sha256(Path(path).read_bytes()).hexdigest() != sha:
                    return None
            record: dict[str, Any] = entry["record"]
        except (OSError, ValueError, KeyError, TypeError):
            return None  # a bad entry is a miss
        return record

    def start(self, side: Side, names: ClientNames | None) -> Started:
        options = self.options
        limits = side.config.limits if side.config is not None else options.limits
        refs = side.config.refs if side.config is not None else options.refs
        doc = SpecDocument.open(side.path, side.display, limits, refs)
        return Started(side, names, doc, start_validation([doc], self.store))

    def finish(self, started: Started) -> tuple[dict[str, Any], list[Finding]]:
        """The record and every finding that stops the comparison (none if lenient)."""
        side, doc = started.side, started.doc
        config = side.config
        try:
            if config is not None:
                names = _config_names(config, doc.root.display)
                client, built = build_client(doc, names, config.job, config.display)
            else:
                names = started.names or document_names(doc)
                client, built = build_client(doc, names, None, None)
            findings = [*started.pending.findings()[0], *built]
        finally:
            started.pending.close()
        record = api_record(
            client, doc, config.job if config else None, config.display if config else None
        )
        accepted = config.accepted_findings if config is not None else frozenset()
        errors = [
            f
            for f in findings
            if f.severity is Severity.ERROR
            and f.code not in accepted
            and f"{f.code}@{f.pointer}" not in accepted
            and f"{f.code}@#{f.pointer}" not in accepted
        ]
        if not errors or self.options.lenient:
            self._remember(side, started.names, doc, record)
        return record, [] if self.options.lenient else errors

    def _remember(
        self, side: Side, names: ClientNames | None, doc: SpecDocument, record: dict[str, Any]
    ) -> None:
        if self.store.root is None:
            return
        files = dependencies(doc)
        entry = {"files": files, "record": record}
        self.store.put(_CACHE_KIND, self._key(side, names), json.dumps(entry).encode("utf-8"))


@dataclass
class Started:
    side: Side
    names: ClientNames | None
    doc: SpecDocument
    pending: PendingValidation


def records(old: Side, new: Side, store: Cache, options: Options) -> tuple[Any, Any]:
    """Both sides' records. Raises GenerationError with every finding that stops it."""
    builder = Builder(store, options)
    new_names = _names_of_record(old.record) if old.record is not None else None
    new_record = new.record or builder.cached(new, new_names)
    started: list[Started] = []
    try:
        if new_record is None:
            started.append(builder.start(new, new_names))
        # The old side is built with the new side's names: one client, two versions.
        if new_record is not None:
            old_names = _names_of_record(new_record)
        elif new.config is not None:
            old_names = _config_names(new.config, new.display)
        else:
            old_names = new_names or document_names(started[0].doc)
        old_record = old.record or builder.cached(old, old_names)
        if old_record is None:
            started.append(builder.start(old, old_names))
        failures: list[Finding] = []
        for job in started:
            record, stops = builder.finish(job)
            failures.extend(stops)
            if job.side is new:
                new_record = record
            else:
                old_record = record
    finally:
        for job in started:
            job.pending.close()
    if failures:
        raise GenerationError(failures)
    return old_record, new_record


def _config_names(config: VendorConfig, spec_path: str) -> ClientNames:
    return ClientNames(
        module=config.module,
        client=config.client,
        credential_parameter=config.credential_parameter,
        credential_env=config.credential_env,
        base_url_env=config.base_url_env,
        spec_path=spec_path,
    )


EXIT_HELP = f"""exit status:
  {EXIT_SAME}  compared; no change at or above --fail-on (always, without --fail-on)
  {EXIT_CHANGES}  compared; a change at or above --fail-on was found
  {EXIT_UNREADABLE}  not compared: a side cannot be read, is not a document or an API record,
     or has errors (add --lenient to compare what can be built); nothing is printed
     on stdout, the findings go to stderr with file and line
"""


def run(
    old_path: Path,
    new_path: Path,
    *,
    fmt: str,
    fail_on: str | None,
    no_docs: bool,
    store: Cache,
    options: Options,
) -> tuple[int, str]:
    """The exit status and the report to print."""
    from generator.changes import compare_records, render_report
    from generator.changes.report import LEVELS, rank

    old, new = open_side(old_path), open_side(new_path)
    old_record, new_record = records(old, new, store, options)
    report = compare_records(old_record, new_record)
    if no_docs:
        report = report.without_docs()
    text = render_report(report, fmt, no_docs=no_docs)  # type: ignore[arg-type]
    highest = report.highest()
    if fail_on is not None and highest is not None:
        threshold = LEVELS.index(fail_on)  # type: ignore[arg-type]
        if rank(highest) <= threshold:
            return EXIT_CHANGES, text
    return EXIT_SAME, text
