"""Every name the templates write themselves is in generator/model/reserved.py.

The vendors, the fixtures and hostile documents are built and rendered; each generated
module is read with ``ast``; every name it binds that the model did not decide (from the
spec or the config) must be in the reserved set for its place, so a template that gains
a keyword or a module-level name fails here until the set gains it too. And no name a
spec gave may meet a template's own name where both stand: a wait's locals and the job
retrieval's parameters, a method and the client's attributes.
"""

from __future__ import annotations

import ast
import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from generator.builder.project import build_package
from generator.model import reserved
from generator.model.api import Client, EnumSchema, ObjectSchema, Package
from generator.renderer.render import render_package
from tests.snapshots import FIXTURES, TEMPLATES, fixture_names
from tests.support.hostile import HostileSpec, hostile_spec
from tests.support.pager import pager_package

ROOT = Path(__file__).resolve().parents[1]
PKG = "jobclients"


def _bound(body: list[ast.stmt]) -> Iterator[str]:
    """Names a module or class body binds at its own level (``if`` blocks included)."""
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                yield alias.asname or alias.name.split(".")[0]
        elif isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            yield node.name
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    yield target.id
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            yield node.target.id
        elif isinstance(node, ast.If):
            yield from _bound(node.body)
            yield from _bound(node.orelse)


def _arguments(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    args = function.args
    return [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]


def _locals(function: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """Names bound inside a function's body, nested functions and comprehensions too."""
    names: set[str] = set()
    for node in ast.walk(function):
        if node is function:
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
    return names


def _modules(files: dict[str, bytes], client: Client) -> dict[str, ast.Module]:
    return {
        name: ast.parse(files[f"{PKG}/{client.module}/{name}.py"])
        for name in ("client", "models", "__init__")
    }


def check_client(client: Client, files: dict[str, bytes]) -> list[str]:
    problems: list[str] = []
    modules = _modules(files, client)
    schema_names = {str(s.name) for s in client.schemas}
    classes = {str(client.class_name), str(client.async_class_name)}
    classes |= {f"{name}Raw" for name in classes}
    decided = schema_names | classes | {str(op.constant) for op in client.operations}
    for module_name, module in modules.items():
        for name in _bound(module.body):
            if name not in decided and name not in reserved.MODULE_NAMES:
                problems.append(f"{module_name}.py binds {name!r}, not in MODULE_NAMES")

    module_level = set(_bound(modules["client"].body))
    operations = {str(op.name): op for op in client.operations}
    for op in client.operations:
        if op.name.startswith("_"):
            problems.append(f"operation {op.name!r} starts with an underscore")
    for cls in modules["client"].body:
        if not isinstance(cls, ast.ClassDef) or cls.name not in classes:
            continue
        attributes = set(_bound(cls.body))
        for function in cls.body:
            if isinstance(function, ast.FunctionDef) and function.name == "__init__":
                attributes |= {
                    node.attr
                    for node in ast.walk(function)
                    if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store)
                }
        for name in attributes - set(operations):
            if not name.startswith("_") and name not in reserved.CLIENT_ATTRIBUTES:
                problems.append(f"{cls.name}.{name} is not in CLIENT_ATTRIBUTES")
        for function in cls.body:
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            # No argument may hide a module-level name the method's body could use.
            for arg in set(_arguments(function)) & module_level:
                problems.append(f"{cls.name}.{function.name}({arg}=) hides a module-level name")
            if function.name in operations:
                params = {str(p.name) for p in operations[function.name].parameters}
                for arg in _arguments(function):
                    if arg not in params and arg not in reserved.METHOD_KEYWORDS:
                        problems.append(f"{function.name}({arg}=) is not in METHOD_KEYWORDS")
            elif function.name in ("wait_for_job", "wait_for_jobs"):
                problems += _check_wait(client, function)
            elif function.name == "__init__" and cls.name.endswith("Client"):
                for arg in _arguments(function):
                    if arg not in reserved.CONSTRUCTOR_KEYWORDS | {client.credential_parameter}:
                        problems.append(f"__init__({arg}=) is not in CONSTRUCTOR_KEYWORDS")
    for schema in client.schemas:
        problems += _check_schema_class(modules["models"], schema)
    return problems


def _check_wait(client: Client, function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    problems: list[str] = []
    assert client.job is not None
    params = {str(p.name) for p in client.job.operation.parameters}
    own = reserved.WAIT_NAMES | reserved.WAIT_LOOP_NAMES
    for name in set(_arguments(function)) | _locals(function):
        if name not in params and name not in own:
            problems.append(f"{function.name} binds {name!r}, not in WAIT_NAMES")
    # What the template binds itself must not be a parameter it hands on (shadowing).
    passed_on = params - {str(client.job.id_param.name)}
    for name in _locals(function) & passed_on:
        problems.append(f"{function.name}'s local {name!r} shadows a parameter it hands on")
    return problems


def _check_schema_class(models: ast.Module, schema: object) -> list[str]:
    if isinstance(schema, ObjectSchema):
        expected = {str(f.name) for f in schema.fields}
    elif isinstance(schema, EnumSchema):
        expected = {str(m.name) for m in schema.members}
    else:
        return []
    cls = next(n for n in models.body if isinstance(n, ast.ClassDef) and n.name == schema.name)
    extra = set(_bound(cls.body)) - expected
    return [f"model {schema.name} binds {sorted(extra)} besides its fields"] if extra else []


def check_package(package: Package, files: dict[str, bytes]) -> list[str]:
    problems: list[str] = []
    vendors = {str(client.module) for client in package.clients}
    init = ast.parse(files[f"{PKG}/__init__.py"])
    for name in _bound(init.body):
        # The runtime's exports are CamelCase; a vendor's module name never is.
        if name.islower() and name not in vendors and name not in reserved.PACKAGE_NAMES:
            problems.append(f"the package's __init__ binds {name!r}, not in PACKAGE_NAMES")
    for vendor in vendors & reserved.PACKAGE_NAMES:
        problems.append(f"a vendor module is named {vendor!r}")
    for client in package.clients:
        problems += [f"{client.module}: {p}" for p in check_client(client, files)]
    return problems


def _render(package: Package) -> dict[str, bytes]:
    return render_package(package, TEMPLATES, spec_root="specs")


def test_the_vendors_templates_introduce_only_reserved_names() -> None:
    package, _ = build_package(ROOT / "specs", ROOT)
    assert check_package(package, _render(package)) == []


@pytest.mark.parametrize("fixture", fixture_names())
def test_the_fixtures_templates_introduce_only_reserved_names(fixture: str) -> None:
    package, _ = build_package(FIXTURES / fixture, ROOT)
    assert check_package(package, _render(package)) == []


def test_a_paginated_client_s_templates_introduce_only_reserved_names() -> None:
    package = dataclasses.replace(pager_package(), name=PKG)
    assert any(op.paging for op in package.clients[0].operations)
    assert check_package(package, _render(package)) == []


def test_the_check_fails_on_a_template_name_missing_from_the_sets() -> None:
    package, _ = build_package(ROOT / "specs", ROOT)
    files = _render(package)
    finch = f"{PKG}/finch/client.py"
    # A local the wait would bind and a keyword every method would take.
    text = files[finch].decode()
    text = text.replace("def fetch()", "def fetch_again()", 1)
    text = text.replace("max_retries: int | _rt.NotGiven", "tries: int | _rt.NotGiven", 1)
    problems = check_package(package, {**files, finch: text.encode()})
    assert any("'fetch_again', not in WAIT_NAMES" in p for p in problems), problems
    assert any("(tries=) is not in METHOD_KEYWORDS" in p for p in problems), problems


@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(spec=hostile_spec())
def test_hostile_documents_templates_introduce_only_reserved_names(
    spec: HostileSpec, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from tests.test_hostile_specs import _client, _write

    folder = tmp_path_factory.mktemp("hostile")
    path = _write(spec, folder / "h0", 1)
    client = _client(spec, path, 1)
    package = Package(PKG, "0.1.0", (client,))
    assert check_package(package, _render(package)) == []
