"""A document and the files it reaches through ``$ref``, resolved safely.

A ``$ref`` may name another file by a relative path. It is read only if it lies inside
the root document's folder tree; URLs are never fetched. Both rules are there because
a spec is input from outside: it must not make the generator read ``/etc/passwd`` or
call a server.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from generator.findings import Finding, GenerationError, Severity, pointer_tokens
from generator.loader import DEFAULT_LIMITS, LoadedFile, LoadLimits, load_file


@dataclass(frozen=True, slots=True)
class Located:
    """A value together with the file and JSON pointer it was found at."""

    file: LoadedFile
    pointer: str
    value: Any

    @property
    def key(self) -> tuple[str, str]:
        """Identity of the place, stable across runs (used to name and deduplicate)."""
        return (str(self.file.path), self.pointer)


class RefError(Exception):
    """A ``$ref`` that cannot be followed; becomes a finding at the ref's place."""


class SpecDocument:
    """The root document plus every file reached from it, loaded once each."""

    def __init__(self, root: LoadedFile, limits: LoadLimits) -> None:
        self.root = root
        self.limits = limits
        self.base_dir = root.path.parent.resolve()
        self.files: dict[Path, LoadedFile] = {root.path.resolve(): root}

    @classmethod
    def open(cls, path: Path, display: str, limits: LoadLimits = DEFAULT_LIMITS) -> SpecDocument:
        return cls(load_file(path, display, limits), limits)

    @property
    def data(self) -> Any:
        return self.root.data

    def at_root(self, pointer: str = "") -> Located:
        return Located(self.root, pointer, self.get(self.root, pointer))

    def get(self, file: LoadedFile, pointer: str) -> Any:
        node = file.data
        for token in pointer_tokens(pointer):
            if isinstance(node, dict) and token in node:
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                raise RefError(f"nothing at {pointer or '/'} in {file.display}")
        return node

    def follow(self, ref: str, origin: LoadedFile) -> Located:
        """Resolve one ``$ref`` written in ``origin``."""
        parts = urlsplit(ref)
        if parts.scheme or parts.netloc:
            raise RefError(
                f"the $ref {ref!r} is a URL; URLs are never fetched. Save the document "
                "beside the spec and refer to it by a relative path."
            )
        target = origin
        if parts.path:
            target = self._file(unquote(parts.path), origin)
        pointer = unquote(parts.fragment)
        if pointer and not pointer.startswith("/"):
            raise RefError(f"the $ref {ref!r} has a fragment that is not a JSON pointer")
        return Located(target, pointer, self.get(target, pointer))

    def _file(self, relative: str, origin: LoadedFile) -> LoadedFile:
        return self.read_file((origin.path.parent / relative).resolve(), relative)

    def read_file(self, candidate: Path, named_as: str) -> LoadedFile:
        """Load a referenced file once, if it lies inside the spec's folder tree."""
        if not candidate.is_relative_to(self.base_dir):
            raise RefError(
                f"the $ref reaches {named_as!r}, outside the spec's folder; copy the file "
                "into the spec's folder tree."
            )
        loaded = self.files.get(candidate)
        if loaded is None:
            if not candidate.is_file():
                raise RefError(f"the $ref names {named_as!r}, which does not exist")
            display = _display(self.root.display, self.base_dir, candidate)
            try:
                loaded = load_file(candidate, display, self.limits)
            except GenerationError as exc:
                raise RefError("; ".join(f.render() for f in exc.findings)) from None
            self.files[candidate] = loaded
        return loaded

    def deref(self, located: Located, *, limit: int = 64) -> Located:
        """Follow ``$ref`` chains (A -> B -> C) to a value that is not a bare ref.

        A cycle of aliases (A -> B -> C -> B) has no value: it is reported, not looped on.
        """
        seen: list[tuple[str, str]] = []
        current = located
        while isinstance(current.value, dict) and isinstance(current.value.get("$ref"), str):
            if current.key in seen:
                chain = " -> ".join(p for _, p in [*seen, current.key])
                raise RefError(f"the $ref chain loops ({chain}); break the cycle")
            seen.append(current.key)
            if len(seen) > limit:
                raise RefError(f"the $ref chain is longer than {limit} links")
            current = self.follow(current.value["$ref"], current.file)
        return current

    def line(self, located: Located) -> int | None:
        return located.file.line_of(located.pointer)

    def finding(self, located: Located, severity: Severity, code: str, message: str) -> Finding:
        return Finding(
            severity, code, located.file.display, self.line(located), located.pointer, message
        )


def _display(root_display: str, base_dir: Path, path: Path) -> str:
    """Name a referenced file the way its root was named (relative where it was)."""
    root_dir = Path(root_display).parent
    return str(root_dir / path.relative_to(base_dir))
