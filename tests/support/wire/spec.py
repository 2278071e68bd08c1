"""What a document says about its operations, read straight from the document.

The wire check holds a generated client to this reading, so it shares nothing with the
generator's builder: parameters (path item and operation, the operation's winning),
their style and explode as OpenAPI defaults them, request bodies by media type, the
security requirements in force and the schemes they name, the documented responses.
Schemas are checked with ``jsonschema`` after a small conversion of OpenAPI's dialect
(``nullable``, 3.0's boolean ``exclusiveMinimum``) into JSON Schema 2020-12.

Only loading (files, ``$ref``s, the limits) and sample values come from the generator's
code: the loader is what any reading of the document needs, and the samples are the
fakes' own (``generator.builder.samples``), built from the document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
from jsonschema.exceptions import _Error as SchemaProblem

from generator.builder.samples import _MAX_VALUES, Sampler, _Build
from generator.loader.document import RefError, SpecDocument
from generator.model.findings import pointer_join
from generator.model.source import Located

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Header parameters OpenAPI says are ignored: the request's own machinery sets them.
IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})
_VALIDATOR = jsonschema.Draft202012Validator
# Subschema keywords, by shape.
_ONE = (
    "additionalProperties",
    "additionalItems",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contentSchema",
)
_MANY = ("allOf", "anyOf", "oneOf", "prefixItems")
_NAMED = ("properties", "patternProperties", "dependentSchemas")
# Keywords with nothing to check, or whose meaning a self-contained copy would change.
_DROPPED = frozenset(
    {
        "$defs",
        "definitions",
        "$id",
        "id",
        "$schema",
        "$anchor",
        "$dynamicAnchor",
        "$dynamicRef",
        "discriminator",
        "xml",
        "externalDocs",
        "example",
        "examples",
        "nullable",
    }
)


@dataclass(frozen=True)
class Param:
    name: str
    location: str  # path, query, header, cookie
    required: bool
    style: str
    explode: bool
    schema: Located | None
    media: str | None  # a parameter given by ``content``: its media type
    node: Located

    @property
    def key(self) -> tuple[str, str]:
        return (self.location, self.name)


@dataclass(frozen=True)
class Body:
    required: bool
    content: dict[str, Located]  # media type -> its media type object
    node: Located


@dataclass(frozen=True)
class SpecOperation:
    method: str  # "GET"
    path: str
    node: Located
    params: tuple[Param, ...]
    body: Body | None
    # The requirements in force: each a mapping of scheme name to scopes; () is none.
    security: tuple[dict[str, list[str]], ...]
    responses: dict[str, Located]  # status key ("200", "2XX", "default") -> response

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"


def default_style(location: str) -> str:
    return "form" if location in ("query", "cookie") else "simple"


class Spec:
    """One document, loaded with the generator's loader and read here."""

    def __init__(self, path: Path) -> None:
        self.doc = SpecDocument.open(path, path.name)
        data = self.doc.data
        self.version = str(data.get("openapi", "3.0")) if isinstance(data, dict) else "3.0"
        self.sampler = Sampler(self.doc)
        self._schemas = SchemaChecker(self)
        components = data.get("components") if isinstance(data, dict) else None
        schemes = components.get("securitySchemes") if isinstance(components, dict) else None
        self.schemes: dict[str, dict[str, Any]] = {}
        if isinstance(schemes, dict):
            for name in schemes:
                found = self.resolve(
                    self.doc.at_root(pointer_join("/components/securitySchemes", name))
                )
                if found is not None and isinstance(found.value, dict):
                    self.schemes[str(name)] = found.value

    @property
    def is_31(self) -> bool:
        return self.version.startswith("3.1")

    def resolve(self, node: Located) -> Located | None:
        try:
            return self.doc.deref(node)
        except RefError:
            return None

    def child(self, node: Located, *tokens: str | int) -> Located | None:
        """The value under ``node`` at ``tokens``, each step's ``$ref`` followed."""
        current: Located | None = node
        for token in tokens:
            current = self.resolve(current) if current is not None else None
            if current is None:
                return None
            value = current.value
            keyed = isinstance(value, dict) and token in value
            indexed = isinstance(value, list) and isinstance(token, int) and token < len(value)
            if keyed or indexed:
                current = Located(current.file, pointer_join(current.pointer, token), value[token])
            else:
                return None
        return self.resolve(current) if current is not None else None

    # ------------------------------------------------------------ operations

    def operations(self) -> Iterator[SpecOperation]:
        data = self.doc.data
        paths = self.child(self.doc.at_root(), "paths") if isinstance(data, dict) else None
        if paths is None or not isinstance(paths.value, dict):
            return
        root_security = data.get("security")
        for path in paths.value:
            item = self.child(paths, path)
            if item is None or not isinstance(item.value, dict):
                continue
            shared = self._params(item)
            for method in HTTP_METHODS:
                op = self.child(item, method)
                if op is None or not isinstance(op.value, dict):
                    continue
                params = {p.key: p for p in shared}
                params.update((p.key, p) for p in self._params(op))
                security = op.value.get("security", root_security)
                yield SpecOperation(
                    method=method.upper(),
                    path=str(path),
                    node=op,
                    params=tuple(params.values()),
                    body=self._body(op),
                    security=_requirements(security),
                    responses=self._responses(op),
                )

    def _params(self, owner: Located) -> list[Param]:
        found: list[Param] = []
        listed = owner.value.get("parameters")
        if not isinstance(listed, list):
            return found
        for index in range(len(listed)):
            node = self.child(owner, "parameters", index)
            if node is None or not isinstance(node.value, dict):
                continue
            value = node.value
            name, location = value.get("name"), value.get("in")
            if not isinstance(name, str) or location not in ("path", "query", "header", "cookie"):
                continue
            if location == "header" and name.lower() in IGNORED_HEADERS:
                continue
            style = value.get("style")
            style = style if isinstance(style, str) else default_style(location)
            explode = value.get("explode")
            media: str | None = None
            schema = self.child(node, "schema")
            content = value.get("content")
            if schema is None and isinstance(content, dict) and content:
                media = str(next(iter(content)))
                schema = self.child(node, "content", media, "schema")
            found.append(
                Param(
                    name=name,
                    location=location,
                    required=location == "path" or value.get("required") is True,
                    style=style,
                    explode=explode if isinstance(explode, bool) else style == "form",
                    schema=schema,
                    media=media,
                    node=node,
                )
            )
        return found

    def _body(self, op: Located) -> Body | None:
        node = self.child(op, "requestBody")
        if node is None or not isinstance(node.value, dict):
            return None
        content: dict[str, Located] = {}
        listed = node.value.get("content")
        if isinstance(listed, dict):
            for media in listed:
                entry = self.child(node, "content", media)
                if entry is not None and isinstance(entry.value, dict):
                    content[str(media)] = entry
        return Body(required=node.value.get("required") is True, content=content, node=node)

    def _responses(self, op: Located) -> dict[str, Located]:
        found: dict[str, Located] = {}
        listed = op.value.get("responses")
        if isinstance(listed, dict):
            for status in listed:
                node = self.child(op, "responses", status)
                if node is not None and isinstance(node.value, dict):
                    found[str(status)] = node
        return found

    # ------------------------------------------------------------ values

    def sample(self, schema: Located, *, lean: bool) -> Any:
        """A value of the schema: the fakes' own sampler, with required properties only
        when ``lean``."""
        return _Build(self.sampler, [_MAX_VALUES]).value(schema, (), lean=lean)

    def example(self, holder: Located, schema: Located | None) -> tuple[bool, Any]:
        """The example a parameter or media type object gives, when it fits its schema."""
        return self.sampler.media_example(holder, schema)

    def problems(self, value: Any, schema: Located) -> list[str] | None:
        """Why ``value`` does not fit ``schema`` ([] when it fits); None when the schema
        cannot be checked (a pattern Python cannot read, a broken reference)."""
        return self._schemas.problems(value, schema)


def _requirements(security: Any) -> tuple[dict[str, list[str]], ...]:
    if not isinstance(security, list):
        return ()
    found: list[dict[str, list[str]]] = []
    for requirement in security:
        if isinstance(requirement, dict):
            found.append(
                {
                    str(k): [str(s) for s in v] if isinstance(v, list) else []
                    for k, v in requirement.items()
                }
            )
    return tuple(found)


class SchemaChecker:
    """OpenAPI schemas as self-contained JSON Schema 2020-12 documents.

    Every ``$ref`` target becomes one entry of a shared ``$defs`` table, converted once
    (so recursive schemas stay finite); a check wraps the schema with that table.
    """

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.defs: dict[str, Any] = {}
        self._ids: dict[tuple[str, str], str] = {}
        self._converted: dict[tuple[str, str], Any] = {}

    def problems(self, value: Any, schema: Located) -> list[str] | None:
        key = schema.key
        converted = self._converted.get(key)
        if converted is None:
            try:
                converted = self._converted[key] = self.convert(schema)
            except RefError:
                return None
        root = {"$defs": self.defs, "allOf": [converted]}
        validator = _VALIDATOR(root, format_checker=_VALIDATOR.FORMAT_CHECKER)
        try:
            errors = list(validator.iter_errors(value))
        except (SchemaProblem, re.error, RecursionError, TypeError, ValueError):
            return None
        return [_describe(error) for error in errors[:5]]

    def convert(self, node: Located) -> Any:
        value = node.value
        if isinstance(value, bool):
            return value
        if not isinstance(value, dict):
            return True
        ref = value.get("$ref")
        if isinstance(ref, str):
            target = self.spec.doc.deref(node)
            reference = {"$ref": "#/$defs/" + self._define(target)}
            siblings = {k: v for k, v in value.items() if k != "$ref"}
            if not self.spec.is_31 or not siblings:
                return reference
            rest = self._object(Located(node.file, node.pointer, siblings))
            return {"allOf": [reference, rest]} if rest is not True else reference
        return self._object(node)

    def _define(self, target: Located) -> str:
        key = target.key
        name = self._ids.get(key)
        if name is None:
            name = self._ids[key] = f"s{len(self._ids)}"
            self.defs[name] = True  # placeholder while a recursion reaches it
            self.defs[name] = self.convert(target)
        return name

    def _sub(self, node: Located, *tokens: str | int) -> Any:
        value = node.value
        for token in tokens:
            value = value[token]
        return self.convert(Located(node.file, pointer_join(node.pointer, *tokens), value))

    def _object(self, node: Located) -> Any:
        value: dict[str, Any] = node.value
        out: dict[str, Any] = {}
        for key, item in value.items():
            if key in _DROPPED or not isinstance(key, str) or key.startswith("x-"):
                continue
            if key in _ONE:
                out[key] = self._sub(node, key)
            elif key in _MANY and isinstance(item, list):
                out[key] = [self._sub(node, key, i) for i in range(len(item))]
            elif key in _NAMED and isinstance(item, dict):
                out[key] = {str(k): self._sub(node, key, k) for k in item}
            elif key == "items":
                if isinstance(item, list):  # draft 4's tuple form
                    out["prefixItems"] = [self._sub(node, key, i) for i in range(len(item))]
                else:
                    out[key] = self._sub(node, key)
            elif key == "type":
                kinds = [item] if isinstance(item, str) else item
                if isinstance(kinds, list) and all(
                    k in ("null", "boolean", "object", "array", "number", "string", "integer")
                    for k in kinds
                ):
                    out[key] = item
            elif key == "required":
                if isinstance(item, list) and all(isinstance(r, str) for r in item):
                    out[key] = sorted(set(item))
            elif key == "pattern":
                if isinstance(item, str) and _compiles(item):
                    out[key] = item
            else:
                out[key] = item
        if not self.spec.is_31:
            for bound, exclusive in (
                ("minimum", "exclusiveMinimum"),
                ("maximum", "exclusiveMaximum"),
            ):
                flag = out.get(exclusive)
                if isinstance(flag, bool):
                    del out[exclusive]
                    if flag and bound in out:
                        out[exclusive] = out.pop(bound)
        if value.get("nullable") is True:
            if isinstance(out.get("enum"), list) and None not in out["enum"]:
                out["enum"] = [*out["enum"], None]
            return {"anyOf": [{"type": "null"}, out]}
        return out or True


def _compiles(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True


def _describe(error: jsonschema.ValidationError) -> str:
    where = "/".join(str(p) for p in error.absolute_path)
    return f"at /{where}: {error.message[:200]}"
