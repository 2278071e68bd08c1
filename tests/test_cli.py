"""``python -m jobclients``: run as a subprocess against a fake vendor on localhost."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

from tests.support.fake_server import Reply, fake_server

JOB = "/jobs/manual/job-1"


def _job(status: str) -> dict[str, object]:
    return {"job_id": "497d98f3-580a-4ab9-830a-af2346d029b2", "status": status, "body": None}


def _run(base_url: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, FINCH_BASE_URL=base_url, FINCH_ACCESS_TOKEN="secret-token-123")
    return subprocess.run(
        [sys.executable, "-m", "jobclients", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_get_job_prints_json_and_status() -> None:
    with fake_server() as server:
        server.script(JOB, Reply(200, _job("in_progress")))
        result = _run(server.base_url, "finch", "get-job", "job-1")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["status"] == "running"
    assert document["job"]["status"] == "in_progress"
    sent = server.requests[0].headers
    assert sent["Authorization"] == "Bearer secret-token-123"
    assert sent["Finch-API-Version"] == "2020-09-17"
    assert "secret-token-123" not in result.stdout + result.stderr


def test_wait_job_until_success() -> None:
    with fake_server() as server:
        server.script(
            JOB,
            Reply(200, _job("pending")),
            Reply(200, _job("in_progress")),
            Reply(200, _job("complete")),
        )
        result = _run(
            server.base_url,
            "finch",
            "wait-job",
            "job-1",
            "--poll-interval",
            "0.01",
            "--timeout",
            "30",
        )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["status"] == "succeeded"
    assert len(server.requests) == 3


def test_wait_job_failed_exits_1() -> None:
    with fake_server() as server:
        server.script(JOB, Reply(200, _job("error")))
        result = _run(server.base_url, "finch", "wait-job", "job-1", "--poll-interval", "0.01")
    assert result.returncode == 1
    assert json.loads(result.stdout)["status"] == "failed"


def test_wait_job_timeout_exits_2_with_the_last_job() -> None:
    with fake_server() as server:
        server.script(JOB, Reply(200, _job("in_progress")))
        result = _run(
            server.base_url,
            "finch",
            "wait-job",
            "job-1",
            "--poll-interval",
            "0.05",
            "--timeout",
            "0.5",
        )
    assert result.returncode == 2, result.stderr
    assert json.loads(result.stdout)["status"] == "running"
    assert "timed out" in result.stderr


def test_api_error_exits_3() -> None:
    with fake_server() as server:
        server.script(JOB, Reply(404, {"code": 404, "finch_code": "item_not_found"}))
        result = _run(server.base_url, "finch", "get-job", "job-1")
    assert result.returncode == 3
    assert "404" in result.stderr
    assert "Traceback" not in result.stderr


def test_usage_error_exits_3() -> None:
    result = _run("http://127.0.0.1:9", "nosuchvendor", "get-job", "x")
    assert result.returncode == 3
    result = _run("http://127.0.0.1:9", "finch", "wait-job")
    assert result.returncode == 3


def test_wait_job_on_a_terminal_shows_a_live_progress_line() -> None:
    """With stderr on a terminal, each poll rewrites one line: elapsed, polls, status."""
    import pty

    leader, follower = pty.openpty()
    with fake_server() as server:
        server.script(
            JOB,
            Reply(200, _job("pending")),
            Reply(200, _job("in_progress")),
            Reply(200, _job("complete")),
        )
        env = dict(os.environ, FINCH_BASE_URL=server.base_url, FINCH_ACCESS_TOKEN="tok-123")
        command = [sys.executable, "-m", "jobclients", "finch", "wait-job", "job-1"]
        command += ["--poll-interval", "0.01"]
        with subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=follower, text=True
        ) as process:
            os.close(follower)
            stdout, _ = process.communicate(timeout=60)
            shown = b""
            while True:
                try:
                    chunk = os.read(leader, 4096)
                except OSError:  # EIO: the terminal's other side has closed
                    break
                if not chunk:
                    break
                shown += chunk
        os.close(leader)
    assert process.returncode == 0
    assert json.loads(stdout)["status"] == "succeeded"
    lines = shown.decode().split("\r")
    polls = [line for line in lines if "polls" in line]
    assert len(polls) == 3, shown
    assert "polls 1" in polls[0] and "queued" in polls[0]
    assert "polls 2" in polls[1] and "running" in polls[1]
    assert "polls 3" in polls[2] and "succeeded" in polls[2]
    assert all(re.match(r"\s*\d+\.\d+s", line) for line in polls), polls


def test_help_texts_print_no_rest_markup() -> None:
    # Both command lines take their description from a module docstring written in reST.
    for module in ("jobclients", "generator"):
        done = subprocess.run(
            [sys.executable, "-m", module, "--help"],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        assert f"python -m {module}" in done.stdout
        assert "``" not in done.stdout, done.stdout
