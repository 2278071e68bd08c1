"""Declared pagination: what a vendor extension or our config says, checked against the operation.

``x-speakeasy-pagination`` (``type: offsetLimit | cursor | url``, ``inputs``, ``outputs``
with ``$.a.b`` paths, ``$.data[-1].id`` for a cursor read from the last item) and
``x-fern-pagination`` (``cursor``/``offset``/``step`` as ``$request.<name>``,
``next_cursor``/``next_uri``/``next_path``/``results``/``has-next-page`` as
``$response.a.b``; ``true`` takes the document's root block) are read as their makers
document them; the config's ``pagination:`` entry names the same things (see
:class:`~generator.loader.config.PagingOverride`). Every parameter and field named is
looked up in the operation and becomes what :class:`~generator.model.api.Paging` holds
(request parameters by wire name, response fields as Python attribute paths). A name
the operation does not have, or a form this client cannot follow (a cursor sent in the
body), is a finding at its place, and the operation is left unpaginated.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from generator.builder.context import BuildContext
from generator.builder.paging_body import Models, success_body
from generator.loader.paging_config import PagingOverride
from generator.model.api import Operation, Paging, PagingStyle
from generator.model.findings import Severity, pointer_join
from generator.model.source import Located
from generator.model.type_expr import TypeExpr

SPEAKEASY = "x-speakeasy-pagination"
FERN = "x-fern-pagination"

# A problem with a declaration: the role it concerns (param, size, items, next,
# from_item, has_more, total; "" the whole) and what is wrong.
Problem = Callable[[str, str], None]


# ---------------------------------------------------------------- declarations


@dataclass(frozen=True, slots=True)
class Declared:
    """A paging as a declaration states it: parameters by wire name, fields as paths of
    wire names (``items`` empty: the body is the array)."""

    style: PagingStyle
    items: tuple[str, ...] = ()
    param: str | None = None
    size: str | None = None
    next: tuple[str, ...] | None = None
    from_item: tuple[str, ...] | None = None
    has_more: tuple[str, ...] | None = None
    total: tuple[str, ...] | None = None
    total_is_pages: bool = False


def checked(
    models: Models, op: Operation, declared: Declared, source: str, problem: Problem
) -> Paging | None:
    """The declaration as the operation's Paging; None (and problems) if the operation
    lacks what it names."""
    query = {p.wire_name: p for p in op.params_in("query")}
    ok = True
    for role in ("param", "size"):
        name = declared.param if role == "param" else declared.size
        if name is None or name in query:
            continue
        ok = False
        elsewhere = next((p.location for p in op.parameters if p.wire_name == name), None)
        problem(
            role,
            f"{op.method} {op.path} has no query parameter {name!r}"
            + (f" (it is a {elsewhere} parameter; a page moves by its query)" if elsewhere else "")
            + f"; its query parameters are {', '.join(sorted(query)) or 'none'}.",
        )
    body = success_body(op)
    if body is None:
        problem(
            "items",
            f"{op.method} {op.path} has no single JSON success body to read a page from.",
        )
        return None
    item_type: TypeExpr | None
    items: tuple[str, ...] = ()
    if declared.items:
        hit = models.find(body.type, declared.items, exact=True)
        item_type = models.item(hit[1].type) if hit is not None else None
        if hit is None or item_type is None:
            problem(
                "items",
                f"the response has no array field {'.'.join(declared.items)!r}; its fields "
                f"are {', '.join(models.field_names(body.type)) or 'none'}.",
            )
            return None
        items = hit[0]
    else:
        item_type = models.item(body.type)
        if item_type is None:
            problem(
                "items",
                "the response is not an array; name the array field that holds the items "
                f"(its fields are {', '.join(models.field_names(body.type)) or 'none'}).",
            )
            return None
    paths: dict[str, tuple[str, ...] | None] = {}
    for role, wire, base in (
        ("next", declared.next, body.type),
        ("has_more", declared.has_more, body.type),
        ("total", declared.total, body.type),
        ("from_item", declared.from_item, item_type),
    ):
        if wire is None:
            paths[role] = None
            continue
        hit = models.find(base, wire, exact=True)
        if hit is None:
            ok = False
            where = "an item" if role == "from_item" else "the response"
            problem(
                role,
                f"{where} has no field {'.'.join(wire)!r}; its fields are "
                f"{', '.join(models.field_names(base)) or 'none'}.",
            )
            continue
        paths[role] = hit[0]
    if not ok:
        return None
    return Paging(
        style=declared.style,
        items=items,
        item_type=item_type,
        param=declared.param,
        size_param=declared.size,
        next=paths["next"],
        from_item=paths["from_item"],
        has_more=paths["has_more"],
        total=paths["total"],
        total_is_pages=declared.total_is_pages,
        source=source,
    )


def config_paging(
    ctx: BuildContext, models: Models, op: Operation, override: PagingOverride
) -> Paging | None:
    """The config's entry for the operation, checked; problems are findings at its lines."""

    def problem(role: str, message: str) -> None:
        # The roles are the config's own keys.
        line = override.lines.get(role) or override.lines.get("")
        pointer = pointer_join(override.pointer, role) if role else override.pointer
        ctx.config_error(pointer, "pagination-config", message, line=line)

    declared = Declared(
        style=cast(PagingStyle, override.style),  # one of PAGING_STYLES: the loader checks
        items=override.items,
        param=override.param,
        size=override.size,
        next=override.next,
        from_item=override.from_item,
        has_more=override.has_more,
        total=override.total,
        total_is_pages=override.total_is_pages,
    )
    return checked(models, op, declared, "config", problem)


def extension_paging(ctx: BuildContext, models: Models, op: Operation) -> Paging | None:
    """What a pagination extension on the operation declares, checked."""
    node = op.origin
    if node is None or not isinstance(node.value, dict):
        return None
    for key in (SPEAKEASY, FERN):
        value = node.value.get(key)
        if value is not None and value is not False:
            where = Located(node.file, pointer_join(node.pointer, key), value)
            return _extension(ctx, models, op, where, key)
    return None


def _extension(
    ctx: BuildContext, models: Models, op: Operation, where: Located, key: str
) -> Paging | None:
    # Where in the extension each role is written, filled as it is read.
    places: dict[str, tuple[str | int, ...]] = {}

    def problem(role: str, message: str) -> None:
        at = Located(where.file, pointer_join(where.pointer, *places.get(role, ())), where.value)
        ctx.findings.append(
            ctx.doc.finding(
                at,
                Severity.WARNING,
                "pagination-extension",
                f"{key}: {message} The operation is not paginated.",
            )
        )

    value = where.value
    if key == FERN and value is True:
        root = ctx.doc.data.get(FERN) if isinstance(ctx.doc.data, dict) else None
        if not isinstance(root, dict):
            problem("", "`true` takes the document's own x-fern-pagination, which it lacks.")
            return None
        value = root
    declared = (
        _speakeasy(value, places, problem) if key == SPEAKEASY else _fern(value, places, problem)
    )
    if declared is None:
        return None
    return checked(models, op, declared, key, problem)


# ---------------------------------------------------------------- the extensions

# Speakeasy's outputs, and the roles they fill.
_SPEAKEASY_OUTPUTS = {
    "results": "items",
    "numPages": "total",
    "nextCursor": "next",
    "nextUrl": "next",
}
_SPEAKEASY_PATH = re.compile(r"^\$((?:\.[^.\[\]]+)*)(?:\[-1\]((?:\.[^.\[\]]+)+))?$")
_FERN_PATH = re.compile(r"^\$(request|response)((?:\.[^.\[\]]+)*)$")


def _speakeasy(
    value: Any, places: dict[str, tuple[str | int, ...]], problem: Problem
) -> Declared | None:
    if not isinstance(value, dict):
        problem("", "must be a mapping with type, inputs and outputs.")
        return None
    kind = value.get("type")
    roles: dict[str, str] = {}
    inputs = value.get("inputs") or []
    if not isinstance(inputs, list):
        problem("", "`inputs` must be a list.")
        return None
    for index, entry in enumerate(inputs):
        role = entry.get("type") if isinstance(entry, dict) else None
        name = entry.get("name") if isinstance(entry, dict) else None
        if role not in ("page", "offset", "limit", "cursor") or not isinstance(name, str):
            places["input"] = ("inputs", index)
            problem("input", "an input needs a name and a type of page, offset, limit or cursor.")
            return None
        places["size" if role == "limit" else "param"] = ("inputs", index)
        if entry.get("in", "parameters") != "parameters":
            problem(
                "size" if role == "limit" else "param",
                f"the {role} {name!r} is sent in the request body; this client moves pages "
                "by query parameters only.",
            )
            return None
        roles[role] = name
    outputs = value.get("outputs") or {}
    if not isinstance(outputs, dict):
        problem("", "`outputs` must be a mapping.")
        return None
    paths: dict[str, tuple[tuple[str, ...], tuple[str, ...] | None]] = {}
    for output, role in _SPEAKEASY_OUTPUTS.items():
        if output not in outputs:
            continue
        places[role] = ("outputs", output)
        text = outputs[output]
        match = _SPEAKEASY_PATH.match(text) if isinstance(text, str) else None
        if match is None or (match.group(2) and output != "nextCursor"):
            problem(role, f"`{output}` must be a JSONPath like '$.data' or '$.meta.next'.")
            return None
        head = tuple(match.group(1)[1:].split(".")) if match.group(1) else ()
        tail = tuple(match.group(2)[1:].split(".")) if match.group(2) else None
        if tail is not None:
            places["from_item"] = ("outputs", output)
        paths[output] = (head, tail)
    items = paths["results"][0] if "results" in paths else ()
    if kind == "offsetLimit":
        style: PagingStyle = "page" if "page" in roles else "offset"
        param = roles.get("page") or roles.get("offset")
        if param is None:
            problem("", "an offsetLimit pagination needs an input of type page or offset.")
            return None
        total = paths["numPages"][0] if "numPages" in paths else None
        return Declared(
            style, items, param, roles.get("limit"), total=total, total_is_pages=total is not None
        )
    if kind == "cursor":
        if "cursor" not in roles or "nextCursor" not in paths:
            problem("", "a cursor pagination needs an input of type cursor and outputs.nextCursor.")
            return None
        head, tail = paths["nextCursor"]
        if tail is None:
            return Declared("cursor", items, roles["cursor"], roles.get("limit"), next=head)
        if "results" in paths and head != items:
            problem(
                "from_item", "`nextCursor` reads the last item of another array than `results`."
            )
            return None
        return Declared("cursor", head, roles["cursor"], roles.get("limit"), from_item=tail)
    if kind == "url":
        if "nextUrl" not in paths:
            problem("", "a url pagination needs outputs.nextUrl.")
            return None
        return Declared("next_url", items, size=roles.get("limit"), next=paths["nextUrl"][0])
    places["style"] = ("type",)
    problem("style", f"`type` is {kind!r}; it must be offsetLimit, cursor or url.")
    return None


def _fern(
    value: Any, places: dict[str, tuple[str | int, ...]], problem: Problem
) -> Declared | None:
    if not isinstance(value, dict):
        problem("", "must be a mapping (cursor, next_cursor, results...) or `true`.")
        return None
    read: dict[str, tuple[str, tuple[str, ...]]] = {}
    for key, entry in value.items():
        role = {
            "cursor": "param",
            "offset": "param",
            "step": "size",
            "results": "items",
            "next_cursor": "next",
            "next_uri": "next",
            "next_path": "next",
            "has-next-page": "has_more",
            "has_next_page": "has_more",
        }.get(str(key))
        if role is None:
            continue
        places[role] = (str(key),)
        match = _FERN_PATH.match(entry) if isinstance(entry, str) else None
        side = "request" if role in ("param", "size") else "response"
        if match is None or match.group(1) != side:
            problem(role, f"`{key}` must be a path like '${side}.name'.")
            return None
        path = tuple(match.group(2)[1:].split(".")) if match.group(2) else ()
        if side == "request" and len(path) != 1:
            problem(role, f"`{key}` must name one query parameter ('$request.<name>').")
            return None
        read[str(key)] = (role, path)
    if "results" not in read:
        problem("", "`results` is required: the path of the array of items.")
        return None
    items = read["results"][1]
    size = read["step"][1][0] if "step" in read else None
    more = next((read[k][1] for k in ("has-next-page", "has_next_page") if k in read), None)
    if "cursor" in read:
        if "next_cursor" not in read:
            problem("", "a cursor pagination needs `next_cursor`.")
            return None
        return Declared(
            "cursor", items, read["cursor"][1][0], next=read["next_cursor"][1], has_more=more
        )
    for key in ("next_uri", "next_path"):
        if key in read:
            return Declared("next_url", items, next=read[key][1], has_more=more)
    if "offset" in read:
        # Without `step` Fern moves the offset by one: a page number.
        style: PagingStyle = "offset" if size is not None else "page"
        return Declared(style, items, read["offset"][1][0], size, has_more=more)
    problem("", "name `cursor`, `offset`, `next_uri` or `next_path`.")
    return None
