"""When a failed attempt is tried again, and how long to wait first.

Pure functions of the method, the answer and the policy, so the sync and async clients
share them and tests can check every decision without a network.
"""

from __future__ import annotations

import email.utils
import math
import random as _random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

# Sending one of these twice does no more than sending it once (RFC 9110, 9.2.2).
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
# Timeout, lock conflict, rate limit: worth another try. So is any 5xx.
RETRY_STATUSES = frozenset({408, 409, 429})


@dataclass(frozen=True)
class RetryPolicy:
    """How many times a call is retried and how the wait between attempts grows.

    The n-th retry (n from 0) waits ``min(initial_delay * 2**n, max_delay)``, shortened by
    up to ``jitter`` of itself at random so that many clients do not retry in step. A
    server's ``retry-after-ms`` / ``Retry-After`` wins when it lies within
    ``0 .. max_retry_after`` seconds.
    """

    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    jitter: float = 0.25
    max_retry_after: float = 60.0
    # Where the jitter comes from; a test passes a constant.
    random: Callable[[], float] = field(
        default=_random.random, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise ValueError(f"max_retries must be >= 0, not {self.max_retries}")
        if self.initial_delay < 0 or self.max_delay < 0 or self.max_retry_after < 0:
            raise ValueError("delays must be >= 0")
        if not 0.0 <= self.jitter <= 1.0:
            raise ValueError(f"jitter must be within 0..1, not {self.jitter}")

    def backoff(self, retries_done: int) -> float:
        """The exponential wait before retry number ``retries_done`` (from 0), jittered."""
        base = min(self.initial_delay * 2.0**retries_done, self.max_delay)
        return base * (1.0 - self.jitter * self.random())

    def delay(
        self,
        retries_done: int,
        headers: httpx.Headers | None,
        *,
        now: Callable[[], float] = time.time,
    ) -> float:
        """Seconds to wait before the next attempt: the server's hint if sane, else backoff."""
        hint = None if headers is None else retry_after(headers, now=now)
        if hint is not None and 0.0 <= hint <= self.max_retry_after:
            return hint
        return self.backoff(retries_done)


def retry_after(
    headers: httpx.Headers, *, now: Callable[[], float] = time.time
) -> float | None:
    """The wait a server asks for: ``retry-after-ms``, else ``Retry-After`` in seconds or as
    an HTTP date (relative to the wall clock ``now``). None when absent or unreadable.
    """
    millis = _finite(headers.get("retry-after-ms"))
    if millis is not None:
        return millis / 1000.0
    value = headers.get("retry-after")
    if value is None:
        return None
    seconds = _finite(value)
    if seconds is not None:
        return seconds
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT; an odd one without a zone too
        return None
    return when.timestamp() - now()


def _finite(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _should_retry_header(headers: httpx.Headers) -> bool | None:
    """The server's own verdict, ``x-should-retry: true|false``, when it gives one."""
    verdict = headers.get("x-should-retry", "").strip().lower()
    return {"true": True, "false": False}.get(verdict)


def retryable_response(method: str, response: httpx.Response) -> bool:
    """Whether a non-2xx answer is worth another attempt."""
    verdict = _should_retry_header(response.headers)
    if verdict is not None:
        # The server knows whether the request had an effect: trust it, either way and
        # for any method (this is how a POST gets retried).
        return verdict
    if method.upper() not in IDEMPOTENT_METHODS:
        # A POST that starts a job costs money: only a refusal the server answers
        # before acting (rate limited) is sent again.
        return response.status_code == 429
    return response.status_code in RETRY_STATUSES or response.status_code >= 500


# Failures a second attempt may not meet: timeouts, network trouble, a connection the
# server closed under us. Not, say, an unsupported URL scheme or a local protocol error.
_TRANSIENT_ERRORS = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
)


# Failures before any byte of the request left: no connection was made (refused, or
# not made in time) or none was free in the pool. The server cannot have acted.
_NOT_SENT_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def retryable_error(method: str, error: httpx.RequestError) -> bool:
    """Whether a request that got no answer is worth another attempt: any transient
    failure for an idempotent method, only one before sending for the others."""
    if method.upper() in IDEMPOTENT_METHODS:
        return isinstance(error, _TRANSIENT_ERRORS)
    return isinstance(error, _NOT_SENT_ERRORS)


def may_have_acted(method: str, error: httpx.RequestError) -> bool:
    """Whether a request of a method that is not idempotent (a POST that starts a
    job) failed after it may have reached the server, which may then have acted."""
    return method.upper() not in IDEMPOTENT_METHODS and not isinstance(
        error, (*_NOT_SENT_ERRORS, httpx.UnsupportedProtocol, httpx.LocalProtocolError)
    )
