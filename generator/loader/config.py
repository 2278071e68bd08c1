"""The small config of ours that sits beside each vendor's document (``jobclient.yaml``).

The vendor's document stays exactly as published; everything this project adds lives
here: names, the credential, which operation retrieves a job, where its status is, how
each status maps onto the canonical lifecycle, how an operation pages where the
document's shape cannot say, and findings accepted on purpose.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from generator.loader.document import DEFAULT_POLICY, FETCHABLE_SCHEMES, RefPolicy
from generator.loader.limits import DEFAULT_LIMITS, LoadLimits
from generator.loader.parse import LoadedFile, load_file
from generator.model.findings import Finding, GenerationError, Severity, pointer_join
from generator.model.reserved import CONSTRUCTOR_KEYWORDS, OPERATION_NAMES, PACKAGE_NAMES

CANONICAL_STATUSES = ("QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED", "UNKNOWN")
PAGING_STYLES = ("offset", "page", "cursor", "next_url", "link_header")
# The keys of one operation's `pagination:` entry whose values are response field paths.
PAGING_PATHS = ("items", "next", "from_item", "has_more", "total")
CONFIG_NAME = "jobclient.yaml"

_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")
_CLASS = re.compile(r"^[A-Z][A-Za-z0-9]*$")
_ENV = re.compile(r"^[A-Z_][A-Z0-9_]*$")


JobRole = Literal["start", "list", "cancel", "retry", "result"]


@dataclass(frozen=True, slots=True)
class BoundCall:
    """An operation a kind of job binds besides its retrieval: start, list, cancel,
    retry or result. Names and pointers are as written; the builder checks them."""

    role: JobRole
    operation: str  # operationId
    method: str | None  # the Python name it gets, when the config names one
    pointer: str  # where it is written in the config: /jobs/automated/start/0
    # start: a JSON pointer into its response body to the job's id (``/job_id``), and
    # the other fields later calls need, by the name a handle keeps them under.
    id: str | None = None
    keep: tuple[tuple[str, str], ...] = ()
    # cancel, retry, result: (parameter, source) for the parameters the job fills; a
    # source is "id" or a kept field's name.
    params: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class JobBinding:
    """One kind of job: which operation retrieves it, how to read its lifecycle, and the
    operations that start, list, cancel, retry it and get its result."""

    operation: str
    method: str
    status_pointer: str
    statuses: dict[str, str]
    # Where in the config each status entry sits, so a finding about it can point there.
    status_lines: dict[str, int | None]
    line: int | None
    # The kind's name (``job`` for a config's single ``job:``) and where it is written.
    kind: str = "job"
    pointer: str = "/job"
    starts: tuple[BoundCall, ...] = ()
    list: BoundCall | None = None
    cancel: BoundCall | None = None
    retry: BoundCall | None = None
    result: BoundCall | None = None
    # result: a JSON pointer into the finished job's body, when no operation fetches it.
    result_field: str | None = None
    # The config's line of every pointer read for this kind, for findings.
    lines: dict[str, int | None] = field(default_factory=dict)

    @property
    def calls(self) -> tuple[BoundCall, ...]:
        """Every bound operation besides the retrieval, starts first."""
        single = (self.list, self.cancel, self.retry, self.result)
        return (*self.starts, *(c for c in single if c is not None))

    def line_of(self, pointer: str) -> int | None:
        """The config's line for a pointer inside this kind (else the kind's own)."""
        while pointer and pointer not in self.lines:
            pointer = pointer.rpartition("/")[0]
        return self.lines.get(pointer, self.line)


@dataclass(frozen=True, slots=True)
class PagingOverride:
    """What the config says of one operation's pagination (``pagination:`` by operationId).

    ``enabled`` false: the operation is never paginated, whatever its shape says. Else the
    style and its parameters (wire names) and response fields (paths of wire names, the
    builder checks them against the operation and turns them into Python names).
    """

    operation: str
    enabled: bool
    style: str = ""
    param: str | None = None
    size: str | None = None
    items: tuple[str, ...] = ()
    next: tuple[str, ...] | None = None
    from_item: tuple[str, ...] | None = None
    has_more: tuple[str, ...] | None = None
    total: tuple[str, ...] | None = None
    total_is_pages: bool = False
    # Where in the config the entry ("") and each of its keys sit, for findings.
    lines: dict[str, int | None] = field(default_factory=dict)

    @property
    def pointer(self) -> str:
        return pointer_join("/pagination", self.operation)


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


class _Reader:
    """Pulls typed values out of the parsed YAML, collecting findings instead of raising."""

    def __init__(self, loaded: LoadedFile) -> None:
        self.loaded = loaded
        self.findings: list[Finding] = []

    def fail(self, pointer: str, message: str) -> None:
        self.findings.append(
            Finding(
                Severity.ERROR,
                "config",
                self.loaded.display,
                self.loaded.line_of(pointer),
                pointer,
                message,
            )
        )

    def string(self, mapping: Any, pointer: str, key: str, pattern: re.Pattern[str]) -> str:
        value = mapping.get(key) if isinstance(mapping, dict) else None
        where = pointer_join(pointer, key)
        if not isinstance(value, str):
            self.fail(where, f"`{key}` is required and must be a string.")
            return ""
        if not pattern.match(value):
            self.fail(where, f"`{key}` is {value!r}; it must match {pattern.pattern}.")
        return value

    def not_reserved(self, mapping: Any, pointer: str, key: str, names: frozenset[str]) -> None:
        """The generated code already uses this name where the value would go."""
        value = mapping.get(key) if isinstance(mapping, dict) else None
        if value in names:
            self.fail(
                pointer_join(pointer, key),
                f"`{key}` is {value!r}, a name the generated code already uses there; "
                "choose another.",
            )


def load_config(path: Path, display: str) -> VendorConfig:
    loaded = load_file(path, display)
    data = loaded.data
    reader = _Reader(loaded)
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
    module = reader.string(data, "", "module", _IDENTIFIER)
    reader.not_reserved(data, "", "module", PACKAGE_NAMES)
    spec = _read_spec(reader, data.get("spec", "openapi.yaml"))
    credential = data.get("credential", {})
    cred_param = reader.string(credential, "/credential", "parameter", _IDENTIFIER)
    reader.not_reserved(credential, "/credential", "parameter", CONSTRUCTOR_KEYWORDS)
    cred_env = reader.string(credential, "/credential", "env", _ENV)
    base_env = reader.string(data, "", "base_url_env", _ENV)
    jobs = _read_jobs(reader, data)
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
    pagination = _read_pagination(reader, data.get("pagination"))
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


def _read_spec(reader: _Reader, raw: Any) -> str:
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


def _read_source(reader: _Reader, raw: Any) -> str | None:
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


def _read_jobs(reader: _Reader, data: dict[str, Any]) -> tuple[JobBinding, ...]:
    """``job:`` (one kind, named ``job``) or ``jobs:`` (kinds by name), not both."""
    single, kinds = data.get("job"), data.get("jobs")
    if single is not None and kinds is not None:
        reader.fail("/jobs", "write `job:` (one kind of job) or `jobs:` (several), not both.")
        return ()
    if single is not None:
        found = _read_job(reader, single, "/job", "job")
        return (found,) if found is not None else ()
    if kinds is None:
        return ()
    if not isinstance(kinds, dict) or not kinds:
        reader.fail("/jobs", "`jobs` must map each kind of job's name to its binding.")
        return ()
    bound: list[JobBinding] = []
    for name, kind in kinds.items():
        where = pointer_join("/jobs", str(name))
        if not isinstance(name, str) or not _IDENTIFIER.match(name):
            reader.fail(where, f"the kind {name!r} must be a name like `automated`.")
            continue
        found = _read_job(reader, kind, where, name)
        if found is not None:
            bound.append(found)
    return tuple(bound)


def _read_job(reader: _Reader, job: Any, at: str, kind: str) -> JobBinding | None:
    lines: dict[str, int | None] = {}

    def place(pointer: str) -> str:
        lines[pointer] = reader.loaded.line_of(pointer)
        return pointer

    if not isinstance(job, dict):
        reader.fail(at, "a job binding must be a mapping with operation, method, status, statuses.")
        return None
    known = {"operation", "method", "status", "statuses", *_ROLES}
    for key in job:
        if key not in known:
            reader.fail(
                pointer_join(at, str(key)),
                f"unknown key `{key}`; the known keys are {sorted(known)}.",
            )
    operation = job.get("operation")
    if not isinstance(operation, str) or not operation:
        reader.fail(
            place(f"{at}/operation"), "`operation` must name the operationId that gets a job."
        )
        operation = ""
    place(f"{at}/operation")
    method = reader.string(job, at, "method", _IDENTIFIER)
    reader.not_reserved(job, at, "method", OPERATION_NAMES)
    status = job.get("status")
    if not isinstance(status, str) or not status.startswith("#/"):
        reader.fail(
            place(f"{at}/status"), "`status` must be a JSON pointer like '#/components/...'."
        )
        status = ""
    place(f"{at}/status")
    raw = job.get("statuses")
    statuses: dict[str, str] = {}
    status_lines: dict[str, int | None] = {}
    if not isinstance(raw, dict) or not raw:
        reader.fail(
            f"{at}/statuses",
            f"`statuses` must map each vendor status to one of {', '.join(CANONICAL_STATUSES)}.",
        )
    else:
        for value, canonical in raw.items():
            where = pointer_join(f"{at}/statuses", str(value))
            status_lines[str(value)] = reader.loaded.line_of(where)
            if canonical not in CANONICAL_STATUSES:
                reader.fail(
                    where,
                    f"{value!r} maps to {canonical!r}, which is not a canonical status; "
                    f"use one of {', '.join(CANONICAL_STATUSES)}.",
                )
                continue
            statuses[str(value)] = str(canonical)
    starts = _read_starts(reader, job.get("start"), f"{at}/start", place)
    single = {
        role: _read_call(reader, job.get(role), f"{at}/{role}", role, place)
        for role in ("list", "cancel", "retry")
    }
    result, result_field = _read_result(reader, job.get("result"), f"{at}/result", place)
    return JobBinding(
        operation=operation,
        method=method,
        status_pointer=status,
        statuses=statuses,
        status_lines=status_lines,
        line=reader.loaded.line_of(at),
        kind=kind,
        pointer=at,
        starts=starts,
        list=single["list"],
        cancel=single["cancel"],
        retry=single["retry"],
        result=result,
        result_field=result_field,
        lines=lines,
    )


_ROLES = ("start", "list", "cancel", "retry", "result")
# A pointer into a response body: /job_id, /data/id.
_BODY_POINTER = re.compile(r"^(/[^/]+)+$")


def _read_starts(
    reader: _Reader, raw: Any, at: str, place: Callable[[str], str]
) -> tuple[BoundCall, ...]:
    """``start:`` one binding or a list of them (Symbl starts a job four ways)."""
    if raw is None:
        return ()
    entries = raw if isinstance(raw, list) else [raw]
    starts: list[BoundCall] = []
    for index, entry in enumerate(entries):
        where = pointer_join(at, index) if isinstance(raw, list) else at
        call = _read_call(reader, entry, where, "start", place)
        if call is not None:
            starts.append(call)
    return tuple(starts)


def _read_call(
    reader: _Reader, raw: Any, at: str, role: JobRole, place: Callable[[str], str]
) -> BoundCall | None:
    if raw is None:
        return None
    if isinstance(raw, str):
        raw = {"operation": raw}
    if not isinstance(raw, dict):
        reader.fail(at, f"`{role}` must be an operationId or a mapping with `operation`.")
        return None
    allowed = {"operation", "method"} | ({"id", "keep"} if role == "start" else {"params"})
    for key in raw:
        if key not in allowed:
            reader.fail(
                pointer_join(at, str(key)),
                f"unknown key `{key}` for {role}; the known keys are {sorted(allowed)}.",
            )
    operation = raw.get("operation")
    if not isinstance(operation, str) or not operation:
        reader.fail(place(f"{at}/operation"), f"`{role}.operation` must name an operationId.")
        return None
    place(at)
    place(f"{at}/operation")
    method = raw.get("method")
    if method is not None:
        method = reader.string(raw, place(at), "method", _IDENTIFIER)
        place(f"{at}/method")
        reader.not_reserved(raw, at, "method", OPERATION_NAMES)
    job_id: str | None = None
    keep: list[tuple[str, str]] = []
    if role == "start":
        job_id = raw.get("id")
        if not isinstance(job_id, str) or not _BODY_POINTER.match(job_id):
            reader.fail(
                place(f"{at}/id"),
                "`start.id` must be a JSON pointer into the start response's body to the "
                "job's id, like '/job_id'.",
            )
            job_id = None
        place(f"{at}/id")
        kept = raw.get("keep", {})
        if not isinstance(kept, dict):
            reader.fail(place(f"{at}/keep"), "`keep` must map names to JSON pointers.")
            kept = {}
        for name, pointer in kept.items():
            where = place(pointer_join(f"{at}/keep", str(name)))
            if not isinstance(name, str) or not _IDENTIFIER.match(name) or name == "id":
                reader.fail(where, f"{name!r} must be a name like `conversation_id` (not `id`).")
            elif not isinstance(pointer, str) or not _BODY_POINTER.match(pointer):
                reader.fail(where, f"`keep.{name}` must be a JSON pointer like '/conversationId'.")
            else:
                keep.append((name, pointer))
    params = _read_params(reader, raw.get("params"), f"{at}/params", place)
    return BoundCall(role, operation, method, at, job_id, tuple(keep), params)


def _read_params(
    reader: _Reader, raw: Any, at: str, place: Callable[[str], str]
) -> tuple[tuple[str, str], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        reader.fail(place(at), "`params` must map parameter names to `id` or a kept field.")
        return ()
    found: list[tuple[str, str]] = []
    for name, source in raw.items():
        where = place(pointer_join(at, str(name)))
        if not isinstance(source, str) or not (source == "id" or _IDENTIFIER.match(source)):
            reader.fail(where, f"`params.{name}` must be `id` or the name of a kept field.")
            continue
        found.append((str(name), source))
    return tuple(found)


def _read_result(
    reader: _Reader, raw: Any, at: str, place: Callable[[str], str]
) -> tuple[BoundCall | None, str | None]:
    """``result:`` an operation (with the job fields that fill its parameters), or
    ``{field: /result}``, a pointer into the finished job's body."""
    if isinstance(raw, dict) and "field" in raw:
        field_pointer = raw.get("field")
        if (
            len(raw) != 1
            or not isinstance(field_pointer, str)
            or not _BODY_POINTER.match(field_pointer)
        ):
            reader.fail(
                place(f"{at}/field"),
                "`result.field` must be the only key, a JSON pointer into the job's body "
                "like '/result'.",
            )
            return None, None
        place(f"{at}/field")
        return None, field_pointer
    return _read_call(reader, raw, at, "result", place), None


def _read_pagination(reader: _Reader, raw: Any) -> dict[str, PagingOverride]:
    """``pagination: {<operationId>: false | {style, param, size, items, next, ...}}``.

    Only the entry's own shape is checked here; whether the operation has the parameter
    or the field it names is the builder's finding, which knows the operation.
    """
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        reader.fail(
            "/pagination",
            "`pagination` must map operationIds to `false` or to a mapping with style, "
            "param, size, items, next, from_item, has_more, total.",
        )
        return {}
    found: dict[str, PagingOverride] = {}
    for operation, entry in raw.items():
        override = _read_paging_entry(reader, str(operation), entry)
        if override is not None:
            found[str(operation)] = override
    return found


_PAGING_KEYS = ("style", "param", "size", *PAGING_PATHS, "total_is_pages")


def _read_paging_entry(reader: _Reader, operation: str, entry: Any) -> PagingOverride | None:
    where = pointer_join("/pagination", operation)
    lines = {"": reader.loaded.line_of(where)}
    if entry is False:
        return PagingOverride(operation, enabled=False, lines=lines)
    if not isinstance(entry, dict):
        reader.fail(
            where,
            f"`pagination.{operation}` must be `false` (never paginated) or a mapping "
            "with style and the parameters and fields it uses.",
        )
        return None
    before = len(reader.findings)
    for key in entry:
        lines[str(key)] = reader.loaded.line_of(pointer_join(where, str(key)))
        if key not in _PAGING_KEYS:
            reader.fail(
                pointer_join(where, str(key)),
                f"unknown key `{key}`; the known keys are {', '.join(_PAGING_KEYS)}.",
            )
    style = entry.get("style")
    if style not in PAGING_STYLES:
        reader.fail(
            pointer_join(where, "style"),
            f"`style` is {style!r}; it must be one of {', '.join(PAGING_STYLES)}.",
        )
        style = ""
    names: dict[str, str | None] = {}
    for key in ("param", "size"):
        value = entry.get(key)
        if value is not None and (not isinstance(value, str) or not value):
            reader.fail(pointer_join(where, key), f"`{key}` must name a query parameter.")
            value = None
        names[key] = value
    paths: dict[str, tuple[str, ...] | None] = {}
    for key in PAGING_PATHS:
        paths[key] = _paging_path(reader, pointer_join(where, key), key, entry.get(key))
    total_is_pages = entry.get("total_is_pages", False)
    if not isinstance(total_is_pages, bool):
        reader.fail(
            pointer_join(where, "total_is_pages"), "`total_is_pages` must be true or false."
        )
        total_is_pages = False
    if style in ("offset", "page", "cursor") and names["param"] is None:
        reader.fail(where, f"a {style} paging needs `param`: the query parameter it moves.")
    if style in ("next_url", "link_header") and names["param"] is not None:
        reader.fail(
            pointer_join(where, "param"),
            f"a {style} paging follows the address the server gives; it takes no `param`.",
        )
    if style == "cursor" and (paths["next"] is None) == (paths["from_item"] is None):
        reader.fail(
            where,
            "a cursor paging needs one of `next` (the field holding the next cursor) or "
            "`from_item` (the field of the last item sent back as the cursor).",
        )
    if style == "next_url" and paths["next"] is None:
        reader.fail(where, "a next_url paging needs `next`: the field holding the next URL.")
    if len(reader.findings) > before:
        return None
    return PagingOverride(
        operation=operation,
        enabled=True,
        style=str(style),
        param=names["param"],
        size=names["size"],
        items=paths["items"] or (),
        next=paths["next"],
        from_item=paths["from_item"],
        has_more=paths["has_more"],
        total=paths["total"],
        total_is_pages=total_is_pages,
        lines=lines,
    )


def _paging_path(reader: _Reader, where: str, key: str, value: Any) -> tuple[str, ...] | None:
    """A response field path: ``meta.next_cursor``, or a list of names for a name that
    holds a dot (``[meta, next.cursor]``)."""
    if value is None:
        return None
    if isinstance(value, str) and value and all(value.split(".")):
        return tuple(value.split("."))
    if isinstance(value, list) and value and all(isinstance(v, str) and v for v in value):
        return tuple(value)
    reader.fail(
        where,
        f"`{key}` must be a field path of the response as the document names it, like "
        "'meta.next_cursor' (or a list of names: [meta, next_cursor]).",
    )
    return None


def _read_limits(reader: _Reader, raw: Any) -> LoadLimits:
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


def _read_refs(reader: _Reader, raw: Any, folder: Path) -> RefPolicy:
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
