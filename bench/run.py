"""``make bench``: measure, side by side in one run, and write bench/RESULTS.md.

Sets up its own venvs: bench/.venv-bench holds the generated ``jobclients`` package,
the competitor SDKs it is compared with and matplotlib (for the plot);
bench/.venv-opc holds openapi-python-client. Nothing of theirs enters the project's
environment. Writes bench/RESULTS.md and bench/generation-time.png.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import venv
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BENCH_VENV = HERE / ".venv-bench"
sys.path.insert(0, str(ROOT))

from bench.changelog_cost import changelog_report, measure_changelog  # noqa: E402
from bench.client_runtime import (  # noqa: E402
    CallFigure,
    ImportFigure,
    time_calls,
    time_first_calls,
    time_imports,
)
from bench.diffing import diff_section, measure_diffs  # noqa: E402
from bench.fakes import measure as measure_fakes  # noqa: E402
from bench.generators import (  # noqa: E402
    REPEATS,
    Document,
    Figures,
    documents,
    ensure_opc,
    measure_generators,
    measure_vendors,
)
from bench.measure import run  # noqa: E402
from bench.pagination import section as pagination_section  # noqa: E402
from bench.report import (  # noqa: E402
    StageFigures,
    cold_warm_noop,
    scaling,
    side_by_side,
    stage_medians,
    stage_table,
    targets,
    vendor_table,
)

PLOT = HERE / "generation-time.png"

IMPORT_REPEATS = 15
CALLS, ROUNDS = 300, 7


def ensure_bench_venv() -> str:
    python = BENCH_VENV / "bin" / "python"
    if not python.exists():
        venv.EnvBuilder(with_pip=True).create(BENCH_VENV)
    # finch-api: the official Finch SDK (Stainless), the import-time yardstick.
    # matplotlib: the plot only; it is never installed into the project's venv.
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "finch-api",
            "matplotlib",
        ],
        check=True,
    )
    # Reinstalled every run: a directory of the same version would otherwise be taken as
    # already installed, and the bench would time yesterday's package.
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--force-reinstall",
            "--no-deps",
            str(ROOT / "generated"),
        ],
        check=True,
    )
    return str(python)


def machine() -> str:
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {platform.system()} {platform.release()}"
    )


def runtime_report(
    imports: list[ImportFigure], first_calls: list[ImportFigure], calls: CallFigure
) -> list[str]:
    ours = next(f for f in imports if f.module == "jobclients.finch")
    theirs = next(f for f in imports if f.module == "finch")
    ratio = 100.0 * ours.median_s / theirs.median_s
    ours_first = next(f for f in first_calls if f.module == "jobclients")
    theirs_first = next(f for f in first_calls if f.module == "finch-api")
    first_ratio = 100.0 * ours_first.median_s / theirs_first.median_s
    lines = [
        "## Client runtime",
        "",
        f"Cold import in a fresh interpreter, median of {IMPORT_REPEATS} alternating runs:",
        "",
        "| import | median | modules loaded | vs finch-api |",
        "|---|---|---|---|",
        f"| `import jobclients.finch` | {ours.median_s * 1000:.1f} ms | {ours.modules_loaded} "
        f"| {ratio:.0f}% |",
        f"| `import finch` (finch-api) | {theirs.median_s * 1000:.1f} ms | "
        f"{theirs.modules_loaded} | 100% |",
        "",
        "`import jobclients.finch` loads the client and httpx; pydantic and the Finch models "
        "load with the first response. So the whole way to a first result is measured too: "
        "import, construct, one `get_job` against the local server below, in a fresh "
        f"interpreter, median of {IMPORT_REPEATS} alternating runs:",
        "",
        "| from a fresh interpreter to the first job | median | modules loaded | vs finch-api |",
        "|---|---|---|---|",
        f"| `FinchClient(...).get_job(...)` | {ours_first.median_s * 1000:.1f} ms | "
        f"{ours_first.modules_loaded} | {first_ratio:.0f}% |",
        f"| `Finch(...).jobs.manual.retrieve(...)` (finch-api) | "
        f"{theirs_first.median_s * 1000:.1f} ms | {theirs_first.modules_loaded} | 100% |",
        "",
        f"Per call against one local keep-alive server, median of {ROUNDS} rounds of "
        f"{CALLS} calls:",
        "",
        "| call | median per call |",
        "|---|---|",
        f"| raw `httpx.Client.get(...).json()` | {calls.raw_median_us:.0f} µs |",
        f"| `FinchClient.get_job(...)` (model parsed) | {calls.ours_median_us:.0f} µs |",
        f"| overhead | {calls.overhead_us:.0f} µs ({calls.overhead_pct:.1f}%) |",
        "",
        "Targets: import under 40% of finch-api's; overhead under 10% of raw httpx.",
        "",
    ]
    return lines


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def measure_stages(docs: list[Document]) -> list[StageFigures]:
    found: list[StageFigures] = []
    for doc in docs:
        samples: list[dict[str, float]] = []
        failure = ""
        for _ in range(REPEATS):
            result = run([sys.executable, str(HERE / "stages.py"), str(doc.path)], cwd=ROOT)
            if result.returncode != 0:
                lines = result.stderr.strip().splitlines()
                failure = lines[-1][:160] if lines else f"exit {result.returncode}"
                break
            samples.append(json.loads(result.stdout))
        found.append(
            StageFigures(doc.name, stage_medians(samples) if not failure else None, failure)
        )
        progress(f"stages {doc.name}: {'failed' if failure else 'done'}")
    return found


def plot(bench_python: str, figures: list[Figures]) -> None:
    def points(pick: str) -> list[list[float]]:
        chosen = [(f.document, getattr(f, pick)) for f in figures]
        return [[d.size_mb, s.wall_s] for d, s in chosen if s.ok]

    series = [
        {"label": "openapi-python-client (cold)", "points": points("opc")},
        {"label": "jobclients, cold", "points": points("ours_cold")},
        {"label": "jobclients, warm (validation cached)", "points": points("ours_warm")},
        {"label": "jobclients, no-op", "points": points("ours_noop")},
    ]
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(series, handle)
    try:
        subprocess.run([bench_python, str(HERE / "plot.py"), handle.name, str(PLOT)], check=True)
    finally:
        os.unlink(handle.name)


def main() -> int:
    python = ensure_bench_venv()
    opc, opc_version = ensure_opc()
    docs = documents()
    figures = measure_generators(docs, opc, progress)
    vendors = measure_vendors(progress)
    changelog = measure_changelog(progress)
    stages = measure_stages(docs)
    imports = time_imports(python, ["jobclients.finch", "finch"], IMPORT_REPEATS)
    first_calls = time_first_calls(python, IMPORT_REPEATS)
    calls = time_calls(python, CALLS, ROUNDS)
    pagination = pagination_section()
    fakes = measure_fakes()
    diffs = measure_diffs(progress)
    plot(python, figures)
    scaling_lines, spread = scaling(figures)
    lines = [
        "# Benchmarks",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine()} by `make bench` "
        "(other work was running on the same cores: compare within a table, not across "
        "runs of the bench).",
        "",
        *targets(figures, vendors, spread),
        *side_by_side(figures, opc_version),
        *cold_warm_noop(figures),
        *stage_table(stages),
        *scaling_lines,
        f"![generation time against document size]({PLOT.name})",
        "",
        *vendor_table(vendors),
        *changelog_report(changelog),
        *runtime_report(imports, first_calls, calls),
        *pagination,
        *fakes,
        *diff_section(diffs),
    ]
    text = "\n".join(lines)
    (HERE / "RESULTS.md").write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
