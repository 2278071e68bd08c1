"""A project's whole output in memory, as ``make generate`` makes it: the rendered
package and the API record of each vendor."""

from __future__ import annotations

from pathlib import Path

from generator.apirecord import record_files
from generator.cache import NO_CACHE
from generator.pipeline import PackageJob
from generator.render import render_package

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"


def project_files(specs: Path, spec_root: str) -> dict[str, bytes]:
    job = PackageJob(specs, ROOT, NO_CACHE)
    try:
        job.finish()
        files = render_package(job.package, TEMPLATES, spec_root=spec_root)
        files.update(record_files(job.built))
    finally:
        job.close()
    return files
