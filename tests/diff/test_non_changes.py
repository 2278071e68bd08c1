"""What is not a change: the same API written another way gives an empty report."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path

from tests.diff.cases import BASE, SCHEMAS, at, ref
from tests.diff.support import diff_paths, verdicts, write_yaml
from tests.support.reserialise import shuffled


def _base(tmp_path: Path) -> Path:
    return write_yaml(tmp_path / "old" / "openapi.yaml", BASE)


def test_yaml_and_json_with_keys_shuffled(tmp_path: Path) -> None:
    new = tmp_path / "new" / "openapi.json"
    new.parent.mkdir()
    new.write_text(json.dumps(shuffled(BASE, random.Random(7))), encoding="utf-8")
    assert verdicts(diff_paths(_base(tmp_path), new)) == ()


def test_quoting_and_anchors(tmp_path: Path) -> None:
    # The same document, with quoted scalars, flow style and an anchor reused by alias.
    yaml_with_anchor = tmp_path / "new" / "openapi.yaml"
    yaml_with_anchor.parent.mkdir()
    doc = copy.deepcopy(BASE)
    schemas = at(doc, *SCHEMAS)
    # Cat and Dog's `pet_type` written once under an anchor, then as an alias.
    lines = [
        "openapi: '3.1.0'",
        "info: " + json.dumps(doc["info"]),
        "servers: " + json.dumps(doc["servers"]),
        "security: " + json.dumps(doc["security"]),
        "paths: " + json.dumps(doc["paths"]),
        "components:",
        "  securitySchemes: " + json.dumps(doc["components"]["securitySchemes"]),
        "  schemas:",
    ]
    for name, schema in schemas.items():
        if name == "Cat":
            lines += [
                "    Cat:",
                '      type: "object"',
                "      required: ['pet_type']",
                "      properties:",
                "        pet_type: &pet_type {type: string}",
                "        purrs: {type: boolean}",
            ]
        elif name == "Dog":
            lines += [
                "    Dog:",
                "      type: object",
                "      required: [pet_type]",
                "      properties:",
                "        pet_type: *pet_type",
                '        "barks": {"type": "boolean"}',
            ]
        else:
            lines.append(f"    {json.dumps(name)}: {json.dumps(schema)}")
    yaml_with_anchor.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert verdicts(diff_paths(_base(tmp_path), yaml_with_anchor)) == ()


def test_properties_moved_into_all_of(tmp_path: Path) -> None:
    doc = copy.deepcopy(BASE)
    order = at(doc, *SCHEMAS, "Order")
    own = order.pop("properties")
    first = {k: own.pop(k) for k in ("id", "status")}
    order["allOf"] = [{"type": "object", "required": order.pop("required"), "properties": first}]
    order["properties"] = own
    new = write_yaml(tmp_path / "new" / "openapi.yaml", doc)
    assert verdicts(diff_paths(_base(tmp_path), new)) == ()


def test_ref_chain_to_the_same_schema(tmp_path: Path) -> None:
    doc = copy.deepcopy(BASE)
    at(doc, *SCHEMAS)["Status"] = ref("OrderStatus")
    at(doc, *SCHEMAS)["StatusAgain"] = ref("Status")
    at(doc, *SCHEMAS, "Order", "properties")["status"] = ref("StatusAgain")
    new = write_yaml(tmp_path / "new" / "openapi.yaml", doc)
    assert verdicts(diff_paths(_base(tmp_path), new)) == ()


def test_inline_schema_moved_behind_a_ref_is_a_rename_only(tmp_path: Path) -> None:
    # Item is used in one place; written inline there, it is the same model under the
    # name the builder gives an inline schema: a class renamed, no field added or lost.
    doc = copy.deepcopy(BASE)
    item = at(doc, *SCHEMAS).pop("Item")
    at(doc, *SCHEMAS, "Order", "properties", "items")["items"] = item
    new = write_yaml(tmp_path / "new" / "openapi.yaml", doc)
    report = diff_paths(_base(tmp_path), new)
    assert verdicts(report) == (("model-renamed", "breaking"),)
    assert report.changes[0].message == "the class Item is now OrderItemsItem."
    back = diff_paths(new, _base(tmp_path))
    assert verdicts(back) == (("model-renamed", "breaking"),)


def test_a_new_title_does_not_rename_the_client(tmp_path: Path) -> None:
    # With no config, the old document is built with the names the new one's title gives.
    doc = copy.deepcopy(BASE)
    doc["info"]["title"] = "Shop Orders"
    new = write_yaml(tmp_path / "new" / "openapi.yaml", doc)
    assert verdicts(diff_paths(_base(tmp_path), new)) == (("api-description-changed", "info"),)
