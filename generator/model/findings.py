"""Findings: what the generator has to say about an input, with a place a person can open."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass


class Severity(enum.IntEnum):
    """How much a finding matters. ERROR stops generation; the others are reported."""

    LOW = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing wrong (or noteworthy) in an input file.

    ``code`` is a short stable identifier so a config can accept a known finding.
    """

    severity: Severity
    code: str
    file: str
    line: int | None
    pointer: str
    message: str

    def render(self) -> str:
        place = f"{self.file}:{self.line}" if self.line is not None else self.file
        where = f" at {self.pointer}" if self.pointer else ""
        return f"{place}: {self.severity.label} [{self.code}]{where}: {self.message}"


class GenerationError(Exception):
    """Raised when inputs cannot be turned into output; carries every finding that stops it."""

    def __init__(self, findings: Iterable[Finding]) -> None:
        self.findings = sorted(findings, key=_finding_order)
        super().__init__("\n".join(f.render() for f in self.findings))


def _finding_order(finding: Finding) -> tuple[str, int, str]:
    return (finding.file, finding.line or 0, finding.pointer)


def pointer_join(pointer: str, *tokens: str | int) -> str:
    """Append tokens to a JSON pointer, escaping ``~`` and ``/`` as RFC 6901 asks."""
    parts = [pointer]
    for token in tokens:
        text = str(token).replace("~", "~0").replace("/", "~1")
        parts.append("/" + text)
    return "".join(parts)


def pointer_tokens(pointer: str) -> list[str]:
    """Split a JSON pointer (with or without a leading '#') into unescaped tokens."""
    body = pointer[1:] if pointer.startswith("#") else pointer
    if not body:
        return []
    if not body.startswith("/"):
        raise ValueError(f"not a JSON pointer: {pointer!r}")
    return [t.replace("~1", "/").replace("~0", "~") for t in body[1:].split("/")]
