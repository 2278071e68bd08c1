"""Server-sent events and newline-delimited JSON bodies, item by item."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from jobclients._runtime import ServerSentEvent
from jobclients._runtime._streams import iter_events, iter_lines


def test_events_follow_the_event_stream_format() -> None:
    text = (
        ": a comment\n"
        "data: one\n"
        "\n"
        "event: update\n"
        "id: 7\n"
        "retry: 1500\n"
        "data: first line\n"
        "data:second line\n"
        "\r\n"
        "event: empty\n"
        "\n"
        "data: [DONE]"
    )
    assert list(iter_events(text)) == [
        ServerSentEvent("one"),
        ServerSentEvent("first line\nsecond line", "update", "7", 1500),
        # The id carries over to later events, as the standard says; an event without
        # data is not dispatched; the last event needs no blank line after it.
        ServerSentEvent("[DONE]", "message", "7", None),
    ]


class Item(BaseModel):
    line: int


def test_lines_are_validated_one_at_a_time() -> None:
    items = iter_lines(b'{"line": 1}\n\n{"line": 2}\r\n{"line": "x"}\n', TypeAdapter(Item))
    assert next(items) == Item(line=1)
    assert next(items) == Item(line=2)
    with pytest.raises(ValidationError):
        next(items)
