"""Where a ``$ref`` may read: the spec's folder tree, and only what a config adds to it.

URL cases run against a local fake server that records every request, so "never
fetched" is checked by counting, not assumed.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.builder.project import build_package
from generator.loader.config import load_config
from generator.loader.document import RefError, RefPolicy, SpecDocument
from generator.loader.limits import LoadLimits
from generator.model.findings import GenerationError
from tests.support.fake_server import FakeServer, Reply, fake_server
from tests.support.trees import run_generator
from tests.test_bad_input import VALID_CONFIG, VALID_SPEC

JOB = {"type": "object", "properties": {"status": {"type": "string", "enum": ["waiting"]}}}
SHARED_REF = "'#/components/schemas/Job'}"


@pytest.fixture
def server() -> Iterator[FakeServer]:
    with fake_server() as running:
        running.script("/schemas/job.yaml", Reply(200, {"Job": JOB}))
        running.script("/schemas/indirect.yaml", Reply(200, {"Job": {"$ref": "job.yaml#/Job"}}))
        running.script("/schemas/escape.yaml", Reply(200, {"Job": {"$ref": "../private.yaml"}}))
        running.script("/private.yaml", Reply(200, {"Job": JOB}))
        running.script("/schemas/moved.yaml", Reply(302, None, {"Location": "/private.yaml#/Job"}))
        running.script("/schemas/huge.yaml", Reply(200, {"Job": JOB, "pad": "x" * 5000}))
        yield running


def _document(tmp_path: Path, ref: str, policy: RefPolicy | None = None) -> SpecDocument:
    spec = tmp_path / "specs" / "mini" / "openapi.yaml"
    spec.parent.mkdir(parents=True, exist_ok=True)
    spec.write_text(VALID_SPEC.replace(SHARED_REF, f"'{ref}'}}"))
    return SpecDocument.open(
        spec, "openapi.yaml", LoadLimits(max_bytes=4000), policy or RefPolicy()
    )


def _follow_job_ref(doc: SpecDocument) -> object:
    pointer = "/paths/~1jobs~1{id}/get/responses/200/content/application~1json/schema"
    located = doc.at_root(pointer)
    return doc.deref(located).value


def test_urls_are_refused_by_default_and_never_fetched(tmp_path: Path, server: FakeServer) -> None:
    doc = _document(tmp_path, f"{server.base_url}/schemas/job.yaml#/Job")
    with pytest.raises(RefError, match=r"refs\.allow_urls"):
        _follow_job_ref(doc)
    assert server.requests == []


def test_an_allowed_prefix_is_fetched_once_with_its_relative_refs(
    tmp_path: Path, server: FakeServer
) -> None:
    policy = RefPolicy(url_prefixes=(f"{server.base_url}/schemas/",))
    doc = _document(tmp_path, f"{server.base_url}/schemas/indirect.yaml#/Job", policy)
    assert _follow_job_ref(doc) == JOB
    assert _follow_job_ref(doc) == JOB
    assert [r.path for r in server.requests] == ["/schemas/indirect.yaml", "/schemas/job.yaml"]


@pytest.mark.parametrize(
    "ref",
    [
        "/private.yaml#/Job",  # another path on the same host
        "/schemas/../private.yaml#/Job",  # dot-segments out of the prefix
        "/schemas-evil/job.yaml#/Job",  # a sibling sharing the prefix's spelling
        "/schemas/escape.yaml#/Job",  # allowed, but its own relative $ref leaves the prefix
        "/schemas/moved.yaml#/Job",  # allowed, but redirects out of the prefix
    ],
)
def test_nothing_outside_an_allowed_prefix_is_read(
    tmp_path: Path, server: FakeServer, ref: str
) -> None:
    policy = RefPolicy(url_prefixes=(f"{server.base_url}/schemas/",))
    doc = _document(tmp_path, server.base_url + ref, policy)
    with pytest.raises(RefError):
        _follow_job_ref(doc)
    assert "/private.yaml" not in [r.path for r in server.requests]


def test_an_other_host_or_scheme_is_not_the_prefix(tmp_path: Path, server: FakeServer) -> None:
    host_port = server.base_url.removeprefix("http://")
    policy = RefPolicy(url_prefixes=(f"{server.base_url}/schemas/",))
    for ref in (
        f"https://{host_port}/schemas/job.yaml#/Job",
        f"http://user@{host_port}/schemas/job.yaml#/Job",
        f"file:///{tmp_path}/x.yaml#/Job",
        "ftp://127.0.0.1/schemas/job.yaml#/Job",
    ):
        with pytest.raises(RefError, match="is a URL"):
            _follow_job_ref(_document(tmp_path, ref, policy))
    assert server.requests == []


def test_a_fetched_document_over_max_bytes_is_refused(tmp_path: Path, server: FakeServer) -> None:
    policy = RefPolicy(url_prefixes=(f"{server.base_url}/schemas/",))
    doc = _document(tmp_path, f"{server.base_url}/schemas/huge.yaml#/Job", policy)
    with pytest.raises(RefError, match="over the limit of 4000 bytes"):
        _follow_job_ref(doc)


def test_an_allowed_folder_outside_the_spec_is_read(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "job.yaml").write_text("Job: {type: object}\n")
    (tmp_path / "secret.yaml").write_text("Job: {type: object}\n")
    refused = _document(tmp_path, "../../shared/job.yaml#/Job")
    with pytest.raises(RefError, match=r"refs\.allow_folders"):
        _follow_job_ref(refused)
    allowed = RefPolicy(folders=(shared.resolve(),))
    assert _follow_job_ref(_document(tmp_path, "../../shared/job.yaml#/Job", allowed)) == {
        "type": "object"
    }
    with pytest.raises(RefError, match="outside the spec's folder"):
        _follow_job_ref(_document(tmp_path, "../../secret.yaml#/Job", allowed))
    with pytest.raises(RefError, match="outside the spec's folder"):
        _follow_job_ref(_document(tmp_path, "../../shared/../secret.yaml#/Job", allowed))


def test_the_config_allows_folders_and_urls(tmp_path: Path, server: FakeServer) -> None:
    """`refs:` in jobclient.yaml, end to end through the project's own pipeline."""
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "state.yaml").write_text("Other: {type: string, enum: [a, b]}\n")
    vendor = tmp_path / "specs" / "mini"
    vendor.mkdir(parents=True)
    (vendor / "openapi.yaml").write_text(
        VALID_SPEC
        + "    Shared: {$ref: '../../shared/state.yaml#/Other'}\n"
        + f"    Fetched: {{$ref: '{server.base_url}/schemas/job.yaml#/Job'}}\n"
    )
    refs = f"refs:\n  allow_folders: [../../shared]\n  allow_urls: ['{server.base_url}/schemas/']\n"
    (vendor / "jobclient.yaml").write_text(VALID_CONFIG)
    with pytest.raises(GenerationError) as caught:
        build_package(tmp_path / "specs", tmp_path)
    assert {f.code for f in caught.value.findings} >= {"dangling-ref"}
    assert server.requests == []

    (vendor / "jobclient.yaml").write_text(VALID_CONFIG + refs)
    loaded = load_config(vendor / "jobclient.yaml", "jobclient.yaml")
    assert loaded.refs.folders == ((tmp_path / "shared").resolve(),)
    assert loaded.refs.url_prefixes == (f"{server.base_url}/schemas/",)
    package, _ = build_package(tmp_path / "specs", tmp_path)
    names = {str(s.name) for s in package.clients[0].schemas}
    assert {"Shared", "Fetched"} <= names
    assert [r.path for r in server.requests] == ["/schemas/job.yaml"]


@pytest.mark.parametrize(
    ("refs", "message"),
    [
        ("refs: [x]", "`refs` must be a mapping"),
        ("refs: {allow_urls: ['file:///etc/']}", "is not an http(s) URL prefix"),
        ("refs: {allow_urls: ['https://']}", "is not an http(s) URL prefix"),
        ("refs: {allow_folders: [nowhere]}", "'nowhere' is not a folder"),
        ("refs: {allow_everything: true}", "unknown key `allow_everything`"),
    ],
)
def test_bad_refs_settings_are_findings(tmp_path: Path, refs: str, message: str) -> None:
    config = tmp_path / "jobclient.yaml"
    config.write_text(VALID_CONFIG + refs + "\n")
    with pytest.raises(GenerationError) as caught:
        load_config(config, "jobclient.yaml")
    rendered = [f.render() for f in caught.value.findings]
    assert any(message in line and "jobclient.yaml:" in line for line in rendered), rendered


def test_the_cli_flags_allow_a_folder_for_one_spec(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "job.yaml").write_text("Job: {type: object}\n")
    spec = tmp_path / "docs" / "openapi.yaml"
    spec.parent.mkdir()
    spec.write_text(VALID_SPEC.replace(SHARED_REF, "'../shared/job.yaml#/Job'}"))
    out = tmp_path / "out"
    refused = run_generator("generate", str(spec), "--out", str(out))
    assert refused.returncode == 1
    assert "refs.allow_folders" in refused.stderr
    assert not out.exists()
    allowed = run_generator(
        "generate", str(spec), "--out", str(out), "--allow-ref-folder", str(shared)
    )
    assert allowed.returncode == 0, allowed.stderr
    shutil.rmtree(out)


def test_a_symlink_or_an_absolute_path_cannot_lead_outside(tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("Job: {type: object}\n")
    folder = tmp_path / "specs" / "mini"
    folder.mkdir(parents=True)
    (folder / "link.yaml").symlink_to(secret)
    for ref in ("link.yaml#/Job", f"{secret}#/Job", "/etc/passwd#/Job"):
        with pytest.raises(RefError, match="outside the spec's folder"):
            _follow_job_ref(_document(tmp_path, ref))


def test_an_entry_document_in_a_subfolder_reads_its_siblings(tmp_path: Path) -> None:
    """Finch publishes management/openapi.yaml with $refs into ../employer/: `spec:` names
    the path inside the vendor's folder, and the vendor's folder is the tree refs may read,
    nothing above it."""
    vendor = tmp_path / "specs" / "mini"
    (vendor / "management").mkdir(parents=True)
    (vendor / "employer").mkdir()
    (vendor / "employer" / "job.yaml").write_text("Job: {type: object}\n")
    (tmp_path / "secret.yaml").write_text("Job: {type: object}\n")
    (vendor / "management" / "openapi.yaml").write_text(
        VALID_SPEC + "    Sibling: {$ref: '../employer/job.yaml#/Job'}\n"
    )
    (vendor / "jobclient.yaml").write_text(VALID_CONFIG + "spec: management/openapi.yaml\n")
    package, _ = build_package(tmp_path / "specs", tmp_path)
    assert "Sibling" in {str(s.name) for s in package.clients[0].schemas}

    (vendor / "management" / "openapi.yaml").write_text(
        VALID_SPEC + "    Secret: {$ref: '../../../secret.yaml#/Job'}\n"
    )
    with pytest.raises(GenerationError) as caught:
        build_package(tmp_path / "specs", tmp_path)
    assert any("outside the spec's folder" in f.message for f in caught.value.findings)


@pytest.mark.parametrize(
    "spec", ["../openapi.yaml", "/etc/openapi.yaml", "a/../../b.yaml", "a//b.yaml", "a\\\\b.yaml"]
)
def test_a_spec_path_must_stay_inside_the_vendor_folder(tmp_path: Path, spec: str) -> None:
    config = tmp_path / "jobclient.yaml"
    config.write_text(VALID_CONFIG + f"spec: '{spec}'\n")
    with pytest.raises(GenerationError) as caught:
        load_config(config, "jobclient.yaml")
    rendered = [f.render() for f in caught.value.findings]
    assert any("jobclient.yaml:" in line and "`spec` must be" in line for line in rendered)
