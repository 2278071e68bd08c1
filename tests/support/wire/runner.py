"""Each corpus document served by its own Prism and called through its generated package.

A document is probed in a fresh interpreter (``python -m tests.support.wire.probe``),
two at a time: each probe and its Prism take turns on one core, so two pairs keep the
machine's two cores busy. Prism listens on 127.0.0.1 only, and never fetches: a
document with a URL ``$ref`` is served from a copy where such refs inside example
values (data that merely looks like a reference, as in GitHub's SCIM examples) are
renamed, and one with a URL ``$ref`` anywhere else is not served.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.support.corpus import CORPUS, ROOT, SpecRun

# Prism's own name for a document it cannot serve: one without operations.
_URL_REF = re.compile(rb"""["']?\$ref["']?\s*:\s*["']?https?://""")
PROBE_TIMEOUT = 900


@dataclass
class DocumentRun:
    name: str
    verdicts: list[dict[str, str]] = field(default_factory=list)
    not_served: str | None = None  # why no call was made
    error: str | None = None  # the probe or Prism broke
    seconds: float = 0.0

    def counts(self) -> Counter[str]:
        return Counter(v["verdict"] for v in self.verdicts if v["client"])

    def faults(self) -> Counter[str]:
        return Counter(v["family"] for v in self.verdicts if v["verdict"] == "client")


def served_document(run: SpecRun, scratch: Path) -> Path | str:
    """The file Prism serves for ``run``'s document, or why it serves none."""
    entry = CORPUS / run.entry.entry
    if run.entry.operations == 0:
        return "no operations: Prism refuses to serve a document without paths"
    files = [entry] if entry.parent == CORPUS else sorted(entry.parent.rglob("*.y*ml"))
    if not any(_URL_REF.search(path.read_bytes()) for path in files):
        return entry
    if len(files) > 1 or entry.suffix != ".json":
        return "a $ref names a URL: Prism would fetch it"
    data = json.loads(entry.read_bytes())
    if _url_refs(data, in_example=False, rename=False):
        return "a $ref outside example values names a URL: Prism would fetch it"
    renamed = _url_refs(data, in_example=False, rename=True)
    copy = scratch / f"{run.entry.name}.json"
    copy.write_text(json.dumps(data), encoding="utf-8")
    assert renamed, "the scan found a URL $ref to rename"
    return copy


def _url_refs(node: Any, *, in_example: bool, rename: bool, context: str = "") -> int:
    """URL ``$ref``s outside example values (``rename``: inside them, renamed to
    ``$ref `` so that Prism reads them as the data they are). Counts them."""
    found = 0
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and re.match(r"https?://", ref) and in_example == rename:
            found += 1
            if rename:
                node["$ref "] = node.pop("$ref")
        for key, value in list(node.items()):
            # An example value: ``example``, or ``value`` in an entry of ``examples``.
            example = key == "example" or (key == "value" and context == "entry")
            inner = "map" if key == "examples" else "entry" if context == "map" else ""
            found += _url_refs(
                value, in_example=in_example or example, rename=rename, context=inner
            )
    elif isinstance(node, list):
        for value in node:
            found += _url_refs(value, in_example=in_example, rename=rename)
    return found


def probe_document(run: SpecRun, scratch: Path) -> DocumentRun:
    started = time.perf_counter()
    result = DocumentRun(run.entry.name)
    served = served_document(run, scratch)
    if isinstance(served, str):
        result.not_served = served
        return result
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(run.out)])}
    try:
        completed = subprocess.run(
            [
                sys.executable,
                "-m",
                "tests.support.wire.probe",
                str(CORPUS / run.entry.entry),
                str(served),
                str(run.out),
                run.entry.package,
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=PROBE_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        result.error = f"{type(exc).__name__}: {exc}"[:2000]
        return result
    lines = [json.loads(line) for line in completed.stdout.splitlines() if line.startswith("{")]
    if completed.returncode != 0 or not lines or not lines[-1].get("done"):
        result.error = f"the probe failed ({completed.returncode}):\n{completed.stderr[-3000:]}"
    result.verdicts = [line for line in lines if "done" not in line]
    result.seconds = time.perf_counter() - started
    return result


def probe_all(
    runs: list[SpecRun], scratch: Path, cost: Callable[[SpecRun], float], workers: int = 2
) -> list[DocumentRun]:
    """Every document, the costliest first so the two workers finish together."""
    ordered = sorted(runs, key=lambda r: -cost(r))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {r.entry.name: pool.submit(probe_document, r, scratch) for r in ordered}
        done = {name: future.result() for name, future in futures.items()}
    return [done[r.entry.name] for r in runs]
