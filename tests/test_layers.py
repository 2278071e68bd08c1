"""generator/'s packages are the pipeline's stages, and none imports a stage above it.

The rule itself is the import-linter contract in pyproject.toml (``make lint`` runs
``lint-imports``); these tests show that the contract holds on the tree as it is and that
it breaks when a lower stage imports a higher one, so it is a check that can fail.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
# A module this long says in its docstring why it is one module.
LONG_MODULE = 500
WHY_LONG = "Over 500 lines on purpose:"


def _copy_tree(tmp_path: Path) -> Path:
    shutil.copytree(
        ROOT / "generator", tmp_path / "generator", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _lint(folder: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(folder)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_contract_holds_on_the_tree(tmp_path: Path) -> None:
    result = _lint(_copy_tree(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("lower", "upper"),
    [
        ("generator/model/findings.py", "generator.loader.document"),
        ("generator/loader/parse.py", "generator.builder.client"),
        ("generator/builder/schemas.py", "generator.renderer.render"),
        ("generator/emitter/emit.py", "generator.change.record"),
        ("generator/change/record.py", "generator.change.diff"),
    ],
)
def test_a_lower_stage_importing_a_higher_one_breaks_it(
    tmp_path: Path, lower: str, upper: str
) -> None:
    folder = _copy_tree(tmp_path)
    module = folder / lower
    module.write_text(module.read_text() + f"\nimport {upper}  # upward on purpose\n")
    result = _lint(folder)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
    importer = lower.removesuffix(".py").replace("/", ".")
    assert f"{importer} -> {upper}" in result.stdout, result.stdout


def test_a_new_module_must_be_placed_in_a_layer(tmp_path: Path) -> None:
    folder = _copy_tree(tmp_path)
    (folder / "generator" / "stray.py").write_text('"""Placed nowhere."""\n')
    result = _lint(folder)
    assert result.returncode != 0
    assert "generator.stray" in result.stdout


def _modules() -> list[Path]:
    return sorted((ROOT / "generator").rglob("*.py"))


def test_every_package_says_what_its_stage_does() -> None:
    for init in (ROOT / "generator").rglob("__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text()))
        assert doc, f"{init.relative_to(ROOT)} has no docstring"


def test_a_long_module_says_why() -> None:
    unexplained = []
    for path in _modules():
        text = path.read_text()
        doc = ast.get_docstring(ast.parse(text)) or ""
        if text.count("\n") > LONG_MODULE and WHY_LONG not in doc:
            unexplained.append(path.relative_to(ROOT).as_posix())
    assert unexplained == []
