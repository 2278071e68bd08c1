"""``python -m generator diff`` as users run it: outputs, exit statuses, bad input."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.change.comparison.rules import RULES
from tests.diff.cases import BASE, CASES
from tests.diff.support import write_yaml

ROOT = Path(__file__).resolve().parents[2]
CASE = {case.name: case for case in CASES}


def _run(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "diff", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _pair(tmp_path: Path, name: str) -> tuple[Path, Path]:
    old, new = CASE[name].documents()
    return (
        write_yaml(tmp_path / "old" / "openapi.yaml", old),
        write_yaml(tmp_path / "new" / "openapi.yaml", new),
    )


def _listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_json_output_is_the_documented_shape(tmp_path: Path) -> None:
    old, new = _pair(tmp_path, "parameter-added-required")
    done = _run("--format", "json", old, new)
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert set(payload) == {"changes", "summary"}
    assert payload["summary"] == {"breaking": 1, "warning": 0, "info": 0}
    (change,) = payload["changes"]
    assert set(change) == {
        "id",
        "level",
        "operation",
        "python",
        "file",
        "line",
        "pointer",
        "message",
    }
    assert change["id"] == "parameter-added-required"
    assert change["operation"] == "GET /orders"
    assert change["python"] == "ShopClient.list_orders(region)"
    assert change["file"].endswith("new/openapi.yaml")
    lines = new.read_text("utf-8").splitlines()
    assert "name: region" in lines[change["line"] - 1]
    assert change["pointer"] == "#/paths/~1orders/get/parameters/3"


def test_text_and_markdown(tmp_path: Path) -> None:
    old, new = _pair(tmp_path, "enum-value-added-response")
    text = _run(old, new)
    assert text.returncode == 0
    assert text.stdout.startswith("warning  enum-value-added: new value 'refunded'")
    assert text.stdout.endswith("1 change(s): 0 breaking, 1 warning, 0 info.\n")
    markdown = _run("--format", "markdown", old, new)
    assert markdown.stdout.startswith("### May break (1)\n\n- `models.OrderStatus.REFUNDED`:")


@pytest.mark.parametrize(
    ("fail_on", "status"), [("breaking", 0), ("warning", 1), ("info", 1), (None, 0)]
)
def test_fail_on(tmp_path: Path, fail_on: str | None, status: int) -> None:
    old, new = _pair(tmp_path, "enum-value-added-response")  # one warning
    done = _run(*(("--fail-on", fail_on) if fail_on else ()), old, new)
    assert done.returncode == status, done.stderr
    assert "enum-value-added" in done.stdout


def test_no_docs_hides_description_edits(tmp_path: Path) -> None:
    old, new = _pair(tmp_path, "property-description-changed")
    shown = _run("--format", "json", "--fail-on", "info", old, new)
    assert shown.returncode == 1
    assert json.loads(shown.stdout)["summary"]["info"] == 1
    hidden = _run("--format", "json", "--fail-on", "info", "--no-docs", old, new)
    assert hidden.returncode == 0
    assert json.loads(hidden.stdout) == {
        "changes": [],
        "summary": {"breaking": 0, "warning": 0, "info": 0},
    }


def test_rules_lists_every_rule() -> None:
    done = _run("--rules")
    assert done.returncode == 0
    listed = {line.split()[0] for line in done.stdout.splitlines() if not line.startswith(" ")}
    assert listed == {rule.id for rule in RULES}
    assert "operation-renamed" in done.stdout and "differs from oasdiff" in done.stdout


def test_record_on_either_side() -> None:
    record = ROOT / "generated" / "api" / "finch.json"
    document = ROOT / "specs" / "finch" / "openapi.yaml"
    for old, new in ((record, document), (document, record), (record, record)):
        done = _run("--fail-on", "info", old, new)
        assert done.returncode == 0, done.stdout + done.stderr
        assert done.stdout == "No changes a caller can notice.\n"


def test_record_against_an_edited_document(tmp_path: Path) -> None:
    record = ROOT / "generated" / "api" / "finch.json"
    folder = tmp_path / "finch"
    folder.mkdir()
    for name in ("openapi.yaml", "jobclient.yaml"):
        text = (ROOT / "specs" / "finch" / name).read_text("utf-8")
        if name == "openapi.yaml":
            text = text.replace("          format: uuid\n", "", 1)
        (folder / name).write_text(text, "utf-8")
    done = _run("--format", "json", record, folder / "openapi.yaml")
    changes = json.loads(done.stdout)["changes"]
    assert [(c["id"], c["level"], c["python"]) for c in changes] == [
        ("property-type-changed", "breaking", "models.ManualAsyncJob.job_id")
    ]


# ---------------------------------------------------------------- bad input


def test_missing_document(tmp_path: Path) -> None:
    old, _new = _pair(tmp_path, "operation-added")
    before = _listing(tmp_path)
    done = _run(old, tmp_path / "nowhere.yaml", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "nowhere.yaml: error [unreadable]" in done.stderr
    assert "Traceback" not in done.stderr
    assert _listing(tmp_path) == before


def test_unparsable_document(tmp_path: Path) -> None:
    old, _new = _pair(tmp_path, "operation-added")
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: 3.1.0\ninfo: {title: x\npaths: {}\n", "utf-8")
    before = _listing(tmp_path)
    done = _run(old, broken, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "broken.yaml:" in done.stderr and "Traceback" not in done.stderr
    assert _listing(tmp_path) == before


def test_document_with_errors_needs_lenient(tmp_path: Path) -> None:
    old, _new = _pair(tmp_path, "operation-added")
    doc = json.loads(json.dumps(BASE))
    doc["paths"]["/orders"]["get"]["parameters"][0]["in"] = "body"  # not a location
    bad = write_yaml(tmp_path / "bad" / "openapi.yaml", doc)
    strict = _run(old, bad)
    assert strict.returncode == 2
    assert strict.stdout == ""
    assert "bad/openapi.yaml:" in strict.stderr and "--lenient" in strict.stderr
    lenient = _run("--lenient", "--format", "json", old, bad)
    assert lenient.returncode == 0, lenient.stderr
    ids = [c["id"] for c in json.loads(lenient.stdout)["changes"]]
    assert ids == ["parameter-removed"]


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ({"kind": "jobclients-api-record", "version": 99}, "version 99"),
        ({"kind": "jobclients-api-record", "version": 1, "client": {}}, "lacks"),
        (
            {
                "kind": "jobclients-api-record",
                "version": 1,
                "client": {},
                "servers": [],
                "auth": None,
                "security_schemes": {},
                "operations": {"GET /x": {"python": "C.x"}},
                "models": {},
                "job": None,
            },
            "lacks 'parameters'",
        ),
        (
            {
                "kind": "jobclients-api-record",
                "version": 1,
                "client": {},
                "servers": [],
                "auth": None,
                "security_schemes": {},
                "operations": {},
                "models": {"Job": {"kind": "object", "fields": {"id": "str"}}},
                "job": None,
            },
            "fields are not all objects",
        ),
    ],
)
def test_bad_record(tmp_path: Path, content: object, says: str) -> None:
    record = tmp_path / "record.json"
    record.write_text(json.dumps(content), "utf-8")
    before = _listing(tmp_path)
    done = _run(record, ROOT / "generated" / "api" / "finch.json", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "record.json:1: error [bad-record]" in done.stderr and says in done.stderr
    assert _listing(tmp_path) == before


def test_help_documents_exit_statuses() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "generator", "diff", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "exit status:" in done.stdout
    for status in ("0", "1", "2"):
        assert f"\n  {status}  " in done.stdout


def test_readme_lists_every_rule() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    rows = [line for line in readme.splitlines() if line.startswith("| `") and line.count("|") == 5]
    assert {row.split("`")[1] for row in rows} == {rule.id for rule in RULES}
    # The table mirrors rules.py: level, what, and where oasdiff differs on purpose.
    assert rows == [f"| `{r.id}` | {r.level} | {r.what} | {r.oasdiff} |" for r in RULES]


def test_config_for_a_document_elsewhere(tmp_path: Path) -> None:
    # A vendor's new document saved anywhere, compared with its config: the same client.
    new = tmp_path / "downloaded.yaml"
    shutil.copy(ROOT / "specs" / "finch" / "openapi.yaml", new)
    record = ROOT / "generated" / "api" / "finch.json"
    without = _run("--format", "json", record, new)
    ids = {c["id"] for c in json.loads(without.stdout)["changes"]}
    assert "job-binding-removed" in ids
    config = ROOT / "specs" / "finch" / "jobclient.yaml"
    done = _run("--config", config, "--fail-on", "info", record, new)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == "No changes a caller can notice.\n"
