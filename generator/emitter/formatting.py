"""One ruff pass over the rendered files that need it; earlier passes remembered.

Ruff fixes (imports, unused names) and formats every Python file the templates make.
Its output depends only on the file's rendered text, its path, ruff's version and
ruff's configuration (``[tool.ruff]`` of the rendered pyproject.toml), so the result
is cached under a hash of exactly those: a run in which a file renders as before skips
ruff for it, and a run in which nothing changed does not start ruff at all. Files that
did change go through one ``ruff check`` and one ``ruff format``, all together (see
:func:`run_ruff`).
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from subprocess import CompletedProcess

from generator.cache import NO_CACHE, Cache, digest, installed_versions
from generator.model.findings import Finding, GenerationError, Severity

KIND = "ruff-v1"
RUFF_CONFIG = "pyproject.toml"
_FORMATTED_SUFFIXES = (".py", ".pyi")


@cache
def _ruff_version() -> str:
    """Part of every key: a new ruff may format differently."""
    return installed_versions("ruff")["ruff"]


def _ruff_bin() -> str:
    # Imported only when ruff has to run; a run that changed nothing never does.
    from ruff.__main__ import find_ruff_bin

    return str(find_ruff_bin())


def write_tree(files: dict[str, bytes], root: Path) -> None:
    for relative, content in sorted(files.items()):
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def run_ruff(root: Path, relatives: list[str], rendered: Mapping[str, bytes]) -> None:
    """Fix, then format, the given files under ``root`` (written there from ``rendered``).

    The templates leave nothing to fix (imports are exact; tests hold them to it), so
    the check and the format run side by side, a core each: the check reads a copy of
    the files as rendered while the format rewrites them. Only when the check finds
    something (or the files carry no ruff configuration of their own, which the copy
    could not take along) does the original order run: ``check --fix``, then
    ``format``, on the files as rendered. The output is the same either way.
    """
    ruff = _ruff_bin()
    if b"[tool.ruff" not in rendered.get(RUFF_CONFIG, b""):
        _fix_then_format(ruff, root, relatives)
        return
    with tempfile.TemporaryDirectory(prefix="jobclients-ruff-") as copy_name:
        copy = Path(copy_name)
        write_tree({r: rendered[r] for r in [RUFF_CONFIG, *relatives]}, copy)
        check = subprocess.Popen(
            [ruff, "check", "--quiet", "--no-cache", "--", *relatives],
            cwd=copy,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            formatted = _ruff(ruff, root, ["format", "--quiet", "--no-cache"], relatives)
        finally:
            clean = check.wait() == 0
    if clean and formatted.returncode == 0:
        return
    write_tree({r: rendered[r] for r in relatives}, root)
    _fix_then_format(ruff, root, relatives)


def _ruff(ruff: str, root: Path, args: list[str], relatives: list[str]) -> CompletedProcess[str]:
    return subprocess.run(
        [ruff, *args, "--", *relatives],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )


def _fix_then_format(ruff: str, root: Path, relatives: list[str]) -> None:
    for args in (["check", "--fix", "--quiet", "--no-cache"], ["format", "--quiet", "--no-cache"]):
        proc = _ruff(ruff, root, args, relatives)
        if proc.returncode != 0:
            detail = (proc.stdout + proc.stderr).strip().splitlines()[:15]
            raise GenerationError(
                [
                    Finding(
                        Severity.ERROR,
                        "ruff",
                        "templates/",
                        None,
                        "",
                        f"ruff {args[0]} rejected the generated code (a generator bug; please "
                        "report it with the spec): " + " | ".join(detail),
                    )
                ]
            )


def _key(relative: str, rendered: bytes, config: bytes) -> str:
    return digest(KIND, _ruff_version(), config, relative, rendered)


def format_files(files: dict[str, bytes], scratch: Path, store: Cache) -> dict[str, bytes]:
    """Write ``files`` formatted into ``scratch``; return what each file holds there."""
    config = files.get(RUFF_CONFIG, b"")
    if b"[tool.ruff" not in config:
        # Ruff would take its settings from folders around the output, which the key
        # cannot see: nothing is remembered or reused.
        store = NO_CACHE
    final = dict(files)
    pending: dict[str, str] = {}
    for relative, rendered in files.items():
        if not relative.endswith(_FORMATTED_SUFFIXES):
            continue
        key = _key(relative, rendered, config)
        remembered = store.get(KIND, key)
        if remembered is None:
            pending[relative] = key
        else:
            final[relative] = remembered
    write_tree(final, scratch)
    if pending:
        names = sorted(pending)
        run_ruff(scratch, names, final)
        for relative in names:
            formatted = (scratch / relative).read_bytes()
            final[relative] = formatted
            store.put(KIND, pending[relative], formatted)
    return final
