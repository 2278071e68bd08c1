"""The one path by which text from a spec reaches generated Python source.

Text read from a spec is wrapped in :class:`Untrusted` as soon as the builder takes it.
Templates can only emit it through the filters below, each of which returns
:class:`PySource`, text that is safe to paste into source by construction. The Jinja
environment's ``finalize`` hook rejects any other string, so an unescaped value is a
rendering error rather than a code-injection hole.
"""

from __future__ import annotations

import math
import re
import textwrap
import unicodedata
from typing import Any


class Untrusted:
    """Text from a spec. Deliberately not a ``str``: it cannot be concatenated into code."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"Untrusted({self.text!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Untrusted) and other.text == self.text

    def __hash__(self) -> int:
        return hash(("untrusted", self.text))

    def __bool__(self) -> bool:
        return bool(self.text.strip())


class PySource(str):
    """A fragment of Python source that the generator made and vouches for."""

    __slots__ = ()


def _visible(ch: str) -> bool:
    """Characters that may stand as themselves inside a string literal or comment.

    Control, format (bidi overrides, zero-width joiners), surrogate, private-use and
    unassigned characters are escaped so what a reviewer sees is what Python runs.
    """
    return unicodedata.category(ch)[0] != "C" and ch not in "\u2028\u2029"


def _escape_char(ch: str) -> str:
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def literal(value: Any) -> PySource:
    """A Python literal for a JSON-like value (str, number, bool, None, list, dict)."""
    return PySource(_literal(value))


def _literal(value: Any) -> str:
    if isinstance(value, Untrusted):
        value = value.text
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return 'float("nan")'
        if math.isinf(value):
            return 'float("inf")' if value > 0 else 'float("-inf")'
        return repr(value)
    if isinstance(value, str):
        # ascii() escapes every non-ASCII character: no confusables or bidi tricks survive.
        return ascii(value)
    if isinstance(value, tuple):
        inner = ", ".join(_literal(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        items = ", ".join(f"{_literal(str(k))}: {_literal(v)}" for k, v in value.items())
        return "{" + items + "}"
    raise TypeError(f"no literal for {type(value).__name__}")


# The only characters of printable-looking ASCII text that _visible refuses.
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _clean_prose(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii() and not _ASCII_CONTROL.search(text):
        return text  # nothing to escape: skip the look at every character
    return "".join(ch if ch in "\n\t" or _visible(ch) else _escape_char(ch) for ch in text)


def clean_line(value: Untrusted | str) -> str:
    """Spec text on one line with invisible characters escaped (for Markdown and labels)."""
    text = value.text if isinstance(value, Untrusted) else value
    return " ".join(_clean_prose(text).split())


def docstring(value: Untrusted | str, *, width: int = 88) -> PySource:
    """A triple-quoted docstring body that cannot close early or smuggle code."""
    text = value.text if isinstance(value, Untrusted) else value
    text = _clean_prose(text).replace("\t", "    ").strip()
    # Backslashes first (so every later backslash is ours), then every quote in a run
    # of two or more, and a final quote: none of them can then close the docstring.
    text = text.replace("\\", "\\\\")
    text = re.sub(r'"{2,}', lambda run: '\\"' * len(run.group()), text)
    trailing = len(text) - len(text.rstrip('"'))
    if trailing and (len(text[:-1]) - len(text[:-1].rstrip("\\"))) % 2 == 0:
        text = text[:-1] + '\\"'
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if len(paragraph) <= width:
            lines.append(paragraph.rstrip())
        else:
            wrapped = textwrap.wrap(paragraph, width, break_long_words=True, break_on_hyphens=False)
            lines.extend(_no_dangling_backslash(wrapped))
    return PySource(
        '"""' + "\n".join(lines).strip() + '\n"""'
        if len(lines) > 1
        else '"""' + "".join(lines) + '"""'
    )


def _no_dangling_backslash(lines: list[str]) -> list[str]:
    """Wrapping may split an escape like ``\\\\`` across lines; keep pairs together."""
    fixed: list[str] = []
    carry = ""
    for line in lines:
        line = carry + line
        carry = ""
        trailing = len(line) - len(line.rstrip("\\"))
        if trailing % 2 == 1:
            line, carry = line[:-1], "\\"
        fixed.append(line)
    if carry:
        fixed[-1] += carry
    return fixed


def comment(value: Untrusted | str, *, width: int = 96) -> PySource:
    """One or more ``#`` comment lines; a newline in the text cannot end the comment."""
    text = value.text if isinstance(value, Untrusted) else value
    text = _clean_prose(text).replace("\t", " ")
    lines: list[str] = []
    for paragraph in text.split("\n"):
        paragraph = paragraph.rstrip()
        chunks = textwrap.wrap(paragraph, width, break_long_words=True) if paragraph else [""]
        lines.extend(chunks)
    while lines and not lines[-1]:
        lines.pop()
    commented = (_PRAGMA.sub(_quote_pragma, ("# " + line).rstrip()) for line in lines)
    return PySource("\n".join(commented) or "#")


# A comment the tools read as an instruction: `# noqa` and `# ruff: noqa` (lint less, or
# a whole file), `# type: ignore` (mypy), `# fmt: off` (the formatter), and the like.
# Spec text must not give one: the word after the `#` is quoted, so it reads the same
# to a person and is no pragma to a tool.
_PRAGMA = re.compile(
    r"(#\s*)(noqa|(?:type|fmt|ruff|isort|mypy|pyright|pylint|flake8|pragma)\s*:)", re.IGNORECASE
)


def _quote_pragma(match: re.Match[str]) -> str:
    return f"{match.group(1)}`{match.group(2)}`"


def summary(value: Untrusted | str, *, limit: int = 200) -> Untrusted:
    """First sentence-ish of a description, still untrusted."""
    text = value.text if isinstance(value, Untrusted) else value
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 3].rstrip() + "..."
    return Untrusted(text)
