"""Event models: the payloads a vendor sends to the caller (3.1 webhooks and callbacks).

They become models the caller can parse a delivery with; they add no client method.
"""

from __future__ import annotations

from generator.builder.context import BuildContext
from generator.builder.key_order import in_key_order
from generator.builder.operations import HTTP_METHODS, media_schemas, operation_nodes, status_word
from generator.builder.schemas import resolved_table
from generator.loader.document import RefError
from generator.model.findings import pointer_join
from generator.model.names import pascal
from generator.model.source import Located


def declare_event_models(ctx: BuildContext) -> None:
    """Webhooks (3.1) and callbacks: the payloads a vendor sends get models too."""
    doc = ctx.doc
    webhooks: list[tuple[str, Located]] = []
    if isinstance(doc.data, dict) and "webhooks" in doc.data:
        table = resolved_table(doc, doc.at_root("/webhooks"), ctx.findings)
        if table is not None:
            webhooks.extend(
                (k, Located(table.file, pointer_join(table.pointer, k), v))
                for k, v in in_key_order(table.value)
            )
    for _path, method, _item, op_node in operation_nodes(ctx):
        callbacks = op_node.value.get("callbacks")
        if not isinstance(callbacks, dict):
            continue
        owner = pascal(str(op_node.value.get("operationId") or method))
        for name, callback in in_key_order(callbacks):
            where = Located(
                op_node.file, pointer_join(op_node.pointer, "callbacks", name), callback
            )
            table = resolved_table(doc, where, ctx.findings)
            if table is None:
                continue
            webhooks.extend(
                (
                    f"{owner} {name}",
                    Located(table.file, pointer_join(table.pointer, expr), item),
                )
                for expr, item in in_key_order(table.value)
            )
    for name, item in webhooks:
        _event_models(ctx, name, item)


def _event_models(ctx: BuildContext, name: str, item: Located) -> None:
    try:
        item = ctx.doc.deref(item)
    except RefError as exc:
        ctx.error(item, "dangling-ref", f"{exc}; the event's models are skipped.")
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
            for _media, schema_node in media_schemas(ctx, where):
                ctx.schemas.type_of(schema_node, f"{context}Event")
        responses = op.value.get("responses")
        if isinstance(responses, dict):
            for code, response in in_key_order(responses):
                where = Located(op.file, pointer_join(op.pointer, "responses", code), response)
                for _media, schema_node in media_schemas(ctx, where):
                    ctx.schemas.type_of(schema_node, f"{context}{status_word(code.upper())}Reply")
