"""The shared judgements: how much a changed type, limit, default or format weighs.

A request may accept more and a response may return less; anything else can break a
caller. A model carried both ways gets the stricter verdict. Every rule module builds on
:class:`Judge`, which also holds the change list and the models matched between the two
records.
"""

from __future__ import annotations

import json
from typing import Any

from generator.change.comparison.report import Change, Level
from generator.change.comparison.types import (
    Wire,
    accepts,
    discriminators,
    is_nullable,
    rename_refs,
    spelled,
    strip_nullable,
    without_discriminators,
)

REQUEST = "request"
RESPONSE = "response"
_BOTH = frozenset({REQUEST, RESPONSE})


def at_of(entry: Any) -> dict[str, Any]:
    at = entry.get("at") if isinstance(entry, dict) else None
    return at if isinstance(at, dict) else {}


def _refs(expr: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(expr, dict):
        for key, value in expr.items():
            if key in ("ref", "enum") and isinstance(value, str):
                found.add(value)
            elif key != "discriminator":
                found |= _refs(value)
    elif isinstance(expr, list):
        for item in expr:
            found |= _refs(item)
    return found


def usage(record: dict[str, Any]) -> dict[str, set[str]]:
    """For each model, whether requests, responses or both carry it (transitively)."""
    models: dict[str, Any] = record["models"]
    edges: dict[str, set[str]] = {}
    for name, model in models.items():
        inner: set[str] = set()
        for item in model.get("fields", {}).values():
            inner |= _refs(item.get("type"))
        inner |= _refs(model.get("type"))
        edges[name] = inner
    roots: dict[str, set[str]] = {REQUEST: set(), RESPONSE: set()}
    for op in record["operations"].values():
        for param in op.get("parameters", {}).values():
            roots[REQUEST] |= _refs(param.get("type"))
        if isinstance(op.get("body"), dict):
            roots[REQUEST] |= _refs(op["body"].get("type"))
        for response in op.get("responses", {}).values():
            roots[RESPONSE] |= _refs(response.get("type"))
    used: dict[str, set[str]] = {name: set() for name in models}
    for direction, start in roots.items():
        stack = list(start)
        seen: set[str] = set()
        while stack:
            name = stack.pop()
            if name in seen or name not in used:
                continue
            seen.add(name)
            used[name].add(direction)
            stack.extend(edges.get(name, ()))
    return used


class Judge:
    def __init__(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        self.old = old
        self.new = new
        self.changes: list[Change] = []
        self.renames: dict[str, str] = {}
        self.pairs: dict[str, str] = {}
        self.old_usage = usage(old)
        self.new_usage = usage(new)
        # What the server accepts besides the Python type is recorded from version 2 on;
        # against an older record it is left out of the judgement.
        self.wire = min(int(old.get("version") or 1), int(new.get("version") or 1)) >= 2
        self.closed = Wire(self._new_enum, self._old_enum)

    def _new_enum(self, name: str) -> frozenset[str] | None:
        return _enum_values(self.new, name)

    def _old_enum(self, name: str) -> frozenset[str] | None:
        # `name` is the new name of an old model (types are compared in the new names).
        old = next((o for o, n in self.renames.items() if n == name), name)
        return _enum_values(self.old, old)

    # ------------------------------------------------------------ helpers

    def add(
        self,
        rule: str,
        level: Level,
        message: str,
        *,
        at: dict[str, Any] | None = None,
        operation: str | None = None,
        python: str | None = None,
    ) -> None:
        at = at or {}
        line = at.get("line")
        self.changes.append(
            Change(
                id=rule,
                level=level,
                operation=operation,
                python=python,
                file=at.get("file") if isinstance(at.get("file"), str) else None,
                line=line if isinstance(line, int) else None,
                pointer=at.get("pointer") if isinstance(at.get("pointer"), str) else None,
                message=message,
            )
        )

    def note(
        self,
        entry: dict[str, Any],
        rule: str,
        level: Level,
        message: str,
        *,
        operation: str | None = None,
    ) -> None:
        """A change about one record entry, placed where it is and named as it is."""
        python = entry.get("python")
        self.add(rule, level, message, at=at_of(entry), operation=operation, python=python)

    def rename(self, name: str) -> str:
        return self.renames.get(name, name)

    def mapped(self, expr: Any) -> Any:
        """The old type in the new names (itself when it names no renamed model)."""
        if not self.renames or isinstance(expr, str) or expr is None:
            return expr
        return rename_refs(expr, self.rename)

    def directions(self, new_name: str, old_name: str) -> frozenset[str]:
        found = self.new_usage.get(new_name, set()) | self.old_usage.get(old_name, set())
        # A model no operation carries (a webhook's payload): judged both ways.
        return frozenset(found) or _BOTH

    # ------------------------------------------------------------ shared judgements

    def _type_change(
        self,
        kind: str,
        old_type: Any,
        new_type: Any,
        directions: frozenset[str],
        add: Any,
        subject: str,
    ) -> Level | None:
        """Judge a changed type; the level reported, if any."""
        old_type = self.mapped(old_type)
        if old_type == new_type:
            return None  # the common case, on every field of a large document
        self._discriminators(old_type, new_type, directions, add, subject)
        before, after = without_discriminators(old_type), without_discriminators(new_type)
        if before == after:
            return None
        widened = accepts(after, before)
        # The old client's parser reads what the new server sends as JSON.
        narrowed = accepts(before, after, parsing=True)
        safe = (REQUEST not in directions or widened) and (RESPONSE not in directions or narrowed)
        level: Level = "info" if safe else "breaking"
        if (
            kind == "property"
            and not is_nullable(before)
            and is_nullable(after)
            and strip_nullable(after) == before
        ):
            add(
                "property-became-nullable",
                level,
                f"{subject} may now be None ({spelled(after)}).",
            )
            return level
        if safe and REQUEST in directions and not accepts(after, before, wire=self.closed):
            # Wider in Python (an open enum takes any str) yet narrower on the wire: the
            # server takes only the enum's values.
            names = ", ".join(sorted(_enums_in(after))) or spelled(after)
            rule = f"{kind}-became-enum" if kind in _ENUM_RULES else f"{kind}-type-changed"
            add(
                rule,
                "breaking",
                f"{subject} now takes only the values of {names}: the server refuses any other "
                f"string ({spelled(after)}, was {spelled(before)}).",
            )
            return "breaking"
        how = "widened" if widened else "narrowed" if narrowed else "changed"
        add(
            f"{kind}-type-changed",
            level,
            f"the type of {subject} {how}: {spelled(after)} (was {spelled(before)}).",
        )
        return level

    def _nullability(
        self,
        old: dict[str, Any],
        new: dict[str, Any],
        directions: frozenset[str],
        add: Any,
        subject: str,
        judged: Level | None,
    ) -> None:
        """A request field whose schema stops accepting null while its Python type says
        nothing of it (an optional field is ``X | None`` either way): a caller that sets
        it to None sends null, which the server now refuses.

        The other three cases change nothing a caller notices, and are not reported: a
        response field typed ``X | None`` already is read the same whether or not null
        comes; a request field that starts accepting null widens nothing in Python.
        """
        if not self.wire or judged == "breaking" or REQUEST not in directions:
            return
        if not old.get("nullable") or new.get("nullable"):
            return
        if is_nullable(self.mapped(old.get("type"))) != is_nullable(new.get("type")):
            return  # the Python type shows it: judged as a type change
        add(
            "property-became-not-nullable",
            "breaking",
            f"{subject} no longer accepts null: a request that sets it to None is refused.",
        )

    def _discriminators(
        self, old_type: Any, new_type: Any, directions: frozenset[str], add: Any, subject: str
    ) -> None:
        before = list(discriminators(old_type))
        after = list(discriminators(new_type))
        if before == after or not before or not after:
            return
        for old_d, new_d in zip(before, after, strict=False):
            if old_d == new_d:
                continue
            if old_d.get("property") != new_d.get("property"):
                add(
                    "discriminator-changed",
                    "breaking",
                    f"{subject} is now told apart by {new_d.get('property')!r} "
                    f"(was {old_d.get('property')!r}).",
                )
                continue
            old_map: dict[str, Any] = old_d.get("mapping") or {}
            new_map: dict[str, Any] = new_d.get("mapping") or {}
            lost = sorted(k for k in old_map if k not in new_map or new_map[k] != old_map[k])
            gained = sorted(k for k in new_map if k not in old_map)
            if lost:
                add(
                    "discriminator-changed",
                    "breaking",
                    f"the discriminator of {subject} no longer maps {', '.join(map(repr, lost))} "
                    "as before.",
                )
            if gained:
                add(
                    "discriminator-changed",
                    "warning" if RESPONSE in directions else "info",
                    f"the discriminator of {subject} maps new values "
                    f"{', '.join(map(repr, gained))}.",
                )

    def _facts(
        self,
        kind: str,
        old: dict[str, Any],
        new: dict[str, Any],
        directions: frozenset[str],
        add: Any,
        subject: str,
    ) -> None:
        if old.get("format") != new.get("format") and old.get("type") == new.get("type"):
            fewer = REQUEST in directions and _format_narrowed(old.get("format"), new.get("format"))
            add(
                f"{kind}-format-changed",
                "breaking" if fewer else "warning",
                f"the format of {subject} is now {new.get('format')!r} "
                f"(was {old.get('format')!r})"
                + ("; the server refuses a value it accepted." if fewer else "."),
            )
        if old.get("default") != new.get("default"):
            add(
                f"{kind}-default-changed",
                "warning",
                f"the default of {subject} is now {new.get('default')} (was {old.get('default')}).",
            )
        if not old.get("deprecated") and new.get("deprecated"):
            add(f"{kind}-deprecated", "warning", f"{subject} is deprecated.")
        tighter, looser = _constraint_changes(
            old.get("constraints") or {}, new.get("constraints") or {}
        )
        if tighter:
            add(
                f"{kind}-constraint-tightened",
                "breaking" if REQUEST in directions else "info",
                f"{subject} accepts fewer values: {'; '.join(tighter)}.",
            )
        if looser:
            add(
                f"{kind}-constraint-loosened",
                "warning" if RESPONSE in directions else "info",
                f"{subject} accepts more values: {'; '.join(looser)}.",
            )
        if self.wire and REQUEST in directions:
            self._keywords(old, new, add, subject)

    def _keywords(self, old: dict[str, Any], new: dict[str, Any], add: Any, subject: str) -> None:
        """Keywords the client does not model (dependentRequired, if/then/else, not...):
        one coarse verdict per value a request carries."""
        before, after = set(old.get("keywords") or ()), set(new.get("keywords") or ())
        if before == after:
            return
        gained = sorted({entry.split(":", 1)[0] for entry in after - before})
        lost = sorted({entry.split(":", 1)[0] for entry in before - after} - set(gained))
        if gained:
            add(
                "request-schema-tightened",
                "breaking",
                f"{subject} is now checked by {', '.join(gained)} (added or changed), which "
                "the client does not model: the server may refuse a request it accepted.",
            )
        if lost:
            add(
                "request-schema-loosened",
                "info",
                f"{subject} is no longer checked by {', '.join(lost)}.",
            )


_ENUM_RULES = frozenset({"parameter", "property", "request-body"})
# Numeric formats by the values they allow, fewest first: int32 within int64 within any
# integer; float within double within any number.
_NUMERIC_FORMATS = (("int32", "int64", None), ("float", "double", None))


def _format_narrowed(before: Any, after: Any) -> bool:
    """Whether a numeric format now allows fewer values (``int64`` to ``int32``). A
    format written where there was none is not counted: documents add them to say what
    the server already did (a warning, as any other format change)."""
    for widths in _NUMERIC_FORMATS:
        if before is not None and before in widths and after in widths:
            return widths.index(after) < widths.index(before)
    return False


def _enum_values(record: dict[str, Any], name: str) -> frozenset[str] | None:
    model = record["models"].get(name)
    if not isinstance(model, dict) or model.get("kind") != "enum":
        return None
    return frozenset(model.get("values") or ())


def _enums_in(expr: Any) -> set[str]:
    if isinstance(expr, dict):
        found = {str(expr["enum"])} if isinstance(expr.get("enum"), str) else set()
        for key, value in expr.items():
            if key != "enum":
                found |= _enums_in(value)
        return found
    if isinstance(expr, list):
        return set().union(*(_enums_in(item) for item in expr)) if expr else set()
    return set()


_LOWER = ("minLength", "minimum", "exclusiveMinimum", "minItems", "minProperties")
_UPPER = ("maxLength", "maximum", "exclusiveMaximum", "maxItems", "maxProperties")


def _constraint_changes(old: dict[str, Any], new: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(tightened, loosened) descriptions of what changed in the limits."""
    tighter: list[str] = []
    looser: list[str] = []
    for key in sorted(set(old) | set(new)):
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        text = f"{key} {_shown(after)} (was {_shown(before)})"
        if key == "pattern":
            # A pattern any string matches (`.*`) is as good as none.
            before = None if _matches_anything(before) else before
            after = None if _matches_anything(after) else after
            if before == after:
                continue
        numeric = all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in (before, after)
        )
        if key in _LOWER:
            tightened = before is None or (numeric and after > before)
            loosened = after is None or (numeric and after < before)
        elif key in _UPPER:
            tightened = before is None or (numeric and after < before)
            loosened = after is None or (numeric and after > before)
        elif key == "uniqueItems":
            tightened, loosened = bool(after), not after
        else:
            # A pattern or a multipleOf that changes may reject a value it accepted:
            # tightened unless it was dropped.
            tightened, loosened = after is not None, after is None
        if tightened:
            tighter.append(text)
        elif loosened:
            looser.append(text)
    return tighter, looser


def _matches_anything(pattern: Any) -> bool:
    """A pattern any string matches (``.*``, ``^.*$``, the empty pattern): as good as
    none at all."""
    if not isinstance(pattern, str):
        return False
    body = pattern.removeprefix("^").removesuffix("$")
    while body.startswith("(") and body.endswith(")"):
        body = body[1:-1].removeprefix("?:")
    return body in ("", ".*", "[\\s\\S]*", "[\\S\\s]*", "[\\d\\D]*", "[\\w\\W]*")


def _shown(value: Any) -> str:
    return "none" if value is None else json.dumps(value)
