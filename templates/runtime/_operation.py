"""What generated code declares once per operation, and what a call hands back.

Response and error types are given as plain Python types; their pydantic adapters are
built on first use, so importing a vendor module stays cheap.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Generic, Literal, TypeVar

import httpx
from pydantic import TypeAdapter

from ._retry import RetryPolicy
from ._types import NOT_GIVEN, NotGiven, TimeoutTypes

T = TypeVar("T")

_ADAPTERS: dict[Any, TypeAdapter[Any]] = {}


def adapter_for(tp: Any) -> TypeAdapter[Any]:
    """One TypeAdapter per type, built when first needed."""
    try:
        found = _ADAPTERS.get(tp)
    except TypeError:  # an unhashable type expression
        return TypeAdapter(tp)
    if found is None:
        found = _ADAPTERS[tp] = TypeAdapter(tp)
    return found


@dataclass(frozen=True)
class ResponseSpec:
    """How a response body is read: JSON into ``type``, text, bytes or nothing."""

    kind: Literal["json", "text", "bytes", "empty"]
    type: Any = None

    @cached_property
    def adapter(self) -> TypeAdapter[Any]:
        return adapter_for(self.type if self.type is not None else Any)


@dataclass(frozen=True)
class Operation(Generic[T]):
    """One API operation, declared at module level by generated code."""

    name: str
    method: str
    path: str
    # "200", "2XX" or "default" -> how to read the body.
    responses: Mapping[str, ResponseSpec]
    # Declared bodies of error responses, same keys.
    errors: Mapping[str, Any]
    secured: bool


def lookup(table: Mapping[str, Any], status: int) -> Any | None:
    """Exact status, then its range (``4XX``), then ``default``."""
    for key in (str(status), f"{status // 100}XX", "default"):
        if key in table:
            return table[key]
    return None


def success_spec(op: Operation[Any], status: int) -> ResponseSpec | None:
    """The declared reading of a 2xx; an undeclared one (299) reads as the first declared."""
    found: ResponseSpec | None = lookup(op.responses, status)
    if found is None and op.responses:
        found = next(iter(op.responses.values()))
    return found


@dataclass(frozen=True)
class RequestOptions:
    """Per-call options; NOT_GIVEN means "as the client is configured"."""

    extra_headers: Mapping[str, str] | None = None
    extra_query: Mapping[str, object] | None = None
    timeout: TimeoutTypes | NotGiven = NOT_GIVEN
    max_retries: int | NotGiven = NOT_GIVEN
    retry_policy: RetryPolicy | NotGiven = NOT_GIVEN
    total_timeout: float | NotGiven | None = NOT_GIVEN


class RawResponse(Generic[T]):
    """The httpx response of a call together with its parsed body."""

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
    def content(self) -> bytes:
        return self.http_response.content

    def json(self) -> Any:
        return json.loads(self.http_response.content)

    def parse(self) -> T:
        """The body as the operation's model (parsed once, then cached)."""
        if isinstance(self._parsed, NotGiven):
            self._parsed = self._parser()
        return self._parsed

    def __repr__(self) -> str:
        return f"<RawResponse [{self.status_code}]>"
