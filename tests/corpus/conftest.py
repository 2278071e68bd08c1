"""The corpus is generated once per session; its per-spec report ends the test output."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.corpus import SpecRun, generate_all, read_sources, report
from tests.support.wire.report import REPORTED as WIRE_REPORT

_RUNS: list[SpecRun] = []


@pytest.fixture(scope="session")
def corpus_runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, SpecRun]]:
    root: Path = tmp_path_factory.mktemp("corpus")
    runs = generate_all(read_sources(), root)
    _RUNS[:] = runs
    yield {run.entry.name: run for run in runs}


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _RUNS:
        terminalreporter.section("corpus: generated per spec")
        for line in report(_RUNS):
            terminalreporter.write_line(line)
    if WIRE_REPORT:
        terminalreporter.section("corpus: every operation on the wire, against Prism")
        for line in WIRE_REPORT:
            terminalreporter.write_line(line)
