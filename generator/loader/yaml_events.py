"""Plain YAML built straight from libyaml's events, with the source map, in one pass.

PyYAML's loader composes a node (with two marks) for every value of the document before
it builds a single Python object: for openai.yaml that is about 50 MB of nodes alive at
once for a 22 MB result, and half of the load time. A plain OpenAPI document (no tags,
no anchors or aliases, no merge keys, no duplicate keys, one document) is built here
from the parser's events instead, keeping nothing but the result and its lines.

Anything else, and any error, answers None: the node-based loader then reads the
document as it always has, so every unusual document, every error and every message
comes from that one reference path (tests hold the two to the same results).
"""

from __future__ import annotations

import json
from collections.abc import Hashable
from typing import Any, Protocol

import yaml
from yaml.events import (
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)

_STR = "tag:yaml.org,2002:str"


class _Unusual(Exception):
    """Something the node-based loader should read: not an error of this path."""


class EventLoader(Protocol):
    """What is used of the loader: its C parser's events, its resolver, constructors."""

    @property
    def yaml_implicit_resolvers(self) -> dict[Any, list[tuple[str, Any]]]: ...

    @property
    def yaml_path_resolvers(self) -> dict[Any, Any]: ...

    @property
    def yaml_constructors(self) -> dict[Any, Any]: ...

    def get_event(self) -> Any: ...

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str: ...


class _Open:
    """A mapping or sequence being filled, with the lines of its entries."""

    __slots__ = ("data", "entry_lines", "key", "key_line", "line")

    def __init__(self, data: dict[Any, Any] | list[Any], line: int) -> None:
        self.data = data
        self.line = line
        self.entry_lines: dict[Hashable, int] = {}
        self.key: Hashable = _NO_KEY
        self.key_line = 0


_NO_KEY: Hashable = object()


def load_plain(
    loader: EventLoader, table: dict[int, tuple[int, dict[Hashable, int]]], keep: list[object]
) -> tuple[bool, Any]:
    """(True, data) for a plain document, its lines recorded in ``table`` (``keep``
    holds the containers alive); (False, None) when the node-based loader must read it."""
    if loader.yaml_path_resolvers:
        return False, None  # resolution would depend on the path: not handled here
    try:
        return True, _build(loader, table, keep)
    except Exception:  # any doubt goes to the reference loader
        return False, None


def _build(
    loader: EventLoader, table: dict[int, tuple[int, dict[Hashable, int]]], keep: list[object]
) -> Any:
    get = loader.get_event
    resolvers = loader.yaml_implicit_resolvers
    if None in resolvers:
        raise _Unusual  # a resolver for every first character: resolve() decides
    constructors = loader.yaml_constructors
    if not isinstance(get(), StreamStartEvent):
        raise _Unusual
    event = get()
    if isinstance(event, StreamEndEvent):
        return None  # an empty document, as PyYAML reads it
    if not isinstance(event, DocumentStartEvent):
        raise _Unusual
    stack: list[_Open] = []
    result: Any = None

    def scalar(event: ScalarEvent) -> Any:
        tag = event.tag
        value = event.value
        if tag is not None and tag != "!":
            raise _Unusual
        if not event.implicit[0] or (value and value[0] not in resolvers):
            return value  # as Resolver.resolve decides: a string
        tag = loader.resolve(yaml.ScalarNode, value, event.implicit)
        if tag == _STR:
            return value
        construct = constructors.get(tag)
        if construct is None or tag.endswith((":merge", ":value")):
            raise _Unusual
        # int, float, bool and null read only the text: no marks are needed.
        return construct(loader, yaml.ScalarNode(tag, value))

    def attach(value: Any, line: int) -> None:
        nonlocal result
        if not stack:
            result = value
            return
        top = stack[-1]
        data = top.data
        if isinstance(data, list):
            top.entry_lines[len(data)] = line
            data.append(value)
            return
        if top.key is _NO_KEY:
            if isinstance(value, dict | list):
                raise _Unusual  # an unhashable key: the reference loader reports it
            if isinstance(value, bool | int | float) or value is None:
                # JSON has string keys only; `200:` and `true:` mean "200" and "true".
                value = json.dumps(value) if value is not None else "null"
            if value in data:
                raise _Unusual  # a duplicate key: the reference loader reports them all
            top.key = value
            top.key_line = line
            return
        data[top.key] = value
        top.entry_lines[top.key] = top.key_line
        top.key = _NO_KEY

    while True:
        event = get()
        if isinstance(event, ScalarEvent):
            if event.anchor is not None:
                raise _Unusual
            attach(scalar(event), _line(event))
        elif isinstance(event, MappingStartEvent | SequenceStartEvent):
            if event.anchor is not None or (event.tag is not None and event.tag != "!"):
                raise _Unusual
            container: dict[Any, Any] | list[Any] = (
                {} if isinstance(event, MappingStartEvent) else []
            )
            line = _line(event)
            attach(container, line)
            stack.append(_Open(container, line))
        elif isinstance(event, MappingEndEvent | SequenceEndEvent):
            done = stack.pop()
            table[id(done.data)] = (done.line, done.entry_lines)
            keep.append(done.data)
        elif isinstance(event, DocumentEndEvent):
            break
        else:  # an alias, or anything this path does not know
            raise _Unusual
    if not isinstance(get(), StreamEndEvent):
        raise _Unusual  # a second document: the reference loader refuses it
    return result


def _line(event: Any) -> int:
    mark = event.start_mark
    if mark is None:
        raise _Unusual
    return int(mark.line) + 1
