"""Retries: what is retried, how long each wait is, and the budget of a whole call."""

from __future__ import annotations

import email.utils
import http.server
import threading
import time
from collections.abc import Callable

import httpx
import pytest

from jobclients._runtime import (
    APIConnectionError,
    APITimeoutError,
    BadRequestError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
    RetryPolicy,
)
from jobclients._runtime._retry import retry_after
from tests.runtime.conftest import Connect
from tests.runtime.fake_vendor import FakeClient, NewJob
from tests.runtime.helpers import JOB_ID, FakeTime, Reply, job, reply

# random() = 0.5 takes an eighth off every wait (jitter 0.25): 0.5 * 0.875, 1.0 * 0.875...
FIXED = RetryPolicy(random=lambda: 0.5)
WAITS = [0.4375, 0.875, 1.75, 3.5, 7.0, 7.0]


@pytest.mark.parametrize("code", [408, 409, 429, 500, 502, 503, 504, 520])
def test_retryable_statuses(connect: Connect, code: int) -> None:
    api = connect(reply(code), reply(code), job("complete"), retry_policy=FIXED)
    assert api.run(lambda c: c.get_job(JOB_ID)).status == "complete"
    assert len(api.requests) == 3
    assert api.sleeps == WAITS[:2]


def test_gives_up_after_max_retries_with_the_last_error(connect: Connect) -> None:
    api = connect(reply(503, {"error": "down"}), retry_policy=FIXED)
    with pytest.raises(InternalServerError) as caught:
        api.run(lambda c: c.get_job(JOB_ID))
    assert caught.value.body == {"error": "down"}
    assert len(api.requests) == 3
    assert api.sleeps == WAITS[:2]


@pytest.mark.parametrize("code", [400, 401, 403, 404, 422])
def test_client_errors_are_not_retried(connect: Connect, code: int) -> None:
    api = connect(reply(code), job("complete"))
    with pytest.raises(Exception) as caught:
        api.run(lambda c: c.get_job(JOB_ID))
    assert getattr(caught.value, "status_code", None) == code
    assert len(api.requests) == 1
    assert api.sleeps == []


def test_connection_errors_and_timeouts_are_retried(connect: Connect) -> None:
    api = connect(
        httpx.ConnectError("refused"),
        httpx.ReadTimeout("slow"),
        job("complete"),
        retry_policy=FIXED,
    )
    assert api.run(lambda c: c.get_job(JOB_ID)).status == "complete"
    assert len(api.requests) == 3
    assert api.sleeps == WAITS[:2]


def test_a_timeout_that_persists_is_an_api_timeout_error(connect: Connect) -> None:
    api = connect(httpx.ReadTimeout("slow"), retry_policy=FIXED)
    with pytest.raises(APITimeoutError) as caught:
        api.run(lambda c: c.get_job(JOB_ID))
    assert isinstance(caught.value.__cause__, httpx.ReadTimeout)
    assert len(api.requests) == 3


def test_a_dropped_connection_is_a_connection_error(connect: Connect) -> None:
    api = connect(httpx.RemoteProtocolError("peer closed"), retry_policy=FIXED)
    with pytest.raises(APIConnectionError) as caught:
        api.run(lambda c: c.get_job(JOB_ID))
    assert not isinstance(caught.value, APITimeoutError)
    assert len(api.requests) == 3


def test_a_local_error_is_not_retried(connect: Connect) -> None:
    api = connect(httpx.UnsupportedProtocol("gopher"))
    with pytest.raises(APIConnectionError):
        api.run(lambda c: c.get_job(JOB_ID))
    assert len(api.requests) == 1


def test_post_is_not_retried_where_the_server_may_have_acted(connect: Connect) -> None:
    api = connect(reply(503))
    with pytest.raises(InternalServerError):
        api.run(lambda c: c.create_job(NewJob(jobKind="x")))
    assert len(api.requests) == 1
    for dropped in (
        httpx.ReadTimeout("slow"),
        httpx.RemoteProtocolError("peer closed"),
        httpx.ReadError("reset"),
        httpx.WriteError("broken pipe"),
    ):
        api = connect(dropped)
        with pytest.raises(APIConnectionError) as caught:
            api.run(lambda c: c.create_job(NewJob(jobKind="x")))
        assert len(api.requests) == 1
        assert "may have reached the server" in str(caught.value)
        assert "a job may have started" in str(caught.value)


NOT_ACTED: dict[str, Callable[[], Reply]] = {
    "429": lambda: reply(429, retry_after="0"),
    "refused": lambda: httpx.ConnectError("refused"),
    "connect-timeout": lambda: httpx.ConnectTimeout("no route"),
    "pool-timeout": lambda: httpx.PoolTimeout("pool full"),
}


@pytest.mark.parametrize("first", sorted(NOT_ACTED))
def test_post_is_retried_where_the_server_cannot_have_acted(connect: Connect, first: str) -> None:
    created = httpx.Response(201, json={"job_id": JOB_ID, "status": "pending"})
    api = connect(NOT_ACTED[first](), created, retry_policy=FIXED)
    assert api.run(lambda c: c.create_job(NewJob(jobKind="x"))).job_id == JOB_ID
    assert len(api.requests) == 2


def test_a_get_that_fails_says_nothing_of_acting(connect: Connect) -> None:
    api = connect(httpx.RemoteProtocolError("peer closed"), retry_policy=FIXED)
    with pytest.raises(APIConnectionError) as caught:
        api.run(lambda c: c.get_job(JOB_ID))
    assert "may have reached" not in str(caught.value)


def test_x_should_retry_true_retries_a_post(connect: Connect) -> None:
    created = httpx.Response(201, json={"job_id": JOB_ID, "status": "pending"})
    api = connect(reply(503, x_should_retry="true"), created, retry_policy=FIXED)
    assert api.run(lambda c: c.create_job(NewJob(jobKind="x"))).job_id == JOB_ID
    assert len(api.requests) == 2
    assert api.sleeps == WAITS[:1]


def test_x_should_retry_true_retries_even_a_400(connect: Connect) -> None:
    api = connect(reply(400, x_should_retry="true"), job("complete"))
    api.run(lambda c: c.get_job(JOB_ID))
    assert len(api.requests) == 2


def test_x_should_retry_false_forbids_a_retry(connect: Connect) -> None:
    api = connect(reply(503, x_should_retry="false"), job("complete"))
    with pytest.raises(InternalServerError):
        api.run(lambda c: c.get_job(JOB_ID))
    assert len(api.requests) == 1


@pytest.mark.parametrize(
    ("headers", "wait"),
    [
        ({"Retry-After": "3"}, 3.0),
        ({"Retry-After": "0"}, 0.0),
        ({"Retry-After": "2.5"}, 2.5),
        ({"retry-after-ms": "1500"}, 1.5),
        ({"retry-after-ms": "250", "Retry-After": "9"}, 0.25),  # ms wins
        ({"Retry-After": "60"}, 60.0),  # the largest trusted
        ({"Retry-After": "61"}, WAITS[0]),  # too long: backoff instead
        ({"Retry-After": "3600"}, WAITS[0]),
        ({"Retry-After": "-1"}, WAITS[0]),
        ({"Retry-After": "soon"}, WAITS[0]),
        ({"Retry-After": "nan"}, WAITS[0]),
        ({"retry-after-ms": "900000"}, WAITS[0]),
    ],
)
def test_retry_after(connect: Connect, headers: dict[str, str], wait: float) -> None:
    api = connect(httpx.Response(429, headers=headers), job("complete"), retry_policy=FIXED)
    api.run(lambda c: c.get_job(JOB_ID))
    assert api.sleeps == [wait]


def test_retry_after_as_an_http_date(connect: Connect) -> None:
    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    api = connect(reply(503, retry_after=when), job("complete"), retry_policy=FIXED)
    api.run(lambda c: c.get_job(JOB_ID))
    [wait] = api.sleeps
    assert 28.0 <= wait <= 30.0  # the date has whole seconds
    past = email.utils.formatdate(time.time() - 30, usegmt=True)
    api = connect(reply(503, retry_after=past), job("complete"), retry_policy=FIXED)
    api.run(lambda c: c.get_job(JOB_ID))
    assert api.sleeps[-1] == WAITS[0]


def test_retry_after_parsing_against_a_fixed_wall_clock() -> None:
    now = 1_700_000_000.0
    date = email.utils.formatdate(now + 12, usegmt=True)
    assert retry_after(httpx.Headers({"Retry-After": date}), now=lambda: now) == 12.0
    assert retry_after(httpx.Headers({}), now=lambda: now) is None
    assert retry_after(httpx.Headers({"Retry-After": "Mon, 99 Foo"}), now=lambda: now) is None


def test_max_retries_per_client_and_per_call(connect: Connect) -> None:
    api = connect(reply(503), retry_policy=FIXED, max_retries=5)
    with pytest.raises(InternalServerError):
        api.run(lambda c: c.get_job(JOB_ID))
    assert len(api.requests) == 6
    assert api.sleeps == WAITS[:5]
    with pytest.raises(InternalServerError):
        api.run(lambda c: c.get_job(JOB_ID, max_retries=0))
    assert len(api.requests) == 7
    with pytest.raises(InternalServerError):
        api.run(lambda c: c.get_job(JOB_ID, max_retries=1))
    assert len(api.requests) == 9


def test_retry_policy_per_client_and_per_call(connect: Connect) -> None:
    policy = RetryPolicy(max_retries=3, initial_delay=2.0, max_delay=3.0, jitter=0.0)
    api = connect(reply(503), retry_policy=policy)
    with pytest.raises(InternalServerError):
        api.run(lambda c: c.get_job(JOB_ID))
    assert len(api.requests) == 4  # the policy's count: max_retries= was left alone
    assert api.fake.sleeps == [2.0, 3.0, 3.0]
    api.fake.sleeps.clear()
    other = RetryPolicy(max_retries=1, initial_delay=0.1, jitter=0.0)
    with pytest.raises(InternalServerError):
        api.run(lambda c: c.get_job(JOB_ID, retry_policy=other))
    assert api.fake.sleeps == [0.1]
    api.fake.sleeps.clear()
    with pytest.raises(InternalServerError):
        api.run(lambda c: c.get_job(JOB_ID, retry_policy=other, max_retries=2))
    assert api.fake.sleeps == [0.1, 0.2]
    # max_retries= set on the client wins over its policy's count.
    api = connect(reply(503), retry_policy=policy, max_retries=1)
    with pytest.raises(InternalServerError):
        api.run(lambda c: c.get_job(JOB_ID))
    assert len(api.requests) == 2


def test_total_timeout_stops_a_wait_that_would_pass_the_budget(connect: Connect) -> None:
    api = connect(reply(503), reply(503), job("complete"), retry_policy=FIXED, total_timeout=1.0)
    with pytest.raises(InternalServerError):
        api.run(lambda c: c.get_job(JOB_ID))
    # 0.4375 s fits; the next wait, 0.875 s, would end at 1.3125 s: the 503 is raised.
    assert api.sleeps == [0.4375]
    assert len(api.requests) == 2
    # The second attempt's timeout is cut to what the budget has left.
    assert api.requests[1].extensions["timeout"] == {
        "connect": pytest.approx(0.5625),
        "read": pytest.approx(0.5625),
        "write": pytest.approx(0.5625),
        "pool": pytest.approx(0.5625),
    }


def test_per_call_total_timeout_overrides_the_client(connect: Connect) -> None:
    api = connect(reply(503), reply(503), job("complete"), retry_policy=FIXED, total_timeout=1.0)
    assert api.run(lambda c: c.get_job(JOB_ID, total_timeout=None)).status == "complete"
    assert api.sleeps == WAITS[:2]
    assert api.requests[0].extensions["timeout"]["read"] == 60.0


def test_total_timeout_refuses_a_long_retry_after(connect: Connect) -> None:
    api = connect(reply(429, retry_after="20"), job("complete"))
    with pytest.raises(RateLimitError):
        api.run(lambda c: c.get_job(JOB_ID, total_timeout=10.0))
    assert api.sleeps == []
    api = connect(reply(429, retry_after="4"), job("complete"))
    api.run(lambda c: c.get_job(JOB_ID, total_timeout=10.0))
    assert api.sleeps == [4.0]
    assert api.requests[1].extensions["timeout"]["read"] == pytest.approx(6.0)


def test_total_timeout_counts_time_spent_in_requests(connect: Connect, fake: FakeTime) -> None:
    def slow(request: httpx.Request) -> httpx.Response:
        fake.now += 0.9  # the server took 0.9 s
        return httpx.Response(503)

    api = connect(slow, retry_policy=FIXED, total_timeout=1.0, timeout=None)
    with pytest.raises(InternalServerError):
        api.run(lambda c: c.get_job(JOB_ID))
    assert api.sleeps == []
    assert api.requests[0].extensions["timeout"]["read"] == 1.0  # None cut to the budget


def test_an_exhausted_budget_raises_a_timeout_before_sending(connect: Connect) -> None:
    api = connect(job("complete"))
    with pytest.raises(APITimeoutError, match="total_timeout"):
        api.run(lambda c: c.get_job(JOB_ID, total_timeout=0.0))
    assert api.requests == []


def test_errors_keep_their_classes_through_retries(connect: Connect) -> None:
    api = connect(reply(503), reply(404, {"code": 404, "message": "gone"}), retry_policy=FIXED)
    with pytest.raises(NotFoundError):
        api.run(lambda c: c.get_job(JOB_ID))
    assert len(api.requests) == 2
    api = connect(reply(503), reply(400), retry_policy=FIXED)
    with pytest.raises(BadRequestError):
        api.run(lambda c: c.get_job(JOB_ID))


def test_policy_backoff_and_validation() -> None:
    policy = RetryPolicy(random=lambda: 1.0)  # the most jitter: a quarter off
    assert [policy.backoff(n) for n in range(6)] == [0.375, 0.75, 1.5, 3.0, 6.0, 6.0]
    assert RetryPolicy(jitter=0.0).backoff(10) == 8.0
    for bad in (
        {"max_retries": -1},
        {"jitter": 1.5},
        {"initial_delay": -0.1},
        {"max_retry_after": -1.0},
    ):
        with pytest.raises(ValueError):
            RetryPolicy(**bad)


class _SlowHandler(http.server.BaseHTTPRequestHandler):
    """Answers every request, but only after longer than the client will wait."""

    delay = 2.0
    seen = 0

    def do_GET(self) -> None:
        type(self).seen += 1
        time.sleep(self.delay)
        try:
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()
        except OSError:
            pass  # the client has gone, as it should have

    def log_message(self, format: str, *args: object) -> None:
        return


def test_a_real_server_slower_than_the_timeout_is_a_timeout_error_retried_then_raised() -> None:
    """Real sockets, not a mocked exception: the read timeout fires, is retried, raises."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _SlowHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    sleeps: list[float] = []
    client = FakeClient(
        api_key="k",
        base_url=f"http://127.0.0.1:{server.server_address[1]}",
        timeout=httpx.Timeout(0.2, connect=1.0),
        max_retries=1,
        retry_policy=FIXED,
        sleep=sleeps.append,
    )
    started = time.monotonic()
    try:
        with pytest.raises(APITimeoutError) as caught:
            client.get_job(JOB_ID)
    finally:
        client.close()
        server.shutdown()
        server.server_close()
    elapsed = time.monotonic() - started
    assert isinstance(caught.value.__cause__, httpx.ReadTimeout)
    assert _SlowHandler.seen == 2  # the first attempt and one retry
    assert sleeps == [0.4375]
    # Two reads of 0.2 s each, far from the server's 2 s: the timeout is what ended them.
    assert elapsed < 1.5
