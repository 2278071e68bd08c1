"""``python -m generator release``: Unreleased becomes the next version in ``releases/``.

The vendors are built strictly, as ``make generate`` builds them; their records are
compared with the last release's; the highest level of change picks the version
(breaking: major, any other change to the API: minor, documentation only: patch; the
first release is 1.0.0); the new section goes on top of ``releases/CHANGELOG.md`` and
the records become the released ones. ``releases/`` is then swapped in whole, and the
caller regenerates ``generated/`` from it.
"""

from __future__ import annotations

from pathlib import Path

from generator.apirecord import dump_record, load_record, record_files
from generator.cache import Cache
from generator.changelog import next_version as version_for
from generator.changelog import records_in, released_sections, unreleased_reports
from generator.pipeline import PackageJob
from generator.releases import ReleaseState, load_state, write_state

RELEASED = 0
NOTHING_TO_RELEASE = 3


def release(specs: Path, releases: Path, root: Path, store: Cache, shown: str) -> tuple[int, str]:
    """Write the next release into ``releases/``: (exit status, message for the user).

    Raises GenerationError (nothing written) when the specs do not generate or the
    release state cannot be read.
    """
    state = load_state(releases, shown, load_record)
    job = PackageJob(specs, root, store)
    try:
        job.finish()
        records = records_in(record_files(job.built))
    finally:
        job.close()
    reports = unreleased_reports(state.records, records)
    version = version_for(state, reports)
    if version is None:
        since = state.version or "the start"
        return (
            NOTHING_TO_RELEASE,
            f"nothing to release: no change a caller can notice since {since}.",
        )
    sections = released_sections(state, version, reports, {**state.records, **records})
    write_state(releases, ReleaseState(version, sections, records), dump_record)
    was = state.version or "unreleased " + state.package_version
    return RELEASED, f"released {version} (was {was}); {shown}/ holds it."
