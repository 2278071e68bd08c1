"""The letter of the OpenAPI specification, checked by openapi-spec-validator.

Its errors carry paths relative to whatever sub-schema it was checking, so each is put
back in place: by the identity of the offending object where it is a container, else by
the path suffix. External ``$ref`` files are read through our own loader, confined to the
spec's folder; no URL is ever fetched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from generator.loader.document import RefError, SpecDocument
from generator.model.findings import Finding, Severity, pointer_join
from generator.model.source import Located

_MAX_FINDINGS = 200


def validate_document(doc: SpecDocument, *, fast: bool = True) -> list[Finding]:
    """Every finding of openapi-spec-validator on ``doc``, put in place.

    ``fast`` lets jsonschema-rs answer "valid" first (see validate_fast); the findings
    are the same either way, only the time differs.
    """
    data = doc.data
    if not isinstance(data, dict):
        return [
            doc.finding(
                doc.at_root(""),
                Severity.ERROR,
                "openapi-shape",
                "the document must be a mapping with `openapi`, `info` and `paths`.",
            )
        ]
    version = str(data.get("openapi", ""))
    if not version.startswith(("3.0", "3.1")):
        return [
            doc.finding(
                doc.at_root(""),
                Severity.ERROR,
                "openapi-version",
                f"`openapi: {version or '?'}` is not 3.0.x or 3.1.x, the versions "
                "the generator reads; convert the document (e.g. from Swagger 2.0).",
            )
        ]
    # Imported here, not at the top: it costs half a second, and a run whose validation
    # is cached (or done by a worker process) never needs it.
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    from generator.validator.fast import overrides

    major_minor = version[:3]
    base: Any = OpenAPIV31SpecValidator if major_minor == "3.1" else OpenAPIV30SpecValidator
    attributes: dict[str, Any] = {"resolver_handlers": _ConfinedHandlers(_confined_handler(doc))}
    attributes.update(overrides(major_minor, base.keyword_validators, fast=fast))
    validator_cls = type("ConfinedValidator", (base,), attributes)
    validator = validator_cls(data, base_uri=doc.root.path.resolve().as_uri())
    findings: list[Finding] = []
    index: _Index | None = None
    try:
        for error in validator.iter_errors():
            if index is None:
                index = _Index(data)
            message = _message(error)
            places = [Located(doc.root, pointer, None) for pointer in index.locate(error)]
            if places == [Located(doc.root, "", None)]:
                places = [_operation_named(doc, error) or places[0]]
            findings.extend(
                doc.finding(place, Severity.ERROR, "openapi-schema", message) for place in places
            )
            if len(findings) >= _MAX_FINDINGS:
                # Said, not silent: the rest are unread, not absent.
                findings.append(
                    doc.finding(
                        doc.at_root(""),
                        Severity.WARNING,
                        "openapi-schema-truncated",
                        f"the validator stopped after {_MAX_FINDINGS} findings; there may "
                        "be more. Fix these and validate again to see the rest.",
                    )
                )
                break
    except RecursionError:
        findings.append(
            doc.finding(
                doc.at_root(""),
                Severity.ERROR,
                "openapi-schema",
                "the validator ran out of depth on this document.",
            )
        )
    except Exception as exc:
        findings.append(
            doc.finding(
                doc.at_root(""),
                Severity.ERROR,
                "openapi-schema",
                f"the validator could not check the document: "
                f"{type(exc).__name__}: {str(exc)[:300]}",
            )
        )
    return _dedupe(findings)


class _ConfinedHandlers(dict[str, Callable[[str], Any]]):
    """The validator's ``$ref`` readers, one for every URI scheme.

    jsonschema-path hands any scheme it has no handler for to ``urlopen``, which would
    fetch ``http:``, ``ftp:`` or ``data:`` refs behind our back. Claiming every scheme
    routes them all through the document's own rules instead.
    """

    def __init__(self, handler: Callable[[str], Any]) -> None:
        super().__init__()
        self._handler = handler

    def __contains__(self, scheme: object) -> bool:
        return True

    def __missing__(self, scheme: str) -> Callable[[str], Any]:
        return self._handler


def _confined_handler(doc: SpecDocument) -> Callable[[str], Any]:
    """What the validator calls to read any URI: the document's own rules decide."""

    def handler(uri: str) -> Any:
        parts = urlsplit(uri)
        try:
            if parts.scheme == "file":
                path = Path(unquote(parts.path)).resolve()
                return doc.read_file(path, str(path)).data
            return doc.read_url(uri).data
        except RefError as exc:
            raise ValueError(str(exc)) from None

    return handler


def _message(error: Any) -> str:
    text = str(getattr(error, "message", error)).replace("\n", " ")
    if len(text) > 300:
        text = text[:297] + "..."
    return f"{text}; fix the document here (openapi-spec-validator)."


class _Index:
    """Finds where in the document a validator error points."""

    def __init__(self, data: Any) -> None:
        self.data = data
        self._by_id: dict[int, str] | None = None

    def _ids(self) -> dict[int, str]:
        if self._by_id is None:
            table: dict[int, str] = {}
            for pointer, node in _walk(self.data):
                table.setdefault(id(node), pointer)
            self._by_id = table
        return self._by_id

    def locate(self, error: Any) -> list[str]:
        """Every place in the document the error is about ("" when none is found)."""
        path = [str(p) for p in getattr(error, "absolute_path", []) or []]
        # A whole-document error has the exact path; check it resolves as given.
        if path and _exists(self.data, path):
            return [pointer_join("", *path)]
        instance = getattr(error, "instance", None)
        if isinstance(instance, dict | list):
            found = self._ids().get(id(instance))
            if found is not None:
                return [found]
        # A schema's `default` is checked against the schema itself: the error names the
        # schema (an object of the document) and the default is the instance.
        schema = getattr(error, "schema", None)
        if isinstance(schema, dict) and not path:
            found = self._ids().get(id(schema))
            if found is not None:
                if "default" in schema and schema["default"] == instance:
                    return [pointer_join(found, "default")]
                return [found]
        if path:
            # Errors inside one schema carry paths relative to it, and which schema the
            # validator starts from (so how long the path is, and which of several
            # equal faults it reports) varies from run to run. A place whose last three
            # tokens match and that holds the same offending value has the same fault:
            # all are named, so the findings are the same on every run.
            *parent, last = path[-3:]
            suffix = pointer_join("", *parent)
            return [
                pointer_join(pointer, last)
                for pointer, node in _walk(self.data)
                if pointer.endswith(suffix)
                and _exists(node, [last])
                and (not isinstance(node, dict) or node.get(last) == instance)
            ] or [""]
        return [""]


_OPERATION_NAMED = re.compile(r"for '(?P<method>[a-z]+)'(?: operation)? in '(?P<path>[^']*)'")


def _operation_named(doc: SpecDocument, error: Any) -> Located | None:
    """The operation a message names: the validator's own operation checks (duplicate
    operationId, unresolved path parameter) carry no path, only the method and the path,
    which may lie in another file (``paths: {$ref: paths.yaml}``)."""
    named = _OPERATION_NAMED.search(str(getattr(error, "message", "")))
    if named is None:
        return None
    try:
        node = doc.at_root("/paths")
        for token in (named["path"], named["method"]):
            node = doc.deref(node)
            if not isinstance(node.value, dict) or token not in node.value:
                return None
            node = Located(node.file, pointer_join(node.pointer, token), node.value[token])
        return node
    except RefError:
        return None


def _exists(data: Any, path: list[str]) -> bool:
    node = data
    for token in path:
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return False
    return True


def _walk(data: Any) -> Iterator[tuple[str, Any]]:
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        pointer, node = stack.pop()
        yield pointer, node
        if isinstance(node, dict):
            stack.extend(
                (pointer_join(pointer, k), v)
                for k, v in reversed(list(node.items()))
                if isinstance(v, dict | list)
            )
        elif isinstance(node, list):
            stack.extend(
                (pointer_join(pointer, i), v)
                for i, v in reversed(list(enumerate(node)))
                if isinstance(v, dict | list)
            )


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, str]] = set()
    unique: list[Finding] = []
    for finding in findings:
        key = (finding.pointer, finding.message)
        if key not in seen:
            seen.add(key)
            unique.append(finding)
    return unique
