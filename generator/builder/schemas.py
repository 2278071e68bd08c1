"""Turn OpenAPI/JSON Schema nodes into type expressions and named schemas.

Named things (component schemas, inline objects and enums) become module-level classes;
each is built once, memoised by where it sits in the document, so ``$ref`` cycles and
recursive models terminate and two refs to one schema give one class.

Over 500 lines on purpose: one class, one recursion (``type_of`` and the builders it
calls for objects, enums, unions, arrays and aliases) whose memo and findings every
branch shares; split across modules, each part would need all of the others.
"""

from __future__ import annotations

from typing import Any

from generator.builder.key_order import in_key_order
from generator.loader.document import RefError, SpecDocument
from generator.model.api import AliasSchema, EnumMember, EnumSchema, Field, ObjectSchema, Schema
from generator.model.escape import PySource, Untrusted, literal
from generator.model.findings import Finding, Severity, pointer_join, pointer_tokens
from generator.model.names import Identifier, Scope, pascal, snake, upper_snake
from generator.model.reserved import ANNOTATION_NAMES, MODEL_ATTRIBUTES
from generator.model.source import Located
from generator.model.type_expr import (
    Discriminator,
    ListOf,
    LiteralOf,
    MapOf,
    Nullable,
    OpenEnum,
    Prim,
    Ref,
    TupleOf,
    TypeExpr,
    UnionOf,
    accepts_value,
    annotation,
    nullable,
)

_STRING_FORMATS: dict[str, TypeExpr] = {
    "uuid": Prim("UUID"),
    "date-time": Prim("datetime"),
    "date": Prim("date"),
    "time": Prim("time"),
    # timedelta spans +-999,999,999 days; a longer (valid ISO 8601) duration stays text
    # rather than making the whole object unparseable.
    "duration": UnionOf((Prim("timedelta"), Prim("str"))),
    "binary": Prim("bytes"),
}
_PRIMITIVES: dict[str, Prim] = {
    "integer": Prim("int"),
    "number": Prim("float"),
    "boolean": Prim("bool"),
    "null": Prim("None"),
}
# Keywords that describe a schema without changing its shape.
_ANNOTATIONS = frozenset(
    {
        "description",
        "title",
        "default",
        "nullable",
        "example",
        "examples",
        "readOnly",
        "writeOnly",
        "deprecated",
        "externalDocs",
        "xml",
        "$comment",
    }
)


class SchemaBuilder:
    def __init__(self, doc: SpecDocument, scope: Scope, findings: list[Finding]) -> None:
        self.doc = doc
        self.scope = scope
        self.findings = findings
        self.is_31 = str(doc.data.get("openapi", "")).startswith("3.1")
        self.schemas: list[Schema] = []
        # The aliases declared so far, by name, for checking defaults through them (kept
        # as they are declared: rebuilding it per default was quadratic).
        self._alias_types: dict[str, TypeExpr] = {}
        self._named: dict[tuple[str, str], TypeExpr] = {}

    # ------------------------------------------------------------ entry points

    def declare_components(self) -> list[tuple[Located, TypeExpr]]:
        """Name every component schema first, so they win their names over inline ones.

        Answers each component with its type, so the caller can tell which were typed.
        """
        declared: list[tuple[Located, TypeExpr]] = []
        for key, node in component_entries(self.doc, "schemas", self.findings):
            declared.append((node, self.named(node, key)))
        return declared

    def type_of(self, node: Located, context: str) -> TypeExpr:
        """Type of any schema node; ``context`` names inline objects and enums."""
        value = node.value
        if isinstance(value, bool):
            # JSON Schema's `true` accepts anything, `false` nothing; both are `Any` here.
            return Prim("Any")
        if not isinstance(value, dict):
            self._warn(node, "schema-shape", "a schema must be an object; typed as Any.")
            return Prim("Any")
        ref = value.get("$ref")
        if isinstance(ref, str):
            return self._with_nullable(node, self._ref_type(node, ref))
        if isinstance(value.get("$recursiveRef"), str) or isinstance(value.get("$dynamicRef"), str):
            return self._recursive_ref(node)
        return self._with_nullable(node, self._inline_type(node, context))

    def named(self, node: Located, name_hint: str) -> TypeExpr:
        """The type for a schema that gets its own module-level name."""
        found = self._named.get(node.key)
        if found is not None:
            return found
        target = node
        try:
            target = self.doc.deref(node)
        except RefError as exc:
            self._error(node, "dangling-ref", f"{exc}; typed as Any.")
            return Prim("Any")
        if target.key != node.key:
            # A chain of refs names the schema it ends at, whichever ref reached it first.
            result = self.named(target, _component_key(target) or name_hint)
            self._named[node.key] = result
            return result
        value = target.value
        if not isinstance(value, dict):
            # `true`, `false` or not a schema at all: no class to name (type_of says why).
            found = self.type_of(target, name_hint)
            self._named[node.key] = found
            return found
        name = self.scope.claim(pascal(name_hint), avoid_builtins=True)
        if isinstance(value, dict) and self._is_string_enum(value):
            enum_type = self._nullable_if_enum_null(value, OpenEnum(name))
            enum_type = self._with_nullable(target, enum_type)
            self._named[node.key] = enum_type
            self.schemas.append(self._enum_schema(target, name))
            return enum_type
        if isinstance(value, dict) and self._is_object(value):
            # A component that may be null (3.0's `nullable: true`, or 3.1's "null" in its
            # type list) is nullable wherever it is referenced.
            ref_type: TypeExpr = self._with_nullable(target, Ref(name))
            if _lists_null(value):
                ref_type = nullable(ref_type)
            self._named[node.key] = ref_type
            self.schemas.append(self._object_schema(target, name))
            return ref_type
        # Anything else (arrays, unions, primitives) is an alias; reserve the name first so
        # a self-referencing alias resolves to it instead of looping.
        self._named[node.key] = Ref(name)
        inner = self._inline_type(target, name, allow_named_inline=False)
        inner = self._with_nullable(target, inner)
        self.schemas.append(
            AliasSchema(name, self._doc(value), inner, _source(target), origin=target)
        )
        self._alias_types[str(name)] = inner
        return Ref(name)

    # ------------------------------------------------------------ helpers

    def _ref_type(self, node: Located, ref: str) -> TypeExpr:
        try:
            target = self.doc.follow(ref, node.file)
        except RefError as exc:
            self._error(node, "dangling-ref", f"{exc}; typed as Any.")
            return Prim("Any")
        tokens = pointer_tokens(target.pointer) if target.pointer else []
        hint = tokens[-1] if tokens else target.file.path.stem
        if hint == "items" or hint == "schema":
            hint = "".join(pascal(t) for t in tokens[-3:])
        return self.named(target, hint)

    def _recursive_ref(self, node: Located) -> TypeExpr:
        # $recursiveRef "#" points at the nearest schema resource: the component this
        # node lives in. Find the component by walking the pointer up.
        tokens = pointer_tokens(node.pointer)
        if len(tokens) >= 3 and tokens[0] == "components" and tokens[1] == "schemas":
            root = Located(node.file, pointer_join("/components/schemas", tokens[2]), None)
            root = Located(node.file, root.pointer, self.doc.get(node.file, root.pointer))
            return self.named(root, tokens[2])
        self._warn(node, "recursive-ref", "a $recursiveRef outside components; typed as Any.")
        return Prim("Any")

    def _with_nullable(self, node: Located, expr: TypeExpr) -> TypeExpr:
        value = node.value
        if isinstance(value, dict) and value.get("nullable") is True:
            if self.is_31:
                self.findings.append(
                    self.doc.finding(
                        Located(node.file, pointer_join(node.pointer, "nullable"), True),
                        Severity.LOW,
                        "nullable-in-3.1",
                        "`nullable: true` is OpenAPI 3.0; in 3.1 write `type: [..., 'null']`. "
                        "Honoured as nullable.",
                    )
                )
            return nullable(expr)
        return expr

    def _inline_type(
        self, node: Located, context: str, *, allow_named_inline: bool = True
    ) -> TypeExpr:
        value: dict[str, Any] = node.value
        if "const" in value:
            return self._literal_type(node, [value["const"]])
        if isinstance(value.get("enum"), list):
            if self._is_string_enum(value) and allow_named_inline:
                return self.named(node, context)
            if self._is_string_enum(value):
                # Called for the named schema itself (an alias): handled by `named`.
                return self._literal_type(node, value["enum"])
            return self._literal_type(node, value["enum"])
        for combinator in ("allOf", "oneOf", "anyOf"):
            if combinator in value and not isinstance(value[combinator], list):
                self._error(node, "schema-shape", f"`{combinator}` must be a list; ignored.")
        if isinstance(value.get("allOf"), list) and value["allOf"]:
            return self._all_of(node, context)
        for combinator in ("oneOf", "anyOf"):
            options = value.get(combinator)
            if isinstance(options, list) and options:
                return self._union(node, combinator, options, context)
        declared = value.get("type")
        if isinstance(declared, list):
            return self._type_array(node, declared, context, allow_named_inline)
        if self._is_object(value):
            if value.get("properties"):
                # `named` builds objects itself, so this is only reached for inline ones.
                return self.named(node, context)
            return self._map_type(node, context)
        if declared == "array" or "items" in value or "prefixItems" in value:
            if isinstance(value.get("prefixItems"), list) and value["prefixItems"]:
                return self._tuple(node, context)
            items = value.get("items")
            if items is None:
                return ListOf(Prim("Any"))
            return ListOf(
                self.type_of(
                    Located(node.file, pointer_join(node.pointer, "items"), items), context + "Item"
                )
            )
        return self._scalar(value)

    def _tuple(self, node: Located, context: str) -> TypeExpr:
        """``prefixItems``: a type per position, then ``items`` for any after them (none
        when ``items: false`` or ``maxItems`` stops there; anything when unset)."""
        value: dict[str, Any] = node.value
        prefix: list[Any] = value["prefixItems"]
        longest = value.get("maxItems")
        if isinstance(longest, int) and not isinstance(longest, bool) and longest >= 0:
            prefix = prefix[:longest]
        positions = tuple(
            self.type_of(
                Located(node.file, pointer_join(node.pointer, "prefixItems", index), item),
                f"{context}Item{index + 1}",
            )
            for index, item in enumerate(prefix)
        )
        items = value.get("items")
        rest: TypeExpr | None = None
        if isinstance(longest, int) and not isinstance(longest, bool) and longest <= len(prefix):
            rest = None
        elif items is None:
            rest = Prim("Any")
        elif items is not False:
            where = Located(node.file, pointer_join(node.pointer, "items"), items)
            rest = self.type_of(where, context + "Item")
        shortest = value.get("minItems")
        if not isinstance(shortest, int) or isinstance(shortest, bool):
            shortest = 0
        return TupleOf(positions, rest, min(max(shortest, 0), len(positions)))

    def _scalar(self, value: dict[str, Any]) -> TypeExpr:
        declared = value.get("type")
        if declared == "string":
            fmt = value.get("format")
            return _STRING_FORMATS.get(fmt, Prim("str")) if isinstance(fmt, str) else Prim("str")
        if isinstance(declared, str) and declared in _PRIMITIVES:
            return _PRIMITIVES[declared]
        return Prim("Any")

    def _type_array(
        self, node: Located, declared: list[Any], context: str, allow_named_inline: bool
    ) -> TypeExpr:
        kinds = [k for k in declared if isinstance(k, str)]
        has_null = "null" in kinds
        others = [k for k in kinds if k != "null"]
        options: list[TypeExpr] = []
        for kind in others:
            narrowed = dict(node.value)
            narrowed["type"] = kind
            options.append(
                self._inline_type(
                    Located(node.file, node.pointer, narrowed),
                    context,
                    allow_named_inline=allow_named_inline,
                )
            )
        expr: TypeExpr
        if not options:
            expr = Prim("None") if has_null else Prim("Any")
            return expr
        expr = options[0] if len(options) == 1 else UnionOf(tuple(_dedupe(options)))
        return nullable(expr) if has_null else expr

    def _union(self, node: Located, combinator: str, options: list[Any], context: str) -> TypeExpr:
        types: list[TypeExpr] = []
        has_null = False
        for index, option in enumerate(options):
            where = Located(node.file, pointer_join(node.pointer, combinator, index), option)
            if isinstance(option, dict) and option.get("type") == "null" and len(option) <= 2:
                has_null = True
                continue
            expr = self.type_of(
                where, f"{context}Option{index + 1}" if len(options) > 1 else context
            )
            if isinstance(expr, Nullable):
                has_null = True
                expr = expr.inner
            types.append(expr)
        unique = _dedupe(types)
        result: TypeExpr
        if not unique:
            result = Prim("None")
        elif len(unique) == 1:
            result = unique[0]
        else:
            result = UnionOf(tuple(unique), self._discriminator(node, combinator, unique))
        return nullable(result) if has_null else result

    def _discriminator(
        self, node: Located, combinator: str, members: list[TypeExpr]
    ) -> Discriminator | None:
        """The spec's discriminator, when every member is a model it can pick.

        A member's values come from ``mapping`` (value -> $ref); for a member it does not
        name, from the member's own property when that is a `const` or a one-value enum
        (as OpenAI writes them); else from the member's component name, as OpenAPI
        defines. A member no value picks leaves the union to left-to-right matching.
        """
        spec = node.value.get("discriminator")
        if not isinstance(spec, dict) or not isinstance(spec.get("propertyName"), str):
            return None
        prop = spec["propertyName"]
        targets: dict[str, Located] = {}  # model name -> its schema
        for option in node.value[combinator]:
            ref = option.get("$ref") if isinstance(option, dict) else None
            found = self._model_target(node, ref)
            if found is None:
                return None
            targets[found[0]] = found[1]
        if set(targets) != {str(m.name) for m in members if isinstance(m, Ref)}:
            return None
        values: dict[str, str] = {}
        mapping = spec.get("mapping")
        for value, ref in in_key_order(mapping) if isinstance(mapping, dict) else ():
            found = self._model_target(node, ref)
            if found is not None and found[0] in targets:
                values[value] = found[0]
        for name, target in targets.items():
            if name in values.values():
                continue
            tokens = pointer_tokens(target.pointer)
            component = tokens[-1] if tokens else target.file.path.stem
            for value in self._own_values(target, prop) or [component]:
                values.setdefault(value, name)
        if set(values.values()) != set(targets):
            return None
        return Discriminator(prop, tuple(values.items()))

    def _model_target(self, node: Located, ref: Any) -> tuple[str, Located] | None:
        """The model a ``$ref`` names and where its schema is, if it is a model."""
        if not isinstance(ref, str):
            return None
        try:
            target = self.doc.deref(self.doc.follow(ref, node.file))
        except RefError:
            return None
        found = self._named.get(target.key)
        if not isinstance(found, Ref) or not isinstance(target.value, dict):
            return None
        return (str(found.name), target) if self._is_object(target.value) else None

    def _own_values(self, target: Located, prop: str) -> list[str]:
        """The values a model's own discriminating property allows: const or enum."""
        properties, _required = self._collect_properties(target, set())
        if prop not in properties:
            return []
        where, schema = properties[prop]
        try:
            schema = self.doc.deref(Located(where.file, where.pointer, schema)).value
        except RefError:
            return []
        if not isinstance(schema, dict):
            return []
        if isinstance(schema.get("const"), str):
            return [schema["const"]]
        enum = schema.get("enum")
        if isinstance(enum, list) and enum and all(isinstance(v, str) for v in enum):
            return [str(v) for v in enum]
        return []

    def _all_of(self, node: Located, context: str) -> TypeExpr:
        wrapped = wrapped_part(node.value)
        if wrapped is not None:
            # One part gives the shape; the others (and the keys beside allOf) only add
            # a description, `nullable`, an `x-` extension or `{}`: how 3.0 documents
            # attach those to a $ref. The type is that part's, made nullable if a part
            # says so (the node's own `nullable` is applied by type_of).
            index, marks_null = wrapped
            parts: list[Any] = node.value["allOf"]
            where = Located(node.file, pointer_join(node.pointer, "allOf", index), parts[index])
            inner = self.type_of(where, context)
            return nullable(inner) if marks_null else inner
        # Several parts that give a shape: an object merged from them, built (and named)
        # once.
        return self.named(node, context)

    def _map_type(self, node: Located, context: str) -> TypeExpr:
        extra = node.value.get("additionalProperties")
        if isinstance(extra, dict) and extra:
            where = Located(node.file, pointer_join(node.pointer, "additionalProperties"), extra)
            return MapOf(self.type_of(where, context + "Value"))
        patterns = node.value.get("patternProperties")
        if isinstance(patterns, dict) and len(patterns) == 1:
            ((key, schema),) = patterns.items()
            where = Located(node.file, pointer_join(node.pointer, "patternProperties", key), schema)
            return MapOf(self.type_of(where, context + "Value"))
        return MapOf(Prim("Any"))

    def _literal_type(self, node: Located, values: list[Any]) -> TypeExpr:
        allowed: list[str | int | float | bool] = []
        has_null = False
        for value in values:
            if value is None:
                has_null = True
            elif isinstance(value, str | int | float | bool):
                if value not in allowed or type(value) is not type(allowed[allowed.index(value)]):
                    allowed.append(value)
            else:
                self._warn(
                    node,
                    "enum-value",
                    "an enum value that is an object or list is kept out of the Literal type.",
                )
        if not allowed:
            return Prim("None") if has_null else Prim("Any")
        expr: TypeExpr = LiteralOf(tuple(allowed))
        if any(isinstance(v, float) for v in allowed):
            # typing.Literal cannot hold floats: an enum of numbers is typed as float.
            others = tuple(v for v in allowed if isinstance(v, str | bool))
            expr = UnionOf((LiteralOf(others), Prim("float"))) if others else Prim("float")
        return nullable(expr) if has_null else expr

    @staticmethod
    def _is_string_enum(value: dict[str, Any]) -> bool:
        values = value.get("enum")
        if not isinstance(values, list):
            return False
        strings = [v for v in values if v is not None]
        return bool(strings) and all(isinstance(v, str) for v in strings)

    @staticmethod
    def _is_object(value: dict[str, Any]) -> bool:
        declared = value.get("type")
        if declared == "object":
            return True
        if "properties" in value:
            # `properties` only apply to objects: on a schema typed otherwise (an array,
            # say) they constrain nothing, and the type says what the value is.
            kinds = declared if isinstance(declared, list) else [declared]
            kinds = [k for k in kinds if k is not None and k != "null"]
            return not kinds or "object" in kinds
        if (
            isinstance(declared, list)
            and "object" in declared
            and len([t for t in declared if t != "null"]) == 1
        ):
            return True
        parts = value.get("allOf")
        if not isinstance(parts, list) or not parts:
            return False
        return wrapped_part(value) is None

    def _nullable_if_enum_null(self, value: dict[str, Any], expr: TypeExpr) -> TypeExpr:
        return nullable(expr) if None in value.get("enum", []) else expr

    # ------------------------------------------------------------ named builders

    def _enum_schema(self, node: Located, name: Identifier) -> EnumSchema:
        scope = Scope()
        members: list[EnumMember] = []
        seen: set[str] = set()
        for value in node.value["enum"]:
            if value is None or value in seen:
                continue
            seen.add(value)
            members.append(EnumMember(scope.claim(upper_snake(value)), value))
        return EnumSchema(name, self._doc(node.value), tuple(members), _source(node), origin=node)

    def _object_schema(self, node: Located, name: Identifier) -> ObjectSchema:
        properties, required = self._collect_properties(node, set())
        scope = Scope(MODEL_ATTRIBUTES | ANNOTATION_NAMES)
        built: dict[str, Field] = {}
        # Names (the field's, and its inline types') are claimed in key order; the fields
        # then stand as the document writes them.
        for wire, (where, schema) in in_key_order(properties):
            read_only = isinstance(schema, dict) and schema.get("readOnly") is True
            write_only = isinstance(schema, dict) and schema.get("writeOnly") is True
            # One model serves requests and responses: a field only one direction carries
            # (readOnly: responses, writeOnly: requests) cannot be required in both.
            is_required = wire in required and not (read_only or write_only)
            expr = self.type_of(Located(where.file, where.pointer, schema), f"{name}{pascal(wire)}")
            if not is_required:
                expr = nullable(expr)
            default = self.default_for(where, schema, expr)
            built[wire] = Field(
                name=scope.claim(_field_name(wire), avoid_builtins=False),
                wire_name=wire,
                type=expr,
                required=is_required,
                default=default,
                doc=self._doc(schema),
                read_only=read_only,
                write_only=write_only,
                origin=Located(where.file, where.pointer, schema),
            )
        fields = tuple(built[wire] for wire in properties)
        return ObjectSchema(name, self._doc(node.value), fields, _source(node), origin=node)

    def _collect_properties(
        self, node: Located, visiting: set[tuple[str, str]]
    ) -> tuple[dict[str, tuple[Located, Any]], set[str]]:
        """Properties of an object schema, allOf parents merged in order (later wins)."""
        if node.key in visiting:
            return {}, set()
        visiting = visiting | {node.key}
        properties: dict[str, tuple[Located, Any]] = {}
        required: set[str] = set()
        value = node.value
        if not isinstance(value, dict):
            return properties, required
        for index, part in enumerate(value.get("allOf") or []):
            where = Located(node.file, pointer_join(node.pointer, "allOf", index), part)
            try:
                resolved = self.doc.deref(where)
            except RefError as exc:
                self._error(where, "dangling-ref", f"{exc}; its properties are left out.")
                continue
            props, req = self._collect_properties(resolved, visiting)
            properties.update(props)
            required |= req
        if isinstance(value.get("properties"), dict):
            where = Located(
                node.file, pointer_join(node.pointer, "properties"), value["properties"]
            )
            # A `properties: {$ref: ...}` table (digitalocean writes them) is read where
            # it leads.
            own = resolved_table(self.doc, where, self.findings)
            if own is not None:
                for wire, schema in own.value.items():
                    at = Located(own.file, pointer_join(own.pointer, str(wire)), schema)
                    properties[str(wire)] = (at, schema)
        listed = value.get("required")
        if isinstance(listed, list):
            required |= {str(r) for r in listed}
        return properties, required

    def default_for(self, where: Located, schema: Any, expr: TypeExpr) -> PySource | None:
        """The schema's scalar default as Python, if it is a value of the type.

        Vendors write `default: "0.5"` on a number or `default: auto` on a boolean; such a
        default is left out (the server applies its own) and reported, rather than
        generating code that mypy rejects.
        """
        if not isinstance(schema, dict) or "default" not in schema:
            return None
        default = schema["default"]
        if not (isinstance(default, str | int | float | bool) or default is None):
            return None
        if not accepts_value(expr, default, self._alias_types):
            self._warn(
                Located(where.file, pointer_join(where.pointer, "default"), default),
                "default-type",
                f"the default {default!r} is not a value of the schema's type "
                f"({annotation(expr)}); it is left out and the server's default applies.",
            )
            return None
        return literal(default)

    @staticmethod
    def _doc(value: Any) -> Untrusted | None:
        if not isinstance(value, dict):
            return None
        text = value.get("description") or value.get("title")
        return Untrusted(text) if isinstance(text, str) and text.strip() else None

    def _warn(self, node: Located, code: str, message: str) -> None:
        self.findings.append(self.doc.finding(node, Severity.WARNING, code, message))

    def _error(self, node: Located, code: str, message: str) -> None:
        self.findings.append(self.doc.finding(node, Severity.ERROR, code, message))


def resolved_table(doc: SpecDocument, node: Located, findings: list[Finding]) -> Located | None:
    """A mapping the document may have moved into another file with ``$ref``.

    Multi-file documents write ``paths: {$ref: paths.yaml}`` or put a ``$ref`` in place
    of a whole section; the entries are then read where the ref leads.
    """
    try:
        resolved = doc.deref(node)
    except RefError as exc:
        findings.append(
            doc.finding(node, Severity.ERROR, "dangling-ref", f"{exc}; the section is skipped.")
        )
        return None
    return resolved if isinstance(resolved.value, dict) else None


def component_entries(
    doc: SpecDocument, section: str, findings: list[Finding]
) -> list[tuple[str, Located]]:
    """``components/<section>`` entries, each where it is written (refs not yet followed)."""
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("components"), dict):
        return []
    components = resolved_table(doc, doc.at_root("/components"), findings)
    if components is None or section not in components.value:
        return []
    where = pointer_join(components.pointer, section)
    table = resolved_table(
        doc, Located(components.file, where, components.value[section]), findings
    )
    if table is None:
        return []
    return [
        (key, Located(table.file, pointer_join(table.pointer, key), value))
        for key, value in in_key_order(table.value)
    ]


def _field_name(wire: str) -> str:
    """A field's name; one pydantic or an annotation needs gets a trailing underscore."""
    name = snake(wire, fallback="field")
    return f"{name}_" if name in MODEL_ATTRIBUTES else name


def _dedupe(types: list[TypeExpr]) -> list[TypeExpr]:
    unique: list[TypeExpr] = []
    for expr in types:
        if expr not in unique:
            unique.append(expr)
    return unique


def _component_key(node: Located) -> str | None:
    """The key of a schema that stands in its document's ``components/schemas``."""
    tokens = pointer_tokens(node.pointer) if node.pointer else []
    if len(tokens) == 3 and tokens[:2] == ["components", "schemas"]:
        return tokens[2]
    return None


def _source(node: Located) -> str:
    return "#" + node.pointer


# Keywords that give a schema its shape (its Python type): a part without any of them
# only describes or constrains it.
_SHAPE_KEYWORDS = frozenset(
    {
        "$ref",
        "type",
        "properties",
        "additionalProperties",
        "patternProperties",
        "items",
        "prefixItems",
        "enum",
        "const",
        "allOf",
        "oneOf",
        "anyOf",
        # Object keywords: a part requiring fields of the one it extends (DigitalOcean's
        # domain_record_a: allOf [{$ref: domain_record}, {required: [type, name]}]) is a
        # model of its own, whose fields the merge makes required.
        "required",
        "minProperties",
        "maxProperties",
        "dependentRequired",
    }
)
# Beside allOf, keywords that make the whole an object of its own.
_OBJECT_KEYWORDS = frozenset(
    {"properties", "additionalProperties", "patternProperties", "required"}
)


def _null_only(part: dict[str, Any]) -> bool:
    """A part that only says the value may be null: ``{type: "null"}``."""
    return set(part) & _SHAPE_KEYWORDS == {"type"} and part.get("type") == "null"


def _lists_null(value: dict[str, Any]) -> bool:
    declared = value.get("type")
    return isinstance(declared, list) and "null" in declared


def wrapped_part(value: dict[str, Any]) -> tuple[int, bool] | None:
    """For an allOf whose parts give one shape between them, the index of that part and
    whether another part marks the value nullable; None when the parts (or the keys
    beside them) make an object of their own.

    Real documents wrap a type to annotate it: ``allOf: [{$ref: Money}, {nullable:
    true}]``, ``allOf: [{$ref: Id}], x-go-name: ...``, ``allOf: [{type: string}, {}]``.
    Reading such a wrapper as an object gave an empty model that refused the string,
    array or enum the document describes.
    """
    parts = value.get("allOf")
    if not isinstance(parts, list) or not parts:
        return None
    siblings = {k for k in value if isinstance(k, str) and not k.startswith("x-")}
    if siblings & (_OBJECT_KEYWORDS | {"allOf"}) != {"allOf"} or value.get("type") == "object":
        return None
    shaped = [
        i
        for i, part in enumerate(parts)
        if not isinstance(part, dict) or (set(part) & _SHAPE_KEYWORDS and not _null_only(part))
    ]
    if len(shaped) != 1:
        return None
    (index,) = shaped
    marks_null = any(
        isinstance(part, dict) and (part.get("nullable") is True or part.get("type") == "null")
        for i, part in enumerate(parts)
        if i != index
    )
    return index, marks_null
