"""The README's Python blocks, as the tests that run them read them."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.support.trees import ROOT


def python_block(heading: str) -> str:
    """The first ```python block after ``heading`` in README.md."""
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index(heading) :]
    found = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert found is not None, f"README's {heading!r} has no python block"
    return found.group(1)


def mypy_strict(path: Path) -> subprocess.CompletedProcess[str]:
    """``mypy --strict`` on one file, from its own folder (no project config)."""
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=path.parent,
    )
