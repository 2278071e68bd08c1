"""A config binds kinds of job: each kind's retrieval and lifecycle, and the operations
that start, list, cancel, retry it and get its result, every name and pointer checked
with a finding at the config's file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.builder.client import ClientNames, build_client
from generator.loader.config import load_config
from generator.loader.document import SpecDocument
from generator.model.api import Client
from generator.model.findings import Finding, GenerationError

SPEC = """\
openapi: 3.1.0
info: {title: Mini, version: '1'}
servers: [{url: 'https://mini.example.com'}]
paths:
  /jobs/{id}:
    get:
      operationId: getJob
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Job'}
  /exports/{export_id}:
    get:
      operationId: getExport
      parameters:
        - {name: export_id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Export'}
  /jobs:
    post:
      operationId: createJob
      responses:
        '201':
          description: started
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Started'}
    get:
      operationId: listJobs
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Job'}}
  /jobs/{id}/cancel:
    post:
      operationId: cancelJob
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200': {description: ok}
  /threads/{thread}/messages:
    get:
      operationId: getMessages
      parameters:
        - {name: thread, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {type: string}}
components:
  schemas:
    Job:
      type: object
      properties:
        status: {type: string, enum: [waiting, done]}
        output: {type: object, properties: {text: {type: string}}}
    Export:
      type: object
      properties:
        state: {type: string, enum: [busy, ready]}
    Started:
      type: object
      properties:
        data: {type: object, properties: {job_id: {type: string}, thread: {type: string}}}
"""

HEAD = """\
client: Mini
module: mini
credential: {parameter: api_key, env: MINI_API_KEY}
base_url_env: MINI_BASE_URL
"""

KINDS = (
    HEAD
    + """\
jobs:
  run:
    operation: getJob
    method: get_job
    status: '#/components/schemas/Job/properties/status'
    statuses: {waiting: QUEUED, done: SUCCEEDED}
    start:
      operation: createJob
      method: start_job
      id: /data/job_id
      keep: {thread: /data/thread}
    list: {operation: listJobs, method: list_jobs}
    cancel: cancelJob
    result:
      operation: getMessages
      params: {thread: thread}
  export:
    operation: getExport
    method: get_export
    status: '#/components/schemas/Export/properties/state'
    statuses: {busy: RUNNING, ready: SUCCEEDED}
"""
)


def _build(tmp_path: Path, config: str) -> tuple[Client, list[Finding]]:
    (tmp_path / "openapi.yaml").write_text(SPEC)
    (tmp_path / "jobclient.yaml").write_text(config)
    loaded = load_config(tmp_path / "jobclient.yaml", "jobclient.yaml")
    doc = SpecDocument.open(tmp_path / "openapi.yaml", "openapi.yaml")
    names = ClientNames("mini", "Mini", "api_key", "MINI_API_KEY", "MINI_BASE_URL", "openapi.yaml")
    return build_client(doc, names, loaded.jobs, loaded.display)


def _line(config: str, text: str) -> int:
    """The 1-based line of the first line of ``config`` holding ``text``."""
    return next(n for n, line in enumerate(config.splitlines(), 1) if text in line)


def test_two_kinds_and_their_operations(tmp_path: Path) -> None:
    client, findings = _build(tmp_path, KINDS)
    assert findings == []
    run, export = client.jobs
    assert (run.name, export.name) == ("run", "export")
    # status_of and wait_for_job serve the first kind.
    assert client.job is run.lifecycle
    assert str(export.lifecycle.operation.name) == "get_export"
    (start,) = run.starts
    assert str(start.method) == "start_job"
    assert str(start.operation.name) == "create_job"  # the raw operation keeps its name
    assert start.id_field == ("data", "job_id")
    assert [(str(n), p) for n, p in start.keep] == [("thread", ("data", "thread"))]
    assert run.list is not None and str(run.list.name) == "list_jobs"
    assert run.cancel is not None and [(str(n), s) for n, s in run.cancel.args] == [("id", "id")]
    assert run.result is not None
    assert [(str(n), s) for n, s in run.result.args] == [("thread", "thread")]
    assert run.retry is None and export.starts == ()


def test_a_single_job_binding_is_one_kind_named_job(tmp_path: Path) -> None:
    config = HEAD + (
        "job:\n"
        "  operation: getJob\n"
        "  method: get_job\n"
        "  status: '#/components/schemas/Job/properties/status'\n"
        "  statuses: {waiting: QUEUED, done: SUCCEEDED}\n"
        "  result: {field: /output}\n"
    )
    client, findings = _build(tmp_path, config)
    assert findings == []
    (kind,) = client.jobs
    assert kind.name == "job" and kind.result_field == ("output",)
    assert client.job is kind.lifecycle


@pytest.mark.parametrize(
    ("old", "new", "anchor", "message"),
    [
        (
            "operation: createJob",
            "operation: createJobs",
            "operation: createJobs",
            "no operation has operationId 'createJobs'",
        ),
        ("id: /data/job_id", "id: /data/jobId", "id: /data/jobId", "no property 'jobId'"),
        (
            "keep: {thread: /data/thread}",
            "keep: {thread: /thread}",
            "keep: {thread: /thread}",
            "keep.thread: Started has no property 'thread'",
        ),
        (
            "params: {thread: thread}",
            "params: {threads: thread}",
            "params: {threads: thread}",
            "'getMessages' has no parameter 'threads'",
        ),
        (
            "params: {thread: thread}",
            "params: {thread: channel}",
            "params: {thread: channel}",
            "'channel' is not a field every start of this kind keeps",
        ),
        (
            "    cancel: cancelJob\n",
            "    cancel: getMessages\n",
            "cancel: getMessages",
            "",  # filled by the id: no finding
        ),
        (
            "    list: {operation: listJobs, method: list_jobs}\n",
            "    list: {operation: listJobs, methods: list_jobs}\n",
            "list: {operation: listJobs, methods: list_jobs}",
            "unknown key `methods` for list",
        ),
    ],
)
def test_every_name_and_pointer_is_checked_at_its_line(
    tmp_path: Path, old: str, new: str, anchor: str, message: str
) -> None:
    assert KINDS.count(old) == 1
    config = KINDS.replace(old, new)
    try:
        _client, findings = _build(tmp_path, config)
    except GenerationError as exc:  # the config itself does not load
        findings = exc.findings
    if not message:
        assert findings == []
        return
    matching = [f for f in findings if message in f.message]
    assert matching, [f.render() for f in findings]
    assert matching[0].file == "jobclient.yaml"
    assert matching[0].line == _line(config, anchor)


def test_a_call_the_job_cannot_fill_is_a_finding(tmp_path: Path) -> None:
    # No start keeps `thread`, and getMessages has no path parameter named like the id.
    config = KINDS.replace("      keep: {thread: /data/thread}\n", "").replace(
        "      params: {thread: thread}\n", ""
    )
    config = config.replace(
        "    result:\n      operation: getMessages\n", "    result: getMessages\n"
    )
    _client, findings = _build(tmp_path, config)
    assert findings == []  # its one path parameter takes the id
    config = KINDS.replace("      params: {thread: thread}\n", "      params: {thread: id}\n")
    config = config.replace("    cancel: cancelJob\n", "")
    _client, findings = _build(tmp_path, config)
    assert findings == []


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            "job: {operation: getJob, method: get_job, status: '#/x', statuses: {a: QUEUED}}\n",
            "not both",
        ),
        ("", None),
    ],
)
def test_job_and_jobs_together_are_refused(tmp_path: Path, extra: str, message: str | None) -> None:
    config = KINDS + extra
    (tmp_path / "jobclient.yaml").write_text(config)
    if message is None:
        assert len(load_config(tmp_path / "jobclient.yaml", "jobclient.yaml").jobs) == 2
        return
    with pytest.raises(GenerationError) as caught:
        load_config(tmp_path / "jobclient.yaml", "jobclient.yaml")
    assert any(message in f.message for f in caught.value.findings)


@pytest.mark.parametrize(
    ("kinds", "message"),
    [
        ("jobs: []\n", "`jobs` must map each kind"),
        ("jobs:\n  Bad-Kind: {}\n", "must be a name like `automated`"),
        (
            "jobs:\n  run:\n    operation: getJob\n    method: get_job\n"
            "    status: '#/components/schemas/Job/properties/status'\n"
            "    statuses: {waiting: QUEUED}\n    start: {operation: createJob}\n",
            "`start.id` must be a JSON pointer",
        ),
        (
            "jobs:\n  run:\n    operation: getJob\n    method: get_job\n"
            "    status: '#/components/schemas/Job/properties/status'\n"
            "    statuses: {waiting: QUEUED}\n    result: {field: output}\n",
            "`result.field` must be the only key",
        ),
    ],
)
def test_malformed_kinds_are_config_findings(tmp_path: Path, kinds: str, message: str) -> None:
    (tmp_path / "jobclient.yaml").write_text(HEAD + kinds)
    with pytest.raises(GenerationError) as caught:
        load_config(tmp_path / "jobclient.yaml", "jobclient.yaml")
    rendered = [f.render() for f in caught.value.findings]
    assert any(message in line and "jobclient.yaml:" in line for line in rendered), rendered
