"""Walking a paginated list: the generated pager against a hand-written loop.

The client is the pager fixture's package (tests/golden/pager, its list operations
paginated on the model); the server, the tests' pet server (tests/runtime/pager_server.py)
in a process of its own on 127.0.0.1, listing 100,000 pets.

- Time: 100,000 items over 1,000 pages of 100 by offset, ``for pet in
  client.list_by_offset(...)``, beside a hand-written loop making the same 1,000
  requests through the same client's raw calls (``with_raw_response``, ``parse()``,
  the offset moved by hand, stopping on the same signals); the two alternate, median
  of the rounds.
- Memory: the peak traced (tracemalloc) while walking 10 pages and 1,000 pages of 100,
  each in a fresh process after a warm-up walk of the whole list (imports, the models'
  validators, and pydantic's JSON string cache, which keeps up to 16,384 strings for
  the process and would otherwise show as growth in either walk); by offset, and by
  cursor (whose walk remembers every cursor it sent, to refuse a repeated one).

``python bench/pagination.py`` prints the section of bench/RESULTS.md;
``--write`` also puts it there in place of the one before (``make bench`` writes it with
the rest).
"""

from __future__ import annotations

import importlib
import itertools
import json
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "golden" / "pager"))

from tests.runtime.pager_server import KEY  # noqa: E402

ITEMS = 100_000
PAGE = 100
ROUNDS = 7
SMALL, LARGE = 10, 1_000  # pages walked for the memory figures
TIME_TARGET = 1.2
MEMORY_TARGET = 1.10
RESULTS = HERE / "RESULTS.md"
HEADING = "## Pagination"


@contextmanager
def server() -> Iterator[str]:
    """The pet server in a process of its own; its base URL."""
    code = (
        "import sys, time; from tests.runtime.pager_server import PetServer, serving\n"
        f"pets = PetServer(count={ITEMS})\n"
        "with serving(pets) as url:\n"
        "    print(url, flush=True)\n"
        "    sys.stdin.read()\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        yield process.stdout.readline().strip()
    finally:
        assert process.stdin is not None
        process.stdin.close()
        process.wait(timeout=30)


def _client(base_url: str) -> Any:
    # By name: the fixture's package is not installed, only on the path.
    pets = importlib.import_module("pagerclients.pets")
    return pets.PetsClient(api_key=KEY, base_url=base_url)


def paged(client: Any, pages: int, style: str) -> int:
    """The first ``pages`` pages' items, as a caller walks a paginated method."""
    count = 0
    # Iterated straight off the call, as a caller writes it: nothing holds the first page.
    if style == "cursor":
        walk = itertools.islice(client.list_by_cursor(limit=PAGE), pages * PAGE)
    else:
        walk = itertools.islice(client.list_by_offset("bench", limit=PAGE), pages * PAGE)
    for _pet in walk:
        count += 1
    return count


def by_hand(client: Any, pages: int, style: str) -> int:
    """The same requests, written by hand over the raw calls."""
    count = 0
    raw_calls = client.with_raw_response
    cursor: str | None = None
    offset = 0
    for _ in range(pages):
        if style == "cursor":
            body = raw_calls.list_by_cursor(cursor=cursor, limit=PAGE).parse()
        else:
            body = raw_calls.list_by_offset("bench", offset=offset, limit=PAGE).parse()
        for _pet in body.data:
            count += 1
        if style == "cursor":
            cursor = body.next_cursor
            if not body.data or not cursor:
                break
        else:
            offset += len(body.data)
            if not body.data or body.has_more is False or offset >= body.total:
                break
    return count


WAYS: dict[str, Callable[[Any, int, str], int]] = {"paged": paged, "by_hand": by_hand}


def time_walks(base_url: str) -> dict[str, dict[str, list[float]]]:
    """Wall time and the client process's CPU time of each walk, by round."""
    client = _client(base_url)
    for walk in WAYS.values():  # warm-up: connections, the validators
        walk(client, LARGE // 10, "offset")
    samples: dict[str, dict[str, list[float]]] = {name: {"wall": [], "cpu": []} for name in WAYS}
    for _ in range(ROUNDS):
        for name, walk in WAYS.items():
            started, cpu = time.perf_counter(), time.process_time()
            assert walk(client, LARGE, "offset") == ITEMS
            samples[name]["wall"].append(time.perf_counter() - started)
            samples[name]["cpu"].append(time.process_time() - cpu)
    client.close()
    return samples


def peak_bytes(base_url: str, way: str, pages: int, style: str) -> int:
    """Peak traced memory of one walk of ``pages`` pages, after a warm-up walk of the
    whole list: it fills pydantic's JSON string cache (16,384 strings, kept for the
    process), which would otherwise count as growth of whichever walk came first."""
    client = _client(base_url)
    walk = WAYS[way]
    # Traced from before the warm-up: the strings the cache lets go during the measured
    # walk must be ones tracemalloc saw allocated, or their replacements count as growth.
    tracemalloc.start()
    try:
        walk(client, LARGE, style)
        base = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        walk(client, pages, style)
        return tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
        client.close()


def _fresh(*args: str) -> Any:
    out = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    return json.loads(out)


def measure() -> dict[str, Any]:
    with server() as base_url:
        samples = time_walks(base_url)
        memory: dict[str, dict[str, int]] = {}
        for style in ("offset", "cursor"):
            for way in WAYS:
                memory[f"{way} {style}"] = {
                    str(pages): _fresh("--peak", base_url, way, str(pages), style)
                    for pages in (SMALL, LARGE)
                }
    return {
        "seconds": {name: statistics.median(runs["wall"]) for name, runs in samples.items()},
        "cpu": {name: statistics.median(runs["cpu"]) for name, runs in samples.items()},
        "runs": samples,
        "memory": memory,
    }


def report(figures: dict[str, Any]) -> list[str]:
    seconds = figures["seconds"]
    ratio = seconds["paged"] / seconds["by_hand"]
    memory = figures["memory"]

    def growth(key: str) -> float:
        walk: dict[str, int] = memory[key]
        return walk[str(LARGE)] / walk[str(SMALL)]

    lines = [
        HEADING,
        "",
        f"{ITEMS:,} items over {LARGE:,} pages of {PAGE} from a local server (the "
        "tests' pet server, in a process of its own), walked by offset: the generated "
        "pager (`for pet in client.list_by_offset(...)`) beside a hand-written loop "
        "making the same requests through the same client's raw calls "
        f"(`with_raw_response`), the two alternating, median of {ROUNDS} rounds:",
        "",
        "| walk | median | per page | client CPU per page |",
        "|---|---|---|---|",
    ]
    cpu = figures["cpu"]
    for name, label in (("paged", "pager"), ("by_hand", "hand-written loop")):
        lines.append(
            f"| {label} | {seconds[name]:.2f} s | {seconds[name] * 1e6 / LARGE:.0f} µs "
            f"| {cpu[name] * 1e6 / LARGE:.0f} µs |"
        )
    lines += [
        "",
        f"Peak traced memory (tracemalloc) of one walk of {SMALL} and of {LARGE:,} pages "
        f"of {PAGE}, each in a fresh process after a warm-up walk of the whole list "
        "(imports, the validators, and pydantic's JSON string cache: up to 16,384 "
        "strings kept for the process, about 1 MB here, which would otherwise show as "
        "growth of either walk alike):",
        "",
        f"| walk | {SMALL} pages | {LARGE:,} pages | growth |",
        "|---|---|---|---|",
    ]
    for key in memory:
        walk = memory[key]
        way, style = key.split()
        label = f"{'pager' if way == 'paged' else 'hand-written loop'}, by {style}"
        lines.append(
            f"| {label} | {walk[str(SMALL)] / 1024:.0f} KB | {walk[str(LARGE)] / 1024:.0f} KB "
            f"| {growth(key):.2f}x |"
        )
    offset_growth = growth("paged offset")
    cursor = memory["paged cursor"]
    per_page = (cursor[str(LARGE)] - cursor[str(SMALL)]) / (LARGE - SMALL)
    lines += [
        "",
        "By cursor, the walk keeps every cursor it has sent, so that a server giving one "
        f"again is refused before that page is asked for: about {per_page:.0f} bytes a "
        "page here; by offset or page number the position only moves forward and "
        "nothing is kept.",
        "",
        "Targets:",
        "",
        f"- the pager within {TIME_TARGET}x of the hand-written loop: {ratio:.2f}x "
        f"(client CPU {cpu['paged'] / cpu['by_hand']:.2f}x), "
        f"{'met' if ratio <= TIME_TARGET else 'NOT met'}",
        f"- peak memory at {LARGE:,} pages within 10% of that at {SMALL} (by offset): "
        f"{(offset_growth - 1) * 100:+.1f}%, "
        f"{'met' if offset_growth <= MEMORY_TARGET else 'NOT met'}",
        "",
    ]
    return lines


def section() -> list[str]:
    """For bench/run.py: the figures, in a process of their own; the Markdown."""
    return report(_fresh("--json"))


def write(lines: list[str]) -> None:
    """Put the section into bench/RESULTS.md in place of the one before (else before
    the test fakes' section)."""
    text = RESULTS.read_text()
    block = "\n".join(lines) + "\n"
    if HEADING + "\n" in text:
        start = text.index(HEADING + "\n")
        end = text.find("\n## ", start + len(HEADING))
        text = text[:start] + block + (text[end + 1 :] if end != -1 else "")
    else:
        anchor = text.index("## Test fakes")
        text = text[:anchor] + block + text[anchor:]
    RESULTS.write_text(text)


def main(argv: list[str]) -> int:
    if argv[1:2] == ["--peak"]:
        base_url, way, pages, style = argv[2:6]
        print(json.dumps(peak_bytes(base_url, way, int(pages), style)))
        return 0
    if argv[1:2] == ["--json"]:
        print(json.dumps(measure()))
        return 0
    lines = report(measure())
    print("\n".join(lines))
    if "--write" in argv[1:]:
        write(lines)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
