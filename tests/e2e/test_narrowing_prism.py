"""What the old client sends, sent to a server holding the new document.

For each pair of tests/diff/narrowing, the old document's client is generated; each of
its calls goes to Prism mocking the old document (which must accept it, and answer
what the old client parses) and to Prism mocking the new one, which must refuse it
(or answer what the old client cannot parse) exactly when ``diff`` reports the pair
breaking.

Prism 5 validates a 3.1 document's bodies by JSON Schema draft 7: it ignores
``prefixItems`` (and reads ``items: false`` as "no items at all") and does not check
``dependentRequired``; and it takes a JSON ``null`` body for no body at all. A call that
turns on those is judged by a JSON Schema 2020-12 validator instead
(``openapi-schema-validator``'s OAS 3.1 dialect), on the body the old client sends.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

import httpx
import pytest

from generator.builder.project import build_single
from generator.renderer.render import render_package
from tests.diff.narrowing_support import VERDICTS, cases, pair, report
from tests.support.fakes import SpecSchemas
from tests.support.prism import prism_server
from tests.support.trees import ROOT

pytestmark = pytest.mark.e2e

# "prism": Prism with --errors refuses a request the document does not allow;
# "answer": Prism answers the document's example, and the old client parses it or not
# (without --errors: Prism holds its own examples to draft 7 too); "schema": below.
Judge = Literal["prism", "answer", "schema"]


@dataclass(frozen=True)
class Call:
    label: str
    # (the old client, its models module): the call, raising when refused
    run: Callable[[Any, ModuleType], object]
    # Who says whether the new document refuses it (see the module's docstring).
    judge: Judge = "prism"


def _calls(case: str) -> list[Call]:
    return {
        "body-null-refused": [Call("a null body", lambda c, m: c.test_op(None), "schema")],
        "field-null-refused": [
            Call("id set to None", lambda c, m: c.test_op(m.SomeObject(id=None)))
        ],
        "parameter-became-enum": [
            Call("a book_id outside the enum", lambda c, m: c.get_book(book_id="third-edition"))
        ],
        "field-became-enum": [
            Call(
                "a kind outside the enum",
                lambda c, m: c.create_order(m.NewOrder(sku="s1", kind="overnight")),
            )
        ],
        "required-field-with-default": [
            Call("description left unset", lambda c, m: c.add_product(m.Product(name="lamp")))
        ],
        "body-limits": [
            Call("one tag", lambda c, m: c.set_tags(["one"])),
            Call("a note of 9 characters", lambda c, m: c.add_note("long note")),
        ],
        "format-narrowed": [
            Call("size 2**40", lambda c, m: c.add_file(m.NewFile(size=2**40))),
            Call("offset 2**40", lambda c, m: c.add_file(m.NewFile(), offset=2**40)),
        ],
        "unmodelled-keywords": [
            Call(
                "field without value (dependentRequired)",
                lambda c, m: c.add_filter(m.Filter(field="name")),
                "schema",
            ),
            Call(
                "a date that is not one (if/then)",
                lambda c, m: c.add_filter(m.Filter(field="date", value="soon")),
            ),
            Call(
                "tags without 'primary' (contains)", lambda c, m: c.add_filter(m.Filter(tags=["x"]))
            ),
            Call(
                "an upper-case label (propertyNames)",
                lambda c, m: c.add_filter(m.Filter(labels={"Env": "prod"})),
            ),
            Call("code 'legacy' (not)", lambda c, m: c.add_filter(m.Filter(code="legacy"))),
        ],
        "request-tuple": [
            Call(
                "a point of three numbers",
                lambda c, m: c.add_place(m.Place(point=[1.0, 2.0, 3.0])),
                "schema",
            )
        ],
        "response-tuple": [Call("the row", lambda c, m: c.get_row(), "answer")],
        "bodyless-response-removed": [Call("a delete", lambda c, m: c.delete_item("i1"))],
        "pattern-matches-anything": [Call("code 'abc'", lambda c, m: c.search(code="abc"))],
        "array-with-properties": [Call("two names", lambda c, m: c.set_names(["a", "b"]))],
        "optional-response-field-nullable": [
            Call("an order", lambda c, m: c.get_order("o1"), "answer")
        ],
    }[case]


@dataclass
class OldClient:
    module: ModuleType  # the vendor module: client class, models
    models: ModuleType

    def client(self, **options: Any) -> Any:
        found = [
            value
            for name, value in vars(self.module).items()
            if name.endswith("Client") and not name.startswith("Async") and isinstance(value, type)
        ]
        assert len(found) == 1, found
        return found[0](max_retries=0, **options)


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("old-clients")
    sys.path.insert(0, str(folder))
    try:
        yield folder
    finally:
        sys.path.remove(str(folder))


def old_client(case: str, folder: Path) -> OldClient:
    """The client the old document generates, written as rendered (ruff only formats)."""
    name = "narrow_" + case.replace("-", "_")
    package, findings = build_single(pair(case)[0], name, ROOT)
    assert findings == []
    for relative, content in render_package(package, ROOT / "templates", spec_root="tests").items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    module = importlib.import_module(f"{name}.{name}")
    return OldClient(module, importlib.import_module(f"{name}.{name}.models"))


def _refused(exc: BaseException) -> bool:
    """A refusal by the server, or an answer the old client cannot parse; anything else
    (a bug in the test or the client) is re-raised."""
    module = type(exc).__module__
    return module.endswith("_runtime._errors") and type(exc).__name__ in (
        "BadRequestError",
        "UnprocessableEntityError",
        "ResponseValidationError",
    )


def by_prism(old: OldClient, call: Call, base_url: str) -> bool:
    """Whether Prism at ``base_url`` refuses the call (or answers what it cannot parse)."""
    with old.client(base_url=base_url) as client:
        try:
            call.run(client, old.models)
        except Exception as exc:
            if not _refused(exc):
                raise
            return True
    return False


def by_schema(old: OldClient, call: Call, spec: Path) -> bool:
    """Whether the body the old client sends breaks the document's request schema."""
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(204)

    http = httpx.Client(transport=httpx.MockTransport(answer))
    with old.client(base_url="http://narrow.test", http_client=http) as client:
        call.run(client, old.models)
    (request,) = sent
    schemas = SpecSchemas(spec)
    path = next(iter(schemas.doc.data["paths"]))
    schema = schemas.request_schema(path, request.method, "application/json")
    return bool(schemas.errors(json.loads(request.content), schema))


@pytest.mark.parametrize("case", cases())
def test_the_old_clients_calls_meet_the_new_document(
    case: str, packages: Path, tmp_path: Path
) -> None:
    expected, why = VERDICTS[case]
    old = old_client(case, packages)
    old_spec, new_spec = pair(case)
    calls = _calls(case)
    verdicts: dict[str, tuple[bool, bool]] = {}
    schema_calls = [c for c in calls if c.judge == "schema"]
    for call in schema_calls:
        verdicts[call.label] = (by_schema(old, call, old_spec), by_schema(old, call, new_spec))
    for judge in ("prism", "answer"):
        prism_calls = [c for c in calls if c.judge == judge]
        if not prism_calls:
            continue
        errors = judge == "prism"
        with (
            prism_server(old_spec, errors=errors) as before,
            prism_server(new_spec, errors=errors) as after,
        ):
            for call in prism_calls:
                verdicts[call.label] = (
                    by_prism(old, call, before.base_url),
                    by_prism(old, call, after.base_url),
                )
    # The report's own verdict, which tests/diff/test_narrowing.py holds to VERDICTS.
    refused = report(case).highest() == "breaking"
    assert refused == (expected == "breaking")
    assert verdicts == dict.fromkeys(verdicts, (False, refused)), (why, verdicts)
