"""The config's kinds of job: each kind's retrieval and statuses, and the operations
that start, list, cancel, retry it and get its result (``job:`` or ``jobs:``).

Only the config's own shape is checked here; whether the document has the operations,
parameters and fields it names is the builder's finding (generator/builder/job.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from generator.loader.config_reader import IDENTIFIER, ConfigReader
from generator.model.findings import pointer_join
from generator.model.reserved import OPERATION_NAMES

CANONICAL_STATUSES = ("QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED", "UNKNOWN")


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


def read_jobs(reader: ConfigReader, data: dict[str, Any]) -> tuple[JobBinding, ...]:
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
        if not isinstance(name, str) or not IDENTIFIER.match(name):
            reader.fail(where, f"the kind {name!r} must be a name like `automated`.")
            continue
        found = _read_job(reader, kind, where, name)
        if found is not None:
            bound.append(found)
    return tuple(bound)


def _read_job(reader: ConfigReader, job: Any, at: str, kind: str) -> JobBinding | None:
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
    method = reader.string(job, at, "method", IDENTIFIER)
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
    reader: ConfigReader, raw: Any, at: str, place: Callable[[str], str]
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
    reader: ConfigReader, raw: Any, at: str, role: JobRole, place: Callable[[str], str]
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
        method = reader.string(raw, place(at), "method", IDENTIFIER)
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
            if not isinstance(name, str) or not IDENTIFIER.match(name) or name == "id":
                reader.fail(where, f"{name!r} must be a name like `conversation_id` (not `id`).")
            elif not isinstance(pointer, str) or not _BODY_POINTER.match(pointer):
                reader.fail(where, f"`keep.{name}` must be a JSON pointer like '/conversationId'.")
            else:
                keep.append((name, pointer))
    params = _read_params(reader, raw.get("params"), f"{at}/params", place)
    return BoundCall(role, operation, method, at, job_id, tuple(keep), params)


def _read_params(
    reader: ConfigReader, raw: Any, at: str, place: Callable[[str], str]
) -> tuple[tuple[str, str], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        reader.fail(place(at), "`params` must map parameter names to `id` or a kept field.")
        return ()
    found: list[tuple[str, str]] = []
    for name, source in raw.items():
        where = place(pointer_join(at, str(name)))
        if not isinstance(source, str) or not (source == "id" or IDENTIFIER.match(source)):
            reader.fail(where, f"`params.{name}` must be `id` or the name of a kept field.")
            continue
        found.append((str(name), source))
    return tuple(found)


def _read_result(
    reader: ConfigReader, raw: Any, at: str, place: Callable[[str], str]
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
