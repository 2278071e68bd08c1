"""Every document in ../shared/corpus becomes a package that imports and type-checks.

The documents are generated leniently, as ``generate SPEC --out DIR`` does, each once
per session (see conftest.py). Operation counts are checked against SOURCES.tsv, which
counted them without the generator.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from ruff.__main__ import find_ruff_bin

from tests.support.corpus import ROOT, SpecRun, read_sources

pytestmark = pytest.mark.corpus

NAMES = [entry.name for entry in read_sources()]


def _generated(corpus_runs: dict[str, SpecRun], name: str) -> SpecRun:
    run = corpus_runs[name]
    assert run.error is None, f"{name} did not generate:\n{run.error}"
    return run


@pytest.mark.parametrize("name", NAMES)
def test_every_operation_becomes_a_method(corpus_runs: dict[str, SpecRun], name: str) -> None:
    run = _generated(corpus_runs, name)
    assert run.skipped_operations == (), "\n".join(run.skip_findings)
    assert run.operations == run.entry.operations


@pytest.mark.parametrize("name", NAMES)
def test_every_component_schema_becomes_a_type(corpus_runs: dict[str, SpecRun], name: str) -> None:
    run = _generated(corpus_runs, name)
    assert run.skipped_schemas == (), "\n".join(run.skip_findings)


@pytest.mark.parametrize("name", NAMES)
def test_every_finding_names_its_place(corpus_runs: dict[str, SpecRun], name: str) -> None:
    """A finding a person can act on: a line and a JSON pointer, not `openai.yaml:1`."""
    run = _generated(corpus_runs, name)
    assert run.unlocated == (), "\n".join(run.unlocated)


@pytest.fixture(scope="session")
def probes(corpus_runs: dict[str, SpecRun]) -> dict[str, dict[str, object]]:
    """Each package imported in a fresh interpreter, two at a time."""

    def probe(run: SpecRun) -> tuple[str, dict[str, object]]:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(run.out), str(ROOT)])}
        result = subprocess.run(
            [sys.executable, "-m", "tests.support.corpus_probe", run.entry.package],
            cwd=run.out,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if result.returncode != 0:
            return run.entry.name, {"error": result.stderr[-3000:]}
        return run.entry.name, json.loads(result.stdout.splitlines()[-1])

    runs = [run for run in corpus_runs.values() if run.error is None]
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(probe, runs))


@pytest.mark.parametrize("name", NAMES)
def test_package_imports_and_its_models_resolve(
    corpus_runs: dict[str, SpecRun], probes: dict[str, dict[str, object]], name: str
) -> None:
    run = _generated(corpus_runs, name)
    found = probes[name]
    assert "error" not in found, found.get("error")
    assert found["operations"] == run.entry.operations
    assert found["clients"] == 2
    assert found["missing_methods"] == []


def _generated_dirs(corpus_runs: dict[str, SpecRun]) -> list[SpecRun]:
    runs = [run for run in corpus_runs.values() if run.error is None]
    assert runs, "nothing was generated"
    return runs


@pytest.mark.parametrize("name", NAMES)
def test_rendered_code_leaves_ruff_nothing_to_fix(
    corpus_runs: dict[str, SpecRun], name: str
) -> None:
    """Imports are exact and sorted as rendered: ruff's costly fixing pass has no work."""
    run = _generated(corpus_runs, name)
    assert run.needed_fixes == (), "\n".join(run.needed_fixes[:20])


def test_ruff_check_passes_on_every_package(corpus_runs: dict[str, SpecRun]) -> None:
    runs = _generated_dirs(corpus_runs)
    failures = []
    for run in runs:
        # The package's own configuration, and ruff's defaults with no configuration.
        for isolated in ((), ("--isolated",)):
            result = subprocess.run(
                [find_ruff_bin(), "check", "--no-cache", *isolated, "."],
                cwd=run.out,
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode != 0:
                failures.append(f"{run.entry.name} {isolated}:\n{result.stdout[-2000:]}")
    assert not failures, "\n".join(failures)


def test_mypy_strict_passes_on_every_package(
    corpus_runs: dict[str, SpecRun], tmp_path: Path
) -> None:
    """One mypy run over all packages: each is its own top-level package name."""
    runs = _generated_dirs(corpus_runs)
    packages = [arg for run in runs for arg in ("-p", run.entry.package)]
    env = {**os.environ, "MYPYPATH": os.pathsep.join(str(run.out) for run in runs)}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-error-summary",
            "--cache-dir",
            str(tmp_path / "mypy_cache"),
            *packages,
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    assert len(runs) == len(NAMES)
