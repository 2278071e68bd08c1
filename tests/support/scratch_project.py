"""A copy of this project in a temporary folder, driven through its Makefile.

The copy has its own generator, templates, specs/ and releases/, so ``make generate``
and ``make release`` run there exactly as a user runs them here, with this project's
``.venv`` (``make -o`` tells make that the venv is installed, so it never reinstalls it
from the copy).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_COPIED = ("generator", "templates", "Makefile", "pyproject.toml")


class Scratch:
    def __init__(self, folder: Path) -> None:
        self.root = folder
        folder.mkdir(parents=True, exist_ok=True)
        for name in _COPIED:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(source, folder / name)
        (folder / "specs").mkdir()

    @property
    def specs(self) -> Path:
        return self.root / "specs"

    @property
    def generated(self) -> Path:
        return self.root / "generated"

    @property
    def releases(self) -> Path:
        return self.root / "releases"

    def add_vendor(self, name: str, spec: Path | None = None, config: str | None = None) -> Path:
        """specs/<name>: this project's vendor folder, or ``spec`` with ``config``."""
        folder = self.specs / name
        if spec is None:
            shutil.copytree(ROOT / "specs" / name, folder)
        else:
            folder.mkdir()
            shutil.copy2(spec, folder / "openapi.yaml")
            (folder / "jobclient.yaml").write_text(config or "", "utf-8")
        return folder

    def make(self, target: str, timeout: float = 900) -> subprocess.CompletedProcess[str]:
        venv = ["-o", ".venv/.installed", f"PY={sys.executable}"]
        return self._run(["make", "--no-print-directory", *venv, target], timeout)

    def generator(self, *args: str, timeout: float = 900) -> subprocess.CompletedProcess[str]:
        return self._run([sys.executable, "-m", "generator", *args], timeout)

    def _run(self, command: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            command,
            cwd=self.root,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"),
        )

    def text(self, relative: str) -> str:
        return (self.root / relative).read_text("utf-8")


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (build droppings aside), by relative path."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }
