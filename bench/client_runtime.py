"""Client-runtime figures: cold import time and per-call overhead, side by side.

Everything here runs inside the bench venv (bench/.venv-bench), where the official
``finch-api`` SDK is installed next to ``jobclients``: the two imports are timed in the
same interpreter, in fresh processes, alternating, and the medians compared.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
IMPORT_SNIPPET = (
    "import sys, time; t = time.perf_counter(); import {module}; "
    "print(time.perf_counter() - t, len(sys.modules))"
)


@dataclass
class ImportFigure:
    module: str
    median_s: float
    modules_loaded: int
    runs: list[float]


def time_imports(python: str, modules: list[str], repeats: int) -> list[ImportFigure]:
    samples: dict[str, list[float]] = {m: [] for m in modules}
    loaded: dict[str, int] = {}
    for _ in range(repeats):
        for module in modules:  # alternate, so drift in machine load hits both alike
            out = subprocess.run(
                [python, "-c", IMPORT_SNIPPET.format(module=module)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            samples[module].append(float(out[0]))
            loaded[module] = int(out[1])
    return [ImportFigure(m, statistics.median(samples[m]), loaded[m], samples[m]) for m in modules]


# From a fresh interpreter to the first parsed job: import, construct, one call. With
# imports paid for on use, this is where the deferred cost (pydantic, the models) shows.
FIRST_CALL_SNIPPETS = {
    "jobclients": (
        "import sys, time; t = time.perf_counter(); "
        "from jobclients.finch import FinchClient; "
        "FinchClient(access_token='bench', base_url='{base}').get_job('{job}'); "
        "print(time.perf_counter() - t, len(sys.modules))"
    ),
    "finch-api": (
        "import sys, time; t = time.perf_counter(); "
        "from finch import Finch; "
        "Finch(access_token='bench', base_url='{base}').jobs.manual.retrieve('{job}'); "
        "print(time.perf_counter() - t, len(sys.modules))"
    ),
}
JOB = "497d98f3-580a-4ab9-830a-af2346d029b2"


def time_first_calls(python: str, repeats: int) -> list[ImportFigure]:
    """Import + construct + one ``get_job`` against the local server, fresh processes,
    alternating; the figures reuse ImportFigure with the SDK's name as ``module``."""
    server = subprocess.Popen([python, str(HERE / "server.py")], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        base = f"http://127.0.0.1:{server.stdout.readline().strip()}"
        samples: dict[str, list[float]] = {name: [] for name in FIRST_CALL_SNIPPETS}
        loaded: dict[str, int] = {}
        for _ in range(repeats):
            for name, snippet in FIRST_CALL_SNIPPETS.items():
                out = subprocess.run(
                    [python, "-c", snippet.format(base=base, job=JOB)],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout.split()
                samples[name].append(float(out[0]))
                loaded[name] = int(out[1])
    finally:
        server.terminate()
        server.wait()
    return [
        ImportFigure(name, statistics.median(runs), loaded[name], runs)
        for name, runs in samples.items()
    ]


@dataclass
class CallFigure:
    raw_median_us: float
    ours_median_us: float

    @property
    def overhead_us(self) -> float:
        return self.ours_median_us - self.raw_median_us

    @property
    def overhead_pct(self) -> float:
        return 100.0 * self.overhead_us / self.raw_median_us


def time_calls(python: str, calls: int, rounds: int) -> CallFigure:
    """Run the per-call loop inside the bench venv and read its JSON result."""
    out = subprocess.run(
        [python, str(HERE / "client_runtime.py"), "--calls", str(calls), "--rounds", str(rounds)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    data = json.loads(out)
    return CallFigure(data["raw_us"], data["ours_us"])


def _per_call_main(calls: int, rounds: int) -> None:
    import httpx

    from jobclients.finch import FinchClient

    server = subprocess.Popen(
        [sys.executable, str(HERE / "server.py")], stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout is not None
        base = f"http://127.0.0.1:{server.stdout.readline().strip()}"
        job = "497d98f3-580a-4ab9-830a-af2346d029b2"
        headers = {
            "Authorization": "Bearer bench",
            "Finch-API-Version": "2020-09-17",
            "Content-Type": "application/json",
        }
        raw_client = httpx.Client(base_url=base)
        ours = FinchClient(access_token="bench", base_url=base)
        url = f"/jobs/manual/{job}"
        for _ in range(50):  # warm both connections and caches
            raw_client.get(url, headers=headers).json()
            ours.get_job(job)
        raw_rounds: list[float] = []
        our_rounds: list[float] = []
        for _ in range(rounds):
            start = time.perf_counter()
            for _ in range(calls):
                raw_client.get(url, headers=headers).json()
            raw_rounds.append((time.perf_counter() - start) / calls)
            start = time.perf_counter()
            for _ in range(calls):
                ours.get_job(job)
            our_rounds.append((time.perf_counter() - start) / calls)
        print(
            json.dumps(
                {
                    "raw_us": statistics.median(raw_rounds) * 1e6,
                    "ours_us": statistics.median(our_rounds) * 1e6,
                }
            )
        )
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    args = sys.argv[1:]
    _per_call_main(int(args[args.index("--calls") + 1]), int(args[args.index("--rounds") + 1]))
