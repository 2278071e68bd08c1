"""Paginated methods against a local HTTP server: every paging style, sync and async,
and the walks that must stop (a repeated cursor or address, another host, an empty
page, a server that ignores the position).

The client is the pager fixture's package (tests/golden/pager, see
tests/support/pager.py), whose list operations are paginated on the model.
"""

from __future__ import annotations

import asyncio
import importlib
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.runtime.helpers import Mode
from tests.runtime.pager_server import HOST, KEY, PetServer, serving
from tests.snapshots import GOLDEN

sys.path.insert(0, str(GOLDEN / "pager"))
pager: Any = importlib.import_module("pagerclients")
pets: Any = importlib.import_module("pagerclients.pets")

# operation -> how each calls it (only list_by_offset has a path parameter).
STYLES: dict[str, Callable[..., Any]] = {
    "list_by_offset": lambda c, **kw: c.list_by_offset("owner-7", **kw),
    "list_by_page": lambda c, **kw: c.list_by_page(**kw),
    "list_by_cursor": lambda c, **kw: c.list_by_cursor(**kw),
    "list_after": lambda c, **kw: c.list_after(**kw),
    "list_by_next_url": lambda c, **kw: c.list_by_next_url(**kw),
    "list_by_link_header": lambda c, **kw: c.list_by_link_header(**kw),
}
ALL_IDS = [f"pet-{i}" for i in range(1, 26)]


@pytest.fixture
def server() -> Iterator[tuple[PetServer, str]]:
    found = PetServer()
    with serving(found) as base_url:
        yield found, base_url


def run(mode: Mode, base_url: str, use: Callable[[Any], Any]) -> Any:
    """``use(client)`` on a client of the mode; an awaitable result is awaited."""
    if mode == "sync":
        with pets.PetsClient(api_key=KEY, base_url=base_url, max_retries=0) as client:
            return use(client)

    async def main() -> Any:
        async with pets.AsyncPetsClient(api_key=KEY, base_url=base_url, max_retries=0) as client:
            result = use(client)
            return (await result) if asyncio.iscoroutine(result) else result

    return asyncio.run(main())


async def _ids_async(page: Any) -> list[str]:
    return [pet.id async for pet in page]


def ids_of(mode: Mode, base_url: str, call: Callable[[Any], Any]) -> list[str]:
    """Every item's id, walking the list as a caller would: ``for`` or ``async for``
    straight over the call."""
    found: list[str]
    if mode == "sync":
        found = run(mode, base_url, lambda c: [pet.id for pet in call(c)])
    else:
        found = run(mode, base_url, lambda c: _ids_async(call(c)))
    return found


@pytest.mark.parametrize("style", STYLES)
def test_every_style_walks_every_item_once_and_stops_on_the_signal(
    style: str, mode: Mode, server: tuple[PetServer, str]
) -> None:
    pets_server, base_url = server
    assert ids_of(mode, base_url, STYLES[style]) == ALL_IDS
    # 25 pets in pages of 10: three requests, none after the documented end.
    assert len(pets_server.requests) == 3
    for seen in pets_server.requests:
        assert seen.query["api_key"] == KEY  # the credential on every page, followed too
        assert seen.headers["host"] == f"{HOST}:{pets_server.port}"


def test_each_style_sends_the_next_position_it_reads(server: tuple[PetServer, str]) -> None:
    pets_server, base_url = server
    sent: dict[str, list[dict[str, str]]] = {}
    for style, call in STYLES.items():
        pets_server.requests.clear()
        ids_of("sync", base_url, call)
        sent[style] = [
            {k: v for k, v in seen.query.items() if k != "api_key"} for seen in pets_server.requests
        ]
    assert sent["list_by_offset"] == [
        {"limit": "10"},
        {"limit": "10", "offset": "10"},
        {"limit": "10", "offset": "20"},
    ]
    assert sent["list_by_page"] == [
        {"per_page": "10"},
        {"per_page": "10", "page": "2"},
        {"per_page": "10", "page": "3"},
    ]
    assert sent["list_by_cursor"] == [
        {"limit": "10"},
        {"limit": "10", "cursor": "10"},
        {"limit": "10", "cursor": "20"},
    ]
    assert sent["list_after"] == [
        {"limit": "10"},
        {"limit": "10", "starting_after": "pet-10"},
        {"limit": "10", "starting_after": "pet-20"},
    ]
    for style in ("list_by_next_url", "list_by_link_header"):
        size = "limit" if style == "list_by_next_url" else "per_page"
        assert sent[style] == [{size: "10"}, {size: "10", "p": "10"}, {size: "10", "p": "20"}]


def test_the_next_request_repeats_the_call_with_only_the_query_changed(
    mode: Mode, server: tuple[PetServer, str]
) -> None:
    pets_server, base_url = server
    found = ids_of(
        mode,
        base_url,
        lambda c: c.list_by_offset(
            "owner-7",
            limit=7,
            x_trace="t-1",
            extra_headers={"X-Caller": "me"},
            extra_query={"offset": 4},
        ),
    )
    assert found == ALL_IDS[4:]
    assert [seen.query.get("offset") for seen in pets_server.requests] == ["4", "11", "18"]
    for seen in pets_server.requests:
        assert seen.path == "/v1/owners/owner-7/pets"
        assert seen.query["limit"] == "7"
        assert seen.headers["x-trace"] == "t-1"
        assert seen.headers["x-caller"] == "me"


def test_a_page_is_the_first_page_fetched(server: tuple[PetServer, str]) -> None:
    pets_server, base_url = server

    def use(client: Any) -> None:
        page = client.list_by_cursor(limit=10)
        assert isinstance(page, pager.Page)
        assert len(pets_server.requests) == 1  # fetched by the call, no further
        assert [pet.id for pet in page.items] == ALL_IDS[:10]
        assert type(page.items[0]).__name__ == "Pet"
        assert page.has_next_page()
        second = page.next_page()
        assert [pet.id for pet in second.items] == ALL_IDS[10:20]
        # Asking again for the same next page is no repeat: it is fetched again.
        assert [pet.id for pet in page.next_page().items] == ALL_IDS[10:20]
        last = second.next_page()
        assert len(last.items) == 5
        assert not last.has_next_page()
        with pytest.raises(pager.PaginationError, match="last page"):
            last.next_page()
        assert [len(p.items) for p in page.pages()] == [10, 10, 5]
        # A page walks again from itself each time it is iterated.
        assert [pet.id for pet in second] == ALL_IDS[10:]
        assert page.raw_response.http_response.status_code == 200
        assert "more follow" in repr(page)

    run("sync", base_url, use)


def test_an_async_page_is_awaitable_and_async_iterable(server: tuple[PetServer, str]) -> None:
    pets_server, base_url = server

    async def use(client: Any) -> None:
        pending = client.list_by_page(per_page=10)
        assert isinstance(pending, pager.AsyncPage)
        assert pets_server.requests == []  # nothing is sent until it is awaited
        with pytest.raises(RuntimeError, match="await it first"):
            pending.items  # noqa: B018
        page = await pending
        assert page is pending
        assert await page is page  # awaited again: no second request
        assert len(pets_server.requests) == 1
        assert [pet.id for pet in page.items] == ALL_IDS[:10]
        assert page.has_next_page()
        second = await page.next_page()
        assert [pet.id for pet in second.items] == ALL_IDS[10:20]
        assert [len(p.items) async for p in page.pages()] == [10, 10, 5]
        assert [pet.id async for pet in second] == ALL_IDS[10:]

    run("async", base_url, use)


@pytest.mark.parametrize("style", ["list_by_offset", "list_by_page"])
def test_without_a_signal_an_empty_page_ends_the_list(
    style: str, mode: Mode, server: tuple[PetServer, str]
) -> None:
    pets_server, base_url = server
    pets_server.count = 20
    pets_server.misbehave = "no_signals"
    assert ids_of(mode, base_url, STYLES[style]) == ALL_IDS[:20]
    assert len(pets_server.requests) == 3  # the third page is empty


def test_an_empty_page_ends_the_list_whatever_has_more_says(
    mode: Mode, server: tuple[PetServer, str]
) -> None:
    pets_server, base_url = server
    pets_server.misbehave = "empty_with_more"
    assert ids_of(mode, base_url, STYLES["list_by_offset"]) == ALL_IDS[:10]
    assert len(pets_server.requests) == 2


def test_a_repeated_cursor_is_an_error_naming_the_operation(
    mode: Mode, server: tuple[PetServer, str]
) -> None:
    pets_server, base_url = server
    pets_server.misbehave = "repeat_cursor"
    seen: list[str] = []

    def collect(client: Any) -> Any:
        if mode == "sync":
            seen.extend(pet.id for pet in client.list_by_cursor())
            return None

        async def walk() -> None:
            async for pet in client.list_by_cursor():
                seen.append(pet.id)

        return walk()

    with pytest.raises(pager.PaginationError, match=r"list_by_cursor: .*cursor '10' again"):
        run(mode, base_url, collect)
    assert seen == ALL_IDS[:30]  # every page it got, and no page twice
    assert len(pets_server.requests) == 3


def test_a_repeated_next_address_is_an_error_naming_the_operation(
    mode: Mode, server: tuple[PetServer, str]
) -> None:
    pets_server, base_url = server
    pets_server.misbehave = "repeat_url"
    with pytest.raises(pager.PaginationError, match=r"list_by_next_url: .*next address"):
        ids_of(mode, base_url, STYLES["list_by_next_url"])
    assert len(pets_server.requests) == 2


@pytest.mark.parametrize("style", ["list_by_next_url", "list_by_link_header"])
def test_a_next_address_on_another_host_is_never_followed(
    style: str, mode: Mode, server: tuple[PetServer, str]
) -> None:
    pets_server, base_url = server
    pets_server.misbehave = "other_host"
    with pytest.raises(pager.PaginationError, match=f"{style}: .*localhost.*not followed"):
        ids_of(mode, base_url, STYLES[style])
    # localhost is this very server: it was never asked, so never got the key.
    assert len(pets_server.requests) == 1
    assert pets_server.requests[0].headers["host"] == f"{HOST}:{pets_server.port}"


def test_a_whole_next_address_on_the_own_origin_is_followed(
    mode: Mode, server: tuple[PetServer, str]
) -> None:
    pets_server, base_url = server
    pets_server.misbehave = "absolute"
    assert ids_of(mode, base_url, STYLES["list_by_next_url"]) == ALL_IDS


def test_another_scheme_or_port_is_another_origin(server: tuple[PetServer, str]) -> None:
    pets_server, base_url = server
    for address in (
        f"https://{HOST}:{pets_server.port}/v1/linked?p=10",
        f"http://{HOST}:{pets_server.port + 1}/v1/linked?p=10",
        "//example.com/v1/linked",
    ):
        pets_server.misbehave = None
        page = run("sync", base_url, lambda c: c.list_by_next_url())
        page._body.links.next = address  # what a server could have said
        with pytest.raises(pager.PaginationError, match="not followed"):
            page.next_page()


@pytest.mark.parametrize("style", ["list_by_offset", "list_by_page"])
def test_a_server_ignoring_the_position_is_an_error_not_an_endless_walk(
    style: str, mode: Mode, server: tuple[PetServer, str]
) -> None:
    pets_server, base_url = server
    pets_server.misbehave = "ignore_position"
    with pytest.raises(pager.PaginationError, match=f"{style}: .*same page"):
        ids_of(mode, base_url, STYLES[style])
    assert len(pets_server.requests) == 2


def test_a_page_without_its_list_is_the_typed_validation_error(
    mode: Mode, server: tuple[PetServer, str]
) -> None:
    pets_server, base_url = server
    pets_server.misbehave = "no_items"
    with pytest.raises(pager.ResponseValidationError, match=r"list_by_cursor.*data"):
        ids_of(mode, base_url, STYLES["list_by_cursor"])


def test_an_optional_list_missing_is_the_typed_validation_error_too(
    server: tuple[PetServer, str],
) -> None:
    """The Link header list is the body itself; an object instead of it fails too."""
    pets_server, base_url = server
    pets_server.misbehave = "no_items"
    with pytest.raises(pager.ResponseValidationError) as caught:
        ids_of("sync", base_url, STYLES["list_by_link_header"])
    assert caught.value.status_code == 200


def test_with_raw_response_gives_the_first_page_s_response(
    mode: Mode, server: tuple[PetServer, str]
) -> None:
    pets_server, base_url = server

    def use(client: Any) -> Any:
        return client.with_raw_response.list_by_offset("owner-7", limit=5)

    raw = run(mode, base_url, use)
    assert isinstance(raw, pager.RawResponse)
    assert raw.status_code == 200
    body = raw.parse()
    assert type(body).__name__ == "ListByOffset200Response"
    assert [pet.id for pet in body.data] == ALL_IDS[:5]
    assert body.total == 25
    assert len(pets_server.requests) == 1


def test_the_methods_say_what_they_return() -> None:
    hints = pets.PetsClient.list_by_cursor.__annotations__["return"]
    assert hints == "_rt.Page[Pet]"
    assert pets.AsyncPetsClient.list_by_cursor.__annotations__["return"] == "_rt.AsyncPage[Pet]"
    # The async method is a plain def: `async for` works on the call itself.
    assert not asyncio.iscoroutinefunction(pets.AsyncPetsClient.list_by_cursor)
    assert asyncio.iscoroutinefunction(pets.AsyncPetsClient.get_pet)
    raw = importlib.import_module(
        "pagerclients.pets.client"
    ).AsyncPetsClientRaw.list_by_cursor.__annotations__["return"]
    assert raw == "_rt.RawResponse[ListByCursor200Response]"
    assert {"Page", "AsyncPage", "PaginationError"} <= set(pager.__all__)
