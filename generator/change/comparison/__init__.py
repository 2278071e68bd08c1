"""What changed for callers between two versions of an API: rules, comparison, reports."""

from generator.change.comparison.compare import compare_records
from generator.change.comparison.report import Change, Level, Report, is_docs_only, render_report

__all__ = ["Change", "Level", "Report", "compare_records", "is_docs_only", "render_report"]
