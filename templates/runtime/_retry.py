"""When to retry a request, and how long to wait first.

Defaults follow what users of the Stainless SDKs know (408, 409, 429 and 5xx, connection
errors and timeouts; 2 retries; exponential backoff with jitter; the server's
``retry-after-ms`` / ``Retry-After`` when it gives a sane one), with what they ask for:
every number is configurable per client and per call, and only idempotent methods are
retried unless the server says ``x-should-retry: true``.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"})
RETRY_STATUSES = frozenset({408, 409, 429})


@dataclass(frozen=True)
class RetryPolicy:
    """How many times to retry and how the wait grows."""

    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    # Fraction of the delay taken off at random, so many clients do not retry in step.
    jitter: float = 0.25
    # A server hint longer than this is not trusted; the backoff is used instead.
    max_retry_after: float = 60.0


def is_retryable(method: str, response: httpx.Response | None, error: BaseException | None) -> bool:
    if response is not None:
        override = response.headers.get("x-should-retry", "").lower()
        if override == "true":
            return True
        if override == "false":
            return False
        if method not in IDEMPOTENT_METHODS:
            return False
        return response.status_code in RETRY_STATUSES or response.status_code >= 500
    if isinstance(error, httpx.ConnectError | httpx.ConnectTimeout):
        # Nothing reached the server: safe to try again whatever the method.
        return True
    return method in IDEMPOTENT_METHODS and isinstance(
        error, httpx.TimeoutException | httpx.TransportError
    )


def server_hint(
    headers: httpx.Headers, wall_clock: Callable[[], float] = time.time
) -> float | None:
    """Seconds the server asks us to wait, from ``retry-after-ms`` or ``Retry-After``."""
    millis = headers.get("retry-after-ms")
    if millis is not None:
        try:
            return float(millis) / 1000.0
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    seconds = float(when.timestamp()) - wall_clock()
    return seconds


def backoff_delay(
    policy: RetryPolicy,
    retries_done: int,
    response: httpx.Response | None,
    random: Callable[[], float],
) -> float:
    if response is not None:
        hint = server_hint(response.headers)
        if hint is not None and 0 <= hint <= policy.max_retry_after:
            return hint
    base = min(policy.initial_delay * 2.0**retries_done, policy.max_delay)
    return base * (1 - policy.jitter * random())
