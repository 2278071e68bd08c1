"""The job lifecycle: status mapping, waiting for one job, waiting for many."""

from __future__ import annotations

import asyncio
import enum
import http.server
import logging
import threading
import uuid
from collections.abc import Awaitable, Callable, Coroutine
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

from jobclients._runtime import (
    JobStatus,
    JobTimeoutError,
    NotFoundError,
    PollEvent,
    RawResponse,
    RetryPolicy,
    StatusMapper,
    wait_many,
    wait_sync,
)
from jobclients.finch.testing import FakeFinch
from tests.runtime.conftest import Connect
from tests.runtime.fake_vendor import STATUS_TABLE, AsyncFakeClient, Job
from tests.runtime.helpers import JOB_ID, SECRET, FakeTime, Mode, Script, job, reply, run

FIXED = RetryPolicy(random=lambda: 0.5)  # backoff 0.4375 s before the first retry

# ---------------------------------------------------------------------- statuses


def test_job_status() -> None:
    assert [s.value for s in JobStatus] == [
        "queued",
        "running",
        "succeeded",
        "failed",
        "cancelled",
        "unknown",
    ]
    assert {s for s in JobStatus if s.is_terminal} == {
        JobStatus.SUCCEEDED,
        JobStatus.FAILED,
        JobStatus.CANCELLED,
    }
    assert isinstance(JobStatus.QUEUED, str) and isinstance(JobStatus.QUEUED, enum.Enum)
    wire: str = "running"
    assert wire == JobStatus.RUNNING and JobStatus(wire) is JobStatus.RUNNING
    assert f"{JobStatus.FAILED}" == "failed"


def _vendor() -> str:
    """A vendor name of its own: warnings are remembered for the life of the process."""
    return f"vendor-{uuid.uuid4().hex[:8]}"


class State(enum.Enum):
    DONE = "complete"


def test_status_mapper_reads_attributes_dicts_enums_and_paths() -> None:
    mapper = StatusMapper(_vendor(), ("status",), STATUS_TABLE)
    assert mapper(SimpleNamespace(status="pending")) is JobStatus.QUEUED
    assert mapper({"status": "in_progress"}) is JobStatus.RUNNING
    assert mapper(SimpleNamespace(status=State.DONE)) is JobStatus.SUCCEEDED
    assert mapper(Job(job_id="j", status="error")) is JobStatus.FAILED
    nested = StatusMapper(_vendor(), ("data", "state"), STATUS_TABLE)
    assert nested({"data": SimpleNamespace(state="cancelled")}) is JobStatus.CANCELLED


def test_an_unknown_value_is_unknown_with_exactly_one_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="jobclients")
    vendor = _vendor()
    mapper = StatusMapper(vendor, ("status",), STATUS_TABLE)
    twin = StatusMapper(vendor, ("status",), STATUS_TABLE)  # same vendor: same memory

    def hammer() -> None:
        for _ in range(50):
            assert mapper({"status": "paused"}) is JobStatus.UNKNOWN
            assert twin({"status": "paused"}) is JobStatus.UNKNOWN

    threads = [threading.Thread(target=hammer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert vendor in warnings[0].getMessage() and "'paused'" in warnings[0].getMessage()
    # Another value, and the same value for another vendor, warn once each.
    mapper({"status": "archived"})
    StatusMapper(_vendor(), ("status",), STATUS_TABLE)({"status": "paused"})
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 3


def test_a_missing_or_odd_status_is_unknown_never_an_error() -> None:
    mapper = StatusMapper(_vendor(), ("data", "status"), STATUS_TABLE)
    assert mapper({}) is JobStatus.UNKNOWN
    assert mapper({"data": None}) is JobStatus.UNKNOWN
    assert mapper(SimpleNamespace(data=SimpleNamespace(status=None))) is JobStatus.UNKNOWN
    assert mapper({"data": {"status": 3}}) is JobStatus.UNKNOWN
    assert mapper(object()) is JobStatus.UNKNOWN


# ---------------------------------------------------------------------- waiting for one job


def _on_fake_finch(mode: Mode, statuses: list[str]) -> tuple[FakeFinch, Any, str]:
    """Finch's generated fake with one job, and a client of the mode wired to it."""
    fake = FakeFinch()
    job_id = fake.add_job(statuses=statuses)
    client = (
        fake.client(retry_policy=FIXED) if mode == "sync" else fake.async_client(retry_policy=FIXED)
    )
    return fake, client, job_id


def test_a_job_walks_to_success_through_retries_and_an_unknown_status(mode: Mode) -> None:
    fake, client, job_id = _on_fake_finch(
        mode,
        # "mystery": a status the table does not know
        ["pending", "in_progress", "mystery", "complete"],
    )
    events: list[PollEvent[Any]] = []

    def on_poll(event: PollEvent[Any]) -> None:
        events.append(event)
        if event.polls == 1:
            fake.fail_next(429, retry_after=2)  # the client's retry waits 2 s
        elif event.polls == 2:
            fake.fail_next(503)  # the client's retry waits 0.4375 s

    result = run(client.wait_for_job(job_id, on_poll=on_poll))
    assert result.status == "complete"
    assert [e.status for e in events] == [
        JobStatus.QUEUED,
        JobStatus.RUNNING,
        JobStatus.UNKNOWN,
        JobStatus.SUCCEEDED,
    ]
    assert [e.polls for e in events] == [1, 2, 3, 4]
    assert [e.next_delay for e in events] == [1.0, 1.5, 2.25, None]
    assert [e.elapsed for e in events] == [0.0, 3.0, 4.9375, 7.1875]
    assert len(fake.requests) == 6
    assert fake.clock.sleeps == [1.0, 2.0, 1.5, 0.4375, 2.25]
    assert fake.clock.now == 7.1875


def test_a_job_that_never_ends_times_out_with_the_last_job(mode: Mode) -> None:
    fake, client, job_id = _on_fake_finch(mode, ["pending"])
    with pytest.raises(JobTimeoutError) as caught:
        run(client.wait_for_job(job_id, timeout=10.0))
    error = caught.value
    # Polls at 0, 1, 2.5, 4.75, 8.125; the next wait (5.06 s) is cut to end at the
    # deadline, where one last poll is made.
    assert fake.clock.sleeps == [1.0, 1.5, 2.25, 3.375, 1.875]
    assert error.polls == 6 == len(fake.requests)
    assert error.elapsed == 10.0
    assert client.status_of(error.last_job) is JobStatus.QUEUED
    assert "6 poll(s)" in str(error)


def test_the_wait_grows_to_max_poll_interval(mode: Mode) -> None:
    fake, client, job_id = _on_fake_finch(mode, ["pending"] * 7 + ["complete"])
    run(client.wait_for_job(job_id, poll_interval=2.0, max_poll_interval=5.0))
    assert fake.clock.sleeps == [2.0, 3.0, 4.5, 5.0, 5.0, 5.0, 5.0]


def test_retry_after_on_a_poll_sets_the_next_wait(connect: Connect) -> None:
    api = connect(
        job("pending", **{"Retry-After": "7"}),
        job("pending", **{"retry-after-ms": "500"}),
        job("pending", **{"Retry-After": "600"}),  # capped at max_poll_interval
        job("pending"),
        job("complete"),
    )
    api.run(lambda c: c.wait_for_job(JOB_ID, max_poll_interval=30.0))
    # The schedule keeps advancing under the hints: 1, 1.5, 2.25, then 3.375.
    assert api.sleeps == [7.0, 0.5, 30.0, 3.375]


def test_retry_after_never_passes_the_deadline(connect: Connect) -> None:
    api = connect(job("pending", **{"Retry-After": "20"}))
    with pytest.raises(JobTimeoutError):
        api.run(lambda c: c.wait_for_job(JOB_ID, timeout=5.0))
    assert api.sleeps == [5.0]


def test_errors_from_fetch_end_the_wait(mode: Mode) -> None:
    fake, client, job_id = _on_fake_finch(mode, ["pending"])

    def forget(event: PollEvent[Any]) -> None:
        fake.remove_job(job_id)  # the vendor loses the job: the next poll is its 404

    with pytest.raises(NotFoundError) as caught:
        run(client.wait_for_job(job_id, on_poll=forget))
    assert len(fake.requests) == 2
    assert caught.value.body.finch_code == "item_not_found"


def _raw(status: str, **headers: str) -> RawResponse[dict[str, str]]:
    response = httpx.Response(200, headers=headers)
    body = {"status": status}
    return RawResponse(response, lambda: body)


def test_wait_sync_on_any_fetch() -> None:
    fake = FakeTime()
    answers = iter([_raw("pending"), _raw("error")])
    mapper = StatusMapper(_vendor(), ("status",), STATUS_TABLE)
    result = wait_sync(
        lambda: next(answers),
        mapper,
        timeout=None,
        poll_interval=0.25,
        clock=fake.clock,
        sleep=fake.sleep,
    )
    assert result == {"status": "error"}
    assert fake.sleeps == [0.25]
    with pytest.raises(ValueError):
        wait_sync(lambda: _raw("pending"), mapper, timeout=1.0, poll_interval=0.0)
    with pytest.raises(ValueError):
        wait_sync(lambda: _raw("pending"), mapper, timeout=1.0, backoff=0.5)
    with pytest.raises(ValueError):
        wait_sync(lambda: _raw("pending"), mapper, timeout=1.0, max_poll_interval=0.1)


# ---------------------------------------------------------------------- async only


Handler = (
    Callable[[httpx.Request], httpx.Response]
    | Callable[[httpx.Request], Coroutine[None, None, httpx.Response]]
)


def _async_client(handler: Handler, fake: FakeTime) -> AsyncFakeClient:
    return AsyncFakeClient(
        api_key=SECRET,
        base_url="https://api.fake.test",
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
        sleep=fake.asleep,
        clock=fake.clock,
        retry_policy=FIXED,
    )


def _others(before: set[asyncio.Task[Any]]) -> set[asyncio.Task[Any]]:
    """Tasks alive now that were not there at ``before`` (the test runner has its own)."""
    return {t for t in asyncio.all_tasks() - before if t is not asyncio.current_task()}


@pytest.mark.anyio
async def test_cancelling_a_wait_leaves_nothing_behind() -> None:
    before = asyncio.all_tasks()
    fake = FakeTime()
    sleeping = asyncio.Event()
    never = asyncio.Event()

    async def sleep(seconds: float) -> None:
        sleeping.set()
        await never.wait()

    client = AsyncFakeClient(
        api_key=SECRET,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(Script([job("pending")]))),
        sleep=sleep,
        clock=fake.clock,
    )
    task = asyncio.create_task(client.wait_for_job(JOB_ID))
    await sleeping.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert task.cancelled()
    assert _others(before) == set()


@pytest.mark.anyio
async def test_wait_many_bounds_the_polls_in_flight() -> None:
    before = asyncio.all_tasks()
    fake = FakeTime()
    in_flight = 0
    most = 0
    polls: dict[str, int] = {}

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        for _ in range(3):  # stay in flight while the others get going
            await asyncio.sleep(0)
        in_flight -= 1
        job_id = request.url.path.rsplit("/", 1)[1]
        polls[job_id] = polls.get(job_id, 0) + 1
        done = polls[job_id] > int(job_id[-1])  # job-N ends at its (N+1)th poll
        return job("complete" if done else "in_progress", job_id=job_id)

    client = _async_client(handler, fake)
    ids = [f"job-{n}" for n in range(6)]
    results = [item async for item in client.wait_for_jobs(ids, concurrency=2)]
    assert most == 2
    assert sorted(key for key, _ in results) == ids
    assert all(isinstance(value, Job) and value.status == "complete" for _, value in results)
    assert polls == {f"job-{n}": n + 1 for n in range(6)}
    assert _others(before) == set()


@pytest.mark.anyio
async def test_wait_many_yields_failures_as_results() -> None:
    fake = FakeTime()

    def handler(request: httpx.Request) -> httpx.Response:
        job_id = request.url.path.rsplit("/", 1)[1]
        if job_id == "missing":
            return reply(404, {"code": 404, "message": "gone"})
        return job("complete" if job_id == "quick" else "pending", job_id=job_id)

    client = _async_client(handler, fake)
    results = dict(
        [item async for item in client.wait_for_jobs(["slow", "missing", "quick"], timeout=5)]
    )
    assert isinstance(results["quick"], Job)
    assert isinstance(results["missing"], NotFoundError)
    slow = results["slow"]
    assert isinstance(slow, JobTimeoutError)
    assert isinstance(slow.last_job, Job) and slow.last_job.job_id == "slow"


@pytest.mark.anyio
async def test_closing_wait_many_early_cancels_the_rest() -> None:
    before = asyncio.all_tasks()
    fake = FakeTime()
    cancelled: list[str] = []

    def fetcher(key: str) -> Callable[[], Awaitable[RawResponse[dict[str, str]]]]:
        async def fetch() -> RawResponse[dict[str, str]]:
            try:
                await asyncio.sleep(0)
            except asyncio.CancelledError:
                cancelled.append(key)
                raise
            return _raw("complete" if key == "a" else "pending")

        return fetch

    mapper = StatusMapper(_vendor(), ("status",), STATUS_TABLE)
    stream = wait_many(
        {key: fetcher(key) for key in "abcd"},
        mapper,
        concurrency=2,
        clock=fake.clock,
        sleep=fake.asleep,
    )
    key, value = await stream.__anext__()
    assert (key, value) == ("a", {"status": "complete"})
    assert len(_others(before)) == 3
    await stream.aclose()
    assert _others(before) == set()


@pytest.mark.anyio
async def test_leaving_wait_for_jobs_early_cancels_the_rest() -> None:
    before = asyncio.all_tasks()
    fake = FakeFinch()
    waiting = [fake.add_job(statuses=["pending"]) for _ in range(2)]
    done = fake.add_job(statuses=["complete"])
    client = fake.async_client()
    stream = client.wait_for_jobs([waiting[0], done, waiting[1]])
    async for key, _ in stream:
        assert key == done
        break
    await stream.aclose()
    assert _others(before) == set()


@pytest.mark.anyio
async def test_wait_many_needs_some_concurrency() -> None:
    none: dict[str, Callable[[], Awaitable[RawResponse[object]]]] = {}
    stream = wait_many(none, StatusMapper(_vendor(), ("status",), STATUS_TABLE), concurrency=0)
    with pytest.raises(ValueError):
        await stream.__anext__()


class _HangingHandler(http.server.BaseHTTPRequestHandler):
    """Takes the request and answers only when the test lets it (or never)."""

    release = threading.Event()
    arrived = threading.Event()

    def do_GET(self) -> None:
        type(self).arrived.set()
        type(self).release.wait(timeout=10)

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.mark.anyio
async def test_cancelling_a_wait_mid_request_leaves_no_task_or_connection() -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _HangingHandler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    before = asyncio.all_tasks()
    client = AsyncFakeClient(
        api_key=SECRET, base_url=f"http://127.0.0.1:{server.server_address[1]}"
    )
    try:
        task = asyncio.create_task(client.wait_for_job(JOB_ID))
        while not _HangingHandler.arrived.is_set():  # the poll is on the wire
            await asyncio.sleep(0.01)
        pool = client._http._transport._pool  # type: ignore[attr-defined]
        assert len([c for c in pool.connections if not c.is_closed()]) == 1  # in use now
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert _others(before) == set()
        # httpx's pool (httpcore) dropped the connection the cancelled request held.
        assert [c for c in pool.connections if not c.is_closed()] == []
    finally:
        _HangingHandler.release.set()
        await client.aclose()
        server.shutdown()
        server.server_close()
