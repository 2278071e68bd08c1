"""The API records are part of what ``make generate`` makes: checked, remembered, swapped."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from generator.change.comparison import compare_records
from generator.change.record import RECORD_KIND, RECORD_VERSION, load_record
from tests.support.trees import ROOT, run_generator, tree_digest

GENERATED = ROOT / "generated"


def test_every_vendor_has_a_valid_canonical_record() -> None:
    vendors = sorted(p.parent.name for p in (ROOT / "specs").glob("*/jobclient.yaml"))
    records = sorted(p.stem for p in (GENERATED / "api").glob("*.json"))
    assert records == vendors
    for name in records:
        path = GENERATED / "api" / f"{name}.json"
        record = load_record(path)
        assert (record["kind"], record["version"]) == (RECORD_KIND, RECORD_VERSION)
        text = path.read_text("utf-8")
        assert text == json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        assert record["job"] is not None and record["job"]["statuses"]
        assert compare_records(record, record).changes == ()
    # Outside the importable package.
    assert not (GENERATED / "jobclients" / "api").exists()


def test_check_and_the_run_memo_cover_the_records(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    shutil.copytree(GENERATED, out)
    assert run_generator("generate", "--check", "--out", str(out)).returncode == 0
    record = out / "api" / "finch.json"
    text = record.read_text("utf-8")
    edited = text.replace('"FinchClient.get_job"', '"FinchClient.fetch_job"')
    assert edited != text
    record.write_text(edited, "utf-8")
    stale = run_generator("generate", "--check", "--out", str(out))
    assert stale.returncode == 1
    assert "api/finch.json" in stale.stderr
    # A run (the memo may know these inputs) sees the edit and puts the record back.
    done = run_generator("generate", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert tree_digest(out) == tree_digest(GENERATED)


def test_a_version_1_record_is_still_read(tmp_path: Path) -> None:
    # Written before the record held what the server accepts besides the Python type;
    # compared with one, those facts are left out of the judgement.
    record = load_record(GENERATED / "api" / "unstructured.json")
    assert any(
        "nullable" in field
        for model in record["models"].values()
        for field in model.get("fields", {}).values()
    )
    old = json.loads(json.dumps(record))
    old["version"] = 1
    for model in old["models"].values():
        for field in model.get("fields", {}).values():
            field.pop("nullable", None)
            field.pop("keywords", None)
    for op in old["operations"].values():
        for param in op["parameters"].values():
            param.pop("nullable", None)
            param.pop("keywords", None)
        for key in ("nullable", "keywords", "constraints", "format"):
            (op["body"] or {}).pop(key, None)
    path = tmp_path / "unstructured.json"
    path.write_text(json.dumps(old), "utf-8")
    assert compare_records(load_record(path), record).changes == ()
    assert compare_records(record, load_record(path)).changes == ()
