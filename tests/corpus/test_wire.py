"""Every operation of every corpus document, called on the wire through its generated
clients, sync and async, against Prism mocking the same document (``prism mock
--errors``).

Each operation is called with arguments built from the document (the fakes' samples,
checked against the schemas with ``jsonschema``): the required ones only, then with the
optional ones too. A call is the client's fault only on evidence:

- Prism refused the request (its request validation, negotiation or security) and a
  request rebuilt by hand from the document for the same values (the witness,
  ``tests/support/wire/handmade.py``) gets through;
- a 2xx body the document's own schema accepts fails to parse;
- the client's own type refuses a value the document's schema accepts;
- a documented 3xx raises, or the call raises before anything is sent.

Where Prism is wrong (its answer breaks the document it serves, it dies on a request
or on an array- or object-typed response header, it takes the other of two matching
routes, it reads an array field of a form body as a string) the call is Prism's fault,
and a call that cannot be judged (no valid sample, the witness refused too, an
undocumented answer) is not testable; both are reported by kind, never counted
against the client. Client faults are grouped by family (``judge.FAMILIES``).

The counts are held to ``wire_baseline.json``: a client fault count above it fails
``test_no_client_fault_count_rises``; any other difference fails
``test_baseline_is_current``, so the baseline only ever goes down. After a fix (or a
deliberate change to the check), rewrite it and review its diff::

    JOBCLIENTS_WIRE_BASELINE=rewrite .venv/bin/python -m pytest -q -s -m wire tests/corpus

The rewrite refuses to raise a client fault count. Run with the rest of the corpus
checks by ``make corpus`` (several minutes; not part of ``make test``).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.support.corpus import SpecRun, read_sources
from tests.support.wire import report
from tests.support.wire.runner import DocumentRun, probe_all

pytestmark = [pytest.mark.corpus, pytest.mark.wire]

REWRITE = os.environ.get("JOBCLIENTS_WIRE_BASELINE") == "rewrite"


@pytest.fixture(scope="session")
def wire_runs(
    corpus_runs: dict[str, SpecRun], tmp_path_factory: pytest.TempPathFactory
) -> list[DocumentRun]:
    scratch: Path = tmp_path_factory.mktemp("wire")
    baseline = report.load_baseline()
    runs = [run for run in corpus_runs.values() if run.error is None]
    started = time.perf_counter()
    docs = probe_all(
        runs, scratch, lambda run: report.order(baseline, run.entry.name, run.entry.operations)
    )
    report.REPORTED[:] = report.report(docs, time.perf_counter() - started)
    measured = report.measure(docs)
    if REWRITE and not report.rises(baseline, measured) and all(d.error is None for d in docs):
        report.write_baseline(measured)
    return docs


def test_every_document_is_probed(wire_runs: list[DocumentRun]) -> None:
    """Each document generates, and either Prism serves it and the probe ends, or the
    report says why Prism cannot serve it."""
    assert [d.name for d in wire_runs] == [e.name for e in read_sources()]
    failed = [f"{d.name}: {d.error}" for d in wire_runs if d.error is not None]
    assert not failed, "\n".join(failed)
    not_served = {d.name: d.not_served for d in wire_runs if d.not_served is not None}
    # Prism serves every document with operations (GitHub's from a copy: see runner).
    assert set(not_served) == {e.name for e in read_sources() if e.operations == 0}, not_served


def test_every_operation_is_tried(wire_runs: list[DocumentRun]) -> None:
    """Every operation of a served document has a verdict for each of its calls, sync
    and async alike."""
    operations = {e.name: e.operations for e in read_sources()}
    for doc in wire_runs:
        if doc.not_served is not None:
            continue
        labels = {v["op"] for v in doc.verdicts}
        assert len(labels) == operations[doc.name], doc.name
        sync = sorted((v["op"], v["variant"]) for v in doc.verdicts if v["client"] == "sync")
        both = sorted((v["op"], v["variant"]) for v in doc.verdicts if v["client"] == "async")
        assert sync == both, doc.name


def test_no_client_fault_count_rises(wire_runs: list[DocumentRun]) -> None:
    found = report.rises(report.load_baseline(), report.measure(wire_runs))
    assert not found, "client faults above the baseline:\n" + "\n".join(found)


def test_baseline_is_current(wire_runs: list[DocumentRun]) -> None:
    found = report.stale(report.load_baseline(), report.measure(wire_runs))
    assert not found, (
        "the wire baseline differs from what was measured; review, then rewrite it "
        "(see this module's docstring):\n" + "\n".join(found)
    )
