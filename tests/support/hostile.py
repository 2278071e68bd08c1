"""Hypothesis strategies for whole OpenAPI documents whose every string is hostile.

A hostile string mixes quotes, triple quotes, backslashes, line breaks, NUL and other
control characters, Jinja delimiters, ``#``, confusables, bidi controls, Python keywords
and builtins, and very long runs. Most of them carry :data:`CANARY`, a piece of text that
is valid Python *as code* (an attribute call) but that no name the generator derives can
contain (names are ASCII words joined by ``_``): wherever it shows up in generated
source it must sit inside a string literal or a comment, or spec text became code.
"""

from __future__ import annotations

import builtins
import keyword
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from hypothesis import strategies as st

from generator.model import reserved
from generator.model.findings import pointer_join

CANARY = "zq.canary9(1)"

# Text that tries to close whatever the generator puts spec text in.
BREAKOUTS = [
    '"',
    "'",
    '"""',
    "'''",
    '\\"""',
    "\\",
    "\\\\",
    '"\\',
    "\n",
    "\r",
    "\r\n",
    "\n# ",
    "\nimport os\n",
    '");\n',
    "')\n",
    "\x00",
    "\x07",
    "\x1b[31m",
    "\x0b\x0c",
    "\x7f",
    "\x85",
    "{{",
    "}}",
    "{%",
    "%}",
    "{#",
    "#}",
    "{{ 7*7 }}",
    "{% raw %}",
    "#",
    "# noqa",
    "# type: ignore",
    "\u202e",
    "\u2066",
    "\u2069",
    "\u200b",
    "\ufeff",
    "\u2028",
    "\u2029",
    "\u0430",  # Cyrillic a
    "\uff46",  # fullwidth f
    "\u210c",  # black-letter H, NFKC-folds to H
    "\ufb01",  # fi ligature
    "\U0001d4d0",
    "\t",
    " ",
    "\\N{BEL}",
    "\\x00",
    "\\u0041",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ":",
    ";",
    "=",
    "@",
    "`",
    "$",
    "%s",
    "{0}",
    "/",
    "..",
    "~1",
    "%2F",
]
PYTHON_NAMES = sorted(
    {
        *keyword.kwlist,
        *keyword.softkwlist,
        "print",
        "__import__",
        "exec",
        "eval",
        "self",
        "cls",
        "type",
        "id",
        "str",
        "object",
        "Any",
        "Field",
        "BaseModel",
        "Model",
        "httpx",
        "_rt",
        "STATUS_TABLE",
        "__init__",
        "__class__",
        "model_config",
        "model_dump",
        "timeout",
        "extra_headers",
        "body",
        "get_job",
        "with_raw_response",
    }
    | {name for name in dir(builtins) if not name.startswith("_")}
    # Every keyword and name the templates write themselves (wait_for_job's
    # poll_interval, a client's close...): a spec's name must step around each.
    | reserved.METHOD_KEYWORDS
    | reserved.WAIT_NAMES
    | reserved.WAIT_LOOP_NAMES
    | reserved.IMPORTED_MODULES
    | reserved.CLIENT_ATTRIBUTES
    | reserved.CONSTRUCTOR_KEYWORDS
    | reserved.MODULE_NAMES
    | reserved.PACKAGE_NAMES
)
# Names that differ only by case or punctuation: each must stay its own field or member.
LOOKALIKES = ["a_b", "a.b", "a-b", "A_B", "aB", "a b", "a__b", "_a_b", "a_b_"]

_piece = st.one_of(
    st.sampled_from(BREAKOUTS),
    st.sampled_from(PYTHON_NAMES),
    st.text(max_size=6),
    st.just(CANARY),
)


@st.composite
def hostile_text(draw: st.DrawFn, *, canary: bool = True) -> str:
    """A string built of hostile pieces, usually with the canary somewhere inside."""
    parts = draw(st.lists(_piece, min_size=1, max_size=6))
    if draw(st.integers(0, 9)) == 0:
        # Very long: longer than any line, wrap width or sane file name.
        parts.append(draw(st.sampled_from(["x", "ab_", '"', "\\", "\u202e"])) * 600)
    if canary:
        parts.insert(draw(st.integers(0, len(parts))), CANARY)
    return "".join(parts)


def hostile_name(*, canary: bool = True) -> st.SearchStrategy[str]:
    """A name (property, parameter, schema, enum value): hostile text or a plain trap."""
    return st.one_of(
        hostile_text(canary=canary),
        st.sampled_from(PYTHON_NAMES),
        st.sampled_from(LOOKALIKES),
    )


def _ref(name: str) -> str:
    # A $ref is a URI: its JSON pointer fragment is percent-encoded like any other.
    return "#" + quote(pointer_join("/components/schemas", name), safe="/")


@dataclass(frozen=True)
class HostileSpec:
    """One document and the job binding a config would give for it."""

    document: dict[str, Any]
    job_operation: str
    status_pointer: str
    statuses: tuple[str, ...]


@st.composite
def hostile_spec(draw: st.DrawFn) -> HostileSpec:
    text = hostile_text()
    job_name = draw(hostile_name())
    state_name = draw(hostile_name().filter(lambda n: n != job_name))
    other_names = draw(
        st.lists(hostile_name(), max_size=4, unique=True).map(
            lambda names: [n for n in names if n not in (job_name, state_name)]
        )
    )
    statuses = draw(st.lists(hostile_name(), min_size=1, max_size=6, unique=True))
    props = draw(st.lists(hostile_name(), max_size=6, unique=True))
    props = [p for p in props if p != "status"] + LOOKALIKES[: draw(st.integers(0, 9))]

    def prop_schema() -> dict[str, Any]:
        kind = draw(st.sampled_from(["string", "integer", "number", "boolean", "enum", "array"]))
        schema: dict[str, Any] = {"description": draw(text), "title": draw(text)}
        if kind == "string":
            schema.update(
                type="string",
                default=draw(text),
                example=draw(text),
                pattern=draw(text),
                format=draw(st.one_of(text, st.sampled_from(["uuid", "date", "duration"]))),
            )
        elif kind == "enum":
            values = draw(st.lists(hostile_name(), min_size=1, max_size=5, unique=True))
            schema.update(type="string", enum=values, default=values[0])
        elif kind == "array":
            schema.update(type="array", items={"type": "string", "enum": LOOKALIKES})
        else:
            schema.update(type=kind, default={"integer": 7, "number": 1.5, "boolean": True}[kind])
        return schema

    job_schema: dict[str, Any] = {
        "type": "object",
        "title": draw(text),
        "description": draw(text),
        "required": ["status", *props[:2]],
        "properties": {"status": {"$ref": _ref(state_name)}},
    }
    for prop in props:
        job_schema["properties"][prop] = prop_schema()
    schemas: dict[str, Any] = {
        job_name: job_schema,
        state_name: {"type": "string", "enum": statuses, "description": draw(text)},
    }
    for name in other_names:
        schemas[name] = draw(
            st.sampled_from(
                [
                    {"type": "object", "description": draw(text), "properties": {}},
                    {"type": "array", "items": {"$ref": _ref(job_name)}, "title": draw(text)},
                    {"oneOf": [{"$ref": _ref(job_name)}, {"type": "string"}]},
                    {"type": "string", "enum": LOOKALIKES, "description": draw(text)},
                    {"type": "integer", "default": 3, "description": draw(text)},
                ]
            )
        )

    id_name = draw(hostile_name().map(lambda n: n.replace("{", "").replace("}", "") or "id"))
    segment = draw(text).replace("{", "").replace("}", "")
    job_path = f"/{segment}/{{{id_name}}}"
    job_operation = draw(text)

    def parameter(location: str) -> dict[str, Any]:
        return {
            "name": draw(hostile_name()),
            "in": location,
            "required": draw(st.booleans()),
            "description": draw(text),
            "example": draw(text),
            "schema": {"type": "string", "default": draw(text), "pattern": draw(text)},
        }

    parameters = [
        {"name": id_name, "in": "path", "required": True, "schema": {"type": "string"}},
        *(parameter(loc) for loc in draw(st.lists(st.sampled_from(["query", "header"])))),
        parameter("cookie"),
    ]

    def json_of(name: str) -> dict[str, Any]:
        return {"application/json": {"schema": {"$ref": _ref(name)}, "example": draw(text)}}

    paths: dict[str, Any] = {
        job_path: {
            "summary": draw(text),
            "get": {
                "operationId": job_operation,
                "summary": draw(text),
                "description": draw(text),
                "tags": [draw(text)],
                "parameters": parameters,
                "security": [{"key": []}],
                "responses": {
                    "200": {"description": draw(text), "content": json_of(job_name)},
                    "404": {"description": draw(text), "content": json_of(state_name)},
                },
            },
        },
        "/" + draw(text): {
            "post": {
                # operationIds are unique in a valid document; the job's must be here.
                "operationId": draw(text.filter(lambda t: t != job_operation)),
                "description": draw(text),
                "requestBody": {"content": json_of(job_name), "description": draw(text)},
                "responses": {"default": {"description": draw(text)}},
            },
            "delete": {"responses": {"204": {"description": draw(text)}}},
        },
    }
    document = {
        "openapi": "3.1.0",
        "info": {"title": draw(text), "version": draw(text), "description": draw(text)},
        "servers": [
            {
                "url": draw(text) + "/{v}",
                "description": draw(text),
                "variables": {"v": {"default": draw(text)}},
            }
        ],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "key": {"type": "apiKey", "in": "header", "name": draw(hostile_name())}
            },
        },
    }
    status_pointer = "#" + pointer_join("/components/schemas", job_name, "properties", "status")
    return HostileSpec(document, job_operation, status_pointer, tuple(statuses))
