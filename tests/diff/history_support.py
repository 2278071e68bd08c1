"""The spec histories in ../shared/spec-history: consecutive pairs and their reports."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

from generator.change.comparison import render_report
from generator.model.findings import GenerationError
from tests.diff.support import diff_paths

ROOT = Path(__file__).resolve().parents[2]
HISTORY = ROOT.parent / "shared" / "spec-history"
GOLDEN = Path(__file__).resolve().parent / "history"
DOCUMENT_SUFFIXES = (".yaml", ".yml", ".json")


def pairs() -> list[tuple[str, Path, Path]]:
    """(name, old, new) for every two consecutive versions of every history."""
    found: list[tuple[str, Path, Path]] = []
    for folder in sorted(p for p in HISTORY.iterdir() if p.is_dir()):
        versions = sorted(p for p in folder.iterdir() if p.suffix in DOCUMENT_SUFFIXES)
        for old, new in itertools.pairwise(versions):
            found.append((f"{folder.name}/{old.stem}..{new.stem}", old, new))
    return found


def golden_path(name: str) -> Path:
    return GOLDEN / f"{name}.json"


def report_text(old: Path, new: Path) -> str:
    """The JSON report, its places relative to the history folder (stable anywhere); for
    a version that cannot be read, the findings that say why, as ``diff`` prints them."""
    try:
        text = render_report(diff_paths(old, new, lenient=True), "json")
    except GenerationError as exc:
        findings = [finding.render() for finding in exc.findings]
        text = json.dumps({"unreadable": findings}, indent=2) + "\n"
    return text.replace(str(HISTORY) + "/", "").replace("../shared/spec-history/", "")


def update() -> None:
    for name, old, new in pairs():
        path = golden_path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(report_text(old, new), "utf-8")


if __name__ == "__main__":
    update()
