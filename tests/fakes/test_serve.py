"""``fake.serve()``: the same fake as a local HTTP server, on 127.0.0.1 only, for code
that does not take an httpx client, such as the package's command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import httpx
import pytest
import yaml

from jobclients import STATUS_TABLE, JobStatus
from jobclients.testing import SpecViolation
from tests.support.fakes import VENDORS, vendor_fake
from tests.support.trees import ROOT


def credential_env(vendor: str) -> str:
    config = yaml.safe_load((ROOT / "specs" / vendor / "jobclient.yaml").read_text())
    env: str = config["credential"]["env"]
    return env


def test_serve_binds_localhost_and_answers_as_the_fake() -> None:
    fake = vendor_fake("finch", strict=False)
    job_id = fake.add_job(statuses=["pending", "complete"])
    with fake.serve(port=0) as url:
        parsed = httpx.URL(url)
        assert parsed.host == "127.0.0.1"
        assert parsed.port
        with fake.client(base_url=url, http_client=None) as client:
            assert client.get_job(job_id).status == "pending"
            assert client.get_job(job_id).status == "complete"
        missing = httpx.get(f"{url}/jobs/manual/{job_id}")  # no credential, no headers
        assert missing.status_code == 401
    assert len(fake.requests) == 3
    assert fake.requests[0].headers["authorization"] == "Bearer fake-credential"
    assert [v.status for v in fake.violations] == [401]


def test_a_violation_while_serving_is_raised_when_the_block_ends() -> None:
    fake = vendor_fake("writer")
    with pytest.raises(SpecViolation, match="no credential"), fake.serve() as url:
        assert httpx.get(f"{url}/v1/applications/jobs/x").status_code == 401
    assert fake.strict  # restored
    lenient = vendor_fake("writer", strict=False)
    with lenient.serve() as url:
        httpx.get(f"{url}/v1/applications/jobs/x")
    assert len(lenient.violations) == 1


@pytest.mark.parametrize("vendor", VENDORS)
def test_the_command_line_waits_for_a_job_on_a_served_fake(vendor: str) -> None:
    fake = vendor_fake(vendor)
    table = STATUS_TABLE[vendor]
    running = next(v for v, c in table.items() if c is JobStatus.RUNNING)
    done = next(v for v, c in table.items() if c is JobStatus.SUCCEEDED)
    job_id = fake.add_job(statuses=[running, running, done])
    with fake.serve() as url:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "jobclients",
                vendor,
                "wait-job",
                job_id,
                "--base-url",
                url,
                "--poll-interval",
                "0.01",
                "--timeout",
                "60",
            ],
            env={**os.environ, credential_env(vendor): "cli-credential"},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["status"] == "succeeded"
    assert len(fake.requests) == 3
    assert fake.violations == []
