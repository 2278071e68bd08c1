"""Load OpenAPI documents (YAML or JSON) with a source map, within limits.

YAML goes through PyYAML's C parser with the YAML 1.2 core schema's scalars: ``off``,
``yes`` and ``2020-09-17`` stay strings, as a JSON-minded OpenAPI author meant them. A
plain document is built from the parser's events (:mod:`generator.loader.yaml_events`); the
rest by PyYAML's construction from nodes, the reference for every error.
Every mapping and sequence remembers the line of each entry, so a finding can point a
person at ``file:line``. JSON goes through :mod:`json` (fast) and its lines are only
worked out when a finding needs one.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Hashable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.loader.limits import DEFAULT_LIMITS, LoadLimits, check_limits, raise_hint
from generator.loader.yaml_events import load_plain
from generator.model.findings import Finding, GenerationError, Severity, pointer_tokens

# libyaml refuses deeper nesting itself, whatever max_depth says.
_LIBYAML_DEPTH = 1000


class _Lines:
    """Side table: id(container) -> (line of the container, line of each key or index)."""

    def __init__(self) -> None:
        self.table: dict[int, tuple[int, dict[Hashable, int]]] = {}
        # Keeps recorded containers alive so their ids stay unique for the table's life.
        self.keep: list[object] = []


@dataclass
class LoadedFile:
    """One parsed file and what is needed to point into it."""

    path: Path
    display: str
    data: Any
    _lines: _Lines | None = None
    _json_nodes: yaml.Node | None = field(default=None, repr=False)
    # SHA-256 of the bytes parsed: what results cached per document are keyed by.
    digest: str = ""
    # Set for a document fetched from a URL (only where a config allows it): its address,
    # and its text, kept since there is no local file to read lines from again.
    url: str | None = None
    _text: str | None = field(default=None, repr=False)

    @property
    def origin(self) -> str:
        """Where the document came from: its URL, or its path."""
        return self.url or str(self.path)

    @property
    def lines_at_hand(self) -> bool:
        """Whether lines are known without reading the file again (YAML: yes; JSON: its
        line map is built on first use, a full parse of the file)."""
        return self._lines is not None

    def line_of(self, pointer: str) -> int | None:
        """Best line for a JSON pointer: the deepest node on its path that has one."""
        try:
            tokens = pointer_tokens(pointer)
        except ValueError:
            return None
        if self._lines is not None:
            return _line_by_ids(self.data, tokens, self._lines)
        return self._line_by_nodes(tokens)

    def _line_by_nodes(self, tokens: list[str]) -> int | None:
        if self._json_nodes is None:
            try:
                text = self._text if self._text is not None else self.path.read_text("utf-8")
                self._json_nodes = yaml.compose(text, Loader=yaml.CSafeLoader)
            except (OSError, yaml.YAMLError, UnicodeDecodeError):
                return None
        node = self._json_nodes
        line = node.start_mark.line + 1 if node is not None else None
        for token in tokens:
            child: yaml.Node | None = None
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    if isinstance(key_node, yaml.ScalarNode) and key_node.value == token:
                        child = value_node
                        line = key_node.start_mark.line + 1
                        break
            elif isinstance(node, yaml.SequenceNode) and token.isdigit():
                index = int(token)
                if index < len(node.value):
                    child = node.value[index]
                    line = child.start_mark.line + 1
            if child is None:
                break
            node = child
        return line


def _line_by_ids(data: Any, tokens: list[str], lines: _Lines) -> int | None:
    node = data
    entry = lines.table.get(id(node))
    line = entry[0] if entry else None
    for token in tokens:
        entry = lines.table.get(id(node))
        key: Hashable
        if isinstance(node, dict):
            key = token
            if key not in node:
                break
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            key = int(token)
        else:
            break
        if entry and key in entry[1]:
            line = entry[1][key]
        node = node[key]
    return line


# YAML 1.2 core schema: only true/false are booleans, no timestamps, no sexagesimal ints.
_BOOL_12 = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_DROPPED_TAGS = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"}


class _Loader(yaml.CSafeLoader):
    """C parser, Python constructor that records lines and refuses duplicate keys."""

    lines: _Lines
    duplicates: list[tuple[int, str]]


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _DROPPED_TAGS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL_12, list("tTfF"))


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> Iterator[dict[Any, Any]]:
    data: dict[Any, Any] = {}
    yield data
    key_lines: dict[Hashable, int] = {}
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=False)
        if not isinstance(key, Hashable):
            raise yaml.constructor.ConstructorError(
                None, None, "found an unhashable key", key_node.start_mark
            )
        if isinstance(key, bool | int | float) or key is None:
            # JSON has string keys only; `200:` and `true:` mean "200" and "true".
            key = json.dumps(key) if key is not None else "null"
        if key in data:
            loader.duplicates.append((key_node.start_mark.line + 1, str(key)))
        data[key] = loader.construct_object(value_node, deep=False)
        key_lines[key] = key_node.start_mark.line + 1
    loader.lines.table[id(data)] = (node.start_mark.line + 1, key_lines)
    loader.lines.keep.append(data)


def _construct_seq(loader: _Loader, node: yaml.SequenceNode) -> Iterator[list[Any]]:
    data: list[Any] = []
    yield data
    data.extend(loader.construct_object(child, deep=False) for child in node.value)
    item_lines: dict[Hashable, int] = {
        index: child.start_mark.line + 1 for index, child in enumerate(node.value)
    }
    loader.lines.table[id(data)] = (node.start_mark.line + 1, item_lines)
    loader.lines.keep.append(data)


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


def _error(display: str, line: int | None, code: str, message: str, pointer: str = "") -> Finding:
    return Finding(Severity.ERROR, code, display, line, pointer, message)


def load_file(path: Path, display: str, limits: LoadLimits = DEFAULT_LIMITS) -> LoadedFile:
    """Read and parse one document; every failure becomes a GenerationError with a place."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise GenerationError(
            [_error(display, None, "unreadable", f"cannot read the file ({exc.strerror}).")]
        ) from None
    if size > limits.max_bytes:
        # Not a byte of it is read, so the finding can only point at the file's start.
        message = (
            f"the file is {size} bytes, over the limit of {limits.max_bytes} bytes; "
            + raise_hint("max_bytes")
        )
        raise GenerationError([_error(display, 1, "too-large", message)])
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise GenerationError(
            [_error(display, None, "unreadable", f"cannot read the file ({exc}).")]
        ) from None
    return load_bytes(raw, path, display, limits)


def load_bytes(
    raw: bytes, path: Path, display: str, limits: LoadLimits, *, url: str | None = None
) -> LoadedFile:
    """Parse a document already read (from a file, or from a URL a config allows)."""
    if len(raw) > limits.max_bytes:
        message = f"the document is over the limit of {limits.max_bytes} bytes; " + raise_hint(
            "max_bytes"
        )
        raise GenerationError([_error(display, 1, "too-large", message)])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GenerationError(
            [_error(display, None, "unreadable", f"cannot read the file as UTF-8 ({exc}).")]
        ) from None
    loaded = _parse_json(path, display, text) if _looks_like_json(path, text) else None
    if loaded is None:
        loaded = _parse_yaml(path, display, text)
    if url is not None:
        loaded.url = url
        loaded._text = text
    check_limits(loaded.data, loaded.display, loaded.line_of, limits)
    loaded.digest = hashlib.sha256(raw).hexdigest()
    return loaded


def _looks_like_json(path: Path, text: str) -> bool:
    return path.suffix.lower() == ".json" or text.lstrip()[:1] == "{"


def _parse_json(path: Path, display: str, text: str) -> LoadedFile | None:
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in items:
            if key in result:
                duplicates.append(key)
            result[key] = value
        return result

    try:
        data = json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError:
        if path.suffix.lower() == ".json":
            # Let the YAML parser report it: it names line and column just as well,
            # and JSON is a YAML subset so a stray trailing comma is the only difference.
            return None
        return None
    except RecursionError:
        # Too deep for json's recursive decoder: the YAML parser reads JSON too, and
        # names the line where the nesting passes its limit (or ours, after it).
        return None
    loaded = LoadedFile(path, display, data)
    if duplicates:
        findings = [
            _error(
                display,
                loaded.line_of(""),
                "duplicate-key",
                f"the key {json.dumps(name)} appears twice in one object; keep one.",
            )
            for name in sorted(set(duplicates))
        ]
        raise GenerationError(findings)
    return loaded


def _parse_yaml(path: Path, display: str, text: str) -> LoadedFile:
    # Plain documents (nearly all) are built from the parser's events in one pass; the
    # node-based construction below reads the rest, and reports every error.
    quick = _Loader(text)
    lines = _Lines()
    try:
        plain, data = load_plain(quick, lines.table, lines.keep)
    finally:
        quick.dispose()
    if plain:
        return LoadedFile(path, display, data, _lines=lines)
    return _parse_yaml_nodes(path, display, text)


def _parse_yaml_nodes(path: Path, display: str, text: str) -> LoadedFile:
    """PyYAML's own construction from composed nodes: the reference for every document."""
    loader = _Loader(text)
    loader.lines = _Lines()
    loader.duplicates = []
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "it is not valid YAML"
        if "nesting depth" in problem:
            message = (
                f"the document nests deeper than the YAML parser's limit of {_LIBYAML_DEPTH} "
                "levels here; no OpenAPI document needs that, so it is refused."
            )
            raise GenerationError([_error(display, line, "too-deep", message)]) from None
        raise GenerationError(
            [
                _error(
                    display,
                    line,
                    "parse",
                    f"cannot parse: {problem}; fix the syntax at this line.",
                )
            ]
        ) from None
    except yaml.YAMLError as exc:
        raise GenerationError([_error(display, None, "parse", f"cannot parse: {exc}.")]) from None
    except RecursionError:
        raise GenerationError(
            [_error(display, None, "too-deep", "the document nests too deeply to read.")]
        ) from None
    finally:
        loader.dispose()
    if loader.duplicates:
        raise GenerationError(
            _error(
                display,
                line,
                "duplicate-key",
                f"the key {json.dumps(name)} appears twice in one mapping; keep one.",
            )
            for line, name in loader.duplicates
        )
    return LoadedFile(path, display, data, _lines=loader.lines)
