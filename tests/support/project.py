"""A project's whole output in memory, as ``make generate`` makes it: the rendered
package, the API record of each vendor and the changelog composed from the release
state (``releases/``; a fixture has none, so it is before any release)."""

from __future__ import annotations

from pathlib import Path

from generator.builder.project import PackageJob
from generator.cache import NO_CACHE
from generator.change.changelog import CHANGELOG, changelog_file, records_in
from generator.change.record import load_record, record_files
from generator.change.release_state import ReleaseState, load_state
from generator.renderer.render import render_package

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"


def project_files(specs: Path, spec_root: str, releases: Path | None = None) -> dict[str, bytes]:
    state = load_state(releases, "releases", load_record) if releases else ReleaseState()
    job = PackageJob(specs, ROOT, NO_CACHE, version=state.package_version)
    try:
        job.finish()
        files = render_package(job.package, TEMPLATES, spec_root=spec_root)
        records = record_files(job.built)
        files.update(records)
        files[CHANGELOG] = changelog_file(state, records_in(records))
    finally:
        job.close()
    return files
