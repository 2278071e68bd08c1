"""The API model (IR): what templates see. Built once from a spec; never the raw spec.

Every string a template can print is either :class:`~generator.model.escape.PySource` (made
by the generator: identifiers, annotations, escaped literals) or
:class:`~generator.model.escape.Untrusted` (spec prose, printable only through a filter).

Over 500 lines on purpose: the model is one set of dataclasses that name each other (an
operation's parameters and bodies name schemas, a client holds operations and schemas);
split, each part would import the others, and the templates read the set as a whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import TYPE_CHECKING, Literal

from generator.model.escape import PySource, Untrusted, literal
from generator.model.fake import FakeSpec
from generator.model.imports import (
    ImportFrom,
    annotation_imports,
    import_block,
    sorted_exports,
    sorted_members,
)
from generator.model.names import Identifier
from generator.model.type_expr import TypeExpr, annotation, names_in, nullable

if TYPE_CHECKING:
    from generator.model.source import Located

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
            args.append(f"alias={literal(self.wire_name)}")
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


Schema = ObjectSchema | EnumSchema | AliasSchema


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
    def is_plain_query(self) -> bool:
        """Form style, exploded: OpenAPI's default, and the runtime's."""
        return self.style == "form" and self.explode

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
    def signature(self) -> PySource:
        if self.required:
            return PySource(f"body: {self.annotation}")
        return PySource(f"body: {annotation(nullable(self.type))} = None")

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
        if self.kind == "text":
            return PySource('body.encode("utf-8") if body is not None else None')
        if self.kind == "json" and not self.required:
            # Left out, an optional body is not sent at all (not as JSON's null).
            return PySource("body if body is not None else _rt.NOT_GIVEN")
        return PySource("body")


@dataclass(frozen=True, slots=True)
class Response:
    status: str  # "200", "2XX" or "default"
    kind: ResponseKind
    type: TypeExpr | None
    doc: Untrusted | None
    # The media type of the content the client reads (None: no content).
    media: str | None = None
    # Where the element is written (file, pointer and node), for the API record; never
    # part of the model's equality.
    origin: Located | None = dataclass_field(default=None, compare=False, repr=False)

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


# A media type a header may carry: type/subtype of RFC 9110 token characters (a spec's
# text with a newline or a comma never reaches the Accept header).
_MEDIA_TYPE = re.compile(r"^[!#$%&'*+.^_`|~0-9a-z-]+/[!#$%&'*+.^_`|~0-9a-z-]+$")

PagingStyle = Literal["offset", "page", "cursor", "next_url", "link_header"]


@dataclass(frozen=True, slots=True)
class Paging:
    """How a list operation's next page is asked for and when the list ends.

    Read from the document's shape (or a vendor extension, or the config) by the
    builder. Request parameters are named as sent (wire names: the runtime changes the
    query of the call it repeats); response fields are paths of Python attribute names
    into the parsed body, so the runtime reads them from the model it validated anyway.
    An empty ``items`` path means the body itself is the array.
    """

    style: PagingStyle
    items: tuple[str, ...]
    item_type: TypeExpr
    # offset: the offset; page: the page number; cursor: the cursor. None for next_url
    # and link_header, which follow an address the server gives.
    param: str | None = None
    # The page size parameter (limit, per_page, page_size), when the operation has one.
    size_param: str | None = None
    # cursor: the field holding the next cursor; next_url: the field holding the URL.
    next: tuple[str, ...] | None = None
    # cursor: the field of the last item sent back as the cursor (``("id",)``).
    from_item: tuple[str, ...] | None = None
    # A boolean field that says whether another page exists.
    has_more: tuple[str, ...] | None = None
    # offset and page: the total count of items (or of pages, with ``total_is_pages``).
    total: tuple[str, ...] | None = None
    total_is_pages: bool = False
    # Where the decision came from: "shape", an extension's name, or "config".
    source: str = "shape"

    @property
    def runtime_fields(self) -> tuple[tuple[PySource, object], ...]:
        """The keywords of the runtime's ``Paging`` the pager reads, each with its value
        (printed through ``literal``); those at their default are left out."""
        values: tuple[tuple[str, object, object], ...] = (
            ("style", self.style, None),
            ("items", self.items, ()),
            ("param", self.param, None),
            ("size_param", self.size_param, None),
            ("next", self.next, None),
            ("from_item", self.from_item, None),
            ("has_more", self.has_more, None),
            ("total", self.total, None),
            ("total_is_pages", self.total_is_pages, False),
        )
        return tuple(
            (PySource(name), value)
            for name, value, default in values
            if name == "style" or value != default
        )


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
    # Set when the operation returns one page of a list (see Paging).
    paging: Paging | None = None

    @property
    def accept(self) -> str | None:
        """The Accept header its answers call for: the media type the client reads of
        each documented answer, successes first, in the document's order and preference
        (q falling by 0.1); None where that is JSON alone, the runtime's default."""
        types: list[str] = []
        for response in (*self.responses, *self.errors):
            media = response.media.split(";")[0].strip().lower() if response.media else ""
            if _MEDIA_TYPE.match(media) and media not in types:
                types.append(media)
        if not types or types == ["application/json"]:
            return None
        return ", ".join(
            media if n == 0 else f"{media};q={max(10 - n, 1) / 10:g}"
            for n, media in enumerate(types)
        )

    @property
    def return_annotation(self) -> PySource:
        types: list[str] = []
        for response in self.responses:
            text = str(response.annotation)
            if text not in types:
                types.append(text)
        return PySource(" | ".join(types) if types else "None")

    @property
    def page_annotation(self) -> PySource:
        """What a paginated operation's sync method returns: a page of its items."""
        assert self.paging is not None, f"{self.name} is not paginated"
        return PySource(f"_rt.Page[{annotation(self.paging.item_type)}]")

    @property
    def async_page_annotation(self) -> PySource:
        """What a paginated operation's async method returns (awaitable, async-iterable)."""
        assert self.paging is not None, f"{self.name} is not paginated"
        return PySource(f"_rt.AsyncPage[{annotation(self.paging.item_type)}]")

    @property
    def annotation_names(self) -> frozenset[str]:
        """The names the method's signature spells: parameters, body and return type
        (and a paginated method's item type)."""
        names: set[str] = set()
        for parameter in self.parameters:
            names |= names_in(parameter.type)
        if self.body is not None:
            names |= names_in(self.body.type)
        for response in self.responses:
            names |= response.annotation_names
        if self.paging is not None:
            names |= names_in(self.paging.item_type)
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


@dataclass(frozen=True, slots=True)
class StatusEntry:
    value: str
    canonical: str

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
    def other_required(self) -> tuple[PySource, ...]:
        """The retrieval's other required arguments (GitHub's owner and repo), which a
        wait takes as keywords after the job id."""
        return tuple(item for item in self.operation.positional if item != self.id_param.signature)

    @property
    def passed_on(self) -> tuple[Identifier, ...]:
        """The retrieval's arguments a wait hands on to it, besides the job id."""
        return tuple(name for name in self.operation.forwarded if name != self.id_param.name)


@dataclass(frozen=True, slots=True)
class JobStart:
    """An operation that starts a job of a kind, and where its answer holds the job."""

    operation: Operation
    method: Identifier  # the method that starts the job and returns its handle
    id_field: tuple[str, ...]  # attribute path in the start response to the job's id
    # Other fields of the start response later calls need (Symbl's conversationId), by
    # the name the handle keeps them under.
    keep: tuple[tuple[Identifier, tuple[str, ...]], ...] = ()


@dataclass(frozen=True, slots=True)
class JobCall:
    """An operation called on a job (cancel, retry, result), and what fills its
    parameters: ``(parameter's Python name, "id" or a kept field's name)``."""

    operation: Operation
    args: tuple[tuple[Identifier, str], ...]


@dataclass(frozen=True, slots=True)
class JobKind:
    """One kind of a vendor's job: its lifecycle and the operations bound to it."""

    name: Identifier
    lifecycle: JobLifecycle
    starts: tuple[JobStart, ...] = ()
    list: Operation | None = None
    cancel: JobCall | None = None
    retry: JobCall | None = None
    result: JobCall | None = None
    # The result as a field of the finished job's body, when no operation fetches it.
    result_field: tuple[str, ...] | None = None


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
    # Every kind of job the config binds, in its order; ``job`` is the first's lifecycle.
    jobs: tuple[JobKind, ...] = ()
    # What the vendor's test fake checks and answers with (jobclients/<vendor>/testing.py).
    fake: FakeSpec | None = None

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
    def exports(self) -> tuple[str, ...]:
        """The vendor package's ``__all__``, in the order ruff keeps it."""
        names = [str(self.class_name), str(self.async_class_name)]
        if self.job is not None:
            names.append("STATUS_TABLE")
        return sorted_exports([*names, *(str(schema.name) for schema in self.schemas)])

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
    def spec_path_comment(self) -> Untrusted:
        return Untrusted(self.spec_path)


@dataclass(frozen=True, slots=True)
class Package:
    """The whole generated distribution."""

    name: str
    version: str
    clients: tuple[Client, ...]

    @property
    def vendor_modules(self) -> tuple[str, ...]:
        """The vendor modules in the order ruff keeps an ``__all__`` in."""
        return sorted_exports(str(client.module) for client in self.clients)

    @property
    def vendor_imports(self) -> PySource:
        """``from . import`` every vendor module (for type checkers), as isort writes it."""
        modules = sorted_members(str(client.module) for client in self.clients)
        return import_block(((ImportFrom(".", modules),),), indent=4)
