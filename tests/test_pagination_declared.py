"""Pagination as a document's extension or our config declares it.

``x-speakeasy-pagination`` and ``x-fern-pagination`` (no corpus document has either) in
the forms their makers document, and ``pagination:`` in a vendor's jobclient.yaml: each
names parameters and fields the operation must have, or it is a finding at its place.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from generator.loader.config import load_config
from generator.loader.paging_config import PagingOverride
from generator.model.api import Paging
from generator.model.findings import Finding, GenerationError, Severity
from generator.model.type_expr import Ref
from tests.support.ir import CONFIG_DISPLAY, DISPLAY, build_ir, operation
from tests.test_pagination import LINK, THINGS, B, I, S, document, obj, q

PAGE = obj(data=THINGS, total_pages=I, next_cursor=S, has_more=B, links=obj(next=S))


def built(
    text: str, paging: dict[str, PagingOverride] | None = None
) -> tuple[Paging | None, list[Finding]]:
    client, findings = build_ir(text, paging=paging)
    return operation(client, "list_things").paging, [f for f in findings if "pagination" in f.code]


def with_extension(key: str, value: Any, *params: dict[str, Any], **kw: Any) -> str:
    return document(kw.pop("body", PAGE), *params, op={key: value}, **kw)


# ---------------------------------------------------------------- x-speakeasy-pagination


@pytest.mark.parametrize(
    ("value", "params", "expected"),
    [
        (
            {
                "type": "offsetLimit",
                "inputs": [
                    {"name": "page", "in": "parameters", "type": "page"},
                    {"name": "size", "in": "parameters", "type": "limit"},
                ],
                "outputs": {"results": "$.data", "numPages": "$.total_pages"},
            },
            (q("page"), q("size")),
            {
                "style": "page",
                "param": "page",
                "size_param": "size",
                "total": ("total_pages",),
                "total_is_pages": True,
            },
        ),
        (
            {
                "type": "offsetLimit",
                "inputs": [{"name": "offset", "in": "parameters", "type": "offset"}],
                "outputs": {"results": "$.data"},
            },
            (q("offset"),),
            {"style": "offset", "param": "offset"},
        ),
        (
            {
                "type": "cursor",
                "inputs": [{"name": "cursor", "in": "parameters", "type": "cursor"}],
                "outputs": {"results": "$.data", "nextCursor": "$.next_cursor"},
            },
            (q("cursor", "string"),),
            {"style": "cursor", "param": "cursor", "next": ("next_cursor",)},
        ),
        (
            {
                "type": "cursor",
                "inputs": [{"name": "since", "in": "parameters", "type": "cursor"}],
                "outputs": {"nextCursor": "$.data[-1].id"},
            },
            (q("since", "string"),),
            {"style": "cursor", "param": "since", "from_item": ("id",)},
        ),
        (
            {"type": "url", "outputs": {"results": "$.data", "nextUrl": "$.links.next"}},
            (),
            {"style": "next_url", "next": ("links", "next")},
        ),
    ],
    ids=["offset-limit-page", "offset-limit-offset", "cursor", "cursor-last-item", "url"],
)
def test_speakeasy(
    value: dict[str, Any], params: tuple[dict[str, Any], ...], expected: dict[str, Any]
) -> None:
    paging, findings = built(with_extension("x-speakeasy-pagination", value, *params))
    assert findings == []
    assert paging is not None
    assert paging.source == "x-speakeasy-pagination"
    assert paging.items == ("data",) and paging.item_type == Ref("Thing")  # type: ignore[arg-type]
    for key, want in expected.items():
        assert getattr(paging, key) == want, key


def test_speakeasy_on_a_post_search() -> None:
    value = {
        "type": "offsetLimit",
        "inputs": [{"name": "page", "type": "page"}],
        "outputs": {"results": "$.data"},
    }
    paging, findings = built(
        with_extension("x-speakeasy-pagination", value, q("page"), method="post")
    )
    assert findings == [] and paging is not None and paging.style == "page"


def test_speakeasy_cursor_in_the_body_is_a_finding_at_its_input() -> None:
    value = {
        "type": "cursor",
        "inputs": [{"name": "cursor", "in": "requestBody", "type": "cursor"}],
        "outputs": {"results": "$.data", "nextCursor": "$.next_cursor"},
    }
    paging, findings = built(with_extension("x-speakeasy-pagination", value, method="post"))
    assert paging is None
    (finding,) = findings
    assert (finding.code, finding.severity) == ("pagination-extension", Severity.WARNING)
    assert finding.pointer == "/paths/~1things/post/x-speakeasy-pagination/inputs/0"
    assert finding.file == DISPLAY and finding.line is not None
    assert "request body" in finding.message


def test_speakeasy_naming_a_field_the_response_lacks() -> None:
    value = {
        "type": "cursor",
        "inputs": [{"name": "cursor", "in": "parameters", "type": "cursor"}],
        "outputs": {"results": "$.data", "nextCursor": "$.meta.next"},
    }
    paging, findings = built(with_extension("x-speakeasy-pagination", value, q("cursor", "string")))
    assert paging is None
    (finding,) = findings
    assert finding.pointer.endswith("/x-speakeasy-pagination/outputs/nextCursor")
    assert "'meta.next'" in finding.message and "next_cursor" in finding.message


def test_speakeasy_naming_a_parameter_the_operation_lacks() -> None:
    value = {
        "type": "offsetLimit",
        "inputs": [{"name": "offset", "in": "parameters", "type": "offset"}],
        "outputs": {"results": "$.data"},
    }
    paging, findings = built(with_extension("x-speakeasy-pagination", value, q("skip")))
    assert paging is None
    (finding,) = findings
    assert finding.pointer.endswith("/x-speakeasy-pagination/inputs/0")
    assert "no query parameter 'offset'" in finding.message and "skip" in finding.message


def test_an_extension_outranks_the_shape() -> None:
    # The shape alone reads a cursor from next_cursor; the extension says pages.
    value = {
        "type": "offsetLimit",
        "inputs": [{"name": "page", "type": "page"}],
        "outputs": {"results": "$.data"},
    }
    text = with_extension("x-speakeasy-pagination", value, q("page"), q("cursor", "string"))
    paging, _ = built(text)
    assert paging is not None and (paging.style, paging.param) == ("page", "page")
    assert paging_by_shape(document(PAGE, q("page"), q("cursor", "string"))) == "cursor"


def test_an_extension_that_cannot_be_honoured_is_not_replaced_by_the_shape() -> None:
    value = {"type": "bogus"}
    paging, findings = built(with_extension("x-speakeasy-pagination", value, q("cursor", "string")))
    assert paging is None
    assert [f.pointer.rsplit("/", 1)[-1] for f in findings] == ["type"]


@pytest.mark.parametrize("key", ["x-speakeasy-pagination", "x-fern-pagination"])
def test_an_extension_set_to_false_switches_the_shape_off(key: str) -> None:
    text = with_extension(key, False, q("page"), q("cursor", "string"))
    assert built(text) == (None, [])


def paging_by_shape(text: str) -> str | None:
    paging, _ = built(text)
    return paging.style if paging is not None else None


# ---------------------------------------------------------------- x-fern-pagination


@pytest.mark.parametrize(
    ("value", "params", "expected"),
    [
        (
            {
                "cursor": "$request.cursor",
                "next_cursor": "$response.next_cursor",
                "results": "$response.data",
            },
            (q("cursor", "string"),),
            {"style": "cursor", "param": "cursor", "next": ("next_cursor",)},
        ),
        (
            {"offset": "$request.page_number", "results": "$response.data"},
            (q("page_number"),),
            {"style": "page", "param": "page_number", "size_param": None},
        ),
        (
            {
                "offset": "$request.offset",
                "step": "$request.limit",
                "results": "$response.data",
                "has-next-page": "$response.has_more",
            },
            (q("offset"), q("limit")),
            {
                "style": "offset",
                "param": "offset",
                "size_param": "limit",
                "has_more": ("has_more",),
            },
        ),
        (
            {"next_uri": "$response.links.next", "results": "$response.data"},
            (),
            {"style": "next_url", "next": ("links", "next")},
        ),
        (
            {"next_path": "$response.links.next", "results": "$response.data"},
            (),
            {"style": "next_url", "next": ("links", "next")},
        ),
    ],
    ids=["cursor", "offset-is-a-page-number", "offset-with-step", "next-uri", "next-path"],
)
def test_fern(
    value: dict[str, Any], params: tuple[dict[str, Any], ...], expected: dict[str, Any]
) -> None:
    paging, findings = built(with_extension("x-fern-pagination", value, *params))
    assert findings == []
    assert paging is not None and paging.source == "x-fern-pagination"
    assert paging.items == ("data",)
    for key, want in expected.items():
        assert getattr(paging, key) == want, key


def test_fern_true_takes_the_documents_block() -> None:
    root = {
        "x-fern-pagination": {
            "cursor": "$request.cursor",
            "next_cursor": "$response.next_cursor",
            "results": "$response.data",
        }
    }
    text = with_extension("x-fern-pagination", True, q("cursor", "string"), root=root)
    paging, findings = built(text)
    assert findings == [] and paging is not None
    assert (paging.style, paging.param, paging.next) == ("cursor", "cursor", ("next_cursor",))


def test_fern_true_without_a_documents_block() -> None:
    paging, findings = built(with_extension("x-fern-pagination", True, q("cursor", "string")))
    assert paging is None
    (finding,) = findings
    assert finding.pointer == "/paths/~1things/get/x-fern-pagination"


def test_fern_cursor_from_a_body_field() -> None:
    value = {
        "cursor": "$request.page.cursor",
        "next_cursor": "$response.next_cursor",
        "results": "$response.data",
    }
    paging, findings = built(with_extension("x-fern-pagination", value, method="post"))
    assert paging is None
    (finding,) = findings
    assert finding.pointer.endswith("/x-fern-pagination/cursor")


def test_fern_results_that_are_no_array() -> None:
    value = {
        "cursor": "$request.cursor",
        "next_cursor": "$response.next_cursor",
        "results": "$response.has_more",
    }
    paging, findings = built(with_extension("x-fern-pagination", value, q("cursor", "string")))
    assert paging is None
    (finding,) = findings
    assert finding.pointer.endswith("/x-fern-pagination/results")
    assert "no array field 'has_more'" in finding.message


# ---------------------------------------------------------------- the config


def config(tmp_path: Path, entries: str) -> dict[str, PagingOverride]:
    path = tmp_path / "jobclient.yaml"
    text = """\
        client: Test
        module: test
        credential: {parameter: api_key, env: TEST_API_KEY}
        base_url_env: TEST_BASE_URL
        pagination:
    """
    path.write_text(textwrap.dedent(text) + textwrap.indent(textwrap.dedent(entries), "  "))
    return load_config(path, CONFIG_DISPLAY).pagination


def test_config_switches_a_shape_off(tmp_path: Path) -> None:
    text = document(THINGS, q("page"), q("per_page"), headers=LINK)
    assert built(text)[0] is not None
    paging, findings = built(text, config(tmp_path, "listThings: false\n"))
    assert paging is None and findings == []


def test_config_states_what_the_shape_cannot_say(tmp_path: Path) -> None:
    # A cursor field of a name the shape does not know.
    text = document(obj(data=THINGS, last=S), q("after", "string"), q("limit"))
    assert built(text)[0] is None
    entries = "listThings: {style: cursor, param: after, size: limit, next: last, items: data}\n"
    paging, findings = built(text, config(tmp_path, entries))
    assert findings == []
    assert paging == Paging(
        style="cursor",
        items=("data",),
        item_type=Ref("Thing"),  # type: ignore[arg-type]
        param="after",
        size_param="limit",
        next=("last",),
        source="config",
    )


def test_config_paths_are_wire_names_and_become_python_names(tmp_path: Path) -> None:
    body = obj(Results=THINGS, Meta=obj(NextCursor=S))
    text = document(body, q("Cursor", "string"))
    entries = (
        "listThings: {style: cursor, param: Cursor, next: [Meta, NextCursor], items: Results}\n"
    )
    paging, findings = built(text, config(tmp_path, entries))
    assert findings == [] and paging is not None
    assert (paging.items, paging.next) == (("results",), ("meta", "next_cursor"))


def test_config_link_header_on_an_undeclared_header(tmp_path: Path) -> None:
    # GitHub's webhook deliveries: "Refer to the `link` header", none declared.
    text = document(THINGS, q("cursor", "string"), q("per_page"))
    paging, findings = built(
        text, config(tmp_path, "listThings: {style: link_header, size: per_page}\n")
    )
    assert findings == [] and paging is not None and paging.style == "link_header"


@pytest.mark.parametrize(
    ("entries", "pointer", "line", "words"),
    [
        (
            "listThings: {style: offset, param: offset, size: limit, items: data}\n",
            "/pagination/listThings/param",
            6,
            "no query parameter 'offset'",
        ),
        (
            "listThings:\n  style: cursor\n  param: after\n  next: meta.cursor\n  items: data\n",
            "/pagination/listThings/next",
            9,
            "no field 'meta.cursor'",
        ),
        (
            "listThings:\n  style: cursor\n  param: after\n  from_item: uuid\n  items: data\n",
            "/pagination/listThings/from_item",
            9,
            "an item has no field 'uuid'",
        ),
        (
            "listThings: {style: cursor, param: after, next: last, items: entries}\n",
            "/pagination/listThings/items",
            6,
            "no array field 'entries'",
        ),
        (
            "listThings: {style: cursor, param: after, next: last}\n",
            "/pagination/listThings/items",
            6,
            "not an array",
        ),
        (
            "listThingz: false\n",
            "/pagination/listThingz",
            6,
            "no operation has operationId 'listThingz'",
        ),
    ],
    ids=["parameter", "field", "item-field", "items", "items-left-out", "operation"],
)
def test_config_naming_what_the_operation_lacks(
    tmp_path: Path, entries: str, pointer: str, line: int, words: str
) -> None:
    text = document(obj(data=THINGS, last=S), q("after", "string"), q("limit"))
    paging, findings = built(text, config(tmp_path, entries))
    assert paging is None
    (finding,) = findings
    assert (finding.code, finding.severity) == ("pagination-config", Severity.ERROR)
    assert (finding.file, finding.line, finding.pointer) == (CONFIG_DISPLAY, line, pointer)
    assert words in finding.message


@pytest.mark.parametrize(
    ("entries", "pointer", "words"),
    [
        ("listThings: true\n", "/pagination/listThings", "must be `false`"),
        (
            "listThings: {style: keyset, param: after}\n",
            "/pagination/listThings/style",
            "one of offset",
        ),
        ("listThings: {style: offset, size: limit}\n", "/pagination/listThings", "needs `param`"),
        ("listThings: {style: cursor, param: after}\n", "/pagination/listThings", "one of `next`"),
        (
            "listThings: {style: next_url, param: page, next: links.next}\n",
            "/pagination/listThings/param",
            "takes no `param`",
        ),
        (
            "listThings: {style: page, param: page, nxt: total}\n",
            "/pagination/listThings/nxt",
            "unknown key",
        ),
        (
            "listThings: {style: cursor, param: after, next: 'meta..next'}\n",
            "/pagination/listThings/next",
            "field path",
        ),
    ],
    ids=[
        "true",
        "style",
        "param-missing",
        "cursor-without-next",
        "url-with-param",
        "unknown-key",
        "bad-path",
    ],
)
def test_config_entry_shape(tmp_path: Path, entries: str, pointer: str, words: str) -> None:
    with pytest.raises(GenerationError) as raised:
        config(tmp_path, entries)
    finding = next(f for f in raised.value.findings if f.pointer == pointer)
    assert finding.code == "config"
    assert finding.line == 6 and words in finding.message


def test_config_without_entries(tmp_path: Path) -> None:
    assert config(tmp_path, "{}\n") == {}
