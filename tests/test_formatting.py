"""The ruff pass: check and format side by side, the same output as fix-then-format."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.emitter import formatting
from generator.model.findings import GenerationError

CONFIG = b'[tool.ruff]\nline-length = 100\n\n[tool.ruff.lint]\nselect = ["F", "I"]\n'
CLEAN = b"import os\n\nprint(os.sep,   1)\n"  # needs formatting only
NEEDS_FIX = b"import sys\nimport os\n\nprint(os.sep,   1)\n"  # unused import, unsorted


def _tree(root: Path, files: dict[str, bytes]) -> Path:
    formatting.write_tree(_with_config(files), root)
    return root


def _with_config(files: dict[str, bytes]) -> dict[str, bytes]:
    return {"pyproject.toml": CONFIG, **files}


def _sequential(root: Path, relatives: list[str]) -> dict[str, bytes]:
    formatting._fix_then_format(formatting._ruff_bin(), root, relatives)
    return {r: (root / r).read_bytes() for r in relatives}


@pytest.mark.parametrize("text", [CLEAN, NEEDS_FIX])
def test_same_output_as_fixing_then_formatting(tmp_path: Path, text: bytes) -> None:
    files = {"pkg/a.py": text, "pkg/b.py": CLEAN}
    names = sorted(files)
    side_by_side = _tree(tmp_path / "one", files)
    formatting.run_ruff(side_by_side, names, _with_config(files))
    expected = _sequential(_tree(tmp_path / "two", files), names)
    assert {r: (side_by_side / r).read_bytes() for r in names} == expected
    assert b"import sys" not in expected["pkg/a.py"]
    assert b"print(os.sep, 1)" in expected["pkg/a.py"]


def test_only_a_file_with_something_to_fix_takes_the_slow_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow: list[list[str]] = []
    original = formatting._fix_then_format

    def spy(ruff: str, root: Path, relatives: list[str]) -> None:
        slow.append(relatives)
        original(ruff, root, relatives)

    monkeypatch.setattr(formatting, "_fix_then_format", spy)
    clean = {"a.py": CLEAN}
    formatting.run_ruff(_tree(tmp_path / "clean", clean), ["a.py"], _with_config(clean))
    assert slow == []
    fix = {"a.py": NEEDS_FIX}
    formatting.run_ruff(_tree(tmp_path / "fix", fix), ["a.py"], _with_config(fix))
    assert slow == [["a.py"]]


def test_code_ruff_cannot_read_is_a_generation_error(tmp_path: Path) -> None:
    broken = {"a.py": b"def (:\n"}
    root = _tree(tmp_path, broken)
    with pytest.raises(GenerationError, match="ruff check rejected the generated code"):
        formatting.run_ruff(root, ["a.py"], _with_config(broken))
