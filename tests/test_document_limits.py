"""The quick look at a document's shape never lets through what the full walk refuses."""

from __future__ import annotations

from typing import Any

import pytest

from generator.loader.limits import LoadLimits, _plainly_within, check_limits
from generator.model.findings import GenerationError

LIMITS = LoadLimits(max_depth=4, max_nodes=20)


def _nested(depth: int) -> dict[str, Any]:
    node: dict[str, Any] = {"leaf": 1}
    for _ in range(depth - 1):
        node = {"a": node}
    return node


def _refusal(data: Any) -> str | None:
    try:
        check_limits(data, "doc.yaml", lambda pointer: None, LIMITS)
    except GenerationError as exc:
        (finding,) = exc.findings
        return f"{finding.code} at {finding.pointer}"
    return None


def test_a_plain_tree_within_the_limits_passes_quickly() -> None:
    data = {"a": [1, 2, {"b": "c"}], "d": _nested(3)}
    assert _plainly_within(data, LIMITS)
    assert _refusal(data) is None


@pytest.mark.parametrize(
    ("data", "refusal"),
    [
        (_nested(5), "too-deep at /a/a/a/a"),
        ({"items": list(range(30))}, "too-large at /items"),
    ],
)
def test_over_a_limit_the_full_walk_names_the_place(data: Any, refusal: str) -> None:
    assert not _plainly_within(data, LIMITS)
    assert _refusal(data) == refusal


def test_a_shared_container_is_left_to_the_full_walk() -> None:
    shared = {"x": 1}
    data = {"a": shared, "b": shared}
    assert not _plainly_within(data, LIMITS)
    assert _refusal(data) is None  # within the limits, aliases counted where used


def test_a_cycle_is_left_to_the_full_walk() -> None:
    data: dict[str, Any] = {"a": {}}
    data["a"]["self"] = data
    assert not _plainly_within(data, LIMITS)
    assert _refusal(data) == "alias-cycle at /a/self"
