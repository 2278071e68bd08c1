"""Broken specs and configs: exit 1, findings with file:line, no traceback, nothing written."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest

from tests.support.trees import ROOT, run_generator, tree_digest

VALID_SPEC = """\
openapi: 3.1.0
info: {title: Mini, version: '1'}
servers: [{url: 'https://mini.example.com'}]
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
      properties:
        status: {$ref: '#/components/schemas/State'}
    State: {type: string, enum: [waiting, done]}
"""
VALID_CONFIG = """\
client: Mini
module: mini
credential: {parameter: api_key, env: MINI_API_KEY}
base_url_env: MINI_BASE_URL
job:
  operation: getJob
  method: get_job
  status: '#/components/schemas/Job/properties/status'
  statuses: {waiting: QUEUED, done: SUCCEEDED}
"""

# name -> (spec text, config text, file the finding must name, text the finding must hold)
CASES: dict[str, tuple[str, str, str, str]] = {
    "unparseable yaml": (
        VALID_SPEC.replace("info: {title: Mini, version: '1'}", "info: {title: [Mini"),
        VALID_CONFIG,
        "openapi.yaml",
        "cannot parse",
    ),
    "duplicate key": (
        VALID_SPEC.replace("servers:", "info: {title: Again, version: '2'}\nservers:"),
        VALID_CONFIG,
        "openapi.yaml",
        "appears twice",
    ),
    "wrong type": (
        VALID_SPEC.replace("servers: [{url: 'https://mini.example.com'}]", "servers: 5"),
        VALID_CONFIG,
        "openapi.yaml",
        "openapi-schema",
    ),
    "missing required field": (
        VALID_SPEC.replace("info: {title: Mini, version: '1'}\n", ""),
        VALID_CONFIG,
        "openapi.yaml",
        "'info' is a required property",
    ),
    "dangling ref": (
        VALID_SPEC.replace("#/components/schemas/Job'}", "#/components/schemas/Nope'}"),
        VALID_CONFIG,
        "openapi.yaml",
        "Nope",
    ),
    "cyclic ref aliases": (
        VALID_SPEC + "    A: {$ref: '#/components/schemas/B'}\n"
        "    B: {$ref: '#/components/schemas/C'}\n    C: {$ref: '#/components/schemas/B'}\n",
        VALID_CONFIG,
        "openapi.yaml",
        "loops",
    ),
    "ref outside the folder": (
        VALID_SPEC.replace("#/components/schemas/Job'}", "../../outside.yaml#/Job'}"),
        VALID_CONFIG,
        "openapi.yaml",
        "outside the spec's folder",
    ),
    "ref to a URL": (
        VALID_SPEC.replace("'#/components/schemas/Job'}", "'https://example.com/x.yaml#/Job'}"),
        VALID_CONFIG,
        "openapi.yaml",
        "URL",
    ),
    "ref to a missing file": (
        VALID_SPEC.replace("'#/components/schemas/Job'}", "'missing.yaml#/Job'}"),
        VALID_CONFIG,
        "openapi.yaml",
        "does not exist",
    ),
    "status missing from the mapping": (
        VALID_SPEC.replace("enum: [waiting, done]", "enum: [waiting, done, paused]"),
        VALID_CONFIG,
        "openapi.yaml",
        "'paused' has no canonical status",
    ),
    "mapping names a value the enum lacks": (
        VALID_SPEC,
        VALID_CONFIG.replace("done: SUCCEEDED}", "done: SUCCEEDED, gone: FAILED}"),
        "jobclient.yaml",
        "'gone', which the spec's status enum does not list",
    ),
    "mapping to a status that does not exist": (
        VALID_SPEC,
        VALID_CONFIG.replace("done: SUCCEEDED", "done: FINISHED"),
        "jobclient.yaml",
        "'FINISHED', which is not a canonical status",
    ),
    "status pointer is not an enum": (
        VALID_SPEC.replace(
            "status: {$ref: '#/components/schemas/State'}", "status: {type: string}"
        ),
        VALID_CONFIG,
        "jobclient.yaml",
        "is not an enum",
    ),
    "config misses a key": (
        VALID_SPEC,
        VALID_CONFIG.replace("client: Mini\n", ""),
        "jobclient.yaml",
        "`client` is required",
    ),
}


@pytest.fixture(scope="module")
def committed_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out") / "generated"
    shutil.copytree(ROOT / "generated", out, ignore=shutil.ignore_patterns("__pycache__"))
    return out


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_fails_cleanly_and_writes_nothing(
    case: str, tmp_path: Path, committed_copy: Path
) -> None:
    spec, config, named_file, expected = CASES[case]
    vendor = tmp_path / "specs" / "mini"
    vendor.mkdir(parents=True)
    (vendor / "openapi.yaml").write_text(spec)
    (vendor / "jobclient.yaml").write_text(config)
    (tmp_path / "outside.yaml").write_text("Job: {type: object}\n")
    before = tree_digest(committed_copy)
    started = time.monotonic()
    # Bounded time: a hang (the A->B->C->B cycle that hangs other generators) fails here.
    result = run_generator(
        "generate", "--specs", str(tmp_path / "specs"), "--out", str(committed_copy), timeout=60
    )
    assert time.monotonic() - started < 60
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert re.search(rf"{re.escape(named_file)}:\d+: ", result.stderr), result.stderr
    assert expected in result.stderr, result.stderr
    assert tree_digest(committed_copy) == before


def test_generated_tree_untouched_by_a_failing_make_generate(tmp_path: Path) -> None:
    """The drift fixture against the real generated/: exit 1 and not one byte changes."""
    before = tree_digest(ROOT / "generated")
    result = run_generator("generate", "--specs", str(ROOT / "tests/fixtures/status_drift"))
    assert result.returncode == 1
    assert "'PAUSED' has no canonical status" in result.stderr
    assert re.search(r"tests/fixtures/status_drift/drift/openapi.yaml:\d+: error", result.stderr)
    assert tree_digest(ROOT / "generated") == before


def test_generate_single_spec_requires_out() -> None:
    result = run_generator("generate", "specs/finch/openapi.yaml")
    assert result.returncode == 2
    assert "--out" in result.stderr
