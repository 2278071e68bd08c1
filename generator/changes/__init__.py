"""What changed for callers between two versions of an API: rules, comparison, reports."""

from generator.changes.compare import compare_records
from generator.changes.report import Change, Level, Report, is_docs_only, render_report

__all__ = ["Change", "Level", "Report", "compare_records", "is_docs_only", "render_report"]
