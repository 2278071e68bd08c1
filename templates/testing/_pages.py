"""A fake's list operations, answered page by page from their sample.

The list is the sample's items over and over (each a copy, its id made distinct), two
pages and one item long in the document's page size (the size parameter's default,
else 10); each request gets the page it asks for, in the size it asks for, with the
paging fields the operation declares filled in: whether more follow, the total, the
next cursor (the position, as text, or the last item's id) or the next address (the
request's own, carrying the position in :data:`FAKE_PAGE`; in the ``Link`` header for
that style).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from typing import Any

import httpx

from ._spec import FAKE_PAGE, ApiSpec, OperationSpec, PagingSpec

DEFAULT_PAGE_SIZE = 10
_DIGITS = re.compile(r"[0-9]+$")
_HEX = re.compile(r"[0-9a-fA-F]{8,}$")


def page_of(
    spec: ApiSpec,
    op: OperationSpec,
    paging: PagingSpec,
    request: httpx.Request,
    items: list[Any] | None = None,
) -> tuple[Any, dict[str, str]] | None:
    """The body and headers of the page ``request`` asks for; None when the sample
    holds no list to page. ``items``, when given, is the whole list (a fake's own
    jobs), paged as it is instead of the sample's items repeated."""
    sample = op.success.body
    found = _get(sample, paging.items) if items is None else items
    if not isinstance(found, list) or (not found and items is None):
        return None
    documented = _documented_size(op, paging)
    count = 2 * documented + 1 if items is None else len(items)
    query = request.url.params
    size = _number(query.get(paging.size_param)) if paging.size_param else None
    if size is None or size <= 0:
        size = documented
    start = _start(paging, query, found, size, count)
    start = max(0, min(start, count))
    end = min(start + size, count)
    more = end < count
    page = [
        _item(found, index, paging) if items is None else found[index]
        for index in range(start, end)
    ]
    body: Any = page if not paging.items else _set(sample, paging.items, page)
    if paging.has_more is not None:
        body = _set(body, paging.has_more, more)
    if paging.total is not None:
        pages = -(-count // size)
        body = _set(body, paging.total, pages if paging.total_is_pages else count)
    headers: dict[str, str] = {}
    if paging.style == "cursor" and paging.next is not None:
        body = _set(body, paging.next, str(end) if more else None)
    elif paging.by_address:
        address = _address(spec, request, end) if more else None
        if paging.style == "next_url" and paging.next is not None:
            body = _set(body, paging.next, address)
        elif address is not None:
            headers["Link"] = f'<{address}>; rel="next"'
    return body, headers


def _start(
    paging: PagingSpec,
    query: httpx.QueryParams,
    found: list[Any],
    size: int,
    count: int,
) -> int:
    """The position in the list the request asks for."""
    if paging.by_address:
        return _number(query.get(FAKE_PAGE)) or 0
    sent = query.get(paging.param) if paging.param else None
    if sent is None or sent == "":
        return 0
    if paging.style == "offset":
        return _number(sent) or 0
    if paging.style == "page":
        return ((_number(sent) or 1) - 1) * size
    if paging.next is not None:
        return _number(sent) or 0  # the fake's own cursor: the position as text
    if paging.from_item is not None:
        for index in range(count):
            item = _item(found, index, paging) if len(found) < count else found[index]
            if str(_get(item, paging.from_item)) == sent:
                return index + 1
    return count  # a cursor the fake never gave: past the end, an empty page


def _documented_size(op: OperationSpec, paging: PagingSpec) -> int:
    for param in op.in_location("query"):
        if param.name == paging.size_param:
            default = param.schema.get("default")
            if (
                isinstance(default, int)
                and not isinstance(default, bool)
                and default > 0
            ):
                return default
    return DEFAULT_PAGE_SIZE


def _item(found: list[Any], index: int, paging: PagingSpec) -> Any:
    """The list's item at ``index``: a sample item, its id made distinct."""
    item = copy.deepcopy(found[index % len(found)])
    path = paging.from_item or (("id",) if isinstance(item, dict) else None)
    if path is None:
        return item
    value = _get(item, path)
    if value is None:
        return item
    return _set(item, path, _distinct(value, index))


def _distinct(value: Any, index: int) -> Any:
    """The ``index``-th variant of a sample id, in its own form where it has one (a
    number counts on; a string's trailing digits or hex digits count on, at their
    width), else the sample with a suffix; the first is the sample itself."""
    if index == 0:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return value + index
    if not isinstance(value, str):
        return value
    hexes = _HEX.search(value)
    if hexes is not None and not hexes.group().isdigit():
        # A UUID, a hash: the same width, so its format or pattern still holds.
        run = hexes.group()
        counted = format((int(run, 16) + index) % (16 ** len(run)), f"0{len(run)}x")
        # Each digit in the case the sample writes it there ("CA..." stays "CA...").
        text = "".join(
            new.upper() if old.isupper() else new
            for old, new in zip(run, counted, strict=True)
        )
        return value[: hexes.start()] + text
    digits = _DIGITS.search(value)
    if digits is not None:
        run = digits.group()
        return value[: digits.start()] + str(int(run) + index).zfill(len(run))
    return f"{value}-{index}"


def _address(spec: ApiSpec, request: httpx.Request, position: int) -> str:
    """The next page's address: the request's own, the position in FAKE_PAGE (and
    without the credential: the client adds its own)."""
    url = request.url.copy_set_param(FAKE_PAGE, str(position))
    if spec.auth is not None and spec.auth.location == "query":
        url = url.copy_remove_param(spec.auth.name)
    return str(url)


def _number(text: str | None) -> int | None:
    try:
        return None if text is None else int(text)
    except ValueError:
        return None


def _get(value: Any, path: Sequence[str]) -> Any:
    for name in path:
        if not isinstance(value, dict):
            return None
        value = value.get(name)
    return value


def _set(body: Any, path: Sequence[str], value: Any) -> Any:
    """``body`` with ``value`` at ``path``, copying only the dicts along the way."""
    if not path:
        return value
    copied = dict(body) if isinstance(body, dict) else {}
    copied[path[0]] = _set(copied.get(path[0]), path[1:], value)
    return copied
