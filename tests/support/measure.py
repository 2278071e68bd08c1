"""Run a command and measure what it cost: wall time and the peak memory of its processes."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# Runs the command as a child and reports RUSAGE_CHILDREN: its ru_maxrss is the peak
# resident size of the largest process among the children and their own waited-for
# children (make -> shell -> python included).
_WRAPPER = """
import resource, subprocess, sys
code = subprocess.call(sys.argv[2:])
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
with open(sys.argv[1], "w") as report:
    report.write(str(peak))
sys.exit(code)
"""


@dataclass(frozen=True)
class Measured:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_rss_mb: float


def run_measured(args: list[str], *, cwd: Path, timeout: float) -> Measured:
    """Run ``args``; a run over ``timeout`` seconds raises ``subprocess.TimeoutExpired``."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss", delete=False) as report:
        report_path = report.name
    try:
        started = time.monotonic()
        proc = subprocess.run(
            [sys.executable, "-c", _WRAPPER, report_path, *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        seconds = time.monotonic() - started
        peak_kb = int(Path(report_path).read_text() or 0)
    finally:
        os.unlink(report_path)
    return Measured(proc.returncode, proc.stdout, proc.stderr, seconds, peak_kb / 1024)
