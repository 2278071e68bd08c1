"""A client sends one credential; an operation that needs more than that one (several
schemes together, or another scheme) is reported where its requirement is written."""

from __future__ import annotations

from tests.support.ir import build_ir

DOC = """\
openapi: 3.0.3
info: {title: Creds, version: '1'}
paths:
  /a:
    get:
      operationId: getA
      security: [{key: []}]
      responses: {'200': {description: ok}}
  /b:
    get:
      operationId: getB
      security: [{clientId: [], secret: []}]
      responses: {'200': {description: ok}}
  /c:
    get:
      operationId: getC
      security: [{clientId: [], secret: []}]
      responses: {'200': {description: ok}}
  /d:
    get:
      operationId: getD
      security: [{other: []}, {key: []}]
      responses: {'200': {description: ok}}
  /e:
    get:
      operationId: getE
      security: [{bearer2: []}]
      responses: {'200': {description: ok}}
components:
  securitySchemes:
    key: {type: http, scheme: bearer}
    bearer2: {type: http, scheme: bearer}
    other: {type: apiKey, in: header, name: X-Other}
    clientId: {type: apiKey, in: header, name: X-Client-Id}
    secret: {type: apiKey, in: header, name: X-Secret}
"""


def test_schemes_needed_together_are_reported_once_with_a_count() -> None:
    _client, findings = build_ir(DOC)
    unmet = [f for f in findings if f.code == "security-unmet"]
    assert len(unmet) == 1
    (finding,) = unmet
    assert finding.pointer == "/paths/~1b/get/security"
    assert finding.line == 12
    assert "(and 1 more operations) needs clientId and secret" in finding.message
    assert "'key'" in finding.message


def test_an_alternative_the_credential_meets_is_no_finding() -> None:
    # getD accepts `key` alone; getE's bearer scheme takes the same header as `key`.
    _client, findings = build_ir(DOC.replace("[{clientId: [], secret: []}]", "[{key: []}]"))
    assert [f for f in findings if f.code == "security-unmet"] == []
