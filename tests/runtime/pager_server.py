"""A local HTTP server (127.0.0.1) listing pets in every paging style of the pager
fixture (tests/fixtures/pager/openapi.yaml), with switches for misbehaving.

Each of its lists holds ``count`` pets, ``pet-1`` to ``pet-<count>``, served in the
size the request asks for (10 by default); every request needs ``api_key=KEY``.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

HOST = "127.0.0.1"
KEY = "key-1"
BASE_PATH = "/v1"


@dataclass
class Seen:
    """One request as the server got it."""

    path: str
    query: dict[str, str]
    headers: dict[str, str]


@dataclass
class PetServer:
    count: int = 25
    # Switches: "no_signals" (no has_more, total or total_pages: only an empty page
    # ends the list), "empty_with_more" (the second page is empty, has_more true),
    # "ignore_position" (the offset and page parameters are ignored), "repeat_cursor"
    # (the third page gives the second page's cursor again), "repeat_url" (the second
    # page gives its own address as the next), "other_host" (the next address names
    # localhost instead of 127.0.0.1), "absolute" (next addresses written whole),
    # "no_items" (the body lacks its list).
    misbehave: str | None = None
    requests: list[Seen] = field(default_factory=list)
    port: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def pets(self, start: int, size: int) -> list[dict[str, Any]]:
        end = min(start + size, self.count)
        return [{"id": f"pet-{i + 1}", "name": f"Pet {i + 1}"} for i in range(start, end)]

    def origin(self, host: str = HOST) -> str:
        return f"http://{host}:{self.port}"

    def answer(
        self, path: str, query: dict[str, str], headers: dict[str, str]
    ) -> tuple[int, dict[str, str], Any]:
        with self.lock:
            self.requests.append(Seen(path, query, headers))
        if query.get("api_key") != KEY:
            return 401, {}, {"error": "no key"}
        route = path.removeprefix(BASE_PATH)
        size = int(query.get("limit") or query.get("per_page") or 10)
        if self.misbehave == "no_items":
            return 200, {}, {}
        if route.startswith("/owners/") and route.endswith("/pets"):
            return self.by_offset(query, size)
        handlers = {
            "/numbered": self.by_page,
            "/cursor": self.by_cursor,
            "/after": self.after,
            "/linked": self.by_next_url,
            "/headed": self.by_link_header,
        }
        handler = handlers.get(route)
        if handler is None:
            return 404, {}, {"error": f"no route {path}"}
        return handler(query, size)

    def by_offset(self, query: dict[str, str], size: int) -> tuple[int, dict[str, str], Any]:
        start = 0 if self.misbehave == "ignore_position" else int(query.get("offset") or 0)
        data = self.pets(start, size)
        if self.misbehave == "empty_with_more" and start > 0:
            data = []
        body: dict[str, Any] = {"data": data}
        if self.misbehave not in ("no_signals", "ignore_position"):
            body["has_more"] = start + len(data) < self.count
            body["total"] = self.count
        if self.misbehave == "ignore_position":
            body["has_more"] = True
        return 200, {}, body

    def by_page(self, query: dict[str, str], size: int) -> tuple[int, dict[str, str], Any]:
        page = 1 if self.misbehave == "ignore_position" else int(query.get("page") or 1)
        body: dict[str, Any] = {"results": self.pets((page - 1) * size, size)}
        if self.misbehave not in ("no_signals", "ignore_position"):
            body["total_pages"] = -(-self.count // size)
        return 200, {}, body

    def by_cursor(self, query: dict[str, str], size: int) -> tuple[int, dict[str, str], Any]:
        start = int(query.get("cursor") or 0)
        data = self.pets(start, size)
        following = start + len(data)
        cursor = str(following) if following < self.count else None
        if self.misbehave == "repeat_cursor" and start == 2 * size:
            cursor = str(size)
        return 200, {}, {"data": data, "next_cursor": cursor}

    def after(self, query: dict[str, str], size: int) -> tuple[int, dict[str, str], Any]:
        after = query.get("starting_after")
        start = int(after.removeprefix("pet-")) if after else 0
        data = self.pets(start, size)
        return 200, {}, {"data": data, "has_more": start + len(data) < self.count}

    def _next_address(self, route: str, query: dict[str, str], start: int) -> str:
        kept = {k: v for k, v in query.items() if k not in ("api_key", "p")}
        path = f"{BASE_PATH}{route}?{urlencode({**kept, 'p': start})}"
        if self.misbehave == "other_host":
            return self.origin("localhost") + path
        if self.misbehave == "absolute" or route == "/headed":
            return self.origin() + path
        return path

    def _by_address(
        self, route: str, query: dict[str, str], size: int
    ) -> tuple[list[dict[str, Any]], str | None]:
        start = int(query.get("p") or 0)
        data = self.pets(start, size)
        following = start + len(data)
        if following >= self.count:
            return data, None
        if self.misbehave == "repeat_url" and start == size:
            return data, self._next_address(route, query, start)
        return data, self._next_address(route, query, following)

    def by_next_url(self, query: dict[str, str], size: int) -> tuple[int, dict[str, str], Any]:
        data, address = self._by_address("/linked", query, size)
        return 200, {}, {"items": data, "links": {"next": address}}

    def by_link_header(self, query: dict[str, str], size: int) -> tuple[int, dict[str, str], Any]:
        data, address = self._by_address("/headed", query, size)
        last = f'<{self.origin()}{BASE_PATH}/headed?page=9>; rel="last"'
        link = last if address is None else f'<{address}>; rel="next", {last}'
        return 200, {"Link": link}, data


@contextlib.contextmanager
def serving(pets: PetServer) -> Iterator[str]:
    """Serve ``pets`` on 127.0.0.1 in a thread; give its base URL."""

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = dict(parse_qsl(parts.query, keep_blank_values=True))
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, extra, body = pets.answer(parts.path, query, headers)
            content = json.dumps(body).encode()
            self.send_response(status)
            for name, value in extra.items():
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer((HOST, 0), Handler)
    server.daemon_threads = True
    pets.port = server.server_port
    thread = threading.Thread(
        target=server.serve_forever, args=(0.01,), name="pet-server", daemon=True
    )
    thread.start()
    try:
        yield f"{pets.origin()}{BASE_PATH}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
