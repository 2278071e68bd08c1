"""The small config of ours that sits beside each vendor's document (``jobclient.yaml``).

The vendor's document stays exactly as published; everything this project adds lives
here: names, the credential, which operation retrieves a job, where its status is, how
each status maps onto the canonical lifecycle, how an operation pages where the
document's shape cannot say, and findings accepted on purpose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator.loader.config_reader import IDENTIFIER, ConfigReader
from generator.loader.document import DEFAULT_POLICY, FETCHABLE_SCHEMES, RefPolicy
from generator.loader.job_config import JobBinding, read_jobs
from generator.loader.limits import DEFAULT_LIMITS, LoadLimits
from generator.loader.paging_config import PagingOverride, read_pagination
from generator.loader.parse import LoadedFile, load_file
from generator.model.findings import GenerationError, pointer_join
from generator.model.reserved import CONSTRUCTOR_KEYWORDS, PACKAGE_NAMES

CONFIG_NAME = "jobclient.yaml"

_CLASS = re.compile(r"^[A-Z][A-Za-z0-9]*$")
_ENV = re.compile(r"^[A-Z_][A-Z0-9_]*$")


@dataclass(frozen=True, slots=True)
class VendorConfig:
    path: Path
    display: str
    client: str
    module: str
    spec: str
    credential_parameter: str
    credential_env: str
    base_url_env: str
    # The kinds of job, in the config's order; the first is the one ``status_of`` and
    # ``wait_for_job`` serve.
    jobs: tuple[JobBinding, ...]
    accepted_findings: frozenset[str] = field(default_factory=frozenset)
    limits: LoadLimits = DEFAULT_LIMITS
    refs: RefPolicy = DEFAULT_POLICY
    source: LoadedFile | None = None
    # Where the vendor publishes its document (`source:`), for `python -m generator update`.
    source_url: str | None = None
    # `pagination:`: what the config states of operations' paging, by operationId.
    pagination: dict[str, PagingOverride] = field(default_factory=dict)

    def line(self, pointer: str) -> int | None:
        return self.source.line_of(pointer) if self.source else None

    @property
    def job(self) -> JobBinding | None:
        """The first kind of job, which ``status_of`` and ``wait_for_job`` serve."""
        return self.jobs[0] if self.jobs else None


def load_config(path: Path, display: str) -> VendorConfig:
    loaded = load_file(path, display)
    data = loaded.data
    reader = ConfigReader(loaded)
    if not isinstance(data, dict):
        reader.fail("", "the config must be a mapping; see specs/finch/jobclient.yaml.")
        raise GenerationError(reader.findings)
    known = {
        "client",
        "module",
        "spec",
        "credential",
        "base_url_env",
        "job",
        "jobs",
        "accepted_findings",
        "limits",
        "refs",
        "source",
        "pagination",
    }
    for key in data:
        if key not in known:
            reader.fail(f"/{key}", f"unknown key `{key}`; the known keys are {sorted(known)}.")
    client = reader.string(data, "", "client", _CLASS)
    module = reader.string(data, "", "module", IDENTIFIER)
    reader.not_reserved(data, "", "module", PACKAGE_NAMES)
    spec = _read_spec(reader, data.get("spec", "openapi.yaml"))
    credential = data.get("credential", {})
    cred_param = reader.string(credential, "/credential", "parameter", IDENTIFIER)
    reader.not_reserved(credential, "/credential", "parameter", CONSTRUCTOR_KEYWORDS)
    cred_env = reader.string(credential, "/credential", "env", _ENV)
    base_env = reader.string(data, "", "base_url_env", _ENV)
    jobs = read_jobs(reader, data)
    accepted = data.get("accepted_findings", []) or []
    if not isinstance(accepted, list) or not all(isinstance(a, str) for a in accepted):
        reader.fail("/accepted_findings", "`accepted_findings` must be a list of strings.")
        accepted = []
    limits = _read_limits(reader, data.get("limits"))
    refs = _read_refs(reader, data.get("refs"), path.parent)
    if "/" in spec:
        # The entry document sits in a subfolder (Finch's management/openapi.yaml) and
        # its $refs reach its siblings (../employer/...): the vendor's folder is the tree.
        refs = RefPolicy((*refs.folders, path.parent.resolve()), refs.url_prefixes, refs.timeout)
    source_url = _read_source(reader, data.get("source"))
    pagination = read_pagination(reader, data.get("pagination"))
    if reader.findings:
        raise GenerationError(reader.findings)
    return VendorConfig(
        path=path,
        display=display,
        client=client,
        module=module,
        spec=spec,
        credential_parameter=cred_param,
        credential_env=cred_env,
        base_url_env=base_env,
        jobs=jobs,
        accepted_findings=frozenset(accepted),
        limits=limits,
        refs=refs,
        source=loaded,
        source_url=source_url,
        pagination=pagination,
    )


def _read_spec(reader: ConfigReader, raw: Any) -> str:
    """``spec:``: the vendor's entry document, a relative path inside this folder."""
    parts = raw.split("/") if isinstance(raw, str) else []
    if (
        not parts
        or raw.startswith("/")
        or "\\" in raw
        or any(part in ("", ".", "..") for part in parts)
    ):
        reader.fail(
            "/spec",
            "`spec` must be the vendor's document as a path inside this folder, like "
            "openapi.yaml or management/openapi.yaml (no '..', not absolute).",
        )
        return "openapi.yaml"
    return str(raw)


def _read_source(reader: ConfigReader, raw: Any) -> str | None:
    """``source:``: the http(s) URL the vendor publishes its document at, if it does."""
    if raw is None:
        return None
    parts = urlsplit(raw) if isinstance(raw, str) else None
    if parts is None or parts.scheme not in FETCHABLE_SCHEMES or not parts.hostname:
        reader.fail(
            "/source",
            "`source` must be the http(s) URL the vendor publishes its document at, like "
            "'https://platform.unstructuredapp.io/openapi.json'; leave it out if there is none.",
        )
        return None
    return str(raw)


def _read_limits(reader: ConfigReader, raw: Any) -> LoadLimits:
    if raw is None:
        return LoadLimits()
    if not isinstance(raw, dict):
        reader.fail("/limits", "`limits` must be a mapping of max_bytes, max_depth, max_nodes.")
        return LoadLimits()
    values: dict[str, int] = {}
    for key, value in raw.items():
        if key not in ("max_bytes", "max_depth", "max_nodes"):
            reader.fail(f"/limits/{key}", f"unknown limit `{key}`.")
        elif not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            reader.fail(f"/limits/{key}", f"`{key}` must be a positive whole number.")
        else:
            values[key] = value
    return LoadLimits(**values)


def _read_refs(reader: ConfigReader, raw: Any, folder: Path) -> RefPolicy:
    """``refs: {allow_folders: [...], allow_urls: [...]}``: where else a $ref may read.

    Folders are relative to this config's folder; URLs are prefixes (scheme, host and
    path) of what may be fetched. Both default to nothing.
    """
    if raw is None:
        return DEFAULT_POLICY
    if not isinstance(raw, dict):
        reader.fail("/refs", "`refs` must be a mapping of allow_folders and allow_urls.")
        return DEFAULT_POLICY
    folders: list[Path] = []
    prefixes: list[str] = []
    for key, value in raw.items():
        where = pointer_join("/refs", str(key))
        if key not in ("allow_folders", "allow_urls"):
            reader.fail(where, f"unknown key `{key}`; use allow_folders or allow_urls.")
        elif not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            reader.fail(where, f"`refs.{key}` must be a list of strings.")
        elif key == "allow_folders":
            for index, entry in enumerate(value):
                resolved = (folder / entry).resolve()
                if not resolved.is_dir():
                    reader.fail(pointer_join(where, index), f"{entry!r} is not a folder.")
                folders.append(resolved)
        else:
            for index, entry in enumerate(value):
                parts = urlsplit(entry)
                if parts.scheme not in FETCHABLE_SCHEMES or not parts.netloc:
                    reader.fail(
                        pointer_join(where, index),
                        f"{entry!r} is not an http(s) URL prefix like "
                        "'https://schemas.example.com/v1/'.",
                    )
                prefixes.append(entry)
    return RefPolicy(tuple(folders), tuple(prefixes))
