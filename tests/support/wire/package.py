"""A generated package as its user meets it: the client classes, each method's keywords
and the Python types they take.

Which keyword carries which wire parameter is read from the generated source itself
(the ``path_params=``, ``query=``, ``headers=`` and ``cookies=`` tables and the body
keyword each method passes to the runtime), and which operation a method calls from its
runtime ``Operation`` (method and path): nothing is taken from the generator's model.
"""

from __future__ import annotations

import ast
import datetime
import importlib
import inspect
import sys
import typing
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from pydantic import Discriminator, Field, Tag, TypeAdapter

# The client constructor's own keywords; any other keyword is a credential.
CLIENT_KEYWORDS = frozenset(
    {
        "base_url",
        "timeout",
        "max_retries",
        "retry_policy",
        "total_timeout",
        "default_headers",
        "http_client",
        "max_response_bytes",
        "sleep",
        "clock",
    }
)
_TABLES = {"path_params": "path", "query": "query", "headers": "header", "cookies": "cookie"}
_BODY_KEYWORDS = ("json_body", "form_body", "multipart_body", "content")


@dataclass
class Method:
    name: str
    method: str  # HTTP method
    path: str
    params: dict[tuple[str, str], str] = field(default_factory=dict)  # (in, name) -> keyword
    body_kind: str | None = None  # the runtime keyword: json_body, form_body, ...
    content_type: str | None = None
    annotations: dict[str, str] = field(default_factory=dict)  # keyword -> as written

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"


@dataclass
class Package:
    sync_client: type[Any]
    async_client: type[Any]
    credentials: tuple[str, ...]  # the constructor's credential keywords
    methods: dict[tuple[str, str], Method]  # (HTTP method, path) -> method
    runtime: ModuleType
    namespace: dict[str, Any]
    # By annotation as written: methods repeat a few hundred of them thousands of times.
    _adapters: dict[str, TypeAdapter[Any]] = field(default_factory=dict)

    def typed(self, method: Method, keyword: str, value: Any) -> Any:
        """``value`` (plain JSON) as the keyword's type: what a user would pass."""
        written = method.annotations[keyword]
        adapter = self._adapters.get(written)
        if adapter is None:
            # As typing.get_type_hints evaluates a string annotation of the module.
            hint = eval(written, self.namespace)
            adapter = self._adapters[written] = TypeAdapter(hint)
        return adapter.validate_python(value)


def load(out: Path, package: str) -> Package:
    """Import the package generated into ``out`` (one top-level package per document)."""
    if str(out) not in sys.path:
        sys.path.insert(0, str(out))
    vendor = importlib.import_module(f"{package}.{package}")
    client_module = importlib.import_module(f"{package}.{package}.client")
    models = importlib.import_module(f"{package}.{package}.models")
    runtime = importlib.import_module(f"{package}._runtime")
    sync_client = next(
        v
        for k, v in vars(vendor).items()
        if isinstance(v, type) and k.endswith("Client") and issubclass(v, runtime.SyncAPIClient)
    )
    async_client = next(
        v
        for k, v in vars(vendor).items()
        if isinstance(v, type) and k.endswith("Client") and issubclass(v, runtime.AsyncAPIClient)
    )
    signature = inspect.signature(sync_client)
    credentials = tuple(
        name
        for name, p in signature.parameters.items()
        if p.kind is inspect.Parameter.KEYWORD_ONLY and name not in CLIENT_KEYWORDS
    )
    namespace = _namespace(
        client_module, models, importlib.import_module(f"{package}._runtime._model")
    )
    source = Path(client_module.__file__ or "").read_text(encoding="utf-8")
    methods: dict[tuple[str, str], Method] = {}
    for found in _methods(source, sync_client.__name__):
        operation = getattr(client_module, found.pop("constant"))
        method = Method(
            name=str(found["name"]),
            method=operation.method,
            path=operation.path,
            params=found["params"],
            body_kind=found["body_kind"],
            content_type=found["content_type"],
        )
        function = getattr(sync_client, method.name)
        method.annotations = {
            name: str(p.annotation)
            for name, p in inspect.signature(function).parameters.items()
            if isinstance(p.annotation, str)
        }
        methods[(method.method, method.path)] = method
    return Package(sync_client, async_client, credentials, methods, runtime, namespace)


def _namespace(
    client_module: ModuleType, models: ModuleType, model_base: ModuleType
) -> dict[str, Any]:
    """Where the client's annotations (written for ``TYPE_CHECKING``) resolve: as the
    runtime resolves a body type (``_rt.BodyType``), and the client module's names."""
    namespace: dict[str, Any] = {
        "Model": model_base.Model,
        "discriminate": model_base.discriminate,
        "Annotated": typing.Annotated,
        "Any": typing.Any,
        "Literal": typing.Literal,
        "Field": Field,
        "Discriminator": Discriminator,
        "Tag": Tag,
        "UUID": uuid.UUID,
        "date": datetime.date,
        "datetime": datetime.datetime,
        "time": datetime.time,
        "timedelta": datetime.timedelta,
    }
    namespace.update(vars(models))
    namespace.update(vars(client_module))
    return namespace


def _methods(source: str, class_name: str) -> list[dict[str, Any]]:
    """Each method of the class: the runtime call it makes, read from its ``return``."""
    tree = ast.parse(source)
    cls = next(
        node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == class_name
    )
    found: list[dict[str, Any]] = []
    for node in cls.body:
        if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
            continue
        call = next(
            (
                n.value
                for n in ast.walk(node)
                if isinstance(n, ast.Return) and isinstance(n.value, ast.Call)
            ),
            None,
        )
        if call is None or not call.args or not isinstance(call.args[0], ast.Name):
            continue
        entry: dict[str, Any] = {
            "name": node.name,
            "constant": call.args[0].id,
            "params": {},
            "body_kind": None,
            "content_type": None,
        }
        for keyword in call.keywords:
            if keyword.arg in _TABLES and isinstance(keyword.value, ast.Dict):
                location = _TABLES[keyword.arg]
                for key, value in zip(keyword.value.keys, keyword.value.values, strict=True):
                    if isinstance(key, ast.Constant) and isinstance(value, ast.Name):
                        entry["params"][(location, str(key.value))] = value.id
            elif keyword.arg in _BODY_KEYWORDS:
                entry["body_kind"] = keyword.arg
            elif keyword.arg == "content_type" and isinstance(keyword.value, ast.Constant):
                entry["content_type"] = keyword.value.value
        found.append(entry)
    return found
