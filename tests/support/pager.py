"""The pager fixture: tests/fixtures/pager/openapi.yaml built, each list operation given
its paging on the model (as the builder will read it from the document), rendered.

Its golden output is tests/golden/pager (``python -m tests.snapshots update``). The
runtime tests import the rendered package as ``pagerclients``.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from generator.builder.client import ClientNames, build_client
from generator.builder.fake import fake_spec
from generator.emitter.emit import emit
from generator.loader.document import SpecDocument
from generator.model.api import Client, Package, Paging
from generator.model.names import Identifier
from generator.model.type_expr import Ref
from generator.renderer.render import render_package

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "tests" / "fixtures" / "pager" / "openapi.yaml"
SPEC_ROOT = "tests/fixtures"
PACKAGE = "pagerclients"
PET = Ref(Identifier("Pet"))

# operationId -> its paging, one of each style.
PAGING = {
    "list_by_offset": Paging(
        "offset",
        ("data",),
        PET,
        param="offset",
        size_param="limit",
        has_more=("has_more",),
        total=("total",),
    ),
    "list_by_page": Paging(
        "page",
        ("results",),
        PET,
        param="page",
        size_param="per_page",
        total=("total_pages",),
        total_is_pages=True,
    ),
    "list_by_cursor": Paging(
        "cursor", ("data",), PET, param="cursor", size_param="limit", next=("next_cursor",)
    ),
    "list_after": Paging(
        "cursor",
        ("data",),
        PET,
        param="starting_after",
        size_param="limit",
        from_item=("id",),
        has_more=("has_more",),
    ),
    "list_by_next_url": Paging(
        "next_url", ("items",), PET, size_param="limit", next=("links", "next")
    ),
    "list_by_link_header": Paging("link_header", (), PET, size_param="per_page"),
}


def pager_client() -> Client:
    """The fixture's client, its list operations paginated, its fake reading them."""
    doc = SpecDocument.open(SPEC, "tests/fixtures/pager/openapi.yaml")
    names = ClientNames(
        module="pets",
        client="Pets",
        credential_parameter="api_key",
        credential_env="PETS_API_KEY",
        base_url_env="PETS_BASE_URL",
        spec_path="tests/fixtures/pager/openapi.yaml",
    )
    client, findings = build_client(doc, names, (), None, with_fake=False)
    assert not findings, findings
    operations = tuple(
        dataclasses.replace(op, paging=PAGING[op.name]) if op.name in PAGING else op
        for op in client.operations
    )
    assert sum(op.paging is not None for op in operations) == len(PAGING)
    client = dataclasses.replace(client, operations=operations)
    return dataclasses.replace(client, fake=fake_spec(doc, client))


def pager_package() -> Package:
    return Package(PACKAGE, "0.1.0", (pager_client(),))


def pager_files() -> dict[str, bytes]:
    return render_package(pager_package(), ROOT / "templates", spec_root=SPEC_ROOT)


def render_pager(out: Path, *, check: bool = False) -> bool:
    """Write the package into ``out`` as ``generate`` writes one; True when ``out``
    already matched."""
    return emit(pager_files(), out, check=check).unchanged
