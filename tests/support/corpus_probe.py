"""Run in a fresh interpreter beside one generated corpus package: does it work?

``python -m tests.support.corpus_probe PACKAGE`` imports the vendor module, checks that
every operation constant has a method on both clients, builds every model's validator
and every declared body type of every operation (both resolve lazily in use, so a name
that cannot be resolved must fail here, not in a user's code), and prints one JSON line
with what it counted.
"""

from __future__ import annotations

import importlib
import json
import sys
import time

from pydantic import BaseModel


def probe(package: str) -> dict[str, object]:
    started = time.perf_counter()
    module = importlib.import_module(f"{package}.{package}")
    client_module = importlib.import_module(f"{package}.{package}.client")
    models = importlib.import_module(f"{package}.{package}.models")
    runtime = importlib.import_module(f"{package}._runtime")
    imported = time.perf_counter() - started
    operations = [v for v in vars(client_module).values() if isinstance(v, runtime.Operation)]
    clients = [
        v
        for k, v in vars(module).items()
        if isinstance(v, type) and k.endswith("Client") and issubclass(v, runtime.SyncAPIClient)
    ]
    async_clients = [
        v
        for k, v in vars(module).items()
        if isinstance(v, type) and k.endswith("Client") and issubclass(v, runtime.AsyncAPIClient)
    ]
    missing = [
        f"{cls.__name__}.{op.name}"
        for cls in clients + async_clients
        for op in operations
        if not callable(getattr(cls, op.name, None))
    ]
    model_classes = [
        v
        for v in vars(models).values()
        if isinstance(v, type) and issubclass(v, BaseModel) and v.__module__ == models.__name__
    ]
    for model in model_classes:
        model.model_rebuild(force=True, raise_errors=True)
    body_types = [
        spec.body for op in operations for spec in op.responses.values() if spec.body is not None
    ] + [declared for op in operations for declared in op.errors.values()]
    for body_type in body_types:
        assert body_type.adapter is not None  # resolves the annotation, builds the adapter
    return {
        "operations": len(operations),
        "clients": len(clients) + len(async_clients),
        "missing_methods": missing,
        "models": len(model_classes),
        "body_types": len(body_types),
        "import_seconds": round(imported, 3),
        "seconds": round(time.perf_counter() - started, 3),
    }


if __name__ == "__main__":
    print(json.dumps(probe(sys.argv[1])))
