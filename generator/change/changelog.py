"""``generated/CHANGELOG.md``: Unreleased recomputed from the API records, releases verbatim.

Unreleased is, per vendor, the change report between the records of the last release
(``releases/api/``) and the records of what ``specs/`` builds now, grouped by level,
breaking first. A vendor new since the last release (every vendor, before the first)
is compared against an empty API; a vendor gone is compared the other way. The released
sections below it are ``releases/CHANGELOG.md`` exactly as it is, so a released section
is never rewritten.
"""

from __future__ import annotations

import json
from typing import Any

from generator.change.comparison import Report, compare_records, is_docs_only, render_report
from generator.change.record import RECORD_FOLDER
from generator.change.release_state import Bump, ReleaseState, bump

CHANGELOG = "CHANGELOG.md"  # in the output folder, beside pyproject.toml
TITLE = "# Changelog\n"
PREAMBLE = (
    "`make generate` writes this file; do not edit it. Unreleased is what changed for\n"
    "callers since the last release, vendor by vendor, most serious first; the released\n"
    "sections below it are kept in `releases/CHANGELOG.md`. `make release` turns\n"
    "Unreleased into the next version.\n"
)
UNRELEASED = "## Unreleased"
# Records' top-level tables that hold the API itself; the rest says which client it is.
# `auth` (how the client is constructed with its credential) is the client's, not the
# API's: against an empty API, "now sends a credential" would be a breaking change that
# breaks no caller, and would make every vendor added after 1.0.0 a major release.
_API_TABLES: dict[str, Any] = {
    "servers": [],
    "security_schemes": {},
    "operations": {},
    "models": {},
    "job": None,
    "jobs": {},
}


def records_in(files: dict[str, bytes]) -> dict[str, dict[str, Any]]:
    """The records among rendered files (``api/<module>.json``), read back as a released
    one is, so that both sides of the comparison are the same JSON."""
    return {
        relative.removeprefix(f"{RECORD_FOLDER}/").removesuffix(".json"): json.loads(data)
        for relative, data in files.items()
        if relative.startswith(f"{RECORD_FOLDER}/") and relative.endswith(".json")
    }


def empty_like(record: dict[str, Any]) -> dict[str, Any]:
    """The same client with no API at all: what a vendor is compared with on arrival."""
    return {**record, **_API_TABLES}


def unreleased_reports(
    released: dict[str, dict[str, Any]], current: dict[str, dict[str, Any]]
) -> dict[str, Report]:
    """Per vendor module, what changed since the release; vendors with no change left out."""
    reports: dict[str, Report] = {}
    for vendor in sorted(set(released) | set(current)):
        new = current.get(vendor)
        old = released.get(vendor)
        if old is None and new is not None:
            old = empty_like(new)
        elif new is None and old is not None:
            new = empty_like(old)
        assert old is not None and new is not None
        report = compare_records(old, new)
        if report.changes:
            reports[vendor] = report
    return reports


def release_level(reports: dict[str, Report]) -> Bump | None:
    """Semver's part to bump: breaking -> major, any API change -> minor, docs -> patch."""
    changes = [change for report in reports.values() for change in report.changes]
    if not changes:
        return None
    if any(change.level == "breaking" for change in changes):
        return "major"
    if any(not is_docs_only(change) for change in changes):
        return "minor"
    return "patch"


def next_version(state: ReleaseState, reports: dict[str, Report]) -> str | None:
    """The version ``make release`` would give these changes; None when there are none."""
    level = release_level(reports)
    return None if level is None else bump(state.version, level)


def vendor_heading(vendor: str, record: dict[str, Any] | None) -> str:
    """``### jobclients.finch (FinchClient)``: names the generator made, never spec text."""
    client = (record or {}).get("client", {})
    name = client.get("class") if isinstance(client, dict) else None
    return f"### jobclients.{vendor}" + (f" ({name})" if isinstance(name, str) else "")


def body(reports: dict[str, Report], records: dict[str, dict[str, Any]]) -> str:
    """The changes under a version heading: per vendor, then per level."""
    parts: list[str] = []
    for vendor, report in sorted(reports.items()):
        rendered = render_report(report, "markdown")
        # The report's level headings (###) sit one level below the vendor's here.
        lines = ["#" + line if line.startswith("### ") else line for line in rendered.split("\n")]
        parts.append(vendor_heading(vendor, records.get(vendor)) + "\n\n" + "\n".join(lines))
    return "\n".join(part.rstrip("\n") + "\n" for part in parts)


def section(heading: str, reports: dict[str, Report], records: dict[str, dict[str, Any]]) -> str:
    return f"{heading}\n\n{body(reports, records)}"


def compose(
    state: ReleaseState, reports: dict[str, Report], records: dict[str, dict[str, Any]]
) -> str:
    """The whole CHANGELOG.md: title, Unreleased, then the released sections verbatim."""
    if reports:
        unreleased = section(UNRELEASED, reports, records)
    else:
        since = f"since {state.version}" if state.version else "yet"
        unreleased = f"{UNRELEASED}\n\nNo changes a caller can notice {since}.\n"
    text = f"{TITLE}\n{PREAMBLE}\n{unreleased}"
    if state.sections:
        text += "\n" + state.sections
    return text


def released_sections(
    state: ReleaseState,
    version: str,
    reports: dict[str, Report],
    records: dict[str, dict[str, Any]],
) -> str:
    """``releases/CHANGELOG.md`` after releasing ``version``: its section, then the others."""
    new = section(f"## {version}", reports, records)
    return new + ("\n" + state.sections if state.sections else "")


def changelog_file(state: ReleaseState, records: dict[str, dict[str, Any]]) -> bytes:
    """``CHANGELOG.md`` of the package for the records ``specs/`` builds now."""
    reports = unreleased_reports(state.records, records)
    return compose(state, reports, {**state.records, **records}).encode("utf-8")
