"""allOf as real documents use it to annotate a type, and components that may be null.

A property written ``allOf: [{$ref: Amount}, {nullable: true}]`` or ``allOf: [{type:
string}, {}]`` has the type of its one shaped part; it used to become an empty model that
refused the string, array or enum the document describes. A component that may be null
is nullable wherever it is referenced.
"""

from __future__ import annotations

from generator.model.findings import Severity
from generator.model.names import Identifier
from generator.model.type_expr import ListOf, Nullable, OpenEnum, Prim, Ref
from tests.support.ir import build_ir, model

DOC_30 = """\
openapi: 3.0.3
info: {title: Wrappers, version: '1'}
paths: {}
components:
  schemas:
    Amount: {type: string, pattern: '^[0-9.]+$'}
    Tags: {type: array, items: {type: string}}
    Colour: {type: string, enum: [red, blue]}
    Money:
      type: object
      nullable: true
      properties:
        value: {type: integer}
    Part:
      type: object
      properties:
        a: {type: string}
    Thing:
      type: object
      required: [price, tags, cost]
      properties:
        amount:
          allOf: [{$ref: '#/components/schemas/Amount'}, {nullable: true}]
        label:
          allOf: [{type: string}, {}]
          description: a label
        tags:
          allOf: [{$ref: '#/components/schemas/Tags'}]
          x-go-name: TagList
        colour:
          allOf: [{$ref: '#/components/schemas/Colour'}, {description: its colour}]
        limit:
          allOf: [{$ref: '#/components/schemas/Amount'}]
          maxLength: 12
        price:
          $ref: '#/components/schemas/Money'
        cost:
          allOf: [{$ref: '#/components/schemas/Money'}]
        merged:
          allOf:
            - {$ref: '#/components/schemas/Part'}
            - {properties: {b: {type: integer}}}
    Strict:
      allOf:
        - {$ref: '#/components/schemas/Part'}
        - {required: [a]}
"""


def _field_types() -> dict[str, object]:
    client, findings = build_ir(DOC_30)
    assert [f.code for f in findings if f.severity is Severity.ERROR] == []
    return {str(f.name): f.type for f in model(client, "Thing").fields}


def test_a_wrapped_type_is_the_type_it_wraps() -> None:
    types = _field_types()
    assert types["amount"] == Nullable(Ref(Identifier("Amount")))
    assert types["label"] == Nullable(Prim("str"))  # optional
    assert types["tags"] == Ref(Identifier("Tags"))  # required, beside an x- extension
    assert types["colour"] == Nullable(OpenEnum(Identifier("Colour")))
    assert types["limit"] == Nullable(Ref(Identifier("Amount")))  # a constraint beside it


def test_parts_that_each_give_a_shape_still_merge_into_a_model() -> None:
    client, _ = build_ir(DOC_30)
    merged = model(client, "Thing").fields[-1]
    assert isinstance(merged.type, Nullable) and isinstance(merged.type.inner, Ref)
    fields = [str(f.name) for f in model(client, str(merged.type.inner.name)).fields]
    assert fields == ["a", "b"]


def test_a_component_that_may_be_null_is_nullable_where_it_is_referenced() -> None:
    types = _field_types()
    # Required, yet the document lets the value be null: the client must accept it.
    assert types["price"] == Nullable(Ref(Identifier("Money")))
    assert types["cost"] == Nullable(Ref(Identifier("Money")))


def test_in_31_a_type_list_with_null_makes_the_component_nullable() -> None:
    doc = """\
    openapi: 3.1.0
    info: {title: Nulls, version: '1'}
    paths: {}
    components:
      schemas:
        Money:
          type: [object, 'null']
          properties:
            value: {type: integer}
        Thing:
          type: object
          required: [price]
          properties:
            price: {$ref: '#/components/schemas/Money'}
            many: {type: array, items: {$ref: '#/components/schemas/Money'}}
    """
    client, _ = build_ir(doc)
    types = {str(f.name): f.type for f in model(client, "Thing").fields}
    assert types["price"] == Nullable(Ref(Identifier("Money")))
    assert types["many"] == Nullable(ListOf(Nullable(Ref(Identifier("Money")))))


def test_a_part_that_requires_fields_makes_a_model_of_its_own() -> None:
    """``allOf: [{$ref: Part}, {required: [a]}]`` is not a wrapper: it is Part with ``a``
    required, a model of its own (a union of several such is still a union of models)."""
    client, _ = build_ir(DOC_30)
    strict = model(client, "Strict")
    (field,) = strict.fields
    assert str(field.name) == "a" and field.required
