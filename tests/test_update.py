"""``python -m generator update``: vendors' documents fetched from a server on 127.0.0.1.

Each test builds a small project (specs/finch and specs/writer copied from this one,
their ``source:`` pointing at the local server), runs the command as a user would and
checks its exit status, its message and what it did to specs/: every refusal must
leave every byte under specs/ as it was.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.support.scratch_project import tree

ROOT = Path(__file__).resolve().parents[1]
FINCH_DOC = (ROOT / "specs/finch/openapi.yaml").read_bytes()
WRITER_DOC = (ROOT / "specs/writer/openapi.yaml").read_bytes()


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    length: bool = True  # send Content-Length (else the body ends when the connection does)
    delay: float = 0.0


class DocServer:
    """Answers each path with a fixed Answer; records the paths asked for."""

    def __init__(self) -> None:
        self.answers: dict[str, Answer] = {}
        self.asked: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.asked.append(self.path)
                answer = server.answers.get(self.path, Answer(404, b"not found", "text/plain"))
                time.sleep(answer.delay)
                self.send_response(answer.status)
                self.send_header("Content-Type", answer.content_type)
                if answer.length:
                    self.send_header("Content-Length", str(len(answer.body)))
                for key, value in answer.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                # The client may stop reading at its limit.
                with contextlib.suppress(OSError):
                    self.wfile.write(answer.body)

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"


@contextmanager
def doc_server() -> Iterator[DocServer]:
    server = DocServer()
    thread = threading.Thread(target=server.httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
        thread.join(timeout=5)


def make_project(tmp: Path, sources: dict[str, str | None], extra: str = "") -> Path:
    """specs/<vendor> copied from this project, each with its `source:` (or none)."""
    specs = tmp / "specs"
    for vendor, url in sources.items():
        shutil.copytree(ROOT / "specs" / vendor, specs / vendor)
        config = specs / vendor / "jobclient.yaml"
        text = config.read_text("utf-8")
        text = "\n".join(line for line in text.splitlines() if not line.startswith("source:"))
        if url is not None:
            text += f"\nsource: {url}\n"
        config.write_text(text + extra, "utf-8")
    return specs


def update(specs: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "update", "--specs", str(specs), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=dict(os.environ, NO_PROXY="*", no_proxy="*"),
    )


# A new optional query parameter on the job operation: additive, valid, still builds.
NEW_FINCH_DOC = FINCH_DOC.replace(b"openapi: 3.1.0", b"openapi: 3.1.0\n# republished", 1)


def test_fetches_checks_and_writes_the_new_document(tmp_path: Path) -> None:
    with doc_server() as server:
        server.answers["/finch.yaml"] = Answer(body=NEW_FINCH_DOC, content_type="application/yaml")
        specs = make_project(tmp_path, {"finch": f"{server.base}/finch.yaml"})
        result = update(specs)
    assert result.returncode == 0, result.stderr
    assert (specs / "finch/openapi.yaml").read_bytes() == NEW_FINCH_DOC
    assert "specs/finch/openapi.yaml: updated from http://127.0.0.1" in result.stdout
    assert not [p for p in (specs / "finch").iterdir() if p.name.startswith(".")]


ADDED_PARAMETER = FINCH_DOC.replace(
    b"        - $ref: '#/components/parameters/Content-Type'\n",
    b"        - $ref: '#/components/parameters/Content-Type'\n"
    b"        - {name: verbose, in: query, required: false, schema: {type: boolean}}\n",
    1,
)


def test_prints_what_changes_for_callers(tmp_path: Path) -> None:
    assert ADDED_PARAMETER != FINCH_DOC
    with doc_server() as server:
        server.answers["/finch.yaml"] = Answer(body=ADDED_PARAMETER)
        specs = make_project(tmp_path, {"finch": f"{server.base}/finch.yaml"})
        result = update(specs)
    assert result.returncode == 0, result.stderr
    assert "info     parameter-added-optional: new optional query parameter 'verbose'" in (
        result.stdout
    )
    assert "1 change(s): 0 breaking, 0 warning, 1 info." in result.stdout


def test_a_new_status_value_is_refused_until_mapped(tmp_path: Path) -> None:
    drifted = FINCH_DOC.replace(
        b"            - complete\n", b"            - complete\n            - paused\n", 1
    )
    assert drifted != FINCH_DOC
    result, _ = _refused(tmp_path, {"/finch.yaml": Answer(body=drifted)})
    assert "'paused'" in result.stderr
    assert "specs/finch/openapi.yaml (from http://127.0.0.1" in result.stderr


def test_same_document_is_reported_unchanged_and_not_rewritten(tmp_path: Path) -> None:
    with doc_server() as server:
        server.answers["/finch.yaml"] = Answer(body=FINCH_DOC)
        specs = make_project(tmp_path, {"finch": f"{server.base}/finch.yaml"})
        before = (specs / "finch/openapi.yaml").stat().st_mtime_ns
        result = update(specs, "finch")
    assert result.returncode == 0, result.stderr
    assert "specs/finch/openapi.yaml: unchanged." in result.stdout
    assert (specs / "finch/openapi.yaml").stat().st_mtime_ns == before


def test_redirect_within_the_same_host_is_followed(tmp_path: Path) -> None:
    with doc_server() as server:
        server.answers["/old.yaml"] = Answer(301, headers={"Location": "/new.yaml"})
        server.answers["/new.yaml"] = Answer(body=NEW_FINCH_DOC)
        specs = make_project(tmp_path, {"finch": f"{server.base}/old.yaml"})
        result = update(specs)
    assert result.returncode == 0, result.stderr
    assert server.asked == ["/old.yaml", "/new.yaml"]
    assert (specs / "finch/openapi.yaml").read_bytes() == NEW_FINCH_DOC


def _refused(
    tmp_path: Path, answers: dict[str, Answer], *, extra: str = "", args: tuple[str, ...] = ()
) -> tuple[subprocess.CompletedProcess[str], DocServer]:
    with doc_server() as server:
        server.answers.update(answers)
        specs = make_project(tmp_path, {"finch": f"{server.base}/finch.yaml"}, extra)
        before = tree(specs)
        result = update(specs, *args)
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert tree(specs) == before, "a refused update must leave specs/ exactly as it was"
    assert "Nothing under specs/ was written." in result.stderr
    assert "Traceback" not in result.stderr
    return result, server


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (Answer(404, b"gone", "text/plain"), "answered HTTP 404 Not Found; check the `source:`"),
        (Answer(503, b"down", "text/plain"), "answered HTTP 503 Service Unavailable; the vendor"),
        (Answer(500, b"oops", "text/plain"), "answered HTTP 500 Internal Server Error"),
        (
            Answer(200, b"<!DOCTYPE html><html><body>Sign in</body></html>", "text/html"),
            "answered with an HTML page, not an OpenAPI document",
        ),
        (
            # Served as JSON, but a login page all the same.
            Answer(200, b"\n  <html><head></head></html>", "application/json"),
            "answered with an HTML page",
        ),
    ],
)
def test_http_failures_and_html_are_refused(tmp_path: Path, answer: Answer, expected: str) -> None:
    result, _ = _refused(tmp_path, {"/finch.yaml": answer})
    assert expected in result.stderr
    assert "finch:" in result.stderr


LIMIT = "\nlimits:\n  max_bytes: 4096\n"


@pytest.mark.parametrize("declared", [True, False])
def test_oversized_document_is_refused(tmp_path: Path, declared: bool) -> None:
    big = b"{" + b" " * 10_000 + b"}"
    result, _ = _refused(tmp_path, {"/finch.yaml": Answer(body=big, length=declared)}, extra=LIMIT)
    assert "over the limit of 4096 bytes" in result.stderr
    assert "raise `limits: max_bytes:`" in result.stderr


def test_redirect_to_another_host_is_refused(tmp_path: Path) -> None:
    with doc_server() as elsewhere:
        elsewhere.answers["/finch.yaml"] = Answer(body=NEW_FINCH_DOC)
        # localhost is another host name than 127.0.0.1, though the same machine.
        target = f"http://localhost:{elsewhere.port}/finch.yaml"
        result, _ = _refused(tmp_path, {"/finch.yaml": Answer(302, headers={"Location": target})})
        assert elsewhere.asked == []
    assert f"redirects (302) to {target}, another host" in result.stderr


def test_unparseable_document_is_refused_with_its_place(tmp_path: Path) -> None:
    broken = b"openapi: 3.1.0\ninfo:\n  title: [unclosed\n"
    result, _ = _refused(tmp_path, {"/finch.yaml": Answer(body=broken)})
    assert "specs/finch/openapi.yaml (from http://127.0.0.1" in result.stderr
    assert "not updated: `make generate` would refuse it" in result.stderr


def test_invalid_openapi_is_refused_with_its_place(tmp_path: Path) -> None:
    invalid = FINCH_DOC.replace(b"openapi: 3.1.0", b"openapi: 3.1.0\nwebhooks: 7", 1)
    result, _ = _refused(tmp_path, {"/finch.yaml": Answer(body=invalid)})
    assert "error [" in result.stderr
    assert "/webhooks" in result.stderr


def test_a_document_without_the_job_operation_is_refused(tmp_path: Path) -> None:
    doc = b'{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}'
    result, _ = _refused(tmp_path, {"/finch.yaml": Answer(body=doc)})
    assert "finch: not updated: `make generate` would refuse it" in result.stderr
    assert "jobclient.yaml:11: error [job-operation] at /jobs/manual/operation" in result.stderr


def test_timeout_is_refused(tmp_path: Path) -> None:
    slow = Answer(body=NEW_FINCH_DOC, delay=4)
    result, _ = _refused(tmp_path, {"/finch.yaml": slow}, args=("--timeout", "1"))
    assert "cannot fetch" in result.stderr
    assert "timed out" in result.stderr


def test_one_failing_vendor_stops_every_write(tmp_path: Path) -> None:
    new_writer = WRITER_DOC + b"\n# republished\n"
    with doc_server() as server:
        server.answers["/writer.yaml"] = Answer(body=new_writer)
        server.answers["/finch.yaml"] = Answer(503, b"", "text/plain")
        specs = make_project(
            tmp_path,
            {"finch": f"{server.base}/finch.yaml", "writer": f"{server.base}/writer.yaml"},
        )
        before = tree(specs)
        result = update(specs)
    assert result.returncode == 1
    assert "/writer.yaml" in server.asked
    assert tree(specs) == before


def test_unknown_vendor_is_a_usage_error(tmp_path: Path) -> None:
    specs = make_project(tmp_path, {"finch": "http://127.0.0.1:9/finch.yaml"})
    before = tree(specs)
    result = update(specs, "nosuch")
    assert result.returncode == 2
    assert "no vendor 'nosuch'" in result.stderr
    assert "['finch']" in result.stderr
    assert tree(specs) == before


def test_vendor_without_source_is_a_usage_error(tmp_path: Path) -> None:
    specs = make_project(tmp_path, {"finch": None, "writer": None})
    before = tree(specs)
    named = update(specs, "writer")
    assert named.returncode == 2
    assert "writer: its jobclient.yaml names no `source:` URL" in named.stderr
    every = update(specs)
    assert every.returncode == 2
    assert "no vendor under" in every.stderr and "names a `source:` URL" in every.stderr
    assert tree(specs) == before


def test_source_that_is_not_http_is_a_config_finding(tmp_path: Path) -> None:
    specs = make_project(tmp_path, {"finch": "file:///etc/passwd"})
    before = tree(specs)
    result = update(specs, "finch")
    assert result.returncode == 1
    assert "specs/finch/jobclient.yaml:" in result.stderr
    assert "`source` must be the http(s) URL" in result.stderr
    assert tree(specs) == before


def test_a_redirect_from_https_down_to_http_is_refused() -> None:
    import io
    import urllib.request

    from generator.loader.fetch import FetchError, _SameHostRedirects

    request = urllib.request.Request("https://docs.example.com/openapi.json")
    handler = _SameHostRedirects()
    with pytest.raises(FetchError, match="another host or a plain-http URL"):
        handler.redirect_request(
            request, io.BytesIO(), 301, "Moved", {}, "http://docs.example.com/openapi.json"
        )
    followed = handler.redirect_request(
        request, io.BytesIO(), 301, "Moved", {}, "https://docs.example.com/v2/openapi.json"
    )
    assert followed is not None
    assert followed.full_url == "https://docs.example.com/v2/openapi.json"
