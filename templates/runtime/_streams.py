"""Bodies that are sequences: server-sent events and newline-delimited JSON.

The body is read whole first (under ``max_response_bytes``, like every body) and then
handed out one item at a time; items are parsed as they are taken, so a bad line fails
where it stands and not before the good ones.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from pydantic import TypeAdapter

T = TypeVar("T")


@dataclass(frozen=True)
class ServerSentEvent:
    """One event of a ``text/event-stream`` body, as the HTML standard defines its fields."""

    data: str
    event: str = "message"
    id: str | None = None
    retry: int | None = None


def iter_events(text: str) -> Iterator[ServerSentEvent]:
    """The events of an event stream; comments and events without data are skipped."""
    data: list[str] = []
    event, last_id, retry = "message", None, None
    for line in [*text.splitlines(), ""]:
        if not line:
            if data:
                yield ServerSentEvent("\n".join(data), event, last_id, retry)
            data, event, retry = [], "message", None
            continue
        if line.startswith(":"):
            continue
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "data":
            data.append(value)
        elif name == "event":
            event = value or "message"
        elif name == "id" and "\0" not in value:
            last_id = value
        elif name == "retry" and value.isdigit():
            retry = int(value)


def iter_lines(content: bytes, adapter: TypeAdapter[T] | None) -> Iterator[T | Any]:
    """Each non-blank line of a newline-delimited JSON body, validated as one item (or,
    with no declared item type, read as plain JSON)."""
    for line in content.splitlines():
        if line.strip():
            yield json.loads(line) if adapter is None else adapter.validate_json(line)
