"""A place in a document: what a finding or a model element points at.

The loader reads files (:class:`generator.loader.parse.LoadedFile`); the model only
remembers places in them. It names a file by the :class:`SourceFile` protocol, the part
of a loaded file that later stages read, so the model never imports the loader.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol


class SourceFile(Protocol):
    """A loaded file, as a place in it is read: its name, data and line map."""

    @property
    def path(self) -> Path: ...

    @property
    def display(self) -> str: ...

    @property
    def data(self) -> Any: ...

    @property
    def url(self) -> str | None: ...

    @property
    def origin(self) -> str: ...

    @property
    def lines_at_hand(self) -> bool: ...

    def line_of(self, pointer: str) -> int | None: ...


@dataclass(frozen=True, slots=True)
class Located:
    """A value together with the file and JSON pointer it was found at."""

    file: SourceFile
    pointer: str
    value: Any

    @property
    def key(self) -> tuple[str, str]:
        """Identity of the place, stable across runs (used to name and deduplicate)."""
        return (self.file.origin, self.pointer)
