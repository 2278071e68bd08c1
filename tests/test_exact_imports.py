"""Generated imports are sorted the way ruff's isort sorts them, names of every shape."""

from __future__ import annotations

import keyword
import random
import subprocess
from pathlib import Path

from ruff.__main__ import find_ruff_bin

from generator.model.imports import (
    ImportFrom,
    annotation_imports,
    import_block,
    sorted_exports,
    sorted_members,
)
from generator.model.names import Identifier

# Shapes the generator's names take: PascalCase with digits, all-caps acronyms, single
# letters, suffixes a scope adds on a clash (``Name_2``, ``Name2``), snake_case.
_PARTS = ["Model", "URL", "Url", "url", "A", "a", "V", "Http", "HTTP", "Job", "job", "X"]
_TAILS = [
    "",
    "0",
    "2",
    "9",
    "10",
    "02",
    "09",
    "001",
    "100",
    "_2",
    "_10",
    "_",
    "List",
    "ID",
    "Id",
    "s",
]


def _random_names(rng: random.Random) -> list[str]:
    # A few stems, each with several tails: the neighbours whose order is in question.
    stems = ["".join(rng.choice(_PARTS) for _ in range(rng.randint(1, 3))) for _ in range(3)]
    names = {stem + rng.choice(_TAILS) for stem in stems for _ in range(rng.randint(1, 5))}
    return [Identifier(n) for n in names if not keyword.iskeyword(n)]


def test_member_order_is_ruffs_on_random_names(tmp_path: Path) -> None:
    rng = random.Random(20261125)
    files = []
    for index in range(1000):
        names = sorted_members(_random_names(rng))
        block = import_block(((ImportFrom(".models", names, wrapped=True),),))
        path = tmp_path / f"m{index:04}.py"
        path.write_text(f"{block}\n\nprint({', '.join(names)})\n")
        files.append(path.name)
    (tmp_path / "pyproject.toml").write_text('[tool.ruff.lint]\nselect = ["I"]\n')
    result = subprocess.run(
        [find_ruff_bin(), "check", "--no-cache", "--output-format", "concise", "--", *files],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]


def test_known_order() -> None:
    assert sorted_members(["job", "Model10", "Model2", "URL", "STATUS_TABLE", "A", "Url"]) == (
        "STATUS_TABLE",
        "URL",
        "A",
        "Model2",
        "Model10",
        "Url",
        "job",
    )


def test_sections_leave_out_what_is_not_used() -> None:
    sections = annotation_imports(frozenset({"datetime", "Field", "str", "Job"}), ["Job"])
    assert import_block(sections, indent=4) == (
        "    from datetime import datetime\n"
        "\n"
        "    from pydantic import Field\n"
        "\n"
        "    from .models import (\n"
        "        Job,\n"
        "    )"
    )
    assert import_block(annotation_imports(frozenset({"str", "int"}))) == ""


def test_a_long_import_is_wrapped_as_isort_wraps_it(tmp_path: Path) -> None:
    for count in (3, 12, 40):
        modules = sorted_members(f"vendor_{i}" for i in range(count))
        block = import_block(((ImportFrom(".", modules),),), indent=4)
        (tmp_path / f"v{count}.py").write_text(
            f"from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n{block}\n"
        )
    # The generated package's line length is ruff's default, 88.
    (tmp_path / "pyproject.toml").write_text('[tool.ruff.lint]\nselect = ["I"]\n')
    result = subprocess.run(
        [find_ruff_bin(), "check", "--no-cache", "--output-format", "concise", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "(\n" in (tmp_path / "v40.py").read_text()
    assert "(\n" not in (tmp_path / "v3.py").read_text()


def test_export_order_is_ruffs_on_random_names(tmp_path: Path) -> None:
    """An ``__all__`` in sorted_exports' order is what RUF022 (a default rule) keeps."""
    rng = random.Random(20261202)
    for index in range(1000):
        names = sorted_exports(_random_names(rng))
        listed = ", ".join(f'"{name}"' for name in names)
        (tmp_path / f"e{index:04}.py").write_text(f"__all__ = [{listed}]\n")
    result = subprocess.run(
        [find_ruff_bin(), "check", "--isolated", "--no-cache", "--select", "RUF022", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]


def test_export_order_differs_from_import_order_where_ruff_does() -> None:
    # An import's members compare case-insensitively first; an __all__ does not.
    assert sorted_members(["a_b", "aB"]) == ("a_b", "aB")
    assert sorted_exports(["a_b", "aB"]) == ("aB", "a_b")
    assert sorted_exports(["b", "a", "B", "A", "AB"]) == ("AB", "A", "B", "a", "b")
