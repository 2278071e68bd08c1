"""The real-world documents in ../shared/corpus, generated the way a user would.

Each entry of SOURCES.tsv is generated leniently (``build_single``) into a folder of its
own, in worker processes, once per test session; tests then import, ruff-check and
mypy-check what was written. Nothing here writes into the repository.
"""

from __future__ import annotations

import csv
import os
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from generator.builder.project import build_single
from generator.emitter.emit import emit
from generator.model.findings import GenerationError
from generator.renderer.render import render_package
from tests.support.rendered_lint import needed_fixes

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
TEMPLATES = ROOT / "templates"
# Findings about a document as a whole, which have no narrower place to point at.
WHOLE_DOCUMENT = frozenset({"openapi-schema-truncated"})


@dataclass(frozen=True)
class CorpusEntry:
    name: str
    entry: str  # path of the entry file inside the corpus folder
    operations: int  # as SOURCES.tsv counts them, independently of the generator

    @property
    def package(self) -> str:
        return self.name.replace("-", "_")


@dataclass
class SpecRun:
    """What generating one document did, for assertions and for the report."""

    entry: CorpusEntry
    out: Path
    seconds: float
    error: str | None = None
    operations: int = 0
    skipped_operations: tuple[str, ...] = ()
    component_schemas: int = 0
    skipped_schemas: tuple[str, ...] = ()
    findings: Counter[str] = field(default_factory=Counter)  # by severity label
    skip_findings: tuple[str, ...] = ()  # rendered findings that announce a skip
    needed_fixes: tuple[str, ...] = ()  # what ruff would fix in the code as rendered
    unlocated: tuple[str, ...] = ()  # rendered findings with no line or no JSON pointer


def read_sources() -> list[CorpusEntry]:
    sources = CORPUS / "SOURCES.tsv"
    if not sources.is_file():
        raise FileNotFoundError(
            f"{sources} is missing: the corpus tests read the documents from ../shared/corpus"
        )
    with sources.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [CorpusEntry(r["name"], r["entry"], int(r["operations"])) for r in rows]


def generate_one(entry: CorpusEntry, out: Path) -> SpecRun:
    """Generate one document into ``out`` leniently; never raises (errors are recorded)."""
    started = time.perf_counter()
    run = SpecRun(entry, out, 0.0)
    try:
        package, findings = build_single(CORPUS / entry.entry, entry.package, CORPUS)
        files = render_package(package, TEMPLATES, spec_root="corpus")
        run.needed_fixes = tuple(needed_fixes(files))
        emit(files, out, check=False)
    except GenerationError as exc:
        run.error = "\n".join(f.render() for f in exc.findings)
    except Exception as exc:  # the report must name the spec, not stop the session
        run.error = f"{type(exc).__name__}: {exc}"
    else:
        (client,) = package.clients
        coverage = client.coverage
        assert coverage is not None
        run.operations = coverage.operations
        run.skipped_operations = coverage.skipped_operations
        run.component_schemas = coverage.component_schemas
        run.skipped_schemas = coverage.skipped_schemas
        run.findings = Counter(f.severity.label for f in findings)
        run.unlocated = tuple(
            f.render()
            for f in findings
            if (f.line is None or not f.pointer) and f.code not in WHOLE_DOCUMENT
        )
        run.skip_findings = tuple(
            f.render() for f in findings if f.code in ("operation-skipped", "schema-skipped")
        )
    run.seconds = time.perf_counter() - started
    return run


def generate_all(entries: list[CorpusEntry], root: Path) -> list[SpecRun]:
    """Every entry, the largest first so the two workers finish together."""
    ordered = sorted(entries, key=lambda e: -_size(CORPUS / e.entry))
    workers = max(1, min(2, os.cpu_count() or 1))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {e.name: pool.submit(generate_one, e, root / e.name) for e in ordered}
        runs = {name: future.result() for name, future in futures.items()}
    return [runs[e.name] for e in entries]


def _size(path: Path) -> int:
    return path.stat().st_size if path.is_file() else 0


def report(runs: list[SpecRun]) -> list[str]:
    """One line per spec: operations generated and skipped, findings by severity, time."""
    lines = [
        f"{'spec':28} {'ops':>5} {'skip':>4} {'schemas':>7} {'skip':>4} "
        f"{'error':>5} {'warn':>5} {'low':>5} {'time':>7}"
    ]
    for run in runs:
        if run.error is not None:
            lines.append(f"{run.entry.name:28} FAILED: {run.error.splitlines()[0][:200]}")
            continue
        lines.append(
            f"{run.entry.name:28} {run.operations:5d} {len(run.skipped_operations):4d} "
            f"{run.component_schemas:7d} {len(run.skipped_schemas):4d} "
            f"{run.findings['error']:5d} {run.findings['warning']:5d} {run.findings['low']:5d} "
            f"{run.seconds:6.1f}s"
        )
    total_ops = sum(r.operations for r in runs)
    total_skipped = sum(len(r.skipped_operations) for r in runs)
    lines.append(f"total: {total_ops} operations generated, {total_skipped} skipped")
    return lines
