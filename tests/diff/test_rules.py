"""Every rule of ``diff`` on a fixture pair, in both directions where direction matters.

The pairs are :data:`tests.diff.cases.CASES`: one small valid document and an edit of
it per rule. Each must give exactly the expected changes, each once, at its level.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.change.comparison.rules import RULE_IDS
from tests.diff.cases import CASES, Case
from tests.diff.support import diff_paths, verdicts, write_yaml


def _pair(tmp_path: Path, case: Case) -> tuple[Path, Path]:
    old, new = case.documents()
    return write_yaml(tmp_path / "old" / "openapi.yaml", old), write_yaml(
        tmp_path / "new" / "openapi.yaml", new
    )


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_forward(tmp_path: Path, case: Case) -> None:
    old, new = _pair(tmp_path, case)
    assert verdicts(diff_paths(old, new)) == case.forward


@pytest.mark.parametrize("case", [c for c in CASES if c.backward is not None], ids=lambda c: c.name)
def test_backward(tmp_path: Path, case: Case) -> None:
    old, new = _pair(tmp_path, case)
    assert verdicts(diff_paths(new, old)) == case.backward


def test_same_document_is_no_change(tmp_path: Path) -> None:
    old, _new = _pair(tmp_path, CASES[0])
    assert verdicts(diff_paths(old, old)) == ()


def test_every_expected_rule_is_listed() -> None:
    used = {rule for case in CASES for rule, _level in (*case.forward, *(case.backward or ()))}
    assert used <= RULE_IDS, sorted(used - RULE_IDS)
