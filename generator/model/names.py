"""Python names for things a spec names: decided here, once, deterministically.

Every name the generated code uses is an :class:`Identifier`: ASCII, not a keyword, not
a soft keyword, never shadowing the builtins a module relies on, and unique in its
scope. A spec can name a property ``class``, ``2fa``, ``a b`` or ``Привет``; each gets a
valid, stable name and the original stays the wire name (an alias).
"""

from __future__ import annotations

import builtins
import keyword
import re
import unicodedata
from functools import cache

from generator.model.escape import PySource
from generator.model.reserved import EVERYWHERE


class Identifier(PySource):
    """A name that is valid Python and safe to emit as code."""

    __slots__ = ()

    def __new__(cls, text: str) -> Identifier:
        if not _VALID.match(text) or keyword.iskeyword(text) or keyword.issoftkeyword(text):
            raise ValueError(f"not a safe identifier: {text!r}")
        return super().__new__(cls, text)


_VALID = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_WORD_SPLIT = re.compile(r"[^A-Za-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_BUILTINS = frozenset(dir(builtins))
# Single letters that read as digits in many fonts (pycodestyle E741): an enum member or
# field named `I` or `l` gets a trailing underscore like a keyword would.
_AMBIGUOUS = frozenset({"l", "O", "I"})


def _ascii_words(text: str) -> list[str]:
    # Most names are ASCII already, for which the folding changes nothing.
    folded = (
        text
        if text.isascii()
        else unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    )
    words: list[str] = []
    for chunk in _WORD_SPLIT.split(folded):
        if chunk:
            words.extend(w for w in _CAMEL.split(chunk) if w)
    return words


# A document names the same things over and over (GitHub: `owner` and `repo` in hundreds
# of operations); these are pure, so each spelling is worked out once per run.
@cache
def snake(text: str, *, fallback: str = "value") -> str:
    words = [w.lower() for w in _ascii_words(text)]
    name = "_".join(words) or fallback
    if name[0].isdigit():
        name = f"n{name}" if fallback == "value" else f"{fallback}_{name}"
    return name


@cache
def pascal(text: str, *, fallback: str = "Model") -> str:
    words = _ascii_words(text)
    name = "".join(w[:1].upper() + w[1:] for w in words) or fallback
    if name[0].isdigit():
        name = f"{fallback}{name}"
    return name


def upper_snake(text: str, *, fallback: str = "VALUE") -> str:
    name = "_".join(w.upper() for w in _ascii_words(text)) or fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    return name


def make_safe(name: str, *, avoid_builtins: bool) -> str:
    """Append ``_`` until the name is no keyword, ambiguous letter or (if asked) builtin."""
    while (
        keyword.iskeyword(name)
        or keyword.issoftkeyword(name)
        or name in EVERYWHERE
        or name in _AMBIGUOUS
        or (avoid_builtins and name in _BUILTINS)
    ):
        name += "_"
    return name


class Scope:
    """Hands out unique identifiers within one namespace (a module, a class, a signature)."""

    def __init__(self, reserved: frozenset[str] | set[str] = frozenset()) -> None:
        self._taken: set[str] = set(reserved)

    def claim(
        self, name: str, *, avoid_builtins: bool = False, avoid: frozenset[str] = frozenset()
    ) -> Identifier:
        """A unique name from ``name``; ``avoid`` names are refused for this claim only."""
        base = make_safe(name, avoid_builtins=avoid_builtins)
        candidate = base
        counter = 2
        while candidate in self._taken or candidate in avoid:
            candidate = f"{base}_{counter}" if not base.endswith("_") else f"{base}{counter}"
            counter += 1
        self._taken.add(candidate)
        return Identifier(candidate)

    def __contains__(self, name: str) -> bool:
        return name in self._taken
