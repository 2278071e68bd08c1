"""The README's usage example runs as written against Prism serving Finch's document, and
type-checks under ``mypy --strict``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.prism import prism_server
from tests.support.readme import mypy_strict, python_block
from tests.support.trees import ROOT

pytestmark = pytest.mark.e2e


def _usage_example() -> str:
    return python_block("## Using the package")


def test_the_readme_example_runs_against_the_mock_server(tmp_path: Path) -> None:
    example = tmp_path / "example.py"
    example.write_text(_usage_example())
    with prism_server(ROOT / "specs/finch/openapi.yaml") as server:
        env = dict(os.environ, FINCH_BASE_URL=server.base_url, FINCH_ACCESS_TOKEN="any")
        done = subprocess.run(
            [sys.executable, str(example)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    # Prism answers with the document's example job, which has completed.
    assert done.stdout.splitlines()[0] == "complete succeeded", done.stdout


def test_the_readme_example_type_checks(tmp_path: Path) -> None:
    example = tmp_path / "example.py"
    example.write_text(_usage_example())
    done = mypy_strict(example)
    assert done.returncode == 0, done.stdout + done.stderr
