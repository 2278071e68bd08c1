"""The wire check's numbers: per document and per family, the committed baseline, and
the report printed at the end of ``make corpus``."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from tests.support.corpus import ROOT
from tests.support.wire.runner import DocumentRun

BASELINE = ROOT / "tests" / "corpus" / "wire_baseline.json"
VERDICTS = ("ok", "client", "prism", "untestable")
# The last run's report, for the end of the test session's output.
REPORTED: list[str] = []
_ABOUT = (
    "Calls of every operation of each corpus document through its generated clients "
    "against Prism (tests/corpus/test_wire.py). Client fault counts per family may only "
    "go down; rewrite with JOBCLIENTS_WIRE_BASELINE=rewrite (see the test module)."
)


def measure(docs: list[DocumentRun]) -> dict[str, dict[str, Any]]:
    """Per document: calls made, each verdict's count, client faults by family."""
    measured: dict[str, dict[str, Any]] = {}
    for doc in docs:
        if doc.not_served is not None:
            measured[doc.name] = {"not_served": doc.not_served}
            continue
        counts = doc.counts()
        measured[doc.name] = {
            "calls": sum(counts.values()),
            **{verdict: counts[verdict] for verdict in VERDICTS if verdict != "client"},
            "client": dict(sorted(doc.faults().items())),
            "seconds": round(doc.seconds),
        }
    return measured


def load_baseline(path: Path = BASELINE) -> dict[str, dict[str, Any]]:
    if not path.is_file():
        return {}
    documents: dict[str, dict[str, Any]] = json.loads(path.read_text("utf-8"))["documents"]
    return documents


def rises(baseline: dict[str, dict[str, Any]], measured: dict[str, dict[str, Any]]) -> list[str]:
    """Each document and family with more client faults than the baseline allows (a
    document the baseline does not hold yet has no count to rise above)."""
    found = []
    for name, now in measured.items():
        if name not in baseline:
            continue
        before = baseline[name].get("client", {})
        for family, count in now.get("client", {}).items():
            allowed = before.get(family, 0)
            if count > allowed:
                found.append(f"{name}: {family}: {count} client faults, the baseline has {allowed}")
    return found


def stale(baseline: dict[str, dict[str, Any]], measured: dict[str, dict[str, Any]]) -> list[str]:
    """Every count (calls, verdicts, families) that differs from the baseline."""
    found = []
    for name in sorted(set(baseline) | set(measured)):
        before = _counts(baseline.get(name, {}))
        now = _counts(measured.get(name, {}))
        for key in sorted(set(before) | set(now)):
            if before.get(key) != now.get(key):
                found.append(f"{name}: {key}: baseline {before.get(key)}, measured {now.get(key)}")
    return found


def _counts(entry: dict[str, Any]) -> dict[str, Any]:
    flat = {k: v for k, v in entry.items() if k not in ("client", "seconds")}
    flat.update({f"client/{k}": v for k, v in entry.get("client", {}).items()})
    return flat


def write_baseline(measured: dict[str, dict[str, Any]], path: Path = BASELINE) -> None:
    document = {"about": _ABOUT, "documents": measured}
    path.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def order(baseline: dict[str, dict[str, Any]], name: str, operations: int) -> float:
    """How long a document is expected to take: its last measured time, else a guess
    from its operations; the longest start first."""
    seconds = baseline.get(name, {}).get("seconds")
    return float(seconds) if isinstance(seconds, int | float) else operations / 4.0


def report(docs: list[DocumentRun], seconds: float) -> list[str]:
    """Per document, per family, and the Prism faults and untestable calls by kind."""
    lines = [
        f"{'document':28} {'calls':>6} {'ok':>6} {'client':>6} {'prism':>6} "
        f"{'untest':>6} {'time':>6}"
    ]
    totals: Counter[str] = Counter()
    families: Counter[str] = Counter()
    by_document: dict[str, Counter[str]] = {}
    kinds: dict[str, Counter[str]] = {"prism": Counter(), "untestable": Counter()}
    for doc in docs:
        if doc.not_served is not None or doc.error is not None:
            why = doc.not_served or f"FAILED: {(doc.error or '').strip().splitlines()[-1]}"
            lines.append(f"{doc.name:28} not called: {why[:160]}")
            continue
        counts = doc.counts()
        totals.update(counts)
        faults = doc.faults()
        families.update(faults)
        by_document[doc.name] = faults
        for call in doc.verdicts:
            if call["verdict"] in kinds and call["client"] == "sync":
                kinds[call["verdict"]][call["family"]] += 1
        lines.append(
            f"{doc.name:28} {sum(counts.values()):6d} {counts['ok']:6d} {counts['client']:6d} "
            f"{counts['prism']:6d} {counts['untestable']:6d} {doc.seconds:5.0f}s"
        )
    lines.append(
        f"{'total':28} {sum(totals.values()):6d} {totals['ok']:6d} {totals['client']:6d} "
        f"{totals['prism']:6d} {totals['untestable']:6d} {seconds:5.0f}s"
    )
    lines.append("client faults by family (sync and async calls):")
    for family, count in families.most_common():
        where = ", ".join(
            f"{name} {faults[family]}" for name, faults in by_document.items() if faults[family]
        )
        lines.append(f"  {family:24} {count:5d}  ({where})")
    for verdict, label in (("prism", "Prism faults"), ("untestable", "not testable")):
        lines.append(f"{label} by kind (sync calls; the async ones agree):")
        for kind, count in kinds[verdict].most_common():
            lines.append(f"  {kind:32} {count:5d}")
    return lines
