"""Exercise every operation of every fake in a generated package, in a process of its own.

``python -m tests.support.fake_probe PACKAGE SPEC_ROOT`` (with the package's folder on
PYTHONPATH): for each vendor module's fake, each operation answers a request the spec
allows with its documented success, a body valid against the spec's schema that the
client's own operation parses; a secured operation refuses a request without the
credential; a configured job runs through its statuses on the client. Prints one JSON
summary line; exits 1 with the reasons on any failure.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any

import httpx

from tests.support.fakes import SpecSchemas, fake_class, good_request


def probe_vendor(package: str, module: str, spec_root: Path) -> tuple[dict[str, int], list[str]]:
    testing = importlib.import_module(f"{package}.{module}.testing")
    client_module = importlib.import_module(f"{package}.{module}.client")
    rt = importlib.import_module(f"{package}._runtime")
    violation = importlib.import_module(f"{package}.testing").SpecViolation
    fake = fake_class(testing)()
    spec_file = Path(fake.SPEC.spec)
    schemas = SpecSchemas(spec_file if spec_file.is_absolute() else spec_root / spec_file)
    declared = {
        value.name: value
        for value in vars(client_module).values()
        if isinstance(value, rt.Operation)
    }
    counts = {
        "operations": 0,
        "validated": 0,
        "oneof_overlap": 0,
        "parsed": 0,
        "refused": 0,
        "jobs": 0,
        "scripted": 0,
    }
    problems: list[str] = []
    job = fake.SPEC.job
    http = httpx.Client(transport=fake.transport())
    for op in fake.SPEC.operations:
        counts["operations"] += 1
        path: dict[str, str] = {}
        if job is not None and op.name == job.operation:
            path[job.id_param] = fake.add_job(statuses=[job.statuses[-1]])
        request = good_request(fake, op, path=path)
        try:
            response = http.send(request)
        except violation as exc:
            problems.append(f"{module}.{op.name}: a request as documented was refused: {exc}")
            continue
        if response.status_code != op.success.status:
            problems.append(f"{module}.{op.name}: answered {response.status_code}")
            continue
        if op.success.kind == "json" and op.success.media is not None:
            schema = schemas.response_schema(op, op.success.key, op.success.media)
            if schema is not None:
                body = response.json()
                errors = schemas.errors(body, schema)
                if errors and not schemas.errors_as_any_of(body, schema):
                    # Fits when each oneOf is read as OpenAPI's discriminator reads it:
                    # counted apart, so a report shows how often members overlap.
                    counts["oneof_overlap"] += 1
                elif errors:
                    problems.append(f"{module}.{op.name}: body breaks the schema: {errors[:3]}")
                    continue
                else:
                    counts["validated"] += 1
        declared_op = declared.get(op.name)
        if declared_op is None:
            problems.append(f"{module}.{op.name}: the client declares no such operation")
            continue
        try:
            rt._response.parse_success(declared_op, request, response)
        except Exception as exc:  # the report names the operation and the error
            problems.append(f"{module}.{op.name}: the client cannot parse it: {exc}")
            continue
        counts["parsed"] += 1
        if op.secured and fake.SPEC.auth is not None:
            try:
                http.send(good_request(fake, op, path=path, credential=False))
            except violation:
                counts["refused"] += 1
            else:
                problems.append(f"{module}.{op.name}: a request without credential passed")
    # Scripting: an operation answers what respond() gives it, and calls() finds it.
    for op in fake.SPEC.operations:
        if (job is not None and op.name == job.operation) or op.success.kind != "json":
            continue
        fake.respond(op.name, body={"scripted": op.name})
        answer = http.send(good_request(fake, op))
        if answer.json() != {"scripted": op.name} or not fake.calls(op.name):
            problems.append(f"{module}.{op.name}: respond() or calls() did not hold")
        counts["scripted"] += 1
    if job is not None:
        job_id = fake.add_job(statuses=list(job.statuses))
        with fake.client() as client:
            done = client.wait_for_job(job_id) if _terminal(client, job.statuses[-1]) else None
            if done is not None and client.status_of(done).value == "unknown":
                problems.append(f"{module}: the job's last status reads as UNKNOWN")
        counts["jobs"] += 1
    return counts, problems


def _terminal(client: Any, status: str) -> bool:
    table = client.STATUS_TABLE
    return status in table and table[status].is_terminal


def main(argv: list[str]) -> int:
    package, spec_root = argv[1], Path(argv[2])
    root = importlib.import_module(package)
    totals: dict[str, int] = {}
    problems: list[str] = []
    for module in root.VENDORS:
        counts, found = probe_vendor(package, module, spec_root)
        problems += found
        for key, value in counts.items():
            totals[key] = totals.get(key, 0) + value
    print(json.dumps(totals, sort_keys=True))
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
