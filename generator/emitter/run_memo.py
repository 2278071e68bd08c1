"""A run that changes nothing, recognised before any of the pipeline is imported.

``make generate`` and ``--check`` run on every change and in CI; most runs find nothing
to do. The project's output is a function of its inputs: every file under ``specs/`` (a
vendor's ``$ref`` files may not leave its folder), every file under ``templates/`` and
``releases/``, the generator's own sources, the versions of the packages that shape the
output or decide a finding (Jinja, PyYAML, ruff, the validator) and the Python version.
A successful run records, under a hash of all of that, the hash of each file it
produced. A later run with the same hash only has to check that the output folder holds
exactly those files, which takes a few milliseconds instead of loading, validating,
building, rendering and formatting again. Any difference (an input, a version, a hand
edit in the output folder) means the full run; nothing is ever trusted that the key does
not cover.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

from generator.cache import VALIDATOR_PACKAGES, Cache, digest, installed_versions

KIND = "run-v1"
# The generator's own tools, and every package whose code shapes a validation finding.
_PACKAGES = ("jinja2", "markupsafe", "pyyaml", "ruff", *VALIDATOR_PACKAGES)
# Caches and build droppings that are never an input and never part of the output.
_SKIPPED = frozenset({"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"})


def _files(root: Path) -> list[tuple[str, Path]]:
    found: list[tuple[str, Path]] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIPPED)
        for name in sorted(filenames):
            if name.endswith(".pyc"):
                continue
            path = Path(dirpath) / name
            found.append((path.relative_to(root).as_posix(), path))
    return found


def inputs_key(
    specs_dir: Path, templates: Path, out_dir: Path, releases: Path | None = None
) -> str:
    """One hash over everything the output of a project run depends on.

    ``releases`` is the release state (the last release's version, records and changelog),
    which the changelog and the version are composed from.
    """
    parts: list[str | bytes] = [KIND, f"python {sys.version_info[:3]}"]
    parts += [f"{n} {v}" for n, v in installed_versions(*_PACKAGES).items()]
    parts += [str(specs_dir.resolve()), str(templates.resolve()), str(out_dir.resolve())]
    for label, root in (
        ("generator", Path(__file__).parents[1]),
        ("specs", specs_dir),
        ("templates", templates),
        *((("releases", releases),) if releases is not None else ()),
    ):
        for relative, path in _files(root):
            parts += [f"{label}/{relative}", path.read_bytes()]
    return digest(*parts)


def _manifest_of(out_dir: Path, skip: frozenset[str]) -> dict[str, str] | None:
    if not out_dir.is_dir():
        return None
    found: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(out_dir):
        dirnames[:] = [d for d in dirnames if d not in skip and not d.endswith(".egg-info")]
        base = Path(dirpath)
        for name in filenames:
            if name.endswith(".pyc"):
                continue
            path = base / name
            found[path.relative_to(out_dir).as_posix()] = hashlib.sha256(
                path.read_bytes()
            ).hexdigest()
    return found


def output_is_current(key: str, out_dir: Path, store: Cache, skip: frozenset[str]) -> int | None:
    """The number of files, when ``out_dir`` is exactly what these inputs made before."""
    raw = store.get(KIND, key)
    if raw is None:
        return None
    try:
        expected = json.loads(raw)
        if not isinstance(expected, dict):
            return None
    except ValueError:
        return None
    try:
        current = _manifest_of(out_dir, skip)
    except OSError:
        return None
    return len(expected) if current == expected else None


def remember(key: str, files: dict[str, bytes], store: Cache) -> None:
    """Record what a successful run made from the inputs under ``key``."""
    manifest = {path: hashlib.sha256(data).hexdigest() for path, data in files.items()}
    store.put(KIND, key, json.dumps(manifest, sort_keys=True).encode("utf-8"))
