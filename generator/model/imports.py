"""Import statements written exactly: only the names a module uses, in ruff's order.

A generated module imports what its code mentions and nothing else, sorted as ruff's
isort sorts it. Ruff then has nothing to fix: fixing is the costly part of
``ruff check --fix`` (each round of fixes lints the whole file again: about a second on
GitHub's 4.5 MB client), while a check that finds nothing costs one read. The names
come from the model (every annotation is spelled by :mod:`generator.model.api`, which
records what it spelled), never from reading rendered text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from generator.model.escape import PySource

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
_RUNTIME = {
    "Model": ".._runtime._model",
    "PrefixItems": ".._runtime._model",
    "discriminate": ".._runtime._model",
}
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
LINE_LENGTH = 88


_RUNS = re.compile(r"[0-9]+|[^0-9]+")
_Token = tuple[int, int, int, str]


def _natural_key(text: str) -> tuple[_Token, ...]:
    """A sort key giving the order of ruff's natord comparison (``Model2`` before
    ``Model10``).

    natord compares a run of digits by value: the longer run is the larger, and among
    runs of one length the first differing digit decides. A run starting with ``0``
    compares digit by digit instead, as a fraction would, so it sorts before any run
    that does not (``02`` before ``2``), and among such runs as text. Digits sort before
    every other character an identifier may hold; text compares by character.
    """
    tokens: list[_Token] = []
    for run in _RUNS.findall(text):
        if not run[0].isdigit():
            tokens.append((1, 0, 0, run))
        elif run[0] == "0":
            tokens.append((0, 0, 0, run))
        else:
            tokens.append((0, 1, len(run), run))
    return tuple(tokens)


def _member_key(name: str) -> tuple[int, tuple[_Token, ...], tuple[_Token, ...]]:
    """Ruff's isort order of the names in one ``from`` import (order-by-type, its
    default): CONSTANTS, then Classes, then everything else; within each,
    case-insensitively, then as written."""
    if len(name) > 1 and name.upper() == name and name.lower() != name:
        kind = 0
    else:
        kind = 1 if name[:1].isupper() else 2
    return kind, _natural_key(name.lower()), _natural_key(name)


def sorted_members(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(names), key=_member_key))


def _export_key(name: str) -> tuple[int, tuple[_Token, ...]]:
    """Ruff's order of an ``__all__`` (RUF022, one of its default rules): CONSTANTS,
    then Classes, then everything else; within each, natural order as written (unlike
    an import's members, not case-insensitively first)."""
    if len(name) > 1 and name.upper() == name and name.lower() != name:
        kind = 0
    else:
        kind = 1 if name[:1].isupper() else 2
    return kind, _natural_key(name)


def sorted_exports(names: Iterable[str]) -> tuple[str, ...]:
    """Names in the order ruff keeps an ``__all__`` in."""
    return tuple(sorted(set(names), key=_export_key))


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
