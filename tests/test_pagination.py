"""Which operations answer a page of a list, and how the next page is asked for.

Each style on a small document, then each family of precision traps the corpus survey
found (../drafts/pagination/summary.md): a shape close to a page that is not one must
stay an ordinary method. The vendor extensions and the config are in
tests/test_pagination_declared.py; the corpus itself in tests/corpus/test_pagination.py.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from generator.model.api import Paging
from generator.model.type_expr import ListOf, Prim, Ref, UnionOf
from tests.support.ir import build_ir, operation

THING = {
    "type": "object",
    "required": ["id"],
    "properties": {"id": {"type": "string"}, "name": {"type": "string"}},
}
THINGS = {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}
LINK = {"Link": {"description": "RFC 8288 links", "schema": {"type": "string"}}}


def q(name: str, kind: str = "integer", **extra: Any) -> dict[str, Any]:
    """A query parameter."""
    return {"name": name, "in": "query", "schema": {"type": kind, **extra}}


def obj(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties}


S, I, B = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}  # noqa: E741


def document(
    body: Any,
    *params: dict[str, Any],
    method: str = "get",
    headers: dict[str, Any] | None = None,
    path: str = "/things",
    op: dict[str, Any] | None = None,
    root: dict[str, Any] | None = None,
) -> str:
    """One operation, listThings, answering ``body``, as YAML (so findings have lines)."""
    response: dict[str, Any] = {
        "description": "ok",
        "content": {"application/json": {"schema": body}},
    }
    if headers:
        response["headers"] = headers
    operation_node: dict[str, Any] = {
        "operationId": "listThings",
        "parameters": list(params),
        "responses": {"200": response},
        **(op or {}),
    }
    if method != "get":
        operation_node["requestBody"] = {"content": {"application/json": {"schema": obj()}}}
    return yaml.dump(
        {
            "openapi": "3.1.0",
            "info": {"title": "Things", "version": "1"},
            "paths": {path: {method: operation_node}},
            "components": {"schemas": {"Thing": THING}},
            **(root or {}),
        },
        Dumper=_Plain,
        sort_keys=False,
    )


class _Plain(yaml.SafeDumper):
    """Written out in full: no anchors for the schemas a test uses twice."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def paging_of(text: str) -> Paging | None:
    client, findings = build_ir(text)
    assert not [f for f in findings if "pagination" in f.code], findings
    return operation(client, "list_things").paging


# ---------------------------------------------------------------- each style


def test_offset_with_a_total() -> None:
    paging = paging_of(document(obj(data=THINGS, total=I), q("offset"), q("limit")))
    assert paging == Paging(
        style="offset",
        items=("data",),
        item_type=Ref("Thing"),  # type: ignore[arg-type]
        param="offset",
        size_param="limit",
        total=("total",),
    )


def test_offset_scim_start_index_and_count() -> None:
    # GitHub's SCIM lists: 1-based startIndex, count, totalResults beside Resources.
    body = obj(
        schemas={"type": "array", "items": S},
        totalResults=I,
        itemsPerPage=I,
        startIndex=I,
        Resources=THINGS,
    )
    paging = paging_of(document(body, q("startIndex"), q("count")))
    assert paging is not None
    assert (paging.style, paging.param, paging.size_param) == ("offset", "startIndex", "count")
    assert paging.items == ("resources",)  # Python names: the model's attributes
    assert paging.total == ("total_results",)


def test_offset_with_has_more() -> None:
    paging = paging_of(document(obj(results=THINGS, has_more=B), q("skip"), q("limit")))
    assert paging is not None
    assert (paging.style, paging.param, paging.has_more, paging.total) == (
        "offset",
        "skip",
        ("has_more",),
        None,
    )


@pytest.mark.parametrize(
    ("total", "counts_pages"),
    [("total_count", False), ("total", False), ("total_pages", True), ("pagesTotal", True)],
)
def test_page_number_with_a_total(total: str, counts_pages: bool) -> None:
    body = obj(items=THINGS, **{total: I})
    paging = paging_of(document(body, q("page"), q("per_page")))
    assert paging is not None
    assert (paging.style, paging.param, paging.size_param) == ("page", "page", "per_page")
    assert paging.items == ("items",)
    assert paging.total is not None and paging.total_is_pages is counts_pages


def test_page_count_in_meta() -> None:
    body = obj(models=THINGS, meta=obj(page=I, pages=I, total=I))
    paging = paging_of(document(body, q("page"), q("limit")))
    assert paging is not None
    assert (paging.style, paging.size_param, paging.total, paging.total_is_pages) == (
        "page",
        "limit",
        ("meta", "pages"),
        True,
    )


def test_cursor_from_a_response_field() -> None:
    # OpenAI: after + limit, {object, data, first_id, last_id, has_more}.
    body = obj(object=S, data=THINGS, first_id=S, last_id=S, has_more=B)
    paging = paging_of(document(body, q("after", "string"), q("before", "string"), q("limit")))
    assert paging == Paging(
        style="cursor",
        items=("data",),
        item_type=Ref("Thing"),  # type: ignore[arg-type]
        param="after",
        size_param="limit",
        next=("last_id",),
        has_more=("has_more",),
    )


@pytest.mark.parametrize(
    ("body", "param", "next_path"),
    [
        (
            obj(data=THINGS, meta=obj(limit=I, has_more=B, next_cursor=S)),
            "after",
            ("meta", "next_cursor"),
        ),
        (obj(items=THINGS, nextPageToken=S), "pageToken", ("next_page_token",)),
        (obj(data=THINGS, has_more=B, next_page=S), "page", ("next_page",)),
        (obj(data=THINGS, has_more=B, next=S), "after", ("next",)),
        (
            obj(data=THINGS, pagination=obj(next_cursor={"type": ["string", "null"]})),
            "cursor",
            ("pagination", "next_cursor"),
        ),
    ],
    ids=[
        "meta-next-cursor",
        "next-page-token",
        "next-page-string",
        "next-with-has-more",
        "nullable",
    ],
)
def test_cursor_tokens(body: dict[str, Any], param: str, next_path: tuple[str, ...]) -> None:
    paging = paging_of(document(body, q(param, "string"), q("limit")))
    assert paging is not None
    assert (paging.style, paging.param, paging.next) == ("cursor", param, next_path)


def test_cursor_is_the_last_items_id() -> None:
    # OpenAI's fine-tuning lists: after + {data, has_more}, the cursor is data[-1].id.
    body = obj(object=S, data=THINGS, has_more=B)
    paging = paging_of(document(body, q("after", "string"), q("limit")))
    assert paging is not None
    assert (paging.style, paging.param, paging.from_item, paging.next) == (
        "cursor",
        "after",
        ("id",),
        None,
    )


@pytest.mark.parametrize(
    ("body", "next_path"),
    [
        # Twilio: a server-relative path, flat beside page fields.
        (obj(calls=THINGS, next_page_uri=S, page=I, page_size=I, uri=S), ("next_page_uri",)),
        (obj(rooms=THINGS, meta=obj(next_page_url=S, key=S)), ("meta", "next_page_url")),
        # DigitalOcean: links.pages is anyOf [forward links, backward links, {}].
        (
            obj(
                droplets=THINGS,
                links=obj(
                    pages={
                        "anyOf": [
                            {"$ref": "#/components/schemas/Forward"},
                            {"$ref": "#/components/schemas/Backward"},
                            {},
                        ]
                    }
                ),
                meta=obj(total=I),
            ),
            ("links", "pages", "next"),
        ),
        # Adyen's HAL links: the Python name of `_links` is `links`.
        (
            obj(data=THINGS, _links=obj(next=obj(href=S)), itemsTotal=I, pagesTotal=I),
            ("links", "next", "href"),
        ),
        (obj(data=THINGS, next={"type": "string", "format": "uri"}), ("next",)),
        (obj(value=THINGS, nextLink=S), ("next_link",)),
    ],
    ids=["twilio", "twilio-meta", "digitalocean", "hal", "next-uri", "next-link"],
)
def test_next_url_in_the_body(body: dict[str, Any], next_path: tuple[str, ...]) -> None:
    data = yaml.safe_load(document(body, q("page"), q("per_page")))
    data["components"]["schemas"]["Forward"] = obj(last=S, next=S)
    data["components"]["schemas"]["Backward"] = obj(first=S, prev=S)
    paging = paging_of(yaml.dump(data, Dumper=_Plain))
    assert paging is not None
    assert (paging.style, paging.next, paging.param, paging.size_param) == (
        "next_url",
        next_path,
        None,
        "per_page",
    )


def test_a_next_of_format_uri_is_followed_not_sent_back() -> None:
    # Beside has_more and a cursor parameter, a `next` that is a URI is no cursor.
    body = obj(data=THINGS, has_more=B, next={"type": "string", "format": "uri"})
    paging = paging_of(document(body, q("cursor", "string")))
    assert paging is not None
    assert (paging.style, paging.param, paging.next) == ("next_url", None, ("next",))


def test_link_header_on_an_array() -> None:
    paging = paging_of(document(THINGS, q("per_page"), q("page"), headers=LINK))
    assert paging == Paging(
        style="link_header",
        items=(),
        item_type=Ref("Thing"),  # type: ignore[arg-type]
        size_param="per_page",
    )


def test_link_header_with_a_keyset_parameter_only() -> None:
    # GitHub's repos/list-public: `since` (a repository id), no page size.
    paging = paging_of(document(THINGS, q("since"), headers={"link": LINK["Link"]}))
    assert paging is not None and paging.style == "link_header"


def test_link_header_on_an_envelope() -> None:
    body = obj(total_count=I, workflow_runs=THINGS)
    paging = paging_of(document(body, q("per_page"), q("page"), headers=LINK))
    assert paging is not None
    assert (paging.style, paging.items) == ("link_header", ("workflow_runs",))


def test_a_union_of_arrays_pages_the_union_of_items() -> None:
    # GitHub's stargazers: one of two arrays, by the media type asked for.
    other = {"type": "array", "items": obj(login=S)}
    paging = paging_of(document({"anyOf": [THINGS, other]}, q("page"), headers=LINK))
    assert paging is not None
    assert isinstance(paging.item_type, UnionOf)
    assert paging.item_type.options[0] == Ref("Thing")  # type: ignore[arg-type]


def test_a_204_beside_the_page_is_an_empty_page() -> None:
    text = document(THINGS, q("page"), q("per_page"), headers=LINK)
    data = yaml.safe_load(text)
    data["paths"]["/things"]["get"]["responses"]["204"] = {"description": "empty repository"}
    paging = paging_of(yaml.dump(data, Dumper=_Plain))
    assert paging is not None and paging.style == "link_header"


def test_items_of_primitives_at_the_top() -> None:
    strings = {"type": "array", "items": S}
    paging = paging_of(document(strings, q("page"), q("per_page"), headers=LINK))
    assert paging is not None and paging.item_type == Prim("str")


def test_the_items_named_among_several_arrays() -> None:
    body = obj(data=THINGS, warnings={"type": "array", "items": obj(code=S)}, has_more=B, last_id=S)
    paging = paging_of(document(body, q("after", "string")))
    assert paging is not None and paging.items == ("data",)


# ---------------------------------------------------------------- the traps


TRAPS: list[tuple[str, str]] = [
    # 1. Page parameters on one resource.
    (
        "combined-status",
        document(
            obj(state=S, sha=S, total_count=I, statuses=THINGS, repository=obj(id=I)),
            q("page"),
            q("per_page"),
        ),
    ),
    (
        "commit-files",
        document(obj(sha=S, files=THINGS, stats=obj(total=I)), q("page"), q("per_page")),
    ),
    ("nested-list", document(obj(scan=obj(findings=THINGS, total=I)), q("page"), q("per_page"))),
    # 2. A signal with no way to continue, or a way with no signal.
    ("no-parameters", document(obj(data=THINGS, has_more=B, next_page=S))),
    ("next-url-only", document(obj(jobs=THINGS, links=obj(pages=obj(next=S)), meta=obj(total=I)))),
    ("parameters-only", document(THINGS, q("page"), q("per_page"))),
    (
        "no-next-field",
        document(obj(countries=THINGS, uri=S), q("Page"), q("PageSize"), q("PageToken", "string")),
    ),
    ("has-more-no-cursor", document(obj(threads=THINGS, has_more=B))),
    # 3. The same name, another meaning.
    ("sse-sequence", document(obj(id=S, status=S), q("starting_after"))),
    (
        "timestamp-start",
        document(obj(data=THINGS, total=I), q("start", "string", format="date-time"), q("limit")),
    ),
    (
        "page-as-text",
        document(obj(items=THINGS, total_count=I), q("page", "string"), q("per_page")),
    ),
    ("offset-as-text", document(obj(items=THINGS, total=I), q("offset", "string"), q("limit"))),
    (
        "metadata-next",
        document(obj(result=THINGS, _metadata=obj(prev=S, self=S, next=S)), q("page_size")),
    ),
    ("next-page-is-a-number", document(obj(data=THINGS, has_more=B, next_page=I), q("page"))),
    # 4. Link declared on what is not a list.
    (
        "link-on-an-object",
        document(
            obj(active_caches_count=I, active_caches_size_in_bytes=I), q("page"), headers=LINK
        ),
    ),
    ("link-without-parameters", document(THINGS, headers=LINK)),
    ("link-on-a-post", document(THINGS, q("page"), method="post", headers=LINK)),
    # 5. A page's envelope on a write.
    (
        "envelope-on-a-post",
        document(
            obj(data=THINGS, has_more=B, first_id=S, last_id=S), q("after", "string"), method="post"
        ),
    ),
    # 6. A limit alone caps a result.
    ("limit-only", document(THINGS, q("limit"))),
    ("limit-only-envelope", document(obj(data=THINGS, total=I), q("limit"))),
    ("lone-page", document(THINGS, q("page"))),
    # 7. Capped lists whose only signal is prose.
    ("self-link-only", document(obj(result=THINGS, _metadata=obj(self=S), contact_count=I))),
    # 8. A last-item cursor that is not the item's `id`.
    ("keyset-without-has-more", document(THINGS, q("after", "string"), q("limit"))),
    (
        "items-without-id",
        document(
            obj(bans={"type": "array", "items": obj(user=obj(id=S))}, has_more=B),
            q("after", "string"),
        ),
    ),
    (
        "before-is-backwards",
        document(obj(items=THINGS, has_more=B), q("before", "string"), q("limit")),
    ),
    # 9. False friends.
    ("next-run-at", document(obj(data=THINGS, next_run_at=S), q("page"), q("per_page"))),
    (
        "next-backup-window",
        document(
            obj(data=THINGS, next_backup_window=obj(start=S, end=S)), q("page"), q("per_page")
        ),
    ),
    (
        "pages-are-sites",
        document(obj(pages={"type": "array", "items": S}, hooks={"type": "array", "items": S})),
    ),
    # 10. Which list is the page?
    (
        "two-arrays",
        document(obj(users=THINGS, teams=THINGS), q("page"), q("per_page"), headers=LINK),
    ),
    (
        "map-items",
        document(
            obj(
                policies={"type": "object", "additionalProperties": THING},
                links=obj(pages=obj(next=S)),
            ),
            q("page"),
            q("per_page"),
        ),
    ),
    (
        "two-successes",
        document(
            obj(data=THINGS, has_more=B, last_id=S),
            q("after", "string"),
            op={
                "responses": {
                    "200": {
                        "description": "page",
                        "content": {
                            "application/json": {"schema": obj(data=THINGS, has_more=B, last_id=S)}
                        },
                    },
                    "201": {
                        "description": "other",
                        "content": {"application/json": {"schema": THING}},
                    },
                }
            },
        ),
    ),
]


@pytest.mark.parametrize("text", [t for _, t in TRAPS], ids=[n for n, _ in TRAPS])
def test_trap_is_not_paginated(text: str) -> None:
    assert paging_of(text) is None


def test_other_operations_keep_no_paging() -> None:
    client, _ = build_ir(document(obj(data=THINGS, total=I), q("offset"), q("limit")))
    assert operation(client, "list_things").paging is not None
    assert all(op.paging is None for op in client.operations if op.name != "list_things")


def test_item_type_is_the_items_type_expression() -> None:
    body = obj(data={"type": "array", "items": {"type": "array", "items": S}}, total=I)
    # Arrays of arrays are no records: no page here; the records' array is one.
    assert paging_of(document(body, q("offset"), q("limit"))) is None
    paging = paging_of(document(obj(data=THINGS, total=I), q("offset"), q("limit")))
    assert paging is not None and paging.item_type == Ref("Thing")  # type: ignore[arg-type]
    assert ListOf(paging.item_type) == ListOf(Ref("Thing"))  # type: ignore[arg-type]
