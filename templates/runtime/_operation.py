"""What generated code declares once per operation, and the options of one call."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from pydantic import TypeAdapter

from ._retry import RetryPolicy
from ._types import NOT_GIVEN, NotGiven, TimeoutTypes

T = TypeVar("T")
V = TypeVar("V")


@dataclass(frozen=True)
class ResponseSpec(Generic[T]):
    """How one declared response body is read."""

    kind: Literal["json", "text", "bytes", "empty", "events", "lines"]
    # For "json": validates the body; for "lines", each line. None reads plain JSON.
    adapter: TypeAdapter[T] | None = None


@dataclass(frozen=True)
class Operation(Generic[T]):
    """One API operation; ``T`` is what a successful call returns."""

    name: str  # the Python method name, for logs and messages
    method: str  # "GET"
    # "/jobs/manual/{job_id}"; kept as the spec writes it, trailing slash included.
    path: str
    # Keyed "200", "2XX" or "default"; see lookup().
    responses: Mapping[str, ResponseSpec[Any]]
    # Declared bodies of non-2xx answers, same keys.
    errors: Mapping[str, TypeAdapter[Any]]
    # Whether the client's credential is sent with it.
    secured: bool


def lookup(table: Mapping[str, V], status_code: int) -> V | None:
    """The entry for a status: exact ("404"), then its range ("4XX"), then "default"."""
    for key in (str(status_code), f"{status_code // 100}XX", f"{status_code // 100}xx"):
        if key in table:
            return table[key]
    return table.get("default")


@dataclass(frozen=True)
class RequestOptions:
    """Per-call settings; NOT_GIVEN means "as the client is configured"."""

    extra_headers: Mapping[str, str] | None = None
    extra_query: Mapping[str, object] | None = None
    timeout: TimeoutTypes | NotGiven = NOT_GIVEN
    max_retries: int | NotGiven = NOT_GIVEN
    retry_policy: RetryPolicy | NotGiven = NOT_GIVEN
    # Seconds for the whole call, retries and waits included; None: no limit.
    total_timeout: float | NotGiven | None = NOT_GIVEN
