"""Replaying real vendors' histories (../shared/spec-history) through generate + release.

Each history becomes the one vendor of a scratch project; each published version in
turn is put in its specs/ folder, then ``make generate`` and ``make release`` run.
Every release adds one section, newest first, and leaves the earlier ones as they were;
a version no caller could tell from the previous one is no release (``make release``
says so and writes nothing); a version that cannot be read stops ``make generate``
with its finding and leaves the project as it was.

The expected versions are 1.0.0 first, then major where a pair of versions has a
breaking change, minor where it has any other change to the API, patch where only
descriptions changed. For the small diffs (the ``-recent`` folders, sendgrid) the level
was checked by reading both versions; for the large jumps (twilio-video-v1 over six
years, together, openai, discord), a sample: one breaking change of each major found in
the documents themselves (comments below).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.scratch_project import ROOT, Scratch, tree

HISTORY = ROOT.parent / "shared" / "spec-history"
# Real documents break the letter of OpenAPI (7 of the corpus's 21 do), and some ask for
# credentials besides the one a client sends (Discord's OAuth2 operations, OpenAI's admin
# keys); what is replayed here is the changelog, so those findings are accepted, as a
# vendor's config would.
ACCEPTED = ("openapi-schema", "default-type", "nullable-in-3.1", "security-unmet")
CONFIG = """client: Replay
module: {module}
spec: {spec}
credential:
  parameter: api_key
  env: REPLAY_API_KEY
base_url_env: REPLAY_BASE_URL
accepted_findings: [{accepted}]
"""
NO_RELEASE = "-"  # a version with no change a caller can notice
UNREADABLE = "unreadable"  # a version make generate refuses to read


def replay(history: str, tmp: Path) -> list[str]:
    """What each version of ``history`` became: a version, NO_RELEASE or UNREADABLE."""
    module = history.replace("-", "_")
    project = Scratch(tmp / "project")
    versions = sorted(p for p in (HISTORY / history).iterdir() if p.is_file())
    spec = "openapi" + versions[0].suffix
    folder = project.specs / module
    folder.mkdir()
    (folder / "jobclient.yaml").write_text(
        CONFIG.format(module=module, spec=spec, accepted=", ".join(ACCEPTED)), "utf-8"
    )
    outcomes: list[str] = []
    released = ""
    for version in versions:
        (folder / spec).write_bytes(version.read_bytes())
        before = tree(project.generated), tree(project.releases)
        generated = project.make("generate")
        if generated.returncode != 0:
            assert "error [parse]" in generated.stderr, generated.stderr
            assert (tree(project.generated), tree(project.releases)) == before
            outcomes.append(UNREADABLE)
            continue
        result = project.make("release")
        if "nothing to release" in result.stderr:
            assert result.returncode != 0
            assert tree(project.releases) == before[1]
            outcomes.append(NO_RELEASE)
            continue
        assert result.returncode == 0, result.stdout + result.stderr
        number = (project.releases / "VERSION").read_text("utf-8").strip()
        notes = (project.releases / "CHANGELOG.md").read_text("utf-8")
        # One new section on top; every earlier one byte for byte below it.
        assert notes.startswith(f"## {number}\n") and notes.endswith(released)
        assert notes.count("\n## ") == released.count("\n## ") + (1 if released else 0)
        released = notes
        changelog = project.text("generated/CHANGELOG.md")
        assert changelog.endswith(released)
        assert f'version = "{number}"' in project.text("generated/pyproject.toml")
        assert f'__version__ = "{number}"' in project.text("generated/jobclients/__init__.py")
        outcomes.append(number)
    headings = re.findall(r"^## (\S+)$", released, re.MULTILINE)
    assert headings == [o for o in reversed(outcomes) if o not in (NO_RELEASE, UNREADABLE)]
    return outcomes


# Checked by reading each pair of versions:
SMALL = {
    # x-twilio extension added (nothing); an optional body property (minor); an enum
    # reordered and a description added (patch).
    "twilio-video-v1-recent": ["1.0.0", NO_RELEASE, "1.1.0", "1.1.1"],
    # Optional fields and two operations added, a request field made optional (minor);
    # inline enums moved behind $refs rename their classes (major); operationIds
    # added rename every method (major); an identical version (no release); the
    # identifiers body changed type (major).
    "sendgrid-mc-contacts": ["1.0.0", "1.1.0", "2.0.0", "3.0.0", NO_RELEASE, "4.0.0"],
}
# Major at every step but twilio-video-v1's 2024 one (optional query parameters such
# as Page added: minor). Breaking changes checked in the documents, for example
# twilio-video-v1 2026 drops 'DELETE' from a status-callback method enum,
# together 2025-01 drops InferenceRequest, discord 2025 drops ActionRow, openai 2026
# drops AdminApiKey.value. openai's 2024-04-25 version holds a YAML error (a second
# occurrence of a key at line 9790) and is refused.
LARGE = {
    "twilio-video-v1": ["1.0.0", "2.0.0", "3.0.0", "4.0.0", "4.1.0", "5.0.0"],
    "together": ["1.0.0", "2.0.0", "3.0.0", "4.0.0", "5.0.0", "6.0.0"],
    "discord": ["1.0.0", "2.0.0", "3.0.0", "4.0.0"],
    "openai": ["1.0.0", UNREADABLE, "2.0.0", "3.0.0"],
    # Descriptions only (patch, twice); a new response field quantity_unit (minor);
    # a project's geography field replaced by residency (major). Checked line by line.
    "openai-recent": ["1.0.0", "1.0.1", "1.0.2", "1.1.0", "2.0.0"],
}


@pytest.mark.parametrize(("history", "expected"), sorted(SMALL.items()))
def test_replaying_a_small_history(history: str, expected: list[str], tmp_path: Path) -> None:
    assert replay(history, tmp_path) == expected


@pytest.mark.corpus
@pytest.mark.parametrize(("history", "expected"), sorted(LARGE.items()))
def test_replaying_a_large_history(history: str, expected: list[str], tmp_path: Path) -> None:
    assert replay(history, tmp_path) == expected
