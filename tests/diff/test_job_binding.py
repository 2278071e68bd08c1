"""The job binding of our vendors, compared: a document beside its jobclient.yaml."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.model.findings import GenerationError
from tests.diff.support import diff_paths, verdicts

ROOT = Path(__file__).resolve().parents[2]
FINCH = ROOT / "specs" / "finch"
Edit = Callable[[str], str]


def _pair(tmp_path: Path, config: Edit, document: Edit = lambda text: text) -> tuple[Path, Path]:
    old = tmp_path / "old" / "finch"
    new = tmp_path / "new" / "finch"
    shutil.copytree(FINCH, old)
    shutil.copytree(FINCH, new)
    for path, edit in ((new / "jobclient.yaml", config), (new / "openapi.yaml", document)):
        text = path.read_text("utf-8")
        edited = edit(text)
        assert edited != text or edit(text) is text, f"the edit of {path.name} changed nothing"
        path.write_text(edited, "utf-8")
    return old / "openapi.yaml", new / "openapi.yaml"


def _unchanged(text: str) -> str:
    return text


def _in_job_model(text: str, old: str, new: str) -> str:
    head, model = text.split("    ManualAsyncJob:\n", 1)
    return head + "    ManualAsyncJob:\n" + model.replace(old, new, 1)


def test_status_remapped(tmp_path: Path) -> None:
    old, new = _pair(tmp_path, lambda t: t.replace("error: FAILED", "error: CANCELLED", 1))
    report = diff_paths(old, new)
    assert verdicts(report) == (("job-status-remapped", "breaking"),)
    (change,) = report.changes
    assert change.python == "FinchClient.get_job"
    assert change.file is not None and change.file.endswith("jobclient.yaml")


def test_status_added_to_document_and_mapping(tmp_path: Path) -> None:
    old, new = _pair(
        tmp_path,
        lambda t: t.replace(
            "      error: FAILED\n", "      error: FAILED\n      cancelled: CANCELLED\n", 1
        ),
        lambda t: t.replace(
            "            - complete\n", "            - complete\n            - cancelled\n", 1
        ),
    )
    assert verdicts(diff_paths(old, new)) == (
        ("enum-value-added", "warning"),
        ("job-status-added", "warning"),
    )
    assert verdicts(diff_paths(new, old)) == (
        ("enum-value-removed", "breaking"),
        ("job-status-removed", "warning"),
    )


def test_unmapped_status_stops_the_comparison(tmp_path: Path) -> None:
    # As `make generate` stops: the new value has no place in the lifecycle yet.
    old, new = _pair(
        tmp_path,
        _unchanged,
        lambda t: t.replace(
            "            - complete\n", "            - complete\n            - cancelled\n", 1
        ),
    )
    with pytest.raises(GenerationError) as raised:
        diff_paths(old, new)
    assert any("cancelled" in f.message for f in raised.value.findings)


def test_client_renamed(tmp_path: Path) -> None:
    old, new = _pair(tmp_path, lambda t: t.replace("client: Finch ", "client: Hris "))
    report = diff_paths(old, new)
    assert verdicts(report) == (("client-renamed", "breaking"), ("client-renamed", "breaking"))
    assert sorted(c.message for c in report.changes) == [
        "the client's async class is now 'AsyncHrisClient' (was 'AsyncFinchClient').",
        "the client's class is now 'HrisClient' (was 'FinchClient').",
    ]


def test_binding_removed(tmp_path: Path) -> None:
    def drop_job(text: str) -> str:
        head, rest = text.split("jobs:", 1)
        tail = rest.split("# Finch publishes", 1)[1]
        return head + "# Finch publishes" + tail

    old, new = _pair(tmp_path, drop_job)
    # Without the binding each bound method takes the name its operationId gives (the
    # manual retrieval, the automated one and its list), and so do the manual
    # retrieval's two inline error models (GetJob400Error -> GetJobsManualJobId400Error).
    renamed = (("model-renamed", "breaking"),) * 2 + (("operation-renamed", "breaking"),) * 3
    assert verdicts(diff_paths(old, new)) == tuple(
        sorted(
            (
                ("job-binding-removed", "breaking"),
                *(("job-kind-removed", "breaking"),) * 2,
                *renamed,
            )
        )
    )
    assert verdicts(diff_paths(new, old)) == tuple(
        sorted((("job-binding-added", "info"), *(("job-kind-added", "info"),) * 2, *renamed))
    )


def test_status_field_moved(tmp_path: Path) -> None:
    # A second field with the same values takes the status's place.
    state = (
        "        state:\n          type: string\n          enum:\n            - pending\n"
        "            - in_progress\n            - error\n            - complete\n"
    )
    old, new = _pair(
        tmp_path,
        lambda t: t.replace(
            "ManualAsyncJob/properties/status'", "ManualAsyncJob/properties/state'"
        ),
        lambda t: _in_job_model(t, "        body:\n", state + "        body:\n"),
    )
    report = diff_paths(old, new)
    assert verdicts(report) == (
        ("job-status-field-moved", "breaking"),
        ("model-added", "info"),
        ("property-added", "info"),
    )
    moved = next(c for c in report.changes if c.id == "job-status-field-moved")
    assert moved.message == "the status is now read from state (was status)."


def test_job_retrieved_elsewhere(tmp_path: Path) -> None:
    old, new = _pair(
        tmp_path,
        _unchanged,
        lambda t: t.replace("  /jobs/manual/{job_id}:\n", "  /jobs/manual/{job_id}/status:\n", 1),
    )
    assert verdicts(diff_paths(old, new)) == (
        ("job-operation-changed", "breaking"),
        ("operation-added", "info"),
        ("operation-removed", "breaking"),
    )


def _automated(text: str, old: str, new: str) -> str:
    """An edit inside the config's automated kind only."""
    head, kind = text.split("  automated:\n", 1)
    assert old in kind, old
    return head + "  automated:\n" + kind.replace(old, new, 1)


@pytest.mark.parametrize(
    ("edit", "expected", "python"),
    [
        # A second kind's statuses are judged like the first's.
        (
            lambda t: _automated(t, "reauth_error: FAILED", "reauth_error: CANCELLED"),
            (("job-status-remapped", "breaking"),),
            "FinchClient.get_automated_job",
        ),
        # The start reads the job's id elsewhere: code holding handles would break.
        (
            lambda t: _automated(t, "id: /job_id", "id: /job_url"),
            (("job-start-changed", "breaking"),),
            "FinchClient.start_automated_job",
        ),
        # The start method renamed: one gone, one new.
        (
            lambda t: _automated(t, "method: start_automated_job", "method: begin_automated_job"),
            (("job-start-added", "info"), ("job-start-removed", "breaking")),
            None,
        ),
        # The list binding dropped: the list method keeps the raw operation's name.
        (
            lambda t: _automated(
                t,
                "    list:\n      operation: get-jobs-automated\n"
                "      method: list_automated_jobs\n",
                "",
            ),
            (("job-call-removed", "breaking"), ("operation-renamed", "breaking")),
            None,
        ),
    ],
)
def test_a_kinds_bindings_compared(
    tmp_path: Path,
    edit: Edit,
    expected: tuple[tuple[str, str], ...],
    python: str | None,
) -> None:
    old, new = _pair(tmp_path, edit)
    report = diff_paths(old, new)
    assert verdicts(report) == expected
    if python is not None:
        assert {c.python for c in report.changes} == {python}
    assert all(
        c.file is not None and c.file.endswith("jobclient.yaml")
        for c in report.changes
        if c.id.startswith("job-")
    )


def test_a_record_without_kinds_says_nothing_of_them(tmp_path: Path) -> None:
    """A record written before kinds were recorded (no "jobs") against one with them:
    the kinds are unknown on one side, so none is reported added."""
    import json

    from generator.change.comparison import compare_records

    record = json.loads((ROOT / "generated" / "api" / "finch.json").read_text("utf-8"))
    assert set(record["jobs"]) == {"manual", "automated"}
    older = {k: v for k, v in record.items() if k != "jobs"}
    assert compare_records(older, record).changes == ()
    # With kinds on both sides, one gone is reported.
    fewer = {**record, "jobs": {"manual": record["jobs"]["manual"]}}
    assert verdicts(compare_records(record, fewer)) == (("job-kind-removed", "breaking"),)
