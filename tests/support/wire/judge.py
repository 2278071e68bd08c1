"""Whose fault a failed call is, on the evidence, and which family a client fault is in.

Prism's refusals are recognised by their problem JSON (``type`` under
``https://stoplight.io/prism/errors#``) or, where the document has an answer of its own
for a bad request, by the ``sl-violations`` header Prism adds. The families name the
cause a fix would address; a fault that fits none is ``other``, with its reason.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx

from generator.model.source import Located
from tests.support.wire.spec import Spec, SpecOperation

PRISM_ERRORS = "https://stoplight.io/prism/errors#"
# Statuses of Prism's refusals of a request (its request validation and negotiation).
REFUSALS = frozenset({400, 401, 403, 404, 405, 406, 415, 422})
FAMILIES = (
    "accept-header",
    "empty-model-from-allOf",
    "nullable-ref",
    "object-query-param",
    "array-header-param",
    "multipart-object-part",
    "multi-credential",
    "credential-scheme",
    "null-optional-body",
    "redirect",
    "other",
)
# pydantic error types that mean "wanted an object (a model or a dict)".
_OBJECT_ERRORS = frozenset({"model_type", "model_attributes_type", "dict_type", "model_class"})


@dataclass
class Refusal:
    """Prism's verdict on an exchange: its refusal of the request, or its own answer
    breaking the document (``VIOLATIONS`` about the response)."""

    status: int
    kind: str  # the problem type's fragment: UNPROCESSABLE_ENTITY, UNAUTHORIZED, ...
    # Violations of the request (location without the leading "request") and of the answer.
    request: list[dict[str, Any]] = field(default_factory=list)
    response: list[dict[str, Any]] = field(default_factory=list)
    detail: str = ""

    @property
    def refuses_request(self) -> bool:
        """Prism refused the request: a refusal status with its own problem, or any
        request violation (with a documented answer of the document's, a 500 when that
        answer broke too)."""
        return bool(self.request) or (
            self.status in REFUSALS and self.kind not in ("VIOLATIONS", "STATUS")
        )

    @property
    def breaks_answer(self) -> bool:
        """Prism's own answer broke the document, for a request it accepted."""
        return not self.request and bool(self.response) and self.status >= 500

    def summary(self) -> str:
        for prefix, listed in (("", self.request), ("response/", self.response)):
            if listed:
                first = listed[0]
                where = prefix + "/".join(str(p) for p in first.get("location", []))
                return f"{self.status} {self.kind}: {where}: {first.get('message', '')}"[:300]
        return f"{self.status} {self.kind}: {self.detail}"[:300]

    def locations(self) -> Iterator[list[str]]:
        """Each request violation's location (``["query", "name"]``, ``["body"]``...)."""
        for violation in self.request:
            yield [str(p) for p in violation.get("location", [])]


def _errors(listed: Any) -> list[dict[str, Any]]:
    if not isinstance(listed, list):
        return []
    return [
        v for v in listed if isinstance(v, dict) and str(v.get("severity", "")).lower() == "error"
    ]


def refusal(response: httpx.Response) -> Refusal | None:
    """Prism's own verdict on the exchange, when the answer carries one."""
    found = Refusal(response.status_code, "STATUS")
    listed: Any = None
    header = response.headers.get("sl-violations")
    if header:
        found.kind = "VIOLATIONS"
        try:
            listed = json.loads(header)
        except ValueError:
            listed = None  # cut short: the problem's own list says the same
    problem: Any = None
    if "json" in response.headers.get("content-type", ""):
        try:
            problem = json.loads(response.content)
        except ValueError:
            problem = None
    kind = problem.get("type") if isinstance(problem, dict) else None
    if isinstance(kind, str) and kind.startswith(PRISM_ERRORS):
        assert isinstance(problem, dict)
        found.kind = kind[len(PRISM_ERRORS) :]
        found.detail = str(problem.get("detail", problem.get("title", "")))
        if not isinstance(listed, list):
            # Without the header, the problem lists request violations without "request".
            listed = [
                v
                if _location(v)[:1] == ["response"]
                else {**v, "location": ["request", *_location(v)]}
                for v in _errors(problem.get("validation"))
            ]
    for violation in _errors(listed):
        location = _location(violation)
        if location[:1] == ["request"]:
            found.request.append({**violation, "location": location[1:]})
        elif location[:1] == ["response"]:
            found.response.append({**violation, "location": location[1:]})
    return None if found.kind == "STATUS" else found


def _location(violation: dict[str, Any]) -> list[str]:
    location = violation.get("location")
    return [str(p) for p in location] if isinstance(location, list) else []


def is_request_refusal(found: Refusal | None) -> bool:
    return found is not None and found.refuses_request


def is_answer_violation(found: Refusal | None) -> bool:
    """Prism's own answer broke the document (500, a violation of the response)."""
    return found is not None and found.breaks_answer


# ---------------------------------------------------------------- schema shapes


def shape(spec: Spec, schema: Located | None) -> str:
    """object, array, scalar or unknown; allOf members and a lone non-null anyOf/oneOf
    member say for the schema that holds them."""
    node = spec.resolve(schema) if schema is not None else None
    if node is None or not isinstance(node.value, dict):
        return "unknown"
    value = node.value
    kind = value.get("type")
    kinds = [kind] if isinstance(kind, str) else kind if isinstance(kind, list) else []
    kinds = [k for k in kinds if k != "null"]
    if "object" in kinds or (not kinds and isinstance(value.get("properties"), dict)):
        return "object"
    if "array" in kinds:
        return "array"
    if kinds:
        return "scalar"
    for combinator in ("allOf", "anyOf", "oneOf"):
        members = value.get(combinator)
        if isinstance(members, list):
            found = {
                shape(spec, spec.child(node, combinator, i))
                for i in range(len(members))
                if not (isinstance(members[i], dict) and members[i].get("type") == "null")
            }
            found.discard("unknown")
            if len(found) == 1:
                return found.pop()
    return "unknown"


def _members(spec: Spec, node: Located, depth: int = 0) -> list[Located]:
    """The schema and every allOf/anyOf/oneOf member below it, resolved."""
    resolved = spec.resolve(node)
    if resolved is None or not isinstance(resolved.value, dict) or depth > 12:
        return []
    found = [resolved]
    for combinator in ("allOf", "anyOf", "oneOf"):
        members = resolved.value.get(combinator)
        if isinstance(members, list):
            for index in range(len(members)):
                written = spec.child(resolved, combinator, index)
                if written is not None:
                    raw = Located(
                        resolved.file,
                        f"{resolved.pointer}/{combinator}/{index}",
                        members[index],
                    )
                    found.extend(_members(spec, raw, depth + 1))
    return found


def _step(spec: Spec, nodes: list[Located], token: str | int) -> list[Located]:
    """The written (unresolved) schemas one loc token below ``nodes``; [] when the token
    is none of theirs (a union member's tag in pydantic's loc)."""
    found: list[Located] = []
    for node in nodes:
        for member in _members(spec, node):
            value = member.value
            if isinstance(token, str):
                properties = value.get("properties")
                if isinstance(properties, dict) and token in properties:
                    found.append(
                        Located(
                            member.file,
                            f"{member.pointer}/properties/{_escape(token)}",
                            properties[token],
                        )
                    )
                elif isinstance(value.get("additionalProperties"), dict) and not _is_tag(token):
                    found.append(
                        Located(
                            member.file,
                            f"{member.pointer}/additionalProperties",
                            value["additionalProperties"],
                        )
                    )
            elif isinstance(value.get("items"), dict):
                found.append(Located(member.file, f"{member.pointer}/items", value["items"]))
    return found


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


_TAG = re.compile(r"^[A-Za-z_][\w.]*(\[.*\])?$")


def _is_tag(token: str) -> bool:
    """pydantic's name for a union member (``str``, ``Pet``, ``function-after[...]``)."""
    return "[" in token or token in ("str", "int", "float", "bool", "none", "list", "dict")


def walk(spec: Spec, schema: Located, loc: tuple[Any, ...]) -> tuple[list[Located], Any]:
    """The written schemas a pydantic error's ``loc`` ends at (the last step that
    matched), and the JSON path it took."""
    nodes = [schema]
    taken: list[Any] = []
    for token in loc:
        below = _step(spec, nodes, token)
        if below:
            nodes = below
            taken.append(token)
    return nodes, taken


def value_at(data: Any, path: list[Any]) -> Any:
    for token in path:
        keyed = isinstance(data, dict) and isinstance(token, str) and token in data
        indexed = isinstance(data, list) and isinstance(token, int) and token < len(data)
        if keyed or indexed:
            data = data[token]
        else:
            return None
    return data


def _nullable_target(spec: Spec, written: Located) -> bool:
    """A ``$ref`` (or an allOf of one) to a component that allows null."""
    value = written.value
    if not isinstance(value, dict):
        return False
    refs: list[Located] = []
    if isinstance(value.get("$ref"), str):
        refs.append(written)
    members = value.get("allOf")
    if isinstance(members, list):
        refs.extend(
            Located(written.file, f"{written.pointer}/allOf/{i}", m)
            for i, m in enumerate(members)
            if isinstance(m, dict) and isinstance(m.get("$ref"), str)
        )
    for ref in refs:
        target = spec.resolve(ref)
        if target is not None and isinstance(target.value, dict) and _allows_null(target.value):
            return True
    return False


def _allows_null(value: dict[str, Any]) -> bool:
    kind = value.get("type")
    return (
        value.get("nullable") is True
        or kind == "null"
        or (isinstance(kind, list) and "null" in kind)
        or (isinstance(value.get("enum"), list) and None in value["enum"])
    )


def _has_all_of(spec: Spec, written: Located) -> bool:
    return any(isinstance(m.value.get("allOf"), list) for m in _members(spec, written))


def type_family(
    spec: Spec, schema: Located, data: Any, errors: list[dict[str, Any]]
) -> tuple[str, str]:
    """The family of a value the document's schema accepts but the client's type does
    not (a response it cannot parse, or an argument its type refuses)."""
    first = ""
    for error in errors:
        loc = tuple(error.get("loc", ()))
        nodes, path = walk(spec, schema, loc)
        value = value_at(data, path)
        where = "/" + "/".join(str(p) for p in path)
        message = f"at {where}: {error.get('msg', '')} ({error.get('type', '')})"
        first = first or message
        if value is None and any(_nullable_target(spec, node) for node in nodes):
            return "nullable-ref", message
        if (
            error.get("type") in _OBJECT_ERRORS
            and not isinstance(value, dict)
            and any(_has_all_of(spec, node) for node in nodes)
        ):
            return "empty-model-from-allOf", message
    return "other", first


def refusal_family(
    spec: Spec,
    op: SpecOperation,
    found: Refusal,
    sent: httpx.Request,
    requirement: list[str],
    body_given: bool,
    media: str | None,
) -> tuple[str, str]:
    """The family of a request Prism refused and the witness got through."""
    summary = found.summary()
    if found.status == 406 or found.kind == "NOT_ACCEPTABLE":
        return "accept-header", f"sent Accept: {sent.headers.get('accept')}; {summary}"
    if found.status in (401, 403) or found.kind == "UNAUTHORIZED" or _security(found):
        if len(requirement) > 1:
            return "multi-credential", f"the requirement names {', '.join(requirement)}"
        return "credential-scheme", f"the operation asks for {', '.join(requirement)}: {summary}"
    if not body_given and _has_body(sent):
        return "null-optional-body", f"sent a body though none was given; {summary}"
    params = {p.key: p for p in op.params}
    for location in found.locations():
        if len(location) >= 2 and location[0] in ("query", "header", "path", "cookie"):
            param = params.get((location[0], location[1]))
            kind = shape(spec, param.schema) if param is not None else "unknown"
            if location[0] == "query" and kind == "object":
                return "object-query-param", summary
            if location[0] == "header" and kind == "array":
                return "array-header-param", summary
        if (
            media is not None
            and media.startswith("multipart/")
            and location[:1] == ["body"]
            and _object_part(spec, op, media, location, found)
        ):
            return "multipart-object-part", summary
    return "other", summary


def _security(found: Refusal) -> bool:
    return any(
        v.get("code") == 401 or "security" in str(v.get("message", "")) for v in found.request
    )


def _has_body(request: httpx.Request) -> bool:
    try:
        return bool(request.content)
    except httpx.RequestNotRead:
        return True


_PROPERTY = re.compile(r"property '([^']+)'")


def _object_part(
    spec: Spec, op: SpecOperation, media: str, location: list[str], found: Refusal
) -> bool:
    """Whether a multipart refusal is about a part whose schema is an object."""
    if op.body is None or media not in op.body.content:
        return False
    schema = spec.child(op.body.content[media], "schema")
    if schema is None:
        return False
    names = set(location[1:2])
    for violation in found.request:
        names.update(_PROPERTY.findall(str(violation.get("message", ""))))
    for name in names:
        nodes, _ = walk(spec, schema, (name,))
        if nodes != [schema] and any(shape(spec, n) == "object" for n in nodes):
            return True
    return False


def routes(spec_paths: list[tuple[str, str]], method: str, path: str) -> int:
    """How many of the document's routes with ``method`` match a concrete ``path``."""
    count = 0
    for candidate_method, template in spec_paths:
        if candidate_method != method:
            continue
        pattern = "^" + re.sub(r"\\\{[^/]*?\\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path):
            count += 1
    return count
