"""What the server now refuses, where the typed client does not show it, reported at
its level; and changes that only look like narrowing, not reported as breaking.

The pairs are ``tests/diff/narrowing/<case>/{old,new}.yaml`` (see
:mod:`tests.diff.narrowing_support`); tests/e2e/test_narrowing_prism.py sends what the
old client sends to a server holding the new document.
"""

from __future__ import annotations

import pytest

from tests.diff.narrowing_support import VERDICTS, cases, golden_path, report, report_text

CASES = cases()


@pytest.mark.parametrize("case", CASES)
def test_golden_report(case: str) -> None:
    golden = golden_path(case)
    assert golden.is_file(), (
        f"no golden report for {case}; run python -m tests.diff.narrowing_support"
    )
    assert report_text(case) == golden.read_text("utf-8")


@pytest.mark.parametrize("case", CASES)
def test_level(case: str) -> None:
    expected, why = VERDICTS[case]
    assert report(case).highest() == expected, why


def test_every_pair_has_a_verdict() -> None:
    assert set(VERDICTS) == set(CASES)
