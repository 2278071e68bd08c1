"""Each vendor's generated fake walks its client, sync and async, through job lifecycles:
statuses in turn, ids in the spec's format, bodies valid against the spec's schema,
documented not-found errors, injected failures and retries, all on the fake's clock."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from typing import Any, Literal

import pytest

from jobclients import (
    STATUS_TABLE,
    InternalServerError,
    JobStatus,
    JobTimeoutError,
    NotFoundError,
    RateLimitError,
    RetryPolicy,
)
from tests.support.fakes import VENDORS, vendor_fake, vendor_schemas

Mode = Literal["sync", "async"]


@pytest.fixture(params=VENDORS)
def vendor(request: pytest.FixtureRequest) -> str:
    value: str = request.param
    return value


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> Mode:
    value: Mode = request.param
    return value


def value_of(vendor: str, canonical: JobStatus) -> str:
    return next(v for v, c in STATUS_TABLE[vendor].items() if c is canonical)


def call(fake: Any, mode: Mode, method: str, *args: Any, **kwargs: Any) -> Any:
    """``client.<method>(...)`` on a fresh client of the mode, run to its end."""
    if mode == "sync":
        with fake.client(retry_policy=RetryPolicy(jitter=0.0)) as client:
            return getattr(client, method)(*args, **kwargs), client.status_of

    async def go() -> Any:
        async with fake.async_client(retry_policy=RetryPolicy(jitter=0.0)) as client:
            return await getattr(client, method)(*args, **kwargs), client.status_of

    return asyncio.run(go())


def test_a_lifecycle_runs_to_its_last_status_on_the_fake_clock(vendor: str, mode: Mode) -> None:
    fake = vendor_fake(vendor)
    statuses = [
        value_of(vendor, JobStatus.RUNNING),
        value_of(vendor, JobStatus.RUNNING),
        value_of(vendor, JobStatus.SUCCEEDED),
    ]
    job_id = fake.add_job(statuses=statuses)
    job, status_of = call(fake, mode, "wait_for_job", job_id, timeout=600)
    assert status_of(job) is JobStatus.SUCCEEDED
    assert len(fake.requests) == 3
    # Two waits of the default schedule (1 s, then 1.5 s), no real sleeping.
    assert fake.clock.sleeps == [1.0, 1.5]
    assert fake.clock.now == 2.5
    assert all(str(job_id) in str(r.url) for r in fake.requests)


def test_every_status_answers_a_body_valid_against_the_spec(vendor: str) -> None:
    fake = vendor_fake(vendor)
    schemas = vendor_schemas(vendor)
    assert fake.SPEC.job is not None
    op = fake.SPEC.operation(fake.SPEC.job.operation)
    schema = schemas.response_schema(op, str(op.success.status), op.success.media or "")
    assert schema is not None
    for value in fake.SPEC.job.statuses:
        job_id = fake.add_job(statuses=[value])
        with fake.client() as client:
            raw = client.with_raw_response.get_job(job_id)
        body = raw.http_response.json()
        assert schemas.errors(body, schema) == [], (value, body)
        assert client.status_of(raw.parse()) is STATUS_TABLE[vendor][value]


def test_job_ids_are_fresh_and_in_the_spec_format(vendor: str) -> None:
    fake = vendor_fake(vendor)
    assert fake.SPEC.job is not None
    ids = {fake.add_job(statuses=[fake.SPEC.job.statuses[0]]) for _ in range(50)}
    assert len(ids) == 50
    if fake.SPEC.job.id_schema.get("format") == "uuid":
        for job_id in ids:
            uuid.UUID(job_id)
    given = fake.add_job(statuses=[fake.SPEC.job.statuses[0]], job_id=str(uuid.uuid4()))
    job, _ = call(fake, "sync", "get_job", given)
    id_path = fake.SPEC.job.id_path
    if id_path is not None:
        assert str(getattr(job, id_path[0])) == given


def test_fields_override_the_sample_body() -> None:
    fake = vendor_fake("writer")
    job_id = fake.add_job(statuses=["failed"], error="quota exceeded")
    job, status_of = call(fake, "sync", "get_job", job_id)
    assert job.error == "quota exceeded"
    assert status_of(job) is JobStatus.FAILED


def test_a_value_the_spec_does_not_list_reads_as_unknown(vendor: str, mode: Mode) -> None:
    fake = vendor_fake(vendor)
    job_id = fake.add_job(statuses=["brand_new_state", value_of(vendor, JobStatus.SUCCEEDED)])
    job, status_of = call(fake, mode, "get_job", job_id)
    assert status_of(job) is JobStatus.UNKNOWN


def test_after_starts_each_status_at_a_clock_time(mode: Mode) -> None:
    fake = vendor_fake("finch")
    job_id = fake.add_job(statuses=["pending", "in_progress", "complete"], after=[0, 30, 90])
    seen: list[tuple[float, str]] = []

    def on_poll(event: Any) -> None:
        seen.append((event.elapsed, event.job.status.value))

    job, status_of = call(
        fake, mode, "wait_for_job", job_id, poll_interval=10, max_poll_interval=10, on_poll=on_poll
    )
    assert status_of(job) is JobStatus.SUCCEEDED
    assert seen == [
        (t, "pending" if t < 30 else "in_progress" if t < 90 else "complete")
        for t in range(0, 100, 10)
    ]
    assert fake.clock.now == 90


def test_the_documented_timeout_carries_the_last_job(mode: Mode) -> None:
    fake = vendor_fake("symbl")
    job_id = fake.add_job(statuses=["in_progress"])
    with pytest.raises(JobTimeoutError) as caught:
        call(fake, mode, "wait_for_job", job_id, timeout=600)
    last_job: Any = caught.value.last_job
    assert last_job.status == "in_progress"
    assert fake.clock.now == 600


def test_an_unknown_id_gets_the_documented_not_found(mode: Mode) -> None:
    fake = vendor_fake("finch")
    with pytest.raises(NotFoundError) as caught:
        call(fake, mode, "get_job", "no-such-job")
    # Finch documents a 404 body: it is parsed into the spec's error model.
    assert caught.value.body.finch_code == "item_not_found"
    assert type(caught.value.body).__name__ == "GetJob404Error"


@pytest.mark.parametrize("vendor", ["unstructured", "parsify"])
def test_without_a_documented_body_not_found_is_bare(vendor: str) -> None:
    fake = vendor_fake(vendor)
    with pytest.raises(NotFoundError) as caught:
        call(fake, "sync", "get_job", str(uuid.uuid4()))
    assert caught.value.body is None
    assert caught.value.response.content == b""


def test_failures_are_retried_as_the_retry_after_says(vendor: str, mode: Mode) -> None:
    fake = vendor_fake(vendor)
    job_id = fake.add_job(statuses=[value_of(vendor, JobStatus.SUCCEEDED)])
    fake.fail_next(429, retry_after=2.0)
    fake.fail_next(503)
    job, status_of = call(fake, mode, "wait_for_job", job_id)
    assert status_of(job) is JobStatus.SUCCEEDED
    assert [r.url.path for r in fake.requests] == [fake.requests[0].url.path] * 3
    # The 429's Retry-After, then the policy's first backoff after the 503 (no jitter).
    assert fake.clock.sleeps == [2.0, 1.0]


def test_failures_past_the_retries_raise_the_typed_error(mode: Mode) -> None:
    fake = vendor_fake("writer")
    job_id = fake.add_job(statuses=["completed"])
    fake.fail_next(503, times=3)
    with pytest.raises(InternalServerError):
        call(fake, mode, "wait_for_job", job_id)
    assert len(fake.requests) == 3
    fake.fail_next(429, body={"error": "slow down"})
    with pytest.raises(RateLimitError) as caught:
        call(fake, mode, "get_job", job_id, max_retries=0)
    assert caught.value.body == {"error": "slow down"}


def test_a_documented_error_status_gets_its_documented_body() -> None:
    fake = vendor_fake("finch")
    job_id = fake.add_job(statuses=["complete"])
    fake.fail_next(400)
    with pytest.raises(Exception) as caught:
        call(fake, "sync", "get_job", job_id)
    assert type(caught.value.body).__name__ == "GetJob400Error"  # type: ignore[attr-defined]


@pytest.mark.parametrize("make", [lambda f: f.client(), lambda f: f.async_client()])
def test_clients_are_wired_to_the_fake(make: Callable[[Any], Any]) -> None:
    fake = vendor_fake("finch")
    client = make(fake)
    assert client.base_url == "https://api.tryfinch.com"
    assert client._clock is fake.clock
