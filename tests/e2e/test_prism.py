"""Each generated client, sync and async, against Prism mocking the vendor's own document.

Prism runs with ``--errors``: it rejects a request that breaks the document (no
credential, a missing required header, a malformed path parameter), so a parsed answer
proves the request was accepted as documented. Static mode serves the document's
examples; dynamic mode (``-d``) random schema-valid bodies.
"""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import yaml
from pydantic import BaseModel

from jobclients import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    InternalServerError,
    JobStatus,
    NotFoundError,
    PermissionDeniedError,
    UnprocessableEntityError,
)
from tests.support.prism import PrismServer, prism_server
from tests.support.trees import ROOT

pytestmark = pytest.mark.e2e

DYNAMIC_PARSES = 20
# Prism's random data sometimes fails Prism's own response validation (e.g. `format:
# duration`); it then answers 500 with a VIOLATIONS problem about the *response*. Those
# are the mock's faults, told apart from the client's and retried, within this bound.
MAX_ATTEMPTS = 80


@dataclass(frozen=True)
class Vendor:
    module: str
    client: str
    credential: str
    job_id: str


VENDORS = [
    Vendor("finch", "FinchClient", "access_token", "497d98f3-580a-4ab9-830a-af2346d029b2"),
    Vendor("writer", "WriterClient", "api_key", "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e"),
    Vendor("parsify", "ParsifyClient", "api_key", "b2c3d4e5-f6a7-8901-bcde-f12345678901"),
    Vendor("symbl", "SymblClient", "access_token", "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d"),
    Vendor("unstructured", "UnstructuredClient", "api_key", "3c90c3cc-0d44-4b50-8888-8dd25736052a"),
]


def _spec(vendor: Vendor) -> Any:
    return ROOT / "specs" / vendor.module / "openapi.yaml"


def _clients(vendor: Vendor, server: PrismServer) -> tuple[Any, Any]:
    module = importlib.import_module(f"jobclients.{vendor.module}")
    options = {vendor.credential: "test-credential", "base_url": server.base_url, "max_retries": 0}
    return getattr(module, vendor.client)(**options), getattr(module, f"Async{vendor.client}")(
        **options
    )


@pytest.fixture(scope="module", params=VENDORS, ids=lambda v: v.module)
def vendor(request: pytest.FixtureRequest) -> Vendor:
    value: Vendor = request.param
    return value


@pytest.fixture(scope="module")
def static_server(vendor: Vendor) -> Iterator[PrismServer]:
    with prism_server(_spec(vendor), dynamic=False) as server:
        yield server


@pytest.fixture(scope="module")
def dynamic_server(vendor: Vendor) -> Iterator[PrismServer]:
    with prism_server(_spec(vendor), dynamic=True) as server:
        yield server


def _assert_job(vendor: Vendor, client: Any, job: Any) -> None:
    module = importlib.import_module(f"jobclients.{vendor.module}")
    assert isinstance(job, BaseModel)
    status = client.status_of(job)
    assert isinstance(status, JobStatus)
    raw = getattr(job, "status", None)
    raw_value = getattr(raw, "value", raw)
    if raw_value in module.STATUS_TABLE:
        assert status is module.STATUS_TABLE[raw_value]


def test_static_examples_parse_sync_and_async(vendor: Vendor, static_server: PrismServer) -> None:
    sync_client, async_client = _clients(vendor, static_server)
    with sync_client:
        job = sync_client.get_job(vendor.job_id)
        _assert_job(vendor, sync_client, job)
        raw = sync_client.with_raw_response.get_job(vendor.job_id)
        assert raw.http_response.status_code == 200
        assert raw.parse() == job

    async def run() -> Any:
        async with async_client:
            return await async_client.get_job(vendor.job_id)

    assert asyncio.run(run()) == job, static_server.output()


def _is_prism_response_fault(exc: APIStatusError) -> bool:
    body = exc.body
    text = str(body)
    return isinstance(exc, InternalServerError) and "VIOLATIONS" in text and "response" in text


def test_dynamic_responses_parse(vendor: Vendor, dynamic_server: PrismServer) -> None:
    sync_client, async_client = _clients(vendor, dynamic_server)
    parsed, mock_faults = 0, 0
    with sync_client:
        for _ in range(MAX_ATTEMPTS):
            try:
                job = sync_client.get_job(vendor.job_id)
            except APIStatusError as exc:
                assert _is_prism_response_fault(exc), (exc, dynamic_server.output())
                mock_faults += 1
                continue
            _assert_job(vendor, sync_client, job)
            parsed += 1
            if parsed == DYNAMIC_PARSES:
                break
    assert parsed == DYNAMIC_PARSES, f"{mock_faults} of Prism's own response faults"

    async def run() -> int:
        done = 0
        async with async_client:
            for _ in range(MAX_ATTEMPTS):
                try:
                    job = await async_client.get_job(vendor.job_id)
                except APIStatusError as exc:
                    assert _is_prism_response_fault(exc), exc
                    continue
                _assert_job(vendor, async_client, job)
                done += 1
                if done == 5:
                    break
        return done

    assert asyncio.run(run()) == 5


def test_prism_refuses_a_request_without_credential(
    vendor: Vendor, static_server: PrismServer
) -> None:
    """The control for the tests above: Prism does check what a client sends."""
    headers = {"Finch-API-Version": "2020-09-17", "Content-Type": "application/json"}
    path = (
        {
            "finch": "/jobs/manual/",
            "writer": "/v1/applications/jobs/",
            "parsify": "/api/v1/jobs/",
            "symbl": "/v1/job/",
            "unstructured": "/api/v1/jobs/",
        }[vendor.module]
        + vendor.job_id
        + ("/" if vendor.module == "parsify" else "")
    )
    answer = httpx.get(static_server.base_url + path, headers=headers, timeout=30)
    assert answer.status_code == 401, answer.text


def _documented_errors(vendor: Vendor) -> list[int]:
    """The error statuses the job retrieval documents (the operation these tests call)."""
    document = yaml.safe_load(_spec(vendor).read_text())
    config = yaml.safe_load((_spec(vendor).parent / "jobclient.yaml").read_text())
    # The job retrieval get_job calls: the single `job:`, or the first of `jobs:`.
    binding = config["job"] if "job" in config else next(iter(config["jobs"].values()))
    codes: list[int] = []
    for item in document["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict) and operation.get("operationId") == binding["operation"]:
                codes += [int(c) for c in operation["responses"] if not str(c).startswith("2")]
    return sorted(set(codes))


async def _async_error(vendor: Vendor, server: PrismServer, code: int) -> APIStatusError:
    _, async_client = _clients(vendor, server)
    async with async_client:
        try:
            await async_client.get_job(vendor.job_id, extra_headers={"Prefer": f"code={code}"})
        except APIStatusError as exc:
            return exc
    raise AssertionError(f"no error raised for {code}")


EXPECTED_CLASS = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    422: UnprocessableEntityError,
}


def test_every_documented_error_status_raises_its_typed_error(
    vendor: Vendor, static_server: PrismServer
) -> None:
    sync_client, _ = _clients(vendor, static_server)
    module = importlib.import_module(f"jobclients.{vendor.module}")
    codes = _documented_errors(vendor)
    for code in codes:
        with pytest.raises(APIStatusError) as caught:
            sync_client.get_job(vendor.job_id, extra_headers={"Prefer": f"code={code}"})
        error = caught.value
        assert type(error) is EXPECTED_CLASS[code], (code, error)
        assert error.status_code == code
        declared = module.client._GET_JOB_OPERATION.errors.get(str(code))
        if declared is not None:
            # Parsed into the declared model: validating it again hands back the same object.
            assert isinstance(error.body, BaseModel), (code, error.body)
            assert declared.adapter.validate_python(error.body) is error.body, (code, error.body)

        assert (
            type(asyncio.run(_async_error(vendor, static_server, code))) is (EXPECTED_CLASS[code])
        )
    if vendor.module == "finch":
        with pytest.raises(NotFoundError) as not_found:
            sync_client.get_job(vendor.job_id, extra_headers={"Prefer": "code=404"})
        assert not_found.value.body.finch_code == "item_not_found"
        assert not_found.value.body.name == "not_found_error"
    expected = {
        "finch": [400, 404],
        "writer": [],
        "parsify": [401, 403, 404],
        "symbl": [],
        "unstructured": [422],
    }
    assert codes == expected[vendor.module]
