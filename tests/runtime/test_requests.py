"""Building requests: URL, path and query encoding, headers, bodies, timeouts, lifecycle
of the connection pool. Each test runs on the sync and the async client."""

from __future__ import annotations

import datetime
import enum
import json

import httpx
import pytest

from jobclients._runtime import (
    NOT_GIVEN,
    ApiKeyAuth,
    AsyncAPIClient,
    BodyType,
    MissingCredentialError,
    NotGiven,
    Operation,
    RequestOptions,
    ResponseSpec,
    SyncAPIClient,
)
from tests.runtime.conftest import Connect
from tests.runtime.fake_vendor import AsyncFakeClient, FakeClient, JobState, NewJob
from tests.runtime.helpers import BASE_URL, JOB_ID, SECRET, Mode, Script, job, run


def test_not_given_is_a_falsy_singleton() -> None:
    assert not NOT_GIVEN
    assert repr(NOT_GIVEN) == "NOT_GIVEN"
    assert NotGiven() is NOT_GIVEN


def test_a_call_sends_method_url_auth_and_default_headers(connect: Connect) -> None:
    api = connect(job("pending"))
    result = api.run(lambda c: c.get_job(JOB_ID))
    assert result.status is JobState.PENDING
    sent = api.requests[0]
    assert sent.method == "GET"
    assert str(sent.url) == f"{BASE_URL}/jobs/{JOB_ID}"
    assert sent.headers["Authorization"] == f"Bearer {SECRET}"
    assert sent.headers["Api-Version"] == "2020-09-17"
    assert sent.headers["Accept"] == "application/json"
    assert sent.headers["User-Agent"] == "jobclients"
    # The http client's own defaults still go out, e.g. so that bodies come compressed.
    assert "gzip" in sent.headers["Accept-Encoding"]
    assert "Content-Type" not in sent.headers


def test_header_precedence(connect: Connect) -> None:
    api = connect(
        job("pending"),
        default_headers={"Api-Version": "client", "X-Team": "client", "Accept": "text/x-client"},
    )
    api.run(lambda c: c.get_job(JOB_ID))
    first = api.requests[0].headers
    assert first["Accept"] == "text/x-client"  # client default_headers > runtime defaults
    assert first["Api-Version"] == "2020-09-17"  # the operation's header > client defaults
    assert first["X-Team"] == "client"
    api.run(lambda c: c.get_job(JOB_ID, api_version="2024-01-01"))
    assert api.requests[1].headers["Api-Version"] == "2024-01-01"
    extra = {"X-Team": "call", "Api-Version": "call", "Authorization": "Bearer someone-else"}
    api.run(lambda c: c.get_job(JOB_ID, extra_headers=extra))
    last = api.requests[2].headers
    assert last["X-Team"] == "call"  # per-call extra_headers > everything else
    assert last["Api-Version"] == "call"
    assert last["Authorization"] == f"Bearer {SECRET}"  # auth is applied last


def test_http_client_headers_are_the_lowest_layer(mode: Mode) -> None:
    script = Script([job("pending")])
    transport = httpx.MockTransport(script)
    headers = {"X-Tenant": "t1", "User-Agent": "theirs"}
    if mode == "sync":
        run(
            FakeClient(
                api_key=SECRET, http_client=httpx.Client(transport=transport, headers=headers)
            ).get_job(JOB_ID)
        )
    else:
        run(
            AsyncFakeClient(
                api_key=SECRET,
                http_client=httpx.AsyncClient(transport=transport, headers=headers),
            ).get_job(JOB_ID)
        )
    sent = script.requests[0].headers
    assert sent["X-Tenant"] == "t1"
    assert sent["User-Agent"] == "jobclients"


def test_none_headers_are_dropped_and_json_bodies_use_aliases(connect: Connect) -> None:
    created = httpx.Response(201, json={"job_id": JOB_ID, "status": "pending"})
    api = connect(created)
    api.run(lambda c: c.create_job(NewJob(jobKind="ocr")))
    sent = api.requests[0]
    assert "Idempotency-Key" not in sent.headers
    assert sent.headers["Content-Type"] == "application/json"
    # By alias, and fields never set (priority) are left out rather than sent as null.
    assert json.loads(sent.content) == {"jobKind": "ocr"}
    api.run(lambda c: c.create_job({"jobKind": "x", "when": None}, idempotency_key="k1"))
    sent = api.requests[1]
    assert sent.headers["Idempotency-Key"] == "k1"
    assert json.loads(sent.content) == {"jobKind": "x", "when": None}


@pytest.mark.parametrize(
    ("job_id", "raw_path"),
    [
        ("../admin", b"/jobs/..%2Fadmin"),
        ("a/b?c#d", b"/jobs/a%2Fb%3Fc%23d"),
        ("..", b"/jobs/%2E%2E"),
        (".", b"/jobs/%2E"),
        ("%2F", b"/jobs/%252F"),
        ("a b+é", b"/jobs/a%20b%2B%C3%A9"),
        ("...", b"/jobs/..."),
    ],
)
def test_path_parameters_stay_one_segment(connect: Connect, job_id: str, raw_path: bytes) -> None:
    api = connect(job("pending"))
    api.run(lambda c: c.get_job(job_id))
    assert api.requests[0].url.raw_path == raw_path


def test_an_empty_path_parameter_is_refused(connect: Connect) -> None:
    api = connect(job("pending"))
    with pytest.raises(ValueError, match="job_id"):
        api.run(lambda c: c.get_job(""))
    assert api.requests == []


def test_query_serialisation(connect: Connect) -> None:
    api = connect(httpx.Response(200, json={"jobs": []}))
    api.run(
        lambda c: c.list_jobs(
            status=[JobState.PENDING, JobState.COMPLETE],
            tags=["a", "b,c"],
            limit=10,
            include_archived=False,
            since=datetime.date(2024, 5, 1),
        )
    )
    url = api.requests[0].url
    # Trailing slash of the path kept; lists exploded unless the spec says otherwise.
    assert url.path == "/jobs/"
    assert url.params.get_list("status") == ["pending", "complete"]
    assert url.params.get_list("tags") == ["a,b,c"]
    assert url.params["limit"] == "10"
    assert url.params["include_archived"] == "false"
    assert url.params["since"] == "2024-05-01"
    api.run(lambda c: c.list_jobs(limit=None, include_archived=True))
    assert list(api.requests[1].url.params.multi_items()) == [("include_archived", "true")]


def test_extra_query_adds_and_replaces(connect: Connect) -> None:
    api = connect(httpx.Response(200, json={"jobs": []}))
    api.run(lambda c: c.list_jobs(limit=5, extra_query={"limit": 7, "trace": True}))
    assert list(api.requests[0].url.params.multi_items()) == [("limit", "7"), ("trace", "true")]


def test_base_url_and_path_join_with_one_slash(mode: Mode) -> None:
    op: Operation[object] = Operation(
        name="get_job",
        method="GET",
        path="/api/v1/jobs/{id}/",
        responses={"200": ResponseSpec("json")},
        errors={},
        secured=False,
    )
    script = Script([httpx.Response(200, json={})])
    base = "https://platform.unstructuredapp.io/"
    if mode == "sync":
        sync = SyncAPIClient(
            base_url=base,
            credential=None,
            auth=None,
            http_client=httpx.Client(transport=httpx.MockTransport(script)),
        )
        sync._request(op, path_params={"id": "x"})
    else:
        asynchronous = AsyncAPIClient(
            base_url=base,
            credential=None,
            auth=None,
            http_client=httpx.AsyncClient(transport=httpx.MockTransport(script)),
        )
        run(asynchronous._request(op, path_params={"id": "x"}))
    assert str(script.requests[0].url) == "https://platform.unstructuredapp.io/api/v1/jobs/x/"


def test_default_and_per_call_timeouts_reach_httpx(connect: Connect) -> None:
    api = connect(job("pending"))
    api.run(lambda c: c.get_job(JOB_ID))
    assert api.requests[0].extensions["timeout"] == {
        "connect": 5.0,
        "read": 60.0,
        "write": 60.0,
        "pool": 60.0,
    }
    api.run(lambda c: c.get_job(JOB_ID, timeout=2.5))
    assert api.requests[1].extensions["timeout"] == {
        "connect": 2.5,
        "read": 2.5,
        "write": 2.5,
        "pool": 2.5,
    }
    api.run(lambda c: c.get_job(JOB_ID, timeout=None))
    assert set(api.requests[2].extensions["timeout"].values()) == {None}
    other = connect(job("pending"), timeout=httpx.Timeout(9.0, connect=1.0))
    other.run(lambda c: c.get_job(JOB_ID))
    assert other.requests[0].extensions["timeout"]["connect"] == 1.0
    assert other.requests[0].extensions["timeout"]["read"] == 9.0


def test_unsecured_operations_carry_no_credential(connect: Connect) -> None:
    api = connect(httpx.Response(200, json={"ok": True}))
    assert api.run(lambda c: c.health()) == {"ok": True}
    assert "Authorization" not in api.requests[0].headers


def test_text_and_empty_responses(connect: Connect) -> None:
    api = connect(httpx.Response(200, text="line 1\nline 2"), httpx.Response(204))
    assert api.run(lambda c: c.get_job_log(JOB_ID)) == "line 1\nline 2"
    assert api.run(lambda c: c.delete_job(JOB_ID)) is None
    assert api.requests[1].method == "DELETE"


# ---------------------------------------------------------------------- bodies


BODY_OP: Operation[object] = Operation(
    name="upload",
    method="POST",
    path="/uploads",
    responses={"200": ResponseSpec("json")},
    errors={},
    secured=True,
)


def _client(script: Script) -> SyncAPIClient:
    return SyncAPIClient(
        base_url=BASE_URL,
        credential=SECRET,
        auth=ApiKeyAuth("X-Api-Key", "header"),
        http_client=httpx.Client(transport=httpx.MockTransport(script)),
    )


def test_form_multipart_and_raw_bodies() -> None:
    script = Script([httpx.Response(200, json={})])
    client = _client(script)
    client._request(BODY_OP, form_body={"name": "a b", "tags": ["x", "y"], "draft": True})
    form = script.requests[0]
    assert form.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert form.content == b"name=a+b&tags=x&tags=y&draft=true"

    client._request(
        BODY_OP,
        multipart_body={"file": ("a.txt", b"hello", "text/plain"), "purpose": "ocr"},
        headers={"Content-Type": "application/json"},  # must not break the boundary
    )
    multipart = script.requests[1]
    assert multipart.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    body = multipart.content
    assert b'name="file"; filename="a.txt"' in body
    assert b'name="purpose"\r\n\r\nocr' in body

    client._request(BODY_OP, multipart_body={"purpose": "ocr"})
    assert script.requests[2].headers["Content-Type"].startswith("multipart/form-data")

    client._request(BODY_OP, content=b"\x00\x01", content_type="application/pdf")
    raw = script.requests[3]
    assert raw.headers["Content-Type"] == "application/pdf"
    assert raw.content == b"\x00\x01"

    with pytest.raises(ValueError, match="one body"):
        client._request(BODY_OP, json_body={}, content=b"x")


def test_json_null_body_is_sent_and_not_given_is_no_body() -> None:
    script = Script([httpx.Response(200, json={})])
    client = _client(script)
    client._request(BODY_OP, json_body=None)
    assert script.requests[0].content == b"null"
    client._request(BODY_OP, options=RequestOptions())
    assert script.requests[1].content == b""
    client._request(BODY_OP, json_body=[NewJob(jobKind="a", priority=2)])
    assert json.loads(script.requests[2].content) == [{"jobKind": "a", "priority": 2}]


def test_typed_json_response_of_any_declared_type() -> None:
    op: Operation[list[int]] = Operation(
        name="numbers",
        method="GET",
        path="/numbers",
        responses={"200": ResponseSpec("json", BodyType(__name__, "list[int]"))},
        errors={},
        secured=False,
    )
    script = Script([httpx.Response(200, json=[1, "2"])])
    assert _client(script)._request(op) == [1, 2]


# ---------------------------------------------------------------------- configuration


def test_credential_and_base_url_from_keyword_env_or_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FAKE_API_KEY", "from-env")
    monkeypatch.setenv("FAKE_BASE_URL", "https://env.fake.test/")
    client = FakeClient()
    assert client.base_url == "https://env.fake.test"
    assert FakeClient(base_url="https://kw.fake.test").base_url == "https://kw.fake.test"
    monkeypatch.delenv("FAKE_BASE_URL")
    assert FakeClient().base_url == "https://api.fake.test"
    monkeypatch.delenv("FAKE_API_KEY")
    with pytest.raises(MissingCredentialError, match=r"pass api_key= or set FAKE_API_KEY"):
        FakeClient()
    with pytest.raises(MissingCredentialError):
        AsyncFakeClient(api_key="")
    with pytest.raises(ValueError, match="base_url"):
        FakeClient(api_key=SECRET, base_url="api.fake.test")


def test_client_closes_only_its_own_pool() -> None:
    with FakeClient(api_key=SECRET) as mine:
        pass
    assert mine._http.is_closed
    theirs = httpx.Client()
    with FakeClient(api_key=SECRET, http_client=theirs):
        pass
    assert not theirs.is_closed
    theirs.close()


@pytest.mark.anyio
async def test_async_client_closes_only_its_own_pool() -> None:
    async with AsyncFakeClient(api_key=SECRET) as mine:
        pass
    assert mine._http.is_closed
    theirs = httpx.AsyncClient()
    async with AsyncFakeClient(api_key=SECRET, http_client=theirs):
        pass
    assert not theirs.is_closed
    await theirs.aclose()


class _Tier(enum.Enum):
    GOLD = 1


def test_header_and_cookie_values_are_spelled_like_query_values() -> None:
    """Dates in ISO 8601, booleans as JSON spells them, an enum by its value (not its
    ``Class.NAME``), None left out."""
    script = Script([httpx.Response(200, json={})])
    _client(script)._request(
        BODY_OP,
        headers={
            "X-Day": datetime.date(2020, 9, 17),
            "X-Flag": False,
            "X-Tier": _Tier.GOLD,
            "X-Gone": None,
        },
        cookies={"since": datetime.date(2024, 1, 2), "on": True},
        options=RequestOptions(),
    )
    sent = script.requests[0].headers
    assert (sent["X-Day"], sent["X-Flag"], sent["X-Tier"]) == ("2020-09-17", "false", "1")
    assert "X-Gone" not in sent
    assert sent["Cookie"] == "since=2024-01-02; on=true"


def test_array_and_object_headers_are_in_simple_style() -> None:
    """OpenAPI's header style is simple, not exploded: ``a,b`` and ``k1,v1,k2,v2``,
    never a Python list's repr (``['a', 'b']``); a model is the object it stands for."""
    script = Script([httpx.Response(200, json={})])
    _client(script)._request(
        BODY_OP,
        headers={
            "X-Tiers": [_Tier.GOLD, "silver", None],
            "X-Shape": {"w": 2, "h": None, "deep": True},
            "X-Job": NewJob(jobKind="a"),
        },
        cookies={"tags": ["x", "y"]},
        options=RequestOptions(),
    )
    sent = script.requests[0].headers
    assert sent["X-Tiers"] == "1,silver"
    assert sent["X-Shape"] == "w,2,deep,true"
    assert sent["X-Job"] == "jobKind,a"
    assert sent["Cookie"] == "tags=x,y"


def test_an_object_query_parameter_is_written_as_its_fields() -> None:
    """A model in the query is the object it stands for: form and exploded gives its
    fields as parameters (``jobKind=a``), deepObject ``filter[jobKind]=a``; never its
    repr (``jobKind='a' priority=None``)."""
    script = Script([httpx.Response(200, json={})])
    client = _client(script)
    client._request(BODY_OP, query={"filter": NewJob(jobKind="a", priority=2)})
    assert script.requests[0].url.params.multi_items() == [("jobKind", "a"), ("priority", "2")]
    client._request(
        BODY_OP,
        query={"filter": NewJob(jobKind="a")},
        query_style={"filter": ("deepObject", True)},
    )
    assert script.requests[1].url.params.multi_items() == [("filter[jobKind]", "a")]


def test_a_multipart_object_field_is_one_json_part() -> None:
    """An object field is one part, JSON-encoded (OpenAPI's default for an object), not
    flattened into its sub-fields; an array of primitives repeats its part."""
    script = Script([httpx.Response(200, json={})])
    _client(script)._request(
        BODY_OP,
        multipart_body={
            "file": ("a.pdf", b"%PDF", "application/pdf"),
            "options": NewJob(jobKind="a", priority=2),
            "meta": {"pages": [1, 2]},
            "tags": ["x", "y"],
            "create_job": True,
        },
    )
    body = script.requests[0].content
    assert (
        b'name="options"\r\nContent-Type: application/json\r\n\r\n{"jobKind":"a","priority":2}'
        in body
    )
    assert b'name="meta"\r\nContent-Type: application/json\r\n\r\n{"pages":[1,2]}' in body
    assert body.count(b'name="tags"') == 2
    assert b'name="create_job"\r\n\r\ntrue' in body
    assert b'name="jobKind"' not in body  # not flattened


def test_accept_is_the_operations_own() -> None:
    """An operation that answers a PDF asks for a PDF: a server that negotiates would
    answer 406 to ``Accept: application/json``."""
    pdf: Operation[bytes] = Operation(
        name="download",
        method="GET",
        path="/report",
        responses={"200": ResponseSpec("bytes")},
        errors={},
        secured=True,
        accept="application/pdf, application/json;q=0.9",
    )
    script = Script([httpx.Response(200, content=b"%PDF"), httpx.Response(200, json={})])
    client = _client(script)
    assert client._request(pdf) == b"%PDF"
    assert script.requests[0].headers["Accept"] == "application/pdf, application/json;q=0.9"
    client._request(BODY_OP, options=RequestOptions(extra_headers={"Accept": "text/csv"}))
    assert script.requests[1].headers["Accept"] == "text/csv"  # the caller's word wins
