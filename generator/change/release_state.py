"""The release state: what the last release shipped, kept in ``releases/`` as an input.

``generated/`` stays a function of the repository's inputs, so what a release decides
(its version, the records of the API it shipped, its changelog section) is not kept in
``generated/`` but in ``releases/``, which ``make generate`` reads:

    releases/VERSION            the version of the last release ("1.4.0"); absent before
                                the first one, when the package is 0.1.0
    releases/CHANGELOG.md       every released section, newest first, as released
    releases/api/<vendor>.json  the API record of each vendor as released

Only ``python -m generator release`` writes it, swapped in whole as ``generated/`` is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from generator.model.findings import Finding, GenerationError, Severity

UNRELEASED_VERSION = "0.1.0"  # the package's version until its first release
FIRST_RELEASE = "1.0.0"
VERSION_FILE = "VERSION"
CHANGELOG_FILE = "CHANGELOG.md"
RECORDS_DIR = "api"

Bump = Literal["major", "minor", "patch"]
_VERSION = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")
_HEADING = re.compile(r"^## (\S+)\s*$", re.MULTILINE)
_VENDOR = re.compile(r"^[a-z_][a-z0-9_]*$")


@dataclass(frozen=True)
class ReleaseState:
    """The last release, or the state before any (no version, no sections, no records)."""

    version: str | None = None
    sections: str = ""  # released changelog sections, verbatim, each starting "## X.Y.Z"
    records: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def package_version(self) -> str:
        return self.version or UNRELEASED_VERSION

    @property
    def versions(self) -> list[str]:
        """The released versions, newest first, as the changelog's headings give them."""
        return _HEADING.findall(self.sections)


def _finding(display: str, line: int | None, message: str) -> Finding:
    return Finding(Severity.ERROR, "release-state", display, line, "", message)


def load_state(
    folder: Path, display: str, load_record: Callable[[Path], dict[str, Any]]
) -> ReleaseState:
    """Read ``releases/``; a folder that does not exist is the state before any release.

    Anything inconsistent (a version that is not X.Y.Z, a changelog whose newest section
    is not that version, a record that does not load) raises GenerationError naming the
    file: ``make generate`` never composes a changelog from a state it cannot trust.
    """
    from generator.emitter.emit import recover

    # A release killed in the middle of its swap: finish or undo it first, as for
    # generated/, so that a missing folder really means "never released".
    recover(folder.absolute())
    if not folder.exists():
        return ReleaseState()
    problems: list[Finding] = []
    version_path = folder / VERSION_FILE
    changelog_path = folder / CHANGELOG_FILE
    version: str | None = None
    try:
        version = version_path.read_text("utf-8").strip()
    except FileNotFoundError:
        problems.append(
            _finding(
                f"{display}/{VERSION_FILE}",
                None,
                "is missing; releases/ is written only by `make release`: restore it from "
                "version control.",
            )
        )
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(_finding(f"{display}/{VERSION_FILE}", None, f"cannot be read ({exc})."))
    if version is not None and not _VERSION.match(version):
        problems.append(
            _finding(
                f"{display}/{VERSION_FILE}",
                1,
                f"holds {version[:40]!r}, not a version X.Y.Z; restore it from version control.",
            )
        )
    sections = ""
    try:
        sections = changelog_path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(_finding(f"{display}/{CHANGELOG_FILE}", None, f"cannot be read ({exc})."))
    else:
        headings = _HEADING.findall(sections)
        starts = sections.startswith("## ") and bool(headings)
        if version is not None and not (starts and headings[0] == version):
            problems.append(
                _finding(
                    f"{display}/{CHANGELOG_FILE}",
                    1,
                    f"must start with the section of the last release, `## {version}`; "
                    "restore it from version control.",
                )
            )
    records: dict[str, dict[str, Any]] = {}
    for path in sorted((folder / RECORDS_DIR).glob("*.json")):
        if not _VENDOR.match(path.stem):
            problems.append(
                _finding(
                    f"{display}/{RECORDS_DIR}/{path.name}", None, "is not a vendor module name."
                )
            )
            continue
        try:
            records[path.stem] = load_record(path)
        except GenerationError as exc:
            problems.extend(exc.findings)
    if problems:
        raise GenerationError(problems)
    return ReleaseState(version, sections, records)


def bump(version: str | None, level: Bump) -> str:
    """The next version: 1.0.0 at the first release, else semver's bump of ``level``."""
    if version is None:
        return FIRST_RELEASE
    match = _VERSION.match(version)
    if match is None:
        raise ValueError(f"not a version X.Y.Z: {version!r}")
    major, minor, patch = (int(part) for part in match.groups())
    if level == "major":
        return f"{major + 1}.0.0"
    if level == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def state_files(state: ReleaseState, dump_record: Callable[[Any], str]) -> dict[str, bytes]:
    """The files of ``releases/`` for ``state``, keyed by their path in it."""
    assert state.version is not None
    files = {
        VERSION_FILE: (state.version + "\n").encode("utf-8"),
        CHANGELOG_FILE: state.sections.encode("utf-8"),
    }
    for vendor, record in sorted(state.records.items()):
        files[f"{RECORDS_DIR}/{vendor}.json"] = dump_record(record).encode("utf-8")
    return files


def write_state(folder: Path, state: ReleaseState, dump_record: Callable[[Any], str]) -> None:
    """Replace ``releases/`` whole, as ``generated/`` is replaced: one atomic exchange."""
    from generator.emitter.emit import emit

    emit(state_files(state, dump_record), folder, check=False)
