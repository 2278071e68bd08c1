"""The job binding: the config's job operation, status field and status mapping, checked.

Where someone adding a vendor lands when a `job-operation`, `job-status`,
`status-unmapped` or `status-not-in-spec` finding appears: each names the config key
to change and, for the statuses, the value the spec and the mapping disagree on.
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.builder.context import BuildContext
from generator.loader.config import JobBinding
from generator.loader.document import RefError
from generator.model.api import JobLifecycle, ObjectSchema, Operation, Schema, StatusEntry
from generator.model.escape import PySource
from generator.model.findings import Finding, Severity, pointer_join, pointer_tokens
from generator.model.source import Located
from generator.model.type_expr import Nullable, Ref, TypeExpr


def job_lifecycle(ctx: BuildContext, operations: list[Operation]) -> JobLifecycle | None:
    binding = ctx.job_binding
    if binding is None:
        return None
    operation = next((o for o in operations if o.name == binding.method), None)
    if operation is None:
        ctx.config_error(
            "/job/operation",
            "job-operation",
            f"no operation has operationId {binding.operation!r}; name the "
            "operationId of the operation that retrieves a job.",
        )
        return None
    if not operation.path_params:
        ctx.config_error(
            "/job/operation",
            "job-operation",
            f"{binding.operation!r} takes no path parameter to carry the job id.",
        )
        return None
    job_type = next((r.type for r in operation.responses if r.kind == "json"), None)
    job_model = object_for(job_type, ctx.schemas.schemas)
    if job_model is None:
        ctx.config_error(
            "/job/operation",
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
            "/job/status",
            "job-status",
            f"the status pointer must lie inside the job schema {job.source} "
            "(…/properties/<field>).",
        )
        return None
    rest = tokens[len(prefix) :]
    if len(rest) % 2 or any(t != "properties" for t in rest[::2]):
        ctx.config_error(
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
            ctx.config_error(
                "/job/status",
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
        ctx.config_error("/job/status", "job-status", f"{exc}.")
        return
    enum = schema.get("enum") if isinstance(schema, dict) else None
    if not isinstance(enum, list):
        ctx.config_error(
            "/job/status",
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
                    f"RUNNING|SUCCEEDED|FAILED|CANCELLED|UNKNOWN>` under job.statuses in "
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
                    f"/job/statuses/{value}",
                    f"the mapping names {value!r}, which the spec's status enum does not list; "
                    "remove it or fix the spelling.",
                )
            )
