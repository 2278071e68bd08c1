"""Import statements written exactly: only the names a module uses, in ruff's order.

A generated module imports what its code mentions and nothing else, sorted as ruff's
isort sorts it. Ruff then has nothing to fix: fixing is the costly part of
``ruff check --fix`` (each round of fixes lints the whole file again: about a second on
GitHub's 4.5 MB client), while a check that finds nothing costs one read. The names
come from the model (every annotation is spelled by :mod:`generator.model`, which
records what it spelled), never from reading rendered text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cmp_to_key

from generator.escape import PySource

# Where each name an annotation may spell is imported from, by isort section. Builtins
# (str, int, list, None...) need no import and are not here.
_STANDARD = {
    "date": "datetime",
    "datetime": "datetime",
    "time": "datetime",
    "timedelta": "datetime",
    "StrEnum": "enum",
    "TYPE_CHECKING": "typing",
    "Annotated": "typing",
    "Any": "typing",
    "Literal": "typing",
    "TypeAlias": "typing",
    "Union": "typing",
    "UUID": "uuid",
}
_THIRD_PARTY = {
    "Discriminator": "pydantic",
    "Field": "pydantic",
    "Tag": "pydantic",
    "TypeAliasType": "typing_extensions",
}
_RUNTIME = {"Model": ".._runtime._model", "discriminate": ".._runtime._model"}
# Said above an import, where a reader would ask why it is there.
_WHY = {
    "typing_extensions": "pydantic's own dependency: typing.TypeAliasType arrived only in "
    "Python 3.12."
}


@dataclass(frozen=True, slots=True)
class ImportFrom:
    """``from module import names``; ``wrapped``: one name per line, in parentheses."""

    module: str
    names: tuple[str, ...]
    wrapped: bool = False

    def lines(self, pad: str, *, first: bool) -> list[str]:
        why = _WHY.get(self.module)
        # isort sets a commented import apart from the one before it by a blank line.
        head = ([] if first else [""]) + [f"{pad}# {why}"] if why else []
        line = f"{pad}from {self.module} import {', '.join(self.names)}"
        if not self.wrapped and len(line) <= LINE_LENGTH:
            return [*head, line]
        return [
            *head,
            f"{pad}from {self.module} import (",
            *(f"{pad}    {name}," for name in self.names),
            f"{pad})",
        ]


Section = tuple[ImportFrom, ...]
# The generated package's ruff line-length (templates/package/pyproject.toml.jinja): a
# longer import is written one name per line, as isort wraps it.
LINE_LENGTH = 100


def _digit(text: str, index: int) -> bool:
    return index < len(text) and "0" <= text[index] <= "9"


def natural_compare(a: str, b: str) -> int:
    """Natural order as ruff's natord crate compares (``Model2`` before ``Model10``).

    Digit runs compare by value (the longer run is the larger; among runs of one length
    the first differing digit decides), except that a run starting with ``0`` compares
    digit by digit, as a fraction would (``02`` before ``2``). Anything else compares by
    character.
    """
    i = j = 0
    while True:
        if i >= len(a) or j >= len(b):
            return (i < len(a)) - (j < len(b))
        if _digit(a, i) and _digit(b, j):
            fraction = a[i] == "0" or b[j] == "0"
            bias = 0
            while _digit(a, i) or _digit(b, j):
                if not _digit(a, i):
                    return -1
                if not _digit(b, j):
                    return 1
                if a[i] != b[j]:
                    if fraction:
                        return -1 if a[i] < b[j] else 1
                    bias = bias or (-1 if a[i] < b[j] else 1)
                i += 1
                j += 1
            if bias:
                return bias
            continue
        if a[i] != b[j]:
            return -1 if a[i] < b[j] else 1
        i += 1
        j += 1


def _member_type(name: str) -> int:
    """CONSTANTS, then Classes, then everything else (isort's order-by-type)."""
    if len(name) > 1 and name.upper() == name and name.lower() != name:
        return 0
    return 1 if name[:1].isupper() else 2


def _compare_members(a: str, b: str) -> int:
    """Ruff's isort order of the names in one ``from`` import: by type, then
    case-insensitively, then as written."""
    return (
        (_member_type(a) - _member_type(b))
        or natural_compare(a.lower(), b.lower())
        or natural_compare(a, b)
    )


def sorted_members(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(names), key=cmp_to_key(_compare_members)))


def _section(table: dict[str, str], names: frozenset[str]) -> Section:
    by_module: dict[str, list[str]] = {}
    for name in names:
        module = table.get(name)
        if module is not None:
            by_module.setdefault(module, []).append(name)
    return tuple(
        ImportFrom(module, sorted_members(members)) for module, members in sorted(by_module.items())
    )


def annotation_imports(names: frozenset[str], models: Iterable[str] = ()) -> tuple[Section, ...]:
    """The sections importing ``names`` (standard library, pydantic, the runtime and the
    models module); empty sections are left out. ``models`` are names of the models
    module to import, one per line (a long list, and the form ruff keeps)."""
    local = _section(_RUNTIME, names)
    model_names = sorted_members(models)
    if model_names:
        local = (*local, ImportFrom(".models", model_names, wrapped=True))
    sections = (_section(_STANDARD, names), _section(_THIRD_PARTY, names), local)
    return tuple(section for section in sections if section)


def import_block(sections: tuple[Section, ...], *, indent: int = 0) -> PySource:
    """The statements, a blank line between sections; empty when there are none.

    Every name comes from the tables above or is an identifier of the model, and every
    module from the tables: nothing of the spec's text is printed here.
    """
    pad = " " * indent
    return PySource(
        "\n\n".join(
            "\n".join(
                line
                for index, statement in enumerate(section)
                for line in statement.lines(pad, first=index == 0)
            )
            for section in sections
        )
    )
