"""The fakes check each request against the spec: a violation raises SpecViolation naming
what and where, or with ``strict=False`` gets the documented answer and is recorded."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from jobclients import BadRequestError, UnprocessableEntityError
from jobclients.testing import SpecViolation
from tests.support.fakes import VENDORS, good_request, vendor_fake


def send(fake: Any, request: httpx.Request) -> httpx.Response:
    with httpx.Client(transport=fake.transport()) as http:
        return http.send(request)


@pytest.mark.parametrize("vendor", VENDORS)
def test_a_request_as_documented_passes(vendor: str) -> None:
    fake = vendor_fake(vendor)
    assert fake.SPEC.job is not None
    op = fake.SPEC.operation(fake.SPEC.job.operation)
    job_id = fake.add_job(statuses=[fake.SPEC.job.statuses[0]])
    response = send(fake, good_request(fake, op, path={fake.SPEC.job.id_param: job_id}))
    assert response.status_code == 200
    assert fake.violations == []


@pytest.mark.parametrize("vendor", VENDORS)
def test_no_credential_is_a_violation(vendor: str) -> None:
    fake = vendor_fake(vendor)
    assert fake.SPEC.job is not None
    op = fake.SPEC.operation(fake.SPEC.job.operation)
    with pytest.raises(SpecViolation, match="no credential in the documented scheme") as caught:
        send(fake, good_request(fake, op, credential=False))
    assert f"specs/{vendor}/openapi.yaml:" in str(caught.value)
    lenient = vendor_fake(vendor, strict=False)
    response = send(lenient, good_request(lenient, op, credential=False))
    assert response.status_code == 401
    assert [v.status for v in lenient.violations] == [401]


def test_a_path_parameter_out_of_format_is_a_violation() -> None:
    fake = vendor_fake("writer")
    with fake.client() as client, pytest.raises(SpecViolation) as caught:
        client.get_job("not-a-uuid")
    message = str(caught.value)
    assert "path parameter 'job_id' = 'not-a-uuid' is not in the format 'uuid'" in message
    assert "specs/writer/openapi.yaml:" in message
    lenient = vendor_fake("writer", strict=False)
    with lenient.client() as client, pytest.raises(BadRequestError):
        client.get_job("not-a-uuid")
    assert len(lenient.violations) == 1
    assert lenient.violations[0].operation == "get_job"


def test_a_violation_gets_the_documented_422_where_that_is_what_the_spec_has() -> None:
    fake = vendor_fake("unstructured", strict=False)
    with fake.client() as client, pytest.raises(UnprocessableEntityError) as caught:
        client.get_job("not-a-uuid")
    # The spec's own 422 body, parsed into its error model.
    assert type(caught.value.body).__name__ == "HTTPValidationError"


def test_a_missing_required_header_is_a_violation() -> None:
    fake = vendor_fake("finch")
    job_id = fake.add_job(statuses=["complete"])
    with fake.client() as client, pytest.raises(SpecViolation, match="'Finch-API-Version'"):
        client.get_job(job_id, finch_api_version=None)
    with fake.client() as client, pytest.raises(SpecViolation, match=r"pattern|format"):
        client.get_job(job_id, finch_api_version="17/09/2020")


def test_an_undeclared_query_parameter_is_a_violation() -> None:
    fake = vendor_fake("symbl")
    job_id = fake.add_job(statuses=["completed"])
    with fake.client() as client, pytest.raises(SpecViolation, match="'verbose' is not declared"):
        client.get_job(job_id, extra_query={"verbose": "1"})


def test_a_path_the_spec_does_not_have_is_a_violation() -> None:
    fake = vendor_fake("parsify")
    request = httpx.Request("GET", fake.base_url + "/api/v2/nothing")
    with pytest.raises(SpecViolation, match=r"is no operation of specs/parsify/openapi\.yaml"):
        send(fake, request)
    lenient = vendor_fake("parsify", strict=False)
    assert send(lenient, request).status_code == 404
    assert lenient.violations[0].operation is None


def test_parsify_api_key_goes_in_its_header() -> None:
    fake = vendor_fake("parsify", strict=False)
    job_id = fake.add_job(statuses=["completed"])
    with fake.client(api_key="k") as client:
        client.get_job(job_id)
    assert fake.requests[-1].headers["X-API-Key"] == "k"
    with fake.client(default_headers={"X-API-Key": ""}) as client:
        client.get_job(job_id)  # the client's own credential still wins
    assert fake.violations == []
    with httpx.Client(transport=fake.transport()) as http:
        answer = http.get(f"{fake.base_url}/api/v1/jobs/{job_id}/", headers={"X-API-Key": ""})
    assert answer.status_code == 401
    assert len(fake.violations) == 1
    with fake.client() as client:
        client.get_job(job_id, extra_headers={"X-API-Key": ""})  # the credential is applied last
    assert len(fake.violations) == 1
