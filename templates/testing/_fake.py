"""The in-memory vendor every generated fake is: routing, job lifecycles, failures, checks.

A generated ``Fake<Client>`` subclasses :class:`FakeVendor` with its spec's facts and the
two methods that build its clients. Requests reach :meth:`FakeVendor.handle` through an
httpx ``MockTransport`` (or, with :meth:`FakeVendor.serve`, a local HTTP server).
"""

from __future__ import annotations

import contextlib
import enum
import itertools
import json
import math
import threading
import uuid
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

import httpx

from .._runtime import JobStatus
from ._clock import FakeClock
from ._pages import page_of
from ._pattern import matching
from ._spec import (
    Answer,
    ApiSpec,
    JobSpec,
    OperationSpec,
    PagingSpec,
    SpecViolation,
    check_request,
    value_problem,
)

C = TypeVar("C")
A = TypeVar("A")

# The credential every client of a fake sends: any non-empty value passes the checks.
FAKE_CREDENTIAL = "fake-credential"
_NOT_GIVEN: Any = object()


@dataclass(frozen=True, slots=True)
class Violation:
    """A request that broke the spec, as ``strict=False`` records it."""

    request: httpx.Request
    operation: str | None  # None: the request matched no operation
    message: str
    status: int  # what the fake answered


@dataclass(slots=True)
class _Job:
    statuses: tuple[str, ...]
    after: tuple[float, ...] | None
    fields: dict[str, Any]
    polls: int = 0

    def status(self, now: float) -> str:
        if self.after is not None:
            started = [
                s for s, t in zip(self.statuses, self.after, strict=True) if t <= now
            ]
            return started[-1] if started else self.statuses[0]
        return self.statuses[min(self.polls, len(self.statuses) - 1)]

    def seen(self, now: float) -> str:
        """The status as the last retrieval showed it (the first, before any): what a
        list shows, since listing is not a poll."""
        if self.after is not None:
            return self.status(now)
        return self.statuses[min(max(self.polls - 1, 0), len(self.statuses) - 1)]


@dataclass(slots=True)
class _Pages:
    """Bodies scripted for successive requests to one operation; the last repeats."""

    answers: tuple[Answer, ...]
    served: int = 0

    def next(self) -> Answer:
        answer = self.answers[min(self.served, len(self.answers) - 1)]
        self.served += 1
        return answer


@dataclass(frozen=True, slots=True)
class _Failure:
    status: int
    retry_after: float | None
    body: Any


class FakeVendor(Generic[C, A]):
    """One vendor, in memory: no network, no sleeping.

    ``strict`` (the default) raises :class:`SpecViolation` for a request the spec does not
    allow; ``strict=False`` answers it as the spec documents (401, 400 or 422) and records
    it in ``violations``. ``requests`` holds every request, in order (with
    ``keep_requests=False`` they are only counted, in ``request_count``: a run of many
    jobs then holds no memory per request).
    """

    SPEC: ClassVar[ApiSpec]

    def __init__(self, *, strict: bool = True, keep_requests: bool = True) -> None:
        self.strict = strict
        self.keep_requests = keep_requests
        self.clock = FakeClock()
        self.requests: list[httpx.Request] = []
        self.request_count = 0
        self.violations: list[Violation] = []
        self._jobs: dict[str, _Job] = {}
        self._failures: deque[_Failure] = deque()
        self._scripted: dict[str, Answer | _Pages] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()  # serve() answers from a thread
        self._base_url = self.SPEC.base_url

    def __repr__(self) -> str:
        return f"{type(self).__name__}(jobs={len(self._jobs)}, requests={len(self.requests)})"

    # ------------------------------------------------------------------ clients

    @property
    def base_url(self) -> str:
        return self._base_url

    def transport(self) -> httpx.MockTransport:
        """An httpx transport that answers from this fake (sync and async alike)."""
        return httpx.MockTransport(self.handle)

    def client(self, **options: Any) -> C:
        raise NotImplementedError  # each generated fake builds its own client

    def async_client(self, **options: Any) -> A:
        raise NotImplementedError

    def client_options(self, options: Mapping[str, Any]) -> dict[str, Any]:
        """Constructor keywords for the sync client: this fake's transport and clock."""
        wired: dict[str, Any] = {
            "base_url": self.base_url,
            "http_client": httpx.Client(transport=self.transport()),
            "sleep": self.clock.sleep,
            "clock": self.clock,
        }
        return self._with_credential(wired, options)

    def async_client_options(self, options: Mapping[str, Any]) -> dict[str, Any]:
        """Constructor keywords for the async client: this fake's transport and clock."""
        wired: dict[str, Any] = {
            "base_url": self.base_url,
            "http_client": httpx.AsyncClient(transport=self.transport()),
            "sleep": self.clock.async_sleep,
            "clock": self.clock,
        }
        return self._with_credential(wired, options)

    def _with_credential(
        self, wired: dict[str, Any], options: Mapping[str, Any]
    ) -> dict[str, Any]:
        auth = self.SPEC.auth
        if auth is not None:
            # Basic auth's credential is "user:password".
            wired[self.SPEC.credential] = (
                f"user:{FAKE_CREDENTIAL}" if auth.kind == "basic" else FAKE_CREDENTIAL
            )
        wired.update(options)
        return wired

    # ------------------------------------------------------------------ scripting

    def add_job(
        self,
        statuses: Sequence[str],
        job_id: str | None = None,
        *,
        after: Sequence[float] | None = None,
        **fields: Any,
    ) -> str:
        """A job whose polls answer ``statuses`` in turn (the last one repeats); its id.

        Statuses are the vendor's own values; one the spec does not list is allowed (the
        client reads it as UNKNOWN). ``after`` instead starts each status at a time on the
        fake's clock. ``fields`` set top-level fields of the job's body by wire name.
        """
        job = self._job_spec("add_job")
        if isinstance(statuses, str | bytes) or not isinstance(statuses, Sequence):
            raise TypeError(
                "statuses must be a list of the vendor's status values, e.g. "
                f"[{', '.join(repr(s) for s in job.statuses[:3])}], not {statuses!r}"
            )
        if not statuses:
            raise ValueError(
                "statuses must name at least one status (the first poll's); the vendor's are: "
                + ", ".join(repr(s) for s in job.statuses)
            )
        values = tuple(
            self._status_value(index, status) for index, status in enumerate(statuses)
        )
        timeline = None if after is None else self._timeline(after, len(values))
        unknown = [name for name in fields if name not in job.fields]
        if unknown:
            raise TypeError(
                f"the job body has no field {unknown[0]!r}; its fields are: "
                + ", ".join(job.fields)
            )
        with self._lock:
            job_id = (
                self._new_id(job.id_schema)
                if job_id is None
                else self._given_id(job_id)
            )
            self._jobs[job_id] = _Job(values, timeline, dict(fields))
        return job_id

    def remove_job(self, job_id: str) -> None:
        """The vendor forgets the job: polls of it get the documented not-found answer."""
        with self._lock:
            if self._jobs.pop(job_id, None) is None:
                raise KeyError(f"the fake has no job {job_id!r}")

    def fail_next(
        self,
        status: int,
        *,
        retry_after: float | None = None,
        times: int = 1,
        body: Any = _NOT_GIVEN,
    ) -> None:
        """Answer the next ``times`` requests (to any operation) with ``status``.

        ``retry_after`` sends a Retry-After header (seconds); ``body`` replaces the
        documented error body (a JSON value, ``str`` or ``bytes``).
        """
        if isinstance(status, bool) or not isinstance(status, int):
            raise TypeError(f"status must be an HTTP status code (int), not {status!r}")
        if not 400 <= status <= 599:
            raise ValueError(
                f"fail_next({status}): a client never sees {status} as a failure (2xx are "
                "answers, 1xx and 3xx are handled by httpx); give a status from 400 to 599"
            )
        if isinstance(times, bool) or not isinstance(times, int) or times < 1:
            raise ValueError(f"times must be a positive int, not {times!r}")
        if retry_after is not None and (
            isinstance(retry_after, bool)
            or not isinstance(retry_after, int | float)
            or not math.isfinite(retry_after)
            or retry_after < 0
        ):
            raise ValueError(
                f"retry_after must be a number of seconds >= 0, not {retry_after!r}"
            )
        if body is not _NOT_GIVEN and not isinstance(body, str | bytes):
            _json_body(body, "body")
        with self._lock:
            self._failures.extend([_Failure(status, retry_after, body)] * times)

    def respond(
        self,
        operation: str,
        body: Any = _NOT_GIVEN,
        *,
        status: int | None = None,
        pages: Sequence[Any] | None = None,
    ) -> None:
        """Answer ``operation`` with ``body`` (and ``status``) from now on, instead of the
        spec's sample; ``pages`` instead answers successive requests with successive
        bodies, the last one repeating (respond again to start over). The job operation
        answers its jobs and cannot be scripted."""
        op = self.SPEC.operation(operation)
        if self.SPEC.job is not None and op.name == self.SPEC.job.operation:
            raise ValueError(
                f"{operation!r} answers the fake's jobs: script them with add_job"
            )
        if status is not None and (
            isinstance(status, bool) or not 200 <= status <= 299
        ):
            raise ValueError(
                f"respond() sets a success: status must be 2xx, not {status!r}"
            )
        base = op.success
        bodies: list[Any]
        if pages is None:
            bodies = [base.body if body is _NOT_GIVEN else body]
        elif body is not _NOT_GIVEN:
            raise TypeError("respond() takes a body or pages=, not both")
        elif isinstance(pages, str | bytes | Mapping) or not isinstance(
            pages, Sequence
        ):
            raise TypeError(
                f"pages must be a list of bodies, one a request, not {pages!r:.80}"
            )
        elif not pages:
            raise ValueError("pages must hold at least one body")
        else:
            bodies = list(pages)
        for index, value in enumerate(bodies):
            if not isinstance(value, str | bytes):
                _json_body(value, "body" if pages is None else f"pages[{index}]")
        answers = tuple(
            Answer(
                base.key,
                status if status is not None else base.status,
                base.media,
                base.kind,
                value,
                base.where,
            )
            for value in bodies
        )
        self._scripted[op.name] = answers[0] if pages is None else _Pages(answers)

    def calls(self, operation: str) -> list[httpx.Request]:
        """The requests that went to ``operation``, in order."""
        op = self.SPEC.operation(operation)
        found: list[httpx.Request] = []
        for request in self.requests:
            routed = self.SPEC.route(request.method, _raw_path(request))
            if routed is not None and routed[0] is op:
                found.append(request)
        return found

    # ------------------------------------------------------------------ answering

    def handle(self, request: httpx.Request) -> httpx.Response:
        """Answer one request as the vendor would (the transport's handler)."""
        with self._lock:
            self.request_count += 1
            if self.keep_requests:
                self.requests.append(request)
            routed = self.SPEC.route(request.method, _raw_path(request))
            if routed is None:
                return self._violated(
                    request,
                    None,
                    f"{request.method} {request.url.path} is no operation of {self.SPEC.spec}",
                    404,
                )
            op, path = routed
            problems = check_request(self.SPEC, op, request, path)
            if problems:
                first = problems[0]
                status = (
                    401 if first.kind == "credential" else self._bad_request_status(op)
                )
                message = "; ".join(p.message for p in problems)
                return self._violated(request, op, f"{op.name}: {message}", status)
            if self._failures:
                failure = self._failures.popleft()
                return self._failure(op, failure)
            job = self.SPEC.job
            if job is not None and op.name == job.operation:
                return self._job_answer(op, path.get(job.id_param, ""))
            if (
                job is not None
                and op.name == job.list_operation
                and op.paging is not None
                and op.name not in self._scripted
            ):
                return self._job_list(op, op.paging, request)
            scripted = self._scripted.get(op.name)
            if isinstance(scripted, _Pages):
                return _response(scripted.next())
            if scripted is None and op.paging is not None:
                page = page_of(self.SPEC, op, op.paging, request)
                if page is not None:
                    return _response(op.success, body=page[0], headers=page[1])
            return _response(scripted or op.success)

    def _violated(
        self,
        request: httpx.Request,
        op: OperationSpec | None,
        message: str,
        status: int,
    ) -> httpx.Response:
        if self.strict:
            raise SpecViolation(message)
        self.violations.append(
            Violation(request, op.name if op else None, message, status)
        )
        answer = op.error(status) if op is not None else None
        return (
            httpx.Response(status)
            if answer is None
            else _response(answer, status=status)
        )

    def _bad_request_status(self, op: OperationSpec) -> int:
        # A bad parameter gets what the spec documents for one: 400, else 422.
        for status in ("400", "422"):
            if status in op.errors:
                return int(status)
        return 400

    def _failure(self, op: OperationSpec, failure: _Failure) -> httpx.Response:
        headers = {}
        if failure.retry_after is not None:
            headers["Retry-After"] = f"{failure.retry_after:g}"
        if failure.body is not _NOT_GIVEN:
            return _response(
                Answer(
                    str(failure.status), failure.status, None, "json", failure.body, ""
                ),
                headers=headers,
            )
        answer = op.error(failure.status)
        if answer is None:
            return httpx.Response(failure.status, headers=headers)
        return _response(answer, status=failure.status, headers=headers)

    def _job_list(
        self, op: OperationSpec, paging: PagingSpec, request: httpx.Request
    ) -> httpx.Response:
        """The fake's jobs, in the order they were added, page by page as the vendor
        pages them: each as a retrieval would answer it now (without counting a poll)."""
        spec = self.SPEC.job
        assert spec is not None
        retrieval = self.SPEC.operation(spec.operation)
        bodies = [
            self._job_body(retrieval, job_id, job, poll=False)
            for job_id, job in self._jobs.items()
        ]
        page = page_of(self.SPEC, op, paging, request, items=bodies)
        assert page is not None, "a list of the fake's own jobs always pages"
        return _response(op.success, body=page[0], headers=page[1])

    def _job_answer(self, op: OperationSpec, job_id: str) -> httpx.Response:
        job = self._jobs.get(job_id)
        if job is None:
            answer = op.errors.get("404") or op.errors.get("4XX")
            return (
                httpx.Response(404) if answer is None else _response(answer, status=404)
            )
        return _response(op.success, body=self._job_body(op, job_id, job, poll=True))

    def _job_body(
        self, op: OperationSpec, job_id: str, job: _Job, *, poll: bool
    ) -> Any:
        spec = self.SPEC.job
        assert spec is not None
        status = job.status(self.clock.now) if poll else job.seen(self.clock.now)
        if poll:
            job.polls += 1
        body = op.success.body
        body = dict(body) if isinstance(body, dict) else {}
        if spec.id_path is not None:
            # The id as the body spells it: an integer id stays an integer.
            sample = body.get(spec.id_path[0])
            spelled: Any = (
                int(job_id) if isinstance(sample, int) and job_id.isdigit() else job_id
            )
            body = _set(body, spec.id_path, spelled)
        body.update(job.fields)
        return _set(body, spec.status_path, status)

    # ------------------------------------------------------------------ serving

    @contextlib.contextmanager
    def serve(self, port: int = 0) -> Iterator[str]:
        """This fake as a local HTTP server (127.0.0.1 only) while the block runs; gives
        its base URL. A violation in strict mode is answered as with ``strict=False``
        and raised when the block ends."""
        from ._serve import serving

        strict = self.strict
        self.strict = False
        seen = len(self.violations)
        try:
            with serving(self, port) as url:
                yield url
        finally:
            self.strict = strict
        if strict and len(self.violations) > seen:
            raise SpecViolation(self.violations[seen].message)

    # ------------------------------------------------------------------ helpers

    def _job_spec(self, method: str) -> JobSpec:
        job = self.SPEC.job
        if job is None:
            raise TypeError(
                f"{type(self).__name__}.{method}: {self.SPEC.spec} has no job operation "
                "configured; only the operations' samples can be scripted (respond())"
            )
        return job

    def _status_value(self, index: int, status: object) -> str:
        if isinstance(status, JobStatus):
            raise TypeError(
                f"statuses[{index}] is the canonical {status!r}; give the vendor's own value, "
                "one of: "
                + ", ".join(repr(s) for s in self._job_spec("add_job").statuses)
            )
        if isinstance(status, enum.Enum) and isinstance(status.value, str):
            return status.value  # the vendor's generated status enum
        if not isinstance(status, str):
            raise TypeError(
                f"statuses[{index}] must be a str (a vendor status value), not "
                f"{type(status).__name__} {status!r}"
            )
        return status

    @staticmethod
    def _timeline(after: Sequence[float], count: int) -> tuple[float, ...]:
        if isinstance(after, str | bytes) or len(after) != count:
            raise ValueError(f"after must give one start time per status ({count})")
        times: list[float] = []
        for index, value in enumerate(after):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise TypeError(
                    f"after[{index}] must be a number of seconds, not {value!r}"
                )
            if not math.isfinite(value) or (times and value < times[-1]):
                raise ValueError(
                    f"after must be finite and never decrease: {list(after)!r}"
                )
            times.append(float(value))
        return tuple(times)

    def _new_id(self, schema: Mapping[str, Any]) -> str:
        pattern = schema.get("pattern")
        for _ in range(1000):
            if schema.get("type") == "integer":
                candidate: str | None = str(next(self._ids))
            elif isinstance(pattern, str):
                candidate = matching(pattern, next(self._ids))
                if candidate is None:
                    break
            else:
                candidate = str(uuid.uuid4())
            if candidate is not None and candidate not in self._jobs:
                return candidate
        raise ValueError(
            f"cannot make a fresh job id for {self.SPEC.spec}'s {pattern!r}: pass job_id="
        )

    def _given_id(self, job_id: object) -> str:
        job = self._job_spec("add_job")
        if not isinstance(job_id, str) or not job_id:
            raise TypeError(f"job_id must be a non-empty str, not {job_id!r}")
        reason = value_problem(job.id_schema, job_id)
        if reason is not None:
            raise ValueError(
                f"job_id {job_id!r} {reason}: the client could not ask for it as "
                f"{job.id_param!r} (see {self.SPEC.spec})"
            )
        if job_id in self._jobs:
            raise ValueError(f"the fake already has a job {job_id!r}")
        return job_id


def _raw_path(request: httpx.Request) -> str:
    return request.url.raw_path.split(b"?", 1)[0].decode("ascii", "replace")


def _set(body: dict[str, Any], path: Sequence[str], value: Any) -> dict[str, Any]:
    """``body`` with ``value`` at ``path``, copying only the dicts along the way."""
    if not path:
        return body
    head, rest = path[0], path[1:]
    copy = dict(body)
    if rest:
        inner = copy.get(head)
        copy[head] = _set(dict(inner) if isinstance(inner, dict) else {}, rest, value)
    else:
        copy[head] = value
    return copy


def _json_body(value: Any, name: str) -> bytes:
    try:
        return json.dumps(value, allow_nan=False).encode("utf-8")
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a JSON value, str or bytes ({exc})") from None


def _response(
    answer: Answer,
    *,
    status: int | None = None,
    body: Any = _NOT_GIVEN,
    headers: Mapping[str, str] | None = None,
) -> httpx.Response:
    value = answer.body if body is _NOT_GIVEN else body
    all_headers = dict(headers or {})
    content: bytes
    if answer.kind == "empty" and body is _NOT_GIVEN:
        return httpx.Response(status or answer.status, headers=all_headers)
    if isinstance(value, bytes):
        content = value
    elif isinstance(value, str) and answer.kind != "json":
        content = value.encode("utf-8")
    elif answer.kind == "lines":
        content = _json_body(value, "body") + b"\n"
    elif answer.kind == "events":
        content = b"data: " + _json_body(value, "body") + b"\n\n"
    else:
        content = _json_body(value, "body")
    all_headers["Content-Type"] = answer.media or "application/json"
    return httpx.Response(status or answer.status, headers=all_headers, content=content)
