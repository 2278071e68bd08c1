"""Pagination: which operations answer one page of a list, and how the next is asked for.

An operation's :class:`~generator.model.api.Paging` comes from, in this order of
authority: the config's ``pagination:`` entry for its operationId (which may also switch
it off), a vendor extension in the document (``x-speakeasy-pagination``,
``x-fern-pagination``: see :mod:`.paging_declared`), and the document's shape. The shape
is read only where its evidence is unambiguous, since a wrong guess turns a method that
works today into one that does not: a miss is a gap, a false positive a bug.

The shape rules (a GET whose success body is one array of items, alone or beside paging
fields), the first that holds wins:

- cursor: a response token (``next_cursor``, ``next_page_token``, ``last_id``, a string
  ``next_page``, a string ``next`` beside a boolean ``has_more``) that a declared query
  parameter carries back; or ``has_more`` with ``after``/``starting_after`` and items
  that have an ``id``, which is the cursor;
- next_url: a string next-page address in the body (``next_page_uri``, ``links.next``,
  ``links.pages.next``, ``_links.next.href``, ``next`` of ``format: uri``...) and a
  paging query parameter (without one, a next address alone is not evidence enough:
  DigitalOcean's "latest 15" indexing jobs carry the same envelope as its lists);
- link_header: a declared ``Link`` response header and a paging query parameter;
- page: page and page size parameters and a total in an envelope of paging fields only;
- offset: offset and limit parameters and a total or ``has_more`` in such an envelope.

Names are compared lower case without separators (``page_token``, ``pageToken`` and
``PageToken`` are one name). tests/corpus/test_pagination.py holds the rules to a
hand-checked survey of the corpus.
"""

from __future__ import annotations

import dataclasses

from generator.builder.context import BuildContext
from generator.builder.paging_body import Body, Models, normal, success_body
from generator.builder.paging_declared import FERN, SPEAKEASY, config_paging, extension_paging
from generator.loader.document import RefError
from generator.model.api import Field, ObjectSchema, Operation, Paging, Parameter
from generator.model.type_expr import TypeExpr


def read_paging(ctx: BuildContext, operations: list[Operation]) -> list[Operation]:
    """The operations with their paging set, and a finding for every config entry that
    names no operation."""
    models = Models(ctx.schemas.schemas)
    named: set[str] = set()
    out: list[Operation] = []
    for op in operations:
        op_id = op.origin.value.get("operationId") if op.origin is not None else None
        override = ctx.paging.get(op_id) if isinstance(op_id, str) else None
        if override is not None:
            named.add(str(op_id))
            paging = config_paging(ctx, models, op, override) if override.enabled else None
        else:
            paging = extension_paging(ctx, models, op)
            if paging is None and not _declares_extension(op) and op.method == "GET":
                paging = shape_paging(ctx, models, op)
        out.append(dataclasses.replace(op, paging=paging) if paging is not None else op)
    for op_id, override in ctx.paging.items():
        if op_id not in named:
            ctx.config_error(
                override.pointer,
                "pagination-config",
                f"no operation has operationId {op_id!r}; name the operationId of the "
                "list operation.",
                line=override.lines.get(""),
            )
    return out


def _declares_extension(op: Operation) -> bool:
    """An extension the document gives, even one that could not be honoured, or `false`:
    the shape does not overrule what the document says (a finding says why an extension
    was not honoured)."""
    value = op.origin.value if op.origin is not None else None
    return isinstance(value, dict) and any(value.get(key) is not None for key in (SPEAKEASY, FERN))


# ---------------------------------------------------------------- the shape

# Query parameters, by normal name.
_PAGE = ("page", "pagenumber")
_SIZE = ("perpage", "pagesize", "limit")
_OFFSET = ("offset", "skip", "startindex")
_CURSORS = ("after", "startingafter", "cursor", "pagetoken", "nexttoken", "continuationtoken")
# A parameter that asks for a part of a list: page, size, offset or cursor (or a keyset
# `since`/`before`, which only a declared Link header makes a paging parameter).
_PAGING_PARAMS = frozenset((*_PAGE, *_SIZE, "count", *_OFFSET, *_CURSORS))
_LINK_PARAMS = _PAGING_PARAMS | {"since", "before"}

# Where paging fields stand: at the top of the body or in one of these objects.
_CONTAINERS: tuple[tuple[str, ...], ...] = (
    (),
    ("meta",),
    ("pagination",),
    ("paging",),
    ("responsemetadata",),
)
# A response token, and the query parameters that may carry it back (the first declared).
_TOKENS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("nextcursor", ("cursor", "after")),
    ("nextpagetoken", ("pagetoken",)),
    ("nexttoken", ("nexttoken",)),
    ("nextpage", ("page",)),
    ("lastid", ("after", "startingafter")),
    ("next", ("after", "cursor")),
)
# A next page's address in the body (`_links` is `links`). Not a bare `next` (a cursor in
# OpenAI's admin lists) unless its format says URI, nor `metadata.next`, either way.
_NEXT_URLS: tuple[tuple[str, ...], ...] = (
    ("nextpageuri",),
    ("nextpageurl",),
    ("nexturl",),
    ("nextlink",),
    ("links", "next"),
    ("links", "pages", "next"),
    ("links", "next", "href"),
    ("meta", "nextpageurl"),
    ("meta", "nexturl"),
    ("pagination", "nextpageurl"),
    ("pagination", "nexturl"),
)
_HAS_MORE = ("hasmore", "hasnextpage")
# Totals of a page-number list; True: it counts pages, not items.
_PAGE_TOTALS: tuple[tuple[tuple[str, ...], bool], ...] = (
    (("totalcount",), False),
    (("total",), False),
    (("totalpages",), True),
    (("pagestotal",), True),
    (("meta", "pages"), True),
    (("meta", "total"), False),
    (("totalitems",), False),
)
_OFFSET_TOTALS = ("totalresults", "total")
# The array that holds the items, when the body has several arrays of objects.
_ITEM_NAMES = ("data", "items", "results", "resources")
# What may stand beside the items in a page's envelope (any `total...` may too). A list
# that also carries other fields (a commit's `files`, a status's `statuses` beside its
# `state`) is one resource, not a page of a list.
_ENVELOPE = frozenset(
    {
        "count",
        "hasmore",
        "object",
        "incompleteresults",
        "links",
        "meta",
        "metadata",
        "page",
        "perpage",
        "pagesize",
        "itemsperpage",
        "itemstotal",
        "pagestotal",
        "startindex",
        "schemas",
        "firstid",
        "lastid",
        "next",
        "previous",
        "prev",
        "nextpage",
        "nextcursor",
        "currentpage",
        "repositoryselection",
        "end",
        "start",
        "uri",
        "firstpageuri",
        "nextpageuri",
        "previouspageuri",
    }
)
_URI_FORMATS = frozenset({"uri", "url", "uri-reference", "iri", "iri-reference"})


def shape_paging(ctx: BuildContext, models: Models, op: Operation) -> Paging | None:
    """The paging the operation's shape shows unambiguously, if it shows one."""
    body = success_body(op)
    found = _items(models, body.type) if body is not None else None
    if body is None or found is None:
        return None
    items, item_type, envelope = found
    query = {normal(p.wire_name): p for p in op.params_in("query")}
    size = _first(query, _SIZE)
    # What every style shares; each rule sets its own style and fields.
    base = Paging(
        style="cursor",
        items=items,
        item_type=item_type,
        size_param=size.wire_name if size is not None else None,
    )
    if envelope is not None:
        for rule in (_cursor, _next_url):
            paging = rule(ctx, models, body, query, base)
            if paging is not None:
                return paging
    if _declares_link(body) and set(query) & _LINK_PARAMS:
        return dataclasses.replace(base, style="link_header")
    if envelope is None or not _pure(models, envelope, items[0]):
        return None
    return _page_number(models, body, query, base) or _offset(models, body, query, base)


def _cursor(
    ctx: BuildContext, models: Models, body: Body, query: dict[str, Parameter], base: Paging
) -> Paging | None:
    """A response token a query parameter carries back, or the last item's id."""
    has_more = _signal(models, body.type, _HAS_MORE, "bool")
    for token, carriers in _TOKENS:
        carrier = _first(query, carriers)
        if carrier is None:
            continue
        for container in _CONTAINERS:
            hit = models.find(body.type, (*container, token))
            if hit is None or models.kind(hit[1].type) != "str":
                continue
            if token == "next" and (has_more is None or _is_uri(ctx, hit[1])):
                # A bare `next` is a URL elsewhere; as a cursor it comes with has_more.
                continue
            return dataclasses.replace(
                base, param=carrier.wire_name, next=hit[0], has_more=has_more
            )
    carrier = _first(query, ("after", "startingafter"))
    if carrier is not None and has_more is not None:
        item_id = models.find(base.item_type, ("id",), exact=True)
        if item_id is not None and models.kind(item_id[1].type) in ("str", "int"):
            return dataclasses.replace(
                base, param=carrier.wire_name, from_item=item_id[0], has_more=has_more
            )
    return None


def _next_url(
    ctx: BuildContext, models: Models, body: Body, query: dict[str, Parameter], base: Paging
) -> Paging | None:
    """A next page's address in the body, on an operation that takes paging parameters."""
    if not set(query) & _PAGING_PARAMS:
        return None
    found = next(
        (
            hit
            for path in _NEXT_URLS
            if (hit := models.find(body.type, path)) is not None
            and models.kind(hit[1].type) == "str"
        ),
        None,
    )
    if found is None:
        hit = models.find(body.type, ("next",))
        if hit is not None and models.kind(hit[1].type) == "str" and _is_uri(ctx, hit[1]):
            found = hit
    if found is None:
        return None
    return dataclasses.replace(
        base,
        style="next_url",
        next=found[0],
        has_more=_signal(models, body.type, _HAS_MORE, "bool"),
    )


def _page_number(
    models: Models, body: Body, query: dict[str, Parameter], base: Paging
) -> Paging | None:
    """Page number and page size parameters, and a total of items or pages."""
    number = _first(query, _PAGE)
    if number is None or base.size_param is None or models.kind(number.type) != "int":
        return None
    for path, counts_pages in _PAGE_TOTALS:
        hit = models.find(body.type, path)
        if hit is not None and models.kind(hit[1].type) == "int":
            return dataclasses.replace(
                base,
                style="page",
                param=number.wire_name,
                total=hit[0],
                total_is_pages=counts_pages,
            )
    return None


def _offset(models: Models, body: Body, query: dict[str, Parameter], base: Paging) -> Paging | None:
    """Offset and limit (or count) parameters, and a total of items or ``has_more``."""
    offset = _first(query, _OFFSET)
    limit = _first(query, _SIZE) or _first(query, ("count",))
    if offset is None or limit is None or models.kind(offset.type) != "int":
        return None
    total = _signal(models, body.type, _OFFSET_TOTALS, "int", containers=((),))
    has_more = _signal(models, body.type, ("hasmore",), "bool", containers=((),))
    if total is None and has_more is None:
        return None
    return dataclasses.replace(
        base,
        style="offset",
        param=offset.wire_name,
        size_param=limit.wire_name,
        total=total,
        has_more=has_more,
    )


def _items(
    models: Models, body: TypeExpr
) -> tuple[tuple[str, ...], TypeExpr, ObjectSchema | None] | None:
    """Where the items are (a Python path; empty: the body is the array), their type,
    and the envelope around them; None when the body holds no one list."""
    item = models.item(body)
    if item is not None:
        return (), item, None
    envelope = models.object(body)
    if envelope is None:
        return None
    arrays = [
        f
        for f in envelope.fields
        if (inner := models.item(f.type)) is not None and models.objectish(inner)
    ]
    if len(arrays) > 1:
        arrays = [f for f in arrays if normal(f.wire_name) in _ITEM_NAMES]
    if len(arrays) != 1:
        return None
    found = models.item(arrays[0].type)
    assert found is not None
    return (str(arrays[0].name),), found, envelope


def _pure(models: Models, envelope: ObjectSchema, items: str) -> bool:
    """Every field beside the items is paging vocabulary (or another array)."""
    for f in envelope.fields:
        name = normal(f.wire_name)
        if str(f.name) == items or name in _ENVELOPE or name.startswith("total"):
            continue
        if models.item(f.type) is None:
            return False
    return True


def _signal(
    models: Models,
    body: TypeExpr,
    names: tuple[str, ...],
    kind: str,
    containers: tuple[tuple[str, ...], ...] = _CONTAINERS,
) -> tuple[str, ...] | None:
    """The first field of these names and kind, at the top or in a paging container."""
    for container in containers:
        for name in names:
            hit = models.find(body, (*container, name))
            if hit is not None and models.kind(hit[1].type) == kind:
                return hit[0]
    return None


def _first(query: dict[str, Parameter], names: tuple[str, ...]) -> Parameter | None:
    return next((query[name] for name in names if name in query), None)


def _declares_link(body: Body) -> bool:
    """The response declares an RFC 8288 ``Link`` header."""
    node = body.response.origin
    headers = (
        node.value.get("headers") if node is not None and isinstance(node.value, dict) else None
    )
    return isinstance(headers, dict) and any(str(name).lower() == "link" for name in headers)


def _is_uri(ctx: BuildContext, field: Field) -> bool:
    """The field's schema says it holds a URI (``format: uri``)."""
    node = field.origin
    if node is None:
        return False
    try:
        node = ctx.doc.deref(node)
    except RefError:
        return False
    value = node.value
    return isinstance(value, dict) and value.get("format") in _URI_FORMATS


__all__ = ["read_paging", "shape_paging"]
