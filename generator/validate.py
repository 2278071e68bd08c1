"""The letter of the OpenAPI specification, checked by openapi-spec-validator.

Its errors carry paths relative to whatever sub-schema it was checking, so each is put
back in place: by the identity of the offending object where it is a container, else by
the path suffix. External ``$ref`` files are read through our own loader, confined to the
spec's folder; no URL is ever fetched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

from generator.document import Located, RefError, SpecDocument
from generator.findings import Finding, Severity, pointer_join

_MAX_FINDINGS = 200


def validate_document(doc: SpecDocument) -> list[Finding]:
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
    if version.startswith("3.0"):
        base: type[OpenAPIV30SpecValidator | OpenAPIV31SpecValidator] = OpenAPIV30SpecValidator
    elif version.startswith("3.1"):
        base = OpenAPIV31SpecValidator
    else:
        return [
            doc.finding(
                doc.at_root(""),
                Severity.ERROR,
                "openapi-version",
                f"`openapi: {version or '?'}` is not 3.0.x or 3.1.x, the versions "
                "the generator reads; convert the document (e.g. from Swagger 2.0).",
            )
        ]
    validator_cls = type(
        "ConfinedValidator",
        (base,),
        {"resolver_handlers": _ConfinedHandlers(_confined_handler(doc))},
    )
    validator = validator_cls(data, base_uri=doc.root.path.resolve().as_uri())
    findings: list[Finding] = []
    index: _Index | None = None
    try:
        for error in validator.iter_errors():
            if index is None:
                index = _Index(data)
            pointer = index.locate(error)
            message = _message(error)
            findings.append(
                doc.finding(
                    Located(doc.root, pointer, None), Severity.ERROR, "openapi-schema", message
                )
            )
            if len(findings) >= _MAX_FINDINGS:
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

    def locate(self, error: Any) -> str:
        path = [str(p) for p in getattr(error, "absolute_path", []) or []]
        # A whole-document error has the exact path; check it resolves as given.
        if path and _exists(self.data, path):
            return pointer_join("", *path)
        instance = getattr(error, "instance", None)
        if isinstance(instance, dict | list):
            found = self._ids().get(id(instance))
            if found is not None:
                return found
        if path:
            for pointer, _node in _walk(self.data):
                if pointer.endswith(pointer_join("", *path)):
                    return pointer
        return ""


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
