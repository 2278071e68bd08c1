"""The build's orchestration: one client's model from a loaded spec and its config.

The order of the steps matters, since names are claimed first come, first served:
component schemas, then other components, operations, event models, security, the
job binding. Within a step, mappings are walked by key (key_order.py), so the names do
not depend on how the document orders its keys. Each step lives in its own module of
this package.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from generator.builder.context import BuildContext, ClientNames, untrusted
from generator.builder.events import declare_event_models
from generator.builder.fake import fake_spec
from generator.builder.job import job_kinds
from generator.builder.operations import build_operations, media_schemas
from generator.builder.schema_order import definition_order
from generator.builder.schemas import component_entries
from generator.builder.security import client_auth, server_url
from generator.loader.document import SpecDocument
from generator.loader.job_config import JobBinding
from generator.loader.paging_config import PagingOverride
from generator.model.api import Client, Coverage
from generator.model.escape import Untrusted
from generator.model.findings import Finding, Severity
from generator.model.names import Identifier
from generator.model.source import Located
from generator.model.type_expr import Prim, TypeExpr


def build_client(
    doc: SpecDocument,
    names: ClientNames,
    jobs: tuple[JobBinding, ...],
    config_display: str | None,
    *,
    with_fake: bool = True,
    paging: Mapping[str, PagingOverride] | None = None,
) -> tuple[Client, list[Finding]]:
    """The client's model and the build's findings. ``with_fake=False`` leaves out what
    only the test fake reads (its spec facts and sample bodies, a fifth of the build):
    ``diff`` compares API records, which hold none of it. ``paging`` is the config's
    ``pagination:`` by operationId."""
    ctx = BuildContext(doc, names, jobs, config_display or "", paging=paging or {})
    declared = ctx.schemas.declare_components()
    _declare_other_components(ctx)
    operations = build_operations(ctx)
    declare_event_models(ctx)
    auth, required = client_auth(ctx)
    kinds = job_kinds(ctx, operations)
    # status_of and wait_for_job serve the config's first kind (when it was bound).
    first = ctx.job_binding
    primary = next((k for k in kinds if first is not None and k.name == first.kind), None)
    skipped_schemas = _skipped_schemas(ctx, declared)
    data = doc.data
    info = data.get("info") if isinstance(data.get("info"), dict) else {}
    client = Client(
        module=Identifier(names.module),
        class_name=Identifier(f"{names.client}Client"),
        async_class_name=Identifier(f"Async{names.client}Client"),
        vendor_title=Untrusted(str(info.get("title", names.client))),
        spec_path=names.spec_path,
        api_version=Untrusted(str(info.get("version", ""))),
        base_url=server_url(ctx),
        base_url_env=names.base_url_env,
        credential_parameter=Identifier(names.credential_parameter),
        credential_env=names.credential_env,
        credential_required=required,
        auth=auth,
        schemas=definition_order(tuple(ctx.schemas.schemas)),
        operations=tuple(operations),
        job=primary.lifecycle if primary is not None else None,
        jobs=kinds,
        description=untrusted(info.get("description")),
        coverage=Coverage(
            operations=len(operations),
            skipped_operations=tuple(ctx.skipped_operations),
            component_schemas=len(declared),
            skipped_schemas=skipped_schemas,
        ),
    )
    if not with_fake:
        return client, ctx.findings
    # The test fake reads the same operations again, for what the client does not keep.
    fake = fake_spec(doc, client)
    return dataclasses.replace(client, fake=fake), ctx.findings


def _declare_other_components(ctx: BuildContext) -> None:
    """Request bodies and responses declared as components get types too."""
    for section in ("requestBodies", "responses"):
        for key, node in component_entries(ctx.doc, section, ctx.findings):
            for _media, schema_node in media_schemas(ctx, node):
                ctx.schemas.type_of(
                    schema_node, f"{key}{'Body' if section == 'requestBodies' else ''}"
                )


def _skipped_schemas(
    ctx: BuildContext, declared: list[tuple[Located, TypeExpr]]
) -> tuple[str, ...]:
    """Component schemas that got no type of their own (each also gets a finding)."""
    skipped: list[str] = []
    for node, expr in declared:
        if expr == Prim("Any"):
            skipped.append("#" + node.pointer)
            ctx.findings.append(
                ctx.doc.finding(
                    node,
                    Severity.WARNING,
                    "schema-skipped",
                    "this component schema has no type of its own (see the finding "
                    "before); where it is used, values are typed as Any.",
                )
            )
    return tuple(skipped)


__all__ = ["ClientNames", "build_client"]
