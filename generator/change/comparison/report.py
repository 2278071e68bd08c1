"""A change report: the changes found between two API records, and how it is printed."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Literal

from generator.change.comparison.rules import DOCS_RULES

Level = Literal["breaking", "warning", "info"]
LEVELS: tuple[Level, ...] = ("breaking", "warning", "info")
Format = Literal["text", "markdown", "json"]


@dataclass(frozen=True)
class Change:
    """One change a caller can notice, placed in the new document (the old one for a
    removal)."""

    id: str
    level: Level
    operation: str | None
    python: str | None
    file: str | None
    line: int | None
    pointer: str | None
    message: str


def rank(level: Level) -> int:
    """0 for breaking, 1 for warning, 2 for info: lower is more serious."""
    return LEVELS.index(level)


def is_docs_only(change: Change) -> bool:
    """A description or summary edit: what a patch release is made of."""
    return change.id in DOCS_RULES


def _order(change: Change) -> tuple[int, str, str, str, str]:
    return (
        rank(change.level),
        change.operation or "",
        change.python or "",
        change.id,
        change.message,
    )


@dataclass(frozen=True)
class Report:
    changes: tuple[Change, ...]

    def summary(self) -> dict[str, int]:
        counts: dict[str, int] = dict.fromkeys(LEVELS, 0)
        for change in self.changes:
            counts[change.level] += 1
        return counts

    def highest(self) -> Level | None:
        return min((c.level for c in self.changes), key=rank, default=None)

    def sorted(self) -> Report:
        """The same changes, most serious first, then by operation and Python name."""
        return Report(tuple(sorted(set(self.changes), key=_order)))

    def without_docs(self) -> Report:
        return Report(tuple(c for c in self.changes if not is_docs_only(c)))


def render_report(report: Report, fmt: Format, *, no_docs: bool = False) -> str:
    """The report as text (for people), Markdown (for a changelog or review) or JSON."""
    shown = (report.without_docs() if no_docs else report).sorted()
    if fmt == "json":
        payload = {"changes": [asdict(c) for c in shown.changes], "summary": shown.summary()}
        return json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return _markdown(shown)
    return _text(shown)


def _place(change: Change) -> str:
    if change.file is None:
        return ""
    return f"{change.file}:{change.line}" if change.line is not None else change.file


def _counts(report: Report) -> str:
    summary = report.summary()
    return ", ".join(f"{summary[level]} {level}" for level in LEVELS)


def _text(report: Report) -> str:
    if not report.changes:
        return "No changes a caller can notice.\n"
    lines: list[str] = []
    for change in report.changes:
        subject = " ".join(x for x in (change.operation, change.python) if x)
        lines.append(f"{change.level:<8} {change.id}: {change.message}")
        if subject:
            lines.append(f"         {subject}")
        if change.file is not None:
            where = f" {change.pointer}" if change.pointer else ""
            lines.append(f"         at {_place(change)}{where}")
    lines.append(f"{len(report.changes)} change(s): {_counts(report)}.")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Plain text safe in a Markdown list item: no HTML, links or emphasis."""
    out = []
    for char in text.replace("\n", " "):
        out.append("\\" + char if char in "\\`*_{}[]<>#|!" else char)
    return "".join(out)


def _code(text: str) -> str:
    fence = "``" if "`" in text else "`"
    pad = " " if "`" in text else ""
    return f"{fence}{pad}{text.replace(chr(10), ' ')}{pad}{fence}"


def _markdown(report: Report) -> str:
    if not report.changes:
        return "No changes a caller can notice.\n"
    titles = {"breaking": "Breaking", "warning": "May break", "info": "Additions and notes"}
    parts: list[str] = []
    for level in LEVELS:
        items = [c for c in report.changes if c.level == level]
        if not items:
            continue
        parts.append(f"### {titles[level]} ({len(items)})\n")
        for change in items:
            subject = ", ".join(_code(x) for x in (change.operation, change.python) if x)
            where = f" ({_md(_place(change))})" if change.file is not None else ""
            lead = f"{subject}: " if subject else ""
            parts.append(f"- {lead}{_md(change.message)} [{change.id}]{where}")
        parts.append("")
    return "\n".join(parts)
