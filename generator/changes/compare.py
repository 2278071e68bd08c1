"""Compare two API records: what a caller of the old client notices in the new one.

Models are matched by name first, then an unmatched old model with an unmatched new one
of the same shape is a rename (a component renamed, or an inline schema moved behind a
``$ref``): reported once as a renamed class, its fields compared under the new name,
never as fields removed and added. Places (``at``) never count as changes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from generator.changes.report import Change, Level, Report
from generator.changes.types import (
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
# What a program names to use the client: its import, classes, keyword and variables.
_CLIENT_NAMES = (
    ("module", "module"),
    ("class", "class"),
    ("async_class", "async class"),
    ("credential", "credential keyword"),
    ("credential_env", "credential environment variable"),
    ("base_url_env", "base-URL environment variable"),
)
_DOCS_FIELDS = (
    ("summary", "operation-summary-changed"),
    ("description", "operation-description-changed"),
)


def compare_records(old: dict[str, Any], new: dict[str, Any]) -> Report:
    """Every change between two records (see :mod:`generator.changes.rules`)."""
    return _Comparison(old, new).run()


def _at(entry: Any) -> dict[str, Any]:
    at = entry.get("at") if isinstance(entry, dict) else None
    return at if isinstance(at, dict) else {}


def _shape(model: dict[str, Any]) -> str:
    """What identifies a model apart from its name: kind and fields (model names inside
    types blanked, since they may be renamed too)."""

    def blank(expr: Any) -> Any:
        return rename_refs(without_discriminators(expr), lambda _name: "*")

    kind = model.get("kind")
    if kind == "object":
        body: Any = sorted(
            (wire, json.dumps(blank(f.get("type")), sort_keys=True), bool(f.get("required")))
            for wire, f in model.get("fields", {}).items()
        )
    elif kind == "enum":
        body = sorted(model.get("values", {}))
    else:
        body = json.dumps(blank(model.get("type")), sort_keys=True)
    return json.dumps([kind, body], sort_keys=True)


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


class _Comparison:
    def __init__(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        self.old = old
        self.new = new
        self.changes: list[Change] = []
        self.renames: dict[str, str] = {}
        self.pairs: dict[str, str] = {}
        self.old_usage = usage(old)
        self.new_usage = usage(new)

    def run(self) -> Report:
        self._client()
        self._match_models()
        self._operations()
        self._models()
        self._security_schemes()
        self._servers()
        self._job()
        return Report(tuple(self.changes)).sorted()

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

    # ------------------------------------------------------------ client

    def _client(self) -> None:
        old, new = self.old["client"], self.new["client"]
        for key, what in _CLIENT_NAMES:
            if old.get(key) != new.get(key):
                self.add(
                    "client-renamed",
                    "breaking",
                    f"the client's {what} is now {new.get(key)!r} (was {old.get(key)!r}).",
                    python=new.get("class"),
                )
        if old.get("api_version") != new.get("api_version"):
            self.add(
                "api-version-changed",
                "info",
                f"info.version is now {new.get('api_version')!r} (was {old.get('api_version')!r}).",
            )
        for key in ("title", "description"):
            if old.get(key) != new.get(key):
                self.add("api-description-changed", "info", f"the API's {key} changed.")
        old_auth, new_auth = self.old["auth"], self.new["auth"]
        if old_auth is None and new_auth is not None:
            self.add(
                "auth-became-required" if new_auth.get("required") else "auth-changed",
                "breaking",
                f"the client now sends a credential ({_auth_text(new_auth)}).",
            )
        elif old_auth is not None and new_auth is None:
            self.add("auth-changed", "breaking", "the client no longer sends any credential.")
        elif old_auth is not None and new_auth is not None:
            if {k: v for k, v in old_auth.items() if k != "required"} != {
                k: v for k, v in new_auth.items() if k != "required"
            }:
                self.add(
                    "auth-changed",
                    "breaking",
                    f"the credential is now sent as {_auth_text(new_auth)} "
                    f"(was {_auth_text(old_auth)}).",
                )
            if old_auth.get("required") != new_auth.get("required"):
                if new_auth.get("required"):
                    self.add("auth-became-required", "breaking", "the credential is now required.")
                else:
                    self.add("auth-became-optional", "info", "the credential is now optional.")

    # ------------------------------------------------------------ models: matching

    def _match_models(self) -> None:
        """Old model -> new model, for every model in both under any name.

        A model is first itself where it is defined (a schema whose class name changed
        because names were handed out in another order is the same schema), then by its
        name, then by a shape only one unmatched old and one unmatched new model have
        (a component renamed, an inline schema moved behind a $ref).
        """
        old_models, new_models = self.old["models"], self.new["models"]
        pairs: dict[str, str] = {}
        new_by_source: dict[Any, str] = {}
        for name, model in new_models.items():
            new_by_source.setdefault((model.get("source"), model.get("kind")), name)
        taken: set[str] = set()
        for name, model in old_models.items():
            partner = new_by_source.get((model.get("source"), model.get("kind")))
            if partner is not None and partner not in taken:
                pairs[name] = partner
                taken.add(partner)
        for name in old_models:
            if name not in pairs and name in new_models and name not in taken:
                pairs[name] = name
                taken.add(name)
        old_by_shape: dict[str, list[str]] = {}
        for name in old_models:
            if name not in pairs:
                old_by_shape.setdefault(_shape(old_models[name]), []).append(name)
        new_by_shape: dict[str, list[str]] = {}
        for name in new_models:
            if name not in taken:
                new_by_shape.setdefault(_shape(new_models[name]), []).append(name)
        for shape, names in old_by_shape.items():
            partners = new_by_shape.get(shape, [])
            if len(names) == 1 and len(partners) == 1:
                pairs[names[0]] = partners[0]
        self.pairs = pairs
        self.renames = {old: new for old, new in pairs.items() if old != new}

    # ------------------------------------------------------------ operations

    def _operations(self) -> None:
        old_ops, new_ops = self.old["operations"], self.new["operations"]
        for key in sorted(set(old_ops) | set(new_ops)):
            old, new = old_ops.get(key), new_ops.get(key)
            if old is None:
                self.add(
                    "operation-added",
                    "info",
                    f"new operation {new['method']} {new['path']}.",
                    at=_at(new),
                    operation=_op_name(new),
                    python=new.get("python"),
                )
            elif new is None:
                self.add(
                    "operation-removed",
                    "breaking",
                    f"{old['method']} {old['path']} is gone, and the method with it.",
                    at=_at(old),
                    operation=_op_name(old),
                    python=old.get("python"),
                )
            else:
                self._operation(old, new)

    def _operation(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        op = _op_name(new)
        at = _at(new)
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
            self.add(
                "parameter-renamed",
                "breaking",
                f"the path parameter {old_param['name']!r} is now {new_param['name']!r} "
                f"(keyword {new_param.get('keyword')!r}, was {old_param.get('keyword')!r}).",
                at=_at(new_param),
                operation=op,
                python=new_param.get("python"),
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
            self.add(
                "parameter-moved",
                "warning",
                f"the parameter {new_param['name']!r} is now sent in the {new_param['in']} "
                f"(was the {old_param['in']}).",
                at=_at(new_param),
                operation=op,
                python=new_param.get("python"),
            )
            self._parameter(old_param, new_param, op)
        for param in gone.values():
            self.add(
                "parameter-removed",
                "breaking",
                f"the {param['in']} parameter {param['name']!r} is gone (keyword "
                f"{param.get('keyword')!r}).",
                at=_at(param),
                operation=op,
                python=param.get("python"),
            )
        for param in fresh.values():
            required = bool(param.get("required")) and param.get("default") is None
            self.add(
                "parameter-added-required" if required else "parameter-added-optional",
                "breaking" if required else "info",
                f"new {'required' if required else 'optional'} {param['in']} parameter "
                f"{param['name']!r} ({param.get('keyword')}: {spelled(param.get('type'))}).",
                at=_at(param),
                operation=op,
                python=param.get("python"),
            )
        for key in sorted(set(old_params) & set(new_params)):
            self._parameter(old_params[key], new_params[key], op)

    def _parameter(
        self, old: dict[str, Any], new: dict[str, Any], op: str, *, renamed: bool = False
    ) -> None:
        at, python = _at(new), new.get("python")
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

    # ------------------------------------------------------------ shared judgements

    def _type_change(
        self,
        kind: str,
        old_type: Any,
        new_type: Any,
        directions: frozenset[str],
        add: Any,
        subject: str,
    ) -> None:
        old_type = self.mapped(old_type)
        if old_type == new_type:
            return  # the common case, on every field of a large document
        self._discriminators(old_type, new_type, directions, add, subject)
        before, after = without_discriminators(old_type), without_discriminators(new_type)
        if before == after:
            return
        widened = accepts(after, before)
        narrowed = accepts(before, after)
        safe = (REQUEST not in directions or widened) and (RESPONSE not in directions or narrowed)
        if (
            kind == "property"
            and not is_nullable(before)
            and is_nullable(after)
            and strip_nullable(after) == before
        ):
            add(
                "property-became-nullable",
                "info" if safe else "breaking",
                f"{subject} may now be None ({spelled(after)}).",
            )
            return
        how = "widened" if widened else "narrowed" if narrowed else "changed"
        add(
            f"{kind}-type-changed",
            "info" if safe else "breaking",
            f"the type of {subject} {how}: {spelled(after)} (was {spelled(before)}).",
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
            add(
                f"{kind}-format-changed",
                "warning",
                f"the format of {subject} is now {new.get('format')!r} "
                f"(was {old.get('format')!r}).",
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
                at=_at(new),
                operation=op,
                python=python,
            )
            return
        if new is None:
            self.add(
                "request-body-removed",
                "breaking",
                "the operation no longer takes a body.",
                at=_at(old),
                operation=op,
                python=old_op.get("python"),
            )
            return
        at = _at(new)

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
        self._type_change(
            "request-body",
            strip_nullable(old.get("type")),
            strip_nullable(new.get("type")),
            frozenset({REQUEST}),
            add,
            "the body",
        )

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
                    at=_at(new),
                    operation=op,
                    python=python,
                )
                continue
            if new is None:
                success = bool(old.get("success"))
                self.add(
                    "response-status-removed",
                    "breaking" if success else "warning",
                    f"the {status} response is gone"
                    + (
                        "; the method no longer returns it."
                        if success
                        else "; its body is no longer parsed into its model."
                    ),
                    at=_at(old),
                    operation=op,
                    python=old_op.get("python"),
                )
                continue
            at = _at(new)

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

    # ------------------------------------------------------------ models

    def _models(self) -> None:
        old_models, new_models = self.old["models"], self.new["models"]
        for name in sorted(old_models):
            model = old_models[name]
            target = self.pairs.get(name)
            if target is None:
                self.add(
                    "model-removed",
                    "breaking",
                    f"the class {name} is gone.",
                    at=_at(model),
                    python=model.get("python"),
                )
                continue
            new = new_models[target]
            if target != name:
                self.add(
                    "model-renamed",
                    "breaking",
                    f"the class {name} is now {target}.",
                    at=_at(new),
                    python=new.get("python"),
                )
            self._model(name, model, target, new)
        matched = set(self.pairs.values())
        for name in sorted(new_models):
            if name not in matched:
                model = new_models[name]
                self.add(
                    "model-added",
                    "info",
                    f"new {model.get('kind')} class {name}.",
                    at=_at(model),
                    python=model.get("python"),
                )

    def _model(self, old_name: str, old: dict[str, Any], name: str, new: dict[str, Any]) -> None:
        python = new.get("python")
        directions = self.directions(name, old_name)
        if old.get("kind") != new.get("kind"):
            self.add(
                "model-kind-changed",
                "breaking",
                f"{name} is now {_kind_text(new)} (was {_kind_text(old)}).",
                at=_at(new),
                python=python,
            )
            return
        if old.get("description") != new.get("description"):
            self.add(
                "model-description-changed",
                "info",
                f"the description of {name} changed.",
                at=_at(new),
                python=python,
            )
        kind = new.get("kind")
        if kind == "object":
            self._fields(old, new, directions)
        elif kind == "enum":
            self._enum(old, new, directions)
        else:

            def add(rule: str, level: Level, message: str) -> None:
                self.add(rule, level, message, at=_at(new), python=python)

            self._type_change(
                "alias", old.get("type"), new.get("type"), directions, add, f"the alias {name}"
            )

    def _enum(self, old: dict[str, Any], new: dict[str, Any], directions: frozenset[str]) -> None:
        old_values: dict[str, Any] = old.get("values", {})
        new_values: dict[str, Any] = new.get("values", {})
        for value in sorted(set(old_values) - set(new_values)):
            entry = old_values[value]
            self.add(
                "enum-value-removed",
                "breaking",
                f"the value {value!r} is gone (member {entry.get('python')}).",
                at=_at(entry),
                python=entry.get("python"),
            )
        for value in sorted(set(old_values) & set(new_values)):
            before, after = old_values[value].get("python"), new_values[value].get("python")
            if str(before).rsplit(".", 1)[-1] != str(after).rsplit(".", 1)[-1]:
                self.add(
                    "enum-member-renamed",
                    "breaking",
                    f"the value {value!r} is now the member {after} (was {before}).",
                    at=_at(new_values[value]),
                    python=after,
                )
        for value in sorted(set(new_values) - set(old_values)):
            entry = new_values[value]
            in_response = RESPONSE in directions
            self.add(
                "enum-value-added",
                "warning" if in_response else "info",
                f"new value {value!r}" + (" (responses may carry it)." if in_response else "."),
                at=_at(entry),
                python=entry.get("python"),
            )

    def _fields(self, old: dict[str, Any], new: dict[str, Any], directions: frozenset[str]) -> None:
        old_fields: dict[str, Any] = old.get("fields", {})
        new_fields: dict[str, Any] = new.get("fields", {})
        for wire in sorted(set(old_fields) - set(new_fields)):
            field = old_fields[wire]
            self.add(
                "property-removed",
                "breaking",
                f"the field {wire!r} is gone.",
                at=_at(field),
                python=field.get("python"),
            )
        for wire in sorted(set(new_fields) - set(old_fields)):
            field = new_fields[wire]
            required = bool(field.get("required")) and field.get("default") is None
            breaking = required and REQUEST in directions
            self.add(
                "property-added",
                "breaking" if breaking else "info",
                f"new {'required' if required else 'optional'} field {wire!r} "
                f"({spelled(field.get('type'))})"
                + (": requests must now set it." if breaking else "."),
                at=_at(field),
                python=field.get("python"),
            )
        for wire in sorted(set(old_fields) & set(new_fields)):
            self._field(wire, old_fields[wire], new_fields[wire], directions)

    def _field(
        self, wire: str, old: dict[str, Any], new: dict[str, Any], directions: frozenset[str]
    ) -> None:
        at, python = _at(new), new.get("python")

        def add(rule: str, level: Level, message: str) -> None:
            self.add(rule, level, message, at=at, python=python)

        subject = f"the field {wire!r}"
        if old.get("python", "").rsplit(".", 1)[-1] != str(python).rsplit(".", 1)[-1]:
            add(
                "property-renamed",
                "breaking",
                f"{subject} is now the attribute {str(python).rsplit('.', 1)[-1]!r} "
                f"(was {str(old.get('python')).rsplit('.', 1)[-1]!r}).",
            )
        was, now = bool(old.get("required")), bool(new.get("required"))
        old_type, new_type = old.get("type"), new.get("type")
        if was != now:
            if now:
                add(
                    "property-became-required",
                    "breaking" if REQUEST in directions else "info",
                    f"{subject} is now required"
                    + ("; requests must set it." if REQUEST in directions else "."),
                )
            else:
                add(
                    "property-became-optional",
                    "breaking" if RESPONSE in directions else "info",
                    f"{subject} is now optional"
                    + ("; responses may leave it out (None)." if RESPONSE in directions else "."),
                )
            old_type, new_type = strip_nullable(old_type), strip_nullable(new_type)
        self._type_change("property", old_type, new_type, directions, add, subject)
        self._facts("property", old, new, directions, add, subject)
        for key, side in (("read_only", "responses"), ("write_only", "requests")):
            if bool(old.get(key)) != bool(new.get(key)):
                state = "now" if new.get(key) else "no longer"
                add(
                    "property-access-changed",
                    "warning",
                    f"{subject} is {state} only in {side} ({key.replace('_', '')}).",
                )
        if old.get("description") != new.get("description"):
            add("property-description-changed", "info", f"the description of {subject} changed.")

    # ------------------------------------------------------------ auth and servers

    def _security_schemes(self) -> None:
        old_all: dict[str, Any] = self.old["security_schemes"]
        new_all: dict[str, Any] = self.new["security_schemes"]
        for name in sorted(set(old_all) | set(new_all)):
            old, new = old_all.get(name), new_all.get(name)
            if old is None:
                self.add(
                    "security-scheme-added", "info", f"new security scheme {name!r}.", at=_at(new)
                )
                continue
            if new is None:
                self.add(
                    "security-scheme-removed",
                    "warning",
                    f"the security scheme {name!r} is gone.",
                    at=_at(old),
                )
                continue
            for key in ("type", "scheme", "in", "name"):
                if old.get(key) != new.get(key):
                    self.add(
                        "security-scheme-changed",
                        "warning",
                        f"the {key} of the security scheme {name!r} is now {new.get(key)!r} "
                        f"(was {old.get(key)!r}).",
                        at=_at(new),
                    )
            before, after = set(old.get("scopes", [])), set(new.get("scopes", []))
            for scope in sorted(after - before):
                self.add(
                    "security-scope-added",
                    "info",
                    f"{name!r} offers the new scope {scope!r}.",
                    at=_at(new),
                )
            for scope in sorted(before - after):
                self.add(
                    "security-scope-removed",
                    "warning",
                    f"{name!r} no longer offers the scope {scope!r}.",
                    at=_at(new),
                )

    def _servers(self) -> None:
        old_client, new_client = self.old["client"], self.new["client"]
        old_url, new_url = old_client.get("base_url"), new_client.get("base_url")
        new_servers: list[Any] = self.new["servers"]
        old_servers: list[Any] = self.old["servers"]
        if old_url != new_url:
            self.add(
                "server-url-changed",
                "warning",
                f"the default base URL is now {new_url!r} (was {old_url!r}).",
                at=_at(new_servers[0]) if new_servers else None,
            )
        before = {s.get("url"): s for s in old_servers[1:]}
        after = {s.get("url"): s for s in new_servers[1:]}
        before.pop(new_servers[0].get("url") if new_servers else None, None)
        after.pop(old_servers[0].get("url") if old_servers else None, None)
        for url in sorted(set(after) - set(before), key=str):
            self.add("server-added", "info", f"new server {url!r}.", at=_at(after[url]))
        for url in sorted(set(before) - set(after), key=str):
            self.add("server-removed", "info", f"the server {url!r} is gone.", at=_at(before[url]))

    # ------------------------------------------------------------ the job binding

    def _job(self) -> None:
        old, new = self.old["job"], self.new["job"]
        if old is None and new is None:
            return
        if old is None:
            self.add("job-binding-added", "info", "the client can now wait for jobs.", at=_at(new))
            return
        if new is None:
            self.add(
                "job-binding-removed",
                "breaking",
                "status_of and wait_for_job are gone.",
                at=_at(old),
            )
            return
        at, python = _at(new), new.get("python")
        if old.get("operation") != new.get("operation") or self.rename(
            str(old.get("model"))
        ) != new.get("model"):
            self.add(
                "job-operation-changed",
                "breaking",
                f"jobs are now retrieved by {new.get('operation')} as {new.get('model')} "
                f"(was {old.get('operation')} as {old.get('model')}).",
                at=at,
                python=python,
            )
        if old.get("status_field") != new.get("status_field"):
            self.add(
                "job-status-field-moved",
                "breaking",
                f"the status is now read from {'.'.join(new.get('status_field') or [])} "
                f"(was {'.'.join(old.get('status_field') or [])}).",
                at=at,
                python=python,
            )
        before: dict[str, str] = old.get("statuses") or {}
        after: dict[str, str] = new.get("statuses") or {}
        for value in sorted(set(after) - set(before)):
            self.add(
                "job-status-added",
                "warning",
                f"new job status {value!r}, mapped to {after[value]}.",
                at=at,
                python=python,
            )
        for value in sorted(set(before) - set(after)):
            self.add(
                "job-status-removed",
                "warning",
                f"the job status {value!r} (was {before[value]}) is gone.",
                at=at,
                python=python,
            )
        for value in sorted(set(before) & set(after)):
            if before[value] != after[value]:
                self.add(
                    "job-status-remapped",
                    "breaking",
                    f"the job status {value!r} now means {after[value]} (was {before[value]}).",
                    at=at,
                    python=python,
                )


def _path_slots(path: str) -> list[str]:
    """The names of a path template's parameters, in order."""
    return re.findall(r"\{([^{}]*)\}", path)


def _method(op: dict[str, Any]) -> str:
    """The method's own name (a renamed client class is its own change)."""
    return str(op.get("python")).rsplit(".", 1)[-1]


def _op_name(op: dict[str, Any]) -> str:
    return f"{op.get('method')} {op.get('path')}"


def _kind_text(model: dict[str, Any]) -> str:
    return {"object": "a model", "enum": "an enum", "alias": "a type alias"}.get(
        str(model.get("kind")), str(model.get("kind"))
    )


def _auth_text(auth: dict[str, Any]) -> str:
    if auth.get("kind") == "apiKey":
        return f"API key {auth.get('name')!r} in the {auth.get('in')}"
    return str(auth.get("kind"))


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


def _shown(value: Any) -> str:
    return "none" if value is None else json.dumps(value)
