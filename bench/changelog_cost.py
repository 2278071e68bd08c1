"""What the changelog's Unreleased section costs a no-op ``make generate``.

Two copies of the project, side by side: one before any release (no ``releases/``),
one released (``releases/`` holding the five vendors' records). Runs of a no-op
``make generate`` alternate between them; medians are compared. A no-op run is
recognised by the run memo, whose key covers ``releases/``, so what the release state
adds there is hashing it. The recomputation itself (records read, compared with the
released ones, changelog composed), which a full run does, is timed in-process too and
put beside the no-op run as if every no-op run paid it.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.generators import REPEATS, Series, _our_env
from bench.measure import run
from tests.support.scratch_project import Scratch

ROOT = Path(__file__).resolve().parents[1]
IN_PROCESS_REPEATS = 50


@dataclass
class ChangelogFigures:
    before_release: Series
    released: Series
    recompute_s: float  # median, in-process
    vendors: int

    @property
    def added(self) -> float:
        """The released project's no-op run over the unreleased one's, minus one."""
        return self.released.wall_s / self.before_release.wall_s - 1.0

    @property
    def recompute_share(self) -> float:
        return self.recompute_s / self.released.wall_s

    @property
    def ok(self) -> bool:
        both = self.before_release.ok and self.released.ok
        return both and self.added < 0.10 and self.recompute_share < 0.10


def _project(folder: Path) -> Path:
    """A copy of the project with the five vendors and today's generated/."""
    project = Scratch(folder)
    for vendor in sorted(p.name for p in (ROOT / "specs").iterdir() if p.is_dir()):
        project.add_vendor(vendor)
    shutil.copytree(ROOT / "generated", folder / "generated")
    return folder


def _make(folder: Path, target: str) -> list[str]:
    # -o: the project's venv is installed; make must not reinstall it from the copy.
    venv = ["-o", ".venv/.installed", f"PY={sys.executable}"]
    return ["make", "--no-print-directory", "-C", str(folder), *venv, target]


def _recompute(released: Path) -> float:
    """Median seconds to read the records, compare them and compose the changelog."""
    sys.path.insert(0, str(ROOT))
    from generator.change.changelog import changelog_file, records_in
    from generator.change.record import load_record
    from generator.change.release_state import load_state

    state = load_state(released / "releases", "releases", load_record)
    current = {
        f"api/{path.name}": path.read_bytes()
        for path in sorted((released / "generated" / "api").glob("*.json"))
    }
    times: list[float] = []
    for _ in range(IN_PROCESS_REPEATS):
        started = time.perf_counter()
        changelog_file(state, records_in(current))
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure_changelog(progress: Callable[[str], None]) -> ChangelogFigures:
    with tempfile.TemporaryDirectory(prefix="jobclients-bench-changelog-") as name:
        base = Path(name)
        env = _our_env(base / "cache")
        before = _project(base / "before")
        released = _project(base / "released")
        for folder, target in ((before, "generate"), (released, "release")):
            first = run(_make(folder, target), env=env)
            if first.returncode != 0:
                progress(f"changelog bench: make {target} failed: {first.stderr[-300:]}")
        figures = ChangelogFigures(Series(), Series(), 0.0, 0)
        for _ in range(REPEATS):
            for folder, series in ((before, figures.before_release), (released, figures.released)):
                series.runs.append(run(_make(folder, "generate"), env=env))
        figures.recompute_s = _recompute(released)
        figures.vendors = len(list((released / "releases" / "api").glob("*.json")))
    progress(
        f"changelog: no-op {figures.before_release.wall_s:.3f} s before a release, "
        f"{figures.released.wall_s:.3f} s after; recomputation {figures.recompute_s * 1000:.1f} ms"
    )
    return figures


def changelog_report(figures: ChangelogFigures) -> list[str]:
    def cell(series: Series) -> str:
        if not series.ok:
            return "failed"
        runs = ", ".join(f"{r.wall_s:.3f}" for r in series.runs)
        return f"{series.wall_s:.3f} | {runs}"

    share = 100.0 * figures.recompute_share
    return [
        "## The changelog's Unreleased section and a no-op `make generate`",
        "",
        f"The five vendors, two copies of the project side by side, {REPEATS} alternating "
        "no-op runs each (medians): one before any release, one released (`releases/` "
        f"with {figures.vendors} records, which the run memo's key hashes).",
        "",
        "| no-op `make generate` | median s | runs s |",
        "|---|---|---|",
        f"| before any release | {cell(figures.before_release)} |",
        f"| released | {cell(figures.released)} |",
        "",
        f"Released over before: {100.0 * figures.added:+.1f}%. Recomputing Unreleased "
        "in-process (records read back, compared with the released ones, changelog "
        f"composed), median of {IN_PROCESS_REPEATS}: {figures.recompute_s * 1000:.2f} ms, "
        f"{share:.1f}% of the released no-op run (which does not pay it: a full run does).",
        "",
        f"Target: under 10% added to a no-op `make generate`: "
        f"{'met' if figures.ok else 'NOT met'}.",
        "",
    ]
