"""Comparing two recorded types: is every value of one a value of the other?

A request type may widen (every value a caller sent before is still accepted) and a
response type may narrow (every value returned is one callers already handle); any
other change can break a caller. Types are the API record's JSON (see
:func:`generator.change.record.type_json`); model names are compared after renames.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

Renamer = Callable[[str], str]


def rename_refs(expr: Any, rename: Renamer) -> Any:
    """The type with every model name passed through ``rename`` (old names to new)."""
    if isinstance(expr, dict):
        out: dict[str, Any] = {}
        for key, value in expr.items():
            if key in ("ref", "enum") and isinstance(value, str):
                out[key] = rename(value)
            elif key == "discriminator" and isinstance(value, dict):
                mapping = value.get("mapping")
                out[key] = {
                    **value,
                    "mapping": {k: rename(str(v)) for k, v in mapping.items()}
                    if isinstance(mapping, dict)
                    else mapping,
                }
            else:
                out[key] = rename_refs(value, rename)
        return out
    if isinstance(expr, list):
        return [rename_refs(item, rename) for item in expr]
    return expr


def without_discriminators(expr: Any) -> Any:
    if isinstance(expr, dict):
        return {k: without_discriminators(v) for k, v in expr.items() if k != "discriminator"}
    if isinstance(expr, list):
        return [without_discriminators(item) for item in expr]
    return expr


def discriminators(expr: Any) -> Iterator[dict[str, Any]]:
    """Every discriminator inside a type, outermost first."""
    if isinstance(expr, dict):
        found = expr.get("discriminator")
        if isinstance(found, dict):
            yield found
        for key, value in expr.items():
            if key != "discriminator":
                yield from discriminators(value)
    elif isinstance(expr, list):
        for item in expr:
            yield from discriminators(item)


def strip_nullable(expr: Any) -> Any:
    while isinstance(expr, dict) and "nullable" in expr:
        expr = expr["nullable"]
    return expr


def is_nullable(expr: Any) -> bool:
    if expr in ("None", "Any"):
        return True
    if isinstance(expr, dict):
        if "nullable" in expr:
            return True
        if "union" in expr:
            return any(is_nullable(o) for o in expr["union"])
    return False


def _options(expr: Any) -> list[Any]:
    if isinstance(expr, dict) and "union" in expr and isinstance(expr["union"], list):
        return list(expr["union"])
    if isinstance(expr, dict) and "nullable" in expr:
        return [*_options(expr["nullable"]), "None"]
    return [expr]


# The values of an enum model, by name: the new record's for the wider side, the old
# record's for the narrower one.
EnumValues = Callable[[str], frozenset[str] | None]


@dataclass(frozen=True)
class Wire:
    """Judge by what the server accepts rather than by the Python type: an open enum
    (``Status | str`` in Python) takes only its values on the wire."""

    wide: EnumValues
    narrow: EnumValues


def accepts(wide: Any, narrow: Any, *, parsing: bool = False, wire: Wire | None = None) -> bool:
    """Whether every value of ``narrow`` is a value of ``wide`` (both without
    discriminators, model names already renamed).

    ``parsing``: whether ``wide`` is a parser reading what ``narrow`` sends as JSON (a
    response), rather than a Python signature taking ``narrow``'s values (a request): a
    list parses any array its items fit, a tuple included, though a tuple is not a list
    to a type checker. ``wire``: enums are closed (see :class:`Wire`).
    """
    if wide == narrow or wide == "Any":
        return True
    wide_options, narrow_options = _options(wide), _options(narrow)
    if len(wide_options) > 1 or len(narrow_options) > 1:
        return all(
            any(_accepts_one(w, n, parsing, wire) for w in wide_options) for n in narrow_options
        )
    return _accepts_one(wide, narrow, parsing, wire)


def _accepts_one(wide: Any, narrow: Any, parsing: bool, wire: Wire | None) -> bool:
    if wide == narrow or wide == "Any":
        return True
    if wide == "float" and narrow == "int":
        return True
    if isinstance(wide, dict) and isinstance(narrow, dict):
        if "enum" in wide and "enum" in narrow and wire is not None:
            values = wire.wide(str(wide["enum"]))
            before = wire.narrow(str(narrow["enum"]))
            return values is not None and before is not None and before <= values
        if "list" in wide and "list" in narrow:
            return accepts(wide["list"], narrow["list"], parsing=parsing, wire=wire)
        if "tuple" in wide and "tuple" in narrow:
            return _tuple_accepts(wide, narrow, parsing, wire)
        if parsing and "list" in wide and "tuple" in narrow:
            return _tuple_accepts(
                {"tuple": [], "rest": wide["list"], "shortest": 0}, narrow, parsing, wire
            )
        if parsing and "tuple" in wide and "list" in narrow:
            return _tuple_accepts(
                wide, {"tuple": [], "rest": narrow["list"], "shortest": 0}, parsing, wire
            )
        if "map" in wide and "map" in narrow:
            return accepts(wide["map"], narrow["map"], parsing=parsing, wire=wire)
        if "literal" in wide and "literal" in narrow:
            return all(v in wide["literal"] for v in narrow["literal"])
        if "nullable" in wide or "union" in wide or "nullable" in narrow or "union" in narrow:
            return accepts(wide, narrow, parsing=parsing, wire=wire)
        if "enum" in wide and "literal" in narrow and wire is not None:
            values = wire.wide(str(wide["enum"]))
            return values is not None and all(v in values for v in narrow["literal"])
        return False
    if wide == "str":
        # An enum's members and string literals are strings.
        if isinstance(narrow, dict) and "enum" in narrow:
            return True
        if isinstance(narrow, dict) and "literal" in narrow:
            return all(isinstance(v, str) for v in narrow["literal"])
    if isinstance(wide, dict) and "enum" in wide and wire is None:
        # Open enums take any string, as a field typed `Status | str` does.
        return narrow == "str" or (
            isinstance(narrow, dict)
            and "literal" in narrow
            and all(isinstance(v, str) for v in narrow["literal"])
        )
    return False


def _tuple_accepts(
    wide: dict[str, Any], narrow: dict[str, Any], parsing: bool, wire: Wire | None
) -> bool:
    """Every array ``narrow`` allows is one ``wide`` allows, position by position."""
    wide_items, narrow_items = list(wide.get("tuple") or []), list(narrow.get("tuple") or [])
    wide_rest, narrow_rest = wide.get("rest"), narrow.get("rest")
    if int(narrow.get("shortest") or 0) < int(wide.get("shortest") or 0):
        return False  # narrow allows an array shorter than wide does
    if narrow_rest is not None and wide_rest is None:
        return False  # narrow allows an array longer than wide does
    for index in range(max(len(wide_items), len(narrow_items))):
        theirs = narrow_items[index] if index < len(narrow_items) else narrow_rest
        if theirs is None:
            return True  # narrow's arrays end here
        ours = wide_items[index] if index < len(wide_items) else wide_rest
        if ours is None or not accepts(ours, theirs, parsing=parsing, wire=wire):
            return False
    return narrow_rest is None or accepts(wide_rest, narrow_rest, parsing=parsing, wire=wire)


def spelled(expr: Any) -> str:
    """A type as its annotation reads, for messages (`list[Job] | None`)."""
    if expr is None:
        return "None"
    if isinstance(expr, str):
        return expr
    if isinstance(expr, dict):
        if "ref" in expr:
            return str(expr["ref"])
        if "enum" in expr:
            return f"{expr['enum']} | str"
        if "list" in expr:
            return f"list[{spelled(expr['list'])}]"
        if "tuple" in expr:
            return _tuple_spelled(expr)
        if "map" in expr:
            return f"dict[str, {spelled(expr['map'])}]"
        if "literal" in expr:
            return "Literal[" + ", ".join(repr(v) for v in expr["literal"]) + "]"
        if "nullable" in expr:
            return _joined([spelled(expr["nullable"]), "None"])
        if "union" in expr:
            return _joined([spelled(o) for o in expr["union"]])
    return str(expr)


def _tuple_spelled(expr: dict[str, Any]) -> str:
    items = [spelled(i) for i in expr.get("tuple") or []]
    rest = expr.get("rest")
    forms = []
    for length in range(min(int(expr.get("shortest") or 0), len(items)), len(items) + 1):
        head = items[:length]
        if length == len(items) and rest is not None:
            head = [*head, f"*tuple[{spelled(rest)}, ...]"]
        forms.append(f"tuple[{', '.join(head)}]" if head else "tuple[()]")
    return " | ".join(forms)


def _joined(parts: list[str]) -> str:
    """``A | B`` with each member once (an open enum already spells ``| str``)."""
    seen: list[str] = []
    for part in parts:
        for member in part.split(" | "):
            if member not in seen:
                seen.append(member)
    return " | ".join(seen)
