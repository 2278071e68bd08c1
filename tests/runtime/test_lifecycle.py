"""Waiting for jobs: every vendor's client walks a job through its lifecycle on a fake."""

from __future__ import annotations

import asyncio
import importlib
import logging
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from jobclients import STATUS_TABLE, JobStatus, JobTimeoutError, RetryPolicy
from jobclients._runtime import PollEvent
from tests.runtime.helpers import FakeTime, Script, status

UUID = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
WHEN = "2024-01-01T00:00:00Z"


@dataclass(frozen=True)
class Vendor:
    module: str
    credential: str
    base: dict[str, Any]
    status_field: str = "status"

    def value_for(self, canonical: JobStatus) -> str:
        return next(v for v, c in STATUS_TABLE[self.module].items() if c is canonical)

    def reply(self, value: str, **headers: str) -> httpx.Response:
        return httpx.Response(200, json={**self.base, self.status_field: value}, headers=headers)

    def clients(self, script: Script, fake: FakeTime) -> tuple[Any, Any]:
        module = importlib.import_module(f"jobclients.{self.module}")
        cls = next(
            getattr(module, n)
            for n in module.__all__
            if n.endswith("Client") and not n.startswith("Async")
        )
        async_cls = getattr(module, f"Async{cls.__name__}")
        options = {
            self.credential: "secret",
            "base_url": "https://vendor.test",
            "retry_policy": RetryPolicy(jitter=0.0),
            "clock": fake.clock,
        }
        sync = cls(
            http_client=httpx.Client(transport=httpx.MockTransport(script)),
            sleep=fake.sleep,
            **options,
        )
        asyn = async_cls(
            http_client=httpx.AsyncClient(transport=httpx.MockTransport(script)),
            sleep=fake.asleep,
            **options,
        )
        return sync, asyn


VENDORS = [
    Vendor("finch", "access_token", {"job_id": UUID}),
    Vendor("writer", "api_key", {"id": UUID, "application_id": "app", "created_at": WHEN}),
    Vendor(
        "parsify",
        "api_key",
        {"id": UUID, "document_id": UUID, "created_at": WHEN, "updated_at": WHEN},
    ),
    Vendor("symbl", "access_token", {"id": "job-1"}),
    Vendor(
        "unstructured",
        "api_key",
        {"id": UUID, "workflow_id": UUID, "workflow_name": "w", "created_at": WHEN},
    ),
]


def _walk(vendor: Vendor) -> list[Any]:
    """queued (or running, for Writer, which has no queued state) -> 429 -> running ->
    an unknown value -> 503 -> succeeded."""
    first = (
        vendor.value_for(JobStatus.QUEUED)
        if JobStatus.QUEUED in STATUS_TABLE[vendor.module].values()
        else vendor.value_for(JobStatus.RUNNING)
    )
    return [
        vendor.reply(first),
        status(429, **{"Retry-After": "3"}),
        vendor.reply(vendor.value_for(JobStatus.RUNNING)),
        vendor.reply("paused_by_vendor"),
        status(503),
        vendor.reply(vendor.value_for(JobStatus.SUCCEEDED)),
    ]


def _expected_statuses(vendor: Vendor) -> list[JobStatus]:
    first = (
        JobStatus.QUEUED
        if JobStatus.QUEUED in STATUS_TABLE[vendor.module].values()
        else (JobStatus.RUNNING)
    )
    return [first, JobStatus.RUNNING, JobStatus.UNKNOWN, JobStatus.SUCCEEDED]


# Poll waits grow 1.0 -> 1.5 -> 2.25; the client's own retries wait 3.0 (Retry-After of the
# 429) and 0.5 (backoff after the 503).
EXPECTED_SLEEPS = [1.0, 3.0, 1.5, 2.25, 0.5]


@pytest.mark.parametrize("vendor", VENDORS, ids=lambda v: v.module)
def test_sync_wait_walks_the_lifecycle(vendor: Vendor, caplog: pytest.LogCaptureFixture) -> None:
    fake = FakeTime()
    script = Script(_walk(vendor))
    sync, _ = vendor.clients(script, fake)
    seen: list[PollEvent[Any]] = []
    with caplog.at_level(logging.WARNING, logger="jobclients"):
        final = sync.wait_for_job(
            UUID if vendor.module != "symbl" else "job-1", on_poll=seen.append
        )
    assert [e.status for e in seen] == _expected_statuses(vendor)
    assert sync.status_of(final) is JobStatus.SUCCEEDED
    assert len(script.requests) == 6
    assert fake.sleeps == EXPECTED_SLEEPS
    assert sum(fake.sleeps) == pytest.approx(8.25)
    assert [e.polls for e in seen] == [1, 2, 3, 4]
    assert seen[-1].next_delay is None
    warnings = [r for r in caplog.records if "paused_by_vendor" in r.getMessage()]
    assert len(warnings) <= 1  # once per process: another test may have warned already


@pytest.mark.parametrize("vendor", VENDORS, ids=lambda v: v.module)
def test_async_wait_walks_the_lifecycle(vendor: Vendor) -> None:
    fake = FakeTime()
    script = Script(_walk(vendor))
    _, asyn = vendor.clients(script, fake)
    seen: list[PollEvent[Any]] = []

    async def run() -> Any:
        async with asyn:
            return await asyn.wait_for_job(
                UUID if vendor.module != "symbl" else "job-1", on_poll=seen.append
            )

    final = asyncio.run(run())
    assert asyn.status_of(final) is JobStatus.SUCCEEDED
    assert [e.status for e in seen] == _expected_statuses(vendor)
    assert fake.sleeps == EXPECTED_SLEEPS
    assert len(script.requests) == 6


def test_unknown_value_warns_exactly_once(caplog: pytest.LogCaptureFixture) -> None:
    vendor = VENDORS[0]
    fake = FakeTime()
    sync, _ = vendor.clients(Script([vendor.reply("never_seen_before_value")]), fake)
    with caplog.at_level(logging.WARNING, logger="jobclients"):
        for _ in range(3):
            assert sync.status_of(sync.get_job(UUID)) is JobStatus.UNKNOWN
    assert len([r for r in caplog.records if "never_seen_before_value" in r.getMessage()]) == 1


def test_retry_after_on_a_poll_sets_the_next_wait() -> None:
    vendor = VENDORS[0]
    fake = FakeTime()
    script = Script([vendor.reply("pending", **{"Retry-After": "7"}), vendor.reply("complete")])
    sync, _ = vendor.clients(script, fake)
    sync.wait_for_job(UUID, poll_interval=1.0)
    assert fake.sleeps == [7.0]


def test_a_job_that_never_finishes_times_out_with_the_last_job() -> None:
    vendor = VENDORS[0]
    fake = FakeTime()
    script = Script([vendor.reply("in_progress")])
    sync, _ = vendor.clients(script, fake)
    with pytest.raises(JobTimeoutError) as caught:
        sync.wait_for_job(UUID, timeout=10.0, poll_interval=1.0, max_poll_interval=4.0)
    error = caught.value
    assert sync.status_of(error.last_job) is JobStatus.RUNNING
    # Waits 1, 1.5, 2.25, 3.375, then the last one clipped so the final poll is at 10 s.
    assert fake.sleeps == pytest.approx([1.0, 1.5, 2.25, 3.375, 1.875])
    assert sum(fake.sleeps) == pytest.approx(10.0)
    assert error.polls == len(script.requests) == 6
    assert error.elapsed == pytest.approx(10.0)


def test_async_wait_can_be_cancelled_leaving_nothing_behind() -> None:
    vendor = VENDORS[0]
    script = Script([vendor.reply("in_progress")])

    async def run() -> None:
        fake = FakeTime()

        async def tick(seconds: float) -> None:
            fake.sleeps.append(seconds)
            await asyncio.sleep(0)

        client = vendor.clients(script, fake)[1]
        client._sleep = tick
        async with client:
            task = asyncio.ensure_future(client.wait_for_job(UUID))
            while len(script.requests) < 5:
                await asyncio.sleep(0)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
        assert client._http.is_closed is False  # a passed-in client stays the caller's
        await client._http.aclose()
        assert asyncio.all_tasks() == {asyncio.current_task()}

    asyncio.run(run())


def test_wait_for_jobs_bounds_concurrency_and_cleans_up() -> None:
    vendor = VENDORS[0]
    in_flight = 0
    peak = 0
    polls: dict[str, int] = {}

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        in_flight -= 1
        job_id = request.url.path.rsplit("/", 1)[-1]
        polls[job_id] = polls.get(job_id, 0) + 1
        done = polls[job_id] >= 3
        return vendor.reply("complete" if done else "in_progress")

    async def run() -> list[str]:
        fake = FakeTime()

        async def tick(seconds: float) -> None:
            await asyncio.sleep(0)

        module = importlib.import_module("jobclients.finch")
        client = module.AsyncFinchClient(
            access_token="secret",
            base_url="https://vendor.test",
            sleep=tick,
            clock=fake.clock,
            http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
        )
        finished: list[str] = []
        async with client:
            async for job_id, result in client.wait_for_jobs(
                [f"job-{i}" for i in range(10)], concurrency=3
            ):
                assert not isinstance(result, Exception), result
                finished.append(job_id)
            # Leaving early cancels the rest and leaves no task behind.
            stream = client.wait_for_jobs([f"late-{i}" for i in range(6)], concurrency=2)
            async for _job_id, _result in stream:
                break
            await stream.aclose()
        assert asyncio.all_tasks() == {asyncio.current_task()}
        return finished

    finished = asyncio.run(run())
    assert sorted(finished) == sorted(f"job-{i}" for i in range(10))
    assert peak <= 3
