"""Reading answers: typed errors and their bodies, validation, the size cap, raw access."""

from __future__ import annotations

import gc
import gzip
import weakref
import zlib

import httpx
import pytest

from jobclients._runtime import (
    APIError,
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    JobClientsError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RawResponse,
    ResponseTooLargeError,
    ResponseValidationError,
    UnprocessableEntityError,
    error_for_status,
)
from tests.runtime.conftest import Connect
from tests.runtime.fake_vendor import ErrorBody, Job, JobState, NewJob
from tests.runtime.helpers import JOB_ID, ChunkedStream, job, reply


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
        (302, APIStatusError),
    ],
)
def test_each_status_raises_its_class(
    connect: Connect, code: int, cls: type[APIStatusError]
) -> None:
    api = connect(reply(code, {"message": "no"}), max_retries=0)
    with pytest.raises(APIStatusError) as caught:
        api.run(lambda c: c.get_job(JOB_ID))
    error = caught.value
    assert type(error) is cls
    assert isinstance(error, APIError) and isinstance(error, JobClientsError)
    assert error.status_code == code
    assert error.response.status_code == code
    assert error.headers is error.response.headers
    assert error.request is not None and error.request.url.path == f"/jobs/{JOB_ID}"
    assert str(code) in str(error) and "get_job" in str(error)


def test_error_for_status_never_consults_http_status() -> None:
    assert error_for_status(599) is InternalServerError
    assert error_for_status(999) is InternalServerError
    assert error_for_status(299) is APIStatusError
    assert error_for_status(0) is APIStatusError


@pytest.mark.parametrize("header", ["x-request-id", "request-id", "x-amzn-requestid", "cf-ray"])
def test_request_id_from_any_known_header(connect: Connect, header: str) -> None:
    api = connect(httpx.Response(400, headers={header: "req_42"}))
    with pytest.raises(BadRequestError) as caught:
        api.run(lambda c: c.get_job(JOB_ID))
    assert caught.value.request_id == "req_42"


def test_request_id_takes_the_first_present(connect: Connect) -> None:
    api = connect(httpx.Response(400, headers={"cf-ray": "ray", "request-id": "rid"}))
    with pytest.raises(BadRequestError) as caught:
        api.run(lambda c: c.get_job(JOB_ID))
    assert caught.value.request_id == "rid"
    api = connect(httpx.Response(400))
    with pytest.raises(BadRequestError) as caught:
        api.run(lambda c: c.get_job(JOB_ID))
    assert caught.value.request_id is None


def test_declared_error_body_is_parsed_into_its_model(connect: Connect) -> None:
    body = {"code": 404, "message": "no such job", "fake_code": "job_not_found"}
    api = connect(reply(404, body))
    with pytest.raises(NotFoundError) as caught:
        api.run(lambda c: c.get_job(JOB_ID))
    assert isinstance(caught.value.body, ErrorBody)
    assert caught.value.body.fake_code == "job_not_found"


def test_error_body_falls_back_to_json_then_text_then_none(connect: Connect) -> None:
    api = connect(
        reply(404, {"unexpected": True}),  # declared model does not fit: the JSON
        httpx.Response(404, text="plain words"),  # not JSON: the text
        httpx.Response(404),  # nothing
        reply(500, {"error": "down"}),  # nothing declared for 500: the JSON
        max_retries=0,
    )
    bodies = []
    for _ in range(4):
        with pytest.raises(APIStatusError) as caught:
            api.run(lambda c: c.get_job(JOB_ID))
        bodies.append(caught.value.body)
    assert bodies == [{"unexpected": True}, "plain words", None, {"error": "down"}]


def test_error_body_by_status_range(connect: Connect) -> None:
    api = connect(reply(422, {"code": 422, "message": "bad kind"}))
    with pytest.raises(UnprocessableEntityError) as caught:
        api.run(lambda c: c.create_job(NewJob(jobKind="?")))
    assert caught.value.body == ErrorBody(code=422, message="bad kind")


def test_error_message_quotes_a_short_excerpt(connect: Connect) -> None:
    api = connect(httpx.Response(400, text="x" * 1000 + "\n tail"))
    with pytest.raises(BadRequestError) as caught:
        api.run(lambda c: c.get_job(JOB_ID))
    message = str(caught.value)
    assert message.startswith(f"400 Bad Request from GET https://api.fake.test/jobs/{JOB_ID}")
    assert message.endswith("x" * 300 + "...")


def test_an_off_spec_2xx_body_keeps_its_raw_bytes(connect: Connect) -> None:
    raw = b'{"job_id": 7}'
    api = connect(httpx.Response(200, content=raw))
    with pytest.raises(ResponseValidationError) as caught:
        api.run(lambda c: c.get_job(JOB_ID))
    error = caught.value
    assert error.raw_body == raw
    assert error.status_code == 200
    assert error.response.status_code == 200
    assert {e["loc"][0] for e in error.errors} == {"job_id", "status"}
    assert "get_job" in str(error) and "2 error(s)" in str(error)


def test_a_2xx_that_is_not_json(connect: Connect) -> None:
    api = connect(httpx.Response(200, text="<html>maintenance</html>"))
    with pytest.raises(ResponseValidationError) as caught:
        api.run(lambda c: c.get_job(JOB_ID))
    assert caught.value.raw_body == b"<html>maintenance</html>"


def test_an_undeclared_2xx_is_a_success(connect: Connect) -> None:
    api = connect(
        httpx.Response(299, json={"job_id": JOB_ID, "status": "complete"}),
        httpx.Response(204),
    )
    assert api.run(lambda c: c.get_job(JOB_ID)).status is JobState.COMPLETE
    # No spec for a 204 and no body: None.
    assert api.run(lambda c: c.get_job(JOB_ID)) is None


def test_models_tolerate_a_new_status_and_new_fields(connect: Connect) -> None:
    api = connect(reply(200, {"job_id": JOB_ID, "status": "paused", "eta": 3}))
    result = api.run(lambda c: c.get_job(JOB_ID))
    assert result.status == "paused"
    assert result.model_extra == {"eta": 3}


def test_raw_response(connect: Connect) -> None:
    api = connect(job("complete", **{"x-request-id": "req_9"}))
    raw = api.run(lambda c: c.with_raw_response.get_job(JOB_ID))
    assert isinstance(raw, RawResponse)
    assert isinstance(raw.http_response, httpx.Response)
    assert raw.status_code == 200
    assert raw.headers["x-request-id"] == raw.request_id == "req_9"
    parsed = raw.parse()
    assert isinstance(parsed, Job)
    assert raw.parse() is parsed
    assert repr(raw) == "<RawResponse [200]>"


def test_a_dropped_response_is_freed_at_once_not_at_the_next_collection(
    connect: Connect,
) -> None:
    """A walk of a long list (or many waits) keeps no trail of answers for the cyclic
    collector: once read, a response refers to nothing that refers back to it."""
    api = connect(job("complete"))
    gc.disable()
    try:
        raw = api.run(lambda c: c.with_raw_response.get_job(JOB_ID))
        assert raw.parse().status == "complete"
        assert raw.http_response.content  # the body stays readable
        freed = weakref.ref(raw.http_response)
        del raw
        assert freed() is None
    finally:
        gc.enable()


def test_raw_response_parses_lazily(connect: Connect) -> None:
    api = connect(httpx.Response(200, content=b"not json"))
    raw = api.run(lambda c: c.with_raw_response.get_job(JOB_ID))
    assert raw.http_response.content == b"not json"
    with pytest.raises(ResponseValidationError):
        raw.parse()


def test_raw_response_still_raises_for_errors(connect: Connect) -> None:
    api = connect(reply(404))
    with pytest.raises(NotFoundError):
        api.run(lambda c: c.with_raw_response.get_job(JOB_ID))


# ---------------------------------------------------------------------- size cap


def test_a_body_over_the_cap_is_refused(connect: Connect) -> None:
    big = b'{"job_id": "' + b"x" * 5000 + b'", "status": "complete"}'
    api = connect(httpx.Response(200, content=big), max_response_bytes=1000)
    with pytest.raises(ResponseTooLargeError) as caught:
        api.run(lambda c: c.get_job(JOB_ID))
    assert caught.value.limit == 1000
    assert "max_response_bytes" in str(caught.value)
    fits = connect(httpx.Response(200, content=big), max_response_bytes=len(big))
    assert fits.run(lambda c: c.get_job(JOB_ID)).status is JobState.COMPLETE


def test_a_declared_length_over_the_cap_is_refused_before_reading(connect: Connect) -> None:
    stream = ChunkedStream(b"x" * 5000)
    big = httpx.Response(200, stream=stream, headers={"Content-Length": "5000"})
    api = connect(big, max_response_bytes=1000)
    with pytest.raises(ResponseTooLargeError):
        api.run(lambda c: c.get_job(JOB_ID))
    assert stream.served == 0


def test_a_gzip_bomb_is_refused_while_inflating(connect: Connect) -> None:
    bomb = gzip.compress(b"\0" * 50_000_000)
    assert len(bomb) < 100_000
    stream = ChunkedStream(bomb, chunk=1024)
    response = httpx.Response(200, stream=stream, headers={"Content-Encoding": "gzip"})
    api = connect(response, max_response_bytes=1_000_000)
    with pytest.raises(ResponseTooLargeError):
        api.run(lambda c: c.get_job(JOB_ID))
    # Refused within the first few chunks, not after inflating all 50 MB.
    assert stream.served < 5 < len(stream.chunks)


def test_a_deflate_bomb_is_refused_while_inflating(connect: Connect) -> None:
    bomb = zlib.compress(b"\0" * 50_000_000, 9)
    assert len(bomb) < 100_000
    stream = ChunkedStream(bomb, chunk=1024)
    response = httpx.Response(200, stream=stream, headers={"Content-Encoding": "deflate"})
    api = connect(response, max_response_bytes=1_000_000)
    with pytest.raises(ResponseTooLargeError):
        api.run(lambda c: c.get_job(JOB_ID))
    assert stream.served < 5 < len(stream.chunks)


def test_a_compressed_body_under_the_cap_is_read(connect: Connect) -> None:
    body = b'{"job_id": "j", "status": "complete"}'
    stream = ChunkedStream(gzip.compress(body), chunk=8)
    response = httpx.Response(200, stream=stream, headers={"Content-Encoding": "gzip"})
    api = connect(response, max_response_bytes=len(body))
    assert api.run(lambda c: c.get_job(JOB_ID)).job_id == "j"


def test_an_oversized_error_body_is_refused_too(connect: Connect) -> None:
    api = connect(httpx.Response(500, content=b"e" * 2000), max_response_bytes=1000)
    with pytest.raises(ResponseTooLargeError):
        api.run(lambda c: c.get_job(JOB_ID))
    assert len(api.requests) == 1
