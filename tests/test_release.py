"""The changelog and the version: ``make generate`` and ``make release`` in a scratch project.

One vendor (Finch) goes through a life: generated before any release (0.1.0, everything
Unreleased against an empty API), released (1.0.0), then edited three ways, each
released in turn: a summary edit (patch), a new optional parameter (minor), that
parameter made required (major). At every step the version sits in pyproject.toml
and ``jobclients.__version__``, generate is idempotent, ``--check`` sees a stale
changelog, and no released section is ever rewritten.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.support.package_build import build_and_install
from tests.support.scratch_project import Scratch, tree

SUMMARY = "      summary: Retrieve a Manual Job\n"
# The manual job retrieval's parameters (the other operations name the same ones).
PARAMETERS = (
    "      operationId: get-jobs-manual-job_id\n"
    "      parameters:\n"
    "        - $ref: '#/components/parameters/API-Version'\n"
    "        - $ref: '#/components/parameters/Content-Type'\n"
)
OPTIONAL = PARAMETERS + (
    "        - name: verbose\n"
    "          in: query\n"
    "          required: false\n"
    "          schema:\n"
    "            type: boolean\n"
)
REQUIRED = OPTIONAL.replace("required: false", "required: true")


def _edit(scratch: Scratch, old: str, new: str) -> None:
    path = scratch.specs / "finch/openapi.yaml"
    text = path.read_text("utf-8")
    assert text.count(old) == 1, f"the edit's anchor is not unique: {old!r}"
    path.write_text(text.replace(old, new), "utf-8")


def _version_of(scratch: Scratch) -> tuple[str, str]:
    pyproject = scratch.text("generated/pyproject.toml")
    init = scratch.text("generated/jobclients/__init__.py")
    found = re.search(r'^version = "([^"]+)"$', pyproject, re.MULTILINE)
    dunder = re.search(r'^__version__ = "([^"]+)"$', init, re.MULTILINE)
    assert found is not None and dunder is not None
    return found.group(1), dunder.group(1)


def _unreleased(changelog: str) -> str:
    start = changelog.index("## Unreleased\n")
    after = re.search(r"^## \d+\.\d+\.\d+$", changelog[start:], re.MULTILINE)
    return changelog[start : start + after.start()] if after else changelog[start:]


def _generate_twice(scratch: Scratch) -> None:
    first = scratch.make("generate")
    assert first.returncode == 0, first.stderr
    before = tree(scratch.generated)
    second = scratch.make("generate")
    assert second.returncode == 0, second.stderr
    assert "unchanged" in second.stdout
    assert tree(scratch.generated) == before
    check = scratch.make("check")
    assert check.returncode == 0, check.stderr


def _release(scratch: Scratch, expected: str) -> str:
    previous = (
        (scratch.releases / "CHANGELOG.md").read_text("utf-8") if scratch.releases.exists() else ""
    )
    result = scratch.make("release")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"released {expected}" in result.stdout
    assert (scratch.releases / "VERSION").read_text("utf-8") == expected + "\n"
    assert _version_of(scratch) == (expected, expected)
    released = (scratch.releases / "CHANGELOG.md").read_text("utf-8")
    # The new section goes on top; every earlier one stays byte for byte.
    assert released.startswith(f"## {expected}\n")
    assert released.endswith(previous)
    changelog = scratch.text("generated/CHANGELOG.md")
    assert changelog.endswith(released)
    assert f"No changes a caller can notice since {expected}." in _unreleased(changelog)
    assert (scratch.releases / "api/finch.json").read_bytes() == (
        scratch.generated / "api/finch.json"
    ).read_bytes()
    _generate_twice(scratch)
    return released


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Scratch:
    project = Scratch(tmp_path_factory.mktemp("release") / "project")
    project.add_vendor("finch")
    return project


def _before_the_first_release_everything_is_unreleased(scratch: Scratch) -> None:
    _generate_twice(scratch)
    assert not scratch.releases.exists()
    assert _version_of(scratch) == ("0.1.0", "0.1.0")
    changelog = scratch.text("generated/CHANGELOG.md")
    unreleased = _unreleased(changelog)
    assert "### jobclients.finch (FinchClient)" in unreleased
    # Against an empty API, the job operation is an addition.
    assert "`GET /jobs/manual/{job_id}`" in unreleased
    assert "#### Breaking" not in unreleased
    assert not re.search(r"^## \d", changelog, re.MULTILINE)


def _first_release_is_1_0_0(scratch: Scratch) -> None:
    unreleased = _unreleased(scratch.text("generated/CHANGELOG.md"))
    released = _release(scratch, "1.0.0")
    # The released section is the Unreleased one under its version.
    assert released == unreleased.replace("## Unreleased\n", "## 1.0.0\n", 1)


def _nothing_to_release_writes_nothing(scratch: Scratch) -> None:
    before = tree(scratch.releases), tree(scratch.generated)
    result = scratch.make("release")
    assert result.returncode != 0
    direct = scratch.generator("release")
    assert direct.returncode == 3
    assert "nothing to release: no change a caller can notice since 1.0.0." in direct.stderr
    assert (tree(scratch.releases), tree(scratch.generated)) == before


def _a_stale_changelog_fails_the_check(scratch: Scratch) -> None:
    _edit(scratch, SUMMARY, "      summary: Retrieve one manual job\n")
    check = scratch.make("check")
    assert check.returncode != 0
    assert "CHANGELOG.md" in check.stderr
    _generate_twice(scratch)
    unreleased = _unreleased(scratch.text("generated/CHANGELOG.md"))
    assert "the operation's summary changed. [operation-summary-changed]" in unreleased


def _documentation_only_is_a_patch(scratch: Scratch) -> None:
    _release(scratch, "1.0.1")


def _an_optional_parameter_is_a_minor(scratch: Scratch) -> None:
    _edit(scratch, PARAMETERS, OPTIONAL)
    _generate_twice(scratch)
    unreleased = _unreleased(scratch.text("generated/CHANGELOG.md"))
    assert "verbose" in unreleased
    assert "#### Breaking" not in unreleased
    _release(scratch, "1.1.0")


def _a_parameter_made_required_is_a_major(scratch: Scratch) -> None:
    _edit(scratch, OPTIONAL, REQUIRED)
    _generate_twice(scratch)
    unreleased = _unreleased(scratch.text("generated/CHANGELOG.md"))
    # Breaking comes first.
    assert unreleased.index("#### Breaking") < unreleased.index("verbose")
    released = _release(scratch, "2.0.0")
    assert [m for m in re.findall(r"^## (\S+)$", released, re.MULTILINE)] == [
        "2.0.0",
        "1.1.0",
        "1.0.1",
        "1.0.0",
    ]


def test_a_project_released_step_by_step(scratch: Scratch) -> None:
    """One project through its releases, in order: each step starts from the state the
    one before left (one test, so that no test runner can split the history)."""
    _before_the_first_release_everything_is_unreleased(scratch)
    _first_release_is_1_0_0(scratch)
    _nothing_to_release_writes_nothing(scratch)
    _a_stale_changelog_fails_the_check(scratch)
    _documentation_only_is_a_patch(scratch)
    _an_optional_parameter_is_a_minor(scratch)
    _a_parameter_made_required_is_a_major(scratch)


# ------------------------------------------------------------------ a damaged release state


@pytest.fixture(scope="module")
def released_once(tmp_path_factory: pytest.TempPathFactory) -> Scratch:
    project = Scratch(tmp_path_factory.mktemp("released") / "project")
    project.add_vendor("finch")
    result = project.make("release")
    assert result.returncode == 0, result.stderr
    _edit(project, PARAMETERS, OPTIONAL)  # something to release next
    return project


@pytest.fixture
def released(tmp_path: Path, released_once: Scratch) -> Scratch:
    """A copy of a project released once, to damage."""
    copy = Scratch.__new__(Scratch)
    copy.root = tmp_path / "copy"
    shutil.copytree(released_once.root, copy.root, symlinks=True)
    return copy


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (
            ("VERSION", "two\n"),
            "releases/VERSION:1: error [release-state]: holds 'two', not a version",
        ),
        (("VERSION", None), "releases/VERSION: error [release-state]: is missing"),
        (
            ("CHANGELOG.md", "# notes\n"),
            "releases/CHANGELOG.md:1: error [release-state]: must start",
        ),
        (("api/finch.json", "{not json"), "finch.json:1: error [bad-record]"),
        (("api/finch.json", '{"kind": "other"}'), "not an API record"),
    ],
)
def test_a_damaged_release_state_stops_generate_and_release(
    released: Scratch, damage: tuple[str, str | None], message: str
) -> None:
    relative, content = damage
    target = released.releases / relative
    if content is None:
        target.unlink()
    else:
        target.write_text(content, "utf-8")
    before = tree(released.releases), tree(released.generated)
    for command in (("generate",), ("release",)):
        result = released.generator(*command)
        assert result.returncode == 1, (command, result.stdout, result.stderr)
        assert message in result.stderr, (command, result.stderr)
        assert "Traceback" not in result.stderr
        assert (tree(released.releases), tree(released.generated)) == before


def test_released_package_builds_installs_and_imports(
    tmp_path: Path, released_once: Scratch
) -> None:
    built = build_and_install(released_once.generated, tmp_path)
    assert built.version == "1.0.0"
    assert "## 1.0.0" in built.sdist_changelog


def test_this_projects_package_builds_installs_and_imports(tmp_path: Path) -> None:
    from tests.support.scratch_project import ROOT

    built = build_and_install(ROOT / "generated", tmp_path)
    pyproject = (ROOT / "generated/pyproject.toml").read_text("utf-8")
    assert f'\nversion = "{built.version}"\n' in pyproject
    assert built.sdist_changelog == (ROOT / "generated/CHANGELOG.md").read_text("utf-8")


def test_specs_that_do_not_generate_stop_the_release(released: Scratch) -> None:
    spec = released.specs / "finch/openapi.yaml"
    spec.write_text(spec.read_text("utf-8") + "paths: [unclosed\n", "utf-8")
    before = tree(released.releases), tree(released.generated)
    result = released.generator("release")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "specs/finch/openapi.yaml:" in result.stderr
    assert "error [" in result.stderr
    assert "Traceback" not in result.stderr
    assert (tree(released.releases), tree(released.generated)) == before


@pytest.mark.parametrize(
    ("command", "statuses"),
    [
        ("release", ("0 released", "1 the specs do not generate", "3 nothing to release")),
        ("update", ("0 written", "1 a fetch or a document failed", "2 an unknown vendor")),
    ],
)
def test_help_documents_the_exit_statuses(command: str, statuses: tuple[str, ...]) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "generator", command, "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    for status in statuses:
        assert status in text, (status, text)
