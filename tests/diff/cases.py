"""Fixture pairs for ``diff``: one small document, and for each rule an edit of it.

Each case names the edit and the exact report it must give (rule id and level, each
change once), in both directions where the direction decides: a request parameter and a
response field are judged oppositely, so most edits are also checked undone.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Doc = dict[str, Any]
Expected = tuple[tuple[str, str], ...]  # (rule id, level), sorted


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def json_content(schema: Any) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


BASE: Doc = {
    "openapi": "3.1.0",
    "info": {"title": "Shop", "version": "1.0", "description": "Orders."},
    "servers": [
        {"url": "https://api.shop.example/v1"},
        {"url": "https://sandbox.shop.example/v1"},
    ],
    "security": [{"bearer": []}],
    "components": {
        "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer"},
            "oauth": {
                "type": "oauth2",
                "flows": {
                    "clientCredentials": {
                        "tokenUrl": "https://auth.shop.example/token",
                        "scopes": {"read": "read orders", "write": "write orders"},
                    }
                },
            },
        },
        "schemas": {
            "Order": {
                "type": "object",
                "description": "An order.",
                "required": ["id", "status"],
                "properties": {
                    "id": {"type": "string"},
                    "status": ref("OrderStatus"),
                    "note": {"type": "string", "description": "A note."},
                    "total": {"type": "number", "minimum": 0},
                    "items": {"type": "array", "items": ref("Item")},
                    "tags": ref("Tags"),
                    "pet": ref("Pet"),
                },
            },
            # on-hold and on_hold spell one member name: ON_HOLD, then ON_HOLD_2.
            "OrderStatus": {
                "type": "string",
                "enum": ["pending", "paid", "shipped", "on-hold", "on_hold"],
            },
            "Tags": {"type": "array", "items": {"type": "string"}},
            "Item": {
                "type": "object",
                "properties": {"sku": {"type": "string"}, "qty": {"type": "integer"}},
            },
            "NewOrder": {
                "type": "object",
                "required": ["sku"],
                "properties": {
                    "sku": {"type": "string", "maxLength": 20},
                    "qty": {"type": "integer", "minimum": 1, "default": 1},
                    "kind": {"type": "string", "enum": ["standard", "express"]},
                },
            },
            "Pet": {
                "oneOf": [ref("Cat"), ref("Dog")],
                "discriminator": {
                    "propertyName": "pet_type",
                    "mapping": {
                        "cat": "#/components/schemas/Cat",
                        "dog": "#/components/schemas/Dog",
                    },
                },
            },
            "Cat": {
                "type": "object",
                "required": ["pet_type"],
                "properties": {"pet_type": {"type": "string"}, "purrs": {"type": "boolean"}},
            },
            "Dog": {
                "type": "object",
                "required": ["pet_type"],
                "properties": {"pet_type": {"type": "string"}, "barks": {"type": "boolean"}},
            },
            "Error": {"type": "object", "properties": {"message": {"type": "string"}}},
            "Event": {
                "type": "object",
                "properties": {"id": {"type": "string"}, "kind": {"type": "string"}},
            },
        },
    },
    "paths": {
        "/orders": {
            "get": {
                "operationId": "listOrders",
                "summary": "List orders",
                "parameters": [
                    {
                        "name": "limit",
                        "in": "query",
                        "description": "How many.",
                        "schema": {"type": "integer", "maximum": 100, "default": 20},
                    },
                    {"name": "cursor", "in": "query", "schema": {"type": "string"}},
                    {
                        "name": "ids",
                        "in": "query",
                        "schema": {"type": "array", "items": {"type": "string"}},
                    },
                ],
                "responses": {
                    "200": {
                        "description": "The orders.",
                        "content": json_content({"type": "array", "items": ref("Order")}),
                    }
                },
            },
            "post": {
                "operationId": "createOrder",
                "requestBody": {"required": True, "content": json_content(ref("NewOrder"))},
                "responses": {
                    "201": {"description": "Created.", "content": json_content(ref("Order"))},
                    "400": {"description": "Refused.", "content": json_content(ref("Error"))},
                },
            },
        },
        # A list that pages: offset and limit, the total beside the items.
        "/events": {
            "get": {
                "operationId": "listEvents",
                "parameters": [
                    {"name": "offset", "in": "query", "schema": {"type": "integer"}},
                    {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                ],
                "responses": {
                    "200": {
                        "description": "A page of events.",
                        "content": json_content(
                            {
                                "type": "object",
                                "properties": {
                                    "data": {"type": "array", "items": ref("Event")},
                                    "total": {"type": "integer"},
                                },
                            }
                        ),
                    }
                },
            }
        },
        "/orders/{order_id}": {
            "get": {
                "operationId": "getOrder",
                "parameters": [
                    {
                        "name": "order_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    },
                    {"name": "X-Trace", "in": "header", "schema": {"type": "string"}},
                ],
                "responses": {
                    "200": {"description": "The order.", "content": json_content(ref("Order"))},
                    "404": {"description": "No such order.", "content": json_content(ref("Error"))},
                },
            }
        },
    },
}

LIST = ("paths", "/orders", "get")
EVENTS = ("paths", "/events", "get")
EVENTS_PAGE = (*EVENTS, "responses", "200", "content", "application/json", "schema")
CREATE = ("paths", "/orders", "post")
GET = ("paths", "/orders/{order_id}", "get")
SCHEMAS = ("components", "schemas")


def at(doc: Doc, *path: str | int) -> Any:
    node: Any = doc
    for key in path:
        node = node[key]
    return node


def param(doc: Doc, op: tuple[str, ...], name: str) -> dict[str, Any]:
    found: dict[str, Any] = next(p for p in at(doc, *op, "parameters") if p["name"] == name)
    return found


def prop(doc: Doc, model: str, name: str) -> dict[str, Any]:
    found: dict[str, Any] = at(doc, *SCHEMAS, model, "properties", name)
    return found


@dataclass(frozen=True)
class Case:
    name: str
    edit: Callable[[Doc], None]
    forward: Expected  # BASE -> edited
    backward: Expected | None = None  # edited -> BASE; None: not checked this way

    def documents(self) -> tuple[Doc, Doc]:
        edited = copy.deepcopy(BASE)
        self.edit(edited)
        return copy.deepcopy(BASE), edited


def _e(*pairs: tuple[str, str]) -> Expected:
    return tuple(sorted(pairs))


B, W, I = "breaking", "warning", "info"  # noqa: E741 (read as the levels)


def _add_operation(d: Doc) -> None:
    d["paths"]["/refunds"] = {
        "get": {
            "operationId": "listRefunds",
            "responses": {
                "200": {"description": "ok", "content": json_content({"type": "string"})}
            },
        }
    }


def _rename_component(d: Doc, old: str, new: str) -> None:
    schemas = at(d, *SCHEMAS)
    schemas[new] = schemas.pop(old)
    text = json.dumps(d).replace(f'"#/components/schemas/{old}"', f'"#/components/schemas/{new}"')
    d.clear()
    d.update(json.loads(text))


def _inline_listing(d: Doc) -> None:
    # The list response's items written inline instead of as a $ref to Item... of Order.
    at(d, *LIST, "responses", "200", "content", "application/json")["schema"] = {
        "type": "array",
        "items": copy.deepcopy(at(d, *SCHEMAS, "Item")),
    }


def _item_listing(d: Doc) -> None:
    at(d, *LIST, "responses", "200", "content", "application/json")["schema"] = {
        "type": "array",
        "items": ref("Item"),
    }


def _security_on_list(scopes: list[str]) -> Callable[[Doc], None]:
    def edit(d: Doc) -> None:
        at(d, *LIST)["security"] = [{"oauth": scopes}]

    return edit


def _no_security_on_list(d: Doc) -> None:
    at(d, *LIST)["security"] = []


def _required_body(required: bool) -> Callable[[Doc], None]:
    def edit(d: Doc) -> None:
        at(d, *CREATE, "requestBody")["required"] = required

    return edit


def _seq(*edits: Callable[[Doc], None]) -> Callable[[Doc], None]:
    def edit(d: Doc) -> None:
        for one in edits:
            one(d)

    return edit


def _set(path: tuple[Any, ...], value: Any) -> Callable[[Doc], None]:
    def edit(d: Doc) -> None:
        at(d, *path[:-1])[path[-1]] = copy.deepcopy(value)

    return edit


def _delete(path: tuple[Any, ...]) -> Callable[[Doc], None]:
    def edit(d: Doc) -> None:
        del at(d, *path[:-1])[path[-1]]

    return edit


def _param_set(op: tuple[str, ...], name: str, key: str, value: Any) -> Callable[[Doc], None]:
    def edit(d: Doc) -> None:
        param(d, op, name)[key] = copy.deepcopy(value)

    return edit


def _param_schema(op: tuple[str, ...], name: str, key: str, value: Any) -> Callable[[Doc], None]:
    def edit(d: Doc) -> None:
        param(d, op, name)["schema"][key] = copy.deepcopy(value)

    return edit


def _add_param(op: tuple[str, ...], entry: dict[str, Any]) -> Callable[[Doc], None]:
    def edit(d: Doc) -> None:
        at(d, *op, "parameters").append(copy.deepcopy(entry))

    return edit


def _prop_set(model: str, name: str, key: str, value: Any) -> Callable[[Doc], None]:
    def edit(d: Doc) -> None:
        at(d, *SCHEMAS, model, "properties").setdefault(name, {})[key] = copy.deepcopy(value)

    return edit


def _required(model: str, names: list[str]) -> Callable[[Doc], None]:
    return _set((*SCHEMAS, model, "required"), names)


def _rename_path_param(d: Doc) -> None:
    item = d["paths"].pop("/orders/{order_id}")
    item["get"]["parameters"][0]["name"] = "id"
    d["paths"]["/orders/{id}"] = item


def _auth_api_key(d: Doc) -> None:
    at(d, "components", "securitySchemes")["bearer"] = {
        "type": "apiKey",
        "in": "header",
        "name": "X-Api-Key",
    }


CASES: tuple[Case, ...] = (
    # operations
    Case(
        "operation-added", _add_operation, _e(("operation-added", I)), _e(("operation-removed", B))
    ),
    Case(
        "operation-renamed",
        _set((*GET, "operationId"), "fetchOrder"),
        _e(("operation-renamed", B)),
        _e(("operation-renamed", B)),
    ),
    Case(
        "operation-deprecated",
        _set((*GET, "deprecated"), True),
        _e(("operation-deprecated", W)),
        _e(("operation-undeprecated", I)),
    ),
    Case(
        "operation-summary-changed",
        _set((*LIST, "summary"), "List every order"),
        _e(("operation-summary-changed", I)),
    ),
    Case(
        "operation-description-changed",
        _set((*LIST, "description"), "All of them."),
        _e(("operation-description-changed", I)),
    ),
    Case(
        "operation-security-added",
        _no_security_on_list,
        _e(("operation-security-removed", I)),
        _e(("operation-security-added", B)),
    ),
    Case(
        "operation-security-changed",
        _seq(_security_on_list(["read"])),
        # An OAuth token is sent as a bearer token: the client's credential is the same.
        _e(("operation-security-changed", W)),
        _e(("operation-security-changed", W)),
    ),
    # parameters
    Case(
        "parameter-added-optional",
        _add_param(LIST, {"name": "sort", "in": "query", "schema": {"type": "string"}}),
        _e(("parameter-added-optional", I)),
        _e(("parameter-removed", B)),
    ),
    Case(
        "parameter-added-required",
        _add_param(
            LIST, {"name": "region", "in": "query", "required": True, "schema": {"type": "string"}}
        ),
        _e(("parameter-added-required", B)),
        _e(("parameter-removed", B)),
    ),
    Case(
        "parameter-became-required",
        _param_set(LIST, "cursor", "required", True),
        _e(("parameter-became-required", B)),
        _e(("parameter-became-optional", I)),
    ),
    Case(
        "parameter-moved",
        _param_set(GET, "X-Trace", "in", "query"),
        _e(("parameter-moved", W)),
        _e(("parameter-moved", W)),
    ),
    Case(
        "parameter-renamed",
        _rename_path_param,
        _e(("parameter-renamed", B)),
        _e(("parameter-renamed", B)),
    ),
    Case(
        "parameter-type-changed",
        _param_schema(LIST, "cursor", "type", "integer"),
        _e(("parameter-type-changed", B)),
        _e(("parameter-type-changed", B)),
    ),
    Case(
        "parameter-type-widened",
        _param_schema(LIST, "cursor", "type", ["string", "integer"]),
        _e(("parameter-type-changed", I)),
        _e(("parameter-type-changed", B)),
    ),
    Case(
        "parameter-format-changed",
        _param_schema(LIST, "limit", "format", "int64"),
        _e(("parameter-format-changed", W)),
        _e(("parameter-format-changed", W)),
    ),
    Case(
        "parameter-default-changed",
        _param_schema(LIST, "limit", "default", 50),
        _e(("parameter-default-changed", W)),
        _e(("parameter-default-changed", W)),
    ),
    Case(
        "parameter-constraint-tightened",
        _param_schema(LIST, "limit", "maximum", 50),
        _e(("parameter-constraint-tightened", B)),
        _e(("parameter-constraint-loosened", I)),
    ),
    Case(
        "parameter-constraint-added",
        _param_schema(LIST, "cursor", "pattern", "^[a-z]+$"),
        _e(("parameter-constraint-tightened", B)),
        _e(("parameter-constraint-loosened", I)),
    ),
    Case(
        "parameter-pattern-matches-anything",
        _param_schema(LIST, "cursor", "pattern", ".*"),
        (),
        (),
    ),
    Case(
        "parameter-became-enum",
        _param_schema(LIST, "cursor", "enum", ["first", "last"]),
        # `CursorParam | str` in Python, wider than `str`; the server takes two values.
        _e(("parameter-became-enum", B), ("model-added", I)),
        _e(("parameter-type-changed", I), ("model-removed", B)),
    ),
    Case(
        "parameter-deprecated",
        _param_set(LIST, "cursor", "deprecated", True),
        _e(("parameter-deprecated", W)),
        (),
    ),
    Case(
        "parameter-serialization-changed",
        _param_set(LIST, "ids", "style", "pipeDelimited"),
        _e(("parameter-serialization-changed", I)),
        _e(("parameter-serialization-changed", I)),
    ),
    Case(
        "parameter-description-changed",
        _param_set(LIST, "limit", "description", "How many, at most."),
        _e(("parameter-description-changed", I)),
    ),
    Case(
        "parameter-enum",
        _add_param(
            LIST,
            {"name": "state", "in": "query", "schema": {"type": "string", "enum": ["a", "b"]}},
        ),
        _e(("parameter-added-optional", I), ("model-added", I)),
        _e(("parameter-removed", B), ("model-removed", B)),
    ),
    # request bodies
    Case(
        "request-body-added",
        _delete((*CREATE, "requestBody")),
        _e(("request-body-removed", B)),
        _e(("request-body-added", B)),
    ),
    Case(
        "request-body-added-optional",
        _set((*GET, "requestBody"), {"content": json_content({"type": "string"})}),
        _e(("request-body-added", I)),
        _e(("request-body-removed", B)),
    ),
    Case(
        "request-body-became-optional",
        _required_body(False),
        _e(("request-body-became-optional", I)),
        _e(("request-body-became-required", B)),
    ),
    Case(
        "request-body-media-type-changed",
        _set(
            (*CREATE, "requestBody", "content"),
            {"application/x-www-form-urlencoded": {"schema": ref("NewOrder")}},
        ),
        _e(("request-body-media-type-changed", B)),
        _e(("request-body-media-type-changed", B)),
    ),
    Case(
        "request-body-media-type-same-kind",
        _set(
            (*CREATE, "requestBody", "content"),
            {"application/vnd.shop+json": {"schema": ref("NewOrder")}},
        ),
        _e(("request-body-media-type-changed", W)),
        _e(("request-body-media-type-changed", W)),
    ),
    Case(
        "request-body-type-changed",
        _set((*CREATE, "requestBody", "content"), json_content(ref("Item"))),
        # NewOrder stays a component, so its class stays.
        _e(("request-body-type-changed", B)),
        _e(("request-body-type-changed", B)),
    ),
    # responses
    Case(
        "response-status-added",
        _set((*CREATE, "responses", "202"), {"description": "Queued."}),
        _e(("response-status-added", I)),
        # The 202 had no body: the method returned None for it, as for any bodiless 2xx.
        _e(("response-status-removed", I)),
    ),
    Case(
        "response-success-status-removed",
        _delete((*CREATE, "responses", "201")),
        _e(("response-status-removed", B)),
        _e(("response-status-added", I)),
    ),
    Case(
        "response-error-status-removed",
        _delete((*GET, "responses", "404")),
        _e(("response-status-removed", W)),
        _e(("response-status-added", I)),
    ),
    Case(
        "response-media-type-changed",
        _set((*GET, "responses", "200", "content"), {"text/plain": {"schema": {"type": "string"}}}),
        _e(("response-media-type-changed", B)),
        _e(("response-media-type-changed", B)),
    ),
    Case(
        "response-type-changed",
        _item_listing,
        _e(("response-type-changed", B)),
        _e(("response-type-changed", B)),
    ),
    Case(
        "response-description-changed",
        _set((*GET, "responses", "200", "description"), "One order."),
        _e(("response-description-changed", I)),
    ),
    # models
    Case(
        "model-added",
        _set((*SCHEMAS, "Refund"), {"type": "object", "properties": {"id": {"type": "string"}}}),
        _e(("model-added", I)),
        _e(("model-removed", B)),
    ),
    Case(
        "model-renamed",
        lambda d: _rename_component(d, "Item", "LineItem"),
        _e(("model-renamed", B)),
        _e(("model-renamed", B)),
    ),
    Case(
        "model-kind-changed",
        _set((*SCHEMAS, "Tags"), {"type": "object", "properties": {"names": {"type": "string"}}}),
        _e(("model-kind-changed", B)),
        _e(("model-kind-changed", B)),
    ),
    Case(
        "model-deprecated",
        _set((*SCHEMAS, "Item", "deprecated"), True),
        _e(("model-deprecated", W)),
        (),
    ),
    Case(
        "model-description-changed",
        _set((*SCHEMAS, "Order", "description"), "An order placed."),
        _e(("model-description-changed", I)),
    ),
    Case(
        "property-added-response",
        _prop_set("Order", "tracking", "type", "string"),
        _e(("property-added", I)),
        _e(("property-removed", B)),
    ),
    Case(
        "property-added-required-request",
        _seq(
            _prop_set("NewOrder", "currency", "type", "string"),
            _required("NewOrder", ["sku", "currency"]),
        ),
        _e(("property-added", B)),
        _e(("property-removed", B)),
    ),
    Case(
        "property-became-required-response",
        _required("Order", ["id", "status", "note"]),
        _e(("property-became-required", I)),
        _e(("property-became-optional", B)),
    ),
    Case(
        "property-became-required-request",
        _required("NewOrder", ["sku", "kind"]),
        _e(("property-became-required", B)),
        _e(("property-became-optional", I)),
    ),
    Case(
        "property-type-narrowed-response",
        _prop_set("Order", "total", "type", "integer"),
        _e(("property-type-changed", I)),
        _e(("property-type-changed", B)),
    ),
    Case(
        "property-became-nullable-response",
        _prop_set("Order", "id", "type", ["string", "null"]),
        _e(("property-became-nullable", B)),
        _e(("property-type-changed", I)),
    ),
    Case(
        "property-became-nullable-request",
        _prop_set("NewOrder", "sku", "type", ["string", "null"]),
        _e(("property-became-nullable", I)),
        _e(("property-type-changed", B)),
    ),
    Case(
        "property-became-enum",
        _prop_set("NewOrder", "sku", "enum", ["A1", "B2"]),
        _e(("property-became-enum", B), ("model-added", I)),
        _e(("property-type-changed", I), ("model-removed", B)),
    ),
    Case(
        "property-became-not-nullable-request",
        _prop_set("NewOrder", "qty", "type", ["integer", "null"]),
        # `qty: int | None = 1` in Python either way: a caller setting it to None sends
        # null, which only the edited document accepts.
        (),
        _e(("property-became-not-nullable", B)),
    ),
    Case(
        "request-schema-tightened",
        _set((*SCHEMAS, "NewOrder", "dependentRequired"), {"kind": ["qty"]}),
        _e(("request-schema-tightened", B)),
        _e(("request-schema-loosened", I)),
    ),
    Case(
        "response-schema-keyword",
        _set((*SCHEMAS, "Item", "not"), {"required": ["sku", "qty"]}),
        # Item is only answered: the old parser reads what it did.
        (),
        (),
    ),
    Case(
        "property-format-changed",
        _prop_set("Item", "sku", "format", "email"),
        _e(("property-format-changed", W)),
        _e(("property-format-changed", W)),
    ),
    Case(
        "property-default-changed",
        _prop_set("NewOrder", "qty", "default", 2),
        _e(("property-default-changed", W)),
        _e(("property-default-changed", W)),
    ),
    Case(
        "property-constraint-tightened-request",
        _prop_set("NewOrder", "sku", "maxLength", 10),
        _e(("property-constraint-tightened", B)),
        _e(("property-constraint-loosened", I)),
    ),
    Case(
        "property-constraint-loosened-response",
        lambda d: prop(d, "Order", "total").pop("minimum"),
        _e(("property-constraint-loosened", W)),
        _e(("property-constraint-tightened", I)),
    ),
    Case(
        "property-access-changed",
        _prop_set("Order", "note", "readOnly", True),
        _e(("property-access-changed", W)),
        _e(("property-access-changed", W)),
    ),
    Case(
        "property-deprecated",
        _prop_set("Order", "note", "deprecated", True),
        _e(("property-deprecated", W)),
        (),
    ),
    Case(
        "property-description-changed",
        _prop_set("Order", "note", "description", "A longer note."),
        _e(("property-description-changed", I)),
    ),
    Case(
        "enum-value-added-response",
        lambda d: at(d, *SCHEMAS, "OrderStatus", "enum").append("refunded"),
        _e(("enum-value-added", W)),
        _e(("enum-value-removed", B)),
    ),
    Case(
        "enum-value-added-request",
        _prop_set("NewOrder", "kind", "enum", ["standard", "express", "overnight"]),
        _e(("enum-value-added", I)),
        _e(("enum-value-removed", B)),
    ),
    Case(
        "enum-member-renamed",
        _set(
            (*SCHEMAS, "OrderStatus", "enum"), ["pending", "paid", "shipped", "on_hold", "on-hold"]
        ),
        _e(("enum-member-renamed", B), ("enum-member-renamed", B)),
        _e(("enum-member-renamed", B), ("enum-member-renamed", B)),
    ),
    Case(
        "alias-type-changed",
        _set((*SCHEMAS, "Tags", "items"), {"type": "integer"}),
        _e(("alias-type-changed", B)),
        _e(("alias-type-changed", B)),
    ),
    Case(
        "discriminator-changed",
        _set((*SCHEMAS, "Pet", "discriminator", "mapping", "feline"), "#/components/schemas/Cat"),
        _e(("discriminator-changed", W)),
        _e(("discriminator-changed", B)),
    ),
    # pagination
    Case(
        "pagination-added",
        _set((*LIST, "responses", "200", "headers"), {"Link": {"schema": {"type": "string"}}}),
        _e(("pagination-added", B)),
        _e(("pagination-removed", B)),
    ),
    Case(
        "pagination-removed",
        _seq(_delete((*EVENTS, "parameters", 0))),
        _e(("parameter-removed", B), ("pagination-removed", B)),
        _e(("parameter-added-optional", I), ("pagination-added", B)),
    ),
    Case(
        "pagination-style-changed",
        _seq(
            _set(
                (*EVENTS, "parameters", 0),
                {"name": "cursor", "in": "query", "schema": {"type": "string"}},
            ),
            _set((*EVENTS_PAGE, "properties", "next_cursor"), {"type": "string"}),
        ),
        _e(
            ("parameter-removed", B),
            ("parameter-added-optional", I),
            ("property-added", I),
            ("pagination-style-changed", B),
        ),
        _e(
            ("parameter-removed", B),
            ("parameter-added-optional", I),
            ("property-removed", B),
            ("pagination-style-changed", B),
        ),
    ),
    Case(
        "pagination-parameter-changed",
        _set((*EVENTS, "parameters", 0, "name"), "skip"),
        _e(
            ("parameter-removed", B),
            ("parameter-added-optional", I),
            ("pagination-parameter-changed", B),
        ),
        _e(
            ("parameter-removed", B),
            ("parameter-added-optional", I),
            ("pagination-parameter-changed", B),
        ),
    ),
    Case(
        "pagination-size-parameter-changed",
        _set((*EVENTS, "parameters", 1, "name"), "per_page"),
        _e(
            ("parameter-removed", B),
            ("parameter-added-optional", I),
            ("pagination-parameter-changed", I),
        ),
        _e(
            ("parameter-removed", B),
            ("parameter-added-optional", I),
            ("pagination-parameter-changed", I),
        ),
    ),
    Case(
        "pagination-signal-changed",
        _seq(
            _delete((*EVENTS_PAGE, "properties", "total")),
            _set((*EVENTS_PAGE, "properties", "has_more"), {"type": "boolean"}),
        ),
        _e(("property-removed", B), ("property-added", I), ("pagination-signal-changed", I)),
        _e(("property-removed", B), ("property-added", I), ("pagination-signal-changed", I)),
    ),
    # client, auth, servers
    Case(
        "api-version-changed",
        _set(("info", "version"), "1.1"),
        _e(("api-version-changed", I)),
    ),
    Case(
        "api-description-changed",
        _set(("info", "description"), "Orders and refunds."),
        _e(("api-description-changed", I)),
    ),
    Case(
        "auth-changed",
        _auth_api_key,
        _e(
            ("auth-changed", B),
            ("security-scheme-changed", W),
            ("security-scheme-changed", W),
            ("security-scheme-changed", W),
            ("security-scheme-changed", W),
        ),
    ),
    Case(
        "auth-became-optional",
        _set(("security",), [{"bearer": []}, {}]),
        _e(("auth-became-optional", I), *[("operation-security-removed", I)] * 4),
        _e(("auth-became-required", B), *[("operation-security-added", B)] * 4),
    ),
    Case(
        "security-scheme-added",
        _set(
            ("components", "securitySchemes", "key"),
            {"type": "apiKey", "in": "query", "name": "key"},
        ),
        _e(("security-scheme-added", I)),
        _e(("security-scheme-removed", W)),
    ),
    Case(
        "security-scope-added",
        _set(
            (
                "components",
                "securitySchemes",
                "oauth",
                "flows",
                "clientCredentials",
                "scopes",
                "admin",
            ),
            "everything",
        ),
        _e(("security-scope-added", I)),
        _e(("security-scope-removed", W)),
    ),
    Case(
        "server-url-changed",
        _set(("servers", 0, "url"), "https://api.shop.example/v2"),
        _e(("server-url-changed", W)),
        _e(("server-url-changed", W)),
    ),
    Case(
        "server-added",
        _set(
            ("servers",),
            [
                {"url": "https://api.shop.example/v1"},
                {"url": "https://sandbox.shop.example/v1"},
                {"url": "https://eu.shop.example/v1"},
            ],
        ),
        _e(("server-added", I)),
        _e(("server-removed", I)),
    ),
)
