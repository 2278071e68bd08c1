"""``diff`` on consecutive published versions of OpenAI's document (3 MB each).

Four ways side by side, every pair and way alternating within each round, median of
the rounds:

- cold: an empty cache, so both documents are loaded, built and recorded;
- cached: the records of both documents already in the cache (the files are hashed,
  nothing is built);
- records: both sides given as API records, as ``make generate`` writes them;
- record to document, cold: the old side a record, the new one a document and an empty
  cache (the README's way to see what a vendor's new document changes).

Every run is ``python -m generator diff --lenient --format json OLD NEW`` in a fresh
process. ``--lenient``: OpenAI's documents break the letter of the OpenAPI schema.
Run alone (``python bench/diffing.py``) it prints its section of bench/RESULTS.md.
"""

from __future__ import annotations

import itertools
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench.measure import Run, run  # noqa: E402

HISTORY = ROOT.parent / "shared" / "spec-history" / "openai-recent"
ROUNDS = 5
COLD_TARGET_S = 2.0
CACHED_TARGET_S = 1.0
WAYS = ("cold", "cached", "records", "record-document")


@dataclass
class DiffFigure:
    old: Path
    new: Path
    runs: dict[str, list[Run]] = field(default_factory=lambda: {way: [] for way in WAYS})
    changes: int = -1

    @property
    def size_mb(self) -> float:
        return (self.old.stat().st_size + self.new.stat().st_size) / 2 / 1_000_000

    def median_s(self, way: str) -> float:
        return statistics.median(r.wall_s for r in self.runs[way])

    def failure(self) -> str:
        for way in WAYS:
            for r in self.runs[way]:
                if r.returncode != 0:
                    lines = r.stderr.strip().splitlines()
                    return f"{way}: exit {r.returncode}: {lines[-1][:160] if lines else ''}"
        return ""


def pairs() -> list[tuple[Path, Path]]:
    versions = sorted(HISTORY.glob("*.yaml"))
    return list(itertools.pairwise(versions))


def _diff(old: Path, new: Path, cache: Path) -> Run:
    command = [sys.executable, "-m", "generator", "diff", "--lenient", "--format", "json"]
    env = {**os.environ, "JOBCLIENTS_CACHE_DIR": str(cache)}
    return run([*command, str(old), str(new)], cwd=ROOT, env=env)


_WRITE_RECORD = """
import sys
from pathlib import Path
from generator.change.record import dump_record
from generator.cache import NO_CACHE
from generator.change.diff import Options, open_side, records
from generator.loader.document import DEFAULT_POLICY
from generator.loader.limits import DEFAULT_LIMITS
old, new, old_out, new_out = map(Path, sys.argv[1:])
options = Options(True, DEFAULT_LIMITS, DEFAULT_POLICY)
a, b = records(open_side(old), open_side(new), NO_CACHE, options)
old_out.write_text(dump_record(a))
new_out.write_text(dump_record(b))
"""


def measure_diffs(progress: Callable[[str], None]) -> list[DiffFigure]:
    """Every pair in every round (not every round of one pair, then the next pair): a
    spell of slower cores on shared hardware then spreads over all pairs' medians
    instead of deciding one pair's."""
    with tempfile.TemporaryDirectory(prefix="jobclients-bench-diff-") as tmp:
        scratch = Path(tmp)
        figures = [DiffFigure(old, new) for old, new in pairs()]
        records: list[tuple[Path, Path]] = []
        for index, figure in enumerate(figures):
            old, new = figure.old, figure.new
            _diff(old, new, scratch / f"warm-{index}")  # fills the cache
            old_record, new_record = scratch / f"old-{index}.json", scratch / f"new-{index}.json"
            subprocess.run(
                [sys.executable, "-c", _WRITE_RECORD, old, new, old_record, new_record],
                cwd=ROOT,
                check=True,
            )
            records.append((old_record, new_record))
        for round_ in range(ROUNDS):
            for index, figure in enumerate(figures):
                old, new = figure.old, figure.new
                old_record, new_record = records[index]
                cold = scratch / f"cold-{index}-{round_}"
                figure.runs["cold"].append(_diff(old, new, cold))
                figure.runs["cached"].append(_diff(old, new, scratch / f"warm-{index}"))
                figure.runs["records"].append(_diff(old_record, new_record, scratch / "none"))
                figure.runs["record-document"].append(
                    _diff(old_record, new, scratch / f"cold-record-{index}-{round_}")
                )
            progress(f"diff round {round_ + 1} of {ROUNDS}: done")
        for figure in figures:
            last = figure.runs["cold"][-1]
            if last.returncode == 0:
                figure.changes = last.stdout.count('"id": ')
    return figures


def diff_section(figures: list[DiffFigure]) -> list[str]:
    lines = [
        "## Change reports (`diff`)",
        "",
        "`python -m generator diff --lenient --format json OLD NEW` on each two consecutive "
        "versions of OpenAI's document in ../shared/spec-history/openai-recent, a fresh "
        f"process per run, median of {ROUNDS} rounds, every pair and the four ways "
        "alternating in each round. Cold: an empty cache (both documents loaded, built "
        "and recorded, on two cores). Cached: both records in the cache (files hashed, "
        "nothing built). Records: "
        "both sides given as API records. Record to document: the old side a record, the "
        "new one a document, an empty cache.",
        "",
        "| pair | MB | changes | cold s | cached s | records s | record to document s | notes |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for f in figures:
        failure = f.failure()
        lines.append(
            f"| {f.old.stem}..{f.new.stem} | {f.size_mb:.2f} | {f.changes} | "
            f"{f.median_s('cold'):.2f} | {f.median_s('cached'):.2f} | "
            f"{f.median_s('records'):.2f} | {f.median_s('record-document'):.2f} | {failure} |"
        )
    ok = [f for f in figures if not f.failure()]
    worst_cold = max((f.median_s("cold") for f in ok), default=float("nan"))
    worst_cached = max((f.median_s("cached") for f in ok), default=float("nan"))
    met_cold = len(ok) == len(figures) and worst_cold < COLD_TARGET_S
    met_cached = len(ok) == len(figures) and worst_cached < CACHED_TARGET_S
    lines += [
        "",
        f"Targets: cold under {COLD_TARGET_S:.0f} s (slowest pair {worst_cold:.2f} s: "
        f"**{'met' if met_cold else 'missed'}**); cached under {CACHED_TARGET_S:.0f} s "
        f"(slowest pair {worst_cached:.2f} s: **{'met' if met_cached else 'missed'}**).",
        "",
    ]
    return lines


def main() -> int:
    figures = measure_diffs(lambda message: print(message, file=sys.stderr, flush=True))
    print("\n".join(diff_section(figures)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
