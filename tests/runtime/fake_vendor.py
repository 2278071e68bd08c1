"""A hand-written vendor module, shaped as the generator's output is, for runtime tests.

Generated code imports ``from .. import _runtime as _rt``; this file sits outside the
package, so it imports the same module by its full name. Everything else (module-level
Operations, a client pair, a ``with_raw_response`` twin, ``status_of`` and
``wait_for_job``) is what a vendor module looks like.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
from collections.abc import AsyncGenerator, Awaitable, Callable, Iterable, Mapping
from enum import StrEnum
from typing import Annotated, Any

import httpx
from pydantic import BaseModel, ConfigDict, Field

from jobclients import _runtime as _rt


class Model(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class JobState(StrEnum):
    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"
    ERROR = "error"
    CANCELLED = "cancelled"


class Job(Model):
    job_id: str
    # Open enum: a value the vendor adds later still parses, as a str.
    status: Annotated[JobState | str, Field(union_mode="left_to_right")]
    result: dict[str, Any] | None = None


class JobList(Model):
    jobs: list[Job]


class NewJob(Model):
    kind: str = Field(alias="jobKind")
    priority: int | None = None


class ErrorBody(Model):
    code: int
    message: str
    fake_code: str | None = None


_GET_JOB: _rt.Operation[Job] = _rt.Operation(
    name="get_job",
    method="GET",
    path="/jobs/{job_id}",
    responses={"200": _rt.ResponseSpec("json", _rt.BodyType(__name__, "Job"))},
    errors={"404": _rt.BodyType(__name__, "ErrorBody")},
    secured=True,
)
_CREATE_JOB: _rt.Operation[Job] = _rt.Operation(
    name="create_job",
    method="POST",
    path="/jobs",
    responses={"201": _rt.ResponseSpec("json", _rt.BodyType(__name__, "Job"))},
    errors={"4XX": _rt.BodyType(__name__, "ErrorBody")},
    secured=True,
)
_LIST_JOBS: _rt.Operation[JobList] = _rt.Operation(
    name="list_jobs",
    method="GET",
    path="/jobs/",
    responses={"2XX": _rt.ResponseSpec("json", _rt.BodyType(__name__, "JobList"))},
    errors={"default": _rt.BodyType(__name__, "ErrorBody")},
    secured=True,
)
_DELETE_JOB: _rt.Operation[None] = _rt.Operation(
    name="delete_job",
    method="DELETE",
    path="/jobs/{job_id}",
    responses={"204": _rt.ResponseSpec("empty")},
    errors={},
    secured=True,
)
_GET_JOB_LOG: _rt.Operation[str] = _rt.Operation(
    name="get_job_log",
    method="GET",
    path="/jobs/{job_id}/log",
    responses={"200": _rt.ResponseSpec("text")},
    errors={},
    secured=True,
)
_HEALTH: _rt.Operation[dict[str, Any]] = _rt.Operation(
    name="health",
    method="GET",
    path="/health",
    responses={"200": _rt.ResponseSpec("json", _rt.BodyType(__name__, "dict[str, Any]"))},
    errors={},
    secured=False,
)

STATUS_TABLE: Mapping[str, _rt.JobStatus] = {
    "pending": _rt.JobStatus.QUEUED,
    "in_progress": _rt.JobStatus.RUNNING,
    "complete": _rt.JobStatus.SUCCEEDED,
    "error": _rt.JobStatus.FAILED,
    "cancelled": _rt.JobStatus.CANCELLED,
}
_STATUS = _rt.StatusMapper("fake", ("status",), STATUS_TABLE)


def _options(
    extra_headers: Mapping[str, str] | None,
    extra_query: Mapping[str, object] | None,
    timeout: _rt.TimeoutTypes | _rt.NotGiven,
    max_retries: int | _rt.NotGiven,
    retry_policy: _rt.RetryPolicy | _rt.NotGiven,
    total_timeout: float | _rt.NotGiven | None,
) -> _rt.RequestOptions:
    return _rt.RequestOptions(
        extra_headers=extra_headers,
        extra_query=extra_query,
        timeout=timeout,
        max_retries=max_retries,
        retry_policy=retry_policy,
        total_timeout=total_timeout,
    )


# ---------------------------------------------------------------------- synchronous


class FakeClientRaw:
    """The same methods, answering RawResponse (the httpx response and the model)."""

    def __init__(self, client: FakeClient) -> None:
        self._client = client

    def get_job(
        self,
        job_id: str,
        *,
        api_version: str = "2020-09-17",
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        timeout: _rt.TimeoutTypes | _rt.NotGiven = _rt.NOT_GIVEN,
        max_retries: int | _rt.NotGiven = _rt.NOT_GIVEN,
        retry_policy: _rt.RetryPolicy | _rt.NotGiven = _rt.NOT_GIVEN,
        total_timeout: float | _rt.NotGiven | None = _rt.NOT_GIVEN,
    ) -> _rt.RawResponse[Job]:
        return self._client._request_raw(
            _GET_JOB,
            path_params={"job_id": job_id},
            headers={"Api-Version": api_version},
            options=_options(
                extra_headers, extra_query, timeout, max_retries, retry_policy, total_timeout
            ),
        )


class FakeClient(_rt.SyncAPIClient):
    """The Fake API."""

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: _rt.TimeoutTypes = _rt.DEFAULT_TIMEOUT,
        max_retries: int = 2,
        retry_policy: _rt.RetryPolicy | None = None,
        total_timeout: float | None = None,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.Client | None = None,
        max_response_bytes: int = _rt.DEFAULT_MAX_RESPONSE_BYTES,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        super().__init__(
            base_url=_rt.resolve_base_url(
                base_url, env="FAKE_BASE_URL", default="https://api.fake.test"
            ),
            credential=_rt.resolve_credential(
                api_key, parameter="api_key", env="FAKE_API_KEY", required=True
            ),
            auth=_rt.BearerAuth(),
            timeout=timeout,
            max_retries=max_retries,
            retry_policy=retry_policy,
            total_timeout=total_timeout,
            default_headers=default_headers,
            http_client=http_client,
            max_response_bytes=max_response_bytes,
            sleep=sleep,
            clock=clock,
        )

    @property
    def with_raw_response(self) -> FakeClientRaw:
        """Each method again, answering the raw httpx response along with the model."""
        return FakeClientRaw(self)

    def get_job(
        self,
        job_id: str,
        *,
        api_version: str = "2020-09-17",
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        timeout: _rt.TimeoutTypes | _rt.NotGiven = _rt.NOT_GIVEN,
        max_retries: int | _rt.NotGiven = _rt.NOT_GIVEN,
        retry_policy: _rt.RetryPolicy | _rt.NotGiven = _rt.NOT_GIVEN,
        total_timeout: float | _rt.NotGiven | None = _rt.NOT_GIVEN,
    ) -> Job:
        return self._request(
            _GET_JOB,
            path_params={"job_id": job_id},
            headers={"Api-Version": api_version},
            options=_options(
                extra_headers, extra_query, timeout, max_retries, retry_policy, total_timeout
            ),
        )

    def create_job(
        self,
        body: NewJob | Mapping[str, object],
        *,
        idempotency_key: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        timeout: _rt.TimeoutTypes | _rt.NotGiven = _rt.NOT_GIVEN,
        max_retries: int | _rt.NotGiven = _rt.NOT_GIVEN,
        retry_policy: _rt.RetryPolicy | _rt.NotGiven = _rt.NOT_GIVEN,
        total_timeout: float | _rt.NotGiven | None = _rt.NOT_GIVEN,
    ) -> Job:
        return self._request(
            _CREATE_JOB,
            headers={"Idempotency-Key": idempotency_key},
            json_body=body,
            options=_options(
                extra_headers, extra_query, timeout, max_retries, retry_policy, total_timeout
            ),
        )

    def list_jobs(
        self,
        *,
        status: list[JobState] | None = None,
        tags: list[str] | None = None,
        limit: int | None = None,
        include_archived: bool | None = None,
        since: datetime.date | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        timeout: _rt.TimeoutTypes | _rt.NotGiven = _rt.NOT_GIVEN,
        max_retries: int | _rt.NotGiven = _rt.NOT_GIVEN,
        retry_policy: _rt.RetryPolicy | _rt.NotGiven = _rt.NOT_GIVEN,
        total_timeout: float | _rt.NotGiven | None = _rt.NOT_GIVEN,
    ) -> JobList:
        return self._request(
            _LIST_JOBS,
            query={
                "status": status,
                "tags": tags,
                "limit": limit,
                "include_archived": include_archived,
                "since": since,
            },
            query_style={"tags": ("form", False)},
            options=_options(
                extra_headers, extra_query, timeout, max_retries, retry_policy, total_timeout
            ),
        )

    def delete_job(self, job_id: str) -> None:
        return self._request(
            _DELETE_JOB, path_params={"job_id": job_id}, options=_rt.RequestOptions()
        )

    def get_job_log(self, job_id: str) -> str:
        return self._request(
            _GET_JOB_LOG, path_params={"job_id": job_id}, options=_rt.RequestOptions()
        )

    def health(self) -> dict[str, Any]:
        return self._request(_HEALTH, options=_rt.RequestOptions())

    def status_of(self, job: Job) -> _rt.JobStatus:
        """The job's canonical status; UNKNOWN (and one warning) for a value never seen."""
        return _STATUS(job)

    def wait_for_job(
        self,
        job_id: str,
        *,
        timeout: float | None = None,
        poll_interval: float = 1.0,
        max_poll_interval: float = 30.0,
        on_poll: Callable[[_rt.PollEvent[Job]], None] | None = None,
    ) -> Job:
        """Poll ``get_job`` until the job is terminal and return it."""
        return _rt.wait_sync(
            lambda: self.with_raw_response.get_job(job_id),
            self.status_of,
            timeout=timeout,
            poll_interval=poll_interval,
            max_poll_interval=max_poll_interval,
            on_poll=on_poll,
            clock=self._clock,
            sleep=self._sleep,
        )


# ---------------------------------------------------------------------- asynchronous


class AsyncFakeClientRaw:
    """The same methods, answering RawResponse (the httpx response and the model)."""

    def __init__(self, client: AsyncFakeClient) -> None:
        self._client = client

    async def get_job(
        self,
        job_id: str,
        *,
        api_version: str = "2020-09-17",
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        timeout: _rt.TimeoutTypes | _rt.NotGiven = _rt.NOT_GIVEN,
        max_retries: int | _rt.NotGiven = _rt.NOT_GIVEN,
        retry_policy: _rt.RetryPolicy | _rt.NotGiven = _rt.NOT_GIVEN,
        total_timeout: float | _rt.NotGiven | None = _rt.NOT_GIVEN,
    ) -> _rt.RawResponse[Job]:
        return await self._client._request_raw(
            _GET_JOB,
            path_params={"job_id": job_id},
            headers={"Api-Version": api_version},
            options=_options(
                extra_headers, extra_query, timeout, max_retries, retry_policy, total_timeout
            ),
        )


class AsyncFakeClient(_rt.AsyncAPIClient):
    """The Fake API, asynchronously."""

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: _rt.TimeoutTypes = _rt.DEFAULT_TIMEOUT,
        max_retries: int = 2,
        retry_policy: _rt.RetryPolicy | None = None,
        total_timeout: float | None = None,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
        max_response_bytes: int = _rt.DEFAULT_MAX_RESPONSE_BYTES,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        super().__init__(
            base_url=_rt.resolve_base_url(
                base_url, env="FAKE_BASE_URL", default="https://api.fake.test"
            ),
            credential=_rt.resolve_credential(
                api_key, parameter="api_key", env="FAKE_API_KEY", required=True
            ),
            auth=_rt.BearerAuth(),
            timeout=timeout,
            max_retries=max_retries,
            retry_policy=retry_policy,
            total_timeout=total_timeout,
            default_headers=default_headers,
            http_client=http_client,
            max_response_bytes=max_response_bytes,
            sleep=sleep,
            clock=clock,
        )

    @property
    def with_raw_response(self) -> AsyncFakeClientRaw:
        """Each method again, answering the raw httpx response along with the model."""
        return AsyncFakeClientRaw(self)

    async def get_job(
        self,
        job_id: str,
        *,
        api_version: str = "2020-09-17",
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        timeout: _rt.TimeoutTypes | _rt.NotGiven = _rt.NOT_GIVEN,
        max_retries: int | _rt.NotGiven = _rt.NOT_GIVEN,
        retry_policy: _rt.RetryPolicy | _rt.NotGiven = _rt.NOT_GIVEN,
        total_timeout: float | _rt.NotGiven | None = _rt.NOT_GIVEN,
    ) -> Job:
        return await self._request(
            _GET_JOB,
            path_params={"job_id": job_id},
            headers={"Api-Version": api_version},
            options=_options(
                extra_headers, extra_query, timeout, max_retries, retry_policy, total_timeout
            ),
        )

    async def create_job(
        self,
        body: NewJob | Mapping[str, object],
        *,
        idempotency_key: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        timeout: _rt.TimeoutTypes | _rt.NotGiven = _rt.NOT_GIVEN,
        max_retries: int | _rt.NotGiven = _rt.NOT_GIVEN,
        retry_policy: _rt.RetryPolicy | _rt.NotGiven = _rt.NOT_GIVEN,
        total_timeout: float | _rt.NotGiven | None = _rt.NOT_GIVEN,
    ) -> Job:
        return await self._request(
            _CREATE_JOB,
            headers={"Idempotency-Key": idempotency_key},
            json_body=body,
            options=_options(
                extra_headers, extra_query, timeout, max_retries, retry_policy, total_timeout
            ),
        )

    async def list_jobs(
        self,
        *,
        status: list[JobState] | None = None,
        tags: list[str] | None = None,
        limit: int | None = None,
        include_archived: bool | None = None,
        since: datetime.date | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        timeout: _rt.TimeoutTypes | _rt.NotGiven = _rt.NOT_GIVEN,
        max_retries: int | _rt.NotGiven = _rt.NOT_GIVEN,
        retry_policy: _rt.RetryPolicy | _rt.NotGiven = _rt.NOT_GIVEN,
        total_timeout: float | _rt.NotGiven | None = _rt.NOT_GIVEN,
    ) -> JobList:
        return await self._request(
            _LIST_JOBS,
            query={
                "status": status,
                "tags": tags,
                "limit": limit,
                "include_archived": include_archived,
                "since": since,
            },
            query_style={"tags": ("form", False)},
            options=_options(
                extra_headers, extra_query, timeout, max_retries, retry_policy, total_timeout
            ),
        )

    async def delete_job(self, job_id: str) -> None:
        return await self._request(
            _DELETE_JOB, path_params={"job_id": job_id}, options=_rt.RequestOptions()
        )

    async def get_job_log(self, job_id: str) -> str:
        return await self._request(
            _GET_JOB_LOG, path_params={"job_id": job_id}, options=_rt.RequestOptions()
        )

    async def health(self) -> dict[str, Any]:
        return await self._request(_HEALTH, options=_rt.RequestOptions())

    def status_of(self, job: Job) -> _rt.JobStatus:
        """The job's canonical status; UNKNOWN (and one warning) for a value never seen."""
        return _STATUS(job)

    async def wait_for_job(
        self,
        job_id: str,
        *,
        timeout: float | None = None,
        poll_interval: float = 1.0,
        max_poll_interval: float = 30.0,
        on_poll: Callable[[_rt.PollEvent[Job]], None] | None = None,
    ) -> Job:
        """Poll ``get_job`` until the job is terminal and return it."""
        return await _rt.wait_async(
            lambda: self.with_raw_response.get_job(job_id),
            self.status_of,
            timeout=timeout,
            poll_interval=poll_interval,
            max_poll_interval=max_poll_interval,
            on_poll=on_poll,
            clock=self._clock,
            sleep=self._sleep,
        )

    async def wait_for_jobs(
        self,
        job_ids: Iterable[str],
        *,
        concurrency: int = 8,
        timeout: float | None = None,
        poll_interval: float = 1.0,
        max_poll_interval: float = 30.0,
    ) -> AsyncGenerator[tuple[str, Job | BaseException], None]:
        """Wait for many jobs, at most ``concurrency`` polls in flight; yield each as it
        ends. Leaving the loop early cancels the waits still running."""
        fetchers = {
            job_id: functools.partial(self.with_raw_response.get_job, job_id) for job_id in job_ids
        }
        waits = _rt.wait_many(
            fetchers,
            self.status_of,
            concurrency=concurrency,
            timeout=timeout,
            poll_interval=poll_interval,
            max_poll_interval=max_poll_interval,
            clock=self._clock,
            sleep=self._sleep,
        )
        # aclosing: leaving this loop early must cancel the waits now, not at garbage
        # collection.
        async with contextlib.aclosing(waits) as stream:
            async for item in stream:
                yield item
