"""Names, media types and the credential do not follow the order keys are written in.

The build claims names first come, first served; it walks every mapping by key
(generator/builder/key_order.py), so the same document with its keys in another order
builds the same names. Fields still stand in the order the document writes them.
"""

from __future__ import annotations

import json
import random

import yaml

from generator.model.api import Auth, Client, ObjectSchema
from tests.support.ir import build_ir
from tests.support.reserialise import shuffled

# Every name here is contested: two parameters want `ModeParam`, two properties want
# `a_b` (and their inline enums `ThingAB`), an inline enum is shared by two models
# through allOf, one body offers two equally preferred text types, one requirement
# names two credentials.
DOC = """
openapi: 3.1.0
info: {title: Order, version: "1"}
paths:
  /b:
    get:
      operationId: listB
      parameters:
        - {name: mode, in: query, schema: {type: string, enum: [fast, slow]}}
      security: [{token: [], key: []}]
      responses:
        "200": {description: ok}
  /a:
    post:
      operationId: listA
      parameters:
        - {name: mode, in: query, schema: {type: string, enum: [one, two]}}
      requestBody:
        content:
          text/x-markdown: {schema: {type: string}}
          text/plain: {schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json: {schema: {$ref: "#/components/schemas/Thing"}}
  /a/{id}:
    get:
      operationId: listA
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "204": {description: none}
components:
  securitySchemes:
    token: {type: http, scheme: bearer}
    key: {type: apiKey, in: header, name: X-Key}
  schemas:
    Thing:
      type: object
      properties:
        a_b: {type: string, enum: [x, y]}
        aB: {type: string, enum: [p, q]}
        kind: {type: string}
    Base:
      type: object
      properties:
        state: {type: string, enum: [active, idle]}
    Derived:
      allOf:
        - {$ref: "#/components/schemas/Base"}
        - type: object
          properties:
            extra: {type: integer}
"""


def _names(client: Client) -> dict[str, str | tuple[str, str]]:
    """Everything whose name or choice could follow key order, keyed by place."""
    found: dict[str, str | tuple[str, str]] = {}
    for schema in client.schemas:
        found[schema.source] = str(schema.name)
        if isinstance(schema, ObjectSchema):
            for field in schema.fields:
                found[f"{schema.source}.{field.wire_name}"] = (str(field.name), str(field.type))
    for op in client.operations:
        found[op.source] = str(op.name)
        for param in op.parameters:
            found[f"{op.source}.{param.wire_name}"] = (str(param.name), str(param.type))
        if op.body is not None:
            found[f"{op.source}.body"] = op.body.content_type
    found["auth"] = repr(client.auth)
    return found


def _shuffled_text(seed: int) -> str:
    return json.dumps(shuffled(yaml.safe_load(DOC), random.Random(seed)))


def test_the_same_names_in_any_key_order() -> None:
    written, _ = build_ir(DOC)
    expected = _names(written)
    for seed in range(12):
        client, _ = build_ir(_shuffled_text(seed))
        assert _names(client) == expected, seed


def test_contested_names_go_by_key() -> None:
    client, _ = build_ir(DOC)
    names = _names(client)
    # `/a` sorts before `/a/{id}` and `/b`: it wins the method name and the enum name.
    assert names["#/paths/~1a/post"] == "list_a"
    assert names["#/paths/~1a~1{id}/get"] == "list_a_2"
    assert names["#/paths/~1a/post/parameters/0/schema"] == "ModeParam"
    assert names["#/paths/~1b/get/parameters/0/schema"] == "ModeParam_2"
    # `aB` sorts before `a_b`.
    assert names["#/components/schemas/Thing.aB"][0] == "a_b"
    assert names["#/components/schemas/Thing.a_b"][0] == "a_b_2"
    assert names["#/components/schemas/Thing/properties/aB"] == "ThingAB"
    assert names["#/components/schemas/Thing/properties/a_b"] == "ThingAB_2"
    # The enum Base and Derived share is named from Base, which sorts first.
    assert names["#/components/schemas/Base/properties/state"] == "BaseState"
    assert names["#/paths/~1a/post.body"] == "text/plain"
    assert names["auth"] == repr(Auth(kind="apiKey", name="X-Key"))


def test_fields_keep_the_documents_order() -> None:
    client, _ = build_ir(DOC)
    thing = next(s for s in client.schemas if str(s.name) == "Thing")
    assert isinstance(thing, ObjectSchema)
    assert [f.wire_name for f in thing.fields] == ["a_b", "aB", "kind"]
