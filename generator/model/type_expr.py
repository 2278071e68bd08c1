"""Type expressions: the types of the model, and how Python spells them.

A :data:`TypeExpr` is a small tree (a primitive, a reference to a generated model, a
list, a union...). :func:`annotation` spells it as Python source and :func:`names_in`
says which names that spelling needs imported; both come from one walk, so an import
cannot be missing for a name an annotation writes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Literal

from generator.model.escape import PySource, literal
from generator.model.names import Identifier


@dataclass(frozen=True, slots=True)
class Prim:
    """A builtin or standard-library type; ``name`` is one of a fixed set."""

    name: Literal[
        "str",
        "int",
        "float",
        "bool",
        "bytes",
        "Any",
        "None",
        "UUID",
        "datetime",
        "date",
        "time",
        "timedelta",
    ]


@dataclass(frozen=True, slots=True)
class Ref:
    """A generated model, enum or alias defined in the same module."""

    name: Identifier


@dataclass(frozen=True, slots=True)
class OpenEnum:
    """A string enum that also accepts values the spec did not list (vendors drift)."""

    enum: Identifier


@dataclass(frozen=True, slots=True)
class ListOf:
    item: TypeExpr


@dataclass(frozen=True, slots=True)
class TupleOf:
    """An array whose first items each have a type of their own (``prefixItems``).

    ``rest`` types any items after them (None: no more are allowed); ``shortest`` is the
    fewest items an array may hold, so an array may stop before the last typed position
    (JSON Schema does not require the positions it types). Spelled ``tuple[A, B]``, with
    one ``tuple`` per length allowed.
    """

    items: tuple[TypeExpr, ...]
    rest: TypeExpr | None = None
    shortest: int = 0


@dataclass(frozen=True, slots=True)
class MapOf:
    value: TypeExpr


@dataclass(frozen=True, slots=True)
class LiteralOf:
    values: tuple[str | int | float | bool, ...]


@dataclass(frozen=True, slots=True)
class Discriminator:
    """The spec's discriminator: which property's value picks the union's member."""

    property_name: str
    # wire value -> the name of the model it picks (one of the union's Refs)
    mapping: tuple[tuple[str, str], ...]

    @property
    def call(self) -> str:
        table = ", ".join(f"{literal(value)}: {literal(tag)}" for value, tag in self.mapping)
        return f"Discriminator(discriminate({literal(self.property_name)}, {{{table}}}))"


@dataclass(frozen=True, slots=True)
class UnionOf:
    options: tuple[TypeExpr, ...]
    # Set when the spec names a discriminator and every member is a model.
    discriminator: Discriminator | None = None
    # A signature-only union (no pydantic validation), written as plain `A | B`.
    plain: bool = False


@dataclass(frozen=True, slots=True)
class Nullable:
    inner: TypeExpr


TypeExpr = Prim | Ref | OpenEnum | ListOf | TupleOf | MapOf | LiteralOf | UnionOf | Nullable


def nullable(expr: TypeExpr) -> TypeExpr:
    """``expr`` or None. Any and None hold None already, and a Nullable stays one."""
    if isinstance(expr, Nullable) or expr == Prim("None") or expr == Prim("Any"):
        return expr
    return Nullable(expr)


def annotation(
    expr: TypeExpr, *, forward: frozenset[str] = frozenset(), runtime: bool = False
) -> PySource:
    """Python source for a type expression (only identifiers and escaped literals).

    Names in ``forward`` are written as strings: they are not defined yet where the
    expression is evaluated. ``runtime`` spells a union with such a string member
    ``Union[...]``, because ``"A" | B`` is a TypeError when evaluated rather than read
    as an annotation.
    """
    return PySource(_Spelling(forward, runtime).of(expr))


def names_in(
    expr: TypeExpr, *, forward: frozenset[str] = frozenset(), runtime: bool = False
) -> frozenset[str]:
    """The names :func:`annotation` spells for ``expr`` (string forward names aside):
    what the module must define or import for the annotation to stand."""
    spelling = _Spelling(forward, runtime)
    spelling.of(expr)
    return frozenset(spelling.used)


@dataclass(frozen=True, slots=True)
class _Spelling:
    forward: frozenset[str]
    runtime: bool
    # Every name written, as it is written: imports are made from this, not from text.
    used: set[str] = dataclass_field(default_factory=set)

    def use(self, *names: str) -> None:
        self.used.update(names)

    def union(self, parts: list[str]) -> str:
        # `"A" | B` is a TypeError when evaluated; any other member takes `|` (pyupgrade
        # would rewrite a Union of them to it anyway).
        if self.runtime and any(part.startswith('"') for part in parts):
            self.use("Union")
            return f"Union[{', '.join(parts)}]"
        return " | ".join(parts)

    def name(self, name: str) -> str:
        if name in self.forward:
            return f'"{name}"'
        self.use(name)
        return name

    def of(self, expr: TypeExpr) -> str:
        match expr:
            case Prim(name):
                self.use(name)
                return name
            case Ref(name):
                return self.name(str(name))
            case OpenEnum(enum):
                inner = self.union([self.name(str(enum)), "str"])
                self.use("Annotated", "Field")
                return f'Annotated[{inner}, Field(union_mode="left_to_right")]'
            case ListOf(item):
                return f"list[{self.of(item)}]"
            case TupleOf(items, rest, shortest):
                return self.tuple_of(items, rest, shortest)
            case MapOf(value):
                return f"dict[str, {self.of(value)}]"
            case LiteralOf(values):
                self.use("Literal")
                return "Literal[" + ", ".join(literal(v) for v in values) + "]"
            case UnionOf(options, discriminator, plain):
                if discriminator is not None:
                    self.use("Annotated", "Tag", "Model", "Discriminator", "discriminate")
                    # Each member tagged with its model's name; the discriminator
                    # function reads the property and answers the tag. A value the spec
                    # never listed (a vendor's new variant) is kept as a plain Model
                    # with all its fields, as open enums keep unknown values.
                    tagged = [
                        f"Annotated[{self.of(o)}, Tag({literal(str(o.name))})]"
                        for o in options
                        if isinstance(o, Ref)
                    ]
                    tagged.append('Annotated[Model, Tag("other")]')
                    return f"Annotated[{self.union(tagged)}, {discriminator.call}]"
                options = _one_literal(options)
                if len(options) == 1:
                    return self.of(options[0])
                inner = self.union([self.of(o) for o in options])
                if plain:
                    return inner
                self.use("Annotated", "Field")
                return f'Annotated[{inner}, Field(union_mode="left_to_right")]'
            case Nullable(inner):
                return self.union([self.of(inner), "None"])
        raise TypeError(expr)

    def tuple_of(self, items: tuple[TypeExpr, ...], rest: TypeExpr | None, shortest: int) -> str:
        """``tuple[A] | tuple[A, B]``: one tuple for each length an array may have. Items
        after the typed ones are an unpacked ``*tuple[R, ...]``, which pydantic reads
        only through the runtime's ``PrefixItems`` marker."""
        forms: list[str] = []
        for length in range(min(max(shortest, 0), len(items)), len(items) + 1):
            head = [self.of(item) for item in items[:length]]
            if length < len(items) or rest is None:
                forms.append(f"tuple[{', '.join(head)}]" if head else "tuple[()]")
                continue
            self.use("Annotated", "PrefixItems")
            spelled = ", ".join([*head, f"*tuple[{self.of(rest)}, ...]"])
            forms.append(f"Annotated[tuple[{spelled}], PrefixItems()]")
        return self.union(forms)


def _one_literal(options: tuple[TypeExpr, ...]) -> tuple[TypeExpr, ...]:
    """The union's Literal members as one Literal where the first stood: ``Literal[1] |
    Literal[2]`` means ``Literal[1, 2]``, which is how type checkers and ruff's default
    rules (PYI030) want it written."""
    if sum(isinstance(o, LiteralOf) for o in options) < 2:
        return options
    values: list[str | int | float | bool] = []
    merged: list[TypeExpr] = []
    for option in options:
        if not isinstance(option, LiteralOf):
            merged.append(option)
            continue
        if not values:
            merged.append(option)  # replaced below, once every value is known
        for value in option.values:
            # 1, 1.0 and True are equal in Python but distinct literals.
            if not any(value == seen and type(value) is type(seen) for seen in values):
                values.append(value)
    return tuple(LiteralOf(tuple(values)) if isinstance(o, LiteralOf) else o for o in merged)


def accepts_value(
    expr: TypeExpr, value: object, aliases: Mapping[str, TypeExpr] | None = None
) -> bool:
    """Whether a spec's scalar (a default) is a value of the type, as mypy would see it.

    ``aliases`` gives the types of the module's aliases, so a default can be checked
    through a ``$ref`` to one.
    """
    aliases = aliases or {}
    match expr:
        case Ref(name) if str(name) in aliases:
            # An alias that names itself cannot hold a scalar: the lookup goes one level.
            inner = aliases[str(name)]
            return inner != expr and accepts_value(
                inner, value, {k: v for k, v in aliases.items() if k != str(name)}
            )
        case Prim("Any"):
            return True
        case Prim("None"):
            return value is None
        case Prim("str"):
            return isinstance(value, str)
        case Prim("bool"):
            return isinstance(value, bool)
        case Prim("int"):
            return isinstance(value, int) and not isinstance(value, bool)
        case Prim("float"):
            return isinstance(value, int | float) and not isinstance(value, bool)
        case OpenEnum(_):
            return isinstance(value, str)
        case LiteralOf(values):
            return any(v == value and type(v) is type(value) for v in values)
        case UnionOf(options, _, _):
            return any(accepts_value(o, value, aliases) for o in options)
        case Nullable(inner):
            return value is None or accepts_value(inner, value, aliases)
    return False


def referenced_names(expr: TypeExpr) -> set[str]:
    """Module-level names a type expression mentions (for ordering definitions)."""
    match expr:
        case Ref(name) | OpenEnum(name):
            return {str(name)}
        case ListOf(inner) | MapOf(inner) | Nullable(inner):
            return referenced_names(inner)
        case TupleOf(items, rest, _):
            found: set[str] = set()
            for item in (*items, *([rest] if rest is not None else [])):
                found |= referenced_names(item)
            return found
        case UnionOf(options, _, _):
            names: set[str] = set()
            for option in options:
                names |= referenced_names(option)
            return names
    return set()
