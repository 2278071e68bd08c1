"""The API record: a canonical JSON rendering of what one built client exposes and sends.

``make generate`` writes one per vendor (``generated/api/<module>.json``) and
``python -m generator diff`` compares two of them, so a change report against the
committed state needs neither the old document nor the old generator. The record is
made from the built model (what a caller sees: Python names and types) and, for what
the model does not carry (constraints, formats, deprecations, scopes, servers), from the
document nodes each model element remembers. Every element carries its place (``at``:
file, line, JSON pointer); places say where a change is, and are never a change.

Over 500 lines on purpose: the record is one nested shape (operations, parameters,
bodies, responses, paging, models, fields, enums, auth, servers, the job binding), written here
and checked here (:func:`check_record`), so that a shape and its check change together.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from generator.builder.schemas import component_entries, wrapped_part
from generator.loader.config import VendorConfig
from generator.loader.document import RefError, SpecDocument
from generator.loader.job_config import JobBinding
from generator.model.api import (
    AliasSchema,
    Client,
    EnumSchema,
    Field,
    JobCall,
    ObjectSchema,
    Operation,
    Paging,
    Parameter,
    RequestBody,
    Response,
)
from generator.model.escape import Untrusted
from generator.model.findings import Finding, GenerationError, Severity, pointer_join
from generator.model.source import Located, SourceFile
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
# Version 2 added what the server accepts besides the Python type (nullable, the body's
# own limits and format, the digest of keywords the client does not model). A version 1
# record is still read: compared with it, those facts are left out of the judgement.
RECORD_VERSION = 2
READABLE_VERSIONS = (1, 2)
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
    jobs: tuple[JobBinding, ...] = (),
    config_display: str | None = None,
) -> dict[str, Any]:
    """The canonical record of one built client (``doc`` is the document it was built
    from; ``jobs`` the kinds of job its config binds, if any, and ``config_display``
    where that config is)."""
    job = jobs[0] if jobs else None
    wire = _Wire(doc)
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
        "operations": _operations(client, doc, wire),
        "models": _models(client, doc, wire),
        "job": _job(client, job, config_display),
        "jobs": _kinds(client, jobs, config_display),
    }


def record_files(
    built: Iterable[tuple[VendorConfig, SpecDocument, Client]],
) -> dict[str, bytes]:
    """``api/<module>.json`` for every vendor, keyed like the rendered files."""
    return {
        f"{RECORD_FOLDER}/{client.module}.json": dump_record(
            api_record(client, doc, config.jobs, config.display)
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
    if record.get("version") not in READABLE_VERSIONS:
        raise _bad(
            display,
            1,
            f"API record version {record.get('version')!r}; this generator reads versions "
            f"{' and '.join(map(str, READABLE_VERSIONS))}. Regenerate the record with this "
            "generator.",
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
    # Records written before kinds of job were recorded have no "jobs".
    if not isinstance(record.get("jobs", {}), dict):
        raise _bad(display, 1, "the API record's 'jobs' has the wrong shape.")
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
        if not isinstance(op.get("paging"), dict | None):
            raise _bad(display, 1, f"the operation {name!r}'s paging is not an object.")
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


def _resolved(doc: SpecDocument, start: Located | None) -> tuple[Located | None, dict[str, Any]]:
    """The schema a node stands for, its ``$ref`` chain and one-member allOf followed
    (keywords written beside them win, as they do for the reader of the document), and
    the node the chain ends at (its own refs are relative to that node's file)."""
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
            return node, {**value, **written}
    return node, written


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


class _Wire:
    """What the server accepts beyond what the Python type says, for one document:
    whether a value may be null (an optional field is ``X | None`` in Python whether or
    not the schema allows null), and a digest of the JSON Schema keywords the client does
    not model. Digests are remembered by schema, so a schema many fields name is read
    once."""

    def __init__(self, doc: SpecDocument) -> None:
        self.doc = doc
        # By the identity of a schema's value in the loaded document.
        self._digests: dict[int, frozenset[str]] = {}
        self._targets: dict[tuple[int, str], Located | None] = {}

    def facts(self, start: Located | None) -> dict[str, Any]:
        """The schema's facts (see :func:`_facts`), with ``nullable`` when it accepts
        null and ``keywords`` when it holds keywords the client does not model."""
        node, schema = _resolved(self.doc, start)
        facts = _facts(schema)
        if self._nullable(node, schema, 0):
            facts["nullable"] = True
        if start is not None:
            keywords = self._keywords(start)
            if keywords:
                facts["keywords"] = sorted(keywords)
        return facts

    def _nullable(self, node: Located | None, schema: Mapping[str, Any], depth: int) -> bool:
        if node is not None and isinstance(node.value, bool):
            return node.value
        if schema.get("nullable") is True:
            return True
        kind = schema.get("type")
        if kind == "null" or (isinstance(kind, list) and "null" in kind):
            return True
        if "const" in schema:
            return schema["const"] is None
        if isinstance(schema.get("enum"), list):
            return None in schema["enum"]
        if kind is not None:
            return False
        wrapped = wrapped_part(dict(schema)) if "allOf" in schema else None
        if wrapped is not None and wrapped[1]:
            # An allOf that wraps one type with a part saying `nullable: true`: null
            # passes, as the builder reads it (the client types it `X | None`).
            return True
        if node is not None and depth < _DEPTH:
            for combinator in ("oneOf", "anyOf", "allOf"):
                members = schema.get(combinator)
                if not isinstance(members, list) or not members:
                    continue
                found = (
                    self._nullable(*_resolved(self.doc, where), depth + 1)
                    for where in _members(node, combinator, members)
                )
                return all(found) if combinator == "allOf" else any(found)
        # Untyped: null passes unless the schema's shape says object or array, as the
        # builder reads it (an untyped schema with `properties` is a model).
        return not any(key in schema for key in _SHAPED)

    def _keywords(self, start: Located) -> frozenset[str]:
        """``keyword:hash`` for every keyword the client does not model, in the schema
        and in what it is made of (refs followed; not its properties, which are fields
        with facts of their own).

        Each schema's answer is the union over everything it reaches, whatever path
        reached it first (Tarjan's strongly connected components: the schemas of a
        cycle share one answer), so neither the order fields are read in nor a
        recursive schema changes a digest. The walk is over the document's own values
        (remembered by identity), a place made only where a ``$ref`` leads to another
        file: it runs over every schema a large document has.
        """
        value = start.value
        if not isinstance(value, dict):
            return _NONE
        walked = value.keys() & _WALKED
        if not walked:
            return _NONE  # most fields: a type and a description, nothing to walk
        found = self._digests.get(id(value))
        if found is not None:
            return found
        if walked == _REF_ONLY:
            # A `$ref` and words around it, as most fields that name a model are: the
            # digest of where the chain of such refs ends (nothing, if it loops).
            seen = {id(value)}
            target: Located | None = start
            while target is not None and isinstance(target.value, dict):
                if target.value.keys() & _WALKED != _REF_ONLY:
                    return self._keywords(target)
                target = self._follow(target.file, target.value["$ref"])
                if target is None or id(target.value) in seen:
                    return _NONE
                seen.add(id(target.value))
            return _NONE
        # Most schemas lead only to schemas already digested (a field's `$ref` to a
        # model met before): their union, without the walk.
        parts: list[frozenset[str]] = [_own(value)]
        for child in self._edges(start.file, value):
            digested = self._digests.get(id(child[1]))
            if digested is None:
                return self._walk(start.file, value)
            parts.append(digested)
        found = frozenset().union(*parts)
        self._digests[id(value)] = found
        return found

    def _walk(self, file: SourceFile, value: dict[str, Any]) -> frozenset[str]:
        done = self._digests
        order: dict[int, int] = {}
        low: dict[int, int] = {}
        partial: dict[int, set[str]] = {}
        stack: list[int] = []
        on_stack: set[int] = set()

        def visit(file: SourceFile, value: dict[str, Any], depth: int) -> None:
            key = id(value)
            order[key] = low[key] = len(order)
            stack.append(key)
            on_stack.add(key)
            own = partial[key] = set(_own(value))
            for child_file, child in self._edges(file, value) if depth < _GRAPH_DEPTH else ():
                child_key = id(child)
                if child_key not in order and child_key not in done:
                    visit(child_file, child, depth + 1)
                    low[key] = min(low[key], low[child_key])
                elif child_key in on_stack:
                    low[key] = min(low[key], order[child_key])
                own |= done[child_key] if child_key in done else partial[child_key]
            if low[key] == order[key]:
                members: list[int] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.append(member)
                    if member == key:
                        break
                result = frozenset().union(*(partial[m] for m in members))
                for member in members:
                    done[member] = result

        visit(file, value, 0)
        return done[id(value)]

    def _edges(
        self, file: SourceFile, value: dict[str, Any]
    ) -> list[tuple[SourceFile, dict[str, Any]]]:
        """The schemas a schema is made of, besides its properties: where its ``$ref``
        leads, items, tuple positions, map values and the members of its combinators."""
        found: list[tuple[SourceFile, dict[str, Any]]] = []
        ref = value.get("$ref")
        if isinstance(ref, str):
            target = self._follow(file, ref)
            if target is not None and isinstance(target.value, dict):
                found.append((target.file, target.value))
        for key in _SINGLE_PARTS:
            child = value.get(key)
            if isinstance(child, dict):
                found.append((file, child))
        for key in _LISTED_PARTS:
            members = value.get(key)
            if isinstance(members, list):
                found += [(file, m) for m in members if isinstance(m, dict)]
        patterns = value.get("patternProperties")
        if isinstance(patterns, dict):
            found += [(file, v) for v in patterns.values() if isinstance(v, dict)]
        # A schema with nothing to walk holds nothing: left out.
        return [edge for edge in found if edge[1].keys() & _WALKED]

    def _follow(self, file: SourceFile, ref: str) -> Located | None:
        key = (id(file), ref)
        if key not in self._targets:
            try:
                self._targets[key] = self.doc.follow(ref, file)
            except RefError:
                self._targets[key] = None
        return self._targets[key]


# JSON Schema keywords that restrict what a request may hold and that the client models
# nowhere (not in its types, not in the recorded constraints): a change to any of them is
# judged coarsely, one finding per value.
UNMODELLED = (
    "not",
    "if",
    "then",
    "else",
    "dependentRequired",
    "dependentSchemas",
    "dependencies",
    "contains",
    "minContains",
    "maxContains",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
    "additionalItems",
)
_UNMODELLED = frozenset(UNMODELLED)
_SHAPED = ("properties", "items", "prefixItems", "additionalProperties", "patternProperties")
_SINGLE_PARTS = ("items", "additionalProperties")
_LISTED_PARTS = ("prefixItems", "allOf", "oneOf", "anyOf")
# A schema with none of these keys holds no such keyword and leads to no schema that does.
_WALKED = _UNMODELLED | {"$ref", "patternProperties", *_SINGLE_PARTS, *_LISTED_PARTS}
_NONE: frozenset[str] = frozenset()
_REF_ONLY = frozenset({"$ref"})
# How far a null is looked for through unions, and how deep the keyword walk goes (a
# chain of schemas longer than any real document nests).
_DEPTH = 8
_GRAPH_DEPTH = 400


def _members(node: Located, combinator: str, members: list[Any]) -> list[Located]:
    return [
        Located(node.file, pointer_join(node.pointer, combinator, index), member)
        for index, member in enumerate(members)
    ]


def _own(value: dict[str, Any]) -> frozenset[str]:
    """``keyword:hash`` for the keywords the client does not model, in this schema only."""
    present = value.keys() & _UNMODELLED
    if not present:
        return _NONE
    return frozenset(f"{k}:{_digest(value[k])}" for k in present)


def _digest(value: Any) -> str:
    text = json.dumps(_plain(value), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


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


def _operations(client: Client, doc: SpecDocument, wire: _Wire) -> dict[str, Any]:
    root_security = doc.data.get("security") if isinstance(doc.data, dict) else None
    out: dict[str, Any] = {}
    for op in client.operations:
        out[operation_key(op.method, op.path)] = _operation(client, doc, op, root_security, wire)
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
    client: Client, doc: SpecDocument, op: Operation, root_security: Any, wire: _Wire
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
            f"{p.location} {p.wire_name}": _parameter(client, wire, op, p) for p in op.parameters
        },
        "body": _body(op.body, wire),
        "responses": responses,
        "at": place(op.origin),
        # Only a paginated operation has the key: a record from before pagination was
        # read, or of an API without lists, reads the same.
        **({"paging": _paging(op.paging)} if op.paging is not None else {}),
    }


def _paging(paging: Paging) -> dict[str, Any]:
    """How the operation pages: the style, the request parameters it moves (wire names)
    and the response fields it reads (Python attribute paths)."""

    def path(value: tuple[str, ...] | None) -> list[str] | None:
        return list(value) if value is not None else None

    return {
        "style": paging.style,
        "param": paging.param,
        "size_param": paging.size_param,
        "items": list(paging.items),
        "item_type": type_json(paging.item_type),
        "next": path(paging.next),
        "from_item": path(paging.from_item),
        "has_more": path(paging.has_more),
        "total": path(paging.total),
        "total_is_pages": paging.total_is_pages,
        "source": paging.source,
    }


def _parameter(client: Client, wire: _Wire, op: Operation, param: Parameter) -> dict[str, Any]:
    node = param.origin
    value = node.value if node is not None and isinstance(node.value, dict) else {}
    schema: Located | None = None
    if node is not None and isinstance(value.get("schema"), dict):
        schema = Located(node.file, pointer_join(node.pointer, "schema"), value["schema"])
    facts = wire.facts(schema)
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
        "deprecated": value.get("deprecated") is True or facts.get("deprecated") is True,
        **{k: v for k, v in facts.items() if k != "deprecated"},
        "at": place(node),
    }


def _body(body: RequestBody | None, wire: _Wire) -> dict[str, Any] | None:
    if body is None:
        return None
    node = body.origin
    content = (
        node.value.get("content") if node is not None and isinstance(node.value, dict) else None
    )
    media = content.get(body.content_type) if isinstance(content, dict) else None
    schema: Located | None = None
    if node is not None and isinstance(media, dict) and "schema" in media:
        where = pointer_join(node.pointer, "content", body.content_type, "schema")
        schema = Located(node.file, where, media["schema"])
    # The body's own limits and format (an array or a string body has them); a body
    # that is a model has its fields'.
    facts = wire.facts(schema) if body.kind in ("json", "form", "multipart") else {}
    return {
        "media": body.content_type,
        "kind": body.kind,
        "required": body.required,
        "type": type_json(body.type),
        **{k: v for k, v in facts.items() if k != "deprecated"},
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


def _models(client: Client, doc: SpecDocument, wire: _Wire) -> dict[str, Any]:
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
            entry["fields"] = {f.wire_name: _field(wire, schema, f) for f in schema.fields}
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


def _field(wire: _Wire, model: ObjectSchema, item: Field) -> dict[str, Any]:
    facts = wire.facts(item.origin)
    return {
        "python": f"models.{model.name}.{item.name}",
        "type": type_json(item.type),
        "required": item.required,
        "default": str(item.default) if item.default is not None else None,
        "read_only": item.read_only,
        "write_only": item.write_only,
        "description": _text(item.doc),
        "deprecated": facts.get("deprecated") is True,
        **{k: v for k, v in facts.items() if k != "deprecated"},
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
            "pointer": "#" + binding.pointer if binding is not None else None,
        },
    }


def _kinds(
    client: Client, bindings: tuple[JobBinding, ...], config_display: str | None
) -> dict[str, Any]:
    """Each kind of job and the operations bound to it, by the names callers use."""
    written = {b.kind: b for b in bindings}
    owner = str(client.class_name)
    kinds: dict[str, Any] = {}

    def key(op: Operation) -> str:
        return operation_key(op.method, op.path)

    def call(bound: JobCall | None) -> dict[str, Any] | None:
        if bound is None:
            return None
        return {
            "operation": key(bound.operation),
            "args": {str(name): source for name, source in bound.args},
        }

    for kind in client.jobs:
        binding = written.get(str(kind.name))
        kinds[str(kind.name)] = {
            "retrieve": key(kind.lifecycle.operation),
            "python": f"{owner}.{kind.lifecycle.operation.name}",
            "model": str(kind.lifecycle.job_type),
            "status_field": list(kind.lifecycle.status_field),
            "statuses": {entry.value: entry.canonical for entry in kind.lifecycle.statuses},
            "starts": {
                str(start.method): {
                    "operation": key(start.operation),
                    "id": list(start.id_field),
                    "keep": {str(name): list(path) for name, path in start.keep},
                }
                for start in kind.starts
            },
            "list": key(kind.list) if kind.list is not None else None,
            "cancel": call(kind.cancel),
            "retry": call(kind.retry),
            "result": call(kind.result),
            "result_field": list(kind.result_field) if kind.result_field is not None else None,
            "at": {
                "file": config_display,
                "line": binding.line if binding is not None else None,
                "pointer": "#" + binding.pointer if binding is not None else None,
            },
        }
    return kinds
