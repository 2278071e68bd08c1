"""Write rendered files: one ruff pass, then swap the output folder in atomically.

The new tree is written and formatted in a temporary sibling of the output folder (same
file system), compared with what is there, and exchanged with it in one
``renameat2(RENAME_EXCHANGE)`` call, so an interrupted run leaves the old tree or the
new one, never a mix. Where the kernel lacks that call, two renames are used and a
later run finishes or undoes a swap that was cut short.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import filecmp
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from ruff.__main__ import find_ruff_bin

from generator.findings import Finding, GenerationError, Severity

# Build and cache droppings that are never part of the generated tree.
IGNORED = frozenset({"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache", "build", "dist"})
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@dataclass
class EmitResult:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    @property
    def unchanged(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def summary(self, limit: int = 20) -> str:
        lines = [f"  + {p}" for p in self.added] + [f"  - {p}" for p in self.removed]
        lines += [f"  ~ {p}" for p in self.changed]
        more = len(lines) - limit
        shown = lines[:limit] + ([f"  ... and {more} more"] if more > 0 else [])
        return "\n".join(shown)


def _temp_names(out_dir: Path) -> tuple[Path, Path]:
    # The scratch folder carries the run's pid: a killed run's ruff child may still be
    # writing into its own scratch for a moment, and must never write into a new run's.
    parent = out_dir.parent
    return parent / f".{out_dir.name}.new-{os.getpid()}", parent / f".{out_dir.name}.old"


def recover(out_dir: Path) -> None:
    """Finish or undo a swap a killed run left behind, and drop dead runs' scratch."""
    _, old = _temp_names(out_dir)
    if not out_dir.exists() and old.exists():
        # Killed between the two fallback renames: the old tree is whole; put it back.
        old.rename(out_dir)
    if old.exists():
        shutil.rmtree(old)
    for scratch in out_dir.parent.glob(f".{out_dir.name}.new-*"):
        if not _alive(scratch.name.rsplit("-", 1)[-1]):
            shutil.rmtree(scratch, ignore_errors=True)


def _alive(pid_text: str) -> bool:
    """Whether the run that owns a scratch folder is still going (then it is left alone)."""
    if not pid_text.isdigit():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return int(pid_text) != os.getpid()


def write_tree(files: dict[str, bytes], root: Path) -> None:
    for relative, content in sorted(files.items()):
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def format_tree(root: Path) -> None:
    """One ruff call to fix (imports, unused names) and one to format the whole tree."""
    ruff = find_ruff_bin()
    for args in (["check", "--fix", "--quiet", "--no-cache"], ["format", "--quiet", "--no-cache"]):
        proc = subprocess.run(
            [ruff, *args, "."], cwd=root, capture_output=True, text=True, check=False
        )
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


def compare(new: Path, current: Path) -> EmitResult:
    result = EmitResult()
    new_files = _listing(new)
    old_files = _listing(current) if current.exists() else set()
    result.added = sorted(new_files - old_files)
    result.removed = sorted(old_files - new_files)
    for relative in sorted(new_files & old_files):
        if not filecmp.cmp(new / relative, current / relative, shallow=False):
            result.changed.append(relative)
    return result


def _listing(root: Path) -> set[str]:
    found: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in IGNORED and not d.endswith(".egg-info")]
        base = Path(dirpath).relative_to(root)
        found.update(str(base / name) for name in filenames if not name.endswith(".pyc"))
    return found


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False where the platform cannot."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(a))


def emit(files: dict[str, bytes], out_dir: Path, *, check: bool) -> EmitResult:
    """Render into place (or, with ``check``, only say what would change)."""
    out_dir = out_dir.absolute()
    recover(out_dir)
    new, old = _temp_names(out_dir)
    try:
        write_tree(files, new)
        format_tree(new)
        result = compare(new, out_dir)
        if check or result.unchanged:
            return result
        if not out_dir.exists():
            new.rename(out_dir)
        elif not _exchange(new, out_dir):
            out_dir.rename(old)
            new.rename(out_dir)
        return result
    finally:
        # After an exchange `new` holds the previous tree; either way it is scratch now.
        for leftover in (new, old):
            if leftover.exists():
                shutil.rmtree(leftover)
