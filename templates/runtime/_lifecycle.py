"""One job lifecycle for every vendor, and waiting for jobs to reach its end.

Vendors name the same states differently (pending, scheduled, SCHEDULED; complete,
COMPLETED; error, failed; STOPPED). Each generated module maps its vendor's values onto
:class:`JobStatus` with a table checked at generation time; a value that appears later,
unannounced, becomes UNKNOWN with one warning, never an exception.
"""

from __future__ import annotations

import enum
import logging
import threading
import time
from collections.abc import AsyncGenerator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

from ._errors import JobTimeoutError
from ._response import RawResponse
from ._retry import retry_after

if TYPE_CHECKING:
    import asyncio

J = TypeVar("J")
K = TypeVar("K")
logger = logging.getLogger("jobclients")


class JobStatus(enum.StrEnum):
    """The canonical lifecycle: QUEUED -> RUNNING -> SUCCEEDED | FAILED | CANCELLED.

    A ``str`` as well as an Enum (StrEnum is ``str, Enum`` with ``str()`` giving the
    value), so a status compares equal to, and prints as, its value: "succeeded".
    """

    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"
    UNKNOWN = "unknown"  # a value the vendor never documented

    @property
    def is_terminal(self) -> bool:
        return self in _TERMINAL


_TERMINAL = frozenset({JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED})


class StatusMapper:
    """Reads a job's status field and maps the vendor's value onto :class:`JobStatus`."""

    # Shared by all mappers: one warning per (vendor, value) for the life of the process.
    _warned: ClassVar[set[tuple[str, str]]] = set()
    _warned_lock: ClassVar[threading.Lock] = threading.Lock()
    # Past this many distinct unknown values, stop remembering (and warning): a vendor
    # sending a fresh value every time must not grow memory or flood the log.
    _MAX_WARNED: ClassVar[int] = 1024

    def __init__(
        self, vendor: str, field: tuple[str, ...], table: Mapping[str, JobStatus]
    ):
        self.vendor = vendor
        self.field = field
        self.table = table

    def raw_value(self, job: object) -> object:
        """The status field's value (an enum's ``.value``), or None when it is missing."""
        value: object = job
        for name in self.field:
            value = (
                value.get(name)
                if isinstance(value, Mapping)
                else getattr(value, name, None)
            )
            if value is None:
                return None
        return value.value if isinstance(value, enum.Enum) else value

    def __call__(self, job: object) -> JobStatus:
        value = self.raw_value(job)
        status = self.table.get(value) if isinstance(value, str) else None
        if status is not None:
            return status
        self._warn_once(value)
        return JobStatus.UNKNOWN

    def _warn_once(self, value: object) -> None:
        shown = repr(value)
        if len(shown) > 80:
            shown = shown[:77] + "..."
        key = (self.vendor, shown)
        with self._warned_lock:
            if key in self._warned or len(self._warned) >= self._MAX_WARNED:
                return
            self._warned.add(key)
        logger.warning(
            "%s: job status %s is not in the status table; treated as UNKNOWN (regenerate "
            "the client if the vendor has added it)",
            self.vendor,
            shown,
        )


@dataclass(frozen=True)
class PollEvent(Generic[J]):
    """What ``on_poll`` hears after each poll."""

    job: J
    status: JobStatus
    polls: int  # polls so far, this one included
    elapsed: float  # seconds since the wait began
    next_delay: float | None  # seconds until the next poll; None after the last one


class _Schedule(Generic[J]):
    """When to poll next, and when to give up: shared by the sync and async waits."""

    def __init__(
        self,
        *,
        status_of: Callable[[J], JobStatus],
        timeout: float | None,
        poll_interval: float,
        max_poll_interval: float,
        backoff: float,
        on_poll: Callable[[PollEvent[J]], None] | None,
        clock: Callable[[], float],
    ) -> None:
        if poll_interval <= 0 or max_poll_interval < poll_interval:
            raise ValueError("need 0 < poll_interval <= max_poll_interval")
        if backoff < 1.0:
            raise ValueError("backoff must be >= 1")
        self._status_of = status_of
        self._clock = clock
        self._start = clock()
        self._deadline = None if timeout is None else self._start + timeout
        self._interval = poll_interval
        self._max_interval = max_poll_interval
        self._backoff = backoff
        self._on_poll = on_poll
        self._polls = 0

    def after_poll(self, raw: RawResponse[J]) -> tuple[J, float | None]:
        """The job, and how long to wait before the next poll (None: it has ended).

        Raises JobTimeoutError when the deadline has come and the job has not ended.
        """
        self._polls += 1
        job = raw.parse()
        status = self._status_of(job)
        now = self._clock()
        elapsed = now - self._start
        delay: float | None = None
        if not status.is_terminal and (self._deadline is None or now < self._deadline):
            delay = self._next_delay(raw, now)
        if self._on_poll is not None:
            self._on_poll(PollEvent(job, status, self._polls, elapsed, delay))
        if delay is None and not status.is_terminal:
            raise JobTimeoutError(
                f"the job had not ended after {elapsed:.1f} s and {self._polls} poll(s); "
                f"last status: {status.value}",
                last_job=job,
                elapsed=elapsed,
                polls=self._polls,
            )
        return job, delay

    def _next_delay(self, raw: RawResponse[J], now: float) -> float:
        hint = retry_after(raw.headers)
        # The server's Retry-After, when it gives one, sets this wait; the schedule still
        # advances, so the waits after it keep growing.
        delay = (
            self._interval if hint is None else min(max(hint, 0.0), self._max_interval)
        )
        self._interval = min(self._interval * self._backoff, self._max_interval)
        if self._deadline is not None:
            # Cut to the deadline: one last poll exactly then, rather than overshooting.
            delay = min(delay, self._deadline - now)
        return delay


def wait_sync(
    fetch: Callable[[], RawResponse[J]],
    status_of: Callable[[J], JobStatus],
    *,
    timeout: float | None,
    poll_interval: float = 1.0,
    max_poll_interval: float = 30.0,
    backoff: float = 1.5,
    on_poll: Callable[[PollEvent[J]], None] | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> J:
    """Poll ``fetch`` until the job's status is terminal, and return the job.

    Transient HTTP errors are the business of ``fetch``'s own retries; an error it raises
    ends the wait. The wait between polls grows by ``backoff`` from ``poll_interval`` to
    ``max_poll_interval``. Raises JobTimeoutError, carrying the last job seen, when
    ``timeout`` seconds pass first (None: wait for ever).
    """
    schedule = _Schedule(
        status_of=status_of,
        timeout=timeout,
        poll_interval=poll_interval,
        max_poll_interval=max_poll_interval,
        backoff=backoff,
        on_poll=on_poll,
        clock=clock,
    )
    while True:
        job, delay = schedule.after_poll(fetch())
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
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], Awaitable[None]] | None = None,
) -> J:
    """The async twin of :func:`wait_sync`. Cancelling the task stops it at once.

    ``sleep`` defaults to ``asyncio.sleep``; asyncio is imported here, not with the module,
    so that programs using only the sync clients never load it.
    """
    if sleep is None:
        import asyncio

        sleep = asyncio.sleep
    schedule = _Schedule(
        status_of=status_of,
        timeout=timeout,
        poll_interval=poll_interval,
        max_poll_interval=max_poll_interval,
        backoff=backoff,
        on_poll=on_poll,
        clock=clock,
    )
    while True:
        job, delay = schedule.after_poll(await fetch())
        if delay is None:
            return job
        # A job waiting for its next poll holds none of its last body: with thousands
        # waiting at once (wait_many), the bodies would be most of the memory.
        del job
        await sleep(delay)


async def wait_many(
    fetchers: Mapping[K, Callable[[], Awaitable[RawResponse[J]]]],
    status_of: Callable[[J], JobStatus],
    *,
    concurrency: int = 8,
    timeout: float | None = None,
    poll_interval: float = 1.0,
    max_poll_interval: float = 30.0,
    backoff: float = 1.5,
    on_poll: Callable[[K, PollEvent[J]], None] | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], Awaitable[None]] | None = None,
) -> AsyncGenerator[tuple[K, J | BaseException], None]:
    """Wait for many jobs at once; yield ``(key, job)`` for each as it ends.

    At most ``concurrency`` polls are in flight at a time; the waits between polls hold
    no slot, so every job keeps being polled and each is reported as soon as it ends. Each
    job's ``timeout`` runs from the start. A job whose wait fails (JobTimeoutError, an API
    error) is yielded with that exception rather than raised, so one job cannot hide the
    others. Closing the iterator early (``aclose()``, or leaving an ``aclosing`` block)
    cancels the waits still running and waits for them to unwind: no task is left behind.
    """
    import asyncio

    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    gate = asyncio.Semaphore(concurrency)

    async def wait_one(key: K, fetch: Callable[[], Awaitable[RawResponse[J]]]) -> J:
        async def gated_fetch() -> RawResponse[J]:
            async with gate:
                return await fetch()

        def report(event: PollEvent[J]) -> None:
            if on_poll is not None:
                on_poll(key, event)

        return await wait_async(
            gated_fetch,
            status_of,
            timeout=timeout,
            poll_interval=poll_interval,
            max_poll_interval=max_poll_interval,
            backoff=backoff,
            on_poll=report,
            clock=clock,
            sleep=sleep,
        )

    # Each wait hands itself to the queue as it ends: the loop below takes them in the
    # order they end, and the time to find the next one does not grow with the number of
    # waits still running (asyncio.wait over them all would, for every one that ends).
    ended: asyncio.Queue[asyncio.Task[J]] = asyncio.Queue()
    keys: dict[asyncio.Task[J], K] = {}
    for key, fetch in fetchers.items():
        task = asyncio.create_task(wait_one(key, fetch))
        keys[task] = key
        task.add_done_callback(ended.put_nowait)
    try:
        while keys:
            task = await ended.get()
            key = keys.pop(task)
            error = task.exception()
            yield key, (error if error is not None else task.result())
    finally:
        pending = [task for task in keys if not task.done()]
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
