"""A document's record is cached by content: found again without building, never stale."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

import generator.change.diff as diffing
from generator.cache import Cache
from generator.loader.document import DEFAULT_POLICY
from generator.loader.limits import DEFAULT_LIMITS
from tests.diff.cases import BASE
from tests.diff.support import write_yaml

OPTIONS = diffing.Options(True, DEFAULT_LIMITS, DEFAULT_POLICY)


def _no_build(*args: object, **kwargs: object) -> None:
    raise AssertionError("built although cached")


def _records(old: Path, new: Path, store: Cache) -> tuple[object, object]:
    return diffing.records(diffing.open_side(old), diffing.open_side(new), store, OPTIONS)


def test_both_sides_found_again_without_building(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Cache(tmp_path / "cache")
    old = write_yaml(tmp_path / "old" / "openapi.yaml", BASE)
    doc = {**BASE, "info": {**BASE["info"], "version": "2"}}
    new = write_yaml(tmp_path / "new" / "openapi.yaml", doc)
    first = _records(old, new, store)
    monkeypatch.setattr(diffing, "build_client", _no_build)
    assert _records(old, new, store) == first


def test_a_changed_referenced_file_is_a_miss(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Cache(tmp_path / "cache")
    root = {
        "openapi": "3.1.0",
        "info": {"title": "Split", "version": "1"},
        "paths": {},
        "components": {"schemas": {"Thing": {"$ref": "thing.yaml"}}},
    }
    for side in ("old", "new"):
        write_yaml(tmp_path / side / "openapi.yaml", root)
        write_yaml(
            tmp_path / side / "thing.yaml",
            {"type": "object", "properties": {"id": {"type": "string"}}},
        )
    old, new = tmp_path / "old" / "openapi.yaml", tmp_path / "new" / "openapi.yaml"
    _records(old, new, store)
    write_yaml(
        tmp_path / "new" / "thing.yaml",
        {"type": "object", "properties": {"id": {"type": "integer"}}},
    )
    built: list[object] = []
    real = diffing.build_client  # type: ignore[attr-defined]

    def counting(*args: object, **kwargs: object) -> object:
        built.append(args[0])
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(diffing, "build_client", counting)
    # No fork: a build of either side happens here, where it is counted.
    monkeypatch.setattr("sys.platform", "darwin")
    _old_record, new_record = _records(old, new, store)
    assert len(built) == 1  # the new side only: its referenced file changed
    assert isinstance(new_record, dict)
    field = new_record["models"]["Thing"]["fields"]["id"]
    assert field["type"] == {"nullable": "int"}


def test_a_forked_build_hands_over_the_record_it_caches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The old side, built in a forked child, arrives as JSON text: the same record as
    one built in this process, and the same the child's cache entry gives back."""
    old = write_yaml(tmp_path / "old" / "openapi.yaml", BASE)
    doc = {**BASE, "info": {**BASE["info"], "version": "2"}}
    new = write_yaml(tmp_path / "new" / "openapi.yaml", doc)
    store = Cache(tmp_path / "cache")
    forked = _records(old, new, store)
    # Both documents have one title, so the old side is built with the names it gives.
    built_here, _, _ = diffing.Builder(Cache(None), OPTIONS).build(diffing.open_side(old), None)
    assert forked[0] == built_here
    monkeypatch.setattr(diffing, "build_client", _no_build)
    assert _records(old, new, store) == forked


def test_diff_leaves_the_collector_as_it_found_it(tmp_path: Path) -> None:
    old = write_yaml(tmp_path / "old" / "openapi.yaml", BASE)
    for enabled in (True, False):
        (gc.enable if enabled else gc.disable)()
        try:
            status, _ = diffing.run(
                old,
                old,
                fmt="json",
                fail_on=None,
                no_docs=False,
                store=Cache(None),
                options=OPTIONS,
            )
            assert status == diffing.EXIT_SAME
            assert gc.isenabled() is enabled
        finally:
            gc.enable()
