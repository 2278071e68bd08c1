"""From spec folders to a package model: load -> validate -> build, collecting findings.

Strict mode (the project's own ``specs/``): any finding the config has not accepted stops
generation. A single document with no config (a user trying one) returns its findings
with the package; the CLI stops on errors unless asked to be lenient.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.builder.client import ClientNames, build_client
from generator.cache import NO_CACHE, Cache
from generator.loader.config import CONFIG_NAME, VendorConfig, load_config
from generator.loader.document import DEFAULT_POLICY, RefPolicy, SpecDocument
from generator.loader.limits import DEFAULT_LIMITS, LoadLimits
from generator.model.api import Client, Package
from generator.model.findings import Finding, GenerationError, Severity
from generator.model.names import make_safe, pascal, snake, upper_snake
from generator.model.reserved import PACKAGE_NAMES
from generator.validator.worker import ValidatorProcess, start_validation

PACKAGE_NAME = "jobclients"
PACKAGE_VERSION = "0.1.0"
# Characters of a module (a folder) named after a document's title.
_MAX_MODULE_NAME = 64


@dataclass
class VendorResult:
    client: Client
    findings: list[Finding] = field(default_factory=list)
    accepted: list[Finding] = field(default_factory=list)


def _display(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def discover(specs_dir: Path) -> list[Path]:
    """Vendor folders: every folder under specs/ that has a config."""
    return sorted(p.parent for p in specs_dir.glob(f"*/{CONFIG_NAME}"))


def _accepts(config: VendorConfig, finding: Finding) -> bool:
    pointer = finding.pointer
    return (
        finding.code in config.accepted_findings
        or f"{finding.code}@{pointer}" in config.accepted_findings
        or f"{finding.code}@#{pointer}" in config.accepted_findings
    )


@dataclass
class _Opened:
    """A vendor whose config and document have loaded; validation may still be running."""

    config: VendorConfig
    doc: SpecDocument
    client: Client
    built: list[Finding]


def _open_vendor(folder: Path, root: Path) -> tuple[VendorConfig, SpecDocument]:
    config_path = folder / CONFIG_NAME
    config = load_config(config_path, _display(config_path, root))
    spec_path = folder / config.spec
    doc = SpecDocument.open(spec_path, _display(spec_path, root), config.limits, config.refs)
    return config, doc


def _build_vendor(config: VendorConfig, doc: SpecDocument, root: Path) -> _Opened:
    names = ClientNames(
        module=config.module,
        client=config.client,
        credential_parameter=config.credential_parameter,
        credential_env=config.credential_env,
        base_url_env=config.base_url_env,
        spec_path=_display(doc.root.path, root),
    )
    client, built = build_client(doc, names, config.jobs, config.display, paging=config.pagination)
    return _Opened(config, doc, client, built)


def build_vendor(config: VendorConfig, doc: SpecDocument, root: Path) -> Client:
    """One vendor's client from a document already open, its findings left unjudged."""
    return _build_vendor(config, doc, root).client


def check_vendor(config: VendorConfig, doc: SpecDocument, root: Path) -> Client:
    """One vendor's client from a document already open (``update`` checks a fetched one),
    validated and judged as ``make generate`` judges it: unaccepted findings raise."""
    from generator.validator.validate import validate_document

    return _judge(_build_vendor(config, doc, root), validate_document(doc)).client


def _judge(opened: _Opened, validated: list[Finding]) -> VendorResult:
    """Strictly: findings the config has not accepted raise GenerationError."""
    findings = [*validated, *opened.built]
    blocking = [f for f in findings if not _accepts(opened.config, f)]
    accepted = [f for f in findings if _accepts(opened.config, f)]
    if blocking:
        raise GenerationError(blocking)
    return VendorResult(opened.client, [], accepted)


def load_vendor(folder: Path, root: Path, store: Cache = NO_CACHE) -> VendorResult:
    """One vendor folder, strictly: unaccepted findings raise GenerationError."""
    config, doc = _open_vendor(folder, root)
    pending = start_validation([doc], store)
    try:
        opened = _build_vendor(config, doc, root)
        return _judge(opened, pending.findings()[0])
    finally:
        pending.close()


class PackageJob:
    """Every vendor under specs/ built, their validation possibly still running.

    The package can be rendered and formatted while the worker validates; ``finish``
    then waits for it and raises GenerationError with every finding of every vendor
    that stops generation (all are gathered before failing).
    """

    def __init__(
        self,
        specs_dir: Path,
        root: Path,
        store: Cache,
        worker: ValidatorProcess | None = None,
        version: str = PACKAGE_VERSION,
    ) -> None:
        self._failures: list[Finding] = []
        opened: list[tuple[VendorConfig, SpecDocument]] = []
        folders = discover(specs_dir)
        if not folders:
            raise GenerationError(
                [
                    Finding(
                        Severity.ERROR,
                        "no-specs",
                        _display(specs_dir, root),
                        None,
                        "",
                        f"no vendor folder with a {CONFIG_NAME} was found.",
                    )
                ]
            )
        for folder in folders:
            try:
                opened.append(_open_vendor(folder, root))
            except GenerationError as exc:
                self._failures.extend(exc.findings)
        self._pending = start_validation([doc for _, doc in opened], store, worker=worker)
        self._built: list[_Opened | None] = []
        try:
            for config, doc in opened:
                try:
                    self._built.append(_build_vendor(config, doc, root))
                except GenerationError as exc:
                    self._failures.extend(exc.findings)
                    self._built.append(None)
        except BaseException:
            self._pending.close()
            raise
        clients = [b.client for b in self._built if b is not None]
        modules = [c.module for c in clients]
        for module in sorted({m for m in modules if modules.count(m) > 1}):
            self._failures.append(
                Finding(
                    Severity.ERROR,
                    "config",
                    _display(specs_dir, root),
                    None,
                    "",
                    f"two vendors use the module name {module!r}; rename one.",
                )
            )
        ordered = tuple(sorted(clients, key=lambda c: str(c.module)))
        self.package = Package(PACKAGE_NAME, version, ordered)

    @property
    def built(self) -> list[tuple[VendorConfig, SpecDocument, Client]]:
        """Every vendor that built: its config, its document and its client."""
        return [(b.config, b.doc, b.client) for b in self._built if b is not None]

    @property
    def doomed(self) -> bool:
        """Already known to fail (a config, load or build error): rendering is moot."""
        return bool(self._failures)

    def finish(self) -> list[VendorResult]:
        failures = list(self._failures)
        results: list[VendorResult] = []
        try:
            validated = self._pending.findings()
        finally:
            self._pending.close()
        for opened, found in zip(self._built, validated, strict=True):
            if opened is None:
                continue
            try:
                results.append(_judge(opened, found))
            except GenerationError as exc:
                failures.extend(exc.findings)
        if failures:
            raise GenerationError(failures)
        return results

    def close(self) -> None:
        self._pending.close()


def build_package(
    specs_dir: Path, root: Path, store: Cache = NO_CACHE
) -> tuple[Package, list[VendorResult]]:
    """Every vendor under specs/; all their findings are gathered before failing."""
    job = PackageJob(specs_dir, root, store)
    try:
        return job.package, job.finish()
    finally:
        job.close()


def document_names(doc: SpecDocument, name: str | None = None) -> ClientNames:
    """The names a document with no config of ours gets: from ``name``, else its title."""
    info = doc.data.get("info") if isinstance(doc.data, dict) else None
    title = name or (
        str(info.get("title"))
        if isinstance(info, dict) and info.get("title")
        else doc.root.path.stem
    )
    client_name = pascal(title, fallback="Api")
    # A title such as "class" or "print" must not become the module's name as it is, and
    # a title of a thousand characters must not become a folder name the OS refuses.
    short = snake(name or title, fallback="api")[:_MAX_MODULE_NAME].rstrip("_") or "api"
    module = make_safe(short, avoid_builtins=True)
    while module in PACKAGE_NAMES:
        module += "_"
    prefix = upper_snake(title, fallback="API")
    return ClientNames(
        module=module,
        client=client_name,
        credential_parameter="api_key",
        credential_env=f"{prefix}_API_KEY",
        base_url_env=f"{prefix}_BASE_URL",
        spec_path=doc.root.display,
    )


class SingleJob:
    """One document with no config of ours: its findings are returned for the caller to
    weigh (the CLI stops on errors unless asked to be lenient)."""

    def __init__(
        self,
        spec: Path,
        name: str | None,
        root: Path,
        store: Cache,
        worker: ValidatorProcess | None = None,
        *,
        limits: LoadLimits = DEFAULT_LIMITS,
        refs: RefPolicy = DEFAULT_POLICY,
    ) -> None:
        display = _display(spec, root)
        doc = SpecDocument.open(spec, display, limits, refs)
        self._pending = start_validation([doc], store, worker=worker)
        try:
            names = document_names(doc, name)
            client, self._built = build_client(doc, names, (), None)
        except BaseException:
            self._pending.close()
            raise
        self.package = Package(names.module, PACKAGE_VERSION, (client,))

    def finish(self) -> list[Finding]:
        try:
            return [*self._pending.findings()[0], *self._built]
        finally:
            self._pending.close()

    def close(self) -> None:
        self._pending.close()


def build_single(
    spec: Path,
    name: str | None,
    root: Path,
    store: Cache = NO_CACHE,
    *,
    limits: LoadLimits = DEFAULT_LIMITS,
    refs: RefPolicy = DEFAULT_POLICY,
) -> tuple[Package, list[Finding]]:
    """One document with no config of ours: findings are returned for the caller to weigh."""
    job = SingleJob(spec, name, root, store, limits=limits, refs=refs)
    try:
        return job.package, job.finish()
    finally:
        job.close()
