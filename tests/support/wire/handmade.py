"""A request rebuilt by hand from the document: the witness against a refused call.

Written from the OpenAPI specification's serialisation rules alone (parameter ``style``
and ``explode``, the body's media type and ``encoding``, the security schemes), without
the generated runtime: when Prism refuses what the client sent but accepts this, the
client is at fault.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import httpx

from tests.support.wire.spec import Body, Param, Spec, SpecOperation

TOKEN = "test-token"
USER_PASSWORD = "user:password"


class Unserialisable(Exception):
    """The document asks for a serialisation this witness does not write."""


def text(value: Any) -> str:
    """A scalar as the wire spells it: JSON's booleans and numbers, null as nothing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    if isinstance(value, str):
        return value
    raise Unserialisable(f"not a scalar: {type(value).__name__}")


def _enc(value: str) -> str:
    return quote(value, safe="")


def _pairs(value: Mapping[str, Any]) -> list[tuple[str, str]]:
    return [(str(k), text(v)) for k, v in value.items()]


def path_value(param: Param, value: Any) -> str:
    """One path parameter, encoded, per its style (simple, label, matrix)."""
    style, explode, name = param.style, param.explode, param.name
    prefix = {"label": ".", "matrix": ";"}.get(style, "")
    if isinstance(value, list):
        items = [_enc(text(v)) for v in value]
        if style == "matrix":
            joiner = ";" if explode else ","
            if explode:
                return "".join(f";{_enc(name)}={item}" for item in items)
            return f";{_enc(name)}=" + joiner.join(items)
        return prefix + ("." if style == "label" and explode else ",").join(items)
    if isinstance(value, dict):
        pairs = [(_enc(k), _enc(v)) for k, v in _pairs(value)]
        if explode:
            sep = {"label": ".", "matrix": ";"}.get(style, ",")
            return prefix + sep.join(f"{k}={v}" for k, v in pairs)
        flat = ",".join(part for pair in pairs for part in pair)
        return f";{_enc(name)}={flat}" if style == "matrix" else prefix + flat
    if style == "matrix":
        return f";{_enc(name)}={_enc(text(value))}"
    return prefix + _enc(text(value))


_DELIMITERS = {"form": ",", "spaceDelimited": "%20", "pipeDelimited": "%7C"}


def query_pairs(param: Param, value: Any) -> list[str]:
    """One query parameter as encoded ``name=value`` items, per its style and explode."""
    name = _enc(param.name)
    if param.media is not None:
        return [f"{name}={_enc(json.dumps(value))}"]
    if param.style == "deepObject":
        if not isinstance(value, dict):
            raise Unserialisable("deepObject style takes an object")
        return _deep(param.name, value)
    delimiter = _DELIMITERS.get(param.style, ",")
    if isinstance(value, list):
        items = [_enc(text(v)) for v in value]
        if param.explode:
            return [f"{name}={item}" for item in items]
        return [f"{name}={delimiter.join(items)}"]
    if isinstance(value, dict):
        pairs = [(_enc(k), _enc(v)) for k, v in _pairs(value)]
        if param.explode:
            return [f"{k}={v}" for k, v in pairs]
        return [f"{name}={delimiter.join(part for pair in pairs for part in pair)}"]
    return [f"{name}={_enc(text(value))}"]


def _deep(prefix: str, value: dict[str, Any]) -> list[str]:
    items: list[str] = []
    for key, item in value.items():
        name = f"{prefix}[{key}]"
        if isinstance(item, dict):
            items.extend(_deep(name, item))
        elif isinstance(item, list):
            items.extend(f"{_enc(name)}={_enc(text(v))}" for v in item)
        else:
            items.append(f"{_enc(name)}={_enc(text(item))}")
    return items


def header_value(param: Param, value: Any) -> str:
    """A header (or cookie) parameter's value, simple style."""
    if param.media is not None:
        return json.dumps(value)
    if isinstance(value, list):
        return ",".join(text(v) for v in value)
    if isinstance(value, dict):
        if param.explode:
            return ",".join(f"{k}={v}" for k, v in _pairs(value))
        return ",".join(part for pair in _pairs(value) for part in pair)
    return text(value)


def is_json_media(media: str) -> bool:
    base = media.split(";")[0].strip().lower()
    return base == "application/json" or base.endswith("+json") or base == "*/*"


def body_content(
    spec: Spec, body: Body, media: str, value: Any
) -> tuple[dict[str, Any], str | None]:
    """httpx keywords for the body, and the Content-Type to send (None: httpx's)."""
    base = media.split(";")[0].strip().lower()
    if is_json_media(media):
        kind = "application/json" if base == "*/*" else media
        return {"content": json.dumps(value).encode()}, kind
    if base == "application/x-www-form-urlencoded":
        if not isinstance(value, dict):
            raise Unserialisable("a form body must be an object")
        encoding = _encoding(body, media)
        items: list[str] = []
        for key, item in value.items():
            if item is None:
                continue
            if _part_type(encoding, key) is not None or isinstance(item, dict):
                if isinstance(item, dict) and _part_type(encoding, key) is None:
                    items.extend(_deep(str(key), item))
                    continue
                items.append(f"{_enc(str(key))}={_enc(json.dumps(item))}")
            elif isinstance(item, list):
                items.extend(f"{_enc(str(key))}={_enc(text(v))}" for v in item)
            else:
                items.append(f"{_enc(str(key))}={_enc(text(item))}")
        return {"content": "&".join(items).encode()}, media
    if base.startswith("multipart/"):
        if not isinstance(value, dict):
            raise Unserialisable("a multipart body must be an object")
        return {"files": _multipart(spec, body, media, value)}, None
    if base.startswith("text/"):
        if isinstance(value, dict | list):
            raise Unserialisable(f"a {media} body of structured data")
        return {"content": text(value).encode()}, media
    if isinstance(value, str):
        return {"content": value.encode()}, media
    raise Unserialisable(f"no serialisation for a {media} body")


def _encoding(body: Body, media: str) -> dict[str, Any]:
    entry = body.content[media].value
    encoding = entry.get("encoding") if isinstance(entry, dict) else None
    return encoding if isinstance(encoding, dict) else {}


def _part_type(encoding: dict[str, Any], key: str) -> str | None:
    found = encoding.get(key)
    kind = found.get("contentType") if isinstance(found, dict) else None
    return kind if isinstance(kind, str) else None


def _binary_fields(spec: Spec, body: Body, media: str) -> set[str]:
    """Properties written as files: ``format: binary`` (or ``byte``), or a content
    media type (3.1), directly or as the items of an array."""
    schema = spec.child(body.content[media], "schema")
    found: set[str] = set()
    if schema is None:
        return found
    for holder in _object_parts(spec, schema):
        properties = holder.value.get("properties")
        if not isinstance(properties, dict):
            continue
        for name in properties:
            prop = spec.child(holder, "properties", name)
            if prop is None or not isinstance(prop.value, dict):
                continue
            items = spec.child(prop, "items") if prop.value.get("type") == "array" else None
            target = items if items is not None and isinstance(items.value, dict) else prop
            value = target.value
            if value.get("format") in ("binary", "byte") or "contentMediaType" in value:
                found.add(str(name))
    return found


def _object_parts(spec: Spec, schema: Any) -> list[Any]:
    """The schema and its allOf members (recursively): where properties are declared."""
    found = [schema]
    members = schema.value.get("allOf") if isinstance(schema.value, dict) else None
    if isinstance(members, list):
        for index in range(len(members)):
            member = spec.child(schema, "allOf", index)
            if member is not None and isinstance(member.value, dict):
                found.extend(_object_parts(spec, member))
    return found


def _multipart(
    spec: Spec, body: Body, media: str, value: dict[str, Any]
) -> list[tuple[str, tuple[str | None, bytes, str | None]]]:
    encoding = _encoding(body, media)
    binary = _binary_fields(spec, body, media)
    parts: list[tuple[str, tuple[str | None, bytes, str | None]]] = []
    for key, item in value.items():
        if item is None:
            continue
        declared = _part_type(encoding, key)
        items = item if isinstance(item, list) and key in binary else [item]
        for one in items:
            if key in binary:
                data = one.encode() if isinstance(one, str) else b""
                kind = declared or "application/octet-stream"
                parts.append((key, (f"{key}.bin", data, kind)))
            elif isinstance(one, dict) or (declared is not None and "json" in declared):
                parts.append(
                    (key, (None, json.dumps(one).encode(), declared or "application/json"))
                )
            elif isinstance(one, list):
                parts.extend((key, (None, text(v).encode(), declared)) for v in one)
            else:
                parts.append((key, (None, text(one).encode(), declared)))
    return parts


def accept(spec: Spec, op: SpecOperation) -> str | None:
    """The media types of the success Prism answers with (its lowest 2xx), in the
    document's order; None when that answer has no content."""
    codes = sorted(k for k in op.responses if k.isdigit() and k.startswith("2"))
    key = codes[0] if codes else next((k for k in op.responses if k.upper() == "2XX"), None)
    if key is None:
        return None
    content = op.responses[key].value.get("content")
    if not isinstance(content, dict) or not content:
        return None
    return ", ".join(str(media) for media in content)


@dataclass
class Credentials:
    requirement: list[str] = field(default_factory=list)  # the scheme names it meets
    headers: dict[str, str] = field(default_factory=dict)
    query: list[str] = field(default_factory=list)
    cookies: dict[str, str] = field(default_factory=dict)


def credentials(spec: Spec, op: SpecOperation) -> Credentials:
    """What meets the first requirement the witness can meet: every scheme it names."""
    for requirement in op.security:
        found = Credentials(requirement=list(requirement))
        for name in requirement:
            scheme = spec.schemes.get(name)
            if scheme is None:
                break
            kind = scheme.get("type")
            if kind == "apiKey":
                where, key = scheme.get("in"), str(scheme.get("name", ""))
                if where == "header":
                    found.headers[key] = TOKEN
                elif where == "query":
                    found.query.append(f"{_enc(key)}={TOKEN}")
                elif where == "cookie":
                    found.cookies[key] = TOKEN
                else:
                    break
            elif kind == "http" and str(scheme.get("scheme", "")).lower() == "basic":
                basic = base64.b64encode(USER_PASSWORD.encode()).decode()
                found.headers["Authorization"] = f"Basic {basic}"
            elif kind in ("http", "oauth2", "openIdConnect"):
                found.headers["Authorization"] = f"Bearer {TOKEN}"
            else:
                break
        else:
            return found
    return Credentials()


@dataclass
class Witness:
    request: httpx.Request
    requirement: list[str]  # the security schemes it sends


def build(
    spec: Spec,
    op: SpecOperation,
    base_url: str,
    params: Mapping[tuple[str, str], Any],
    body: tuple[str, Any] | None,
) -> Witness:
    """The request the document describes for these values (``body``: media type and
    value, or None for no body)."""
    by_key = {p.key: p for p in op.params}
    path = op.path
    query: list[str] = []
    headers: dict[str, str] = {}
    cookies: dict[str, str] = {}
    for key, value in params.items():
        param = by_key[key]
        if param.location == "path":
            path = path.replace("{" + param.name + "}", path_value(param, value))
        elif param.location == "query":
            query.extend(query_pairs(param, value))
        elif param.location == "header":
            headers[param.name] = header_value(param, value)
        else:
            cookies[param.name] = header_value(param, value)
    auth = credentials(spec, op)
    headers.update(auth.headers)
    query.extend(auth.query)
    cookies.update(auth.cookies)
    wanted = accept(spec, op)
    if wanted is not None:
        headers["Accept"] = wanted
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    keywords: dict[str, Any] = {}
    if body is not None and op.body is not None:
        media, value = body
        keywords, content_type = body_content(spec, op.body, media, value)
        if content_type is not None:
            headers["Content-Type"] = content_type
    url = base_url + path + ("?" + "&".join(query) if query else "")
    return Witness(httpx.Request(op.method, url, headers=headers, **keywords), auth.requirement)
