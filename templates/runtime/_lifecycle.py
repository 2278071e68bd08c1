"""One job lifecycle for every vendor, and waiting for a job to reach its end.

Vendors name the same states differently (pending, scheduled, SCHEDULED; complete,
completed, COMPLETED; error, failed; STOPPED). Each generated module maps its vendor's
values onto :class:`JobStatus` through a table checked at generation time; a value that
appears later, unannounced, becomes UNKNOWN with one warning, never an exception.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import threading
from collections.abc import AsyncGenerator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import ClassVar, Generic, TypeVar

from ._errors import JobTimeoutError
from ._operation import RawResponse
from ._retry import server_hint

J = TypeVar("J")
K = TypeVar("K")
logger = logging.getLogger("jobclients")


class JobStatus(enum.StrEnum):
    """The canonical lifecycle: QUEUED -> RUNNING -> SUCCEEDED | FAILED | CANCELLED."""

    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"
    UNKNOWN = "unknown"

    @property
    def is_terminal(self) -> bool:
        return self in (JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED)


class StatusMapper:
    """Reads a job's status field and maps the vendor's value onto :class:`JobStatus`."""

    # Shared by every mapper: one warning per (vendor, value) for the life of the process.
    _warned: ClassVar[set[tuple[str, str]]] = set()
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, vendor: str, field: tuple[str, ...], table: Mapping[str, JobStatus]):
        self.vendor = vendor
        self.field = field
        self.table = table

    def raw_value(self, job: object) -> object:
        value: object = job
        for name in self.field:
            value = value.get(name) if isinstance(value, Mapping) else getattr(value, name, None)
            if value is None:
                return None
        return value.value if isinstance(value, enum.Enum) else value

    def __call__(self, job: object) -> JobStatus:
        value = self.raw_value(job)
        status = self.table.get(value) if isinstance(value, str) else None
        if status is not None:
            return status
        key = (self.vendor, repr(value))
        with self._lock:
            first = key not in self._warned
            self._warned.add(key)
        if first:
            logger.warning(
                "%s: job status %r is not in the status table; treated as UNKNOWN. If the "
                "vendor added it, update specs/%s/jobclient.yaml and regenerate.",
                self.vendor,
                value,
                self.vendor,
            )
        return JobStatus.UNKNOWN


@dataclass(frozen=True)
class PollEvent(Generic[J]):
    """What ``on_poll`` hears after each poll."""

    job: J
    status: JobStatus
    polls: int
    elapsed: float
    next_delay: float | None


class _Schedule:
    """Shared by the sync and async waits: when to poll next, and when to give up."""

    def __init__(
        self,
        *,
        timeout: float | None,
        poll_interval: float,
        max_poll_interval: float,
        backoff: float,
        clock: Callable[[], float],
    ) -> None:
        self.clock = clock
        self.start = clock()
        self.deadline = None if timeout is None else self.start + timeout
        self.interval = poll_interval
        self.max_interval = max_poll_interval
        self.backoff = backoff
        self.polls = 0

    def after_poll(self, raw: RawResponse[J], status: JobStatus) -> tuple[J, float | None]:
        """The job and the wait before the next poll (None: it is terminal)."""
        self.polls += 1
        job = raw.parse()
        if status.is_terminal:
            return job, None
        now = self.clock()
        hint = server_hint(raw.headers)
        delay = min(hint, self.max_interval) if hint is not None and hint >= 0 else self.interval
        self.interval = min(self.interval * self.backoff, self.max_interval)
        if self.deadline is not None:
            remaining = self.deadline - now
            if remaining <= 0:
                raise JobTimeoutError(
                    f"the job was not finished after {now - self.start:.1f} s and "
                    f"{self.polls} polls (last status {status.value})",
                    last_job=job,
                    elapsed=now - self.start,
                    polls=self.polls,
                )
            # One last poll exactly at the deadline rather than overshooting it.
            delay = min(delay, remaining)
        return job, delay

    def event(self, job: J, status: JobStatus, delay: float | None) -> PollEvent[J]:
        return PollEvent(job, status, self.polls, self.clock() - self.start, delay)


def wait_sync(
    fetch: Callable[[], RawResponse[J]],
    status_of: Callable[[J], JobStatus],
    *,
    timeout: float | None,
    poll_interval: float = 1.0,
    max_poll_interval: float = 30.0,
    backoff: float = 1.5,
    on_poll: Callable[[PollEvent[J]], None] | None = None,
    clock: Callable[[], float],
    sleep: Callable[[float], None],
) -> J:
    """Poll until the job is terminal; transient HTTP errors are ``fetch``'s retries' job."""
    schedule = _Schedule(
        timeout=timeout,
        poll_interval=poll_interval,
        max_poll_interval=max_poll_interval,
        backoff=backoff,
        clock=clock,
    )
    while True:
        raw = fetch()
        status = status_of(raw.parse())
        job, delay = schedule.after_poll(raw, status)
        if on_poll is not None:
            on_poll(schedule.event(job, status, delay))
        if delay is None:
            return job
        sleep(delay)


async def wait_async(
    fetch: Callable[[], Awaitable[RawResponse[J]]],
    status_of: Callable[[J], JobStatus],
    *,
    timeout: float | None,
    poll_interval: float = 1.0,
    max_poll_interval: float = 30.0,
    backoff: float = 1.5,
    on_poll: Callable[[PollEvent[J]], None] | None = None,
    clock: Callable[[], float],
    sleep: Callable[[float], Awaitable[None]],
) -> J:
    """The async twin of :func:`wait_sync`; cancelling the task stops it cleanly."""
    schedule = _Schedule(
        timeout=timeout,
        poll_interval=poll_interval,
        max_poll_interval=max_poll_interval,
        backoff=backoff,
        clock=clock,
    )
    while True:
        raw = await fetch()
        status = status_of(raw.parse())
        job, delay = schedule.after_poll(raw, status)
        if on_poll is not None:
            on_poll(schedule.event(job, status, delay))
        if delay is None:
            return job
        await sleep(delay)


async def wait_many(
    waits: Mapping[K, Callable[[], Awaitable[J]]], *, concurrency: int = 8
) -> AsyncGenerator[tuple[K, J | Exception], None]:
    """Run many waits, at most ``concurrency`` at once; yield each as it finishes.

    A wait that fails (a timeout, an API error) is yielded as that job's result rather
    than raised, so one job cannot hide the others. Leaving the loop early cancels what
    is still running and waits for it to unwind: no task is left behind.
    """
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    gate = asyncio.Semaphore(concurrency)

    async def run(key: K, wait: Callable[[], Awaitable[J]]) -> tuple[K, J | Exception]:
        async with gate:
            try:
                return key, await wait()
            except Exception as exc:
                return key, exc

    tasks = [asyncio.ensure_future(run(key, wait)) for key, wait in waits.items()]
    try:
        for finished in asyncio.as_completed(tasks):
            yield await finished
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
