"""Everything a request needs except sending and sleeping, written once for sync and async.

:class:`ClientCore` builds the request (URL, query, headers, auth, body), decides whether
and how long to wait before a retry, and turns the answer into a model or a typed error.
``SyncAPIClient`` and ``AsyncAPIClient`` only add the loop that sends and sleeps.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import enum
import json
import logging
import random as _random
import time
import uuid
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass
from typing import Any, TypedDict, TypeVar
from urllib.parse import quote

import httpx
import pydantic
import pydantic_core

from ._auth import AuthScheme, Redactor, SafeRequest, Secret, apply_auth
from ._errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    ResponseTooLargeError,
    ResponseValidationError,
    error_class,
)
from ._operation import (
    Operation,
    RawResponse,
    RequestOptions,
    adapter_for,
    lookup,
    success_spec,
)
from ._retry import RetryPolicy, backoff_delay, is_retryable
from ._types import DEFAULT_TIMEOUT, NOT_GIVEN, NotGiven, TimeoutTypes

T = TypeVar("T")
logger = logging.getLogger("jobclients")

_EMPTY: Mapping[str, Any] = {}
_DEFAULT_OPTIONS = RequestOptions()


class RequestParts(TypedDict, total=False):
    """What generated code passes for one call, besides the operation."""

    path_params: Mapping[str, object]
    query: Mapping[str, object]
    query_explode: Mapping[str, bool]
    headers: Mapping[str, str | None]
    cookies: Mapping[str, str | None]
    json_body: object
    form_body: Mapping[str, object] | None
    multipart_body: Mapping[str, object] | None
    content: bytes | None
    content_type: str | None
    options: RequestOptions


@dataclass(frozen=True)
class Send:
    """Plan step: send this request; the driver answers (response, None) or (None, error)."""

    request: httpx.Request


@dataclass(frozen=True)
class Sleep:
    """Plan step: wait this many seconds; the driver answers None."""

    seconds: float


Outcome = tuple[httpx.Response | None, httpx.HTTPError | None]
Plan = Generator[Send | Sleep, Outcome | None, RawResponse[T]]


class ClientCore:
    """Configuration and the sync-agnostic half of every request."""

    def __init__(
        self,
        *,
        base_url: str,
        credential: Secret | None,
        auth: AuthScheme | None,
        timeout: TimeoutTypes,
        max_retries: int,
        retry_policy: RetryPolicy | None,
        total_timeout: float | None,
        default_headers: Mapping[str, str] | None,
        max_response_bytes: int,
        clock: Callable[[], float] | None,
        user_agent: str,
        random: Callable[[], float] | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._credential = credential
        self._auth = auth
        self._redact = Redactor(credential)
        self._timeout = _as_timeout(timeout)
        policy = retry_policy or RetryPolicy()
        if retry_policy is None or max_retries != RetryPolicy.max_retries:
            # `max_retries=` is the everyday knob; set, it wins over the policy's count.
            policy = dataclasses.replace(policy, max_retries=max_retries)
        self._retry_policy = policy
        self._total_timeout = total_timeout
        self._default_headers = dict(default_headers or {})
        self._max_response_bytes = max_response_bytes
        self._clock = clock or time.monotonic
        self._random = random or _random.random
        self._user_agent = user_agent

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    # ------------------------------------------------------------ one call, as a plan

    def _plan(self, op: Operation[T], parts: RequestParts) -> Plan[T]:
        """The whole call, retries included, without doing any I/O itself.

        It yields :class:`Send` and :class:`Sleep` steps; the sync and async clients carry
        them out. So the retry logic exists once, and tests can drive it step by step.
        """
        options = parts.get("options", _DEFAULT_OPTIONS)
        policy = self._policy(options)
        deadline = self._deadline(options, self._clock())
        retries_done = 0
        while True:
            request = self._build_request(op, parts, self._attempt_timeout(options, deadline))
            started = self._clock()
            outcome = yield Send(request)
            assert outcome is not None
            response, error = outcome
            if response is not None:
                self._log(request, response, started)
            delay = self._retry_delay(request, response, error, retries_done, policy, deadline)
            if delay is None:
                if error is not None:
                    raise self._transport_error(error, request) from error
                assert response is not None
                return self._answer(op, request, response)
            yield Sleep(delay)
            retries_done += 1

    # ------------------------------------------------------------ building a request

    def _build_request(
        self, op: Operation[Any], parts: RequestParts, timeout: httpx.Timeout
    ) -> SafeRequest:
        path_params = parts.get("path_params", _EMPTY)
        query = parts.get("query", _EMPTY)
        query_explode = parts.get("query_explode", _EMPTY)
        headers = parts.get("headers", _EMPTY)
        cookies = parts.get("cookies", _EMPTY)
        json_body = parts.get("json_body", NOT_GIVEN)
        form_body = parts.get("form_body")
        multipart_body = parts.get("multipart_body")
        content = parts.get("content")
        content_type = parts.get("content_type")
        options = parts.get("options", _DEFAULT_OPTIONS)
        url = self.base_url + _fill_path(op.path, path_params)
        items: list[tuple[str, str]] = []
        for name, value in query.items():
            items.extend(_query_items(name, value, query_explode.get(name, True)))
        if options.extra_query:
            overridden = set(options.extra_query)
            items = [(k, v) for k, v in items if k not in overridden]
            for name, value in options.extra_query.items():
                items.extend(_query_items(name, value, True))
        merged = httpx.Headers({"User-Agent": self._user_agent, "Accept": "application/json"})
        merged.update(self._default_headers)
        for name, header_value in headers.items():
            if header_value is not None:
                merged[name] = header_value
        jar = {k: v for k, v in cookies.items() if v is not None}
        body: dict[str, Any] = {}
        if not isinstance(json_body, NotGiven):
            body["content"] = _json_bytes(json_body)
            merged["Content-Type"] = content_type or "application/json"
        elif form_body is not None:
            body["data"] = pydantic_core.to_jsonable_python(form_body, by_alias=True)
        elif multipart_body is not None:
            files = {k: v for k, v in multipart_body.items() if isinstance(v, bytes | tuple)}
            data = {k: v for k, v in multipart_body.items() if k not in files}
            body["files"] = files
            body["data"] = pydantic_core.to_jsonable_python(data, by_alias=True)
        elif content is not None:
            body["content"] = content
            if content_type:
                merged["Content-Type"] = content_type
        if options.extra_headers:
            merged.update(options.extra_headers)
        if op.secured and self._auth is not None and self._credential is not None:
            apply_auth(self._auth, self._credential, merged, items, jar)
        if jar:
            merged["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
        params: list[tuple[str, str | int | float | bool | None]] = list(items)
        request = SafeRequest(
            op.method,
            url,
            params=params,
            headers=merged,
            extensions={"timeout": timeout.as_dict()},
            **body,
        )
        request.redactor = self._redact
        return request

    # ------------------------------------------------------------ timeouts and retries

    def _policy(self, options: RequestOptions) -> RetryPolicy:
        policy = (
            options.retry_policy
            if not isinstance(options.retry_policy, NotGiven)
            else self._retry_policy
        )
        if not isinstance(options.max_retries, NotGiven):
            policy = dataclasses.replace(policy, max_retries=options.max_retries)
        return policy

    def _deadline(self, options: RequestOptions, start: float) -> float | None:
        total = (
            options.total_timeout
            if not isinstance(options.total_timeout, NotGiven)
            else self._total_timeout
        )
        return None if total is None else start + total

    def _attempt_timeout(self, options: RequestOptions, deadline: float | None) -> httpx.Timeout:
        """The configured timeout, clipped to what is left of the call's budget."""
        timeout = (
            self._timeout if isinstance(options.timeout, NotGiven) else _as_timeout(options.timeout)
        )
        if deadline is None:
            return timeout
        remaining = deadline - self._clock()
        if remaining <= 0:
            raise APITimeoutError("the call's total_timeout ran out before the request")

        def clip(value: float | None) -> float:
            return remaining if value is None else min(value, remaining)

        return httpx.Timeout(
            connect=clip(timeout.connect),
            read=clip(timeout.read),
            write=clip(timeout.write),
            pool=clip(timeout.pool),
        )

    def _retry_delay(
        self,
        request: httpx.Request,
        response: httpx.Response | None,
        error: BaseException | None,
        retries_done: int,
        policy: RetryPolicy,
        deadline: float | None,
    ) -> float | None:
        """Seconds to wait before the next attempt, or None to stop here."""
        if response is not None and 200 <= response.status_code < 400:
            return None
        if retries_done >= policy.max_retries:
            return None
        if not is_retryable(request.method, response, error):
            return None
        delay = backoff_delay(policy, retries_done, response, self._random)
        if deadline is not None and self._clock() + delay >= deadline:
            # The wait would end past the call's budget: give up now, not later.
            return None
        reason = f"status {response.status_code}" if response is not None else type(error).__name__
        logger.debug(
            "retrying %s %s after %s (retry %d of %d) in %.2f s",
            request.method,
            self._redact(str(request.url)),
            reason,
            retries_done + 1,
            policy.max_retries,
            delay,
        )
        return delay

    def _transport_error(self, exc: httpx.HTTPError, request: httpx.Request) -> APIError:
        text = self._redact(f"{request.method} {request.url}: {type(exc).__name__}: {exc}")
        if isinstance(exc, httpx.TimeoutException):
            return APITimeoutError(f"timed out: {text}", request=request)
        return APIConnectionError(f"connection failed: {text}", request=request)

    def _check_size(self, request: httpx.Request, seen: int) -> None:
        if seen > self._max_response_bytes:
            raise ResponseTooLargeError(
                f"the response to {request.method} {self._redact(str(request.url))} is over "
                f"{self._max_response_bytes} bytes (max_response_bytes); refused",
                request=request,
            )

    def _declared_too_large(self, response: httpx.Response, request: httpx.Request) -> None:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and "content-encoding" not in response.headers:
            self._check_size(request, int(declared))

    def _log(self, request: httpx.Request, response: httpx.Response, started: float) -> None:
        logger.debug(
            "%s %s -> %d in %.0f ms",
            request.method,
            self._redact(str(request.url)),
            response.status_code,
            (self._clock() - started) * 1000,
        )

    # ------------------------------------------------------------ reading the answer

    def _answer(
        self, op: Operation[T], request: httpx.Request, response: httpx.Response
    ) -> RawResponse[T]:
        """A RawResponse for 2xx (parsed lazily); the typed error for anything else."""
        status = response.status_code
        if not 200 <= status < 300:
            raise self._status_error(op, request, response)

        def parse() -> T:
            return self._parse_success(op, request, response)

        return RawResponse(response, parse)

    def _parse_success(
        self, op: Operation[T], request: httpx.Request, response: httpx.Response
    ) -> T:
        spec = success_spec(op, response.status_code)
        content = response.content
        result: Any
        if spec is None or spec.kind == "empty":
            result = None
        elif spec.kind == "text":
            result = response.text
        elif spec.kind == "bytes":
            result = content
        else:
            try:
                result = spec.adapter.validate_json(content)
            except pydantic.ValidationError as exc:
                raise ResponseValidationError(
                    f"the {response.status_code} answer to {op.name} does not fit its model: "
                    f"{exc.error_count()} error(s), first: {_first_error(exc)}",
                    request=request,
                    response=response,
                    raw_body=content,
                    errors=exc.errors(include_url=False),
                ) from None
        return result  # type: ignore[no-any-return]

    def _status_error(
        self, op: Operation[Any], request: httpx.Request, response: httpx.Response
    ) -> APIStatusError:
        body = _error_body(lookup(op.errors, response.status_code), response)
        detail = response.text[:300].replace("\n", " ")
        message = self._redact(
            f"{response.status_code} from {request.method} {request.url}: {detail}"
        )
        return error_class(response.status_code)(
            message, request=request, response=response, body=body
        )


def _as_timeout(value: TimeoutTypes | NotGiven) -> httpx.Timeout:
    if isinstance(value, httpx.Timeout):
        return value
    if isinstance(value, NotGiven):
        return DEFAULT_TIMEOUT
    return httpx.Timeout(value)


def _text(value: object) -> str:
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, _dt.datetime | _dt.date | _dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return str(value)


def _fill_path(template: str, params: Mapping[str, object]) -> str:
    """Each value is one path segment: ``/``, ``?``, ``#`` and dot segments are encoded."""
    path = template
    for name, value in params.items():
        segment = quote(_text(value), safe="")
        if segment in (".", ".."):
            segment = segment.replace(".", "%2E")
        path = path.replace("{" + name + "}", segment)
    return path


def _query_items(name: str, value: object, explode: bool) -> list[tuple[str, str]]:
    """Form style, the OpenAPI default: repeat the key (explode) or join with commas."""
    if value is None:
        return []
    if isinstance(value, list | tuple | set | frozenset):
        values = [_text(v) for v in value if v is not None]
        return [(name, v) for v in values] if explode else [(name, ",".join(values))]
    if isinstance(value, Mapping):
        pairs = [(str(k), _text(v)) for k, v in value.items() if v is not None]
        if explode:
            return pairs
        return [(name, ",".join(part for pair in pairs for part in pair))]
    return [(name, _text(value))]


def _json_bytes(body: object) -> bytes:
    if isinstance(body, pydantic.BaseModel):
        return body.model_dump_json(by_alias=True, exclude_unset=True).encode()
    return pydantic_core.to_json(body, by_alias=True)


def _error_body(declared: Any, response: httpx.Response) -> object:
    content = response.content
    if declared is not None:
        try:
            return adapter_for(declared).validate_json(content)
        except pydantic.ValidationError:
            pass
    try:
        return json.loads(content)
    except ValueError:
        return response.text


def _first_error(exc: pydantic.ValidationError) -> str:
    first = exc.errors(include_url=False)[0]
    location = ".".join(str(p) for p in first.get("loc", ()))
    return f"{location or '(body)'}: {first.get('msg', '')}"
