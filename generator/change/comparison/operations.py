"""The rules on operations: methods, parameters, request bodies, responses and paging."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from generator.change.comparison.judge import REQUEST, RESPONSE, Judge, at_of
from generator.change.comparison.report import Level
from generator.change.comparison.types import spelled, strip_nullable

_DOCS_FIELDS = (
    ("summary", "operation-summary-changed"),
    ("description", "operation-description-changed"),
)


class OperationRules(Judge):
    def _operations(self) -> None:
        old_ops, new_ops = self.old["operations"], self.new["operations"]
        for key in sorted(set(old_ops) | set(new_ops)):
            old, new = old_ops.get(key), new_ops.get(key)
            if old is None:
                self.note(
                    new,
                    "operation-added",
                    "info",
                    f"new operation {new['method']} {new['path']}.",
                    operation=_op_name(new),
                )
            elif new is None:
                self.note(
                    old,
                    "operation-removed",
                    "breaking",
                    f"{old['method']} {old['path']} is gone, and the method with it.",
                    operation=_op_name(old),
                )
            else:
                self._operation(old, new)

    def _operation(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        op = _op_name(new)
        at = at_of(new)
        python = new.get("python")

        def add(rule: str, level: Level, message: str, **kw: Any) -> None:
            kw.setdefault("at", at)
            kw.setdefault("python", python)
            self.add(rule, level, message, operation=op, **kw)

        if _method(old) != _method(new):
            add(
                "operation-renamed",
                "breaking",
                f"the method is now {new.get('python')} (was {old.get('python')}).",
            )
        if not old.get("deprecated") and new.get("deprecated"):
            add("operation-deprecated", "warning", "the operation is deprecated.")
        elif old.get("deprecated") and not new.get("deprecated"):
            add("operation-undeprecated", "info", "the operation is no longer deprecated.")
        for key, rule in _DOCS_FIELDS:
            if old.get(key) != new.get(key):
                add(rule, "info", f"the operation's {key} changed.")
        self._operation_security(old, new, add)
        self._parameters(old, new, op)
        self._body(old, new, op)
        self._responses(old, new, op)
        self._paging(old.get("paging"), new.get("paging"), add)

    def _operation_security(self, old: dict[str, Any], new: dict[str, Any], add: Any) -> None:
        before, after = old.get("security") or [], new.get("security") or []
        if before == after:
            return
        needs_before = bool(before) and {} not in before
        needs_after = bool(after) and {} not in after
        if not needs_before and needs_after:
            add(
                "operation-security-added",
                "breaking",
                f"the operation now needs a credential ({_requirements(after)}).",
            )
        elif needs_before and not needs_after:
            add(
                "operation-security-removed",
                "info",
                "the operation no longer needs a credential.",
            )
        else:
            add(
                "operation-security-changed",
                "warning",
                f"the operation now asks for {_requirements(after)} (was {_requirements(before)}).",
            )

    # ------------------------------------------------------------ parameters

    def _parameters(self, old_op: dict[str, Any], new_op: dict[str, Any], op: str) -> None:
        old_params: dict[str, Any] = old_op["parameters"]
        new_params: dict[str, Any] = new_op["parameters"]
        gone = {k: v for k, v in old_params.items() if k not in new_params}
        fresh = {k: v for k, v in new_params.items() if k not in old_params}
        # A path parameter renamed in the template ({id} -> {job_id}): the same slot.
        old_slots = _path_slots(str(old_op.get("path")))
        new_slots = _path_slots(str(new_op.get("path")))
        for old_key, old_param in list(gone.items()):
            if old_param.get("in") != "path" or old_param.get("name") not in old_slots:
                continue
            slot = old_slots.index(old_param["name"])
            slot_key = f"path {new_slots[slot]}" if slot < len(new_slots) else ""
            if slot_key not in fresh:
                continue
            new_param = fresh.pop(slot_key)
            del gone[old_key]
            self.note(
                new_param,
                "parameter-renamed",
                "breaking",
                f"the path parameter {old_param['name']!r} is now {new_param['name']!r} "
                f"(keyword {new_param.get('keyword')!r}, was {old_param.get('keyword')!r}).",
                operation=op,
            )
            self._parameter(old_param, new_param, op, renamed=True)
        # The same wire name in another place: moved, then compared as one parameter.
        for old_key, old_param in list(gone.items()):
            partner = next(
                (k for k, v in fresh.items() if v.get("name") == old_param.get("name")), None
            )
            if partner is None:
                continue
            new_param = fresh.pop(partner)
            del gone[old_key]
            self.note(
                new_param,
                "parameter-moved",
                "warning",
                f"the parameter {new_param['name']!r} is now sent in the {new_param['in']} "
                f"(was the {old_param['in']}).",
                operation=op,
            )
            self._parameter(old_param, new_param, op)
        for param in gone.values():
            self.note(
                param,
                "parameter-removed",
                "breaking",
                f"the {param['in']} parameter {param['name']!r} is gone (keyword "
                f"{param.get('keyword')!r}).",
                operation=op,
            )
        for param in fresh.values():
            required = bool(param.get("required")) and param.get("default") is None
            self.note(
                param,
                "parameter-added-required" if required else "parameter-added-optional",
                "breaking" if required else "info",
                f"new {'required' if required else 'optional'} {param['in']} parameter "
                f"{param['name']!r} ({param.get('keyword')}: {spelled(param.get('type'))}).",
                operation=op,
            )
        for key in sorted(set(old_params) & set(new_params)):
            self._parameter(old_params[key], new_params[key], op)

    def _parameter(
        self, old: dict[str, Any], new: dict[str, Any], op: str, *, renamed: bool = False
    ) -> None:
        at, python = at_of(new), new.get("python")
        name = new.get("name")

        def add(rule: str, level: Level, message: str) -> None:
            self.add(rule, level, message, at=at, operation=op, python=python)

        if old.get("keyword") != new.get("keyword") and not renamed:
            add(
                "parameter-renamed",
                "breaking",
                f"the keyword for {name!r} is now {new.get('keyword')!r} "
                f"(was {old.get('keyword')!r}).",
            )
        was = bool(old.get("required")) and old.get("default") is None
        now = bool(new.get("required")) and new.get("default") is None
        if not was and now:
            add("parameter-became-required", "breaking", f"the parameter {name!r} is now required.")
        elif was and not now:
            add("parameter-became-optional", "info", f"the parameter {name!r} is now optional.")
        old_type, new_type = old.get("type"), new.get("type")
        if was != now:
            old_type, new_type = strip_nullable(old_type), strip_nullable(new_type)
        self._type_change(
            "parameter", old_type, new_type, frozenset({REQUEST}), add, f"the parameter {name!r}"
        )
        self._facts("parameter", old, new, frozenset({REQUEST}), add, f"the parameter {name!r}")
        if (old.get("style"), old.get("explode")) != (new.get("style"), new.get("explode")):
            add(
                "parameter-serialization-changed",
                "info",
                f"the parameter {name!r} is now written style={new.get('style')}, "
                f"explode={new.get('explode')} (was style={old.get('style')}, "
                f"explode={old.get('explode')}); the client writes it so.",
            )
        if old.get("description") != new.get("description"):
            add(
                "parameter-description-changed",
                "info",
                f"the description of the parameter {name!r} changed.",
            )

    # ------------------------------------------------------------ bodies and responses

    def _body(self, old_op: dict[str, Any], new_op: dict[str, Any], op: str) -> None:
        old: dict[str, Any] | None = old_op.get("body")
        new: dict[str, Any] | None = new_op.get("body")
        python = new_op.get("python")
        if old is None and new is None:
            return
        if old is None:
            assert new is not None
            required = bool(new.get("required"))
            self.add(
                "request-body-added",
                "breaking" if required else "info",
                f"the operation now takes a {'required' if required else 'optional'} body "
                f"({spelled(new.get('type'))}, {new.get('media')}).",
                at=at_of(new),
                operation=op,
                python=python,
            )
            return
        if new is None:
            self.add(
                "request-body-removed",
                "breaking",
                "the operation no longer takes a body.",
                at=at_of(old),
                operation=op,
                python=old_op.get("python"),
            )
            return
        at = at_of(new)

        def add(rule: str, level: Level, message: str) -> None:
            self.add(rule, level, message, at=at, operation=op, python=python)

        if not old.get("required") and new.get("required"):
            add("request-body-became-required", "breaking", "the body is now required.")
        elif old.get("required") and not new.get("required"):
            add("request-body-became-optional", "info", "the body is now optional.")
        if old.get("media") != new.get("media"):
            kind_changed = old.get("kind") != new.get("kind")
            add(
                "request-body-media-type-changed",
                "breaking" if kind_changed else "warning",
                f"the body is now sent as {new.get('media')} (was {old.get('media')}).",
            )
        # The recorded type is the body's own, not the `| None` an optional body's
        # argument adds: a body that stops accepting null narrows.
        self._type_change(
            "request-body", old.get("type"), new.get("type"), frozenset({REQUEST}), add, "the body"
        )
        if self.wire:
            self._facts("request-body", old, new, frozenset({REQUEST}), add, "the body")

    def _responses(self, old_op: dict[str, Any], new_op: dict[str, Any], op: str) -> None:
        old_all: dict[str, Any] = old_op["responses"]
        new_all: dict[str, Any] = new_op["responses"]
        python = new_op.get("python")
        for status in sorted(set(old_all) | set(new_all)):
            old: dict[str, Any] | None = old_all.get(status)
            new: dict[str, Any] | None = new_all.get(status)
            if old is None:
                assert new is not None
                self.add(
                    "response-status-added",
                    "info",
                    f"new {status} response ({spelled(new.get('type'))}).",
                    at=at_of(new),
                    operation=op,
                    python=python,
                )
                continue
            if new is None:
                success = bool(old.get("success"))
                if old.get("kind") == "empty":
                    # Nothing was read from it: the method returned None for it, as it
                    # does for any 2xx without a body.
                    level: Level = "info"
                    why = "; it had no body, so nothing a caller read is lost."
                elif success:
                    level, why = "breaking", "; the method no longer returns it."
                else:
                    level, why = "warning", "; its body is no longer parsed into its model."
                self.add(
                    "response-status-removed",
                    level,
                    f"the {status} response is gone{why}",
                    at=at_of(old),
                    operation=op,
                    python=old_op.get("python"),
                )
                continue
            at = at_of(new)

            def add(rule: str, level: Level, message: str, at: dict[str, Any] = at) -> None:
                self.add(rule, level, message, at=at, operation=op, python=python)

            if old.get("media") != new.get("media"):
                kind_changed = old.get("kind") != new.get("kind")
                add(
                    "response-media-type-changed",
                    "breaking" if kind_changed else "warning",
                    f"the {status} response is now {new.get('media')} (was {old.get('media')}).",
                )
            if old.get("kind") == new.get("kind"):
                self._type_change(
                    "response",
                    old.get("type"),
                    new.get("type"),
                    frozenset({RESPONSE}),
                    add,
                    f"the {status} response",
                )
            if old.get("description") != new.get("description"):
                add(
                    "response-description-changed",
                    "info",
                    f"the description of the {status} response changed.",
                )

    # ------------------------------------------------------------ paging

    def _paging(self, old: dict[str, Any] | None, new: dict[str, Any] | None, add: Any) -> None:
        """What a list method returns, and which parameters move it through the list."""
        if old is None and new is None:
            return
        if old is None:
            assert new is not None
            add(
                "pagination-added",
                "breaking",
                f"the method now returns a Page of the list's items ({_paging_text(new)}) "
                "instead of the response model.",
            )
            return
        if new is None:
            add(
                "pagination-removed",
                "breaking",
                f"the method no longer pages (it did: {_paging_text(old)}); it returns the "
                "response model instead of a Page.",
            )
            return
        if old.get("style") != new.get("style"):
            moved = [p for p in (old.get("param"), old.get("size_param")) if p]
            add(
                "pagination-style-changed",
                "breaking",
                f"the list now pages {_paging_text(new)} (was {_paging_text(old)})"
                + (
                    f"; {' and '.join(repr(p) for p in moved)} no longer move it." if moved else "."
                ),
            )
            return
        before, after = old.get("param"), new.get("param")
        if before != after:
            add(
                "pagination-parameter-changed",
                "breaking" if before else "info",
                f"the page is now moved by {after!r} (was {before!r})."
                if after
                else f"the page is no longer moved by {before!r}.",
            )
        before, after = old.get("size_param"), new.get("size_param")
        if before != after:
            add(
                "pagination-parameter-changed",
                "info",
                f"the page size parameter is now {after!r} (was {before!r}).",
            )
        read = [key for key in _SIGNALS if old.get(key) != new.get(key)]
        if read:
            add(
                "pagination-signal-changed",
                "info",
                "the page's "
                + ", ".join(f"{_SIGNALS[key]} ({_where(new.get(key))})" for key in read)
                + " are read elsewhere now; calls are unchanged.",
            )


# What a page reads from the response, and how a change report names it.
_SIGNALS = {
    "items": "items",
    "next": "next cursor or URL",
    "from_item": "cursor from the last item",
    "has_more": "has-more flag",
    "total": "total",
    "total_is_pages": "total counting pages",
}


def _paging_text(paging: dict[str, Any]) -> str:
    """``cursor paging by 'after'``, ``next_url paging from links.next``..."""
    style = paging.get("style")
    if paging.get("param"):
        return f"{style} paging by {paging['param']!r}"
    if paging.get("next"):
        return f"{style} paging from {_where(paging['next'])}"
    return f"{style} paging"


def _where(path: Any) -> str:
    if isinstance(path, list):
        return ".".join(str(p) for p in path) or "the body"
    return "none" if path is None else str(path)


def _path_slots(path: str) -> list[str]:
    """The names of a path template's parameters, in order."""
    return re.findall(r"\{([^{}]*)\}", path)


def _method(op: dict[str, Any]) -> str:
    """The method's own name (a renamed client class is its own change)."""
    return str(op.get("python")).rsplit(".", 1)[-1]


def _op_name(op: dict[str, Any]) -> str:
    return f"{op.get('method')} {op.get('path')}"


def _requirements(requirements: Iterable[dict[str, list[str]]]) -> str:
    parts = []
    for requirement in requirements:
        if not requirement:
            parts.append("none")
            continue
        parts.append(
            " + ".join(
                f"{name}" + (f" [{', '.join(scopes)}]" if scopes else "")
                for name, scopes in requirement.items()
            )
        )
    return " or ".join(parts) or "none"
