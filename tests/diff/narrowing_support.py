"""Fixture pairs where the typed client hides what the server now refuses (or where a
change only looks like one): ``tests/diff/narrowing/<case>/{old,new}.yaml`` and the
golden report between them, ``report.json``.

``python -m tests.diff.narrowing_support`` rewrites the golden reports (review the diff
it makes).
"""

from __future__ import annotations

from pathlib import Path

from generator.change.comparison import Report, render_report
from generator.change.comparison.report import Level
from tests.diff.support import diff_paths

FOLDER = Path(__file__).resolve().parent / "narrowing"

# The most serious level each pair must report (None: no change a caller can notice),
# and why. Each request case is a call the old client makes that a server holding the
# new document refuses (tests/e2e/test_narrowing_prism.py sends it); each response case
# an answer of the new document the old client's parser reads, or fails to.
VERDICTS: dict[str, tuple[Level | None, str]] = {
    "body-null-refused": ("breaking", "test_op(None) sends a null body"),
    "field-null-refused": ("breaking", "SomeObject(id=None) sends {'id': null}"),
    "parameter-became-enum": ("breaking", "a book_id outside the enum is refused"),
    "field-became-enum": ("breaking", "a kind outside the enum is refused"),
    "required-field-with-default": ("breaking", "an unset field with a default is not sent"),
    "body-limits": ("breaking", "one tag, or a note over 5 characters, is refused"),
    "format-narrowed": ("breaking", "2**40 fits int64, not int32"),
    "unmodelled-keywords": ("breaking", "keywords the types do not show refuse more"),
    "request-tuple": ("breaking", "a list of three numbers is not a pair"),
    "response-tuple": ("breaking", "list[str] cannot parse [7, 'a', 'b']"),
    "bodyless-response-removed": ("info", "the method returns None before and after"),
    "pattern-matches-anything": ("info", "'.*' matches whatever '^[a-z]+$' did"),
    "array-with-properties": (None, "properties beside type: array constrain nothing"),
    "optional-response-field-nullable": (None, "an optional field is `str | None` already"),
}


def cases() -> list[str]:
    return sorted(p.name for p in FOLDER.iterdir() if (p / "old.yaml").is_file())


def pair(case: str) -> tuple[Path, Path]:
    return FOLDER / case / "old.yaml", FOLDER / case / "new.yaml"


def golden_path(case: str) -> Path:
    return FOLDER / case / "report.json"


def report(case: str) -> Report:
    return diff_paths(*pair(case))


def report_text(case: str) -> str:
    """The JSON report, its places relative to the case's folder (stable anywhere)."""
    text = render_report(report(case), "json")
    folder = FOLDER / case
    for prefix in (str(folder) + "/", str(folder.relative_to(FOLDER.parents[2])) + "/"):
        text = text.replace(prefix, "")
    return text


def update() -> None:
    for case in cases():
        golden_path(case).write_text(report_text(case), "utf-8")


if __name__ == "__main__":
    update()
