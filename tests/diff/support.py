"""Running ``diff`` on documents written for a test."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator.cache import NO_CACHE
from generator.change.comparison import Report, compare_records
from generator.change.diff import Options, open_side, records
from generator.loader.document import DEFAULT_POLICY
from generator.loader.limits import DEFAULT_LIMITS


def write_yaml(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def diff_paths(old: Path, new: Path, *, lenient: bool = False) -> Report:
    """The report ``diff OLD NEW`` gives, computed in this process, with no cache."""
    options = Options(lenient, DEFAULT_LIMITS, DEFAULT_POLICY)
    old_record, new_record = records(open_side(old), open_side(new), NO_CACHE, options)
    return compare_records(old_record, new_record)


def verdicts(report: Report) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((c.id, c.level) for c in report.changes))
