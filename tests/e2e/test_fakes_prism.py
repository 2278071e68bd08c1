"""Each vendor's generated fake, checked by Prism serving the same document.

Prism runs as a validation proxy in front of the served fake: every answer the fake
gives passes through Prism's response validation, and every request through its request
validation, reported in the ``sl-violations`` header. The fake's bodies (each status of
a job, each documented error) must raise no violation; a set of good and bad requests
must get the same verdict from the fake (``strict=False``: a recorded violation) and
from Prism (a request violation of severity Error).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from generator.loader.document import SpecDocument
from jobclients.testing import FakeVendor
from tests.support.fakes import VENDORS, good_request, vendor_fake
from tests.support.prism import prism_server
from tests.support.trees import ROOT

pytestmark = pytest.mark.e2e


class Proxied:
    """A vendor's fake (lenient, so it answers what Prism forwards) behind Prism's proxy."""

    def __init__(self, vendor: str, fake: FakeVendor[Any, Any], base_url: str) -> None:
        self.vendor = vendor
        self.fake = fake
        self.base_url = base_url
        self.http = httpx.Client(timeout=30)

    def send(self, request: httpx.Request) -> tuple[httpx.Response, list[dict[str, Any]]]:
        """Send a request built for the fake's own base URL through Prism."""
        headers = {k: v for k, v in request.headers.items() if k.lower() != "host"}
        url = self.base_url + request.url.raw_path.decode("ascii")
        response = self.http.send(httpx.Request(request.method, url, headers=headers))
        violations = json.loads(response.headers.get("sl-violations", "[]"))
        return response, violations


def nullable_as_31(value: Any) -> Any:
    """The document with 3.0's ``nullable: true`` spelled as 3.1 does (``type: [T,
    'null']``), as the generator reads it. Prism validates no response at all of an
    operation whose schema holds the 3.0 keyword in a 3.1 document (Finch's, as
    published); the fake is checked against what the document means."""
    if isinstance(value, list):
        return [nullable_as_31(v) for v in value]
    if not isinstance(value, dict):
        return value
    converted = {k: nullable_as_31(v) for k, v in value.items() if k != "nullable"}
    if value.get("nullable") is True and isinstance(value.get("type"), str):
        converted["type"] = [value["type"], "null"]
    return converted


@pytest.fixture(scope="module", params=VENDORS)
def proxied(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Proxied]:
    vendor: str = request.param
    document = SpecDocument.open(ROOT / "specs" / vendor / "openapi.yaml", vendor).data
    spec = tmp_path_factory.mktemp(vendor) / "openapi.json"
    spec.write_text(json.dumps(nullable_as_31(document)))
    fake = vendor_fake(vendor, strict=False)
    # Without --errors: Prism forwards every request and reports what broke the document
    # in sl-violations, so both sides judge each request.
    with fake.serve() as upstream, prism_server(spec, upstream=upstream, errors=False) as prism:
        yield Proxied(vendor, fake, prism.base_url)


def job_request(proxied: Proxied, job_id: str, **options: Any) -> httpx.Request:
    fake = proxied.fake
    assert fake.SPEC.job is not None
    op = fake.SPEC.operation(fake.SPEC.job.operation)
    path = {fake.SPEC.job.id_param: job_id, **options.pop("path", {})}
    return good_request(fake, op, path=path, **options)


def test_every_job_body_passes_prism_response_validation(proxied: Proxied) -> None:
    job = proxied.fake.SPEC.job
    assert job is not None
    for status in [*job.statuses, "never_documented_status"]:
        job_id = proxied.fake.add_job(statuses=[status])
        response, violations = proxied.send(job_request(proxied, job_id))
        if status in job.statuses:
            assert response.status_code == 200, response.text
            assert violations == [], (status, violations)
        else:
            # The control: a status the enum does not list is a response violation.
            assert [v["location"][0] for v in violations] == ["response"], violations


def test_every_documented_error_body_passes_prism_response_validation(proxied: Proxied) -> None:
    job = proxied.fake.SPEC.job
    assert job is not None
    op = proxied.fake.SPEC.operation(job.operation)
    documented = sorted(int(k) for k in op.errors if k.isdigit())
    job_id = proxied.fake.add_job(statuses=[job.statuses[0]])
    for status in documented:
        proxied.fake.fail_next(status)
        response, violations = proxied.send(job_request(proxied, job_id))
        assert response.status_code == status
        assert violations == [], (status, violations)
    if "404" in op.errors:
        response, violations = proxied.send(job_request(proxied, good_id(proxied)))
        assert response.status_code == 404
        assert violations == [], violations


def good_id(proxied: Proxied) -> str:
    """An id in the document's format that the fake has no job for."""
    job_id = proxied.fake.add_job(statuses=["x"])
    proxied.fake.remove_job(job_id)
    return job_id


UUID_IDS = {"writer", "parsify", "unstructured"}  # path parameters of format uuid
# (label, request options, the vendors whose document the request breaks)
CASES: list[tuple[str, dict[str, Any], set[str]]] = [
    ("as documented", {}, set()),
    ("no credential", {"credential": False}, set(VENDORS)),
    ("id not in the path parameter's format", {"path": "not-a-uuid"}, UUID_IDS),
    ("required header left out", {"drop": "Finch-API-Version"}, {"finch"}),
    (
        "required header out of format",
        {"headers": {"Finch-API-Version": "17/09/2020"}},
        {"finch"},
    ),
]


@pytest.mark.parametrize(("label", "options", "breaks"), CASES, ids=[c[0] for c in CASES])
def test_the_fake_and_prism_give_a_request_the_same_verdict(
    proxied: Proxied, label: str, options: dict[str, Any], breaks: set[str]
) -> None:
    job = proxied.fake.SPEC.job
    assert job is not None
    job_id = proxied.fake.add_job(statuses=[job.statuses[0]])
    options = dict(options)
    if "path" in options:
        options["path"] = {job.id_param: options["path"]}
    headers = options.pop("headers", {})
    request = job_request(proxied, job_id, **options)
    for name, value in headers.items():
        if name in request.headers:
            request.headers[name] = value
    before = len(proxied.fake.violations)
    _response, violations = proxied.send(request)
    prism_says = any(v["location"][0] == "request" and v["severity"] == "Error" for v in violations)
    fake_says = len(proxied.fake.violations) > before
    assert fake_says == prism_says, (label, proxied.fake.violations[before:], violations)
    assert fake_says == (proxied.vendor in breaks), label


def test_an_undeclared_query_parameter_only_the_fake_refuses(proxied: Proxied) -> None:
    """The one check the fake makes that Prism does not: no undeclared parameters."""
    job = proxied.fake.SPEC.job
    assert job is not None
    job_id = proxied.fake.add_job(statuses=[job.statuses[0]])
    before = len(proxied.fake.violations)
    _response, violations = proxied.send(job_request(proxied, job_id, extra_query={"verbose": "1"}))
    assert not any(v["location"][0] == "request" for v in violations), violations
    assert len(proxied.fake.violations) == before + 1
