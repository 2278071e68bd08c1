"""``python -m generator update``: take vendors' newly published documents into specs/.

Every named vendor's ``source:`` is fetched and its answer checked as ``make generate``
checks it (it parses within the vendor's limits, validates as OpenAPI, builds into a
client with no finding the config does not accept) before anything is written; then
every document is written, each atomically (a scratch file beside it, renamed over it).
One vendor's failure leaves every file under ``specs/`` as it was, so specs/ never
holds a document ``make generate`` would refuse: a new status value the mapping lacks
is mapped in ``jobclient.yaml`` first, then the update is run again.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.builder.project import build_vendor, check_vendor, discover
from generator.change.record import api_record, dump_record
from generator.loader.config import CONFIG_NAME, VendorConfig, load_config
from generator.loader.document import SpecDocument
from generator.loader.fetch import DEFAULT_TIMEOUT, FetchError, fetch_document
from generator.loader.parse import load_bytes
from generator.model.api import Client
from generator.model.findings import Finding, GenerationError

# Exit statuses, as `--help` and the README document them.
UPDATED = 0  # every document fetched was written, or was already the same
REFUSED = 1  # a fetch or a document failed: nothing under specs/ was written
USAGE = 2  # an unknown vendor, or one without `source:`


class UpdateRefused(Exception):
    """One vendor's document cannot be taken; the message names it and what to do."""


@dataclass
class Staged:
    """A fetched document that passed every check, not yet written."""

    vendor: str
    config: VendorConfig
    target: Path
    raw: bytes
    record: dict[str, Any]

    @property
    def unchanged(self) -> bool:
        try:
            return self.target.read_bytes() == self.raw
        except OSError:
            return False


def select(specs_dir: Path, names: Sequence[str]) -> tuple[list[Path], list[str]]:
    """The vendor folders to update, and the usage errors (unknown name, no `source:`)."""
    folders = {folder.name: folder for folder in discover(specs_dir)}
    errors: list[str] = []
    chosen: list[Path] = []
    for name in names:
        if name not in folders:
            errors.append(
                f"no vendor {name!r} under {specs_dir}; the vendors are {sorted(folders)}."
            )
        else:
            chosen.append(folders[name])
    if not names:
        chosen = list(folders.values())
    return chosen, errors


def stage(folder: Path, root: Path, *, timeout: float) -> Staged:
    """Fetch one vendor's document and check it; raises UpdateRefused or GenerationError."""
    config = load_config(folder / CONFIG_NAME, _display(folder / CONFIG_NAME, root))
    if config.source_url is None:
        raise UpdateRefused(f"{config.display}: no `source:` URL to fetch from.")
    target = folder / config.spec
    display = _display(target, root)
    try:
        raw = fetch_document(config.source_url, max_bytes=config.limits.max_bytes, timeout=timeout)
    except FetchError as exc:
        raise UpdateRefused(f"{folder.name}: {exc}") from None
    # Parsed as the file it will become, so its relative $refs resolve from its folder.
    loaded = load_bytes(raw, target, f"{display} (from {config.source_url})", config.limits)
    doc = SpecDocument(loaded, config.limits, config.refs)
    client = check_vendor(config, doc, root)
    return Staged(folder.name, config, target, raw, _record(client, doc, config))


def _record(client: Client, doc: SpecDocument, config: VendorConfig) -> dict[str, Any]:
    # Read back from its JSON, as every record compared elsewhere is.
    return dict(json.loads(dump_record(api_record(client, doc, config.jobs, config.display))))


def current_record(staged: Staged, root: Path) -> dict[str, Any] | None:
    """The record of the document now in specs/, or None where it no longer builds."""
    config = staged.config
    try:
        doc = SpecDocument.open(
            staged.target, _display(staged.target, root), config.limits, config.refs
        )
        client = build_vendor(config, doc, root)
    except GenerationError:
        return None
    return _record(client, doc, config)


def change_report(staged: Staged, root: Path) -> str:
    """What changes for callers, in text, from the document in place to the fetched one."""
    from generator.change.changelog import empty_like
    from generator.change.comparison import compare_records, render_report

    old = current_record(staged, root)
    note = ""
    if old is None:
        note = "The document in place does not build; compared with an empty API.\n"
        old = empty_like(staged.record)
    return note + render_report(compare_records(old, staged.record), "text")


def write_atomically(target: Path, data: bytes) -> None:
    """Replace ``target`` in one rename; an interrupted write leaves the old file whole."""
    handle, scratch = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        with contextlib.suppress(OSError):
            os.chmod(scratch, target.stat().st_mode & 0o777 if target.exists() else 0o644)
        os.replace(scratch, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(scratch)
        raise


def run_update(
    specs_dir: Path,
    root: Path,
    names: Sequence[str],
    *,
    timeout: float = DEFAULT_TIMEOUT,
) -> int:
    """The whole command; prints to stdout and stderr and returns the exit status."""
    folders, usage = select(specs_dir, names)
    if not names:
        # Every vendor that names a source; the others publish none.
        folders = [f for f in folders if _has_source(f, root)]
        if not folders:
            usage.append(f"no vendor under {specs_dir} names a `source:` URL.")
    else:
        usage += [
            f"{f.name}: its {CONFIG_NAME} names no `source:` URL to fetch from; add one, or "
            "update its document by hand."
            for f in folders
            if not _has_source(f, root)
        ]
    if usage:
        for message in usage:
            print(f"error: {message}", file=sys.stderr)
        return USAGE
    staged: list[Staged] = []
    failures: list[str] = []
    findings: list[Finding] = []
    for folder in folders:
        try:
            staged.append(stage(folder, root, timeout=timeout))
        except UpdateRefused as exc:
            failures.append(str(exc))
        except GenerationError as exc:
            findings.extend(exc.findings)
            failures.append(
                f"{folder.name}: not updated: `make generate` would refuse it as it is "
                f"(the findings above). If a finding in the fetched document is on purpose "
                f"(a new status value, say), say so in {CONFIG_NAME} and update again."
            )
    if failures:
        for finding in findings:
            print(finding.render(), file=sys.stderr)
        for message in failures:
            print(f"error: {message}", file=sys.stderr)
        print("Nothing under specs/ was written.", file=sys.stderr)
        return REFUSED
    # Reports first: they read the documents still in place.
    reports = {s.vendor: "" if s.unchanged else change_report(s, root) for s in staged}
    for item in staged:
        if item.unchanged:
            print(f"{_display(item.target, root)}: unchanged.")
            continue
        write_atomically(item.target, item.raw)
        print(f"{_display(item.target, root)}: updated from {item.config.source_url}.")
        print(reports[item.vendor], end="")
    return UPDATED


def _has_source(folder: Path, root: Path) -> bool:
    try:
        config = load_config(folder / CONFIG_NAME, _display(folder / CONFIG_NAME, root))
    except GenerationError:
        return True  # staged, it reports the config's findings
    return config.source_url is not None


def _display(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)
