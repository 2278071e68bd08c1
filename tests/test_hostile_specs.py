"""Whole specs whose every string is hostile still make a package that parses, passes
ruff, imports, and runs nothing the templates did not write.

Hypothesis draws one document per example; each is built and rendered, and every Python
file that holds spec text is compiled and searched for the canary (see
:mod:`tests.support.hostile`). The costly checks, ruff and importing the package, cost
about the same for one vendor as for a hundred, so the documents that passed are then
generated together, :data:`BATCH` vendors to a package.
"""

from __future__ import annotations

import ast
import functools
import io
import json
import os
import shutil
import subprocess
import sys
import tokenize
import tomllib
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from ruff.__main__ import find_ruff_bin

from generator.builder.client import ClientNames, build_client
from generator.builder.project import build_single
from generator.emitter.emit import emit
from generator.loader.document import SpecDocument
from generator.loader.job_config import JobBinding
from generator.model.api import Client, Package
from generator.model.names import pascal
from generator.renderer import render
from generator.renderer.render import render_package
from generator.validator.validate import validate_document
from tests.snapshots import TEMPLATES
from tests.support.hostile import CANARY, HostileSpec, hostile_spec
from tests.support.rendered_lint import needed_fixes
from tests.support.trees import run_generator

# 1,000 documents take about 5 minutes of one core (about 0.25 s each to draw, build,
# render twice and check, plus 5 s per batch of 100 for ruff, the import and one CLI
# run). They are drawn in SHARDS independent searches, so `make test`'s workers share
# them out instead of waiting for one. Each run draws new documents (no example
# database). HOSTILE_SPECS=5000 runs a longer search.
EXAMPLES = int(os.environ.get("HOSTILE_SPECS", "1000"))
SHARDS = 8
BATCH = 125
# The validator is not what is under test, and it is half the cost of a document; it
# checks every fourth, to show it too survives the input.
VALIDATE_EVERY = 4
# The longest file or folder name common file systems (ext4, APFS, NTFS) accept.
_MAX_FILE_NAME = 255
CANONICAL = ("QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED", "UNKNOWN")


def _write(spec: HostileSpec, folder: Path, index: int) -> Path:
    """Half as JSON, half as YAML (when PyYAML can write the text), to test both loaders."""
    folder.mkdir(parents=True)
    if index % 2:
        try:
            text = yaml.safe_dump(spec.document, allow_unicode=False, sort_keys=False)
        except yaml.YAMLError:
            pass
        else:
            path = folder / "openapi.yaml"
            path.write_text(text, "utf-8")
            return path
    path = folder / "openapi.json"
    # ensure_ascii: lone surrogates survive as \ud8xx escapes rather than failing to encode.
    path.write_text(json.dumps(spec.document), "utf-8")
    return path


def _client(spec: HostileSpec, path: Path, index: int) -> Client:
    doc = SpecDocument.open(path, f"specs/h{index}/{path.name}")
    if index % VALIDATE_EVERY == 0:
        validate_document(doc)
    title = doc.data["info"]["title"]
    names = ClientNames(
        module=f"h{index}",
        client=f"{pascal(title, fallback='Api')}{index}",
        credential_parameter="api_key",
        credential_env=f"H{index}_API_KEY",
        base_url_env=f"H{index}_BASE_URL",
        spec_path=f"specs/h{index}/{path.name}",
    )
    job = JobBinding(
        operation=spec.job_operation,
        method="get_job",
        status_pointer=spec.status_pointer,
        statuses={value: CANONICAL[i % len(CANONICAL)] for i, value in enumerate(spec.statuses)},
        status_lines={},
        line=None,
    )
    client, findings = build_client(doc, names, (job,), f"specs/h{index}/jobclient.yaml")
    assert client.job is not None, [f.render() for f in findings if f.severity.label == "error"]
    return client


def _canary_outside_strings(source: str) -> list[str]:
    """Every place the canary stands in code rather than in a string or a comment."""
    # Token positions are (line, column) over the lines readline yields, split at "\n" only.
    offsets = [0]
    for text in io.StringIO(source).readlines():
        offsets.append(offsets[-1] + len(text))
    safe: list[tuple[int, int]] = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in (tokenize.STRING, tokenize.COMMENT):
            start = offsets[token.start[0] - 1] + token.start[1]
            end = offsets[token.end[0] - 1] + token.end[1]
            safe.append((start, end))
    bad: list[str] = []
    at = source.find(CANARY)
    while at != -1:
        if not any(start <= at and at + len(CANARY) <= end for start, end in safe):
            number = source.count("\n", 0, at) + 1
            text = source.split("\n")[number - 1]
            bad.append(f"line {number}: {text[:120]!r}")
        at = source.find(CANARY, at + 1)
    return bad


def _ruff(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [find_ruff_bin(), *args, "--no-cache", "."],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


# Imports each vendor module and builds its client; one line per failure, then a count.
_IMPORT_ALL = """
import importlib, sys
done = 0
for arg in sys.argv[1:]:
    module, class_name = arg.split(":")
    try:
        client = getattr(importlib.import_module(module), class_name)(
            api_key="k", base_url="http://127.0.0.1:9"
        )
        repr(client)
        client.close()
        # The module's fake reads its spec facts back, takes a job and wires a client.
        fake = getattr(importlib.import_module(module + ".testing"), "Fake" + class_name[:-6])()
        fake.add_job(statuses=[fake.SPEC.job.statuses[0]])
        fake.client().close()
        done += 1
    except Exception as exc:
        print("FAIL", module, repr(exc)[:500])
print("imported", done)
"""


def _check_source(path: str, source: str) -> None:
    tree = ast.parse(source, path)
    compile(tree, path, "exec")
    misplaced = _canary_outside_strings(source)
    assert not misplaced, (path, misplaced)
    _assert_no_name_defined_twice(path, tree)


def _assert_no_name_defined_twice(path: str, tree: ast.Module) -> None:
    """Names that differ only by case or punctuation (`a_b`, `a.b`, `A_B`) must stay
    distinct: two fields or members given one name would parse and import, and one
    would silently replace the other."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            defined: list[str] = []
            for item in node.body:
                if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    defined.append(item.target.id)
                elif isinstance(item, ast.Assign):
                    defined.extend(t.id for t in item.targets if isinstance(t, ast.Name))
                elif isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                    defined.append(item.name)
            twice = {name for name in defined if defined.count(name) > 1}
            assert not twice, (path, node.name, twice)


def _check_files(files: dict[str, bytes]) -> None:
    for name, content in files.items():
        assert all(0 < len(part.encode()) <= _MAX_FILE_NAME for part in name.split("/")), name
        assert name.isascii() and name.isprintable(), name
        # The runtime is a verbatim copy with no spec text; the batch checks it once.
        if name.endswith(".py") and "/_runtime/" not in name:
            _check_source(name, content.decode("utf-8"))
        elif name.endswith(".toml"):
            tomllib.loads(content.decode("utf-8"))


@pytest.mark.parametrize("shard", range(SHARDS))
def test_hostile_specs_generate_safe_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shard: int
) -> None:
    # Each shard is its own search of EXAMPLES / SHARDS documents (`shard` only names it).
    examples = -(-EXAMPLES // SHARDS)
    # One Jinja environment for all documents: compiling the templates anew for each
    # would take most of the time budget, and an environment holds no spec data.
    monkeypatch.setattr(render, "make_environment", functools.cache(render.make_environment))
    kept: list[tuple[Path, Client]] = []

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(hostile_spec())
    def one_spec(spec: HostileSpec) -> None:
        index = len(kept)
        folder = tmp_path / "specs" / f"h{index}"
        if folder.exists():
            shutil.rmtree(folder)
        path = _write(spec, folder, index)
        client = _client(spec, path, index)
        package = Package("hostilepkg", "0.1.0", (client,))
        files = render_package(package, TEMPLATES, spec_root="specs")
        _check_files(files)
        # The single-document path names the package after the title: every file it
        # would write must have a name the file system takes.
        single, _ = build_single(path, None, tmp_path)
        _check_files(render_package(single, TEMPLATES, spec_root="specs"))
        kept.append((path, client))

    one_spec()
    # Hypothesis may stop early on its own; it must not have skipped most of the search.
    assert len(kept) >= examples // 2
    for start in range(0, len(kept), BATCH):
        _check_package(tmp_path / f"out{start}", kept[start : start + BATCH])


def _check_package(out: Path, batch: list[tuple[Path, Client]]) -> None:
    """Many vendors in one package: formatted, ruff-clean, canary-safe and importable."""
    package = Package("hostilepkg", "0.1.0", tuple(client for _, client in batch))
    files = render_package(package, TEMPLATES, spec_root="specs")
    # Imports are exact whatever the names: ruff has nothing to fix as rendered.
    fixes = needed_fixes(files)
    assert not fixes, fixes[:20]
    # emit runs ruff's check and format and fails on code they reject.
    emit(files, out, check=False)
    seen_in_strings = 0
    for path in sorted(out.rglob("*.py")):
        source = path.read_text("utf-8")
        _check_source(str(path), source)
        seen_in_strings += source.count(CANARY)
    # The canary check is only worth something if spec text reached the output at all.
    assert seen_in_strings > 0
    lint = _ruff("check", cwd=out)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    fmt = _ruff("format", "--check", cwd=out)
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr
    modules = {f"hostilepkg.{client.module}": spec for spec, client in batch}
    classes = [f"hostilepkg.{client.module}:{client.class_name}" for _, client in batch]
    run = subprocess.run(
        [sys.executable, "-c", _IMPORT_ALL, *classes],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    failed = [line.split(" ", 2) for line in run.stdout.splitlines() if line.startswith("FAIL ")]
    assert not failed, [(modules[name], error) for _, name, error in failed]
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.strip().splitlines()[-1] == f"imported {len(modules)}"
    _check_cli(out.parent / f"{out.name}-cli", batch[0][0])


def _check_cli(out: Path, spec: Path) -> None:
    """The user's path: one document, no config, its title naming the package (leniently,
    as the documents break the letter of OpenAPI on purpose: component names, duplicates)."""
    result = run_generator("generate", str(spec), "--out", str(out), "--lenient")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    for path in out.rglob("*.py"):
        _check_source(str(path), path.read_text("utf-8"))
