"""Validation and ruff results remembered by content hash: reused only when exact."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.cache import ENV_DIR, ENV_SWITCH, Cache, user_cache
from generator.emitter import formatting
from generator.emitter.formatting import format_files
from generator.loader.document import SpecDocument
from generator.model.findings import Finding
from generator.validator import results_cache
from generator.validator import worker as validation_worker
from generator.validator.validate import validate_document
from generator.validator.worker import start_validation, start_validator_process
from tests.support.trees import ROOT

SPEC = """\
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
              schema: {$ref: 'parts.yaml#/Job'}
"""
PARTS = """\
Job:
  type: object
  required: [id, id]
  properties:
    id: {type: string}
"""


def _spec(folder: Path, spec: str = SPEC, parts: str = PARTS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "parts.yaml").write_text(parts)
    path = folder / "openapi.yaml"
    path.write_text(spec)
    return path


def _validated(path: Path, store: Cache, *, parallel: bool = False) -> list[Finding]:
    pending = start_validation([SpecDocument.open(path, path.name)], store, parallel=parallel)
    try:
        return pending.findings()[0]
    finally:
        pending.close()


def _no_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("validated although the cache had the answer")

    monkeypatch.setattr(validation_worker, "validate_document", refuse)


def test_a_cached_validation_gives_the_same_findings_without_validating(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Cache(tmp_path / "cache")
    path = _spec(tmp_path / "spec")
    first = _validated(path, store)
    assert first == validate_document(SpecDocument.open(path, path.name))
    assert first, "the fixture is meant to have a finding (a duplicate in `required`)"
    _no_validation(monkeypatch)
    assert _validated(path, store) == first


def test_a_change_to_a_referenced_file_is_a_miss(tmp_path: Path) -> None:
    store = Cache(tmp_path / "cache")
    path = _spec(tmp_path / "spec")
    assert _validated(path, store)
    (tmp_path / "spec" / "parts.yaml").write_text(PARTS.replace("[id, id]", "[id]"))
    assert _validated(path, store) == []


def test_a_change_to_the_document_is_a_miss(tmp_path: Path) -> None:
    store = Cache(tmp_path / "cache")
    path = _spec(tmp_path / "spec")
    assert _validated(path, store)
    _spec(tmp_path / "spec", parts=PARTS.replace("[id, id]", "[id]"))
    path.write_text(SPEC + "\n# touched\n")
    assert _validated(path, store) == []


def test_a_new_validator_version_is_a_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Cache(tmp_path / "cache")
    path = _spec(tmp_path / "spec")
    _validated(path, store)
    doc = SpecDocument.open(path, path.name)
    assert results_cache.lookup(doc, store) is not None
    monkeypatch.setattr(results_cache, "validator_version", lambda: "a future validator")
    assert results_cache.lookup(doc, store) is None


def test_a_corrupt_entry_is_a_miss(tmp_path: Path) -> None:
    store = Cache(tmp_path / "cache")
    path = _spec(tmp_path / "spec")
    expected = _validated(path, store)
    for entry in (tmp_path / "cache" / results_cache.KIND).rglob("*"):
        if entry.is_file():
            entry.write_bytes(b"{not json")
    doc = SpecDocument.open(path, path.name)
    assert results_cache.lookup(doc, store) is None
    assert _validated(path, store) == expected


def test_the_worker_finds_what_this_process_finds(tmp_path: Path) -> None:
    path = _spec(tmp_path / "spec")
    inline = _validated(path, Cache(None), parallel=False)
    assert _validated(path, Cache(None), parallel=True) == inline


def test_a_dead_worker_falls_back_to_validating_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def die(*_args: object) -> None:
        os._exit(3)

    monkeypatch.setattr(validation_worker, "_serve", die)
    path = _spec(tmp_path / "spec")
    expected = validate_document(SpecDocument.open(path, path.name))
    assert _validated(path, Cache(None), parallel=True) == expected


def test_a_worker_forked_before_loading_finds_the_same(tmp_path: Path) -> None:
    path = _spec(tmp_path / "spec")
    expected = validate_document(SpecDocument.open(path, path.name))
    worker = start_validator_process()
    assert worker is not None
    pending = start_validation([SpecDocument.open(path, path.name)], Cache(None), worker=worker)
    try:
        assert pending.findings() == [expected]
    finally:
        pending.close()
        worker.close()


def test_a_waiting_worker_ends_when_its_parent_dies(tmp_path: Path) -> None:
    """The worker waits for documents; a parent killed outright must not strand it."""
    import signal
    import subprocess
    import sys
    import time

    script = (
        "import sys, time\n"
        "from generator.validator.worker import start_validator_process\n"
        "worker = start_validator_process()\n"
        "print(worker._process.pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.kill(child, signal.SIGKILL)
    raise AssertionError("the worker outlived its killed parent")


def test_a_worker_forked_in_vain_is_released(tmp_path: Path) -> None:
    store = Cache(tmp_path / "cache")
    path = _spec(tmp_path / "spec")
    expected = _validated(path, store)
    worker = start_validator_process()
    assert worker is not None
    pending = start_validation([SpecDocument.open(path, path.name)], store, worker=worker)
    assert pending.findings() == [expected]
    worker.close()
    assert not worker.alive


def test_the_cache_folder_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_DIR, str(tmp_path))
    assert user_cache().root == tmp_path
    assert user_cache(enabled=False).root is None
    monkeypatch.setenv(ENV_SWITCH, "off")
    assert user_cache().root is None


def test_an_unwritable_cache_only_costs_time(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    store = Cache(blocker / "cache")
    path = _spec(tmp_path / "spec")
    assert _validated(path, store) == validate_document(SpecDocument.open(path, path.name))


FILES = {
    "pyproject.toml": b'[tool.ruff]\nline-length = 100\n[tool.ruff.lint]\nselect = ["F", "I"]\n',
    "pkg/mod.py": b"import sys\nimport os\nx  =  [1,\n 2]\n",
    "pkg/data.txt": b"kept   as   is\n",
}


def test_formatting_is_remembered_per_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Cache(tmp_path / "cache")
    first = format_files(FILES, tmp_path / "a", store)
    assert first["pkg/mod.py"] == b"x = [1, 2]\n"
    assert first["pkg/data.txt"] == FILES["pkg/data.txt"]

    def refuse(*_args: object) -> None:
        raise AssertionError("ruff ran although every file was remembered")

    monkeypatch.setattr(formatting, "run_ruff", refuse)
    again = format_files(FILES, tmp_path / "b", store)
    assert again == first
    assert (tmp_path / "b" / "pkg" / "mod.py").read_bytes() == b"x = [1, 2]\n"


def test_a_new_ruff_config_reformats(tmp_path: Path) -> None:
    store = Cache(tmp_path / "cache")
    format_files(FILES, tmp_path / "a", store)
    wider = dict(FILES)
    wider["pyproject.toml"] = FILES["pyproject.toml"].replace(b"100", b"4")
    again = format_files(wider, tmp_path / "b", store)
    assert again["pkg/mod.py"] != b"x = [1, 2]\n"


def test_a_project_run_that_changes_nothing_skips_the_pipeline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import cli
    from generator.builder import project

    monkeypatch.setenv(ENV_DIR, str(tmp_path / "cache"))
    out = tmp_path / "generated"
    assert cli.main(["generate", "--out", str(out)]) == 0

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the pipeline ran although nothing changed")

    monkeypatch.setattr(project, "PackageJob", refuse)
    assert cli.main(["generate", "--out", str(out)]) == 0
    assert cli.main(["generate", "--check", "--out", str(out)]) == 0
    # A hand edit in the output is not what the inputs made: the full run must happen.
    target = out / "jobclients" / "finch" / "models.py"
    target.write_text(target.read_text() + "# edited\n")
    assert cli.main(["generate", "--check", "--out", str(out)]) == 1  # refuse() ran


def test_pruning_drops_the_entries_used_longest_ago(tmp_path: Path) -> None:
    store = Cache(tmp_path / "cache")
    for index in range(8):
        store.put("kind", f"{index:02d}" * 32, b"x" * 1000)
        entry = tmp_path / "cache" / "kind" / f"{index:02d}" / (f"{index:02d}" * 32)
        os.utime(entry, (1000 + index, 1000 + index))
    assert store.get("kind", "00" * 32) is not None  # read now: the newest of all
    store.prune(max_bytes=5000)
    kept = sorted(p.name[:2] for p in (tmp_path / "cache").rglob("*") if p.is_file())
    # 8000 bytes over a 5000 limit: the oldest go until 3750 (three quarters) is reached.
    assert kept == ["00", "06", "07"]
