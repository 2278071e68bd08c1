"""``make bench``: measure, side by side in one run, and write bench/RESULTS.md.

Sets up its own venv (bench/.venv-bench) holding the generated ``jobclients`` package
and the competitor SDKs it is compared with, so nothing of theirs enters the project's
environment.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import venv
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BENCH_VENV = HERE / ".venv-bench"
sys.path.insert(0, str(ROOT))

from bench.client_runtime import CallFigure, ImportFigure, time_calls, time_imports  # noqa: E402

IMPORT_REPEATS = 15
CALLS, ROUNDS = 300, 7


def ensure_bench_venv() -> str:
    python = BENCH_VENV / "bin" / "python"
    if not python.exists():
        venv.EnvBuilder(with_pip=True).create(BENCH_VENV)
    # finch-api: the official Finch SDK (Stainless), the import-time yardstick.
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "finch-api", str(ROOT / "generated")],
        check=True,
    )
    return str(python)


def machine() -> str:
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {platform.system()} {platform.release()}"
    )


def report(imports: list[ImportFigure], calls: CallFigure) -> str:
    ours = next(f for f in imports if f.module == "jobclients.finch")
    theirs = next(f for f in imports if f.module == "finch")
    ratio = 100.0 * ours.median_s / theirs.median_s
    lines = [
        "# Benchmarks",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine()} by `make bench`.",
        "",
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
    return "\n".join(lines)


def main() -> int:
    python = ensure_bench_venv()
    imports = time_imports(python, ["jobclients.finch", "finch"], IMPORT_REPEATS)
    calls = time_calls(python, CALLS, ROUNDS)
    text = report(imports, calls)
    (HERE / "RESULTS.md").write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
