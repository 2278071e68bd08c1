"""The API model (IR): what templates see. Built once from a spec; never the raw spec.

Every string a template can print is either :class:`~generator.escape.PySource` (made
by the generator: identifiers, annotations, escaped literals) or
:class:`~generator.escape.Untrusted` (spec prose, printable only through a filter).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from typing import TYPE_CHECKING, Literal

from generator.escape import PySource, Untrusted, literal
from generator.imports import ImportFrom, annotation_imports, import_block, sorted_members
from generator.names import Identifier

if TYPE_CHECKING:
    from generator.document import Located

# ---------------------------------------------------------------- type expressions


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


TypeExpr = Prim | Ref | OpenEnum | ListOf | MapOf | LiteralOf | UnionOf | Nullable


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
                inner = self.union([self.of(o) for o in options])
                if plain:
                    return inner
                self.use("Annotated", "Field")
                return f'Annotated[{inner}, Field(union_mode="left_to_right")]'
            case Nullable(inner):
                return self.union([self.of(inner), "None"])
        raise TypeError(expr)


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
        case UnionOf(options, _, _):
            names: set[str] = set()
            for option in options:
                names |= referenced_names(option)
            return names
    return set()


# ---------------------------------------------------------------- schemas


@dataclass(frozen=True, slots=True)
class Field:
    name: Identifier
    wire_name: str
    type: TypeExpr
    required: bool
    default: PySource | None
    doc: Untrusted | None
    read_only: bool = False
    write_only: bool = False
    # Where the element is written (file, pointer and node), for the API record; never
    # part of the model's equality.
    origin: Located | None = dataclass_field(default=None, compare=False, repr=False)

    @property
    def needs_alias(self) -> bool:
        return self.name != self.wire_name

    @property
    def alias_literal(self) -> PySource:
        return literal(self.wire_name)

    @property
    def annotation(self) -> PySource:
        return annotation(self.type)

    @property
    def declaration(self) -> PySource:
        """``name: type = default`` as it stands in the model class."""
        default = self.default
        if default is None and not self.required:
            default = PySource("None")
        head = f"{self.name}: {self.annotation}"
        if self.needs_alias:
            args = [f"default={default}"] if default is not None else []
            args.append(f"alias={self.alias_literal}")
            return PySource(f"{head} = Field({', '.join(args)})")
        return PySource(f"{head} = {default}" if default is not None else head)


@dataclass(frozen=True, slots=True)
class ObjectSchema:
    name: Identifier
    doc: Untrusted | None
    fields: tuple[Field, ...]
    source: str  # where it came from, e.g. "#/components/schemas/Job"
    kind: Literal["object"] = "object"
    # Where the element is written (file, pointer and node), for the API record; never
    # part of the model's equality.
    origin: Located | None = dataclass_field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class EnumMember:
    name: Identifier
    value: str

    @property
    def value_literal(self) -> PySource:
        return literal(self.value)


@dataclass(frozen=True, slots=True)
class EnumSchema:
    name: Identifier
    doc: Untrusted | None
    members: tuple[EnumMember, ...]
    source: str
    kind: Literal["enum"] = "enum"
    # Where the element is written (file, pointer and node), for the API record; never
    # part of the model's equality.
    origin: Located | None = dataclass_field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class AliasSchema:
    name: Identifier
    doc: Untrusted | None
    type: TypeExpr
    source: str
    kind: Literal["alias"] = "alias"
    # Aliases of the same reference cycle (itself included) this one mentions: a
    # recursive alias, written so both mypy and pydantic can follow it.
    forward: frozenset[str] = frozenset()
    # Where the element is written (file, pointer and node), for the API record; never
    # part of the model's equality.
    origin: Located | None = dataclass_field(default=None, compare=False, repr=False)

    @property
    def annotation(self) -> PySource:
        return annotation(self.type, forward=self.forward)

    @property
    def is_recursive(self) -> bool:
        return bool(self.forward)

    @property
    def runtime_annotation(self) -> PySource:
        return annotation(self.type, forward=self.forward, runtime=True)

    @property
    def name_literal(self) -> PySource:
        return literal(str(self.name))


Schema = ObjectSchema | EnumSchema | AliasSchema


def definition_order(schemas: tuple[Schema, ...]) -> tuple[Schema, ...]:
    """Schemas in an order the models module can execute top to bottom.

    Model fields are read lazily (``from __future__ import annotations``), but an alias
    is evaluated where it stands: enums and models come first, then each alias after
    the aliases it names. Aliases that name each other in a cycle are marked recursive
    (their cycle's names written as strings) and keep their document order.
    """
    aliases = {str(s.name): s for s in schemas if isinstance(s, AliasSchema)}
    edges = {
        name: sorted(n for n in referenced_names(alias.type) if n in aliases)
        for name, alias in aliases.items()
    }
    ordered: list[Schema] = [s for s in schemas if not isinstance(s, AliasSchema)]
    for component in _cycles_last_first(list(aliases), edges):
        members = frozenset(component)
        cyclic = len(component) > 1 or component[0] in edges[component[0]]
        for name in component:
            alias = aliases[name]
            if cyclic:
                alias = replace(alias, forward=members & set(edges[name]))
            ordered.append(alias)
    return tuple(ordered)


def _cycles_last_first(names: list[str], edges: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components, dependencies before dependants."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    result: list[list[str]] = []

    def visit(root: str) -> None:
        # Iterative, so a long chain of aliases cannot exhaust Python's recursion limit.
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            targets = edges[node]
            if position < len(targets):
                work.append((node, position + 1))
                target = targets[position]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                order = {n: i for i, n in enumerate(names)}
                result.append(sorted(component, key=order.__getitem__))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])

    for name in names:
        if name not in index:
            visit(name)
    return result


# ---------------------------------------------------------------- operations

ParamLocation = Literal["path", "query", "header", "cookie"]
BodyKind = Literal["json", "form", "multipart", "bytes", "text"]
# "events": text/event-stream, "lines": newline-delimited JSON; both become iterators.
ResponseKind = Literal["json", "text", "bytes", "empty", "events", "lines"]
QueryStyle = Literal["form", "spaceDelimited", "pipeDelimited", "deepObject"]
QUERY_STYLES: tuple[QueryStyle, ...] = ("form", "spaceDelimited", "pipeDelimited", "deepObject")


@dataclass(frozen=True, slots=True)
class Parameter:
    name: Identifier  # the Python keyword
    wire_name: str
    location: ParamLocation
    type: TypeExpr
    required: bool
    default: PySource | None
    doc: Untrusted | None
    explode: bool = True
    # How a query value is serialised: form, spaceDelimited, pipeDelimited, deepObject.
    style: QueryStyle = "form"
    # Where the element is written (file, pointer and node), for the API record; never
    # part of the model's equality.
    origin: Located | None = dataclass_field(default=None, compare=False, repr=False)

    @property
    def wire_literal(self) -> PySource:
        return literal(self.wire_name)

    @property
    def is_plain_query(self) -> bool:
        """Form style, exploded: OpenAPI's default, and the runtime's."""
        return self.style == "form" and self.explode

    @property
    def style_literal(self) -> PySource:
        return literal((self.style, self.explode))

    @property
    def annotation(self) -> PySource:
        return annotation(self.type)

    @property
    def signature(self) -> PySource:
        """The parameter as it stands in a method signature."""
        head = f"{self.name}: {self.annotation}"
        if self.required and self.default is None:
            return PySource(head)
        return PySource(f"{head} = {self.default if self.default is not None else 'None'}")

    @property
    def wire_value(self) -> PySource:
        """The expression sent on the wire: the value itself; the runtime spells it."""
        return PySource(str(self.name))


@dataclass(frozen=True, slots=True)
class RequestBody:
    kind: BodyKind
    type: TypeExpr
    required: bool
    content_type: str
    # Where the element is written (file, pointer and node), for the API record; never
    # part of the model's equality.
    origin: Located | None = dataclass_field(default=None, compare=False, repr=False)

    @property
    def annotation(self) -> PySource:
        return annotation(self.type)

    @property
    def content_type_literal(self) -> PySource:
        return literal(self.content_type)

    @property
    def signature(self) -> PySource:
        if self.required:
            return PySource(f"body: {self.annotation}")
        optional = self.type if isinstance(self.type, Nullable) else Nullable(self.type)
        return PySource(f"body: {annotation(optional)} = None")

    @property
    def keyword(self) -> PySource:
        """The runtime keyword that carries this kind of body."""
        return PySource(
            {
                "json": "json_body",
                "form": "form_body",
                "multipart": "multipart_body",
                "bytes": "content",
                "text": "content",
            }[self.kind]
        )

    @property
    def value(self) -> PySource:
        return PySource(
            'body.encode("utf-8") if body is not None else None' if self.kind == "text" else "body"
        )


@dataclass(frozen=True, slots=True)
class Response:
    status: str  # "200", "2XX" or "default"
    kind: ResponseKind
    type: TypeExpr | None
    doc: Untrusted | None
    # Where the element is written (file, pointer and node), for the API record; never
    # part of the model's equality.
    origin: Located | None = dataclass_field(default=None, compare=False, repr=False)

    @property
    def status_literal(self) -> PySource:
        return literal(self.status)

    @property
    def annotation(self) -> PySource:
        """What the call returns: an iterator of items for a sequence body."""
        if self.kind == "events":
            return PySource("Iterator[_rt.ServerSentEvent]")
        if self.kind == "lines":
            return PySource(f"Iterator[{self.adapter_annotation}]")
        return annotation(self.type) if self.type is not None else PySource("None")

    @property
    def annotation_names(self) -> frozenset[str]:
        """The names :attr:`annotation` spells."""
        names = names_in(self.type) if self.type is not None else frozenset()
        if self.kind == "events":
            return frozenset({"Iterator"})
        if self.kind == "lines":
            return names | {"Iterator"}
        return names

    @property
    def adapter_annotation(self) -> PySource | None:
        """The type the body (for "lines", each line) is validated as; None: not validated."""
        if self.kind == "events" or self.type is None:
            return None
        return annotation(self.type)


@dataclass(frozen=True, slots=True)
class Operation:
    name: Identifier
    constant: Identifier  # module-level name of the runtime Operation object
    method: str
    path: str
    summary: Untrusted | None
    doc: Untrusted | None
    parameters: tuple[Parameter, ...]
    body: RequestBody | None
    responses: tuple[Response, ...]  # 2xx and their ranges/default
    errors: tuple[Response, ...]  # declared non-2xx bodies
    secured: bool
    deprecated: bool
    source: str
    # Where the element is written (file, pointer and node), for the API record; never
    # part of the model's equality.
    origin: Located | None = dataclass_field(default=None, compare=False, repr=False)

    @property
    def method_literal(self) -> PySource:
        return literal(self.method)

    @property
    def path_literal(self) -> PySource:
        return literal(self.path)

    @property
    def return_annotation(self) -> PySource:
        types: list[str] = []
        for response in self.responses:
            text = str(response.annotation)
            if text not in types:
                types.append(text)
        return PySource(" | ".join(types) if types else "None")

    @property
    def annotation_names(self) -> frozenset[str]:
        """The names the method's signature spells: parameters, body and return type."""
        names: set[str] = set()
        for parameter in self.parameters:
            names |= names_in(parameter.type)
        if self.body is not None:
            names |= names_in(self.body.type)
        for response in self.responses:
            names |= response.annotation_names
        return frozenset(names)

    @property
    def path_params(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == "path")

    def params_in(self, location: ParamLocation) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == location)

    @property
    def styled_query_params(self) -> tuple[Parameter, ...]:
        """Query parameters the runtime must be told how to serialise."""
        return tuple(p for p in self.params_in("query") if not p.is_plain_query)

    @property
    def positional(self) -> tuple[PySource, ...]:
        """Signature entries before the ``*``: path parameters and required ones."""
        items = [p.signature for p in self.required_params]
        if self.body is not None and self.body.required:
            items.append(self.body.signature)
        return tuple(items)

    @property
    def keyword_only(self) -> tuple[PySource, ...]:
        items = [p.signature for p in self.optional_params]
        if self.body is not None and not self.body.required:
            items.append(self.body.signature)
        return tuple(items)

    @property
    def forwarded(self) -> tuple[Identifier, ...]:
        """Names to pass on when another method calls this one with the same arguments."""
        names = [p.name for p in self.parameters]
        if self.body is not None:
            names.append(Identifier("body"))
        return tuple(names)

    @property
    def required_params(self) -> tuple[Parameter, ...]:
        """Positional-or-keyword parameters: the required ones without a default."""
        return tuple(p for p in self.parameters if p.required and p.default is None)

    @property
    def optional_params(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if not (p.required and p.default is None))


# ---------------------------------------------------------------- client and lifecycle


@dataclass(frozen=True, slots=True)
class Auth:
    kind: Literal["bearer", "basic", "apiKey"]
    name: str = ""  # header/query/cookie name for apiKey
    location: Literal["header", "query", "cookie"] = "header"

    @property
    def name_literal(self) -> PySource:
        return literal(self.name)

    @property
    def location_literal(self) -> PySource:
        return literal(self.location)


@dataclass(frozen=True, slots=True)
class StatusEntry:
    value: str
    canonical: str

    @property
    def value_literal(self) -> PySource:
        return literal(self.value)

    @property
    def canonical_name(self) -> Identifier:
        return Identifier(self.canonical)

    @property
    def canonical_rank(self) -> int:
        """Order along the lifecycle: queued, running, then the terminal states."""
        return {"QUEUED": 0, "RUNNING": 1}.get(self.canonical, 2)

    @property
    def is_terminal(self) -> bool:
        return self.canonical in ("SUCCEEDED", "FAILED", "CANCELLED")


@dataclass(frozen=True, slots=True)
class JobLifecycle:
    operation: Operation
    id_param: Parameter
    job_type: PySource
    status_field: tuple[str, ...]  # attribute path from the job model to the status
    statuses: tuple[StatusEntry, ...]

    @property
    def status_field_literal(self) -> PySource:
        return literal(self.status_field)

    @property
    def other_required(self) -> tuple[PySource, ...]:
        """The retrieval's other required arguments (GitHub's owner and repo), which a
        wait takes as keywords after the job id."""
        return tuple(item for item in self.operation.positional if item != self.id_param.signature)

    @property
    def passed_on(self) -> tuple[Identifier, ...]:
        """The retrieval's arguments a wait hands on to it, besides the job id."""
        return tuple(name for name in self.operation.forwarded if name != self.id_param.name)


@dataclass(frozen=True, slots=True)
class Coverage:
    """How much of the document became code: what was generated and what was skipped.

    Every skip also has a finding saying where and why; these are for reports.
    """

    operations: int
    skipped_operations: tuple[str, ...]  # JSON pointers
    component_schemas: int
    skipped_schemas: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Client:
    """Everything one vendor module needs."""

    module: Identifier
    class_name: Identifier
    async_class_name: Identifier
    vendor_title: Untrusted
    spec_path: str  # repository-relative path, for headers
    api_version: Untrusted
    base_url: str
    base_url_env: str
    credential_parameter: Identifier
    credential_env: str
    credential_required: bool
    auth: Auth | None
    schemas: tuple[Schema, ...]
    operations: tuple[Operation, ...]
    job: JobLifecycle | None
    description: Untrusted | None = None
    coverage: Coverage | None = None

    @property
    def annotation_names(self) -> frozenset[str]:
        """Every name the client module's signatures spell."""
        names: set[str] = set()
        for operation in self.operations:
            names |= operation.annotation_names
        if self.job is not None:
            names.add(str(self.job.job_type))
            names |= names_in(self.job.id_param.type)
        return frozenset(names)

    @property
    def uses_iterator(self) -> bool:
        """A streamed response (the one annotation that spells ``Iterator``): the client
        module imports it."""
        return any(
            response.kind in ("events", "lines")
            for operation in self.operations
            for response in operation.responses
        )

    @property
    def signature_imports(self) -> PySource:
        """The client module's imports for its annotations only (under TYPE_CHECKING)."""
        names = self.annotation_names
        models = names & {str(schema.name) for schema in self.schemas}
        return import_block(annotation_imports(names, models), indent=4)

    @property
    def models_imports(self) -> PySource:
        """The models module's imports: what its classes and aliases spell."""
        names: set[str] = set()
        for schema in self.schemas:
            if isinstance(schema, ObjectSchema):
                names.add("Model")
                for item in schema.fields:
                    names |= names_in(item.type)
                    if item.needs_alias:
                        names.add("Field")
            elif isinstance(schema, EnumSchema):
                names.add("StrEnum")
            else:
                names.add("TypeAlias")
                names |= names_in(schema.type, forward=schema.forward)
                if schema.is_recursive:
                    names |= {"TYPE_CHECKING", "TypeAliasType"}
                    names |= names_in(schema.type, forward=schema.forward, runtime=True)
        return import_block(annotation_imports(frozenset(names)))

    @property
    def client_exports(self) -> tuple[PySource, ...]:
        """What the vendor package takes from its client module, in import order."""
        names = [str(self.class_name), str(self.async_class_name)]
        if self.job is not None:
            names.append("STATUS_TABLE")
        return tuple(PySource(name) for name in sorted_members(names))

    @property
    def schema_names(self) -> tuple[Identifier, ...]:
        """The models' names in import order."""
        by_name = {str(schema.name): schema.name for schema in self.schemas}
        return tuple(by_name[name] for name in sorted_members(by_name))

    @property
    def has_recursive_aliases(self) -> bool:
        return any(isinstance(s, AliasSchema) and s.is_recursive for s in self.schemas)

    @property
    def models_doc(self) -> Untrusted:
        return Untrusted(f"Models of {self._source_text}.")

    @property
    def client_doc(self) -> Untrusted:
        return Untrusted(f"{self.class_name[:-6]} API client, from {self._source_text}.")

    @property
    def _source_text(self) -> str:
        version = f", version {self.api_version.text}" if self.api_version else ""
        return f"{self.spec_path} ({self.vendor_title.text}{version})"

    @property
    def base_url_literal(self) -> PySource:
        return literal(self.base_url)

    @property
    def base_url_env_literal(self) -> PySource:
        return literal(self.base_url_env)

    @property
    def credential_env_literal(self) -> PySource:
        return literal(self.credential_env)

    @property
    def spec_path_comment(self) -> Untrusted:
        return Untrusted(self.spec_path)


@dataclass(frozen=True, slots=True)
class Package:
    """The whole generated distribution."""

    name: str
    version: str
    clients: tuple[Client, ...]

    @property
    def vendor_imports(self) -> PySource:
        """``from . import`` every vendor module (for type checkers), as isort writes it."""
        modules = sorted_members(str(client.module) for client in self.clients)
        return import_block(((ImportFrom(".", modules),),), indent=4)
