"""The rules on models: classes matched across renames, their fields and enum values."""

from __future__ import annotations

import json
from typing import Any

from generator.change.comparison.judge import REQUEST, RESPONSE, Judge, at_of
from generator.change.comparison.report import Level
from generator.change.comparison.types import (
    rename_refs,
    spelled,
    strip_nullable,
    without_discriminators,
)


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


class ModelRules(Judge):
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

    def _models(self) -> None:
        old_models, new_models = self.old["models"], self.new["models"]
        for name in sorted(old_models):
            model = old_models[name]
            target = self.pairs.get(name)
            if target is None:
                self.note(
                    model,
                    "model-removed",
                    "breaking",
                    f"the class {name} is gone.",
                )
                continue
            new = new_models[target]
            if target != name:
                self.note(
                    new,
                    "model-renamed",
                    "breaking",
                    f"the class {name} is now {target}.",
                )
            self._model(name, model, target, new)
        matched = set(self.pairs.values())
        for name in sorted(new_models):
            if name not in matched:
                model = new_models[name]
                self.note(
                    model,
                    "model-added",
                    "info",
                    f"new {model.get('kind')} class {name}.",
                )

    def _model(self, old_name: str, old: dict[str, Any], name: str, new: dict[str, Any]) -> None:
        python = new.get("python")
        directions = self.directions(name, old_name)
        if old.get("kind") != new.get("kind"):
            self.add(
                "model-kind-changed",
                "breaking",
                f"{name} is now {_kind_text(new)} (was {_kind_text(old)}).",
                at=at_of(new),
                python=python,
            )
            return
        if old.get("description") != new.get("description"):
            self.add(
                "model-description-changed",
                "info",
                f"the description of {name} changed.",
                at=at_of(new),
                python=python,
            )
        if not old.get("deprecated") and new.get("deprecated"):
            self.add(
                "model-deprecated",
                "warning",
                f"{name} is deprecated.",
                at=at_of(new),
                python=python,
            )
        kind = new.get("kind")
        if kind == "object":
            self._fields(old, new, directions)
        elif kind == "enum":
            self._enum(old, new, directions)
        else:

            def add(rule: str, level: Level, message: str) -> None:
                self.add(rule, level, message, at=at_of(new), python=python)

            self._type_change(
                "alias", old.get("type"), new.get("type"), directions, add, f"the alias {name}"
            )

    def _enum(self, old: dict[str, Any], new: dict[str, Any], directions: frozenset[str]) -> None:
        old_values: dict[str, Any] = old.get("values", {})
        new_values: dict[str, Any] = new.get("values", {})
        for value in sorted(set(old_values) - set(new_values)):
            entry = old_values[value]
            self.note(
                entry,
                "enum-value-removed",
                "breaking",
                f"the value {value!r} is gone (member {entry.get('python')}).",
            )
        for value in sorted(set(old_values) & set(new_values)):
            before, after = old_values[value].get("python"), new_values[value].get("python")
            if str(before).rsplit(".", 1)[-1] != str(after).rsplit(".", 1)[-1]:
                self.add(
                    "enum-member-renamed",
                    "breaking",
                    f"the value {value!r} is now the member {after} (was {before}).",
                    at=at_of(new_values[value]),
                    python=after,
                )
        for value in sorted(set(new_values) - set(old_values)):
            entry = new_values[value]
            in_response = RESPONSE in directions
            self.note(
                entry,
                "enum-value-added",
                "warning" if in_response else "info",
                f"new value {value!r}" + (" (responses may carry it)." if in_response else "."),
            )

    def _fields(self, old: dict[str, Any], new: dict[str, Any], directions: frozenset[str]) -> None:
        old_fields: dict[str, Any] = old.get("fields", {})
        new_fields: dict[str, Any] = new.get("fields", {})
        for wire in sorted(set(old_fields) - set(new_fields)):
            field = old_fields[wire]
            self.note(
                field,
                "property-removed",
                "breaking",
                f"the field {wire!r} is gone.",
            )
        for wire in sorted(set(new_fields) - set(old_fields)):
            field = new_fields[wire]
            # A required field with a default is optional in Python, but the client sends
            # only the fields a caller set: the server now refuses a request without it.
            defaulted = field.get("default") is not None
            breaking = bool(field.get("required")) and REQUEST in directions
            required = breaking or (bool(field.get("required")) and not defaulted)
            self.note(
                field,
                "property-added",
                "breaking" if breaking else "info",
                f"new {'required' if required else 'optional'} field {wire!r} "
                f"({spelled(field.get('type'))})"
                + (
                    ": requests must now set it"
                    + (" (its default is not sent unless set)." if defaulted else ".")
                    if breaking
                    else "."
                ),
            )
        for wire in sorted(set(old_fields) & set(new_fields)):
            self._field(wire, old_fields[wire], new_fields[wire], directions)

    def _field(
        self, wire: str, old: dict[str, Any], new: dict[str, Any], directions: frozenset[str]
    ) -> None:
        at, python = at_of(new), new.get("python")

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
        judged = self._type_change("property", old_type, new_type, directions, add, subject)
        self._nullability(old, new, directions, add, subject, judged)
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


def _kind_text(model: dict[str, Any]) -> str:
    return {"object": "a model", "enum": "an enum", "alias": "a type alias"}.get(
        str(model.get("kind")), str(model.get("kind"))
    )
