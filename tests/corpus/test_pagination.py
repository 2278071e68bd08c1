"""Pagination read from the real documents, held to a hand-checked survey of them.

pagination_survey.json copies from the survey (../drafts/pagination/survey.json, read by
hand) every paginated operation of the 21 documents with its style and tier, every
precision trap (a shape close to a page that is not one), and per document and style up
to three decisions in full. Each document is built in-process as ``generate`` builds
it. The tests pin what is found per document and style (README's real-world table),
hold every operation found to the survey (paginated there, in the same style: no false
positive, trap or other), and name each operation the document pages explicitly that
is missed, and why.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from generator.builder.client import build_client
from generator.builder.paging_body import Models, success_body
from generator.builder.project import document_names
from generator.loader.document import SpecDocument
from generator.model.api import Client, Operation, Paging
from tests.support.corpus import CORPUS, ROOT, read_sources

pytestmark = pytest.mark.corpus

SURVEY: dict[str, Any] = json.loads(
    (Path(__file__).parent / "pagination_survey.json").read_text("utf-8")
)["documents"]
NAMES = [entry.name for entry in read_sources()]

# What is found, per document and style: README's real-world table says the same.
FOUND: dict[str, dict[str, int]] = {
    "openai": {"cursor": 62},
    "github": {"link_header": 161, "page": 22, "offset": 3},
    "digitalocean": {"next_url": 80, "page": 4, "cursor": 1},
    "twilio-api-v2010": {"next_url": 60},
    "twilio-intelligence-v2": {"next_url": 8},
    "twilio-video-v1": {"next_url": 9},
    "adyen-management-v3": {"next_url": 13},
    "together": {"cursor": 1},
    "phrase-strings": {"link_header": 45},
}
# The operations the survey calls explicit (paging parameters and a response signal,
# both declared) that the shape rules leave alone, and why; a jobclient.yaml can state
# each of them.
MISSED: dict[tuple[str, str, str], str] = {
    ("oai-petstore", "GET", "/pets"): "its next link is a custom header, x-next",
    (
        "github",
        "GET",
        "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers",
    ): "two lists, users and teams: which one pages?",
    ("digitalocean", "GET", "/v2/droplets/backups/policies"): "its items are a map",
    (
        "discord",
        "GET",
        "/channels/{channel_id}/messages/pins",
    ): "`before` is the last item's pinned_at",
    (
        "discord",
        "GET",
        "/channels/{channel_id}/threads/archived/private",
    ): "threads and members; `before` is a thread's archive timestamp",
    (
        "discord",
        "GET",
        "/channels/{channel_id}/threads/archived/public",
    ): "threads and members; `before` is a thread's archive timestamp",
    (
        "discord",
        "GET",
        "/channels/{channel_id}/users/@me/threads/archived/private",
    ): "threads and members; `before` moves backwards",
    ("discord", "GET", "/channels/{channel_id}/threads/search"): "three lists in one page",
    ("discord", "GET", "/guilds/{guild_id}/messages/search"): "several lists in one page",
    (
        "phrase-strings",
        "POST",
        "/projects/{project_id}/keys/search",
    ): "a POST; its paging is a JSON object in a Pagination header",
    (
        "phrase-strings",
        "POST",
        "/projects/{project_id}/translations/search",
    ): "a POST; its paging is a JSON object in a Pagination header",
}
# Found in another style than the survey's, and why that style pages it as well.
OTHER_STYLE: dict[tuple[str, str, str], tuple[str, str]] = {
    ("digitalocean", "GET", "/v2/dedicated-inferences"): (
        "page",
        "its next link is named only as a key of a map (links.pages); page, per_page "
        "and meta.pages page it",
    ),
}


@pytest.fixture(scope="module")
def clients() -> dict[str, Client]:
    built: dict[str, Client] = {}
    for entry in read_sources():
        doc = SpecDocument.open(CORPUS / entry.entry, entry.entry)
        names = document_names(doc, entry.package)
        built[entry.name], _ = build_client(doc, names, (), None, with_fake=False)
    return built


def _paged(client: Client) -> dict[tuple[str, str], Operation]:
    return {(op.method, op.path): op for op in client.operations if op.paging is not None}


@pytest.mark.parametrize("name", NAMES)
def test_found_per_style(clients: dict[str, Client], name: str) -> None:
    styles = Counter(op.paging.style for op in _paged(clients[name]).values() if op.paging)
    assert dict(styles) == FOUND.get(name, {})


@pytest.mark.parametrize("name", NAMES)
def test_every_operation_found_is_paginated_in_the_survey(
    clients: dict[str, Client], name: str
) -> None:
    survey = {(m, p): style for m, p, style, _tier in SURVEY[name]["paginated"]}
    traps = {(m, p) for m, p in SURVEY[name]["traps"]}
    for key, op in _paged(clients[name]).items():
        assert op.paging is not None
        assert key not in traps, f"a trap is paginated: {key}"
        assert key in survey, f"paginated, not in the survey: {key} {op.paging}"
        expected = OTHER_STYLE.get((name, *key), (survey[key], ""))[0]
        assert op.paging.style == expected, key


@pytest.mark.parametrize("name", NAMES)
def test_explicit_operations_are_found_unless_missed_on_purpose(
    clients: dict[str, Client], name: str
) -> None:
    paged = _paged(clients[name])
    missed = {
        (name, m, p)
        for m, p, _style, tier in SURVEY[name]["paginated"]
        if tier == "explicit" and (m, p) not in paged
    }
    assert missed == {key for key in MISSED if key[0] == name}


def test_the_survey_totals() -> None:
    # 539 paginated operations, 480 of them explicit, and 127 traps.
    paginated = [e for doc in SURVEY.values() for e in doc["paginated"]]
    assert len(paginated) == 539
    assert sum(e[3] == "explicit" for e in paginated) == 480
    assert sum(len(doc["traps"]) for doc in SURVEY.values()) == 127
    assert sum(sum(counts.values()) for counts in FOUND.values()) == 469


def test_readme_table_says_what_is_found() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    styles = ("offset", "page", "cursor", "next_url", "link_header")
    rows: dict[str, dict[str, int]] = {}
    for line in readme.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 8 and cells[0] in NAMES:
            rows[cells[0]] = {s: int(c) for s, c in zip(styles, cells[2:7], strict=True) if c}
            assert int(cells[1]) == sum(rows[cells[0]].values())
            assert int(cells[7]) == len(SURVEY[cells[0]]["paginated"])
    assert {name: row for name, row in rows.items() if row} == FOUND


SAMPLES = [
    (name, sample)
    for name in NAMES
    for sample in SURVEY[name]["sample"]
    if (name, sample["method"], sample["path"]) not in MISSED
    and (name, sample["method"], sample["path"]) not in OTHER_STYLE
]


@pytest.mark.parametrize(
    ("name", "sample"),
    SAMPLES,
    ids=[f"{name}:{s['style']}:{s['method']} {s['path']}" for name, s in SAMPLES],
)
def test_sampled_decisions(clients: dict[str, Client], name: str, sample: dict[str, Any]) -> None:
    """Parameters, items and signals as the survey read them (Python names: the
    survey's wire names turned into the models' attributes)."""
    client = clients[name]
    op = _paged(client)[(sample["method"], sample["path"])]
    paging = op.paging
    assert paging is not None and paging.style == sample["style"]
    request = {role: where.split("@")[0] for role, where in sample["request"].items()}
    param_role = {"cursor": "cursor", "offset": "offset", "page": "page"}.get(paging.style)
    assert paging.param == (request.get(param_role) if param_role else None)
    assert paging.size_param == (request.get("page_size") or request.get("limit"))
    models = Models(client.schemas)
    body = success_body(op)
    assert body is not None
    assert paging.items == _python(models, body.type, sample["items"])
    next_path = sample["next"] or ""
    if next_path.startswith("$.") and "[-1]" in next_path:
        # A cursor read from the last item: `$.data[-1].id`.
        item = models.item(_field_type(models, body.type, next_path.split("[-1]")[0]))
        assert item is not None
        assert paging.from_item == _python(models, item, "$" + next_path.split("[-1]")[1])
        assert paging.next is None
    elif next_path.startswith("$"):
        assert paging.next == _python(models, body.type, next_path)
    else:  # the Link header, or (page and offset) no next at all
        assert paging.next is None and paging.from_item is None
        assert next_path.startswith("header:Link") or paging.style in ("page", "offset")
    if sample["has_more"] is not None:
        assert paging.has_more == _python(models, body.type, sample["has_more"])
    if paging.style in ("page", "offset"):
        assert paging.total == _python(models, body.type, sample["total"])
    _holds_together(paging)


def _python(models: Models, body: Any, path: str) -> tuple[str, ...]:
    """A survey path of wire names (``$.links.pages.next``) as Python attributes."""
    wire = [part for part in path.removeprefix("$").split(".") if part]
    if not wire:
        return ()
    found = models.find(body, wire, exact=True)
    assert found is not None, path
    return found[0]


def _field_type(models: Models, body: Any, path: str) -> Any:
    wire = [part for part in path.removeprefix("$").split(".") if part]
    found = models.find(body, wire, exact=True)
    assert found is not None, path
    return found[1].type


def _holds_together(paging: Paging) -> None:
    """What each style needs to move, and nothing another style would read."""
    if paging.style in ("offset", "page", "cursor"):
        assert paging.param is not None
    else:
        assert paging.param is None
    if paging.style == "cursor":
        assert (paging.next is None) != (paging.from_item is None)
    if paging.style == "next_url":
        assert paging.next is not None
    if paging.style == "link_header":
        assert paging.next is None and paging.from_item is None
