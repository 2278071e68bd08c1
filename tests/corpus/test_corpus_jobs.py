"""The status-mapping machinery carries over to real vendors' documents.

Test configs in tests/corpus/jobs/ bind OpenAI's Batch, a GitHub Actions job and a
Twilio Video composition, straight from the published documents in ../shared/corpus,
strictly (every finding accepted by place in the config). The clients generated from
them map each documented status and wait for a job against a fake transport.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from generator.builder.project import PACKAGE_VERSION, load_vendor
from generator.emitter.emit import emit
from generator.model.api import Package
from generator.model.findings import GenerationError
from generator.renderer.render import render_package
from tests.support.corpus import CORPUS, ROOT, TEMPLATES

pytestmark = pytest.mark.corpus

CONFIGS = ROOT / "tests" / "corpus" / "jobs"
PACKAGE = "corpus_jobs"
# vendor folder -> the corpus document its config names
DOCUMENTS = {
    "openai": "openai.yaml",
    "github": "github.json",
    "twilio_video": "twilio-video-v1.yaml",
}


@pytest.fixture(scope="session")
def jobs_package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Generate the three test vendors into one package and make it importable."""
    specs = tmp_path_factory.mktemp("job_specs")
    clients = []
    for vendor, document in DOCUMENTS.items():
        folder = specs / vendor
        folder.mkdir()
        shutil.copy(CONFIGS / vendor / "jobclient.yaml", folder / "jobclient.yaml")
        # Linked, not copied: the published document is read where it lives.
        (folder / document).symlink_to(CORPUS / document)
        clients.append(load_vendor(folder, specs).client)
    package = Package(PACKAGE, PACKAGE_VERSION, tuple(sorted(clients, key=lambda c: c.module)))
    out = tmp_path_factory.mktemp("job_clients")
    emit(render_package(package, TEMPLATES, spec_root="tests/corpus/jobs"), out, check=False)
    sys.path.insert(0, str(out))
    try:
        yield PACKAGE
    finally:
        sys.path.remove(str(out))


def _module(package: str, vendor: str) -> ModuleType:
    return importlib.import_module(f"{package}.{vendor}")


def _document(name: str) -> Any:
    import yaml  # the test reads the documents on its own, not through the generator

    text = (CORPUS / name).read_text("utf-8")
    return json.loads(text) if name.endswith(".json") else yaml.safe_load(text)


def _batch(status: str) -> dict[str, Any]:
    return {
        "id": "batch_abc123",
        "object": "batch",
        "endpoint": "/v1/chat/completions",
        "input_file_id": "file-abc123",
        "completion_window": "24h",
        "status": status,
        "created_at": 1711471533,
    }


def _github_job(status: str) -> dict[str, Any]:
    example = _document("github.json")["components"]["examples"]["job"]["value"]
    return {**example, "status": status}


def _composition(status: str) -> dict[str, Any]:
    paths = _document("twilio-video-v1.yaml")["paths"]
    content = paths["/v1/Compositions/{Sid}"]["get"]["responses"]["200"]["content"]
    return {**content["application/json"]["examples"]["fetch"]["value"], "status": status}


class _Fake:
    """A vendor answering GETs on one job path with a scripted run of statuses."""

    def __init__(self, path: str, body: Callable[[str], dict[str, Any]], run: list[str]):
        self.path = path
        self.body = body
        self.run = list(run)
        self.seen: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        if request.url.path != self.path:
            return httpx.Response(404, json={"message": f"no route {request.url.path}"})
        status = self.run.pop(0) if len(self.run) > 1 else self.run[0]
        return httpx.Response(200, json=self.body(status))


def _sync_client(module: ModuleType, name: str, fake: _Fake, credential: dict[str, str]) -> Any:
    cls = getattr(module, f"{name}Client")
    return cls(
        **credential,
        base_url="https://vendor.test",
        http_client=httpx.Client(transport=httpx.MockTransport(fake)),
        sleep=lambda _seconds: None,
    )


CASES = {
    # vendor: (client name, credential, the job's path on the fake, a job body by status)
    "openai": ("OpenAI", {"api_key": "sk-test"}, "/batches/batch_abc123", _batch),
    "github": (
        "GitHub",
        {"token": "ghp-test"},
        "/repos/octo/hello/actions/jobs/399444496",
        _github_job,
    ),
    "twilio_video": (
        "TwilioVideo",
        {"credentials": "AC123:secret"},
        "/v1/Compositions/CJaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        _composition,
    ),
}
EXPECTED = {
    "openai": {
        "validating": "QUEUED",
        "in_progress": "RUNNING",
        "finalizing": "RUNNING",
        "cancelling": "RUNNING",
        "completed": "SUCCEEDED",
        "failed": "FAILED",
        "expired": "FAILED",
        "cancelled": "CANCELLED",
    },
    "github": {"queued": "QUEUED", "in_progress": "RUNNING", "completed": "SUCCEEDED"},
    "twilio_video": {
        "enqueued": "QUEUED",
        "processing": "RUNNING",
        "completed": "SUCCEEDED",
        "deleted": "CANCELLED",
        "failed": "FAILED",
    },
}


def _fetch(vendor: str, client: Any) -> Any:
    if vendor == "openai":
        return client.retrieve_batch("batch_abc123")
    if vendor == "github":
        return client.get_actions_job("octo", "hello", 399444496)
    return client.fetch_composition("CJaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")


def _wait(vendor: str, client: Any, **options: Any) -> Any:
    if vendor == "openai":
        return client.wait_for_job("batch_abc123", **options)
    if vendor == "github":
        return client.wait_for_job(399444496, owner="octo", repo="hello", **options)
    return client.wait_for_job("CJaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", **options)


@pytest.mark.parametrize("vendor", sorted(CASES))
def test_status_of_maps_every_documented_status(jobs_package: str, vendor: str) -> None:
    name, credential, path, body = CASES[vendor]
    module = _module(jobs_package, vendor)
    runtime = importlib.import_module(f"{jobs_package}._runtime")
    for value, canonical in EXPECTED[vendor].items():
        fake = _Fake(path, body, [value])
        with _sync_client(module, name, fake, credential) as client:
            job = _fetch(vendor, client)
            assert client.status_of(job) is runtime.JobStatus[canonical], value
        assert [r.url.path for r in fake.seen] == [path]


@pytest.mark.parametrize("vendor", sorted(CASES))
def test_an_undocumented_status_is_unknown(jobs_package: str, vendor: str) -> None:
    name, credential, path, body = CASES[vendor]
    module = _module(jobs_package, vendor)
    runtime = importlib.import_module(f"{jobs_package}._runtime")
    with _sync_client(module, name, _Fake(path, body, ["teleported"]), credential) as client:
        assert client.status_of(_fetch(vendor, client)) is runtime.JobStatus.UNKNOWN


@pytest.mark.parametrize("vendor", sorted(CASES))
def test_wait_for_job_polls_until_terminal(jobs_package: str, vendor: str) -> None:
    name, credential, path, body = CASES[vendor]
    values = list(EXPECTED[vendor])
    queued = next(v for v in values if EXPECTED[vendor][v] == "QUEUED")
    running = next(v for v in values if EXPECTED[vendor][v] == "RUNNING")
    done = next(v for v in values if EXPECTED[vendor][v] == "SUCCEEDED")
    fake = _Fake(path, body, [queued, running, running, done])
    module = _module(jobs_package, vendor)
    runtime = importlib.import_module(f"{jobs_package}._runtime")
    with _sync_client(module, name, fake, credential) as client:
        job = _wait(vendor, client, timeout=60, poll_interval=0.01)
        assert client.status_of(job) is runtime.JobStatus.SUCCEEDED
    assert len(fake.seen) == 4
    assert {r.url.path for r in fake.seen} == {path}


def test_async_wait_for_job_against_the_fake(jobs_package: str) -> None:
    module = _module(jobs_package, "github")
    runtime = importlib.import_module(f"{jobs_package}._runtime")
    path = CASES["github"][2]
    fake = _Fake(path, _github_job, ["queued", "in_progress", "completed"])

    async def sleep(_seconds: float) -> None:
        return None

    async def main() -> Any:
        async with module.AsyncGitHubClient(
            token="ghp-test",
            base_url="https://vendor.test",
            http_client=httpx.AsyncClient(transport=httpx.MockTransport(fake)),
            sleep=sleep,
        ) as client:
            job = await client.wait_for_job(399444496, owner="octo", repo="hello", timeout=60)
            return client.status_of(job)

    assert asyncio.run(main()) is runtime.JobStatus.SUCCEEDED
    assert [r.url.path for r in fake.seen] == [path] * 3


def test_a_finding_the_config_does_not_accept_stops_strict_generation(
    tmp_path: Path,
) -> None:
    """Strict mode holds for the test configs: a finding nobody accepted fails."""
    config = (CONFIGS / "twilio_video" / "jobclient.yaml").read_text("utf-8")
    folder = tmp_path / "twilio_video"
    folder.mkdir()
    # A status the document does not list is a finding of the config's own.
    (folder / "jobclient.yaml").write_text(config + "    archived: CANCELLED\n", "utf-8")
    (folder / DOCUMENTS["twilio_video"]).symlink_to(CORPUS / DOCUMENTS["twilio_video"])
    with pytest.raises(GenerationError) as caught:
        load_vendor(folder, tmp_path)
    assert [f.code for f in caught.value.findings] == ["status-not-in-spec"]
    assert caught.value.findings[0].pointer == "/job/statuses/archived"
