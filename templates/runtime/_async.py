"""The asynchronous client: the shared core's calls, carried out with ``httpx.AsyncClient``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from types import TracebackType
from typing import Any, Self, TypeVar, Unpack

import httpx

from ._auth import AuthScheme, Secret
from ._client import BaseClient, Call, RequestParts, Retry
from ._operation import Operation
from ._pagination import AsyncPage
from ._response import CappedBody, RawResponse
from ._retry import RetryPolicy
from ._types import DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, TimeoutTypes

T = TypeVar("T")


class AsyncAPIClient(BaseClient):
    """Base of every generated asynchronous client."""

    def __init__(
        self,
        *,
        base_url: str,
        credential: str | Secret | None,
        auth: AuthScheme | None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        retry_policy: RetryPolicy | None = None,
        total_timeout: float | None = None,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        clock: Callable[[], float] | None = None,
        user_agent: str = "jobclients",
    ) -> None:
        super().__init__(
            base_url=base_url,
            credential=credential,
            auth=auth,
            timeout=timeout,
            max_retries=max_retries,
            retry_policy=retry_policy,
            total_timeout=total_timeout,
            default_headers=default_headers,
            max_response_bytes=max_response_bytes,
            clock=clock,
            user_agent=user_agent,
        )
        # A client passed in is the caller's to close; one made here is ours.
        self._owns_http = http_client is None
        self._http = http_client if http_client is not None else httpx.AsyncClient()
        self._transport_headers = self._http.headers
        if sleep is None:
            # Here rather than at the top: a program that only uses the sync clients never
            # imports asyncio.
            import asyncio

            sleep = asyncio.sleep
        self._sleep: Callable[[float], Awaitable[None]] = sleep

    async def aclose(self) -> None:
        """Close the connection pool, if this client created it."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def _request(self, op: Operation[T], **parts: Unpack[RequestParts]) -> T:
        raw = await self._request_raw(op, **parts)
        return raw.parse()

    def _paginate(
        self, op: Operation[Any], **parts: Unpack[RequestParts]
    ) -> AsyncPage[Any]:
        """A paginated call: its first page, fetched when awaited or iterated."""
        return AsyncPage._first(self, op, parts)

    async def _request_raw(
        self, op: Operation[T], **parts: Unpack[RequestParts]
    ) -> RawResponse[T]:
        call = Call(self, op, parts)
        while True:
            request = call.next_request()
            step: RawResponse[T] | Retry
            try:
                response = await self._send(request)
            except httpx.RequestError as exc:
                step = call.failed(request, exc)
            else:
                step = call.answered(request, response)
            if isinstance(step, RawResponse):
                return step
            await self._sleep(step.seconds)

    async def _send(self, request: httpx.Request) -> httpx.Response:
        """Send, and read the body under the size cap."""
        response = await self._http.send(request, stream=True)
        try:
            body = CappedBody(request, response, self._max_response_bytes)
            async for chunk in response.aiter_bytes():
                body.feed(chunk)
            body.finish()
        finally:
            await response.aclose()
        # Read and closed: the stream httpx bound to the response (which refers back to
        # it) goes, so a dropped response is freed at once, not at the next collection.
        response.stream = httpx.ByteStream(response.content)
        return response
