"""Operations: paths and methods, parameters, request bodies, responses and media types.

What a method of the client sends and what it answers. Every ``$ref`` on the way is
followed, and whatever cannot be read is a finding that names it, never a silent gap.
"""

from __future__ import annotations

from typing import Any

from generator.builder.context import BuildContext, OperationNode, untrusted
from generator.builder.key_order import in_key_order, keys_in_order
from generator.builder.pagination import read_paging
from generator.builder.schemas import resolved_table
from generator.loader.document import RefError
from generator.model.api import (
    QUERY_STYLES,
    BodyKind,
    Operation,
    Parameter,
    QueryStyle,
    RequestBody,
    Response,
    ResponseKind,
)
from generator.model.escape import PySource
from generator.model.findings import pointer_join
from generator.model.names import Scope, pascal, snake, upper_snake
from generator.model.reserved import (
    IMPORTED_MODULES,
    METHOD_KEYWORDS,
    WAIT_LOOP_NAMES,
    WAIT_NAMES,
)
from generator.model.source import Located
from generator.model.type_expr import Prim, TypeExpr, UnionOf, nullable

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def operation_nodes(ctx: BuildContext) -> list[OperationNode]:
    """(path, method, path item, operation) for every operation, refs followed, in path
    order (see key_order.py).

    Multi-file documents put a ``$ref`` in place of the paths table, a path item or
    an operation; each is read where it leads. One that cannot be read is a finding
    naming it, never a silent gap.
    """
    if ctx.nodes is not None:
        return ctx.nodes
    nodes: list[OperationNode] = []
    ctx.nodes = nodes
    doc = ctx.doc
    if not isinstance(doc.data, dict) or "paths" not in doc.data:
        return nodes
    paths = resolved_table(doc, doc.at_root("/paths"), ctx.findings)
    if paths is None:
        return nodes
    for path, item in in_key_order(paths.value):
        item_node = Located(paths.file, pointer_join(paths.pointer, path), item)
        try:
            item_node = doc.deref(item_node)
        except RefError as exc:
            ctx.skipped(item_node, f"{exc}; every operation of {path} is skipped.")
            continue
        if not isinstance(item_node.value, dict):
            continue
        for method in HTTP_METHODS:
            if method not in item_node.value:
                continue
            op_node = Located(
                item_node.file,
                pointer_join(item_node.pointer, method),
                item_node.value[method],
            )
            try:
                op_node = doc.deref(op_node)
            except RefError as exc:
                ctx.skipped(op_node, f"{exc}; {method.upper()} {path} is skipped.")
                continue
            if not isinstance(op_node.value, dict):
                ctx.skipped(op_node, f"{method.upper()} {path} is not a mapping; it is skipped.")
                continue
            nodes.append((str(path), method, item_node, op_node))
    return nodes


def build_operations(ctx: BuildContext) -> list[Operation]:
    operations: list[Operation] = []
    job_operation = ctx.job_binding.operation if ctx.job_binding else None
    configured = ctx.method_names()
    for path, method, item_node, op_node in operation_nodes(ctx):
        op_id = op_node.value.get("operationId")
        is_job = job_operation is not None and op_id == job_operation
        name = configured.get(op_id) if isinstance(op_id, str) else None
        operations.append(_operation(ctx, path, method, item_node, op_node, is_job, name))
    # Whether each returns a page of a list, now that every model it answers is built.
    return read_paging(ctx, operations)


def media_schemas(ctx: BuildContext, node: Located) -> list[tuple[str, Located]]:
    """(media type, schema node) for each entry of a body's or response's content."""
    try:
        node = ctx.doc.deref(node)
    except RefError:
        return []
    content = node.value.get("content") if isinstance(node.value, dict) else None
    if not isinstance(content, dict):
        return []
    found: list[tuple[str, Located]] = []
    for media, body in in_key_order(content):
        if isinstance(body, dict) and "schema" in body:
            where = pointer_join(node.pointer, "content", media, "schema")
            found.append((media, Located(node.file, where, body["schema"])))
    return found


def status_word(status: str) -> str:
    """A response's status as it stands in the name of its type (``404``, ``Default``)."""
    return "Default" if status == "DEFAULT" else status


def _operation(
    ctx: BuildContext,
    path: str,
    method: str,
    item: Located,
    op: Located,
    is_job: bool,
    configured: str | None,
) -> Operation:
    value: dict[str, Any] = op.value
    op_id = value.get("operationId")
    if configured is not None:
        base = configured
    elif isinstance(op_id, str) and op_id.strip():
        base = snake(op_id, fallback="operation")
    else:
        base = snake(f"{method} {path.replace('{', ' by ').replace('}', ' ')}")
    name = ctx.operation_scope.claim(base, avoid_builtins=True)
    context = pascal(name)
    parameters = _parameters(ctx, item, op, is_job)
    body = _request_body(ctx, op, context)
    responses, errors = _responses(ctx, op, context)
    return Operation(
        name=name,
        constant=ctx.module_scope.claim(f"_{upper_snake(name)}_OPERATION"),
        method=method.upper(),
        path=path,
        summary=untrusted(value.get("summary")),
        doc=untrusted(value.get("description")),
        parameters=tuple(parameters),
        body=body,
        responses=tuple(responses),
        errors=tuple(errors),
        secured=secured(ctx, value),
        deprecated=value.get("deprecated") is True,
        source="#" + op.pointer,
        origin=op,
    )


def security_requirements(ctx: BuildContext, value: dict[str, Any]) -> list[Any]:
    """An operation's security requirements: its own, else the document's."""
    if "security" in value and isinstance(value["security"], list):
        return value["security"]
    root = ctx.doc.data.get("security")
    return root if isinstance(root, list) else []


def secured(ctx: BuildContext, op: dict[str, Any]) -> bool:
    requirements = security_requirements(ctx, op)
    return any(isinstance(r, dict) and r for r in requirements)


def _parameters(ctx: BuildContext, item: Located, op: Located, is_job: bool) -> list[Parameter]:
    collected: dict[tuple[str, str], Located] = {}
    for owner in (item, op):
        raw = owner.value.get("parameters")
        if not isinstance(raw, list):
            continue
        for index, entry in enumerate(raw):
            where = Located(owner.file, pointer_join(owner.pointer, "parameters", index), entry)
            try:
                resolved = ctx.doc.deref(where)
            except RefError as exc:
                ctx.error(where, "dangling-ref", f"{exc}; the parameter is left out.")
                continue
            param = resolved.value
            if not isinstance(param, dict) or not isinstance(param.get("name"), str):
                ctx.error(where, "parameter-shape", "a parameter needs `name` and `in`.")
                continue
            location = param.get("in")
            if location not in ("path", "query", "header", "cookie"):
                ctx.error(where, "parameter-shape", f"unknown parameter location {location!r}.")
                continue
            collected[(param["name"], location)] = resolved
    # The job's retrieval lends its parameters to wait_for_job(s), whose own keywords
    # and locals they must not meet.
    own = METHOD_KEYWORDS | IMPORTED_MODULES
    scope = Scope(own | WAIT_NAMES if is_job else own)
    ordered = sorted(collected.items(), key=lambda kv: _PARAM_ORDER[kv[0][1]])
    # The job's id is the last path parameter (see job.py); it alone may be `job_id`.
    id_key = next((key for key, _ in reversed(ordered) if key[1] == "path"), None)
    parameters: list[Parameter] = []
    taken: dict[str, str] = {}
    for (wire, location), where in ordered:
        param = where.value
        base = snake(wire, fallback="param")
        if base in taken and taken[base] != location:
            base = f"{base}_{location}"
        taken[base] = location
        schema = param.get("schema")
        expr: TypeExpr = Prim("Any")
        default: PySource | None = None
        if isinstance(schema, dict):
            schema_node = Located(where.file, pointer_join(where.pointer, "schema"), schema)
            expr = ctx.schemas.type_of(schema_node, f"{pascal(wire)}Param")
            if expr in _FORMATTED:
                # An id of `format: uuid` or a `format: date` header (whose spec default
                # is itself a string) takes the typed value or its text.
                expr = UnionOf((expr, Prim("str")), plain=True)
            try:
                resolved = ctx.doc.deref(schema_node)
            except RefError:
                resolved = schema_node  # type_of has reported the dangling ref
            if _is_scalar(
                resolved.value.get("default") if isinstance(resolved.value, dict) else None
            ):
                default = ctx.schemas.default_for(resolved, resolved.value, expr)
        required = location == "path" or param.get("required") is True
        if not required or default is not None:
            expr = nullable(expr)
        style = param.get("style")
        query_style: QueryStyle = "form"
        if location == "query" and style in QUERY_STYLES:
            query_style = style
        explode = param.get("explode")
        if not isinstance(explode, bool):
            # OpenAPI: explode defaults to true for form style, false for every other.
            explode = style in (None, "form")
        parameters.append(
            Parameter(
                name=scope.claim(
                    base,
                    avoid=WAIT_LOOP_NAMES if is_job and (wire, location) != id_key else _NONE,
                ),
                wire_name=wire,
                location=location,  # type: ignore[arg-type]
                type=expr,
                required=required,
                default=default,
                doc=untrusted(param.get("description")),
                explode=explode,
                style=query_style,
                origin=where,
            )
        )
    return parameters


def _request_body(ctx: BuildContext, op: Located, context: str) -> RequestBody | None:
    raw = op.value.get("requestBody")
    if raw is None:
        return None
    where = Located(op.file, pointer_join(op.pointer, "requestBody"), raw)
    try:
        resolved = ctx.doc.deref(where)
    except RefError as exc:
        ctx.error(where, "dangling-ref", f"{exc}; the body is sent untyped.")
        return RequestBody("json", Prim("Any"), False, "application/json")
    content = resolved.value.get("content") if isinstance(resolved.value, dict) else None
    required = isinstance(resolved.value, dict) and resolved.value.get("required") is True
    if not isinstance(content, dict) or not content:
        return None
    media, kind = _pick_media(keys_in_order(content), _BODY_PREFERENCE)
    body = content[media]
    expr: TypeExpr = Prim("bytes") if kind == "bytes" else Prim("Any")
    if isinstance(body, dict) and "schema" in body:
        schema_node = Located(
            resolved.file,
            pointer_join(resolved.pointer, "content", media, "schema"),
            body["schema"],
        )
        if kind in ("json", "form", "multipart"):
            expr = ctx.schemas.type_of(schema_node, f"{context}Body")
        elif kind == "text":
            expr = Prim("str")
    return RequestBody(kind, expr, required, media, origin=resolved)


def _responses(
    ctx: BuildContext, op: Located, context: str
) -> tuple[list[Response], list[Response]]:
    raw = op.value.get("responses")
    if not isinstance(raw, dict):
        return [], []
    has_success = any(str(code).startswith("2") for code in raw)
    successes: list[Response] = []
    errors: list[Response] = []
    for code, response in in_key_order(raw):
        status = code.upper()
        where = Located(op.file, pointer_join(op.pointer, "responses", code), response)
        try:
            resolved = ctx.doc.deref(where)
        except RefError as exc:
            ctx.error(where, "dangling-ref", f"{exc}; the response is read untyped.")
            continue
        success = status.startswith("2") or (status == "DEFAULT" and not has_success)
        label = "Response" if success else "Error"
        picked = _response_media(resolved)
        kind, expr = _response_body(ctx, resolved, picked, f"{context}{status_word(status)}{label}")
        entry = Response(
            status="default" if status == "DEFAULT" else status,
            kind=kind,
            type=expr,
            media=picked[0] if picked is not None else None,
            doc=untrusted(
                resolved.value.get("description") if isinstance(resolved.value, dict) else None
            ),
            origin=resolved,
        )
        (successes if success else errors).append(entry)
    return successes, errors


def _response_media(response: Located) -> tuple[str, ResponseKind] | None:
    """The media type the client reads of a response's content, and its kind; None: no
    content."""
    content = response.value.get("content") if isinstance(response.value, dict) else None
    if not isinstance(content, dict) or not content:
        return None
    media, kind = _pick_media(keys_in_order(content), _RESPONSE_PREFERENCE)
    return media, kind


def _response_body(
    ctx: BuildContext,
    response: Located,
    picked: tuple[str, ResponseKind] | None,
    context: str,
) -> tuple[ResponseKind, TypeExpr | None]:
    if picked is None:
        return "empty", None
    media, kind = picked
    body = response.value["content"][media]
    if kind == "json":
        if isinstance(body, dict) and "schema" in body:
            node = Located(
                response.file,
                pointer_join(response.pointer, "content", media, "schema"),
                body["schema"],
            )
            return "json", ctx.schemas.type_of(node, context)
        return "json", Prim("Any")
    if kind == "events":
        return "events", None
    if kind == "lines":
        # Each line is one item of the schema the document gives the body.
        if isinstance(body, dict) and "schema" in body:
            node = Located(
                response.file,
                pointer_join(response.pointer, "content", media, "schema"),
                body["schema"],
            )
            return "lines", ctx.schemas.type_of(node, f"{context}Line")
        return "lines", Prim("Any")
    if kind == "text":
        return "text", Prim("str")
    return "bytes", Prim("bytes")


_NONE: frozenset[str] = frozenset()
_FORMATTED = (Prim("UUID"), Prim("date"), Prim("datetime"), Prim("time"), Prim("timedelta"))
_PARAM_ORDER = {"path": 0, "query": 1, "header": 2, "cookie": 3}
_BODY_PREFERENCE: tuple[tuple[str, BodyKind], ...] = (
    ("application/json", "json"),
    ("+json", "json"),
    ("application/x-www-form-urlencoded", "form"),
    ("multipart/", "multipart"),
    ("text/", "text"),
    ("", "bytes"),
)
_RESPONSE_PREFERENCE: tuple[tuple[str, ResponseKind], ...] = (
    ("application/json", "json"),
    ("+json", "json"),
    ("text/event-stream", "events"),
    ("application/x-ndjson", "lines"),
    ("application/jsonl", "lines"),
    ("application/jsonlines", "lines"),
    ("text/", "text"),
    ("", "bytes"),
)


def _pick_media(types: list[str], preference: tuple[tuple[str, Any], ...]) -> tuple[str, Any]:
    """The most preferred of ``types``; of two equally preferred, the first given (the
    callers give them in key order)."""
    for needle, kind in preference:
        for media in types:
            base = media.split(";")[0].strip().lower()
            if needle and (
                base == needle
                or (needle.startswith("+") and base.endswith(needle))
                or (needle.endswith("/") and base.startswith(needle))
            ):
                return media, kind
            if not needle:
                return media, kind
    return types[0], preference[-1][1]


def _is_scalar(value: Any) -> bool:
    return isinstance(value, str | int | float | bool)
