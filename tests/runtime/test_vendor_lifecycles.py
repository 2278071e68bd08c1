"""Every vendor's generated client, sync and async, walks a job through its lifecycle on
that vendor's generated fake (``jobclients.<vendor>.testing``): the bodies are the
document's, the clock is the fake's, failures are injected between polls."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from jobclients import STATUS_TABLE, JobStatus, JobTimeoutError, RetryPolicy
from jobclients._runtime import PollEvent
from jobclients.testing import FakeVendor
from tests.runtime.helpers import Mode, run
from tests.support.fakes import VENDORS, vendor_fake


def value_for(vendor: str, canonical: JobStatus) -> str:
    return next(v for v, c in STATUS_TABLE[vendor].items() if c is canonical)


def _first(vendor: str) -> JobStatus:
    """Where a job starts: QUEUED, or RUNNING for Writer, which documents no queued state."""
    statuses = STATUS_TABLE[vendor].values()
    return JobStatus.QUEUED if JobStatus.QUEUED in statuses else JobStatus.RUNNING


def _client(fake: FakeVendor[Any, Any], mode: Mode) -> Any:
    policy = RetryPolicy(jitter=0.0)
    return (
        fake.client(retry_policy=policy)
        if mode == "sync"
        else fake.async_client(retry_policy=policy)
    )


# Poll waits grow 1.0 -> 1.5 -> 2.25; the client's own retries wait 3.0 (the 429's
# Retry-After) and 0.5 (backoff after the 503, no jitter).
EXPECTED_SLEEPS = [1.0, 3.0, 1.5, 2.25, 0.5]


@pytest.mark.parametrize("vendor", VENDORS)
def test_a_job_walks_its_lifecycle(
    vendor: str, mode: Mode, caplog: pytest.LogCaptureFixture
) -> None:
    fake = vendor_fake(vendor)
    job_id = fake.add_job(
        statuses=[
            value_for(vendor, _first(vendor)),
            value_for(vendor, JobStatus.RUNNING),
            "paused_by_vendor",  # a value the vendor never documented
            value_for(vendor, JobStatus.SUCCEEDED),
        ]
    )
    seen: list[PollEvent[Any]] = []

    def on_poll(event: PollEvent[Any]) -> None:
        seen.append(event)
        # The second poll meets a rate limit, the fourth a server error.
        if event.polls == 1:
            fake.fail_next(429, retry_after=3)
        elif event.polls == 3:
            fake.fail_next(503)

    client = _client(fake, mode)
    with caplog.at_level(logging.WARNING, logger="jobclients"):
        final = run(client.wait_for_job(job_id, on_poll=on_poll))
    assert [e.status for e in seen] == [
        _first(vendor),
        JobStatus.RUNNING,
        JobStatus.UNKNOWN,
        JobStatus.SUCCEEDED,
    ]
    assert client.status_of(final) is JobStatus.SUCCEEDED
    assert [e.polls for e in seen] == [1, 2, 3, 4]
    assert seen[-1].next_delay is None
    assert len(fake.requests) == 6
    assert all(job_id in r.url.path for r in fake.requests)
    assert fake.clock.sleeps == EXPECTED_SLEEPS
    assert fake.clock.now == 8.25
    warnings = [r for r in caplog.records if "paused_by_vendor" in r.getMessage()]
    # Once per process and vendor: the other mode's run may already have warned.
    assert len(warnings) <= 1


@pytest.mark.parametrize("vendor", VENDORS)
def test_a_job_that_never_ends_times_out_with_the_last_job(vendor: str, mode: Mode) -> None:
    fake = vendor_fake(vendor)
    job_id = fake.add_job(statuses=[value_for(vendor, JobStatus.RUNNING)])
    client = _client(fake, mode)
    with pytest.raises(JobTimeoutError) as caught:
        run(client.wait_for_job(job_id, timeout=10.0))
    # Polls at 0, 1, 2.5, 4.75, 8.125, then one last one exactly at the deadline.
    assert fake.clock.sleeps == [1.0, 1.5, 2.25, 3.375, 1.875]
    assert caught.value.polls == 6 == len(fake.requests)
    assert client.status_of(caught.value.last_job) is JobStatus.RUNNING
