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

import gc
import hashlib
import json
import multiprocessing
import multiprocessing.process
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.builder.client import ClientNames, build_client
from generator.builder.project import document_names
from generator.cache import Cache, digest, installed_versions
from generator.change.record import api_record, check_record, looks_like_record
from generator.loader.config import CONFIG_NAME, VendorConfig, load_config
from generator.loader.document import RefPolicy, SpecDocument
from generator.loader.limits import LoadLimits
from generator.model.findings import Finding, GenerationError, Severity
from generator.validator.results_cache import dependencies
from generator.validator.worker import start_validation

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

# Exit statuses, as `diff --help` and the README document them.
EXIT_SAME = 0  # compared; nothing at or above --fail-on (or no --fail-on)
EXIT_CHANGES = 1  # compared; a change at or above --fail-on
EXIT_UNREADABLE = 2  # a side could not be read, or has errors and --lenient was not given

_CACHE_KIND = "api-record"
# How long a forked build may take to cache its record once it has handed it over.
_CACHE_WRITE_S = 10.0
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


def open_side(path: Path, config: VendorConfig | None = None) -> Side:
    """What the user named: a record, or a document, built with ``config`` if given,
    else with the config beside it that names it, if there is one."""
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
    if config is not None:
        side.config = config
        return side
    beside = path.parent / CONFIG_NAME
    if beside.is_file():
        found = load_config(beside, _display(beside))
        if (path.parent / found.spec).resolve() == path.resolve():
            side.config = found
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
    package = Path(__file__).parents[1]  # the generator package, every stage's sources
    for path in sorted(package.rglob("*.py")):
        parts += [path.relative_to(package).as_posix(), path.read_bytes()]
    parts += [f"{n} {v}" for n, v in installed_versions("pyyaml", *VALIDATOR_PACKAGES).items()]
    return digest(*parts)


class Builder:
    """Records of document sides: from the cache, or loaded, validated and built."""

    def __init__(self, store: Cache, options: Options) -> None:
        self.store = store
        self.options = options
        self._generator = _generator_key() if store.root is not None else ""
        self._memo: tuple[Side, ClientNames | None, SpecDocument, dict[str, Any]] | None = None

    def _key(self, side: Side, names: ClientNames | None) -> str:
        config = side.config
        return digest(
            self._generator,
            side.raw,
            str(side.path.resolve()),
            side.display,
            # Where the document is shown differs between the sides; not what is built.
            repr(replace(names, spec_path="") if names is not None else None),
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

    def build(
        self,
        side: Side,
        names: ClientNames | None,
        *,
        remember: bool = True,
        by_names_used: bool = False,
    ) -> tuple[dict[str, Any], list[Finding], ClientNames]:
        """The side's record, the findings that stop the comparison (none if lenient),
        and the names it was built with. Without --lenient the document is validated
        (in a worker, beside the build); with it, findings change nothing and the
        validator is not run."""
        config = side.config
        limits = config.limits if config is not None else self.options.limits
        refs = config.refs if config is not None else self.options.refs
        doc = SpecDocument.open(side.path, side.display, limits, refs)
        pending = None if self.options.lenient else start_validation([doc], self.store)
        try:
            if config is not None:
                used = _config_names(config, doc.root.display)
                client, findings = build_client(
                    doc,
                    used,
                    config.jobs,
                    config.display,
                    with_fake=False,
                    paging=config.pagination,
                )
            else:
                used = replace(names, spec_path=doc.root.display) if names else document_names(doc)
                client, findings = build_client(doc, used, (), None, with_fake=False)
            if pending is not None:
                findings = [*pending.findings()[0], *findings]
        finally:
            if pending is not None:
                pending.close()
        record = api_record(
            client, doc, config.jobs if config else (), config.display if config else None
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
        if self.options.lenient:
            errors = []
        if not errors:
            # The old side is looked up by the names the new side gives it, which are
            # the names it was built with; the new side by the names it was given.
            self._memo = (side, used if by_names_used else names, doc, record)
            if remember:
                self.write_memo()
        return record, errors, used

    def write_memo(self, text: str | None = None) -> None:
        """Cache the record :meth:`build` made last (a forked build does it after
        handing the record over, off the comparison's path, with the ``text`` it handed
        over: the cache entry holds the same JSON)."""
        if self._memo is not None:
            self._remember(*self._memo, text=text)
            self._memo = None

    def build_aside(self, side: Side, names: ClientNames | None) -> _Aside:
        """:meth:`build` in a forked process, so two sides build on two cores."""
        return _Aside(self, side, names)

    def _remember(
        self,
        side: Side,
        names: ClientNames | None,
        doc: SpecDocument,
        record: dict[str, Any],
        *,
        text: str | None = None,
    ) -> None:
        if self.store.root is None:
            return
        files = json.dumps(dependencies(doc), separators=(",", ":"), ensure_ascii=False)
        entry = f'{{"files":{files},"record":{text or record_text(record)}}}'
        self.store.put(_CACHE_KIND, self._key(side, names), entry.encode("utf-8"))


def record_text(record: dict[str, Any]) -> str:
    """A record as compact JSON: a large document's record is megabytes, and this is on
    the cold path (the cache entry, and a forked build's hand-over)."""
    return json.dumps(record, separators=(",", ":"), ensure_ascii=False)


Built = tuple[dict[str, Any], list[Finding], ClientNames]


class _Aside:
    """A build in a forked child; where there is no fork, the build runs at ``result``."""

    def __init__(self, builder: Builder, side: Side, names: ClientNames | None) -> None:
        self._builder, self._side, self._names = builder, side, names
        self._conn: Connection | None = None
        self._process: multiprocessing.process.BaseProcess | None = None
        if sys.platform != "linux":
            return
        try:
            context = multiprocessing.get_context("fork")
            parent, child = context.Pipe(duplex=False)
            self._process = context.Process(target=self._serve, args=(child,), daemon=True)
            self._process.start()
            child.close()
            self._conn = parent
        except OSError:
            self._process = None

    def _serve(self, conn: Connection) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        text: str | None = None
        try:
            record, stops, used = self._builder.build(
                self._side, self._names, remember=False, by_names_used=True
            )
            # Handed over as JSON text: faster to load than a pickle is to unpickle.
            text = record_text(record)
            answer: Any = ("ok", (text, stops, used))
        except GenerationError as exc:
            answer = ("findings", exc.findings)
        except Exception:
            # No traceback from here: the parent builds the side itself and reports.
            answer = None
        conn.send(answer)
        conn.close()
        self._builder.write_memo(text)

    def result(self) -> Built:
        answer: Any = None
        if self._conn is not None:
            try:
                answer = self._conn.recv()
            except (EOFError, OSError):
                answer = None
            self._conn.close()
            self._conn = None
        if answer is not None and answer[0] == "findings":
            raise GenerationError(answer[1])
        if answer is not None:
            text, stops, used = answer[1]
            return json.loads(text), stops, used
        return self._builder.build(self._side, self._names, by_names_used=True)

    def close(self, wait: float = 0.0) -> None:
        """Ends the child: after ``wait`` seconds for it to finish caching its record,
        or at once (an interrupted comparison)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._process is not None:
            self._process.join(timeout=wait)
            if self._process.is_alive():
                self._process.kill()
            self._process.join(timeout=5)
            self._process = None


def records(
    old: Side,
    new: Side,
    store: Cache,
    options: Options,
    *,
    later: list[Callable[[], None]] | None = None,
) -> tuple[Any, Any]:
    """Both sides' records. Raises GenerationError with every finding that stops it.

    With ``later``, what can wait until the report is out (a forked build caching its
    record) is left there to call; otherwise it is done before returning.

    The old side takes the new side's names (one client, two versions): a record's, a
    config's, or those the new document's title gives.
    """
    builder = Builder(store, options)
    new_names = _names_of_record(old.record) if old.record is not None else None
    new_record = new.record or builder.cached(new, new_names)
    old_names: ClientNames | None = None
    if new_record is not None:
        old_names = _names_of_record(new_record)
    elif new.config is not None:
        old_names = _config_names(new.config, old.display)
    elif new_names is not None:
        old_names = new_names
    old_record = old.record or (builder.cached(old, old_names) if old_names else None)
    failures: list[Finding] = []
    if new_record is None:
        aside = builder.build_aside(old, old_names) if old_record is None else None
        try:
            try:
                new_record, stops, used = builder.build(new, new_names)
                failures.extend(stops)
            except GenerationError as exc:
                failures.extend(exc.findings)
                used = None
            if aside is not None and used is not None and old.config is None:
                # Only now are the old side's names known: it may be cached after all.
                found = builder.cached(old, replace(used, spec_path=old.display))
                if found is not None:
                    aside.close()
                    aside, old_record = None, found
            if aside is not None:
                try:
                    old_record, stops, old_used = aside.result()
                    wanted = replace(used, spec_path="") if used is not None else None
                    if (
                        old.config is None
                        and wanted is not None
                        and replace(old_used, spec_path="") != wanted
                    ):
                        # Titles differ: built again with the new side's names.
                        old_record, stops, _ = builder.build(
                            old, replace(wanted, spec_path=old.display), by_names_used=True
                        )
                    failures.extend(stops)
                except GenerationError as exc:
                    failures.extend(exc.findings)
        except BaseException:
            if aside is not None:
                aside.close()
            raise
        if aside is not None:
            if later is None:
                aside.close(wait=_CACHE_WRITE_S)
            else:
                later.append(lambda: aside.close(wait=_CACHE_WRITE_S))
    elif old_record is None:
        try:
            old_record, stops, _ = builder.build(old, old_names, by_names_used=True)
            failures.extend(stops)
        except GenerationError as exc:
            failures.extend(exc.findings)
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
     on stdout, the findings go to stderr with file and line (an internal error,
     reported on stderr, also exits 2)
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
    config_path: Path | None = None,
) -> tuple[int, str]:
    """The exit status and the report to print."""
    # One short run that builds two large object graphs and frees them at exit: the
    # cyclic collector would only rescan them, a tenth of a cold run on OpenAI's
    # document. The forked build inherits this.
    collecting = gc.isenabled()
    gc.disable()
    try:
        config = load_config(config_path, _display(config_path)) if config_path else None
        old, new = open_side(old_path, config), open_side(new_path, config)
        later: list[Callable[[], None]] = []
        try:
            return _report(old, new, store, options, later, fmt, fail_on, no_docs)
        finally:
            for task in later:
                task()
    finally:
        if collecting:
            gc.enable()


def _report(
    old: Side,
    new: Side,
    store: Cache,
    options: Options,
    later: list[Callable[[], None]],
    fmt: str,
    fail_on: str | None,
    no_docs: bool,
) -> tuple[int, str]:
    from generator.change.comparison import compare_records, render_report
    from generator.change.comparison.report import LEVELS, rank

    old_record, new_record = records(old, new, store, options, later=later)
    report = compare_records(old_record, new_record)
    if no_docs:
        report = report.without_docs()
    text = render_report(report, fmt, no_docs=no_docs)  # type: ignore[arg-type]
    highest = report.highest()
    levels = [str(level) for level in LEVELS]
    if fail_on is not None and highest is not None and rank(highest) <= levels.index(fail_on):
        return EXIT_CHANGES, text
    return EXIT_SAME, text
