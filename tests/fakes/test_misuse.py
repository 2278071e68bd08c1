"""Using a fake wrongly gets a clear error at the call, not a traceback from inside it."""

from __future__ import annotations

import math
from typing import Any

import pytest

from jobclients import JobStatus
from tests.support.fakes import vendor_fake


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda f: f.add_job(statuses=[]), ValueError, "at least one status.*'pending'"),
        (lambda f: f.add_job(statuses="complete"), TypeError, "must be a list"),
        (lambda f: f.add_job(statuses=[1]), TypeError, r"statuses\[0\] must be a str"),
        (lambda f: f.add_job(statuses=[None]), TypeError, r"statuses\[0\] must be a str"),
        (
            lambda f: f.add_job(statuses=[JobStatus.SUCCEEDED]),
            TypeError,
            "canonical.*vendor's own value",
        ),
        (lambda f: f.add_job(statuses=["pending"], after=[0, 1]), ValueError, "one start time"),
        (lambda f: f.add_job(statuses=["a", "b"], after=[5, 1]), ValueError, "never decrease"),
        (lambda f: f.add_job(statuses=["a"], after=[math.nan]), ValueError, "finite"),
        (lambda f: f.add_job(statuses=["pending"], nope=1), TypeError, "no field 'nope'"),
        (lambda f: f.add_job(statuses=["pending"], job_id=""), TypeError, "non-empty str"),
        (lambda f: f.fail_next(200), ValueError, "never sees 200 as a failure"),
        (lambda f: f.fail_next(302), ValueError, "from 400 to 599"),
        (lambda f: f.fail_next(600), ValueError, "from 400 to 599"),
        (lambda f: f.fail_next("429"), TypeError, "HTTP status code"),
        (lambda f: f.fail_next(True), TypeError, "HTTP status code"),
        (lambda f: f.fail_next(503, times=0), ValueError, "positive int"),
        (lambda f: f.fail_next(429, retry_after=-1), ValueError, "seconds >= 0"),
        (lambda f: f.fail_next(429, body=object()), TypeError, "JSON value"),
        (
            lambda f: f.respond("get_jobs"),
            ValueError,
            "no operation 'get_jobs'; it has: list_automated_jobs, post_jobs_automated, "
            "get_automated_job, get_job",
        ),
        (lambda f: f.respond("get_job"), ValueError, "script them with add_job"),
        (lambda f: f.calls("cancel_job"), ValueError, "no operation 'cancel_job'"),
        (lambda f: f.clock.sleep(-1), ValueError, "cannot sleep"),
        (lambda f: f.remove_job("nope"), KeyError, "no job 'nope'"),
    ],
)
def test_bad_use_is_a_clear_error(call: Any, error: type[Exception], message: str) -> None:
    fake = vendor_fake("finch")
    with pytest.raises(error, match=message):
        call(fake)
    assert fake.requests == []


def test_a_job_id_out_of_the_spec_format_is_refused_at_once() -> None:
    fake = vendor_fake("writer")
    with pytest.raises(ValueError, match="'job-1' is not in the format 'uuid'"):
        fake.add_job(statuses=["completed"], job_id="job-1")
    job_id = fake.add_job(statuses=["completed"])
    with pytest.raises(ValueError, match="already has a job"):
        fake.add_job(statuses=["completed"], job_id=job_id)


def test_the_vendor_enum_members_are_accepted() -> None:
    from jobclients.finch.models import ManualAsyncJobStatus

    fake = vendor_fake("finch")
    job_id = fake.add_job(statuses=[ManualAsyncJobStatus.COMPLETE])
    with fake.client() as client:
        assert client.status_of(client.get_job(job_id)) is JobStatus.SUCCEEDED
