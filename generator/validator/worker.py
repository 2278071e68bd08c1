"""Validation beside the build: documents not in the cache are checked in a worker.

The builder does not need the validator's answer, only the generator's last step does,
so on a machine with two cores the worker's validation and the main process's build,
render and format overlap. The worker is a fork of this process that sends back plain
rows of findings. Where fork is not the platform's way (macOS, Windows), or the worker
dies, validation runs in this process: slower, never different.
"""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.cache import Cache
from generator.loader.document import RefPolicy, SpecDocument
from generator.loader.limits import LoadLimits
from generator.model.findings import Finding
from generator.validator.results_cache import (
    Dependency,
    decode_findings,
    dependencies,
    encode_findings,
    lookup,
    remember,
)
from generator.validator.validate import validate_document

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

Answer = tuple[list[Finding], list[Dependency]]


def _validate(doc: SpecDocument) -> Answer:
    findings = validate_document(doc)
    return findings, dependencies(doc)


# What SpecDocument.open needs to load a document again, with the same $ref rules.
Request = tuple[Path, str, LoadLimits, RefPolicy]


def _serve(conn: Connection, parent_end: Connection, docs: Sequence[SpecDocument] | None) -> None:
    """The worker: validate ``docs``, or import the validator and wait for requests."""
    # Ctrl-C reaches the whole process group; the parent decides, and ends this worker.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The fork copied the parent's end of the pipe too; closed here, a parent that dies
    # (even by SIGKILL) ends this worker's wait with EOF instead of leaving it blocked.
    parent_end.close()
    try:
        _answer(conn, docs)
    except Exception:
        # No traceback from here: the parent sees the pipe close and validates itself,
        # reporting whatever went wrong (a document that no longer loads) as findings.
        conn.close()


def _answer(conn: Connection, docs: Sequence[SpecDocument] | None) -> None:
    if docs is None:
        import generator.validator.fast  # noqa: F401  (the half-second import, done early)

        requests: list[Request] | None = conn.recv()
        if requests is None:
            return  # every document was in the cache
        docs = [SpecDocument.open(*request) for request in requests]
    rows: list[Any] = []
    for doc in docs:
        findings, deps = _validate(doc)
        rows.append((encode_findings(findings), deps))
    conn.send(rows)
    conn.close()


class ValidatorProcess:
    """A forked worker that validates documents beside the main process.

    Forked before the documents are loaded (``start_validator_process``), it imports
    the validator while the main process imports and loads, then loads the documents
    it is sent itself: the half second of importing comes off the critical path. Forked
    after (``docs`` given), it already holds them.
    """

    def __init__(self, docs: Sequence[SpecDocument] | None = None) -> None:
        # Imported on a cache miss only: a run that changed nothing never forks.
        import multiprocessing

        # Output buffered now would be written twice, once by each process.
        sys.stdout.flush()
        sys.stderr.flush()
        context = multiprocessing.get_context("fork")
        self._conn, child = context.Pipe(duplex=True)
        self._process: Any = context.Process(
            target=_serve, args=(child, self._conn, docs), daemon=True
        )
        self._process.start()
        child.close()
        self._waiting_for_requests = docs is None

    def submit(self, requests: list[Request] | None) -> None:
        """Send the documents to validate (None: nothing to do, the worker exits)."""
        if self._waiting_for_requests:
            self._waiting_for_requests = False
            with contextlib.suppress(OSError):  # a dead worker: receive() says so
                self._conn.send(requests)

    def receive(self) -> list[Answer] | None:
        try:
            rows = self._conn.recv()
            return [(decode_findings(f), [(str(p), str(h)) for p, h in d]) for f, d in rows]
        except (EOFError, OSError, ValueError, TypeError):
            return None  # the worker died; the answer is worked out here instead
        finally:
            self.close()

    @property
    def alive(self) -> bool:
        return bool(self._process.is_alive())

    def close(self) -> None:
        """End the worker if it still runs (an error elsewhere made its answer moot)."""
        self._conn.close()
        if self._process.is_alive():
            self._process.terminate()
        with contextlib.suppress(Exception):
            self._process.join(timeout=5)


def start_validator_process() -> ValidatorProcess | None:
    """A worker forked now, before anything is loaded; None where fork is not the way."""
    if sys.platform != "linux":
        return None
    try:
        return ValidatorProcess()
    except OSError:
        return None


class PendingValidation:
    """Findings per document, some known now (cached), the others on their way."""

    def __init__(
        self,
        docs: Sequence[SpecDocument],
        store: Cache,
        *,
        parallel: bool,
        worker: ValidatorProcess | None = None,
    ) -> None:
        self._docs = list(docs)
        self._store = store
        self._known: dict[int, list[Finding]] = {}
        for index, doc in enumerate(self._docs):
            cached = lookup(doc, store)
            if cached is not None:
                self._known[index] = cached
        self._missing = [i for i in range(len(self._docs)) if i not in self._known]
        # A document whose $refs may fetch URLs is validated here, where what was fetched
        # is shared: a worker would fetch every URL again, and a server should see one
        # request per allowed URL.
        remote = any(doc.policy.url_prefixes for doc in self._missing_docs())
        self._worker = None if remote else worker
        if worker is not None:
            worker.submit(
                [(d.root.path, d.root.display, d.limits, d.policy) for d in self._missing_docs()]
                if self._missing and not remote
                else None
            )
        elif self._missing and parallel and not remote and sys.platform == "linux":
            with contextlib.suppress(OSError):  # no process to be had: validate here
                self._worker = ValidatorProcess(self._missing_docs())

    def _missing_docs(self) -> list[SpecDocument]:
        return [self._docs[i] for i in self._missing]

    def findings(self) -> list[list[Finding]]:
        """Every document's findings, in the order given; waits for the worker."""
        if self._missing:
            answers = self._worker.receive() if self._worker is not None else None
            self._worker = None
            if answers is None or len(answers) != len(self._missing):
                answers = [_validate(doc) for doc in self._missing_docs()]
            for index, (found, deps) in zip(self._missing, answers, strict=True):
                self._known[index] = found
                remember(self._docs[index], found, deps, self._store)
            self._missing = []
        return [self._known[i] for i in range(len(self._docs))]

    def close(self) -> None:
        if self._worker is not None:
            self._worker.close()
            self._worker = None


def start_validation(
    docs: Sequence[SpecDocument],
    store: Cache,
    *,
    parallel: bool = True,
    worker: ValidatorProcess | None = None,
) -> PendingValidation:
    """Findings for ``docs``: from the cache, ``worker``, a worker forked now, or here."""
    return PendingValidation(docs, store, parallel=parallel, worker=worker)
