"""Build rules pinned on the model itself (see tests/support/ir.py): no fixture, no
golden tree, no subprocess."""

from __future__ import annotations

from generator.model.api import AliasSchema, EnumSchema
from generator.model.names import Identifier
from generator.model.type_expr import (
    ListOf,
    LiteralOf,
    Nullable,
    OpenEnum,
    Prim,
    Ref,
    TupleOf,
    UnionOf,
    annotation,
    names_in,
    nullable,
)
from tests.support.ir import build_ir, codes, model, operation, parameter, schema

JOB_DOC = """
    openapi: 3.1.0
    info: {title: Jobs, version: "1"}
    paths:
      /jobs/{job_id}:
        get:
          operationId: getJob
          parameters:
            - {name: job_id, in: path, required: true, schema: {type: string}}
            {extra}
          responses:
            "200":
              description: the job
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Job"}
      /other:
        get:
          operationId: other
          parameters:
            {extra}
          responses:
            "204": {description: nothing}
    components:
      schemas:
        Job:
          type: object
          required: [status]
          properties:
            status: {type: string, enum: [pending, done]}
"""
STATUS = "#/components/schemas/Job/properties/status"
MAPPING = {"pending": "QUEUED", "done": "SUCCEEDED"}


def _job_doc(*query: str) -> str:
    extra = "\n            ".join(
        f"- {{name: {name}, in: query, schema: {{type: number}}}}" for name in query
    )
    return JOB_DOC.replace("{extra}", extra)


def test_the_job_retrieval_takes_parameters_named_like_the_wait_keywords() -> None:
    wait_keywords = ["poll_interval", "max_poll_interval", "on_poll", "request_timeout"]
    locals_ = ["fetch", "job_ids", "concurrency", "fetchers", "waits", "stream", "item"]
    client, findings = build_ir(
        _job_doc(*wait_keywords, *locals_), job="getJob", status=STATUS, statuses=MAPPING
    )
    assert codes(findings) == []
    get_job = operation(client, "get_job")
    for wire in wait_keywords + locals_:
        assert parameter(get_job, wire).name == f"{wire}_2", wire
    # Only the job's retrieval lends its parameters to wait_for_job.
    other = operation(client, "other")
    assert [p.name for p in other.parameters] == wait_keywords + locals_
    assert client.job is not None and client.job.id_param.name == "job_id"


def test_only_the_job_id_may_be_called_job_id() -> None:
    doc = _job_doc().replace(
        "- {name: job_id, in: path, required: true, schema: {type: string}}",
        "- {name: job_id, in: query, schema: {type: string}}\n"
        "            - {name: id, in: path, required: true, schema: {type: string}}",
    )
    client, findings = build_ir(doc, job="getJob", status=STATUS, statuses=MAPPING)
    assert codes(findings) == []
    get_job = operation(client, "get_job")
    assert client.job is not None and client.job.id_param.name == "id"
    # wait_for_jobs binds each id to a loop variable named job_id.
    assert parameter(get_job, "job_id").name == "job_id_2"


def test_an_operation_does_not_take_a_client_attribute_or_a_name_signatures_spell() -> None:
    doc = """
        openapi: 3.0.3
        info: {title: T, version: "1"}
        paths:
          /a: {get: {operationId: close, responses: {"204": {description: x}}}}
          /b: {get: {operationId: date, responses: {"204": {description: x}}}}
          /c: {get: {operationId: waitForJob, responses: {"204": {description: x}}}}
    """
    client, _ = build_ir(doc)
    assert [op.name for op in client.operations] == ["close_2", "date_2", "wait_for_job_2"]


def test_nullable_is_honoured_in_30_and_reported_in_31() -> None:
    doc = """
        openapi: {version}
        info: {title: T, version: "1"}
        paths: {}
        components:
          schemas:
            Thing:
              type: object
              required: [a]
              properties:
                a: {type: string, nullable: true}
    """
    client30, findings30 = build_ir(doc.replace("{version}", "3.0.3"))
    assert model(client30, "Thing").fields[0].type == Nullable(Prim("str"))
    assert codes(findings30) == []
    client31, findings31 = build_ir(doc.replace("{version}", "3.1.0"))
    assert model(client31, "Thing").fields[0].type == Nullable(Prim("str"))
    assert codes(findings31) == ["nullable-in-3.1"]


def test_parameters_optional_formatted_and_ordered() -> None:
    doc = """
        openapi: 3.0.3
        info: {title: T, version: "1"}
        paths:
          /things/{id}:
            get:
              operationId: getThing
              parameters:
                - {name: Since, in: header, schema: {type: string, format: date}}
                - {name: limit, in: query, schema: {type: integer, default: 10}}
                - {name: id, in: path, required: true, schema: {type: string, format: uuid}}
              responses: {"204": {description: x}}
    """
    client, findings = build_ir(doc)
    assert codes(findings) == []
    op = operation(client, "get_thing")
    assert [p.location for p in op.parameters] == ["path", "query", "header"]
    ident = parameter(op, "id")
    assert ident.required and ident.type == UnionOf((Prim("UUID"), Prim("str")), plain=True)
    limit = parameter(op, "limit")
    assert limit.default == "10" and limit.type == Nullable(Prim("int"))
    since = parameter(op, "Since")
    assert since.name == "since"
    assert since.type == Nullable(UnionOf((Prim("date"), Prim("str")), plain=True))


def test_lookalike_enum_values_stay_distinct_members() -> None:
    doc = """
        openapi: 3.0.3
        info: {title: T, version: "1"}
        paths: {}
        components:
          schemas:
            Kind: {type: string, enum: [a_b, a.b, a-b]}
            Holder:
              type: object
              properties: {kind: {$ref: "#/components/schemas/Kind"}}
    """
    client, _ = build_ir(doc)
    kind = schema(client, "Kind")
    assert isinstance(kind, EnumSchema)
    assert [m.value for m in kind.members] == ["a_b", "a.b", "a-b"]
    assert len({m.name for m in kind.members}) == 3
    assert model(client, "Holder").fields[0].type == Nullable(OpenEnum(Identifier("Kind")))


def test_a_default_that_is_not_a_value_of_its_type_is_reported_and_left_out() -> None:
    doc = """
        openapi: 3.0.3
        info: {title: T, version: "1"}
        paths: {}
        components:
          schemas:
            Knob:
              type: object
              properties: {level: {type: number, default: "0.5"}}
    """
    client, findings = build_ir(doc)
    assert codes(findings) == ["default-type"]
    assert model(client, "Knob").fields[0].default is None


def test_job_binding_findings_name_the_status_the_mapping_misses_or_invents() -> None:
    client, findings = build_ir(
        _job_doc(), job="getJob", status=STATUS, statuses={"pending": "QUEUED", "gone": "FAILED"}
    )
    assert sorted(codes(findings)) == ["status-not-in-spec", "status-unmapped"]
    unmapped = next(f for f in findings if f.code == "status-unmapped")
    assert "'done'" in unmapped.message and unmapped.pointer is not None
    assert client.job is not None


def test_a_status_pointer_outside_the_job_schema_is_a_config_finding() -> None:
    client, findings = build_ir(
        _job_doc(), job="getJob", status="#/components/schemas/Other/properties/x", statuses={}
    )
    assert codes(findings) == ["job-status"]
    assert findings[0].file == "specs/test/jobclient.yaml"
    assert client.job is None


def test_nullable_is_one_rule() -> None:
    assert nullable(Prim("str")) == Nullable(Prim("str"))
    assert nullable(Nullable(Prim("str"))) == Nullable(Prim("str"))
    assert nullable(Prim("Any")) == Prim("Any")
    assert nullable(Prim("None")) == Prim("None")


def test_literal_members_of_a_union_are_spelled_as_one_literal() -> None:
    union = UnionOf((LiteralOf((1,)), Prim("str"), LiteralOf((2, 1, True))))
    assert annotation(union) == (
        'Annotated[Literal[1, 2, True] | str, Field(union_mode="left_to_right")]'
    )
    # Nothing but literals: one Literal, no union left to annotate.
    assert annotation(UnionOf((LiteralOf(("a",)), LiteralOf(("b",))))) == "Literal['a', 'b']"
    assert names_in(UnionOf((LiteralOf(("a",)), LiteralOf(("b",))))) == {"Literal"}


def test_no_parameter_hides_a_module_the_client_module_imports() -> None:
    client, findings = build_ir(
        _job_doc("functools", "contextlib"), job="getJob", status=STATUS, statuses=MAPPING
    )
    assert codes(findings) == []
    for name in ("get_job", "other"):
        op = operation(client, name)
        assert parameter(op, "functools").name == "functools_2"
        assert parameter(op, "contextlib").name == "contextlib_2"


def test_an_array_with_properties_is_the_array_its_type_says() -> None:
    doc = """
        openapi: 3.1.0
        info: {title: T, version: "1"}
        paths: {}
        components:
          schemas:
            Names:
              type: array
              items: {type: string}
              properties: {total: {type: integer}}
            Holder:
              type: object
              properties:
                inline: {type: array, items: {type: integer}, properties: {n: {type: integer}}}
                text: {type: [string, "null"], properties: {n: {type: integer}}}
                untyped: {properties: {n: {type: integer}}}
    """
    client, findings = build_ir(doc)
    assert codes(findings) == []
    names = schema(client, "Names")
    assert isinstance(names, AliasSchema) and names.type == ListOf(Prim("str"))
    fields = {f.wire_name: f.type for f in model(client, "Holder").fields}
    assert fields["inline"] == Nullable(ListOf(Prim("int")))
    assert fields["text"] == Nullable(Prim("str"))
    # Untyped, `properties` still make an object, as before.
    assert fields["untyped"] == Nullable(Ref(Identifier("HolderUntyped")))


def test_prefix_items_are_a_tuple() -> None:
    doc = """
        openapi: 3.1.0
        info: {title: T, version: "1"}
        paths: {}
        components:
          schemas:
            Shapes:
              type: object
              required: [pair, row, loose, capped]
              properties:
                pair:
                  type: array
                  prefixItems: [{type: number}, {type: number}]
                  items: false
                  minItems: 2
                row:
                  type: array
                  prefixItems: [{type: integer}]
                  items: {type: string}
                  minItems: 1
                loose: {type: array, prefixItems: [{type: integer}, {type: string}]}
                capped: {type: array, prefixItems: [{type: integer}, {type: string}], maxItems: 1}
    """
    client, findings = build_ir(doc)
    assert codes(findings) == []
    fields = {f.wire_name: f.type for f in model(client, "Shapes").fields}
    assert fields["pair"] == TupleOf((Prim("float"), Prim("float")), None, 2)
    assert annotation(fields["pair"]) == "tuple[float, float]"
    row = fields["row"]
    assert row == TupleOf((Prim("int"),), Prim("str"), 1)
    assert annotation(row) == "Annotated[tuple[int, *tuple[str, ...]], PrefixItems()]"
    assert names_in(row) == {"Annotated", "PrefixItems", "int", "str"}
    # No minItems: an array may stop before any typed position; no `items`: anything after.
    assert annotation(fields["loose"]) == (
        "tuple[()] | tuple[int] | Annotated[tuple[int, str, *tuple[Any, ...]], PrefixItems()]"
    )
    # maxItems stops at the first position.
    assert fields["capped"] == TupleOf((Prim("int"),), None, 0)
