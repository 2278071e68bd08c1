"""The wire check's own parts, held to the OpenAPI specification: the witness request
(parameter styles as the specification's "Style Examples" table spells them, bodies,
credentials), the reading of Prism's verdicts, and the schema conversion.

The corpus wire check (tests/corpus/test_wire.py) blames the client only when this
witness gets through where the client did not, so the witness must be right.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import httpx
import pytest

from tests.support.wire import handmade, judge
from tests.support.wire.spec import Spec, SpecOperation

_STYLES = """
openapi: 3.0.3
info: {title: styles, version: '1'}
paths:
  /p/{s}/{so}/{soe}/{l}/{la}/{lae}/{m}/{ma}/{mae}/{mo}:
    get:
      parameters:
        - {name: s, in: path, required: true, schema: {type: array, items: {type: string}}}
        - {name: so, in: path, required: true, schema: {type: object}}
        - {name: soe, in: path, required: true, explode: true, schema: {type: object}}
        - {name: l, in: path, required: true, style: label, schema: {type: string}}
        - {name: la, in: path, required: true, style: label, schema: {type: array}}
        - {name: lae, in: path, required: true, style: label, explode: true,
           schema: {type: array}}
        - {name: m, in: path, required: true, style: matrix, schema: {type: string}}
        - {name: ma, in: path, required: true, style: matrix, schema: {type: array}}
        - {name: mae, in: path, required: true, style: matrix, explode: true,
           schema: {type: array}}
        - {name: mo, in: path, required: true, style: matrix, explode: true,
           schema: {type: object}}
      responses:
        '200': {description: ok}
  /q:
    get:
      parameters:
        - {name: fa, in: query, schema: {type: array}}
        - {name: fan, in: query, explode: false, schema: {type: array}}
        - {name: fo, in: query, schema: {type: object}}
        - {name: fon, in: query, explode: false, schema: {type: object}}
        - {name: sp, in: query, style: spaceDelimited, explode: false, schema: {type: array}}
        - {name: pi, in: query, style: pipeDelimited, explode: false, schema: {type: array}}
        - {name: d, in: query, style: deepObject, explode: true, schema: {type: object}}
        - {name: b, in: query, schema: {type: boolean}}
        - {name: h, in: header, schema: {type: array}}
        - {name: ho, in: header, explode: true, schema: {type: object}}
        - {name: c, in: cookie, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/pdf: {schema: {type: string, format: binary}}
            text/plain: {schema: {type: string}}
  /body:
    post:
      security: [{key: [], secret: []}, {bearer: []}]
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                meta: {type: object}
                tags: {type: array, items: {type: string}}
                file: {type: string, format: binary}
                n: {type: integer}
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties:
                filter: {type: object}
                ids: {type: array, items: {type: integer}}
      responses:
        '204': {description: none}
components:
  securitySchemes:
    key: {type: apiKey, in: query, name: api_key}
    secret: {type: apiKey, in: cookie, name: secret}
    bearer: {type: http, scheme: bearer}
"""

# The OpenAPI specification's style examples: color = "blue", ["blue", "black", "brown"]
# or {"R": 100, "G": 200, "B": 150}.
PRIMITIVE = "blue"
ARRAY = ["blue", "black", "brown"]
OBJECT = {"R": 100, "G": 200, "B": 150}


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> Spec:
    path: Path = tmp_path_factory.mktemp("wire") / "styles.yaml"
    path.write_text(_STYLES, encoding="utf-8")
    return Spec(path)


def _op(spec: Spec, label: str) -> SpecOperation:
    return next(op for op in spec.operations() if op.label == label)


def _request(
    spec: Spec, label: str, params: dict[str, Any], body: tuple[str, Any] | None = None
) -> handmade.Witness:
    op = _op(spec, label)
    by_name = {p.name: p.key for p in op.params}
    values = {by_name[name]: value for name, value in params.items()}
    return handmade.build(spec, op, "http://mock", values, body)


def test_path_parameters_follow_each_style(spec: Spec) -> None:
    witness = _request(
        spec,
        "GET /p/{s}/{so}/{soe}/{l}/{la}/{lae}/{m}/{ma}/{mae}/{mo}",
        {
            "s": ARRAY,
            "so": OBJECT,
            "soe": OBJECT,
            "l": PRIMITIVE,
            "la": ARRAY,
            "lae": ARRAY,
            "m": PRIMITIVE,
            "ma": ARRAY,
            "mae": ARRAY,
            "mo": OBJECT,
        },
    )
    segments = witness.request.url.raw_path.decode().split("/")[2:]
    assert segments == [
        "blue,black,brown",
        "R,100,G,200,B,150",
        "R=100,G=200,B=150",
        ".blue",
        ".blue,black,brown",
        ".blue.black.brown",
        ";m=blue",
        ";ma=blue,black,brown",
        ";mae=blue;mae=black;mae=brown",
        ";R=100;G=200;B=150",
    ]


def test_query_header_and_cookie_parameters_follow_each_style(spec: Spec) -> None:
    witness = _request(
        spec,
        "GET /q",
        {
            "fa": ARRAY,
            "fan": ARRAY,
            "fo": OBJECT,
            "fon": OBJECT,
            "sp": ARRAY,
            "pi": ARRAY,
            "d": OBJECT,
            "b": True,
            "h": ARRAY,
            "ho": OBJECT,
            "c": PRIMITIVE,
        },
    )
    query = unquote(witness.request.url.query.decode()).split("&")
    assert query == [
        "fa=blue",
        "fa=black",
        "fa=brown",
        "fan=blue,black,brown",
        "R=100",
        "G=200",
        "B=150",
        "fon=R,100,G,200,B,150",
        "sp=blue black brown",
        "pi=blue|black|brown",
        "d[R]=100",
        "d[G]=200",
        "d[B]=150",
        "b=true",
    ]
    headers = witness.request.headers
    assert headers["h"] == "blue,black,brown"
    assert headers["ho"] == "R=100,G=200,B=150"
    assert headers["cookie"] == "c=blue"
    # The media types the operation answers with, in the document's order.
    assert headers["accept"] == "application/pdf, text/plain"


def test_a_requirement_of_several_schemes_sends_each(spec: Spec) -> None:
    witness = _request(spec, "POST /body", {})
    assert witness.requirement == ["key", "secret"]
    assert witness.request.url.params["api_key"] == handmade.TOKEN
    assert witness.request.headers["cookie"] == f"secret={handmade.TOKEN}"
    assert "authorization" not in witness.request.headers


def test_multipart_parts_are_one_each_and_objects_are_json(spec: Spec) -> None:
    body = {"meta": {"a": 1}, "tags": ["x", "y"], "file": "data", "n": 3}
    witness = _request(spec, "POST /body", {}, ("multipart/form-data", body))
    content = witness.request.read().decode()
    parts = [part for part in content.split("\r\n\r\n")]
    assert 'name="meta"\r\nContent-Type: application/json' in content
    assert '{"a": 1}' in content
    assert content.count('name="tags"') == 2  # a repeated field per item
    assert 'name="file"; filename="file.bin"' in content
    assert len(parts) == 6  # four fields, tags twice, and the closing boundary


def test_form_bodies_repeat_arrays_and_nest_objects(spec: Spec) -> None:
    body = {"filter": {"state": "open"}, "ids": [1, 2]}
    witness = _request(spec, "POST /body", {}, ("application/x-www-form-urlencoded", body))
    assert witness.request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert unquote(witness.request.read().decode()) == "filter[state]=open&ids=1&ids=2"


def test_prism_problems_and_violation_headers_are_read_apart() -> None:
    problem = {
        "type": "https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY",
        "status": 422,
        "validation": [
            {"location": ["query", "x"], "severity": "Error", "message": "x must be object"}
        ],
    }
    refused = judge.refusal(
        httpx.Response(422, json=problem, headers={"content-type": "application/problem+json"})
    )
    assert refused is not None and refused.refuses_request and not refused.breaks_answer
    assert list(refused.locations()) == [["query", "x"]]
    violations = [
        {"location": ["response", "body", "id"], "severity": "Error", "message": "pattern"}
    ]
    broken = judge.refusal(
        httpx.Response(500, json={}, headers={"sl-violations": json.dumps(violations)})
    )
    assert broken is not None and broken.breaks_answer and not broken.refuses_request
    # A refused credential answered with the document's own 401, whose body broke too.
    both = [{"location": ["request"], "severity": "Error", "code": 401, "message": "x"}]
    mixed = judge.refusal(
        httpx.Response(500, json={}, headers={"sl-violations": json.dumps(both + violations)})
    )
    assert mixed is not None and mixed.refuses_request and not mixed.breaks_answer
    assert judge.refusal(httpx.Response(404, json={"message": "not found"})) is None


_SCHEMAS = """
openapi: 3.0.3
info: {title: schemas, version: '1'}
paths: {}
components:
  schemas:
    Team:
      type: object
      nullable: true
      properties:
        parent: {$ref: '#/components/schemas/Team'}
    Wrapped:
      type: object
      required: [team, count]
      properties:
        team: {$ref: '#/components/schemas/Team'}
        count: {type: integer, minimum: 1, exclusiveMinimum: true}
        state: {type: string, enum: [a, b], nullable: true}
"""


def test_schemas_read_as_openapi_3_0_means_them(tmp_path: Path) -> None:
    path = tmp_path / "schemas.yaml"
    path.write_text(_SCHEMAS, encoding="utf-8")
    spec = Spec(path)
    wrapped = spec.doc.at_root("/components/schemas/Wrapped")
    assert spec.problems({"team": None, "count": 2, "state": None}, wrapped) == []
    assert spec.problems({"team": {"parent": None}, "count": 2}, wrapped) == []
    found = spec.problems({"team": None, "count": 1, "state": "c"}, wrapped)
    assert found is not None and len(found) == 2  # 1 is not above 1; "c" is no member
