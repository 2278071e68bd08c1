"""The client runtime over HTTP, through the generated Finch client and a mock transport."""

from __future__ import annotations

import asyncio
import email.utils
import gzip
import logging
import subprocess
import sys
import time

import httpx
import pytest

import jobclients
from jobclients import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    MissingCredentialError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseTooLargeError,
    ResponseValidationError,
    RetryPolicy,
    UnprocessableEntityError,
)
from jobclients.finch import AsyncFinchClient, FinchClient, GetJob404Error, ManualAsyncJob
from tests.runtime.helpers import JOB_ID, FakeTime, Script, job, status

SECRET = "sk-test-0123456789"


def client(script: Script, fake: FakeTime | None = None, **options: object) -> FinchClient:
    fake = fake or FakeTime()
    return FinchClient(
        access_token=SECRET,
        base_url="https://finch.test",
        http_client=httpx.Client(transport=httpx.MockTransport(script)),
        sleep=fake.sleep,
        clock=fake.clock,
        **options,  # type: ignore[arg-type]
    )


def async_client(script: Script, fake: FakeTime, **options: object) -> AsyncFinchClient:
    return AsyncFinchClient(
        access_token=SECRET,
        base_url="https://finch.test",
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(script)),
        sleep=fake.asleep,
        clock=fake.clock,
        **options,  # type: ignore[arg-type]
    )


# ------------------------------------------------------------------ requests


def test_request_carries_auth_required_headers_and_path() -> None:
    script = Script([job("pending")])
    result = client(script).get_job(JOB_ID)
    assert isinstance(result, ManualAsyncJob)
    sent = script.requests[0]
    assert sent.url == f"https://finch.test/jobs/manual/{JOB_ID}"
    assert sent.headers["Authorization"] == f"Bearer {SECRET}"
    assert sent.headers["Finch-API-Version"] == "2020-09-17"
    assert sent.headers["Content-Type"] == "application/json"
    assert sent.headers["Accept"] == "application/json"


def test_header_precedence() -> None:
    script = Script([job("pending")])
    c = client(script, default_headers={"Finch-API-Version": "client", "X-Team": "a"})
    c.get_job(JOB_ID, extra_headers={"X-Team": "call"})
    sent = script.requests[0].headers
    assert sent["Finch-API-Version"] == "2020-09-17"  # the operation's own header wins
    assert sent["X-Team"] == "call"
    c.get_job(JOB_ID, finch_api_version="2024-01-01", extra_query={"trace": True})
    assert script.requests[1].headers["Finch-API-Version"] == "2024-01-01"
    assert script.requests[1].url.params["trace"] == "true"
    c.get_job(JOB_ID, extra_headers={"Finch-API-Version": "override"})
    assert script.requests[2].headers["Finch-API-Version"] == "override"


@pytest.mark.parametrize(
    ("job_id", "raw_path"),
    [
        ("../admin", b"/jobs/manual/..%2Fadmin"),
        ("a/b?c#d", b"/jobs/manual/a%2Fb%3Fc%23d"),
        ("..", b"/jobs/manual/%2E%2E"),
        (".", b"/jobs/manual/%2E"),
        ("%2F", b"/jobs/manual/%252F"),
    ],
)
def test_path_parameters_cannot_change_the_path(job_id: str, raw_path: bytes) -> None:
    script = Script([job("pending")])
    client(script).get_job(job_id)
    assert script.requests[0].url.raw_path == raw_path


def test_default_and_per_call_timeouts_reach_httpx() -> None:
    script = Script([job("pending")])
    c = client(script)
    c.get_job(JOB_ID)
    assert script.requests[0].extensions["timeout"] == {
        "connect": 5.0,
        "read": 60.0,
        "write": 60.0,
        "pool": 60.0,
    }
    c.get_job(JOB_ID, timeout=2.5)
    assert script.requests[1].extensions["timeout"]["read"] == 2.5
    client(script, timeout=httpx.Timeout(9.0, connect=1.0)).get_job(JOB_ID)
    assert script.requests[2].extensions["timeout"]["connect"] == 1.0


def test_credential_and_base_url_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FINCH_ACCESS_TOKEN", "from-env")
    monkeypatch.setenv("FINCH_BASE_URL", "https://env.finch.test/")
    c = FinchClient()
    assert c.base_url == "https://env.finch.test"
    monkeypatch.delenv("FINCH_BASE_URL")
    assert FinchClient().base_url == "https://api.tryfinch.com"
    monkeypatch.delenv("FINCH_ACCESS_TOKEN")
    with pytest.raises(MissingCredentialError, match="access_token= or set FINCH_ACCESS_TOKEN"):
        FinchClient()


# ------------------------------------------------------------------ secrets


def test_credential_never_shown(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="jobclients")
    script = Script([status(401, {"message": f"bad token {SECRET}"})])
    c = client(script)
    assert SECRET not in repr(c)
    with pytest.raises(AuthenticationError) as caught:
        c.get_job(JOB_ID)
    assert SECRET not in str(caught.value)
    assert SECRET not in repr(caught.value.request)
    assert SECRET not in caplog.text
    assert caplog.records, "a DEBUG line per request was expected"


# ------------------------------------------------------------------ retries


@pytest.mark.parametrize("code", [408, 409, 429, 500, 502, 503, 504])
def test_retryable_statuses_are_retried_with_backoff(code: int) -> None:
    fake = FakeTime()
    script = Script([status(code), status(code), job("complete")])
    c = client(script, fake, retry_policy=RetryPolicy(jitter=0.0))
    assert c.get_job(JOB_ID).status == "complete"
    assert len(script.requests) == 3
    assert fake.sleeps == [0.5, 1.0]


def test_jitter_shortens_delays_by_at_most_a_quarter() -> None:
    fake = FakeTime()
    script = Script([status(503), status(503), job("complete")])
    c = FinchClient(
        access_token=SECRET,
        base_url="https://finch.test",
        sleep=fake.sleep,
        clock=fake.clock,
        http_client=httpx.Client(transport=httpx.MockTransport(script)),
    )
    c._random = lambda: 1.0  # the largest jitter
    c.get_job(JOB_ID)
    assert fake.sleeps == [0.375, 0.75]


def test_retries_give_up_after_max_retries() -> None:
    fake = FakeTime()
    script = Script([status(503, {"error": "down"})])
    with pytest.raises(InternalServerError) as caught:
        client(script, fake).get_job(JOB_ID)
    assert len(script.requests) == 3
    assert caught.value.body == {"error": "down"}
    script = Script([status(503)])
    with pytest.raises(InternalServerError):
        client(script, fake, max_retries=5).get_job(JOB_ID)
    assert len(script.requests) == 6
    script = Script([status(503)])
    with pytest.raises(InternalServerError):
        client(script, fake).get_job(JOB_ID, max_retries=0)
    assert len(script.requests) == 1


def test_per_call_retry_policy() -> None:
    fake = FakeTime()
    script = Script([status(503), status(503), job("complete")])
    policy = RetryPolicy(max_retries=3, initial_delay=2.0, max_delay=3.0, jitter=0.0)
    client(script, fake).get_job(JOB_ID, retry_policy=policy)
    assert fake.sleeps == [2.0, 3.0]


def test_retry_after_in_all_forms() -> None:
    fake = FakeTime()
    future = email.utils.formatdate(time.time() + 30, usegmt=True)
    script = Script(
        [
            status(429, **{"Retry-After": "7"}),
            status(429, **{"retry-after-ms": "1500"}),
            status(429, **{"Retry-After": future}),
            job("complete"),
        ]
    )
    client(script, fake, max_retries=3).get_job(JOB_ID)
    assert fake.sleeps[:2] == [7.0, 1.5]
    assert 28.0 <= fake.sleeps[2] <= 31.0


def test_unreasonable_retry_after_falls_back_to_backoff() -> None:
    fake = FakeTime()
    script = Script([status(429, **{"Retry-After": "3600"}), job("complete")])
    client(script, fake, retry_policy=RetryPolicy(jitter=0.0)).get_job(JOB_ID)
    assert fake.sleeps == [0.5]


def test_connection_errors_and_timeouts_are_retried() -> None:
    fake = FakeTime()
    script = Script([httpx.ConnectError("reset"), httpx.ReadTimeout("slow"), job("complete")])
    assert client(script, fake).get_job(JOB_ID).status == "complete"
    assert len(script.requests) == 3
    script = Script([httpx.ReadTimeout("slow")])
    with pytest.raises(APITimeoutError):
        client(script, fake).get_job(JOB_ID)
    script = Script([httpx.RemoteProtocolError("connection reset")])
    with pytest.raises(APIConnectionError) as caught:
        client(script, fake).get_job(JOB_ID)
    assert not isinstance(caught.value, APITimeoutError)


def test_x_should_retry_overrides() -> None:
    fake = FakeTime()
    script = Script([status(503, **{"x-should-retry": "false"})])
    with pytest.raises(InternalServerError):
        client(script, fake).get_job(JOB_ID)
    assert len(script.requests) == 1
    script = Script([status(400, **{"x-should-retry": "true"}), job("complete")])
    client(script, fake).get_job(JOB_ID)
    assert len(script.requests) == 2


def test_total_timeout_never_sleeps_past_the_budget() -> None:
    fake = FakeTime()
    script = Script([status(429, **{"Retry-After": "20"}), job("complete")])
    with pytest.raises(RateLimitError):
        client(script, fake).get_job(JOB_ID, total_timeout=10.0)
    assert fake.sleeps == []
    script = Script([status(429, **{"Retry-After": "4"}), job("complete")])
    client(script, fake).get_job(JOB_ID, total_timeout=10.0)
    assert fake.sleeps == [4.0]
    assert script.requests[1].extensions["timeout"]["read"] == pytest.approx(6.0)


# ------------------------------------------------------------------ errors and bodies


@pytest.mark.parametrize(
    ("code", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, InternalServerError),
        (418, APIStatusError),
        (499, APIStatusError),
        (520, InternalServerError),
    ],
)
def test_error_classes(code: int, cls: type[APIStatusError]) -> None:
    script = Script([status(code, {"message": "no"}, **{"x-request-id": "req_1"})])
    with pytest.raises(cls) as caught:
        client(script, max_retries=0).get_job(JOB_ID)
    error = caught.value
    assert type(error) is cls
    assert error.status_code == code
    assert error.request_id == "req_1"
    assert isinstance(error, jobclients.APIError)


def test_declared_error_body_is_parsed_into_its_model() -> None:
    body = {
        "code": 404,
        "finch_code": "item_not_found",
        "name": "not_found_error",
        "message": "could not find job",
    }
    script = Script([status(404, body)])
    with pytest.raises(NotFoundError) as caught:
        client(script).get_job(JOB_ID)
    assert isinstance(caught.value.body, GetJob404Error)
    assert caught.value.body.finch_code == "item_not_found"
    script = Script([httpx.Response(404, content=b"plain text")])
    with pytest.raises(NotFoundError) as caught:
        client(script).get_job(JOB_ID)
    assert caught.value.body == "plain text"


def test_undeclared_success_status_reads_as_the_declared_one() -> None:
    script = Script([httpx.Response(299, json={"job_id": JOB_ID, "status": "pending"})])
    result = client(script).get_job(JOB_ID)
    assert isinstance(result, ManualAsyncJob)
    assert result.status == "pending"


def test_invalid_2xx_body_keeps_the_raw_body() -> None:
    raw = b'{"job_id": "not-a-uuid", "status": "pending"}'
    script = Script([httpx.Response(200, content=raw)])
    with pytest.raises(ResponseValidationError) as caught:
        client(script).get_job(JOB_ID)
    assert caught.value.raw_body == raw
    assert "job_id" in str(caught.value)


def test_models_tolerate_drift() -> None:
    script = Script([job("cancelled", new_field={"x": 1})])
    c = client(script)
    result = c.get_job(JOB_ID)
    assert result.status == "cancelled"
    assert result.model_extra == {"new_field": {"x": 1}}
    assert c.status_of(result) is jobclients.JobStatus.UNKNOWN


def test_oversized_and_bomb_responses_are_refused() -> None:
    big = b'{"status": "' + b"x" * 5000 + b'"}'
    script = Script([httpx.Response(200, content=big)])
    with pytest.raises(ResponseTooLargeError):
        client(script, max_response_bytes=1000).get_job(JOB_ID)
    bomb = gzip.compress(b" " * 10_000_000)
    assert len(bomb) < 20_000
    script = Script([httpx.Response(200, content=bomb, headers={"Content-Encoding": "gzip"})])
    with pytest.raises(ResponseTooLargeError):
        client(script, max_response_bytes=1_000_000).get_job(JOB_ID)


def test_raw_response() -> None:
    script = Script([job("complete")])
    raw = client(script).with_raw_response.get_job(JOB_ID)
    assert isinstance(raw.http_response, httpx.Response)
    assert raw.status_code == 200
    assert raw.parse().status == "complete"
    assert raw.parse() is raw.parse()


def test_client_closes_only_its_own_pool() -> None:
    mine = FinchClient(access_token=SECRET)
    with mine:
        pass
    assert mine._http.is_closed
    theirs = httpx.Client()
    with FinchClient(access_token=SECRET, http_client=theirs):
        pass
    assert not theirs.is_closed
    theirs.close()


# ------------------------------------------------------------------ async


def test_async_retries_and_errors() -> None:
    fake = FakeTime()

    async def run() -> None:
        script = Script([status(503), httpx.ConnectError("reset"), job("complete")])
        async with async_client(script, fake, retry_policy=RetryPolicy(jitter=0.0)) as c:
            assert (await c.get_job(JOB_ID)).status == "complete"
            assert len(script.requests) == 3
        script = Script([status(404, {"finch_code": "item_not_found"})])
        async with async_client(script, fake) as c:
            with pytest.raises(NotFoundError) as caught:
                await c.get_job(JOB_ID)
            assert caught.value.body.finch_code == "item_not_found"
        script = Script([job("complete")])
        async with async_client(script, fake) as c:
            raw = await c.with_raw_response.get_job(JOB_ID)
            assert raw.status_code == 200
            assert raw.parse().status == "complete"

    asyncio.run(run())
    assert fake.sleeps == [0.5, 1.0]


# ------------------------------------------------------------------ imports


def _modules_after(statement: str) -> list[str]:
    code = (
        f"import sys; {statement}; "
        "print(sorted(m for m in sys.modules if m.startswith('jobclients')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return list(eval(out.stdout))  # our own printed list of names


def test_imports_are_lazy() -> None:
    after_root = _modules_after("import jobclients")
    vendors = set(jobclients.VENDORS)
    assert not [m for m in after_root if m.split(".")[1:2] and m.split(".")[1] in vendors]
    after_finch = _modules_after("import jobclients.finch")
    loaded = {m.split(".")[1] for m in after_finch if m.count(".") >= 1}
    assert loaded & vendors == {"finch"}
