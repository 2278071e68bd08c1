"""The API record: a canonical JSON rendering of what one built client exposes and sends.

``make generate`` writes one per vendor (``generated/api/<module>.json``) and
``python -m generator diff`` compares two of them, so a change report against the
committed state needs neither the old document nor the old generator. The record is
made from the built model (what a caller sees: Python names and types) and, for what
the model does not carry (constraints, formats, deprecations, scopes, servers), from the
document nodes each model element remembers. Every element carries its place (``at``:
file, line, JSON pointer); places say where a change is, and are never a change.

Over 500 lines on purpose: the record is one nested shape (operations, parameters,
bodies, responses, models, fields, enums, auth, servers, the job binding), written here
and checked here (:func:`check_record`), so that a shape and its check change together.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from generator.builder.schemas import component_entries
from generator.loader.config import JobBinding, VendorConfig
from generator.loader.document import RefError, SpecDocument
from generator.model.api import (
    AliasSchema,
    Client,
    EnumSchema,
    Field,
    ObjectSchema,
    Operation,
    Parameter,
    RequestBody,
    Response,
)
from generator.model.escape import Untrusted
from generator.model.findings import Finding, GenerationError, Severity, pointer_join
from generator.model.source import Located
from generator.model.type_expr import (
    ListOf,
    LiteralOf,
    MapOf,
    Nullable,
    OpenEnum,
    Prim,
    Ref,
    TupleOf,
    TypeExpr,
    UnionOf,
)

_TEMPLATE_PARAMETER = re.compile(r"\{[^{}]*\}")
RECORD_KIND = "jobclients-api-record"
RECORD_VERSION = 1
# Beside the importable package, inside the output folder: generated/api/<module>.json.
RECORD_FOLDER = "api"
# The keys every record has at its top level (load_record checks them).
TOP_KEYS = frozenset(
    {"kind", "version", "client", "servers", "auth", "security_schemes", "operations", "models"}
    | {"job"}
)
# Schema keywords that restrict which values are accepted, recorded as they are written.
CONSTRAINTS = (
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
)


def api_record(
    client: Client,
    doc: SpecDocument,
    job: JobBinding | None = None,
    config_display: str | None = None,
) -> dict[str, Any]:
    """The canonical record of one built client (``doc`` is the document it was built
    from; ``job`` the binding its config gave, if any, and ``config_display`` where that
    config is)."""
    return {
        "kind": RECORD_KIND,
        "version": RECORD_VERSION,
        "client": {
            "module": str(client.module),
            "class": str(client.class_name),
            "async_class": str(client.async_class_name),
            "title": client.vendor_title.text,
            "api_version": client.api_version.text,
            "description": _text(client.description),
            "credential": str(client.credential_parameter),
            "credential_env": client.credential_env,
            "base_url_env": client.base_url_env,
            "base_url": client.base_url,
            "spec": client.spec_path,
        },
        "servers": _servers(doc),
        "auth": _auth(client),
        "security_schemes": _security_schemes(doc),
        "operations": _operations(client, doc),
        "models": _models(client, doc),
        "job": _job(client, job, config_display),
    }


def record_files(
    built: Iterable[tuple[VendorConfig, SpecDocument, Client]],
) -> dict[str, bytes]:
    """``api/<module>.json`` for every vendor, keyed like the rendered files."""
    return {
        f"{RECORD_FOLDER}/{client.module}.json": dump_record(
            api_record(client, doc, config.job, config.display)
        ).encode("utf-8")
        for config, doc, client in built
    }


def dump_record(record: dict[str, Any]) -> str:
    """Canonical JSON text: sorted keys, 2-space indent, trailing newline."""
    return json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def load_record(path: Path) -> dict[str, Any]:
    """A record read back from a file; anything that is not one raises GenerationError."""
    display = str(path)
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _bad(display, None, f"cannot read the API record ({exc}).") from None
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _bad(display, exc.lineno, f"not JSON ({exc.msg}).") from None
    check_record(record, display)
    return dict(record)


def looks_like_record(data: Any) -> bool:
    """Whether parsed JSON claims to be an API record (its ``kind``)."""
    return isinstance(data, dict) and data.get("kind") == RECORD_KIND


def check_record(record: Any, display: str) -> None:
    """The record's shape and version, enough for the comparison to trust it."""
    if not looks_like_record(record):
        raise _bad(
            display,
            1,
            f'not an API record (no "kind": "{RECORD_KIND}"); give a document or a record '
            "written by `make generate` (generated/api/<vendor>.json).",
        )
    if record.get("version") != RECORD_VERSION:
        raise _bad(
            display,
            1,
            f"API record version {record.get('version')!r}; this generator reads version "
            f"{RECORD_VERSION}. Regenerate the record with this generator.",
        )
    missing = sorted(TOP_KEYS - set(record))
    if missing:
        raise _bad(display, 1, f"the API record lacks {', '.join(missing)}.")
    expected: dict[str, type | tuple[type, ...]] = {
        "client": dict,
        "servers": list,
        "auth": (dict, type(None)),
        "security_schemes": dict,
        "operations": dict,
        "models": dict,
        "job": (dict, type(None)),
    }
    for key, kind in expected.items():
        if not isinstance(record[key], kind):
            raise _bad(display, 1, f"the API record's {key!r} has the wrong shape.")
    for table in ("operations", "models"):
        for name, entry in record[table].items():
            if not isinstance(entry, dict):
                raise _bad(display, 1, f"the API record's {table} entry {name!r} is not an object.")
    for name, op in record["operations"].items():
        for key, kind in (("parameters", dict), ("responses", dict), ("python", str)):
            if not isinstance(op.get(key), kind):
                raise _bad(display, 1, f"the operation {name!r} lacks {key!r}.")
        _entries(op["parameters"], f"the operation {name!r}'s parameters", display)
        _entries(op["responses"], f"the operation {name!r}'s responses", display)
        if not isinstance(op.get("body"), dict | None):
            raise _bad(display, 1, f"the operation {name!r}'s body is not an object.")
    for name, model in record["models"].items():
        kind = model.get("kind")
        if kind not in ("object", "enum", "alias"):
            raise _bad(display, 1, f"the model {name!r} has no known kind.")
        members = {"object": "fields", "enum": "values"}.get(kind)
        if members is not None:
            if not isinstance(model.get(members), dict):
                raise _bad(display, 1, f"the model {name!r} lacks {members!r}.")
            _entries(model[members], f"the model {name!r}'s {members}", display)


def _entries(table: dict[str, Any], what: str, display: str) -> None:
    if not all(isinstance(entry, dict) for entry in table.values()):
        raise _bad(display, 1, f"{what} are not all objects.")


def _bad(display: str, line: int | None, message: str) -> GenerationError:
    return GenerationError([Finding(Severity.ERROR, "bad-record", display, line, "", message)])


# ---------------------------------------------------------------- places and values


def place(node: Located | None) -> dict[str, Any]:
    """Where an element is written: file, line and JSON pointer."""
    if node is None:
        return {"file": None, "line": None, "pointer": None}
    return {
        "file": node.file.display,
        "line": node.file.line_of(node.pointer),
        "pointer": "#" + node.pointer,
    }


def _text(value: Untrusted | None) -> str | None:
    return value.text if value is not None else None


def _plain(value: Any) -> Any:
    """A spec value as JSON can hold it (YAML may give keys that are not strings)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def type_json(expr: TypeExpr | None) -> Any:
    """A type expression as JSON: a builtin's name, or one-key objects for the rest."""
    match expr:
        case None:
            return None
        case Prim(name):
            return name
        case Ref(name):
            return {"ref": str(name)}
        case OpenEnum(enum):
            return {"enum": str(enum)}
        case ListOf(item):
            return {"list": type_json(item)}
        case TupleOf(items, rest, shortest):
            return {
                "tuple": [type_json(i) for i in items],
                "rest": type_json(rest),
                "shortest": shortest,
            }
        case MapOf(value):
            return {"map": type_json(value)}
        case LiteralOf(values):
            return {"literal": list(values)}
        case Nullable(inner):
            return {"nullable": type_json(inner)}
        case UnionOf(options, discriminator, _plain_union):
            out: dict[str, Any] = {"union": [type_json(o) for o in options]}
            if discriminator is not None:
                out["discriminator"] = {
                    "property": discriminator.property_name,
                    "mapping": dict(sorted(discriminator.mapping)),
                }
            return out
    raise TypeError(expr)


def _schema_node(doc: SpecDocument, start: Located | None) -> dict[str, Any]:
    """The schema a node stands for, its ``$ref`` chain and one-member allOf followed
    (keywords written beside them win, as they do for the reader of the document)."""
    node = start
    written: dict[str, Any] = {}
    # Bounded: a loop of refs or allOfs is reported by the build, not walked here.
    for _ in range(64):
        if node is None or not isinstance(node.value, dict):
            break
        value = node.value
        ref = value.get("$ref")
        parts = value.get("allOf")
        if isinstance(ref, str):
            written = {**{k: v for k, v in value.items() if k != "$ref"}, **written}
            try:
                node = doc.follow(ref, node.file)
            except RefError:
                break
        elif isinstance(parts, list) and len(parts) == 1 and "properties" not in value:
            written = {**{k: v for k, v in value.items() if k != "allOf"}, **written}
            node = Located(node.file, pointer_join(node.pointer, "allOf", 0), parts[0])
        else:
            return {**value, **written}
    return written


def _facts(schema: Mapping[str, Any]) -> dict[str, Any]:
    """What a schema says beyond its Python type: format, constraints, deprecation."""
    facts: dict[str, Any] = {}
    constraints = {k: _plain(schema[k]) for k in CONSTRAINTS if k in schema}
    if constraints:
        facts["constraints"] = constraints
    if isinstance(schema.get("format"), str):
        facts["format"] = schema["format"]
    if schema.get("deprecated") is True:
        facts["deprecated"] = True
    return facts


# ---------------------------------------------------------------- the parts


def _servers(doc: SpecDocument) -> list[dict[str, Any]]:
    data = doc.data
    servers = data.get("servers") if isinstance(data, dict) else None
    out: list[dict[str, Any]] = []
    for index, server in enumerate(servers if isinstance(servers, list) else []):
        if not isinstance(server, dict) or not isinstance(server.get("url"), str):
            continue
        node = doc.at_root(pointer_join("/servers", index))
        out.append(
            {
                "url": server["url"],
                "description": server.get("description")
                if isinstance(server.get("description"), str)
                else None,
                "at": place(node),
            }
        )
    return out


def _auth(client: Client) -> dict[str, Any] | None:
    if client.auth is None:
        return None
    return {
        "kind": client.auth.kind,
        "name": client.auth.name,
        "in": client.auth.location,
        "required": client.credential_required,
    }


def _security_schemes(doc: SpecDocument) -> dict[str, Any]:
    out: dict[str, Any] = {}
    # Read as the builder reads them (a section may be a $ref to another file); what it
    # finds wrong it has already reported.
    for name, node in component_entries(doc, "securitySchemes", []):
        try:
            node = doc.deref(node)
        except RefError:
            continue
        value = node.value if isinstance(node.value, dict) else {}
        scopes: set[str] = set()
        flows = value.get("flows")
        for flow in flows.values() if isinstance(flows, dict) else ():
            if isinstance(flow, dict) and isinstance(flow.get("scopes"), dict):
                scopes |= {str(s) for s in flow["scopes"]}
        out[str(name)] = {
            "type": _plain(value.get("type")),
            "scheme": _plain(value.get("scheme")),
            "in": _plain(value.get("in")),
            "name": _plain(value.get("name")),
            "scopes": sorted(scopes),
            "at": place(node),
        }
    return out


def operation_key(method: str, path: str) -> str:
    """An operation's identity: its method and path, path parameters' names left out
    (renaming ``{id}`` to ``{job_id}`` is not a new operation)."""
    return f"{method.upper()} {_TEMPLATE_PARAMETER.sub('{}', path)}"


def _operations(client: Client, doc: SpecDocument) -> dict[str, Any]:
    root_security = doc.data.get("security") if isinstance(doc.data, dict) else None
    out: dict[str, Any] = {}
    for op in client.operations:
        out[operation_key(op.method, op.path)] = _operation(client, doc, op, root_security)
    return out


def _security(op: Operation, root_security: Any) -> list[dict[str, list[str]]]:
    value = op.origin.value if op.origin is not None else {}
    requirements = value.get("security") if isinstance(value, dict) else None
    if not isinstance(requirements, list):
        requirements = root_security if isinstance(root_security, list) else []
    out: list[dict[str, list[str]]] = []
    for requirement in requirements:
        if isinstance(requirement, dict):
            out.append(
                {
                    str(k): sorted(str(s) for s in v) if isinstance(v, list) else []
                    for k, v in sorted(requirement.items(), key=lambda kv: str(kv[0]))
                }
            )
    return sorted(out, key=lambda r: sorted((k, tuple(v)) for k, v in r.items()))


def _operation(
    client: Client, doc: SpecDocument, op: Operation, root_security: Any
) -> dict[str, Any]:
    responses: dict[str, Any] = {}
    for response in op.responses:
        responses[response.status] = _response(response, success=True)
    for response in op.errors:
        responses[response.status] = _response(response, success=False)
    return {
        "method": op.method,
        "path": op.path,
        "python": f"{client.class_name}.{op.name}",
        "summary": _text(op.summary),
        "description": _text(op.doc),
        "deprecated": op.deprecated,
        "security": _security(op, root_security),
        "parameters": {
            f"{p.location} {p.wire_name}": _parameter(client, doc, op, p) for p in op.parameters
        },
        "body": _body(op.body),
        "responses": responses,
        "at": place(op.origin),
    }


def _parameter(
    client: Client, doc: SpecDocument, op: Operation, param: Parameter
) -> dict[str, Any]:
    node = param.origin
    value = node.value if node is not None and isinstance(node.value, dict) else {}
    schema: dict[str, Any] = {}
    if node is not None and isinstance(value.get("schema"), dict):
        schema = _schema_node(
            doc, Located(node.file, pointer_join(node.pointer, "schema"), value["schema"])
        )
    return {
        "python": f"{client.class_name}.{op.name}({param.name})",
        "keyword": str(param.name),
        "name": param.wire_name,
        "in": param.location,
        "required": param.required,
        "type": type_json(param.type),
        "default": str(param.default) if param.default is not None else None,
        "style": param.style,
        "explode": param.explode,
        "description": _text(param.doc),
        "deprecated": value.get("deprecated") is True or schema.get("deprecated") is True,
        **{k: v for k, v in _facts(schema).items() if k != "deprecated"},
        "at": place(node),
    }


def _body(body: RequestBody | None) -> dict[str, Any] | None:
    if body is None:
        return None
    return {
        "media": body.content_type,
        "kind": body.kind,
        "required": body.required,
        "type": type_json(body.type),
        "at": place(body.origin),
    }


def _response(response: Response, *, success: bool) -> dict[str, Any]:
    return {
        "success": success,
        "kind": response.kind,
        "media": _media(response),
        "type": type_json(response.type),
        "description": _text(response.doc),
        "at": place(response.origin),
    }


def _media(response: Response) -> str | None:
    node = response.origin
    content = (
        node.value.get("content") if node is not None and isinstance(node.value, dict) else None
    )
    if not isinstance(content, dict) or not content:
        return None
    return ", ".join(sorted(str(m) for m in content))


def _models(client: Client, doc: SpecDocument) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for schema in client.schemas:
        entry: dict[str, Any] = {
            "kind": schema.kind,
            "python": f"models.{schema.name}",
            "description": _text(schema.doc),
            "deprecated": schema.origin is not None
            and isinstance(schema.origin.value, dict)
            and schema.origin.value.get("deprecated") is True,
            "source": _source(doc, schema.origin, schema.source),
            "at": place(schema.origin),
        }
        if isinstance(schema, ObjectSchema):
            entry["fields"] = {f.wire_name: _field(doc, schema, f) for f in schema.fields}
        elif isinstance(schema, EnumSchema):
            entry["values"] = {
                m.value: {
                    "python": f"models.{schema.name}.{m.name}",
                    "at": _enum_place(schema, m.value),
                }
                for m in schema.members
            }
        elif isinstance(schema, AliasSchema):
            entry["type"] = type_json(schema.type)
        out[str(schema.name)] = entry
    return out


def _source(doc: SpecDocument, node: Located | None, pointer: str) -> str:
    """Where a model is defined, the same wherever the document is: the file relative to
    the root document's folder (empty for the root itself) and the JSON pointer."""
    if node is None or node.file is doc.root:
        return pointer
    try:
        relative = node.file.path.resolve().relative_to(doc.base_dir).as_posix()
    except ValueError:
        relative = node.file.origin
    return f"{relative}{pointer}"


def _enum_place(schema: EnumSchema, value: str) -> dict[str, Any]:
    node = schema.origin
    if node is None or not isinstance(node.value, dict):
        return place(node)
    values = node.value.get("enum")
    if isinstance(values, list) and value in values:
        return place(
            Located(node.file, pointer_join(node.pointer, "enum", values.index(value)), value)
        )
    return place(node)


def _field(doc: SpecDocument, model: ObjectSchema, item: Field) -> dict[str, Any]:
    schema = _schema_node(doc, item.origin)
    return {
        "python": f"models.{model.name}.{item.name}",
        "type": type_json(item.type),
        "required": item.required,
        "default": str(item.default) if item.default is not None else None,
        "read_only": item.read_only,
        "write_only": item.write_only,
        "description": _text(item.doc),
        "deprecated": schema.get("deprecated") is True,
        **{k: v for k, v in _facts(schema).items() if k != "deprecated"},
        "at": place(item.origin),
    }


def _job(
    client: Client, binding: JobBinding | None, config_display: str | None
) -> dict[str, Any] | None:
    job = client.job
    if job is None:
        return None
    return {
        "operation": operation_key(job.operation.method, job.operation.path),
        "python": f"{client.class_name}.{job.operation.name}",
        "model": str(job.job_type),
        "status_field": list(job.status_field),
        "status_pointer": binding.status_pointer if binding is not None else None,
        "statuses": {entry.value: entry.canonical for entry in job.statuses},
        "at": {
            "file": config_display,
            "line": binding.line if binding is not None else None,
            "pointer": "#/job" if binding is not None else None,
        },
    }
