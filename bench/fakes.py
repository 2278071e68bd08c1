"""Figures of the generated test fakes, side by side with the same work against Prism and
with a hand-written polling loop.

- One consumer test of a full job lifecycle (3 polls, one 429 retried) per vendor, sync
  and async, on the fake; beside it, the same client making the same 4 requests to
  Prism mocking the vendor's document (Prism cannot script statuses or a 429).
- The README's five-vendor testing example on the fakes; beside it, the same requests
  to the five Prism servers.
- ``wait_for_jobs`` over many jobs on one fake (async, concurrency 200, each job 3 to 10
  polls): time and peak traced memory per job, beside a minimal asyncio + httpx loop
  polling the same fake.

Run by ``make bench`` (``bench/run.py``), in a process of its own: ``python
bench/fakes.py`` prints the figures as JSON. Times are medians of repeated runs after a
warm-up (imports, first pydantic adapters), as a test session pays those once.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack
from functools import partial
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from jobclients import STATUS_TABLE, JobStatus, RetryPolicy  # noqa: E402
from tests.fakes.test_readme_testing import for_vendor, readme_block  # noqa: E402
from tests.support.fakes import VENDORS, fake_class, vendor_fake  # noqa: E402
from tests.support.prism import prism_server  # noqa: E402

LIFECYCLE_RUNS = 50
EXAMPLE_RUNS = 15
MANY_JOBS = 10_000
CONCURRENCY = 200
NO_JITTER = RetryPolicy(jitter=0.0)


def _value(vendor: str, canonical: JobStatus) -> str:
    return next(v for v, c in STATUS_TABLE[vendor].items() if c is canonical)


def _median_ms(run: Callable[[], object], runs: int) -> float:
    run()  # warm-up: imports and the first body read's adapters
    samples: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000.0


# ------------------------------------------------------------------ one lifecycle


def lifecycle_on_fake(vendor: str, mode: str) -> None:
    """What a consumer's test does: a fake, a job of 3 polls, one 429, the wait."""
    fake = vendor_fake(vendor)
    running = _value(vendor, JobStatus.RUNNING)
    job_id = fake.add_job(statuses=[running, running, _value(vendor, JobStatus.SUCCEEDED)])
    fake.fail_next(429, retry_after=1.0)
    if mode == "sync":
        with fake.client(retry_policy=NO_JITTER) as client:
            job = client.wait_for_job(job_id, timeout=600)
            assert client.status_of(job) is JobStatus.SUCCEEDED
    else:

        async def wait() -> None:
            async with fake.async_client(retry_policy=NO_JITTER) as client:
                job = await client.wait_for_job(job_id, timeout=600)
                assert client.status_of(job) is JobStatus.SUCCEEDED

        asyncio.run(wait())
    assert len(fake.requests) == 4


def requests_to_prism(vendor: str, mode: str, base_url: str, job_id: str, count: int) -> None:
    """The same client making the same number of requests to Prism (no sleeping)."""
    module = importlib.import_module(f"jobclients.{vendor}")
    cls = fake_class(f"jobclients.{vendor}")
    credential = cls.SPEC.credential
    client_name = next(n for n in module.__all__ if n.endswith("Client") and n[:5] != "Async")
    options = {credential: "bench", "base_url": base_url, "max_retries": 0}
    if mode == "sync":
        with getattr(module, client_name)(**options) as client:
            for _ in range(count):
                client.get_job(job_id)
    else:

        async def calls() -> None:
            async with getattr(module, f"Async{client_name}")(**options) as client:
                for _ in range(count):
                    await client.get_job(job_id)

        asyncio.run(calls())


PRISM_JOB_IDS = {
    "finch": "497d98f3-580a-4ab9-830a-af2346d029b2",
    "writer": "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e",
    "parsify": "b2c3d4e5-f6a7-8901-bcde-f12345678901",
    "symbl": "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d",
    "unstructured": "3c90c3cc-0d44-4b50-8888-8dd25736052a",
}


def readme_on_fakes(blocks: dict[str, str]) -> dict[str, int]:
    """The README's testing example for every vendor; the requests each made."""
    made: dict[str, int] = {}
    for vendor, block in blocks.items():
        namespace: dict[str, Any] = {"__name__": "readme_example"}
        exec(compile(block, f"<README {vendor}>", "exec"), namespace)
        made[vendor] = len(namespace["fake"].requests)
    return made


def lifecycle_figures() -> dict[str, Any]:
    blocks = {vendor: for_vendor(readme_block(), vendor) for vendor in VENDORS}
    figures: dict[str, Any] = {"lifecycle": {}, "example": {}}
    with ExitStack() as stack:
        servers = {
            vendor: stack.enter_context(prism_server(ROOT / "specs" / vendor / "openapi.yaml"))
            for vendor in VENDORS
        }
        for vendor in VENDORS:
            for mode in ("sync", "async"):
                base, job_id = servers[vendor].base_url, PRISM_JOB_IDS[vendor]
                fake_ms = _median_ms(partial(lifecycle_on_fake, vendor, mode), LIFECYCLE_RUNS)
                prism_ms = _median_ms(
                    partial(requests_to_prism, vendor, mode, base, job_id, 4), LIFECYCLE_RUNS // 5
                )
                figures["lifecycle"][f"{vendor} {mode}"] = {
                    "fake_ms": fake_ms,
                    "prism_ms": prism_ms,
                }
        made = readme_on_fakes(blocks)
        figures["example"]["requests"] = made
        figures["example"]["fake_ms"] = _median_ms(lambda: readme_on_fakes(blocks), EXAMPLE_RUNS)

        def example_on_prism() -> None:
            for vendor in VENDORS:
                requests_to_prism(
                    vendor, "sync", servers[vendor].base_url, PRISM_JOB_IDS[vendor], made[vendor]
                )

        figures["example"]["prism_ms"] = _median_ms(example_on_prism, 3)
    return figures


# ------------------------------------------------------------------ many jobs


def _many_fake(jobs: int, seed: int) -> tuple[Any, list[str]]:
    fake = vendor_fake("finch", keep_requests=False)
    chance = random.Random(seed)
    ids = [
        fake.add_job(statuses=["in_progress"] * (chance.randint(3, 10) - 1) + ["complete"])
        for _ in range(jobs)
    ]
    return fake, ids


async def _with_waiter(fake: Any, ids: list[str]) -> int:
    done = 0
    async with fake.async_client(retry_policy=NO_JITTER) as client:
        async for _job_id, result in client.wait_for_jobs(ids, concurrency=CONCURRENCY):
            assert not isinstance(result, BaseException), result
            done += 1
    return done


async def _by_hand(fake: Any, ids: list[str]) -> int:
    """A minimal asyncio + httpx loop: GET, read the status, sleep, again."""
    import httpx

    gate = asyncio.Semaphore(CONCURRENCY)
    headers = {
        "Authorization": "Bearer bench",
        "Finch-API-Version": "2020-09-17",
        "Content-Type": "application/json",
    }
    terminal = {"complete", "error"}

    async with httpx.AsyncClient(transport=fake.transport(), base_url=fake.base_url) as http:

        async def one(job_id: str) -> None:
            interval = 1.0
            while True:
                async with gate:
                    status = (await http.get(f"/jobs/manual/{job_id}", headers=headers)).json()
                if status["status"] in terminal:
                    return
                await fake.clock.async_sleep(interval)
                interval = min(interval * 1.5, 30.0)

        await asyncio.gather(*(one(job_id) for job_id in ids))
    return len(ids)


def _rss_bytes() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def many_jobs(kind: str, jobs: int) -> dict[str, float]:
    """One run, in this process: seconds, and the peak resident memory it added above the
    fake and its jobs (allocator slack included: what the machine gives)."""
    fake, ids = _many_fake(jobs, seed=7)
    gc.collect()
    baseline = _rss_bytes()
    started = time.perf_counter()
    done = asyncio.run((_with_waiter if kind == "waiter" else _by_hand)(fake, ids))
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - baseline
    assert done == jobs
    return {"seconds": seconds, "peak_bytes": peak, "requests": fake.request_count}


def many_jobs_figures(jobs: int, rounds: int) -> dict[str, Any]:
    """Fresh processes, the two kinds alternating; medians."""
    samples: dict[str, dict[str, list[float]]] = {
        kind: {"seconds": [], "peak_bytes": []} for kind in ("waiter", "by_hand")
    }
    requests: dict[str, float] = {}
    for _ in range(rounds):
        for kind in ("waiter", "by_hand"):
            out = subprocess.run(
                [sys.executable, __file__, "--many", kind, str(jobs)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            figure = json.loads(out)
            for key in ("seconds", "peak_bytes"):
                samples[kind][key].append(figure[key])
            requests[kind] = figure["requests"]
    return {
        kind: {
            "jobs": jobs,
            "requests": requests[kind],
            "seconds": statistics.median(values["seconds"]),
            "ms_per_job": statistics.median(values["seconds"]) * 1000.0 / jobs,
            "bytes_per_job": statistics.median(values["peak_bytes"]) / jobs,
        }
        for kind, values in samples.items()
    }


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def report(figures: dict[str, Any]) -> list[str]:
    """The Markdown section of bench/RESULTS.md."""
    lifecycle = figures["lifecycle"]
    slowest = max(f["fake_ms"] for f in lifecycle.values())
    example = figures["example"]
    many = figures["many"]
    waiter, by_hand = many["waiter"], many["by_hand"]
    ratio = waiter["ms_per_job"] / by_hand["ms_per_job"]
    lines = [
        "## Test fakes",
        "",
        f"One consumer test of a full lifecycle (a fake, a job of 3 polls, one 429 retried, "
        f"the wait), median of {LIFECYCLE_RUNS} runs after a warm-up; beside it the same "
        "client making the same 4 requests to Prism mocking the document (Prism cannot "
        "script statuses or a 429; nothing sleeps in either):",
        "",
        "| vendor | fake | Prism |",
        "|---|---|---|",
    ]
    for name, figure in lifecycle.items():
        lines.append(f"| {name} | {figure['fake_ms']:.2f} ms | {figure['prism_ms']:.2f} ms |")
    total = sum(example["requests"].values())
    lines += [
        "",
        f"The README's testing example for all five vendors ({total} requests), median of "
        f"{EXAMPLE_RUNS} runs: {example['fake_ms']:.1f} ms on the fakes; the same requests "
        f"to the five Prism servers: {example['prism_ms']:.1f} ms.",
        "",
        f"`wait_for_jobs` over {waiter['jobs']:,} jobs on one fake (async, concurrency "
        f"{CONCURRENCY}, each job 3 to 10 polls, {waiter['requests']:,} requests), beside a "
        "minimal asyncio + httpx loop polling the same fake; medians of 3 alternating "
        "fresh processes; memory is the peak resident memory the run added above the fake "
        "and its jobs:",
        "",
        "| | time | per job | memory per job |",
        "|---|---|---|---|",
        f"| `wait_for_jobs` | {waiter['seconds']:.1f} s | {waiter['ms_per_job']:.2f} ms | "
        f"{waiter['bytes_per_job'] / 1024:.1f} KB |",
        f"| hand-written loop | {by_hand['seconds']:.1f} s | {by_hand['ms_per_job']:.2f} ms | "
        f"{by_hand['bytes_per_job'] / 1024:.1f} KB |",
        "",
        "Targets:",
        "",
        f"- one lifecycle under 5 ms per vendor, sync and async: slowest {slowest:.2f} ms, "
        f"{_verdict(slowest < 5.0)}",
        f"- the five-vendor example under 100 ms: {example['fake_ms']:.1f} ms, "
        f"{_verdict(example['fake_ms'] < 100.0)}",
        f"- `wait_for_jobs` within 1.5x of the hand-written loop: {ratio:.2f}x, "
        f"{_verdict(ratio <= 1.5)}",
        f"- under 5 KB per waiting job: {waiter['bytes_per_job'] / 1024:.1f} KB, "
        f"{_verdict(waiter['bytes_per_job'] < 5 * 1024)}",
        "",
    ]
    return lines


def measure() -> list[str]:
    """For bench/run.py: every figure, in a process of its own; the Markdown."""
    out = subprocess.run(
        [sys.executable, __file__], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    return report(json.loads(out))


def main(argv: list[str]) -> int:
    if argv[1:2] == ["--many"]:
        print(json.dumps(many_jobs(argv[2], int(argv[3]))))
        return 0
    figures = lifecycle_figures()
    figures["many"] = many_jobs_figures(MANY_JOBS, rounds=3)
    print(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
