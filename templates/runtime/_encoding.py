"""Values onto the wire: path segments, query strings, header values and request bodies."""

from __future__ import annotations

import datetime
import enum
import json
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import quote, urlencode

if TYPE_CHECKING:
    from pydantic import TypeAdapter

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def to_text(value: object) -> str:
    """One scalar as text: JSON's spelling for booleans, ISO 8601 for dates, an enum's
    value rather than its name."""
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def path_segment(value: object) -> str:
    """A path parameter as exactly one segment.

    Everything outside the unreserved set is percent-encoded (``safe=""``), so ``/``,
    ``?`` and ``#`` cannot end the segment; ``.`` and ``..`` alone are encoded too, as
    ``%2E`` and ``%2E%2E``, since clients and proxies resolve them as dot-segments.
    """
    encoded = quote(to_text(value), safe="")
    if encoded in (".", ".."):
        return "%2E" * len(encoded)
    return encoded


def render_path(template: str, params: Mapping[str, object]) -> str:
    """The template with each ``{name}`` replaced by its encoded value."""

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in params or params[name] is None:
            raise ValueError(f"path parameter {name!r} is missing")
        segment = path_segment(params[name])
        if not segment:
            # "/jobs/" would ask another resource than "/jobs/{id}" (often the list).
            raise ValueError(f"path parameter {name!r} must not be empty")
        return segment

    return _PLACEHOLDER.sub(fill, template)


QueryStyle = Literal["form", "spaceDelimited", "pipeDelimited", "deepObject"]
# The separator of a non-exploded array or object, by style (OpenAPI 3, "Style Values").
_DELIMITERS: Mapping[str, str] = {
    "form": ",",
    "spaceDelimited": " ",
    "pipeDelimited": "|",
}


def query_items(
    query: Mapping[str, object],
    styles: Mapping[str, tuple[QueryStyle, bool]] | None = None,
) -> list[tuple[str, str]]:
    """Query pairs, each parameter in its ``(style, explode)`` (default: form, exploded).

    None is left out. An array repeats its key when exploded and is joined by the style's
    delimiter when not (``a,b``, ``a b``, ``a|b``); an object's keys become parameters
    when exploded, ``k1,v1,k2,v2`` when not, and ``name[k1]=v1`` in deepObject style.
    """
    items: list[tuple[str, str]] = []
    for name, value in query.items():
        style, exploded = styles.get(name, ("form", True)) if styles else ("form", True)
        delimiter = _DELIMITERS.get(style, ",")
        if value is None:
            continue
        value = _plain(value)
        if isinstance(value, Mapping):
            pairs = [(str(k), to_text(v)) for k, v in value.items() if v is not None]
            if style == "deepObject":
                items.extend((f"{name}[{key}]", text) for key, text in pairs)
            elif exploded:
                items.extend(pairs)
            elif pairs:
                items.append(
                    (name, delimiter.join(part for pair in pairs for part in pair))
                )
        elif isinstance(value, Sequence) and not isinstance(
            value, str | bytes | bytearray
        ):
            texts = [to_text(v) for v in value if v is not None]
            if exploded:
                items.extend((name, text) for text in texts)
            elif texts:
                items.append((name, delimiter.join(texts)))
        else:
            items.append((name, to_text(value)))
    return items


def _plain(value: object) -> object:
    """A model as the mapping of its fields (by alias, unset ones left out), so that it
    is written as the object it stands for, never as its repr; anything else as is."""
    if hasattr(value, "model_dump") and hasattr(type(value), "model_fields"):
        return to_jsonable(value)
    return value


def header_text(value: object) -> str:
    """A header (or cookie) value in ``simple`` style, not exploded (OpenAPI's default
    for headers): an array as ``a,b``, an object as ``k1,v1,k2,v2``, a scalar as text."""
    value = _plain(value)
    if isinstance(value, Mapping):
        return ",".join(
            part
            for key, item in value.items()
            if item is not None
            for part in (str(key), to_text(item))
        )
    if isinstance(value, Sequence) and not isinstance(value, str | bytes | bytearray):
        return ",".join(to_text(item) for item in value if item is not None)
    return to_text(value)


# Building an adapter costs a schema build, and bodies of one type repeat. (Not
# functools.cache: a body's type need not be hashable in mypy's eyes.)
_adapters: dict[type[Any], TypeAdapter[Any]] = {}


def _adapter(tp: type[Any]) -> TypeAdapter[Any]:
    adapter = _adapters.get(tp)
    if adapter is None:
        from pydantic import TypeAdapter

        adapter = _adapters[tp] = TypeAdapter(tp)
    return adapter


# pydantic is imported where a body is encoded, not with the module: a client that
# sends no body never pays for it at import time.


def to_jsonable(value: object) -> Any:
    """A body as plain JSON data: models by alias and without fields never set."""
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    return _adapter(type(value)).dump_python(
        value, mode="json", by_alias=True, exclude_unset=True
    )


def json_bytes(value: object) -> bytes:
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        return value.model_dump_json(by_alias=True, exclude_unset=True).encode()
    return _adapter(type(value)).dump_json(value, by_alias=True, exclude_unset=True)


def form_bytes(body: object) -> bytes:
    """An ``application/x-www-form-urlencoded`` body (fields as query values are)."""
    data = to_jsonable(body)
    if not isinstance(data, Mapping):
        raise TypeError(f"a form body must be an object, not {type(body).__name__}")
    return urlencode(query_items(data)).encode("ascii")


def multipart_files(body: object) -> list[tuple[str, Any]]:
    """A ``multipart/form-data`` body as httpx ``files`` entries.

    Bytes, file objects and ``(filename, content[, content_type])`` tuples are files; any
    other value is a text field, sent as ``(None, text)`` so that a body with no file is
    still multipart (httpx would otherwise send ``data=`` url-encoded).
    """
    from pydantic import BaseModel

    if isinstance(body, BaseModel):
        # Python mode keeps bytes as bytes: they are the files.
        body = body.model_dump(by_alias=True, exclude_unset=True)
    if not isinstance(body, Mapping):
        raise TypeError(
            f"a multipart body must be an object, not {type(body).__name__}"
        )
    parts: list[tuple[str, Any]] = []
    for name, value in body.items():
        if isinstance(value, bytes | bytearray | tuple) or hasattr(value, "read"):
            parts.append((str(name), value))
        elif value is not None:
            parts.extend(_field_parts(str(name), to_jsonable(value)))
    return parts


def _field_parts(name: str, data: object) -> list[tuple[str, Any]]:
    """One field of a multipart body as its parts (OpenAPI's default encoding): a
    primitive is one text part, an array of primitives one part per item, and an
    object (or an array holding one) one ``application/json`` part."""
    if isinstance(data, Mapping) or (
        isinstance(data, list) and any(isinstance(i, Mapping | list) for i in data)
    ):
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
        return [(name, (None, text.encode(), "application/json"))]
    if isinstance(data, list):
        return [(name, (None, to_text(item))) for item in data if item is not None]
    return [(name, (None, to_text(data)))]
