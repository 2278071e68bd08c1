"""Sample JSON values for a schema: what a generated fake answers with.

A sample is the spec's own example when it has one that fits its schema, else a value
built from the schema (formats respected: uuid, date-time, date, duration...). Part of
the build stage: it reads the document, and hands the model plain JSON values.
"""

from __future__ import annotations

import importlib.util
import math
import re
import uuid
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any, cast

from generator.loader.document import RefError, SpecDocument
from generator.model.findings import pointer_join
from generator.model.source import Located

# Deep or self-referring schemas stop here: an optional part is left out, a required
# one gets the simplest value of its type.
_MAX_DEPTH = 8
# Whole samples stay small: at most this many values are built for one body.
_MAX_VALUES = 400

SAMPLE_UUID = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
_BY_FORMAT: dict[str, str] = {
    "uuid": SAMPLE_UUID,
    "date-time": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
    "time": "00:00:00Z",
    "duration": "PT1M",
    "email": "user@example.com",
    "idn-email": "user@example.com",
    "uri": "https://example.com/",
    "url": "https://example.com/",
    "iri": "https://example.com/",
    "uri-reference": "https://example.com/",
    "hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "byte": "",
    "binary": "",
    "password": "password",
}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATE_TIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$"
)


# The fakes' own pattern writer (templates/testing/_pattern.py): samples written here and
# ids made by a fake at run time come from the same code.
_PATTERN_SOURCE = Path(__file__).resolve().parents[2] / "templates" / "testing" / "_pattern.py"


@cache
def _pattern_writer() -> Callable[[str, int], str | None]:
    spec = importlib.util.spec_from_file_location("generator._fake_pattern", _PATTERN_SOURCE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return cast(Callable[[str, int], str | None], module.matching)


def matching(pattern: str) -> str | None:
    """A string the pattern accepts; None when it is beyond the writer."""
    return _pattern_writer()(pattern, 0)


def is_json(value: Any, *, depth: int = 0) -> bool:
    """Plain JSON that ``json.dumps`` writes as valid JSON (no NaN, string keys only)."""
    if depth > 64:
        return False
    if value is None or isinstance(value, bool | int | str):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(is_json(v, depth=depth + 1) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and is_json(v, depth=depth + 1) for k, v in value.items())
    return False


class Sampler:
    """Builds and checks sample values against the schemas of one document."""

    def __init__(self, doc: SpecDocument) -> None:
        self.doc = doc

    # ------------------------------------------------------------ examples

    def media_example(self, media: Located, schema: Located | None) -> tuple[bool, Any]:
        """The media type's own example (``example``, else the first ``examples`` value)
        that fits ``schema``; (False, None) when there is none."""
        value = media.value
        if not isinstance(value, dict):
            return False, None
        candidates: list[Any] = []
        if "example" in value:
            candidates.append(value["example"])
        examples = value.get("examples")
        if isinstance(examples, dict):
            for index, entry in enumerate(examples.values()):
                where = Located(media.file, pointer_join(media.pointer, "examples", index), entry)
                try:
                    entry = self.doc.deref(where).value
                except RefError:
                    continue
                if isinstance(entry, dict) and "value" in entry:
                    candidates.append(entry["value"])
        for candidate in candidates:
            if is_json(candidate) and (schema is None or self.conforms(candidate, schema)):
                return True, candidate
        return False, None

    # ------------------------------------------------------------ building

    def build(self, schema: Located) -> Any:
        """A value of the schema (None when it allows nothing better)."""
        return _Build(self, [_MAX_VALUES]).value(schema, (), lean=False)

    def resolve(self, node: Located) -> Located | None:
        try:
            return self.doc.deref(node)
        except RefError:
            return None

    def parts(self, node: Located, combinator: str) -> Iterator[Located]:
        for index, part in enumerate(node.value[combinator]):
            yield Located(node.file, pointer_join(node.pointer, combinator, index), part)

    # ------------------------------------------------------------ checking

    def conforms(self, value: Any, schema: Located, depth: int = 0) -> bool:
        """Whether ``value`` fits the schema, for the keywords a sample can break: types,
        enums, required properties, the common formats. Unknown keywords pass."""
        if depth > _MAX_DEPTH * 4:
            return True
        node = self.resolve(schema)
        if node is None or not isinstance(node.value, dict):
            return True
        spec: dict[str, Any] = node.value
        if value is None and _allows_null(spec):
            return True
        if "const" in spec and value != spec["const"]:
            return False
        enum = spec.get("enum")
        if isinstance(enum, list) and value not in enum:
            return False
        if isinstance(spec.get("allOf"), list) and not all(
            self.conforms(value, part, depth + 1) for part in self.parts(node, "allOf")
        ):
            return False
        for combinator in ("oneOf", "anyOf"):
            if isinstance(spec.get(combinator), list) and not any(
                self.conforms(value, part, depth + 1) for part in self.parts(node, combinator)
            ):
                return False
        kinds = _types_allowed(spec)
        if kinds and not any(_is_kind(value, k) for k in kinds):
            return False
        if isinstance(value, str) and not _format_ok(value, spec.get("format")):
            return False
        pattern = spec.get("pattern")
        if (
            isinstance(value, str)
            and isinstance(pattern, str)
            and not _pattern_fits(value, pattern)
        ):
            return False
        if isinstance(value, dict):
            return self._object_conforms(value, node, depth)
        if isinstance(value, list) and isinstance(spec.get("items"), dict):
            item = Located(node.file, pointer_join(node.pointer, "items"), spec["items"])
            return all(self.conforms(v, item, depth + 1) for v in value)
        return True

    def _object_conforms(self, value: dict[str, Any], node: Located, depth: int) -> bool:
        spec = node.value
        required = spec.get("required")
        if isinstance(required, list) and any(
            isinstance(r, str) and r not in value for r in required
        ):
            return False
        properties = spec.get("properties")
        if not isinstance(properties, dict):
            return True
        for name, item in value.items():
            if name in properties:
                where = Located(
                    node.file, pointer_join(node.pointer, "properties", name), properties[name]
                )
                if not self.conforms(item, where, depth + 1):
                    return False
            elif spec.get("additionalProperties") is False:
                return False
        return True


def _type_of(value: dict[str, Any]) -> str | None:
    kind = value.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if isinstance(kind, str):
        return kind
    if isinstance(value.get("properties"), dict):
        return "object"
    if isinstance(value.get("items"), dict) or isinstance(value.get("prefixItems"), list):
        return "array"
    return None


def _declares_object(value: dict[str, Any]) -> bool:
    return isinstance(value.get("properties"), dict)


def _only_null(value: Any) -> bool:
    return isinstance(value, dict) and (value.get("type") == "null" or value.get("enum") == [None])


def _types_allowed(spec: dict[str, Any]) -> list[str]:
    kind = spec.get("type")
    if isinstance(kind, str):
        return [kind]
    if isinstance(kind, list):
        return [k for k in kind if isinstance(k, str)]
    return []


_CONSTRAINING = ("enum", "const", "allOf", "oneOf", "anyOf")


def _allows_null(spec: dict[str, Any]) -> bool:
    kind = spec.get("type")
    return (
        spec.get("nullable") is True
        or kind == "null"
        or (isinstance(kind, list) and "null" in kind)
        or (isinstance(spec.get("enum"), list) and None in spec["enum"])
        or (kind is None and not any(k in spec for k in _CONSTRAINING))
    )


def _is_kind(value: Any, kind: str) -> bool:
    if kind == "null":
        return value is None
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "integer":
        return (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, float) and value.is_integer()
        )
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "string":
        return isinstance(value, str)
    if kind == "array":
        return isinstance(value, list)
    if kind == "object":
        return isinstance(value, dict)
    return True


def _format_ok(value: str, fmt: Any) -> bool:
    if fmt == "uuid":
        try:
            uuid.UUID(value)
        except ValueError:
            return False
        return True
    if fmt == "date":
        return bool(_DATE.match(value))
    if fmt == "date-time":
        return bool(_DATE_TIME.match(value))
    return True


def _scalar(kind: str | None, value: dict[str, Any]) -> Any:
    if kind == "string":
        return _string(value)
    if kind in ("integer", "number"):
        return _number(value, integer=kind == "integer")
    if kind == "boolean":
        return False
    if kind == "null":
        return None
    if kind == "object":
        return {}
    if kind == "array":
        return []
    return None


def _string(value: dict[str, Any]) -> str:
    fmt = value.get("format")
    pattern = value.get("pattern")
    text = _BY_FORMAT.get(fmt, "string") if isinstance(fmt, str) else "string"
    if isinstance(pattern, str) and not _pattern_fits(text, pattern):
        text = matching(pattern) or text
    low, high = value.get("minLength"), value.get("maxLength")
    if isinstance(low, int) and len(text) < low <= 1024:
        text += "s" * (low - len(text))
    if isinstance(high, int) and 0 <= high < len(text):
        text = text[:high]
    return text


def _pattern_fits(text: str, pattern: str) -> bool:
    try:
        return re.search(pattern, text) is not None
    except re.error:
        return True  # a pattern Python cannot read is not held against a sample


def _number(value: dict[str, Any], *, integer: bool) -> int | float:
    low = value.get("minimum")
    high = value.get("maximum")
    number: float = 0
    if isinstance(low, int | float) and not isinstance(low, bool) and math.isfinite(low):
        number = low
        if value.get("exclusiveMinimum") is True:
            number = low + 1
    elif isinstance(high, int | float) and not isinstance(high, bool) and math.isfinite(high):
        number = min(0, high - 1 if value.get("exclusiveMaximum") is True else high)
    exclusive = value.get("exclusiveMinimum")
    if isinstance(exclusive, int | float) and not isinstance(exclusive, bool):
        number = max(number, exclusive + 1)
    if integer:
        return math.ceil(number)
    return int(number) if float(number).is_integer() else number


def _simplest(value: dict[str, Any]) -> Any:
    if _allows_null(value):
        return None
    return _scalar(_type_of(value), value)


_Stack = tuple[tuple[str, str], ...]


class _Build:
    """One sample under construction: a budget of values, and the schemas being built
    (a schema met again inside itself is built lean: required properties only, empty
    arrays, so a recursive model ends)."""

    def __init__(self, sampler: Sampler, budget: list[int]) -> None:
        self.sampler = sampler
        self.budget = budget

    def value(self, node: Located, stack: _Stack, *, lean: bool) -> Any:
        self.budget[0] -= 1
        resolved = self.sampler.resolve(node)
        if resolved is None or not isinstance(resolved.value, dict):
            return None
        if len(stack) > _MAX_DEPTH * 2:
            return _simplest(resolved.value)
        if resolved.key in stack or len(stack) > _MAX_DEPTH or self.budget[0] <= 0:
            lean = True
        stack = (*stack, resolved.key)
        value: dict[str, Any] = resolved.value
        if "const" in value and is_json(value["const"]):
            return value["const"]
        enum = value.get("enum")
        if isinstance(enum, list):
            return next((v for v in enum if v is not None and is_json(v)), None)
        example = value.get("example")
        if example is not None and is_json(example) and self.sampler.conforms(example, resolved):
            return example
        if isinstance(value.get("allOf"), list):
            return self.all_of(resolved, stack, lean=lean)
        for combinator in ("oneOf", "anyOf"):
            if isinstance(value.get(combinator), list):
                return self.one_of(resolved, combinator, stack, lean=lean)
        kind = _type_of(value)
        if kind == "object":
            return self.object(resolved, stack, lean=lean)
        if kind == "array":
            prefix = value.get("prefixItems")
            if isinstance(prefix, list) and prefix:
                # A tuple: one value per typed position (as many as maxItems allows).
                longest = value.get("maxItems")
                if isinstance(longest, int) and not isinstance(longest, bool) and longest >= 0:
                    prefix = prefix[:longest]
                return [
                    self.value(
                        Located(resolved.file, pointer_join(resolved.pointer, "prefixItems", i), p),
                        stack,
                        lean=lean,
                    )
                    for i, p in enumerate(prefix)
                ]
            items = value.get("items")
            minimum = value.get("minItems")
            count = minimum if isinstance(minimum, int) and 0 < minimum <= 3 else 0 if lean else 1
            if not isinstance(items, dict) or not count:
                return []
            item = Located(resolved.file, pointer_join(resolved.pointer, "items"), items)
            return [self.value(item, stack, lean=lean) for _ in range(count)]
        return _scalar(kind, value)

    def all_of(self, node: Located, stack: _Stack, *, lean: bool) -> Any:
        merged: dict[str, Any] = {}
        needed: set[str] = set()
        clashes: set[str] = set()
        parts = list(self.sampler.parts(node, "allOf"))
        built_parts = [self.value(part, stack, lean=lean) for part in parts]
        if _declares_object(node.value):
            built_parts.append(self.object(node, stack, lean=lean))
        for part in [*parts, node]:
            target = self.sampler.resolve(part)
            if target is not None and isinstance(target.value, dict):
                needed |= _required(target.value)
        for built in built_parts:
            if not isinstance(built, dict):
                if built is not None and not merged:
                    return built
                continue
            for key, item in built.items():
                if key in merged and type(merged[key]) is not type(item):
                    clashes.add(key)  # parts that disagree on a property's type
                merged[key] = item
        for key in clashes - needed:
            del merged[key]  # optional: leave it out rather than break one of the parts
        return merged

    def one_of(self, node: Located, combinator: str, stack: _Stack, *, lean: bool) -> Any:
        for part in self.sampler.parts(node, combinator):
            target = self.sampler.resolve(part)
            if target is not None and _only_null(target.value):
                continue
            built = self.value(part, stack, lean=lean)
            tag = _discriminator_value(node.value, part.value)
            if tag is not None and isinstance(built, dict):
                prop, name, mapped = tag
                # A member's own const or enum already says its value; a name does not.
                if mapped or built.get(prop, "string") == "string":
                    built[prop] = name
            return built
        return None

    def object(self, node: Located, stack: _Stack, *, lean: bool) -> dict[str, Any]:
        value = node.value
        properties = value.get("properties")
        needed = _required(value)
        built: dict[str, Any] = {}
        if not isinstance(properties, dict):
            return built
        for name, schema in properties.items():
            if lean and name not in needed:
                continue
            where = Located(node.file, pointer_join(node.pointer, "properties", str(name)), schema)
            target = self.sampler.resolve(where)
            if target is None:
                continue
            if name not in needed and (target.key in stack or self.budget[0] <= 0):
                continue  # an optional part that would recurse, or past the size budget
            write_only = isinstance(target.value, dict) and target.value.get("writeOnly") is True
            if write_only and name not in needed:
                continue
            built[str(name)] = self.value(where, stack, lean=lean)
        return built


def _required(value: dict[str, Any]) -> set[str]:
    required = value.get("required")
    return {r for r in required if isinstance(r, str)} if isinstance(required, list) else set()


def _discriminator_value(union: dict[str, Any], member: Any) -> tuple[str, str, bool] | None:
    """(property, value, from the mapping) the union's discriminator gives the member: its
    mapping's key for the member's ref, else the ref's last segment (the component's
    name)."""
    discriminator = union.get("discriminator")
    if not isinstance(discriminator, dict) or not isinstance(member, dict):
        return None
    prop = discriminator.get("propertyName")
    ref = member.get("$ref")
    if not isinstance(prop, str) or not isinstance(ref, str):
        return None
    mapping = discriminator.get("mapping")
    if isinstance(mapping, dict):
        for key, target in mapping.items():
            if target == ref or (isinstance(target, str) and ref.endswith("/" + target)):
                return prop, str(key), True
    return prop, ref.rsplit("/", 1)[-1], False
