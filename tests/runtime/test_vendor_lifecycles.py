"""Every vendor's generated client, sync and async, walks a job through its lifecycle on a
fake of that vendor's job endpoint (httpx.MockTransport, an injected clock and sleep)."""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from jobclients import STATUS_TABLE, JobStatus, JobTimeoutError, RetryPolicy
from jobclients._runtime import PollEvent
from tests.runtime.helpers import FakeTime, Mode, Script, reply, run

UUID = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
WHEN = "2024-01-01T00:00:00Z"


@dataclass(frozen=True)
class Vendor:
    module: str
    credential: str
    job_id: str
    # The other required fields of the vendor's job model.
    base: dict[str, Any]

    def value_for(self, canonical: JobStatus) -> str:
        return next(v for v, c in STATUS_TABLE[self.module].items() if c is canonical)

    def job(self, value: str) -> httpx.Response:
        return httpx.Response(200, json={**self.base, "status": value})

    def client(self, mode: Mode, script: Script, fake: FakeTime) -> Any:
        module = importlib.import_module(f"jobclients.{self.module}")
        name = next(n for n in module.__all__ if n.endswith("Client") and n[:5] != "Async")
        options: dict[str, Any] = {
            self.credential: "secret",
            "base_url": "https://vendor.test",
            "retry_policy": RetryPolicy(jitter=0.0),
            "clock": fake.clock,
        }
        transport = httpx.MockTransport(script)
        if mode == "sync":
            return getattr(module, name)(
                http_client=httpx.Client(transport=transport), sleep=fake.sleep, **options
            )
        return getattr(module, f"Async{name}")(
            http_client=httpx.AsyncClient(transport=transport), sleep=fake.asleep, **options
        )


VENDORS = [
    Vendor("finch", "access_token", UUID, {"job_id": UUID}),
    Vendor("writer", "api_key", UUID, {"id": UUID, "application_id": "a", "created_at": WHEN}),
    Vendor(
        "parsify",
        "api_key",
        UUID,
        {"id": UUID, "document_id": UUID, "created_at": WHEN, "updated_at": WHEN},
    ),
    Vendor("symbl", "access_token", "job-1", {"id": "job-1"}),
    Vendor(
        "unstructured",
        "api_key",
        UUID,
        {"id": UUID, "workflow_id": UUID, "workflow_name": "w", "created_at": WHEN},
    ),
]


def _first(vendor: Vendor) -> JobStatus:
    """Where a job starts: QUEUED, or RUNNING for Writer, which documents no queued state."""
    statuses = STATUS_TABLE[vendor.module].values()
    return JobStatus.QUEUED if JobStatus.QUEUED in statuses else JobStatus.RUNNING


# Poll waits grow 1.0 -> 1.5 -> 2.25; the client's own retries wait 3.0 (the 429's
# Retry-After) and 0.5 (backoff after the 503, no jitter).
EXPECTED_SLEEPS = [1.0, 3.0, 1.5, 2.25, 0.5]


@pytest.mark.parametrize("vendor", VENDORS, ids=lambda v: v.module)
def test_a_job_walks_its_lifecycle(
    vendor: Vendor, mode: Mode, fake: FakeTime, caplog: pytest.LogCaptureFixture
) -> None:
    script = Script(
        [
            vendor.job(vendor.value_for(_first(vendor))),
            reply(429, retry_after="3"),
            vendor.job(vendor.value_for(JobStatus.RUNNING)),
            vendor.job("paused_by_vendor"),  # a value the vendor never documented
            reply(503),
            vendor.job(vendor.value_for(JobStatus.SUCCEEDED)),
        ]
    )
    client = vendor.client(mode, script, fake)
    seen: list[PollEvent[Any]] = []
    with caplog.at_level(logging.WARNING, logger="jobclients"):
        final = run(client.wait_for_job(vendor.job_id, on_poll=seen.append))
    assert [e.status for e in seen] == [
        _first(vendor),
        JobStatus.RUNNING,
        JobStatus.UNKNOWN,
        JobStatus.SUCCEEDED,
    ]
    assert client.status_of(final) is JobStatus.SUCCEEDED
    assert [e.polls for e in seen] == [1, 2, 3, 4]
    assert seen[-1].next_delay is None
    assert len(script.requests) == 6
    assert all(
        r.url.path.endswith(vendor.job_id) or r.url.path.endswith(vendor.job_id + "/")
        for r in script.requests
    )
    assert fake.sleeps == EXPECTED_SLEEPS
    assert fake.slept == 8.25
    warnings = [r for r in caplog.records if "paused_by_vendor" in r.getMessage()]
    # Once per process and vendor: the other mode's run may already have warned.
    assert len(warnings) <= 1


@pytest.mark.parametrize("vendor", VENDORS, ids=lambda v: v.module)
def test_a_job_that_never_ends_times_out_with_the_last_job(
    vendor: Vendor, mode: Mode, fake: FakeTime
) -> None:
    script = Script([vendor.job(vendor.value_for(JobStatus.RUNNING))])
    client = vendor.client(mode, script, fake)
    with pytest.raises(JobTimeoutError) as caught:
        run(client.wait_for_job(vendor.job_id, timeout=10.0))
    # Polls at 0, 1, 2.5, 4.75, 8.125, then one last one exactly at the deadline.
    assert fake.sleeps == [1.0, 1.5, 2.25, 3.375, 1.875]
    assert caught.value.polls == 6 == len(script.requests)
    assert client.status_of(caught.value.last_job) is JobStatus.RUNNING
