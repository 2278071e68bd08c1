"""The synchronous client: carries out the core's plan with httpx.Client and time.sleep."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, TypeVar, Unpack

import httpx

from ._auth import AuthScheme, Secret
from ._core import ClientCore, Outcome, Plan, RequestParts, Send
from ._operation import Operation, RawResponse
from ._retry import RetryPolicy
from ._types import DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, TimeoutTypes

T = TypeVar("T")


class SyncAPIClient(ClientCore):
    def __init__(
        self,
        *,
        base_url: str,
        credential: Secret | None,
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
        random: Callable[[], float] | None = None,
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
            random=random,
        )
        # A client passed in is the caller's to close; one made here is ours.
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client(timeout=self._timeout)
        self._sleep = sleep or time.sleep

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self: Any) -> Any:
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

    def _request_raw(self, op: Operation[T], **parts: Unpack[RequestParts]) -> RawResponse[T]:
        return self._run(self._plan(op, parts))

    def _run(self, plan: Plan[T]) -> RawResponse[T]:
        step = next(plan)
        while True:
            answer: Outcome | None = None
            if isinstance(step, Send):
                try:
                    answer = (self._send(step.request), None)
                except httpx.HTTPError as exc:
                    answer = (None, exc)
            else:
                self._sleep(step.seconds)
            try:
                step = plan.send(answer)
            except StopIteration as done:
                result: RawResponse[T] = done.value
                return result

    def _send(self, request: httpx.Request) -> httpx.Response:
        """Send and read the body, counting decoded bytes against the cap."""
        response = self._http.send(request, stream=True)
        try:
            self._declared_too_large(response, request)
            chunks: list[bytes] = []
            seen = 0
            for chunk in response.iter_bytes():
                seen += len(chunk)
                self._check_size(request, seen)
                chunks.append(chunk)
            # What httpx's own read() does; the body is now read and decoded.
            response._content = b"".join(chunks)
        finally:
            response.close()
        return response
