"""What every build step shares: the document, the scopes names are claimed in, findings.

Each step of the build (operations, events, security, the job binding) is a set of
functions over one :class:`BuildContext`, so a step reads the others' results only
through what the context holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from generator.builder.schemas import SchemaBuilder
from generator.loader.document import SpecDocument
from generator.loader.job_config import JobBinding
from generator.loader.paging_config import PagingOverride
from generator.model.escape import Untrusted
from generator.model.findings import Finding, Severity
from generator.model.names import Scope
from generator.model.reserved import MODULE_NAMES, OPERATION_NAMES
from generator.model.source import Located


@dataclass(frozen=True, slots=True)
class ClientNames:
    """What the config (or, with no config, the document's title) decides."""

    module: str
    client: str
    credential_parameter: str
    credential_env: str
    base_url_env: str
    spec_path: str


# (path, method, path item, operation) with every $ref followed.
OperationNode = tuple[str, str, Located, Located]


@dataclass(slots=True)
class BuildContext:
    doc: SpecDocument
    names: ClientNames
    # The config's kinds of job; the first is the one status_of and wait_for_job serve.
    job_kinds: tuple[JobBinding, ...]
    config_display: str
    findings: list[Finding] = dataclass_field(default_factory=list)
    # The config's `pagination:` entries, by operationId.
    paging: Mapping[str, PagingOverride] = dataclass_field(default_factory=dict)
    skipped_operations: list[str] = dataclass_field(default_factory=list)
    # Filled once by operations.operation_nodes: several steps walk the operations.
    nodes: list[OperationNode] | None = None
    module_scope: Scope = dataclass_field(init=False)
    operation_scope: Scope = dataclass_field(init=False)
    schemas: SchemaBuilder = dataclass_field(init=False)

    def __post_init__(self) -> None:
        # Module scope: models, enums, aliases and operation constants share it.
        client = self.names.client
        classes = {f"{client}Client", f"Async{client}Client"}
        self.module_scope = Scope(MODULE_NAMES | classes | {f"{n}Raw" for n in classes})
        self.operation_scope = Scope(OPERATION_NAMES)
        self.schemas = SchemaBuilder(self.doc, self.module_scope, self.findings)

    def error(self, node: Located, code: str, message: str) -> None:
        self.findings.append(self.doc.finding(node, Severity.ERROR, code, message))

    def skipped(self, node: Located, message: str) -> None:
        """An operation that cannot be read: counted, and reported where it stands."""
        self.skipped_operations.append("#" + node.pointer)
        self.error(node, "operation-skipped", message)

    @property
    def job_binding(self) -> JobBinding | None:
        """The first kind of job: the one status_of and wait_for_job serve."""
        return self.job_kinds[0] if self.job_kinds else None

    def method_names(self) -> dict[str, str]:
        """operationId -> the Python name the config gives its method: each kind's
        retrieval, and the list, cancel, retry and result operations it names one for
        (a start's ``method`` names the method that returns a handle, not the raw one)."""
        names: dict[str, str] = {}
        for kind in self.job_kinds:
            names.setdefault(kind.operation, kind.method)
            for call in kind.calls:
                if call.role != "start" and call.method is not None:
                    names.setdefault(call.operation, call.method)
        return names

    def config_error(
        self, pointer: str, code: str, message: str, *, line: int | None = None
    ) -> None:
        """A finding on the config, placed at ``line`` (by default the line of the job
        binding the pointer is in)."""
        if line is None:
            kind = next(
                (
                    k
                    for k in self.job_kinds
                    if pointer == k.pointer or pointer.startswith(k.pointer + "/")
                ),
                self.job_binding,
            )
            line = kind.line_of(pointer) if kind else None
        self.findings.append(
            Finding(Severity.ERROR, code, self.config_display, line, pointer, message)
        )


def untrusted(value: Any) -> Untrusted | None:
    """Spec prose, if there is any: blank text counts as none."""
    return Untrusted(value) if isinstance(value, str) and value.strip() else None
