"""Start Stoplight Prism on a free localhost port for one spec, and stop it after.

Prism comes from node_modules (pinned in package.json / package-lock.json; ``make test``
installs it). Its absence is an error, never a skip: the end-to-end tests are part of
the suite.
"""

from __future__ import annotations

import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import httpx

ROOT = Path(__file__).resolve().parents[2]
PRISM = ROOT / "node_modules" / ".bin" / "prism"


class PrismError(RuntimeError):
    pass


@dataclass
class PrismServer:
    base_url: str
    process: subprocess.Popen[bytes]
    log: IO[bytes]
    _stopped: bool = field(default=False)

    def output(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")[-4000:]

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_prism(
    spec: Path,
    *,
    dynamic: bool = False,
    errors: bool = True,
    startup_timeout: float = 60.0,
    upstream: str | None = None,
) -> PrismServer:
    """Prism mocking ``spec``, or with ``upstream`` its validation proxy in front of that
    server (each answer then carries an ``sl-violations`` header when anything broke the
    document, request or response)."""
    if not PRISM.exists():
        raise PrismError(f"{PRISM} is missing: run `make test`, which installs Prism (npm ci)")
    last_output = ""
    for _attempt in range(3):  # a port taken between our probe and Prism's bind: try another
        port = _free_port()
        mode = ["mock", str(spec)] if upstream is None else ["proxy", str(spec), upstream]
        args = [str(PRISM), *mode, "--host", "127.0.0.1", "--port", str(port)]
        if errors:
            args.append("--errors")
        if dynamic:
            args.append("--dynamic")
        # Closed by prism_server() (or below, when Prism does not come up).
        log = tempfile.TemporaryFile()  # noqa: SIM115
        process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        server = PrismServer(f"http://127.0.0.1:{port}", process, log)
        deadline = time.monotonic() + startup_timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                break
            try:
                httpx.get(server.base_url + "/", timeout=1.0)
                return server
            except httpx.TransportError:
                time.sleep(0.1)
        last_output = server.output()
        server.stop()
        log.close()
        if "EADDRINUSE" not in last_output:
            break
    raise PrismError(f"Prism did not come up for {spec}:\n{last_output}")


@contextmanager
def prism_server(
    spec: Path, *, dynamic: bool = False, errors: bool = True, upstream: str | None = None
) -> Iterator[PrismServer]:
    server = start_prism(spec, dynamic=dynamic, errors=errors, upstream=upstream)
    try:
        yield server
    finally:
        server.stop()
        server.log.close()
