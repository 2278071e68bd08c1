"""What the API record says the server accepts besides the Python type."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from generator.change.record import _Wire
from generator.loader.document import SpecDocument
from generator.loader.limits import DEFAULT_LIMITS
from generator.loader.parse import load_bytes

SCHEMAS = """
    openapi: 3.1.0
    info: {title: T, version: "1"}
    paths: {}
    components:
      schemas:
        Text: {type: string}
        MaybeText: {type: [string, "null"]}
        Legacy: {type: string, nullable: true}
        Either: {anyOf: [{$ref: "#/components/schemas/Text"}, {type: "null"}]}
        Untyped: {description: anything}
        Shaped: {properties: {a: {type: string}}}
        Loop: {$ref: "#/components/schemas/Loop2"}
        Loop2: {$ref: "#/components/schemas/Loop"}
        Tree: {anyOf: [{$ref: "#/components/schemas/Branch"}], dependentRequired: {a: [b]}}
        Branch: {items: {$ref: "#/components/schemas/Tree"}, not: {const: 1}}
        UsesTree: {$ref: "#/components/schemas/Tree", description: a tree}
"""


def _facts(text: str = SCHEMAS) -> dict[str, dict[str, Any]]:
    raw = textwrap.dedent(text).encode("utf-8")
    loaded = load_bytes(raw, Path.cwd() / "openapi.yaml", "x.yaml", DEFAULT_LIMITS)
    doc = SpecDocument(loaded, DEFAULT_LIMITS)
    wire = _Wire(doc)
    names = doc.data["components"]["schemas"]
    return {n: wire.facts(doc.at_root(f"/components/schemas/{n}")) for n in names}


def test_which_schemas_accept_null() -> None:
    nullable = {name for name, facts in _facts().items() if facts.get("nullable")}
    # Untyped accepts anything; a `properties` table types a schema as an object, as the
    # builder reads it; a loop of refs resolves to nothing, typed Any.
    assert nullable == {"MaybeText", "Legacy", "Either", "Untyped", "Loop", "Loop2"}


def test_keywords_are_digested_through_refs_and_cycles() -> None:
    facts = _facts()
    tree = facts["Tree"]["keywords"]
    assert [k.split(":")[0] for k in tree] == ["dependentRequired", "not"]
    # A cycle's schemas share one digest, and a ref to one has it too.
    assert facts["Branch"]["keywords"] == tree == facts["UsesTree"]["keywords"]
    assert "keywords" not in facts["Text"] and "keywords" not in facts["Loop"]


def test_the_digest_does_not_depend_on_which_schema_is_read_first() -> None:
    lines = textwrap.dedent(SCHEMAS).splitlines()
    head, schemas = lines[:6], lines[6:]
    reordered = "\n".join(head + schemas[::-1])
    assert _facts(reordered) == _facts()
