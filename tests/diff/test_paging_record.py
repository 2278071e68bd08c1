"""The API record carries how an operation pages, and only a paginated one has the key."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from generator.cache import NO_CACHE
from generator.change.diff import Options, open_side, records
from generator.change.record import check_record
from generator.loader.document import DEFAULT_POLICY
from generator.loader.limits import DEFAULT_LIMITS
from generator.model.findings import GenerationError
from tests.diff.cases import BASE
from tests.diff.support import write_yaml


def _record(tmp_path: Path, doc: dict[str, Any]) -> dict[str, Any]:
    path = write_yaml(tmp_path / "openapi.yaml", doc)
    options = Options(False, DEFAULT_LIMITS, DEFAULT_POLICY)
    record: dict[str, Any] = records(open_side(path), open_side(path), NO_CACHE, options)[0]
    return record


def test_a_paginated_operation_records_its_paging(tmp_path: Path) -> None:
    operations = _record(tmp_path, BASE)["operations"]
    assert operations["GET /events"]["paging"] == {
        "style": "offset",
        "param": "offset",
        "size_param": "limit",
        "items": ["data"],
        "item_type": {"ref": "Event"},
        "next": None,
        "from_item": None,
        "has_more": None,
        "total": ["total"],
        "total_is_pages": False,
        "source": "shape",
    }
    # The others have no key at all: records of APIs without lists read as before.
    assert [key for key, op in operations.items() if "paging" in op] == ["GET /events"]


def test_a_record_with_a_paging_of_another_shape_is_refused(tmp_path: Path) -> None:
    record = copy.deepcopy(_record(tmp_path, BASE))
    record["operations"]["GET /events"]["paging"] = ["offset"]
    with pytest.raises(GenerationError, match="paging is not an object"):
        check_record(record, "api.json")
