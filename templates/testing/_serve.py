"""A fake as a real local HTTP server, for code that does not take an httpx client."""

from __future__ import annotations

import contextlib
import http.server
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from ._fake import FakeVendor

# Only this machine can reach a fake: it answers anything it is asked.
HOST = "127.0.0.1"
# Hop-by-hop and framing headers the server writes itself.
_OWN_HEADERS = frozenset(
    {"content-length", "transfer-encoding", "connection", "date", "server"}
)


@contextlib.contextmanager
def serving(fake: FakeVendor[Any, Any], port: int = 0) -> Iterator[str]:
    """Serve ``fake`` on 127.0.0.1:``port`` (0: any free port) in a thread; give its base
    URL (with the spec's base path) and stop when the block ends."""

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length > 0 else b""
            request = httpx.Request(
                self.command,
                f"http://{HOST}:{server.server_port}{self.path}",
                headers=list(self.headers.items()),
                content=body,
            )
            response = fake.handle(request)
            content = response.read()
            self.send_response(response.status_code)
            for name, value in response.headers.multi_items():
                if name.lower() not in _OWN_HEADERS:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = (
            _answer
        )

        def log_message(self, format: str, *args: Any) -> None:
            pass  # the fake records its requests; stderr stays quiet

    server = http.server.ThreadingHTTPServer((HOST, port), Handler)
    server.daemon_threads = True
    thread = threading.Thread(
        target=server.serve_forever, name="fake-vendor", daemon=True
    )
    thread.start()
    try:
        base = httpx.URL(fake.SPEC.base_url).raw_path.decode("ascii").split("?")[0]
        yield f"http://{HOST}:{server.server_port}{base.rstrip('/')}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
