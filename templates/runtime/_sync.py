"""The synchronous client: the shared core's calls, carried out with ``httpx.Client``."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, Self, TypeVar, Unpack

import httpx

from ._auth import AuthScheme, Secret
from ._client import BaseClient, Call, RequestParts, Retry
from ._operation import Operation
from ._pagination import Page
from ._response import CappedBody, RawResponse
from ._retry import RetryPolicy
from ._types import DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, TimeoutTypes

T = TypeVar("T")


class SyncAPIClient(BaseClient):
    """Base of every generated synchronous client."""

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
        http_client: httpx.Client | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        sleep: Callable[[float], None] | None = None,
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
        self._http = http_client if http_client is not None else httpx.Client()
        self._transport_headers = self._http.headers
        self._sleep: Callable[[float], None] = sleep or time.sleep

    def close(self) -> None:
        """Close the connection pool, if this client created it."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _request(self, op: Operation[T], **parts: Unpack[RequestParts]) -> T:
        return self._request_raw(op, **parts).parse()

    def _paginate(self, op: Operation[Any], **parts: Unpack[RequestParts]) -> Page[Any]:
        """A paginated call: its first page, fetched; the page fetches the rest."""
        return Page._first(self, op, parts)

    def _request_raw(
        self, op: Operation[T], **parts: Unpack[RequestParts]
    ) -> RawResponse[T]:
        call = Call(self, op, parts)
        while True:
            request = call.next_request()
            step: RawResponse[T] | Retry
            try:
                response = self._send(request)
            except httpx.RequestError as exc:
                step = call.failed(request, exc)
            else:
                step = call.answered(request, response)
            if isinstance(step, RawResponse):
                return step
            self._sleep(step.seconds)

    def _send(self, request: httpx.Request) -> httpx.Response:
        """Send, and read the body under the size cap."""
        response = self._http.send(request, stream=True)
        try:
            body = CappedBody(request, response, self._max_response_bytes)
            for chunk in response.iter_bytes():
                body.feed(chunk)
            body.finish()
        finally:
            response.close()
        # Read and closed: the stream httpx bound to the response (which refers back to
        # it) goes, so a dropped response is freed at once, not at the next collection.
        response.stream = httpx.ByteStream(response.content)
        return response
