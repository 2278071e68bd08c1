"""Property: for any vendor, status sequence and failures injected between polls,
``wait_for_job`` ends in the status the sequence ends in, or in the documented timeout or
error, after exactly the requests and sleeps a model of the schedule predicts."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobclients import (
    STATUS_TABLE,
    InternalServerError,
    JobStatus,
    JobTimeoutError,
    RateLimitError,
    RetryPolicy,
)
from tests.support.fakes import VENDORS, vendor_fake

MAX_RETRIES = 2
# A failure: status code and Retry-After (None: the client's own backoff).
Failure = tuple[int, float | None]


@dataclass
class Expected:
    outcome: type[BaseException] | str  # the last status's value, or the error raised
    requests: int = 0
    sleeps: list[float] = field(default_factory=list)


def predict(
    statuses: list[str], table: Any, failures: list[list[Failure]], timeout: float | None
) -> Expected:
    """The waits of the runtime's schedule (1 s growing by 1.5 to 30 s, cut to the
    deadline) and of its retries (Retry-After, else 0.5 s doubling, no jitter)."""
    expected = Expected("")
    now, interval, poll = 0.0, 1.0, 0
    deadline = None if timeout is None else timeout
    while True:
        queued = failures[poll] if poll < len(failures) else []
        for retries, (status, retry_after) in enumerate(queued):
            expected.requests += 1
            if retries >= MAX_RETRIES:
                expected.outcome = RateLimitError if status == 429 else InternalServerError
                return expected
            delay = retry_after if retry_after is not None else min(0.5 * 2.0**retries, 8.0)
            expected.sleeps.append(delay)
            now += delay
        expected.requests += 1
        value = statuses[min(poll, len(statuses) - 1)]
        poll += 1
        status = table.get(value, JobStatus.UNKNOWN)
        if status.is_terminal:
            expected.outcome = value
            return expected
        if deadline is not None and now >= deadline:
            expected.outcome = JobTimeoutError
            return expected
        delay = interval if deadline is None else min(interval, deadline - now)
        interval = min(interval * 1.5, 30.0)
        expected.sleeps.append(delay)
        now += delay


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[str, str, list[str], list[list[Failure]], float | None]:
    vendor = draw(st.sampled_from(VENDORS))
    mode = draw(st.sampled_from(["sync", "async"]))
    table = STATUS_TABLE[vendor]
    values = st.sampled_from([*table, "never_documented"])
    statuses = draw(st.lists(values, min_size=1, max_size=8))
    terminal = table.get(statuses[-1], JobStatus.UNKNOWN).is_terminal
    timeout = draw(
        st.sampled_from([5.0, 30.0, 100.0, 600.0])
        if not terminal
        else st.one_of(st.none(), st.sampled_from([5.0, 600.0]))
    )
    failure = st.tuples(
        st.sampled_from([429, 500, 502, 503]),
        st.one_of(st.none(), st.sampled_from([0.0, 1.0, 2.5])),
    )
    failures = draw(st.lists(st.lists(failure, max_size=3), max_size=len(statuses) + 2))
    return vendor, mode, statuses, failures, timeout


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_wait_for_job_ends_as_predicted(
    scenario: tuple[str, str, list[str], list[list[Failure]], float | None],
) -> None:
    vendor, mode, statuses, failures, timeout = scenario
    fake = vendor_fake(vendor)
    job_id = fake.add_job(statuses=statuses)
    polls = 0

    def inject(poll: int) -> None:
        for status, retry_after in failures[poll] if poll < len(failures) else []:
            fake.fail_next(status, retry_after=retry_after)

    def on_poll(event: Any) -> None:
        nonlocal polls
        polls += 1
        inject(polls)  # the failures the next poll meets

    options: dict[str, Any] = {"timeout": timeout, "on_poll": on_poll}
    policy = RetryPolicy(jitter=0.0, max_retries=MAX_RETRIES)
    inject(0)
    outcome: type[BaseException] | str
    try:
        if mode == "sync":
            with fake.client(retry_policy=policy) as client:
                job = client.wait_for_job(job_id, **options)
        else:

            async def wait() -> Any:
                async with fake.async_client(retry_policy=policy) as client:
                    return await client.wait_for_job(job_id, **options)

            job = asyncio.run(wait())
        raw = job.model_dump(mode="json")
        outcome = raw[fake.SPEC.job.status_path[0]] if fake.SPEC.job else ""
    except (JobTimeoutError, RateLimitError, InternalServerError) as exc:
        outcome = type(exc)
    expected = predict(statuses, STATUS_TABLE[vendor], failures, timeout)
    assert outcome == expected.outcome
    assert len(fake.requests) == expected.requests
    assert fake.clock.sleeps == pytest.approx(expected.sleeps)
