"""Shared pieces of the runtime tests: fake time, scripted transports, and one harness
over the sync and async fake clients so each behaviour is checked on both."""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx

from tests.runtime.fake_vendor import AsyncFakeClient, FakeClient

# Characters that every encoding of a credential spells differently.
SECRET = "sk_live/Ab+cd&e=f"
JOB_ID = "job_123"
BASE_URL = "https://api.fake.test"
Mode = Literal["sync", "async"]


@dataclass
class FakeTime:
    """A monotonic clock that moves only when the code under test sleeps."""

    now: float = 1000.0
    sleeps: list[float] = field(default_factory=list)

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)
        await asyncio.sleep(0)  # still a suspension point, as a real sleep is

    @property
    def slept(self) -> float:
        return sum(self.sleeps)


Reply = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


@dataclass
class Script:
    """A MockTransport handler answering from a list, in order; the last answer repeats."""

    replies: list[Reply]
    requests: list[httpx.Request] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        reply = self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
        if isinstance(reply, Exception):
            raise reply
        if isinstance(reply, httpx.Response):
            return _fresh(reply)
        return reply(request)


def _fresh(response: httpx.Response) -> httpx.Response:
    """A copy, so a repeated reply is a new response each time (a response is sent once).
    A streamed reply (a ChunkedStream) is served as it is: it is there to be streamed."""
    if not isinstance(response.stream, httpx.ByteStream):
        return response
    return httpx.Response(
        response.status_code,
        headers=response.headers,
        content=response.content,
    )


def job(status: str, job_id: str = JOB_ID, **headers: str) -> httpx.Response:
    return httpx.Response(200, json={"job_id": job_id, "status": status}, headers=headers)


def reply(code: int, body: Any = None, **headers: str) -> httpx.Response:
    """A response with a JSON body (none when ``body`` is None) and the given headers;
    underscores in header names become dashes."""
    content = b"" if body is None else json.dumps(body).encode()
    named = {name.replace("_", "-"): value for name, value in headers.items()}
    return httpx.Response(code, content=content, headers=named)


class ChunkedStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body served in chunks, counting how many the client asked for."""

    def __init__(self, data: bytes, chunk: int = 1024) -> None:
        self.chunks = [data[i : i + chunk] for i in range(0, len(data), chunk)]
        self.served = 0

    def __iter__(self) -> Iterator[bytes]:
        for piece in self.chunks:
            self.served += 1
            yield piece

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for piece in self.chunks:
            self.served += 1
            yield piece


async def _await(awaitable: Awaitable[Any]) -> Any:
    return await awaitable


def run(result: Any) -> Any:
    """The value of a call, awaiting it on a fresh event loop when it is a coroutine."""
    if inspect.isawaitable(result):
        return asyncio.run(_await(result))
    return result


class Api:
    """FakeClient or AsyncFakeClient on a scripted transport, behind one face:
    ``api.run(lambda c: c.get_job(JOB_ID))`` gives the result (or raises) either way."""

    def __init__(self, mode: Mode, script: Script, fake: FakeTime, **options: Any) -> None:
        self.mode = mode
        self.script = script
        self.fake = fake
        settings: dict[str, Any] = {
            "api_key": SECRET,
            "base_url": BASE_URL,
            "clock": fake.clock,
            **options,
        }
        transport = httpx.MockTransport(script)
        self.client: FakeClient | AsyncFakeClient
        if mode == "sync":
            settings.setdefault("http_client", httpx.Client(transport=transport))
            self.client = FakeClient(sleep=fake.sleep, **settings)
        else:
            settings.setdefault("http_client", httpx.AsyncClient(transport=transport))
            self.client = AsyncFakeClient(sleep=fake.asleep, **settings)

    def run(self, call: Callable[[Any], Any]) -> Any:
        return run(call(self.client))

    @property
    def requests(self) -> list[httpx.Request]:
        return self.script.requests

    @property
    def sleeps(self) -> list[float]:
        return self.fake.sleeps
