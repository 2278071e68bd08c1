"""Reading our config (``jobclient.yaml``): typed values out of the parsed YAML, with a
finding at the line of each one that is wrong instead of an exception."""

from __future__ import annotations

import re
from typing import Any

from generator.loader.parse import LoadedFile
from generator.model.findings import Finding, Severity, pointer_join

# A Python name the config gives (a module, a method, a kind of job).
IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")


class ConfigReader:
    """Pulls typed values out of the parsed YAML, collecting findings instead of raising."""

    def __init__(self, loaded: LoadedFile) -> None:
        self.loaded = loaded
        self.findings: list[Finding] = []

    def fail(self, pointer: str, message: str) -> None:
        self.findings.append(
            Finding(
                Severity.ERROR,
                "config",
                self.loaded.display,
                self.loaded.line_of(pointer),
                pointer,
                message,
            )
        )

    def string(self, mapping: Any, pointer: str, key: str, pattern: re.Pattern[str]) -> str:
        value = mapping.get(key) if isinstance(mapping, dict) else None
        where = pointer_join(pointer, key)
        if not isinstance(value, str):
            self.fail(where, f"`{key}` is required and must be a string.")
            return ""
        if not pattern.match(value):
            self.fail(where, f"`{key}` is {value!r}; it must match {pattern.pattern}.")
        return value

    def not_reserved(self, mapping: Any, pointer: str, key: str, names: frozenset[str]) -> None:
        """The generated code already uses this name where the value would go."""
        value = mapping.get(key) if isinstance(mapping, dict) else None
        if value in names:
            self.fail(
                pointer_join(pointer, key),
                f"`{key}` is {value!r}, a name the generated code already uses there; "
                "choose another.",
            )
