"""Read from the document what a vendor's test fake checks and answers with.

The build step for the test fakes: per operation the parameters and
their schemas (where the spec declares them), the credential scheme, and the documented
answers with a sample body each (see :mod:`generator.builder.samples`); for a list operation,
its paging in wire names (the fake answers it page by page); for a configured job, the
id's format and where the status and the id sit in the job's body.
"""

from __future__ import annotations

import json
from typing import Any

from generator.builder.job import object_for
from generator.builder.samples import Sampler, is_json
from generator.loader.document import RefError, SpecDocument
from generator.model.api import Client, ObjectSchema, Operation, Paging, Schema
from generator.model.fake import FakeSpec
from generator.model.findings import pointer_join
from generator.model.names import Identifier
from generator.model.source import Located
from generator.model.type_expr import TypeExpr

# The parameter schema keywords a fake checks a value against.
_PARAM_KEYWORDS = (
    "type",
    "format",
    "pattern",
    "enum",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "nullable",
    "default",
)
# Where a job's own id usually stands in its body, after the path parameter's own name.
_ID_FIELDS = ("id", "job_id", "jobId")


def fake_spec(doc: SpecDocument, client: Client) -> FakeSpec:
    """The fake of ``client``: each operation read again where the builder found it (its
    ``origin``), with the parameters the builder resolved."""
    reader = _Reader(doc, client.schemas)
    operations = [reader.operation(op) for op in client.operations]
    auth = client.auth
    data: dict[str, Any] = {
        "vendor": str(client.module),
        "spec": client.spec_path,
        "base_url": client.base_url,
        "credential": str(client.credential_parameter),
        "auth": None
        if auth is None
        else {"kind": auth.kind, "name": auth.name, "in": auth.location},
        "operations": operations,
        "job": _job(client, operations),
    }
    base = str(client.class_name)[: -len("Client")]
    return FakeSpec(
        class_name=Identifier(f"Fake{base}"),
        client_class=client.class_name,
        async_client_class=client.async_class_name,
        data=_json_lines(data),
    )


def _json_lines(data: dict[str, Any]) -> str:
    """The facts as JSON, one operation a line: a change to the document reads as a
    small diff, and json's C encoder (which ``indent`` would forgo) writes each line."""
    operations = data["operations"]
    head = {key: value for key, value in data.items() if key != "operations"}
    lines = [json.dumps(op, ensure_ascii=True) for op in operations]
    body = ",\n".join(lines)
    return (
        json.dumps(head, ensure_ascii=True)[:-1]
        + (', "operations": [\n' + body + "\n]}" if lines else ', "operations": []}')
        + "\n"
    )


class _Reader:
    def __init__(self, doc: SpecDocument, schemas: tuple[Schema, ...]) -> None:
        self.doc = doc
        self.sampler = Sampler(doc)
        self.schemas = schemas

    def where(self, node: Located) -> str:
        # A line costs a parse of a JSON file: a fake names the place by pointer alone
        # there, as it needs no line to be found.
        line = self.doc.line(node) if node.file.lines_at_hand else None
        place = f"{node.file.display}:{line}" if line else node.file.display
        return f"{place} (#{node.pointer})"

    def operation(self, op: Operation) -> dict[str, Any]:
        node = op.origin
        assert node is not None, "the builder sets every operation's origin"
        value = node.value
        security = "security" in value
        security_at = (
            Located(node.file, pointer_join(node.pointer, "security"), value["security"])
            if security
            else self.doc.at_root("/security")
            if isinstance(self.doc.data, dict) and "security" in self.doc.data
            else node
        )
        responses = self.responses(op)
        success = next((responses[r.status] for r in op.responses if r.status in responses), None)
        # Only where there is paging: every other operation's facts stay as they were.
        paging = {} if op.paging is None else {"paging": self.paging(op, op.paging)}
        return {
            "name": str(op.name),
            "method": op.method,
            "path": op.path,
            "where": self.where(node),
            "secured": op.secured,
            "security_where": self.where(security_at),
            "params": self.parameters(op),
            "success": success
            or {
                "key": "200",
                "status": 200,
                "media": None,
                "kind": "empty",
                "body": None,
                "where": "",
            },
            "errors": {r.status: responses[r.status] for r in op.errors if r.status in responses},
            **paging,
        }

    def paging(self, op: Operation, paging: Paging) -> dict[str, Any]:
        """The operation's paging as the fake reads it: fields by their wire names."""
        body = next((r.type for r in op.responses if r.type is not None), None)

        def wire(path: tuple[str, ...] | None, start: TypeExpr | None) -> list[str] | None:
            return None if path is None else self.wire_path(path, start)

        return {
            "style": paging.style,
            "param": paging.param,
            "size_param": paging.size_param,
            "items": self.wire_path(paging.items, body),
            "next": wire(paging.next, body),
            "from_item": wire(paging.from_item, paging.item_type),
            "has_more": wire(paging.has_more, body),
            "total": wire(paging.total, body),
            "total_is_pages": paging.total_is_pages,
        }

    def wire_path(self, path: tuple[str, ...], start: TypeExpr | None) -> list[str]:
        """A path of Python attribute names as the JSON spells it (a field the models
        do not declare keeps its name: it is an extra field, read as sent)."""
        names: list[str] = []
        current = object_for(start, self.schemas)
        for name in path:
            fields = current.fields if current is not None else ()
            field = next((f for f in fields if str(f.name) == name), None)
            names.append(field.wire_name if field is not None else name)
            current = object_for(field.type, self.schemas) if field is not None else None
        return names

    def parameters(self, op: Operation) -> list[dict[str, Any]]:
        """The operation's parameters as the builder collected and resolved them."""
        params: list[dict[str, Any]] = []
        for param in op.parameters:
            node = param.origin
            assert node is not None, "the builder sets every parameter's origin"
            schema = node.value.get("schema")
            checks: dict[str, Any] = {}
            if isinstance(schema, dict):
                checks = self.param_schema(
                    Located(node.file, pointer_join(node.pointer, "schema"), schema)
                )
            params.append(
                {
                    "name": param.wire_name,
                    "in": param.location,
                    "required": param.required,
                    "schema": checks,
                    "where": self.where(node),
                }
            )
        return params

    def param_schema(self, node: Located) -> dict[str, Any]:
        """The checkable keywords of a parameter's schema; a union with null reads as its
        other member, nullable."""
        try:
            node = self.doc.deref(node)
        except RefError:
            return {}
        value = node.value
        if not isinstance(value, dict):
            return {}
        for combinator in ("anyOf", "oneOf"):
            options = value.get(combinator)
            if isinstance(options, list):
                others = [
                    (i, o)
                    for i, o in enumerate(options)
                    if not (isinstance(o, dict) and o.get("type") == "null")
                ]
                if len(others) == 1:
                    index, option = others[0]
                    inner = self.param_schema(
                        Located(node.file, pointer_join(node.pointer, combinator, index), option)
                    )
                    if len(others) < len(options):
                        inner["nullable"] = True
                    return inner
                return {}
        checks = {k: value[k] for k in _PARAM_KEYWORDS if k in value and is_json(value[k])}
        kind = checks.get("type")
        if isinstance(kind, list):
            kinds = [k for k in kind if k != "null"]
            checks["type"] = kinds[0] if len(kinds) == 1 else None
            if "null" in kind:
                checks["nullable"] = True
        return checks

    def responses(self, op: Operation) -> dict[str, dict[str, Any]]:
        """Each documented answer, as the builder resolved it and picked its media type."""
        answers: dict[str, dict[str, Any]] = {}
        for response in (*op.responses, *op.errors):
            assert response.origin is not None, "the builder sets every response's origin"
            answers[response.status] = self.answer(
                response.status, response.kind, response.media, response.origin
            )
        return answers

    def answer(
        self, status: str, kind: str, media: str | None, response: Located
    ) -> dict[str, Any]:
        code = (
            int(status)
            if status.isdigit()
            else {"1": 100, "2": 200, "3": 300, "4": 400}.get(
                status[:1], 500 if status.startswith("5") else 200
            )
        )
        content = response.value.get("content") if isinstance(response.value, dict) else None
        body: Any = None
        if media is not None and isinstance(content, dict):
            entry = Located(
                response.file, pointer_join(response.pointer, "content", media), content[media]
            )
            schema = (
                Located(entry.file, pointer_join(entry.pointer, "schema"), entry.value["schema"])
                if isinstance(entry.value, dict) and "schema" in entry.value
                else None
            )
            found, body = self.sampler.media_example(entry, schema)
            if not found:
                body = self.sampler.build(schema) if schema is not None else None
            if kind == "json" and body is None and schema is None:
                body = {}
            if kind == "text" and not isinstance(body, str):
                body = "string"
        if media is None:
            kind = "empty"
        return {
            "key": status,
            "status": code,
            "media": media,
            "kind": kind,
            "body": body,
            "where": self.where(response),
        }


def _job(client: Client, operations: list[dict[str, Any]]) -> dict[str, Any] | None:
    job = client.job
    if job is None:
        return None
    entry = next(o for o in operations if o["name"] == str(job.operation.name))
    id_param = next(
        p for p in entry["params"] if p["name"] == job.id_param.wire_name and p["in"] == "path"
    )
    schemas = {str(s.name): s for s in client.schemas if isinstance(s, ObjectSchema)}
    model = schemas.get(str(job.job_type))
    status_path: list[str] = []
    current = model
    for name in job.status_field:
        field = next((f for f in current.fields if str(f.name) == name), None) if current else None
        if field is None:
            break
        status_path.append(field.wire_name)
        current = object_for(field.type, client.schemas)
    fields = [f.wire_name for f in model.fields] if model is not None else []
    id_path = next(
        (
            [name]
            for name in (job.id_param.wire_name, *_ID_FIELDS)
            if name in fields and name not in status_path[:1]
        ),
        None,
    )
    return {
        "operation": str(job.operation.name),
        "id_param": job.id_param.wire_name,
        "id_schema": id_param["schema"],
        "status_path": status_path,
        "id_path": id_path,
        "fields": fields,
        "statuses": [entry.value for entry in job.statuses],
        # The operation that lists these jobs, when the kind binds one that pages: the
        # fake answers it with its own jobs, page by page.
        "list_operation": _list_operation(client),
    }


def _list_operation(client: Client) -> str | None:
    kind = client.jobs[0] if client.jobs else None
    if kind is None or kind.lifecycle is not client.job or kind.list is None:
        return None
    return str(kind.list.name) if kind.list.paging is not None else None
