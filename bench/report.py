"""Markdown for the generator figures, and the verdict on each target of the issue."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from bench.generators import Figures, Series, VendorFigures

STAGES = ("import", "load", "validate", "build", "render", "ruff", "write")
LARGEST = 3  # "the largest documents" of the memory target: the three largest by size


@dataclass
class StageFigures:
    name: str
    medians: dict[str, float] | None  # None: the run failed
    failure: str = ""


def _s(series: Series) -> str:
    if not series.runs:
        return "–"
    return f"{series.wall_s:.2f}" + ("" if series.ok else " ✗")


def _mb(series: Series) -> str:
    return f"{series.peak_mb:.0f}" if series.runs else "–"


def _single(series: Series) -> str:
    return f"{series.peak_single_mb:.0f}" if series.runs else "–"


def _ops(series: Series) -> str:
    return str(series.operations) if series.operations is not None else "–"


def _ratio(ours: Series, theirs: Series) -> str:
    if not (ours.ok and theirs.runs):
        return "–"
    return f"{ours.wall_s / theirs.wall_s:.2f}"


def side_by_side(figures: list[Figures], opc_version: str) -> list[str]:
    lines = [
        "## Generators side by side (cold, validation included)",
        "",
        f"Ours cold against openapi-python-client {opc_version} (`literal_enums: true`, its "
        "ruff post-hooks on), one process per run, median of 5, the two alternating. "
        "Peak memory is the largest sum of the resident sizes of the process tree "
        "(generator, validation worker, ruff), sampled every 10 ms. Operations are counted "
        "in the output: `_rt.Operation` constants in ours, `sync_detailed` endpoint "
        "functions in theirs. ✗ marks a generator that exited non-zero: its time and "
        "memory are still shown (for openapi-python-client that is often its ruff "
        "post-hook rejecting code it wrote, after the whole generation), and its "
        "operations are counted in what it left behind.",
        "",
        "| document | MB | ours s | theirs s | ours/theirs | ours peak MB | theirs peak MB "
        "| ours largest process MB | theirs largest process MB | ours ops | theirs ops "
        "| notes |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for fig in figures:
        doc = fig.document
        notes = []
        if not fig.ours_cold.ok:
            notes.append(f"ours {fig.ours_cold.failure}")
        if not fig.opc.ok:
            notes.append(f"theirs {fig.opc.failure}")
        lines.append(
            f"| {doc.name}{' (vendor)' if doc.source == 'vendor' else ''} | {doc.size_mb:.3f} "
            f"| {_s(fig.ours_cold)} | {_s(fig.opc)} | {_ratio(fig.ours_cold, fig.opc)} "
            f"| {_mb(fig.ours_cold)} | {_mb(fig.opc)} | {_single(fig.ours_cold)} "
            f"| {_single(fig.opc)} | {_ops(fig.ours_cold)} "
            f"| {_ops(fig.opc)} | {'; '.join(n.replace('|', '/') for n in notes)} |"
        )
    return [*lines, ""]


def cold_warm_noop(figures: list[Figures]) -> list[str]:
    lines = [
        "## Ours cold, warm and no-op",
        "",
        "Cold: an empty cache folder and no output folder. Warm: validation cached, every "
        "Python template edited (so every Python file is re-rendered and re-formatted; the "
        "ruff and Jinja caches emptied). No-op: the same command again over its own output. "
        "Median of 5 each.",
        "",
        "| document | MB | cold s | warm s | no-op s | theirs s | theirs / ours warm |",
        "|---|---|---|---|---|---|---|",
    ]
    for fig in figures:
        speedup = (
            f"{fig.opc.wall_s / fig.ours_warm.wall_s:.1f}x"
            if fig.ours_warm.ok and fig.opc.runs
            else "–"
        )
        lines.append(
            f"| {fig.document.name} | {fig.document.size_mb:.3f} | {_s(fig.ours_cold)} "
            f"| {_s(fig.ours_warm)} | {_s(fig.ours_noop)} | {_s(fig.opc)} | {speedup} |"
        )
    return [*lines, ""]


def stage_table(stages: list[StageFigures]) -> list[str]:
    lines = [
        "## Ours by stage (cold, stages run one after the other, median of 5)",
        "",
        "In `generate` the validation runs in a worker beside build, render and ruff; here "
        "each stage runs alone so that its own cost shows. `import` is the generator's "
        "modules (the interpreter's start is not in it); `validate` includes importing "
        "openapi-spec-validator (about a quarter of a second, which `generate` spends in "
        "the worker while the main process imports and loads).",
        "",
        "| document | " + " | ".join(STAGES) + " | sum |",
        "|---|" + "---|" * (len(STAGES) + 1),
    ]
    for entry in stages:
        if entry.medians is None:
            lines.append(f"| {entry.name} | " + " | ".join("–" for _ in STAGES) + " | failed |")
            continue
        cells = [f"{entry.medians[s]:.2f}" for s in STAGES]
        total = sum(entry.medians[s] for s in STAGES)
        lines.append(f"| {entry.name} | " + " | ".join(cells) + f" | {total:.2f} |")
    return [*lines, ""]


def scaling(figures: list[Figures]) -> tuple[list[str], float | None]:
    corpus = sorted(
        (f for f in figures if f.document.source == "corpus" and f.ours_cold.ok),
        key=lambda f: f.document.size_bytes,
    )
    lines = [
        "## Scaling: seconds per MB (cold)",
        "",
        "| document | MB | ours s/MB | theirs s/MB |",
        "|---|---|---|---|",
    ]
    for fig in corpus:
        mb = fig.document.size_mb
        theirs = f"{fig.opc.wall_s / mb:.2f}" + ("" if fig.opc.ok else " ✗")
        lines.append(
            f"| {fig.document.name} | {mb:.3f} | {fig.ours_cold.wall_s / mb:.2f} | {theirs} |"
        )
    spread = None
    if len(corpus) >= 2:
        smallest, largest = corpus[0], corpus[-1]
        per_mb_small = smallest.ours_cold.wall_s / smallest.document.size_mb
        per_mb_large = largest.ours_cold.wall_s / largest.document.size_mb
        spread = per_mb_small / per_mb_large
        fixed = smallest.ours_cold.wall_s
        lines += [
            "",
            f"Smallest ({smallest.document.name}) to largest ({largest.document.name}): "
            f"{per_mb_small:.1f} s/MB against {per_mb_large:.2f} s/MB, a factor of "
            f"{spread:.0f}. Nearly all of a small document's time is the fixed cost of a "
            f"run (interpreter, imports, one ruff call: {fixed:.2f} s for "
            f"{smallest.document.name}). Above that fixed cost, the time per MB of the "
            "documents over 0.1 MB:",
            "",
            "| document | MB | (ours s − fixed) / MB |",
            "|---|---|---|",
        ]
        for fig in corpus:
            if fig.document.size_mb >= 0.1:
                marginal = (fig.ours_cold.wall_s - fixed) / fig.document.size_mb
                lines.append(
                    f"| {fig.document.name} | {fig.document.size_mb:.3f} | {marginal:.2f} |"
                )
    return [*lines, ""], spread


def vendor_table(vendors: VendorFigures) -> list[str]:
    return [
        "## The five vendors: no-op `make generate` and `--check`",
        "",
        "| command | median s | runs |",
        "|---|---|---|",
        f"| `make generate`, nothing changed (cache warm) | {_s(vendors.make_noop)} "
        f"| {', '.join(f'{r.wall_s:.2f}' for r in vendors.make_noop.runs)} |",
        f"| `python -m generator generate --check` (cache warm) | {_s(vendors.check_cached)} "
        f"| {', '.join(f'{r.wall_s:.2f}' for r in vendors.check_cached.runs)} |",
        f"| `python -m generator generate --check --no-cache` (as on a fresh CI machine) "
        f"| {_s(vendors.check_uncached)} "
        f"| {', '.join(f'{r.wall_s:.2f}' for r in vendors.check_uncached.runs)} |",
        "",
    ]


def _verdict(ok: bool) -> str:
    return "**met**" if ok else "**missed**"


def targets(figures: list[Figures], vendors: VendorFigures, spread: float | None) -> list[str]:
    corpus = [f for f in figures if f.document.source == "corpus"]
    both = [f for f in corpus if f.ours_cold.ok and f.opc.ok]
    slower = [f.document.name for f in both if f.ours_cold.wall_s > f.opc.wall_s]
    slower_than_failing = [
        f.document.name
        for f in corpus
        if f.ours_cold.ok and not f.opc.ok and f.ours_cold.wall_s > f.opc.wall_s
    ]
    ours_failed = [f.document.name for f in corpus if not f.ours_cold.ok]
    theirs_done = [f for f in corpus if f.opc.ok]
    ours_total = sum(f.ours_cold.wall_s for f in both)
    theirs_total = sum(f.opc.wall_s for f in both)
    theirs_done_total = sum(f.opc.wall_s for f in theirs_done)
    by_name = {f.document.name: f for f in figures}
    warm_lines = []
    warm_ok = True
    for name in ("github", "openai"):
        fig = by_name.get(name)
        if fig is None or not (fig.ours_warm.ok and fig.opc.runs):
            warm_ok = False
            warm_lines.append(f"{name}: not measured (ours failed)")
            continue
        factor = fig.opc.wall_s / fig.ours_warm.wall_s
        warm_ok = warm_ok and factor >= 5
        warm_lines.append(
            f"{name} {fig.ours_warm.wall_s:.2f} s against {_s(fig.opc)} s ({factor:.2f}x)"
        )
    largest = sorted(corpus, key=lambda f: f.document.size_bytes)[-LARGEST:]
    memory_lines = []
    memory_ok = True
    for fig in largest:
        if not (fig.ours_cold.ok and fig.opc.runs):
            memory_ok = False
            memory_lines.append(f"{fig.document.name}: ours failed")
            continue
        share = fig.ours_cold.peak_mb / fig.opc.peak_mb
        memory_ok = memory_ok and share < 1 / 3
        memory_lines.append(
            f"{fig.document.name} {fig.ours_cold.peak_mb:.0f} MB against "
            f"{fig.opc.peak_mb:.0f} MB{'' if fig.opc.ok else ' ✗'} ({share:.0%}; largest "
            f"single process {fig.ours_cold.peak_single_mb:.0f} against "
            f"{fig.opc.peak_single_mb:.0f} MB)"
        )
    make_ok = vendors.make_noop.ok and vendors.make_noop.wall_s < 0.5
    check_ok = vendors.check_cached.ok and vendors.check_cached.wall_s < 1.0
    check_cold_ok = vendors.check_uncached.ok and vendors.check_uncached.wall_s < 1.0
    ours_failed_of_theirs = [f.document.name for f in theirs_done if not f.ours_cold.ok]
    half = ours_total <= theirs_total / 2
    total_row = (
        f"| corpus total at most half of theirs (over the documents it completes) "
        f"| ours {ours_total:.1f} s against {theirs_total:.1f} s over the {len(both)} "
        f"both complete ({ours_total / theirs_total:.0%}); it completes {len(theirs_done)} "
        f"({theirs_done_total:.1f} s), ours fails on {len(ours_failed_of_theirs)} of those"
        f"{': ' + ', '.join(ours_failed_of_theirs) if ours_failed_of_theirs else ''} "
        f"| {_verdict(half)} on the {len(both)}"
        f"{', **missed** on the whole set' if ours_failed_of_theirs else ''} |"
        if theirs_total
        else "| corpus total | no document completed by both | **missed** |"
    )
    spread_row = (
        f"| time per MB flat within 2x, smallest to largest "
        f"| factor {spread:.0f} (see Scaling) | {_verdict(spread <= 2)} |"
        if spread is not None
        else "| time per MB flat within 2x | not measured | **missed** |"
    )
    return [
        "## Targets",
        "",
        "| target | figure | verdict |",
        "|---|---|---|",
        f"| cold no slower than openapi-python-client on every corpus document "
        f"| slower on {len(slower)} of the {len(both)} both complete"
        f"{': ' + ', '.join(slower) if slower else ''}; slower than its failing run on "
        f"{len(slower_than_failing)}"
        f"{': ' + ', '.join(slower_than_failing) if slower_than_failing else ''}; ours "
        f"fails on {len(ours_failed)}{': ' + ', '.join(ours_failed) if ours_failed else ''} "
        f"| {_verdict(not slower and not ours_failed)} |",
        total_row,
        f"| warm at least 5x faster on github.json and openai.yaml | {'; '.join(warm_lines)} "
        f"| {_verdict(warm_ok)} |",
        f"| peak memory under a third of theirs on the {LARGEST} largest "
        f"| {'; '.join(memory_lines)} | {_verdict(memory_ok)} |",
        f"| no-op `make generate` of the five vendors under 0.5 s "
        f"| {_s(vendors.make_noop)} s | {_verdict(make_ok)} |",
        f"| `--check` under 1 s | {_s(vendors.check_cached)} s with the cache, "
        f"{_s(vendors.check_uncached)} s without | {_verdict(check_ok)} with the cache, "
        f"{_verdict(check_cold_ok)} without |",
        spread_row,
        "",
    ]


def stage_medians(samples: list[dict[str, float]]) -> dict[str, float]:
    return {s: statistics.median(x[s] for x in samples) for s in STAGES}
