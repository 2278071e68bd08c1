"""The job binding: the config's job operation, status field and status mapping, checked.

Where someone adding a vendor lands when a `job-operation`, `job-status`,
`status-unmapped` or `status-not-in-spec` finding appears: each names the config key
to change and, for the statuses, the value the spec and the mapping disagree on.
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.builder.context import BuildContext
from generator.loader.document import RefError
from generator.loader.job_config import BoundCall, JobBinding
from generator.model.api import (
    JobCall,
    JobKind,
    JobLifecycle,
    JobStart,
    ObjectSchema,
    Operation,
    Schema,
    StatusEntry,
)
from generator.model.escape import PySource
from generator.model.findings import Finding, Severity, pointer_join, pointer_tokens
from generator.model.names import Identifier
from generator.model.source import Located
from generator.model.type_expr import Nullable, Ref, TypeExpr


def job_kinds(ctx: BuildContext, operations: list[Operation]) -> tuple[JobKind, ...]:
    """Every kind of job the config binds, each checked; a kind with a finding is left
    out (the finding stops a strict run)."""
    by_id = _by_operation_id(operations)
    kinds: list[JobKind] = []
    retrievals: dict[str, str] = {}
    for binding in ctx.job_kinds:
        if binding.operation in retrievals:
            ctx.config_error(
                f"{binding.pointer}/operation",
                "job-operation",
                f"{binding.operation!r} already retrieves the kind "
                f"{retrievals[binding.operation]!r}; each kind has its own retrieval.",
            )
            continue
        retrievals[binding.operation] = binding.kind
        lifecycle = _lifecycle(ctx, binding, by_id)
        if lifecycle is None:
            continue
        kind = _bind_calls(ctx, binding, lifecycle, by_id)
        if kind is not None:
            kinds.append(kind)
    return tuple(kinds)


def _by_operation_id(operations: list[Operation]) -> dict[str, Operation]:
    found: dict[str, Operation] = {}
    for operation in operations:
        node = operation.origin.value if operation.origin is not None else None
        op_id = node.get("operationId") if isinstance(node, dict) else None
        if isinstance(op_id, str):
            found.setdefault(op_id, operation)
    return found


def _lifecycle(
    ctx: BuildContext, binding: JobBinding, by_id: dict[str, Operation]
) -> JobLifecycle | None:
    at = f"{binding.pointer}/operation"
    operation = by_id.get(binding.operation)
    if operation is None:
        ctx.config_error(
            at,
            "job-operation",
            f"no operation has operationId {binding.operation!r}; name the "
            "operationId of the operation that retrieves a job.",
        )
        return None
    if not operation.path_params:
        ctx.config_error(
            at,
            "job-operation",
            f"{binding.operation!r} takes no path parameter to carry the job id.",
        )
        return None
    job_model = _answer_model(ctx, operation)
    if job_model is None:
        ctx.config_error(
            at,
            "job-operation",
            f"{binding.operation!r} does not answer with a JSON object.",
        )
        return None
    status_field = _status_field(ctx, binding, job_model)
    if status_field is None:
        return None
    _check_statuses(ctx, binding)
    return JobLifecycle(
        operation=operation,
        # The job's own id ends the path: /repos/{owner}/{repo}/actions/jobs/{job_id}.
        id_param=operation.path_params[-1],
        job_type=PySource(str(job_model.name)),
        status_field=status_field,
        statuses=tuple(StatusEntry(v, c) for v, c in binding.statuses.items()),
    )


def object_for(expr: TypeExpr | None, schemas: Iterable[Schema]) -> ObjectSchema | None:
    """The object model a type names (through a nullable), if it names one."""
    if isinstance(expr, Nullable):
        expr = expr.inner
    if not isinstance(expr, Ref):
        return None
    return next((s for s in schemas if isinstance(s, ObjectSchema) and s.name == expr.name), None)


def _status_field(
    ctx: BuildContext, binding: JobBinding, job: ObjectSchema
) -> tuple[str, ...] | None:
    tokens = pointer_tokens(binding.status_pointer)
    prefix = pointer_tokens(job.source)
    if tokens[: len(prefix)] != prefix or len(tokens) <= len(prefix):
        ctx.config_error(
            f"{binding.pointer}/status",
            "job-status",
            f"the status pointer must lie inside the job schema {job.source} "
            "(…/properties/<field>).",
        )
        return None
    rest = tokens[len(prefix) :]
    if len(rest) % 2 or any(t != "properties" for t in rest[::2]):
        ctx.config_error(
            f"{binding.pointer}/status",
            "job-status",
            "the status pointer must name properties: …/properties/status.",
        )
        return None
    chain: list[str] = []
    model: ObjectSchema | None = job
    for wire in rest[1::2]:
        field = next((f for f in model.fields if f.wire_name == wire), None) if model else None
        if field is None:
            ctx.config_error(
                f"{binding.pointer}/status",
                "job-status",
                f"the job schema has no property {wire!r} on that path.",
            )
            return None
        chain.append(str(field.name))
        model = object_for(field.type, ctx.schemas.schemas)
    return tuple(chain)


def _check_statuses(ctx: BuildContext, binding: JobBinding) -> None:
    """Every status the spec's enum lists is mapped, and the mapping names no other."""
    doc = ctx.doc
    try:
        node = Located(
            doc.root,
            binding.status_pointer[1:],
            doc.get(doc.root, binding.status_pointer[1:]),
        )
        node = doc.deref(node)
        schema = node.value
        while (
            isinstance(schema, dict)
            and isinstance(schema.get("allOf"), list)
            and len(schema["allOf"]) == 1
        ):
            node = doc.deref(
                Located(node.file, pointer_join(node.pointer, "allOf", 0), schema["allOf"][0])
            )
            schema = node.value
    except RefError as exc:
        ctx.config_error(f"{binding.pointer}/status", "job-status", f"{exc}.")
        return
    enum = schema.get("enum") if isinstance(schema, dict) else None
    if not isinstance(enum, list):
        ctx.config_error(
            f"{binding.pointer}/status",
            "job-status",
            f"{binding.status_pointer} is not an enum; point at the status "
            "field whose schema lists the statuses.",
        )
        return
    values = [str(v) for v in enum if v is not None]
    for value in values:
        if value not in binding.statuses:
            ctx.findings.append(
                doc.finding(
                    Located(node.file, pointer_join(node.pointer, "enum"), enum),
                    Severity.ERROR,
                    "status-unmapped",
                    f"the job status {value!r} has no canonical status; add `{value}: <QUEUED|"
                    f"RUNNING|SUCCEEDED|FAILED|CANCELLED|UNKNOWN>` under "
                    f"{binding.pointer[1:].replace('/', '.')}.statuses in "
                    f"{ctx.config_display}.",
                )
            )
    for value in binding.statuses:
        if value not in values:
            ctx.findings.append(
                Finding(
                    Severity.ERROR,
                    "status-not-in-spec",
                    ctx.config_display,
                    binding.status_lines.get(value),
                    f"{binding.pointer}/statuses/{value}",
                    f"the mapping names {value!r}, which the spec's status enum does not list; "
                    "remove it or fix the spelling.",
                )
            )


def _answer_model(ctx: BuildContext, operation: Operation) -> ObjectSchema | None:
    """The object model an operation's success answers with in JSON, if there is one."""
    answer = next((r.type for r in operation.responses if r.kind == "json"), None)
    return object_for(answer, ctx.schemas.schemas)


def _field_path(
    ctx: BuildContext, model: ObjectSchema, pointer: str, at: str, what: str
) -> tuple[str, ...] | None:
    """The attribute path a JSON pointer into a body names (``/data/id``), through the
    object models on the way; a finding at the config's ``at`` where it names nothing."""
    chain: list[str] = []
    current: ObjectSchema | None = model
    for wire in pointer_tokens(pointer):
        field = next((f for f in current.fields if f.wire_name == wire), None) if current else None
        if field is None:
            ctx.config_error(
                at,
                "job-binding",
                f"{what}: {current.name if current else 'the value'} has no property "
                f"{wire!r} on the path {pointer}.",
            )
            return None
        chain.append(str(field.name))
        current = object_for(field.type, ctx.schemas.schemas)
    return tuple(chain)


def _bind_calls(
    ctx: BuildContext,
    binding: JobBinding,
    lifecycle: JobLifecycle,
    by_id: dict[str, Operation],
) -> JobKind | None:
    """The kind's start, list, cancel, retry and result operations, each checked."""
    before = len(ctx.findings)
    ops: dict[str, Operation] = {}
    for call in binding.calls:
        operation = by_id.get(call.operation)
        if operation is None:
            ctx.config_error(
                f"{call.pointer}/operation",
                "job-binding",
                f"no operation has operationId {call.operation!r} (the kind "
                f"{binding.kind!r}'s {call.role}).",
            )
        else:
            ops[call.pointer] = operation
    starts = tuple(
        s for s in (_start(ctx, c, ops[c.pointer]) for c in binding.starts if c.pointer in ops) if s
    )
    kept = _kept_everywhere(binding)
    calls: dict[str, JobCall | None] = {}
    for on_job in (binding.cancel, binding.retry, binding.result):
        if on_job is not None and on_job.pointer in ops:
            calls[on_job.role] = _job_call(ctx, on_job, ops[on_job.pointer], lifecycle, kept)
    result_field = None
    if binding.result_field is not None:
        # The job's model, as the retrieval answers it (the lifecycle was read from it).
        job_model = _answer_model(ctx, lifecycle.operation)
        if job_model is not None:
            result_field = _field_path(
                ctx, job_model, binding.result_field, f"{binding.pointer}/result/field", "result"
            )
    if len(ctx.findings) > before:
        return None
    listed = ops.get(binding.list.pointer) if binding.list is not None else None
    return JobKind(
        name=Identifier(binding.kind),
        lifecycle=lifecycle,
        starts=starts,
        list=listed,
        cancel=calls.get("cancel"),
        retry=calls.get("retry"),
        result=calls.get("result"),
        result_field=result_field,
    )


def _kept_everywhere(binding: JobBinding) -> frozenset[str]:
    """The fields every start keeps: the only ones a later call can count on."""
    if not binding.starts:
        return frozenset()
    names = [frozenset(name for name, _ in start.keep) for start in binding.starts]
    return frozenset.intersection(*names)


def _start(ctx: BuildContext, call: BoundCall, operation: Operation) -> JobStart | None:
    answer = _answer_model(ctx, operation)
    if answer is None:
        ctx.config_error(
            f"{call.pointer}/operation",
            "job-binding",
            f"{call.operation!r} does not answer with a JSON object to find the job's id in.",
        )
        return None
    if call.id is None:
        return None
    id_field = _field_path(ctx, answer, call.id, f"{call.pointer}/id", "start.id")
    keep: list[tuple[Identifier, tuple[str, ...]]] = []
    for name, pointer in call.keep:
        path = _field_path(ctx, answer, pointer, f"{call.pointer}/keep/{name}", f"keep.{name}")
        if path is not None:
            keep.append((Identifier(name), path))
    if id_field is None:
        return None
    method = call.method or f"start_{operation.name}"
    return JobStart(
        operation=operation,
        method=ctx.operation_scope.claim(method, avoid_builtins=True),
        id_field=id_field,
        keep=tuple(keep),
    )


def _job_call(
    ctx: BuildContext,
    call: BoundCall,
    operation: Operation,
    lifecycle: JobLifecycle,
    kept: frozenset[str],
) -> JobCall | None:
    """What fills the operation's parameters: the config's ``params``, else the job's
    id for its one path parameter (or the one named like the retrieval's)."""
    by_wire = {p.wire_name: p for p in operation.parameters}
    args: dict[str, tuple[Identifier, str]] = {}
    for wire, source in call.params:
        parameter = by_wire.get(wire)
        where = f"{call.pointer}/params/{wire}"
        if parameter is None:
            ctx.config_error(
                where,
                "job-binding",
                f"{call.operation!r} has no parameter {wire!r}; its parameters are "
                f"{sorted(by_wire)}.",
            )
        elif source != "id" and source not in kept:
            ctx.config_error(
                where,
                "job-binding",
                f"{source!r} is not a field every start of this kind keeps; keep it "
                "under each start's `keep`, or use `id`.",
            )
        else:
            args[wire] = (parameter.name, source)
    path_params = operation.path_params
    unfilled = [p for p in path_params if p.wire_name not in args]
    if len(unfilled) == 1 and not any(source == "id" for _, source in args.values()):
        args[unfilled[0].wire_name] = (unfilled[0].name, "id")
    for parameter in operation.parameters:
        needed = parameter.location == "path" or parameter.required
        if needed and parameter.wire_name not in args and parameter.default is None:
            ctx.config_error(
                f"{call.pointer}/operation",
                "job-binding",
                f"the job cannot fill {call.operation!r}'s parameter "
                f"{parameter.wire_name!r}; map it under `params` to `id` or a kept field.",
            )
            return None
    return JobCall(operation=operation, args=tuple(args.values()))
