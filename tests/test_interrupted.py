"""A generate killed at any moment leaves the old tree or the new one, never a mix.

The output folder starts as the committed generated/ (the old tree); the run makes a
different, larger tree (the project's vendors plus a synthetic one with hundreds of
operations, so writing and formatting take a while). Each round kills the run after a
random delay spread over its whole length, or just as the output folder first changes
(the swap), then hashes the folder.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from generator.emitter.emit import recover
from tests.support.trees import ROOT, tree_digest

ROUNDS = 10  # per signal; about 2 s each on a quiet 2-core machine
OPERATIONS = 120


def _bulk_spec() -> dict[str, object]:
    """A valid document large enough that emit runs for about a second."""
    paths: dict[str, object] = {}
    schemas: dict[str, object] = {}
    for n in range(OPERATIONS):
        schemas[f"Thing{n}"] = {
            "type": "object",
            "description": f"Thing number {n}.",
            "properties": {f"field_{k}": {"type": "string"} for k in range(8)},
        }
        paths[f"/things{n}/{{id}}"] = {
            "get": {
                "operationId": f"getThing{n}",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/Thing{n}"}
                            }
                        },
                    }
                },
            }
        }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Bulk", "version": "1"},
        "servers": [{"url": "https://bulk.example.com"}],
        "paths": paths,
        "components": {"schemas": schemas},
    }


@pytest.fixture(scope="module")
def trees(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str, str]:
    """(specs folder, pristine old tree, digest of old, digest of new)."""
    root = tmp_path_factory.mktemp("interrupted")
    specs = root / "specs"
    shutil.copytree(ROOT / "specs", specs)
    bulk = specs / "bulk"
    bulk.mkdir()
    (bulk / "openapi.yaml").write_text(yaml.safe_dump(_bulk_spec()))
    (bulk / "jobclient.yaml").write_text(
        "client: Bulk\nmodule: bulk\ncredential: {parameter: api_key, env: BULK_API_KEY}\n"
        "base_url_env: BULK_BASE_URL\n"
    )
    old = root / "old"
    shutil.copytree(ROOT / "generated", old, ignore=shutil.ignore_patterns("__pycache__"))
    new = root / "new" / "generated"
    done = _start(specs, new).wait(timeout=120)
    assert done == 0
    old_digest, new_digest = tree_digest(old), tree_digest(new)
    assert old_digest != new_digest
    return specs, old, old_digest, new_digest


def _start(specs: Path, out: Path) -> subprocess.Popen[bytes]:
    # Its own session, like a command started from a shell: a signal to the group reaches
    # the generator and its ruff child together, as Ctrl-C or a CI timeout does.
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "generate", "--specs", str(specs), "--out", str(out)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def _run_time(specs: Path, out: Path, old: Path) -> float:
    _reset(out, old)
    started = time.monotonic()
    assert _start(specs, out).wait(timeout=120) == 0
    return time.monotonic() - started


def _reset(out: Path, old: Path) -> None:
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(old, out)


def _wait_for_change(out: Path, proc: subprocess.Popen[bytes]) -> None:
    def state() -> tuple[int, int] | None:
        try:
            info = out.stat()
        except FileNotFoundError:
            return None
        return (info.st_ino, info.st_mtime_ns)

    before = state()
    while proc.poll() is None and state() == before:
        time.sleep(0.0005)


def _leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.glob(f".{out.name}.*"))


@pytest.mark.parametrize(
    ("sig", "to_group"),
    [(signal.SIGKILL, True), (signal.SIGKILL, False), (signal.SIGINT, True)],
    ids=["SIGKILL to the group", "SIGKILL to the generator only", "SIGINT (Ctrl-C)"],
)
def test_a_killed_generate_leaves_the_old_tree_or_the_new_one(
    trees: tuple[Path, Path, str, str], tmp_path: Path, sig: signal.Signals, to_group: bool
) -> None:
    specs, old, old_digest, new_digest = trees
    out = tmp_path / "generated"
    length = _run_time(specs, out, old)
    rng = random.Random(f"{sig}-{to_group}")
    seen: dict[str, int] = {"old": 0, "new": 0}
    for round_ in range(ROUNDS):
        _reset(out, old)
        proc = _start(specs, out)
        if round_ % 2:
            # Within a few milliseconds of the first change to the output folder: the swap
            # itself, where a non-atomic writer would leave half a tree.
            _wait_for_change(out, proc)
            time.sleep(rng.uniform(0, 0.01))
        else:
            time.sleep(rng.uniform(0, length * 1.1))
        if proc.poll() is None:
            if to_group:
                os.killpg(proc.pid, sig)
            else:
                os.kill(proc.pid, sig)
        _, stderr = proc.communicate(timeout=60)
        digest = tree_digest(out)
        assert digest in (old_digest, new_digest), "a mix of the old tree and the new one"
        seen["old" if digest == old_digest else "new"] += 1
        assert b"Traceback" not in stderr, stderr.decode()
        if sig == signal.SIGINT:
            # 130: the generator caught it; -SIGINT: it came before the generator's own
            # handling started or after it ended, and Python died of it as it should.
            assert proc.returncode in (0, 1, 130, -signal.SIGINT), stderr.decode()
    # The delays spanned the run: some rounds were cut before the swap.
    assert seen["old"] > 0, seen
    # The next run finishes the job and sweeps away what killed runs left (a scratch
    # folder: its owner's pid is dead).
    assert _start(specs, out).wait(timeout=120) == 0
    assert tree_digest(out) == new_digest
    assert _leftovers(out) == []


def test_recover_puts_back_the_old_tree_after_a_half_done_fallback_swap(tmp_path: Path) -> None:
    """Where renameat2 is missing, the swap is two renames; killed between them, the old
    tree waits under .NAME.old and the next run puts it back before anything else."""
    out = tmp_path / "generated"
    old = tmp_path / ".generated.old"
    shutil.copytree(ROOT / "generated", old, ignore=shutil.ignore_patterns("__pycache__"))
    dead_scratch = tmp_path / ".generated.new-999999999"
    dead_scratch.mkdir()
    (dead_scratch / "half.py").write_text("x = ")
    recover(out)
    assert tree_digest(out) == tree_digest(ROOT / "generated")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["generated"]
