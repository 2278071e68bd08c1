"""emit: files whose bytes did not change are not rewritten, and the swap stays whole."""

from __future__ import annotations

import os
from pathlib import Path

from generator.emitter.emit import emit, prepare

CONFIG = b'[tool.ruff]\nline-length = 100\n[tool.ruff.lint]\nselect = ["F", "I"]\n'
FILES = {
    "pyproject.toml": CONFIG,
    "pkg/__init__.py": b"VALUE = 1\n",
    "pkg/models.py": b"class Model:\n    pass\n",
    "README.md": b"# Pkg\n",
}


def _stamp(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_ino, info.st_mtime_ns


def test_unchanged_files_keep_their_inode_and_mtime(tmp_path: Path) -> None:
    out = tmp_path / "out"
    emit(FILES, out, check=False)
    before = {name: _stamp(out / name) for name in FILES}
    edited = {**FILES, "pkg/models.py": b"class Model:\n    x = 1\n"}
    result = emit(edited, out, check=False)
    assert result.changed == ["pkg/models.py"]
    assert (out / "pkg" / "models.py").read_bytes() == b"class Model:\n    x = 1\n"
    assert _stamp(out / "pkg" / "models.py") != before["pkg/models.py"]
    for name in ("pyproject.toml", "pkg/__init__.py", "README.md"):
        assert _stamp(out / name) == before[name], name
        assert (out / name).stat().st_nlink == 1, "the old tree's link was not dropped"
    assert not list(tmp_path.glob(".out.*")), "scratch folders left behind"


def test_a_run_that_changes_nothing_touches_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    emit(FILES, out, check=False)
    before = {name: _stamp(out / name) for name in FILES}
    folder = _stamp(out)
    assert emit(FILES, out, check=False).unchanged
    assert {name: _stamp(out / name) for name in FILES} == before
    assert _stamp(out) == folder


def test_check_and_an_uncommitted_preparation_leave_the_tree_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "out"
    emit(FILES, out, check=False)
    before = {name: ((out / name).read_bytes(), _stamp(out / name)) for name in FILES}
    edited = {**FILES, "pkg/__init__.py": b"VALUE = 2\n", "pkg/extra.py": b"Y = 3\n"}
    result = emit(edited, out, check=True)
    assert result.changed == ["pkg/__init__.py"] and result.added == ["pkg/extra.py"]
    with prepare(edited, out) as prepared:
        assert not prepared.result.unchanged  # and, not committed, nothing may change
    after = {name: ((out / name).read_bytes(), _stamp(out / name)) for name in FILES}
    assert after == before
    assert not (out / "pkg" / "extra.py").exists()
    assert not list(tmp_path.glob(".out.*"))


def test_a_removed_file_goes_and_the_rest_stay(tmp_path: Path) -> None:
    out = tmp_path / "out"
    emit(FILES, out, check=False)
    kept = _stamp(out / "pkg" / "__init__.py")
    fewer = {k: v for k, v in FILES.items() if k != "README.md"}
    result = emit(fewer, out, check=False)
    assert result.removed == ["README.md"]
    assert not (out / "README.md").exists()
    assert _stamp(out / "pkg" / "__init__.py") == kept
    assert sorted(os.listdir(out)) == ["pkg", "pyproject.toml"]
