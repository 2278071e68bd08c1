"""The walk through a built body: the models a response's type is made of, and their fields.

What the pagination rules read a page with (:mod:`.pagination` and
:mod:`.paging_declared`): the one success body a page comes in, the object models a type
may be (through ``| None``, aliases and unions), an array's items, a field found by a
path of wire names and given as a path of Python attribute names, and what a scalar is
on the wire.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from generator.model.api import (
    AliasSchema,
    EnumSchema,
    Field,
    ObjectSchema,
    Operation,
    Response,
    Schema,
)
from generator.model.type_expr import (
    ListOf,
    MapOf,
    Nullable,
    OpenEnum,
    Prim,
    Ref,
    TypeExpr,
    UnionOf,
)


def normal(name: str) -> str:
    """A name as the shape rules compare it: lower case, letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


# What a scalar is on the wire; a uuid is text, whatever the model parses it into.
_KINDS = {"str": "str", "UUID": "str", "int": "int", "float": "int", "bool": "bool"}


class Models:
    """The client's models by name: what a body's type is made of."""

    def __init__(self, schemas: Iterable[Schema]) -> None:
        self._by_name = {str(s.name): s for s in schemas}

    def resolve(self, expr: TypeExpr) -> TypeExpr:
        """Through ``| None`` and aliases to what the value is."""
        for _ in range(32):
            if isinstance(expr, Nullable):
                expr = expr.inner
                continue
            if isinstance(expr, Ref):
                found = self._by_name.get(str(expr.name))
                if isinstance(found, AliasSchema):
                    expr = found.type
                    continue
            break
        return expr

    def object(self, expr: TypeExpr) -> ObjectSchema | None:
        """The one object model a type is, if it is one (a union is not)."""
        expr = self.resolve(expr)
        if isinstance(expr, Ref):
            found = self._by_name.get(str(expr.name))
            if isinstance(found, ObjectSchema):
                return found
        return None

    def objects(self, expr: TypeExpr) -> tuple[ObjectSchema, ...]:
        """The object models a value of the type may be (each member of a union)."""
        expr = self.resolve(expr)
        if isinstance(expr, UnionOf):
            return tuple(o for option in expr.options if (o := self.object(option)) is not None)
        found = self.object(expr)
        return (found,) if found is not None else ()

    def item(self, expr: TypeExpr) -> TypeExpr | None:
        """The item type of an array type; of a union of arrays (GitHub's stargazers, one
        shape a media type), the union of their items."""
        expr = self.resolve(expr)
        if isinstance(expr, ListOf):
            return expr.item
        if isinstance(expr, UnionOf):
            items: list[TypeExpr] = []
            for option in expr.options:
                inner = self.resolve(option)
                if not isinstance(inner, ListOf):
                    return None
                if inner.item not in items:
                    items.append(inner.item)
            # A signature-only union: the items are already validated as the body.
            return items[0] if len(items) == 1 else UnionOf(tuple(items), plain=True)
        return None

    def objectish(self, expr: TypeExpr) -> bool:
        """A record rather than a scalar: a model, a map, a union holding one, or Any."""
        expr = self.resolve(expr)
        if isinstance(expr, Ref):
            return isinstance(self._by_name.get(str(expr.name)), ObjectSchema)
        if isinstance(expr, UnionOf):
            return any(self.objectish(option) for option in expr.options)
        return isinstance(expr, MapOf) or expr == Prim("Any")

    def kind(self, expr: TypeExpr) -> str:
        """ "str", "int" (or float), "bool", or "other"."""
        expr = self.resolve(expr)
        if isinstance(expr, Prim):
            return _KINDS.get(expr.name, "other")
        if isinstance(expr, OpenEnum):
            return "str"
        if isinstance(expr, Ref) and isinstance(self._by_name.get(str(expr.name)), EnumSchema):
            return "str"
        if isinstance(expr, UnionOf):
            found = {self.kind(o) for o in expr.options if self.resolve(o) != Prim("None")}
            return found.pop() if len(found) == 1 else "other"
        return "other"

    def find(
        self, expr: TypeExpr, path: Iterable[str], *, exact: bool = False
    ) -> tuple[tuple[str, ...], Field] | None:
        """The field at a path of names from a type, as a path of Python names.

        Names are wire names, compared as :func:`normal` makes them unless ``exact``.
        Through a union, every member that has the name must give it one Python name.
        """
        python: list[str] = []
        found: Field | None = None
        current = expr
        for name in path:
            hits = [
                f
                for model in self.objects(current)
                for f in model.fields
                if (f.wire_name == name if exact else normal(f.wire_name) == name)
            ]
            if not hits or len({str(f.name) for f in hits}) != 1:
                return None
            found = hits[0]
            python.append(str(found.name))
            current = found.type
        return (tuple(python), found) if found is not None else None

    def field_names(self, expr: TypeExpr) -> list[str]:
        """The wire names of the fields a type's objects have (for a finding's message)."""
        return sorted({f.wire_name for model in self.objects(expr) for f in model.fields})


@dataclass(frozen=True, slots=True)
class Body:
    """The success response a page is read from."""

    response: Response
    type: TypeExpr


def success_body(op: Operation) -> Body | None:
    """The JSON body of the operation's success, when it has one: a method that answers
    two types cannot return one Page. A success without a body (GitHub's 204 for an empty
    repository) is an empty page, and leaves the body the one."""
    successes = sorted(
        (r for r in op.responses if r.status.startswith("2") and r.kind != "empty"),
        key=lambda r: r.status,
    )
    if not successes:
        return None
    first = successes[0]
    if first.kind != "json" or first.type is None:
        return None
    if any((r.kind, r.type) != (first.kind, first.type) for r in successes[1:]):
        return None
    return Body(first, first.type)
