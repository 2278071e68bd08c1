"""``python -m generator release``: Unreleased becomes the next version in ``releases/``.

``generated/`` is brought up to date first (a run that changes nothing, usually); the
records it holds are compared with the last release's; the highest level of change picks the version
(breaking: major, any other change to the API: minor, documentation only: patch; the
first release is 1.0.0); the new section goes on top of ``releases/CHANGELOG.md`` and
the records become the released ones. ``releases/`` is then swapped in whole, and the
caller regenerates ``generated/`` from it (one warm run: only the files that carry the
version and the changelog change).
"""

from __future__ import annotations

from pathlib import Path

from generator.change.changelog import next_version as version_for
from generator.change.changelog import released_sections, unreleased_reports
from generator.change.record import RECORD_FOLDER, dump_record, load_record
from generator.change.release_state import ReleaseState, load_state, write_state

RELEASED = 0
NOTHING_TO_RELEASE = 3


def release(releases: Path, generated: Path, shown: str) -> tuple[int, str]:
    """Write the next release into ``releases/``: (exit status, message for the user).

    ``generated`` must be current (the caller has just run generate): its
    ``api/<vendor>.json`` are the records of what ``specs/`` builds now. Raises
    GenerationError (nothing written) when the release state or a record cannot be read.
    """
    state = load_state(releases, shown, load_record)
    records = {
        path.stem: load_record(path) for path in sorted((generated / RECORD_FOLDER).glob("*.json"))
    }
    reports = unreleased_reports(state.records, records)
    version = version_for(state, reports)
    if version is None:
        since = state.version or "the start"
        message = f"nothing to release: no change a caller can notice since {since}."
        return NOTHING_TO_RELEASE, message
    sections = released_sections(state, version, reports, {**state.records, **records})
    write_state(releases, ReleaseState(version, sections, records), dump_record)
    was = state.version or "unreleased " + state.package_version
    return RELEASED, f"released {version} (was {was}); {shown}/ holds it."
