"""Wire encoding of path, query and form values, including properties over any text."""

from __future__ import annotations

import datetime
import enum
import uuid
from urllib.parse import unquote

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobclients._runtime._encoding import (
    QueryStyle,
    form_bytes,
    path_segment,
    query_items,
    render_path,
    to_text,
)


class Colour(enum.Enum):
    RED = "red"


@given(st.text())
def test_any_path_value_is_exactly_one_segment(value: str) -> None:
    segment = path_segment(value)
    assert "/" not in segment and "?" not in segment and "#" not in segment
    assert segment not in (".", "..")
    assert unquote(segment) == value
    # httpx keeps it as it is: no dot-segment removal, no re-encoding.
    url = httpx.URL("https://api.test/v1/jobs/" + segment + "/log")
    assert url.raw_path == b"/v1/jobs/" + segment.encode("ascii") + b"/log"


def test_render_path() -> None:
    assert render_path("/a/{x}/b/{y}/", {"x": 1, "y": True}) == "/a/1/b/true/"
    with pytest.raises(ValueError, match="'y' is missing"):
        render_path("/a/{y}", {})
    with pytest.raises(ValueError, match="'y' is missing"):
        render_path("/a/{y}", {"y": None})


def test_to_text() -> None:
    assert to_text(True) == "true"
    assert to_text(Colour.RED) == "red"
    assert to_text(datetime.date(2024, 1, 2)) == "2024-01-02"
    moment = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    assert to_text(moment) == "2024-01-02T03:04:05+00:00"
    assert to_text(uuid.UUID(int=1)) == "00000000-0000-0000-0000-000000000001"
    assert to_text(1.5) == "1.5"


def test_query_items_form_style() -> None:
    query = {
        "ids": [1, None, 2],
        "csv": ["a", "b"],
        "empty": [],
        "none": None,
        "obj": {"x": 1, "y": None},
        "packed": {"x": 1, "z": False},
        "text": "a,b",
    }
    styles: dict[str, tuple[QueryStyle, bool]] = {"csv": ("form", False), "packed": ("form", False)}
    assert query_items(query, styles) == [
        ("ids", "1"),
        ("ids", "2"),
        ("csv", "a,b"),
        ("x", "1"),
        ("packed", "x,1,z,false"),
        ("text", "a,b"),
    ]


def test_query_items_delimited_and_deep_object_styles() -> None:
    query = {
        "spaced": ["a", "b c"],
        "piped": [1, 2, 3],
        "piped_exploded": [1, 2],
        "meta": {"k1": "v1", "k2": None, "k3": True},
        "deep_scalar": 5,
    }
    styles: dict[str, tuple[QueryStyle, bool]] = {
        "spaced": ("spaceDelimited", False),
        "piped": ("pipeDelimited", False),
        # Exploded, the delimited styles repeat the key as form does (the spec's table).
        "piped_exploded": ("pipeDelimited", True),
        "meta": ("deepObject", True),
        "deep_scalar": ("deepObject", True),
    }
    assert query_items(query, styles) == [
        ("spaced", "a b c"),
        ("piped", "1|2|3"),
        ("piped_exploded", "1"),
        ("piped_exploded", "2"),
        ("meta[k1]", "v1"),
        ("meta[k3]", "true"),
        ("deep_scalar", "5"),
    ]
    # On the wire, as httpx encodes them.
    url = httpx.Request("GET", "https://api.test/", params=tuple(query_items(query, styles))).url
    assert url.query == (
        b"spaced=a+b+c&piped=1%7C2%7C3&piped_exploded=1&piped_exploded=2"
        b"&meta%5Bk1%5D=v1&meta%5Bk3%5D=true&deep_scalar=5"
    )


@given(st.lists(st.text(), max_size=5))
def test_an_exploded_list_round_trips_through_httpx(values: list[str]) -> None:
    params = httpx.QueryParams(tuple(query_items({"v": values})))
    request = httpx.Request("GET", "https://api.test/", params=params)
    assert request.url.params.get_list("v") == values


def test_form_bytes() -> None:
    assert form_bytes({"a": "x y", "b": [1, 2], "c": None}) == b"a=x+y&b=1&b=2"
    with pytest.raises(TypeError):
        form_bytes([1, 2])
