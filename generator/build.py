"""Build the API model (IR) of one client from a loaded spec and its config.

This is the only module (with :mod:`generator.schemas`) that understands OpenAPI: 3.0
and 3.1 come out as one model. Names are decided here, once, deterministically.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.config import JobBinding
from generator.document import Located, RefError, SpecDocument
from generator.escape import PySource, Untrusted
from generator.findings import Finding, Severity, pointer_join, pointer_tokens
from generator.model import (
    QUERY_STYLES,
    Auth,
    BodyKind,
    Client,
    Coverage,
    JobLifecycle,
    ListOf,
    Nullable,
    ObjectSchema,
    OpenEnum,
    Operation,
    Parameter,
    Prim,
    QueryStyle,
    Ref,
    RequestBody,
    Response,
    ResponseKind,
    StatusEntry,
    TypeExpr,
    UnionOf,
    definition_order,
)
from generator.names import Identifier, Scope, pascal, snake, upper_snake
from generator.schemas import SchemaBuilder, component_entries, resolved_table

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Keyword arguments every generated method takes; a spec parameter must not take them.
_OPTION_NAMES = frozenset(
    {
        "extra_headers",
        "extra_query",
        "timeout",
        "max_retries",
        "retry_policy",
        "total_timeout",
        "self",
        "body",
    }
)
# Attributes of the generated client classes an operation name must not replace.
_CLIENT_RESERVED = frozenset(
    {
        "close",
        "aclose",
        "with_raw_response",
        "status_of",
        "wait_for_job",
        "wait_for_jobs",
        "base_url",
        "STATUS_TABLE",
        "TYPE_CHECKING",
        "Union",
        "TypeAliasType",
        "Tag",
        "Discriminator",
        "discriminate",
    }
)


@dataclass(frozen=True, slots=True)
class ClientNames:
    """What the config (or, with no config, the document's title) decides."""

    module: str
    client: str
    credential_parameter: str
    credential_env: str
    base_url_env: str
    spec_path: str


def build_client(
    doc: SpecDocument, names: ClientNames, job: JobBinding | None, config_display: str | None
) -> tuple[Client, list[Finding]]:
    return _ClientBuilder(doc, names, job, config_display).build()


class _ClientBuilder:
    def __init__(
        self,
        doc: SpecDocument,
        names: ClientNames,
        job: JobBinding | None,
        config_display: str | None,
    ) -> None:
        self.doc = doc
        self.names = names
        self.job_binding = job
        self.config_display = config_display or ""
        self.findings: list[Finding] = []
        # Module scope: models, enums, aliases and operation constants share it.
        client = names.client
        reserved = {f"{client}Client", f"Async{client}Client"}
        self.module_scope = Scope(_MODULE_NAMES | reserved | {f"{n}Raw" for n in reserved})
        self.schemas = SchemaBuilder(doc, self.module_scope, self.findings)
        self.operation_scope = Scope(_CLIENT_RESERVED)
        self._nodes: list[tuple[str, str, Located, Located]] | None = None
        self.skipped_operations: list[str] = []

    def build(self) -> tuple[Client, list[Finding]]:
        data = self.doc.data
        declared = self.schemas.declare_components()
        self._declare_other_components()
        operations = self._operations()
        self._declare_event_models()
        auth, required = self._auth()
        job = self._job(operations)
        skipped_schemas = self._skipped_schemas(declared)
        info = data.get("info") if isinstance(data.get("info"), dict) else {}
        client = Client(
            module=Identifier(self.names.module),
            class_name=Identifier(f"{self.names.client}Client"),
            async_class_name=Identifier(f"Async{self.names.client}Client"),
            vendor_title=Untrusted(str(info.get("title", self.names.client))),
            spec_path=self.names.spec_path,
            api_version=Untrusted(str(info.get("version", ""))),
            base_url=self._server_url(),
            base_url_env=self.names.base_url_env,
            credential_parameter=Identifier(self.names.credential_parameter),
            credential_env=self.names.credential_env,
            credential_required=required,
            auth=auth,
            schemas=definition_order(tuple(self.schemas.schemas)),
            operations=tuple(operations),
            job=job,
            description=_untrusted(info.get("description")),
            coverage=Coverage(
                operations=len(operations),
                skipped_operations=tuple(self.skipped_operations),
                component_schemas=len(declared),
                skipped_schemas=skipped_schemas,
            ),
        )
        return client, self.findings

    def _skipped_schemas(self, declared: list[tuple[Located, TypeExpr]]) -> tuple[str, ...]:
        """Component schemas that got no type of their own (each also gets a finding)."""
        skipped: list[str] = []
        for node, expr in declared:
            if expr == Prim("Any"):
                skipped.append("#" + node.pointer)
                self.findings.append(
                    self.doc.finding(
                        node,
                        Severity.WARNING,
                        "schema-skipped",
                        "this component schema has no type of its own (see the finding "
                        "before); where it is used, values are typed as Any.",
                    )
                )
        return tuple(skipped)

    # ------------------------------------------------------------ components

    def _declare_other_components(self) -> None:
        """Request bodies and responses declared as components get types too."""
        for section in ("requestBodies", "responses"):
            for key, node in component_entries(self.doc, section, self.findings):
                for _media, schema_node in self._media_schemas(node):
                    self.schemas.type_of(
                        schema_node, f"{key}{'Body' if section == 'requestBodies' else ''}"
                    )

    def _media_schemas(self, node: Located) -> list[tuple[str, Located]]:
        try:
            node = self.doc.deref(node)
        except RefError:
            return []
        content = node.value.get("content") if isinstance(node.value, dict) else None
        if not isinstance(content, dict):
            return []
        found: list[tuple[str, Located]] = []
        for media, body in content.items():
            if isinstance(body, dict) and "schema" in body:
                where = pointer_join(node.pointer, "content", media, "schema")
                found.append((str(media), Located(node.file, where, body["schema"])))
        return found

    # ------------------------------------------------------------ operations

    def _operation_nodes(self) -> list[tuple[str, str, Located, Located]]:
        """(path, method, path item, operation) for every operation, refs followed.

        Multi-file documents put a ``$ref`` in place of the paths table, a path item or
        an operation; each is read where it leads. One that cannot be read is a finding
        naming it, never a silent gap.
        """
        if self._nodes is not None:
            return self._nodes
        nodes: list[tuple[str, str, Located, Located]] = []
        self._nodes = nodes
        if not isinstance(self.doc.data, dict) or "paths" not in self.doc.data:
            return nodes
        paths = resolved_table(self.doc, self.doc.at_root("/paths"), self.findings)
        if paths is None:
            return nodes
        for path, item in paths.value.items():
            item_node = Located(paths.file, pointer_join(paths.pointer, str(path)), item)
            try:
                item_node = self.doc.deref(item_node)
            except RefError as exc:
                self._skipped(item_node, f"{exc}; every operation of {path} is skipped.")
                continue
            if not isinstance(item_node.value, dict):
                continue
            for method in HTTP_METHODS:
                if method not in item_node.value:
                    continue
                op_node = Located(
                    item_node.file,
                    pointer_join(item_node.pointer, method),
                    item_node.value[method],
                )
                try:
                    op_node = self.doc.deref(op_node)
                except RefError as exc:
                    self._skipped(op_node, f"{exc}; {method.upper()} {path} is skipped.")
                    continue
                if not isinstance(op_node.value, dict):
                    self._skipped(
                        op_node, f"{method.upper()} {path} is not a mapping; it is skipped."
                    )
                    continue
                nodes.append((str(path), method, item_node, op_node))
        return nodes

    def _operations(self) -> list[Operation]:
        operations: list[Operation] = []
        job_operation = self.job_binding.operation if self.job_binding else None
        for path, method, item_node, op_node in self._operation_nodes():
            op_id = op_node.value.get("operationId")
            is_job = job_operation is not None and op_id == job_operation
            operations.append(self._operation(path, method, item_node, op_node, is_job))
        return operations

    def _declare_event_models(self) -> None:
        """Webhooks (3.1) and callbacks: the payloads a vendor sends get models too."""
        webhooks: list[tuple[str, Located]] = []
        if isinstance(self.doc.data, dict) and "webhooks" in self.doc.data:
            table = resolved_table(self.doc, self.doc.at_root("/webhooks"), self.findings)
            if table is not None:
                webhooks.extend(
                    (str(k), Located(table.file, pointer_join(table.pointer, str(k)), v))
                    for k, v in table.value.items()
                )
        for _path, method, _item, op_node in self._operation_nodes():
            callbacks = op_node.value.get("callbacks")
            if not isinstance(callbacks, dict):
                continue
            owner = pascal(str(op_node.value.get("operationId") or method))
            for name, callback in callbacks.items():
                where = Located(
                    op_node.file, pointer_join(op_node.pointer, "callbacks", str(name)), callback
                )
                table = resolved_table(self.doc, where, self.findings)
                if table is None:
                    continue
                webhooks.extend(
                    (
                        f"{owner} {name}",
                        Located(table.file, pointer_join(table.pointer, str(expr)), item),
                    )
                    for expr, item in table.value.items()
                )
        for name, item in webhooks:
            self._event_models(name, item)

    def _event_models(self, name: str, item: Located) -> None:
        try:
            item = self.doc.deref(item)
        except RefError as exc:
            self._error(item, "dangling-ref", f"{exc}; the event's models are skipped.")
            return
        if not isinstance(item.value, dict):
            return
        for method in HTTP_METHODS:
            if not isinstance(item.value.get(method), dict):
                continue
            op = Located(item.file, pointer_join(item.pointer, method), item.value[method])
            context = pascal(f"{name} {method}")
            body = op.value.get("requestBody")
            if body is not None:
                where = Located(op.file, pointer_join(op.pointer, "requestBody"), body)
                for _media, schema_node in self._media_schemas(where):
                    self.schemas.type_of(schema_node, f"{context}Event")
            responses = op.value.get("responses")
            if isinstance(responses, dict):
                for code, response in responses.items():
                    where = Located(
                        op.file, pointer_join(op.pointer, "responses", str(code)), response
                    )
                    for _media, schema_node in self._media_schemas(where):
                        self.schemas.type_of(
                            schema_node, f"{context}{_status_word(str(code).upper())}Reply"
                        )

    def _operation(
        self, path: str, method: str, item: Located, op: Located, is_job: bool
    ) -> Operation:
        value: dict[str, Any] = op.value
        op_id = value.get("operationId")
        if is_job and self.job_binding is not None:
            base = self.job_binding.method
        elif isinstance(op_id, str) and op_id.strip():
            base = snake(op_id, fallback="operation")
        else:
            base = snake(f"{method} {path.replace('{', ' by ').replace('}', ' ')}")
        name = self.operation_scope.claim(base, avoid_builtins=True)
        context = pascal(name)
        parameters = self._parameters(item, op)
        body = self._request_body(op, context)
        responses, errors = self._responses(op, context)
        return Operation(
            name=name,
            constant=self.module_scope.claim(f"_{upper_snake(name)}_OPERATION"),
            method=method.upper(),
            path=path,
            summary=_untrusted(value.get("summary")),
            doc=_untrusted(value.get("description")),
            parameters=tuple(parameters),
            body=body,
            responses=tuple(responses),
            errors=tuple(errors),
            secured=self._secured(value),
            deprecated=value.get("deprecated") is True,
            source="#" + op.pointer,
            origin=op,
        )

    def _parameters(self, item: Located, op: Located) -> list[Parameter]:
        collected: dict[tuple[str, str], Located] = {}
        for owner in (item, op):
            raw = owner.value.get("parameters")
            if not isinstance(raw, list):
                continue
            for index, entry in enumerate(raw):
                where = Located(owner.file, pointer_join(owner.pointer, "parameters", index), entry)
                try:
                    resolved = self.doc.deref(where)
                except RefError as exc:
                    self._error(where, "dangling-ref", f"{exc}; the parameter is left out.")
                    continue
                param = resolved.value
                if not isinstance(param, dict) or not isinstance(param.get("name"), str):
                    self._error(where, "parameter-shape", "a parameter needs `name` and `in`.")
                    continue
                location = param.get("in")
                if location not in ("path", "query", "header", "cookie"):
                    self._error(
                        where, "parameter-shape", f"unknown parameter location {location!r}."
                    )
                    continue
                collected[(param["name"], location)] = resolved
        scope = Scope(_OPTION_NAMES)
        ordered = sorted(collected.items(), key=lambda kv: _PARAM_ORDER[kv[0][1]])
        parameters: list[Parameter] = []
        taken: dict[str, str] = {}
        for (wire, location), where in ordered:
            param = where.value
            base = snake(wire, fallback="param")
            if base in taken and taken[base] != location:
                base = f"{base}_{location}"
            taken[base] = location
            schema = param.get("schema")
            expr: TypeExpr = Prim("Any")
            default: PySource | None = None
            if isinstance(schema, dict):
                schema_node = Located(where.file, pointer_join(where.pointer, "schema"), schema)
                expr = self.schemas.type_of(schema_node, f"{pascal(wire)}Param")
                if expr in _FORMATTED:
                    # An id of `format: uuid` or a `format: date` header (whose spec default
                    # is itself a string) takes the typed value or its text.
                    expr = UnionOf((expr, Prim("str")), plain=True)
                try:
                    resolved = self.doc.deref(schema_node)
                except RefError:
                    resolved = schema_node  # type_of has reported the dangling ref
                if _is_scalar(
                    resolved.value.get("default") if isinstance(resolved.value, dict) else None
                ):
                    default = self.schemas.default_for(resolved, resolved.value, expr)
            required = location == "path" or param.get("required") is True
            if not required or default is not None:
                expr = _optional(expr)
            style = param.get("style")
            query_style: QueryStyle = "form"
            if location == "query" and style in QUERY_STYLES:
                query_style = style
            explode = param.get("explode")
            if not isinstance(explode, bool):
                # OpenAPI: explode defaults to true for form style, false for every other.
                explode = style in (None, "form")
            parameters.append(
                Parameter(
                    name=scope.claim(base, avoid_builtins=False),
                    wire_name=wire,
                    location=location,  # type: ignore[arg-type]
                    type=expr,
                    required=required,
                    default=default,
                    doc=_untrusted(param.get("description")),
                    explode=explode,
                    style=query_style,
                    origin=where,
                )
            )
        return parameters

    def _request_body(self, op: Located, context: str) -> RequestBody | None:
        raw = op.value.get("requestBody")
        if raw is None:
            return None
        where = Located(op.file, pointer_join(op.pointer, "requestBody"), raw)
        try:
            resolved = self.doc.deref(where)
        except RefError as exc:
            self._error(where, "dangling-ref", f"{exc}; the body is sent untyped.")
            return RequestBody("json", Prim("Any"), False, "application/json")
        content = resolved.value.get("content") if isinstance(resolved.value, dict) else None
        required = isinstance(resolved.value, dict) and resolved.value.get("required") is True
        if not isinstance(content, dict) or not content:
            return None
        media, kind = _pick_media(list(content), _BODY_PREFERENCE)
        body = content[media]
        expr: TypeExpr = Prim("bytes") if kind == "bytes" else Prim("Any")
        if isinstance(body, dict) and "schema" in body:
            schema_node = Located(
                resolved.file,
                pointer_join(resolved.pointer, "content", media, "schema"),
                body["schema"],
            )
            if kind in ("json", "form", "multipart"):
                expr = self.schemas.type_of(schema_node, f"{context}Body")
            elif kind == "text":
                expr = Prim("str")
        return RequestBody(kind, expr, required, media, origin=resolved)

    def _responses(self, op: Located, context: str) -> tuple[list[Response], list[Response]]:
        raw = op.value.get("responses")
        if not isinstance(raw, dict):
            return [], []
        has_success = any(str(code).startswith("2") for code in raw)
        successes: list[Response] = []
        errors: list[Response] = []
        for code, response in raw.items():
            status = str(code).upper()
            where = Located(op.file, pointer_join(op.pointer, "responses", str(code)), response)
            try:
                resolved = self.doc.deref(where)
            except RefError as exc:
                self._error(where, "dangling-ref", f"{exc}; the response is read untyped.")
                continue
            success = status.startswith("2") or (status == "DEFAULT" and not has_success)
            label = "Response" if success else "Error"
            kind, expr = self._response_body(resolved, f"{context}{_status_word(status)}{label}")
            entry = Response(
                status="default" if status == "DEFAULT" else status,
                kind=kind,
                type=expr,
                doc=_untrusted(
                    resolved.value.get("description") if isinstance(resolved.value, dict) else None
                ),
                origin=resolved,
            )
            (successes if success else errors).append(entry)
        return successes, errors

    def _response_body(
        self, response: Located, context: str
    ) -> tuple[ResponseKind, TypeExpr | None]:
        content = response.value.get("content") if isinstance(response.value, dict) else None
        if not isinstance(content, dict) or not content:
            return "empty", None
        media, kind = _pick_media(list(content), _RESPONSE_PREFERENCE)
        body = content[media]
        if kind == "json":
            if isinstance(body, dict) and "schema" in body:
                node = Located(
                    response.file,
                    pointer_join(response.pointer, "content", media, "schema"),
                    body["schema"],
                )
                return "json", self.schemas.type_of(node, context)
            return "json", Prim("Any")
        if kind == "events":
            return "events", None
        if kind == "lines":
            # Each line is one item of the schema the document gives the body.
            if isinstance(body, dict) and "schema" in body:
                node = Located(
                    response.file,
                    pointer_join(response.pointer, "content", media, "schema"),
                    body["schema"],
                )
                return "lines", self.schemas.type_of(node, f"{context}Line")
            return "lines", Prim("Any")
        if kind == "text":
            return "text", Prim("str")
        return "bytes", Prim("bytes")

    # ------------------------------------------------------------ security and servers

    def _security_requirements(self, value: dict[str, Any]) -> list[Any]:
        if "security" in value and isinstance(value["security"], list):
            return value["security"]
        root = self.doc.data.get("security")
        return root if isinstance(root, list) else []

    def _secured(self, op: dict[str, Any]) -> bool:
        requirements = self._security_requirements(op)
        return any(isinstance(r, dict) and r for r in requirements)

    def _auth(self) -> tuple[Auth | None, bool]:
        """The client's credential scheme: the first scheme any operation asks for."""
        scheme_nodes = dict(component_entries(self.doc, "securitySchemes", self.findings))
        schemes = {key: node.value for key, node in scheme_nodes.items()}
        chosen: str | None = None
        always = True
        any_secured = False
        for op in self._all_operation_values():
            requirements = self._security_requirements(op)
            named = [r for r in requirements if isinstance(r, dict) and r]
            if not named:
                continue
            any_secured = True
            if any(isinstance(r, dict) and not r for r in requirements):
                always = False
            if chosen is None:
                chosen = next(iter(named[0]))
        if chosen is None or not isinstance(schemes, dict) or chosen not in schemes:
            return None, False
        where = scheme_nodes[chosen]
        try:
            scheme = self.doc.deref(where).value
        except RefError as exc:
            self._error(where, "dangling-ref", f"{exc}; the client sends no credential.")
            return None, False
        auth = _auth_from_scheme(scheme)
        if auth is None:
            self.findings.append(
                self.doc.finding(
                    where,
                    Severity.WARNING,
                    "security-scheme",
                    f"the security scheme {chosen!r} is not one the client can apply "
                    "(http bearer/basic, apiKey, oauth2 or openIdConnect tokens); none is sent.",
                )
            )
        return auth, always and any_secured

    def _all_operation_values(self) -> list[dict[str, Any]]:
        return [op.value for _path, _method, _item, op in self._operation_nodes()]

    def _server_url(self) -> str:
        servers = self.doc.data.get("servers")
        if not isinstance(servers, list) or not servers or not isinstance(servers[0], dict):
            return ""
        url = servers[0].get("url")
        if not isinstance(url, str):
            return ""
        variables = servers[0].get("variables")
        if isinstance(variables, dict):
            for key, var in variables.items():
                if isinstance(var, dict) and isinstance(var.get("default"), str):
                    url = url.replace("{" + str(key) + "}", var["default"])
        return url

    # ------------------------------------------------------------ the job lifecycle

    def _job(self, operations: list[Operation]) -> JobLifecycle | None:
        binding = self.job_binding
        if binding is None:
            return None
        operation = next((o for o in operations if o.name == binding.method), None)
        if operation is None:
            self._config_error(
                "/job/operation",
                "job-operation",
                f"no operation has operationId {binding.operation!r}; name the "
                "operationId of the operation that retrieves a job.",
            )
            return None
        if not operation.path_params:
            self._config_error(
                "/job/operation",
                "job-operation",
                f"{binding.operation!r} takes no path parameter to carry the job id.",
            )
            return None
        job_type = next((r.type for r in operation.responses if r.kind == "json"), None)
        job_model = self._object_for(job_type)
        if job_model is None:
            self._config_error(
                "/job/operation",
                "job-operation",
                f"{binding.operation!r} does not answer with a JSON object.",
            )
            return None
        status_field = self._status_field(binding, job_model)
        if status_field is None:
            return None
        self._check_statuses(binding)
        return JobLifecycle(
            operation=operation,
            # The job's own id ends the path: /repos/{owner}/{repo}/actions/jobs/{job_id}.
            id_param=operation.path_params[-1],
            job_type=PySource(str(job_model.name)),
            status_field=status_field,
            statuses=tuple(StatusEntry(v, c) for v, c in binding.statuses.items()),
        )

    def _object_for(self, expr: TypeExpr | None) -> ObjectSchema | None:
        if isinstance(expr, Nullable):
            expr = expr.inner
        if not isinstance(expr, Ref):
            return None
        return next(
            (
                s
                for s in self.schemas.schemas
                if isinstance(s, ObjectSchema) and s.name == expr.name
            ),
            None,
        )

    def _status_field(self, binding: JobBinding, job: ObjectSchema) -> tuple[str, ...] | None:
        tokens = pointer_tokens(binding.status_pointer)
        prefix = pointer_tokens(job.source)
        if tokens[: len(prefix)] != prefix or len(tokens) <= len(prefix):
            self._config_error(
                "/job/status",
                "job-status",
                f"the status pointer must lie inside the job schema {job.source} "
                "(…/properties/<field>).",
            )
            return None
        rest = tokens[len(prefix) :]
        if len(rest) % 2 or any(t != "properties" for t in rest[::2]):
            self._config_error(
                "/job/status",
                "job-status",
                "the status pointer must name properties: …/properties/status.",
            )
            return None
        chain: list[str] = []
        model: ObjectSchema | None = job
        for wire in rest[1::2]:
            field = next((f for f in model.fields if f.wire_name == wire), None) if model else None
            if field is None:
                self._config_error(
                    "/job/status",
                    "job-status",
                    f"the job schema has no property {wire!r} on that path.",
                )
                return None
            chain.append(str(field.name))
            model = self._object_for(field.type)
        return tuple(chain)

    def _check_statuses(self, binding: JobBinding) -> None:
        where = self.doc.at_root("")
        try:
            node = Located(
                self.doc.root,
                binding.status_pointer[1:],
                self.doc.get(self.doc.root, binding.status_pointer[1:]),
            )
            node = self.doc.deref(node)
            schema = node.value
            while (
                isinstance(schema, dict)
                and isinstance(schema.get("allOf"), list)
                and len(schema["allOf"]) == 1
            ):
                node = self.doc.deref(
                    Located(node.file, pointer_join(node.pointer, "allOf", 0), schema["allOf"][0])
                )
                schema = node.value
        except RefError as exc:
            self._config_error("/job/status", "job-status", f"{exc}.")
            return
        enum = schema.get("enum") if isinstance(schema, dict) else None
        if not isinstance(enum, list):
            self._config_error(
                "/job/status",
                "job-status",
                f"{binding.status_pointer} is not an enum; point at the status "
                "field whose schema lists the statuses.",
            )
            return
        where = node
        values = [str(v) for v in enum if v is not None]
        for value in values:
            if value not in binding.statuses:
                self.findings.append(
                    self.doc.finding(
                        Located(where.file, pointer_join(where.pointer, "enum"), enum),
                        Severity.ERROR,
                        "status-unmapped",
                        f"the job status {value!r} has no canonical status; add `{value}: <QUEUED|"
                        f"RUNNING|SUCCEEDED|FAILED|CANCELLED|UNKNOWN>` under job.statuses in "
                        f"{self.config_display}.",
                    )
                )
        for value in binding.statuses:
            if value not in values:
                self.findings.append(
                    Finding(
                        Severity.ERROR,
                        "status-not-in-spec",
                        self.config_display,
                        binding.status_lines.get(value),
                        f"/job/statuses/{value}",
                        f"the mapping names {value!r}, which the spec's status enum does not list; "
                        "remove it or fix the spelling.",
                    )
                )

    # ------------------------------------------------------------ findings

    def _skipped(self, node: Located, message: str) -> None:
        self.skipped_operations.append("#" + node.pointer)
        self._error(node, "operation-skipped", message)

    def _error(self, node: Located, code: str, message: str) -> None:
        self.findings.append(self.doc.finding(node, Severity.ERROR, code, message))

    def _config_error(self, pointer: str, code: str, message: str) -> None:
        line = self.job_binding.line if self.job_binding else None
        self.findings.append(
            Finding(Severity.ERROR, code, self.config_display, line, pointer, message)
        )


# Names the generated modules define or import themselves; a schema must not take one.
_MODULE_NAMES = frozenset(
    {
        "Any",
        "Annotated",
        "Literal",
        "Field",
        "BaseModel",
        "ConfigDict",
        "StrEnum",
        "Model",
        "TypeAlias",
        "UUID",
        "date",
        "datetime",
        "time",
        "timedelta",
        "TypeAdapter",
        "Mapping",
        "Callable",
        "Awaitable",
        "AsyncIterator",
        "AsyncGenerator",
        "Iterable",
        "Iterator",
        "ClassVar",
        "httpx",
        "functools",
        "STATUS_TABLE",
        "TYPE_CHECKING",
        "Union",
        "TypeAliasType",
        "Tag",
        "Discriminator",
        "discriminate",
    }
)
_FORMATTED = (Prim("UUID"), Prim("date"), Prim("datetime"), Prim("time"), Prim("timedelta"))
_PARAM_ORDER = {"path": 0, "query": 1, "header": 2, "cookie": 3}
_BODY_PREFERENCE: tuple[tuple[str, BodyKind], ...] = (
    ("application/json", "json"),
    ("+json", "json"),
    ("application/x-www-form-urlencoded", "form"),
    ("multipart/", "multipart"),
    ("text/", "text"),
    ("", "bytes"),
)
_RESPONSE_PREFERENCE: tuple[tuple[str, ResponseKind], ...] = (
    ("application/json", "json"),
    ("+json", "json"),
    ("text/event-stream", "events"),
    ("application/x-ndjson", "lines"),
    ("application/jsonl", "lines"),
    ("application/jsonlines", "lines"),
    ("text/", "text"),
    ("", "bytes"),
)


def _pick_media(types: list[str], preference: tuple[tuple[str, Any], ...]) -> tuple[str, Any]:
    for needle, kind in preference:
        for media in types:
            base = media.split(";")[0].strip().lower()
            if needle and (
                base == needle
                or (needle.startswith("+") and base.endswith(needle))
                or (needle.endswith("/") and base.startswith(needle))
            ):
                return media, kind
            if not needle:
                return media, kind
    return types[0], preference[-1][1]


def _auth_from_scheme(scheme: Any) -> Auth | None:
    if not isinstance(scheme, dict):
        return None
    kind = scheme.get("type")
    if kind == "http":
        name = str(scheme.get("scheme", "")).lower()
        if name == "bearer":
            return Auth("bearer")
        if name == "basic":
            return Auth("basic")
        return None
    if kind == "apiKey":
        location = scheme.get("in")
        if location in ("header", "query", "cookie") and isinstance(scheme.get("name"), str):
            return Auth("apiKey", scheme["name"], location)
        return None
    if kind in ("oauth2", "openIdConnect"):
        return Auth("bearer")
    return None


def _optional(expr: TypeExpr) -> TypeExpr:
    return expr if isinstance(expr, Nullable) or expr == Prim("Any") else Nullable(expr)


def _is_scalar(value: Any) -> bool:
    return isinstance(value, str | int | float | bool)


def _untrusted(value: Any) -> Untrusted | None:
    return Untrusted(value) if isinstance(value, str) and value.strip() else None


def _status_word(status: str) -> str:
    return "Default" if status == "DEFAULT" else status


__all__ = ["ClientNames", "ListOf", "OpenEnum", "build_client"]
