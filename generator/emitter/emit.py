"""Write rendered files: one ruff pass, then swap the output folder in atomically.

The new tree is written and formatted in a temporary sibling of the output folder (same
file system), compared with what is there, and exchanged with it in one
``renameat2(RENAME_EXCHANGE)`` call, so an interrupted run leaves the old tree or the
new one, never a mix. Where the kernel lacks that call, two renames are used and a
later run finishes or undoes a swap that was cut short.

A file whose bytes did not change is not rewritten: before the exchange, its copy in
the new tree is replaced by a hard link to the file already in place, so it keeps its
inode and modification time (make, editors and installers see nothing new). Links are
made inside the scratch tree only; the tree in place is never touched before the swap.
When nothing changed at all, nothing is swapped.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.cache import NO_CACHE, Cache
from generator.emitter.formatting import format_files

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


def compare(final: dict[str, bytes], current: Path) -> EmitResult:
    """What writing ``final`` over the tree at ``current`` would add, remove and change."""
    result = EmitResult()
    old_files = _listing(current) if current.exists() else set()
    new_files = set(final)
    result.added = sorted(new_files - old_files)
    result.removed = sorted(old_files - new_files)
    for relative in sorted(new_files & old_files):
        try:
            same = (current / relative).read_bytes() == final[relative]
        except OSError:
            same = False
        if not same:
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
    import ctypes  # only a run that changes something swaps
    import ctypes.util

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


def _keep_unchanged(new: Path, current: Path, relatives: list[str]) -> None:
    """Make each unchanged file in the new tree the very file already in place."""
    for relative in relatives:
        target = new / relative
        link = target.with_name(f".{target.name}.link")
        try:
            os.link(current / relative, link)
        except OSError:
            continue  # no hard links here (another file system, a quota): keep the copy
        os.replace(link, target)


@dataclass
class Prepared:
    """The new tree, formatted and compared, waiting in its scratch folder."""

    out_dir: Path
    new: Path
    files: dict[str, bytes]
    result: EmitResult

    def commit(self) -> EmitResult:
        """Swap the new tree in (if anything changed); the old one is dropped after."""
        result = self.result
        if result.unchanged:
            return result
        if not self.out_dir.exists():
            self.new.rename(self.out_dir)
            return result
        changed = set(result.added) | set(result.changed)
        _keep_unchanged(self.new, self.out_dir, sorted(set(self.files) - changed))
        if not _exchange(self.new, self.out_dir):
            _old_new, old = _temp_names(self.out_dir)
            self.out_dir.rename(old)
            self.new.rename(self.out_dir)
        return result


@contextlib.contextmanager
def prepare(files: dict[str, bytes], out_dir: Path, store: Cache = NO_CACHE) -> Iterator[Prepared]:
    """Write and format the new tree beside ``out_dir``; scratch is removed on leaving.

    Nothing in ``out_dir`` changes unless ``commit`` is called inside the block.
    """
    out_dir = out_dir.absolute()
    recover(out_dir)
    new, old = _temp_names(out_dir)
    try:
        final = format_files(files, new, store)
        yield Prepared(out_dir, new, final, compare(final, out_dir))
    finally:
        # After an exchange `new` holds the previous tree; either way it is scratch now.
        for leftover in (new, old):
            if leftover.exists():
                shutil.rmtree(leftover)


def emit(
    files: dict[str, bytes], out_dir: Path, *, check: bool, store: Cache = NO_CACHE
) -> EmitResult:
    """Render into place (or, with ``check``, only say what would change)."""
    with prepare(files, out_dir, store) as prepared:
        return prepared.result if check else prepared.commit()
