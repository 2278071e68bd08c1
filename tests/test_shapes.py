"""The fixture shapes behave as the golden output promises: parsed by the real package."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.snapshots import GOLDEN, ROOT
from tests.support.shapes_checks import CHECKS


@pytest.mark.parametrize("check", sorted(CHECKS))
def test_golden_shapes_package(check: str) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(GOLDEN / "shapes"), str(ROOT)])}
    result = subprocess.run(
        [sys.executable, "-m", "tests.support.shapes_checks", check],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
