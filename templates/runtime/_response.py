"""Reading an answer: its body under the size cap, the parsed result, the typed error."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import httpx

from ._auth import redact
from ._errors import (
    APIStatusError,
    ResponseTooLargeError,
    ResponseValidationError,
    error_for_status,
    request_id_of,
)
from ._operation import BodyType, Operation, ResponseSpec, lookup
from ._streams import iter_events, iter_lines
from ._types import NOT_GIVEN, NotGiven

T = TypeVar("T")

_EXCERPT = 300  # characters of an error body quoted in its exception's message


class RawResponse(Generic[T]):
    """The httpx response of a successful call, with its body parsed on demand."""

    def __init__(self, http_response: httpx.Response, parser: Callable[[], T]) -> None:
        self.http_response = http_response
        self._parser = parser
        self._parsed: T | NotGiven = NOT_GIVEN

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        return request_id_of(self.http_response.headers)

    def parse(self) -> T:
        """The body as the operation declares it; parsed on the first call, then cached."""
        if isinstance(self._parsed, NotGiven):
            self._parsed = self._parser()
        return self._parsed

    def __repr__(self) -> str:
        return f"<RawResponse [{self.status_code}]>"


class CappedBody:
    """Collects a streamed body, refusing it as soon as it passes ``limit`` bytes.

    Fed the *decoded* chunks, so a small compressed body that inflates past the limit (a
    gzip bomb) is refused as well, after at most one chunk's worth of inflation.
    """

    def __init__(
        self, request: httpx.Request, response: httpx.Response, limit: int
    ) -> None:
        self._request = request
        self._response = response
        self._limit = limit
        self._chunks: list[bytes] = []
        self._seen = 0
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and "content-encoding" not in response.headers:
            # An honest Content-Length over the cap: refuse before reading a byte.
            self._check(int(declared))

    def feed(self, chunk: bytes) -> None:
        self._seen += len(chunk)
        self._check(self._seen)
        self._chunks.append(chunk)

    def finish(self) -> None:
        """Make the body available as ``response.content``, as ``response.read()`` would.

        httpx has no public way to hand a response the bytes we streamed; ``_content`` is
        what its own ``read()`` sets.
        """
        self._response._content = b"".join(self._chunks)

    def _check(self, size: int) -> None:
        if size > self._limit:
            request = self._request
            raise ResponseTooLargeError(
                redact(
                    f"the response to {request.method} {request.url} is larger than "
                    f"max_response_bytes ({self._limit}); refused"
                ),
                request=request,
                limit=self._limit,
            )


def _success_spec(
    op: Operation[Any], response: httpx.Response
) -> ResponseSpec[Any] | None:
    found = lookup(op.responses, response.status_code)
    if found is not None or not response.content:
        return found
    # A 2xx the spec does not list (a 299), with a body: read it as the declared success.
    return next(
        (spec for key, spec in op.responses.items() if key.startswith("2")), None
    )


def parse_success(
    op: Operation[T], request: httpx.Request, response: httpx.Response
) -> T:
    """The body of a 2xx as the operation declares it."""
    spec = _success_spec(op, response)
    content = response.content
    result: Any
    if spec is None or spec.kind == "empty":
        result = None
    elif spec.kind == "text":
        result = response.text
    elif spec.kind == "bytes":
        result = content
    elif spec.kind == "events":
        result = iter_events(response.text)
    elif spec.kind == "lines":
        result = iter_lines(content, None if spec.body is None else spec.body.adapter)
    elif spec.body is None:
        try:
            result = json.loads(content)
        except ValueError as exc:
            error = {"type": "json_invalid", "msg": str(exc)}
            raise invalid_response(op, request, response, [error]) from None
    else:
        adapter = spec.body.adapter  # loads pydantic and the models on first use
        from pydantic import ValidationError

        try:
            result = adapter.validate_json(content)
        except ValidationError as exc:
            errors = exc.errors(include_url=False, include_input=False)
            raise invalid_response(op, request, response, list(errors)) from None
    # T is the operation's declared type; the specs above are what declares it.
    return result  # type: ignore[no-any-return]


def invalid_response(
    op: Operation[Any],
    request: httpx.Request,
    response: httpx.Response,
    errors: list[Any],
) -> ResponseValidationError:
    first = errors[0] if errors else {}
    where = ".".join(str(part) for part in first.get("loc", ())) or "body"
    message = (
        f"{op.name}: the {response.status_code} response does not match its declared type "
        f"({len(errors)} error(s); first at {where}: {first.get('msg', 'invalid')})"
    )
    return ResponseValidationError(
        redact(message),
        request=request,
        response=response,
        raw_body=response.content,
        errors=errors,
    )


def error_body(declared: BodyType[Any] | None, response: httpx.Response) -> object:
    """A non-2xx body: its declared model, else its JSON, else its text; None if empty."""
    content = response.content
    if not content:
        return None
    if declared is not None:
        adapter = declared.adapter
        from pydantic import ValidationError

        try:
            return adapter.validate_json(content)
        except ValidationError:
            pass  # the vendor answered off-spec; still give the caller what it sent
    try:
        return json.loads(content)
    except ValueError:
        return response.text


def status_error(
    op: Operation[Any], request: httpx.Request, response: httpx.Response
) -> APIStatusError:
    """The typed error for a non-2xx answer."""
    status = response.status_code
    reason = f" {response.reason_phrase}" if response.reason_phrase else ""
    message = redact(
        f"{status}{reason} from {request.method} {request.url} ({op.name})"
    )
    # Redacted before it is cut, so a credential the server echoes is never half shown.
    excerpt = " ".join(redact(response.text).split())
    if excerpt:
        if len(excerpt) > _EXCERPT:
            excerpt = excerpt[:_EXCERPT] + "..."
        message = f"{message}: {excerpt}"
    return error_for_status(status)(
        message,
        request=request,
        response=response,
        body=error_body(lookup(op.errors, status), response),
    )
