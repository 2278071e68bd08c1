"""Results kept between runs in the user's cache folder, found by content hashes.

Where: ``$JOBCLIENTS_CACHE_DIR``, else ``$XDG_CACHE_HOME/jobclients``, else
``~/.cache/jobclients``. ``JOBCLIENTS_CACHE=off`` (or ``--no-cache``) turns it off.

An entry is only ever found by its key, a SHA-256 over everything the result depends
on (tool versions included), so a stale entry is never read: it is simply not asked
for. A missing, unreadable or corrupt entry is a miss, never an error, and a cache
folder that cannot be written only makes the next run slower. Writes go to a
temporary file renamed into place, so a reader never sees half an entry.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ENV_DIR = "JOBCLIENTS_CACHE_DIR"
ENV_SWITCH = "JOBCLIENTS_CACHE"
# Past this, the entries used longest ago go (a formatted client of a large document is
# several MB, and every edit of a template makes new ones).
MAX_BYTES = 512 * 1024 * 1024


def digest(*parts: str | bytes) -> str:
    """One SHA-256 over several parts, each length-prefixed so no two lists collide."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


@dataclass(frozen=True, slots=True)
class Cache:
    """A folder of entries by kind and key; ``root=None`` is a cache that keeps nothing."""

    root: Path | None

    def _path(self, kind: str, key: str) -> Path | None:
        if self.root is None:
            return None
        return self.root / kind / key[:2] / key

    def get(self, kind: str, key: str) -> bytes | None:
        path = self._path(kind, key)
        if path is None:
            return None
        try:
            data = path.read_bytes()
        except OSError:
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # used now: the last to go when the cache is pruned
        return data

    def put(self, kind: str, key: str, data: bytes) -> None:
        path = self._path(kind, key)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, scratch = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(data)
                os.replace(scratch, path)
            except BaseException:
                Path(scratch).unlink(missing_ok=True)
                raise
        except OSError:
            return  # a read-only or full disk: the run goes on uncached

    def prune(self, max_bytes: int = MAX_BYTES) -> None:
        """Drop the entries used longest ago until the cache holds under ``max_bytes``."""
        if self.root is None:
            return
        entries: list[tuple[float, int, Path]] = []
        for dirpath, _dirnames, filenames in os.walk(self.root):
            for name in filenames:
                path = Path(dirpath) / name
                with contextlib.suppress(OSError):
                    info = path.stat()
                    entries.append((info.st_mtime, info.st_size, path))
        total = sum(size for _, size, _ in entries)
        if total <= max_bytes:
            return
        for _mtime, size, path in sorted(entries):
            if total <= max_bytes * 3 // 4:
                break
            with contextlib.suppress(OSError):
                path.unlink()
                total -= size


def user_cache(*, enabled: bool = True) -> Cache:
    """The cache this run uses, from the environment (see the module docstring)."""
    if not enabled or os.environ.get(ENV_SWITCH, "").lower() in {"0", "off", "no", "false"}:
        return Cache(None)
    explicit = os.environ.get(ENV_DIR)
    if explicit:
        return Cache(Path(explicit))
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Cache(Path(base) / "jobclients")


NO_CACHE = Cache(None)


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


# Every package whose code decides whether and how a validation finding is reported: a
# cached result is only good for the versions it was made with.
VALIDATOR_PACKAGES = (
    "openapi-spec-validator",
    "openapi-schema-validator",
    "jsonschema",
    "jsonschema-rs",
    "jsonschema-path",
    "jsonschema-specifications",
    "referencing",
    "rfc3339-validator",
)


def installed_versions(*names: str) -> dict[str, str]:
    """Installed version of each distribution, from its ``.dist-info`` folder's name.

    What ``importlib.metadata.version`` answers, without its import (a tenth of a
    second, which a run that changes nothing cannot afford); "absent" when not found.
    """
    wanted = {_canonical(n): n for n in names}
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            listing = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in listing:
            if not folder.endswith(".dist-info"):
                continue
            dist, _, version = folder[: -len(".dist-info")].partition("-")
            name = wanted.get(_canonical(dist))
            if name is not None and name not in found:
                found[name] = version  # the first on sys.path is the one imported
    return {n: found.get(n, "absent") for n in names}
