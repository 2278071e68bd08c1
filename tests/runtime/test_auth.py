"""Security schemes, and the credential kept out of reprs, messages and logs."""

from __future__ import annotations

import base64
import logging
from typing import Any

import httpx
import pytest

from jobclients._runtime import (
    DEFAULT_MAX_RESPONSE_BYTES,
    APIConnectionError,
    ApiKeyAuth,
    AsyncAPIClient,
    AuthenticationError,
    AuthScheme,
    BasicAuth,
    BearerAuth,
    Operation,
    ResponseSpec,
    ResponseTooLargeError,
    ResponseValidationError,
    SafeRequest,
    Secret,
    SyncAPIClient,
    redact,
    resolve_credential,
)
from tests.runtime.conftest import Connect
from tests.runtime.helpers import JOB_ID, SECRET, Mode, Script, job, reply, run

SECURED: Operation[object] = Operation(
    name="get_thing",
    method="GET",
    path="/things/{id}",
    responses={"200": ResponseSpec("json")},
    errors={},
    secured=True,
)


def call(
    mode: Mode,
    auth: AuthScheme,
    script: Script,
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    **parts: Any,
) -> Any:
    """One call of SECURED through a bare runtime client with ``auth``."""
    transport = httpx.MockTransport(script)
    base = "https://api.test/v1/"
    if mode == "sync":
        sync = SyncAPIClient(
            base_url=base,
            credential=SECRET,
            auth=auth,
            http_client=httpx.Client(transport=transport),
            sleep=lambda _: None,
            max_response_bytes=max_response_bytes,
        )
        return sync._request(SECURED, path_params={"id": 1}, **parts)
    asynchronous = AsyncAPIClient(
        base_url=base,
        credential=SECRET,
        auth=auth,
        http_client=httpx.AsyncClient(transport=transport),
        sleep=_no_sleep,
        max_response_bytes=max_response_bytes,
    )
    return run(asynchronous._request(SECURED, path_params={"id": 1}, **parts))


async def _no_sleep(seconds: float) -> None:
    pass


def ok() -> httpx.Response:
    return httpx.Response(200, json={"ok": True})


def test_secret_never_prints_itself() -> None:
    secret = Secret(SECRET)
    assert repr(secret) == str(secret) == f"{secret}" == "<redacted>"
    assert secret.reveal() == SECRET
    with pytest.raises(ValueError):
        Secret("")


def test_bearer(mode: Mode) -> None:
    script = Script([ok()])
    call(mode, BearerAuth(), script)
    assert script.requests[0].headers["Authorization"] == f"Bearer {SECRET}"


def test_basic(mode: Mode) -> None:
    script = Script([ok()])
    call(mode, BasicAuth(), script)
    expected = base64.b64encode(SECRET.encode()).decode()
    assert script.requests[0].headers["Authorization"] == f"Basic {expected}"


def test_api_key_in_header(mode: Mode) -> None:
    script = Script([ok()])
    call(mode, ApiKeyAuth("X-Api-Key", "header"), script)
    sent = script.requests[0]
    assert sent.headers["X-Api-Key"] == SECRET
    assert SECRET not in repr(sent.headers)
    assert "Authorization" not in sent.headers


def test_api_key_in_query_replaces_any_same_named_parameter(mode: Mode) -> None:
    script = Script([ok()])
    call(mode, ApiKeyAuth("api_key", "query"), script, query={"api_key": "spoof", "q": "x"})
    sent = script.requests[0]
    assert sent.url.params.get_list("api_key") == [SECRET]
    assert sent.url.params["q"] == "x"
    assert SECRET not in repr(sent)
    assert "<redacted>" in repr(sent)


def test_api_key_in_cookie_joins_other_cookies(mode: Mode) -> None:
    script = Script([ok()])
    call(mode, ApiKeyAuth("session", "cookie"), script, cookies={"theme": "dark", "gone": None})
    assert script.requests[0].headers["Cookie"] == f"theme=dark; session={SECRET}"


def test_no_credential_no_auth() -> None:
    script = Script([ok()])
    client = SyncAPIClient(
        base_url="https://api.test",
        credential=resolve_credential(None, parameter="token", env="NOPE_TOKEN", required=False),
        auth=BearerAuth(),
        http_client=httpx.Client(transport=httpx.MockTransport(script)),
    )
    client._request(SECURED, path_params={"id": 1})
    assert "Authorization" not in script.requests[0].headers


def test_redact_replaces_every_wire_form() -> None:
    keep = Secret(SECRET)
    forms = [
        SECRET,
        "sk_live%2FAb%2Bcd%26e%3Df",
        "sk_live%2FAb%2Bcd%26e%3Df".lower(),  # not a form we send: left alone
        base64.b64encode(SECRET.encode()).decode(),
    ]
    redacted = redact(" | ".join(forms))
    assert redacted.split(" | ")[:2] == ["<redacted>", "<redacted>"]
    assert redacted.split(" | ")[3] == "<redacted>"
    assert keep.reveal() == SECRET


def test_request_repr_hides_a_query_credential(mode: Mode) -> None:
    script = Script([ok()])
    call(mode, ApiKeyAuth("key", "query"), script)
    sent = script.requests[0]
    assert isinstance(sent, SafeRequest)
    assert sent.url.params["key"] == SECRET  # on the wire, as it must be
    assert SECRET not in repr(sent)
    assert "sk_live%2FAb" not in repr(sent)


def test_credential_kept_out_of_repr_errors_and_logs(
    connect: Connect, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="jobclients")
    # The server echoes the token back, as some do in their error messages.
    api = connect(reply(401, {"message": f"bad token {SECRET}"}))
    assert repr(api.client) == f"{type(api.client).__name__}(base_url='https://api.fake.test')"
    with pytest.raises(AuthenticationError) as caught:
        api.run(lambda c: c.get_job(JOB_ID))
    error = caught.value
    assert SECRET not in str(error)
    assert "<redacted>" in str(error)
    assert SECRET not in repr(error.request)
    assert SECRET not in repr(vars(api.client))
    assert caplog.records, "one DEBUG line per request was expected"
    for record in caplog.records:
        assert SECRET not in record.getMessage()


def test_query_credential_kept_out_of_transport_errors_and_logs(
    mode: Mode, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="jobclients")

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(f"cannot reach {request.url}")

    with pytest.raises(APIConnectionError) as caught:
        call(mode, ApiKeyAuth("key", "query"), Script([refuse]))
    assert SECRET not in str(caught.value)
    assert "sk_live%2FAb" not in str(caught.value)
    assert "retry" in caplog.text
    assert "sk_live" not in caplog.text


def test_query_credential_kept_out_of_size_and_parse_errors(mode: Mode) -> None:
    """The two errors raised on a body, not a status, quote the URL too: redacted."""
    key = ApiKeyAuth("key", "query")
    too_large = httpx.Response(200, content=b"x" * 5000)
    with pytest.raises(ResponseTooLargeError) as large:
        call(mode, key, Script([too_large]), max_response_bytes=1000)
    not_json = httpx.Response(200, content=b"not json: " + SECRET.encode())
    with pytest.raises(ResponseValidationError) as invalid:
        call(mode, key, Script([not_json]))
    assert "key=<redacted>" in str(large.value)
    for error in (large.value, invalid.value):
        shown = f"{error} {error!r} {error.request!r}"
        assert SECRET not in shown
        assert "sk_live%2FAb" not in shown


def test_the_ok_path_logs_method_url_status_and_time(
    connect: Connect, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="jobclients")
    api = connect(reply(503), job("complete"))
    api.run(lambda c: c.get_job(JOB_ID))
    lines = [r.getMessage() for r in caplog.records if r.name == "jobclients"]
    assert lines[0] == f"get_job: GET https://api.fake.test/jobs/{JOB_ID} -> 503 in 0 ms"
    assert lines[1].startswith("get_job: retry 1 of 2 in ")
    assert lines[1].endswith("after status 503")
    assert lines[2] == f"get_job: GET https://api.fake.test/jobs/{JOB_ID} -> 200 in 0 ms"
    assert len(lines) == 3
