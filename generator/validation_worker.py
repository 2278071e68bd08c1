"""Validation beside the build: documents not in the cache are checked in a worker.

The builder does not need the validator's answer, only the generator's last step does,
so on a machine with two cores the worker's validation and the main process's build,
render and format overlap. The worker is a fork of this process (the documents are
already parsed in its memory; nothing is copied or parsed twice) that sends back plain
rows of findings. Where fork is not the platform's way (macOS, Windows), or the worker
dies, validation runs in this process: slower, never different.
"""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from generator.cache import Cache
from generator.document import SpecDocument
from generator.findings import Finding
from generator.validate import validate_document
from generator.validation_cache import (
    Dependency,
    decode_findings,
    dependencies,
    encode_findings,
    lookup,
    remember,
)

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

Answer = tuple[list[Finding], list[Dependency]]


def _validate(doc: SpecDocument) -> Answer:
    findings = validate_document(doc)
    return findings, dependencies(doc)


def _worker(docs: Sequence[SpecDocument], conn: Connection) -> None:
    # Ctrl-C reaches the whole process group; the parent decides, and ends this worker.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    rows: list[Any] = []
    for doc in docs:
        findings, deps = _validate(doc)
        rows.append((encode_findings(findings), deps))
    conn.send(rows)
    conn.close()


class PendingValidation:
    """Findings per document, some known now (cached), the others on their way."""

    def __init__(self, docs: Sequence[SpecDocument], store: Cache, *, parallel: bool) -> None:
        self._docs = list(docs)
        self._store = store
        self._known: dict[int, list[Finding]] = {}
        for index, doc in enumerate(self._docs):
            cached = lookup(doc, store)
            if cached is not None:
                self._known[index] = cached
        self._missing = [i for i in range(len(self._docs)) if i not in self._known]
        self._process: Any = None
        self._conn: Connection | None = None
        if self._missing and parallel and sys.platform == "linux":
            self._start([self._docs[i] for i in self._missing])

    def _start(self, docs: list[SpecDocument]) -> None:
        # Imported on a cache miss only: a run that changed nothing never forks.
        import multiprocessing

        # Output buffered now would be written twice, once by each process.
        sys.stdout.flush()
        sys.stderr.flush()
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_worker, args=(docs, sender), daemon=True)
        try:
            process.start()
        except OSError:
            return  # no process to be had: validate in this one when asked
        sender.close()
        self._process, self._conn = process, receiver

    def _from_worker(self) -> list[Answer] | None:
        if self._conn is None:
            return None
        try:
            rows = self._conn.recv()
            return [(decode_findings(f), [(str(p), str(h)) for p, h in d]) for f, d in rows]
        except (EOFError, OSError, ValueError, TypeError):
            return None  # the worker died; the answer is worked out here instead
        finally:
            self.close()

    def findings(self) -> list[list[Finding]]:
        """Every document's findings, in the order given; waits for the worker."""
        if self._missing:
            answers = self._from_worker()
            if answers is None or len(answers) != len(self._missing):
                answers = [_validate(self._docs[i]) for i in self._missing]
            for index, (found, deps) in zip(self._missing, answers, strict=True):
                self._known[index] = found
                remember(self._docs[index], found, deps, self._store)
            self._missing = []
        return [self._known[i] for i in range(len(self._docs))]

    def close(self) -> None:
        """End the worker if it still runs (an error elsewhere made its answer moot)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._process is not None:
            if self._process.is_alive():
                self._process.terminate()
            with contextlib.suppress(Exception):
                self._process.join(timeout=5)
            self._process = None


def start_validation(
    docs: Sequence[SpecDocument], store: Cache, *, parallel: bool = True
) -> PendingValidation:
    return PendingValidation(docs, store, parallel=parallel)
