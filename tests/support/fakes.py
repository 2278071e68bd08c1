"""Helpers for tests of the generated fakes: find a package's fakes, build requests the
spec allows, and check bodies against the spec's own response schemas."""

from __future__ import annotations

import base64
import importlib
import inspect
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
from openapi_schema_validator import (
    OAS30Validator,
    OAS31Validator,
    oas30_format_checker,
    oas31_format_checker,
)

from generator.loader.document import SpecDocument
from generator.model.findings import pointer_join
from generator.model.source import Located
from jobclients.testing import FakeVendor
from jobclients.testing._pattern import matching
from jobclients.testing._spec import OperationSpec, Param
from tests.support.trees import ROOT

VENDORS = ("finch", "writer", "parsify", "symbl", "unstructured")
UUID = "3fa85f64-5717-4562-b3fc-2c963f66afa6"


def fake_class(module: ModuleType | str) -> type[FakeVendor[Any, Any]]:
    """The one ``Fake<Client>`` a vendor's ``testing`` module defines."""
    if isinstance(module, str):
        module = importlib.import_module(f"{module}.testing")
    # The base class of the module's own package (a package generated elsewhere has its own).
    base = importlib.import_module(module.__name__.split(".")[0] + ".testing").FakeVendor
    found: list[Any] = [
        value
        for name, value in vars(module).items()
        if name.startswith("Fake")
        and inspect.isclass(value)
        and issubclass(value, base)
        and value is not base
    ]
    assert len(found) == 1, f"{module.__name__} defines {found}"
    # Typed as this package's FakeVendor: another package's has the same interface.
    fake: type[FakeVendor[Any, Any]] = found[0]
    return fake


def vendor_fake(vendor: str, **options: Any) -> FakeVendor[Any, Any]:
    return fake_class(f"jobclients.{vendor}")(**options)


# ------------------------------------------------------------------ schema checks


class SpecSchemas:
    """The response schemas of one spec document (split into files or not), checked by an
    OpenAPI-aware JSON Schema validator."""

    def __init__(self, path: Path) -> None:
        self.doc = SpecDocument.open(path, str(path))
        version = str(self.doc.data.get("openapi", "3.0"))
        v31 = version.startswith("3.1")
        self.validator_class: Any = OAS31Validator if v31 else OAS30Validator
        self.format_checker = oas31_format_checker if v31 else oas30_format_checker

    def response_schema(self, op: OperationSpec, status: str, media: str) -> Any | None:
        """The schema (refs bundled into ``x-bundled``) of one documented response."""
        node = self.doc.deref(self.doc.at_root("/paths"))
        for key in (op.path, op.method.lower(), "responses"):
            node = self._step(node, key)
        responses = node.value
        code = status if status in responses else next(k for k in responses if str(k) == status)
        node = self._step(node, code)
        for key in ("content", media):
            node = self._step(node, key)
        if "schema" not in node.value:
            return None
        schema = self._step(node, "schema")
        bundled: dict[str, Any] = {}
        return {"x-bundled": bundled, **self._bundle(schema.value, schema.file, bundled, {})}

    def request_schema(self, path: str, method: str, media: str) -> Any | None:
        """The schema (refs bundled into ``x-bundled``) of one operation's request body."""
        node = self.doc.deref(self.doc.at_root("/paths"))
        for key in (path, method.lower(), "requestBody", "content", media):
            node = self._step(node, key)
        if "schema" not in node.value:
            return None
        schema = self._step(node, "schema")
        bundled: dict[str, Any] = {}
        return {"x-bundled": bundled, **self._bundle(schema.value, schema.file, bundled, {})}

    def _step(self, node: Located, key: Any) -> Located:
        child = Located(node.file, pointer_join(node.pointer, str(key)), node.value[key])
        return self.doc.deref(child)

    def _bundle(
        self, value: Any, file: Any, bundled: dict[str, Any], names: dict[tuple[str, str], str]
    ) -> Any:
        """``value`` with every ``$ref`` (to this file or another) pointing into ``bundled``."""
        if isinstance(value, list):
            return [self._bundle(v, file, bundled, names) for v in value]
        if not isinstance(value, dict):
            return value
        if isinstance(value.get("$ref"), str):
            target = self.doc.follow(value["$ref"], file)
            key = (target.file.origin, target.pointer)
            if key not in names:
                names[key] = f"s{len(names)}"
                bundled[names[key]] = self._bundle(target.value, target.file, bundled, names)
            return {"$ref": f"#/x-bundled/{names[key]}"}
        return {k: self._bundle(v, file, bundled, names) for k, v in value.items()}

    def errors_as_any_of(self, body: Any, schema: Any) -> list[str]:
        """The errors when every oneOf is read as anyOf: OpenAPI's discriminator picks one
        member, where JSON Schema asks that no other member match. A sample of members
        that overlap (neither forbids the other's fields) fits only this reading."""
        return self.errors(body, _one_of_as_any_of(schema))

    def errors(self, body: Any, schema: Any) -> list[str]:
        """Why ``body`` breaks ``schema`` (empty: it fits)."""
        validator = self.validator_class(schema, format_checker=self.format_checker)
        return [error.message for error in validator.iter_errors(body)]


def _one_of_as_any_of(value: Any) -> Any:
    if isinstance(value, list):
        return [_one_of_as_any_of(v) for v in value]
    if isinstance(value, dict):
        return {("anyOf" if k == "oneOf" else k): _one_of_as_any_of(v) for k, v in value.items()}
    return value


def vendor_schemas(vendor: str) -> SpecSchemas:
    return SpecSchemas(ROOT / "specs" / vendor / "openapi.yaml")


# ------------------------------------------------------------------ requests


def value_for(param: Param) -> str:
    """A value of the parameter's schema, as sent on the wire."""
    schema = param.schema
    enum = schema.get("enum")
    if isinstance(enum, list) and enum:
        first = next(v for v in enum if v is not None)
        return ("true" if first else "false") if isinstance(first, bool) else str(first)
    default = schema.get("default")
    if isinstance(default, str):
        return default
    pattern = schema.get("pattern")
    if isinstance(pattern, str) and (text := matching(pattern)) is not None:
        return text
    kind = schema.get("type")
    if kind in ("integer", "number"):
        minimum = schema.get("minimum")
        return str(int(minimum)) if isinstance(minimum, int | float) else "1"
    if kind == "boolean":
        return "true"
    return {
        "uuid": UUID,
        "date": "2024-01-01",
        "date-time": "2024-01-01T00:00:00+00:00",
    }.get(str(schema.get("format")), "x" * max(1, int(schema.get("minLength") or 1)))


def good_request(
    fake: FakeVendor[Any, Any],
    op: OperationSpec,
    *,
    path: dict[str, str] | None = None,
    drop: str | None = None,
    extra_query: dict[str, str] | None = None,
    credential: bool = True,
) -> httpx.Request:
    """A request the spec allows for ``op`` (all its parameters), or one broken on
    purpose: ``drop`` leaves out the parameter of that name, ``credential=False`` the
    credential."""
    values = {p.name: value_for(p) for p in op.params if p.location == "path"}
    values.update(path or {})
    url_path = op.path
    for name, value in values.items():
        url_path = url_path.replace("{" + name + "}", value)
    query: dict[str, str] = {
        p.name: value_for(p) for p in op.params if p.location == "query" and p.name != drop
    }
    headers: dict[str, str] = {
        p.name: value_for(p) for p in op.params if p.location == "header" and p.name != drop
    }
    cookies = [
        f"{p.name}={value_for(p)}" for p in op.params if p.location == "cookie" and p.name != drop
    ]
    auth = fake.SPEC.auth
    if credential and op.secured and auth is not None:
        if auth.kind == "bearer":
            headers["Authorization"] = "Bearer fake-credential"
        elif auth.kind == "basic":
            headers["Authorization"] = "Basic " + base64.b64encode(b"user:pw").decode()
        elif auth.location == "header":
            headers[auth.name] = "fake-credential"
        elif auth.location == "query":
            query[auth.name] = "fake-credential"
        else:
            cookies.append(f"{auth.name}=fake-credential")
    if cookies:
        headers["Cookie"] = "; ".join(cookies)
    query.update(extra_query or {})
    return httpx.Request(
        op.method, fake.base_url.rstrip("/") + url_path, params=query, headers=headers
    )
