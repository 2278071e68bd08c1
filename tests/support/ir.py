"""The API model of a document given as text, built in-process: for pinning build rules.

A rule about schemas, parameters or findings is tested by asserting on the model
directly, without a fixture folder, a golden tree or a generator subprocess.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from pathlib import Path

from generator.builder.client import ClientNames, build_client
from generator.loader.document import SpecDocument
from generator.loader.job_config import JobBinding
from generator.loader.limits import DEFAULT_LIMITS
from generator.loader.paging_config import PagingOverride
from generator.loader.parse import load_bytes
from generator.model.api import Client, ObjectSchema, Operation, Parameter, Schema
from generator.model.findings import Finding

DISPLAY = "specs/test/openapi.yaml"
CONFIG_DISPLAY = "specs/test/jobclient.yaml"


def build_ir(
    text: str,
    *,
    job: str | None = None,
    status: str | None = None,
    statuses: dict[str, str] | None = None,
    method: str = "get_job",
    paging: Mapping[str, PagingOverride] | None = None,
) -> tuple[Client, list[Finding]]:
    """The model and findings of a YAML (or JSON) document; ``job`` binds an operationId,
    ``paging`` is a config's ``pagination:`` (see load_config).

    ``text`` is dedented, so a test can indent its document with the code around it.
    """
    raw = textwrap.dedent(text).encode("utf-8")
    loaded = load_bytes(raw, Path.cwd() / "openapi.yaml", DISPLAY, DEFAULT_LIMITS)
    doc = SpecDocument(loaded, DEFAULT_LIMITS)
    names = ClientNames(
        module="test",
        client="Test",
        credential_parameter="api_key",
        credential_env="TEST_API_KEY",
        base_url_env="TEST_BASE_URL",
        spec_path=DISPLAY,
    )
    binding = None
    if job is not None:
        binding = JobBinding(
            operation=job,
            method=method,
            status_pointer=status or "",
            statuses=dict(statuses or {}),
            status_lines={},
            line=None,
        )
    return build_client(doc, names, (binding,) if binding else (), CONFIG_DISPLAY, paging=paging)


def codes(findings: list[Finding]) -> list[str]:
    return [finding.code for finding in findings]


def operation(client: Client, name: str) -> Operation:
    return next(op for op in client.operations if op.name == name)


def parameter(op: Operation, wire_name: str) -> Parameter:
    return next(p for p in op.parameters if p.wire_name == wire_name)


def schema(client: Client, name: str) -> Schema:
    return next(s for s in client.schemas if s.name == name)


def model(client: Client, name: str) -> ObjectSchema:
    found = schema(client, name)
    assert isinstance(found, ObjectSchema), found
    return found
