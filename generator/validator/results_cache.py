"""openapi-spec-validator's findings on a document, remembered by content hash.

Validation is the one stage whose cost grows fastest with the document, and its answer
depends only on the bytes of the document and of the files it reaches, on the
validator (versions of every package that decides a finding, and our own code that
places them) and on the load limits. All of that is in the key, so a result is never
trusted across validator versions. The files reached through ``$ref`` are only known
after validation: the entry lists them with their hashes, and a lookup rereads and
rehashes each one; any difference is a miss.
"""

from __future__ import annotations

import hashlib
import json
import sys
from functools import cache
from pathlib import Path
from typing import Any

from generator.cache import VALIDATOR_PACKAGES, Cache, digest, installed_versions
from generator.loader.document import SpecDocument
from generator.model.findings import Finding, Severity

KIND = "validation-v1"
# Our code that runs the validator and puts its errors in place.
_OWN_SOURCES = (
    "validator/validate.py",
    "validator/fast.py",
    "loader/document.py",
    "loader/parse.py",
    "model/findings.py",
)

Dependency = tuple[str, str]  # (absolute path, SHA-256 of its bytes)


@cache
def validator_version() -> str:
    """Versions of everything that shapes a finding, our own sources by hash."""
    parts = [f"python {sys.version_info[:2]}"]
    parts += [f"{n} {v}" for n, v in installed_versions(*VALIDATOR_PACKAGES).items()]
    here = Path(__file__).parents[1]  # the generator package
    for source in _OWN_SOURCES:
        parts.append(f"{source} {hashlib.sha256((here / source).read_bytes()).hexdigest()}")
    return "\n".join(parts)


def _key(doc: SpecDocument) -> str:
    root = doc.root
    return digest(
        KIND,
        validator_version(),
        str(doc.base_dir),
        root.display,
        repr(doc.limits),
        # Where $refs may read decides which findings a document has.
        repr(doc.policy),
        root.digest,
    )


def dependencies(doc: SpecDocument) -> list[Dependency]:
    """Every file besides the root that has been read for ``doc`` so far."""
    root = doc.root.path.resolve()
    return sorted((str(path), loaded.digest) for path, loaded in doc.files.items() if path != root)


def _unchanged(deps: list[Dependency]) -> bool:
    for path, expected in deps:
        try:
            if hashlib.sha256(Path(path).read_bytes()).hexdigest() != expected:
                return False
        except OSError:
            return False
    return True


def encode_findings(findings: list[Finding]) -> list[list[Any]]:
    return [[int(f.severity), f.code, f.file, f.line, f.pointer, f.message] for f in findings]


def decode_findings(rows: list[list[Any]]) -> list[Finding]:
    return [
        Finding(Severity(int(s)), str(c), str(f), None if n is None else int(n), str(p), str(m))
        for s, c, f, n, p, m in rows
    ]


def lookup(doc: SpecDocument, store: Cache) -> list[Finding] | None:
    """The remembered findings for ``doc``, or None when there are none to trust."""
    if not doc.root.digest:
        return None
    raw = store.get(KIND, _key(doc))
    if raw is None:
        return None
    try:
        entry = json.loads(raw)
        deps = [(str(p), str(h)) for p, h in entry["deps"]]
        findings = decode_findings(entry["findings"])
    except (ValueError, KeyError, TypeError):
        return None  # a corrupt entry is a miss; the next store overwrites it
    return findings if _unchanged(deps) else None


def remember(
    doc: SpecDocument, findings: list[Finding], deps: list[Dependency], store: Cache
) -> None:
    if not doc.root.digest:
        return
    entry = {"deps": deps, "findings": encode_findings(findings)}
    store.put(KIND, _key(doc), json.dumps(entry).encode("utf-8"))
