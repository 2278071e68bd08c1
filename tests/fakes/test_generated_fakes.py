"""Every package the generator writes has a fake per module with every operation faked:
the fixture shapes' golden output, and a sample of real documents generated as a user
would (``python -m generator generate SPEC --out DIR``). Each runs in a process of its
own (see tests/support/fake_probe.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.snapshots import GOLDEN, ROOT
from tests.support.corpus import CORPUS, read_sources

# Small to middling documents of different makers: OAI's examples, SendGrid, Twilio's
# patterned ids, Together's 99 operations with overlapping oneOfs.
CORPUS_SAMPLE = (
    "oai-petstore",
    "oai-petstore-expanded",
    "oai-uspto",
    "oai-link-example",
    "oai-api-with-examples",
    "sendgrid-mc-contacts",
    "twilio-video-v1",
    "together",
)


def probe(package: str, folder: Path) -> dict[str, int]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(folder), str(ROOT)])}
    done = subprocess.run(
        [sys.executable, "-m", "tests.support.fake_probe", package, str(ROOT)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    counts: dict[str, int] = json.loads(done.stdout.splitlines()[-1])
    return counts


def test_every_fixture_shape_has_a_working_fake() -> None:
    counts = probe("jobclients", GOLDEN / "shapes")
    assert counts["operations"] == 18
    assert counts["parsed"] == counts["operations"]
    # Every JSON answer with a schema fits it; one (the unions fixture's Cat | Dog, which
    # do not exclude each other) only as OpenAPI's discriminator reads a oneOf.
    assert counts["validated"] == 8
    assert counts["oneof_overlap"] == 1
    assert counts["jobs"] == 2
    assert counts["scripted"] > 0


@pytest.mark.corpus
@pytest.mark.parametrize("name", CORPUS_SAMPLE)
def test_a_generated_document_has_a_fake_for_each_operation(name: str, tmp_path: Path) -> None:
    entry = next(e for e in read_sources() if e.name == name)
    out = tmp_path / "out"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "generate",
            str(CORPUS / entry.entry),
            "--out",
            str(out),
            "--lenient",
            "--name",
            entry.package,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert (out / entry.package / entry.package / "testing.py").is_file()
    counts = probe(entry.package, out)
    assert counts["operations"] == entry.operations
    assert counts["parsed"] == counts["operations"]
    # The answers with a JSON schema: each fits it (as JSON Schema, or as OpenAPI reads
    # a oneOf); the report shows how many of each.
    print(name, counts)


def test_a_document_titled_testing_keeps_the_package_s_own_testing(tmp_path: Path) -> None:
    spec = tmp_path / "openapi.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: Testing, version: '1'}\npaths:\n  /ping:\n    get:\n"
        "      responses:\n        '200':\n          description: ok\n"
        "          content:\n            application/json:\n              schema: {type: object}\n"
    )
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "generator", "generate", str(spec), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (out / "testing_" / "testing_" / "testing.py").is_file()
    assert (out / "testing_" / "testing" / "_fake.py").is_file()
    assert probe("testing_", out)["parsed"] == 1
