"""Strings that match a spec's ``pattern``: for sample bodies, parameters and fresh ids.

One implementation: the fakes use it at run time (a fresh id of a patterned parameter),
and the generator's build stage loads this same file for the sample bodies it writes.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

# The regular expression parser of the re module itself (private, but there since 3.11;
# typeshed does not list it): what it reads is exactly what re.compile accepts.
_sre: Any = importlib.import_module("re._parser")

_DIGITS = "0123456789"
_WORD = "abcdefghijklmnopqrstuvwxyz" + _DIGITS
# Unbounded repeats (+, *) write this many items past their minimum.
_EXTRA = 1
_MAX_LENGTH = 256


def matching(pattern: str, seed: int = 0) -> str | None:
    """A string ``re.search(pattern, s)`` accepts, varied by ``seed``; None when the
    pattern is beyond this (lookarounds, backreferences) or not Python's syntax."""
    try:
        parsed = _sre.parse(pattern)
        compiled = re.compile(pattern)
    except (re.error, RecursionError, ValueError):
        return None
    try:
        text = _write(list(parsed), _Seed(seed))
    except _Unsupported:
        return None
    if len(text) > _MAX_LENGTH or compiled.search(text) is None:
        return None
    return text


class _Unsupported(Exception):
    pass


class _Seed:
    """Picks among choices, so that successive seeds give different strings."""

    def __init__(self, seed: int) -> None:
        self.value = seed

    def pick(self, count: int) -> int:
        if count <= 1:
            return 0
        index = self.value % count
        self.value //= count
        return index


def _write(items: list[Any], seed: _Seed) -> str:
    out: list[str] = []
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(arg))
        elif name == "NOT_LITERAL":
            out.append("a" if chr(arg) != "a" else "b")
        elif name == "ANY":
            out.append(_WORD[seed.pick(len(_WORD))])
        elif name == "IN":
            out.append(_in(arg, seed))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, sub = arg
            count = low if high == low else min(high, low + _EXTRA)
            if count > _MAX_LENGTH:
                raise _Unsupported
            out.extend(_write(list(sub), seed) for _ in range(count))
        elif name == "SUBPATTERN":
            out.append(_write(list(arg[-1]), seed))
        elif name == "ATOMIC_GROUP":
            out.append(_write(list(arg), seed))
        elif name == "BRANCH":
            out.append(_write(list(arg[1][0]), seed))
        elif name == "AT":
            continue  # anchors write nothing
        elif name == "CATEGORY":
            out.append(_category(str(arg), seed))
        else:
            raise _Unsupported(name)  # lookarounds, backreferences, conditionals
    return "".join(out)


def _in(choices: list[Any], seed: _Seed) -> str:
    if choices and str(choices[0][0]) == "NEGATE":
        excluded = _members(choices[1:])
        for candidate in _WORD:
            if candidate not in excluded:
                return candidate
        raise _Unsupported("negated class")
    options = _members(choices)
    if not options:
        raise _Unsupported("empty class")
    return options[seed.pick(len(options))]


def _members(choices: list[Any]) -> str:
    members: list[str] = []
    for op, arg in choices:
        name = str(op)
        if name == "LITERAL":
            members.append(chr(arg))
        elif name == "RANGE":
            low, high = arg
            members.extend(chr(c) for c in range(low, min(high, low + 25) + 1))
        elif name == "CATEGORY":
            members.append(_category(str(arg), _Seed(0)))
    return "".join(members)


def _category(name: str, seed: _Seed) -> str:
    if name == "CATEGORY_DIGIT":
        return _DIGITS[seed.pick(10)]
    if name == "CATEGORY_WORD":
        return _WORD[seed.pick(len(_WORD))]
    if name == "CATEGORY_SPACE":
        return " "
    if name == "CATEGORY_NOT_DIGIT":
        return "a"
    if name == "CATEGORY_NOT_SPACE":
        return "a"
    if name == "CATEGORY_NOT_WORD":
        return "-"
    raise _Unsupported(name)
