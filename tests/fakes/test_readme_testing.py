"""The README's "Testing your code" block runs as written for every vendor, and
type-checks under ``mypy --strict``.

The block is written for Finch; for another vendor the module, the class and each status
value are swapped for that vendor's own (by canonical status: Finch's "pending" is
QUEUED, and a vendor without a QUEUED value gets its RUNNING one), nothing else.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from jobclients import STATUS_TABLE, JobStatus
from tests.support.fakes import VENDORS, fake_class
from tests.support.readme import mypy_strict, python_block


def readme_block() -> str:
    return python_block("### Testing your code")


def for_vendor(block: str, vendor: str) -> str:
    if vendor == "finch":
        return block
    table = STATUS_TABLE[vendor]

    def value(canonical: JobStatus) -> str:
        found = [v for v, c in table.items() if c is canonical]
        if not found and canonical is JobStatus.QUEUED:
            return value(JobStatus.RUNNING)
        return found[0]

    swapped = re.sub(
        r'"(pending|in_progress|complete)"',
        lambda m: f'"{value(STATUS_TABLE["finch"][m.group(1)])}"',
        block,
    )
    swapped = swapped.replace("jobclients.finch.testing", f"jobclients.{vendor}.testing")
    return swapped.replace("FakeFinch", fake_class(f"jobclients.{vendor}").__name__)


@pytest.mark.parametrize("vendor", VENDORS)
def test_the_readme_readme_block_runs_for_every_vendor(vendor: str, tmp_path: Path) -> None:
    example = tmp_path / "example_test.py"
    example.write_text(for_vendor(readme_block(), vendor))
    done = subprocess.run(
        [sys.executable, str(example)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_the_readme_readme_block_type_checks(tmp_path: Path) -> None:
    example = tmp_path / "example_test.py"
    example.write_text(readme_block())
    done = mypy_strict(example)
    assert done.returncode == 0, done.stdout + done.stderr
