"""Everything a call does except sending and sleeping, written once for sync and async.

:class:`BaseClient` holds a client's configuration and builds requests. :class:`Call`
walks one call through its attempts: it hands out each request and, told how the attempt
ended, answers with the result, a :class:`Retry` (wait, then go again) or an error.
``SyncAPIClient`` and ``AsyncAPIClient`` add only the loop that sends and sleeps.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final, Generic, NamedTuple, TypedDict, TypeVar

import httpx

from ._auth import AuthScheme, SafeRequest, Secret, apply_auth, redact
from ._encoding import (
    QueryStyle,
    form_bytes,
    header_text,
    json_bytes,
    multipart_files,
    query_items,
    render_path,
)
from ._errors import APIConnectionError, APIError, APITimeoutError
from ._operation import Operation, RequestOptions
from ._response import RawResponse, parse_success, status_error
from ._retry import (
    RetryPolicy,
    may_have_acted,
    retryable_error,
    retryable_response,
)
from ._types import NOT_GIVEN, NotGiven, TimeoutTypes

T = TypeVar("T")
logger = logging.getLogger("jobclients")

_NO_OPTIONS: Final = RequestOptions()
_DEFAULT_MAX_RETRIES: Final = RetryPolicy.max_retries


class RequestParts(TypedDict, total=False):
    """What generated code passes for one call, besides its Operation."""

    path_params: Mapping[str, object]
    query: Mapping[str, object]
    # (style, explode) of the query parameters not in form style, exploded (the default).
    query_style: Mapping[str, tuple[QueryStyle, bool]]
    # Header and cookie values as the caller gave them (a date, a bool, an enum): the
    # runtime spells them on the wire as it spells query values. None leaves one out.
    headers: Mapping[str, object]
    cookies: Mapping[str, object]
    # One body at most. NOT_GIVEN means no JSON body; None is JSON's null.
    json_body: object
    form_body: object | None
    multipart_body: object | None
    content: bytes | None
    # The body's media type when the spec names another (application/merge-patch+json).
    content_type: str | None
    options: RequestOptions
    # Set by the pager only: a next page's address as the server gave it (its origin
    # checked), which replaces the operation's path and query.
    next_url: str


@dataclass(frozen=True)
class Retry:
    """Wait this long, then make the next attempt."""

    seconds: float


class BaseClient:
    """A client's configuration, and the building of its requests."""

    # The http client's own headers (Accept-Encoding, say): set by the subclass that owns it.
    _transport_headers: httpx.Headers = httpx.Headers()

    def __init__(
        self,
        *,
        base_url: str,
        credential: str | Secret | None,
        auth: AuthScheme | None,
        timeout: TimeoutTypes,
        max_retries: int,
        retry_policy: RetryPolicy | None,
        total_timeout: float | None,
        default_headers: Mapping[str, str] | None,
        max_response_bytes: int,
        clock: Callable[[], float] | None,
        user_agent: str,
    ) -> None:
        if max_response_bytes <= 0:
            raise ValueError("max_response_bytes must be positive")
        # Joined by plain concatenation with paths that start with "/".
        self._base_url = base_url.rstrip("/")
        if isinstance(credential, str):
            credential = Secret(credential) if credential else None
        self._credential = credential
        self._auth = auth
        self._timeout = as_timeout(timeout)
        policy = retry_policy if retry_policy is not None else RetryPolicy()
        if retry_policy is None or max_retries != _DEFAULT_MAX_RETRIES:
            # max_retries= is the everyday knob: when it is set, it wins over the policy's.
            policy = dataclasses.replace(policy, max_retries=max_retries)
        self._retry_policy = policy
        self._total_timeout = total_timeout
        self._runtime_headers = httpx.Headers({"User-Agent": user_agent})
        self._default_headers = httpx.Headers(default_headers or {})
        self._max_response_bytes = max_response_bytes
        self._clock: Callable[[], float] = clock or time.monotonic

    @property
    def base_url(self) -> str:
        return self._base_url

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={redact(self._base_url)!r})"

    # ------------------------------------------------------------------ per-call settings

    def _policy_for(self, options: RequestOptions) -> RetryPolicy:
        policy = self._retry_policy
        if not isinstance(options.retry_policy, NotGiven):
            policy = options.retry_policy
        if not isinstance(options.max_retries, NotGiven):
            policy = dataclasses.replace(policy, max_retries=options.max_retries)
        return policy

    def _timeout_for(self, options: RequestOptions) -> httpx.Timeout:
        if isinstance(options.timeout, NotGiven):
            return self._timeout
        return as_timeout(options.timeout)

    def _budget_for(self, options: RequestOptions) -> float | None:
        if isinstance(options.total_timeout, NotGiven):
            return self._total_timeout
        return options.total_timeout

    # ------------------------------------------------------------------ building requests

    def _build_request(
        self, op: Operation[Any], parts: RequestParts, timeout: httpx.Timeout
    ) -> SafeRequest:
        options = parts.get("options") or _NO_OPTIONS
        next_url = parts.get("next_url")
        if next_url is None:
            url = self._base_url + render_path(op.path, parts.get("path_params", {}))
            query = query_items(parts.get("query", {}), parts.get("query_style"))
            if options.extra_query:
                query = [(k, v) for k, v in query if k not in options.extra_query]
                query += query_items(options.extra_query)
        else:
            # The server's address carries the query it wants, sent as it gave it.
            target = httpx.URL(next_url)
            url = str(target.copy_with(query=None, fragment=None))
            query = list(target.params.multi_items())

        # Lowest precedence first; each layer replaces the headers it names.
        headers = httpx.Headers(self._transport_headers)
        headers.update(self._runtime_headers)
        headers["Accept"] = op.accept
        headers.update(self._default_headers)
        body = _encode_body(parts)
        if body.content_type is not None:
            headers["Content-Type"] = body.content_type
        for name, value in parts.get("headers", {}).items():
            if value is not None:
                headers[name] = header_text(value)
        if options.extra_headers:
            headers.update(options.extra_headers)
        if body.files is not None:
            # Whatever a layer above said, the multipart boundary must be httpx's.
            headers.pop("Content-Type", None)

        cookies = {
            k: header_text(v)
            for k, v in parts.get("cookies", {}).items()
            if v is not None
        }
        if op.secured and self._auth is not None and self._credential is not None:
            # Last, so no header or parameter of the call can displace the credential.
            apply_auth(self._auth, self._credential, headers, query, cookies)
        if cookies:
            pairs = [headers["Cookie"]] if "Cookie" in headers else []
            pairs += [f"{name}={value}" for name, value in cookies.items()]
            headers["Cookie"] = "; ".join(pairs)

        return SafeRequest(
            op.method,
            url,
            params=query,
            headers=headers,
            timeout=timeout,
            secret=self._credential if op.secured else None,
            content=body.content,
            files=body.files,
        )


def as_timeout(value: TimeoutTypes) -> httpx.Timeout:
    """httpx's Timeout for a number of seconds (each phase), a Timeout, or None (none)."""
    return value if isinstance(value, httpx.Timeout) else httpx.Timeout(value)


def _clip(timeout: httpx.Timeout, remaining: float) -> httpx.Timeout:
    """Each phase of ``timeout`` cut to ``remaining`` seconds; "no limit" becomes it too."""

    def cut(value: float | None) -> float:
        return remaining if value is None else min(value, remaining)

    return httpx.Timeout(
        connect=cut(timeout.connect),
        read=cut(timeout.read),
        write=cut(timeout.write),
        pool=cut(timeout.pool),
    )


class _Body(NamedTuple):
    """A request body as httpx takes it, with its Content-Type (None: httpx's own)."""

    content: bytes | None = None
    files: list[tuple[str, Any]] | None = None
    content_type: str | None = None


def _encode_body(parts: RequestParts) -> _Body:
    json_body = parts.get("json_body", NOT_GIVEN)
    form_body = parts.get("form_body")
    multipart_body = parts.get("multipart_body")
    content = parts.get("content")
    given = [not isinstance(json_body, NotGiven)] + [
        b is not None for b in (form_body, multipart_body, content)
    ]
    if sum(given) > 1:
        raise ValueError(
            "a request has one body: pass one of json_body, form_body, ..."
        )
    media = parts.get("content_type")
    if not isinstance(json_body, NotGiven):
        return _Body(
            content=json_bytes(json_body), content_type=media or "application/json"
        )
    if form_body is not None:
        media = media or "application/x-www-form-urlencoded"
        return _Body(content=form_bytes(form_body), content_type=media)
    if multipart_body is not None:
        # httpx writes the multipart Content-Type itself: it carries the boundary.
        return _Body(files=multipart_files(multipart_body))
    if content is not None:
        return _Body(content=content, content_type=media or "application/octet-stream")
    return _Body()


class Call(Generic[T]):
    """One call across its attempts: the retry and budget decisions, and the reading of
    the answer. The sync and async loops only carry out what it says."""

    def __init__(
        self, client: BaseClient, op: Operation[T], parts: RequestParts
    ) -> None:
        options = parts.get("options") or _NO_OPTIONS
        self._client = client
        self._op = op
        self._parts = parts
        self._policy = client._policy_for(options)
        self._timeout = client._timeout_for(options)
        budget = client._budget_for(options)
        self._deadline = None if budget is None else client._clock() + budget
        self._retries = 0
        self._last_error: APIError | None = None
        self._sent_at = 0.0

    def next_request(self) -> SafeRequest:
        """The request for the next attempt, its timeout cut to what the budget has left."""
        timeout = self._timeout
        if self._deadline is not None:
            remaining = self._deadline - self._client._clock()
            if remaining <= 0:
                raise self._last_error or APITimeoutError(
                    f"{self._op.name}: total_timeout ran out before a request was sent"
                )
            timeout = _clip(timeout, remaining)
        request = self._client._build_request(self._op, self._parts, timeout)
        self._sent_at = self._client._clock()
        return request

    def answered(
        self, request: SafeRequest, response: httpx.Response
    ) -> RawResponse[T] | Retry:
        """The attempt got an answer (body read): the result, a retry, or the error."""
        self._log(request, str(response.status_code))
        if 200 <= response.status_code < 300:
            op = self._op
            return RawResponse(response, lambda: parse_success(op, request, response))
        error = status_error(self._op, request, response)
        retryable = retryable_response(request.method, response)
        return self._retry_or_raise(error, retryable, response.headers)

    def failed(self, request: SafeRequest, exc: httpx.RequestError) -> Retry:
        """The attempt got no answer: a retry, or the connection error."""
        self._log(request, type(exc).__name__)
        detail = redact(f"{request.method} {request.url}: {type(exc).__name__}: {exc}")
        if may_have_acted(request.method, exc):
            # Not sent again: a second POST could start a second job.
            detail += (
                "; the request may have reached the server, which may have acted on it"
                " (a job may have started): check before sending it again"
            )
        error: APIConnectionError
        if isinstance(exc, httpx.TimeoutException):
            error = APITimeoutError(
                f"{self._op.name}: timed out: {detail}", request=request
            )
        else:
            error = APIConnectionError(
                f"{self._op.name}: connection failed: {detail}", request=request
            )
        error.__cause__ = exc
        return self._retry_or_raise(error, retryable_error(request.method, exc), None)

    def _retry_or_raise(
        self, error: APIError, retryable: bool, headers: httpx.Headers | None
    ) -> Retry:
        policy = self._policy
        if not retryable or self._retries >= policy.max_retries:
            raise error
        delay = policy.delay(self._retries, headers)
        if (
            self._deadline is not None
            and self._client._clock() + delay >= self._deadline
        ):
            # Waiting would use up the call's budget before the next attempt could start.
            logger.debug(
                "%s: not retrying: a wait of %.3f s would pass total_timeout",
                self._op.name,
                delay,
            )
            raise error
        self._retries += 1
        self._last_error = error
        logger.debug(
            "%s: retry %d of %d in %.3f s after %s",
            self._op.name,
            self._retries,
            policy.max_retries,
            delay,
            _reason(error),
        )
        return Retry(delay)

    def _log(self, request: SafeRequest, outcome: str) -> None:
        if not logger.isEnabledFor(logging.DEBUG):
            return  # skip the redaction too
        logger.debug(
            "%s: %s %s -> %s in %.0f ms",
            self._op.name,
            request.method,
            redact(str(request.url)),
            outcome,
            (self._client._clock() - self._sent_at) * 1000.0,
        )


def _reason(error: APIError) -> str:
    status = getattr(error, "status_code", None)
    return f"status {status}" if status is not None else type(error.__cause__).__name__
