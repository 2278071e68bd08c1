"""A fake's list operations answer page by page: by default from their sample, in the
document's page size, for every paging style; ``respond(op, pages=[...])`` scripts
successive bodies. On the pager fixture's package (tests/golden/pager)."""

from __future__ import annotations

import asyncio
import importlib
import sys
from typing import Any

import httpx
import pytest

from tests.fakes.test_generated_fakes import probe
from tests.snapshots import GOLDEN

sys.path.insert(0, str(GOLDEN / "pager"))
testing: Any = importlib.import_module("pagerclients.pets.testing")
pages_module: Any = importlib.import_module("pagerclients.testing._pages")
shared: Any = importlib.import_module("pagerclients.testing")
pager: Any = importlib.import_module("pagerclients")

LISTS = (
    "list_by_offset",
    "list_by_page",
    "list_by_cursor",
    "list_after",
    "list_by_next_url",
    "list_by_link_header",
)


def call(client: Any, name: str, **options: Any) -> Any:
    method = getattr(client, name)
    return method("owner-1", **options) if name == "list_by_offset" else method(**options)


@pytest.mark.parametrize("name", LISTS)
def test_a_list_is_two_pages_and_one_item_of_its_sample_in_the_document_s_size(
    name: str,
) -> None:
    fake = testing.FakePets()
    with fake.client() as client:
        page = call(client, name)
        assert len(page.items) == 10  # the size parameter's default in the document
        ids = [pet.id for pet in page]
    assert ids == [f"pet-{i}" for i in range(1, 22)]  # the sample's "pet-1", counted on
    assert len(fake.calls(name)) == 3


@pytest.mark.parametrize("name", LISTS)
def test_the_size_a_request_asks_for_is_the_size_it_gets(name: str) -> None:
    fake = testing.FakePets()
    size = "per_page" if name in ("list_by_page", "list_by_link_header") else "limit"
    options = {size: 4}

    async def main() -> list[int]:
        async with fake.async_client() as client:
            return [len(p.items) async for p in call(client, name, **options).pages()]

    assert asyncio.run(main()) == [4, 4, 4, 4, 4, 1]


def test_a_served_fake_pages_by_address_on_its_own_origin() -> None:
    fake = testing.FakePets()
    with fake.serve() as url, fake.client(base_url=url, http_client=None) as client:
        assert len(list(client.list_by_next_url())) == 21
        assert len(list(client.list_by_link_header())) == 21
    addresses = [str(r.url) for r in fake.requests]
    assert all(a.startswith(url.rsplit("/v1", 1)[0]) for a in addresses)
    assert sum("fake_page=" in a for a in addresses) == 4  # the fake's own parameter


def test_respond_pages_answers_successive_requests_the_last_repeating() -> None:
    fake = testing.FakePets()
    first = {"data": [{"id": "a", "name": "A"}], "next_cursor": "c2"}
    last = {"data": [{"id": "b", "name": "B"}], "next_cursor": None}
    fake.respond("list_by_cursor", pages=[first, last])
    with fake.client() as client:
        assert [pet.id for pet in client.list_by_cursor()] == ["a", "b"]
        assert [pet.id for pet in client.list_by_cursor()] == ["b"]  # the last repeats
        fake.respond("list_by_cursor", pages=[first, last])  # start over
        assert [pet.id for pet in client.list_by_cursor()] == ["a", "b"]
        # Any operation takes pages: get_pet is not a list.
        fake.respond("get_pet", pages=[{"id": "x", "name": "X"}, {"id": "y", "name": "Y"}])
        assert [client.get_pet("p").id for _ in range(3)] == ["x", "y", "y"]
        # A single body answers a list as it is, unpaged.
        fake.respond("list_by_offset", {"data": [{"id": "z", "name": "Z"}], "has_more": False})
        assert [pet.id for pet in client.list_by_offset("o")] == ["z"]
    second = fake.calls("list_by_cursor")[1]
    assert second.url.params["cursor"] == "c2"


def test_scripted_pages_that_never_end_stop_with_an_error() -> None:
    fake = testing.FakePets()
    fake.respond("list_by_cursor", pages=[{"data": [{"id": "a", "name": "A"}], "next_cursor": "c"}])
    fake.respond("list_by_offset", pages=[{"data": [{"id": "a", "name": "A"}], "has_more": True}])
    with fake.client() as client:
        with pytest.raises(pager.PaginationError, match="cursor 'c' again"):
            list(client.list_by_cursor())
        with pytest.raises(pager.PaginationError, match="same page"):
            list(client.list_by_offset("o"))


@pytest.mark.parametrize(
    ("pages", "error", "message"),
    [
        ("abc", TypeError, "a list of bodies"),
        ({"data": []}, TypeError, "a list of bodies"),
        ([], ValueError, "at least one body"),
        ([{"data": [object()]}], TypeError, r"pages\[0\] must be a JSON value"),
    ],
)
def test_respond_pages_refuses_what_is_not_a_list_of_bodies(
    pages: Any, error: type[Exception], message: str
) -> None:
    fake = testing.FakePets()
    with pytest.raises(error, match=message):
        fake.respond("list_by_cursor", pages=pages)
    with pytest.raises(TypeError, match="a body or pages="):
        fake.respond("list_by_cursor", {"data": []}, pages=[{"data": []}])


def test_ids_are_made_distinct_in_their_own_form() -> None:
    distinct = pages_module._distinct
    uuid = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
    assert distinct(uuid, 0) == uuid
    assert distinct(uuid, 11) == "3fa85f64-5717-4562-b3fc-2c963f66afb1"
    sid = "CA" + "0" * 31 + "9"  # ^CA[0-9a-fA-F]{32}$: the width and the prefix kept
    assert distinct(sid, 3) == "CA" + "0" * 30 + "0c"
    assert distinct("CA" + "f" * 8, 1) == "CB" + "0" * 8  # a carry goes on leftwards
    assert distinct("job_0099", 3) == "job_0102"
    assert distinct(41, 2) == 43
    assert distinct("Rex", 2) == "Rex-2"
    assert distinct(True, 2) is True


def test_every_answer_of_the_pager_fake_fits_the_document() -> None:
    counts = probe("pagerclients", GOLDEN / "pager")
    assert counts["operations"] == counts["parsed"] == 7
    assert counts["validated"] == 7


def test_the_fake_s_own_page_parameter_is_no_violation() -> None:
    fake = testing.FakePets()
    base = fake.base_url
    request = httpx.Request("GET", f"{base}/linked?limit=2&fake_page=2&api_key=k")
    assert fake.handle(request).status_code == 200
    with pytest.raises(shared.SpecViolation, match="'fake_page' is not declared"):
        fake.handle(httpx.Request("GET", f"{base}/cursor?fake_page=2&api_key=k"))
