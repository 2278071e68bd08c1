"""What ``ruff check`` would still fix in rendered code, before the generator's ruff pass.

The templates import exactly the names a module uses, in isort's order, so the fixing
half of the ruff pass has nothing to do (fixing is what costs: each round of fixes
lints the whole file again). A non-empty answer here means a template or the model's
import tables drifted: the output stays right (ruff fixes it), but generation slows.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from ruff.__main__ import find_ruff_bin

from generator.emitter.formatting import write_tree


def needed_fixes(files: dict[str, bytes]) -> list[str]:
    """ruff's findings on the rendered Python files, one line each; [] when clean."""
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        write_tree(files, scratch)
        python = sorted(name for name in files if name.endswith((".py", ".pyi")))
        result = subprocess.run(
            [
                find_ruff_bin(),
                "check",
                "--no-cache",
                "--output-format",
                "concise",
                "--config",
                str(scratch / "pyproject.toml"),
                "--",
                *python,
            ],
            cwd=scratch,
            capture_output=True,
            text=True,
            check=False,
        )
    if result.returncode == 0:
        return []
    return [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
