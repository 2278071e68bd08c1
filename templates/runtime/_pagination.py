"""Pages of a list: the first page a call returns, and the walk to the ones after it.

A paginated operation's method returns :class:`Page` (already fetched) on the sync
client and :class:`AsyncPage` (fetched when awaited or iterated) on the async one.
The next page is the same call again (path parameters, headers, body and per-call
options) with the query changed as the operation's :class:`Paging` says, or the address
the server gives in a body field or the ``Link`` header, which is followed only on the
client's own scheme, host and port, with its credential. Iterating a page walks every
later page, holding one at a time; each request goes through the client's own retries,
parsing and errors.

The walk ends on the server's signal (no next cursor or address, ``has_more`` false,
the total reached) and on an empty page. A server that gives a cursor or an address it
gave before in the same walk, or answers a new offset or page number with the very body
of the page before, raises :class:`PaginationError` rather than walking forever.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Generator, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Generic, Literal, TypeVar

import httpx

from ._auth import ApiKeyAuth, redact
from ._errors import APIError
from ._response import RawResponse, invalid_response

if TYPE_CHECKING:
    from ._async import AsyncAPIClient
    from ._client import BaseClient, RequestParts
    from ._operation import Operation
    from ._sync import SyncAPIClient

T = TypeVar("T")

PagingStyle = Literal["offset", "page", "cursor", "next_url", "link_header"]
_FIRST: Final = {"offset": 0, "page": 1}  # where a walk starts when the call says not
_QUOTED = 120  # characters of a cursor or an address quoted in an error


@dataclass(frozen=True)
class Paging:
    """How an operation's next page is asked for, and how its list ends.

    Request parameters are wire names; response fields are paths of attribute names
    into the parsed body (``items=()``: the body is the list itself).
    """

    style: PagingStyle
    items: tuple[str, ...] = ()
    # offset: the offset; page: the page number; cursor: the cursor.
    param: str | None = None
    # The page size parameter (limit, per_page), when the operation has one.
    size_param: str | None = None
    # cursor: the field holding the next cursor; next_url: the field holding the URL.
    next: tuple[str, ...] | None = None
    # cursor: the field of the last item sent back as the cursor.
    from_item: tuple[str, ...] | None = None
    # A boolean field saying whether another page exists.
    has_more: tuple[str, ...] | None = None
    # The total count of items (of pages, with ``total_is_pages``).
    total: tuple[str, ...] | None = None
    total_is_pages: bool = False


class PaginationError(APIError):
    """A list cannot go on: the server repeated a cursor, an address or a page, gave a
    next page on another host, or there is no next page to fetch."""


@dataclass(frozen=True, slots=True)
class _Step:
    """The next page's request, and what identifies it within a walk (a cursor or an
    address; None where the position only moves forward)."""

    parts: RequestParts
    key: object


def _walk(key: object) -> set[object]:
    """What a walk has sent (cursors, addresses), starting with the first page's."""
    return set() if key is None else {key}


class _PageCore(Generic[T]):
    """What Page and AsyncPage share: the answer, its items and the next request."""

    __slots__ = (
        "_body",
        "_client",
        "_issued",
        "_items",
        "_key",
        "_op",
        "_paging",
        "_parts",
        "_raw",
        "_walk",
    )

    def __init__(
        self,
        client: BaseClient,
        op: Operation[Any],
        parts: RequestParts,
        key: object,
        walk: set[object] | None,
    ) -> None:
        paging = op.paging
        if paging is None:
            raise TypeError(f"{op.name} is not a paginated operation")
        self._client = client
        self._op = op
        self._paging = paging
        self._parts = parts
        self._key = key
        self._walk = walk
        self._raw: RawResponse[Any] | None = None
        self._body: Any = None
        self._items: list[T] = []
        self._issued: object = None  # the key next_page() last asked for

    # ------------------------------------------------------------------ the answer

    def _answered(self, raw: RawResponse[Any]) -> None:
        """Read the answer: the body (parsed and validated as the call declares) and its
        items; a body without its list is the client's usual validation error."""
        body = raw.parse()
        found = _read(body, self._paging.items)
        if not isinstance(found, list | tuple):
            response = raw.http_response
            error = {
                "type": "missing" if found is None else "list_type",
                "loc": self._paging.items,
                "msg": "Field required" if found is None else "Input should be a list",
            }
            raise invalid_response(self._op, response.request, response, [error])
        self._raw = raw
        self._body = body
        self._items = found if isinstance(found, list) else list(found)
        if self._key is None and self._paging.style in ("next_url", "link_header"):
            # The first page: a walk that is given its address back repeats.
            self._key = self._address_key(raw.http_response.request.url)
        if self._walk is None:
            self._walk = _walk(self._key)

    def _loaded(self) -> RawResponse[Any]:
        raw = self._raw
        if raw is None:
            raise RuntimeError(
                f"{self._op.name}: the page is not fetched yet; await it first"
            )
        return raw

    @property
    def items(self) -> list[T]:
        """This page's items."""
        self._loaded()
        return self._items

    @property
    def raw_response(self) -> RawResponse[Any]:
        """This page's answer: the httpx response and the parsed body."""
        return self._loaded()

    def has_next_page(self) -> bool:
        """Whether the server says another page follows (the walk stops otherwise)."""
        self._loaded()
        return self._signal() is not None

    def __repr__(self) -> str:
        if self._raw is None:
            return f"<{type(self).__name__} {self._op.name}: not fetched>"
        try:
            more = ", more follow" if self.has_next_page() else ""
        except PaginationError:
            more = ""
        return (
            f"<{type(self).__name__} {self._op.name}: {len(self._items)} items{more}>"
        )

    # ------------------------------------------------------------------ the next page

    def _signal(self) -> tuple[Literal["query", "url"], object] | None:
        """What the server says of the next page, unchecked: a query value for the
        paging parameter, or an address; None when the list ends here."""
        paging = self._paging
        if not self._items:
            return None
        body = self._body
        if paging.has_more is not None:
            more = _read(body, paging.has_more)
            if more is not None and not more:
                return None
        style = paging.style
        if style == "link_header":
            link = self._loaded().http_response.links.get("next")
            url = None if link is None else link.get("url")
            return ("url", url) if url else None
        if style == "next_url":
            url = _read(body, paging.next) if paging.next is not None else None
            return ("url", url) if url else None
        if style == "cursor":
            cursor = _read(body, paging.next) if paging.next is not None else None
            if (cursor is None or cursor == "") and paging.from_item is not None:
                cursor = _read(self._items[-1], paging.from_item)
            return None if cursor is None or cursor == "" else ("query", cursor)
        position = self._position()
        total = _count(_read(body, paging.total)) if paging.total is not None else None
        if style == "offset":
            following = position + len(self._items)
            if total is not None and following >= total:
                return None
            return ("query", following)
        if total is not None:
            if paging.total_is_pages:
                reached = position >= total
            else:
                reached = position * self._page_size() >= total
            if reached:
                return None
        return ("query", position + 1)

    def _step(
        self, walk: set[object], signal: tuple[Literal["query", "url"], object] | None
    ) -> _Step:
        """The next page's request (``signal`` says where), checked against what
        ``walk`` has sent."""
        if signal is None:
            raise PaginationError(
                f"{self._op.name}: this is the last page; check has_next_page() first",
                request=self._loaded().http_response.request,
            )
        kind, value = signal
        if kind == "url":
            step = self._follow(str(value))
        else:
            parts = _with_query(self._parts, self._paging.param, value)
            step = _Step(parts, _key(value) if self._paging.style == "cursor" else None)
        key = step.key
        if key is not None:
            if key in walk and key != self._issued:
                what = "cursor" if self._paging.style == "cursor" else "next address"
                raise PaginationError(
                    f"{self._op.name}: the server gave the {what} "
                    f"{_quoted(key)} again; the list would never end",
                    request=self._loaded().http_response.request,
                )
            walk.add(key)
        self._issued = key
        return step

    def _follow(self, address: str) -> _Step:
        """A next page at an address the server gave: on the client's own origin only."""
        request = self._loaded().http_response.request
        try:
            target = request.url.join(address)
        except httpx.InvalidURL:
            target = None
        base = httpx.URL(self._client.base_url)
        if target is None or _origin(target) != _origin(base):
            port = "" if base.port is None else f":{base.port}"
            raise PaginationError(
                f"{self._op.name}: the server gave the next page at {_quoted(address)}, "
                f"not on the client's own {base.scheme}://{base.host}{port}; it is not "
                "followed",
                request=request,
            )
        parts: RequestParts = {**self._parts, "next_url": str(target)}
        return _Step(parts, self._address_key(target))

    def _address_key(self, url: httpx.URL) -> str:
        """An address as a walk remembers it: without the client's credential."""
        auth = self._client._auth
        if isinstance(auth, ApiKeyAuth) and auth.location == "query":
            url = url.copy_remove_param(auth.name)
        return str(url.copy_with(fragment=None))

    def _position(self) -> int:
        """The offset or page number this page was asked for."""
        paging = self._paging
        sent = _sent(self._parts, paging.param)
        if sent is None:
            return _FIRST[paging.style]
        if isinstance(sent, str) and sent.strip().isdigit():
            return int(sent)
        position = _count(sent)
        if position is None:
            raise PaginationError(
                f"{self._op.name}: cannot go on from {paging.param}={_quoted(sent)}, "
                "which is not a number",
                request=self._loaded().http_response.request,
            )
        return position

    def _page_size(self) -> int:
        size = _sent(self._parts, self._paging.size_param)
        if isinstance(size, int) and size > 0:
            return size
        return len(self._items)

    def _check_body(self, before: _PageCore[T]) -> None:
        """An offset or page number answered with the page before's very body: the
        server ignores the parameter, and the walk would never end."""
        if self._paging.style not in ("offset", "page"):
            return
        if (
            self._loaded().http_response.content
            == before._loaded().http_response.content
        ):
            raise PaginationError(
                f"{self._op.name}: the server answered {self._paging.param}="
                f"{self._position()} with the same page as the one before; the list "
                "would never end",
                request=self._loaded().http_response.request,
            )


class Page(_PageCore[T]):
    """One page of a list, fetched. Iterate it for every item of this page and every
    later one (fetched as needed, one page held at a time)."""

    __slots__ = ()

    _client: SyncAPIClient

    @classmethod
    def _first(
        cls, client: SyncAPIClient, op: Operation[Any], parts: RequestParts
    ) -> Page[Any]:
        page: Page[Any] = cls(client, op, parts, _cursor_key(op, parts), None)
        page._answered(client._request_raw(op, **parts))
        return page

    def _fetch(self, step: _Step, walk: set[object]) -> Page[T]:
        page: Page[T] = Page(self._client, self._op, step.parts, step.key, walk)
        page._answered(self._client._request_raw(self._op, **step.parts))
        page._check_body(self)
        return page

    def next_page(self) -> Page[T]:
        """The page after this one; PaginationError when there is none."""
        assert self._walk is not None
        return self._fetch(self._step(self._walk, self._signal()), self._walk)

    def pages(self) -> Iterator[Page[T]]:
        """This page and every later one, fetched as the loop reaches them."""
        return _pages(self)

    def __iter__(self) -> Iterator[T]:
        return _items(_pages(self))


class AsyncPage(_PageCore[T]):
    """One page of a list on the async client: awaiting it fetches it (once) and gives
    it back; ``async for`` over it gives every item of it and every later page."""

    __slots__ = ()

    _client: AsyncAPIClient

    @classmethod
    def _first(
        cls, client: AsyncAPIClient, op: Operation[Any], parts: RequestParts
    ) -> AsyncPage[Any]:
        return cls(client, op, parts, _cursor_key(op, parts), None)

    def __await__(self) -> Generator[Any, None, AsyncPage[T]]:
        return self._fetched().__await__()

    async def _fetched(self) -> AsyncPage[T]:
        if self._raw is None:
            self._answered(await self._client._request_raw(self._op, **self._parts))
        return self

    async def _fetch(self, step: _Step, walk: set[object]) -> AsyncPage[T]:
        page: AsyncPage[T] = AsyncPage(
            self._client, self._op, step.parts, step.key, walk
        )
        page._answered(await self._client._request_raw(self._op, **step.parts))
        page._check_body(self)
        return page

    async def next_page(self) -> AsyncPage[T]:
        """The page after this one; PaginationError when there is none."""
        await self._fetched()
        assert self._walk is not None
        return await self._fetch(self._step(self._walk, self._signal()), self._walk)

    def pages(self) -> AsyncIterator[AsyncPage[T]]:
        """This page and every later one, fetched as the loop reaches them."""
        return _async_pages(self)

    def __aiter__(self) -> AsyncIterator[T]:
        return _async_items(_async_pages(self))


# The walks are functions, not methods: a method's generator would hold the page it was
# called on to the end, where these let each page go once the next one is fetched (the
# caller may of course keep any).


def _pages(page: Page[T]) -> Iterator[Page[T]]:
    walk = _walk(page._key)
    while True:
        yield page
        signal = page._signal()
        if signal is None:
            return
        page = page._fetch(page._step(walk, signal), walk)


def _items(pages: Iterator[Page[T]]) -> Iterator[T]:
    for page in pages:
        yield from page._items


async def _async_pages(page: AsyncPage[T]) -> AsyncIterator[AsyncPage[T]]:
    page = await page._fetched()
    walk = _walk(page._key)
    while True:
        yield page
        signal = page._signal()
        if signal is None:
            return
        page = await page._fetch(page._step(walk, signal), walk)


async def _async_items(pages: AsyncIterator[AsyncPage[T]]) -> AsyncIterator[T]:
    async for page in pages:
        for item in page._items:
            yield item


# ---------------------------------------------------------------------- helpers


def _read(value: Any, path: tuple[str, ...]) -> Any:
    """The value at an attribute path (a mapping's key where the body is plain JSON)."""
    for name in path:
        if value is None:
            return None
        value = (
            value.get(name)
            if isinstance(value, Mapping)
            else getattr(value, name, None)
        )
    return value


def _count(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _sent(parts: RequestParts, name: str | None) -> object:
    """The value a call sent for a query parameter (``extra_query`` wins, as it does
    when the request is built)."""
    if name is None:
        return None
    options = parts.get("options")
    if options is not None and options.extra_query and name in options.extra_query:
        return options.extra_query[name]
    return parts.get("query", {}).get(name)


def _with_query(parts: RequestParts, name: str | None, value: object) -> RequestParts:
    """The same call with one query parameter set (and no longer in ``extra_query``)."""
    if name is None:
        raise TypeError("a paging style that changes the query names its parameter")
    query = dict(parts.get("query", {}))
    query[name] = value
    changed: RequestParts = {**parts, "query": query}
    options = parts.get("options")
    if options is not None and options.extra_query and name in options.extra_query:
        extra = {k: v for k, v in options.extra_query.items() if k != name}
        changed["options"] = dataclasses.replace(options, extra_query=extra)
    return changed


def _cursor_key(op: Operation[Any], parts: RequestParts) -> object:
    """The cursor the first call sent, if any: a walk that is given it back repeats."""
    paging = op.paging
    if paging is None or paging.style != "cursor":
        return None
    sent = _sent(parts, paging.param)
    return None if sent is None or sent == "" else _key(sent)


def _key(cursor: object) -> object:
    """A cursor as a walk remembers it (hashable whatever the server sent)."""
    return cursor if isinstance(cursor, str | int | float) else repr(cursor)


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    # httpx writes a scheme's default port as None: https://a and https://a:443 agree.
    return (url.scheme, url.host, url.port)


def _quoted(value: object) -> str:
    text = redact(repr(value))
    return text if len(text) <= _QUOTED else text[:_QUOTED] + "..."
