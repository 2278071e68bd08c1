"""Fast answers for openapi-spec-validator's two costly checks, exact whenever they fail.

openapi-spec-validator checks (1) the whole document against the OpenAPI schema and
(2) every Schema Object against its dialect's meta-schema, both through the pure-Python
``jsonschema``: 80-95% of the validation time of a large document (13 s of 14 s on
openai.yaml). ``jsonschema-rs`` answers the same yes-or-no question a hundred times
faster. Only its "valid" is trusted: when it says "invalid" (or cannot tell), the
original check runs, so every finding, message and place, is exactly the one
openapi-spec-validator gives. Formats are judged by the Python format checkers
themselves, called from the Rust validator, so no format is read differently.

``jsonschema-rs`` never fetches anything: every schema it may reach is handed to it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

from jsonschema.validators import validator_for
from openapi_schema_validator import (
    OAS31_BASE_DIALECT_ID,
    OAS30Validator,
    OAS31Validator,
    oas30_format_checker,
    oas31_format_checker,
)
from openapi_schema_validator._specifications import REGISTRY
from openapi_spec_validator.schemas import schema_v30, schema_v31
from openapi_spec_validator.validation import keywords

jsonschema_rs: Any
try:
    jsonschema_rs = importlib.import_module("jsonschema_rs")
except ImportError:  # a declared dependency; without it every check is the exact one
    jsonschema_rs = None

# Every format name either engine may know: the Rust engine's own checks for these are
# replaced by the Python checkers (which accept what they have no checker for).
_FORMAT_NAMES = (
    "date",
    "date-time",
    "time",
    "duration",
    "email",
    "idn-email",
    "hostname",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "uri",
    "uri-reference",
    "iri",
    "iri-reference",
    "uuid",
    "uri-template",
    "json-pointer",
    "relative-json-pointer",
    "regex",
)

Check = Callable[[Any], bool]


def _python_formats(checker: Any) -> dict[str, Callable[[str], bool]]:
    names = set(_FORMAT_NAMES) | set(checker.checkers)

    def judge(name: str) -> Callable[[str], bool]:
        return lambda value: bool(checker.conforms(value, name))

    return {name: judge(name) for name in sorted(names)}


def _is_valid(validator: Any) -> Check:
    def check(instance: Any) -> bool:
        try:
            return bool(validator.is_valid(instance))
        except Exception:
            # Values the Rust side cannot take (NaN, huge integers...): ask the exact check.
            return False

    return check


@cache
def _document_check(version: str) -> Check | None:
    """Whole-document check against the OpenAPI schema, formats not asserted (as upstream)."""
    if jsonschema_rs is None:
        return None
    schema = dict(schema_v31 if version == "3.1" else schema_v30)
    try:
        validator = jsonschema_rs.validator_for(schema, validate_formats=False, offline=True)
    except Exception:
        return None  # an incompatible jsonschema-rs: the exact check still runs
    return _is_valid(validator)


@cache
def _meta_check(version: str) -> Check | None:
    """Schema Object check against the dialect meta-schema, formats as upstream asserts."""
    if jsonschema_rs is None:
        return None
    if version == "3.1":
        meta, checker = OAS31Validator.META_SCHEMA, oas31_format_checker
    else:
        meta, checker = OAS30Validator.META_SCHEMA, oas30_format_checker
    try:
        registry = jsonschema_rs.Registry([(uri, REGISTRY.contents(uri)) for uri in REGISTRY])
        validator = jsonschema_rs.validator_for(
            dict(meta),
            registry=registry,
            validate_formats=True,
            formats=_python_formats(checker),
            offline=True,
        )
    except Exception:
        return None  # an incompatible jsonschema-rs: the exact check still runs
    return _is_valid(validator)


class DocumentSchemaCheck:
    """Stands in for upstream's document validator: Rust first, jsonschema when invalid.

    Upstream picks jsonschema-rs for this check on its own whenever it is installed,
    and its messages differ; pinning the Python backend keeps findings the same on
    every machine.
    """

    def __init__(self, version: str, *, fast: bool) -> None:
        self._schema = schema_v31 if version == "3.1" else schema_v30
        self._fast = _document_check(version) if fast else None

    def iter_errors(self, instance: Any) -> Iterator[Any]:
        if self._fast is not None and self._fast(instance):
            return iter(())
        # Exactly what openapi-spec-validator's own jsonschema backend builds.
        exact = validator_for(self._schema)(self._schema)
        return iter(exact.iter_errors(instance))


class _IdList(list[int]):
    """Upstream keeps visited schema ids in a list and asks ``in`` of it (quadratic)."""

    def __init__(self) -> None:
        super().__init__()
        self._seen: set[int] = set()

    def append(self, item: int) -> None:
        super().append(item)
        self._seen.add(item)

    def __contains__(self, item: object) -> bool:
        return item in self._seen


def _valid_first(fast: Check, exact: Callable[[Any], None]) -> Callable[[Any], None]:
    def check(schema_value: Any) -> None:
        if not fast(schema_value):
            exact(schema_value)

    return check


class FastSchema30(keywords.OpenAPIV30SchemaValidator):
    def __init__(self, registry: Any) -> None:
        super().__init__(registry)
        self.visited_schema_ids = _IdList()
        self.meta_checked_schema_ids = _IdList()

    def _get_schema_checker(self, schema: Any, schema_value: Any) -> Callable[[Any], None]:
        exact: Callable[[Any], None] = super()._get_schema_checker(schema, schema_value)
        fast = _meta_check("3.0")
        return exact if fast is None else _valid_first(fast, exact)


class FastSchema31(keywords.OpenAPIV31SchemaValidator):
    def __init__(self, registry: Any) -> None:
        super().__init__(registry)
        self.visited_schema_ids = _IdList()
        self.meta_checked_schema_ids = _IdList()

    def _get_schema_checker(self, schema: Any, schema_value: Any) -> Callable[[Any], None]:
        exact: Callable[[Any], None] = super()._get_schema_checker(schema, schema_value)
        fast = _meta_check("3.1")
        # Only the OAS base dialect has a fast twin; a schema naming another dialect
        # (its own `$schema`, or the document's `jsonSchemaDialect`) is checked as upstream.
        dialect = self._get_schema_dialect_id(schema, schema_value)
        if fast is None or dialect != OAS31_BASE_DIALECT_ID:
            return exact
        return _valid_first(fast, exact)


def overrides(version: str, keyword_validators: dict[str, Any], *, fast: bool) -> dict[str, Any]:
    """Class attributes for an upstream spec validator class: the fast paths, or none."""
    attributes: dict[str, Any] = {"schema_validator": DocumentSchemaCheck(version, fast=fast)}
    if fast:
        schema_keyword = FastSchema31 if version == "3.1" else FastSchema30
        attributes["keyword_validators"] = {**keyword_validators, "schema": schema_keyword}
    return attributes
