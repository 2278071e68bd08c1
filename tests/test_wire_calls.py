"""What a generated method puts on the wire, for the shapes real documents use: the
package is generated from a small document, imported in a child process, and each call
is captured by an httpx mock transport."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

from tests.support.ir import build_ir, operation
from tests.support.trees import run_generator

SPEC = """\
openapi: 3.0.3
info: {title: Wire, version: '1'}
servers: [{url: 'https://wire.example.com'}]
paths:
  /reports/{id}:
    get:
      operationId: getReport
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - name: X-Tags
          in: header
          schema: {type: array, items: {type: string}}
        - name: range
          in: query
          style: form
          explode: true
          schema: {$ref: '#/components/schemas/Range'}
      responses:
        '200':
          description: the report
          content:
            application/pdf:
              schema: {type: string, format: binary}
        '404':
          description: none
          content:
            application/json:
              schema: {type: object, properties: {message: {type: string}}}
  /notes:
    post:
      operationId: addNote
      requestBody:
        required: false
        content:
          application/json:
            schema: {type: object, properties: {text: {type: string}}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object}
components:
  schemas:
    Range:
      type: object
      properties:
        gt: {type: integer}
        lte: {type: integer}
"""

CALLS = """
import json, httpx
from wire.wire import WireClient
from wire.wire.models import Range
sent = []
def answer(request):
    sent.append({"headers": dict(request.headers), "url": str(request.url),
                 "body": request.content.decode()})
    if request.url.path.startswith("/reports"):
        return httpx.Response(200, content=b"%PDF", headers={"Content-Type": "application/pdf"})
    return httpx.Response(200, json={})
client = WireClient(base_url="https://wire.example.com",
                    http_client=httpx.Client(transport=httpx.MockTransport(answer)))
assert client.get_report("r1", x_tags=["a", "b"], range=Range(gt=5)) == b"%PDF"
client.add_note()
print(json.dumps(sent))
"""


@pytest.fixture(scope="module")
def sent(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    folder = tmp_path_factory.mktemp("wire")
    (folder / "openapi.yaml").write_text(SPEC)
    out = folder / "out"
    generated = run_generator(
        "generate", str(folder / "openapi.yaml"), "--out", str(out), "--name", "wire"
    )
    assert generated.returncode == 0, generated.stderr
    env = {**os.environ, "PYTHONPATH": str(out)}
    run = subprocess.run(
        [sys.executable, "-c", CALLS], capture_output=True, text=True, env=env, timeout=120
    )
    assert run.returncode == 0, run.stderr
    calls: list[dict[str, Any]] = json.loads(run.stdout)
    return calls


def test_a_pdf_operation_asks_for_a_pdf(sent: list[dict[str, Any]]) -> None:
    assert sent[0]["headers"]["accept"] == "application/pdf, application/json;q=0.9"
    assert sent[1]["headers"]["accept"] == "application/json"


def test_an_array_header_is_comma_separated(sent: list[dict[str, Any]]) -> None:
    assert sent[0]["headers"]["x-tags"] == "a,b"


def test_an_object_query_parameter_is_its_fields(sent: list[dict[str, Any]]) -> None:
    assert sent[0]["url"] == "https://wire.example.com/reports/r1?gt=5"


def test_an_optional_body_left_out_is_not_sent(sent: list[dict[str, Any]]) -> None:
    assert sent[1]["body"] == ""
    assert "content-type" not in sent[1]["headers"]


def test_accept_in_the_model() -> None:
    client, _ = build_ir(SPEC)
    assert operation(client, "get_report").accept == "application/pdf, application/json;q=0.9"
    assert operation(client, "add_note").accept is None  # JSON alone: the default


def test_a_media_type_that_is_not_one_never_reaches_the_header() -> None:
    hostile = SPEC.replace("application/pdf:", "'text/plain\\r\\nX-Injected: 1':", 1)
    client, _ = build_ir(hostile)
    assert operation(client, "get_report").accept is None
