"""Recursive schemas, mutual recursion, ref cycles across files: compared, never looped on."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from tests.diff.support import diff_paths, verdicts, write_yaml

ROOT = Path(__file__).resolve().parents[2]


def _doc(schemas: dict[str, Any], response: str) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Trees", "version": "1"},
        "paths": {
            "/tree": {
                "get": {
                    "operationId": "getTree",
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": {"$ref": response}}},
                        }
                    },
                }
            }
        },
        "components": {"schemas": schemas},
    }


RECURSIVE = {
    "Node": {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
            "parent": {"$ref": "#/components/schemas/Node"},
        },
    },
    # Mutual recursion through an alias, and an alias that names itself.
    "Forest": {"type": "array", "items": {"$ref": "#/components/schemas/Tree"}},
    "Tree": {
        "type": "object",
        "properties": {
            "forest": {"$ref": "#/components/schemas/Forest"},
            "root": {"$ref": "#/components/schemas/Node"},
            "json": {"$ref": "#/components/schemas/Json"},
        },
    },
    "Json": {
        "anyOf": [
            {"type": "string"},
            {"type": "array", "items": {"$ref": "#/components/schemas/Json"}},
            {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Json"}},
        ]
    },
}


def test_recursive_and_mutually_recursive(tmp_path: Path) -> None:
    old = _doc(RECURSIVE, "#/components/schemas/Tree")
    new = copy.deepcopy(old)
    new["components"]["schemas"]["Node"]["properties"]["depth"] = {"type": "integer"}
    new["components"]["schemas"]["Json"]["anyOf"].append({"type": "number"})
    a = write_yaml(tmp_path / "a" / "openapi.yaml", old)
    b = write_yaml(tmp_path / "b" / "openapi.yaml", new)
    assert verdicts(diff_paths(a, a)) == ()
    assert verdicts(diff_paths(a, b)) == (
        ("alias-type-changed", "breaking"),
        ("property-added", "info"),
    )


def test_ref_cycle_across_files(tmp_path: Path) -> None:
    # a.yaml's A refers to b.yaml's B, which refers back to A; B also aliases a loop
    # of bare refs (C -> D -> C), which has no value and is reported, not followed.
    for side, extra in (("old", {}), ("new", {"note": {"type": "string"}})):
        folder = tmp_path / side
        write_yaml(
            folder / "openapi.yaml",
            _doc({"Root": {"$ref": "a.yaml#/A"}}, "#/components/schemas/Root"),
        )
        write_yaml(
            folder / "a.yaml",
            {"A": {"type": "object", "properties": {"b": {"$ref": "b.yaml#/B"}, **extra}}},
        )
        write_yaml(
            folder / "b.yaml",
            {
                "B": {
                    "type": "object",
                    "properties": {"a": {"$ref": "a.yaml#/A"}, "loop": {"$ref": "#/C"}},
                },
                "C": {"$ref": "#/D"},
                "D": {"$ref": "#/C"},
            },
        )
    old, new = tmp_path / "old" / "openapi.yaml", tmp_path / "new" / "openapi.yaml"
    report = diff_paths(old, new, lenient=True)
    assert verdicts(report) == (("property-added", "info"),)
    assert report.changes[0].file is not None and report.changes[0].file.endswith("a.yaml")
    # Without --lenient the loop is an error that stops the comparison, as in generate.
    done = subprocess.run(
        [sys.executable, "-m", "generator", "diff", "--no-cache", str(old), str(new)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert "loops" in done.stderr and "b.yaml" in done.stderr
    assert done.stdout == ""


def test_largest_corpus_documents_against_each_other(tmp_path: Path) -> None:
    # Two unrelated large documents: everything differs, nothing crashes or hangs.
    corpus = ROOT.parent / "shared" / "corpus"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "diff",
            "--lenient",
            "--no-cache",
            "--format",
            "json",
            str(corpus / "github.json"),
            str(corpus / "openai.yaml"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    summary = yaml.safe_load(done.stdout)["summary"]
    assert summary["breaking"] > 500 and summary["info"] > 500
