"""From spec folders to a package model: load -> validate -> build, collecting findings.

Strict mode (the project's own ``specs/``): any finding the config has not accepted stops
generation. A single document with no config (a user trying one) returns its findings
with the package; the CLI stops on errors unless asked to be lenient.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.build import ClientNames, build_client
from generator.config import CONFIG_NAME, VendorConfig, load_config
from generator.document import DEFAULT_POLICY, RefPolicy, SpecDocument
from generator.findings import Finding, GenerationError, Severity
from generator.loader import DEFAULT_LIMITS, LoadLimits
from generator.model import Client, Package
from generator.names import make_safe, pascal, snake, upper_snake
from generator.validate import validate_document

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


def load_vendor(folder: Path, root: Path) -> VendorResult:
    """One vendor folder, strictly: unaccepted findings raise GenerationError."""
    config_path = folder / CONFIG_NAME
    config = load_config(config_path, _display(config_path, root))
    spec_path = folder / config.spec
    doc = SpecDocument.open(spec_path, _display(spec_path, root), config.limits, config.refs)
    findings = validate_document(doc)
    names = ClientNames(
        module=config.module,
        client=config.client,
        credential_parameter=config.credential_parameter,
        credential_env=config.credential_env,
        base_url_env=config.base_url_env,
        spec_path=_display(spec_path, root),
    )
    client, built = build_client(doc, names, config.job, config.display)
    findings.extend(built)
    blocking = [f for f in findings if not _accepts(config, f)]
    accepted = [f for f in findings if _accepts(config, f)]
    if blocking:
        raise GenerationError(blocking)
    return VendorResult(client, [], accepted)


def build_package(specs_dir: Path, root: Path) -> tuple[Package, list[VendorResult]]:
    """Every vendor under specs/; all their findings are gathered before failing."""
    results: list[VendorResult] = []
    failures: list[Finding] = []
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
            results.append(load_vendor(folder, root))
        except GenerationError as exc:
            failures.extend(exc.findings)
    modules = [r.client.module for r in results]
    for module in {m for m in modules if modules.count(m) > 1}:
        failures.append(
            Finding(
                Severity.ERROR,
                "config",
                _display(specs_dir, root),
                None,
                "",
                f"two vendors use the module name {module!r}; rename one.",
            )
        )
    if failures:
        raise GenerationError(failures)
    clients = tuple(sorted((r.client for r in results), key=lambda c: str(c.module)))
    return Package(PACKAGE_NAME, PACKAGE_VERSION, clients), results


def build_single(
    spec: Path,
    name: str | None,
    root: Path,
    limits: LoadLimits = DEFAULT_LIMITS,
    refs: RefPolicy = DEFAULT_POLICY,
) -> tuple[Package, list[Finding]]:
    """One document with no config of ours: findings are returned for the caller to weigh."""
    display = _display(spec, root)
    doc = SpecDocument.open(spec, display, limits, refs)
    findings = validate_document(doc)
    info = doc.data.get("info") if isinstance(doc.data, dict) else None
    title = name or (
        str(info.get("title")) if isinstance(info, dict) and info.get("title") else spec.stem
    )
    client_name = pascal(title, fallback="Api")
    # A title such as "class" or "print" must not become the module's name as it is, and
    # a title of a thousand characters must not become a folder name the OS refuses.
    short = snake(name or title, fallback="api")[:_MAX_MODULE_NAME].rstrip("_") or "api"
    module = make_safe(short, avoid_builtins=True)
    prefix = upper_snake(title, fallback="API")
    names = ClientNames(
        module=module,
        client=client_name,
        credential_parameter="api_key",
        credential_env=f"{prefix}_API_KEY",
        base_url_env=f"{prefix}_BASE_URL",
        spec_path=display,
    )
    client, built = build_client(doc, names, None, None)
    findings.extend(built)
    package_name = module
    return Package(package_name, PACKAGE_VERSION, (client,)), findings
