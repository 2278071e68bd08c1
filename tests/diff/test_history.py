"""Golden change reports for every two consecutive versions in ../shared/spec-history.

``python -m tests.diff.history_support`` rewrites them (review the diff it makes).

How they were checked against the documents themselves:

- Read in full, every line of the report against ``diff`` of the two versions: all of
  sendgrid-mc-contacts (5 pairs), twilio-video-v1-recent (3) and openai-recent (4).
- The large jumps were sampled; the samples are asserted below, each one read in both
  versions: twilio-video-v1 2020-11-25..2021-05-19, together 2024-01-17..2025-01-10,
  discord 2024-07-11..2025-07-28 and openai 2024-12-18..2026-08-21.
- openai 2024-04-25 cannot be read: it defines the YAML anchor
  ``run_temperature_description`` twice (line 9790), which YAML 1.2 allows and PyYAML
  refuses. Its two pairs' golden files hold that finding, as ``diff`` prints it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.diff.history_support import golden_path, pairs, report_text

pytestmark = pytest.mark.corpus

PAIRS = pairs()


@pytest.mark.parametrize(("name", "old", "new"), PAIRS, ids=[p[0] for p in PAIRS])
def test_golden_report(name: str, old: Path, new: Path) -> None:
    golden = golden_path(name)
    assert golden.is_file(), (
        f"no golden report for {name}; run python -m tests.diff.history_support"
    )
    assert report_text(old, new) == golden.read_text("utf-8")


def _changes(name: str) -> list[dict[str, Any]]:
    changes: list[dict[str, Any]] = json.loads(golden_path(name).read_text("utf-8"))["changes"]
    return changes


def _has(name: str, **fields: Any) -> bool:
    return any(all(c.get(k) == v for k, v in fields.items()) for c in _changes(name))


def test_every_pair_has_a_golden_report() -> None:
    names = {name for name, _old, _new in PAIRS}
    on_disk = {
        str(p.relative_to(golden_path("x").parent)).removesuffix(".json")
        for p in golden_path("x").parent.rglob("*.json")
    }
    assert len(PAIRS) == 28
    assert on_disk == names


def test_small_diffs_read_in_full() -> None:
    # Nearly identical versions: only an x- extension added, or nothing at all.
    assert _changes("twilio-video-v1-recent/2026-01-22-a14fdca..2026-02-05-55a17be") == []
    assert _changes("sendgrid-mc-contacts/2024-07-09-7200424..2024-08-05-65c6c15") == []
    # One optional form field added to a request body.
    (added,) = _changes("twilio-video-v1-recent/2026-02-05-55a17be..2026-02-18-67e9f3a")
    assert (added["id"], added["level"]) == ("property-added", "info")
    assert added["python"] == "models.UpdateRoomTranscriptionsBody.configuration"
    # The enum's values reordered (no change) and a description added.
    (described,) = _changes("twilio-video-v1-recent/2026-02-18-67e9f3a..2026-04-14-d50069b")
    assert described["id"] == "model-description-changed"
    # geography became residency: gone from two request models, added to three places.
    name = "openai-recent/2026-08-21-13c6a94..2026-08-21-f85dbe2"
    assert sorted((c["id"], c["python"]) for c in _changes(name)) == [
        ("model-added", "models.PublicProjectResidency"),
        ("property-added", "models.Project.residency"),
        ("property-added", "models.ProjectCreateRequest.residency"),
        ("property-removed", "models.ProjectCreateRequest.geography"),
        ("property-removed", "models.ProjectUpdateRequest.geography"),
    ]
    # Request items that were objects are now strings; their class is gone.
    name = "sendgrid-mc-contacts/2024-08-05-65c6c15..2025-02-11-2a6ae18"
    assert _has(
        name,
        id="property-type-changed",
        level="breaking",
        python="models.GetContactByIdentifiersBody.identifiers",
    )
    # Inline enums moved behind $refs: renamed classes, never fields removed and added.
    name = "sendgrid-mc-contacts/2024-05-23-3b43bae..2024-06-18-9389a89"
    renames = {c["message"] for c in _changes(name) if c["id"] == "model-renamed"}
    assert "the class ContactExportStatus is now Status." in renames
    assert not _has(name, id="property-removed")
    # operationIds given to 15 operations: 15 methods renamed.
    name = "sendgrid-mc-contacts/2024-06-18-9389a89..2024-07-09-7200424"
    assert sum(c["id"] == "operation-renamed" for c in _changes(name)) == 15


def test_large_jumps_sampled() -> None:
    name = "twilio-video-v1/2020-11-25-cfdfcd4..2021-05-19-1ca3b2e"
    # The lower-case duplicates of the HTTP methods left the callback-method enums.
    assert _has(
        name,
        id="enum-value-removed",
        level="breaking",
        message="the value 'put' is gone "
        "(member models.VideoV1CompositionHookStatusCallbackMethod.PUT).",
    )
    name = "together/2024-01-17-c08b580..2025-01-10-4009bd1"
    assert _has(name, id="operation-removed", operation="POST /inference")
    assert _has(
        name,
        id="server-url-changed",
        message="the default base URL is now 'https://api.together.xyz/v1' "
        "(was 'https://api.together.xyz/').",
    )
    assert _has(
        name, id="server-removed", message="the server 'https://api.together.xyz/api/' is gone."
    )
    name = "discord/2024-07-11-879a8e6..2025-07-28-df66b34"
    assert _has(
        name,
        id="response-status-added",
        operation="DELETE /webhooks/{webhook_id}/{webhook_token}/messages/@original",
        message="new 429 response (RatelimitedResponse).",
    )
    name = "openai/2024-12-18-25be478..2026-08-21-f85dbe2"
    assert _has(
        name,
        id="property-format-changed",
        level="warning",
        python="models.VectorStoreFileObject.created_at",
        line=65548,
    )
    # The fine-tuning events gained has_more beside `after`: the method now pages, its
    # cursor the last event's id.
    assert _has(
        name,
        id="pagination-added",
        level="breaking",
        python="OpenAIAPIClient.list_fine_tuning_events",
    )
    # Training sessions were a bare array with offset and limit (no end to read); they
    # are now {data, meta: {next_cursor, has_more}} with `after`.
    assert _has(
        "together/2026-02-17-1edb805..2026-04-28-090263a",
        id="pagination-added",
        operation="GET /rl/training-sessions",
        message="the method now returns a Page of the list's items (cursor paging by "
        "'after') instead of the response model.",
    )


def test_unreadable_version_is_reported() -> None:
    for name in (
        "openai/2022-01-19-66e329a..2024-04-25-c3bd52f",
        "openai/2024-04-25-c3bd52f..2024-12-18-25be478",
    ):
        findings = json.loads(golden_path(name).read_text("utf-8"))["unreadable"]
        assert findings == [
            "openai/2024-04-25-c3bd52f.yaml:9790: error [parse]: cannot parse: second "
            "occurrence; fix the syntax at this line."
        ]
