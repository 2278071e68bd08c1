"""The fast validation paths give exactly openapi-spec-validator's findings.

jsonschema-rs is only trusted to say "valid"; these tests hold documents that are
invalid in the ways real documents are (and in ways where the two engines could read
a keyword or a format differently) and require the same findings, message for message.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from generator.loader.document import SpecDocument
from generator.model.findings import Finding
from generator.validator.validate import validate_document
from tests.snapshots import FIXTURES, ROOT

CORPUS = ROOT.parent / "shared" / "corpus"

MINI_31 = """\
openapi: 3.1.0
info: {title: Mini, version: '1'}
paths:
  /jobs/{id}:
    get:
      operationId: getJob
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Job'}
components:
  schemas:
    Job:
      type: object
      required: [id, status]
      properties:
        id: {type: string}
        status: {type: string, enum: [waiting, done]}
"""
MINI_30 = MINI_31.replace("openapi: 3.1.0", "openapi: 3.0.3")

# name -> (document, expect at least one finding)
BREAKAGES: dict[str, tuple[str, bool]] = {
    "valid 3.1": (MINI_31, False),
    "valid 3.0": (MINI_30, False),
    # openai.yaml publishes this: a `required` list with a name twice.
    "non-unique required 3.1": (MINI_31.replace("[id, status]", "[id, status, id]"), True),
    "non-unique required 3.0": (MINI_30.replace("[id, status]", "[id, status, id]"), True),
    # Valid for an ECMA-262 engine, refused by Python's `re`: the format decides.
    "python-invalid pattern 3.1": (
        MINI_31.replace("id: {type: string}", "id: {type: string, pattern: '\\p{L}+'}"),
        True,
    ),
    "python-invalid pattern 3.0": (
        MINI_30.replace("id: {type: string}", "id: {type: string, pattern: '\\p{L}+'}"),
        True,
    ),
    "unknown type name": (MINI_31.replace("id: {type: string}", "id: {type: text}"), True),
    "wrongly typed minLength 3.0": (
        MINI_30.replace("id: {type: string}", "id: {type: string, minLength: '3'}"),
        True,
    ),
    "nullable in 3.1 (allowed as an unknown keyword)": (
        MINI_31.replace("id: {type: string}", "id: {type: string, nullable: true}"),
        False,
    ),
    "default of the wrong type": (
        MINI_31.replace("id: {type: string}", "id: {type: string, default: 3}"),
        True,
    ),
    "$ref where the spec forbids it": (
        MINI_31.replace("paths:\n", "paths:\n  $ref: './elsewhere.yaml'\n"),
        True,
    ),
    "missing info": (MINI_31.replace("info: {title: Mini, version: '1'}\n", ""), True),
    "response without description": (MINI_30.replace("description: ok", "x-note: ok"), True),
    "own $schema dialect": (
        MINI_31.replace(
            "id: {type: string}",
            "id: {$schema: 'https://json-schema.org/draft/2020-12/schema', type: string}",
        ),
        False,
    ),
    "non-OAS jsonSchemaDialect": (
        MINI_31.replace(
            "openapi: 3.1.0\n",
            "openapi: 3.1.0\njsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema'\n",
        ),
        False,
    ),
    "schema that is not an object": (MINI_31.replace("id: {type: string}", "id: 7"), True),
}


def _both(path: Path) -> tuple[list[Finding], list[Finding]]:
    fast = validate_document(SpecDocument.open(path, path.name), fast=True)
    exact = validate_document(SpecDocument.open(path, path.name), fast=False)
    return fast, exact


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_fast_findings_are_the_exact_findings(name: str, tmp_path: Path) -> None:
    text, broken = BREAKAGES[name]
    spec = tmp_path / "openapi.yaml"
    spec.write_text(text)
    fast, exact = _both(spec)
    assert fast == exact
    assert bool(exact) == broken, [f.render() for f in exact]


def _project_documents() -> list[Path]:
    return sorted([*(ROOT / "specs").glob("*/openapi.yaml"), *FIXTURES.glob("*/*/openapi.yaml")])


@pytest.mark.parametrize("path", _project_documents(), ids=lambda p: str(p.relative_to(ROOT)))
def test_fast_findings_on_the_project_documents(path: Path) -> None:
    fast, exact = _both(path)
    assert fast == exact


def _corpus_entries() -> list[str]:
    if not (CORPUS / "SOURCES.tsv").is_file():
        return []
    with (CORPUS / "SOURCES.tsv").open(newline="") as handle:
        return [row["entry"] for row in csv.DictReader(handle, delimiter="\t")]


@pytest.mark.corpus
@pytest.mark.parametrize("entry", _corpus_entries())
def test_fast_findings_on_the_corpus(entry: str) -> None:
    fast, exact = _both(CORPUS / entry)
    assert fast == exact


@pytest.mark.parametrize("text", [MINI_31, MINI_30], ids=["3.1", "3.0"])
def test_a_valid_document_never_reaches_the_slow_checks(
    text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Otherwise the fast path would be a no-op and the tests above would prove nothing."""
    from openapi_schema_validator import OAS30Validator, OAS31Validator

    from generator.validator import fast

    def slow(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the slow check ran on a valid document")

    monkeypatch.setattr(fast, "validator_for", slow)
    monkeypatch.setattr(OAS30Validator, "check_schema", slow)
    monkeypatch.setattr(OAS31Validator, "check_schema", slow)
    spec = tmp_path / "openapi.yaml"
    spec.write_text(text)
    assert validate_document(SpecDocument.open(spec, spec.name), fast=True) == []
    broken = spec.read_text().replace("[id, status]", "[id, status, id]")
    spec.write_text(broken)
    # An invalid one does: validate_document turns the error into a finding.
    findings = validate_document(SpecDocument.open(spec, spec.name), fast=True)
    assert any("slow check ran" in f.message for f in findings), findings
