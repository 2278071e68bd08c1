"""Broken specs and configs: exit 1, findings with file:line, no traceback, nothing written.

Each broken document goes two ways: to ``python -m generator generate SPEC --out DIR``
(a user trying one document) and, as a vendor placed under a copy of the project's
specs/, to ``make generate`` (the project's own run). Both must fail cleanly within a
time and memory bound, and leave the output tree byte for byte as it was.
"""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.fake_server import Reply, fake_server
from tests.support.measure import Measured, run_measured
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

# What a failing run may cost. A valid run of the five vendors takes about 1 s and
# 90 MB; an alias bomb expanded would take minutes and gigabytes, a $ref cycle forever.
MAX_SECONDS = 30
MAX_PEAK_MB = 300
# Over the default max_bytes (32 MiB) by a little: only its size is ever looked at.
OVER_DEFAULT_CAP = 33 * 1024 * 1024
# A URL no run may fetch: the fake server counts requests, and must count none.
URL_PLACEHOLDER = "URL-OF-FAKE-SERVER"


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def _alias_bomb(levels: int = 9) -> str:
    lines = ['  l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels + 1):
        lines.append(f"  l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 9) + "]")
    return "x-bomb:\n" + "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Case:
    """A broken input and what the finding about it must say."""

    spec: str
    named_file: str  # the file the finding names, beside the spec
    expected: str  # text the finding holds
    config: str = VALID_CONFIG
    spec_name: str = "openapi.yaml"
    # Extra arguments for the single-SPEC run; None where only a config can break it.
    single: tuple[str, ...] | None = ()
    pointer: str | None = None  # the JSON pointer the finding names, where it has one


CASES: dict[str, Case] = {
    "unparseable yaml": Case(
        VALID_SPEC.replace("info: {title: Mini, version: '1'}", "info: {title: [Mini"),
        "openapi.yaml",
        "cannot parse",
    ),
    "duplicate key": Case(
        VALID_SPEC.replace("servers:", "info: {title: Again, version: '2'}\nservers:"),
        "openapi.yaml",
        "appears twice",
    ),
    "wrong type": Case(
        VALID_SPEC.replace("servers: [{url: 'https://mini.example.com'}]", "servers: 5"),
        "openapi.yaml",
        "openapi-schema",
        pointer="/servers",
    ),
    "missing required field": Case(
        VALID_SPEC.replace("info: {title: Mini, version: '1'}\n", ""),
        "openapi.yaml",
        "'info' is a required property",
    ),
    "dangling ref": Case(
        VALID_SPEC.replace("#/components/schemas/Job'}", "#/components/schemas/Nope'}"),
        "openapi.yaml",
        "Nope",
    ),
    "cyclic ref aliases A->B->C->B": Case(
        VALID_SPEC + "    A: {$ref: '#/components/schemas/B'}\n"
        "    B: {$ref: '#/components/schemas/C'}\n    C: {$ref: '#/components/schemas/B'}\n",
        "openapi.yaml",
        "loops",
    ),
    "cyclic yaml alias": Case(
        VALID_SPEC + "x-loop: &loop {again: *loop}\n",
        "openapi.yaml",
        "[alias-cycle] at /x-loop/again",
        pointer="/x-loop/again",
    ),
    "ref outside the folder": Case(
        VALID_SPEC.replace("#/components/schemas/Job'}", "../../outside.yaml#/Job'}"),
        "openapi.yaml",
        "outside the spec's folder",
    ),
    "ref to a URL": Case(
        VALID_SPEC.replace("'#/components/schemas/Job'}", f"'{URL_PLACEHOLDER}/x.yaml#/Job'}}"),
        "openapi.yaml",
        "is a URL",
    ),
    "ref to a missing file": Case(
        VALID_SPEC.replace("'#/components/schemas/Job'}", "'missing.yaml#/Job'}"),
        "openapi.yaml",
        "does not exist",
    ),
    "nesting 1,000 deep": Case(
        VALID_SPEC + "x-deep: " + _nested(1000) + "\n",
        "openapi.yaml",
        "[too-deep]",
    ),
    "nesting 1,000 deep, as JSON": Case(
        '{"openapi": "3.1.0", "info": {"title": "Mini", "version": "1"}, "paths": {},\n'
        '"x-deep": ' + _nested(1000) + "}\n",
        "openapi.json",
        "[too-deep]",
        config=VALID_CONFIG + "spec: openapi.json\n",
        spec_name="openapi.json",
    ),
    "nesting past max_depth": Case(
        VALID_SPEC + "x-deep: " + _nested(300) + "\n",
        "openapi.yaml",
        "nests deeper than 256 levels",
    ),
    "yaml alias bomb": Case(
        VALID_SPEC + _alias_bomb(),
        "openapi.yaml",
        "expands to more than 5000000 nodes",
    ),
    "document over the default size cap": Case(
        VALID_SPEC + "# " + "p" * OVER_DEFAULT_CAP + "\n",
        "openapi.yaml",
        f"over the limit of {32 * 1024 * 1024} bytes",
    ),
    "document over a configured size cap": Case(
        VALID_SPEC + "# padding\n" * 100,
        "openapi.yaml",
        "over the limit of 1000 bytes; if the document is genuine, raise `limits.max_bytes`",
        config=VALID_CONFIG + "limits: {max_bytes: 1000}\n",
        single=("--max-bytes", "1000"),
    ),
    "document over a configured depth": Case(
        VALID_SPEC,
        "openapi.yaml",
        "nests deeper than 5 levels",
        config=VALID_CONFIG + "limits: {max_depth: 5}\n",
        single=("--max-depth", "5"),
    ),
    "status missing from the mapping": Case(
        VALID_SPEC.replace("enum: [waiting, done]", "enum: [waiting, done, paused]"),
        "openapi.yaml",
        "'paused' has no canonical status",
        single=None,
    ),
    "mapping names a value the enum lacks": Case(
        VALID_SPEC,
        "jobclient.yaml",
        "'gone', which the spec's status enum does not list",
        config=VALID_CONFIG.replace("done: SUCCEEDED}", "done: SUCCEEDED, gone: FAILED}"),
        single=None,
    ),
    "mapping to a status that does not exist": Case(
        VALID_SPEC,
        "jobclient.yaml",
        "'FINISHED', which is not a canonical status",
        config=VALID_CONFIG.replace("done: SUCCEEDED", "done: FINISHED"),
        single=None,
    ),
    "status pointer is not an enum": Case(
        VALID_SPEC.replace(
            "status: {$ref: '#/components/schemas/State'}", "status: {type: string}"
        ),
        "jobclient.yaml",
        "is not an enum",
        single=None,
    ),
    "config misses a key": Case(
        VALID_SPEC,
        "jobclient.yaml",
        "`client` is required",
        config=VALID_CONFIG.replace("client: Mini\n", ""),
        single=None,
    ),
    "config sets an unknown limit": Case(
        VALID_SPEC,
        "jobclient.yaml",
        "unknown limit `max_files`",
        config=VALID_CONFIG + "limits: {max_files: 3}\n",
        single=None,
    ),
}


@pytest.fixture(scope="module")
def url_server() -> Iterator[str]:
    """Serves a valid schema file: a run that fetched it would succeed, and be counted."""
    with fake_server() as server:
        server.script("/x.yaml", Reply(200, {"Job": {"type": "object"}}))
        yield server.base_url
        assert server.requests == [], "a $ref URL was fetched"


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What `make generate` needs, copied: Makefile, generator, templates, specs, output."""
    root = tmp_path_factory.mktemp("project")
    for name in ("generator", "templates", "specs", "generated"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy2(ROOT / name, root / name)
    # The venv stamp is newer than pyproject.toml: make goes straight to the generator,
    # run by this interpreter (PY=...) from the copy's own generator/ (cwd comes first).
    (root / ".venv").mkdir()
    (root / ".venv" / ".installed").touch()
    (root / "outside.yaml").write_text("Job: {type: object}\n")
    return root


@pytest.fixture(scope="module")
def output_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out") / "generated"
    shutil.copytree(ROOT / "generated", out, ignore=shutil.ignore_patterns("__pycache__"))
    return out


def _write_vendor(folder: Path, case: Case, url: str) -> None:
    folder.mkdir(parents=True)
    (folder / case.spec_name).write_text(case.spec.replace(URL_PLACEHOLDER, url))
    (folder / "jobclient.yaml").write_text(case.config)


def _assert_failed_cleanly(result: Measured, case: Case, where: str) -> None:
    output = result.stdout + result.stderr
    assert result.seconds < MAX_SECONDS, f"took {result.seconds:.1f} s"
    assert result.peak_rss_mb < MAX_PEAK_MB, f"peaked at {result.peak_rss_mb:.0f} MB"
    assert "Traceback" not in output, output
    assert "internal error" not in output, output
    named = re.escape(f"{where}/{case.named_file}")
    assert re.search(rf"{named}:\d+: error ", result.stderr), result.stderr[-3000:]
    assert case.expected in result.stderr, result.stderr[-3000:]
    if case.pointer is not None:
        assert f" at {case.pointer}: " in result.stderr, result.stderr[-3000:]


@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if c.single is not None))
def test_single_spec_fails_cleanly_and_writes_nothing(
    name: str, tmp_path: Path, output_copy: Path, url_server: str
) -> None:
    """`python -m generator generate SPEC --out DIR` with DIR a copy of generated/."""
    case = CASES[name]
    assert case.single is not None
    folder = tmp_path / "docs" / "mini"
    _write_vendor(folder, case, url_server)
    (tmp_path / "outside.yaml").write_text("Job: {type: object}\n")
    before = tree_digest(output_copy)
    spec = str(folder / case.spec_name)
    args = ["-m", "generator", "generate", spec, "--out", str(output_copy), *case.single]
    result = run_measured([sys.executable, *args], cwd=ROOT, timeout=MAX_SECONDS * 2)
    assert result.returncode == 1, result.stdout + result.stderr
    _assert_failed_cleanly(result, case, str(folder))
    assert tree_digest(output_copy) == before


@pytest.mark.parametrize("name", sorted(CASES))
def test_make_generate_fails_cleanly_and_leaves_generated_untouched(
    name: str, project_copy: Path, url_server: str
) -> None:
    """The case as one more vendor under specs/, beside the real ones: `make generate`."""
    case = CASES[name]
    vendor = project_copy / "specs" / "mini"
    _write_vendor(vendor, case, url_server)
    before = tree_digest(project_copy / "generated")
    try:
        result = run_measured(
            ["make", "--no-print-directory", "generate", f"PY={sys.executable}"],
            cwd=project_copy,
            timeout=MAX_SECONDS * 2,
        )
    finally:
        shutil.rmtree(vendor)
    # make reports the generator's own exit status as "Error 1" and exits 2 itself.
    assert result.returncode == 2, result.stdout + result.stderr
    assert re.search(r"\[Makefile:\d+: generate\] Error 1$", result.stderr, re.M), result.stderr
    _assert_failed_cleanly(result, case, "specs/mini")
    assert tree_digest(project_copy / "generated") == before


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
